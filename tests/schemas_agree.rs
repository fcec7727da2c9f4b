//! coursepack's own schemas (schemas/xsd, validated with the Rust engine)
//! give the same valid/invalid verdict as xmllint with the OFFICIAL schemas
//! in tests/fixtures/official-schemas (the independent oracle) on: every example there,
//! the manifest of every package the project builds (the real course and
//! the README example, both languages, every target standard), and a
//! generated set of mutated manifests. The official examples also get the
//! verdict their names say from `coursepack validate` as a whole.

use crate::common;

use coursepack::package::{Content, PackageFile};
use coursepack::target::{Cmi5, ManifestIds, ManifestInput, Scorm12, Scorm2004, Target, TinCan};
use coursepack::validate::xml;
use coursepack::validate::xsd::{self, Set};
use std::path::{Path, PathBuf};
use std::rc::Rc;

/// The official driver of a schema set, inside tests/fixtures/official-schemas.
fn official_schema(set: Set) -> &'static str {
    match set {
        Set::Scorm12 => "drivers/scorm12.xsd",
        Set::Scorm2004 => "drivers/scorm2004-4th.xsd",
        Set::Cmi5 => "cmi5/CourseStructure.xsd",
        Set::Tincan => "tincan/tincan.xsd",
    }
}

thread_local! {
    /// Our schema sets, compiled once per test thread.
    static OWN: xsd::Schemas = xsd::Schemas::new();
}

/// Our verdict: the document parses (no DTD) and our schemas accept it.
fn ours(set: Set, text: &str) -> (bool, String) {
    match xml::parse(text) {
        Err(e) => (false, format!("not parsed: {}", e.message)),
        Ok(root) => {
            let issues = OWN
                .with(|own| own.validate(set, text, &root))
                .expect("own schemas compile");
            let shown: Vec<String> = issues
                .iter()
                .map(|i| format!("[{}] {} ({})", i.constraint, i.message, i.path))
                .collect();
            (issues.is_empty(), shown.join("; "))
        }
    }
}

fn set_of_name(name: &str) -> Option<Set> {
    if name.contains("scorm12") {
        Some(Set::Scorm12)
    } else if name.contains("scorm2004") {
        Some(Set::Scorm2004)
    } else if name.contains("cmi5") {
        Some(Set::Cmi5)
    } else if name.contains("tincan") {
        Some(Set::Tincan)
    } else {
        None
    }
}

/// The README example written to `dir` (the folder to build it from).
fn readme_course(dir: &Path) -> PathBuf {
    common::write_course(dir, &common::readme_example());
    dir.to_path_buf()
}

/// The manifest of every target for a course, per language: (label, set, text, ids).
fn manifests(course_dir: &Path) -> Vec<(String, Set, String, Rc<ManifestIds>)> {
    let checked = coursepack::course::load_and_check(course_dir).expect("load");
    let course = checked.course.expect("course");
    let ids = Rc::new(ManifestIds::for_course(&course));
    let files = vec![
        PackageFile::bytes("index.html", "<!doctype html><title>x</title>"),
        PackageFile::bytes("player/player.js", "1"),
        PackageFile::bytes("assets/chart.png", "png"),
    ];
    let targets: [(&dyn Target, Set); 4] = [
        (&Scorm12, Set::Scorm12),
        (&Scorm2004, Set::Scorm2004),
        (&Cmi5, Set::Cmi5),
        (&TinCan, Set::Tincan),
    ];
    let mut out = Vec::new();
    let langs: Vec<&str> = std::iter::once(&course.languages.source)
        .chain(&course.languages.translations)
        .map(|l| l.value.as_str())
        .collect();
    for lang in langs {
        for (target, set) in targets {
            let produced = target
                .manifest(&ManifestInput {
                    course: &course,
                    lang,
                    files: &files,
                    launch: "index.html",
                })
                .expect("manifest");
            for file in produced {
                if let Content::Bytes(b) = &file.content {
                    out.push((
                        format!("{} {} {lang}", course_dir.display(), target.id()),
                        set,
                        String::from_utf8(b.clone()).expect("utf-8"),
                        ids.clone(),
                    ));
                }
            }
        }
    }
    out
}

