//! Network definitions for `cnictl net create`: from flags to a bridge +
//! host-local conflist, with every check that needs no I/O (ranges,
//! gateways, routes, overlaps with other networks and host routes) and the
//! choice of a free subnet for `--subnet auto`. The conflist is plain CNI:
//! the reference plugins, cnitool and podman read it unchanged.

use std::net::IpAddr;
use std::path::{Path, PathBuf};

use ipnetwork::{IpNetwork, Ipv4Network};
use serde_json::{json, Map, Value};

use super::plan::{subnets_overlap, HostRoute};
use crate::config::{network_name_problem, SUPPORTED_CNI_VERSIONS};
use crate::ipam::range::ip_to_u128;

/// The pool `--subnet auto` takes /24s from, in order.
pub const AUTO_POOL: &str = "10.90.0.0/15";

/// Default networks of Docker (`docker0`) and podman (`podman`): never
/// picked by `--subnet auto`, even when they are not on this host yet.
pub const RUNTIME_DEFAULT_SUBNETS: [(&str, &str); 2] = [
    ("Docker's docker0", "172.17.0.0/16"),
    ("podman's default network", "10.88.0.0/16"),
];

/// The cniVersion `net create` writes unless told otherwise.
pub const DEFAULT_CNI_VERSION: &str = "1.0.0";

/// A subnet as given: a CIDR, or `auto`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SubnetArg {
    Cidr(IpNetwork),
    Auto,
}

/// What the user asked `net create` for, parsed but not yet checked
/// against the host.
#[derive(Debug, Clone, Default)]
pub struct NetSpec {
    pub name: String,
    pub subnets: Vec<IpNetwork>,
    pub gateways: Vec<IpAddr>,
    pub ranges: Vec<(IpAddr, IpAddr)>,
    pub routes: Vec<(IpNetwork, Option<IpAddr>)>,
    pub bridge: Option<String>,
    pub masquerade: bool,
    pub mtu: Option<u32>,
    pub dns: Vec<IpAddr>,
    pub cni_version: Option<String>,
    pub with_portmap: bool,
}

/// Another network's subnet, from the conf dir.
#[derive(Debug, Clone)]
pub struct OtherNetwork {
    pub name: String,
    pub file: PathBuf,
    pub bridge: Option<String>,
    pub subnets: Vec<IpNetwork>,
}

#[derive(Debug, thiserror::Error)]
pub enum NetDefError {
    #[error("{flag} {value}: {problem}")]
    Invalid {
        flag: &'static str,
        value: String,
        problem: String,
    },

    #[error("network \"{name}\" already exists in {}; choose another name or `cnictl net rm {name}` first", file.display())]
    NameTaken { name: String, file: PathBuf },

    #[error("bridge {bridge} is already used by {user}; choose another with --bridge")]
    BridgeTaken { bridge: String, user: String },

    #[error("subnet {subnet} overlaps network \"{network}\" ({other} in {}); choose another subnet or --subnet auto", file.display())]
    OverlapsNetwork {
        subnet: IpNetwork,
        network: String,
        other: IpNetwork,
        file: PathBuf,
    },

    #[error("subnet {subnet} overlaps the host route {route} dev {device}; choose another subnet or --subnet auto")]
    OverlapsRoute {
        subnet: IpNetwork,
        route: IpNetwork,
        device: String,
    },

    #[error("--subnet auto: every /24 of {pool} overlaps a host route, another network or a Docker/podman default network; give --subnet CIDR")]
    PoolExhausted { pool: String },

    #[error("network \"{network}\" has {} attachment(s): {}; detach them with `cnictl del` or use `cnictl net rm {network} --force`", list.len(), list.join(", "))]
    Attached { network: String, list: Vec<String> },

    #[error("network \"{network}\" is not a bridge network cnictl can remove ({reason})")]
    NotRemovable { network: String, reason: String },
}

fn invalid(flag: &'static str, value: impl ToString, problem: impl Into<String>) -> NetDefError {
    NetDefError::Invalid {
        flag,
        value: value.to_string(),
        problem: problem.into(),
    }
}

