//! The rules beyond what an XSD can express, per kind of manifest.

use super::archive::Package;
use super::xml::Element;
use super::{Findings, Kind, Profile, rules};
use crate::diag::{Diagnostic, Severity};
use std::collections::{HashMap, HashSet};
use std::path::Path;

const NS_CP12: &str = "http://www.imsproject.org/xsd/imscp_rootv1p1p2";
const NS_CP2004: &str = "http://www.imsglobal.org/xsd/imscp_v1p1";
const NS_ADLCP12: &str = "http://www.adlnet.org/xsd/adlcp_rootv1p2";
const NS_ADLCP2004: &str = "http://www.adlnet.org/xsd/adlcp_v1p3";

/// SCORM 1.2 and 2004 (`imsmanifest.xml`).
pub fn scorm(root: &Element, pkg: &Package, profile: Profile, f: &mut Findings) -> Option<Kind> {
    let kind = kind_and_version(root, profile, f);
    let is12 = kind == Kind::Scorm12;
    if profile.moodle() {
        moodle_prefixes(root, is12, f);
    }
    identifiers(root, f);
    let resources: Vec<&Element> = root
        .child("resources")
        .map(|r| r.children_named("resource").collect())
        .unwrap_or_default();
    let resource_ids: HashSet<&str> = resources
        .iter()
        .filter_map(|r| r.attr("identifier"))
        .collect();
    let organizations = root.child("organizations");
    let orgs: Vec<&Element> = organizations
        .map(|o| o.children_named("organization").collect())
        .unwrap_or_default();
    let default_org = organizations.and_then(|o| o.attr("default"));
    if let Some(d) = default_org
        && !orgs.iter().any(|o| o.attr("identifier") == Some(d))
    {
        f.add(
            rules::MANIFEST_DEFAULT_ORG,
            organizations.map(|o| o.pos),
            format!("organizations@default {d:?} names no organization"),
            "set default to the identifier of an <organization>",
        );
    }
    for el in root.descendants() {
        if matches!(el.local(), "item" | "dependency")
            && let Some(r) = el.attr("identifierref")
            && !resource_ids.contains(r)
        {
            f.add(
                rules::MANIFEST_IDREF,
                Some(el.pos),
                format!("identifierref {r:?} names no resource"),
                "point it at the identifier of a <resource>",
            );
        }
    }

    resource_types_and_hrefs(root, &resources, kind, pkg, f);
    literal_values(root, &resources, is12, profile, f);
    item_structure(&orgs, &resources, is12, f);
    // Metadata files (`<adlcp:location>`) must be in the package.
    for location in root
        .descendants()
        .into_iter()
        .filter(|e| e.local() == "location")
    {
        check_href(
            location.text.trim(),
            root.attr("xml:base").unwrap_or_default(),
            location,
            pkg,
            f,
        );
    }

    first_item_launches_a_sco(root, &orgs, default_org, &resources, profile, f);
    Some(kind)
}

/// The SCORM edition from `<schemaversion>` (or the namespace), with what
/// is wrong with the version's text.
fn kind_and_version(root: &Element, profile: Profile, f: &mut Findings) -> Kind {
    let default_ns = root.attr("xmlns").unwrap_or_default();
    let version = root
        .child("metadata")
        .and_then(|m| m.child("schemaversion"))
        .map(|s| (s.text.as_str(), s.pos));
    let kind = match (default_ns, version.map(|(v, _)| v.trim())) {
        (_, Some("1.2")) => Kind::Scorm12,
        (_, Some("2004 4th Edition")) => Kind::Scorm2004 { edition: 4 },
        (_, Some("2004 3rd Edition" | "CAM 1.3")) => Kind::Scorm2004 { edition: 3 },
        (_, Some("2004 2nd Edition" | "1.3")) => Kind::Scorm2004 { edition: 2 },
        (NS_CP2004, _) => Kind::Scorm2004 { edition: 4 },
        _ => Kind::Scorm12,
    };
    match version {
        None => f.add(
            rules::MANIFEST_SCHEMAVERSION,
            Some(root.pos),
            format!("no <metadata><schemaversion>; LMSs will treat this as {}", kind.name()),
            "add <schemaversion>1.2</schemaversion> (or 2004 4th Edition) under <metadata>",
        ),
        Some((text, pos)) if text != text.trim() => f.add_as(
            if profile.moodle() { Severity::Error } else { Severity::Warning },
            rules::MANIFEST_SCHEMAVERSION,
            Some(pos),
            format!("schemaversion {text:?} has white space around it"),
            "Moodle compares the text literally and falls back to SCORM 1.2: write it on one line with nothing around it",
        ),
        Some((text, pos))
            if !matches!(
                text,
                "1.2" | "1.3" | "CAM 1.3" | "2004 2nd Edition" | "2004 3rd Edition" | "2004 4th Edition"
            ) =>
        {
            f.add(
                rules::MANIFEST_SCHEMAVERSION,
                Some(pos),
                format!("unknown schemaversion {text:?}"),
                "use 1.2, 2004 3rd Edition or 2004 4th Edition",
            )
        }
        _ => {}
    }
    kind
}

