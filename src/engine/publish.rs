//! The `--publish` part of `cnictl add` and its undoing in `del`: checked
//! before anything changes, applied after the attachment is in place (so a
//! failure detaches the container again, as if `add` never ran), recorded in
//! the cache entry as `capabilityArgs.portMappings`.
//!
//! Cost: one `iptables-restore` for the ports of one family (the usual
//! case), never a read.

use std::fs::{File, OpenOptions};
use std::path::Path;

use super::attach::AddReport;
use super::detach::{detach_all, find_attachments};
use super::ports::{self, Claim, PortMapping, PublishError};
use super::Paths;
use crate::cni::cache::{self, CacheEntry};
use crate::config::{ConfigSource, FileKind, NetworkConfig};
use crate::error::{Error, Result};
use crate::firewall::ports::{target_of, Publication};
use crate::firewall::Firewall;
use crate::ipam::RangeSet;
use crate::netlink::{NetOps, Sysctl};

/// `--publish` values, checked, with the lock that keeps a parallel
/// `add --publish` from taking the same host port until ours is recorded.
pub struct Prepared {
    pub mappings: Vec<PortMapping>,
    _lock: File,
}

/// Whether the config's chain publishes ports itself (a `portmap` entry).
pub fn has_portmap(config: &NetworkConfig) -> bool {
    config.plugins.iter().any(|p| p.plugin_type == "portmap")
}

/// The `--publish` mappings to hand to the chain's `portmap` plugin as
/// `runtimeConfig.portMappings` (what podman and libcni do), when the
/// network's conflist has one: cnictl then adds no rules of its own, so the
/// two never publish the same port twice. `None` otherwise.
pub fn for_portmap(config: &NetworkConfig, values: &[String]) -> Result<Option<Vec<PortMapping>>> {
    if values.is_empty() || !has_portmap(config) {
        return Ok(None);
    }
    let mappings = values
        .iter()
        .map(|v| ports::parse(v))
        .collect::<std::result::Result<Vec<_>, _>>()?;
    Ok(Some(mappings))
}

/// Parses and checks `--publish` before anything changes. `None` when
/// nothing is to be published.
pub fn prepare(
    paths: &Paths,
    config: &NetworkConfig,
    network: &str,
    range_sets: &[RangeSet],
    values: &[String],
) -> Result<Option<Prepared>> {
    if values.is_empty() {
        return Ok(None);
    }
    let mappings = values
        .iter()
        .map(|v| ports::parse(v))
        .collect::<std::result::Result<Vec<_>, _>>()?;
    if has_portmap(config) {
        // The chain's portmap plugin publishes them: see `for_portmap`.
        return Ok(None);
    }
    if config.is_layer2_only() {
        return Err(PublishError::Layer2Only {
            network: network.to_string(),
        }
        .into());
    }
    // The container will have one address per range set: the subnets say
    // which families it gets.
    let sample: Vec<ipnetwork::IpNetwork> = range_sets
        .iter()
        .filter_map(|set| set.first().map(|r| r.subnet))
        .collect();
    for m in &mappings {
        if target_of(m, &sample).is_none() {
            return Err(PublishError::NoAddress {
                mapping: *m,
                family: if m.host_ip.is_some_and(|ip| ip.is_ipv6()) {
                    "IPv6"
                } else {
                    "IPv4"
                },
                network: network.to_string(),
            }
            .into());
        }
    }
    let lock = lock(&paths.cache_dir)?;
    ports::check_free(&paths.cache_dir, &mappings)?;
    Ok(Some(Prepared {
        mappings,
        _lock: lock,
    }))
}

fn lock(cache_dir: &Path) -> Result<File> {
    let path = cache_dir.join("cnictl-publish.lock");
    let err = |e| Error::io(format!("cannot lock {}", path.display()), e);
    std::fs::create_dir_all(cache_dir).map_err(err)?;
    let file = OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .map_err(err)?;
    file.lock().map_err(err)?;
    Ok(file)
}

