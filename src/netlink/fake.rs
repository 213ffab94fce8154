//! A recording fake of the ops traits, for testing commands (and their
//! rollback) without root.
//!
//! A `FakeNet` is a handle on one namespace of a shared in-memory "world":
//! `FakeNet::new()` is the host, `host.netns(&fd)` the container whose
//! `NetnsFd` is given (namespaces are told apart by `NetnsId`). The world
//! keeps a tiny model (links, addresses, routes, sysctls) that answers the
//! way the kernel does for the cases the engine meets: EEXIST for a taken
//! name or an address/route already there, ENODEV for an unknown index,
//! a veth deleted from either end removes both, a deleted link takes its
//! addresses and routes along. Every call is recorded with its typed
//! arguments, failed ones included, and any call can be made to fail: the
//! N-th call, or the next call of an operation.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex, MutexGuard};

use nix::errno::Errno;

use super::error::{NetlinkError, Op};
use super::names::validate_ifname;
use super::ops::{AddrOps, LinkOps, Result, RouteOps, SysctlOps};
use super::sysctl::Sysctl;
use super::types::{
    AddressInfo, AddressSpec, BridgeSpec, LinkInfo, LinkKind, MacAddr, RouteInfo, RouteSpec,
    VethSpec,
};
use crate::netns::{NetnsFd, NetnsId};

/// Which namespace of the fake world a call went to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FakeNs {
    Host,
    Netns(NetnsId),
}

/// One call made through a fake handle, with its arguments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Call {
    LinkByName {
        name: String,
    },
    LinkByIndex {
        index: u32,
    },
    ListLinks,
    DeleteLink {
        index: u32,
    },
    DeleteLinkByName {
        name: String,
    },
    AddBridge(BridgeSpec),
    SetAlias {
        index: u32,
        alias: String,
    },
    CreateVeth {
        host_name: String,
        peer_name: String,
        peer_netns: NetnsId,
        mtu: Option<u32>,
        peer_mac: Option<MacAddr>,
    },
    SetMaster {
        index: u32,
        master: u32,
    },
    SetUp {
        index: u32,
    },
    SetDown {
        index: u32,
    },
    SetMtu {
        index: u32,
        mtu: u32,
    },
    SetMac {
        index: u32,
        mac: MacAddr,
    },
    SetPromisc {
        index: u32,
        on: bool,
    },
    SetHairpin {
        index: u32,
        on: bool,
    },
    NoIpv6LinkLocal {
        index: u32,
    },
    AddAddress(AddressSpec),
    ListAddresses {
        index: Option<u32>,
    },
    DeleteAddress(AddressSpec),
    AddRoute(RouteSpec),
    ListRoutes,
    DeleteRoute(RouteSpec),
    WriteSysctl {
        sysctl: Sysctl,
        value: String,
    },
}

impl Call {
    pub fn op(&self) -> Op {
        match self {
            Call::LinkByName { .. } | Call::LinkByIndex { .. } => Op::GetLink,
            Call::ListLinks => Op::ListLinks,
            Call::DeleteLink { .. } | Call::DeleteLinkByName { .. } => Op::DeleteLink,
            Call::AddBridge(_) => Op::AddBridge,
            Call::SetAlias { .. } => Op::SetAlias,
            Call::CreateVeth { .. } => Op::CreateVeth,
            Call::SetMaster { .. } => Op::SetMaster,
            Call::SetUp { .. } => Op::SetUp,
            Call::SetDown { .. } => Op::SetDown,
            Call::SetMtu { .. } => Op::SetMtu,
            Call::SetMac { .. } => Op::SetMac,
            Call::SetPromisc { .. } => Op::SetPromisc,
            Call::SetHairpin { .. } => Op::SetHairpin,
            Call::NoIpv6LinkLocal { .. } => Op::NoIpv6LinkLocal,
            Call::AddAddress(_) => Op::AddAddress,
            Call::ListAddresses { .. } => Op::ListAddresses,
            Call::DeleteAddress(_) => Op::DeleteAddress,
            Call::AddRoute(_) => Op::AddRoute,
            Call::ListRoutes => Op::ListRoutes,
            Call::DeleteRoute(_) => Op::DeleteRoute,
            Call::WriteSysctl { .. } => Op::WriteSysctl,
        }
    }