/// Moodle reads the IMS CP elements unprefixed in the default namespace
/// and the ADL namespace only on the literal prefix `adlcp`.
fn moodle_prefixes(root: &Element, is12: bool, f: &mut Findings) {
    let default_ns = root.attr("xmlns").unwrap_or_default();
    let expected_ns = if is12 { NS_CP12 } else { NS_CP2004 };
    let adl_ns = if is12 { NS_ADLCP12 } else { NS_ADLCP2004 };
    if default_ns != expected_ns {
        f.add(
            rules::MANIFEST_PREFIX,
            Some(root.pos),
            format!("the IMS CP namespace is not the default namespace (expected xmlns=\"{expected_ns}\")"),
            "Moodle reads only unprefixed IMS CP elements",
        );
    }
    let adl_prefix = root
        .attrs
        .iter()
        .find(|a| a.value == adl_ns && a.name.starts_with("xmlns:"))
        .map(|a| &a.name["xmlns:".len()..]);
    if let Some(prefix) = adl_prefix
        && prefix != "adlcp"
    {
        f.add(
            rules::MANIFEST_PREFIX,
            Some(root.pos),
            format!("the ADL namespace is bound to `{prefix}:`, not `adlcp:`"),
            "Moodle matches the literal prefix adlcp: other prefixes turn every SCO into an asset and drop the mastery score",
        );
    }
    for el in root.descendants() {
        if let Some(p) = el.prefix()
            && matches!(
                el.local(),
                "manifest"
                    | "organizations"
                    | "organization"
                    | "item"
                    | "resources"
                    | "resource"
                    | "file"
            )
            && !["adlcp", "imsss", "adlseq", "adlnav", "imsmd", "lom"].contains(&p)
        {
            f.add(
                rules::MANIFEST_PREFIX,
                Some(el.pos),
                format!("<{}> is prefixed", el.name),
                "Moodle ignores prefixed IMS CP elements: write them unprefixed in the default namespace",
            );
        }
    }
}

/// Identifiers: unique, XML names.
fn identifiers(root: &Element, f: &mut Findings) {
    let mut seen: HashMap<&str, crate::diag::Pos> = HashMap::new();
    for el in std::iter::once(root).chain(root.descendants()) {
        if !matches!(
            el.local(),
            "manifest" | "organization" | "item" | "resource"
        ) {
            continue;
        }
        let Some(id) = el.attr("identifier") else {
            continue;
        };
        if !is_ncname(id) {
            f.add(
                rules::MANIFEST_ID_FORM,
                Some(el.pos),
                format!("identifier {id:?} is not a valid XML name"),
                "start with a letter or `_`; use letters, digits, `-`, `_` and `.` only",
            );
        }
        if let Some(first) = seen.get(id) {
            f.add(
                rules::MANIFEST_ID_DUPLICATE,
                Some(el.pos),
                format!("identifier {id:?} is already used at line {}", first.line),
                "give every manifest, organization, item and resource its own identifier",
            );
        } else {
            seen.insert(id, el.pos);
        }
    }
}

