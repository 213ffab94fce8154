//! One test per fault `validate` knows, asserting the field path and message.

use super::{list, single};
use crate::config::error::ConfigError;
use crate::config::load::{ConfigSource, FileKind, NetworkConfig};
use crate::config::validate::{network_name_problem, require_valid, validate, Fault, Severity};

/// (severity, field, message) of every fault, in order.
fn faults(config: &NetworkConfig) -> Vec<(Severity, String, String)> {
    validate(config)
        .into_iter()
        .map(|f| (f.severity, f.field, f.message))
        .collect()
}

fn error(field: &str, message: &str) -> (Severity, String, String) {
    (Severity::Error, field.to_string(), message.to_string())
}

fn warning(field: &str, message: &str) -> (Severity, String, String) {
    (Severity::Warning, field.to_string(), message.to_string())
}

/// A valid bridge config with `ipam` replaced.
fn bridge_with_ipam(ipam: &str) -> NetworkConfig {
    single(&format!(
        r#"{{"cniVersion": "1.0.0", "name": "n", "type": "bridge", "bridge": "br0", "ipam": {ipam}}}"#
    ))
}

#[test]
fn a_valid_config_has_no_faults() {
    let c = bridge_with_ipam(r#"{"type": "host-local", "subnet": "10.1.0.0/24"}"#);
    assert_eq!(faults(&c), vec![]);
}

#[test]
fn conflist_without_name() {
    let c = list(r#"{"cniVersion": "1.0.0", "plugins": [{"type": "bridge"}]}"#);
    assert_eq!(
        faults(&c),
        vec![error("name", "the network list has no name")]
    );
}

#[test]
fn conf_without_name() {
    let c = single(r#"{"cniVersion": "1.0.0", "type": "bridge"}"#);
    assert_eq!(
        faults(&c),
        vec![error(
            "name",
            "the config has no name: leases, the attachment cache and firewall rules are keyed by it"
        )]
    );
}

#[test]
fn loopback_without_name_is_only_a_warning() {
    let c = single(r#"{"type": "loopback"}"#);
    assert_eq!(
        faults(&c),
        vec![warning(
            "name",
            "the config has no name, so it can only be selected by its path (--net <file>)"
        )]
    );
}

#[test]
fn names_must_be_one_file_name_component_of_cni_characters() {
    let cases = [
        ("", "name is empty"),
        (".", "name \".\" is not usable: it would name the lease directory itself or its parent"),
        ("..", "name \"..\" is not usable: it would name the lease directory itself or its parent"),
        (
            "a/b",
            "name \"a/b\" contains \"/\": it must be a single file-name component (leases live in <dataDir>/<name>)",
        ),
        ("a\0b", "name \"a\\0b\" contains a NUL byte: it must be a single file-name component"),
        (
            "my net",
            "name \"my net\" is not a valid CNI network name: it must start with a letter or digit and contain only letters, digits, \"_\", \".\" and \"-\"",
        ),
        (
            "-x",
            "name \"-x\" is not a valid CNI network name: it must start with a letter or digit and contain only letters, digits, \"_\", \".\" and \"-\"",
        ),
        (
            "_x",
            "name \"_x\" is not a valid CNI network name: it must start with a letter or digit and contain only letters, digits, \"_\", \".\" and \"-\"",
        ),
    ];
    for (name, message) in cases {
        let json = serde_json::json!({"cniVersion": "1.0.0", "name": name, "type": "bridge"});
        let c = single(&json.to_string());
        assert_eq!(faults(&c), vec![error("name", message)], "{name:?}");
    }
    for ok in ["mynet", "my_cni_bridge", "a.b-c_d", "0net", "K8s-pod.net"] {
        assert_eq!(network_name_problem(ok), None, "{ok}");
    }
}

#[test]
fn missing_type() {
    let c = single(r#"{"cniVersion": "1.0.0", "name": "n"}"#);
    assert_eq!(
        faults(&c),
        vec![error(
            "type",
            "type is missing: CNI cannot tell which plugin to run"
        )]
    );
    let c = list(
        r#"{"cniVersion": "1.0.0", "name": "n", "plugins": [{"type": "bridge"}, {"capabilities": {}}]}"#,
    );
    assert_eq!(
        faults(&c),
        vec![error(
            "plugins[1].type",
            "type is missing: CNI cannot tell which plugin to run"
        )]
    );
}

#[test]
fn missing_ipam_type() {
    // For the bridge plugin an ipam without a type means L2-only, as for
    // the reference; with other fields in it, that is likely a slip.
    let c = bridge_with_ipam(r#"{"subnet": "10.1.0.0/24"}"#);
    assert_eq!(
        faults(&c),
        vec![warning(
            "ipam.type",
            "ipam has no type, so the network is L2-only: no addresses, and the rest of ipam is ignored"
        )]
    );
    assert_eq!(faults(&bridge_with_ipam("{}")), vec![]);
    // Any other plugin cannot tell which IPAM to run.
    let c = single(
        r#"{"cniVersion": "1.0.0", "name": "n", "type": "macvlan", "ipam": {"subnet": "10.1.0.0/24"}}"#,
    );
    assert_eq!(
        faults(&c),
        vec![error(
            "ipam.type",
            "ipam type is missing: CNI cannot tell which IPAM plugin to run"
        )]
    );
}

#[test]
fn layer2_only_bridge_needs_a_result_with_interfaces_and_warns_of_l3_options() {
    let c = single(
        r#"{"cniVersion": "0.2.0", "name": "n", "type": "bridge", "isGateway": true, "ipMasq": true, "ipam": {}}"#,
    );
    let found = faults(&c);
    assert_eq!(
        found
            .iter()
            .map(|(severity, field, _)| (*severity, field.as_str()))
            .collect::<Vec<_>>(),
        vec![
            (Severity::Error, "cniVersion"),
            (Severity::Warning, "isGateway"),
            (Severity::Warning, "ipMasq"),
        ]
    );
    assert!(
        found[0].2.contains("needs cniVersion 0.3.0 or later"),
        "{}",
        found[0].2
    );
    // No cniVersion is 0.1.0, and the message says so.
    let c = single(r#"{"name": "n", "type": "bridge"}"#);
    assert!(faults(&c)[0].2.contains("no cniVersion means 0.1.0"));
    for v in ["0.3.0", "0.3.1", "0.4.0", "1.0.0", "1.1.0"] {
        let c = single(&format!(
            r#"{{"cniVersion": "{v}", "name": "n", "type": "bridge"}}"#
        ));
        assert_eq!(faults(&c), vec![], "{v}");
    }
}

#[test]
fn conflist_without_plugins() {
    let c = list(r#"{"cniVersion": "1.0.0", "name": "n"}"#);
    assert_eq!(
        faults(&c),
        vec![error("plugins", "the network list has no \"plugins\"")]
    );
    let c = list(r#"{"cniVersion": "1.0.0", "name": "n", "plugins": []}"#);
    assert_eq!(
        faults(&c),
        vec![error("plugins", "the network list's \"plugins\" is empty")]
    );
}

#[test]
fn unparsable_json_is_a_fault_with_line_and_column() {
    let err = NetworkConfig::from_bytes(
        b"{\n  \"name\": \"n\"\n  \"type\": \"bridge\"\n}".to_vec(),
        FileKind::Single,
        ConfigSource::Stdin,
    )
    .unwrap_err();
    assert!(matches!(
        err,
        ConfigError::Json {
            line: 3,
            column: 3,
            ..
        }
    ));
    let fault = err.to_fault();
    assert_eq!(fault.field, "");
    assert_eq!(fault.severity, Severity::Error);
    assert_eq!(
        fault.message,
        "invalid JSON at line 3, column 3: expected `,` or `}`"
    );
}

#[test]
fn subnet_with_host_bits_set() {
    let c = bridge_with_ipam(r#"{"type": "host-local", "subnet": "10.22.0.1/16"}"#);
    assert_eq!(
        faults(&c),
        vec![error(
            "ipam.subnet",
            "subnet 10.22.0.1/16 has host bits set: the network address is 10.22.0.0/16"
        )]
    );
}

#[test]
fn subnet_with_bad_prefix() {
    let c = bridge_with_ipam(r#"{"type": "host-local", "subnet": "10.22.0.0/33"}"#);
    assert_eq!(
        faults(&c),
        vec![error(
            "ipam.subnet",
            "subnet \"10.22.0.0/33\" is not a CIDR network such as 10.22.0.0/16"
        )]
    );
    let c = bridge_with_ipam(r#"{"type": "host-local", "ranges": [[{"subnet": "10.22.0.0/31"}]]}"#);
    assert_eq!(
        faults(&c),
        vec![error(
            "ipam.ranges[0][0].subnet",
            "subnet 10.22.0.0/31 is too small to allocate from: it needs a prefix of /30 or shorter"
        )]
    );
    let c = bridge_with_ipam(r#"{"type": "host-local", "subnet": "10.22.0.0"}"#);
    assert_eq!(
        faults(&c),
        vec![error(
            "ipam.subnet",
            "subnet \"10.22.0.0\" is not a CIDR network such as 10.22.0.0/16"
        )]
    );
}

#[test]
fn range_start_outside_subnet_names_the_range() {
    let c = bridge_with_ipam(
        r#"{"type": "host-local", "ranges": [[{"subnet": "10.0.0.0/24"}, {"subnet": "10.0.1.0/24", "rangeStart": "10.0.2.5"}]]}"#,
    );
    assert_eq!(
        faults(&c),
        vec![error(
            "ipam.ranges[0][1].rangeStart",
            "rangeStart 10.0.2.5 is outside subnet 10.0.1.0/24"
        )]
    );
}

#[test]
fn range_end_and_gateway_outside_subnet() {
    let c = bridge_with_ipam(
        r#"{"type": "host-local", "subnet": "10.0.0.0/24", "rangeEnd": "10.0.9.9"}"#,
    );
    assert_eq!(
        faults(&c),
        vec![error(
            "ipam.rangeEnd",
            "rangeEnd 10.0.9.9 is outside subnet 10.0.0.0/24"
        )]
    );
    let c = bridge_with_ipam(
        r#"{"type": "host-local", "subnet": "10.0.0.0/24", "gateway": "192.168.0.1"}"#,
    );
    assert_eq!(
        faults(&c),
        vec![error(
            "ipam.gateway",
            "gateway 192.168.0.1 is outside subnet 10.0.0.0/24"
        )]
    );
    let c = bridge_with_ipam(
        r#"{"type": "host-local", "ranges": [[{"subnet": "10.0.0.0/24", "gateway": "fd00::1"}]]}"#,
    );
    assert_eq!(
        faults(&c),
        vec![error(
            "ipam.ranges[0][0].gateway",
            "gateway fd00::1 is not the same IP family as subnet 10.0.0.0/24"
        )]
    );
    let c = bridge_with_ipam(
        r#"{"type": "host-local", "subnet": "10.0.0.0/24", "gateway": "10.0.0.x"}"#,
    );
    assert_eq!(
        faults(&c),
        vec![error(
            "ipam.gateway",
            "gateway \"10.0.0.x\" is not an IP address"
        )]
    );
}

#[test]
fn range_start_after_range_end() {
    let c = bridge_with_ipam(
        r#"{"type": "host-local", "subnet": "10.0.0.0/24", "rangeStart": "10.0.0.50", "rangeEnd": "10.0.0.40"}"#,
    );
    assert_eq!(
        faults(&c),
        vec![error(
            "ipam.rangeStart",
            "rangeStart 10.0.0.50 is after rangeEnd 10.0.0.40"
        )]
    );
}

#[test]
fn overlapping_ranges_in_one_set() {
    let c = bridge_with_ipam(
        r#"{"type": "host-local", "ranges": [[{"subnet": "10.0.0.0/24"}, {"subnet": "10.0.0.0/25"}]]}"#,
    );
    assert_eq!(
        faults(&c),
        vec![error(
            "ipam.ranges[0][1]",
            "ranges 10.0.0.0/24 and 10.0.0.0/25 of one set overlap"
        )]
    );
    let c = bridge_with_ipam(
        r#"{"type": "host-local", "ranges": [[{"subnet": "10.0.0.0/24"}, {"subnet": "fd00::/64"}]]}"#,
    );
    assert_eq!(
        faults(&c),
        vec![error(
            "ipam.ranges[0][1]",
            "ranges 10.0.0.0/24 and fd00::/64 of one set mix IPv4 and IPv6"
        )]
    );
}

#[test]
fn empty_range_set() {
    let c =
        bridge_with_ipam(r#"{"type": "host-local", "ranges": [[{"subnet": "10.0.0.0/24"}], []]}"#);
    assert_eq!(
        faults(&c),
        vec![error("ipam.ranges[1]", "range set is empty")]
    );
}

#[test]
fn range_sets_overlapping_each_other() {
    // The old-style subnet is range set 0, so ranges[0] is range set 1.
    let c = bridge_with_ipam(
        r#"{"type": "host-local", "subnet": "10.0.0.0/16", "ranges": [[{"subnet": "10.0.5.0/24"}]]}"#,
    );
    assert_eq!(
        faults(&c),
        vec![error(
            "ipam.ranges[0]",
            "range set 1 (10.0.5.0/24) overlaps range set 0 (10.0.0.0/16, at ipam): both could hand out 10.0.5.1"
        )]
    );
    let c = list(
        r#"{"cniVersion": "1.0.0", "name": "n", "plugins": [{"type": "bridge", "ipam": {"type": "host-local", "ranges": [[{"subnet": "10.0.0.0/24"}], [{"subnet": "10.1.0.0/24"}], [{"subnet": "10.0.0.0/25", "rangeStart": "10.0.0.9"}]]}}]}"#,
    );
    assert_eq!(
        faults(&c),
        vec![error(
            "plugins[0].ipam.ranges[2]",
            "range set 2 (10.0.0.0/25) overlaps range set 0 (10.0.0.0/24, at plugins[0].ipam.ranges[0]): both could hand out 10.0.0.9"
        )]
    );
}

#[test]
fn host_local_without_any_range() {
    let c = bridge_with_ipam(r#"{"type": "host-local", "rangeStart": "10.0.0.5"}"#);
    assert_eq!(
        faults(&c),
        vec![
            warning("ipam.rangeStart", "rangeStart is ignored without ipam.subnet"),
            error(
                "ipam",
                "host-local ipam has neither subnet nor ranges, so there is nothing to allocate from"
            ),
        ]
    );
}

#[test]
fn other_ipam_types_are_not_checked_for_ranges() {
    let c = bridge_with_ipam(r#"{"type": "dhcp"}"#);
    assert_eq!(faults(&c), vec![]);
}

#[test]
fn bridge_name_too_long() {
    let c = single(
        r#"{"cniVersion": "1.0.0", "name": "n", "type": "bridge", "bridge": "a-very-long-bridge"}"#,
    );
    assert_eq!(
        faults(&c),
        vec![error(
            "bridge",
            "bridge name \"a-very-long-bridge\" is 18 bytes long; Linux allows at most 15 (IFNAMSIZ-1)"
        )]
    );
    let fifteen = single(
        r#"{"cniVersion": "1.0.0", "name": "n", "type": "bridge", "bridge": "exactly15bytes_"}"#,
    );
    assert_eq!(faults(&fifteen), vec![]);
}

#[test]
fn bridge_name_with_slash_or_whitespace() {
    let c = list(
        r#"{"cniVersion": "1.0.0", "name": "n", "plugins": [{"type": "bridge", "bridge": "br/0"}]}"#,
    );
    assert_eq!(
        faults(&c),
        vec![error(
            "plugins[0].bridge",
            "bridge name \"br/0\" contains \"/\", which Linux does not allow"
        )]
    );
    let c = single(r#"{"cniVersion": "1.0.0", "name": "n", "type": "bridge", "bridge": "br 0"}"#);
    assert_eq!(
        faults(&c),
        vec![error(
            "bridge",
            "bridge name \"br 0\" contains whitespace, which Linux does not allow"
        )]
    );
}

#[test]
fn unsupported_cni_version() {
    let c = single(r#"{"cniVersion": "0.5.0", "name": "n", "type": "bridge"}"#);
    assert_eq!(
        faults(&c),
        vec![error(
            "cniVersion",
            "cniVersion \"0.5.0\" is not supported (supported: 0.1.0, 0.2.0, 0.3.0, 0.3.1, 0.4.0, 1.0.0, 1.1.0)"
        )]
    );
    for v in [
        "0.1.0", "0.2.0", "0.3.0", "0.3.1", "0.4.0", "1.0.0", "1.1.0",
    ] {
        let c = single(&format!(
            r#"{{"cniVersion": "{v}", "name": "n", "type": "bridge", "ipam": {{"type": "host-local", "subnet": "10.1.0.0/24"}}}}"#
        ));
        assert_eq!(faults(&c), vec![], "{v}");
    }
}

#[test]
fn route_dst_not_a_cidr_and_gw_not_an_ip() {
    let c = bridge_with_ipam(
        r#"{"type": "host-local", "subnet": "10.0.0.0/24", "routes": [{"dst": "0.0.0.0/0"}, {"dst": "1.1.1.1", "gw": "10.0.0.x"}, {"dst": "fd00::/8", "gw": "10.0.0.1"}, {"gw": "10.0.0.1"}]}"#,
    );
    assert_eq!(
        faults(&c),
        vec![
            error("ipam.routes[1].dst", "route dst \"1.1.1.1\" is not a CIDR"),
            error(
                "ipam.routes[1].gw",
                "route gw \"10.0.0.x\" is not an IP address"
            ),
            error(
                "ipam.routes[2].gw",
                "route gw 10.0.0.1 is not the same IP family as dst fd00::/8"
            ),
            error("ipam.routes[3].dst", "route has no dst"),
        ]
    );
}

#[test]
fn mtu_out_of_range() {
    let mtu = |value: u32, ipam: &str| {
        single(&format!(
            r#"{{"cniVersion": "1.0.0", "name": "n", "type": "bridge", "mtu": {value}, "ipam": {ipam}}}"#
        ))
    };
    let v4 = r#"{"type": "host-local", "subnet": "10.0.0.0/24"}"#;
    let v6 = r#"{"type": "host-local", "ranges": [[{"subnet": "fd00::/64"}]]}"#;
    assert_eq!(
        faults(&mtu(67, v4)),
        vec![error(
            "mtu",
            "mtu 67 is out of range: IPv4 needs 68 to 65535"
        )]
    );
    assert_eq!(
        faults(&mtu(65536, v4)),
        vec![error(
            "mtu",
            "mtu 65536 is out of range: IPv4 needs 68 to 65535"
        )]
    );
    assert_eq!(faults(&mtu(68, v4)), vec![]);
    assert_eq!(faults(&mtu(65535, v4)), vec![]);
    assert_eq!(
        faults(&mtu(0, v4)),
        vec![warning("mtu", "mtu 0 means the kernel default (1500)")]
    );
    assert_eq!(
        faults(&mtu(1200, v6)),
        vec![error(
            "mtu",
            "mtu 1200 is below 1280, the minimum for IPv6 (the ranges include IPv6)"
        )]
    );
}

#[test]
fn dns_nameserver_not_an_ip() {
    let c = single(
        r#"{"cniVersion": "1.0.0", "name": "n", "type": "bridge", "dns": {"nameservers": ["8.8.8.8", "dns.google"]}}"#,
    );
    assert_eq!(
        faults(&c),
        vec![error(
            "dns.nameservers[1]",
            "nameserver \"dns.google\" is not an IP address"
        )]
    );
}

#[test]
fn host_local_ipam_of_any_plugin_is_checked() {
    let c = single(
        r#"{"name": "mynet", "type": "macvlan", "master": "eth0", "ipam": {"type": "host-local", "subnet": "172.17.0.1/16"}}"#,
    );
    assert_eq!(
        faults(&c),
        vec![error(
            "ipam.subnet",
            "subnet 172.17.0.1/16 has host bits set: the network address is 172.17.0.0/16"
        )]
    );
}

#[test]
fn unknown_plugin_types_are_fine() {
    let c = list(
        r#"{"cniVersion": "1.0.0", "name": "n", "plugins": [{"type": "flannel", "delegate": {"isDefaultGateway": true}}, {"type": "vendor-thing", "whatever": [1]}]}"#,
    );
    assert_eq!(faults(&c), vec![]);
}

#[test]
fn every_fault_is_reported_not_just_the_first() {
    let c = list(
        r#"{"cniVersion": "9.0.0", "plugins": [
            {"type": "bridge", "bridge": "much-too-long-bridge", "mtu": 10,
             "dns": {"nameservers": ["x"]},
             "ipam": {"type": "host-local", "subnet": "10.0.0.1/24",
                      "ranges": [[{"subnet": "10.1.0.0/24", "rangeStart": "10.2.0.1"}]],
                      "routes": [{"dst": "nope"}]}},
            {"name": "ignored"}
        ]}"#,
    );
    let fields: Vec<String> = validate(&c).into_iter().map(|f| f.field).collect();
    assert_eq!(
        fields,
        [
            "name",
            "cniVersion",
            "plugins[0].bridge",
            "plugins[0].mtu",
            "plugins[0].dns.nameservers[0]",
            "plugins[0].ipam.routes[0].dst",
            "plugins[0].ipam.subnet",
            "plugins[0].ipam.ranges[0][0].rangeStart",
            "plugins[1].type",
        ]
    );
}

#[test]
fn faults_display_with_their_fix() {
    let fault = Fault::error(
        "ipam.subnet",
        "subnet is missing",
        "add \"subnet\": \"10.22.0.0/16\"",
    );
    assert_eq!(
        fault.to_string(),
        "error: ipam.subnet: subnet is missing (fix: add \"subnet\": \"10.22.0.0/16\")"
    );
}

#[test]
fn invalid_error_lists_every_fault() {
    let faults = vec![
        Fault::error("name", "the network list has no name", "add \"name\""),
        Fault::warning("mtu", "mtu 0 means the kernel default (1500)", ""),
    ];
    let err = ConfigError::Invalid {
        origin: "/etc/cni/net.d/x.conflist".into(),
        faults,
    };
    assert_eq!(
        err.to_string(),
        "/etc/cni/net.d/x.conflist is not a usable network config:\n  error: name: the network list has no name (fix: add \"name\")\n  warning: mtu: mtu 0 means the kernel default (1500)"
    );
}

#[test]
fn require_valid_returns_warnings_or_every_fault() {
    let loopback = single(r#"{"type": "loopback"}"#);
    let warnings = require_valid(&loopback).unwrap();
    assert_eq!(warnings.len(), 1);
    assert_eq!(warnings[0].severity, Severity::Warning);

    let bad = single(r#"{"cniVersion": "2.0.0", "type": "bridge", "bridge": "br 0"}"#);
    assert_eq!(
        require_valid(&bad).unwrap_err().to_string(),
        "network config on stdin is not a usable network config:\n  error: name: the config has no name: leases, the attachment cache and firewall rules are keyed by it (fix: add \"name\": \"mybridge\")\n  error: cniVersion: cniVersion \"2.0.0\" is not supported (supported: 0.1.0, 0.2.0, 0.3.0, 0.3.1, 0.4.0, 1.0.0, 1.1.0) (fix: set \"cniVersion\": \"1.0.0\")\n  error: bridge: bridge name \"br 0\" contains whitespace, which Linux does not allow (fix: use a short name such as \"cni0\": at most 15 bytes, no \"/\", \":\" or spaces)"
    );
}
