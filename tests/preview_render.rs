//! The preview renders page by page and re-reads only the page an edit
//! touched; what it serves must stay byte for byte what a build packages.

use crate::common;
use coursepack::package::Content;
use coursepack::preview::site::{Change, Site};
use coursepack::render::{RenderRequest, render};
use std::path::Path;

/// The launch page a build of `dir` packages (web target, `lang`).
fn built_index(dir: &Path, lang: &str) -> Vec<u8> {
    let checked = coursepack::course::load_and_check(dir).expect("loads");
    assert!(!checked.has_errors(), "{:?}", checked.diagnostics);
    let course = checked.course.expect("a course");
    let rendered = render(&RenderRequest {
        course: &course,
        course_dir: dir,
        lang,
        runtime: "none",
    })
    .expect("renders");
    let index = rendered
        .files
        .into_iter()
        .find(|f| f.path == "index.html")
        .expect("index.html");
    match index.content {
        Content::Bytes(b) => b,
        Content::File(_) => panic!("index.html is generated"),
    }
}

fn served_index(site: &Site) -> Vec<u8> {
    let snapshot = site.snapshot();
    assert_eq!(snapshot.errors, 0, "{}", snapshot.diagnostics);
    match snapshot.files.get("index.html") {
        Some(Content::Bytes(b)) => b.clone(),
        _ => panic!("the preview serves no index.html"),
    }
}

fn copy_course(to: &Path) {
    let from = common::root().join("course");
    for entry in walk(&from) {
        let rel = entry.strip_prefix(&from).expect("inside");
        let dest = to.join(rel);
        std::fs::create_dir_all(dest.parent().expect("parent")).expect("mkdir");
        std::fs::copy(&entry, dest).expect("copy");
    }
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).expect("read_dir").flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}

/// A copy of the real course in a temporary folder, previewed in Dutch.
struct Previewed {
    tmp: tempfile::TempDir,
    yaml: std::path::PathBuf,
    original: String,
    site: Site,
}

fn previewed() -> Previewed {
    let tmp = tempfile::tempdir().expect("temp dir");
    copy_course(tmp.path());
    let yaml = tmp.path().join("course.yaml");
    let original = std::fs::read_to_string(&yaml).expect("course.yaml");
    let site = Site::new(tmp.path(), "none", Some("nl".to_string()));
    Previewed {
        tmp,
        yaml,
        original,
        site,
    }
}

#[test]
fn the_preview_serves_what_the_build_packages_through_every_kind_of_edit() {
    let Previewed {
        tmp,
        yaml,
        original,
        site,
    } = previewed();
    let dir = tmp.path();
    assert_eq!(served_index(&site), built_index(dir, "nl"), "first render");

    // Inside one page (the page is parsed again alone), twice; then a line
    // added (the file is parsed whole); then an error and its fix.
    let title = "title: {nl: Welkom, en: Welcome}";
    assert!(original.contains(title));
    let edits = [
        original.replace(title, "title: {nl: Welkom terug, en: Welcome}"),
        original.replace(title, "title: {nl: Hallo, en: Welcome}"),
        original.replace(title, "title: {nl: Hallo, en: Welcome}\n"),
        original.replace(title, "titel: {nl: Hallo, en: Welcome}"),
        original.clone(),
    ];
    for (i, text) in edits.iter().enumerate() {
        std::fs::write(&yaml, text).expect("write");
        let snapshot = site.refresh(Change::Course);
        if text.contains("titel:") {
            assert_eq!(snapshot.errors, 1, "{}", snapshot.diagnostics);
            assert!(
                snapshot.diagnostics.contains("unknown key `titel`"),
                "{}",
                snapshot.diagnostics
            );
            continue;
        }
        let served = served_index(&site);
        assert_eq!(served, built_index(dir, "nl"), "edit {i}");
        let wanted = if text.contains("{nl: Hallo") {
            ">Hallo<"
        } else if text.contains("Welkom terug") {
            ">Welkom terug<"
        } else {
            ">Welkom<"
        };
        assert!(
            String::from_utf8_lossy(&served).contains(wanted),
            "edit {i}: {wanted}"
        );
    }
}

