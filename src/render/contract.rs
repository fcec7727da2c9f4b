//! The contract between coursepack and the player: the page context the
//! Handlebars templates get ([`PageContext`]) and the player data the player
//! script reads from `<script id="course-data">` ([`PlayerData`]).
//!
//! `context.rs` fills these types; the compiler holds it to them. Every field
//! carries a doc comment, and templates/README.md's section on the data
//! contract is generated from them ([`readme_section`]; a test fails when the
//! README is stale or a field has no doc comment).
//!
//! **Key order.** serde_json is built without `preserve_order`, so a
//! `serde_json::Value` writes its keys sorted. The player data is serialised
//! straight from these structs, so their fields are declared in the byte order
//! of their JSON names (a test holds them to it): the bytes are those a
//! `Value` would give. The page context goes through a `Value` (the
//! templates take one), so its field order is free.
//!
//! A question's part is its type module's: [`QuestionView`] and
//! [`QuestionData`] are `question::View` and `question::Data`.

use super::i18n::Strings;
use schemars::JsonSchema;
use serde::Serialize;

/// A question in the page context.
pub type QuestionView = crate::question::View;

/// A question in the player data.
pub type QuestionData<'a> = crate::question::Data<'a>;

// ---- shared ---------------------------------------------------------------

/// How a knowledge check or the assessment gives feedback.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Feedback {
    Immediate,
    AtEnd,
    None,
}

/// The course's completion rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Completion {
    AllPages,
    AssessmentPassed,
    Both,
}

/// When the results page may show the right answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum ShowCorrect {
    Never,
    AfterPass,
    AfterLastAttempt,
    Always,
}

// ---- the page context -----------------------------------------------------

/// What `player/index.hbs` is rendered with. Every text is already in the
/// package language; fields named `*_html` hold HTML coursepack wrote from the
/// course's markdown (the only ones a template may output unescaped).
#[derive(Debug, Serialize, JsonSchema)]
pub struct PageContext<'a> {
    /// The package language (BCP 47 tag).
    pub lang: String,
    /// The writing direction of the package language.
    pub dir: Dir,
    /// Every UI string of the package language, by key (`{{t.nav_next}}`).
    pub t: &'a Strings,
    /// The course title.
    pub title: String,
    /// The course description.
    pub description: String,
    /// "Version 1.2" on the title page.
    pub version_text: String,
    /// The header's "0 of 23 pages seen" (the player updates it).
    pub progress_text: String,
    /// How many lesson pages the course has.
    pub pages_total: usize,
    /// The start page's "Pages: 23".
    pub size_text: String,
    /// The course's learning objectives, in course order (empty when it lists none).
    pub objectives: Vec<ObjectiveView>,
    /// The title page's credits.
    pub credits: Credits,
    /// The section id of the results page (`results`, or `coursepack-results` when the course uses that id).
    pub results_id: String,
    /// The lessons, in course order.
    pub lessons: Vec<LessonView>,
    /// The final test, or null when the course has none.
    pub assessment: Option<AssessmentView>,
    /// The player data as JSON, safe inside `<script>` (`<`, `>`, `&` escaped).
    pub course_data_json: String,
}

/// Writing direction.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Dir {
    Ltr,
    Rtl,
}

/// A learning objective on the title page.
#[derive(Debug, Serialize, JsonSchema)]
pub struct ObjectiveView {
    /// The objective's id.
    pub id: String,
    /// What the learner will be able to do.
    pub text: String,
}

/// The title page's credits.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Credits {
    /// The section id of the title page (`credits`, or `coursepack-credits` when the course uses that id).
    pub id: String,
    /// The course's authors, in course order.
    pub authors: Vec<Author>,
    /// The licence's SPDX identifier.
    pub spdx: String,
    /// The licence's web address (`https://` or `http://`), or null.
    pub license_url: Option<String>,
    /// The text of the link to the licence.
    pub license_link_text: String,
    /// The attribution the licence asks for.
    pub attribution: String,
}

/// An author on the title page.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Author {
    /// The author's name.
    pub name: String,
    /// The author's role, or null.
    pub role: Option<String>,
    /// A web or `mailto:` address, or null.
    pub url: Option<String>,
    /// Whether `url` leaves the package (opens in a new tab).
    pub external: bool,
}

