//! coursepack: turns a course written in YAML into e-learning packages.
//!
//! The pipeline runs one way: load → check → render → target → package →
//! validate. This crate's modules follow it; the binary only maps command-line
//! arguments onto these calls.

pub mod build;
pub mod course;
pub mod diag;
pub mod fsutil;
pub mod html;
pub mod package;
pub(crate) mod parallel;
pub mod plan;
pub mod preview;
pub(crate) mod question;
pub mod render;
pub mod target;
pub mod timing;
pub mod url;
pub mod validate;
