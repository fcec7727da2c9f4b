//! Reading an untrusted package — a zip or an unpacked folder — safely.
//!
//! Nothing is ever extracted. Entry names are checked (zip-slip, symlinks,
//! duplicates, encoding), counts and sizes are capped before anything is
//! decompressed, and entries are read through a byte cap that also holds
//! against a lying header (the actual bytes count, not the declared size), so
//! memory stays bounded whatever the package holds.

use super::rules;
use crate::diag::Diagnostic;
use std::collections::HashSet;
use std::fs::File;
use std::io::{self, Read};
use std::path::{Component, Path, PathBuf};
use zip::ZipArchive;

/// Limits applied to an untrusted package.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub max_entries: usize,
    /// Uncompressed total, declared or actual.
    pub max_total: u64,
    /// Compression ratio above which an entry counts as a bomb.
    pub max_ratio: u64,
    /// Read and CRC-check every entry (`--deep`).
    pub deep: bool,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_entries: 100_000,
            max_total: 4 * 1024 * 1024 * 1024,
            max_ratio: 1_000,
            deep: false,
        }
    }
}

/// An entry of a package.
#[derive(Debug, Clone)]
pub struct Entry {
    /// The name, `/`-separated, as stored.
    pub name: String,
    /// Declared uncompressed size.
    pub size: u64,
    index: usize,
}

enum Source {
    Zip(Box<ZipArchive<SharedFile>>),
    Dir(PathBuf),
    /// Only the names (a package being built: its files are in memory).
    Listing,
}

/// An opened package and what opening it found.
pub struct Package {
    /// How the user named it (diagnostics name files as `<label>/<entry>`).
    pub label: PathBuf,
    source: Source,
    /// Entries whose names are safe to use, in archive order.
    pub entries: Vec<Entry>,
    names: HashSet<String>,
    pub findings: Vec<Diagnostic>,
    /// A bare manifest file, not a package: referenced files cannot be
    /// checked (and cmi5 forbids relative URLs there).
    pub bare: bool,
}

/// Why an entry could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("{name} is larger than {cap} bytes")]
    TooLarge { name: String, cap: u64 },
    #[error("cannot read {name}: {source}")]
    Io {
        name: String,
        #[source]
        source: io::Error,
    },
}

impl Package {
    /// Opens a zip file or a folder. `Err` only for I/O problems that stop
    /// validation (the path does not exist); problems with the package itself
    /// are findings.
    pub fn open(path: &Path, limits: Limits) -> io::Result<Package> {
        let meta = std::fs::metadata(path)?;
        if !meta.is_dir() && !meta.is_file() {
            return Err(not_regular());
        }
        let mut pkg = Package {
            label: path.to_path_buf(),
            source: Source::Dir(path.to_path_buf()),
            entries: Vec::new(),
            names: HashSet::new(),
            findings: Vec::new(),
            bare: false,
        };
        if meta.is_dir() {
            pkg.scan_dir(path, limits)?;
        } else {
            pkg.scan_zip(path, limits)?;
        }
        Ok(pkg)
    }

