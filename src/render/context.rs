//! What the templates and the player script get: the page context (every
//! text already in the package language, markdown already turned into safe
//! HTML in fields named `*_html`) and the player data (`course-data` JSON).
//!
//! Both are the typed structs of `contract` (documented there and, generated
//! from them, in `templates/README.md`); the questions in them are still
//! plain `serde_json` values with sorted keys.

use super::assets::Assets;
use super::contract::{
    self, AssessmentData, AssessmentView, Author, BlockView, CheckData, CheckView, Completion,
    CourseData, Credits, Dir, Feedback, LessonView, Limits, LinkView, ObjectiveData, ObjectiveView,
    PageContext, PageData, PageKind, PageView, PlayerData, Quota, QuotaDraw, ShowCorrect,
    TrackView,
};
use super::i18n::{self, Strings};
use super::markdown::{self, Dest, Markdown, Mode};
use super::state;
use crate::course::model::{
    Block, CalloutKind, CompletionRule, Course, FeedbackMode, Localized, Text,
};
use crate::question::{self, Keyed, Keys};
use serde::Serialize;
use serde_json::Value;

/// Section id of the title/credits page.
pub const CREDITS: &str = "credits";
/// Section id of the results page.
pub const RESULTS: &str = "results";

/// Languages written right to left.
const RTL: &[&str] = &["ar", "dv", "fa", "he", "ps", "ur", "yi"];

pub struct Builder<'a> {
    pub course: &'a Course,
    /// The answer keys of the course's questions.
    pub keys: &'a Keys<'a>,
    pub lang: &'a str,
    pub source_lang: &'a str,
    pub strings: &'a Strings,
    pub assets: &'a Assets,
    /// Section ids of the credits and results pages (normally `credits` and
    /// `results`; prefixed when a course id takes them).
    pub credits_id: String,
    pub results_id: String,
    counter: usize,
}

/// The text of `s` in the package language, else the source language, else
/// any (a checked course always has the package language).
fn pick<'t, T>(v: &'t Localized<T>, lang: &str, source: &str) -> Option<&'t T> {
    v.get(lang)
        .or_else(|| v.get(source))
        .or_else(|| v.0.value.values().next().map(|l| &l.value))
}

fn feedback(mode: FeedbackMode) -> Feedback {
    match mode {
        FeedbackMode::Immediate => Feedback::Immediate,
        FeedbackMode::AtEnd => Feedback::AtEnd,
        FeedbackMode::None => Feedback::None,
    }
}

fn completion(rule: CompletionRule) -> Completion {
    match rule {
        CompletionRule::AllPages => Completion::AllPages,
        CompletionRule::AssessmentPassed => Completion::AssessmentPassed,
        CompletionRule::Both => Completion::Both,
    }
}

fn show_correct(s: crate::course::model::ShowCorrect) -> ShowCorrect {
    use crate::course::model::ShowCorrect as S;
    match s {
        S::Never => ShowCorrect::Never,
        S::AfterPass => ShowCorrect::AfterPass,
        S::AfterLastAttempt => ShowCorrect::AfterLastAttempt,
        S::Always => ShowCorrect::Always,
    }
}

/// `value` as a `serde_json::Value` (the templates' currency). Every
/// contract type has string keys only, so this cannot fail; were it to, the
/// value is null and the strict templates say so.
pub(super) fn to_value(value: &impl Serialize) -> Value {
    serde_json::to_value(value).unwrap_or(Value::Null)
}

/// A quota draw for the player, or `None` for a plain draw.
fn quota_draw(course: &Course, a: &crate::course::model::Assessment) -> Option<QuotaDraw> {
    crate::course::objectives::quota_plan(course, a).map(|p| QuotaDraw {
        quotas: p
            .quotas
            .into_iter()
            .map(|(pool, count)| Quota { count, pool })
            .collect(),
        always: p.always,
    })
}

