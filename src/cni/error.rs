//! CNI errors in both senses: the error object a plugin prints on stdout
//! (`{cniVersion, code, msg, details}` with the spec's codes), and the Rust
//! errors of this module (decoding results, the attachment cache).

use std::io;
use std::path::PathBuf;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value};

use super::json;
use super::version::{CniVersion, UnknownVersionError};

/// The `code` of a CNI error. 0–99 are reserved by the spec (and libcni's
/// `types` package), 100 and up belong to the plugin.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorCode {
    /// 0: libcni's `ErrUnknown`.
    Unknown,
    /// 1: the config's cniVersion is not supported.
    IncompatibleVersion,
    /// 2: a config field is not supported; the message names key and value.
    UnsupportedField,
    /// 3: the container does not exist; the runtime need not call DEL.
    UnknownContainer,
    /// 4: a `CNI_*` variable is missing or wrong; the message names it.
    InvalidEnvironment,
    /// 5: reading the config from stdin (or similar I/O) failed.
    IoFailure,
    /// 6: the config or another input could not be decoded.
    DecodingFailure,
    /// 7: the network config is invalid.
    InvalidNetworkConfig,
    /// 8: libcni's `ErrInvalidNetNS`.
    InvalidNetns,
    /// 11: a transient condition; the runtime should retry later.
    TryAgainLater,
    /// 50: the plugin cannot serve ADD.
    PluginNotAvailable,
    /// 51: the plugin cannot serve ADD and existing containers may suffer.
    LimitedConnectivity,
    /// 999: what the reference plugins report for an otherwise unclassified
    /// failure (libcni's `ErrInternal`).
    Internal,
    /// Another code below 100 that this version does not name.
    Reserved(u32),
    /// 100 and up, except 999.
    PluginSpecific(u32),
}

impl ErrorCode {
    pub fn code(self) -> u32 {
        match self {
            ErrorCode::Unknown => 0,
            ErrorCode::IncompatibleVersion => 1,
            ErrorCode::UnsupportedField => 2,
            ErrorCode::UnknownContainer => 3,
            ErrorCode::InvalidEnvironment => 4,
            ErrorCode::IoFailure => 5,
            ErrorCode::DecodingFailure => 6,
            ErrorCode::InvalidNetworkConfig => 7,
            ErrorCode::InvalidNetns => 8,
            ErrorCode::TryAgainLater => 11,
            ErrorCode::PluginNotAvailable => 50,
            ErrorCode::LimitedConnectivity => 51,
            ErrorCode::Internal => 999,
            ErrorCode::Reserved(code) | ErrorCode::PluginSpecific(code) => code,
        }
    }

    pub fn from_code(code: u32) -> ErrorCode {
        match code {
            0 => ErrorCode::Unknown,
            1 => ErrorCode::IncompatibleVersion,
            2 => ErrorCode::UnsupportedField,
            3 => ErrorCode::UnknownContainer,
            4 => ErrorCode::InvalidEnvironment,
            5 => ErrorCode::IoFailure,
            6 => ErrorCode::DecodingFailure,
            7 => ErrorCode::InvalidNetworkConfig,
            8 => ErrorCode::InvalidNetns,
            11 => ErrorCode::TryAgainLater,
            50 => ErrorCode::PluginNotAvailable,
            51 => ErrorCode::LimitedConnectivity,
            999 => ErrorCode::Internal,
            code if code < 100 => ErrorCode::Reserved(code),
            code => ErrorCode::PluginSpecific(code),
        }
    }
}

impl Serialize for ErrorCode {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_u32(self.code())
    }
}

impl<'de> Deserialize<'de> for ErrorCode {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<ErrorCode, D::Error> {
        u32::deserialize(deserializer).map(ErrorCode::from_code)
    }
}

/// The error object a plugin prints on stdout before exiting non-zero.
///
/// The spec puts `cniVersion` first; the reference plugins built on libcni
/// 1.1 leave it out (`{"code": 1, "msg": …, "details": …}`), so it is
/// optional both ways, and kept as text so that an error from a plugin
/// speaking a newer version still decodes. `details` is left out when
/// empty, as Go does.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ErrorResult {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cni_version: Option<String>,
    pub code: ErrorCode,
    pub msg: String,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "empty_as_none"
    )]
    pub details: Option<String>,
}

impl ErrorResult {
    pub fn new(
        cni_version: CniVersion,
        code: ErrorCode,
        msg: impl Into<String>,
        details: impl Into<String>,
    ) -> ErrorResult {
        let details = details.into();
        ErrorResult {
            cni_version: Some(cni_version.to_string()),
            code,
            msg: msg.into(),
            details: (!details.is_empty()).then_some(details),
        }
    }

    pub fn to_json_value(&self) -> Value {
        // Only strings and numbers: serializing cannot fail.
        serde_json::to_value(self).unwrap_or_else(|_| Value::Object(Map::new()))
    }

    /// As a plugin prints it: Go's indented JSON, no trailing newline.
    pub fn to_pretty_json(&self) -> String {
        json::to_pretty_string(&self.to_json_value())
    }
}

impl std::fmt::Display for ErrorResult {
    /// libcni's `Error()` text: the message, then `; details` if any.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.details {
            Some(details) => write!(f, "{}; {}", self.msg, details),
            None => f.write_str(&self.msg),
        }
    }
}

fn empty_as_none<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<String>, D::Error> {
    let text = Option::<String>::deserialize(deserializer)?;
    Ok(text.filter(|text| !text.is_empty()))
}

