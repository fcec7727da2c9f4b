//! The course definition format, as written in `course.yaml`.
//!
//! These types are the single source of truth for the format: the loader
//! deserialises into them, the checker walks them, and `schemas/course.schema.json`
//! is generated from them (`coursepack schema`). Every struct denies unknown keys
//! so a typo is an error that points at the key, never a silently ignored field.
//! Fields that checks point at are `Located`, so a diagnostic names their line
//! and column.

use super::located::Located;
use schemars::JsonSchema;
use serde::Deserialize;
use std::collections::BTreeMap;

/// A learner-facing value in every language of the course: a map from a
/// language tag (`nl`, `en`, `pt-BR`) to the value in that language.
#[derive(Debug, Clone, Deserialize)]
#[serde(transparent)]
pub struct Localized<T>(pub Located<BTreeMap<String, Located<T>>>);

impl<T: JsonSchema> JsonSchema for Localized<T> {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        let inner = T::schema_name();
        if inner == "string" {
            "Text".into()
        } else {
            format!("Localized_{inner}").into()
        }
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let value = generator.subschema_for::<T>();
        schemars::json_schema!({
            "description": "A value in every language of the course: a map from a BCP 47 language tag (`nl`, `en`, `pt-BR`) to the value in that language.",
            "type": "object",
            "minProperties": 1,
            "propertyNames": { "pattern": "^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$" },
            "additionalProperties": value,
        })
    }
}

/// A learner-facing string in every language of the course.
pub type Text = Localized<String>;

impl<T> Localized<T> {
    /// The value in `lang`, if the author wrote one.
    pub fn get(&self, lang: &str) -> Option<&T> {
        self.0.value.get(lang).map(|v| &v.value)
    }
}

/// The whole course: metadata, lessons and the final assessment.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Course {
    /// Stable identifier of the course: lower-case letters, digits, `-` and `_`,
    /// starting with a letter. Never change it between versions: LMSs and
    /// package names key on it.
    #[schemars(regex(pattern = r"^[a-z][a-z0-9_-]{0,127}$"))]
    pub id: Located<String>,
    /// Version of the course content, `MAJOR.MINOR` or `MAJOR.MINOR.PATCH`.
    pub version: Located<String>,
    /// Absolute IRI that identifies the course in xAPI and cmi5 (for example
    /// `https://example.org/courses/digital-skills`). Activity ids of lessons,
    /// pages and questions are derived from it.
    pub iri: Located<String>,
    pub title: Text,
    pub description: Text,
    pub languages: Languages,
    /// The people or organisations who wrote the course.
    pub authors: Located<Vec<Author>>,
    pub license: License,
    /// What a learner can do after the course. Lessons and questions name
    /// the objectives they serve; the start page lists them.
    #[serde(default)]
    pub objectives: Option<Located<Vec<Objective>>>,
    /// When the LMS is told the course is complete.
    pub completion: Located<CompletionRule>,
    pub lessons: Located<Vec<Lesson>>,
    /// The final, scored assessment.
    #[serde(default)]
    pub assessment: Option<Assessment>,
}

/// A learning objective: what a learner can do after the course.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Objective {
    /// Stable id, named by lessons and questions (`objectives: [id]`).
    #[schemars(regex(pattern = r"^[a-z][a-z0-9_-]{0,127}$"))]
    pub id: Located<String>,
    /// The objective as learners read it ("explain how …").
    pub text: Text,
}

/// The languages every learner-facing string must be written in.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Languages {
    /// The language the course was written in (BCP 47 tag, e.g. `nl`).
    pub source: Located<String>,
    /// Further languages the course is translated into.
    #[serde(default)]
    pub translations: Vec<Located<String>>,
}

#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Author {
    /// Name of the person or organisation, as published.
    pub name: Located<String>,
    /// What they did (e.g. "original text", "course adaptation").
    #[serde(default)]
    pub role: Option<Text>,
    #[serde(default)]
    pub url: Option<Located<String>>,
}

/// The licence of the course content and the attribution it requires.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct License {
    /// SPDX identifier, e.g. `CC-BY-NC-SA-4.0`.
    pub spdx: Located<String>,
    /// Where the licence text can be read.
    pub url: Located<String>,
    /// The attribution shown to learners on the credits page.
    pub attribution: Text,
}

/// When the course counts as complete.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum CompletionRule {
    /// Every page has been viewed.
    AllPages,
    /// The final assessment has been passed.
    AssessmentPassed,
    /// Every page viewed and the final assessment passed.
    Both,
}

