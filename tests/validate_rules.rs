//! Every rule `coursepack validate` has gets a failing fixture generated
//! here (a mutation of a good package of the README example course, or a
//! hostile archive), and the test asserts the rule id, the exit code and the
//! location: the file inside the package and, for manifest rules, the line.
//! The last assertion is that the fixtures cover `validate::rules::ALL`.

use crate::common;

use coursepack::package::{Content, PackageFile};
use coursepack::target::{Cmi5, ManifestInput, Scorm12, Scorm2004, Target, TinCan};
use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Path, PathBuf};

const FILES: &[(&str, &str)] = &[
    ("index.html", "<!doctype html><title>x</title>"),
    ("player/player.js", "1"),
    ("assets/chart.png", "png"),
];

/// A good package of each kind: (manifest name, manifest text).
fn goods() -> Vec<(&'static str, String)> {
    let dir = tempfile::tempdir().expect("temp");
    let course = common::readme_course(dir.path());
    let files: Vec<PackageFile> = FILES
        .iter()
        .map(|(p, c)| PackageFile::bytes(*p, *c))
        .collect();
    let targets: [&dyn Target; 4] = [&Scorm12, &Scorm2004, &Cmi5, &TinCan];
    targets
        .iter()
        .map(|t| {
            let m = t
                .manifest(&ManifestInput {
                    course: &course,
                    lang: "en",
                    files: &files,
                    launch: "index.html",
                })
                .expect("manifest");
            let Content::Bytes(b) = &m[0].content else {
                unreachable!()
            };
            let name: &'static str = match m[0].path.as_str() {
                "imsmanifest.xml" => "imsmanifest.xml",
                "cmi5.xml" => "cmi5.xml",
                _ => "tincan.xml",
            };
            (name, String::from_utf8(b.clone()).expect("utf-8"))
        })
        .collect()
}

fn write_zip(path: &Path, entries: &[(String, Vec<u8>)]) {
    let mut w = zip::ZipWriter::new(std::fs::File::create(path).expect("create"));
    let opts = zip::write::SimpleFileOptions::default();
    for (name, data) in entries {
        w.start_file(name.as_str(), opts).expect("start");
        w.write_all(data).expect("write");
    }
    w.finish().expect("finish");
}

fn run(path: &Path, profile: &str, extra: &[&str]) -> (i32, serde_json::Value) {
    common::validate_json(path, profile, extra, 120)
}

struct Fixture {
    name: &'static str,
    /// Which good package (index into `goods()`): 0 SCORM 1.2, 1 SCORM 2004, 2 cmi5, 3 TinCan.
    base: usize,
    from: &'static str,
    to: &'static str,
    /// Extra files added to the package.
    add: &'static [(&'static str, &'static str)],
    profile: &'static str,
    rule: &'static str,
    /// Whether the finding has a line in the manifest.
    located: bool,
}

const fn fx(
    name: &'static str,
    base: usize,
    from: &'static str,
    to: &'static str,
    profile: &'static str,
    rule: &'static str,
) -> Fixture {
    Fixture {
        name,
        base,
        from,
        to,
        add: &[],
        profile,
        rule,
        located: true,
    }
}

