//! Learning objectives and quota draws: what `check` reports, that the start
//! page lists the objectives, and that the player's quota draw covers every
//! quota of the real course on every attempt (run in node against the
//! rendered player).

use crate::common;
use coursepack::course::load;
use coursepack::package::Content;
use std::path::Path;

const COURSE: &str = r#"
id: goals
version: "1.0"
iri: https://example.org/courses/goals
title: {en: Goals}
description: {en: Objectives and quotas.}
languages: {source: en}
authors: [{name: Someone}]
license: {spdx: CC-BY-4.0, url: https://creativecommons.org/licenses/by/4.0/, attribution: {en: By someone.}}
objectives:
  - {id: read, text: {en: read a chart}}
  - {id: write, text: {en: write a caption}}
completion: all-pages
lessons:
  - id: one
    title: {en: One}
    objectives: [read]
    pages: [{id: p1, title: {en: P1}, blocks: [{text: {en: Text.}}]}]
  - id: two
    title: {en: Two}
    objectives: [write]
    pages: [{id: p2, title: {en: P2}, blocks: [{text: {en: Text.}}]}]
assessment:
  id: final
  title: {en: Final}
  pass_mark: 50
  attempts: 2
  draw:
    - {from: one, count: 2}
    - {from: write, count: 1}
  questions:
    - {id: r1, type: true-false, objectives: [read], prompt: {en: R1}, answer: true, feedback: {incorrect: {en: No.}}}
    - {id: r2, type: true-false, objectives: [read], prompt: {en: R2}, answer: true, feedback: {incorrect: {en: No.}}}
    - {id: r3, type: true-false, objectives: [read], prompt: {en: R3}, answer: true, feedback: {incorrect: {en: No.}}}
    - {id: w1, type: true-false, objectives: [write], prompt: {en: W1}, answer: true, feedback: {incorrect: {en: No.}}}
    - {id: w2, type: true-false, objectives: [write], prompt: {en: W2}, answer: true, feedback: {incorrect: {en: No.}}}
    - id: mood
      type: likert
      prompt: {en: Mood}
      scale: [{id: a, text: {en: Low}}, {id: b, text: {en: High}}]
"#;

fn check(yaml: &str) -> Vec<(String, String, String)> {
    common::check_diagnostics(yaml)
        .iter()
        .map(|d| {
            let s = |k: &str| d[k].as_str().unwrap_or_default().to_string();
            (s("rule"), s("severity"), s("message"))
        })
        .collect()
}

fn has(diags: &[(String, String, String)], rule: &str, severity: &str, text: &str) -> bool {
    diags
        .iter()
        .any(|(r, s, m)| r == rule && s == severity && m.contains(text))
}

#[test]
fn objectives_and_quotas_are_checked() {
    assert_eq!(check(COURSE), vec![], "the example is clean");

    let unknown = check(&COURSE.replace(
        "objectives: [write]\n    pages",
        "objectives: [wirte]\n    pages",
    ));
    assert!(
        has(
            &unknown,
            "objective-unknown",
            "error",
            "lesson `two` names the objective `wirte`"
        ),
        "{unknown:?}"
    );

    let unmeasured = check(&COURSE.replace(
        "  - {id: write, text: {en: write a caption}}\n",
        "  - {id: write, text: {en: write a caption}}\n  - {id: draw, text: {en: draw a map}}\n",
    ));
    assert!(
        has(&unmeasured, "objective-unmeasured", "warning", "`draw`"),
        "{unmeasured:?}"
    );

    let too_many = check(&COURSE.replace("{from: one, count: 2}", "{from: one, count: 4}"));
    assert!(
        has(&too_many, "assessment-draw", "error", "draws 4 but only 3"),
        "{too_many:?}"
    );

    let nowhere = check(&COURSE.replace("{from: write, count: 1}", "{from: three, count: 1}"));
    assert!(
        has(
            &nowhere,
            "assessment-draw",
            "error",
            "`three`, which is neither a lesson nor an objective"
        ),
        "{nowhere:?}"
    );
    assert!(
        has(
            &nowhere,
            "assessment-draw",
            "error",
            "no quota of the draw measures lesson `two`"
        ),
        "{nowhere:?}"
    );

    // A question in two pools counts once: the later quota cannot rely on it.
    let shared = check(
        &COURSE
            .replace(
                "{id: w1, type: true-false, objectives: [write]",
                "{id: w1, type: true-false, objectives: [read, write]",
            )
            .replace(
                "{id: w2, type: true-false, objectives: [write]",
                "{id: w2, type: true-false, objectives: [read, write]",
            ),
    );
    assert!(
        has(
            &shared,
            "assessment-draw",
            "error",
            "only 0 scored questions"
        ),
        "{shared:?}"
    );
}

#[test]
fn the_start_page_lists_the_objectives() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let html = common::file_text(&common::render_en(tmp.path(), COURSE), "index.html");
    let credits = &html[html.find("data-kind=\"credits\"").expect("credits page")..];
    let credits = &credits[..credits.find("</section>").expect("end of credits")];
    assert!(credits.contains("What you will be able to do"), "{credits}");
    assert!(
        credits.contains("<li data-objective=\"read\">read a chart</li>"),
        "{credits}"
    );
    assert!(
        credits.contains("<li data-objective=\"write\">write a caption</li>"),
        "{credits}"
    );
}

