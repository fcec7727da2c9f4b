//! `coursepack build` end to end on the real course: the SCORM 1.2 manifest
//! is valid against the official XSDs (xmllint, the independent oracle) and
//! follows Moodle's literal parser; builds are byte-reproducible.

use assert_cmd::Command;
use std::collections::BTreeSet;
use std::io::Read;
use std::path::{Path, PathBuf};

use crate::common::{assert_xmllint_valid, root};

fn build(out: &Path, extra: &[&str], epoch: Option<&str>) -> serde_json::Value {
    let mut cmd = Command::cargo_bin("coursepack").expect("binary");
    cmd.arg("build")
        .arg(root().join("course"))
        .arg("--out")
        .arg(out)
        .args(extra)
        .args(["--format", "json"]);
    match epoch {
        Some(e) => cmd.env("SOURCE_DATE_EPOCH", e),
        None => cmd.env_remove("SOURCE_DATE_EPOCH"),
    };
    let output = cmd.output().expect("run coursepack build");
    assert!(
        output.status.success(),
        "build failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("JSON build report")
}

fn zip_entry(zip: &Path, name: &str) -> Vec<u8> {
    let mut archive =
        zip::ZipArchive::new(std::fs::File::open(zip).expect("open zip")).expect("zip");
    let mut entry = archive.by_name(name).expect("entry");
    let mut bytes = Vec::new();
    entry.read_to_end(&mut bytes).expect("read entry");
    bytes
}

fn zip_names(zip: &Path) -> Vec<String> {
    let mut archive =
        zip::ZipArchive::new(std::fs::File::open(zip).expect("open zip")).expect("zip");
    (0..archive.len())
        .map(|i| {
            archive
                .by_index(i)
                .expect("entry")
                .name()
                .expect("name")
                .to_string()
        })
        .collect()
}

fn packages_of(out: &Path, target: &str) -> Vec<PathBuf> {
    let suffix = format!("-{target}.zip");
    let mut zips: Vec<PathBuf> = std::fs::read_dir(out)
        .expect("read out dir")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.to_string_lossy().ends_with(&suffix))
        .collect();
    zips.sort();
    zips
}

fn scorm12_packages(out: &Path) -> Vec<PathBuf> {
    packages_of(out, "scorm12")
}

/// Builds the course for `target` and validates the manifest `file` at the
/// root of each package with xmllint against the official schema `driver`.
/// Returns each package's zip, manifest text and the names of its entries.
fn assert_manifests_validate(
    target: &str,
    file: &str,
    driver: &str,
) -> Vec<(PathBuf, String, Vec<String>)> {
    let out = tempfile::tempdir().expect("temp");
    build(out.path(), &["--target", target], None);
    let zips = packages_of(out.path(), target);
    assert_eq!(zips.len(), 2, "one {target} package per language");
    let mut manifests = Vec::new();
    for zip in zips {
        let names = zip_names(&zip);
        assert!(
            names.iter().any(|n| n == file),
            "{file} at the root of {}",
            zip.display()
        );
        let bytes = zip_entry(&zip, file);
        assert_xmllint_valid(driver, &bytes, &zip.display().to_string());
        let text = String::from_utf8(bytes).expect("utf-8 manifest");
        manifests.push((zip, text, names));
    }
    manifests
}