impl<'a> Builder<'a> {
    pub fn new(
        course: &'a Course,
        keys: &'a Keys<'a>,
        lang: &'a str,
        strings: &'a Strings,
        assets: &'a Assets,
    ) -> Self {
        let taken = |id: &str| {
            course.lessons.iter().any(|l| {
                l.id.value == id
                    || l.pages.iter().any(|p| p.id.value == id)
                    || l.check.as_ref().is_some_and(|c| c.id.value == id)
            }) || course.assessment.as_ref().is_some_and(|a| a.id.value == id)
        };
        let reserve = |id: &str| {
            if taken(id) {
                format!("coursepack-{id}")
            } else {
                id.to_string()
            }
        };
        Builder {
            course,
            keys,
            lang,
            source_lang: &course.languages.source.value,
            strings,
            assets,
            credits_id: reserve(CREDITS),
            results_id: reserve(RESULTS),
            counter: 0,
        }
    }

    fn t(&self, key: &str) -> String {
        self.strings.get(key).cloned().unwrap_or_default()
    }

    fn tf(&self, key: &str, values: &[(&str, &str)]) -> String {
        i18n::fill(&self.t(key), values)
    }

    fn text(&self, v: &Text) -> String {
        pick(v, self.lang, self.source_lang)
            .cloned()
            .unwrap_or_default()
    }

    fn opt_text(&self, v: &Option<Text>) -> Option<String> {
        v.as_ref().map(|t| self.text(t))
    }

