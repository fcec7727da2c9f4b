//! Question types: one module per type, one registry line each.
//!
//! The course model keeps a question flat (`course::model::Question`, one
//! optional field per answer-key part, which is what YAML and the JSON Schema
//! want). After `check`, each question becomes an [`AnswerKey`]: an enum with
//! one variant per type that holds exactly that type's answer key. The
//! renderers and the resume-state sizing read the key, never the optional
//! fields.
//!
//! Each type's module implements [`Kind`] for its key: the field checks
//! (`check`), the conversion from a checked question (`key`), its part of the
//! page (`view`) and of the player data (`data`), and its size in the resume
//! state (`options`, `response_worst`). Adding a type is a module here, one
//! line in the `registry!` call below, and the player's JavaScript module
//! (see `templates/README.md`, "Adding a question type").

use crate::course::check::Checker;
use crate::course::ids::interaction_id;
use crate::course::model::{Choice, Course, FeedbackMode, Localized, Question, Text};
use crate::render::markdown::{self, Mode};
use crate::render::state::{FILL_IN_MAX, NUMERIC_MAX};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Longest prompt or option label reported to an LMS.
pub const PROMPT_MAX: usize = 250;

/// What one question type provides. Implemented by each type's key.
pub(crate) trait Kind<'q>: Sized {
    /// The type this module handles.
    #[cfg_attr(not(test), allow(dead_code))]
    const TYPE: QuestionType;
    /// Whether answers to this type count towards a score.
    const SCORED: bool = true;
    /// The answer-key fields this type takes, and those it requires.
    const FIELDS: Fields;
    /// Rules on which of its fields a question of this type writes together,
    /// beyond `FIELDS` (run right after the fields are checked).
    fn check_fields(_q: &Question, _c: &mut Checker) {}
    /// This type's checks of the values of its answer key.
    fn check(q: &Question, c: &mut Checker);
    /// The answer key of a question of this type. Never fails for a checked
    /// question.
    fn key(q: &'q Question) -> Result<Self, KeyError>;
    /// The ids of the options the author wrote (choices, pairs, items, scale
    /// points), in their YAML order: what resume-state positions refer to.
    fn authored_ids(&self) -> Vec<&'q str>;
    /// The longest response (without the `!` mark) the resume state can
    /// hold for a question of this type with `options` options.
    fn response_worst(options: usize) -> usize;
    /// This type's part of the page context.
    fn view(&self, cx: &dyn Texts, dom: &str) -> ViewPart;
    /// This type's part of the player data.
    fn data(&self, cx: &dyn Texts) -> DataPart<'q>;
}

/// Which answer-key fields a type takes (`allowed`) and needs (`required`).
pub struct Fields {
    pub allowed: &'static [&'static str],
    pub required: &'static [&'static str],
}

/// Why a question has no answer key: only for a course that did not pass
/// `check` (which reports the same fault at the question).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KeyError {
    #[error(
        "{kind} question `{question}` has no `{field}`; run `coursepack check` and fix what it reports"
    )]
    Missing {
        question: String,
        kind: &'static str,
        field: &'static str,
    },
    #[error(
        "question `{question}` has no valid answer key ({problem}); run `coursepack check` and fix what it reports"
    )]
    Invalid { question: String, problem: String },
}

/// A choice question's choices, for its key.
pub(crate) fn choices_of(q: &Question) -> Result<&[Choice], KeyError> {
    q.choices
        .as_ref()
        .map(|c| c.value.as_slice())
        .ok_or_else(|| KeyError::missing(q, "choices"))
}

impl KeyError {
    pub(crate) fn missing(q: &Question, field: &'static str) -> Self {
        KeyError::Missing {
            question: q.id.value.clone(),
            kind: q.kind.value.name(),
            field,
        }
    }
}

