//! Every structural error of `course.yaml` at once.
//!
//! The typed parse ([`super::load::parse`]) stops at the first value that
//! does not fit the format. When that happens and the YAML itself is well
//! formed, the file is read again as a tree of nodes with their source
//! ranges and cut into units: the course's own keys, the assessment, each
//! lesson, page, block and question. Each unit is deserialised on its own,
//! from a copy of its lines in which its child units are blanked out (`[]`,
//! or `~` for the assessment) and everything before it on its first line is
//! spaces, so every line and column it reports is the one in the file. A
//! unit that fails reports its first error; the units that read make up a
//! partial course, so `check` can still report its warnings.
//!
//! Nothing here is used on a course that parses: the cost is paid only when
//! there are errors to report, and it is linear (every byte is copied once
//! per unit level above it, at most five) and bounded (the same node and
//! depth limits as the parse, at most [`MAX_REPORTED`] errors kept).
//!
//! Recovery gives up, leaving the one error of the typed parse, when the
//! file uses anchors or aliases (a unit cut out of the file would lose the
//! anchor it refers to), holds several documents, or exceeds the limits.

use super::load;
use super::located;
use super::model::{Assessment, Block, Course, Lesson, Page, Question};
use super::rules;
use crate::diag::Diagnostic;
use granit_parser::{Event, Parser};
use std::path::Path;

/// The most structural errors listed; the rest are counted in one last
/// diagnostic.
pub const MAX_REPORTED: usize = 50;

/// What recovery found: every structural error (sorted by position, at most
/// [`MAX_REPORTED`] and one that counts the rest) and, when the course's own
/// keys read, the course made of the units that read.
pub struct Recovered {
    pub diagnostics: Vec<Diagnostic>,
    pub partial: Option<Course>,
}

/// Every structural error of `text`, given the first one the typed parse
/// found (`first`). Returns just `first` when the file cannot be cut into
/// units (see the module documentation).
pub fn structural_errors(path: &Path, text: &str, first: Diagnostic) -> Recovered {
    let alone = |first| Recovered {
        diagnostics: vec![first],
        partial: None,
    };
    let recoverable = [
        rules::YAML_TYPE.id,
        rules::YAML_UNKNOWN_KEY.id,
        rules::YAML_MISSING_KEY.id,
        rules::YAML_DUPLICATE_KEY.id,
    ];
    if !recoverable.contains(&first.rule_id) {
        return alone(first);
    }
    let Some(root) = tree(text) else {
        return alone(first);
    };
    let lines = LineStarts::new(text);
    let Some(units) = cut(text, &root) else {
        return alone(first);
    };
    let mut parsed: Vec<Option<Parsed>> = Vec::with_capacity(units.len());
    let mut found = Found::default();
    for unit in &units {
        let Some((piece, offset)) = piece(text, &lines, unit) else {
            return alone(first);
        };
        match deserialize(unit.kind, &piece, offset) {
            Ok(value) => parsed.push(Some(value)),
            Err(e) => {
                let mut d = load::yaml_error(path, &piece, &e);
                // A unit that is not well-formed YAML on its own was cut
                // wrongly: keep the one error that is certain.
                if d.rule_id == rules::YAML_SYNTAX.id || d.rule_id == rules::YAML_LIMIT.id {
                    return alone(first);
                }
                d.line = d.line.map(|l| l + offset);
                found.push(d);
                parsed.push(None);
            }
        }
    }
    let mut diagnostics = found.finish();
    if diagnostics.is_empty() {
        return alone(first);
    }
    let covered = diagnostics
        .iter()
        .any(|d| d.rule_id == first.rule_id && d.line == first.line && d.column == first.column);
    if !covered {
        diagnostics.insert(0, first);
    }
    let partial = assemble(&units, &mut parsed, 0).and_then(|p| match p {
        Parsed::Course(c) => Some(*c),
        _ => None,
    });
    Recovered {
        diagnostics,
        partial,
    }
}

/// The errors found so far, kept bounded: the first [`MAX_REPORTED`] by
/// position, and how many more there are.
#[derive(Default)]
struct Found {
    kept: Vec<Diagnostic>,
    more: usize,
}

impl Found {
    fn push(&mut self, d: Diagnostic) {
        self.kept.push(d);
        if self.kept.len() >= 4 * MAX_REPORTED {
            self.trim();
        }
    }

