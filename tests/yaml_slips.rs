//! The mistakes a course designer makes in YAML, in `tests/slips/` (each a
//! starter course from `coursepack new` with one slip, or several): `check`
//! names each with its rule, at its line, in the course's words, all at once.
//! The comment lines at the top of each file say what to expect, one line
//! per diagnostic: `# slip: <rule> line <n>: <words the message contains>`
//! (an error) or `# warning: <rule> line <n>: <words>`. `check` must report
//! exactly those, nothing more.

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
    let several = files
        .iter()
        .filter(|f| {
            std::fs::read_to_string(f)
                .is_ok_and(|t| t.lines().filter(|l| l.starts_with("# slip: ")).count() >= 4)
        })
        .count();
    assert!(
        several >= 2,
        "the corpus has {several} files with several slips"
    );
    let mut failures = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file).expect("read");
        let expected: Vec<(&str, &str, u64, &str)> = text
            .lines()
            .take_while(|l| l.starts_with('#'))
            .filter_map(|l| {
                let (severity, rest) = if let Some(rest) = l.strip_prefix("# slip: ") {
                    ("error", rest)
                } else {
                    ("warning", l.strip_prefix("# warning: ")?)
                };
                let (rule, rest) = rest.split_once(" line ").expect("rule");
                let (line, words) = rest.split_once(": ").expect("line: words");
                Some((severity, rule, line.parse().expect("a line number"), words))
            })
            .collect();
        assert!(
            expected.iter().any(|e| e.0 == "error"),
            "{}: no `# slip:` line at the top",
            file.display()
        );

        let course = tempfile::tempdir().expect("temp dir");
        std::fs::write(course.path().join("course.yaml"), &text).expect("write");
        let out = Command::cargo_bin("coursepack")
            .expect("binary")
            .args(["check", "--format", "json"])
            .arg(course.path())
            .output()
            .expect("run");
        let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
        let found = report["diagnostics"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        let mut unmatched = found.clone();
        for (severity, rule, line, words) in &expected {
            let hit = unmatched.iter().position(|d| {
                d["severity"] == *severity
                    && d["rule"] == *rule
                    && d["line"] == *line
                    && d["message"].as_str().is_some_and(|m| m.contains(words))
            });
            match hit {
                Some(i) => {
                    unmatched.remove(i);
                }
                None => failures.push(format!(
                    "{}: expected {severity} {rule} at line {line} saying `{words}`, got {:#}",
                    file.display(),
                    report["diagnostics"]
                )),
            }
        }
        if !unmatched.is_empty() {
            failures.push(format!(
                "{}: reported more than the file expects: {unmatched:#?}",
                file.display()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
