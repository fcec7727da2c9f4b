//! The one gate every file the build reads from a course folder goes
//! through: `course.yaml`, assets (images, videos, captions, posters) and
//! template and UI-string overrides.
//!
//! The rules (README, "Security"):
//! - the path, as written, is relative and has no `..` (callers that take
//!   paths from `course.yaml` check the form first and say so in the
//!   author's terms);
//! - symbolic links are followed, chains included, only when the file they
//!   finally name is inside the course folder (checked on the canonical
//!   path, so a relative link that climbs out, a link to `/proc/self/environ`
//!   or a folder that is itself a link out are all refused);
//! - the file must be a regular file: folders, FIFOs, sockets and devices
//!   are refused from their metadata, before anything is opened, and the
//!   open itself does not block and does not follow a last-moment link
//!   (`O_NONBLOCK | O_NOFOLLOW`), and is checked again on the open handle;
//! - reads are capped.
//!
//! `check` and `build` call the same functions, so a course `check` accepts
//! never fails here at build time. Nothing read through a refused path is
//! ever put into a diagnostic: a refusal names the path as the course wrote
//! it and what it is, never what it contains.

use std::fs::File;
use std::io::Read;
use std::path::{Component, Path, PathBuf};

/// Why a course file was refused.
#[derive(Debug, thiserror::Error)]
pub enum GateError {
    #[error("does not exist")]
    Missing,
    #[error("is a symbolic link that leads outside the course folder (or nowhere)")]
    Outside,
    #[error("is a path that is absolute or climbs out with `..`")]
    BadForm,
    #[error("is {0}, not a regular file")]
    NotRegular(&'static str),
    #[error("is larger than {0} bytes")]
    TooLarge(u64),
    #[error("cannot be read: {0}")]
    Io(#[source] std::io::Error),
}

/// The course folder, canonical, that every read is held to.
#[derive(Debug, Clone)]
pub struct Gate {
    root: PathBuf,
}

impl Gate {
    /// The gate of the course folder `dir` (which must exist).
    pub fn new(dir: &Path) -> std::io::Result<Gate> {
        Ok(Gate {
            root: dir.canonicalize()?,
        })
    }

    /// The canonical course folder.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Where `rel` (relative to the course folder) really is, when it is a
    /// regular file inside the folder. Opens nothing.
    pub fn resolve(&self, rel: &Path) -> Result<PathBuf, GateError> {
        if rel.as_os_str().is_empty()
            || rel
                .components()
                .any(|c| !matches!(c, Component::Normal(_) | Component::CurDir))
        {
            return Err(GateError::BadForm);
        }
        let joined = self.root.join(rel);
        // Not there at all (not even a dangling link).
        if std::fs::symlink_metadata(&joined).is_err() {
            return Err(GateError::Missing);
        }
        let real = match joined.canonicalize() {
            Ok(real) => real,
            // A dangling link or a loop: where it leads cannot be inside.
            Err(_) => return Err(GateError::Outside),
        };
        if !real.starts_with(&self.root) {
            return Err(GateError::Outside);
        }
        let meta = std::fs::symlink_metadata(&real).map_err(GateError::Io)?;
        regular(&meta)?;
        Ok(real)
    }

    /// Opens `rel` for reading after [`Gate::resolve`]; the handle is checked
    /// again, so a file swapped for a FIFO or a link in between is refused
    /// instead of blocking or being followed.
    pub fn open(&self, rel: &Path) -> Result<(PathBuf, File), GateError> {
        let real = self.resolve(rel)?;
        let file = open_regular(&real)?;
        Ok((real, file))
    }

    /// Reads `rel` whole, refusing more than `max` bytes (read at most
    /// `max + 1`).
    pub fn read(&self, rel: &Path, max: u64) -> Result<Vec<u8>, GateError> {
        let (_, file) = self.open(rel)?;
        let mut bytes = Vec::new();
        file.take(max + 1)
            .read_to_end(&mut bytes)
            .map_err(GateError::Io)?;
        if bytes.len() as u64 > max {
            return Err(GateError::TooLarge(max));
        }
        Ok(bytes)
    }

    /// Reads the first bytes of `rel` (for type sniffing).
    pub fn head(&self, rel: &Path, n: u64) -> Result<Vec<u8>, GateError> {
        let (_, file) = self.open(rel)?;
        let mut bytes = Vec::new();
        file.take(n)
            .read_to_end(&mut bytes)
            .map_err(GateError::Io)?;
        Ok(bytes)
    }
}

/// Opens an already resolved path: never blocks on a FIFO, never follows a
/// link in the last component, and refuses anything but a regular file.
pub fn open_regular(path: &Path) -> Result<File, GateError> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK | libc::O_NOFOLLOW);
    }
    let file = options.open(path).map_err(|e| {
        // O_NOFOLLOW on a link: ELOOP.
        if e.raw_os_error() == Some(libc::ELOOP) {
            GateError::Outside
        } else {
            GateError::Io(e)
        }
    })?;
    let meta = file.metadata().map_err(GateError::Io)?;
    regular(&meta)?;
    Ok(file)
}

