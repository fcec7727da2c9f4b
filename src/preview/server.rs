//! The preview's HTTP routes:
//!
//! - `/` the preview page (the course in a frame, the LMS or LRS panel);
//!   `/preview/files/*` its script, style and the Moodle model;
//! - `/course/*` the rendered course (only the files of the rendering:
//!   nothing else of the course folder, nothing outside it);
//! - `/preview/status`, `/preview/wait?seen=N` (long poll: answers when the
//!   course changed), `/preview/launch`, `/preview/moveon`;
//! - `/xapi/*` the local LRS, `/cmi5/fetch` cmi5's fetch URL.
//!
//! The transport is hyper's HTTP/1.1 server (keep-alive included) under an
//! axum router, on a single-threaded tokio runtime. The handlers of the
//! site, the LRS and cmi5 are blocking code (SQLite, files, the long poll):
//! each request runs them on tokio's blocking pool. Bounds: at most
//! [`MAX_CONNECTIONS`] connections (more are answered 503 and closed), a
//! request head within [`MAX_HEAD`] bytes and [`IO_TIMEOUT`] (an idle
//! keep-alive connection too), a body within [`MAX_BODY`] bytes (else 413)
//! and [`IO_TIMEOUT`] (else 408).

use super::cmi5;
use super::lrs::{self, Lrs};
use super::site::Site;
use crate::package::Content;
use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, HeaderName, HeaderValue, Method, StatusCode, header};
use axum::response::Response;
use axum::routing::{any, get, post};
use http_body_util::{BodyExt, LengthLimitError, Limited};
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use serde_json::json;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Semaphore;

#[derive(rust_embed::Embed)]
#[folder = "templates/"]
#[include = "preview/*"]
#[include = "lms/*"]
struct Files;

/// Request bodies larger than this are refused (413).
const MAX_BODY: usize = 8 * 1024 * 1024;
/// Connections open at once at most (idle keep-alive and long polls
/// included); the blocking pool has as many threads.
const MAX_CONNECTIONS: usize = 64;
/// A request head larger than this is refused (431).
const MAX_HEAD: usize = 64 * 1024;
/// A request head (or the next one on a kept-alive connection) and a
/// request body must arrive within this.
const IO_TIMEOUT: Duration = Duration::from_secs(30);
/// How long a long poll waits for a change.
const WAIT: Duration = Duration::from_secs(25);
/// On Ctrl+C, how long answers under way may take to finish.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(2);

pub struct Context {
    pub site: Arc<Site>,
    pub lrs: Lrs,
    pub target: &'static str,
    pub cmi5: cmi5::Sessions,
}

/// Answers connections until Ctrl+C, then lets answers under way finish
/// (at most [`SHUTDOWN_GRACE`]). Fails only when the runtime cannot start.
pub fn serve(listener: std::net::TcpListener, ctx: Arc<Context>) -> std::io::Result<()> {
    listener.set_nonblocking(true)?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_io()
        .enable_time()
        .max_blocking_threads(MAX_CONNECTIONS)
        .build()?;
    let result = runtime.block_on(accept(listener, router(ctx)));
    // A long poll may still wait in its thread: it holds nothing to save.
    runtime.shutdown_timeout(Duration::from_millis(100));
    result
}

async fn accept(listener: std::net::TcpListener, app: Router) -> std::io::Result<()> {
    let listener = tokio::net::TcpListener::from_std(listener)?;
    let slots = Arc::new(Semaphore::new(MAX_CONNECTIONS));
    let graceful = GracefulShutdown::new();
    // Without a Ctrl+C handler (it could not be installed), serve on until
    // the process is ended.
    let mut stop = std::pin::pin!(async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    });
    loop {
        let stream = tokio::select! {
            accepted = listener.accept() => accepted,
            _ = &mut stop => break,
        };
        let stream = match stream {
            Ok((stream, _)) => stream,
            Err(_) => {
                // Out of file descriptors, say: give connections time to end.
                tokio::time::sleep(Duration::from_millis(50)).await;
                continue;
            }
        };
        let Ok(slot) = Arc::clone(&slots).try_acquire_owned() else {
            tokio::spawn(refuse(stream));
            continue;
        };
        let conn = hyper::server::conn::http1::Builder::new()
            .timer(TokioTimer::new())
            .header_read_timeout(IO_TIMEOUT)
            .max_header_size(MAX_HEAD)
            .serve_connection(TokioIo::new(stream), TowerToHyperService::new(app.clone()));
        let conn = graceful.watch(conn);
        tokio::spawn(async move {
            // A client that went away or sent garbage: nothing to do.
            let _ = conn.await;
            drop(slot);
        });
    }
    drop(listener);
    let _ = tokio::time::timeout(SHUTDOWN_GRACE, graceful.shutdown()).await;
    Ok(())
}

