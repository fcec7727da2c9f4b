//! The deterministic, streaming zip writer.
//!
//! Same files in → byte-identical zip out: entries sorted by path, one fixed
//! timestamp (`SOURCE_DATE_EPOCH` when set, else 1980-01-01 00:00), fixed
//! permissions, no extra fields, one compression level. Text is deflated;
//! media that is already compressed is stored. Files on disk are streamed into
//! the archive, so memory does not grow with media size. The zip is written to
//! a temporary file beside the destination and renamed into place.

use super::{Content, PackageFile};
use sha2::{Digest, Sha256};
use std::fs::File;
use std::io::{self, BufWriter, Read, Write};
use std::path::{Path, PathBuf};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

/// Extensions of formats that are already compressed: stored, not deflated.
const STORED_EXTENSIONS: &[&str] = &[
    "png", "jpg", "jpeg", "gif", "webp", "mp4", "webm", "mp3", "m4a", "ogg", "woff", "woff2",
    "zip", "gz",
];

const DEFLATE_LEVEL: i64 = 6;

#[derive(Debug, thiserror::Error)]
pub enum PackageError {
    #[error("`{path}` cannot be a file name in a package: {reason}")]
    BadPath { path: String, reason: &'static str },
    #[error("`{path}` appears twice in the package")]
    Duplicate { path: String },
    #[error("cannot read {}: {source}", file.display())]
    ReadSource {
        file: PathBuf,
        #[source]
        source: io::Error,
    },
    #[error("cannot write {}: {source}", file.display())]
    Write {
        file: PathBuf,
        #[source]
        source: io::Error,
    },
    #[error("SOURCE_DATE_EPOCH=`{value}` is not a whole number of seconds since 1970")]
    SourceDateEpoch { value: String },
}

/// What was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ZipInfo {
    pub path: PathBuf,
    pub sha256: String,
    pub size: u64,
    pub entries: usize,
}

/// The timestamp every entry gets: `SOURCE_DATE_EPOCH` (clamped to the DOS
/// range 1980–2107) or 1980-01-01 00:00.
pub fn timestamp_from_env() -> Result<DateTime, PackageError> {
    match std::env::var("SOURCE_DATE_EPOCH") {
        Err(_) => Ok(DateTime::default()),
        Ok(value) => {
            let secs: i64 = value
                .trim()
                .parse()
                .map_err(|_| PackageError::SourceDateEpoch {
                    value: value.clone(),
                })?;
            Ok(dos_time(secs))
        }
    }
}

/// Converts Unix seconds to a DOS date-time (UTC), clamped to its range.
pub fn dos_time(secs: i64) -> DateTime {
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    if y < 1980 {
        return DateTime::default();
    }
    let (y, m, d, rem) = if y > 2107 {
        (2107, 12, 31, 86_399)
    } else {
        (y, m, d, rem)
    };
    let (hour, minute, second) = (rem / 3600, rem % 3600 / 60, rem % 60);
    DateTime::from_date_and_time(
        y as u16,
        m as u8,
        d as u8,
        hour as u8,
        minute as u8,
        second as u8,
    )
    .unwrap_or_default()
}

/// Days since 1970-01-01 → (year, month, day), proleptic Gregorian
/// (Howard Hinnant's algorithm).
fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

/// Checks that a package path is safe in every LMS: relative, `/`-separated,
/// no `..`, and none of the characters Moodle strips (`& < > " \ | ' :`).
pub fn check_path(path: &str) -> Result<(), PackageError> {
    let bad = |reason| {
        Err(PackageError::BadPath {
            path: path.to_string(),
            reason,
        })
    };
    if path.is_empty() || path.starts_with('/') || path.ends_with('/') {
        return bad("it must be a relative path to a file");
    }
    if path
        .split('/')
        .any(|seg| seg.is_empty() || seg == "." || seg == "..")
    {
        return bad("it has an empty, `.` or `..` segment");
    }
    if path
        .chars()
        .any(|c| c.is_control() || matches!(c, '&' | '<' | '>' | '"' | '\\' | '|' | '\'' | ':'))
    {
        return bad(
            "LMSs such as Moodle strip & < > \" \\ | ' : and control characters from file names",
        );
    }
    if path.ends_with(".cst") || path.starts_with("__MACOSX/") {
        return bad("LMSs treat .cst files and __MACOSX folders specially");
    }
    Ok(())
}

