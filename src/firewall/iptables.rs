//! The iptables driver: reads the host's rules with one `iptables-save` per
//! family and applies every change as one `iptables-restore --noflush -w`
//! per family, with both tables (`*nat`, `*filter`) in one input. A restore is
//! one transaction (one nftables batch), so a network's rules appear and go
//! all at once, and a failure leaves the family as it was.
//!
//! Execs per call, for a network whose subnets are all IPv4 (IPv6 alone: the
//! same through ip6tables; dual-stack: twice this):
//!
//! | call                       | execs                                          |
//! |----------------------------|------------------------------------------------|
//! | `setup_network`            | 1 `iptables-save` + 1 `iptables-restore`; 1 when all is in place |
//! | `teardown_network`         | 1 `iptables-save` + 1 `iptables-restore`; 1 when all is gone     |
//! | `remove_reference_chain`   | `iptables-save -t nat` and `ip6tables-save -t nat`, + 1 restore per family holding the chain |
//! | `network_state`            | `iptables -t nat -S` + `iptables -t filter -S` (the `iptables` crate) |
//! | `add_compat_chain`, `remove_compat_chain` | none under iptables-nft (one nf_tables netlink batch, see [`super::nft`]); else 1 restore per family |
//!
//! The save is what makes teardown idempotent: one missing object fails the
//! whole batch, so the input deletes only what the save showed. Between the
//! save and the restore a file lock keeps other cnictl processes out; the
//! reference plugins never touch `CNICTL-` chains. (`-w` waits for the xtables
//! lock of the legacy backend; `iptables-save` takes no `-w`.)

