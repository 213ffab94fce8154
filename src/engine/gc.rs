//! `cnictl gc`: remove what belongs to no attachment, decided from
//! evidence (see `inventory` for the rule), never by age or by guess.
//!
//! Order: stale leases (each re-read under its network's store lock before
//! it goes), then cache entries left without a lease, then host veths on
//! CNI bridges that no live attachment claims, then firewall chains of
//! networks without leases and of containers without a lease, then, with
//! `--bridges`, bridges of networks left empty. Everything runs while gc
//! holds the attach lock exclusively, which every `cnictl add` holds shared
//! from before its lease until after its cache entry: an add in flight is
//! never mistaken for a crashed one.

use std::collections::{BTreeMap, BTreeSet};
use std::fs::{File, OpenOptions};
use std::net::IpAddr;
use std::path::{Path, PathBuf};

use serde::Serialize;

use super::inventory::{bridge_of, veth_peer_index, Inventory};
use super::Paths;
use crate::config::NetworkConfig;
use crate::error::{Error, Result};
use crate::firewall::orphans::{owned_chains, ChainOwner, OwnedChain};
use crate::firewall::rules::{self, IpFamily, Table};
use crate::firewall::Firewall;
use crate::ipam::{DiskStore, LeaseStore};
use crate::netlink::{AddrOps, LinkKind, LinkOps, LinkParent, Netlink};

/// The lock file in the cache dir that `add` holds shared and `gc`
/// exclusively.
pub const ATTACH_LOCK: &str = "cnictl-attach.lock";

/// Takes the attach lock (shared for `add`, exclusive for `gc`); released
/// when the file is dropped, or when the process dies, however it dies.
pub fn attach_lock(cache_dir: &Path, exclusive: bool) -> Result<File> {
    let path = cache_dir.join(ATTACH_LOCK);
    let err = |source| {
        Error::io(
            format!("cannot take the attach lock {}", path.display()),
            source,
        )
    };
    std::fs::create_dir_all(cache_dir).map_err(err)?;
    let file = OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(cache_dir.join(ATTACH_LOCK))
        .map_err(err)?;
    if exclusive {
        file.lock().map_err(err)?;
    } else {
        file.lock_shared().map_err(err)?;
    }
    Ok(file)
}

/// One thing removed (or, with `--dry-run`, that would be).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Removed {
    /// `lease`, `cache`, `veth`, `chain` or `bridge`.
    pub kind: &'static str,
    /// The network it belonged to, when known.
    pub network: Option<String>,
    /// The lease's IP, the cache file's name, the link's or chain's name.
    pub name: String,
    /// The container id, for leases, cache entries and container chains.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub container_id: Option<String>,
    /// The evidence that it belongs to nothing.
    pub reason: String,
}

#[derive(Debug, Serialize)]
pub struct GcReport {
    pub dry_run: bool,
    pub removed: Vec<Removed>,
    /// What could not be removed; gc exits non-zero when this is not empty.
    pub errors: Vec<String>,
}

impl GcReport {
    pub fn into_status(self) -> Result<crate::error::ExitStatus> {
        if self.errors.is_empty() {
            Ok(crate::error::ExitStatus::Success)
        } else {
            Err(Error::Teardown(self.errors))
        }
    }
}

/// A lease judged stale: IP, container id, ifname, why.
type StaleLease = (IpAddr, String, Option<String>, String);

