//! SCORM 1.2: `imsmanifest.xml` as Moodle's literal parser needs it
//! (moodle.md §1, §9): IMS CP elements unprefixed, the ADL namespace on the
//! prefix `adlcp`, `<schemaversion>1.2</schemaversion>` with no white space,
//! one organization, the SCO item first, every file listed.

use super::xml::{self, XmlWriter, element, text_element};
use super::{
    Descriptor, ManifestIds, ManifestInput, Target, TargetError, manifest_file, sco_files,
};
use crate::package::PackageFile;
use crate::validate::Kind;
use std::io;

pub struct Scorm12;

const NS_IMSCP: &str = "http://www.imsproject.org/xsd/imscp_rootv1p1p2";
const NS_ADLCP: &str = "http://www.adlnet.org/xsd/adlcp_rootv1p2";
const NS_IMSMD: &str = "http://www.imsglobal.org/xsd/imsmd_rootv1p2p1";

/// SCORM 1.2's `cmi.suspend_data` is a CMIString4096.
pub const SUSPEND_LIMIT: usize = 4096;

impl Target for Scorm12 {
    fn descriptor(&self) -> &'static Descriptor {
        &Descriptor {
            id: "scorm12",
            name: "SCORM 1.2",
            runtime: "scorm12",
            suspend_limit: Some(SUSPEND_LIMIT),
            kind: Kind::Scorm12,
        }
    }

    fn manifest(&self, input: &ManifestInput) -> Result<Vec<PackageFile>, TargetError> {
        manifest_file("SCORM 1.2", "imsmanifest.xml", write_manifest(input))
    }
}

fn write_manifest(input: &ManifestInput) -> io::Result<Vec<u8>> {
    let course = input.course;
    let ids = ManifestIds::for_course(course);
    let title = input.text(&course.title);
    let mut w = xml::document()?;
    element(
        &mut w,
        "manifest",
        &[
            ("identifier", ids.manifest.as_str()),
            ("version", course.version.value.as_str()),
            ("xmlns", NS_IMSCP),
            ("xmlns:adlcp", NS_ADLCP),
            ("xmlns:imsmd", NS_IMSMD),
        ],
        |w| {
            element(w, "metadata", &[], |w| {
                text_element(w, "schema", &[], "ADL SCORM")?;
                text_element(w, "schemaversion", &[], "1.2")?;
                lom(w, input, &title)
            })?;
            element(
                w,
                "organizations",
                &[("default", ids.organization.as_str())],
                |w| {
                    element(
                        w,
                        "organization",
                        &[("identifier", ids.organization.as_str())],
                        |w| {
                            text_element(w, "title", &[], &title)?;
                            element(
                                w,
                                "item",
                                &[
                                    ("identifier", ids.item.as_str()),
                                    ("identifierref", ids.resource.as_str()),
                                    ("isvisible", "true"),
                                ],
                                |w| {
                                    text_element(w, "title", &[], &title)?;
                                    if let Some(a) = &course.assessment {
                                        let mastery = a.pass_mark.value.to_string();
                                        text_element(w, "adlcp:masteryscore", &[], &mastery)?;
                                    }
                                    Ok(())
                                },
                            )
                        },
                    )
                },
            )?;
            element(w, "resources", &[], |w| {
                element(
                    w,
                    "resource",
                    &[
                        ("identifier", ids.resource.as_str()),
                        ("type", "webcontent"),
                        ("adlcp:scormtype", "sco"),
                        ("href", input.launch),
                    ],
                    |w| sco_files(w, input),
                )
            })
        },
    )?;
    Ok(xml::finish(w))
}

/// IMS Metadata 1.2.1 (LOM): title, language, description and rights.
fn lom(w: &mut XmlWriter, input: &ManifestInput, title: &str) -> io::Result<()> {
    let course = input.course;
    let lang = input.lang;
    let description = input.text(&course.description);
    let rights = input.rights();
    let langstring = |w: &mut XmlWriter, text: &str| -> io::Result<()> {
        text_element(w, "imsmd:langstring", &[("xml:lang", lang)], text)
    };
    let vocabulary = |w: &mut XmlWriter, name: &str, value: &str| -> io::Result<()> {
        element(w, name, &[], |w| {
            element(w, "imsmd:source", &[], |w| {
                text_element(w, "imsmd:langstring", &[("xml:lang", "x-none")], "LOMv1.0")
            })?;
            element(w, "imsmd:value", &[], |w| {
                text_element(w, "imsmd:langstring", &[("xml:lang", "x-none")], value)
            })
        })
    };
    element(w, "imsmd:lom", &[], |w| {
        element(w, "imsmd:general", &[], |w| {
            element(w, "imsmd:title", &[], |w| langstring(w, title))?;
            text_element(w, "imsmd:language", &[], lang)?;
            element(w, "imsmd:description", &[], |w| langstring(w, &description))
        })?;
        element(w, "imsmd:rights", &[], |w| {
            vocabulary(w, "imsmd:cost", "no")?;
            vocabulary(w, "imsmd:copyrightandotherrestrictions", "yes")?;
            element(w, "imsmd:description", &[], |w| langstring(w, &rights))
        })
    })
}
