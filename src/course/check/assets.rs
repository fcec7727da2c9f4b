//! Checks on asset paths: extension, length, then the file itself.

use super::{Checker, MAX_HREF_LEN, package_path};
use crate::course::located::Located;
use crate::course::rules;
use std::path::{Component, Path};

impl Checker<'_> {
    pub(super) fn asset(&mut self, src: &Located<String>, exts: &[&str], what: &str) {
        let raw = src.value.as_str();
        let path = Path::new(raw);
        let bad_form = raw.is_empty()
            || raw.contains('\\')
            || raw.contains("://")
            || path.is_absolute()
            || raw.as_bytes().get(1) == Some(&b':')
            || path
                .components()
                .any(|c| !matches!(c, Component::Normal(_) | Component::CurDir));
        if bad_form {
            self.report(
                rules::ASSET_PATH,
                src.pos,
                format!("{what} path `{raw}` must be a relative path inside the course folder"),
                "use a path relative to course.yaml with `/` separators and no `..`, e.g. `assets/picture.png`; remote files are not allowed because a package must work offline",
            );
            return;
        }
        let ext = path
            .extension()
            .map(|e| e.to_string_lossy().to_ascii_lowercase())
            .unwrap_or_default();
        let known_type = exts.contains(&ext.as_str());
        if !known_type {
            self.report(
                rules::ASSET_TYPE,
                src.pos,
                format!("{what} `{raw}` is not one of the types {}", exts.join(", ")),
                format!("convert the file to one of: {}", exts.join(", ")),
            );
        }
        let ext = if known_type { ext } else { String::new() };
        if package_path(raw).len() > MAX_HREF_LEN {
            self.report(
                rules::LIMIT_ASSET_PATH,
                src.pos,
                format!(
                    "{what} path is {} characters long; SCORM 1.2 allows at most {MAX_HREF_LEN} in a package path",
                    raw.chars().count()
                ),
                "use a shorter path and file name",
            );
            return;
        }
        self.asset_file(src, &ext, what);
    }
}
