//! Targets: one module per standard, behind one trait.
//!
//! A target knows three things about its standard: which tracking adapter the
//! player ships with (`runtime`), the limits the standard's runtime imposes
//! (`suspend_limit`), and how to describe the package to an LMS (`manifest`,
//! written with quick-xml so it is well-formed by construction). Adding a
//! standard is one module here, one adapter in `templates/runtime/` (which
//! may build on a shared library in `templates/runtime/lib/`), and one line
//! in [`ALL`].

mod cmi5;
mod scorm12;
mod scorm2004;
mod tincan;
mod web;
pub mod xml;

use crate::course::model::{Course, Text};
use crate::package::PackageFile;
use crate::validate::Kind;

pub use cmi5::Cmi5;
/// The cmi5 `moveOn` of a course's AU, for the preview's LMS side (one rule for both).
pub use cmi5::move_on as cmi5_move_on;
pub use scorm12::Scorm12;
pub use scorm2004::Scorm2004;
pub use tincan::TinCan;
pub use web::Web;

/// What a target needs to write its manifest.
pub struct ManifestInput<'a> {
    pub course: &'a Course,
    /// The package's language.
    pub lang: &'a str,
    /// Every file of the package except the manifest, sorted by path.
    pub files: &'a [PackageFile],
    /// Path of the launch page inside the package.
    pub launch: &'a str,
}

impl ManifestInput<'_> {
    /// A course text in the package's language, on one line (manifest
    /// values must not carry line breaks: LMS parsers compare them literally).
    pub fn text(&self, text: &Text) -> String {
        xml::one_line(text.get(self.lang).map_or("", String::as_str))
    }

    /// The rights statement the manifests' metadata carry: the course's
    /// attribution and its licence.
    pub fn rights(&self) -> String {
        let license = &self.course.license;
        format!(
            "{} Licence: {} ({}).",
            self.text(&license.attribution),
            license.spdx.value,
            license.url.value
        )
    }
}

/// The `<file>` list of a SCORM resource: the manifest itself (SCORM's CAM
/// counts it as part of the package), then every other file of the package.
pub fn sco_files(w: &mut xml::XmlWriter, input: &ManifestInput) -> std::io::Result<()> {
    xml::empty_element(w, "file", &[("href", "imsmanifest.xml")])?;
    for file in input.files {
        xml::empty_element(w, "file", &[("href", file.path.as_str())])?;
    }
    Ok(())
}

/// One manifest file from its writer's result.
pub fn manifest_file(
    target: &'static str,
    file: &'static str,
    bytes: std::io::Result<Vec<u8>>,
) -> Result<Vec<PackageFile>, TargetError> {
    match bytes {
        Ok(bytes) => Ok(vec![PackageFile::bytes(file, bytes)]),
        Err(source) => Err(TargetError::Xml {
            target,
            file,
            source,
        }),
    }
}

#[derive(Debug, thiserror::Error)]
pub enum TargetError {
    #[error("could not write the {file} of the {target} package: {source}")]
    Xml {
        target: &'static str,
        file: &'static str,
        #[source]
        source: std::io::Error,
    },
}

/// What a target is, as data. The schema set its manifest is checked
/// against follows from `kind` (see [`Target::schema`]), so the two cannot
/// disagree.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Descriptor {
    /// The id used on the command line and in package names, e.g. `scorm12`.
    pub id: &'static str,
    /// A human name, e.g. "SCORM 1.2".
    pub name: &'static str,
    /// The tracking adapter the player ships with (`templates/runtime/<runtime>.js`).
    pub runtime: &'static str,
    /// The most characters the standard's runtime stores as resume state.
    pub suspend_limit: Option<usize>,
    /// The kind of package `coursepack validate` recognises the output as.
    pub kind: Kind,
}

pub trait Target: Sync {
    /// The target's id, name, runtime, limits and package kind.
    fn descriptor(&self) -> &'static Descriptor;
    /// The manifest file(s) that describe the package to an LMS.
    fn manifest(&self, input: &ManifestInput) -> Result<Vec<PackageFile>, TargetError>;

    fn id(&self) -> &'static str {
        self.descriptor().id
    }
    fn name(&self) -> &'static str {
        self.descriptor().name
    }
    fn runtime(&self) -> &'static str {
        self.descriptor().runtime
    }
    fn suspend_limit(&self) -> Option<usize> {
        self.descriptor().suspend_limit
    }
    /// The set of coursepack's own schemas its manifest is checked against
    /// before the package is written (none for a package without a
    /// manifest): the one of its package kind.
    fn schema(&self) -> Option<crate::validate::xsd::Set> {
        self.descriptor().kind.schema_set()
    }
}

/// Every target, in the order packages are built.
pub const ALL: &[&dyn Target] = &[&Scorm12, &Scorm2004, &TinCan, &Cmi5, &Web];

/// The target with this id.
pub fn by_id(id: &str) -> Option<&'static dyn Target> {
    ALL.iter().copied().find(|t| t.id() == id)
}

/// The ids of every target, for messages.
pub fn ids() -> Vec<&'static str> {
    ALL.iter().map(|t| t.id()).collect()
}

/// Identifiers for a package's manifest, derived from the course id so they
/// are valid XML names and stay the same across versions (an LMS such as
/// Moodle keeps learners' tracking data only when item identifiers match).
pub struct ManifestIds {
    pub manifest: String,
    pub organization: String,
    pub item: String,
    pub resource: String,
}

impl ManifestIds {
    pub fn for_course(course: &Course) -> Self {
        let id = course.id.value.as_str();
        ManifestIds {
            manifest: format!("coursepack-{id}"),
            organization: format!("org-{id}"),
            item: format!("item-{id}"),
            resource: format!("res-{id}"),
        }
    }
}