    fn trim(&mut self) {
        self.kept.sort_by_key(|d| (d.line, d.column));
        if self.kept.len() > MAX_REPORTED {
            self.more += self.kept.len() - MAX_REPORTED;
            self.kept.truncate(MAX_REPORTED);
        }
    }

    fn finish(mut self) -> Vec<Diagnostic> {
        self.trim();
        if self.more > 0
            && let Some(last) = self.kept.last()
        {
            let rest = Diagnostic {
                message: format!(
                    "and {} more structural error{} after this one (only the first {MAX_REPORTED} are listed)",
                    self.more,
                    if self.more == 1 { "" } else { "s" }
                ),
                hint: Some(
                    "fix the errors listed and run `coursepack check` again to see the rest"
                        .to_string(),
                ),
                ..last.clone()
            };
            self.kept.push(rest);
        }
        self.kept
    }
}

// ---- the tree -------------------------------------------------------------

/// A YAML node and where it is in the text (byte offsets, end exclusive).
pub(super) struct Node {
    pub(super) start: usize,
    pub(super) end: usize,
    /// 0-based column (in characters) of the node's first character.
    column: usize,
    pub(super) kind: NodeKind,
}

pub(super) enum NodeKind {
    Scalar(String),
    Seq(Vec<Node>),
    Map(Vec<(Node, Node)>),
}

impl Node {
    /// The value of `key` in a mapping node.
    pub(super) fn get(&self, key: &str) -> Option<&Node> {
        match &self.kind {
            NodeKind::Map(entries) => entries.iter().find_map(|(k, v)| match &k.kind {
                NodeKind::Scalar(s) if s == key => Some(v),
                _ => None,
            }),
            _ => None,
        }
    }
}

enum Open {
    Seq(Vec<Node>),
    Map(Vec<(Node, Node)>, Option<Node>),
}

/// The document as a tree, or `None` when it has several documents,
/// anchors or aliases, breaks the node or depth limits, or does not parse.
pub(super) fn tree(text: &str) -> Option<Node> {
    let mut parser = Parser::new_from_str(text);
    // (start, column, the collection being read)
    let mut stack: Vec<(usize, usize, Open)> = Vec::new();
    let mut root = None;
    let mut documents = 0;
    let mut nodes = 0usize;
    while let Some(event) = parser.next_event() {
        let (event, span) = event.ok()?;
        let start = span.start.byte_offset()?;
        let end = span.end.byte_offset()?;
        let column = span.start.col();
        let node = match event {
            Event::DocumentStart(..) => {
                documents += 1;
                if documents > 1 {
                    return None;
                }
                continue;
            }
            Event::Scalar(value, _, anchor, _) => {
                if anchor != 0 {
                    return None;
                }
                Node {
                    start,
                    end,
                    column,
                    kind: NodeKind::Scalar(value.into_owned()),
                }
            }
            Event::SequenceStart(_, anchor, _) | Event::MappingStart(_, anchor, _) => {
                if anchor != 0 || stack.len() >= load::MAX_DEPTH {
                    return None;
                }
                let open = if matches!(event, Event::SequenceStart(..)) {
                    Open::Seq(Vec::new())
                } else {
                    Open::Map(Vec::new(), None)
                };
                stack.push((start, column, open));
                continue;
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let (start, column, open) = stack.pop()?;
                let kind = match open {
                    Open::Seq(items) => NodeKind::Seq(items),
                    Open::Map(entries, None) => NodeKind::Map(entries),
                    Open::Map(_, Some(_)) => return None,
                };
                Node {
                    start,
                    end: end.max(start),
                    column,
                    kind,
                }
            }
            Event::Alias(_) | Event::UnresolvedAlias(_) | Event::Anchor(..) => return None,
            _ => continue,
        };
        nodes += 1;
        if nodes > load::MAX_NODES {
            return None;
        }
        match stack.last_mut() {
            None if root.is_none() => root = Some(node),
            None => return None,
            Some((_, _, Open::Seq(items))) => items.push(node),
            Some((_, _, Open::Map(entries, key))) => match key.take() {
                None => *key = Some(node),
                Some(k) => entries.push((k, node)),
            },
        }
    }
    root
}

// ---- the units --------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Course,
    Assessment,
    Lesson,
    Page,
    Block,
    Question,
}

/// Where a unit's children go in it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Slot {
    Lessons,
    Assessment,
    Questions,
    Pages,
    CheckQuestions,
    Blocks,
}

