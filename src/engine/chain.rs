//! `cnictl add`/`del` on a conflist: the `bridge` runs in-process (the
//! attach engine), the plugins after it (portmap, tuning, firewall,
//! bandwidth, a third-party plugin) by exec from `CNI_PATH`, with the
//! bridge's result as their `prevResult`. A failed plugin undoes the chain
//! and the bridge attachment; DEL runs the plugins in reverse before the
//! bridge is torn down. The cache entry ends up holding the chain's final
//! result and the capability arguments, as libcni's does.

use std::net::IpAddr;
use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

use super::attach::AddReport;
use super::detach::{detach_all, Found};
use crate::cni::cache::{self, CacheEntry};
use crate::cni::chain::{self, Chain};
use crate::cni::exec::{self, Invocation};
use crate::cni::plugin::DEFAULT_CNI_PATH;
use crate::cni::{CniResult, CniVersion};
use crate::config::{IpamConf, NetworkConfig, RangeConf, RouteConf};
use crate::error::{Error, Result};
use crate::firewall::Firewall;
use crate::netlink::NetOps;
use ipnetwork::IpNetwork;

/// The plugins that follow the bridge in a conflist, as written; empty
/// for a single-plugin config. A plugin before the bridge is refused: its
/// result would be dropped by the bridge, and no runtime writes such lists.
pub fn external_plugins(config: &NetworkConfig) -> Result<Vec<Value>> {
    if !config.is_list {
        return Ok(Vec::new());
    }
    let raw = chain::raw_plugins(&config.bytes);
    let types: Vec<&str> = raw
        .iter()
        .map(|p| p.get("type").and_then(Value::as_str).unwrap_or(""))
        .collect();
    match types.iter().position(|t| *t == "bridge") {
        Some(0) => Ok(raw[1..].to_vec()),
        Some(i) => Err(Error::io(
            format!(
                "network {}: plugins {} come before bridge; cnictl runs conflists whose first plugin is bridge",
                config.display_name(),
                types[..i].join(", ")
            ),
            std::io::Error::from(std::io::ErrorKind::InvalidInput),
        )),
        // plan::bridge_plugin reports a list without a bridge.
        None => Ok(Vec::new()),
    }
}

/// The capability arguments cnictl knows from the command line, under the
/// names of the CNI conventions (`ips`, `mac`).
pub fn capability_args(ips: &[IpAddr], mac: Option<&str>) -> Map<String, Value> {
    let mut caps = Map::new();
    if !ips.is_empty() {
        caps.insert(
            "ips".into(),
            ips.iter().map(|ip| Value::String(ip.to_string())).collect(),
        );
    }
    if let Some(mac) = mac {
        caps.insert("mac".into(), Value::String(mac.to_string()));
    }
    caps
}

/// Refuses, before anything changes, a chain whose plugins are not installed.
pub fn find_all(plugins: &[Value]) -> Result<()> {
    let path = cni_path();
    for plugin in plugins {
        let kind = plugin.get("type").and_then(Value::as_str).unwrap_or("");
        if chain::own_plugin(kind).is_some() {
            continue;
        }
        exec::find_plugin(kind, &path).map_err(|e| Error::Plugin(Box::new(e)))?;
    }
    Ok(())
}

fn cni_path() -> Vec<PathBuf> {
    let path = std::env::var_os("CNI_PATH")
        .filter(|p| !p.is_empty())
        .unwrap_or_else(|| DEFAULT_CNI_PATH.into());
    std::env::split_paths(&path).collect()
}

fn chain_for(
    config: &NetworkConfig,
    container_id: &str,
    netns: Option<&Path>,
    ifname: &str,
    capability_args: Map<String, Value>,
) -> Result<Chain> {
    let version: CniVersion = config
        .cni_version
        .parse()
        .map_err(|e| Error::Cni(crate::cni::CniError::UnknownVersion(e)))?;
    Ok(Chain {
        name: config.name.clone().unwrap_or_default(),
        version,
        invocation: Invocation {
            command: "ADD",
            container_id: container_id.to_string(),
            netns: netns.map(Path::to_path_buf),
            ifname: ifname.to_string(),
            args: String::new(),
            path: cni_path(),
            timeout: exec::timeout_from_env(),
        },
        capability_args,
    })
}

/// What the chain needs to know about the bridge attachment just made.
pub struct Attached<'a> {
    pub config: &'a NetworkConfig,
    pub container_id: &'a str,
    pub netns: &'a Path,
    pub ifname: &'a str,
    pub data_dir: PathBuf,
    pub cache_dir: &'a Path,
}

