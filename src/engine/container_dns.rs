//! DNS that reaches the container: writing its resolv.conf from the
//! network's `dns` (or `--dns`), keeping the original to put back on `del`.
//!
//! The file is rewritten in place (same inode), never replaced by a rename:
//! Docker bind-mounts `ResolvConfPath` into the container, and a new inode
//! would not be seen inside. The original is saved under the cache dir
//! (`<cache>/cnictl-resolv/<network>-<container>-<ifname>`, mode 0600) and
//! the attachment's cache record says where, so `del` can restore it even
//! after the network config changed.

use std::fs::{self, DirBuilder, OpenOptions};
use std::io::{self, Write};
use std::net::IpAddr;
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};
use std::path::{Path, PathBuf};

use crate::cni::cache::{self, ResolvConfChange};
use crate::config::DnsConf;

/// The cache dir's subdirectory holding saved resolv.conf files.
pub const BACKUP_DIR: &str = "cnictl-resolv";

#[derive(Debug, thiserror::Error)]
pub enum ContainerDnsError {
    #[error("--dns: {target} has no file system cnictl can reach to write a resolv.conf in (give a Docker or runc container or pid:N, or leave out --dns)")]
    NoFileSystem { target: String },

    #[error("cannot {action} {path} (the container's DNS): {source}")]
    Io {
        action: &'static str,
        path: PathBuf,
        #[source]
        source: io::Error,
    },
}

impl ContainerDnsError {
    pub fn io_source(&self) -> Option<&io::Error> {
        match self {
            ContainerDnsError::Io { source, .. } => Some(source),
            ContainerDnsError::NoFileSystem { .. } => None,
        }
    }
}

/// The resolver settings to write.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ResolvConf {
    pub network: String,
    pub nameservers: Vec<String>,
    pub domain: Option<String>,
    pub search: Vec<String>,
    pub options: Vec<String>,
}

impl ResolvConf {
    /// The config's `dns`, with `--dns` addresses in place of its
    /// nameservers when given; `None` when there is nothing to write.
    pub fn new(network: &str, dns: Option<DnsConf>, flags: &[IpAddr]) -> Option<ResolvConf> {
        let dns = dns.unwrap_or_default();
        let nameservers = if flags.is_empty() {
            dns.nameservers
                .iter()
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty())
                .collect()
        } else {
            flags.iter().map(IpAddr::to_string).collect()
        };
        let conf = ResolvConf {
            network: network.to_string(),
            nameservers,
            domain: dns.domain.filter(|d| !d.is_empty()),
            search: dns.search,
            options: dns.options,
        };
        let empty = conf.nameservers.is_empty()
            && conf.domain.is_none()
            && conf.search.is_empty()
            && conf.options.is_empty();
        (!empty).then_some(conf)
    }

    /// The file's text. `search` and `domain` exclude each other in
    /// resolv.conf (the last one wins), so a domain goes first in `search`
    /// when both are given.
    pub fn render(&self) -> String {
        let mut text = format!(
            "# written by cnictl for network \"{}\"; `cnictl del` puts the original back\n",
            self.network
        );
        for ns in &self.nameservers {
            text.push_str(&format!("nameserver {ns}\n"));
        }
        let mut search: Vec<&str> = Vec::new();
        if !self.search.is_empty() {
            search.extend(self.domain.as_deref());
            for s in &self.search {
                if !search.contains(&s.as_str()) {
                    search.push(s);
                }
            }
        }
        if !search.is_empty() {
            text.push_str(&format!("search {}\n", search.join(" ")));
        } else if let Some(domain) = &self.domain {
            text.push_str(&format!("domain {domain}\n"));
        }
        if !self.options.is_empty() {
            text.push_str(&format!("options {}\n", self.options.join(" ")));
        }
        text
    }
}

/// A resolv.conf to write, checked but not yet written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DnsPlan {
    pub path: PathBuf,
    pub backup: PathBuf,
    pub conf: ResolvConf,
}

