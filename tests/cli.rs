//! The command line a person expects: completion scripts for the usual
//! shells and a manual page, both from the same definitions as `--help`.

use assert_cmd::Command;

fn stdout(args: &[&str]) -> String {
    let out = Command::cargo_bin("coursepack")
        .expect("binary")
        .args(args)
        .output()
        .expect("run");
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8")
}

#[test]
fn completions_for_every_usual_shell_know_every_subcommand() {
    for shell in ["bash", "zsh", "fish", "powershell"] {
        let script = stdout(&["completions", shell]);
        for sub in ["build", "check", "new", "preview", "validate"] {
            assert!(script.contains(sub), "{shell} completion lacks `{sub}`");
        }
    }
    let out = Command::cargo_bin("coursepack")
        .expect("binary")
        .args(["completions", "tcsh"])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn the_manual_page_lists_the_subcommands() {
    let page = stdout(&["man"]);
    assert!(page.contains(".TH coursepack 1"), "{page}");
    for sub in ["new", "preview", "check", "build"] {
        assert!(page.contains(sub), "the manual lacks `{sub}`");
    }
}

/// Runs coursepack; returns exit code, stdout and stderr.
fn run(args: &[&str]) -> (i32, String, String) {
    let out = Command::cargo_bin("coursepack")
        .expect("binary")
        .args(args)
        .timeout(std::time::Duration::from_secs(120))
        .output()
        .expect("run");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// A starter course with one warning of `check` (a plain-http link) and
/// two of the build (an asset packaged under another name, a language with
/// no player strings).
fn course_with_warnings(dir: &std::path::Path) -> std::path::PathBuf {
    let course = dir.join("course");
    let c = course.to_str().expect("UTF-8 path");
    assert_eq!(run(&["new", c, "--lang", "en,fy"]).0, 0);
    let file = course.join("course.yaml");
    let yaml = std::fs::read_to_string(&file).expect("course.yaml");
    assert!(yaml.contains("(page:growth)") && yaml.contains("assets/welcome.svg"));
    let yaml = yaml
        .replace("(page:growth)", "(http://example.org/)")
        .replace("assets/welcome.svg", "assets/Welcome.svg");
    std::fs::write(&file, yaml).expect("write course.yaml");
    std::fs::rename(
        course.join("assets/welcome.svg"),
        course.join("assets/Welcome.svg"),
    )
    .expect("rename");
    course
}

/// A temporary folder with [`course_with_warnings`] in it: the folder (kept
/// alive by the caller), the course's path and an output folder's path.
fn fixture() -> (tempfile::TempDir, String, String) {
    let tmp = tempfile::tempdir().expect("temp");
    let course = course_with_warnings(tmp.path());
    let out = tmp.path().join("dist");
    let path = |p: &std::path::Path| p.to_str().expect("UTF-8 path").to_string();
    (tmp, path(&course), path(&out))
}

const WARNINGS: [&str; 3] = ["link-insecure", "asset-renamed", "ui-strings-missing"];

/// Issue 14.4: `build --format json` carries the course's warnings and the
/// build's own, as diagnostics with rule ids (it printed `"warnings": []`
/// while `check` listed them), and so does build-report.json.
#[test]
fn build_json_carries_every_warning_as_a_diagnostic() {
    let tmp = tempfile::tempdir().expect("temp");
    let course = course_with_warnings(tmp.path());
    let out = tmp.path().join("dist");
    let build_web = |extra: &[&str]| {
        let (c, o) = (course.to_str().expect("path"), out.to_str().expect("path"));
        run(&[&["build", c, "--target", "web", "--out", o], extra].concat())
    };
    let (code, stdout, stderr) = build_web(&["--format", "json"]);
    assert_eq!(code, 0, "{stderr}");
    let printed: serde_json::Value = serde_json::from_str(&stdout).expect("JSON on stdout");
    let written: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("build-report.json")).expect("report"))
            .expect("JSON");
    assert_eq!(printed, written);
    let warnings = printed["warnings"].as_array().expect("warnings");
    let rules: Vec<&str> = warnings.iter().filter_map(|w| w["rule"].as_str()).collect();
    // The check's warning once per language it is in, as `check` reports it;
    // the build's own once each.
    let (_, check, _) = run(&["check", course.to_str().expect("path"), "--format", "json"]);
    let check: serde_json::Value = serde_json::from_str(&check).expect("JSON");
    let per_language = check["summary"]["warnings"].as_u64().expect("count") as usize;
    assert!(per_language >= 1, "{check:#}");
    for (rule, n) in [
        ("link-insecure", per_language),
        ("asset-renamed", 1),
        ("ui-strings-missing", 1),
    ] {
        assert_eq!(
            rules.iter().filter(|r| **r == rule).count(),
            n,
            "{rule} in {warnings:#?}"
        );
    }
    assert_eq!(rules.len(), per_language + 2, "{warnings:#?}");
    for w in warnings {
        assert_eq!(w["severity"], "warning", "{w}");
        let file = w["file"].as_str().expect("file");
        assert!(file.ends_with("course.yaml"), "{w}");
        assert!(w["message"].as_str().is_some_and(|m| !m.is_empty()), "{w}");
    }
    let link = warnings
        .iter()
        .find(|w| w["rule"] == "link-insecure")
        .expect("link-insecure");
    assert!(link["line"].as_u64().is_some(), "located: {link}");

    // In text, each warning once, with its rule id.
    let (code, _, stderr) = build_web(&[]);
    assert_eq!(code, 0, "{stderr}");
    for rule in WARNINGS {
        let n = rules.iter().filter(|r| **r == rule).count();
        assert_eq!(
            stderr.matches(&format!("warning[{rule}]")).count(),
            n,
            "{rule}: {stderr}"
        );
    }
}

