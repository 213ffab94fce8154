//! libcni's attachment cache: one file per (network, container, interface)
//! under `<cache dir>/results/`, holding what DEL, CHECK and GC need later.
//!
//! The format is libcni's `cachedInfo` (kind `cniCacheV1`), so podman and
//! cnitool see cnictl's attachments and cnictl sees theirs. cnictl adds one
//! top-level object, `cnictl`, for what it needs to undo or show an
//! attachment; libcni ignores unknown fields, and files without it (written
//! by libcni) read fine.
//!
//! Files are written as libcni writes them (compact JSON, the `result` and
//! `capabilityArgs` maps with sorted keys, mode 0600 in a 0700 directory),
//! but atomically: a reader never sees half a file.

use std::fs::{self, DirBuilder, OpenOptions};
use std::io::{self, Write};
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Deserializer, Serialize};
use serde_json::{Map, Value};

use super::error::{CacheError, CniError};
use super::json;
use super::result::CniResult;
use super::version::CniVersion;
use crate::config::NetworkConfig;

/// libcni's default cache directory (`libcni.CacheDir`).
pub const DEFAULT_CACHE_DIR: &str = "/var/lib/cni";

/// The `kind` of every entry libcni (since 0.8) writes and accepts.
pub const CACHE_KIND: &str = "cniCacheV1";

/// The subdirectory of the cache dir that holds the entries.
pub const RESULTS_DIR: &str = "results";

/// Under the cache dir, cnictl's plugin-mode records: see [`records_dir`].
pub const RECORDS_DIR: &str = "cnictl/results";

/// One cache file. Field names and omissions are those of libcni's
/// `cachedInfo` (`libcni/api.go`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CacheEntry {
    /// Always [`CACHE_KIND`] for an entry that was read successfully.
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub container_id: String,
    /// The network config file's bytes (libcni: `[]byte`, so base64 in
    /// JSON), so DEL can run with the config the ADD used even after the
    /// file changed or went away.
    #[serde(default, with = "base64_bytes")]
    pub config: Vec<u8>,
    #[serde(default)]
    pub if_name: String,
    #[serde(default)]
    pub network_name: String,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "empty_as_none"
    )]
    pub netns: Option<String>,
    /// `CNI_ARGS` as ordered pairs (`[["IgnoreUnknown","1"], …]`).
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "null_as_default"
    )]
    pub cni_args: Vec<(String, String)>,
    #[serde(
        default,
        skip_serializing_if = "Map::is_empty",
        deserialize_with = "null_as_default"
    )]
    pub capability_args: Map<String, Value>,
    /// The result JSON in the config's cniVersion, kept as JSON so that a
    /// result cnictl cannot parse does not make the entry unreadable; see
    /// [`CacheEntry::parsed_result`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result: Option<Value>,
    /// cnictl's own record; `None` in entries libcni wrote.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cnictl: Option<CnictlRecord>,
}

/// What cnictl needs beyond libcni's fields to undo or show an attachment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CnictlRecord {
    /// The host end of the veth pair: DEL removes it even when the
    /// container's netns is gone.
    pub host_veth: String,
    pub bridge: String,
    /// The name the user gave (`docker1n`), for listings.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub container_name: Option<String>,
    /// How the container's netns was found.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub runtime: Option<RuntimeKind>,
    /// A resolv.conf cnictl wrote into the container, to restore on DEL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resolv_conf: Option<ResolvConfChange>,
    /// Seconds since the Unix epoch when the attachment was made.
    pub created_unix: u64,
}

/// How `cnictl add` found the container's netns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RuntimeKind {
    Docker,
    Runc,
    Netns,
    Pid,
    Path,
    /// Written by a newer cnictl; kept readable rather than failing the entry.
    #[serde(other)]
    Other,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResolvConfChange {
    /// The file cnictl replaced, as seen from the host.
    pub path: PathBuf,
    /// Where the original was saved; `None` when there was none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub backup: Option<PathBuf>,
}