/// What the question modules need from the page builder: texts in the
/// package language, markdown as safe HTML, the interface strings.
pub trait Texts {
    /// A text in the package language.
    fn text(&self, v: &Text) -> String;
    /// A markdown text in the package language, as safe HTML.
    fn html(&self, v: &Text, mode: Mode) -> String;
    /// An interface string.
    fn t(&self, key: &str) -> String;
    /// An interface string with its `{placeholders}` filled.
    fn tf(&self, key: &str, values: &[(&str, &str)]) -> String;
    /// A list given per language (fill-in's accepted answers), in the
    /// package language.
    fn list(&self, v: &Localized<Vec<String>>) -> Vec<String>;
    /// A text as a plain-text label for an LMS (at most [`PROMPT_MAX`]
    /// characters).
    fn label(&self, v: &Text) -> String {
        markdown::truncate_chars(&markdown::plain_text(&self.text(v)), PROMPT_MAX)
    }
}

macro_rules! registry {
    ($($(#[$doc:meta])* $variant:ident = $name:literal => $module:ident),* $(,)?) => {
        $(pub mod $module;)*

        // The type of a question (`type:` in course.yaml). No doc comment:
        // it would change the JSON Schema.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
        #[serde(rename_all = "kebab-case")]
        pub enum QuestionType {
            $($(#[$doc])* $variant,)*
        }

        impl QuestionType {
            /// Every question type, in registry order.
            pub const ALL: &[QuestionType] = &[$(QuestionType::$variant,)*];

            /// The name course.yaml uses (and the player data carries).
            pub fn name(self) -> &'static str {
                match self {
                    $(QuestionType::$variant => $name,)*
                }
            }

            /// Whether answers to this type count towards a score.
            pub fn is_scored(self) -> bool {
                match self {
                    $(QuestionType::$variant => <$module::Key<'_> as Kind<'_>>::SCORED,)*
                }
            }
        }

        /// A checked question's answer key: one variant per question type.
        #[derive(Debug, Clone)]
        pub enum AnswerKey<'q> {
            $($variant($module::Key<'q>),)*
        }

        impl<'q> AnswerKey<'q> {
            /// The answer key of `q`, which must have passed `check`.
            pub fn new(q: &'q Question) -> Result<Self, KeyError> {
                Ok(match q.kind.value {
                    $(QuestionType::$variant => AnswerKey::$variant(<$module::Key<'q> as Kind<'q>>::key(q)?),)*
                })
            }

            pub fn authored_ids(&self) -> Vec<&'q str> {
                match self {
                    $(AnswerKey::$variant(k) => k.authored_ids(),)*
                }
            }

            fn view(&self, cx: &dyn Texts, dom: &str) -> ViewPart {
                match self {
                    $(AnswerKey::$variant(k) => k.view(cx, dom),)*
                }
            }

            fn data(&self, cx: &dyn Texts) -> DataPart<'q> {
                match self {
                    $(AnswerKey::$variant(k) => k.data(cx),)*
                }
            }
        }

        /// The type's own rules on which fields are written together.
        pub(crate) fn check_fields(q: &Question, c: &mut Checker) {
            match q.kind.value {
                $(QuestionType::$variant => <$module::Key<'_> as Kind<'_>>::check_fields(q, c),)*
            }
        }

        /// The type's own checks of the values of `q`'s answer key.
        pub(crate) fn check_kind(q: &Question, c: &mut Checker) {
            match q.kind.value {
                $(QuestionType::$variant => <$module::Key<'_> as Kind<'_>>::check(q, c),)*
            }
        }

        /// The answer-key fields `kind` takes and needs.
        pub(crate) fn fields(kind: QuestionType) -> &'static Fields {
            match kind {
                $(QuestionType::$variant => &<$module::Key<'_> as Kind<'_>>::FIELDS,)*
            }
        }

        /// The longest response of a question of type `kind` with `options`
        /// options.
        pub(crate) fn response_worst(kind: QuestionType, options: usize) -> usize {
            match kind {
                $(QuestionType::$variant => <$module::Key<'_> as Kind<'_>>::response_worst(options),)*
            }
        }

        /// The type each module says it handles, in registry order (the
        /// registry test compares it with `QuestionType::ALL`).
        #[cfg(test)]
        pub(crate) const REGISTERED: &[QuestionType] = &[
            $(<$module::Key<'static> as Kind<'static>>::TYPE,)*
        ];
    };
}

pub(crate) mod checks;

// The question types: `Variant = "name in course.yaml" => module`. A doc
// comment on a line goes into the JSON Schema.
registry! {
    SingleChoice = "single-choice" => single_choice,
    MultipleResponse = "multiple-response" => multiple_response,
    TrueFalse = "true-false" => true_false,
    FillIn = "fill-in" => fill_in,
    Matching = "matching" => matching,
    Sequencing = "sequencing" => sequencing,
    Numeric = "numeric" => numeric,
    /// A survey scale; never scored.
    Likert = "likert" => likert,
}

impl AnswerKey<'_> {
    /// How many options (choices, pairs, items, scale points, true/false) it has.
    pub fn option_count(&self) -> usize {
        match self {
            AnswerKey::TrueFalse(_) => 2,
            k => k.authored_ids().len(),
        }
    }
}

