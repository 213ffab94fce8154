//! Reading one network config file (or stdin bytes) into a [`NetworkConfig`].
//!
//! Loading is lenient on purpose: only bytes that are not JSON, or fields of
//! the wrong JSON type, fail here. Everything else that is wrong (no name, an
//! unsupported cniVersion, a bad subnet, …) is left to
//! [`validate`](super::validate::validate) so that all faults of a file are
//! reported together and a listing can still show the file.

use std::fs;
use std::net::IpAddr;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde_json::{Map, Value};

use super::error::ConfigError;
use super::types::{DnsConf, IpamConf, PluginConf, RangeConf};
use crate::ipam::range::{range_set_from_conf, RangeError, RangeSet};

/// The cniVersion a config means when it gives none (CNI spec: configs from
/// before the field existed are 0.1.0).
pub const IMPLICIT_CNI_VERSION: &str = "0.1.0";

/// The spec versions cnictl can read configs of and produce results for.
pub const SUPPORTED_CNI_VERSIONS: [&str; 7] = [
    "0.1.0", "0.2.0", "0.3.0", "0.3.1", "0.4.0", "1.0.0", "1.1.0",
];

/// Where host-local keeps leases when `ipam.dataDir` is not set.
pub const DEFAULT_DATA_DIR: &str = "/var/lib/cni/networks";

/// Where a config came from; used in every message about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConfigSource {
    File(PathBuf),
    /// cnictl's built-in default network.
    Embedded,
    /// Plugin mode: the runtime passed the config on stdin.
    Stdin,
}

impl std::fmt::Display for ConfigSource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ConfigSource::File(path) => write!(f, "{}", path.display()),
            ConfigSource::Embedded => f.write_str("built-in network config"),
            ConfigSource::Stdin => f.write_str("network config on stdin"),
        }
    }
}

/// The two file shapes CNI knows: one plugin per file, or a list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    /// `.conf` / `.json`: the whole object is one plugin's config.
    Single,
    /// `.conflist`: `{cniVersion, name, plugins: [...]}`.
    List,
}

impl FileKind {
    /// By extension, as libcni decides; `None` for any other file name.
    pub fn from_path(path: &Path) -> Option<FileKind> {
        let name = path.file_name()?.to_str()?;
        match name.rsplit_once('.')?.1 {
            "conf" | "json" => Some(FileKind::Single),
            "conflist" => Some(FileKind::List),
            _ => None,
        }
    }

    /// For a file named without a known extension (`--net ./mynet`): a
    /// top-level `plugins` array makes it a list.
    pub fn sniff(bytes: &[u8]) -> FileKind {
        match serde_json::from_slice::<Value>(bytes) {
            Ok(Value::Object(map)) if map.get("plugins").is_some_and(Value::is_array) => {
                FileKind::List
            }
            _ => FileKind::Single,
        }
    }
}

/// One network, from a `.conf`, `.json` or `.conflist`, with the list-level
/// values libcni would inject already copied into each plugin.
#[derive(Debug, Clone, PartialEq)]
pub struct NetworkConfig {
    /// `None` only for a single-plugin file without a name (a loopback config).
    pub name: Option<String>,
    /// The version in effect: as written, the highest supported one of a
    /// conflist's `cniVersions`, or 0.1.0 when none is given.
    pub cni_version: String,
    /// False when the file has no cniVersion; results then use 0.1.0.
    pub cni_version_given: bool,
    pub disable_check: bool,
    pub disable_gc: bool,
    /// One entry for a single-plugin file.
    pub plugins: Vec<PluginConf>,
    pub source: ConfigSource,
    pub is_list: bool,
    /// A conflist's `plugins` key was absent (as opposed to empty); kept so
    /// validation can say which.
    pub plugins_key_missing: bool,
    /// Unknown top-level fields of a conflist (empty for a single file,
    /// whose unknown fields live in its plugin's `extra`).
    pub list_extra: Map<String, Value>,
    /// The file exactly as read: libcni's attachment cache stores these bytes.
    pub bytes: Vec<u8>,
}

