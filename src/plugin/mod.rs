//! cnictl called as a CNI plugin (`bridge`, or plain `cnictl` with
//! `CNI_COMMAND` set): the environment and stdin in, a result or an error
//! object out, the exit status the spec asks for. ADD and DEL are the
//! CLI's own [`attach`](crate::engine::attach::attach) and
//! [`detach_all`](crate::engine::detach::detach_all), so leases, cache entries and
//! iptables rules are exactly those of `cnictl add`/`del`, and each side
//! sees (and removes) what the other made.

use std::io::{Read, Write};
use std::net::IpAddr;
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::cni::cache::{self, RuntimeKind};
use crate::cni::plugin::{self, error, CniArgs, CniCommand, CniEnv, ConfigRequests, PluginKind};
use crate::cni::{json, CniResult, CniVersion, ErrorCode, ErrorResult};
use crate::config::{self, ConfigError, ConfigSource, FileKind, NetworkConfig};
use crate::engine::attach::{attach, AttachInput, RecordKeeper};
use crate::engine::chain;
use crate::engine::detach::{detach_all, Found};
use crate::engine::plan::{self, AttachRequest};
use crate::engine::verify::Expected;
use crate::error::Error;
use crate::firewall::IptablesDriver;
use crate::ipam::{DiskStore, LeaseStore};
use crate::netlink::{LinkOps, Netlink};
use crate::netns::{NetnsError, NetnsFd};

/// Runs one plugin invocation and returns the process exit status.
pub fn main(kind: PluginKind) -> u8 {
    // Run by hand without CNI_COMMAND: say what this is, as skel does.
    if std::env::var_os("CNI_COMMAND").is_none_or(|c| c.is_empty()) {
        eprintln!("{}", about(kind));
        return 0;
    }
    let mut stdin = Vec::new();
    let outcome = match std::io::stdin().read_to_end(&mut stdin) {
        Ok(_) => run_blocking(kind, &stdin),
        Err(e) => Err(error(
            ErrorCode::IoFailure,
            format!("error reading from stdin: {e}"),
            "",
        )),
    };
    let mut out = std::io::stdout().lock();
    match outcome {
        Ok(Some(text)) => {
            let _ = out.write_all(text.as_bytes());
            let _ = out.flush();
            0
        }
        Ok(None) => 0,
        Err(err) => {
            let _ = out.write_all(err.to_pretty_json().as_bytes());
            let _ = out.flush();
            1
        }
    }
}

/// skel's "about" text, naming cnictl.
pub fn about(kind: PluginKind) -> String {
    let versions: Vec<&str> = CniVersion::ALL.iter().map(|v| v.as_str()).collect();
    format!(
        "CNI {} plugin (cnictl {})\nCNI protocol versions supported: {}",
        kind.name(),
        env!("CARGO_PKG_VERSION"),
        versions.join(", ")
    )
}

fn run_blocking(kind: PluginKind, stdin: &[u8]) -> Result<Option<String>, ErrorResult> {
    let env = CniEnv::from_lookup(|var| std::env::var(var).ok().filter(|v| !v.is_empty()))?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| {
            error(
                ErrorCode::Internal,
                format!("cannot start the async runtime: {e}"),
                "",
            )
        })?;
    runtime.block_on(run(kind, &env, stdin, &Dirs::from_env()))
}

/// Where leases and cache entries go. A runtime sets neither variable, so
/// the plugin uses the config's `dataDir` and libcni's cache dir; tests
/// point them into temp dirs.
#[derive(Debug, Clone)]
pub struct Dirs {
    pub data_dir: Option<PathBuf>,
    pub cache_dir: PathBuf,
}

impl Dirs {
    pub fn from_env() -> Dirs {
        let var = |name| std::env::var_os(name).filter(|v| !v.is_empty());
        Dirs {
            data_dir: var("CNICTL_DATA_DIR").map(PathBuf::from),
            cache_dir: var("CNICTL_CACHE_DIR")
                .map(PathBuf::from)
                .unwrap_or_else(|| PathBuf::from(crate::engine::network::DEFAULT_CACHE_DIR)),
        }
    }
}

