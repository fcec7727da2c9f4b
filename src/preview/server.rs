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
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

#[derive(rust_embed::Embed)]
#[folder = "templates/"]
#[include = "preview/*"]
#[include = "lms/*"]
struct Files;

/// Request bodies larger than this are refused.
const MAX_BODY: u64 = 8 * 1024 * 1024;
/// Connections served at once at most (long polls included).
const MAX_THREADS: usize = 64;
/// A request head larger than this is refused.
const MAX_HEAD: usize = 64 * 1024;
/// Reading a request or writing an answer gives up after this.
const IO_TIMEOUT: Duration = Duration::from_secs(30);
/// How long a long poll waits for a change.
const WAIT: Duration = Duration::from_secs(25);

pub struct Context {
    pub site: Arc<Site>,
    pub lrs: Lrs,
    pub target: &'static str,
    pub cmi5: cmi5::Sessions,
}

/// Answers connections until the listener fails: one thread per
/// connection (long polls wait for a while), at most [`MAX_THREADS`] at
/// once, one request per connection (`Connection: close`), so no idle
/// keep-alive connection can hold a thread that another request needs.
pub fn serve(listener: &TcpListener, ctx: &Arc<Context>) {
    let busy = Arc::new(AtomicUsize::new(0));
    for stream in listener.incoming() {
        let Ok(mut stream) = stream else { continue };
        if busy.fetch_add(1, Ordering::SeqCst) >= MAX_THREADS {
            busy.fetch_sub(1, Ordering::SeqCst);
            let _ = stream.write_all(
                b"HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
            );
            continue;
        }
        let (ctx, busy) = (Arc::clone(ctx), Arc::clone(&busy));
        std::thread::spawn(move || {
            let _ = stream.set_read_timeout(Some(IO_TIMEOUT));
            let _ = stream.set_write_timeout(Some(IO_TIMEOUT));
            match read_request(stream) {
                Ok(req) => handle(&ctx, req),
                Err((stream, status)) => {
                    let req = Request::bare(stream);
                    text(req, status, "the request could not be read");
                }
            }
            busy.fetch_sub(1, Ordering::SeqCst);
        });
    }
}

/// One HTTP request, read whole (head and body).
pub struct Request {
    method: String,
    url: String,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
    stream: TcpStream,
}

impl Request {
    fn bare(stream: TcpStream) -> Request {
        Request {
            method: String::new(),
            url: String::new(),
            headers: Vec::new(),
            body: Vec::new(),
            stream,
        }
    }
    fn url(&self) -> &str {
        &self.url
    }
    fn method(&self) -> &str {
        &self.method
    }
}

/// Reads the head (at most [`MAX_HEAD`] bytes) and the body (at most
/// [`MAX_BODY`]); on failure, the status to answer.
fn read_request(mut stream: TcpStream) -> Result<Request, (TcpStream, u16)> {
    let mut buf = Vec::with_capacity(4096);
    let mut chunk = [0u8; 4096];
    let head_len = loop {
        if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break i + 4;
        }
        if buf.len() > MAX_HEAD {
            return Err((stream, 431));
        }
        match stream.read(&mut chunk) {
            Ok(0) | Err(_) => return Err((stream, 400)),
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
        }
    };
    let mut headers = [httparse::EMPTY_HEADER; 64];
    let mut parsed = httparse::Request::new(&mut headers);
    let (method, url, headers) = match parsed.parse(&buf[..head_len]) {
        Ok(httparse::Status::Complete(_)) => (
            parsed.method.unwrap_or("GET").to_string(),
            parsed.path.unwrap_or("/").to_string(),
            parsed
                .headers
                .iter()
                .map(|h| {
                    (
                        h.name.to_string(),
                        String::from_utf8_lossy(h.value).into_owned(),
                    )
                })
                .collect::<Vec<_>>(),
        ),
        _ => return Err((stream, 400)),
    };
    let length: u64 = headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("Content-Length"))
        .and_then(|(_, v)| v.trim().parse().ok())
        .unwrap_or(0);
    if length > MAX_BODY {
        return Err((stream, 413));
    }
    let mut body = buf[head_len..].to_vec();
    body.truncate(length as usize);
    let rest = length as usize - body.len();
    if rest > 0 {
        let mut more = Vec::with_capacity(rest);
        if (&mut stream)
            .take(rest as u64)
            .read_to_end(&mut more)
            .is_err()
            || more.len() != rest
        {
            return Err((stream, 400));
        }
        body.extend_from_slice(&more);
    }
    Ok(Request {
        method,
        url,
        headers,
        body,
        stream,
    })
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        204 => "No Content",
        400 => "Bad Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
        409 => "Conflict",
        412 => "Precondition Failed",
        413 => "Payload Too Large",
        431 => "Request Header Fields Too Large",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        _ => "",
    }
}

