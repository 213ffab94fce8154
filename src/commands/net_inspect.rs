//! `cnictl net inspect`: one network in full: its config and file, its
//! bridge on this host, leases used and free per range, and attachments.

use std::net::IpAddr;
use std::path::{Path, PathBuf};

use ipnetwork::IpNetwork;
use serde::Serialize;

use super::Ctx;
use crate::cli::NetInspectArgs;
use crate::cni::cache;
use crate::config::{self, NetworkConfig};
use crate::error::Result;
use crate::ipam::{self, Lease};
use crate::netlink::{AddrOps, LinkOps, Netlink};
use crate::output::{warn, Report, Style};

#[derive(Debug, Serialize)]
pub struct BridgeState {
    pub name: String,
    pub exists: bool,
    pub up: bool,
    pub mtu: Option<u32>,
    pub addresses: Vec<IpNetwork>,
    /// Interfaces enslaved to the bridge (container veths).
    pub ports: usize,
}

#[derive(Debug, Serialize)]
pub struct RangeUsage {
    pub subnet: IpNetwork,
    pub range_start: IpAddr,
    pub range_end: IpAddr,
    pub gateway: IpAddr,
    pub used: u128,
    pub free: u128,
}

/// One container on the network, from the cache or (without one) its leases.
#[derive(Debug, Clone, Serialize)]
pub struct Attachment {
    pub container_id: String,
    pub container_name: Option<String>,
    pub ifname: Option<String>,
    pub ips: Vec<IpAddr>,
    pub netns: Option<String>,
    /// Ports published with `--publish` (`HOSTIP:HOSTPORT:PORT/PROTO`).
    pub published: Vec<String>,
    /// Where cnictl found it: its cache entry, or only a lease file.
    pub cache: Option<PathBuf>,
}

impl Attachment {
    /// `name (id) ifname` for messages.
    pub fn describe(&self) -> String {
        let id = crate::runtime::display_id(&self.container_id);
        let who = match &self.container_name {
            Some(name) if name != &self.container_id => format!("{name} ({id})"),
            _ => id.to_string(),
        };
        match &self.ifname {
            Some(ifname) => format!("{who} {ifname}"),
            None => who,
        }
    }
}

#[derive(Debug, Serialize)]
pub struct NetInspectReport {
    pub name: String,
    pub file: String,
    pub types: Vec<String>,
    pub bridge: Option<BridgeState>,
    pub masquerade: bool,
    pub lease_dir: PathBuf,
    pub ranges: Vec<RangeUsage>,
    pub attachments: Vec<Attachment>,
    /// What keeps the network from taking attachments: a config it cannot
    /// allocate from, or the STATUS complaints of its chain's plugins
    /// (cniVersion 1.1.0 on). Empty when it is ready.
    pub status: Vec<String>,
    pub config: serde_json::Value,
}

pub async fn run(ctx: &Ctx, args: &NetInspectArgs) -> Result<NetInspectReport> {
    let found = config::find_network(&ctx.paths.conf_dir, &args.net)?;
    for warning in &found.warnings {
        warn(warning);
    }
    let config = found.config;
    let name = config.name.clone().unwrap_or_default();
    let data_dir = config.data_dir(ctx.paths.data_dir.as_deref());
    let leases = match ipam::list_leases(&data_dir, Some(&name)) {
        Ok(leases) => leases,
        Err(err) => {
            warn(format!("leases of network \"{name}\" not read: {err}"));
            Vec::new()
        }
    };
    let ranges = config
        .range_sets()
        .map(|sets| sets.into_iter().flatten().collect::<Vec<_>>())
        .unwrap_or_default()
        .into_iter()
        .map(|r| {
            let size = super::net::range_size(&r);
            let used = leases.iter().filter(|l| r.contains(l.ip)).count() as u128;
            RangeUsage {
                subnet: r.subnet,
                range_start: r.range_start,
                range_end: r.range_end,
                gateway: r.gateway,
                used,
                free: size.saturating_sub(used),
            }
        })
        .collect();
    let plugin = config.bridge_plugin();
    let bridge = match plugin {
        Some(p) => Some(bridge_state(p.bridge.as_deref().unwrap_or("cni0")).await),
        None => None,
    };
    let mut status = Vec::new();
    if let Err(e) = config.range_sets() {
        status.push(format!("the network cannot allocate: {e}"));
    }
    status.extend(crate::engine::chain::status_external(&config));
    Ok(NetInspectReport {
        status,
        attachments: attachments(&ctx.paths.cache_dir, &name, &leases),
        file: config.source.to_string(),
        types: config
            .plugins
            .iter()
            .map(|p| p.plugin_type.clone())
            .collect(),
        masquerade: plugin.is_some_and(|p| p.masquerades()),
        lease_dir: data_dir.join(&name),
        config: serde_json::from_slice(&config.bytes).unwrap_or(serde_json::Value::Null),
        bridge,
        ranges,
        name,
    })
}

