//! `coursepack preview` as a designer and as xAPI content meet it: the
//! course served from source on 127.0.0.1 and nothing else of the folder,
//! a saved edit re-rendered within a second, errors shown in the page with
//! file:line:col, and the local LRS (statements, conflicts, voiding,
//! documents) keeping its data across a restart.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

struct Preview {
    child: Child,
    addr: String,
}

impl Drop for Preview {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(dir: &Path, target: &str, db: &Path) -> Preview {
    start_with(dir, target, db, Stdio::null())
}

fn start_with(dir: &Path, target: &str, db: &Path, stderr: Stdio) -> Preview {
    let mut child = Command::new(env!("CARGO_BIN_EXE_coursepack"))
        .arg("preview")
        .arg(dir)
        .args(["--port", "0", "--target", target, "--db"])
        .arg(db)
        .stdout(Stdio::piped())
        .stderr(stderr)
        .spawn()
        .expect("start coursepack preview");
    let mut line = String::new();
    let stdout = child.stdout.take().expect("stdout");
    BufReader::new(stdout)
        .read_line(&mut line)
        .expect("the URL");
    let addr = line
        .trim()
        .strip_prefix("http://")
        .and_then(|s| s.strip_suffix('/'))
        .unwrap_or_else(|| panic!("a URL on stdout, got {line:?}"))
        .to_string();
    assert!(addr.starts_with("127.0.0.1:"), "loopback only: {addr}");
    Preview { child, addr }
}

struct Reply {
    status: u16,
    headers: String,
    body: String,
}

impl Reply {
    /// A response header's value (header names are case-insensitive).
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.lines().find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.trim().eq_ignore_ascii_case(name).then(|| v.trim())
        })
    }
}

fn http(p: &Preview, method: &str, path: &str, headers: &[(&str, &str)], body: &str) -> Reply {
    let mut s = TcpStream::connect(&p.addr).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(30)))
        .expect("timeout");
    let mut req = format!(
        "{method} {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\nContent-Length: {}\r\n",
        p.addr,
        body.len()
    );
    for (k, v) in headers {
        req.push_str(&format!("{k}: {v}\r\n"));
    }
    req.push_str("\r\n");
    req.push_str(body);
    s.write_all(req.as_bytes()).expect("send");
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).expect("read");
    let text = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    // Bodies come with a Content-Length or chunked.
    let body = if head
        .to_ascii_lowercase()
        .contains("transfer-encoding: chunked")
    {
        unchunk(body)
    } else {
        body.to_string()
    };
    Reply {
        status,
        headers: head.to_string(),
        body,
    }
}

fn unchunk(mut s: &str) -> String {
    let mut out = String::new();
    while let Some((size, rest)) = s.split_once("\r\n") {
        let n = usize::from_str_radix(size.trim(), 16).unwrap_or(0);
        if n == 0 || rest.len() < n {
            break;
        }
        out.push_str(&rest[..n]);
        s = rest[n..].trim_start_matches("\r\n");
    }
    out
}

fn json(r: &Reply) -> serde_json::Value {
    serde_json::from_str(&r.body).unwrap_or_else(|e| panic!("JSON ({e}): {}", r.body))
}

fn new_course(root: &Path) -> std::path::PathBuf {
    let dir = root.join("course");
    let ok = Command::new(env!("CARGO_BIN_EXE_coursepack"))
        .arg("new")
        .arg(&dir)
        .stderr(Stdio::null())
        .status()
        .expect("coursepack new")
        .success();
    assert!(ok);
    dir
}

