//! `coursepack validate`: check packages — ours or anyone's — before upload.

use super::{Exit, Failure, Outcome};
use coursepack::diag::Severity;
use coursepack::validate::{self, Options, Profile, archive::Limits, report, xsd::Schemas};
use std::path::PathBuf;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Human-readable, grouped by package, with source snippets.
    Text,
    /// Machine-readable findings and per-package summaries.
    Json,
    /// SARIF 2.1.0, for code-scanning dashboards.
    Sarif,
    /// JUnit XML, one test suite per package.
    Junit,
}

/// The `--profile` values (the library's [`Profile`] knows nothing of the
/// command line).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum ProfileArg {
    /// What the standard requires.
    Spec,
    /// The standard plus what Moodle's importer and runtime need.
    Moodle,
    /// Both, plus warnings about interoperability risks.
    Strict,
}

impl From<ProfileArg> for Profile {
    fn from(arg: ProfileArg) -> Profile {
        match arg {
            ProfileArg::Spec => Profile::Spec,
            ProfileArg::Moodle => Profile::Moodle,
            ProfileArg::Strict => Profile::Strict,
        }
    }
}

/// Check SCORM 1.2/2004, cmi5 and TinCan packages (zips or unpacked folders).
///
/// Exit status: 0 no errors (warnings allowed), 1 a package has errors,
/// 2 usage or I/O error.
#[derive(clap::Args)]
pub struct Args {
    /// Packages to check: zip files or unpacked package folders.
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    /// Which rules apply: spec (the standard), moodle (plus what Moodle
    /// needs), strict (plus interoperability warnings). May be given more
    /// than once: every rule any of the profiles enables applies
    /// (`coursepack rules --validate` lists each rule's profiles).
    #[arg(long, value_enum, default_value = "moodle", action = clap::ArgAction::Append)]
    profile: Vec<ProfileArg>,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    format: Format,
    /// Treat warnings as errors.
    #[arg(long)]
    deny_warnings: bool,
    /// Also read every entry and check its CRC and size (in parallel; slower:
    /// the whole package is decompressed, nothing is written).
    #[arg(long)]
    deep: bool,
    /// Cap on the uncompressed size of a package, in MiB.
    #[arg(long, default_value_t = 4096)]
    max_size: u64,
    /// Also validate against an official schema set in DIR (folders
    /// scorm12/, scorm2004-4th/, cmi5/, tincan/); every file is checked by
    /// SHA-256 against the published one.
    #[arg(long, value_name = "DIR")]
    official_schemas: Option<PathBuf>,
}

pub fn run(args: Args) -> Outcome {
    let official = match &args.official_schemas {
        None => None,
        Some(dir) => match Schemas::load(dir) {
            Ok(o) => Some(std::rc::Rc::new(o)),
            Err(e) => {
                return Err(Failure::usage(
                    e,
                    "pass the folder that holds the unmodified official schema files",
                ));
            }
        },
    };
    let options = Options {
        profile: Profile::union(&args.profile.iter().map(|&p| p.into()).collect::<Vec<_>>())
            .unwrap_or(Profile::Moodle),
        limits: Limits {
            max_total: args.max_size.saturating_mul(1024 * 1024),
            deep: args.deep,
            ..Limits::default()
        },
        official,
        schemas: std::rc::Rc::new(coursepack::validate::xsd::Schemas::new()),
    };
    let color = super::color();
    let mut reports = Vec::new();
    for path in &args.paths {
        let mut report = match validate::validate(path, &options) {
            Ok(r) => r,
            Err(e) => {
                return Err(Failure::usage(
                    format!("cannot read {}: {e}", path.display()),
                    "pass a .zip package or an unpacked package folder",
                ));
            }
        };
        if args.deny_warnings {
            for f in &mut report.findings {
                f.severity = Severity::Error;
            }
        }
        if args.format == Format::Text {
            if super::quiet() {
                // Errors only: the text shows no warnings and no clean package.
                report.findings.retain(|f| f.severity == Severity::Error);
            }
            if !super::quiet() || report.has_errors() {
                crate::errln!("{}", report::text(&report, color));
            }
        }
        reports.push(report);
    }
    match args.format {
        Format::Text => {
            let all: Vec<_> = reports.iter().flat_map(|r| r.findings.clone()).collect();
            let s = coursepack::diag::summarize(&all);
            let failing = reports.iter().filter(|r| r.has_errors()).count();
            crate::say!(
                "validated {} package(s): {failing} with errors; {} error(s), {} warning(s) in all",
                reports.len(),
                s.errors,
                s.warnings
            );
        }
        Format::Json => crate::outln!("{}", report::json(&reports)),
        Format::Sarif => crate::outln!("{}", report::sarif(&reports)),
        Format::Junit => crate::out!("{}", report::junit(&reports)),
    }
    Ok(if reports.iter().any(|r| r.has_errors()) {
        Exit::Errors
    } else {
        Exit::Clean
    })
}
