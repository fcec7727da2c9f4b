//! xAPI 1.0.3 statement rules the local LRS enforces (Part Two of the
//! specification: actor, verb, object, result, context, timestamps), and
//! the small helpers it needs: ids, agents, times.

use serde_json::{Map, Value};
use sha2::{Digest, Sha256};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

pub const VOIDED: &str = "http://adlnet.gov/expapi/verbs/voided";

/// Why a statement or parameter was refused, in words for the author of
/// the content that sent it.
#[derive(Debug)]
pub struct Invalid(pub String);

fn bad<T>(msg: impl Into<String>) -> Result<T, Invalid> {
    Err(Invalid(msg.into()))
}

const STATEMENT_KEYS: &[&str] = &[
    "id",
    "actor",
    "verb",
    "object",
    "result",
    "context",
    "timestamp",
    "stored",
    "authority",
    "version",
    "attachments",
];
const INTERACTION_TYPES: &[&str] = &[
    "true-false",
    "choice",
    "fill-in",
    "long-fill-in",
    "matching",
    "performance",
    "sequencing",
    "likert",
    "numeric",
    "other",
];

/// Checks one statement; the first problem found is the answer.
pub fn validate(s: &Value) -> Result<(), Invalid> {
    let Some(obj) = s.as_object() else {
        return bad("a statement must be a JSON object");
    };
    for key in obj.keys() {
        if !STATEMENT_KEYS.contains(&key.as_str()) {
            return bad(format!("`{key}` is not a statement property"));
        }
    }
    if let Some(id) = obj.get("id")
        && !id.as_str().is_some_and(is_uuid)
    {
        return bad("`id` must be a UUID");
    }
    actor(obj.get("actor"), "actor")?;
    let verb = obj.get("verb").and_then(Value::as_object);
    let Some(verb) = verb else {
        return bad("`verb` is required and must be an object");
    };
    let verb_id = iri(verb.get("id"), "verb.id")?;
    if let Some(d) = verb.get("display") {
        language_map(d, "verb.display")?;
    }
    let object = obj.get("object");
    statement_object(object, "object", true)?;
    if verb_id == VOIDED
        && object
            .and_then(|o| o.get("objectType"))
            .and_then(Value::as_str)
            != Some("StatementRef")
    {
        return bad("a `voided` statement's object must be a StatementRef");
    }
    if let Some(r) = obj.get("result") {
        result(r)?;
    }
    if let Some(c) = obj.get("context") {
        let is_activity = object
            .and_then(|o| o.get("objectType"))
            .and_then(Value::as_str)
            .is_none_or(|t| t == "Activity");
        context(c, is_activity)?;
    }
    for key in ["timestamp", "stored"] {
        if let Some(t) = obj.get(key)
            && !t.as_str().is_some_and(is_timestamp)
        {
            return bad(format!("`{key}` must be an ISO 8601 date and time"));
        }
    }
    if let Some(v) = obj.get("version")
        && !v.as_str().is_some_and(|v| v.starts_with("1.0"))
    {
        return bad("`version` must be 1.0.x");
    }
    if let Some(a) = obj.get("authority") {
        actor(Some(a), "authority")?;
    }
    Ok(())
}

