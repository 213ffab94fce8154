//! Checks a loaded config the way the reference plugins would, before
//! anything on the host is changed, and reports every fault at once: a user
//! fixing a hand-written file should not have to run cnictl once per typo.

use std::fmt;
use std::net::IpAddr;

use ipnetwork::IpNetwork;

use super::error::ConfigError;
use super::load::{range_error_field, range_set_confs, NetworkConfig, SUPPORTED_CNI_VERSIONS};
use super::types::{IpamConf, PluginConf};
use crate::ipam::range::{ip_to_u128, Range, RangeError};

/// Linux interface names hold at most IFNAMSIZ-1 = 15 bytes.
pub const MAX_INTERFACE_NAME_LEN: usize = 15;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// cnictl (or the reference plugins) would refuse or misuse the config.
    Error,
    /// Works, but probably not as the user meant.
    Warning,
}

/// One thing wrong with a config.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Fault {
    /// JSON path of the field as written, e.g. `ipam.ranges[0][1].rangeStart`
    /// or `plugins[0].bridge`; empty when the whole file is at fault.
    pub field: String,
    pub message: String,
    pub fix: String,
    pub severity: Severity,
}

impl Fault {
    pub fn error(
        field: impl Into<String>,
        message: impl Into<String>,
        fix: impl Into<String>,
    ) -> Fault {
        Fault {
            field: field.into(),
            message: message.into(),
            fix: fix.into(),
            severity: Severity::Error,
        }
    }

    pub fn warning(
        field: impl Into<String>,
        message: impl Into<String>,
        fix: impl Into<String>,
    ) -> Fault {
        Fault {
            severity: Severity::Warning,
            ..Fault::error(field, message, fix)
        }
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Fault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let severity = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{severity}: ")?;
        if !self.field.is_empty() {
            write!(f, "{}: ", self.field)?;
        }
        f.write_str(&self.message)?;
        if !self.fix.is_empty() {
            write!(f, " (fix: {})", self.fix)?;
        }
        Ok(())
    }
}

/// Every fault of `config`, errors and warnings, in file order.
pub fn validate(config: &NetworkConfig) -> Vec<Fault> {
    let mut faults = Vec::new();
    check_name(config, &mut faults);
    check_cni_version(config, &mut faults);
    if config.is_list && config.plugins.is_empty() {
        let message = if config.plugins_key_missing {
            "the network list has no \"plugins\""
        } else {
            "the network list's \"plugins\" is empty"
        };
        faults.push(Fault::error(
            "plugins",
            message,
            "add at least one plugin, e.g. \"plugins\": [{\"type\": \"bridge\", …}]",
        ));
    }
    for (index, plugin) in config.plugins.iter().enumerate() {
        check_plugin(&config.plugin_prefix(index), plugin, &mut faults);
    }
    check_layer2_only(config, &mut faults);
    faults
}

/// Validates before anything on the host changes: the warnings when the
/// config is usable, or [`ConfigError::Invalid`] listing every fault.
pub fn require_valid(config: &NetworkConfig) -> Result<Vec<Fault>, ConfigError> {
    let faults = validate(config);
    if faults.iter().any(Fault::is_error) {
        return Err(ConfigError::Invalid {
            origin: config.source.to_string(),
            faults,
        });
    }
    Ok(faults)
}

/// Why `name` cannot be a CNI network name, or `None` when it can. The name
/// becomes a directory (`<dataDir>/<name>`) and a file-name part of the
/// attachment cache, so it must be one safe path component; beyond that,
/// libcni (`ValidateNetworkName`) and the spec require a letter or digit
/// first, then only letters, digits, `_`, `.` and `-`.
pub fn network_name_problem(name: &str) -> Option<String> {
    if name.is_empty() {
        return Some("name is empty".to_string());
    }
    if name == "." || name == ".." {
        return Some(format!(
            "name \"{name}\" is not usable: it would name the lease directory itself or its parent"
        ));
    }
    if name.contains('/') {
        return Some(format!(
            "name \"{name}\" contains \"/\": it must be a single file-name component (leases live in <dataDir>/<name>)"
        ));
    }
    if name.contains('\0') {
        return Some(format!(
            "name {name:?} contains a NUL byte: it must be a single file-name component"
        ));
    }
    let mut chars = name.chars();
    let first_ok = chars.next().is_some_and(|c| c.is_ascii_alphanumeric());
    let rest_ok = chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-'));
    if !first_ok || !rest_ok {
        return Some(format!(
            "name \"{name}\" is not a valid CNI network name: it must start with a letter or digit and contain only letters, digits, \"_\", \".\" and \"-\""
        ));
    }
    None
}

const NAME_FIX: &str = "use a name such as \"mybridge\" (letters, digits, \"_\", \".\", \"-\")";

