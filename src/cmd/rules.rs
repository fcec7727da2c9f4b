//! `coursepack rules`: list the rules `check` and `validate` apply, with
//! their ids.

use super::{Exit, Outcome};
use coursepack::diag::{Rule, Severity};

/// List every rule `check` (courses) and `validate` (packages) applies, with
/// its id and severity.
#[derive(clap::Args)]
pub struct Args {
    /// Only the rules of `validate` (packages).
    #[arg(long, conflicts_with = "check")]
    validate: bool,
    /// Only the rules of `check` (courses).
    #[arg(long)]
    check: bool,
}

fn print(rules: &[Rule], with_profiles: bool) {
    for rule in rules {
        let sev = match rule.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        if with_profiles {
            let profiles: Vec<&str> = coursepack::validate::rules::profiles(rule.id)
                .iter()
                .map(|p| p.name())
                .collect();
            crate::outln!(
                "{:<28} {:<8} {:<20} {}",
                rule.id,
                sev,
                profiles.join(","),
                rule.summary
            );
        } else {
            crate::outln!("{:<28} {:<8} {}", rule.id, sev, rule.summary);
        }
    }
}

pub fn run(args: Args) -> Outcome {
    if !args.validate {
        if !args.check {
            crate::outln!("# coursepack check (courses)");
        }
        print(coursepack::course::rules::ALL, false);
    }
    if !args.check {
        if !args.validate {
            crate::outln!(
                "\n# coursepack validate (packages): id, severity, profiles that enable it"
            );
        }
        print(coursepack::validate::rules::ALL, true);
    }
    if !args.check && !args.validate {
        crate::outln!("\n# coursepack build (warnings of the build itself)");
        print(coursepack::build::rules::ALL, false);
    }
    Ok(Exit::Clean)
}
