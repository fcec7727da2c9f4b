//! Reading `course.yaml` again after an edit inside one page: only that
//! page is parsed, the rest of the course is kept (the preview's live
//! reload; `check` and `build` always read the whole file).
//!
//! After a whole parse, the byte range and first line of every page is
//! taken from the YAML tree. An edit that changes bytes inside one page only
//! (the text before and after it the same) and keeps its number of lines
//! replaces that page with the page parsed from its new text, at its lines
//! in the file; anything else (an edit across pages, a line added or
//! removed, a page that does not parse on its own) asks for a whole parse.

use super::located;
use super::model::{Course, Page};
use super::recover::{self, NodeKind};

/// Where a page is: its lesson and place there, its byte range (from its
/// first key to where the next node starts) and its first line (0-based).
#[derive(Debug, Clone, Copy)]
struct Span {
    lesson: usize,
    page: usize,
    start: usize,
    end: usize,
    line: u64,
}

/// A course as last read whole, and where its pages are in the text.
pub struct Reparse {
    text: String,
    course: Course,
    pages: Vec<Span>,
}

impl Reparse {
    /// Remembers a course read whole from `text`; `None` when the file
    /// cannot be cut into pages (see `recover`).
    pub fn new(text: String, course: Course) -> Option<Reparse> {
        let root = recover::tree(&text)?;
        let lines = recover::LineStarts::new(&text);
        let mut pages = Vec::new();
        let NodeKind::Seq(lessons) = &root.get("lessons")?.kind else {
            return None;
        };
        for (li, lesson) in lessons.iter().enumerate() {
            let NodeKind::Seq(items) = &lesson.get("pages")?.kind else {
                return None;
            };
            for (pi, page) in items.iter().enumerate() {
                let (line, _) = lines.line_of(page.start);
                pages.push(Span {
                    lesson: li,
                    page: pi,
                    start: page.start,
                    end: page.end,
                    line: line as u64,
                });
            }
        }
        let counts_agree = course.lessons.len() == lessons.len()
            && pages
                .iter()
                .all(|s| s.page < course.lessons[s.lesson].pages.len());
        counts_agree.then_some(Reparse {
            text,
            course,
            pages,
        })
    }

    /// The course as last read.
    pub fn course(&self) -> &Course {
        &self.course
    }

    /// The text as last read.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The course with `new` as its text, when the change from the last
    /// text is inside one page and keeps its lines; `false` (nothing
    /// changed) when the file must be read whole.
    pub fn edit(&mut self, new: &str) -> bool {
        let old = self.text.as_str();
        if old == new {
            return true;
        }
        let mut p = old
            .bytes()
            .zip(new.bytes())
            .take_while(|(a, b)| a == b)
            .count();
        while !(old.is_char_boundary(p) && new.is_char_boundary(p)) {
            p -= 1;
        }
        let room = old.len().min(new.len()) - p;
        let mut s = old
            .bytes()
            .rev()
            .zip(new.bytes().rev())
            .take(room)
            .take_while(|(a, b)| a == b)
            .count();
        while !(old.is_char_boundary(old.len() - s) && new.is_char_boundary(new.len() - s)) {
            s -= 1;
        }
        let (old_end, new_end) = (old.len() - s, new.len() - s);
        let Some(i) = self.pages.partition_point(|pg| pg.start < p).checked_sub(1) else {
            return false;
        };
        let span = self.pages[i];
        // Strictly inside: an edit at either edge may belong to the
        // neighbour (a new page, a key of the lesson).
        if p <= span.start || old_end >= span.end {
            return false;
        }
        let delta = new.len() as isize - old.len() as isize;
        let Some(end) = span.end.checked_add_signed(delta) else {
            return false;
        };
        let (Some(before), Some(after)) = (old.get(span.start..span.end), new.get(span.start..end))
        else {
            return false;
        };
        if before.matches('\n').count() != after.matches('\n').count() || new_end > end {
            return false;
        }
        let Some(page) = parse_page(new, span.start, end, span.line) else {
            return false;
        };
        let Some(slot) = self
            .course
            .lessons
            .value
            .get_mut(span.lesson)
            .and_then(|l| l.pages.value.get_mut(span.page))
        else {
            return false;
        };
        *slot = page;
        for later in &mut self.pages[i..] {
            if later.start > span.start {
                later.start = later.start.saturating_add_signed(delta);
            }
            later.end = later.end.saturating_add_signed(delta);
        }
        self.text = new.to_string();
        true
    }
}

