//! `coursepack check`: load and check a course without building it.

use super::{Exit, Format, fail};
use coursepack::course;
use coursepack::diag::{self, Severity};
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
    let summary = diag::summarize(&checked.diagnostics);
    match args.format {
        Format::Json => println!("{}", diag::render_json(&checked.diagnostics)),
        Format::Text => {
            let color = super::color();
            for d in &checked.diagnostics {
                eprintln!("{}\n", diag::render_text(d, &checked.sources, color));
            }
            let file = args.course_dir.join(course::COURSE_FILE);
            let verdict = if summary.errors > 0 {
                "has problems"
            } else {
                "is ok"
            };
            eprintln!(
                "{}: {verdict}: {} error{}, {} warning{}",
                file.display(),
                summary.errors,
                plural(summary.errors),
                summary.warnings,
                plural(summary.warnings)
            );
        }
    }
    if checked
        .diagnostics
        .iter()
        .any(|d| d.severity == Severity::Error)
    {
        Exit::Errors
    } else {
        Exit::Clean
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}
