//! The checks every question type shares: which answer-key fields a question
//! may and must have, and the option lists (choices, items, scale points).

use crate::course::check::{Checker, MAX_SCORM12_OPTIONS};
use crate::course::located::Located;
use crate::course::model::{Choice, Item, Question};
use crate::course::rules;
use crate::diag::Pos;
use std::collections::HashMap;

/// Every answer-key field of the flat model and where it was written (a new
/// field of `course::model::Question` is added here too).
fn answer_fields(q: &Question) -> [(&'static str, Option<Pos>); 12] {
    [
        ("choices", q.choices.as_ref().map(|v| v.pos)),
        ("answer", q.answer.as_ref().map(|v| v.pos)),
        ("accepted", q.accepted.as_ref().map(|v| v.0.pos)),
        ("case_sensitive", q.case_sensitive.as_ref().map(|v| v.pos)),
        (
            "ignore_diacritics",
            q.ignore_diacritics.as_ref().map(|v| v.pos),
        ),
        ("pairs", q.pairs.as_ref().map(|v| v.pos)),
        ("items", q.items.as_ref().map(|v| v.pos)),
        ("exact", q.exact.as_ref().map(|v| v.pos)),
        ("min", q.min.as_ref().map(|v| v.pos)),
        ("max", q.max.as_ref().map(|v| v.pos)),
        ("tolerance", q.tolerance.as_ref().map(|v| v.pos)),
        ("scale", q.scale.as_ref().map(|v| v.pos)),
    ]
}

/// Which answer-key fields the question's type takes (its module's
/// `FIELDS`); reports the ones that do not belong and the ones that are
/// missing, then the type's own rules on its fields, then `neutral` feedback
/// on a scored type.
pub(crate) fn fields(c: &mut Checker, q: &Question) {
    let kind = q.kind.value;
    let present = answer_fields(q);
    let super::Fields { allowed, required } = super::fields(kind);
    let qid = &q.id.value;
    let type_name = kind.name();
    for (name, pos) in present {
        if let Some(pos) = pos
            && !allowed.contains(&name)
        {
            c.report(
                rules::QUESTION_FIELD,
                pos,
                format!("`{name}` does not belong to a {type_name} question (`{qid}`)"),
                format!("a {type_name} question takes: {}", allowed.join(", ")),
            );
        }
    }
    for name in *required {
        if present.iter().any(|(n, p)| n == name && p.is_none()) {
            c.report(
                rules::QUESTION_FIELD,
                q.kind.pos,
                format!("{type_name} question `{qid}` has no `{name}`"),
                format!("add `{name}:` with the answer key (see the authoring guide)"),
            );
        }
    }
    super::check_fields(q, c);
    if kind.is_scored()
        && let Some(neutral) = q.feedback.as_ref().and_then(|f| f.neutral.as_ref())
    {
        c.report(
            rules::QUESTION_FIELD,
            neutral.0.pos,
            format!("`neutral` feedback is for likert questions, not {type_name} (`{qid}`)"),
            "use `correct:` and `incorrect:` feedback",
        );
    }
}

/// The choices of a choice question: how many, their ids, texts and
/// feedback. Returns how many are marked correct.
pub(crate) fn choices(c: &mut Checker, qid: &str, choices: &Located<Vec<Choice>>) -> usize {
    option_count(c, qid, choices.pos, choices.len(), 2, "choices");
    let mut seen = HashMap::new();
    for choice in choices.iter() {
        c.local_id(qid, &choice.id, &mut seen);
        c.markdown(
            &choice.text,
            &format!("choice `{}` of `{qid}`", choice.id.value),
        );
        if let Some(fb) = &choice.feedback {
            c.markdown(
                fb,
                &format!("feedback of choice `{}` in `{qid}`", choice.id.value),
            );
        }
    }
    choices.iter().filter(|c| c.correct).count()
}

/// A choice question's choices checked, and its answer key held to `right`
/// (how many correct choices the type takes): when `right` refuses the
/// count, `answer-key` with `problem(count)` and `hint`.
pub(crate) fn choice_key(
    c: &mut Checker,
    q: &Question,
    right: impl Fn(usize) -> bool,
    problem: impl Fn(&str, usize) -> String,
    hint: &str,
) {
    let Some(list) = &q.choices else { return };
    let qid = q.id.value.as_str();
    let correct = choices(c, qid, list);
    if !right(correct) {
        c.report(rules::ANSWER_KEY, list.pos, problem(qid, correct), hint);
    }
}

/// Items with an id and a text (sequencing items, likert points).
pub(crate) fn items(c: &mut Checker, qid: &str, items: &Located<Vec<Item>>, what: &str) {
    option_count(c, qid, items.pos, items.len(), 2, what);
    let mut seen = HashMap::new();
    for item in items.iter() {
        c.local_id(qid, &item.id, &mut seen);
        c.text(&item.text, &format!("item `{}` of `{qid}`", item.id.value));
    }
}

/// At least `min` options, and no more than SCORM 1.2 can report.
pub(crate) fn option_count(c: &mut Checker, qid: &str, pos: Pos, n: usize, min: usize, what: &str) {
    if n < min {
        c.report(
            rules::ANSWER_KEY,
            pos,
            format!("question `{qid}` has {n} {what}; it needs at least {min}"),
            format!("add {what}"),
        );
    } else if n > MAX_SCORM12_OPTIONS {
        c.report(
            rules::LIMIT_SCORM12_CHOICES,
            pos,
            format!("question `{qid}` has {n} {what}; SCORM 1.2 can report at most {MAX_SCORM12_OPTIONS}"),
            "split the question, or remove options",
        );
    }
}
