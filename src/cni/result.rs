//! The result of an ADD, held in the current (1.x) shape and written in, or
//! read from, the shape of any supported version.
//!
//! Conversions follow libcni (`pkg/types/{020,040,100}` and
//! `types/internal/convert.go`) so that a result cnictl prints, caches or
//! passes on as `prevResult` is what libcni would have made of it:
//!
//! - down to 0.3.x/0.4.0: each IP gains `"version": "4" | "6"` from its
//!   address; interfaces lose the 1.1 fields (`mtu`, `socketPath`, `pciID`).
//! - down to 0.1.0/0.2.0: the first IPv4 becomes `ip4`, the first IPv6
//!   `ip6`; each route goes under the one of its destination's family (and
//!   is dropped if there is none) with only `dst` and `gw`; interfaces and
//!   interface indexes are gone. No address at all cannot be expressed.
//! - up from 0.1.0/0.2.0: `ip4` then `ip6` become `ips` *without* an
//!   interface index (libcni assigns none: the old shape never said which
//!   interface), and their routes are concatenated, ip4's first.
//! - up from 0.3.x/0.4.0: the `version` of each IP is dropped.
//!
//! The JSON matches what the reference plugins built on libcni 1.1 print
//! (containernetworking-plugins 1.1.1): keys in struct order and `"dns": {}`
//! even when empty. Newer libcni (1.2+) leaves an empty `dns` out of 1.x
//! results and sorts the keys; both parse here.

use std::net::IpAddr;
use std::str::FromStr;

use ipnetwork::IpNetwork;
use serde::{Deserialize, Serialize, Serializer};
use serde_json::{Map, Value};

use super::error::CniError;
use super::json;
use super::version::{CniVersion, ResultShape};
use crate::config::DnsConf;
use crate::ipam::Allocation;

/// The result of an ADD (or a `prevResult`, or a cached result).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CniResult {
    /// The version this result was produced or read in. Writing it in
    /// another version converts it.
    pub cni_version: CniVersion,
    pub interfaces: Vec<Interface>,
    pub ips: Vec<IpConfig>,
    pub routes: Vec<Route>,
    pub dns: Dns,
}

/// An interface a plugin created or configured. Empty strings and zero MTU
/// mean "not set" (Go's `omitempty`), so they are `None` here.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Interface {
    pub name: String,
    pub mac: Option<String>,
    /// 1.1.0.
    pub mtu: Option<u32>,
    /// The netns path for an interface inside the container; `None` for
    /// host-side interfaces (the bridge, the host veth).
    pub sandbox: Option<String>,
    /// 1.1.0.
    pub socket_path: Option<String>,
    /// 1.1.0.
    pub pci_id: Option<String>,
}

/// An address configured on an interface.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IpConfig {
    /// The address with the prefix of its subnet (`10.13.23.100/24`).
    pub address: IpNetwork,
    pub gateway: Option<IpAddr>,
    /// Index into [`CniResult::interfaces`].
    pub interface: Option<usize>,
}

/// A route in the container. Zero `mtu`/`advmss`/`priority` mean "not set"
/// (Go's `omitempty`); `table` and `scope` are pointers in Go, so 0 is a value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Route {
    pub dst: IpNetwork,
    pub gw: Option<IpAddr>,
    pub mtu: Option<u32>,
    pub advmss: Option<u32>,
    pub priority: Option<u32>,
    pub table: Option<u32>,
    pub scope: Option<u8>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Dns {
    pub nameservers: Vec<String>,
    pub domain: Option<String>,
    pub search: Vec<String>,
    pub options: Vec<String>,
}

impl CniResult {
    /// An empty result of `cni_version`, to fill in.
    pub fn new(cni_version: CniVersion) -> CniResult {
        CniResult {
            cni_version,
            interfaces: Vec::new(),
            ips: Vec::new(),
            routes: Vec::new(),
            dns: Dns::default(),
        }
    }

    /// The result as a JSON value in `version`'s shape, with `cniVersion`
    /// set to `version`.
    pub fn to_json_value(&self, version: CniVersion) -> Result<Value, CniError> {
        let mut object = Map::new();
        object.insert("cniVersion".into(), Value::from(version.as_str()));
        match version.result_shape() {
            ResultShape::Ip4Ip6 => self.write_ip4_ip6(version, &mut object)?,
            shape => self.write_ips(shape, &mut object),
        }
        object.insert("dns".into(), self.dns.to_json_value());
        Ok(Value::Object(object))
    }

