//! What exists, read once for `ls`, `gc` and `leases --stale`: the
//! attachment cache, every lease in every data dir in use, and (with root)
//! the interfaces and addresses of every network namespace on the machine.
//!
//! The evidence rule lives here too, so that `gc` releases exactly what
//! `leases --stale` shows: a lease is live when the namespace its cache
//! entry names holds the interface with that address (or, that path gone,
//! when the peer of the entry's host veth still holds it in a namespace a
//! process keeps), or, without a cache entry, when some namespace holds an
//! interface of that name with that address.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::net::IpAddr;
use std::path::{Path, PathBuf};

use ipnetwork::IpNetwork;

use super::Paths;
use crate::cni::cache::{self, CacheEntry};
use crate::config::{self, NetworkConfig};
use crate::error::Result;
use crate::ipam::{self, Lease};
use crate::netlink::NetOps;
use crate::netlink::{AddrOps, AddressInfo, LinkInfo, LinkParent, Netlink};
use crate::netns::{NetnsFd, NetnsId};
use crate::runtime::{validate_container_id, RuntimeOptions, Target};

/// A readable cache entry and the config it was made with.
#[derive(Debug)]
pub struct Entry {
    pub path: PathBuf,
    pub entry: CacheEntry,
    pub config: Option<NetworkConfig>,
}

impl Entry {
    pub fn key(&self) -> (&str, &str, &str) {
        (
            &self.entry.network_name,
            &self.entry.container_id,
            &self.entry.if_name,
        )
    }

    /// The addresses of the cached result.
    pub fn ips(&self) -> Vec<IpAddr> {
        self.entry
            .parsed_result()
            .ok()
            .flatten()
            .map(|r| r.ips.iter().map(|ip| ip.address.ip()).collect())
            .unwrap_or_default()
    }

    /// The host end of the veth: cnictl's record, else the result's
    /// interface without a sandbox (what the reference plugin reports).
    pub fn host_veth(&self) -> Option<String> {
        if let Some(record) = &self.entry.cnictl {
            return Some(record.host_veth.clone());
        }
        let result = self.entry.result.as_ref()?;
        result
            .get("interfaces")?
            .as_array()?
            .iter()
            .filter(|i| i.get("sandbox").is_none_or(|s| s.as_str() == Some("")))
            .filter_map(|i| i.get("name")?.as_str())
            .find(|name| name.starts_with("veth"))
            .map(str::to_string)
    }

    /// The bridge: cnictl's record, else the config's.
    pub fn bridge(&self) -> Option<String> {
        if let Some(record) = &self.entry.cnictl {
            return Some(record.bridge.clone());
        }
        self.config.as_ref().and_then(bridge_of)
    }
}

/// A lease and the data dir it lives in.
#[derive(Debug, Clone)]
pub struct DirLease {
    pub data_dir: PathBuf,
    pub lease: Lease,
}

/// One network namespace seen from inside.
#[derive(Debug)]
pub struct NsView {
    pub id: NetnsId,
    pub path: PathBuf,
    pub links: Vec<LinkInfo>,
    pub addrs: Vec<AddressInfo>,
    /// Links with a parent: a veth's peer index in the host.
    pub parents: Vec<LinkParent>,
    /// The id the scanning (host's) namespace has for this one, if any:
    /// what a host veth's `IFLA_LINK_NETNSID` names its peer's namespace by.
    pub host_nsid: Option<i32>,
}

impl NsView {
    /// Whether this namespace holds the peer of `host_veth` (a host veth
    /// and its parent record). Indexes repeat from one namespace to the
    /// next, so the namespace id has to match too.
    fn holds_peer_of(&self, host_veth: &LinkParent) -> bool {
        host_veth
            .netnsid
            .is_none_or(|id| self.host_nsid == Some(id))
            && self
                .parents
                .iter()
                .any(|p| p.index == host_veth.parent && p.parent == host_veth.index)
    }

    /// Whether the peer of `host_veth` is here and has an address in one
    /// of `subnets` (the bridge's); None when it is not here. The subnet
    /// keeps a namespace wired to another host from passing for this
    /// bridge's peer when the host gives it no namespace id.
    pub fn peer_addressed(&self, host_veth: &LinkParent, subnets: &[IpNetwork]) -> Option<bool> {
        self.holds_peer_of(host_veth).then(|| {
            self.addrs.iter().any(|a| {
                a.index == host_veth.parent && subnets.iter().any(|net| net.contains(a.addr.ip()))
            })
        })
    }

