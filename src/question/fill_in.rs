//! Fill in: a typed answer compared with the accepted answers.

use crate::course::check::{Checker, MAX_SCORM12_RESPONSE};
use crate::course::rules;
use crate::render::state::{ESCAPE_MAX, FILL_IN_MAX};
use super::{DataPart, Fields, KeyData, Kind, KeyError, Texts, ViewPart};
use crate::course::model::{Localized, Question, QuestionType};

/// The accepted answers per language and how answers are compared.
#[derive(Debug, Clone)]
pub struct Key<'q> {
    pub accepted: &'q Localized<Vec<String>>,
    pub case_sensitive: bool,
    pub ignore_diacritics: bool,
}

impl<'q> Kind<'q> for Key<'q> {
    const TYPE: QuestionType = QuestionType::FillIn;
    const FIELDS: Fields = Fields {
        allowed: &["accepted", "case_sensitive", "ignore_diacritics"],
        required: &["accepted"],
    };

    fn check(q: &Question, c: &mut Checker) {
        let Some(accepted) = &q.accepted else { return };
        let qid = &q.id.value;
        c.localized(accepted, &format!("accepted answers of `{qid}`"));
        for (lang, answers) in accepted.0.iter() {
            if answers.is_empty() {
                c.report(
                    rules::ANSWER_KEY,
                    answers.pos,
                    format!("fill-in question `{qid}` accepts no answer in `{lang}`"),
                    "list at least one accepted answer",
                );
            }
            for answer in answers.iter() {
                c.string_limits(
                    answer,
                    answers.pos,
                    &format!("an accepted answer of `{qid}` in `{lang}`"),
                );
                if answer.trim().is_empty() {
                    c.report(
                        rules::ANSWER_KEY,
                        answers.pos,
                        format!("fill-in question `{qid}` accepts an empty answer in `{lang}`"),
                        "remove the empty entry",
                    );
                } else if answer.chars().count() > MAX_SCORM12_RESPONSE {
                    c.report(
                        rules::LIMIT_SCORM12_RESPONSE,
                        answers.pos,
                        format!(
                            "an accepted answer of `{qid}` in `{lang}` has {} characters; SCORM 1.2 stores at most {MAX_SCORM12_RESPONSE}",
                            answer.chars().count()
                        ),
                        "fill-in answers should be a word or a short phrase",
                    );
                }
            }
        }
    }

    fn key(q: &'q Question) -> Result<Self, KeyError> {
        let accepted = q
            .accepted
            .as_ref()
            .ok_or_else(|| KeyError::missing(q, "accepted"))?;
        Ok(Key {
            accepted,
            case_sensitive: q.case_sensitive.as_ref().is_some_and(|c| c.value),
            ignore_diacritics: q.ignore_diacritics.as_ref().is_some_and(|c| c.value),
        })
    }

    fn authored_ids(&self) -> Vec<&'q str> {
        Vec::new()
    }

    /// The text, cut to the input's length, every code unit escaped at worst.
    fn response_worst(_options: usize) -> usize {
        FILL_IN_MAX * ESCAPE_MAX
    }

    fn view(&self, _cx: &dyn Texts, _dom: &str) -> ViewPart {
        ViewPart::new("text", "hint_fill_in")
    }

    fn data(&self, cx: &dyn Texts) -> DataPart<'q> {
        let mut part = DataPart::new(Vec::new(), KeyData::Texts(cx.list(self.accepted)));
        part.case_sensitive = self.case_sensitive;
        part.ignore_diacritics = self.ignore_diacritics;
        part
    }
}
