//! Pure translation between this layer's specs/infos and rtnetlink
//! messages: every request cnictl sends is built here and every reply is
//! read here, so both are unit-tested without a kernel. The executor in
//! `handle.rs` only sends what these functions return.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use std::os::fd::RawFd;

use ipnetwork::IpNetwork;
use rtnetlink::packet_core::{DefaultNla, NetlinkMessage, NLM_F_ACK, NLM_F_REQUEST};
use rtnetlink::packet_route::address::{
    AddressAttribute, AddressFlags, AddressHeaderFlags, AddressMessage,
};
use rtnetlink::packet_route::link::{
    AfSpecInet6, AfSpecUnspec, In6AddrGenMode, InfoBridgePort, InfoData, InfoKind, InfoPortData,
    InfoVeth, LinkAttribute, LinkFlags, LinkInfo as NlLinkInfo, LinkMessage, LinkProtoInfoBridge,
};
use rtnetlink::packet_route::nsid::{NsidAttribute, NsidMessage};
use rtnetlink::packet_route::route::{
    RouteAddress, RouteAttribute, RouteHeader, RouteMessage, RouteProtocol, RouteScope, RouteType,
};
use rtnetlink::packet_route::{AddressFamily, RouteNetlinkMessage};
use rtnetlink::{
    AddressMessageBuilder, LinkBridge, LinkMessageBuilder, LinkUnspec, LinkVeth,
    RouteMessageBuilder,
};

use super::types::{
    AddressInfo, AddressSpec, BridgeSpec, LinkInfo, LinkKind, LinkParent, MacAddr, RouteInfo,
    RouteSpec,
};

/// `IFLA_BRPORT_MODE` inside `IFLA_PROTINFO`: the bridge port's hairpin
/// flag (<linux/if_link.h>). rtnetlink has no typed protinfo attribute for
/// it, so it goes as a raw one-byte NLA.
pub(crate) const IFLA_BRPORT_MODE: u16 = 4;

/// `RTM_NEWLINK` for a bridge that comes up at once.
pub(crate) fn new_bridge(spec: &BridgeSpec) -> LinkMessage {
    let mut builder = LinkBridge::new(&spec.name).up();
    if let Some(mtu) = spec.mtu {
        builder = builder.mtu(mtu);
    }
    if spec.promisc {
        builder = builder.promiscuous(true);
    }
    builder.build()
}

/// `RTM_NEWLINK` for a veth pair whose peer is created directly in the
/// namespace behind `peer_netns_fd` (`IFLA_NET_NS_FD` inside the peer's
/// `VETH_INFO_PEER`), under its final name, MTU and MAC.
pub(crate) fn new_veth(
    host_name: &str,
    peer_name: &str,
    peer_netns_fd: RawFd,
    mtu: Option<u32>,
    peer_mac: Option<MacAddr>,
) -> LinkMessage {
    let mut peer = LinkUnspec::new_with_name(peer_name).setns_by_fd(peer_netns_fd);
    let mut host = LinkVeth::new(host_name, peer_name);
    if let Some(mtu) = mtu {
        peer = peer.mtu(mtu);
        host = host.mtu(mtu);
    }
    if let Some(mac) = peer_mac {
        peer = peer.address(mac.0.to_vec());
    }
    host.set_info_data(InfoData::Veth(InfoVeth::Peer(peer.build())))
        .build()
}

/// `RTM_SETLINK` skeleton for changes to an existing link by index.
fn change(index: u32) -> LinkMessageBuilder<LinkUnspec> {
    LinkUnspec::new_with_index(index)
}

/// `RTM_DELLINK` naming the link by `IFLA_IFNAME`, so no lookup of its
/// index comes first.
pub(crate) fn delete_by_name(name: &str) -> LinkMessage {
    LinkUnspec::new_with_name(name).build()
}

/// `RTM_DELLINK` for the link called `name` in the namespace the sending
/// socket's namespace knows as `nsid` (`IFLA_TARGET_NETNSID`, which the
/// crate calls `IfNetnsId`).
pub(crate) fn delete_by_name_in(nsid: i32, name: &str) -> LinkMessage {
    let mut message = delete_by_name(name);
    message.attributes.push(LinkAttribute::IfNetnsId(nsid));
    message
}

