use std::path::{Path, PathBuf};

use serde_json::Value;

use super::{fixture, list, single};
use crate::config::error::ConfigError;
use crate::config::load::{ConfigSource, FileKind, NetworkConfig};
use crate::config::types::PluginConf;

#[test]
fn conflist_plugins_inherit_the_list_name_and_version() {
    let c = NetworkConfig::load_file(&fixture("87-podman-bridge.conflist")).unwrap();
    assert!(c.is_list);
    assert_eq!(c.name.as_deref(), Some("podman"));
    assert_eq!(c.cni_version, "0.4.0");
    assert!(c.cni_version_given);
    assert!(c.disable_check);
    assert!(!c.disable_gc);
    let types: Vec<&str> = c.plugins.iter().map(|p| p.plugin_type.as_str()).collect();
    assert_eq!(types, ["bridge", "portmap", "tuning"]);
    for plugin in &c.plugins {
        assert_eq!(plugin.name.as_deref(), Some("podman"));
        assert_eq!(plugin.cni_version.as_deref(), Some("0.4.0"));
    }
    assert_eq!(
        c.bridge_plugin().unwrap().bridge.as_deref(),
        Some("cni-podman0")
    );
    assert_eq!(c.bridge_plugin().unwrap().hairpin_mode, Some(true));
    assert_eq!(c.plugins[1].extra["capabilities"]["portMappings"], true);
    assert_eq!(c.list_extra["x-podman-labels"]["owner"], "ops");
    assert_eq!(
        c.bytes,
        std::fs::read(fixture("87-podman-bridge.conflist")).unwrap()
    );
}

#[test]
fn conflist_without_cni_version_is_0_1_0_and_plugins_get_none() {
    let c = list(r#"{"name": "old", "plugins": [{"type": "bridge", "cniVersion": "1.0.0"}]}"#);
    assert_eq!(c.cni_version, "0.1.0");
    assert!(!c.cni_version_given);
    assert_eq!(c.plugins[0].cni_version, None);
}

#[test]
fn single_conf_without_cni_version_is_0_1_0() {
    let c = single(r#"{"name": "n", "type": "bridge"}"#);
    assert_eq!(c.cni_version, "0.1.0");
    assert!(!c.cni_version_given);
    assert_eq!(c.plugins[0].cni_version, None);
}

#[test]
fn cni_versions_picks_the_highest_supported() {
    let c = list(
        r#"{"name": "n", "cniVersion": "0.3.1", "cniVersions": ["0.4.0", "1.0.0", "9.9.9"], "plugins": [{"type": "bridge"}]}"#,
    );
    assert_eq!(c.cni_version, "1.0.0");
    assert_eq!(c.plugins[0].cni_version.as_deref(), Some("1.0.0"));
}

#[test]
fn loose_booleans_are_read_as_libcni_reads_them() {
    let c = list(
        r#"{"name": "n", "disableGC": "False", "disableCheck": true, "plugins": [{"type": "bridge"}]}"#,
    );
    assert!(c.disable_check);
    assert!(!c.disable_gc);
    let err = NetworkConfig::from_bytes(
        br#"{"name": "n", "disableGC": "maybe", "plugins": []}"#.to_vec(),
        FileKind::List,
        ConfigSource::Stdin,
    )
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "network config on stdin: disableGC: \"maybe\" is not a boolean; write \"disableGC\": true or \"disableGC\": false"
    );
}

#[test]
fn unknown_fields_survive_a_round_trip() {
    let path = fixture("20-unknown-fields.conf");
    let original: Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    let c = NetworkConfig::load_file(&path).unwrap();
    let plugin = &c.plugins[0];
    assert_eq!(plugin.extra["vendorSetting"]["nested"][2]["deep"], true);
    assert_eq!(
        plugin.ipam.as_ref().unwrap().extra["customIpamField"],
        "kept"
    );
    assert_eq!(
        plugin.ipam.as_ref().unwrap().routes[0].extra["priority"],
        10
    );
    let written = serde_json::to_value(plugin).unwrap();
    assert_eq!(written, original);
    // Key order is kept too (serde_json's preserve_order), so a rewritten
    // file still reads like the original.
    let keys: Vec<&String> = written.as_object().unwrap().keys().collect();
    assert_eq!(keys.first().map(|k| k.as_str()), Some("cniVersion"));
    let reparsed: PluginConf = serde_json::from_value(written).unwrap();
    assert_eq!(&reparsed, plugin);
}

#[test]
fn json_errors_carry_file_line_and_column() {
    let path = fixture("30-broken.conf");
    let err = NetworkConfig::load_file(&path).unwrap_err();
    match &err {
        ConfigError::Json { line, column, .. } => assert_eq!((*line, *column), (4, 19)),
        other => panic!("not a JSON error: {other:?}"),
    }
    assert_eq!(
        err.to_string(),
        format!(
            "{}: invalid JSON at line 4, column 19: key must be a string; correct the JSON at that position",
            path.display()
        )
    );
}

#[test]
fn wrong_field_types_carry_line_and_column() {
    let err = NetworkConfig::from_bytes(
        b"{\n  \"name\": \"n\",\n  \"type\": \"bridge\",\n  \"mtu\": \"1500\"\n}".to_vec(),
        FileKind::Single,
        ConfigSource::Stdin,
    )
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "network config on stdin: invalid JSON at line 4, column 15: invalid type: string \"1500\", expected u32; correct the JSON at that position"
    );
}