/// Cuts the first `<tag ...>...</tag>` (or `<tag .../>`) out of `text`.
fn cut(text: &str, tag: &str) -> String {
    let open = format!("<{tag}");
    let Some(start) = text.find(&open) else {
        return text.to_string();
    };
    let close = format!("</{tag}>");
    let end = match (text[start..].find("/>"), text[start..].find('>')) {
        (Some(se), Some(gt)) if se + 1 == gt => start + gt + 1,
        _ => text[start..]
            .find(&close)
            .map_or(text.len(), |e| start + e + close.len()),
    };
    format!("{}{}", &text[..start], &text[end..])
}

type Mutate = Box<dyn Fn(&str, &ManifestIds) -> String>;
type Mutation = (&'static str, Set, Mutate);

fn rep(from: &'static str, to: &'static str) -> Mutate {
    Box::new(move |t: &str, _: &ManifestIds| {
        assert!(t.contains(from), "`{from}` not in:\n{t}");
        t.replacen(from, to, 1)
    })
}

fn mutations() -> Vec<Mutation> {
    use Set::*;
    vec![
        // SCORM 1.2
        (
            "12 scormtype bogus",
            Scorm12,
            rep("adlcp:scormtype=\"sco\"", "adlcp:scormtype=\"lesson\""),
        ),
        (
            "12 scormType 2004 spelling",
            Scorm12,
            rep("adlcp:scormtype=\"sco\"", "adlcp:scormType=\"sco\""),
        ),
        (
            "12 scormtype asset",
            Scorm12,
            rep("adlcp:scormtype=\"sco\"", "adlcp:scormtype=\"asset\""),
        ),
        (
            "12 identifier not a name",
            Scorm12,
            rep("<item identifier=\"", "<item identifier=\"1 "),
        ),
        (
            "12 duplicate identifier",
            Scorm12,
            Box::new(|t: &str, ids: &ManifestIds| {
                t.replacen(
                    &format!("<item identifier=\"{}\"", ids.item),
                    &format!("<item identifier=\"{}\"", ids.organization),
                    1,
                )
            }),
        ),
        (
            "12 default names nothing",
            Scorm12,
            Box::new(|t: &str, ids: &ManifestIds| {
                t.replacen(
                    &format!("default=\"{}\"", ids.organization),
                    "default=\"nope\"",
                    1,
                )
            }),
        ),
        (
            "12 masteryscore 170",
            Scorm12,
            rep(">70</adlcp:masteryscore>", ">170</adlcp:masteryscore>"),
        ),
        (
            "12 masteryscore text",
            Scorm12,
            rep(">70</adlcp:masteryscore>", ">seventy</adlcp:masteryscore>"),
        ),
        (
            "12 masteryscore decimal",
            Scorm12,
            rep(">70</adlcp:masteryscore>", ">70.5</adlcp:masteryscore>"),
        ),
        (
            "12 timelimitaction bad",
            Scorm12,
            rep(
                "</item>",
                "<adlcp:timelimitaction>stop</adlcp:timelimitaction></item>",
            ),
        ),
        (
            "12 timelimitaction good",
            Scorm12,
            rep(
                "</item>",
                "<adlcp:timelimitaction>continue,no message</adlcp:timelimitaction></item>",
            ),
        ),
        (
            "12 datafromlms",
            Scorm12,
            rep(
                "</item>",
                "<adlcp:datafromlms>level=2</adlcp:datafromlms></item>",
            ),
        ),
        (
            "12 maxtimeallowed",
            Scorm12,
            rep(
                "</item>",
                "<adlcp:maxtimeallowed>00:30:00</adlcp:maxtimeallowed></item>",
            ),
        ),
        (
            "12 prerequisites without type",
            Scorm12,
            rep(
                "</item>",
                "<adlcp:prerequisites>x</adlcp:prerequisites></item>",
            ),
        ),
        (
            "12 prerequisites",
            Scorm12,
            rep(
                "</item>",
                "<adlcp:prerequisites type=\"aicc_script\">x</adlcp:prerequisites></item>",
            ),
        ),
        (
            "12 unknown CP element",
            Scorm12,
            rep("</item>", "<bogus/></item>"),
        ),
        (
            "12 unknown namespace element",
            Scorm12,
            rep("</item>", "<x:foo xmlns:x=\"urn:x\"/></item>"),
        ),
        (
            "12 unknown namespace attribute",
            Scorm12,
            rep("<item ", "<item xmlns:x=\"urn:x\" x:a=\"1\" "),
        ),
        (
            "12 no resources",
            Scorm12,
            Box::new(|t: &str, _: &ManifestIds| cut(t, "resources")),
        ),
        (
            "12 no organizations",
            Scorm12,
            Box::new(|t: &str, _: &ManifestIds| cut(t, "organizations")),
        ),
        (
            "12 organization without items",
            Scorm12,
            Box::new(|t: &str, _: &ManifestIds| cut(t, "item")),
        ),
        (
            "12 organization without title",
            Scorm12,
            Box::new(|t: &str, _: &ManifestIds| cut(t, "title")),
        ),
        (
            "12 no metadata",
            Scorm12,
            Box::new(|t: &str, _: &ManifestIds| cut(t, "metadata")),
        ),
        (
            "12 resource without type",
            Scorm12,
            rep(" type=\"webcontent\"", ""),
        ),
        (
            "12 file without href",
            Scorm12,
            rep("<file href=", "<file src="),
        ),
        (
            "12 isvisible yes",
            Scorm12,
            rep("isvisible=\"true\"", "isvisible=\"yes\""),
        ),
        (
            "12 parameters",
            Scorm12,
            rep(
                "isvisible=\"true\"",
                "isvisible=\"false\" parameters=\"?a=1\"",
            ),
        ),
        (
            "12 xml:base",
            Scorm12,
            rep(
                " type=\"webcontent\"",
                " type=\"webcontent\" xml:base=\"./\"",
            ),
        ),
        (
            "12 dependency without identifierref",
            Scorm12,
            rep("<file href=", "<dependency/><file href="),
        ),
        (
            "12 dependency after file",
            Scorm12,
            rep(
                "</resource>",
                "<dependency identifierref=\"x\"/></resource>",
            ),
        ),
        (
            "12 schemaversion too long",
            Scorm12,
            rep(
                "<schemaversion>1.2</schemaversion>",
                "<schemaversion>1.2 a very long version text</schemaversion>",
            ),
        ),
        (
            "12 title of 250 characters",
            Scorm12,
            rep(
                "<title>",
                "<title>aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
            ),
        ),
        (
            "12 LOM bad xml:lang",
            Scorm12,
            rep(
                "<imsmd:langstring xml:lang=\"",
                "<imsmd:langstring xml:lang=\"en US! ",
            ),
        ),
        (
            "12 LOM unknown element",
            Scorm12,
            rep("<imsmd:general>", "<imsmd:general><imsmd:bogus/>"),
        ),
        (
            "12 LOM keyword",
            Scorm12,
            rep(
                "</imsmd:general>",
                "<imsmd:keyword><imsmd:langstring xml:lang=\"en\">k</imsmd:langstring></imsmd:keyword></imsmd:general>",
            ),
        ),
        (
            "12 LOM educational",
            Scorm12,
            rep(
                "<imsmd:rights>",
                "<imsmd:educational><imsmd:description><imsmd:langstring xml:lang=\"en\">d</imsmd:langstring></imsmd:description></imsmd:educational><imsmd:rights>",
            ),
        ),
        (
            "12 LOM rights before general",
            Scorm12,
            Box::new(|t: &str, _: &ManifestIds| {
                let g = t.find("<imsmd:general>").expect("general");
                let ge =
                    t.find("</imsmd:general>").expect("general end") + "</imsmd:general>".len();
                let general = &t[g..ge];
                let without = format!("{}{}", &t[..g], &t[ge..]);
                without.replacen("</imsmd:lom>", &format!("{general}</imsmd:lom>"), 1)
            }),
        ),
        // SCORM 2004
        (
            "2004 scormType bogus",
            Scorm2004,
            rep("adlcp:scormType=\"sco\"", "adlcp:scormType=\"bogus\""),
        ),
        (
            "2004 scormtype 1.2 spelling (XSD-valid)",
            Scorm2004,
            rep("adlcp:scormType=\"sco\"", "adlcp:scormtype=\"sco\""),
        ),
        (
            "2004 flow not boolean",
            Scorm2004,
            rep("flow=\"true\"", "flow=\"maybe\""),
        ),
        (
            "2004 tracked not boolean",
            Scorm2004,
            rep(
                "completionSetByContent=\"true\"",
                "completionSetByContent=\"true\" tracked=\"x\"",
            ),
        ),
        (
            "2004 hideLMSUI bogus",
            Scorm2004,
            rep(
                "</imsss:sequencing>",
                "</imsss:sequencing><adlnav:presentation><adlnav:navigationInterface><adlnav:hideLMSUI>bogus</adlnav:hideLMSUI></adlnav:navigationInterface></adlnav:presentation>",
            ),
        ),
        (
            "2004 hideLMSUI continue",
            Scorm2004,
            rep(
                "</imsss:sequencing>",
                "</imsss:sequencing><adlnav:presentation><adlnav:navigationInterface><adlnav:hideLMSUI>continue</adlnav:hideLMSUI></adlnav:navigationInterface></adlnav:presentation>",
            ),
        ),
        (
            "2004 completionThreshold 2",
            Scorm2004,
            rep(
                "<imsss:sequencing>",
                "<adlcp:completionThreshold minProgressMeasure=\"2\"/><imsss:sequencing>",
            ),
        ),
        (
            "2004 completionThreshold",
            Scorm2004,
            rep(
                "<imsss:sequencing>",
                "<adlcp:completionThreshold completedByMeasure=\"true\" minProgressMeasure=\"0.8\"/><imsss:sequencing>",
            ),
        ),
        (
            "2004 preConditionRule",
            Scorm2004,
            rep(
                "<imsss:deliveryControls",
                "<imsss:sequencingRules><imsss:preConditionRule><imsss:ruleConditions><imsss:ruleCondition condition=\"satisfied\"/></imsss:ruleConditions><imsss:ruleAction action=\"skip\"/></imsss:preConditionRule></imsss:sequencingRules><imsss:deliveryControls",
            ),
        ),
        (
            "2004 preConditionRule bad action",
            Scorm2004,
            rep(
                "<imsss:deliveryControls",
                "<imsss:sequencingRules><imsss:preConditionRule><imsss:ruleConditions><imsss:ruleCondition condition=\"satisfied\"/></imsss:ruleConditions><imsss:ruleAction action=\"exitAll\"/></imsss:preConditionRule></imsss:sequencingRules><imsss:deliveryControls",
            ),
        ),
        (
            "2004 deliveryControls before controlMode",
            Scorm2004,
            rep(
                "<imsss:controlMode",
                "<imsss:deliveryControls/><imsss:controlMode",
            ),
        ),
        (
            "2004 objectives",
            Scorm2004,
            rep(
                "<imsss:deliveryControls",
                "<imsss:objectives><imsss:primaryObjective objectiveID=\"p\" satisfiedByMeasure=\"true\"><imsss:minNormalizedMeasure>0.7</imsss:minNormalizedMeasure></imsss:primaryObjective></imsss:objectives><imsss:deliveryControls",
            ),
        ),
        (
            "2004 minNormalizedMeasure 2",
            Scorm2004,
            rep(
                "<imsss:deliveryControls",
                "<imsss:objectives><imsss:primaryObjective objectiveID=\"p\" satisfiedByMeasure=\"true\"><imsss:minNormalizedMeasure>2</imsss:minNormalizedMeasure></imsss:primaryObjective></imsss:objectives><imsss:deliveryControls",
            ),
        ),
        (
            "2004 selectCount negative",
            Scorm2004,
            rep(
                "<imsss:deliveryControls",
                "<imsss:randomizationControls selectCount=\"-1\"/><imsss:deliveryControls",
            ),
        ),
        (
            "2004 rollupRules",
            Scorm2004,
            rep(
                "<imsss:controlMode choice=\"true\" flow=\"true\"/>",
                "<imsss:controlMode choice=\"true\" flow=\"true\"/><imsss:rollupRules><imsss:rollupRule childActivitySet=\"all\"><imsss:rollupConditions><imsss:rollupCondition condition=\"completed\"/></imsss:rollupConditions><imsss:rollupAction action=\"completed\"/></imsss:rollupRule></imsss:rollupRules>",
            ),
        ),
        (
            "2004 rollupConsiderations",
            Scorm2004,
            rep(
                "<imsss:controlMode choice=\"true\" flow=\"true\"/>",
                "<imsss:controlMode choice=\"true\" flow=\"true\"/><adlseq:rollupConsiderations requiredForSatisfied=\"ifAttempted\"/>",
            ),
        ),
        (
            "2004 rollupConsiderations bogus",
            Scorm2004,
            rep(
                "<imsss:controlMode choice=\"true\" flow=\"true\"/>",
                "<imsss:controlMode choice=\"true\" flow=\"true\"/><adlseq:rollupConsiderations requiredForSatisfied=\"sometimes\"/>",
            ),
        ),
        (
            "2004 objectivesGlobalToSystem bogus",
            Scorm2004,
            Box::new(|t: &str, ids: &ManifestIds| {
                t.replacen(
                    &format!("<organization identifier=\"{}\"", ids.organization),
                    &format!(
                        "<organization identifier=\"{}\" adlseq:objectivesGlobalToSystem=\"nope\"",
                        ids.organization
                    ),
                    1,
                )
            }),
        ),
        (
            "2004 item isvisible bogus",
            Scorm2004,
            rep("<item ", "<item isvisible=\"nope\" "),
        ),
        (
            "2004 item without title",
            Scorm2004,
            Box::new(|t: &str, _: &ManifestIds| {
                let i = t.find("<item ").expect("item");
                format!("{}{}", &t[..i], cut(&t[i..], "title"))
            }),
        ),
        (
            "2004 organization without title",
            Scorm2004,
            Box::new(|t: &str, _: &ManifestIds| cut(t, "title")),
        ),
        (
            "2004 organization without items",
            Scorm2004,
            Box::new(|t: &str, _: &ManifestIds| cut(t, "item")),
        ),
        (
            "2004 default names nothing",
            Scorm2004,
            Box::new(|t: &str, ids: &ManifestIds| {
                t.replacen(
                    &format!("default=\"{}\"", ids.organization),
                    "default=\"nope\"",
                    1,
                )
            }),
        ),
        (
            "2004 no resources",
            Scorm2004,
            Box::new(|t: &str, _: &ManifestIds| cut(t, "resources")),
        ),
        (
            "2004 duplicate identifier",
            Scorm2004,
            Box::new(|t: &str, ids: &ManifestIds| {
                t.replacen(
                    &format!("identifier=\"{}\" type=", ids.resource),
                    &format!("identifier=\"{}\" type=", ids.item),
                    1,
                )
            }),
        ),
        (
            "2004 LOM unknown element",
            Scorm2004,
            rep("<general>", "<general><bogus/>"),
        ),
        (
            "2004 LOM cost maybe",
            Scorm2004,
            rep("<value>no</value>", "<value>maybe</value>"),
        ),
        (
            "2004 LOM bad language",
            Scorm2004,
            rep("<string language=\"", "<string language=\"en US! "),
        ),
        (
            "2004 LOM keyword",
            Scorm2004,
            rep(
                "</general>",
                "<keyword><string language=\"en\">k</string></keyword></general>",
            ),
        ),
        (
            "2004 LOM structure hierarchical",
            Scorm2004,
            rep(
                "</general>",
                "<structure><source>LOMv1.0</source><value>hierarchical</value></structure></general>",
            ),
        ),
        (
            "2004 LOM structure bogus",
            Scorm2004,
            rep(
                "</general>",
                "<structure><source>LOMv1.0</source><value>tree</value></structure></general>",
            ),
        ),
        // cmi5
        (
            "cmi5 moveOn bogus",
            Cmi5,
            rep("moveOn=\"", "moveOn=\"Bogus"),
        ),
        (
            "cmi5 masteryScore above 1",
            Cmi5,
            rep("masteryScore=\"", "masteryScore=\"1"),
        ),
        (
            "cmi5 launchMethod bogus",
            Cmi5,
            rep("launchMethod=\"AnyWindow\"", "launchMethod=\"NewTab\""),
        ),
        (
            "cmi5 launchMethod OwnWindow",
            Cmi5,
            rep("launchMethod=\"AnyWindow\"", "launchMethod=\"OwnWindow\""),
        ),
        (
            "cmi5 no url",
            Cmi5,
            Box::new(|t: &str, _: &ManifestIds| cut(t, "url")),
        ),
        (
            "cmi5 empty url",
            Cmi5,
            rep("<url>index.html</url>", "<url></url>"),
        ),
        (
            "cmi5 launchParameters",
            Cmi5,
            rep(
                "</url>",
                "</url><launchParameters>{\"a\":1}</launchParameters>",
            ),
        ),
        (
            "cmi5 entitlementKey",
            Cmi5,
            rep("</url>", "</url><entitlementKey>k</entitlementKey>"),
        ),
        (
            "cmi5 bad lang",
            Cmi5,
            rep("<langstring lang=\"", "<langstring lang=\"en US! "),
        ),
        (
            "cmi5 unknown element",
            Cmi5,
            rep("</url>", "</url><bogus/>"),
        ),
        (
            "cmi5 foreign extension",
            Cmi5,
            rep("</url>", "</url><x:ext xmlns:x=\"urn:x\"/>"),
        ),
        (
            "cmi5 course without id",
            Cmi5,
            rep("<course id=", "<course ref="),
        ),
        (
            "cmi5 au in a block",
            Cmi5,
            Box::new(|t: &str, _: &ManifestIds| {
                t.replacen("<au ", "<block id=\"https://example.org/b\"><title><langstring>b</langstring></title><description><langstring>b</langstring></description><au ", 1)
                .replacen("</au>", "</au></block>", 1)
            }),
        ),
        (
            "cmi5 objectives",
            Cmi5,
            rep(
                "<au ",
                "<objectives><objective id=\"https://example.org/o\"><title><langstring>o</langstring></title><description><langstring>o</langstring></description></objective></objectives><au ",
            ),
        ),
        (
            "cmi5 au without description",
            Cmi5,
            Box::new(|t: &str, _: &ManifestIds| {
                let i = t.find("<au ").expect("au");
                format!("{}{}", &t[..i], cut(&t[i..], "description"))
            }),
        ),
        // TinCan
        (
            "tincan wrong namespace",
            Tincan,
            rep(
                "http://projecttincan.com/tincan.xsd",
                "http://projecttincan.com/tincan",
            ),
        ),
        (
            "tincan no description",
            Tincan,
            Box::new(|t: &str, _: &ManifestIds| cut(t, "description")),
        ),
        (
            "tincan launch first",
            Tincan,
            Box::new(|t: &str, _: &ManifestIds| {
                let a = t.find("<name").expect("name");
                let l = t.find("<launch").expect("launch");
                let le = t.find("</launch>").expect("launch end") + "</launch>".len();
                let launch = t[l..le].to_string();
                let without = format!("{}{}", &t[..l], &t[le..]);
                format!("{}{launch}{}", &without[..a], &without[a..])
            }),
        ),
        (
            "tincan bad lang",
            Tincan,
            rep("<name lang=\"", "<name lang=\"en US! "),
        ),
        (
            "tincan activity without id",
            Tincan,
            rep("<activity id=", "<activity ref="),
        ),
        (
            "tincan unknown element",
            Tincan,
            rep("</activity>", "<bogus/></activity>"),
        ),
        (
            "tincan second name",
            Tincan,
            rep("<description", "<name lang=\"de\">x</name><description"),
        ),
        (
            "tincan activity without launch",
            Tincan,
            rep(
                "</activities>",
                "<activity id=\"https://example.org/x\" type=\"http://adlnet.gov/expapi/activities/lesson\"><name>x</name><description>x</description></activity></activities>",
            ),
        ),
    ]
}

#[test]
fn own_schemas_agree_with_the_official_ones() {
    let mut docs: Vec<(String, Set, String)> = Vec::new();
    // 1. The official examples.
    let examples = common::official_schemas().join("examples");
    let mut names: Vec<_> = std::fs::read_dir(&examples)
        .expect("examples")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "xml"))
        .collect();
    names.sort();
    for p in &names {
        let name = p
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        let set = set_of_name(&name).expect("example name says the standard");
        docs.push((name, set, std::fs::read_to_string(p).expect("read")));
    }
    assert!(docs.len() >= 22, "expected the 22 official examples");
    // 2. Every manifest the project writes, for two courses.
    let readme = tempfile::tempdir().expect("temp");
    let mut built = manifests(&common::root().join("course"));
    let example = manifests(&readme_course(readme.path()));
    built.extend(example.iter().cloned());
    for (label, set, text, _) in &built {
        docs.push((label.clone(), *set, text.clone()));
    }
    // 3. Mutations of the README example's manifests.
    let mutations = mutations();
    assert!(mutations.len() >= 40);
    for (name, set, mutate) in &mutations {
        let (_, _, base, ids) = example
            .iter()
            .find(|(_, s, _, _)| s == set)
            .expect("a manifest of the set");
        let mutated = mutate(base, ids);
        assert_ne!(&mutated, base, "{name}: the mutation changed nothing");
        docs.push((name.to_string(), *set, mutated));
    }
    let mut disagreements = Vec::new();
    let (mut valid, mut invalid) = (0, 0);
    for (name, set, text) in &docs {
        let (theirs, why_theirs) = common::xmllint(official_schema(*set), text.as_bytes());
        let (mine, why_mine) = ours(*set, text);
        if name.ends_with(".xml") && theirs == name.starts_with("invalid-") {
            disagreements.push(format!("{name}: xmllint's verdict contradicts the name"));
        }
        if theirs {
            valid += 1;
        } else {
            invalid += 1;
        }
        if theirs != mine {
            disagreements.push(format!(
                "{name}: official {} / ours {}\n  xmllint: {}\n  ours: {why_mine}",
                if theirs { "valid" } else { "invalid" },
                if mine { "valid" } else { "invalid" },
                why_theirs.trim()
            ));
        }
    }
    assert!(
        disagreements.is_empty(),
        "{} of {} documents disagree:\n{}",
        disagreements.len(),
        docs.len(),
        disagreements.join("\n")
    );
    assert!(
        valid > 20 && invalid > 40,
        "valid {valid}, invalid {invalid}"
    );
}

