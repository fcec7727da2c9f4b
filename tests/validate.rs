//! `coursepack validate` on packages the test makes: a good SCORM 1.2 package
//! (manifest from the SCORM 1.2 target) passes; each mutation trips exactly
//! the rule it targets, at the right place; hostile archives are findings,
//! never panics.

use crate::common;

use assert_cmd::Command;
use coursepack::package::{PackageFile, zip::write_zip};
use coursepack::target::{ManifestInput, Scorm12, Target};
use std::io::Write;
use std::path::Path;

fn validate(path: &Path, profile: &str) -> (i32, serde_json::Value) {
    common::validate_json(path, profile, &[], 60)
}

/// The files of a good package, the manifest text separately.
fn good_package() -> (Vec<PackageFile>, String) {
    let dir = tempfile::tempdir().expect("temp");
    let course = common::readme_course(dir.path());
    let files = vec![
        PackageFile::bytes("index.html", "<!doctype html><title>x</title>"),
        PackageFile::bytes("player/player.js", "1"),
        PackageFile::bytes("assets/chart.png", "png"),
    ];
    let manifest = Scorm12
        .manifest(&ManifestInput {
            course: &course,
            lang: "en",
            files: &files,
            launch: "index.html",
        })
        .expect("manifest");
    let text = match &manifest[0].content {
        coursepack::package::Content::Bytes(b) => String::from_utf8(b.clone()).expect("utf-8"),
        coursepack::package::Content::File(_) => unreachable!(),
    };
    (files, text)
}

fn zip_with(dir: &Path, files: &[PackageFile], manifest: &str) -> std::path::PathBuf {
    let mut all = files.to_vec();
    all.push(PackageFile::bytes(
        "imsmanifest.xml",
        manifest.as_bytes().to_vec(),
    ));
    let path = dir.join("p.zip");
    write_zip(&path, &all, zip::DateTime::default()).expect("zip");
    path
}

