//! The configs users wrote by hand for the reference plugins, parsed exactly
//! as they are.

use std::path::PathBuf;

use super::examples_dir;
use crate::config::load::{ConfigSource, NetworkConfig};
use crate::config::validate::{validate, Fault};

fn load(file: &str) -> NetworkConfig {
    let path = examples_dir().join(file);
    let config = NetworkConfig::load_file(&path).unwrap_or_else(|e| panic!("{file}: {e}"));
    assert_eq!(config.bytes, std::fs::read(&path).unwrap());
    assert_eq!(config.source, ConfigSource::File(path));
    assert!(!config.is_list);
    assert_eq!(config.plugins.len(), 1);
    config
}

fn ranges(config: &NetworkConfig) -> Vec<Vec<String>> {
    config
        .range_sets()
        .unwrap()
        .iter()
        .map(|set| {
            set.iter()
                .map(|r| {
                    format!(
                        "{} {}-{} gw {}",
                        r.subnet, r.range_start, r.range_end, r.gateway
                    )
                })
                .collect()
        })
        .collect()
}

fn routes(config: &NetworkConfig) -> Vec<(String, Option<String>)> {
    config
        .ipam()
        .unwrap()
        .routes
        .iter()
        .map(|r| (r.dst.clone(), r.gw.clone()))
        .collect()
}

fn route(dst: &str, gw: Option<&str>) -> (String, Option<String>) {
    (dst.to_string(), gw.map(str::to_string))
}

#[test]
fn cni_bridge_conf() {
    let c = load("cni_bridge.conf");
    assert_eq!(c.name.as_deref(), Some("my_cni_bridge"));
    assert_eq!(c.cni_version, "0.2.0");
    assert!(c.cni_version_given);
    let bridge = c.bridge_plugin().unwrap();
    assert_eq!(bridge.plugin_type, "bridge");
    assert_eq!(bridge.bridge.as_deref(), Some("cni_bridge1"));
    assert_eq!(bridge.is_gateway, Some(true));
    assert_eq!(bridge.ip_masq, Some(true));
    let ipam = c.ipam().unwrap();
    assert_eq!(ipam.ipam_type, "host-local");
    assert_eq!(ipam.subnet.as_deref(), Some("10.13.23.0/24"));
    assert_eq!(ipam.range_start.as_deref(), Some("10.13.23.100"));
    assert_eq!(ipam.range_end.as_deref(), Some("10.13.23.200"));
    assert_eq!(ipam.gateway.as_deref(), Some("10.13.23.99"));
    assert_eq!(
        routes(&c),
        vec![
            route("0.0.0.0/0", None),
            route("1.1.1.1/32", Some("10.13.23.1"))
        ]
    );
    assert_eq!(
        ranges(&c),
        vec![vec![
            "10.13.23.0/24 10.13.23.100-10.13.23.200 gw 10.13.23.99"
        ]]
    );
    assert_eq!(c.data_dir(None), PathBuf::from("/var/lib/cni/networks"));
    assert_eq!(
        c.lease_dir(None),
        Some(PathBuf::from("/var/lib/cni/networks/my_cni_bridge"))
    );
    assert_eq!(c.dns(), None);
}

#[test]
fn mybridge2_conf() {
    let c = load("mybridge2.conf");
    assert_eq!(c.name.as_deref(), Some("mybridge"));
    assert_eq!(c.cni_version, "0.2.0");
    assert_eq!(
        c.bridge_plugin().unwrap().bridge.as_deref(),
        Some("cni_bridge1")
    );
    let ipam = c.ipam().unwrap();
    assert_eq!(ipam.subnet.as_deref(), Some("10.15.30.0/24"));
    assert_eq!(ipam.gateway.as_deref(), Some("10.15.30.99"));
    assert_eq!(
        routes(&c),
        vec![
            route("0.0.0.0/0", None),
            route("1.1.1.1/32", Some("10.15.30.1"))
        ]
    );
    assert_eq!(
        ranges(&c),
        vec![vec![
            "10.15.30.0/24 10.15.30.100-10.15.30.200 gw 10.15.30.99"
        ]]
    );
}

#[test]
fn runc_mynet_conf_has_data_dir_and_dns() {
    let c = load("runc-mynet.conf");
    assert_eq!(c.name.as_deref(), Some("mynet"));
    assert_eq!(c.bridge_plugin().unwrap().bridge.as_deref(), Some("cnibr0"));
    let ipam = c.ipam().unwrap();
    assert_eq!(ipam.subnet.as_deref(), Some("172.19.1.0/24"));
    assert_eq!(ipam.data_dir.as_deref(), Some("/run/ipam-state"));
    assert_eq!(routes(&c), vec![route("0.0.0.0/0", None)]);
    assert_eq!(
        ranges(&c),
        vec![vec!["172.19.1.0/24 172.19.1.1-172.19.1.254 gw 172.19.1.1"]]
    );
    assert_eq!(c.data_dir(None), PathBuf::from("/run/ipam-state"));
    assert_eq!(
        c.lease_dir(None),
        Some(PathBuf::from("/run/ipam-state/mynet"))
    );
    let dns = c.dns().unwrap();
    assert_eq!(dns.nameservers, vec!["8.8.8.8"]);
    assert_eq!(dns.domain, None);
    assert_eq!(
        c.dns_nameservers(),
        vec!["8.8.8.8".parse::<std::net::IpAddr>().unwrap()]
    );
}

