//! Semantic checks on a parsed course: everything the types alone cannot say.
//!
//! The checker never stops at the first problem: it walks the whole course and
//! collects every diagnostic, each pointing at the line and column of the value
//! at fault, with a hint on what to do.

use super::content;
use super::ids::{self, MAX_INTERACTION_ID_LEN};
use super::located::Located;
use super::model::*;
use super::rules;
use crate::diag::Pos;
use crate::diag::{Diagnostic, Rule};
use crate::render::markdown::link_dest;
use pulldown_cmark::{Event, Parser, Tag};
use std::collections::HashMap;
use std::collections::HashSet;
use std::path::{Component, Path};

/// The most languages a course may declare: every language is a package per
/// target, and no course coursepack knows of has more than a dozen.
pub const MAX_LANGUAGES: usize = 50;
/// The longest string coursepack accepts (a page's text is a few thousand).
pub const MAX_TEXT_CHARS: usize = 100_000;
/// SCORM 1.2 `<title>` (IMS CP 1.1.2 `text200`); the other targets allow more.
pub const MAX_SCORM12_TITLE: usize = 200;
/// IMS CP `manifest@version` (SCORM 1.2 and 2004).
pub const MAX_VERSION_LEN: usize = 20;
/// SCORM 1.2 `file@href` (IMS CP 1.1.2 `text2000`).
pub const MAX_HREF_LEN: usize = 2000;
/// Case-insensitive "did you mean" look-ups for missing assets.
const MAX_NEAR_FILE_LOOKUPS: usize = 20;

/// SCORM 1.2 choice and matching answers are single characters `0-9a-z`.
pub const MAX_SCORM12_OPTIONS: usize = 36;
/// SCORM 1.2's CMIFeedback (`student_response`, `correct_responses.n.pattern`).
pub const MAX_SCORM12_RESPONSE: usize = 255;

const IMAGE_EXTS: &[&str] = &["png", "jpg", "jpeg", "gif", "webp", "svg"];
const VIDEO_EXTS: &[&str] = &["mp4", "webm"];
const CAPTION_EXTS: &[&str] = &["vtt"];

/// Checks `course`, read from `file` in the course folder `dir`.
pub fn check(course: &Course, file: &Path, dir: &Path) -> Vec<Diagnostic> {
    let mut c = Checker {
        file,
        dir,
        gate: super::gate::Gate::new(dir).ok(),
        too_many_langs: false,
        near_file_lookups: 0,
        langs: Vec::new(),
        bad_lang_tag: false,
        diags: Vec::new(),
        ids: HashMap::new(),
        pages: HashMap::new(),
        page_links: Vec::new(),
    };
    c.course(course);
    for o in course.objectives.iter().flat_map(|os| os.iter()) {
        if !ids::is_safe_id(&o.id) {
            c.bad_id(&o.id, "objective id");
        }
        c.unique_id(&o.id, "objective");
        c.text(&o.text, &format!("objective `{}`", o.id.value));
    }
    c.diags.extend(super::objectives::check(course, file));
    c.diags
}

struct Checker<'a> {
    file: &'a Path,
    dir: &'a Path,
    /// Every asset is held to the gate the build reads it through.
    gate: Option<super::gate::Gate>,
    /// More languages than [`MAX_LANGUAGES`]: translation checks are skipped
    /// (the declaration is the one root cause, and they would cost
    /// texts × languages).
    too_many_langs: bool,
    /// Case-insensitive look-ups for missing assets so far (each lists a
    /// folder; capped so many missing assets stay linear).
    near_file_lookups: usize,
    /// Declared languages, source first.
    langs: Vec<String>,
    /// A declared tag is malformed: the strings written in the language it
    /// was meant to be are not reported as undeclared one by one (the
    /// declaration is the one root cause).
    bad_lang_tag: bool,
    diags: Vec<Diagnostic>,
    /// Every course-wide id and where it was first defined.
    ids: HashMap<String, Pos>,
    pages: HashMap<String, Pos>,
    /// `page:` links found in markdown: (target page id, where).
    page_links: Vec<(String, Pos)>,
}