/// The longest entry a question can have in the resume state: its response
/// and the `!` that marks it checked. Also for a question that did not pass
/// `check` (the state limit is checked with the rest): one without an answer
/// key counts as its type with no options.
pub fn entry_worst(q: &Question) -> usize {
    let options = AnswerKey::new(q).map_or(0, |k| k.option_count());
    response_worst(q.kind.value, options) + 1
}

/// A question and its answer key.
#[derive(Debug, Clone)]
pub struct Keyed<'q> {
    pub question: &'q Question,
    pub key: AnswerKey<'q>,
}

impl<'q> Keyed<'q> {
    fn new(question: &'q Question) -> Result<Self, KeyError> {
        Ok(Keyed {
            question,
            key: AnswerKey::new(question)?,
        })
    }
}

/// The answer keys of a checked course, made once per rendering.
#[derive(Debug, Clone, Default)]
pub struct Keys<'c> {
    /// Per lesson, the questions of its knowledge check (empty without one).
    checks: Vec<Vec<Keyed<'c>>>,
    assessment: Vec<Keyed<'c>>,
}

impl<'c> Keys<'c> {
    /// The keys of every question of `course`, which must have passed `check`.
    pub fn new(course: &'c Course) -> Result<Self, KeyError> {
        let keyed = |qs: &'c [Question]| qs.iter().map(Keyed::new).collect::<Result<Vec<_>, _>>();
        let checks = course
            .lessons
            .iter()
            .map(|l| {
                l.check
                    .as_ref()
                    .map_or(Ok(Vec::new()), |c| keyed(&c.questions))
            })
            .collect::<Result<Vec<_>, _>>()?;
        let assessment = course
            .assessment
            .as_ref()
            .map_or(Ok(Vec::new()), |a| keyed(&a.questions))?;
        Ok(Keys { checks, assessment })
    }

    /// The questions of lesson `lesson`'s knowledge check.
    pub fn check(&self, lesson: usize) -> &[Keyed<'c>] {
        self.checks.get(lesson).map_or(&[], Vec::as_slice)
    }

    /// The assessment's question bank.
    pub fn assessment(&self) -> &[Keyed<'c>] {
        &self.assessment
    }

    /// Every question, checks first (in lesson order), then the bank.
    pub fn all(&self) -> impl Iterator<Item = &Keyed<'c>> {
        self.checks.iter().flatten().chain(&self.assessment)
    }
}

// ---- the page context ------------------------------------------------------

/// Where a question is shown: its check or assessment and its place there.
pub struct Place<'a> {
    /// The id of the check or assessment.
    pub container: &'a str,
    pub index: usize,
    /// How many questions a learner sees there.
    pub total: usize,
    pub mode: FeedbackMode,
    pub in_assessment: bool,
}

