//! Finding and removing the chains of attachments and networks that no
//! longer exist, for `cnictl gc`: cnictl's per-network `CNICTL-N-`/`CNICTL-F-`
//! chains and the per-container `CNI-<hash>` nat chains (the reference
//! bridge plugin's, and cnictl's empty stand-ins for them).
//!
//! Which chains are orphans is decided by the caller from leases; this
//! module only lists what exists (pure, from saved rulesets) and removes
//! chains with every jump to them, under the driver's lock.

use super::rules::{self, IpFamily, Ruleset, Table, CHAIN_PREFIX};

/// A chain that may belong to an attachment or a network.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct OwnedChain {
    pub family: IpFamily,
    pub table: Table,
    pub chain: String,
    pub owner: ChainOwner,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum ChainOwner {
    /// `CNICTL-N-…`/`CNICTL-F-…`: the network whose name hashes to it
    /// (from the `cnictl network "N"` comment, when a rule carries one).
    Network { hash: String, name: Option<String> },
    /// `CNI-<24 hex>` in nat: one container on one network. The reference
    /// plugin's rules name both in a comment; cnictl's stand-in is empty.
    Container {
        network: Option<String>,
        container_id: Option<String>,
    },
}

/// The chains in `set` that cnictl or the reference bridge plugin made.
pub fn owned_chains(family: IpFamily, set: &Ruleset) -> Vec<OwnedChain> {
    let mut out = Vec::new();
    for table in [Table::Nat, Table::Filter] {
        let Some(saved) = set.table(table) else {
            continue;
        };
        for chain in &saved.chains {
            let specs = set.chain_rules(table, chain);
            let owner = if let Some(hash) = chain
                .strip_prefix(CHAIN_PREFIX)
                .and_then(|rest| rest.strip_prefix("N-").or_else(|| rest.strip_prefix("F-")))
            {
                ChainOwner::Network {
                    hash: hash.to_string(),
                    name: specs.iter().find_map(|s| cnictl_comment_network(s)),
                }
            } else if table == Table::Nat && is_reference_chain(chain) {
                let named = specs.iter().find_map(|s| reference_comment(s));
                ChainOwner::Container {
                    network: named.as_ref().map(|(n, _)| n.clone()),
                    container_id: named.map(|(_, id)| id),
                }
            } else {
                continue;
            };
            out.push(OwnedChain {
                family,
                table,
                chain: chain.clone(),
                owner,
            });
        }
    }
    out
}

/// `CNI-` followed by exactly 24 hex digits: the bridge plugin's ipMasq
/// chain. Other plugins' chains (`CNI-DN-…`, `CNI-HOSTPORT-…`,
/// `CNI-FORWARD`) never match.
pub fn is_reference_chain(chain: &str) -> bool {
    chain.strip_prefix("CNI-").is_some_and(|hex| {
        hex.len() == rules::MAX_CHAIN_LEN - 4
            && hex
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
    })
}

/// The network in `--comment "cnictl network \"N\""`.
fn cnictl_comment_network(spec: &str) -> Option<String> {
    let start = spec.find("cnictl network \\\"")? + "cnictl network \\\"".len();
    let rest = &spec[start..];
    let end = rest.find("\\\"")?;
    Some(rest[..end].to_string())
}

/// (network, container id) from the reference plugin's comment
/// `--comment "name: \"N\" id: \"ID\""`.
fn reference_comment(spec: &str) -> Option<(String, String)> {
    let name_start = spec.find("name: \\\"")? + "name: \\\"".len();
    let rest = &spec[name_start..];
    let name_end = rest.find("\\\"")?;
    let name = rest[..name_end].to_string();
    let id_start = rest.find("id: \\\"")? + "id: \\\"".len();
    let rest = &rest[id_start..];
    let id_end = rest.find("\\\"")?;
    Some((name, rest[..id_end].to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAVED: &str = r#"*nat
:PREROUTING ACCEPT [0:0]
:POSTROUTING ACCEPT [0:0]
:CNICTL-N-0123456789abcdef - [0:0]
:CNI-0123456789abcdef01234567 - [0:0]
:CNI-aaaaaaaaaaaaaaaaaaaaaaaa - [0:0]
:CNI-DN-0123456789abcdef0123 - [0:0]
-A POSTROUTING -s 10.1.0.2/32 -m comment --comment "name: \"mynet\" id: \"c1\"" -j CNI-0123456789abcdef01234567
-A CNI-0123456789abcdef01234567 -d 10.1.0.0/24 -m comment --comment "name: \"mynet\" id: \"c1\"" -j ACCEPT
-A CNICTL-N-0123456789abcdef -s 10.1.0.0/24 -m comment --comment "cnictl network \"mynet\"" -j MASQUERADE
COMMIT
*filter
:FORWARD ACCEPT [0:0]
:CNICTL-F-0123456789abcdef - [0:0]
COMMIT
"#;

    #[test]
    fn finds_network_and_container_chains_with_their_owners() {
        let set = Ruleset::from_save(SAVED);
        let chains = owned_chains(IpFamily::V4, &set);
        let names: Vec<(&str, &ChainOwner)> = chains
            .iter()
            .map(|c| (c.chain.as_str(), &c.owner))
            .collect();
        assert_eq!(
            names,
            vec![
                (
                    "CNICTL-N-0123456789abcdef",
                    &ChainOwner::Network {
                        hash: "0123456789abcdef".into(),
                        name: Some("mynet".into())
                    }
                ),
                (
                    "CNI-0123456789abcdef01234567",
                    &ChainOwner::Container {
                        network: Some("mynet".into()),
                        container_id: Some("c1".into())
                    }
                ),
                (
                    "CNI-aaaaaaaaaaaaaaaaaaaaaaaa",
                    &ChainOwner::Container {
                        network: None,
                        container_id: None
                    }
                ),
                (
                    "CNICTL-F-0123456789abcdef",
                    &ChainOwner::Network {
                        hash: "0123456789abcdef".into(),
                        name: None
                    }
                ),
            ]
        );
    }

    #[test]
    fn only_the_bridge_plugins_chain_names_are_containers() {
        assert!(is_reference_chain(&rules::reference_chain_name("n", "c")));
        assert!(!is_reference_chain("CNI-DN-0123456789abcdef0123"));
        assert!(!is_reference_chain("CNI-FORWARD"));
        assert!(!is_reference_chain("CNI-HOSTPORT-DNAT"));
    }
}