#[test]
fn unreadable_file_names_the_path() {
    let err = NetworkConfig::load_file(Path::new("/nonexistent/cnictl/x.conf")).unwrap_err();
    assert!(err
        .to_string()
        .starts_with("cannot read /nonexistent/cnictl/x.conf: "));
}

#[test]
fn file_kind_follows_the_extension_or_the_content() {
    assert_eq!(
        FileKind::from_path(Path::new("a/10-x.conf")),
        Some(FileKind::Single)
    );
    assert_eq!(
        FileKind::from_path(Path::new("x.json")),
        Some(FileKind::Single)
    );
    assert_eq!(
        FileKind::from_path(Path::new("x.conflist")),
        Some(FileKind::List)
    );
    assert_eq!(FileKind::from_path(Path::new("x.toml")), None);
    assert_eq!(FileKind::sniff(br#"{"plugins": []}"#), FileKind::List);
    assert_eq!(FileKind::sniff(br#"{"type": "bridge"}"#), FileKind::Single);
}

#[test]
fn data_dir_override_beats_ipam_data_dir_beats_default() {
    let with = single(
        r#"{"name": "n", "type": "bridge", "ipam": {"type": "host-local", "dataDir": "/srv/leases"}}"#,
    );
    let without = single(r#"{"name": "n", "type": "bridge", "ipam": {"type": "host-local"}}"#);
    let flag = Path::new("/tmp/override");
    assert_eq!(with.data_dir(Some(flag)), PathBuf::from("/tmp/override"));
    assert_eq!(with.data_dir(None), PathBuf::from("/srv/leases"));
    assert_eq!(
        without.data_dir(None),
        PathBuf::from("/var/lib/cni/networks")
    );
    assert_eq!(without.data_dir(Some(flag)), PathBuf::from("/tmp/override"));
    assert_eq!(
        with.lease_dir(Some(flag)),
        Some(PathBuf::from("/tmp/override/n"))
    );
    assert_eq!(with.lease_dir(None), Some(PathBuf::from("/srv/leases/n")));
}

#[test]
fn range_sets_put_the_old_style_subnet_first_then_ranges() {
    let c = NetworkConfig::load_file(&fixture("87-podman-bridge.conflist")).unwrap();
    let sets: Vec<Vec<String>> = c
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
        .collect();
    assert_eq!(
        sets,
        vec![
            vec!["10.88.0.0/16 10.88.0.10-10.88.255.254 gw 10.88.0.1".to_string()],
            vec!["fd00:88::/64 fd00:88::1-fd00:88::ffff:ffff:ffff:ffff gw fd00:88::1".to_string()],
            vec![
                "10.89.0.0/24 10.89.0.100-10.89.0.199 gw 10.89.0.1".to_string(),
                "10.89.1.0/24 10.89.1.1-10.89.1.254 gw 10.89.1.1".to_string(),
            ],
        ]
    );
}

#[test]
fn range_sets_without_any_range_is_an_error() {
    // A bridge without IPAM is L2-only: no ranges, and no fault.
    let layer2 = single(r#"{"name": "n", "type": "bridge"}"#);
    assert!(layer2.is_layer2_only());
    assert!(layer2.range_sets().unwrap().is_empty());
    let no_ipam = single(r#"{"name": "n", "type": "macvlan"}"#);
    assert_eq!(
        no_ipam.range_sets().unwrap_err().to_string(),
        "network config on stdin: network \"n\" has no IP ranges: it has no ipam section; set ipam.subnet (for example \"10.22.0.0/16\") or ipam.ranges"
    );
    let empty = single(r#"{"name": "n", "type": "bridge", "ipam": {"type": "host-local"}}"#);
    assert_eq!(
        empty.range_sets().unwrap_err().to_string(),
        "network config on stdin: network \"n\" has no IP ranges: ipam has neither subnet nor ranges; set ipam.subnet (for example \"10.22.0.0/16\") or ipam.ranges"
    );
    let bad = list(
        r#"{"name": "n", "plugins": [{"type": "bridge", "ipam": {"type": "host-local", "ranges": [[{"subnet": "10.0.0.0/24", "rangeEnd": "10.0.1.1"}]]}}]}"#,
    );
    assert_eq!(
        bad.range_sets().unwrap_err().to_string(),
        "network config on stdin: plugins[0].ipam.ranges[0][0].rangeEnd: rangeEnd 10.0.1.1 is outside subnet 10.0.0.0/24"
    );
}

#[test]
fn dns_is_merged_across_plugins() {
    let c = NetworkConfig::load_file(&fixture("87-podman-bridge.conflist")).unwrap();
    let dns = c.dns().unwrap();
    assert_eq!(dns.nameservers, ["10.88.0.1", "1.1.1.1"]);
    assert_eq!(dns.domain.as_deref(), Some("dns.podman"));
    assert_eq!(dns.search, ["example.org"]);
}

#[test]
fn ipam_comes_from_the_first_plugin_that_has_one() {
    let c = list(
        r#"{"name": "n", "cniVersion": "1.0.0", "plugins": [{"type": "tuning"}, {"type": "macvlan", "ipam": {"type": "host-local", "subnet": "10.5.0.0/24"}}]}"#,
    );
    assert_eq!(c.ipam_plugin_index(), Some(1));
    assert_eq!(c.ipam().unwrap().subnet.as_deref(), Some("10.5.0.0/24"));
    assert!(c.bridge_plugin().is_none());
}

#[test]
fn only_a_network_with_addresses_masquerades() {
    let masquerades = |text: &str| single(text).plugins[0].masquerades();
    assert!(masquerades(
        r#"{"name": "n", "type": "bridge", "ipMasq": true, "ipam": {"type": "host-local", "subnet": "10.1.0.0/24"}}"#
    ));
    assert!(!masquerades(
        r#"{"name": "n", "type": "bridge", "ipam": {"type": "host-local", "subnet": "10.1.0.0/24"}}"#
    ));
    // ipMasq does nothing on an L2-only network.
    assert!(!masquerades(
        r#"{"name": "n", "type": "bridge", "ipMasq": true, "ipam": {}}"#
    ));
}