/// A conflist's top level. Fields libcni reads loosely (booleans that may be
/// strings) are kept as JSON values and interpreted after parsing.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ConfListFile {
    #[serde(default)]
    cni_version: Option<String>,
    #[serde(default)]
    cni_versions: Option<Vec<String>>,
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    disable_check: Option<Value>,
    #[serde(default, rename = "disableGC")]
    disable_gc: Option<Value>,
    #[serde(default)]
    plugins: Option<Vec<PluginConf>>,
    #[serde(flatten)]
    extra: Map<String, Value>,
}

impl NetworkConfig {
    /// Reads and parses a file; the extension decides its shape.
    pub fn load_file(path: &Path) -> Result<NetworkConfig, ConfigError> {
        let bytes = fs::read(path).map_err(|source| ConfigError::Read {
            path: path.to_path_buf(),
            source,
        })?;
        let kind = FileKind::from_path(path).unwrap_or_else(|| FileKind::sniff(&bytes));
        NetworkConfig::from_bytes(bytes, kind, ConfigSource::File(path.to_path_buf()))
    }

    /// Parses bytes already read (stdin in plugin mode, the embedded default).
    pub fn from_bytes(
        bytes: Vec<u8>,
        kind: FileKind,
        source: ConfigSource,
    ) -> Result<NetworkConfig, ConfigError> {
        let json_error = |e: serde_json::Error| ConfigError::Json {
            origin: source.to_string(),
            line: e.line(),
            column: e.column(),
            message: strip_position(&e),
        };
        match kind {
            FileKind::Single => {
                let plugin: PluginConf = serde_json::from_slice(&bytes).map_err(json_error)?;
                let cni_version_given = plugin.cni_version.is_some();
                Ok(NetworkConfig {
                    name: plugin.name.clone(),
                    cni_version: plugin
                        .cni_version
                        .clone()
                        .unwrap_or_else(|| IMPLICIT_CNI_VERSION.to_string()),
                    cni_version_given,
                    disable_check: false,
                    disable_gc: false,
                    plugins: vec![plugin],
                    source,
                    is_list: false,
                    plugins_key_missing: false,
                    list_extra: Map::new(),
                    bytes,
                })
            }
            FileKind::List => {
                let list: ConfListFile = serde_json::from_slice(&bytes).map_err(json_error)?;
                let disable_check = loose_bool(&source, "disableCheck", list.disable_check)?;
                let disable_gc = loose_bool(&source, "disableGC", list.disable_gc)?;
                let cni_version = effective_list_version(
                    list.cni_version.as_deref(),
                    list.cni_versions.as_deref(),
                );
                let cni_version_given = cni_version.is_some();
                let plugins_key_missing = list.plugins.is_none();
                let mut plugins = list.plugins.unwrap_or_default();
                // libcni injects the list's name and cniVersion into every
                // plugin's config before running it; do the same so each
                // plugin is seen as it will be run.
                for plugin in &mut plugins {
                    plugin.name = list.name.clone();
                    plugin.cni_version = cni_version.clone();
                }
                let mut list_extra = list.extra;
                if let Some(versions) = list.cni_versions {
                    list_extra.insert("cniVersions".into(), versions.into());
                }
                Ok(NetworkConfig {
                    name: list.name,
                    cni_version: cni_version.unwrap_or_else(|| IMPLICIT_CNI_VERSION.to_string()),
                    cni_version_given,
                    disable_check,
                    disable_gc,
                    plugins,
                    source,
                    is_list: true,
                    plugins_key_missing,
                    list_extra,
                    bytes,
                })
            }
        }
    }

    /// The network's name, or a stand-in for messages about a nameless config.
    pub fn display_name(&self) -> String {
        match &self.name {
            Some(name) => format!("\"{name}\""),
            None => format!("without a name ({})", self.source),
        }
    }

    /// The first `bridge` plugin: the one cnictl runs in-process.
    pub fn bridge_plugin(&self) -> Option<&PluginConf> {
        self.plugins.iter().find(|p| p.plugin_type == "bridge")
    }

    /// Whether the network's bridge plugin is L2-only (see
    /// [`PluginConf::is_layer2_only`]): it hands out no addresses.
    pub fn is_layer2_only(&self) -> bool {
        self.bridge_plugin().is_some_and(PluginConf::is_layer2_only)
    }

