//! True or false: a statement and whether it holds.

use crate::course::check::Checker;
use super::{DataPart, Fields, KeyData, Kind, KeyError, OptionView, Texts, ViewPart};
use crate::course::model::{Question, QuestionType};
use crate::render::markdown;

/// The two options every true-false question has, in this order.
const OPTIONS: [&str; 2] = ["true", "false"];

/// Whether the statement is true.
#[derive(Debug, Clone)]
pub struct TrueFalse {
    pub answer: bool,
}

/// The registry names every type's key `Key`.
pub type Key<'q> = TrueFalse;

impl<'q> Kind<'q> for TrueFalse {
    const TYPE: QuestionType = QuestionType::TrueFalse;
    const FIELDS: Fields = Fields {
        allowed: &["answer"],
        required: &["answer"],
    };

    /// `answer` is a boolean; the YAML types check it.
    fn check(_q: &Question, _c: &mut Checker) {}

    fn key(q: &'q Question) -> Result<Self, KeyError> {
        let answer = q
            .answer
            .as_ref()
            .ok_or_else(|| KeyError::missing(q, "answer"))?;
        Ok(TrueFalse {
            answer: answer.value,
        })
    }

    fn authored_ids(&self) -> Vec<&'q str> {
        Vec::new()
    }

    /// `t` or `f`.
    fn response_worst(_options: usize) -> usize {
        1
    }

    fn view(&self, cx: &dyn Texts, dom: &str) -> ViewPart {
        let mut part = ViewPart::new("radio", "hint_true_false");
        part.options = OPTIONS
            .iter()
            .enumerate()
            .map(|(i, v)| OptionView {
                dom: format!("{dom}-o{i}"),
                html: markdown::escape(&cx.t(v)),
                id: (*v).to_string(),
            })
            .collect();
        part
    }

    fn data(&self, _cx: &dyn Texts) -> DataPart<'q> {
        DataPart::new(OPTIONS.to_vec(), KeyData::Bool(self.answer))
    }
}
