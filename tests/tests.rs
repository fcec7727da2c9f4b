//! The integration tests, linked into one binary (one link and one process
//! start instead of one per file; see `[[test]]` in Cargo.toml, which sets
//! `autotests = false`). Each file in tests/ is a module of this crate: a new
//! test file is registered by adding its `mod` line below, and it reaches the
//! shared helpers with `use crate::common;`.

mod common;

mod build;
mod build_validates;
mod check_builds;
mod ci_outputs;
mod cli;
mod courses;
mod grading;
mod hostile;
mod hostile_course;
mod hostile_package;
mod malformed;
mod manifests;
mod new;
mod objectives;
mod official_schemas;
mod player_types;
mod preview;
mod preview_render;
mod render;
mod schema;
mod schemas_agree;
mod shared_build;
mod validate;
mod validate_bounded;
mod validate_rules;
mod yaml_slips;