use std::fs::{File, OpenOptions};
use std::io::{ErrorKind, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::OnceLock;

use super::nft;
use super::rules::{self, FamilyPlan, IpFamily, Ruleset, Table};
use super::{Firewall, FirewallError, NetworkRules, RulesState};

/// Directories tried when a tool is not on `PATH` (a root shell via `su`
/// keeps a user's `PATH`, which on Debian lacks the sbin directories).
const SBIN_DIRS: [&str; 2] = ["/usr/sbin", "/sbin"];

/// The iptables (and ip6tables) driver.
#[derive(Debug, Clone)]
pub struct IptablesDriver {
    lock_path: PathBuf,
    /// Which iptables each family's restore tool is, found on first use.
    backends: [OnceLock<nft::Backend>; 2],
}

impl Default for IptablesDriver {
    fn default() -> Self {
        IptablesDriver::new()
    }
}

impl IptablesDriver {
    /// Where the lock that serializes cnictl's read-then-write lives.
    pub const DEFAULT_LOCK_PATH: &'static str = "/run/cnictl/firewall.lock";

    pub fn new() -> Self {
        IptablesDriver::with_lock_path(Self::DEFAULT_LOCK_PATH)
    }

    /// A driver that locks `path` instead of [`Self::DEFAULT_LOCK_PATH`].
    pub fn with_lock_path(path: impl Into<PathBuf>) -> Self {
        IptablesDriver {
            lock_path: path.into(),
            backends: Default::default(),
        }
    }

    /// Whether `family`'s iptables is the nf_tables variant, so that
    /// [`nft`] may make and remove the compat chains without an exec.
    fn backend(&self, family: IpFamily) -> nft::Backend {
        let slot = match family {
            IpFamily::V4 => &self.backends[0],
            IpFamily::V6 => &self.backends[1],
        };
        *slot.get_or_init(|| {
            find_tool(family.restore_tool())
                .and_then(|path| std::fs::canonicalize(path).ok())
                .map(|path| nft::backend_of(&path))
                .unwrap_or(nft::Backend::Other)
        })
    }

    /// Held from the save to the restore, so two cnictl processes setting up
    /// the same network cannot both see a jump missing and both add it.
    pub(super) fn lock(&self) -> Result<File, FirewallError> {
        let err = |source| FirewallError::Lock {
            path: self.lock_path.clone(),
            source,
        };
        if let Some(dir) = self.lock_path.parent() {
            std::fs::create_dir_all(dir).map_err(err)?;
        }
        let file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&self.lock_path)
            .map_err(err)?;
        file.lock().map_err(err)?;
        Ok(file)
    }

    pub(super) fn save(
        &self,
        family: IpFamily,
        table: Option<Table>,
        network: &str,
    ) -> Result<Ruleset, FirewallError> {
        let tool = family.save_tool();
        let args: Vec<&str> = match table {
            Some(t) => vec!["-t", t.as_str()],
            None => Vec::new(),
        };
        let out = run(tool, &args, None)?;
        if !out.status.success() {
            return Err(FirewallError::Read {
                tool,
                network: network.to_string(),
                stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
            });
        }
        Ok(Ruleset::from_save(&String::from_utf8_lossy(&out.stdout)))
    }

    pub(super) fn restore(
        &self,
        family: IpFamily,
        input: &str,
        network: &str,
        chains: &[(Table, String)],
    ) -> Result<(), FirewallError> {
        let tool = family.restore_tool();
        let out = run(tool, &["--noflush", "-w"], Some(input))?;
        if out.status.success() {
            return Ok(());
        }
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        Err(FirewallError::Restore {
            tool,
            network: network.to_string(),
            chains: chains
                .iter()
                .map(|(_, c)| c.as_str())
                .collect::<Vec<_>>()
                .join(", "),
            failed_line: blamed_line(&stderr, input),
            stderr,
        })
    }

    /// Read one family's nat and filter tables through the `iptables` crate.
    fn list(&self, family: IpFamily, network: &str) -> Result<Ruleset, FirewallError> {
        // Built directly rather than by `iptables::new`, which would exec
        // `iptables --version` only to learn that -w and -C exist (they have
        // since 1.4.20; Debian 12 ships 1.8.9).
        let ipt = ::iptables::IPTables {
            cmd: family.iptables(),
            has_check: true,
            has_wait: true,
            is_numeric: false,
        };
        let mut set = Ruleset::default();
        for table in [Table::Nat, Table::Filter] {
            let out = ipt.execute(table.as_str(), "-S").map_err(|e| {
                match e.downcast_ref::<std::io::Error>() {
                    Some(io) if io.kind() == ErrorKind::NotFound => FirewallError::ToolNotFound {
                        tool: family.iptables(),
                    },
                    _ => FirewallError::Read {
                        tool: family.iptables(),
                        network: network.to_string(),
                        stderr: e.to_string(),
                    },
                }
            })?;
            if !out.status.success() {
                return Err(FirewallError::Read {
                    tool: family.iptables(),
                    network: network.to_string(),
                    stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
                });
            }
            set.add_listing(table.as_str(), &String::from_utf8_lossy(&out.stdout));
        }
        Ok(set)
    }

    fn plans(rules: &NetworkRules) -> Result<Vec<FamilyPlan>, FirewallError> {
        rules::families(rules, kernel_has_ipv6())
            .into_iter()
            .map(|family| rules::plan(rules, family))
            .collect()
    }
}

