//! `cnictl add`: attach a container's network namespace to a bridge network,
//! as the reference `bridge` + `host-local` plugins would, in one process.
//!
//! Order of work: validate everything that can be checked without changing
//! anything; then change, one step at a time, recording how to undo each
//! step; on a failure undo in reverse (the failing step's partial work
//! included) and say what failed.
//!
//! Firewall rules are per network, installed with its first attachment: the
//! bridge's alias records which networks' rules are in place
//! (`cnictl: net1 net2`), so the second container on a network needs no
//! iptables exec at all.

use std::net::IpAddr;
use std::path::{Path, PathBuf};

use ipnetwork::IpNetwork;
use serde::Serialize;
use serde_json::Value;

use super::container_dns;
use super::plan::{self, AttachPlan, AttachRequest, RoutePlan};
use super::Paths;
use crate::cni::cache::{self, CacheEntry, CnictlRecord};
use crate::cni::{CniResult, CniVersion, Dns, Interface, IpConfig, Route};
use crate::config::{self, ConfigSource, DnsConf, NetworkConfig};
use crate::error::{Error, Result};
use crate::firewall::{Firewall, IpFamily, NetworkRules};
use crate::ipam::{self, Allocation, DiskStore, LeaseStore, RangeSet};
use crate::netlink::{
    random_veth_name, validate_ifname, AddressSpec, BridgeSpec, MacAddr, NetOps, Netlink,
    RouteSpec, Sysctl, VethSpec,
};
use crate::netns::NetnsFd;
use crate::runtime::{validate_container_id, Resolved, RuntimeOptions, Target};

/// Prefix of the bridge alias with which cnictl before 0.2 marked the
/// networks whose rules it had installed.
pub const BRIDGE_ALIAS_PREFIX: &str = "cnictl:";

/// Tries at most this many random host-side veth names.
const VETH_NAME_ATTEMPTS: u32 = 8;

/// What `cnictl add` did. `--json` prints the CNI result in the config's
/// cniVersion, exactly what the reference plugin would print.
#[derive(Debug, Serialize)]
#[serde(transparent)]
pub struct AddReport {
    pub result: Value,
    #[serde(skip)]
    pub summary: AttachSummary,
}

/// The human view of an attachment.
#[derive(Debug, Clone, Default)]
pub struct AttachSummary {
    pub container: String,
    pub network: String,
    pub ifname: String,
    pub mac: Option<MacAddr>,
    pub addresses: Vec<(IpNetwork, Option<IpAddr>)>,
    pub routes: Vec<RoutePlan>,
    pub host_veth: String,
    pub bridge: String,
}

/// Everything an attachment needs, validated.
pub struct AttachInput<'a> {
    pub config: &'a NetworkConfig,
    pub network: String,
    pub range_sets: Vec<RangeSet>,
    pub data_dir: PathBuf,
    pub cache_dir: PathBuf,
    pub container_id: String,
    pub container_name: Option<String>,
    pub runtime: cache::RuntimeKind,
    pub netns: &'a NetnsFd,
    pub request: AttachRequest,
    pub requested_ips: Vec<IpAddr>,
    /// The result's DNS, decided during validation ([`crate::config::dns::network_dns`]).
    pub dns: DnsConf,
    /// The container's resolv.conf as cnictl rewrote it, to record.
    pub resolv_conf: Option<cache::ResolvConfChange>,
    /// Which file records the attachment.
    pub keeper: RecordKeeper,
}

/// Who writes libcni's cache entry of an attachment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RecordKeeper {
    /// cnictl is the runtime (the CLI): it writes libcni's entry, so
    /// libcni-based tools (`cnitool del`) find the attachment.
    Runtime,
    /// A runtime runs cnictl as its plugin and writes libcni's entry
    /// itself; cnictl keeps its own record beside it
    /// ([`cache::records_dir`]).
    Plugin,
}

/// What to attach, and how: the engine's form of `cnictl add`'s arguments.
#[derive(Debug, Clone, Default)]
pub struct AddRequest {
    /// The container: `docker1n`, `runc:c1`, `pid:1234`, `netns:NAME`, a path.
    pub target: String,
    /// The network's name or a config file; `None` picks the built-in one.
    pub net: Option<String>,
    /// Overrides the container id the runtime reports.
    pub id: Option<String>,
    pub ifname: String,
    /// Addresses asked for, one per range set at most.
    pub ips: Vec<IpAddr>,
    pub mac: Option<String>,
    /// Nameservers for the container's resolv.conf, beside the config's.
    pub dns: Vec<IpAddr>,
    /// Leave the container's resolv.conf alone.
    pub no_dns: bool,
    /// `[HOSTIP:]HOSTPORT:PORT[/PROTO]` values.
    pub publish: Vec<String>,
}