    fn md(&self) -> Markdown<'_> {
        Markdown {
            new_tab_note: self.strings.get("opens_new_tab").map_or("", String::as_str),
        }
    }

    fn html(&self, v: &Text, mode: Mode) -> String {
        self.md().html(&self.text(v), mode)
    }

    fn some_html(&self, v: &Option<Text>, mode: Mode) -> Option<String> {
        v.as_ref().map(|t| self.html(t, mode))
    }

    fn next_dom(&mut self, prefix: &str) -> String {
        self.counter += 1;
        format!("{prefix}{}", self.counter)
    }

    /// The lesson pages, checks, assessment and results in reading order:
    /// what the menu lists and next/previous walk through.
    fn pages_data(&self) -> Vec<PageData> {
        let screen = |id: &str, kind, title, lesson| PageData {
            id: id.to_string(),
            kind,
            lesson,
            lesson_id: None,
            title,
        };
        let mut pages = vec![screen(
            &self.credits_id,
            PageKind::Credits,
            self.t("credits_title"),
            None,
        )];
        for (li, lesson) in self.course.lessons.iter().enumerate() {
            for page in lesson.pages.iter() {
                pages.push(PageData {
                    lesson_id: Some(lesson.id.value.clone()),
                    ..screen(
                        &page.id.value,
                        PageKind::Page,
                        self.text(&page.title),
                        Some(li),
                    )
                });
            }
            if let Some(check) = &lesson.check {
                let title = check
                    .title
                    .as_ref()
                    .map_or_else(|| self.t("check_title"), |t| self.text(t));
                pages.push(screen(&check.id.value, PageKind::Check, title, Some(li)));
            }
        }
        if let Some(a) = &self.course.assessment {
            pages.push(screen(
                &a.id.value,
                PageKind::Assessment,
                self.text(&a.title),
                None,
            ));
        }
        pages.push(screen(
            &self.results_id,
            PageKind::Results,
            self.t("results_title"),
            None,
        ));
        pages
    }

    // ---- the page context ------------------------------------------------

    /// The context `player/index.hbs` is rendered with (a [`PageContext`]).
    pub fn page_context(&mut self, data_json: String) -> Value {
        to_value(&self.page_context_typed(data_json))
    }

    pub(crate) fn page_context_typed(&mut self, data_json: String) -> PageContext<'a> {
        let course = self.course;
        let lang_primary = self.lang.split('-').next().unwrap_or(self.lang);
        let dir = if RTL.contains(&lang_primary.to_ascii_lowercase().as_str()) {
            Dir::Rtl
        } else {
            Dir::Ltr
        };
        let pages_total = state::page_count(course);
        let mut lessons = Vec::new();
        for (li, lesson) in course.lessons.iter().enumerate() {
            let lesson_title = self.text(&lesson.title);
            let pages: Vec<PageView> = lesson
                .pages
                .iter()
                .map(|p| self.page(p, &lesson_title))
                .collect();
            let check = lesson.check.as_ref().map(|c| {
                let title = c
                    .title
                    .as_ref()
                    .map_or_else(|| self.t("check_title"), |t| self.text(t));
                let n = c.questions.len();
                let keys = self.keys;
                let questions: Vec<contract::QuestionView> = keys
                    .check(li)
                    .iter()
                    .enumerate()
                    .map(|(index, k)| {
                        let place = question::Place {
                            container: &c.id,
                            index,
                            total: n,
                            mode: c.feedback,
                            in_assessment: false,
                        };
                        self.question(k, &place)
                    })
                    .collect();
                CheckView {
                    id: c.id.value.clone(),
                    title,
                    dom: self.next_dom("t"),
                    mode: feedback(c.feedback),
                    check_all: c.feedback == FeedbackMode::AtEnd,
                    questions,
                }
            });
            lessons.push(LessonView {
                id: lesson.id.value.clone(),
                title: lesson_title,
                number: li + 1,
                dom: self.next_dom("l"),
                pages,
                check,
            });
        }
        let assessment = course.assessment.as_ref().map(|a| {
            let draw = crate::course::objectives::drawn(course, a);
            let keys = self.keys;
            let questions: Vec<contract::QuestionView> = keys
                .assessment()
                .iter()
                .enumerate()
                .map(|(index, k)| {
                    let place = question::Place {
                        container: &a.id,
                        index,
                        total: draw,
                        mode: a.feedback,
                        in_assessment: true,
                    };
                    self.question(k, &place)
                })
                .collect();
            let feedback_text = match a.feedback {
                FeedbackMode::Immediate => self.t("assessment_feedback_immediate"),
                FeedbackMode::AtEnd => self.t("assessment_feedback_at_end"),
                FeedbackMode::None => self.t("assessment_feedback_none"),
            };
            AssessmentView {
                id: a.id.value.clone(),
                title: self.text(&a.title),
                dom: self.next_dom("t"),
                intro_html: self.some_html(&a.intro, Mode::Block),
                pass_mark_text: self.tf(
                    "assessment_pass_mark",
                    &[("pass", &a.pass_mark.value.to_string())],
                ),
                questions_text: self.tf("assessment_questions", &[("n", &draw.to_string())]),
                attempts_text: self.tf(
                    "assessment_attempts",
                    &[("n", &a.attempts.value.to_string())],
                ),
                feedback_text,
                mode: feedback(a.feedback),
                questions,
            }
        });
        let authors: Vec<Author> = course
            .authors
            .iter()
            .map(|a| {
                let (url, external) = match a.url.as_ref().and_then(|u| markdown::link_dest(u)) {
                    Some(Dest::External(u)) => (Some(u), true),
                    Some(Dest::Mail(u)) => (Some(u), false),
                    _ => (None, false),
                };
                Author {
                    name: a.name.value.clone(),
                    role: self.opt_text(&a.role),
                    url,
                    external,
                }
            })
            .collect();
        let license_url = match markdown::link_dest(&course.license.url) {
            Some(Dest::External(u)) => Some(u),
            _ => None,
        };
        let spdx = &course.license.spdx.value;
        PageContext {
            lang: self.lang.to_string(),
            dir,
            t: self.strings,
            title: self.text(&course.title),
            description: self.text(&course.description),
            version_text: self.tf("credits_version", &[("version", &course.version.value)]),
            progress_text: self.tf(
                "progress_text",
                &[("seen", "0"), ("total", &pages_total.to_string())],
            ),
            pages_total,
            size_text: self.tf("course_size", &[("pages", &pages_total.to_string())]),
            objectives: course
                .objectives
                .iter()
                .flat_map(|os| os.iter())
                .map(|o| ObjectiveView {
                    id: o.id.value.clone(),
                    text: self.text(&o.text),
                })
                .collect(),
            credits: Credits {
                id: self.credits_id.clone(),
                authors,
                spdx: spdx.clone(),
                license_url,
                license_link_text: self.tf(
                    "credits_license_link",
                    &[("spdx", &super::licence_name::display_name(spdx))],
                ),
                attribution: self.text(&course.license.attribution),
            },
            results_id: self.results_id.clone(),
            lessons,
            assessment,
            course_data_json: data_json,
        }
    }

    fn page(&mut self, page: &crate::course::model::Page, lesson_title: &str) -> PageView {
        let blocks: Vec<BlockView> = page.blocks.iter().map(|b| self.block(&b.value)).collect();
        PageView {
            id: page.id.value.clone(),
            title: self.text(&page.title),
            lesson_title: lesson_title.to_string(),
            dom: self.next_dom("t"),
            blocks,
        }
    }

    fn block(&mut self, block: &Block) -> BlockView {
        match block {
            Block::Heading(t) => BlockView::Heading { text: self.text(t) },
            Block::Text(t) => BlockView::Text {
                html: self.html(t, Mode::Block),
            },
            Block::Image(image) => BlockView::Image {
                src: self.assets.href(&image.src),
                alt: self.text(&image.alt),
                caption_html: self.some_html(&image.caption, Mode::Inline),
            },
            Block::Callout(c) => {
                let (callout, label) = match c.kind {
                    CalloutKind::Tip => (contract::CalloutKind::Tip, self.t("callout_tip")),
                    CalloutKind::Note => (contract::CalloutKind::Note, self.t("callout_note")),
                    CalloutKind::Warning => {
                        (contract::CalloutKind::Warning, self.t("callout_warning"))
                    }
                    CalloutKind::Example => {
                        (contract::CalloutKind::Example, self.t("callout_example"))
                    }
                };
                BlockView::Callout {
                    callout,
                    label,
                    title: self.opt_text(&c.title),
                    html: self.html(&c.text, Mode::Block),
                    dom: self.next_dom("c"),
                }
            }
            Block::List(list) => BlockView::List {
                ordered: list.ordered,
                items_html: list
                    .items
                    .iter()
                    .map(|i| self.html(i, Mode::Inline))
                    .collect(),
            },
            Block::Links(links) => {
                let items: Vec<LinkView> = links
                    .iter()
                    .map(|l| {
                        let (href, external) = match markdown::link_dest(&l.url) {
                            Some(Dest::External(u)) => (Some(u), true),
                            Some(Dest::Mail(u)) | Some(Dest::Page(u)) => (Some(u), false),
                            None => (None, false),
                        };
                        LinkView {
                            title: l.title.value.clone(),
                            lang: l.lang.as_ref().map(|t| t.value.clone()),
                            href,
                            external,
                            note_html: self.some_html(&l.note, Mode::Inline),
                        }
                    })
                    .collect();
                BlockView::Links {
                    items,
                    dom: self.next_dom("k"),
                }
            }
            Block::Video(v) => {
                let src = self.assets.href(&v.src);
                let mime = if src.ends_with(".webm") {
                    "video/webm"
                } else {
                    "video/mp4"
                };
                let tracks: Vec<TrackView> = v
                    .captions
                    .0
                    .iter()
                    .map(|(tag, file)| TrackView {
                        src: self.assets.href(file),
                        srclang: tag.clone(),
                        label: i18n::language_name(self.strings, tag),
                        default: tag == self.lang,
                    })
                    .collect();
                BlockView::Video {
                    src,
                    mime,
                    title: self.text(&v.title),
                    poster: v.poster.as_ref().map(|p| self.assets.href(p)),
                    tracks,
                    transcript_html: self.some_html(&v.transcript, Mode::Block),
                    dom: self.next_dom("v"),
                }
            }
        }
    }

    fn question(&mut self, k: &Keyed, place: &question::Place) -> contract::QuestionView {
        let dom = self.next_dom("q");
        question::view(self, k, place, dom)
    }

    // ---- the player data ---------------------------------------------------

    fn question_data(&self, container: &str, k: &Keyed<'a>) -> contract::QuestionData<'a> {
        question::data(self, k, container)
    }

    /// The course's objectives for the player and the runtimes: `{id, iri, title}`.
    fn objectives_data(&self) -> Vec<ObjectiveData> {
        let iri = self.course.iri.value.as_str();
        let objectives = self.course.objectives.iter().flat_map(|os| os.iter());
        objectives
            .map(|o| ObjectiveData {
                id: o.id.value.clone(),
                iri: crate::course::ids::activity_iri(
                    iri,
                    crate::course::ids::ActivityKind::Objective,
                    &o.id.value,
                ),
                title: self.text(&o.text),
            })
            .collect()
    }

    /// The JSON the player script reads from `<script id="course-data">`.
    pub fn data(&self) -> PlayerData<'a> {
        let course = self.course;
        let checks: Vec<CheckData> = course
            .lessons
            .iter()
            .enumerate()
            .filter_map(|(li, l)| l.check.as_ref().map(|c| (li, c)))
            .map(|(li, c)| CheckData {
                feedback: feedback(c.feedback),
                id: c.id.value.clone(),
                questions: self
                    .keys
                    .check(li)
                    .iter()
                    .map(|q| self.question_data(&c.id, q))
                    .collect(),
                shuffle: c.shuffle,
            })
            .collect();
        let assessment = course.assessment.as_ref().map(|a| AssessmentData {
            attempts: a.attempts.value.max(1),
            draw: crate::course::objectives::drawn(course, a),
            feedback: feedback(a.feedback),
            id: a.id.value.clone(),
            pass_mark: a.pass_mark.value,
            questions: self
                .keys
                .assessment()
                .iter()
                .map(|q| self.question_data(&a.id, q))
                .collect(),
            quotas: quota_draw(course, a),
            show_correct: show_correct(a.review.show_correct),
            shuffle: a.shuffle,
        });
        PlayerData {
            assessment,
            checks,
            course: CourseData {
                completion: completion(course.completion.value),
                id: course.id.value.clone(),
                iri: course.iri.value.clone(),
                lang: self.lang.to_string(),
                title: self.text(&course.title),
                version: course.version.value.clone(),
            },
            fingerprint: state::fingerprint(course, self.keys),
            format: 1,
            limits: Limits {
                fill_in: state::FILL_IN_MAX,
                numeric: state::NUMERIC_MAX,
            },
            objectives: self.objectives_data(),
            pages: self.pages_data(),
            storage_key: format!(
                "coursepack:{}:{}:{}",
                course.id.value, course.version.value, self.lang
            ),
            strings: self.strings,
        }
    }
}