    /// Whether the peer of `host_veth` is here with `ip` on it.
    pub fn holds_as_peer(&self, ip: IpAddr, host_veth: &LinkParent) -> bool {
        self.holds_peer_of(host_veth)
            && self
                .addrs
                .iter()
                .any(|a| a.index == host_veth.parent && a.addr.ip() == ip)
    }

    /// Whether an interface (named `ifname`, when given) holds `ip`.
    pub fn holds(&self, ifname: Option<&str>, ip: IpAddr) -> bool {
        self.addrs.iter().any(|a| {
            a.addr.ip() == ip
                && self
                    .links
                    .iter()
                    .any(|l| l.index == a.index && ifname.is_none_or(|n| n == l.name))
        })
    }
}

#[derive(Debug, Default)]
pub struct Inventory {
    pub entries: Vec<Entry>,
    pub leases: Vec<DirLease>,
    /// Network name → (data dir, current config), for every network a
    /// config, a lease directory or a cache entry names.
    pub networks: BTreeMap<String, (PathBuf, Option<NetworkConfig>)>,
    /// Every namespace but the host's; `None` without root.
    pub namespaces: Option<Vec<NsView>>,
    /// This namespace's veths by name, with their peers. `None` without a
    /// scan or when the links could not be read.
    pub host_veths: Option<HashMap<String, LinkParent>>,
    /// Container ids of CNI ADDs running in this namespace right now (a
    /// plugin process with `CNI_COMMAND=ADD` in its environment): their
    /// leases exist before their interfaces do.
    pub adds_in_flight: HashSet<String>,
}

/// The bridge a config's bridge plugin uses (`cni0` by default).
pub fn bridge_of(config: &NetworkConfig) -> Option<String> {
    super::plan::bridge_plugin(config)
        .ok()
        .map(|p| p.bridge.clone().unwrap_or_else(|| "cni0".into()))
}

impl Inventory {
    /// Reads the cache and the leases, and with `scan` every namespace.
    pub async fn read(paths: &Paths, network: Option<&str>, scan: bool) -> Result<Inventory> {
        let mut inv = Inventory::default();
        let wanted = match network {
            Some(given) => Some(
                config::find_network(&paths.conf_dir, given)?
                    .config
                    .name
                    .unwrap_or_else(|| given.to_string()),
            ),
            None => None,
        };
        let keep = |net: &str| wanted.as_deref().is_none_or(|w| w == net);

        if let Ok(files) = config::discover(&paths.conf_dir) {
            for config in files.into_iter().filter_map(|f| f.loaded.ok()) {
                if let Some(name) = config.name.clone().filter(|n| keep(n)) {
                    let dir = config.data_dir(paths.data_dir.as_deref());
                    inv.networks.entry(name).or_insert((dir, Some(config)));
                }
            }
        }
        for (path, entry) in cache::list(&paths.cache_dir)? {
            let entry = match entry {
                Ok(entry) => entry,
                Err(e) => {
                    tracing::warn!("cache entry {} skipped: {e}", path.display());
                    continue;
                }
            };
            if !keep(&entry.network_name) {
                continue;
            }
            let config = entry.network_config(&path);
            let dir = config
                .as_ref()
                .map(|c| c.data_dir(paths.data_dir.as_deref()))
                .unwrap_or_else(|| paths.default_data_dir());
            inv.networks
                .entry(entry.network_name.clone())
                .or_insert((dir, None));
            inv.entries.push(Entry {
                path,
                entry,
                config,
            });
        }
        for data_dir in paths.lease_roots() {
            for lease in ipam::list_leases(&data_dir, wanted.as_deref())? {
                inv.networks
                    .entry(lease.network.clone())
                    .or_insert((data_dir.clone(), None));
                inv.leases.push(DirLease {
                    data_dir: data_dir.clone(),
                    lease,
                });
            }
        }
        if scan {
            inv.scan().await;
        }
        Ok(inv)
    }

    /// Looks into every namespace (root only), for [`Inventory::stale_reason`].
    pub async fn scan(&mut self) {
        let extra: Vec<PathBuf> = self
            .entries
            .iter()
            .filter_map(|e| e.entry.netns.as_ref().map(PathBuf::from))
            .collect();
        self.adds_in_flight = cni_adds_in_flight();
        self.namespaces = Some(scan_namespaces(&extra).await);
        self.host_veths = match host_veths().await {
            Ok(veths) => Some(veths),
            Err(e) => {
                tracing::debug!("host veths not read: {e}");
                None
            }
        };
    }