/// `--quiet`: errors only on standard error; standard output (the JSON
/// report, the packages) unchanged.
#[test]
fn quiet_prints_only_errors() {
    let (_tmp, course, out) = fixture();
    let (c, o) = (course.as_str(), out.as_str());
    let (course, out) = (std::path::Path::new(c), std::path::Path::new(o));
    let (code, stdout, stderr) = run(&["--quiet", "build", c, "--target", "web", "--out", o]);
    assert_eq!((code, stdout.as_str(), stderr.as_str()), (0, "", ""));
    assert!(out.join("build-report.json").is_file());
    let (code, _, stderr) = run(&["check", c, "-q"]);
    assert_eq!((code, stderr.as_str()), (0, ""));
    let (code, stdout, stderr) = run(&[
        "build", c, "-q", "--target", "web", "--out", o, "--format", "json",
    ]);
    assert_eq!((code, stderr.as_str()), (0, ""));
    assert!(stdout.contains("\"ui-strings-missing\""), "{stdout}");
    let zip = out.join("course-0.1.0-en-web.zip");
    let (code, _, stderr) = run(&["validate", "-q", zip.to_str().expect("path")]);
    assert_eq!((code, stderr.as_str()), (0, ""));

    // An error still shows, with its help line.
    let yaml = std::fs::read_to_string(course.join("course.yaml")).expect("yaml");
    std::fs::write(
        course.join("course.yaml"),
        format!("{yaml}\nbogus_key: 1\n"),
    )
    .expect("write");
    let (code, _, stderr) = run(&["check", c, "--quiet"]);
    assert_eq!(code, 1);
    assert!(stderr.contains("error[yaml-unknown-key]"), "{stderr}");
    assert!(!stderr.contains("warning["), "{stderr}");
    assert!(
        !stderr.contains("is ok") && !stderr.contains("has problems"),
        "{stderr}"
    );
    let (code, _, stderr) = run(&["build", "-q", "/no/such/course"]);
    assert_eq!(code, 2);
    assert!(stderr.starts_with("error: "), "{stderr}");
}

