//! What is inside an asset: the magic bytes of media files, and no active
//! content in SVG images.
//!
//! An SVG opened as a document (a learner following its URL, an LMS
//! previewing the file) runs its scripts in the package's origin, which is
//! the LMS's. So an SVG asset may only be a picture: no `<script>`, no
//! event-handler attribute, no `<foreignObject>`, no reference to anything
//! but a fragment of itself (`href="#id"`), no CSS `url()` to elsewhere, no
//! DTD. It is read with `validate`'s XML reader, which refuses a DTD and
//! expands no entity; attribute values arrive with their character
//! references resolved, and are compared only after white space and control
//! characters are dropped and letters lower-cased, so `JaVaScRiPt:`,
//! `&#106;avascript:` and `java\tscript:` are all caught.

use crate::diag::Pos;
use crate::validate::xml::{self, Element};

/// SVGs larger than this are refused (they are read whole to check them).
pub const MAX_SVG_BYTES: u64 = 8 * 1024 * 1024;

/// What is wrong with an asset's content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Finding {
    /// The bytes are not what the extension says.
    Mismatch(String),
    /// An SVG with active content, at a place in the SVG file.
    Active { pos: Pos, message: String },
}

/// The bytes a file of extension `ext` (lower case) must start with, and the
/// format's name; `None` for extensions checked otherwise (SVG) or not at all.
/// A format's name and the test its first bytes must pass.
type Magic = (&'static str, fn(&[u8]) -> bool);

fn magic(ext: &str) -> Option<Magic> {
    Some(match ext {
        "png" => ("PNG", |b| b.starts_with(b"\x89PNG\r\n\x1a\n")),
        "jpg" | "jpeg" => ("JPEG", |b| b.starts_with(b"\xFF\xD8\xFF")),
        "gif" => ("GIF", |b| {
            b.starts_with(b"GIF87a") || b.starts_with(b"GIF89a")
        }),
        "webp" => ("WebP", |b| {
            b.len() >= 12 && b.starts_with(b"RIFF") && &b[8..12] == b"WEBP"
        }),
        "mp4" => ("MP4", |b| b.len() >= 8 && &b[4..8] == b"ftyp"),
        "webm" => ("WebM", |b| b.starts_with(b"\x1A\x45\xDF\xA3")),
        "mp3" => ("MP3", |b| {
            b.starts_with(b"ID3") || (b.len() >= 2 && b[0] == 0xFF && b[1] & 0xE0 == 0xE0)
        }),
        "vtt" => ("WebVTT", |b| {
            b.strip_prefix(b"\xEF\xBB\xBF")
                .unwrap_or(b)
                .starts_with(b"WEBVTT")
        }),
        _ => return None,
    })
}

/// How many bytes [`check_head`] needs.
pub const HEAD_BYTES: u64 = 16;

/// Checks the first bytes of a media file against its extension.
pub fn check_head(ext: &str, head: &[u8]) -> Option<Finding> {
    let (name, ok) = magic(ext)?;
    (!ok(head)).then(|| {
        Finding::Mismatch(format!(
            "does not start with the bytes of a {name} file, though its name ends in .{ext}"
        ))
    })
}

/// Element names that run code or embed other documents.
const ACTIVE_ELEMENTS: &[&str] = &[
    "script",
    "foreignobject",
    "handler",
    "listener",
    "iframe",
    "embed",
    "object",
];

/// Checks an SVG document; the first problem found, if any.
pub fn check_svg(bytes: &[u8]) -> Option<Finding> {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return Some(Finding::Mismatch("is not UTF-8 text, so not an SVG".into()));
    };
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    // quick-xml reports processing instructions without checking them; an
    // `<?xml-stylesheet?>` would load a style sheet from elsewhere.
    if let Some(at) = text.find("<?xml-stylesheet") {
        return Some(active(
            xml::pos_of(text, at),
            "has an <?xml-stylesheet?> instruction, which loads a style sheet from another file",
        ));
    }
    let root = match xml::parse(text) {
        Ok(root) => root,
        Err(e) if e.dtd => {
            return Some(active(
                e.pos,
                format!(
                    "has a DTD or an entity ({}); SVG images need neither",
                    e.message
                ),
            ));
        }
        Err(e) => {
            return Some(Finding::Mismatch(format!(
                "is not well-formed XML at line {}, column {} ({}), so not an SVG",
                e.pos.line, e.pos.column, e.message
            )));
        }
    };
    if !root.local().eq_ignore_ascii_case("svg") {
        return Some(Finding::Mismatch(format!(
            "has the root element <{}>, not <svg>",
            cut(&root.name)
        )));
    }
    std::iter::once(&root)
        .chain(root.descendants())
        .find_map(check_element)
}

