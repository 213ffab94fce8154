//! `cnictl check TARGET`: compares each cached attachment of the container
//! with what is live: the interface, its MAC, addresses and routes in the
//! namespace; the host veth as a port of the bridge; the lease files'
//! owner; the network's firewall rules (masquerading, the bridge's
//! FORWARD accepts) and the chain's other plugins. One line per
//! difference; the exit status is 1 when there is any.

use serde::Serialize;

use super::inventory::Entry;
use super::Paths;
use crate::cni::cache;
use crate::error::{Error, ExitStatus, Result};
use crate::firewall::rules::Table;
use crate::firewall::{Firewall, IpFamily, RulesState};
use std::path::{Path, PathBuf};

use crate::cni::CniResult;
use crate::netlink::{LinkKind, NetOps, Netlink};
use crate::netns::NetnsFd;
use crate::runtime::RuntimeOptions;

/// JSON field names are stable.
#[derive(Debug, Serialize)]
pub struct CheckReport {
    pub target: String,
    pub container_id: String,
    pub attachments: Vec<Checked>,
    /// What puts the differences right, when one command does.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct Checked {
    pub network: String,
    pub ifname: String,
    /// What was compared: `interface`, `MAC`, `addresses`, `routes`,
    /// `bridge port`, `lease`, `masquerade`, `forward rules`, `published
    /// ports`, `plugins`.
    pub checked: Vec<&'static str>,
    /// Empty when everything matches.
    pub differences: Vec<Difference>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Difference {
    /// `netns`, `interface`, `mac`, `address`, `route`, `bridge_port`,
    /// `lease`, `masquerade`, `forward`, `compat_chain`, `publish` or
    /// `plugin CHECK`.
    pub what: &'static str,
    pub expected: String,
    pub found: String,
}

impl CheckReport {
    pub fn differences(&self) -> usize {
        self.attachments.iter().map(|a| a.differences.len()).sum()
    }

    pub fn into_status(self) -> Result<ExitStatus> {
        match self.differences() {
            0 => Ok(ExitStatus::Success),
            n => Err(Error::CheckFailed(n)),
        }
    }
}

pub async fn check(
    paths: &Paths,
    runtimes: &RuntimeOptions,
    firewall: &dyn Firewall,
    text: &str,
    net: Option<&str>,
    id: Option<&str>,
) -> Result<CheckReport> {
    let (container_id, live_netns) = super::inventory::locate(paths, runtimes, text, id).await?;
    if !crate::privilege::has_net_admin() {
        return Err(Error::NeedsRoot {
            action: "cnictl check (it enters the container's network namespace and reads iptables)",
        });
    }
    let wanted = net.map(|given| {
        crate::config::find_network(&paths.conf_dir, given)
            .ok()
            .and_then(|f| f.config.name)
            .unwrap_or_else(|| given.to_string())
    });
    let entries: Vec<_> = cache::find_by_container(&paths.cache_dir, &container_id)?
        .into_iter()
        .filter(|(_, e)| wanted.as_deref().is_none_or(|w| w == e.network_name))
        .collect();
    if entries.is_empty() {
        return Err(Error::NotAttached {
            target: text.to_string(),
            reason: format!(
                "no cache entry for container id {container_id}: nothing recorded to check against"
            ),
        });
    }
    let host = Netlink::current()?;
    let mut report = CheckReport {
        target: text.to_string(),
        container_id: container_id.clone(),
        attachments: Vec::new(),
        hint: None,
    };
    for (path, entry) in entries {
        let config = entry.network_config(&path);
        let entry = Entry {
            path,
            entry,
            config,
        };
        // The namespace the entry recorded, else the one the target is in
        // now (libcni before 1.2 records none).
        let netns_path = entry
            .entry
            .netns
            .as_deref()
            .map(PathBuf::from)
            .filter(|p| p.exists())
            .or_else(|| live_netns.clone());
        let mut differences =
            check_one(paths, &host, firewall, &entry, netns_path.as_deref()).await?;
        // The chain's other plugins (portmap, tuning, …) check their part.
        if let Some(config) = &entry.config {
            for complaint in super::chain::check_external(
                config,
                &entry.entry,
                &entry.entry.container_id,
                &entry.entry.if_name,
                netns_path.as_deref(),
            ) {
                differences.push(diff("plugin CHECK", "passes", complaint));
            }
        }
        // cnictl's own rules are what `net reload` puts back.
        if entry.entry.cnictl.is_some()
            && differences.iter().any(|d| {
                matches!(
                    d.what,
                    "masquerade" | "forward" | "compat_chain" | "publish"
                )
            })
        {
            report.hint = Some(format!(
                "`cnictl net reload {}` puts the network's firewall rules back",
                entry.entry.network_name
            ));
        }
        report.attachments.push(Checked {
            network: entry.entry.network_name.clone(),
            ifname: entry.entry.if_name.clone(),
            checked: aspects(&entry),
            differences,
        });
    }
    Ok(report)
}

fn diff(what: &'static str, expected: impl ToString, found: impl ToString) -> Difference {
    Difference {
        what,
        expected: expected.to_string(),
        found: found.to_string(),
    }
}

/// What a recorded attachment should look like live: the one comparison
/// behind `cnictl check` and plugin mode's CHECK.
pub struct Expected<'a> {
    pub network: &'a str,
    pub container_id: &'a str,
    /// The interface in the container.
    pub ifname: &'a str,
    /// The result the attachment was made with (cached, or `prevResult`).
    pub result: Option<&'a CniResult>,
    /// The host end of the veth and the bridge it must be a port of.
    pub host_veth: Option<&'a str>,
    pub bridge: Option<&'a str>,
    /// Where the network's leases are.
    pub data_dir: &'a Path,
}