/// `cnictl gc [--dry-run] [--bridges] [--net NET]`.
pub async fn gc(
    paths: &Paths,
    firewall: &dyn Firewall,
    net: Option<&str>,
    dry_run: bool,
    bridges: bool,
) -> Result<GcReport> {
    if !crate::privilege::has_net_admin() {
        return Err(Error::NeedsRoot {
            action: if dry_run {
                "cnictl gc --dry-run (it looks into every network namespace)"
            } else {
                "cnictl gc"
            },
        });
    }
    let _lock = attach_lock(&paths.cache_dir, true)?;
    let inv = Inventory::read(paths, net, true).await?;
    let mut report = GcReport {
        dry_run,
        removed: Vec::new(),
        errors: Vec::new(),
    };

    // 1. Leases.
    let mut stale: BTreeMap<(String, PathBuf), Vec<StaleLease>> = BTreeMap::new();
    for dl in &inv.leases {
        if let Some(reason) = inv.stale_reason(&dl.lease) {
            stale
                .entry((dl.lease.network.clone(), dl.data_dir.clone()))
                .or_default()
                .push((
                    dl.lease.ip,
                    dl.lease.container_id.clone(),
                    dl.lease.ifname.clone(),
                    reason,
                ));
        }
    }
    let mut released: BTreeSet<(String, IpAddr)> = BTreeSet::new();
    for ((network, data_dir), leases) in &stale {
        let mut store = if dry_run {
            None
        } else {
            match DiskStore::open(data_dir, network).and_then(|s| s.lock()) {
                Ok(store) => Some(store),
                Err(e) => {
                    report.errors.push(format!("leases of {network}: {e}"));
                    continue;
                }
            }
        };
        for (ip, id, ifname, reason) in leases {
            if let Some(store) = store.as_mut() {
                // Still the same owner? A lease released and taken again
                // since the inventory is someone else's now.
                let expected = match ifname {
                    Some(i) => format!("{id}\r\n{i}"),
                    None => id.clone(),
                };
                match store.owner(*ip) {
                    Ok(Some(owner)) if owner.trim() == expected.trim() => {}
                    Ok(_) => continue,
                    Err(e) => {
                        report.errors.push(format!("lease {ip} of {network}: {e}"));
                        continue;
                    }
                }
                if let Err(e) = store.release(*ip) {
                    report.errors.push(format!("lease {ip} of {network}: {e}"));
                    continue;
                }
            }
            released.insert((network.clone(), *ip));
            report.removed.push(Removed {
                kind: "lease",
                network: Some(network.clone()),
                name: ip.to_string(),
                container_id: Some(id.clone()),
                reason: reason.clone(),
            });
        }
    }
    let kept: Vec<&crate::ipam::Lease> = inv
        .leases
        .iter()
        .map(|dl| &dl.lease)
        .filter(|l| !released.contains(&(l.network.clone(), l.ip)))
        .collect();
    let owned = |network: &str, id: &str, ifname: &str| {
        kept.iter().any(|l| {
            l.network == network
                && l.container_id == id
                && l.ifname.as_deref().is_none_or(|i| i == ifname)
        })
    };

    // 2. Cache entries without a lease (host-local networks only: a
    // network with another IPAM has no leases to go by).
    let mut kept_entries = Vec::new();
    for e in &inv.entries {
        let (network, id, ifname) = e.key();
        let layer2_only = e.config.as_ref().is_some_and(NetworkConfig::is_layer2_only);
        let host_local = !layer2_only && e.config.as_ref().is_some_and(|c| c.range_sets().is_ok());
        // An L2-only attachment has no lease to go by: it is gone when its
        // network namespace is (and the veth pair with it).
        let namespace_gone = layer2_only
            && e.entry
                .netns
                .as_deref()
                .is_some_and(|path| !Path::new(path).exists());
        if !namespace_gone && (!host_local || owned(network, id, ifname)) {
            kept_entries.push(e);
            continue;
        }
        let reason = if namespace_gone {
            "its network namespace is gone"
        } else {
            "no lease holds its address any more"
        };
        // The chain's other plugins (portmap, …) undo their part, as
        // libcni's GC runs DEL for a cached attachment that is gone.
        let plugins = e
            .config
            .as_ref()
            .map(super::chain::external_types)
            .unwrap_or_default();
        if !plugins.is_empty() {
            let failures = if dry_run {
                Vec::new()
            } else {
                super::chain::del_external(e.config.as_ref(), Some(&e.entry), id, ifname)
            };
            report.errors.extend(
                failures
                    .into_iter()
                    .map(|f| format!("DEL of the chain's plugins for {id}: {f}")),
            );
            report.removed.push(Removed {
                kind: "plugins",
                network: Some(network.to_string()),
                name: plugins.join(","),
                container_id: Some(id.to_string()),
                reason: "DEL through the chain for an attachment that is gone".into(),
            });
        }
        // Its published ports: the DNAT chain and the port claims go with it.
        if let Some(publication) = super::publish::publication_of(&e.entry) {
            let removed = if dry_run {
                Ok(())
            } else {
                super::publish::unpublish(firewall, &e.path, &publication)
            };
            match removed {
                Ok(()) => report.removed.push(Removed {
                    kind: "ports",
                    network: Some(network.to_string()),
                    name: super::ports::recorded(&e.entry)
                        .iter()
                        .map(ToString::to_string)
                        .collect::<Vec<_>>()
                        .join(","),
                    container_id: Some(id.to_string()),
                    reason: "published for an attachment that is gone".into(),
                }),
                Err(err) => report
                    .errors
                    .push(format!("published ports of {id}: {err}")),
            }
        }
        if !dry_run {
            if let Some(change) = e.entry.cnictl.as_ref().and_then(|r| r.resolv_conf.as_ref()) {
                // The container may be gone with its files; a restore that
                // finds nothing to restore is fine.
                let _ = super::container_dns::restore(change);
            }
            match std::fs::remove_file(&e.path) {
                Ok(()) => {}
                Err(err) if err.kind() == std::io::ErrorKind::NotFound => {}
                Err(err) => {
                    report
                        .errors
                        .push(format!("cache entry {}: {err}", e.path.display()));
                    continue;
                }
            }
        }
        report.removed.push(Removed {
            kind: "cache",
            network: Some(network.to_string()),
            name: e
                .path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            container_id: Some(id.to_string()),
            reason: reason.into(),
        });
    }

    // 3. Host veths on CNI bridges.
    let host = Netlink::current()?;
    let links = host.list_links().await?;
    let mut bridge_networks: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (name, (_, config)) in &inv.networks {
        if let Some(bridge) = config.as_ref().and_then(bridge_of) {
            bridge_networks
                .entry(bridge)
                .or_default()
                .insert(name.clone());
        }
    }
    for e in &inv.entries {
        if let Some(bridge) = e.bridge() {
            bridge_networks
                .entry(bridge)
                .or_default()
                .insert(e.entry.network_name.clone());
        }
    }
    for link in links.iter().filter(|l| l.kind == LinkKind::Bridge) {
        // A bridge without a cnictl marker is no evidence of a CNI bridge
        // (docker0, a VM bridge): its ports are not gc's to judge.
        if let Some(nets) =
            super::attach::marked_networks(link.alias.as_deref()).filter(|nets| !nets.is_empty())
        {
            bridge_networks
                .entry(link.name.clone())
                .or_default()
                .extend(nets);
        }
    }
    let bridge_index: BTreeMap<u32, &String> = links
        .iter()
        .filter(|l| l.kind == LinkKind::Bridge && bridge_networks.contains_key(&l.name))
        .map(|l| (l.index, &l.name))
        .collect();
    let claimed: BTreeSet<String> = kept_entries.iter().filter_map(|e| e.host_veth()).collect();
    // On an L2-only network a container without an address is the rule,
    // so a port's peer without one is evidence of nothing.
    let layer2_only_bridges: BTreeSet<&String> = bridge_networks
        .iter()
        .filter(|(_, nets)| {
            nets.iter().any(|n| {
                inv.networks
                    .get(n)
                    .and_then(|(_, c)| c.as_ref())
                    .is_some_and(NetworkConfig::is_layer2_only)
            })
        })
        .map(|(bridge, _)| bridge)
        .collect();
    let namespaces = inv.namespaces.as_deref().unwrap_or_default();
    // A plugin in the middle of an ADD has a veth whose peer has no
    // address yet, and gc cannot tell which: veths wait for the next run.
    let adds_running = !inv.adds_in_flight.is_empty();
    if adds_running {
        tracing::info!(
            "CNI ADDs in progress ({:?}): host veths are left for the next gc",
            inv.adds_in_flight
        );
    }
    for link in links.iter().filter(|_| !adds_running) {
        let Some(bridge) = link.master.and_then(|m| bridge_index.get(&m)) else {
            continue;
        };
        if link.kind != LinkKind::Veth
            || claimed.contains(&link.name)
            || layer2_only_bridges.contains(bridge)
        {
            continue;
        }
        // Only a peer seen without an address of the bridge's subnets is
        // evidence of nothing: a peer with one is a live attachment gc may
        // know nothing of (the reference plugin run by hand, another data
        // dir), and a peer not seen at all is in a namespace gc cannot
        // look into.
        let recorded = inv.host_veths.as_ref().and_then(|v| v.get(&link.name));
        let Some(host_veth) = recorded.copied().or_else(|| {
            Some(LinkParent {
                index: link.index,
                parent: veth_peer_index(&link.name)?,
                netnsid: None,
            })
        }) else {
            continue;
        };
        let subnets = bridge_subnets(
            &host,
            link.master.unwrap_or(0),
            &bridge_networks[*bridge],
            &inv,
        )
        .await;
        let seen: Vec<bool> = namespaces
            .iter()
            .filter_map(|v| v.peer_addressed(&host_veth, &subnets))
            .collect();
        if seen.is_empty() || seen.contains(&true) {
            continue;
        }
        if !dry_run {
            match host.delete_link(link.index).await {
                Ok(()) => {}
                Err(e) if e.is_not_found() => {}
                Err(e) => {
                    report.errors.push(format!("veth {}: {e}", link.name));
                    continue;
                }
            }
        }
        report.removed.push(Removed {
            kind: "veth",
            network: bridge_networks
                .get(*bridge)
                .and_then(|n| n.iter().next().cloned()),
            name: link.name.clone(),
            container_id: None,
            reason: format!(
                "port of {bridge} whose peer has no address and no cache entry names it"
            ),
        });
    }

    // The chains' plugins (cniVersion 1.1.0 on) drop what they keep for
    // any attachment but those that stay.
    if !dry_run {
        for (name, (_, config)) in &inv.networks {
            let Some(config) = config else { continue };
            let valid: Vec<(String, String)> = kept_entries
                .iter()
                .filter(|e| e.entry.network_name == *name)
                .map(|e| (e.entry.container_id.clone(), e.entry.if_name.clone()))
                .collect();
            report.errors.extend(
                super::chain::gc_external(config, &valid)
                    .into_iter()
                    .map(|f| format!("GC of network {name}'s plugins: {f}")),
            );
        }
    }

    // 4. Firewall chains.
    // A network is in use while a lease or an attachment (an L2-only
    // network has no leases) is left.
    let networks_with_leases: BTreeSet<&str> = kept
        .iter()
        .map(|l| l.network.as_str())
        .chain(kept_entries.iter().map(|e| e.entry.network_name.as_str()))
        .collect();
    let judge = ChainJudge::new(
        &inv,
        &kept,
        &kept_entries,
        networks_with_leases.clone(),
        net.is_some(),
    );
    match firewall.save_all() {
        Err(e) => report.errors.push(format!("firewall rules not read: {e}")),
        Ok(families) => {
            for (family, set) in families {
                let doomed: Vec<(Table, String, Removed)> = owned_chains(family, &set)
                    .into_iter()
                    .filter_map(|chain| {
                        judge
                            .orphan(&chain)
                            .map(|removed| (chain.table, chain.chain.clone(), removed))
                    })
                    .collect();
                if doomed.is_empty() {
                    continue;
                }
                if !dry_run {
                    let chains: Vec<(Table, String)> =
                        doomed.iter().map(|(t, c, _)| (*t, c.clone())).collect();
                    if let Err(e) =
                        remove_chains_locked(firewall, family, &chains, &inv, &networks_with_leases)
                    {
                        report
                            .errors
                            .push(format!("{} chains: {e}", family.iptables()));
                        continue;
                    }
                }
                report.removed.extend(doomed.into_iter().map(|(_, _, r)| r));
            }
        }
    }

    // 5. Bridges of networks left without leases, only when asked.
    if bridges {
        for (index, name) in &bridge_index {
            let nets = &bridge_networks[*name];
            if nets
                .iter()
                .any(|n| networks_with_leases.contains(n.as_str()))
            {
                continue;
            }
            if net.is_some() && !nets.iter().all(|n| inv.networks.contains_key(n)) {
                continue;
            }
            let has_ports = links.iter().any(|l| {
                l.master == Some(*index)
                    && !report
                        .removed
                        .iter()
                        .any(|r| r.kind == "veth" && r.name == l.name)
            });
            if has_ports {
                continue;
            }
            if !dry_run {
                match host.delete_link(*index).await {
                    Ok(()) => {}
                    Err(e) if e.is_not_found() => {}
                    Err(e) => {
                        report.errors.push(format!("bridge {name}: {e}"));
                        continue;
                    }
                }
            }
            report.removed.push(Removed {
                kind: "bridge",
                network: nets.iter().next().cloned(),
                name: (*name).clone(),
                container_id: None,
                reason: "no network using it has a lease, and it has no ports".into(),
            });
        }
    }
    Ok(report)
}

