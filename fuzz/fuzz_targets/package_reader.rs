//! Any bytes as a package zip: the safe reader, kind detection, the
//! manifest rules and the XSD stage must never panic or hang.
#![no_main]

use coursepack::validate::{self, Options, Profile, archive::Limits};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(dir) = tempfile::tempdir() else { return };
    let path = dir.path().join("p.zip");
    if std::fs::write(&path, data).is_err() {
        return;
    }
    let options = Options {
        profile: Profile::Strict,
        limits: Limits {
            max_total: 64 * 1024 * 1024,
            ..Limits::default()
        },
        official: None,
    };
    let _ = validate::validate(&path, &options);
});