fn check_name(config: &NetworkConfig, faults: &mut Vec<Fault>) {
    match &config.name {
        Some(name) => {
            if let Some(problem) = network_name_problem(name) {
                faults.push(Fault::error("name", problem, NAME_FIX));
            }
        }
        None if config.is_list => faults.push(Fault::error(
            "name",
            "the network list has no name",
            "add \"name\": \"mybridge\" at the top level",
        )),
        // The loopback plugin neither allocates nor names anything, and such
        // configs are common in net.d (e.g. 99-loopback.conf).
        None if config.plugins.first().is_some_and(|p| p.plugin_type == "loopback") => {
            faults.push(Fault::warning(
                "name",
                "the config has no name, so it can only be selected by its path (--net <file>)",
                "add \"name\": \"lo\" to select it by name",
            ))
        }
        None => faults.push(Fault::error(
            "name",
            "the config has no name: leases, the attachment cache and firewall rules are keyed by it",
            "add \"name\": \"mybridge\"",
        )),
    }
}

fn check_cni_version(config: &NetworkConfig, faults: &mut Vec<Fault>) {
    if !SUPPORTED_CNI_VERSIONS.contains(&config.cni_version.as_str()) {
        faults.push(Fault::error(
            "cniVersion",
            format!(
                "cniVersion \"{}\" is not supported (supported: {})",
                config.cni_version,
                SUPPORTED_CNI_VERSIONS.join(", ")
            ),
            "set \"cniVersion\": \"1.0.0\"",
        ));
    }
}

fn check_plugin(prefix: &str, plugin: &PluginConf, faults: &mut Vec<Fault>) {
    if plugin.plugin_type.trim().is_empty() {
        faults.push(Fault::error(
            format!("{prefix}type"),
            "type is missing: CNI cannot tell which plugin to run",
            "add \"type\": \"bridge\" (or the name of the plugin binary to run)",
        ));
    }
    if plugin.plugin_type == "bridge" {
        if let Some(bridge) = &plugin.bridge {
            for problem in interface_name_problems(bridge) {
                faults.push(Fault::error(
                    format!("{prefix}bridge"),
                    format!("bridge name {problem}"),
                    "use a short name such as \"cni0\": at most 15 bytes, no \"/\", \":\" or spaces",
                ));
            }
        }
    }
    let ipv6 = plugin.ipam.as_ref().is_some_and(has_ipv6_range);
    if let Some(mtu) = plugin.mtu {
        check_mtu(&format!("{prefix}mtu"), mtu, ipv6, faults);
    }
    if let Some(dns) = &plugin.dns {
        for (index, server) in dns.nameservers.iter().enumerate() {
            if server.trim().parse::<IpAddr>().is_err() {
                faults.push(Fault::error(
                    format!("{prefix}dns.nameservers[{index}]"),
                    format!("nameserver \"{server}\" is not an IP address"),
                    "write an address such as \"8.8.8.8\"",
                ));
            }
        }
    }
    match &plugin.ipam {
        // `"ipam": {}` is the reference's L2-only form; with more in it,
        // the type was probably forgotten.
        Some(ipam) if plugin.is_layer2_only() && *ipam != IpamConf::default() => {
            faults.push(Fault::warning(
                format!("{prefix}ipam.type"),
                "ipam has no type, so the network is L2-only: no addresses, and the rest of ipam is ignored",
                "add \"type\": \"host-local\" to ipam for addresses, or write \"ipam\": {} for an L2-only network",
            ));
        }
        Some(_) if plugin.is_layer2_only() => {}
        Some(ipam) => check_ipam(&format!("{prefix}ipam"), prefix, ipam, faults),
        None => {}
    }
}

/// An L2-only bridge network (no IPAM) gives containers no address: what
/// needs one does nothing, and the 0.1.0/0.2.0 result cannot say so (the
/// reference fails there with "no valid IP addresses", after it has made the
/// veth).
fn check_layer2_only(config: &NetworkConfig, faults: &mut Vec<Fault>) {
    let Some(index) = config
        .plugins
        .iter()
        .position(|p| p.plugin_type == "bridge")
    else {
        return;
    };
    let plugin = &config.plugins[index];
    if !plugin.is_layer2_only() {
        return;
    }
    let prefix = config.plugin_prefix(index);
    if matches!(config.cni_version.as_str(), "0.1.0" | "0.2.0") {
        faults.push(Fault::error(
            "cniVersion",
            format!(
                "an L2-only network (no ipam) needs cniVersion 0.3.0 or later: a {} result{} has no place for an interface without an address",
                config.cni_version,
                if config.cni_version_given { "" } else { " (no cniVersion means 0.1.0)" }
            ),
            "set \"cniVersion\": \"1.0.0\", or add an ipam of type host-local",
        ));
    }
    let needs_addresses = [
        ("isGateway", plugin.is_gateway),
        ("isDefaultGateway", plugin.is_default_gateway),
        ("ipMasq", plugin.ip_masq),
    ];
    for (field, value) in needs_addresses {
        if value == Some(true) {
            faults.push(Fault::warning(
                format!("{prefix}{field}"),
                format!("{field} does nothing on an L2-only network (no ipam): there is no address to route or masquerade"),
                format!("remove {field}, or add an ipam of type host-local"),
            ));
        }
    }
}

