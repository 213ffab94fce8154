use serde_json::json;

use super::reference::*;
use super::{cidr, ip};
use crate::cni::{CniError, CniResult, CniVersion, Dns, Interface, IpConfig, Route};
use crate::config::DnsConf;
use crate::ipam::Allocation;

/// The random parts of one reference run.
struct Run {
    bridge_mac: &'static str,
    veth: &'static str,
    veth_mac: &'static str,
    eth0_mac: &'static str,
}

/// Runs whose MACs do not matter: 0.1.0/0.2.0 results have no interfaces.
const NO_INTERFACES: Run = Run {
    bridge_mac: "00:00:00:00:00:01",
    veth: "veth00000000",
    veth_mac: "00:00:00:00:00:02",
    eth0_mac: "00:00:00:00:00:03",
};

fn interfaces(run: &Run) -> Vec<Interface> {
    vec![
        Interface {
            name: "cni_bridge0".into(),
            mac: Some(run.bridge_mac.into()),
            ..Interface::default()
        },
        Interface {
            name: run.veth.into(),
            mac: Some(run.veth_mac.into()),
            ..Interface::default()
        },
        Interface {
            name: "eth0".into(),
            mac: Some(run.eth0_mac.into()),
            sandbox: Some("/var/run/netns/cnireft1c".into()),
            ..Interface::default()
        },
    ]
}

fn reference_routes() -> Vec<Route> {
    vec![
        Route::new(cidr("0.0.0.0/0"), None),
        Route::new(cidr("1.1.1.1/32"), Some(ip("10.13.23.1"))),
    ]
}

/// What cnictl builds for the reference `cni_bridge.conf` ADD.
fn ipv4_case(run: &Run) -> CniResult {
    CniResult {
        cni_version: CniVersion::LATEST,
        interfaces: interfaces(run),
        ips: vec![IpConfig {
            address: cidr("10.13.23.100/24"),
            gateway: Some(ip("10.13.23.99")),
            interface: Some(2),
        }],
        routes: reference_routes(),
        dns: Dns::default(),
    }
}

fn reference_dns() -> Dns {
    Dns {
        nameservers: vec!["10.13.23.99".into(), "fd00:13::1".into()],
        domain: Some("example.test".into()),
        search: vec!["example.test".into(), "test".into()],
        options: vec!["ndots:2".into()],
    }
}

fn dual_dns_case(run: &Run) -> CniResult {
    let mut result = ipv4_case(run);
    result.ips.push(IpConfig {
        address: cidr("fd00:13::100/64"),
        gateway: Some(ip("fd00:13::1")),
        interface: Some(2),
    });
    result.dns = reference_dns();
    result
}

/// The reference text with another cniVersion: for versions whose shape is
/// another version's (0.1.0 = 0.2.0, 0.3.x = 0.4.0, 1.1.0 = 1.0.0 in libcni).
fn with_version(text: &str, from: &str, to: &str) -> String {
    let from = format!("\"cniVersion\": \"{from}\"");
    assert!(text.contains(&from));
    text.replace(&from, &format!("\"cniVersion\": \"{to}\""))
}

fn run_0_3_0() -> Run {
    Run {
        bridge_mac: "f6:2e:49:cb:25:13",
        veth: "veth165a99b5",
        veth_mac: "a2:35:93:b5:fe:df",
        eth0_mac: "9e:50:89:b6:65:81",
    }
}

fn run_0_3_1() -> Run {
    Run {
        bridge_mac: "fa:ff:39:18:bf:41",
        veth: "vethba504147",
        veth_mac: "5a:98:2a:9d:fe:42",
        eth0_mac: "d2:06:ce:2b:cc:e7",
    }
}

fn run_0_4_0() -> Run {
    Run {
        bridge_mac: "82:d7:34:ac:da:04",
        veth: "veth2cbb17a4",
        veth_mac: "52:3c:33:5e:51:fa",
        eth0_mac: "8a:44:1b:58:b2:df",
    }
}

fn run_1_0_0() -> Run {
    Run {
        bridge_mac: "8e:b3:da:b0:f9:72",
        veth: "veth43a8dde8",
        veth_mac: "96:b7:ba:81:c3:b0",
        eth0_mac: "ce:29:47:4e:c0:b5",
    }
}

fn dual_run_0_4_0() -> Run {
    Run {
        bridge_mac: "b6:a7:f5:8e:f0:7d",
        veth: "veth7b778421",
        veth_mac: "ea:4d:7b:a9:69:da",
        eth0_mac: "f2:20:91:6a:79:51",
    }
}

