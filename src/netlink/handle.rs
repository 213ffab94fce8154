//! `Netlink`: the rtnetlink-backed implementation of the ops traits. Thin
//! by design: each method sends a message from `build.rs`, reads the reply
//! with `build.rs`, and names the target in errors.

use std::os::fd::{AsFd, AsRawFd};

use futures::TryStreamExt;
use nix::errno::Errno;
use tokio::task::JoinHandle;

use super::build;
use super::detached::{self, Outcome};
use super::error::{NetlinkError, Op};
use super::names::validate_ifname;
use super::ops::{AddrOps, LinkOps, Result, RouteOps, SysctlOps};
use super::sysctl::{self, Sysctl};
use super::types::{
    AddressInfo, AddressSpec, BridgeSpec, LinkInfo, LinkKind, LinkParent, MacAddr, RouteInfo,
    RouteSpec, VethSpec,
};
use crate::netns::NetnsFd;
use rtnetlink::packet_route::link::{LinkAttribute, LinkMessage};
use rtnetlink::packet_route::RouteNetlinkMessage;

/// A netlink (`NETLINK_ROUTE`) connection bound to one network namespace:
/// the one its socket was opened in, whatever thread later uses it.
///
/// Must be created inside a tokio runtime with I/O enabled (the socket is
/// registered with its reactor and the connection is spawned on it). The
/// connection task ends when the `Netlink` is dropped.
#[derive(Debug)]
pub struct Netlink {
    handle: rtnetlink::Handle,
    /// None for the calling thread's own namespace.
    netns: Option<NetnsFd>,
    /// Held only to end the task with the handle.
    _connection: AbortOnDrop,
}

impl Netlink {
    /// A connection in the calling thread's own network namespace.
    pub fn current() -> Result<Self> {
        let runtime = runtime(None)?;
        let _entered = runtime.enter();
        let (mut connection, handle, _) =
            rtnetlink::new_connection().map_err(|source| NetlinkError::Socket {
                netns: describe_netns(None),
                source,
            })?;
        strict_dumps(&mut connection, None)?;
        Ok(Self {
            handle,
            netns: None,
            _connection: AbortOnDrop(runtime.spawn(connection)),
        })
    }

    /// A connection whose socket is opened inside `netns`, on a short-lived
    /// thread (see `NetnsFd::run`), so every request through it acts on
    /// that namespace.
    pub fn in_netns(netns: &NetnsFd) -> Result<Self> {
        let runtime = runtime(Some(netns))?;
        let opened = netns.run(|| {
            // Registering the socket needs the runtime's reactor, which
            // this short-lived thread does not otherwise know about.
            let _entered = runtime.enter();
            rtnetlink::new_connection()
        })?;
        let (mut connection, handle, _) = opened.map_err(|source| NetlinkError::Socket {
            netns: describe_netns(Some(netns)),
            source,
        })?;
        strict_dumps(&mut connection, Some(netns))?;
        Ok(Self {
            handle,
            netns: Some(netns.try_clone()?),
            _connection: AbortOnDrop(runtime.spawn(connection)),
        })
    }

    /// Every link of the namespace, as the kernel reports it.
    async fn dump_links(&self) -> Result<Vec<rtnetlink::packet_route::link::LinkMessage>> {
        self.handle
            .link()
            .get()
            .execute()
            .try_collect()
            .await
            .map_err(|err| {
                NetlinkError::from_rtnetlink(Op::ListLinks, describe_netns(self.netns()), err)
            })
    }

    /// Every link of the namespace, and the parent of each that has one:
    /// for a veth, its peer. One dump for both; `cnictl gc` pairs host
    /// veths with container interfaces by the parents.
    pub async fn links_and_parents(&self) -> Result<(Vec<LinkInfo>, Vec<LinkParent>)> {
        let replies = self.dump_links().await?;
        let parents = replies.iter().filter_map(build::parse_parent).collect();
        Ok((replies.iter().map(build::parse_link).collect(), parents))
    }

    /// Runs `open` in this handle's namespace: on the calling thread for
    /// its own, else on a short-lived thread inside (see `NetnsFd::run`).
    fn open_here<T: Send>(&self, open: impl FnOnce() -> std::io::Result<T> + Send) -> Result<T> {
        let opened = match &self.netns {
            None => open(),
            Some(netns) => netns.run(open)?,
        };
        opened.map_err(|source| NetlinkError::Socket {
            netns: describe_netns(self.netns()),
            source,
        })
    }