/// `RTM_DELLINK` for link `index` of the namespace the sending socket's
/// namespace knows as `nsid`.
pub(crate) fn delete_by_index_in(nsid: i32, index: u32) -> LinkMessage {
    let mut message = LinkUnspec::new_with_index(index).build();
    message.attributes.push(LinkAttribute::IfNetnsId(nsid));
    message
}

/// `message` as the bytes of one request that asks for an ack, for
/// sending on a plain socket rather than through rtnetlink's connection.
pub(crate) fn request_bytes(message: RouteNetlinkMessage) -> Vec<u8> {
    let mut request = NetlinkMessage::from(message);
    request.header.flags = NLM_F_REQUEST | NLM_F_ACK;
    request.header.sequence_number = 1;
    request.finalize();
    let mut bytes = vec![0; request.buffer_len()];
    request.serialize(&mut bytes);
    bytes
}

/// `RTM_GETNSID` asking for the id of the namespace open as `netns_fd`.
pub(crate) fn nsid_of(netns_fd: RawFd) -> NsidMessage {
    let mut message = NsidMessage::default();
    message.attributes.push(NsidAttribute::Fd(netns_fd as u32));
    message
}

/// The id in an `RTM_NEWNSID` reply; None for `NETNSA_NSID_NOT_ASSIGNED`.
pub(crate) fn parse_nsid(message: &NsidMessage) -> Option<i32> {
    message.attributes.iter().find_map(|a| match a {
        NsidAttribute::Id(id) if *id >= 0 => Some(*id),
        _ => None,
    })
}

pub(crate) fn set_master(index: u32, master: u32) -> LinkMessage {
    change(index).controller(master).build()
}

pub(crate) fn set_up(index: u32, up: bool) -> LinkMessage {
    if up {
        change(index).up().build()
    } else {
        change(index).down().build()
    }
}

pub(crate) fn set_mtu(index: u32, mtu: u32) -> LinkMessage {
    change(index).mtu(mtu).build()
}

pub(crate) fn set_mac(index: u32, mac: MacAddr) -> LinkMessage {
    change(index).address(mac.0.to_vec()).build()
}

pub(crate) fn set_promisc(index: u32, on: bool) -> LinkMessage {
    change(index).promiscuous(on).build()
}

pub(crate) fn set_alias(index: u32, alias: &str) -> LinkMessage {
    change(index).alias(alias).build()
}

/// `RTM_SETLINK` with `IFLA_AF_SPEC { AF_INET6 { IFLA_INET6_ADDR_GEN_MODE
/// = none } }`: the link gets no IPv6 link-local address when it comes up.
/// The kernel applies `IFLA_AF_SPEC` after a flags change in the same
/// message, so this goes on its own, before the link is brought up.
pub(crate) fn no_ipv6_link_local(index: u32) -> LinkMessage {
    let mut message = change(index).build();
    message
        .attributes
        .push(LinkAttribute::AfSpecUnspec(vec![AfSpecUnspec::Inet6(
            vec![AfSpecInet6::AddrGenMode(In6AddrGenMode::None)],
        )]));
    message
}

/// `RTM_SETLINK` in the `AF_BRIDGE` family with `IFLA_PROTINFO {
/// IFLA_BRPORT_MODE }`, which the kernel routes to the bridge driver's
/// port settings, the way the CNI bridge plugin (through vishvananda
/// netlink's `LinkSetHairpin`) sets hairpin mode. The link must already be
/// a bridge port.
pub(crate) fn set_hairpin(index: u32, on: bool) -> LinkMessage {
    let mut message = LinkMessage::default();
    message.header.interface_family = AddressFamily::Bridge;
    message.header.index = index;
    message.attributes.push(LinkAttribute::ProtoInfoBridge(vec![
        LinkProtoInfoBridge::Other(DefaultNla::new(IFLA_BRPORT_MODE, vec![u8::from(on)])),
    ]));
    message
}

/// The parent of a link (`IFLA_LINK`, and `IFLA_LINK_NETNSID` when it
/// lives in another namespace); None for a link without one.
pub(crate) fn parse_parent(message: &LinkMessage) -> Option<LinkParent> {
    let mut parent = None;
    let mut netnsid = None;
    for attribute in &message.attributes {
        match attribute {
            LinkAttribute::Link(index) => parent = Some(*index),
            LinkAttribute::LinkNetNsId(id) => netnsid = Some(*id),
            _ => {}
        }
    }
    Some(LinkParent {
        index: message.header.index,
        parent: parent?,
        netnsid,
    })
}

