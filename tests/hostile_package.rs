//! `validate` treats every package as hostile (issue 13, validate side): each
//! case is generated here, and each asserts the exit code and the rule id,
//! under a timeout so that nothing can hang the suite.

use crate::common;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Duration;

const INDEX: &[u8] = b"<!doctype html><title>t</title><p>the launch page</p>";

fn manifest(href: &str) -> String {
    common::scorm12_manifest(href, "")
}

/// A stored (uncompressed) zip, so that tests can patch its bytes.
fn zip_bytes(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for (name, data) in entries {
        w.start_file(*name, opts).expect("start");
        w.write_all(data).expect("write");
    }
    w.finish().expect("finish").into_inner()
}

fn good_zip() -> Vec<u8> {
    zip_bytes(&[
        ("imsmanifest.xml", manifest("index.html").as_bytes()),
        ("index.html", INDEX),
    ])
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).expect("write");
    path
}

/// Offsets of every local header (`PK\3\4`) and central record (`PK\1\2`).
fn headers(bytes: &[u8], sig: [u8; 4]) -> Vec<usize> {
    bytes
        .windows(4)
        .enumerate()
        .filter(|(_, w)| *w == sig)
        .map(|(i, _)| i)
        .collect()
}
const LOCAL: [u8; 4] = [0x50, 0x4b, 0x03, 0x04];
const CENTRAL: [u8; 4] = [0x50, 0x4b, 0x01, 0x02];

fn validate(path: &Path, extra: &[&str]) -> (i32, serde_json::Value) {
    common::validate_json(path, "spec", extra, 60)
}

