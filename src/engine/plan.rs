//! The pure decisions of an attachment: from a network config and the
//! addresses IPAM handed out to the exact bridge, veth, address, route,
//! forwarding and masquerade settings. No I/O here, so every rule of the
//! reference `bridge` plugin that cnictl follows is a unit test.

use std::net::IpAddr;

use ipnetwork::IpNetwork;
use serde::Serialize;

use crate::config::{DnsConf, NetworkConfig, PluginConf};
use crate::ipam::Allocation;
use crate::netlink::MacAddr;

/// Parses `--mac`: a MAC a container interface can own (unicast, not zero).
pub fn parse_container_mac(text: &str) -> Result<MacAddr, String> {
    let mac: MacAddr = text
        .parse()
        .map_err(|e: crate::netlink::MacAddrParseError| e.to_string())?;
    if mac.0[0] & 1 == 1 {
        return Err(format!(
            "{text} is a multicast address; an interface needs a unicast MAC (even first byte)"
        ));
    }
    if mac.0 == [0; 6] {
        return Err(format!("{text} is the all-zero address"));
    }
    Ok(mac)
}

/// What the user asked for beyond the config.
#[derive(Debug, Clone, Default)]
pub struct AttachRequest {
    pub ifname: String,
    pub mac: Option<MacAddr>,
}

/// The bridge as the attachment needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BridgePlan {
    pub name: String,
    pub mtu: Option<u32>,
    pub promisc: bool,
    /// Gateway addresses (with the subnet's prefix) to put on the bridge
    /// when the network is a gateway.
    pub addresses: Vec<IpNetwork>,
    /// Replace an address of the same subnet already on the bridge.
    pub force_address: bool,
}

/// One route inside the container, with the gateway already decided.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RoutePlan {
    pub dst: IpNetwork,
    pub gw: Option<IpAddr>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContainerPlan {
    pub ifname: String,
    pub mac: Option<MacAddr>,
    pub mtu: Option<u32>,
    pub addresses: Vec<IpNetwork>,
    pub routes: Vec<RoutePlan>,
    /// Add IPv6 addresses without duplicate address detection (the
    /// reference's default, `enabledad: false`), so they work at once.
    pub skip_dad: bool,
    /// The attachment has IPv4 addresses and no IPv6 one: the interface
    /// gets no IPv6 link-local address either. (An attachment with no
    /// address at all is left to the kernel: on an L2-only network the
    /// container may configure IPv6 itself.)
    pub ipv4_only: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct AttachPlan {
    pub bridge: BridgePlan,
    pub container: ContainerPlan,
    pub hairpin: bool,
    /// Masquerade traffic leaving these subnets (`ipMasq`).
    pub masquerade: bool,
    pub subnets: Vec<IpNetwork>,
    pub ipv4_forwarding: bool,
    pub ipv6_forwarding: bool,
    /// Routes as the CNI result reports them: a route without `gw` in the
    /// config stays without `gw` there, as the reference prints it.
    pub result_routes: Vec<RoutePlan>,
    pub dns: DnsConf,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PlanError {
    #[error("network {network} has no bridge plugin (types: {types}); cnictl attaches to bridge networks (other plugins come with plugin chains)")]
    NotABridge { network: String, types: String },
    #[error("network {network}: ipam type \"{ipam}\" is not supported in-process; cnictl manages host-local IPAM")]
    UnsupportedIpam { network: String, ipam: String },
    #[error("network {network}: {field} is not supported by cnictl yet; remove it from the config or use the reference plugin")]
    Unsupported {
        network: String,
        field: &'static str,
    },
    #[error(
        "network {network}: route {dst} has no gateway and no address of its family was allocated"
    )]
    RouteWithoutGateway { network: String, dst: IpNetwork },
    #[error("bridge {bridge} already has {existing}, which overlaps {wanted}; set \"forceAddress\": true to replace it, or give this network its own bridge")]
    BridgeAddressTaken {
        bridge: String,
        existing: IpNetwork,
        wanted: IpNetwork,
    },
    #[error("the built-in network \"{network}\" would use {subnet}, but this host already has the route {route} on {device}; write a network config with a free subnet into {} and pass --net NAME (or name it in cnictl.toml as `network`)", conf_dir.display())]
    DefaultSubnetTaken {
        network: String,
        subnet: IpNetwork,
        route: IpNetwork,
        device: String,
        conf_dir: std::path::PathBuf,
    },
    #[error("network {network}: route \"{value}\" is not valid: {problem}")]
    BadRoute {
        network: String,
        value: String,
        problem: String,
    },
}

