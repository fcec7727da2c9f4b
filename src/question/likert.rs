//! Likert: a survey scale; never scored, no right answer.

use crate::course::check::Checker;
use crate::course::rules;
use super::{DataPart, Fields, KeyData, Kind, KeyError, OptionView, Texts, ViewPart};
use crate::course::model::{Item, Question, QuestionType};
use crate::render::markdown;

/// The points of the scale, in order.
#[derive(Debug, Clone)]
pub struct Key<'q> {
    pub scale: &'q [Item],
}

impl<'q> Kind<'q> for Key<'q> {
    const TYPE: QuestionType = QuestionType::Likert;
    const SCORED: bool = false;
    const FIELDS: Fields = Fields {
        allowed: &["scale"],
        required: &["scale"],
    };

    /// Never scored, so no weight and no right or wrong feedback.
    fn check_fields(q: &Question, c: &mut Checker) {
        let qid = &q.id.value;
        if let Some(w) = &q.weight {
            c.report(
                rules::QUESTION_FIELD,
                w.pos,
                format!("likert question `{qid}` is never scored, so it takes no `weight`"),
                "remove `weight:`",
            );
        }
        if let Some(fb) = &q.feedback
            && let Some(t) = fb.correct.as_ref().or(fb.incorrect.as_ref())
        {
            c.report(
                rules::QUESTION_FIELD,
                t.0.pos,
                format!("likert question `{qid}` has no right or wrong answer"),
                "use `feedback: {neutral: ...}` instead of correct/incorrect",
            );
        }
    }

    fn check(q: &Question, c: &mut Checker) {
        if let Some(scale) = &q.scale {
            super::checks::items(c, &q.id.value, scale, "scale points");
        }
    }

    fn key(q: &'q Question) -> Result<Self, KeyError> {
        let scale = q
            .scale
            .as_ref()
            .ok_or_else(|| KeyError::missing(q, "scale"))?;
        Ok(Key { scale })
    }

    fn authored_ids(&self) -> Vec<&'q str> {
        super::item_ids(self.scale)
    }

    /// The index of the chosen point.
    fn response_worst(_options: usize) -> usize {
        1
    }

    fn view(&self, cx: &dyn Texts, dom: &str) -> ViewPart {
        let mut part = ViewPart::new("radio", "hint_likert");
        part.options = self
            .scale
            .iter()
            .enumerate()
            .map(|(i, p)| OptionView {
                dom: format!("{dom}-o{i}"),
                html: markdown::escape(&cx.text(&p.text)),
                id: p.id.value.clone(),
            })
            .collect();
        part
    }

    fn data(&self, cx: &dyn Texts) -> DataPart<'q> {
        let mut part = DataPart::new(self.authored_ids(), KeyData::None);
        part.labels = self.scale.iter().map(|p| cx.label(&p.text)).collect();
        part
    }
}