/// What the attachment will do about the container's resolv.conf.
/// `None`: nothing (`--no-dns`, no DNS settings, no file to write, or
/// another attachment of the container already wrote this file: its saved
/// copy is the true original).
#[allow(clippy::too_many_arguments)]
pub fn plan(
    target: &str,
    resolv_conf: Option<&Path>,
    conf: Option<ResolvConf>,
    explicit: bool,
    cache_dir: &Path,
    container_id: &str,
    ifname: &str,
) -> Result<Option<DnsPlan>, ContainerDnsError> {
    let Some(conf) = conf else {
        return Ok(None);
    };
    let Some(path) = resolv_conf else {
        if explicit {
            return Err(ContainerDnsError::NoFileSystem {
                target: target.to_string(),
            });
        }
        return Ok(None);
    };
    let already = cache::find_by_container(cache_dir, container_id)
        .unwrap_or_default()
        .into_iter()
        .filter_map(|(_, e)| {
            e.cnictl
                .and_then(|r| r.resolv_conf)
                .map(|c| (e.network_name, c))
        })
        .find(|(_, change)| change.path == path);
    if let Some((network, _)) = already {
        tracing::warn!(
            "{} was already written for network \"{network}\"; leaving it as it is",
            path.display()
        );
        return Ok(None);
    }
    Ok(Some(DnsPlan {
        path: path.to_path_buf(),
        backup: backup_path(cache_dir, &conf.network, container_id, ifname),
        conf,
    }))
}

/// `<cache>/cnictl-resolv/<network>-<container>-<ifname>`.
pub fn backup_path(cache_dir: &Path, network: &str, container_id: &str, ifname: &str) -> PathBuf {
    cache_dir
        .join(BACKUP_DIR)
        .join(format!("{network}-{container_id}-{ifname}"))
}

impl DnsPlan {
    /// Saves the original (when there is one) and writes the new file.
    pub fn apply(&self) -> Result<ResolvConfChange, ContainerDnsError> {
        let io = |action, path: &Path| {
            let path = path.to_path_buf();
            move |source| ContainerDnsError::Io {
                action,
                path,
                source,
            }
        };
        let original = match fs::read(&self.path) {
            Ok(bytes) => Some(bytes),
            Err(e) if e.kind() == io::ErrorKind::NotFound => None,
            Err(e) => return Err(io("read", &self.path)(e)),
        };
        let backup = match &original {
            Some(bytes) => {
                let dir = self.backup.parent().unwrap_or(Path::new("."));
                DirBuilder::new()
                    .recursive(true)
                    .mode(0o700)
                    .create(dir)
                    .map_err(io("create", dir))?;
                write_file(&self.backup, bytes, true).map_err(io("save", &self.backup))?;
                Some(self.backup.clone())
            }
            None => None,
        };
        let change = ResolvConfChange {
            path: self.path.clone(),
            backup,
        };
        if let Err(e) = write_file(&self.path, self.conf.render().as_bytes(), false) {
            let _ = restore(&change);
            return Err(io("write", &self.path)(e));
        }
        Ok(change)
    }
}

/// Puts the original back (or removes the file cnictl created) and drops
/// the saved copy. A container that is gone has nothing to restore: that
/// is not an error.
pub fn restore(change: &ResolvConfChange) -> Result<(), ContainerDnsError> {
    let io = |action, path: &Path| {
        let path = path.to_path_buf();
        move |source| ContainerDnsError::Io {
            action,
            path,
            source,
        }
    };
    match &change.backup {
        Some(backup) => {
            let original = match fs::read(backup) {
                Ok(bytes) => bytes,
                Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(()),
                Err(e) => return Err(io("read", backup)(e)),
            };
            match OpenOptions::new()
                .write(true)
                .truncate(true)
                .open(&change.path)
            {
                Ok(mut file) => file
                    .write_all(&original)
                    .map_err(io("restore", &change.path))?,
                Err(e) if gone(&e) => {}
                Err(e) => return Err(io("restore", &change.path)(e)),
            }
            match fs::remove_file(backup) {
                Err(e) if e.kind() != io::ErrorKind::NotFound => Err(io("remove", backup)(e)),
                _ => Ok(()),
            }
        }
        None => match fs::remove_file(&change.path) {
            Err(e) if !gone(&e) => Err(io("remove", &change.path)(e)),
            _ => Ok(()),
        },
    }
}

/// The file, its directory, or the process whose root reached it is gone.
fn gone(e: &io::Error) -> bool {
    e.kind() == io::ErrorKind::NotFound || e.raw_os_error() == Some(nix::libc::ESRCH)
}