impl CnictlRecord {
    /// A record stamped with the current time.
    pub fn new(host_veth: impl Into<String>, bridge: impl Into<String>) -> CnictlRecord {
        CnictlRecord {
            host_veth: host_veth.into(),
            bridge: bridge.into(),
            container_name: None,
            runtime: None,
            resolv_conf: None,
            created_unix: SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map_or(0, |elapsed| elapsed.as_secs()),
        }
    }
}

impl CacheEntry {
    /// The entry for an ADD of `result` on `network`, with the result in the
    /// config's cniVersion as libcni caches it. `cni_args`,
    /// `capability_args` and `cnictl` are left for the caller to fill.
    pub fn new(
        network: &NetworkConfig,
        container_id: &str,
        if_name: &str,
        netns: Option<&str>,
        result: &CniResult,
    ) -> Result<CacheEntry, CacheError> {
        let network_name = network.name.clone().unwrap_or_default();
        check_key("network name", &network_name)?;
        check_key("container ID", container_id)?;
        check_key("interface name", if_name)?;
        let version: CniVersion =
            network
                .cni_version
                .parse()
                .map_err(|source| CacheError::Build {
                    source: CniError::UnknownVersion(source),
                })?;
        let result = result
            .to_json_value(version)
            .map_err(|source| CacheError::Build { source })?;
        Ok(CacheEntry {
            kind: CACHE_KIND.to_string(),
            container_id: container_id.to_string(),
            config: network.bytes.clone(),
            if_name: if_name.to_string(),
            network_name,
            netns: netns.filter(|netns| !netns.is_empty()).map(str::to_string),
            cni_args: Vec::new(),
            capability_args: Map::new(),
            result: Some(result),
            cnictl: None,
        })
    }

    /// `<network>-<containerID>-<ifname>`, libcni's file name.
    pub fn file_name(&self) -> String {
        file_name(&self.network_name, &self.container_id, &self.if_name)
    }

    /// The network config the attachment was made with (the entry keeps
    /// its bytes), named after the cache file `path` in messages; `None`
    /// when those bytes do not parse.
    pub fn network_config(&self, path: &Path) -> Option<NetworkConfig> {
        NetworkConfig::from_bytes(
            self.config.clone(),
            crate::config::FileKind::sniff(&self.config),
            crate::config::ConfigSource::File(path.to_path_buf()),
        )
        .ok()
    }

    /// The cached result, converted as libcni would; `None` when the entry
    /// has none.
    pub fn parsed_result(&self) -> Result<Option<CniResult>, CniError> {
        self.result
            .as_ref()
            .map(CniResult::from_json_value)
            .transpose()
    }

    /// The file contents: compact JSON with the map-typed fields' keys
    /// sorted, byte for byte what libcni writes for the same entry (plus
    /// the `cnictl` object).
    pub fn to_json_string(&self) -> String {
        // Strings, numbers and JSON values only: serializing cannot fail.
        let mut value = serde_json::to_value(self).unwrap_or(Value::Null);
        if let Value::Object(object) = &mut value {
            for key in ["capabilityArgs", "result"] {
                if let Some(field) = object.get_mut(key) {
                    *field = json::with_sorted_keys(field);
                }
            }
        }
        json::to_compact_string(&value)
    }

    /// Writes the entry to `<cache_dir>/results/<file_name>` through a
    /// temporary file in the same directory renamed over the old entry, so
    /// a concurrent reader sees the old file or the new one, never a part.
    /// Returns the path written.
    ///
    /// Not fsynced, as libcni does not: an entry describes veths and
    /// namespaces that a power loss takes away too, so making it outlive
    /// one buys nothing, and the two syncs cost a quarter of an `add`.
    pub fn write_atomic(&self, cache_dir: &Path) -> Result<PathBuf, CacheError> {
        self.write_atomic_into(&results_dir(cache_dir))
    }

