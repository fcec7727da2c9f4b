//! `coursepack rules`: list the rules `check` applies, with their ids.

use super::Exit;
use coursepack::course::rules::ALL;
use coursepack::diag::Severity;

/// List every rule `check` applies, with its id and severity.
#[derive(clap::Args)]
pub struct Args {}

pub fn run(_args: Args) -> Exit {
    for rule in ALL {
        let sev = match rule.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        println!("{:<24} {:<8} {}", rule.id, sev, rule.summary);
    }
    Exit::Clean
}
