use std::fs;

use super::examples_dir;
use crate::config::default::{default_network, find_network_or_default, DEFAULT_NETWORK_JSON};
use crate::config::load::ConfigSource;
use crate::config::validate::validate;

#[test]
fn default_network_is_a_valid_bridge_network() {
    let c = default_network();
    assert_eq!(c.source, ConfigSource::Embedded);
    assert_eq!(c.name.as_deref(), Some("cnictl"));
    assert_eq!(c.cni_version, "1.0.0");
    let bridge = c.bridge_plugin().unwrap();
    assert_eq!(bridge.bridge.as_deref(), Some("cnictl0"));
    assert_eq!(bridge.is_gateway, Some(true));
    assert_eq!(bridge.ip_masq, Some(true));
    let ipam = c.ipam().unwrap();
    assert_eq!(ipam.ipam_type, "host-local");
    assert_eq!(ipam.subnet.as_deref(), Some("10.203.0.0/24"));
    assert_eq!(ipam.routes.len(), 1);
    assert_eq!(ipam.routes[0].dst, "0.0.0.0/0");
    assert_eq!(c.bytes, DEFAULT_NETWORK_JSON.as_bytes());
    assert_eq!(validate(&c), vec![]);
}

#[test]
fn default_subnet_avoids_other_tools_defaults() {
    let ours: ipnetwork::IpNetwork = "10.203.0.0/24".parse().unwrap();
    for other in [
        "172.17.0.0/16",
        "10.88.0.0/16",
        "10.244.0.0/16",
        "10.96.0.0/12",
    ] {
        let other: ipnetwork::IpNetwork = other.parse().unwrap();
        assert!(
            !other.contains(ours.network()) && !ours.contains(other.network()),
            "{other}"
        );
    }
}

#[test]
fn no_net_given_uses_the_conf_dir_cnictl_network_before_the_built_in_one() {
    let found = find_network_or_default(&examples_dir(), None).unwrap();
    assert_eq!(found.config.source, ConfigSource::Embedded);

    let dir = tempfile::tempdir().unwrap();
    let own = dir.path().join("50-cnictl.conf");
    fs::write(
        &own,
        r#"{"cniVersion": "1.0.0", "name": "cnictl", "type": "bridge", "bridge": "mine0", "ipam": {"type": "host-local", "subnet": "10.77.0.0/24"}}"#,
    )
    .unwrap();
    let found = find_network_or_default(dir.path(), None).unwrap();
    assert_eq!(found.config.source, ConfigSource::File(own));

    let missing = dir.path().join("absent");
    let found = find_network_or_default(&missing, None).unwrap();
    assert_eq!(found.config.source, ConfigSource::Embedded);

    let named = find_network_or_default(&examples_dir(), Some("mybridge")).unwrap();
    assert_eq!(named.config.name.as_deref(), Some("mybridge"));
}