    /// The cache entry of a lease, if one exists.
    pub fn entry_of(&self, lease: &Lease) -> Option<&Entry> {
        self.entries.iter().find(|e| {
            e.entry.network_name == lease.network
                && e.entry.container_id == lease.container_id
                && lease.ifname.as_deref().is_none_or(|i| i == e.entry.if_name)
        })
    }

    /// Why a lease is stale, or `None` when it is live (or, without a
    /// namespace scan, when that cannot be told).
    pub fn stale_reason(&self, lease: &Lease) -> Option<String> {
        let namespaces = self.namespaces.as_ref()?;
        if self.adds_in_flight.contains(&lease.container_id) {
            return None;
        }
        match self.entry_of(lease) {
            Some(entry) => {
                let Some(netns) = entry.entry.netns.as_deref() else {
                    // An entry without a netns says nothing; fall back to
                    // the search every unknown lease gets.
                    return self.held_anywhere(namespaces, lease);
                };
                let Ok(fd) = NetnsFd::open(netns) else {
                    // The path is gone, but a process may still hold the
                    // namespace (`ip netns delete` under a running
                    // container): then its interface is still in use, and
                    // still the peer of the host veth the entry recorded.
                    // Another namespace with the same address (a network
                    // of another host namespace) is not evidence.
                    let gone = format!("its netns {netns} is gone");
                    return match (entry.host_veth(), self.host_veths.as_ref()) {
                        (Some(veth), Some(host_veths)) => match host_veths.get(&veth) {
                            Some(host_veth) => namespaces
                                .iter()
                                .all(|v| !v.holds_as_peer(lease.ip, host_veth))
                                .then_some(gone),
                            None => Some(format!("{gone}, and so is its host veth {veth}")),
                        },
                        _ => self.held_anywhere(namespaces, lease).map(|_| gone),
                    };
                };
                let ifname = entry.entry.if_name.as_str();
                match namespaces.iter().find(|v| v.id == fd.id()) {
                    Some(view) if view.holds(Some(ifname), lease.ip) => None,
                    Some(_) => Some(format!("{ifname} in {netns} no longer has {}", lease.ip)),
                    // The host's own namespace is never a container's.
                    None => Some(format!("its netns {netns} is the host's")),
                }
            }
            None => self.held_anywhere(namespaces, lease),
        }
    }

    fn held_anywhere(&self, namespaces: &[NsView], lease: &Lease) -> Option<String> {
        if namespaces
            .iter()
            .any(|v| v.holds(lease.ifname.as_deref(), lease.ip))
        {
            None
        } else {
            Some(format!(
                "no cache entry, and no namespace has {} on {}",
                lease.ip,
                lease.ifname.as_deref().unwrap_or("any interface")
            ))
        }
    }
}

/// The `CNI_CONTAINERID` of every process in this network namespace whose
/// environment says `CNI_COMMAND=ADD`: a reference plugin (or cnictl in
/// plugin mode) in the middle of an ADD, whose lease already exists and
/// whose interface may not yet.
pub fn cni_adds_in_flight() -> HashSet<String> {
    let own_ns = crate::netns::current_id().ok();
    let own_pid = std::process::id().to_string();
    let mut ids = HashSet::new();
    let Ok(read) = std::fs::read_dir("/proc") else {
        return ids;
    };
    for entry in read.flatten() {
        let name = entry.file_name();
        let Some(pid) = name.to_str() else { continue };
        if pid == own_pid || !pid.bytes().all(|b| b.is_ascii_digit()) {
            continue;
        }
        // Only processes in this namespace wire up this host's bridges.
        let same_ns = NetnsFd::open(entry.path().join("ns/net"))
            .map(|fd| Some(fd.id()) == own_ns)
            .unwrap_or(false);
        if !same_ns {
            continue;
        }
        let Ok(environ) = std::fs::read(entry.path().join("environ")) else {
            continue;
        };
        if let Some(id) = in_flight_add(&environ) {
            ids.insert(id);
        }
    }
    ids
}

/// The container id of a NUL-separated environment doing a CNI ADD.
fn in_flight_add(environ: &[u8]) -> Option<String> {
    let mut add = false;
    let mut id = None;
    for var in environ.split(|b| *b == 0) {
        if var == b"CNI_COMMAND=ADD" {
            add = true;
        } else if let Some(value) = var.strip_prefix(b"CNI_CONTAINERID=") {
            id = Some(String::from_utf8_lossy(value).into_owned());
        }
    }
    id.filter(|id| add && !id.is_empty())
}

