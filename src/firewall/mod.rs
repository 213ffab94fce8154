//! Host firewall rules for bridge networks: what the CNI `bridge` plugin's
//! `ipMasq` does, kept per network instead of per container.
//!
//! The shape follows netavark's `FirewallDriver`: a trait with a real driver
//! ([`IptablesDriver`]) and a no-op one ([`NoneDriver`]). The rule text is built
//! by the pure functions in [`rules`], so everything except the exec of
//! `iptables-restore` / `iptables-save` is tested without root.
//!
//! Rules are installed once per network, with its first attachment, and removed
//! after its last one: a second container on a network costs no exec at all.
//! The caller decides "first" and "last" (it knows the leases); the driver only
//! makes the host match [`NetworkRules`], and doing so twice changes nothing.

#[cfg(test)]
pub mod fake;
mod iptables;
mod nft;
mod none;
pub mod orphans;
pub mod ports;
pub mod rules;

#[cfg(test)]
mod root_tests;

use std::path::PathBuf;

use ipnetwork::IpNetwork;

pub use self::iptables::IptablesDriver;
pub use self::none::NoneDriver;
pub use self::rules::IpFamily;

/// The rules one bridge network needs on the host.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NetworkRules {
    /// The CNI network name; it names the chains and appears in every comment.
    pub network: String,
    /// The Linux bridge the network's containers are attached to.
    pub bridge: String,
    /// The network's subnets; their families decide iptables vs ip6tables.
    pub subnets: Vec<IpNetwork>,
    /// The config's `ipMasq`: masquerade traffic leaving the subnets.
    pub masquerade: bool,
}

/// What [`Firewall::network_state`] found on the host.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RulesState {
    /// Every rule the network needs is there, and nothing stale.
    Complete,
    /// None of the network's chains or jumps exist.
    Absent,
    /// Some rules exist but not all, or some differ; each entry says what.
    Partial { problems: Vec<String> },
}

/// A host firewall backend.
pub trait Firewall: Send + Sync {
    /// Short name, as given to `--firewall-driver`.
    fn driver_name(&self) -> &'static str;

    /// Install the network's chains and jumps, or repair them. Idempotent:
    /// rules already in place are neither duplicated nor rewritten.
    fn setup_network(&self, rules: &NetworkRules) -> Result<(), FirewallError>;

    /// Remove the network's chains and the jumps to them. Succeeds when some
    /// or all of them are already gone. Give it the same `NetworkRules` as
    /// setup: the subnets' families decide which of iptables/ip6tables it reads.
    fn teardown_network(&self, rules: &NetworkRules) -> Result<(), FirewallError>;

    /// Remove the per-container chain the reference `bridge` plugin made for
    /// `ipMasq` (`CNI-<hash of network + container id>`) and every jump to it,
    /// whatever its source address, in both iptables and ip6tables. No error
    /// when there is none.
    fn remove_reference_chain(
        &self,
        network_name: &str,
        container_id: &str,
    ) -> Result<(), FirewallError>;

    /// Create an empty chain named as the reference `bridge` plugin names its
    /// per-container masquerade chain, in the given families. cnictl needs
    /// no such chain; it exists so that the reference plugin's DEL of this
    /// attachment finds what it looks for and succeeds (1.1.1 fails on a
    /// missing chain under iptables-nft). No exec under iptables-nft.
    fn add_compat_chain(
        &self,
        network_name: &str,
        container_id: &str,
        families: &[IpFamily],
    ) -> Result<(), FirewallError>;

    /// Remove the chain `add_compat_chain` made; no error when the
    /// reference's DEL removed it already. No exec under iptables-nft.
    fn remove_compat_chain(
        &self,
        network_name: &str,
        container_id: &str,
        families: &[IpFamily],
    ) -> Result<(), FirewallError>;

    /// Install an attachment's published ports (`add --publish`), see
    /// [`ports`]. Drivers without port publishing do nothing.
    fn publish(&self, _publication: &ports::Publication) -> Result<(), FirewallError> {
        Ok(())
    }

    /// Remove what `publish` installed; no error when it is gone already.
    fn unpublish(&self, _publication: &ports::Publication) -> Result<(), FirewallError> {
        Ok(())
    }

    /// Read the host's rules and say whether the network's are all there.
    /// Costs execs (see the driver); meant for `check` and `gc`.
    fn network_state(&self, rules: &NetworkRules) -> Result<RulesState, FirewallError>;

    /// Whether every rule the network needs is in place, read from the
    /// kernel each time (never remembered): `add` asks this of every
    /// attachment, so a driver answers as cheaply as it can and errs
    /// towards "no", which costs one idempotent `setup_network`.
    fn network_in_place(&self, rules: &NetworkRules) -> Result<bool, FirewallError> {
        Ok(self.network_state(rules)? == RulesState::Complete)
    }

