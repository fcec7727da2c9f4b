//! The rules `coursepack check` applies to a course, with stable ids.

use crate::diag::{Rule, Severity};

macro_rules! rules {
    ($( $name:ident = $id:literal, $sev:ident, $summary:literal; )*) => {
        $( pub const $name: Rule = Rule { id: $id, severity: Severity::$sev, summary: $summary }; )*
        /// Every rule, in the order they are documented.
        pub const ALL: &[Rule] = &[$( $name ),*];
    };
}

rules! {
    FILE_TOO_LARGE = "file-too-large", Error, "a course file is larger than the loader accepts";
    FILE_ENCODING = "file-encoding", Error, "a course file is not valid UTF-8";
    FILE_OUTSIDE = "file-outside", Error, "course.yaml or a template override is a symbolic link that leaves the course folder";
    FILE_SPECIAL = "file-special", Error, "a course file is a folder, FIFO, socket or device, not a regular file";
    TEMPLATE_OVERRIDE = "template-override", Warning, "a template override replaces built-in player code (an error with --no-overrides)";
    TEMPLATE_INVALID = "template-invalid", Error, "a template override the build parses (UI strings, page template, partial) does not parse";
    YAML_SYNTAX = "yaml-syntax", Error, "the file is not well-formed YAML";
    YAML_LIMIT = "yaml-limit", Error, "the YAML exceeds a resource limit (nesting, nodes, aliases)";
    YAML_TYPE = "yaml-type", Error, "a value has the wrong type or is not one of the allowed values";
    YAML_UNKNOWN_KEY = "yaml-unknown-key", Error, "a key the format does not know (often a typo)";
    YAML_DUPLICATE_KEY = "yaml-duplicate-key", Error, "the same key twice in one mapping";
    YAML_MISSING_KEY = "yaml-missing-key", Error, "a required key is missing";
    ID_FORMAT = "id-format", Error, "an id is not of the safe form [a-z][a-z0-9_-]*, at most 128 characters";
    ID_DUPLICATE = "id-duplicate", Error, "two things share an id that must be unique";
    META_VERSION = "meta-version", Error, "the course version is not MAJOR.MINOR[.PATCH]";
    META_IRI = "meta-iri", Error, "the course IRI is not an absolute http(s) IRI";
    META_LICENSE = "meta-license", Error, "the licence or attribution is missing or malformed";
    LANG_TAG = "lang-tag", Error, "a language tag is not a well-formed BCP 47 tag";
    LANG_DUPLICATE = "lang-duplicate", Error, "a language is declared twice";
    LANG_TOO_MANY = "lang-too-many", Error, "the course declares more languages than coursepack builds (50)";
    I18N_MISSING = "i18n-missing", Error, "a learner-facing string lacks a declared language";
    I18N_UNKNOWN_LANG = "i18n-unknown-lang", Error, "a string is given in a language the course does not declare";
    TEXT_EMPTY = "text-empty", Error, "a learner-facing string is empty";
    TEXT_TOO_LONG = "text-too-long", Error, "a string is longer than coursepack accepts (100,000 characters)";
    TEXT_CHAR = "text-char", Error, "a string has a character XML 1.0 forbids (a control character, U+FFFE, U+FFFF)";
    STRUCTURE_EMPTY = "structure-empty", Error, "a course, lesson, page or question list is empty";
    MARKDOWN_HTML = "markdown-html", Error, "raw HTML in markdown (refused: it would bypass escaping)";
    LINK_SCHEME = "link-scheme", Error, "a link uses a scheme other than http, https, mailto or page:";
    LINK_INSECURE = "link-insecure", Warning, "a link uses plain http";
    REF_UNRESOLVED = "ref-unresolved", Error, "a page: link names a page that does not exist";
    ASSET_PATH = "asset-path", Error, "an asset path is absolute, contains `..` or leaves the course folder";
    ASSET_MISSING = "asset-missing", Error, "an asset file does not exist";
    ASSET_SYMLINK = "asset-symlink", Error, "an asset is a symbolic link that leaves the course folder";
    ASSET_TYPE = "asset-type", Error, "an asset has a file type the block cannot use";
    ASSET_SPECIAL = "asset-special", Error, "an asset is a folder, FIFO, socket or device, not a regular file";
    ASSET_TYPE_MISMATCH = "asset-type-mismatch", Error, "an asset's content does not match its extension (magic bytes)";
    ASSET_SVG_ACTIVE = "asset-svg-active-content", Error, "an SVG has scripts, event handlers, foreignObject, external references or a DTD";
    LIMIT_ASSET_PATH = "limit-asset-path", Error, "an asset path is longer than the 2,000 characters SCORM 1.2 allows in an href";
    IMAGE_ALT = "image-alt", Error, "an image's alt text is missing, empty or just a file name";
    QUESTION_FIELD = "question-field", Error, "a question has a field its type does not use, or lacks one it needs";
    ANSWER_KEY = "answer-key", Error, "a question's answer key is invalid for its type";
    QUESTION_WEIGHT = "question-weight", Error, "a question weight is outside 1-100";
    QUESTION_FEEDBACK = "question-feedback", Warning, "a scored question has no feedback for a wrong answer";
    ASSESSMENT_PASS_MARK = "assessment-pass-mark", Error, "the pass mark is not a percentage 0-100";
    ASSESSMENT_DRAW = "assessment-draw", Error, "the number of questions drawn does not fit the bank";
    ASSESSMENT_ATTEMPTS = "assessment-attempts", Error, "attempts allowed is not at least 1";
    ASSESSMENT_UNSCORED = "assessment-unscored", Error, "a draw could contain no scored question";
    OBJECTIVE_UNKNOWN = "objective-unknown", Error, "a lesson or question names an objective the course does not list";
    OBJECTIVE_UNMEASURED = "objective-unmeasured", Warning, "no scored question measures a learning objective";
    COMPLETION_RULE = "completion-rule", Error, "the completion rule needs a final assessment the course lacks";
    LIMIT_SCORM12_CHOICES = "limit-scorm12-choices", Error, "more than 36 options: SCORM 1.2 answers are single characters 0-9a-z";
    LIMIT_INTERACTION_ID = "limit-interaction-id", Error, "an interaction id would exceed 255 characters";
    LIMIT_SCORM12_RESPONSE = "limit-scorm12-response", Error, "a response pattern would exceed SCORM 1.2's 255 characters";
    LIMIT_SCORM12_TITLE = "limit-scorm12-title", Error, "the course title is longer than SCORM 1.2's 200 characters";
    LIMIT_SUSPEND = "limit-suspend-data", Error, "the resume state could exceed SCORM 1.2's 4,096 characters";
    LIMIT_VERSION = "limit-version", Error, "the course version is longer than IMS CP's 20 characters";
}
