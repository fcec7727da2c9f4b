//! The preview's local LRS: xAPI 1.0.3 statements (PUT, POST, GET,
//! voiding, the conflict rules), the State, Activity Profile and Agent
//! Profile APIs, kept in an SQLite file so attempts survive a restart.
//!
//! Written from the xAPI 1.0.3 specification (Part Three, Data Transfer);
//! the statement checks are in [`super::xapi`].

use super::xapi::{self, Invalid};
use rusqlite::{Connection, OptionalExtension, params};
use serde_json::{Map, Value, json};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// The xAPI version this LRS speaks.
pub const VERSION: &str = "1.0.3";
/// Statements returned by one GET at most (the rest via `more`).
const PAGE: usize = 200;

#[derive(Debug, thiserror::Error)]
pub enum LrsError {
    #[error("cannot open the preview database {}: {source}", path.display())]
    Open {
        path: PathBuf,
        #[source]
        source: rusqlite::Error,
    },
    #[error("the preview database failed: {0}")]
    Db(#[from] rusqlite::Error),
}

/// An xAPI answer: status, body, extra headers.
#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub body: Vec<u8>,
    pub content_type: &'static str,
    pub headers: Vec<(&'static str, String)>,
}

impl Reply {
    fn json(status: u16, v: &Value) -> Reply {
        Reply {
            status,
            body: v.to_string().into_bytes(),
            content_type: "application/json",
            headers: Vec::new(),
        }
    }
    fn empty(status: u16) -> Reply {
        Reply {
            status,
            body: Vec::new(),
            content_type: "text/plain",
            headers: Vec::new(),
        }
    }
    fn error(status: u16, message: impl Into<String>) -> Reply {
        Reply::json(status, &json!({ "error": message.into() }))
    }
}

impl From<Invalid> for Reply {
    fn from(e: Invalid) -> Reply {
        Reply::error(400, e.0)
    }
}

/// One request to the LRS, as the HTTP layer hands it over.
pub struct Request<'a> {
    pub method: &'a str,
    /// The path after `/xapi/`, e.g. `statements`, `activities/state`.
    pub resource: &'a str,
    pub query: &'a [(String, String)],
    pub body: &'a [u8],
    pub content_type: Option<&'a str>,
    pub if_match: Option<&'a str>,
    pub if_none_match: Option<&'a str>,
}

