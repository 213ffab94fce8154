//! The operations the attach engine needs, as traits, so commands run
//! against the kernel (`Netlink`) or against the recording fake
//! (`fake::FakeNet`) unchanged.
//!
//! Each trait method returns a `Send` future so the engine's futures stay
//! `Send` whichever implementation it is given. Every handle is bound to
//! one network namespace; an engine holds one for the host and one for the
//! container.

use std::future::Future;

use super::error::NetlinkError;
use super::names::validate_ifname;
use super::sysctl::Sysctl;
use super::types::{
    AddressInfo, AddressSpec, BridgeSpec, EnsuredBridge, LinkInfo, LinkKind, MacAddr, RouteInfo,
    RouteSpec, VethSpec,
};

pub type Result<T, E = NetlinkError> = std::result::Result<T, E>;

/// Interfaces: find, create, change, delete.
pub trait LinkOps: Send + Sync {
    /// The link called `name`, or None when there is none.
    fn link_by_name(&self, name: &str) -> impl Future<Output = Result<Option<LinkInfo>>> + Send;

    /// The link with this index, or None when there is none.
    fn link_by_index(&self, index: u32) -> impl Future<Output = Result<Option<LinkInfo>>> + Send;

    fn list_links(&self) -> impl Future<Output = Result<Vec<LinkInfo>>> + Send;

    /// Deletes a link. Deleting either end of a veth pair removes both.
    fn delete_link(&self, index: u32) -> impl Future<Output = Result<()>> + Send;

    /// Deletes the link called `name`, in one request (no lookup of its
    /// index first). `NotFound` when there is no such link.
    fn delete_link_by_name(&self, name: &str) -> impl Future<Output = Result<()>> + Send;

    /// Creates a bridge, up, and returns its index. Fails with
    /// `AlreadyExists` if the name is taken; see `ensure_bridge`.
    fn add_bridge(&self, spec: &BridgeSpec) -> impl Future<Output = Result<u32>> + Send;

    /// Sets `IFLA_IFALIAS`; the attach engine marks the bridges it manages.
    fn set_alias(&self, index: u32, alias: &str) -> impl Future<Output = Result<()>> + Send;

    /// Creates a veth pair from this (the host's) namespace with the peer
    /// placed straight into `spec.peer_netns`, and returns the host end,
    /// still down. `AlreadyExists` means either name was taken; see
    /// `create_veth_unique` to tell which.
    fn create_veth(&self, spec: &VethSpec<'_>) -> impl Future<Output = Result<LinkInfo>> + Send;

    /// Makes the link a port of the bridge `master`.
    fn set_master(&self, index: u32, master: u32) -> impl Future<Output = Result<()>> + Send;

    fn set_up(&self, index: u32) -> impl Future<Output = Result<()>> + Send;

    fn set_down(&self, index: u32) -> impl Future<Output = Result<()>> + Send;

    fn set_mtu(&self, index: u32, mtu: u32) -> impl Future<Output = Result<()>> + Send;

    fn set_mac(&self, index: u32, mac: MacAddr) -> impl Future<Output = Result<()>> + Send;

    fn set_promisc(&self, index: u32, on: bool) -> impl Future<Output = Result<()>> + Send;

    /// Bridge-port hairpin mode: lets a container reach itself through a
    /// port mapping on the host. The link must be a bridge port already.
    fn set_hairpin(&self, index: u32, on: bool) -> impl Future<Output = Result<()>> + Send;

    /// Keeps the kernel from giving the link an IPv6 link-local address
    /// when it comes up (`addr_gen_mode` none), and so from sending router
    /// solicitations, duplicate address detection and MLD reports from it.
    /// On a bridge every such multicast is flooded to every port, so a
    /// link that needs no IPv6 of its own stays quiet with this. Call it
    /// while the link is down. A kernel without IPv6 has nothing to turn
    /// off: that is success.
    fn no_ipv6_link_local(&self, index: u32) -> impl Future<Output = Result<()>> + Send;

    /// Finds or creates the bridge, as the CNI bridge plugin's
    /// `ensureBridge` does: an existing link of that name must be a
    /// bridge; it is left as it is except that it is brought up and, if
    /// asked, made promiscuous. A bridge created concurrently by someone
    /// else counts as found, not created.
    fn ensure_bridge(
        &self,
        spec: &BridgeSpec,
    ) -> impl Future<Output = Result<EnsuredBridge>> + Send {
        async move {
            validate_ifname(&spec.name)?;
            let (existing, created) = match self.link_by_name(&spec.name).await? {
                Some(link) => (link, false),
                None => match self.add_bridge(spec).await {
                    Ok(index) => {
                        return Ok(EnsuredBridge {
                            index,
                            created: true,
                        })
                    }
                    Err(err) if err.is_already_exists() => {
                        match self.link_by_name(&spec.name).await? {
                            Some(link) => (link, false),
                            None => return Err(err),
                        }
                    }
                    Err(err) => return Err(err),
                },
            };
            if existing.kind != LinkKind::Bridge {
                return Err(NetlinkError::NotABridge {
                    name: existing.name,
                    kind: existing.kind.to_string(),
                });
            }
            if spec.promisc && !existing.promisc {
                self.set_promisc(existing.index, true).await?;
            }
            if !existing.up {
                self.set_up(existing.index).await?;
            }
            Ok(EnsuredBridge {
                index: existing.index,
                created,
            })
        }
    }

    /// Creates the veth pair under the first free host-side name that
    /// `next_name` offers (e.g. `random_veth_name`), trying at most
    /// `attempts` names; `spec.host_name` is ignored. When the kernel says
    /// "exists" but no host link has the name, the clash is the peer's name
    /// in the container, which no retry fixes: that is `PeerExists`.
    fn create_veth_unique(
        &self,
        spec: &VethSpec<'_>,
        next_name: &mut (dyn FnMut() -> String + Send),
        attempts: u32,
    ) -> impl Future<Output = Result<LinkInfo>> + Send {
        async move {
            validate_ifname(&spec.peer_name)?;
            for _ in 0..attempts {
                let host_name = next_name();
                validate_ifname(&host_name)?;
                let attempt = VethSpec {
                    host_name: host_name.clone(),
                    peer_name: spec.peer_name.clone(),
                    peer_netns: spec.peer_netns,
                    mtu: spec.mtu,
                    peer_mac: spec.peer_mac,
                };
                match self.create_veth(&attempt).await {
                    Ok(link) => return Ok(link),
                    Err(err) if err.is_already_exists() => {
                        if self.link_by_name(&host_name).await?.is_none() {
                            return Err(NetlinkError::PeerExists {
                                name: spec.peer_name.clone(),
                                netns: spec.peer_netns.path().to_path_buf(),
                            });
                        }
                    }
                    Err(err) => return Err(err),
                }
            }
            Err(NetlinkError::NoFreeVethName { attempts })
        }
    }
}

/// Interface addresses.
pub trait AddrOps: Send + Sync {
    /// Adds an address; `AlreadyExists` if the interface has it already.
    fn add_address(&self, spec: &AddressSpec) -> impl Future<Output = Result<()>> + Send;