/// One invocation, with skel's order of checks: environment, then the
/// config's JSON and name, then container id and interface name, then the
/// version, then the command itself.
pub async fn run(
    kind: PluginKind,
    env: &CniEnv,
    stdin: &[u8],
    dirs: &Dirs,
) -> Result<Option<String>, ErrorResult> {
    if env.command == CniCommand::Version {
        return Ok(Some(format!(
            "{}\n",
            json::to_compact_string(&plugin::version_info())
        )));
    }
    let raw: Value = serde_json::from_slice(stdin).map_err(|e| {
        error(
            ErrorCode::DecodingFailure,
            format!("error unmarshall network config: {}", go_json_error(&e)),
            "",
        )
    })?;
    if raw
        .get("name")
        .and_then(Value::as_str)
        .unwrap_or("")
        .is_empty()
    {
        return Err(error(
            ErrorCode::InvalidNetworkConfig,
            "missing network name",
            "",
        ));
    }
    env.validate()?;
    let given_version = raw
        .get("cniVersion")
        .and_then(Value::as_str)
        .unwrap_or("0.1.0")
        .to_string();
    let version: CniVersion = given_version
        .parse()
        .map_err(|_| plugin::incompatible_version(&given_version))?;
    let with_version = |mut e: ErrorResult| {
        e.cni_version = Some(version.to_string());
        e
    };
    if version < env.command.since() {
        return Err(with_version(error(
            ErrorCode::IncompatibleVersion,
            format!(
                "config version does not allow {}",
                command_name(env.command)
            ),
            "",
        )));
    }
    let config = NetworkConfig::from_bytes(
        stdin.to_vec(),
        FileKind::Single,
        ConfigSource::File(PathBuf::from("<stdin>")),
    )
    .map_err(|e| with_version(config_error(&e)))?;
    match kind {
        PluginKind::Bridge => bridge(env, config, version, dirs)
            .await
            .map_err(with_version),
        PluginKind::HostLocal => host_local(env, &config, version, dirs)
            .await
            .map_err(with_version),
        PluginKind::Loopback => loopback(env, &config, version).await.map_err(with_version),
    }
}

fn command_name(command: CniCommand) -> &'static str {
    match command {
        CniCommand::Add => "ADD",
        CniCommand::Del => "DEL",
        CniCommand::Check => "CHECK",
        CniCommand::Version => "VERSION",
        CniCommand::Status => "STATUS",
        CniCommand::Gc => "GC",
    }
}

/// Go's wording for the commonest decode failure, so the message reads as
/// the reference's does.
fn go_json_error(e: &serde_json::Error) -> String {
    if e.is_eof() {
        "unexpected end of JSON input".to_string()
    } else {
        e.to_string()
    }
}

async fn bridge(
    env: &CniEnv,
    config: NetworkConfig,
    version: CniVersion,
    dirs: &Dirs,
) -> Result<Option<String>, ErrorResult> {
    let plugin_conf = config.plugins[0].clone();
    if plugin_conf.plugin_type != "bridge" {
        return Err(error(
            ErrorCode::InvalidNetworkConfig,
            format!(
                "cnictl was called as the bridge plugin for a config of type {:?}",
                plugin_conf.plugin_type
            ),
            "",
        ));
    }
    // CNI_ARGS is read for every command, as the reference bridge does.
    let args = CniArgs::parse(&env.args)?;
    let requests = ConfigRequests::from_plugin_extra(&plugin_conf.extra)?;
    match env.command {
        CniCommand::Add => bridge_add(env, &config, version, dirs, &args, &requests).await,
        CniCommand::Del => bridge_del(env, config, dirs).await.map(|()| None),
        CniCommand::Check => bridge_check(env, &config, dirs).await.map(|()| None),
        CniCommand::Status => status(&config, dirs),
        CniCommand::Gc => bridge_gc(&config, dirs).await.map(|()| None),
        CniCommand::Version => unreachable!("answered before the config is read"),
    }
}

/// STATUS (1.1.0): the network can take attachments: its config is valid
/// and its lease store can be opened and locked. Code 50 otherwise.
fn status(config: &NetworkConfig, dirs: &Dirs) -> Result<Option<String>, ErrorResult> {
    let unavailable = |msg: String| error(ErrorCode::PluginNotAvailable, msg, "");
    config
        .range_sets()
        .map_err(|e| unavailable(format!("the network cannot allocate: {e}")))?;
    let network = config.name.clone().unwrap_or_default();
    let data_dir = config.data_dir(dirs.data_dir.as_deref());
    DiskStore::open(&data_dir, &network)
        .and_then(|s| s.lock())
        .map_err(|e| unavailable(format!("the lease store is not usable: {e}")))?;
    Ok(None)
}

/// The (container id, ifname) pairs of `cni.dev/valid-attachments`.
fn valid_attachments(config: &NetworkConfig) -> Result<Vec<(String, String)>, ErrorResult> {
    let list = config.plugins[0]
        .extra
        .get("cni.dev/valid-attachments")
        .cloned()
        .unwrap_or(Value::Array(Vec::new()));
    let items = list.as_array().ok_or_else(|| {
        error(
            ErrorCode::DecodingFailure,
            "cni.dev/valid-attachments must be a list",
            list.to_string(),
        )
    })?;
    Ok(items
        .iter()
        .map(|item| {
            let field = |key| {
                item.get(key)
                    .and_then(Value::as_str)
                    .unwrap_or("")
                    .to_string()
            };
            (field("containerID"), field("ifname"))
        })
        .collect())
}