fn check_element(e: &Element) -> Option<Finding> {
    let name = e.local().to_ascii_lowercase();
    if ACTIVE_ELEMENTS.contains(&name.as_str()) {
        return Some(active(
            e.pos,
            format!("has a <{}> element, which can run code", cut(&e.name)),
        ));
    }
    if name == "style"
        && let Some(m) = css_problem(&e.text)
    {
        return Some(active(e.pos, format!("has a <style> element that {m}")));
    }
    // `<set attributeName="href" to="javascript:…">` rewrites a link later.
    if matches!(name.as_str(), "set" | "animate")
        && let Some((_, target)) = e.attr_local("attributeName")
    {
        let target = normalise(target);
        let local = target.rsplit(':').next().unwrap_or(&target);
        if local == "href" || local.starts_with("on") {
            return Some(active(
                e.pos,
                format!("has an <{}> that changes `{}`", cut(&e.name), cut(&target)),
            ));
        }
    }
    for attr in &e.attrs {
        let local = attr
            .name
            .rsplit(':')
            .next()
            .unwrap_or(&attr.name)
            .to_ascii_lowercase();
        let value = normalise(&attr.value);
        let message = if local.starts_with("on") {
            Some(format!(
                "has an event-handler attribute `{}` on <{}>",
                cut(&attr.name),
                cut(&e.name)
            ))
        } else if local == "href" || local == "src" {
            if value.starts_with("javascript:") || value.starts_with("vbscript:") {
                Some(format!("links to a script (`{}`)", cut(&attr.value)))
            } else if value.starts_with("data:") {
                Some(format!(
                    "embeds a data: URL in `{}` on <{}>",
                    cut(&attr.name),
                    cut(&e.name)
                ))
            } else if !value.is_empty() && !value.starts_with('#') {
                Some(format!(
                    "refers to another file or address (`{}` on <{}>); an SVG asset may only refer to its own elements (`#id`)",
                    cut(&attr.value),
                    cut(&e.name)
                ))
            } else {
                None
            }
        } else if value.contains("javascript:") || value.contains("vbscript:") {
            Some(format!(
                "has a script address in `{}` on <{}>",
                cut(&attr.name),
                cut(&e.name)
            ))
        } else if local == "style" {
            css_problem(&attr.value).map(|m| format!("has a style attribute that {m}"))
        } else {
            None
        };
        if let Some(m) = message {
            return Some(active(e.pos, m));
        }
    }
    None
}

/// Whether CSS text loads anything from elsewhere: `@import`, or a `url()`
/// that is not a same-document `#fragment`. CSS escapes could hide either,
/// so a backslash is refused too.
fn css_problem(css: &str) -> Option<String> {
    if css.contains('\\') {
        return Some("uses CSS escapes (`\\`), which could hide a reference".into());
    }
    let flat = normalise(css);
    if flat.contains("@import") {
        return Some("imports another style sheet (`@import`)".into());
    }
    if flat.contains("expression(") || flat.contains("javascript:") {
        return Some("has a script expression".into());
    }
    let mut rest = flat.as_str();
    while let Some(at) = rest.find("url(") {
        let arg = rest[at + 4..].trim_start_matches(['"', '\'']);
        if !arg.starts_with('#') {
            return Some(format!(
                "loads `url({})` from elsewhere; only `url(#id)` is allowed",
                cut(arg.split(')').next().unwrap_or(arg))
            ));
        }
        rest = &rest[at + 4..];
    }
    None
}

/// Lower case, with white space and control characters dropped: how a
/// browser sees a scheme (it ignores tabs and new lines in URLs).
fn normalise(value: &str) -> String {
    value
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .flat_map(char::to_lowercase)
        .collect()
}