fn actor(a: Option<&Value>, at: &str) -> Result<(), Invalid> {
    let Some(a) = a.and_then(Value::as_object) else {
        return bad(format!("`{at}` is required and must be an object"));
    };
    let kind = a.get("objectType").map(|t| t.as_str().unwrap_or("?"));
    let ifis = ifi_count(a)?;
    match kind {
        None | Some("Agent") => {
            if ifis != 1 {
                return bad(format!(
                    "`{at}` must identify the agent in exactly one way (mbox, mbox_sha1sum, openid or account)"
                ));
            }
            if a.contains_key("member") {
                return bad(format!("`{at}` is an Agent and cannot have members"));
            }
        }
        Some("Group") => {
            let members = a.get("member");
            if ifis == 0 && !members.is_some_and(Value::is_array) {
                return bad(format!(
                    "`{at}` is an anonymous Group and needs a `member` list"
                ));
            }
            if let Some(Value::Array(m)) = members {
                for (i, member) in m.iter().enumerate() {
                    if member.get("objectType").and_then(Value::as_str) == Some("Group") {
                        return bad(format!("`{at}.member[{i}]` cannot be a Group"));
                    }
                    actor(Some(member), &format!("{at}.member[{i}]"))?;
                }
            }
        }
        Some(other) => {
            return bad(format!(
                "`{at}.objectType` is `{other}`; use Agent or Group"
            ));
        }
    }
    if let Some(name) = a.get("name")
        && !name.is_string()
    {
        return bad(format!("`{at}.name` must be a string"));
    }
    Ok(())
}

fn ifi_count(a: &Map<String, Value>) -> Result<usize, Invalid> {
    let mut n = 0;
    if let Some(m) = a.get("mbox") {
        if !m
            .as_str()
            .is_some_and(|m| m.starts_with("mailto:") && m.contains('@'))
        {
            return bad("`mbox` must be a mailto: IRI, e.g. mailto:learner@example.org");
        }
        n += 1;
    }
    if let Some(m) = a.get("mbox_sha1sum") {
        if !m
            .as_str()
            .is_some_and(|h| h.len() == 40 && h.bytes().all(|b| b.is_ascii_hexdigit()))
        {
            return bad("`mbox_sha1sum` must be 40 hexadecimal digits");
        }
        n += 1;
    }
    if let Some(o) = a.get("openid") {
        iri(Some(o), "openid")?;
        n += 1;
    }
    if let Some(acc) = a.get("account") {
        let Some(acc) = acc.as_object() else {
            return bad("`account` must be an object with homePage and name");
        };
        iri(acc.get("homePage"), "account.homePage")?;
        if !acc.get("name").is_some_and(Value::is_string) {
            return bad("`account.name` is required and must be a string");
        }
        n += 1;
    }
    Ok(n)
}

fn statement_object(o: Option<&Value>, at: &str, allow_sub: bool) -> Result<(), Invalid> {
    let Some(o) = o.and_then(Value::as_object) else {
        return bad(format!("`{at}` is required and must be an object"));
    };
    match o
        .get("objectType")
        .and_then(Value::as_str)
        .unwrap_or("Activity")
    {
        "Activity" => {
            iri(o.get("id"), &format!("{at}.id"))?;
            if let Some(def) = o.get("definition") {
                let Some(def) = def.as_object() else {
                    return bad(format!("`{at}.definition` must be an object"));
                };
                for key in ["name", "description"] {
                    if let Some(m) = def.get(key) {
                        language_map(m, &format!("{at}.definition.{key}"))?;
                    }
                }
                if let Some(t) = def.get("interactionType")
                    && !t.as_str().is_some_and(|t| INTERACTION_TYPES.contains(&t))
                {
                    return bad(format!(
                        "`{at}.definition.interactionType` must be one of {}",
                        INTERACTION_TYPES.join(", ")
                    ));
                }
                if let Some(p) = def.get("correctResponsesPattern")
                    && !p.as_array().is_some_and(|a| a.iter().all(Value::is_string))
                {
                    return bad(format!(
                        "`{at}.definition.correctResponsesPattern` must be a list of strings"
                    ));
                }
            }
        }
        "Agent" | "Group" => actor(Some(&Value::Object(o.clone())), at)?,
        "StatementRef" => {
            if !o.get("id").and_then(Value::as_str).is_some_and(is_uuid) {
                return bad(format!("`{at}.id` of a StatementRef must be a UUID"));
            }
        }
        "SubStatement" if allow_sub => {
            for key in ["id", "stored", "version", "authority"] {
                if o.contains_key(key) {
                    return bad(format!("a SubStatement cannot have `{key}`"));
                }
            }
            actor(o.get("actor"), &format!("{at}.actor"))?;
            if !o.get("verb").is_some_and(Value::is_object) {
                return bad(format!("`{at}.verb` is required"));
            }
            iri(
                o.get("verb").and_then(|v| v.get("id")),
                &format!("{at}.verb.id"),
            )?;
            statement_object(o.get("object"), &format!("{at}.object"), false)?;
        }
        other => return bad(format!("`{at}.objectType` `{other}` is not allowed here")),
    }
    Ok(())
}

