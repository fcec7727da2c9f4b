//! The question types across both languages: every type the course format
//! knows (the JSON Schema's `QuestionType`, generated from the Rust model) has
//! its module in the player (`templates/player/lib/question-<type>.js`,
//! registered in the player's table of question types) with every piece the
//! player calls, and the tracking adapters turn its answers into SCORM and
//! xAPI responses. A type added on one side only fails here.

use crate::common;

const COURSE: &str = r#"
id: types
version: "1.0"
iri: https://example.org/courses/types
title: {en: Types}
description: {en: Question types.}
languages: {source: en}
authors: [{name: Someone}]
license: {spdx: CC-BY-4.0, url: https://creativecommons.org/licenses/by/4.0/, attribution: {en: By someone.}}
completion: all-pages
lessons:
  - id: l
    title: {en: L}
    pages:
      - id: p
        title: {en: P}
        blocks: [{text: {en: Text.}}]
"#;

/// The question types of the course format, from its JSON Schema.
fn schema_types() -> Vec<String> {
    fn strings(v: &serde_json::Value, out: &mut Vec<String>) {
        match v {
            serde_json::Value::String(s) => out.push(s.clone()),
            serde_json::Value::Array(a) => a.iter().for_each(|x| strings(x, out)),
            serde_json::Value::Object(o) => {
                for key in ["enum", "const", "oneOf", "anyOf"] {
                    if let Some(x) = o.get(key) {
                        strings(x, out);
                    }
                }
            }
            _ => {}
        }
    }
    let schema: serde_json::Value =
        serde_json::from_str(&coursepack::course::json_schema()).expect("schema is JSON");
    let mut out = Vec::new();
    strings(&schema["$defs"]["QuestionType"], &mut out);
    out.sort();
    out.dedup();
    out
}

#[test]
fn every_question_type_has_its_player_module_with_every_piece() {
    let types = schema_types();
    assert!(types.len() >= 8, "the schema's question types: {types:?}");
    let dir = tempfile::tempdir().expect("temp dir");
    let r = common::render_en(dir.path(), COURSE);
    let script = r#"
const path = require('path');
const C = require(path.join(process.argv[1], 'player.js'));
const out = { pieces: C.QUESTION_PIECES, types: {} };
for (const [name, t] of Object.entries(C.questionTypes)) {
  out.types[name] = Object.keys(t).filter((k) => typeof t[k] === 'function');
}
console.log(JSON.stringify(out));
"#;
    let js = common::run_player_script(&r, script, &[]);
    let pieces: Vec<&str> = js["pieces"]
        .as_array()
        .expect("pieces")
        .iter()
        .filter_map(|p| p.as_str())
        .collect();
    for piece in [
        "arrange",
        "render",
        "read",
        "apply",
        "grade",
        "encode",
        "decode",
        "response",
        "describe",
        "describeCorrect",
    ] {
        assert!(
            pieces.contains(&piece),
            "the player no longer asks every type for `{piece}`"
        );
    }
    for t in &types {
        let have = js["types"][t.as_str()].as_array().unwrap_or_else(|| {
            panic!("question type `{t}` has no module in the player (templates/player/lib/question-{t}.js, registered with Coursepack.registerQuestionType and named in player.js's `// requires:` lines)")
        });
        for piece in &pieces {
            assert!(
                have.iter().any(|h| h == piece),
                "question type `{t}`'s player module lacks `{piece}`"
            );
        }
    }
    let registered: Vec<&String> = js["types"].as_object().expect("types").keys().collect();
    for t in registered {
        assert!(
            types.contains(t),
            "the player registers `{t}`, which the course format does not know"
        );
    }
}

#[test]
fn every_question_type_is_formatted_for_scorm_and_xapi() {
    let root = common::root();
    for adapter in [
        "templates/runtime/scorm12.js",
        "templates/runtime/scorm2004.js",
        "templates/runtime/lib/xapi.js",
    ] {
        let text = std::fs::read_to_string(root.join(adapter)).expect("adapter");
        for t in schema_types() {
            assert!(
                text.contains(&format!("case '{t}':")),
                "{adapter} does not format `{t}` answers (no `case '{t}':`)"
            );
        }
    }
}