/// Attaches `args.target` to a network: validates everything first, then
/// changes the host one step at a time, undoing every step on a failure.
pub async fn add(
    paths: &Paths,
    runtimes: &RuntimeOptions,
    firewall: &dyn Firewall,
    args: &AddRequest,
) -> Result<AddReport> {
    // Validate everything that needs no privilege first, so a typo is
    // reported the same way to root and to a user.
    let target = Target::parse(&args.target)?;
    let resolved: Resolved = crate::runtime::resolve(&target, runtimes).await?;
    let container_id = args
        .id
        .clone()
        .unwrap_or_else(|| resolved.container_id.clone());
    validate_container_id(&container_id)?;
    validate_ifname(&args.ifname)?;
    let mac = args
        .mac
        .as_deref()
        .map(plan::parse_container_mac)
        .transpose()
        .map_err(Error::BadMac)?;

    let wanted = args.net.as_deref();
    let found = config::find_network_or_default(&paths.conf_dir, wanted)?;
    for warning in &found.warnings {
        tracing::warn!("{}", warning);
    }
    let config = found.config;
    for warning in config::require_valid(&config)? {
        tracing::warn!("{}: {}: {}", config.source, warning.field, warning.message);
    }
    // A bridge IPAM other than host-local is exec'd right before the attach.
    let external_ipam = super::chain::external_ipam_type(&config).is_some();
    if external_ipam {
        super::chain::find_external_ipam(&config)?;
    } else {
        plan::bridge_plugin(&config)?;
    }
    // A conflist's other plugins are exec'd after the bridge: find them all now.
    let external = super::chain::external_plugins(&config)?;
    super::chain::find_all(&external)?;
    // require_valid refuses a bridge config without a name.
    let network = config.name.clone().unwrap_or_default();
    let mut range_sets = if external_ipam {
        Vec::new()
    } else {
        config.range_sets()?
    };

    if !crate::privilege::has_net_admin() {
        return Err(Error::NeedsRoot {
            action: "cnictl add",
        });
    }
    // Read after the privilege check: a resolvConf only root may read must
    // not turn "run it with sudo" into a confusing read error.
    let dns = crate::config::dns::network_dns(&config)?;
    let netns = NetnsFd::open(&resolved.netns)?;
    if netns.is_current()? {
        return Err(Error::TargetIsHost {
            what: resolved.netns.display().to_string(),
        });
    }
    let publish = super::publish::prepare(paths, &config, &network, &range_sets, &args.publish)?;
    let portmap_ports = super::publish::for_portmap(&config, &args.publish)?;
    let cache_file = cache::cache_path(&paths.cache_dir, &network, &container_id, &args.ifname);
    if cache_file.exists() {
        return Err(Error::AlreadyAttached {
            container: container_id,
            network,
            ifname: args.ifname.clone(),
            cache: cache_file,
        });
    }

    let dns_plan = container_dns::plan(
        &args.target,
        resolved.resolv_conf.as_deref(),
        (!args.no_dns)
            .then(|| container_dns::ResolvConf::new(&network, config.dns(), &args.dns))
            .flatten(),
        !args.dns.is_empty(),
        &paths.cache_dir,
        &container_id,
        &args.ifname,
    )?;

    let host = Netlink::current()?;
    if config.source == ConfigSource::Embedded {
        refuse_overlapping_default(&host, &config, &range_sets, &paths.conf_dir).await?;
    }
    let container = Netlink::in_netns(&netns)?;
    // Shared with other adds, exclusive with `gc`, and taken before the
    // first change: an attachment in progress (a lease without a cache
    // entry yet) is not gc's to judge.
    let _gc_guard = super::gc::attach_lock(&paths.cache_dir, false)?;
    let resolv_conf = dns_plan.as_ref().map(|p| p.apply()).transpose()?;
    let shaped =
        super::chain::external_ipam_add(&config, &container_id, &resolved.netns, &args.ifname)?;
    let (attach_config, requested_ips) = match shaped {
        Some(ref shaped) => {
            range_sets = shaped.range_sets.clone();
            (&shaped.config, shaped.ips.clone())
        }
        None => (&config, args.ips.clone()),
    };
    let chained = super::chain::Attached {
        config: &config,
        container_id: &container_id,
        netns: &resolved.netns,
        ifname: &args.ifname,
        data_dir: config.data_dir(paths.data_dir.as_deref()),
        cache_dir: &paths.cache_dir,
    };
    let input = AttachInput {
        config: attach_config,
        network,
        range_sets,
        data_dir: config.data_dir(paths.data_dir.as_deref()),
        cache_dir: paths.cache_dir.clone(),
        container_id: container_id.clone(),
        container_name: resolved.name.clone(),
        runtime: resolved.runtime,
        netns: &netns,
        request: AttachRequest {
            ifname: args.ifname.clone(),
            mac,
        },
        requested_ips,
        dns,
        resolv_conf: resolv_conf.clone(),
        keeper: RecordKeeper::Runtime,
    };
    let (publish_network, publish_id) = (input.network.clone(), input.container_id.clone());
    let attached = match attach(&host, &container, firewall, input).await {
        Ok(report) if !external.is_empty() => {
            let mut caps = super::chain::capability_args(&args.ips, args.mac.as_deref());
            if let Some(mappings) = &portmap_ports {
                caps.insert("portMappings".into(), super::ports::to_capability(mappings));
            }
            super::chain::complete_add(
                &host, &container, firewall, chained, &external, caps, report,
            )
            .await
        }
        other => other,
    };
    if attached.is_err() && external_ipam {
        // attach's rollback released the leases; the IPAM keeps its own.
        for e in super::chain::external_ipam_del(
            &mut Some(config.clone()),
            None,
            &container_id,
            &args.ifname,
        ) {
            tracing::warn!("undoing the IPAM: {e}");
        }
    }
    if let (Err(_), Some(change)) = (&attached, &resolv_conf) {
        if let Err(e) = container_dns::restore(change) {
            tracing::warn!("the container's resolv.conf was not put back: {e}");
        }
    }
    // Ports go last; a failure there detaches the container the way `del`
    // does (resolv.conf included).
    match (attached, publish) {
        (Ok(report), Some(prepared)) => {
            super::publish::apply(
                paths,
                &host,
                &container,
                firewall,
                prepared,
                &publish_network,
                &publish_id,
                &args.ifname,
                report,
            )
            .await
        }
        (attached, _) => attached,
    }
}

