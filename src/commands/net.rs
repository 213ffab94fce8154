//! `cnictl net ls` and `cnictl net validate`: what networks the conf dir
//! holds, and what is wrong with them.

use std::net::IpAddr;
use std::path::{Path, PathBuf};

use ipnetwork::IpNetwork;
use serde::Serialize;

use super::Ctx;
use crate::config::{self, ConfFile, ConfigError, Fault, NetworkConfig, Severity};
use crate::error::{Error, ExitStatus, Result};
use crate::ipam;
use crate::output::{warn, Report, Style};

/// One row of `net ls`. JSON field names are stable.
#[derive(Debug, Serialize)]
pub struct NetworkSummary {
    /// The network's `name`; null for a config without one (a loopback).
    pub name: Option<String>,
    pub file: PathBuf,
    /// Plugin types in chain order (`["bridge", "portmap"]`).
    pub types: Vec<String>,
    pub bridge: Option<String>,
    pub subnets: Vec<IpNetwork>,
    pub gateways: Vec<IpAddr>,
    /// Lease files in the network's lease directory.
    pub leases: usize,
    /// Addresses the ranges can hand out (gateways excluded); null when unknown.
    pub size: Option<u128>,
    /// Where the leases are: `<dataDir>/<name>`.
    pub lease_dir: Option<PathBuf>,
    /// Why the file cannot be used as it is; null when it can.
    pub error: Option<String>,
}

#[derive(Debug, Serialize)]
#[serde(transparent)]
pub struct NetworkList(pub Vec<NetworkSummary>);

pub fn list(ctx: &Ctx) -> Result<NetworkList> {
    let files = config::discover(&ctx.paths.conf_dir)?;
    tracing::info!(conf_dir = %ctx.paths.conf_dir.display(), files = files.len(), "read network configs");
    let summaries = files
        .iter()
        .map(|file| summarize(file, ctx.paths.data_dir.as_deref()))
        .collect();
    Ok(NetworkList(summaries))
}

fn summarize(file: &ConfFile, data_dir_override: Option<&Path>) -> NetworkSummary {
    let config = match &file.loaded {
        Ok(config) => config,
        Err(err) => {
            return NetworkSummary {
                name: None,
                file: file.path.clone(),
                types: Vec::new(),
                bridge: None,
                subnets: Vec::new(),
                gateways: Vec::new(),
                leases: 0,
                size: None,
                lease_dir: None,
                error: Some(err.to_string()),
            }
        }
    };
    let faults: Vec<Fault> = config::validate(config)
        .into_iter()
        .filter(Fault::is_error)
        .collect();
    let error = match faults.as_slice() {
        [] => None,
        [only] => Some(format!("{}: {}", only.field, only.message)),
        [first, rest @ ..] => Some(format!(
            "{}: {} (and {} more: cnictl net validate {})",
            first.field,
            first.message,
            rest.len(),
            file.path.display()
        )),
    };
    let ranges: Vec<ipam::Range> = config
        .range_sets()
        .map(|sets| sets.into_iter().flatten().collect())
        .unwrap_or_default();
    let lease_dir = config.lease_dir(data_dir_override);
    let leases = match (&config.name, &lease_dir) {
        (Some(name), Some(_)) => count_leases(&config.data_dir(data_dir_override), name),
        _ => 0,
    };
    NetworkSummary {
        name: config.name.clone(),
        file: file.path.clone(),
        types: config
            .plugins
            .iter()
            .map(|p| p.plugin_type.clone())
            .collect(),
        bridge: config.bridge_plugin().and_then(|p| p.bridge.clone()),
        subnets: ranges.iter().map(|r| r.subnet).collect(),
        gateways: dedup(ranges.iter().map(|r| r.gateway)),
        leases,
        size: (!ranges.is_empty()).then(|| ranges.iter().map(range_size).sum()),
        lease_dir,
        error,
    }
}

/// How many addresses a range hands out: start to end, less the gateway.
pub fn range_size(range: &ipam::Range) -> u128 {
    let span =
        ipam::range::ip_to_u128(range.range_end) - ipam::range::ip_to_u128(range.range_start) + 1;
    span - u128::from(range.contains(range.gateway))
}

/// Leases in use; a directory we may not read counts as unknown (0) with a
/// warning rather than failing the whole listing.
fn count_leases(data_dir: &Path, network: &str) -> usize {
    match ipam::list_leases(data_dir, Some(network)) {
        Ok(leases) => leases.len(),
        Err(err) => {
            warn(format!(
                "leases of network \"{network}\" not counted: {err}"
            ));
            0
        }
    }
}