/// Parses `--subnet`.
pub fn parse_subnet(text: &str) -> Result<SubnetArg, NetDefError> {
    if text == "auto" {
        return Ok(SubnetArg::Auto);
    }
    let net: IpNetwork = text.parse().map_err(|_| {
        invalid(
            "--subnet",
            text,
            "not a CIDR such as 10.15.30.0/24 (or auto)",
        )
    })?;
    if net.ip() != net.network() {
        return Err(invalid(
            "--subnet",
            text,
            format!(
                "has host bits set; the subnet is {}/{}",
                net.network(),
                net.prefix()
            ),
        ));
    }
    let max = if net.is_ipv4() { 30 } else { 126 };
    if net.prefix() > max {
        return Err(invalid(
            "--subnet",
            text,
            format!("is too small for a gateway and containers (at most /{max})"),
        ));
    }
    Ok(SubnetArg::Cidr(net))
}

/// Parses `--range A-B`.
pub fn parse_range(text: &str) -> Result<(IpAddr, IpAddr), NetDefError> {
    let (a, b) = text.split_once('-').ok_or_else(|| {
        invalid(
            "--range",
            text,
            "expected FIRST-LAST, such as 10.15.30.100-10.15.30.200",
        )
    })?;
    let parse = |s: &str| {
        s.trim()
            .parse::<IpAddr>()
            .map_err(|_| invalid("--range", text, format!("\"{s}\" is not an IP address")))
    };
    Ok((parse(a)?, parse(b)?))
}

/// Parses `--route DST[,GW]`.
pub fn parse_route(text: &str) -> Result<(IpNetwork, Option<IpAddr>), NetDefError> {
    let (dst, gw) = match text.split_once(',') {
        Some((d, g)) => (d, Some(g)),
        None => (text, None),
    };
    let dst: IpNetwork = dst
        .trim()
        .parse()
        .map_err(|_| invalid("--route", text, format!("\"{dst}\" is not a CIDR")))?;
    let gw = gw
        .map(|g| {
            g.trim()
                .parse::<IpAddr>()
                .map_err(|_| invalid("--route", text, format!("\"{g}\" is not an IP address")))
        })
        .transpose()?;
    if let Some(gw) = gw {
        if gw.is_ipv4() != dst.is_ipv4() {
            return Err(invalid(
                "--route",
                text,
                "destination and gateway are of different IP families",
            ));
        }
    }
    Ok((dst, gw))
}

/// The default bridge name: `cni-<name>` when it fits an interface name,
/// else `cni-` and a hash of the name.
pub fn default_bridge(name: &str) -> String {
    let plain = format!("cni-{name}");
    if plain.len() <= 15 && !plain.contains(['.', ':']) {
        plain
    } else {
        format!("cni-{}", &crate::firewall::rules::network_hash(name)[..11])
    }
}

fn host_ip_in(subnet: &IpNetwork, ip: IpAddr) -> bool {
    if !subnet.contains(ip) || ip == subnet.network() {
        return false;
    }
    match subnet {
        IpNetwork::V4(v4) => ip != IpAddr::V4(v4.broadcast()),
        IpNetwork::V6(_) => true,
    }
}

