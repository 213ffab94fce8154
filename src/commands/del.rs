//! `cnictl del`: the arguments become one [`DelRequest`]; the engine
//! detaches, best-effort; the report is drawn here.

use std::net::IpAddr;

use super::Ctx;
use crate::cli::DelArgs;
use crate::engine::detach::{self, DelReport, DelRequest};
use crate::error::Result;
use crate::output::{Report, Style};

pub async fn run(ctx: &Ctx, args: &DelArgs) -> Result<DelReport> {
    let request = DelRequest {
        target: args.target.clone(),
        net: args.net.clone(),
        id: args.id.clone(),
        ifname: args.ifname.clone(),
    };
    detach::del(&ctx.paths, &ctx.runtimes, ctx.firewall.as_ref(), &request).await
}

impl Report for DelReport {
    fn render(&self, style: &Style) -> String {
        if self.detached.is_empty() {
            return format!(
                "{}: nothing attached, nothing to remove\n",
                self.container_id
            );
        }
        let mut table = style.table(["CONTAINER", "NETWORK", "INTERFACE", "RELEASED", "REMOVED"]);
        for d in &self.detached {
            let mut removed: Vec<String> = Vec::new();
            if let Some(link) = &d.removed_interface {
                removed.push(format!("link {link}"));
            }
            removed.extend(d.removed_rules.iter().map(|c| format!("chain {c}")));
            if d.removed_cache.is_some() {
                removed.push("cache entry".into());
            }
            table.add_row(vec![
                d.container
                    .clone()
                    .unwrap_or_else(|| crate::output::short_id(&self.container_id).to_string()),
                d.network.clone(),
                d.ifname.clone(),
                crate::output::or_dash(
                    d.released
                        .iter()
                        .map(IpAddr::to_string)
                        .collect::<Vec<_>>()
                        .join(","),
                ),
                if removed.is_empty() {
                    "-".into()
                } else {
                    removed.join(", ")
                },
            ]);
        }
        style.finish(&table)
    }
}
