//! A corpus of malformed courses, generated from one valid base course: each
//! case mutates the base, runs `coursepack check --format json` on it and
//! asserts the rule id, line and column of the first diagnostic, so every rule
//! that course.yaml content can trigger is pinned to the place an author would
//! look at. No fixture files: the courses are written to temporary folders.

use assert_cmd::Command;
use std::collections::BTreeSet;
use std::path::Path;

/// A small but complete course that checks clean: two languages, every block
/// type except video, one question of each type, an assessment and
/// `completion: both`. Line numbers in the cases below refer to this text.
const BASE: &str = r#"id: malformed-base
version: "1.0.0"
iri: https://example.org/courses/malformed-base
title:
  nl: Basiscursus
  en: Base course
description:
  nl: Een kleine maar volledige cursus.
  en: A small but complete course.
languages:
  source: nl
  translations: [en]
authors:
  - name: Example Learning
    role: {nl: tekst, en: text}
license:
  spdx: CC-BY-4.0
  url: https://creativecommons.org/licenses/by/4.0/
  attribution:
    nl: Gelicentieerd onder CC BY 4.0.
    en: Licensed under CC BY 4.0.
completion: both
lessons:
  - id: basics
    title: {nl: De basis, en: The basics}
    pages:
      - id: intro
        title: {nl: Inleiding, en: Introduction}
        blocks:
          - heading: {nl: Wachtwoorden, en: Passwords}
          - text:
              nl: Een **sterk** wachtwoord is lang. Lees [de tips](page:tips).
              en: A **strong** password is long. Read [the tips](page:tips).
          - image:
              src: assets/chart.png
              alt:
                nl: Staafdiagram van wachtwoordlengte.
                en: Bar chart of password length.
              caption: {nl: Lengte telt., en: Length matters.}
          - callout:
              kind: warning
              title: {nl: Let op, en: Watch out}
              text: {nl: Deel nooit je wachtwoord., en: Never share your password.}
          - list:
              ordered: true
              items:
                - {nl: Gebruik een wachtwoordmanager., en: Use a password manager.}
                - {nl: Zet twee-factor-authenticatie aan., en: Turn on two-factor authentication.}
          - links:
              - title: "NCSC, Secure your accounts, 2024"
                url: https://www.ncsc.gov.uk/collection/top-tips
                note: {nl: Engelstalig., en: In English.}
      - id: tips
        title: {nl: Tips, en: Tips}
        blocks:
          - text: {nl: Kies een zin als wachtwoord., en: Choose a phrase as your password.}
    check:
      id: basics-check
      title: {nl: Controle, en: Check}
      questions:
        - id: q-single
          type: single-choice
          prompt: {nl: Wat helpt het meest?, en: What helps most?}
          choices:
            - id: manager
              text: {nl: Een wachtwoordmanager, en: A password manager}
              correct: true
            - id: same
              text: {nl: Overal hetzelfde wachtwoord, en: The same password everywhere}
          feedback:
            correct: {nl: Juist., en: Right.}
            incorrect: {nl: Een manager onthoudt alles., en: A manager remembers everything.}
        - id: q-multi
          type: multiple-response
          prompt: {nl: Wat is sterk?, en: What is strong?}
          choices:
            - {id: long, text: {nl: Lang, en: Long}, correct: true}
            - {id: unique, text: {nl: Uniek, en: Unique}, correct: true}
            - {id: short, text: {nl: Kort, en: Short}}
          feedback:
            correct: {nl: Goed., en: Good.}
            incorrect: {nl: Lang en uniek., en: Long and unique.}
        - id: q-tf
          type: true-false
          prompt: {nl: Langer is sterker., en: Longer is stronger.}
          answer: true
          feedback:
            correct: {nl: Klopt., en: Correct.}
            incorrect: {nl: Lengte maakt raden moeilijker., en: Length makes guessing harder.}
        - id: q-fill
          type: fill-in
          prompt: {nl: "Twee-...-authenticatie", en: "Two-... authentication"}
          accepted: {nl: [factor], en: [factor]}
          case_sensitive: false
          feedback:
            correct: {nl: Ja., en: Yes.}
            incorrect: {nl: Het is twee-factor., en: It is two-factor.}
        - id: q-match
          type: matching
          prompt: {nl: Koppel de begrippen., en: Match the terms.}
          pairs:
            - id: otp
              source: {nl: OTP, en: OTP}
              target: {nl: Eenmalige code, en: One-time code}
            - id: pm
              source: {nl: Manager, en: Manager}
              target: {nl: Kluis, en: Vault}
          feedback:
            correct: {nl: Prima., en: Fine.}
            incorrect: {nl: Een OTP is een eenmalige code., en: An OTP is a one-time code.}
        - id: q-seq
          type: sequencing
          prompt: {nl: Zet in volgorde., en: Put in order.}
          items:
            - {id: install, text: {nl: Installeren, en: Install}}
            - {id: import, text: {nl: Importeren, en: Import}}
          feedback:
            correct: {nl: Precies., en: Exactly.}
            incorrect: {nl: Eerst installeren., en: Install first.}
        - id: q-num
          type: numeric
          prompt: {nl: Hoeveel tekens minimaal?, en: How many characters at least?}
          exact: 12
          feedback:
            correct: {nl: Twaalf., en: Twelve.}
            incorrect: {nl: Minstens twaalf., en: At least twelve.}
        - id: q-likert
          type: likert
          prompt: {nl: Hoe zeker ben je?, en: How sure are you?}
          scale:
            - {id: low, text: {nl: Onzeker, en: Unsure}}
            - {id: high, text: {nl: Zeker, en: Sure}}
          feedback:
            neutral: {nl: Dank je., en: Thank you.}
