//! A thin layer over quick-xml for the manifests: elements with attributes and
//! text, indented two spaces, UTF-8 declaration first.

use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesText, Event};
use std::io;

pub type XmlWriter = Writer<Vec<u8>>;

/// Starts a document with the XML declaration.
pub fn document() -> io::Result<XmlWriter> {
    let mut w = Writer::new_with_indent(Vec::new(), b' ', 2);
    w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    Ok(w)
}

/// Finishes a document: the bytes with a final newline.
pub fn finish(w: XmlWriter) -> Vec<u8> {
    let mut bytes = w.into_inner();
    bytes.push(b'\n');
    bytes
}

/// `<name attrs...>text</name>` (text escaped). Text has no surrounding white
/// space: LMS parsers such as Moodle's compare element text literally.
pub fn text_element(
    w: &mut XmlWriter,
    name: &str,
    attrs: &[(&str, &str)],
    text: &str,
) -> io::Result<()> {
    w.create_element(name)
        .with_attributes(attrs.iter().copied())
        .write_text_content(BytesText::new(text))?;
    Ok(())
}

/// `<name attrs.../>`
pub fn empty_element(w: &mut XmlWriter, name: &str, attrs: &[(&str, &str)]) -> io::Result<()> {
    w.create_element(name)
        .with_attributes(attrs.iter().copied())
        .write_empty()?;
    Ok(())
}

/// `<name attrs...>` children `</name>`
pub fn element<F>(
    w: &mut XmlWriter,
    name: &str,
    attrs: &[(&str, &str)],
    children: F,
) -> io::Result<()>
where
    F: FnOnce(&mut XmlWriter) -> io::Result<()>,
{
    w.create_element(name)
        .with_attributes(attrs.iter().copied())
        .write_inner_content(children)?;
    Ok(())
}

/// Collapses runs of white space into single spaces (manifest text is one line).
pub fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