/// Why Linux would refuse `name` as an interface name (net/core/dev.c
/// `dev_valid_name`); one entry per reason.
pub fn interface_name_problems(name: &str) -> Vec<String> {
    let mut problems = Vec::new();
    if name.is_empty() {
        problems.push("is empty".to_string());
        return problems;
    }
    if name.len() > MAX_INTERFACE_NAME_LEN {
        problems.push(format!(
            "\"{name}\" is {} bytes long; Linux allows at most {MAX_INTERFACE_NAME_LEN} (IFNAMSIZ-1)",
            name.len()
        ));
    }
    if name == "." || name == ".." {
        problems.push(format!("\"{name}\" is not allowed by Linux"));
    }
    if name.contains('/') {
        problems.push(format!(
            "\"{name}\" contains \"/\", which Linux does not allow"
        ));
    }
    if name.contains(':') {
        problems.push(format!(
            "\"{name}\" contains \":\", which Linux does not allow"
        ));
    }
    if name.chars().any(char::is_whitespace) {
        problems.push(format!(
            "\"{name}\" contains whitespace, which Linux does not allow"
        ));
    }
    problems
}

fn check_mtu(field: &str, mtu: u32, ipv6: bool, faults: &mut Vec<Fault>) {
    const FIX: &str = "use a value between 68 and 65535, usually 1500 or the host uplink's MTU";
    if mtu == 0 {
        faults.push(Fault::warning(
            field,
            "mtu 0 means the kernel default (1500)",
            "leave mtu out, or set the value you want",
        ));
    } else if !(68..=65535).contains(&mtu) {
        faults.push(Fault::error(
            field,
            format!("mtu {mtu} is out of range: IPv4 needs 68 to 65535"),
            FIX,
        ));
    } else if ipv6 && mtu < 1280 {
        faults.push(Fault::error(
            field,
            format!("mtu {mtu} is below 1280, the minimum for IPv6 (the ranges include IPv6)"),
            "use at least 1280",
        ));
    }
}

fn has_ipv6_range(ipam: &IpamConf) -> bool {
    range_set_confs(ipam)
        .iter()
        .flat_map(|(_, set)| set.iter())
        .filter_map(|r| Range::from_conf(r).ok())
        .any(|r| r.subnet.is_ipv6())
}

fn check_ipam(path: &str, prefix: &str, ipam: &IpamConf, faults: &mut Vec<Fault>) {
    if ipam.ipam_type.trim().is_empty() {
        faults.push(Fault::error(
            format!("{path}.type"),
            "ipam type is missing: CNI cannot tell which IPAM plugin to run",
            "add \"type\": \"host-local\" to ipam",
        ));
    }
    for (index, route) in ipam.routes.iter().enumerate() {
        check_route(&format!("{path}.routes[{index}]"), route, faults);
    }
    if ipam.ipam_type != "host-local" {
        return;
    }
    if ipam.subnet.is_none() {
        let stray = [
            ("rangeStart", &ipam.range_start),
            ("rangeEnd", &ipam.range_end),
            ("gateway", &ipam.gateway),
        ];
        for (field, value) in stray {
            if value.is_some() {
                faults.push(Fault::warning(
                    format!("{path}.{field}"),
                    format!("{field} is ignored without ipam.subnet"),
                    "add ipam.subnet, or move the range into ipam.ranges",
                ));
            }
        }
    }
    let sets = range_set_confs(ipam);
    if sets.is_empty() {
        faults.push(Fault::error(
            path,
            "host-local ipam has neither subnet nor ranges, so there is nothing to allocate from",
            "add \"subnet\": \"10.22.0.0/16\" (or \"ranges\": [[{\"subnet\": …}]]) to ipam",
        ));
        return;
    }
    // Canonicalized ranges of each set, with the path of each, for the
    // overlap checks across sets.
    let mut valid_sets: Vec<(String, Vec<(String, Range)>)> = Vec::new();
    for (set_path, confs) in &sets {
        let set_path = format!("{prefix}{set_path}");
        if confs.is_empty() {
            faults.push(Fault::error(
                &set_path,
                RangeError::EmptySet.to_string(),
                "add at least one {\"subnet\": …} to the set, or remove it",
            ));
            continue;
        }
        let mut valid: Vec<(String, Range)> = Vec::new();
        for (index, conf) in confs.iter().enumerate() {
            let range = match Range::from_conf(conf) {
                Ok(range) => range,
                Err(error) => {
                    faults.push(Fault::error(
                        range_error_field(&set_path, Some(index), &error),
                        error.to_string(),
                        range_fix(&error),
                    ));
                    continue;
                }
            };
            let range_path = if set_path.ends_with("ipam") {
                set_path.clone()
            } else {
                format!("{set_path}[{index}]")
            };
            for (_, earlier) in &valid {
                let error = if earlier.subnet.is_ipv4() != range.subnet.is_ipv4() {
                    RangeError::MixedFamilies(earlier.subnet, range.subnet)
                } else if earlier.overlaps(&range) {
                    RangeError::Overlap(earlier.subnet, range.subnet)
                } else {
                    continue;
                };
                faults.push(Fault::error(
                    &range_path,
                    error.to_string(),
                    range_fix(&error),
                ));
            }
            valid.push((range_path, range));
        }
        valid_sets.push((set_path, valid));
    }
    for (later_index, (later_path, later)) in valid_sets.iter().enumerate() {
        for (earlier_index, (earlier_path, earlier)) in valid_sets[..later_index].iter().enumerate()
        {
            let clash = later.iter().find_map(|(_, l)| {
                earlier
                    .iter()
                    .find(|(_, e)| e.overlaps(l))
                    .map(|(_, e)| (e, l))
            });
            if let Some((e, l)) = clash {
                faults.push(Fault::error(
                    later_path,
                    format!(
                        "range set {later_index} ({}) overlaps range set {earlier_index} ({}, at {earlier_path}): both could hand out {}",
                        l.subnet, e.subnet, overlap_start(e, l)
                    ),
                    "give each range set its own addresses (each set yields one address per container)",
                ));
            }
        }
    }
}

