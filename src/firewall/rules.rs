//! Pure rule building: chain names, comments, the `iptables-restore` input for
//! setup and teardown, and the parser for what `iptables-save` (or
//! `iptables -S`) reports. No I/O here.
//!
//! Layout for a network `N` with subnets `S…` and bridge `B`, per IP family:
//!
//! ```text
//! *nat                                    (only when masquerading)
//! :CNICTL-N-<hash> - [0:0]
//! -A CNICTL-N-<hash> -d S -m comment --comment "cnictl network \"N\"" -j ACCEPT      (each S)
//! -A CNICTL-N-<hash> ! -d 224.0.0.0/4 -m comment --comment "cnictl network \"N\"" -j MASQUERADE
//! -A POSTROUTING -s S -m comment --comment "cnictl network \"N\"" -j CNICTL-N-<hash> (each S)
//! COMMIT
//! *filter
//! :CNICTL-F-<hash> - [0:0]
//! -A CNICTL-F-<hash> -i B -m comment --comment "cnictl network \"N\"" -j ACCEPT
//! -A CNICTL-F-<hash> -o B -m comment --comment "cnictl network \"N\"" -j ACCEPT
//! -I FORWARD 1 -m comment --comment "cnictl network \"N\"" -j CNICTL-F-<hash>
//! COMMIT
//! ```
//!
//! IPv6 uses `! -d ff00::/8`. Every spec is written the way `iptables-save`
//! prints it back, so "is this rule present" is a string comparison.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use ipnetwork::IpNetwork;
use sha2::{Digest, Sha512};

use super::{FirewallError, NetworkRules};

/// Longest chain name iptables accepts (`XT_EXTENSION_MAXNAMELEN` - 1).
pub const MAX_CHAIN_LEN: usize = 28;

/// Prefix of every chain cnictl owns.
pub const CHAIN_PREFIX: &str = "CNICTL-";

/// Longest comment the `comment` match accepts (`XT_MAX_COMMENT_LEN` - 1).
const MAX_COMMENT_LEN: usize = 255;

/// Longest Linux interface name (`IFNAMSIZ` - 1).
const MAX_IFNAME_LEN: usize = 15;

fn sha512_hex(input: &[u8]) -> String {
    let digest = Sha512::digest(input);
    let mut hex = String::with_capacity(digest.len() * 2);
    for byte in digest.iter() {
        let _ = write!(hex, "{byte:02x}");
    }
    hex
}

/// The first 16 hex digits (64 bits) of sha512(network name). Both of a
/// network's chains carry it; 64 bits keep names of many networks apart while
/// `CNICTL-N-` + 16 = 25 characters stays under iptables' 28.
pub fn network_hash(network: &str) -> String {
    sha512_hex(network.as_bytes())[..16].to_string()
}

/// `CNICTL-N-<network_hash>`: the nat chain that masquerades for the network.
pub fn nat_chain_name(network: &str) -> String {
    format!("{CHAIN_PREFIX}N-{}", network_hash(network))
}

/// `CNICTL-F-<network_hash>`: the filter chain that lets the bridge forward.
pub fn filter_chain_name(network: &str) -> String {
    format!("{CHAIN_PREFIX}F-{}", network_hash(network))
}

/// The chain the reference `bridge` plugin makes per container for `ipMasq`:
/// `CNI-` + the first 24 hex digits of sha512(network name + container id)
/// (containernetworking/plugins `utils.FormatChainName`).
pub fn reference_chain_name(network: &str, container_id: &str) -> String {
    let hex = sha512_hex(format!("{network}{container_id}").as_bytes());
    let prefix = "CNI-";
    format!("{prefix}{}", &hex[..MAX_CHAIN_LEN - prefix.len()])
}

/// Restore input that creates an empty nat chain (or empties it).
pub fn compat_chain_create_restore(chain: &str) -> String {
    format!("*nat\n:{chain} - [0:0]\nCOMMIT\n")
}

/// Restore input that deletes a nat chain whether or not it exists: the
/// declaration creates (or empties) it, so the delete always finds it.
pub fn compat_chain_delete_restore(chain: &str) -> String {
    format!("*nat\n:{chain} - [0:0]\n-X {chain}\nCOMMIT\n")
}

/// The comment on every rule of a network, as `iptables-save` shows it once
/// quoted: `cnictl network "N"`.
pub fn network_comment(network: &str) -> String {
    format!("cnictl network \"{network}\"")
}

/// Quote a string the way `iptables-save` does, so that restore reads it back
/// as one argument and save prints it identically.
pub(super) fn quote(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 2);
    out.push('"');
    for c in value.chars() {
        if c == '"' || c == '\\' {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('"');
    out
}

/// An iptables table cnictl writes to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Table {
    Nat,
    Filter,
}

impl Table {
    pub fn as_str(self) -> &'static str {
        match self {
            Table::Nat => "nat",
            Table::Filter => "filter",
        }
    }
}

/// IPv4 rules go through iptables, IPv6 rules through ip6tables.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum IpFamily {
    V4,
    V6,
}

impl IpFamily {
    pub fn of(net: &IpNetwork) -> IpFamily {
        match net {
            IpNetwork::V4(_) => IpFamily::V4,
            IpNetwork::V6(_) => IpFamily::V6,
        }
    }