    /// Addresses of one interface (Some) or of all (None), both families,
    /// including ones the kernel added itself (IPv6 link-local).
    fn list_addresses(
        &self,
        index: Option<u32>,
    ) -> impl Future<Output = Result<Vec<AddressInfo>>> + Send;

    /// Addresses of one family on one interface. The kernel handle asks
    /// for that family only: on a host with a thousand veths, each with an
    /// IPv6 link-local address, a dump of both families is what made every
    /// `add` slower than the last.
    fn list_link_addresses(
        &self,
        index: u32,
        ipv4: bool,
    ) -> impl Future<Output = Result<Vec<AddressInfo>>> + Send {
        async move {
            Ok(self
                .list_addresses(Some(index))
                .await?
                .into_iter()
                .filter(|a| a.addr.is_ipv4() == ipv4)
                .collect())
        }
    }

    /// Deletes an address (`nodad` is ignored); `NotFound` if it is not
    /// there.
    fn delete_address(&self, spec: &AddressSpec) -> impl Future<Output = Result<()>> + Send;
}

/// Routes of the main table.
pub trait RouteOps: Send + Sync {
    /// Adds a route; `AlreadyExists` if an equal one is there.
    fn add_route(&self, spec: &RouteSpec) -> impl Future<Output = Result<()>> + Send;

    /// Unicast routes of the main table, both families, including the
    /// kernel's own prefix routes.
    fn list_routes(&self) -> impl Future<Output = Result<Vec<RouteInfo>>> + Send;

    /// Deletes a route; `NotFound` if it is not there.
    fn delete_route(&self, spec: &RouteSpec) -> impl Future<Output = Result<()>> + Send;
}

/// Sysctls of the handle's namespace.
pub trait SysctlOps: Send + Sync {
    fn write_sysctl(&self, sysctl: &Sysctl, value: &str) -> Result<()>;
}

/// All `del` does inside a container's namespace: remove its interface.
/// Any `LinkOps` handle can, and so can a `PeerNamespace`, which reaches
/// that namespace from the host's socket.
pub trait RemoveInterface: Send + Sync {
    /// Deletes the link called `name`; `NotFound` when there is none.
    fn remove_interface(&self, name: &str) -> impl Future<Output = Result<()>> + Send;
}

impl<T: LinkOps> RemoveInterface for T {
    fn remove_interface(&self, name: &str) -> impl Future<Output = Result<()>> + Send {
        self.delete_link_by_name(name)
    }
}

/// Everything at once, for code that needs all of it.
pub trait NetOps: LinkOps + AddrOps + RouteOps + SysctlOps {}

impl<T: LinkOps + AddrOps + RouteOps + SysctlOps> NetOps for T {}