/// Tells a connection over the limit to come back later: 503, then the
/// request head is read (at most [`MAX_HEAD`] bytes, one second) so that
/// closing does not reset the connection before the client reads the answer.
async fn refuse(stream: tokio::net::TcpStream) {
    // A fresh socket's buffer takes these bytes at once.
    let _ = stream.try_write(
        b"HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
    );
    let drain = async {
        let mut buf = [0u8; 4096];
        let mut total = 0;
        while total < MAX_HEAD && stream.readable().await.is_ok() {
            match stream.try_read(&mut buf) {
                Ok(0) => break,
                Ok(n) if buf[..n].ends_with(b"\r\n\r\n") => break,
                Ok(n) => total += n,
                Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {}
                Err(_) => break,
            }
        }
    };
    let _ = tokio::time::timeout(Duration::from_secs(1), drain).await;
}

fn router(ctx: Arc<Context>) -> Router {
    Router::new()
        .route("/", get(shell))
        .route("/preview/files/{*rel}", get(embedded))
        .route("/preview/status", get(status_route))
        .route("/preview/wait", get(wait))
        .route("/preview/launch", post(launch))
        .route("/preview/moveon", get(move_on))
        .route("/cmi5/fetch", post(fetch))
        .route("/xapi/{*resource}", any(xapi))
        .route("/course/", get(course_launch))
        .route("/course/{*rel}", get(course_file))
        .fallback(not_found)
        .method_not_allowed_fallback(not_allowed)
        .with_state(ctx)
}

type Ctx = State<Arc<Context>>;

async fn not_found(method: Method) -> Response {
    if method == Method::GET || method == Method::HEAD {
        text(404, "nothing here; the course is at /")
    } else {
        not_allowed().await
    }
}

async fn not_allowed() -> Response {
    text(405, "the preview does not answer this method here")
}

/// Runs blocking work (SQLite, files, the long poll) off the runtime.
async fn blocking(work: impl FnOnce() -> Response + Send + 'static) -> Response {
    match tokio::task::spawn_blocking(work).await {
        Ok(r) => r,
        Err(_) => text(500, "the preview failed to answer; see its terminal"),
    }
}

/// The body, whole: at most [`MAX_BODY`] bytes within [`IO_TIMEOUT`].
async fn read_body(headers: &HeaderMap, body: Body) -> Result<Bytes, Response> {
    let too_large = || {
        text(
            413,
            "the request body is larger than the preview accepts (8 MiB)",
        )
    };
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    if declared.is_some_and(|n| n > MAX_BODY as u64) {
        return Err(too_large());
    }
    match tokio::time::timeout(IO_TIMEOUT, Limited::new(body, MAX_BODY).collect()).await {
        Ok(Ok(collected)) => Ok(collected.to_bytes()),
        Ok(Err(e)) if e.downcast_ref::<LengthLimitError>().is_some() => Err(too_large()),
        Ok(Err(_)) => Err(text(400, "the request body could not be read")),
        Err(_) => Err(text(408, "the request body did not arrive in time")),
    }
}

fn params(query: Option<&str>) -> Vec<(String, String)> {
    form_urlencoded::parse(query.unwrap_or("").as_bytes())
        .into_owned()
        .collect()
}

fn param(query: &Option<String>, name: &str) -> Option<String> {
    form_urlencoded::parse(query.as_deref().unwrap_or("").as_bytes())
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.into_owned())
}

fn request_header(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(String::from)
}

fn reply(status: u16, content_type: &str, body: Vec<u8>, extra: &[(&str, String)]) -> Response {
    let mut res = Response::new(Body::from(body));
    *res.status_mut() = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_str(content_type)
            .unwrap_or(HeaderValue::from_static("application/octet-stream")),
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    for (k, v) in extra {
        // Values come from this program; a value that is not a valid
        // header (a line break, say) is left out rather than sent.
        if let (Ok(k), Ok(v)) = (
            HeaderName::from_bytes(k.as_bytes()),
            HeaderValue::from_str(v),
        ) {
            h.insert(k, v);
        }
    }
    res
}

fn text(status: u16, body: &str) -> Response {
    reply(
        status,
        "text/plain; charset=utf-8",
        body.as_bytes().to_vec(),
        &[],
    )
}

fn json_reply(status: u16, v: &serde_json::Value) -> Response {
    reply(status, "application/json", v.to_string().into_bytes(), &[])
}

/// The decoded rest of an address, or the answer to one that does not
/// decode (percent-escapes that are not UTF-8).
fn rest(path: Result<Path<String>, PathRejection>) -> Result<String, Response> {
    path.map(|Path(p)| p).map_err(|_| {
        text(
            400,
            "this address does not decode to text; check its % escapes",
        )
    })
}

async fn embedded(path: Result<Path<String>, PathRejection>) -> Response {
    let rel = match rest(path) {
        Ok(r) => r,
        Err(r) => return r,
    };
    match Files::get(&rel) {
        Some(f) => reply(200, mime(&rel), f.data.into_owned(), &[]),
        None => text(404, "not part of the preview"),
    }
}

async fn status_route(State(ctx): Ctx) -> Response {
    json_reply(200, &status(&ctx))
}

async fn wait(State(ctx): Ctx, RawQuery(query): RawQuery) -> Response {
    let seen = param(&query, "seen")
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    blocking(move || {
        ctx.site.wait_past(seen, WAIT);
        json_reply(200, &status(&ctx))
    })
    .await
}