    /// True for a call that changes something (everything but lookups and
    /// listings): the calls a rollback has to answer for.
    pub fn is_mutating(&self) -> bool {
        !matches!(
            self,
            Call::LinkByName { .. }
                | Call::LinkByIndex { .. }
                | Call::ListLinks
                | Call::ListAddresses { .. }
                | Call::ListRoutes
        )
    }
}

/// The model of one namespace.
#[derive(Debug, Default)]
struct Model {
    links: BTreeMap<u32, LinkInfo>,
    addresses: Vec<AddressInfo>,
    routes: Vec<RouteInfo>,
    sysctls: BTreeMap<String, String>,
}

impl Model {
    fn with_loopback() -> Self {
        let mut model = Model::default();
        model
            .links
            .insert(1, new_link(1, "lo", LinkKind::Device, 65536));
        model
    }

    fn by_name(&self, name: &str) -> Option<&LinkInfo> {
        self.links.values().find(|l| l.name == name)
    }

    fn link_mut(&mut self, index: u32) -> std::result::Result<&mut LinkInfo, Errno> {
        self.links.get_mut(&index).ok_or(Errno::ENODEV)
    }

    /// Removes a link and what the kernel removes with it.
    fn remove_link(&mut self, index: u32) {
        self.links.remove(&index);
        self.addresses.retain(|a| a.index != index);
        self.routes.retain(|r| r.oif != Some(index));
        for link in self.links.values_mut() {
            if link.master == Some(index) {
                link.master = None;
                link.hairpin = None;
            }
        }
    }
}

fn new_link(index: u32, name: &str, kind: LinkKind, mtu: u32) -> LinkInfo {
    let [.., a, b, c, d] = index.to_be_bytes();
    LinkInfo {
        index,
        name: name.to_string(),
        kind,
        mac: Some(MacAddr([0x02, 0x00, a, b, c, d])),
        mtu,
        up: false,
        promisc: false,
        master: None,
        alias: None,
        hairpin: None,
    }
}

#[derive(Debug)]
struct World {
    namespaces: HashMap<FakeNs, Model>,
    /// Each veth end, keyed by (namespace, index), to its peer.
    veth_peers: HashMap<(FakeNs, u32), (FakeNs, u32)>,
    calls: Vec<(FakeNs, Call)>,
    fail_at_call: BTreeMap<usize, Errno>,
    /// Mutating calls made so far, and the ones (by that count) to fail.
    mutations: usize,
    fail_at_mutation: BTreeMap<usize, Errno>,
    fail_on_op: Vec<(Op, Errno)>,
    next_index: u32,
}

impl World {
    /// Removes a link, and its peer with it when it is one end of a veth.
    fn delete_link(&mut self, ns: FakeNs, index: u32) {
        self.model(ns).remove_link(index);
        if let Some((peer_ns, peer)) = self.veth_peers.remove(&(ns, index)) {
            self.veth_peers.remove(&(peer_ns, peer));
            self.model(peer_ns).remove_link(peer);
        }
    }

    fn model(&mut self, ns: FakeNs) -> &mut Model {
        self.namespaces
            .entry(ns)
            .or_insert_with(Model::with_loopback)
    }

    fn allocate_index(&mut self) -> u32 {
        self.next_index += 1;
        self.next_index
    }

    /// Records the call, then returns the injected failure for it, if any.
    fn record(&mut self, ns: FakeNs, call: Call) -> Option<Errno> {
        let op = call.op();
        let mutating = call.is_mutating();
        self.calls.push((ns, call));
        if let Some(errno) = self.fail_at_call.remove(&self.calls.len()) {
            return Some(errno);
        }
        if mutating {
            self.mutations += 1;
            if let Some(errno) = self.fail_at_mutation.remove(&self.mutations) {
                return Some(errno);
            }
        }
        let position = self.fail_on_op.iter().position(|(o, _)| *o == op)?;
        Some(self.fail_on_op.remove(position).1)
    }
}

