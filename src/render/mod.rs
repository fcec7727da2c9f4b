//! Rendering: course × language × tracking runtime → the player's files.
//!
//! One HTML page per package (`index.html`) holds every page of the course,
//! rendered server-side with handlebars (strict mode, HTML escaping on), and
//! the data the player script needs as JSON. The player's CSS and script, the
//! tracking adapter for the runtime and the course's media complete the
//! package. Templates, scripts and UI strings are embedded in the binary and
//! can be overridden per course (`templates/README.md`).
//!
//! - `markdown`: course markdown → safe HTML.
//! - `context`: the template context and the player data.
//! - `templates`: embedded files and course overrides, the handlebars registry.
//! - `i18n`: the player's UI strings.
//! - `assets`: the course's media files and their package paths.
//! - `state`: the resume-state format and its worst-case length.

pub mod assets;
mod context;
mod i18n;
mod licence_name;
pub mod markdown;
pub mod override_check;
mod pages;
pub mod state;
mod templates;

use crate::course::check::languages;
use crate::course::model::Course;
use crate::package::PackageFile;
use handlebars::Handlebars;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

pub use context::{CREDITS, RESULTS};

/// What to render.
pub struct RenderRequest<'a> {
    /// A course that checked without errors.
    pub course: &'a Course,
    /// The folder of `course.yaml` (assets and template overrides are there).
    pub course_dir: &'a Path,
    /// One of the course's languages.
    pub lang: &'a str,
    /// The tracking adapter: `templates/runtime/<runtime>.js` (`none`, `scorm12`,
    /// `scorm2004`, `tincan`, `cmi5`).
    pub runtime: &'a str,
}

/// The files of one package, except the manifest.
pub struct Rendered {
    /// Sorted by path; media as `Content::File`, generated text as `Content::Bytes`.
    pub files: Vec<PackageFile>,
    /// The launch page inside the package.
    pub launch: String,
    /// The longest resume state (in UTF-16 code units) this course can produce.
    pub suspend_worst_case: usize,
    pub warnings: Vec<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    #[error(
        "there is no tracking runtime `{runtime}` (no templates/runtime/{runtime}.js); known runtimes: {known}"
    )]
    UnknownRuntime { runtime: String, known: String },
    #[error(
        "`{lang}` is not a language of this course (it has {known}); build one of those languages"
    )]
    UnknownLanguage { lang: String, known: String },
    #[error("{file}: {message}")]
    Template { file: String, message: String },
    #[error(
        "cannot read the template override {}: {source}; fix the file or remove it to use the built-in one",
        path.display()
    )]
    Override {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error(
        "the built-in template file templates/{file} is missing from this binary; reinstall coursepack"
    )]
    Missing { file: String },
    #[error("asset `{src}`: {message}")]
    Asset { src: String, message: String },
    #[error(
        "question `{question}` has {count} options; the player supports at most {max} (run `coursepack check`)"
    )]
    TooManyOptions {
        question: String,
        count: usize,
        max: usize,
    },
    #[error(transparent)]
    AnswerKey(#[from] crate::question::KeyError),
}

/// The launch page of every package.
pub const LAUNCH: &str = "index.html";
/// The tracking adapter's path inside every package.
pub const RUNTIME_JS: &str = "player/runtime.js";

/// Renders the player for one language and one tracking runtime: the page of
/// [`Renderer::language`] plus the adapter of [`Renderer::runtime`].
pub fn render(req: &RenderRequest) -> Result<Rendered, RenderError> {
    let renderer = Renderer::new(req.course_dir);
    let runtime = renderer.runtime(req.runtime)?;
    let mut rendered = renderer.language(req.course, req.lang)?;
    rendered.files.push(runtime);
    rendered.files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(rendered)
}

