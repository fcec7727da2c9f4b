//! The build: for each language, render the player once per tracking runtime,
//! add each target's manifest, and write each package as a deterministic zip;
//! then `SHA256SUMS` and `build-report.json`.

use crate::course::model::Course;
use crate::fsutil::write_atomic;
use crate::package::zip::{self, PackageError, ZipInfo};
use crate::package::{Content, PackageFile};
use crate::plan::{self, BuildPlan};
use crate::render::{self, RenderError, RenderRequest, Rendered};
use crate::target::{ManifestInput, TargetError};
use crate::validate;
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    #[error(transparent)]
    Render(#[from] RenderError),
    #[error(transparent)]
    Target(#[from] TargetError),
    #[error(transparent)]
    Package(#[from] PackageError),
    #[error(
        "the {target} package ({lang}) could need {worst} characters of resume state, but {target} stores at most {limit}"
    )]
    SuspendTooLarge {
        target: &'static str,
        lang: String,
        worst: usize,
        limit: usize,
    },
    #[error("the {target} package {} would not pass `coursepack validate --profile strict`:\n{findings}", file.display())]
    Invalid {
        target: &'static str,
        file: PathBuf,
        findings: String,
    },
    #[error("cannot create the output folder {}: {source}", dir.display())]
    OutDir {
        dir: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("cannot write {}: {source}", file.display())]
    Report {
        file: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

impl BuildError {
    /// Whether the course (not the environment) is at fault: exit 1, else 2.
    pub fn is_course_error(&self) -> bool {
        matches!(
            self,
            BuildError::SuspendTooLarge { .. } | BuildError::Render(_) | BuildError::Invalid { .. }
        )
    }

    pub fn hint(&self) -> &'static str {
        match self {
            BuildError::SuspendTooLarge { .. } => {
                "reduce what a learner's state can hold: fewer questions, fewer fill-in questions, or a smaller assessment bank"
            }
            BuildError::Render(_) => "fix the template named above, or remove the override",
            BuildError::Invalid { .. } => {
                "fix what the findings name (an asset's file name, a template override); if the course is fine, this is a coursepack bug: please report it"
            }
            BuildError::OutDir { .. } | BuildError::Report { .. } => {
                "check that the output folder is writable (--out)"
            }
            BuildError::Package(_) | BuildError::Target(_) => {
                "check that the course's asset files are readable and the output folder writable"
            }
        }
    }
}

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

#[derive(Debug, Clone, Serialize)]
pub struct BuildReport {
    pub coursepack: &'static str,
    pub course: String,
    pub version: String,
    pub packages: Vec<PackageReport>,
    pub warnings: Vec<String>,
}

/// Builds every package of the plan.
pub fn build(plan: &BuildPlan, course: &Course) -> Result<BuildReport, BuildError> {
    std::fs::create_dir_all(&plan.out_dir).map_err(|source| BuildError::OutDir {
        dir: plan.out_dir.clone(),
        source,
    })?;
    let mtime = zip::timestamp_from_env()?;
    let mut rendered: BTreeMap<(String, &'static str), Rendered> = BTreeMap::new();
    let mut warnings = Vec::new();
    let mut packages = Vec::new();
    for planned in &plan.packages {
        let target = planned.target;
        let key = (planned.lang.clone(), target.runtime());
        if !rendered.contains_key(&key) {
            let r = render::render(&RenderRequest {
                course,
                course_dir: &plan.course_dir,
                lang: &planned.lang,
                runtime: target.runtime(),
            })?;
            for w in &r.warnings {
                if !warnings.contains(w) {
                    warnings.push(w.clone());
                }
            }
            rendered.insert(key.clone(), r);
        }
        let Some(r) = rendered.get(&key) else {
            continue;
        };
        if let Some(limit) = target.suspend_limit()
            && r.suspend_worst_case > limit
        {
            return Err(BuildError::SuspendTooLarge {
                target: target.name(),
                lang: planned.lang.clone(),
                worst: r.suspend_worst_case,
                limit,
            });
        }
        let manifest = target.manifest(&ManifestInput {
            course,
            lang: &planned.lang,
            files: &r.files,
            launch: &r.launch,
        })?;
        check_package(
            target.name(),
            &planned.path,
            &manifest,
            &r.files,
            &mut warnings,
        )?;
        let mut files = r.files.clone();
        files.extend(manifest);
        let ZipInfo {
            path,
            sha256,
            size,
            entries,
        } = zip::write_zip(&planned.path, &files, mtime)?;
        packages.push(PackageReport {
            file: path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            target: target.id(),
            lang: planned.lang.clone(),
            size,
            sha256,
            entries,
            suspend_worst_case: r.suspend_worst_case,
            suspend_limit: target.suspend_limit(),
        });
    }
    let report = BuildReport {
        coursepack: env!("CARGO_PKG_VERSION"),
        course: course.id.value.clone(),
        version: course.version.value.clone(),
        packages,
        warnings,
    };
    write_reports(plan, &report)?;
    Ok(report)
}

/// Runs validate on a package before it is written, from the manifest bytes
/// and the file list already in memory (nothing is re-read): errors fail the
/// build, warnings join the build's warnings. The plain web export has no
/// manifest and is not an LMS package, so it is not checked.
fn check_package(
    target: &'static str,
    path: &std::path::Path,
    manifest: &[PackageFile],
    files: &[PackageFile],
    warnings: &mut Vec<String>,
) -> Result<(), BuildError> {
    let manifest_files: Vec<(&str, &[u8])> = manifest
        .iter()
        .filter_map(|f| match &f.content {
            Content::Bytes(b) => Some((f.path.as_str(), b.as_slice())),
            Content::File(_) => None,
        })
        .collect();
    if manifest_files.is_empty() {
        return Ok(());
    }
    let list: Vec<&str> = files
        .iter()
        .chain(manifest)
        .map(|f| f.path.as_str())
        .collect();
    let report = validate::check_built(path, &manifest_files, &list, validate::Profile::Strict);
    let (errors, rest): (Vec<_>, Vec<_>) = report
        .findings
        .iter()
        .partition(|d| d.severity == crate::diag::Severity::Error);
    for d in rest {
        warnings.push(format!(
            "{}: warning[{}] {}",
            d.location(),
            d.rule_id,
            d.message
        ));
    }
    if errors.is_empty() {
        return Ok(());
    }
    let findings = errors
        .iter()
        .map(|d| format!("  {}: error[{}] {}", d.location(), d.rule_id, d.message))
        .collect::<Vec<_>>()
        .join("\n");
    Err(BuildError::Invalid {
        target,
        file: path.to_path_buf(),
        findings,
    })
}

/// `SHA256SUMS` (the format `sha256sum -c` reads) and `build-report.json`.
fn write_reports(plan: &BuildPlan, report: &BuildReport) -> Result<(), BuildError> {
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