/// A fake handle on one namespace of a shared fake world. Cloning gives a
/// second handle on the same namespace.
#[derive(Debug, Clone)]
pub struct FakeNet {
    world: Arc<Mutex<World>>,
    ns: FakeNs,
}

impl Default for FakeNet {
    fn default() -> Self {
        Self::new()
    }
}

impl FakeNet {
    /// The host namespace of a new, empty world (only `lo`).
    pub fn new() -> Self {
        let mut namespaces = HashMap::new();
        namespaces.insert(FakeNs::Host, Model::with_loopback());
        FakeNet {
            world: Arc::new(Mutex::new(World {
                namespaces,
                veth_peers: HashMap::new(),
                calls: Vec::new(),
                fail_at_call: BTreeMap::new(),
                mutations: 0,
                fail_at_mutation: BTreeMap::new(),
                fail_on_op: Vec::new(),
                next_index: 1,
            })),
            ns: FakeNs::Host,
        }
    }

    /// A handle on the namespace `netns` names, in the same world: where
    /// `create_veth` puts peers bound for that namespace.
    pub fn netns(&self, netns: &NetnsFd) -> FakeNet {
        let ns = FakeNs::Netns(netns.id());
        self.lock().model(ns);
        FakeNet {
            world: Arc::clone(&self.world),
            ns,
        }
    }

    pub fn namespace(&self) -> FakeNs {
        self.ns
    }

    fn lock(&self) -> MutexGuard<'_, World> {
        // A panicking test must not hide its own message behind a poison
        // error from the next lock.
        self.world
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Calls made through handles on this namespace, in order.
    pub fn calls(&self) -> Vec<Call> {
        self.lock()
            .calls
            .iter()
            .filter(|(ns, _)| *ns == self.ns)
            .map(|(_, call)| call.clone())
            .collect()
    }

    /// Every call in the world, in order, with its namespace: for checking
    /// the order of steps across host and container (e.g. rollback).
    pub fn all_calls(&self) -> Vec<(FakeNs, Call)> {
        self.lock().calls.clone()
    }

    /// Makes the `n`-th call in the world (counting from 1, all
    /// namespaces, the calls already made included) fail with `errno`.
    pub fn fail_call(&self, n: usize, errno: Errno) {
        self.lock().fail_at_call.insert(n, errno);
    }

    /// Makes the `n`-th mutating call in the world (counting from 1, all
    /// namespaces, lookups and listings not counted, the mutating calls
    /// already made included) fail with `errno`. Stepping `n` through every
    /// mutating call of an operation fails each of its changes in turn.
    pub fn fail_mutating_call(&self, n: usize, errno: Errno) {
        self.lock().fail_at_mutation.insert(n, errno);
    }

    /// Mutating calls made in the world so far, failed ones included.
    pub fn mutating_calls(&self) -> usize {
        self.lock().mutations
    }

    /// Makes the next call of `op` (in any namespace) fail with `errno`.
    pub fn fail_op(&self, op: Op, errno: Errno) {
        self.lock().fail_on_op.push((op, errno));
    }

    /// Links of this namespace, by index.
    pub fn links(&self) -> Vec<LinkInfo> {
        let mut world = self.lock();
        world.model(self.ns).links.values().cloned().collect()
    }

    pub fn link(&self, name: &str) -> Option<LinkInfo> {
        let mut world = self.lock();
        world.model(self.ns).by_name(name).cloned()
    }

    pub fn addresses(&self) -> Vec<AddressInfo> {
        let mut world = self.lock();
        world.model(self.ns).addresses.clone()
    }

    pub fn routes(&self) -> Vec<RouteInfo> {
        let mut world = self.lock();
        world.model(self.ns).routes.clone()
    }