/// Runs the plugins after the bridge; on failure removes the bridge
/// attachment too, so nothing of the ADD is left.
pub async fn complete_add<H: NetOps, C: NetOps, F: Firewall + ?Sized>(
    host: &H,
    container: &C,
    firewall: &F,
    attached: Attached<'_>,
    plugins: &[Value],
    capability_args: Map<String, Value>,
    mut report: AddReport,
) -> Result<AddReport> {
    let network = attached.config.name.clone().unwrap_or_default();
    let chain = chain_for(
        attached.config,
        attached.container_id,
        Some(attached.netns),
        attached.ifname,
        capability_args.clone(),
    )?;
    let cache_path = cache::cache_path(
        attached.cache_dir,
        &network,
        attached.container_id,
        attached.ifname,
    );
    let final_result = match chain.add(plugins, report.result.clone()) {
        Ok(result) => result,
        Err(failure) => {
            let mut leftovers = failure.leftovers;
            let entry = cache::read(&cache_path).ok().map(|e| (cache_path, e));
            // The chain's DELs ran already, for the plugins ADD reached:
            // as a single bridge config, detaching runs none again.
            let mut bridge_only = attached.config.clone();
            bridge_only.is_list = false;
            let found = Found::new(
                network,
                attached.ifname.to_string(),
                Some(bridge_only),
                attached.data_dir,
                attached.cache_dir.to_path_buf(),
                entry,
                true,
            );
            if let Err(e) = detach_all(
                host,
                Some(container),
                firewall,
                attached.container_id,
                vec![found],
            )
            .await
            {
                leftovers.push(format!("bridge attachment: {e}"));
            }
            return Err(Error::Chain {
                source: Box::new(failure.error),
                leftovers,
            });
        }
    };
    let mut entry: CacheEntry = cache::read(&cache_path)?;
    entry.result = Some(final_result.clone());
    entry.capability_args = capability_args;
    entry.write_atomic(attached.cache_dir)?;
    report.result = final_result;
    Ok(report)
}

/// DEL of the plugins after the bridge, in reverse, for an attachment
/// being removed; returns what failed.
pub fn del_external(
    config: Option<&NetworkConfig>,
    entry: Option<&CacheEntry>,
    container_id: &str,
    ifname: &str,
) -> Vec<String> {
    let Some(config) = config else {
        return Vec::new();
    };
    let plugins = match external_plugins(config) {
        Ok(plugins) if !plugins.is_empty() => plugins,
        Ok(_) => return Vec::new(),
        Err(e) => return vec![e.to_string()],
    };
    let netns = entry
        .and_then(|e| e.netns.as_deref())
        .map(Path::new)
        .filter(|p| p.exists());
    let caps = entry.map(|e| e.capability_args.clone()).unwrap_or_default();
    let chain = match chain_for(config, container_id, netns, ifname, caps) {
        Ok(chain) => chain,
        Err(e) => return vec![e.to_string()],
    };
    chain.del(&plugins, entry.and_then(|e| e.result.as_ref()))
}

/// GC of the plugins after the bridge for one network (lists of
/// cniVersion 1.1.0 on), given the attachments that stay; returns the
/// failures.
pub fn gc_external(config: &NetworkConfig, valid: &[(String, String)]) -> Vec<String> {
    // A config cnictl cannot attach with (no bridge first, another type)
    // is not cnictl's to collect.
    let plugins = match external_plugins(config) {
        Ok(plugins) if !plugins.is_empty() => plugins,
        _ => return Vec::new(),
    };
    match chain_for(config, "", None, "", Map::new()) {
        Ok(chain) => chain.gc(&plugins, valid),
        Err(e) => vec![e.to_string()],
    }
}

/// STATUS of the plugins after the bridge (lists of cniVersion 1.1.0 on):
/// each one's complaint; empty when all are ready or the list is older.
pub fn status_external(config: &NetworkConfig) -> Vec<String> {
    let plugins = match external_plugins(config) {
        Ok(plugins) if !plugins.is_empty() => plugins,
        _ => return Vec::new(),
    };
    match chain_for(config, "", None, "", Map::new()) {
        Ok(chain) => chain.status(&plugins),
        Err(e) => vec![e.to_string()],
    }
}

/// The types of the plugins after the bridge (`portmap`, `tuning`, …);
/// empty for a plain bridge config or one whose chain cannot be read.
pub fn external_types(config: &NetworkConfig) -> Vec<String> {
    external_plugins(config)
        .unwrap_or_default()
        .iter()
        .filter_map(|p| p.get("type").and_then(Value::as_str).map(str::to_string))
        .collect()
}

