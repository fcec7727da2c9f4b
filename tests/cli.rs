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
