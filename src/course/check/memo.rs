//! What the checks found in each asset file, kept between the checks of a
//! course that is being edited (the preview), so an edit of `course.yaml`
//! does not open every asset again.
//!
//! An entry is only as good as what tells the memo that its file changed:
//! the preview's watcher calls [`AssetMemo::forget`] with the paths of every
//! event, and [`AssetMemo::clear`] when it cannot tell what changed. `check`
//! and `build` use no memo: they read every asset, every time.

use crate::course::content::Finding;
use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};

/// What opening one asset showed, apart from where the course names it.
#[derive(Debug, Clone)]
pub(super) enum Outcome {
    /// A regular file inside the folder; what its content is (if wrong).
    File(Option<Finding>),
    /// A link out of the folder.
    Outside,
    /// Not a regular file; the message says what it is.
    Special(String),
}

/// Asset path (relative to the course folder, as the course names it) and
/// the extension it was checked as → what the check found.
#[derive(Debug, Default)]
pub struct AssetMemo {
    found: HashMap<(PathBuf, String), Outcome>,
}

impl AssetMemo {
    /// Forgets what was found in `path` (absolute, inside the course folder
    /// `root`, or relative to it) and everything under it (a folder renamed
    /// or removed). A path outside the folder forgets everything: a link in
    /// the course may lead there.
    pub fn forget(&mut self, root: &Path, path: &Path) {
        let rel = if path.is_absolute() {
            match path.strip_prefix(root) {
                Ok(rel) => rel,
                Err(_) => return self.clear(),
            }
        } else {
            path
        };
        let rel = normal(rel);
        if rel.as_os_str().is_empty() {
            return self.clear();
        }
        self.found.retain(|(p, _), _| !p.starts_with(&rel));
    }

    /// Forgets everything (the watcher lost events, or cannot say which
    /// files changed).
    pub fn clear(&mut self) {
        self.found.clear();
    }

    pub(super) fn get(&self, rel: &Path, ext: &str) -> Option<&Outcome> {
        self.found.get(&(normal(rel), ext.to_string()))
    }

    pub(super) fn put(&mut self, rel: &Path, ext: &str, outcome: Outcome) {
        self.found.insert((normal(rel), ext.to_string()), outcome);
    }

    #[cfg(test)]
    fn len(&self) -> usize {
        self.found.len()
    }

    #[cfg(test)]
    fn is_empty(&self) -> bool {
        self.found.is_empty()
    }
}

/// `rel` without `.` components or doubled separators, so `./a//b.png` and
/// `a/b.png` are the same entry.
fn normal(rel: &Path) -> PathBuf {
    rel.components()
        .filter(|c| matches!(c, Component::Normal(_)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forgets_a_file_the_folder_it_is_in_and_everything_on_unclear_events() {
        let root = Path::new("/course");
        let mut m = AssetMemo::default();
        let fill = |m: &mut AssetMemo| {
            m.put(Path::new("./assets//a.png"), "png", Outcome::File(None));
            m.put(Path::new("assets/b.png"), "png", Outcome::File(None));
            m.put(Path::new("media/c.mp4"), "mp4", Outcome::File(None));
        };
        fill(&mut m);
        assert!(m.get(Path::new("assets/a.png"), "png").is_some());
        m.forget(root, Path::new("/course/assets/a.png"));
        assert!(m.get(Path::new("assets/a.png"), "png").is_none());
        assert_eq!(m.len(), 2);
        m.forget(root, Path::new("/course/assets"));
        assert_eq!(m.len(), 1, "a folder renamed forgets what is under it");
        // A name that only starts the same is another file.
        m.forget(root, Path::new("/course/med"));
        assert_eq!(m.len(), 1);
        fill(&mut m);
        m.forget(root, Path::new("/elsewhere/x.png"));
        assert!(m.is_empty(), "a path outside the folder forgets all");
        fill(&mut m);
        m.forget(root, Path::new("/course"));
        assert!(m.is_empty(), "the folder itself forgets all");
    }
}