impl std::fmt::Display for Difference {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}: expected {}, found {}",
            self.what, self.expected, self.found
        )
    }
}

/// Compares the container's interface (up, MAC, the result's addresses,
/// and its routes through that interface), the host veth as a port of the
/// bridge, and the lease files' owner with `expected`. Empty when they
/// agree.
pub async fn compare<H: NetOps, C: NetOps>(
    host: &H,
    container: &C,
    expected: &Expected<'_>,
) -> Result<Vec<Difference>> {
    let mut out = Vec::new();
    let ifname = expected.ifname;
    match container.link_by_name(ifname).await? {
        None => out.push(diff("interface", ifname, "no such interface")),
        Some(link) => {
            if let Some(result) = expected.result {
                let cached_mac = result
                    .interfaces
                    .iter()
                    .find(|i| i.name == ifname && i.sandbox.is_some())
                    .and_then(|i| i.mac.clone());
                let live_mac = link.mac.map(|m| m.to_string()).unwrap_or_default();
                if let Some(mac) = cached_mac {
                    if !mac.eq_ignore_ascii_case(&live_mac) {
                        out.push(diff("mac", mac, live_mac));
                    }
                }
                let addrs = container.list_addresses(Some(link.index)).await?;
                for ip in &result.ips {
                    if !addrs.iter().any(|a| a.addr == ip.address) {
                        out.push(diff("address", ip.address, "not on the interface"));
                    }
                }
                let routes = container.list_routes().await?;
                for r in &result.routes {
                    let present = routes.iter().any(|live| {
                        live.dst == r.dst
                            && r.gw.is_none_or(|gw| live.gateway == Some(gw))
                            && live.oif.is_none_or(|oif| oif == link.index)
                    });
                    if !present {
                        let text = match r.gw {
                            Some(gw) => format!("{} via {gw} dev {ifname}", r.dst),
                            None => format!("{} dev {ifname}", r.dst),
                        };
                        out.push(diff("route", text, "no such route"));
                    }
                }
            }
            if !link.up {
                out.push(diff("interface", format!("{ifname} up"), "down"));
            }
        }
    }

    // The host end as a port of the bridge.
    if let (Some(veth), Some(bridge)) = (expected.host_veth, expected.bridge) {
        let bridge_link = host.link_by_name(bridge).await?;
        match host.link_by_name(veth).await? {
            None => out.push(diff(
                "bridge_port",
                format!("{veth} on {bridge}"),
                "no such veth",
            )),
            Some(link) if link.kind != LinkKind::Veth => {
                out.push(diff("bridge_port", format!("{veth} a veth"), link.kind))
            }
            Some(link) => match &bridge_link {
                None => out.push(diff(
                    "bridge_port",
                    format!("{veth} on {bridge}"),
                    "no such bridge",
                )),
                Some(b) if link.master != Some(b.index) => out.push(diff(
                    "bridge_port",
                    format!("{veth} on {bridge}"),
                    "not a port of it",
                )),
                Some(_) => {}
            },
        }
    }

    // The leases.
    let ips: Vec<std::net::IpAddr> = expected
        .result
        .map(|r| r.ips.iter().map(|ip| ip.address.ip()).collect())
        .unwrap_or_default();
    if !ips.is_empty() {
        let leases = crate::ipam::list_leases(expected.data_dir, Some(expected.network))?;
        for ip in ips {
            match leases.iter().find(|l| l.ip == ip) {
                None => out.push(diff(
                    "lease",
                    format!("{ip} held by {}", expected.container_id),
                    "no lease file",
                )),
                Some(l)
                    if l.container_id != expected.container_id
                        || l.ifname.as_deref().is_some_and(|i| i != ifname) =>
                {
                    out.push(diff(
                        "lease",
                        format!("{ip} held by {} {ifname}", expected.container_id),
                        format!(
                            "held by {} {}",
                            l.container_id,
                            l.ifname.as_deref().unwrap_or("-")
                        ),
                    ))
                }
                Some(_) => {}
            }
        }
    }
    Ok(out)
}