/// Refuses the built-in network (used when no network is named anywhere)
/// when its subnet collides with a route of the host: see
/// [`plan::check_default_subnet`]. Runs before anything changes.
pub async fn refuse_overlapping_default<H: NetOps>(
    host: &H,
    config: &NetworkConfig,
    range_sets: &[RangeSet],
    conf_dir: &Path,
) -> Result<()> {
    let plugin = plan::bridge_plugin(config)?;
    let bridge = plugin.bridge.as_deref().unwrap_or("cni0");
    let routes = super::inventory::host_routes(host).await?;
    let network = config.name.as_deref().unwrap_or_default();
    for range in range_sets.iter().flatten() {
        plan::check_default_subnet(network, range.subnet, bridge, &routes, conf_dir)?;
    }
    Ok(())
}

/// How to take back one step that was done.
#[derive(Debug)]
enum Undo {
    ReleaseIps {
        ips: Vec<IpAddr>,
    },
    DeleteBridge {
        index: u32,
    },
    DeleteBridgeAddress(AddressSpec),
    TeardownFirewall {
        rules: NetworkRules,
    },
    RemoveCompatChain {
        container_id: String,
        families: Vec<IpFamily>,
    },
    DeleteHostVeth {
        index: u32,
    },
    RemoveCache(PathBuf),
}

impl Undo {
    /// Steps that serve every attachment of the network (the bridge, its
    /// gateway address, the network's rules), not just this one.
    fn is_network_wide(&self) -> bool {
        matches!(
            self,
            Undo::DeleteBridge { .. }
                | Undo::DeleteBridgeAddress(_)
                | Undo::TeardownFirewall { .. }
        )
    }
}

