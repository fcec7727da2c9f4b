//! Page by page rendering, for a course rendered again and again (the
//! preview's live reload).
//!
//! Each lesson page's HTML is rendered from its own context (the `page`
//! partial, alone) and kept, keyed by a SHA-256 of that context, for as
//! long as the page stays in the course. The launch page is then rendered
//! from a slim context (each page without its blocks) with a marker where
//! the `page` partial would have been, and the pages' HTML is written in
//! place of the markers, each copied once. A page whose context did not
//! change (same text, same place, same ids) is not rendered again. The
//! result is byte for byte that of rendering the whole launch page at once
//! (a test holds the preview to the build).

use super::RenderError;
use super::context::to_value;
use super::contract::{BlockView, PageContext};
use super::markdown;
use super::templates::{self, Templates};
use handlebars::Handlebars;
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

/// The partial every lesson page is rendered with.
const PAGE: &str = "page";
/// The page partial registered as a template of its own.
const ALONE: &str = "coursepack-page-alone";
/// What the `page` partial writes in the launch page's skeleton.
/// `coursepack check` refuses control characters in course texts, so no
/// other rendered text holds a NUL; were one ever to spell the marker, the
/// markers would not match the pages and the page is rendered whole, as a
/// build renders it.
const MARKER: &str = "\u{0}coursepack-page\u{0}";
/// The field of a page's context only the `page` partial reads.
const BLOCKS: &str = "blocks";

type Key = [u8; 32];

#[derive(Default)]
pub struct Pages {
    /// The templates with `page` writing [`MARKER`], and the page partial
    /// as a template of its own.
    registry: OnceLock<Handlebars<'static>>,
    cache: Mutex<Cache>,
    /// The last launch page around the pages, keyed by a SHA-256 of the
    /// language and the context it was rendered from (an edit of a page's
    /// blocks leaves it as it was).
    skeleton: Mutex<Option<(Key, Arc<str>)>>,
    /// The markdown of the last rendering, as HTML.
    memo: Mutex<markdown::Memo>,
}

#[derive(Default)]
struct Cache {
    /// The language and UI strings the pages were rendered with.
    lang: String,
    strings: Option<Key>,
    /// A page's context (its digest) → its HTML.
    html: HashMap<Key, Arc<str>>,
}

impl Pages {
    /// Runs `f` (building the page context) with the markdown of the last
    /// rendering at hand: a text that did not change is not rendered again.
    pub fn memoized<R>(&self, f: impl FnOnce() -> R) -> R {
        let mut memo = match self.memo.lock() {
            Ok(m) => m,
            Err(poisoned) => poisoned.into_inner(),
        };
        markdown::with_memo(&mut memo, f)
    }

    /// The launch page for the page context `ctx` (see `context`), the
    /// pages taken from the cache where their context is unchanged. A page
    /// is turned into JSON for the templates only when it is rendered; the
    /// launch page around the pages gets them without their blocks.
    pub fn render(
        &self,
        tpl: &Templates,
        hb: &Handlebars<'static>,
        lang: &str,
        mut ctx: PageContext<'_>,
    ) -> Result<String, RenderError> {
        let registry = self.registry(tpl, hb)?;
        let mut cache = match self.cache.lock() {
            Ok(c) => c,
            Err(poisoned) => poisoned.into_inner(),
        };
        // The page partial reads the UI strings as `@root.t`.
        let strings_key = Some(digest_of(ctx.t));
        if cache.lang != lang || cache.strings != strings_key {
            *cache = Cache {
                lang: lang.to_string(),
                strings: strings_key,
                html: HashMap::new(),
            };
        }
        let since = std::time::Instant::now();
        let mut strings: Option<Value> = None;
        let mut kept: HashMap<Key, Arc<str>> = HashMap::with_capacity(cache.html.len());
        // The pages' HTML in reading order, and their blocks.
        let mut order: Vec<Arc<str>> = Vec::new();
        let mut blocks: Vec<Vec<BlockView>> = Vec::new();
        for page in ctx.lessons.iter_mut().flat_map(|l| l.pages.iter_mut()) {
            let key = digest_of(&*page);
            let html = match cache.html.remove(&key).or_else(|| kept.get(&key).cloned()) {
                Some(html) => html,
                None => {
                    let mut alone = match to_value(&*page) {
                        Value::Object(m) => m,
                        _ => Map::new(),
                    };
                    let t = strings.get_or_insert_with(|| to_value(ctx.t));
                    alone.insert("t".to_string(), t.clone());
                    Arc::from(tpl.render(registry, ALONE, &Value::Object(alone))?)
                }
            };
            // The launch page's own templates (the menu) do not read a
            // page's blocks: they go, so that neither the JSON nor the
            // partial calls (each copies its context) carry them.
            blocks.push(std::mem::take(&mut page.blocks));
            order.push(Arc::clone(&html));
            kept.insert(key, html);
        }
        let old = std::mem::replace(&mut cache.html, kept);
        drop(cache);
        crate::timing::stage(&format!("render {lang}: the pages"), since);
        let since = std::time::Instant::now();
        let mut slim = to_value(&ctx);
        for fields in pages_of(&mut slim) {
            fields.remove(BLOCKS);
        }
        let skeleton_key = digest_of(&(lang, &slim));
        let mut last = match self.skeleton.lock() {
            Ok(s) => s,
            Err(poisoned) => poisoned.into_inner(),
        };
        let slim = handlebars::Context::from(slim);
        let kept_skeleton = last.as_ref().filter(|(key, _)| *key == skeleton_key);
        let stage = match kept_skeleton {
            Some(_) => "the launch page around them, kept",
            None => "the launch page around them",
        };
        let skeleton = match kept_skeleton {
            Some((_, skeleton)) => Arc::clone(skeleton),
            None => {
                let skeleton: Arc<str> =
                    Arc::from(tpl.render_context(registry, templates::INDEX, &slim)?);
                *last = Some((skeleton_key, Arc::clone(&skeleton)));
                skeleton
            }
        };
        drop(last);
        crate::timing::stage(&format!("render {lang}: {stage}"), since);
        let out = match splice(&skeleton, &order) {
            Some(out) => out,
            None => {
                // A course text that spells the marker: the blocks go back
                // and the whole page is rendered as a build does.
                for (page, b) in ctx
                    .lessons
                    .iter_mut()
                    .flat_map(|l| l.pages.iter_mut())
                    .zip(blocks.iter_mut())
                {
                    page.blocks = std::mem::take(b);
                }
                tpl.render(hb, templates::INDEX, &to_value(&ctx))?
            }
        };
        // Freeing a thousand pages' contexts takes a while.
        crate::parallel::drop_in_background((blocks, old, slim, skeleton));
        Ok(out)
    }

