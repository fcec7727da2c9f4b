//! Machine-readable reports of a validate run: JSON (the same shape as
//! `check --format json`, plus the packages), SARIF 2.1.0 for code-scanning
//! tools and JUnit XML for CI test dashboards. Text output is rendered by
//! the command (it needs the terminal).

use super::{Report, rules};
use crate::diag::{Diagnostic, Severity, summarize};
use serde_json::json;

/// `{"packages": [{"package", "kind", "summary"}], "diagnostics": [...], "summary"}`.
pub fn json(reports: &[Report]) -> String {
    let all: Vec<&Diagnostic> = reports.iter().flat_map(|r| &r.findings).collect();
    let owned: Vec<Diagnostic> = all.iter().map(|d| (*d).clone()).collect();
    let value = json!({
        "packages": reports.iter().map(|r| json!({
            "package": r.package,
            "kind": r.kind.map(|k| k.name()),
            "summary": summarize(&r.findings),
        })).collect::<Vec<_>>(),
        "diagnostics": owned,
        "summary": summarize(&owned),
    });
    serde_json::to_string_pretty(&value).unwrap_or_default()
}

/// SARIF 2.1.0: one run, the rules as the tool's rule table, each finding a
/// result with its physical location.
pub fn sarif(reports: &[Report]) -> String {
    let rule_table: Vec<_> = rules::ALL
        .iter()
        .map(|r| {
            json!({
                "id": r.id,
                "shortDescription": {"text": r.summary},
                "defaultConfiguration": {"level": level(r.severity)},
            })
        })
        .collect();
    let results: Vec<_> = reports
        .iter()
        .flat_map(|r| &r.findings)
        .map(|d| {
            let mut region = serde_json::Map::new();
            if let Some(line) = d.line {
                region.insert("startLine".into(), json!(line));
            }
            if let Some(column) = d.column {
                region.insert("startColumn".into(), json!(column));
            }
            let mut physical = json!({
                "artifactLocation": {"uri": uri(&d.file)},
            });
            if !region.is_empty() {
                physical["region"] = serde_json::Value::Object(region);
            }
            let text = match &d.hint {
                Some(h) if !h.is_empty() => format!("{} (help: {h})", d.message),
                _ => d.message.clone(),
            };
            json!({
                "ruleId": d.rule_id,
                "level": level(d.severity),
                "message": {"text": text},
                "locations": [{"physicalLocation": physical}],
            })
        })
        .collect();
    let value = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "coursepack",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": rule_table,
            }},
            "results": results,
        }],
    });
    serde_json::to_string_pretty(&value).unwrap_or_default()
}

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

/// JUnit XML: one test suite per package; one test case per error, each
/// with its one `<failure>` (a package without errors is one passing test
/// case), so `tests` and `failures` always count the elements; warnings go
/// to the suite's `<system-out>`.
pub fn junit(reports: &[Report]) -> String {
    let mut suites = String::new();
    let (mut all_tests, mut all_failures) = (0, 0);
    for r in reports {
        let name = esc(&r.package.to_string_lossy());
        let errors: Vec<&Diagnostic> = r
            .findings
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .collect();
        let warnings: Vec<&Diagnostic> = r
            .findings
            .iter()
            .filter(|d| d.severity == Severity::Warning)
            .collect();
        let tests = errors.len().max(1);
        all_tests += tests;
        all_failures += errors.len();
        suites.push_str(&format!(
            "  <testsuite name=\"{name}\" tests=\"{tests}\" failures=\"{}\" errors=\"0\" skipped=\"0\">\n",
            errors.len()
        ));
        if errors.is_empty() {
            suites.push_str(&format!(
                "    <testcase classname=\"coursepack.validate\" name=\"{name}\"/>\n"
            ));
        }
        for d in &errors {
            suites.push_str(&format!(
                "    <testcase classname=\"coursepack.validate.{}\" name=\"{}\">\n      <failure type=\"{}\" message=\"{}\">{}</failure>\n    </testcase>\n",
                d.rule_id,
                esc(&d.location()),
                d.rule_id,
                esc(&d.message),
                esc(&format!(
                    "{}: {}",
                    d.location(),
                    d.hint.clone().unwrap_or_default()
                ))
            ));
        }
        if !warnings.is_empty() {
            let text: Vec<String> = warnings
                .iter()
                .map(|d| format!("warning[{}] {}: {}", d.rule_id, d.location(), d.message))
                .collect();
            suites.push_str(&format!(
                "    <system-out>{}</system-out>\n",
                esc(&text.join("\n"))
            ));
        }
        suites.push_str("  </testsuite>\n");
    }
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"coursepack validate\" tests=\"{all_tests}\" failures=\"{all_failures}\" errors=\"0\">\n{suites}</testsuites>\n"
    )
}