    /// A package known only by its file names (for checking a package
    /// before it is written, see [`super::check_built`]).
    pub fn listing<'a>(label: &Path, names: impl IntoIterator<Item = &'a str>) -> Package {
        let mut pkg = Package {
            label: label.to_path_buf(),
            source: Source::Listing,
            entries: Vec::new(),
            names: HashSet::new(),
            findings: Vec::new(),
            bare: false,
        };
        for name in names {
            if pkg.names.insert(name.to_string()) {
                let index = pkg.entries.len();
                pkg.entries.push(Entry {
                    name: name.to_string(),
                    size: 0,
                    index,
                });
            }
        }
        pkg.entries.sort_by(|a, b| a.name.cmp(&b.name));
        pkg
    }

    fn finding(&mut self, rule: crate::diag::Rule, what: &str, message: String, hint: &str) {
        let file = self.label.join(what);
        self.findings
            .push(Diagnostic::new(rule, &file, None, message).hint(hint));
    }

    fn scan_zip(&mut self, path: &Path, limits: Limits) -> io::Result<()> {
        let file = SharedFile::open(path)?;
        let Some(mut archive) = self.open_archive(&file, path, limits) else {
            return Ok(());
        };
        let mut layout = Layout {
            declared_total: 0,
            spans: Vec::new(),
            first_header: u64::MAX,
        };
        for index in 0..archive.len() {
            if !self.scan_entry(&mut archive, &file, index, limits, &mut layout) {
                return Ok(());
            }
        }
        if self.layout_is_unsafe(archive.offset(), &mut layout) {
            self.entries.clear();
            self.source = Source::Zip(Box::new(archive));
            return Ok(());
        }
        if layout.declared_total > limits.max_total {
            self.finding(
                rules::ZIP_TOO_LARGE,
                "",
                format!(
                    "the entries declare {} bytes uncompressed; the cap is {}",
                    layout.declared_total, limits.max_total
                ),
                "raise the cap with --max-size if the package really is this large",
            );
            self.entries.clear();
        }
        if limits.deep && !self.entries.is_empty() {
            self.deep_check(&archive);
        }
        self.source = Source::Zip(Box::new(archive));
        Ok(())
    }

    /// The archive's central directory, when it can be read and is within
    /// the entry limit (`None`: a finding says why not).
    fn open_archive(
        &mut self,
        file: &SharedFile,
        path: &Path,
        limits: Limits,
    ) -> Option<ZipArchive<SharedFile>> {
        let archive = match ZipArchive::new(file.clone()) {
            Ok(a) => a,
            Err(e) => {
                self.finding(
                    rules::ZIP_CORRUPT,
                    "",
                    format!("not a readable zip archive: {e}"),
                    "re-create the zip; a truncated upload or a renamed non-zip file looks like this",
                );
                return None;
            }
        };
        if archive.len() > limits.max_entries {
            self.finding(
                rules::ZIP_TOO_MANY,
                "",
                format!(
                    "the archive has {} entries; at most {} are read",
                    archive.len(),
                    limits.max_entries
                ),
                "a course package needs far fewer files; check how the zip was made",
            );
            return None;
        }
        if let Some(declared) = declared_entry_count(path)
            && declared > archive.len() as u64
        {
            self.finding(
                rules::ZIP_DUPLICATE,
                "",
                format!(
                    "the central directory lists {declared} entries but only {} distinct names",
                    archive.len()
                ),
                "some names appear more than once; LMSs keep one of them at random; re-create the zip",
            );
        }
        Some(archive)
    }

    /// One entry of the central directory: its place joins `layout`; a
    /// readable, safe, unique file joins the package's entries. Returns
    /// whether the scan goes on (an unreadable directory stops it).
    fn scan_entry(
        &mut self,
        archive: &mut ZipArchive<SharedFile>,
        file: &SharedFile,
        index: usize,
        limits: Limits,
        layout: &mut Layout,
    ) -> bool {
        let entry = match archive.by_index_raw(index) {
            Ok(e) => e,
            Err(e) => {
                self.finding(
                    rules::ZIP_CORRUPT,
                    "",
                    format!("entry {index} cannot be read: {e}"),
                    "re-create the zip",
                );
                return false;
            }
        };
        let raw = entry.name_raw().to_vec();
        let size = entry.size();
        let compressed = entry.compressed_size();
        let is_dir = entry.is_dir();
        let is_symlink = entry.is_symlink();
        let start = entry.header_start();
        let central = Central {
            at: entry.central_header_start(),
            local_at: start,
            size,
            compressed,
            crc: entry.crc32(),
        };
        layout.first_header = layout.first_header.min(start);
        layout.spans.push((
            start,
            start + 30 + raw.len() as u64 + compressed,
            String::from_utf8_lossy(&raw).into_owned(),
        ));
        drop(entry);
        let Some(name) = self.entry_name(&central, file, raw) else {
            return true;
        };
        if is_symlink {
            self.finding(
                rules::ZIP_SYMLINK,
                &name,
                format!("entry {name:?} is a symbolic link"),
                "replace the link by the file it points to",
            );
            return true;
        }
        layout.declared_total = layout.declared_total.saturating_add(size);
        if compressed > 0 && size / compressed > limits.max_ratio && size > 1024 * 1024 {
            self.finding(
                rules::ZIP_RATIO,
                &name,
                format!(
                    "entry {name:?} expands {}:1 ({size} bytes from {compressed})",
                    size / compressed
                ),
                "this looks like a zip bomb; the entry is not read",
            );
            return true;
        }
        if is_dir {
            return true;
        }
        if !self.names.insert(name.clone()) {
            self.finding(
                rules::ZIP_DUPLICATE,
                &name,
                format!("entry {name:?} appears more than once"),
                "LMSs keep one of them at random; re-create the zip",
            );
            return true;
        }
        self.entries.push(Entry { name, size, index });
        true
    }

    /// An entry's name, when its local header agrees with its central
    /// record and the name is UTF-8 and a safe relative path (`None`: a
    /// finding says why not).
    fn entry_name(&mut self, central: &Central, file: &SharedFile, raw: Vec<u8>) -> Option<String> {
        let shown = String::from_utf8_lossy(&raw).into_owned();
        match central.compare(file, &raw) {
            Ok(Consistency::Same) => {}
            Ok(Consistency::Encrypted) => {
                self.finding(
                    rules::ZIP_ENCRYPTED,
                    &shown,
                    format!("entry {shown:?} is encrypted"),
                    "an LMS cannot extract encrypted entries; re-create the zip without a password",
                );
                return None;
            }
            Ok(Consistency::Differs(what)) => {
                self.finding(
                    rules::ZIP_HEADER_MISMATCH,
                    &shown,
                    format!("entry {shown:?}: its local header {what}"),
                    "extractors that stream the zip read the local header and would see another file; re-create the zip",
                );
            }
            Err(e) => {
                self.finding(
                    rules::ZIP_CORRUPT,
                    &shown,
                    format!("the local header of entry {shown:?} cannot be read: {e}"),
                    "re-create the zip; a truncated upload looks like this",
                );
                return None;
            }
        }
        let Ok(name) = String::from_utf8(raw) else {
            self.finding(
                rules::ZIP_NAME_ENCODING,
                &shown,
                format!("entry name {shown:?} is not valid UTF-8"),
                "rename the file with plain ASCII letters, digits, `-`, `_` and `.`",
            );
            return None;
        };
        if let Some(reason) = unsafe_name(&name) {
            self.finding(
                rules::ZIP_SLIP,
                "",
                format!("entry {name:?} {reason}"),
                "a package may only contain relative paths inside itself; re-create the zip from the package folder",
            );
            return None;
        }
        Some(name)
    }

    /// Where the entries lie: bytes before the first one are a finding;
    /// entries that overlap are one too, and make the package unsafe to read
    /// further (returns `true` then).
    fn layout_is_unsafe(&mut self, offset: u64, layout: &mut Layout) -> bool {
        if offset > 0 || (layout.first_header != u64::MAX && layout.first_header > 0) {
            let at = if offset > 0 {
                offset
            } else {
                layout.first_header
            };
            self.finding(
                rules::ZIP_PREFIX,
                "",
                format!("the archive starts with {at} bytes that are not part of the zip (a zip appended to another file, such as an HTML page or a tar archive)"),
                "upload the zip itself; re-create it from the package folder",
            );
        }
        layout.spans.sort();
        for pair in layout.spans.windows(2) {
            let (a, b) = (&pair[0], &pair[1]);
            if b.0 < a.1 {
                let what = b.2.clone();
                self.finding(
                    rules::ZIP_OVERLAP,
                    &what,
                    format!("entries {:?} and {:?} overlap in the archive", a.2, b.2),
                    "this is how overlapping-entry zip bombs are built; the package is not read further",
                );
                return true;
            }
        }
        false
    }

    /// `--deep`: every entry read to its end (in parallel, each thread with
    /// its own view of the file), its CRC and actual size checked.
    fn deep_check(&mut self, archive: &ZipArchive<SharedFile>) {
        let bad = crate::parallel::map(&self.entries, crate::parallel::jobs(), |entry| {
            let mut archive = archive.clone();
            let mut file = match archive.by_index(entry.index) {
                Ok(f) => f,
                Err(e) => return Some((entry.name.clone(), e.to_string())),
            };
            let mut capped = (&mut file).take(entry.size.saturating_add(1));
            match io::copy(&mut capped, &mut io::sink()) {
                Ok(n) if n > entry.size => Some((
                    entry.name.clone(),
                    format!("it holds more than the {} bytes it declares", entry.size),
                )),
                Ok(n) if n < entry.size => Some((
                    entry.name.clone(),
                    format!("it holds {n} bytes, not the {} it declares", entry.size),
                )),
                Ok(_) => None,
                Err(e) if e.to_string().contains("checksum") => Some((
                    entry.name.clone(),
                    "its data does not match its CRC-32 checksum".to_string(),
                )),
                Err(e) => Some((entry.name.clone(), e.to_string())),
            }
        });
        for (name, why) in bad.into_iter().flatten() {
            self.finding(
                rules::ZIP_CRC,
                &name,
                format!("entry {name:?} is damaged: {why}"),
                "LMSs refuse or half-extract damaged entries; re-create the zip",
            );
        }
    }

    fn scan_dir(&mut self, root: &Path, limits: Limits) -> io::Result<()> {
        let mut stack = vec![root.to_path_buf()];
        while let Some(dir) = stack.pop() {
            let mut children: Vec<_> = std::fs::read_dir(&dir)?.filter_map(Result::ok).collect();
            children.sort_by_key(|e| e.file_name());
            for child in children {
                let path = child.path();
                let rel = path.strip_prefix(root).unwrap_or(&path);
                let Some(name) = rel.to_str().map(|s| s.replace('\\', "/")) else {
                    let shown = rel.to_string_lossy().into_owned();
                    self.finding(
                        rules::ZIP_NAME_ENCODING,
                        &shown,
                        format!("file name {shown:?} is not valid UTF-8"),
                        "rename the file with plain ASCII letters, digits, `-`, `_` and `.`",
                    );
                    continue;
                };
                let ft = child.file_type()?;
                if ft.is_symlink() {
                    self.finding(
                        rules::ZIP_SYMLINK,
                        &name,
                        format!("{name:?} is a symbolic link"),
                        "replace the link by the file it points to",
                    );
                } else if ft.is_dir() {
                    stack.push(path);
                } else if ft.is_file() {
                    if self.entries.len() >= limits.max_entries {
                        self.finding(
                            rules::ZIP_TOO_MANY,
                            "",
                            format!("the folder has more than {} files", limits.max_entries),
                            "point at the package folder itself",
                        );
                        return Ok(());
                    }
                    let size = child.metadata()?.len();
                    let index = self.entries.len();
                    self.names.insert(name.clone());
                    self.entries.push(Entry { name, size, index });
                } else {
                    // Known from the directory entry alone: never opened, so a
                    // FIFO cannot block the reader.
                    self.finding(
                        rules::FILE_SPECIAL,
                        &name,
                        format!("{name:?} is a FIFO, device or socket, not a file"),
                        "remove it from the package folder: no zip or LMS can hold it",
                    );
                }
            }
        }
        self.entries.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(())
    }

    /// Whether the package has this file (exact, case-sensitive).
    pub fn contains(&self, name: &str) -> bool {
        self.names.contains(name)
    }

    /// Reads a whole entry, refusing more than `cap` actual bytes.
    pub fn read(&mut self, name: &str, cap: u64) -> Result<Vec<u8>, ReadError> {
        let io_err = |source| ReadError::Io {
            name: name.to_string(),
            source,
        };
        let Some(entry) = self.entries.iter().find(|e| e.name == name).cloned() else {
            return Err(io_err(io::Error::new(
                io::ErrorKind::NotFound,
                "no such entry",
            )));
        };
        if entry.size > cap {
            return Err(ReadError::TooLarge {
                name: name.to_string(),
                cap,
            });
        }
        let mut out = Vec::new();
        let n = match &mut self.source {
            Source::Zip(archive) => {
                let file = archive
                    .by_index(entry.index)
                    .map_err(|e| io_err(io::Error::other(e)))?;
                file.take(cap + 1).read_to_end(&mut out).map_err(io_err)?
            }
            Source::Dir(root) => {
                let file = File::open(root.join(&entry.name)).map_err(io_err)?;
                file.take(cap + 1).read_to_end(&mut out).map_err(io_err)?
            }
            Source::Listing => {
                return Err(io_err(io::Error::new(
                    io::ErrorKind::Unsupported,
                    "only the names of this package are known",
                )));
            }
        };
        if n as u64 > cap {
            return Err(ReadError::TooLarge {
                name: name.to_string(),
                cap,
            });
        }
        Ok(out)
    }
}

