//! The render stage: escaping, safe markdown, deterministic output, package
//! paths, assets, template overrides, UI-string fallback, and the worst-case
//! resume state checked against the player's own JavaScript serialiser
//! (run with node).

use crate::common;
use coursepack::course::load;
use coursepack::course::model::Course;
use coursepack::package::{Content, PackageFile};
use coursepack::render::{RenderError, RenderRequest, Rendered, assets, render};
use std::path::{Path, PathBuf};

fn sampler_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("src/render/testdata/sampler")
}

fn parse(dir: &Path) -> Course {
    let file = dir.join("course.yaml");
    let text = load::read_text(&file)
        .expect("read course.yaml")
        .expect("utf-8");
    load::parse(&file, &text).unwrap_or_else(|d| panic!("course does not parse: {d:?}"))
}

fn run(dir: &Path, course: &Course, lang: &str, runtime: &str) -> Result<Rendered, RenderError> {
    render(&RenderRequest {
        course,
        course_dir: dir,
        lang,
        runtime,
    })
}

fn rendered(lang: &str, runtime: &str) -> Rendered {
    let dir = sampler_dir();
    let course = parse(&dir);
    run(&dir, &course, lang, runtime).unwrap_or_else(|e| panic!("render failed: {e}"))
}

fn text_of<'a>(r: &'a Rendered, path: &str) -> &'a str {
    let file = r
        .files
        .iter()
        .find(|f| f.path == path)
        .unwrap_or_else(|| panic!("{path} is not in the package"));
    match &file.content {
        Content::Bytes(b) => std::str::from_utf8(b).expect("utf-8"),
        Content::File(p) => panic!("{path} is a file on disk ({})", p.display()),
    }
}

/// The JSON inside `<script type="application/json" id="course-data">`.
fn course_data(html: &str) -> (String, serde_json::Value) {
    let start = html
        .find("<script type=\"application/json\" id=\"course-data\">")
        .expect("course-data script");
    let rest = &html[start..];
    let open = rest.find('>').expect("tag end") + 1;
    let close = rest.find("</script>").expect("script end");
    let raw = rest[open..close].to_string();
    let value = serde_json::from_str(&raw).expect("course-data is JSON");
    (raw, value)
}

/// A copy of the sampler course with `edit` applied to its YAML.
fn variant(edit: impl Fn(String) -> String) -> (tempfile::TempDir, Course) {
    let tmp = tempfile::tempdir().expect("temp dir");
    let src = sampler_dir();
    std::fs::create_dir(tmp.path().join("assets")).expect("mkdir");
    for entry in std::fs::read_dir(src.join("assets")).expect("assets") {
        let entry = entry.expect("entry");
        std::fs::copy(
            entry.path(),
            tmp.path().join("assets").join(entry.file_name()),
        )
        .expect("copy");
    }
    let yaml = std::fs::read_to_string(src.join("course.yaml")).expect("read");
    std::fs::write(tmp.path().join("course.yaml"), edit(yaml)).expect("write");
    let course = parse(tmp.path());
    (tmp, course)
}

#[test]
fn course_text_is_escaped() {
    let r = rendered("nl", "none");
    let html = text_of(&r, "index.html");
    assert!(html.contains(
        "<title>Proefcursus &lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;citaat&quot;</title>"
    ));
    assert!(html.contains("Jan &lt;b&gt;Jansen&lt;/b&gt;"));
    assert!(
        !html.contains("<script>alert"),
        "unescaped script in the page"
    );
    assert!(!html.contains("<b>"), "unescaped author markup");
    // Exactly the three scripts of the player, nothing from the course.
    assert_eq!(html.matches("<script").count(), 3);
    let (raw, data) = course_data(html);
    assert!(
        !raw.contains('<') && !raw.contains('>'),
        "course-data could close its script"
    );
    assert_eq!(
        data["course"]["title"],
        "Proefcursus <script>alert(1)</script> & \"citaat\""
    );
}

