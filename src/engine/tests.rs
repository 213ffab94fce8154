//! Tier 1 tests of the attach and detach engine (`attach::attach`,
//! `detach::detach_all`) against fakes: `FakeNet` for netlink, the recording
//! firewall, and a real lease store and cache in a temp dir. No root.
//!
//! The rollback tests fail each change in turn (every mutating netlink
//! call, every firewall step) and demand that nothing is left: no lease,
//! no link, no address, no rule, no cache entry.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use nix::errno::Errno;
use serde_json::Value;

use super::attach::{attach, refuse_overlapping_default, AddReport, AttachInput};
use super::detach::{detach_all, find_attachments, DelReport};
use super::plan::AttachRequest;
use super::Paths;
use crate::cni::cache::RuntimeKind;
use crate::config::{self, NetworkConfig};
use crate::error::{Error, Result};
use crate::firewall::fake::{FwCall, FwOp, RecordingFirewall};
use crate::firewall::{Firewall, FirewallError, IpFamily, NetworkRules, RulesState};
use crate::ipam::{self, Lease};
use crate::netlink::fake::{Call, FakeNet, FakeNs};
use crate::netlink::{LinkKind, LinkOps, Op, RouteOps, RouteSpec};
use crate::netns::NetnsFd;

const NET: &str = "enginenet";
const BRIDGE: &str = "cnitest0";

/// Dual-stack, gateway, default routes, masquerade and hairpin: every
/// kind of change the engine makes.
fn config_json(data_dir: &Path) -> String {
    format!(
        r#"{{
  "cniVersion": "1.0.0",
  "name": "{NET}",
  "type": "bridge",
  "bridge": "{BRIDGE}",
  "isDefaultGateway": true,
  "ipMasq": true,
  "hairpinMode": true,
  "dns": {{"nameservers": ["10.66.0.53"], "search": ["svc.example"]}},
  "ipam": {{
    "type": "host-local",
    "dataDir": {data_dir},
    "ranges": [[{{"subnet": "10.66.0.0/24"}}], [{{"subnet": "fd66::/64"}}]]
  }}
}}"#,
        data_dir = serde_json::to_string(data_dir).unwrap()
    )
}

fn block_on<T>(future: impl std::future::Future<Output = T>) -> T {
    tokio::runtime::Builder::new_current_thread()
        .build()
        .expect("runtime")
        .block_on(future)
}

/// A fake host with two fake container namespaces (container `c2` lives
/// in the second, every other id in the first), a conf dir holding the
/// test network, and empty data and cache dirs.
struct Scene {
    dir: tempfile::TempDir,
    host: FakeNet,
    container: FakeNet,
    netns: NetnsFd,
    container2: FakeNet,
    netns2: NetnsFd,
    config: NetworkConfig,
}

impl Scene {
    fn new() -> Scene {
        Scene::with_config(config_json)
    }

    /// A scene whose network is `config_json` with the IPv6 range dropped.
    fn ipv4_only() -> Scene {
        Scene::with_config(|data_dir| {
            let mut json: Value = serde_json::from_str(&config_json(data_dir)).unwrap();
            json["ipam"]["ranges"] = serde_json::json!([[{"subnet": "10.66.0.0/24"}]]);
            json.to_string()
        })
    }

    fn with_config(config_json: impl Fn(&Path) -> String) -> Scene {
        let dir = tempfile::tempdir().unwrap();
        for sub in ["conf", "data", "cache"] {
            fs::create_dir_all(dir.path().join(sub)).unwrap();
        }
        let conf = dir.path().join("conf").join("10-engine.conf");
        fs::write(&conf, config_json(&dir.path().join("data"))).unwrap();
        let config = config::find_network(&dir.path().join("conf"), NET)
            .unwrap()
            .config;
        let host = FakeNet::new();
        let netns = NetnsFd::fake(1).expect("a netns fd");
        let container = host.netns(&netns);
        let netns2 = NetnsFd::fake(2).expect("a netns fd");
        let container2 = host.netns(&netns2);
        Scene {
            dir,
            host,
            container,
            netns,
            container2,
            netns2,
            config,
        }
    }