#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Lesson {
    #[schemars(regex(pattern = r"^[a-z][a-z0-9_-]{0,127}$"))]
    pub id: Located<String>,
    pub title: Text,
    /// The learning objectives this lesson serves.
    #[serde(default)]
    pub objectives: Option<Vec<Located<String>>>,
    pub pages: Located<Vec<Page>>,
    /// An unscored knowledge check shown after the lesson's pages.
    #[serde(default)]
    pub check: Option<KnowledgeCheck>,
}

#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Page {
    #[schemars(regex(pattern = r"^[a-z][a-z0-9_-]{0,127}$"))]
    pub id: Located<String>,
    pub title: Text,
    pub blocks: Located<Vec<Located<Block>>>,
}

/// One piece of page content. Written as a one-key map: `- text: {...}`.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub enum Block {
    /// A section heading inside the page.
    Heading(Text),
    /// Markdown text (paragraphs, emphasis, lists, links). Raw HTML is refused;
    /// link to another page with `page:<page-id>`.
    Text(Text),
    Image(Image),
    Callout(Callout),
    List(List),
    /// A list of references or further reading.
    Links(Located<Vec<Link>>),
    Video(Video),
}

#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Image {
    /// Path of the image file, relative to the course folder.
    pub src: Located<String>,
    /// Text alternative for learners who cannot see the image. Required.
    pub alt: Text,
    #[serde(default)]
    pub caption: Option<Text>,
}

#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Callout {
    #[serde(default)]
    pub kind: CalloutKind,
    #[serde(default)]
    pub title: Option<Text>,
    /// Markdown text of the callout.
    pub text: Text,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum CalloutKind {
    #[default]
    Tip,
    Note,
    Warning,
    Example,
}

#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct List {
    #[serde(default)]
    pub ordered: bool,
    /// Markdown text of each item.
    pub items: Located<Vec<Text>>,
}

#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Link {
    /// The citation or link text as published (not translated).
    pub title: Located<String>,
    /// `http`, `https` or `mailto` address.
    pub url: Located<String>,
    /// An optional note for learners, in every language.
    #[serde(default)]
    pub note: Option<Text>,
    /// The language the title is written in, when it differs from the
    /// package's (a BCP 47 tag such as `en` or `fr`): screen readers then
    /// read it in that language (WCAG 3.1.2, language of parts).
    #[serde(default)]
    pub lang: Option<Located<String>>,
}

#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Video {
    /// Path of the video file (`.mp4` or `.webm`), relative to the course folder.
    pub src: Located<String>,
    pub title: Text,
    /// A WebVTT captions file (`.vtt`) per language.
    pub captions: Localized<String>,
    #[serde(default)]
    pub poster: Option<Located<String>>,
    #[serde(default)]
    pub transcript: Option<Text>,
}

/// How learners get feedback on their answers.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum FeedbackMode {
    /// After each answer.
    #[default]
    Immediate,
    /// After the last question, in the review.
    AtEnd,
    /// Only the score.
    None,
}

/// An unscored set of questions at the end of a lesson.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct KnowledgeCheck {
    #[schemars(regex(pattern = r"^[a-z][a-z0-9_-]{0,127}$"))]
    pub id: Located<String>,
    #[serde(default)]
    pub title: Option<Text>,
    #[serde(default)]
    pub feedback: FeedbackMode,
    /// Shuffle the answers of each question.
    #[serde(default)]
    pub shuffle: bool,
    pub questions: Located<Vec<Question>>,
}

/// The final assessment: questions are drawn from the bank at each attempt.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Assessment {
    #[schemars(regex(pattern = r"^[a-z][a-z0-9_-]{0,127}$"))]
    pub id: Located<String>,
    pub title: Text,
    /// Shown before the first question.
    #[serde(default)]
    pub intro: Option<Text>,
    /// Score (percent, 0–100) needed to pass.
    pub pass_mark: Located<u32>,
    /// How an attempt draws from the bank (default: every question): a number
    /// drawn at random from the whole bank, or quotas per lesson or objective.
    #[serde(default)]
    pub draw: Option<Located<Draw>>,
    /// How many attempts a learner has (at least 1).
    pub attempts: Located<u32>,
    /// Shuffle the order of questions and of their answers.
    #[serde(default)]
    pub shuffle: bool,
    #[serde(default)]
    pub feedback: FeedbackMode,
    /// What the results page reveals after an attempt.
    #[serde(default)]
    pub review: AssessmentReview,
    /// The question bank.
    pub questions: Located<Vec<Question>>,
}

/// What the results page of an attempt reveals. It always says per question whether the answer
/// was right (unless `feedback: none`); the right answers only as `show_correct` allows.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AssessmentReview {
    /// When the right answers are shown (default: after the last attempt, so a retry cannot
    /// copy them).
    #[serde(default)]
    pub show_correct: ShowCorrect,
}

