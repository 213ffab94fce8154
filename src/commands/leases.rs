//! `cnictl leases`: every IP lease in host-local's lease directories, with
//! the container's name when an attachment cache entry recorded one.

use std::collections::HashMap;
use std::path::Path;

use serde::Serialize;

use super::Ctx;
use crate::cni::cache;
use crate::config::{self};
use crate::error::Result;
use crate::ipam::{self, Lease};
use crate::output::{short_id, warn, Report, Style};

#[derive(Debug, Serialize)]
#[serde(transparent)]
pub struct LeaseList(pub Vec<LeaseRow>);

/// A lease and the name of the container holding it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LeaseRow {
    #[serde(flatten)]
    pub lease: Lease,
    /// What names the container for `cnictl del`: `docker1n`, `runc:c1`,
    /// `netns:blue`; left out when no cache entry recorded a name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub container: Option<String>,
}

/// (network, container id, ifname) → the name its cache entry recorded.
/// Kept even after the runtime forgot the container: that is when the name
/// matters most.
fn cached_names(cache_dir: &Path) -> HashMap<(String, String, String), String> {
    let mut names = HashMap::new();
    let entries = match cache::list(cache_dir) {
        Ok(entries) => entries,
        Err(err) => {
            tracing::info!("no container names from the cache: {err}");
            return names;
        }
    };
    for entry in entries.into_iter().filter_map(|(_, e)| e.ok()) {
        let Some(record) = &entry.cnictl else {
            continue;
        };
        if let Some(name) = &record.container_name {
            names.insert(
                (entry.network_name, entry.container_id, entry.if_name),
                crate::runtime::display_name(record.runtime, name),
            );
        }
    }
    names
}

fn with_names(ctx: &Ctx, leases: Vec<Lease>) -> LeaseList {
    let names = cached_names(&ctx.paths.cache_dir);
    LeaseList(
        leases
            .into_iter()
            .map(|lease| {
                let key = (
                    lease.network.clone(),
                    lease.container_id.clone(),
                    lease.ifname.clone().unwrap_or_default(),
                );
                LeaseRow {
                    container: names.get(&key).cloned(),
                    lease,
                }
            })
            .collect(),
    )
}

/// Lists leases. Without `--net`, every network directory of every data dir
/// in use: the default one and each config's own `ipam.dataDir` (leases of
/// networks whose config is gone are still leases, so they are listed too).
pub fn list(ctx: &Ctx, network: Option<&str>) -> Result<LeaseList> {
    if let Some(given) = network {
        let found = config::find_network(&ctx.paths.conf_dir, given)?;
        for warning in &found.warnings {
            warn(warning);
        }
        let Some(name) = found.config.name.clone() else {
            return Ok(LeaseList(Vec::new()));
        };
        let data_dir = found.config.data_dir(ctx.paths.data_dir.as_deref());
        tracing::info!(network = %name, config = %found.config.source, data_dir = %data_dir.display(), "listing leases");
        return Ok(with_names(ctx, ipam::list_leases(&data_dir, Some(&name))?));
    }

    let mut leases = Vec::new();
    for data_dir in ctx.paths.lease_roots() {
        tracing::info!(data_dir = %data_dir.display(), "listing leases");
        leases.extend(ipam::list_leases(&data_dir, None)?);
    }
    leases.sort();
    leases.dedup();
    Ok(with_names(ctx, leases))
}

impl Report for LeaseList {
    fn render(&self, style: &Style) -> String {
        let mut table = style.table(["NETWORK", "IP", "CONTAINER", "CONTAINER ID", "IFNAME"]);
        for row in &self.0 {
            let lease = &row.lease;
            table.add_row(vec![
                lease.network.clone(),
                lease.ip.to_string(),
                row.container.clone().unwrap_or_else(|| "-".into()),
                short_id(&lease.container_id).to_string(),
                lease.ifname.clone().unwrap_or_else(|| "-".into()),
            ]);
        }
        style.finish(&table)
    }
}

/// `cnictl leases --stale`: the leases `cnictl gc` would release, by the
/// same evidence.
pub async fn stale(ctx: &Ctx, network: Option<&str>) -> Result<LeaseList> {
    if !crate::privilege::has_net_admin() {
        return Err(crate::error::Error::NeedsRoot {
            action: "cnictl leases --stale (it looks into every network namespace)",
        });
    }
    let inv = crate::engine::inventory::Inventory::read(&ctx.paths, network, true).await?;
    let mut leases: Vec<Lease> = inv
        .leases
        .iter()
        .filter(|dl| inv.stale_reason(&dl.lease).is_some())
        .map(|dl| dl.lease.clone())
        .collect();
    leases.sort();
    leases.dedup();
    Ok(with_names(ctx, leases))
}