/// CHECK of the plugins after the bridge, for `cnictl check`: what each
/// one says is wrong with the attachment (nothing for a plain bridge
/// config, a version before 0.4.0, or an entry without a result).
pub fn check_external(
    config: &NetworkConfig,
    entry: &CacheEntry,
    container_id: &str,
    ifname: &str,
    netns: Option<&Path>,
) -> Vec<String> {
    let plugins = match external_plugins(config) {
        Ok(plugins) if !plugins.is_empty() => plugins,
        Ok(_) => return Vec::new(),
        Err(e) => return vec![e.to_string()],
    };
    let Some(cached) = entry.result.as_ref() else {
        return Vec::new();
    };
    match chain_for(
        config,
        container_id,
        netns,
        ifname,
        entry.capability_args.clone(),
    ) {
        Ok(chain) => chain.check(&plugins, cached),
        Err(e) => vec![e.to_string()],
    }
}

/// The type of the bridge's IPAM when it is not host-local (`static`,
/// `dhcp`, a third-party IPAM): that one is exec'd.
pub fn external_ipam_type(config: &NetworkConfig) -> Option<String> {
    let ipam = config.bridge_plugin()?.ipam.as_ref()?;
    (ipam.ipam_type != "host-local" && !ipam.ipam_type.is_empty()).then(|| ipam.ipam_type.clone())
}

/// The bridge plugin's stdin as libcni builds it: the file itself, or the
/// conflist entry with the list's name and cniVersion.
fn bridge_stdin(config: &NetworkConfig) -> Value {
    if !config.is_list {
        return serde_json::from_slice(&config.bytes).unwrap_or(Value::Null);
    }
    let raw = chain::raw_plugins(&config.bytes);
    let bridge = raw
        .iter()
        .find(|p| p.get("type").and_then(Value::as_str) == Some("bridge"))
        .cloned()
        .unwrap_or(Value::Null);
    chain::plugin_stdin(
        config.name.as_deref().unwrap_or_default(),
        &config.cni_version,
        &bridge,
        None,
        &Map::new(),
    )
}

fn ipam_call(
    config: &NetworkConfig,
    command: &'static str,
    container_id: &str,
    netns: Option<&Path>,
    ifname: &str,
) -> std::result::Result<Vec<u8>, exec::ExecError> {
    let kind = external_ipam_type(config).unwrap_or_default();
    let path = cni_path();
    let binary = exec::find_plugin(&kind, &path)?;
    let inv = Invocation {
        command,
        container_id: container_id.to_string(),
        netns: netns.map(Path::to_path_buf),
        ifname: ifname.to_string(),
        args: String::new(),
        path,
        timeout: exec::timeout_from_env(),
    };
    exec::exec(&binary, &inv, bridge_stdin(config).to_string().as_bytes())
}

/// Refuses, before anything changes, an external IPAM that is not installed.
pub fn find_external_ipam(config: &NetworkConfig) -> Result<()> {
    if let Some(kind) = external_ipam_type(config) {
        exec::find_plugin(&kind, &cni_path()).map_err(|e| Error::Plugin(Box::new(e)))?;
    }
    Ok(())
}

/// The config as the attach engine can run it: the IPAM's addresses as
/// host-local ranges of one address each (so the lease store records them
/// and reserves exactly them), its routes as the ipam routes.
pub fn host_local_shaped(config: &NetworkConfig, result: &CniResult) -> NetworkConfig {
    let mut shaped = config.clone();
    let Some(index) = shaped
        .plugins
        .iter()
        .position(|p| p.plugin_type == "bridge")
    else {
        return shaped;
    };
    let data_dir = shaped.plugins[index]
        .ipam
        .as_ref()
        .and_then(|i| i.data_dir.clone());
    let ranges = result
        .ips
        .iter()
        .map(|ip| {
            let subnet =
                IpNetwork::new(ip.address.network(), ip.address.prefix()).unwrap_or(ip.address);
            vec![RangeConf {
                subnet: subnet.to_string(),
                range_start: Some(ip.address.ip().to_string()),
                range_end: Some(ip.address.ip().to_string()),
                gateway: ip.gateway.map(|g| g.to_string()),
            }]
        })
        .collect();
    let routes = result
        .routes
        .iter()
        .map(|r| RouteConf {
            dst: r.dst.to_string(),
            gw: r.gw.map(|g| g.to_string()),
            extra: Map::new(),
        })
        .collect();
    shaped.plugins[index].ipam = Some(IpamConf {
        ipam_type: "host-local".into(),
        ranges,
        routes,
        data_dir,
        ..Default::default()
    });
    shaped
}