impl Request<'_> {
    fn param(&self, name: &str) -> Option<&str> {
        self.query
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

pub struct Lrs {
    db: Mutex<Connection>,
}

impl Lrs {
    /// Opens (or creates) the database file.
    pub fn open(path: &Path) -> Result<Lrs, LrsError> {
        let conn = Connection::open(path).map_err(|source| LrsError::Open {
            path: path.to_path_buf(),
            source,
        })?;
        Self::init(conn)
    }

    /// An LRS that keeps nothing after it is dropped (tests).
    pub fn in_memory() -> Result<Lrs, LrsError> {
        Self::init(Connection::open_in_memory()?)
    }

    fn init(conn: Connection) -> Result<Lrs, LrsError> {
        conn.execute_batch(
            "PRAGMA journal_mode=WAL;
             CREATE TABLE IF NOT EXISTS statements (
               seq INTEGER PRIMARY KEY AUTOINCREMENT,
               id TEXT NOT NULL UNIQUE,
               body TEXT NOT NULL,
               verb TEXT NOT NULL,
               activity TEXT,
               agent TEXT,
               registration TEXT,
               voided INTEGER NOT NULL DEFAULT 0);
             CREATE TABLE IF NOT EXISTS documents (
               kind TEXT NOT NULL, activity TEXT NOT NULL, agent TEXT NOT NULL,
               registration TEXT NOT NULL, doc_id TEXT NOT NULL,
               content_type TEXT NOT NULL, body BLOB NOT NULL, updated TEXT NOT NULL,
               PRIMARY KEY (kind, activity, agent, registration, doc_id));",
        )?;
        Ok(Lrs {
            db: Mutex::new(conn),
        })
    }

    fn conn(&self) -> std::sync::MutexGuard<'_, Connection> {
        match self.db.lock() {
            Ok(c) => c,
            Err(poisoned) => poisoned.into_inner(),
        }
    }

    /// Answers one xAPI request.
    pub fn handle(&self, req: &Request) -> Result<Reply, LrsError> {
        let method = req.method.to_ascii_uppercase();
        let mut reply = match (req.resource, method.as_str()) {
            ("about", "GET") => Reply::json(200, &json!({ "version": [VERSION] })),
            ("statements", "PUT") => self.put_statement(req)?,
            ("statements", "POST") => self.post_statements(req)?,
            ("statements", "GET") => self.get_statements(req)?,
            ("activities/state", _) => self.document(req, Kind::State)?,
            ("activities/profile", _) => self.document(req, Kind::ActivityProfile)?,
            ("agents/profile", _) => self.document(req, Kind::AgentProfile)?,
            ("activities", "GET") => self.activity(req)?,
            ("agents", "GET") => match req.param("agent").map(xapi::parse_agent) {
                Some(Ok(agent)) => Reply::json(
                    200,
                    &json!({ "objectType": "Person",
                             "mbox": agent.get("mbox").map(|m| vec![m.clone()]).unwrap_or_default() }),
                ),
                Some(Err(e)) => e.into(),
                None => Reply::error(400, "the `agent` parameter is required"),
            },
            (_, _) => Reply::error(404, format!("no xAPI resource `{}`", req.resource)),
        };
        reply
            .headers
            .push(("X-Experience-API-Version", VERSION.into()));
        Ok(reply)
    }

    /// Stores a statement whose id is set; `Ok(false)` when the same
    /// statement was already there, a 409 reply when another one was.
    fn store(
        &self,
        conn: &Connection,
        statement: &mut Value,
    ) -> Result<Result<bool, Reply>, LrsError> {
        let id = statement["id"].as_str().unwrap_or_default().to_string();
        let existing: Option<String> = conn
            .query_row("SELECT body FROM statements WHERE id = ?1", [&id], |r| {
                r.get(0)
            })
            .optional()?;
        if let Some(body) = existing {
            let old: Value = serde_json::from_str(&body).unwrap_or(Value::Null);
            return Ok(if xapi::same_statement(&old, statement) {
                Ok(false)
            } else {
                Err(Reply::error(
                    409,
                    format!(
                        "statement {id} exists with other content; statements cannot be changed"
                    ),
                ))
            });
        }
        let now = xapi::now();
        let obj = statement.as_object_mut();
        if let Some(obj) = obj {
            obj.entry("timestamp")
                .or_insert_with(|| Value::String(now.clone()));
            obj.insert("stored".into(), Value::String(now));
            obj.insert("version".into(), Value::String(VERSION.into()));
            obj.entry("authority").or_insert_with(|| {
                json!({ "objectType": "Agent", "name": "coursepack preview",
                        "account": { "homePage": "http://localhost/", "name": "preview" } })
            });
        }
        let verb = statement["verb"]["id"]
            .as_str()
            .unwrap_or_default()
            .to_string();
        if verb == xapi::VOIDED {
            let target = statement["object"]["id"].as_str().unwrap_or_default();
            let target_verb: Option<String> = conn
                .query_row("SELECT verb FROM statements WHERE id = ?1", [target], |r| {
                    r.get(0)
                })
                .optional()?;
            if target_verb.as_deref() == Some(xapi::VOIDED) {
                return Ok(Err(Reply::error(
                    400,
                    "a voiding statement cannot itself be voided",
                )));
            }
            conn.execute("UPDATE statements SET voided = 1 WHERE id = ?1", [target])?;
        }
        let activity = statement["object"]["id"].as_str().map(String::from);
        let agent = xapi::agent_key(&statement["actor"]);
        let registration = statement["context"]["registration"]
            .as_str()
            .map(str::to_ascii_lowercase);
        conn.execute(
            "INSERT INTO statements (id, body, verb, activity, agent, registration) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![id, statement.to_string(), verb, activity, agent, registration],
        )?;
        Ok(Ok(true))
    }

    fn put_statement(&self, req: &Request) -> Result<Reply, LrsError> {
        let Some(id) = req.param("statementId") else {
            return Ok(Reply::error(400, "PUT needs the `statementId` parameter"));
        };
        if !xapi::is_uuid(id) {
            return Ok(Reply::error(400, "`statementId` must be a UUID"));
        }
        let mut statement = match parse_json(req.body) {
            Ok(v) => v,
            Err(r) => return Ok(r),
        };
        if let Some(body_id) = statement.get("id").and_then(Value::as_str)
            && !body_id.eq_ignore_ascii_case(id)
        {
            return Ok(Reply::error(
                400,
                "the statement's id differs from `statementId`",
            ));
        }
        if let Err(e) = xapi::validate(&statement) {
            return Ok(e.into());
        }
        if let Some(obj) = statement.as_object_mut() {
            obj.insert("id".into(), Value::String(id.to_ascii_lowercase()));
        }
        let conn = self.conn();
        Ok(match self.store(&conn, &mut statement)? {
            Ok(_) => Reply::empty(204),
            Err(r) => r,
        })
    }

    fn post_statements(&self, req: &Request) -> Result<Reply, LrsError> {
        let body = match parse_json(req.body) {
            Ok(v) => v,
            Err(r) => return Ok(r),
        };
        let mut list = match body {
            Value::Array(a) => a,
            one @ Value::Object(_) => vec![one],
            _ => {
                return Ok(Reply::error(
                    400,
                    "POST a statement or an array of statements",
                ));
            }
        };
        for (i, s) in list.iter_mut().enumerate() {
            if let Err(e) = xapi::validate(s) {
                return Ok(Reply::error(400, format!("statement {i}: {}", e.0)));
            }
            if let Some(obj) = s.as_object_mut() {
                let id = obj
                    .get("id")
                    .and_then(Value::as_str)
                    .map(str::to_ascii_lowercase)
                    .unwrap_or_else(xapi::uuid);
                obj.insert("id".into(), Value::String(id));
            }
        }
        let mut ids = Vec::new();
        for (i, s) in list.iter().enumerate() {
            let id = s["id"].as_str().unwrap_or_default();
            if list[..i].iter().any(|o| o["id"].as_str() == Some(id)) {
                return Ok(Reply::error(
                    400,
                    format!("statement id {id} appears twice in the batch"),
                ));
            }
            ids.push(Value::String(id.to_string()));
        }
        let mut conn = self.conn();
        let tx = conn.transaction()?;
        for s in &mut list {
            if let Err(r) = self.store(&tx, s)? {
                return Ok(r); // the transaction rolls back on drop
            }
        }
        tx.commit()?;
        Ok(Reply::json(200, &Value::Array(ids)))
    }

    fn get_statements(&self, req: &Request) -> Result<Reply, LrsError> {
        let conn = self.conn();
        for (param, voided) in [("statementId", 0), ("voidedStatementId", 1)] {
            if let Some(id) = req.param(param) {
                let found: Option<String> = conn
                    .query_row(
                        "SELECT body FROM statements WHERE id = ?1 AND voided = ?2",
                        params![id.to_ascii_lowercase(), voided],
                        |r| r.get(0),
                    )
                    .optional()?;
                return Ok(match found {
                    Some(body) => {
                        Reply::json(200, &serde_json::from_str(&body).unwrap_or(Value::Null))
                    }
                    None => Reply::error(404, format!("no statement {id}")),
                });
            }
        }
        let agent = match req.param("agent").map(xapi::parse_agent) {
            Some(Ok(a)) => xapi::agent_key(&Value::Object(a)),
            Some(Err(e)) => return Ok(e.into()),
            None => None,
        };
        let after: i64 = req.param("after").and_then(|s| s.parse().ok()).unwrap_or(0);
        let limit = req
            .param("limit")
            .and_then(|s| s.parse::<usize>().ok())
            .filter(|&n| n > 0)
            .map_or(PAGE, |n| n.min(PAGE));
        let ascending = req.param("ascending") == Some("true");
        let sql = format!(
            "SELECT seq, body FROM statements WHERE voided = 0 AND seq > ?1
               AND (?2 IS NULL OR verb = ?2) AND (?3 IS NULL OR activity = ?3)
               AND (?4 IS NULL OR registration = ?4) AND (?5 IS NULL OR agent = ?5)
             ORDER BY seq {} LIMIT ?6",
            if ascending || after > 0 {
                "ASC"
            } else {
                "DESC"
            }
        );
        let mut stmt = conn.prepare(&sql)?;
        let rows = stmt.query_map(
            params![
                after,
                req.param("verb"),
                req.param("activity"),
                req.param("registration").map(str::to_ascii_lowercase),
                agent,
                (limit + 1) as i64
            ],
            |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)),
        )?;
        let mut statements = Vec::new();
        let mut last = after;
        let mut more = false;
        for row in rows {
            let (seq, body) = row?;
            if statements.len() == limit {
                more = true;
                break;
            }
            last = last.max(seq);
            statements.push(serde_json::from_str::<Value>(&body).unwrap_or(Value::Null));
        }
        // `more` pages forward from the newest statement returned (the
        // preview's panel polls with `after`).
        let more = if more || after > 0 {
            format!("/xapi/statements?after={last}&ascending=true")
        } else {
            String::new()
        };
        Ok(Reply::json(
            200,
            &json!({ "statements": statements, "more": more }),
        ))
    }

    fn activity(&self, req: &Request) -> Result<Reply, LrsError> {
        let Some(id) = req.param("activityId") else {
            return Ok(Reply::error(400, "the `activityId` parameter is required"));
        };
        let conn = self.conn();
        let def: Option<String> = conn
            .query_row(
                "SELECT body FROM statements WHERE activity = ?1 ORDER BY seq DESC LIMIT 1",
                [id],
                |r| r.get(0),
            )
            .optional()?;
        let definition = def
            .and_then(|b| serde_json::from_str::<Value>(&b).ok())
            .map(|s| s["object"]["definition"].clone())
            .filter(|d| !d.is_null());
        let mut out = json!({ "objectType": "Activity", "id": id });
        if let Some(d) = definition {
            out["definition"] = d;
        }
        Ok(Reply::json(200, &out))
    }

    fn document(&self, req: &Request, kind: Kind) -> Result<Reply, LrsError> {
        let method = req.method.to_ascii_uppercase();
        let activity = req.param("activityId").unwrap_or_default();
        let (agent, registration) = match document_owner(req, kind, activity) {
            Ok(owner) => owner,
            Err(reply) => return Ok(reply),
        };
        let key: DocKey = (kind.name(), activity, agent.as_str(), registration.as_str());
        let conn = self.conn();
        let Some(doc_id) = req.param(kind.id_param()) else {
            return document_ids(&conn, &method, kind, key);
        };
        let existing: Option<(String, Vec<u8>, String)> = conn
            .query_row(
                "SELECT content_type, body, updated FROM documents WHERE kind=?1 AND activity=?2 AND agent=?3 AND registration=?4 AND doc_id=?5",
                params![key.0, key.1, key.2, key.3, doc_id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()?;
        let etag = existing.as_ref().map(|(_, body, _)| xapi::etag(body));
        // Concurrency (xAPI 1.0.3 Part Three §2.1.3): the If-Match and
        // If-None-Match preconditions.
        if let Some(m) = req.if_match
            && etag.as_deref().is_none_or(|e| !etag_matches(m, e))
        {
            return Ok(Reply::error(
                412,
                "the document changed (If-Match does not match)",
            ));
        }
        if req.if_none_match.is_some_and(|m| m.trim() == "*") && existing.is_some() {
            return Ok(Reply::error(412, "the document exists (If-None-Match: *)"));
        }
        match method.as_str() {
            "GET" => Ok(stored_document(existing, etag)),
            "DELETE" => {
                conn.execute(
                    "DELETE FROM documents WHERE kind=?1 AND activity=?2 AND agent=?3 AND registration=?4 AND doc_id=?5",
                    params![key.0, key.1, key.2, key.3, doc_id],
                )?;
                Ok(Reply::empty(204))
            }
            "PUT" | "POST" => {
                let ct = req
                    .content_type
                    .unwrap_or("application/octet-stream")
                    .to_string();
                if method == "PUT"
                    && kind != Kind::State
                    && existing.is_some()
                    && req.if_match.is_none()
                    && req.if_none_match.is_none()
                {
                    return Ok(Reply::error(
                        409,
                        "the document exists: send If-Match with its ETag (or If-None-Match: *)",
                    ));
                }
                let body = if method == "POST" {
                    match merged_document(req.body, ct.starts_with("application/json"), &existing) {
                        Ok(body) => body,
                        Err(reply) => return Ok(reply),
                    }
                } else {
                    req.body.to_vec()
                };
                conn.execute(
                    "INSERT OR REPLACE INTO documents (kind, activity, agent, registration, doc_id, content_type, body, updated)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                    params![key.0, key.1, key.2, key.3, doc_id, ct, body, xapi::now()],
                )?;
                Ok(Reply::empty(204))
            }
            _ => Ok(Reply::error(
                405,
                format!("{method} is not an xAPI method here"),
            )),
        }
    }

    /// Writes a document on the LMS's side (cmi5's `LMS.LaunchData`).
    pub fn put_state(
        &self,
        activity: &str,
        agent: &Value,
        registration: &str,
        state_id: &str,
        doc: &Value,
    ) -> Result<(), LrsError> {
        self.conn().execute(
            "INSERT OR REPLACE INTO documents (kind, activity, agent, registration, doc_id, content_type, body, updated)
             VALUES ('state', ?1, ?2, ?3, ?4, 'application/json', ?5, ?6)",
            params![
                activity,
                xapi::agent_key(agent).unwrap_or_default(),
                registration.to_ascii_lowercase(),
                state_id,
                doc.to_string().into_bytes(),
                xapi::now()
            ],
        )?;
        Ok(())
    }

    /// Stores a statement the LMS itself makes (cmi5 `satisfied`).
    pub fn insert(&self, mut statement: Value) -> Result<(), LrsError> {
        if let Some(obj) = statement.as_object_mut() {
            obj.entry("id")
                .or_insert_with(|| Value::String(xapi::uuid()));
        }
        let conn = self.conn();
        let _ = self.store(&conn, &mut statement)?;
        Ok(())
    }

    /// The verbs of a registration's (unvoided) statements on `activity`.
    pub fn verbs(&self, registration: &str, activity: &str) -> Result<Vec<String>, LrsError> {
        let conn = self.conn();
        let mut stmt = conn.prepare(
            "SELECT DISTINCT verb FROM statements WHERE voided = 0 AND registration = ?1 AND activity = ?2",
        )?;
        let verbs = stmt
            .query_map(params![registration.to_ascii_lowercase(), activity], |r| {
                r.get(0)
            })?
            .collect::<Result<_, _>>()?;
        Ok(verbs)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    State,
    ActivityProfile,
    AgentProfile,
}

impl Kind {
    fn name(self) -> &'static str {
        match self {
            Kind::State => "state",
            Kind::ActivityProfile => "activity-profile",
            Kind::AgentProfile => "agent-profile",
        }
    }
    fn id_param(self) -> &'static str {
        match self {
            Kind::State => "stateId",
            _ => "profileId",
        }
    }
}

