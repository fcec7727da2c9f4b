//! Learning objectives and quota draws: which questions serve a lesson or an
//! objective, how many questions an attempt shows, and the checks on both.
//!
//! A question serves objective `o` when it names `o` in `objectives`; it
//! serves lesson `l` when it names one of `l`'s objectives. A quota
//! `{from, count}` draws `count` questions from the scored questions that
//! serve `from` and were not drawn by an earlier quota; likert questions are
//! always shown, after the drawn ones, and never counted.

use super::model::{Assessment, Course, Draw, Question, Quota};
use super::rules;
use crate::diag::{Diagnostic, Pos, Rule};
use std::collections::{BTreeSet, HashMap};
use std::path::Path;

/// The objective ids `from` stands for: itself if it is an objective, the
/// objectives of the lesson `from`, or `None` if it is neither.
fn objectives_of<'a>(course: &'a Course, from: &'a str) -> Option<BTreeSet<&'a str>> {
    let is_objective = course
        .objectives
        .iter()
        .flat_map(|os| os.iter())
        .any(|o| o.id.value == from);
    if is_objective {
        return Some(BTreeSet::from([from]));
    }
    course.lessons.iter().find(|l| l.id.value == from).map(|l| {
        l.objectives
            .iter()
            .flatten()
            .map(|o| o.value.as_str())
            .collect()
    })
}

fn serves(q: &Question, objectives: &BTreeSet<&str>) -> bool {
    q.objectives
        .iter()
        .flatten()
        .any(|o| objectives.contains(o.value.as_str()))
}

/// Bank indices of the scored questions that serve `from` (a lesson or objective id).
pub fn pool(course: &Course, a: &Assessment, from: &str) -> Option<Vec<usize>> {
    let objectives = objectives_of(course, from)?;
    Some(
        a.questions
            .iter()
            .enumerate()
            .filter(|(_, q)| q.kind.value.is_scored() && serves(q, &objectives))
            .map(|(i, _)| i)
            .collect(),
    )
}

/// A quota draw resolved to bank indices: each quota's pool with its count,
/// and the questions always shown (likert).
pub struct QuotaPlan {
    pub quotas: Vec<(Vec<usize>, usize)>,
    pub always: Vec<usize>,
}

/// The plan of a quota draw; `None` for a plain count or no draw.
pub fn quota_plan(course: &Course, a: &Assessment) -> Option<QuotaPlan> {
    let Some(Draw::Quotas(quotas)) = a.draw.as_ref().map(|d| &d.value) else {
        return None;
    };
    Some(QuotaPlan {
        quotas: quotas
            .iter()
            .map(|q| {
                (
                    pool(course, a, &q.from.value).unwrap_or_default(),
                    q.count.value as usize,
                )
            })
            .collect(),
        always: a
            .questions
            .iter()
            .enumerate()
            .filter(|(_, q)| !q.kind.value.is_scored())
            .map(|(i, _)| i)
            .collect(),
    })
}

/// How many questions an attempt shows (never more than the bank).
pub fn drawn(course: &Course, a: &Assessment) -> usize {
    let bank = a.questions.len();
    match a.draw.as_ref().map(|d| &d.value) {
        None => bank,
        Some(Draw::Count(n)) => (*n as usize).min(bank),
        Some(Draw::Quotas(_)) => {
            let plan = quota_plan(course, a).map_or(0, |p| {
                let mut taken: BTreeSet<usize> = BTreeSet::new();
                for (pool, count) in &p.quotas {
                    let free: Vec<usize> = pool
                        .iter()
                        .copied()
                        .filter(|i| !taken.contains(i))
                        .collect();
                    taken.extend(free.into_iter().take(*count));
                }
                taken.len() + p.always.len()
            });
            plan.min(bank)
        }
    }
}

/// The checks on objectives and quota draws.
pub fn check(course: &Course, file: &Path) -> Vec<Diagnostic> {
    let mut f = Findings {
        file,
        out: Vec::new(),
    };
    unknown_objectives(course, &mut f);
    unmeasured_objectives(course, &mut f);
    if let Some(a) = &course.assessment {
        quota_draw(course, a, &mut f);
    }
    f.out
}

/// The diagnostics of [`check`], all on the course file.
struct Findings<'a> {
    file: &'a Path,
    out: Vec<Diagnostic>,
}

impl Findings<'_> {
    fn add(&mut self, rule: Rule, pos: Pos, message: String, hint: String) {
        self.out
            .push(Diagnostic::new(rule, self.file, Some(pos), message).hint(hint));
    }
}

/// Every objective a lesson or question names is one the course lists.
fn unknown_objectives(course: &Course, f: &mut Findings) {
    let defined: HashMap<&str, _> = course
        .objectives
        .iter()
        .flat_map(|os| os.iter())
        .map(|o| (o.id.value.as_str(), o.id.pos))
        .collect();
    let known = |id: &str| defined.contains_key(id);
    let listed = || {
        let mut ids: Vec<&str> = defined.keys().copied().collect();
        ids.sort_unstable();
        if ids.is_empty() {
            "the course lists no `objectives:`".to_string()
        } else {
            format!("the course's objectives are: {}", ids.join(", "))
        }
    };
    let lesson_refs = course.lessons.iter().flat_map(|l| {
        l.objectives
            .iter()
            .flatten()
            .map(move |o| (o, format!("lesson `{}`", l.id.value)))
    });
    let check_refs = course
        .lessons
        .iter()
        .filter_map(|l| l.check.as_ref())
        .flat_map(|c| c.questions.iter());
    let bank_refs = course.assessment.iter().flat_map(|a| a.questions.iter());
    let question_refs = check_refs.chain(bank_refs).flat_map(|q| {
        q.objectives
            .iter()
            .flatten()
            .map(move |o| (o, format!("question `{}`", q.id.value)))
    });
    for (o, owner) in lesson_refs.chain(question_refs) {
        if !known(&o.value) {
            f.add(
                rules::OBJECTIVE_UNKNOWN,
                o.pos,
                format!(
                    "{owner} names the objective `{}`, which the course does not list",
                    o.value
                ),
                format!("use one of the course's objective ids ({})", listed()),
            );
        }
    }
}