/// The bridge plugin of a config, refusing what cnictl cannot do in-process.
pub fn bridge_plugin(config: &NetworkConfig) -> Result<&PluginConf, PlanError> {
    let network = config.display_name();
    let plugin = config
        .bridge_plugin()
        .ok_or_else(|| PlanError::NotABridge {
            network: network.clone(),
            types: config
                .plugins
                .iter()
                .map(|p| p.plugin_type.as_str())
                .collect::<Vec<_>>()
                .join(","),
        })?;
    if let Some(ipam) = plugin.ipam.as_ref().filter(|_| !plugin.is_layer2_only()) {
        if ipam.ipam_type != "host-local" {
            return Err(PlanError::UnsupportedIpam {
                network,
                ipam: ipam.ipam_type.clone(),
            });
        }
    }
    if plugin.vlan.is_some_and(|v| v != 0) {
        return Err(PlanError::Unsupported {
            network,
            field: "vlan",
        });
    }
    if plugin.macspoofchk == Some(true) {
        return Err(PlanError::Unsupported {
            network,
            field: "macspoofchk",
        });
    }
    Ok(plugin)
}

/// A route of the host's main table with its device's name, for
/// [`check_default_subnet`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HostRoute {
    pub dst: IpNetwork,
    /// The outgoing device; `None` for a route without one (multipath).
    pub device: Option<String>,
}

/// Whether two subnets share an address.
pub fn subnets_overlap(a: &IpNetwork, b: &IpNetwork) -> bool {
    a.is_ipv4() == b.is_ipv4() && (a.contains(b.network()) || b.contains(a.network()))
}

/// Refuses the built-in network when its subnet overlaps a route the host
/// already has: containers on it could not reach what that route leads to,
/// and the host would route part of that range to the bridge instead.
/// Two routes are fine: the default route (it overlaps everything, and
/// is what masquerading leaves through), and the network's own connected
/// route on its own bridge (a second `add` on the default network).
pub fn check_default_subnet(
    network: &str,
    subnet: IpNetwork,
    bridge: &str,
    routes: &[HostRoute],
    conf_dir: &std::path::Path,
) -> Result<(), PlanError> {
    for route in routes {
        if route.dst.prefix() == 0 || !subnets_overlap(&route.dst, &subnet) {
            continue;
        }
        let own = route.dst == subnet && route.device.as_deref() == Some(bridge);
        if own {
            continue;
        }
        return Err(PlanError::DefaultSubnetTaken {
            network: network.to_string(),
            subnet,
            route: route.dst,
            device: route
                .device
                .clone()
                .unwrap_or_else(|| "several devices".into()),
            conf_dir: conf_dir.to_path_buf(),
        });
    }
    Ok(())
}

fn default_route(family_v4: bool) -> IpNetwork {
    if family_v4 {
        "0.0.0.0/0".parse().expect("constant")
    } else {
        "::/0".parse().expect("constant")
    }
}

