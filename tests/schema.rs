//! `schemas/course.schema.json` is generated from the model types; this test
//! fails when the checked-in copy is stale.

use crate::common;
use assert_cmd::Command;

#[test]
fn checked_in_course_schema_is_up_to_date() {
    let out = Command::cargo_bin("coursepack")
        .expect("binary")
        .arg("schema")
        .output()
        .expect("run");
    assert!(out.status.success());
    let generated = String::from_utf8(out.stdout).expect("utf-8");
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/schemas/course.schema.json");
    let checked_in = std::fs::read_to_string(path).expect("read schemas/course.schema.json");
    assert!(
        generated == checked_in,
        "schemas/course.schema.json is stale: run `cargo run -- schema --out schemas/course.schema.json` and commit it"
    );
}

#[test]
fn schema_describes_the_format() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/schemas/course.schema.json");
    let schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).expect("read")).expect("JSON");
    assert_eq!(schema["additionalProperties"], false);
    let required = common::strs(&schema["required"], "required");
    for key in [
        "id",
        "version",
        "iri",
        "title",
        "languages",
        "license",
        "lessons",
    ] {
        assert!(required.contains(&key), "{key} should be required");
    }
    let types = schema["$defs"]["QuestionType"].to_string();
    for t in [
        "single-choice",
        "multiple-response",
        "true-false",
        "fill-in",
        "matching",
        "sequencing",
        "numeric",
        "likert",
    ] {
        assert!(
            types.contains(t),
            "question type {t} missing from the schema"
        );
    }
}

#[test]
fn real_course_points_editors_at_the_schema() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/course/course.yaml");
    let text = std::fs::read_to_string(path).expect("read course/course.yaml");
    assert_eq!(
        text.lines().next(),
        Some("# yaml-language-server: $schema=../schemas/course.schema.json")
    );
}
