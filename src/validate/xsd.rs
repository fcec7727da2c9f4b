//! XSD validation of manifests with the pure-Rust `xsd-schema` engine
//! (no C library to build or ship).
//!
//! The schemas are coursepack's own (`schemas/xsd/`, written from the
//! specifications and embedded in the binary); `--official-schemas DIR`
//! validates against an official set as well, after checking each file's
//! SHA-256. Schemas are served from memory under a `bundle:///` scheme: the
//! loader chain has no file-system loader, so a manifest can never make the
//! engine read a local file or the network. Each set is compiled on first
//! use and kept in an [`Schemas`] value that the caller passes where it
//! is needed (one per thread: `SchemaSet` is not `Sync`).

use super::xml::Element;
use crate::diag::Pos;
use sha2::{Digest, Sha256};
use std::cell::Cell;
use std::cell::RefCell;
use std::collections::HashMap;
use std::convert::Infallible;
use std::path::{Path, PathBuf};
use std::rc::Rc;
use std::sync::Arc;
use xsd_schema::validation::{
    EndOfAttributesView, SchemaValidator, ValidationError, ValidationEventHandler, ValidationFlags,
    ValidationSink, ValidationWarning, drive_quick_xml_with,
};
use xsd_schema::{
    EmbeddedLoader, LoaderChain, SchemaError, SchemaLoader, SchemaResult, SchemaSet,
    SchemaSetBuilder,
};

/// Which schema set a manifest is validated against.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Set {
    Scorm12,
    /// SCORM 2004 (the 4th edition schemas; 2nd/3rd edition manifests use
    /// the same namespaces).
    Scorm2004,
    Cmi5,
    Tincan,
}

impl Set {
    pub const ALL: [Set; 4] = [Set::Scorm12, Set::Scorm2004, Set::Cmi5, Set::Tincan];

    fn driver(self) -> &'static str {
        match self {
            Set::Scorm12 => "scorm12/driver.xsd",
            Set::Scorm2004 => "scorm2004/driver.xsd",
            Set::Cmi5 => "cmi5/CourseStructure.xsd",
            Set::Tincan => "tincan/tincan.xsd",
        }
    }
}

const SCHEME: &str = "bundle:///";

macro_rules! bundle {
    ($($path:literal),* $(,)?) => {
        &[$(($path, include_str!(concat!("../../schemas/xsd/", $path)))),*]
    };
}

/// coursepack's own schemas, as (path under `schemas/xsd/`, text).
pub const OWN: &[(&str, &str)] = bundle![
    "scorm12/driver.xsd",
    "scorm12/imscp.xsd",
    "scorm12/adlcp.xsd",
    "scorm12/imsmd.xsd",
    "scorm2004/driver.xsd",
    "scorm2004/imscp.xsd",
    "scorm2004/adlcp.xsd",
    "scorm2004/adlseq.xsd",
    "scorm2004/adlnav.xsd",
    "scorm2004/imsss.xsd",
    "scorm2004/lom.xsd",
    "cmi5/CourseStructure.xsd",
    "tincan/tincan.xsd",
];

/// Serves schema documents from memory.
#[derive(Debug)]
struct MemoryLoader {
    files: Arc<HashMap<String, String>>,
}

impl SchemaLoader for MemoryLoader {
    fn load(&self, location: &str) -> SchemaResult<String> {
        let key = location.strip_prefix(SCHEME).unwrap_or(location);
        self.files
            .get(key)
            .cloned()
            .ok_or_else(|| SchemaError::resolution(format!("no bundled schema {location}")))
    }
    fn can_load(&self, location: &str) -> bool {
        location.starts_with(SCHEME)
    }
    fn priority(&self) -> i32 {
        50
    }
}

/// One problem the schema found.
#[derive(Debug, Clone)]
pub struct Issue {
    /// Where to point: the attribute, when the issue is about one and its
    /// start tag was found, else the element.
    pub pos: Option<Pos>,
    /// The element's start tag (what rule findings are placed at).
    pub element: Option<Pos>,
    /// The XSD constraint code, e.g. `cvc-complex-type.2.4`.
    pub constraint: String,
    pub message: String,
    /// Where in the document, as local names (`/manifest/resources/resource`).
    pub path: String,
    /// The attribute the issue is about (its local name), if it is about one.
    pub attribute: Option<String>,
}

