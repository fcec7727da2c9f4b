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
//! - `rules`: the rules of the renderer's warnings.

pub mod assets;
mod context;
pub(crate) mod contract;
mod i18n;
mod licence_name;
pub mod markdown;
pub mod override_check;
mod pages;
pub mod rules;
pub mod state;
mod templates;

use crate::course::check::languages;
use crate::course::model::Course;
use crate::diag::Diagnostic;
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
    /// The renderer's warnings, on `course.yaml` (see [`rules`]).
    pub warnings: Vec<Diagnostic>,
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
        let since = std::time::Instant::now();
        let mut warnings = Vec::new();
        let strings = i18n::load(tpl, lang, &mut warnings)?;
        let assets = assets::collect(course, tpl.course_dir(), &mut warnings)?;
        crate::timing::stage(&format!("render {lang}: strings and assets"), since);

        let mut builder = context::Builder::new(course, &keys, lang, &strings, &assets);
        for (reserved, id) in [
            (CREDITS, &builder.credits_id),
            (RESULTS, &builder.results_id),
        ] {
            if reserved != id {
                warnings.push(Diagnostic::new(
                    rules::ID_RESERVED,
                    &tpl.course_dir().join(crate::course::COURSE_FILE),
                    None,
                    format!(
                        "the course uses the id `{reserved}`, which the player uses for its own page; that page is `{id}` instead"
                    ),
                ));
            }
        }
        let mut since = std::time::Instant::now();
        let data = context::script_json(&builder.data());
        crate::timing::stage(&format!("render {lang}: player data"), since);
        let hb = self.prepare()?;
        let html = match &self.pages {
            // Only the built-in page templates are known to take the
            // spliced pages (an override could use any field).
            Some(pages) if !tpl.overrides().keys().any(|k| k.ends_with(".hbs")) => {
                let ctx = pages.memoized(|| builder.page_context_typed(data));
                crate::timing::stage(&format!("render {lang}: page context"), since);
                since = std::time::Instant::now();
                pages.render(tpl, hb, lang, ctx)?
            }
            pages => {
                let ctx = match pages {
                    Some(pages) => pages.memoized(|| builder.page_context(data)),
                    None => builder.page_context(data),
                };
                crate::timing::stage(&format!("render {lang}: page context"), since);
                since = std::time::Instant::now();
                tpl.render(hb, templates::INDEX, &ctx)?
            }
        };
        crate::timing::stage(&format!("render {lang}: templates"), since);

        let mut files = vec![
            PackageFile::bytes(LAUNCH, html),
            PackageFile::bytes(
                "player/player.css",
                tpl.bytes("player/player.css")?.into_owned(),
            ),
            PackageFile::bytes("player/player.js", player_script(tpl)?),
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
        append_with_requires(tpl, "runtime", &rel, &mut out)?;
    }
    Ok(out)
}

/// `player/player.js`: the player's modules its first lines name
/// (`// requires: lib/core.js, ...`, each once, in order), then the file itself.
/// Each module can be overridden on its own (`templates/player/lib/<name>.js`);
/// an override of `player/player.js` without `// requires:` lines is the
/// whole player.
fn player_script(tpl: &templates::Templates) -> Result<Vec<u8>, RenderError> {
    let mut out = Vec::new();
    append_with_requires(tpl, "player", "player/player.js", &mut out)?;
    Ok(out)
}

/// Appends the libraries `folder/<main>` names on its leading `// requires:`
/// lines (paths `lib/<name>.js` under `folder`, each once, in order), then the
/// file itself, each part starting on a new line.
fn append_with_requires(
    tpl: &templates::Templates,
    folder: &str,
    main: &str,
    out: &mut Vec<u8>,
) -> Result<(), RenderError> {
    let adapter = tpl.bytes(main)?;
    let mut parts = Vec::new();
    let mut libs = required_libraries(&adapter);
    let mut seen = std::collections::BTreeSet::new();
    libs.retain(|lib| seen.insert(lib.clone()));
    for lib in libs {
        let lib_rel = format!("{folder}/{lib}");
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
                file: tpl.describe(main),
                message: format!(
                    "a `// requires:` line names `{lib}`, which is not a library in templates/{folder}/lib/ (write `// requires: lib/<name>.js, ...`)"
                ),
            });
        }
        parts.push(tpl.bytes(&lib_rel)?);
    }
    parts.push(adapter);
    for part in parts {
        if !out.is_empty() && !out.ends_with(b"\n") {
            out.push(b'\n');
        }
        out.extend_from_slice(&part);
    }
    Ok(())
}

