//! The preview's HTTP routes:
//!
//! - `/` the preview page (the course in a frame, the LMS or LRS panel);
//!   `/preview/*` its script, style and the Moodle model;
//! - `/course/*` the rendered course (only the files of the rendering:
//!   nothing else of the course folder, nothing outside it);
//! - `/preview/status`, `/preview/wait?seen=N` (long poll: answers when the
//!   course changed), `/preview/launch`, `/preview/moveon`;
//! - `/xapi/*` the local LRS, `/cmi5/fetch` cmi5's fetch URL.

use super::cmi5;
use super::lrs::{self, Lrs};
use super::site::Site;
use crate::package::Content;
use serde_json::json;
use std::io::Read;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;
use tiny_http::{Header, Method, Request, Response};

#[derive(rust_embed::Embed)]
#[folder = "templates/"]
#[include = "preview/*"]
#[include = "lms/*"]
struct Files;

/// Request bodies larger than this are refused.
const MAX_BODY: u64 = 8 * 1024 * 1024;
/// Long polls open at once at most; more are answered at once.
const MAX_WAITERS: usize = 32;
/// How long a long poll waits for a change.
const WAIT: Duration = Duration::from_secs(25);
/// Worker threads.
const WORKERS: usize = 4;

pub struct Context {
    pub site: Arc<Site>,
    pub lrs: Lrs,
    pub target: &'static str,
    pub cmi5: cmi5::Sessions,
}

/// Answers requests until the server is dropped.
pub fn serve(server: &Arc<tiny_http::Server>, ctx: &Arc<Context>) {
    let waiters = Arc::new(AtomicUsize::new(0));
    let mut workers = Vec::new();
    for _ in 0..WORKERS {
        let (server, ctx, waiters) = (Arc::clone(server), Arc::clone(ctx), Arc::clone(&waiters));
        workers.push(std::thread::spawn(move || {
            while let Ok(req) = server.recv() {
                if req.url().starts_with("/preview/wait") {
                    if waiters.fetch_add(1, Ordering::SeqCst) < MAX_WAITERS {
                        let (ctx, waiters) = (Arc::clone(&ctx), Arc::clone(&waiters));
                        std::thread::spawn(move || {
                            handle(&ctx, req);
                            waiters.fetch_sub(1, Ordering::SeqCst);
                        });
                        continue;
                    }
                    waiters.fetch_sub(1, Ordering::SeqCst);
                }
                handle(&ctx, req);
            }
        }));
    }
    for w in workers {
        let _ = w.join();
    }
}

fn header(name: &str, value: &str) -> Option<Header> {
    Header::from_bytes(name.as_bytes(), value.as_bytes()).ok()
}

fn reply(req: Request, status: u16, content_type: &str, body: Vec<u8>, extra: &[(&str, String)]) {
    let mut resp = Response::from_data(body).with_status_code(status);
    let mut headers = vec![
        ("Content-Type", content_type.to_string()),
        ("Cache-Control", "no-store".to_string()),
        ("X-Content-Type-Options", "nosniff".to_string()),
    ];
    headers.extend(extra.iter().map(|(k, v)| (*k, v.clone())));
    for (k, v) in headers {
        if let Some(h) = header(k, &v) {
            resp.add_header(h);
        }
    }
    // The client may have gone; nothing to do about it.
    let _ = req.respond(resp);
}

fn text(req: Request, status: u16, body: &str) {
    reply(
        req,
        status,
        "text/plain; charset=utf-8",
        body.as_bytes().to_vec(),
        &[],
    );
}

fn json_reply(req: Request, status: u16, v: &serde_json::Value) {
    reply(
        req,
        status,
        "application/json",
        v.to_string().into_bytes(),
        &[],
    );
}

/// `/path?a=b&c=d` → (`/path`, [(a, b), (c, d)]), percent-decoded.
pub fn split_url(url: &str) -> (String, Vec<(String, String)>) {
    let (path, query) = url.split_once('?').unwrap_or((url, ""));
    let query = query
        .split('&')
        .filter(|s| !s.is_empty())
        .map(|pair| {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            (decode(k, true), decode(v, true))
        })
        .collect();
    (decode(path, false), query)
}

