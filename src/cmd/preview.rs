//! `coursepack preview`: serve a course from its source with live reload,
//! a local LMS (SCORM) and a local LRS (xAPI, cmi5).

use super::{Exit, Outcome};
use coursepack::preview::{self, Options};
use std::path::PathBuf;

/// Preview a course in the browser, live: every save reloads the page; the
/// side panel shows what an LMS or LRS would record.
#[derive(clap::Args)]
pub struct Args {
    /// The course folder (the one holding course.yaml).
    #[arg(default_value = "course")]
    course_dir: PathBuf,
    /// How the course is tracked: scorm12 and scorm2004 run against a local
    /// LMS with Moodle's rules, tincan and cmi5 against a local LRS.
    #[arg(long, default_value = "scorm12")]
    target: String,
    /// The language to preview (default: the course's source language).
    #[arg(long)]
    lang: Option<String>,
    /// The port to listen on (0: any free port).
    #[arg(long, default_value_t = 4000)]
    port: u16,
    /// The address to listen on (default 127.0.0.1, this machine only).
    /// Another address makes the preview reachable from the network.
    #[arg(long)]
    host: Option<String>,
    /// The LRS database (default: .coursepack/preview.sqlite in the course folder).
    #[arg(long)]
    db: Option<PathBuf>,
    /// Open the preview in the default browser.
    #[arg(long)]
    open: bool,
}

pub fn run(args: Args) -> Outcome {
    let running = preview::start(Options {
        course_dir: args.course_dir,
        target: args.target,
        lang: args.lang,
        host: args.host,
        port: args.port,
        db: args.db,
    })?;
    let snap = running.site.snapshot();
    crate::say!(
        "previewing at {}  ({} error{}, {} warning{}; press Ctrl+C to stop)",
        running.url,
        snap.errors,
        if snap.errors == 1 { "" } else { "s" },
        snap.warnings,
        if snap.warnings == 1 { "" } else { "s" }
    );
    if running.is_public() {
        crate::errln!(
            "warning: --host makes this preview reachable from the network: anyone who reaches \
             this machine can read the course and write to its LRS; leave --host out to keep it \
             on this machine"
        );
    }
    // The URL alone on standard output, for scripts.
    crate::outln!("{}", running.url);
    if args.open {
        open_browser(&running.url);
    }
    running.wait()?;
    crate::say!("preview stopped");
    Ok(Exit::Clean)
}

fn open_browser(url: &str) {
    let opener = if cfg!(target_os = "macos") {
        ("open", vec![url])
    } else if cfg!(windows) {
        ("cmd", vec!["/C", "start", "", url])
    } else {
        ("xdg-open", vec![url])
    };
    if std::process::Command::new(opener.0)
        .args(&opener.1)
        .spawn()
        .is_err()
    {
        crate::say!("could not open a browser; open {url} yourself");
    }
}