    /// The IPAM section of the first plugin that has one (the main plugin;
    /// chained plugins such as portmap have none).
    pub fn ipam(&self) -> Option<&IpamConf> {
        self.plugins.iter().find_map(|p| p.ipam.as_ref())
    }

    /// Index of the plugin [`ipam`](Self::ipam) comes from.
    pub fn ipam_plugin_index(&self) -> Option<usize> {
        self.plugins.iter().position(|p| p.ipam.is_some())
    }

    /// The range sets host-local allocates from, with its defaults applied.
    /// As host-local does, an old-style `ipam.subnet` (with its rangeStart,
    /// rangeEnd and gateway) becomes range set 0 and `ipam.ranges` follow, so
    /// `last_reserved_ip.N` files name the same sets for both tools. An
    /// L2-only network has none, and that is no fault.
    pub fn range_sets(&self) -> Result<Vec<RangeSet>, ConfigError> {
        if self.is_layer2_only() {
            return Ok(Vec::new());
        }
        let network = self.display_name();
        let no_ranges = |why: &str| ConfigError::NoRanges {
            origin: self.source.to_string(),
            network: network.clone(),
            why: why.to_string(),
        };
        let ipam = self
            .ipam()
            .ok_or_else(|| no_ranges("it has no ipam section"))?;
        let prefix = self.plugin_prefix(self.ipam_plugin_index().unwrap_or(0));
        let mut sets = Vec::new();
        for (path, confs) in range_set_confs(ipam) {
            let set = range_set_from_conf(&confs).map_err(|(index, error)| ConfigError::Range {
                origin: self.source.to_string(),
                field: range_error_field(&format!("{prefix}{path}"), index, &error),
                message: error.to_string(),
            })?;
            sets.push(set);
        }
        if sets.is_empty() {
            return Err(no_ranges("ipam has neither subnet nor ranges"));
        }
        Ok(sets)
    }

    /// Base directory for leases: the caller's override (flag, env or
    /// cnictl.toml) beats `ipam.dataDir`, which beats host-local's default.
    pub fn data_dir(&self, override_dir: Option<&Path>) -> PathBuf {
        if let Some(dir) = override_dir {
            return dir.to_path_buf();
        }
        match self.ipam().and_then(|i| i.data_dir.as_deref()) {
            Some(dir) if !dir.is_empty() => PathBuf::from(dir),
            _ => PathBuf::from(DEFAULT_DATA_DIR),
        }
    }

    /// host-local's lease directory: `<data dir>/<network name>`. `None` for
    /// a nameless config, which host-local cannot allocate for.
    pub fn lease_dir(&self, override_dir: Option<&Path>) -> Option<PathBuf> {
        let name = self.name.as_deref()?;
        Some(self.data_dir(override_dir).join(name))
    }

    /// DNS settings of all plugins merged in order: the first domain wins and
    /// lists are concatenated without repeats. The bridge plugin passes the
    /// config's `dns` into its result, which is how a runtime learns what to
    /// write into the container's resolv.conf.
    pub fn dns(&self) -> Option<DnsConf> {
        let mut merged: Option<DnsConf> = None;
        for dns in self.plugins.iter().filter_map(|p| p.dns.as_ref()) {
            let into = merged.get_or_insert_with(DnsConf::default);
            if into.domain.is_none() {
                into.domain = dns.domain.clone();
            }
            extend_unique(&mut into.nameservers, &dns.nameservers);
            extend_unique(&mut into.search, &dns.search);
            extend_unique(&mut into.options, &dns.options);
        }
        merged
    }

    /// The DNS nameservers that parse as addresses (validation reports the rest).
    pub fn dns_nameservers(&self) -> Vec<IpAddr> {
        self.dns()
            .map(|d| {
                d.nameservers
                    .iter()
                    .filter_map(|s| s.trim().parse().ok())
                    .collect()
            })
            .unwrap_or_default()
    }