/// The child units of each kind: the keys that lead to them, what they
/// are, and whether the value is a list of them (`[]`) or one (`~`).
fn children(kind: Kind) -> &'static [(&'static [&'static str], Slot, Kind, bool)] {
    match kind {
        Kind::Course => &[
            (&["lessons"], Slot::Lessons, Kind::Lesson, true),
            (&["assessment"], Slot::Assessment, Kind::Assessment, false),
        ],
        Kind::Assessment => &[(&["questions"], Slot::Questions, Kind::Question, true)],
        Kind::Lesson => &[
            (&["pages"], Slot::Pages, Kind::Page, true),
            (
                &["check", "questions"],
                Slot::CheckQuestions,
                Kind::Question,
                true,
            ),
        ],
        Kind::Page => &[(&["blocks"], Slot::Blocks, Kind::Block, true)],
        Kind::Block | Kind::Question => &[],
    }
}

/// A text range replaced by `with` (written `at` characters into it) and
/// spaces, its line breaks kept.
#[derive(Debug, Clone, Copy)]
pub(super) struct Blank {
    pub(super) start: usize,
    pub(super) end: usize,
    pub(super) with: &'static str,
    pub(super) at: usize,
}

struct Unit<'t> {
    kind: Kind,
    node: &'t Node,
    /// The whole text (the course) or the node's lines.
    whole: bool,
    blanks: Vec<Blank>,
    /// The unit this one goes into, and where.
    parent: Option<(usize, Slot)>,
    children: Vec<usize>,
}

/// The units of the course, parents before their children (the course is
/// unit 0). `None` when the root is not a mapping.
fn cut<'t>(text: &str, root: &'t Node) -> Option<Vec<Unit<'t>>> {
    if !matches!(root.kind, NodeKind::Map(_)) {
        return None;
    }
    let mut units = vec![Unit {
        kind: Kind::Course,
        node: root,
        whole: true,
        blanks: Vec::new(),
        parent: None,
        children: Vec::new(),
    }];
    let mut next = 0;
    while next < units.len() {
        let (kind, node) = (units[next].kind, units[next].node);
        for &(path, slot, child_kind, many) in children(kind) {
            let Some((at, blank)) = child(text, node, path, many) else {
                continue;
            };
            let items: Vec<&Node> = match &at.kind {
                NodeKind::Seq(items) => items.iter().collect(),
                _ => vec![at],
            };
            units[next].blanks.push(blank);
            for item in items {
                let index = units.len();
                units.push(Unit {
                    kind: child_kind,
                    node: item,
                    whole: false,
                    blanks: Vec::new(),
                    parent: Some((next, slot)),
                    children: Vec::new(),
                });
                units[next].children.push(index);
            }
        }
        units[next].blanks.sort_by_key(|b| b.start);
        next += 1;
    }
    Some(units)
}

/// The value at `path` in the mapping `node` and the blank that takes its
/// place: `[]` for a list (`many`), `~` for a mapping. `None` when it is
/// missing or not of that shape (the unit that holds it reports that).
pub(super) fn child<'t>(
    text: &str,
    node: &'t Node,
    path: &[&str],
    many: bool,
) -> Option<(&'t Node, Blank)> {
    let mut at = node;
    let mut key_column = node.column;
    for key in path {
        let NodeKind::Map(entries) = &at.kind else {
            return None;
        };
        let (k, v) = entries
            .iter()
            .find(|(k, _)| matches!(&k.kind, NodeKind::Scalar(s) if s == key))?;
        key_column = k.column;
        at = v;
    }
    match (&at.kind, many) {
        (NodeKind::Seq(_), true) | (NodeKind::Map(_), false) => {}
        _ => return None,
    }
    // A block sequence may start at its key's column (`pages:` then `- id:`
    // below it); `[]` there would not be the key's value.
    let shift = if at.column <= key_column && text.get(at.start..)?.starts_with('-') {
        2
    } else {
        0
    };
    Some((
        at,
        Blank {
            start: at.start,
            end: at.end,
            with: if many { "[]" } else { "~" },
            at: shift,
        },
    ))
}

/// Byte offsets of line starts, to find a byte's line in O(log n).
pub(super) struct LineStarts(Vec<usize>);