    /// The namespace this connection acts on; None for the creator's own.
    pub fn netns(&self) -> Option<&NetnsFd> {
        self.netns.as_ref()
    }

    /// `"eth0" (#3)` if the link can be found, else `#3`; only computed on
    /// error paths.
    async fn link_label(&self, index: u32) -> String {
        match self.get_link_by_index(index).await {
            Ok(Some(link)) => format!("{:?} (#{index})", link.name),
            _ => format!("#{index}"),
        }
    }

    async fn get_link_by_index(&self, index: u32) -> Result<Option<LinkInfo>> {
        Ok(self
            .get_link_message(index)
            .await?
            .as_ref()
            .map(build::parse_link))
    }

    async fn get_link_message(&self, index: u32) -> Result<Option<LinkMessage>> {
        let mut replies = self.handle.link().get().match_index(index).execute();
        match replies.try_next().await {
            Ok(reply) => Ok(reply),
            Err(err) => {
                match NetlinkError::from_rtnetlink(Op::GetLink, format!("link #{index}"), err) {
                    err if err.is_not_found() => Ok(None),
                    err => Err(err),
                }
            }
        }
    }

    /// Sends an `RTM_SETLINK` and names the link on failure.
    async fn change_link(
        &self,
        op: Op,
        index: u32,
        message: rtnetlink::packet_route::link::LinkMessage,
    ) -> Result<()> {
        match self.handle.link().set(message).execute().await {
            Ok(()) => Ok(()),
            Err(err) => {
                let label = self.link_label(index).await;
                Err(NetlinkError::from_rtnetlink(
                    op,
                    format!("link {label}"),
                    err,
                ))
            }
        }
    }

    async fn lookup_created(&self, op: Op, target: &str, name: &str) -> Result<LinkInfo> {
        self.link_by_name(name)
            .await?
            .ok_or_else(|| NetlinkError::Protocol {
                op,
                target: target.to_string(),
                detail: format!("the kernel accepted it but {name:?} cannot be found"),
            })
    }

    fn route_target(&self, spec: &RouteSpec, label: &str) -> String {
        let mut target = format!("route {}", spec.dst);
        if let Some(gw) = spec.gateway {
            target.push_str(&format!(" via {gw}"));
        }
        target.push_str(&format!(" dev {label}"));
        target
    }
}

/// Another network namespace, reached through a host handle by the id the
/// host's namespace has for it (`IFLA_TARGET_NETNSID`), instead of through
/// a socket opened inside it. Opening one costs a thread, a `setns`, a
/// socket and a fresh malloc arena (a tenth of a millisecond of CPU, more
/// in wall time); all `del` does in a container is one `RTM_DELLINK`, which
/// the kernel lets a link request aim at another namespace.
#[derive(Debug)]
pub struct PeerNamespace<'a> {
    host: &'a Netlink,
    nsid: i32,
    /// Holds the namespace, and with it its id, until the request is done.
    netns: NetnsFd,
}

impl Netlink {
    /// The id this handle's namespace has for `netns`; None when it has
    /// given it none (asking assigns none).
    pub async fn nsid_of(&self, netns: &NetnsFd) -> Result<Option<i32>> {
        let target = || describe_netns(Some(netns));
        use rtnetlink::packet_core::{NetlinkMessage, NetlinkPayload, NLM_F_ACK, NLM_F_REQUEST};
        use rtnetlink::packet_route::RouteNetlinkMessage;
        let request = build::nsid_of(netns.as_fd().as_raw_fd());
        let mut message = NetlinkMessage::from(RouteNetlinkMessage::GetNsId(request));
        message.header.flags = NLM_F_REQUEST | NLM_F_ACK;
        let mut replies = self
            .handle
            .clone()
            .request(message)
            .map_err(|err| NetlinkError::from_rtnetlink(Op::GetNsid, target(), err))?;
        let mut nsid = None;
        while let Some(reply) = futures::StreamExt::next(&mut replies).await {
            match reply.payload {
                NetlinkPayload::InnerMessage(RouteNetlinkMessage::NewNsId(message)) => {
                    nsid = build::parse_nsid(&message)
                }
                NetlinkPayload::Error(err) if err.raw_code() != 0 => {
                    return Err(NetlinkError::from_rtnetlink(
                        Op::GetNsid,
                        target(),
                        rtnetlink::Error::NetlinkError(err),
                    ))
                }
                _ => {}
            }
        }
        Ok(nsid)
    }