fn decode(s: &str, plus_is_space: bool) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'%' if i + 2 < b.len() => {
                let hex = std::str::from_utf8(&b[i + 1..i + 3])
                    .ok()
                    .and_then(|h| u8::from_str_radix(h, 16).ok());
                match hex {
                    Some(v) => {
                        out.push(v);
                        i += 3;
                        continue;
                    }
                    None => out.push(b'%'),
                }
            }
            b'+' if plus_is_space => out.push(b' '),
            c => out.push(c),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn request_header<'a>(req: &'a Request, name: &str) -> Option<&'a str> {
    req.headers()
        .iter()
        .find(|h| h.field.as_str().as_str().eq_ignore_ascii_case(name))
        .map(|h| h.value.as_str())
}

fn read_body(req: &mut Request) -> Option<Vec<u8>> {
    let mut body = Vec::new();
    req.as_reader()
        .take(MAX_BODY + 1)
        .read_to_end(&mut body)
        .ok()?;
    (body.len() as u64 <= MAX_BODY).then_some(body)
}

fn handle(ctx: &Context, mut req: Request) {
    let (path, query) = split_url(req.url());
    let method = req.method().clone();
    let param = |name: &str| {
        query
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
    };
    match (&method, path.as_str()) {
        (Method::Get, "/") => shell(ctx, req),
        (Method::Get, p) if p.starts_with("/preview/files/") => {
            let rel = &p["/preview/files/".len()..];
            match Files::get(rel) {
                Some(f) => reply(req, 200, mime(rel), f.data.into_owned(), &[]),
                None => text(req, 404, "not part of the preview"),
            }
        }
        (Method::Get, "/preview/status") => json_reply(req, 200, &status(ctx)),
        (Method::Get, "/preview/wait") => {
            let seen = param("seen").and_then(|s| s.parse().ok()).unwrap_or(0);
            ctx.site.wait_past(seen, WAIT);
            json_reply(req, 200, &status(ctx));
        }
        (Method::Post, "/preview/launch") => {
            let origin = request_header(&req, "Host")
                .map(|h| format!("http://{h}"))
                .unwrap_or_default();
            let body = read_body(&mut req).unwrap_or_default();
            let ask: serde_json::Value = serde_json::from_slice(&body).unwrap_or_default();
            match cmi5::launch(ctx, &origin, &ask) {
                Ok(v) => json_reply(req, 200, &v),
                Err(e) => json_reply(req, 500, &json!({ "error": e.to_string() })),
            }
        }
        (Method::Get, "/preview/moveon") => {
            let reg = param("registration").unwrap_or_default();
            match cmi5::move_on(ctx, &reg) {
                Ok(v) => json_reply(req, 200, &v),
                Err(e) => json_reply(req, 500, &json!({ "error": e.to_string() })),
            }
        }
        (Method::Post, "/cmi5/fetch") => {
            let token = param("session").unwrap_or_default();
            let (status, body) = ctx.cmi5.fetch(&token);
            json_reply(req, status, &body);
        }
        (_, p) if p.starts_with("/xapi/") => xapi(ctx, req, &p["/xapi/".len()..], &query),
        (Method::Get, p) if p.starts_with("/course/") => {
            course_file(ctx, req, &p["/course/".len()..])
        }
        (Method::Get, _) => text(req, 404, "nothing here; the course is at /"),
        _ => text(req, 405, "the preview only answers GET here"),
    }
}

fn status(ctx: &Context) -> serde_json::Value {
    let s = ctx.site.snapshot();
    json!({
        "generation": s.generation,
        "errors": s.errors,
        "warnings": s.warnings,
        "diagnostics": s.diagnostics,
        "lang": s.lang,
        "target": ctx.target,
        "course": s.info,
        "took_ms": s.took.as_secs_f64() * 1000.0,
    })
}

fn shell(ctx: &Context, req: Request) {
    let Some(page) = Files::get("preview/shell.html") else {
        return text(
            req,
            500,
            "the preview page is missing from this binary; reinstall coursepack",
        );
    };
    let page = String::from_utf8_lossy(&page.data).replace("{{target}}", ctx.target);
    reply(req, 200, "text/html; charset=utf-8", page.into_bytes(), &[]);
}

