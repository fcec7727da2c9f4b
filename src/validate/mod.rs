//! `coursepack validate`: check any package — ours or a third party's —
//! before it is uploaded: how it is packed (safely read, never extracted),
//! what kind it is, and the rules LMSs enforce that an XSD cannot express.
//!
//! Profiles: `spec` is what the standard requires; `moodle` adds what
//! Moodle's literal importer needs (moodle.md §1, §4, §8); `strict` is both
//! plus warnings about interoperability risks.

pub mod archive;
pub(crate) mod bound;
mod manifest;
pub mod report;
pub mod rules;
pub mod xml;
pub mod xsd;

use crate::diag::{Diagnostic, Rule, Severity, Sources};
use archive::{Limits, Package};
use std::path::{Path, PathBuf};

/// The largest manifest read (real ones are a few KiB to a few MiB).
const MAX_MANIFEST_BYTES: u64 = 16 * 1024 * 1024;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Profile {
    /// What the standard requires.
    Spec,
    /// The standard plus what Moodle's importer and runtime need.
    Moodle,
    /// Both, plus warnings about interoperability risks.
    Strict,
}

impl Profile {
    /// The profile's name as given on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Profile::Spec => "spec",
            Profile::Moodle => "moodle",
            Profile::Strict => "strict",
        }
    }

    /// Several profiles given together: every rule any of them enables.
    /// Each rule's profiles (see [`rules::PROFILES`]) are closed upwards
    /// (a `spec` rule is also in `moodle` and `strict`, a `moodle` rule in
    /// `strict`), so the union is the widest profile given.
    pub fn union(profiles: &[Profile]) -> Option<Profile> {
        profiles.iter().copied().max()
    }

    pub fn moodle(self) -> bool {
        self >= Profile::Moodle
    }
    pub fn strict(self) -> bool {
        self == Profile::Strict
    }
}

/// What kind of package it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    Scorm12,
    /// SCORM 2004 with its edition (2, 3 or 4).
    Scorm2004 {
        edition: u8,
    },
    Cmi5,
    Tincan,
    /// coursepack's plain web export: no manifest, an `index.html` that
    /// coursepack generated.
    Web,
}

impl Kind {
    /// The set of coursepack's own schemas a manifest of this kind is
    /// validated against (none for the web export: it has no manifest).
    pub fn schema_set(self) -> Option<xsd::Set> {
        match self {
            Kind::Scorm12 => Some(xsd::Set::Scorm12),
            Kind::Scorm2004 { .. } => Some(xsd::Set::Scorm2004),
            Kind::Cmi5 => Some(xsd::Set::Cmi5),
            Kind::Tincan => Some(xsd::Set::Tincan),
            Kind::Web => None,
        }
    }

    pub fn name(self) -> String {
        match self {
            Kind::Scorm12 => "SCORM 1.2".into(),
            Kind::Scorm2004 { edition } => {
                format!("SCORM 2004 {edition}{} edition", ordinal(edition))
            }
            Kind::Cmi5 => "cmi5".into(),
            Kind::Tincan => "xAPI (TinCan)".into(),
            Kind::Web => "coursepack web export".into(),
        }
    }
}

fn ordinal(n: u8) -> &'static str {
    match n {
        2 => "nd",
        3 => "rd",
        _ => "th",
    }
}

#[derive(Clone)]
pub struct Options {
    pub profile: Profile,
    pub limits: Limits,
    /// An official schema set to validate against as well.
    pub official: Option<std::rc::Rc<xsd::Schemas>>,
    /// coursepack's own schema sets, compiled once for every package
    /// validated with these options.
    pub schemas: std::rc::Rc<xsd::Schemas>,
}

/// What validating one package found.
pub struct Report {
    pub package: PathBuf,
    pub kind: Option<Kind>,
    pub findings: Vec<Diagnostic>,
    pub sources: Sources,
    /// Findings counted but not stored (past the per-rule cap).
    omitted: bound::Omitted,
}

impl Report {
    fn new(package: &Path, findings: Vec<Diagnostic>) -> Report {
        Report {
            package: package.to_path_buf(),
            kind: None,
            findings,
            sources: Sources::default(),
            omitted: bound::Omitted::default(),
        }
    }

    /// Applies the output bounds (see [`bound`]) once all checks ran.
    fn finish(mut self) -> Report {
        let omitted = std::mem::take(&mut self.omitted);
        self.findings = bound::bound(std::mem::take(&mut self.findings), omitted, &self.package);
        self
    }

    pub fn has_errors(&self) -> bool {
        self.findings.iter().any(|d| d.severity == Severity::Error)
    }
}