#[test]
fn markdown_raw_html_and_bad_links_never_pass_through() {
    let (dir, course) = variant(|y| {
        y.replace(
            "Een **sterk** wachtwoord is *lang* en uniek.",
            "Een <img src=x onerror=alert(1)> <script>alert(2)</script> [kwaad](javascript:alert(3)) [data](data:text/html;base64,PHNjcmlwdD4=) [VB](vbscript:x) ![plaatje](https://example.org/p.png) **sterk**",
        )
    });
    let r = run(dir.path(), &course, "nl", "none").expect("render");
    let html = text_of(&r, "index.html");
    assert!(!html.contains("<img src=x"), "raw HTML passed through");
    assert!(
        !html.contains("<script>alert(2)"),
        "raw script passed through"
    );
    assert!(html.contains("&lt;img src=x onerror=alert(1)&gt;"));
    let lower = html.to_ascii_lowercase();
    for bad in [
        "href=\"javascript:",
        "<a href=\"data:",
        "href=\"vbscript:",
        "src=\"https://example.org/p.png",
    ] {
        assert!(!lower.contains(bad), "{bad} in the output");
    }
    assert!(
        html.contains(">kwaad<") || html.contains(" kwaad "),
        "refused link keeps its text"
    );
    // A remote picture becomes a link to it, never an <img>.
    assert!(html.contains(
        "href=\"https://example.org/p.png\" target=\"_blank\" rel=\"noopener noreferrer\">plaatje"
    ));
    // page: links are rewritten to the in-player page.
    assert!(html.contains("<a href=\"#page-tips\">de tips</a>"));
    assert!(html.contains("id=\"page-tips\""));
    // External links open in a new tab, safely.
    assert!(html.contains("<a href=\"https://example.org/wachtwoorden\" target=\"_blank\" rel=\"noopener noreferrer\">"));
}

#[test]
fn output_is_deterministic() {
    for (lang, runtime) in [("nl", "scorm12"), ("en", "none")] {
        let a = rendered(lang, runtime);
        let b = rendered(lang, runtime);
        assert_eq!(a.files, b.files, "{lang}/{runtime} differs between runs");
        assert_eq!(a.suspend_worst_case, b.suspend_worst_case);
    }
}

#[test]
fn package_layout_and_paths() {
    let r = rendered("nl", "scorm12");
    assert_eq!(r.launch, "index.html");
    let paths: Vec<&str> = r.files.iter().map(|f| f.path.as_str()).collect();
    let mut sorted = paths.clone();
    sorted.sort();
    assert_eq!(paths, sorted, "files are not sorted by path");
    for p in &paths {
        assert!(assets::is_safe_path(p), "unsafe package path {p}");
    }
    for required in [
        "index.html",
        "player/player.css",
        "player/player.js",
        "player/runtime.js",
    ] {
        assert!(paths.contains(&required), "{required} missing");
    }
    // Every asset the course names is in the package, streamed from disk.
    let course = parse(&sampler_dir());
    for src in assets::sources(&course) {
        let file: &PackageFile = r
            .files
            .iter()
            .find(|f| f.path == src)
            .unwrap_or_else(|| panic!("asset {src} missing"));
        assert!(matches!(file.content, Content::File(_)));
    }
    // Nothing the page needs comes from outside the package.
    let html = text_of(&r, "index.html");
    for attr in ["src=\"http", "href=\"//", "src=\"//", "@import", "url(http"] {
        assert!(!html.contains(attr), "external resource: {attr}");
    }
    let css = text_of(&r, "player/player.css");
    assert!(!css.contains("url(http") && !css.contains("@import") && !css.contains("@font-face"));
}

#[test]
fn asset_paths_are_made_safe() {
    let (dir, course) =
        variant(|y| y.replace("src: assets/chart.svg", "src: \"assets/Chart Big.svg\""));
    std::fs::copy(
        dir.path().join("assets/chart.svg"),
        dir.path().join("assets/Chart Big.svg"),
    )
    .expect("copy");
    let r = run(dir.path(), &course, "nl", "none").expect("render");
    assert!(r.files.iter().any(|f| f.path == "assets/chart-big.svg"));
    assert!(text_of(&r, "index.html").contains("src=\"assets/chart-big.svg\""));
    assert!(
        r.warnings
            .iter()
            .any(|w| w.rule_id == "asset-renamed" && w.message.contains("Chart Big.svg")),
        "{:?}",
        r.warnings
    );
}

