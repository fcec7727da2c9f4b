//! Safe markdown: course text → HTML that can be inserted unescaped.
//!
//! The HTML is written here, event by event, never by passing markdown
//! through: raw HTML in the source comes out as escaped text, and only links
//! to `http(s)://`, `mailto:` and `page:<id>` (rewritten to `#page-<id>`)
//! become links; any other destination (`javascript:`, `data:`, relative
//! paths…) is rendered as its plain text. Markdown images never load
//! anything: an `http(s)` image becomes a link to the picture (so a package
//! makes no request at run time), anything else its alt text. External links
//! open in a new tab with `rel="noopener noreferrer"` and say so to screen
//! readers.

use crate::course::ids::is_safe_id;
use pulldown_cmark::{Event, HeadingLevel, LinkType, Parser, Tag, TagEnd};
use std::collections::HashMap;

/// How a piece of markdown is placed in the page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Block content (paragraphs, lists, headings shifted below the page's).
    Block,
    /// Phrasing content only, for labels, legends and list items: block
    /// boundaries become line breaks.
    Inline,
}

/// The HTML of markdown already rendered, kept between renderings of the
/// same course (the preview): what the last rendering used, and what this
/// one has used so far.
#[derive(Debug, Default)]
pub struct Memo {
    last: HashMap<(String, bool, String), String>,
    now: HashMap<(String, bool, String), String>,
}

impl Memo {
    fn get(&mut self, (source, block, note): (&str, bool, &str)) -> Option<String> {
        let key = (source.to_string(), block, note.to_string());
        if let Some(html) = self.now.get(&key) {
            return Some(html.clone());
        }
        let html = self.last.remove(&key)?;
        self.now.insert(key, html.clone());
        Some(html)
    }

    fn put(&mut self, (source, block, note): (&str, bool, &str), html: &str) {
        self.now.insert(
            (source.to_string(), block, note.to_string()),
            html.to_string(),
        );
    }
}

thread_local! {
    static MEMO: std::cell::RefCell<Option<Memo>> = const { std::cell::RefCell::new(None) };
}

/// Runs `f` (one rendering) with `memo`: markdown it rendered before is
/// taken from it; afterwards it holds what this rendering used, nothing
/// more, so it does not grow with the edits.
pub fn with_memo<R>(memo: &mut Memo, f: impl FnOnce() -> R) -> R {
    let taken = std::mem::take(memo);
    MEMO.with_borrow_mut(|m| {
        *m = Some(Memo {
            last: taken.now,
            now: HashMap::new(),
        })
    });
    let out = f();
    if let Some(used) = MEMO.with_borrow_mut(Option::take) {
        *memo = Memo {
            last: HashMap::new(),
            now: used.now,
        };
    }
    out
}

/// Options that come from the page language.
#[derive(Debug, Clone, Copy)]
pub struct Markdown<'a> {
    /// Visually hidden note appended to external links, e.g. "(opens in a new tab)".
    pub new_tab_note: &'a str,
}

/// Escapes text for HTML element content and attribute values.
pub use crate::html::escape;

/// A link destination the player may use, already in its final form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Dest {
    /// `http(s)://…`: opens in a new tab.
    External(String),
    /// `mailto:…`
    Mail(String),
    /// `page:<id>` rewritten to `#page-<id>`.
    Page(String),
}

/// Classifies a link destination; `None` means refused (shown as text).
pub fn link_dest(raw: &str) -> Option<Dest> {
    let url = raw.trim();
    if url.is_empty() || crate::url::has_space_or_control(url) {
        return None;
    }
    if let Some(id) = url.strip_prefix("page:") {
        return is_safe_id(id).then(|| Dest::Page(format!("#page-{id}")));
    }
    if crate::url::http(url).is_some() {
        return crate::url::is_web_link(url).then(|| Dest::External(url.into()));
    }
    if url.to_ascii_lowercase().starts_with("mailto:") && url.len() > "mailto:".len() {
        return Some(Dest::Mail(url.into()));
    }
    None
}