/// The steps done so far, undone in reverse on failure.
struct Journal<'a, H, F: ?Sized> {
    host: &'a H,
    firewall: &'a F,
    data_dir: &'a Path,
    network: &'a str,
    container_id: &'a str,
    ifname: &'a str,
    done: Vec<Undo>,
}

impl<H: NetOps, F: Firewall + ?Sized> Journal<'_, H, F> {
    /// Undoes every recorded step, newest first; returns what could not be
    /// undone. Keeps going after a failure: a half-undone attachment is
    /// worse than a reported leftover.
    ///
    /// The whole rollback runs under the network's lease-store lock, the
    /// lock `add` holds while it sets the network up and `del` holds while
    /// it tears it down. Under it, a network-wide step is undone only when
    /// no other lease of the network remains: a parallel `add` that found
    /// the bridge, address and rules this attachment put in place (and so
    /// did not install them itself) keeps them.
    async fn rollback(self) -> Vec<String> {
        let mut leftovers = Vec::new();
        if self.done.is_empty() {
            return leftovers;
        }
        let mut store = match DiskStore::open(self.data_dir, self.network).and_then(|s| s.lock()) {
            Ok(store) => Some(store),
            Err(err) => {
                leftovers.push(format!(
                    "lease store of network \"{}\": {err}",
                    self.network
                ));
                None
            }
        };
        let ours: Vec<IpAddr> = self
            .done
            .iter()
            .filter_map(|u| match u {
                Undo::ReleaseIps { ips } => Some(ips.clone()),
                _ => None,
            })
            .flatten()
            .collect();
        // Without the lock (or the list) nobody can tell: keep what the
        // network shares rather than break someone else's attachment.
        let others_remain = match store.as_ref().map(|s| s.list()) {
            Some(Ok(leases)) => leases.iter().any(|lease| {
                let this_one = ours.contains(&lease.ip)
                    || (lease.container_id == self.container_id
                        && lease.ifname.as_deref() == Some(self.ifname));
                !this_one
            }),
            Some(Err(err)) => {
                leftovers.push(format!("leases of network \"{}\": {err}", self.network));
                true
            }
            None => true,
        };
        for undo in self.done.iter().rev() {
            if undo.is_network_wide() && others_remain {
                tracing::debug!(
                    "rollback keeps {undo:?}: network {} has other attachments",
                    self.network
                );
                continue;
            }
            let outcome: Result<()> = match undo {
                Undo::ReleaseIps { ips } => match store.as_mut() {
                    Some(store) => ips
                        .iter()
                        .try_for_each(|ip| store.release(*ip))
                        .map_err(Error::from),
                    // The lock failure is reported above.
                    None => Ok(()),
                },
                Undo::DeleteBridge { index } => delete_bridge_if_unused(self.host, *index).await,
                Undo::DeleteBridgeAddress(spec) => match self.host.delete_address(spec).await {
                    Err(e) if !e.is_not_found() => Err(e.into()),
                    _ => Ok(()),
                },
                Undo::TeardownFirewall { rules } => {
                    self.firewall.teardown_network(rules).map_err(Error::from)
                }
                Undo::RemoveCompatChain {
                    container_id,
                    families,
                } => self
                    .firewall
                    .remove_compat_chain(self.network, container_id, families)
                    .map_err(Error::from),
                Undo::DeleteHostVeth { index } => match self.host.delete_link(*index).await {
                    Err(e) if !e.is_not_found() => Err(e.into()),
                    _ => Ok(()),
                },
                Undo::RemoveCache(path) => match std::fs::remove_file(path) {
                    Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                        Err(Error::io(format!("cannot remove {}", path.display()), e))
                    }
                    _ => Ok(()),
                },
            };
            if let Err(err) = outcome {
                tracing::warn!("rollback of {undo:?} failed: {err}");
                leftovers.push(format!("{undo:?}: {err}"));
            }
        }
        if store.is_none() && !ours.is_empty() {
            leftovers.push(format!(
                "leases {} of network \"{}\" were not released",
                ours.iter()
                    .map(IpAddr::to_string)
                    .collect::<Vec<_>>()
                    .join(", "),
                self.network
            ));
        }
        leftovers
    }
}

