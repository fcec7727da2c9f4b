//! Diagnostics: what a check found, where, and what to do about it.
//!
//! Every stage reports problems as [`Diagnostic`]s with a stable rule id, so a
//! person reads the same message in a terminal that CI reads as JSON. The text
//! renderer prints the offending source line with a caret, the way cargo does.

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// A 1-based line and column in a source file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct Pos {
    pub line: u64,
    pub column: u64,
}

impl Pos {
    pub fn new(line: u64, column: u64) -> Self {
        Pos { line, column }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// A rule that a diagnostic reports a breach of. Ids are stable: tools and
/// people may key on them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rule {
    pub id: &'static str,
    pub severity: Severity,
    /// One line on what the rule checks (for `coursepack rules` and the README).
    pub summary: &'static str,
}

/// Declares a list of rules: one `Rule` constant each and `ALL`, in the
/// order they are documented. With a `[profile, ...]` list per rule (the
/// rules of `validate`) it also declares `PROFILES`, the profiles that
/// enable each rule.
macro_rules! rules {
    ($( $name:ident = $id:literal, $sev:ident, $summary:literal; )*) => {
        $( pub const $name: $crate::diag::Rule = $crate::diag::Rule {
            id: $id,
            severity: $crate::diag::Severity::$sev,
            summary: $summary,
        }; )*
        /// Every rule, in the order they are documented.
        pub const ALL: &[$crate::diag::Rule] = &[$( $name ),*];
    };
    ($( $name:ident = $id:literal, $sev:ident, [$($profile:ident),*], $summary:literal; )*) => {
        $crate::diag::rules! { $( $name = $id, $sev, $summary; )* }
        /// The profiles that enable each rule (by id, in the order of [`ALL`]).
        pub const PROFILES: &[(&str, &[$crate::validate::Profile])] =
            &[$( ($id, &[$($crate::validate::Profile::$profile),*]) ),*];
    };
}
pub(crate) use rules;

#[derive(Debug, Clone, Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    #[serde(rename = "rule")]
    pub rule_id: &'static str,
    /// The file the problem is in, as the user named it.
    pub file: PathBuf,
    /// 1-based line, when the problem has a place in the file.
    pub line: Option<u64>,
    /// 1-based column (in characters), when the problem has a place in the file.
    pub column: Option<u64>,
    pub message: String,
    /// What to do about it.
    pub hint: Option<String>,
}

impl Diagnostic {
    pub fn new(rule: Rule, file: &Path, pos: Option<Pos>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: rule.severity,
            rule_id: rule.id,
            file: file.to_path_buf(),
            line: pos.map(|p| p.line),
            column: pos.map(|p| p.column),
            message: bounded(message.into()),
            hint: None,
        }
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(bounded(hint.into()));
        self
    }

    pub fn pos(&self) -> Option<Pos> {
        match (self.line, self.column) {
            (Some(line), Some(column)) => Some(Pos::new(line, column)),
            _ => None,
        }
    }

    /// `file:line:column` (or just the file when there is no position).
    pub fn location(&self) -> String {
        match self.pos() {
            Some(p) => format!("{}:{}:{}", self.file.display(), p.line, p.column),
            None => self.file.display().to_string(),
        }
    }
}

/// The longest message or hint a diagnostic carries: a message that quotes
/// input (an id, a path, a value the parser rejected) could otherwise be as
/// long as the input, up to the 16 MiB a course file may have.
pub const MAX_MESSAGE_CHARS: usize = 1_000;

/// `text` cut to [`MAX_MESSAGE_CHARS`] characters, with `…` when cut.
fn bounded(mut text: String) -> String {
    if let Some((at, _)) = text.char_indices().nth(MAX_MESSAGE_CHARS) {
        text.truncate(at);
        text.push('…');
    }
    text
}

/// The text of the files diagnostics point into, for rendering snippets.
#[derive(Debug, Default, Clone)]
pub struct Sources {
    files: BTreeMap<PathBuf, String>,
    /// Byte offset of each line's start, per file: finding a line costs a
    /// look-up, not a scan (many diagnostics on a large file stay linear).
    starts: BTreeMap<PathBuf, Vec<usize>>,
}

/// Source lines longer than this are not shown (the location still is): a
/// snippet costs its line's length, and a hostile line can be megabytes.
pub const MAX_SNIPPET_LINE: usize = 500;

impl Sources {
    pub fn insert(&mut self, path: PathBuf, text: String) {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        self.starts.insert(path.clone(), starts);
        self.files.insert(path, text);
    }

    /// The same sources with the text of `from` filed under `to`.
    pub fn renamed(mut self, from: &Path, to: PathBuf) -> Sources {
        if let Some(text) = self.files.remove(from) {
            self.starts.remove(from);
            self.insert(to, text);
        }
        self
    }

    /// The whole text of a file, if it is known.
    pub fn text(&self, path: &Path) -> Option<&str> {
        self.files.get(path).map(String::as_str)
    }