fn result(r: &Value) -> Result<(), Invalid> {
    let Some(r) = r.as_object() else {
        return bad("`result` must be an object");
    };
    for key in ["success", "completion"] {
        if let Some(v) = r.get(key)
            && !v.is_boolean()
        {
            return bad(format!("`result.{key}` must be true or false"));
        }
    }
    if let Some(d) = r.get("duration")
        && !d.as_str().is_some_and(is_duration)
    {
        return bad("`result.duration` must be an ISO 8601 duration such as PT1M30S");
    }
    if let Some(score) = r.get("score") {
        let Some(score) = score.as_object() else {
            return bad("`result.score` must be an object");
        };
        let num = |k: &str| -> Result<Option<f64>, Invalid> {
            match score.get(k) {
                None => Ok(None),
                Some(v) => v
                    .as_f64()
                    .map(Some)
                    .ok_or_else(|| Invalid(format!("`result.score.{k}` must be a number"))),
            }
        };
        let (scaled, raw, min, max) = (num("scaled")?, num("raw")?, num("min")?, num("max")?);
        if scaled.is_some_and(|s| !(-1.0..=1.0).contains(&s)) {
            return bad("`result.score.scaled` must be from -1 to 1");
        }
        if let (Some(lo), Some(hi)) = (min, max)
            && lo > hi
        {
            return bad("`result.score.min` is greater than `max`");
        }
        if let Some(raw) = raw
            && (min.is_some_and(|lo| raw < lo) || max.is_some_and(|hi| raw > hi))
        {
            return bad("`result.score.raw` must lie between `min` and `max`");
        }
    }
    Ok(())
}

fn context(c: &Value, object_is_activity: bool) -> Result<(), Invalid> {
    let Some(c) = c.as_object() else {
        return bad("`context` must be an object");
    };
    if let Some(r) = c.get("registration")
        && !r.as_str().is_some_and(is_uuid)
    {
        return bad("`context.registration` must be a UUID");
    }
    if !object_is_activity && (c.contains_key("revision") || c.contains_key("platform")) {
        return bad(
            "`context.revision` and `platform` are only allowed when the object is an Activity",
        );
    }
    if let Some(ca) = c.get("contextActivities") {
        let Some(ca) = ca.as_object() else {
            return bad("`context.contextActivities` must be an object");
        };
        for (key, v) in ca {
            if !["parent", "grouping", "category", "other"].contains(&key.as_str()) {
                return bad(format!("`context.contextActivities.{key}` is not allowed"));
            }
            let list: Vec<&Value> = match v {
                Value::Array(a) => a.iter().collect(),
                one => vec![one],
            };
            for a in list {
                iri(a.get("id"), &format!("context.contextActivities.{key}.id"))?;
            }
        }
    }
    if let Some(i) = c.get("instructor") {
        actor(Some(i), "context.instructor")?;
    }
    if let Some(s) = c.get("statement") {
        statement_object(Some(s), "context.statement", false)?;
    }
    Ok(())
}

fn language_map(m: &Value, at: &str) -> Result<(), Invalid> {
    match m.as_object() {
        Some(map) if map.values().all(Value::is_string) => Ok(()),
        _ => bad(format!(
            "`{at}` must be a language map, e.g. {{\"en-US\": \"...\"}}"
        )),
    }
}