fn dual_run_1_0_0() -> Run {
    Run {
        bridge_mac: "e6:21:24:69:78:49",
        veth: "veth12935398",
        veth_mac: "da:0c:4e:4e:9b:12",
        eth0_mac: "22:58:1c:64:e4:32",
    }
}

/// Every version, the expected text and the run it came from.
fn ipv4_cases() -> Vec<(CniVersion, String, Run)> {
    vec![
        (CniVersion::V0_1_0, IPV4_0_1_0.to_string(), NO_INTERFACES),
        (CniVersion::V0_2_0, IPV4_0_2_0.to_string(), NO_INTERFACES),
        (CniVersion::V0_3_0, IPV4_0_3_0.to_string(), run_0_3_0()),
        (CniVersion::V0_3_1, IPV4_0_3_1.to_string(), run_0_3_1()),
        (CniVersion::V0_4_0, IPV4_0_4_0.to_string(), run_0_4_0()),
        (CniVersion::V1_0_0, IPV4_1_0_0.to_string(), run_1_0_0()),
        // The installed plugin stops at 1.0.0; libcni's 1.1.0 types are
        // its 1.0.0 types.
        (
            CniVersion::V1_1_0,
            with_version(IPV4_1_0_0, "1.0.0", "1.1.0"),
            run_1_0_0(),
        ),
    ]
}

fn dual_dns_cases() -> Vec<(CniVersion, String, Run)> {
    vec![
        (
            CniVersion::V0_1_0,
            with_version(DUAL_DNS_0_2_0, "0.2.0", "0.1.0"),
            NO_INTERFACES,
        ),
        (
            CniVersion::V0_2_0,
            DUAL_DNS_0_2_0.to_string(),
            NO_INTERFACES,
        ),
        (
            CniVersion::V0_3_0,
            with_version(DUAL_DNS_0_4_0, "0.4.0", "0.3.0"),
            dual_run_0_4_0(),
        ),
        (
            CniVersion::V0_3_1,
            with_version(DUAL_DNS_0_4_0, "0.4.0", "0.3.1"),
            dual_run_0_4_0(),
        ),
        (
            CniVersion::V0_4_0,
            DUAL_DNS_0_4_0.to_string(),
            dual_run_0_4_0(),
        ),
        (
            CniVersion::V1_0_0,
            DUAL_DNS_1_0_0.to_string(),
            dual_run_1_0_0(),
        ),
        (
            CniVersion::V1_1_0,
            with_version(DUAL_DNS_1_0_0, "1.0.0", "1.1.0"),
            dual_run_1_0_0(),
        ),
    ]
}

#[test]
fn ipv4_result_prints_as_the_reference_plugin_in_every_version() {
    let cases = ipv4_cases();
    assert_eq!(cases.len(), CniVersion::ALL.len());
    for (version, expected, run) in cases {
        let printed = ipv4_case(&run).to_pretty_json(version).unwrap();
        assert_eq!(printed, expected, "version {version}");
    }
}

#[test]
fn dual_stack_with_dns_prints_as_the_reference_plugin_in_every_version() {
    for (version, expected, run) in dual_dns_cases() {
        let printed = dual_dns_case(&run).to_pretty_json(version).unwrap();
        assert_eq!(printed, expected, "version {version}");
    }
}

#[test]
fn reference_output_parses_and_prints_back_byte_for_byte() {
    for (version, text, _) in ipv4_cases().into_iter().chain(dual_dns_cases()) {
        let parsed: CniResult = text.parse().unwrap();
        assert_eq!(parsed.cni_version, version);
        assert_eq!(parsed.to_pretty_json(version).unwrap(), text);
    }
}

#[test]
fn reference_output_parses_into_the_internal_shape() {
    let mut expected = ipv4_case(&run_1_0_0());
    expected.cni_version = CniVersion::V1_0_0;
    assert_eq!(IPV4_1_0_0.parse::<CniResult>().unwrap(), expected);

    let mut expected = ipv4_case(&run_0_4_0());
    expected.cni_version = CniVersion::V0_4_0;
    assert_eq!(IPV4_0_4_0.parse::<CniResult>().unwrap(), expected);

    // Up from 0.2.0: no interfaces, no interface index (libcni assigns
    // none), ip4's routes then ip6's.
    let parsed: CniResult = DUAL_DNS_0_2_0.parse().unwrap();
    assert_eq!(
        parsed,
        CniResult {
            cni_version: CniVersion::V0_2_0,
            interfaces: vec![],
            ips: vec![
                IpConfig {
                    address: cidr("10.13.23.100/24"),
                    gateway: Some(ip("10.13.23.99")),
                    interface: None,
                },
                IpConfig {
                    address: cidr("fd00:13::100/64"),
                    gateway: Some(ip("fd00:13::1")),
                    interface: None,
                },
            ],
            routes: reference_routes(),
            dns: reference_dns(),
        }
    );
}