/// Collects findings about one file of a package.
pub(crate) struct Findings<'a> {
    pub file: PathBuf,
    pub out: &'a mut Vec<Diagnostic>,
    pub omitted: &'a mut bound::Omitted,
}

impl Findings<'_> {
    pub fn add(&mut self, rule: Rule, pos: Option<crate::diag::Pos>, message: String, hint: &str) {
        if self.omitted.admit(rule, rule.severity) {
            self.out
                .push(Diagnostic::new(rule, &self.file, pos, message).hint(hint));
        }
    }

    pub fn add_as(
        &mut self,
        severity: Severity,
        rule: Rule,
        pos: Option<crate::diag::Pos>,
        message: String,
        hint: &str,
    ) {
        if !self.omitted.admit(rule, severity) {
            return;
        }
        let mut d = Diagnostic::new(rule, &self.file, pos, message).hint(hint);
        d.severity = severity;
        self.out.push(d);
    }
}

/// The manifest files validate looks for at the package root, in order.
pub const ROOT_FILES: [&str; 3] = ["imsmanifest.xml", "cmi5.xml", "tincan.xml"];

/// Validates the zip or folder at `path`. `Err` only when it cannot be read
/// at all (exit code 2); everything about its content is a finding.
pub fn validate(path: &Path, options: &Options) -> std::io::Result<Report> {
    // The file type first, from metadata alone: a FIFO, device or socket is
    // never opened (opening a FIFO for reading blocks until a writer comes).
    let meta = std::fs::metadata(path)?;
    if !meta.is_file() && !meta.is_dir() {
        return Err(archive::not_regular());
    }
    let report = if meta.is_file()
        && path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("xml"))
    {
        validate_bare(path, options)?
    } else {
        validate_package(path, options)?
    };
    Ok(report.finish())
}

fn validate_package(path: &Path, options: &Options) -> std::io::Result<Report> {
    let mut pkg = crate::timing::time("open the package (central directory)", || {
        Package::open(path, options.limits)
    })?;
    let mut report = Report::new(path, std::mem::take(&mut pkg.findings));
    if report.has_errors() && pkg.entries.is_empty() {
        return Ok(report);
    }
    let Some(root_file) = ROOT_FILES.into_iter().find(|name| pkg.contains(name)) else {
        if is_web_export(&mut pkg) {
            report.kind = Some(Kind::Web);
        } else {
            detect_other(&pkg, &mut report);
        }
        return Ok(report);
    };
    match pkg.read(root_file, MAX_MANIFEST_BYTES) {
        Ok(bytes) => crate::timing::time("check the manifest", || {
            check_manifest(&pkg, root_file, bytes, options, &mut report)
        }),
        Err(e) => report.findings.push(
            Diagnostic::new(
                rules::XML_MALFORMED,
                &path.join(root_file),
                None,
                e.to_string(),
            )
            .hint("a manifest is a small XML file; re-create the package"),
        ),
    }
    Ok(report)
}

/// A bare manifest file (LMSs such as Moodle also accept a lone
/// `imsmanifest.xml` from a repository, and cmi5 defines bare course
/// structures): the manifest alone is checked, its kind taken from its root.
fn validate_bare(path: &Path, options: &Options) -> std::io::Result<Report> {
    use std::io::Read;
    let mut bytes = Vec::new();
    std::fs::File::open(path)?
        .take(MAX_MANIFEST_BYTES + 1)
        .read_to_end(&mut bytes)?;
    let dir = path.parent().unwrap_or(Path::new(""));
    let mut report = Report::new(dir, Vec::new());
    if bytes.len() as u64 > MAX_MANIFEST_BYTES {
        report.findings.push(
            Diagnostic::new(
                rules::XML_MALFORMED,
                path,
                None,
                format!("the file is larger than {MAX_MANIFEST_BYTES} bytes"),
            )
            .hint("a manifest is a small XML file"),
        );
        return Ok(report);
    }
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(4096)]).into_owned();
    let root_file = if head.contains("courseStructure") {
        "cmi5.xml"
    } else if head.contains("projecttincan.com") || head.contains("<tincan") {
        "tincan.xml"
    } else {
        "imsmanifest.xml"
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| root_file.to_string());
    let mut pkg = Package::listing(dir, [root_file]);
    pkg.bare = true;
    check_manifest(&pkg, root_file, bytes, options, &mut report);
    // Findings name the file as the user did.
    for d in &mut report.findings {
        if d.file == dir.join(root_file) {
            d.file = dir.join(&name);
        }
    }
    let sources = std::mem::take(&mut report.sources);
    report.sources = sources.renamed(&dir.join(root_file), dir.join(&name));
    report.package = path.to_path_buf();
    Ok(report)
}