const FIXTURES: &[Fixture] = &[
    fx(
        "2004 item with children references a resource",
        1,
        "<imsss:sequencing>",
        "<item identifier=\"child-1\"><title>c</title></item><imsss:sequencing>",
        "spec",
        "manifest-item-structure",
    ),
    fx(
        "2004 launched resource without href",
        1,
        " href=\"index.html\"",
        "",
        "spec",
        "manifest-resource-href",
    ),
    fx(
        "1.2 missing metadata file",
        0,
        "<schemaversion>1.2</schemaversion>",
        "<schemaversion>1.2</schemaversion><adlcp:location>meta/gone.xml</adlcp:location>",
        "spec",
        "manifest-href-missing",
    ),
    fx(
        "1.2 duplicate identifier",
        0,
        "<item identifier=\"item-passwords\"",
        "<item identifier=\"res-passwords\"",
        "spec",
        "manifest-id-duplicate",
    ),
    fx(
        "cmi5 duplicate AU id",
        2,
        "<au id=\"",
        "<objectives><objective id=\"https://example.org/o\"><title><langstring>o</langstring></title><description><langstring>o</langstring></description></objective><objective id=\"https://example.org/o\"><title><langstring>o</langstring></title><description><langstring>o</langstring></description></objective></objectives><au id=\"",
        "spec",
        "cmi5-id-duplicate",
    ),
    fx(
        "1.2 scormType spelling",
        0,
        "adlcp:scormtype=\"sco\"",
        "adlcp:scormType=\"sco\"",
        "spec",
        "manifest-scormtype",
    ),
    fx(
        "2004 scormtype spelling",
        1,
        "adlcp:scormType=\"sco\"",
        "adlcp:scormtype=\"sco\"",
        "spec",
        "manifest-scormtype",
    ),
    fx(
        // A scormtype outside the schema's enumeration is one finding, by
        // manifest-scormtype (see a_bad_identifier_is_one_finding).
        "1.2 scormtype not in schema",
        0,
        "adlcp:scormtype=\"sco\"",
        "adlcp:scormtype=\"lesson\"",
        "spec",
        "manifest-scormtype",
    ),
    fx(
        "1.2 unknown element",
        0,
        "<resources>",
        "<bogus/><resources>",
        "spec",
        "xsd-invalid",
    ),
    fx(
        "2004 unknown element",
        1,
        "<resources>",
        "<bogus/><resources>",
        "spec",
        "xsd-invalid",
    ),
    fx(
        "1.2 dangling identifierref",
        0,
        "identifierref=\"",
        "identifierref=\"x",
        "spec",
        "manifest-idref",
    ),
    fx(
        "2004 default org",
        1,
        "<organizations default=\"",
        "<organizations default=\"x",
        "spec",
        "manifest-default-org",
    ),
    fx(
        "1.2 identifier form",
        0,
        "<item identifier=\"",
        "<item identifier=\"1 ",
        "spec",
        "manifest-id-form",
    ),
    fx(
        "2004 launch missing",
        1,
        "href=\"index.html\">",
        "href=\"start.html\">",
        "spec",
        "manifest-href-missing",
    ),
    fx(
        "2004 absolute href",
        1,
        "<file href=\"player/player.js\"/>",
        "<file href=\"/player/player.js\"/>",
        "spec",
        "manifest-href-form",
    ),
    fx(
        "1.2 masteryscore",
        0,
        ">70</adlcp:masteryscore>",
        ">101</adlcp:masteryscore>",
        "spec",
        "manifest-masteryscore",
    ),
    fx(
        "1.2 masteryscore spaces",
        0,
        ">70</adlcp:masteryscore>",
        "> 70</adlcp:masteryscore>",
        "moodle",
        "manifest-whitespace",
    ),
    fx(
        "1.2 schemaversion",
        0,
        "<schemaversion>1.2</schemaversion>",
        "<schemaversion>1.2 </schemaversion>",
        "moodle",
        "manifest-schemaversion",
    ),
    fx(
        "1.2 prefixed CP element",
        0,
        "<file href=\"player/player.js\"/>",
        "<imscp:file xmlns:imscp=\"http://www.imsproject.org/xsd/imscp_rootv1p1p2\" href=\"player/player.js\"/>",
        "moodle",
        "manifest-prefix",
    ),
    fx(
        "1.2 asset launched",
        0,
        "adlcp:scormtype=\"sco\"",
        "adlcp:scormtype=\"asset\"",
        "moodle",
        "manifest-no-sco",
    ),
    fx(
        "2004 delivery controls",
        1,
        " completionSetByContent=\"true\"",
        "",
        "strict",
        "manifest-delivery-controls",
    ),
    fx(
        "2004 long description",
        1,
        "<string language=\"en\">A short",
        "<string language=\"en\">aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa A short",
        "strict",
        "metadata-long-description",
    ),
    fx(
        "1.2 DTD",
        0,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>",
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE m [<!ENTITY a \"a\">]>",
        "spec",
        "xml-dtd",
    ),
    fx(
        "cmi5 malformed",
        2,
        "</courseStructure>",
        "</coursestructure>",
        "spec",
        "xml-malformed",
    ),
    fx(
        "cmi5 id not an IRI",
        2,
        "<course id=\"",
        "<course id=\"//",
        "spec",
        "cmi5-id",
    ),
    fx(
        "cmi5 au url with fetch",
        2,
        "<url>index.html</url>",
        "<url>index.html?fetch=x</url>",
        "spec",
        "cmi5-url",
    ),
    fx(
        "tincan id not an IRI",
        3,
        "<activity id=\"",
        "<activity id=\"//",
        "spec",
        "tincan-id",
    ),
    fx(
        "tincan launch missing",
        3,
        ">index.html</launch>",
        ">start.html</launch>",
        "spec",
        "tincan-launch",
    ),
    Fixture {
        add: &[("extra.txt", "x")],
        located: false,
        ..fx("1.2 unlisted file", 0, "", "", "strict", "file-unlisted")
    },
    Fixture {
        add: &[(".DS_Store", "x")],
        located: false,
        ..fx("1.2 junk file", 0, "", "", "strict", "file-junk")
    },
    Fixture {
        add: &[("Q&A.html", "x")],
        located: false,
        ..fx("1.2 name Moodle strips", 0, "", "", "moodle", "file-name")
    },
    Fixture {
        add: &[("course.cst", "x")],
        located: false,
        ..fx("1.2 .cst file", 0, "", "", "moodle", "kind-aicc")
    },
];

fn covered_by_fixture(
    dir: &Path,
    goods: &[(&'static str, String)],
    f: &Fixture,
) -> Result<(), String> {
    let (name, base) = &goods[f.base];
    assert!(
        base.contains(f.from),
        "{}: `{}` not in\n{base}",
        f.name,
        f.from
    );
    let text = if f.from.is_empty() {
        base.clone()
    } else {
        base.replacen(f.from, f.to, 1)
    };
    let mut entries: Vec<(String, Vec<u8>)> = FILES
        .iter()
        .chain(f.add)
        .map(|(p, c)| (p.to_string(), c.as_bytes().to_vec()))
        .collect();
    entries.push((name.to_string(), text.into_bytes()));
    let zip = dir.join(format!("{}.zip", f.name.replace(' ', "_")));
    write_zip(&zip, &entries);
    let (code, report) = run(&zip, f.profile, &[]);
    let d = report["diagnostics"]
        .as_array()
        .and_then(|ds| ds.iter().find(|d| d["rule"] == f.rule))
        .ok_or_else(|| format!("{}: no {} in {report:#}", f.name, f.rule))?;
    let expected_code = if d["severity"] == "warning" { 0 } else { 1 };
    if code != expected_code {
        return Err(format!("{}: exit {code}", f.name));
    }
    let file = d["file"].as_str().unwrap_or_default();
    if f.located {
        if !file.ends_with(name) || d["line"].as_u64().is_none() {
            return Err(format!("{}: not located in {name}: {d}", f.name));
        }
    } else if !f.add.iter().any(|(p, _)| file.ends_with(p)) {
        return Err(format!("{}: not located at the file: {d}", f.name));
    }
    Ok(())
}

/// Hostile and odd archives: (name, builder, rule, extra args).
fn archive_fixtures(dir: &Path) -> Vec<(&'static str, PathBuf, &'static str, Vec<&'static str>)> {
    let mut out = Vec::new();
    let manifest = goods()[0].1.clone().into_bytes();
    let base: Vec<(String, Vec<u8>)> = FILES
        .iter()
        .map(|(p, c)| (p.to_string(), c.as_bytes().to_vec()))
        .chain([("imsmanifest.xml".to_string(), manifest.clone())])
        .collect();
    let patched = |name: &str, entries: &[(String, Vec<u8>)], from: &[u8], to: &[u8]| {
        let path = dir.join(name);
        write_zip(&path, entries);
        let mut bytes = std::fs::read(&path).expect("read");
        let mut i = 0;
        while i + from.len() <= bytes.len() {
            if &bytes[i..i + from.len()] == from {
                bytes[i..i + from.len()].copy_from_slice(to);
            }
            i += 1;
        }
        std::fs::write(&path, bytes).expect("write");
        path
    };
    let mut with = base.clone();
    with.push(("xx/evil.txt".into(), b"x".to_vec()));
    out.push((
        "zip slip",
        patched("slip.zip", &with, b"xx/evil", b"../evil"),
        "zip-slip",
        vec![],
    ));
    let mut with = base.clone();
    with.push(("n-Q.txt".into(), b"x".to_vec()));
    out.push((
        "name encoding",
        patched("enc.zip", &with, b"n-Q.txt", b"n-\xff.txt"),
        "zip-name-encoding",
        vec![],
    ));
    let mut with = base.clone();
    with.push(("a1.txt".into(), b"1".to_vec()));
    with.push(("a2.txt".into(), b"2".to_vec()));
    out.push((
        "duplicate",
        patched("dup.zip", &with, b"a2.txt", b"a1.txt"),
        "zip-duplicate",
        vec![],
    ));
    let truncated = dir.join("trunc.zip");
    write_zip(&truncated, &base);
    let bytes = std::fs::read(&truncated).expect("read");
    std::fs::write(&truncated, &bytes[..bytes.len() / 2]).expect("write");
    out.push(("truncated", truncated, "zip-corrupt", vec![]));
    let mut with = base.clone();
    with.push(("zeros.bin".into(), vec![0u8; 4 * 1024 * 1024]));
    let bomb = dir.join("bomb.zip");
    write_zip(&bomb, &with);
    out.push(("ratio", bomb, "zip-ratio", vec![]));
    let mut with = base.clone();
    with.push((
        "big.bin".into(),
        (0..3 * 1024 * 1024u32)
            .map(|i| (i.wrapping_mul(2_654_435_761) >> 24) as u8)
            .collect(),
    ));
    let big = dir.join("big.zip");
    write_zip(&big, &with);
    out.push(("size cap", big, "zip-too-large", vec!["--max-size", "1"]));
    let many = dir.join("many.zip");
    let mut w = zip::ZipWriter::new(std::fs::File::create(&many).expect("create"));
    let opts =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for i in 0..100_001 {
        w.start_file(format!("f{i}"), opts).expect("start");
    }
    w.finish().expect("finish");
    out.push(("too many entries", many, "zip-too-many-entries", vec![]));
    let overlap = dir.join("overlap.zip");
    common::write_overlapping_zip(&overlap, &manifest);
    out.push(("overlap", overlap, "zip-overlap", vec![]));
    let folder = dir.join("linked");
    std::fs::create_dir(&folder).expect("mkdir");
    for (p, c) in &base {
        let path = folder.join(p);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, c).expect("write");
    }
    #[cfg(unix)]
    std::os::unix::fs::symlink("/etc/hostname", folder.join("link.txt")).expect("symlink");
    out.push(("symlink", folder, "zip-symlink", vec![]));
    let special = dir.join("special");
    std::fs::create_dir(&special).expect("mkdir");
    for (p, c) in &base {
        let path = special.join(p);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, c).expect("write");
    }
    let made = std::process::Command::new("mkfifo")
        .arg(special.join("pipe.html"))
        .status()
        .expect("mkfifo");
    assert!(made.success(), "mkfifo");
    out.push(("fifo in a package folder", special, "file-special", vec![]));
    let none = dir.join("none.zip");
    write_zip(&none, &[("index.html".into(), b"x".to_vec())]);
    out.push(("no manifest", none, "kind-unknown", vec![]));
    let nested = dir.join("nested.zip");
    write_zip(&nested, &[("pkg/imsmanifest.xml".into(), manifest.clone())]);
    out.push(("nested manifest", nested, "kind-nested", vec![]));
    // Local headers and central records, patched: (local offsets, central offsets).
    let heads = |bytes: &[u8]| {
        let find = |sig: [u8; 4]| -> Vec<usize> {
            bytes
                .windows(4)
                .enumerate()
                .filter(|(_, w)| *w == sig)
                .map(|(i, _)| i)
                .collect()
        };
        (find([0x50, 0x4b, 3, 4]), find([0x50, 0x4b, 1, 2]))
    };
    let good = dir.join("good-archive.zip");
    write_zip(&good, &base);
    let good = std::fs::read(&good).expect("read");
    let (locals, centrals) = heads(&good);
    let mut b = good.clone();
    b[locals[0] + 30] = b'X';
    let mismatch = dir.join("mismatch.zip");
    std::fs::write(&mismatch, &b).expect("write");
    out.push(("local name", mismatch, "zip-header-mismatch", vec![]));
    let prefixed = dir.join("prefixed.zip");
    std::fs::write(&prefixed, [b"<html>".as_slice(), &good].concat()).expect("write");
    out.push(("prefixed data", prefixed, "zip-prefix", vec![]));
    let mut b = good.clone();
    b[locals[0] + 6] |= 1;
    b[centrals[0] + 8] |= 1;
    let encrypted = dir.join("encrypted.zip");
    std::fs::write(&encrypted, &b).expect("write");
    out.push(("encrypted", encrypted, "zip-encrypted", vec![]));
    let mut b = good.clone();
    for at in [locals[0] + 14, centrals[0] + 16] {
        b[at] ^= 0xff;
    }
    let crc = dir.join("crc.zip");
    std::fs::write(&crc, &b).expect("write");
    out.push(("CRC", crc, "zip-crc", vec!["--deep"]));
    let files: String = (0..150)
        .map(|i| format!("<file href=\"missing-{i}.html\"/>"))
        .collect();
    let flood = String::from_utf8(manifest.clone())
        .expect("utf-8")
        .replacen("</resource>", &format!("{files}</resource>"), 1);
    let omitted = dir.join("omitted.zip");
    let mut with = base.clone();
    with.retain(|(n, _)| n != "imsmanifest.xml");
    with.push(("imsmanifest.xml".into(), flood.into_bytes()));
    write_zip(&omitted, &with);
    out.push((
        "150 findings of one rule",
        omitted,
        "findings-omitted",
        vec![],
    ));
    let official = dir.join("official.zip");
    let broken = goods()[0]
        .1
        .replacen("<resources>", "<bogus/><resources>", 1);
    let mut with: Vec<(String, Vec<u8>)> = FILES
        .iter()
        .map(|(p, c)| (p.to_string(), c.as_bytes().to_vec()))
        .collect();
    with.push(("imsmanifest.xml".into(), broken.into_bytes()));
    write_zip(&official, &with);
    out.push((
        "official schema",
        official,
        "xsd-official",
        vec![
            "--official-schemas",
            concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/tests/fixtures/official-schemas"
            ),
        ],
    ));
    out
}