/// Failures of the protocol layer that are not about a file: decoding a
/// result, converting it to a version that cannot hold it.
#[derive(Debug, thiserror::Error)]
pub enum CniError {
    #[error(transparent)]
    UnknownVersion(#[from] UnknownVersionError),

    #[error("cannot decode CNI result: {0}")]
    DecodeResult(#[source] serde_json::Error),

    #[error("cannot decode CNI result: {field} {value:?} is not {expected}")]
    InvalidResultField {
        field: &'static str,
        value: String,
        expected: &'static str,
    },

    /// libcni refuses the same conversion ("no valid IP addresses"): a
    /// 0.1.0/0.2.0 result is nothing but its `ip4`/`ip6`.
    #[error("cannot express the result as CNI {version}: it has no IP address, and {version} results are only ip4/ip6")]
    NoAddressForLegacyResult { version: CniVersion },
}

impl CniError {
    /// The code a plugin reports this failure with.
    pub fn error_code(&self) -> ErrorCode {
        match self {
            CniError::UnknownVersion(_) | CniError::NoAddressForLegacyResult { .. } => {
                ErrorCode::IncompatibleVersion
            }
            CniError::DecodeResult(_) | CniError::InvalidResultField { .. } => {
                ErrorCode::DecodingFailure
            }
        }
    }
}

/// Failures of the attachment cache; each names the file or directory.
#[derive(Debug, thiserror::Error)]
pub enum CacheError {
    #[error("cannot {action} {path}: {source}")]
    Io {
        action: &'static str,
        path: PathBuf,
        #[source]
        source: io::Error,
    },

    #[error("attachment cache file {path} is not valid JSON of a cniCacheV1 entry: {source}")]
    Parse {
        path: PathBuf,
        #[source]
        source: serde_json::Error,
    },

    /// libcni skips such files too; an older libcni wrote the bare result.
    #[error("attachment cache file {path} has kind {kind:?}, not \"cniCacheV1\"")]
    WrongKind { path: PathBuf, kind: String },

    #[error("attachment cache file {path} holds a result cnictl cannot read: {source}")]
    Result {
        path: PathBuf,
        #[source]
        source: CniError,
    },

    #[error("cannot build the attachment cache entry: {source}")]
    Build {
        #[source]
        source: CniError,
    },

    /// The name must make one file name inside `results/` (libcni refuses
    /// empty parts too; a `/` would leave the directory).
    #[error("{what} {value:?} cannot be part of an attachment cache file name: {reason}")]
    InvalidKey {
        what: &'static str,
        value: String,
        reason: &'static str,
    },
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip() {
        for code in [0, 1, 2, 3, 4, 5, 6, 7, 8, 11, 50, 51, 999, 9, 99, 100, 4242] {
            assert_eq!(ErrorCode::from_code(code).code(), code);
        }
        assert_eq!(ErrorCode::from_code(11), ErrorCode::TryAgainLater);
        assert_eq!(ErrorCode::from_code(9), ErrorCode::Reserved(9));
        assert_eq!(ErrorCode::from_code(100), ErrorCode::PluginSpecific(100));
    }

    #[test]
    fn error_result_as_the_spec_shows_it() {
        let error = ErrorResult::new(
            CniVersion::V1_1_0,
            ErrorCode::InvalidNetworkConfig,
            "Invalid Configuration",
            "Network 192.168.0.0/31 too small to allocate from.",
        );
        // SPEC.md, section "Error".
        assert_eq!(
            error.to_pretty_json(),
            r#"{
    "cniVersion": "1.1.0",
    "code": 7,
    "msg": "Invalid Configuration",
    "details": "Network 192.168.0.0/31 too small to allocate from."
}"#
        );
        assert_eq!(
            error.to_string(),
            "Invalid Configuration; Network 192.168.0.0/31 too small to allocate from."
        );
    }

    #[test]
    fn reference_plugin_errors_parse() {
        // `/usr/lib/cni/bridge` (containernetworking-plugins 1.1.1) with
        // `"cniVersion": "9.9.9"`, run in a throwaway netns pair.
        let printed = r#"{
    "code": 1,
    "msg": "incompatible CNI versions",
    "details": "config is \"9.9.9\", plugin supports [\"0.1.0\" \"0.2.0\" \"0.3.0\" \"0.3.1\" \"0.4.0\" \"1.0.0\"]"
}"#;
        let error: ErrorResult = serde_json::from_str(printed).unwrap();
        assert_eq!(error.cni_version, None);
        assert_eq!(error.code, ErrorCode::IncompatibleVersion);
        assert_eq!(error.to_pretty_json(), printed);

        // Same plugin, subnet "10.13.23.0/33": no details at all.
        let printed =
            "{\n    \"code\": 999,\n    \"msg\": \"invalid CIDR address: 10.13.23.0/33\"\n}";
        let error: ErrorResult = serde_json::from_str(printed).unwrap();
        assert_eq!(error.code, ErrorCode::Internal);
        assert_eq!(error.details, None);
        assert_eq!(error.to_pretty_json(), printed);
    }

    #[test]
    fn empty_details_are_left_out() {
        let error = ErrorResult::new(CniVersion::V0_4_0, ErrorCode::TryAgainLater, "busy", "");
        assert_eq!(
            json::to_compact_string(&error.to_json_value()),
            r#"{"cniVersion":"0.4.0","code":11,"msg":"busy"}"#
        );
        let parsed: ErrorResult =
            serde_json::from_str(r#"{"code":3,"msg":"gone","details":""}"#).unwrap();
        assert_eq!(parsed.details, None);
        assert_eq!(parsed.code, ErrorCode::UnknownContainer);
        // A plugin speaking a version cnictl does not know still reports an error.
        let newer: ErrorResult =
            serde_json::from_str(r#"{"cniVersion":"1.2.0","code":120,"msg":"x"}"#).unwrap();
        assert_eq!(newer.cni_version.as_deref(), Some("1.2.0"));
        assert_eq!(newer.code, ErrorCode::PluginSpecific(120));
    }
}
