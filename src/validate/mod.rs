//! `coursepack validate`: check any package — ours or a third party's.
//!
//! Work in progress: the safe package reader and the strict XML reader are
//! here; kind detection, the rule sets and the XSD check follow.

pub mod archive;
pub mod rules;
pub mod xml;
