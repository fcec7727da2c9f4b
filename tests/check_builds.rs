//! The promise of issue 13: every course `check` accepts builds every target.
//! "This is a coursepack bug" must be unreachable from any input.
//!
//! A property test generates courses (as JSON, which is YAML too, so any
//! string, control characters and non-characters included, can be written):
//! titles, texts, ids, versions, IRIs, languages, answers and question shapes
//! drawn mostly from plausible values and sometimes from hostile ones. For
//! each, `check` runs; when it reports no error, the build of every target ×
//! every language must succeed. The strategies lean towards courses that
//! pass, so the build is what gets exercised. 10 cases by default (a few
//! seconds); `COURSEPACK_PROPTEST_CASES=500` for a longer run.

use coursepack::build;
use coursepack::course;
use coursepack::plan::{self, BuildRequest};
use proptest::prelude::*;
use serde_json::{Value, json};

/// Short text: mostly ordinary words, sometimes anything at all.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        16 => "[A-Za-z][A-Za-z ,.?!'-]{0,40}",
        // Markup characters, any printable script, private use, astral planes:
        // all allowed, all must build.
        3 => "[\\PC<>&\"'\u{E000}-\u{FFFD}\u{10000}-\u{10FFFF}]{1,20}",
        1 => ".{0,12}",
        1 => "[\u{0}-\u{1F}\u{7F}-\u{9F}\u{FFFE}\u{FFFF}a]{1,6}",
        1 => "[a-z ]{190,240}",
    ]
}

fn id() -> impl Strategy<Value = String> {
    prop_oneof![
        30 => "[a-z][a-z0-9_-]{0,20}",
        1 => "[a-z][a-z0-9]{100,140}",
        1 => ".{1,10}",
    ]
}

fn version() -> impl Strategy<Value = String> {
    prop_oneof![
        16 => "[0-9]{1,3}\\.[0-9]{1,3}(\\.[0-9]{1,3})?",
        1 => "[0-9]{10,14}\\.[0-9]{5,10}",
        1 => ".{0,8}",
    ]
}

fn iri() -> impl Strategy<Value = String> {
    prop_oneof![
        8 => "https://example\\.org/[a-z0-9/_-]{1,20}",
        2 => "https://[a-z]{1,10}\\.example/[\\PC]{0,12}",
        1 => "http://[^ ]{1,20}",
    ]
}

/// `{lang: text}` for every language.
fn localized(langs: &[String], texts: &[String]) -> Value {
    let mut m = serde_json::Map::new();
    for (i, l) in langs.iter().enumerate() {
        m.insert(l.clone(), Value::String(texts[i % texts.len()].clone()));
    }
    Value::Object(m)
}

#[derive(Debug, Clone)]
struct Shape {
    langs: Vec<String>,
    title: String,
    texts: Vec<String>,
    ids: Vec<String>,
    version: String,
    iri: String,
    choices: usize,
    fill_in: Vec<String>,
    pages: usize,
    attribution: String,
}

fn shape() -> impl Strategy<Value = Shape> {
    (
        prop_oneof![
            4 => Just(vec!["nl".to_string(), "en".to_string()]),
            1 => proptest::collection::vec("[a-z]{2,3}(-[A-Z]{2})?", 1..5),
        ],
        text(),
        proptest::collection::vec(text(), 1..6),
        proptest::collection::vec(id(), 6..10),
        version(),
        iri(),
        2usize..40,
        proptest::collection::vec(text(), 1..3),
        1usize..4,
        text(),
    )
        .prop_map(
            |(langs, title, texts, ids, version, iri, choices, fill_in, pages, attribution)| {
                Shape {
                    langs,
                    title,
                    texts,
                    ids,
                    version,
                    iri,
                    choices,
                    fill_in,
                    pages,
                    attribution,
                }
            },
        )
}