    /// Whether any of the network's chains exists (so there is something
    /// for `teardown_network` to do), read from the kernel.
    fn network_rules_present(&self, rules: &NetworkRules) -> Result<bool, FirewallError> {
        Ok(self.network_state(rules)? != RulesState::Absent)
    }

    /// Both families' nat and filter tables as the host has them, for
    /// judging chains (`gc`) and comparing rules (`check`, `net reload`).
    /// A driver that manages nothing sees nothing.
    fn save_all(&self) -> Result<Vec<(IpFamily, rules::Ruleset)>, FirewallError> {
        Ok(Vec::new())
    }

    /// Remove `chains` of one family and every jump to them, reading the
    /// rules again under the driver's lock so that only what still exists
    /// is deleted.
    fn remove_chains(
        &self,
        _family: IpFamily,
        _chains: &[(rules::Table, String)],
        _what: &str,
    ) -> Result<(), FirewallError> {
        Ok(())
    }
}

/// The driver called `name` (`iptables` or `none`).
pub fn driver_by_name(name: &str) -> Result<Box<dyn Firewall>, FirewallError> {
    match name {
        "iptables" => Ok(Box::new(IptablesDriver::new())),
        "none" => Ok(Box::new(NoneDriver)),
        other => Err(FirewallError::UnknownDriver(other.to_string())),
    }
}

/// Everything that can go wrong while changing the host's firewall.
#[derive(Debug, thiserror::Error)]
pub enum FirewallError {
    #[error("{tool} not found: apt-get install iptables")]
    ToolNotFound { tool: &'static str },

    #[error("cannot run {tool}: {source}")]
    Spawn {
        tool: &'static str,
        #[source]
        source: std::io::Error,
    },

    #[error(
        "{tool} failed for network \"{network}\" (chains {chains}): {}{}",
        stderr.trim(),
        failed_line.as_ref().map(|l| format!(" (input line: {l})")).unwrap_or_default()
    )]
    Restore {
        tool: &'static str,
        network: String,
        chains: String,
        stderr: String,
        /// The line of the restore input that stderr blames, when it names one.
        failed_line: Option<String>,
    },

    #[error("{tool} failed while reading the rules of network \"{network}\": {}", stderr.trim())]
    Read {
        tool: &'static str,
        network: String,
        stderr: String,
    },

    #[error("network \"{network}\": {reason}")]
    InvalidNetwork { network: String, reason: String },

    #[error("cannot lock {}: {source}", path.display())]
    Lock {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    #[error("unknown firewall driver \"{0}\" (known: iptables, none)")]
    UnknownDriver(String),

    /// Teardown keeps going after a failure; this holds every failure.
    #[error("{}", .0.iter().map(ToString::to_string).collect::<Vec<_>>().join("; "))]
    Several(Vec<FirewallError>),
}

impl FirewallError {
    /// One error from a list of failures, or `Ok` when the list is empty.
    pub fn from_list(mut errors: Vec<FirewallError>) -> Result<(), FirewallError> {
        match errors.len() {
            0 => Ok(()),
            1 => Err(errors.remove(0)),
            _ => Err(FirewallError::Several(errors)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn driver_by_name_knows_both_drivers() {
        assert_eq!(
            driver_by_name("iptables").unwrap().driver_name(),
            "iptables"
        );
        assert_eq!(driver_by_name("none").unwrap().driver_name(), "none");
        let err = driver_by_name("nft").err().unwrap();
        assert_eq!(
            err.to_string(),
            "unknown firewall driver \"nft\" (known: iptables, none)"
        );
    }

    #[test]
    fn restore_error_names_network_chains_and_stderr() {
        let err = FirewallError::Restore {
            tool: "iptables-restore",
            network: "mynet".into(),
            chains: "CNICTL-N-0123456789abcdef".into(),
            stderr: "iptables-restore: line 3 failed: No chain/target/match by that name.\n".into(),
            failed_line: Some("-X CNICTL-N-0123456789abcdef".into()),
        };
        assert_eq!(
            err.to_string(),
            "iptables-restore failed for network \"mynet\" (chains CNICTL-N-0123456789abcdef): \
             iptables-restore: line 3 failed: No chain/target/match by that name. \
             (input line: -X CNICTL-N-0123456789abcdef)"
        );
    }

    #[test]
    fn several_errors_are_joined() {
        let errs = vec![
            FirewallError::ToolNotFound {
                tool: "iptables-restore",
            },
            FirewallError::ToolNotFound {
                tool: "ip6tables-restore",
            },
        ];
        let err = FirewallError::from_list(errs).unwrap_err();
        assert_eq!(
            err.to_string(),
            "iptables-restore not found: apt-get install iptables; \
             ip6tables-restore not found: apt-get install iptables"
        );
        assert!(FirewallError::from_list(Vec::new()).is_ok());
    }
}