/// Why a schema set could not be used (a bug in a bundled set, or a bad
/// official set).
#[derive(Debug, thiserror::Error)]
pub enum SchemaSetError {
    #[error("the {set:?} schema set does not compile: {message}")]
    Compile { set: Set, message: String },
    #[error("{} is not the official file (SHA-256 {actual}, expected {expected})", file.display())]
    Differs {
        file: PathBuf,
        actual: String,
        expected: String,
    },
    #[error("cannot read the official schema {}: {source}", file.display())]
    Read {
        file: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

fn compile(
    set: Set,
    files: Arc<HashMap<String, String>>,
    driver: &str,
    xsd11: bool,
) -> Result<SchemaSet, SchemaSetError> {
    let bug = |message: String| SchemaSetError::Compile { set, message };
    let mut chain = LoaderChain::new();
    chain.add(Box::new(EmbeddedLoader::new()));
    chain.add(Box::new(MemoryLoader {
        files: files.clone(),
    }));
    let builder = if xsd11 {
        SchemaSetBuilder::xsd11_with_loader(Box::new(chain))
    } else {
        SchemaSetBuilder::with_loader(Box::new(chain))
    };
    let text = files
        .get(driver)
        .ok_or_else(|| bug(format!("no {driver}")))?;
    let compiled = builder
        .add_source(text, &format!("{SCHEME}{driver}"))
        .and_then(|b| b.compile())
        .map_err(|e| bug(e.to_string()))?;
    if let Some(f) = compiled.directive_failures().first() {
        return Err(bug(format!("an import could not be read: {f:?}")));
    }
    Ok(compiled.into_schema_set())
}

fn compile_own_set(set: Set) -> Result<SchemaSet, SchemaSetError> {
    let files: HashMap<String, String> = OWN
        .iter()
        .map(|(p, t)| (p.to_string(), t.to_string()))
        .collect();
    crate::timing::time(&format!("schema compilation ({})", set.driver()), || {
        compile(set, Arc::new(files), set.driver(), false)
    })
}

/// Own schema sets compiled ahead of time, possibly on another thread (a
/// compiled set can move between threads but not be shared by them), to be
/// kept by the thread that validates ([`Schemas::with`]).
pub struct Compiled(Vec<(Set, SchemaSet)>);

/// Compiles the own schema sets `sets` (each once), e.g. on a thread of its
/// own while the build renders, so the compilation does not add to the
/// build's wall time. A set that fails to compile is left out: using it
/// compiles it again and reports the failure where it is needed.
pub fn compile_own(sets: &[Set]) -> Compiled {
    let mut out: Vec<(Set, SchemaSet)> = Vec::new();
    for (i, &set) in sets.iter().enumerate() {
        if !sets[..i].contains(&set)
            && let Ok(schemas) = compile_own_set(set)
        {
            out.push((set, schemas));
        }
    }
    Compiled(out)
}

/// A source of schema sets, coursepack's own or an official set the user
/// supplied ([`Schemas::load`]), with each set compiled when first needed
/// (or ahead of time, [`Schemas::with`]) and kept for every validation
/// given this value. One per thread: a compiled set is not `Sync`.
pub struct Schemas {
    source: Source,
    compiled: RefCell<HashMap<Set, Rc<SchemaSet>>>,
}

/// Where the files of a [`Schemas`] come from.
enum Source {
    Own,
    Official { files: Arc<HashMap<String, String>> },
}

impl Default for Schemas {
    fn default() -> Self {
        Schemas::new()
    }
}

impl Schemas {
    /// coursepack's own schemas, none compiled yet.
    pub fn new() -> Self {
        Schemas {
            source: Source::Own,
            compiled: RefCell::new(HashMap::new()),
        }
    }

    /// coursepack's own schemas, with the sets [`compile_own`] compiled
    /// (possibly on another thread).
    pub fn with(compiled: Compiled) -> Self {
        let own = Schemas::new();
        own.compiled.borrow_mut().extend(
            compiled
                .0
                .into_iter()
                .map(|(set, schemas)| (set, Rc::new(schemas))),
        );
        own
    }

    fn get(&self, set: Set) -> Result<Rc<SchemaSet>, SchemaSetError> {
        if let Some(s) = self.compiled.borrow().get(&set) {
            return Ok(Rc::clone(s));
        }
        let compiled = Rc::new(match &self.source {
            Source::Own => compile_own_set(set)?,
            // XSD 1.1 semantics for the official SCORM 1.2 set, whose
            // metadata schema breaks XSD 1.0's unique particle attribution.
            Source::Official { files, .. } => {
                let driver = OFFICIAL_DRIVERS
                    .iter()
                    .find(|(s, _, _)| *s == set)
                    .map_or("", |(_, d, _)| *d);
                compile(set, files.clone(), driver, set == Set::Scorm12)?
            }
        });
        self.compiled.borrow_mut().insert(set, Rc::clone(&compiled));
        Ok(compiled)
    }

    /// Validates `text` (whose parsed tree is `root`, for positions)
    /// against this source's schemas for `set`.
    pub fn validate(
        &self,
        set: Set,
        text: &str,
        root: &Element,
    ) -> Result<Vec<Issue>, SchemaSetError> {
        let schemas = self.get(set)?;
        Ok(run(&schemas, text, root))
    }
}

/// The start tag the driver is reading (byte offset of its `<`), shared by
/// the event handler, which sets it, and the sink, which stamps each error
/// raised meanwhile with it.
type OpenTag = Rc<Cell<Option<usize>>>;

/// Marks where each start tag begins and when its attributes are done.
struct TagTracker(OpenTag);

impl ValidationEventHandler for TagTracker {
    type Error = Infallible;
    fn on_element_start_offset(&mut self, byte_pos: usize) -> Result<(), Infallible> {
        self.0.set(Some(byte_pos));
        Ok(())
    }
    fn after_end_of_attributes(&mut self, _: EndOfAttributesView<'_>) -> Result<(), Infallible> {
        self.0.set(None);
        Ok(())
    }
}

/// Collects errors with the start tag being read when each was raised (a
/// content-model error is raised on the offending child's start tag but
/// names its parent as its subject).
struct Sink<'a> {
    errors: &'a mut Vec<(ValidationError, Option<usize>)>,
    tag: OpenTag,
}

impl ValidationSink for Sink<'_> {
    fn on_error(&mut self, error: ValidationError) {
        self.errors.push((error, self.tag.get()));
    }
    fn on_warning(&mut self, _: ValidationWarning) {}
}