/// Checks a package before it is written, from what the build already has in
/// memory: the bytes of the manifest files it generated and the list of every
/// path the package will hold (media are not re-read). The build calls this
/// once per package and refuses to write a package with errors.
pub fn check_built(
    label: &Path,
    manifest_files: &[(&str, &[u8])],
    file_list: &[&str],
    profile: Profile,
    schemas: &std::rc::Rc<xsd::Schemas>,
) -> Report {
    let pkg = Package::listing(label, file_list.iter().copied());
    let mut report = Report::new(label, Vec::new());
    let options = Options {
        profile,
        limits: Limits::default(),
        official: None,
        schemas: std::rc::Rc::clone(schemas),
    };
    let root = ROOT_FILES.into_iter().find_map(|name| {
        manifest_files
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(n, b)| (*n, b.to_vec()))
    });
    match root {
        Some((name, bytes)) => check_manifest(&pkg, name, bytes, &options, &mut report),
        None => detect_other(&pkg, &mut report),
    }
    report.finish()
}

/// Everything about the manifest `root_file` (whose bytes are given) and
/// the files of the package it describes.
fn check_manifest(
    pkg: &Package,
    root_file: &str,
    bytes: Vec<u8>,
    options: &Options,
    report: &mut Report,
) {
    let label = report.package.join(root_file);
    let text = match String::from_utf8(bytes) {
        Ok(t) => t.strip_prefix('\u{feff}').map(str::to_string).unwrap_or(t),
        Err(e) => {
            let pos = xml::pos_of(
                &String::from_utf8_lossy(&e.as_bytes()[..e.utf8_error().valid_up_to()]),
                usize::MAX,
            );
            report.findings.push(
                Diagnostic::new(
                    rules::XML_MALFORMED,
                    &label,
                    Some(pos),
                    "the file is not valid UTF-8",
                )
                .hint("save the manifest as UTF-8"),
            );
            return;
        }
    };
    let parsed = xml::parse(&text);
    let root = match parsed {
        Ok(r) => r,
        Err(e) => {
            let rule = if e.dtd {
                rules::XML_DTD
            } else {
                rules::XML_MALFORMED
            };
            let hint = if e.dtd {
                "remove the DOCTYPE and any entity declarations; no LMS needs them"
            } else {
                "fix the XML here; LMSs such as Moodle stop the import on the first XML error"
            };
            report
                .findings
                .push(Diagnostic::new(rule, &label, Some(e.pos), e.message).hint(hint));
            report.sources.insert(label, text);
            return;
        }
    };
    let mut findings = Findings {
        file: label.clone(),
        out: &mut report.findings,
        omitted: &mut report.omitted,
    };
    report.kind = match root_file {
        "imsmanifest.xml" => manifest::scorm(&root, pkg, options.profile, &mut findings),
        "cmi5.xml" => manifest::cmi5(&root, pkg, &mut findings),
        _ => manifest::tincan(&root, pkg, &mut findings),
    };
    schema_check(&root, &text, report.kind, options, &mut findings);
    manifest::package_files(
        &root,
        root_file,
        pkg,
        report.kind,
        options.profile,
        &mut report.findings,
        &report.package,
    );
    report.sources.insert(label, text);
}

/// What a rule that names a defect in the course designer's terms is
/// about, so the XSD finding of the same defect can be recognised.
enum Subject {
    /// One of these attributes of the element the rule points at.
    Attribute(&'static [&'static str]),
    /// The value of the element the rule points at.
    Value,
}

/// The rules whose findings make an XSD finding of the same defect
/// redundant: a bad or duplicate identifier, a misspelt scormtype, a bad
/// masteryscore or schemaversion, a bad cmi5 or TinCan id or AU url.
const NAMED: &[(&str, Subject)] = &[
    ("manifest-id-form", Subject::Attribute(&["identifier"])),
    ("manifest-id-duplicate", Subject::Attribute(&["identifier"])),
    (
        "manifest-scormtype",
        Subject::Attribute(&["scormtype", "scormType"]),
    ),
    ("manifest-masteryscore", Subject::Value),
    ("manifest-schemaversion", Subject::Value),
    ("cmi5-id", Subject::Attribute(&["id"])),
    ("cmi5-url", Subject::Value),
    ("tincan-id", Subject::Attribute(&["id"])),
];

