//! Hostile inputs: each must end quickly with a clear diagnostic and exit 1,
//! never a panic, a hang or runaway memory. The child runs under a 1 GiB
//! address-space limit and a timeout; both are guards against a runaway, not
//! performance assertions (speed is measured by the benchmark).

use assert_cmd::Command;
use std::path::Path;
use std::time::{Duration, Instant};

const MEMORY_LIMIT_KIB: u64 = 1024 * 1024;
const TIME_LIMIT: Duration = Duration::from_secs(30);

/// Runs `coursepack check DIR --format json` under the limits; returns the
/// exit code and the parsed report.
fn check_bounded(dir: &Path) -> (i32, serde_json::Value) {
    let bin = assert_cmd::cargo::cargo_bin("coursepack");
    let started = Instant::now();
    let out = Command::new("bash")
        .arg("-c")
        .arg(format!(
            "ulimit -v {MEMORY_LIMIT_KIB} && exec \"$0\" check \"$1\" --format json"
        ))
        .arg(&bin)
        .arg(dir)
        .timeout(TIME_LIMIT)
        .output()
        .expect("run coursepack");
    eprintln!("{}: {:?}", dir.display(), started.elapsed());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        !stderr.contains("panicked"),
        "coursepack panicked: {stderr}"
    );
    let code = out.status.code().unwrap_or(-1);
    let json = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("no JSON report ({e}); exit {code}; stderr: {stderr}"));
    (code, json)
}

fn first_rule(report: &serde_json::Value) -> &str {
    report["diagnostics"][0]["rule"]
        .as_str()
        .unwrap_or("<none>")
}

fn course_dir_with(bytes: &[u8]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("course.yaml"), bytes).expect("write course");
    dir
}

#[test]
fn billion_laughs_is_refused() {
    let mut yaml = String::from(
        "a0: &a0 [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
    );
    for i in 1..=9 {
        let p = i - 1;
        yaml.push_str(&format!(
            "a{i}: &a{i} [*a{p},*a{p},*a{p},*a{p},*a{p},*a{p},*a{p},*a{p},*a{p}]\n"
        ));
    }
    let dir = course_dir_with(yaml.as_bytes());
    let (code, report) = check_bounded(dir.path());
    assert_eq!(code, 1, "{report:#}");
    // The typed loader stops at the first key the format does not know, before
    // any alias is expanded.
    assert!(first_rule(&report).starts_with("yaml-"), "{report:#}");
}

#[test]
fn billion_laughs_inside_a_course_field_is_refused() {
    // The same bomb where the format expects a value: the aliases are expanded
    // while deserialising, so the node budget must stop it.
    let mut yaml = String::from("x0: &x0 [a, a, a, a, a, a, a, a, a, a]\n");
    for i in 1..=8 {
        let p = i - 1;
        yaml.push_str(&format!(
            "x{i}: &x{i} [*x{p}, *x{p}, *x{p}, *x{p}, *x{p}, *x{p}, *x{p}, *x{p}, *x{p}, *x{p}]\n"
        ));
    }
    // Anchors defined inside a list of lessons, then the last one referenced
    // as the lessons of a second document-level key.
    let yaml = yaml.replace('\n', "\n  ");
    let yaml = format!("lessons:\n  - {}\nauthors: *x8\n", yaml.trim_end());
    let dir = course_dir_with(yaml.as_bytes());
    let (code, report) = check_bounded(dir.path());
    assert_eq!(code, 1, "{report:#}");
    assert!(
        first_rule(&report).starts_with("yaml-"),
        "expected the alias bomb to be refused, got {report:#}"
    );
}

#[test]
fn flow_nesting_ten_thousand_deep_is_refused() {
    let yaml = format!("id: {}{}\n", "[".repeat(10_000), "]".repeat(10_000));
    let dir = course_dir_with(yaml.as_bytes());
    let (code, report) = check_bounded(dir.path());
    assert_eq!(code, 1, "{report:#}");
    assert!(first_rule(&report).starts_with("yaml-"), "{report:#}");
    assert_eq!(report["diagnostics"][0]["line"], 1, "{report:#}");
}

#[test]
fn block_nesting_five_thousand_deep_is_refused() {
    // Block nesting costs one more space per level, so 5,000 levels already
    // make a 12 MB file; deeper would hit the size cap first.
    let mut yaml = String::new();
    for depth in 0..5_000 {
        yaml.push_str(&" ".repeat(depth));
        yaml.push_str("- \n");
    }
    let dir = course_dir_with(yaml.as_bytes());
    let (code, report) = check_bounded(dir.path());
    assert_eq!(code, 1, "{report:#}");
    let rule = first_rule(&report);
    assert!(rule.starts_with("yaml-"), "{report:#}");
}

#[test]
fn hundred_megabyte_file_is_refused_without_reading_it_whole() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = std::fs::File::create(dir.path().join("course.yaml")).expect("create");
    file.set_len(100 * 1024 * 1024).expect("grow file");
    let (code, report) = check_bounded(dir.path());
    assert_eq!(code, 1, "{report:#}");
    assert_eq!(first_rule(&report), "file-too-large", "{report:#}");
}

#[test]
fn invalid_utf8_is_located() {
    let dir = course_dir_with(b"id: demo\nversion: \"1.0\"\ntitle: {nl: \"caf\xE9\"}\n");
    let (code, report) = check_bounded(dir.path());
    assert_eq!(code, 1, "{report:#}");
    let d = &report["diagnostics"][0];
    assert_eq!(d["rule"], "file-encoding", "{report:#}");
    assert_eq!(d["line"], 3, "{report:#}");
    assert_eq!(d["column"], 17, "{report:#}");
}

#[test]
fn a_folder_without_course_yaml_is_a_usage_error() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = Command::cargo_bin("coursepack")
        .expect("binary")
        .arg("check")
        .arg(dir.path())
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("no course.yaml"), "{stderr}");
    assert!(stderr.contains("help:"), "{stderr}");
}
