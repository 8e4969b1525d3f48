//! OCP versions and what each one has.
//!
//! The spec marks every operation, and every property that not all documented versions have,
//! with the first OCP version whose docs show it (`x-ocp-since`) and, where a later one dropped
//! it, `x-ocp-until`; `cargo xtask generate` turns that into [`crate::capabilities`]. This
//! module reads OCP's own version ([`OcpVersion`], from `GET /api/v2/info`) and answers
//! [`supports`] and [`field_supported`] from the table.
//!
//! ```
//! use ocp_api::{Operation, OcpVersion, supports};
//! let v = OcpVersion::parse("4.2.2-20240108");
//! assert_eq!(v.to_string(), "4.2.2");
//! assert!(supports(Operation::BackupClusterNow, &v));
//! assert!(!supports(Operation::BackupTenantNow, &v));
//! assert_eq!(Operation::BackupTenantNow.since().to_string(), "4.3.0");
//! ```

use std::fmt;

use crate::capabilities::{DOCUMENTED_VERSIONS, FIELDS, Operation};

/// A `major.minor.patch` version number.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Version {
    pub major: u32,
    pub minor: u32,
    pub patch: u32,
}

impl Version {
    pub const fn new(major: u32, minor: u32, patch: u32) -> Version {
        Version {
            major,
            minor,
            patch,
        }
    }

    /// The newest OCP version the spec documents.
    pub fn newest_documented() -> Version {
        *DOCUMENTED_VERSIONS
            .last()
            .expect("the spec names at least one OCP version")
    }

    /// The oldest OCP version the spec documents.
    pub fn oldest_documented() -> Version {
        *DOCUMENTED_VERSIONS
            .first()
            .expect("the spec names at least one OCP version")
    }
}

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}.{}", self.major, self.minor, self.patch)
    }
}

/// The version of a connected OCP, read leniently from its `buildVersion`.
///
/// The leading `major.minor.patch` counts (`4.2.2-20240108` → 4.2.2; a missing patch is 0);
/// the raw text is kept. Text that does not start with a version (or an OCP that sent none) is
/// treated as the newest documented version, so nothing is hidden on a guess, and
/// [`is_recognised`](Self::is_recognised) is false so a user interface can show the raw text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OcpVersion {
    version: Version,
    raw: String,
    recognised: bool,
}

impl OcpVersion {
    pub fn parse(raw: &str) -> OcpVersion {
        match leading_version(raw) {
            Some(version) => OcpVersion {
                version,
                raw: raw.to_owned(),
                recognised: true,
            },
            None => OcpVersion {
                version: Version::newest_documented(),
                raw: raw.to_owned(),
                recognised: false,
            },
        }
    }

    /// A known version, as a simulator or a test configures it.
    pub fn known(version: Version) -> OcpVersion {
        OcpVersion {
            version,
            raw: version.to_string(),
            recognised: true,
        }
    }

    /// The version capabilities are judged by (the newest documented one when unrecognised).
    pub fn version(&self) -> Version {
        self.version
    }

    /// What OCP sent, verbatim.
    pub fn raw(&self) -> &str {
        &self.raw
    }

    /// False when the text did not start with a version number.
    pub fn is_recognised(&self) -> bool {
        self.recognised
    }
}

/// `4.2.2` for a recognised version; the raw text otherwise (`unknown` when OCP sent none).
impl fmt::Display for OcpVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.recognised {
            self.version.fmt(f)
        } else if self.raw.trim().is_empty() {
            f.write_str("unknown")
        } else {
            f.write_str(self.raw.trim())
        }
    }
}

/// `4.2.2` of `4.2.2-20240108`, `v4.3.1`, `4.3`; `None` when the text does not start with
/// `major.minor`.
fn leading_version(raw: &str) -> Option<Version> {
    let text = raw.trim();
    let text = text
        .strip_prefix(['v', 'V'])
        .filter(|rest| rest.starts_with(|c: char| c.is_ascii_digit()))
        .unwrap_or(text);
    let mut numbers = Vec::with_capacity(3);
    let mut rest = text;
    loop {
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 {
            break;
        }
        numbers.push(rest[..digits].parse::<u32>().ok()?);
        rest = &rest[digits..];
        if numbers.len() == 3 {
            break;
        }
        match rest.strip_prefix('.') {
            Some(after) if after.starts_with(|c: char| c.is_ascii_digit()) => rest = after,
            _ => break,
        }
    }
    match numbers[..] {
        [major, minor] => Some(Version::new(major, minor, 0)),
        [major, minor, patch] => Some(Version::new(major, minor, patch)),
        _ => None,
    }
}

fn within(version: Version, since: Option<Version>, until: Option<Version>) -> bool {
    since.is_none_or(|s| version >= s) && until.is_none_or(|u| version < u)
}

