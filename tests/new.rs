//! `coursepack new` writes a starter course that checks clean and builds in
//! every language asked for, and refuses to write into a non-empty folder.

use assert_cmd::Command;
use std::path::Path;

fn coursepack() -> Command {
    Command::cargo_bin("coursepack").expect("binary")
}

fn check_json(dir: &Path) -> serde_json::Value {
    let out = coursepack()
        .args(["check", "--format", "json"])
        .arg(dir)
        .output()
        .expect("run coursepack");
    assert_eq!(out.status.code(), Some(0));
    serde_json::from_slice(&out.stdout).expect("JSON report")
}

#[test]
fn starter_course_checks_clean_and_builds_in_two_languages() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let dir = tmp.path().join("Intro Course");
    let out = coursepack()
        .args(["new", "--lang", "nl,en"])
        .arg(&dir)
        .output()
        .expect("run");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let said = String::from_utf8_lossy(&out.stderr);
    for next in ["coursepack preview", "coursepack check", "coursepack build"] {
        assert!(said.contains(next), "prints `{next}`: {said}");
    }
    let report = check_json(&dir);
    assert_eq!(report["diagnostics"], serde_json::json!([]), "{report:#}");

    let yaml = std::fs::read_to_string(dir.join("course.yaml")).expect("course.yaml");
    assert!(yaml.starts_with("# yaml-language-server: $schema=course.schema.json"));
    assert!(yaml.contains("id: intro-course"));
    assert!(yaml.contains("source: nl, translations: [en]"));
    assert!(yaml.contains("Mijn eerste cursus") && yaml.contains("My first course"));
    let schema = std::fs::read_to_string(dir.join("course.schema.json")).expect("schema");
    assert_eq!(schema, coursepack::course::json_schema());
    let ignore = std::fs::read_to_string(dir.join(".gitignore")).expect(".gitignore");
    assert!(ignore.lines().any(|l| l == "dist/"));
    assert!(dir.join("assets/welcome.svg").is_file());

    let dist = tmp.path().join("dist");
    let out = coursepack()
        .arg("build")
        .arg(&dir)
        .args(["--target", "scorm12,web", "--out"])
        .arg(&dist)
        .output()
        .expect("run");
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{said}");
    // What to upload where, in a designer's words (no resume-state jargon).
    assert!(said.contains("what to upload where"), "{said}");
    assert!(said.contains("-scorm12.zip as a SCORM package"), "{said}");
    assert!(said.contains("any web server"), "{said}");
    assert!(!said.contains("tincan"), "only the targets built: {said}");
    assert!(!said.contains("resume state"), "{said}");
    for name in [
        "intro-course-0.1.0-nl-scorm12.zip",
        "intro-course-0.1.0-en-web.zip",
    ] {
        assert!(dist.join(name).is_file(), "{name}");
    }
}

#[test]
fn a_language_without_starter_text_still_checks_clean() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let dir = tmp.path().join("c");
    coursepack()
        .args(["new", "--lang", "de"])
        .arg(&dir)
        .assert()
        .success();
    let report = check_json(&dir);
    assert_eq!(report["diagnostics"], serde_json::json!([]), "{report:#}");
}

#[test]
fn refuses_a_non_empty_folder_and_leaves_it_alone() {
    let tmp = tempfile::tempdir().expect("temp dir");
    std::fs::write(tmp.path().join("notes.txt"), "mine").expect("write");
    let out = coursepack()
        .arg("new")
        .arg(tmp.path())
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(said.contains("is not empty"), "{said}");
    assert!(!tmp.path().join("course.yaml").exists());
}

#[test]
fn refuses_bad_language_codes() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let out = coursepack()
        .args(["new", "--lang", "en,en"])
        .arg(tmp.path().join("c"))
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
    assert!(!tmp.path().join("c").exists());
}