/// Removes a bridge this attachment created, unless another attachment has
/// put a port on it meanwhile.
async fn delete_bridge_if_unused<H: NetOps>(host: &H, index: u32) -> Result<()> {
    let ports = host
        .list_links()
        .await?
        .into_iter()
        .filter(|l| l.master == Some(index))
        .count();
    if ports == 0 {
        match host.delete_link(index).await {
            Err(e) if !e.is_not_found() => return Err(e.into()),
            _ => {}
        }
    }
    Ok(())
}

/// The networks listed in a bridge alias that cnictl before 0.2 wrote
/// (`cnictl: net1 net2`); `None` when the alias is someone else's. Still
/// read: `gc` takes such a bridge as a CNI bridge, and `add` clears it.
pub fn marked_networks(alias: Option<&str>) -> Option<Vec<String>> {
    alias?
        .strip_prefix(BRIDGE_ALIAS_PREFIX)
        .map(|rest| rest.split_whitespace().map(str::to_string).collect())
}

/// Whether the bridge still carries an alias of the old marker.
fn legacy_marker(bridge: Option<&crate::netlink::LinkInfo>) -> bool {
    bridge.is_some_and(|b| marked_networks(b.alias.as_deref()).is_some())
}

/// Test hook: `CNICTL_TEST_FAIL_AFTER=<step>` fails the attachment right
/// after that step, `CNICTL_TEST_ABORT_AFTER=<step>` kills the process
/// there (as `kill -9` would), so tests can show nothing leaks.
pub(crate) fn checkpoint(step: &'static str) -> Result<()> {
    if std::env::var("CNICTL_TEST_ABORT_AFTER").is_ok_and(|s| s == step) {
        std::process::abort();
    }
    if std::env::var("CNICTL_TEST_FAIL_AFTER").is_ok_and(|s| s == step) {
        return Err(Error::Injected(step));
    }
    Ok(())
}

/// Logs at debug level (`-vv`) how long each step of an attachment took,
/// so a slow ADD shows where its time went; `scripts/bench.py` reads these
/// to show which steps grow as a bridge fills.
struct StepTimer {
    last: std::time::Instant,
}

impl StepTimer {
    fn start() -> Self {
        StepTimer {
            last: std::time::Instant::now(),
        }
    }

    /// Ends `step`: logs its duration, then runs the test hooks.
    fn done(&mut self, step: &'static str) -> Result<()> {
        let now = std::time::Instant::now();
        let micros = u64::try_from(now.duration_since(self.last).as_micros()).unwrap_or(u64::MAX);
        tracing::debug!(step, micros, "attach step done");
        self.last = now;
        checkpoint(step)
    }
}

/// The steps of an attachment, in order. Names appear in errors and in the
/// test hooks.
pub const STEPS: [&str; 6] = ["ipam", "bridge", "firewall", "veth", "container", "cache"];

/// Attaches with the given handles: the host's (where the bridge lives)
/// and the container's.
pub async fn attach<H: NetOps, C: NetOps, F: Firewall + ?Sized>(
    host: &H,
    container: &C,
    firewall: &F,
    input: AttachInput<'_>,
) -> Result<AddReport> {
    if container
        .link_by_name(&input.request.ifname)
        .await?
        .is_some()
    {
        return Err(Error::IfnameTaken {
            ifname: input.request.ifname.clone(),
            netns: input.netns.path().to_path_buf(),
        });
    }
    let mut journal = Journal {
        host,
        firewall,
        data_dir: &input.data_dir,
        network: &input.network,
        container_id: &input.container_id,
        ifname: &input.request.ifname,
        done: Vec::new(),
    };
    let mut step = "ipam";
    // attach_steps drops its lease-store lock when it returns, before the
    // rollback takes it again (flock does not nest across descriptors).
    match attach_steps(host, container, firewall, &input, &mut journal, &mut step).await {
        Ok(report) => Ok(report),
        Err(err) => {
            let leftovers = journal.rollback().await;
            Err(Error::AttachFailed {
                step,
                source: Box::new(err),
                leftovers,
            })
        }
    }
}