impl LineStarts {
    pub(super) fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineStarts(starts)
    }

    /// (0-based line, byte offset of its start) of the line holding `offset`.
    pub(super) fn line_of(&self, offset: usize) -> (usize, usize) {
        let line = self.0.partition_point(|&s| s <= offset).saturating_sub(1);
        (line, self.0.get(line).copied().unwrap_or(0))
    }
}

/// The text a unit is deserialised from and the number of lines before it
/// in the file. `None` when a blank cannot hold its replacement.
fn piece(text: &str, lines: &LineStarts, unit: &Unit) -> Option<(String, u64)> {
    if unit.whole {
        return cut_out(text, 0, 0, text.len(), &unit.blanks).map(|p| (p, 0));
    }
    let (line, line_start) = lines.line_of(unit.node.start);
    cut_out(
        text,
        line_start,
        unit.node.start,
        unit.node.end,
        &unit.blanks,
    )
    .map(|p| (p, line as u64))
}

/// `text[start..end]` as a text of its own with the same lines and columns:
/// what precedes it from `line_start` (the start of its first line) as
/// spaces, each of `blanks` (sorted, inside it) replaced. `None` when a
/// blank cannot hold its replacement.
pub(super) fn cut_out(
    text: &str,
    line_start: usize,
    start: usize,
    end: usize,
    blanks: &[Blank],
) -> Option<String> {
    let from = line_start;
    let to = end.min(text.len());
    let body = text.get(from..to)?;
    let mut out = String::with_capacity(body.len() + 1);
    let mut blanks = blanks.iter().peekable();
    // Within a blank: how many characters of it have been written.
    let mut in_blank: Option<(&Blank, usize)> = None;
    // A blank left must have held its whole replacement.
    let fits = |(b, n): (&Blank, usize)| n >= b.at + b.with.len();
    // Run by run, not character by character: a run ends where a blank
    // ends or starts, or at `start`, so a 15 MB value costs a few copies.
    let mut at = from;
    while at < to {
        if let Some(current) = in_blank
            && at >= current.0.end
        {
            if !fits(current) {
                return None;
            }
            in_blank = None;
        }
        while in_blank.is_none() {
            match blanks.next_if(|b| b.start <= at) {
                Some(b) if b.end > at => in_blank = Some((b, 0)),
                Some(_) => {}
                None => break,
            }
        }
        let mut stop = match in_blank {
            Some((b, _)) => b.end,
            None => blanks.peek().map_or(to, |b| b.start),
        }
        .min(to);
        if at < start {
            stop = stop.min(start);
        }
        // An edge inside a character counts from the next one.
        let mut stop = stop.max(at + 1);
        while !text.is_char_boundary(stop) {
            stop += 1;
        }
        let run = &text[at..stop];
        let before_start = at < start;
        at = stop;
        if before_start {
            out.push_str(&" ".repeat(run.chars().count()));
            continue;
        }
        match &mut in_blank {
            Some((b, n)) => blank_run(run, b, n, &mut out)?,
            None => out.push_str(run),
        }
    }
    if in_blank.is_some_and(|current| !fits(current)) || blanks.next().is_some() {
        return None;
    }
    if !out.ends_with('\n') {
        out.push('\n');
    }
    Some(out)
}

/// Writes `run`, part of blank `b` of which `n` characters are written, as
/// the blank's replacement and spaces, its line breaks kept. `None` when a
/// line break comes before the replacement is whole.
fn blank_run(run: &str, b: &Blank, n: &mut usize, out: &mut String) -> Option<()> {
    let whole = b.at + b.with.len();
    let mut rest = run;
    while *n < whole {
        let Some(c) = rest.chars().next() else {
            return Some(());
        };
        rest = &rest[c.len_utf8()..];
        let k = *n;
        *n += 1;
        if c == '\n' || c == '\r' {
            // The replacement does not fit on the first line.
            return None;
        }
        out.push(match k.checked_sub(b.at) {
            Some(i) => char::from(b.with.as_bytes()[i]),
            None => ' ',
        });
    }
    *n += rest.chars().count();
    for (i, line) in rest.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        for (j, piece) in line.split('\r').enumerate() {
            if j > 0 {
                out.push('\r');
            }
            out.push_str(&" ".repeat(piece.chars().count()));
        }
    }
    Some(())
}

// ---- deserialising and assembling -------------------------------------------

enum Parsed {
    Course(Box<Course>),
    Assessment(Box<Assessment>),
    Lesson(Box<Lesson>),
    Page(Box<Page>),
    Block(Box<located::Located<Block>>),
    Question(Box<Question>),
}

