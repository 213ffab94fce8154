//! `cnictl net reload`: puts back the firewall rules of networks that have
//! attachments, after something outside cnictl took them away (a
//! firewalld reload, an `iptables -F`, a restore of a saved ruleset that
//! predates them). `add` sets a network's rules up once, with its first
//! attachment, and does not look at them again (that would cost an
//! iptables exec per ADD), so without this a flushed network stays cut
//! off until its last container goes.
//!
//! What is put back, per network: its masquerade and FORWARD chains; per
//! attachment, the empty `CNI-…` chain the reference plugin's DEL looks
//! for and the rules of published ports. What is there and whole is left
//! alone, so a reload on a healthy host changes nothing. Rules that the
//! chain's other plugins (portmap, firewall) made are theirs to remake.

use std::collections::BTreeMap;

use serde::Serialize;

use super::detach::network_rules;
use super::inventory::Entry;
use super::publish::publication_of;
use super::Paths;
use crate::cni::cache;
use crate::config::{self, NetworkConfig};
use crate::error::{Error, Result};
use crate::firewall::rules::{reference_chain_name, Ruleset, Table};
use crate::firewall::{Firewall, IpFamily, RulesState};
use crate::ipam::DiskStore;

/// JSON field names are stable.
#[derive(Debug, Serialize)]
pub struct NetReloadReport {
    pub networks: Vec<ReloadedNetwork>,
}

#[derive(Debug, Serialize)]
pub struct ReloadedNetwork {
    pub network: String,
    /// cnictl's attachments to it.
    pub attachments: usize,
    /// The network's own chains: `complete` (left alone) or `restored`.
    pub rules: &'static str,
    /// Per-attachment chains that were missing or incomplete and were
    /// made again: `CNI-…` (for the reference's DEL), `CNICTL-P-…`
    /// (published ports).
    pub restored_chains: Vec<String>,
}

/// Puts back what is missing of the rules of `nets` (names or config
/// files; every network with attachments when empty).
pub fn reload(paths: &Paths, firewall: &dyn Firewall, nets: &[String]) -> Result<NetReloadReport> {
    if !crate::privilege::has_net_admin() {
        return Err(Error::NeedsRoot {
            action: "cnictl net reload",
        });
    }
    let wanted = nets
        .iter()
        .map(|given| {
            Ok(config::find_network(&paths.conf_dir, given)?
                .config
                .name
                .unwrap_or_else(|| given.clone()))
        })
        .collect::<Result<Vec<String>>>()?;
    let by_network = networks_attached(paths, &wanted)?;
    for net in wanted.iter().filter(|n| !by_network.contains_key(*n)) {
        tracing::warn!(
            "network \"{net}\" has no attachments of cnictl's: its rules come with the first `cnictl add`"
        );
    }

    let mut report = NetReloadReport {
        networks: Vec::new(),
    };
    for (network, config) in by_network {
        report
            .networks
            .push(reload_network(paths, firewall, network, &config)?);
    }
    Ok(report)
}

/// The networks cnictl attached containers to (the reference's attachments
/// are not its to mend), each with the config of one of its attachments to
/// take the rules from; only `wanted` ones when any are named.
fn networks_attached(paths: &Paths, wanted: &[String]) -> Result<BTreeMap<String, NetworkConfig>> {
    let mut out = BTreeMap::new();
    for (path, entry) in cache::list(&paths.cache_dir)? {
        let Ok(entry) = entry else { continue };
        let network = &entry.network_name;
        if entry.cnictl.is_none()
            || out.contains_key(network)
            || !(wanted.is_empty() || wanted.contains(network))
        {
            continue;
        }
        if let Some(config) = entry.network_config(&path) {
            out.insert(network.clone(), config);
        }
    }
    Ok(out)
}

fn reload_network(
    paths: &Paths,
    firewall: &dyn Firewall,
    network: String,
    config: &NetworkConfig,
) -> Result<ReloadedNetwork> {
    // The network lock `add` and `del` take for its network-wide rules: a
    // `del` of its last attachment cannot take them down under this, nor
    // this put them back after it. Its attachments are read under it.
    let _lock = DiskStore::open(&config.data_dir(paths.data_dir.as_deref()), &network)?.lock()?;
    let entries: Vec<Entry> = cache::find_by_network(&paths.cache_dir, &network)?
        .into_iter()
        .filter(|(_, entry)| entry.cnictl.is_some())
        .map(|(path, entry)| Entry {
            path,
            entry,
            config: None,
        })
        .collect();
    let mut reloaded = ReloadedNetwork {
        network: network.clone(),
        attachments: entries.len(),
        rules: "complete",
        restored_chains: Vec::new(),
    };
    if entries.is_empty() {
        return Ok(reloaded);
    }

    let mut masquerades = false;
    if let Some(rules) = network_rules(config) {
        masquerades = rules.masquerade;
        if firewall.network_state(&rules)? != RulesState::Complete {
            firewall.setup_network(&rules)?;
            reloaded.rules = "restored";
        }
    }

    let saved = firewall.save_all()?;
    for e in &entries {
        if masquerades {
            let chain = reference_chain_name(&network, &e.entry.container_id);
            let missing = missing_families(&IpFamily::of_addresses(&e.ips()), &saved, |_, set| {
                set.has_chain(Table::Nat, &chain)
            });
            if !missing.is_empty() {
                firewall.add_compat_chain(&network, &e.entry.container_id, &missing)?;
                reloaded.restored_chains.push(chain);
            }
        }
        if let Some(publication) = publication_of(&e.entry) {
            let whole = missing_families(&publication.families(), &saved, |family, set| {
                publication.is_complete_in(family, set)
            })
            .is_empty();
            if !whole {
                // Whatever is left of them goes first, so no rule is doubled.
                firewall.unpublish(&publication)?;
                firewall.publish(&publication)?;
                reloaded.restored_chains.push(publication.chain());
            }
        }
    }
    Ok(reloaded)
}

/// Those of `families` whose saved ruleset fails `present` (a family that
/// could not be read counts as missing).
fn missing_families(
    families: &[IpFamily],
    saved: &[(IpFamily, Ruleset)],
    present: impl Fn(IpFamily, &Ruleset) -> bool,
) -> Vec<IpFamily> {
    families
        .iter()
        .copied()
        .filter(|family| !saved.iter().any(|(f, set)| f == family && present(*f, set)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_family_is_missing_when_its_ruleset_lacks_the_thing_or_was_not_read() {
        let with_chain = Ruleset::from_save("*nat\n:CNI-abc - [0:0]\nCOMMIT\n");
        let without = Ruleset::from_save("*nat\nCOMMIT\n");
        let has = |_, set: &Ruleset| set.has_chain(Table::Nat, "CNI-abc");
        let both = [IpFamily::V4, IpFamily::V6];
        assert_eq!(
            missing_families(
                &both,
                &[(IpFamily::V4, with_chain.clone()), (IpFamily::V6, without)],
                has
            ),
            vec![IpFamily::V6]
        );
        // ip6tables not read (no such tool): counted as missing.
        assert_eq!(
            missing_families(&both, &[(IpFamily::V4, with_chain)], has),
            vec![IpFamily::V6]
        );
        assert_eq!(missing_families(&[], &[], has), Vec::<IpFamily>::new());
    }
}