#[test]
fn default_build_makes_every_language_and_the_reports() {
    let out = tempfile::tempdir().expect("temp");
    let report = build(out.path(), &[], None);
    let files: BTreeSet<String> = report["packages"]
        .as_array()
        .expect("packages")
        .iter()
        .map(|p| p["file"].as_str().expect("file").to_string())
        .collect();
    for lang in ["nl", "en"] {
        for target in ["scorm12", "scorm2004", "tincan", "cmi5", "web"] {
            let name = format!("digitale-vaardigheden-1.1.0-{lang}-{target}.zip");
            assert!(files.contains(&name), "{name} missing from {files:?}");
            assert!(out.path().join(&name).is_file());
        }
    }
    for p in report["packages"].as_array().expect("packages") {
        let worst = p["suspend_worst_case"].as_u64().expect("worst case");
        assert!(worst > 0, "{p}");
        if p["target"] == "scorm12" {
            assert!(worst <= 4096, "{p}");
            assert_eq!(p["suspend_limit"], 4096);
        }
        if p["target"] == "scorm2004" {
            assert!(worst <= 64_000, "{p}");
            assert_eq!(p["suspend_limit"], 64_000);
        }
    }
    assert!(out.path().join("build-report.json").is_file());
    let sums = std::fs::read_to_string(out.path().join("SHA256SUMS")).expect("sums");
    assert_eq!(sums.lines().count(), files.len());
    let status = std::process::Command::new("sha256sum")
        .args(["-c", "--strict", "SHA256SUMS"])
        .current_dir(out.path())
        .status()
        .expect("run sha256sum");
    assert!(status.success(), "sha256sum -c SHA256SUMS failed");
    assert_outputs_have_ordinary_permissions(out.path());
}

/// Packages and reports get the permissions of any new file (0644 less the
/// umask), not the 0600 of the temporary file they were written to.
#[cfg(unix)]
fn assert_outputs_have_ordinary_permissions(dir: &Path) {
    use std::os::unix::fs::PermissionsExt;
    let probe = dir.join("umask-probe");
    std::fs::write(&probe, b"").expect("probe");
    let expected = std::fs::metadata(&probe)
        .expect("probe")
        .permissions()
        .mode()
        & 0o644;
    std::fs::remove_file(&probe).expect("probe");
    for entry in std::fs::read_dir(dir).expect("read out dir") {
        let path = entry.expect("entry").path();
        let mode = std::fs::metadata(&path).expect("meta").permissions().mode() & 0o777;
        assert_eq!(mode, expected, "{} has mode {mode:o}", path.display());
    }
}

#[cfg(not(unix))]
fn assert_outputs_have_ordinary_permissions(_dir: &Path) {}

/// Each target's descriptor names the package kind `validate` detects in
/// what it builds (its schema set follows from that kind, so the schemas
/// compiled ahead of time are the ones the manifest is checked against).
#[test]
fn each_target_declares_the_kind_validate_detects() {
    use coursepack::validate::{self, Options, Profile, archive::Limits};
    let out = tempfile::tempdir().expect("temp dir");
    let report = build(out.path(), &["--lang", "nl"], None);
    let packages = report["packages"].as_array().expect("packages");
    assert_eq!(packages.len(), coursepack::target::ALL.len());
    let options = Options {
        profile: Profile::Strict,
        limits: Limits::default(),
        official: None,
        schemas: std::rc::Rc::new(validate::xsd::Schemas::new()),
    };
    for p in packages {
        let id = p["target"].as_str().expect("target");
        let target = coursepack::target::by_id(id).expect("a known target");
        let zip = out.path().join(p["file"].as_str().expect("file"));
        let checked = validate::validate(&zip, &options).expect("readable package");
        assert_eq!(
            checked.kind,
            Some(target.descriptor().kind),
            "{id}: its descriptor names another kind than its package is"
        );
    }
}

#[test]
fn builds_are_byte_reproducible() {
    let a = tempfile::tempdir().expect("temp");
    let b = tempfile::tempdir().expect("temp");
    build(a.path(), &[], None);
    build(b.path(), &[], None);
    let sums_a = std::fs::read(a.path().join("SHA256SUMS")).expect("sums a");
    let sums_b = std::fs::read(b.path().join("SHA256SUMS")).expect("sums b");
    assert_eq!(sums_a, sums_b, "two builds differ");
    let report_a = std::fs::read(a.path().join("build-report.json")).expect("report a");
    let report_b = std::fs::read(b.path().join("build-report.json")).expect("report b");
    assert_eq!(report_a, report_b);
}