    /// JSON-path prefix of plugin `index`: empty for a single-plugin file,
    /// `plugins[i].` for a list, so field names match what the user wrote.
    pub fn plugin_prefix(&self, index: usize) -> String {
        if self.is_list {
            format!("plugins[{index}].")
        } else {
            String::new()
        }
    }
}

/// The range sets of an ipam section as written, each with the JSON path of
/// where it came from: the old-style fields first (as host-local does), then
/// `ranges`.
pub(crate) fn range_set_confs(ipam: &IpamConf) -> Vec<(String, Vec<RangeConf>)> {
    let mut sets = Vec::new();
    if let Some(subnet) = &ipam.subnet {
        sets.push((
            "ipam".to_string(),
            vec![RangeConf {
                subnet: subnet.clone(),
                range_start: ipam.range_start.clone(),
                range_end: ipam.range_end.clone(),
                gateway: ipam.gateway.clone(),
            }],
        ));
    }
    for (index, set) in ipam.ranges.iter().enumerate() {
        sets.push((format!("ipam.ranges[{index}]"), set.clone()));
    }
    sets
}

/// The JSON path a range error is about. `set_path` is `ipam` for the
/// old-style fields (which sit directly in ipam) or `ipam.ranges[i]`.
pub(crate) fn range_error_field(
    set_path: &str,
    index: Option<usize>,
    error: &RangeError,
) -> String {
    let old_style = set_path.ends_with("ipam");
    let range_path = match index {
        None => return set_path.to_string(),
        Some(_) if old_style => set_path.to_string(),
        Some(i) => format!("{set_path}[{i}]"),
    };
    let field = match error {
        RangeError::MissingSubnet
        | RangeError::BadSubnet(_)
        | RangeError::HostBitsSet { .. }
        | RangeError::TooSmall(..) => "subnet",
        RangeError::BadAddress { field, .. }
        | RangeError::WrongFamily { field, .. }
        | RangeError::OutsideSubnet { field, .. } => field,
        RangeError::StartAfterEnd { .. } => "rangeStart",
        RangeError::EmptySet | RangeError::Overlap(..) | RangeError::MixedFamilies(..) => {
            return range_path
        }
    };
    format!("{range_path}.{field}")
}

/// The version a conflist runs with. The spec says to take the highest
/// supported version of `cniVersion` and `cniVersions`; versions cnictl does
/// not know are skipped, as libcni skips versions newer than itself.
fn effective_list_version(given: Option<&str>, versions: Option<&[String]>) -> Option<String> {
    let Some(versions) = versions else {
        return given.map(str::to_string);
    };
    let best = versions
        .iter()
        .map(String::as_str)
        .chain(given)
        .filter_map(|v| SUPPORTED_CNI_VERSIONS.iter().position(|s| *s == v))
        .max();
    match best {
        Some(i) => Some(SUPPORTED_CNI_VERSIONS[i].to_string()),
        None => given.map(str::to_string),
    }
}

/// libcni accepts `true`, `false` and those words as strings in any case.
fn loose_bool(
    source: &ConfigSource,
    field: &str,
    value: Option<Value>,
) -> Result<bool, ConfigError> {
    let invalid = |shown: String| ConfigError::Field {
        origin: source.to_string(),
        field: field.to_string(),
        message: format!("{shown} is not a boolean"),
        fix: format!("write \"{field}\": true or \"{field}\": false"),
    };
    match value {
        None | Some(Value::Null) => Ok(false),
        Some(Value::Bool(b)) => Ok(b),
        Some(Value::String(s)) => match s.to_ascii_lowercase().as_str() {
            "true" => Ok(true),
            "false" => Ok(false),
            _ => Err(invalid(format!("\"{s}\""))),
        },
        Some(other) => Err(invalid(other.to_string())),
    }
}

/// serde_json's message ends in " at line L column C"; the position is
/// reported separately, so drop it from the text.
fn strip_position(error: &serde_json::Error) -> String {
    let text = error.to_string();
    let suffix = format!(" at line {} column {}", error.line(), error.column());
    text.strip_suffix(&suffix).unwrap_or(&text).to_string()
}

fn extend_unique(into: &mut Vec<String>, from: &[String]) {
    for item in from {
        if !into.contains(item) {
            into.push(item.clone());
        }
    }
}