/// The first address two overlapping ranges share, to make the clash concrete.
fn overlap_start(a: &Range, b: &Range) -> IpAddr {
    if ip_to_u128(a.range_start) >= ip_to_u128(b.range_start) {
        a.range_start
    } else {
        b.range_start
    }
}

fn range_fix(error: &RangeError) -> String {
    match error {
        RangeError::MissingSubnet => "add \"subnet\": \"10.22.0.0/16\"".into(),
        RangeError::BadSubnet(_) => {
            "write the subnet as a network and prefix, e.g. \"10.22.0.0/16\"".into()
        }
        RangeError::HostBitsSet {
            network, prefix, ..
        } => format!("write \"{network}/{prefix}\""),
        RangeError::TooSmall(_, max) => format!("use a prefix of /{max} or shorter"),
        RangeError::BadAddress { .. } => "write a plain address such as \"10.22.0.10\"".into(),
        RangeError::WrongFamily { field, .. } | RangeError::OutsideSubnet { field, .. } => {
            format!("pick a {field} inside the subnet, or leave it out to use the default")
        }
        RangeError::StartAfterEnd { .. } => "swap rangeStart and rangeEnd".into(),
        RangeError::EmptySet => "add a range to the set, or remove it".into(),
        RangeError::Overlap(..) => "make the ranges of one set disjoint".into(),
        RangeError::MixedFamilies(..) => {
            "put IPv4 and IPv6 ranges into separate range sets (one address of each)".into()
        }
    }
}

fn check_route(path: &str, route: &super::types::RouteConf, faults: &mut Vec<Fault>) {
    let dst = route.dst.trim();
    let dst_net = if dst.is_empty() {
        faults.push(Fault::error(
            format!("{path}.dst"),
            "route has no dst",
            "add \"dst\": \"0.0.0.0/0\" (or the network to route)",
        ));
        None
    } else if let Some(net) = dst
        .contains('/')
        .then(|| dst.parse::<IpNetwork>().ok())
        .flatten()
    {
        Some(net)
    } else {
        faults.push(Fault::error(
            format!("{path}.dst"),
            format!("route dst \"{}\" is not a CIDR", route.dst),
            "write it as network/prefix, e.g. \"0.0.0.0/0\" or \"1.1.1.1/32\"",
        ));
        None
    };
    if let Some(gw) = &route.gw {
        match gw.trim().parse::<IpAddr>() {
            Err(_) => faults.push(Fault::error(
                format!("{path}.gw"),
                format!("route gw \"{gw}\" is not an IP address"),
                "write a plain address such as \"10.22.0.1\", or leave gw out to use the gateway",
            )),
            Ok(addr) => {
                if let Some(net) = dst_net {
                    if net.is_ipv4() != addr.is_ipv4() {
                        faults.push(Fault::error(
                            format!("{path}.gw"),
                            format!("route gw {addr} is not the same IP family as dst {net}"),
                            "use a gateway of the destination's family",
                        ));
                    }
                }
            }
        }
    }
}