fn run(schemas: &SchemaSet, text: &str, root: &Element) -> Vec<Issue> {
    let flags = ValidationFlags::default() & !ValidationFlags::BUILD_PSVI_TYPED_VALUES;
    let validator = SchemaValidator::new(schemas, flags);
    let tag: OpenTag = Rc::new(Cell::new(None));
    let mut errors = Vec::new();
    let mut runtime = validator.start_run(Sink {
        errors: &mut errors,
        tag: tag.clone(),
    });
    let mut tracker = TagTracker(tag.clone());
    let driven = drive_quick_xml_with(text.as_bytes(), &mut runtime, schemas, &mut tracker)
        .map_err(|e| e.to_string());
    tag.set(None);
    let ended = runtime.end_validation().map_err(|e| e.to_string());
    drop(runtime);
    let mut locator = super::xml::Locator::new(text);
    let mut issues: Vec<Issue> = Vec::new();
    for (e, offset) in without_cascade(errors) {
        let path = e.instance_path().map(|p| p.to_string()).unwrap_or_default();
        let attribute = attribute_of(&path);
        let element = match offset {
            Some(o) => Some(locator.at(o)),
            None => locate(root, &path),
        };
        // An attribute's finding points at the attribute, not its tag.
        let pos = match (offset, attribute.as_deref()) {
            (Some(o), Some(a)) => attribute_offset(text, o, a)
                .map(|at| locator.at(at))
                .or(element),
            _ => element,
        };
        issues.push(Issue {
            pos,
            element,
            constraint: e.constraint.to_string(),
            message: e.message.clone(),
            path: e.element_path().unwrap_or_default().to_string(),
            attribute,
        });
    }
    if let Err(message) = driven.and(ended)
        && issues.is_empty()
    {
        issues.push(Issue {
            pos: None,
            element: None,
            constraint: "wf".into(),
            message,
            path: String::new(),
            attribute: None,
        });
    }
    issues
}