/// Renders a course's packages: the templates are registered once and shared
/// by every language (and thread); each language is rendered once and shared
/// by every target, since only `player/runtime.js` differs between targets.
pub struct Renderer {
    tpl: templates::Templates,
    hb: OnceLock<Handlebars<'static>>,
    /// Page by page rendering with a cache (the preview), when asked for.
    pages: Option<pages::Pages>,
}

impl Renderer {
    /// Nothing is read or compiled yet: the templates are registered on first
    /// use (or by [`Renderer::prepare`]), so commands that do not render pay
    /// nothing.
    pub fn new(course_dir: &Path) -> Self {
        Renderer {
            tpl: templates::Templates::new(course_dir),
            hb: OnceLock::new(),
            pages: None,
        }
    }

    /// A renderer for one course rendered again and again (the preview):
    /// each lesson page's HTML is rendered from its own context and kept
    /// while that context stays the same, so an edit of one page renders
    /// that page only. The output is the same as [`Renderer::new`]'s.
    pub fn with_page_cache(course_dir: &Path) -> Self {
        Renderer {
            pages: Some(pages::Pages::default()),
            ..Renderer::new(course_dir)
        }
    }

    /// Registers the page template and its partials (once).
    pub fn prepare(&self) -> Result<&Handlebars<'static>, RenderError> {
        if let Some(hb) = self.hb.get() {
            return Ok(hb);
        }
        let hb = self.tpl.handlebars()?;
        Ok(self.hb.get_or_init(|| hb))
    }

    /// The course's template overrides: path under `templates/` and the file.
    pub fn overrides(&self) -> &std::collections::BTreeMap<String, PathBuf> {
        self.tpl.overrides()
    }

    /// `player/runtime.js` for a tracking runtime (`templates/runtime/<runtime>.js`).
    pub fn runtime(&self, runtime: &str) -> Result<PackageFile, RenderError> {
        Ok(PackageFile::bytes(
            RUNTIME_JS,
            runtime_script(&self.tpl, runtime)?,
        ))
    }

    /// Every file of one language's packages except `player/runtime.js` and
    /// the manifest, sorted by path.
    pub fn language(&self, course: &Course, lang: &str) -> Result<Rendered, RenderError> {
        let langs = languages(course);
        if !langs.iter().any(|l| l == lang) {
            return Err(RenderError::UnknownLanguage {
                lang: lang.to_string(),
                known: langs.join(", "),
            });
        }
        let keys = crate::question::Keys::new(course)?;
        check_option_counts(&keys)?;
        let tpl = &self.tpl;
        let mut warnings = Vec::new();
        let strings = i18n::load(tpl, lang, &mut warnings)?;
        let assets = assets::collect(course, tpl.course_dir(), &mut warnings)?;

        let mut builder = context::Builder::new(course, &keys, lang, &strings, &assets);
        for (reserved, id) in [
            (CREDITS, &builder.credits_id),
            (RESULTS, &builder.results_id),
        ] {
            if reserved != id {
                warnings.push(format!(
                    "the course uses the id `{reserved}`, which the player uses for its own page; that page is `{id}` instead"
                ));
            }
        }
        let since = std::time::Instant::now();
        let data = context::script_json(&builder.data());
        let ctx = match &self.pages {
            Some(pages) => pages.memoized(|| builder.page_context(data)),
            None => builder.page_context(data),
        };
        crate::timing::stage(&format!("render {lang}: page context"), since);
        let hb = self.prepare()?;
        let since = std::time::Instant::now();
        let html = match &self.pages {
            // Only the built-in page templates are known to take the
            // spliced pages (an override could use any field).
            Some(pages) if !tpl.overrides().keys().any(|k| k.ends_with(".hbs")) => {
                pages.render(tpl, hb, lang, ctx)?
            }
            _ => tpl.render(hb, templates::INDEX, &ctx)?,
        };
        crate::timing::stage(&format!("render {lang}: templates"), since);

        let mut files = vec![
            PackageFile::bytes(LAUNCH, html),
            PackageFile::bytes(
                "player/player.css",
                tpl.bytes("player/player.css")?.into_owned(),
            ),
            PackageFile::bytes(
                "player/player.js",
                tpl.bytes("player/player.js")?.into_owned(),
            ),
        ];
        files.extend(assets.files);
        files.sort_by(|a, b| a.path.cmp(&b.path));
        files.dedup_by(|a, b| a.path == b.path);
        Ok(Rendered {
            files,
            launch: LAUNCH.to_string(),
            suspend_worst_case: state::worst_case(course),
            warnings,
        })
    }
}