/// Resources: `scormtype` spelt for the edition, and their hrefs.
fn resource_types_and_hrefs(
    root: &Element,
    resources: &[&Element],
    kind: Kind,
    pkg: &Package,
    f: &mut Findings,
) {
    let is12 = kind == Kind::Scorm12;
    let (right, wrong) = if is12 {
        ("scormtype", "scormType")
    } else {
        ("scormType", "scormtype")
    };
    for res in resources {
        let spelled = res.attrs.iter().find(|a| {
            a.name
                .rsplit(':')
                .next()
                .is_some_and(|l| l.eq_ignore_ascii_case("scormtype"))
        });
        match spelled {
            None => f.add(
                rules::MANIFEST_SCORMTYPE,
                Some(res.pos),
                format!("resource {:?} has no adlcp:{right}", res.attr("identifier").unwrap_or("?")),
                "add adlcp:scormtype=\"sco\" to launchable content (without it LMSs treat the resource as an asset: no tracking)",
            ),
            Some(a) if a.name.rsplit(':').next() == Some(wrong) => f.add(
                rules::MANIFEST_SCORMTYPE,
                Some(res.pos),
                format!("`{}` is spelt for the other edition; {} uses adlcp:{right}", a.name, kind.name()),
                "SCORM 1.2 spells it scormtype, SCORM 2004 scormType",
            ),
            Some(a) if a.value != "sco" && a.value != "asset" => f.add(
                rules::MANIFEST_SCORMTYPE,
                Some(res.pos),
                format!("scormtype {:?} is neither sco nor asset", a.value),
                "use sco (tracked) or asset, in lower case",
            ),
            _ => {}
        }
        // xml:base accumulates from <manifest> through <resources> to the
        // <resource> (Moodle reads only the resource's own; the spec all).
        let base = format!(
            "{}{}{}",
            root.attr("xml:base").unwrap_or_default(),
            root.child("resources")
                .and_then(|r| r.attr("xml:base"))
                .unwrap_or_default(),
            res.attr("xml:base").unwrap_or_default()
        );
        let base = base.as_str();
        if let Some(href) = res.attr("href") {
            check_href(href, base, res, pkg, f);
        }
        for file in res.children_named("file") {
            if let Some(href) = file.attr("href") {
                check_href(href, base, file, pkg, f);
            }
        }
    }
}

/// Values LMSs read literally (mastery score, SCORM 1.2's adlcp values),
/// and the strict profile's interoperability warnings.
fn literal_values(
    root: &Element,
    resources: &[&Element],
    is12: bool,
    profile: Profile,
    f: &mut Findings,
) {
    if is12 {
        for item in root
            .descendants()
            .into_iter()
            .filter(|e| e.local() == "item")
        {
            if let Some(ms) = item.child("masteryscore") {
                let value = ms.text.trim().parse::<f64>();
                if !matches!(value, Ok(v) if (0.0..=100.0).contains(&v)) {
                    f.add(
                        rules::MANIFEST_MASTERYSCORE,
                        Some(ms.pos),
                        format!("masteryscore {:?} is not a number from 0 to 100", ms.text),
                        "write the pass mark as a whole number, e.g. 70",
                    );
                } else if profile.moodle() && ms.text != ms.text.trim() {
                    f.add(
                        rules::MANIFEST_WHITESPACE,
                        Some(ms.pos),
                        format!("masteryscore {:?} has white space around it", ms.text),
                        "Moodle stores the text untrimmed: write <adlcp:masteryscore>70</adlcp:masteryscore>",
                    );
                }
            }
        }
        if profile.moodle() {
            for el in root.descendants() {
                if el.prefix() == Some("adlcp")
                    && matches!(
                        el.local(),
                        "datafromlms" | "maxtimeallowed" | "timelimitaction" | "prerequisites"
                    )
                    && el.text != el.text.trim()
                {
                    f.add(
                        rules::MANIFEST_WHITESPACE,
                        Some(el.pos),
                        format!("<{}> {:?} has white space around it", el.name, el.text),
                        "Moodle stores these values untrimmed: write the value with nothing around it",
                    );
                }
            }
        }
    } else if profile.strict() {
        // The standard allows completionSetByContent="false" (its default):
        // an interoperability risk, not an error.
        delivery_controls(root, resources, f);
    }
    if profile.strict() {
        long_descriptions(root, f);
    }
}

