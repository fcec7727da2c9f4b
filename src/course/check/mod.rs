//! Semantic checks on a parsed course: everything the types alone cannot say.
//!
//! The checker never stops at the first problem: it walks the whole course and
//! collects every diagnostic, each pointing at the line and column of the value
//! at fault, with a hint on what to do.

use super::ids;
use super::model::*;
use super::rules;
use crate::diag::Pos;
use crate::diag::{Diagnostic, Rule};
use std::collections::HashMap;
use std::path::Path;

mod assets;
mod identifiers;
mod limits;
mod memo;
mod metadata;
mod questions;
mod structure;
mod text;

/// The most languages a course may declare: every language is a package per
/// target, and no course coursepack knows of has more than a dozen.
pub const MAX_LANGUAGES: usize = 50;
/// The longest string coursepack accepts (a page's text is a few thousand).
pub const MAX_TEXT_CHARS: usize = 100_000;
/// SCORM 1.2 `<title>` (IMS CP 1.1.2 `text200`); the other targets allow more.
pub const MAX_SCORM12_TITLE: usize = 200;
/// IMS CP `manifest@version` (SCORM 1.2 and 2004).
pub const MAX_VERSION_LEN: usize = 20;
/// SCORM 1.2 `file@href` (IMS CP 1.1.2 `text2000`).
pub const MAX_HREF_LEN: usize = 2000;
/// Case-insensitive "did you mean" look-ups for missing assets.
const MAX_NEAR_FILE_LOOKUPS: usize = 20;

/// SCORM 1.2 choice and matching answers are single characters `0-9a-z`.
pub const MAX_SCORM12_OPTIONS: usize = 36;
/// SCORM 1.2's CMIFeedback (`student_response`, `correct_responses.n.pattern`).
pub const MAX_SCORM12_RESPONSE: usize = 255;

const IMAGE_EXTS: &[&str] = &["png", "jpg", "jpeg", "gif", "webp", "svg"];
const VIDEO_EXTS: &[&str] = &["mp4", "webm"];
const CAPTION_EXTS: &[&str] = &["vtt"];

pub use memo::AssetMemo;

/// Checks `course`, read from `file` in the course folder `dir`. With a
/// `memo` (the preview), what it remembers of the asset files is taken
/// instead of opening them again, and what is opened is remembered; the
/// caller forgets what changes (the watcher's events).
pub fn check(
    course: &Course,
    file: &Path,
    dir: &Path,
    memo: Option<&mut AssetMemo>,
) -> Vec<Diagnostic> {
    let mut c = Checker {
        memo,
        file,
        dir,
        gate: super::gate::Gate::new(dir).ok(),
        too_many_langs: false,
        near_file_lookups: 0,
        langs: Vec::new(),
        bad_lang_tag: false,
        diags: Vec::new(),
        ids: HashMap::new(),
        pages: HashMap::new(),
        page_links: Vec::new(),
    };
    c.course(course);
    for o in course.objectives.iter().flat_map(|os| os.iter()) {
        if !ids::is_safe_id(&o.id) {
            c.bad_id(&o.id, "objective id");
        }
        c.unique_id(&o.id, "objective");
        c.text(&o.text, &format!("objective `{}`", o.id.value));
    }
    c.diags.extend(super::objectives::check(course, file));
    c.diags
}

/// The checker: what the checks have found so far. The question types
/// (`crate::question`) check their own fields through it.
pub(crate) struct Checker<'a> {
    /// What earlier checks found in the asset files (the preview only).
    memo: Option<&'a mut AssetMemo>,
    file: &'a Path,
    dir: &'a Path,
    /// Every asset is held to the gate the build reads it through.
    gate: Option<super::gate::Gate>,
    /// More languages than [`MAX_LANGUAGES`]: translation checks are skipped
    /// (the declaration is the one root cause, and they would cost
    /// texts × languages).
    too_many_langs: bool,
    /// Case-insensitive look-ups for missing assets so far (each lists a
    /// folder; capped so many missing assets stay linear).
    near_file_lookups: usize,
    /// Declared languages, source first.
    langs: Vec<String>,
    /// A declared tag is malformed: the strings written in the language it
    /// was meant to be are not reported as undeclared one by one (the
    /// declaration is the one root cause).
    bad_lang_tag: bool,
    diags: Vec<Diagnostic>,
    /// Every course-wide id and where it was first defined.
    ids: HashMap<String, Pos>,
    pages: HashMap<String, Pos>,
    /// `page:` links found in markdown: (target page id, where).
    page_links: Vec<(String, Pos)>,
}