/// The opening `<a>` tag for a destination (attribute values escaped).
pub fn open_link(dest: &Dest, title: &str) -> String {
    let title_attr = if title.is_empty() {
        String::new()
    } else {
        format!(" title=\"{}\"", escape(title))
    };
    match dest {
        Dest::External(url) => format!(
            "<a href=\"{}\"{title_attr} target=\"_blank\" rel=\"noopener noreferrer\">",
            escape(url)
        ),
        Dest::Mail(url) | Dest::Page(url) => {
            format!("<a href=\"{}\"{title_attr}>", escape(url))
        }
    }
}

/// The closing tag for a destination: external links get the hidden note.
pub fn close_link(dest: &Dest, new_tab_note: &str) -> String {
    match dest {
        Dest::External(_) if !new_tab_note.is_empty() => format!(
            "<span class=\"visually-hidden\"> {}</span></a>",
            escape(new_tab_note)
        ),
        _ => "</a>".to_string(),
    }
}

impl Markdown<'_> {
    /// Renders `source` to safe HTML.
    pub fn html(&self, source: &str, mode: Mode) -> String {
        let key = (source, mode == Mode::Block, self.new_tab_note);
        if let Some(html) = MEMO.with_borrow_mut(|m| m.as_mut().and_then(|m| m.get(key))) {
            return html;
        }
        let html = self.render(source, mode);
        MEMO.with_borrow_mut(|m| {
            if let Some(m) = m {
                m.put(key, &html);
            }
        });
        html
    }

    fn render(&self, source: &str, mode: Mode) -> String {
        let mut w = Writer {
            out: String::with_capacity(source.len() * 2),
            mode,
            note: self.new_tab_note,
            links: Vec::new(),
            image_depth: 0,
            pending_break: false,
        };
        for event in Parser::new(source) {
            w.event(event);
        }
        w.out.trim_end().to_string()
    }
}

