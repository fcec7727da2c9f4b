//! What the preview serves: the course rendered in memory from its source,
//! re-rendered when a file changes, with the diagnostics of `check` when the
//! course has errors.

use crate::course::{self, model::Course};
use crate::diag::{self, Severity};
use crate::package::Content;
use crate::render::Renderer;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex, RwLock};
use std::time::{Duration, Instant};

/// What changed in the course folder, from the cheapest to the dearest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Change {
    /// A media file: served from disk; checked again (only the files the
    /// watcher named are opened again) and the page reloads.
    Asset,
    /// `course.yaml`: load, check and render the previewed language again.
    Course,
    /// A template override: the templates are registered again, then as
    /// for `Course`.
    Templates,
}

impl Change {
    /// What a change to `path` (inside the course folder `dir`) means.
    pub fn of(dir: &Path, path: &Path) -> Option<Change> {
        let rel = path.strip_prefix(dir).ok()?;
        let first = rel.components().next()?.as_os_str().to_str()?;
        match first {
            course::COURSE_FILE => Some(Change::Course),
            "templates" => Some(Change::Templates),
            // Build output, the preview's own database, version control.
            "dist" | ".coursepack" | ".git" => None,
            _ => Some(Change::Asset),
        }
    }
}

/// One rendering of the course (or the reason there is none).
pub struct Snapshot {
    /// Counts up with every change; the page reloads when it moves.
    pub generation: u64,
    /// Package path → content (`index.html`, `player/…`, the media).
    pub files: HashMap<String, Content>,
    /// The diagnostics in the text `check` prints (no colour), errors first
    /// shown instead of the course.
    pub diagnostics: String,
    pub errors: usize,
    pub warnings: usize,
    /// The previewed language.
    pub lang: String,
    pub info: Option<CourseInfo>,
    /// How long the last re-render took.
    pub took: Duration,
}

/// What the local LMS and LRS need to know about the course.
#[derive(Debug, Clone, serde::Serialize)]
pub struct CourseInfo {
    pub id: String,
    pub iri: String,
    pub title: String,
    pub languages: Vec<String>,
    /// The pass mark in percent, when the course has an assessment.
    pub pass_mark: Option<u32>,
    /// cmi5 `moveOn` of the course's AU.
    pub move_on: &'static str,
}

impl CourseInfo {
    fn of(course: &Course, lang: &str, languages: Vec<String>) -> CourseInfo {
        // The same moveOn the built cmi5.xml carries.
        let move_on = crate::target::cmi5_move_on(course);
        CourseInfo {
            id: course.id.value.clone(),
            iri: course.iri.value.clone(),
            title: course.title.get(lang).cloned().unwrap_or_default(),
            languages,
            pass_mark: course
                .assessment
                .as_ref()
                .map(|a| a.pass_mark.value.min(100)),
            move_on,
        }
    }
}

/// The live site: the current snapshot and a way to wait for the next one.
pub struct Site {
    dir: PathBuf,
    /// The course folder, canonical (as the watcher names paths).
    root: PathBuf,
    runtime: &'static str,
    lang: Option<String>,
    renderer: Mutex<Renderer>,
    /// Keeps the last parse, so an edit inside one page re-reads that page.
    reloader: Mutex<course::Reloader>,
    current: RwLock<Arc<Snapshot>>,
    changed: (Mutex<u64>, Condvar),
}