/// The error for a path that is neither a regular file nor a folder.
pub fn not_regular() -> io::Error {
    io::Error::new(
        io::ErrorKind::InvalidInput,
        "it is not a regular file or a folder (a FIFO, device or socket is never opened)",
    )
}

/// The package file, shared by the threads of `--deep`: each clone keeps
/// its own position and reads with positioned reads, so no clone moves
/// another's cursor.
#[derive(Clone)]
struct SharedFile {
    file: std::sync::Arc<File>,
    pos: u64,
    len: u64,
}

impl SharedFile {
    fn open(path: &Path) -> io::Result<SharedFile> {
        let file = File::open(path)?;
        let len = file.metadata()?.len();
        Ok(SharedFile {
            file: std::sync::Arc::new(file),
            pos: 0,
            len,
        })
    }

    /// Fills `buf` from `at`; fewer bytes only at the end of the file.
    fn read_at(&self, at: u64, buf: &mut [u8]) -> io::Result<usize> {
        use std::os::unix::fs::FileExt;
        let mut done = 0;
        while done < buf.len() {
            match self.file.read_at(&mut buf[done..], at + done as u64) {
                Ok(0) => break,
                Ok(n) => done += n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
        Ok(done)
    }
}

impl Read for SharedFile {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        use std::os::unix::fs::FileExt;
        let n = self.file.read_at(buf, self.pos)?;
        self.pos += n as u64;
        Ok(n)
    }
}

impl io::Seek for SharedFile {
    fn seek(&mut self, to: io::SeekFrom) -> io::Result<u64> {
        let next = match to {
            io::SeekFrom::Start(n) => Some(n),
            io::SeekFrom::End(d) => self.len.checked_add_signed(d),
            io::SeekFrom::Current(d) => self.pos.checked_add_signed(d),
        };
        let Some(next) = next else {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                "seek before the start of the file",
            ));
        };
        self.pos = next;
        Ok(next)
    }
}

