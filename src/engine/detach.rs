//! `cnictl del`: detach a container, idempotently and without leaks.
//!
//! The attachments to remove are found from the cache (cnictl's and
//! libcni's entries) and, for attachments the reference plugins made
//! without a cache, from the lease files holding the container id. Each is
//! torn down best-effort: every part is tried, failures are collected, and
//! a part that is already gone (netns, veth, lease, rule) is not an error.

use std::collections::BTreeSet;
use std::net::IpAddr;
use std::path::PathBuf;

use serde::Serialize;

use super::Paths;
use crate::cni::cache::{self, CacheEntry};
use crate::config::{self, NetworkConfig};
use crate::error::{Error, Result};
use crate::firewall::{Firewall, IpFamily, NetworkRules};
use crate::ipam::{self, DiskStore, LeaseStore};
use crate::netlink::{LinkKind, NetOps, Netlink, RemoveInterface};
use crate::netns::NetnsFd;
use crate::runtime::{validate_container_id, RuntimeOptions, Target};

/// One attachment removed (or found already gone).
#[derive(Debug, Clone, Serialize)]
pub struct Detached {
    /// The container as one would name it again (`docker1n`, `runc:c1`),
    /// when the cache entry recorded a name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub container: Option<String>,
    pub network: String,
    pub ifname: String,
    /// Addresses whose leases were released.
    pub released: Vec<IpAddr>,
    /// The interface removed (container side, or the host veth when the
    /// namespace was gone); null when there was none left.
    pub removed_interface: Option<String>,
    /// Firewall chains removed: the network's own when this was its last
    /// lease, the reference plugin's per-container chain.
    pub removed_rules: Vec<String>,
    pub removed_cache: Option<PathBuf>,
}

#[derive(Debug, Serialize)]
pub struct DelReport {
    pub container_id: String,
    pub detached: Vec<Detached>,
}

/// An attachment to remove: from a cache entry, or from leases alone.
#[derive(Debug)]
pub(crate) struct Found {
    network: String,
    ifname: String,
    /// The config the attachment was made with (from the cache), or the
    /// current one from the conf dir, if any.
    config: Option<NetworkConfig>,
    data_dir: PathBuf,
    /// Where the attachment cache lives (whether or not it has an entry).
    cache_dir: PathBuf,
    cache: Option<(PathBuf, CacheEntry)>,
    /// Whether libcni's entry is cnictl's to remove: it is when cnictl is
    /// the runtime (the CLI), never when a runtime runs it as a plugin
    /// (the runtime removes its own entry after the DEL).
    owns_runtime_entry: bool,
}

impl Found {
    /// One attachment named by its caller (plugin mode's DEL), not searched for.
    pub(crate) fn new(
        network: String,
        ifname: String,
        config: Option<NetworkConfig>,
        data_dir: PathBuf,
        cache_dir: PathBuf,
        cache: Option<(PathBuf, CacheEntry)>,
        owns_runtime_entry: bool,
    ) -> Found {
        Found {
            network,
            ifname,
            config,
            data_dir,
            cache_dir,
            cache,
            owns_runtime_entry,
        }
    }

    /// The files that record this attachment and are cnictl's to remove,
    /// libcni's entry (when cnictl is the runtime) before cnictl's own
    /// plugin-mode record.
    fn record_files(&self, container_id: &str) -> Vec<PathBuf> {
        let record = cache::record_path(&self.cache_dir, &self.network, container_id, &self.ifname);
        let mut files = Vec::new();
        if self.owns_runtime_entry {
            files.push(cache::cache_path(
                &self.cache_dir,
                &self.network,
                container_id,
                &self.ifname,
            ));
        }
        files.push(record);
        files
    }
}

/// Which attachments of a container to remove: the engine's form of
/// `cnictl del`'s arguments.
#[derive(Debug, Clone, Default)]
pub struct DelRequest {
    pub target: String,
    /// Only this network's attachments (a name or a config file).
    pub net: Option<String>,
    /// The container id, when the target alone cannot tell it.
    pub id: Option<String>,
    /// Only this interface.
    pub ifname: Option<String>,
}