/// Checks the spec on its own (no host, no other networks).
pub fn check_spec(spec: &NetSpec) -> Result<(), NetDefError> {
    if let Some(problem) = network_name_problem(&spec.name) {
        return Err(invalid("NAME", &spec.name, problem));
    }
    if spec.subnets.is_empty() {
        return Err(invalid("--subnet", "", "at least one --subnet is needed"));
    }
    if spec.subnets.iter().filter(|s| s.is_ipv4()).count() > 1
        || spec.subnets.iter().filter(|s| s.is_ipv6()).count() > 1
    {
        return Err(invalid(
            "--subnet",
            spec.subnets
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(" "),
            "give at most one IPv4 and one IPv6 subnet",
        ));
    }
    for gw in &spec.gateways {
        if !spec.subnets.iter().any(|s| host_ip_in(s, *gw)) {
            return Err(invalid(
                "--gateway",
                gw,
                "is not a host address of any --subnet",
            ));
        }
    }
    for (a, b) in &spec.ranges {
        let text = format!("{a}-{b}");
        let Some(subnet) = spec.subnets.iter().find(|s| host_ip_in(s, *a)) else {
            return Err(invalid(
                "--range",
                text,
                format!("{a} is not a host address of any --subnet"),
            ));
        };
        if !host_ip_in(subnet, *b) {
            return Err(invalid(
                "--range",
                text,
                format!("{b} is not a host address of {subnet}"),
            ));
        }
        if ip_to_u128(*a) > ip_to_u128(*b) {
            return Err(invalid(
                "--range",
                text,
                "the first address is after the last",
            ));
        }
        let gw = gateway_of(spec, subnet);
        if ip_to_u128(*a) == ip_to_u128(*b) && gw == *a {
            return Err(invalid(
                "--range",
                text,
                format!("holds only the gateway {gw}"),
            ));
        }
    }
    for subnet in &spec.subnets {
        if spec
            .ranges
            .iter()
            .filter(|(a, _)| subnet.contains(*a))
            .count()
            > 1
        {
            return Err(invalid(
                "--range",
                subnet,
                "give at most one --range per subnet",
            ));
        }
    }
    for (dst, gw) in &spec.routes {
        let text = match gw {
            Some(gw) => format!("{dst},{gw}"),
            None => dst.to_string(),
        };
        if !spec.subnets.iter().any(|s| s.is_ipv4() == dst.is_ipv4()) {
            return Err(invalid("--route", text, "no --subnet of this IP family"));
        }
        if let Some(gw) = gw {
            if !spec.subnets.iter().any(|s| host_ip_in(s, *gw)) {
                return Err(invalid(
                    "--route",
                    text,
                    format!("gateway {gw} is not inside any --subnet"),
                ));
            }
        }
    }
    if let Some(mtu) = spec.mtu {
        let min = if spec.subnets.iter().any(IpNetwork::is_ipv6) {
            1280
        } else {
            68
        };
        if !(min..=65535).contains(&mtu) {
            return Err(invalid("--mtu", mtu, format!("must be {min}-65535")));
        }
    }
    if let Some(version) = &spec.cni_version {
        if !SUPPORTED_CNI_VERSIONS.contains(&version.as_str()) {
            return Err(invalid(
                "--cni-version",
                version,
                format!(
                    "not a CNI version (known: {})",
                    SUPPORTED_CNI_VERSIONS.join(", ")
                ),
            ));
        }
    }
    let bridge = spec
        .bridge
        .clone()
        .unwrap_or_else(|| default_bridge(&spec.name));
    let problems = crate::config::validate::interface_name_problems(&bridge);
    if let Some(problem) = problems.first() {
        return Err(invalid("--bridge", &bridge, problem.clone()));
    }
    Ok(())
}

fn gateway_of(spec: &NetSpec, subnet: &IpNetwork) -> IpAddr {
    spec.gateways
        .iter()
        .copied()
        .find(|g| subnet.contains(*g))
        .unwrap_or_else(|| crate::ipam::range::next_ip(subnet.network()))
}

/// Refuses a subnet that overlaps another network or a host route (the
/// default route is fine: it is what masquerading leaves through).
pub fn check_overlaps(
    subnet: &IpNetwork,
    others: &[OtherNetwork],
    routes: &[HostRoute],
) -> Result<(), NetDefError> {
    for other in others {
        if let Some(theirs) = other.subnets.iter().find(|s| subnets_overlap(s, subnet)) {
            return Err(NetDefError::OverlapsNetwork {
                subnet: *subnet,
                network: other.name.clone(),
                other: *theirs,
                file: other.file.clone(),
            });
        }
    }
    for route in routes {
        if route.dst.prefix() == 0 || !subnets_overlap(&route.dst, subnet) {
            continue;
        }
        return Err(NetDefError::OverlapsRoute {
            subnet: *subnet,
            route: route.dst,
            device: route
                .device
                .clone()
                .unwrap_or_else(|| "several devices".into()),
        });
    }
    Ok(())
}