/// Every network namespace this process can open, each once, without the
/// caller's own: bind mounts under /var/run/netns and Docker's, every
/// process's, and `extra` (cache entries' paths). Needs root; a namespace
/// that cannot be entered is passed over.
pub async fn scan_namespaces(extra: &[PathBuf]) -> Vec<NsView> {
    let mut paths: Vec<PathBuf> = Vec::new();
    for dir in ["/var/run/netns", "/var/run/docker/netns"] {
        if let Ok(read) = std::fs::read_dir(dir) {
            paths.extend(read.flatten().map(|e| e.path()));
        }
    }
    paths.extend(extra.iter().cloned());
    if let Ok(read) = std::fs::read_dir("/proc") {
        for entry in read.flatten() {
            if entry
                .file_name()
                .to_str()
                .is_some_and(|n| n.bytes().all(|b| b.is_ascii_digit()))
            {
                paths.push(entry.path().join("ns/net"));
            }
        }
    }
    let own = crate::netns::current_id().ok();
    let host = Netlink::current()
        .map_err(|e| tracing::debug!("no netlink in this namespace: {e}"))
        .ok();
    let mut seen: HashSet<NetnsId> = HashSet::new();
    let mut views = Vec::new();
    for path in paths {
        let Ok(fd) = NetnsFd::open(&path) else {
            continue;
        };
        if Some(fd.id()) == own || !seen.insert(fd.id()) {
            continue;
        }
        match view_of(&fd, host.as_ref()).await {
            Ok(view) => views.push(view),
            Err(e) => tracing::debug!("namespace {} not read: {e}", path.display()),
        }
    }
    views
}

async fn view_of(fd: &NetnsFd, host: Option<&Netlink>) -> Result<NsView> {
    let handle = Netlink::in_netns(fd)?;
    let (links, parents) = handle.links_and_parents().await?;
    let host_nsid = match host {
        Some(host) => host.nsid_of(fd).await.unwrap_or_default(),
        None => None,
    };
    Ok(NsView {
        id: fd.id(),
        path: fd.path().to_path_buf(),
        links,
        addrs: handle.list_addresses(None).await?,
        parents,
        host_nsid,
    })
}

/// This namespace's veths by name, each with its peer.
async fn host_veths() -> Result<HashMap<String, LinkParent>> {
    let (links, parents) = Netlink::current()?.links_and_parents().await?;
    let parents: HashMap<u32, LinkParent> = parents.into_iter().map(|p| (p.index, p)).collect();
    Ok(links
        .into_iter()
        .filter(|l| l.kind == crate::netlink::LinkKind::Veth)
        .filter_map(|l| Some((l.name, *parents.get(&l.index)?)))
        .collect())
}

/// Whether the namespace file at `path` is still a live namespace: false
/// when it is gone or is no longer an nsfs file (a runtime unmounted it);
/// true also when it exists but this user may not open it.
pub fn netns_alive(path: &Path) -> bool {
    match NetnsFd::open(path) {
        Ok(_) => true,
        Err(crate::netns::NetnsError::NotANetns { .. }) => false,
        Err(crate::netns::NetnsError::Open { source, .. }) => {
            source.kind() != std::io::ErrorKind::NotFound
        }
        Err(_) => true,
    }
}

/// The peer index of a veth in the current namespace (`iflink` in sysfs).
pub fn veth_peer_index(name: &str) -> Option<u32> {
    std::fs::read_to_string(Path::new("/sys/class/net").join(name).join("iflink"))
        .ok()?
        .trim()
        .parse()
        .ok()
}

/// The container id and namespace of a target, for `show` and `check`:
/// live containers from their runtime, gone ones from the cache.
pub async fn locate(
    paths: &Paths,
    runtimes: &RuntimeOptions,
    text: &str,
    id: Option<&str>,
) -> Result<(String, Option<PathBuf>)> {
    let target = Target::parse(text)?;
    if let Some(id) = id {
        validate_container_id(id)?;
    }
    let found = crate::runtime::resolve_for_del(&target, runtimes, &paths.cache_dir, id).await?;
    Ok((found.container_id, found.netns))
}