/// A launchable SCO first in the default organization (Moodle's need).
fn first_item_launches_a_sco(
    root: &Element,
    orgs: &[&Element],
    default_org: Option<&str>,
    resources: &[&Element],
    profile: Profile,
    f: &mut Findings,
) {
    let org = default_org
        .and_then(|d| orgs.iter().find(|o| o.attr("identifier") == Some(d)))
        .or(orgs.first());
    let first_launch = org.and_then(|o| {
        o.descendants()
            .into_iter()
            .filter(|e| e.local() == "item")
            .find_map(|i| i.attr("identifierref"))
    });
    let launches_sco = first_launch
        .and_then(|r| {
            resources
                .iter()
                .find(|res| res.attr("identifier") == Some(r))
        })
        .is_some_and(|res| {
            res.attrs.iter().any(|a| {
                a.name
                    .rsplit(':')
                    .next()
                    .is_some_and(|l| l.eq_ignore_ascii_case("scormtype"))
                    && a.value == "sco"
            })
        });
    // No SCORM rule requires a SCO (resource-only packages are valid and
    // ADL's checker accepts them); Moodle launches the first item and
    // tracks nothing when it is an asset, so this is Moodle's need.
    if profile.moodle() && !launches_sco {
        let message = match org {
            None => "the manifest has no organization, so Moodle has nothing to launch and track"
                .to_string(),
            Some(o) if o.attr("identifier") == default_org => format!(
                "the first item of the default organization {:?} does not launch a SCO; Moodle launches it and tracks nothing",
                o.attr("identifier").unwrap_or("?")
            ),
            Some(o) => format!(
                "the first item of the organization {:?} does not launch a SCO; Moodle launches it and tracks nothing",
                o.attr("identifier").unwrap_or("?")
            ),
        };
        f.add(
            rules::MANIFEST_NO_SCO,
            org.map(|o| o.pos).or(Some(root.pos)),
            message,
            "for Moodle, put the tracked content (adlcp:scormtype=\"sco\") first; the standard itself allows resource-only packages (profile spec)",
        );
    }
}

/// CAM rules on items an XSD cannot express: in SCORM 2004 an item with
/// children is an aggregation and references no resource, and a leaf item
/// references one (CAM 3.4.1.4); in both editions an item that launches a
/// resource needs that resource to have an `href`.
fn item_structure(orgs: &[&Element], resources: &[&Element], is12: bool, f: &mut Findings) {
    for org in orgs {
        for item in org
            .descendants()
            .into_iter()
            .filter(|e| e.local() == "item")
        {
            let id = item.attr("identifier").unwrap_or("?");
            let has_children = item.children_named("item").next().is_some();
            match (item.attr("identifierref"), has_children) {
                (Some(_), true) if !is12 => f.add(
                    rules::MANIFEST_ITEM_STRUCTURE,
                    Some(item.pos),
                    format!("item {id:?} has child items and also references a resource; in SCORM 2004 only leaf items reference resources"),
                    "remove identifierref from the parent item, or move the content into a child item",
                ),
                (None, false) if !is12 => f.add(
                    rules::MANIFEST_ITEM_STRUCTURE,
                    Some(item.pos),
                    format!("leaf item {id:?} references no resource (no identifierref)"),
                    "give the item identifierref=\"<resource id>\", or remove the empty item",
                ),
                (Some(r), _) => {
                    if let Some(res) = resources.iter().find(|res| res.attr("identifier") == Some(r))
                        && res.attr("href").is_none()
                    {
                        f.add(
                            rules::MANIFEST_RESOURCE_HREF,
                            Some(res.pos),
                            format!("resource {r:?} has no href, but item {id:?} launches it"),
                            "give the resource href=\"<its start page>\"; an LMS has nothing to launch without it",
                        );
                    }
                }
                _ => {}
            }
        }
    }
}

