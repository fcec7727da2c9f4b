//! Every package `coursepack build` writes passes
//! `coursepack validate --profile strict --deny-warnings` (the build runs the
//! same checks on each package before writing it; this proves it from the
//! outside, on the zips as written, reading every entry with `--deep`). The
//! plain web export has no manifest: validate recognises it as coursepack's
//! web export (kind `web`), so `coursepack validate dist/*.zip` exits 0.

use assert_cmd::Command;
use std::path::PathBuf;

#[test]
fn every_built_package_passes_strict_validation() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let out = tempfile::tempdir().expect("temp");
    let built = Command::cargo_bin("coursepack")
        .expect("binary")
        .arg("build")
        .arg(root.join("course"))
        .arg("--out")
        .arg(out.path())
        .args(["--format", "json"])
        .output()
        .expect("build");
    assert!(
        built.status.success(),
        "{}",
        String::from_utf8_lossy(&built.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&built.stdout).expect("build report");
    let zips: Vec<PathBuf> = report["packages"]
        .as_array()
        .expect("packages")
        .iter()
        .map(|p| out.path().join(p["file"].as_str().expect("file")))
        .collect();
    assert!(!zips.is_empty(), "no LMS package built: {report:#}");
    let validated = Command::cargo_bin("coursepack")
        .expect("binary")
        .args([
            "validate",
            "--profile",
            "strict",
            "--deny-warnings",
            "--deep",
            "--format",
            "json",
        ])
        .args(&zips)
        .output()
        .expect("validate");
    let findings: serde_json::Value =
        serde_json::from_slice(&validated.stdout).expect("validate JSON");
    assert_eq!(validated.status.code(), Some(0), "{findings:#}");
    assert_eq!(findings["summary"]["errors"], 0, "{findings:#}");
    assert_eq!(
        findings["packages"].as_array().map(Vec::len),
        Some(zips.len()),
        "{findings:#}"
    );
    let kinds: Vec<&str> = findings["packages"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|p| p["kind"].as_str())
        .collect();
    assert_eq!(
        kinds.len(),
        zips.len(),
        "every package has a kind: {findings:#}"
    );
    assert!(
        kinds.contains(&"coursepack web export"),
        "the web export is recognised: {findings:#}"
    );
}