/// The host's routes, each with its device's name.
pub async fn host_routes<H: NetOps>(host: &H) -> Result<Vec<super::plan::HostRoute>> {
    let links = host.list_links().await?;
    Ok(host
        .list_routes()
        .await?
        .into_iter()
        .map(|r| super::plan::HostRoute {
            dst: r.dst,
            device: r.oif.map(|index| {
                links
                    .iter()
                    .find(|l| l.index == index)
                    .map(|l| l.name.clone())
                    .unwrap_or_else(|| format!("link #{index}"))
            }),
        })
        .collect())
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::cni::cache::{CnictlRecord, RuntimeKind};
    use crate::netlink::{LinkInfo, LinkKind};

    pub(crate) fn lease(ip: &str, id: &str, ifname: Option<&str>) -> Lease {
        Lease {
            network: "net".into(),
            ip: ip.parse().unwrap(),
            container_id: id.into(),
            ifname: ifname.map(str::to_string),
        }
    }

    pub(crate) fn entry(id: &str, netns: &str, runtime: RuntimeKind) -> Entry {
        let mut record = CnictlRecord::new("vethabc", "br0");
        record.container_name = Some(id.into());
        record.runtime = Some(runtime);
        Entry {
            path: PathBuf::from(format!("/cache/results/net-{id}-eth0")),
            entry: CacheEntry {
                kind: cache::CACHE_KIND.into(),
                container_id: id.into(),
                config: Vec::new(),
                if_name: "eth0".into(),
                network_name: "net".into(),
                netns: Some(netns.into()),
                cni_args: Vec::new(),
                capability_args: Default::default(),
                result: None,
                cnictl: Some(record),
            },
            config: None,
        }
    }

    fn link(index: u32, name: &str) -> LinkInfo {
        LinkInfo {
            index,
            name: name.into(),
            kind: LinkKind::Veth,
            mac: None,
            mtu: 1500,
            up: true,
            promisc: false,
            master: None,
            alias: None,
            hairpin: None,
        }
    }

    pub(crate) fn view(id: NetnsId, ifname: &str, addr: &str) -> NsView {
        NsView {
            id,
            path: PathBuf::from("/test"),
            links: vec![link(2, ifname)],
            addrs: vec![AddressInfo {
                index: 2,
                addr: addr.parse().unwrap(),
                nodad: false,
            }],
            parents: vec![LinkParent {
                index: 2,
                parent: 7,
                netnsid: None,
            }],
            host_nsid: Some(4),
        }
    }

    fn other_ns() -> NetnsId {
        NetnsId { dev: 1, ino: 42 }
    }

    #[test]
    fn an_add_in_flight_keeps_its_lease() {
        let mut inv = Inventory {
            namespaces: Some(Vec::new()),
            ..Default::default()
        };
        assert!(inv
            .stale_reason(&lease("10.0.0.2", "c", Some("eth0")))
            .is_some());
        inv.adds_in_flight.insert("c".into());
        assert_eq!(
            inv.stale_reason(&lease("10.0.0.2", "c", Some("eth0"))),
            None
        );
        assert_eq!(
            in_flight_add(b"PATH=/bin\0CNI_COMMAND=ADD\0CNI_CONTAINERID=abc\0"),
            Some("abc".into())
        );
        assert_eq!(in_flight_add(b"CNI_COMMAND=DEL\0CNI_CONTAINERID=abc"), None);
        assert_eq!(in_flight_add(b"CNI_COMMAND=ADD"), None);
    }

    #[test]
    fn without_a_scan_nothing_is_called_stale() {
        let inv = Inventory {
            leases: Vec::new(),
            ..Default::default()
        };
        assert_eq!(
            inv.stale_reason(&lease("10.0.0.2", "c", Some("eth0"))),
            None
        );
    }

    #[test]
    fn a_lease_without_entry_lives_while_some_namespace_holds_it_on_its_interface() {
        let inv = Inventory {
            namespaces: Some(vec![view(other_ns(), "eth0", "10.0.0.2/24")]),
            ..Default::default()
        };
        assert_eq!(
            inv.stale_reason(&lease("10.0.0.2", "c", Some("eth0"))),
            None
        );
        // Old-format lease: any interface will do.
        assert_eq!(inv.stale_reason(&lease("10.0.0.2", "c", None)), None);
        let other_if = inv.stale_reason(&lease("10.0.0.2", "c", Some("net1")));
        assert!(other_if
            .unwrap()
            .contains("no namespace has 10.0.0.2 on net1"));
        assert!(inv
            .stale_reason(&lease("10.0.0.3", "c", Some("eth0")))
            .is_some());
    }

    #[test]
    fn a_lease_with_entry_lives_only_in_the_entrys_namespace() {
        // The entry names a namespace path that does not exist.
        let mut inv = Inventory {
            entries: vec![entry("c", "/nonexistent/netns/c", RuntimeKind::Netns)],
            namespaces: Some(vec![view(other_ns(), "eth0", "10.0.0.9/24")]),
            ..Default::default()
        };
        let reason = inv.stale_reason(&lease("10.0.0.2", "c", Some("eth0")));
        assert_eq!(
            reason.as_deref(),
            Some("its netns /nonexistent/netns/c is gone")
        );
        // ... but a process still holds the namespace, address and all.
        inv.namespaces = Some(vec![view(other_ns(), "eth0", "10.0.0.2/24")]);
        assert_eq!(
            inv.stale_reason(&lease("10.0.0.2", "c", Some("eth0"))),
            None
        );
        // With the host's veths known, the holder must be the peer of the
        // veth the entry recorded (vethabc, index 7, peer 2 in the
        // namespace the host knows as 4).
        let vethabc = LinkParent {
            index: 7,
            parent: 2,
            netnsid: Some(4),
        };
        inv.host_veths = Some(HashMap::from([("vethabc".to_string(), vethabc)]));
        assert_eq!(
            inv.stale_reason(&lease("10.0.0.2", "c", Some("eth0"))),
            None
        );
        // The same address in a namespace wired to another host namespace:
        // by other indexes, or by the same ones (each namespace numbers its
        // links from 1), but not in the namespace the host veth leads to.
        let gone = Some("its netns /nonexistent/netns/c is gone");
        let mut elsewhere = view(other_ns(), "eth0", "10.0.0.2/24");
        elsewhere.parents[0].parent = 8;
        inv.namespaces = Some(vec![elsewhere]);
        let reason = inv.stale_reason(&lease("10.0.0.2", "c", Some("eth0")));
        assert_eq!(reason.as_deref(), gone);
        let mut twin = view(other_ns(), "eth0", "10.0.0.2/24");
        twin.host_nsid = Some(5);
        inv.namespaces = Some(vec![twin]);
        let reason = inv.stale_reason(&lease("10.0.0.2", "c", Some("eth0")));
        assert_eq!(reason.as_deref(), gone);
        // The host veth went with the namespace.
        inv.namespaces = Some(vec![view(other_ns(), "eth0", "10.0.0.2/24")]);
        inv.host_veths = Some(HashMap::new());
        assert_eq!(
            inv.stale_reason(&lease("10.0.0.2", "c", Some("eth0")))
                .as_deref(),
            Some("its netns /nonexistent/netns/c is gone, and so is its host veth vethabc")
        );

        // It exists (this process's own, standing in for a container's).
        let own = NetnsFd::open("/proc/self/ns/net").unwrap().id();
        let mut inv = Inventory {
            entries: vec![entry("c", "/proc/self/ns/net", RuntimeKind::Pid)],
            namespaces: Some(vec![view(own, "eth0", "10.0.0.2/24")]),
            ..Default::default()
        };
        assert_eq!(
            inv.stale_reason(&lease("10.0.0.2", "c", Some("eth0"))),
            None
        );
        inv.namespaces = Some(vec![view(own, "eth0", "10.0.0.9/24")]);
        let reason = inv.stale_reason(&lease("10.0.0.2", "c", Some("eth0")));
        assert!(reason.unwrap().contains("no longer has 10.0.0.2"));
    }

    #[test]
    fn a_veth_peer_is_matched_by_index_parent_and_subnet() {
        let ours: Vec<IpNetwork> = vec!["10.0.0.0/24".parse().unwrap()];
        let v = view(other_ns(), "eth0", "10.0.0.2/24");
        let host_veth = |index, netnsid| LinkParent {
            index,
            parent: 2,
            netnsid,
        };
        assert_eq!(v.peer_addressed(&host_veth(7, Some(4)), &ours), Some(true));
        assert_eq!(v.peer_addressed(&host_veth(7, None), &ours), Some(true));
        assert_eq!(
            v.peer_addressed(&host_veth(8, Some(4)), &ours),
            None,
            "another veth's peer"
        );
        assert_eq!(
            v.peer_addressed(&host_veth(7, Some(5)), &ours),
            None,
            "the same indexes behind another host"
        );
        let elsewhere = view(other_ns(), "eth0", "10.9.0.2/24");
        assert_eq!(
            elsewhere.peer_addressed(&host_veth(7, Some(4)), &ours),
            Some(false)
        );
        let bare = view(other_ns(), "eth0", "fe80::1/64");
        assert_eq!(
            bare.peer_addressed(&host_veth(7, Some(4)), &ours),
            Some(false)
        );
    }
}
