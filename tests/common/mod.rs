//! Helpers the integration tests share: the project root, the official schema
//! set in tests/fixtures/official-schemas (the test oracle), xmllint's verdict
//! with it, and the README's complete example course.

use std::path::{Path, PathBuf};
use std::process::Command;

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The official schema sets, with our drivers and examples for them: the test
/// oracle, committed as fixtures (see its PROVENANCE.md).
pub fn official_schemas() -> PathBuf {
    root().join("tests/fixtures/official-schemas")
}

/// xmllint's verdict on `xml` with `schema` (a path inside
/// tests/fixtures/official-schemas):
/// `(valid, what xmllint said)`. Panics when xmllint is missing or cannot
/// validate at all (anything but "valid" or "invalid").
pub fn xmllint(schema: &str, xml: &[u8]) -> (bool, String) {
    let dir = tempfile::tempdir().expect("temp");
    let file = dir.path().join("doc.xml");
    std::fs::write(&file, xml).expect("write");
    let out = Command::new("xmllint")
        .args(["--nonet", "--noout", "--schema"])
        .arg(official_schemas().join(schema))
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

/// `coursepack validate --format json --profile PROFILE EXTRA... PATH`, with a
/// time limit: the exit code and the JSON report. Fails on a panic or on
/// output that is not JSON.
pub fn validate_json(
    path: &Path,
    profile: &str,
    extra: &[&str],
    limit_secs: u64,
) -> (i32, serde_json::Value) {
    let out = assert_cmd::Command::cargo_bin("coursepack")
        .expect("binary")
        .args(["validate", "--format", "json", "--profile", profile])
        .args(extra)
        .arg(path)
        .timeout(std::time::Duration::from_secs(limit_secs))
        .output()
        .expect("run");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    let json =
        serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("no JSON ({e}): {stderr}"));
    (out.status.code().unwrap_or(-1), json)
}

/// A zip whose two central-directory entries (`imsmanifest.xml` holding
/// `manifest`, then `b.txt`) both point at the first entry's local data: the
/// second entry's local-header offset is patched to 0.
pub fn write_overlapping_zip(path: &Path, manifest: &[u8]) {
    use std::io::Write;
    let mut w = zip::ZipWriter::new(std::fs::File::create(path).expect("create"));
    let opts =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    w.start_file("imsmanifest.xml", opts).expect("start");
    w.write_all(manifest).expect("write");
    w.start_file("b.txt", opts).expect("start");
    w.write_all(b"bbbb").expect("write");
    w.finish().expect("finish");
    let mut bytes = std::fs::read(path).expect("read");
    // Central directory headers start with PK\x01\x02; the offset field is at +42.
    let cd: Vec<usize> = bytes
        .windows(4)
        .enumerate()
        .filter(|(_, w)| *w == [0x50, 0x4b, 0x01, 0x02])
        .map(|(i, _)| i)
        .collect();
    assert_eq!(cd.len(), 2);
    bytes[cd[1] + 42..cd[1] + 46].copy_from_slice(&[0, 0, 0, 0]);
    std::fs::write(path, bytes).expect("write");
}

/// The smallest SCORM 1.2 manifest the validate tests start from: one item
/// launching one SCO at `href`, which lists `index.html` and then `files`
/// (more `<file>` elements, or nothing).
pub fn scorm12_manifest(href: &str, files: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="m" version="1" xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2" xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2">
  <metadata><schema>ADL SCORM</schema><schemaversion>1.2</schemaversion></metadata>
  <organizations default="o"><organization identifier="o"><title>t</title>
    <item identifier="i" identifierref="r"><title>t</title></item>
  </organization></organizations>
  <resources>
    <resource identifier="r" type="webcontent" adlcp:scormtype="sco" href="{href}">
      <file href="index.html"/>{files}
    </resource>
  </resources>
</manifest>
"#
    )
}