impl Site {
    /// Renders the course a first time.
    pub fn new(dir: &Path, runtime: &'static str, lang: Option<String>) -> Site {
        let site = Site {
            dir: dir.to_path_buf(),
            root: std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf()),
            runtime,
            lang,
            renderer: Mutex::new(Renderer::with_page_cache(dir)),
            reloader: Mutex::new(course::Reloader::default()),
            current: RwLock::new(Arc::new(Snapshot {
                generation: 0,
                files: HashMap::new(),
                diagnostics: String::new(),
                errors: 0,
                warnings: 0,
                lang: String::new(),
                info: None,
                took: Duration::ZERO,
            })),
            changed: (Mutex::new(0), Condvar::new()),
        };
        site.refresh(Change::Templates);
        site
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Files in the course folder changed (absolute paths, as the watcher
    /// gives them; `None`: it is not known which): the checks open them
    /// again at the next re-render, and only them.
    pub fn files_changed(&self, paths: Option<&[PathBuf]>) {
        let paths = paths.map(|p| p.iter().map(PathBuf::as_path));
        match self.reloader.lock() {
            Ok(mut r) => r.assets_changed(&self.root, paths),
            Err(poisoned) => poisoned.into_inner().assets_changed(&self.root, paths),
        }
    }

    pub fn snapshot(&self) -> Arc<Snapshot> {
        match self.current.read() {
            Ok(s) => Arc::clone(&s),
            Err(poisoned) => Arc::clone(&poisoned.into_inner()),
        }
    }

    /// Re-checks and re-renders what `change` calls for, then wakes every
    /// page waiting for a change. Returns the new snapshot.
    pub fn refresh(&self, change: Change) -> Arc<Snapshot> {
        let since = Instant::now();
        let generation = self.snapshot().generation + 1;
        // Every change is checked again, an asset's too (a picture replaced
        // by a text file must show as an error at once). The checks remember
        // what they found in the assets the watcher did not name, and the
        // page cache keeps every page whose context did not change, so this
        // costs about what a one-page edit does.
        let mut renderer = match self.renderer.lock() {
            Ok(r) => r,
            Err(poisoned) => poisoned.into_inner(),
        };
        if change == Change::Templates {
            *renderer = Renderer::with_page_cache(&self.dir);
        }
        let mut s = self.render(&renderer, generation);
        drop(renderer);
        s.took = since.elapsed();
        let snapshot = Arc::new(s);
        match self.current.write() {
            Ok(mut c) => *c = Arc::clone(&snapshot),
            Err(poisoned) => *poisoned.into_inner() = Arc::clone(&snapshot),
        }
        let (lock, cvar) = &self.changed;
        match lock.lock() {
            Ok(mut g) => *g = generation,
            Err(poisoned) => *poisoned.into_inner() = generation,
        }
        cvar.notify_all();
        snapshot
    }

    /// Waits (at most `timeout`) until the generation is past `seen`;
    /// returns the current generation.
    pub fn wait_past(&self, seen: u64, timeout: Duration) -> u64 {
        let (lock, cvar) = &self.changed;
        let guard = match lock.lock() {
            Ok(g) => g,
            Err(poisoned) => poisoned.into_inner(),
        };
        match cvar.wait_timeout_while(guard, timeout, |g| *g <= seen) {
            Ok((g, _)) => *g,
            Err(poisoned) => *poisoned.into_inner().0,
        }
    }

    fn render(&self, renderer: &Renderer, generation: u64) -> Snapshot {
        let mut snap = Snapshot {
            generation,
            files: HashMap::new(),
            diagnostics: String::new(),
            errors: 0,
            warnings: 0,
            lang: self.lang.clone().unwrap_or_default(),
            info: None,
            took: Duration::ZERO,
        };
        let since = Instant::now();
        let loaded = match self.reloader.lock() {
            Ok(mut r) => r.load_and_check(&self.dir),
            Err(poisoned) => poisoned.into_inner().load_and_check(&self.dir),
        };
        crate::timing::stage("load and check", since);
        let checked = match loaded {
            Ok(c) => c,
            Err(e) => {
                snap.errors = 1;
                snap.diagnostics = format!("error: {e}\n  = help: {}\n", e.hint());
                return snap;
            }
        };
        let summary = diag::summarize(&checked.diagnostics);
        snap.errors = summary.errors;
        snap.warnings = summary.warnings;
        let mut text = String::new();
        // Errors first, as the page shows them instead of the course.
        for severity in [Severity::Error, Severity::Warning] {
            for d in checked
                .diagnostics
                .iter()
                .filter(|d| d.severity == severity)
            {
                text.push_str(&diag::render_text(d, &checked.sources, false));
                text.push_str("\n\n");
            }
        }
        snap.diagnostics = text;
        // Freeing the course (a thousand pages) takes a while.
        let free = crate::parallel::drop_in_background::<course::Checked>;
        let Some(course) = checked.course.as_ref().filter(|_| !checked.has_errors()) else {
            free(checked);
            return snap;
        };
        let languages = crate::course::check::languages(course);
        let lang = match &self.lang {
            Some(l) => l.clone(),
            None => languages.first().cloned().unwrap_or_default(),
        };
        snap.info = Some(CourseInfo::of(course, &lang, languages));
        snap.lang = lang.clone();
        let rendered = renderer
            .language(course, &lang)
            .and_then(|r| Ok((r, renderer.runtime(self.runtime)?)));
        free(checked);
        match rendered {
            Ok((rendered, runtime)) => {
                for w in &rendered.warnings {
                    snap.diagnostics
                        .push_str(&format!("warning: {}\n\n", w.message));
                    snap.warnings += 1;
                }
                for f in rendered.files.into_iter().chain([runtime]) {
                    snap.files.insert(f.path, f.content);
                }
            }
            Err(e) => {
                snap.errors += 1;
                snap.info = None;
                snap.diagnostics = format!("error: {e}\n\n{}", snap.diagnostics);
            }
        }
        snap
    }
}
