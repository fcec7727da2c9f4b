//! The player's grading rules for typed answers (README, "How typed answers
//! are graded"), run in node against the player script and the course data a
//! real render produces: fill-in tolerance (white space, trailing punctuation,
//! case, accents, variants) and numeric tolerance.

use crate::common;

/// The grading course: one knowledge check of typed questions.
fn course() -> String {
    common::one_page_course(
        "grading",
        r#"    check:
      id: c
      questions:
        - id: plain
          type: fill-in
          prompt: {en: Plain}
          accepted: {en: [Call to action, CTA]}
          feedback: {incorrect: {en: No.}}
        - id: cased
          type: fill-in
          prompt: {en: Cased}
          accepted: {en: [NASA]}
          case_sensitive: true
          feedback: {incorrect: {en: No.}}
        - id: accents
          type: fill-in
          prompt: {en: Accents}
          accepted: {en: [café crème]}
          ignore_diacritics: true
          feedback: {incorrect: {en: No.}}
        - id: strict-accents
          type: fill-in
          prompt: {en: Strict accents}
          accepted: {en: [café]}
          feedback: {incorrect: {en: No.}}
        - id: near
          type: numeric
          prompt: {en: Near}
          exact: 25
          tolerance: 0.5
          feedback: {incorrect: {en: No.}}
        - id: exact
          type: numeric
          prompt: {en: Exact}
          exact: 25
          feedback: {incorrect: {en: No.}}
"#,
    )
}

/// [question id, answer, expected] for every rule.
const CASES: &str = r#"[
  ["plain", "Call to action", "correct"],
  ["plain", "  call   TO\taction  ", "correct"],
  ["plain", "call to action.", "correct"],
  ["plain", "call to action?!…", "correct"],
  ["plain", "cta", "correct"],
  ["plain", "call-to-action", "incorrect"],
  ["plain", "call to", "incorrect"],
  ["plain", "...", "incorrect"],
  ["plain", "", "incorrect"],
  ["cased", "NASA", "correct"],
  ["cased", "NASA.", "correct"],
  ["cased", "nasa", "incorrect"],
  ["accents", "cafe creme", "correct"],
  ["accents", "CAFÉ CRÈME", "correct"],
  ["accents", "cafe\u0301 cre\u0300me", "correct"],
  ["accents", "cafe cream", "incorrect"],
  ["strict-accents", "cafe\u0301", "correct"],
  ["strict-accents", "Café!", "correct"],
  ["strict-accents", "cafe", "incorrect"],
  ["near", "25", "correct"],
  ["near", "24,5", "correct"],
  ["near", "25.5", "correct"],
  ["near", "25.6", "incorrect"],
  ["near", "24.4", "incorrect"],
  ["exact", "25", "correct"],
  ["exact", "25.0", "correct"],
  ["exact", "25.1", "incorrect"],
  ["exact", "25%", "incorrect"]
]"#;

#[test]
fn typed_answers_are_graded_by_the_readme_rules() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let file = tmp.path().join("course.yaml");
    std::fs::write(&file, course()).expect("write course");
    let r = common::render_en(tmp.path(), &course());
    let script = r#"
const fs = require('fs');
const path = require('path');
const dir = process.argv[1];
const P = require(path.join(dir, 'player.js'));
const data = JSON.parse(fs.readFileSync(path.join(dir, 'data.json'), 'utf8'));
const cases = JSON.parse(fs.readFileSync(path.join(dir, 'cases.json'), 'utf8'));
const qs = {};
for (const c of data.checks || []) for (const q of c.questions || []) qs[q.id] = q;
const wrong = [];
for (const [id, answer, expected] of cases) {
  if (!qs[id]) { wrong.push(`no question ${id} in the course data`); continue; }
  const got = P.Types.evaluate(qs[id], answer);
  if (got !== expected) wrong.push(`${id}: ${JSON.stringify(answer)} is ${got}, expected ${expected}`);
}
console.log(JSON.stringify({ checked: cases.length, wrong }));
"#;
    let report = common::run_player_script(&r, script, &[("cases.json", CASES)]);
    assert_eq!(report["checked"], 28, "{report}");
    assert_eq!(report["wrong"], serde_json::json!([]), "{report}");
}

fn check_rules(yaml: &str) -> Vec<(String, String)> {
    common::check_diagnostics(yaml)
        .iter()
        .map(|d| {
            (
                d["rule"].as_str().unwrap_or_default().to_string(),
                d["message"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect()
}

#[test]
fn the_grading_fields_are_checked() {
    assert_eq!(
        check_rules(&course()),
        vec![],
        "the grading course is clean"
    );
    let negative = check_rules(&course().replace("tolerance: 0.5", "tolerance: -1"));
    assert!(
        negative
            .iter()
            .any(|(r, m)| r == "answer-key" && m.contains("tolerance -1")),
        "{negative:?}"
    );
    let with_range = check_rules(&course().replace(
        "exact: 25\n          tolerance: 0.5",
        "min: 24\n          max: 26\n          tolerance: 0.5",
    ));
    assert!(
        with_range
            .iter()
            .any(|(r, m)| r == "question-field" && m.contains("`near`")),
        "{with_range:?}"
    );
    let misplaced = check_rules(&course().replace(
        "exact: 25\n          feedback",
        "exact: 25\n          ignore_diacritics: true\n          feedback",
    ));
    assert!(
        misplaced.iter().any(|(r, m)| r == "question-field"
            && m.contains("`ignore_diacritics` does not belong to a numeric question")),
        "{misplaced:?}"
    );
}
