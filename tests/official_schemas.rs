//! The official schema fixtures (tests/fixtures/official-schemas) are the
//! files their PROVENANCE.md names, byte for byte: every file has a row, every
//! row has a file, and each file's SHA-256 is the one in its row.

use crate::common;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::path::Path;

/// Files of the folder that describe it rather than being fixtures.
const NOT_FIXTURES: &[&str] = &[
    ".gitattributes",
    "PROVENANCE.md",
    "LICENSES/Apache-2.0.txt",
    "LICENSES/CC-BY-SA-2.0.txt",
    "LICENSES/W3C.txt",
];

/// The `| `file` | source | terms | `sha256` |` rows of PROVENANCE.md.
fn provenance_rows(text: &str) -> BTreeMap<String, String> {
    let mut rows = BTreeMap::new();
    for line in text.lines() {
        let cells: Vec<&str> = line.split('|').map(str::trim).collect();
        // "", file, source, terms, sha256, ""
        if cells.len() != 6 {
            continue;
        }
        let (Some(file), Some(hash)) = (
            cells[1].strip_prefix('`').and_then(|c| c.strip_suffix('`')),
            cells[4].strip_prefix('`').and_then(|c| c.strip_suffix('`')),
        ) else {
            continue;
        };
        if hash.len() == 64 && hash.bytes().all(|b| b.is_ascii_hexdigit()) {
            let earlier = rows.insert(file.to_string(), hash.to_string());
            assert!(earlier.is_none(), "PROVENANCE.md lists {file} twice");
        }
    }
    rows
}

/// Every file under `dir`, as `/`-separated paths relative to `base`.
fn files_under(base: &Path, dir: &Path, out: &mut Vec<String>) {
    for entry in std::fs::read_dir(dir).expect("read the fixture folder") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            files_under(base, &path, out);
        } else {
            let rel = path.strip_prefix(base).expect("under the folder");
            let rel: Vec<String> = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            out.push(rel.join("/"));
        }
    }
}

#[test]
fn every_fixture_matches_its_provenance_row() {
    let dir = common::official_schemas();
    let text = std::fs::read_to_string(dir.join("PROVENANCE.md")).expect("PROVENANCE.md");
    let rows = provenance_rows(&text);
    let mut files = Vec::new();
    files_under(&dir, &dir, &mut files);
    files.retain(|f| !NOT_FIXTURES.contains(&f.as_str()));
    files.sort();
    let mut problems = Vec::new();
    for file in &files {
        let bytes = std::fs::read(dir.join(file)).expect("read a fixture");
        let actual: String = Sha256::digest(&bytes)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        match rows.get(file) {
            None => problems.push(format!("{file} has no row in PROVENANCE.md")),
            Some(expected) if *expected != actual => problems.push(format!(
                "{file}: SHA-256 {actual}, PROVENANCE.md says {expected}"
            )),
            Some(_) => {}
        }
    }
    for file in rows.keys() {
        if !files.contains(file) {
            problems.push(format!("PROVENANCE.md lists {file}, which is missing"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    // The official sets (4 SCORM 1.2, 29 SCORM 2004, cmi5, TinCan) and ours
    // (2 drivers, 22 examples).
    assert!(rows.len() >= 59, "only {} rows", rows.len());
}