/// A document's place: (kind, activity, agent key, registration).
type DocKey<'a> = (&'static str, &'a str, &'a str, &'a str);

/// Whose document a request names: the agent's key and the registration
/// (empty where the kind has none), or the 400 reply for a bad request.
fn document_owner(req: &Request, kind: Kind, activity: &str) -> Result<(String, String), Reply> {
    let (agent, registration) = match kind {
        Kind::ActivityProfile => (String::new(), String::new()),
        _ => match req.param("agent").map(xapi::parse_agent) {
            Some(Ok(a)) => (
                xapi::agent_key(&Value::Object(a)).unwrap_or_default(),
                if kind == Kind::State {
                    req.param("registration")
                        .unwrap_or_default()
                        .to_ascii_lowercase()
                } else {
                    String::new()
                },
            ),
            Some(Err(e)) => return Err(e.into()),
            None => return Err(Reply::error(400, "the `agent` parameter is required")),
        },
    };
    if kind != Kind::AgentProfile && activity.is_empty() {
        return Err(Reply::error(400, "the `activityId` parameter is required"));
    }
    if kind == Kind::State && !registration.is_empty() && !xapi::is_uuid(&registration) {
        return Err(Reply::error(400, "`registration` must be a UUID"));
    }
    Ok((agent, registration))
}

