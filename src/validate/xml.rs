//! A small, strict XML reader for manifests: a tree of elements with their
//! positions, built with quick-xml. A DOCTYPE (and so any entity declaration
//! or external reference) is refused, and only the five predefined entities
//! and character references are resolved, so no input can make it expand or
//! fetch anything. Names are kept as written (prefix included): LMS parsers
//! such as Moodle's match them literally, and so do the Moodle rules.

use crate::diag::Pos;
use quick_xml::Reader;
use quick_xml::events::{BytesRef, BytesStart, Event};

/// Most nesting a manifest plausibly has; deeper input is refused.
const MAX_DEPTH: usize = 256;
/// Most elements read from one document.
const MAX_ELEMENTS: usize = 1_000_000;
/// Most attributes read on one element (real manifests use a handful).
pub const MAX_ATTRIBUTES: usize = 1_000;

#[derive(Debug, Clone)]
pub struct Attr {
    pub name: String,
    pub value: String,
}

#[derive(Debug, Clone)]
pub struct Element {
    /// The name as written, e.g. `adlcp:masteryscore`.
    pub name: String,
    pub attrs: Vec<Attr>,
    pub children: Vec<Element>,
    /// The element's own text (concatenated, not trimmed).
    pub text: String,
    pub pos: Pos,
}

impl Element {
    /// The local part of the name (after any prefix).
    pub fn local(&self) -> &str {
        self.name.rsplit(':').next().unwrap_or(&self.name)
    }

    pub fn prefix(&self) -> Option<&str> {
        self.name.split_once(':').map(|(p, _)| p)
    }

    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|a| a.name == name)
            .map(|a| a.value.as_str())
    }

    /// An attribute by its local name, whatever its prefix.
    pub fn attr_local(&self, local: &str) -> Option<(&str, &str)> {
        self.attrs
            .iter()
            .find(|a| a.name.rsplit(':').next() == Some(local))
            .map(|a| (a.name.as_str(), a.value.as_str()))
    }

    pub fn children_named<'a>(&'a self, local: &'a str) -> impl Iterator<Item = &'a Element> + 'a {
        self.children.iter().filter(move |c| c.local() == local)
    }

    pub fn child<'a>(&'a self, local: &'a str) -> Option<&'a Element> {
        self.children_named(local).next()
    }

    /// Every element below this one, depth first.
    pub fn descendants(&self) -> Vec<&Element> {
        let mut out = Vec::new();
        let mut stack: Vec<&Element> = self.children.iter().rev().collect();
        while let Some(e) = stack.pop() {
            out.push(e);
            stack.extend(e.children.iter().rev());
        }
        out
    }
}

/// Why a document was refused.
#[derive(Debug, Clone)]
pub struct XmlError {
    pub pos: Pos,
    pub message: String,
    /// A DTD or entity (as opposed to plain malformed XML).
    pub dtd: bool,
}

/// Turns byte offsets into line and column in time linear in the document
/// when asked in increasing order (as the parser does), so many elements on
/// one long line cost no more than on many lines.
pub(crate) struct Locator<'a> {
    text: &'a str,
    offset: usize,
    pos: Pos,
}

impl<'a> Locator<'a> {
    pub(crate) fn new(text: &'a str) -> Self {
        Locator {
            text,
            offset: 0,
            pos: Pos::new(1, 1),
        }
    }

    pub(crate) fn at(&mut self, offset: usize) -> Pos {
        let offset = offset.min(self.text.len());
        if offset < self.offset {
            *self = Locator::new(self.text);
        }
        let Some(span) = self.text.get(self.offset..offset) else {
            return pos_of(self.text, offset);
        };
        for c in span.chars() {
            if c == '\n' {
                self.pos = Pos::new(self.pos.line + 1, 1);
            } else {
                self.pos = Pos::new(self.pos.line, self.pos.column + 1);
            }
        }
        self.offset = offset;
        self.pos
    }
}

/// 1-based line and column of a byte offset.
pub fn pos_of(text: &str, offset: usize) -> Pos {
    let offset = offset.min(text.len());
    let before = text.get(..offset).unwrap_or(text);
    let line = before.matches('\n').count() as u64 + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) as u64 + 1;
    Pos::new(line, column)
}

/// Parses a whole document into its root element.
pub fn parse(text: &str) -> Result<Element, XmlError> {
    let mut reader = Reader::from_str(text);
    let mut locate = Locator::new(text);
    let err = |offset: u64, message: String, dtd: bool| XmlError {
        pos: pos_of(text, offset as usize),
        message,
        dtd,
    };
    let mut tree = Tree::default();
    loop {
        let before = reader.buffer_position();
        let event = reader
            .read_event()
            .map_err(|e| err(reader.error_position(), e.to_string(), false))?;
        match event {
            Event::DocType(_) => {
                return Err(err(
                    before,
                    "the document has a DOCTYPE; DTDs, entity declarations and external references are refused".into(),
                    true,
                ));
            }
            Event::Start(start) | Event::Empty(start) if tree.stack.len() >= MAX_DEPTH => {
                let _ = start;
                return Err(err(
                    before,
                    format!("elements nest deeper than {MAX_DEPTH}"),
                    false,
                ));
            }
            Event::Start(start) => {
                tree.count().map_err(|m| err(before, m, false))?;
                tree.stack.push(
                    element(&start, locate.at(before as usize))
                        .map_err(|m| err(before, m, false))?,
                );
            }
            Event::Empty(start) => {
                tree.count().map_err(|m| err(before, m, false))?;
                let el = element(&start, locate.at(before as usize))
                    .map_err(|m| err(before, m, false))?;
                tree.attach(el).map_err(|m| err(before, m, false))?;
            }
            Event::End(_) => {
                let Some(done) = tree.stack.pop() else {
                    return Err(err(before, "an end tag without a start tag".into(), false));
                };
                tree.attach(done).map_err(|m| err(before, m, false))?;
            }
            Event::Text(t) => {
                if let Some(current) = tree.stack.last_mut() {
                    current.text.push_str(&t.xml10_content());
                } else if !t.xml10_content().trim().is_empty() {
                    return Err(err(before, "text outside the root element".into(), false));
                }
            }
            Event::CData(t) => {
                if let Some(current) = tree.stack.last_mut() {
                    current.text.push_str(&t.xml10_content());
                }
            }
            Event::GeneralRef(r) => {
                let Some(c) = entity(&r) else {
                    return Err(err(
                        before,
                        format!(
                            "unknown entity `&{};` (entities are never expanded)",
                            r.xml10_content()
                        ),
                        true,
                    ));
                };
                if let Some(current) = tree.stack.last_mut() {
                    current.text.push(c);
                }
            }
            Event::Eof => break,
            Event::Decl(_) | Event::PI(_) | Event::Comment(_) => {}
        }
    }
    tree.finish()
}