    /// `netns` as seen from this handle's namespace, or None when that
    /// namespace has given it no id (the kernel gives one to each namespace
    /// a veth of this one leads into, so an attached container has one).
    pub async fn peer_namespace(&self, netns: &NetnsFd) -> Result<Option<PeerNamespace<'_>>> {
        let nsid = self.nsid_of(netns).await?;
        Ok(match nsid {
            Some(nsid) => Some(PeerNamespace {
                host: self,
                nsid,
                netns: netns.try_clone()?,
            }),
            None => None,
        })
    }
}

/// A container's namespace as `del` reaches it: by id from the host's
/// socket when the host has an id for it, else through a socket inside it.
#[derive(Debug)]
pub enum ReachedNamespace<'a> {
    ById(PeerNamespace<'a>),
    Inside(Netlink),
}

impl Netlink {
    /// Reaches `netns` from this handle's namespace the cheapest way there is.
    pub async fn reach<'a>(&'a self, netns: &NetnsFd) -> Result<ReachedNamespace<'a>> {
        match self.peer_namespace(netns).await {
            Ok(Some(peer)) => return Ok(ReachedNamespace::ById(peer)),
            Ok(None) => {}
            Err(e) => tracing::debug!("no namespace id, opening a socket inside instead: {e}"),
        }
        Ok(ReachedNamespace::Inside(Netlink::in_netns(netns)?))
    }
}

impl super::ops::RemoveInterface for ReachedNamespace<'_> {
    async fn remove_interface(&self, name: &str) -> Result<()> {
        match self {
            ReachedNamespace::ById(peer) => peer.remove_interface(name).await,
            ReachedNamespace::Inside(own) => own.delete_link_by_name(name).await,
        }
    }
}

impl super::ops::RemoveInterface for PeerNamespace<'_> {
    async fn remove_interface(&self, name: &str) -> Result<()> {
        self.remove(name).await.map(|_| ())
    }
}

/// How `PeerNamespace::remove` removed an interface.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Removal {
    /// A veth to the host: the kernel announced its host end gone while a
    /// grandchild sat out the freeing (see `detached`).
    Announced,
    /// A veth to the host, but the grandchild's report of the ack came
    /// before any announcement.
    Acked,
    /// Anything else, by a plain request.
    Plain,
}

