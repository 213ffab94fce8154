//! `cnictl net rm`: remove a network and everything of it on this host: its
//! firewall chains, its bridge, its lease directory and its config file.
//! Refuses while containers are attached (listing them), unless `--force`,
//! which detaches each first, as `cnictl del` would.

use std::path::PathBuf;

use serde::Serialize;

use super::net_inspect::network_attachments;
use super::Ctx;
use crate::cli::NetRmArgs;
use crate::config::{self, ConfigSource};
use crate::engine::detach::{detach_all, find_attachments, network_rules, Detached};
use crate::engine::netdef::NetDefError;
use crate::error::{Error, Result};
use crate::firewall::{Firewall, IptablesDriver};
use crate::netlink::{AddrOps, AddressSpec, LinkKind, LinkOps, Netlink};
use crate::netns::NetnsFd;
use crate::output::{warn, Report, Style};
use ipnetwork::IpNetwork;

/// One attachment `--force` took down.
#[derive(Debug, Serialize)]
pub struct DetachedContainer {
    pub container_id: String,
    #[serde(flatten)]
    pub detached: Detached,
}

#[derive(Debug, Serialize)]
pub struct NetRmReport {
    pub name: String,
    pub detached: Vec<DetachedContainer>,
    pub removed_chains: Vec<String>,
    pub removed_bridge: Option<String>,
    pub removed_lease_dir: Option<PathBuf>,
    pub removed_file: Option<PathBuf>,
}