#[test]
fn every_built_manifest_is_valid() {
    let readme = tempfile::tempdir().expect("temp");
    for dir in [common::root().join("course"), readme_course(readme.path())] {
        for (label, set, text, _) in manifests(&dir) {
            let (ok, why) = ours(set, &text);
            assert!(ok, "{label}: {why}\n{text}");
        }
    }
}

/// `coursepack validate` as a whole (XSD stage and rules, profile spec) on
/// each official example, put in a package folder with every file it
/// references: `valid-*` pass, `invalid-*` fail, and the "XSD-valid but
/// wrong" one fails on the rule that catches what the schema cannot.
#[test]
fn official_examples_get_the_verdict_their_names_say() {
    use coursepack::validate::{self, Options, Profile, archive::Limits};
    let examples = common::official_schemas().join("examples");
    let options = Options {
        profile: Profile::Spec,
        limits: Limits::default(),
        official: None,
        schemas: std::rc::Rc::new(validate::xsd::Schemas::new()),
    };
    let mut failures = Vec::new();
    for entry in std::fs::read_dir(&examples)
        .expect("examples")
        .filter_map(Result::ok)
    {
        let path = entry.path();
        let name = path
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        let Some(set) = set_of_name(&name).filter(|_| name.ends_with(".xml")) else {
            continue;
        };
        let text = std::fs::read_to_string(&path).expect("read");
        let dir = tempfile::tempdir().expect("temp");
        let manifest = match set {
            Set::Scorm12 | Set::Scorm2004 => "imsmanifest.xml",
            Set::Cmi5 => "cmi5.xml",
            Set::Tincan => "tincan.xml",
        };
        std::fs::write(dir.path().join(manifest), &text).expect("write");
        // Every file the example points at (href="...", <url>, <launch>).
        let mut refs = Vec::new();
        for piece in text.split("href=\"").skip(1) {
            refs.extend(piece.split('"').next());
        }
        for tag in ["<url>", "\">"] {
            for piece in text.split(tag).skip(1) {
                let value = piece.split('<').next().unwrap_or_default();
                if value.ends_with(".html") {
                    refs.push(value);
                }
            }
        }
        for r in refs {
            let file = dir.path().join(r);
            std::fs::create_dir_all(file.parent().expect("parent")).expect("mkdir");
            std::fs::write(file, "x").expect("write");
        }
        let report = validate::validate(dir.path(), &options).expect("validate");
        let errors: Vec<&str> = report
            .findings
            .iter()
            .filter(|d| d.severity == coursepack::diag::Severity::Error)
            .map(|d| d.rule_id)
            .collect();
        let ok = if name.starts_with("valid-") {
            errors.is_empty()
        } else if name.starts_with("invalid-") {
            !errors.is_empty()
        } else {
            errors == ["manifest-scormtype"]
        };
        if !ok {
            failures.push(format!("{name}: {errors:?} {:#?}", report.findings));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
