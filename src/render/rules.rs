//! The rules of the warnings the renderer gives (listed by `coursepack
//! rules` under the build, whose warnings they are).

crate::diag::rules! {
    UI_STRINGS_MISSING = "ui-strings-missing", Warning, "a course language has no player strings (templates/i18n/<lang>.json): its buttons and messages are in English";
    ASSET_RENAMED = "asset-renamed", Warning, "an asset is packaged under another name (package paths are lower-case ASCII without spaces)";
    ID_RESERVED = "id-reserved", Warning, "the course uses an id the player needs for its own page (credits, results); that page gets another id";
}
