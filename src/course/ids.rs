//! Ids derived from the course's own ids, shared by every target so that an
//! answer is reported under the same name in every standard.

/// The longest id an author may write. Two of them joined (an interaction id)
/// stay within SCORM's 255-character identifiers only if the check holds;
/// `limit-interaction-id` catches the rest.
pub const MAX_ID_LEN: usize = 128;

/// Whether `id` has the safe form `[a-z][a-z0-9_-]*` and is at most
/// [`MAX_ID_LEN`] characters: valid as an XML NCName, a CMIIdentifier, a path
/// segment of an IRI and a file name on every system.
pub fn is_safe_id(id: &str) -> bool {
    let mut chars = id.chars();
    matches!(chars.next(), Some('a'..='z'))
        && id.len() <= MAX_ID_LEN
        && chars.all(|c| matches!(c, 'a'..='z' | '0'..='9' | '_' | '-'))
}

/// The interaction id an LMS shows for an answer (Moodle's report labels the
/// question with it): `<check or assessment id>.<question id>`.
pub fn interaction_id(container: &str, question: &str) -> String {
    format!("{container}.{question}")
}

/// SCORM's CMIIdentifier limit.
pub const MAX_INTERACTION_ID_LEN: usize = 255;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn safe_ids() {
        assert!(is_safe_id("spotify-wrapped_1"));
        assert!(!is_safe_id("1abc"));
        assert!(!is_safe_id("Abc"));
        assert!(!is_safe_id("a b"));
        assert!(!is_safe_id(""));
        assert!(!is_safe_id("a.b"));
        assert!(is_safe_id(&"a".repeat(MAX_ID_LEN)));
        assert!(!is_safe_id(&"a".repeat(MAX_ID_LEN + 1)));
    }
}

/// Kinds of xAPI/cmi5 activities below the course that a manifest names
/// (the player derives the ids of pages, checks and questions the same way,
/// `<iri>/pages/<id>` and so on, in `templates/runtime/lib/xapi.js`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ActivityKind {
    Lesson,
    Assessment,
    /// A learning objective (`objectives:` of the course).
    Objective,
    /// The cmi5 assignable unit (the whole player).
    Au,
}

impl ActivityKind {
    fn segment(self) -> &'static str {
        match self {
            ActivityKind::Lesson => "lessons",
            ActivityKind::Assessment => "assessments",
            ActivityKind::Objective => "objectives",
            ActivityKind::Au => "au",
        }
    }
}

/// The activity id (a full IRI) of something in a course, derived from the
/// course IRI and the stable id: identical across builds and languages.
/// `activity_iri("https://x.org/c", Lesson, "intro")` → `https://x.org/c/lessons/intro`.
pub fn activity_iri(course_iri: &str, kind: ActivityKind, id: &str) -> String {
    let base = course_iri.trim_end_matches('/');
    match kind {
        ActivityKind::Au => format!("{base}/au"),
        _ => format!("{base}/{}/{id}", kind.segment()),
    }
}

#[cfg(test)]
mod iri_tests {
    use super::*;

    #[test]
    fn activity_ids_are_derived_from_the_course_iri() {
        assert_eq!(
            activity_iri("https://x.org/c/", ActivityKind::Lesson, "intro"),
            "https://x.org/c/lessons/intro"
        );
        assert_eq!(
            activity_iri("https://x.org/c", ActivityKind::Au, "ignored"),
            "https://x.org/c/au"
        );
        assert_eq!(
            activity_iri("https://x.org/c", ActivityKind::Assessment, "final"),
            "https://x.org/c/assessments/final"
        );
    }
}