    /// The text of line `line` (1-based), without its line break; `None`
    /// past the end or when it is longer than [`MAX_SNIPPET_LINE`].
    fn line(&self, path: &Path, line: u64) -> Option<&str> {
        let text = self.files.get(path)?;
        let starts = self.starts.get(path)?;
        let index = usize::try_from(line.checked_sub(1)?).ok()?;
        let start = *starts.get(index)?;
        if start >= text.len() && index > 0 {
            return None;
        }
        let end = starts.get(index + 1).map_or(text.len(), |&e| e - 1);
        let l = text.get(start..end)?;
        let l = l.strip_suffix('\r').unwrap_or(l);
        (l.len() <= MAX_SNIPPET_LINE).then_some(l)
    }
}

/// Counts of what a run found.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Summary {
    pub errors: usize,
    pub warnings: usize,
}

pub fn summarize(diagnostics: &[Diagnostic]) -> Summary {
    let errors = diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    Summary {
        errors,
        warnings: diagnostics.len() - errors,
    }
}

/// Renders one diagnostic as text: a title with the rule id, the location,
/// the source line with a caret under the column, and the hint.
pub fn render_text(diag: &Diagnostic, sources: &Sources, color: bool) -> String {
    let level = match diag.severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
    };
    let renderer = if color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    let path = diag.file.display().to_string();
    let title = level.primary_title(diag.message.as_str()).id(diag.rule_id);
    let line_text = diag.pos().and_then(|p| sources.line(&diag.file, p.line));
    let group = match (diag.pos(), line_text) {
        (Some(pos), Some(text)) => {
            let start = char_to_byte(text, pos.column);
            let end = caret_end(text, start);
            title.element(
                Snippet::source(text)
                    .line_start(usize::try_from(pos.line).unwrap_or(usize::MAX))
                    .path(path.as_str())
                    .annotation(AnnotationKind::Primary.span(start..end)),
            )
        }
        _ => title.element(annotate_snippets::Origin::path(location_label(diag))),
    };
    let mut report = vec![group];
    if let Some(hint) = &diag.hint {
        report.push(Group::with_title(
            Level::HELP.secondary_title(hint.as_str()),
        ));
    }
    renderer.render(&report).to_string()
}

fn location_label(diag: &Diagnostic) -> String {
    diag.location()
}

/// Byte offset of a 1-based character column, clamped to the line.
fn char_to_byte(text: &str, column: u64) -> usize {
    let skip = usize::try_from(column.saturating_sub(1)).unwrap_or(usize::MAX);
    text.char_indices()
        .nth(skip)
        .map(|(i, _)| i)
        .unwrap_or(text.len())
}

/// The caret covers the token that starts at `start` (up to white space or
/// YAML punctuation), at least one character.
fn caret_end(text: &str, start: usize) -> usize {
    let rest = &text[start..];
    let len: usize = rest
        .char_indices()
        .find(|&(_, c)| c.is_whitespace() || c == ':' || c == ',' || c == '}' || c == ']')
        .map(|(i, _)| i)
        .unwrap_or(rest.len());
    if len == 0 {
        start + rest.chars().next().map_or(0, char::len_utf8)
    } else {
        start + len
    }
}

/// The JSON form of a run's diagnostics, for CI and editors.
#[derive(Debug, Serialize)]
pub struct JsonReport<'a> {
    pub diagnostics: &'a [Diagnostic],
    pub summary: Summary,
}

pub fn render_json(diagnostics: &[Diagnostic]) -> String {
    let report = JsonReport {
        diagnostics,
        summary: summarize(diagnostics),
    };
    // Serialising plain data with string keys cannot fail.
    serde_json::to_string_pretty(&report).unwrap_or_else(|e| format!("{{\"error\":\"{e}\"}}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn source_lines_by_index_match_str_lines() {
        for text in ["", "a", "a\n", "a\nb", "a\r\nb\r\n", "\n\nx\n", "é\nü\n\n"] {
            let mut s = Sources::default();
            s.insert(PathBuf::from("f"), text.to_string());
            for (i, want) in text.lines().enumerate() {
                assert_eq!(
                    s.line(Path::new("f"), i as u64 + 1),
                    Some(want),
                    "{text:?} {i}"
                );
            }
            let past = text.lines().count() as u64 + 1;
            assert!(
                s.line(Path::new("f"), past).is_none_or(str::is_empty),
                "{text:?}"
            );
        }
        let mut s = Sources::default();
        s.insert(
            PathBuf::from("f"),
            format!("a\n{}\n", "x".repeat(MAX_SNIPPET_LINE + 1)),
        );
        assert_eq!(s.line(Path::new("f"), 2), None);
    }

    #[test]
    fn messages_and_hints_are_bounded() {
        let rule = Rule {
            id: "r",
            severity: Severity::Error,
            summary: "",
        };
        let d =
            Diagnostic::new(rule, Path::new("f"), None, "m".repeat(5_000)).hint("h".repeat(5_000));
        assert_eq!(d.message.chars().count(), MAX_MESSAGE_CHARS + 1);
        assert!(d.message.ends_with('…'));
        assert_eq!(
            d.hint.map(|h| h.chars().count()),
            Some(MAX_MESSAGE_CHARS + 1)
        );
    }
}