fn course_json(s: &Shape) -> Value {
    let l = |t: &[String]| localized(&s.langs, t);
    let one = |t: &String| localized(&s.langs, std::slice::from_ref(t));
    let pages: Vec<Value> = (0..s.pages)
        .map(|p| {
            json!({
                "id": format!("{}-{p}", s.ids[1]),
                "title": l(&s.texts[p % s.texts.len()..]),
                "blocks": [
                    {"heading": l(&s.texts)},
                    {"text": l(&s.texts[1.min(s.texts.len() - 1)..])},
                    {"image": {"src": "assets/chart.png", "alt": one(&"A bar chart of lengths.".to_string()), "caption": l(&s.texts)}},
                    {"callout": {"kind": "tip", "title": l(&s.texts), "text": l(&s.texts)}},
                    {"list": {"items": [l(&s.texts)]}},
                    {"links": [{"title": s.texts[0], "url": "https://example.org/x"}]},
                ]
            })
        })
        .collect();
    let choices: Vec<Value> = (0..s.choices)
        .map(|i| json!({"id": format!("c{i}"), "text": l(&s.texts[i % s.texts.len()..]), "correct": i == 0}))
        .collect();
    let accepted: serde_json::Map<String, Value> = s
        .langs
        .iter()
        .map(|lang| (lang.clone(), json!(s.fill_in)))
        .collect();
    let feedback = json!({"correct": l(&s.texts), "incorrect": l(&s.texts)});
    json!({
        "id": s.ids[0],
        "version": s.version,
        "iri": s.iri,
        "title": one(&s.title),
        "description": l(&s.texts),
        "languages": {"source": s.langs[0], "translations": s.langs[1..]},
        "authors": [{"name": s.texts[0], "role": l(&s.texts)}],
        "license": {"spdx": "CC-BY-4.0", "url": "https://creativecommons.org/licenses/by/4.0/", "attribution": one(&s.attribution)},
        "completion": "both",
        "lessons": [{
            "id": s.ids[2],
            "title": l(&s.texts),
            "pages": pages,
            "check": {"id": s.ids[3], "questions": [
                {"id": s.ids[4], "type": "single-choice", "prompt": l(&s.texts), "choices": choices, "feedback": feedback},
            ]},
        }],
        "assessment": {
            "id": s.ids[5], "title": l(&s.texts), "pass_mark": 70, "attempts": 2,
            "questions": [
                {"id": format!("{}-f", s.ids[5]), "type": "fill-in", "prompt": l(&s.texts), "accepted": accepted, "feedback": feedback},
                {"id": format!("{}-t", s.ids[5]), "type": "true-false", "prompt": l(&s.texts), "answer": true, "feedback": feedback},
            ],
        },
    })
}

/// Checks the course in `dir`; when it is clean, builds every target and
/// language. `Err` is a course check accepted and the build refused.
fn check_then_build(dir: &std::path::Path) -> Result<bool, String> {
    let checked = course::load_and_check(dir).map_err(|e| format!("load: {e}"))?;
    let Some(c) = checked.course.as_ref().filter(|_| !checked.has_errors()) else {
        return Ok(false);
    };
    let out = dir.join("dist");
    let request = BuildRequest {
        course_dir: dir.to_path_buf(),
        out_dir: out,
        targets: None,
        langs: None,
    };
    let plan = plan::plan(&request, c).map_err(|e| format!("plan: {e}"))?;
    build::build(&plan, c, &[]).map_err(|e| format!("build: {e}"))?;
    Ok(true)
}

fn cases() -> u32 {
    std::env::var("COURSEPACK_PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn every_course_check_accepts_builds_every_target(s in shape()) {
        let dir = tempfile::tempdir().expect("temp");
        let yaml = serde_json::to_string_pretty(&course_json(&s)).expect("json");
        std::fs::write(dir.path().join("course.yaml"), &yaml).expect("write");
        std::fs::create_dir_all(dir.path().join("assets")).expect("mkdir");
        std::fs::write(dir.path().join("assets/chart.png"), b"\x89PNG\r\n\x1a\n").expect("png");
        let r = check_then_build(dir.path());
        if let Err(e) = r {
            prop_assert!(false, "check accepted a course the build refuses: {e}\n{yaml}");
        }
    }
}

/// The generator is not vacuous: the plain shape checks clean and builds.
#[test]
fn a_plain_generated_course_checks_clean_and_builds() {
    let s = Shape {
        langs: vec!["nl".into(), "en".into()],
        title: "Sterke wachtwoorden".into(),
        texts: vec!["Lang en uniek.".into(), "Gebruik een manager.".into()],
        ids: (0..10).map(|i| format!("id{i}")).collect(),
        version: "1.0.0".into(),
        iri: "https://example.org/c".into(),
        choices: 3,
        fill_in: vec!["factor".into()],
        pages: 2,
        attribution: "CC BY 4.0".into(),
    };
    let dir = tempfile::tempdir().expect("temp");
    let yaml = serde_json::to_string_pretty(&course_json(&s)).expect("json");
    std::fs::write(dir.path().join("course.yaml"), &yaml).expect("write");
    std::fs::create_dir_all(dir.path().join("assets")).expect("mkdir");
    std::fs::write(dir.path().join("assets/chart.png"), b"\x89PNG\r\n\x1a\n").expect("png");
    assert_eq!(check_then_build(dir.path()), Ok(true), "{yaml}");
}