fn xapi(ctx: &Context, mut req: Request, resource: &str, query: &[(String, String)]) {
    let cors = [("Access-Control-Allow-Origin", "*".to_string())];
    if *req.method() == Method::Options {
        return reply(
            req,
            204,
            "text/plain",
            Vec::new(),
            &[
                ("Access-Control-Allow-Origin", "*".into()),
                ("Access-Control-Allow-Methods", "GET, PUT, POST, DELETE, OPTIONS".into()),
                (
                    "Access-Control-Allow-Headers",
                    "Authorization, Content-Type, X-Experience-API-Version, If-Match, If-None-Match".into(),
                ),
            ],
        );
    }
    if resource != "about" && request_header(&req, "X-Experience-API-Version").is_none() {
        return reply(
            req,
            400,
            "application/json",
            json!({ "error": "send the X-Experience-API-Version header (1.0.3)" })
                .to_string()
                .into_bytes(),
            &[("X-Experience-API-Version", lrs::VERSION.into())],
        );
    }
    let Some(body) = read_body(&mut req) else {
        return text(req, 413, "the request body is larger than 8 MiB");
    };
    let method = req.method().as_str().to_string();
    let content_type = request_header(&req, "Content-Type").map(String::from);
    let if_match = request_header(&req, "If-Match").map(String::from);
    let if_none_match = request_header(&req, "If-None-Match").map(String::from);
    let answer = ctx.lrs.handle(&lrs::Request {
        method: &method,
        resource: resource.trim_end_matches('/'),
        query,
        body: &body,
        content_type: content_type.as_deref(),
        if_match: if_match.as_deref(),
        if_none_match: if_none_match.as_deref(),
    });
    match answer {
        Ok(r) => {
            let mut headers = r.headers;
            headers.extend(cors.iter().cloned());
            reply(req, r.status, r.content_type, r.body, &headers)
        }
        Err(e) => json_reply(req, 500, &json!({ "error": e.to_string() })),
    }
}

fn course_file(ctx: &Context, req: Request, rel: &str) {
    let snap = ctx.site.snapshot();
    let rel = if rel.is_empty() {
        crate::render::LAUNCH
    } else {
        rel
    };
    if snap.info.is_none() {
        // The course has errors: the page shows them instead.
        let body = format!(
            "<!doctype html><meta charset=utf-8><title>The course has problems</title>\
             <body style=\"font-family:sans-serif\"><h1>The course has problems</h1>\
             <p>Fix them in your editor; this page reloads by itself.</p><pre>{}</pre>",
            escape(&snap.diagnostics)
        );
        return reply(req, 200, "text/html; charset=utf-8", body.into_bytes(), &[]);
    }
    match snap.files.get(rel) {
        Some(Content::Bytes(b)) => {
            let mut body = b.clone();
            if rel == crate::render::LAUNCH {
                body = inject_reload(body);
            }
            reply(req, 200, mime(rel), body, &[])
        }
        Some(Content::File(path)) => {
            // Only files the rendering lists, and only inside the course.
            let inside = match (
                std::fs::canonicalize(path),
                std::fs::canonicalize(ctx.site.dir()),
            ) {
                (Ok(file), Ok(dir)) => file.starts_with(dir),
                _ => false,
            };
            let bytes = inside.then(|| std::fs::read(path).ok()).flatten();
            match bytes {
                Some(b) => reply(req, 200, mime(rel), b, &[]),
                None => text(req, 404, "this file of the course cannot be read"),
            }
        }
        None => text(req, 404, "not a file of the course"),
    }
}

/// The course page alone (opened outside the preview page) reloads itself
/// too, at the same page.
fn inject_reload(mut html: Vec<u8>) -> Vec<u8> {
    let script = b"<script src=\"/preview/files/preview/reload.js\"></script>\n";
    match html
        .windows(7)
        .rposition(|w| w.eq_ignore_ascii_case(b"</body>"))
    {
        Some(at) => {
            html.splice(at..at, script.iter().copied());
        }
        None => html.extend_from_slice(script),
    }
    html
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

fn mime(path: &str) -> &'static str {
    let ext = path.rsplit('.').next().unwrap_or("").to_ascii_lowercase();
    match ext.as_str() {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "mp4" => "video/mp4",
        "webm" => "video/webm",
        "mp3" => "audio/mpeg",
        "vtt" => "text/vtt; charset=utf-8",
        "pdf" => "application/pdf",
        "woff2" => "font/woff2",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_are_split_and_decoded() {
        let (p, q) =
            split_url("/xapi/activities/state?agent=%7B%22a%22%3A1%7D&x=a+b&bad=%zz&end=%4");
        assert_eq!(p, "/xapi/activities/state");
        assert_eq!(q[0], ("agent".into(), "{\"a\":1}".into()));
        assert_eq!(q[1].1, "a b");
        assert_eq!(q[2].1, "%zz");
        assert_eq!(q[3].1, "%4");
    }
}
