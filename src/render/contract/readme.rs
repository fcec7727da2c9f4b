//! templates/README.md's data contract, written from the contract types'
//! JSON Schemas: one table per object, with each field's type and doc
//! comment. The test below fails when the README's copy is stale or a field
//! has no doc comment; `COURSEPACK_WRITE_README=1 cargo test --lib
//! render::contract` rewrites the README's copy.

use super::{NumericKey, PageContext, PlayerData};
use schemars::{Schema, schema_for};
use serde_json::{Map, Value};
use std::collections::BTreeSet;

/// The line before the generated section in templates/README.md.
const BEGIN: &str =
    "<!-- The data contract: generated from src/render/contract.rs (see there); do not edit. -->";
/// The line after it.
const END: &str = "<!-- End of the generated data contract. -->";

/// The generated section, and the fields and types that lack a doc comment
/// (as `Type.field`).
struct Section {
    pub text: String,
    pub undocumented: Vec<String>,
}

/// The README section for the page context, the player data and the
/// numeric key.
fn readme_section() -> Section {
    section(&[
        (
            "The page context (`player/index.hbs`)",
            schema_for!(PageContext),
        ),
        ("The player data (`course-data`)", schema_for!(PlayerData)),
        ("A numeric question's key", schema_for!(NumericKey)),
    ])
}

fn section(roots: &[(&str, Schema)]) -> Section {
    let mut w = Writer {
        out: String::new(),
        undocumented: Vec::new(),
        seen: BTreeSet::new(),
    };
    for (heading, schema) in roots {
        let root = schema.as_value();
        let empty = Map::new();
        let defs = root
            .get("$defs")
            .and_then(Value::as_object)
            .unwrap_or(&empty);
        let name = root.get("title").and_then(Value::as_str).unwrap_or("");
        w.out.push_str(&format!("### {heading}\n\n"));
        let mut queue = vec![(name.to_string(), root)];
        w.seen.insert(name.to_string());
        let mut next = 0;
        while let Some((name, def)) = queue.get(next).cloned() {
            next += 1;
            let refs = w.definition(&name, def, defs, next == 1);
            for r in refs {
                if let Some(def) = defs.get(&r)
                    && w.seen.insert(r.clone())
                {
                    queue.push((r, def));
                }
            }
        }
    }
    Section {
        text: w.out,
        undocumented: w.undocumented,
    }
}

struct Writer {
    out: String,
    undocumented: Vec<String>,
    /// The types already written (a type shared by two roots is written once).
    seen: BTreeSet<String>,
}

fn description(v: &Value) -> Option<String> {
    v.get("description")
        .and_then(Value::as_str)
        .map(|d| d.split_whitespace().collect::<Vec<_>>().join(" "))
}

fn cell(text: &str) -> String {
    text.replace('|', "\\|")
}

/// GitHub's anchor of the heading `` `name` ``.
fn anchor(name: &str) -> String {
    name.to_ascii_lowercase()
}

impl Writer {
    /// Writes one type; returns the types its fields refer to, in order.
    fn definition(
        &mut self,
        name: &str,
        def: &Value,
        defs: &Map<String, Value>,
        root: bool,
    ) -> Vec<String> {
        let mut refs = Vec::new();
        if !root {
            self.out.push_str(&format!("#### `{name}`\n\n"));
        }
        match description(def) {
            Some(d) => self.out.push_str(&format!("{d}\n\n")),
            None => self.undocumented.push(name.to_string()),
        }
        let variants = def
            .get("oneOf")
            .or_else(|| def.get("anyOf"))
            .and_then(Value::as_array);
        if let Some(variants) = variants {
            // An enum with fields: one table per variant, without the tag
            // of an internally tagged one.
            for (i, variant) in variants.iter().enumerate() {
                let props = variant.get("properties").and_then(Value::as_object);
                let tag = props.and_then(|p| {
                    p.iter()
                        .find_map(|(k, v)| Some((k.clone(), v.get("const")?.as_str()?.to_string())))
                });
                let label = tag
                    .as_ref()
                    .map_or_else(|| format!("{}", i + 1), |(_, value)| value.clone());
                let what = description(variant).unwrap_or_else(|| {
                    self.undocumented.push(format!("{name}::{label}"));
                    String::new()
                });
                let skip: Vec<&str> = tag.iter().map(|(key, _)| key.as_str()).collect();
                match &tag {
                    Some((key, value)) => self
                        .out
                        .push_str(&format!("`{key}`: `{value}` — {what}\n\n")),
                    None => self.out.push_str(&format!("{what}\n\n")),
                }
                self.table(&format!("{name}::{label}"), variant, defs, &skip, &mut refs);
            }
        } else {
            self.table(name, def, defs, &[], &mut refs);
        }
        refs
    }

