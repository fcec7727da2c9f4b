//! What a build reports: `build-report.json` and `SHA256SUMS`, and the
//! warnings as diagnostics with rule ids.

use super::BuildError;
use crate::diag::{Diagnostic, Severity};
use crate::fsutil::write_atomic;
use crate::plan::{self, BuildPlan};
use crate::render::{RenderError, Rendered, Renderer};
use serde::Serialize;
use std::path::PathBuf;

/// One built package, as listed in `build-report.json`.
#[derive(Debug, Clone, Serialize)]
pub struct PackageReport {
    pub file: String,
    pub target: &'static str,
    pub lang: String,
    pub size: u64,
    pub sha256: String,
    pub entries: usize,
    /// Worst-case length of the resume state this package can produce.
    pub suspend_worst_case: usize,
    /// What the standard stores at most (none: no limit).
    pub suspend_limit: Option<usize>,
}

/// A template override the build used: code from the course repository
/// that ships in every package (see SECURITY.md).
#[derive(Debug, Clone, Serialize)]
pub struct OverrideReport {
    /// Its path in the course folder (`templates/player/player.css`).
    pub path: String,
    /// SHA-256 of the bytes the build read.
    pub sha256: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct BuildReport {
    pub coursepack: &'static str,
    pub course: String,
    pub version: String,
    pub packages: Vec<PackageReport>,
    /// Every template override of the course, sorted by path.
    pub overrides: Vec<OverrideReport>,
    /// Every warning: first those `check` found in the course, then the
    /// build's own (see [`rules`]) and what validating each package found.
    pub warnings: Vec<Diagnostic>,
}

/// The rules of the warnings the build itself gives (the course's are
/// `check`'s, the packages' `validate`'s): the renderer's.
pub use crate::render::rules;

/// The build's warnings: first those `check` found in the course, then the
/// renderer's (once each, whatever number of languages gave them).
pub(super) fn warnings(checked: &[Diagnostic], rendered: &[Rendered]) -> Vec<Diagnostic> {
    let mut warnings: Vec<Diagnostic> = checked
        .iter()
        .filter(|d| d.severity == Severity::Warning)
        .cloned()
        .collect();
    let mut seen = std::collections::BTreeSet::new();
    for w in rendered.iter().flat_map(|r| &r.warnings) {
        if seen.insert((w.rule_id, &w.message)) {
            warnings.push(w.clone());
        }
    }
    warnings
}

/// The course's template overrides with their SHA-256, read through the
/// gate the renderer read them through.
pub(super) fn override_reports(renderer: &Renderer) -> Result<Vec<OverrideReport>, BuildError> {
    use sha2::Digest;
    use std::io::Read;
    renderer
        .overrides()
        .iter()
        .map(|(rel, file)| {
            let path = format!("{}/{rel}", crate::course::overrides::FOLDER);
            let err = |source: std::io::Error| {
                BuildError::Render(RenderError::Override {
                    path: PathBuf::from(&path),
                    source,
                })
            };
            let mut hasher = sha2::Sha256::new();
            let mut f = crate::course::gate::open_regular(file)
                .map_err(|e| err(std::io::Error::other(e.to_string())))?;
            let mut buf = [0u8; 64 * 1024];
            loop {
                let n = f.read(&mut buf).map_err(err)?;
                if n == 0 {
                    break;
                }
                hasher.update(&buf[..n]);
            }
            let sha256 = hex::encode(hasher.finalize());
            Ok(OverrideReport { path, sha256 })
        })
        .collect()
}

/// `SHA256SUMS` (the format `sha256sum -c` reads) and `build-report.json`.
pub(super) fn write_reports(plan: &BuildPlan, report: &BuildReport) -> Result<(), BuildError> {
    let mut sums: Vec<(&str, &str)> = report
        .packages
        .iter()
        .map(|p| (p.file.as_str(), p.sha256.as_str()))
        .collect();
    sums.sort();
    let text: String = sums
        .iter()
        .map(|(file, hash)| format!("{hash}  {file}\n"))
        .collect();
    let sums_path = plan::sums_path(&plan.out_dir);
    write_atomic(&sums_path, text.as_bytes()).map_err(|source| BuildError::Report {
        file: sums_path.clone(),
        source,
    })?;
    let report_path = plan::report_path(&plan.out_dir);
    let mut json = serde_json::to_vec_pretty(report).map_err(|e| BuildError::Report {
        file: report_path.clone(),
        source: std::io::Error::other(e),
    })?;
    json.push(b'\n');
    write_atomic(&report_path, &json).map_err(|source| BuildError::Report {
        file: report_path.clone(),
        source,
    })
}
