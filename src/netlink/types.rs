//! Plain data of the netlink layer: what callers ask for (specs) and what the
//! kernel reports back (infos). No rtnetlink types leak out of this module's
//! public surface, so commands and the fake need not know rtnetlink.

use std::fmt;
use std::net::IpAddr;
use std::str::FromStr;

use ipnetwork::IpNetwork;

use crate::netns::NetnsFd;

/// An Ethernet (EUI-48) hardware address.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct MacAddr(pub [u8; 6]);

impl fmt::Display for MacAddr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let [a, b, c, d, e, g] = self.0;
        write!(f, "{a:02x}:{b:02x}:{c:02x}:{d:02x}:{e:02x}:{g:02x}")
    }
}

impl serde::Serialize for MacAddr {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// Why a string is not a MAC address.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0:?} is not a MAC address (expected six hex pairs like 02:42:ac:11:00:02)")]
pub struct MacAddrParseError(pub String);

impl FromStr for MacAddr {
    type Err = MacAddrParseError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || MacAddrParseError(s.to_string());
        let mut bytes = [0u8; 6];
        let mut parts = s.split([':', '-']);
        for byte in &mut bytes {
            let part = parts.next().ok_or_else(bad)?;
            if part.len() != 2 {
                return Err(bad());
            }
            *byte = u8::from_str_radix(part, 16).map_err(|_| bad())?;
        }
        if parts.next().is_some() {
            return Err(bad());
        }
        Ok(MacAddr(bytes))
    }
}

impl TryFrom<&[u8]> for MacAddr {
    type Error = MacAddrParseError;

    fn try_from(bytes: &[u8]) -> Result<Self, Self::Error> {
        <[u8; 6]>::try_from(bytes)
            .map(MacAddr)
            .map_err(|_| MacAddrParseError(format!("{bytes:02x?}")))
    }
}

/// What sort of device a link is (`IFLA_INFO_KIND`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum LinkKind {
    Bridge,
    Veth,
    Dummy,
    /// No kind reported: a physical NIC or the loopback device.
    Device,
    /// Any other kind, by the kernel's name for it (`vxlan`, `macvlan`, …).
    Other(String),
}

impl fmt::Display for LinkKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LinkKind::Bridge => f.write_str("bridge"),
            LinkKind::Veth => f.write_str("veth"),
            LinkKind::Dummy => f.write_str("dummy"),
            LinkKind::Device => f.write_str("device"),
            LinkKind::Other(kind) => f.write_str(kind),
        }
    }
}

/// A network interface as the kernel reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkInfo {
    pub index: u32,
    pub name: String,
    pub kind: LinkKind,
    pub mac: Option<MacAddr>,
    pub mtu: u32,
    /// Administratively up (`IFF_UP`); says nothing about carrier.
    pub up: bool,
    pub promisc: bool,
    /// Index of the bridge (or other controller) this link is a port of.
    pub master: Option<u32>,
    /// `IFLA_IFALIAS`, which cnictl uses to mark the bridges it manages.
    pub alias: Option<String>,
    /// Hairpin mode, when the link is a bridge port.
    pub hairpin: Option<bool>,
}

/// A link that has a parent (`IFLA_LINK`): for a veth, its peer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LinkParent {
    pub index: u32,
    /// The parent's index, in the parent's namespace.
    pub parent: u32,
    /// `IFLA_LINK_NETNSID`: the id this namespace has for the parent's
    /// namespace, when that is another one.
    pub netnsid: Option<i32>,
}

/// A bridge to create (or to find, see `LinkOps::ensure_bridge`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BridgeSpec {
    pub name: String,
    /// None leaves the kernel default (1500, lowered to the smallest port).
    pub mtu: Option<u32>,
    /// The CNI bridge plugin's `promiscMode`.
    pub promisc: bool,
}

/// The outcome of `LinkOps::ensure_bridge`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EnsuredBridge {
    pub index: u32,
    /// False when the bridge was already there; rollback deletes only
    /// bridges it created.
    pub created: bool,
}

/// A veth pair created from the host side, its peer placed straight into
/// the container's namespace under its final name. Creating the peer in
/// place (rather than creating it on the host and moving it) means no
/// `eth0` ever appears on the host, where it could clash with a real NIC.
#[derive(Debug)]
pub struct VethSpec<'a> {
    /// The host end, e.g. from `random_veth_name`.
    pub host_name: String,
    /// The container end, e.g. `eth0`.
    pub peer_name: String,
    pub peer_netns: &'a NetnsFd,
    /// Both ends get this MTU; None leaves the kernel default.
    pub mtu: Option<u32>,
    /// A fixed MAC for the container end (the CNI `mac` argument).
    pub peer_mac: Option<MacAddr>,
}

/// An address to add to an interface.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct AddressSpec {
    pub index: u32,
    /// The address with its prefix length, e.g. 10.88.0.2/16.
    pub addr: IpNetwork,
    /// IPv6 only: skip duplicate address detection (`IFA_F_NODAD`), so the
    /// address is usable at once instead of tentative for a second or so.
    pub nodad: bool,
}

/// An address as the kernel reports it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct AddressInfo {
    pub index: u32,
    pub addr: IpNetwork,
    pub nodad: bool,
}

/// A route to add to (or delete from) the main table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct RouteSpec {
    /// Destination network; 0.0.0.0/0 or ::/0 for a default route.
    pub dst: IpNetwork,
    /// Next hop; None makes a directly connected (link-scope) route.
    pub gateway: Option<IpAddr>,
    /// Output interface index.
    pub oif: u32,
}

/// A route of the main table as the kernel reports it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RouteInfo {
    pub dst: IpNetwork,
    pub gateway: Option<IpAddr>,
    pub oif: Option<u32>,
}

impl RouteInfo {
    /// Whether this route is the one `spec` describes.
    pub fn matches(&self, spec: &RouteSpec) -> bool {
        self.dst == spec.dst && self.gateway == spec.gateway && self.oif == Some(spec.oif)
    }
}

impl fmt::Display for RouteSpec {
    /// Like `ip route`: `10.1.0.0/16 via 10.88.0.1 dev #4`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.dst)?;
        if let Some(gw) = self.gateway {
            write!(f, " via {gw}")?;
        }
        write!(f, " dev #{}", self.oif)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mac_round_trips_through_text() {
        let mac: MacAddr = "02:42:AC:11:00:02".parse().expect("valid");
        assert_eq!(mac, MacAddr([0x02, 0x42, 0xac, 0x11, 0x00, 0x02]));
        assert_eq!(mac.to_string(), "02:42:ac:11:00:02");
    }

    #[test]
    fn mac_rejects_malformed_text() {
        for bad in [
            "",
            "02:42:ac:11:00",
            "02:42:ac:11:00:02:03",
            "2:42:ac:11:00:02",
            "zz:42:ac:11:00:02",
        ] {
            assert!(bad.parse::<MacAddr>().is_err(), "{bad:?} parsed");
        }
    }

    #[test]
    fn route_spec_reads_like_ip_route() {
        let spec = RouteSpec {
            dst: "0.0.0.0/0".parse().expect("net"),
            gateway: Some("10.88.0.1".parse().expect("ip")),
            oif: 4,
        };
        assert_eq!(spec.to_string(), "0.0.0.0/0 via 10.88.0.1 dev #4");
    }
}