fn rules_of(report: &serde_json::Value) -> Vec<String> {
    report["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| d["rule"].as_str().unwrap_or_default().to_string())
        .collect()
}

#[test]
fn the_good_package_passes_every_profile() {
    let dir = tempfile::tempdir().expect("temp");
    let (files, manifest) = good_package();
    let zip = zip_with(dir.path(), &files, &manifest);
    for profile in ["spec", "moodle", "strict"] {
        let (code, report) = validate(&zip, profile);
        assert_eq!(code, 0, "{profile}: {report:#}");
        assert_eq!(
            rules_of(&report),
            Vec::<String>::new(),
            "{profile}: {report:#}"
        );
    }
}

/// A mutation of the manifest: (name, from, to, expected rule, expected line or 0 for none, profile).
const MUTATIONS: &[(&str, &str, &str, &str, u64, &str)] = &[
    (
        "scormtype misspelt for 1.2",
        "adlcp:scormtype=\"sco\"",
        "adlcp:scormType=\"sco\"",
        "manifest-scormtype",
        0,
        "spec",
    ),
    (
        "scormtype missing",
        " adlcp:scormtype=\"sco\"",
        "",
        "manifest-scormtype",
        0,
        "spec",
    ),
    (
        "scormtype bogus",
        "adlcp:scormtype=\"sco\"",
        "adlcp:scormtype=\"lesson\"",
        "manifest-scormtype",
        0,
        "spec",
    ),
    (
        "dangling identifierref",
        "identifierref=\"res-passwords\"",
        "identifierref=\"res-nope\"",
        "manifest-idref",
        0,
        "spec",
    ),
    (
        "default organization missing",
        "<organizations default=\"org-passwords\">",
        "<organizations default=\"org-x\">",
        "manifest-default-org",
        0,
        "spec",
    ),
    (
        "duplicate identifier",
        "<item identifier=\"item-passwords\"",
        "<item identifier=\"org-passwords\"",
        "manifest-id-duplicate",
        0,
        "spec",
    ),
    (
        "identifier not a name",
        "<item identifier=\"item-passwords\"",
        "<item identifier=\"1 item\"",
        "manifest-id-form",
        0,
        "spec",
    ),
    (
        "launch file missing",
        "href=\"index.html\">",
        "href=\"start.html\">",
        "manifest-href-missing",
        0,
        "spec",
    ),
    (
        "file case differs",
        "<file href=\"player/player.js\"/>",
        "<file href=\"player/Player.js\"/>",
        "manifest-href-missing",
        0,
        "spec",
    ),
    (
        "absolute href",
        "<file href=\"player/player.js\"/>",
        "<file href=\"/player/player.js\"/>",
        "manifest-href-form",
        0,
        "spec",
    ),
    (
        "href climbs out",
        "<file href=\"player/player.js\"/>",
        "<file href=\"../player/player.js\"/>",
        "manifest-href-form",
        0,
        "spec",
    ),
    (
        "masteryscore out of range",
        ">70</adlcp:masteryscore>",
        ">170</adlcp:masteryscore>",
        "manifest-masteryscore",
        0,
        "spec",
    ),
    (
        "masteryscore white space",
        ">70</adlcp:masteryscore>",
        "> 70 </adlcp:masteryscore>",
        "manifest-whitespace",
        0,
        "moodle",
    ),
    (
        "schemaversion white space",
        "<schemaversion>1.2</schemaversion>",
        "<schemaversion>\n      1.2\n    </schemaversion>",
        "manifest-schemaversion",
        0,
        "moodle",
    ),
    (
        "schemaversion unknown",
        "<schemaversion>1.2</schemaversion>",
        "<schemaversion>1.2.1</schemaversion>",
        "manifest-schemaversion",
        0,
        "spec",
    ),
    (
        "ADL prefix other than adlcp",
        "xmlns:adlcp=",
        "xmlns:adl=\"http://www.adlnet.org/xsd/adlcp_rootv1p2\" xmlns:adlcp=",
        "manifest-prefix",
        0,
        "moodle",
    ),
    (
        "unlisted file",
        "<file href=\"player/player.js\"/>",
        "",
        "file-unlisted",
        0,
        "strict",
    ),
    (
        "malformed XML",
        "</organizations>",
        "</organisations>",
        "xml-malformed",
        0,
        "spec",
    ),
    (
        "DTD with entities",
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>",
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE m [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">]>",
        "xml-dtd",
        2,
        "spec",
    ),
];

#[test]
fn each_mutation_trips_its_rule() {
    let (files, manifest) = good_package();
    let mut failures = Vec::new();
    for (name, from, to, rule, line, profile) in MUTATIONS {
        assert!(
            manifest.contains(from),
            "{name}: `{from}` not in the manifest:\n{manifest}"
        );
        let mutated = manifest.replacen(from, to, 1);
        let dir = tempfile::tempdir().expect("temp");
        let zip = zip_with(dir.path(), &files, &mutated);
        let (code, report) = validate(&zip, profile);
        let rules = rules_of(&report);
        let hit = report["diagnostics"]
            .as_array()
            .and_then(|ds| ds.iter().find(|d| d["rule"] == *rule));
        let expected_code = if rule.starts_with("file-unlisted") {
            0
        } else {
            1
        };
        match hit {
            None => failures.push(format!("{name}: expected {rule}, got {rules:?}")),
            Some(d) => {
                if *line != 0 && d["line"] != *line {
                    failures.push(format!("{name}: expected line {line}, got {}", d["line"]));
                }
                if code != expected_code {
                    failures.push(format!("{name}: exit {code}, expected {expected_code}"));
                }
                if !d["file"]
                    .as_str()
                    .unwrap_or_default()
                    .ends_with("imsmanifest.xml")
                    && !rule.starts_with("file-")
                {
                    failures.push(format!(
                        "{name}: finding not located in imsmanifest.xml: {d}"
                    ));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Writes a zip by hand-patching names after writing (the writer refuses these).
fn patched_zip(
    dir: &Path,
    entries: &[(&str, &[u8])],
    patch: &[(&[u8], &[u8])],
) -> std::path::PathBuf {
    let path = dir.join("h.zip");
    let mut w = zip::ZipWriter::new(std::fs::File::create(&path).expect("create"));
    let opts = zip::write::SimpleFileOptions::default();
    for (name, data) in entries {
        w.start_file(*name, opts).expect("start");
        w.write_all(data).expect("write");
    }
    w.finish().expect("finish");
    let mut bytes = std::fs::read(&path).expect("read");
    for (from, to) in patch {
        assert_eq!(from.len(), to.len());
        let mut i = 0;
        while i + from.len() <= bytes.len() {
            if &bytes[i..i + from.len()] == *from {
                bytes[i..i + from.len()].copy_from_slice(to);
            }
            i += 1;
        }
    }
    std::fs::write(&path, bytes).expect("write");
    path
}

#[test]
fn hostile_archives_are_findings() {
    let dir = tempfile::tempdir().expect("temp");
    let cases: Vec<(&str, std::path::PathBuf, &str)> = vec![
        (
            "zip slip",
            patched_zip(
                dir.path(),
                &[("imsmanifest.xml", b"<a/>"), ("xx/evil.txt", b"x")],
                &[(b"xx/evil", b"../evil")],
            ),
            "zip-slip",
        ),
        (
            "duplicate entries",
            {
                let d = dir.path().join("dup");
                std::fs::create_dir(&d).expect("mkdir");
                patched_zip(
                    &d,
                    &[
                        ("imsmanifest.xml", b"<a/>"),
                        ("a1.txt", b"1"),
                        ("a2.txt", b"2"),
                    ],
                    &[(b"a2.txt", b"a1.txt")],
                )
            },
            "zip-duplicate",
        ),
        (
            "non-UTF-8 name",
            {
                let d = dir.path().join("enc");
                std::fs::create_dir(&d).expect("mkdir");
                patched_zip(
                    &d,
                    &[("imsmanifest.xml", b"<a/>"), ("n-Q.txt", b"1")],
                    &[(b"n-Q.txt", b"n-\xff.txt")],
                )
            },
            "zip-name-encoding",
        ),
        (
            "not a zip",
            {
                let p = dir.path().join("not.zip");
                std::fs::write(&p, b"PK\x03\x04 this is not really a zip").expect("write");
                p
            },
            "zip-corrupt",
        ),
        (
            "no manifest",
            {
                let d = dir.path().join("none");
                std::fs::create_dir(&d).expect("mkdir");
                patched_zip(&d, &[("index.html", b"x")], &[])
            },
            "kind-unknown",
        ),
        (
            "nested manifest",
            {
                let d = dir.path().join("nested");
                std::fs::create_dir(&d).expect("mkdir");
                patched_zip(&d, &[("course/imsmanifest.xml", b"<a/>")], &[])
            },
            "kind-nested",
        ),
        (
            "AICC",
            {
                let d = dir.path().join("aicc");
                std::fs::create_dir(&d).expect("mkdir");
                patched_zip(&d, &[("course.crs", b"x"), ("course.au", b"x")], &[])
            },
            "kind-aicc",
        ),
        (
            "compression bomb",
            {
                let d = dir.path().join("bomb");
                std::fs::create_dir(&d).expect("mkdir");
                let zeros = vec![0u8; 8 * 1024 * 1024];
                patched_zip(
                    &d,
                    &[("imsmanifest.xml", b"<a/>"), ("zeros.bin", &zeros)],
                    &[],
                )
            },
            "zip-ratio",
        ),
    ];
    let mut failures = Vec::new();
    for (name, path, rule) in cases {
        let (code, report) = validate(&path, "spec");
        if code != 1 || !rules_of(&report).iter().any(|r| r == rule) {
            failures.push(format!("{name}: exit {code}, expected {rule}: {report}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn an_unreadable_path_is_a_usage_error() {
    let out = Command::cargo_bin("coursepack")
        .expect("binary")
        .args(["validate", "/nonexistent/package.zip"])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn overlapping_entries_are_refused() {
    // Two central-directory entries pointing at the same local data: patch the
    // second entry's local-header offset to the first's.
    let dir = tempfile::tempdir().expect("temp");
    let path = dir.path().join("o.zip");
    common::write_overlapping_zip(&path, b"<a/>");
    let (code, report) = validate(&path, "spec");
    assert_eq!(code, 1, "{report:#}");
    assert!(
        rules_of(&report).iter().any(|r| r == "zip-overlap"),
        "{report:#}"
    );
}

/// The build's hook: a package checked from its manifest bytes and file list
/// (nothing read from disk) passes when whole and fails, located, when a
/// listed file is missing or the manifest breaks the schema.
#[test]
fn check_built_validates_from_memory() {
    use coursepack::validate::{Profile, check_built, xsd::Schemas};
    let schemas = std::rc::Rc::new(Schemas::new());
    let (files, manifest) = good_package();
    let mut list: Vec<&str> = files.iter().map(|f| f.path.as_str()).collect();
    list.push("imsmanifest.xml");
    let label = Path::new("p.zip");
    let good = check_built(
        label,
        &[("imsmanifest.xml", manifest.as_bytes())],
        &list,
        Profile::Strict,
        &schemas,
    );
    assert!(good.findings.is_empty(), "{:?}", good.findings);

    let without_launch: Vec<&str> = list
        .iter()
        .copied()
        .filter(|n| *n != "index.html")
        .collect();
    let missing = check_built(
        label,
        &[("imsmanifest.xml", manifest.as_bytes())],
        &without_launch,
        Profile::Strict,
        &schemas,
    );
    let hit = missing
        .findings
        .iter()
        .find(|d| d.rule_id == "manifest-href-missing")
        .expect("missing launch file reported");
    assert!(hit.file.ends_with("p.zip/imsmanifest.xml"), "{hit:?}");
    assert!(hit.line.is_some(), "{hit:?}");

    // An element the schema does not allow there (a misspelt scormtype
    // would be manifest-scormtype's finding alone: one finding per defect).
    let broken = manifest.replacen("<resources>", "<bogus/><resources>", 1);
    let invalid = check_built(
        label,
        &[("imsmanifest.xml", broken.as_bytes())],
        &list,
        Profile::Strict,
        &schemas,
    );
    assert!(
        invalid.findings.iter().any(|d| d.rule_id == "xsd-invalid"),
        "{:?}",
        invalid.findings
    );
}