fn is_stored(path: &str) -> bool {
    let ext = path.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
    ext.is_some_and(|e| STORED_EXTENSIONS.contains(&e.as_str()))
}

/// Writes `files` as a zip at `dest` (atomically) and returns its hash.
pub fn write_zip(
    dest: &Path,
    files: &[PackageFile],
    mtime: DateTime,
) -> Result<ZipInfo, PackageError> {
    let mut sorted: Vec<&PackageFile> = files.iter().collect();
    sorted.sort_by(|a, b| a.path.cmp(&b.path));
    for pair in sorted.windows(2) {
        if pair[0].path == pair[1].path {
            return Err(PackageError::Duplicate {
                path: pair[0].path.clone(),
            });
        }
    }
    for f in &sorted {
        check_path(&f.path)?;
    }
    let write_err = |source| PackageError::Write {
        file: dest.to_path_buf(),
        source,
    };
    let tmp = crate::fsutil::temp_file_beside(dest, ".zip.tmp").map_err(write_err)?;
    let file = tmp.as_file().try_clone().map_err(write_err)?;
    let mut zip = ZipWriter::new(BufWriter::new(file));
    let base = SimpleFileOptions::default()
        .last_modified_time(mtime)
        .unix_permissions(0o644);
    for f in &sorted {
        let options = if is_stored(&f.path) {
            base.compression_method(CompressionMethod::Stored)
        } else {
            base.compression_method(CompressionMethod::Deflated)
                .compression_level(Some(DEFLATE_LEVEL))
        };
        let options = match &f.content {
            Content::Bytes(b) => options.large_file(b.len() as u64 >= u32::MAX as u64),
            Content::File(p) => {
                let len = std::fs::metadata(p)
                    .map_err(|source| PackageError::ReadSource {
                        file: p.clone(),
                        source,
                    })?
                    .len();
                options.large_file(len >= u32::MAX as u64)
            }
        };
        zip.start_file(f.path.as_str(), options)
            .map_err(|e| write_err(io::Error::other(e)))?;
        match &f.content {
            Content::Bytes(b) => zip.write_all(b).map_err(write_err)?,
            Content::File(p) => {
                let mut src = File::open(p).map_err(|source| PackageError::ReadSource {
                    file: p.clone(),
                    source,
                })?;
                io::copy(&mut src, &mut zip).map_err(|source| PackageError::ReadSource {
                    file: p.clone(),
                    source,
                })?;
            }
        }
    }
    let mut inner = zip.finish().map_err(|e| write_err(io::Error::other(e)))?;
    inner.flush().map_err(write_err)?;
    drop(inner);
    tmp.as_file().sync_all().map_err(write_err)?;
    let (sha256, size) = hash_file(tmp.path()).map_err(write_err)?;
    tmp.persist(dest).map_err(|e| write_err(e.error))?;
    Ok(ZipInfo {
        path: dest.to_path_buf(),
        sha256,
        size,
        entries: sorted.len(),
    })
}

/// SHA-256 (lower-case hex) and size of a file, streamed.
pub fn hash_file(path: &Path) -> io::Result<(String, u64)> {
    let mut file = File::open(path)?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 64 * 1024];
    let mut size = 0u64;
    loop {
        let n = file.read(&mut buf)?;
        if n == 0 {
            break;
        }
        size += n as u64;
        hasher.update(&buf[..n]);
    }
    Ok((hex(&hasher.finalize()), size))
}

