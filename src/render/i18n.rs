//! The player's own words (buttons, labels, messages) in the package language.
//!
//! `templates/i18n/<lang>.json` is a flat JSON object of strings. English is
//! the base: a language file only needs the keys it translates, and a course
//! language with no file at all gets English (with a build warning).
//! Placeholders are written `{name}` and filled in by the template context or
//! the player script.

use super::RenderError;
use super::templates::Templates;
use crate::diag::Diagnostic;
use std::collections::BTreeMap;

pub type Strings = BTreeMap<String, String>;

const BASE: &str = "en";

fn load_file(t: &Templates, rel: &str) -> Result<Strings, RenderError> {
    parse(t, rel, &t.text(rel)?)
}

/// A strings file's content: a flat JSON object of strings.
pub(super) fn parse_strings(text: &str) -> Result<Strings, serde_json::Error> {
    serde_json::from_str::<Strings>(text)
}

fn parse(t: &Templates, rel: &str, text: &str) -> Result<Strings, RenderError> {
    parse_strings(text).map_err(|e| RenderError::Template {
        file: t.describe(rel),
        message: format!(
            "not a JSON object of strings: {e}; write it as {{\"key\": \"text\", ...}}"
        ),
    })
}

/// The file that holds `lang`'s strings: `pt-br.json`, else `pt.json`.
fn file_for(t: &Templates, lang: &str) -> Option<String> {
    let lower = lang.to_ascii_lowercase();
    let primary = lower.split('-').next().unwrap_or(&lower).to_string();
    [lower, primary]
        .into_iter()
        .map(|l| format!("i18n/{l}.json"))
        .find(|rel| t.exists(rel))
}

/// The UI strings for `lang`, English filling every gap. The built-in English
/// comes first, so an override of `en.json` (or of any language) that lacks
/// keys still leaves every key the templates use defined.
pub fn load(
    t: &Templates,
    lang: &str,
    warnings: &mut Vec<Diagnostic>,
) -> Result<Strings, RenderError> {
    let base = format!("i18n/{BASE}.json");
    let mut strings = match t.builtin_text(&base) {
        Some(text) => parse(t, &base, &text)?,
        None => Strings::new(),
    };
    strings.extend(load_file(t, &base)?);
    match file_for(t, lang) {
        Some(rel) if rel != format!("i18n/{BASE}.json") => {
            strings.extend(load_file(t, &rel)?);
        }
        Some(_) => {}
        None => warnings.push(Diagnostic::new(
            super::rules::UI_STRINGS_MISSING,
            &t.course_dir().join(crate::course::COURSE_FILE),
            None,
            format!(
                "the player has no UI strings for `{lang}`; its buttons and messages will be in English (add templates/i18n/{}.json to the course to translate them)",
                lang.to_ascii_lowercase()
            ),
        )),
    }
    Ok(strings)
}

/// Fills `{name}` placeholders.
pub fn fill(template: &str, values: &[(&str, &str)]) -> String {
    let mut out = template.to_string();
    for (k, v) in values {
        out = out.replace(&format!("{{{k}}}"), v);
    }
    out
}

/// The name of a language, in the package language when the strings have
/// it (`lang.<tag>`), else the tag itself.
pub fn language_name(strings: &Strings, tag: &str) -> String {
    strings
        .get(&format!("lang.{}", tag.to_ascii_lowercase()))
        .cloned()
        .unwrap_or_else(|| tag.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    #[test]
    fn every_language_file_has_exactly_the_english_keys() {
        let t = Templates::new(Path::new("/nonexistent"));
        let en = load_file(&t, "i18n/en.json").unwrap();
        for rel in t.list("i18n/", false) {
            let other = load_file(&t, &rel).unwrap();
            let missing: Vec<_> = en.keys().filter(|k| !other.contains_key(*k)).collect();
            let extra: Vec<_> = other.keys().filter(|k| !en.contains_key(*k)).collect();
            assert!(missing.is_empty(), "{rel} lacks {missing:?}");
            assert!(extra.is_empty(), "{rel} has unknown keys {extra:?}");
        }
    }

    #[test]
    fn fallback_to_english_warns() {
        let t = Templates::new(Path::new("/nonexistent"));
        let mut w = Vec::new();
        let s = load(&t, "fr", &mut w).unwrap();
        assert_eq!(s.get("nav_next").map(String::as_str), Some("Next"));
        assert_eq!(w.len(), 1);
        let mut w = Vec::new();
        let s = load(&t, "nl-BE", &mut w).unwrap();
        assert_eq!(s.get("nav_next").map(String::as_str), Some("Volgende"));
        assert!(w.is_empty());
    }

    #[test]
    fn a_partial_override_of_english_keeps_the_built_in_keys() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("templates/i18n")).unwrap();
        std::fs::write(
            dir.path().join("templates/i18n/en.json"),
            r#"{"nav_next": "Onward"}"#,
        )
        .unwrap();
        let t = Templates::new(dir.path());
        let builtin = load(
            &Templates::new(Path::new("/nonexistent")),
            "en",
            &mut Vec::new(),
        )
        .unwrap();
        let s = load(&t, "en", &mut Vec::new()).unwrap();
        assert_eq!(s.get("nav_next").map(String::as_str), Some("Onward"));
        let missing: Vec<_> = builtin.keys().filter(|k| !s.contains_key(*k)).collect();
        assert!(
            missing.is_empty(),
            "the override left {missing:?} undefined"
        );
    }

    #[test]
    fn placeholders() {
        assert_eq!(fill("{a} of {b}", &[("a", "1"), ("b", "2")]), "1 of 2");
    }
}
