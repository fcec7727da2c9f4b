//! cmi5: `cmi5.xml` (the course structure) at the zip root. One AU — the
//! player — whose `moveOn` follows the course's completion rule and whose
//! `masteryScore` is the pass mark (scaled 0–1). Ids are full IRIs derived
//! from the course IRI; the AU url is relative, exists in the package and
//! carries no launch parameters. The course's learning objectives are listed
//! in `<objectives>` and referenced by the AU.

use super::xml::{self, XmlWriter, element, empty_element, text_element};
use super::{Descriptor, ManifestInput, Target, TargetError, manifest_file};
use crate::course::ids::{ActivityKind, activity_iri};
use crate::course::model::{CompletionRule, Course};
use crate::package::PackageFile;
use crate::validate::Kind;
use std::io;

pub struct Cmi5;

const NS_CMI5: &str = "https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd";

impl Target for Cmi5 {
    fn descriptor(&self) -> &'static Descriptor {
        &Descriptor {
            id: "cmi5",
            name: "cmi5",
            runtime: "cmi5",
            suspend_limit: None,
            kind: Kind::Cmi5,
        }
    }

    fn manifest(&self, input: &ManifestInput) -> Result<Vec<PackageFile>, TargetError> {
        manifest_file("cmi5", "cmi5.xml", write(input))
    }
}

/// cmi5's `moveOn` for a course: when the LMS may consider the AU satisfied.
pub fn move_on(course: &Course) -> &'static str {
    match (course.completion.value, course.assessment.is_some()) {
        (CompletionRule::AllPages, _) => "Completed",
        (CompletionRule::AssessmentPassed, true) => "Passed",
        (CompletionRule::Both, true) => "CompletedAndPassed",
        // The checker refuses these combinations; stay safe regardless.
        (_, false) => "Completed",
    }
}

/// The pass mark as cmi5's scaled `masteryScore` (0–1), e.g. "0.7".
pub fn mastery_score(course: &Course) -> Option<String> {
    course.assessment.as_ref().map(|a| {
        let pm = a.pass_mark.value.min(100);
        match pm {
            100 => "1".to_string(),
            n if n % 10 == 0 => format!("0.{}", n / 10),
            n => format!("0.{n:02}"),
        }
    })
}

fn write(input: &ManifestInput) -> io::Result<Vec<u8>> {
    let course = input.course;
    let lang = input.lang;
    let text = |t: &crate::course::model::Text| input.text(t);
    let iri = course.iri.value.as_str();
    let langstrings = |w: &mut XmlWriter, name: &str, value: &str| -> io::Result<()> {
        element(w, name, &[], |w| {
            text_element(w, "langstring", &[("lang", lang)], value)
        })
    };
    let au_id = activity_iri(iri, ActivityKind::Au, "");
    let mastery = mastery_score(course);
    let mut au_attrs: Vec<(&str, &str)> = vec![("id", au_id.as_str()), ("moveOn", move_on(course))];
    if let Some(m) = &mastery {
        au_attrs.push(("masteryScore", m.as_str()));
    }
    au_attrs.push(("launchMethod", "AnyWindow"));
    // The learning objectives: declared once for the course, referenced by the AU (the player
    // measures them all), ids the statements name in `contextActivities.other`.
    let objectives: Vec<(String, String)> = course
        .objectives
        .iter()
        .flat_map(|os| os.iter())
        .map(|o| {
            (
                activity_iri(iri, ActivityKind::Objective, &o.id.value),
                text(&o.text),
            )
        })
        .collect();
    let mut w = xml::document()?;
    element(&mut w, "courseStructure", &[("xmlns", NS_CMI5)], |w| {
        element(w, "course", &[("id", iri)], |w| {
            langstrings(w, "title", &text(&course.title))?;
            langstrings(w, "description", &text(&course.description))
        })?;
        if !objectives.is_empty() {
            element(w, "objectives", &[], |w| {
                for (id, title) in &objectives {
                    element(w, "objective", &[("id", id.as_str())], |w| {
                        langstrings(w, "title", title)?;
                        langstrings(w, "description", title)
                    })?;
                }
                Ok(())
            })?;
        }
        element(w, "au", &au_attrs, |w| {
            langstrings(w, "title", &text(&course.title))?;
            langstrings(w, "description", &text(&course.description))?;
            if !objectives.is_empty() {
                element(w, "objectives", &[], |w| {
                    for (id, _) in &objectives {
                        empty_element(w, "objective", &[("idref", id.as_str())])?;
                    }
                    Ok(())
                })?;
            }
            text_element(w, "url", &[], input.launch)
        })
    })?;
    Ok(xml::finish(w))
}