    /// As a plugin prints it: Go's 4-space indented JSON, no trailing newline.
    pub fn to_pretty_json(&self, version: CniVersion) -> Result<String, CniError> {
        self.to_json_value(version)
            .map(|value| json::to_pretty_string(&value))
    }

    /// The same result as libcni's `GetAsVersion(version)` would give.
    pub fn convert_to(&self, version: CniVersion) -> Result<CniResult, CniError> {
        CniResult::from_json_value(&self.to_json_value(version)?)
    }

    /// Reads a result of any supported version; a missing or empty
    /// `cniVersion` means 0.1.0, as for libcni. Unknown fields are ignored.
    pub fn from_json_value(value: &Value) -> Result<CniResult, CniError> {
        let wire = WireResult::deserialize(value).map_err(CniError::DecodeResult)?;
        wire.into_result()
    }

    pub fn from_slice(bytes: &[u8]) -> Result<CniResult, CniError> {
        let wire: WireResult = serde_json::from_slice(bytes).map_err(CniError::DecodeResult)?;
        wire.into_result()
    }

    fn write_ips(&self, shape: ResultShape, object: &mut Map<String, Value>) {
        let with_family = shape == ResultShape::IpsWithFamily;
        if !self.interfaces.is_empty() {
            let interfaces = self
                .interfaces
                .iter()
                .map(|interface| interface.to_json_value(!with_family))
                .collect();
            object.insert("interfaces".into(), Value::Array(interfaces));
        }
        if !self.ips.is_empty() {
            let ips = self
                .ips
                .iter()
                .map(|ip| ip.to_json_value(with_family))
                .collect();
            object.insert("ips".into(), Value::Array(ips));
        }
        if !self.routes.is_empty() {
            let routes = self
                .routes
                .iter()
                .map(|route| route.to_json_value(true))
                .collect();
            object.insert("routes".into(), Value::Array(routes));
        }
    }

    fn write_ip4_ip6(
        &self,
        version: CniVersion,
        object: &mut Map<String, Value>,
    ) -> Result<(), CniError> {
        let ip4 = self.ips.iter().find(|ip| ip.address.is_ipv4());
        let ip6 = self.ips.iter().find(|ip| ip.address.is_ipv6());
        if ip4.is_none() && ip6.is_none() {
            return Err(CniError::NoAddressForLegacyResult { version });
        }
        for (key, ip) in [("ip4", ip4), ("ip6", ip6)] {
            let Some(ip) = ip else { continue };
            let mut entry = Map::new();
            entry.insert("ip".into(), Value::from(ip.address.to_string()));
            if let Some(gateway) = ip.gateway {
                entry.insert("gateway".into(), Value::from(gateway.to_string()));
            }
            let routes: Vec<Value> = self
                .routes
                .iter()
                .filter(|route| route.dst.is_ipv4() == ip.address.is_ipv4())
                .map(|route| route.to_json_value(false))
                .collect();
            if !routes.is_empty() {
                entry.insert("routes".into(), Value::Array(routes));
            }
            object.insert(key.into(), Value::Object(entry));
        }
        Ok(())
    }
}

impl Serialize for CniResult {
    /// In the result's own `cni_version`.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.to_json_value(self.cni_version)
            .map_err(serde::ser::Error::custom)?
            .serialize(serializer)
    }
}

impl FromStr for CniResult {
    type Err = CniError;

    fn from_str(text: &str) -> Result<CniResult, CniError> {
        CniResult::from_slice(text.as_bytes())
    }
}

impl Interface {
    fn to_json_value(&self, with_1_1_fields: bool) -> Value {
        let mut object = Map::new();
        object.insert("name".into(), Value::from(self.name.as_str()));
        insert_str(&mut object, "mac", &self.mac);
        if with_1_1_fields {
            if let Some(mtu) = self.mtu {
                object.insert("mtu".into(), Value::from(mtu));
            }
        }
        insert_str(&mut object, "sandbox", &self.sandbox);
        if with_1_1_fields {
            insert_str(&mut object, "socketPath", &self.socket_path);
            insert_str(&mut object, "pciID", &self.pci_id);
        }
        Value::Object(object)
    }
}

impl IpConfig {
    /// An address host-local handed out, on interface `interface`.
    pub fn from_allocation(allocation: &Allocation, interface: Option<usize>) -> IpConfig {
        IpConfig {
            address: allocation.address(),
            gateway: Some(allocation.gateway),
            interface,
        }
    }