/// The content-model error constraint.
const CONTENT_MODEL: &str = "cvc-complex-type.2.4";

/// Drops the cascade of a content-model error: once an element's children
/// broke its content model, the engine reports later children as not
/// allowed, each child it could not place as "not declared" (even one the
/// schema declares), and the element as incomplete. The first content-model
/// error inside an element is the defect; the rest of that element's
/// content-model errors and the "not declared" errors of its children are
/// dropped (a defect deeper down, in a child the engine did place, is
/// kept). Each error costs one lookup of its path and one of its parent's.
fn without_cascade(
    errors: Vec<(ValidationError, Option<usize>)>,
) -> Vec<(ValidationError, Option<usize>)> {
    let mut failed: std::collections::HashSet<String> = std::collections::HashSet::new();
    let mut kept = Vec::new();
    for (e, offset) in errors {
        let path = e.instance_path().map(|p| p.to_string()).unwrap_or_default();
        if e.constraint == CONTENT_MODEL && !path.is_empty() {
            if !failed.insert(path) {
                continue;
            }
        } else if e.constraint.starts_with("cvc-elt.1")
            && parent_path(&path).is_some_and(|p| failed.contains(p))
        {
            continue;
        }
        kept.push((e, offset));
    }
    kept
}

/// The instance path of an item's parent element (the path up to its last
/// `/` outside a `Q{uri}`).
fn parent_path(path: &str) -> Option<&str> {
    let mut depth = 0usize;
    let mut last = None;
    for (i, c) in path.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth = depth.saturating_sub(1),
            '/' if depth == 0 => last = Some(i),
            _ => {}
        }
    }
    last.filter(|&i| i > 0).map(|i| &path[..i])
}

/// Maps an instance path (`/Q{uri}a[1]/Q{uri}b[2]/@Q{}c`) onto the parsed
/// tree: the position of the deepest element found.
fn locate(root: &Element, path: &str) -> Option<Pos> {
    let mut steps = split_steps(path)
        .into_iter()
        .filter(|s| !s.is_empty() && !s.starts_with('@'));
    let local_and_n = |step: &str| -> (String, usize) {
        let step = step.rsplit_once('}').map_or(step, |(_, s)| s);
        match step.split_once('[') {
            Some((l, n)) => (l.to_string(), n.trim_end_matches(']').parse().unwrap_or(1)),
            None => (step.to_string(), 1),
        }
    };
    let first = steps.next()?;
    let (local, _) = local_and_n(first);
    if root.local() != local {
        return Some(root.pos);
    }
    let mut at = root;
    for step in steps {
        let (local, n) = local_and_n(step);
        match at
            .children
            .iter()
            .filter(|c| c.local() == local)
            .nth(n.saturating_sub(1))
        {
            Some(c) => at = c,
            None => break,
        }
    }
    Some(at.pos)
}

/// The byte offset of the attribute named `local` (whatever its prefix) in
/// the start tag that begins at `tag` (its `<`), if the tag has it. Reads the
/// tag only: names, `=`, quoted values, up to its `>`.
fn attribute_offset(text: &str, tag: usize, local: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let name_end = |mut i: usize| {
        while i < bytes.len()
            && !matches!(bytes[i], b' ' | b'\t' | b'\r' | b'\n' | b'=' | b'>' | b'/')
        {
            i += 1;
        }
        i
    };
    let skip_space = |mut i: usize| {
        while i < bytes.len() && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        i
    };
    if bytes.get(tag) != Some(&b'<') {
        return None;
    }
    let mut i = name_end(tag + 1);
    loop {
        i = skip_space(i);
        match bytes.get(i) {
            None | Some(b'>') | Some(b'/') => return None,
            Some(_) => {}
        }
        let start = i;
        i = name_end(i);
        let name = text.get(start..i)?;
        if i == start {
            return None;
        }
        if name.rsplit(':').next() == Some(local) {
            return Some(start);
        }
        i = skip_space(i);
        if bytes.get(i) != Some(&b'=') {
            continue;
        }
        i = skip_space(i + 1);
        let quote = *bytes.get(i)?;
        if quote != b'"' && quote != b'\'' {
            return None;
        }
        i += 1 + bytes.get(i + 1..)?.iter().position(|&b| b == quote)? + 1;
    }
}