/// What the question modules read through the builder.
impl question::Texts for Builder<'_> {
    fn text(&self, v: &Text) -> String {
        Builder::text(self, v)
    }

    fn html(&self, v: &Text, mode: Mode) -> String {
        Builder::html(self, v, mode)
    }

    fn t(&self, key: &str) -> String {
        Builder::t(self, key)
    }

    fn tf(&self, key: &str, values: &[(&str, &str)]) -> String {
        Builder::tf(self, key, values)
    }

    fn list(&self, v: &Localized<Vec<String>>) -> Vec<String> {
        pick(v, self.lang, self.source_lang)
            .cloned()
            .unwrap_or_default()
    }
}

/// JSON that is safe inside `<script type="application/json">`: `<`, `>`
/// and `&` are written as `\u003c`, `\u003e`, `\u0026`, so no `</script>` or
/// `<!--` can appear, and U+2028/U+2029 are escaped too.
pub fn script_json(value: &impl Serialize) -> String {
    let text = serde_json::to_string(value).unwrap_or_else(|_| "null".to_string());
    let mut out = String::with_capacity(text.len() + 64);
    for c in text.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_json_cannot_close_the_script() {
        let s = script_json(&serde_json::json!({"x": "</script><!-- & \u{2028}"}));
        assert!(!s.contains('<') && !s.contains('>'), "{s}");
        let back: Value = serde_json::from_str(&s).unwrap();
        assert_eq!(back["x"], "</script><!-- & \u{2028}");
    }
}
