//! Checks on the course's metadata: languages, version, IRI, license.

use super::{Checker, MAX_LANGUAGES, is_language_tag};
use crate::course::located::Located;
use crate::course::model::*;
use crate::course::rules;
use std::collections::HashSet;

impl Checker<'_> {
    pub(super) fn languages(&mut self, langs: &Languages) {
        let declared = 1 + langs.translations.len();
        if declared > MAX_LANGUAGES {
            self.too_many_langs = true;
            self.report(
                rules::LANG_TOO_MANY,
                langs.translations.get(MAX_LANGUAGES - 1).map_or(langs.source.pos, |t| t.pos),
                format!("the course declares {declared} languages; coursepack builds at most {MAX_LANGUAGES}"),
                format!("keep at most {MAX_LANGUAGES} languages (source and translations together): each one is a package per target; split the course if you need more"),
            );
            return;
        }
        let mut seen: HashSet<String> = HashSet::new();
        let all = std::iter::once(&langs.source).chain(langs.translations.iter());
        for tag in all {
            if !is_language_tag(tag) {
                self.bad_lang_tag = true;
                self.report(
                    rules::LANG_TAG,
                    tag.pos,
                    format!("`{}` is not a BCP 47 language tag", tag.value),
                    "use a tag such as `nl`, `en`, `fr-BE` or `pt-BR`",
                );
            } else if !seen.insert(tag.to_ascii_lowercase()) {
                self.report(
                    rules::LANG_DUPLICATE,
                    tag.pos,
                    format!("language `{}` is declared twice", tag.value),
                    "list each language once: the source language is not repeated in `translations`",
                );
            } else {
                self.langs.push(tag.value.clone());
            }
        }
    }

    pub(super) fn version(&mut self, version: &Located<String>) {
        let parts: Vec<&str> = version.split('.').collect();
        let ok = (2..=3).contains(&parts.len())
            && parts
                .iter()
                .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()));
        if !ok {
            self.report(
                rules::META_VERSION,
                version.pos,
                format!("version `{}` is not MAJOR.MINOR[.PATCH]", version.value),
                "write the version as numbers, e.g. `version: \"1.0.0\"` (quoted, so YAML keeps it a string)",
            );
        }
    }

    pub(super) fn iri(&mut self, iri: &Located<String>) {
        let rest = iri
            .strip_prefix("https://")
            .or_else(|| iri.strip_prefix("http://"));
        let problem = match rest {
            None => Some("is not an absolute http(s) IRI"),
            Some(r) if r.is_empty() || r.starts_with('/') => Some("has no host"),
            Some(r) if r.chars().any(|c| c.is_whitespace() || c.is_control()) => {
                Some("contains white space")
            }
            Some(r) if r.contains(['?', '#']) => Some("has a query or fragment"),
            Some(_) => None,
        };
        if let Some(problem) = problem {
            self.report(
                rules::META_IRI,
                iri.pos,
                format!("course IRI `{}` {problem}", iri.value),
                "use an absolute IRI under a domain you control, e.g. `https://example.org/courses/my-course`; lesson, page and question activity ids are derived from it",
            );
        }
    }

    pub(super) fn license(&mut self, license: &License) {
        let spdx_ok = !license.spdx.is_empty()
            && license
                .spdx
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '+'));
        if !spdx_ok {
            self.report(
                rules::META_LICENSE,
                license.spdx.pos,
                format!("`{}` is not an SPDX licence identifier", license.spdx.value),
                "use the SPDX id, e.g. `CC-BY-NC-SA-4.0` or `CC-BY-4.0`",
            );
        }
        self.url(&license.url);
        self.text(&license.attribution, "licence attribution");
    }
}