/// The libraries a script names on its leading lines: `// requires: a, b`
/// (one or more such lines, before any other).
fn required_libraries(script: &[u8]) -> Vec<String> {
    let mut out = Vec::new();
    for line in script.split(|&b| b == b'\n') {
        let line = String::from_utf8_lossy(line);
        let Some(list) = line.trim().strip_prefix("// requires:") else {
            break;
        };
        out.extend(
            list.split(',')
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty()),
        );
    }
    out
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The player script of a course folder `dir` whose `rel` is `text`.
    fn with_override(dir: &Path, rel: &str, text: &str) -> Result<Vec<u8>, RenderError> {
        let path = dir.join(rel);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, text).expect("write");
        player_script(&templates::Templates::new(dir))
    }

    #[test]
    fn the_player_is_its_modules_in_order_then_player_js() {
        let tpl = templates::Templates::new(Path::new("/nonexistent"));
        let main = tpl.text("player/player.js").expect("player.js");
        let libs = required_libraries(main.as_bytes());
        assert!(libs.len() > 10, "player.js names its modules: {libs:?}");
        let script = String::from_utf8(player_script(&tpl).expect("player")).expect("utf-8");
        let mut at = 0;
        for lib in &libs {
            let text = tpl.text(&format!("player/{lib}")).expect("module");
            let found = script[at..].find(&text).expect("each module, in order");
            at += found + text.len();
        }
        assert!(script.ends_with(&main), "player.js itself comes last");
        for ty in [
            "single-choice",
            "multiple-response",
            "true-false",
            "likert",
            "fill-in",
            "numeric",
            "matching",
            "sequencing",
        ] {
            assert!(libs.contains(&format!("lib/question-{ty}.js")), "{ty}");
        }
    }

    #[test]
    fn a_course_overrides_one_player_module() {
        let dir = tempfile::tempdir().expect("temp dir");
        let script = with_override(
            dir.path(),
            "templates/player/lib/question-likert.js",
            "/* our likert */\n",
        );
        let script = String::from_utf8(script.expect("player")).expect("utf-8");
        assert!(script.contains("/* our likert */\n"));
        assert!(
            !script.contains("name: 'likert'"),
            "the built-in module is replaced"
        );
        assert!(script.contains("name: 'matching'"), "the others stay");
    }

    #[test]
    fn a_whole_player_override_without_requires_is_the_whole_player() {
        let dir = tempfile::tempdir().expect("temp dir");
        let script = with_override(
            dir.path(),
            "templates/player/player.js",
            "console.log(1);\n",
        );
        assert_eq!(script.expect("player"), b"console.log(1);\n");
    }

    #[test]
    fn a_module_that_does_not_exist_is_an_error_naming_the_file() {
        let dir = tempfile::tempdir().expect("temp dir");
        let err = with_override(
            dir.path(),
            "templates/player/player.js",
            "// requires: lib/core.js\n// requires: lib/nope.js\nboot();\n",
        )
        .expect_err("unknown module")
        .to_string();
        assert!(err.contains("lib/nope.js"), "{err}");
        assert!(err.contains("templates/player/player.js"), "{err}");
        for bad in ["../secret.js", "lib/../../x.js", "lib/Up.js", "lib/a/b.js"] {
            let script = with_override(
                dir.path(),
                "templates/player/player.js",
                &format!("// requires: {bad}\n"),
            );
            assert!(script.is_err(), "{bad}");
        }
    }
}