/// Edits of every kind that reaches other pages than the one edited (a
/// lesson title is on each of its pages, a page id in the links to it, the
/// course title in the menu and the data), and of an asset: each gives the
/// launch page a fresh build gives.
#[test]
fn edits_that_reach_other_pages_give_what_a_build_gives() {
    let Previewed {
        tmp,
        yaml,
        original,
        site,
    } = previewed();
    let dir = tmp.path();
    assert_eq!(served_index(&site), built_index(dir, "nl"), "first render");

    let lesson = "title: {nl: Introductie, en: Introduction}";
    let page = "title: {nl: Welkom, en: Welcome}";
    let course_title = "  nl: Digitale vaardigheden en technologieën\n";
    for needle in [lesson, page, course_title, "spotify-intro"] {
        assert!(original.contains(needle), "{needle}");
    }
    let edits = [
        // A lesson's title (inside the lesson, outside its pages).
        (
            original.replace(lesson, "title: {nl: Inleiding, en: Introduction}"),
            ">Inleiding<",
        ),
        // A page's text, then the lesson title back.
        (
            original.replace(page, "title: {nl: Hallo, en: Welcome}"),
            ">Hallo<",
        ),
        // The id of a page other pages link to, and every link to it.
        (
            original.replace("spotify-intro", "spotify-start"),
            "href=\"#page-spotify-start\"",
        ),
        // The course's title.
        (
            original.replace(course_title, "  nl: Digitale vaardigheden, vernieuwd\n"),
            "Digitale vaardigheden, vernieuwd",
        ),
        (original.clone(), ">Introductie<"),
    ];
    for (i, (text, wanted)) in edits.iter().enumerate() {
        std::fs::write(&yaml, text).expect("write");
        let snapshot = site.refresh(Change::Course);
        assert_eq!(snapshot.errors, 0, "edit {i}: {}", snapshot.diagnostics);
        let served = served_index(&site);
        assert_eq!(served, built_index(dir, "nl"), "edit {i}");
        assert!(
            String::from_utf8_lossy(&served).contains(wanted),
            "edit {i}: {wanted}"
        );
    }
    let unchanged = served_index(&site);
    assert!(
        !String::from_utf8_lossy(&unchanged).contains("spotify-start"),
        "the links follow the id back"
    );

    // An asset changed in place: the launch page stays what a build gives,
    // and the file is served as it is now.
    let svg = dir.join("assets/spotify-wrapped.svg");
    let mut bytes = std::fs::read(&svg).expect("svg");
    bytes.extend_from_slice(b"\n<!-- edited -->\n");
    std::fs::write(&svg, &bytes).expect("write svg");
    let snapshot = site.refresh(Change::Asset);
    assert_eq!(snapshot.errors, 0, "{}", snapshot.diagnostics);
    assert_eq!(served_index(&site), built_index(dir, "nl"), "asset edit");
    match snapshot.files.get("assets/spotify-wrapped.svg") {
        Some(Content::File(path)) => {
            assert_eq!(std::fs::read(path).expect("served svg"), bytes)
        }
        Some(Content::Bytes(b)) => assert_eq!(b, &bytes),
        None => panic!("the preview serves no assets/spotify-wrapped.svg"),
    }
}

/// A lesson added, then removed again (the whole file is parsed, the pages
/// after it move in the menu): the launch page is what a build gives.
#[test]
fn a_lesson_added_or_removed_gives_what_a_build_gives() {
    let Previewed {
        tmp,
        yaml,
        original,
        site,
    } = previewed();
    let dir = tmp.path();
    let anchor = "\n  # ---------------------------------------------------------------------------\n  - id: references\n";
    let start = original.find(anchor).expect("the references lesson");
    let added = "\n  - id: extra\n    title: {nl: Extra les, en: Extra lesson}\n    pages:\n      - id: extra-page\n        title: {nl: Extra pagina, en: Extra page}\n        blocks:\n          - text: {nl: Nieuw., en: New.}\n";
    let edits = [
        (
            format!("{}{added}{}", &original[..start], &original[start..]),
            true,
        ),
        (original.clone(), false),
    ];
    for (i, (text, wanted)) in edits.iter().enumerate() {
        std::fs::write(&yaml, text).expect("write");
        let snapshot = site.refresh(Change::Course);
        assert_eq!(snapshot.errors, 0, "edit {i}: {}", snapshot.diagnostics);
        let served = served_index(&site);
        assert_eq!(served, built_index(dir, "nl"), "edit {i}");
        let served = String::from_utf8_lossy(&served);
        assert_eq!(served.contains(">Extra les<"), *wanted, "edit {i}");
        assert!(served.contains(">Referenties en licentie<"), "edit {i}");
    }
}