#[test]
fn lang_attribute_and_localised_ui() {
    let nl = rendered("nl", "none");
    let html = text_of(&nl, "index.html");
    assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"nl\" dir=\"ltr\">"));
    assert!(html.contains(">Volgende<"));
    assert!(html.contains("srclang=\"nl\" label=\"Nederlands\" default>"));
    assert!(html.contains("srclang=\"en\" label=\"Engels\">"));
    // A link title in another language than the page says so (WCAG 3.1.2);
    // the "opens in a new tab" words stay in the page's language.
    assert!(
        html.contains("<span lang=\"en\">NCSC, Secure your accounts, 2024</span><span class=\"visually-hidden\">"),
        "the English link title carries lang=\"en\""
    );
    assert!(
        html.contains(">Contact<"),
        "a link without lang has no span"
    );
    let en = rendered("en", "none");
    let html = text_of(&en, "index.html");
    assert!(html.contains("<html lang=\"en\""));
    assert!(html.contains(">Next<"));
    assert!(html.contains("srclang=\"en\" label=\"English\" default>"));
    assert!(
        nl.warnings.is_empty() && en.warnings.is_empty(),
        "{:?}",
        nl.warnings
    );
}

#[test]
fn a_language_without_ui_strings_falls_back_to_english() {
    let (dir, course) = variant(|y| {
        y.replace("en:", "fy:")
            .replace("translations: [en]", "translations: [fy]")
    });
    let r = run(dir.path(), &course, "fy", "none").expect("render");
    assert!(text_of(&r, "index.html").contains(">Next<"));
    assert_eq!(r.warnings.len(), 1, "{:?}", r.warnings);
    assert_eq!(r.warnings[0].rule_id, "ui-strings-missing");
    assert!(r.warnings[0].message.contains("`fy`"));
    assert!(r.warnings[0].file.ends_with("course.yaml"));
}

#[test]
fn the_runtime_ships_one_adapter() {
    let none = rendered("nl", "none");
    let js = text_of(&none, "player/runtime.js");
    assert!(js.contains("CoursepackLocalRuntime") && !js.contains("LMSInitialize"));
    let scorm = rendered("nl", "scorm12");
    let js = text_of(&scorm, "player/runtime.js");
    assert!(js.contains("CoursepackLocalRuntime") && js.contains("LMSInitialize"));
    assert!(!js.contains("api: 'API_1484_11'"));
    let scorm2004 = rendered("nl", "scorm2004");
    let js2004 = text_of(&scorm2004, "player/runtime.js");
    assert!(js2004.contains("api: 'API_1484_11'") && !js2004.contains("'LMSInitialize'"));
    // Both SCORM adapters are built on the shared library, in this order.
    for js in [js, js2004] {
        let lib = js
            .find("root.CoursepackScorm = ")
            .expect("lib/scorm.js is included");
        let none = js.find("root.CoursepackLocalRuntime = ").expect("none.js");
        let adapter = js
            .find("root.CoursepackRuntime = root.CoursepackScorm(")
            .expect("adapter");
        assert!(none < lib && lib < adapter);
    }
    // The xAPI adapters ship the shared library once, between none.js and the adapter.
    for runtime in ["tincan", "cmi5"] {
        let r = rendered("nl", runtime);
        let js = text_of(&r, "player/runtime.js");
        let at = |needle: &str| {
            js.find(needle)
                .unwrap_or_else(|| panic!("{runtime}: no {needle}"))
        };
        assert_eq!(
            js.matches("root.CoursepackXapi = {").count(),
            1,
            "{runtime}: the library once"
        );
        assert!(at("CoursepackLocalRuntime = ") < at("root.CoursepackXapi = {"));
        assert!(at("root.CoursepackXapi = {") < at(&format!("name: '{runtime}'")));
        assert!(!js.contains("LMSInitialize"));
    }
    assert!(!text_of(&rendered("nl", "scorm12"), "player/runtime.js").contains("CoursepackXapi"));
    let dir = sampler_dir();
    let course = parse(&dir);
    for bad in ["xapi-does-not-exist", "../none", "", "NONE", "lib/xapi"] {
        match run(&dir, &course, "nl", bad) {
            Err(RenderError::UnknownRuntime { known, .. }) => {
                assert!(
                    known.contains("none") && known.contains("scorm12"),
                    "{known}"
                )
            }
            other => panic!("runtime {bad:?}: {:?}", other.err()),
        }
    }
    assert!(matches!(
        run(&dir, &course, "de", "none"),
        Err(RenderError::UnknownLanguage { .. })
    ));
    let known = match run(&dir, &course, "nl", "nope") {
        Err(RenderError::UnknownRuntime { known, .. }) => known,
        other => panic!("{:?}", other.err()),
    };
    assert!(
        !known.contains("lib/"),
        "libraries are not runtimes: {known}"
    );
}