/// A lesson.
#[derive(Debug, Serialize, JsonSchema)]
pub struct LessonView {
    /// The lesson's id.
    pub id: String,
    /// The lesson's title.
    pub title: String,
    /// Its number, from 1.
    pub number: usize,
    /// Its element id.
    pub dom: String,
    /// Its pages, in course order.
    pub pages: Vec<PageView>,
    /// Its knowledge check, or null.
    pub check: Option<CheckView>,
}

/// A lesson page.
#[derive(Debug, Serialize, JsonSchema)]
pub struct PageView {
    /// The page's id.
    pub id: String,
    /// The page's title.
    pub title: String,
    /// The title of its lesson.
    pub lesson_title: String,
    /// The element id of its `<h1>`.
    pub dom: String,
    /// Its content, in course order.
    pub blocks: Vec<BlockView>,
}

/// A block of a page's content, by `kind`.
#[derive(Debug, Serialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum BlockView {
    /// A heading.
    Heading {
        /// The heading's text.
        text: String,
    },
    /// A paragraph or more of text.
    Text {
        /// The text as HTML.
        html: String,
    },
    /// An image.
    Image {
        /// The image's path in the package.
        src: String,
        /// Its text alternative.
        alt: String,
        /// Its caption as HTML, or null.
        caption_html: Option<String>,
    },
    /// A callout box.
    Callout {
        /// Which kind of callout.
        callout: CalloutKind,
        /// The kind's label in the package language ("Tip").
        label: String,
        /// Its title, or null.
        title: Option<String>,
        /// Its text as HTML.
        html: String,
        /// Its element id.
        dom: String,
    },
    /// A list.
    List {
        /// Numbered (true) or bulleted.
        ordered: bool,
        /// Each item as HTML.
        items_html: Vec<String>,
    },
    /// A list of links.
    Links {
        /// The links, in course order.
        items: Vec<LinkView>,
        /// Its element id.
        dom: String,
    },
    /// A video.
    Video {
        /// The video's path in the package.
        src: String,
        /// Its media type (`video/mp4` or `video/webm`).
        #[serde(rename = "type")]
        mime: &'static str,
        /// Its title.
        title: String,
        /// The poster image's path in the package, or null.
        poster: Option<String>,
        /// Its caption tracks.
        tracks: Vec<TrackView>,
        /// Its transcript as HTML, or null.
        transcript_html: Option<String>,
        /// Its element id.
        dom: String,
    },
}

/// The kind of a callout.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum CalloutKind {
    Tip,
    Note,
    Warning,
    Example,
}

/// A link of a `links` block.
#[derive(Debug, Serialize, JsonSchema)]
pub struct LinkView {
    /// The link's title.
    pub title: String,
    /// The title's language when it differs from the page's (BCP 47), or null.
    pub lang: Option<String>,
    /// Where the link goes (web, `mailto:` or `#page-<id>` address), or null when it goes nowhere safe.
    pub href: Option<String>,
    /// Whether it leaves the package (opens in a new tab).
    pub external: bool,
    /// A note after the link as HTML, or null.
    pub note_html: Option<String>,
}

/// A caption track of a video.
#[derive(Debug, Serialize, JsonSchema)]
pub struct TrackView {
    /// The WebVTT file's path in the package.
    pub src: String,
    /// The captions' language (BCP 47).
    pub srclang: String,
    /// The language's name in the package language.
    pub label: String,
    /// Whether the captions are in the package language (shown by default).
    pub default: bool,
}

/// A lesson's knowledge check.
#[derive(Debug, Serialize, JsonSchema)]
pub struct CheckView {
    /// The check's id.
    pub id: String,
    /// Its title.
    pub title: String,
    /// Its element id.
    pub dom: String,
    /// Its feedback mode.
    pub mode: Feedback,
    /// Whether it has one button that checks every question (`at-end` feedback).
    pub check_all: bool,
    /// Its questions, in course order.
    pub questions: Vec<QuestionView>,
}

/// The final test.
#[derive(Debug, Serialize, JsonSchema)]
pub struct AssessmentView {
    /// The assessment's id.
    pub id: String,
    /// Its title.
    pub title: String,
    /// Its element id.
    pub dom: String,
    /// Its introduction as HTML, or null.
    pub intro_html: Option<String>,
    /// "Pass mark: 70%".
    pub pass_mark_text: String,
    /// "Questions: 10" (the questions an attempt draws).
    pub questions_text: String,
    /// "Attempts: 3".
    pub attempts_text: String,
    /// What the learner sees of the answers, in words.
    pub feedback_text: String,
    /// Its feedback mode.
    pub mode: Feedback,
    /// Its question bank, in course order.
    pub questions: Vec<QuestionView>,
}