/// A choice-like option of the page (a choice, true/false, a scale point).
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct OptionView {
    /// Its element id.
    pub dom: String,
    /// Its text as HTML.
    pub html: String,
    /// The option's id (`true` and `false` for true/false).
    pub id: String,
}

/// A matching pair of the page.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct PairView {
    /// Its element id.
    pub dom: String,
    /// The pair's id.
    pub id: String,
    /// The text to match.
    pub source: String,
    /// The text it matches.
    pub target: String,
}

/// A sequencing item of the page.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct ItemView {
    /// Its element id.
    pub dom: String,
    /// The label of the button that moves it down.
    pub down_label: String,
    /// The item's id.
    pub id: String,
    /// Its text.
    pub text: String,
    /// The label of the button that moves it up.
    pub up_label: String,
}

/// Feedback shown when one choice is selected.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct ChoiceFeedback {
    /// The feedback as HTML.
    pub html: String,
    /// The id of the choice it belongs to.
    pub id: String,
}

/// A question's overall feedback.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct FeedbackView {
    /// Shown after a right answer, as HTML, or null.
    pub correct_html: Option<String>,
    /// Shown after a wrong answer, as HTML, or null.
    pub incorrect_html: Option<String>,
    /// Shown after any answer, as HTML, or null.
    pub neutral_html: Option<String>,
}

/// What a type contributes to its question's page context.
#[derive(Debug, Clone)]
pub struct ViewPart {
    /// The kind of input (`radio`, `checkbox`, `text`, `matching`, `sequencing`).
    pub control: &'static str,
    /// The interface string that tells a learner how to answer.
    pub hint: &'static str,
    pub options: Vec<OptionView>,
    pub pairs: Vec<PairView>,
    pub items: Vec<ItemView>,
    pub choice_feedback: Vec<ChoiceFeedback>,
    /// A numeric text input (else a fill-in one, where the type has one).
    pub numeric: bool,
}

impl ViewPart {
    pub(crate) fn new(control: &'static str, hint: &'static str) -> Self {
        ViewPart {
            control,
            hint,
            options: Vec::new(),
            pairs: Vec::new(),
            items: Vec::new(),
            choice_feedback: Vec::new(),
            numeric: false,
        }
    }
}

/// A question of a check or of the assessment, in the page context. Fields
/// are in the order of their names, as the JSON writes them.
#[derive(Debug, Clone, Serialize, JsonSchema)]
#[schemars(rename = "QuestionView")]
pub struct View {
    /// The label of the question's check button, or null when it has none.
    pub button: Option<String>,
    /// The feedback of the choices that have some (single-choice, multiple-response).
    pub choice_feedback: Vec<ChoiceFeedback>,
    /// The kind of input: `radio`, `checkbox`, `text`, `matching` or `sequencing`.
    pub control: &'static str,
    /// Its element id.
    pub dom: String,
    /// Its overall feedback.
    pub feedback: FeedbackView,
    /// How to answer ("Choose one answer").
    pub hint: String,
    /// The question's id.
    pub id: String,
    /// Its interaction id (see "The tracking contract").
    pub interaction_id: String,
    /// Its items (sequencing; else empty).
    pub items: Vec<ItemView>,
    /// The longest answer its text input takes.
    pub maxlength: usize,
    /// "Question 2 of 5".
    pub number_text: String,
    /// Whether its text input takes a number (numeric) rather than words (fill-in).
    pub numeric: bool,
    /// Its options (choices, true/false, scale points; else empty).
    pub options: Vec<OptionView>,
    /// Its pairs (matching; else empty).
    pub pairs: Vec<PairView>,
    /// Its prompt as HTML.
    pub prompt_html: String,
    /// The label of its text input.
    pub text_label: String,
    /// Its type, as in course.yaml.
    #[serde(rename = "type")]
    pub kind: &'static str,
}

