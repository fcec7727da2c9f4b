//! `coursepack preview`: the course served from its source on a loopback
//! HTTP server, with live reload, a local LMS (SCORM) and a local LRS
//! (xAPI, cmi5) that show what an LMS would record.
//!
//! - `site`: the course rendered in memory, re-rendered on change.
//! - `server`: the HTTP routes (axum on hyper, a single-threaded tokio runtime).
//! - `lrs` + `xapi`: the local LRS on SQLite and its statement rules.
//! - `cmi5`: the LMS side of a cmi5 launch.

mod cmi5;
pub mod lrs;
mod server;
pub mod site;
pub mod xapi;

use site::{Change, Site};
use std::net::{IpAddr, SocketAddr, ToSocketAddrs};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc;
use std::time::Duration;

/// How to run the preview.
pub struct Options {
    pub course_dir: PathBuf,
    /// A target id (`scorm12`, `scorm2004`, `tincan`, `cmi5`, `web`).
    pub target: String,
    /// The language to preview (default: the course's source language).
    pub lang: Option<String>,
    /// The address to listen on; `None`: 127.0.0.1. Anything but a
    /// loopback address must be asked for explicitly.
    pub host: Option<String>,
    pub port: u16,
    /// The LRS database (default: `.coursepack/preview.sqlite` in the course).
    pub db: Option<PathBuf>,
}

#[derive(Debug, thiserror::Error)]
pub enum PreviewError {
    #[error("{dir} is not a course folder: there is no course.yaml in it", dir = .0.display())]
    NotACourse(PathBuf),
    #[error("there is no target `{0}`; preview one of {1}")]
    UnknownTarget(String, String),
    #[error("`{0}` is not an address this machine has")]
    BadHost(String),
    #[error("cannot listen on {addr}: {message}")]
    Bind { addr: SocketAddr, message: String },
    #[error("cannot create {}: {source}", path.display())]
    DbDir {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(transparent)]
    Lrs(#[from] lrs::LrsError),
    #[error("cannot watch {} for changes: {message}", dir.display())]
    Watch { dir: PathBuf, message: String },
    #[error("the preview server stopped: {0}")]
    Serve(std::io::Error),
}

impl PreviewError {
    pub fn hint(&self) -> &'static str {
        match self {
            PreviewError::NotACourse(_) => {
                "pass the folder that holds course.yaml, or create one with `coursepack new DIR`"
            }
            PreviewError::UnknownTarget(..) => "e.g. `--target scorm12`",
            PreviewError::BadHost(_) => {
                "leave --host out to listen on 127.0.0.1 (this machine only)"
            }
            PreviewError::Bind { .. } => {
                "another program uses the port: choose another with --port N (0 picks a free one)"
            }
            PreviewError::DbDir { .. } | PreviewError::Lrs(_) => {
                "check that the course folder is writable, or pass --db FILE"
            }
            PreviewError::Watch { .. } => "check that the course folder is readable",
            PreviewError::Serve(_) => "start the preview again; if it stops again, report it",
        }
    }
}

/// A running preview.
pub struct Running {
    pub url: String,
    pub site: Arc<Site>,
    listener: std::net::TcpListener,
    ctx: Arc<server::Context>,
    _watcher: notify::RecommendedWatcher,
}

impl Running {
    /// Serves until Ctrl+C.
    pub fn wait(self) -> Result<(), PreviewError> {
        server::serve(self.listener, self.ctx).map_err(PreviewError::Serve)
    }

    /// Whether the server is reachable from other machines (`--host` with
    /// an address that is not a loopback one).
    pub fn is_public(&self) -> bool {
        self.listener
            .local_addr()
            .is_ok_and(|a| !a.ip().is_loopback())
    }
}

/// Renders the course, opens the LRS database, binds the server and starts
/// watching the course folder.
pub fn start(opts: Options) -> Result<Running, PreviewError> {
    let dir = opts.course_dir.clone();
    if !dir.join(crate::course::COURSE_FILE).is_file() {
        return Err(PreviewError::NotACourse(dir));
    }
    let target = crate::target::by_id(&opts.target).ok_or_else(|| {
        PreviewError::UnknownTarget(opts.target.clone(), crate::target::ids().join(", "))
    })?;
    let addr = address(opts.host.as_deref(), opts.port)?;
    let db_path = match &opts.db {
        Some(p) => p.clone(),
        None => dir.join(".coursepack").join("preview.sqlite"),
    };
    if let Some(parent) = db_path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).map_err(|source| PreviewError::DbDir {
            path: parent.to_path_buf(),
            source,
        })?;
    }
    let lrs = lrs::Lrs::open(&db_path)?;
    let site = Arc::new(Site::new(&dir, target.runtime(), opts.lang.clone()));
    let listener = std::net::TcpListener::bind(addr).map_err(|e| PreviewError::Bind {
        addr,
        message: e.to_string(),
    })?;
    let bound = listener.local_addr().unwrap_or(addr);
    let url = format!("http://{bound}/");
    let ctx = Arc::new(server::Context {
        site: Arc::clone(&site),
        lrs,
        target: target.id(),
        cmi5: cmi5::Sessions::default(),
    });
    let watcher = watch(&dir, &db_path, Arc::clone(&site))?;
    Ok(Running {
        url,
        site,
        listener,
        ctx,
        _watcher: watcher,
    })
}