fn deserialize(kind: Kind, piece: &str, offset: u64) -> Result<Parsed, serde_saphyr::Error> {
    fn de<T: serde::de::DeserializeOwned>(piece: &str) -> Result<Box<T>, serde_saphyr::Error> {
        serde_saphyr::from_str_with_options::<T>(piece, load::options()).map(Box::new)
    }
    located::with_line_offset(offset, || {
        Ok(match kind {
            Kind::Course => Parsed::Course(de(piece)?),
            Kind::Assessment => Parsed::Assessment(de(piece)?),
            Kind::Lesson => Parsed::Lesson(de(piece)?),
            Kind::Page => Parsed::Page(de(piece)?),
            Kind::Block => Parsed::Block(de(piece)?),
            Kind::Question => Parsed::Question(de(piece)?),
        })
    })
}

/// Unit `index` with the units that read put back in their places (the
/// ones that did not are left out). `None` when the unit itself did not read.
fn assemble(units: &[Unit], parsed: &mut [Option<Parsed>], index: usize) -> Option<Parsed> {
    let mut value = parsed.get_mut(index)?.take()?;
    let unit = units.get(index)?;
    for &child in &unit.children {
        let Some((_, slot)) = units.get(child).and_then(|u| u.parent) else {
            continue;
        };
        let Some(part) = assemble(units, parsed, child) else {
            continue;
        };
        match (&mut value, slot, part) {
            (Parsed::Course(c), Slot::Lessons, Parsed::Lesson(l)) => c.lessons.value.push(*l),
            (Parsed::Course(c), Slot::Assessment, Parsed::Assessment(a)) => c.assessment = Some(*a),
            (Parsed::Assessment(a), Slot::Questions, Parsed::Question(q)) => {
                a.questions.value.push(*q)
            }
            (Parsed::Lesson(l), Slot::Pages, Parsed::Page(p)) => l.pages.value.push(*p),
            (Parsed::Lesson(l), Slot::CheckQuestions, Parsed::Question(q)) => {
                if let Some(check) = &mut l.check {
                    check.questions.value.push(*q);
                }
            }
            (Parsed::Page(p), Slot::Blocks, Parsed::Block(b)) => p.blocks.value.push(*b),
            _ => {}
        }
    }
    Some(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn errors(text: &str) -> Vec<(u64, u64, String)> {
        let path = Path::new("course.yaml");
        let first = match load::parse(path, text) {
            Ok(_) => panic!("the course parsed"),
            Err(d) => *d,
        };
        structural_errors(path, text, first)
            .diagnostics
            .into_iter()
            .map(|d| (d.line.unwrap_or(0), d.column.unwrap_or(0), d.message))
            .collect()
    }

    #[test]
    fn pieces_keep_lines_and_columns() {
        let text = "a: 1\nlist:\n  - x: 1\n    y: [1, 2]\n  - x: 2\nz: 3\n";
        let root = tree(text).expect("tree");
        let seq = root.get("list").expect("list");
        let NodeKind::Seq(items) = &seq.kind else {
            panic!("not a sequence")
        };
        let lines = LineStarts::new(text);
        let unit = Unit {
            kind: Kind::Block,
            node: &items[0],
            whole: false,
            blanks: Vec::new(),
            parent: None,
            children: Vec::new(),
        };
        let (p, offset) = piece(text, &lines, &unit).expect("piece");
        assert_eq!(offset, 2);
        assert!(p.starts_with("    x: 1\n    y: [1, 2]\n"), "{p:?}");
        // The list blanked in the whole text: `[]` where it started.
        let unit = Unit {
            kind: Kind::Course,
            node: &root,
            whole: true,
            blanks: vec![Blank {
                start: seq.start,
                end: seq.end,
                with: "[]",
                at: 0,
            }],
            parent: None,
            children: Vec::new(),
        };
        let (p, _) = piece(text, &lines, &unit).expect("piece");
        assert_eq!(p.lines().count(), text.lines().count(), "{p:?}");
        assert!(p.contains("\n  []"), "{p:?}");
        assert!(p.contains("\nz: 3\n"), "{p:?}");
    }

    #[test]
    fn one_error_per_unit_capped_with_a_count_of_the_rest() {
        let mut text = String::from("id: c\nlessons:\n");
        for i in 0..2000 {
            text.push_str(&format!("  - id: l{i}\n    titel: x\n"));
        }
        let found = errors(&text);
        assert_eq!(found.len(), MAX_REPORTED + 1, "{found:?}");
        // The course's own missing keys come first (line 1), then the
        // lessons in order, one each.
        assert!(found[0].2.contains("missing required key"), "{found:?}");
        assert_eq!(found[1].0, 4);
        assert!(found[1].2.contains("unknown key `titel`"), "{found:?}");
        assert_eq!(found[2].0, 6);
        let last = &found[MAX_REPORTED];
        assert_eq!(last.0, found[MAX_REPORTED - 1].0);
        assert!(
            last.2.starts_with("and 1951 more structural errors"),
            "{last:?}"
        );
    }

    #[test]
    fn anchors_and_several_documents_are_not_cut() {
        // The one error of the typed parse stays.
        assert_eq!(errors("id: &x 1\nversion: *x\nfoo: 1\n").len(), 1);
        assert!(tree("a: &x 1\nb: *x\n").is_none());
        assert!(tree("a: 1\n---\nb: 2\n").is_none());
        assert!(tree("a: [1, {b: 2}]\n").is_some());
    }

    /// The character-by-character `cut_out` the run-by-run one replaced
    /// (quadratic-feeling in a debug build: 10 s on a 15 MB value).
    fn cut_out_by_chars(
        text: &str,
        from: usize,
        start: usize,
        end: usize,
        blanks: &[Blank],
    ) -> Option<String> {
        let to = end.min(text.len());
        let body = text.get(from..to)?;
        let mut out = String::new();
        let mut blanks = blanks.iter().peekable();
        let mut in_blank: Option<(&Blank, usize)> = None;
        let fits = |(b, n): (&Blank, usize)| n >= b.at + b.with.len();
        for (i, c) in body.char_indices() {
            let at = from + i;
            if let Some(current) = in_blank
                && at >= current.0.end
            {
                if !fits(current) {
                    return None;
                }
                in_blank = None;
            }
            while in_blank.is_none() {
                match blanks.next_if(|b| b.start <= at) {
                    Some(b) if b.end > at => in_blank = Some((b, 0)),
                    Some(_) => {}
                    None => break,
                }
            }
            if at < start {
                out.push(' ');
                continue;
            }
            match &mut in_blank {
                Some((b, n)) => {
                    let k = *n;
                    *n += 1;
                    if c == '\n' || c == '\r' {
                        if k < b.at + b.with.len() {
                            return None;
                        }
                        out.push(c);
                    } else if k >= b.at && k < b.at + b.with.len() {
                        out.push(char::from(b.with.as_bytes()[k - b.at]));
                    } else {
                        out.push(' ');
                    }
                }
                None => out.push(c),
            }
        }
        if in_blank.is_some_and(|current| !fits(current)) || blanks.next().is_some() {
            return None;
        }
        if !out.ends_with('\n') {
            out.push('\n');
        }
        Some(out)
    }

    proptest::proptest! {
        /// Same text (or `None`) as character by character, on texts with
        /// multi-byte characters, line breaks and blanks at any offset
        /// (inside a character too).
        #[test]
        fn cut_out_runs_match_characters(
            chars in proptest::collection::vec(
                proptest::sample::select(vec!['a', 'é', '€', ' ', '\n', '\r', '#', ':']),
                0..40,
            ),
            cuts in proptest::collection::vec(0usize..200, 3),
            spans in proptest::collection::vec((0usize..200, 0usize..30, 0usize..3, proptest::bool::ANY), 0..4),
        ) {
            let text: String = chars.into_iter().collect();
            let len = text.len() + 1;
            let mut c: Vec<usize> = cuts.iter().map(|x| x % len).collect();
            c.sort_unstable();
            let mut blanks = Vec::new();
            let mut next = 0;
            let mut sorted = spans.clone();
            sorted.sort_unstable();
            for (s, w, at, many) in sorted {
                let s = (s % len).max(next);
                let e = s + w;
                blanks.push(Blank { start: s, end: e, with: if many { "[]" } else { "~" }, at });
                next = e;
            }
            proptest::prop_assert_eq!(
                cut_out(&text, c[0], c[1], c[2], &blanks),
                cut_out_by_chars(&text, c[0], c[1], c[2], &blanks)
            );
        }
    }
}