#[test]
fn serves_the_course_from_source_and_nothing_else() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let dir = new_course(tmp.path());
    std::fs::write(tmp.path().join("secret.txt"), "outside").expect("write");
    let p = start(&dir, "scorm12", &tmp.path().join("db.sqlite"));
    let shell = http(&p, "GET", "/", &[], "");
    assert_eq!(shell.status, 200);
    assert!(shell.body.contains("data-target=\"scorm12\""));
    let page = http(&p, "GET", "/course/index.html", &[], "");
    assert_eq!(page.status, 200);
    assert!(page.body.contains("My first course"));
    let svg = http(&p, "GET", "/course/assets/welcome.svg", &[], "");
    assert_eq!(svg.status, 200);
    assert_eq!(svg.header("Content-Type"), Some("image/svg+xml"));
    for path in [
        "/course/course.yaml",
        "/course/../secret.txt",
        "/course/%2e%2e/secret.txt",
        "/course/assets/../../secret.txt",
        "/course/%2e%2e%2fsecret.txt",
        "/course/..%2F..%2Fsecret.txt",
        "/course/assets%2F..%2F..%2Fsecret.txt",
        "/course/%2Fetc%2Fpasswd",
        "/preview/files/..%2F..%2Fsecret.txt",
        "/course/.gitignore",
        "/preview/files/new/course.yaml",
        "/secret.txt",
    ] {
        let r = http(&p, "GET", path, &[], "");
        assert_eq!(r.status, 404, "{path}: {}", r.body);
        assert!(!r.body.contains("outside"));
    }
    // Escapes that do not decode to text: said in words, not served.
    let r = http(&p, "GET", "/course/%ff%fe", &[], "");
    assert_eq!(r.status, 400);
    assert!(r.body.contains("% escapes"), "{}", r.body);
    // Other methods than GET on the course: 405.
    assert_eq!(http(&p, "POST", "/course/index.html", &[], "").status, 405);
}

#[test]
fn an_edit_re_renders_within_a_second_and_errors_show_in_the_page() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let dir = new_course(tmp.path());
    let p = start(&dir, "web", &tmp.path().join("db.sqlite"));
    let before = json(&http(&p, "GET", "/preview/status", &[], ""));
    let seen = before["generation"].as_u64().expect("generation");

    let file = dir.join("course.yaml");
    let yaml = std::fs::read_to_string(&file).expect("read");
    std::fs::write(&file, yaml.replace("\"Welcome\"", "\"Hello, designer\"")).expect("edit");
    let since = Instant::now();
    let after = json(&http(
        &p,
        "GET",
        &format!("/preview/wait?seen={seen}"),
        &[],
        "",
    ));
    assert!(after["generation"].as_u64() > Some(seen), "{after}");
    assert!(
        since.elapsed() < Duration::from_secs(1),
        "{:?}",
        since.elapsed()
    );
    let page = http(&p, "GET", "/course/index.html", &[], "");
    assert!(page.body.contains("Hello, designer"));

    // A slip: the page shows check's diagnostic, with file:line:col.
    let seen = after["generation"].as_u64().unwrap_or(0);
    std::fs::write(&file, yaml.replace("pass_mark: 60", "pass_mark: 160")).expect("edit");
    let broken = json(&http(
        &p,
        "GET",
        &format!("/preview/wait?seen={seen}"),
        &[],
        "",
    ));
    assert!(broken["errors"].as_u64() > Some(0), "{broken}");
    let page = http(&p, "GET", "/course/index.html", &[], "");
    assert!(
        page.body.contains("The course has problems"),
        "{}",
        page.body
    );
    assert!(
        page.body.contains("course.yaml:") && page.body.contains("pass_mark"),
        "{}",
        page.body
    );
}

const STATEMENT: &str = r#"{"actor":{"mbox":"mailto:a@example.org"},"verb":{"id":"http://adlnet.gov/expapi/verbs/experienced"},"object":{"id":"https://example.org/courses/course/pages/welcome"},"context":{"registration":"ec531277-b57b-4c15-8d91-d292c5b2b8f7"}}"#;
const V: (&str, &str) = ("X-Experience-API-Version", "1.0.3");
const JSON: (&str, &str) = ("Content-Type", "application/json");