/// LOM descriptions over 1,000 characters: SCORM Cloud truncates them with
/// a warning, and the SCORM 1.2 conformance suite's smallest permitted
/// maximum is 1,000.
fn long_descriptions(root: &Element, f: &mut Findings) {
    for el in root.descendants() {
        if el.local() != "description" {
            continue;
        }
        for s in el
            .children
            .iter()
            .filter(|c| matches!(c.local(), "langstring" | "string"))
        {
            let n = s.text.chars().count();
            if n > 1000 {
                f.add(
                    rules::METADATA_LONG,
                    Some(s.pos),
                    format!("a metadata description of {n} characters (LMSs keep 1,000)"),
                    "shorten the description to 1,000 characters or fewer",
                );
            }
        }
    }
}

fn delivery_controls(root: &Element, resources: &[&Element], f: &mut Findings) {
    for item in root
        .descendants()
        .into_iter()
        .filter(|e| e.local() == "item")
    {
        let Some(r) = item.attr("identifierref") else {
            continue;
        };
        let is_sco = resources.iter().any(|res| {
            res.attr("identifier") == Some(r)
                && res.attr_local("scormType").is_some_and(|(_, v)| v == "sco")
        });
        if !is_sco {
            continue;
        }
        let dc = item
            .child("sequencing")
            .and_then(|s| s.child("deliveryControls"));
        let set_by_content = dc.is_some_and(|d| d.attr("completionSetByContent") == Some("true"));
        if !set_by_content {
            f.add(
                rules::MANIFEST_DELIVERY,
                Some(item.pos),
                format!(
                    "item {:?} leaves completionSetByContent at false (the default, which the standard allows): when the SCO ends without reporting completion, the LMS marks the attempt completed",
                    item.attr("identifier").unwrap_or("?")
                ),
                "if the SCO reports its own completion, say so: <imsss:sequencing><imsss:deliveryControls completionSetByContent=\"true\" objectiveSetByContent=\"true\"/></imsss:sequencing>",
            );
        }
    }
}

/// An href must be relative, stay inside the package and exist in it
/// (after `xml:base` and percent-decoding; query and fragment ignored).
fn check_href(href: &str, base: &str, el: &Element, pkg: &Package, f: &mut Findings) {
    let joined = format!("{base}{href}");
    if let Some(what) = not_relative(&joined) {
        f.add(
            rules::MANIFEST_HREF_FORM,
            Some(el.pos),
            if base.is_empty() {
                format!("href {href:?} {what}")
            } else {
                format!("href {href:?} (with xml:base {base:?}) {what}")
            },
            "use a path relative to the package root; an LMS launches only files inside the package",
        );
        return;
    }
    let path = joined.split(['?', '#']).next().unwrap_or_default();
    let decoded = percent_decode(path);
    if decoded.split('/').any(|s| s == "..") {
        f.add(
            rules::MANIFEST_HREF_FORM,
            Some(el.pos),
            format!("href {href:?} climbs out of the package with `..`"),
            "use a path inside the package",
        );
        return;
    }
    let normal: Vec<&str> = decoded
        .split('/')
        .filter(|s| !s.is_empty() && *s != ".")
        .collect();
    let normal = normal.join("/");
    if !pkg.bare && !pkg.contains(&normal) {
        let hint = match pkg
            .entries
            .iter()
            .find(|e| e.name.eq_ignore_ascii_case(&normal))
        {
            Some(e) => format!(
                "the package has {:?}: names are case-sensitive on LMS servers",
                e.name
            ),
            None => "add the file or fix the path".to_string(),
        };
        f.add(
            rules::MANIFEST_HREF_MISSING,
            Some(el.pos),
            format!("{normal:?} is referenced but not in the package"),
            &hint,
        );
    }
}

/// Every file the manifest names, as package paths: `<file href>` and
/// resource `href`s resolved against the `xml:base` of `<manifest>`,
/// `<resources>` and `<resource>`, and every `<adlcp:location>` (metadata
/// files; in a resource, resolved against its base too).
fn listed_files(root: &Element) -> HashSet<String> {
    let mut out = HashSet::new();
    let top = format!(
        "{}{}",
        root.attr("xml:base").unwrap_or_default(),
        root.child("resources")
            .and_then(|r| r.attr("xml:base"))
            .unwrap_or_default()
    );
    for location in root
        .descendants()
        .into_iter()
        .filter(|e| e.local() == "location")
    {
        out.extend(resolve(
            root.attr("xml:base").unwrap_or_default(),
            location.text.trim(),
        ));
    }
    let resources = root
        .child("resources")
        .into_iter()
        .flat_map(|r| r.children_named("resource"));
    for res in resources {
        let base = format!("{top}{}", res.attr("xml:base").unwrap_or_default());
        out.extend(res.attr("href").and_then(|h| resolve(&base, h)));
        for el in res.descendants() {
            match el.local() {
                "file" => out.extend(el.attr("href").and_then(|h| resolve(&base, h))),
                "location" => out.extend(resolve(&base, el.text.trim())),
                _ => {}
            }
        }
    }
    out
}