fn regular(meta: &std::fs::Metadata) -> Result<(), GateError> {
    let t = meta.file_type();
    if t.is_file() {
        return Ok(());
    }
    Err(GateError::NotRegular(kind(&t)))
}

/// What a non-regular file is, in plain words.
fn kind(t: &std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return "a named pipe (FIFO)";
        }
        if t.is_socket() {
            return "a socket";
        }
        if t.is_block_device() || t.is_char_device() {
            return "a device";
        }
    }
    if t.is_dir() {
        "a folder"
    } else if t.is_symlink() {
        "a symbolic link"
    } else {
        "a special file"
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::symlink;

    fn setup() -> (tempfile::TempDir, tempfile::TempDir, Gate) {
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("secret"), "CANARY").unwrap();
        let course = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(course.path().join("a/b")).unwrap();
        std::fs::write(course.path().join("a/real.txt"), "ok").unwrap();
        let gate = Gate::new(course.path()).unwrap();
        (course, outside, gate)
    }

    #[test]
    fn regular_files_inside_pass_links_inside_too() {
        let (c, _o, g) = setup();
        assert_eq!(g.read(Path::new("a/real.txt"), 10).unwrap(), b"ok");
        symlink("../real.txt", c.path().join("a/b/link")).unwrap();
        symlink("b/link", c.path().join("a/chain")).unwrap();
        assert_eq!(g.read(Path::new("a/chain"), 10).unwrap(), b"ok");
    }

    #[test]
    fn links_out_are_refused() {
        let (c, o, g) = setup();
        symlink(o.path().join("secret"), c.path().join("abs")).unwrap();
        symlink(
            "../../../../../../../../../../etc/passwd",
            c.path().join("a/climb"),
        )
        .unwrap();
        symlink("/proc/self/environ", c.path().join("env")).unwrap();
        symlink("abs", c.path().join("chain")).unwrap();
        symlink(o.path(), c.path().join("dirlink")).unwrap();
        symlink("nowhere", c.path().join("dangling")).unwrap();
        symlink("loop", c.path().join("loop")).unwrap();
        for p in [
            "abs",
            "a/climb",
            "env",
            "chain",
            "dirlink/secret",
            "dangling",
            "loop",
        ] {
            assert!(
                matches!(g.read(Path::new(p), 100), Err(GateError::Outside)),
                "{p}"
            );
        }
        assert!(matches!(
            g.resolve(Path::new("../x")),
            Err(GateError::BadForm)
        ));
        assert!(matches!(
            g.resolve(Path::new("/etc/passwd")),
            Err(GateError::BadForm)
        ));
    }

    #[test]
    fn special_files_are_refused_without_blocking() {
        let (c, _o, g) = setup();
        let fifo = c.path().join("fifo");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        assert!(made.is_ok_and(|s| s.success()), "mkfifo");
        symlink("fifo", c.path().join("to-fifo")).unwrap();
        for p in ["fifo", "to-fifo"] {
            assert!(
                matches!(g.read(Path::new(p), 10), Err(GateError::NotRegular(k)) if k.contains("FIFO")),
                "{p}"
            );
        }
        assert!(matches!(
            g.read(Path::new("a/b"), 10),
            Err(GateError::NotRegular("a folder"))
        ));
        // Opening the FIFO directly (as if swapped in after resolve) does not block.
        assert!(matches!(open_regular(&fifo), Err(GateError::NotRegular(_))));
        assert!(matches!(
            g.read(Path::new("a/real.txt"), 1),
            Err(GateError::TooLarge(1))
        ));
        assert!(matches!(
            g.read(Path::new("nope"), 1),
            Err(GateError::Missing)
        ));
    }
}
