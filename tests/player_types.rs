//! The question types across both languages: every type the course format
//! knows (the JSON Schema's `QuestionType`, generated from the Rust model) has
//! its module in the player (`templates/player/lib/question-<type>.js`,
//! registered in the player's table of question types) with every piece the
//! player calls, its SCORM 1.2, SCORM 2004 and xAPI formatting among them; the
//! tracking adapters format no type themselves. A type added on one side only
//! fails here.

use crate::common;

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
    let r = common::render_en(dir.path(), &common::one_page_course("types", ""));
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
    let pieces = common::strs(&js["pieces"], "pieces");
    for piece in [
        "arrange",
        "render",
        "read",
        "apply",
        "grade",
        "encode",
        "decode",
        "response",
        "scorm12",
        "scorm2004",
        "xapi",
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

/// The adapters send what the type modules formatted (`ev.scorm12`, `ev.scorm2004`, `ev.xapi`):
/// none of them names a question type in a `case` or a comparison.
#[test]
fn the_tracking_adapters_format_no_question_type_themselves() {
    let root = common::root();
    let runtime = root.join("templates/runtime");
    let mut files = Vec::new();
    for dir in [runtime.clone(), runtime.join("lib")] {
        for entry in std::fs::read_dir(&dir).expect("templates/runtime") {
            let path = entry.expect("entry").path();
            if path.extension().is_some_and(|e| e == "js") {
                files.push(path);
            }
        }
    }
    assert!(files.len() >= 5, "the adapters: {files:?}");
    let types = schema_types();
    for path in &files {
        let text = std::fs::read_to_string(path).expect("adapter");
        for t in &types {
            for pattern in [
                format!("case '{t}'"),
                format!("=== '{t}'"),
                format!("!== '{t}'"),
            ] {
                assert!(
                    !text.contains(&pattern),
                    "{} formats `{t}` answers itself (`{pattern}`): that belongs in templates/player/lib/question-{t}.js's scorm12/scorm2004/xapi pieces",
                    path.display()
                );
            }
        }
        assert!(
            !text.contains("switch (ev.type)"),
            "{} switches on the question type",
            path.display()
        );
    }
    for (adapter, piece) in [
        ("scorm12.js", "ev.scorm12"),
        ("scorm2004.js", "ev.scorm2004"),
        ("lib/xapi.js", "ev.xapi"),
    ] {
        let text = std::fs::read_to_string(runtime.join(adapter)).expect("adapter");
        assert!(
            text.contains(piece),
            "templates/runtime/{adapter} no longer sends the type's formatting ({piece})"
        );
    }
}
