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
                "artifactLocation": {"uri": d.file.to_string_lossy().replace('\\', "/")},
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

/// JUnit XML: one test suite per package, one test case per package with a
/// `<failure>` per error (warnings go to `<system-out>`).
pub fn junit(reports: &[Report]) -> String {
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"coursepack validate\">\n",
    );
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
        out.push_str(&format!(
            "  <testsuite name=\"{name}\" tests=\"1\" failures=\"{}\" errors=\"0\">\n    <testcase classname=\"coursepack.validate\" name=\"{name}\">\n",
            usize::from(!errors.is_empty())
        ));
        for d in &errors {
            out.push_str(&format!(
                "      <failure type=\"{}\" message=\"{}\">{}</failure>\n",
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
            out.push_str(&format!(
                "      <system-out>{}</system-out>\n",
                esc(&text.join("\n"))
            ));
        }
        out.push_str("    </testcase>\n  </testsuite>\n");
    }
    out.push_str("</testsuites>\n");
    out
}

fn esc(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_control() || matches!(c, '\n' | '\t'))
        .fold(String::new(), |mut o, c| {
            match c {
                '&' => o.push_str("&amp;"),
                '<' => o.push_str("&lt;"),
                '>' => o.push_str("&gt;"),
                '"' => o.push_str("&quot;"),
                _ => o.push(c),
            }
            o
        })
}