fn iri<'a>(v: Option<&'a Value>, at: &str) -> Result<&'a str, Invalid> {
    match v.and_then(Value::as_str) {
        Some(s) if crate::url::is_absolute_iri(s) => Ok(s),
        Some(s) => bad(format!(
            "`{at}` must be an IRI such as https://example.org/x, not `{s}`"
        )),
        None => bad(format!("`{at}` is required and must be an IRI")),
    }
}

pub fn is_uuid(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 36
        && b.iter().enumerate().all(|(i, c)| match i {
            8 | 13 | 18 | 23 => *c == b'-',
            _ => c.is_ascii_hexdigit(),
        })
}

fn is_timestamp(s: &str) -> bool {
    // YYYY-MM-DDThh:mm:ss[.fff](Z|±hh:mm)
    let b = s.as_bytes();
    if b.len() < 20 {
        return false;
    }
    let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
    let head = digits(0..4)
        && b[4] == b'-'
        && digits(5..7)
        && b[7] == b'-'
        && digits(8..10)
        && b[10] == b'T'
        && digits(11..13)
        && b[13] == b':'
        && digits(14..16)
        && b[16] == b':'
        && digits(17..19);
    let mut rest = &s[19..];
    if let Some(frac) = rest.strip_prefix('.') {
        let n = frac.bytes().take_while(u8::is_ascii_digit).count();
        if n == 0 {
            return false;
        }
        rest = &frac[n..];
    }
    head && (rest == "Z"
        || (rest.len() == 6
            && (rest.starts_with('+') || rest.starts_with('-'))
            && rest.as_bytes()[3] == b':'))
}

fn is_duration(s: &str) -> bool {
    let Some(rest) = s.strip_prefix('P') else {
        return false;
    };
    !rest.is_empty()
        && rest
            .bytes()
            .all(|b| b.is_ascii_digit() || b"YMWDTHS.".contains(&b))
        && rest.bytes().any(|b| b.is_ascii_alphabetic())
}

/// Whether two statements are the same for the conflict rule: the
/// properties the LRS sets (`stored`, `authority`, `version`) and a
/// timestamp the sender did not give are left out.
pub fn same_statement(stored: &Value, new: &Value) -> bool {
    let strip = |v: &Value, drop_timestamp: bool| {
        let mut v = v.clone();
        if let Some(o) = v.as_object_mut() {
            for k in ["stored", "authority", "version", "id"] {
                o.remove(k);
            }
            if drop_timestamp {
                o.remove("timestamp");
            }
        }
        v
    };
    let no_ts = new.get("timestamp").is_none();
    strip(stored, no_ts) == strip(new, no_ts)
}

/// An agent from a query parameter (JSON).
pub fn parse_agent(s: &str) -> Result<Map<String, Value>, Invalid> {
    let v: Value = serde_json::from_str(s)
        .map_err(|_| Invalid("the `agent` parameter must be an Agent in JSON".into()))?;
    actor(Some(&v), "agent")?;
    match v {
        Value::Object(m) => Ok(m),
        _ => bad("the `agent` parameter must be an Agent in JSON"),
    }
}

/// The agent's identifier as one string (what it is stored and looked up
/// by): its inverse functional identifier, without name or objectType.
pub fn agent_key(a: &Value) -> Option<String> {
    let a = a.as_object()?;
    for key in ["mbox", "mbox_sha1sum", "openid"] {
        if let Some(v) = a.get(key).and_then(Value::as_str) {
            return Some(format!("{key}:{v}"));
        }
    }
    let acc = a.get("account")?;
    Some(format!(
        "account:{}|{}",
        acc.get("homePage")?.as_str()?,
        acc.get("name")?.as_str()?
    ))
}

