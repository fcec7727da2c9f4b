//! Packages: the files of one package, and (in `zip`) the deterministic
//! writer that turns them into a zip.

use std::path::PathBuf;

/// Where the bytes of a package file come from. Media stays on disk and is
/// streamed into the zip, so memory does not grow with media size.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Content {
    Bytes(Vec<u8>),
    File(PathBuf),
}

/// One file of a package: its path inside the package (`/`-separated,
/// relative, no `..`) and its content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PackageFile {
    pub path: String,
    pub content: Content,
}

impl PackageFile {
    pub fn bytes(path: impl Into<String>, bytes: impl Into<Vec<u8>>) -> Self {
        PackageFile {
            path: path.into(),
            content: Content::Bytes(bytes.into()),
        }
    }

    pub fn file(path: impl Into<String>, source: impl Into<PathBuf>) -> Self {
        PackageFile {
            path: path.into(),
            content: Content::File(source.into()),
        }
    }
}
pub mod zip;