async fn attach_steps<H: NetOps, C: NetOps, F: Firewall + ?Sized>(
    host: &H,
    container: &C,
    firewall: &F,
    input: &AttachInput<'_>,
    journal: &mut Journal<'_, H, F>,
    step: &mut &'static str,
) -> Result<AddReport> {
    let ifname = &input.request.ifname;
    let mut timer = StepTimer::start();

    // ipam: one lock for the allocation and the network-wide set-up that
    // depends on it (bridge, gateway, firewall), so a parallel `del` of the
    // network's last lease cannot tear rules down under a new attachment.
    *step = "ipam";
    let mut store = DiskStore::open(&input.data_dir, &input.network)?.lock()?;
    // No lease scan for a duplicate (host-local's `GetByID` reads every
    // lease file, which makes each ADD slower than the last): a second
    // attachment of (container, network, ifname) is refused by the cache
    // entry check in `run`, and one made by hand with the reference plugin
    // by the ifname check above, both before anything changes.
    let allocations: Vec<Allocation> = ipam::allocate_new(
        &mut store,
        &input.range_sets,
        &input.container_id,
        ifname,
        &input.requested_ips,
    )?;
    journal.done.push(Undo::ReleaseIps {
        ips: allocations.iter().map(|a| a.ip).collect(),
    });
    timer.done("ipam")?;

    let plan = plan::plan(
        input.config,
        &allocations,
        &input.request,
        input.dns.clone(),
    )?;

    *step = "bridge";
    let bridge = host
        .ensure_bridge(&BridgeSpec {
            name: plan.bridge.name.clone(),
            mtu: plan.bridge.mtu,
            promisc: plan.bridge.promisc,
        })
        .await?;
    if bridge.created {
        journal.done.push(Undo::DeleteBridge {
            index: bridge.index,
        });
    }
    ensure_bridge_addresses(host, bridge.index, &plan, journal).await?;
    if plan.ipv4_forwarding {
        host.write_sysctl(&Sysctl::Ipv4Forward, "1")?;
    }
    if plan.ipv6_forwarding {
        host.write_sysctl(&Sysctl::Ipv6AllForwarding, "1")?;
    }
    timer.done("bridge")?;

    *step = "firewall";
    let rules = NetworkRules {
        network: input.network.clone(),
        bridge: plan.bridge.name.clone(),
        subnets: plan.subnets.clone(),
        masquerade: plan.masquerade,
    };
    let bridge_link = host.link_by_index(bridge.index).await?;
    // Asked of the kernel every time, never remembered: rules a `gc`, a
    // firewall reload or an `iptables -F` took away come back with the
    // next attachment. Under iptables-nft this is a netlink lookup, so a
    // second container on a network still costs no exec.
    if !firewall.network_in_place(&rules)? {
        // Recorded first: a setup that fails half-way has still changed
        // the host, and teardown is idempotent.
        journal.done.push(Undo::TeardownFirewall {
            rules: rules.clone(),
        });
        firewall.setup_network(&rules)?;
    }
    if bridge.created || legacy_marker(bridge_link.as_ref()) {
        // Pin the bridge's MAC address, as the reference plugin does: left
        // to the kernel, a bridge takes the lowest MAC of its ports, which
        // changes as containers come and go, and with it the gateway's MAC
        // in every container's ARP cache.
        if let Some(mac) = bridge_link.as_ref().and_then(|l| l.mac) {
            host.set_mac(bridge.index, mac).await?;
        }
        // Versions before 0.2 recorded set-up networks in the alias; the
        // kernel is asked now, so the stale hint goes.
        if legacy_marker(bridge_link.as_ref()) {
            host.set_alias(bridge.index, "").await?;
        }
    }
    // The reference's DEL of a masquerading attachment deletes its chain
    // and fails when there is none; without ipMasq it looks for none.
    if plan.masquerade {
        let families = families_of(&allocations);
        journal.done.push(Undo::RemoveCompatChain {
            container_id: input.container_id.clone(),
            families: families.clone(),
        });
        firewall.add_compat_chain(&input.network, &input.container_id, &families)?;
    }
    timer.done("firewall")?;
    // An L2-only network has no lease to show `del` that an attachment is
    // on its way: its cache entry is the only sign, so the lock is held
    // until that is written, and `del` cannot take the network's rules
    // down under it.
    let layer2_lock = if input.config.is_layer2_only() {
        Some(store)
    } else {
        drop(store);
        None
    };

    *step = "veth";
    let host_veth = host
        .create_veth_unique(
            &VethSpec {
                host_name: String::new(),
                peer_name: ifname.clone(),
                peer_netns: input.netns,
                mtu: plan.container.mtu,
                peer_mac: plan.container.mac,
            },
            &mut random_veth_name,
            VETH_NAME_ATTEMPTS,
        )
        .await?;
    journal.done.push(Undo::DeleteHostVeth {
        index: host_veth.index,
    });
    // A bridge port needs no IPv6 of its own (the gateway is on the
    // bridge). With it, each port adds a link-local address and routes to
    // the host's table, which the kernel walks whole on link changes:
    // ADD and DEL would slow as the bridge fills.
    disable_port_ipv6(host, &host_veth.name)?;
    // Up before it joins the bridge: bringing up a port of a bridge with
    // many ports costs the kernel ~1.5 ms more (at 1000 ports) than
    // bringing up a lone veth, whose peer is still down, so no traffic
    // can pass before it is a port.
    host.set_up(host_veth.index).await?;
    host.set_master(host_veth.index, bridge.index).await?;
    if plan.hairpin {
        host.set_hairpin(host_veth.index, true).await?;
    }
    timer.done("veth")?;

    *step = "container";
    let peer = container
        .link_by_name(ifname)
        .await?
        .ok_or_else(|| Error::IfnameTaken {
            ifname: ifname.clone(),
            netns: input.netns.path().to_path_buf(),
        })?;
    for addr in &plan.container.addresses {
        container
            .add_address(&AddressSpec {
                index: peer.index,
                addr: *addr,
                nodad: addr.is_ipv6() && plan.container.skip_dad,
            })
            .await?;
    }
    if plan.container.ipv4_only {
        // No IPv6 on an IPv4-only network, so no link-local address and
        // none of the router solicitations, DAD and MLD reports it brings:
        // the bridge floods each of those to every port, which made each
        // ADD slower as a host filled (2x at 1000 containers).
        container.no_ipv6_link_local(peer.index).await?;
    }
    container.set_up(peer.index).await?;
    if let Some(lo) = container.link_by_name("lo").await? {
        if !lo.up {
            container.set_up(lo.index).await?;
        }
    }
    for route in &plan.container.routes {
        container
            .add_route(&RouteSpec {
                dst: route.dst,
                gateway: route.gw,
                oif: peer.index,
            })
            .await?;
    }
    timer.done("container")?;

    *step = "cache";
    let version: CniVersion = input
        .config
        .cni_version
        .parse()
        .map_err(|e| Error::Cni(crate::cni::CniError::UnknownVersion(e)))?;
    let bridge_mac = bridge_link.as_ref().and_then(|l| l.mac);
    let result = build_result(
        version,
        &plan,
        &allocations,
        (&plan.bridge.name, bridge_mac),
        (&host_veth.name, host_veth.mac),
        (ifname, peer.mac, input.netns.path()),
    );
    let netns_text = input.netns.path().display().to_string();
    let mut entry = CacheEntry::new(
        input.config,
        &input.container_id,
        ifname,
        Some(&netns_text),
        &result,
    )?;
    let mut record = CnictlRecord::new(host_veth.name.clone(), plan.bridge.name.clone());
    record.container_name = input.container_name.clone();
    record.runtime = Some(input.runtime);
    record.resolv_conf = input.resolv_conf.clone();
    entry.cnictl = Some(record);
    let path = match input.keeper {
        RecordKeeper::Runtime => entry.write_atomic(&input.cache_dir)?,
        RecordKeeper::Plugin => entry.write_record(&input.cache_dir)?,
    };
    journal.done.push(Undo::RemoveCache(path));
    timer.done("cache")?;
    drop(layer2_lock);

    Ok(AddReport {
        result: result.to_json_value(version)?,
        summary: AttachSummary {
            container: input
                .container_name
                .as_deref()
                .map(|name| crate::runtime::display_name(Some(input.runtime), name))
                .unwrap_or_else(|| input.container_id.clone()),
            network: input.network.clone(),
            ifname: ifname.clone(),
            mac: peer.mac,
            addresses: allocations
                .iter()
                .map(|a| (a.address(), Some(a.gateway)))
                .collect(),
            routes: plan.container.routes.clone(),
            host_veth: host_veth.name,
            bridge: plan.bridge.name.clone(),
        },
    })
}