/// The findings of the [`NAMED`] rules so far, by place: (line, column,
/// rule id).
type Named = std::collections::HashSet<(u64, u64, &'static str)>;

fn named_findings(out: &[Diagnostic]) -> Named {
    out.iter()
        .filter(|d| NAMED.iter().any(|(id, _)| *id == d.rule_id))
        .filter_map(|d| Some((d.line?, d.column?, d.rule_id)))
        .collect()
}

/// Whether a rule finding already names the defect `issue` describes: one
/// finding per defect, and the rule's stays (it speaks the course
/// designer's language). The rule finding must be at the issue's element
/// and about the same attribute (or, for a value rule, the issue about no
/// attribute).
fn named_by_rule(named: &Named, issue: &xsd::Issue) -> bool {
    let Some(pos) = issue.element else {
        return false;
    };
    NAMED.iter().any(|(id, subject)| {
        named.contains(&(pos.line, pos.column, *id))
            && match (subject, issue.attribute.as_deref()) {
                (Subject::Attribute(names), Some(a)) => names.contains(&a),
                (Subject::Value, None) => true,
                _ => false,
            }
    })
}

/// The XSD stage: coursepack's own schemas always, the official ones too
/// when the user supplied them.
fn schema_check(
    root: &xml::Element,
    text: &str,
    kind: Option<Kind>,
    options: &Options,
    f: &mut Findings,
) {
    let Some(set) = kind.and_then(Kind::schema_set) else {
        return;
    };
    let report = |f: &mut Findings, rule: Rule, issues: Vec<xsd::Issue>, hint: &str| {
        let named = named_findings(f.out);
        for issue in issues {
            if named_by_rule(&named, &issue) {
                continue;
            }
            let at = if issue.path.is_empty() {
                String::new()
            } else {
                format!(" (at {})", issue.path)
            };
            f.add(
                rule,
                issue.pos,
                format!("[{}] {}{at}", issue.constraint, issue.message),
                hint,
            );
        }
    };
    match options.schemas.validate(set, text, root) {
        Ok(issues) => report(
            f,
            rules::XSD_INVALID,
            issues,
            "the manifest breaks its standard's XML schema; LMSs and the conformance test suites reject such packages",
        ),
        Err(e) => f.add(
            rules::XSD_INVALID,
            None,
            format!("internal error, please report: {e}"),
            "",
        ),
    }
    if let Some(official) = &options.official {
        match official.validate(set, text, root) {
            Ok(issues) => report(
                f,
                rules::XSD_OFFICIAL,
                issues,
                "the manifest breaks the official XML schema you supplied with --official-schemas",
            ),
            Err(e) => f.add(rules::XSD_OFFICIAL, None, e.to_string(), ""),
        }
    }
}

/// The marker coursepack's player writes into every `index.html`.
const WEB_MARKER: &str = "<meta name=\"generator\" content=\"coursepack\">";

/// Whether a package without a manifest is coursepack's web export: an
/// `index.html` at its root that coursepack generated (the marker in its
/// first 4 KiB).
fn is_web_export(pkg: &mut Package) -> bool {
    pkg.contains("index.html")
        && pkg.read("index.html", 1024 * 1024).is_ok_and(|bytes| {
            String::from_utf8_lossy(&bytes[..bytes.len().min(4096)]).contains(WEB_MARKER)
        })
}

/// No manifest at the root: say what it is instead.
fn detect_other(pkg: &Package, report: &mut Report) {
    let aicc: Vec<&str> = pkg
        .entries
        .iter()
        .map(|e| e.name.as_str())
        .filter(|n| {
            let lower = n.to_ascii_lowercase();
            !n.contains('/')
                && [".crs", ".au", ".cst", ".des"]
                    .iter()
                    .any(|x| lower.ends_with(x))
        })
        .collect();
    // The shallowest manifest (a package zipped inside extra folders names
    // the one an LMS would find, not one deep inside).
    let nested = pkg
        .entries
        .iter()
        .filter(|e| {
            e.name.ends_with("/imsmanifest.xml")
                || e.name.ends_with("/cmi5.xml")
                || e.name.ends_with("/tincan.xml")
        })
        .min_by_key(|e| (e.name.matches('/').count(), e.name.clone()));
    let (rule, message, hint) = if !aicc.is_empty() {
        let shown: Vec<&str> = aicc.iter().take(5).copied().collect();
        (
            rules::KIND_AICC,
            format!(
                "this is an AICC package ({} at the root, and no imsmanifest.xml)",
                shown.join(", ")
            ),
            "coursepack validates SCORM 1.2/2004, cmi5 and TinCan; export the course as SCORM if the LMS allows",
        )
    } else if let Some(e) = nested {
        (
            rules::KIND_NESTED,
            format!("the manifest is at {}, not at the zip root", e.name),
            "zip the package folder's contents, not the folder itself",
        )
    } else {
        (
            rules::KIND_UNKNOWN,
            "no imsmanifest.xml, cmi5.xml or tincan.xml at the package root".to_string(),
            "this is not a SCORM, cmi5 or TinCan package (nor coursepack's web export), or it was zipped one folder too high",
        )
    };
    report
        .findings
        .push(Diagnostic::new(rule, &report.package, None, message).hint(hint));
}
