//! How a licence's SPDX id is shown to learners: Creative Commons licences by
//! their usual short name (`CC-BY-NC-SA-4.0` → `CC BY-NC-SA 4.0`), anything
//! else as written.

/// The name learners know a licence by.
pub fn display_name(spdx: &str) -> String {
    let is_version = |v: &str| !v.is_empty() && v.chars().all(|c| c.is_ascii_digit() || c == '.');
    if let Some(version) = spdx.strip_prefix("CC0-")
        && is_version(version)
    {
        return format!("CC0 {version}");
    }
    if let Some((elements, version)) = spdx.strip_prefix("CC-").and_then(|r| r.rsplit_once('-'))
        && !elements.is_empty()
        && is_version(version)
    {
        return format!("CC {elements} {version}");
    }
    spdx.to_string()
}

#[cfg(test)]
mod tests {
    use super::display_name;

    #[test]
    fn creative_commons_ids_read_as_their_short_names() {
        assert_eq!(display_name("CC-BY-NC-SA-4.0"), "CC BY-NC-SA 4.0");
        assert_eq!(display_name("CC-BY-4.0"), "CC BY 4.0");
        assert_eq!(display_name("CC-BY-SA-3.0"), "CC BY-SA 3.0");
        assert_eq!(display_name("CC0-1.0"), "CC0 1.0");
    }

    #[test]
    fn other_ids_are_shown_as_written() {
        assert_eq!(display_name("MIT"), "MIT");
        assert_eq!(display_name("LicenseRef-own"), "LicenseRef-own");
        assert_eq!(display_name("CC-"), "CC-");
        assert_eq!(display_name("CC-BY-x"), "CC-BY-x");
    }
}