#[test]
fn round_trip_through_every_version() {
    for original in [ipv4_case(&run_1_0_0()), dual_dns_case(&run_1_0_0())] {
        for version in CniVersion::ALL {
            let value = original.to_json_value(version).unwrap();
            let back = CniResult::from_json_value(&value).unwrap();
            let mut expected = original.clone();
            expected.cni_version = version;
            if version < CniVersion::V0_3_0 {
                // What 0.1.0/0.2.0 cannot say is lost, as in libcni.
                expected.interfaces.clear();
                for ip in &mut expected.ips {
                    ip.interface = None;
                }
            }
            assert_eq!(back, expected, "version {version}");
            assert_eq!(original.convert_to(version).unwrap(), expected);
        }
    }
}

#[test]
fn libcni_1_0_0_read_as_0_4_0_and_back() {
    let result: CniResult = IPV4_1_0_0.parse().unwrap();
    let as_040 = result.convert_to(CniVersion::V0_4_0).unwrap();
    assert_eq!(
        as_040.to_pretty_json(CniVersion::V0_4_0).unwrap(),
        r#"{
    "cniVersion": "0.4.0",
    "interfaces": [
        {
            "name": "cni_bridge0",
            "mac": "8e:b3:da:b0:f9:72"
        },
        {
            "name": "veth43a8dde8",
            "mac": "96:b7:ba:81:c3:b0"
        },
        {
            "name": "eth0",
            "mac": "ce:29:47:4e:c0:b5",
            "sandbox": "/var/run/netns/cnireft1c"
        }
    ],
    "ips": [
        {
            "version": "4",
            "interface": 2,
            "address": "10.13.23.100/24",
            "gateway": "10.13.23.99"
        }
    ],
    "routes": [
        {
            "dst": "0.0.0.0/0"
        },
        {
            "dst": "1.1.1.1/32",
            "gw": "10.13.23.1"
        }
    ],
    "dns": {}
}"#
    );
    let back = as_040.convert_to(CniVersion::V1_0_0).unwrap();
    assert_eq!(back.to_pretty_json(CniVersion::V1_0_0).unwrap(), IPV4_1_0_0);
}

#[test]
fn libcni_0_2_0_up_to_1_0_0() {
    let result: CniResult = DUAL_DNS_0_2_0.parse().unwrap();
    let value = result.to_json_value(CniVersion::V1_0_0).unwrap();
    assert_eq!(
        value,
        json!({
            "cniVersion": "1.0.0",
            "ips": [
                {"address": "10.13.23.100/24", "gateway": "10.13.23.99"},
                {"address": "fd00:13::100/64", "gateway": "fd00:13::1"}
            ],
            "routes": [
                {"dst": "0.0.0.0/0"},
                {"dst": "1.1.1.1/32", "gw": "10.13.23.1"}
            ],
            "dns": {
                "nameservers": ["10.13.23.99", "fd00:13::1"],
                "domain": "example.test",
                "search": ["example.test", "test"],
                "options": ["ndots:2"]
            }
        })
    );
    // And down again: the same 0.2.0 text the plugin printed.
    let up = CniResult::from_json_value(&value).unwrap();
    assert_eq!(
        up.to_pretty_json(CniVersion::V0_2_0).unwrap(),
        DUAL_DNS_0_2_0
    );
}