/// The tree while it is read: the open elements and the root once closed.
#[derive(Default)]
struct Tree {
    stack: Vec<Element>,
    root: Option<Element>,
    count: usize,
}

impl Tree {
    /// Counts one more element: more than [`MAX_ELEMENTS`] is an error.
    fn count(&mut self) -> Result<(), String> {
        self.count += 1;
        if self.count > MAX_ELEMENTS {
            return Err(format!("more than {MAX_ELEMENTS} elements"));
        }
        Ok(())
    }

    /// A finished element joins the open one, or becomes the root.
    fn attach(&mut self, el: Element) -> Result<(), String> {
        match self.stack.last_mut() {
            Some(parent) => parent.children.push(el),
            None if self.root.is_none() => self.root = Some(el),
            None => return Err("more than one root element".into()),
        }
        Ok(())
    }

    /// The root, once every element is closed.
    fn finish(self) -> Result<Element, XmlError> {
        if let Some(open) = self.stack.last() {
            return Err(XmlError {
                pos: open.pos,
                message: format!("<{}> is never closed", open.name),
                dtd: false,
            });
        }
        self.root.ok_or_else(|| XmlError {
            pos: Pos::new(1, 1),
            message: "the document has no root element".into(),
            dtd: false,
        })
    }
}

/// The character a reference stands for: a character reference or one of
/// XML's five predefined entities (no other entity is ever expanded).
fn entity(r: &BytesRef) -> Option<char> {
    if r.is_char_ref() {
        r.resolve_char_ref().ok().flatten()
    } else {
        match r.xml10_content().as_ref() {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            _ => None,
        }
    }
}

fn element(start: &BytesStart, pos: Pos) -> Result<Element, String> {
    let name = start.name().as_ref().to_string();
    let mut attrs = Vec::new();
    for (n, attr) in start.attributes().enumerate() {
        if n == MAX_ATTRIBUTES {
            return Err(format!(
                "<{name}> has more than {MAX_ATTRIBUTES} attributes; coursepack reads at most {MAX_ATTRIBUTES} on one element (a real manifest has a handful)"
            ));
        }
        let attr = attr.map_err(|e| format!("bad attribute on <{name}>: {e}"))?;
        let value = attr
            .normalized_value(quick_xml::XmlVersion::Implicit1_0)
            .map_err(|e| {
                format!("bad attribute value on <{name}>: {e} (entities are never expanded)")
            })?;
        attrs.push(Attr {
            name: attr.key.as_ref().to_string(),
            value: value.into_owned(),
        });
    }
    Ok(Element {
        name,
        attrs,
        children: Vec::new(),
        text: String::new(),
        pos,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_a_tree_with_positions() {
        let doc = "<?xml version=\"1.0\"?>\n<a x=\"1 &amp; 2\">\n  <b:c>t&lt;u</b:c><d/>\n</a>\n";
        let root = parse(doc).unwrap();
        assert_eq!(root.name, "a");
        assert_eq!(root.attr("x"), Some("1 & 2"));
        assert_eq!(root.pos, Pos::new(2, 1));
        assert_eq!(root.children[0].name, "b:c");
        assert_eq!(root.children[0].local(), "c");
        assert_eq!(root.children[0].text, "t<u");
        assert_eq!(root.children[0].pos, Pos::new(3, 3));
        assert_eq!(root.children[1].name, "d");
    }

    #[test]
    fn refuses_dtds_and_entities() {
        let bomb = "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;\">]>\n<lolz>&lol2;</lolz>";
        let e = parse(bomb).unwrap_err();
        assert!(e.dtd);
        assert_eq!(e.pos.line, 2);
        let e = parse("<a>&ext;</a>").unwrap_err();
        assert!(e.dtd, "{e:?}");
    }

    #[test]
    fn malformed_is_located() {
        let e = parse("<a>\n  <b></c>\n</a>").unwrap_err();
        assert!(!e.dtd);
        assert_eq!(e.pos.line, 2, "{e:?}");
        assert!(parse("<a><b></b>").is_err());
        assert!(parse("").is_err());
    }

    #[test]
    fn deep_nesting_is_refused() {
        let doc = format!("{}{}", "<a>".repeat(10_000), "</a>".repeat(10_000));
        assert!(parse(&doc).is_err());
    }
}
