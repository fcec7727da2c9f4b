//! Helpers the integration tests share: the project root, the official schema
//! set beside the checkout (the test oracle), xmllint's verdict with it, and
//! the README's complete example course.
#![allow(dead_code)] // each test binary uses a different part

use std::path::{Path, PathBuf};
use std::process::Command;

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The official schema set beside the checkout (read-only; the test oracle).
pub fn shared_schemas() -> PathBuf {
    let dir = root().join("../shared/schemas");
    assert!(
        dir.join("drivers/scorm12.xsd").is_file(),
        "the official schemas are missing at {}: the tests need ../shared beside the checkout",
        dir.display()
    );
    dir
}

/// xmllint's verdict on `xml` with `schema` (a path inside ../shared/schemas):
/// `(valid, what xmllint said)`. Panics when xmllint is missing or cannot
/// validate at all (anything but "valid" or "invalid").
pub fn xmllint(schema: &str, xml: &[u8]) -> (bool, String) {
    let dir = tempfile::tempdir().expect("temp");
    let file = dir.path().join("doc.xml");
    std::fs::write(&file, xml).expect("write");
    let out = Command::new("xmllint")
        .args(["--nonet", "--noout", "--schema"])
        .arg(shared_schemas().join(schema))
        .arg(&file)
        .output()
        .expect("xmllint must be installed (scripts/test installs libxml2-utils)");
    let code = out.status.code().unwrap_or(-1);
    let said = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(
        code == 0 || code == 3,
        "xmllint could not validate (rc {code}): {said}"
    );
    (code == 0, said)
}

/// Asserts that xmllint finds `xml` valid against `schema`.
pub fn assert_xmllint_valid(schema: &str, xml: &[u8], what: &str) {
    let (valid, said) = xmllint(schema, xml);
    assert!(valid, "{what} does not validate against {schema}: {said}");
}

/// The YAML block after the README's "A complete example" heading.
pub fn readme_example() -> String {
    let readme = std::fs::read_to_string(root().join("README.md")).expect("read README.md");
    let section = readme
        .split_once("### A complete example")
        .expect("README has a complete example")
        .1;
    let block = section
        .split_once("```yaml\n")
        .expect("example starts with ```yaml")
        .1;
    block
        .split_once("\n```")
        .expect("example block is closed")
        .0
        .to_string()
}

/// Writes `yaml` as a course into `dir` with the asset the README example
/// uses (`assets/chart.png`).
pub fn write_course(dir: &Path, yaml: &str) {
    std::fs::write(dir.join("course.yaml"), yaml).expect("write");
    std::fs::create_dir_all(dir.join("assets")).expect("mkdir");
    std::fs::write(dir.join("assets/chart.png"), b"\x89PNG\r\n\x1a\n").expect("png");
}

/// The README example, loaded and checked (it must have no errors).
pub fn readme_course(dir: &Path) -> coursepack::course::model::Course {
    write_course(dir, &readme_example());
    let checked = coursepack::course::load_and_check(dir).expect("load");
    assert!(!checked.has_errors(), "{:?}", checked.diagnostics);
    checked.course.expect("course")
}