assessment:
  id: final
  title: {nl: Eindtoets, en: Final test}
  intro: {nl: Succes!, en: Good luck!}
  pass_mark: 70
  draw: 2
  attempts: 3
  shuffle: true
  feedback: at-end
  questions:
    - id: final-tf
      type: true-false
      prompt: {nl: Een manager is veilig., en: A manager is safe.}
      answer: true
      feedback:
        correct: {nl: Juist., en: Right.}
        incorrect: {nl: Managers versleutelen alles., en: Managers encrypt everything.}
    - id: final-range
      type: numeric
      prompt: {nl: Noem een veilige lengte., en: Name a safe length.}
      min: 12
      max: 64
      feedback:
        correct: {nl: Veilig., en: Safe.}
        incorrect: {nl: Tussen 12 en 64., en: Between 12 and 64.}
    - id: final-mood
      type: likert
      prompt: {nl: Was dit nuttig?, en: Was this useful?}
      scale:
        - {id: useless, text: {nl: Nee, en: No}}
        - {id: useful, text: {nl: Ja, en: Yes}}
"#;

/// The image the base course shows (any bytes with a PNG extension will do).
const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR";

/// One change to the base course.
enum Edit {
    /// Replace `from`, which must occur exactly once, by `to`.
    Replace(&'static str, Vec<u8>),
    /// Remove from `from` (inclusive) up to `until` (exclusive; `None`: to the
    /// end). Both must occur exactly once.
    Remove(&'static str, Option<&'static str>),
    /// Add text at the end of the file.
    Append(Vec<u8>),
}

struct Case {
    name: &'static str,
    edits: Vec<Edit>,
    /// Runs in the course folder after course.yaml and the PNG are written.
    setup: Option<fn(&Path)>,
    rule: &'static str,
    /// Line and column of the first diagnostic (`None`: the file as a whole).
    at: Option<(u64, u64)>,
    exit: i32,
}

fn case(name: &'static str, rule: &'static str, line: u64, column: u64) -> Case {
    Case {
        name,
        edits: Vec::new(),
        setup: None,
        rule,
        at: Some((line, column)),
        exit: 1,
    }
}

/// A case whose diagnostic is about the file as a whole, with no position.
fn whole_file(name: &'static str, rule: &'static str) -> Case {
    Case {
        at: None,
        ..case(name, rule, 0, 0)
    }
}

impl Case {
    fn replace(mut self, from: &'static str, to: impl Into<Vec<u8>>) -> Self {
        self.edits.push(Edit::Replace(from, to.into()));
        self
    }

    fn remove(mut self, from: &'static str, until: Option<&'static str>) -> Self {
        self.edits.push(Edit::Remove(from, until));
        self
    }

    fn append(mut self, text: impl Into<Vec<u8>>) -> Self {
        self.edits.push(Edit::Append(text.into()));
        self
    }

    fn setup(mut self, f: fn(&Path)) -> Self {
        self.setup = Some(f);
        self
    }

    /// The first diagnostic is a warning: the check still passes.
    fn warning(mut self) -> Self {
        self.exit = 0;
        self
    }