/// Every objective is measured by at least one scored question.
fn unmeasured_objectives(course: &Course, f: &mut Findings) {
    let measured: BTreeSet<&str> = course
        .lessons
        .iter()
        .filter_map(|l| l.check.as_ref())
        .flat_map(|c| c.questions.iter())
        .chain(course.assessment.iter().flat_map(|a| a.questions.iter()))
        .filter(|q| q.kind.value.is_scored())
        .flat_map(|q| q.objectives.iter().flatten().map(|o| o.value.as_str()))
        .collect();
    for o in course.objectives.iter().flat_map(|os| os.iter()) {
        if !measured.contains(o.id.value.as_str()) {
            f.add(
                rules::OBJECTIVE_UNMEASURED,
                o.id.pos,
                format!("no scored question measures the objective `{}`", o.id.value),
                format!(
                    "add `objectives: [{}]` to a question that tests it, or drop the objective",
                    o.id.value
                ),
            );
        }
    }
}

/// A draw by quotas: each quota can be met, and covers the lessons.
fn quota_draw(course: &Course, a: &Assessment, f: &mut Findings) {
    let Some(Draw::Quotas(quotas)) = a.draw.as_ref().map(|d| &d.value) else {
        return;
    };
    if quotas.is_empty() {
        if let Some(d) = &a.draw {
            f.add(
                rules::ASSESSMENT_DRAW,
                d.pos,
                "the draw lists no quotas".to_string(),
                "add `{from: <lesson or objective id>, count: <n>}` entries, or write a number"
                    .to_string(),
            );
        }
        return;
    }
    quota_counts(course, a, quotas, f);
    lessons_covered(course, a, quotas, f);
}

/// Each quota names a lesson or objective and can draw its count from
/// questions no earlier quota takes.
fn quota_counts(course: &Course, a: &Assessment, quotas: &[Quota], f: &mut Findings) {
    // Worst case: earlier quotas take every question they share with a later one.
    let mut earlier: BTreeSet<usize> = BTreeSet::new();
    for q in quotas {
        let Some(pool) = pool(course, a, &q.from.value) else {
            f.add(
                rules::ASSESSMENT_DRAW,
                q.from.pos,
                format!(
                    "the draw takes questions from `{}`, which is neither a lesson nor an objective",
                    q.from.value
                ),
                "write the id of a lesson or of one of the course's objectives".to_string(),
            );
            continue;
        };
        let count = q.count.value as usize;
        let own = pool.iter().filter(|i| !earlier.contains(i)).count();
        if count == 0 {
            f.add(
                rules::ASSESSMENT_DRAW,
                q.count.pos,
                format!("the quota from `{}` draws no question", q.from.value),
                "draw at least 1, or remove the quota".to_string(),
            );
        } else if own < count {
            f.add(
                rules::ASSESSMENT_DRAW,
                q.count.pos,
                format!(
                    "the quota from `{}` draws {count} but only {own} scored question{} in the bank serve{} it{}",
                    q.from.value,
                    if own == 1 { "" } else { "s" },
                    if own == 1 { "s" } else { "" },
                    if own < pool.len() {
                        " and are not drawn by an earlier quota"
                    } else {
                        ""
                    }
                ),
                format!(
                    "lower `count:` to at most {own}, or give more questions `objectives:` that serve `{}`",
                    q.from.value
                ),
            );
        }
        earlier.extend(pool);
    }
}

/// A draw by lesson leaves no lesson with objectives unmeasured.
fn lessons_covered(course: &Course, a: &Assessment, quotas: &[Quota], f: &mut Findings) {
    for l in course.lessons.iter() {
        let objs: BTreeSet<&str> = l
            .objectives
            .iter()
            .flatten()
            .map(|o| o.value.as_str())
            .collect();
        if objs.is_empty() {
            continue;
        }
        let covered = quotas.iter().any(|q| {
            objectives_of(course, &q.from.value).is_some_and(|set| !set.is_disjoint(&objs))
        });
        if !covered {
            f.add(
                rules::ASSESSMENT_DRAW,
                a.draw.as_ref().map_or(a.questions.pos, |d| d.pos),
                format!("no quota of the draw measures lesson `{}`", l.id.value),
                format!("add `{{from: {}, count: 1}}` to the draw", l.id.value),
            );
        }
    }
}

/// The draw as the resume state's fingerprint hashes it: the count as before
/// (`0` for no draw), or `from:count` per quota.
pub fn draw_fingerprint(a: &Assessment) -> String {
    match a.draw.as_ref().map(|d| &d.value) {
        None => "0".to_string(),
        Some(Draw::Count(n)) => n.to_string(),
        Some(Draw::Quotas(qs)) => qs
            .iter()
            .map(|q| format!("{}:{}", q.from.value, q.count.value))
            .collect::<Vec<_>>()
            .join(","),
    }
}