    pub fn sysctl(&self, sysctl: &Sysctl) -> Option<String> {
        let mut world = self.lock();
        world
            .model(self.ns)
            .sysctls
            .get(&sysctl.to_string())
            .cloned()
    }

    /// Puts a link in place without recording a call, for setting up a
    /// scene (a host NIC, a non-bridge squatting on the bridge's name).
    pub fn seed_link(&self, name: &str, kind: LinkKind) -> u32 {
        let mut world = self.lock();
        let index = world.allocate_index();
        world
            .model(self.ns)
            .links
            .insert(index, new_link(index, name, kind, 1500));
        index
    }

    /// Records `call`, then (unless a failure is injected) applies `change`
    /// to this namespace's model, turning a model errno into the same error
    /// the real handle would give.
    fn apply<T>(
        &self,
        call: Call,
        target: impl FnOnce() -> String,
        change: impl FnOnce(&mut World, FakeNs) -> std::result::Result<T, Errno>,
    ) -> Result<T> {
        let op = call.op();
        let mut world = self.lock();
        let outcome = match world.record(self.ns, call) {
            Some(errno) => Err(errno),
            None => change(&mut world, self.ns),
        };
        outcome.map_err(|errno| NetlinkError::from_errno(op, target(), errno))
    }

    fn change_link(
        &self,
        call: Call,
        index: u32,
        change: impl FnOnce(&mut LinkInfo) -> std::result::Result<(), Errno>,
    ) -> Result<()> {
        self.apply(
            call,
            || format!("link #{index}"),
            |world, ns| change(world.model(ns).link_mut(index)?),
        )
    }
}

impl LinkOps for FakeNet {
    async fn link_by_name(&self, name: &str) -> Result<Option<LinkInfo>> {
        validate_ifname(name)?;
        let call = Call::LinkByName { name: name.into() };
        self.apply(
            call,
            || format!("link {name:?}"),
            |world, ns| Ok(world.model(ns).by_name(name).cloned()),
        )
    }

    async fn link_by_index(&self, index: u32) -> Result<Option<LinkInfo>> {
        self.apply(
            Call::LinkByIndex { index },
            || format!("link #{index}"),
            |world, ns| Ok(world.model(ns).links.get(&index).cloned()),
        )
    }

    async fn list_links(&self) -> Result<Vec<LinkInfo>> {
        self.apply(
            Call::ListLinks,
            || "the fake namespace".into(),
            |world, ns| Ok(world.model(ns).links.values().cloned().collect()),
        )
    }

    async fn delete_link(&self, index: u32) -> Result<()> {
        self.apply(
            Call::DeleteLink { index },
            || format!("link #{index}"),
            |world, ns| {
                world.model(ns).link_mut(index)?;
                world.delete_link(ns, index);
                Ok(())
            },
        )
    }

    async fn delete_link_by_name(&self, name: &str) -> Result<()> {
        validate_ifname(name)?;
        self.apply(
            Call::DeleteLinkByName { name: name.into() },
            || format!("link {name:?}"),
            |world, ns| {
                let index = world.model(ns).by_name(name).ok_or(Errno::ENODEV)?.index;
                world.delete_link(ns, index);
                Ok(())
            },
        )
    }

    async fn add_bridge(&self, spec: &BridgeSpec) -> Result<u32> {
        validate_ifname(&spec.name)?;
        let target = || format!("bridge {:?}", spec.name);
        self.apply(Call::AddBridge(spec.clone()), target, |world, ns| {
            if world.model(ns).by_name(&spec.name).is_some() {
                return Err(Errno::EEXIST);
            }
            let index = world.allocate_index();
            let mut link = new_link(
                index,
                &spec.name,
                LinkKind::Bridge,
                spec.mtu.unwrap_or(1500),
            );
            link.up = true;
            link.promisc = spec.promisc;
            world.model(ns).links.insert(index, link);
            Ok(index)
        })
    }

