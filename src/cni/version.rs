//! The CNI spec versions cnictl speaks, as a type, so that the result shape
//! for a version is decided in one place instead of by string comparisons.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A CNI spec version. The variants are declared in release order, so the
/// derived `Ord` is the spec's order (`0.3.1 < 0.4.0 < 1.0.0`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum CniVersion {
    V0_1_0,
    V0_2_0,
    V0_3_0,
    V0_3_1,
    V0_4_0,
    V1_0_0,
    V1_1_0,
}

/// How a result of a given version is laid out on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResultShape {
    /// 0.1.0 and 0.2.0: one `ip4` and one `ip6` object, each with its own
    /// `routes`; no interfaces.
    Ip4Ip6,
    /// 0.3.0, 0.3.1 and 0.4.0: `interfaces`/`ips`/`routes`/`dns`, and each
    /// entry of `ips` says its family in `"version": "4" | "6"`.
    IpsWithFamily,
    /// 1.0.0 and 1.1.0: like the 0.4.0 shape without the `version` field.
    Ips,
}

impl CniVersion {
    /// Every supported version, oldest first.
    pub const ALL: [CniVersion; 7] = [
        CniVersion::V0_1_0,
        CniVersion::V0_2_0,
        CniVersion::V0_3_0,
        CniVersion::V0_3_1,
        CniVersion::V0_4_0,
        CniVersion::V1_0_0,
        CniVersion::V1_1_0,
    ];

    /// The newest version; the one cnictl's own results are built in.
    pub const LATEST: CniVersion = CniVersion::V1_1_0;

    /// What a config or result without `cniVersion` means (CNI spec: files
    /// from before the field existed are 0.1.0; libcni decodes them so).
    pub const IMPLICIT: CniVersion = CniVersion::V0_1_0;

    pub fn as_str(self) -> &'static str {
        match self {
            CniVersion::V0_1_0 => "0.1.0",
            CniVersion::V0_2_0 => "0.2.0",
            CniVersion::V0_3_0 => "0.3.0",
            CniVersion::V0_3_1 => "0.3.1",
            CniVersion::V0_4_0 => "0.4.0",
            CniVersion::V1_0_0 => "1.0.0",
            CniVersion::V1_1_0 => "1.1.0",
        }
    }

    pub fn result_shape(self) -> ResultShape {
        match self {
            CniVersion::V0_1_0 | CniVersion::V0_2_0 => ResultShape::Ip4Ip6,
            CniVersion::V0_3_0 | CniVersion::V0_3_1 | CniVersion::V0_4_0 => {
                ResultShape::IpsWithFamily
            }
            CniVersion::V1_0_0 | CniVersion::V1_1_0 => ResultShape::Ips,
        }
    }

    /// Parses a `cniVersion` field where a missing or empty value means
    /// 0.1.0, as libcni's version decoder reads results and configs.
    pub fn parse_or_implicit(text: Option<&str>) -> Result<CniVersion, UnknownVersionError> {
        match text {
            None | Some("") => Ok(CniVersion::IMPLICIT),
            Some(text) => text.parse(),
        }
    }
}

impl fmt::Display for CniVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for CniVersion {
    type Err = UnknownVersionError;

    /// Only the exact strings of the spec: libcni compares versions as
    /// strings when it picks a converter, so "1.0" is not "1.0.0" there either.
    fn from_str(text: &str) -> Result<CniVersion, UnknownVersionError> {
        CniVersion::ALL
            .into_iter()
            .find(|version| version.as_str() == text)
            .ok_or_else(|| UnknownVersionError {
                version: text.to_string(),
            })
    }
}

impl Serialize for CniVersion {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for CniVersion {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<CniVersion, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

/// A `cniVersion` cnictl cannot read or produce (CNI error code 1).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "unsupported CNI version \"{version}\" (supported: 0.1.0, 0.2.0, 0.3.0, 0.3.1, 0.4.0, 1.0.0, 1.1.0)"
)]
pub struct UnknownVersionError {
    pub version: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_version_parses_back_from_its_string() {
        for version in CniVersion::ALL {
            assert_eq!(version.as_str().parse::<CniVersion>(), Ok(version));
            assert_eq!(version.to_string(), version.as_str());
        }
        // The config module's list and this type must not drift apart.
        let strings: Vec<&str> = CniVersion::ALL.iter().map(|v| v.as_str()).collect();
        assert_eq!(strings, crate::config::SUPPORTED_CNI_VERSIONS);
    }

    #[test]
    fn order_is_release_order() {
        assert!(CniVersion::V0_3_1 < CniVersion::V0_4_0);
        assert!(CniVersion::V0_4_0 < CniVersion::V1_0_0);
        assert!(CniVersion::V1_0_0 < CniVersion::V1_1_0);
        let mut shuffled = [CniVersion::V1_1_0, CniVersion::V0_1_0, CniVersion::V0_3_0];
        shuffled.sort();
        assert_eq!(
            shuffled,
            [CniVersion::V0_1_0, CniVersion::V0_3_0, CniVersion::V1_1_0]
        );
    }

    #[test]
    fn shapes() {
        use ResultShape::*;
        let shapes: Vec<ResultShape> = CniVersion::ALL.iter().map(|v| v.result_shape()).collect();
        assert_eq!(
            shapes,
            [
                Ip4Ip6,
                Ip4Ip6,
                IpsWithFamily,
                IpsWithFamily,
                IpsWithFamily,
                Ips,
                Ips
            ]
        );
    }

    #[test]
    fn unknown_versions_are_refused_with_the_list() {
        for text in ["1.0", "0.5.0", "v1.0.0", " 1.0.0", "2.0.0"] {
            let err = text.parse::<CniVersion>().unwrap_err();
            assert_eq!(err.version, text);
        }
        assert_eq!(
            "9.9.9".parse::<CniVersion>().unwrap_err().to_string(),
            "unsupported CNI version \"9.9.9\" \
             (supported: 0.1.0, 0.2.0, 0.3.0, 0.3.1, 0.4.0, 1.0.0, 1.1.0)"
        );
    }

    #[test]
    fn missing_or_empty_means_0_1_0() {
        assert_eq!(CniVersion::parse_or_implicit(None), Ok(CniVersion::V0_1_0));
        assert_eq!(
            CniVersion::parse_or_implicit(Some("")),
            Ok(CniVersion::V0_1_0)
        );
        assert_eq!(
            CniVersion::parse_or_implicit(Some("0.4.0")),
            Ok(CniVersion::V0_4_0)
        );
    }

    #[test]
    fn serde_uses_the_string() {
        let json = serde_json::to_string(&CniVersion::V0_3_1).unwrap();
        assert_eq!(json, "\"0.3.1\"");
        let back: CniVersion = serde_json::from_str(&json).unwrap();
        assert_eq!(back, CniVersion::V0_3_1);
        assert!(serde_json::from_str::<CniVersion>("\"0.9.0\"").is_err());
    }
}