    /// The families of some addresses, each once (v4 first).
    pub fn of_addresses(ips: &[std::net::IpAddr]) -> Vec<IpFamily> {
        let mut out: Vec<IpFamily> = ips
            .iter()
            .map(|ip| {
                if ip.is_ipv4() {
                    IpFamily::V4
                } else {
                    IpFamily::V6
                }
            })
            .collect();
        out.sort();
        out.dedup();
        out
    }

    /// Multicast destinations are never masqueraded (as the reference does).
    pub fn multicast(self) -> &'static str {
        match self {
            IpFamily::V4 => "224.0.0.0/4",
            IpFamily::V6 => "ff00::/8",
        }
    }

    pub fn iptables(self) -> &'static str {
        match self {
            IpFamily::V4 => "iptables",
            IpFamily::V6 => "ip6tables",
        }
    }

    pub fn restore_tool(self) -> &'static str {
        match self {
            IpFamily::V4 => "iptables-restore",
            IpFamily::V6 => "ip6tables-restore",
        }
    }

    pub fn save_tool(self) -> &'static str {
        match self {
            IpFamily::V4 => "iptables-save",
            IpFamily::V6 => "ip6tables-save",
        }
    }
}

/// Where a jump goes in its built-in chain.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Position {
    /// `-A`: after what is there (POSTROUTING: masquerade last, like the reference).
    Append,
    /// `-I … 1`: before anything that may drop (Docker's FORWARD rules).
    First,
}

/// A rule in a built-in chain that jumps to one of cnictl's chains.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Jump {
    pub from: &'static str,
    pub spec: String,
    pub position: Position,
}

/// One chain cnictl owns: its rules in order and the jumps that lead to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChainPlan {
    pub table: Table,
    pub chain: String,
    pub rules: Vec<String>,
    pub jumps: Vec<Jump>,
}

/// What one family (iptables or ip6tables) should hold for a network.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FamilyPlan {
    pub family: IpFamily,
    /// Chains that must exist with exactly these rules and jumps.
    pub wanted: Vec<ChainPlan>,
    /// cnictl chains of this network that must not exist (the nat chain when
    /// `masquerade` is off), so that a config change does not leave them.
    pub unwanted: Vec<(Table, String)>,
}

impl FamilyPlan {
    /// Every chain of the network in this family, wanted or not.
    pub fn all_chains(&self) -> Vec<(Table, String)> {
        let mut all: Vec<(Table, String)> = self
            .wanted
            .iter()
            .map(|c| (c.table, c.chain.clone()))
            .chain(self.unwanted.iter().cloned())
            .collect();
        all.sort();
        all
    }
}

/// Refuse names that could not round-trip through an iptables comment or
/// interface match, before anything on the host changes.
pub fn validate(rules: &NetworkRules) -> Result<(), FirewallError> {
    let invalid = |reason: String| FirewallError::InvalidNetwork {
        network: rules.network.clone(),
        reason,
    };
    if rules.network.is_empty() {
        return Err(invalid("the network name is empty".into()));
    }
    if rules.network.chars().any(|c| c.is_control()) {
        return Err(invalid(
            "the network name contains control characters, which iptables comments cannot hold"
                .into(),
        ));
    }
    let comment = network_comment(&rules.network);
    if comment.len() > MAX_COMMENT_LEN {
        return Err(invalid(format!(
            "the network name is too long for an iptables comment ({} bytes, at most {})",
            rules.network.len(),
            MAX_COMMENT_LEN - network_comment("").len()
        )));
    }
    let bridge = &rules.bridge;
    if bridge.is_empty()
        || bridge.len() > MAX_IFNAME_LEN
        || bridge
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || c == '/' || c == '"' || c == '\\')
    {
        return Err(invalid(format!(
            "bridge name \"{bridge}\" is not a valid interface name (1-15 characters, no spaces, quotes or '/')"
        )));
    }
    Ok(())
}

/// The families a network's rules live in: those of its subnets. A network
/// without subnets (L2-only) carries whatever its containers speak, so its
/// bridge needs FORWARD in both families, IPv6 only where the kernel has
/// it (`kernel_has_ipv6`), since ip6tables cannot run without.
pub fn families(rules: &NetworkRules, kernel_has_ipv6: bool) -> Vec<IpFamily> {
    let mut families: Vec<IpFamily> = rules.subnets.iter().map(IpFamily::of).collect();
    families.sort();
    families.dedup();
    if families.is_empty() {
        families.push(IpFamily::V4);
        if kernel_has_ipv6 {
            families.push(IpFamily::V6);
        }
    }
    families
}

/// The subnets of one family, normalized to their network address (that is
/// how iptables-save prints them) and without duplicates, in config order.
fn family_subnets(rules: &NetworkRules, family: IpFamily) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for net in rules.subnets.iter().filter(|n| IpFamily::of(n) == family) {
        let text = format!("{}/{}", net.network(), net.prefix());
        if !out.contains(&text) {
            out.push(text);
        }
    }
    out
}