    fn table(
        &mut self,
        name: &str,
        object: &Value,
        defs: &Map<String, Value>,
        skip: &[&str],
        refs: &mut Vec<String>,
    ) {
        let Some(props) = object.get("properties").and_then(Value::as_object) else {
            return;
        };
        self.out
            .push_str("| field | type | what it is |\n|---|---|---|\n");
        for (field, schema) in props.iter().filter(|(k, _)| !skip.contains(&k.as_str())) {
            let what = description(schema).unwrap_or_else(|| {
                self.undocumented.push(format!("{name}.{field}"));
                String::new()
            });
            let ty = type_of(schema, defs, refs);
            self.out.push_str(&format!(
                "| `{field}` | {} | {} |\n",
                cell(&ty),
                cell(&what)
            ));
        }
        self.out.push('\n');
    }
}

/// A field's type in words: `string`, `integer or null`, `array of Lesson`,
/// an enum's values.
fn type_of(s: &Value, defs: &Map<String, Value>, refs: &mut Vec<String>) -> String {
    let Some(o) = s.as_object() else {
        return "any JSON".to_string();
    };
    if let Some(r) = o.get("$ref").and_then(Value::as_str) {
        let name = r.rsplit('/').next().unwrap_or(r);
        if let Some(def) = defs.get(name)
            && (def.get("enum").is_some() || def.get("const").is_some())
        {
            return type_of(def, defs, refs);
        }
        refs.push(name.to_string());
        return format!("[`{name}`](#{})", anchor(name));
    }
    if let Some(c) = o.get("const") {
        return format!(
            "`{}`",
            c.as_str().map_or_else(|| c.to_string(), String::from)
        );
    }
    if let Some(values) = o.get("enum").and_then(Value::as_array) {
        let values: Vec<String> = values
            .iter()
            .map(|v| {
                format!(
                    "`{}`",
                    v.as_str().map_or_else(|| v.to_string(), String::from)
                )
            })
            .collect();
        return format!("one of {}", values.join(", "));
    }
    if let Some(alts) = o
        .get("anyOf")
        .or_else(|| o.get("oneOf"))
        .and_then(Value::as_array)
    {
        let alts: Vec<String> = alts.iter().map(|a| type_of(a, defs, refs)).collect();
        return alts.join(" or ");
    }
    let one = |t: &str, refs: &mut Vec<String>| match t {
        "array" => format!(
            "array of {}",
            o.get("items")
                .map_or_else(|| "any JSON".to_string(), |i| type_of(i, defs, refs))
        ),
        "object" => match o.get("additionalProperties") {
            Some(v) if v.is_object() => format!("object of {}s", type_of(v, defs, refs)),
            _ => "object".to_string(),
        },
        other => other.to_string(),
    };
    match o.get("type") {
        Some(Value::String(t)) => one(t, refs),
        Some(Value::Array(ts)) => ts
            .iter()
            .filter_map(Value::as_str)
            .map(|t| one(t, refs))
            .collect::<Vec<_>>()
            .join(" or "),
        _ => "any JSON".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const COMMAND: &str = "COURSEPACK_WRITE_README=1 cargo test --lib render::contract";

    #[test]
    fn every_field_of_the_contract_is_documented() {
        let s = readme_section();
        assert!(
            s.undocumented.is_empty(),
            "these contract types and fields have no doc comment (src/render/contract.rs); \
             document them, then run `{COMMAND}`: {:?}",
            s.undocumented
        );
    }

    #[test]
    fn a_field_without_a_doc_comment_is_reported() {
        /// A type.
        #[derive(schemars::JsonSchema)]
        #[allow(dead_code)]
        struct Sample {
            /// Documented.
            a: String,
            b: Option<u32>,
        }
        let s = section(&[("Sample", schema_for!(Sample))]);
        assert_eq!(s.undocumented, ["Sample.b"]);
        assert!(
            s.text.contains("| `b` | integer or null |  |"),
            "{}",
            s.text
        );
    }

    #[test]
    fn templates_readme_has_the_current_contract() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/templates/README.md");
        let readme = std::fs::read_to_string(path).expect("read templates/README.md");
        let (Some(begin), Some(end)) = (readme.find(BEGIN), readme.find(END)) else {
            panic!("templates/README.md lacks the lines `{BEGIN}` and `{END}`");
        };
        let start = begin + BEGIN.len();
        let current = &readme[start..end];
        let generated = format!("\n\n{}", readme_section().text);
        if current == generated {
            return;
        }
        if std::env::var_os("COURSEPACK_WRITE_README").is_some() {
            let updated = format!("{}{generated}{}", &readme[..start], &readme[end..]);
            std::fs::write(path, updated).expect("write templates/README.md");
            return;
        }
        panic!(
            "templates/README.md's data contract is stale (the contract types in \
             src/render/contract.rs changed): run `{COMMAND}` and commit templates/README.md"
        );
    }
}
