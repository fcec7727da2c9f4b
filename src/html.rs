//! The one HTML (and XML) escaper of coursepack's own code.
//!
//! It is pulldown-cmark's (the `pulldown-cmark-escape` crate, which the
//! markdown renderer already depends on): `&`, `<`, `>`, `"` and `'` become
//! `&amp;`, `&lt;`, `&gt;`, `&quot;` and `&#39;`, so the result is safe in
//! element content and in quoted attribute values, of HTML and of XML.
//! (The player's templates keep handlebars' own `{{ }}` escaping.)

/// Escapes `text` for HTML or XML element content and quoted attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    // Writing into a `String` never fails; were it to, nothing unescaped
    // would come out.
    pulldown_cmark_escape::escape_html(&mut out, text)
        .map(|()| out)
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn escapes_the_five_markup_characters_and_nothing_else() {
        assert_eq!(
            escape(r#"<a href="x" title='y'>Tom & Jerry</a>"#),
            "&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;Tom &amp; Jerry&lt;/a&gt;"
        );
        assert_eq!(escape("é = `ok` ✓"), "é = `ok` ✓");
        assert_eq!(escape(""), "");
    }
}
