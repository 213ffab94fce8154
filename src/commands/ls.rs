//! `cnictl ls`: every attachment, from the cache (cnictl's and libcni's
//! entries) and from leases no entry accounts for (the reference plugins
//! run by hand), with what is left of it on the machine.

use std::collections::BTreeMap;
use std::net::IpAddr;
use std::path::Path;

use serde::Serialize;

use super::Ctx;
use crate::cni::cache::RuntimeKind;
use crate::engine::inventory::Inventory;
use crate::error::Result;
use crate::netlink::{LinkOps, Netlink};
use crate::output::{short_id, Report, Style};

/// What is left of an attachment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum State {
    /// Its namespace exists and its host veth is there.
    Up,
    /// The namespace the cache entry names is gone.
    NetnsGone,
    /// A Docker or runc container's namespace is gone: it stopped or was removed.
    ContainerGone,
    /// The namespace exists but the host end of the veth does not.
    VethMissing,
    /// A lease without a cache entry whose address no namespace holds.
    Stale,
    /// A lease without a cache entry, and no root to look into namespaces.
    Unknown,
}

impl State {
    pub fn as_str(self) -> &'static str {
        match self {
            State::Up => "up",
            State::NetnsGone => "netns gone",
            State::ContainerGone => "container gone",
            State::VethMissing => "veth missing",
            State::Stale => "stale",
            State::Unknown => "unknown",
        }
    }
}

/// One attachment. JSON field names are stable.
#[derive(Debug, Clone, Serialize)]
pub struct Attachment {
    /// The name to give `del`/`show`/`check` (`docker1n`, `runc:c1`,
    /// `netns:blue`); null when no cache entry recorded one.
    pub container: Option<String>,
    pub container_id: String,
    /// `docker`, `runc`, `netns`, `pid`, `path`; null when unknown.
    pub runtime: Option<String>,
    pub network: String,
    pub ifname: String,
    pub ips: Vec<IpAddr>,
    pub host_veth: Option<String>,
    pub netns: Option<String>,
    pub state: State,
    /// Published ports, `[HOSTIP:]HOSTPORT:PORT/PROTO` (cnictl's own or the
    /// chain's portmap plugin's, as the cache entry records them).
    pub ports: Vec<String>,
    /// Where the attachment was found: `cache` or `lease`.
    pub source: &'static str,
}

#[derive(Debug, Serialize)]
#[serde(transparent)]
pub struct AttachmentList(pub Vec<Attachment>);

fn runtime_name(kind: RuntimeKind) -> &'static str {
    match kind {
        RuntimeKind::Docker => "docker",
        RuntimeKind::Runc => "runc",
        RuntimeKind::Netns => "netns",
        RuntimeKind::Pid => "pid",
        RuntimeKind::Path => "path",
        RuntimeKind::Other => "other",
    }
}

pub async fn run(ctx: &Ctx, network: Option<&str>) -> Result<AttachmentList> {
    let mut inv = Inventory::read(&ctx.paths, network, false).await?;
    // Only a lease without a cache entry needs the namespaces searched.
    if crate::privilege::has_net_admin()
        && inv
            .leases
            .iter()
            .any(|dl| inv.entry_of(&dl.lease).is_none())
    {
        inv.scan().await;
    }
    // A link dump needs no privilege.
    let host_links: Vec<String> = match Netlink::current() {
        Ok(host) => host
            .list_links()
            .await
            .map(|l| l.into_iter().map(|l| l.name).collect())
            .unwrap_or_default(),
        Err(_) => Vec::new(),
    };
    Ok(AttachmentList(list(&inv, &host_links)))
}