/// Reads a link reply. Links without a name are reported with an empty
/// one rather than dropped, so indexes still resolve.
pub(crate) fn parse_link(message: &LinkMessage) -> LinkInfo {
    let mut info = LinkInfo {
        index: message.header.index,
        name: String::new(),
        kind: LinkKind::Device,
        mac: None,
        mtu: 0,
        up: message.header.flags.contains(LinkFlags::Up),
        promisc: message.header.flags.contains(LinkFlags::Promisc),
        master: None,
        alias: None,
        hairpin: None,
    };
    for attribute in &message.attributes {
        match attribute {
            LinkAttribute::IfName(name) => info.name.clone_from(name),
            LinkAttribute::Mtu(mtu) => info.mtu = *mtu,
            LinkAttribute::Address(bytes) => info.mac = MacAddr::try_from(bytes.as_slice()).ok(),
            LinkAttribute::Controller(master) => info.master = Some(*master),
            LinkAttribute::IfAlias(alias) => info.alias = Some(alias.clone()),
            LinkAttribute::LinkInfo(infos) => {
                for item in infos {
                    match item {
                        NlLinkInfo::Kind(kind) => info.kind = link_kind(kind),
                        NlLinkInfo::PortData(InfoPortData::BridgePort(port)) => {
                            info.hairpin = port.iter().find_map(|p| match p {
                                InfoBridgePort::HairpinMode(on) => Some(*on),
                                _ => None,
                            });
                        }
                        _ => {}
                    }
                }
            }
            _ => {}
        }
    }
    info
}

fn link_kind(kind: &InfoKind) -> LinkKind {
    match kind {
        InfoKind::Bridge => LinkKind::Bridge,
        InfoKind::Veth => LinkKind::Veth,
        InfoKind::Dummy => LinkKind::Dummy,
        other => LinkKind::Other(other.to_string()),
    }
}

/// `RTM_NEWADDR`/`RTM_DELADDR` body. rtnetlink's builder fills local,
/// address and (IPv4) broadcast; NODAD goes both in the header byte and in
/// `IFA_FLAGS`, as iproute2 sends it.
pub(crate) fn address(spec: &AddressSpec) -> AddressMessage {
    let mut message = match spec.addr.ip() {
        IpAddr::V4(ip) => AddressMessageBuilder::<Ipv4Addr>::new()
            .index(spec.index)
            .address(ip, spec.addr.prefix())
            .build(),
        IpAddr::V6(ip) => AddressMessageBuilder::<Ipv6Addr>::new()
            .index(spec.index)
            .address(ip, spec.addr.prefix())
            .build(),
    };
    if spec.nodad && spec.addr.is_ipv6() {
        message.header.flags |= AddressHeaderFlags::Nodad;
        message
            .attributes
            .push(AddressAttribute::Flags(AddressFlags::Nodad));
    }
    message
}

/// Reads an address reply. For IPv4 the interface's own address is
/// `IFA_LOCAL` (`IFA_ADDRESS` is the peer on point-to-point links); IPv6
/// sends only `IFA_ADDRESS`.
pub(crate) fn parse_address(message: &AddressMessage) -> Option<AddressInfo> {
    let mut local = None;
    let mut address = None;
    let mut flags = AddressFlags::from_bits_retain(u32::from(message.header.flags.bits()));
    for attribute in &message.attributes {
        match attribute {
            AddressAttribute::Local(ip) => local = Some(*ip),
            AddressAttribute::Address(ip) => address = Some(*ip),
            AddressAttribute::Flags(f) => flags = *f,
            _ => {}
        }
    }
    let ip = local.or(address)?;
    let addr = IpNetwork::new(ip, message.header.prefix_len).ok()?;
    Some(AddressInfo {
        index: message.header.index,
        addr,
        nodad: flags.contains(AddressFlags::Nodad),
    })
}

/// Why a route spec cannot be sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct MixedFamilies;