/// The page context of question `k` at `place`, with DOM id `dom`.
pub fn view(cx: &dyn Texts, k: &Keyed, place: &Place, dom: String) -> View {
    let q = k.question;
    let part = k.key.view(cx, &dom);
    let fb = q.feedback.as_ref();
    let opt_html = |t: Option<&Text>| t.map(|t| cx.html(t, Mode::Block));
    let button = match (place.in_assessment, place.mode) {
        (_, FeedbackMode::AtEnd) | (true, FeedbackMode::None) => None,
        (false, FeedbackMode::None) => Some(cx.t("save_answer")),
        (_, FeedbackMode::Immediate) => Some(cx.t("check_answer")),
    };
    let (maxlength, text_label) = if part.numeric {
        (NUMERIC_MAX, cx.t("numeric_label"))
    } else {
        (FILL_IN_MAX, cx.t("answer_label"))
    };
    View {
        button,
        choice_feedback: part.choice_feedback,
        control: part.control,
        dom,
        feedback: FeedbackView {
            correct_html: opt_html(fb.and_then(|f| f.correct.as_ref())),
            incorrect_html: opt_html(fb.and_then(|f| f.incorrect.as_ref())),
            neutral_html: opt_html(fb.and_then(|f| f.neutral.as_ref())),
        },
        hint: cx.t(part.hint),
        id: q.id.value.clone(),
        interaction_id: interaction_id(place.container, &q.id),
        items: part.items,
        maxlength,
        number_text: cx.tf(
            "question_n",
            &[
                ("n", &(place.index + 1).to_string()),
                ("total", &place.total.to_string()),
            ],
        ),
        numeric: part.numeric,
        options: part.options,
        pairs: part.pairs,
        prompt_html: cx.html(&q.prompt, Mode::Inline),
        text_label,
        kind: q.kind.value.name(),
    }
}

// ---- the player data -------------------------------------------------------

pub(crate) use crate::render::contract::{Number, NumericKey};

/// The answer key as the player reads it (`key` in the player data).
#[derive(Debug, Clone, Serialize, JsonSchema)]
#[serde(untagged)]
pub enum KeyData<'q> {
    /// An array of string: the ids of the right choices (single-choice,
    /// multiple-response).
    Ids(Vec<&'q str>),
    /// A boolean: the right answer (true-false).
    Bool(bool),
    /// An array of string: the accepted answers in the package language
    /// (fill-in).
    Texts(Vec<String>),
    /// An object: one value or a range (numeric; see "A numeric question's
    /// key" below).
    Numeric(NumericKey),
    /// Null: the order of the options is the key (matching: each source's
    /// own target; sequencing: course order), or there is none (likert).
    None,
}

/// What a type contributes to its question's player data.
#[derive(Debug, Clone)]
pub struct DataPart<'q> {
    /// The ids of the options, in YAML order.
    pub options: Vec<&'q str>,
    pub key: KeyData<'q>,
    /// Plain-text labels parallel to `options` (and the matching targets),
    /// for standards that describe an interaction's options (xAPI's
    /// `choices`, `source`, `target`, `steps`, `scale`).
    pub labels: Vec<String>,
    pub targets: Vec<String>,
    pub case_sensitive: bool,
    pub ignore_diacritics: bool,
}

impl<'q> DataPart<'q> {
    pub(crate) fn new(options: Vec<&'q str>, key: KeyData<'q>) -> Self {
        DataPart {
            options,
            key,
            labels: Vec::new(),
            targets: Vec::new(),
            case_sensitive: false,
            ignore_diacritics: false,
        }
    }
}