    /// [`CacheEntry::write_atomic`] into cnictl's own [`records_dir`]: what
    /// plugin mode writes instead of libcni's entry.
    pub fn write_record(&self, cache_dir: &Path) -> Result<PathBuf, CacheError> {
        self.write_atomic_into(&records_dir(cache_dir))
    }

    fn write_atomic_into(&self, dir: &Path) -> Result<PathBuf, CacheError> {
        check_key("network name", &self.network_name)?;
        check_key("container ID", &self.container_id)?;
        check_key("interface name", &self.if_name)?;
        let dir = dir.to_path_buf();
        DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(&dir)
            .map_err(|source| io_error("create directory", &dir, source))?;
        let path = dir.join(self.file_name());
        let temp = dir.join(temp_file_name(&self.file_name()));
        let written = write_new(&temp, self.to_json_string().as_bytes()).and_then(|()| {
            fs::rename(&temp, &path).map_err(|source| io_error("rename", &temp, source))
        });
        if written.is_err() {
            // The write's error is the one to report; the temp file may not exist.
            let _ = fs::remove_file(&temp);
        }
        written.map(|()| path)
    }
}

/// `<cache_dir>/results`.
pub fn results_dir(cache_dir: &Path) -> PathBuf {
    cache_dir.join(RESULTS_DIR)
}

/// `<cache_dir>/cnictl/results`: where cnictl keeps its own record of an
/// attachment it made as a runtime's plugin. libcni's `results/` belongs to
/// the runtime (podman, containerd, cnitool), which writes its entry after
/// the ADD and reads it back on DEL; a plugin writing there could leave an
/// entry the runtime cannot parse, and so never DELs.
pub fn records_dir(cache_dir: &Path) -> PathBuf {
    cache_dir.join(RECORDS_DIR)
}

/// Where cnictl's plugin-mode record of (`network`, `container_id`,
/// `if_name`) is, beside libcni's [`cache_path`].
pub fn record_path(cache_dir: &Path, network: &str, container_id: &str, if_name: &str) -> PathBuf {
    records_dir(cache_dir).join(file_name(network, container_id, if_name))
}

/// Where libcni keeps the entry of (`network`, `container_id`, `if_name`).
pub fn cache_path(cache_dir: &Path, network: &str, container_id: &str, if_name: &str) -> PathBuf {
    results_dir(cache_dir).join(file_name(network, container_id, if_name))
}

/// Reads one cache file; it must be a `cniCacheV1` entry.
pub fn read(path: &Path) -> Result<CacheEntry, CacheError> {
    let bytes = fs::read(path).map_err(|source| io_error("read", path, source))?;
    let entry: CacheEntry = serde_json::from_slice(&bytes).map_err(|source| CacheError::Parse {
        path: path.to_path_buf(),
        source,
    })?;
    if entry.kind != CACHE_KIND {
        return Err(CacheError::WrongKind {
            path: path.to_path_buf(),
            kind: entry.kind,
        });
    }
    Ok(entry)
}

/// The entry of one attachment (libcni's, with cnictl's plugin-mode
/// record merged in), with the path it was read from; `None` when there
/// is neither file.
pub fn load_attachment(
    cache_dir: &Path,
    network: &str,
    container_id: &str,
    if_name: &str,
) -> Result<Option<(PathBuf, CacheEntry)>, CacheError> {
    let name = file_name(network, container_id, if_name);
    Ok(list_named(cache_dir, |n| n == name)?
        .into_iter()
        .find_map(|(path, entry)| entry.ok().map(|e| (path, e))))
}

/// The entry of one attachment, or `None` when there is no file.
pub fn load(
    cache_dir: &Path,
    network: &str,
    container_id: &str,
    if_name: &str,
) -> Result<Option<CacheEntry>, CacheError> {
    let path = cache_path(cache_dir, network, container_id, if_name);
    match read(&path) {
        Ok(entry) => Ok(Some(entry)),
        Err(CacheError::Io { source, .. }) if source.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(error) => Err(error),
    }
}

