//! `coursepack build`: check the course, then build its packages.

use super::{Exit, Format, fail};
use coursepack::build;
use coursepack::course;
use coursepack::diag;
use coursepack::plan::{self, BuildRequest};
use std::io::IsTerminal;
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
    let color = std::io::stderr().is_terminal();
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
                        eprintln!(
                            "built {} ({} bytes, resume state at most {} chars)",
                            plan.out_dir.join(&p.file).display(),
                            p.size,
                            p.suspend_worst_case
                        );
                    }
                    eprintln!(
                        "wrote {} and {}",
                        plan::sums_path(&plan.out_dir).display(),
                        plan::report_path(&plan.out_dir).display()
                    );
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