fn active(pos: Pos, message: impl Into<String>) -> Finding {
    Finding::Active {
        pos,
        message: message.into(),
    }
}

/// At most 60 characters of something the file says, for a message.
fn cut(s: &str) -> String {
    let mut out: String = s.chars().filter(|c| !c.is_control()).take(60).collect();
    if s.chars().count() > 60 {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refused(svg: &str) -> bool {
        matches!(check_svg(svg.as_bytes()), Some(Finding::Active { .. }))
    }

    const NS: &str =
        "xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\"";

    #[test]
    fn pictures_pass() {
        let ok = format!(
            "<svg {NS} viewBox=\"0 0 10 10\"><defs><linearGradient id=\"g\"/></defs><style>.a{{fill:url(#g)}}</style><rect class=\"a\" style=\"fill: url('#g')\" width=\"5\" height=\"5\"/><use href=\"#g\"/><use xlink:href=\"#g\"/><text>on click: javascript is text here</text></svg>"
        );
        assert_eq!(check_svg(ok.as_bytes()), None);
    }

    #[test]
    fn active_content_is_refused() {
        for body in [
            "<script>alert(1)</script>",
            "<SCRIPT>alert(1)</SCRIPT>",
            "<rect onload=\"alert(1)\"/>",
            "<rect ONCLICK=\"alert(1)\"/>",
            "<foreignObject><div/></foreignObject>",
            "<a href=\"javascript:alert(1)\"><rect/></a>",
            "<a href=\"JaVaScRiPt:alert(1)\"><rect/></a>",
            "<a href=\"&#106;avascript:alert(1)\"><rect/></a>",
            "<a href=\"java&#9;script:alert(1)\"><rect/></a>",
            "<a href=\" &#x01;javascript:alert(1)\"><rect/></a>",
            "<a xlink:href=\"javascript:alert(1)\"><rect/></a>",
            "<image href=\"data:image/svg+xml;base64,PHN2Zz4=\"/>",
            "<image href=\"https://evil.example/x.png\"/>",
            "<image href=\"//evil.example/x.png\"/>",
            "<use href=\"other.svg#x\"/>",
            "<rect style=\"fill: url(https://evil.example/x)\"/>",
            "<rect style=\"fill: URL( 'http://evil.example/x' )\"/>",
            "<rect style=\"fill: \\75 rl(x)\"/>",
            "<style>@import 'https://evil.example/x.css';</style>",
            "<style>rect { fill: url(other.svg#g) }</style>",
            "<set attributeName=\"href\" to=\"javascript:alert(1)\"/>",
            "<animate attributeName=\"onclick\" values=\"x\"/>",
            "<handler>x</handler>",
        ] {
            let svg = format!("<svg {NS}>{body}</svg>");
            assert!(refused(&svg), "{body}");
        }
        assert!(refused(&format!(
            "<!DOCTYPE svg [<!ENTITY x \"y\">]><svg {NS}>&x;</svg>"
        )));
        assert!(refused(&format!(
            "<?xml-stylesheet href=\"https://evil.example/x.css\"?><svg {NS}/>"
        )));
    }

    #[test]
    fn not_an_svg_is_a_mismatch() {
        for bad in ["<html/>", "<svg", "\u{0}\u{1}"] {
            assert!(
                matches!(check_svg(bad.as_bytes()), Some(Finding::Mismatch(_))),
                "{bad}"
            );
        }
    }

    #[test]
    fn magic_bytes() {
        assert_eq!(check_head("png", b"\x89PNG\r\n\x1a\nxxxx"), None);
        assert!(check_head("png", b"<html>").is_some());
        assert!(check_head("jpg", b"\x89PNG\r\n\x1a\n").is_some());
        assert_eq!(check_head("mp4", b"\0\0\0\x18ftypmp42"), None);
        assert!(check_head("mp4", b"<script>").is_some());
        assert_eq!(check_head("webm", b"\x1A\x45\xDF\xA3"), None);
        assert_eq!(check_head("vtt", b"WEBVTT\n"), None);
        assert!(check_head("vtt", b"<b>").is_some());
        assert_eq!(check_head("svg", b"anything"), None);
    }
}