/// A request without a document id: GET lists the ids, DELETE of states
/// deletes them all.
fn document_ids(
    conn: &Connection,
    method: &str,
    kind: Kind,
    key: DocKey,
) -> Result<Reply, LrsError> {
    match method {
        "GET" => {
            let mut stmt = conn.prepare(
                "SELECT doc_id FROM documents WHERE kind=?1 AND activity=?2 AND agent=?3 AND registration=?4 ORDER BY doc_id",
            )?;
            let ids: Vec<String> = stmt
                .query_map(params![key.0, key.1, key.2, key.3], |r| r.get(0))?
                .collect::<Result<_, _>>()?;
            Ok(Reply::json(200, &json!(ids)))
        }
        "DELETE" if kind == Kind::State => {
            conn.execute(
                "DELETE FROM documents WHERE kind=?1 AND activity=?2 AND agent=?3 AND registration=?4",
                params![key.0, key.1, key.2, key.3],
            )?;
            Ok(Reply::empty(204))
        }
        _ => Ok(Reply::error(
            400,
            format!("the `{}` parameter is required", kind.id_param()),
        )),
    }
}

/// GET of one document: its bytes, type, Last-Modified and ETag, or 404.
fn stored_document(existing: Option<(String, Vec<u8>, String)>, etag: Option<String>) -> Reply {
    match existing {
        Some((ct, body, updated)) => {
            let mut r = Reply {
                status: 200,
                body,
                content_type: if ct.starts_with("application/json") {
                    "application/json"
                } else {
                    "application/octet-stream"
                },
                headers: vec![("Last-Modified", updated)],
            };
            if let Some(e) = etag {
                r.headers.push(("ETag", e));
            }
            r
        }
        None => Reply::error(404, "no such document"),
    }
}