/// Draws 2,000 attempts of the real course with the player's own draw and
/// checks each against the course's quotas.
#[test]
fn every_attempt_of_the_real_course_meets_every_quota() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("course");
    let yaml = std::fs::read_to_string(dir.join("course.yaml")).expect("read course");
    let r = common::render_en(&dir, &yaml);
    let script = r#"
const fs = require('fs');
const path = require('path');
const dir = process.argv[1];
const P = require(path.join(dir, 'player.js'));
const A = JSON.parse(fs.readFileSync(path.join(dir, 'data.json'), 'utf8')).assessment;
const problems = [];
const need = A.quotas.quotas.reduce((n, q) => n + q.count, 0);
for (let seed = 0; seed < 2000; seed++) {
  const d = P.drawByQuota(A, P.prng(P.hash32('draw/' + seed)));
  if (new Set(d).size !== d.length) problems.push(`seed ${seed}: a question twice`);
  if (d.length !== A.draw) problems.push(`seed ${seed}: ${d.length} questions, the data says ${A.draw}`);
  const scored = d.slice(0, need);
  A.quotas.quotas.forEach((q, k) => {
    const got = scored.filter(i => q.pool.includes(i)).length;
    if (got < q.count) problems.push(`seed ${seed}: quota ${k} has ${got} of ${q.count}`);
  });
  if (JSON.stringify(d.slice(need)) !== JSON.stringify(A.quotas.always)) problems.push(`seed ${seed}: the survey question is not last`);
}
console.log(JSON.stringify({ quotas: A.quotas.quotas.length, always: A.quotas.always.length, problems: problems.slice(0, 5) }));
"#;
    let report = common::run_player_script(&r, script, &[]);
    assert_eq!(
        report["quotas"], 6,
        "the real course draws by quota: {report}"
    );
    assert_eq!(
        report["always"], 1,
        "the survey question is always shown: {report}"
    );
    assert_eq!(report["problems"], serde_json::json!([]), "{report}");
}

/// The manifest file `name` of `target` for the course above, in English.
fn manifest(target: &dyn coursepack::target::Target, name: &str) -> String {
    let tmp = tempfile::tempdir().expect("temp dir");
    let file = tmp.path().join("course.yaml");
    let course = load::parse(&file, COURSE).unwrap_or_else(|d| panic!("parse: {d:?}"));
    let files = vec![coursepack::package::PackageFile::bytes("index.html", "x")];
    let out = target
        .manifest(&coursepack::target::ManifestInput {
            course: &course,
            lang: "en",
            files: &files,
            launch: "index.html",
        })
        .expect("manifest");
    let f = out.iter().find(|f| f.path == name).expect(name);
    match &f.content {
        Content::Bytes(b) => String::from_utf8(b.clone()).expect("utf-8"),
        Content::File(_) => panic!("a manifest is generated bytes"),
    }
}

