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

/// Whether diagnostics on standard error get colour: only on a terminal,
/// and never when `NO_COLOR` is set to anything but the empty string.
pub fn color() -> bool {
    use std::io::IsTerminal;
    std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

/// Prints an error that stopped the command, with what to do, and returns
/// the usage/I/O exit code.
pub fn fail(message: impl std::fmt::Display, hint: &str) -> Exit {
    eprintln!("error: {message}");
    if !hint.is_empty() {
        eprintln!("  = help: {hint}");
    }
    Exit::Usage
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Human-readable, with source snippets.
    Text,
    /// Machine-readable, for CI and editors.
    Json,
}
