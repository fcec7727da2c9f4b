//! Template overrides: the files under a course's `templates/` folder that
//! replace (or add to) coursepack's built-in player, runtime scripts and UI
//! strings.
//!
//! Overrides are code: a `.js`, `.css` or `.hbs` override runs in the
//! learner's browser with the LMS's origin. So every override is found by one
//! walk ([`scan`]), which both `check` (a `template-override` warning per file,
//! an error with `--no-overrides`) and the build (which reads only what the
//! walk found, through the gate, and lists each file with its SHA-256 in
//! `build-report.json`) use.

use super::gate::{Gate, GateError};
use super::rules;
use crate::diag::{Diagnostic, Severity};
use std::path::{Path, PathBuf};

/// The override folder inside a course folder.
pub const FOLDER: &str = "templates";
/// More files than any real override set has; the walk stops there.
pub const MAX_ENTRIES: usize = 2_000;
/// The built-in templates nest 3 levels deep.
pub const MAX_DEPTH: usize = 8;

/// One override file.
#[derive(Debug, Clone)]
pub struct Override {
    /// Its path under `templates/`, with `/` separators (`player/player.css`).
    pub rel: String,
    /// Where it really is (canonical, inside the course folder).
    pub path: PathBuf,
}

/// A file under `templates/` the gate refused.
#[derive(Debug)]
pub struct Problem {
    /// Its path under the course folder, as the course has it.
    pub rel: String,
    pub error: GateError,
}

/// What one walk of `templates/` found.
#[derive(Debug, Default)]
pub struct Scan {
    /// Every override file, sorted by `rel`.
    pub found: Vec<Override>,
    /// Every entry under `templates/` the gate refused.
    pub problems: Vec<Problem>,
}

/// The walk of the course folder `dir` (nothing when the folder itself
/// cannot be opened: loading the course reports that).
pub fn scan_dir(dir: &Path) -> Scan {
    Gate::new(dir).map(|gate| scan(&gate)).unwrap_or_default()
}

/// Every override file of the course whose gate is `gate`, sorted, and every
/// entry under `templates/` that was refused.
pub fn scan(gate: &Gate) -> Scan {
    let mut walk = Walk {
        gate,
        found: Vec::new(),
        problems: Vec::new(),
        entries: 0,
    };
    let top = Path::new(FOLDER);
    if std::fs::symlink_metadata(gate.root().join(top)).is_ok() {
        walk.visit(top, 0);
    }
    walk.found.sort_by(|a, b| a.rel.cmp(&b.rel));
    Scan {
        found: walk.found,
        problems: walk.problems,
    }
}

struct Walk<'a> {
    gate: &'a Gate,
    found: Vec<Override>,
    problems: Vec<Problem>,
    entries: usize,
}

impl Walk<'_> {
    fn problem(&mut self, rel: &Path, error: GateError) {
        self.problems.push(Problem {
            rel: rel.to_string_lossy().into_owned(),
            error,
        });
    }

    fn visit(&mut self, rel: &Path, depth: usize) {
        self.entries += 1;
        if self.entries > MAX_ENTRIES {
            if self.entries == MAX_ENTRIES + 1 {
                self.problem(
                    rel,
                    GateError::Io(std::io::Error::other(format!(
                        "the templates folder has more than {MAX_ENTRIES} entries"
                    ))),
                );
            }
            return;
        }
        let joined = self.gate.root().join(rel);
        let real = match joined.canonicalize() {
            Ok(real) if real.starts_with(self.gate.root()) => real,
            _ => return self.problem(rel, GateError::Outside),
        };
        let meta = match std::fs::metadata(&real) {
            Ok(m) => m,
            Err(e) => return self.problem(rel, GateError::Io(e)),
        };
        if meta.is_dir() {
            if depth >= MAX_DEPTH {
                return self.problem(rel, GateError::NotRegular("a folder nested too deep"));
            }
            let mut names: Vec<_> = match std::fs::read_dir(&real) {
                Ok(entries) => entries.flatten().map(|e| e.file_name()).collect(),
                Err(e) => return self.problem(rel, GateError::Io(e)),
            };
            names.sort();
            for name in names {
                self.visit(&rel.join(name), depth + 1);
            }
            return;
        }
        // A file: through the gate proper (regular files only).
        match self.gate.resolve(rel) {
            Ok(path) => match rel.strip_prefix(FOLDER).ok().and_then(Path::to_str) {
                Some(name) => self.found.push(Override {
                    rel: name.replace('\\', "/"),
                    path,
                }),
                None => self.problem(rel, GateError::BadForm),
            },
            Err(e) => self.problem(rel, e),
        }
    }
}

/// `check`'s view: a `template-override` diagnostic per override (a
/// warning; an error when `no_overrides`), and the gate's verdict on every
/// refused entry, from the walk `scan` of the course folder `dir`.
pub fn check(dir: &Path, scan: &Scan, options: super::Options) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for p in &scan.problems {
        out.push(super::gate_diagnostic(&dir.join(&p.rel), &p.error));
    }
    for o in &scan.found {
        let file = dir.join(FOLDER).join(&o.rel);
        let mut d = Diagnostic::new(
            rules::TEMPLATE_OVERRIDE,
            &file,
            None,
            format!(
                "template override `{FOLDER}/{}` replaces coursepack's built-in file: it is code that runs in the learner's browser",
                o.rel
            ),
        );
        if options.no_overrides {
            d.severity = Severity::Error;
            d = d.hint("this build refuses template overrides (--no-overrides): remove the file, or build without --no-overrides after reviewing it");
        } else {
            d = d.hint("review every change to this file like code; build with --no-overrides to refuse overrides");
        }
        out.push(d);
    }
    out
}