/// `RTM_NEWROUTE` into the main table. The destination is reduced to its
/// network address (the kernel refuses host bits in an IPv4 prefix). A
/// route without a gateway gets link scope, like `ip route add … dev`.
pub(crate) fn new_route(spec: &RouteSpec) -> Result<RouteMessage, MixedFamilies> {
    let scope = if spec.gateway.is_some() {
        RouteScope::Universe
    } else {
        RouteScope::Link
    };
    let mut message = match (spec.dst, spec.gateway) {
        (IpNetwork::V4(dst), gateway) => {
            let mut builder = RouteMessageBuilder::<Ipv4Addr>::new()
                .destination_prefix(dst.network(), dst.prefix())
                .output_interface(spec.oif);
            match gateway {
                Some(IpAddr::V4(gw)) => builder = builder.gateway(gw),
                Some(IpAddr::V6(_)) => return Err(MixedFamilies),
                None => {}
            }
            builder.build()
        }
        (IpNetwork::V6(dst), gateway) => {
            let mut builder = RouteMessageBuilder::<Ipv6Addr>::new()
                .destination_prefix(dst.network(), dst.prefix())
                .output_interface(spec.oif);
            match gateway {
                Some(IpAddr::V6(gw)) => builder = builder.gateway(gw),
                Some(IpAddr::V4(_)) => return Err(MixedFamilies),
                None => {}
            }
            builder.build()
        }
    };
    message.header.scope = scope;
    Ok(message)
}

/// `RTM_DELROUTE` matching the route `spec` added: the same table,
/// destination, gateway and interface, with protocol, type and scope left
/// as wildcards (`RT_SCOPE_NOWHERE` for scope), as `ip route del` does, so
/// it also removes an equal route someone else added.
pub(crate) fn del_route(spec: &RouteSpec) -> Result<RouteMessage, MixedFamilies> {
    let mut message = new_route(spec)?;
    message.header.protocol = RouteProtocol::Unspec;
    message.header.kind = RouteType::Unspec;
    message.header.scope = RouteScope::NoWhere;
    Ok(message)
}

/// A dump request for addresses: of one link (`index`), of one family.
/// The link goes in the request's `ifa_index`, which the kernel honours
/// under strict checking; rtnetlink's own index filter only drops replies
/// here, after the kernel has walked every interface of the namespace.
pub(crate) fn address_dump(index: Option<u32>, family: Option<AddressFamily>) -> AddressMessage {
    let mut message = AddressMessage::default();
    message.header.index = index.unwrap_or(0);
    message.header.family = family.unwrap_or(AddressFamily::Unspec);
    message
}

/// A dump request for one family's routes.
pub(crate) fn route_dump(v6: bool) -> RouteMessage {
    let mut message = if v6 {
        RouteMessageBuilder::<Ipv6Addr>::new().build()
    } else {
        RouteMessageBuilder::<Ipv4Addr>::new().build()
    };
    // The sockets check dumps strictly (`NETLINK_GET_STRICT_CHK`), and then
    // a non-zero protocol or type in the request filters by it: ask for
    // the main table's routes of every protocol and type.
    message.header.protocol = RouteProtocol::Unspec;
    message.header.kind = RouteType::Unspec;
    message
}

/// Reads a route reply; None for routes outside the main table and for
/// anything but unicast routes (local, broadcast, multicast …).
pub(crate) fn parse_route(message: &RouteMessage) -> Option<RouteInfo> {
    let mut table = u32::from(message.header.table);
    let mut dst = None;
    let mut gateway = None;
    let mut oif = None;
    for attribute in &message.attributes {
        match attribute {
            RouteAttribute::Table(t) => table = *t,
            RouteAttribute::Destination(addr) => dst = route_ip(addr),
            RouteAttribute::Gateway(addr) => gateway = route_ip(addr),
            RouteAttribute::Oif(index) => oif = Some(*index),
            _ => {}
        }
    }
    if table != u32::from(RouteHeader::RT_TABLE_MAIN) || message.header.kind != RouteType::Unicast {
        return None;
    }
    let dst = match (dst, message.header.address_family) {
        (Some(ip), _) => ip,
        (None, AddressFamily::Inet) => IpAddr::V4(Ipv4Addr::UNSPECIFIED),
        (None, AddressFamily::Inet6) => IpAddr::V6(Ipv6Addr::UNSPECIFIED),
        (None, _) => return None,
    };
    let dst = IpNetwork::new(dst, message.header.destination_prefix_length).ok()?;
    Some(RouteInfo { dst, gateway, oif })
}

