//! The `coursepack` command line: parses arguments and hands them to the
//! library. One file per subcommand under `cmd/`.

mod cmd;

use clap::{Parser, Subcommand};
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "coursepack",
    version,
    about = "Turns a course written in YAML into e-learning packages (SCORM 1.2, SCORM 2004, xAPI, cmi5, web)"
)]
struct Cli {
    /// Print only errors on standard error (no warnings, progress or
    /// guidance); what a command prints on standard output is unchanged.
    #[arg(long, short, global = true)]
    quiet: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    Build(cmd::build::Args),
    Check(cmd::check::Args),
    New(cmd::new::Args),
    Preview(cmd::preview::Args),
    /// Print a shell completion script (bash, zsh, fish, powershell, elvish).
    Completions {
        /// The shell, e.g. `bash`; install with e.g.
        /// `coursepack completions bash > ~/.local/share/bash-completion/completions/coursepack`.
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff), e.g. `coursepack man | man -l -`.
    Man,
    Schema(cmd::schema::Args),
    Rules(cmd::rules::Args),
    Validate(cmd::validate::Args),
}

fn main() -> ExitCode {
    coursepack::timing::init();
    let cli = Cli::parse();
    cmd::set_quiet(cli.quiet);
    coursepack::timing::mark("arguments parsed");
    let outcome = match cli.command {
        Command::Build(args) => cmd::build::run(args),
        Command::Check(args) => cmd::check::run(args),
        Command::New(args) => cmd::new::run(args),
        Command::Preview(args) => cmd::preview::run(args),
        Command::Completions { shell } => {
            let mut cli = <Cli as clap::CommandFactory>::command();
            // Into memory first: `generate` panics when its writer fails.
            let mut script = Vec::new();
            clap_complete::generate(shell, &mut cli, "coursepack", &mut script);
            out!("{}", String::from_utf8_lossy(&script));
            Ok(cmd::Exit::Clean)
        }
        Command::Man => {
            let cli = <Cli as clap::CommandFactory>::command();
            let mut page = Vec::new();
            match clap_mangen::Man::new(cli).render(&mut page) {
                Ok(()) => {
                    out!("{}", String::from_utf8_lossy(&page));
                    Ok(cmd::Exit::Clean)
                }
                Err(e) => Err(cmd::Failure::usage(
                    format!("cannot write the manual page: {e}"),
                    "check that standard output is writable",
                )),
            }
        }
        Command::Schema(args) => cmd::schema::run(args),
        Command::Rules(args) => cmd::rules::run(args),
        Command::Validate(args) => cmd::validate::run(args),
    };
    let code = match outcome {
        Ok(code) => code,
        Err(failure) => failure.print(),
    };
    ExitCode::from(code as u8)
}