/// A loopback attachment: the container's `lo` is up.
async fn compare_loopback<C: NetOps>(container: &C) -> Result<Vec<Difference>> {
    Ok(match container.link_by_name("lo").await? {
        None => vec![diff("interface", "lo", "no such interface")],
        Some(lo) if !lo.up => vec![diff("interface", "lo up", "down")],
        Some(_) => Vec::new(),
    })
}

/// Whether the attachment was made with the loopback plugin.
fn is_loopback(e: &Entry) -> bool {
    e.config
        .as_ref()
        .and_then(|c| c.plugins.first())
        .is_some_and(|p| p.plugin_type == "loopback")
}

async fn check_one(
    paths: &Paths,
    host: &Netlink,
    firewall: &dyn Firewall,
    e: &Entry,
    netns_path: Option<&Path>,
) -> Result<Vec<Difference>> {
    let mut out = Vec::new();
    let result = e.entry.parsed_result().ok().flatten();
    let netns = netns_path.and_then(|p| NetnsFd::open(p).ok());
    let Some(fd) = netns else {
        out.push(diff(
            "netns",
            netns_path
                .map(|p| p.display().to_string())
                .unwrap_or_else(|| "a network namespace".into()),
            "none (it is gone)",
        ));
        return Ok(out);
    };
    let inside = Netlink::in_netns(&fd)?;
    if is_loopback(e) {
        return compare_loopback(&inside).await;
    }
    let data_dir = e
        .config
        .as_ref()
        .map(|c| paths.data_dir_of(c))
        .unwrap_or_else(|| paths.default_data_dir());
    let host_veth = e.host_veth();
    let bridge = e.bridge();
    out.extend(
        compare(
            host,
            &inside,
            &Expected {
                network: &e.entry.network_name,
                container_id: &e.entry.container_id,
                ifname: &e.entry.if_name,
                result: result.as_ref(),
                host_veth: host_veth.as_deref(),
                bridge: bridge.as_deref(),
                data_dir: &data_dir,
            },
        )
        .await?,
    );

    // The network's rules: cnictl's (the bridge's FORWARD accepts, and
    // masquerading with ipMasq), or the reference's own chain.
    let masquerade = masquerades(e);
    if e.entry.cnictl.is_some() {
        per_attachment_rules(firewall, e, masquerade, &mut out)?;
        if let Some(rules) = e.config.as_ref().and_then(super::detach::network_rules) {
            match firewall.network_state(&rules)? {
                RulesState::Complete => {}
                RulesState::Absent => {
                    if masquerade {
                        out.push(diff(
                            "masquerade",
                            format!("the nat rules of network {}", rules.network),
                            "none",
                        ));
                    }
                    out.push(diff(
                        "forward",
                        format!("the FORWARD accepts of network {}", rules.network),
                        "none",
                    ));
                }
                RulesState::Partial { problems } => {
                    for p in problems {
                        out.push(diff(rule_aspect(&p), "complete rules", p));
                    }
                }
            }
        }
    } else if masquerade {
        let chain = crate::firewall::rules::reference_chain_name(
            &e.entry.network_name,
            &e.entry.container_id,
        );
        let present = firewall.save_all()?.iter().any(|(_, set)| {
            set.chain_rules(crate::firewall::rules::Table::Nat, &chain)
                .iter()
                .any(|r| r.contains("MASQUERADE"))
        });
        if !present {
            out.push(diff("masquerade", format!("chain {chain}"), "none"));
        }
    }
    Ok(out)
}