fn route_ip(addr: &RouteAddress) -> Option<IpAddr> {
    match addr {
        RouteAddress::Inet(ip) => Some(IpAddr::V4(*ip)),
        RouteAddress::Inet6(ip) => Some(IpAddr::V6(*ip)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_detached_deletion_is_one_acked_request_for_the_index_in_the_peer() {
        let bytes = request_bytes(RouteNetlinkMessage::DelLink(delete_by_index_in(3, 17)));
        let parsed = NetlinkMessage::<RouteNetlinkMessage>::deserialize(&bytes).expect("parses");
        assert_eq!(parsed.header.length as usize, bytes.len());
        assert_eq!(parsed.header.flags, NLM_F_REQUEST | NLM_F_ACK);
        let rtnetlink::packet_core::NetlinkPayload::InnerMessage(RouteNetlinkMessage::DelLink(
            link,
        )) = parsed.payload
        else {
            panic!("not RTM_DELLINK: {parsed:?}");
        };
        assert_eq!(link.header.index, 17);
        assert_eq!(link.attributes, vec![LinkAttribute::IfNetnsId(3)]);
    }

    fn link_infos(message: &LinkMessage) -> &[NlLinkInfo] {
        message
            .attributes
            .iter()
            .find_map(|a| match a {
                LinkAttribute::LinkInfo(infos) => Some(infos.as_slice()),
                _ => None,
            })
            .expect("IFLA_LINKINFO")
    }

    #[test]
    fn bridge_request_sets_kind_mtu_up_and_promisc() {
        let message = new_bridge(&BridgeSpec {
            name: "cni0".into(),
            mtu: Some(1400),
            promisc: true,
        });
        assert!(message
            .header
            .flags
            .contains(LinkFlags::Up | LinkFlags::Promisc));
        assert!(message
            .header
            .change_mask
            .contains(LinkFlags::Up | LinkFlags::Promisc));
        assert!(message
            .attributes
            .contains(&LinkAttribute::IfName("cni0".into())));
        assert!(message.attributes.contains(&LinkAttribute::Mtu(1400)));
        assert!(link_infos(&message).contains(&NlLinkInfo::Kind(InfoKind::Bridge)));
    }

    #[test]
    fn bridge_request_without_promisc_leaves_the_flag_alone() {
        let message = new_bridge(&BridgeSpec {
            name: "cni0".into(),
            mtu: None,
            promisc: false,
        });
        assert!(!message.header.change_mask.contains(LinkFlags::Promisc));
        assert!(!message
            .attributes
            .iter()
            .any(|a| matches!(a, LinkAttribute::Mtu(_))));
    }

    #[test]
    fn veth_peer_goes_into_the_namespace_by_fd_with_name_mtu_and_mac() {
        let mac = MacAddr([2, 0, 0, 0, 0, 9]);
        let message = new_veth("veth0a0b0c0d", "eth0", 42, Some(1450), Some(mac));
        assert!(message
            .attributes
            .contains(&LinkAttribute::IfName("veth0a0b0c0d".into())));
        assert!(message.attributes.contains(&LinkAttribute::Mtu(1450)));
        let infos = link_infos(&message);
        assert!(infos.contains(&NlLinkInfo::Kind(InfoKind::Veth)));
        let peer = infos
            .iter()
            .find_map(|i| match i {
                NlLinkInfo::Data(InfoData::Veth(InfoVeth::Peer(peer))) => Some(peer),
                _ => None,
            })
            .expect("VETH_INFO_PEER");
        assert!(peer
            .attributes
            .contains(&LinkAttribute::IfName("eth0".into())));
        assert!(peer.attributes.contains(&LinkAttribute::NetNsFd(42)));
        assert!(peer.attributes.contains(&LinkAttribute::Mtu(1450)));
        assert!(peer
            .attributes
            .contains(&LinkAttribute::Address(mac.0.to_vec())));
        // The host end stays in the namespace of the socket.
        assert!(!message
            .attributes
            .iter()
            .any(|a| matches!(a, LinkAttribute::NetNsFd(_))));
    }

    #[test]
    fn hairpin_is_brport_mode_in_bridge_protinfo() {
        let message = set_hairpin(7, true);
        assert_eq!(message.header.interface_family, AddressFamily::Bridge);
        assert_eq!(message.header.index, 7);
        assert_eq!(
            message.attributes,
            vec![LinkAttribute::ProtoInfoBridge(vec![
                LinkProtoInfoBridge::Other(DefaultNla::new(IFLA_BRPORT_MODE, vec![1]))
            ])]
        );
        let off = set_hairpin(7, false);
        assert_eq!(
            off.attributes,
            vec![LinkAttribute::ProtoInfoBridge(vec![
                LinkProtoInfoBridge::Other(DefaultNla::new(IFLA_BRPORT_MODE, vec![0]))
            ])]
        );
    }

    #[test]
    fn link_changes_address_the_link_by_index() {
        let master = set_master(5, 3);
        assert_eq!(master.header.index, 5);
        assert_eq!(master.attributes, vec![LinkAttribute::Controller(3)]);

        let down = set_up(5, false);
        assert!(!down.header.flags.contains(LinkFlags::Up));
        assert!(down.header.change_mask.contains(LinkFlags::Up));

        let alias = set_alias(3, "managed by cnictl");
        assert_eq!(
            alias.attributes,
            vec![LinkAttribute::IfAlias("managed by cnictl".into())]
        );
    }

    #[test]
    fn parse_link_reads_what_the_engine_needs() {
        let mut message = LinkMessage::default();
        message.header.index = 9;
        message.header.flags = LinkFlags::Up | LinkFlags::Broadcast;
        message.attributes = vec![
            LinkAttribute::IfName("veth01020304".into()),
            LinkAttribute::Mtu(1500),
            LinkAttribute::Address(vec![2, 1, 2, 3, 4, 5]),
            LinkAttribute::Controller(3),
            LinkAttribute::LinkInfo(vec![
                NlLinkInfo::Kind(InfoKind::Veth),
                NlLinkInfo::PortData(InfoPortData::BridgePort(vec![InfoBridgePort::HairpinMode(
                    true,
                )])),
            ]),
        ];
        let info = parse_link(&message);
        assert_eq!(
            info,
            LinkInfo {
                index: 9,
                name: "veth01020304".into(),
                kind: LinkKind::Veth,
                mac: Some(MacAddr([2, 1, 2, 3, 4, 5])),
                mtu: 1500,
                up: true,
                promisc: false,
                master: Some(3),
                alias: None,
                hairpin: Some(true),
            }
        );
    }

    #[test]
    fn ipv6_nodad_is_flagged_and_ipv4_ignores_it() {
        let v6 = address(&AddressSpec {
            index: 4,
            addr: "fd00::2/64".parse().expect("net"),
            nodad: true,
        });
        assert!(v6.header.flags.contains(AddressHeaderFlags::Nodad));
        assert!(v6
            .attributes
            .contains(&AddressAttribute::Flags(AddressFlags::Nodad)));
        assert_eq!(v6.header.prefix_len, 64);
        assert_eq!(v6.header.index, 4);

        let v4 = address(&AddressSpec {
            index: 4,
            addr: "10.88.0.2/16".parse().expect("net"),
            nodad: true,
        });
        assert!(!v4.header.flags.contains(AddressHeaderFlags::Nodad));
        assert!(v4
            .attributes
            .contains(&AddressAttribute::Local("10.88.0.2".parse().expect("ip"))));
        assert!(v4.attributes.contains(&AddressAttribute::Broadcast(
            "10.88.255.255".parse().expect("ip")
        )));
    }

    #[test]
    fn an_address_reply_reads_back_as_the_spec() {
        let spec = AddressSpec {
            index: 4,
            addr: "10.88.0.2/16".parse().expect("net"),
            nodad: false,
        };
        let info = parse_address(&address(&spec)).expect("parsed");
        assert_eq!((info.index, info.addr, info.nodad), (4, spec.addr, false));
    }

    #[test]
    fn routes_without_gateway_are_link_scope_and_host_bits_are_dropped() {
        let message = new_route(&RouteSpec {
            dst: "10.88.3.4/16".parse().expect("net"),
            gateway: None,
            oif: 4,
        })
        .expect("valid");
        assert_eq!(message.header.scope, RouteScope::Link);
        assert_eq!(message.header.table, RouteHeader::RT_TABLE_MAIN);
        assert_eq!(message.header.destination_prefix_length, 16);
        assert!(message
            .attributes
            .contains(&RouteAttribute::Destination(RouteAddress::Inet(
                "10.88.0.0".parse().expect("ip")
            ))));
        assert!(message.attributes.contains(&RouteAttribute::Oif(4)));
    }

    #[test]
    fn default_route_via_gateway_reads_back_as_the_spec() {
        let spec = RouteSpec {
            dst: "::/0".parse().expect("net"),
            gateway: Some("fd00::1".parse().expect("ip")),
            oif: 4,
        };
        let message = new_route(&spec).expect("valid");
        assert_eq!(message.header.scope, RouteScope::Universe);
        assert!(parse_route(&message).expect("main table").matches(&spec));
    }

    #[test]
    fn route_delete_wildcards_protocol_type_and_scope() {
        let message = del_route(&RouteSpec {
            dst: "0.0.0.0/0".parse().expect("net"),
            gateway: Some("10.88.0.1".parse().expect("ip")),
            oif: 4,
        })
        .expect("valid");
        assert_eq!(message.header.protocol, RouteProtocol::Unspec);
        assert_eq!(message.header.kind, RouteType::Unspec);
        assert_eq!(message.header.scope, RouteScope::NoWhere);
    }

    #[test]
    fn a_gateway_of_the_other_family_is_refused() {
        let spec = RouteSpec {
            dst: "0.0.0.0/0".parse().expect("net"),
            gateway: Some("fd00::1".parse().expect("ip")),
            oif: 4,
        };
        assert_eq!(new_route(&spec), Err(MixedFamilies));
    }

    #[test]
    fn a_route_dump_filters_by_nothing_strict_checking_would_honour() {
        // With NETLINK_GET_STRICT_CHK a non-zero protocol or type filters
        // the dump: routes iproute2 (boot) or the kernel added would vanish.
        for v6 in [false, true] {
            let dump = route_dump(v6);
            assert_eq!(dump.header.protocol, RouteProtocol::Unspec);
            assert_eq!(dump.header.kind, RouteType::Unspec);
            assert_eq!(dump.header.scope, RouteScope::Universe);
            assert_eq!(dump.header.destination_prefix_length, 0);
        }
    }

    #[test]
    fn a_veth_parent_reads_with_its_namespace_id() {
        let mut message = LinkMessage::default();
        message.header.index = 5;
        assert_eq!(parse_parent(&message), None, "no IFLA_LINK, no parent");
        message.attributes.push(LinkAttribute::Link(2));
        assert_eq!(
            parse_parent(&message),
            Some(LinkParent {
                index: 5,
                parent: 2,
                netnsid: None
            })
        );
        message.attributes.push(LinkAttribute::LinkNetNsId(3));
        assert_eq!(parse_parent(&message).and_then(|p| p.netnsid), Some(3));
    }

    #[test]
    fn an_address_dump_names_its_link_for_the_kernel_to_filter_by() {
        let dump = address_dump(Some(7), Some(AddressFamily::Inet));
        assert_eq!(dump.header.index, 7);
        assert_eq!(dump.header.family, AddressFamily::Inet);
        // Anything else set would filter under strict checking, or be refused.
        assert_eq!(dump.header.prefix_len, 0);
        assert!(dump.attributes.is_empty());
        let all = address_dump(None, None);
        assert_eq!(
            (all.header.index, all.header.family),
            (0, AddressFamily::Unspec)
        );
    }

    #[test]
    fn the_inet6_address_generation_mode_none_goes_in_af_spec() {
        let message = no_ipv6_link_local(9);
        assert_eq!(message.header.index, 9);
        assert_eq!(
            message.attributes,
            vec![LinkAttribute::AfSpecUnspec(vec![AfSpecUnspec::Inet6(
                vec![AfSpecInet6::AddrGenMode(In6AddrGenMode::None)]
            )])]
        );
    }

    #[test]
    fn routes_outside_the_main_table_are_skipped() {
        let mut local = route_dump(false);
        local.header.table = 255;
        local.header.kind = RouteType::Local;
        assert_eq!(parse_route(&local), None);
    }
}
