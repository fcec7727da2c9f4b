//! `coursepack check`: load and check a course without building it.

use super::{Exit, Format, Outcome, print_diagnostics};
use coursepack::course;
use coursepack::diag;
use std::path::PathBuf;

/// Check a course for problems without building it.
#[derive(clap::Args)]
pub struct Args {
    /// The course folder (the one holding course.yaml).
    #[arg(default_value = "course")]
    course_dir: PathBuf,
    /// Refuse template overrides (errors instead of warnings): for release
    /// jobs that must ship coursepack's own player code only.
    #[arg(long)]
    no_overrides: bool,
    /// Output format of the diagnostics.
    #[arg(long, value_enum, default_value = "text")]
    format: Format,
}

pub fn run(args: Args) -> Outcome {
    let checked = super::load_and_check(&args.course_dir, args.no_overrides)?;
    let summary = diag::summarize(&checked.diagnostics);
    print_diagnostics(&checked.diagnostics, &checked.sources, args.format);
    if args.format == Format::Text {
        let file = args.course_dir.join(course::COURSE_FILE);
        let verdict = if summary.errors > 0 {
            "has problems"
        } else {
            "is ok"
        };
        crate::say!(
            "{}: {verdict}: {} error{}, {} warning{}",
            file.display(),
            summary.errors,
            plural(summary.errors),
            summary.warnings,
            plural(summary.warnings)
        );
    }
    Ok(if summary.errors > 0 {
        Exit::Errors
    } else {
        Exit::Clean
    })
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}