// ---- the player data ------------------------------------------------------
// Fields in the byte order of their JSON names (see the module doc).

/// The JSON the player script reads from `<script id="course-data">`.
#[derive(Debug, Serialize, JsonSchema)]
pub struct PlayerData<'a> {
    /// The final test, or null when the course has none.
    pub assessment: Option<AssessmentData<'a>>,
    /// The lessons' knowledge checks, in course order.
    pub checks: Vec<CheckData<'a>>,
    /// The course.
    pub course: CourseData,
    /// A digest of what the resume state depends on: a saved state with another fingerprint is ignored.
    pub fingerprint: String,
    /// The format of this data (1).
    pub format: u32,
    /// The longest answers the text inputs take.
    pub limits: Limits,
    /// The course's learning objectives, in course order (empty when it lists none).
    pub objectives: Vec<ObjectiveData>,
    /// Every screen in reading order: the title page, the lesson pages and checks, the assessment, the results page.
    pub pages: Vec<PageData>,
    /// The `localStorage` key of the resume state without an LMS (`coursepack:<course id>:<version>:<lang>`).
    #[serde(rename = "storageKey")]
    pub storage_key: String,
    /// Every UI string of the package language, by key.
    pub strings: &'a Strings,
}

/// The course, for the player and the tracking adapters.
#[derive(Debug, Serialize, JsonSchema)]
pub struct CourseData {
    /// The course's completion rule.
    pub completion: Completion,
    /// The course id.
    pub id: String,
    /// The course IRI (the root of every activity id).
    pub iri: String,
    /// The package language.
    pub lang: String,
    /// The course title.
    pub title: String,
    /// The course version.
    pub version: String,
}

/// The longest answers the text inputs take, in characters.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Limits {
    /// A fill-in answer (60).
    #[serde(rename = "fillIn")]
    pub fill_in: usize,
    /// A numeric answer (20).
    pub numeric: usize,
}

/// A learning objective, for the player and the tracking adapters.
#[derive(Debug, Serialize, JsonSchema)]
pub struct ObjectiveData {
    /// The objective's id.
    pub id: String,
    /// Its activity IRI, `<course iri>/objectives/<id>`.
    pub iri: String,
    /// Its text in the package language.
    pub title: String,
}

/// A screen of the course, in reading order.
#[derive(Debug, Serialize, JsonSchema)]
pub struct PageData {
    /// The screen's section id.
    pub id: String,
    /// What the screen is.
    pub kind: PageKind,
    /// The index of its lesson (lesson pages and checks), else null.
    pub lesson: Option<usize>,
    /// The id of its lesson (lesson pages only; absent otherwise).
    #[serde(rename = "lessonId", skip_serializing_if = "Option::is_none")]
    pub lesson_id: Option<String>,
    /// The screen's title.
    pub title: String,
}

/// What a screen is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum PageKind {
    Credits,
    Page,
    Check,
    Assessment,
    Results,
}

/// A knowledge check, for the player.
#[derive(Debug, Serialize, JsonSchema)]
pub struct CheckData<'a> {
    /// Its feedback mode.
    pub feedback: Feedback,
    /// The check's id.
    pub id: String,
    /// Its questions, in course order.
    pub questions: Vec<QuestionData<'a>>,
    /// Whether its choices are shown in each learner's own order.
    pub shuffle: bool,
}

/// The final test, for the player.
#[derive(Debug, Serialize, JsonSchema)]
pub struct AssessmentData<'a> {
    /// How many attempts a learner has (at least 1).
    pub attempts: u32,
    /// How many questions an attempt draws from the bank.
    pub draw: usize,
    /// Its feedback mode.
    pub feedback: Feedback,
    /// The assessment's id.
    pub id: String,
    /// The course's pass mark, percent (an LMS may set its own).
    #[serde(rename = "passMark")]
    pub pass_mark: u32,
    /// Its question bank, in course order.
    pub questions: Vec<QuestionData<'a>>,
    /// A draw by quotas, or null for a plain draw.
    pub quotas: Option<QuotaDraw>,
    /// When the results page may show the right answers.
    #[serde(rename = "showCorrect")]
    pub show_correct: ShowCorrect,
    /// Whether each attempt shows its questions and choices in its own order.
    pub shuffle: bool,
}