#[test]
fn ten_mynet_conf_without_cni_version_is_0_1_0() {
    let c = load("10-mynet.conf");
    assert_eq!(c.name.as_deref(), Some("mynet"));
    assert_eq!(c.cni_version, "0.1.0");
    assert!(!c.cni_version_given);
    let bridge = c.bridge_plugin().unwrap();
    assert_eq!(bridge.bridge.as_deref(), Some("cni0"));
    assert_eq!(bridge.is_gateway, Some(true));
    assert_eq!(bridge.ip_masq, Some(true));
    assert_eq!(c.ipam().unwrap().subnet.as_deref(), Some("10.22.0.0/16"));
    assert_eq!(routes(&c), vec![route("0.0.0.0/0", None)]);
    assert_eq!(
        ranges(&c),
        vec![vec!["10.22.0.0/16 10.22.0.1-10.22.255.254 gw 10.22.0.1"]]
    );
}

#[test]
fn loopback_conf_has_neither_name_nor_version() {
    let c = load("99-loopback.conf");
    assert_eq!(c.name, None);
    assert_eq!(c.plugins[0].plugin_type, "loopback");
    assert_eq!(c.cni_version, "0.1.0");
    assert!(!c.cni_version_given);
    assert!(c.ipam().is_none());
    assert_eq!(c.lease_dir(None), None);
}

#[test]
fn macvlan_conf_keeps_master_and_has_host_local_ipam() {
    let c = load("10-macvlan.conf");
    assert_eq!(c.name.as_deref(), Some("mynet"));
    assert_eq!(c.plugins[0].plugin_type, "macvlan");
    assert!(c.bridge_plugin().is_none());
    assert_eq!(c.plugins[0].extra.get("master").unwrap(), "eth0");
    assert_eq!(c.ipam().unwrap().ipam_type, "host-local");
    assert_eq!(c.ipam().unwrap().subnet.as_deref(), Some("172.17.0.0/16"));
    assert_eq!(routes(&c), vec![route("0.0.0.0/0", None)]);
    assert_eq!(
        ranges(&c),
        vec![vec![
            "172.17.0.0/16 172.17.0.1-172.17.255.254 gw 172.17.0.1"
        ]]
    );
}

#[test]
fn flannel_conf_is_a_delegating_plugin() {
    let c = load("10-flannel.conf");
    assert_eq!(c.name.as_deref(), Some("mynet"));
    assert_eq!(c.plugins[0].plugin_type, "flannel");
    assert_eq!(c.cni_version, "0.1.0");
    assert!(c.ipam().is_none());
    assert!(c.plugins[0].extra.is_empty());
}

#[test]
fn every_example_validates_without_errors() {
    let expected: &[(&str, Vec<Fault>)] = &[
        ("10-flannel.conf", vec![]),
        ("10-macvlan.conf", vec![]),
        ("10-mynet.conf", vec![]),
        (
            "99-loopback.conf",
            vec![Fault::warning(
                "name",
                "the config has no name, so it can only be selected by its path (--net <file>)",
                "add \"name\": \"lo\" to select it by name",
            )],
        ),
        ("cni_bridge.conf", vec![]),
        ("mybridge2.conf", vec![]),
        ("runc-mynet.conf", vec![]),
    ];
    for (file, faults) in expected {
        assert_eq!(&validate(&load(file)), faults, "{file}");
    }
}

/// SHA-256 of each file of `tests/data/examples`, taken from the configs
/// as their authors wrote them (the project's shared `examples/`): a copy
/// "tidied" by hand (spacing, a missing field added) would no longer test
/// what users have.
const EXAMPLE_DIGESTS: &[(&str, &str)] = &[
    (
        "10-flannel.conf",
        "e352f9f6f2a913f2e1e8d4d9fdda276cc03f21e280ab93b26dcd2b4edf2bb093",
    ),
    (
        "10-macvlan.conf",
        "b20525fa9a8dbb3ec2524b71e1029afa40de65c06e39796a73b9e406706bc5c6",
    ),
    (
        "10-mynet.conf",
        "2b67573a91c2672ac92cff7446fe7561ab2b39a151a91cbcd6b4cc2f5e95fb95",
    ),
    (
        "99-loopback.conf",
        "7db9f94fa6406ca0b0ee783b492a3f04e30673f064fbf816193962880b69e060",
    ),
    (
        "README.md",
        "46819efa8ecbdb57841edaec1a89900062920098a6eb25332289d9d44c9190de",
    ),
    (
        "cni_bridge.conf",
        "cd3f7a109643ca893993bf1bea7f8f47bbabe42fa65e33fce7e6adbd6e441132",
    ),
    (
        "mybridge2.conf",
        "4de449151dda5cc3f9d0abe2ec35bad82286e2c6ce151c3725361343e89778bd",
    ),
    (
        "runc-mynet.conf",
        "086cb8927f93e5d8dc91584bef9c92f4086a992fc8edc568933565ad88f06e17",
    ),
];

#[test]
fn examples_are_the_shared_files_byte_for_byte() {
    use sha2::{Digest, Sha256};
    let mut found: Vec<(String, String)> = std::fs::read_dir(examples_dir())
        .unwrap()
        .map(|entry| {
            let entry = entry.unwrap();
            let digest = Sha256::digest(std::fs::read(entry.path()).unwrap());
            let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
            (entry.file_name().to_string_lossy().into_owned(), hex)
        })
        .collect();
    found.sort();
    let expected: Vec<(String, String)> = EXAMPLE_DIGESTS
        .iter()
        .map(|(f, d)| (f.to_string(), d.to_string()))
        .collect();
    assert_eq!(
        found,
        expected,
        "{} differs from the shared examples",
        examples_dir().display()
    );
}