/// The tracking adapter for `runtime`. Every adapter builds on `none.js`
/// (local storage, the fallback when no LMS is found), so the file is
/// `none.js`, then the shared libraries the adapter names on its first line
/// (`// requires: lib/scorm.js`, each once, in order), then `<runtime>.js`.
/// Libraries live in `runtime/lib/` and are not runtimes themselves (the
/// SCORM library serves both SCORM editions, the xAPI library TinCan and
/// cmi5); written by hand, as a bundler would be a Node build step for a few
/// concatenated files.
fn runtime_script(tpl: &templates::Templates, runtime: &str) -> Result<Vec<u8>, RenderError> {
    let valid = !runtime.is_empty()
        && runtime
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    let rel = format!("runtime/{runtime}.js");
    if !valid || !tpl.exists(&rel) {
        let known: Vec<String> = tpl
            .list("runtime/", false)
            .iter()
            .filter_map(|p| {
                p.strip_prefix("runtime/")?
                    .strip_suffix(".js")
                    .filter(|name| !name.contains('/'))
                    .map(String::from)
            })
            .collect();
        return Err(RenderError::UnknownRuntime {
            runtime: runtime.to_string(),
            known: known.join(", "),
        });
    }
    let mut out = tpl.bytes("runtime/none.js")?.into_owned();
    if runtime != "none" {
        let adapter = tpl.bytes(&rel)?;
        let mut parts = Vec::new();
        let mut libs = required_libraries(&adapter);
        let mut seen = std::collections::BTreeSet::new();
        libs.retain(|lib| seen.insert(lib.clone()));
        for lib in libs {
            let lib_rel = format!("runtime/{lib}");
            let safe = lib.strip_prefix("lib/").is_some_and(|name| {
                name.strip_suffix(".js").is_some_and(|stem| {
                    !stem.is_empty()
                        && stem
                            .bytes()
                            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
                })
            });
            if !safe || !tpl.exists(&lib_rel) {
                return Err(RenderError::Template {
                    file: tpl.describe(&rel),
                    message: format!(
                        "line 1 requires `{lib}`, which is not a library in templates/runtime/lib/ (write `// requires: lib/<name>.js, ...`)"
                    ),
                });
            }
            parts.push(tpl.bytes(&lib_rel)?);
        }
        parts.push(adapter);
        for part in parts {
            if !out.ends_with(b"\n") {
                out.push(b'\n');
            }
            out.extend_from_slice(&part);
        }
    }
    Ok(out)
}

/// The libraries an adapter names on its first line: `// requires: a, b`.
fn required_libraries(adapter: &[u8]) -> Vec<String> {
    let first = adapter.split(|&b| b == b'\n').next().unwrap_or_default();
    let first = String::from_utf8_lossy(first);
    first
        .trim()
        .strip_prefix("// requires:")
        .map(|list| {
            list.split(',')
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty())
                .collect()
        })
        .unwrap_or_default()
}

/// Every question has at most 36 options (one base36 digit in the state and
/// in SCORM 1.2 responses); `coursepack check` enforces it, this guards it.
fn check_option_counts(keys: &crate::question::Keys) -> Result<(), RenderError> {
    for k in keys.all() {
        let count = k.key.option_count();
        if count > state::MAX_OPTIONS {
            return Err(RenderError::TooManyOptions {
                question: k.question.id.value.clone(),
                count,
                max: state::MAX_OPTIONS,
            });
        }
    }
    Ok(())
}
