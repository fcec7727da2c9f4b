//! Any bytes as a manifest: the strict XML reader, the XSD stage of every
//! schema set and the rules of every kind must never panic or hang.
#![no_main]

use coursepack::validate::{self, Profile, xml, xsd};
use libfuzzer_sys::fuzz_target;
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data)
        && let Ok(root) = xml::parse(text)
    {
        for set in xsd::Set::ALL {
            let _ = xsd::validate_own(set, text, &root);
        }
    }
    let files = ["index.html", "player/player.js", "a b.html"];
    for name in validate::ROOT_FILES {
        let mut list = files.to_vec();
        list.push(name);
        let _ = validate::check_built(Path::new("p.zip"), &[(name, data)], &list, Profile::Strict);
    }
});
