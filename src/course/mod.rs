//! The course: its format, loading it from YAML, and checking it.

pub(crate) mod check;
pub(crate) mod content;
pub(crate) mod gate;
pub(crate) mod ids;
pub mod load;
pub(crate) mod located;
pub mod model;
pub(crate) mod objectives;
pub(crate) mod overrides;
mod recover;
mod reparse;
pub mod rules;

use crate::diag::{Diagnostic, Severity, Sources};
use std::path::{Path, PathBuf};

/// The file in a course folder that defines the course.
pub const COURSE_FILE: &str = "course.yaml";

/// Problems that stop a course from being read at all (exit code 2), as
/// opposed to problems in its content (diagnostics, exit code 1).
#[derive(Debug, thiserror::Error)]
pub enum CourseError {
    #[error("{dir} is not a course folder: there is no {COURSE_FILE} in it")]
    NoCourseFile { dir: PathBuf },
    #[error("cannot read {path}: {source}")]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

impl CourseError {
    /// What the user can do about it.
    pub fn hint(&self) -> &'static str {
        match self {
            CourseError::NoCourseFile { .. } => {
                "pass the folder that holds course.yaml, e.g. `coursepack check course`"
            }
            CourseError::Read { .. } => "check that the path exists and is readable",
        }
    }
}

/// A loaded and checked course.
#[derive(Debug)]
pub struct Checked {
    /// The course, when it could be parsed (it may still have errors).
    pub course: Option<model::Course>,
    pub diagnostics: Vec<Diagnostic>,
    /// The text of the files the diagnostics point into.
    pub sources: Sources,
}

impl Checked {
    pub fn has_errors(&self) -> bool {
        self.diagnostics
            .iter()
            .any(|d| d.severity == Severity::Error)
    }
}

/// What a check run may refuse beyond the course's own rules.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// Template overrides are errors, not warnings (`--no-overrides`: for
    /// release jobs that must build with coursepack's own player only).
    pub no_overrides: bool,
}

/// Loads the course in `dir` and runs every check on it.
pub fn load_and_check(dir: &Path) -> Result<Checked, CourseError> {
    load_and_check_with(dir, Options::default())
}

/// [`load_and_check`] with options.
pub fn load_and_check_with(dir: &Path, options: Options) -> Result<Checked, CourseError> {
    load(dir, options, None)
}

/// Loads and checks a course again and again as it is edited (the
/// preview): when the file changed inside one page only since the last
/// load, only that page is parsed again (see `reparse`); the diagnostics
/// are those of [`load_and_check`], always.
#[derive(Default)]
pub struct Reloader {
    last: Option<reparse::Reparse>,
    /// What the checks found in the asset files; the owner forgets what
    /// changes ([`Reloader::assets_changed`]).
    assets: check::AssetMemo,
}

impl Reloader {
    pub fn load_and_check(&mut self, dir: &Path) -> Result<Checked, CourseError> {
        load(
            dir,
            Options::default(),
            Some((&mut self.last, &mut self.assets)),
        )
    }

    /// `paths` (absolute, under the canonical course folder `root`) changed:
    /// what the checks found in them, or in files under them, is forgotten.
    /// `None`: it is not known what changed; everything is forgotten.
    pub fn assets_changed<'p>(
        &mut self,
        root: &Path,
        paths: Option<impl IntoIterator<Item = &'p Path>>,
    ) {
        match paths {
            Some(paths) => paths.into_iter().for_each(|p| self.assets.forget(root, p)),
            None => self.assets.clear(),
        }
    }
}

fn load(
    dir: &Path,
    options: Options,
    session: Option<(&mut Option<reparse::Reparse>, &mut check::AssetMemo)>,
) -> Result<Checked, CourseError> {
    let (last, mut memo) = match session {
        Some((last, memo)) => (Some(last), Some(memo)),
        None => (None, None),
    };
    let file = dir.join(COURSE_FILE);
    let mut sources = Sources::default();
    let text = match read_text(dir, &file)? {
        Ok(text) => text,
        Err(diag) => {
            return Ok(Checked {
                course: None,
                diagnostics: vec![*diag],
                sources,
            });
        }
    };
    let parsed = parse_text(&file, &text, last);
    let parsed = parsed.map_err(|first| recover::structural_errors(&file, &text, *first));
    sources.insert(file.clone(), text);
    Ok(match parsed {
        Err(recovered) => {
            let mut diagnostics = recovered.diagnostics;
            // What could be read is checked for warnings; its errors wait
            // until the course reads whole (a page that did not read would
            // make links to it, or an empty lesson, look like errors). So do
            // warnings about the whole course.
            if let Some(partial) = &recovered.partial {
                diagnostics.extend(
                    check::check(partial, &file, dir, memo.as_deref_mut())
                        .into_iter()
                        .filter(|d| {
                            d.severity == Severity::Warning
                                && d.rule_id != rules::OBJECTIVE_UNMEASURED.id
                        }),
                );
            }
            diagnostics.sort_by_key(|d| (d.line, d.column));
            diagnostics.extend(overrides::check(dir, &overrides::scan_dir(dir), options));
            Checked {
                course: None,
                diagnostics,
                sources,
            }
        }
        Ok(course) => {
            let mut diagnostics =
                crate::timing::time("check", || check::check(&course, &file, dir, memo));
            diagnostics.sort_by_key(|d| (d.line, d.column));
            // One walk of `templates/` serves both looks at the overrides.
            let scan = overrides::scan_dir(dir);
            diagnostics.extend(crate::render::override_check::diagnostics(dir, &scan));
            diagnostics.extend(overrides::check(dir, &scan, options));
            Checked {
                course: Some(course),
                diagnostics,
                sources,
            }
        }
    })
}