    async fn set_alias(&self, index: u32, alias: &str) -> Result<()> {
        let call = Call::SetAlias {
            index,
            alias: alias.into(),
        };
        // As the kernel does, an empty alias removes it.
        self.change_link(call, index, |link| {
            link.alias = (!alias.is_empty()).then(|| alias.to_string());
            Ok(())
        })
    }

    async fn create_veth(&self, spec: &VethSpec<'_>) -> Result<LinkInfo> {
        validate_ifname(&spec.host_name)?;
        validate_ifname(&spec.peer_name)?;
        let peer_ns = FakeNs::Netns(spec.peer_netns.id());
        let call = Call::CreateVeth {
            host_name: spec.host_name.clone(),
            peer_name: spec.peer_name.clone(),
            peer_netns: spec.peer_netns.id(),
            mtu: spec.mtu,
            peer_mac: spec.peer_mac,
        };
        let target = || format!("veth pair {:?} / {:?}", spec.host_name, spec.peer_name);
        self.apply(call, target, |world, ns| {
            if world.model(ns).by_name(&spec.host_name).is_some()
                || world.model(peer_ns).by_name(&spec.peer_name).is_some()
            {
                return Err(Errno::EEXIST);
            }
            let mtu = spec.mtu.unwrap_or(1500);
            let host_index = world.allocate_index();
            let peer_index = world.allocate_index();
            let host = new_link(host_index, &spec.host_name, LinkKind::Veth, mtu);
            let mut peer = new_link(peer_index, &spec.peer_name, LinkKind::Veth, mtu);
            if let Some(mac) = spec.peer_mac {
                peer.mac = Some(mac);
            }
            world.model(ns).links.insert(host_index, host.clone());
            world.model(peer_ns).links.insert(peer_index, peer);
            world
                .veth_peers
                .insert((ns, host_index), (peer_ns, peer_index));
            world
                .veth_peers
                .insert((peer_ns, peer_index), (ns, host_index));
            Ok(host)
        })
    }

    async fn set_master(&self, index: u32, master: u32) -> Result<()> {
        self.apply(
            Call::SetMaster { index, master },
            || format!("link #{index} to bridge #{master}"),
            |world, ns| {
                let model = world.model(ns);
                match model.links.get(&master) {
                    Some(bridge) if bridge.kind == LinkKind::Bridge => {}
                    Some(_) => return Err(Errno::EOPNOTSUPP),
                    None => return Err(Errno::ENODEV),
                }
                let link = model.link_mut(index)?;
                link.master = Some(master);
                link.hairpin = Some(false);
                Ok(())
            },
        )
    }

    async fn set_up(&self, index: u32) -> Result<()> {
        self.change_link(Call::SetUp { index }, index, |link| {
            link.up = true;
            Ok(())
        })
    }

    async fn set_down(&self, index: u32) -> Result<()> {
        self.change_link(Call::SetDown { index }, index, |link| {
            link.up = false;
            Ok(())
        })
    }

    async fn set_mtu(&self, index: u32, mtu: u32) -> Result<()> {
        self.change_link(Call::SetMtu { index, mtu }, index, |link| {
            link.mtu = mtu;
            Ok(())
        })
    }

    async fn set_mac(&self, index: u32, mac: MacAddr) -> Result<()> {
        self.change_link(Call::SetMac { index, mac }, index, |link| {
            link.mac = Some(mac);
            Ok(())
        })
    }

    async fn set_promisc(&self, index: u32, on: bool) -> Result<()> {
        self.change_link(Call::SetPromisc { index, on }, index, |link| {
            link.promisc = on;
            Ok(())
        })
    }

    async fn set_hairpin(&self, index: u32, on: bool) -> Result<()> {
        self.change_link(Call::SetHairpin { index, on }, index, |link| {
            // As in the kernel: only a bridge port has port settings.
            if link.master.is_none() {
                return Err(Errno::EOPNOTSUPP);
            }
            link.hairpin = Some(on);
            Ok(())
        })
    }

    async fn no_ipv6_link_local(&self, index: u32) -> Result<()> {
        self.change_link(Call::NoIpv6LinkLocal { index }, index, |_| Ok(()))
    }
}