/// A new random-looking version 4 UUID (time, process and a counter hashed:
/// unique per LRS, which is all the preview needs).
pub fn uuid() -> String {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    let mut h = Sha256::new();
    h.update(nanos.to_le_bytes());
    h.update(std::process::id().to_le_bytes());
    h.update(COUNTER.fetch_add(1, Ordering::Relaxed).to_le_bytes());
    let d = h.finalize();
    let mut b = [0u8; 16];
    b.copy_from_slice(&d[..16]);
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let hex = hex::encode(b);
    format!(
        "{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    )
}

/// A document's ETag: the SHA-1-sized prefix of its SHA-256, quoted.
pub fn etag(body: &[u8]) -> String {
    let d = Sha256::digest(body);
    let hex = hex::encode(&d[..20]);
    format!("\"{hex}\"")
}

/// Now, as an xAPI timestamp in UTC with milliseconds.
pub fn now() -> String {
    let d = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default();
    let secs = d.as_secs() as i64;
    let (days, rem) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    let (year, month, day) = crate::package::zip::civil_from_days(days);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}.{:03}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60,
        d.subsec_millis()
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn ok() -> Value {
        json!({
            "actor": {"mbox": "mailto:a@example.org", "name": "A"},
            "verb": {"id": "http://adlnet.gov/expapi/verbs/passed", "display": {"en-US": "passed"}},
            "object": {"id": "https://example.org/c", "definition": {"interactionType": "choice"}},
            "result": {"score": {"scaled": 0.8, "raw": 80, "min": 0, "max": 100}, "success": true, "duration": "PT1M2.5S"},
            "context": {"registration": "ec531277-b57b-4c15-8d91-d292c5b2b8f7",
                        "contextActivities": {"grouping": [{"id": "https://example.org"}]}},
            "timestamp": "2026-12-07T10:00:00.123+01:00"
        })
    }

    #[test]
    fn a_valid_statement_passes() {
        assert!(validate(&ok()).is_ok());
    }

    #[test]
    fn each_rule_refuses_what_breaks_it() {
        let cases: &[(&str, Value, &str)] = &[
            ("/actor", json!({"mbox": "a@example.org"}), "mailto"),
            (
                "/actor",
                json!({"mbox": "mailto:a@x.org", "openid": "http://x.org/a"}),
                "exactly one",
            ),
            ("/verb/id", json!("passed"), "IRI"),
            ("/result/score/scaled", json!(1.5), "-1 to 1"),
            ("/result/score/raw", json!(120), "between"),
            ("/result/success", json!("yes"), "true or false"),
            ("/result/duration", json!("90 seconds"), "duration"),
            ("/context/registration", json!("abc"), "UUID"),
            ("/timestamp", json!("yesterday"), "ISO 8601"),
            (
                "/object/definition/interactionType",
                json!("essay"),
                "interactionType",
            ),
        ];
        for (pointer, value, words) in cases {
            let mut s = ok();
            if let Some(slot) = s.pointer_mut(pointer) {
                *slot = value.clone();
            }
            match validate(&s) {
                Err(Invalid(msg)) => assert!(msg.contains(words), "{pointer}: {msg}"),
                Ok(()) => panic!("{pointer} = {value} passed"),
            }
        }
        let mut s = ok();
        s["verb"]["id"] = json!(VOIDED);
        assert!(validate(&s).is_err(), "voiding needs a StatementRef");
        s["object"] =
            json!({"objectType": "StatementRef", "id": "ec531277-b57b-4c15-8d91-d292c5b2b8f7"});
        s["context"]
            .as_object_mut()
            .map(|c| c.remove("contextActivities"));
        assert!(validate(&s).is_ok());
    }

    #[test]
    fn timestamps_and_uuids() {
        assert!(now().len() == 24 && is_timestamp(&now()), "{}", now());
        let (a, b) = (uuid(), uuid());
        assert!(is_uuid(&a) && a != b);
        assert_eq!(&a[14..15], "4");
    }

    #[test]
    fn etag_is_the_quoted_lowercase_hex_of_sha256s_first_20_bytes() {
        assert_eq!(etag(b""), "\"e3b0c44298fc1c149afbf4c8996fb92427ae41e4\"");
    }
}
