//! Checks on the assessment and its questions.

use super::{Checker, MAX_SCORM12_OPTIONS, MAX_SCORM12_RESPONSE};
use crate::course::ids::{self, MAX_INTERACTION_ID_LEN};
use crate::course::located::Located;
use crate::course::model::*;
use crate::course::rules;
use crate::diag::Diagnostic;
use crate::diag::Pos;
use std::collections::HashMap;

impl Checker<'_> {
    pub(super) fn assessment(&mut self, a: &Assessment) {
        self.unique_id(&a.id, "assessment");
        self.text(&a.title, "assessment title");
        if let Some(intro) = &a.intro {
            self.markdown(intro, "assessment introduction");
        }
        if a.pass_mark.value > 100 {
            self.report(
                rules::ASSESSMENT_PASS_MARK,
                a.pass_mark.pos,
                format!("pass mark {} is not a percentage", a.pass_mark.value),
                "use a number from 0 to 100, e.g. `pass_mark: 70`",
            );
        }
        if a.attempts.value < 1 {
            self.report(
                rules::ASSESSMENT_ATTEMPTS,
                a.attempts.pos,
                "attempts must be at least 1",
                "set `attempts:` to how many tries a learner gets, e.g. 3",
            );
        }
        let bank = a.questions.len();
        let unscored = a.questions.iter().filter(|q| !q.kind.is_scored()).count();
        // Quota draws are checked in `objectives`; likert questions are never drawn by them.
        let quotas = matches!(a.draw.as_ref().map(|d| &d.value), Some(Draw::Quotas(_)));
        let count = a.draw.as_ref().and_then(|d| match d.value {
            Draw::Count(n) => Some(Located::new(n, d.pos)),
            Draw::Quotas(_) => None,
        });
        let draw = count.as_ref().map_or(bank, |d| d.value as usize);
        if let Some(d) = &count {
            if d.value == 0 {
                self.report(
                    rules::ASSESSMENT_DRAW,
                    d.pos,
                    "draw must be at least 1",
                    "set `draw:` to how many questions an attempt has, or leave it out to use the whole bank",
                );
            } else if d.value as usize > bank {
                self.report(
                    rules::ASSESSMENT_DRAW,
                    d.pos,
                    format!(
                        "draw is {} but the bank has only {bank} question{}",
                        d.value,
                        if bank == 1 { "" } else { "s" }
                    ),
                    format!("lower `draw:` to at most {bank}, or add questions to the bank"),
                );
            }
        }
        if !quotas && bank > 0 && draw > 0 && unscored >= draw.min(bank) {
            let pos = a.draw.as_ref().map_or(a.questions.pos, |d| d.pos);
            self.report(
                rules::ASSESSMENT_UNSCORED,
                pos,
                format!(
                    "an attempt could draw only unscored (likert) questions: {unscored} of {bank} are likert, {draw} are drawn"
                ),
                "add scored questions to the bank or draw more questions than there are likert questions",
            );
        }
        self.questions(&a.id, "assessment", &a.questions, a.feedback);
    }

    /// The questions of a check or an assessment (`what` names which, for
    /// hints that point at its settings).
    pub(super) fn questions(
        &mut self,
        container: &Located<String>,
        what: &'static str,
        qs: &Located<Vec<Question>>,
        mode: FeedbackMode,
    ) {
        if qs.is_empty() {
            self.report(
                rules::STRUCTURE_EMPTY,
                qs.pos,
                format!("`{}` has no questions", container.value),
                "add at least one question",
            );
        }
        for q in qs.iter() {
            self.question(container, what, q, mode);
        }
    }

    fn question(
        &mut self,
        container: &Located<String>,
        what: &'static str,
        q: &Question,
        mode: FeedbackMode,
    ) {
        self.unique_id(&q.id, "question");
        let qid = q.id.value.as_str();
        let interaction = ids::interaction_id(&container.value, qid);
        if interaction.len() > MAX_INTERACTION_ID_LEN {
            self.report(
                rules::LIMIT_INTERACTION_ID,
                q.id.pos,
                format!(
                    "the interaction id `{}.{}` would be {} characters; SCORM allows {MAX_INTERACTION_ID_LEN}",
                    container.value,
                    qid,
                    interaction.len()
                ),
                "shorten the question id or the id of its check/assessment",
            );
        }
        self.markdown(&q.prompt, &format!("prompt of question `{qid}`"));
        let kind = q.kind.value;
        self.question_fields(q);
        if let Some(w) = &q.weight
            && !(1..=100).contains(&w.value)
        {
            self.report(
                rules::QUESTION_WEIGHT,
                w.pos,
                format!("weight {} of question `{qid}` is outside 1-100", w.value),
                "use a whole number from 1 to 100 (SCORM reports weights in that range)",
            );
        }
        match kind {
            QuestionType::SingleChoice | QuestionType::MultipleResponse => {
                if let Some(choices) = &q.choices {
                    self.choices(q, choices);
                }
            }
            QuestionType::FillIn => {
                if let Some(accepted) = &q.accepted {
                    self.accepted(qid, accepted);
                }
            }
            QuestionType::Matching => {
                if let Some(pairs) = &q.pairs {
                    self.option_count(qid, pairs.pos, pairs.len(), 2, "pairs");
                    let mut seen = HashMap::new();
                    for pair in pairs.iter() {
                        self.local_id(qid, &pair.id, &mut seen);
                        self.text(
                            &pair.source,
                            &format!("source of pair `{}` in `{qid}`", pair.id.value),
                        );
                        self.text(
                            &pair.target,
                            &format!("target of pair `{}` in `{qid}`", pair.id.value),
                        );
                    }
                }
            }
            QuestionType::Sequencing => {
                if let Some(items) = &q.items {
                    self.items(qid, items, "items");
                }
            }
            QuestionType::Likert => {
                if let Some(scale) = &q.scale {
                    self.items(qid, scale, "scale points");
                }
            }
            QuestionType::Numeric => {
                if let Some(t) = &q.tolerance
                    && !(t.value.is_finite() && t.value >= 0.0)
                {
                    self.report(
                        rules::ANSWER_KEY,
                        t.pos,
                        format!("question `{qid}`: tolerance {} is not a distance", t.value),
                        "write how far from `exact` an answer may be, as 0 or a positive number",
                    );
                }
                if let (Some(min), Some(max)) = (&q.min, &q.max)
                    && min.value > max.value
                {
                    self.report(
                        rules::ANSWER_KEY,
                        min.pos,
                        format!(
                            "question `{qid}`: min {} is greater than max {}",
                            min.value, max.value
                        ),
                        "swap the two values",
                    );
                }
            }
            QuestionType::TrueFalse => {}
        }
        if let Some(fb) = &q.feedback {
            for (name, text) in [
                ("correct", &fb.correct),
                ("incorrect", &fb.incorrect),
                ("neutral", &fb.neutral),
            ] {
                if let Some(t) = text {
                    self.markdown(t, &format!("{name} feedback of question `{qid}`"));
                }
            }
        }
        let has_wrong_feedback = q.feedback.as_ref().is_some_and(|f| f.incorrect.is_some())
            || q.choices.as_ref().is_some_and(|cs| {
                cs.iter()
                    .filter(|c| !c.correct)
                    .all(|c| c.feedback.is_some())
                    && cs.iter().any(|c| !c.correct)
            });
        if kind.is_scored() && mode != FeedbackMode::None && !has_wrong_feedback {
            self.diags.push(
                Diagnostic::new(
                    rules::QUESTION_FEEDBACK,
                    self.file,
                    Some(q.id.pos),
                    format!("question `{qid}` tells a learner who answers wrongly nothing but \"incorrect\""),
                )
                .hint(format!(
                    "add `feedback: {{incorrect: {{...}}}}` that explains the right answer, or set `feedback: none` on the {what} `{}`",
                    container.value
                )),
            );
        }
    }

    /// Which answer-key fields each type takes; reports the ones that do not belong
    /// and the ones that are missing.
    fn question_fields(&mut self, q: &Question) {
        use QuestionType as T;
        let kind = q.kind.value;
        let present: [(&str, Option<Pos>); 12] = [
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
        ];
        let (allowed, required): (&[&str], &[&str]) = match kind {
            T::SingleChoice | T::MultipleResponse => (&["choices"], &["choices"]),
            T::TrueFalse => (&["answer"], &["answer"]),
            T::FillIn => (
                &["accepted", "case_sensitive", "ignore_diacritics"],
                &["accepted"],
            ),
            T::Matching => (&["pairs"], &["pairs"]),
            T::Sequencing => (&["items"], &["items"]),
            T::Numeric => (&["exact", "min", "max", "tolerance"], &[]),
            T::Likert => (&["scale"], &["scale"]),
        };
        let qid = &q.id.value;
        let type_name = kind.name();
        for (name, pos) in present {
            if let Some(pos) = pos
                && !allowed.contains(&name)
            {
                self.report(
                    rules::QUESTION_FIELD,
                    pos,
                    format!("`{name}` does not belong to a {type_name} question (`{qid}`)"),
                    format!("a {type_name} question takes: {}", allowed.join(", ")),
                );
            }
        }
        for name in required {
            if present.iter().any(|(n, p)| n == name && p.is_none()) {
                self.report(
                    rules::QUESTION_FIELD,
                    q.kind.pos,
                    format!("{type_name} question `{qid}` has no `{name}`"),
                    format!("add `{name}:` with the answer key (see the authoring guide)"),
                );
            }
        }
        if kind == T::Numeric {
            let (exact, min, max) = (q.exact.is_some(), q.min.is_some(), q.max.is_some());
            let ok = (exact && !min && !max) || (!exact && min && max && q.tolerance.is_none());
            if !ok {
                self.report(
                    rules::QUESTION_FIELD,
                    q.kind.pos,
                    format!(
                        "numeric question `{qid}` needs either `exact` or both `min` and `max`"
                    ),
                    "write `exact: 2015` (with `tolerance:` if near answers count) for one right value, or `min:` and `max:` for a range",
                );
            }
        }
        if kind == T::Likert {
            if let Some(w) = &q.weight {
                self.report(
                    rules::QUESTION_FIELD,
                    w.pos,
                    format!("likert question `{qid}` is never scored, so it takes no `weight`"),
                    "remove `weight:`",
                );
            }
            if let Some(fb) = &q.feedback
                && let Some(t) = fb.correct.as_ref().or(fb.incorrect.as_ref())
            {
                self.report(
                    rules::QUESTION_FIELD,
                    t.0.pos,
                    format!("likert question `{qid}` has no right or wrong answer"),
                    "use `feedback: {neutral: ...}` instead of correct/incorrect",
                );
            }
        } else if let Some(neutral) = q.feedback.as_ref().and_then(|f| f.neutral.as_ref()) {
            self.report(
                rules::QUESTION_FIELD,
                neutral.0.pos,
                format!("`neutral` feedback is for likert questions, not {type_name} (`{qid}`)"),
                "use `correct:` and `incorrect:` feedback",
            );
        }
    }

    fn choices(&mut self, q: &Question, choices: &Located<Vec<Choice>>) {
        let qid = q.id.value.as_str();
        self.option_count(qid, choices.pos, choices.len(), 2, "choices");
        let mut seen = HashMap::new();
        for choice in choices.iter() {
            self.local_id(qid, &choice.id, &mut seen);
            self.markdown(
                &choice.text,
                &format!("choice `{}` of `{qid}`", choice.id.value),
            );
            if let Some(fb) = &choice.feedback {
                self.markdown(
                    fb,
                    &format!("feedback of choice `{}` in `{qid}`", choice.id.value),
                );
            }
        }
        let correct = choices.iter().filter(|c| c.correct).count();
        match q.kind.value {
            QuestionType::SingleChoice if correct != 1 => self.report(
                rules::ANSWER_KEY,
                choices.pos,
                format!("single-choice question `{qid}` has {correct} correct choices; it needs exactly 1"),
                "mark exactly one choice `correct: true`, or make it a multiple-response question",
            ),
            QuestionType::MultipleResponse if correct == 0 => self.report(
                rules::ANSWER_KEY,
                choices.pos,
                format!("multiple-response question `{qid}` has no correct choice"),
                "mark at least one choice `correct: true`",
            ),
            _ => {}
        }
    }

    fn items(&mut self, qid: &str, items: &Located<Vec<Item>>, what: &str) {
        self.option_count(qid, items.pos, items.len(), 2, what);
        let mut seen = HashMap::new();
        for item in items.iter() {
            self.local_id(qid, &item.id, &mut seen);
            self.text(&item.text, &format!("item `{}` of `{qid}`", item.id.value));
        }
    }

    fn accepted(&mut self, qid: &str, accepted: &Localized<Vec<String>>) {
        self.localized(accepted, &format!("accepted answers of `{qid}`"));
        for (lang, answers) in accepted.0.iter() {
            if answers.is_empty() {
                self.report(
                    rules::ANSWER_KEY,
                    answers.pos,
                    format!("fill-in question `{qid}` accepts no answer in `{lang}`"),
                    "list at least one accepted answer",
                );
            }
            for answer in answers.iter() {
                self.string_limits(
                    answer,
                    answers.pos,
                    &format!("an accepted answer of `{qid}` in `{lang}`"),
                );
                if answer.trim().is_empty() {
                    self.report(
                        rules::ANSWER_KEY,
                        answers.pos,
                        format!("fill-in question `{qid}` accepts an empty answer in `{lang}`"),
                        "remove the empty entry",
                    );
                } else if answer.chars().count() > MAX_SCORM12_RESPONSE {
                    self.report(
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

    fn option_count(&mut self, qid: &str, pos: Pos, n: usize, min: usize, what: &str) {
        if n < min {
            self.report(
                rules::ANSWER_KEY,
                pos,
                format!("question `{qid}` has {n} {what}; it needs at least {min}"),
                format!("add {what}"),
            );
        } else if n > MAX_SCORM12_OPTIONS {
            self.report(
                rules::LIMIT_SCORM12_CHOICES,
                pos,
                format!("question `{qid}` has {n} {what}; SCORM 1.2 can report at most {MAX_SCORM12_OPTIONS}"),
                "split the question, or remove options",
            );
        }
    }
}