/// SCORM 2004 keeps the pass mark in the primary objective and lists every
/// learning objective by its id (the `cmi.objectives.n.id` the SCO writes);
/// cmi5 declares them for the course and references them from the AU;
/// TinCan lists them as activities of type objective. Each stays valid
/// against the official schema.
#[test]
fn the_manifests_carry_the_objectives() {
    let xml = manifest(&coursepack::target::Scorm2004, "imsmanifest.xml");
    common::assert_xmllint_valid("drivers/scorm2004-4th.xsd", xml.as_bytes(), &xml);
    let objectives = &xml[xml.find("<imsss:objectives>").expect("objectives")..];
    let objectives = &objectives[..objectives.find("</imsss:objectives>").expect("end")];
    assert!(
        objectives.contains(
            "<imsss:primaryObjective satisfiedByMeasure=\"true\">\n              <imsss:minNormalizedMeasure>0.50</imsss:minNormalizedMeasure>"
        ),
        "{objectives}"
    );
    let listed: Vec<&str> = objectives
        .split("<imsss:objective objectiveID=\"")
        .skip(1)
        .map(|s| &s[..s.find('"').expect("quote")])
        .collect();
    assert_eq!(listed, ["read", "write"], "{objectives}");

    let xml = manifest(&coursepack::target::Cmi5, "cmi5.xml");
    common::assert_xmllint_valid("cmi5/CourseStructure.xsd", xml.as_bytes(), &xml);
    let iri = "https://example.org/courses/goals/objectives/";
    for id in ["read", "write"] {
        assert!(
            xml.contains(&format!("<objective id=\"{iri}{id}\">")),
            "{xml}"
        );
        assert!(
            xml.contains(&format!("<objective idref=\"{iri}{id}\"/>")),
            "{xml}"
        );
    }
    assert!(
        xml.contains("<langstring lang=\"en\">read a chart</langstring>"),
        "{xml}"
    );
    let au = &xml[xml.find("<au ").expect("au")..];
    assert!(
        au.find("<objectives>").expect("AU objectives") < au.find("<url>").expect("url"),
        "{au}"
    );

    let xml = manifest(&coursepack::target::TinCan, "tincan.xml");
    common::assert_xmllint_valid("tincan/tincan.xsd", xml.as_bytes(), &xml);
    assert!(
        xml.contains(&format!(
            "<activity id=\"{iri}write\" type=\"http://adlnet.gov/expapi/activities/objective\">\n      <name lang=\"en\">write a caption</name>"
        )),
        "{xml}"
    );
}

/// The player's score per objective (`objectiveScores`), run in node on the
/// rendered data: a question counts for every objective it names, with its
/// weight; unanswered counts as wrong; likert never counts; an objective no
/// drawn question serves has no score; passed is score ≥ the pass mark.
#[test]
fn the_player_scores_each_objective() {
    let yaml = COURSE
        .replace(
            "{id: r3, type: true-false, objectives: [read]",
            "{id: r3, type: true-false, objectives: [read, write]",
        )
        .replace(
            "{id: w1, type: true-false, objectives: [write]",
            "{id: w1, type: true-false, weight: 2, objectives: [write]",
        );
    let tmp = tempfile::tempdir().expect("temp dir");
    let r = common::render_en(tmp.path(), &yaml);
    // Bank: r1 r2 r3 w1 w2 mood. Drawn: r1 (right), r3 (wrong), w1 (right, weight 2), mood.
    let script = r#"
const fs = require('fs');
const path = require('path');
const dir = process.argv[1];
const P = require(path.join(dir, 'player.js'));
const data = JSON.parse(fs.readFileSync(path.join(dir, 'data.json'), 'utf8'));
const out = {
  data: { objectives: data.objectives, r3: data.assessment.questions[2].objectives },
  full: P.objectiveScores(data, [0, 2, 3, 5], [{ r: true }, { r: false }, { r: true }, { r: 0 }], 60),
  unanswered: P.objectiveScores(data, [0, 2, 3, 5], [{ r: true }, null, null, null], 50),
  onlyRead: P.objectiveScores(data, [0, 5], [{ r: true }, { r: 1 }], 50),
};
console.log(JSON.stringify(out));
"#;
    let got = common::run_player_script(&r, script, &[]);
    let iri = "https://example.org/courses/goals/objectives/";
    assert_eq!(
        got["data"],
        serde_json::json!({
            "objectives": [
                {"id": "read", "iri": format!("{iri}read"), "title": "read a chart"},
                {"id": "write", "iri": format!("{iri}write"), "title": "write a caption"},
            ],
            "r3": ["read", "write"],
        })
    );
    // read: r1 right, r3 wrong → 50 % (below 60); write: r3 wrong (1), w1 right (2) → 67 %.
    assert_eq!(
        got["full"],
        serde_json::json!([
            {"id": "read", "score": 50, "passed": false},
            {"id": "write", "score": 67, "passed": true},
        ])
    );
    assert_eq!(
        got["unanswered"],
        serde_json::json!([
            {"id": "read", "score": 50, "passed": true},
            {"id": "write", "score": 0, "passed": false},
        ])
    );
    assert_eq!(
        got["onlyRead"],
        serde_json::json!([
            {"id": "read", "score": 100, "passed": true},
            {"id": "write", "score": null, "passed": null},
        ])
    );
}