/// What the central directory says about an entry.
/// Where the entries of a zip lie, gathered while its directory is read.
struct Layout {
    /// The sum of the entries' declared uncompressed sizes.
    declared_total: u64,
    /// Each entry's span in the file: (start, end, name).
    spans: Vec<(u64, u64, String)>,
    /// The lowest local-header offset (`u64::MAX`: no entry).
    first_header: u64,
}

struct Central {
    /// Offset of its central record.
    at: u64,
    /// Offset of its local header.
    local_at: u64,
    size: u64,
    compressed: u64,
    crc: u32,
}

enum Consistency {
    Same,
    Encrypted,
    /// What differs, phrased to follow "its local header ...".
    Differs(String),
}

const FLAG_ENCRYPTED: u16 = 1;
const FLAG_DESCRIPTOR: u16 = 1 << 3;
const FLAG_STRONG: u16 = 1 << 6;
const FLAG_UTF8: u16 = 1 << 11;

fn le16(b: &[u8], at: usize) -> u16 {
    u16::from_le_bytes([b[at], b[at + 1]])
}

fn le32(b: &[u8], at: usize) -> u32 {
    u32::from_le_bytes([b[at], b[at + 1], b[at + 2], b[at + 3]])
}

impl Central {
    /// Compares the local header with this record: name, the flags that
    /// change how the entry is read, method, CRC and sizes (when the local
    /// header carries them: not with a data descriptor, not in zip64).
    fn compare(&self, file: &SharedFile, central_name: &[u8]) -> io::Result<Consistency> {
        let truncated =
            || io::Error::new(io::ErrorKind::UnexpectedEof, "the archive ends inside it");
        let mut c = [0u8; 46];
        if file.read_at(self.at, &mut c)? < 46 {
            return Err(truncated());
        }
        let c_flags = le16(&c, 8);
        let c_method = le16(&c, 10);
        if c_flags & (FLAG_ENCRYPTED | FLAG_STRONG) != 0 {
            return Ok(Consistency::Encrypted);
        }
        let mut l = [0u8; 30];
        if file.read_at(self.local_at, &mut l)? < 30 {
            return Err(truncated());
        }
        if le32(&l, 0) != 0x0403_4b50 {
            return Ok(Consistency::Differs(
                "is missing (no local header where the central directory points)".into(),
            ));
        }
        let l_flags = le16(&l, 6);
        let l_method = le16(&l, 8);
        let name_len = usize::from(le16(&l, 26));
        let mut l_name = vec![0u8; name_len];
        if file.read_at(self.local_at + 30, &mut l_name)? < name_len {
            return Err(truncated());
        }
        if l_name != central_name {
            return Ok(Consistency::Differs(format!(
                "names it {:?} (streaming extractors use that name)",
                String::from_utf8_lossy(&l_name)
            )));
        }
        let mask = FLAG_ENCRYPTED | FLAG_DESCRIPTOR | FLAG_STRONG | FLAG_UTF8;
        if l_flags & (FLAG_ENCRYPTED | FLAG_STRONG) != 0 {
            return Ok(Consistency::Encrypted);
        }
        if l_flags & mask != c_flags & mask {
            return Ok(Consistency::Differs(format!(
                "has flags {:#06x}, the central directory {:#06x} (the entry is read differently)",
                l_flags & mask,
                c_flags & mask
            )));
        }
        if l_method != c_method {
            return Ok(Consistency::Differs(format!(
                "uses compression method {l_method}, the central directory {c_method}"
            )));
        }
        if l_flags & FLAG_DESCRIPTOR == 0 {
            let (l_crc, l_comp, l_size) = (le32(&l, 14), le32(&l, 18), le32(&l, 22));
            let zip64 = l_comp == u32::MAX || l_size == u32::MAX;
            if l_crc != self.crc {
                return Ok(Consistency::Differs(format!(
                    "has CRC {l_crc:08x}, the central directory {:08x}",
                    self.crc
                )));
            }
            if !zip64 && (u64::from(l_comp) != self.compressed || u64::from(l_size) != self.size) {
                return Ok(Consistency::Differs(format!(
                    "declares {l_comp} bytes compressed and {l_size} uncompressed, the central directory {} and {}",
                    self.compressed, self.size
                )));
            }
        }
        Ok(Consistency::Same)
    }
}