/// Decides everything about one attachment, as the reference `bridge`
/// plugin would: `isDefaultGateway` implies `isGateway`; a gateway network
/// puts each family's gateway on the bridge and turns on forwarding for it;
/// a route without `gw` goes via its family's gateway.
pub fn plan(
    config: &NetworkConfig,
    allocations: &[Allocation],
    request: &AttachRequest,
    dns: DnsConf,
) -> Result<AttachPlan, PlanError> {
    let plugin = bridge_plugin(config)?;
    let network = config.display_name();
    // An L2-only network's routes are nobody's: no address, no gateway.
    let ipam_routes = match &plugin.ipam {
        Some(ipam) if !plugin.is_layer2_only() => ipam.routes.as_slice(),
        _ => &[],
    };
    let is_default_gateway = plugin.is_default_gateway.unwrap_or(false);
    let is_gateway = plugin.is_gateway.unwrap_or(false) || is_default_gateway;

    let gateway_for = |v4: bool| -> Option<IpAddr> {
        allocations
            .iter()
            .find(|a| a.ip.is_ipv4() == v4)
            .map(|a| a.gateway)
    };

    let mut result_routes = Vec::new();
    for route in ipam_routes {
        let dst: IpNetwork = route.dst.trim().parse().map_err(|_| PlanError::BadRoute {
            network: network.clone(),
            value: route.dst.clone(),
            problem: "dst is not a CIDR".into(),
        })?;
        let gw = match &route.gw {
            None => None,
            Some(text) => Some(
                text.trim()
                    .parse::<IpAddr>()
                    .map_err(|_| PlanError::BadRoute {
                        network: network.clone(),
                        value: text.clone(),
                        problem: "gw is not an IP address".into(),
                    })?,
            ),
        };
        result_routes.push(RoutePlan { dst, gw });
    }
    if is_default_gateway {
        for v4 in [true, false] {
            let Some(gateway) = gateway_for(v4) else {
                continue;
            };
            let default = default_route(v4);
            let has_default = result_routes
                .iter()
                .any(|r| r.dst == default && r.gw.is_some());
            if !has_default {
                result_routes.push(RoutePlan {
                    dst: default,
                    gw: Some(gateway),
                });
            }
        }
    }

    let mut routes = Vec::with_capacity(result_routes.len());
    for route in &result_routes {
        let gw = match route.gw {
            Some(gw) => Some(gw),
            None => Some(gateway_for(route.dst.is_ipv4()).ok_or_else(|| {
                PlanError::RouteWithoutGateway {
                    network: network.clone(),
                    dst: route.dst,
                }
            })?),
        };
        routes.push(RoutePlan { dst: route.dst, gw });
    }

    let addresses: Vec<IpNetwork> = allocations.iter().map(Allocation::address).collect();
    let ipv4_only =
        addresses.iter().any(IpNetwork::is_ipv4) && !addresses.iter().any(IpNetwork::is_ipv6);
    let bridge_addresses = if is_gateway {
        allocations
            .iter()
            .map(|a| {
                IpNetwork::new(a.gateway, a.subnet.prefix()).expect("prefix of a valid subnet")
            })
            .collect()
    } else {
        Vec::new()
    };

    Ok(AttachPlan {
        bridge: BridgePlan {
            name: plugin.bridge.clone().unwrap_or_else(|| "cni0".into()),
            mtu: plugin.mtu.filter(|m| *m > 0),
            promisc: plugin.promisc_mode.unwrap_or(false),
            addresses: bridge_addresses,
            force_address: plugin.force_address.unwrap_or(false),
        },
        container: ContainerPlan {
            ifname: request.ifname.clone(),
            mac: request.mac,
            mtu: plugin.mtu.filter(|m| *m > 0),
            addresses,
            routes,
            skip_dad: !plugin.enabledad.unwrap_or(false),
            ipv4_only,
        },
        hairpin: plugin.hairpin_mode.unwrap_or(false),
        // As the reference: no masquerade without addresses (L2-only).
        masquerade: plugin.ip_masq.unwrap_or(false) && !allocations.is_empty(),
        subnets: allocations.iter().map(|a| a.subnet).collect(),
        ipv4_forwarding: is_gateway && allocations.iter().any(|a| a.ip.is_ipv4()),
        ipv6_forwarding: is_gateway && allocations.iter().any(|a| a.ip.is_ipv6()),
        result_routes,
        dns,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{ConfigSource, FileKind};

    fn config(json: &str) -> NetworkConfig {
        NetworkConfig::from_bytes(
            json.as_bytes().to_vec(),
            FileKind::Single,
            ConfigSource::Stdin,
        )
        .unwrap()
    }

    fn alloc(ip: &str, subnet: &str, gateway: &str) -> Allocation {
        Allocation {
            range_set_index: 0,
            ip: ip.parse().unwrap(),
            subnet: subnet.parse().unwrap(),
            gateway: gateway.parse().unwrap(),
        }
    }

    fn request() -> AttachRequest {
        AttachRequest {
            ifname: "eth0".into(),
            mac: None,
        }
    }

    const CNI_BRIDGE: &str = include_str!("../../tests/data/examples/cni_bridge.conf");

    #[test]
    fn cni_bridge_example_plans_like_the_reference() {
        let allocations = [alloc("10.13.23.100", "10.13.23.0/24", "10.13.23.99")];
        let plan = plan(
            &config(CNI_BRIDGE),
            &allocations,
            &request(),
            DnsConf::default(),
        )
        .unwrap();
        assert_eq!(plan.bridge.name, "cni_bridge1");
        assert_eq!(
            plan.bridge.addresses,
            vec!["10.13.23.99/24".parse::<IpNetwork>().unwrap()]
        );
        assert_eq!(
            plan.container.addresses,
            vec!["10.13.23.100/24".parse::<IpNetwork>().unwrap()]
        );
        // `{ "dst": "0.0.0.0/0" }` goes via the gateway; the other keeps its own gw.
        assert_eq!(
            plan.container.routes,
            vec![
                RoutePlan {
                    dst: "0.0.0.0/0".parse().unwrap(),
                    gw: Some("10.13.23.99".parse().unwrap())
                },
                RoutePlan {
                    dst: "1.1.1.1/32".parse().unwrap(),
                    gw: Some("10.13.23.1".parse().unwrap())
                },
            ]
        );
        // The result keeps the route as written.
        assert_eq!(plan.result_routes[0].gw, None);
        assert!(plan.masquerade && plan.ipv4_forwarding && !plan.ipv6_forwarding);
        assert!(!plan.hairpin);
        assert!(plan.container.skip_dad);
    }

    #[test]
    fn a_layer2_only_network_plans_no_address_route_masquerade_or_forwarding() {
        // As the reference: without IPAM, isGateway, isDefaultGateway and
        // ipMasq have nothing to act on, and ipam routes are nobody's.
        for ipam in [
            r#","ipam":{}"#,
            "",
            r#","ipam":{"routes":[{"dst":"0.0.0.0/0"}]}"#,
        ] {
            let conf = config(&format!(
                r#"{{"cniVersion":"1.0.0","name":"n","type":"bridge","bridge":"br9",
                    "isDefaultGateway":true,"ipMasq":true,"hairpinMode":true{ipam}}}"#
            ));
            let plan = plan(&conf, &[], &request(), DnsConf::default()).unwrap();
            assert!(plan.bridge.addresses.is_empty(), "{ipam}");
            assert!(plan.container.addresses.is_empty());
            assert!(plan.container.routes.is_empty() && plan.result_routes.is_empty());
            assert!(!plan.masquerade && plan.subnets.is_empty());
            assert!(!plan.ipv4_forwarding && !plan.ipv6_forwarding);
            // The container keeps IPv6 link-local: it may configure itself.
            assert!(!plan.container.ipv4_only);
            assert!(plan.hairpin);
        }
    }

    #[test]
    fn only_an_ipv4_only_attachment_goes_without_ipv6() {
        let conf = config(
            r#"{"cniVersion":"1.0.0","name":"n","type":"bridge","bridge":"br9",
                "ipam":{"type":"host-local","ranges":[[{"subnet":"10.13.23.0/24"}]]}}"#,
        );
        let v4 = alloc("10.13.23.100", "10.13.23.0/24", "10.13.23.99");
        let v6 = alloc("fd00:1::2", "fd00:1::/64", "fd00:1::1");
        let ipv4_only = |allocations: &[Allocation]| {
            plan(&conf, allocations, &request(), DnsConf::default())
                .unwrap()
                .container
                .ipv4_only
        };
        assert!(ipv4_only(std::slice::from_ref(&v4)));
        assert!(!ipv4_only(&[v4, v6.clone()]), "dual stack keeps IPv6");
        assert!(!ipv4_only(&[v6]), "IPv6 only");
        // No address at all (an L2-only network): the container may set up
        // IPv6 itself, so the kernel's default stays.
        assert!(!ipv4_only(&[]));
    }

    #[test]
    fn default_gateway_adds_a_default_route_per_family_and_implies_gateway() {
        let conf = config(
            r#"{"cniVersion":"1.0.0","name":"n","type":"bridge","bridge":"br9","isDefaultGateway":true,
                "ipam":{"type":"host-local","ranges":[[{"subnet":"10.1.0.0/24"}],[{"subnet":"fd00:1::/64"}]]}}"#,
        );
        let allocations = [
            alloc("10.1.0.2", "10.1.0.0/24", "10.1.0.1"),
            alloc("fd00:1::2", "fd00:1::/64", "fd00:1::1"),
        ];
        let plan = plan(&conf, &allocations, &request(), DnsConf::default()).unwrap();
        assert_eq!(plan.bridge.addresses.len(), 2);
        assert_eq!(
            plan.result_routes,
            vec![
                RoutePlan {
                    dst: "0.0.0.0/0".parse().unwrap(),
                    gw: Some("10.1.0.1".parse().unwrap())
                },
                RoutePlan {
                    dst: "::/0".parse().unwrap(),
                    gw: Some("fd00:1::1".parse().unwrap())
                },
            ]
        );
        assert!(plan.ipv4_forwarding && plan.ipv6_forwarding);
        assert!(!plan.masquerade);
    }

    #[test]
    fn a_non_gateway_network_leaves_the_bridge_without_addresses() {
        let conf = config(
            r#"{"cniVersion":"0.3.1","name":"n","type":"bridge","bridge":"br9","mtu":1400,"hairpinMode":true,"promiscMode":true,
                "ipam":{"type":"host-local","subnet":"10.1.0.0/24"}}"#,
        );
        let plan = plan(
            &conf,
            &[alloc("10.1.0.2", "10.1.0.0/24", "10.1.0.1")],
            &request(),
            DnsConf::default(),
        )
        .unwrap();
        assert!(plan.bridge.addresses.is_empty());
        assert!(!plan.ipv4_forwarding);
        assert_eq!(plan.bridge.mtu, Some(1400));
        assert_eq!(plan.container.mtu, Some(1400));
        assert!(plan.hairpin && plan.bridge.promisc);
    }

    #[test]
    fn refuses_what_cannot_be_done_in_process() {
        let macvlan = config(include_str!("../../tests/data/examples/10-macvlan.conf"));
        assert!(matches!(
            bridge_plugin(&macvlan),
            Err(PlanError::NotABridge { .. })
        ));
        let dhcp = config(r#"{"name":"n","type":"bridge","ipam":{"type":"dhcp"}}"#);
        assert!(matches!(
            bridge_plugin(&dhcp),
            Err(PlanError::UnsupportedIpam { .. })
        ));
        let vlan = config(
            r#"{"name":"n","type":"bridge","vlan":5,"ipam":{"type":"host-local","subnet":"10.1.0.0/24"}}"#,
        );
        assert!(matches!(
            bridge_plugin(&vlan),
            Err(PlanError::Unsupported { field: "vlan", .. })
        ));
    }

    #[test]
    fn route_without_gateway_of_a_missing_family_is_refused() {
        let conf = config(
            r#"{"name":"n","type":"bridge","ipam":{"type":"host-local","subnet":"10.1.0.0/24","routes":[{"dst":"::/0"}]}}"#,
        );
        let err = plan(
            &conf,
            &[alloc("10.1.0.2", "10.1.0.0/24", "10.1.0.1")],
            &request(),
            DnsConf::default(),
        )
        .unwrap_err();
        assert!(
            matches!(err, PlanError::RouteWithoutGateway { .. }),
            "{err}"
        );
    }

    fn host_route(dst: &str, device: &str) -> HostRoute {
        HostRoute {
            dst: dst.parse().unwrap(),
            device: Some(device.into()),
        }
    }

    fn check(routes: &[HostRoute]) -> Result<(), PlanError> {
        check_default_subnet(
            "cnictl",
            "10.203.0.0/24".parse().unwrap(),
            "cnictl0",
            routes,
            std::path::Path::new("/etc/cni/net.d"),
        )
    }

    #[test]
    fn default_subnet_is_refused_when_a_host_route_overlaps_it() {
        for (dst, device) in [
            ("10.203.0.0/16", "eth1"),
            ("10.0.0.0/8", "tun0"),
            ("10.203.0.128/25", "veth9"),
            ("10.203.0.0/24", "eth2"),
            // Its own subnet, but on another bridge.
            ("10.203.0.0/24", "cni0"),
        ] {
            let err = check(&[
                host_route("192.168.1.0/24", "eth0"),
                host_route(dst, device),
            ])
            .expect_err(dst);
            let text = err.to_string();
            assert!(text.contains(dst), "{text}");
            assert!(text.contains(device), "{text}");
            assert!(text.contains("10.203.0.0/24"), "{text}");
            assert!(text.contains("--net"), "{text}");
            assert!(text.contains("/etc/cni/net.d"), "{text}");
        }
    }

    #[test]
    fn default_subnet_is_fine_without_an_overlap() {
        check(&[
            host_route("192.168.1.0/24", "eth0"),
            host_route("10.204.0.0/24", "eth1"),
            host_route("10.202.255.0/24", "eth2"),
            host_route("fd00::/8", "eth0"),
        ])
        .unwrap();
        check(&[]).unwrap();
    }

    #[test]
    fn default_subnet_accepts_its_own_route_on_its_own_bridge() {
        check(&[
            host_route("10.203.0.0/24", "cnictl0"),
            host_route("192.168.1.0/24", "eth0"),
        ])
        .unwrap();
    }

    #[test]
    fn default_subnet_ignores_default_routes() {
        check(&[host_route("0.0.0.0/0", "eth0"), host_route("::/0", "eth0")]).unwrap();
    }

    #[test]
    fn a_multipath_route_is_named_without_a_device() {
        let err = check(&[HostRoute {
            dst: "10.203.0.0/20".parse().unwrap(),
            device: None,
        }])
        .unwrap_err();
        assert!(err.to_string().contains("several devices"), "{err}");
    }

    #[test]
    fn container_macs_must_be_unicast_and_not_zero() {
        let mac = parse_container_mac("0a:58:0A:0d:17:96").unwrap();
        assert_eq!(mac.to_string(), "0a:58:0a:0d:17:96");
        for bad in [
            "",
            "0a:58:0a:0d:17",
            "0a:58:0a:0d:17:96:00",
            "zz:58:0a:0d:17:96",
            "01:00:5e:00:00:01",
            "00:00:00:00:00:00",
        ] {
            assert!(parse_container_mac(bad).is_err(), "{bad:?}");
        }
    }
}