    /// The namespace of container `id`.
    fn side(&self, id: &str) -> (&NetnsFd, &FakeNet) {
        if id == "c2" {
            (&self.netns2, &self.container2)
        } else {
            (&self.netns, &self.container)
        }
    }

    fn data(&self) -> PathBuf {
        self.dir.path().join("data")
    }

    fn cache(&self) -> PathBuf {
        self.dir.path().join("cache")
    }

    fn paths(&self) -> Paths {
        Paths {
            conf_dir: self.dir.path().join("conf"),
            data_dir: None,
            cache_dir: self.cache(),
        }
    }

    fn input(&self, id: &str, ifname: &str) -> AttachInput<'_> {
        AttachInput {
            config: &self.config,
            network: NET.into(),
            range_sets: self.config.range_sets().unwrap(),
            data_dir: self.data(),
            cache_dir: self.cache(),
            container_id: id.into(),
            container_name: None,
            runtime: RuntimeKind::Netns,
            netns: self.side(id).0,
            request: AttachRequest {
                ifname: ifname.into(),
                mac: None,
            },
            requested_ips: Vec::new(),
            dns: crate::config::dns::network_dns(&self.config).unwrap(),
            resolv_conf: None,
            keeper: crate::engine::attach::RecordKeeper::Runtime,
        }
    }

    fn attach_with(&self, firewall: &dyn Firewall, id: &str, ifname: &str) -> Result<AddReport> {
        block_on(attach(
            &self.host,
            self.side(id).1,
            firewall,
            self.input(id, ifname),
        ))
    }

    fn del_with(&self, firewall: &dyn Firewall, id: &str, netns_alive: bool) -> Result<DelReport> {
        let found = find_attachments(&self.paths(), id, None, None).unwrap();
        let container = netns_alive.then_some(self.side(id).1);
        block_on(detach_all(&self.host, container, firewall, id, found))
    }

    fn leases(&self) -> Vec<Lease> {
        ipam::list_leases(&self.data(), Some(NET)).unwrap()
    }

    fn cache_files(&self) -> Vec<String> {
        fs::read_dir(self.cache().join("results"))
            .map(|d| {
                d.flatten()
                    .map(|e| e.file_name().to_string_lossy().into_owned())
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Everything the engine can leave behind, for before/after compares.
    fn snapshot(&self, firewall: &RecordingFirewall) -> Snapshot {
        let links = |net: &FakeNet| {
            net.links()
                .into_iter()
                .map(|l| {
                    format!(
                        "{} {:?} master={:?} alias={:?}",
                        l.name, l.kind, l.master, l.alias
                    )
                })
                .collect()
        };
        let addresses = |net: &FakeNet| {
            net.addresses()
                .into_iter()
                .map(|a| format!("{} #{}", a.addr, a.index))
                .collect()
        };
        let routes = |net: &FakeNet| {
            net.routes()
                .into_iter()
                .map(|r| format!("{} via {:?} #{:?}", r.dst, r.gateway, r.oif))
                .collect()
        };
        Snapshot {
            leases: self.leases(),
            cache: self.cache_files().into_iter().collect(),
            host_links: links(&self.host),
            host_addresses: addresses(&self.host),
            host_routes: routes(&self.host),
            container_links: [links(&self.container), links(&self.container2)].concat(),
            container_addresses: [addresses(&self.container), addresses(&self.container2)].concat(),
            container_routes: [routes(&self.container), routes(&self.container2)].concat(),
            rules: firewall.networks(),
            compat_chains: firewall.compat_chains(),
        }
    }
}

#[derive(Debug, PartialEq, Eq)]
struct Snapshot {
    leases: Vec<Lease>,
    cache: BTreeSet<String>,
    host_links: Vec<String>,
    host_addresses: Vec<String>,
    host_routes: Vec<String>,
    container_links: Vec<String>,
    container_addresses: Vec<String>,
    container_routes: Vec<String>,
    rules: Vec<String>,
    compat_chains: Vec<(String, String, IpFamily)>,
}

/// The world before any attachment: only `lo` on each side.
#[track_caller]
fn assert_pristine(scene: &Scene, firewall: &RecordingFirewall, what: &str) {
    let snap = scene.snapshot(firewall);
    assert_eq!(snap.leases, Vec::<Lease>::new(), "{what}: leases left");
    assert!(
        snap.cache.is_empty(),
        "{what}: cache left: {:?}",
        snap.cache
    );
    assert_eq!(
        snap.host_links.len(),
        1,
        "{what}: host links: {:?}",
        snap.host_links
    );
    assert!(
        snap.host_addresses.is_empty(),
        "{what}: {:?}",
        snap.host_addresses
    );
    assert!(
        snap.host_routes.is_empty(),
        "{what}: {:?}",
        snap.host_routes
    );
    assert_eq!(
        snap.container_links.len(),
        2,
        "{what}: container links (lo, lo): {:?}",
        snap.container_links
    );
    assert!(
        snap.container_addresses.is_empty(),
        "{what}: {:?}",
        snap.container_addresses
    );
    assert!(
        snap.container_routes.is_empty(),
        "{what}: {:?}",
        snap.container_routes
    );
    assert!(
        snap.rules.is_empty(),
        "{what}: rules left: {:?}",
        snap.rules
    );
    assert!(
        snap.compat_chains.is_empty(),
        "{what}: chains left: {:?}",
        snap.compat_chains
    );
}

#[track_caller]
fn expect_rolled_back(outcome: Result<AddReport>, what: &str) {
    match outcome {
        Err(Error::AttachFailed { leftovers, .. }) => {
            assert!(leftovers.is_empty(), "{what}: rollback left {leftovers:?}")
        }
        Err(other) => panic!("{what}: not an attach failure: {other}"),
        Ok(_) => panic!("{what}: attach succeeded despite the injected failure"),
    }
}

/// The mutating netlink calls, one line each, without random veth names.
fn changes(net: &FakeNet) -> Vec<String> {
    net.all_calls()
        .into_iter()
        .filter(|(_, call)| call.is_mutating())
        .map(|(ns, call)| {
            let side = if ns == FakeNs::Host { "host" } else { "ctr" };
            let what = match call {
                Call::AddBridge(spec) => format!("add_bridge {}", spec.name),
                Call::SetAlias { alias, .. } => format!("set_alias {alias:?}"),
                Call::CreateVeth { peer_name, .. } => format!("create_veth peer {peer_name}"),
                Call::SetMaster { .. } => "set_master".into(),
                Call::SetHairpin { on, .. } => format!("set_hairpin {on}"),
                Call::SetUp { .. } => "set_up".into(),
                Call::AddAddress(spec) => format!("add_address {}", spec.addr),
                Call::AddRoute(spec) => format!("add_route {} via {:?}", spec.dst, spec.gateway),
                Call::WriteSysctl {
                    sysctl: crate::netlink::Sysctl::Ipv6Disable { .. },
                    value,
                } => format!("sysctl <veth> disable_ipv6={value}"),
                Call::WriteSysctl { sysctl, value } => format!("sysctl {sysctl}={value}"),
                Call::NoIpv6LinkLocal { .. } => "no_ipv6_link_local".into(),
                Call::DeleteLink { .. } => "delete_link".into(),
                Call::SetMac { mac, .. } => format!("set_mac {mac}"),
                Call::DeleteAddress(spec) => format!("delete_address {}", spec.addr),
                other => format!("{other:?}"),
            };
            format!("{side} {what}")
        })
        .collect()
}

#[test]
fn a_successful_attach_makes_the_expected_changes() {
    let scene = Scene::new();
    let firewall = RecordingFirewall::new();
    let report = scene.attach_with(&firewall, "c1", "eth0").unwrap();

    let ipv4 = crate::netlink::Sysctl::Ipv4Forward.to_string();
    let ipv6 = crate::netlink::Sysctl::Ipv6AllForwarding.to_string();
    let bridge_mac = scene.host.link(BRIDGE).and_then(|b| b.mac).expect("a MAC");
    assert_eq!(
        changes(&scene.host),
        vec![
            format!("host add_bridge {BRIDGE}"),
            "host add_address 10.66.0.1/24".into(),
            "host add_address fd66::1/64".into(),
            format!("host sysctl {ipv4}=1"),
            format!("host sysctl {ipv6}=1"),
            // Pinned to its own, so that ports joining cannot change it.
            format!("host set_mac {bridge_mac}"),
            "host create_veth peer eth0".into(),
            "host sysctl <veth> disable_ipv6=1".into(),
            "host set_up".into(),
            "host set_master".into(),
            "host set_hairpin true".into(),
            "ctr add_address 10.66.0.2/24".into(),
            "ctr add_address fd66::2/64".into(),
            // Dual stack: the container keeps its IPv6 link-local address.
            "ctr set_up".into(),
            "ctr set_up".into(),
            "ctr add_route 0.0.0.0/0 via Some(10.66.0.1)".into(),
            "ctr add_route ::/0 via Some(fd66::1)".into(),
        ]
    );
    assert_eq!(
        firewall.calls(),
        vec![
            // Asked of the kernel, found missing, set up.
            FwCall::State(NET.into()),
            FwCall::Setup(NET.into()),
            FwCall::AddCompatChain {
                network: NET.into(),
                container_id: "c1".into(),
                families: vec![IpFamily::V4, IpFamily::V6],
            },
        ]
    );
    let leased: Vec<String> = scene.leases().iter().map(|l| l.ip.to_string()).collect();
    assert_eq!(leased, ["10.66.0.2", "fd66::2"]);
    assert_eq!(scene.cache_files(), [format!("{NET}-c1-eth0")]);
    assert_eq!(
        report.result["dns"],
        serde_json::json!({"nameservers": ["10.66.0.53"], "search": ["svc.example"]})
    );
    let host_veth = report.result["interfaces"][1]["name"].as_str().unwrap();
    let veth = scene.host.link(host_veth).expect("host veth");
    assert_eq!(veth.master, scene.host.link(BRIDGE).map(|b| b.index));
}

#[test]
fn an_ipv4_only_attachment_keeps_ipv6_quiet_on_both_ends() {
    let scene = Scene::ipv4_only();
    scene
        .attach_with(&RecordingFirewall::new(), "c1", "eth0")
        .unwrap();
    let changes = changes(&scene.host);
    let at = |what: &str| {
        changes
            .iter()
            .position(|c| c == what)
            .unwrap_or_else(|| panic!("no {what:?} in {changes:?}"))
    };
    // The port gets no IPv6 before it comes up, nor the container's
    // interface: no link-local address, so nothing to flood the bridge with.
    assert!(at("host sysctl <veth> disable_ipv6=1") < at("host set_up"));
    assert!(at("ctr no_ipv6_link_local") < at("ctr set_up"));
    assert_eq!(
        changes
            .iter()
            .filter(|c| c.ends_with("no_ipv6_link_local"))
            .count(),
        1,
        "{changes:?}"
    );
}

#[test]
fn a_failure_at_each_netlink_change_leaves_nothing_behind() {
    let total = {
        let scene = Scene::new();
        scene
            .attach_with(&RecordingFirewall::new(), "c1", "eth0")
            .unwrap();
        scene.host.mutating_calls()
    };
    assert!(total >= 16, "only {total} changes");
    for n in 1..=total {
        let scene = Scene::new();
        let firewall = RecordingFirewall::new();
        scene.host.fail_mutating_call(n, Errno::EIO);
        let what = format!("failing change {n} of {total}");
        expect_rolled_back(scene.attach_with(&firewall, "c1", "eth0"), &what);
        assert_pristine(&scene, &firewall, &what);
        // And the same attachment then works.
        scene.attach_with(&firewall, "c1", "eth0").unwrap();
    }
}

#[test]
fn a_failure_at_each_firewall_step_leaves_nothing_behind() {
    for op in [FwOp::Setup, FwOp::AddCompatChain] {
        let scene = Scene::new();
        let firewall = RecordingFirewall::new();
        firewall.fail_op(op);
        let what = format!("failing {op:?}");
        expect_rolled_back(scene.attach_with(&firewall, "c1", "eth0"), &what);
        assert_pristine(&scene, &firewall, &what);
    }
}

#[test]
fn a_failed_setup_is_torn_down_although_it_never_finished() {
    let scene = Scene::new();
    let firewall = RecordingFirewall::new();
    firewall.fail_op(FwOp::Setup);
    expect_rolled_back(scene.attach_with(&firewall, "c1", "eth0"), "setup");
    assert!(
        firewall.calls().contains(&FwCall::Teardown(NET.into())),
        "{:?}",
        firewall.calls()
    );
}

#[test]
fn a_second_attachment_does_not_set_the_network_up_again() {
    let scene = Scene::new();
    let firewall = RecordingFirewall::new();
    scene.attach_with(&firewall, "c1", "eth0").unwrap();
    let before = firewall.calls().len();
    let changes_before = changes(&scene.host).len();
    scene.attach_with(&firewall, "c2", "eth0").unwrap();
    // The rules are asked after and found whole: no set-up.
    assert_eq!(
        firewall.calls()[before..],
        [
            FwCall::State(NET.into()),
            FwCall::AddCompatChain {
                network: NET.into(),
                container_id: "c2".into(),
                families: vec![IpFamily::V4, IpFamily::V6],
            }
        ]
    );
    let second = &changes(&scene.host)[changes_before..];
    assert!(
        !second.iter().any(|c| c.contains("add_bridge")
            || c.contains("set_alias")
            || c.starts_with("host add_address")),
        "{second:?}"
    );
}

#[test]
fn rules_taken_away_come_back_with_the_next_attachment() {
    // What `gc`, a firewall reload or `iptables -F` does between two adds:
    // the next one finds the rules missing and puts them back.
    let scene = Scene::new();
    let firewall = RecordingFirewall::new();
    scene.attach_with(&firewall, "c1", "eth0").unwrap();
    firewall.forget_network(NET);
    let before = firewall.calls().len();
    scene.attach_with(&firewall, "c2", "eth0").unwrap();
    assert_eq!(
        firewall.calls()[before..before + 2],
        [FwCall::State(NET.into()), FwCall::Setup(NET.into())]
    );
    assert_eq!(firewall.networks(), [NET]);
}

#[test]
fn a_bridge_marked_by_an_older_cnictl_loses_the_marker() {
    let scene = Scene::new();
    let firewall = RecordingFirewall::new();
    scene.attach_with(&firewall, "c1", "eth0").unwrap();
    let bridge = scene.host.link(BRIDGE).unwrap().index;
    block_on(scene.host.set_alias(bridge, &format!("cnictl: {NET}"))).unwrap();
    scene.attach_with(&firewall, "c2", "eth0").unwrap();
    assert_eq!(scene.host.link(BRIDGE).unwrap().alias, None);
}

#[test]
fn a_failing_second_attachment_keeps_the_first_ones_network() {
    let count = {
        let scene = Scene::new();
        let firewall = RecordingFirewall::new();
        scene.attach_with(&firewall, "c1", "eth0").unwrap();
        let first = scene.host.mutating_calls();
        scene.attach_with(&firewall, "c2", "eth0").unwrap();
        (first, scene.host.mutating_calls())
    };
    for n in count.0 + 1..=count.1 {
        let scene = Scene::new();
        let firewall = RecordingFirewall::new();
        scene.attach_with(&firewall, "c1", "eth0").unwrap();
        let before = scene.snapshot(&firewall);
        scene.host.fail_mutating_call(n, Errno::EIO);
        let what = format!("second attachment, failing change {n}");
        expect_rolled_back(scene.attach_with(&firewall, "c2", "eth0"), &what);
        assert_eq!(scene.snapshot(&firewall), before, "{what}");
    }
}

/// A firewall that, while the first attachment installs its compat chain
/// (after the network's rules are in place), lets a "parallel add" lease
/// an address of the network, as one that found the rules in place would;
/// and that notes whether the lease-store lock is held at each teardown.
struct ParallelAdd<'a> {
    inner: RecordingFirewall,
    lease_dir: &'a Path,
    parallel_lease: bool,
    lock_held_at_teardown: std::sync::Mutex<Vec<bool>>,
}

impl ParallelAdd<'_> {
    fn lock_held(&self) -> bool {
        let file = fs::File::open(self.lease_dir.join("lock")).expect("lock file");
        match file.try_lock() {
            Ok(()) => {
                file.unlock().unwrap();
                false
            }
            Err(fs::TryLockError::WouldBlock) => true,
            Err(fs::TryLockError::Error(e)) => panic!("probe: {e}"),
        }
    }
}

