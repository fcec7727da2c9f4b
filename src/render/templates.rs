//! The player's template files: embedded in the binary, overridable per
//! course.
//!
//! Everything under `templates/` (page templates, partials, CSS, the player
//! and runtime scripts, UI strings) is compiled into the binary with
//! rust-embed, so an installed `coursepack` works from any directory. A file
//! at `<course_dir>/templates/<path>` replaces the embedded `<path>`; see
//! `templates/README.md`.

use super::RenderError;
use crate::course::gate::{GateError, open_regular};
use crate::course::overrides;
use handlebars::Handlebars;
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

#[derive(rust_embed::Embed)]
#[folder = "templates/"]
#[exclude = "README.md"]
struct Embedded;

/// The page template every package starts from.
pub const INDEX: &str = "player/index.hbs";
/// Folder of the partials (`{{> name}}` is `player/partials/name.hbs`).
pub const PARTIALS: &str = "player/partials/";
/// Refuse override files larger than this (they are read whole).
const MAX_OVERRIDE: u64 = 8 * 1024 * 1024;

/// Where a template file comes from.
#[derive(Debug, Clone)]
pub struct Templates {
    course_dir: PathBuf,
    /// The course's overrides (`player/player.css` → the file), as
    /// `course::overrides::scan` found them through the gate: nothing else
    /// under `templates/` is ever read.
    overrides: BTreeMap<String, PathBuf>,
    /// The first entry under `templates/` the gate refused (`check` reports
    /// every one; the build refuses to start).
    refused: Option<(PathBuf, String)>,
}

impl Templates {
    pub fn new(course_dir: &Path) -> Self {
        Self::from_scan(course_dir, &overrides::scan_dir(course_dir))
    }

    /// The templates of the course folder `course_dir` whose `templates/`
    /// was walked into `scan` (so `check` walks it once for all its uses).
    pub fn from_scan(course_dir: &Path, scan: &overrides::Scan) -> Self {
        Templates {
            course_dir: course_dir.to_path_buf(),
            overrides: scan
                .found
                .iter()
                .map(|o| (o.rel.clone(), o.path.clone()))
                .collect(),
            refused: scan
                .problems
                .first()
                .map(|p| (course_dir.join(&p.rel), p.error.to_string())),
        }
    }

    /// The overrides the course has: path under `templates/` and the file.
    pub fn overrides(&self) -> &BTreeMap<String, PathBuf> {
        &self.overrides
    }

    /// Fails when the gate refused anything under `templates/`.
    fn gate_ok(&self) -> Result<(), RenderError> {
        match &self.refused {
            None => Ok(()),
            Some((path, why)) => Err(RenderError::Override {
                path: path.clone(),
                source: std::io::Error::other(why.clone()),
            }),
        }
    }

    /// The course folder (overrides live in its `templates/`).
    pub fn course_dir(&self) -> &Path {
        &self.course_dir
    }

    /// The path of the override for `rel`, if the course has one.
    fn override_path(&self, rel: &str) -> Option<PathBuf> {
        self.overrides.get(rel).cloned()
    }

    /// Describes where `rel` comes from, for error messages.
    pub fn describe(&self, rel: &str) -> String {
        match self.override_path(rel) {
            Some(_) => format!(
                "{} (override of templates/{rel})",
                self.course_dir.join(overrides::FOLDER).join(rel).display()
            ),
            None => format!("templates/{rel} (built in)"),
        }
    }

    /// The built-in text of `rel`, ignoring any override (`None` when
    /// coursepack has no such file or it is not UTF-8).
    pub fn builtin_text(&self, rel: &str) -> Option<String> {
        Embedded::get(rel).and_then(|f| String::from_utf8(f.data.into_owned()).ok())
    }

