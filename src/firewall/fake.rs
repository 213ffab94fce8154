//! A recording fake of [`Firewall`], for testing the attach engine (and
//! its rollback) without root, as `netlink::fake::FakeNet` does for links.
//!
//! It keeps a model of what would be installed (each network's rules, each
//! compat chain), records every call, and fails a chosen call on request.
//! A failing `setup_network` or `add_compat_chain` leaves its work half
//! done in the model, as an `iptables-restore` that died half-way can on a
//! real host, so a test sees whether the caller undoes a failed step too.

use std::collections::BTreeSet;
use std::sync::{Mutex, MutexGuard};

use super::{Firewall, FirewallError, IpFamily, NetworkRules, RulesState};

/// Which firewall operation a call was.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FwOp {
    Setup,
    Teardown,
    RemoveReferenceChain,
    AddCompatChain,
    RemoveCompatChain,
    State,
}

/// One call, with the network (and container) it was for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FwCall {
    Setup(String),
    Teardown(String),
    RemoveReferenceChain {
        network: String,
        container_id: String,
    },
    AddCompatChain {
        network: String,
        container_id: String,
        families: Vec<IpFamily>,
    },
    RemoveCompatChain {
        network: String,
        container_id: String,
        families: Vec<IpFamily>,
    },
    State(String),
}

impl FwCall {
    pub fn op(&self) -> FwOp {
        match self {
            FwCall::Setup(_) => FwOp::Setup,
            FwCall::Teardown(_) => FwOp::Teardown,
            FwCall::RemoveReferenceChain { .. } => FwOp::RemoveReferenceChain,
            FwCall::AddCompatChain { .. } => FwOp::AddCompatChain,
            FwCall::RemoveCompatChain { .. } => FwOp::RemoveCompatChain,
            FwCall::State(_) => FwOp::State,
        }
    }
}

#[derive(Debug, Default)]
struct Model {
    calls: Vec<FwCall>,
    /// Networks with rules in place, complete or half-installed.
    networks: BTreeSet<String>,
    /// (network, container id, family) of each compat chain.
    compat: BTreeSet<(String, String, IpFamily)>,
    fail_on: Vec<FwOp>,
}

/// The recording fake. All methods take `&self`, as the trait does.
#[derive(Debug, Default)]
pub struct RecordingFirewall {
    model: Mutex<Model>,
}

impl RecordingFirewall {
    pub fn new() -> Self {
        Self::default()
    }

    fn lock(&self) -> MutexGuard<'_, Model> {
        self.model
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Makes the next call of `op` fail (after its half-done work).
    pub fn fail_op(&self, op: FwOp) {
        self.lock().fail_on.push(op);
    }

    pub fn calls(&self) -> Vec<FwCall> {
        self.lock().calls.clone()
    }

    /// Networks whose rules are (at least partly) installed.
    pub fn networks(&self) -> Vec<String> {
        self.lock().networks.iter().cloned().collect()
    }

    /// Compat chains in place, as (network, container id, family).
    pub fn compat_chains(&self) -> Vec<(String, String, IpFamily)> {
        self.lock().compat.iter().cloned().collect()
    }

    /// Takes a network's rules away without recording a call, as a
    /// firewall reload on the host would.
    pub fn forget_network(&self, network: &str) {
        self.lock().networks.remove(network);
    }

    /// Puts a network's rules in place without recording a call.
    pub fn seed_network(&self, network: &str) {
        self.lock().networks.insert(network.to_string());
    }

    /// Records the call; true when it is to fail.
    fn record(model: &mut Model, call: FwCall) -> bool {
        let op = call.op();
        model.calls.push(call);
        match model.fail_on.iter().position(|o| *o == op) {
            Some(position) => {
                model.fail_on.remove(position);
                true
            }
            None => false,
        }
    }
}

fn injected(network: &str, what: &str) -> FirewallError {
    FirewallError::Restore {
        tool: "iptables-restore",
        network: network.to_string(),
        chains: "(fake)".into(),
        stderr: format!("injected failure of {what}"),
        failed_line: None,
    }
}