/// The diagnostics `coursepack check --format json` reports for a course made
/// of `yaml` alone.
pub fn check_diagnostics(yaml: &str) -> Vec<serde_json::Value> {
    let tmp = tempfile::tempdir().expect("temp dir");
    write_course(tmp.path(), yaml);
    let out = assert_cmd::Command::cargo_bin("coursepack")
        .expect("binary")
        .args(["check", "--format", "json"])
        .arg(tmp.path())
        .output()
        .expect("run coursepack");
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON report");
    report["diagnostics"]
        .as_array()
        .cloned()
        .expect("diagnostics")
}

/// A clean course `id` of one lesson `l` with one page `p`, in English only,
/// followed by `lesson_rest` (indented as the lesson's keys: a `check:`).
pub fn one_page_course(id: &str, lesson_rest: &str) -> String {
    format!(
        r#"
id: {id}
version: "1.0"
iri: https://example.org/courses/{id}
title: {{en: {id}}}
description: {{en: A test course.}}
languages: {{source: en}}
authors: [{{name: Someone}}]
license: {{spdx: CC-BY-4.0, url: https://creativecommons.org/licenses/by/4.0/, attribution: {{en: By someone.}}}}
completion: all-pages
lessons:
  - id: l
    title: {{en: L}}
    pages:
      - id: p
        title: {{en: P}}
        blocks: [{{text: {{en: Text.}}}}]
{lesson_rest}"#
    )
}

/// The strings of a JSON array (`what` names it when it is not one).
pub fn strs<'v>(v: &'v serde_json::Value, what: &str) -> Vec<&'v str> {
    v.as_array()
        .expect(what)
        .iter()
        .filter_map(|x| x.as_str())
        .collect()
}

/// The rule ids of a JSON report's diagnostics, in order.
pub fn rule_ids(report: &serde_json::Value) -> Vec<String> {
    report["diagnostics"]
        .as_array()
        .map(|ds| {
            ds.iter()
                .map(|d| d["rule"].as_str().unwrap_or_default().to_string())
                .collect()
        })
        .unwrap_or_default()
}

/// The course `yaml` (its folder `dir`) rendered in English with no tracking.
pub fn render_en(dir: &Path, yaml: &str) -> coursepack::render::Rendered {
    let file = dir.join("course.yaml");
    let course =
        coursepack::course::load::parse(&file, yaml).unwrap_or_else(|d| panic!("parse: {d:?}"));
    coursepack::render::render(&coursepack::render::RenderRequest {
        course: &course,
        course_dir: dir,
        lang: "en",
        runtime: "none",
    })
    .unwrap_or_else(|e| panic!("render: {e}"))
}

/// The text of one rendered file.
pub fn file_text(r: &coursepack::render::Rendered, path: &str) -> String {
    use coursepack::package::Content;
    let f = r.files.iter().find(|f| f.path == path).expect(path);
    match &f.content {
        Content::Bytes(b) => String::from_utf8(b.clone()).expect("utf-8"),
        Content::File(p) => std::fs::read_to_string(p).expect("read"),
    }
}

/// Runs `script` in node against the rendered player: a temporary folder
/// (the script's `process.argv[1]`) holds `player.js`, the course data the
/// page embeds as `data.json`, and each of `extra` (name, text). Returns what
/// the script printed, as JSON.
pub fn run_player_script(
    r: &coursepack::render::Rendered,
    script: &str,
    extra: &[(&str, &str)],
) -> serde_json::Value {
    let html = file_text(r, "index.html");
    let marker = "id=\"course-data\">";
    let start = html.find(marker).expect("course-data script") + marker.len();
    let end = start + html[start..].find("</script>").expect("script end");
    let tmp = tempfile::tempdir().expect("temp dir");
    std::fs::write(tmp.path().join("data.json"), &html[start..end]).expect("write data");
    std::fs::write(
        tmp.path().join("player.js"),
        file_text(r, "player/player.js"),
    )
    .expect("write player");
    for (name, text) in extra {
        std::fs::write(tmp.path().join(name), text).expect("write extra file");
    }
    let out = Command::new("node")
        .arg("-e")
        .arg(script)
        .arg(tmp.path())
        .output()
        .expect("node must be installed to run the player's script (apt-get install nodejs)");
    assert!(
        out.status.success(),
        "node failed: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("node prints JSON")
}