/// Turns IPv6 off on a bridge port. A kernel without IPv6 has no
/// `net.ipv6` sysctls and nothing to turn off.
fn disable_port_ipv6<H: NetOps>(host: &H, port: &str) -> Result<()> {
    let sysctl = Sysctl::Ipv6Disable {
        ifname: port.to_string(),
    };
    match host.write_sysctl(&sysctl, "1") {
        Err(crate::netlink::NetlinkError::Sysctl { source, .. })
            if source.kind() == std::io::ErrorKind::NotFound
                && !std::path::Path::new("/proc/sys/net/ipv6").exists() =>
        {
            Ok(())
        }
        other => Ok(other?),
    }
}

/// The IP families of the addresses, each once (v4 first).
pub fn families_of(allocations: &[Allocation]) -> Vec<IpFamily> {
    IpFamily::of_addresses(&allocations.iter().map(|a| a.ip).collect::<Vec<_>>())
}

/// Puts each gateway address on the bridge. An address already there is
/// fine; another address of an overlapping subnet is replaced only with
/// `forceAddress`, as the reference does. Unlike the reference (which
/// refuses any second IPv4 address), a non-overlapping subnet is simply
/// added, so two networks can share one bridge, as users expect.
async fn ensure_bridge_addresses<H: NetOps, F: Firewall + ?Sized>(
    host: &H,
    bridge: u32,
    plan: &AttachPlan,
    journal: &mut Journal<'_, H, F>,
) -> Result<()> {
    if plan.bridge.addresses.is_empty() {
        return Ok(());
    }
    let mut existing = Vec::new();
    for ipv4 in [true, false] {
        if plan.bridge.addresses.iter().any(|a| a.is_ipv4() == ipv4) {
            existing.extend(host.list_link_addresses(bridge, ipv4).await?);
        }
    }
    for wanted in &plan.bridge.addresses {
        if existing.iter().any(|a| a.addr == *wanted) {
            continue;
        }
        let overlapping: Vec<_> = existing
            .iter()
            .filter(|a| a.addr.is_ipv4() == wanted.is_ipv4())
            .filter(|a| a.addr.contains(wanted.ip()) || wanted.contains(a.addr.ip()))
            .collect();
        if !overlapping.is_empty() {
            if !plan.bridge.force_address {
                return Err(Error::Plan(plan::PlanError::BridgeAddressTaken {
                    bridge: plan.bridge.name.clone(),
                    existing: overlapping[0].addr,
                    wanted: *wanted,
                }));
            }
            for old in overlapping {
                host.delete_address(&AddressSpec {
                    index: bridge,
                    addr: old.addr,
                    nodad: false,
                })
                .await?;
            }
        }
        let spec = AddressSpec {
            index: bridge,
            addr: *wanted,
            nodad: wanted.is_ipv6(),
        };
        match host.add_address(&spec).await {
            Ok(()) => journal.done.push(Undo::DeleteBridgeAddress(spec)),
            // Added by a parallel attachment of another network sharing the
            // bridge: it is there, which is all this step needs.
            Err(e) if e.is_already_exists() => {}
            Err(e) => return Err(e.into()),
        }
    }
    Ok(())
}

