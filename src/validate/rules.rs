//! The rules `coursepack validate` applies to a package, with stable ids.

use crate::diag::{Rule, Severity};

macro_rules! rules {
    ($( $name:ident = $id:literal, $sev:ident, $summary:literal; )*) => {
        $( pub const $name: Rule = Rule { id: $id, severity: Severity::$sev, summary: $summary }; )*
        /// Every rule, in the order they are documented.
        pub const ALL: &[Rule] = &[$( $name ),*];
    };
}

rules! {
    ZIP_CORRUPT = "zip-corrupt", Error, "the archive is truncated or corrupt";
    ZIP_SLIP = "zip-slip", Error, "an entry name is absolute, has `..` or a drive letter";
    ZIP_SYMLINK = "zip-symlink", Error, "an entry is a symbolic link";
    ZIP_NAME_ENCODING = "zip-name-encoding", Error, "an entry name is not valid UTF-8";
    ZIP_DUPLICATE = "zip-duplicate", Error, "two entries have the same name";
    ZIP_OVERLAP = "zip-overlap", Error, "entries share or overlap their data (an overlapping-entry zip bomb)";
    ZIP_TOO_MANY = "zip-too-many-entries", Error, "more entries than the reader accepts";
    ZIP_TOO_LARGE = "zip-too-large", Error, "the uncompressed total exceeds the cap";
    ZIP_RATIO = "zip-ratio", Error, "an entry's compression ratio looks like a zip bomb";
    ZIP_HEADER_MISMATCH = "zip-header-mismatch", Error, "an entry's local header disagrees with its central directory record (name, flags, method, CRC or sizes)";
    ZIP_PREFIX = "zip-prefix", Error, "bytes before the first entry (a zip appended to an HTML page, inside a tar, ...)";
    ZIP_ENCRYPTED = "zip-encrypted", Error, "an entry is encrypted (an LMS cannot extract it)";
    ZIP_CRC = "zip-crc", Error, "with --deep: an entry's data does not match its CRC or declared size";
    KIND_UNKNOWN = "kind-unknown", Error, "no imsmanifest.xml, cmi5.xml or tincan.xml at the package root";
    KIND_AICC = "kind-aicc", Error, "an AICC package (coursepack validates SCORM, cmi5 and TinCan)";
    KIND_NESTED = "kind-nested", Error, "the manifest is inside a folder, not at the zip root";
    XML_MALFORMED = "xml-malformed", Error, "the XML is not well-formed";
    XSD_INVALID = "xsd-invalid", Error, "the manifest does not validate against its standard's XML schema (coursepack's own, bundled)";
    XSD_OFFICIAL = "xsd-official", Error, "the manifest does not validate against the official schema set given with --official-schemas";
    XML_DTD = "xml-dtd", Error, "the XML has a DTD or entity declarations (refused, never expanded)";
    MANIFEST_SCHEMAVERSION = "manifest-schemaversion", Error, "schemaversion is missing, unknown or has white space";
    MANIFEST_ID_DUPLICATE = "manifest-id-duplicate", Error, "an identifier is used twice";
    MANIFEST_ID_FORM = "manifest-id-form", Error, "an identifier is not a valid XML name";
    MANIFEST_IDREF = "manifest-idref", Error, "an identifierref names no resource";
    MANIFEST_DEFAULT_ORG = "manifest-default-org", Error, "organizations@default names no organization";
    MANIFEST_HREF_MISSING = "manifest-href-missing", Error, "a file the manifest references is not in the package";
    MANIFEST_HREF_FORM = "manifest-href-form", Error, "an href is absolute or leaves the package";
    MANIFEST_SCORMTYPE = "manifest-scormtype", Error, "scormtype/scormType is misspelt for the edition, or missing";
    MANIFEST_MASTERYSCORE = "manifest-masteryscore", Error, "masteryscore is not a number 0-100";
    MANIFEST_NO_SCO = "manifest-no-sco", Error, "no launchable SCO in the default organization";
    MANIFEST_PREFIX = "manifest-prefix", Error, "Moodle reads only the literal adlcp prefix and unprefixed IMS CP elements";
    MANIFEST_WHITESPACE = "manifest-whitespace", Error, "a value Moodle reads literally has surrounding white space";
    MANIFEST_DELIVERY = "manifest-delivery-controls", Warning, "2004 delivery controls let the LMS complete the SCO on launch";
    METADATA_LONG = "metadata-long-description", Warning, "a metadata description is longer than the 1,000 characters LMSs keep";
    FILE_UNLISTED = "file-unlisted", Warning, "a file in the package is not listed in the manifest";
    FILE_JUNK = "file-junk", Warning, "an OS junk file (.DS_Store, Thumbs.db, __MACOSX)";
    FILE_NAME = "file-name", Warning, "a file name Moodle rewrites or that needs URL encoding";
    CMI5_ID = "cmi5-id", Error, "a cmi5 id is not an absolute IRI";
    CMI5_ID_DUPLICATE = "cmi5-id-duplicate", Error, "a cmi5 AU, block or objective id is used twice";
    CMI5_URL = "cmi5-url", Error, "an AU url is invalid, not in the package, or sets a launch parameter the LMS adds";
    TINCAN_ID = "tincan-id", Error, "a TinCan activity id is not an absolute IRI";
    TINCAN_LAUNCH = "tincan-launch", Error, "the TinCan launch file is missing";
    FINDINGS_OMITTED = "findings-omitted", Warning, "more findings than are shown (at most 100 per rule and 1,000 per package); an error when errors were left out";
}
