//! The build: render each language once, add each target's runtime script
//! and manifest, and write each package as a deterministic zip; then
//! `SHA256SUMS` and `build-report.json`.

use crate::course::model::Course;
use crate::diag::{Diagnostic, Severity};
use crate::package::zip::{self, PackageError, ZipInfo};
use crate::package::{Content, PackageFile};
use crate::plan::{BuildPlan, PlannedPackage};
use crate::render::{RenderError, Rendered, Renderer};
use crate::target::{ManifestInput, TargetError};
use crate::validate::{self, xsd};
use crate::{parallel, timing};

mod report;
pub use report::{BuildReport, OverrideReport, PackageReport, rules};
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
    let (schemas, renderer, rendered) = render_and_compile_schemas(plan, course, jobs)?;

    let mut warnings = report::warnings(checked, &rendered);
    let mut runtimes: BTreeMap<&'static str, PackageFile> = BTreeMap::new();
    for t in &plan.targets {
        if !runtimes.contains_key(t.runtime()) {
            runtimes.insert(t.runtime(), renderer.runtime(t.runtime())?);
        }
    }

    // Each package's manifest, then its file list (references, no copies).
    let start = Instant::now();
    let manifests = manifests(plan, course, &rendered, &runtimes, &schemas, &mut warnings)?;
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

    let packages = write_packages(&prepared, mtime, jobs)?;

    let overrides = report::override_reports(&renderer)?;
    let report = BuildReport {
        coursepack: env!("CARGO_PKG_VERSION"),
        course: course.id.value.clone(),
        version: course.version.value.clone(),
        packages,
        overrides,
        warnings,
    };
    timing::time("reports", || report::write_reports(plan, &report))?;
    Ok(report)
}

/// Each package's manifest, written and checked as `validate --profile
/// strict` would (errors fail the build, warnings join `warnings`), after
/// the resume state is held to the target's limit.
fn manifests(
    plan: &BuildPlan,
    course: &Course,
    rendered: &[Rendered],
    runtimes: &BTreeMap<&'static str, PackageFile>,
    schemas: &std::rc::Rc<xsd::Schemas>,
    warnings: &mut Vec<Diagnostic>,
) -> Result<Vec<Vec<PackageFile>>, BuildError> {
    let mut manifests: Vec<Vec<PackageFile>> = Vec::with_capacity(plan.packages.len());
    for planned in &plan.packages {
        let target = planned.target;
        let r = language_of(plan, rendered, &planned.lang);
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
            schemas,
            warnings,
        )?;
        manifests.push(manifest);
    }
    Ok(manifests)
}

/// Writes every prepared package (in parallel) and reports each. Text is
/// compressed on one thread while the packages already stream their media
/// (which comes first in each zip) on the others; a panic there fails every
/// package waiting for it, then goes on.
fn write_packages(
    prepared: &[Prepared],
    mtime: ::zip::DateTime,
    jobs: usize,
) -> Result<Vec<PackageReport>, BuildError> {
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
        parallel::map(prepared, jobs, |p| finish_package(p, &shared, mtime))
    });
    timing::stage("write packages", start);
    if let Some(Err(_)) = shared.get()
        && let Some(Err(e)) = shared.into_inner()
    {
        return Err(e.into());
    }
    written.into_iter().collect()
}

/// Registers the templates and renders every language while the schemas
/// the manifests are checked against compile on a thread of their own (a
/// panic there goes on in this thread).
fn render_and_compile_schemas(
    plan: &BuildPlan,
    course: &Course,
    jobs: usize,
) -> Result<(std::rc::Rc<xsd::Schemas>, Renderer, Vec<Rendered>), BuildError> {
    let sets: Vec<xsd::Set> = plan.targets.iter().filter_map(|t| t.schema()).collect();
    let (compiled, rendered) = std::thread::scope(|s| {
        let compiling = s.spawn(|| xsd::compile_own(&sets));
        let rendered = prepare_and_render(plan, course, jobs);
        (compiling.join(), rendered)
    });
    let schemas = match compiled {
        Ok(c) => std::rc::Rc::new(xsd::Schemas::with(c)),
        Err(panic) => std::panic::resume_unwind(panic),
    };
    let (renderer, rendered) = rendered?;
    Ok((schemas, renderer, rendered))
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
    schemas: &std::rc::Rc<xsd::Schemas>,
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