async fn launch(State(ctx): Ctx, headers: HeaderMap, body: Body) -> Response {
    let body = match read_body(&headers, body).await {
        Ok(b) => b,
        Err(r) => return r,
    };
    let origin = request_header(&headers, "Host")
        .map(|h| format!("http://{h}"))
        .unwrap_or_default();
    blocking(move || {
        let ask: serde_json::Value = serde_json::from_slice(&body).unwrap_or_default();
        match cmi5::launch(&ctx, &origin, &ask) {
            Ok(v) => json_reply(200, &v),
            Err(e) => json_reply(500, &json!({ "error": e.to_string() })),
        }
    })
    .await
}

async fn move_on(State(ctx): Ctx, RawQuery(query): RawQuery) -> Response {
    let reg = param(&query, "registration").unwrap_or_default();
    blocking(move || match cmi5::move_on(&ctx, &reg) {
        Ok(v) => json_reply(200, &v),
        Err(e) => json_reply(500, &json!({ "error": e.to_string() })),
    })
    .await
}

async fn fetch(State(ctx): Ctx, RawQuery(query): RawQuery) -> Response {
    let token = param(&query, "session").unwrap_or_default();
    let (status, body) = ctx.cmi5.fetch(&token);
    json_reply(status, &body)
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

async fn shell(State(ctx): Ctx) -> Response {
    let Some(page) = Files::get("preview/shell.html") else {
        return text(
            500,
            "the preview page is missing from this binary; reinstall coursepack",
        );
    };
    let page = String::from_utf8_lossy(&page.data).replace("{{target}}", ctx.target);
    reply(200, "text/html; charset=utf-8", page.into_bytes(), &[])
}

async fn xapi(
    State(ctx): Ctx,
    method: Method,
    path: Result<Path<String>, PathRejection>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
    body: Body,
) -> Response {
    let resource = match rest(path) {
        Ok(r) => r,
        Err(r) => return r,
    };
    // HEAD answers as GET does, without the body (hyper leaves it out).
    let method = if method == Method::HEAD {
        Method::GET
    } else {
        method
    };
    let cors = [("Access-Control-Allow-Origin", "*".to_string())];
    if method == Method::OPTIONS {
        return reply(
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
    if resource != "about" && headers.get("X-Experience-API-Version").is_none() {
        return reply(
            400,
            "application/json",
            json!({ "error": "send the X-Experience-API-Version header (1.0.3)" })
                .to_string()
                .into_bytes(),
            &[("X-Experience-API-Version", lrs::VERSION.into())],
        );
    }
    let body = match read_body(&headers, body).await {
        Ok(b) => b,
        Err(r) => return r,
    };
    let query = params(query.as_deref());
    blocking(move || {
        let content_type = request_header(&headers, "Content-Type");
        let if_match = request_header(&headers, "If-Match");
        let if_none_match = request_header(&headers, "If-None-Match");
        let answer = ctx.lrs.handle(&lrs::Request {
            method: method.as_str(),
            resource: resource.trim_end_matches('/'),
            query: &query,
            body: &body,
            content_type: content_type.as_deref(),
            if_match: if_match.as_deref(),
            if_none_match: if_none_match.as_deref(),
        });
        match answer {
            Ok(r) => {
                let mut headers = r.headers;
                headers.extend(cors.iter().cloned());
                reply(r.status, r.content_type, r.body, &headers)
            }
            Err(e) => json_reply(500, &json!({ "error": e.to_string() })),
        }
    })
    .await
}

async fn course_launch(state: Ctx) -> Response {
    course_file(state, Ok(Path(String::new()))).await
}

async fn course_file(State(ctx): Ctx, path: Result<Path<String>, PathRejection>) -> Response {
    let rel = match rest(path) {
        Ok(r) => r,
        Err(r) => return r,
    };
    blocking(move || course_answer(&ctx, &rel)).await
}

fn course_answer(ctx: &Context, rel: &str) -> Response {
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
            crate::html::escape(&snap.diagnostics)
        );
        return reply(200, "text/html; charset=utf-8", body.into_bytes(), &[]);
    }
    match snap.files.get(rel) {
        Some(Content::Bytes(b)) => {
            let mut body = b.clone();
            if rel == crate::render::LAUNCH {
                body = inject_reload(body);
            }
            reply(200, mime(rel), body, &[])
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
                Some(b) => reply(200, mime(rel), b, &[]),
                None => text(404, "this file of the course cannot be read"),
            }
        }
        None => text(404, "not a file of the course"),
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
    fn queries_are_decoded() {
        let q = params(Some("agent=%7B%22a%22%3A1%7D&x=a+b&bad=%zz&end=%4"));
        assert_eq!(q[0], ("agent".into(), "{\"a\":1}".into()));
        assert_eq!(q[1].1, "a b");
        assert_eq!(q[2].1, "%zz");
        assert_eq!(q[3].1, "%4");
        assert_eq!(
            param(&Some("seen=3&seen=4".into()), "seen").as_deref(),
            Some("3")
        );
        assert!(params(None).is_empty());
    }
}