impl Firewall for IptablesDriver {
    fn driver_name(&self) -> &'static str {
        "iptables"
    }

    /// Both families' nat and filter tables. A family whose tools are
    /// missing is left out: without iptables there are no rules to remove.
    fn save_all(&self) -> Result<Vec<(IpFamily, Ruleset)>, FirewallError> {
        let mut out = Vec::new();
        for family in [IpFamily::V4, IpFamily::V6] {
            match self.save(family, None, "*") {
                Ok(set) => out.push((family, set)),
                Err(FirewallError::ToolNotFound { .. }) => {}
                Err(e) => return Err(e),
            }
        }
        Ok(out)
    }

    /// Removes `chains` of one family and every jump to them, reading the
    /// rules again under the lock so that only what still exists is
    /// deleted.
    fn remove_chains(
        &self,
        family: IpFamily,
        chains: &[(Table, String)],
        what: &str,
    ) -> Result<(), FirewallError> {
        let _lock = self.lock()?;
        let current = self.save(family, None, what)?;
        match rules::remove_chains_restore(chains, &current) {
            Some(input) => self.restore(family, &input, what, chains),
            None => Ok(()),
        }
    }

    fn publish(&self, publication: &super::ports::Publication) -> Result<(), FirewallError> {
        self.publish_ports(publication)
    }

    fn unpublish(&self, publication: &super::ports::Publication) -> Result<(), FirewallError> {
        self.unpublish_ports(publication)
    }

    /// Under iptables-nft, one nf_tables lookup per chain, no exec: a
    /// chain is whole when the kernel counts exactly its planned rules and
    /// the jumps to it (a flushed chain or a flushed POSTROUTING/FORWARD
    /// lowers the count), and a chain the plan does not want is absent.
    /// Any other backend, or a lookup that fails, reads the rules.
    fn network_in_place(&self, rules: &NetworkRules) -> Result<bool, FirewallError> {
        let plans = Self::plans(rules)?;
        if plans
            .iter()
            .all(|plan| self.backend(plan.family) == nft::Backend::Nft)
        {
            match nft_in_place(&plans) {
                Ok(in_place) => return Ok(in_place),
                Err(e) => tracing::debug!("nf_tables lookup failed ({e}); reading the rules"),
            }
        }
        Ok(self.network_state(rules)? == RulesState::Complete)
    }

    /// Under iptables-nft, lookups of the network's chains, no exec.
    fn network_rules_present(&self, rules: &NetworkRules) -> Result<bool, FirewallError> {
        let families = rules::families(rules, kernel_has_ipv6());
        if families
            .iter()
            .all(|family| self.backend(*family) == nft::Backend::Nft)
        {
            let lookups: std::io::Result<Vec<bool>> = families
                .iter()
                .flat_map(|family| {
                    rules::network_chains(&rules.network)
                        .into_iter()
                        .map(move |(table, chain)| {
                            nft::chain_use(*family, table.as_str(), &chain).map(|u| u.is_some())
                        })
                })
                .collect();
            match lookups {
                Ok(found) => return Ok(found.into_iter().any(|present| present)),
                Err(e) => tracing::debug!("nf_tables lookup failed ({e}); reading the rules"),
            }
        }
        Ok(self.network_state(rules)? != RulesState::Absent)
    }

    /// On an error the families already done stay set up (each family's
    /// restore is all-or-nothing); the caller undoes with `teardown_network`.
    fn setup_network(&self, rules: &NetworkRules) -> Result<(), FirewallError> {
        let plans = Self::plans(rules)?;
        let _lock = self.lock()?;
        for plan in &plans {
            let current = self.save(plan.family, None, &rules.network)?;
            if let Some(input) = rules::setup_restore(plan, &current) {
                self.restore(plan.family, &input, &rules.network, &plan.all_chains())?;
            }
        }
        Ok(())
    }

    /// Best effort: a failure in one family does not stop the other; all
    /// failures come back together.
    fn teardown_network(&self, rules: &NetworkRules) -> Result<(), FirewallError> {
        let _lock = self.lock()?;
        let chains = rules::network_chains(&rules.network);
        let mut errors = Vec::new();
        for family in rules::families(rules, kernel_has_ipv6()) {
            let result = self.save(family, None, &rules.network).and_then(|current| {
                match rules::teardown_restore(&rules.network, &current) {
                    Some(input) => self.restore(family, &input, &rules.network, &chains),
                    None => Ok(()),
                }
            });
            if let Err(e) = result {
                errors.push(e);
            }
        }
        FirewallError::from_list(errors)
    }

    fn remove_reference_chain(
        &self,
        network_name: &str,
        container_id: &str,
    ) -> Result<(), FirewallError> {
        let _lock = self.lock()?;
        let chains = vec![(
            Table::Nat,
            rules::reference_chain_name(network_name, container_id),
        )];
        let mut errors = Vec::new();
        for family in [IpFamily::V4, IpFamily::V6] {
            let result = self
                .save(family, Some(Table::Nat), network_name)
                .and_then(
                    |current| match rules::remove_chains_restore(&chains, &current) {
                        Some(input) => self.restore(family, &input, network_name, &chains),
                        None => Ok(()),
                    },
                );
            if let Err(e) = result {
                errors.push(e);
            }
        }
        FirewallError::from_list(errors)
    }

    fn add_compat_chain(
        &self,
        network_name: &str,
        container_id: &str,
        families: &[IpFamily],
    ) -> Result<(), FirewallError> {
        let chain = rules::reference_chain_name(network_name, container_id);
        for family in families {
            if self.backend(*family) == nft::Backend::Nft {
                match nft::create_nat_chain(*family, &chain) {
                    Ok(nft::Outcome::Done) => continue,
                    Ok(_) => {}
                    Err(e) => {
                        tracing::debug!("nf_tables create of {chain} failed ({e}); using restore")
                    }
                }
            }
            self.restore(
                *family,
                &rules::compat_chain_create_restore(&chain),
                network_name,
                &[(Table::Nat, chain.clone())],
            )?;
        }
        Ok(())
    }

    fn remove_compat_chain(
        &self,
        network_name: &str,
        container_id: &str,
        families: &[IpFamily],
    ) -> Result<(), FirewallError> {
        let chain = rules::reference_chain_name(network_name, container_id);
        let mut errors = Vec::new();
        for family in families {
            if self.backend(*family) == nft::Backend::Nft {
                match nft::delete_nat_chain(*family, &chain) {
                    Ok(nft::Outcome::Done | nft::Outcome::Absent) => continue,
                    // Rules or jumps in it: someone (the reference's ADD)
                    // used the chain; remove it the thorough way.
                    Ok(nft::Outcome::FallBack) => {
                        return self.remove_reference_chain(network_name, container_id)
                    }
                    Err(e) => {
                        tracing::debug!("nf_tables delete of {chain} failed ({e}); using restore")
                    }
                }
            }
            if let Err(e) = self.restore(
                *family,
                &rules::compat_chain_delete_restore(&chain),
                network_name,
                &[(Table::Nat, chain.clone())],
            ) {
                errors.push(e);
            }
        }
        FirewallError::from_list(errors)
    }

    fn network_state(&self, rules: &NetworkRules) -> Result<RulesState, FirewallError> {
        let mut problems = Vec::new();
        let mut present = false;
        for plan in Self::plans(rules)? {
            let current = self.list(plan.family, &rules.network)?;
            problems.extend(rules::problems(&plan, &current));
            present |= rules::anything_present(&plan, &current);
        }
        Ok(if problems.is_empty() {
            RulesState::Complete
        } else if !present {
            RulesState::Absent
        } else {
            RulesState::Partial { problems }
        })
    }
}