/// The chains, rules and jumps a network needs in one family.
pub fn plan(rules: &NetworkRules, family: IpFamily) -> Result<FamilyPlan, FirewallError> {
    validate(rules)?;
    let comment = quote(&network_comment(&rules.network));
    let nat = nat_chain_name(&rules.network);
    let filter = filter_chain_name(&rules.network);
    let subnets = family_subnets(rules, family);

    let mut wanted = Vec::new();
    let mut unwanted = Vec::new();

    if rules.masquerade && !subnets.is_empty() {
        let mut chain_rules: Vec<String> = subnets
            .iter()
            .map(|s| format!("-d {s} -m comment --comment {comment} -j ACCEPT"))
            .collect();
        chain_rules.push(format!(
            "! -d {} -m comment --comment {comment} -j MASQUERADE",
            family.multicast()
        ));
        let jumps = subnets
            .iter()
            .map(|s| Jump {
                from: "POSTROUTING",
                spec: format!("-s {s} -m comment --comment {comment} -j {nat}"),
                position: Position::Append,
            })
            .collect();
        wanted.push(ChainPlan {
            table: Table::Nat,
            chain: nat,
            rules: chain_rules,
            jumps,
        });
    } else {
        unwanted.push((Table::Nat, nat));
    }

    let bridge = &rules.bridge;
    wanted.push(ChainPlan {
        table: Table::Filter,
        chain: filter.clone(),
        rules: vec![
            format!("-i {bridge} -m comment --comment {comment} -j ACCEPT"),
            format!("-o {bridge} -m comment --comment {comment} -j ACCEPT"),
        ],
        jumps: vec![Jump {
            from: "FORWARD",
            spec: format!("-m comment --comment {comment} -j {filter}"),
            position: Position::First,
        }],
    });

    Ok(FamilyPlan {
        family,
        wanted,
        unwanted,
    })
}

/// One `-A CHAIN SPEC` line of a saved ruleset.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SavedRule {
    pub chain: String,
    pub spec: String,
}

impl SavedRule {
    /// The chain this rule jumps or goes to, if any.
    pub fn target(&self) -> Option<String> {
        let words = split_words(&self.spec);
        let mut target = None;
        for pair in words.windows(2) {
            if matches!(pair[0].as_str(), "-j" | "--jump" | "-g" | "--goto") {
                target = Some(pair[1].clone());
            }
        }
        target
    }
}

/// Split a rule spec into arguments the way iptables-restore does: on spaces,
/// with `"…"` grouping and `\` escaping inside quotes.
fn split_words(spec: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut in_word = false;
    let mut quoted = false;
    let mut chars = spec.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' if quoted => {
                if let Some(next) = chars.next() {
                    word.push(next);
                }
            }
            '"' => {
                quoted = !quoted;
                in_word = true;
            }
            c if c.is_whitespace() && !quoted => {
                if in_word {
                    words.push(std::mem::take(&mut word));
                    in_word = false;
                }
            }
            c => {
                word.push(c);
                in_word = true;
            }
        }
    }
    if in_word {
        words.push(word);
    }
    words
}

/// The chains and rules of one table.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SavedTable {
    pub chains: Vec<String>,
    pub rules: Vec<SavedRule>,
}

/// What one family's tables hold, as read from `iptables-save` or `iptables -S`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Ruleset {
    tables: BTreeMap<String, SavedTable>,
}

impl Ruleset {
    /// Parse `iptables-save` output: `*table`, `:CHAIN POLICY [p:b]`,
    /// `-A CHAIN SPEC`, `COMMIT`, `#` comments. Unknown lines are skipped.
    pub fn from_save(text: &str) -> Ruleset {
        let mut set = Ruleset::default();
        let mut current: Option<String> = None;
        for line in text.lines().map(str::trim) {
            if let Some(table) = line.strip_prefix('*') {
                set.tables.entry(table.to_string()).or_default();
                current = Some(table.to_string());
            } else if line == "COMMIT" {
                current = None;
            } else if let Some(table) = current.as_ref() {
                set.add_line(table, line, true);
            }
        }
        set
    }

    /// Add the output of `iptables -t TABLE -S` (`-P CHAIN POLICY`, `-N CHAIN`,
    /// `-A CHAIN SPEC`) as table `table`.
    pub fn add_listing(&mut self, table: &str, text: &str) {
        self.tables.entry(table.to_string()).or_default();
        for line in text.lines().map(str::trim) {
            self.add_line(table, line, false);
        }
    }

    fn add_line(&mut self, table: &str, line: &str, save_format: bool) {
        let entry = self.tables.entry(table.to_string()).or_default();
        let chain_decl = if save_format {
            line.strip_prefix(':')
        } else {
            line.strip_prefix("-P ")
                .or_else(|| line.strip_prefix("-N "))
        };
        if let Some(decl) = chain_decl {
            if let Some(name) = decl.split_whitespace().next() {
                entry.chains.push(name.to_string());
            }
        } else if let Some(rest) = line.strip_prefix("-A ") {
            let (chain, spec) = rest.split_once(' ').unwrap_or((rest, ""));
            entry.rules.push(SavedRule {
                chain: chain.to_string(),
                spec: spec.trim().to_string(),
            });
        }
    }

    pub fn table(&self, table: Table) -> Option<&SavedTable> {
        self.tables.get(table.as_str())
    }

    pub fn has_chain(&self, table: Table, chain: &str) -> bool {
        self.table(table)
            .is_some_and(|t| t.chains.iter().any(|c| c == chain))
    }

