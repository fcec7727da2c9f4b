//! Reading `course.yaml` again after an edit inside one page or inside one
//! lesson's own keys: only that page or lesson is parsed, the rest of the
//! course is kept (the preview's live reload; `check` and `build` always
//! read the whole file).
//!
//! After a whole parse, the byte range and first line of every lesson and
//! page is taken from the YAML tree. An edit that changes bytes inside one
//! page only (the text before and after it the same), or inside one lesson
//! but outside its pages, and keeps the number of lines replaces that page
//! (or the lesson, its pages kept) with the one parsed from its new text,
//! at its lines in the file (see `recover::cut_out`). Anything else (an
//! edit across pages, a line added or removed, a course key, a part that
//! does not parse on its own) asks for a whole parse.

use super::located;
use super::model::{Course, Lesson, Page};
use super::recover::{self, Blank, NodeKind};

/// A lesson or a page: its byte range (from its first key to where the
/// next node starts), the start of its first line and that line (0-based).
#[derive(Debug, Clone, Copy)]
struct Region {
    start: usize,
    end: usize,
    line_start: usize,
    line: u64,
}

struct LessonAt {
    at: Region,
    /// Where its `pages` list is, blanked when the lesson is parsed alone.
    pages: Blank,
}

struct PageAt {
    lesson: usize,
    page: usize,
    at: Region,
}

/// A course as last read, and where its lessons and pages are in the text.
pub struct Reparse {
    text: String,
    course: Course,
    lessons: Vec<LessonAt>,
    pages: Vec<PageAt>,
}