/// The first /24 of [`AUTO_POOL`] that overlaps no other network, no host
/// route and no Docker/podman default network.
pub fn pick_auto_subnet(
    others: &[OtherNetwork],
    routes: &[HostRoute],
) -> Result<IpNetwork, NetDefError> {
    let pool: Ipv4Network = AUTO_POOL.parse().expect("constant");
    let reserved: Vec<IpNetwork> = RUNTIME_DEFAULT_SUBNETS
        .iter()
        .map(|(_, s)| s.parse().expect("constant"))
        .collect();
    let base = u32::from(pool.network());
    let count = 1u32 << (24 - pool.prefix());
    for i in 0..count {
        let candidate =
            IpNetwork::V4(Ipv4Network::new((base + (i << 8)).into(), 24).expect("a /24 is valid"));
        if reserved.iter().any(|r| subnets_overlap(r, &candidate)) {
            continue;
        }
        if check_overlaps(&candidate, others, routes).is_ok() {
            return Ok(candidate);
        }
    }
    Err(NetDefError::PoolExhausted {
        pool: AUTO_POOL.to_string(),
    })
}

/// The conflist for a checked spec, as pretty JSON with a final newline.
pub fn conflist(spec: &NetSpec) -> String {
    let bridge = spec
        .bridge
        .clone()
        .unwrap_or_else(|| default_bridge(&spec.name));
    let mut ranges = Vec::new();
    let mut routes = Vec::new();
    for subnet in &spec.subnets {
        let mut range = Map::new();
        range.insert("subnet".into(), json!(subnet.to_string()));
        if let Some((a, b)) = spec.ranges.iter().find(|(a, _)| subnet.contains(*a)) {
            range.insert("rangeStart".into(), json!(a.to_string()));
            range.insert("rangeEnd".into(), json!(b.to_string()));
        }
        if let Some(gw) = spec.gateways.iter().find(|g| subnet.contains(**g)) {
            range.insert("gateway".into(), json!(gw.to_string()));
        }
        ranges.push(json!([Value::Object(range)]));
        routes.push(json!({"dst": if subnet.is_ipv4() { "0.0.0.0/0" } else { "::/0" }}));
    }
    for (dst, gw) in &spec.routes {
        let mut route = Map::new();
        route.insert("dst".into(), json!(dst.to_string()));
        if let Some(gw) = gw {
            route.insert("gw".into(), json!(gw.to_string()));
        }
        routes.push(Value::Object(route));
    }
    let mut bridge_plugin = Map::new();
    bridge_plugin.insert("type".into(), json!("bridge"));
    bridge_plugin.insert("bridge".into(), json!(bridge));
    bridge_plugin.insert("isGateway".into(), json!(true));
    bridge_plugin.insert("ipMasq".into(), json!(spec.masquerade));
    bridge_plugin.insert("hairpinMode".into(), json!(true));
    if let Some(mtu) = spec.mtu {
        bridge_plugin.insert("mtu".into(), json!(mtu));
    }
    bridge_plugin.insert(
        "ipam".into(),
        json!({"type": "host-local", "ranges": ranges, "routes": routes}),
    );
    if !spec.dns.is_empty() {
        bridge_plugin.insert(
            "dns".into(),
            json!({"nameservers": spec.dns.iter().map(ToString::to_string).collect::<Vec<_>>()}),
        );
    }
    let mut plugins = vec![Value::Object(bridge_plugin)];
    if spec.with_portmap {
        plugins.push(json!({"type": "portmap", "capabilities": {"portMappings": true}}));
    }
    let list = json!({
        "cniVersion": spec.cni_version.clone().unwrap_or_else(|| DEFAULT_CNI_VERSION.into()),
        "name": spec.name,
        "plugins": plugins,
    });
    let mut text = serde_json::to_string_pretty(&list).expect("JSON values serialize");
    text.push('\n');
    text
}