impl PeerNamespace<'_> {
    /// Removes interface `name`. A veth whose other end is the host's goes
    /// without waiting for the kernel to free it (see `detached`);
    /// anything else, or when no grandchild can be started, by a plain
    /// request.
    pub(crate) async fn remove(&self, name: &str) -> Result<Removal> {
        validate_ifname(name)?;
        let pair = match self.veth_to_host(name).await {
            Ok(pair) => pair,
            Err(err) if err.is_not_found() => None,
            Err(err) => return Err(err),
        };
        let message = match pair {
            Some((inside, host_end)) => {
                let message = build::delete_by_index_in(self.nsid, inside);
                match self.delete_detached(&message, host_end).await {
                    Some(Ok(removal)) => return Ok(removal),
                    Some(Err(errno)) => {
                        return Err(NetlinkError::from_errno(
                            Op::DeleteLink,
                            self.describe(name),
                            errno,
                        ))
                    }
                    None => message,
                }
            }
            None => build::delete_by_name_in(self.nsid, name),
        };
        let mut request = self.host.handle.link().del(0);
        *request.message_mut() = message;
        request.execute().await.map_err(|err| {
            NetlinkError::from_rtnetlink(Op::DeleteLink, self.describe(name), err)
        })?;
        Ok(Removal::Plain)
    }

    fn describe(&self, name: &str) -> String {
        format!("link {name:?} in {}", describe_netns(Some(&self.netns)))
    }

    /// The index of `name` in this namespace and of its peer in the
    /// host's, when `name` is a veth whose other end is the host's (each
    /// end must name the other, the host end by this namespace's id).
    async fn veth_to_host(&self, name: &str) -> Result<Option<(u32, u32)>> {
        let mut request = self.host.handle.link().get().match_name(name);
        request
            .message_mut()
            .attributes
            .push(LinkAttribute::IfNetnsId(self.nsid));
        let inside =
            request.execute().try_next().await.map_err(|err| {
                NetlinkError::from_rtnetlink(Op::GetLink, self.describe(name), err)
            })?;
        let Some(inside) = inside.filter(|m| build::parse_link(m).kind == LinkKind::Veth) else {
            return Ok(None);
        };
        let Some(to_host) = build::parse_parent(&inside) else {
            return Ok(None);
        };
        let Some(host_end) = self.host.get_link_message(to_host.parent).await? else {
            return Ok(None);
        };
        let pointed_back = build::parse_parent(&host_end)
            .is_some_and(|back| back.parent == to_host.index && back.netnsid == Some(self.nsid));
        Ok(
            (pointed_back && build::parse_link(&host_end).kind == LinkKind::Veth)
                .then_some((to_host.index, to_host.parent)),
        )
    }

    /// Deletes link `message` names from a grandchild, returning once the
    /// host end `host_end` is announced gone or the kernel's ack is in;
    /// None when it cannot tell whether the request went out.
    async fn delete_detached(
        &self,
        message: &LinkMessage,
        host_end: u32,
    ) -> Option<std::result::Result<Removal, Errno>> {
        let runtime = runtime(self.host.netns()).ok()?;
        // Both sockets in the host's namespace: the announcement of the
        // host end comes there, and the id names the peer from there.
        let opened = self.host.open_here(|| {
            let _entered = runtime.enter();
            let listener = rtnetlink::new_multicast_connection(&[rtnetlink::MulticastGroup::Link])?;
            let sender = netlink_sys::Socket::new(netlink_sys::protocols::NETLINK_ROUTE)?;
            Ok((listener, sender))
        });
        let ((connection, _handle, notifications), sender) = match opened {
            Ok(opened) => opened,
            Err(err) => {
                tracing::debug!("deleting the usual way: {err}");
                return None;
            }
        };
        let listening = AbortOnDrop(runtime.spawn(connection));
        let request = build::request_bytes(RouteNetlinkMessage::DelLink(message.clone()));
        let outcome = detached::delete(sender, &request, notifications, host_end).await;
        drop(listening);
        tracing::debug!("deleting link #{host_end}'s peer from a grandchild: {outcome:?}");
        match outcome {
            Outcome::Unlisted => Some(Ok(Removal::Announced)),
            Outcome::Acked(0) => Some(Ok(Removal::Acked)),
            Outcome::Acked(errno) => Some(Err(Errno::from_raw(errno))),
            Outcome::Unknown => None,
        }
    }
}

/// A spawned connection task, ended with its owner.
#[derive(Debug)]
struct AbortOnDrop(JoinHandle<()>);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        self.0.abort();
    }
}

fn runtime(netns: Option<&NetnsFd>) -> Result<tokio::runtime::Handle> {
    tokio::runtime::Handle::try_current().map_err(|err| NetlinkError::Socket {
        netns: describe_netns(netns),
        source: std::io::Error::other(format!("no tokio runtime to run the connection on: {err}")),
    })
}

fn describe_netns(netns: Option<&NetnsFd>) -> String {
    match netns {
        Some(ns) => format!("network namespace {}", ns.path().display()),
        None => "the current network namespace".to_string(),
    }
}

/// Turns on `NETLINK_GET_STRICT_CHK`, with which the kernel honours the
/// filters in a dump request (`ifa_index`, family) instead of dumping
/// every object of the namespace for rtnetlink to filter here. Listing the
/// bridge's addresses otherwise walks every interface of the host: a
/// quarter of a millisecond per ADD on a host with 1000 containers.
fn strict_dumps(
    connection: &mut rtnetlink::proto::Connection<rtnetlink::packet_route::RouteNetlinkMessage>,
    netns: Option<&NetnsFd>,
) -> Result<()> {
    use rtnetlink::sys::AsyncSocket;
    connection
        .socket_mut()
        .socket_ref()
        .set_netlink_get_strict_chk(true)
        .map_err(|source| NetlinkError::Socket {
            netns: describe_netns(netns),
            source,
        })
}

impl LinkOps for Netlink {
    async fn link_by_name(&self, name: &str) -> Result<Option<LinkInfo>> {
        validate_ifname(name)?;
        let mut replies = self.handle.link().get().match_name(name).execute();
        match replies.try_next().await {
            Ok(reply) => Ok(reply.as_ref().map(build::parse_link)),
            Err(err) => {
                match NetlinkError::from_rtnetlink(Op::GetLink, format!("link {name:?}"), err) {
                    err if err.is_not_found() => Ok(None),
                    err => Err(err),
                }
            }
        }
    }