/// The CNI result, shaped as the reference builds it: interfaces bridge,
/// host veth, container interface; IPs on the container interface (index 2).
fn build_result(
    version: CniVersion,
    plan: &AttachPlan,
    allocations: &[Allocation],
    bridge: (&str, Option<MacAddr>),
    host_veth: (&str, Option<MacAddr>),
    container: (&str, Option<MacAddr>, &Path),
) -> CniResult {
    let mut result = CniResult::new(version);
    result.interfaces = vec![
        Interface {
            name: bridge.0.to_string(),
            mac: bridge.1.map(|m| m.to_string()),
            ..Default::default()
        },
        Interface {
            name: host_veth.0.to_string(),
            mac: host_veth.1.map(|m| m.to_string()),
            ..Default::default()
        },
        Interface {
            name: container.0.to_string(),
            mac: container.1.map(|m| m.to_string()),
            sandbox: Some(container.2.display().to_string()),
            ..Default::default()
        },
    ];
    result.ips = allocations
        .iter()
        .map(|a| IpConfig {
            address: a.address(),
            gateway: Some(a.gateway),
            interface: Some(2),
        })
        .collect();
    result.routes = plan
        .result_routes
        .iter()
        .map(|r| Route::new(r.dst, r.gw))
        .collect();
    result.dns = Dns {
        nameservers: plan.dns.nameservers.clone(),
        domain: plan.dns.domain.clone(),
        search: plan.dns.search.clone(),
        options: plan.dns.options.clone(),
    };
    result
}