/// The plain text of markdown (no markup), white space collapsed; used for
/// the prompts reported to an LMS and for accessible names.
pub fn plain_text(source: &str) -> String {
    let mut out = String::new();
    for event in Parser::new(source) {
        match event {
            Event::Text(t) | Event::Code(t) | Event::Html(t) | Event::InlineHtml(t) => {
                out.push_str(&t)
            }
            Event::SoftBreak | Event::HardBreak => out.push(' '),
            Event::End(
                TagEnd::Paragraph
                | TagEnd::Heading(_)
                | TagEnd::Item
                | TagEnd::BlockQuote(_)
                | TagEnd::CodeBlock
                | TagEnd::List(_),
            ) => out.push(' '),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Truncates to at most `max` characters, ending with "…" when cut.
pub fn truncate_chars(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let mut s: String = text.chars().take(max.saturating_sub(1)).collect();
    s.push('…');
    s
}

struct Writer<'n> {
    out: String,
    mode: Mode,
    note: &'n str,
    /// For each open link or image: the destination it got, if any.
    links: Vec<Option<Dest>>,
    /// Inside an image (its alt text) when > 0.
    image_depth: usize,
    /// Inline mode: a block ended, a line break goes before the next content.
    pending_break: bool,
}

impl Writer<'_> {
    fn push(&mut self, s: &str) {
        if self.pending_break {
            self.pending_break = false;
            self.out.push_str("<br>");
        }
        self.out.push_str(s);
    }

    fn text(&mut self, t: &str) {
        let escaped = escape(t);
        self.push(&escaped);
    }

    fn block(&mut self, open: &str) {
        if self.mode == Mode::Inline {
            if !self.out.is_empty() {
                self.pending_break = true;
            }
        } else {
            self.out.push_str(open);
        }
    }

    fn end_block(&mut self, close: &str) {
        if self.mode == Mode::Block {
            self.out.push_str(close);
        }
    }

    fn event(&mut self, event: Event) {
        match event {
            Event::Start(tag) => self.start(tag),
            Event::End(tag) => self.end(tag),
            Event::Text(t) => self.text(&t),
            Event::Code(t) => {
                let code = format!("<code>{}</code>", escape(&t));
                self.push(&code);
            }
            // Raw HTML never passes through: it is shown as the text it is.
            Event::Html(t) | Event::InlineHtml(t) => self.text(&t),
            Event::InlineMath(t) | Event::DisplayMath(t) => self.text(&t),
            Event::FootnoteReference(t) => self.text(&format!("[{t}]")),
            Event::SoftBreak => self.push("\n"),
            Event::HardBreak => self.push("<br>"),
            Event::Rule => {
                if self.mode == Mode::Block {
                    self.out.push_str("<hr>\n");
                }
            }
            Event::TaskListMarker(done) => self.push(if done { "[x] " } else { "[ ] " }),
        }
    }

    fn start(&mut self, tag: Tag) {
        match tag {
            Tag::Paragraph => self.block("<p>"),
            Tag::Heading { level, .. } => {
                let n = shifted(level);
                self.block(&format!("<h{n}>"));
            }
            Tag::BlockQuote(_) => self.block("<blockquote>\n"),
            Tag::CodeBlock(_) => self.block("<pre><code>"),
            Tag::HtmlBlock => {}
            Tag::List(Some(1)) => self.block("<ol>\n"),
            Tag::List(Some(start)) => self.block(&format!("<ol start=\"{start}\">\n")),
            Tag::List(None) => self.block("<ul>\n"),
            Tag::Item => self.block("<li>"),
            Tag::Emphasis => self.push("<em>"),
            Tag::Strong => self.push("<strong>"),
            Tag::Strikethrough => self.push("<s>"),
            Tag::Superscript => self.push("<sup>"),
            Tag::Subscript => self.push("<sub>"),
            Tag::Link {
                link_type,
                dest_url,
                title,
                ..
            } => {
                let raw = if link_type == LinkType::Email {
                    format!("mailto:{dest_url}")
                } else {
                    dest_url.to_string()
                };
                // No links inside links (or inside an image's alt text).
                let nested = self.links.iter().any(Option::is_some) || self.image_depth > 0;
                let dest = if nested { None } else { link_dest(&raw) };
                if let Some(d) = &dest {
                    let open = open_link(d, &title);
                    self.push(&open);
                }
                self.links.push(dest);
            }
            Tag::Image {
                dest_url, title, ..
            } => {
                // Never load a remote picture: link to it instead.
                let nested = self.links.iter().any(Option::is_some) || self.image_depth > 0;
                let dest = match link_dest(&dest_url) {
                    Some(d @ Dest::External(_)) if !nested => Some(d),
                    _ => None,
                };
                if let Some(d) = &dest {
                    let open = open_link(d, &title);
                    self.push(&open);
                }
                self.links.push(dest);
                self.image_depth += 1;
            }
            Tag::Table(_)
            | Tag::TableHead
            | Tag::TableRow
            | Tag::TableCell
            | Tag::FootnoteDefinition(_)
            | Tag::DefinitionList
            | Tag::DefinitionListTitle
            | Tag::DefinitionListDefinition
            | Tag::MetadataBlock(_) => self.block(""),
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Paragraph => self.end_block("</p>\n"),
            TagEnd::Heading(level) => {
                let n = shifted(level);
                self.end_block(&format!("</h{n}>\n"));
            }
            TagEnd::BlockQuote(_) => self.end_block("</blockquote>\n"),
            TagEnd::CodeBlock => self.end_block("</code></pre>\n"),
            TagEnd::HtmlBlock => {}
            TagEnd::List(true) => self.end_block("</ol>\n"),
            TagEnd::List(false) => self.end_block("</ul>\n"),
            TagEnd::Item => self.end_block("</li>\n"),
            TagEnd::Emphasis => self.push("</em>"),
            TagEnd::Strong => self.push("</strong>"),
            TagEnd::Strikethrough => self.push("</s>"),
            TagEnd::Superscript => self.push("</sup>"),
            TagEnd::Subscript => self.push("</sub>"),
            TagEnd::Link | TagEnd::Image => {
                if tag == TagEnd::Image {
                    self.image_depth = self.image_depth.saturating_sub(1);
                }
                if let Some(Some(d)) = self.links.pop() {
                    let close = close_link(&d, self.note);
                    self.push(&close);
                }
            }
            TagEnd::Table
            | TagEnd::TableHead
            | TagEnd::TableRow
            | TagEnd::TableCell
            | TagEnd::FootnoteDefinition
            | TagEnd::DefinitionList
            | TagEnd::DefinitionListTitle
            | TagEnd::DefinitionListDefinition
            | TagEnd::MetadataBlock(_) => {
                if self.mode == Mode::Block {
                    self.out.push('\n');
                }
            }
        }
    }
}

/// Markdown headings sit below the page title (h1) and heading blocks (h2).
fn shifted(level: HeadingLevel) -> usize {
    (level as usize + 2).min(6)
}

#[cfg(test)]
mod tests {
    use super::*;

    const MD: Markdown = Markdown {
        new_tab_note: "(opens in a new tab)",
    };

    fn block(s: &str) -> String {
        MD.html(s, Mode::Block)
    }

    #[test]
    fn raw_html_is_escaped_never_passed_through() {
        let out = block(
            "Hello <script>alert(1)</script> <b onclick=\"x\">b</b>\n\n<div>\nblock\n</div>\n",
        );
        assert!(!out.contains("<script"), "{out}");
        assert!(!out.contains("<b "), "{out}");
        assert!(!out.contains("<div"), "{out}");
        assert!(out.contains("&lt;script&gt;"), "{out}");
        assert!(out.contains("&lt;div&gt;"), "{out}");
    }

    #[test]
    fn dangerous_links_become_text() {
        for src in [
            "[x](javascript:alert(1))",
            "[x](JAVASCRIPT:alert(1))",
            "[x](&#106;avascript:alert(1))",
            "[x](data:text/html;base64,PHNjcmlwdD4=)",
            "[x](vbscript:msgbox)",
            "[x](/etc/passwd)",
            "[x](page:Bad Id)",
            "<javascript:alert(1)>",
            "![x](javascript:alert(1))",
            "![x](data:image/png;base64,AAAA)",
        ] {
            let out = block(src);
            assert!(!out.contains("<a"), "{src} → {out}");
            assert!(!out.contains("<img"), "{src} → {out}");
            assert!(!out.to_ascii_lowercase().contains("href"), "{src} → {out}");
        }
        assert_eq!(block("[click](javascript:alert(1))"), "<p>click</p>");
    }

    #[test]
    fn allowed_links() {
        let out =
            block("[a](https://example.org/?q=1&r=\"2\") [b](mailto:x@example.org) [c](page:tips)");
        assert!(out.contains(
            "<a href=\"https://example.org/?q=1&amp;r=&quot;2&quot;\" target=\"_blank\" rel=\"noopener noreferrer\">a<span class=\"visually-hidden\"> (opens in a new tab)</span></a>"
        ), "{out}");
        assert!(
            out.contains("<a href=\"mailto:x@example.org\">b</a>"),
            "{out}"
        );
        assert!(out.contains("<a href=\"#page-tips\">c</a>"), "{out}");
        let auto = block("<https://example.org> <me@example.org>");
        assert!(auto.contains("href=\"https://example.org\""), "{auto}");
        assert!(auto.contains("href=\"mailto:me@example.org\""), "{auto}");
    }

    #[test]
    fn images_never_load() {
        let out = block("![A chart](https://example.org/c.png)");
        assert!(!out.contains("<img"), "{out}");
        assert!(out.contains("href=\"https://example.org/c.png\""), "{out}");
        assert!(out.contains(">A chart<"), "{out}");
    }

    #[test]
    fn headings_are_shifted_and_inline_mode_has_no_blocks() {
        assert!(block("# Top\n\ntext").starts_with("<h3>Top</h3>"));
        let inline = MD.html("One **two**\n\nThree\n\n- four", Mode::Inline);
        assert_eq!(inline, "One <strong>two</strong><br>Three<br>four");
    }

    #[test]
    fn plain_text_and_truncation() {
        assert_eq!(
            plain_text("Is **this** `x`\n<b>y</b>?"),
            "Is this x <b>y</b>?"
        );
        assert_eq!(truncate_chars("abcdef", 4), "abc…");
        assert_eq!(truncate_chars("abc", 4), "abc");
    }
}