/// The attachments of this network that GC must remove: every lease
/// owner and cache entry not in the valid list.
fn stale_attachments(
    config: &NetworkConfig,
    dirs: &Dirs,
) -> Result<Vec<(String, String)>, ErrorResult> {
    let valid = valid_attachments(config)?;
    let network = config.name.clone().unwrap_or_default();
    let data_dir = config.data_dir(dirs.data_dir.as_deref());
    let mut owners: Vec<(String, String)> = Vec::new();
    if data_dir.join(&network).exists() {
        let store = DiskStore::open(&data_dir, &network)
            .and_then(|s| s.lock())
            .map_err(|e| from_error(&e.into()))?;
        for lease in store.list().map_err(|e| from_error(&e.into()))? {
            owners.push((lease.container_id, lease.ifname.unwrap_or_default()));
        }
    }
    for (_, entry) in cache::find_by_network(&dirs.cache_dir, &network).unwrap_or_default() {
        owners.push((entry.container_id, entry.if_name));
    }
    owners.sort();
    owners.dedup();
    owners.retain(|owner| !valid.contains(owner));
    Ok(owners)
}

/// GC (1.1.0): removes every attachment of this network that is not in
/// `cni.dev/valid-attachments` — leases, per-container chains, host veths
/// cnictl recorded, cache entries — as DEL would without a namespace.
async fn bridge_gc(config: &NetworkConfig, dirs: &Dirs) -> Result<(), ErrorResult> {
    let stale = stale_attachments(config, dirs)?;
    if stale.is_empty() {
        return Ok(());
    }
    let network = config.name.clone().unwrap_or_default();
    let data_dir = config.data_dir(dirs.data_dir.as_deref());
    let host = Netlink::current().map_err(|e| from_error(&e.into()))?;
    let firewall = IptablesDriver::new();
    let mut failures = Vec::new();
    for (container_id, ifname) in stale {
        let entry = cache::load_attachment(&dirs.cache_dir, &network, &container_id, &ifname)
            .ok()
            .flatten();
        let found = Found::new(
            network.clone(),
            ifname,
            Some(config.clone()),
            data_dir.clone(),
            dirs.cache_dir.clone(),
            entry,
            false,
        );
        if let Err(e) =
            detach_all::<_, Netlink, _>(&host, None, &firewall, &container_id, vec![found]).await
        {
            failures.push(format!("{container_id}: {}", e.chain_text()));
        }
    }
    if failures.is_empty() {
        Ok(())
    } else {
        Err(error(
            ErrorCode::Internal,
            format!("GC of network {network} left: {}", failures.join("; ")),
            "",
        ))
    }
}