impl AddrOps for FakeNet {
    async fn add_address(&self, spec: &AddressSpec) -> Result<()> {
        let target = || format!("address {} on link #{}", spec.addr, spec.index);
        self.apply(Call::AddAddress(*spec), target, |world, ns| {
            let model = world.model(ns);
            model.link_mut(spec.index)?;
            if model
                .addresses
                .iter()
                .any(|a| a.index == spec.index && a.addr.ip() == spec.addr.ip())
            {
                return Err(Errno::EEXIST);
            }
            model.addresses.push(AddressInfo {
                index: spec.index,
                addr: spec.addr,
                nodad: spec.nodad && spec.addr.is_ipv6(),
            });
            Ok(())
        })
    }

    async fn list_addresses(&self, index: Option<u32>) -> Result<Vec<AddressInfo>> {
        let target = || "the fake namespace".to_string();
        self.apply(Call::ListAddresses { index }, target, |world, ns| {
            Ok(world
                .model(ns)
                .addresses
                .iter()
                .filter(|a| index.is_none_or(|i| a.index == i))
                .copied()
                .collect())
        })
    }

    async fn delete_address(&self, spec: &AddressSpec) -> Result<()> {
        let target = || format!("address {} on link #{}", spec.addr, spec.index);
        self.apply(Call::DeleteAddress(*spec), target, |world, ns| {
            let addresses = &mut world.model(ns).addresses;
            let before = addresses.len();
            addresses.retain(|a| !(a.index == spec.index && a.addr == spec.addr));
            if addresses.len() == before {
                return Err(Errno::EADDRNOTAVAIL);
            }
            Ok(())
        })
    }
}

impl RouteOps for FakeNet {
    async fn add_route(&self, spec: &RouteSpec) -> Result<()> {
        if spec
            .gateway
            .is_some_and(|gw| gw.is_ipv4() != spec.dst.is_ipv4())
        {
            return Err(NetlinkError::mixed_route_families(spec));
        }
        let target = || format!("route {spec}");
        self.apply(Call::AddRoute(*spec), target, |world, ns| {
            let model = world.model(ns);
            model.link_mut(spec.oif)?;
            let route = RouteInfo {
                dst: network_of(spec),
                gateway: spec.gateway,
                oif: Some(spec.oif),
            };
            if model
                .routes
                .iter()
                .any(|r| r.dst == route.dst && r.gateway == route.gateway)
            {
                return Err(Errno::EEXIST);
            }
            model.routes.push(route);
            Ok(())
        })
    }

    async fn list_routes(&self) -> Result<Vec<RouteInfo>> {
        self.apply(
            Call::ListRoutes,
            || "the fake namespace".into(),
            |world, ns| Ok(world.model(ns).routes.clone()),
        )
    }

    async fn delete_route(&self, spec: &RouteSpec) -> Result<()> {
        let target = || format!("route {spec}");
        self.apply(Call::DeleteRoute(*spec), target, |world, ns| {
            let wanted = RouteSpec {
                dst: network_of(spec),
                ..*spec
            };
            let routes = &mut world.model(ns).routes;
            let position = routes
                .iter()
                .position(|r| r.matches(&wanted))
                .ok_or(Errno::ESRCH)?;
            routes.remove(position);
            Ok(())
        })
    }
}

/// The destination as the kernel stores it: host bits cleared.
fn network_of(spec: &RouteSpec) -> ipnetwork::IpNetwork {
    ipnetwork::IpNetwork::new(spec.dst.network(), spec.dst.prefix()).unwrap_or(spec.dst)
}

