//! `coursepack new`: write a small, complete starter course into an empty
//! folder. The course, its image and its texts are embedded in the binary
//! (`templates/new/`); every text comes in the languages asked for.

use super::{Exit, Failure, Outcome};
use coursepack::course;
use coursepack::fsutil::write_atomic;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

#[derive(rust_embed::Embed)]
#[folder = "templates/new/"]
struct Starter;

/// Create a starter course (two lessons, an image, a check and a final test)
/// in a new or empty folder.
#[derive(clap::Args)]
pub struct Args {
    /// The folder to create (it must not exist yet, or be empty).
    dir: PathBuf,
    /// The course's languages, comma-separated; the first is the source
    /// language, the others its translations (e.g. `nl,en`).
    #[arg(long, value_delimiter = ',', default_value = "en")]
    lang: Vec<String>,
}

/// Why a starter course could not be written.
#[derive(Debug, thiserror::Error)]
enum NewError {
    #[error("{} is not empty", .0.display())]
    NotEmpty(PathBuf),
    #[error("{} exists and is not a folder", .0.display())]
    NotAFolder(PathBuf),
    #[error("`{0}` is not a language code")]
    BadLanguage(String),
    #[error("the language `{0}` is given twice")]
    DuplicateLanguage(String),
    #[error("cannot write {}: {source}", path.display())]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("the starter file templates/new/{0} is missing from this binary")]
    Missing(String),
}

impl NewError {
    fn hint(&self) -> &'static str {
        match self {
            NewError::NotEmpty(_) | NewError::NotAFolder(_) => {
                "choose a folder that does not exist yet, e.g. `coursepack new my-course`"
            }
            NewError::BadLanguage(_) | NewError::DuplicateLanguage(_) => {
                "give language codes such as `en` or `nl,en` (the first one is the source language)"
            }
            NewError::Write { .. } => "check that the parent folder exists and is writable",
            NewError::Missing(_) => "reinstall coursepack",
        }
    }
}

pub fn run(args: Args) -> Outcome {
    match create(&args.dir, &args.lang) {
        Ok(()) => {
            let dir = args.dir.display();
            crate::say!("created a starter course in {dir}");
            crate::say!("next:");
            crate::say!("  coursepack preview {dir}     # see it in your browser, live");
            crate::say!("  coursepack check {dir}       # find problems, with file and line");
            crate::say!(
                "  coursepack build {dir}       # write the packages to upload into {dir}/dist"
            );
            Ok(Exit::Clean)
        }
        Err(e) => Err(Failure::usage(&e, e.hint())),
    }
}

fn create(dir: &Path, langs: &[String]) -> Result<(), NewError> {
    for (i, lang) in langs.iter().enumerate() {
        if !is_language_code(lang) {
            return Err(NewError::BadLanguage(lang.clone()));
        }
        if langs[..i].contains(lang) {
            return Err(NewError::DuplicateLanguage(lang.clone()));
        }
    }
    if dir.exists() {
        if !dir.is_dir() {
            return Err(NewError::NotAFolder(dir.to_path_buf()));
        }
        let mut entries = std::fs::read_dir(dir).map_err(|source| NewError::Write {
            path: dir.to_path_buf(),
            source,
        })?;
        if entries.next().is_some() {
            return Err(NewError::NotEmpty(dir.to_path_buf()));
        }
    }
    let files = starter_files(&course_id(dir), langs)?;
    for (rel, bytes) in files {
        let path = dir.join(&rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|source| NewError::Write {
                path: parent.to_path_buf(),
                source,
            })?;
        }
        write_atomic(&path, &bytes).map_err(|source| NewError::Write { path, source })?;
    }
    Ok(())
}

