//! `cnictl net create`: write a bridge + host-local conflist, after checking
//! it against the other networks in the conf dir and the host's routes and
//! links. The file appears atomically (written aside, then hard-linked into
//! place, which also refuses to replace a file of the same name).

use std::fs;
use std::io::Write;
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};

use ipnetwork::IpNetwork;
use serde::Serialize;

use super::Ctx;
use crate::cli::NetCreateArgs;
use crate::config::{self, ConfigSource, FileKind, NetworkConfig};
use crate::engine::netdef::{self, NetDefError, NetSpec, OtherNetwork, SubnetArg};
use crate::error::{Error, Result};
use crate::netlink::{LinkOps, Netlink};
use crate::output::{Report, Style};

/// What `net create` wrote (or would write).
#[derive(Debug, Serialize)]
pub struct NetCreateReport {
    pub name: String,
    pub file: PathBuf,
    pub bridge: String,
    pub subnets: Vec<IpNetwork>,
    pub dry_run: bool,
    pub config: serde_json::Value,
    #[serde(skip)]
    text: String,
}

impl Report for NetCreateReport {
    fn render(&self, _style: &Style) -> String {
        if self.dry_run {
            format!(
                "# {} (not written: --dry-run)\n{}",
                self.file.display(),
                self.text
            )
        } else {
            format!(
                "created network \"{}\": bridge {}, subnets {}, file {}\n",
                self.name,
                self.bridge,
                self.subnets
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join(" "),
                self.file.display()
            )
        }
    }
}

pub async fn run(ctx: &Ctx, args: &NetCreateArgs) -> Result<NetCreateReport> {
    let mut auto = false;
    let mut subnets = Vec::new();
    for text in &args.subnets {
        match netdef::parse_subnet(text)? {
            SubnetArg::Cidr(net) => subnets.push(net),
            SubnetArg::Auto if auto => {
                return Err(NetDefError::Invalid {
                    flag: "--subnet",
                    value: "auto".into(),
                    problem: "give auto at most once".into(),
                }
                .into())
            }
            SubnetArg::Auto => auto = true,
        }
    }
    let mut spec = NetSpec {
        name: args.name.clone(),
        subnets,
        gateways: args.gateways.clone(),
        ranges: args
            .ranges
            .iter()
            .map(|r| netdef::parse_range(r))
            .collect::<std::result::Result<_, _>>()?,
        routes: args
            .routes
            .iter()
            .map(|r| netdef::parse_route(r))
            .collect::<std::result::Result<_, _>>()?,
        bridge: args.bridge.clone(),
        masquerade: !args.no_masquerade,
        mtu: args.mtu,
        dns: args.dns.clone(),
        cni_version: Some(args.cni_version.clone()),
        with_portmap: args.with_portmap,
    };

    let files = match config::discover(&ctx.paths.conf_dir) {
        Ok(files) => files,
        Err(config::ConfigError::ConfDirMissing { .. }) => Vec::new(),
        Err(err) => return Err(err.into()),
    };
    let mut others = Vec::new();
    for file in &files {
        let Ok(config) = &file.loaded else { continue };
        let Some(name) = config.name.clone() else {
            continue;
        };
        if name == spec.name {
            return Err(NetDefError::NameTaken {
                name,
                file: file.path.clone(),
            }
            .into());
        }
        others.push(other_network(name, file.path.clone(), config));
    }

    let host = Netlink::current()?;
    let routes = crate::engine::inventory::host_routes(&host).await?;
    if auto {
        let picked = netdef::pick_auto_subnet(&others, &routes)?;
        spec.subnets.insert(0, picked);
    }
    netdef::check_spec(&spec)?;
    for subnet in &spec.subnets {
        netdef::check_overlaps(subnet, &others, &routes)?;
    }
    let bridge = spec
        .bridge
        .clone()
        .unwrap_or_else(|| netdef::default_bridge(&spec.name));
    if let Some(other) = others
        .iter()
        .find(|o| o.bridge.as_deref() == Some(bridge.as_str()))
    {
        return Err(NetDefError::BridgeTaken {
            bridge,
            user: format!("network \"{}\" ({})", other.name, other.file.display()),
        }
        .into());
    }
    if let Some(link) = host.link_by_name(&bridge).await? {
        return Err(NetDefError::BridgeTaken {
            bridge,
            user: format!("an existing {} interface on this host", link.kind),
        }
        .into());
    }

    let text = netdef::conflist(&spec);
    let existing: Vec<PathBuf> = files.iter().map(|f| f.path.clone()).collect();
    let path = netdef::conf_path(&ctx.paths.conf_dir, &spec.name, &existing);
    // What we wrote must read back as a valid network, exactly as any other
    // config would.
    let parsed = NetworkConfig::from_bytes(
        text.clone().into_bytes(),
        FileKind::List,
        ConfigSource::File(path.clone()),
    )?;
    config::require_valid(&parsed)?;
    if !args.dry_run {
        write_new_file(&ctx.paths.conf_dir, &path, text.as_bytes())?;
    }
    Ok(NetCreateReport {
        name: spec.name.clone(),
        file: path,
        bridge,
        subnets: spec.subnets.clone(),
        dry_run: args.dry_run,
        config: serde_json::from_str(&text).expect("we just wrote it"),
        text,
    })
}

/// A network of the conf dir, as `net create` compares against it.
pub fn other_network(name: String, file: PathBuf, config: &NetworkConfig) -> OtherNetwork {
    OtherNetwork {
        name,
        file,
        bridge: config
            .bridge_plugin()
            .map(|p| p.bridge.clone().unwrap_or_else(|| "cni0".into())),
        subnets: config
            .range_sets()
            .map(|sets| sets.into_iter().flatten().map(|r| r.subnet).collect())
            .unwrap_or_default(),
    }
}

/// Writes `bytes` to `path` (mode 0644) so that it appears whole or not
/// at all, and never over an existing file.
fn write_new_file(dir: &Path, path: &Path, bytes: &[u8]) -> Result<()> {
    let io = |what: &str, p: &Path, e| Error::io(format!("cannot {what} {}", p.display()), e);
    fs::create_dir_all(dir).map_err(|e| io("create", dir, e))?;
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    let temp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let written = (|| {
        let mut file = fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o644)
            .open(&temp)
            .map_err(|e| io("create", &temp, e))?;
        // The umask may have taken bits away; the file is for everyone to read.
        fs::set_permissions(&temp, std::os::unix::fs::PermissionsExt::from_mode(0o644))
            .map_err(|e| io("chmod", &temp, e))?;
        file.write_all(bytes).map_err(|e| io("write", &temp, e))?;
        file.sync_all().map_err(|e| io("write", &temp, e))?;
        fs::hard_link(&temp, path).map_err(|e| io("create", path, e))
    })();
    let _ = fs::remove_file(&temp);
    written
}