impl Firewall for ParallelAdd<'_> {
    fn driver_name(&self) -> &'static str {
        "parallel-add"
    }
    fn setup_network(&self, rules: &NetworkRules) -> Result<(), FirewallError> {
        self.inner.setup_network(rules)
    }
    fn teardown_network(&self, rules: &NetworkRules) -> Result<(), FirewallError> {
        let held = self.lock_held();
        self.lock_held_at_teardown.lock().unwrap().push(held);
        self.inner.teardown_network(rules)
    }
    fn remove_reference_chain(&self, network: &str, id: &str) -> Result<(), FirewallError> {
        self.inner.remove_reference_chain(network, id)
    }
    fn add_compat_chain(
        &self,
        network: &str,
        id: &str,
        families: &[IpFamily],
    ) -> Result<(), FirewallError> {
        if self.parallel_lease {
            // The other add's lease, written as host-local writes it.
            fs::write(self.lease_dir.join("10.66.0.77"), "other\r\neth0").unwrap();
        }
        self.inner.add_compat_chain(network, id, families)
    }
    fn remove_compat_chain(
        &self,
        network: &str,
        id: &str,
        families: &[IpFamily],
    ) -> Result<(), FirewallError> {
        self.inner.remove_compat_chain(network, id, families)
    }
    fn network_state(&self, rules: &NetworkRules) -> Result<RulesState, FirewallError> {
        self.inner.network_state(rules)
    }
}