#[test]
fn the_lrs_follows_xapi_and_keeps_its_data_across_a_restart() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let dir = new_course(tmp.path());
    let db = tmp.path().join("lrs.sqlite");
    let id = "0b9b1b8e-6a3c-4a55-9a36-4d1f3f0e2a11";
    {
        let p = start(&dir, "tincan", &db);
        let put = format!("/xapi/statements?statementId={id}");
        assert_eq!(
            http(&p, "PUT", &put, &[JSON], STATEMENT).status,
            400,
            "no version header"
        );
        let r = http(&p, "PUT", &put, &[V, JSON], STATEMENT);
        assert_eq!(r.status, 204, "{}", r.body);
        assert_eq!(r.header("X-Experience-API-Version"), Some("1.0.3"));
        // The same statement again: no change; another one with that id: conflict.
        assert_eq!(http(&p, "PUT", &put, &[V, JSON], STATEMENT).status, 204);
        let other = STATEMENT.replace("experienced", "completed");
        assert_eq!(http(&p, "PUT", &put, &[V, JSON], &other).status, 409);
        // Invalid statements are refused with the reason.
        let bad = STATEMENT.replace("mailto:a@example.org", "a@example.org");
        let r = http(&p, "POST", "/xapi/statements", &[V, JSON], &bad);
        assert_eq!(r.status, 400);
        assert!(r.body.contains("mailto"), "{}", r.body);
        // POST gives ids; voiding hides the statement from GET.
        let r = http(
            &p,
            "POST",
            "/xapi/statements",
            &[V, JSON],
            &format!("[{other}]"),
        );
        assert_eq!(r.status, 200, "{}", r.body);
        let posted = json(&r)[0].as_str().expect("an id").to_string();
        let void = format!(
            r#"{{"actor":{{"mbox":"mailto:a@example.org"}},"verb":{{"id":"http://adlnet.gov/expapi/verbs/voided"}},"object":{{"objectType":"StatementRef","id":"{posted}"}}}}"#
        );
        assert_eq!(
            http(&p, "POST", "/xapi/statements", &[V, JSON], &void).status,
            200
        );
        let get = |q: &str| http(&p, "GET", &format!("/xapi/statements?{q}"), &[V], "");
        assert_eq!(get(&format!("statementId={posted}")).status, 404);
        assert_eq!(get(&format!("voidedStatementId={posted}")).status, 200);
        // HEAD answers as GET, without a body.
        let head = http(
            &p,
            "HEAD",
            &format!("/xapi/statements?statementId={id}"),
            &[V],
            "",
        );
        assert_eq!(head.status, 200);
        assert!(head.body.is_empty(), "{}", head.body);
        let got = json(&get(&format!("statementId={id}")));
        assert!(
            got["stored"].is_string() && got["authority"].is_object(),
            "{got}"
        );
        // State: PUT, POST merges JSON, GET lists ids.
        let agent = "%7B%22mbox%22%3A%22mailto%3Aa%40example.org%22%7D";
        let state = format!(
            "/xapi/activities/state?activityId=https%3A%2F%2Fexample.org%2Fc&agent={agent}&stateId=resume"
        );
        assert_eq!(
            http(&p, "PUT", &state, &[V, JSON], r#"{"a":1}"#).status,
            204
        );
        assert_eq!(
            http(&p, "POST", &state, &[V, JSON], r#"{"b":2}"#).status,
            204
        );
        // Activity profile: overwriting needs If-Match.
        let prof = "/xapi/activities/profile?activityId=https%3A%2F%2Fexample.org%2Fc&profileId=p";
        assert_eq!(http(&p, "PUT", prof, &[V, JSON], "{}").status, 204);
        assert_eq!(http(&p, "PUT", prof, &[V, JSON], "{}").status, 409);
        let etag = http(&p, "GET", prof, &[V], "")
            .header("ETag")
            .map(String::from)
            .expect("an ETag");
        assert_eq!(
            http(&p, "PUT", prof, &[V, JSON, ("If-Match", &etag)], "{}").status,
            204
        );
        assert_eq!(
            http(&p, "PUT", prof, &[V, JSON, ("If-Match", "\"0\"")], "{}").status,
            412
        );
    }
    let p = start(&dir, "tincan", &db);
    let got = http(
        &p,
        "GET",
        &format!("/xapi/statements?statementId={id}"),
        &[V],
        "",
    );
    assert_eq!(got.status, 200, "kept across a restart");
    let agent = "%7B%22mbox%22%3A%22mailto%3Aa%40example.org%22%7D";
    let state = http(
        &p,
        "GET",
        &format!(
            "/xapi/activities/state?activityId=https%3A%2F%2Fexample.org%2Fc&agent={agent}&stateId=resume"
        ),
        &[V],
        "",
    );
    assert_eq!(json(&state), serde_json::json!({"a": 1, "b": 2}));
}

#[test]
fn cmi5_launch_writes_launch_data_and_the_fetch_url_works_once() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let dir = new_course(tmp.path());
    let p = start(&dir, "cmi5", &tmp.path().join("db.sqlite"));
    let r = json(&http(
        &p,
        "POST",
        "/preview/launch",
        &[],
        r#"{"mode":"Browse"}"#,
    ));
    let url = r["url"].as_str().expect("url");
    let reg = r["registration"].as_str().expect("registration");
    let fetch = url
        .split('&')
        .find_map(|kv| kv.strip_prefix("fetch="))
        .expect("fetch");
    let fetch = fetch
        .replace("%3A", ":")
        .replace("%2F", "/")
        .replace("%3F", "?")
        .replace("%3D", "=");
    let path = &fetch[fetch.find("/cmi5").expect("path")..];
    let first = http(&p, "POST", path, &[], "");
    assert!(json(&first)["auth-token"].is_string(), "{}", first.body);
    let again = http(&p, "POST", path, &[], "");
    assert_eq!(json(&again)["error-code"], "1");
    let agent = "%7B%22objectType%22%3A%22Agent%22%2C%22account%22%3A%7B%22homePage%22%3A%22http%3A%2F%2F127.0.0.1%2Fcoursepack-preview%22%2C%22name%22%3A%22learner%22%7D%7D";
    let ld = http(
        &p,
        "GET",
        &format!(
            "/xapi/activities/state?activityId=https%3A%2F%2Fexample.org%2Fcourses%2Fcourse%2Fau&agent={agent}&registration={reg}&stateId=LMS.LaunchData"
        ),
        &[V],
        "",
    );
    let ld = json(&ld);
    assert_eq!(ld["launchMode"], "Browse");
    assert_eq!(ld["moveOn"], "CompletedAndPassed");
    assert_eq!(ld["masteryScore"], 0.6);
    assert!(ld["contextTemplate"]["extensions"]
        ["https://w3id.org/xapi/cmi5/context/extensions/sessionid"]
        .is_string());
}