/// host-local as a standalone IPAM plugin (for macvlan, ipvlan, ptp, …):
/// ADD allocates and returns ips/routes/dns, DEL releases, CHECK finds the
/// lease, GC releases leases not in the valid list. The store is the one
/// `cnictl leases` reads.
async fn host_local(
    env: &CniEnv,
    config: &NetworkConfig,
    version: CniVersion,
    dirs: &Dirs,
) -> Result<Option<String>, ErrorResult> {
    let args = CniArgs::parse(&env.args)?;
    let requests = ConfigRequests::from_plugin_extra(&config.plugins[0].extra)?;
    let Some(ipam) = config.plugins[0].ipam.clone() else {
        return Err(error(
            ErrorCode::InvalidNetworkConfig,
            "IPAM config missing 'ipam' key",
            "",
        ));
    };
    let range_sets = config.range_sets().map_err(|e| config_error(&e))?;
    let network = config.name.clone().unwrap_or_default();
    let data_dir = config.data_dir(dirs.data_dir.as_deref());
    let open = || {
        DiskStore::open(&data_dir, &network)
            .and_then(|s| s.lock())
            .map_err(|e| from_error(&e.into()))
    };
    match env.command {
        CniCommand::Add => {
            let mut routes = Vec::new();
            for route in &ipam.routes {
                let dst = route.dst.parse().map_err(|_| {
                    error(
                        ErrorCode::InvalidNetworkConfig,
                        format!("invalid route dst {:?}", route.dst),
                        "",
                    )
                })?;
                let gw = match &route.gw {
                    Some(gw) if !gw.is_empty() => Some(gw.parse().map_err(|_| {
                        error(
                            ErrorCode::InvalidNetworkConfig,
                            format!("invalid route gw {gw:?}"),
                            "",
                        )
                    })?),
                    _ => None,
                };
                routes.push(crate::cni::Route::new(dst, gw));
            }
            // host-local's DNS is its resolvConf's; the config's own `dns`
            // belongs to the main plugin.
            let mut ipam_only = config.clone();
            ipam_only.plugins[0].dns = None;
            let dns =
                crate::config::dns::network_dns(&ipam_only).map_err(|e| from_error(&e.into()))?;
            let mut requested: Vec<IpAddr> = args.ips.clone();
            for ip in &requests.ips {
                if !requested.contains(ip) {
                    requested.push(*ip);
                }
            }
            let mut store = open()?;
            let allocations = crate::ipam::allocate(
                &mut store,
                &range_sets,
                &env.container_id,
                &env.ifname,
                &requested,
            )
            .map_err(|e| from_error(&e.into()))?;
            let mut result = CniResult::new(version);
            result.ips = allocations
                .iter()
                .map(|a| crate::cni::IpConfig {
                    address: a.address(),
                    gateway: Some(a.gateway),
                    interface: None,
                })
                .collect();
            result.routes = routes;
            result.dns = crate::cni::Dns::from(&dns);
            let value = result
                .to_json_value(version)
                .map_err(|e| error(e.error_code(), e.to_string(), ""))?;
            Ok(Some(json::to_pretty_string(&value)))
        }
        CniCommand::Del => {
            if data_dir.join(&network).exists() {
                open()?
                    .release_by_id(&env.container_id, &env.ifname)
                    .map_err(|e| from_error(&e.into()))?;
            }
            Ok(None)
        }
        CniCommand::Check => {
            let owned = if data_dir.join(&network).exists() {
                open()?
                    .get_by_id(&env.container_id, &env.ifname)
                    .map_err(|e| from_error(&e.into()))?
            } else {
                Vec::new()
            };
            if owned.is_empty() {
                return Err(error(
                    ErrorCode::Internal,
                    format!(
                        "host-local: Failed to find address added by container {}",
                        env.container_id
                    ),
                    "",
                ));
            }
            Ok(None)
        }
        CniCommand::Status => status(config, dirs),
        CniCommand::Gc => {
            let stale = stale_attachments(config, dirs)?;
            if !stale.is_empty() {
                let mut store = open()?;
                for (id, ifname) in stale {
                    store
                        .release_by_id(&id, &ifname)
                        .map_err(|e| from_error(&e.into()))?;
                }
            }
            Ok(None)
        }
        CniCommand::Version => unreachable!("answered before the config is read"),
    }
}

/// loopback: lo up on ADD (down on DEL), the reference's result shape.
async fn loopback(
    env: &CniEnv,
    config: &NetworkConfig,
    version: CniVersion,
) -> Result<Option<String>, ErrorResult> {
    match env.command {
        CniCommand::Add | CniCommand::Check => {
            let path = env.netns.clone().unwrap_or_default();
            let netns = open_netns(&path)?;
            let container = Netlink::in_netns(&netns).map_err(|e| from_error(&e.into()))?;
            let lo = container
                .link_by_name("lo")
                .await
                .map_err(|e| from_error(&e.into()))?
                .ok_or_else(|| error(ErrorCode::Internal, "no lo in the namespace", ""))?;
            if env.command == CniCommand::Check {
                return if lo.up {
                    Ok(None)
                } else {
                    Err(error(ErrorCode::Internal, "loopback interface is down", ""))
                };
            }
            container
                .set_up(lo.index)
                .await
                .map_err(|e| from_error(&e.into()))?;
            // In a chain, the previous result passes through unchanged,
            // as the reference's does.
            if let Some(prev) = config.plugins[0].extra.get("prevResult") {
                return Ok(Some(json::to_pretty_string(prev)));
            }
            // The reference prints this shape for every version.
            let result = serde_json::json!({
                "cniVersion": version.as_str(),
                "interfaces": [{
                    "name": "lo",
                    "mac": "00:00:00:00:00:00",
                    "sandbox": path.display().to_string(),
                }],
                "ips": [
                    {"interface": 0, "address": "127.0.0.1/8"},
                    {"interface": 0, "address": "::1/128"},
                ],
                "dns": {},
            });
            Ok(Some(json::to_pretty_string(&result)))
        }
        CniCommand::Del => {
            // A namespace that is gone has no lo to take down.
            if let Some(netns) = env
                .netns
                .as_deref()
                .and_then(|p| NetnsFd::open(p).ok())
                .filter(|ns| !ns.is_current().unwrap_or(true))
            {
                let container = Netlink::in_netns(&netns).map_err(|e| from_error(&e.into()))?;
                if let Ok(Some(lo)) = container.link_by_name("lo").await {
                    container
                        .set_down(lo.index)
                        .await
                        .map_err(|e| from_error(&e.into()))?;
                }
            }
            Ok(None)
        }
        CniCommand::Status | CniCommand::Gc => Ok(None),
        CniCommand::Version => unreachable!("answered before the config is read"),
    }
}

