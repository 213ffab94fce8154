//! The kernel-networking layer: bridges, veth pairs, addresses, routes and
//! sysctls, over rtnetlink (the only rtnetlink user in cnictl).
//!
//! Commands program against the traits in `ops` (`LinkOps`, `AddrOps`,
//! `RouteOps`, `SysctlOps`, or all of them as `NetOps`), get a real
//! `Netlink` handle per namespace (`Netlink::current()` for the host,
//! `Netlink::in_netns(&fd)` for a container), and test with
//! `fake::FakeNet`. Requests are built and replies read by pure functions
//! in `build`, so the executor in `handle` stays thin.

mod build;
mod detached;
pub mod error;
#[cfg(test)]
pub mod fake;
mod handle;
pub mod names;
pub mod ops;
pub mod sysctl;
pub mod types;

pub use error::{NetlinkError, Op};
pub use handle::{Netlink, PeerNamespace, ReachedNamespace};
pub use names::{random_veth_name, validate_ifname, veth_name_from_bytes};
pub use ops::{AddrOps, LinkOps, NetOps, RemoveInterface, RouteOps, SysctlOps};
pub use sysctl::Sysctl;
pub use types::{
    AddressInfo, AddressSpec, BridgeSpec, EnsuredBridge, LinkInfo, LinkKind, LinkParent, MacAddr,
    MacAddrParseError, RouteInfo, RouteSpec, VethSpec,
};

#[cfg(test)]
mod kernel_tests;
