//! `coursepack build`: check the course, then build its packages.

use super::{Exit, Format, fail};
use coursepack::build;
use coursepack::course;
use coursepack::diag;
use coursepack::plan::{self, BuildRequest};
use std::path::PathBuf;

/// Build the course's packages (every target × every language by default).
#[derive(clap::Args)]
pub struct Args {
    /// The course folder (the one holding course.yaml).
    #[arg(default_value = "course")]
    course_dir: PathBuf,
    #[arg(long, value_delimiter = ',', help = targets_help())]
    target: Option<Vec<String>>,
    /// Languages to build, comma-separated (default: every language of the course).
    #[arg(long, value_delimiter = ',')]
    lang: Option<Vec<String>>,
    /// Output folder.
    #[arg(long, default_value = "dist")]
    out: PathBuf,
    /// Refuse template overrides (errors instead of warnings): for release
    /// jobs that must ship coursepack's own player code only.
    #[arg(long)]
    no_overrides: bool,
    /// Output format of diagnostics and the summary.
    #[arg(long, value_enum, default_value = "text")]
    format: Format,
    /// Also print each package's worst-case resume state (what the LMS must
    /// store for a learner who stops half-way).
    #[arg(long)]
    verbose: bool,
}

fn targets_help() -> String {
    format!(
        "Targets to build, comma-separated (default: all): {}",
        coursepack::target::ids().join(", ")
    )
}

pub fn run(args: Args) -> Exit {
    let checked = match coursepack::timing::time("load and check", || {
        course::load_and_check_with(
            &args.course_dir,
            course::Options {
                no_overrides: args.no_overrides,
            },
        )
    }) {
        Ok(c) => c,
        Err(e) => return fail(&e, e.hint()),
    };
    let color = super::color();
    if !checked.diagnostics.is_empty() {
        match args.format {
            Format::Json => eprintln!("{}", diag::render_json(&checked.diagnostics)),
            Format::Text => {
                for d in &checked.diagnostics {
                    eprintln!("{}\n", diag::render_text(d, &checked.sources, color));
                }
            }
        }
    }
    let course = match (&checked.course, checked.has_errors()) {
        (Some(c), false) => c,
        _ => {
            let s = diag::summarize(&checked.diagnostics);
            eprintln!(
                "error: the course has {} error(s); nothing was built (run `coursepack check {}` for details)",
                s.errors,
                args.course_dir.display()
            );
            return Exit::Errors;
        }
    };
    let request = BuildRequest {
        course_dir: args.course_dir.clone(),
        out_dir: args.out.clone(),
        targets: args.target,
        langs: args.lang,
    };
    let plan = match plan::plan(&request, course) {
        Ok(p) => p,
        Err(e) => return fail(&e, &e.hint()),
    };
    match build::build(&plan, course) {
        Ok(report) => {
            match args.format {
                Format::Json => match serde_json::to_string_pretty(&report) {
                    Ok(text) => println!("{text}"),
                    Err(e) => return fail(e, ""),
                },
                Format::Text => {
                    for w in &report.warnings {
                        eprintln!("warning: {w}");
                    }
                    for p in &report.packages {
                        let file = plan.out_dir.join(&p.file);
                        if args.verbose {
                            eprintln!(
                                "built {} ({}; a learner's saved progress takes at most {} characters{})",
                                file.display(),
                                size(p.size),
                                p.suspend_worst_case,
                                p.suspend_limit
                                    .map(|l| format!(" of the {l} the standard stores"))
                                    .unwrap_or_default()
                            );
                        } else {
                            eprintln!("built {} ({})", file.display(), size(p.size));
                        }
                    }
                    eprintln!(
                        "wrote {} and {}",
                        plan::sums_path(&plan.out_dir).display(),
                        plan::report_path(&plan.out_dir).display()
                    );
                    upload_guidance(&report);
                }
            }
            Exit::Clean
        }
        Err(e) => {
            eprintln!("error: {e}");
            eprintln!("  = help: {}", e.hint());
            if e.is_course_error() {
                Exit::Errors
            } else {
                Exit::Usage
            }
        }
    }
}

/// A size as a designer reads it.
fn size(bytes: u64) -> String {
    match bytes {
        b if b >= 1024 * 1024 => format!("{:.1} MB", b as f64 / (1024.0 * 1024.0)),
        b if b >= 1024 => format!("{} KB", b.div_ceil(1024)),
        b => format!("{b} bytes"),
    }
}

/// What to upload where, for the targets that were built.
fn upload_guidance(report: &build::BuildReport) {
    let has = |t: &str| report.packages.iter().any(|p| p.target == t);
    let rows: [(&str, &str, &str); 5] = [
        (
            "scorm12",
            "Moodle (or any LMS)",
            "the …-scorm12.zip as a SCORM package; keep Grading method: Highest grade and Mastery score overrides status: Yes; completion: require Passed or Completed",
        ),
        (
            "scorm2004",
            "an LMS with full SCORM 2004",
            "the …-scorm2004.zip (Moodle supports SCORM 2004 only partly: prefer SCORM 1.2 there)",
        ),
        (
            "tincan",
            "an LRS-backed platform",
            "the …-tincan.zip (SCORM Cloud, Learning Locker, Veracity, Moodle with the xAPI Launch Link plugin)",
        ),
        (
            "cmi5",
            "a cmi5 player",
            "the …-cmi5.zip (e.g. Moodle with mod_cmi5launch and a CATAPULT player)",
        ),
        (
            "web",
            "any web server",
            "the …-web.zip, unpacked (no tracking: progress stays in the learner's browser)",
        ),
    ];
    let rows: Vec<_> = rows.iter().filter(|(t, ..)| has(t)).collect();
    if rows.is_empty() {
        return;
    }
    eprintln!("\nwhat to upload where:");
    for (_, platform, what) in rows {
        eprintln!("  {platform:<28} {what}");
    }
}
