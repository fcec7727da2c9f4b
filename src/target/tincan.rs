//! xAPI packaged the TinCan way: `tincan.xml` at the zip root, the course
//! activity first (with name, description and launch), then the lessons, the
//! assessment and the learning objectives (activity type `objective`, the ids
//! the statements name in `contextActivities.other`), as mod_tincanlaunch and
//! Rustici-style LMSs read it.

use super::xml::{self, XmlWriter, element, text_element};
use super::{Descriptor, ManifestInput, Target, TargetError, manifest_file};
use crate::course::ids::{ActivityKind, activity_iri};
use crate::package::PackageFile;
use crate::validate::Kind;
use std::io;

pub struct TinCan;

const NS_TINCAN: &str = "http://projecttincan.com/tincan.xsd";
const TYPE_COURSE: &str = "http://adlnet.gov/expapi/activities/course";
const TYPE_LESSON: &str = "http://adlnet.gov/expapi/activities/lesson";
const TYPE_ASSESSMENT: &str = "http://adlnet.gov/expapi/activities/assessment";
const TYPE_OBJECTIVE: &str = "http://adlnet.gov/expapi/activities/objective";

impl Target for TinCan {
    fn descriptor(&self) -> &'static Descriptor {
        &Descriptor {
            id: "tincan",
            name: "xAPI (TinCan)",
            runtime: "tincan",
            suspend_limit: None,
            kind: Kind::Tincan,
        }
    }

    fn manifest(&self, input: &ManifestInput) -> Result<Vec<PackageFile>, TargetError> {
        manifest_file("TinCan", "tincan.xml", write(input))
    }
}

fn write(input: &ManifestInput) -> io::Result<Vec<u8>> {
    let course = input.course;
    let lang = input.lang;
    let text = |t: &crate::course::model::Text| input.text(t);
    let iri = course.iri.value.as_str();
    let mut w = xml::document()?;
    let activity = |w: &mut XmlWriter,
                    id: &str,
                    kind: &str,
                    name: &str,
                    description: &str,
                    launch: Option<&str>| {
        element(w, "activity", &[("id", id), ("type", kind)], |w| {
            text_element(w, "name", &[("lang", lang)], name)?;
            text_element(w, "description", &[("lang", lang)], description)?;
            if let Some(launch) = launch {
                text_element(w, "launch", &[("lang", lang)], launch)?;
            }
            Ok(())
        })
    };
    element(&mut w, "tincan", &[("xmlns", NS_TINCAN)], |w| {
        element(w, "activities", &[], |w| {
            activity(
                w,
                iri,
                TYPE_COURSE,
                &text(&course.title),
                &text(&course.description),
                Some(input.launch),
            )?;
            for lesson in course.lessons.iter() {
                let title = text(&lesson.title);
                activity(
                    w,
                    &activity_iri(iri, ActivityKind::Lesson, &lesson.id),
                    TYPE_LESSON,
                    &title,
                    &title,
                    None,
                )?;
            }
            if let Some(a) = &course.assessment {
                let title = text(&a.title);
                activity(
                    w,
                    &activity_iri(iri, ActivityKind::Assessment, &a.id),
                    TYPE_ASSESSMENT,
                    &title,
                    &title,
                    None,
                )?;
            }
            for o in course.objectives.iter().flat_map(|os| os.iter()) {
                let title = text(&o.text);
                activity(
                    w,
                    &activity_iri(iri, ActivityKind::Objective, &o.id.value),
                    TYPE_OBJECTIVE,
                    &title,
                    &title,
                    None,
                )?;
            }
            Ok(())
        })
    })?;
    Ok(xml::finish(w))
}
