//! The registry test: every question type has every piece.

use super::*;
use crate::course::model::Course;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Texts in the course's source language; interface strings from the
/// built-in English, so a type whose hint has no string fails.
struct English {
    lang: String,
    strings: BTreeMap<String, String>,
}

impl Texts for English {
    fn text(&self, v: &Text) -> String {
        v.get(&self.lang).cloned().unwrap_or_default()
    }
    fn html(&self, v: &Text, _mode: Mode) -> String {
        self.text(v)
    }
    fn t(&self, key: &str) -> String {
        self.strings
            .get(key)
            .cloned()
            .unwrap_or_else(|| panic!("templates/i18n/en.json has no string `{key}`"))
    }
    fn tf(&self, key: &str, _values: &[(&str, &str)]) -> String {
        self.t(key)
    }
    fn list(&self, v: &Localized<Vec<String>>) -> Vec<String> {
        v.get(&self.lang).cloned().unwrap_or_default()
    }
}

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The example course, which has a question of every type.
fn example() -> Course {
    let checked = crate::course::load_and_check(&root().join("course")).expect("course/ loads");
    assert!(!checked.has_errors(), "{:#?}", checked.diagnostics);
    checked.course.expect("course/ parses")
}

/// Every string value of every `enum` in a JSON Schema.
fn enum_values(v: &serde_json::Value, out: &mut BTreeSet<String>) {
    match v {
        serde_json::Value::Object(map) => {
            for (k, v) in map {
                if k == "enum" || k == "const" {
                    let values = v.as_array().cloned().unwrap_or_else(|| vec![v.clone()]);
                    out.extend(values.iter().filter_map(|s| s.as_str().map(String::from)));
                } else {
                    enum_values(v, out);
                }
            }
        }
        serde_json::Value::Array(items) => items.iter().for_each(|i| enum_values(i, out)),
        _ => {}
    }
}

#[test]
fn all_lists_every_question_type() {
    let schema = serde_json::to_value(schemars::schema_for!(QuestionType)).expect("schema");
    let mut in_schema = BTreeSet::new();
    enum_values(&schema, &mut in_schema);
    let listed: BTreeSet<String> = QuestionType::ALL
        .iter()
        .map(|t| t.name().to_string())
        .collect();
    assert_eq!(
        listed, in_schema,
        "QuestionType::ALL and the `type:` values the schema allows differ"
    );
    assert_eq!(
        listed.len(),
        QuestionType::ALL.len(),
        "QuestionType::ALL lists a type twice"
    );
    for t in QuestionType::ALL {
        let read: QuestionType =
            serde_json::from_value(serde_json::json!(t.name())).expect("the name parses");
        assert_eq!(read, *t, "`{}` reads as another type", t.name());
    }
}

#[test]
fn every_registered_module_handles_the_type_of_its_line() {
    assert_eq!(REGISTERED, QuestionType::ALL);
}

#[test]
fn every_question_type_has_every_piece() {
    let course = example();
    let keys = Keys::new(&course).expect("a checked course has every answer key");
    let strings: BTreeMap<String, String> = serde_json::from_str(
        &std::fs::read_to_string(root().join("templates/i18n/en.json")).expect("en.json"),
    )
    .expect("en.json is a map of strings");
    let cx = English {
        lang: course.languages.source.value.clone(),
        strings,
    };
    let mut missing = Vec::new();
    for &t in QuestionType::ALL {
        let Some(k) = keys.all().find(|k| k.question.kind.value == t) else {
            missing.push(format!("`{}`: course/course.yaml has no question of this type (add one, so this test exercises its module)", t.name()));
            continue;
        };
        // The key: made from the checked question, and again the same.
        let again = AnswerKey::new(k.question).expect("the key");
        assert_eq!(again.authored_ids(), k.key.authored_ids());
        // The view.
        let place = Place {
            container: "c",
            index: 0,
            total: 1,
            mode: FeedbackMode::Immediate,
            in_assessment: false,
        };
        let v = view(&cx, k, &place, "q1".into());
        assert_eq!(v.kind, t.name());
        assert!(
            !v.control.is_empty() && !v.hint.is_empty(),
            "`{}`: no control or hint",
            t.name()
        );
        let shown = v.options.len() + v.pairs.len() + v.items.len();
        if k.key.option_count() > 0 {
            assert_eq!(
                shown,
                k.key.option_count(),
                "`{}`: the page shows another number of options",
                t.name()
            );
        }
        // The player data.
        let d = data(&cx, k, "c");
        assert_eq!(d.kind, t.name());
        assert_eq!(
            d.weight > 0,
            t.is_scored(),
            "`{}`: weight and scoring disagree",
            t.name()
        );
        let json = serde_json::to_value(&d).expect("data serialises");
        assert!(
            json.get("key").is_some(),
            "`{}`: no key in the data",
            t.name()
        );
        // The resume-state size.
        assert!(
            entry_worst(k.question) >= 2,
            "`{}`: an entry holds at least one character and the mark",
            t.name()
        );
        assert!(k.key.option_count() <= crate::render::state::MAX_OPTIONS);
    }
    assert!(missing.is_empty(), "{}", missing.join("\n"));
}

fn numeric(yaml: &str) -> serde_json::Value {
    let q: Question =
        serde_saphyr::from_str(&format!("id: q\ntype: numeric\nprompt: {{en: x}}\n{yaml}"))
            .expect("a numeric question");
    let k = Keyed::new(&q).expect("a key");
    let cx = English {
        lang: "en".into(),
        strings: BTreeMap::new(),
    };
    serde_json::to_value(data(&cx, &k, "c").key).expect("json")
}

#[test]
fn numeric_keys_as_the_player_reads_them() {
    use serde_json::json;
    assert_eq!(numeric("exact: 28"), json!({"exact": 28}));
    assert_eq!(numeric("exact: 2.5"), json!({"exact": 2.5}));
    assert_eq!(numeric("exact: 28\ntolerance: 0"), json!({"exact": 28}));
    assert_eq!(
        numeric("exact: 28\ntolerance: 0.5"),
        json!({"min": 27.5, "max": 28.5})
    );
    assert_eq!(numeric("min: 1\nmax: 3"), json!({"min": 1, "max": 3}));
}

#[test]
fn an_unchecked_question_without_its_key_fails_with_a_typed_error() {
    let q: Question =
        serde_saphyr::from_str("id: q\ntype: matching\nprompt: {en: x}\n").expect("a question");
    let err = AnswerKey::new(&q).expect_err("no pairs");
    assert!(
        matches!(err, KeyError::Missing { field: "pairs", .. }),
        "{err}"
    );
    // Its size in the resume state is its type's with no options.
    assert_eq!(entry_worst(&q), 1);
}