    fn registry(
        &self,
        tpl: &Templates,
        hb: &Handlebars<'static>,
    ) -> Result<&Handlebars<'static>, RenderError> {
        if let Some(r) = self.registry.get() {
            return Ok(r);
        }
        let mut r = hb.clone();
        let rel = format!("{}{PAGE}.hbs", templates::PARTIALS);
        let template_error = |e: handlebars::TemplateError| RenderError::Template {
            file: tpl.describe(&rel),
            message: e.to_string(),
        };
        r.register_template_string(ALONE, tpl.text(&rel)?)
            .map_err(template_error)?;
        r.register_partial(PAGE, MARKER).map_err(template_error)?;
        Ok(self.registry.get_or_init(|| r))
    }
}

/// Every lesson page's context, in reading order.
fn pages_of(ctx: &mut Value) -> impl Iterator<Item = &mut Map<String, Value>> {
    ctx.get_mut("lessons")
        .and_then(Value::as_array_mut)
        .into_iter()
        .flatten()
        .filter_map(|lesson| lesson.get_mut("pages").and_then(Value::as_array_mut))
        .flatten()
        .filter_map(Value::as_object_mut)
}

/// `skeleton` with its markers replaced, in order, by `pages`; `None` when
/// the markers and the pages do not match one to one.
fn splice(skeleton: &str, pages: &[Arc<str>]) -> Option<String> {
    let len = skeleton.len() + pages.iter().map(|p| p.len()).sum::<usize>();
    let mut out = String::with_capacity(len);
    let mut parts = skeleton.split(MARKER);
    out.push_str(parts.next()?);
    let mut pages = pages.iter();
    for part in parts {
        out.push_str(pages.next()?);
        out.push_str(part);
    }
    pages.next().is_none().then_some(out)
}

/// A SHA-256 of a value's JSON text, written straight into the hash.
fn digest_of(v: &impl serde::Serialize) -> Key {
    let mut h = Sha256::new();
    // Writing into a hash cannot fail; a value serde cannot write (none of
    // the page context's) would key an empty text, so is never cached wrong
    // for long: its page is rendered from the same value.
    let _ = serde_json::to_writer(&mut HashWriter(&mut h), v);
    h.finalize().into()
}

struct HashWriter<'h>(&'h mut Sha256);

impl std::io::Write for HashWriter<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.update(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_pages_go_where_the_markers_are_and_only_there() {
        let pages: Vec<Arc<str>> = vec![Arc::from("<p>one</p>"), Arc::from("<p>two</p>")];
        let skeleton = format!("<main>{MARKER}\n{MARKER}</main>");
        assert_eq!(
            splice(&skeleton, &pages).as_deref(),
            Some("<main><p>one</p>\n<p>two</p></main>")
        );
        // A course text that spells the marker makes one too many; one too
        // few cannot happen, but is refused as well.
        let spelled = format!("<title>{MARKER}</title>{skeleton}");
        assert_eq!(splice(&spelled, &pages), None);
        assert_eq!(splice(&format!("<main>{MARKER}</main>"), &pages), None);
    }

    #[test]
    fn the_digest_tells_apart_what_the_json_text_tells_apart() {
        use serde_json::json;
        let a = json!({"id": "a", "title": "x", "blocks": [{"kind": "text", "html": "<p>1</p>"}]});
        let same =
            json!({"id": "a", "title": "x", "blocks": [{"kind": "text", "html": "<p>1</p>"}]});
        assert_eq!(digest_of(&a), digest_of(&same));
        for other in [
            json!({"id": "a", "title": "x", "blocks": [{"kind": "text", "html": "<p>2</p>"}]}),
            json!({"id": "a", "title": "x", "blocks": []}),
            json!({"id": "a", "title": "xblocks", "blocks": null}),
            json!({"id": "a", "title": ["x"], "blocks": [{"kind": "text", "html": "<p>1</p>"}]}),
            json!({"id": "a", "title": "x", "blocks": [{"kind": "text", "html": "<p>1</p>"}], "n": 1}),
            json!({"id": "a", "title": "x", "blocks": [{"kind": "text", "html": "<p>1</p>"}], "n": "1"}),
        ] {
            assert_ne!(digest_of(&a), digest_of(&other), "{other}");
        }
    }
}