#[test]
fn source_date_epoch_sets_the_timestamps_reproducibly() {
    let a = tempfile::tempdir().expect("temp");
    let b = tempfile::tempdir().expect("temp");
    let c = tempfile::tempdir().expect("temp");
    let args = ["--target", "scorm12", "--lang", "en"];
    build(a.path(), &args, Some("1700000000"));
    build(b.path(), &args, Some("1700000000"));
    build(c.path(), &args, None);
    let sums = |d: &Path| std::fs::read_to_string(d.join("SHA256SUMS")).expect("sums");
    assert_eq!(sums(a.path()), sums(b.path()));
    assert_ne!(
        sums(a.path()),
        sums(c.path()),
        "SOURCE_DATE_EPOCH had no effect"
    );
    let zip = scorm12_packages(a.path()).remove(0);
    let mut archive = zip::ZipArchive::new(std::fs::File::open(&zip).expect("zip")).expect("zip");
    let entry = archive.by_index(0).expect("entry");
    let t = entry.last_modified().expect("time");
    assert_eq!((t.year(), t.month(), t.day()), (2023, 11, 14));
}

#[test]
fn scorm12_manifest_is_valid_against_the_official_xsds() {
    assert_manifests_validate("scorm12", "imsmanifest.xml", "drivers/scorm12.xsd");
}

#[test]
fn scorm2004_manifest_is_valid_against_the_official_4th_edition_xsds() {
    for (_, text, names) in
        assert_manifests_validate("scorm2004", "imsmanifest.xml", "drivers/scorm2004-4th.xsd")
    {
        // What the XSDs cannot see (imscp's foreign attributes are lax).
        assert!(
            text.contains("<schemaversion>2004 4th Edition</schemaversion>"),
            "{text}"
        );
        assert!(
            text.contains("adlcp:scormType=\"sco\""),
            "capital T in 2004"
        );
        assert!(!text.contains("adlcp:scormtype"), "{text}");
        assert_eq!(text.matches("adlcp:scormType=").count(), 1, "one SCO");
        assert!(text.contains(
            "<imsss:deliveryControls completionSetByContent=\"true\" objectiveSetByContent=\"true\"/>"
        ));
        assert!(
            !text.contains("hideLMSUI"),
            "the LMS's exit control stays visible"
        );
        // The course has an assessment: its pass mark (70) is the primary objective's measure.
        assert_eq!(
            text.matches("<imsss:primaryObjective ").count(),
            1,
            "{text}"
        );
        assert!(
            text.contains("<imsss:primaryObjective satisfiedByMeasure=\"true\">"),
            "{text}"
        );
        assert!(
            text.contains("<imsss:minNormalizedMeasure>0.70</imsss:minNormalizedMeasure>"),
            "{text}"
        );
        for ns in ["adlcp", "adlseq", "adlnav", "imsss"] {
            assert!(text.contains(&format!("xmlns:{ns}=")), "namespace {ns}");
        }
        assert!(
            text.contains("<lom xmlns=\"http://ltsc.ieee.org/xsd/LOM\">"),
            "metadata"
        );
        let listed: BTreeSet<String> = text
            .split("<file href=\"")
            .skip(1)
            .filter_map(|s| s.split('"').next())
            .map(String::from)
            .collect();
        let present: BTreeSet<String> = names.into_iter().collect();
        assert_eq!(listed, present, "every file of the package is listed");
    }
}

