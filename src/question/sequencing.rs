//! Sequencing: put the items in the right order.

use crate::course::check::Checker;
use super::{DataPart, Fields, ItemView, KeyData, Kind, KeyError, Texts, ViewPart};
use crate::course::model::{Item, Question, QuestionType};

/// The items in the right order.
#[derive(Debug, Clone)]
pub struct Key<'q> {
    pub items: &'q [Item],
}

impl<'q> Kind<'q> for Key<'q> {
    const TYPE: QuestionType = QuestionType::Sequencing;
    const FIELDS: Fields = Fields {
        allowed: &["items"],
        required: &["items"],
    };

    fn check(q: &Question, c: &mut Checker) {
        if let Some(items) = &q.items {
            super::checks::items(c, &q.id.value, items, "items");
        }
    }

    fn key(q: &'q Question) -> Result<Self, KeyError> {
        let items = q
            .items
            .as_ref()
            .ok_or_else(|| KeyError::missing(q, "items"))?;
        Ok(Key { items })
    }

    fn authored_ids(&self) -> Vec<&'q str> {
        super::item_ids(self.items)
    }

    /// The item indices in the learner's order.
    fn response_worst(options: usize) -> usize {
        options
    }

    fn view(&self, cx: &dyn Texts, dom: &str) -> ViewPart {
        let mut part = ViewPart::new("sequencing", "hint_sequencing");
        part.items = self
            .items
            .iter()
            .enumerate()
            .map(|(i, item)| {
                let text = cx.text(&item.text);
                ItemView {
                    dom: format!("{dom}-i{i}"),
                    down_label: cx.tf("move_down_item", &[("item", &text)]),
                    id: item.id.value.clone(),
                    up_label: cx.tf("move_up_item", &[("item", &text)]),
                    text,
                }
            })
            .collect();
        part
    }

    fn data(&self, cx: &dyn Texts) -> DataPart<'q> {
        let mut part = DataPart::new(self.authored_ids(), KeyData::None);
        part.labels = self.items.iter().map(|i| cx.label(&i.text)).collect();
        part
    }
}
