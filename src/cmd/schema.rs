//! `coursepack schema`: print the JSON Schema of the course format (the same
//! text as `schemas/course.schema.json`), for editors and other tools.

use super::{Exit, Failure, Outcome};
use std::path::PathBuf;

/// Print the JSON Schema of course.yaml.
#[derive(clap::Args)]
pub struct Args {
    /// Write the schema to this file instead of standard output.
    #[arg(long)]
    out: Option<PathBuf>,
}

pub fn run(args: Args) -> Outcome {
    let schema = coursepack::course::json_schema();
    match args.out {
        None => {
            crate::out!("{schema}");
            Ok(Exit::Clean)
        }
        Some(path) => match coursepack::fsutil::write_atomic(&path, schema.as_bytes()) {
            Ok(()) => Ok(Exit::Clean),
            Err(e) => Err(Failure::usage(
                format!("cannot write {}: {e}", path.display()),
                "check that the folder exists and is writable",
            )),
        },
    }
}