#[test]
fn scorm12_manifest_follows_moodles_literal_parser() {
    let out = tempfile::tempdir().expect("temp");
    build(out.path(), &["--target", "scorm12", "--lang", "nl"], None);
    let zip = scorm12_packages(out.path()).remove(0);
    let names = zip_names(&zip);
    let text = String::from_utf8(zip_entry(&zip, "imsmanifest.xml")).expect("utf-8 manifest");

    assert!(
        names.contains(&"imsmanifest.xml".to_string()),
        "manifest not at the root"
    );
    assert!(
        text.contains("<schemaversion>1.2</schemaversion>"),
        "{text}"
    );
    assert!(text.contains("xmlns:adlcp=\"http://www.adlnet.org/xsd/adlcp_rootv1p2\""));
    assert!(text.contains("adlcp:scormtype=\"sco\""));
    assert!(
        text.contains("<adlcp:masteryscore>70</adlcp:masteryscore>"),
        "{text}"
    );
    // IMS CP elements are unprefixed; the only prefixes are adlcp and imsmd.
    for tag in text.split('<').skip(1) {
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| !c.is_whitespace() && *c != '>' && *c != '/')
            .collect();
        if let Some((prefix, _)) = name.split_once(':') {
            assert!(
                prefix == "adlcp" || prefix == "imsmd",
                "unexpected prefix on <{name}>"
            );
        }
    }
    // The default organization exists and its first item points at the SCO.
    let default_org = text
        .split("<organizations default=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .expect("organizations@default");
    assert!(text.contains(&format!("<organization identifier=\"{default_org}\"")));
    // Identifiers are unique XML names and stable (derived from the course id).
    let ids: Vec<&str> = text
        .split(" identifier=\"")
        .skip(1)
        .filter_map(|s| s.split('"').next())
        .collect();
    let unique: BTreeSet<&&str> = ids.iter().collect();
    assert_eq!(unique.len(), ids.len(), "duplicate identifiers: {ids:?}");
    for id in &ids {
        assert!(id.starts_with(|c: char| c.is_ascii_alphabetic()), "{id}");
        assert!(
            id.chars()
                .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c)),
            "{id}"
        );
    }
    assert!(ids.contains(&"item-digitale-vaardigheden"));
    // Every file of the package is listed, and every listed file exists.
    let listed: BTreeSet<String> = text
        .split("<file href=\"")
        .skip(1)
        .filter_map(|s| s.split('"').next())
        .map(String::from)
        .collect();
    let present: BTreeSet<String> = names.iter().cloned().collect();
    assert_eq!(
        listed, present,
        "files listed in the manifest differ from the zip's"
    );
    let launch = text
        .split(" href=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .expect("resource href");
    assert!(present.contains(launch), "launch file {launch} missing");
    // Names Moodle would rewrite or treat specially.
    for name in &names {
        assert!(
            !name.ends_with(".cst") && !name.starts_with("__MACOSX"),
            "{name}"
        );
        assert!(
            !name.contains(['&', '<', '>', '"', '\\', '|', '\'', ':']),
            "{name}"
        );
    }
    // Element text carries no surrounding white space (Moodle does not trim).
    for tag in text.split('>').skip(1) {
        let content = tag.split('<').next().unwrap_or_default();
        if !content.trim().is_empty() {
            assert_eq!(content, content.trim(), "white space around {content:?}");
        }
    }
}

#[test]
fn unknown_target_or_language_is_a_usage_error() {
    let out = tempfile::tempdir().expect("temp");
    for (flag, value, needle) in [
        ("--target", "scorm13", "unknown target"),
        ("--lang", "fr", "no language `fr`"),
    ] {
        let output = Command::cargo_bin("coursepack")
            .expect("binary")
            .arg("build")
            .arg(root().join("course"))
            .args(["--out"])
            .arg(out.path())
            .args([flag, value])
            .output()
            .expect("run");
        assert_eq!(output.status.code(), Some(2));
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains(needle), "{stderr}");
        assert!(stderr.contains("help:"), "{stderr}");
    }
    assert_eq!(
        std::fs::read_dir(out.path()).expect("dir").count(),
        0,
        "nothing may be written"
    );
}

#[test]
fn a_course_with_errors_builds_nothing() {
    let course = tempfile::tempdir().expect("temp");
    std::fs::write(course.path().join("course.yaml"), "id: Bad Id\n").expect("write");
    let out = tempfile::tempdir().expect("temp");
    let output = Command::cargo_bin("coursepack")
        .expect("binary")
        .arg("build")
        .arg(course.path())
        .arg("--out")
        .arg(out.path())
        .output()
        .expect("run");
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(std::fs::read_dir(out.path()).expect("dir").count(), 0);
}

/// The values of attribute `name` on every `<tag ...>` of `xml`.
fn attributes(xml: &str, tag: &str, name: &str) -> Vec<String> {
    xml.split(&format!("<{tag} "))
        .skip(1)
        .filter_map(|rest| {
            let head = &rest[..rest.find('>')?];
            let at = head
                .find(&format!(" {name}=\""))
                .map(|i| i + 1)
                .or_else(|| head.starts_with(&format!("{name}=\"")).then_some(0))?;
            let v = &head[at + name.len() + 2..];
            Some(v[..v.find('"')?].to_string())
        })
        .collect()
}