    /// The bytes of `rel`: the course's override, else the embedded file.
    pub fn bytes(&self, rel: &str) -> Result<Cow<'static, [u8]>, RenderError> {
        self.gate_ok()?;
        if let Some(path) = self.override_path(rel) {
            let read = || -> std::io::Result<Vec<u8>> {
                use std::io::Read;
                let file = open_regular(&path).map_err(|e| match e {
                    GateError::Io(e) => e,
                    other => std::io::Error::other(other.to_string()),
                })?;
                let mut buf = Vec::new();
                file.take(MAX_OVERRIDE + 1).read_to_end(&mut buf)?;
                Ok(buf)
            };
            let data = read().map_err(|source| RenderError::Override {
                path: self.course_dir.join(overrides::FOLDER).join(rel),
                source,
            })?;
            if data.len() as u64 > MAX_OVERRIDE {
                return Err(RenderError::Override {
                    path,
                    source: std::io::Error::other("larger than 8 MiB"),
                });
            }
            return Ok(Cow::Owned(data));
        }
        Embedded::get(rel)
            .map(|f| f.data)
            .ok_or_else(|| RenderError::Missing {
                file: rel.to_string(),
            })
    }

    /// The text of `rel` (UTF-8).
    pub fn text(&self, rel: &str) -> Result<String, RenderError> {
        let bytes = self.bytes(rel)?;
        String::from_utf8(bytes.into_owned()).map_err(|_| RenderError::Template {
            file: self.describe(rel),
            message: "the file is not valid UTF-8; save it as UTF-8".to_string(),
        })
    }

    /// Whether the embedded set or the override folder has `rel`.
    pub fn exists(&self, rel: &str) -> bool {
        self.override_path(rel).is_some() || Embedded::get(rel).is_some()
    }

    /// The embedded files under `folder` (sorted), plus override-only files
    /// there when `with_overrides`.
    pub fn list(&self, folder: &str, with_overrides: bool) -> Vec<String> {
        let mut names: Vec<String> = Embedded::iter()
            .filter(|p| p.starts_with(folder))
            .map(|p| p.into_owned())
            .collect();
        if with_overrides {
            for rel in self.overrides.keys() {
                // Directly in `folder` (partials do not nest).
                if let Some(name) = rel.strip_prefix(folder)
                    && !name.contains('/')
                {
                    names.push(rel.clone());
                }
            }
        }
        names.sort();
        names.dedup();
        names
    }

    /// A handlebars registry with the page template and every partial
    /// registered, strict mode and HTML escaping on.
    pub fn handlebars(&self) -> Result<Handlebars<'static>, RenderError> {
        let mut hb = Handlebars::new();
        hb.set_strict_mode(true);
        hb.set_dev_mode(false);
        hb.set_prevent_indent(true);
        let template_error = |rel: &str, e: handlebars::TemplateError| RenderError::Template {
            file: self.describe(rel),
            message: format!("{e}; fix the template syntax or remove the override"),
        };
        for rel in self.list(PARTIALS, true) {
            let Some(name) = rel
                .strip_prefix(PARTIALS)
                .and_then(|n| n.strip_suffix(".hbs"))
            else {
                continue;
            };
            let source = self.text(&rel)?;
            hb.register_partial(name, source)
                .map_err(|e| template_error(&rel, e))?;
        }
        let source = self.text(INDEX)?;
        hb.register_template_string(INDEX, source)
            .map_err(|e| template_error(INDEX, e))?;
        Ok(hb)
    }

    /// Renders `name` with `data`; errors name the template file at fault.
    pub fn render(
        &self,
        hb: &Handlebars<'static>,
        name: &str,
        data: &serde_json::Value,
    ) -> Result<String, RenderError> {
        hb.render(name, data)
            .map_err(|e| self.render_error(name, e))
    }

    /// [`Templates::render`] with a context made once (rendering with a
    /// `serde_json::Value` copies it first).
    pub fn render_context(
        &self,
        hb: &Handlebars<'static>,
        name: &str,
        ctx: &handlebars::Context,
    ) -> Result<String, RenderError> {
        hb.render_with_context(name, ctx)
            .map_err(|e| self.render_error(name, e))
    }

    /// A rendering error, naming the template file at fault.
    fn render_error(&self, name: &str, e: handlebars::RenderError) -> RenderError {
        {
            let file = e
                .template_name
                .as_deref()
                .map(|t| {
                    if t == INDEX {
                        t.to_string()
                    } else {
                        format!("{PARTIALS}{t}.hbs")
                    }
                })
                .unwrap_or_else(|| name.to_string());
            let at = e
                .line_no
                .map(|l| format!(" (line {l})"))
                .unwrap_or_default();
            RenderError::Template {
                file: format!("{}{at}", self.describe(&file)),
                message: format!(
                    "{}; templates may only use the fields documented in templates/README.md",
                    e.reason()
                ),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_files_are_there() {
        let t = Templates::new(Path::new("/nonexistent"));
        for f in [
            INDEX,
            "player/player.js",
            "player/player.css",
            "runtime/none.js",
            "runtime/scorm12.js",
            "runtime/scorm2004.js",
            "runtime/lib/scorm.js",
            "runtime/tincan.js",
            "runtime/cmi5.js",
            "runtime/lib/xapi.js",
            "i18n/en.json",
            "i18n/nl.json",
        ] {
            assert!(t.exists(f), "{f} is not embedded");
        }
        assert!(!t.list(PARTIALS, false).is_empty());
    }

    #[test]
    fn override_replaces_the_embedded_file() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("templates/player")).unwrap();
        std::fs::write(dir.path().join("templates/player/player.css"), "body{}").unwrap();
        let t = Templates::new(dir.path());
        assert_eq!(t.text("player/player.css").unwrap(), "body{}");
        assert!(t.describe("player/player.css").contains("override"));
        assert!(t.text("player/player.js").unwrap().len() > 100);
    }
}
