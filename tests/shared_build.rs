//! The build shares work between packages (each language rendered once, each
//! text file compressed once and copied compressed, packages written in
//! parallel). Every package must still be byte-identical to the one a build
//! of that target and language alone, on one thread, produces. Also: the
//! benchmark's course generator writes courses that check clean.

use assert_cmd::Command;
use std::collections::BTreeMap;
use std::path::Path;

use crate::common::root;

/// Builds with `COURSEPACK_JOBS=jobs`; returns file name → bytes of every zip.
fn build(course: &Path, out: &Path, jobs: &str, extra: &[&str]) -> BTreeMap<String, Vec<u8>> {
    let output = Command::cargo_bin("coursepack")
        .expect("binary")
        .arg("build")
        .arg(course)
        .arg("--out")
        .arg(out)
        .args(extra)
        .env("COURSEPACK_JOBS", jobs)
        .env_remove("SOURCE_DATE_EPOCH")
        .output()
        .expect("run coursepack build");
    assert!(
        output.status.success(),
        "build {extra:?} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let mut zips = BTreeMap::new();
    for entry in std::fs::read_dir(out).expect("read out dir") {
        let path = entry.expect("entry").path();
        if path.extension().is_some_and(|e| e == "zip") {
            let name = path
                .file_name()
                .expect("name")
                .to_string_lossy()
                .into_owned();
            zips.insert(name, std::fs::read(&path).expect("read zip"));
        }
    }
    zips
}

fn targets() -> Vec<String> {
    coursepack::target::ids()
        .into_iter()
        .map(String::from)
        .collect()
}

fn assert_shared_equals_one_at_a_time(course: &Path, langs: &[&str]) {
    let tmp = tempfile::tempdir().expect("temp");
    let all = build(course, &tmp.path().join("all"), "4", &[]);
    let serial = build(course, &tmp.path().join("serial"), "1", &[]);
    assert_eq!(
        all.len(),
        targets().len() * langs.len(),
        "{:?}",
        all.keys().collect::<Vec<_>>()
    );
    for target in targets() {
        for lang in langs {
            let out = tmp.path().join(format!("{target}-{lang}"));
            let alone = build(course, &out, "1", &["--target", &target, "--lang", lang]);
            assert_eq!(alone.len(), 1);
            let (name, bytes) = alone.into_iter().next().expect("one package");
            let shared = all
                .get(&name)
                .unwrap_or_else(|| panic!("{name} not in the full build"));
            assert!(
                *shared == bytes,
                "{name}: the full parallel build differs from a build of {target} {lang} alone"
            );
            assert!(serial[&name] == bytes, "{name}: COURSEPACK_JOBS=1 differs");
        }
    }
}

#[test]
fn the_real_course_builds_the_same_shared_or_alone() {
    assert_shared_equals_one_at_a_time(&root().join("course"), &["nl", "en"]);
}

/// The benchmark generator's small course (seed 7) into `dir`.
fn generate_small(dir: &Path) {
    let status = std::process::Command::new("python3")
        .arg(root().join("scripts/bench/gen_course.py"))
        .arg(dir)
        .args(["--size", "small", "--seed", "7"])
        .status()
        .expect("run python3 scripts/bench/gen_course.py");
    assert!(status.success(), "scripts/bench/gen_course.py failed");
}

/// The generator's small course, plus one image, one video and captions in
/// two languages, so media and deflated files from disk are shared too.
#[test]
fn a_generated_course_checks_clean_and_builds_the_same_shared_or_alone() {
    let tmp = tempfile::tempdir().expect("temp");
    let course = tmp.path().join("course");
    generate_small(&course);
    Command::cargo_bin("coursepack")
        .expect("binary")
        .arg("check")
        .arg(&course)
        .assert()
        .success();
    // Generated twice with one seed: the same course, byte for byte.
    let again = tmp.path().join("again");
    generate_small(&again);
    assert_eq!(
        std::fs::read(course.join("course.yaml")).expect("yaml"),
        std::fs::read(again.join("course.yaml")).expect("yaml")
    );

    let assets = course.join("assets");
    std::fs::create_dir_all(&assets).expect("assets");
    // Magic bytes first: `check` compares them with the extension.
    let jpg = [b"\xFF\xD8\xFF\xE0".as_slice(), &[0xA5u8; 300_000]].concat();
    let mp4 = [b"\0\0\0\x18ftypmp42".as_slice(), &[0x5Au8; 700_000]].concat();
    std::fs::write(assets.join("photo.jpg"), jpg).expect("jpg");
    std::fs::write(assets.join("clip.mp4"), mp4).expect("mp4");
    for lang in ["nl", "en"] {
        let cue = format!("WEBVTT\n\n00:00.000 --> 00:02.000\nOndertitel {lang}\n").repeat(50);
        std::fs::write(assets.join(format!("clip.{lang}.vtt")), cue).expect("vtt");
    }
    let yaml = std::fs::read_to_string(course.join("course.yaml")).expect("yaml");
    let blocks = "        blocks:\n";
    let media = "        blocks:\n          - image: {src: assets/photo.jpg, alt: {nl: Een testbeeld met een effen kleur., en: A test picture of one plain colour.}}\n          - video:\n              src: assets/clip.mp4\n              title: {nl: Testfilm, en: Test clip}\n              captions: {nl: assets/clip.nl.vtt, en: assets/clip.en.vtt}\n";
    assert!(yaml.contains(blocks));
    std::fs::write(course.join("course.yaml"), yaml.replacen(blocks, media, 1)).expect("write");
    Command::cargo_bin("coursepack")
        .expect("binary")
        .arg("check")
        .arg(&course)
        .assert()
        .success();
    assert_shared_equals_one_at_a_time(&course, &["nl", "en"]);
}