/// Reads one response from a kept-alive connection: head, then exactly
/// Content-Length bytes of body. Returns (status, body).
fn read_response(r: &mut BufReader<TcpStream>) -> (u16, String) {
    let mut status = 0;
    let mut length = 0usize;
    let mut line = String::new();
    loop {
        line.clear();
        let n = r.read_line(&mut line).expect("a response line");
        assert!(n > 0, "the connection closed before a response");
        let l = line.trim_end();
        if l.is_empty() {
            break;
        }
        if let Some(s) = l.strip_prefix("HTTP/1.1 ") {
            status = s[..3].parse().unwrap_or(0);
        } else if let Some((k, v)) = l.split_once(':')
            && k.eq_ignore_ascii_case("content-length")
        {
            length = v.trim().parse().expect("a length");
        }
    }
    let mut body = vec![0; length];
    r.read_exact(&mut body).expect("the body");
    (status, String::from_utf8_lossy(&body).into_owned())
}

#[test]
fn one_connection_carries_many_requests_and_a_slow_client_blocks_no_one() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let dir = new_course(tmp.path());
    let p = start(&dir, "tincan", &tmp.path().join("db.sqlite"));

    // Slow clients: heads that never end, a body that never comes, a long poll.
    let mut stalled = Vec::new();
    for i in 0..8 {
        let mut s = TcpStream::connect(&p.addr).expect("connect");
        let part = if i % 2 == 0 {
            "GET /course/index.html HTTP/1.1\r\nHost: x\r\n".to_string()
        } else {
            "POST /xapi/statements HTTP/1.1\r\nHost: x\r\nX-Experience-API-Version: 1.0.3\r\n\
             Content-Length: 1000\r\n\r\n[{\"actor\""
                .to_string()
        };
        s.write_all(part.as_bytes()).expect("send");
        stalled.push(s);
    }
    let mut poll = TcpStream::connect(&p.addr).expect("connect");
    poll.write_all(b"GET /preview/wait?seen=999 HTTP/1.1\r\nHost: x\r\n\r\n")
        .expect("send");

    // Meanwhile one kept-alive connection gets every answer at once.
    let since = Instant::now();
    let s = TcpStream::connect(&p.addr).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(10)))
        .expect("timeout");
    let mut w = s.try_clone().expect("clone");
    let mut r = BufReader::new(s);
    for path in [
        "/",
        "/preview/files/preview/shell.js",
        "/course/index.html",
        "/preview/status",
        "/course/assets/welcome.svg",
    ] {
        w.write_all(format!("GET {path} HTTP/1.1\r\nHost: {}\r\n\r\n", p.addr).as_bytes())
            .expect("send");
        let (status, _) = read_response(&mut r);
        assert_eq!(status, 200, "{path} on the same connection");
    }
    assert!(
        since.elapsed() < Duration::from_secs(3),
        "answers took {:?} beside slow clients",
        since.elapsed()
    );
    drop(stalled);
}