async fn bridge_state(name: &str) -> BridgeState {
    let mut state = BridgeState {
        name: name.to_string(),
        exists: false,
        up: false,
        mtu: None,
        addresses: Vec::new(),
        ports: 0,
    };
    let Ok(host) = Netlink::current() else {
        return state;
    };
    if let Ok(Some(link)) = host.link_by_name(name).await {
        state.exists = true;
        state.up = link.up;
        state.mtu = Some(link.mtu);
        if let Ok(addrs) = host.list_addresses(Some(link.index)).await {
            state.addresses = addrs
                .into_iter()
                .map(|a| a.addr)
                .filter(
                    |a| !matches!(a, IpNetwork::V6(v6) if v6.ip().segments()[0] & 0xffc0 == 0xfe80),
                )
                .collect();
        }
        if let Ok(links) = host.list_links().await {
            state.ports = links
                .iter()
                .filter(|l| l.master == Some(link.index))
                .count();
        }
    }
    state
}

/// The network's attachments: each cache entry, then leases no entry
/// accounts for (made by the reference plugins without libcni's cache).
pub fn attachments(cache_dir: &Path, network: &str, leases: &[Lease]) -> Vec<Attachment> {
    let mut out: Vec<Attachment> = Vec::new();
    let entries = cache::find_by_network(cache_dir, network).unwrap_or_else(|err| {
        warn(format!("attachment cache not read: {err}"));
        Vec::new()
    });
    for (path, entry) in entries {
        let ips = entry
            .parsed_result()
            .ok()
            .flatten()
            .map(|r| r.ips.iter().map(|ip| ip.address.ip()).collect())
            .unwrap_or_default();
        let record = entry.cnictl.as_ref();
        out.push(Attachment {
            container_id: entry.container_id.clone(),
            container_name: record.and_then(|r| r.container_name.clone()),
            ifname: Some(entry.if_name.clone()),
            ips,
            netns: entry.netns.clone(),
            published: crate::engine::ports::recorded(&entry)
                .iter()
                .map(ToString::to_string)
                .collect(),
            cache: Some(path),
        });
    }
    for lease in leases {
        if out.iter().any(|a| a.ips.contains(&lease.ip)) {
            continue;
        }
        match out.iter_mut().find(|a| {
            a.cache.is_none() && a.container_id == lease.container_id && a.ifname == lease.ifname
        }) {
            Some(a) => a.ips.push(lease.ip),
            None => out.push(Attachment {
                container_id: lease.container_id.clone(),
                container_name: None,
                ifname: lease.ifname.clone(),
                ips: vec![lease.ip],
                netns: None,
                published: Vec::new(),
                cache: None,
            }),
        }
    }
    out
}

/// The network's attachments, for `net rm`.
pub fn network_attachments(ctx: &Ctx, config: &NetworkConfig) -> Vec<Attachment> {
    let name = config.name.clone().unwrap_or_default();
    let data_dir = config.data_dir(ctx.paths.data_dir.as_deref());
    let leases = ipam::list_leases(&data_dir, Some(&name)).unwrap_or_default();
    attachments(&ctx.paths.cache_dir, &name, &leases)
}

fn join<T: ToString>(items: &[T]) -> String {
    if items.is_empty() {
        "-".into()
    } else {
        items
            .iter()
            .map(T::to_string)
            .collect::<Vec<_>>()
            .join(", ")
    }
}

impl Report for NetInspectReport {
    fn render(&self, style: &Style) -> String {
        let mut text = format!(
            "network:     {}\nfile:        {}\nplugins:     {}\nmasquerade:  {}\nleases:      {}\n",
            self.name,
            self.file,
            self.types.join(", "),
            if self.masquerade { "yes" } else { "no" },
            self.lease_dir.display()
        );
        if self.status.is_empty() {
            text.push_str("status:      ready\n");
        } else {
            for complaint in &self.status {
                text.push_str(&format!("status:      not ready: {complaint}\n"));
            }
        }
        if let Some(b) = &self.bridge {
            if b.exists {
                text.push_str(&format!(
                    "bridge:      {} ({}, mtu {}, {} port(s), addresses {})\n",
                    b.name,
                    if b.up { "up" } else { "down" },
                    b.mtu.unwrap_or_default(),
                    b.ports,
                    join(&b.addresses)
                ));
            } else {
                text.push_str(&format!(
                    "bridge:      {} (not on this host yet: made by the first attachment)\n",
                    b.name
                ));
            }
        }
        let mut ranges = style.table(["SUBNET", "RANGE", "GATEWAY", "USED", "FREE"]);
        for r in &self.ranges {
            ranges.add_row(vec![
                r.subnet.to_string(),
                format!("{}-{}", r.range_start, r.range_end),
                r.gateway.to_string(),
                r.used.to_string(),
                r.free.to_string(),
            ]);
        }
        text.push('\n');
        text.push_str(&style.finish(&ranges));
        text.push('\n');
        if self.attachments.is_empty() {
            text.push_str("no attachments\n");
        } else {
            let mut table = style.table(["CONTAINER", "INTERFACE", "IPS", "PUBLISHED", "NETNS"]);
            for a in &self.attachments {
                table.add_row(vec![
                    match &a.container_name {
                        Some(n) => n.clone(),
                        None => crate::runtime::display_id(&a.container_id).to_string(),
                    },
                    a.ifname.clone().unwrap_or_else(|| "-".into()),
                    join(&a.ips),
                    join(&a.published),
                    a.netns.clone().unwrap_or_else(|| "-".into()),
                ]);
            }
            text.push_str(&style.finish(&table));
        }
        text
    }
}
