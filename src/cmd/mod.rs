//! One module per subcommand; each maps its arguments onto library calls and
//! returns the process exit code.

pub mod build;
pub mod check;
pub mod new;
pub mod preview;

pub mod rules;
pub mod schema;
pub mod validate;

/// Exit codes shared by every subcommand.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum Exit {
    /// Nothing wrong (warnings allowed).
    Clean = 0,
    /// The input has errors.
    Errors = 1,
    /// Usage or I/O error.
    Usage = 2,
}

static QUIET: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// `--quiet`: standard error gets errors only (no warnings, progress or
/// guidance); what a command prints on standard output is unchanged.
pub fn set_quiet(quiet: bool) {
    QUIET.store(quiet, std::sync::atomic::Ordering::Relaxed);
}

/// Whether `--quiet` was given.
pub fn quiet() -> bool {
    QUIET.load(std::sync::atomic::Ordering::Relaxed)
}

/// Prints a line of progress or guidance on standard error, unless `--quiet`.
#[macro_export]
macro_rules! say {
    ($($arg:tt)*) => {
        if !$crate::cmd::quiet() {
            eprintln!($($arg)*);
        }
    };
}

/// Whether diagnostics on standard error get colour: only on a terminal,
/// and never when `NO_COLOR` is set to anything but the empty string.
pub fn color() -> bool {
    use std::io::IsTerminal;
    std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

/// Why a command stopped: what went wrong, what to do about it, and the
/// exit code. Every command returns it; [`Failure::print`] is the one place
/// that prints it.
#[derive(Debug)]
pub struct Failure {
    message: String,
    hint: String,
    exit: Exit,
}

impl Failure {
    /// A usage or I/O error (exit 2).
    pub fn usage(message: impl std::fmt::Display, hint: impl Into<String>) -> Self {
        Failure {
            message: message.to_string(),
            hint: hint.into(),
            exit: Exit::Usage,
        }
    }

    /// An error in the input, the course or a package (exit 1).
    pub fn input(message: impl std::fmt::Display, hint: impl Into<String>) -> Self {
        Failure {
            exit: Exit::Errors,
            ..Failure::usage(message, hint)
        }
    }

    /// Prints the error and what to do on standard error; returns the exit code.
    pub fn print(&self) -> Exit {
        eprintln!("error: {}", self.message);
        if !self.hint.is_empty() {
            eprintln!("  = help: {}", self.hint);
        }
        self.exit
    }
}

impl From<coursepack::course::CourseError> for Failure {
    fn from(e: coursepack::course::CourseError) -> Self {
        Failure::usage(&e, e.hint())
    }
}

impl From<coursepack::plan::PlanError> for Failure {
    fn from(e: coursepack::plan::PlanError) -> Self {
        Failure::usage(&e, e.hint())
    }
}

impl From<coursepack::build::BuildError> for Failure {
    fn from(e: coursepack::build::BuildError) -> Self {
        if e.is_course_error() {
            Failure::input(&e, e.hint())
        } else {
            Failure::usage(&e, e.hint())
        }
    }
}

impl From<coursepack::preview::PreviewError> for Failure {
    fn from(e: coursepack::preview::PreviewError) -> Self {
        Failure::usage(&e, e.hint())
    }
}

/// What a command ends with: its exit code, or why it stopped.
pub type Outcome = Result<Exit, Failure>;

/// Loads and checks the course in `dir` (what `check` and `build` start with).
pub fn load_and_check(
    dir: &std::path::Path,
    no_overrides: bool,
) -> Result<coursepack::course::Checked, Failure> {
    let checked = coursepack::timing::time("load and check", || {
        coursepack::course::load_and_check_with(dir, coursepack::course::Options { no_overrides })
    })?;
    Ok(checked)
}

/// Prints diagnostics: as text with source snippets on standard error
/// (errors only with `--quiet`), or as the JSON report (`diagnostics` and `summary`) on standard output.
pub fn print_diagnostics(
    diagnostics: &[coursepack::diag::Diagnostic],
    sources: &coursepack::diag::Sources,
    format: Format,
) {
    match format {
        Format::Json => println!("{}", coursepack::diag::render_json(diagnostics)),
        Format::Text => {
            let color = color();
            let quiet = quiet();
            for d in diagnostics {
                if quiet && d.severity != coursepack::diag::Severity::Error {
                    continue;
                }
                eprintln!("{}\n", coursepack::diag::render_text(d, sources, color));
            }
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Human-readable, with source snippets.
    Text,
    /// Machine-readable, for CI and editors.
    Json,
}