impl SysctlOps for FakeNet {
    fn write_sysctl(&self, sysctl: &Sysctl, value: &str) -> Result<()> {
        let path = sysctl.path()?;
        let call = Call::WriteSysctl {
            sysctl: sysctl.clone(),
            value: value.into(),
        };
        let op = call.op();
        let mut world = self.lock();
        let outcome = match world.record(self.ns, call) {
            Some(errno) => Err(errno),
            None => {
                let model = world.model(self.ns);
                match sysctl {
                    // /proc/sys/net/ipv6/conf/<if> exists only while the
                    // interface does.
                    Sysctl::Ipv6AcceptDad { ifname } | Sysctl::Ipv6Disable { ifname }
                        if model.by_name(ifname).is_none() =>
                    {
                        Err(Errno::ENOENT)
                    }
                    _ => {
                        model.sysctls.insert(sysctl.to_string(), value.to_string());
                        Ok(())
                    }
                }
            }
        };
        outcome.map_err(|errno| NetlinkError::Sysctl {
            op,
            key: sysctl.to_string(),
            path,
            source: std::io::Error::from_raw_os_error(errno as i32),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::netlink::names::veth_name_from_bytes;

    fn block_on<T>(future: impl std::future::Future<Output = T>) -> T {
        tokio::runtime::Builder::new_current_thread()
            .build()
            .expect("runtime")
            .block_on(future)
    }

    fn bridge(name: &str) -> BridgeSpec {
        BridgeSpec {
            name: name.into(),
            mtu: Some(1400),
            promisc: false,
        }
    }

    #[test]
    fn records_calls_with_arguments_and_models_links() {
        let host = FakeNet::new();
        block_on(async {
            let index = host.add_bridge(&bridge("cni0")).await.expect("created");
            host.set_alias(index, "cnictl").await.expect("alias");
            let link = host
                .link_by_name("cni0")
                .await
                .expect("lookup")
                .expect("present");
            assert_eq!(
                (link.kind, link.mtu, link.up),
                (LinkKind::Bridge, 1400, true)
            );
            assert_eq!(link.alias.as_deref(), Some("cnictl"));
            let err = host
                .add_bridge(&bridge("cni0"))
                .await
                .expect_err("duplicate");
            assert!(err.is_already_exists(), "{err}");
            assert_eq!(
                host.calls(),
                vec![
                    Call::AddBridge(bridge("cni0")),
                    Call::SetAlias {
                        index,
                        alias: "cnictl".into()
                    },
                    Call::LinkByName {
                        name: "cni0".into()
                    },
                    Call::AddBridge(bridge("cni0")),
                ]
            );
        });
    }

    #[test]
    fn ensure_bridge_finds_creates_and_refuses_non_bridges() {
        let host = FakeNet::new();
        block_on(async {
            let first = host.ensure_bridge(&bridge("cni0")).await.expect("created");
            assert!(first.created);
            let again = host.ensure_bridge(&bridge("cni0")).await.expect("found");
            assert_eq!(again.index, first.index);
            assert!(!again.created);

            host.seed_link("eth9", LinkKind::Device);
            let err = host
                .ensure_bridge(&bridge("eth9"))
                .await
                .expect_err("not a bridge");
            assert!(matches!(err, NetlinkError::NotABridge { .. }), "{err}");
        });
    }

    #[test]
    fn veth_peer_lands_in_the_container_and_dies_with_the_host_end() {
        let host = FakeNet::new();
        let netns = NetnsFd::current().expect("a netns fd");
        let container = host.netns(&netns);
        block_on(async {
            let spec = VethSpec {
                host_name: "veth00000001".into(),
                peer_name: "eth0".into(),
                peer_netns: &netns,
                mtu: Some(1450),
                peer_mac: None,
            };
            let veth = host.create_veth(&spec).await.expect("created");
            let eth0 = container.link("eth0").expect("peer in the container");
            assert_eq!((eth0.kind.clone(), eth0.mtu), (LinkKind::Veth, 1450));
            assert!(host.link("eth0").is_none());
            let addr = AddressSpec {
                index: eth0.index,
                addr: "10.88.0.2/16".parse().expect("net"),
                nodad: false,
            };
            container.add_address(&addr).await.expect("address");

            host.delete_link(veth.index).await.expect("deleted");
            assert!(container.link("eth0").is_none());
            assert!(container.addresses().is_empty());
            assert_eq!(host.links().len(), 1, "only lo is left");
        });
    }

    #[test]
    fn create_veth_unique_retries_host_clashes_and_names_peer_clashes() {
        let host = FakeNet::new();
        let netns = NetnsFd::current().expect("a netns fd");
        let container = host.netns(&netns);
        host.seed_link("veth00000001", LinkKind::Veth);
        block_on(async {
            let spec = VethSpec {
                host_name: String::new(),
                peer_name: "eth0".into(),
                peer_netns: &netns,
                mtu: None,
                peer_mac: None,
            };
            let mut n = 0u8;
            let mut names = || {
                n += 1;
                veth_name_from_bytes([0, 0, 0, n])
            };
            let veth = host
                .create_veth_unique(&spec, &mut names, 3)
                .await
                .expect("second name");
            assert_eq!(veth.name, "veth00000002");

            // eth0 is now taken in the container: no host name helps.
            let err = host
                .create_veth_unique(&spec, &mut names, 3)
                .await
                .expect_err("peer clash");
            assert!(matches!(err, NetlinkError::PeerExists { .. }), "{err}");
            assert!(container.link("eth0").is_some());
        });
    }

    #[test]
    fn injected_failures_hit_the_chosen_call_and_leave_the_model_alone() {
        let host = FakeNet::new();
        host.fail_call(2, Errno::EPERM);
        host.fail_op(Op::AddRoute, Errno::ENETUNREACH);
        block_on(async {
            let index = host
                .add_bridge(&bridge("cni0"))
                .await
                .expect("call 1 succeeds");
            let err = host.set_up(index).await.expect_err("call 2 fails");
            assert!(
                matches!(err, NetlinkError::PermissionDenied { op: Op::SetUp, .. }),
                "{err}"
            );
            host.set_up(index).await.expect("call 3 succeeds");

            let route = RouteSpec {
                dst: "10.1.0.0/16".parse().expect("net"),
                gateway: None,
                oif: index,
            };
            let err = host.add_route(&route).await.expect_err("injected");
            assert!(
                matches!(
                    err,
                    NetlinkError::Kernel {
                        errno: Errno::ENETUNREACH,
                        ..
                    }
                ),
                "{err}"
            );
            assert!(host.routes().is_empty());
            host.add_route(&route)
                .await
                .expect("the failure was one-shot");
            assert_eq!(host.calls().len(), 5, "failed calls are recorded too");
        });
    }

    #[test]
    fn fail_mutating_call_counts_only_changes() {
        let host = FakeNet::new();
        host.fail_mutating_call(2, Errno::EBUSY);
        block_on(async {
            let index = host.add_bridge(&bridge("cni0")).await.expect("change 1");
            host.link_by_name("cni0")
                .await
                .expect("lookups do not count");
            host.list_links().await.expect("listings do not count");
            let err = host.set_up(index).await.expect_err("change 2 fails");
            assert!(
                matches!(
                    err,
                    NetlinkError::Kernel {
                        errno: Errno::EBUSY,
                        ..
                    }
                ),
                "{err}"
            );
            host.set_up(index).await.expect("change 3 succeeds");
            assert_eq!(host.mutating_calls(), 3);
        });
    }

    #[test]
    fn sysctls_are_per_namespace_and_need_the_interface() {
        let host = FakeNet::new();
        let netns = NetnsFd::current().expect("a netns fd");
        let container = host.netns(&netns);
        host.write_sysctl(&Sysctl::Ipv4Forward, "1")
            .expect("written");
        assert_eq!(host.sysctl(&Sysctl::Ipv4Forward).as_deref(), Some("1"));
        assert_eq!(container.sysctl(&Sysctl::Ipv4Forward), None);
        let dad = Sysctl::Ipv6AcceptDad {
            ifname: "eth0".into(),
        };
        let err = container.write_sysctl(&dad, "0").expect_err("no eth0 yet");
        assert!(matches!(err, NetlinkError::Sysctl { .. }), "{err}");
    }
}
