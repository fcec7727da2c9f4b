//! The mistakes a course designer makes in YAML, one per file in
//! `tests/slips/` (each a starter course from `coursepack new` with one
//! slip): `check` names each with its rule, at its line, in the course's
//! words. The first line of each file says what to expect:
//! `# slip: <rule> line <n>: <words the message starts with or contains>`.

use assert_cmd::Command;
use std::path::Path;

#[test]
fn every_slip_is_named_at_its_line_in_course_words() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/slips");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("tests/slips")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    files.sort();
    assert!(files.len() >= 10, "the corpus has {} files", files.len());
    let mut failures = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file).expect("read");
        let head = text.lines().next().unwrap_or_default();
        let rest = head
            .strip_prefix("# slip: ")
            .expect("a `# slip:` first line");
        let (rule, rest) = rest.split_once(" line ").expect("rule");
        let (line, words) = rest.split_once(": ").expect("line: words");
        let line: u64 = line.parse().expect("a line number");

        let course = tempfile::tempdir().expect("temp dir");
        std::fs::write(course.path().join("course.yaml"), &text).expect("write");
        let out = Command::cargo_bin("coursepack")
            .expect("binary")
            .args(["check", "--format", "json"])
            .arg(course.path())
            .output()
            .expect("run");
        let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
        let found = report["diagnostics"].as_array().and_then(|d| {
            d.iter().find(|d| {
                d["rule"] == rule
                    && d["line"] == line
                    && d["message"].as_str().is_some_and(|m| m.contains(words))
            })
        });
        if found.is_none() {
            failures.push(format!(
                "{}: expected {rule} at line {line} saying `{words}`, got {:#}",
                file.display(),
                report["diagnostics"]
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