#[test]
fn every_rule_has_a_failing_fixture() {
    let dir = tempfile::tempdir().expect("temp");
    let goods = goods();
    for (i, (name, text)) in goods.iter().enumerate() {
        let mut entries: Vec<(String, Vec<u8>)> = FILES
            .iter()
            .map(|(p, c)| (p.to_string(), c.as_bytes().to_vec()))
            .collect();
        entries.push((name.to_string(), text.clone().into_bytes()));
        let zip = dir.path().join(format!("good{i}.zip"));
        write_zip(&zip, &entries);
        let (code, report) = run(&zip, "strict", &["--deny-warnings"]);
        assert_eq!(code, 0, "good package {name}: {report:#}");
    }
    let mut failures = Vec::new();
    let mut covered = BTreeSet::new();
    for f in FIXTURES {
        match covered_by_fixture(dir.path(), &goods, f) {
            Ok(()) => {
                covered.insert(f.rule);
            }
            Err(e) => failures.push(e),
        }
    }
    for (name, path, rule, extra) in archive_fixtures(dir.path()) {
        let (code, report) = run(&path, "spec", &extra);
        if code == 1
            && report["diagnostics"]
                .as_array()
                .is_some_and(|ds| ds.iter().any(|d| d["rule"] == rule))
        {
            covered.insert(rule);
        } else {
            failures.push(format!("{name}: exit {code}, expected {rule}: {report:#}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    let all: BTreeSet<&str> = coursepack::validate::rules::ALL
        .iter()
        .map(|r| r.id)
        .collect();
    let missing: Vec<_> = all.difference(&covered).collect();
    assert!(
        missing.is_empty(),
        "rules without a failing fixture: {missing:?}"
    );
}

/// A bare manifest file is checked on its own: a bare SCORM manifest passes
/// (its files cannot be checked), a bare cmi5 course structure with relative
/// AU urls is refused (CATAPULT 202), located at the url.
#[test]
fn bare_manifests_are_checked_alone() {
    let dir = tempfile::tempdir().expect("temp");
    let goods = goods();
    let scorm = dir.path().join("imsmanifest.xml");
    std::fs::write(&scorm, &goods[0].1).expect("write");
    let (code, report) = run(&scorm, "spec", &[]);
    assert_eq!(code, 0, "{report:#}");
    let cmi5 = dir.path().join("course-cmi5.xml");
    std::fs::write(&cmi5, &goods[2].1).expect("write");
    let (code, report) = run(&cmi5, "spec", &[]);
    assert_eq!(code, 1, "{report:#}");
    let d = &report["diagnostics"][0];
    assert_eq!(d["rule"], "cmi5-url", "{report:#}");
    assert!(
        d["file"]
            .as_str()
            .unwrap_or_default()
            .ends_with("course-cmi5.xml")
            && d["line"].is_u64(),
        "{report:#}"
    );
}

/// Issue 16.1: no SCORM rule requires a SCO. A package made only of assets
/// (Rustici's "one file per SCO" style) passes `spec`; `moodle` still says
/// Moodle would track nothing, naming Moodle; with no organization at all
/// the message does not talk about a default organization.
#[test]
fn resource_only_packages_are_valid_scorm() {
    let dir = tempfile::tempdir().expect("temp");
    let goods = goods();
    let assets = goods[0]
        .1
        .replace("adlcp:scormtype=\"sco\"", "adlcp:scormtype=\"asset\"");
    let mut entries: Vec<(String, Vec<u8>)> = FILES
        .iter()
        .map(|(p, c)| (p.to_string(), c.as_bytes().to_vec()))
        .collect();
    entries.push(("imsmanifest.xml".into(), assets.into_bytes()));
    let zip = dir.path().join("assets.zip");
    write_zip(&zip, &entries);
    let (code, report) = run(&zip, "spec", &[]);
    assert_eq!(code, 0, "{report:#}");
    let (code, report) = run(&zip, "moodle", &[]);
    assert_eq!(code, 1, "{report:#}");
    let d = &report["diagnostics"][0];
    assert_eq!(d["rule"], "manifest-no-sco", "{report:#}");
    assert!(
        d["message"].as_str().unwrap_or_default().contains("Moodle"),
        "{d}"
    );
}

/// Issue 16: `coursepack rules --validate` names the profiles that enable
/// each rule, the README's table says the same, and `--profile` may be
/// given more than once (the union of what the profiles enable).
#[test]
fn rules_name_their_profiles_and_profiles_combine() {
    let out = assert_cmd::Command::cargo_bin("coursepack")
        .expect("binary")
        .args(["rules", "--validate"])
        .output()
        .expect("run");
    assert!(out.status.success());
    let listed = String::from_utf8_lossy(&out.stdout).into_owned();
    let readme = std::fs::read_to_string(common::root().join("README.md")).expect("README");
    for rule in coursepack::validate::rules::ALL {
        let profiles: Vec<&str> = coursepack::validate::rules::profiles(rule.id)
            .iter()
            .map(|p| p.name())
            .collect();
        let line = listed
            .lines()
            .find(|l| l.split_whitespace().next() == Some(rule.id))
            .unwrap_or_else(|| panic!("{} not listed:\n{listed}", rule.id));
        assert!(line.contains(&profiles.join(",")), "{line}");
        assert!(
            readme.contains(&format!("| `{}` | ", rule.id))
                && readme
                    .lines()
                    .any(|l| l.starts_with(&format!("| `{}` |", rule.id))
                        && l.contains(&format!("| {} |", profiles.join(", ")))),
            "the README's row for {} does not name the profiles {profiles:?}",
            rule.id
        );
    }
    // An unlisted file is a strict warning: spec alone does not report it,
    // spec and strict together do.
    let dir = tempfile::tempdir().expect("temp");
    let mut entries: Vec<(String, Vec<u8>)> = FILES
        .iter()
        .map(|(p, c)| (p.to_string(), c.as_bytes().to_vec()))
        .collect();
    entries.push(("imsmanifest.xml".into(), goods()[0].1.clone().into_bytes()));
    entries.push(("stray.txt".into(), b"x".to_vec()));
    let zip = dir.path().join("stray.zip");
    write_zip(&zip, &entries);
    let has_unlisted = |r: &serde_json::Value| {
        r["diagnostics"]
            .as_array()
            .is_some_and(|ds| ds.iter().any(|d| d["rule"] == "file-unlisted"))
    };
    let (_, spec) = run(&zip, "spec", &[]);
    assert!(!has_unlisted(&spec), "{spec:#}");
    let (_, both) = run(&zip, "spec", &["--profile", "strict"]);
    assert!(has_unlisted(&both), "{both:#}");
}

/// Issue 16.2: `file-unlisted` resolves `xml:base`, skips the schema
/// control files at the root (`.xsd`, `.dtd`) and counts a metadata file
/// named by `<adlcp:location>` as listed; a really unlisted file is still
/// reported.
#[test]
fn file_unlisted_follows_xml_base_control_files_and_metadata() {
    let manifest = r#"<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="m" version="1" xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2" xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2">
  <metadata><schema>ADL SCORM</schema><schemaversion>1.2</schemaversion><adlcp:location>metadata.xml</adlcp:location></metadata>
  <organizations default="o"><organization identifier="o"><title>t</title>
    <item identifier="i" identifierref="r"><title>t</title></item>
  </organization></organizations>
  <resources xml:base="content/">
    <resource identifier="r" type="webcontent" adlcp:scormtype="sco" xml:base="lesson-1/" href="index.html">
      <file href="index.html"/>
    </resource>
  </resources>
</manifest>
"#;
    let dir = tempfile::tempdir().expect("temp");
    let mut entries: Vec<(String, Vec<u8>)> = [
        ("imsmanifest.xml", manifest),
        ("content/lesson-1/index.html", "x"),
        ("metadata.xml", "<lom/>"),
        ("imscp_rootv1p1p2.xsd", "<xs/>"),
        ("ims_xml.xsd", "<xs/>"),
        ("adlcp_rootv1p2.xsd", "<xs/>"),
    ]
    .iter()
    .map(|(p, c)| (p.to_string(), c.as_bytes().to_vec()))
    .collect();
    let zip = dir.path().join("listed.zip");
    write_zip(&zip, &entries);
    let (code, report) = run(&zip, "strict", &["--deny-warnings"]);
    assert_eq!(code, 0, "{report:#}");
    entries.push(("content/stray.html".into(), b"x".to_vec()));
    let zip = dir.path().join("stray.zip");
    write_zip(&zip, &entries);
    let (code, report) = run(&zip, "strict", &[]);
    assert_eq!(code, 0, "{report:#}");
    let unlisted: Vec<&str> = report["diagnostics"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|d| d["rule"] == "file-unlisted")
        .filter_map(|d| d["file"].as_str())
        .collect();
    assert_eq!(unlisted.len(), 1, "{report:#}");
    assert!(unlisted[0].ends_with("content/stray.html"), "{report:#}");
}

/// Issue 16.4: one finding per defect. A bad identifier is reported once,
/// by `manifest-id-form`, not a second time by `xsd-invalid`.
#[test]
fn a_bad_identifier_is_one_finding() {
    let dir = tempfile::tempdir().expect("temp");
    let bad = goods()[0]
        .1
        .replacen("<item identifier=\"", "<item identifier=\"1 ", 1);
    let mut entries: Vec<(String, Vec<u8>)> = FILES
        .iter()
        .map(|(p, c)| (p.to_string(), c.as_bytes().to_vec()))
        .collect();
    entries.push(("imsmanifest.xml".into(), bad.into_bytes()));
    let zip = dir.path().join("badid.zip");
    write_zip(&zip, &entries);
    let (code, report) = run(&zip, "spec", &[]);
    assert_eq!(code, 1, "{report:#}");
    let rules: Vec<&str> = report["diagnostics"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|d| d["rule"].as_str())
        .collect();
    assert_eq!(rules, ["manifest-id-form"], "{report:#}");
}

/// Issue 16.6: text output lists a package's errors before its warnings
/// (the error can no longer be the 76th of 81 findings) and ends with one
/// summary line over all packages.
#[test]
fn text_output_puts_errors_first_and_sums_up() {
    let dir = tempfile::tempdir().expect("temp");
    let bad = goods()[0]
        .1
        .replacen("identifierref=\"", "identifierref=\"x", 1);
    let mut entries: Vec<(String, Vec<u8>)> = FILES
        .iter()
        .map(|(p, c)| (p.to_string(), c.as_bytes().to_vec()))
        .collect();
    entries.push(("imsmanifest.xml".into(), bad.into_bytes()));
    for i in 0..5 {
        entries.push((format!("aaa-stray-{i}.txt"), b"x".to_vec()));
    }
    let zip = dir.path().join("mixed.zip");
    write_zip(&zip, &entries);
    let out = assert_cmd::Command::cargo_bin("coursepack")
        .expect("binary")
        .args(["validate", "--profile", "strict"])
        .arg(&zip)
        .arg(&zip)
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stderr);
    let first_error = text.find("error[").expect("an error");
    let first_warning = text.find("warning[").expect("a warning");
    assert!(first_error < first_warning, "{text}");
    let last = text.trim_end().lines().last().unwrap_or_default();
    assert!(
        last.starts_with("validated 2 package(s): 2 with errors"),
        "{last}"
    );
}

/// The lines xmllint names in its schema-validity errors for `xml` against
/// `schema` (a file the test wrote or one of the repository's own schemas).
fn xmllint_error_lines(schema: &Path, xml: &str) -> Vec<u64> {
    let dir = tempfile::tempdir().expect("temp");
    let file = dir.path().join("doc.xml");
    std::fs::write(&file, xml).expect("write");
    let out = std::process::Command::new("xmllint")
        .args(["--nonet", "--noout", "--schema"])
        .arg(schema)
        .arg(&file)
        .output()
        .expect("xmllint must be installed (scripts/test installs libxml2-utils)");
    let said = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(3), "xmllint: {said}");
    said.lines()
        .filter(|l| l.contains("Schemas validity error"))
        .filter_map(|l| l.split(':').nth(1)?.trim().parse().ok())
        .collect()
}

/// A SCORM 1.2 driver over the repository's own schemas for xmllint, with a
/// minimal declaration of the XML namespace's attributes (xmllint fetches
/// nothing), written into `dir`.
fn scorm12_driver(dir: &Path) -> PathBuf {
    let own = common::root().join("schemas/xsd/scorm12");
    std::fs::write(
        dir.join("xml.xsd"),
        r#"<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="http://www.w3.org/XML/1998/namespace">
  <xs:attribute name="base" type="xs:anyURI"/>
  <xs:attribute name="lang" type="xs:language"/>
</xs:schema>"#,
    )
    .expect("write");
    let mut driver = String::from(
        r#"<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
  <xs:import namespace="http://www.w3.org/XML/1998/namespace" schemaLocation="xml.xsd"/>
"#,
    );
    for (ns, file) in [
        (
            "http://www.imsproject.org/xsd/imscp_rootv1p1p2",
            "imscp.xsd",
        ),
        ("http://www.adlnet.org/xsd/adlcp_rootv1p2", "adlcp.xsd"),
        ("http://www.imsglobal.org/xsd/imsmd_rootv1p2p1", "imsmd.xsd"),
    ] {
        driver.push_str(&format!(
            "  <xs:import namespace=\"{ns}\" schemaLocation=\"{}\"/>\n",
            own.join(file).display()
        ));
    }
    driver.push_str("</xs:schema>\n");
    let path = dir.join("driver.xsd");
    std::fs::write(&path, driver).expect("write");
    path
}

/// The `xsd-invalid` findings of a package made of the good files and
/// `manifest` under `name`: (line, message) each.
fn xsd_findings(dir: &Path, name: &str, manifest: &str) -> Vec<(u64, String)> {
    let mut entries: Vec<(String, Vec<u8>)> = FILES
        .iter()
        .map(|(p, c)| (p.to_string(), c.as_bytes().to_vec()))
        .collect();
    entries.push((name.to_string(), manifest.as_bytes().to_vec()));
    let zip = dir.join(format!("{name}.zip"));
    write_zip(&zip, &entries);
    let (code, report) = run(&zip, "spec", &[]);
    assert_eq!(code, 1, "{report:#}");
    report["diagnostics"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|d| d["rule"] == "xsd-invalid")
        .map(|d| {
            (
                d["line"].as_u64().unwrap_or(0),
                d["message"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect()
}

/// Issue 16.4: an XSD content-model error sits at the offending child, on
/// the line xmllint names, not at the parent element; and one misplaced
/// element is one finding (no cascade, no "not declared" for an element the
/// schema declares).
#[test]
fn xsd_findings_sit_at_the_offending_child_as_xmllint_says() {
    let dir = tempfile::tempdir().expect("temp");
    let goods = goods();
    // SCORM 1.2: a second <title> after the organization's items (declared,
    // but not allowed there), on a line of its own below the parent's.
    let manifest = goods[0].1.replacen(
        "</organization>",
        "\n      <title>again</title>\n    </organization>",
        1,
    );
    let found = xsd_findings(dir.path(), "imsmanifest.xml", &manifest);
    let expected = xmllint_error_lines(&scorm12_driver(dir.path()), &manifest);
    assert_eq!(expected.len(), 1, "{expected:?}");
    assert_eq!(
        found.iter().map(|f| f.0).collect::<Vec<_>>(),
        expected,
        "{found:?}"
    );
    let title_line = manifest
        .lines()
        .position(|l| l.contains("<title>again</title>"))
        .expect("the mutation")
        + 1;
    assert_eq!(expected[0], title_line as u64);

    // cmi5: the AU's url moved before its title. xmllint reports the url
    // once; coursepack must too, and never call url undeclared.
    let url = "\n    <url>index.html</url>";
    let cmi5 = goods[2].1.replacen(url, "", 1).replacen(
        "launchMethod=\"AnyWindow\">",
        &format!("launchMethod=\"AnyWindow\">{url}"),
        1,
    );
    assert_ne!(cmi5, goods[2].1, "the mutation applies");
    let found = xsd_findings(dir.path(), "cmi5.xml", &cmi5);
    let expected = xmllint_error_lines(
        &common::root().join("schemas/xsd/cmi5/CourseStructure.xsd"),
        &cmi5,
    );
    assert_eq!(expected.len(), 1, "{expected:?}");
    assert_eq!(
        found.iter().map(|f| f.0).collect::<Vec<_>>(),
        expected,
        "{found:?}"
    );
    assert!(
        found.iter().all(|f| !f.1.contains("not declared")),
        "{found:?}"
    );
}

/// The rule ids of the findings `validate --profile spec` makes on a
/// package of the good files and `manifest` under `name`.
fn rules_for(dir: &Path, name: &str, manifest: &str) -> Vec<String> {
    let mut entries: Vec<(String, Vec<u8>)> = FILES
        .iter()
        .map(|(p, c)| (p.to_string(), c.as_bytes().to_vec()))
        .collect();
    entries.push((name.to_string(), manifest.as_bytes().to_vec()));
    let zip = dir.join("defect.zip");
    write_zip(&zip, &entries);
    let (code, report) = run(&zip, "spec", &[]);
    assert_eq!(code, 1, "{report:#}");
    report["diagnostics"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|d| d["rule"].as_str().map(str::to_string))
        .collect()
}

/// Issue 16.4: one finding per defect. A duplicate identifier and an empty
/// cmi5 AU url are reported by their rule only, not again by the XSD stage;
/// but a second defect on the same element (a bad isvisible beside a bad
/// identifier) is still reported.
#[test]
fn one_finding_per_defect_and_every_defect_found() {
    let dir = tempfile::tempdir().expect("temp");
    let goods = goods();
    let scorm = &goods[0].1;
    let resource_id = scorm
        .split_once("<resource identifier=\"")
        .and_then(|(_, rest)| rest.split_once('"'))
        .expect("a resource identifier")
        .0;
    let item_id = scorm
        .split_once("<item identifier=\"")
        .and_then(|(_, rest)| rest.split_once('"'))
        .expect("an item identifier")
        .0;
    let duplicate = scorm.replacen(
        &format!("<item identifier=\"{item_id}\""),
        &format!("<item identifier=\"{resource_id}\""),
        1,
    );
    assert_eq!(
        rules_for(dir.path(), "imsmanifest.xml", &duplicate),
        ["manifest-id-duplicate"]
    );

    let cmi5 = goods[2]
        .1
        .replacen("<url>index.html</url>", "<url></url>", 1);
    assert_ne!(cmi5, goods[2].1, "the mutation applies");
    assert_eq!(rules_for(dir.path(), "cmi5.xml", &cmi5), ["cmi5-url"]);

    let two = scorm
        .replacen(
            &format!("<item identifier=\"{item_id}\""),
            "<item identifier=\"1 x\"",
            1,
        )
        .replacen("isvisible=\"true\"", "isvisible=\"maybe\"", 1);
    assert!(two.contains("isvisible=\"maybe\""), "the mutation applies");
    assert_eq!(
        rules_for(dir.path(), "imsmanifest.xml", &two),
        ["manifest-id-form", "xsd-invalid"]
    );
}
