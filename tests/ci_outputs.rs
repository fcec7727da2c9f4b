//! `validate`'s CI outputs read by common third-party readers (issue 16.7,
//! 16.8): SARIF validated against the SARIF 2.1.0 JSON schema with ajv and
//! ajv-formats (so `uri-reference` is checked: file names with spaces and
//! `#` must be percent-encoded), JUnit parsed by junit2json with every
//! suite's `tests`/`failures` equal to its elements. The readers live in
//! `tests/ci-outputs` (`npm ci` there; scripts/test does it).

use crate::common;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

fn checker() -> PathBuf {
    let dir = common::root().join("tests/ci-outputs");
    assert!(
        dir.join("node_modules/ajv-formats").is_dir(),
        "the readers are not installed: run `npm ci` in {} (scripts/test does)",
        dir.display()
    );
    dir.join("check.mjs")
}

/// `node check.mjs MODE FILE`: (passed, stdout, stderr).
fn check(mode: &str, file: &Path) -> (bool, String, String) {
    let out = Command::new("node")
        .arg(checker())
        .arg(mode)
        .arg(file)
        .output()
        .expect("node must be installed");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn package(path: &Path, href: &str, files: &str, extra: &[(&str, &[u8])]) {
    use std::io::Write;
    let text = common::scorm12_manifest(href, files);
    let mut w = zip::ZipWriter::new(std::fs::File::create(path).expect("create"));
    let opts = zip::write::SimpleFileOptions::default();
    for (name, data) in [("imsmanifest.xml", text.as_bytes()), ("index.html", b"x")]
        .into_iter()
        .chain(extra.iter().copied())
    {
        w.start_file(name, opts).expect("start");
        w.write_all(data).expect("write");
    }
    w.finish().expect("finish");
}

/// A clean package, one whose name and files have spaces and `#`, and one
/// with three errors.
fn packages(dir: &Path) -> Vec<PathBuf> {
    let spaced = dir.join("my course #1");
    std::fs::create_dir(&spaced).expect("mkdir");
    let paths = vec![
        dir.join("good.zip"),
        spaced.join("a package (v2) #1.zip"),
        dir.join("broken.zip"),
    ];
    package(&paths[0], "index.html", "", &[]);
    package(
        &paths[1],
        "index.html",
        "",
        &[("media/a clip #2.txt", b"x"), ("notes 100%.txt", b"x")],
    );
    package(
        &paths[2],
        "https://evil.example/x.html",
        "<file href=\"gone-1.html\"/><file href=\"gone-2.html\"/>",
        &[],
    );
    paths
}

fn validate(format: &str, paths: &[PathBuf]) -> String {
    let out = assert_cmd::Command::cargo_bin("coursepack")
        .expect("binary")
        .args(["validate", "--profile", "strict", "--format", format])
        .args(paths)
        .timeout(Duration::from_secs(60))
        .output()
        .expect("run");
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn sarif_passes_the_sarif_2_1_0_schema_with_formats_on() {
    let dir = tempfile::tempdir().expect("temp");
    let paths = packages(dir.path());
    let sarif = validate("sarif", &paths);
    assert!(
        sarif.contains("%20%231"),
        "file names are percent-encoded: {sarif}"
    );
    let file = dir.path().join("out.sarif");
    std::fs::write(&file, &sarif).expect("write");
    let (ok, _, why) = check("sarif", &file);
    assert!(ok, "the SARIF output breaks the schema: {why}");
    // The checker does check formats: the same log with a raw file name fails.
    let raw = sarif.replacen("%20", " ", 1);
    std::fs::write(&file, raw).expect("write");
    let (ok, _, _) = check("sarif", &file);
    assert!(!ok, "a uri with a space passed: formats are not checked");
}

#[test]
fn junit_counts_match_its_elements() {
    let dir = tempfile::tempdir().expect("temp");
    let paths = packages(dir.path());
    let file = dir.path().join("out.xml");
    std::fs::write(&file, validate("junit", &paths)).expect("write");
    let (ok, out, why) = check("junit", &file);
    assert!(ok, "junit2json could not read it: {why}");
    let parsed: serde_json::Value = serde_json::from_str(&out).expect("json");
    let suites = parsed["suites"].as_array().expect("suites");
    assert_eq!(suites.len(), 3, "{parsed:#}");
    let (mut tests, mut failures) = (0, 0);
    for s in suites {
        assert_eq!(s["tests"], s["testcases"], "{s}");
        assert_eq!(s["failures"], s["failureElements"], "{s}");
        tests += s["tests"].as_u64().unwrap_or_default();
        failures += s["failures"].as_u64().unwrap_or_default();
    }
    assert_eq!(parsed["tests"].as_u64(), Some(tests), "{parsed:#}");
    assert_eq!(parsed["failures"].as_u64(), Some(failures), "{parsed:#}");
    assert_eq!(suites[0]["failures"], 0, "{parsed:#}");
    assert_eq!(
        suites[2]["failures"], 3,
        "one failure per error: {parsed:#}"
    );
}