/// Whether this kernel has IPv6, and with it the tables ip6tables works on.
fn kernel_has_ipv6() -> bool {
    Path::new("/proc/sys/net/ipv6").exists()
}

/// Where `tool` is: the first match on `PATH`, then the sbin directories.
fn find_tool(tool: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH").unwrap_or_default();
    std::env::split_paths(&path)
        .chain(SBIN_DIRS.iter().map(PathBuf::from))
        .map(|dir| dir.join(tool))
        .find(|candidate| candidate.is_file())
}

/// Run `tool` with `args`, feeding `stdin`; a tool missing from `PATH` is
/// looked for in the sbin directories before giving up.
fn run(tool: &'static str, args: &[&str], stdin: Option<&str>) -> Result<Output, FirewallError> {
    let candidates = std::iter::once(PathBuf::from(tool))
        .chain(SBIN_DIRS.iter().map(|dir| Path::new(dir).join(tool)));
    for program in candidates {
        let spawned = Command::new(&program)
            .args(args)
            .stdin(if stdin.is_some() {
                Stdio::piped()
            } else {
                Stdio::null()
            })
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn();
        let mut child = match spawned {
            Ok(child) => child,
            Err(e) if e.kind() == ErrorKind::NotFound => continue,
            // The PATH search reports EACCES when some directory on PATH
            // cannot be searched (root's PATH under another user): the tool
            // is not there, so go on to the sbin directories.
            Err(e)
                if e.kind() == ErrorKind::PermissionDenied
                    && program.parent() == Some(Path::new("")) =>
            {
                continue
            }
            Err(source) => return Err(FirewallError::Spawn { tool, source }),
        };
        if let (Some(input), Some(mut pipe)) = (stdin, child.stdin.take()) {
            // A restore that fails early closes its stdin; its exit status and
            // stderr then say why, so a broken pipe here is not the error.
            let _ = pipe.write_all(input.as_bytes());
        }
        return child
            .wait_with_output()
            .map_err(|source| FirewallError::Spawn { tool, source });
    }
    Err(FirewallError::ToolNotFound { tool })
}

