//! Checks on ids: format, course-wide uniqueness, uniqueness within a question.

use super::{Checker, suggest_id};
use crate::course::ids;
use crate::course::located::Located;
use crate::course::rules;
use crate::diag::Pos;
use std::collections::HashMap;

impl Checker<'_> {
    pub(super) fn bad_id(&mut self, id: &Located<String>, what: &str) {
        self.report(
            rules::ID_FORMAT,
            id.pos,
            format!("{what} `{}` is not a safe id", id.value),
            format!(
                "use lower-case letters, digits, `-` and `_`, starting with a letter, at most {} characters (e.g. `{}`)",
                ids::MAX_ID_LEN,
                suggest_id(&id.value)
            ),
        );
    }

    /// Checks a course-wide id; returns whether it is new and well-formed.
    pub(super) fn unique_id(&mut self, id: &Located<String>, what: &str) -> bool {
        if !ids::is_safe_id(id) {
            self.bad_id(id, &format!("{what} id"));
            return false;
        }
        if let Some(first) = self.ids.get(id.as_str()).copied() {
            self.report(
                rules::ID_DUPLICATE,
                id.pos,
                format!("id `{}` is already used at line {}", id.value, first.line),
                "lessons, pages, checks, the assessment and questions share one id space: give this one another id",
            );
            return false;
        }
        self.ids.insert(id.value.clone(), id.pos);
        true
    }

    /// An id that only needs to be unique within its question.
    pub(crate) fn local_id(
        &mut self,
        qid: &str,
        id: &Located<String>,
        seen: &mut HashMap<String, Pos>,
    ) {
        if !ids::is_safe_id(id) {
            self.bad_id(id, &format!("option id in `{qid}`"));
        } else if let Some(first) = seen.get(id.as_str()) {
            let line = first.line;
            self.report(
                rules::ID_DUPLICATE,
                id.pos,
                format!(
                    "option id `{}` is used twice in question `{qid}` (first at line {line})",
                    id.value
                ),
                "give each option of a question its own id",
            );
        } else {
            seen.insert(id.value.clone(), id.pos);
        }
    }
}