#[test]
fn tincan_xml_of_the_built_packages_is_valid_and_launches_the_course() {
    let mut course_ids = BTreeSet::new();
    for (zip, text, names) in assert_manifests_validate("tincan", "tincan.xml", "tincan/tincan.xsd")
    {
        let lang = if zip.to_string_lossy().contains("-nl-") {
            "nl"
        } else {
            "en"
        };
        // <activities> first, the course activity first, with name, description and launch.
        let body = &text[text.find("<tincan").expect("root")..];
        let after_root = &body[body.find('>').expect("root end") + 1..];
        assert!(
            after_root.trim_start().starts_with("<activities>"),
            "{text}"
        );
        let ids = attributes(&text, "activity", "id");
        let types = attributes(&text, "activity", "type");
        assert_eq!(
            ids[0],
            "https://coursepack.example/courses/digitale-vaardigheden"
        );
        assert_eq!(types[0], "http://adlnet.gov/expapi/activities/course");
        for id in &ids {
            assert!(
                id.starts_with(&ids[0]) && id.starts_with("https://"),
                "{id} is a full IRI under the course IRI"
            );
        }
        assert_eq!(
            ids.iter().collect::<BTreeSet<_>>().len(),
            ids.len(),
            "no duplicate activity id"
        );
        let first = &text
            [text.find("<activity ").expect("activity")..text.find("</activity>").expect("end")];
        assert!(
            first.contains(&format!("<name lang=\"{lang}\">")),
            "{first}"
        );
        assert!(
            first.contains(&format!("<description lang=\"{lang}\">")),
            "{first}"
        );
        assert!(
            first.contains(&format!("<launch lang=\"{lang}\">index.html</launch>")),
            "{first}"
        );
        assert!(
            names.contains(&"index.html".to_string()),
            "the launch file exists in the zip"
        );
        course_ids.insert(ids);
    }
    assert_eq!(
        course_ids.len(),
        1,
        "activity ids are the same in every language"
    );
}

#[test]
fn cmi5_xml_of_the_built_packages_is_valid_and_follows_the_lms_rules() {
    // cmi5.xml at the zip root (CATAPULT 210), valid against the official XSD.
    for (_, text, names) in
        assert_manifests_validate("cmi5", "cmi5.xml", "cmi5/CourseStructure.xsd")
    {
        // Full IRIs for the course and AU ids, no duplicates (CATAPULT 201, 205).
        let course = attributes(&text, "course", "id");
        let au = attributes(&text, "au", "id");
        assert_eq!(
            course,
            ["https://coursepack.example/courses/digitale-vaardigheden"]
        );
        assert_eq!(
            au,
            ["https://coursepack.example/courses/digitale-vaardigheden/au"]
        );
        // moveOn, masteryScore and launchMethod are attributes of <au> (the XSD's form).
        assert_eq!(attributes(&text, "au", "moveOn"), ["CompletedAndPassed"]);
        assert_eq!(attributes(&text, "au", "masteryScore"), ["0.7"]);
        assert_eq!(attributes(&text, "au", "launchMethod"), ["AnyWindow"]);
        // The AU url is relative, exists in the zip and has no launch parameters (202-204, 206).
        let url = text
            .split("<url>")
            .nth(1)
            .and_then(|r| r.split("</url>").next())
            .expect("<url>");
        assert!(
            !url.contains("://") && !url.starts_with('/'),
            "{url} is relative"
        );
        let path = url.split(['?', '#']).next().expect("path");
        assert!(names.contains(&path.to_string()), "{url} exists in the zip");
        if let Some(q) = url.split_once('?').map(|(_, q)| q) {
            for p in q.split('&') {
                let name = p.split('=').next().unwrap_or("");
                assert!(
                    !["endpoint", "fetch", "actor", "registration", "activityId"].contains(&name),
                    "{url} uses the launch parameter {name}"
                );
            }
        }
    }
}
