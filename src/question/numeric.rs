//! Numeric: a number, right when it equals `exact` (within `tolerance`) or
//! lies in `min ..= max`.

use crate::course::check::Checker;
use crate::course::rules;
use crate::render::state::{ESCAPE_MAX, NUMERIC_MAX};
use super::{DataPart, Fields, KeyData, Kind, KeyError, Number, NumericKey, Texts, ViewPart};
use crate::course::model::{Question, QuestionType};

/// The right value or range.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Numeric {
    /// One value; answers at most `tolerance` from it are right.
    Exact { exact: f64, tolerance: f64 },
    /// Every value from `min` to `max`.
    Range { min: f64, max: f64 },
}

/// The registry names every type's key `Key`.
pub type Key<'q> = Numeric;

impl<'q> Kind<'q> for Numeric {
    const TYPE: QuestionType = QuestionType::Numeric;
    const FIELDS: Fields = Fields {
        allowed: &["exact", "min", "max", "tolerance"],
        required: &[],
    };

    /// Either `exact` (with an optional `tolerance`) or `min` and `max`.
    fn check_fields(q: &Question, c: &mut Checker) {
        let (exact, min, max) = (q.exact.is_some(), q.min.is_some(), q.max.is_some());
        let ok = (exact && !min && !max) || (!exact && min && max && q.tolerance.is_none());
        if !ok {
            c.report(
                rules::QUESTION_FIELD,
                q.kind.pos,
                format!(
                    "numeric question `{}` needs either `exact` or both `min` and `max`",
                    q.id.value
                ),
                "write `exact: 2015` (with `tolerance:` if near answers count) for one right value, or `min:` and `max:` for a range",
            );
        }
    }

    fn check(q: &Question, c: &mut Checker) {
        let qid = &q.id.value;
        if let Some(t) = &q.tolerance
            && !(t.value.is_finite() && t.value >= 0.0)
        {
            c.report(
                rules::ANSWER_KEY,
                t.pos,
                format!("question `{qid}`: tolerance {} is not a distance", t.value),
                "write how far from `exact` an answer may be, as 0 or a positive number",
            );
        }
        if let (Some(min), Some(max)) = (&q.min, &q.max)
            && min.value > max.value
        {
            c.report(
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

    fn key(q: &'q Question) -> Result<Self, KeyError> {
        match (&q.exact, &q.min, &q.max) {
            (Some(e), _, _) => Ok(Numeric::Exact {
                exact: e.value,
                tolerance: q.tolerance.as_ref().map_or(0.0, |t| t.value),
            }),
            (None, Some(min), Some(max)) => Ok(Numeric::Range {
                min: min.value,
                max: max.value,
            }),
            _ => Err(KeyError::Invalid {
                question: q.id.value.clone(),
                problem: "it needs either `exact` or both `min` and `max`".to_string(),
            }),
        }
    }

    fn authored_ids(&self) -> Vec<&'q str> {
        Vec::new()
    }

    /// The text, cut to the input's length, every code unit escaped at worst.
    fn response_worst(_options: usize) -> usize {
        NUMERIC_MAX * ESCAPE_MAX
    }

    fn view(&self, _cx: &dyn Texts, _dom: &str) -> ViewPart {
        let mut part = ViewPart::new("text", "hint_numeric");
        part.numeric = true;
        part
    }

    /// With a tolerance, the range `exact - tolerance ..= exact + tolerance`,
    /// which every target already reports.
    fn data(&self, _cx: &dyn Texts) -> DataPart<'q> {
        let key = match *self {
            Numeric::Exact { exact, tolerance } if tolerance > 0.0 && tolerance.is_finite() => {
                KeyData::Numeric(NumericKey::Range {
                    max: Number(exact + tolerance),
                    min: Number(exact - tolerance),
                })
            }
            Numeric::Exact { exact, .. } => KeyData::Numeric(NumericKey::Exact {
                exact: Number(exact),
            }),
            Numeric::Range { min, max } => KeyData::Numeric(NumericKey::Range {
                max: Number(max),
                min: Number(min),
            }),
        };
        DataPart::new(Vec::new(), key)
    }
}