#[test]
fn rollback_keeps_the_network_a_parallel_attachment_relies_on() {
    let scene = Scene::new();
    let lease_dir = scene.data().join(NET);
    let firewall = ParallelAdd {
        inner: RecordingFirewall::new(),
        lease_dir: &lease_dir,
        parallel_lease: true,
        lock_held_at_teardown: Default::default(),
    };
    // Fails after the network-wide set-up, when the other lease exists.
    scene.host.fail_op(Op::CreateVeth, Errno::EIO);
    expect_rolled_back(scene.attach_with(&firewall, "c1", "eth0"), "veth");

    let leases: Vec<String> = scene
        .leases()
        .iter()
        .map(|l| l.container_id.clone())
        .collect();
    assert_eq!(leases, ["other"], "only this attachment's leases go");
    scene.host.link(BRIDGE).expect("the bridge stays");
    assert_eq!(firewall.inner.networks(), [NET], "the network's rules stay");
    let addrs: Vec<String> = scene
        .host
        .addresses()
        .iter()
        .map(|a| a.addr.to_string())
        .collect();
    assert_eq!(addrs, ["10.66.0.1/24", "fd66::1/64"], "the gateway stays");
    assert_eq!(firewall.inner.networks(), [NET], "the rules stay");
    assert!(
        firewall.inner.compat_chains().is_empty(),
        "this one's chain goes"
    );
    assert!(scene.cache_files().is_empty());
}

