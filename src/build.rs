//! The build: render each language once, add each target's runtime script
//! and manifest, and write each package as a deterministic zip; then
//! `SHA256SUMS` and `build-report.json`.

use crate::course::model::Course;
use crate::diag::{Diagnostic, Rule, Severity};
use crate::fsutil::write_atomic;
use crate::package::zip::{self, PackageError, ZipInfo};
use crate::package::{Content, PackageFile};
use crate::plan::{self, BuildPlan, PlannedPackage};
use crate::render::{RenderError, Rendered, Renderer};
use crate::target::{ManifestInput, TargetError};
use crate::validate::{self, xsd};
use crate::{parallel, timing};
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::OnceLock;
use std::time::Instant;

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
            BuildError::Render(RenderError::Asset { .. }) => {
                "run `coursepack check` on the course and fix the asset named above"
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
/// `check`'s, the packages' `validate`'s).
pub mod rules {
    crate::diag::rules! {
        UI_STRINGS_MISSING = "ui-strings-missing", Warning, "a course language has no player strings (templates/i18n/<lang>.json): its buttons and messages are in English";
        ASSET_RENAMED = "asset-renamed", Warning, "an asset is packaged under another name (package paths are lower-case ASCII without spaces)";
        ID_RESERVED = "id-reserved", Warning, "the course uses an id the player needs for its own page (credits, results); that page gets another id";
        BUILD_WARNING = "build-warning", Warning, "anything else the build warns about";
    }
}

/// The rule of a warning the renderer gave as text.
fn render_rule(text: &str) -> Rule {
    if text.starts_with("the player has no UI strings") {
        rules::UI_STRINGS_MISSING
    } else if text.starts_with("asset `") {
        rules::ASSET_RENAMED
    } else if text.starts_with("the course uses the id") {
        rules::ID_RESERVED
    } else {
        rules::BUILD_WARNING
    }
}

/// One package ready to be written: what the plan asked for, the rendered
/// language it shares with the language's other targets, and its files (the
/// language's, the target's `player/runtime.js` and manifest).
struct Prepared<'a> {
    planned: &'a PlannedPackage,
    rendered: &'a Rendered,
    files: Vec<&'a PackageFile>,
}

/// Builds every package of the plan.
///
/// Work is shared between packages and spread over the cores
/// (`COURSEPACK_JOBS`, default: all): each language is rendered once (only
/// `player/runtime.js` and the manifest differ between targets), every
/// deflated file is compressed once and copied compressed into each package
/// that has it ([`zip::Shared`]), media is stored and streamed from disk once
/// per package, and packages are written in parallel. Each package is the
/// same, byte for byte, as when it is built on its own (tests/build.rs).
///
/// `checked` are the warnings `check` found in the course; the report
/// carries them first, then the build's own.
pub fn build(
    plan: &BuildPlan,
    course: &Course,
    checked: &[Diagnostic],
) -> Result<BuildReport, BuildError> {
    std::fs::create_dir_all(&plan.out_dir).map_err(|source| BuildError::OutDir {
        dir: plan.out_dir.clone(),
        source,
    })?;
    let mtime = zip::timestamp_from_env()?;
    let jobs = parallel::jobs();
    // The schemas the manifests are checked against compile on a thread of
    // their own while the templates are registered and the languages render.
    let sets: Vec<xsd::Set> = plan.targets.iter().filter_map(|t| t.schema()).collect();
    let (compiled, rendered) = std::thread::scope(|s| {
        let compiling = s.spawn(|| xsd::compile_own(&sets));
        let rendered = prepare_and_render(plan, course, jobs);
        (compiling.join(), rendered)
    });
    let schemas = match compiled {
        Ok(c) => std::rc::Rc::new(xsd::OwnSchemas::with(c)),
        Err(panic) => std::panic::resume_unwind(panic),
    };
    let (renderer, rendered) = rendered?;

    let mut warnings: Vec<Diagnostic> = checked
        .iter()
        .filter(|d| d.severity == Severity::Warning)
        .cloned()
        .collect();
    let course_file = plan.course_dir.join(crate::course::COURSE_FILE);
    let mut seen = std::collections::BTreeSet::new();
    for w in rendered.iter().flat_map(|r| &r.warnings) {
        if seen.insert(w) {
            warnings.push(Diagnostic::new(render_rule(w), &course_file, None, w));
        }
    }
    let mut runtimes: BTreeMap<&'static str, PackageFile> = BTreeMap::new();
    for t in &plan.targets {
        if !runtimes.contains_key(t.runtime()) {
            runtimes.insert(t.runtime(), renderer.runtime(t.runtime())?);
        }
    }

    // Each package's manifest, then its file list (references, no copies).
    let start = Instant::now();
    let mut manifests: Vec<Vec<PackageFile>> = Vec::with_capacity(plan.packages.len());
    for planned in &plan.packages {
        let target = planned.target;
        let r = language_of(plan, &rendered, &planned.lang);
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
        // The manifest sees the package's files (a transient copy: media
        // is a path, only the generated text is copied).
        let mut files: Vec<PackageFile> = r.files.clone();
        files.extend(runtimes.get(target.runtime()).cloned());
        files.sort_by(|a, b| a.path.cmp(&b.path));
        let manifest = target.manifest(&ManifestInput {
            course,
            lang: &planned.lang,
            files: &files,
            launch: &r.launch,
        })?;
        check_package(
            target.name(),
            &planned.path,
            &manifest,
            &files,
            &schemas,
            &mut warnings,
        )?;
        manifests.push(manifest);
    }
    let prepared: Vec<Prepared> = plan
        .packages
        .iter()
        .zip(&manifests)
        .map(|(planned, manifest)| {
            let rendered = language_of(plan, &rendered, &planned.lang);
            let mut files: Vec<&PackageFile> = rendered.files.iter().collect();
            files.extend(runtimes.get(planned.target.runtime()));
            files.extend(manifest);
            Prepared {
                planned,
                rendered,
                files,
            }
        })
        .collect();
    timing::stage("manifests", start);

    // Text is compressed on one thread while the packages already stream
    // their media (which comes first in each zip) on the others.
    let lists: Vec<Vec<&PackageFile>> = prepared.iter().map(|p| p.files.clone()).collect();
    let shared: zip::SharedCell = OnceLock::new();
    let start = Instant::now();
    let written = std::thread::scope(|s| {
        s.spawn(|| {
            let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                timing::time("compress text (each file once)", || {
                    zip::Shared::compress(&lists, mtime, jobs)
                })
            }));
            match result {
                Ok(r) => {
                    let _ = shared.set(r);
                }
                Err(panic) => {
                    // Never leave a package waiting for entries that will not come.
                    let _ = shared.set(Err(PackageError::SharedFailed));
                    std::panic::resume_unwind(panic);
                }
            }
        });
        parallel::map(&prepared, jobs, |p| finish_package(p, &shared, mtime))
    });
    timing::stage("write packages", start);
    if let Some(Err(_)) = shared.get()
        && let Some(Err(e)) = shared.into_inner()
    {
        return Err(e.into());
    }
    let packages = written.into_iter().collect::<Result<Vec<_>, _>>()?;

    let overrides = override_reports(&renderer)?;
    let report = BuildReport {
        coursepack: env!("CARGO_PKG_VERSION"),
        course: course.id.value.clone(),
        version: course.version.value.clone(),
        packages,
        overrides,
        warnings,
    };
    timing::time("reports", || write_reports(plan, &report))?;
    Ok(report)
}