/// 127.0.0.1 unless `host` is given; a host given explicitly may be any
/// address of this machine.
fn address(host: Option<&str>, port: u16) -> Result<SocketAddr, PreviewError> {
    let Some(host) = host else {
        return Ok(SocketAddr::from(([127, 0, 0, 1], port)));
    };
    if let Ok(ip) = host.parse::<IpAddr>() {
        return Ok(SocketAddr::new(ip, port));
    }
    (host, port)
        .to_socket_addrs()
        .ok()
        .and_then(|mut a| a.next())
        .ok_or_else(|| PreviewError::BadHost(host.to_string()))
}

/// Watches the course folder; each burst of changes (editors write in
/// several steps) refreshes the site once, as much as the burst calls for.
fn watch(
    dir: &Path,
    db: &Path,
    site: Arc<Site>,
) -> Result<notify::RecommendedWatcher, PreviewError> {
    use notify::Watcher;
    let (tx, rx) = mpsc::channel::<notify::Result<notify::Event>>();
    let mut watcher = notify::recommended_watcher(tx).map_err(|e| PreviewError::Watch {
        dir: dir.to_path_buf(),
        message: e.to_string(),
    })?;
    watcher
        .watch(dir, notify::RecursiveMode::Recursive)
        .map_err(|e| PreviewError::Watch {
            dir: dir.to_path_buf(),
            message: e.to_string(),
        })?;
    // Paths come back absolute from the watcher.
    let abs = std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
    let db = std::fs::canonicalize(db).unwrap_or_else(|_| db.to_path_buf());
    let classify = move |ev: &notify::Event| -> Option<Change> {
        use notify::EventKind;
        use notify::event::ModifyKind;
        // Reading a file (the preview reads course.yaml and the media) can
        // touch its access time: only content, names and existence count.
        match ev.kind {
            EventKind::Access(_) | EventKind::Modify(ModifyKind::Metadata(_)) => return None,
            _ => {}
        }
        ev.paths
            .iter()
            .filter(|p| !p.starts_with(&db))
            .filter_map(|p| Change::of(&abs, p))
            .max()
    };
    std::thread::spawn(move || {
        while let Ok(first) = rx.recv() {
            // What the burst touched, for the checks' memory of the assets;
            // `None` once it is unclear (an error, events lost).
            let mut touched: Option<Vec<PathBuf>> = Some(Vec::new());
            let mut note = |ev: &notify::Result<notify::Event>| match ev {
                Ok(ev) if ev.need_rescan() => touched = None,
                Ok(ev) if matches!(ev.kind, notify::EventKind::Access(_)) => {}
                Ok(ev) => {
                    if let Some(t) = touched.as_mut() {
                        t.extend(ev.paths.iter().cloned());
                    }
                }
                Err(_) => touched = None,
            };
            note(&first);
            let mut change = first.ok().as_ref().and_then(&classify);
            // Gather the rest of the burst.
            while let Ok(more) = rx.recv_timeout(Duration::from_millis(40)) {
                note(&more);
                change = change.max(more.ok().as_ref().and_then(&classify));
            }
            site.files_changed(touched.as_deref());
            if let Some(change) = change {
                let s = site.refresh(change);
                eprintln!(
                    "{}: re-rendered in {} ms ({} error{}, {} warning{})",
                    match change {
                        Change::Asset => "an asset changed",
                        Change::Course => "course.yaml changed",
                        Change::Templates => "a template changed",
                    },
                    s.took.as_millis(),
                    s.errors,
                    if s.errors == 1 { "" } else { "s" },
                    s.warnings,
                    if s.warnings == 1 { "" } else { "s" },
                );
            }
        }
    });
    Ok(watcher)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_an_explicit_host_leaves_the_loopback() {
        // Without --host: 127.0.0.1, whatever the port.
        for port in [0, 4000] {
            let a = address(None, port).expect("the default address");
            assert!(a.ip().is_loopback() && a.ip().is_ipv4(), "{a}");
            assert_eq!(a.port(), port);
        }
        // --host localhost stays on this machine.
        let a = address(Some("localhost"), 0).expect("localhost");
        assert!(a.ip().is_loopback(), "{a}");
        // Another address only when named.
        let a = address(Some("0.0.0.0"), 4000).expect("an explicit address");
        assert!(!a.ip().is_loopback(), "{a}");
        assert!(matches!(
            address(Some("not an address"), 0),
            Err(PreviewError::BadHost(_))
        ));
    }
}