/// Removes one attachment's entry. Returns whether there was one: a
/// repeated DEL finds nothing and that is not an error.
pub fn remove(
    cache_dir: &Path,
    network: &str,
    container_id: &str,
    if_name: &str,
) -> Result<bool, CacheError> {
    check_key("network name", network)?;
    check_key("container ID", container_id)?;
    check_key("interface name", if_name)?;
    let path = cache_path(cache_dir, network, container_id, if_name);
    match fs::remove_file(&path) {
        Ok(()) => Ok(true),
        Err(source) if source.kind() == io::ErrorKind::NotFound => Ok(false),
        Err(source) => Err(io_error("remove", &path, source)),
    }
}

/// One file of [`list`]: its path, and its entry or why it is not one.
pub type ListedEntry = (PathBuf, Result<CacheEntry, CacheError>);

/// Every entry in the cache, sorted by file name as libcni lists them:
/// libcni's (cnictl's own when it ran as the runtime) and cnictl's
/// plugin-mode records, one per attachment. A file that cannot be read or
/// is not an entry is reported in place, so one bad file does not hide the
/// others. Directories and other non-files are
/// skipped, and so are dot files (cnictl's temporary files; libcni never
/// writes names starting with a dot). A missing directory is an empty cache.
pub fn list(cache_dir: &Path) -> Result<Vec<ListedEntry>, CacheError> {
    list_named(cache_dir, |_| true)
}

/// [`list`], reading only the files whose name passes `name_may_match`:
/// a directory listing is cheap, reading and parsing every entry is not.
fn list_named(
    cache_dir: &Path,
    name_may_match: impl Fn(&str) -> bool,
) -> Result<Vec<ListedEntry>, CacheError> {
    let entries = list_dir(&results_dir(cache_dir), &name_may_match)?;
    let records = list_dir(&records_dir(cache_dir), &name_may_match)?;
    if records.is_empty() {
        return Ok(entries);
    }
    // One attachment, one entry: where the runtime wrote libcni's entry and
    // cnictl (as its plugin) its own record, the runtime's entry is read,
    // with cnictl's record filled in from the other file.
    let mut by_name: std::collections::BTreeMap<std::ffi::OsString, ListedEntry> = entries
        .into_iter()
        .map(|(path, entry)| {
            (
                path.file_name().unwrap_or_default().to_owned(),
                (path, entry),
            )
        })
        .collect();
    for (path, record) in records {
        let name = path.file_name().unwrap_or_default().to_owned();
        match by_name.get_mut(&name) {
            Some((_, Ok(entry))) => {
                if entry.cnictl.is_none() {
                    entry.cnictl = record.ok().and_then(|r| r.cnictl);
                }
            }
            Some((_, Err(_))) => {}
            None => {
                by_name.insert(name, (path, record));
            }
        }
    }
    Ok(by_name.into_values().collect())
}

/// The files of one cache directory whose names pass `name_may_match`,
/// sorted by name, each read.
fn list_dir(
    dir: &Path,
    name_may_match: &impl Fn(&str) -> bool,
) -> Result<Vec<ListedEntry>, CacheError> {
    let read_dir = match fs::read_dir(dir) {
        Ok(read_dir) => read_dir,
        Err(source) if source.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(source) => return Err(io_error("list", dir, source)),
    };
    let mut paths = Vec::new();
    for dir_entry in read_dir {
        let dir_entry = dir_entry.map_err(|source| io_error("list", dir, source))?;
        let name = dir_entry.file_name();
        let name = name.to_string_lossy();
        if name.starts_with('.') || !name_may_match(&name) {
            continue;
        }
        let path = dir_entry.path();
        // Follows symlinks, as libcni's ReadFile does.
        if fs::metadata(&path).is_ok_and(|metadata| metadata.is_file()) {
            paths.push(path);
        }
    }
    paths.sort();
    Ok(paths
        .into_iter()
        .map(|path| {
            let entry = read(&path);
            (path, entry)
        })
        .collect())
}