fn dedup<T: PartialEq>(items: impl Iterator<Item = T>) -> Vec<T> {
    let mut out = Vec::new();
    for item in items {
        if !out.contains(&item) {
            out.push(item);
        }
    }
    out
}

fn join<T: ToString>(items: &[T]) -> String {
    if items.is_empty() {
        return "-".into();
    }
    items.iter().map(T::to_string).collect::<Vec<_>>().join(",")
}

impl Report for NetworkList {
    fn render(&self, style: &Style) -> String {
        let with_problems = self.0.iter().any(|n| n.error.is_some());
        let mut headers = vec![
            "NAME", "TYPE", "BRIDGE", "SUBNETS", "GATEWAY", "LEASES", "FILE",
        ];
        if with_problems {
            headers.push("PROBLEM");
        }
        let mut table = style.table(headers);
        for net in &self.0 {
            let mut row = vec![
                net.name.clone().unwrap_or_else(|| "-".into()),
                if net.types.is_empty() {
                    "-".into()
                } else {
                    net.types.join(",")
                },
                net.bridge.clone().unwrap_or_else(|| "-".into()),
                join(&net.subnets),
                join(&net.gateways),
                match net.size {
                    Some(size) => format!("{}/{size}", net.leases),
                    None => net.leases.to_string(),
                },
                net.file.display().to_string(),
            ];
            if with_problems {
                row.push(net.error.clone().unwrap_or_default());
            }
            table.add_row(row);
        }
        style.finish(&table)
    }
}

/// The faults of one config file (or network) for `net validate`.
#[derive(Debug, Serialize)]
pub struct ValidationResult {
    pub file: String,
    pub network: Option<String>,
    pub faults: Vec<Fault>,
}

#[derive(Debug, Serialize)]
#[serde(transparent)]
pub struct ValidationReport(pub Vec<ValidationResult>);

impl ValidationReport {
    /// Success when no config has an error-severity fault; warnings pass.
    pub fn into_status(self) -> Result<ExitStatus> {
        let faulty = self
            .0
            .iter()
            .filter(|r| r.faults.iter().any(Fault::is_error))
            .count();
        if faulty == 0 {
            Ok(ExitStatus::Success)
        } else {
            Err(Error::InvalidConfigs(faulty, self.0.len()))
        }
    }
}

/// Validates the named networks or files, or every file in the conf dir.
pub fn validate(ctx: &Ctx, targets: &[String]) -> Result<ValidationReport> {
    let mut results = Vec::new();
    if targets.is_empty() {
        for file in config::discover(&ctx.paths.conf_dir)? {
            results.push(check_loaded(file.path.display().to_string(), file.loaded));
        }
    } else {
        for target in targets {
            match config::find_network(&ctx.paths.conf_dir, target) {
                Ok(found) => {
                    for warning in &found.warnings {
                        warn(warning);
                    }
                    results.push(check_loaded(
                        found.config.source.to_string(),
                        Ok(found.config),
                    ));
                }
                // A file that does not parse is a fault of that file, not a
                // reason to stop checking the others.
                Err(err @ (ConfigError::Json { .. } | ConfigError::Field { .. })) => {
                    results.push(check_loaded(target.clone(), Err(err)));
                }
                Err(err) => return Err(err.into()),
            }
        }
    }
    Ok(ValidationReport(results))
}

fn check_loaded(
    file: String,
    loaded: std::result::Result<NetworkConfig, ConfigError>,
) -> ValidationResult {
    match loaded {
        Ok(config) => ValidationResult {
            file,
            network: config.name.clone(),
            faults: config::validate(&config),
        },
        Err(err) => ValidationResult {
            file,
            network: None,
            faults: vec![err.to_fault()],
        },
    }
}

impl Report for ValidationReport {
    fn render(&self, _style: &Style) -> String {
        let mut text = String::new();
        for result in &self.0 {
            if result.faults.is_empty() {
                text.push_str(&format!("{}: ok\n", result.file));
                continue;
            }
            for fault in &result.faults {
                let level = match fault.severity {
                    Severity::Error => "error",
                    Severity::Warning => "warning",
                };
                text.push_str(&format!(
                    "{}: {level}: {}: {}\n    fix: {}\n",
                    result.file, fault.field, fault.message, fault.fix
                ));
            }
        }
        text
    }
}
