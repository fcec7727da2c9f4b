//! `coursepack validate`: check packages — ours or anyone's — before upload.

use super::{Exit, Format, fail};
use coursepack::diag::{self, Severity};
use coursepack::validate::{self, Options, Profile, archive::Limits};
use std::io::IsTerminal;
use std::path::PathBuf;

/// Check SCORM 1.2/2004, cmi5 and TinCan packages (zips or unpacked folders).
#[derive(clap::Args)]
pub struct Args {
    /// Packages to check: zip files or unpacked package folders.
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    /// Which rules apply.
    #[arg(long, value_enum, default_value = "moodle")]
    profile: Profile,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    format: Format,
    /// Treat warnings as errors.
    #[arg(long)]
    deny_warnings: bool,
    /// Cap on the uncompressed size of a package, in MiB.
    #[arg(long, default_value_t = 4096)]
    max_size: u64,
}

pub fn run(args: Args) -> Exit {
    let options = Options {
        profile: args.profile,
        limits: Limits {
            max_total: args.max_size.saturating_mul(1024 * 1024),
            ..Limits::default()
        },
    };
    let color = std::io::stderr().is_terminal();
    let mut all = Vec::new();
    let mut any_error = false;
    for path in &args.paths {
        let report = match validate::validate(path, &options) {
            Ok(r) => r,
            Err(e) => {
                return fail(
                    format!("cannot read {}: {e}", path.display()),
                    "pass a .zip package or an unpacked package folder",
                );
            }
        };
        let mut findings = report.findings;
        if args.deny_warnings {
            for f in &mut findings {
                f.severity = Severity::Error;
            }
        }
        let summary = diag::summarize(&findings);
        any_error |= summary.errors > 0;
        if args.format == Format::Text {
            let kind = report.kind.map_or("unknown kind".to_string(), |k| k.name());
            for d in &findings {
                eprintln!("{}\n", diag::render_text(d, &report.sources, color));
            }
            eprintln!(
                "{}: {kind}: {} error(s), {} warning(s)",
                path.display(),
                summary.errors,
                summary.warnings
            );
        }
        all.extend(findings);
    }
    if args.format == Format::Json {
        println!("{}", diag::render_json(&all));
    }
    if any_error { Exit::Errors } else { Exit::Clean }
}
