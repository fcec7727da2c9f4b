//! Checks on the assessment and its questions.

use super::Checker;
use crate::course::ids::{self, MAX_INTERACTION_ID_LEN};
use crate::course::located::Located;
use crate::course::model::*;
use crate::course::rules;
use crate::diag::Diagnostic;

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
        crate::question::checks::fields(self, q);
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
        crate::question::check_kind(q, self);
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
}