/// Writes in place: truncating the existing inode, or creating the file.
fn write_file(path: &Path, bytes: &[u8], private: bool) -> io::Result<()> {
    let mut options = OpenOptions::new();
    options.write(true).create(true).truncate(true);
    options.mode(if private { 0o600 } else { 0o644 });
    let mut file = options.open(path)?;
    file.write_all(bytes)?;
    file.sync_all()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dns(nameservers: &[&str]) -> DnsConf {
        DnsConf {
            nameservers: nameservers.iter().map(|s| s.to_string()).collect(),
            ..Default::default()
        }
    }

    #[test]
    fn nothing_to_write_without_settings() {
        assert_eq!(ResolvConf::new("n", None, &[]), None);
        assert_eq!(ResolvConf::new("n", Some(DnsConf::default()), &[]), None);
    }

    #[test]
    fn flags_replace_the_configs_nameservers() {
        let conf = ResolvConf::new(
            "n",
            Some(dns(&["8.8.8.8"])),
            &["192.0.2.1".parse().unwrap()],
        )
        .unwrap();
        assert_eq!(conf.nameservers, ["192.0.2.1"]);
    }

    #[test]
    fn renders_like_a_resolver_expects() {
        let conf = ResolvConf {
            network: "mynet".into(),
            nameservers: vec!["8.8.8.8".into(), "1.1.1.1".into()],
            domain: Some("example.org".into()),
            search: vec!["svc.local".into(), "example.org".into()],
            options: vec!["ndots:2".into()],
        };
        assert_eq!(
            conf.render(),
            "# written by cnictl for network \"mynet\"; `cnictl del` puts the original back\n\
             nameserver 8.8.8.8\nnameserver 1.1.1.1\n\
             search example.org svc.local\noptions ndots:2\n"
        );
        let domain_only = ResolvConf {
            domain: Some("example.org".into()),
            ..Default::default()
        };
        assert!(domain_only.render().ends_with("domain example.org\n"));
    }

    #[test]
    fn apply_then_restore_puts_the_original_back_in_the_same_inode() {
        use std::os::unix::fs::MetadataExt;
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("resolv.conf");
        fs::write(&file, "nameserver 192.0.2.53\n").unwrap();
        let inode = fs::metadata(&file).unwrap().ino();
        let cache = dir.path().join("cache");
        let conf = ResolvConf::new("mynet", Some(dns(&["8.8.8.8"])), &[]);
        let plan = plan("runc:c1", Some(&file), conf, false, &cache, "c1", "eth0")
            .unwrap()
            .unwrap();
        let change = plan.apply().unwrap();
        assert!(fs::read_to_string(&file)
            .unwrap()
            .contains("nameserver 8.8.8.8\n"));
        assert_eq!(fs::metadata(&file).unwrap().ino(), inode);
        assert_eq!(
            change.backup.as_deref(),
            Some(cache.join("cnictl-resolv/mynet-c1-eth0").as_path())
        );
        restore(&change).unwrap();
        assert_eq!(
            fs::read_to_string(&file).unwrap(),
            "nameserver 192.0.2.53\n"
        );
        assert_eq!(fs::metadata(&file).unwrap().ino(), inode);
        assert!(!change.backup.unwrap().exists());
    }

    #[test]
    fn a_file_cnictl_created_is_removed_and_a_gone_container_is_fine() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("resolv.conf");
        let conf = ResolvConf::new("n", Some(dns(&["8.8.8.8"])), &[]);
        let change = plan("pid:1", Some(&file), conf, false, dir.path(), "c", "eth0")
            .unwrap()
            .unwrap()
            .apply()
            .unwrap();
        assert_eq!(change.backup, None);
        restore(&change).unwrap();
        assert!(!file.exists());
        // Restoring again (the container is gone) is not an error.
        restore(&change).unwrap();
        let missing = ResolvConfChange {
            path: dir.path().join("gone/resolv.conf"),
            backup: Some(dir.path().join("no-backup")),
        };
        restore(&missing).unwrap();
    }

    #[test]
    fn explicit_dns_needs_a_file_system() {
        let conf = ResolvConf::new("n", None, &["192.0.2.1".parse().unwrap()]);
        let err = plan(
            "netns:blue",
            None,
            conf.clone(),
            true,
            Path::new("/x"),
            "c",
            "e",
        )
        .unwrap_err();
        assert!(err.to_string().contains("netns:blue"), "{err}");
        assert_eq!(
            plan("netns:blue", None, conf, false, Path::new("/x"), "c", "e").unwrap(),
            None
        );
    }
}
