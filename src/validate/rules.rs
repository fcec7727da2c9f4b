//! The rules `coursepack validate` applies to a package, with stable ids.

use super::Profile;
use crate::diag::rules;

/// The profiles that enable the rule `id` (none for an unknown id).
pub fn profiles(id: &str) -> &'static [Profile] {
    PROFILES
        .iter()
        .find(|(rule, _)| *rule == id)
        .map_or(&[], |(_, p)| *p)
}

rules! {
    ZIP_CORRUPT = "zip-corrupt", Error, [Spec, Moodle, Strict], "the archive is truncated or corrupt";
    ZIP_SLIP = "zip-slip", Error, [Spec, Moodle, Strict], "an entry name is absolute, has `..` or a drive letter";
    ZIP_SYMLINK = "zip-symlink", Error, [Spec, Moodle, Strict], "an entry is a symbolic link";
    FILE_SPECIAL = "file-special", Error, [Spec, Moodle, Strict], "a file of a package folder is a FIFO, device or socket (nothing can zip or serve it)";
    ZIP_NAME_ENCODING = "zip-name-encoding", Error, [Spec, Moodle, Strict], "an entry name is not valid UTF-8";
    ZIP_DUPLICATE = "zip-duplicate", Error, [Spec, Moodle, Strict], "two entries have the same name";
    ZIP_OVERLAP = "zip-overlap", Error, [Spec, Moodle, Strict], "entries share or overlap their data (an overlapping-entry zip bomb)";
    ZIP_TOO_MANY = "zip-too-many-entries", Error, [Spec, Moodle, Strict], "more entries than the reader accepts";
    ZIP_TOO_LARGE = "zip-too-large", Error, [Spec, Moodle, Strict], "the uncompressed total exceeds the cap";
    ZIP_RATIO = "zip-ratio", Error, [Spec, Moodle, Strict], "an entry's compression ratio looks like a zip bomb";
    ZIP_HEADER_MISMATCH = "zip-header-mismatch", Error, [Spec, Moodle, Strict], "an entry's local header disagrees with its central directory record (name, flags, method, CRC or sizes)";
    ZIP_PREFIX = "zip-prefix", Error, [Spec, Moodle, Strict], "bytes before the first entry (a zip appended to an HTML page, inside a tar, ...)";
    ZIP_ENCRYPTED = "zip-encrypted", Error, [Spec, Moodle, Strict], "an entry is encrypted (an LMS cannot extract it)";
    ZIP_CRC = "zip-crc", Error, [Spec, Moodle, Strict], "with --deep: an entry's data does not match its CRC or declared size";
    KIND_UNKNOWN = "kind-unknown", Error, [Spec, Moodle, Strict], "no imsmanifest.xml, cmi5.xml or tincan.xml at the package root";
    KIND_AICC = "kind-aicc", Error, [Spec, Moodle, Strict], "an AICC package (coursepack validates SCORM, cmi5 and TinCan)";
    KIND_NESTED = "kind-nested", Error, [Spec, Moodle, Strict], "the manifest is inside a folder, not at the zip root";
    XML_MALFORMED = "xml-malformed", Error, [Spec, Moodle, Strict], "the XML is not well-formed";
    XSD_INVALID = "xsd-invalid", Error, [Spec, Moodle, Strict], "the manifest does not validate against its standard's XML schema (coursepack's own, bundled)";
    XSD_OFFICIAL = "xsd-official", Error, [Spec, Moodle, Strict], "the manifest does not validate against the official schema set given with --official-schemas";
    XML_DTD = "xml-dtd", Error, [Spec, Moodle, Strict], "the XML has a DTD or entity declarations (refused, never expanded)";
    MANIFEST_SCHEMAVERSION = "manifest-schemaversion", Error, [Spec, Moodle, Strict], "schemaversion is missing, unknown or has white space";
    MANIFEST_ID_DUPLICATE = "manifest-id-duplicate", Error, [Spec, Moodle, Strict], "an identifier is used twice";
    MANIFEST_ID_FORM = "manifest-id-form", Error, [Spec, Moodle, Strict], "an identifier is not a valid XML name";
    MANIFEST_IDREF = "manifest-idref", Error, [Spec, Moodle, Strict], "an identifierref names no resource";
    MANIFEST_DEFAULT_ORG = "manifest-default-org", Error, [Spec, Moodle, Strict], "organizations@default names no organization";
    MANIFEST_HREF_MISSING = "manifest-href-missing", Error, [Spec, Moodle, Strict], "a file the manifest references is not in the package";
    MANIFEST_HREF_FORM = "manifest-href-form", Error, [Spec, Moodle, Strict], "an href is absolute or leaves the package";
    MANIFEST_SCORMTYPE = "manifest-scormtype", Error, [Spec, Moodle, Strict], "scormtype/scormType is misspelt for the edition, or missing";
    MANIFEST_MASTERYSCORE = "manifest-masteryscore", Error, [Spec, Moodle, Strict], "masteryscore is not a number 0-100";
    MANIFEST_ITEM_STRUCTURE = "manifest-item-structure", Error, [Spec, Moodle, Strict], "SCORM 2004: an item with children references a resource, or a leaf item references none";
    MANIFEST_RESOURCE_HREF = "manifest-resource-href", Error, [Spec, Moodle, Strict], "an item launches a resource that has no href";
    MANIFEST_NO_SCO = "manifest-no-sco", Error, [Moodle, Strict], "Moodle: the first item of the default organization does not launch a SCO (the standard allows resource-only packages)";
    MANIFEST_PREFIX = "manifest-prefix", Error, [Moodle, Strict], "Moodle reads only the literal adlcp prefix and unprefixed IMS CP elements";
    MANIFEST_WHITESPACE = "manifest-whitespace", Error, [Moodle, Strict], "a value Moodle reads literally has surrounding white space";
    MANIFEST_DELIVERY = "manifest-delivery-controls", Warning, [Strict], "2004 completionSetByContent is false: the LMS, not the SCO, may set completion when the attempt ends";
    METADATA_LONG = "metadata-long-description", Warning, [Strict], "a metadata description is longer than the 1,000 characters LMSs keep";
    FILE_UNLISTED = "file-unlisted", Warning, [Strict], "a file in the package is not listed in the manifest";
    FILE_JUNK = "file-junk", Warning, [Strict], "an OS junk file (.DS_Store, Thumbs.db, __MACOSX)";
    FILE_NAME = "file-name", Warning, [Moodle, Strict], "a file name Moodle rewrites or that needs URL encoding";
    CMI5_ID = "cmi5-id", Error, [Spec, Moodle, Strict], "a cmi5 id is not an absolute IRI";
    CMI5_ID_DUPLICATE = "cmi5-id-duplicate", Error, [Spec, Moodle, Strict], "a cmi5 AU, block or objective id is used twice";
    CMI5_URL = "cmi5-url", Error, [Spec, Moodle, Strict], "an AU url is invalid, not in the package, or sets a launch parameter the LMS adds";
    TINCAN_ID = "tincan-id", Error, [Spec, Moodle, Strict], "a TinCan activity id is not an absolute IRI";
    TINCAN_LAUNCH = "tincan-launch", Error, [Spec, Moodle, Strict], "the TinCan launch file is missing";
    FINDINGS_OMITTED = "findings-omitted", Warning, [Spec, Moodle, Strict], "more findings than are shown (at most 100 per rule and 1,000 per package); an error when errors were left out";
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_rule_names_its_profiles() {
        assert_eq!(super::ALL.len(), super::PROFILES.len());
        for rule in super::ALL {
            assert!(!super::profiles(rule.id).is_empty(), "{}", rule.id);
        }
    }
}