impl Reparse {
    /// Remembers a course read whole from `text`; `None` when the file
    /// cannot be cut into parts (see `recover`).
    pub fn new(text: String, course: Course) -> Option<Reparse> {
        let root = recover::tree(&text)?;
        let lines = recover::LineStarts::new(&text);
        let region = |start: usize, end: usize| {
            let (line, line_start) = lines.line_of(start);
            Region {
                start,
                end,
                line_start,
                line: line as u64,
            }
        };
        let NodeKind::Seq(lesson_nodes) = &root.get("lessons")?.kind else {
            return None;
        };
        let (mut lessons, mut pages) = (Vec::new(), Vec::new());
        for (li, lesson) in lesson_nodes.iter().enumerate() {
            let (list, blank) = recover::child(&text, lesson, &["pages"], true)?;
            let NodeKind::Seq(items) = &list.kind else {
                return None;
            };
            lessons.push(LessonAt {
                at: region(lesson.start, lesson.end),
                pages: blank,
            });
            for (pi, page) in items.iter().enumerate() {
                pages.push(PageAt {
                    lesson: li,
                    page: pi,
                    at: region(page.start, page.end),
                });
            }
        }
        let counts_agree = course.lessons.len() == lessons.len()
            && lesson_nodes.iter().zip(course.lessons.iter()).all(|(n, l)| {
                recover::child(&text, n, &["pages"], true)
                    .is_some_and(|(list, _)| matches!(&list.kind, NodeKind::Seq(i) if i.len() == l.pages.len()))
            });
        counts_agree.then_some(Reparse {
            text,
            course,
            lessons,
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

    /// Takes `new` as the course's text when the change from the last text
    /// is inside one page, or inside one lesson but outside its pages, and
    /// keeps the lines; `false` (nothing changed) when the file must be
    /// read whole.
    pub fn edit(&mut self, new: &str) -> bool {
        if self.text == new {
            return true;
        }
        let Some(change) = Change::between(&self.text, new) else {
            return false;
        };
        // Lines before and after the change stay where they were; so must
        // the columns of what follows it on its last line.
        let same_lines = self.text[change.start..change.old_end]
            .matches('\n')
            .count()
            == new[change.start..change.new_end].matches('\n').count();
        let rest_of_line = new[change.new_end..]
            .find('\n')
            .map_or(new.len(), |i| change.new_end + i);
        if !same_lines {
            return false;
        }
        let inside = |r: &Region| r.start < change.start && change.old_end < r.end;
        let done = if let Some(i) = self.pages.iter().position(|p| inside(&p.at)) {
            let p = &self.pages[i];
            let end = change.moved(p.at.end);
            rest_of_line < end
                && parse::<Page>(new, p.at, end, &[]).is_some_and(|page| {
                    match self
                        .course
                        .lessons
                        .value
                        .get_mut(p.lesson)
                        .and_then(|l| l.pages.value.get_mut(p.page))
                    {
                        Some(slot) => {
                            *slot = page;
                            true
                        }
                        None => false,
                    }
                })
        } else if let Some(i) = self.lessons.iter().position(|l| inside(&l.at)) {
            let l = &self.lessons[i];
            let pages = l.pages;
            // Outside the pages, and not on their lines.
            let before = change.old_end < pages.start
                && self.text[change.old_end..pages.start].contains('\n');
            let after = change.start >= pages.end;
            let end = change.moved(l.at.end);
            let blank = Blank {
                start: change.moved(pages.start),
                end: change.moved(pages.end),
                ..pages
            };
            (before || after)
                && rest_of_line < end
                && parse::<Lesson>(new, l.at, end, &[blank]).is_some_and(|mut lesson| {
                    match self.course.lessons.value.get_mut(i) {
                        Some(slot) if lesson.pages.is_empty() => {
                            lesson.pages.value = std::mem::take(&mut slot.pages.value);
                            *slot = lesson;
                            true
                        }
                        _ => false,
                    }
                })
        } else {
            false
        };
        if done {
            for l in &mut self.lessons {
                change.shift(&mut l.at);
                l.pages.start = change.moved(l.pages.start);
                l.pages.end = change.moved(l.pages.end);
            }
            for p in &mut self.pages {
                change.shift(&mut p.at);
            }
            self.text = new.to_string();
        }
        done
    }
}

/// Where two texts differ: `old[start..old_end]` became `new[start..new_end]`.
struct Change {
    start: usize,
    old_end: usize,
    new_end: usize,
}

impl Change {
    fn between(old: &str, new: &str) -> Option<Change> {
        let (a, b) = (old.as_bytes(), new.as_bytes());
        let mut start = common_prefix(a, b);
        while !(old.is_char_boundary(start) && new.is_char_boundary(start)) {
            start = start.checked_sub(1)?;
        }
        let room = a.len().min(b.len()) - start;
        let mut same_end = common_suffix(&a[a.len() - room..], &b[b.len() - room..]);
        while !(old.is_char_boundary(a.len() - same_end)
            && new.is_char_boundary(b.len() - same_end))
        {
            same_end = same_end.checked_sub(1)?;
        }
        Some(Change {
            start,
            old_end: a.len() - same_end,
            new_end: b.len() - same_end,
        })
    }

    /// Where an offset of the old text at or after the change is in the new one.
    fn moved(&self, offset: usize) -> usize {
        if offset >= self.old_end {
            offset - self.old_end + self.new_end
        } else {
            offset
        }
    }

    fn shift(&self, r: &mut Region) {
        r.start = self.moved(r.start);
        r.end = self.moved(r.end);
        r.line_start = self.moved(r.line_start);
    }
}

/// How many bytes two slices share at their start (compared a block at a
/// time, then byte by byte).
fn common_prefix(a: &[u8], b: &[u8]) -> usize {
    const BLOCK: usize = 128;
    let n = a.len().min(b.len());
    let mut i = 0;
    while i + BLOCK <= n && a[i..i + BLOCK] == b[i..i + BLOCK] {
        i += BLOCK;
    }
    while i < n && a[i] == b[i] {
        i += 1;
    }
    i
}

/// How many bytes two slices share at their end.
fn common_suffix(a: &[u8], b: &[u8]) -> usize {
    const BLOCK: usize = 128;
    let n = a.len().min(b.len());
    let (a, b) = (&a[a.len() - n..], &b[b.len() - n..]);
    let mut i = 0;
    while i + BLOCK <= n && a[n - i - BLOCK..n - i] == b[n - i - BLOCK..n - i] {
        i += BLOCK;
    }
    while i < n && a[n - i - 1] == b[n - i - 1] {
        i += 1;
    }
    i
}

/// The part at `at` (its end now `end`) of `text`, parsed on its own at its
/// place in the file, with `blanks` left out.
fn parse<T: serde::de::DeserializeOwned>(
    text: &str,
    at: Region,
    end: usize,
    blanks: &[Blank],
) -> Option<T> {
    let piece = recover::cut_out(text, at.line_start, at.start, end, blanks)?;
    located::with_line_offset(at.line, || {
        serde_saphyr::from_str_with_options::<T>(&piece, super::load::options()).ok()
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
        // The lesson's own title, then its check: the pages stay.
        let lesson = again.replace("{en: L}", "{en: Lesson}");
        assert!(r.edit(&lesson));
        let l = &r.course().lessons[0];
        assert_eq!(l.title.get("en").map(String::as_str), Some("Lesson"));
        assert_eq!(l.pages.len(), 2);
        assert_eq!(l.pages[1].id.pos.line, 9);
        let check = lesson.replace("{id: k,", "{id: kk,");
        assert!(r.edit(&check));
        let l = &r.course().lessons[0];
        assert_eq!(l.check.as_ref().map(|c| c.id.value.as_str()), Some("kk"));
        assert_eq!(l.check.as_ref().map(|c| c.id.pos.line), Some(13));
        assert_eq!(l.pages.len(), 2);
        // After a page's text grew, the next page is still found.
        assert!(r.edit(&check.replace("\"Ay\"", "\"Ayyyyyy\"")));
        assert!(
            r.edit(
                &check
                    .replace("\"Ay\"", "\"Ayyyyyy\"")
                    .replace("\"Bees\"", "\"B\"")
            )
        );
        assert_eq!(
            r.course().lessons[0].pages[1]
                .title
                .get("en")
                .map(String::as_str),
            Some("B")
        );
    }

    #[test]
    fn other_edits_ask_for_a_whole_parse() {
        let mut r = Reparse::new(COURSE.to_string(), parsed(COURSE)).expect("cut");
        // A course key, a line added to a page, an edit across two pages,
        // a page that no longer parses.
        for edited in [
            COURSE.replace("id: c\n", "id: d\n"),
            COURSE.replace("blocks: []", "blocks: []\n"),
            COURSE.replace("\"A\"", "\"AA\"").replace("\"B\"", "\"BB\""),
            COURSE.replace("title: {en: \"B\"}", "titel: {en: \"B\"}"),
        ] {
            assert!(!r.edit(&edited), "{edited}");
            assert_eq!(r.text(), COURSE);
        }
    }
}