impl Report for NetRmReport {
    fn render(&self, _style: &Style) -> String {
        let mut text = String::new();
        for d in &self.detached {
            text.push_str(&format!(
                "detached {} {} ({})\n",
                crate::runtime::display_id(&d.container_id),
                d.detached.ifname,
                d.detached
                    .released
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
        let mut removed = Vec::new();
        if let Some(b) = &self.removed_bridge {
            removed.push(format!("bridge {b}"));
        }
        removed.extend(self.removed_chains.iter().map(|c| format!("chain {c}")));
        if let Some(d) = &self.removed_lease_dir {
            removed.push(format!("leases {}", d.display()));
        }
        if let Some(f) = &self.removed_file {
            removed.push(format!("file {}", f.display()));
        }
        text.push_str(&format!(
            "removed network \"{}\": {}\n",
            self.name,
            if removed.is_empty() {
                "nothing was left".to_string()
            } else {
                removed.join(", ")
            }
        ));
        text
    }
}

pub async fn run(ctx: &Ctx, args: &NetRmArgs) -> Result<NetRmReport> {
    let found = config::find_network(&ctx.paths.conf_dir, &args.net)?;
    let config = found.config;
    let name = config.name.clone().unwrap_or_default();
    let Some(rules) = network_rules(&config) else {
        return Err(NetDefError::NotRemovable {
            network: name,
            reason: "no bridge plugin with a valid ipam".into(),
        }
        .into());
    };
    if !crate::privilege::has_net_admin() {
        return Err(Error::NeedsRoot {
            action: "cnictl net rm",
        });
    }
    let attachments = network_attachments(ctx, &config);
    if !attachments.is_empty() && !args.force {
        return Err(NetDefError::Attached {
            network: name,
            list: attachments.iter().map(|a| a.describe()).collect(),
        }
        .into());
    }

    let host = Netlink::current()?;
    let firewall = IptablesDriver::new();
    let mut report = NetRmReport {
        name: name.clone(),
        detached: Vec::new(),
        removed_chains: Vec::new(),
        removed_bridge: None,
        removed_lease_dir: None,
        removed_file: None,
    };
    let mut failures = Vec::new();

    // Detach as `del` does, container by container (each in its netns
    // when it still exists).
    let mut ids: Vec<(String, Option<String>)> = attachments
        .iter()
        .map(|a| (a.container_id.clone(), a.netns.clone()))
        .collect();
    ids.dedup();
    for (id, netns) in ids {
        let found = match find_attachments(&ctx.paths, &id, Some(&name), None) {
            Ok(found) => found,
            Err(e) => {
                failures.push(format!("attachments of {id}: {e}"));
                continue;
            }
        };
        let ns = netns
            .and_then(|p| NetnsFd::open(std::path::Path::new(&p)).ok())
            .filter(|ns| !ns.is_current().unwrap_or(true));
        let container = match &ns {
            Some(ns) => Netlink::in_netns(ns).ok(),
            None => None,
        };
        match detach_all(&host, container.as_ref(), &firewall, &id, found).await {
            Ok(del) => report
                .detached
                .extend(del.detached.into_iter().map(|detached| DetachedContainer {
                    container_id: id.clone(),
                    detached,
                })),
            Err(e) => failures.push(format!("detaching {id}: {e}")),
        }
    }

    // Rules before links. Idempotent: with the last lease gone they are
    // usually gone already, and this costs one save per family.
    match firewall.teardown_network(&rules) {
        Ok(()) => {
            report
                .removed_chains
                .push(crate::firewall::rules::nat_chain_name(&name));
            report
                .removed_chains
                .push(crate::firewall::rules::filter_chain_name(&name));
        }
        Err(e) => failures.push(format!("rules: {e}")),
    }

    // The bridge, unless another network's config uses it or something
    // else is still plugged into it.
    let shared = config::discover(&ctx.paths.conf_dir)
        .unwrap_or_default()
        .into_iter()
        .filter_map(|f| f.loaded.ok())
        .filter(|c| c.name.as_deref() != Some(name.as_str()))
        .any(|c| {
            c.bridge_plugin()
                .is_some_and(|p| p.bridge.as_deref().unwrap_or("cni0") == rules.bridge)
        });
    match host.link_by_name(&rules.bridge).await {
        Ok(Some(link)) if link.kind == LinkKind::Bridge && !shared => {
            let ports = host
                .list_links()
                .await
                .map(|links| {
                    links
                        .iter()
                        .filter(|l| l.master == Some(link.index))
                        .count()
                })
                .unwrap_or(0);
            if ports > 0 {
                warn(format!(
                    "bridge {} kept: {ports} interface(s) not made by cnictl are still ports of it",
                    rules.bridge
                ));
            } else {
                match host.delete_link(link.index).await {
                    Ok(()) => report.removed_bridge = Some(rules.bridge.clone()),
                    Err(e) if e.is_not_found() => {}
                    Err(e) => failures.push(format!("bridge {}: {e}", rules.bridge)),
                }
            }
        }
        Ok(Some(link)) if link.kind == LinkKind::Bridge => {
            // Kept for the other network that uses it: take only this
            // network's gateway addresses off it.
            for range in config.range_sets().unwrap_or_default().iter().flatten() {
                let Ok(addr) = IpNetwork::new(range.gateway, range.subnet.prefix()) else {
                    continue;
                };
                let spec = AddressSpec {
                    index: link.index,
                    addr,
                    nodad: false,
                };
                match host.delete_address(&spec).await {
                    Ok(()) => {}
                    Err(e) if e.is_not_found() => {}
                    Err(e) => failures.push(format!("address {addr} on {}: {e}", rules.bridge)),
                }
            }
        }
        Ok(_) => {}
        Err(e) => failures.push(format!("bridge {}: {e}", rules.bridge)),
    }

    // The lease directory (lock and last_reserved_ip files; the leases
    // went with the attachments).
    let lease_dir = config.data_dir(ctx.paths.data_dir.as_deref()).join(&name);
    let leftover_leases =
        crate::ipam::list_leases(&config.data_dir(ctx.paths.data_dir.as_deref()), Some(&name))
            .map(|l| l.len())
            .unwrap_or(0);
    if leftover_leases > 0 {
        failures.push(format!(
            "{leftover_leases} lease(s) remain in {}",
            lease_dir.display()
        ));
    } else if lease_dir.exists() {
        match std::fs::remove_dir_all(&lease_dir) {
            Ok(()) => report.removed_lease_dir = Some(lease_dir),
            Err(e) => failures.push(format!("{}: {e}", lease_dir.display())),
        }
    }

    if !failures.is_empty() {
        // Keep the file: it is what a second `net rm` needs to finish.
        return Err(Error::Teardown(failures));
    }
    if let ConfigSource::File(path) = &config.source {
        match std::fs::remove_file(path) {
            Ok(()) => report.removed_file = Some(path.clone()),
            Err(e) => return Err(Error::io(format!("cannot remove {}", path.display()), e)),
        }
    }
    Ok(report)
}