#[test]
fn rollback_holds_the_lease_lock_while_it_tears_the_network_down() {
    let scene = Scene::new();
    let lease_dir = scene.data().join(NET);
    let firewall = ParallelAdd {
        inner: RecordingFirewall::new(),
        lease_dir: &lease_dir,
        parallel_lease: false,
        lock_held_at_teardown: Default::default(),
    };
    scene.host.fail_op(Op::CreateVeth, Errno::EIO);
    expect_rolled_back(scene.attach_with(&firewall, "c1", "eth0"), "veth");
    assert_eq!(*firewall.lock_held_at_teardown.lock().unwrap(), [true]);
    assert_pristine(&scene, &firewall.inner, "after rollback");
}

#[test]
fn del_removes_everything_and_a_second_del_finds_nothing() {
    let scene = Scene::new();
    let firewall = RecordingFirewall::new();
    scene.attach_with(&firewall, "c1", "eth0").unwrap();
    let report = scene.del_with(&firewall, "c1", true).unwrap();
    assert_eq!(report.detached.len(), 1);
    assert_eq!(report.detached[0].released.len(), 2);
    assert_eq!(
        report.detached[0].removed_interface.as_deref(),
        Some("eth0")
    );
    // The bridge stays, as with the reference plugin; nothing else does.
    let snap = scene.snapshot(&firewall);
    assert!(snap.leases.is_empty() && snap.cache.is_empty() && snap.rules.is_empty());
    assert_eq!(snap.container_links.len(), 2, "lo, lo");
    assert!(snap.compat_chains.is_empty());

    let again = scene.del_with(&firewall, "c1", true).unwrap();
    assert!(again.detached.is_empty());
}