/// Whether an OCP of this version has the operation.
pub fn supports(operation: Operation, version: &OcpVersion) -> bool {
    within(
        version.version(),
        Some(operation.since()),
        operation.until(),
    )
}

/// Whether an OCP of this version has the property of the named schema. Properties the spec
/// does not mark are in every documented version.
pub fn field_supported(schema: &str, property: &str, version: &OcpVersion) -> bool {
    FIELDS
        .iter()
        .find(|f| f.schema == schema && f.property == property)
        .is_none_or(|f| within(version.version(), f.since, f.until))
}

/// Whether some documented OCP version lacks the operation (a 404 for it may mean "this OCP
/// does not have it" rather than "no such object").
pub fn is_versioned(operation: Operation) -> bool {
    operation.since() > Version::oldest_documented() || operation.until().is_some()
}

/// An operation the connected OCP does not have.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unsupported {
    pub operation: Operation,
    /// The OCP's version, when it was read.
    pub version: Option<OcpVersion>,
    /// The first OCP version that has the operation.
    pub since: Version,
    /// Set when OCP itself answered 404 for it (its version unread, or claiming to have it),
    /// rather than the client refusing before sending.
    pub answered_not_found: bool,
}

impl Unsupported {
    pub fn new(operation: Operation, version: Option<OcpVersion>) -> Unsupported {
        Unsupported {
            operation,
            version,
            since: operation.since(),
            answered_not_found: false,
        }
    }
}

impl fmt::Display for Unsupported {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (op, since) = (self.operation, self.since);
        match (&self.version, self.answered_not_found) {
            (Some(v), false) => write!(
                f,
                "OCP {v} does not have the operation {op} (it first appears in OCP {since})"
            ),
            (Some(v), true) => write!(
                f,
                "this OCP (reporting version {v}) answered HTTP 404 for the operation {op}: it does not have it (the operation first appears in OCP {since})"
            ),
            (None, _) => write!(
                f,
                "this OCP answered HTTP 404 for the operation {op}: it does not have it (the operation first appears in OCP {since}; its version was not read)"
            ),
        }
    }
}

impl std::error::Error for Unsupported {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_leading_major_minor_patch_counts_and_the_raw_text_is_kept() {
        for (raw, expected) in [
            ("4.2.2-20240108", Version::new(4, 2, 2)),
            ("4.3.1", Version::new(4, 3, 1)),
            ("2.5.0-SNAPSHOT", Version::new(2, 5, 0)),
            (" v4.3.0 ", Version::new(4, 3, 0)),
            ("4.3", Version::new(4, 3, 0)),
            ("4.3.1.2-bp1", Version::new(4, 3, 1)),
            ("4.0.3_CE", Version::new(4, 0, 3)),
        ] {
            let v = OcpVersion::parse(raw);
            assert!(v.is_recognised(), "{raw}");
            assert_eq!(v.version(), expected, "{raw}");
            assert_eq!(v.raw(), raw);
            assert_eq!(v.to_string(), expected.to_string());
        }
    }

    #[test]
    fn garbage_is_the_newest_documented_version_shown_as_sent() {
        let newest = Version::newest_documented();
        assert_eq!(newest, Version::new(4, 3, 0));
        for raw in [
            "garbage",
            "",
            "   ",
            "4",
            "4.",
            ".4.3",
            "v",
            "version 4.3.0",
            "99999999999.1.1",
        ] {
            let v = OcpVersion::parse(raw);
            assert!(!v.is_recognised(), "{raw:?}");
            assert_eq!(v.version(), newest, "{raw:?}");
            assert_eq!(v.raw(), raw);
        }
        assert_eq!(OcpVersion::parse("garbage").to_string(), "garbage");
        assert_eq!(OcpVersion::parse("").to_string(), "unknown");
        // Nothing is hidden on a guess.
        assert!(
            Operation::ALL
                .iter()
                .all(|op| supports(*op, &OcpVersion::parse("garbage")))
        );
    }

    #[test]
    fn versions_order_numerically() {
        let v = |s| OcpVersion::parse(s).version();
        assert!(v("4.10.0") > v("4.9.9"));
        assert!(v("4.2.2") < v("4.3.0"));
        assert!(v("4.3.0-20240101") == v("4.3.0"));
    }

    #[test]
    fn an_ocp_older_than_the_docs_has_nothing_the_docs_show() {
        // The docs' own sample build: older than the oldest documented reference (4.0.0).
        let old = OcpVersion::parse("2.5.0-SNAPSHOT");
        assert!(!supports(Operation::GetClusterBackupAbility, &old));
        let e = Unsupported::new(Operation::GetClusterBackupAbility, Some(old));
        assert_eq!(
            e.to_string(),
            "OCP 2.5.0 does not have the operation getClusterBackupAbility (it first appears in OCP 4.0.0)"
        );
    }
}