/// Which chains belong to nothing, from what gc kept.
struct ChainJudge {
    /// Every network gc read the leases of.
    networks: BTreeSet<String>,
    networks_with_leases: BTreeSet<String>,
    /// `CNI-<hash>` of every kept lease and cache entry.
    live_container_chains: BTreeSet<String>,
    /// `CNI-<hash>` → (network, container) of every attachment gc saw,
    /// kept or not, to say whose a cnictl stand-in chain (empty) was.
    known_container_chains: BTreeMap<String, (String, String)>,
    /// `network_hash(name)` → name.
    by_hash: BTreeMap<String, String>,
    /// `--net` was given: judge nothing gc cannot tie to that network.
    scoped: bool,
}

impl ChainJudge {
    fn new(
        inv: &Inventory,
        kept: &[&crate::ipam::Lease],
        kept_entries: &[&super::inventory::Entry],
        networks_with_leases: BTreeSet<&str>,
        scoped: bool,
    ) -> ChainJudge {
        let key = |e: &&super::inventory::Entry| {
            (e.entry.network_name.clone(), e.entry.container_id.clone())
        };
        ChainJudge {
            networks: inv.networks.keys().cloned().collect(),
            networks_with_leases: networks_with_leases
                .into_iter()
                .map(str::to_string)
                .collect(),
            live_container_chains: kept
                .iter()
                .map(|l| (l.network.clone(), l.container_id.clone()))
                .chain(kept_entries.iter().map(key))
                .map(|(n, id)| rules::reference_chain_name(&n, &id))
                .collect(),
            known_container_chains: inv
                .leases
                .iter()
                .map(|dl| (dl.lease.network.clone(), dl.lease.container_id.clone()))
                .chain(inv.entries.iter().map(|e| key(&e)))
                .map(|(n, id)| (rules::reference_chain_name(&n, &id), (n, id)))
                .collect(),
            by_hash: inv
                .networks
                .keys()
                .map(|n| (rules::network_hash(n), n.clone()))
                .collect(),
            scoped,
        }
    }

