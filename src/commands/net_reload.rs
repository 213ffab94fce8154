//! `cnictl net reload`: the engine puts back missing firewall rules
//! ([`crate::engine::reload`]); the table is drawn here.

use super::Ctx;
use crate::cli::NetReloadArgs;
use crate::engine::reload::{self, NetReloadReport};
use crate::error::Result;
use crate::output::{Report, Style};

pub fn run(ctx: &Ctx, args: &NetReloadArgs) -> Result<NetReloadReport> {
    reload::reload(&ctx.paths, ctx.firewall.as_ref(), &args.nets)
}

impl Report for NetReloadReport {
    fn render(&self, style: &Style) -> String {
        if self.networks.is_empty() {
            return "no network has attachments of cnictl's: nothing to reload\n".into();
        }
        let mut table = style.table(["NETWORK", "ATTACHMENTS", "RULES", "RESTORED CHAINS"]);
        for n in &self.networks {
            table.add_row(vec![
                n.network.clone(),
                n.attachments.to_string(),
                n.rules.to_string(),
                crate::output::or_dash(n.restored_chains.join(", ")),
            ]);
        }
        style.finish(&table)
    }
}
