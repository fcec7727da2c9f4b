//! Limits, the gate and asset content (issue 13).

use super::memo::Outcome;
use super::{
    Checker, MAX_NEAR_FILE_LOOKUPS, MAX_SCORM12_TITLE, MAX_TEXT_CHARS, MAX_VERSION_LEN, near_file,
};
use crate::course::content;
use crate::course::gate::Gate;
use crate::course::located::Located;
use crate::course::model::*;
use crate::course::rules;
use crate::diag::Diagnostic;
use crate::diag::Pos;
use std::path::{Path, PathBuf};

impl Checker<'_> {
    /// The limits every string shares: a length cap and no character XML 1.0
    /// forbids (the build writes every string into XML or HTML). Returns
    /// whether a limit was broken. One pass, no copy.
    pub(crate) fn string_limits(&mut self, value: &str, pos: Pos, what: &str) -> bool {
        let mut count = 0usize;
        for (i, c) in value.chars().enumerate() {
            count = i + 1;
            let forbidden = (c < ' ' && !matches!(c, '\t' | '\n' | '\r'))
                || matches!(c, '\u{FFFE}' | '\u{FFFF}');
            if forbidden {
                self.report(
                    rules::TEXT_CHAR,
                    pos,
                    format!(
                        "{what} has the character U+{:04X} at position {}, which XML 1.0 forbids",
                        c as u32,
                        i + 1
                    ),
                    "remove it (it is invisible: look for a YAML escape such as \\e, \\a, \\b or \\uFFFE)",
                );
                return true;
            }
            if count > MAX_TEXT_CHARS {
                self.report(
                    rules::TEXT_TOO_LONG,
                    pos,
                    format!("{what} is longer than {MAX_TEXT_CHARS} characters"),
                    "split it over several blocks or pages",
                );
                return true;
            }
        }
        let _ = count;
        false
    }

    /// The limits of the manifests' own fields, checked for every target
    /// whether or not it is built (the build's default is every target).
    pub(super) fn manifest_limits(&mut self, course: &Course) {
        if let Some(title) = course
            .title
            .0
            .values()
            .find(|t| t.chars().count() > MAX_SCORM12_TITLE)
        {
            self.report(
                rules::LIMIT_SCORM12_TITLE,
                title.pos,
                format!(
                    "the course title has {} characters; SCORM 1.2 allows at most {MAX_SCORM12_TITLE}",
                    title.chars().count()
                ),
                "shorten the title; put the rest in the description",
            );
        }
        if course.version.chars().count() > MAX_VERSION_LEN {
            self.report(
                rules::LIMIT_VERSION,
                course.version.pos,
                format!("the version is longer than the {MAX_VERSION_LEN} characters SCORM manifests allow"),
                "use a short version such as `1.0.0`",
            );
        }
        if self.string_limits(&course.iri, course.iri.pos, "course IRI") {
            return;
        }
        self.string_limits(&course.version, course.version.pos, "version");
    }

    /// The resume state must fit the smallest store of the targets (SCORM
    /// 1.2's `cmi.suspend_data`), which the build refuses to exceed.
    pub(super) fn suspend_limit(&mut self, course: &Course) {
        let worst = crate::render::state::worst_case(course);
        use crate::target::Target;
        let Some(limit) = crate::target::Scorm12.suspend_limit() else {
            return;
        };
        if worst > limit {
            self.report(
                rules::LIMIT_SUSPEND,
                course.lessons.pos,
                format!("a learner's resume state could need {worst} characters; SCORM 1.2 stores at most {limit}"),
                "reduce what the state holds: fewer questions (fill-in answers take the most room) or a smaller assessment draw",
            );
        }
    }

    /// The gate's verdict on an asset, then its content (magic bytes, SVG).
    pub(super) fn asset_file(&mut self, src: &Located<String>, ext: &str, what: &str) {
        let raw = src.value.as_str();
        let Some(gate) = self.gate.clone() else {
            return;
        };
        let rel = Path::new(raw);
        let outcome = match self.memo.as_deref().and_then(|m| m.get(rel, ext)) {
            Some(known) => known.clone(),
            None => match self.open_asset(&gate, rel, ext) {
                Some(outcome) => outcome,
                None => {
                    self.missing_asset(src, &gate, what);
                    return;
                }
            },
        };
        let finding = match outcome {
            Outcome::File(finding) => finding,
            Outcome::Outside => {
                self.report(
                    rules::ASSET_SYMLINK,
                    src.pos,
                    format!("{what} `{raw}` is a link to a file outside the course folder"),
                    "copy the file into the course folder instead of linking to it",
                );
                return;
            }
            Outcome::Special(e) => {
                self.report(
                    rules::ASSET_SPECIAL,
                    src.pos,
                    format!("{what} `{raw}` {e}"),
                    "point at an ordinary file: folders, FIFOs, sockets and devices cannot go into a package",
                );
                return;
            }
        };
        match finding {
            None => {}
            Some(content::Finding::Mismatch(m)) => self.report(
                rules::ASSET_TYPE_MISMATCH,
                src.pos,
                format!("{what} `{raw}` {m}"),
                "export the file again in the format its name says, or rename it to its real type",
            ),
            Some(content::Finding::Active { pos, message }) => {
                let line = src.pos.line;
                self.diags.push(
                    Diagnostic::new(
                        rules::ASSET_SVG_ACTIVE,
                        &self.dir.join(rel),
                        Some(pos),
                        format!("{what} `{raw}` (course.yaml line {line}) {message}"),
                    )
                    .hint("an SVG asset must be a plain picture: remove scripts, event handlers, <foreignObject>, links to other files and DTDs (or export it as PNG)"),
                );
            }
        }
    }

    /// Opens the asset `rel` and checks its content; `None` when it does not
    /// exist. What was found is remembered when the file is reached without
    /// a link (a link's target may change without an event for the link).
    fn open_asset(&mut self, gate: &Gate, rel: &Path, ext: &str) -> Option<Outcome> {
        use crate::course::gate::GateError as G;
        match gate.resolve(rel) {
            Ok(real) => {
                let finding = if ext == "svg" {
                    match gate.read(rel, content::MAX_SVG_BYTES) {
                        Ok(bytes) => content::check_svg(&bytes),
                        Err(e) => Some(content::Finding::Mismatch(format!(
                            "cannot be checked: it {e}"
                        ))),
                    }
                } else {
                    match gate.head(rel, content::HEAD_BYTES) {
                        Ok(head) => content::check_head(ext, &head),
                        Err(e) => Some(content::Finding::Mismatch(format!(
                            "cannot be read: it {e}"
                        ))),
                    }
                };
                let direct = real == gate.root().join(rel).components().collect::<PathBuf>();
                let outcome = Outcome::File(finding);
                if direct && let Some(memo) = self.memo.as_deref_mut() {
                    memo.put(rel, ext, outcome.clone());
                }
                Some(outcome)
            }
            Err(G::Missing) => None,
            Err(G::Outside) => Some(Outcome::Outside),
            Err(e) => Some(Outcome::Special(e.to_string())),
        }
    }

    /// Reports a missing asset, naming a file whose name differs only in
    /// case when there is one.
    fn missing_asset(&mut self, src: &Located<String>, gate: &Gate, what: &str) {
        let raw = src.value.as_str();
        let full = self.dir.join(raw);
        self.near_file_lookups += 1;
        // Only folders inside the course are listed (a folder that
        // is a link out must not reveal what is there).
        let inside = full
            .parent()
            .and_then(|p| p.canonicalize().ok())
            .is_some_and(|p| p.starts_with(gate.root()));
        let near = if inside && self.near_file_lookups <= MAX_NEAR_FILE_LOOKUPS {
            near_file(&full)
        } else {
            None
        };
        let hint = match near {
            Some(name) => {
                format!("there is `{name}`: file names are case-sensitive in packages")
            }
            None => format!("put the file at {} or fix the path", full.display()),
        };
        self.report(
            rules::ASSET_MISSING,
            src.pos,
            format!("{what} `{raw}` does not exist"),
            hint,
        );
    }
}