/// The chains cnictl keeps for one attachment of its own: the empty
/// `CNI-…` chain the reference's DEL looks for on a masquerading network,
/// and the rules of its published ports.
fn per_attachment_rules(
    firewall: &dyn Firewall,
    e: &Entry,
    masquerade: bool,
    out: &mut Vec<Difference>,
) -> Result<()> {
    let publication = super::publish::publication_of(&e.entry);
    if !masquerade && publication.is_none() {
        return Ok(());
    }
    let saved = firewall.save_all()?;
    let read = |family| saved.iter().find(|(f, _)| *f == family).map(|(_, set)| set);
    if masquerade {
        let chain = crate::firewall::rules::reference_chain_name(
            &e.entry.network_name,
            &e.entry.container_id,
        );
        for family in IpFamily::of_addresses(&e.ips()) {
            if !read(family).is_some_and(|set| set.has_chain(Table::Nat, &chain)) {
                out.push(diff(
                    "compat_chain",
                    format!(
                        "chain {chain} in {} (the reference's DEL needs it)",
                        family.iptables()
                    ),
                    "none",
                ));
            }
        }
    }
    if let Some(p) = publication {
        for family in p.families() {
            if !read(family).is_some_and(|set| p.is_complete_in(family, set)) {
                out.push(diff(
                    "publish",
                    format!("the rules of chain {} in {}", p.chain(), family.iptables()),
                    "missing or incomplete",
                ));
            }
        }
    }
    Ok(())
}

/// Whether the attachment's network masquerades.
fn masquerades(e: &Entry) -> bool {
    e.config
        .as_ref()
        .and_then(|c| super::plan::bridge_plugin(c).ok())
        .is_some_and(|p| p.masquerades())
}

/// Which part of the network's rules a problem sentence of
/// `rules::problems` is about: its nat table masquerades, its filter table
/// holds the bridge's FORWARD accepts.
fn rule_aspect(problem: &str) -> &'static str {
    if problem.split_whitespace().nth(1) == Some("nat:") {
        "masquerade"
    } else {
        "forward"
    }
}

/// What `check_one` compares for this attachment, as the "ok" line says it.
fn aspects(e: &Entry) -> Vec<&'static str> {
    let mut out = vec!["interface", "MAC"];
    let result = e.entry.parsed_result().ok().flatten();
    if result.as_ref().is_some_and(|r| !r.ips.is_empty()) {
        out.push("addresses");
    }
    if result.as_ref().is_some_and(|r| !r.routes.is_empty()) {
        out.push("routes");
    }
    if e.host_veth().is_some() && e.bridge().is_some() {
        out.push("bridge port");
    }
    if !e.ips().is_empty() {
        out.push("lease");
    }
    if masquerades(e) {
        out.push("masquerade");
    }
    if e.entry.cnictl.is_some()
        && e.config
            .as_ref()
            .and_then(super::detach::network_rules)
            .is_some()
    {
        out.push("forward rules");
    }
    if super::publish::publication_of(&e.entry).is_some() {
        out.push("published ports");
    }
    if e.config
        .as_ref()
        .is_some_and(|c| !super::chain::external_types(c).is_empty())
    {
        out.push("plugins");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rule_problems_are_told_apart_by_table() {
        // As `rules::problems` words them, in both families.
        for (problem, aspect) in [
            ("iptables nat: chain CNICTL-N-1 is missing", "masquerade"),
            (
                "ip6tables nat: rule missing: -A POSTROUTING -s fd00::/64",
                "masquerade",
            ),
            ("iptables filter: chain CNICTL-F-1 is missing", "forward"),
            (
                "ip6tables filter: unexpected rule: -A FORWARD -j CNICTL-F-1",
                "forward",
            ),
        ] {
            assert_eq!(rule_aspect(problem), aspect, "{problem}");
        }
    }
}