    /// What to report if `chain` belongs to nothing; `None` to keep it.
    fn orphan(&self, chain: &OwnedChain) -> Option<Removed> {
        let name = format!(
            "{} {} {}",
            chain.family.iptables(),
            chain.table.as_str(),
            chain.chain
        );
        match &chain.owner {
            ChainOwner::Network { hash, name: named } => {
                let network = named.clone().or_else(|| self.by_hash.get(hash).cloned())?;
                // A network gc read no leases of is not gc's to judge.
                if !self.networks.contains(&network) || self.networks_with_leases.contains(&network)
                {
                    return None;
                }
                Some(Removed {
                    kind: "chain",
                    network: Some(network),
                    name,
                    container_id: None,
                    reason: "its network has no leases".into(),
                })
            }
            ChainOwner::Container {
                network,
                container_id,
            } => {
                if self.live_container_chains.contains(&chain.chain) {
                    return None;
                }
                let known = self.known_container_chains.get(&chain.chain);
                let network = network.clone().or_else(|| known.map(|k| k.0.clone()));
                let container_id = container_id.clone().or_else(|| known.map(|k| k.1.clone()));
                match &network {
                    Some(n) if !self.networks.contains(n) => return None,
                    // An empty stand-in nobody can be named for: only
                    // without --net, which judges every network.
                    None if self.scoped => return None,
                    _ => {}
                }
                Some(Removed {
                    kind: "chain",
                    network,
                    name,
                    container_id,
                    reason: "no lease of its container on its network".into(),
                })
            }
        }
    }
}