    /// `"4"` or `"6"`: the 0.3.x/0.4.0 `version` field.
    pub fn family(&self) -> &'static str {
        if self.address.is_ipv4() {
            "4"
        } else {
            "6"
        }
    }

    fn to_json_value(&self, with_family: bool) -> Value {
        let mut object = Map::new();
        if with_family {
            object.insert("version".into(), Value::from(self.family()));
        }
        if let Some(index) = self.interface {
            object.insert("interface".into(), Value::from(index));
        }
        object.insert("address".into(), Value::from(self.address.to_string()));
        if let Some(gateway) = self.gateway {
            object.insert("gateway".into(), Value::from(gateway.to_string()));
        }
        Value::Object(object)
    }
}

impl Route {
    /// A route with only a destination and maybe a gateway, as IPAM
    /// configs give them.
    pub fn new(dst: IpNetwork, gw: Option<IpAddr>) -> Route {
        Route {
            dst,
            gw,
            mtu: None,
            advmss: None,
            priority: None,
            table: None,
            scope: None,
        }
    }

    fn to_json_value(&self, with_extras: bool) -> Value {
        let mut object = Map::new();
        object.insert("dst".into(), Value::from(self.dst.to_string()));
        if let Some(gw) = self.gw {
            object.insert("gw".into(), Value::from(gw.to_string()));
        }
        if with_extras {
            for (key, value) in [
                ("mtu", self.mtu),
                ("advmss", self.advmss),
                ("priority", self.priority),
                ("table", self.table),
                ("scope", self.scope.map(u32::from)),
            ] {
                if let Some(value) = value {
                    object.insert(key.into(), Value::from(value));
                }
            }
        }
        Value::Object(object)
    }
}

impl Dns {
    pub fn is_empty(&self) -> bool {
        self.nameservers.is_empty()
            && self.domain.is_none()
            && self.search.is_empty()
            && self.options.is_empty()
    }

    fn to_json_value(&self) -> Value {
        let mut object = Map::new();
        let list = |items: &[String]| Value::from(items.to_vec());
        if !self.nameservers.is_empty() {
            object.insert("nameservers".into(), list(&self.nameservers));
        }
        insert_str(&mut object, "domain", &self.domain);
        if !self.search.is_empty() {
            object.insert("search".into(), list(&self.search));
        }
        if !self.options.is_empty() {
            object.insert("options".into(), list(&self.options));
        }
        Value::Object(object)
    }
}

impl From<&DnsConf> for Dns {
    /// The bridge plugin copies the config's `dns` into its result as is.
    fn from(conf: &DnsConf) -> Dns {
        Dns {
            nameservers: conf.nameservers.clone(),
            domain: conf.domain.clone().filter(|domain| !domain.is_empty()),
            search: conf.search.clone(),
            options: conf.options.clone(),
        }
    }
}

fn insert_str(object: &mut Map<String, Value>, key: &str, value: &Option<String>) {
    if let Some(text) = value {
        object.insert(key.into(), Value::from(text.as_str()));
    }
}