fn reply(
    mut req: Request,
    status: u16,
    content_type: &str,
    body: Vec<u8>,
    extra: &[(&str, String)],
) {
    let mut head = format!(
        "HTTP/1.1 {status} {}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\
         Cache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n",
        reason(status),
        body.len()
    );
    for (k, v) in extra {
        // Values come from this program, but never let one end the head.
        if !v.contains(['\r', '\n']) {
            head.push_str(&format!("{k}: {v}\r\n"));
        }
    }
    head.push_str("\r\n");
    // The client may have gone; nothing to do about it.
    let _ = req.stream.write_all(head.as_bytes());
    if req.method != "HEAD" {
        let _ = req.stream.write_all(&body);
    }
    let _ = req.stream.flush();
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
    req.headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

fn handle(ctx: &Context, req: Request) {
    let (path, query) = split_url(req.url());
    let method = req.method().to_string();
    let param = |name: &str| {
        query
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
    };
    match (method.as_str(), path.as_str()) {
        ("GET", "/") => shell(ctx, req),
        ("GET", p) if p.starts_with("/preview/files/") => {
            let rel = &p["/preview/files/".len()..];
            match Files::get(rel) {
                Some(f) => reply(req, 200, mime(rel), f.data.into_owned(), &[]),
                None => text(req, 404, "not part of the preview"),
            }
        }
        ("GET", "/preview/status") => json_reply(req, 200, &status(ctx)),
        ("GET", "/preview/wait") => {
            let seen = param("seen").and_then(|s| s.parse().ok()).unwrap_or(0);
            ctx.site.wait_past(seen, WAIT);
            json_reply(req, 200, &status(ctx));
        }
        ("POST", "/preview/launch") => {
            let origin = request_header(&req, "Host")
                .map(|h| format!("http://{h}"))
                .unwrap_or_default();
            let ask: serde_json::Value = serde_json::from_slice(&req.body).unwrap_or_default();
            match cmi5::launch(ctx, &origin, &ask) {
                Ok(v) => json_reply(req, 200, &v),
                Err(e) => json_reply(req, 500, &json!({ "error": e.to_string() })),
            }
        }
        ("GET", "/preview/moveon") => {
            let reg = param("registration").unwrap_or_default();
            match cmi5::move_on(ctx, &reg) {
                Ok(v) => json_reply(req, 200, &v),
                Err(e) => json_reply(req, 500, &json!({ "error": e.to_string() })),
            }
        }
        ("POST", "/cmi5/fetch") => {
            let token = param("session").unwrap_or_default();
            let (status, body) = ctx.cmi5.fetch(&token);
            json_reply(req, status, &body);
        }
        (_, p) if p.starts_with("/xapi/") => xapi(ctx, req, &p["/xapi/".len()..], &query),
        ("GET", p) if p.starts_with("/course/") => course_file(ctx, req, &p["/course/".len()..]),
        ("GET", _) => text(req, 404, "nothing here; the course is at /"),
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
    if req.method() == "OPTIONS" {
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
    let body = std::mem::take(&mut req.body);
    let method = req.method().to_string();
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