/// `href` under `base` as a path in the package (query and fragment cut,
/// percent-decoded, `.` and empty segments dropped); `None` when it is not
/// a relative path inside the package.
fn resolve(base: &str, href: &str) -> Option<String> {
    let joined = format!("{base}{href}");
    if not_relative(&joined).is_some() {
        return None;
    }
    let path = percent_decode(joined.split(['?', '#']).next().unwrap_or_default());
    let parts: Vec<&str> = path
        .split('/')
        .filter(|s| !s.is_empty() && *s != ".")
        .collect();
    (!parts.contains(&"..")).then(|| parts.join("/"))
}

/// The URL scheme of `s` in lower case, if it has one (read as a browser
/// would: leading spaces and controls dropped, tabs and newlines removed).
fn scheme_of(s: &str) -> Option<String> {
    let cleaned: String = s
        .trim_start_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .take(64)
        .collect();
    let head = cleaned
        .split(['/', '?', '#', '\\'])
        .next()
        .unwrap_or_default();
    let (scheme, _) = head.split_once(':')?;
    let mut sc = scheme.chars();
    (matches!(sc.next(), Some(c) if c.is_ascii_alphabetic())
        && sc.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')))
    .then(|| scheme.to_ascii_lowercase())
}

/// Why an href is not a relative path inside the package, if it is not:
/// read the way a browser reads a URL (leading spaces and control
/// characters dropped, tabs and newlines removed anywhere, `\\` taken as
/// `/`), so `  JaVaScRiPt:`, `java\tscript:` and `\\\\host` are caught.
fn not_relative(href: &str) -> Option<&'static str> {
    let cleaned: String = href
        .trim_start_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .map(|c| if c == '\\' { '/' } else { c })
        .collect();
    if cleaned.starts_with("//") {
        return Some("names another host (a network-path reference)");
    }
    if cleaned.starts_with('/') {
        return Some("is an absolute path");
    }
    let head = cleaned.split(['/', '?', '#']).next().unwrap_or_default();
    if let Some((scheme, _)) = head.split_once(':') {
        let mut sc = scheme.chars();
        let is_scheme = matches!(sc.next(), Some(c) if c.is_ascii_alphabetic())
            && sc.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
        if is_scheme && scheme.len() == 1 {
            return Some("starts with a drive letter");
        }
        if is_scheme {
            return Some("has a URL scheme (an absolute URL, file:, javascript: or data:)");
        }
    }
    None
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2]))
        {
            out.push(h * 16 + l);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn hex(b: u8) -> Option<u8> {
    (b as char).to_digit(16).map(|d| d as u8)
}

fn is_ncname(s: &str) -> bool {
    let mut chars = s.chars();
    matches!(chars.next(), Some(c) if c.is_alphabetic() || c == '_')
        && chars.all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.'))
}

/// cmi5 (`cmi5.xml`): the CATAPULT package-rejection rules that need more
/// than the XSD: ids are IRIs, AU and block ids unique, AU urls exist and carry
/// no launch parameters.
pub fn cmi5(root: &Element, pkg: &Package, f: &mut Findings) -> Option<Kind> {
    let mut seen: HashMap<&str, u64> = HashMap::new();
    for el in std::iter::once(root).chain(root.descendants()) {
        let Some(id) = el.attr("id") else { continue };
        if !matches!(el.local(), "course" | "au" | "block" | "objective") {
            continue;
        }
        if !crate::url::is_absolute_iri(id) {
            f.add(
                rules::CMI5_ID,
                Some(el.pos),
                format!("{} id {id:?} is not an absolute IRI", el.local()),
                "cmi5 ids are IRIs such as https://example.org/courses/c/au/1",
            );
        }
        if matches!(el.local(), "au" | "block")
            || (el.local() == "objective" && el.attr("idref").is_none())
        {
            if let Some(line) = seen.get(id) {
                f.add(
                    rules::CMI5_ID_DUPLICATE,
                    Some(el.pos),
                    format!("id {id:?} is already used at line {line}"),
                    "give every AU, block and objective its own id",
                );
            } else {
                seen.insert(id, el.pos.line);
            }
        }
    }
    for au in root.descendants().into_iter().filter(|e| e.local() == "au") {
        let Some(url) = au.child("url") else { continue };
        let text = url.text.trim();
        // CATAPULT 204: the query may not use the names the LMS adds.
        let reserved = text.split_once('?').and_then(|(_, q)| {
            q.split('#')
                .next()
                .unwrap_or_default()
                .split('&')
                .find_map(|kv| {
                    let key = kv.split('=').next().unwrap_or_default();
                    ["endpoint", "fetch", "actor", "registration", "activityId"]
                        .contains(&key)
                        .then(|| key.to_string())
                })
        });
        if let Some(key) = reserved {
            f.add(
                rules::CMI5_URL,
                Some(url.pos),
                format!("AU url {text:?} sets the launch parameter `{key}`, which the LMS adds"),
                "remove it: endpoint, fetch, actor, registration and activityId come from the LMS at launch",
            );
        }
        // CATAPULT 206: an invalid URL.
        if text.chars().any(|c| {
            c.is_whitespace()
                || c.is_control()
                || matches!(c, '<' | '>' | '"' | '\\' | '{' | '}' | '|' | '^' | '`')
        }) {
            f.add(
                rules::CMI5_URL,
                Some(url.pos),
                format!("AU url {text:?} is not a valid URL"),
                "percent-encode spaces and special characters in the url",
            );
            continue;
        }
        if let Some(scheme) = scheme_of(text)
            && scheme != "http"
            && scheme != "https"
        {
            f.add(
                rules::CMI5_URL,
                Some(url.pos),
                format!("AU url {text:?} uses the `{scheme}:` scheme"),
                "an AU url is an http(s) URL or a path inside the package",
            );
            continue;
        }
        if !text.contains("://") && pkg.bare {
            // CATAPULT 202.
            f.add(
                rules::CMI5_URL,
                Some(url.pos),
                format!("AU url {text:?} is relative, but a bare course structure has no package to resolve it in"),
                "use an absolute URL, or ship cmi5.xml in a zip with the AU files",
            );
        } else if !text.contains("://") {
            let path = percent_decode(text.split(['?', '#']).next().unwrap_or_default());
            if !pkg.contains(&path) {
                f.add(
                    rules::CMI5_URL,
                    Some(url.pos),
                    format!("AU url {text:?} is not in the package"),
                    "point the url at the AU's launch page inside the zip",
                );
            }
        }
    }
    Some(Kind::Cmi5)
}

/// TinCan (`tincan.xml`): activity ids are IRIs; the launch file exists.
pub fn tincan(root: &Element, pkg: &Package, f: &mut Findings) -> Option<Kind> {
    let activities: Vec<&Element> = root
        .descendants()
        .into_iter()
        .filter(|e| e.local() == "activity")
        .collect();
    for a in &activities {
        let id = a.attr("id").unwrap_or_default();
        if !crate::url::is_absolute_iri(id) {
            f.add(
                rules::TINCAN_ID,
                Some(a.pos),
                format!("activity id {id:?} is not an absolute IRI"),
                "use an IRI such as https://example.org/courses/c",
            );
        }
    }
    let launch = activities.iter().find_map(|a| a.child("launch"));
    match launch {
        None => f.add(
            rules::TINCAN_LAUNCH,
            Some(root.pos),
            "no activity has a <launch>".into(),
            "give the course activity (the first) a <launch> with the start page",
        ),
        Some(l)
            if scheme_of(&l.text).is_some_and(|s| s != "http" && s != "https")
                || l.text.trim().starts_with(['/', '\\']) =>
        {
            f.add(
                rules::TINCAN_LAUNCH,
                Some(l.pos),
                format!(
                    "launch {:?} is neither a path inside the package nor an http(s) URL",
                    l.text.trim()
                ),
                "point <launch> at the start page inside the zip",
            );
        }
        Some(l) => {
            let path = percent_decode(l.text.trim().split(['?', '#']).next().unwrap_or_default());
            if !l.text.contains("://") && !pkg.bare && !pkg.contains(&path) {
                f.add(
                    rules::TINCAN_LAUNCH,
                    Some(l.pos),
                    format!("launch file {:?} is not in the package", l.text.trim()),
                    "point <launch> at the start page inside the zip",
                );
            }
        }
    }
    Some(Kind::Tincan)
}

/// Package-wide file checks: junk, names LMSs rewrite, files no manifest lists.
pub fn package_files(
    root: &Element,
    root_file: &str,
    pkg: &Package,
    kind: Option<Kind>,
    profile: Profile,
    out: &mut Vec<Diagnostic>,
    label: &Path,
) {
    let listed: HashSet<String> = if matches!(kind, Some(Kind::Scorm12 | Kind::Scorm2004 { .. })) {
        listed_files(root)
    } else {
        HashSet::new()
    };
    for entry in &pkg.entries {
        let name = entry.name.as_str();
        let file = label.join(name);
        let base = name.rsplit('/').next().unwrap_or(name);
        let junk = base == ".DS_Store" || base == "Thumbs.db" || name.starts_with("__MACOSX/");
        if junk {
            if profile.strict() {
                out.push(
                    Diagnostic::new(
                        rules::FILE_JUNK,
                        &file,
                        None,
                        format!("{name:?} is an operating-system junk file"),
                    )
                    .hint("remove it from the package"),
                );
            }
            continue;
        }
        let moodle_strips = name
            .chars()
            .any(|c| matches!(c, '&' | '<' | '>' | '"' | '\\' | '|' | '\'' | ':'));
        if moodle_strips && profile.moodle() {
            let mut d = Diagnostic::new(
                rules::FILE_NAME,
                &file,
                None,
                format!(
                    "Moodle strips & < > \" \\ | ' : from file names, so {name:?} will not be found"
                ),
            )
            .hint("rename the file (and its references) with letters, digits, `-`, `_` and `.`");
            d.severity = Severity::Error;
            out.push(d);
        } else if profile.strict() && (name.contains('%') || name.contains(' ')) {
            out.push(
                Diagnostic::new(
                    rules::FILE_NAME,
                    &file,
                    None,
                    format!(
                        "{name:?} has spaces or `%`: references to it must be URL-encoded exactly"
                    ),
                )
                .hint("rename it with letters, digits, `-`, `_` and `.`"),
            );
        }
        if profile.moodle() && name.to_ascii_lowercase().ends_with(".cst") {
            let mut d = Diagnostic::new(
                rules::KIND_AICC,
                &file,
                None,
                format!("{name:?}: Moodle treats any package with a .cst file as AICC"),
            )
            .hint("remove the .cst file");
            d.severity = Severity::Error;
            out.push(d);
        }
        // The schema control files at the root (.xsd, .dtd) are part of
        // every SCORM package and never listed; ADL's checker skips them.
        let control = !name.contains('/') && {
            let lower = name.to_ascii_lowercase();
            lower.ends_with(".xsd") || lower.ends_with(".dtd")
        };
        if profile.strict()
            && !listed.is_empty()
            && name != root_file
            && !control
            && !listed.contains(name)
        {
            out.push(
                Diagnostic::new(
                    rules::FILE_UNLISTED,
                    &file,
                    None,
                    format!("{name:?} is not listed in the manifest"),
                )
                .hint("list every file of the package in its resource's <file> elements"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_iris() {
        assert!(is_ncname("item-1.a_b"));
        assert!(!is_ncname("1item"));
        assert!(!is_ncname("a b"));
        assert_eq!(percent_decode("a%20b/c%2Fd"), "a b/c/d");
        assert_eq!(percent_decode("100%"), "100%");
    }
}