impl Checker<'_> {
    pub(crate) fn report(
        &mut self,
        rule: Rule,
        pos: Pos,
        message: impl Into<String>,
        hint: impl Into<String>,
    ) {
        self.diags
            .push(Diagnostic::new(rule, self.file, Some(pos), message).hint(hint));
    }

    fn course(&mut self, course: &Course) {
        self.languages(&course.languages);
        self.manifest_limits(course);
        if !ids::is_safe_id(&course.id) {
            self.bad_id(&course.id, "course id");
        }
        self.version(&course.version);
        self.iri(&course.iri);
        self.text(&course.title, "course title");
        self.text(&course.description, "course description");
        if course.authors.is_empty() {
            self.report(
                rules::STRUCTURE_EMPTY,
                course.authors.pos,
                "the course names no author",
                "add at least one entry `- name: ...` to `authors`",
            );
        }
        for author in course.authors.iter() {
            self.plain(&author.name, "author name");
            if let Some(role) = &author.role {
                self.text(role, &format!("role of author `{}`", author.name.value));
            }
            if let Some(url) = &author.url {
                self.url(url);
            }
        }
        self.license(&course.license);

        if course.lessons.is_empty() {
            self.report(
                rules::STRUCTURE_EMPTY,
                course.lessons.pos,
                "the course has no lessons",
                "add at least one lesson with one page",
            );
        }
        for lesson in course.lessons.iter() {
            self.lesson(lesson);
        }
        if let Some(assessment) = &course.assessment {
            self.assessment(assessment);
        }
        if course.assessment.is_none()
            && matches!(
                course.completion.value,
                CompletionRule::AssessmentPassed | CompletionRule::Both
            )
        {
            self.report(
                rules::COMPLETION_RULE,
                course.completion.pos,
                "the completion rule needs a final assessment, but the course has none",
                "add an `assessment:` or use `completion: all-pages`",
            );
        }
        self.resolve_page_links();
        self.suspend_limit(course);
    }
}

/// The safe package path an asset gets (as the build names it).
fn package_path(raw: &str) -> String {
    crate::render::assets::package_path(raw)
}

/// Up to five names, then how many more.
fn list<'s>(names: impl Iterator<Item = &'s str>) -> String {
    let names: Vec<&str> = names.collect();
    let mut out = names
        .iter()
        .take(5)
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ");
    if names.len() > 5 {
        out.push_str(&format!(" and {} more", names.len() - 5));
    }
    out
}

/// A file in the same folder whose name differs only in case.
fn near_file(path: &Path) -> Option<String> {
    let name = path.file_name()?.to_string_lossy().to_lowercase();
    let entries = std::fs::read_dir(path.parent()?).ok()?;
    entries
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .find(|n| n.to_lowercase() == name)
}

/// A well-formed (not necessarily registered) BCP 47 tag: a 2-3 letter primary
/// language and optional 1-8 character alphanumeric subtags.
fn is_language_tag(tag: &str) -> bool {
    let mut parts = tag.split('-');
    let primary_ok = parts
        .next()
        .is_some_and(|p| (2..=3).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphabetic()));
    primary_ok
        && parts.all(|p| (1..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()))
}

/// A safe id close to what the author wrote, for hints.
fn suggest_id(raw: &str) -> String {
    let mut out = String::new();
    for c in raw.chars() {
        match c {
            'a'..='z' | '0'..='9' | '_' | '-' => out.push(c),
            'A'..='Z' => out.push(c.to_ascii_lowercase()),
            _ if !out.ends_with('-') => out.push('-'),
            _ => {}
        }
    }
    let trimmed = out.trim_matches('-');
    let mut id: String = if trimmed.starts_with(|c: char| c.is_ascii_lowercase()) {
        trimmed.to_string()
    } else {
        format!("x-{trimmed}")
    };
    id.truncate(ids::MAX_ID_LEN);
    id
}

/// The declared languages of a course, source first (used by later stages too).
pub fn languages(course: &Course) -> Vec<String> {
    std::iter::once(course.languages.source.value.clone())
        .chain(
            course
                .languages
                .translations
                .iter()
                .map(|t| t.value.clone()),
        )
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn language_tags() {
        for ok in ["nl", "en", "pt-BR", "zh-Hant-TW", "de-CH-1996"] {
            assert!(is_language_tag(ok), "{ok}");
        }
        for bad in ["", "n", "english", "en_GB", "nl-", "e1"] {
            assert!(!is_language_tag(bad), "{bad}");
        }
    }

    #[test]
    fn id_suggestions_are_safe() {
        for raw in ["Case Study 1", "1st", "Über-Kurs", "a.b", "---"] {
            assert!(
                ids::is_safe_id(&suggest_id(raw)),
                "{raw} -> {}",
                suggest_id(raw)
            );
        }
    }
}