/// The subnets a bridge serves: those of its own addresses (the gateways)
/// and of the ranges of every network known to use it.
async fn bridge_subnets(
    host: &Netlink,
    bridge_index: u32,
    networks: &BTreeSet<String>,
    inv: &Inventory,
) -> Vec<ipnetwork::IpNetwork> {
    let mut subnets: Vec<ipnetwork::IpNetwork> = host
        .list_addresses(Some(bridge_index))
        .await
        .unwrap_or_default()
        .into_iter()
        // Every interface has an IPv6 link-local address: no evidence.
        .filter(|a| !matches!(a.addr.ip(), std::net::IpAddr::V6(v6) if (v6.segments()[0] & 0xffc0) == 0xfe80))
        .filter_map(|a| ipnetwork::IpNetwork::new(a.addr.network(), a.addr.prefix()).ok())
        .collect();
    for name in networks {
        if let Some((_, Some(config))) = inv.networks.get(name) {
            if let Ok(sets) = config.range_sets() {
                subnets.extend(sets.iter().flatten().map(|r| r.subnet));
            }
        }
    }
    subnets
}

/// Removes chains while holding the store lock of every network gc knows
/// (in name order, as no other cnictl takes two), so that a `del` of a
/// network's last lease and gc never race on its rules.
fn remove_chains_locked(
    firewall: &dyn Firewall,
    family: IpFamily,
    chains: &[(Table, String)],
    inv: &Inventory,
    networks_with_leases: &BTreeSet<&str>,
) -> Result<()> {
    let mut locks = Vec::new();
    for (name, (data_dir, _)) in &inv.networks {
        if networks_with_leases.contains(name.as_str()) || !data_dir.join(name).is_dir() {
            continue;
        }
        let store = DiskStore::open(data_dir, name)?.lock()?;
        // Someone leased an address since: its network chains stay.
        if !store.is_empty()? {
            return Err(Error::Teardown(vec![format!(
                "network {name} got a lease while gc ran; run gc again"
            )]));
        }
        locks.push(store);
    }
    firewall.remove_chains(family, chains, "gc")?;
    drop(locks);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::firewall::rules::IpFamily;

    fn judge(scoped: bool) -> ChainJudge {
        ChainJudge {
            networks: ["a".to_string(), "b".to_string()].into(),
            networks_with_leases: ["a".to_string()].into(),
            live_container_chains: [rules::reference_chain_name("a", "live")].into(),
            known_container_chains: [(
                rules::reference_chain_name("b", "dead"),
                ("b".to_string(), "dead".to_string()),
            )]
            .into(),
            by_hash: ["a", "b"]
                .iter()
                .map(|n| (rules::network_hash(n), n.to_string()))
                .collect(),
            scoped,
        }
    }

    fn network_chain(network: &str, named: bool) -> OwnedChain {
        OwnedChain {
            family: IpFamily::V4,
            table: Table::Nat,
            chain: rules::nat_chain_name(network),
            owner: ChainOwner::Network {
                hash: rules::network_hash(network),
                name: named.then(|| network.to_string()),
            },
        }
    }

    fn container_chain(network: &str, id: &str, commented: bool) -> OwnedChain {
        OwnedChain {
            family: IpFamily::V4,
            table: Table::Nat,
            chain: rules::reference_chain_name(network, id),
            owner: ChainOwner::Container {
                network: commented.then(|| network.to_string()),
                container_id: commented.then(|| id.to_string()),
            },
        }
    }

    #[test]
    fn network_chains_go_with_the_last_lease_of_a_known_network() {
        let j = judge(false);
        assert!(
            j.orphan(&network_chain("a", true)).is_none(),
            "a has leases"
        );
        let gone = j.orphan(&network_chain("b", false)).unwrap();
        assert_eq!(gone.network.as_deref(), Some("b"));
        assert_eq!(
            gone.name,
            format!("iptables nat {}", rules::nat_chain_name("b"))
        );
        assert!(
            j.orphan(&network_chain("c", true)).is_none(),
            "c is unknown"
        );
        assert!(
            j.orphan(&network_chain("c", false)).is_none(),
            "hash unknown"
        );
    }

    #[test]
    fn container_chains_go_unless_live_or_of_an_unknown_network() {
        let j = judge(false);
        assert!(j.orphan(&container_chain("a", "live", true)).is_none());
        assert!(j.orphan(&container_chain("a", "live", false)).is_none());
        let dead = j.orphan(&container_chain("b", "dead", false)).unwrap();
        assert_eq!(dead.network.as_deref(), Some("b"));
        assert_eq!(dead.container_id.as_deref(), Some("dead"));
        assert!(j.orphan(&container_chain("podman", "x", true)).is_none());
        assert!(j.orphan(&container_chain("?", "nobody", false)).is_some());
        assert!(judge(true)
            .orphan(&container_chain("?", "nobody", false))
            .is_none());
    }
}
