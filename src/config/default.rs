//! The network cnictl uses when the user names none, so that
//! `cnictl add docker1n` works on a host with an empty `/etc/cni/net.d`.

use super::error::ConfigError;
use super::load::{ConfigSource, FileKind, NetworkConfig};

pub const DEFAULT_NETWORK_NAME: &str = "cnictl";
pub const DEFAULT_BRIDGE: &str = "cnictl0";

/// 10.203.0.0/24 stays clear of the ranges other tools on the same host
/// default to: Docker's 172.17.0.0/16, podman's 10.88.0.0/16, and the
/// Kubernetes pod and service ranges 10.244.0.0/16 and 10.96.0.0/12.
pub const DEFAULT_SUBNET: &str = "10.203.0.0/24";

/// Written as a config file would be, so that the attachment cache stores
/// real config bytes for it, exactly as for a file from the conf dir.
pub const DEFAULT_NETWORK_JSON: &str = r#"{
  "cniVersion": "1.0.0",
  "name": "cnictl",
  "type": "bridge",
  "bridge": "cnictl0",
  "isGateway": true,
  "ipMasq": true,
  "ipam": {
    "type": "host-local",
    "subnet": "10.203.0.0/24",
    "routes": [
      { "dst": "0.0.0.0/0" }
    ]
  }
}
"#;

/// The built-in network ([`ConfigSource::Embedded`]).
pub fn default_network() -> NetworkConfig {
    match NetworkConfig::from_bytes(
        DEFAULT_NETWORK_JSON.as_bytes().to_vec(),
        FileKind::Single,
        ConfigSource::Embedded,
    ) {
        Ok(config) => config,
        // A unit test parses and validates the constant.
        Err(e) => unreachable!("the built-in network config does not parse: {e}"),
    }
}

/// `--net` as given, or the default: a network named `cnictl` in the conf
/// dir (the user's own definition) beats the built-in one.
pub fn find_network_or_default(
    dir: &std::path::Path,
    name_or_path: Option<&str>,
) -> Result<super::discover::Found, ConfigError> {
    use super::discover::{find_network, find_network_by_name, Found};
    match name_or_path {
        Some(given) => find_network(dir, given),
        None => match find_network_by_name(dir, DEFAULT_NETWORK_NAME) {
            Ok(found) => Ok(found),
            Err(ConfigError::NetworkNotFound { .. } | ConfigError::NetworkNotFoundNoDir { .. }) => {
                Ok(Found {
                    config: default_network(),
                    warnings: Vec::new(),
                })
            }
            Err(e) => Err(e),
        },
    }
}