/// A file path as a SARIF `uri-reference`: `/`-separated, every byte but
/// RFC 3986's unreserved characters and `/` percent-encoded.
pub fn uri(path: &std::path::Path) -> String {
    let text = path.to_string_lossy().replace('\\', "/");
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Text for XML content and attribute values: the control characters XML
/// 1.0 forbids dropped, the rest escaped with coursepack's one escaper.
fn esc(s: &str) -> String {
    let allowed: String = s
        .chars()
        .filter(|c| !c.is_control() || matches!(c, '\n' | '\t'))
        .collect();
    crate::html::escape(&allowed)
}

/// Characters of the source line shown before and after a finding's column.
const WINDOW_BEFORE: usize = 40;
const WINDOW_AFTER: usize = 80;

/// Text output for one package: a header line naming the package and its
/// kind, every finding (errors first: the findings come sorted) with a
/// snippet of its source line cut to a window around the column, and a
/// summary line. Cost is linear in the manifest plus the findings, whatever
/// the length of a line.
pub fn text(r: &Report, color: bool) -> String {
    use annotate_snippets::{AnnotationKind, Group, Level, Origin, Renderer, Snippet};
    let renderer = if color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    let windows = windows(r);
    let kind = r.kind.map_or("unknown kind".to_string(), |k| k.name());
    let mut out = format!("{}: {kind}\n", r.package.display());
    for (d, window) in r.findings.iter().zip(windows) {
        let level = match d.severity {
            Severity::Error => Level::ERROR,
            Severity::Warning => Level::WARNING,
        };
        let path = d.file.display().to_string();
        let title = level.primary_title(d.message.as_str()).id(d.rule_id);
        let group = match (d.line, d.column, &window) {
            (Some(line), Some(column), Some((snippet, start, end))) => {
                let line = usize::try_from(line).unwrap_or(usize::MAX);
                title
                    .element(
                        Origin::path(path.as_str())
                            .line(line)
                            .char_column(usize::try_from(column).unwrap_or(usize::MAX)),
                    )
                    .element(
                        Snippet::source(snippet.as_str())
                            .line_start(line)
                            .annotation(AnnotationKind::Primary.span(*start..*end)),
                    )
            }
            _ => title.element(Origin::path(d.location())),
        };
        let mut groups = vec![group];
        if let Some(hint) = d.hint.as_deref().filter(|h| !h.is_empty()) {
            groups.push(Group::with_title(Level::HELP.secondary_title(hint)));
        }
        out.push_str(&renderer.render(&groups).to_string());
        out.push_str("\n\n");
    }
    let s = summarize(&r.findings);
    out.push_str(&format!(
        "{}: {} error(s), {} warning(s)\n",
        r.package.display(),
        s.errors,
        s.warnings
    ));
    out
}

/// For each finding, the part of its source line around its column (with
/// `…` where cut) and the byte range of the caret in it. One pass over each
/// source file for all its findings.
fn windows(r: &Report) -> Vec<Option<(String, usize, usize)>> {
    use std::collections::BTreeMap;
    // (file, line, column) -> byte offset in the file, filled in one pass.
    let mut wanted: BTreeMap<&std::path::Path, BTreeMap<(u64, u64), usize>> = BTreeMap::new();
    for d in &r.findings {
        if let (Some(line), Some(column)) = (d.line, d.column)
            && r.sources.text(&d.file).is_some()
        {
            wanted
                .entry(d.file.as_path())
                .or_default()
                .insert((line, column), usize::MAX);
        }
    }
    for (file, targets) in &mut wanted {
        let Some(text) = r.sources.text(file) else {
            continue;
        };
        let mut iter = targets.iter_mut().peekable();
        let (mut line, mut column) = (1u64, 1u64);
        for (i, c) in text
            .char_indices()
            .chain(std::iter::once((text.len(), '\n')))
        {
            while let Some(((l, col), slot)) = iter.peek_mut() {
                // A column past the end of its line points at the line end.
                if (*l, *col) == (line, column) || (*l == line && c == '\n' && *col > column) {
                    **slot = i;
                    iter.next();
                } else if (*l, *col) < (line, column) {
                    iter.next();
                } else {
                    break;
                }
            }
            if iter.peek().is_none() {
                break;
            }
            if c == '\n' {
                line += 1;
                column = 1;
            } else {
                column += 1;
            }
        }
    }
    r.findings
        .iter()
        .map(|d| {
            let (line, column) = (d.line?, d.column?);
            let text = r.sources.text(&d.file)?;
            let at = *wanted.get(d.file.as_path())?.get(&(line, column))?;
            if at == usize::MAX {
                return None;
            }
            Some(window(text, at))
        })
        .collect()
}

/// The window around byte `at` of `text`, within its line.
fn window(text: &str, at: usize) -> (String, usize, usize) {
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[at..].find('\n').map_or(text.len(), |i| at + i);
    let line_end = if text[..line_end].ends_with('\r') {
        line_end - 1
    } else {
        line_end
    }
    .max(at);
    let from = text[line_start..at]
        .char_indices()
        .rev()
        .nth(WINDOW_BEFORE - 1)
        .map_or(line_start, |(i, _)| line_start + i);
    let to = text[at..line_end]
        .char_indices()
        .nth(WINDOW_AFTER)
        .map_or(line_end, |(i, _)| at + i);
    let mut snippet = String::new();
    if from > line_start {
        snippet.push('…');
    }
    let caret = snippet.len() + (at - from);
    snippet.push_str(&text[from..to]);
    let rest = &text[at..to];
    let token = rest
        .char_indices()
        .find(|&(_, c)| c.is_whitespace() || matches!(c, '>' | '/' | '='))
        .map_or(rest.len(), |(i, _)| i);
    let end = caret + token.max(rest.chars().next().map_or(0, char::len_utf8));
    if to < line_end {
        snippet.push('…');
    }
    (snippet, caret, end)
}