/// A question of a check or of the assessment, in the player data. Fields
/// are in the order of their names, as the JSON writes them.
#[derive(Debug, Clone, Serialize, JsonSchema)]
#[schemars(rename = "QuestionData")]
pub struct Data<'q> {
    /// Whether fill-in answers must match in case.
    #[serde(rename = "caseSensitive")]
    pub case_sensitive: bool,
    /// The question's id.
    pub id: &'q str,
    /// Whether fill-in answers match with or without accents.
    #[serde(rename = "ignoreDiacritics")]
    pub ignore_diacritics: bool,
    /// Its interaction id.
    pub iid: String,
    /// Its answer key.
    pub key: KeyData<'q>,
    /// The options' plain texts, parallel to `options` (matching: the pairs' sources).
    pub labels: Vec<String>,
    /// The ids of the objectives the question names, as written (it serves exactly these; README "Learning objectives and fair draws").
    pub objectives: Vec<&'q str>,
    /// The ids of its choices, pairs, items or scale points, in course order.
    pub options: Vec<&'q str>,
    /// Its prompt as plain text, at most 250 characters.
    pub prompt: String,
    /// Its own shuffle setting, or null: the check's or assessment's.
    pub shuffle: Option<bool>,
    /// Matching: the pairs' target texts; else empty.
    pub targets: Vec<String>,
    /// Its type, as in course.yaml.
    #[serde(rename = "type")]
    pub kind: &'static str,
    /// Its weight in the score (0 for likert).
    pub weight: u32,
}

/// The player data of question `k` in the check or assessment `container`.
pub fn data<'q>(cx: &dyn Texts, k: &Keyed<'q>, container: &str) -> Data<'q> {
    let q = k.question;
    let kind = q.kind.value;
    let part = k.key.data(cx);
    Data {
        case_sensitive: part.case_sensitive,
        id: &q.id.value,
        ignore_diacritics: part.ignore_diacritics,
        iid: interaction_id(container, &q.id),
        key: part.key,
        labels: part.labels,
        objectives: q
            .objectives
            .iter()
            .flatten()
            .map(|o| o.value.as_str())
            .collect(),
        options: part.options,
        prompt: cx.label(&q.prompt),
        shuffle: q.shuffle.as_ref().map(|s| s.value),
        targets: part.targets,
        kind: kind.name(),
        weight: if kind.is_scored() {
            q.weight.as_ref().map_or(1, |w| w.value)
        } else {
            0
        },
    }
}

// ---- shared by the choice types --------------------------------------------

/// The choices of a single-choice or multiple-response question as page
/// options, and the feedback of those that have some.
pub(crate) fn choices_view(cx: &dyn Texts, choices: &[Choice], dom: &str, part: &mut ViewPart) {
    part.options = choices
        .iter()
        .enumerate()
        .map(|(i, c)| OptionView {
            dom: format!("{dom}-o{i}"),
            html: cx.html(&c.text, Mode::Inline),
            id: c.id.value.clone(),
        })
        .collect();
    part.choice_feedback = choices
        .iter()
        .filter_map(|c| {
            c.feedback.as_ref().map(|f| ChoiceFeedback {
                html: cx.html(f, Mode::Block),
                id: c.id.value.clone(),
            })
        })
        .collect();
}

/// The choices of a question as player data: their ids, the right ones and
/// their labels.
pub(crate) fn choices_data<'q>(
    cx: &dyn Texts,
    choices: &'q [Choice],
    correct: impl Iterator<Item = &'q Choice>,
) -> DataPart<'q> {
    let mut part = DataPart::new(
        choices.iter().map(|c| c.id.as_str()).collect(),
        KeyData::Ids(correct.map(|c| c.id.as_str()).collect()),
    );
    part.labels = choices.iter().map(|c| cx.label(&c.text)).collect();
    part
}

/// Options written as `{id, text}` items (sequencing items, likert points).
pub(crate) fn item_ids(items: &[crate::course::model::Item]) -> Vec<&str> {
    items.iter().map(|i| i.id.as_str()).collect()
}

#[cfg(test)]
mod tests;
