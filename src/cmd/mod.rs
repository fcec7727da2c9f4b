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
            $crate::errln!($($arg)*);
        }
    };
}

/// `print!` that never panics: see [`cmd::write_out`](crate::cmd::write_out).
#[macro_export]
macro_rules! out {
    ($($arg:tt)*) => {
        $crate::cmd::write_out(format_args!($($arg)*))
    };
}

/// `println!` that never panics: see [`cmd::write_out`](crate::cmd::write_out).
#[macro_export]
macro_rules! outln {
    ($($arg:tt)*) => {
        $crate::cmd::write_out(format_args!("{}\n", format_args!($($arg)*)))
    };
}

/// `eprintln!` that never panics: see [`cmd::write_err`](crate::cmd::write_err).
#[macro_export]
macro_rules! errln {
    ($($arg:tt)*) => {
        $crate::cmd::write_err(format_args!("{}\n", format_args!($($arg)*)))
    };
}

/// The exit code when the reader of standard output (or standard error)
/// went away before the command finished, as in `coursepack check . | head -1`:
/// 141, what a shell reports for a program ended by SIGPIPE.
pub const CLOSED: u8 = 141;

/// Writes to standard output. When the reader has closed the pipe the
/// program ends at once, quietly, with [`CLOSED`]; any other write error
/// (a full disk behind `> file`) ends it with a message and exit code 2.
/// Commands print their reports after the files they write are in place.
pub fn write_out(args: std::fmt::Arguments) {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    if let Err(e) = out.write_fmt(args).and_then(|()| out.flush()) {
        stop(&e, "standard output");
    }
}

/// Writes to standard error, like [`write_out`].
pub fn write_err(args: std::fmt::Arguments) {
    use std::io::Write;
    if let Err(e) = std::io::stderr().lock().write_fmt(args) {
        stop(&e, "standard error");
    }
}

fn stop(e: &std::io::Error, what: &str) -> ! {
    use std::io::Write;
    if e.kind() == std::io::ErrorKind::BrokenPipe {
        std::process::exit(i32::from(CLOSED));
    }
    // Standard error may be the stream that failed: telling is best effort.
    let _ = writeln!(
        std::io::stderr(),
        "error: cannot write to {what}: {e}\n  = help: check that the file or pipe it goes to can take more (free disk space)"
    );
    std::process::exit(Exit::Usage as i32);
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
        crate::errln!("error: {}", self.message);
        if !self.hint.is_empty() {
            crate::errln!("  = help: {}", self.hint);
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
        Format::Json => crate::outln!("{}", coursepack::diag::render_json(diagnostics)),
        Format::Text => {
            let color = color();
            let quiet = quiet();
            for d in diagnostics {
                if quiet && d.severity != coursepack::diag::Severity::Error {
                    continue;
                }
                crate::errln!("{}\n", coursepack::diag::render_text(d, sources, color));
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