/// What an exec'd IPAM handed out, shaped for the attach engine.
pub struct ExternalIpam {
    /// The config with the addresses as one-address host-local ranges.
    pub config: NetworkConfig,
    /// The addresses, to request from those ranges.
    pub ips: Vec<IpAddr>,
    pub range_sets: Vec<crate::ipam::RangeSet>,
}

/// IPAM ADD by exec for a bridge config whose IPAM is not host-local:
/// the host-local-shaped config and the addresses to reserve; `None` for
/// host-local, which runs in-process.
pub fn external_ipam_add(
    config: &NetworkConfig,
    container_id: &str,
    netns: &Path,
    ifname: &str,
) -> Result<Option<ExternalIpam>> {
    let Some(kind) = external_ipam_type(config) else {
        return Ok(None);
    };
    let chain_error = |e| Error::Plugin(Box::new(e));
    let out = ipam_call(config, "ADD", container_id, Some(netns), ifname).map_err(chain_error)?;
    let parsed = exec::parse_result(&kind, "ADD", &out).and_then(|v| {
        CniResult::from_json_value(&v).map_err(|_| exec::ExecError::Garbage {
            plugin: kind.clone(),
            command: "ADD".into(),
            stdout: String::from_utf8_lossy(&out).chars().take(200).collect(),
        })
    });
    let result = match parsed {
        Ok(result) => result,
        Err(e) => {
            let _ = ipam_call(config, "DEL", container_id, Some(netns), ifname);
            return Err(chain_error(e));
        }
    };
    let ips = result.ips.iter().map(|ip| ip.address.ip()).collect();
    let shaped = host_local_shaped(config, &result);
    match shaped.range_sets() {
        Ok(range_sets) => Ok(Some(ExternalIpam {
            config: shaped,
            ips,
            range_sets,
        })),
        Err(e) => {
            let _ = ipam_call(config, "DEL", container_id, Some(netns), ifname);
            Err(e.into())
        }
    }
}

/// IPAM DEL by exec, for an attachment being removed (or an ADD being
/// undone), when the bridge's IPAM is not host-local. `config` becomes the
/// host-local-shaped config of the cached result, so the teardown knows
/// the network's subnets for its rules.
pub fn external_ipam_del(
    config: &mut Option<NetworkConfig>,
    entry: Option<&CacheEntry>,
    container_id: &str,
    ifname: &str,
) -> Vec<String> {
    let Some(original) = config.as_ref() else {
        return Vec::new();
    };
    if external_ipam_type(original).is_none() {
        return Vec::new();
    }
    let netns = entry
        .and_then(|e| e.netns.as_deref())
        .map(Path::new)
        .filter(|p| p.exists());
    let mut errors = Vec::new();
    if let Err(e) = ipam_call(original, "DEL", container_id, netns, ifname) {
        errors.push(e.to_string());
    }
    if let Some(result) = entry.and_then(|e| e.parsed_result().ok().flatten()) {
        *config = Some(host_local_shaped(original, &result));
    }
    errors
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{ConfigSource, FileKind};

    fn list(text: &str) -> NetworkConfig {
        NetworkConfig::from_bytes(
            text.as_bytes().to_vec(),
            FileKind::List,
            ConfigSource::File("t.conflist".into()),
        )
        .unwrap()
    }

    #[test]
    fn plugins_after_the_bridge_are_external() {
        let c = list(
            r#"{"cniVersion":"1.0.0","name":"n","plugins":[
                {"type":"bridge","ipam":{"type":"host-local","subnet":"10.1.0.0/24"}},
                {"type":"portmap","capabilities":{"portMappings":true}},{"type":"tuning"}]}"#,
        );
        let ext = external_plugins(&c).unwrap();
        assert_eq!(ext.len(), 2);
        assert_eq!(ext[0]["type"], "portmap");
        let before = list(
            r#"{"cniVersion":"1.0.0","name":"n","plugins":[{"type":"tuning"},
                {"type":"bridge","ipam":{"type":"host-local","subnet":"10.1.0.0/24"}}]}"#,
        );
        let err = external_plugins(&before).unwrap_err().to_string();
        assert!(err.contains("tuning come before bridge"), "{err}");
    }

    #[test]
    fn capability_args_use_the_convention_names() {
        let caps = capability_args(&["10.1.0.5".parse().unwrap()], Some("02:00:00:00:00:01"));
        assert_eq!(
            Value::Object(caps),
            serde_json::json!({"ips": ["10.1.0.5"], "mac": "02:00:00:00:00:01"})
        );
        assert!(capability_args(&[], None).is_empty());
    }
}