/// The input line that iptables-restore's stderr blames ("line 3 failed",
/// "Error occurred at line: 3"), if any.
fn blamed_line(stderr: &str, input: &str) -> Option<String> {
    let rest = stderr
        .split_once("line: ")
        .or_else(|| stderr.split_once("line "))?
        .1;
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    let number: usize = digits.parse().ok()?;
    input
        .lines()
        .nth(number.checked_sub(1)?)
        .map(str::to_string)
}

/// [`Firewall::network_in_place`] through nf_tables lookups.
fn nft_in_place(plans: &[FamilyPlan]) -> std::io::Result<bool> {
    for plan in plans {
        for chain in &plan.wanted {
            let expected = (chain.rules.len() + chain.jumps.len()) as u32;
            if nft::chain_use(plan.family, chain.table.as_str(), &chain.chain)? != Some(expected) {
                return Ok(false);
            }
        }
        for (table, chain) in &plan.unwanted {
            if nft::chain_use(plan.family, table.as_str(), chain)?.is_some() {
                return Ok(false);
            }
        }
    }
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blamed_line_reads_both_stderr_styles() {
        let input = "*nat\n-X CNICTL-N-x\nCOMMIT\n";
        assert_eq!(
            blamed_line(
                "iptables-restore: line 2 failed: No chain/target/match by that name.",
                input
            )
            .as_deref(),
            Some("-X CNICTL-N-x")
        );
        assert_eq!(
            blamed_line(
                "iptables-restore v1.8.9 (nf_tables): Chain 'X' does not exist\nError occurred at line: 2\n",
                input
            )
            .as_deref(),
            Some("-X CNICTL-N-x")
        );
        assert_eq!(blamed_line("something else", input), None);
        assert_eq!(blamed_line("line 9 failed", input), None);
    }

    #[test]
    fn missing_tool_says_what_to_install() {
        let err = run("iptables-restore-does-not-exist", &[], None).unwrap_err();
        assert_eq!(
            err.to_string(),
            "iptables-restore-does-not-exist not found: apt-get install iptables"
        );
    }

    #[test]
    fn invalid_network_fails_before_any_exec() {
        // The lock path is unusable: reaching the lock would fail differently.
        let driver = IptablesDriver::with_lock_path("/dev/null/cannot/lock");
        let rules = NetworkRules {
            network: "n".into(),
            bridge: "bad bridge".into(),
            subnets: vec![],
            masquerade: true,
        };
        let err = driver.setup_network(&rules).unwrap_err();
        assert!(matches!(err, FirewallError::InvalidNetwork { .. }), "{err}");
    }
}
