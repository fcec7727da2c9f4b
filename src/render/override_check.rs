//! `check`'s look inside a course's template overrides: the files the build
//! parses itself (UI strings, the page template and its partials) are parsed
//! here the same way, so a broken override is a diagnostic with its line and
//! column at `check` time instead of a failed build.
//!
//! Scripts and stylesheets are not parsed: the build copies them as they are
//! and only the browser can tell whether they work.

use super::templates::{INDEX, PARTIALS, Templates};
use crate::course::overrides::{FOLDER, Scan};
use crate::course::rules::TEMPLATE_INVALID;
use crate::diag::Diagnostic;
use crate::diag::Pos;
use std::path::Path;

/// A `template-invalid` error for each override the build could not parse.
/// Overrides the gate refused are left to `course::overrides::check`.
/// `scan` is the walk of `course_dir`'s `templates/` (`check` walks it once).
pub fn diagnostics(course_dir: &Path, scan: &Scan) -> Vec<Diagnostic> {
    let templates = Templates::from_scan(course_dir, scan);
    let mut out = Vec::new();
    for rel in templates.overrides().keys() {
        let shown = course_dir.join(FOLDER).join(rel);
        let Ok(text) = templates.text(rel) else {
            continue;
        };
        let is_strings = rel.starts_with("i18n/") && rel.ends_with(".json");
        let is_template = rel == INDEX || (rel.starts_with(PARTIALS) && rel.ends_with(".hbs"));
        if is_strings && let Err(e) = super::i18n::parse_strings(&text) {
            out.push(
                Diagnostic::new(
                    TEMPLATE_INVALID,
                    &shown,
                    position(e.line(), e.column()),
                    format!("`{FOLDER}/{rel}` is not a JSON object of strings: {e}"),
                )
                .hint("write it as {\"key\": \"text\", …}, every value a string in quotes, or remove the file to use the built-in strings"),
            );
        }
        if is_template && let Err(e) = handlebars::Template::compile(&text) {
            let pos = e.pos().and_then(|(line, column)| position(line, column));
            out.push(
                Diagnostic::new(
                    TEMPLATE_INVALID,
                    &shown,
                    pos,
                    format!("`{FOLDER}/{rel}` is not a valid Handlebars template: {}", reason(&e)),
                )
                .hint("fix the template syntax (every {{#block}} needs its {{/block}}), or remove the file to use the built-in one"),
            );
        }
    }
    out
}

/// The parser's reason in the designer's words: a syntax error's own text
/// lists the grammar's rule names, which say nothing to a course designer.
fn reason(e: &handlebars::TemplateError) -> String {
    match e.reason() {
        handlebars::TemplateErrorReason::InvalidSyntax(_) => {
            "the syntax breaks here (an unclosed `{{`, `}}` or block)".to_string()
        }
        other => other.to_string(),
    }
}

/// A 1-based position, when the parser gave one.
fn position(line: usize, column: usize) -> Option<Pos> {
    (line > 0).then(|| Pos::new(line as u64, column.max(1) as u64))
}
