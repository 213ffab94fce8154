//! Network configuration files: their JSON shapes, loading, finding a network
//! by name in the conf dir, validation with a message per fault, the built-in
//! default network, and cnictl's own defaults file.

pub mod default;
pub mod discover;
pub mod dns;
pub mod error;
pub mod load;
pub mod settings;
pub mod types;
pub mod validate;

#[cfg(test)]
mod tests;

pub use default::{default_network, find_network_or_default, DEFAULT_NETWORK_NAME};
pub use discover::{
    discover, find_network, find_network_by_name, ConfFile, Found, CONF_EXTENSIONS,
};
pub use error::ConfigError;
pub use load::{
    ConfigSource, FileKind, NetworkConfig, DEFAULT_DATA_DIR, IMPLICIT_CNI_VERSION,
    SUPPORTED_CNI_VERSIONS,
};
pub use settings::{ColorChoice, Defaults};
pub use types::{DnsConf, IpamConf, PluginConf, RangeConf, RouteConf};
pub use validate::{network_name_problem, require_valid, validate, Fault, Severity};
