//! `cnictl gc`: the engine judges and removes what is left over
//! ([`crate::engine::gc`]); the report is drawn here.

use super::Ctx;
use crate::engine::gc::{self, GcReport};
use crate::error::Result;
use crate::output::{Report, Style};

pub async fn run(ctx: &Ctx, net: Option<&str>, dry_run: bool, bridges: bool) -> Result<GcReport> {
    gc::gc(&ctx.paths, ctx.firewall.as_ref(), net, dry_run, bridges).await
}

impl Report for GcReport {
    fn render(&self, style: &Style) -> String {
        let verb = if self.dry_run {
            "would remove"
        } else {
            "removed"
        };
        let mut out = String::new();
        if self.removed.is_empty() {
            out.push_str("nothing to remove: every lease, cache entry, veth and rule belongs to an attachment\n");
        } else {
            let mut table = style.table(["KIND", "NETWORK", "NAME", "CONTAINER ID", "WHY"]);
            for r in &self.removed {
                // A cache file's name holds the full container id, which
                // the next column shows already (shortened).
                let name = match &r.container_id {
                    Some(id) if r.kind == "cache" => {
                        r.name.replace(id.as_str(), crate::output::short_id(id))
                    }
                    _ => r.name.clone(),
                };
                table.add_row(vec![
                    r.kind.to_string(),
                    r.network.clone().unwrap_or_else(|| "-".into()),
                    name,
                    r.container_id
                        .as_deref()
                        .map(crate::output::short_id)
                        .unwrap_or("-")
                        .to_string(),
                    r.reason.clone(),
                ]);
            }
            out.push_str(&style.finish(&table));
            out.push_str(&format!("{verb} {} item(s)\n", self.removed.len()));
        }
        out
    }
}