/// Records the mappings in the new attachment's cache entry, then installs
/// the rules. On failure the attachment is taken down again.
#[allow(clippy::too_many_arguments)]
pub async fn apply<H: NetOps, C: NetOps, F: Firewall + ?Sized>(
    paths: &Paths,
    host: &H,
    container: &C,
    firewall: &F,
    prepared: Prepared,
    network: &str,
    container_id: &str,
    ifname: &str,
    report: AddReport,
) -> Result<AddReport> {
    let publication = Publication {
        network: network.to_string(),
        container_id: container_id.to_string(),
        ifname: ifname.to_string(),
        addresses: report.summary.addresses.iter().map(|(a, _)| *a).collect(),
        mappings: prepared.mappings.clone(),
    };
    let claims = claims_of(&publication, report.summary.container.clone());
    let outcome = match ports::claim(&paths.cache_dir, &claims) {
        Ok(()) => install(paths, host, firewall, &publication, &report.summary.bridge).await,
        Err(e) => Err(Error::io(
            format!(
                "cannot record port claims in {}",
                ports::claims_dir(&paths.cache_dir).display()
            ),
            e,
        )),
    };
    drop(prepared);
    match outcome {
        Ok(()) => Ok(report),
        Err(err) => {
            let _ = firewall.unpublish(&publication);
            ports::release(&paths.cache_dir, &claims);
            let undone = match find_attachments(paths, container_id, Some(network), Some(ifname)) {
                Ok(found) => detach_all(host, Some(container), firewall, container_id, found)
                    .await
                    .map(|_| ()),
                Err(e) => Err(e),
            };
            Err(Error::AttachFailed {
                step: "publish",
                source: Box::new(err),
                leftovers: undone
                    .err()
                    .map(|e| vec![e.to_string()])
                    .unwrap_or_default(),
            })
        }
    }
}

async fn install<H: NetOps, F: Firewall + ?Sized>(
    paths: &Paths,
    host: &H,
    firewall: &F,
    publication: &Publication,
    bridge: &str,
) -> Result<()> {
    let path = cache::cache_path(
        &paths.cache_dir,
        &publication.network,
        &publication.container_id,
        &publication.ifname,
    );
    let mut entry = cache::read(&path)?;
    entry.capability_args.insert(
        "portMappings".into(),
        ports::to_capability(&publication.mappings),
    );
    entry.write_atomic(&paths.cache_dir)?;
    if publication.mappings.iter().any(|m| {
        target_of(m, &publication.addresses).is_some_and(|(_, ip)| ip.is_ipv4())
            && m.host_ip.is_none_or(|ip| ip.is_loopback())
    }) {
        // Forwarding 127.0.0.1:PORT to a container needs the kernel to
        // route loopback sources out of the bridge.
        host.write_sysctl(
            &Sysctl::Ipv4RouteLocalnet {
                ifname: bridge.to_string(),
            },
            "1",
        )?;
    }
    firewall.publish(publication)?;
    super::attach::checkpoint("publish")
}

/// The port claims of a publication.
pub fn claims_of(publication: &Publication, container_name: String) -> Vec<Claim> {
    publication
        .mappings
        .iter()
        .map(|m| Claim {
            network: publication.network.clone(),
            container_id: publication.container_id.clone(),
            if_name: publication.ifname.clone(),
            container_name: Some(container_name.clone()),
            mapping: *m,
        })
        .collect()
}

/// Takes down an attachment's published ports: its rules, then its claims.
pub fn unpublish<F: Firewall + ?Sized>(
    firewall: &F,
    cache_path: &Path,
    publication: &Publication,
) -> Result<()> {
    firewall.unpublish(publication)?;
    // <cache_dir>/results/<entry>
    if let Some(cache_dir) = cache_path.parent().and_then(Path::parent) {
        ports::release(cache_dir, &claims_of(publication, String::new()));
    }
    Ok(())
}

/// What `del` (and a future `gc`) must take down for a cache entry: its published ports, when
/// cnictl installed them (its own entry, on a network without portmap).
pub fn publication_of(entry: &CacheEntry) -> Option<Publication> {
    entry.cnictl.as_ref()?;
    let mappings = ports::recorded(entry);
    if mappings.is_empty() {
        return None;
    }
    let config = NetworkConfig::from_bytes(
        entry.config.clone(),
        FileKind::sniff(&entry.config),
        ConfigSource::Embedded,
    )
    .ok();
    if config.as_ref().is_some_and(has_portmap) {
        return None;
    }
    let addresses = entry
        .parsed_result()
        .ok()
        .flatten()
        .map(|r| r.ips.iter().map(|ip| ip.address).collect())
        .unwrap_or_default();
    Some(Publication {
        network: entry.network_name.clone(),
        container_id: entry.container_id.clone(),
        ifname: entry.if_name.clone(),
        addresses,
        mappings,
    })
}
