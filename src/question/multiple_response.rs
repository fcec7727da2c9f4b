//! Multiple response: any number (at least one) of the choices are right.

use crate::course::check::Checker;
use super::{DataPart, Fields, Kind, KeyError, Texts, ViewPart};
use crate::render::state::base36_len;
use crate::course::model::{Choice, Question, QuestionType};

/// The choices; those marked `correct` are the right ones.
#[derive(Debug, Clone)]
pub struct Key<'q> {
    pub choices: &'q [Choice],
}

impl<'q> Kind<'q> for Key<'q> {
    const TYPE: QuestionType = QuestionType::MultipleResponse;
    const FIELDS: Fields = Fields {
        allowed: &["choices"],
        required: &["choices"],
    };

    fn check(q: &Question, c: &mut Checker) {
        super::checks::choice_key(
            c,
            q,
            |correct| correct > 0,
            |qid, _| format!("multiple-response question `{qid}` has no correct choice"),
            "mark at least one choice `correct: true`",
        );
    }

    fn key(q: &'q Question) -> Result<Self, KeyError> {
        Ok(Key {
            choices: super::choices_of(q)?,
        })
    }

    fn authored_ids(&self) -> Vec<&'q str> {
        self.choices.iter().map(|c| c.id.as_str()).collect()
    }

    /// A bitmask of the selected choices, in base36.
    fn response_worst(options: usize) -> usize {
        let bits = options.min(127) as u32;
        base36_len((1u128 << bits).saturating_sub(1))
    }

    fn view(&self, cx: &dyn Texts, dom: &str) -> ViewPart {
        let mut part = ViewPart::new("checkbox", "hint_multiple");
        super::choices_view(cx, self.choices, dom, &mut part);
        part
    }

    fn data(&self, cx: &dyn Texts) -> DataPart<'q> {
        super::choices_data(cx, self.choices, self.choices.iter().filter(|c| c.correct))
    }
}