/// The entry count the end-of-central-directory record declares (the zip
/// reader keys entries by name, so duplicates collapse there). `None` when
/// the record is not found or the count is in a zip64 record.
fn declared_entry_count(path: &Path) -> Option<u64> {
    use std::io::{Seek, SeekFrom};
    let mut file = File::open(path).ok()?;
    let len = file.metadata().ok()?.len();
    let tail = len.min(65_557);
    file.seek(SeekFrom::Start(len - tail)).ok()?;
    let mut buf = Vec::with_capacity(tail as usize);
    file.take(tail).read_to_end(&mut buf).ok()?;
    let at = buf
        .windows(4)
        .rposition(|w| w == [0x50, 0x4b, 0x05, 0x06])?;
    let count = u16::from_le_bytes([*buf.get(at + 10)?, *buf.get(at + 11)?]);
    (count != 0xFFFF).then_some(u64::from(count))
}

/// Why an entry name is unsafe to use, if it is.
fn unsafe_name(name: &str) -> Option<&'static str> {
    if name.starts_with('/') || name.starts_with('\\') {
        return Some("is an absolute path");
    }
    if name.len() >= 2 && name.as_bytes()[1] == b':' {
        return Some("starts with a drive letter");
    }
    if name.contains('\\') {
        return Some("uses `\\` separators");
    }
    if name.contains('\0') {
        return Some("contains a NUL character");
    }
    if Path::new(name).components().any(|c| {
        matches!(
            c,
            Component::ParentDir | Component::RootDir | Component::Prefix(_)
        )
    }) {
        return Some("climbs out of the package with `..`");
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unsafe_names() {
        for bad in [
            "/etc/passwd",
            "..\\x",
            "a/../../b",
            "C:\\win.txt",
            "c:x",
            "../x",
        ] {
            assert!(unsafe_name(bad).is_some(), "{bad}");
        }
        for ok in ["index.html", "assets/a b.png", "a..b/c"] {
            assert!(unsafe_name(ok).is_none(), "{ok}");
        }
    }
}