#[test]
fn an_adapter_override_may_only_require_existing_libraries() {
    let (dir, course) = variant(|y| y);
    let runtime = dir.path().join("templates/runtime");
    std::fs::create_dir_all(&runtime).expect("mkdir");
    std::fs::write(
        runtime.join("scorm2004.js"),
        "// requires: lib/missing.js\nvar x = 1;\n",
    )
    .expect("write");
    let err = run(dir.path(), &course, "nl", "scorm2004")
        .err()
        .expect("an unknown library is an error");
    let msg = err.to_string();
    assert!(
        msg.contains("lib/missing.js") && msg.contains("override"),
        "{msg}"
    );
    std::fs::write(
        runtime.join("scorm2004.js"),
        "// requires: ../none.js\nvar x = 1;\n",
    )
    .expect("write");
    assert!(run(dir.path(), &course, "nl", "scorm2004").is_err());
    std::fs::write(
        runtime.join("scorm2004.js"),
        "// requires: lib/scorm.js\nvar overridden = 1;\n",
    )
    .expect("write");
    let r = run(dir.path(), &course, "nl", "scorm2004").expect("render");
    let js = text_of(&r, "player/runtime.js");
    assert!(js.contains("root.CoursepackScorm = ") && js.ends_with("var overridden = 1;\n"));
}

#[test]
fn template_overrides_replace_and_report() {
    let (dir, course) = variant(|y| y);
    let partials = dir.path().join("templates/player/partials");
    std::fs::create_dir_all(&partials).expect("mkdir");
    std::fs::write(
        partials.join("page.hbs"),
        "<section id=\"page-{{id}}\" data-page-id=\"{{id}}\"><h1 id=\"{{dom}}\" class=\"page-title\" tabindex=\"-1\">OVERRIDDEN {{title}}</h1></section>",
    )
    .expect("write");
    let r = run(dir.path(), &course, "nl", "none").expect("render");
    assert!(text_of(&r, "index.html").contains("OVERRIDDEN Welkom"));

    // Strict mode: an unknown field is an error that names the file.
    std::fs::write(partials.join("page.hbs"), "{{titel}}").expect("write");
    let err = run(dir.path(), &course, "nl", "none")
        .err()
        .expect("strict mode error");
    let msg = err.to_string();
    assert!(matches!(err, RenderError::Template { .. }), "{msg}");
    assert!(
        msg.contains("page.hbs") && msg.contains("override"),
        "{msg}"
    );

    // A syntax error names the file too.
    std::fs::write(partials.join("page.hbs"), "{{#if title}}unclosed").expect("write");
    let msg = run(dir.path(), &course, "nl", "none")
        .err()
        .expect("syntax error")
        .to_string();
    assert!(msg.contains("page.hbs"), "{msg}");
}

#[test]
fn reserved_page_ids_are_moved_aside() {
    let (dir, course) = variant(|y| {
        y.replace("id: tips", "id: results")
            .replace("page:tips", "page:results")
    });
    let r = run(dir.path(), &course, "nl", "none").expect("render");
    let html = text_of(&r, "index.html");
    assert!(html.contains("data-page-id=\"coursepack-results\""));
    assert!(html.contains("<section id=\"page-results\" class=\"page\" data-page-id=\"results\""));
    assert!(
        r.warnings
            .iter()
            .any(|w| w.rule_id == "id-reserved" && w.message.contains("`results`")),
        "{:?}",
        r.warnings
    );
}

// ---- the worst-case resume state against the JavaScript serialiser -------------