fn open_netns(path: &Path) -> Result<NetnsFd, ErrorResult> {
    let netns = NetnsFd::open(path).map_err(|e| netns_error(path, &e))?;
    if netns.is_current().map_err(|e| netns_error(path, &e))? {
        return Err(error(
            ErrorCode::InvalidEnvironment,
            format!(
                "CNI_NETNS {} is the plugin's own network namespace, not a container's",
                path.display()
            ),
            "",
        ));
    }
    Ok(netns)
}

fn netns_error(path: &Path, e: &NetnsError) -> ErrorResult {
    error(
        ErrorCode::InvalidEnvironment,
        format!("failed to open netns {:?}: {e}", path.display().to_string()),
        "CNI_NETNS must name a network namespace",
    )
}

async fn bridge_add(
    env: &CniEnv,
    config: &NetworkConfig,
    version: CniVersion,
    dirs: &Dirs,
    args: &CniArgs,
    requests: &ConfigRequests,
) -> Result<Option<String>, ErrorResult> {
    // Validate all of it before touching anything.
    config::require_valid(config).map_err(|e| config_error(&e))?;
    // An IPAM other than host-local is exec'd from CNI_PATH.
    let external_ipam = chain::external_ipam_type(config).is_some();
    let mut range_sets = if external_ipam {
        chain::find_external_ipam(config).map_err(|e| from_error(&e))?;
        Vec::new()
    } else {
        plan::bridge_plugin(config).map_err(|e| from_error(&Error::Plan(e)))?;
        config.range_sets().map_err(|e| config_error(&e))?
    };
    let mac_text = requests.mac.as_deref().or(args.mac.as_deref());
    let mac = mac_text
        .map(plan::parse_container_mac)
        .transpose()
        .map_err(|e| error(ErrorCode::InvalidNetworkConfig, format!("MAC: {e}"), ""))?;
    let mut requested_ips: Vec<IpAddr> = args.ips.clone();
    for ip in &requests.ips {
        if !requested_ips.contains(ip) {
            requested_ips.push(*ip);
        }
    }
    let dns = crate::config::dns::network_dns(config).map_err(|e| from_error(&Error::Dns(e)))?;
    let netns_path = env.netns.clone().unwrap_or_default();
    let netns = open_netns(&netns_path)?;
    let network = config.name.clone().unwrap_or_default();

    let host = Netlink::current().map_err(|e| from_error(&e.into()))?;
    let container = Netlink::in_netns(&netns).map_err(|e| from_error(&e.into()))?;
    let firewall = IptablesDriver::new();
    // As in `cnictl add`: shared with other adds, exclusive with `gc`,
    // taken before the first change.
    let _gc_guard =
        crate::engine::gc::attach_lock(&dirs.cache_dir, false).map_err(|e| from_error(&e))?;
    let shaped = chain::external_ipam_add(config, &env.container_id, &netns_path, &env.ifname)
        .map_err(|e| from_error(&e))?;
    let attach_config = match shaped {
        Some(ref shaped) => {
            range_sets = shaped.range_sets.clone();
            requested_ips = shaped.ips.clone();
            &shaped.config
        }
        None => config,
    };
    let input = AttachInput {
        config: attach_config,
        network,
        range_sets,
        data_dir: config.data_dir(dirs.data_dir.as_deref()),
        cache_dir: dirs.cache_dir.clone(),
        container_id: env.container_id.clone(),
        container_name: None,
        runtime: RuntimeKind::Path,
        netns: &netns,
        request: AttachRequest {
            ifname: env.ifname.clone(),
            mac,
        },
        requested_ips,
        dns,
        resolv_conf: None,
        // libcni's entry is the runtime's to write.
        keeper: RecordKeeper::Plugin,
    };
    let attached = attach(&host, &container, &firewall, input).await;
    if attached.is_err() && external_ipam {
        // attach's rollback released the leases; the IPAM keeps its own.
        let _ = chain::external_ipam_del(
            &mut Some(config.clone()),
            None,
            &env.container_id,
            &env.ifname,
        );
    }
    let report = attached.map_err(|e| from_error(&e))?;
    let result = CniResult::from_json_value(&report.result)
        .and_then(|r| r.to_json_value(version))
        .map_err(|e| error(e.error_code(), e.to_string(), ""))?;
    Ok(Some(json::to_pretty_string(&result)))
}