/// The text of `file` (the course folder `dir`'s `course.yaml`), read
/// through the gate: `Err` when the folder or the file cannot be read at
/// all, `Ok(Err)` with the diagnostic when the gate refuses the file or it
/// is not text.
fn read_text(dir: &Path, file: &Path) -> Result<Result<String, Box<Diagnostic>>, CourseError> {
    let gate = match gate::Gate::new(dir) {
        Ok(g) if dir.is_dir() => g,
        _ => {
            return Err(CourseError::Read {
                path: dir.to_path_buf(),
                source: std::io::Error::new(std::io::ErrorKind::NotFound, "no such folder"),
            });
        }
    };
    // course.yaml goes through the gate like every other course file: a link
    // out of the folder or a special file is refused before a byte is read,
    // so nothing of it can reach a diagnostic.
    let bytes = match gate.read(Path::new(COURSE_FILE), load::MAX_FILE_BYTES) {
        Ok(bytes) => bytes,
        Err(gate::GateError::Missing) => {
            return Err(CourseError::NoCourseFile {
                dir: dir.to_path_buf(),
            });
        }
        Err(gate::GateError::Io(source)) => {
            return Err(CourseError::Read {
                path: file.to_path_buf(),
                source,
            });
        }
        Err(e) => return Ok(Err(Box::new(gate_diagnostic(file, &e)))),
    };
    Ok(load::decode(file, bytes))
}

/// The course in `text`: re-parsed from the last one read where only a page
/// changed (the preview keeps `last`), else parsed whole.
fn parse_text(
    file: &Path,
    text: &str,
    mut last: Option<&mut Option<reparse::Reparse>>,
) -> Result<model::Course, Box<Diagnostic>> {
    let reparsed = match last.as_deref_mut() {
        Some(Some(state)) => crate::timing::time("parse the edited page", || {
            state.edit(text).then(|| state.course().clone())
        }),
        _ => None,
    };
    let parsed = match reparsed {
        Some(course) => Ok(course),
        None => crate::timing::time("parse course.yaml", || load::parse(file, text)),
    };
    // After an error the last course read stays: the next edit is compared
    // with it (an editor that truncates the file before writing it shows
    // the preview an empty file in between).
    if let (Some(last), Ok(course)) = (last, &parsed) {
        *last = match last.take() {
            Some(state) if state.text() == text => Some(state),
            _ => crate::timing::time("cut course.yaml into pages", || {
                reparse::Reparse::new(text.to_string(), course.clone())
            }),
        };
    }
    parsed
}

/// The diagnostic for a course file the gate refused (never its content).
pub fn gate_diagnostic(file: &Path, e: &gate::GateError) -> Diagnostic {
    use gate::GateError as G;
    let (rule, hint) = match e {
        G::Outside => (
            rules::FILE_OUTSIDE,
            "copy the file into the course folder instead of linking to it: coursepack reads nothing outside the course folder",
        ),
        G::NotRegular(_) | G::BadForm => (rules::FILE_SPECIAL, "replace it with an ordinary file"),
        G::TooLarge(_) => (
            rules::FILE_TOO_LARGE,
            "split the course or move large content into asset files",
        ),
        G::Missing | G::Io(_) => (
            rules::FILE_SPECIAL,
            "check that the file exists and is readable",
        ),
    };
    Diagnostic::new(rule, file, None, format!("{} {e}", file.display())).hint(hint)
}

/// The JSON Schema of the course format, generated from the model types.
pub fn json_schema() -> String {
    let mut schema = schemars::schema_for!(model::Course);
    schema.insert(
        "title".into(),
        "coursepack course definition (course.yaml)".into(),
    );
    let mut text = serde_json::to_string_pretty(&schema).unwrap_or_default();
    text.push('\n');
    text
}
