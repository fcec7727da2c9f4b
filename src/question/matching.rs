//! Matching: each source belongs with its target.

use crate::course::check::Checker;
use std::collections::HashMap;
use super::{DataPart, Fields, KeyData, Kind, KeyError, PairView, Texts, ViewPart};
use crate::course::model::{Pair, Question, QuestionType};

/// The pairs, each source with its right target.
#[derive(Debug, Clone)]
pub struct Key<'q> {
    pub pairs: &'q [Pair],
}

impl<'q> Kind<'q> for Key<'q> {
    const TYPE: QuestionType = QuestionType::Matching;
    const FIELDS: Fields = Fields {
        allowed: &["pairs"],
        required: &["pairs"],
    };

    fn check(q: &Question, c: &mut Checker) {
        let Some(pairs) = &q.pairs else { return };
        let qid = q.id.value.as_str();
        super::checks::option_count(c, qid, pairs.pos, pairs.len(), 2, "pairs");
        let mut seen = HashMap::new();
        for pair in pairs.iter() {
            c.local_id(qid, &pair.id, &mut seen);
            c.text(
                &pair.source,
                &format!("source of pair `{}` in `{qid}`", pair.id.value),
            );
            c.text(
                &pair.target,
                &format!("target of pair `{}` in `{qid}`", pair.id.value),
            );
        }
    }

    fn key(q: &'q Question) -> Result<Self, KeyError> {
        let pairs = q
            .pairs
            .as_ref()
            .ok_or_else(|| KeyError::missing(q, "pairs"))?;
        Ok(Key { pairs })
    }

    fn authored_ids(&self) -> Vec<&'q str> {
        self.pairs.iter().map(|p| p.id.as_str()).collect()
    }

    /// Per pair, the index of the chosen target (or `_`).
    fn response_worst(options: usize) -> usize {
        options
    }

    fn view(&self, cx: &dyn Texts, dom: &str) -> ViewPart {
        let mut part = ViewPart::new("matching", "hint_matching");
        part.pairs = self
            .pairs
            .iter()
            .enumerate()
            .map(|(i, p)| PairView {
                dom: format!("{dom}-m{i}"),
                id: p.id.value.clone(),
                source: cx.text(&p.source),
                target: cx.text(&p.target),
            })
            .collect();
        part
    }

    fn data(&self, cx: &dyn Texts) -> DataPart<'q> {
        let mut part = DataPart::new(self.authored_ids(), KeyData::None);
        (part.labels, part.targets) = self
            .pairs
            .iter()
            .map(|p| (cx.label(&p.source), cx.label(&p.target)))
            .unzip();
        part
    }
}