/// `NN-name.conflist`: NN one past the highest number prefix in the conf
/// dir (10 when there is none, at most 99), so files sort in the order the
/// networks were made, after the ones that were there.
pub fn file_name(name: &str, existing: &[PathBuf]) -> String {
    let highest = existing
        .iter()
        .filter_map(|p| p.file_name()?.to_str().map(str::to_string))
        .filter_map(|n| {
            let digits: String = n.chars().take_while(char::is_ascii_digit).collect();
            digits.parse::<u32>().ok()
        })
        .max();
    let number = highest.map_or(10, |h| (h + 1).clamp(10, 99));
    format!("{number:02}-{name}.conflist")
}

/// Where a network's file goes in `conf_dir`.
pub fn conf_path(conf_dir: &Path, name: &str, existing: &[PathBuf]) -> PathBuf {
    conf_dir.join(file_name(name, existing))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(subnets: &[&str]) -> NetSpec {
        NetSpec {
            name: "mybridge".into(),
            subnets: subnets.iter().map(|s| s.parse().unwrap()).collect(),
            masquerade: true,
            ..NetSpec::default()
        }
    }

    #[test]
    fn refuses_bad_ranges_gateways_and_routes() {
        let mut s = spec(&["10.15.30.0/24"]);
        s.ranges = vec![parse_range("10.15.30.200-10.15.30.100").unwrap()];
        assert_eq!(
            check_spec(&s).unwrap_err().to_string(),
            "--range 10.15.30.200-10.15.30.100: the first address is after the last"
        );
        s.ranges = vec![parse_range("10.15.30.100-10.15.31.1").unwrap()];
        assert_eq!(
            check_spec(&s).unwrap_err().to_string(),
            "--range 10.15.30.100-10.15.31.1: 10.15.31.1 is not a host address of 10.15.30.0/24"
        );
        s.ranges.clear();
        s.gateways = vec!["10.15.30.255".parse().unwrap()];
        assert_eq!(
            check_spec(&s).unwrap_err().to_string(),
            "--gateway 10.15.30.255: is not a host address of any --subnet"
        );
        s.gateways.clear();
        s.routes = vec![parse_route("1.1.1.1/32,10.15.31.1").unwrap()];
        assert_eq!(
            check_spec(&s).unwrap_err().to_string(),
            "--route 1.1.1.1/32,10.15.31.1: gateway 10.15.31.1 is not inside any --subnet"
        );
        assert_eq!(
            parse_subnet("10.15.30.1/24").unwrap_err().to_string(),
            "--subnet 10.15.30.1/24: has host bits set; the subnet is 10.15.30.0/24"
        );
    }

    #[test]
    fn auto_skips_routes_networks_and_runtime_defaults() {
        let routes = vec![HostRoute {
            dst: "10.90.0.0/24".parse().unwrap(),
            device: Some("eth0".into()),
        }];
        let others = vec![OtherNetwork {
            name: "a".into(),
            file: "/x".into(),
            bridge: None,
            subnets: vec!["10.90.1.0/24".parse().unwrap()],
        }];
        assert_eq!(
            pick_auto_subnet(&others, &routes).unwrap().to_string(),
            "10.90.2.0/24"
        );
    }

    #[test]
    fn conflist_is_bridge_and_host_local() {
        let mut s = spec(&["10.15.30.0/24", "fd00:15::/64"]);
        s.gateways = vec!["10.15.30.99".parse().unwrap()];
        s.with_portmap = true;
        let text = conflist(&s);
        let v: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(v["plugins"][0]["bridge"], "cni-mybridge");
        assert_eq!(
            v["plugins"][0]["ipam"]["ranges"][0][0]["gateway"],
            "10.15.30.99"
        );
        assert_eq!(
            v["plugins"][0]["ipam"]["ranges"][1][0]["subnet"],
            "fd00:15::/64"
        );
        assert_eq!(v["plugins"][1]["type"], "portmap");
    }

    #[test]
    fn file_names_sort_after_existing_ones() {
        assert_eq!(file_name("a", &[]), "10-a.conflist");
        assert_eq!(
            file_name("a", &["/d/87-podman.conflist".into(), "/d/x.conf".into()]),
            "88-a.conflist"
        );
    }
}