    /// The base course with this case's edits applied.
    fn text(&self) -> Result<Vec<u8>, String> {
        let mut text = BASE.as_bytes().to_vec();
        for edit in &self.edits {
            text = match edit {
                Edit::Replace(from, to) => {
                    let at = find_once(&text, from)?;
                    [&text[..at], to.as_slice(), &text[at + from.len()..]].concat()
                }
                Edit::Remove(from, until) => {
                    let start = find_once(&text, from)?;
                    let end = match until {
                        Some(u) => find_once(&text, u)?,
                        None => text.len(),
                    };
                    if end < start {
                        return Err(format!("`{}` comes before `{from}`", until.unwrap_or("")));
                    }
                    [&text[..start], &text[end..]].concat()
                }
                Edit::Append(more) => [text.as_slice(), more.as_slice()].concat(),
            };
        }
        Ok(text)
    }
}

/// The byte offset of `needle` in `hay`, which must hold it exactly once.
fn find_once(hay: &[u8], needle: &str) -> Result<usize, String> {
    let n = needle.as_bytes();
    let hits: Vec<usize> = (0..=hay.len().saturating_sub(n.len()))
        .filter(|&i| hay[i..].starts_with(n))
        .collect();
    match hits.as_slice() {
        [one] => Ok(*one),
        _ => Err(format!(
            "the edit expects `{}` exactly once in the course, found it {} times",
            needle.escape_debug(),
            hits.len()
        )),
    }
}

/// `templates/player/player.css`, linked to a file outside the course folder.
fn override_outside(dir: &Path) {
    let outside = dir
        .parent()
        .expect("course folder has a parent")
        .join("secret.css");
    std::fs::write(&outside, "SECRET").expect("write outside file");
    std::fs::create_dir_all(dir.join("templates/player")).expect("mkdir");
    #[cfg(unix)]
    std::os::unix::fs::symlink(&outside, dir.join("templates/player/player.css")).expect("symlink");
}

/// `templates/player/player.css` is a FIFO (check must not block on it).
fn override_fifo(dir: &Path) {
    std::fs::create_dir_all(dir.join("templates/player")).expect("mkdir");
    let made = std::process::Command::new("mkfifo")
        .arg(dir.join("templates/player/player.css"))
        .status()
        .expect("mkfifo");
    assert!(made.success());
}

fn override_css(dir: &Path) {
    std::fs::create_dir_all(dir.join("templates/player")).expect("mkdir");
    std::fs::write(dir.join("templates/player/player.css"), "body{}").expect("css");
}

/// `templates/i18n/en.json` is cut off: not a JSON object of strings.
fn override_broken_strings(dir: &Path) {
    std::fs::create_dir_all(dir.join("templates/i18n")).expect("mkdir");
    std::fs::write(
        dir.join("templates/i18n/en.json"),
        "{\n  \"next\": \"Next\",\n  \"back\": 3\n}\n",
    )
    .expect("json");
}

/// `templates/player/partials/menu.hbs` closes a block it never opened.
fn override_broken_partial(dir: &Path) {
    std::fs::create_dir_all(dir.join("templates/player/partials")).expect("mkdir");
    std::fs::write(
        dir.join("templates/player/partials/menu.hbs"),
        "<header>\n  {{#if title}}<h1>{{title}}</h1>{{/each}}\n</header>\n",
    )
    .expect("hbs");
}

fn folder_named_like_a_file(dir: &Path) {
    std::fs::create_dir_all(dir.join("assets/folder.png")).expect("mkdir");
}

fn html_named_png(dir: &Path) {
    std::fs::write(dir.join("assets/fake.png"), "<html><script>x</script>").expect("write");
}

fn svg_with_script(dir: &Path) {
    std::fs::write(
        dir.join("assets/evil.svg"),
        "<svg xmlns=\"http://www.w3.org/2000/svg\">\n  <script>alert(1)</script>\n</svg>\n",
    )
    .expect("write");
}

/// Makes `assets/linked.png` a symbolic link to a file outside the course folder.
fn link_outside(dir: &Path) {
    let outside = dir
        .parent()
        .expect("course folder has a parent")
        .join("secret.png");
    std::fs::write(&outside, PNG).expect("write outside file");
    #[cfg(unix)]
    std::os::unix::fs::symlink(&outside, dir.join("assets/linked.png")).expect("symlink");
}

fn write_text_asset(dir: &Path) {
    std::fs::write(dir.join("assets/chart.txt"), "not an image").expect("write txt");
}

/// `n` one-line choices of a multiple-response question, the first correct.
fn many_choices(n: usize) -> String {
    (0..n)
        .map(|i| {
            let correct = if i == 0 { ", correct: true" } else { "" };
            format!(
                "            - {{id: c{i}, text: {{nl: Optie {i}, en: Option {i}}}{correct}}}\n"
            )
        })
        .collect()
}

fn cases() -> Vec<Case> {
    vec![
        // ---- file and YAML layer ----------------------------------------------
        whole_file("file-too-large", "file-too-large")
            .append(format!("# {}\n", "x".repeat(16 * 1024 * 1024))),
        case("invalid-utf8", "file-encoding", 5, 12)
            .replace("Basiscursus", b"Basis\xFFcursus".to_vec()),
        // The parser notices at the `:` after the over-indented key.
        case("syntax-bad-indentation", "yaml-syntax", 6, 6)
            .replace("  en: Base course\n", "   en: Base course\n"),
        // At the opening quote of the string that never ends.
        case("syntax-unclosed-quote", "yaml-syntax", 92, 54)
            .replace("en: \"Two-... authentication\"}", "en: \"Two-... authentication}"),
        case("syntax-tab-indentation", "yaml-syntax", 5, 1)
            .replace("  nl: Basiscursus\n", "\tnl: Basiscursus\n"),
        // The parser notices at the next key; the author has to fix the `[`.
        case("syntax-unclosed-flow-sequence", "yaml-syntax", 12, 17)
            .replace("translations: [en]", "translations: [en"),
        // Reported where the parser's recursion limit (256) is crossed. Less
        // deep nesting (65-255) is a yaml-type error at the second `[`: the
        // typed loader refuses the list before the depth budget is reached.
        case("limit-deep-nesting", "yaml-limit", 12, 272).replace(
            "translations: [en]",
            format!("translations: {}en{}", "[".repeat(300), "]".repeat(300)),
        ),
        case("type-string-for-number", "yaml-type", 139, 14)
            .replace("pass_mark: 70", "pass_mark: seventy"),
        case("type-unknown-completion", "yaml-type", 22, 13)
            .replace("completion: both", "completion: sometimes"),
        case("type-unknown-block", "yaml-type", 30, 13)
            .replace("- heading: {nl: Wachtwoorden", "- header: {nl: Wachtwoorden"),
        case("type-list-for-map", "yaml-type", 5, 3).replace(
            "  nl: Basiscursus\n  en: Base course\n",
            "  - Basiscursus\n  - Base course\n",
        ),
        case("unknown-key-top-level", "yaml-unknown-key", 22, 1)
            .replace("completion: both", "completoin: both"),
        case("unknown-key-in-question", "yaml-unknown-key", 86, 11).replace(
            "          answer: true\n",
            "          shufle: true\n          answer: true\n",
        ),
        case("unknown-key-in-choice", "yaml-unknown-key", 67, 15).replace(
            "              correct: true\n            - id: same",
            "              corect: true\n            - id: same",
        ),
        case("duplicate-key", "yaml-duplicate-key", 140, 3)
            .replace("  pass_mark: 70\n", "  pass_mark: 70\n  pass_mark: 80\n"),
        // At the first key of the mapping the key is missing from (the YAML
        // layer reports its last key; coursepack walks back to the start).
        case("missing-course-title", "yaml-missing-key", 1, 1)
            .replace("title:\n  nl: Basiscursus\n  en: Base course\n", ""),
        case("missing-question-prompt", "yaml-missing-key", 83, 11).replace(
            "          prompt: {nl: Langer is sterker., en: Longer is stronger.}\n",
            "",
        ),
        // ---- ids ----------------------------------------------------------------
        case("id-upper-case", "id-format", 24, 9).replace("  - id: basics\n", "  - id: Basics\n"),
        case("id-leading-digit", "id-format", 83, 15).replace("- id: q-tf\n", "- id: 1-tf\n"),
        case("id-with-spaces", "id-format", 1, 5)
            .replace("id: malformed-base\n", "id: malformed base\n"),
        case("id-page-reused", "id-duplicate", 53, 13).replace("- id: intro\n", "- id: tips\n"),
        case("id-question-reused-in-assessment", "id-duplicate", 145, 11)
            .replace("- id: final-tf\n", "- id: q-tf\n"),
        case("id-choice-twice", "id-duplicate", 79, 20)
            .replace("- {id: short,", "- {id: long,"),
        // ---- metadata -----------------------------------------------------------
        case("version-not-numeric", "meta-version", 2, 10)
            .replace("version: \"1.0.0\"", "version: \"v1\""),
        case("iri-without-scheme", "meta-iri", 3, 6).replace(
            "iri: https://example.org/courses/malformed-base",
            "iri: example.org/courses/malformed-base",
        ),
        case("iri-with-fragment", "meta-iri", 3, 6).replace(
            "iri: https://example.org/courses/malformed-base",
            "iri: https://example.org/courses/malformed-base#top",
        ),
        case("license-not-spdx", "meta-license", 17, 9)
            .replace("spdx: CC-BY-4.0", "spdx: CC BY 4.0"),
        case("lang-tag-malformed", "lang-tag", 12, 22)
            .replace("translations: [en]", "translations: [en, en_GB]"),
        // The malformed declaration is the root cause: the `nl:` strings are
        // not each reported as an undeclared language on top of it.
        case("lang-tag-malformed-source", "lang-tag", 11, 11)
            .replace("  source: nl\n", "  source: dutch\n"),
        case("link-lang-malformed", "lang-tag", 52, 23).replace(
            "                url: https://www.ncsc.gov.uk/collection/top-tips\n",
            "                url: https://www.ncsc.gov.uk/collection/top-tips\n                lang: english_uk\n",
        ),
        case("lang-declared-twice", "lang-duplicate", 12, 22)
            .replace("translations: [en]", "translations: [en, nl]"),
        // ---- text -----------------------------------------------------------
        case("i18n-missing-en-on-title", "i18n-missing", 5, 3).replace("  en: Base course\n", ""),
        case("i18n-missing-en-on-choice", "i18n-missing", 77, 32)
            .replace("text: {nl: Lang, en: Long}", "text: {nl: Lang}"),
        case("i18n-unknown-lang", "i18n-unknown-lang", 15, 37)
            .replace("role: {nl: tekst, en: text}", "role: {nl: tekst, en: text, fr: texte}"),
        case("text-empty", "text-empty", 5, 7).replace("  nl: Basiscursus\n", "  nl: \"\"\n"),
        case("pages-empty", "structure-empty", 26, 12)
            .remove("      - id: intro\n", Some("    check:\n"))
            .replace("    pages:\n", "    pages: []\n"),
        case("html-inline", "markdown-html", 32, 19)
            .replace("Een **sterk** wachtwoord", "Een <b>sterk</b> wachtwoord"),
        case("html-block", "markdown-html", 43, 26).replace(
            "{nl: Deel nooit je wachtwoord.,",
            "{nl: \"<div>Deel nooit je wachtwoord.</div>\",",
        ),
        // ---- links ----------------------------------------------------------
        case("link-javascript-in-markdown", "link-scheme", 32, 19)
            .replace("[de tips](page:tips)", "[de tips](javascript:alert(1))"),
        case("link-ftp-in-links-block", "link-scheme", 51, 22)
            .replace("url: https://www.ncsc.gov.uk", "url: ftp://www.ncsc.gov.uk"),
        case("link-plain-http", "link-insecure", 51, 22)
            .replace("url: https://www.ncsc.gov.uk", "url: http://www.ncsc.gov.uk")
            .warning(),
        case("page-link-unresolved", "ref-unresolved", 33, 19)
            .replace("[the tips](page:tips)", "[the tips](page:nope)"),
        // ---- assets -------------------------------------------------------
        case("asset-parent-dir", "asset-path", 35, 20)
            .replace("src: assets/chart.png", "src: ../secret.png"),
        case("asset-absolute", "asset-path", 35, 20)
            .replace("src: assets/chart.png", "src: /etc/passwd.png"),
        case("asset-remote", "asset-path", 35, 20)
            .replace("src: assets/chart.png", "src: https://example.org/chart.png"),
        case("asset-missing", "asset-missing", 35, 20)
            .replace("src: assets/chart.png", "src: assets/missing.png"),
        case("asset-text-as-image", "asset-type", 35, 20)
            .replace("src: assets/chart.png", "src: assets/chart.txt")
            .setup(write_text_asset),
        case("asset-symlink-outside", "asset-symlink", 35, 20)
            .replace("src: assets/chart.png", "src: assets/linked.png")
            .setup(link_outside),
        case("image-alt-is-file-name", "image-alt", 37, 21)
            .replace("nl: Staafdiagram van wachtwoordlengte.", "nl: chart.png"),
        // ---- questions -------------------------------------------------------
        case("choices-on-true-false", "question-field", 87, 20).replace(
            "          answer: true\n",
            "          answer: true\n          choices: [{id: x, text: {nl: X, en: X}}]\n",
        ),
        case("fill-in-without-accepted", "question-field", 91, 17)
            .replace("          accepted: {nl: [factor], en: [factor]}\n", ""),
        case("numeric-exact-and-range", "question-field", 121, 17)
            .replace("          exact: 12\n", "          exact: 12\n          min: 10\n          max: 20\n"),
        case("weight-on-likert", "question-field", 129, 19)
            .replace("          type: likert\n", "          type: likert\n          weight: 2\n"),
        case("single-choice-two-correct", "answer-key", 65, 13).replace(
            "The same password everywhere}\n",
            "The same password everywhere}\n              correct: true\n",
        ),
        case("multiple-response-none-correct", "answer-key", 77, 13)
            .replace("{nl: Lang, en: Long}, correct: true}", "{nl: Lang, en: Long}}")
            .replace("{nl: Uniek, en: Unique}, correct: true}", "{nl: Uniek, en: Unique}}"),
        case("single-choice-one-choice", "answer-key", 65, 13)
            .replace(
            "            - id: same\n              text: {nl: Overal hetzelfde wachtwoord, en: The same password everywhere}\n",
            "",
        ),
        case("numeric-min-above-max", "answer-key", 155, 12).replace("      min: 12\n", "      min: 80\n"),
        case("weight-zero", "question-weight", 85, 19)
            .replace("          type: true-false\n", "          type: true-false\n          weight: 0\n"),
        case("weight-too-large", "question-weight", 147, 15).replace(
            "- id: final-tf\n      type: true-false\n",
            "- id: final-tf\n      type: true-false\n      weight: 101\n",
        ),
        case("objective-unknown", "objective-unknown", 147, 20).replace(
            "- id: final-tf\n      type: true-false\n",
            "- id: final-tf\n      type: true-false\n      objectives: [ghost]\n",
        ),
        case("objective-unmeasured", "objective-unmeasured", 23, 10)
            .replace(
                "completion: both\n",
                "objectives:\n  - {id: lonely, text: {nl: Alleen, en: Alone}}\ncompletion: both\n",
            )
            .warning(),
        case("no-feedback-for-wrong-answer", "question-feedback", 83, 15)
            .replace(
                "            incorrect: {nl: Lengte maakt raden moeilijker., en: Length makes guessing harder.}\n",
                "",
            )
            .warning(),
        // ---- assessment and completion ------------------------------------------
        case("pass-mark-over-100", "assessment-pass-mark", 139, 14)
            .replace("pass_mark: 70", "pass_mark: 101"),
        case("draw-zero", "assessment-draw", 140, 9).replace("draw: 2\n", "draw: 0\n"),
        case("draw-larger-than-bank", "assessment-draw", 140, 9).replace("draw: 2\n", "draw: 5\n"),
        case("attempts-zero", "assessment-attempts", 141, 13).replace("attempts: 3\n", "attempts: 0\n"),
        case("draw-could-be-all-likert", "assessment-unscored", 140, 9)
            .replace("draw: 2\n", "draw: 1\n"),
        case("completion-both-without-assessment", "completion-rule", 22, 13)
            .remove("assessment:\n", None),
        // ---- limits of the targets ------------------------------------------------
        case("thirty-seven-choices", "limit-scorm12-choices", 77, 13).replace(
            "            - {id: long, text: {nl: Lang, en: Long}, correct: true}\n            - {id: unique, text: {nl: Uniek, en: Unique}, correct: true}\n            - {id: short, text: {nl: Kort, en: Short}}\n",
            many_choices(37),
        ),
        case("interaction-id-too-long", "limit-interaction-id", 61, 15)
            .replace("id: basics-check\n", format!("id: c{}\n", "c".repeat(127)))
            .replace("- id: q-single\n", format!("- id: q{}\n", "q".repeat(127))),
        case("accepted-answer-too-long", "limit-scorm12-response", 93, 40)
            .replace("en: [factor]}", format!("en: [{}]}}", "f".repeat(300))),
        // ---- issue 13: the gate, limits, asset content, overrides -------------
        whole_file("override-symlink-outside", "file-outside").setup(override_outside),
        whole_file("override-fifo", "file-special").setup(override_fifo),
        case("override-strings-not-strings", "template-invalid", 3, 11).setup(override_broken_strings),
        case("override-partial-mismatched-block", "template-invalid", 2, 34).setup(override_broken_partial),
        whole_file("template-override", "template-override")
            .setup(override_css)
            .warning(),
        case("languages-too-many", "lang-too-many", 12, 262)
            .replace("  translations: [en]", "  translations: [en, aaa, aab, aac, aad, aae, aaf, aag, aah, aai, aaj, aak, aal, aam, aan, aao, aap, aaq, aar, aas, aat, aau, aav, aaw, aax, aay, aaz, aba, abb, abc, abd, abe, abf, abg, abh, abi, abj, abk, abl, abm, abn, abo, abp, abq, abr, abs, abt, abu, abv, abw, abx, aby, abz, aca, acb, acc, acd, ace, acf, acg, ach]"),
        case("text-too-long", "text-too-long", 8, 7).replace(
            "nl: Een kleine maar volledige cursus.",
            format!("nl: {}", "x".repeat(100_001)),
        ),
        case("text-control-character", "text-char", 5, 7)
            .replace("nl: Basiscursus", "nl: \"Basis\\ecursus\""),
        case("title-over-scorm12", "limit-scorm12-title", 5, 7)
            .replace("nl: Basiscursus", format!("nl: {}", "T".repeat(201))),
        case("version-too-long", "limit-version", 2, 10)
            .replace("version: \"1.0.0\"", "version: \"1.0.0000000000000000000\""),
        case("asset-path-too-long", "limit-asset-path", 35, 20).replace(
            "src: assets/chart.png",
            format!("src: assets/{}.png", "a".repeat(2000)),
        ),
        case("asset-folder", "asset-special", 35, 20)
            .replace("src: assets/chart.png", "src: assets/folder.png")
            .setup(folder_named_like_a_file),
        case("asset-magic-bytes", "asset-type-mismatch", 35, 20)
            .replace("src: assets/chart.png", "src: assets/fake.png")
            .setup(html_named_png),
        case("resume-state-over-scorm12", "limit-suspend-data", 24, 3).replace(
            "        - id: q-fill\n",
            (0..40)
                .map(|i| format!("        - {{id: q-extra-{i}, type: fill-in, prompt: {{nl: Vraag, en: Question}}, accepted: {{nl: [a], en: [a]}}, feedback: {{correct: {{nl: Ja, en: Yes}}, incorrect: {{nl: Nee, en: No}}}}}}\n"))
                .collect::<String>()
                + "        - id: q-fill\n",
        ),
        // Located in the SVG file: the <script> on its line 2.
        case("asset-svg-script", "asset-svg-active-content", 2, 3)
            .replace("src: assets/chart.png", "src: assets/evil.svg")
            .setup(svg_with_script),
    ]
}

/// Writes `text` as course.yaml in a fresh course folder (with the base's
/// image) inside a temporary folder, so a case can place files outside it.
fn course_dir(text: &[u8]) -> (tempfile::TempDir, std::path::PathBuf) {
    let tmp = tempfile::tempdir().expect("temp dir");
    let dir = tmp.path().join("course");
    std::fs::create_dir_all(dir.join("assets")).expect("mkdir assets");
    std::fs::write(dir.join("assets/chart.png"), PNG).expect("write png");
    std::fs::write(dir.join("course.yaml"), text).expect("write course");
    (tmp, dir)
}

fn check_json(dir: &Path) -> (i32, serde_json::Value, String) {
    let out = Command::cargo_bin("coursepack")
        .expect("binary")
        .args(["check", "--format", "json"])
        .arg(dir)
        .output()
        .expect("run coursepack");
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    let json = serde_json::from_slice(&out.stdout).unwrap_or_else(
        |e| serde_json::json!({ "no JSON report": e.to_string(), "stderr": stderr }),
    );
    (out.status.code().unwrap_or(-1), json, stderr)
}

#[test]
fn base_course_checks_clean() {
    let (_tmp, dir) = course_dir(BASE.as_bytes());
    let (code, report, stderr) = check_json(&dir);
    assert_eq!(code, 0, "{report:#}\n{stderr}");
    assert_eq!(
        report["diagnostics"].as_array().map(Vec::len),
        Some(0),
        "the base course must have no errors and no warnings: {report:#}"
    );
    assert_eq!(report["summary"]["errors"], 0, "{report:#}");
    assert_eq!(report["summary"]["warnings"], 0, "{report:#}");
}

/// `Ok` when the case behaved as expected, `Err(what went wrong)` otherwise.
fn run_case(case: &Case) -> Result<(), String> {
    let text = case.text()?;
    let (_tmp, dir) = course_dir(&text);
    if let Some(setup) = case.setup {
        setup(&dir);
    }
    let (code, report, _) = check_json(&dir);
    let first = &report["diagnostics"][0];
    let got = Outcome {
        exit: code,
        rule: first["rule"].as_str().unwrap_or("<none>").to_string(),
        at: first["line"].as_u64().zip(first["column"].as_u64()),
    };
    let want = Outcome {
        exit: case.exit,
        rule: case.rule.to_string(),
        at: case.at,
    };
    if got == want {
        Ok(())
    } else {
        Err(format!("expected {want}, got {got}\n{report:#}"))
    }
}

#[derive(Clone, PartialEq, Eq)]
struct Outcome {
    exit: i32,
    rule: String,
    at: Option<(u64, u64)>,
}

impl std::fmt::Display for Outcome {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.at {
            Some((line, column)) => write!(f, "{} at {line}:{column}", self.rule)?,
            None => write!(f, "{} without a position", self.rule)?,
        }
        write!(f, " (exit {})", self.exit)
    }
}

