//! The real course and the README's complete example both check clean:
//! no errors and no warnings.

use crate::common;

use assert_cmd::Command;
use std::path::Path;

fn check_json(dir: &Path) -> (i32, serde_json::Value) {
    let out = Command::cargo_bin("coursepack")
        .expect("binary")
        .args(["check", "--format", "json"])
        .arg(dir)
        .output()
        .expect("run coursepack");
    let json = serde_json::from_slice(&out.stdout).expect("JSON report");
    (out.status.code().unwrap_or(-1), json)
}

#[test]
fn real_course_checks_clean() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("course");
    let (code, report) = check_json(&dir);
    assert_eq!(code, 0, "{report:#}");
    assert_eq!(
        report["diagnostics"].as_array().map(Vec::len),
        Some(0),
        "the real course must have no errors and no warnings: {report:#}"
    );
}

#[test]
fn readme_example_checks_clean() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("course.yaml"), common::readme_example()).expect("write");
    std::fs::create_dir(dir.path().join("assets")).expect("mkdir");
    std::fs::write(dir.path().join("assets/chart.png"), b"\x89PNG\r\n\x1a\n").expect("png");
    let (code, report) = check_json(dir.path());
    assert_eq!(code, 0, "{report:#}");
    assert_eq!(
        report["diagnostics"].as_array().map(Vec::len),
        Some(0),
        "{report:#}"
    );
}

#[test]
fn readme_example_reports_every_problem_not_just_the_first() {
    // Three independent mistakes in one file: all three are reported.
    let text = common::readme_example()
        .replace("src: assets/chart.png", "src: assets/missing.png")
        .replace("pass_mark: 70", "pass_mark: 170")
        .replace("[de tips](page:tips)", "[de tips](page:tipz)");
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("course.yaml"), text).expect("write");
    let (code, report) = check_json(dir.path());
    assert_eq!(code, 1, "{report:#}");
    let rules: Vec<&str> = report["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter_map(|d| d["rule"].as_str())
        .collect();
    for rule in ["asset-missing", "assessment-pass-mark", "ref-unresolved"] {
        assert!(rules.contains(&rule), "{rule} missing from {rules:?}");
    }
}
