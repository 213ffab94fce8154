//! `cnictl show TARGET`: the container's network as seen from inside its
//! namespace (interfaces with MAC, MTU and state, addresses, routes), with
//! the network and lease each interface and address belongs to.

use std::net::IpAddr;
use std::path::PathBuf;

use ipnetwork::IpNetwork;
use serde::Serialize;

use super::Ctx;
use crate::engine::inventory::Inventory;
use crate::error::{Error, Result};
use crate::netlink::{AddrOps, LinkOps, Netlink, RouteOps};
use crate::netns::NetnsFd;
use crate::output::{Report, Style};

/// JSON field names are stable.
#[derive(Debug, Serialize)]
pub struct ShowReport {
    pub target: String,
    pub container_id: String,
    pub netns: PathBuf,
    pub interfaces: Vec<ShownInterface>,
    pub routes: Vec<ShownRoute>,
}

#[derive(Debug, Serialize)]
pub struct ShownInterface {
    pub name: String,
    pub index: u32,
    pub kind: String,
    pub mac: Option<String>,
    pub mtu: u32,
    /// `up` or `down` (administrative state).
    pub state: &'static str,
    pub addresses: Vec<ShownAddress>,
    /// The network this interface was attached to, from the cache or the leases.
    pub network: Option<String>,
    /// The host end of its veth, when cnictl or the cache recorded it.
    pub host_veth: Option<String>,
    /// Ports published to this interface (`8080:80/tcp`), from its cache entry.
    pub ports: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct ShownAddress {
    pub address: IpNetwork,
    /// The network whose lease this address is; null when none is.
    pub lease: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct ShownRoute {
    pub destination: IpNetwork,
    pub gateway: Option<IpAddr>,
    pub interface: Option<String>,
}

pub async fn run(ctx: &Ctx, text: &str, net: Option<&str>, id: Option<&str>) -> Result<ShowReport> {
    let (container_id, netns) =
        crate::engine::inventory::locate(&ctx.paths, &ctx.runtimes, text, id).await?;
    let netns = netns.ok_or_else(|| Error::NotAttached {
        target: text.to_string(),
        reason: "its network namespace is gone (`cnictl ls` shows what is left)".into(),
    })?;
    if !crate::privilege::has_net_admin() {
        return Err(Error::NeedsRoot {
            action: "cnictl show (it enters the container's network namespace)",
        });
    }
    let fd = NetnsFd::open(&netns)?;
    let handle = Netlink::in_netns(&fd)?;
    let links = handle.list_links().await?;
    let addrs = handle.list_addresses(None).await?;
    let routes = handle.list_routes().await?;
    let inv = Inventory::read(&ctx.paths, net, false).await?;

    let mut interfaces = Vec::new();
    for link in &links {
        let entry = inv
            .entries
            .iter()
            .find(|e| e.entry.container_id == container_id && e.entry.if_name == link.name);
        let mut network = entry.map(|e| e.entry.network_name.clone());
        let addresses: Vec<ShownAddress> = addrs
            .iter()
            .filter(|a| a.index == link.index)
            .map(|a| {
                let lease = inv
                    .leases
                    .iter()
                    .map(|dl| &dl.lease)
                    .find(|l| {
                        l.ip == a.addr.ip()
                            && l.container_id == container_id
                            && l.ifname.as_deref().is_none_or(|i| i == link.name)
                    })
                    .map(|l| l.network.clone());
                ShownAddress {
                    address: a.addr,
                    lease,
                }
            })
            .collect();
        if network.is_none() {
            network = addresses.iter().find_map(|a| a.lease.clone());
        }
        // With --net, only that network's interfaces.
        if net.is_some() && network.is_none() {
            continue;
        }
        interfaces.push(ShownInterface {
            name: link.name.clone(),
            index: link.index,
            kind: link.kind.to_string(),
            mac: link.mac.map(|m| m.to_string()),
            mtu: link.mtu,
            state: if link.up { "up" } else { "down" },
            addresses,
            network,
            host_veth: entry.and_then(|e| e.host_veth()),
            ports: entry
                .map(|e| crate::engine::ports::recorded(&e.entry))
                .unwrap_or_default()
                .iter()
                .map(ToString::to_string)
                .collect(),
        });
    }
    let name_of = |index: Option<u32>| {
        index.and_then(|i| links.iter().find(|l| l.index == i).map(|l| l.name.clone()))
    };
    Ok(ShowReport {
        target: text.to_string(),
        container_id,
        netns,
        interfaces,
        routes: routes
            .iter()
            .map(|r| ShownRoute {
                destination: r.dst,
                gateway: r.gateway,
                interface: name_of(r.oif),
            })
            .collect(),
    })
}

impl Report for ShowReport {
    fn render(&self, style: &Style) -> String {
        let mut out = format!(
            "{} (container id {}, netns {})\n\n",
            self.target,
            self.container_id,
            self.netns.display()
        );
        let mut table = style.table([
            "INTERFACE",
            "MAC",
            "MTU",
            "STATE",
            "ADDRESSES",
            "NETWORK",
            "HOST VETH",
            "PORTS",
        ]);
        for i in &self.interfaces {
            let addresses: Vec<String> = i
                .addresses
                .iter()
                .map(|a| match &a.lease {
                    Some(net) => format!("{} (lease on {net})", a.address),
                    None => a.address.to_string(),
                })
                .collect();
            table.add_row(vec![
                i.name.clone(),
                i.mac.clone().unwrap_or_else(|| "-".into()),
                i.mtu.to_string(),
                i.state.to_string(),
                if addresses.is_empty() {
                    "-".into()
                } else {
                    addresses.join("\n")
                },
                i.network.clone().unwrap_or_else(|| "-".into()),
                i.host_veth.clone().unwrap_or_else(|| "-".into()),
                if i.ports.is_empty() {
                    "-".into()
                } else {
                    i.ports.join("\n")
                },
            ]);
        }
        out.push_str(&style.finish(&table));
        out.push('\n');
        let mut routes = style.table(["DESTINATION", "GATEWAY", "INTERFACE"]);
        for r in &self.routes {
            routes.add_row(vec![
                r.destination.to_string(),
                r.gateway
                    .map(|g| g.to_string())
                    .unwrap_or_else(|| "-".into()),
                r.interface.clone().unwrap_or_else(|| "-".into()),
            ]);
        }
        out.push_str(&style.finish(&routes));
        out
    }
}