// --- reading: the union of every version's fields, loosely typed like Go's
// decoder (null is "not set"), then checked and converted.

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct WireResult {
    #[serde(default)]
    cni_version: Option<String>,
    #[serde(default)]
    interfaces: Option<Vec<WireInterface>>,
    #[serde(default)]
    ips: Option<Vec<WireIp>>,
    #[serde(default)]
    routes: Option<Vec<WireRoute>>,
    #[serde(default)]
    dns: Option<WireDns>,
    #[serde(default)]
    ip4: Option<WireLegacyIp>,
    #[serde(default)]
    ip6: Option<WireLegacyIp>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct WireInterface {
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    mac: Option<String>,
    #[serde(default)]
    mtu: Option<u32>,
    #[serde(default)]
    sandbox: Option<String>,
    #[serde(default)]
    socket_path: Option<String>,
    #[serde(default, rename = "pciID")]
    pci_id: Option<String>,
}

/// `version` is not read: libcni derives it from the address when it
/// converts down, and drops it when it converts up.
#[derive(Deserialize)]
struct WireIp {
    #[serde(default)]
    interface: Option<usize>,
    #[serde(default)]
    address: Option<String>,
    #[serde(default)]
    gateway: Option<String>,
}

#[derive(Deserialize)]
struct WireRoute {
    #[serde(default)]
    dst: Option<String>,
    #[serde(default)]
    gw: Option<String>,
    #[serde(default)]
    mtu: Option<u32>,
    #[serde(default)]
    advmss: Option<u32>,
    #[serde(default)]
    priority: Option<u32>,
    #[serde(default)]
    table: Option<u32>,
    #[serde(default)]
    scope: Option<u8>,
}

#[derive(Deserialize)]
struct WireDns {
    #[serde(default)]
    nameservers: Option<Vec<String>>,
    #[serde(default)]
    domain: Option<String>,
    #[serde(default)]
    search: Option<Vec<String>>,
    #[serde(default)]
    options: Option<Vec<String>>,
}

#[derive(Deserialize)]
struct WireLegacyIp {
    #[serde(default)]
    ip: Option<String>,
    #[serde(default)]
    gateway: Option<String>,
    #[serde(default)]
    routes: Option<Vec<WireRoute>>,
}

impl WireResult {
    fn into_result(self) -> Result<CniResult, CniError> {
        let cni_version = CniVersion::parse_or_implicit(self.cni_version.as_deref())?;
        let mut result = CniResult::new(cni_version);
        result.dns = self.dns.map(WireDns::into_dns).unwrap_or_default();
        if cni_version.result_shape() == ResultShape::Ip4Ip6 {
            for legacy in [self.ip4, self.ip6].into_iter().flatten() {
                result.ips.push(IpConfig {
                    address: parse_cidr("ip", legacy.ip)?,
                    gateway: parse_ip("gateway", legacy.gateway)?,
                    interface: None,
                });
                for route in legacy.routes.unwrap_or_default() {
                    result.routes.push(route.into_route()?);
                }
            }
            return Ok(result);
        }
        for interface in self.interfaces.unwrap_or_default() {
            result.interfaces.push(Interface {
                name: interface.name.unwrap_or_default(),
                mac: non_empty(interface.mac),
                mtu: interface.mtu.filter(|&mtu| mtu != 0),
                sandbox: non_empty(interface.sandbox),
                socket_path: non_empty(interface.socket_path),
                pci_id: non_empty(interface.pci_id),
            });
        }
        for ip in self.ips.unwrap_or_default() {
            result.ips.push(IpConfig {
                address: parse_cidr("address", ip.address)?,
                gateway: parse_ip("gateway", ip.gateway)?,
                interface: ip.interface,
            });
        }
        for route in self.routes.unwrap_or_default() {
            result.routes.push(route.into_route()?);
        }
        Ok(result)
    }
}

impl WireRoute {
    fn into_route(self) -> Result<Route, CniError> {
        let nonzero = |value: Option<u32>| value.filter(|&value| value != 0);
        Ok(Route {
            dst: parse_cidr("dst", self.dst)?,
            gw: parse_ip("gw", self.gw)?,
            mtu: nonzero(self.mtu),
            advmss: nonzero(self.advmss),
            priority: nonzero(self.priority),
            table: self.table,
            scope: self.scope,
        })
    }
}

impl WireDns {
    fn into_dns(self) -> Dns {
        Dns {
            nameservers: self.nameservers.unwrap_or_default(),
            domain: non_empty(self.domain),
            search: self.search.unwrap_or_default(),
            options: self.options.unwrap_or_default(),
        }
    }
}

fn non_empty(text: Option<String>) -> Option<String> {
    text.filter(|text| !text.is_empty())
}

/// Like Go's `net.ParseCIDR` as libcni uses it: the prefix is required and
/// the address keeps its host bits (`10.13.23.100/24`).
fn parse_cidr(field: &'static str, text: Option<String>) -> Result<IpNetwork, CniError> {
    let text = text.unwrap_or_default();
    let invalid = |text: String| CniError::InvalidResultField {
        field,
        value: text,
        expected: "an address with a prefix length (CIDR)",
    };
    if !text.contains('/') {
        return Err(invalid(text));
    }
    text.parse().map_err(|_| invalid(text))
}

/// Like Go's `net.IP` text decoding: an empty string is no address.
fn parse_ip(field: &'static str, text: Option<String>) -> Result<Option<IpAddr>, CniError> {
    match text {
        None => Ok(None),
        Some(text) if text.is_empty() => Ok(None),
        Some(text) => text
            .parse()
            .map(Some)
            .map_err(|_| CniError::InvalidResultField {
                field,
                value: text,
                expected: "an IP address",
            }),
    }
}
