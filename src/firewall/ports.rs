//! Published ports (`cnictl add --publish`): cnictl's own DNAT rules, one
//! chain per attachment, applied with ONE `iptables-restore --noflush` per
//! family and no read (the chain is new with its attachment).
//!
//! For an attachment with address `CIP` in subnet `S` on network `N`, and
//! `HOSTPORT -> PORT/PROTO`:
//!
//! ```text
//! *nat
//! :CNICTL-P-<hash> - [0:0]
//! -A CNICTL-P-<hash> [-d HOSTIP] -p PROTO -m PROTO --dport HOSTPORT -m comment --comment C -j DNAT --to-destination CIP:PORT
//! -A PREROUTING -m addrtype --dst-type LOCAL -m comment --comment C -j CNICTL-P-<hash>   (from outside, and hairpin)
//! -A OUTPUT -m addrtype --dst-type LOCAL -m comment --comment C -j CNICTL-P-<hash>       (from the host itself)
//! -I POSTROUTING 1 -s S -d CIP -p PROTO -m PROTO --dport PORT -m conntrack --ctstate DNAT -m comment --comment C -j MASQUERADE
//! -I POSTROUTING 1 -s 127.0.0.0/8 -d CIP … -j MASQUERADE                                   (IPv4: from the host's 127.0.0.1)
//! COMMIT
//! ```
//!
//! The first masquerade is the hairpin: another container of the bridge
//! reaching the host port must see replies come from the host, not straight
//! from the container it was forwarded to. It is inserted first so the
//! network's own POSTROUTING rules (which leave subnet-to-subnet traffic
//! alone) do not see the connection first.
//!
//! Teardown is one restore that deletes exactly those rules; when some are
//! gone already (the batch then fails as a whole), it reads the nat table
//! and deletes what is left.

use std::net::IpAddr;

use ipnetwork::IpNetwork;

use super::rules::{network_hash, quote, IpFamily, Ruleset, Table, CHAIN_PREFIX};
use super::{FirewallError, IptablesDriver};
use crate::engine::ports::PortMapping;

/// One attachment's published ports and what the rules need to know.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Publication {
    pub network: String,
    pub container_id: String,
    pub ifname: String,
    /// The container's addresses with their subnets' prefix length.
    pub addresses: Vec<IpNetwork>,
    pub mappings: Vec<PortMapping>,
}

/// `CNICTL-P-<16 hex>`: the attachment's DNAT chain.
pub fn publish_chain_name(network: &str, container_id: &str, ifname: &str) -> String {
    format!(
        "{CHAIN_PREFIX}P-{}",
        network_hash(&format!("{network}\n{container_id}\n{ifname}"))
    )
}

/// The family and container address a mapping goes to: the host address's
/// family, else IPv4 when the container has an IPv4 address, else IPv6.
pub fn target_of(mapping: &PortMapping, addresses: &[IpNetwork]) -> Option<(IpFamily, IpAddr)> {
    let v4 = match mapping.host_ip {
        Some(ip) => ip.is_ipv4(),
        None => addresses.iter().any(IpNetwork::is_ipv4),
    };
    addresses
        .iter()
        .find(|a| a.is_ipv4() == v4)
        .map(|a| (if v4 { IpFamily::V4 } else { IpFamily::V6 }, a.ip()))
}

impl Publication {
    pub fn chain(&self) -> String {
        publish_chain_name(&self.network, &self.container_id, &self.ifname)
    }

    fn comment(&self) -> String {
        let id: String = self.container_id.chars().take(12).collect();
        quote(&format!(
            "cnictl network \"{}\" publish {id} {}",
            self.network, self.ifname
        ))
    }

    /// The families with at least one mapping, each once (v4 first).
    pub fn families(&self) -> Vec<IpFamily> {
        let mut out: Vec<IpFamily> = self
            .mappings
            .iter()
            .filter_map(|m| target_of(m, &self.addresses).map(|(f, _)| f))
            .collect();
        out.sort();
        out.dedup();
        out
    }