/// The attachments in an inventory, given the host's link names.
pub fn list(inv: &Inventory, host_links: &[String]) -> Vec<Attachment> {
    let mut out = Vec::new();
    for e in &inv.entries {
        let (network, id, ifname) = e.key();
        let record = e.entry.cnictl.as_ref();
        let runtime = record.and_then(|r| r.runtime);
        let mut ips: Vec<IpAddr> = inv
            .leases
            .iter()
            .map(|dl| &dl.lease)
            .filter(|l| {
                l.network == network
                    && l.container_id == id
                    && l.ifname.as_deref().is_none_or(|i| i == ifname)
            })
            .map(|l| l.ip)
            .collect();
        if ips.is_empty() {
            ips = e.ips();
        }
        let host_veth = e.host_veth();
        let netns_exists = e
            .entry
            .netns
            .as_deref()
            .is_none_or(|p| crate::engine::inventory::netns_alive(Path::new(p)));
        let state = if !netns_exists {
            match runtime {
                Some(RuntimeKind::Docker | RuntimeKind::Runc) => State::ContainerGone,
                _ => State::NetnsGone,
            }
        } else if host_veth
            .as_ref()
            .is_some_and(|v| !host_links.iter().any(|l| l == v))
        {
            State::VethMissing
        } else {
            State::Up
        };
        out.push(Attachment {
            container: record
                .and_then(|r| r.container_name.as_deref())
                .map(|n| crate::runtime::display_name(runtime, n)),
            container_id: id.to_string(),
            runtime: runtime.map(|r| runtime_name(r).to_string()),
            network: network.to_string(),
            ifname: ifname.to_string(),
            ips,
            host_veth,
            netns: e.entry.netns.clone(),
            state,
            source: "cache",
            ports: crate::engine::ports::recorded(&e.entry)
                .iter()
                .map(ToString::to_string)
                .collect(),
        });
    }
    // Leases no entry accounts for, one row per (network, container, ifname).
    let mut orphans: BTreeMap<(String, String, String), (Vec<IpAddr>, State)> = BTreeMap::new();
    for dl in &inv.leases {
        let lease = &dl.lease;
        if inv.entry_of(lease).is_some() {
            continue;
        }
        let state = match (&inv.namespaces, inv.stale_reason(lease)) {
            (None, _) => State::Unknown,
            (Some(_), None) => State::Up,
            (Some(_), Some(_)) => State::Stale,
        };
        let row = orphans
            .entry((
                lease.network.clone(),
                lease.container_id.clone(),
                lease.ifname.clone().unwrap_or_default(),
            ))
            .or_insert((Vec::new(), state));
        row.0.push(lease.ip);
        if state == State::Up {
            row.1 = State::Up;
        }
    }
    for ((network, container_id, ifname), (ips, state)) in orphans {
        out.push(Attachment {
            container: None,
            container_id,
            runtime: None,
            network,
            ifname,
            ips,
            host_veth: None,
            netns: None,
            state,
            source: "lease",
            ports: Vec::new(),
        });
    }
    out.sort_by(|a, b| {
        (&a.network, &a.ips, &a.container_id).cmp(&(&b.network, &b.ips, &b.container_id))
    });
    out
}

impl Report for AttachmentList {
    fn render(&self, style: &Style) -> String {
        let mut table = style.table([
            "CONTAINER",
            "RUNTIME",
            "NETWORK",
            "IFNAME",
            "IPS",
            "HOST VETH",
            "PORTS",
            "STATE",
        ]);
        for a in &self.0 {
            table.add_row(vec![
                a.container
                    .clone()
                    .unwrap_or_else(|| short_id(&a.container_id).to_string()),
                a.runtime.clone().unwrap_or_else(|| "-".into()),
                a.network.clone(),
                a.ifname.clone(),
                crate::output::or_dash(
                    a.ips
                        .iter()
                        .map(IpAddr::to_string)
                        .collect::<Vec<_>>()
                        .join(","),
                ),
                a.host_veth.clone().unwrap_or_else(|| "-".into()),
                if a.ports.is_empty() {
                    "-".into()
                } else {
                    a.ports.join("\n")
                },
                a.state.as_str().to_string(),
            ]);
        }
        style.finish(&table)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cni::cache::RuntimeKind;
    use crate::engine::inventory::{DirLease, Inventory};

    fn inventory(entries: Vec<crate::engine::inventory::Entry>) -> Inventory {
        Inventory {
            entries,
            ..Default::default()
        }
    }

    fn entry(id: &str, netns: &str, runtime: RuntimeKind) -> crate::engine::inventory::Entry {
        crate::engine::inventory::tests::entry(id, netns, runtime)
    }

    #[test]
    fn states_say_what_is_left() {
        let own = "/proc/self/ns/net";
        let inv = inventory(vec![
            entry("d", "/nonexistent/docker", RuntimeKind::Docker),
            entry("n", "/nonexistent/netns", RuntimeKind::Netns),
            entry("v", own, RuntimeKind::Pid),
            entry("u", own, RuntimeKind::Pid),
        ]);
        let rows = list(&inv, &["vethabc".to_string()]);
        let state = |id: &str| rows.iter().find(|r| r.container_id == id).unwrap().state;
        assert_eq!(state("d"), State::ContainerGone);
        assert_eq!(state("n"), State::NetnsGone);
        assert_eq!(state("u"), State::Up);
        let rows = list(&inv, &[]);
        let state = |id: &str| rows.iter().find(|r| r.container_id == id).unwrap().state;
        assert_eq!(state("v"), State::VethMissing);
    }

    #[test]
    fn leases_without_entry_are_rows_of_their_own() {
        let mut inv = inventory(Vec::new());
        for ip in ["10.0.0.2", "10.0.0.3"] {
            inv.leases.push(DirLease {
                data_dir: "/data".into(),
                lease: crate::engine::inventory::tests::lease(ip, "ref", Some("eth0")),
            });
        }
        let rows = list(&inv, &[]);
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].source, "lease");
        assert_eq!(rows[0].ips.len(), 2);
        assert_eq!(rows[0].state, State::Unknown, "no scan without root");
        let json = serde_json::to_value(&rows[0]).unwrap();
        assert_eq!(json["state"], "unknown");
        assert_eq!(json["container"], serde_json::Value::Null);
    }
}
