//! Bounded output: at most [`PER_RULE`] findings of one rule and
//! [`PER_PACKAGE`] findings in all per package; what is left out is counted
//! and reported as one `findings-omitted` line, in every output format.
//! Findings past the per-rule cap are counted, not stored, so a hostile
//! manifest cannot make memory grow with its findings.

use super::rules;
use crate::diag::{Diagnostic, Rule, Severity};
use std::collections::{BTreeMap, HashMap};
use std::path::Path;

/// Most findings of one rule shown for one package.
pub const PER_RULE: usize = 100;
/// Most findings shown for one package.
pub const PER_PACKAGE: usize = 1_000;

/// What was left out of a package's findings.
#[derive(Debug, Default, Clone)]
pub struct Omitted {
    seen: HashMap<&'static str, usize>,
    by_rule: BTreeMap<&'static str, usize>,
    errors: usize,
    warnings: usize,
}

impl Omitted {
    /// Whether a finding of `rule` may still be stored; counts it either way.
    pub fn admit(&mut self, rule: Rule, severity: Severity) -> bool {
        let seen = self.seen.entry(rule.id).or_default();
        *seen += 1;
        if *seen <= PER_RULE {
            return true;
        }
        self.leave_out(rule.id, severity);
        false
    }

    fn leave_out(&mut self, rule: &'static str, severity: Severity) {
        *self.by_rule.entry(rule).or_default() += 1;
        match severity {
            Severity::Error => self.errors += 1,
            Severity::Warning => self.warnings += 1,
        }
    }

    pub fn total(&self) -> usize {
        self.errors + self.warnings
    }
}

/// Orders `findings` (errors first, then by file and position), keeps at
/// most [`PER_RULE`] per rule and [`PER_PACKAGE`] in all, and appends one
/// `findings-omitted` line when anything was left out (here or earlier,
/// as counted in `omitted`).
pub fn bound(
    mut findings: Vec<Diagnostic>,
    mut omitted: Omitted,
    package: &Path,
) -> Vec<Diagnostic> {
    findings.sort_by(|a, b| {
        (a.severity, &a.file, a.line, a.column).cmp(&(b.severity, &b.file, b.line, b.column))
    });
    let mut per_rule: HashMap<&'static str, usize> = HashMap::new();
    let mut kept = Vec::with_capacity(findings.len().min(PER_PACKAGE + 1));
    for d in findings {
        let n = per_rule.entry(d.rule_id).or_default();
        *n += 1;
        if *n > PER_RULE || kept.len() >= PER_PACKAGE {
            omitted.leave_out(d.rule_id, d.severity);
        } else {
            kept.push(d);
        }
    }
    if omitted.total() > 0 {
        let rules: Vec<String> = omitted
            .by_rule
            .iter()
            .map(|(rule, n)| format!("{rule} ×{n}"))
            .collect();
        let mut note = Diagnostic::new(
            rules::FINDINGS_OMITTED,
            package,
            None,
            format!(
                "and {} more findings not shown ({} errors, {} warnings: {})",
                omitted.total(),
                omitted.errors,
                omitted.warnings,
                rules.join(", ")
            ),
        )
        .hint(format!(
            "at most {PER_RULE} findings per rule and {PER_PACKAGE} per package are shown; fix these and run validate again"
        ));
        note.severity = if omitted.errors > 0 {
            Severity::Error
        } else {
            Severity::Warning
        };
        kept.push(note);
    }
    kept
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn caps_per_rule_and_per_package_and_says_how_many_more() {
        let file = Path::new("p.zip");
        let many = |rule: Rule, n: usize| {
            (0..n).map(move |i| Diagnostic::new(rule, file, None, format!("{i}")))
        };
        let findings: Vec<_> = many(rules::MANIFEST_HREF_MISSING, 250)
            .chain(many(rules::FILE_UNLISTED, 3))
            .collect();
        let out = bound(findings, Omitted::default(), file);
        assert_eq!(out.len(), PER_RULE + 3 + 1);
        let last = out.last().unwrap();
        assert_eq!(last.rule_id, "findings-omitted");
        assert_eq!(last.severity, Severity::Error);
        assert!(last.message.starts_with("and 150 more"), "{}", last.message);
        // Errors come first.
        assert_eq!(out[0].rule_id, "manifest-href-missing");

        let all: Vec<Rule> = rules::ALL.to_vec();
        let findings: Vec<_> = all.iter().flat_map(|r| many(*r, PER_RULE)).collect();
        let out = bound(findings, Omitted::default(), file);
        assert_eq!(out.len(), PER_PACKAGE + 1);
    }
}
