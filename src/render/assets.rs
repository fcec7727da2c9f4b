//! The course's media files: which ones the package needs and where they go.
//!
//! Every image, video, poster and captions file a block names is copied
//! (streamed later, as `Content::File`) to `assets/…`, keeping its path
//! relative to the course folder (`assets/spotify.svg` stays
//! `assets/spotify.svg`; `img/a.png` becomes `assets/img/a.png`). Package
//! paths are ASCII, lower-case and without spaces: other characters become
//! `-`, and a build warning names each file renamed that way.

use super::RenderError;
use crate::course::gate::Gate;
use crate::course::model::{Block, Course};
use crate::diag::Diagnostic;
use crate::package::PackageFile;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// The media of one course: course path → package path.
#[derive(Debug, Default)]
pub struct Assets {
    map: BTreeMap<String, String>,
    pub files: Vec<PackageFile>,
}

impl Assets {
    /// The package path of a course file named in course.yaml.
    pub fn href(&self, src: &str) -> String {
        self.map
            .get(src)
            .cloned()
            .unwrap_or_else(|| package_path(src))
    }
}

/// Every asset path a course's blocks name, sorted and unique.
pub fn sources(course: &Course) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for lesson in course.lessons.iter() {
        for page in lesson.pages.iter() {
            for block in page.blocks.iter() {
                match &block.value {
                    Block::Image(image) => {
                        out.insert(image.src.value.clone());
                    }
                    Block::Video(video) => {
                        out.insert(video.src.value.clone());
                        for captions in video.captions.0.values() {
                            out.insert(captions.value.clone());
                        }
                        if let Some(poster) = &video.poster {
                            out.insert(poster.value.clone());
                        }
                    }
                    _ => {}
                }
            }
        }
    }
    out
}

/// The safe package path for a course-relative path.
pub fn package_path(src: &str) -> String {
    let segments: Vec<String> = src
        .split('/')
        .filter(|s| !s.is_empty() && *s != ".")
        .map(|s| {
            let mut seg = String::new();
            for c in s.chars() {
                let c = c.to_ascii_lowercase();
                if c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '_' | '-') {
                    seg.push(c);
                } else if !seg.ends_with('-') {
                    seg.push('-');
                }
            }
            if seg.is_empty() || seg.chars().all(|c| c == '.') {
                "-".to_string()
            } else {
                seg
            }
        })
        .collect();
    let joined = segments.join("/");
    if segments.first().map(String::as_str) == Some("assets") && segments.len() > 1 {
        joined
    } else {
        format!("assets/{joined}")
    }
}

/// Whether a package path is safe: relative, `[a-z0-9._-/]`, no empty or dot
/// segments.
pub fn is_safe_path(path: &str) -> bool {
    !path.is_empty()
        && path.bytes().all(|b| {
            b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'.' | b'_' | b'-' | b'/')
        })
        && path
            .split('/')
            .all(|s| !s.is_empty() && s != "." && s != "..")
}

/// Collects the course's media files.
pub fn collect(
    course: &Course,
    course_dir: &Path,
    warnings: &mut Vec<Diagnostic>,
) -> Result<Assets, RenderError> {
    let mut assets = Assets::default();
    let mut taken: BTreeSet<String> = BTreeSet::new();
    let gate = Gate::new(course_dir).map_err(|e| RenderError::Asset {
        src: course_dir.display().to_string(),
        message: format!("the course folder cannot be read: {e}"),
    })?;
    for src in sources(course) {
        // The gate: a regular file inside the course folder (the package
        // streams the resolved path, never the link).
        let full = gate
            .resolve(Path::new(&src))
            .map_err(|e| RenderError::Asset {
                src: src.clone(),
                message: format!(
                    "{} {e}; run `coursepack check` and fix the path",
                    course_dir.join(&src).display()
                ),
            })?;
        let mut path = package_path(&src);
        if taken.contains(&path) {
            let (stem, ext) = match path.rfind('.') {
                Some(i) if i > path.rfind('/').unwrap_or(0) + 1 => path.split_at(i),
                _ => (path.as_str(), ""),
            };
            let (stem, ext) = (stem.to_string(), ext.to_string());
            let mut n = 2;
            while taken.contains(&format!("{stem}-{n}{ext}")) {
                n += 1;
            }
            path = format!("{stem}-{n}{ext}");
        }
        let kept = path == src || path == format!("assets/{src}");
        if !kept {
            warnings.push(Diagnostic::new(
                super::rules::ASSET_RENAMED,
                &course_dir.join(crate::course::COURSE_FILE),
                None,
                format!(
                    "asset `{src}` is packaged as `{path}` (package paths are lower-case ASCII without spaces); rename the file to avoid this"
                ),
            ));
        }
        taken.insert(path.clone());
        assets.files.push(PackageFile::file(path.clone(), full));
        assets.map.insert(src, path);
    }
    Ok(assets)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn package_paths() {
        assert_eq!(package_path("assets/spotify.svg"), "assets/spotify.svg");
        assert_eq!(package_path("./assets/a.png"), "assets/a.png");
        assert_eq!(
            package_path("img/Foto 1 (groot).PNG"),
            "assets/img/foto-1-groot-.png"
        );
        assert_eq!(package_path("café.png"), "assets/caf-.png");
        assert_eq!(package_path("assets"), "assets/assets");
        for p in [
            "assets/spotify.svg",
            "assets/img/foto-1-groot-.png",
            "assets/caf-.png",
        ] {
            assert!(is_safe_path(p), "{p}");
        }
        assert!(!is_safe_path("assets/../x"));
        assert!(!is_safe_path("Assets/x"));
        assert!(!is_safe_path("/x"));
    }
}