#[test]
fn every_malformed_course_reports_the_expected_first_diagnostic() {
    let cases = cases();
    assert!(
        cases.len() >= 40,
        "the corpus has only {} cases",
        cases.len()
    );
    let mut names = BTreeSet::new();
    for case in &cases {
        assert!(names.insert(case.name), "two cases are named {}", case.name);
    }
    let mut failures = Vec::new();
    for case in &cases {
        match run_case(case) {
            Ok(()) => {}
            Err(failure) => failures.push(format!("--- {}: {failure}", case.name)),
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

#[test]
fn the_corpus_covers_every_rule() {
    let covered: BTreeSet<&str> = cases().iter().map(|c| c.rule).collect();
    let missing: Vec<&str> = coursepack::course::rules::ALL
        .iter()
        .map(|r| r.id)
        .filter(|id| !covered.contains(id))
        .collect();
    assert!(
        missing.is_empty(),
        "no malformed course triggers: {missing:?}"
    );
}

#[test]
fn text_output_shows_rule_location_source_line_caret_and_help() {
    let cases = cases();
    for name in [
        "unknown-key-top-level",
        "asset-missing",
        "single-choice-two-correct",
    ] {
        let case = cases.iter().find(|c| c.name == name).expect("case exists");
        let text = case.text().expect("edits apply");
        let (_tmp, dir) = course_dir(&text);
        let out = Command::cargo_bin("coursepack")
            .expect("binary")
            .arg("check")
            .arg(&dir)
            .output()
            .expect("run coursepack");
        assert_eq!(out.status.code(), Some(1), "{name}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        let (line, column) = case.at.expect("case has a position");
        let source_line = String::from_utf8_lossy(&text)
            .lines()
            .nth(usize::try_from(line - 1).expect("line fits"))
            .expect("line exists")
            .to_string();
        let arrow = stderr
            .lines()
            .find(|l| l.contains(" --> "))
            .unwrap_or_else(|| panic!("{name}: no ` --> ` line in:\n{stderr}"));
        assert!(
            arrow.ends_with(&format!("course.yaml:{line}:{column}")),
            "{name}: expected the location course.yaml:{line}:{column} in:\n{stderr}"
        );
        for want in [
            format!("error[{}]", case.rule),
            source_line.trim().to_string(),
            "^".to_string(),
            "help:".to_string(),
        ] {
            assert!(stderr.contains(&want), "{name}: no `{want}` in:\n{stderr}");
        }
    }
}

/// Issue 18: the `question-feedback` hint names where `feedback: none` goes:
/// the check's setting for a check question, the assessment's for an
/// assessment question (it said "the check's" for both).
#[test]
fn question_feedback_hint_names_the_check_or_the_assessment() {
    let example = crate::common::readme_example();
    let check_line = "            incorrect: {nl: Lengte maakt raden moeilijker., en: Length makes guessing harder.}\n";
    // The example's last line: no line break after it.
    let assessment_line =
        "        incorrect: {nl: \"Het is twee-factor.\", en: \"It is two-factor.\"}";
    assert!(example.contains(check_line) && example.contains(assessment_line));
    for (line, question, container) in [
        (check_line, "longer-is-better", "check `"),
        (assessment_line, "second-factor", "assessment `"),
    ] {
        let diagnostics = crate::common::check_diagnostics(&example.replace(line, ""));
        let hints: Vec<&str> = diagnostics
            .iter()
            .filter(|d| d["rule"] == "question-feedback")
            .filter(|d| d["message"].as_str().is_some_and(|m| m.contains(question)))
            .filter_map(|d| d["hint"].as_str())
            .collect();
        assert_eq!(hints.len(), 1, "{diagnostics:#?}");
        assert!(
            hints[0].contains(&format!("`feedback: none` on the {container}")),
            "{question}: {}",
            hints[0]
        );
        let other = if container.starts_with("check") {
            "assessment"
        } else {
            "check"
        };
        assert!(!hints[0].contains(other), "{question}: {}", hints[0]);
    }
}

/// Issue 14.8: `check` classifies a link with the function the renderer
/// uses, so a bare `https://` (which the player shows as text) is an error,
/// in markdown and in a `links` block alike; a full address still passes.
#[test]
fn a_bare_scheme_is_refused_by_check_as_the_player_refuses_it() {
    let example = crate::common::readme_example();
    let in_text = "Also read [the tips](page:tips).";
    let in_links = "url: https://www.ncsc.gov.uk/collection/top-tips-for-staying-secure-online";
    assert!(example.contains(in_text) && example.contains(in_links));
    assert_eq!(
        coursepack::render::markdown::link_dest("https://"),
        None,
        "the player shows a bare scheme as text"
    );
    for (from, to, line) in [
        (in_text, "Also read [the tips](https://).", 32),
        (in_links, "url: https://", 51),
        (in_links, "url: \"mailto:\"", 51),
    ] {
        let diagnostics = crate::common::check_diagnostics(&example.replace(from, to));
        let found: Vec<&serde_json::Value> = diagnostics
            .iter()
            .filter(|d| d["rule"] == "link-scheme" && d["severity"] == "error")
            .collect();
        assert_eq!(found.len(), 1, "{to}: {diagnostics:#?}");
        assert_eq!(found[0]["line"], line, "{to}: {diagnostics:#?}");
    }
    let whole = example.replace(in_links, "url: https://example.org/tips");
    let diagnostics = crate::common::check_diagnostics(&whole);
    assert!(
        diagnostics.iter().all(|d| d["rule"] != "link-scheme"),
        "{diagnostics:#?}"
    );
}

/// Issue 14.8: one definition of a web link (`coursepack::url`), so `check`
/// and the player agree on every address: what `check` lets through the
/// player shows as a link, what the player shows as text `check` refuses.
/// An empty host (`https:///tips`, `https://user@/x`) used to be a link in
/// the player that opened nothing.
#[test]
fn check_and_the_player_agree_on_every_address() {
    let example = crate::common::readme_example();
    let in_links = "url: https://www.ncsc.gov.uk/collection/top-tips-for-staying-secure-online";
    assert!(example.contains(in_links));
    for (address, is_link) in [
        ("https://example.org/tips", true),
        ("HTTPS://EXAMPLE.ORG", true),
        ("https://user@example.org:8443/a?b#c", true),
        ("mailto:help@example.org", true),
        ("https://", false),
        ("https:///tips", false),
        ("https://?q=1", false),
        ("https://user@/x", false),
        ("https://:443/", false),
        ("https://exa mple.org", false),
        ("javascript:alert(1)", false),
        ("tips.html", false),
        ("/tips", false),
        ("//example.org/tips", false),
    ] {
        assert_eq!(
            coursepack::render::markdown::link_dest(address).is_some(),
            is_link,
            "the player on {address}"
        );
        let yaml = example.replace(in_links, &format!("url: \"{address}\""));
        let diagnostics = crate::common::check_diagnostics(&yaml);
        let refused = diagnostics
            .iter()
            .any(|d| d["rule"] == "link-scheme" && d["severity"] == "error");
        assert_eq!(refused, !is_link, "check on {address}: {diagnostics:#?}");
        if address.starts_with("https://") && address.len() > "https://".len() && !is_link {
            assert!(
                diagnostics.iter().any(|d| d["message"]
                    .as_str()
                    .is_some_and(|m| m.contains("has no host name") || m.contains("white space"))),
                "{address}: {diagnostics:#?}"
            );
        }
    }
}

/// Issue 14.8: the course IRI's host is the one `coursepack::url` finds, so
/// an IRI whose host is empty behind user info or a port is refused.
#[test]
fn a_course_iri_without_a_host_is_refused() {
    let example = crate::common::readme_example();
    let iri = "iri: https://example.org/courses/passwords";
    assert!(example.contains(iri));
    for bad in [
        "https://:443/courses/x",
        "https://user@/courses/x",
        "https:///x",
    ] {
        let diagnostics =
            crate::common::check_diagnostics(&example.replace(iri, &format!("iri: \"{bad}\"")));
        assert!(
            diagnostics.iter().any(|d| d["rule"] == "meta-iri"
                && d["message"]
                    .as_str()
                    .is_some_and(|m| m.ends_with("has no host"))),
            "{bad}: {diagnostics:#?}"
        );
    }
}
