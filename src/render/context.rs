//! What the templates and the player script get: the page context (every
//! text already in the package language, markdown already turned into safe
//! HTML in fields named `*_html`) and the player data (`course-data` JSON).
//!
//! Both are plain `serde_json` values with sorted keys, so the output is the
//! same byte for byte on every run. The fields are documented in
//! `templates/README.md`.

use super::assets::Assets;
use super::i18n::{self, Strings};
use super::markdown::{self, Dest, Markdown, Mode};
use super::state;
use crate::course::model::{
    Block, CalloutKind, CompletionRule, Course, FeedbackMode, Localized, Text,
};
use crate::question::{self, Keyed, Keys};
use serde_json::{Value, json};

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

fn feedback_key(mode: FeedbackMode) -> &'static str {
    match mode {
        FeedbackMode::Immediate => "immediate",
        FeedbackMode::AtEnd => "at-end",
        FeedbackMode::None => "none",
    }
}

fn completion_key(rule: CompletionRule) -> &'static str {
    match rule {
        CompletionRule::AllPages => "all-pages",
        CompletionRule::AssessmentPassed => "assessment-passed",
        CompletionRule::Both => "both",
    }
}

/// A quota draw for the player: `{quotas: [{pool, count}], always}` (bank
/// indices), or null for a plain draw.
fn quotas_json(course: &Course, a: &crate::course::model::Assessment) -> Value {
    crate::course::objectives::quota_plan(course, a).map_or(Value::Null, |p| {
        json!({
            "quotas": p.quotas.iter().map(|(pool, count)| json!({"pool": pool, "count": count})).collect::<Vec<_>>(),
            "always": p.always,
        })
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

    fn opt_text(&self, v: &Option<Text>) -> Value {
        v.as_ref().map_or(Value::Null, |t| json!(self.text(t)))
    }

    fn md(&self) -> Markdown<'_> {
        Markdown {
            new_tab_note: self.strings.get("opens_new_tab").map_or("", String::as_str),
        }
    }

    fn html(&self, v: &Text, mode: Mode) -> String {
        self.md().html(&self.text(v), mode)
    }

    fn opt_html(&self, v: &Option<Text>, mode: Mode) -> Value {
        v.as_ref()
            .map_or(Value::Null, |t| json!(self.html(t, mode)))
    }

    fn next_dom(&mut self, prefix: &str) -> String {
        self.counter += 1;
        format!("{prefix}{}", self.counter)
    }

    /// The lesson pages, checks, assessment and results in reading order:
    /// what the menu lists and next/previous walk through.
    fn pages_json(&self) -> Value {
        let mut pages = vec![json!({
            "id": self.credits_id, "kind": "credits", "title": self.t("credits_title"), "lesson": Value::Null,
        })];
        for (li, lesson) in self.course.lessons.iter().enumerate() {
            for page in lesson.pages.iter() {
                pages.push(json!({
                    "id": page.id.value, "kind": "page", "title": self.text(&page.title), "lesson": li,
                    "lessonId": lesson.id.value,
                }));
            }
            if let Some(check) = &lesson.check {
                let title = check
                    .title
                    .as_ref()
                    .map_or_else(|| self.t("check_title"), |t| self.text(t));
                pages.push(json!({
                    "id": check.id.value, "kind": "check", "title": title, "lesson": li,
                }));
            }
        }
        if let Some(a) = &self.course.assessment {
            pages.push(json!({
                "id": a.id.value, "kind": "assessment", "title": self.text(&a.title), "lesson": Value::Null,
            }));
        }
        pages.push(json!({
            "id": self.results_id, "kind": "results", "title": self.t("results_title"), "lesson": Value::Null,
        }));
        Value::Array(pages)
    }

    // ---- the page context ------------------------------------------------

    /// The context `player/index.hbs` is rendered with.
    pub fn page_context(&mut self, data_json: String) -> Value {
        let course = self.course;
        let lang_primary = self.lang.split('-').next().unwrap_or(self.lang);
        let dir = if RTL.contains(&lang_primary.to_ascii_lowercase().as_str()) {
            "rtl"
        } else {
            "ltr"
        };
        let pages_total = state::page_count(course);
        let mut lessons = Vec::new();
        for (li, lesson) in course.lessons.iter().enumerate() {
            let lesson_title = self.text(&lesson.title);
            let pages: Vec<Value> = lesson
                .pages
                .iter()
                .map(|p| self.page(p, &lesson_title))
                .collect();
            let check = lesson.check.as_ref().map_or(Value::Null, |c| {
                let title = c
                    .title
                    .as_ref()
                    .map_or_else(|| self.t("check_title"), |t| self.text(t));
                let mode = feedback_key(c.feedback);
                let n = c.questions.len();
                let keys = self.keys;
                let questions: Vec<question::View> = keys
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
                json!({
                    "id": c.id.value,
                    "title": title,
                    "dom": self.next_dom("t"),
                    "mode": mode,
                    "check_all": c.feedback == FeedbackMode::AtEnd,
                    "questions": questions,
                })
            });
            lessons.push(json!({
                "id": lesson.id.value,
                "title": self.text(&lesson.title),
                "number": li + 1,
                "dom": self.next_dom("l"),
                "pages": pages,
                "check": check,
            }));
        }
        let assessment = course.assessment.as_ref().map_or(Value::Null, |a| {
            let draw = crate::course::objectives::drawn(course, a);
            let keys = self.keys;
            let questions: Vec<question::View> = keys
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
            json!({
                "id": a.id.value,
                "title": self.text(&a.title),
                "dom": self.next_dom("t"),
                "intro_html": self.opt_html(&a.intro, Mode::Block),
                "pass_mark_text": self.tf("assessment_pass_mark", &[("pass", &a.pass_mark.value.to_string())]),
                "questions_text": self.tf("assessment_questions", &[("n", &draw.to_string())]),
                "attempts_text": self.tf("assessment_attempts", &[("n", &a.attempts.value.to_string())]),
                "feedback_text": feedback_text,
                "mode": feedback_key(a.feedback),
                "questions": questions,
            })
        });
        let authors: Vec<Value> = course
            .authors
            .iter()
            .map(|a| {
                let (url, external) = match a.url.as_ref().and_then(|u| markdown::link_dest(u)) {
                    Some(Dest::External(u)) => (Some(u), true),
                    Some(Dest::Mail(u)) => (Some(u), false),
                    _ => (None, false),
                };
                json!({
                    "name": a.name.value,
                    "role": self.opt_text(&a.role),
                    "url": url,
                    "external": external,
                })
            })
            .collect();
        let license_url = match markdown::link_dest(&course.license.url) {
            Some(Dest::External(u)) => Some(u),
            _ => None,
        };
        json!({
            "lang": self.lang,
            "dir": dir,
            "t": self.strings,
            "title": self.text(&course.title),
            "description": self.text(&course.description),
            "version_text": self.tf("credits_version", &[("version", &course.version.value)]),
            "progress_text": self.tf("progress_text", &[("seen", "0"), ("total", &pages_total.to_string())]),
            "pages_total": pages_total,
            "size_text": self.tf("course_size", &[("pages", &pages_total.to_string())]),
            "objectives": course.objectives.iter().flat_map(|os| os.iter()).map(|o| json!({"id": o.id.value, "text": self.text(&o.text)})).collect::<Vec<_>>(),
            "credits": {
                "id": self.credits_id,
                "authors": authors,
                "spdx": course.license.spdx.value,
                "license_url": license_url,
                "license_link_text": self.tf("credits_license_link", &[("spdx", &super::licence_name::display_name(&course.license.spdx.value))]),
                "attribution": self.text(&course.license.attribution),
            },
            "results_id": self.results_id,
            "lessons": lessons,
            "assessment": assessment,
            "course_data_json": data_json,
        })
    }

    fn page(&mut self, page: &crate::course::model::Page, lesson_title: &str) -> Value {
        let blocks: Vec<Value> = page.blocks.iter().map(|b| self.block(&b.value)).collect();
        json!({
            "id": page.id.value,
            "title": self.text(&page.title),
            "lesson_title": lesson_title,
            "dom": self.next_dom("t"),
            "blocks": blocks,
        })
    }

    fn block(&mut self, block: &Block) -> Value {
        match block {
            Block::Heading(t) => json!({"kind": "heading", "text": self.text(t)}),
            Block::Text(t) => json!({"kind": "text", "html": self.html(t, Mode::Block)}),
            Block::Image(image) => json!({
                "kind": "image",
                "src": self.assets.href(&image.src),
                "alt": self.text(&image.alt),
                "caption_html": self.opt_html(&image.caption, Mode::Inline),
            }),
            Block::Callout(c) => {
                let (class, label) = match c.kind {
                    CalloutKind::Tip => ("tip", self.t("callout_tip")),
                    CalloutKind::Note => ("note", self.t("callout_note")),
                    CalloutKind::Warning => ("warning", self.t("callout_warning")),
                    CalloutKind::Example => ("example", self.t("callout_example")),
                };
                json!({
                    "kind": "callout",
                    "callout": class,
                    "label": label,
                    "title": self.opt_text(&c.title),
                    "html": self.html(&c.text, Mode::Block),
                    "dom": self.next_dom("c"),
                })
            }
            Block::List(list) => {
                let items: Vec<String> = list
                    .items
                    .iter()
                    .map(|i| self.html(i, Mode::Inline))
                    .collect();
                json!({"kind": "list", "ordered": list.ordered, "items_html": items})
            }
            Block::Links(links) => {
                let items: Vec<Value> = links
                    .iter()
                    .map(|l| {
                        let dest = markdown::link_dest(&l.url);
                        let (href, external) = match &dest {
                            Some(Dest::External(u)) => (json!(u), true),
                            Some(Dest::Mail(u)) | Some(Dest::Page(u)) => (json!(u), false),
                            None => (Value::Null, false),
                        };
                        json!({
                            "title": l.title.value,
                            "lang": l.lang.as_ref().map(|t| t.value.clone()),
                            "href": href,
                            "external": external,
                            "note_html": self.opt_html(&l.note, Mode::Inline),
                        })
                    })
                    .collect();
                json!({"kind": "links", "items": items, "dom": self.next_dom("k")})
            }
            Block::Video(v) => {
                let src = self.assets.href(&v.src);
                let mime = if src.ends_with(".webm") {
                    "video/webm"
                } else {
                    "video/mp4"
                };
                let tracks: Vec<Value> = v
                    .captions
                    .0
                    .iter()
                    .map(|(tag, file)| {
                        json!({
                            "src": self.assets.href(file),
                            "srclang": tag,
                            "label": i18n::language_name(self.strings, tag),
                            "default": tag == self.lang,
                        })
                    })
                    .collect();
                json!({
                    "kind": "video",
                    "src": src,
                    "type": mime,
                    "title": self.text(&v.title),
                    "poster": v.poster.as_ref().map(|p| self.assets.href(p)),
                    "tracks": tracks,
                    "transcript_html": self.opt_html(&v.transcript, Mode::Block),
                    "dom": self.next_dom("v"),
                })
            }
        }
    }

    fn question(&mut self, k: &Keyed, place: &question::Place) -> question::View {
        let dom = self.next_dom("q");
        question::view(self, k, place, dom)
    }

    // ---- the player data ---------------------------------------------------

    fn question_data(&self, container: &str, k: &Keyed<'a>) -> question::Data<'a> {
        question::data(self, k, container)
    }

    /// The course's objectives for the player and the runtimes: `{id, iri, title}`.
    fn objectives_data(&self) -> Vec<Value> {
        let iri = self.course.iri.value.as_str();
        let objectives = self.course.objectives.iter().flat_map(|os| os.iter());
        objectives
            .map(|o| {
                json!({
                    "id": o.id.value,
                    "iri": crate::course::ids::activity_iri(iri, crate::course::ids::ActivityKind::Objective, &o.id.value),
                    "title": self.text(&o.text),
                })
            })
            .collect()
    }

    /// The JSON the player script reads from `<script id="course-data">`.
    pub fn data(&self) -> Value {
        let course = self.course;
        let checks: Vec<Value> = course
            .lessons
            .iter()
            .enumerate()
            .filter_map(|(li, l)| l.check.as_ref().map(|c| (li, c)))
            .map(|(li, c)| {
                let qs: Vec<question::Data> = self
                    .keys
                    .check(li)
                    .iter()
                    .map(|k| self.question_data(&c.id, k))
                    .collect();
                json!({
                    "id": c.id.value,
                    "feedback": feedback_key(c.feedback),
                    "shuffle": c.shuffle,
                    "questions": qs,
                })
            })
            .collect();
        let assessment = course.assessment.as_ref().map_or(Value::Null, |a| {
            let qs: Vec<question::Data> = self
                .keys
                .assessment()
                .iter()
                .map(|k| self.question_data(&a.id, k))
                .collect();
            json!({
                "id": a.id.value,
                "passMark": a.pass_mark.value,
                "draw": crate::course::objectives::drawn(self.course, a),
                "quotas": quotas_json(self.course, a),
                "attempts": a.attempts.value.max(1),
                "shuffle": a.shuffle,
                "feedback": feedback_key(a.feedback),
                "showCorrect": a.review.show_correct.name(),
                "questions": qs,
            })
        });
        json!({
            "format": 1,
            "fingerprint": state::fingerprint(course, self.keys),
            "course": {
                "id": course.id.value,
                "version": course.version.value,
                "iri": course.iri.value,
                "title": self.text(&course.title),
                "lang": self.lang,
                "completion": completion_key(course.completion.value),
            },
            "storageKey": format!("coursepack:{}:{}:{}", course.id.value, course.version.value, self.lang),
            "limits": {"fillIn": state::FILL_IN_MAX, "numeric": state::NUMERIC_MAX},
            "pages": self.pages_json(),
            "objectives": self.objectives_data(),
            "checks": checks,
            "assessment": assessment,
            "strings": self.strings,
        })
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
pub fn script_json(value: &Value) -> String {
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
        let s = script_json(&json!({"x": "</script><!-- & \u{2028}"}));
        assert!(!s.contains('<') && !s.contains('>'), "{s}");
        let back: Value = serde_json::from_str(&s).unwrap();
        assert_eq!(back["x"], "</script><!-- & \u{2028}");
    }
}
