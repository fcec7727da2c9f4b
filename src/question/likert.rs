//! Likert: a survey scale; never scored, no right answer.

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
    const FIELDS: Fields = Fields {
        allowed: &["scale"],
        required: &["scale"],
    };

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
