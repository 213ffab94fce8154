//! `cnictl check TARGET`: the engine compares recorded with live state
//! ([`crate::engine::verify`]); one line per difference is drawn here.

use super::Ctx;
use crate::engine::verify::{self, CheckReport};
use crate::error::Result;
use crate::output::{Report, Style};

pub async fn run(
    ctx: &Ctx,
    target: &str,
    net: Option<&str>,
    id: Option<&str>,
) -> Result<CheckReport> {
    verify::check(
        &ctx.paths,
        &ctx.runtimes,
        ctx.firewall.as_ref(),
        target,
        net,
        id,
    )
    .await
}

impl Report for CheckReport {
    fn render(&self, _style: &Style) -> String {
        let mut out = String::new();
        for a in &self.attachments {
            if a.differences.is_empty() {
                out.push_str(&format!(
                    "{} {}: ok ({})\n",
                    a.network,
                    a.ifname,
                    a.checked.join(", ")
                ));
            }
            for d in &a.differences {
                out.push_str(&format!(
                    "{} {}: {}: expected {}, found {}\n",
                    a.network, a.ifname, d.what, d.expected, d.found
                ));
            }
        }
        if let Some(hint) = &self.hint {
            out.push_str(&format!("hint: {hint}\n"));
        }
        out
    }
}
