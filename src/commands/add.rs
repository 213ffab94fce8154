//! `cnictl add`: the arguments become one [`AddRequest`], the engine
//! attaches, and the report is drawn here.

use super::Ctx;
use crate::cli::AddArgs;
use crate::engine::attach::{self, AddReport, AddRequest};
use crate::error::Result;
use crate::output::{Report, Style};

pub async fn run(ctx: &Ctx, args: &AddArgs) -> Result<AddReport> {
    let request = AddRequest {
        target: args.target.clone(),
        net: args.net.clone().or_else(|| ctx.default_network.clone()),
        id: args.id.clone(),
        ifname: args.ifname.clone(),
        ips: args.ips.clone(),
        mac: args.mac.clone(),
        dns: args.dns.clone(),
        no_dns: args.no_dns,
        publish: args.publish.clone(),
    };
    attach::add(&ctx.paths, &ctx.runtimes, ctx.firewall.as_ref(), &request).await
}

impl Report for AddReport {
    fn render(&self, style: &Style) -> String {
        let s = &self.summary;
        let mut table = style.table([
            "CONTAINER",
            "NETWORK",
            "INTERFACE",
            "MAC",
            "ADDRESSES",
            "ROUTES",
            "HOST VETH",
            "BRIDGE",
        ]);
        let addresses = s
            .addresses
            .iter()
            .map(|(addr, gw)| match gw {
                Some(gw) => format!("{addr} gw {gw}"),
                None => addr.to_string(),
            })
            .collect::<Vec<_>>()
            .join("\n");
        let routes = s
            .routes
            .iter()
            .map(|r| match r.gw {
                Some(gw) => format!("{} via {gw}", r.dst),
                None => r.dst.to_string(),
            })
            .collect::<Vec<_>>()
            .join("\n");
        table.add_row(vec![
            s.container.clone(),
            s.network.clone(),
            s.ifname.clone(),
            s.mac.map(|m| m.to_string()).unwrap_or_else(|| "-".into()),
            // No addresses on an L2-only network.
            crate::output::or_dash(addresses),
            crate::output::or_dash(routes),
            s.host_veth.clone(),
            s.bridge.clone(),
        ]);
        style.finish(&table)
    }
}