/// The page whose node is `text[start..end]` (its first line is `line`,
/// 0-based), parsed on its own at its place in the file.
fn parse_page(text: &str, start: usize, end: usize, line: u64) -> Option<Page> {
    let line_start = text.get(..start)?.rfind('\n').map_or(0, |i| i + 1);
    let prefix = text.get(line_start..start)?.chars().count();
    let body = text.get(start..end)?;
    let mut piece = String::with_capacity(prefix + body.len() + 1);
    piece.extend(std::iter::repeat_n(' ', prefix));
    piece.push_str(body);
    piece.push('\n');
    located::with_line_offset(line, || {
        serde_saphyr::from_str_with_options::<Page>(&piece, super::load::options()).ok()
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    const COURSE: &str = "id: c\nlessons:\n  - id: l\n    title: {en: L}\n    pages:\n      - id: a\n        title: {en: \"A\"}\n        blocks: []\n      - id: b\n        title: {en: \"B\"}\n        blocks:\n          - text: {en: \"x\"}\n    check: {id: k, questions: []}\n";

    fn parsed(text: &str) -> Course {
        // A course with only what the test needs: parse the pages through
        // the typed model by way of the real loader's options.
        let full = format!(
            "{text}version: \"1.0\"\niri: https://e.org/c\ntitle: {{en: T}}\ndescription: {{en: D}}\nlanguages: {{source: en}}\nauthors: []\nlicense: {{spdx: CC0-1.0, url: https://e.org, attribution: {{en: x}}}}\ncompletion: all-pages\n"
        );
        super::super::load::parse(Path::new("course.yaml"), &full).expect("parses")
    }

    #[test]
    fn an_edit_inside_one_page_replaces_that_page_only() {
        let mut r = Reparse::new(COURSE.to_string(), parsed(COURSE)).expect("cut");
        let edited = COURSE.replace("\"B\"", "\"Bee\"");
        assert!(r.edit(&edited));
        let page = &r.course().lessons[0].pages[1];
        assert_eq!(page.title.get("en").map(String::as_str), Some("Bee"));
        // Positions are those of the whole file.
        assert_eq!((page.id.pos.line, page.id.pos.column), (9, 13));
        assert_eq!(page.title.0.pos.line, 10);
        // A second edit of the same page, then of the other one.
        assert!(r.edit(&edited.replace("\"Bee\"", "\"Bees\"")));
        let again = edited
            .replace("\"Bee\"", "\"Bees\"")
            .replace("\"A\"", "\"Ay\"");
        assert!(r.edit(&again));
        assert_eq!(
            r.course().lessons[0].pages[0]
                .title
                .get("en")
                .map(String::as_str),
            Some("Ay")
        );
        assert_eq!(r.text(), again);
    }

    #[test]
    fn other_edits_ask_for_a_whole_parse() {
        let mut r = Reparse::new(COURSE.to_string(), parsed(COURSE)).expect("cut");
        // A lesson key, a line added to a page, an edit across two pages,
        // a page that no longer parses.
        for edited in [
            COURSE.replace("{en: L}", "{en: M}"),
            COURSE.replace("blocks: []", "blocks: []\n"),
            COURSE.replace("\"A\"", "\"AA\"").replace("\"B\"", "\"BB\""),
            COURSE.replace("title: {en: \"B\"}", "titel: {en: \"B\"}"),
        ] {
            assert!(!r.edit(&edited), "{edited}");
            assert_eq!(r.text(), COURSE);
        }
    }
}