/// Every command stops the same way: `error: …` and `  = help: …` on
/// standard error, and the exit codes the README documents (0 clean, 1 the
/// input has errors, 2 usage or I/O error).
#[test]
fn every_command_prints_errors_the_same_way_with_the_documented_exit_codes() {
    let (tmp, course, out) = fixture();
    let (c, o) = (course.as_str(), out.as_str());
    let (course, out) = (std::path::Path::new(c), std::path::Path::new(o));
    let missing = tmp.path().join("missing");
    let m = missing.to_str().expect("path");
    let file = tmp.path().join("file");
    std::fs::write(&file, "x").expect("write");
    let f = file.to_str().expect("path");
    // (arguments, exit code) of runs that stop with an error.
    let failing: &[(&[&str], i32)] = &[
        (&["check", m], 2),
        (&["build", m], 2),
        (&["build", c, "--target", "nope", "--out", o], 2),
        (&["build", c, "--lang", "xx", "--out", o], 2),
        (&["new", c], 2),
        (&["new", m, "--lang", "EN"], 2),
        (&["preview", m], 2),
        (&["validate", m], 2),
        (&["validate", c, "--official-schemas", m], 2),
        (&["schema", "--out", &format!("{f}/schema.json")], 2),
    ];
    for (args, want) in failing {
        let (code, _, stderr) = run(args);
        assert_eq!(code, *want, "{args:?}: {stderr}");
        // The last two lines: the error, then what to do.
        let lines: Vec<&str> = stderr.lines().collect();
        assert!(lines.len() >= 2, "{args:?}: {stderr}");
        assert!(
            lines[lines.len() - 2].starts_with("error: ")
                && lines[lines.len() - 1].starts_with("  = help: "),
            "{args:?}: {stderr}"
        );
        assert_eq!(
            lines.iter().filter(|l| l.starts_with("error")).count(),
            1,
            "{args:?}: {stderr}"
        );
    }
    // Clean: 0, warnings allowed.
    assert_eq!(run(&["check", c]).0, 0);
    assert_eq!(run(&["build", c, "--target", "web", "--out", o]).0, 0);
    // A course with errors: 1, for check and build (which builds nothing).
    let yaml = std::fs::read_to_string(course.join("course.yaml")).expect("yaml");
    std::fs::write(
        course.join("course.yaml"),
        format!("{yaml}\nbogus_key: 1\n"),
    )
    .expect("write");
    let (code, _, stderr) = run(&["check", c]);
    assert_eq!(code, 1, "{stderr}");
    std::fs::remove_dir_all(out).expect("clean dist");
    let (code, stdout, stderr) = run(&["build", c, "--out", o]);
    assert_eq!(code, 1, "{stderr}");
    assert!(stdout.is_empty(), "{stdout}");
    assert!(stderr.contains("error[yaml-unknown-key]"), "{stderr}");
    assert!(
        stderr.contains("error: the course has 1 error(s); nothing was built"),
        "{stderr}"
    );
    assert!(stderr.contains("\n  = help: "), "{stderr}");
    assert!(!out.exists(), "nothing is written");
    // In JSON, the diagnostics go to standard output, as `check` prints them.
    let (code, stdout, _) = run(&["build", c, "--out", o, "--format", "json"]);
    assert_eq!(code, 1);
    let report: serde_json::Value = serde_json::from_str(&stdout).expect("JSON");
    assert_eq!(report["summary"]["errors"], 1, "{report:#}");
    // Usage errors of the argument parser: 2.
    assert_eq!(run(&["build", "--no-such-flag"]).0, 2);
}

/// Issue 14.2: a reader that stops early (`coursepack check . | head -1`)
/// made the command panic ("failed printing to stdout: Broken pipe", exit
/// 101). Now it ends quietly with the documented exit code 141. The pipe's
/// reading end is closed before the command starts, so every write fails.
#[test]
fn a_closed_pipe_ends_the_command_quietly_with_exit_141() {
    let (_tmp, course, out) = fixture();
    let web = format!("{out}/web");
    assert_eq!(
        run(&["build", &course, "--target", "web", "--out", &web]).0,
        0
    );
    let package = std::fs::read_dir(&web)
        .expect("built")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|x| x == "zip"))
        .expect("a zip");
    let package = package.to_str().expect("UTF-8 path");
    let dist = format!("{out}/again");
    let cases: [&[&str]; 7] = [
        &["check", &course, "--format", "json"],
        &["rules"],
        &[
            "build", &course, "--target", "web", "--out", &dist, "--format", "json",
        ],
        &["validate", package, "--format", "json"],
        &["schema"],
        &["completions", "bash"],
        &["man"],
    ];
    let closed = || {
        let (reader, writer) = std::io::pipe().expect("pipe");
        drop(reader);
        writer
    };
    for args in cases {
        let out = std::process::Command::new(assert_cmd::cargo::cargo_bin("coursepack"))
            .args(args)
            .stdout(closed())
            .stderr(std::process::Stdio::piped())
            .output()
            .expect("run");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(141), "{args:?}: {stderr}");
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
    }
    // Text diagnostics go to standard error: `check . 2>&1 | head -1`.
    let out = std::process::Command::new(assert_cmd::cargo::cargo_bin("coursepack"))
        .args(["check", &course])
        .stdout(closed())
        .stderr(closed())
        .output()
        .expect("run");
    assert_eq!(
        out.status.code(),
        Some(141),
        "check with standard error closed"
    );
}