#[test]
fn oversized_requests_are_refused_and_connections_are_bounded() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let dir = new_course(tmp.path());
    let p = start(&dir, "tincan", &tmp.path().join("db.sqlite"));

    // A body declared larger than 8 MiB: 413 before a byte of it is read.
    let mut s = TcpStream::connect(&p.addr).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(10)))
        .expect("timeout");
    s.write_all(
        b"POST /xapi/statements HTTP/1.1\r\nHost: x\r\nX-Experience-API-Version: 1.0.3\r\n\
          Content-Type: application/json\r\nContent-Length: 9437184\r\n\r\n",
    )
    .expect("send");
    let (status, body) = read_response(&mut BufReader::new(s));
    assert_eq!(status, 413, "{body}");
    assert!(body.contains("8 MiB"), "{body}");
    // The same for cmi5's launch endpoint.
    let r = http(
        &p,
        "POST",
        "/preview/launch",
        &[("Content-Length", "9437184")],
        "",
    );
    assert!(r.status == 413 || r.status == 400, "{}", r.status);

    // A head larger than 64 KiB: 431.
    let big = "a".repeat(70 * 1024);
    let r = http(&p, "GET", "/preview/status", &[("X-Big", &big)], "");
    assert_eq!(r.status, 431);

    // 64 connections open at once at most; the 65th is told 503 and closed.
    let idle: Vec<TcpStream> = (0..64)
        .map(|_| TcpStream::connect(&p.addr).expect("connect"))
        .collect();
    std::thread::sleep(Duration::from_millis(300));
    let r = http(&p, "GET", "/preview/status", &[], "");
    assert_eq!(r.status, 503);
    drop(idle);
    let since = Instant::now();
    let status = loop {
        let r = http(&p, "GET", "/preview/status", &[], "");
        if r.status == 200 || since.elapsed() > Duration::from_secs(5) {
            break r.status;
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    assert_eq!(status, 200, "served again once the idle connections closed");
}

#[test]
fn a_symlink_out_of_the_course_is_not_served_and_ctrl_c_stops_cleanly() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let dir = new_course(tmp.path());
    let outside = tmp.path().join("outside.svg");
    std::fs::write(
        &outside,
        "<svg xmlns=\"http://www.w3.org/2000/svg\">canary-7f3a-outside</svg>",
    )
    .expect("write");
    let mut p = start_with(&dir, "web", &tmp.path().join("db.sqlite"), Stdio::piped());
    let seen = json(&http(&p, "GET", "/preview/status", &[], ""))["generation"]
        .as_u64()
        .expect("generation");
    // An asset replaced by a link out of the folder while the preview runs.
    let asset = dir.join("assets").join("welcome.svg");
    std::fs::remove_file(&asset).expect("remove");
    std::os::unix::fs::symlink(&outside, &asset).expect("symlink");
    let _ = http(&p, "GET", &format!("/preview/wait?seen={seen}"), &[], "");
    let r = http(&p, "GET", "/course/assets/welcome.svg", &[], "");
    assert!(!r.body.contains("canary-7f3a"), "{} {}", r.status, r.body);
    // The change is checked at once: the preview reports the link.
    let status = json(&http(&p, "GET", "/preview/status", &[], ""));
    assert_eq!(status["errors"], 1, "{status}");
    assert!(
        status["diagnostics"]
            .as_str()
            .is_some_and(|d| d.contains("error[asset-symlink]")),
        "{status}"
    );

    // Ctrl+C with a long poll under way: the preview ends within the grace
    // period, successfully, and says so.
    let mut poll = TcpStream::connect(&p.addr).expect("connect");
    poll.write_all(b"GET /preview/wait?seen=999 HTTP/1.1\r\nHost: x\r\n\r\n")
        .expect("send");
    std::thread::sleep(Duration::from_millis(200));
    let ok = Command::new("kill")
        .args(["-INT", &p.child.id().to_string()])
        .status()
        .expect("kill")
        .success();
    assert!(ok);
    let since = Instant::now();
    let status = loop {
        if let Some(status) = p.child.try_wait().expect("wait") {
            break status;
        }
        assert!(
            since.elapsed() < Duration::from_secs(6),
            "still running after Ctrl+C"
        );
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(status.success(), "{status}");
    let mut err = String::new();
    if let Some(mut e) = p.child.stderr.take() {
        e.read_to_string(&mut err).expect("stderr");
    }
    assert!(err.contains("preview stopped"), "{err}");
}