/// Runs the player's `StateCodec` (from the rendered player.js) on the
/// course data: the length of a maximal state, whether it parses back, and
/// the longest of many random states.
fn js_state_lengths(r: &Rendered) -> serde_json::Value {
    let script = r#"
const fs = require('fs');
const path = require('path');
const P = require(path.join(process.argv[1], 'player.js'));
const C = P.StateCodec;
const data = JSON.parse(fs.readFileSync(path.join(process.argv[1], 'data.json'), 'utf8'));
const range = n => Array.from({ length: n }, (_, i) => i);
// Longest answers: last option index, every choice, reversed orders, and text
// longer than the inputs' maxlength made only of characters that escape.
function maxResponse(q) {
  const n = q.options.length;
  switch (q.type) {
    case 'single-choice': case 'likert': return n - 1;
    case 'multiple-response': return range(n);
    case 'true-false': return true;
    case 'fill-in': return '~|;,!'.repeat(40);
    case 'numeric': return ',;|!~'.repeat(40);
    case 'matching': return range(n).map(i => n - 1 - i);
    case 'sequencing': return range(n).reverse();
  }
}
const entry = (q, r, checked) => ({ r, checked });
const st = C.fresh(data);
st.seen = st.seen.map(() => true);
st.learner = 4294967295;
st.checks = C.checkQuestions(data).map(q => entry(q, maxResponse(q), true));
const A = data.assessment;
if (A) {
  const lens = A.questions.map((q, i) => [C.encodeEntry(data, q, entry(q, maxResponse(q), true)).length, i]);
  lens.sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  const draw = lens.slice(0, A.draw).map(x => x[1]);
  st.asmt = { n: A.attempts, s: 2, seed: 4294967295, best: 100, last: 100, draw,
              entries: draw.map(i => entry(A.questions[i], maxResponse(A.questions[i]), true)) };
}
const max = C.serialize(data, st);
const back = C.parse(data, max);
const same = back !== null && C.serialize(data, back) === max;
// Random states never exceed the maximum.
const rand = P.prng(12345);
const pick = n => Math.floor(rand() * n);
const chars = 'ab~|;,!é🙂 1.,-e';
function randomResponse(q) {
  const n = q.options.length;
  switch (q.type) {
    case 'single-choice': case 'likert': return pick(n);
    case 'multiple-response': { const s = range(n).filter(() => rand() < 0.5); return s.length ? s : [0]; }
    case 'true-false': return rand() < 0.5;
    case 'fill-in': case 'numeric': { let s = ''; const len = 1 + pick(80); for (let i = 0; i < len; i++) s += chars[pick(chars.length)]; return s; }
    case 'matching': return range(n).map(() => rand() < 0.2 ? null : pick(n));
    case 'sequencing': return P.shuffle(range(n), rand);
  }
}
let longest = 0;
for (let k = 0; k < 3000; k++) {
  const s = C.fresh(data);
  s.seen = s.seen.map(() => rand() < 0.5);
  s.learner = Math.floor(rand() * 4294967296);
  s.checks = C.checkQuestions(data).map(q => rand() < 0.2 ? null : entry(q, randomResponse(q), rand() < 0.5));
  if (A) {
    const draw = P.shuffle(range(A.questions.length), rand).slice(0, A.draw);
    s.asmt = { n: 1 + pick(A.attempts), s: 1 + pick(2), seed: Math.floor(rand() * 4294967296), best: pick(101), last: pick(101), draw,
               entries: draw.map(i => rand() < 0.2 ? null : entry(A.questions[i], randomResponse(A.questions[i]), rand() < 0.5)) };
  }
  const text = C.serialize(data, s);
  if (C.parse(data, text) === null) { console.log(JSON.stringify({ error: 'random state does not parse', text })); process.exit(1); }
  longest = Math.max(longest, text.length);
}
console.log(JSON.stringify({ max: max.length, roundtrip: same, longestRandom: longest }));
"#;
    common::run_player_script(r, script, &[])
}

fn assert_worst_case_matches(r: &Rendered) {
    let js = js_state_lengths(r);
    assert_eq!(js["roundtrip"], true, "{js}");
    assert_eq!(
        js["max"].as_u64(),
        Some(r.suspend_worst_case as u64),
        "the JS serialiser's maximal state and state::worst_case disagree: {js}"
    );
    assert!(
        js["longestRandom"].as_u64().unwrap_or(u64::MAX) <= r.suspend_worst_case as u64,
        "a random state is longer than the worst case: {js}"
    );
}