/// POST merges JSON objects (§2.2 of the document APIs): the stored object
/// with the posted one's members, or the 400 reply when either is not one.
fn merged_document(
    posted: &[u8],
    is_json: bool,
    existing: &Option<(String, Vec<u8>, String)>,
) -> Result<Vec<u8>, Reply> {
    let new = match serde_json::from_slice::<Value>(posted) {
        Ok(Value::Object(m)) if is_json => m,
        _ => {
            return Err(Reply::error(
                400,
                "POST takes a JSON object (application/json)",
            ));
        }
    };
    let mut merged: Map<String, Value> = match existing {
        Some((ect, b, _)) if ect.starts_with("application/json") => {
            match serde_json::from_slice::<Value>(b) {
                Ok(Value::Object(m)) => m,
                _ => {
                    return Err(Reply::error(
                        400,
                        "the stored document is not a JSON object; PUT it instead",
                    ));
                }
            }
        }
        Some(_) => {
            return Err(Reply::error(
                400,
                "the stored document is not JSON; PUT it instead",
            ));
        }
        None => Map::new(),
    };
    merged.extend(new);
    Ok(Value::Object(merged).to_string().into_bytes())
}

fn etag_matches(header: &str, etag: &str) -> bool {
    header
        .split(',')
        .map(|t| t.trim().trim_start_matches("W/").trim_matches('"'))
        .any(|t| t == "*" || t == etag.trim_matches('"'))
}

fn parse_json(body: &[u8]) -> Result<Value, Reply> {
    serde_json::from_slice(body)
        .map_err(|e| Reply::error(400, format!("the body is not JSON: {e}")))
}