/// Lower-case hex of bytes (sha2 0.11 digests no longer format with `{:x}`).
pub fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        out.push(DIGITS[usize::from(b >> 4)] as char);
        out.push(DIGITS[usize::from(b & 0xf)] as char);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample(dir: &Path) -> Vec<PackageFile> {
        let media = dir.join("photo.jpg");
        std::fs::write(&media, [0xFFu8, 0xD8, 0xFF, 0xE0, 1, 2, 3]).unwrap();
        vec![
            PackageFile::bytes("index.html", "<!doctype html><p>hi</p>".repeat(50)),
            PackageFile::file("assets/photo.jpg", media),
            PackageFile::bytes("player/player.js", "console.log(1);"),
        ]
    }

    #[test]
    fn same_files_in_any_order_give_identical_zips() {
        let dir = tempfile::tempdir().unwrap();
        let files = sample(dir.path());
        let mut reversed = files.clone();
        reversed.reverse();
        let a = write_zip(&dir.path().join("a.zip"), &files, DateTime::default()).unwrap();
        let b = write_zip(&dir.path().join("b.zip"), &reversed, DateTime::default()).unwrap();
        assert_eq!(a.sha256, b.sha256);
        assert_eq!(a.entries, 3);
    }

    #[test]
    fn entries_are_sorted_stored_or_deflated_and_timestamped() {
        let dir = tempfile::tempdir().unwrap();
        let dest = dir.path().join("p.zip");
        write_zip(&dest, &sample(dir.path()), dos_time(1_700_000_000)).unwrap();
        let mut archive = zip::ZipArchive::new(File::open(&dest).unwrap()).unwrap();
        let mut names = Vec::new();
        for i in 0..archive.len() {
            let entry = archive.by_index(i).unwrap();
            let name = entry.name().unwrap().to_string();
            names.push(name.clone());
            let expected = if name.ends_with(".jpg") {
                CompressionMethod::Stored
            } else {
                CompressionMethod::Deflated
            };
            assert_eq!(entry.compression(), expected, "{name}");
            assert_eq!(entry.unix_mode().map(|m| m & 0o777), Some(0o644));
            let t = entry.last_modified().unwrap();
            assert_eq!((t.year(), t.month(), t.day()), (2023, 11, 14));
            assert!(entry.extra_data().is_none_or(|e| e.is_empty()));
        }
        assert_eq!(
            names,
            ["assets/photo.jpg", "index.html", "player/player.js"]
        );
    }

    #[test]
    fn unsafe_paths_are_refused() {
        for bad in [
            "../x",
            "/abs",
            "a//b",
            "Q&A.html",
            "a:b",
            "x.cst",
            "__MACOSX/x",
            "a\\b",
        ] {
            assert!(check_path(bad).is_err(), "{bad}");
        }
        assert!(check_path("assets/img-1_a.png").is_ok());
    }

    #[test]
    fn duplicate_paths_are_refused_and_nothing_is_left_behind() {
        let dir = tempfile::tempdir().unwrap();
        let files = vec![PackageFile::bytes("a", "1"), PackageFile::bytes("a", "2")];
        let dest = dir.path().join("d.zip");
        assert!(matches!(
            write_zip(&dest, &files, DateTime::default()),
            Err(PackageError::Duplicate { .. })
        ));
        assert!(!dest.exists());
    }

    #[test]
    fn a_missing_source_leaves_no_partial_zip() {
        let dir = tempfile::tempdir().unwrap();
        let files = vec![PackageFile::file("a.png", dir.path().join("missing.png"))];
        let dest = dir.path().join("m.zip");
        assert!(write_zip(&dest, &files, DateTime::default()).is_err());
        let leftovers: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert!(leftovers.is_empty(), "{leftovers:?}");
    }

    #[test]
    fn dos_time_clamps_and_converts() {
        assert_eq!(dos_time(0), DateTime::default());
        let t = dos_time(951_782_400); // 2000-02-29 00:00:00
        assert_eq!((t.year(), t.month(), t.day()), (2000, 2, 29));
        assert_eq!(dos_time(i64::MAX / 2).year(), 2107);
    }
}