impl Firewall for RecordingFirewall {
    fn driver_name(&self) -> &'static str {
        "fake"
    }

    fn setup_network(&self, rules: &NetworkRules) -> Result<(), FirewallError> {
        let mut model = self.lock();
        let fail = Self::record(&mut model, FwCall::Setup(rules.network.clone()));
        // Half-installed on failure, as a restore that died mid-way.
        model.networks.insert(rules.network.clone());
        if fail {
            return Err(injected(&rules.network, "setup"));
        }
        Ok(())
    }

    fn teardown_network(&self, rules: &NetworkRules) -> Result<(), FirewallError> {
        let mut model = self.lock();
        if Self::record(&mut model, FwCall::Teardown(rules.network.clone())) {
            return Err(injected(&rules.network, "teardown"));
        }
        model.networks.remove(&rules.network);
        Ok(())
    }

    fn remove_reference_chain(
        &self,
        network_name: &str,
        container_id: &str,
    ) -> Result<(), FirewallError> {
        let mut model = self.lock();
        let call = FwCall::RemoveReferenceChain {
            network: network_name.to_string(),
            container_id: container_id.to_string(),
        };
        if Self::record(&mut model, call) {
            return Err(injected(network_name, "reference chain removal"));
        }
        Ok(())
    }

    fn add_compat_chain(
        &self,
        network_name: &str,
        container_id: &str,
        families: &[IpFamily],
    ) -> Result<(), FirewallError> {
        let mut model = self.lock();
        let call = FwCall::AddCompatChain {
            network: network_name.to_string(),
            container_id: container_id.to_string(),
            families: families.to_vec(),
        };
        let fail = Self::record(&mut model, call);
        for family in families {
            model
                .compat
                .insert((network_name.to_string(), container_id.to_string(), *family));
            // One restore per family: a failure leaves the first in place.
            if fail {
                return Err(injected(network_name, "compat chain"));
            }
        }
        if fail {
            return Err(injected(network_name, "compat chain"));
        }
        Ok(())
    }

    fn remove_compat_chain(
        &self,
        network_name: &str,
        container_id: &str,
        families: &[IpFamily],
    ) -> Result<(), FirewallError> {
        let mut model = self.lock();
        let call = FwCall::RemoveCompatChain {
            network: network_name.to_string(),
            container_id: container_id.to_string(),
            families: families.to_vec(),
        };
        if Self::record(&mut model, call) {
            return Err(injected(network_name, "compat chain removal"));
        }
        for family in families {
            model
                .compat
                .remove(&(network_name.to_string(), container_id.to_string(), *family));
        }
        Ok(())
    }

    fn network_state(&self, rules: &NetworkRules) -> Result<RulesState, FirewallError> {
        let mut model = self.lock();
        if Self::record(&mut model, FwCall::State(rules.network.clone())) {
            return Err(injected(&rules.network, "state"));
        }
        Ok(if model.networks.contains(&rules.network) {
            RulesState::Complete
        } else {
            RulesState::Absent
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules() -> NetworkRules {
        NetworkRules {
            network: "n".into(),
            bridge: "br0".into(),
            subnets: vec!["10.0.0.0/24".parse().unwrap()],
            masquerade: true,
        }
    }

    #[test]
    fn models_setup_and_teardown_and_records_calls() {
        let fw = RecordingFirewall::new();
        fw.setup_network(&rules()).unwrap();
        assert_eq!(fw.networks(), ["n"]);
        assert_eq!(fw.network_state(&rules()).unwrap(), RulesState::Complete);
        fw.teardown_network(&rules()).unwrap();
        fw.teardown_network(&rules()).unwrap();
        assert!(fw.networks().is_empty());
        assert_eq!(
            fw.calls(),
            [
                FwCall::Setup("n".into()),
                FwCall::State("n".into()),
                FwCall::Teardown("n".into()),
                FwCall::Teardown("n".into()),
            ]
        );
    }

    #[test]
    fn a_failed_step_leaves_half_its_work() {
        let fw = RecordingFirewall::new();
        fw.fail_op(FwOp::Setup);
        fw.setup_network(&rules()).unwrap_err();
        assert_eq!(fw.networks(), ["n"], "half-installed");
        fw.fail_op(FwOp::AddCompatChain);
        fw.add_compat_chain("n", "c1", &[IpFamily::V4, IpFamily::V6])
            .unwrap_err();
        assert_eq!(fw.compat_chains().len(), 1);
        fw.remove_compat_chain("n", "c1", &[IpFamily::V4, IpFamily::V6])
            .unwrap();
        assert!(fw.compat_chains().is_empty());
    }
}
