//! Finding network configs in a conf dir the way libcni does: files ending in
//! `.conf`, `.json` or `.conflist`, in byte order of their names, the first
//! file with a matching `name` wins.

use std::fs;
use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};

use super::error::ConfigError;
use super::load::NetworkConfig;

/// The file-name endings libcni reads from a conf dir.
pub const CONF_EXTENSIONS: [&str; 3] = [".conf", ".conflist", ".json"];

/// One file of the conf dir: loaded, or why it could not be. A broken file
/// is kept in the listing rather than stopping it, so one typo in net.d does
/// not hide every other network.
#[derive(Debug)]
pub struct ConfFile {
    pub path: PathBuf,
    pub loaded: Result<NetworkConfig, ConfigError>,
}

impl ConfFile {
    pub fn file_name(&self) -> String {
        file_name_of(&self.path)
    }

    /// The network's name when the file loaded and has one.
    pub fn network_name(&self) -> Option<&str> {
        self.loaded.as_ref().ok()?.name.as_deref()
    }
}

/// A network found by [`find_network`], with what the user should know
/// about the choice (the caller decides how to show it).
#[derive(Debug)]
pub struct Found {
    pub config: NetworkConfig,
    pub warnings: Vec<String>,
}

/// Every config file of `dir`, sorted by file name (byte order, as libcni's
/// `ConfFiles` followed by a sort). Subdirectories are skipped.
pub fn discover(dir: &Path) -> Result<Vec<ConfFile>, ConfigError> {
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(ConfigError::ConfDirMissing {
                dir: dir.to_path_buf(),
            })
        }
        Err(source) => {
            return Err(ConfigError::ReadDir {
                dir: dir.to_path_buf(),
                source,
            })
        }
    };
    let mut paths = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|source| ConfigError::ReadDir {
            dir: dir.to_path_buf(),
            source,
        })?;
        let name = entry.file_name();
        if !has_conf_extension(name.as_bytes()) {
            continue;
        }
        let path = entry.path();
        // Follows symlinks: a link to a config is a config, a link to a
        // directory is not.
        if path.is_dir() {
            continue;
        }
        paths.push(path);
    }
    paths.sort_by(|a, b| {
        let a = a.file_name().map(|n| n.as_bytes()).unwrap_or_default();
        let b = b.file_name().map(|n| n.as_bytes()).unwrap_or_default();
        a.cmp(b)
    });
    Ok(paths
        .into_iter()
        .map(|path| {
            let loaded = NetworkConfig::load_file(&path);
            ConfFile { path, loaded }
        })
        .collect())
}

/// libcni compares `filepath.Ext`, the text from the last dot; so does this.
fn has_conf_extension(name: &[u8]) -> bool {
    CONF_EXTENSIONS
        .iter()
        .any(|ext| name.ends_with(ext.as_bytes()))
}

/// Resolves `--net`: a path to a config file, or a network name looked up in
/// `dir`.
///
/// It is a path when it contains a `/` (names cannot), or when it ends in a
/// config extension and such a file exists, relative to the working
/// directory or else inside `dir`. Anything else is a name (names may
/// contain dots, so `my.conf` can still be a name).
pub fn find_network(dir: &Path, name_or_path: &str) -> Result<Found, ConfigError> {
    if name_or_path.contains('/') {
        let path = Path::new(name_or_path);
        if !path.exists() {
            return Err(ConfigError::NetworkFileMissing {
                path: path.to_path_buf(),
            });
        }
        return load_path(path);
    }
    if has_conf_extension(name_or_path.as_bytes()) {
        for path in [
            Path::new(name_or_path).to_path_buf(),
            dir.join(name_or_path),
        ] {
            if path.is_file() {
                return load_path(&path);
            }
        }
    }
    find_network_by_name(dir, name_or_path)
}

fn load_path(path: &Path) -> Result<Found, ConfigError> {
    Ok(Found {
        config: NetworkConfig::load_file(path)?,
        warnings: Vec::new(),
    })
}

/// The first file in sorted order whose `name` is `name`; later files with
/// the same name are shadowed, and each is named in a warning.
pub fn find_network_by_name(dir: &Path, name: &str) -> Result<Found, ConfigError> {
    let files = match discover(dir) {
        Ok(files) => files,
        Err(ConfigError::ConfDirMissing { dir }) => {
            return Err(ConfigError::NetworkNotFoundNoDir {
                name: name.to_string(),
                dir,
            })
        }
        Err(e) => return Err(e),
    };
    let Some(first) = files.iter().position(|f| f.network_name() == Some(name)) else {
        return Err(not_found(dir, name, &files));
    };
    let winner = files[first].file_name();
    let warnings = files[first + 1..]
        .iter()
        .filter(|f| f.network_name() == Some(name))
        .map(|f| {
            format!(
                "network \"{name}\" is also defined in {}, which is ignored: {winner} comes first in file-name order",
                f.file_name()
            )
        })
        .collect();
    let Some(Ok(config)) = files.into_iter().nth(first).map(|f| f.loaded) else {
        unreachable!("network_name() is Some only for a loaded file");
    };
    Ok(Found { config, warnings })
}

fn not_found(dir: &Path, name: &str, files: &[ConfFile]) -> ConfigError {
    let mut names: Vec<&str> = files.iter().filter_map(ConfFile::network_name).collect();
    names.sort_unstable();
    names.dedup();
    let mut found = if names.is_empty() {
        "no network configs there".to_string()
    } else {
        format!("found: {}", names.join(", "))
    };
    let broken: Vec<String> = files
        .iter()
        .filter(|f| f.loaded.is_err())
        .map(ConfFile::file_name)
        .collect();
    if !broken.is_empty() {
        found.push_str(&format!(
            "; could not read {}: run `cnictl net ls` to see why",
            broken.join(", ")
        ));
    }
    ConfigError::NetworkNotFound {
        name: name.to_string(),
        dir: dir.to_path_buf(),
        found,
    }
}

fn file_name_of(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}