/// The course's template overrides with their SHA-256, read through the
/// gate the renderer read them through.
fn override_reports(renderer: &Renderer) -> Result<Vec<OverrideReport>, BuildError> {
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

/// Registers the templates and renders each language once (in parallel).
fn prepare_and_render(
    plan: &BuildPlan,
    course: &Course,
    jobs: usize,
) -> Result<(Renderer, Vec<Rendered>), BuildError> {
    let renderer = Renderer::new(&plan.course_dir);
    timing::time("template registration", || renderer.prepare())?;
    let rendered: Vec<Rendered> = timing::time("render (every language)", || {
        parallel::map(&plan.langs, jobs, |lang| {
            timing::time(&format!("render {lang}"), || {
                renderer.language(course, lang)
            })
        })
    })
    .into_iter()
    .collect::<Result<_, _>>()?;
    Ok((renderer, rendered))
}

/// The rendered files of `lang` (the plan's languages and `rendered` are in
/// the same order).
fn language_of<'r>(plan: &BuildPlan, rendered: &'r [Rendered], lang: &str) -> &'r Rendered {
    let i = plan.langs.iter().position(|l| l == lang).unwrap_or(0);
    &rendered[i]
}

/// Writes one package and reports it. Every package of a build is finished
/// here and only here, so whatever has to happen to each built package
/// (checking it, for instance: its manifest and file list are in `p.files`)
/// belongs in this function.
fn finish_package(
    p: &Prepared,
    shared: &zip::SharedCell,
    mtime: ::zip::DateTime,
) -> Result<PackageReport, BuildError> {
    let start = Instant::now();
    let planned = p.planned;
    let target = planned.target;
    let ZipInfo {
        path,
        sha256,
        size,
        entries,
    } = zip::write_package(&planned.path, &p.files, shared, mtime)?;
    let file = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    timing::stage(&format!("package {file}"), start);
    Ok(PackageReport {
        file,
        target: target.id(),
        lang: planned.lang.clone(),
        size,
        sha256,
        entries,
        suspend_worst_case: p.rendered.suspend_worst_case,
        suspend_limit: target.suspend_limit(),
    })
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
    schemas: &std::rc::Rc<xsd::OwnSchemas>,
    warnings: &mut Vec<Diagnostic>,
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
    let report = validate::check_built(
        path,
        &manifest_files,
        &list,
        validate::Profile::Strict,
        schemas,
    );
    let (errors, rest): (Vec<_>, Vec<_>) = report
        .findings
        .into_iter()
        .partition(|d| d.severity == Severity::Error);
    warnings.extend(rest);
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
