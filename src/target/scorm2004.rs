//! SCORM 2004 4th edition: `imsmanifest.xml` for a single SCO without
//! sequencing rules beyond what makes the content, not the LMS, decide
//! completion (moodle.md §5): `completionSetByContent` and
//! `objectiveSetByContent`, the LMS's navigation left visible (no
//! `adlnav:hideLMSUI`), and a primary objective only when the course has an
//! assessment whose pass mark it carries, followed by one objective per
//! learning objective of the course.

use super::xml::{self, XmlWriter, element, empty_element, text_element};
use super::{
    Descriptor, ManifestIds, ManifestInput, Target, TargetError, manifest_file, sco_files,
};
use crate::package::PackageFile;
use crate::validate::Kind;
use std::io;

pub struct Scorm2004;

const NS_IMSCP: &str = "http://www.imsglobal.org/xsd/imscp_v1p1";
const NS_ADLCP: &str = "http://www.adlnet.org/xsd/adlcp_v1p3";
const NS_ADLSEQ: &str = "http://www.adlnet.org/xsd/adlseq_v1p3";
const NS_ADLNAV: &str = "http://www.adlnet.org/xsd/adlnav_v1p3";
const NS_IMSSS: &str = "http://www.imsglobal.org/xsd/imsss";
const NS_LOM: &str = "http://ltsc.ieee.org/xsd/LOM";

/// SCORM 2004 3rd/4th edition `cmi.suspend_data`: characterstring SPM 64,000.
pub const SUSPEND_LIMIT: usize = 64_000;

impl Target for Scorm2004 {
    fn descriptor(&self) -> &'static Descriptor {
        &Descriptor {
            id: "scorm2004",
            name: "SCORM 2004 4th edition",
            runtime: "scorm2004",
            suspend_limit: Some(SUSPEND_LIMIT),
            kind: Kind::Scorm2004 { edition: 4 },
        }
    }

    fn manifest(&self, input: &ManifestInput) -> Result<Vec<PackageFile>, TargetError> {
        manifest_file("SCORM 2004", "imsmanifest.xml", write_manifest(input))
    }
}

fn write_manifest(input: &ManifestInput) -> io::Result<Vec<u8>> {
    let course = input.course;
    let ids = ManifestIds::for_course(course);
    let title = input.text(&course.title);
    let pass_measure = course
        .assessment
        .as_ref()
        .map(|a| scaled_pass_mark(a.pass_mark.value));
    let objective_ids: Vec<&str> = course
        .objectives
        .iter()
        .flat_map(|os| os.iter())
        .map(|o| o.id.value.as_str())
        .collect();
    let mut w = xml::document()?;
    element(
        &mut w,
        "manifest",
        &[
            ("identifier", ids.manifest.as_str()),
            ("version", course.version.value.as_str()),
            ("xmlns", NS_IMSCP),
            ("xmlns:adlcp", NS_ADLCP),
            ("xmlns:adlseq", NS_ADLSEQ),
            ("xmlns:adlnav", NS_ADLNAV),
            ("xmlns:imsss", NS_IMSSS),
        ],
        |w| {
            element(w, "metadata", &[], |w| {
                text_element(w, "schema", &[], "ADL SCORM")?;
                text_element(w, "schemaversion", &[], "2004 4th Edition")?;
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
                                ],
                                |w| {
                                    text_element(w, "title", &[], &title)?;
                                    element(w, "imsss:sequencing", &[], |w| {
                                        if let Some(measure) = &pass_measure {
                                            objectives(w, measure, &objective_ids)?;
                                        }
                                        empty_element(
                                            w,
                                            "imsss:deliveryControls",
                                            &[
                                                ("completionSetByContent", "true"),
                                                ("objectiveSetByContent", "true"),
                                            ],
                                        )
                                    })
                                },
                            )?;
                            element(w, "imsss:sequencing", &[], |w| {
                                empty_element(
                                    w,
                                    "imsss:controlMode",
                                    &[("choice", "true"), ("flow", "true")],
                                )
                            })
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
                        ("adlcp:scormType", "sco"),
                        ("href", input.launch),
                    ],
                    |w| sco_files(w, input),
                )
            })
        },
    )?;
    Ok(xml::finish(w))
}

/// The pass mark (percent) as a normalized measure: 70 → `0.70`.
fn scaled_pass_mark(percent: u32) -> String {
    let p = percent.min(100);
    format!("{}.{:02}", p / 100, p % 100)
}

/// The objectives, only for a course with an assessment. The primary one
/// carries the pass mark the way SCORM 2004 does (SN 3.10: satisfied by
/// measure, `minNormalizedMeasure`), so the LMS hands it to the SCO as
/// `cmi.scaled_passing_score` (RTE 4.2.19) and may let a teacher change it;
/// the content still sets `cmi.success_status` itself (Moodle never derives
/// it, moodle.md §5), from the same pass mark. It has no `objectiveID`: the
/// SCO reports the course's result in `cmi.score`/`cmi.success_status`, not
/// in a `cmi.objectives` record. Then one objective per learning objective
/// of the course, `objectiveID` = its id, the `cmi.objectives.n.id` the
/// SCO writes its score and status under (RTE 4.2.17); local to the SCO (no
/// `mapInfo`), so nothing global changes in the LMS's sequencing.
fn objectives(w: &mut XmlWriter, measure: &str, ids: &[&str]) -> io::Result<()> {
    element(w, "imsss:objectives", &[], |w| {
        element(
            w,
            "imsss:primaryObjective",
            &[("satisfiedByMeasure", "true")],
            |w| text_element(w, "imsss:minNormalizedMeasure", &[], measure),
        )?;
        for id in ids {
            empty_element(w, "imsss:objective", &[("objectiveID", id)])?;
        }
        Ok(())
    })
}

/// IEEE LOM: title, language, description and rights, in the LOM namespace.
fn lom(w: &mut XmlWriter, input: &ManifestInput, title: &str) -> io::Result<()> {
    let course = input.course;
    let lang = input.lang;
    let description = input.text(&course.description);
    let rights = input.rights();
    let string = |w: &mut XmlWriter, text: &str| -> io::Result<()> {
        text_element(w, "string", &[("language", lang)], text)
    };
    let vocabulary = |w: &mut XmlWriter, name: &str, value: &str| -> io::Result<()> {
        element(w, name, &[], |w| {
            text_element(w, "source", &[], "LOMv1.0")?;
            text_element(w, "value", &[], value)
        })
    };
    element(w, "lom", &[("xmlns", NS_LOM)], |w| {
        element(w, "general", &[], |w| {
            element(w, "title", &[], |w| string(w, title))?;
            text_element(w, "language", &[], lang)?;
            element(w, "description", &[], |w| string(w, &description))
        })?;
        element(w, "rights", &[], |w| {
            vocabulary(w, "cost", "no")?;
            vocabulary(w, "copyrightAndOtherRestrictions", "yes")?;
            element(w, "description", &[], |w| string(w, &rights))
        })
    })
}