#[test]
fn worst_case_state_matches_the_javascript_serialiser() {
    assert_worst_case_matches(&rendered("nl", "scorm12"));
}

/// A synthetic course: a bank of more than 36 questions (two-digit draw
/// indices), every type, 36-option questions and many pages.
fn big_course_yaml(bank: usize, draw: usize) -> String {
    let mut y = String::from(
        "id: big\nversion: \"1.0\"\niri: https://example.org/big\ntitle: {en: Big}\ndescription: {en: Big}\nlanguages: {source: en}\nauthors: [{name: X}]\nlicense: {spdx: CC0-1.0, url: https://example.org/l, attribution: {en: X}}\ncompletion: both\nlessons:\n",
    );
    for l in 0..3 {
        y.push_str(&format!("  - id: l{l}\n    title: {{en: L}}\n    pages:\n"));
        for p in 0..7 {
            y.push_str(&format!("      - id: p{l}-{p}\n        title: {{en: P}}\n        blocks: [{{text: {{en: T}}}}]\n"));
        }
        y.push_str(&format!("    check:\n      id: c{l}\n      questions:\n"));
        y.push_str(&question(&format!("c{l}q0"), 0, "        "));
        y.push_str(&question(&format!("c{l}q1"), l + 3, "        "));
    }
    y.push_str(&format!("assessment:\n  id: a\n  title: {{en: A}}\n  pass_mark: 80\n  draw: {draw}\n  attempts: 40\n  questions:\n"));
    for i in 0..bank {
        y.push_str(&question(&format!("a{i}"), i, "    "));
    }
    y
}

fn question(id: &str, i: usize, pad: &str) -> String {
    let opts = |n: usize, correct: bool| -> String {
        (0..n)
            .map(|k| {
                let c = if correct && k == 0 {
                    ", correct: true"
                } else {
                    ""
                };
                format!("{{id: o{k}, text: {{en: O{k}}}{c}}}")
            })
            .collect::<Vec<_>>()
            .join(", ")
    };
    let pairs = |n: usize| -> String {
        (0..n)
            .map(|k| format!("{{id: o{k}, source: {{en: S{k}}}, target: {{en: T{k}}}}}"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let items = |n: usize| -> String {
        (0..n)
            .map(|k| format!("{{id: o{k}, text: {{en: I{k}}}}}"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let body = match i % 8 {
        0 => format!("type: single-choice\n{pad}  choices: [{}]", opts(36, true)),
        1 => format!(
            "type: multiple-response\n{pad}  choices: [{}]",
            opts(36, true)
        ),
        2 => format!("type: true-false\n{pad}  answer: false"),
        3 => format!("type: fill-in\n{pad}  accepted: {{en: [x]}}"),
        4 => format!("type: matching\n{pad}  pairs: [{}]", pairs(36)),
        5 => format!("type: sequencing\n{pad}  items: [{}]", items(17)),
        6 => format!("type: numeric\n{pad}  min: 1\n{pad}  max: 2"),
        _ => format!("type: likert\n{pad}  scale: [{}]", items(5)),
    };
    let fb = if i % 8 == 7 {
        "neutral: {en: N}"
    } else {
        "incorrect: {en: W}"
    };
    format!("{pad}- id: {id}\n{pad}  prompt: {{en: Q}}\n{pad}  {body}\n{pad}  feedback: {{{fb}}}\n")
}

#[test]
fn worst_case_state_matches_for_a_large_bank() {
    for (bank, draw) in [(40, 37), (9, 3), (45, 45)] {
        let tmp = tempfile::tempdir().expect("temp dir");
        std::fs::write(tmp.path().join("course.yaml"), big_course_yaml(bank, draw)).expect("write");
        let course = parse(tmp.path());
        let checked = coursepack::course::load_and_check(tmp.path()).expect("check");
        assert!(!checked.has_errors(), "{:#?}", checked.diagnostics);
        let r = run(tmp.path(), &course, "en", "scorm12").expect("render");
        assert_worst_case_matches(&r);
        if bank == 45 {
            assert!(r.suspend_worst_case > 700, "{}", r.suspend_worst_case);
        }
    }
}