    /// The rule specs of one family: chain rules, jumps (chain, spec) and
    /// masquerades for POSTROUTING.
    fn specs(&self, family: IpFamily) -> (Vec<String>, Vec<(&'static str, String)>) {
        let chain = self.chain();
        let comment = self.comment();
        let mut dnat = Vec::new();
        let mut outer: Vec<(&'static str, String)> = Vec::new();
        for jump_from in ["PREROUTING", "OUTPUT"] {
            outer.push((
                jump_from,
                format!("-m addrtype --dst-type LOCAL -m comment --comment {comment} -j {chain}"),
            ));
        }
        let mut masq_seen: Vec<(IpAddr, u16, &str)> = Vec::new();
        for m in &self.mappings {
            let Some((f, cip)) = target_of(m, &self.addresses) else {
                continue;
            };
            if f != family {
                continue;
            }
            let proto = m.protocol.as_str();
            let dest = match m.host_ip {
                Some(ip) if !ip.is_unspecified() => format!("-d {ip}/{} ", host_prefix(ip)),
                _ => String::new(),
            };
            let to = match cip {
                IpAddr::V4(ip) => format!("{ip}:{}", m.container_port),
                IpAddr::V6(ip) => format!("[{ip}]:{}", m.container_port),
            };
            dnat.push(format!(
                "{dest}-p {proto} -m {proto} --dport {} -m comment --comment {comment} -j DNAT --to-destination {to}",
                m.host_port
            ));
            if masq_seen.contains(&(cip, m.container_port, proto)) {
                continue;
            }
            masq_seen.push((cip, m.container_port, proto));
            let subnet = self
                .addresses
                .iter()
                .find(|a| a.ip() == cip)
                .map(|a| format!("{}/{}", a.network(), a.prefix()))
                .unwrap_or_else(|| format!("{cip}/{}", host_prefix(cip)));
            let mut sources = vec![subnet];
            if family == IpFamily::V4 {
                sources.push("127.0.0.0/8".into());
            }
            for source in sources {
                outer.push((
                    "POSTROUTING",
                    format!(
                        "-s {source} -d {cip}/{} -p {proto} -m {proto} --dport {} -m conntrack --ctstate DNAT -m comment --comment {comment} -j MASQUERADE",
                        host_prefix(cip),
                        m.container_port
                    ),
                ));
            }
        }
        (dnat, outer)
    }

    /// Whether a family's saved nat table holds every rule `setup_restore`
    /// installs for it, each once: the chain with its DNAT rules, and the
    /// jumps and masquerades elsewhere (found by their comment, which
    /// iptables-save prints as written).
    pub fn is_complete_in(&self, family: IpFamily, saved: &Ruleset) -> bool {
        let chain = self.chain();
        let comment = self.comment();
        let Some(table) = saved.table(Table::Nat) else {
            return false;
        };
        let (dnat, outer) = self.specs(family);
        saved.has_chain(Table::Nat, &chain)
            && saved.chain_rules(Table::Nat, &chain).len() == dnat.len()
            && table
                .rules
                .iter()
                .filter(|r| r.chain != chain && r.spec.contains(&comment))
                .count()
                == outer.len()
    }

    /// The restore input that installs the family's rules.
    pub fn setup_restore(&self, family: IpFamily) -> String {
        let chain = self.chain();
        let (dnat, outer) = self.specs(family);
        let mut text = format!("*nat\n:{chain} - [0:0]\n");
        for spec in dnat {
            text.push_str(&format!("-A {chain} {spec}\n"));
        }
        for (from, spec) in outer {
            if from == "POSTROUTING" {
                text.push_str(&format!("-I {from} 1 {spec}\n"));
            } else {
                text.push_str(&format!("-A {from} {spec}\n"));
            }
        }
        text.push_str("COMMIT\n");
        text
    }

    /// The restore input that removes exactly what setup installed.
    pub fn teardown_restore(&self, family: IpFamily) -> String {
        let chain = self.chain();
        let (_, outer) = self.specs(family);
        let mut text = format!("*nat\n:{chain} - [0:0]\n");
        for (from, spec) in outer {
            text.push_str(&format!("-D {from} {spec}\n"));
        }
        text.push_str(&format!("-X {chain}\nCOMMIT\n"));
        text
    }

    /// The restore input that removes whatever of this attachment's rules a
    /// saved nat table still holds (found by chain name and comment).
    pub fn teardown_from_saved(&self, saved: &Ruleset) -> String {
        let chain = self.chain();
        let comment = self.comment();
        let mut text = format!("*nat\n:{chain} - [0:0]\n");
        if let Some(table) = saved.table(Table::Nat) {
            for rule in &table.rules {
                if rule.chain != chain
                    && (rule.target().as_deref() == Some(chain.as_str())
                        || rule.spec.contains(&comment))
                {
                    text.push_str(&format!("-D {} {}\n", rule.chain, rule.spec));
                }
            }
        }
        text.push_str(&format!("-X {chain}\nCOMMIT\n"));
        text
    }
}

fn host_prefix(ip: IpAddr) -> u8 {
    if ip.is_ipv4() {
        32
    } else {
        128
    }
}

impl IptablesDriver {
    /// Installs the attachment's DNAT rules: one restore per family with a
    /// mapping (one in all for an IPv4-only or IPv6-only publication).
    pub fn publish_ports(&self, p: &Publication) -> Result<(), FirewallError> {
        for family in p.families() {
            self.restore(
                family,
                &p.setup_restore(family),
                &p.network,
                &[(Table::Nat, p.chain())],
            )?;
        }
        Ok(())
    }

    /// Removes them; succeeds when they are gone already. Every family is
    /// tried; failures are collected.
    pub fn unpublish_ports(&self, p: &Publication) -> Result<(), FirewallError> {
        let mut errors = Vec::new();
        for family in p.families() {
            let chains = [(Table::Nat, p.chain())];
            if self
                .restore(family, &p.teardown_restore(family), &p.network, &chains)
                .is_ok()
            {
                continue;
            }
            let outcome = self
                .save(family, Some(Table::Nat), &p.network)
                .and_then(|saved| {
                    self.restore(family, &p.teardown_from_saved(&saved), &p.network, &chains)
                });
            if let Err(e) = outcome {
                errors.push(e);
            }
        }
        FirewallError::from_list(errors)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::ports::parse;

    fn publication(mappings: &[&str], addresses: &[&str]) -> Publication {
        Publication {
            network: "mynet".into(),
            container_id: "0123456789abcdef".into(),
            ifname: "eth0".into(),
            addresses: addresses.iter().map(|a| a.parse().unwrap()).collect(),
            mappings: mappings.iter().map(|m| parse(m).unwrap()).collect(),
        }
    }

    /// The nat table as iptables-save would print it after `setup_restore`,
    /// with the outer rules in `outer` (some left out or doubled by tests).
    fn saved_nat(p: &Publication, family: IpFamily, outer: &[(&str, String)]) -> Ruleset {
        let chain = p.chain();
        let (dnat, _) = p.specs(family);
        let mut text = format!("*nat\n:PREROUTING ACCEPT [0:0]\n:{chain} - [0:0]\n");
        for (from, spec) in outer {
            text.push_str(&format!("-A {from} {spec}\n"));
        }
        for spec in dnat {
            text.push_str(&format!("-A {chain} {spec}\n"));
        }
        text.push_str("COMMIT\n");
        Ruleset::from_save(&text)
    }

    #[test]
    fn complete_only_with_every_rule_once() {
        let p = publication(&["8080:80", "5353:53/udp"], &["10.15.30.2/24"]);
        let (_, outer) = p.specs(IpFamily::V4);
        let outer: Vec<(&str, String)> = outer.into_iter().collect();
        assert!(p.is_complete_in(IpFamily::V4, &saved_nat(&p, IpFamily::V4, &outer)));
        // A jump gone (POSTROUTING flushed), or doubled.
        let fewer: Vec<_> = outer.iter().skip(1).cloned().collect();
        assert!(!p.is_complete_in(IpFamily::V4, &saved_nat(&p, IpFamily::V4, &fewer)));
        let more: Vec<_> = outer.iter().chain(outer.iter().take(1)).cloned().collect();
        assert!(!p.is_complete_in(IpFamily::V4, &saved_nat(&p, IpFamily::V4, &more)));
        // The chain emptied, or the whole table gone.
        let flushed = Ruleset::from_save(&format!("*nat\n:{} - [0:0]\nCOMMIT\n", p.chain()));
        assert!(!p.is_complete_in(IpFamily::V4, &flushed));
        assert!(!p.is_complete_in(IpFamily::V4, &Ruleset::default()));
    }

    #[test]
    fn setup_is_one_nat_section_with_dnat_jumps_and_hairpin() {
        let p = publication(&["8080:80", "127.0.0.1:5353:53/udp"], &["10.15.30.2/24"]);
        assert_eq!(p.families(), [IpFamily::V4]);
        let chain = p.chain();
        assert_eq!(chain.len(), 25);
        let c = "\"cnictl network \\\"mynet\\\" publish 0123456789ab eth0\"";
        let expected = format!(
            "*nat\n:{chain} - [0:0]\n\
             -A {chain} -p tcp -m tcp --dport 8080 -m comment --comment {c} -j DNAT --to-destination 10.15.30.2:80\n\
             -A {chain} -d 127.0.0.1/32 -p udp -m udp --dport 5353 -m comment --comment {c} -j DNAT --to-destination 10.15.30.2:53\n\
             -A PREROUTING -m addrtype --dst-type LOCAL -m comment --comment {c} -j {chain}\n\
             -A OUTPUT -m addrtype --dst-type LOCAL -m comment --comment {c} -j {chain}\n\
             -I POSTROUTING 1 -s 10.15.30.0/24 -d 10.15.30.2/32 -p tcp -m tcp --dport 80 -m conntrack --ctstate DNAT -m comment --comment {c} -j MASQUERADE\n\
             -I POSTROUTING 1 -s 127.0.0.0/8 -d 10.15.30.2/32 -p tcp -m tcp --dport 80 -m conntrack --ctstate DNAT -m comment --comment {c} -j MASQUERADE\n\
             -I POSTROUTING 1 -s 10.15.30.0/24 -d 10.15.30.2/32 -p udp -m udp --dport 53 -m conntrack --ctstate DNAT -m comment --comment {c} -j MASQUERADE\n\
             -I POSTROUTING 1 -s 127.0.0.0/8 -d 10.15.30.2/32 -p udp -m udp --dport 53 -m conntrack --ctstate DNAT -m comment --comment {c} -j MASQUERADE\n\
             COMMIT\n"
        );
        assert_eq!(p.setup_restore(IpFamily::V4), expected);
        let teardown = p.teardown_restore(IpFamily::V4);
        assert!(teardown.starts_with(&format!("*nat\n:{chain} - [0:0]\n-D PREROUTING ")));
        assert!(teardown.ends_with(&format!("-X {chain}\nCOMMIT\n")));
    }

    #[test]
    fn ipv6_goes_to_ip6tables_with_brackets() {
        let p = publication(&["[::]:8080:80"], &["10.15.30.2/24", "fd00:15::2/64"]);
        assert_eq!(p.families(), [IpFamily::V6]);
        let text = p.setup_restore(IpFamily::V6);
        assert!(text.contains("--to-destination [fd00:15::2]:80"), "{text}");
        assert!(text.contains("-s fd00:15::/64 -d fd00:15::2/128"), "{text}");
        assert!(!text.contains("127.0.0.0/8"), "{text}");
        // No host address: IPv4 when the container has one.
        let p = publication(&["8080:80"], &["10.15.30.2/24", "fd00:15::2/64"]);
        assert_eq!(p.families(), [IpFamily::V4]);
        let p = publication(&["8080:80"], &["fd00:15::2/64"]);
        assert_eq!(p.families(), [IpFamily::V6]);
    }

    #[test]
    fn teardown_from_saved_deletes_what_is_left() {
        let p = publication(&["8080:80"], &["10.15.30.2/24"]);
        let chain = p.chain();
        let save = format!(
            "*nat\n:PREROUTING ACCEPT [0:0]\n:{chain} - [0:0]\n\
             -A PREROUTING -m addrtype --dst-type LOCAL -m comment --comment \"cnictl network \\\"mynet\\\" publish 0123456789ab eth0\" -j {chain}\n\
             -A PREROUTING -j OTHER\n\
             -A {chain} -p tcp -m tcp --dport 8080 -j DNAT --to-destination 10.15.30.2:80\n\
             COMMIT\n"
        );
        let text = p.teardown_from_saved(&Ruleset::from_save(&save));
        assert_eq!(
            text,
            format!(
                "*nat\n:{chain} - [0:0]\n-D PREROUTING -m addrtype --dst-type LOCAL -m comment --comment \"cnictl network \\\"mynet\\\" publish 0123456789ab eth0\" -j {chain}\n-X {chain}\nCOMMIT\n"
            )
        );
    }
}