    async fn link_by_index(&self, index: u32) -> Result<Option<LinkInfo>> {
        self.get_link_by_index(index).await
    }

    async fn list_links(&self) -> Result<Vec<LinkInfo>> {
        let replies = self.dump_links().await?;
        Ok(replies.iter().map(build::parse_link).collect())
    }

    async fn delete_link(&self, index: u32) -> Result<()> {
        match self.handle.link().del(index).execute().await {
            Ok(()) => Ok(()),
            Err(err) => {
                let label = self.link_label(index).await;
                Err(NetlinkError::from_rtnetlink(
                    Op::DeleteLink,
                    format!("link {label}"),
                    err,
                ))
            }
        }
    }

    async fn delete_link_by_name(&self, name: &str) -> Result<()> {
        validate_ifname(name)?;
        let mut request = self.handle.link().del(0);
        *request.message_mut() = build::delete_by_name(name);
        request.execute().await.map_err(|err| {
            NetlinkError::from_rtnetlink(Op::DeleteLink, format!("link {name:?}"), err)
        })
    }

    async fn add_bridge(&self, spec: &BridgeSpec) -> Result<u32> {
        validate_ifname(&spec.name)?;
        let target = format!("bridge {:?}", spec.name);
        self.handle
            .link()
            .add(build::new_bridge(spec))
            .execute()
            .await
            .map_err(|err| NetlinkError::from_rtnetlink(Op::AddBridge, target.as_str(), err))?;
        Ok(self
            .lookup_created(Op::AddBridge, &target, &spec.name)
            .await?
            .index)
    }

    async fn set_alias(&self, index: u32, alias: &str) -> Result<()> {
        self.change_link(Op::SetAlias, index, build::set_alias(index, alias))
            .await
    }

    async fn create_veth(&self, spec: &VethSpec<'_>) -> Result<LinkInfo> {
        validate_ifname(&spec.host_name)?;
        validate_ifname(&spec.peer_name)?;
        let target = format!(
            "veth pair {:?} / {:?} (in {})",
            spec.host_name,
            spec.peer_name,
            spec.peer_netns.path().display()
        );
        let message = build::new_veth(
            &spec.host_name,
            &spec.peer_name,
            spec.peer_netns.as_fd().as_raw_fd(),
            spec.mtu,
            spec.peer_mac,
        );
        self.handle
            .link()
            .add(message)
            .execute()
            .await
            .map_err(|err| NetlinkError::from_rtnetlink(Op::CreateVeth, target.as_str(), err))?;
        self.lookup_created(Op::CreateVeth, &target, &spec.host_name)
            .await
    }

    async fn set_master(&self, index: u32, master: u32) -> Result<()> {
        match self
            .handle
            .link()
            .set(build::set_master(index, master))
            .execute()
            .await
        {
            Ok(()) => Ok(()),
            Err(err) => {
                let target = format!(
                    "link {} to bridge {}",
                    self.link_label(index).await,
                    self.link_label(master).await
                );
                Err(NetlinkError::from_rtnetlink(Op::SetMaster, target, err))
            }
        }
    }

    async fn set_up(&self, index: u32) -> Result<()> {
        self.change_link(Op::SetUp, index, build::set_up(index, true))
            .await
    }

    async fn set_down(&self, index: u32) -> Result<()> {
        self.change_link(Op::SetDown, index, build::set_up(index, false))
            .await
    }

    async fn set_mtu(&self, index: u32, mtu: u32) -> Result<()> {
        self.change_link(Op::SetMtu, index, build::set_mtu(index, mtu))
            .await
    }

    async fn set_mac(&self, index: u32, mac: MacAddr) -> Result<()> {
        self.change_link(Op::SetMac, index, build::set_mac(index, mac))
            .await
    }

    async fn set_promisc(&self, index: u32, on: bool) -> Result<()> {
        self.change_link(Op::SetPromisc, index, build::set_promisc(index, on))
            .await
    }

    async fn set_hairpin(&self, index: u32, on: bool) -> Result<()> {
        self.change_link(Op::SetHairpin, index, build::set_hairpin(index, on))
            .await
    }

    async fn no_ipv6_link_local(&self, index: u32) -> Result<()> {
        let message = build::no_ipv6_link_local(index);
        match self.change_link(Op::NoIpv6LinkLocal, index, message).await {
            // No IPv6 in this kernel (no AF_INET6 link ops): nothing to turn off.
            Err(NetlinkError::Kernel {
                errno: Errno::EAFNOSUPPORT,
                ..
            }) => Ok(()),
            other => other,
        }
    }
}

