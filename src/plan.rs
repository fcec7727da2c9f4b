//! The build plan: what the user asked for (flags) and what the course offers
//! (languages), resolved once into targets × languages and output paths, so
//! every later stage reads the plan and never the raw flags.

use crate::course::check::languages;
use crate::course::model::Course;
use crate::target::{self, Target};
use std::path::{Path, PathBuf};

/// What the user asked for.
#[derive(Debug, Clone, Default)]
pub struct BuildRequest {
    pub course_dir: PathBuf,
    pub out_dir: PathBuf,
    /// Target ids; `None` = every target.
    pub targets: Option<Vec<String>>,
    /// Language tags; `None` = every language of the course.
    pub langs: Option<Vec<String>>,
}

/// One package to build.
pub struct PlannedPackage {
    pub target: &'static dyn Target,
    pub lang: String,
    /// `<out>/<course-id>-<version>-<lang>-<target>.zip`
    pub path: PathBuf,
}

pub struct BuildPlan {
    pub course_dir: PathBuf,
    pub out_dir: PathBuf,
    pub langs: Vec<String>,
    pub targets: Vec<&'static dyn Target>,
    /// Every package, languages outer, targets inner.
    pub packages: Vec<PlannedPackage>,
}

#[derive(Debug, thiserror::Error)]
pub enum PlanError {
    #[error("unknown target `{0}`")]
    UnknownTarget(String),
    #[error("the course has no language `{asked}` (it has {have})")]
    UnknownLanguage { asked: String, have: String },
}

impl PlanError {
    pub fn hint(&self) -> String {
        match self {
            PlanError::UnknownTarget(_) => {
                format!("use one or more of: {}", target::ids().join(", "))
            }
            PlanError::UnknownLanguage { have, .. } => {
                format!("use one or more of: {have}, or add the language to the course")
            }
        }
    }
}

/// The file name of a package.
pub fn package_file_name(course: &Course, lang: &str, target: &dyn Target) -> String {
    format!(
        "{}-{}-{}-{}.zip",
        course.id.value,
        course.version.value,
        lang,
        target.id()
    )
}

/// Resolves a request against a checked course.
pub fn plan(req: &BuildRequest, course: &Course) -> Result<BuildPlan, PlanError> {
    let course_langs = languages(course);
    let targets: Vec<&'static dyn Target> = match &req.targets {
        None => target::ALL.to_vec(),
        Some(ids) => {
            let mut out: Vec<&'static dyn Target> = Vec::new();
            for id in ids {
                let t = target::by_id(id).ok_or_else(|| PlanError::UnknownTarget(id.clone()))?;
                if !out.iter().any(|o| o.id() == t.id()) {
                    out.push(t);
                }
            }
            out
        }
    };
    let langs = match &req.langs {
        None => course_langs.clone(),
        Some(asked) => {
            let mut out: Vec<String> = Vec::new();
            for lang in asked {
                if !course_langs.contains(lang) {
                    return Err(PlanError::UnknownLanguage {
                        asked: lang.clone(),
                        have: course_langs.join(", "),
                    });
                }
                if !out.contains(lang) {
                    out.push(lang.clone());
                }
            }
            out
        }
    };
    let packages = langs
        .iter()
        .flat_map(|lang| {
            targets.iter().map(move |t| PlannedPackage {
                target: *t,
                lang: lang.clone(),
                path: req.out_dir.join(package_file_name(course, lang, *t)),
            })
        })
        .collect();
    Ok(BuildPlan {
        course_dir: req.course_dir.clone(),
        out_dir: req.out_dir.clone(),
        langs,
        targets,
        packages,
    })
}

/// Paths of the build's two reports.
pub fn sums_path(out_dir: &Path) -> PathBuf {
    out_dir.join("SHA256SUMS")
}

pub fn report_path(out_dir: &Path) -> PathBuf {
    out_dir.join("build-report.json")
}