async fn bridge_del(env: &CniEnv, config: NetworkConfig, dirs: &Dirs) -> Result<(), ErrorResult> {
    let network = config.name.clone().unwrap_or_default();
    let entry = cache::load_attachment(&dirs.cache_dir, &network, &env.container_id, &env.ifname)
        .ok()
        .flatten();
    // libcni's entry is the runtime's, unless cnictl's CLI wrote it (it
    // carries cnictl's record): then the attachment, file included, is
    // cnictl's to take down.
    let cli_made = cache::load(&dirs.cache_dir, &network, &env.container_id, &env.ifname)
        .ok()
        .flatten()
        .is_some_and(|e| e.cnictl.is_some());
    let data_dir = config.data_dir(dirs.data_dir.as_deref());
    let found = Found::new(
        network,
        env.ifname.clone(),
        Some(config),
        data_dir,
        dirs.cache_dir.clone(),
        entry,
        cli_made,
    );
    // DEL succeeds when the namespace is gone: the host side is cleaned up.
    let netns = env
        .netns
        .as_deref()
        .and_then(|p| NetnsFd::open(p).ok())
        .filter(|ns| !ns.is_current().unwrap_or(true));
    let host = Netlink::current().map_err(|e| from_error(&e.into()))?;
    let container = match &netns {
        Some(ns) => Some(Netlink::in_netns(ns).map_err(|e| from_error(&e.into()))?),
        None => None,
    };
    let firewall = IptablesDriver::new();
    detach_all(
        &host,
        container.as_ref(),
        &firewall,
        &env.container_id,
        vec![found],
    )
    .await
    .map(|_| ())
    .map_err(|e| from_error(&e))
}

/// CHECK: the attachment is what the result says it is. The result is the
/// `prevResult` the runtime passes, else cnictl's cache entry.
async fn bridge_check(
    env: &CniEnv,
    config: &NetworkConfig,
    dirs: &Dirs,
) -> Result<(), ErrorResult> {
    let network = config.name.clone().unwrap_or_default();
    let cached = cache::load_attachment(&dirs.cache_dir, &network, &env.container_id, &env.ifname)
        .ok()
        .flatten()
        .map(|(_, entry)| entry);
    let result = match config.plugins[0].extra.get("prevResult") {
        Some(prev) => Some(
            CniResult::from_json_value(prev)
                .map_err(|e| error(ErrorCode::DecodingFailure, e.to_string(), ""))?,
        ),
        None => cached
            .as_ref()
            .and_then(|entry| entry.parsed_result().ok().flatten()),
    };
    let Some(result) = result else {
        return Err(error(
            ErrorCode::Internal,
            "Required prevResult missing",
            format!(
                "no prevResult on stdin and no cache entry for {} on network {network}",
                env.container_id
            ),
        ));
    };
    let netns = open_netns(env.netns.as_deref().unwrap_or(Path::new("")))?;
    let host = Netlink::current().map_err(|e| from_error(&e.into()))?;
    let container = Netlink::in_netns(&netns).map_err(|e| from_error(&e.into()))?;
    let host_veth = cached
        .as_ref()
        .and_then(|e| e.cnictl.as_ref())
        .map(|r| r.host_veth.clone())
        .or_else(|| {
            result
                .interfaces
                .iter()
                .find(|i| i.sandbox.is_none() && i.name != bridge_name(config))
                .map(|i| i.name.clone())
        });
    let data_dir = config.data_dir(dirs.data_dir.as_deref());
    let bridge = bridge_name(config);
    let differences = crate::engine::verify::compare(
        &host,
        &container,
        &Expected {
            network: &network,
            container_id: &env.container_id,
            ifname: &env.ifname,
            result: Some(&result),
            host_veth: host_veth.as_deref(),
            bridge: Some(&bridge),
            data_dir: &data_dir,
        },
    )
    .await
    .map_err(|e| from_error(&e))?;
    if differences.is_empty() {
        Ok(())
    } else {
        // The summary in msg, each difference once in details.
        Err(error(
            ErrorCode::Internal,
            format!(
                "{} of container {} on network {network} is not as its result says ({} difference{})",
                env.ifname,
                env.container_id,
                differences.len(),
                if differences.len() == 1 { "" } else { "s" }
            ),
            differences
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("\n"),
        ))
    }
}

fn bridge_name(config: &NetworkConfig) -> String {
    config
        .bridge_plugin()
        .and_then(|p| p.bridge.clone())
        .unwrap_or_else(|| "cni0".into())
}