impl Checker<'_> {
    fn report(
        &mut self,
        rule: Rule,
        pos: Pos,
        message: impl Into<String>,
        hint: impl Into<String>,
    ) {
        self.diags
            .push(Diagnostic::new(rule, self.file, Some(pos), message).hint(hint));
    }

    fn course(&mut self, course: &Course) {
        self.languages(&course.languages);
        self.manifest_limits(course);
        if !ids::is_safe_id(&course.id) {
            self.bad_id(&course.id, "course id");
        }
        self.version(&course.version);
        self.iri(&course.iri);
        self.text(&course.title, "course title");
        self.text(&course.description, "course description");
        if course.authors.is_empty() {
            self.report(
                rules::STRUCTURE_EMPTY,
                course.authors.pos,
                "the course names no author",
                "add at least one entry `- name: ...` to `authors`",
            );
        }
        for author in course.authors.iter() {
            self.plain(&author.name, "author name");
            if let Some(role) = &author.role {
                self.text(role, &format!("role of author `{}`", author.name.value));
            }
            if let Some(url) = &author.url {
                self.url(url);
            }
        }
        self.license(&course.license);

        if course.lessons.is_empty() {
            self.report(
                rules::STRUCTURE_EMPTY,
                course.lessons.pos,
                "the course has no lessons",
                "add at least one lesson with one page",
            );
        }
        for lesson in course.lessons.iter() {
            self.lesson(lesson);
        }
        if let Some(assessment) = &course.assessment {
            self.assessment(assessment);
        }
        if course.assessment.is_none()
            && matches!(
                course.completion.value,
                CompletionRule::AssessmentPassed | CompletionRule::Both
            )
        {
            self.report(
                rules::COMPLETION_RULE,
                course.completion.pos,
                "the completion rule needs a final assessment, but the course has none",
                "add an `assessment:` or use `completion: all-pages`",
            );
        }
        self.resolve_page_links();
        self.suspend_limit(course);
    }

    // ---- metadata -------------------------------------------------------

    fn languages(&mut self, langs: &Languages) {
        let declared = 1 + langs.translations.len();
        if declared > MAX_LANGUAGES {
            self.too_many_langs = true;
            self.report(
                rules::LANG_TOO_MANY,
                langs.translations.get(MAX_LANGUAGES - 1).map_or(langs.source.pos, |t| t.pos),
                format!("the course declares {declared} languages; coursepack builds at most {MAX_LANGUAGES}"),
                format!("keep at most {MAX_LANGUAGES} languages (source and translations together): each one is a package per target; split the course if you need more"),
            );
            return;
        }
        let mut seen: HashSet<String> = HashSet::new();
        let all = std::iter::once(&langs.source).chain(langs.translations.iter());
        for tag in all {
            if !is_language_tag(tag) {
                self.bad_lang_tag = true;
                self.report(
                    rules::LANG_TAG,
                    tag.pos,
                    format!("`{}` is not a BCP 47 language tag", tag.value),
                    "use a tag such as `nl`, `en`, `fr-BE` or `pt-BR`",
                );
            } else if !seen.insert(tag.to_ascii_lowercase()) {
                self.report(
                    rules::LANG_DUPLICATE,
                    tag.pos,
                    format!("language `{}` is declared twice", tag.value),
                    "list each language once: the source language is not repeated in `translations`",
                );
            } else {
                self.langs.push(tag.value.clone());
            }
        }
    }

    fn version(&mut self, version: &Located<String>) {
        let parts: Vec<&str> = version.split('.').collect();
        let ok = (2..=3).contains(&parts.len())
            && parts
                .iter()
                .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()));
        if !ok {
            self.report(
                rules::META_VERSION,
                version.pos,
                format!("version `{}` is not MAJOR.MINOR[.PATCH]", version.value),
                "write the version as numbers, e.g. `version: \"1.0.0\"` (quoted, so YAML keeps it a string)",
            );
        }
    }

    fn iri(&mut self, iri: &Located<String>) {
        let rest = iri
            .strip_prefix("https://")
            .or_else(|| iri.strip_prefix("http://"));
        let problem = match rest {
            None => Some("is not an absolute http(s) IRI"),
            Some(r) if r.is_empty() || r.starts_with('/') => Some("has no host"),
            Some(r) if r.chars().any(|c| c.is_whitespace() || c.is_control()) => {
                Some("contains white space")
            }
            Some(r) if r.contains(['?', '#']) => Some("has a query or fragment"),
            Some(_) => None,
        };
        if let Some(problem) = problem {
            self.report(
                rules::META_IRI,
                iri.pos,
                format!("course IRI `{}` {problem}", iri.value),
                "use an absolute IRI under a domain you control, e.g. `https://example.org/courses/my-course`; lesson, page and question activity ids are derived from it",
            );
        }
    }

    fn license(&mut self, license: &License) {
        let spdx_ok = !license.spdx.is_empty()
            && license
                .spdx
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '+'));
        if !spdx_ok {
            self.report(
                rules::META_LICENSE,
                license.spdx.pos,
                format!("`{}` is not an SPDX licence identifier", license.spdx.value),
                "use the SPDX id, e.g. `CC-BY-NC-SA-4.0` or `CC-BY-4.0`",
            );
        }
        self.url(&license.url);
        self.text(&license.attribution, "licence attribution");
    }

    // ---- structure ------------------------------------------------------

    fn lesson(&mut self, lesson: &Lesson) {
        self.unique_id(&lesson.id, "lesson");
        self.text(
            &lesson.title,
            &format!("title of lesson `{}`", lesson.id.value),
        );
        if lesson.pages.is_empty() {
            self.report(
                rules::STRUCTURE_EMPTY,
                lesson.pages.pos,
                format!("lesson `{}` has no pages", lesson.id.value),
                "add at least one page with one block",
            );
        }
        for page in lesson.pages.iter() {
            self.page(page);
        }
        if let Some(check) = &lesson.check {
            self.unique_id(&check.id, "knowledge check");
            if let Some(title) = &check.title {
                self.text(title, &format!("title of check `{}`", check.id.value));
            }
            self.questions(&check.id, "check", &check.questions, check.feedback);
        }
    }

    fn page(&mut self, page: &Page) {
        if self.unique_id(&page.id, "page") {
            self.pages.insert(page.id.value.clone(), page.id.pos);
        }
        let where_ = format!("page `{}`", page.id.value);
        self.text(&page.title, &format!("title of {where_}"));
        if page.blocks.is_empty() {
            self.report(
                rules::STRUCTURE_EMPTY,
                page.blocks.pos,
                format!("{where_} has no content blocks"),
                "add at least one block, e.g. `- text: {nl: ..., en: ...}`",
            );
        }
        for block in page.blocks.iter() {
            self.block(block, &where_);
        }
    }

    fn block(&mut self, block: &Located<Block>, where_: &str) {
        match &block.value {
            Block::Heading(t) => self.text(t, &format!("heading on {where_}")),
            Block::Text(t) => self.markdown(t, &format!("text on {where_}")),
            Block::Image(image) => self.image(image, where_),
            Block::Callout(callout) => {
                if let Some(title) = &callout.title {
                    self.text(title, &format!("callout title on {where_}"));
                }
                self.markdown(&callout.text, &format!("callout on {where_}"));
            }
            Block::List(list) => {
                if list.items.is_empty() {
                    self.report(
                        rules::STRUCTURE_EMPTY,
                        list.items.pos,
                        format!("list on {where_} has no items"),
                        "add items or remove the list",
                    );
                }
                for item in list.items.iter() {
                    self.markdown(item, &format!("list item on {where_}"));
                }
            }
            Block::Links(links) => {
                if links.is_empty() {
                    self.report(
                        rules::STRUCTURE_EMPTY,
                        links.pos,
                        format!("links block on {where_} is empty"),
                        "add links or remove the block",
                    );
                }
                for link in links.iter() {
                    self.plain(&link.title, "link title");
                    self.url(&link.url);
                    if let Some(lang) = &link.lang
                        && !is_language_tag(lang)
                    {
                        self.report(
                            rules::LANG_TAG,
                            lang.pos,
                            format!("`{}` (the language of link `{}`) is not a BCP 47 language tag", lang.value, link.title.value),
                            "use a tag such as `en`, `fr` or `pt-BR`, the language the title is written in",
                        );
                    }
                    if let Some(note) = &link.note {
                        self.markdown(note, &format!("note of link `{}`", link.title.value));
                    }
                }
            }
            Block::Video(video) => {
                self.asset(&video.src, VIDEO_EXTS, "video");
                self.text(&video.title, &format!("video title on {where_}"));
                self.localized(
                    &video.captions,
                    &format!("captions of the video on {where_}"),
                );
                for captions in video.captions.0.values() {
                    self.asset(captions, CAPTION_EXTS, "captions");
                }
                if let Some(poster) = &video.poster {
                    self.asset(poster, IMAGE_EXTS, "poster image");
                }
                if let Some(t) = &video.transcript {
                    self.markdown(t, &format!("video transcript on {where_}"));
                }
            }
        }
    }

    fn image(&mut self, image: &Image, where_: &str) {
        self.asset(&image.src, IMAGE_EXTS, "image");
        let what = format!("alt text of image `{}` on {where_}", image.src.value);
        self.localized(&image.alt, &what);
        let file_name = Path::new(image.src.as_str())
            .file_name()
            .map(|n| n.to_string_lossy().to_lowercase());
        for (lang, alt) in image.alt.0.iter() {
            if self.string_limits(alt, alt.pos, &format!("{what} (`{lang}`)")) {
                continue;
            }
            let trimmed = alt.trim().to_lowercase();
            let looks_like_file = file_name.as_deref() == Some(trimmed.as_str())
                || IMAGE_EXTS
                    .iter()
                    .any(|ext| trimmed.ends_with(&format!(".{ext}")));
            if trimmed.is_empty() {
                self.report(
                    rules::IMAGE_ALT,
                    alt.pos,
                    format!("{what} is empty in `{lang}`"),
                    "describe what the image shows and why it is there; screen-reader users hear this text instead of seeing the image",
                );
            } else if looks_like_file {
                self.report(
                    rules::IMAGE_ALT,
                    alt.pos,
                    format!("{what} in `{lang}` is a file name, not a description"),
                    "describe what the image shows, e.g. \"Bar chart of listening minutes per month\"",
                );
            }
        }
        if let Some(caption) = &image.caption {
            self.markdown(caption, &format!("caption of image `{}`", image.src.value));
        }
    }

    // ---- questions ------------------------------------------------------

    fn assessment(&mut self, a: &Assessment) {
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
    fn questions(
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

    // ---- ids --------------------------------------------------------------

    fn bad_id(&mut self, id: &Located<String>, what: &str) {
        self.report(
            rules::ID_FORMAT,
            id.pos,
            format!("{what} `{}` is not a safe id", id.value),
            format!(
                "use lower-case letters, digits, `-` and `_`, starting with a letter, at most {} characters (e.g. `{}`)",
                ids::MAX_ID_LEN,
                suggest_id(&id.value)
            ),
        );
    }

    /// Checks a course-wide id; returns whether it is new and well-formed.
    fn unique_id(&mut self, id: &Located<String>, what: &str) -> bool {
        if !ids::is_safe_id(id) {
            self.bad_id(id, &format!("{what} id"));
            return false;
        }
        if let Some(first) = self.ids.get(id.as_str()).copied() {
            self.report(
                rules::ID_DUPLICATE,
                id.pos,
                format!("id `{}` is already used at line {}", id.value, first.line),
                "lessons, pages, checks, the assessment and questions share one id space: give this one another id",
            );
            return false;
        }
        self.ids.insert(id.value.clone(), id.pos);
        true
    }

    /// An id that only needs to be unique within its question.
    fn local_id(&mut self, qid: &str, id: &Located<String>, seen: &mut HashMap<String, Pos>) {
        if !ids::is_safe_id(id) {
            self.bad_id(id, &format!("option id in `{qid}`"));
        } else if let Some(first) = seen.get(id.as_str()) {
            let line = first.line;
            self.report(
                rules::ID_DUPLICATE,
                id.pos,
                format!(
                    "option id `{}` is used twice in question `{qid}` (first at line {line})",
                    id.value
                ),
                "give each option of a question its own id",
            );
        } else {
            seen.insert(id.value.clone(), id.pos);
        }
    }

    // ---- text -------------------------------------------------------------

    /// Every declared language present, no undeclared one.
    fn localized<T>(&mut self, value: &Localized<T>, what: &str) {
        let map = &value.0;
        if self.too_many_langs {
            return;
        }
        // One diagnostic per text, however many languages it lacks.
        let missing: Vec<&String> = self
            .langs
            .iter()
            .filter(|l| !map.contains_key(l.as_str()))
            .collect();
        if let Some(first) = missing.first() {
            let (message, add) = match missing.len() {
                1 => (
                    format!("{what} has no `{first}` translation"),
                    format!("`{first}: ...`"),
                ),
                n => (
                    format!(
                        "{what} has no translation in {n} languages: {}",
                        list(missing.iter().map(|l| l.as_str()))
                    ),
                    "a translation for each".to_string(),
                ),
            };
            let hint = format!(
                "add {add} here (the course declares the languages {})",
                self.langs.join(", ")
            );
            self.report(rules::I18N_MISSING, map.pos, message, hint);
        }
        for (lang, v) in map.iter() {
            if !self.bad_lang_tag && !self.langs.iter().any(|l| l == lang) {
                self.report(
                    rules::I18N_UNKNOWN_LANG,
                    v.pos,
                    format!("{what} is given in `{lang}`, which the course does not declare"),
                    format!(
                        "remove it, fix the tag, or add `{lang}` to `languages.translations` (declared: {})",
                        self.langs.join(", ")
                    ),
                );
            }
        }
    }

    fn text(&mut self, text: &Text, what: &str) {
        self.localized(text, what);
        for (lang, v) in text.0.iter() {
            self.string_limits(v, v.pos, &format!("{what} (`{lang}`)"));
            if v.trim().is_empty() {
                self.report(
                    rules::TEXT_EMPTY,
                    v.pos,
                    format!("{what} is empty in `{lang}`"),
                    "write the text, or remove the element",
                );
            }
        }
    }

    fn plain(&mut self, value: &Located<String>, what: &str) {
        self.string_limits(value, value.pos, what);
        if value.trim().is_empty() {
            self.report(
                rules::TEXT_EMPTY,
                value.pos,
                format!("{what} is empty"),
                "write the text",
            );
        }
    }

    fn markdown(&mut self, text: &Text, what: &str) {
        self.text(text, what);
        for (lang, v) in text.0.iter() {
            for event in Parser::new(v) {
                match event {
                    Event::Html(html) | Event::InlineHtml(html) => self.report(
                        rules::MARKDOWN_HTML,
                        v.pos,
                        format!("{what} (`{lang}`) contains raw HTML `{}`", html.trim()),
                        "write it in markdown; to show a literal `<`, escape it as `\\<`",
                    ),
                    Event::Start(Tag::Link { dest_url, .. })
                    | Event::Start(Tag::Image { dest_url, .. }) => {
                        self.link_target(&dest_url, v.pos, what);
                    }
                    _ => {}
                }
            }
        }
    }

    fn link_target(&mut self, dest: &str, pos: Pos, what: &str) {
        if let Some(page) = dest.strip_prefix("page:") {
            self.page_links.push((page.to_string(), pos));
            return;
        }
        self.check_url(dest, pos, what);
    }

    fn url(&mut self, url: &Located<String>) {
        if self.string_limits(url, url.pos, "link") {
            return;
        }
        self.check_url(url, url.pos, "link");
    }

    /// A link's address, classified by the function the renderer uses
    /// ([`link_dest`]), so what `check` accepts is what the player shows as
    /// a link (a bare `https://` is refused here, not shown as text there).
    fn check_url(&mut self, url: &str, pos: Pos, what: &str) {
        let lower = url.trim().to_ascii_lowercase();
        let known = ["https://", "http://", "mailto:"]
            .iter()
            .any(|s| lower.starts_with(s));
        match link_dest(url) {
            Some(_) if lower.starts_with("http://") => self.report(
                rules::LINK_INSECURE,
                pos,
                format!("{what}: `{url}` uses plain http"),
                "use https if the site offers it; browsers and LMSs served over https may block or warn about http links",
            ),
            Some(_) => {}
            None if known && url.chars().any(char::is_whitespace) => self.report(
                rules::LINK_SCHEME,
                pos,
                format!("{what}: address `{url}` contains white space"),
                "encode spaces as %20",
            ),
            None if known => self.report(
                rules::LINK_SCHEME,
                pos,
                format!("{what}: `{url}` has no address after the scheme"),
                "write the whole address, e.g. https://example.org/page",
            ),
            None => self.report(
                rules::LINK_SCHEME,
                pos,
                format!("{what}: `{url}` is not an http(s), mailto or page: link"),
                "link to a web address with https://, to an e-mail address with mailto:, or to a page of the course with page:<page-id>",
            ),
        }
    }

    fn resolve_page_links(&mut self) {
        let mut known: Vec<String> = self.pages.keys().cloned().collect();
        known.sort();
        for (target, pos) in std::mem::take(&mut self.page_links) {
            if !self.pages.contains_key(&target) {
                let near = known
                    .iter()
                    .find(|k| k.starts_with(target.get(..3).unwrap_or(&target)))
                    .map(|k| format!("did you mean `page:{k}`?"))
                    .unwrap_or_else(|| "link to the id of an existing page".to_string());
                self.report(
                    rules::REF_UNRESOLVED,
                    pos,
                    format!("`page:{target}` links to a page that does not exist"),
                    near,
                );
            }
        }
    }

    // ---- assets -----------------------------------------------------------

    fn asset(&mut self, src: &Located<String>, exts: &[&str], what: &str) {
        let raw = src.value.as_str();
        let path = Path::new(raw);
        let bad_form = raw.is_empty()
            || raw.contains('\\')
            || raw.contains("://")
            || path.is_absolute()
            || raw.as_bytes().get(1) == Some(&b':')
            || path
                .components()
                .any(|c| !matches!(c, Component::Normal(_) | Component::CurDir));
        if bad_form {
            self.report(
                rules::ASSET_PATH,
                src.pos,
                format!("{what} path `{raw}` must be a relative path inside the course folder"),
                "use a path relative to course.yaml with `/` separators and no `..`, e.g. `assets/picture.png`; remote files are not allowed because a package must work offline",
            );
            return;
        }
        let ext = path
            .extension()
            .map(|e| e.to_string_lossy().to_ascii_lowercase())
            .unwrap_or_default();
        let known_type = exts.contains(&ext.as_str());
        if !known_type {
            self.report(
                rules::ASSET_TYPE,
                src.pos,
                format!("{what} `{raw}` is not one of the types {}", exts.join(", ")),
                format!("convert the file to one of: {}", exts.join(", ")),
            );
        }
        let ext = if known_type { ext } else { String::new() };
        if package_path(raw).len() > MAX_HREF_LEN {
            self.report(
                rules::LIMIT_ASSET_PATH,
                src.pos,
                format!(
                    "{what} path is {} characters long; SCORM 1.2 allows at most {MAX_HREF_LEN} in a package path",
                    raw.chars().count()
                ),
                "use a shorter path and file name",
            );
            return;
        }
        self.asset_file(src, &ext, what);
    }
}

/// The safe package path an asset gets (as the build names it).
fn package_path(raw: &str) -> String {
    crate::render::assets::package_path(raw)
}

// ---- limits, the gate and asset content (issue 13) ------------------------

impl Checker<'_> {
    /// The limits every string shares: a length cap and no character XML 1.0
    /// forbids (the build writes every string into XML or HTML). Returns
    /// whether a limit was broken. One pass, no copy.
    fn string_limits(&mut self, value: &str, pos: Pos, what: &str) -> bool {
        let mut count = 0usize;
        for (i, c) in value.chars().enumerate() {
            count = i + 1;
            let forbidden = (c < ' ' && !matches!(c, '\t' | '\n' | '\r'))
                || matches!(c, '\u{FFFE}' | '\u{FFFF}');
            if forbidden {
                self.report(
                    rules::TEXT_CHAR,
                    pos,
                    format!(
                        "{what} has the character U+{:04X} at position {}, which XML 1.0 forbids",
                        c as u32,
                        i + 1
                    ),
                    "remove it (it is invisible: look for a YAML escape such as \\e, \\a, \\b or \\uFFFE)",
                );
                return true;
            }
            if count > MAX_TEXT_CHARS {
                self.report(
                    rules::TEXT_TOO_LONG,
                    pos,
                    format!("{what} is longer than {MAX_TEXT_CHARS} characters"),
                    "split it over several blocks or pages",
                );
                return true;
            }
        }
        let _ = count;
        false
    }

    /// The limits of the manifests' own fields, checked for every target
    /// whether or not it is built (the build's default is every target).
    fn manifest_limits(&mut self, course: &Course) {
        if let Some(title) = course
            .title
            .0
            .values()
            .find(|t| t.chars().count() > MAX_SCORM12_TITLE)
        {
            self.report(
                rules::LIMIT_SCORM12_TITLE,
                title.pos,
                format!(
                    "the course title has {} characters; SCORM 1.2 allows at most {MAX_SCORM12_TITLE}",
                    title.chars().count()
                ),
                "shorten the title; put the rest in the description",
            );
        }
        if course.version.chars().count() > MAX_VERSION_LEN {
            self.report(
                rules::LIMIT_VERSION,
                course.version.pos,
                format!("the version is longer than the {MAX_VERSION_LEN} characters SCORM manifests allow"),
                "use a short version such as `1.0.0`",
            );
        }
        if self.string_limits(&course.iri, course.iri.pos, "course IRI") {
            return;
        }
        self.string_limits(&course.version, course.version.pos, "version");
    }

    /// The resume state must fit the smallest store of the targets (SCORM
    /// 1.2's `cmi.suspend_data`), which the build refuses to exceed.
    fn suspend_limit(&mut self, course: &Course) {
        let worst = crate::render::state::worst_case(course);
        use crate::target::Target;
        let Some(limit) = crate::target::Scorm12.suspend_limit() else {
            return;
        };
        if worst > limit {
            self.report(
                rules::LIMIT_SUSPEND,
                course.lessons.pos,
                format!("a learner's resume state could need {worst} characters; SCORM 1.2 stores at most {limit}"),
                "reduce what the state holds: fewer questions (fill-in answers take the most room) or a smaller assessment draw",
            );
        }
    }

    /// The gate's verdict on an asset, then its content (magic bytes, SVG).
    fn asset_file(&mut self, src: &Located<String>, ext: &str, what: &str) {
        use super::gate::GateError as G;
        let raw = src.value.as_str();
        let Some(gate) = self.gate.clone() else {
            return;
        };
        let rel = Path::new(raw);
        match gate.resolve(rel) {
            Ok(_) => {}
            Err(G::Missing) => {
                let full = self.dir.join(rel);
                self.near_file_lookups += 1;
                // Only folders inside the course are listed (a folder that
                // is a link out must not reveal what is there).
                let inside = full
                    .parent()
                    .and_then(|p| p.canonicalize().ok())
                    .is_some_and(|p| p.starts_with(gate.root()));
                let near = if inside && self.near_file_lookups <= MAX_NEAR_FILE_LOOKUPS {
                    near_file(&full)
                } else {
                    None
                };
                let hint = match near {
                    Some(name) => {
                        format!("there is `{name}`: file names are case-sensitive in packages")
                    }
                    None => format!("put the file at {} or fix the path", full.display()),
                };
                self.report(
                    rules::ASSET_MISSING,
                    src.pos,
                    format!("{what} `{raw}` does not exist"),
                    hint,
                );
                return;
            }
            Err(G::Outside) => {
                self.report(
                    rules::ASSET_SYMLINK,
                    src.pos,
                    format!("{what} `{raw}` is a link to a file outside the course folder"),
                    "copy the file into the course folder instead of linking to it",
                );
                return;
            }
            Err(e) => {
                self.report(
                    rules::ASSET_SPECIAL,
                    src.pos,
                    format!("{what} `{raw}` {e}"),
                    "point at an ordinary file: folders, FIFOs, sockets and devices cannot go into a package",
                );
                return;
            }
        }
        let finding = if ext == "svg" {
            match gate.read(rel, content::MAX_SVG_BYTES) {
                Ok(bytes) => content::check_svg(&bytes),
                Err(e) => Some(content::Finding::Mismatch(format!(
                    "cannot be checked: it {e}"
                ))),
            }
        } else {
            match gate.head(rel, content::HEAD_BYTES) {
                Ok(head) => content::check_head(ext, &head),
                Err(e) => Some(content::Finding::Mismatch(format!(
                    "cannot be read: it {e}"
                ))),
            }
        };
        match finding {
            None => {}
            Some(content::Finding::Mismatch(m)) => self.report(
                rules::ASSET_TYPE_MISMATCH,
                src.pos,
                format!("{what} `{raw}` {m}"),
                "export the file again in the format its name says, or rename it to its real type",
            ),
            Some(content::Finding::Active { pos, message }) => {
                let line = src.pos.line;
                self.diags.push(
                    Diagnostic::new(
                        rules::ASSET_SVG_ACTIVE,
                        &self.dir.join(rel),
                        Some(pos),
                        format!("{what} `{raw}` (course.yaml line {line}) {message}"),
                    )
                    .hint("an SVG asset must be a plain picture: remove scripts, event handlers, <foreignObject>, links to other files and DTDs (or export it as PNG)"),
                );
            }
        }
    }
}