#[test]
fn without_ip_masq_there_is_no_chain_per_attachment() {
    // The reference plugin makes and deletes a CNI-… chain per container
    // only for ipMasq; cnictl's compat chain follows it.
    let scene = Scene::with_config(|data_dir| {
        let mut json: Value = serde_json::from_str(&config_json(data_dir)).unwrap();
        json["ipMasq"] = false.into();
        json.to_string()
    });
    let firewall = RecordingFirewall::new();
    scene.attach_with(&firewall, "c1", "eth0").unwrap();
    assert_eq!(
        firewall.calls(),
        vec![FwCall::State(NET.into()), FwCall::Setup(NET.into())]
    );
    let report = scene.del_with(&firewall, "c1", true).unwrap();
    // The network's own chains go with its last lease; no CNI-… chain.
    assert!(
        report.detached[0]
            .removed_rules
            .iter()
            .all(|chain| chain.starts_with("CNICTL-")),
        "{report:?}"
    );
    assert!(
        !firewall
            .calls()
            .iter()
            .any(|c| matches!(c, FwCall::RemoveCompatChain { .. })),
        "{:?}",
        firewall.calls()
    );
    let snap = scene.snapshot(&firewall);
    assert!(snap.leases.is_empty() && snap.cache.is_empty() && snap.rules.is_empty());
}

