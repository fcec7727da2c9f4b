//! `coursepack build`: check the course, then build its packages.

use super::{Exit, Failure, Format, Outcome, print_diagnostics};
use coursepack::build;
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

pub fn run(args: Args) -> Outcome {
    let checked = super::load_and_check(&args.course_dir, args.no_overrides)?;
    let course = match (&checked.course, checked.has_errors()) {
        (Some(c), false) => c,
        _ => {
            print_diagnostics(&checked.diagnostics, &checked.sources, args.format);
            let s = diag::summarize(&checked.diagnostics);
            return Err(Failure::input(
                format!("the course has {} error(s); nothing was built", s.errors),
                format!(
                    "fix the errors above (`coursepack check {}` lists them again)",
                    args.course_dir.display()
                ),
            ));
        }
    };
    // In text, the course's warnings come before the build starts; in JSON
    // they are in the report, with the build's own.
    if args.format == Format::Text {
        print_diagnostics(&checked.diagnostics, &checked.sources, args.format);
    }
    let request = BuildRequest {
        course_dir: args.course_dir.clone(),
        out_dir: args.out.clone(),
        targets: args.target,
        langs: args.lang,
    };
    let plan = plan::plan(&request, course)?;
    let report = build::build(&plan, course, &checked.diagnostics)?;
    match args.format {
        Format::Json => match serde_json::to_string_pretty(&report) {
            Ok(text) => crate::outln!("{text}"),
            Err(e) => return Err(Failure::usage(e, "")),
        },
        Format::Text => {
            // The course's own warnings were printed above.
            let built = report
                .warnings
                .get(checked_warnings(&checked.diagnostics)..)
                .unwrap_or_default();
            print_diagnostics(built, &checked.sources, args.format);
            for p in &report.packages {
                let file = plan.out_dir.join(&p.file);
                if args.verbose {
                    crate::say!(
                        "built {} ({}; a learner's saved progress takes at most {} characters{})",
                        file.display(),
                        size(p.size),
                        p.suspend_worst_case,
                        p.suspend_limit
                            .map(|l| format!(" of the {l} the standard stores"))
                            .unwrap_or_default()
                    );
                } else {
                    crate::say!("built {} ({})", file.display(), size(p.size));
                }
            }
            crate::say!(
                "wrote {} and {}",
                plan::sums_path(&plan.out_dir).display(),
                plan::report_path(&plan.out_dir).display()
            );
            upload_guidance(&report);
        }
    }
    Ok(Exit::Clean)
}

/// How many of the check's diagnostics are warnings (the report carries
/// those first).
fn checked_warnings(diagnostics: &[diag::Diagnostic]) -> usize {
    diagnostics
        .iter()
        .filter(|d| d.severity == diag::Severity::Warning)
        .count()
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
    crate::say!("\nwhat to upload where:");
    for (_, platform, what) in rows {
        crate::say!("  {platform:<28} {what}");
    }
}
