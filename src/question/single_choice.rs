//! Single choice: one right choice among two or more.

use crate::course::check::Checker;
use super::{DataPart, Fields, Kind, KeyError, Texts, ViewPart};
use crate::course::model::{Choice, Question, QuestionType};

/// The choices and which one is right.
#[derive(Debug, Clone)]
pub struct Key<'q> {
    pub choices: &'q [Choice],
    pub correct: usize,
}

impl<'q> Kind<'q> for Key<'q> {
    const TYPE: QuestionType = QuestionType::SingleChoice;
    const FIELDS: Fields = Fields {
        allowed: &["choices"],
        required: &["choices"],
    };

    fn check(q: &Question, c: &mut Checker) {
        super::checks::choice_key(
            c,
            q,
            |correct| correct == 1,
            |qid, correct| {
                format!("single-choice question `{qid}` has {correct} correct choices; it needs exactly 1")
            },
            "mark exactly one choice `correct: true`, or make it a multiple-response question",
        );
    }

    fn key(q: &'q Question) -> Result<Self, KeyError> {
        let choices = super::choices_of(q)?;
        let mut right = choices.iter().enumerate().filter(|(_, c)| c.correct);
        match (right.next(), right.next()) {
            (Some((correct, _)), None) => Ok(Key {
                choices,
                correct,
            }),
            _ => Err(KeyError::Invalid {
                question: q.id.value.clone(),
                problem: "it needs exactly one correct choice".to_string(),
            }),
        }
    }

    fn authored_ids(&self) -> Vec<&'q str> {
        self.choices.iter().map(|c| c.id.as_str()).collect()
    }

    fn response_worst(_options: usize) -> usize {
        1
    }

    fn view(&self, cx: &dyn Texts, dom: &str) -> ViewPart {
        let mut part = ViewPart::new("radio", "hint_single");
        super::choices_view(cx, self.choices, dom, &mut part);
        part
    }

    fn data(&self, cx: &dyn Texts) -> DataPart<'q> {
        super::choices_data(cx, self.choices, self.choices.get(self.correct).into_iter())
    }
}
