//! The one definition of the addresses coursepack accepts, with a name for
//! each variant its callers need:
//!
//! - [`is_web_link`]: an `http(s)` address a learner can open in a browser
//!   (what the player shows as a link and `check` lets through);
//! - [`is_absolute_iri`]: an absolute IRI (RFC 3987: a scheme, a colon and
//!   something after it), what cmi5 ids and xAPI ids must be;
//! - [`http`]: an `http(s)` address taken apart, for checks that need its
//!   host or what follows it (the course IRI).
//!
//! None of them allows white space or a control character anywhere.

/// An `http://` or `https://` address split at its parts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Http<'a> {
    /// The scheme as written (`http` or `https` in any case).
    pub scheme: &'a str,
    /// The host: the authority without user info and port; may be empty.
    pub host: &'a str,
    /// Everything after `//` (authority, path, query, fragment).
    pub rest: &'a str,
}

/// `s` split as an `http(s)://` address (scheme in any case), or `None` when
/// it does not start so. The host may be empty: callers decide.
pub fn http(s: &str) -> Option<Http<'_>> {
    let (scheme, after) = s.split_once("://")?;
    if !(scheme.eq_ignore_ascii_case("http") || scheme.eq_ignore_ascii_case("https")) {
        return None;
    }
    let authority = after.split(['/', '?', '#']).next().unwrap_or_default();
    let host_port = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    let host = if host_port.starts_with('[') {
        // An IPv6 literal: up to and with its closing bracket.
        host_port
            .find(']')
            .map_or(host_port, |end| &host_port[..=end])
    } else {
        host_port.split(':').next().unwrap_or_default()
    };
    Some(Http {
        scheme,
        host,
        rest: after,
    })
}

/// Whether `s` holds white space or a control character anywhere.
pub fn has_space_or_control(s: &str) -> bool {
    s.chars().any(|c| c.is_whitespace() || c.is_control())
}

/// An `http(s)` address a learner can open: `http://` or `https://` (any
/// case), a non-empty host, no white space or control character.
pub fn is_web_link(s: &str) -> bool {
    !has_space_or_control(s) && http(s).is_some_and(|h| !h.host.is_empty())
}

/// An absolute IRI: an RFC 3986 scheme (a letter, then letters, digits, `+`,
/// `-`, `.`), a colon, something after it, and no white space or control
/// character. A relative reference (`au-1`, `/a`, `//host/a`) is not one.
pub fn is_absolute_iri(s: &str) -> bool {
    let Some((scheme, rest)) = s.split_once(':') else {
        return false;
    };
    let mut sc = scheme.chars();
    matches!(sc.next(), Some(c) if c.is_ascii_alphabetic())
        && sc.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        && !rest.is_empty()
        && !has_space_or_control(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn web_links_need_http_s_and_a_host() {
        for ok in [
            "https://example.org",
            "https://example.org/a?b=c#d",
            "HTTP://EXAMPLE.ORG",
            "https://user@example.org:8443/",
            "https://[::1]:8080/x",
            "http://localhost",
        ] {
            assert!(is_web_link(ok), "{ok}");
        }
        for bad in [
            "",
            "https://",
            "https:///page",
            "https://?q=1",
            "https://#top",
            "https://user@/x",
            "https://:443/x",
            "https://exa mple.org",
            "https://example.org/a b",
            "https://example.org/\u{7}",
            "https://example.org/\n",
            "javascript:alert(1)",
            "JAVASCRIPT://example.org/%0aalert(1)",
            "mailto:a@example.org",
            "ftp://example.org",
            "example.org",
            "//example.org/a",
            "/a/b",
            "page:intro",
        ] {
            assert!(!is_web_link(bad), "{bad:?}");
        }
    }

    #[test]
    fn http_parts() {
        let h = http("HTTPS://u:p@Example.org:8443/a?b#c").unwrap();
        assert_eq!(h.scheme, "HTTPS");
        assert_eq!(h.host, "Example.org");
        assert_eq!(h.rest, "u:p@Example.org:8443/a?b#c");
        assert_eq!(http("https://").map(|h| h.host), Some(""));
        assert_eq!(http("mailto:x"), None);
    }

    #[test]
    fn absolute_iris() {
        for ok in [
            "https://x.org/a",
            "urn:uuid:1",
            "mailto:a@b.c",
            "https://",
            "tag:example.org,2026:é",
        ] {
            assert!(is_absolute_iri(ok), "{ok}");
        }
        for bad in [
            "",
            "au-1",
            ":x",
            "1x:y",
            "x:",
            "/a/b",
            "//host/a",
            "https://x.org/a b",
            "https://x.org/\u{0}",
            "urn:x\ty",
        ] {
            assert!(!is_absolute_iri(bad), "{bad:?}");
        }
    }
}
