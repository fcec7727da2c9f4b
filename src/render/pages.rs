//! Page by page rendering, for a course rendered again and again (the
//! preview's live reload).
//!
//! Each lesson page's HTML is rendered from its own context (the `page`
//! partial, alone) and kept, keyed by that context, for as long as the page
//! stays in the course; the launch page is then rendered with every page's
//! HTML spliced in where the `page` partial would have been. A page whose
//! context did not change (same text, same place, same ids) is not
//! rendered again. The result is byte for byte that of rendering the whole
//! launch page at once (a test holds the preview to the build).

use super::RenderError;
use super::markdown;
use super::templates::{self, Templates};
use handlebars::Handlebars;
use serde_json::Value;
use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};

/// The partial every lesson page is rendered with.
const PAGE: &str = "page";
/// The page partial registered as a template of its own.
const ALONE: &str = "coursepack-page-alone";
/// The field of a page's context that carries its rendered HTML.
const HTML: &str = "coursepack_page_html";

#[derive(Default)]
pub struct Pages {
    /// The templates with `page` taking the HTML from [`HTML`], and the
    /// page partial as a template of its own.
    registry: OnceLock<Handlebars<'static>>,
    cache: Mutex<Cache>,
    /// The markdown of the last rendering, as HTML.
    memo: Mutex<markdown::Memo>,
}

#[derive(Default)]
struct Cache {
    /// The language and UI strings the pages were rendered with.
    lang: String,
    strings: String,
    /// A page's context (JSON) → its HTML.
    html: HashMap<String, String>,
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
    /// pages taken from the cache where their context is unchanged.
    pub fn render(
        &self,
        tpl: &Templates,
        hb: &Handlebars<'static>,
        lang: &str,
        mut ctx: Value,
    ) -> Result<String, RenderError> {
        let registry = self.registry(tpl, hb)?;
        let mut cache = match self.cache.lock() {
            Ok(c) => c,
            Err(poisoned) => poisoned.into_inner(),
        };
        // The page partial reads the UI strings as `@root.t`.
        let strings = ctx.get("t").cloned().unwrap_or(Value::Null);
        let strings_key = serde_json::to_string(&strings).unwrap_or_default();
        if cache.lang != lang || cache.strings != strings_key {
            *cache = Cache {
                lang: lang.to_string(),
                strings: strings_key,
                html: HashMap::new(),
            };
        }
        let mut kept = HashMap::with_capacity(cache.html.len());
        let pages = ctx
            .get_mut("lessons")
            .and_then(Value::as_array_mut)
            .into_iter()
            .flatten()
            .filter_map(|lesson| lesson.get_mut("pages").and_then(Value::as_array_mut))
            .flatten();
        for page in pages {
            let Value::Object(fields) = page else {
                continue;
            };
            let key = serde_json::to_string(&*fields).unwrap_or_default();
            let html = match cache.html.remove(&key) {
                Some(html) => html,
                None => match kept.get(&key) {
                    Some(html) => String::clone(html),
                    None => {
                        let mut alone = fields.clone();
                        alone.insert("t".to_string(), strings.clone());
                        tpl.render(registry, ALONE, &Value::Object(alone))?
                    }
                },
            };
            fields.insert(HTML.to_string(), Value::String(html.clone()));
            kept.insert(key, html);
        }
        cache.html = kept;
        drop(cache);
        tpl.render_context(registry, templates::INDEX, &handlebars::Context::from(ctx))
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
        r.register_partial(PAGE, format!("{{{{{{{HTML}}}}}}}"))
            .map_err(template_error)?;
        Ok(self.registry.get_or_init(|| r))
    }
}