#[test]
fn del_succeeds_when_the_veth_was_removed_from_the_host_side() {
    let scene = Scene::new();
    let firewall = RecordingFirewall::new();
    let report = scene.attach_with(&firewall, "c1", "eth0").unwrap();
    let host_veth = report.result["interfaces"][1]["name"].as_str().unwrap();
    let index = scene.host.link(host_veth).unwrap().index;
    block_on(scene.host.delete_link(index)).unwrap();
    assert!(scene.container.link("eth0").is_none(), "the peer went too");

    let report = scene.del_with(&firewall, "c1", true).unwrap();
    assert_eq!(report.detached[0].released.len(), 2);
    assert_eq!(report.detached[0].removed_interface, None);
    assert!(scene.leases().is_empty() && scene.cache_files().is_empty());
    assert!(firewall.networks().is_empty());
}

#[test]
fn del_succeeds_when_the_namespace_is_gone() {
    let scene = Scene::new();
    let firewall = RecordingFirewall::new();
    let report = scene.attach_with(&firewall, "c1", "eth0").unwrap();
    let host_veth = report.result["interfaces"][1]["name"]
        .as_str()
        .unwrap()
        .to_string();
    let report = scene.del_with(&firewall, "c1", false).unwrap();
    assert_eq!(
        report.detached[0].removed_interface.as_ref(),
        Some(&host_veth)
    );
    assert!(scene.host.link(&host_veth).is_none());
    assert!(scene.leases().is_empty() && scene.cache_files().is_empty());
}

#[test]
fn del_succeeds_when_the_leases_are_gone() {
    let scene = Scene::new();
    let firewall = RecordingFirewall::new();
    scene.attach_with(&firewall, "c1", "eth0").unwrap();
    for lease in scene.leases() {
        fs::remove_file(scene.data().join(NET).join(lease.ip.to_string())).unwrap();
    }
    let report = scene.del_with(&firewall, "c1", true).unwrap();
    assert!(report.detached[0].released.is_empty());
    assert_eq!(
        report.detached[0].removed_interface.as_deref(),
        Some("eth0")
    );
    assert!(scene.cache_files().is_empty());
    assert!(firewall.networks().is_empty(), "no lease left: rules go");
}