    /// The specs of the rules in `chain`, in order.
    pub fn chain_rules(&self, table: Table, chain: &str) -> Vec<&str> {
        self.table(table)
            .map(|t| {
                t.rules
                    .iter()
                    .filter(|r| r.chain == chain)
                    .map(|r| r.spec.as_str())
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Every rule in the table, in any chain, that jumps to `chain`.
    pub fn jumps_to(&self, table: Table, chain: &str) -> Vec<&SavedRule> {
        self.table(table)
            .map(|t| {
                t.rules
                    .iter()
                    .filter(|r| r.target().as_deref() == Some(chain))
                    .collect()
            })
            .unwrap_or_default()
    }
}

/// Lines of a restore input, grouped by table so each table is one
/// `*table … COMMIT` section (nat first, then filter).
#[derive(Default)]
struct RestoreText {
    sections: BTreeMap<Table, Section>,
}

#[derive(Default)]
struct Section {
    /// `:CHAIN - [0:0]` lines: create the chain, or flush it when it exists.
    declarations: Vec<String>,
    deletions: Vec<String>,
    flushes: Vec<String>,
    removals: Vec<String>,
    additions: Vec<String>,
}

impl Section {
    fn is_empty(&self) -> bool {
        self.declarations.is_empty()
            && self.deletions.is_empty()
            && self.flushes.is_empty()
            && self.removals.is_empty()
            && self.additions.is_empty()
    }
}

impl RestoreText {
    fn section(&mut self, table: Table) -> &mut Section {
        self.sections.entry(table).or_default()
    }

    /// Delete every jump to `chain`, then flush and delete it, touching only
    /// what `current` shows to exist (one missing object fails the whole batch).
    fn remove_chain(&mut self, table: Table, chain: &str, current: &Ruleset) {
        let section = self.section(table);
        for rule in current.jumps_to(table, chain) {
            section
                .deletions
                .push(format!("-D {} {}", rule.chain, rule.spec));
        }
        if current.has_chain(table, chain) {
            section.flushes.push(format!("-F {chain}"));
            section.removals.push(format!("-X {chain}"));
        }
    }

    fn render(self) -> Option<String> {
        let mut out = String::new();
        for (table, section) in self.sections {
            if section.is_empty() {
                continue;
            }
            out.push('*');
            out.push_str(table.as_str());
            out.push('\n');
            for line in section
                .declarations
                .iter()
                .chain(&section.deletions)
                .chain(&section.flushes)
                .chain(&section.removals)
                .chain(&section.additions)
            {
                out.push_str(line);
                out.push('\n');
            }
            out.push_str("COMMIT\n");
        }
        (!out.is_empty()).then_some(out)
    }
}

/// The restore input that makes `current` match `plan`, or `None` when it
/// already does (then setup needs no restore exec).
///
/// A chain whose rules differ in any way is re-declared (which flushes it)
/// and refilled; a jump is kept when an identical one exists, added when
/// missing, and stale or duplicate jumps to the chain are deleted.
pub fn setup_restore(plan: &FamilyPlan, current: &Ruleset) -> Option<String> {
    let mut text = RestoreText::default();
    for chain in &plan.wanted {
        let section = text.section(chain.table);
        let have = current.chain_rules(chain.table, &chain.chain);
        let chain_ok = current.has_chain(chain.table, &chain.chain) && have == chain.rules;
        if !chain_ok {
            section
                .declarations
                .push(format!(":{} - [0:0]", chain.chain));
        }
        let mut matched = vec![false; chain.jumps.len()];
        for existing in current.jumps_to(chain.table, &chain.chain) {
            let keep = chain.jumps.iter().enumerate().position(|(i, j)| {
                !matched[i] && j.from == existing.chain && j.spec == existing.spec
            });
            match keep {
                Some(i) => matched[i] = true,
                None => section
                    .deletions
                    .push(format!("-D {} {}", existing.chain, existing.spec)),
            }
        }
        if !chain_ok {
            for rule in &chain.rules {
                section.additions.push(format!("-A {} {rule}", chain.chain));
            }
        }
        for (jump, found) in chain.jumps.iter().zip(matched) {
            if found {
                continue;
            }
            section.additions.push(match jump.position {
                Position::Append => format!("-A {} {}", jump.from, jump.spec),
                Position::First => format!("-I {} 1 {}", jump.from, jump.spec),
            });
        }
    }
    for (table, chain) in &plan.unwanted {
        text.remove_chain(*table, chain, current);
    }
    text.render()
}

/// Both chains a network can own in a family, whatever its config says now,
/// so teardown also finds a nat chain from before `ipMasq` was turned off.
pub fn network_chains(network: &str) -> Vec<(Table, String)> {
    vec![
        (Table::Nat, nat_chain_name(network)),
        (Table::Filter, filter_chain_name(network)),
    ]
}

/// The restore input that removes every chain of the network in one family
/// and every jump to them, or `None` when nothing of it exists. Needs only the
/// name: a teardown must work even when the rest of the config is broken.
pub fn teardown_restore(network: &str, current: &Ruleset) -> Option<String> {
    remove_chains_restore(&network_chains(network), current)
}

/// The restore input that removes `chains` and every jump to them, emitting
/// deletions only for what `current` shows; `None` when none exist.
pub fn remove_chains_restore(chains: &[(Table, String)], current: &Ruleset) -> Option<String> {
    let mut text = RestoreText::default();
    for (table, chain) in chains {
        text.remove_chain(*table, chain, current);
    }
    text.render()
}

/// What differs between `current` and `plan`: one sentence per problem, empty
/// when the network's rules are complete.
pub fn problems(plan: &FamilyPlan, current: &Ruleset) -> Vec<String> {
    let tool = plan.family.iptables();
    let mut out = Vec::new();
    for chain in &plan.wanted {
        let table = chain.table.as_str();
        if !current.has_chain(chain.table, &chain.chain) {
            out.push(format!("{tool} {table}: chain {} is missing", chain.chain));
        } else if current.chain_rules(chain.table, &chain.chain) != chain.rules {
            out.push(format!(
                "{tool} {table}: chain {} does not hold the expected rules",
                chain.chain
            ));
        }
        let existing = current.jumps_to(chain.table, &chain.chain);
        for jump in &chain.jumps {
            let count = existing
                .iter()
                .filter(|r| r.chain == jump.from && r.spec == jump.spec)
                .count();
            if count == 0 {
                out.push(format!(
                    "{tool} {table}: rule missing: -A {} {}",
                    jump.from, jump.spec
                ));
            } else if count > 1 {
                out.push(format!(
                    "{tool} {table}: rule present {count} times: -A {} {}",
                    jump.from, jump.spec
                ));
            }
        }
        for rule in existing {
            if !chain
                .jumps
                .iter()
                .any(|j| j.from == rule.chain && j.spec == rule.spec)
            {
                out.push(format!(
                    "{tool} {table}: unexpected rule: -A {} {}",
                    rule.chain, rule.spec
                ));
            }
        }
    }
    for (table, chain) in &plan.unwanted {
        if current.has_chain(*table, chain) || !current.jumps_to(*table, chain).is_empty() {
            out.push(format!(
                "{tool} {}: chain {chain} should not exist (masquerading is off)",
                table.as_str()
            ));
        }
    }
    out
}

/// Whether any chain of the plan, or any jump to one, exists in `current`.
pub fn anything_present(plan: &FamilyPlan, current: &Ruleset) -> bool {
    plan.all_chains().iter().any(|(table, chain)| {
        current.has_chain(*table, chain) || !current.jumps_to(*table, chain).is_empty()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn net(network: &str, bridge: &str, subnets: &[&str], masquerade: bool) -> NetworkRules {
        NetworkRules {
            network: network.into(),
            bridge: bridge.into(),
            subnets: subnets.iter().map(|s| s.parse().unwrap()).collect(),
            masquerade,
        }
    }

    #[test]
    fn reference_chain_name_matches_the_bridge_plugin() {
        // Measured: reference bridge, network my_cni_bridge, container abc123.
        assert_eq!(
            reference_chain_name("my_cni_bridge", "abc123"),
            "CNI-c5adf6bb75c50651e4e5c4ca"
        );
    }

    #[test]
    fn network_chain_names_are_short_and_stable() {
        let hash = network_hash("my_cni_bridge");
        assert_eq!(hash.len(), 16);
        assert!(hash
            .chars()
            .all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase()));
        // sha512("my_cni_bridge") starts with this; pinned so names never drift.
        assert_eq!(hash, "b58594f36c5545e8");
        assert_eq!(nat_chain_name("my_cni_bridge"), format!("CNICTL-N-{hash}"));
        assert_eq!(
            filter_chain_name("my_cni_bridge"),
            format!("CNICTL-F-{hash}")
        );
        let long = "n".repeat(200);
        assert_eq!(nat_chain_name(&long).len(), 25);
        assert!(nat_chain_name(&long).len() <= MAX_CHAIN_LEN);
        assert_ne!(nat_chain_name("a"), nat_chain_name("b"));
    }

    #[test]
    fn v4_masquerade_setup_text_from_scratch() {
        let rules = net("mynet", "cni0", &["10.13.23.0/24"], true);
        let plan = plan(&rules, IpFamily::V4).unwrap();
        let text = setup_restore(&plan, &Ruleset::default()).unwrap();
        let h = network_hash("mynet");
        let expected = format!(
            r#"*nat
:CNICTL-N-{h} - [0:0]
-A CNICTL-N-{h} -d 10.13.23.0/24 -m comment --comment "cnictl network \"mynet\"" -j ACCEPT
-A CNICTL-N-{h} ! -d 224.0.0.0/4 -m comment --comment "cnictl network \"mynet\"" -j MASQUERADE
-A POSTROUTING -s 10.13.23.0/24 -m comment --comment "cnictl network \"mynet\"" -j CNICTL-N-{h}
COMMIT
*filter
:CNICTL-F-{h} - [0:0]
-A CNICTL-F-{h} -i cni0 -m comment --comment "cnictl network \"mynet\"" -j ACCEPT
-A CNICTL-F-{h} -o cni0 -m comment --comment "cnictl network \"mynet\"" -j ACCEPT
-I FORWARD 1 -m comment --comment "cnictl network \"mynet\"" -j CNICTL-F-{h}
COMMIT
"#
        );
        assert_eq!(text, expected);
    }

    #[test]
    fn v6_setup_text_uses_ff00_and_normalized_subnets() {
        // Host bits are dropped, as iptables-save would print the subnet.
        let rules = net("v6net", "br6", &["10.1.0.0/16", "fd00:1::5/64"], true);
        assert_eq!(families(&rules, true), vec![IpFamily::V4, IpFamily::V6]);
        let plan = plan(&rules, IpFamily::V6).unwrap();
        let text = setup_restore(&plan, &Ruleset::default()).unwrap();
        let h = network_hash("v6net");
        let expected = format!(
            r#"*nat
:CNICTL-N-{h} - [0:0]
-A CNICTL-N-{h} -d fd00:1::/64 -m comment --comment "cnictl network \"v6net\"" -j ACCEPT
-A CNICTL-N-{h} ! -d ff00::/8 -m comment --comment "cnictl network \"v6net\"" -j MASQUERADE
-A POSTROUTING -s fd00:1::/64 -m comment --comment "cnictl network \"v6net\"" -j CNICTL-N-{h}
COMMIT
*filter
:CNICTL-F-{h} - [0:0]
-A CNICTL-F-{h} -i br6 -m comment --comment "cnictl network \"v6net\"" -j ACCEPT
-A CNICTL-F-{h} -o br6 -m comment --comment "cnictl network \"v6net\"" -j ACCEPT
-I FORWARD 1 -m comment --comment "cnictl network \"v6net\"" -j CNICTL-F-{h}
COMMIT
"#
        );
        assert_eq!(text, expected);
    }

    #[test]
    fn two_subnets_share_one_nat_chain() {
        let rules = net(
            "two",
            "br2",
            &["10.1.0.0/24", "10.2.0.0/24", "10.1.0.0/24"],
            true,
        );
        let plan = plan(&rules, IpFamily::V4).unwrap();
        let nat = &plan.wanted[0];
        assert_eq!(nat.rules.len(), 3, "{:?}", nat.rules);
        assert_eq!(nat.jumps.len(), 2);
        assert!(nat.rules[0].starts_with("-d 10.1.0.0/24 "));
        assert!(nat.rules[1].starts_with("-d 10.2.0.0/24 "));
        assert!(nat.rules[2].starts_with("! -d 224.0.0.0/4 "));
    }

    #[test]
    fn masquerade_off_installs_filter_only() {
        let rules = net("plain", "br1", &["10.9.0.0/24"], false);
        let plan = plan(&rules, IpFamily::V4).unwrap();
        let text = setup_restore(&plan, &Ruleset::default()).unwrap();
        let h = network_hash("plain");
        let expected = format!(
            r#"*filter
:CNICTL-F-{h} - [0:0]
-A CNICTL-F-{h} -i br1 -m comment --comment "cnictl network \"plain\"" -j ACCEPT
-A CNICTL-F-{h} -o br1 -m comment --comment "cnictl network \"plain\"" -j ACCEPT
-I FORWARD 1 -m comment --comment "cnictl network \"plain\"" -j CNICTL-F-{h}
COMMIT
"#
        );
        assert_eq!(text, expected);
        assert_eq!(plan.unwanted, vec![(Table::Nat, nat_chain_name("plain"))]);
    }

    #[test]
    fn network_without_subnets_gets_filter_rules_in_both_families() {
        let rules = net("l2", "br9", &[], true);
        assert_eq!(families(&rules, true), vec![IpFamily::V4, IpFamily::V6]);
        // No ip6tables to run on a kernel without IPv6.
        assert_eq!(families(&rules, false), vec![IpFamily::V4]);
        for family in [IpFamily::V4, IpFamily::V6] {
            let plan = plan(&rules, family).unwrap();
            assert_eq!(plan.wanted.len(), 1);
            assert_eq!(plan.wanted[0].table, Table::Filter);
        }
    }

    #[test]
    fn a_network_with_subnets_stays_in_their_families() {
        let v4 = net("v4", "br9", &["10.1.0.0/24"], true);
        assert_eq!(families(&v4, true), vec![IpFamily::V4]);
        let v6 = net("v6", "br9", &["fd00:1::/64"], true);
        assert_eq!(families(&v6, true), vec![IpFamily::V6]);
    }

    #[test]
    fn names_that_cannot_round_trip_are_refused() {
        let bad_bridge = net("n", "has space", &["10.0.0.0/24"], true);
        let err = plan(&bad_bridge, IpFamily::V4).unwrap_err();
        assert!(
            err.to_string().contains("bridge name \"has space\""),
            "{err}"
        );
        let long_bridge = net("n", "abcdefghijklmnop", &[], true);
        assert!(plan(&long_bridge, IpFamily::V4).is_err());
        let newline = net("a\nb", "br0", &[], true);
        assert!(plan(&newline, IpFamily::V4).is_err());
        let long = net(&"x".repeat(239), "br0", &[], true);
        let err = plan(&long, IpFamily::V4).unwrap_err();
        assert!(err.to_string().contains("at most 238"), "{err}");
        assert!(plan(&net(&"x".repeat(238), "br0", &[], true), IpFamily::V4).is_ok());
    }

    #[test]
    fn quotes_in_names_are_escaped_like_iptables_save() {
        let rules = net(r#"we"ird\net"#, "br0", &[], false);
        let plan = plan(&rules, IpFamily::V4).unwrap();
        assert_eq!(
            plan.wanted[0].jumps[0].spec,
            format!(
                r#"-m comment --comment "cnictl network \"we\"ird\\net\"" -j {}"#,
                filter_chain_name(r#"we"ird\net"#)
            )
        );
    }

    /// iptables-save output, as printed for the measured reference ADD plus
    /// a cnictl network and unrelated rules.
    fn saved(h: &str) -> String {
        format!(
            r#"# Generated by iptables-save v1.8.9 (nf_tables) on Mon Nov 23 14:20:37 2026
*filter
:INPUT ACCEPT [0:0]
:FORWARD DROP [0:0]
:OUTPUT ACCEPT [0:0]
:CNICTL-F-{h} - [0:0]
:DOCKER-USER - [0:0]
-A FORWARD -m comment --comment "cnictl network \"mynet\"" -j CNICTL-F-{h}
-A FORWARD -j DOCKER-USER
-A CNICTL-F-{h} -i cni0 -m comment --comment "cnictl network \"mynet\"" -j ACCEPT
-A CNICTL-F-{h} -o cni0 -m comment --comment "cnictl network \"mynet\"" -j ACCEPT
-A DOCKER-USER -j RETURN
COMMIT
# Completed on Mon Nov 23 14:20:37 2026
*nat
:PREROUTING ACCEPT [0:0]
:INPUT ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:POSTROUTING ACCEPT [0:0]
:CNI-c5adf6bb75c50651e4e5c4ca - [0:0]
:CNICTL-N-{h} - [0:0]
-A POSTROUTING -s 10.13.23.100/32 -m comment --comment "name: \"my_cni_bridge\" id: \"abc123\"" -j CNI-c5adf6bb75c50651e4e5c4ca
-A POSTROUTING -s 10.13.23.0/24 -m comment --comment "cnictl network \"mynet\"" -j CNICTL-N-{h}
-A CNI-c5adf6bb75c50651e4e5c4ca -d 10.13.23.0/24 -m comment --comment "name: \"my_cni_bridge\" id: \"abc123\"" -j ACCEPT
-A CNI-c5adf6bb75c50651e4e5c4ca ! -d 224.0.0.0/4 -m comment --comment "name: \"my_cni_bridge\" id: \"abc123\"" -j MASQUERADE
-A CNICTL-N-{h} -d 10.13.23.0/24 -m comment --comment "cnictl network \"mynet\"" -j ACCEPT
-A CNICTL-N-{h} ! -d 224.0.0.0/4 -m comment --comment "cnictl network \"mynet\"" -j MASQUERADE
COMMIT
"#
        )
    }

    #[test]
    fn parses_iptables_save_output() {
        let h = network_hash("mynet");
        let set = Ruleset::from_save(&saved(&h));
        assert!(set.has_chain(Table::Nat, "CNI-c5adf6bb75c50651e4e5c4ca"));
        assert!(set.has_chain(Table::Filter, "FORWARD"));
        assert!(!set.has_chain(Table::Filter, "CNI-c5adf6bb75c50651e4e5c4ca"));
        assert_eq!(
            set.chain_rules(Table::Nat, "CNI-c5adf6bb75c50651e4e5c4ca"),
            vec![
                r#"-d 10.13.23.0/24 -m comment --comment "name: \"my_cni_bridge\" id: \"abc123\"" -j ACCEPT"#,
                r#"! -d 224.0.0.0/4 -m comment --comment "name: \"my_cni_bridge\" id: \"abc123\"" -j MASQUERADE"#,
            ]
        );
        let jumps = set.jumps_to(Table::Nat, "CNI-c5adf6bb75c50651e4e5c4ca");
        assert_eq!(jumps.len(), 1);
        assert_eq!(jumps[0].chain, "POSTROUTING");
        assert!(jumps[0].spec.starts_with("-s 10.13.23.100/32 "));
    }

    #[test]
    fn parses_iptables_dash_s_listing() {
        let mut set = Ruleset::default();
        set.add_listing(
            "nat",
            "-P POSTROUTING ACCEPT\n-N CNI-x\n-A POSTROUTING -s 10.0.0.1/32 -j CNI-x\n-A CNI-x -j MASQUERADE\n",
        );
        assert!(set.has_chain(Table::Nat, "POSTROUTING"));
        assert!(set.has_chain(Table::Nat, "CNI-x"));
        assert_eq!(set.jumps_to(Table::Nat, "CNI-x").len(), 1);
        assert_eq!(set.chain_rules(Table::Nat, "CNI-x"), vec!["-j MASQUERADE"]);
    }

    #[test]
    fn target_ignores_jump_words_inside_comments() {
        let rule = SavedRule {
            chain: "POSTROUTING".into(),
            spec: r#"-m comment --comment "a -j FAKE \" -j X" -j REAL"#.into(),
        };
        assert_eq!(rule.target().as_deref(), Some("REAL"));
        let goto = SavedRule {
            chain: "FORWARD".into(),
            spec: "-g SOMEWHERE".into(),
        };
        assert_eq!(goto.target().as_deref(), Some("SOMEWHERE"));
        let none = SavedRule {
            chain: "FORWARD".into(),
            spec: "-i br0".into(),
        };
        assert_eq!(none.target(), None);
    }

    #[test]
    fn setup_when_complete_needs_no_restore() {
        let h = network_hash("mynet");
        let set = Ruleset::from_save(&saved(&h));
        let rules = net("mynet", "cni0", &["10.13.23.0/24"], true);
        let plan = plan(&rules, IpFamily::V4).unwrap();
        assert_eq!(setup_restore(&plan, &set), None);
        assert!(problems(&plan, &set).is_empty());
        assert!(anything_present(&plan, &set));
    }

    #[test]
    fn setup_repairs_stale_jumps_and_changed_chains() {
        let h = network_hash("mynet");
        // The subnet changed and the bridge was renamed since the rules were made;
        // the FORWARD jump was duplicated by hand.
        let old = saved(&h).replace(
            "-A FORWARD -j DOCKER-USER",
            &format!(
                "-A FORWARD -m comment --comment \"cnictl network \\\"mynet\\\"\" -j CNICTL-F-{h}\n-A FORWARD -j DOCKER-USER"
            ),
        );
        let set = Ruleset::from_save(&old);
        let rules = net("mynet", "br-new", &["10.99.0.0/16"], true);
        let plan = plan(&rules, IpFamily::V4).unwrap();
        let text = setup_restore(&plan, &set).unwrap();
        let expected = format!(
            r#"*nat
:CNICTL-N-{h} - [0:0]
-D POSTROUTING -s 10.13.23.0/24 -m comment --comment "cnictl network \"mynet\"" -j CNICTL-N-{h}
-A CNICTL-N-{h} -d 10.99.0.0/16 -m comment --comment "cnictl network \"mynet\"" -j ACCEPT
-A CNICTL-N-{h} ! -d 224.0.0.0/4 -m comment --comment "cnictl network \"mynet\"" -j MASQUERADE
-A POSTROUTING -s 10.99.0.0/16 -m comment --comment "cnictl network \"mynet\"" -j CNICTL-N-{h}
COMMIT
*filter
:CNICTL-F-{h} - [0:0]
-D FORWARD -m comment --comment "cnictl network \"mynet\"" -j CNICTL-F-{h}
-A CNICTL-F-{h} -i br-new -m comment --comment "cnictl network \"mynet\"" -j ACCEPT
-A CNICTL-F-{h} -o br-new -m comment --comment "cnictl network \"mynet\"" -j ACCEPT
COMMIT
"#
        );
        assert_eq!(text, expected);
        let found = problems(&plan, &set);
        assert!(
            found
                .iter()
                .any(|p| p.contains("rule present 2 times: -A FORWARD")),
            "{found:?}"
        );
        assert!(
            found
                .iter()
                .any(|p| p.contains("unexpected rule: -A POSTROUTING -s 10.13.23.0/24")),
            "{found:?}"
        );
    }

    #[test]
    fn turning_masquerade_off_removes_the_nat_chain() {
        let h = network_hash("mynet");
        let set = Ruleset::from_save(&saved(&h));
        let rules = net("mynet", "cni0", &["10.13.23.0/24"], false);
        let plan = plan(&rules, IpFamily::V4).unwrap();
        let text = setup_restore(&plan, &set).unwrap();
        let expected = format!(
            r#"*nat
-D POSTROUTING -s 10.13.23.0/24 -m comment --comment "cnictl network \"mynet\"" -j CNICTL-N-{h}
-F CNICTL-N-{h}
-X CNICTL-N-{h}
COMMIT
"#
        );
        assert_eq!(text, expected);
        assert_eq!(
            problems(&plan, &set),
            vec![format!(
                "iptables nat: chain CNICTL-N-{h} should not exist (masquerading is off)"
            )]
        );
    }

    #[test]
    fn teardown_text_removes_only_what_exists() {
        let h = network_hash("mynet");
        let set = Ruleset::from_save(&saved(&h));
        let rules = net("mynet", "cni0", &["10.13.23.0/24"], true);
        let plan = plan(&rules, IpFamily::V4).unwrap();
        let text = teardown_restore("mynet", &set).unwrap();
        let expected = format!(
            r#"*nat
-D POSTROUTING -s 10.13.23.0/24 -m comment --comment "cnictl network \"mynet\"" -j CNICTL-N-{h}
-F CNICTL-N-{h}
-X CNICTL-N-{h}
COMMIT
*filter
-D FORWARD -m comment --comment "cnictl network \"mynet\"" -j CNICTL-F-{h}
-F CNICTL-F-{h}
-X CNICTL-F-{h}
COMMIT
"#
        );
        assert_eq!(text, expected);

        // Half gone: the nat jump was deleted by hand, the filter chain is gone.
        let partial = saved(&h)
            .lines()
            .filter(|l| {
                !l.contains("CNICTL-F-") && !l.starts_with("-A POSTROUTING -s 10.13.23.0/24")
            })
            .collect::<Vec<_>>()
            .join("\n");
        let set = Ruleset::from_save(&partial);
        let text = teardown_restore("mynet", &set).unwrap();
        assert_eq!(
            text,
            format!("*nat\n-F CNICTL-N-{h}\n-X CNICTL-N-{h}\nCOMMIT\n")
        );
        assert!(anything_present(&plan, &set));

        // All gone: nothing to run.
        assert_eq!(teardown_restore("mynet", &Ruleset::default()), None);
        assert!(!anything_present(&plan, &Ruleset::default()));
    }

    #[test]
    fn reference_chain_removal_text_keeps_other_chains() {
        let h = network_hash("mynet");
        let set = Ruleset::from_save(&saved(&h));
        let chain = reference_chain_name("my_cni_bridge", "abc123");
        let text = remove_chains_restore(&[(Table::Nat, chain)], &set).unwrap();
        assert_eq!(
            text,
            r#"*nat
-D POSTROUTING -s 10.13.23.100/32 -m comment --comment "name: \"my_cni_bridge\" id: \"abc123\"" -j CNI-c5adf6bb75c50651e4e5c4ca
-F CNI-c5adf6bb75c50651e4e5c4ca
-X CNI-c5adf6bb75c50651e4e5c4ca
COMMIT
"#
        );
        let other = reference_chain_name("my_cni_bridge", "def456");
        assert_eq!(remove_chains_restore(&[(Table::Nat, other)], &set), None);
    }
}