/// When the results page shows the right answers.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum ShowCorrect {
    /// Never.
    Never,
    /// Once the learner passed.
    AfterPass,
    /// Once the learner passed or has no attempt left.
    #[default]
    AfterLastAttempt,
    /// After every attempt.
    Always,
}

impl ShowCorrect {
    /// The name course.yaml uses (and the player data carries).
    pub fn name(self) -> &'static str {
        match self {
            ShowCorrect::Never => "never",
            ShowCorrect::AfterPass => "after-pass",
            ShowCorrect::AfterLastAttempt => "after-last-attempt",
            ShowCorrect::Always => "always",
        }
    }
}

/// How an attempt draws from the bank.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum Draw {
    /// This many questions, at random from the whole bank.
    Count(u32),
    /// `count` questions from each lesson or objective in turn, so every
    /// attempt covers each of them; likert (survey) questions are always
    /// shown and not counted.
    Quotas(Vec<Quota>),
}

/// One quota of a draw: `count` questions that serve `from`.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Quota {
    /// A lesson id (the questions that name one of the lesson's objectives)
    /// or an objective id (the questions that name it).
    pub from: Located<String>,
    pub count: Located<u32>,
}

/// The type of a question: defined with the question types' registry in
/// `src/question/mod.rs`, one line per type.
pub use crate::question::QuestionType;

/// A question. Which answer-key fields it takes depends on `type`:
/// `choices` (single-choice, multiple-response), `answer` (true-false),
/// `accepted` + `case_sensitive` + `ignore_diacritics` (fill-in), `pairs` (matching),
/// `items` in the right order (sequencing), `exact` (+ `tolerance`) or `min`/`max` (numeric),
/// `scale` (likert).
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Question {
    #[schemars(regex(pattern = r"^[a-z][a-z0-9_-]{0,127}$"))]
    pub id: Located<String>,
    #[serde(rename = "type")]
    pub kind: Located<QuestionType>,
    /// The question as learners read it (markdown).
    pub prompt: Text,
    /// Relative weight in the score (1–100, default 1).
    #[serde(default)]
    pub weight: Option<Located<u32>>,
    /// The learning objectives this question measures.
    #[serde(default)]
    pub objectives: Option<Vec<Located<String>>>,
    /// Shuffle this question's answers (overrides the check's or assessment's setting).
    #[serde(default)]
    pub shuffle: Option<Located<bool>>,
    #[serde(default)]
    pub choices: Option<Located<Vec<Choice>>>,
    #[serde(default)]
    pub answer: Option<Located<bool>>,
    /// Accepted answers per language.
    #[serde(default)]
    pub accepted: Option<Localized<Vec<String>>>,
    #[serde(default)]
    pub case_sensitive: Option<Located<bool>>,
    /// Fill-in: also accept an answer that differs only in accents
    /// (`cafe` for `café`). Default `false`.
    #[serde(default)]
    pub ignore_diacritics: Option<Located<bool>>,
    #[serde(default)]
    pub pairs: Option<Located<Vec<Pair>>>,
    #[serde(default)]
    pub items: Option<Located<Vec<Item>>>,
    #[serde(default)]
    pub exact: Option<Located<f64>>,
    #[serde(default)]
    pub min: Option<Located<f64>>,
    #[serde(default)]
    pub max: Option<Located<f64>>,
    /// Numeric with `exact`: answers at most this far from `exact` are right
    /// (default 0).
    #[serde(default)]
    pub tolerance: Option<Located<f64>>,
    #[serde(default)]
    pub scale: Option<Located<Vec<Item>>>,
    #[serde(default)]
    pub feedback: Option<Feedback>,
}

/// Overall feedback on a question.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Feedback {
    #[serde(default)]
    pub correct: Option<Text>,
    #[serde(default)]
    pub incorrect: Option<Text>,
    /// For likert questions: shown after any answer.
    #[serde(default)]
    pub neutral: Option<Text>,
}

#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Choice {
    #[schemars(regex(pattern = r"^[a-z][a-z0-9_-]{0,127}$"))]
    pub id: Located<String>,
    pub text: Text,
    #[serde(default)]
    pub correct: bool,
    /// Feedback shown when this choice is selected.
    #[serde(default)]
    pub feedback: Option<Text>,
}

/// A matching pair: `source` belongs with `target`.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Pair {
    #[schemars(regex(pattern = r"^[a-z][a-z0-9_-]{0,127}$"))]
    pub id: Located<String>,
    pub source: Text,
    pub target: Text,
}

/// An item of a sequencing question or a point of a likert scale.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Item {
    #[schemars(regex(pattern = r"^[a-z][a-z0-9_-]{0,127}$"))]
    pub id: Located<String>,
    pub text: Text,
}