/// The readable entries of one container, on any network and interface.
pub fn find_by_container(
    cache_dir: &Path,
    container_id: &str,
) -> Result<Vec<(PathBuf, CacheEntry)>, CacheError> {
    // `<network>-<containerID>-<ifname>` holds `-<containerID>-`, so the
    // name rules out every other container without reading its file.
    let infix = format!("-{container_id}-");
    find(
        cache_dir,
        |name| name.contains(&infix),
        |entry| entry.container_id == container_id,
    )
}

/// The readable entries of one network, for any container.
pub fn find_by_network(
    cache_dir: &Path,
    network: &str,
) -> Result<Vec<(PathBuf, CacheEntry)>, CacheError> {
    let prefix = format!("{network}-");
    find(
        cache_dir,
        |name| name.starts_with(&prefix),
        |entry| entry.network_name == network,
    )
}

fn find(
    cache_dir: &Path,
    name_may_match: impl Fn(&str) -> bool,
    wanted: impl Fn(&CacheEntry) -> bool,
) -> Result<Vec<(PathBuf, CacheEntry)>, CacheError> {
    Ok(list_named(cache_dir, name_may_match)?
        .into_iter()
        .filter_map(|(path, entry)| entry.ok().map(|entry| (path, entry)))
        .filter(|(_, entry)| wanted(entry))
        .collect())
}

fn file_name(network: &str, container_id: &str, if_name: &str) -> String {
    format!("{network}-{container_id}-{if_name}")
}

/// Each part must be non-empty (libcni refuses empty ones too) and keep the
/// file inside `results/`.
fn check_key(what: &'static str, value: &str) -> Result<(), CacheError> {
    let reason = if value.is_empty() {
        "it is empty"
    } else if value.contains('/') {
        "it contains '/'"
    } else if value.contains('\0') {
        "it contains a NUL byte"
    } else {
        return Ok(());
    };
    Err(CacheError::InvalidKey {
        what,
        value: value.to_string(),
        reason,
    })
}

/// Unique per process and call, so concurrent writers never share one.
fn temp_file_name(final_name: &str) -> String {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let count = COUNTER.fetch_add(1, Ordering::Relaxed);
    format!(".{final_name}.tmp-{}-{count}", std::process::id())
}

fn write_new(path: &Path, bytes: &[u8]) -> Result<(), CacheError> {
    let mut file = OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
        .map_err(|source| io_error("create", path, source))?;
    // The umask can only take bits away from 0600, but a file readable by
    // others would leak the config; say it explicitly.
    file.set_permissions(fs::Permissions::from_mode(0o600))
        .and_then(|()| file.write_all(bytes))
        .map_err(|source| io_error("write", path, source))
}

fn io_error(action: &'static str, path: &Path, source: io::Error) -> CacheError {
    CacheError::Io {
        action,
        path: path.to_path_buf(),
        source,
    }
}

/// Go's encoding of `[]byte`: standard base64 with padding; `null` for nil.
mod base64_bytes {
    use base64::engine::general_purpose::STANDARD;
    use base64::Engine as _;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(bytes: &[u8], serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&STANDARD.encode(bytes))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<u8>, D::Error> {
        match Option::<String>::deserialize(deserializer)? {
            None => Ok(Vec::new()),
            Some(text) => STANDARD.decode(text).map_err(|error| {
                serde::de::Error::custom(format_args!("config is not base64: {error}"))
            }),
        }
    }
}

fn empty_as_none<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<String>, D::Error> {
    Ok(Option::<String>::deserialize(deserializer)?.filter(|text| !text.is_empty()))
}

/// Go decodes `null` into a slice or map as "empty".
fn null_as_default<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de> + Default,
{
    Ok(Option::<T>::deserialize(deserializer)?.unwrap_or_default())
}
