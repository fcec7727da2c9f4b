//! The course: its format, loading it from YAML, and checking it.

pub mod check;
pub mod ids;
pub mod load;
pub mod located;
pub mod model;
pub mod objectives;
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

/// Loads the course in `dir` and runs every check on it.
pub fn load_and_check(dir: &Path) -> Result<Checked, CourseError> {
    let file = dir.join(COURSE_FILE);
    if !file.is_file() {
        return Err(if dir.is_dir() {
            CourseError::NoCourseFile {
                dir: dir.to_path_buf(),
            }
        } else {
            CourseError::Read {
                path: dir.to_path_buf(),
                source: std::io::Error::new(std::io::ErrorKind::NotFound, "no such folder"),
            }
        });
    }
    let mut sources = Sources::default();
    let text = match load::read_text(&file) {
        Err(source) => return Err(CourseError::Read { path: file, source }),
        Ok(Err(diag)) => {
            return Ok(Checked {
                course: None,
                diagnostics: vec![diag],
                sources,
            });
        }
        Ok(Ok(text)) => text,
    };
    let parsed = load::parse(&file, &text);
    sources.insert(file.clone(), text);
    Ok(match parsed {
        Err(diag) => Checked {
            course: None,
            diagnostics: vec![*diag],
            sources,
        },
        Ok(course) => {
            let mut diagnostics = check::check(&course, &file, dir);
            diagnostics.sort_by_key(|d| (d.line, d.column));
            Checked {
                course: Some(course),
                diagnostics,
                sources,
            }
        }
    })
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
