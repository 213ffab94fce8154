//! `cnictl leases`: every IP lease in host-local's lease directories.

use std::path::PathBuf;

use serde::Serialize;

use super::Ctx;
use crate::config::{self, DEFAULT_DATA_DIR};
use crate::error::Result;
use crate::ipam::{self, Lease};
use crate::output::{short_id, warn, Report, Style};

#[derive(Debug, Serialize)]
#[serde(transparent)]
pub struct LeaseList(pub Vec<Lease>);

/// Lists leases. Without `--net`, every network directory of every data dir
/// in use: the default one and each config's own `ipam.dataDir` (leases of
/// networks whose config is gone are still leases, so they are listed too).
pub fn list(ctx: &Ctx, network: Option<&str>) -> Result<LeaseList> {
    if let Some(given) = network {
        let found = config::find_network(&ctx.conf_dir, given)?;
        for warning in &found.warnings {
            warn(warning);
        }
        let Some(name) = found.config.name.clone() else {
            return Ok(LeaseList(Vec::new()));
        };
        let data_dir = found.config.data_dir(ctx.data_dir.as_deref());
        tracing::info!(network = %name, config = %found.config.source, data_dir = %data_dir.display(), "listing leases");
        return Ok(LeaseList(ipam::list_leases(&data_dir, Some(&name))?));
    }

    let mut leases = Vec::new();
    for data_dir in data_dirs(ctx) {
        tracing::info!(data_dir = %data_dir.display(), "listing leases");
        leases.extend(ipam::list_leases(&data_dir, None)?);
    }
    leases.sort();
    leases.dedup();
    Ok(LeaseList(leases))
}

/// The data dirs to look in, each once, in a stable order.
fn data_dirs(ctx: &Ctx) -> Vec<PathBuf> {
    if let Some(dir) = &ctx.data_dir {
        return vec![dir.clone()];
    }
    let mut dirs = vec![PathBuf::from(DEFAULT_DATA_DIR)];
    // A conf dir that cannot be read only means no extra data dirs: the
    // default one is still worth listing.
    match config::discover(&ctx.conf_dir) {
        Err(err) => tracing::info!("no data dirs from configs: {err}"),
        Ok(files) => {
            for config in files.iter().filter_map(|f| f.loaded.as_ref().ok()) {
                let dir = config.data_dir(None);
                if !dirs.contains(&dir) {
                    dirs.push(dir);
                }
            }
        }
    }
    dirs
}

impl Report for LeaseList {
    fn render(&self, style: &Style) -> String {
        let mut table = style.table(["NETWORK", "IP", "CONTAINER ID", "IFNAME"]);
        for lease in &self.0 {
            table.add_row(vec![
                lease.network.clone(),
                lease.ip.to_string(),
                short_id(&lease.container_id).to_string(),
                lease.ifname.clone().unwrap_or_else(|| "-".into()),
            ]);
        }
        style.finish(&table)
    }
}