/// The starter course's files (path inside the folder → bytes).
fn starter_files(id: &str, langs: &[String]) -> Result<BTreeMap<String, Vec<u8>>, NewError> {
    let get = |name: &str| {
        Starter::get(name)
            .map(|f| f.data.into_owned())
            .ok_or_else(|| NewError::Missing(name.to_string()))
    };
    let strings: BTreeMap<String, BTreeMap<String, String>> =
        serde_json::from_slice(&get("strings.json")?)
            .map_err(|_| NewError::Missing("strings.json".into()))?;
    let template = String::from_utf8(get(course::COURSE_FILE)?)
        .map_err(|_| NewError::Missing(course::COURSE_FILE.into()))?;
    let yaml = fill(&template, id, langs, &strings)?;
    let mut files = BTreeMap::new();
    files.insert(course::COURSE_FILE.to_string(), yaml.into_bytes());
    files.insert(
        "course.schema.json".into(),
        course::json_schema().into_bytes(),
    );
    files.insert(".gitignore".into(), get("gitignore")?);
    files.insert("assets/welcome.svg".into(), get("assets/welcome.svg")?);
    Ok(files)
}

/// Replaces the placeholders of the starter `course.yaml`: `{{id}}`,
/// `{{languages}}`, `{{accepted}}` and `{{t key}}` (a text in every language).
fn fill(
    template: &str,
    id: &str,
    langs: &[String],
    strings: &BTreeMap<String, BTreeMap<String, String>>,
) -> Result<String, NewError> {
    let (source, translations) = langs
        .split_first()
        .ok_or(NewError::BadLanguage(String::new()))?;
    let mut out = String::with_capacity(template.len() * 2);
    let mut rest = template;
    while let Some(start) = rest.find("{{") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        let end = after
            .find("}}")
            .ok_or_else(|| NewError::Missing(course::COURSE_FILE.into()))?;
        let key = after[..end].trim();
        let value = match key {
            "id" => id.to_string(),
            "languages" => format!(
                "{{source: {source}, translations: [{}]}}",
                translations.join(", ")
            ),
            "accepted" => flow_map(langs, |_| "[yaml, yml]".to_string()),
            _ => {
                let name = key
                    .strip_prefix("t ")
                    .ok_or_else(|| NewError::Missing(format!("strings.json: {key}")))?;
                let text = strings
                    .get(name)
                    .ok_or_else(|| NewError::Missing(format!("strings.json: {name}")))?;
                flow_map(langs, |lang| {
                    // A language without a starter text gets the English one
                    // to translate.
                    let s = text.get(lang).or_else(|| text.get("en"));
                    serde_json::to_string(s.map_or("", String::as_str)).unwrap_or_default()
                })
            }
        };
        out.push_str(&value);
        rest = &after[end + 2..];
    }
    out.push_str(rest);
    Ok(out)
}

/// `{nl: ..., en: ...}` with one value per language.
fn flow_map(langs: &[String], value: impl Fn(&str) -> String) -> String {
    let entries: Vec<String> = langs.iter().map(|l| format!("{l}: {}", value(l))).collect();
    format!("{{{}}}", entries.join(", "))
}

/// A BCP 47-like language code as the course format takes it (`en`, `pt-br`).
fn is_language_code(s: &str) -> bool {
    let mut parts = s.split('-');
    let first_ok = parts
        .next()
        .is_some_and(|p| (2..=3).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_lowercase()));
    first_ok
        && parts.all(|p| (2..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()))
}

/// The course id from the folder's name (lowercase letters, digits, `-`).
fn course_id(dir: &Path) -> String {
    let name = dir
        .file_name()
        .map(|n| n.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    let mut id = String::new();
    for c in name.chars() {
        if c.is_ascii_lowercase() || c.is_ascii_digit() {
            id.push(c);
        } else if !id.is_empty() && !id.ends_with('-') {
            id.push('-');
        }
        if id.len() >= 60 {
            break;
        }
    }
    let id = id.trim_end_matches('-').to_string();
    if id.starts_with(|c: char| c.is_ascii_lowercase()) {
        id
    } else {
        "my-course".to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn course_ids_are_valid_ids() {
        assert_eq!(course_id(Path::new("x/My Course 2")), "my-course-2");
        assert_eq!(course_id(Path::new("2024")), "my-course");
        assert_eq!(course_id(Path::new("/")), "my-course");
    }

    #[test]
    fn language_codes() {
        assert!(is_language_code("en"));
        assert!(is_language_code("pt-BR"));
        assert!(!is_language_code("EN"));
        assert!(!is_language_code("e"));
        assert!(!is_language_code("en_GB"));
    }
}
