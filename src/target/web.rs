//! The plain web export: the player alone, with no manifest and no LMS. It
//! runs from any static web server or from disk and keeps a learner's
//! progress in the browser (`localStorage`); it doubles as the preview.

use super::{Descriptor, ManifestInput, Target, TargetError};
use crate::package::PackageFile;
use crate::validate::Kind;

pub struct Web;

impl Target for Web {
    fn descriptor(&self) -> &'static Descriptor {
        &Descriptor {
            id: "web",
            name: "web",
            runtime: "none",
            suspend_limit: None,
            kind: Kind::Web,
        }
    }

    fn manifest(&self, _input: &ManifestInput) -> Result<Vec<PackageFile>, TargetError> {
        Ok(Vec::new())
    }
}