impl AddrOps for Netlink {
    async fn add_address(&self, spec: &AddressSpec) -> Result<()> {
        let mut request = self
            .handle
            .address()
            .add(spec.index, spec.addr.ip(), spec.addr.prefix());
        *request.message_mut() = build::address(spec);
        match request.execute().await {
            Ok(()) => Ok(()),
            Err(err) => {
                let target = format!(
                    "address {} on {}",
                    spec.addr,
                    self.link_label(spec.index).await
                );
                Err(NetlinkError::from_rtnetlink(Op::AddAddress, target, err))
            }
        }
    }

    async fn list_addresses(&self, index: Option<u32>) -> Result<Vec<AddressInfo>> {
        let mut request = self.handle.address().get();
        *request.message_mut() = build::address_dump(index, None);
        if let Some(index) = index {
            // Kernels before 4.20 ignore the index in the request.
            request = request.set_link_index_filter(index);
        }
        let replies: Vec<_> = request.execute().try_collect().await.map_err(|err| {
            NetlinkError::from_rtnetlink(Op::ListAddresses, describe_netns(self.netns()), err)
        })?;
        Ok(replies.iter().filter_map(build::parse_address).collect())
    }

    async fn list_link_addresses(&self, index: u32, ipv4: bool) -> Result<Vec<AddressInfo>> {
        let mut request = self.handle.address().get();
        let family = if ipv4 {
            rtnetlink::packet_route::AddressFamily::Inet
        } else {
            rtnetlink::packet_route::AddressFamily::Inet6
        };
        *request.message_mut() = build::address_dump(Some(index), Some(family));
        // Kernels before 4.20 ignore the index in the request.
        let request = request.set_link_index_filter(index);
        let replies: Vec<_> = request.execute().try_collect().await.map_err(|err| {
            NetlinkError::from_rtnetlink(Op::ListAddresses, describe_netns(self.netns()), err)
        })?;
        Ok(replies
            .iter()
            .filter_map(build::parse_address)
            .filter(|a| a.addr.is_ipv4() == ipv4)
            .collect())
    }

    async fn delete_address(&self, spec: &AddressSpec) -> Result<()> {
        match self
            .handle
            .address()
            .del(build::address(spec))
            .execute()
            .await
        {
            Ok(()) => Ok(()),
            Err(err) => {
                let target = format!(
                    "address {} on {}",
                    spec.addr,
                    self.link_label(spec.index).await
                );
                Err(NetlinkError::from_rtnetlink(Op::DeleteAddress, target, err))
            }
        }
    }
}

impl RouteOps for Netlink {
    async fn add_route(&self, spec: &RouteSpec) -> Result<()> {
        let Ok(message) = build::new_route(spec) else {
            return Err(NetlinkError::mixed_route_families(spec));
        };
        match self.handle.route().add(message).execute().await {
            Ok(()) => Ok(()),
            Err(err) => {
                let target = self.route_target(spec, &self.link_label(spec.oif).await);
                Err(NetlinkError::from_rtnetlink(Op::AddRoute, target, err))
            }
        }
    }

    async fn list_routes(&self) -> Result<Vec<RouteInfo>> {
        let mut routes = Vec::new();
        for v6 in [false, true] {
            let replies: Vec<_> = self
                .handle
                .route()
                .get(build::route_dump(v6))
                .execute()
                .try_collect()
                .await
                .map_err(|err| {
                    NetlinkError::from_rtnetlink(Op::ListRoutes, describe_netns(self.netns()), err)
                })?;
            routes.extend(replies.iter().filter_map(build::parse_route));
        }
        Ok(routes)
    }

    async fn delete_route(&self, spec: &RouteSpec) -> Result<()> {
        let Ok(message) = build::del_route(spec) else {
            return Err(NetlinkError::mixed_route_families(spec));
        };
        match self.handle.route().del(message).execute().await {
            Ok(()) => Ok(()),
            Err(err) => {
                let target = self.route_target(spec, &self.link_label(spec.oif).await);
                Err(NetlinkError::from_rtnetlink(Op::DeleteRoute, target, err))
            }
        }
    }
}

impl SysctlOps for Netlink {
    fn write_sysctl(&self, sysctl: &Sysctl, value: &str) -> Result<()> {
        sysctl::write(self.netns(), sysctl, value)
    }
}