fn config_error(e: &ConfigError) -> ErrorResult {
    let code = match e {
        ConfigError::Json { .. } => ErrorCode::DecodingFailure,
        _ => ErrorCode::InvalidNetworkConfig,
    };
    error(code, e.to_string(), "")
}

/// The error object for a failure of the attach/detach engine.
pub fn from_error(err: &Error) -> ErrorResult {
    let code = match err {
        Error::Config(ConfigError::Json { .. }) => ErrorCode::DecodingFailure,
        Error::Config(_) | Error::Plan(_) => ErrorCode::InvalidNetworkConfig,
        Error::Cni(e) => e.error_code(),
        Error::Netns(_) => ErrorCode::InvalidEnvironment,
        Error::AttachFailed { source, .. } => return with_msg(from_error(source), err),
        _ => ErrorCode::Internal,
    };
    error(code, err.chain_text(), "")
}

fn with_msg(mut inner: ErrorResult, outer: &Error) -> ErrorResult {
    inner.msg = outer.chain_text();
    inner
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(command: CniCommand) -> CniEnv {
        CniEnv {
            command,
            container_id: "c1".into(),
            netns: Some(PathBuf::from("/nonexistent/netns")),
            ifname: "eth0".into(),
            args: String::new(),
            path: vec![],
        }
    }

    fn dirs() -> Dirs {
        Dirs {
            data_dir: Some(PathBuf::from("/nonexistent/data")),
            cache_dir: PathBuf::from("/nonexistent/cache"),
        }
    }

    fn run_sync(command: CniCommand, stdin: &str) -> Result<Option<String>, ErrorResult> {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        rt.block_on(run(
            PluginKind::Bridge,
            &env(command),
            stdin.as_bytes(),
            &dirs(),
        ))
    }

    /// CHECK against the fakes: an attachment made by the engine agrees
    /// with its result, and each later change is named.
    #[test]
    fn check_names_each_mismatch() {
        use crate::firewall::fake::RecordingFirewall;
        use crate::netlink::fake::FakeNet;
        use crate::netlink::{AddrOps, AddressSpec, RouteOps};

        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("data");
        let config = NetworkConfig::from_bytes(
            format!(
                r#"{{"cniVersion":"1.0.0","name":"chk","type":"bridge","bridge":"chkbr0",
                    "isGateway":true,"ipam":{{"type":"host-local","subnet":"10.67.0.0/24",
                    "routes":[{{"dst":"0.0.0.0/0"}}],"dataDir":{}}}}}"#,
                serde_json::to_string(&data).unwrap()
            )
            .into_bytes(),
            FileKind::Single,
            ConfigSource::File("chk.conf".into()),
        )
        .unwrap();
        let host = FakeNet::new();
        let netns = NetnsFd::fake(1).unwrap();
        let container = host.netns(&netns);
        let firewall = RecordingFirewall::new();
        let rt = tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap();
        let report = rt
            .block_on(attach(
                &host,
                &container,
                &firewall,
                AttachInput {
                    config: &config,
                    network: "chk".into(),
                    range_sets: config.range_sets().unwrap(),
                    data_dir: data.clone(),
                    cache_dir: dir.path().join("cache"),
                    container_id: "c1".into(),
                    container_name: None,
                    runtime: RuntimeKind::Path,
                    netns: &netns,
                    request: AttachRequest {
                        ifname: "eth0".into(),
                        mac: None,
                    },
                    requested_ips: Vec::new(),
                    dns: Default::default(),
                    resolv_conf: None,
                    keeper: crate::engine::attach::RecordKeeper::Runtime,
                },
            ))
            .unwrap();
        let result = CniResult::from_json_value(&report.result).unwrap();
        let input = Expected {
            network: "chk",
            bridge: Some("chkbr0"),
            host_veth: Some(&report.summary.host_veth),
            container_id: "c1",
            ifname: "eth0",
            result: Some(&result),
            data_dir: &data,
        };
        let check = || {
            rt.block_on(crate::engine::verify::compare(&host, &container, &input))
                .unwrap()
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
        };
        assert_eq!(check(), Vec::<String>::new());

        let eth0 = rt
            .block_on(container.link_by_name("eth0"))
            .unwrap()
            .unwrap();
        let route = rt
            .block_on(container.list_routes())
            .unwrap()
            .into_iter()
            .find(|r| r.dst.prefix() == 0)
            .unwrap();
        rt.block_on(container.delete_route(&crate::netlink::RouteSpec {
            dst: route.dst,
            gateway: route.gateway,
            oif: eth0.index,
        }))
        .unwrap();
        rt.block_on(container.delete_address(&AddressSpec {
            index: eth0.index,
            addr: "10.67.0.2/24".parse().unwrap(),
            nodad: false,
        }))
        .unwrap();
        assert_eq!(
            check(),
            vec![
                "address: expected 10.67.0.2/24, found not on the interface".to_string(),
                "route: expected 0.0.0.0/0 dev eth0, found no such route".to_string(),
            ]
        );
        let veth = rt
            .block_on(host.link_by_name(&report.summary.host_veth))
            .unwrap()
            .unwrap();
        rt.block_on(host.delete_link(veth.index)).unwrap();
        std::fs::remove_file(data.join("chk").join("10.67.0.2")).unwrap();
        let mismatches = check();
        assert_eq!(
            mismatches,
            vec![
                "interface: expected eth0, found no such interface".to_string(),
                format!(
                    "bridge_port: expected {} on chkbr0, found no such veth",
                    report.summary.host_veth
                ),
                "lease: expected 10.67.0.2 held by c1, found no lease file".to_string(),
            ],
            "deleting the veth takes its peer"
        );
    }

    #[test]
    fn engine_errors_get_spec_codes() {
        let netns = Error::Netns(NetnsError::NotANetns {
            path: "/tmp".into(),
        });
        assert_eq!(from_error(&netns).code, ErrorCode::InvalidEnvironment);
        let wrapped = Error::AttachFailed {
            step: "veth",
            source: Box::new(netns),
            leftovers: vec![],
        };
        let e = from_error(&wrapped);
        assert_eq!(e.code, ErrorCode::InvalidEnvironment);
        assert!(
            e.msg.starts_with("attaching failed at step \"veth\""),
            "{}",
            e.msg
        );
        let other = Error::Injected("ipam");
        assert_eq!(from_error(&other).code, ErrorCode::Internal);
    }

    #[test]
    fn version_needs_no_config() {
        let out = run_sync(CniCommand::Version, "").unwrap().unwrap();
        assert!(out.starts_with(r#"{"cniVersion":"1.1.0","supportedVersions":["0.1.0","#));
    }

    #[test]
    fn bad_input_gets_the_reference_codes() {
        let e = run_sync(CniCommand::Add, r#"{"cniVersion":"1.0.0""#).unwrap_err();
        assert_eq!(e.code, ErrorCode::DecodingFailure);
        assert_eq!(
            e.msg,
            "error unmarshall network config: unexpected end of JSON input"
        );
        let e = run_sync(CniCommand::Add, r#"{"cniVersion":"1.0.0","type":"bridge"}"#).unwrap_err();
        assert_eq!(
            (e.code, e.msg.as_str()),
            (ErrorCode::InvalidNetworkConfig, "missing network name")
        );
        let e = run_sync(
            CniCommand::Add,
            r#"{"cniVersion":"9.9.9","name":"n","type":"bridge"}"#,
        )
        .unwrap_err();
        assert_eq!(e.code, ErrorCode::IncompatibleVersion);
        let e = run_sync(
            CniCommand::Check,
            r#"{"cniVersion":"0.3.1","name":"n","type":"bridge"}"#,
        )
        .unwrap_err();
        assert_eq!(
            (e.code, e.msg.as_str(), e.cni_version.as_deref()),
            (
                ErrorCode::IncompatibleVersion,
                "config version does not allow CHECK",
                Some("0.3.1")
            )
        );
    }

    #[test]
    fn a_bad_netns_is_an_environment_error_before_anything_changes() {
        let e = run_sync(
            CniCommand::Add,
            r#"{"cniVersion":"1.0.0","name":"n","type":"bridge",
                "ipam":{"type":"host-local","subnet":"10.99.0.0/24"}}"#,
        )
        .unwrap_err();
        assert_eq!(e.code, ErrorCode::InvalidEnvironment, "{e:?}");
        assert!(e.msg.contains("/nonexistent/netns"), "{e:?}");
        assert!(!Path::new("/nonexistent/data").exists());
    }

    #[test]
    fn unknown_cni_args_are_refused_before_the_netns_is_opened() {
        let mut env = env(CniCommand::Add);
        env.args = "FOO=bar".into();
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        let e = rt
            .block_on(run(
                PluginKind::Bridge,
                &env,
                br#"{"cniVersion":"1.0.0","name":"n","type":"bridge"}"#,
                &dirs(),
            ))
            .unwrap_err();
        assert_eq!(e.msg, r#"ARGS: unknown args ["FOO=bar"]"#);
        assert_eq!(e.cni_version.as_deref(), Some("1.0.0"));
    }
}
