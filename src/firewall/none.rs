//! The `none` driver: the host firewall is someone else's job (another tool
//! manages it, or the host has none). Every call succeeds and changes nothing.

use super::{Firewall, FirewallError, IpFamily, NetworkRules, RulesState};

#[derive(Debug, Clone, Copy, Default)]
pub struct NoneDriver;

impl Firewall for NoneDriver {
    fn driver_name(&self) -> &'static str {
        "none"
    }

    fn setup_network(&self, _rules: &NetworkRules) -> Result<(), FirewallError> {
        Ok(())
    }

    fn teardown_network(&self, _rules: &NetworkRules) -> Result<(), FirewallError> {
        Ok(())
    }

    fn remove_reference_chain(
        &self,
        _network_name: &str,
        _container_id: &str,
    ) -> Result<(), FirewallError> {
        Ok(())
    }

    fn add_compat_chain(&self, _: &str, _: &str, _: &[IpFamily]) -> Result<(), FirewallError> {
        Ok(())
    }

    fn remove_compat_chain(&self, _: &str, _: &str, _: &[IpFamily]) -> Result<(), FirewallError> {
        Ok(())
    }

    /// Nothing is expected, so nothing is missing.
    fn network_state(&self, _rules: &NetworkRules) -> Result<RulesState, FirewallError> {
        Ok(RulesState::Complete)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn none_driver_does_nothing_and_succeeds() {
        let rules = NetworkRules {
            network: "n".into(),
            bridge: "br0".into(),
            subnets: vec!["10.0.0.0/24".parse().unwrap()],
            masquerade: true,
        };
        let fw = NoneDriver;
        assert_eq!(fw.driver_name(), "none");
        fw.setup_network(&rules).unwrap();
        fw.teardown_network(&rules).unwrap();
        fw.remove_reference_chain("n", "abc").unwrap();
        assert_eq!(fw.network_state(&rules).unwrap(), RulesState::Complete);
    }
}