#[test]
fn down_to_0_2_0_routes_follow_their_family() {
    let mut result = CniResult::new(CniVersion::V1_0_0);
    result.ips = vec![
        IpConfig {
            address: cidr("fd00::5/64"),
            gateway: None,
            interface: Some(0),
        },
        IpConfig {
            address: cidr("10.0.0.5/24"),
            gateway: Some(ip("10.0.0.1")),
            interface: Some(0),
        },
        // Only the first address of a family fits in ip4.
        IpConfig {
            address: cidr("10.9.0.5/24"),
            gateway: None,
            interface: Some(0),
        },
    ];
    let mut with_extras = Route::new(cidr("10.8.0.0/16"), Some(ip("10.0.0.254")));
    with_extras.mtu = Some(1400);
    with_extras.table = Some(100);
    result.routes = vec![
        Route::new(cidr("::/0"), Some(ip("fd00::1"))),
        with_extras,
        Route::new(cidr("0.0.0.0/0"), None),
    ];
    let value = result.to_json_value(CniVersion::V0_2_0).unwrap();
    assert_eq!(
        value,
        json!({
            "cniVersion": "0.2.0",
            "ip4": {
                "ip": "10.0.0.5/24",
                "gateway": "10.0.0.1",
                "routes": [{"dst": "10.8.0.0/16", "gw": "10.0.0.254"}, {"dst": "0.0.0.0/0"}]
            },
            "ip6": {"ip": "fd00::5/64", "routes": [{"dst": "::/0", "gw": "fd00::1"}]},
            "dns": {}
        })
    );
    // A route of a family without an address has nowhere to go.
    result.ips.remove(0);
    let value = result.to_json_value(CniVersion::V0_1_0).unwrap();
    assert_eq!(value["ip4"]["routes"].as_array().unwrap().len(), 2);
    assert!(value.get("ip6").is_none());
}

#[test]
fn no_address_cannot_be_a_0_2_0_result() {
    let mut result = ipv4_case(&run_1_0_0());
    result.ips.clear();
    assert!(matches!(
        result.to_json_value(CniVersion::V0_2_0),
        Err(CniError::NoAddressForLegacyResult {
            version: CniVersion::V0_2_0
        })
    ));
    // The newer shapes simply leave `ips` out.
    assert_eq!(
        result.to_json_value(CniVersion::V1_0_0).unwrap()["ips"],
        serde_json::Value::Null
    );
    assert_eq!(
        CniResult::new(CniVersion::V1_0_0)
            .to_pretty_json(CniVersion::V1_0_0)
            .unwrap(),
        "{\n    \"cniVersion\": \"1.0.0\",\n    \"dns\": {}\n}"
    );
}

#[test]
fn spec_1_1_fields_print_where_libcni_prints_them() {
    let mut result = CniResult::new(CniVersion::V1_1_0);
    result.interfaces = vec![Interface {
        name: "eth0".into(),
        mac: Some("02:00:00:00:00:01".into()),
        mtu: Some(9000),
        sandbox: Some("/proc/42/ns/net".into()),
        socket_path: Some("/run/vhost.sock".into()),
        pci_id: Some("0000:00:1f.6".into()),
    }];
    result.ips = vec![IpConfig {
        address: cidr("10.0.0.5/24"),
        gateway: None,
        interface: Some(0),
    }];
    result.routes = vec![Route {
        dst: cidr("10.8.0.0/16"),
        gw: Some(ip("10.0.0.1")),
        mtu: Some(1400),
        advmss: Some(1360),
        priority: Some(10),
        table: Some(0),
        scope: Some(0),
    }];
    result.dns.domain = Some("example.test".into());
    let route_1_1 = json!({"dst": "10.8.0.0/16", "gw": "10.0.0.1", "mtu": 1400, "advmss": 1360,
                           "priority": 10, "table": 0, "scope": 0});
    assert_eq!(
        result.to_json_value(CniVersion::V1_1_0).unwrap(),
        json!({
            "cniVersion": "1.1.0",
            "interfaces": [{"name": "eth0", "mac": "02:00:00:00:00:01", "mtu": 9000,
                            "sandbox": "/proc/42/ns/net", "socketPath": "/run/vhost.sock",
                            "pciID": "0000:00:1f.6"}],
            "ips": [{"interface": 0, "address": "10.0.0.5/24"}],
            "routes": [route_1_1.clone()],
            "dns": {"domain": "example.test"}
        })
    );
    // libcni's 0.4.0 interface has no such fields; its routes keep them.
    assert_eq!(
        result.to_json_value(CniVersion::V0_4_0).unwrap(),
        json!({
            "cniVersion": "0.4.0",
            "interfaces": [{"name": "eth0", "mac": "02:00:00:00:00:01", "sandbox": "/proc/42/ns/net"}],
            "ips": [{"version": "4", "interface": 0, "address": "10.0.0.5/24"}],
            "routes": [route_1_1],
            "dns": {"domain": "example.test"}
        })
    );
    let back: CniResult =
        CniResult::from_json_value(&result.to_json_value(CniVersion::V1_1_0).unwrap()).unwrap();
    assert_eq!(back, result);
}