/// Runs every case; collects every failure before failing.
fn expect_all(cases: Vec<(&str, PathBuf, &[&str], i32, &str)>) {
    let mut failures = Vec::new();
    for (name, path, extra, code, rule) in cases {
        let (got, report) = validate(&path, extra);
        let found = common::rule_ids(&report);
        let rule_ok = if rule.is_empty() {
            found.is_empty()
        } else {
            found.iter().any(|r| r == rule)
        };
        if got != code || !rule_ok {
            failures.push(format!(
                "{name}: exit {got} (expected {code}), rules {found:?} (expected {rule:?})"
            ));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[test]
fn the_good_package_is_clean_even_deep() {
    let dir = tempfile::tempdir().expect("temp");
    let path = write(dir.path(), "good.zip", &good_zip());
    expect_all(vec![
        ("good", path.clone(), &[], 0, ""),
        ("good, --deep", path, &["--deep"], 0, ""),
    ]);
}

#[test]
fn local_headers_that_disagree_with_the_central_directory_are_errors() {
    let dir = tempfile::tempdir().expect("temp");
    let good = good_zip();
    let local = headers(&good, LOCAL)[0];
    let patch = |name: &str, at: usize, with: &[u8]| {
        let mut b = good.clone();
        b[at..at + with.len()].copy_from_slice(with);
        write(dir.path(), name, &b)
    };
    expect_all(vec![
        (
            "local name ../../evil.xmlx behind central imsmanifest.xml",
            patch("name.zip", local + 30, b"../../evil.xmlx"),
            &[],
            1,
            "zip-header-mismatch",
        ),
        (
            "local method deflate, central stored",
            patch("method.zip", local + 8, &8u16.to_le_bytes()),
            &[],
            1,
            "zip-header-mismatch",
        ),
        (
            "local sizes differ",
            patch("size.zip", local + 22, &7u32.to_le_bytes()),
            &[],
            1,
            "zip-header-mismatch",
        ),
        (
            "local CRC differs",
            patch("crc.zip", local + 14, &0xdead_beefu32.to_le_bytes()),
            &[],
            1,
            "zip-header-mismatch",
        ),
        (
            "local UTF-8 flag set, central not",
            patch("flags.zip", local + 6, &(1u16 << 11).to_le_bytes()),
            &[],
            1,
            "zip-header-mismatch",
        ),
        (
            "central record points at no local header",
            {
                let mut b = good.clone();
                let cd = headers(&b, CENTRAL)[1];
                b[cd + 42..cd + 46].copy_from_slice(&3u32.to_le_bytes());
                write(dir.path(), "nowhere.zip", &b)
            },
            &[],
            1,
            "zip-corrupt",
        ),
    ]);
}

#[test]
fn prefixed_data_encryption_and_crc_errors_are_flagged() {
    let dir = tempfile::tempdir().expect("temp");
    let good = good_zip();
    let html = [b"<!doctype html><p>a page</p>\n".as_slice(), &good].concat();
    // A tar holding the zip: a 512-byte header, the zip, padding to 10 KiB.
    let mut tar = vec![0u8; 512];
    tar[..9].copy_from_slice(b"a/pkg.zip");
    tar[257..262].copy_from_slice(b"ustar");
    tar.extend(&good);
    tar.resize(tar.len().div_ceil(10_240) * 10_240, 0);
    let encrypted = {
        let mut b = good.clone();
        let local = headers(&b, LOCAL)[1];
        let central = headers(&b, CENTRAL)[1];
        b[local + 6] |= 1;
        b[central + 8] |= 1;
        b
    };
    let damaged = {
        let mut b = good.clone();
        let at = b
            .windows(12)
            .position(|w| w == b"the launch p")
            .expect("index data");
        b[at] = b'T';
        b
    };
    expect_all(vec![
        (
            "HTML page with a zip appended",
            write(dir.path(), "html.zip", &html),
            &[],
            1,
            "zip-prefix",
        ),
        (
            "tar holding a zip",
            write(dir.path(), "tar.zip", &tar),
            &[],
            1,
            "zip-prefix",
        ),
        (
            "encrypted entry",
            write(dir.path(), "enc.zip", &encrypted),
            &[],
            1,
            "zip-encrypted",
        ),
        (
            "CRC error outside the manifest, --deep",
            write(dir.path(), "crc.zip", &damaged),
            &["--deep"],
            1,
            "zip-crc",
        ),
        (
            "CRC error outside the manifest, without --deep (media are not read)",
            write(dir.path(), "crc-shallow.zip", &damaged),
            &[],
            0,
            "",
        ),
    ]);
}

#[test]
fn absolute_and_scheme_qualified_launch_hrefs_are_errors() {
    let dir = tempfile::tempdir().expect("temp");
    let hrefs = [
        "file:///etc/passwd",
        "https://evil.example/x.html",
        "//host/x.html",
        "javascript:alert(1)",
        " JaVaScRiPt:alert(1)",
        "java&#9;script:alert(1)",
        "data:text/html,x",
        "\\\\host\\x.html",
        "/index.html",
        "C:/index.html",
    ];
    let cases = hrefs
        .iter()
        .enumerate()
        .map(|(i, href)| {
            let bytes = zip_bytes(&[
                ("imsmanifest.xml", manifest(href).as_bytes()),
                ("index.html", INDEX),
            ]);
            let name: &str = href;
            (
                name,
                write(dir.path(), &format!("href{i}.zip"), &bytes),
                &[] as &[&str],
                1,
                "manifest-href-form",
            )
        })
        .collect();
    expect_all(cases);
    // The same through xml:base.
    let based = manifest("index.html").replace(
        "<resources>",
        "<resources xml:base=\"https://evil.example/\">",
    );
    let path = write(
        dir.path(),
        "base.zip",
        &zip_bytes(&[("imsmanifest.xml", based.as_bytes()), ("index.html", INDEX)]),
    );
    expect_all(vec![("xml:base", path, &[], 1, "manifest-href-form")]);
}

#[test]
fn cmi5_and_tincan_launch_urls_are_http_or_in_the_package() {
    let dir = tempfile::tempdir().expect("temp");
    let cmi5 = |url: &str| {
        format!(
            r#"<?xml version="1.0" encoding="utf-8"?>
<courseStructure xmlns="https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd">
  <course id="https://example.org/c"><title><langstring lang="en-US">c</langstring></title>
    <description><langstring lang="en-US">c</langstring></description></course>
  <au id="https://example.org/c/au"><title><langstring lang="en-US">a</langstring></title>
    <description><langstring lang="en-US">a</langstring></description><url>{url}</url></au>
</courseStructure>
"#
        )
    };
    let tincan = |launch: &str| {
        format!(
            r#"<?xml version="1.0" encoding="utf-8"?>
<tincan xmlns="http://projecttincan.com/tincan.xsd"><activities>
  <activity id="https://example.org/c" type="http://adlnet.gov/expapi/activities/course">
    <name>c</name><description lang="en-US">c</description><launch lang="en-US">{launch}</launch>
  </activity></activities></tincan>
"#
        )
    };
    let mut cases = Vec::new();
    for (i, url) in [
        "javascript:alert(1)",
        "file:///etc/passwd",
        "data:text/html,x",
    ]
    .into_iter()
    .enumerate()
    {
        cases.push((
            url,
            write(
                dir.path(),
                &format!("cmi5-{i}.zip"),
                &zip_bytes(&[("cmi5.xml", cmi5(url).as_bytes()), ("index.html", INDEX)]),
            ),
            &[] as &[&str],
            1,
            "cmi5-url",
        ));
        cases.push((
            url,
            write(
                dir.path(),
                &format!("tincan-{i}.zip"),
                &zip_bytes(&[
                    ("tincan.xml", tincan(url).as_bytes()),
                    ("index.html", INDEX),
                ]),
            ),
            &[],
            1,
            "tincan-launch",
        ));
    }
    cases.push((
        "cmi5 in the package",
        write(
            dir.path(),
            "cmi5-ok.zip",
            &zip_bytes(&[
                ("cmi5.xml", cmi5("index.html").as_bytes()),
                ("index.html", INDEX),
            ]),
        ),
        &[],
        0,
        "",
    ));
    expect_all(cases);
}

/// `validate` on a FIFO, a device or a socket exits 2 at once, without
/// opening it (opening a FIFO for reading would block forever).
#[test]
fn special_files_are_refused_at_once() {
    let dir = tempfile::tempdir().expect("temp");
    let mut paths = vec![PathBuf::from("/dev/null")];
    for name in ["fifo.zip", "fifo.xml", "fifo"] {
        let path = dir.path().join(name);
        let ok = std::process::Command::new("mkfifo")
            .arg(&path)
            .status()
            .expect("mkfifo")
            .success();
        assert!(ok, "mkfifo {name}");
        paths.push(path);
    }
    let socket = dir.path().join("sock.zip");
    let _listener = std::os::unix::net::UnixListener::bind(&socket).expect("bind");
    paths.push(socket);
    for path in paths {
        let out = assert_cmd::Command::cargo_bin("coursepack")
            .expect("binary")
            .arg("validate")
            .arg(&path)
            .timeout(Duration::from_secs(10))
            .output()
            .expect("run");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{}: {stderr}", path.display());
        assert!(
            stderr.contains("not a regular file or a folder"),
            "{}: {stderr}",
            path.display()
        );
    }
}

/// A one-line manifest of `head`, `body` repeated `n` times, and the tail.
fn one_line_manifest(extra_attrs: &str, files: usize) -> String {
    let files: String = (0..files)
        .map(|i| format!("<file href=\"missing-{i}.html\"/>"))
        .collect();
    manifest("index.html")
        .replace('\n', "")
        .replace("<manifest ", &format!("<manifest {extra_attrs}"))
        .replace(
            "<file href=\"index.html\"/>",
            &format!("<file href=\"index.html\"/>{files}"),
        )
}

fn deflated_zip(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, data) in entries {
        w.start_file(*name, opts).expect("start");
        w.write_all(data).expect("write");
    }
    w.finish().expect("finish").into_inner()
}

fn run(path: &Path, format: &str) -> (i32, Vec<u8>, Vec<u8>) {
    let out = assert_cmd::Command::cargo_bin("coursepack")
        .expect("binary")
        .args(["validate", "--profile", "spec", "--format", format])
        .arg(path)
        .timeout(Duration::from_secs(60))
        .output()
        .expect("run");
    (out.status.code().unwrap_or(-1), out.stdout, out.stderr)
}

/// 20,000 findings on one line: every output format is bounded (at most 100
/// findings per rule, then one `findings-omitted` line), and the text
/// snippets are cut to a window around the column.
#[test]
fn twenty_thousand_findings_on_one_line_are_bounded_in_every_format() {
    let dir = tempfile::tempdir().expect("temp");
    let text = one_line_manifest("", 20_000);
    assert_eq!(text.lines().count(), 1, "the manifest is one line");
    let path = write(
        dir.path(),
        "many.zip",
        &deflated_zip(&[("imsmanifest.xml", text.as_bytes()), ("index.html", INDEX)]),
    );
    let (code, report) = validate(&path, &[]);
    assert_eq!(code, 1);
    let found = common::rule_ids(&report);
    let missing = found
        .iter()
        .filter(|r| *r == "manifest-href-missing")
        .count();
    assert_eq!(missing, 100, "{found:?}");
    assert_eq!(found.last().map(String::as_str), Some("findings-omitted"));
    let note = report["diagnostics"]
        .as_array()
        .and_then(|d| d.last())
        .and_then(|d| d["message"].as_str())
        .unwrap_or_default()
        .to_string();
    assert!(note.starts_with("and 19900 more"), "{note}");

    let (code, _, stderr) = run(&path, "text");
    assert_eq!(code, 1);
    let stderr = String::from_utf8_lossy(&stderr);
    assert!(stderr.contains("and 19900 more"), "{stderr}");
    let longest = stderr.lines().map(|l| l.chars().count()).max().unwrap_or(0);
    assert!(longest < 400, "a snippet line of {longest} characters");
    assert!(stderr.len() < 200_000, "{} bytes of text", stderr.len());
    for format in ["sarif", "junit"] {
        let (code, stdout, _) = run(&path, format);
        assert_eq!(code, 1, "{format}");
        let out = String::from_utf8_lossy(&stdout);
        assert!(out.contains("and 19900 more"), "{format}");
        assert!(out.len() < 400_000, "{format}: {} bytes", out.len());
    }
}

/// More than 1,000 attributes on one element are refused with a clear
/// finding; a million (a 2.3 MB zip of a 10 MB manifest) as quickly.
#[test]
fn attribute_floods_are_refused() {
    let dir = tempfile::tempdir().expect("temp");
    for (name, n) in [("attrs-20k.zip", 20_000), ("attrs-1m.zip", 1_000_000)] {
        let attrs: String = (0..n).map(|i| format!("a{i}=\"\" ")).collect();
        let text = one_line_manifest(&attrs, 0);
        let path = write(
            dir.path(),
            name,
            &deflated_zip(&[("imsmanifest.xml", text.as_bytes()), ("index.html", INDEX)]),
        );
        let (code, report) = validate(&path, &[]);
        assert_eq!(code, 1, "{name}");
        assert_eq!(
            common::rule_ids(&report),
            ["xml-malformed"],
            "{name}: {report:#}"
        );
        let message = report["diagnostics"][0]["message"]
            .as_str()
            .unwrap_or_default();
        assert!(message.contains("more than 1000 attributes"), "{message}");
    }
}