/// Up to five names, then how many more.
fn list<'s>(names: impl Iterator<Item = &'s str>) -> String {
    let names: Vec<&str> = names.collect();
    let mut out = names
        .iter()
        .take(5)
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ");
    if names.len() > 5 {
        out.push_str(&format!(" and {} more", names.len() - 5));
    }
    out
}

/// A file in the same folder whose name differs only in case.
fn near_file(path: &Path) -> Option<String> {
    let name = path.file_name()?.to_string_lossy().to_lowercase();
    let entries = std::fs::read_dir(path.parent()?).ok()?;
    entries
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .find(|n| n.to_lowercase() == name)
}

/// A well-formed (not necessarily registered) BCP 47 tag: a 2-3 letter primary
/// language and optional 1-8 character alphanumeric subtags.
fn is_language_tag(tag: &str) -> bool {
    let mut parts = tag.split('-');
    let primary_ok = parts
        .next()
        .is_some_and(|p| (2..=3).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphabetic()));
    primary_ok
        && parts.all(|p| (1..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()))
}

/// A safe id close to what the author wrote, for hints.
fn suggest_id(raw: &str) -> String {
    let mut out = String::new();
    for c in raw.chars() {
        match c {
            'a'..='z' | '0'..='9' | '_' | '-' => out.push(c),
            'A'..='Z' => out.push(c.to_ascii_lowercase()),
            _ if !out.ends_with('-') => out.push('-'),
            _ => {}
        }
    }
    let trimmed = out.trim_matches('-');
    let mut id: String = if trimmed.starts_with(|c: char| c.is_ascii_lowercase()) {
        trimmed.to_string()
    } else {
        format!("x-{trimmed}")
    };
    id.truncate(ids::MAX_ID_LEN);
    id
}

/// The declared languages of a course, source first (used by later stages too).
pub fn languages(course: &Course) -> Vec<String> {
    std::iter::once(course.languages.source.value.clone())
        .chain(
            course
                .languages
                .translations
                .iter()
                .map(|t| t.value.clone()),
        )
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn language_tags() {
        for ok in ["nl", "en", "pt-BR", "zh-Hant-TW", "de-CH-1996"] {
            assert!(is_language_tag(ok), "{ok}");
        }
        for bad in ["", "n", "english", "en_GB", "nl-", "e1"] {
            assert!(!is_language_tag(bad), "{bad}");
        }
    }

    #[test]
    fn id_suggestions_are_safe() {
        for raw in ["Case Study 1", "1st", "Über-Kurs", "a.b", "---"] {
            assert!(
                ids::is_safe_id(&suggest_id(raw)),
                "{raw} -> {}",
                suggest_id(raw)
            );
        }
    }
}