#[test]
fn del_succeeds_when_the_cache_entry_is_gone() {
    let scene = Scene::new();
    let firewall = RecordingFirewall::new();
    scene.attach_with(&firewall, "c1", "eth0").unwrap();
    fs::remove_dir_all(scene.cache().join("results")).unwrap();
    let report = scene.del_with(&firewall, "c1", true).unwrap();
    assert_eq!(report.detached.len(), 1, "found by its leases");
    assert_eq!(report.detached[0].released.len(), 2);
    assert_eq!(
        report.detached[0].removed_interface.as_deref(),
        Some("eth0")
    );
    assert!(scene.leases().is_empty());
    assert_eq!(scene.container.links().len(), 1);
}

#[test]
fn del_of_one_attachment_keeps_the_network_of_another() {
    let scene = Scene::new();
    let firewall = RecordingFirewall::new();
    scene.attach_with(&firewall, "c1", "eth0").unwrap();
    scene.attach_with(&firewall, "c2", "eth0").unwrap();
    scene.del_with(&firewall, "c1", true).unwrap();
    assert_eq!(firewall.networks(), [NET]);
    assert!(scene.container2.link("eth0").is_some());
    scene.del_with(&firewall, "c2", true).unwrap();
    assert!(firewall.networks().is_empty());
}

fn default_config() -> NetworkConfig {
    crate::config::default_network()
}

#[test]
fn the_default_network_is_refused_next_to_an_overlapping_route() {
    let host = FakeNet::new();
    let eth9 = host.seed_link("eth9", LinkKind::Device);
    let config = default_config();
    let sets = config.range_sets().unwrap();
    let conf_dir = Path::new("/etc/cni/net.d");
    block_on(async {
        host.add_route(&RouteSpec {
            dst: "0.0.0.0/0".parse().unwrap(),
            gateway: Some("192.0.2.1".parse().unwrap()),
            oif: eth9,
        })
        .await
        .unwrap();
        refuse_overlapping_default(&host, &config, &sets, conf_dir)
            .await
            .expect("a default route is no conflict");

        host.add_route(&RouteSpec {
            dst: "10.203.0.0/16".parse().unwrap(),
            gateway: None,
            oif: eth9,
        })
        .await
        .unwrap();
        let err = refuse_overlapping_default(&host, &config, &sets, conf_dir)
            .await
            .unwrap_err();
        let text = err.to_string();
        assert!(
            text.contains("10.203.0.0/16") && text.contains("eth9"),
            "{text}"
        );
        assert!(text.contains("--net"), "{text}");
    });
}

#[test]
fn the_default_network_accepts_its_own_route_on_its_own_bridge() {
    let host = FakeNet::new();
    let bridge = host.seed_link(crate::config::default::DEFAULT_BRIDGE, LinkKind::Bridge);
    let config = default_config();
    let sets = config.range_sets().unwrap();
    block_on(async {
        host.add_route(&RouteSpec {
            dst: crate::config::default::DEFAULT_SUBNET.parse().unwrap(),
            gateway: None,
            oif: bridge,
        })
        .await
        .unwrap();
        refuse_overlapping_default(&host, &config, &sets, Path::new("/x"))
            .await
            .unwrap();
    });
}

#[test]
fn the_result_carries_the_resolv_conf_dns_when_the_config_sets_none() {
    let mut scene = Scene::new();
    let resolv = scene.dir.path().join("resolv.conf");
    fs::write(
        &resolv,
        "nameserver 10.66.0.54\nsearch a.example\nsearch b.example\n",
    )
    .unwrap();
    let mut json: Value = serde_json::from_str(&config_json(&scene.data())).unwrap();
    json.as_object_mut().unwrap().remove("dns");
    json["ipam"]["resolvConf"] = Value::String(resolv.display().to_string());
    scene.config = NetworkConfig::from_bytes(
        serde_json::to_vec(&json).unwrap(),
        crate::config::FileKind::Single,
        crate::config::ConfigSource::Stdin,
    )
    .unwrap();
    let report = scene
        .attach_with(&RecordingFirewall::new(), "c1", "eth0")
        .unwrap();
    assert_eq!(
        report.result["dns"],
        serde_json::json!({"nameservers": ["10.66.0.54"], "search": ["b.example"]})
    );
}
