//! The plain web export: the player alone, with no manifest and no LMS. It
//! runs from any static web server or from disk and keeps a learner's
//! progress in the browser (`localStorage`); it doubles as the preview.

use super::{ManifestInput, Target, TargetError};
use crate::package::PackageFile;

pub struct Web;

impl Target for Web {
    fn id(&self) -> &'static str {
        "web"
    }

    fn name(&self) -> &'static str {
        "web"
    }

    fn runtime(&self) -> &'static str {
        "none"
    }

    fn suspend_limit(&self) -> Option<usize> {
        None
    }

    fn schema(&self) -> Option<crate::validate::xsd::Set> {
        None
    }

    fn manifest(&self, _input: &ManifestInput) -> Result<Vec<PackageFile>, TargetError> {
        Ok(Vec::new())
    }
}