/// The checks remember what they found in each asset between edits; an
/// asset replaced by a bad one while the preview runs is reported at once
/// and after the next edit of course.yaml (the watcher names the file), and
/// so is a folder renamed away (the watcher names the folder).
#[test]
fn an_asset_replaced_by_a_bad_one_is_reported() {
    let Previewed {
        tmp,
        yaml,
        original,
        site,
    } = previewed();
    let dir = tmp.path();
    assert_eq!(site.snapshot().errors, 0, "{}", site.snapshot().diagnostics);
    let root = dir.canonicalize().expect("canonical");
    let edit = |n: usize| {
        let title = "title: {nl: Welkom, en: Welcome}";
        let text = original.replace(title, &format!("title: {{nl: Welkom {n}, en: Welcome}}"));
        std::fs::write(&yaml, text).expect("write");
    };

    // A text file where a picture should be.
    let svg = dir.join("assets/spotify-wrapped.svg");
    let good = std::fs::read(&svg).expect("svg");
    std::fs::write(&svg, b"not a picture at all").expect("write svg");
    site.files_changed(Some(&[root.join("assets/spotify-wrapped.svg")]));
    // Reported at once, without an edit of course.yaml.
    let s = site.refresh(Change::Asset);
    assert!(s.errors >= 1, "{}", s.diagnostics);
    assert!(
        s.diagnostics.contains("spotify-wrapped.svg"),
        "{}",
        s.diagnostics
    );
    // And still after the next edit.
    edit(1);
    let s = site.refresh(Change::Course);
    assert!(s.errors >= 1, "{}", s.diagnostics);
    assert!(
        s.diagnostics.contains("spotify-wrapped.svg"),
        "{}",
        s.diagnostics
    );

    // Put back: the error goes at the next edit.
    std::fs::write(&svg, &good).expect("write svg");
    site.files_changed(Some(&[root.join("assets/spotify-wrapped.svg")]));
    edit(2);
    let s = site.refresh(Change::Course);
    assert_eq!(s.errors, 0, "{}", s.diagnostics);
    assert_eq!(served_index(&site), built_index(dir, "nl"), "after the fix");

    // The folder renamed away: every asset in it is missing.
    std::fs::rename(dir.join("assets"), dir.join("media")).expect("rename");
    site.files_changed(Some(&[root.join("assets"), root.join("media")]));
    edit(3);
    let s = site.refresh(Change::Course);
    assert!(
        s.diagnostics.contains("does not exist"),
        "{}",
        s.diagnostics
    );
    std::fs::rename(dir.join("media"), dir.join("assets")).expect("rename back");

    // Unclear events (the queue overflowed): everything is opened again.
    site.files_changed(None);
    edit(4);
    assert_eq!(site.refresh(Change::Course).errors, 0);
    std::fs::write(&svg, b"not a picture at all").expect("write svg");
    site.files_changed(None);
    edit(5);
    let s = site.refresh(Change::Course);
    assert!(
        s.diagnostics.contains("spotify-wrapped.svg"),
        "{}",
        s.diagnostics
    );
}

/// Edits of a page's text only (the launch page around the pages is kept,
/// only the page is rendered again): what a build gives, each time.
#[test]
fn edits_of_a_page_text_only_give_what_a_build_gives() {
    let Previewed {
        tmp,
        yaml,
        original,
        site,
    } = previewed();
    let dir = tmp.path();
    let text = "Je kunt tussendoor stoppen en later verdergaan.";
    assert!(original.contains(text));
    let edits = [
        (
            original.replace(text, "Je mag pauzeren."),
            "Je mag pauzeren.",
        ),
        (original.replace(text, "Je mag stoppen."), "Je mag stoppen."),
        (original.clone(), text),
    ];
    for (i, (edited, wanted)) in edits.iter().enumerate() {
        std::fs::write(&yaml, edited).expect("write");
        let snapshot = site.refresh(Change::Course);
        assert_eq!(snapshot.errors, 0, "edit {i}: {}", snapshot.diagnostics);
        let served = served_index(&site);
        assert_eq!(served, built_index(dir, "nl"), "edit {i}");
        assert!(
            String::from_utf8_lossy(&served).contains(wanted),
            "edit {i}"
        );
    }
}