/// The local name of the attribute an instance path ends in, if it does.
fn attribute_of(path: &str) -> Option<String> {
    let last = split_steps(path).pop()?;
    let name = last.strip_prefix('@')?;
    Some(name.rsplit_once('}').map_or(name, |(_, l)| l).to_string())
}

/// Splits an instance path at the `/` that are not inside a `Q{uri}`.
fn split_steps(path: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let (mut depth, mut start) = (0usize, 0usize);
    for (i, c) in path.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth = depth.saturating_sub(1),
            '/' if depth == 0 => {
                out.push(&path[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    out.push(&path[start..]);
    out
}

/// The official files an `--official-schemas` folder must hold, with their
/// SHA-256 (as published by ADL, IMS, AICC and in ADL's copy of the TinCan
/// schema), by set.
const OFFICIAL: &[(Set, &str, &str)] = &[
    (
        Set::Scorm12,
        "scorm12/imscp_rootv1p1p2.xsd",
        "e45606348d7f517874d70ec102796526a63a85e54a4a1db5e6a5944449674d31",
    ),
    (
        Set::Scorm12,
        "scorm12/adlcp_rootv1p2.xsd",
        "166397a1f52585caac857228cf2b10085a5d07c0612a3d55cb3ed108ce8b028a",
    ),
    (
        Set::Scorm12,
        "scorm12/imsmd_rootv1p2p1.xsd",
        "83879be70d6bdff1d8788d4efcb12d51380de1b242f1a2a16e271a040dce8a5d",
    ),
    (
        Set::Scorm12,
        "scorm12/ims_xml.xsd",
        "9fdd37742066d2c1324427eebb716f14aabe73d0168dd7632fc494bd7e1b388c",
    ),
    (
        Set::Scorm2004,
        "scorm2004-4th/imscp_v1p1.xsd",
        "37d9a70b8b9b0303cdee1af5839fe8b32c2724c39d8124e714af650da4a08cdb",
    ),
    (
        Set::Scorm2004,
        "scorm2004-4th/adlcp_v1p3.xsd",
        "87cefec31b160a1ecc9ffd1475bee6cb0e2d71b2bcd76ba1a08df0ac90cf8f7d",
    ),
    (
        Set::Scorm2004,
        "scorm2004-4th/adlnav_v1p3.xsd",
        "1fc2678e9acaee07ba8b0da93caa5f52da5167f2999c4adbd0a4ad74c15c8bfb",
    ),
    (
        Set::Scorm2004,
        "scorm2004-4th/adlseq_v1p3.xsd",
        "162b5ca35a3fc43107efe0f78f5216c76f6cad8e13921c8332b7b82db7c4ae08",
    ),
    (
        Set::Scorm2004,
        "scorm2004-4th/imsss_v1p0.xsd",
        "53565d8b23842d5b667beffa4ed100e3e06cdd778b60b85efc38e7a9a1f52a90",
    ),
    (
        Set::Scorm2004,
        "scorm2004-4th/imsss_v1p0auxresource.xsd",
        "c0dd16d707f37c4d26484d7c233eea6d9ccbb8bad643040359f4b4f2944c057a",
    ),
    (
        Set::Scorm2004,
        "scorm2004-4th/imsss_v1p0control.xsd",
        "c8564177ca7b1c241d6ca893652f6946eb91fee450dce8607ba2189ba88e7969",
    ),
    (
        Set::Scorm2004,
        "scorm2004-4th/imsss_v1p0delivery.xsd",
        "58d4f343e3302e2986a641b066a3f0b30bd895b62d358a184cb5c3455427392c",
    ),
    (
        Set::Scorm2004,
        "scorm2004-4th/imsss_v1p0limit.xsd",
        "debda0a7fe2a1ce6e063383c4efc9fbd5f2341355c85d66062742657be2418a9",
    ),
    (
        Set::Scorm2004,
        "scorm2004-4th/imsss_v1p0objective.xsd",
        "776e091df47e934432c78703e552482e83165f75c9bf89c6320ee035ecd7ae69",
    ),
    (
        Set::Scorm2004,
        "scorm2004-4th/imsss_v1p0random.xsd",
        "3442393c455d8a984853c1c7cdf1bf6ccf4d0c58452c0e39b6c0aab65339f597",
    ),
    (
        Set::Scorm2004,
        "scorm2004-4th/imsss_v1p0rollup.xsd",
        "85100e4c7ba8eff77102d73d2ce265ddd803d13191a1d2b81bf3bf8bb1eac554",
    ),
    (
        Set::Scorm2004,
        "scorm2004-4th/imsss_v1p0seqrule.xsd",
        "b8fbd362e2408d318ae97cc70a7d3a8a536db29150b7ef7b355f394d06027023",
    ),
    (
        Set::Scorm2004,
        "scorm2004-4th/imsss_v1p0util.xsd",
        "b7234f3f62ede3f8dc6cd35053805ad021b4642b54f34b7960945981be95a438",
    ),
    (
        Set::Scorm2004,
        "scorm2004-4th/lom.xsd",
        "c75cc4b226826e0532597b2fb62487b8c942fc5b6119d12d55798eb4c30c004a",
    ),
    (
        Set::Scorm2004,
        "scorm2004-4th/common/anyElement.xsd",
        "cac6e4e3865324aa749b45d43f69f252e3447c7ab1d3a6432ed78c5388aefeea",
    ),
    (
        Set::Scorm2004,
        "scorm2004-4th/common/dataTypes.xsd",
        "b5ed98fd78019103deb5cf41642f477e4e522de48795874715b18df617086ac7",
    ),
    (
        Set::Scorm2004,
        "scorm2004-4th/common/elementNames.xsd",
        "1e9abdb0af7896ad7856eac903d210a5235fec2bca62cbef8e45014794513636",
    ),
    (
        Set::Scorm2004,
        "scorm2004-4th/common/elementTypes.xsd",
        "703c395e67753c1710544c668cdfdfe510a0ea7060f644b6180fbeaef48b9226",
    ),
    (
        Set::Scorm2004,
        "scorm2004-4th/common/rootElement.xsd",
        "85855fd15bb5029fca257cf4253cdba42cac49be7698efaaf4f81787afb7b344",
    ),
    (
        Set::Scorm2004,
        "scorm2004-4th/common/vocabTypes.xsd",
        "5e06bd22cf08a56d0634e73ff33e02ea2d437695a6167c275e843bdf7f5138c4",
    ),
    (
        Set::Scorm2004,
        "scorm2004-4th/common/vocabValues.xsd",
        "428caec4a51277aa28c571d1d488ab7ff7720d6cd90c1a87ed3a5a6e36b945a9",
    ),
    (
        Set::Scorm2004,
        "scorm2004-4th/extend/strict.xsd",
        "8f456ea45b7512e3e0d66b166ad9bc6b931e4761c2ad55eaedc463e016410b03",
    ),
    (
        Set::Scorm2004,
        "scorm2004-4th/unique/strict.xsd",
        "a85e93aee43885242179a5a56d0472e03e58bacf72ab128b8fcee4f363cbc1ff",
    ),
    (
        Set::Scorm2004,
        "scorm2004-4th/vocab/strict.xsd",
        "6411e6ca24441648c940e849355485c723e9b7577dacd3d967ebce9b8332e962",
    ),
    (
        Set::Scorm2004,
        "scorm2004-4th/vocab/adlmd_vocabv1p0.xsd",
        "b62cfc60fb7e719dcde49f05216f727e31d3cb286a40a3756b6183bce1726f9e",
    ),
    (
        Set::Cmi5,
        "cmi5/CourseStructure.xsd",
        "6a0b04962f5baa4603ee28e84ce4c74a122f322a548c8fdc14d93b2a23781d75",
    ),
    (
        Set::Tincan,
        "tincan/tincan.xsd",
        "b7b89b9a94e54b47beffa08289644e0991a21e3570a9ba29eadecf8da270a329",
    ),
];

/// Our drivers for the official sets: one schema importing every namespace
/// a manifest of the kind uses (the XML namespace comes from the engine's
/// built-in `xml.xsd`, so nothing is fetched).
const OFFICIAL_DRIVERS: &[(Set, &str, &str)] = &[
    (
        Set::Scorm12,
        "drivers/scorm12.xsd",
        r#"<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
  <xs:import namespace="http://www.imsproject.org/xsd/imscp_rootv1p1p2" schemaLocation="../scorm12/imscp_rootv1p1p2.xsd"/>
  <xs:import namespace="http://www.adlnet.org/xsd/adlcp_rootv1p2" schemaLocation="../scorm12/adlcp_rootv1p2.xsd"/>
  <xs:import namespace="http://www.imsglobal.org/xsd/imsmd_rootv1p2p1" schemaLocation="../scorm12/imsmd_rootv1p2p1.xsd"/>
</xs:schema>"#,
    ),
    (
        Set::Scorm2004,
        "drivers/scorm2004.xsd",
        r#"<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
  <xs:import namespace="http://www.w3.org/XML/1998/namespace"/>
  <xs:import namespace="http://www.imsglobal.org/xsd/imscp_v1p1" schemaLocation="../scorm2004-4th/imscp_v1p1.xsd"/>
  <xs:import namespace="http://www.adlnet.org/xsd/adlcp_v1p3" schemaLocation="../scorm2004-4th/adlcp_v1p3.xsd"/>
  <xs:import namespace="http://www.adlnet.org/xsd/adlseq_v1p3" schemaLocation="../scorm2004-4th/adlseq_v1p3.xsd"/>
  <xs:import namespace="http://www.adlnet.org/xsd/adlnav_v1p3" schemaLocation="../scorm2004-4th/adlnav_v1p3.xsd"/>
  <xs:import namespace="http://www.imsglobal.org/xsd/imsss" schemaLocation="../scorm2004-4th/imsss_v1p0.xsd"/>
  <xs:import namespace="http://ltsc.ieee.org/xsd/LOM" schemaLocation="../scorm2004-4th/lom.xsd"/>
</xs:schema>"#,
    ),
    (Set::Cmi5, "cmi5/CourseStructure.xsd", ""),
    (Set::Tincan, "tincan/tincan.xsd", ""),
];

impl Schemas {
    /// Reads and checks the official files in `dir` (laid out as
    /// `scorm12/`, `scorm2004-4th/`, `cmi5/`, `tincan/`).
    pub fn load(dir: &Path) -> Result<Schemas, SchemaSetError> {
        let mut files = HashMap::new();
        for (_, rel, expected) in OFFICIAL {
            let file = dir.join(rel);
            let bytes = std::fs::read(&file).map_err(|source| SchemaSetError::Read {
                file: file.clone(),
                source,
            })?;
            let actual = hex::encode(Sha256::digest(&bytes));
            if actual != *expected {
                return Err(SchemaSetError::Differs {
                    file,
                    actual,
                    expected: expected.to_string(),
                });
            }
            let text = String::from_utf8_lossy(&bytes).into_owned();
            files.insert(rel.to_string(), text);
        }
        for (_, rel, text) in OFFICIAL_DRIVERS {
            if !text.is_empty() {
                files.insert(rel.to_string(), text.to_string());
            }
        }
        Ok(Schemas {
            source: Source::Official {
                files: Arc::new(files),
            },
            compiled: RefCell::new(HashMap::new()),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_finding_about_an_attribute_points_at_the_attribute() {
        let doc = include_str!(
            "../../tests/fixtures/official-schemas/examples/invalid-tincan-bad-lang.xml"
        );
        let root = super::super::xml::parse(doc).expect("parse");
        let issues = Schemas::new()
            .validate(Set::Tincan, doc, &root)
            .expect("validate");
        let lang = issues
            .iter()
            .find(|i| i.attribute.as_deref() == Some("lang"))
            .unwrap_or_else(|| panic!("no finding about lang: {issues:?}"));
        let line = doc.lines().nth(11).expect("line 12");
        let column = line.find("lang=").expect("lang on line 12") as u64 + 1;
        assert_eq!(lang.pos, Some(Pos::new(12, column)), "the attribute");
        assert_eq!(
            lang.element,
            Some(Pos::new(12, 7)),
            "its element's start tag"
        );
    }

    #[test]
    fn an_attribute_is_found_in_its_start_tag_by_local_name() {
        let doc = "<a x='1>' adlcp:scormtype = \"sco\" y=\"2\"/><b scormtype='x'/>";
        assert_eq!(attribute_offset(doc, 0, "scormtype"), Some(10));
        assert_eq!(attribute_offset(doc, 0, "y"), Some(34));
        assert_eq!(
            attribute_offset(doc, 0, "missing"),
            None,
            "stops at the tag's end"
        );
        assert_eq!(attribute_offset(doc, 41, "scormtype"), Some(44));
        assert_eq!(attribute_offset(doc, 3, "x"), None, "not a tag start");
        assert_eq!(attribute_offset("<a x=", 0, "y"), None, "cut off");
        assert_eq!(
            attribute_offset("<a x='open", 0, "y"),
            None,
            "unclosed value"
        );
    }

    #[test]
    fn every_own_set_compiles() {
        let own = Schemas::new();
        for set in Set::ALL {
            own.get(set).unwrap_or_else(|e| panic!("{e}"));
        }
    }

    #[test]
    fn sets_compiled_on_another_thread_are_the_ones_this_thread_uses() {
        let compiled = std::thread::spawn(|| compile_own(&[Set::Tincan, Set::Tincan, Set::Cmi5]))
            .join()
            .expect("the compiling thread");
        let sets: Vec<Set> = compiled.0.iter().map(|(s, _)| *s).collect();
        assert_eq!(sets, [Set::Tincan, Set::Cmi5], "each set compiled, once");
        let own = Schemas::with(compiled);
        {
            let m = own.compiled.borrow();
            assert!(m.contains_key(&Set::Tincan) && m.contains_key(&Set::Cmi5));
            assert!(!m.contains_key(&Set::Scorm12), "only what was asked for");
        }
        let doc = "<tincan xmlns=\"http://projecttincan.com/tincan.xsd\"><bogus/></tincan>";
        let root = super::super::xml::parse(doc).expect("parse");
        let issues = own.validate(Set::Tincan, doc, &root).expect("validate");
        assert!(
            !issues.is_empty(),
            "the set compiled elsewhere validates: {issues:?}"
        );
    }

    #[test]
    fn positions_follow_the_instance_path() {
        let doc = "<a>\n<b/>\n<b>\n<c/>\n</b>\n</a>";
        let root = super::super::xml::parse(doc).expect("parse");
        assert_eq!(
            locate(&root, "/Q{urn:x/y}a[1]/Q{http://h/p}b[2]/Q{}c[1]/@Q{}x"),
            Some(Pos::new(4, 1))
        );
        assert_eq!(locate(&root, "/Q{}a[1]/Q{}b[9]"), Some(Pos::new(1, 1)));
        assert_eq!(
            attribute_of("/Q{urn:x/y}a[1]/@Q{http://a/b}scormType").as_deref(),
            Some("scormType")
        );
        assert_eq!(attribute_of("/Q{urn:x/y}a[1]/Q{}b[2]"), None);
        assert_eq!(
            parent_path("/Q{urn:x/y}a[1]/Q{http://h/p}b[2]"),
            Some("/Q{urn:x/y}a[1]")
        );
        assert_eq!(parent_path("/Q{urn:x/y}a[1]"), None);
    }

    #[test]
    fn a_misplaced_child_is_one_issue_at_its_own_line() {
        let doc = "<courseStructure xmlns=\"https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd\">\n\
            <course id=\"https://e.x/c\">\n\
            <title><langstring lang=\"en\">C</langstring></title>\n\
            <description><langstring lang=\"en\">D</langstring></description>\n\
            </course>\n\
            <au id=\"https://e.x/a\">\n\
            <url>index.html</url>\n\
            <title><langstring lang=\"en\">A</langstring></title>\n\
            <description><langstring lang=\"en\">D</langstring></description>\n\
            </au>\n\
            </courseStructure>";
        let root = super::super::xml::parse(doc).expect("parse");
        let issues = Schemas::new()
            .validate(Set::Cmi5, doc, &root)
            .expect("validate");
        assert_eq!(issues.len(), 1, "{issues:?}");
        assert_eq!(issues[0].pos, Some(Pos::new(7, 1)), "{issues:?}");
        assert!(issues[0].message.contains("'url'"), "{issues:?}");
    }
}
