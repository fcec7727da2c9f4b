//! Checks on text: translations, plain and markdown strings, links and URLs.

use super::{Checker, list};
use crate::course::located::Located;
use crate::course::model::*;
use crate::course::rules;
use crate::diag::Pos;
use crate::render::markdown::link_dest;
use pulldown_cmark::{Event, Parser, Tag};

impl Checker<'_> {
    /// Every declared language present, no undeclared one.
    pub(crate) fn localized<T>(&mut self, value: &Localized<T>, what: &str) {
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

    pub(crate) fn text(&mut self, text: &Text, what: &str) {
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

    pub(super) fn plain(&mut self, value: &Located<String>, what: &str) {
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

    pub(crate) fn markdown(&mut self, text: &Text, what: &str) {
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

    pub(super) fn url(&mut self, url: &Located<String>) {
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
            None if crate::url::http(url.trim()).is_some_and(|h| !h.rest.is_empty()) => {
                self.report(
                    rules::LINK_SCHEME,
                    pos,
                    format!("{what}: `{url}` has no host name after the `//`"),
                    "write the whole address, e.g. https://example.org/page",
                )
            }
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

    pub(super) fn resolve_page_links(&mut self) {
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
}