/// Detaches the target's attachments (only `args.net`'s or `args.ifname`'s
/// when given): every part is tried, failures are collected.
pub async fn del(
    paths: &Paths,
    runtimes: &RuntimeOptions,
    firewall: &dyn Firewall,
    args: &DelRequest,
) -> Result<DelReport> {
    let target = Target::parse(&args.target)?;
    let del_target =
        crate::runtime::resolve_for_del(&target, runtimes, &paths.cache_dir, args.id.as_deref())
            .await?;
    let container_id = del_target.container_id;
    validate_container_id(&container_id)?;
    if !crate::privilege::has_net_admin() {
        return Err(Error::NeedsRoot {
            action: "cnictl del",
        });
    }
    // A teardown stopped half-way leaks; finish it even when interrupted.
    ignore_interrupts();

    let found = find_attachments(
        paths,
        &container_id,
        args.net.as_deref(),
        args.ifname.as_deref(),
    )?;
    let netns = del_target
        .netns
        .and_then(|path| NetnsFd::open(&path).ok())
        .filter(|ns| !ns.is_current().unwrap_or(true));
    let host = Netlink::current()?;
    let container = match &netns {
        Some(ns) => Some(host.reach(ns).await?),
        None => None,
    };
    detach_all(&host, container.as_ref(), firewall, &container_id, found).await
}

/// Removes every found attachment, collecting failures instead of stopping.
pub(crate) async fn detach_all<H: NetOps, C: RemoveInterface, F: Firewall + ?Sized>(
    host: &H,
    container: Option<&C>,
    firewall: &F,
    container_id: &str,
    found: Vec<Found>,
) -> Result<DelReport> {
    let mut report = DelReport {
        container_id: container_id.to_string(),
        detached: Vec::new(),
    };
    let mut failures = Vec::new();
    for attachment in found {
        let (detached, errors) = detach(host, container, firewall, container_id, attachment).await;
        report.detached.push(detached);
        failures.extend(errors);
    }
    if failures.is_empty() {
        Ok(report)
    } else {
        Err(Error::Teardown(failures))
    }
}

