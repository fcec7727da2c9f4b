//! The LMS side of a launch from the preview page: the launch URL of each
//! target, and for cmi5 the fetch URL, `LMS.LaunchData` in the State API
//! and the `moveOn` evaluation (cmi5 specification, sections 8 to 10).

use super::lrs::LrsError;
use super::server::Context;
use super::xapi;
use serde_json::{Value, json};
use std::sync::Mutex;

/// `Basic` credentials of the local LRS (it accepts any).
const AUTH: &str = "Basic cHJldmlldzpwcmV2aWV3";
const SESSION_EXT: &str = "https://w3id.org/xapi/cmi5/context/extensions/sessionid";
const CMI5_CATEGORY: &str = "https://w3id.org/xapi/cmi5/context/categories/cmi5";
const VERB_PASSED: &str = "http://adlnet.gov/expapi/verbs/passed";
const VERB_COMPLETED: &str = "http://adlnet.gov/expapi/verbs/completed";
const VERB_SATISFIED: &str = "https://w3id.org/xapi/adl/verbs/satisfied";
/// Launch sessions kept at most (the oldest go first).
const MAX_SESSIONS: usize = 1000;

/// The learner of the preview.
pub fn actor() -> Value {
    json!({ "objectType": "Agent", "name": "Preview learner",
            "account": { "homePage": "http://127.0.0.1/coursepack-preview", "name": "learner" } })
}

/// cmi5 fetch tokens: each may be fetched once (cmi5 §8.2.3).
#[derive(Default)]
pub struct Sessions(Mutex<Vec<(String, bool)>>);

impl Sessions {
    fn create(&self) -> String {
        let token = xapi::uuid();
        let mut s = match self.0.lock() {
            Ok(s) => s,
            Err(p) => p.into_inner(),
        };
        if s.len() >= MAX_SESSIONS {
            s.remove(0);
        }
        s.push((token.clone(), false));
        token
    }

    /// The answer to a POST to the fetch URL.
    pub fn fetch(&self, token: &str) -> (u16, Value) {
        let mut s = match self.0.lock() {
            Ok(s) => s,
            Err(p) => p.into_inner(),
        };
        match s.iter_mut().find(|(t, _)| t == token) {
            Some((_, used @ false)) => {
                *used = true;
                (
                    200,
                    json!({ "auth-token": AUTH.trim_start_matches("Basic ") }),
                )
            }
            Some(_) => (
                400,
                json!({ "error-code": "1", "error-text": "the fetch URL was already used" }),
            ),
            None => (
                400,
                json!({ "error-code": "3", "error-text": "unknown launch session" }),
            ),
        }
    }
}

/// Where the preview page points its frame: `ask` is
/// `{ "mode": "Normal"|"Browse"|"Review", "registration": "…" }`.
pub fn launch(ctx: &Context, origin: &str, ask: &Value) -> Result<Value, LrsError> {
    let snap = ctx.site.snapshot();
    let base = "/course/index.html";
    let Some(info) = snap.info.as_ref() else {
        return Ok(json!({ "url": base }));
    };
    let registration = ask["registration"]
        .as_str()
        .filter(|r| xapi::is_uuid(r))
        .map(str::to_ascii_lowercase)
        .unwrap_or_else(xapi::uuid);
    let endpoint = format!("{origin}/xapi/");
    let actor = actor();
    let enc = |s: &str| encode(s);
    let url = match ctx.target {
        "tincan" => format!(
            "{base}?endpoint={}&auth={}&actor={}&registration={registration}&activity_id={}",
            enc(&endpoint),
            enc(AUTH),
            enc(&actor.to_string()),
            enc(&info.iri)
        ),
        "cmi5" => {
            let mode = ask["mode"]
                .as_str()
                .filter(|m| matches!(*m, "Browse" | "Review"))
                .unwrap_or("Normal");
            let au = format!("{}/au", info.iri);
            let session = ctx.cmi5.create();
            let mut launch_data = json!({
                "contextTemplate": {
                    "contextActivities": { "grouping": [{ "id": info.iri }] },
                    "extensions": { SESSION_EXT: session }
                },
                "launchMode": mode,
                "launchMethod": "AnyWindow",
                "moveOn": info.move_on,
            });
            if let Some(pm) = info.pass_mark {
                launch_data["masteryScore"] = json!(f64::from(pm) / 100.0);
            }
            ctx.lrs
                .put_state(&au, &actor, &registration, "LMS.LaunchData", &launch_data)?;
            format!(
                "{base}?endpoint={}&fetch={}&actor={}&registration={registration}&activityId={}",
                enc(&endpoint),
                enc(&format!("{origin}/cmi5/fetch?session={session}")),
                enc(&actor.to_string()),
                enc(&au)
            )
        }
        _ => base.to_string(),
    };
    Ok(json!({ "url": url, "registration": registration }))
}

/// The AU's `moveOn` for a registration, whether the statements so far
/// satisfy it, and (once) the LMS's `satisfied` statement when they do.
pub fn move_on(ctx: &Context, registration: &str) -> Result<Value, LrsError> {
    let snap = ctx.site.snapshot();
    let Some(info) = snap.info.as_ref() else {
        return Ok(json!({ "moveOn": null }));
    };
    let au = format!("{}/au", info.iri);
    let verbs = ctx.lrs.verbs(registration, &au)?;
    let has = |v: &str| verbs.iter().any(|x| x == v);
    let satisfied = match info.move_on {
        "Passed" => has(VERB_PASSED),
        "CompletedAndPassed" => has(VERB_PASSED) && has(VERB_COMPLETED),
        "CompletedOrPassed" => has(VERB_PASSED) || has(VERB_COMPLETED),
        "NotApplicable" => true,
        _ => has(VERB_COMPLETED),
    };
    if satisfied
        && xapi::is_uuid(registration)
        && !ctx
            .lrs
            .verbs(registration, &info.iri)?
            .iter()
            .any(|v| v == VERB_SATISFIED)
    {
        ctx.lrs.insert(json!({
            "actor": actor(),
            "verb": { "id": VERB_SATISFIED, "display": { "en-US": "satisfied" } },
            "object": { "objectType": "Activity", "id": info.iri },
            "context": {
                "registration": registration,
                "contextActivities": { "category": [{ "id": CMI5_CATEGORY }] }
            }
        }))?;
    }
    Ok(json!({
        "moveOn": info.move_on,
        "satisfied": satisfied,
        "passed": has(VERB_PASSED),
        "completed": has(VERB_COMPLETED),
        "failed": has("http://adlnet.gov/expapi/verbs/failed"),
    }))
}

/// Percent-encodes a query parameter value.
fn encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len() * 3);
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}