#[test]
fn newer_libcni_output_parses() {
    // libcni 1.2+ sorts the keys of 1.x results and leaves an empty dns out.
    let text = r#"{"cniVersion":"1.1.0","interfaces":[{"mac":"aa:bb:cc:dd:ee:ff","name":"eth0","sandbox":"/var/run/netns/x"}],"ips":[{"address":"10.0.0.2/24","gateway":"10.0.0.1","interface":0}],"routes":[{"dst":"0.0.0.0/0"}]}"#;
    let result: CniResult = text.parse().unwrap();
    assert_eq!(result.cni_version, CniVersion::V1_1_0);
    assert_eq!(
        result.interfaces[0].sandbox.as_deref(),
        Some("/var/run/netns/x")
    );
    assert_eq!(result.ips[0].interface, Some(0));
    assert!(result.dns.is_empty());
}

#[test]
fn go_zero_values_and_nulls_mean_unset() {
    let text = r#"{"cniVersion":"0.4.0","interfaces":[{"name":"eth0","mac":"","sandbox":""}],
                   "ips":[{"version":"4","address":"10.0.0.2/24","gateway":""}],
                   "routes":null,"dns":{"domain":"","nameservers":null}}"#;
    let result: CniResult = text.parse().unwrap();
    assert_eq!(
        result.interfaces,
        [Interface {
            name: "eth0".into(),
            ..Interface::default()
        }]
    );
    assert_eq!(result.ips[0].gateway, None);
    assert!(result.routes.is_empty());
    assert!(result.dns.is_empty());
}

#[test]
fn missing_version_is_a_0_1_0_result() {
    let result: CniResult = r#"{"ip4":{"ip":"127.0.0.1/8"},"dns":{}}"#.parse().unwrap();
    assert_eq!(result.cni_version, CniVersion::V0_1_0);
    assert_eq!(result.ips[0].address, cidr("127.0.0.1/8"));
    // The 0.1.0 shape has no `ips`: they are not read.
    let result: CniResult = r#"{"ips":[{"address":"10.0.0.2/24"}]}"#.parse().unwrap();
    assert!(result.ips.is_empty());
}

#[test]
fn bad_results_are_decode_errors_naming_the_field() {
    let err = r#"{"cniVersion":"0.9.0"}"#.parse::<CniResult>().unwrap_err();
    assert!(matches!(err, CniError::UnknownVersion(_)), "{err}");

    let err = r#"{"cniVersion":"1.0.0","ips":[{"address":"10.0.0.2"}]}"#
        .parse::<CniResult>()
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "cannot decode CNI result: address \"10.0.0.2\" is not an address with a prefix length (CIDR)"
    );
    let err = r#"{"cniVersion":"1.0.0","routes":[{"dst":"0.0.0.0/0","gw":"nope"}]}"#
        .parse::<CniResult>()
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "cannot decode CNI result: gw \"nope\" is not an IP address"
    );
    assert_eq!(err.error_code(), crate::cni::ErrorCode::DecodingFailure);
    assert!(matches!(
        "[1,2]".parse::<CniResult>(),
        Err(CniError::DecodeResult(_))
    ));
}

#[test]
fn serialize_uses_the_results_own_version() {
    let mut result = ipv4_case(&run_0_4_0());
    result.cni_version = CniVersion::V0_4_0;
    let text = crate::cni::json::to_pretty_string(&serde_json::to_value(&result).unwrap());
    assert_eq!(text, IPV4_0_4_0);
}

#[test]
fn building_blocks_from_ipam_and_config() {
    let allocation = Allocation {
        range_set_index: 0,
        ip: ip("10.13.23.100"),
        subnet: cidr("10.13.23.0/24"),
        gateway: ip("10.13.23.99"),
    };
    assert_eq!(
        IpConfig::from_allocation(&allocation, Some(2)),
        ipv4_case(&run_1_0_0()).ips[0]
    );
    let conf = DnsConf {
        nameservers: vec!["10.13.23.99".into(), "fd00:13::1".into()],
        domain: Some("example.test".into()),
        search: vec!["example.test".into(), "test".into()],
        options: vec!["ndots:2".into()],
    };
    assert_eq!(Dns::from(&conf), reference_dns());
    assert!(Dns::from(&DnsConf::default()).is_empty());
}