async fn detach<H: NetOps, C: RemoveInterface, F: Firewall + ?Sized>(
    host: &H,
    container: Option<&C>,
    firewall: &F,
    container_id: &str,
    mut found: Found,
) -> (Detached, Vec<String>) {
    let mut errors = Vec::new();
    let record = found.cache.as_ref().and_then(|(_, e)| e.cnictl.clone());
    let mut detached = Detached {
        container: record.as_ref().and_then(|r| {
            r.container_name
                .as_deref()
                .map(|name| crate::runtime::display_name(r.runtime, name))
        }),
        network: found.network.clone(),
        ifname: found.ifname.clone(),
        released: Vec::new(),
        removed_interface: None,
        removed_rules: Vec::new(),
        removed_cache: None,
    };

    // A conflist's plugins after the bridge first, in reverse, as libcni does.
    errors.extend(super::chain::del_external(
        found.config.as_ref(),
        found.cache.as_ref().map(|(_, e)| e),
        container_id,
        &found.ifname,
    ));
    // A bridge IPAM other than host-local releases its own addresses.
    let entry = found.cache.as_ref().map(|(_, e)| e.clone());
    errors.extend(super::chain::external_ipam_del(
        &mut found.config,
        entry.as_ref(),
        container_id,
        &found.ifname,
    ));

    // Rules first, then links (netavark #1482: the other order lets
    // packets through unfiltered for a moment). The reference plugin keeps
    // a chain per container; cnictl keeps none, so only look for it when
    // the attachment was not cnictl's.
    if let Some((path, publication)) = found.cache.as_ref().and_then(|(path, e)| {
        super::publish::publication_of(e).map(|publication| (path, publication))
    }) {
        match super::publish::unpublish(firewall, path, &publication) {
            Ok(()) => detached.removed_rules.push(publication.chain()),
            Err(e) => errors.push(format!("published ports of {}: {e}", found.network)),
        }
    }
    let chain = crate::firewall::rules::reference_chain_name(&found.network, container_id);
    let removed_chain = if record.is_some() {
        // cnictl made an empty chain of that name for the reference's sake,
        // on a masquerading network (an unreadable config: look anyway).
        let masquerading = found
            .config
            .as_ref()
            .and_then(|c| super::plan::bridge_plugin(c).ok())
            .is_none_or(|bridge| bridge.masquerades());
        masquerading.then(|| {
            let families = found
                .config
                .as_ref()
                .and_then(|c| c.range_sets().ok())
                .map(|sets| families_of_sets(&sets))
                .unwrap_or_else(|| vec![IpFamily::V4, IpFamily::V6]);
            firewall.remove_compat_chain(&found.network, container_id, &families)
        })
    } else {
        Some(firewall.remove_reference_chain(&found.network, container_id))
    };
    match removed_chain {
        Some(Ok(())) => detached.removed_rules.push(chain),
        Some(Err(e)) => errors.push(format!("chain {chain} of {}: {e}", found.network)),
        None => {}
    }

    // The interface, inside the namespace when it still exists (deleting
    // one end of a veth removes both). After the chain: the chain's removal
    // leaves a wait for a grace period at exit (nf_tables frees it
    // deferred), which runs on while the rest is done; the veth's own wait
    // for the kernel to free it is sat out by a grandchild (see
    // `netlink::detached`).
    // A loopback attachment's interface is the container's `lo`, which
    // serves every network of the container: it stays. The cache entry's
    // ifname (libcni records the runtime's CNI_IFNAME, often `eth0`) names
    // another network's interface, never this attachment's.
    let is_loopback = found.config.as_ref().is_some_and(|c| {
        c.plugins
            .first()
            .is_some_and(|p| p.plugin_type == "loopback")
    });
    let mut removed = is_loopback;
    if let Some(container) = container.filter(|_| !is_loopback) {
        match container.remove_interface(&found.ifname).await {
            Ok(()) => {
                detached.removed_interface = Some(found.ifname.clone());
                removed = true;
            }
            Err(e) if e.is_not_found() => {}
            Err(e) => errors.push(format!("interface {}: {e}", found.ifname)),
        }
    }

    // Else the host end, by the name cnictl recorded.
    if !removed {
        if let Some(record) = &record {
            match host.link_by_name(&record.host_veth).await {
                Ok(Some(link)) if link.kind == LinkKind::Veth => {
                    match host.delete_link(link.index).await {
                        Ok(()) => detached.removed_interface = Some(record.host_veth.clone()),
                        Err(e) if e.is_not_found() => {}
                        Err(e) => errors.push(format!("host veth {}: {e}", record.host_veth)),
                    }
                }
                Ok(_) => {}
                Err(e) => errors.push(format!("host veth {}: {e}", record.host_veth)),
            }
        }
    }

    // The container's resolv.conf, as it was before the attachment.
    if let Some(change) = record.as_ref().and_then(|r| r.resolv_conf.as_ref()) {
        if let Err(e) = super::container_dns::restore(change) {
            errors.push(e.to_string());
        }
    }

    // Leases, and the network's rules with its last lease, once the
    // interface is gone: its traffic never leaves unmasqueraded.
    match release_and_maybe_teardown(firewall, container_id, &found) {
        Ok((released, chains)) => {
            detached.released = released;
            detached.removed_rules.extend(chains);
        }
        Err(e) => errors.push(format!("leases of {}: {e}", found.network)),
    }

    // Last, so that an interrupted `del` still finds the attachment.
    for path in found.record_files(container_id) {
        match std::fs::remove_file(&path) {
            Ok(()) => {
                detached.removed_cache.get_or_insert(path);
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => errors.push(format!("cache entry {}: {e}", path.display())),
        }
    }
    (detached, errors)
}

/// Releases the attachment's leases under the store lock; when none of the
/// network's leases remain, removes the network's firewall rules (held
/// under the same lock, so a parallel `add` cannot slip in between).
fn release_and_maybe_teardown<F: Firewall + ?Sized>(
    firewall: &F,
    container_id: &str,
    found: &Found,
) -> Result<(Vec<IpAddr>, Vec<String>)> {
    let lease_dir = found.data_dir.join(&found.network);
    if !lease_dir.exists() {
        return Ok((Vec::new(), Vec::new()));
    }
    let mut store = DiskStore::open(&found.data_dir, &found.network)?.lock()?;
    // The cached result names the addresses: release those (if they are
    // still this attachment's) without reading every lease of the network.
    let cached_ips = found
        .cache
        .as_ref()
        .and_then(|(_, entry)| entry.parsed_result().ok().flatten())
        .map(|result| {
            result
                .ips
                .iter()
                .map(|ip| ip.address.ip())
                .collect::<Vec<_>>()
        })
        .unwrap_or_default();
    let mut released = store.release_owned(&cached_ips, container_id, &found.ifname)?;
    if released.is_empty() {
        released = store.release_by_id(container_id, &found.ifname)?;
    }
    let mut chains = Vec::new();
    // An L2-only network has no leases: it is in use while another
    // attachment's cache entry is there (an `add` holds the lock until it
    // has written its own).
    let in_use = if found
        .config
        .as_ref()
        .is_some_and(NetworkConfig::is_layer2_only)
    {
        let own = found.cache.as_ref().map(|(path, _)| path);
        crate::cni::cache::find_by_network(&found.cache_dir, &found.network)?
            .iter()
            .any(|(path, _)| Some(path) != own)
    } else {
        !store.is_empty()?
    };
    if !in_use {
        if let Some(rules) = found.config.as_ref().and_then(network_rules) {
            // Whoever made the attachment (cnictl, or the reference plugin
            // beside cnictl's), the network's rules go with its last one;
            // the kernel says whether there are any.
            if firewall.network_rules_present(&rules)? {
                firewall.teardown_network(&rules)?;
                // Reported as the config wants them; teardown also takes a
                // nat chain a config change left behind.
                if rules.masquerade && !rules.subnets.is_empty() {
                    chains.push(crate::firewall::rules::nat_chain_name(&found.network));
                }
                chains.push(crate::firewall::rules::filter_chain_name(&found.network));
            }
        }
    }
    Ok((released, chains))
}

fn families_of_sets(sets: &[crate::ipam::RangeSet]) -> Vec<IpFamily> {
    let mut families = Vec::new();
    for family in [IpFamily::V4, IpFamily::V6] {
        if sets
            .iter()
            .flatten()
            .any(|r| IpFamily::of(&r.subnet) == family)
        {
            families.push(family);
        }
    }
    families
}

/// The network-wide rules cnictl would have installed for this config.
pub(crate) fn network_rules(config: &NetworkConfig) -> Option<NetworkRules> {
    let plugin = super::plan::bridge_plugin(config).ok()?;
    let subnets = config
        .range_sets()
        .ok()?
        .into_iter()
        .flatten()
        .map(|r| r.subnet)
        .collect();
    Some(NetworkRules {
        network: config.name.clone()?,
        bridge: plugin.bridge.clone().unwrap_or_else(|| "cni0".into()),
        subnets,
        masquerade: plugin.masquerades(),
    })
}

/// Every attachment of the container: cache entries first (they know the
/// config the attachment was made with), then leases no entry accounts for.
pub(crate) fn find_attachments(
    paths: &Paths,
    container_id: &str,
    network: Option<&str>,
    ifname: Option<&str>,
) -> Result<Vec<Found>> {
    // `--net` may be a file: the network is the name inside it. A name
    // that is no config's may still be the network of a recorded
    // attachment (its config since removed); one that is neither is a
    // typo, and an error rather than "nothing attached".
    let mut unknown_network = None;
    let wanted_network = network.map(|given| match config::find_network(&paths.conf_dir, given) {
        Ok(found) => found.config.name.unwrap_or_else(|| given.to_string()),
        Err(e) => {
            unknown_network = Some(e);
            given.to_string()
        }
    });
    let matches = |net: &str, ifn: &str| {
        wanted_network.as_deref().is_none_or(|w| w == net) && ifname.is_none_or(|i| i == ifn)
    };

    let mut found = Vec::new();
    let mut seen = BTreeSet::new();
    for (path, entry) in cache::find_by_container(&paths.cache_dir, container_id)? {
        if !matches(&entry.network_name, &entry.if_name) {
            continue;
        }
        let config = entry.network_config(&path);
        let data_dir = config
            .as_ref()
            .map(|c| c.data_dir(paths.data_dir.as_deref()))
            .unwrap_or_else(|| paths.default_data_dir());
        seen.insert((entry.network_name.clone(), entry.if_name.clone()));
        found.push(Found {
            network: entry.network_name.clone(),
            ifname: entry.if_name.clone(),
            config,
            data_dir,
            cache_dir: paths.cache_dir.clone(),
            cache: Some((path, entry)),
            owns_runtime_entry: true,
        });
    }

    // The cache knows every attachment cnictl or libcni made; the leases
    // are searched (every lease file read) only for a container the cache
    // does not know, whose attachments the reference plugin made by hand.
    if !found.is_empty() {
        return Ok(found);
    }
    if let Some(e) = unknown_network {
        let known_from_leases = paths.lease_roots().iter().any(|root| {
            wanted_network
                .as_deref()
                .is_some_and(|net| root.join(net).is_dir())
        });
        if !known_from_leases {
            return Err(e.into());
        }
    }
    for (data_dir, config) in lease_sources(paths, wanted_network.as_deref()) {
        let leases = match ipam::list_leases(&data_dir, wanted_network.as_deref()) {
            Ok(leases) => leases,
            Err(e) => {
                tracing::warn!("leases in {} not searched: {e}", data_dir.display());
                continue;
            }
        };
        for lease in leases
            .into_iter()
            .filter(|l| l.container_id == container_id)
        {
            let lease_ifname = lease.ifname.clone().unwrap_or_default();
            if !matches(&lease.network, &lease_ifname) {
                continue;
            }
            if !seen.insert((lease.network.clone(), lease_ifname.clone())) {
                continue;
            }
            let config = config
                .clone()
                .filter(|c| c.name.as_deref() == Some(lease.network.as_str()))
                .or_else(|| {
                    config::find_network_by_name(&paths.conf_dir, &lease.network)
                        .ok()
                        .map(|f| f.config)
                });
            found.push(Found {
                network: lease.network.clone(),
                ifname: lease_ifname,
                config,
                data_dir: data_dir.clone(),
                cache_dir: paths.cache_dir.clone(),
                cache: None,
                owns_runtime_entry: true,
            });
        }
    }
    Ok(found)
}

/// The data dirs whose leases may belong to the container, with the config
/// that points at each (when one network was named).
fn lease_sources(paths: &Paths, network: Option<&str>) -> Vec<(PathBuf, Option<NetworkConfig>)> {
    if let Some(name) = network {
        if let Ok(found) = config::find_network_by_name(&paths.conf_dir, name) {
            let dir = found.config.data_dir(paths.data_dir.as_deref());
            return vec![(dir, Some(found.config))];
        }
        return vec![(paths.default_data_dir(), None)];
    }
    paths.lease_roots().into_iter().map(|d| (d, None)).collect()
}

/// Ignores SIGINT and SIGTERM for the rest of the process: a teardown
/// interrupted half-way is exactly the leak `del` exists to prevent.
fn ignore_interrupts() {
    use nix::sys::signal::{signal, SigHandler, Signal};
    for sig in [Signal::SIGINT, Signal::SIGTERM] {
        // SAFETY: SIG_IGN installs no handler code, so nothing can run in a
        // signal context.
        if let Err(e) = unsafe { signal(sig, SigHandler::SigIgn) } {
            tracing::debug!("cannot ignore {sig}: {e}");
        }
    }
}
