//! File-system helpers shared by the stages that write output.

use std::io::Write;
use std::path::Path;

/// Writes `bytes` to `path` atomically: to a temporary file beside it, then a
/// rename, so a reader never sees a half-written file and a failure leaves the
/// old file (if any) in place. Like the packages (`package::zip::write_package`)
/// it does not `fsync`: on a busy disk one fsync can wait for every other
/// program's dirty pages, and it guards only against a power cut.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut tmp = temp_file_beside(path, ".tmp")?;
    tmp.write_all(bytes)?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// A temporary file in the folder of `dest`, named `.coursepack-*<suffix>` and
/// created with the permissions of an ordinary new file (0644 less the umask),
/// so the output keeps them after the rename: tempfile's own default is 0600,
/// which would leave packages unreadable to a web server or a colleague.
pub fn temp_file_beside(dest: &Path, suffix: &str) -> std::io::Result<tempfile::NamedTempFile> {
    let dir = match dest.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let mut builder = tempfile::Builder::new();
    builder.prefix(".coursepack-").suffix(suffix);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o644));
    }
    builder.tempfile_in(dir)
}
