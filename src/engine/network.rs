//! What the engine knows of a host's CNI files: where configs, leases and
//! the attachment cache live ([`Paths`]), each default spelled once.

use std::path::PathBuf;

use crate::config::{self, NetworkConfig};

/// The conf dir libcni and the reference tools read (`NETCONFPATH`).
pub const DEFAULT_CONF_DIR: &str = "/etc/cni/net.d";
/// libcni's cache dir: `results/` holds its attachment cache.
pub const DEFAULT_CACHE_DIR: &str = crate::cni::cache::DEFAULT_CACHE_DIR;
/// host-local's default `dataDir`.
pub const DEFAULT_DATA_DIR: &str = crate::ipam::DEFAULT_DATA_DIR;

/// Where the host's CNI files are, resolved once by the front-end.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paths {
    /// Network configs (`*.conf`, `*.json`, `*.conflist`).
    pub conf_dir: PathBuf,
    /// Overrides every network's `ipam.dataDir` when set.
    pub data_dir: Option<PathBuf>,
    /// The attachment cache's root (`<cache_dir>/results/...`).
    pub cache_dir: PathBuf,
}

impl Default for Paths {
    fn default() -> Self {
        Paths {
            conf_dir: PathBuf::from(DEFAULT_CONF_DIR),
            data_dir: None,
            cache_dir: PathBuf::from(DEFAULT_CACHE_DIR),
        }
    }
}

impl Paths {
    /// The lease dir root of a network with no `dataDir` of its own.
    pub fn default_data_dir(&self) -> PathBuf {
        self.data_dir
            .clone()
            .unwrap_or_else(|| PathBuf::from(DEFAULT_DATA_DIR))
    }

    /// The lease dir root of `config`: the override, its `dataDir`, or
    /// host-local's default.
    pub fn data_dir_of(&self, config: &NetworkConfig) -> PathBuf {
        config.data_dir(self.data_dir.as_deref())
    }

    /// Every lease dir root leases may be in: the default one, then each
    /// network's own `dataDir` (without an override), each once.
    pub fn lease_roots(&self) -> Vec<PathBuf> {
        let mut dirs = vec![self.default_data_dir()];
        if self.data_dir.is_none() {
            if let Ok(files) = config::discover(&self.conf_dir) {
                for c in files.iter().filter_map(|f| f.loaded.as_ref().ok()) {
                    let dir = c.data_dir(None);
                    if !dirs.contains(&dir) {
                        dirs.push(dir);
                    }
                }
            }
        }
        dirs
    }
}