/// A draw by quotas: so many questions from each pool, plus the unscored ones.
#[derive(Debug, Serialize, JsonSchema)]
pub struct QuotaDraw {
    /// The bank indices of the questions every attempt shows (the unscored ones).
    pub always: Vec<usize>,
    /// One entry per quota, in course order.
    pub quotas: Vec<Quota>,
}

/// One quota of a draw.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Quota {
    /// How many questions to draw from the pool.
    pub count: usize,
    /// The bank indices of the pool's questions.
    pub pool: Vec<usize>,
}

/// A numeric question's `key`: one value, or a range. Plain JSON numbers
/// (integers without a fraction).
#[derive(Debug, Clone, Serialize, JsonSchema)]
#[serde(untagged)]
pub enum NumericKey {
    /// The one right answer.
    Exact {
        /// The right answer.
        exact: Number,
    },
    /// Any answer in the range, both ends included.
    Range {
        /// The largest right answer.
        max: Number,
        /// The smallest right answer.
        min: Number,
    },
}

/// A number, written as an integer when it has no fraction (`2015`, not
/// `2015.0`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Number(pub f64);

impl Serialize for Number {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let x = self.0;
        if x.fract() == 0.0 && x.abs() < 9.0e15 {
            s.serialize_i64(x as i64)
        } else {
            s.serialize_f64(x)
        }
    }
}

impl JsonSchema for Number {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Number".into()
    }

    fn inline_schema() -> bool {
        true
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({"type": "number"})
    }
}

// ---- the README section ---------------------------------------------------

/// The generator of templates/README.md's data contract, and its tests.
#[cfg(test)]
mod readme;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::question::KeyData;

    /// A player data with every type and field in it.
    fn full() -> (Strings, Vec<QuestionData<'static>>) {
        let strings = Strings::from([("b".into(), "2".into()), ("a".into(), "1".into())]);
        let question = QuestionData {
            case_sensitive: false,
            id: "q",
            ignore_diacritics: true,
            iid: "c-q".into(),
            key: KeyData::Numeric(NumericKey::Range {
                max: Number(2.5),
                min: Number(1.0),
            }),
            labels: vec!["A".into()],
            objectives: vec!["o"],
            options: vec!["a"],
            prompt: "Q?".into(),
            shuffle: None,
            targets: Vec::new(),
            kind: "numeric",
            weight: 1,
        };
        (strings, vec![question])
    }

    #[test]
    fn the_player_data_is_written_with_sorted_keys() {
        let (strings, questions) = full();
        let data = PlayerData {
            assessment: Some(AssessmentData {
                attempts: 2,
                draw: 1,
                feedback: Feedback::AtEnd,
                id: "test".into(),
                pass_mark: 70,
                questions: questions.clone(),
                quotas: Some(QuotaDraw {
                    always: vec![1],
                    quotas: vec![Quota {
                        count: 1,
                        pool: vec![0],
                    }],
                }),
                show_correct: ShowCorrect::AfterPass,
                shuffle: true,
            }),
            checks: vec![CheckData {
                feedback: Feedback::Immediate,
                id: "c".into(),
                questions,
                shuffle: false,
            }],
            course: CourseData {
                completion: Completion::Both,
                id: "x".into(),
                iri: "https://example.org/x".into(),
                lang: "en".into(),
                title: "X".into(),
                version: "1".into(),
            },
            fingerprint: "f".into(),
            format: 1,
            limits: Limits {
                fill_in: 60,
                numeric: 20,
            },
            objectives: vec![ObjectiveData {
                id: "o".into(),
                iri: "https://example.org/x/objectives/o".into(),
                title: "O".into(),
            }],
            pages: vec![PageData {
                id: "p".into(),
                kind: PageKind::Page,
                lesson: Some(0),
                lesson_id: Some("l".into()),
                title: "P".into(),
            }],
            storage_key: "coursepack:x:1:en".into(),
            strings: &strings,
        };
        let direct = serde_json::to_string(&data).expect("JSON");
        let sorted =
            serde_json::to_string(&serde_json::to_value(&data).expect("JSON")).expect("JSON");
        assert_eq!(
            direct, sorted,
            "declare the player data's fields in the byte order of their JSON names"
        );
        assert!(direct.contains(r#""key":{"max":2.5,"min":1}"#), "{direct}");
    }
}
