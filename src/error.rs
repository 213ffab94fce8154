//! The error type every command returns, and the one place where an error
//! becomes an exit status (and, in plugin mode later, a CNI error code).
//!
//! Each layer keeps its own thiserror enum (`ConfigError`, `IpamError`, …);
//! this enum wraps them so callers can use `?` and `main` can map them.

use std::io;
use std::path::PathBuf;

use crate::cni::{CacheError, CniError};
use crate::config::dns::DnsError;
use crate::config::ConfigError;
use crate::engine::container_dns::ContainerDnsError;
use crate::engine::plan::PlanError;
use crate::firewall::FirewallError;
use crate::ipam::IpamError;
use crate::netlink::NetlinkError;
use crate::netns::NetnsError;
use crate::runtime::RuntimeError;

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Exit statuses, documented in the README and in `cnictl(1)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExitStatus {
    Success = 0,
    /// An operation failed (I/O, netlink, iptables, a plugin).
    Failure = 1,
    /// The command line was wrong (clap uses 2 as well).
    Usage = 2,
    /// A network, container or attachment does not exist.
    NotFound = 3,
    /// A network config has faults (`net validate`, or a command that loaded it).
    InvalidConfig = 4,
    /// Root / CAP_NET_ADMIN is needed, or a file could not be read or written.
    PermissionDenied = 5,
}

impl ExitStatus {
    /// Every status with what it means, for `--help`, the man page and the README.
    pub const TABLE: &'static [(ExitStatus, &'static str)] = &[
        (ExitStatus::Success, "success"),
        (
            ExitStatus::Failure,
            "an operation failed (I/O, netlink, iptables, a plugin)",
        ),
        (ExitStatus::Usage, "the command line is wrong"),
        (
            ExitStatus::NotFound,
            "a network, container or attachment does not exist",
        ),
        (
            ExitStatus::InvalidConfig,
            "a network config is invalid (see `cnictl net validate`)",
        ),
        (
            ExitStatus::PermissionDenied,
            "permission denied: root (CAP_NET_ADMIN) is needed, or a file is not readable",
        ),
    ];

    pub fn code(self) -> u8 {
        self as u8
    }
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(transparent)]
    Config(#[from] ConfigError),

    #[error(transparent)]
    Ipam(#[from] IpamError),

    #[error(transparent)]
    Netlink(#[from] NetlinkError),

    #[error(transparent)]
    Netns(#[from] NetnsError),

    #[error(transparent)]
    Firewall(#[from] FirewallError),

    #[error(transparent)]
    Runtime(#[from] RuntimeError),

    #[error(transparent)]
    Plan(#[from] PlanError),

    #[error(transparent)]
    ContainerDns(#[from] ContainerDnsError),

    #[error(transparent)]
    Cache(#[from] CacheError),

    #[error(transparent)]
    Cni(#[from] CniError),

    #[error(transparent)]
    Dns(#[from] DnsError),

    #[error(transparent)]
    NetDef(#[from] crate::engine::netdef::NetDefError),

    #[error(transparent)]
    Publish(#[from] crate::engine::ports::PublishError),

    #[error("{action} needs root (CAP_NET_ADMIN): run it with sudo")]
    NeedsRoot { action: &'static str },

    #[error("{what} is cnictl's own network namespace: attaching it would change the host's network; give the container's namespace")]
    TargetIsHost { what: String },

    #[error("container \"{container}\" is already attached to network \"{network}\" as {ifname} ({cache}); run `cnictl del` first or choose another --ifname")]
    AlreadyAttached {
        container: String,
        network: String,
        ifname: String,
        cache: PathBuf,
    },

    #[error("interface {ifname} already exists in {netns}; choose another --ifname")]
    IfnameTaken { ifname: String, netns: PathBuf },

    #[error("--mac: {0}")]
    BadMac(String),

    /// A test asked for a failure at this step (CNICTL_TEST_FAIL_AFTER).
    #[error("failure injected after step \"{0}\" (CNICTL_TEST_FAIL_AFTER)")]
    Injected(&'static str),

    /// An attachment failed half-way; what was done has been undone
    /// (`leftovers` lists what could not be).
    #[error("{}", attach_failed(step, source, leftovers))]
    AttachFailed {
        step: &'static str,
        source: Box<Error>,
        leftovers: Vec<String>,
    },

    /// An external plugin could not be found or run; nothing was changed
    /// by cnictl (the plugin's own error says what it did).
    #[error(transparent)]
    Plugin(Box<crate::cni::exec::ExecError>),

    /// A plugin of a conflist chain failed; the chain and the bridge
    /// attachment were undone (`leftovers` lists what could not be).
    #[error("{source}; {}", if leftovers.is_empty() { "everything the chain did was undone".to_string() } else { format!("undoing the chain left: {}", leftovers.join("; ")) })]
    Chain {
        source: Box<crate::cni::exec::ExecError>,
        leftovers: Vec<String>,
    },

    /// A teardown did all it could; these parts failed.
    #[error("{} part(s) of the teardown failed: {}", .0.len(), .0.join("; "))]
    Teardown(Vec<String>),

    /// `show`/`check` found no attachment or no namespace to look into.
    #[error("{target}: {reason}")]
    NotAttached { target: String, reason: String },

    /// `check` found differences; they were already printed as the report.
    #[error("{0} difference(s) between what was set up and what is there")]
    CheckFailed(usize),

    /// `net validate` found faults; they were already printed as the report.
    #[error("{0} of {1} network config(s) have faults")]
    InvalidConfigs(usize, usize),

    #[error("cannot read defaults file {path}")]
    DefaultsFile {
        path: PathBuf,
        #[source]
        source: io::Error,
    },

    #[error("{context}")]
    Io {
        context: String,
        #[source]
        source: io::Error,
    },

    /// Writing the report to stdout failed (a closed pipe is handled by `main`).
    #[error("cannot write output: {0}")]
    Output(#[source] io::Error),
}

fn attach_failed(step: &str, source: &Error, leftovers: &[String]) -> String {
    if leftovers.is_empty() {
        format!(
            "attaching failed at step \"{step}\": {source}; everything done before it was undone"
        )
    } else {
        format!(
            "attaching failed at step \"{step}\": {source}; undoing it left: {}",
            leftovers.join("; ")
        )
    }
}

impl Error {
    /// The error and its causes on one line, each cause once: some messages
    /// already quote their cause, and saying it twice helps nobody.
    pub fn chain_text(&self) -> String {
        use std::error::Error as _;
        let mut text = self.to_string();
        let mut source = self.source();
        while let Some(cause) = source {
            let cause_text = cause.to_string();
            if !text.contains(&cause_text) {
                text.push_str(": ");
                text.push_str(&cause_text);
            }
            source = cause.source();
        }
        text
    }

    pub fn io(context: impl Into<String>, source: io::Error) -> Self {
        Error::Io {
            context: context.into(),
            source,
        }
    }

    pub fn exit_status(&self) -> ExitStatus {
        match self {
            Error::Config(e) => config_status(e),
            Error::Ipam(e) => ipam_status(e),
            Error::InvalidConfigs(..) => ExitStatus::InvalidConfig,
            Error::NotAttached { .. } => ExitStatus::NotFound,
            Error::CheckFailed(_) => ExitStatus::Failure,
            Error::DefaultsFile { source, .. } | Error::Io { source, .. } => io_status(source),
            Error::Output(_) => ExitStatus::Failure,
            Error::Netlink(NetlinkError::PermissionDenied { .. }) => ExitStatus::PermissionDenied,
            Error::NeedsRoot { .. } => ExitStatus::PermissionDenied,
            Error::Runtime(
                RuntimeError::NetnsMissing { .. }
                | RuntimeError::PidMissing { .. }
                | RuntimeError::PathMissing(_)
                | RuntimeError::DockerNotFound { .. }
                | RuntimeError::RuncNotFound { .. },
            ) => ExitStatus::NotFound,
            Error::Runtime(
                RuntimeError::DockerPermission { .. } | RuntimeError::RuncPermission { .. },
            ) => ExitStatus::PermissionDenied,
            Error::Runtime(
                RuntimeError::DockerUnreachable { .. }
                | RuntimeError::Docker { .. }
                | RuntimeError::Runc { .. }
                | RuntimeError::NotRunning { .. },
            ) => ExitStatus::Failure,
            Error::ContainerDns(e) => e.io_source().map_or(ExitStatus::Usage, io_status),
            Error::Runtime(_) | Error::BadMac(_) | Error::TargetIsHost { .. } => ExitStatus::Usage,
            Error::NetDef(crate::engine::netdef::NetDefError::Invalid { .. }) => ExitStatus::Usage,
            Error::NetDef(_) => ExitStatus::Failure,
            Error::Publish(crate::engine::ports::PublishError::Syntax { .. }) => ExitStatus::Usage,
            Error::Publish(_) => ExitStatus::Failure,
            Error::AttachFailed { source, .. } => source.exit_status(),
            // A resolvConf path is part of the network config: a missing
            // file is a config fault, an unreadable one a permission problem.
            Error::Dns(DnsError::Read { source, .. }) => match io_status(source) {
                ExitStatus::PermissionDenied => ExitStatus::PermissionDenied,
                _ => ExitStatus::InvalidConfig,
            },
            Error::Netlink(_)
            | Error::Netns(_)
            | Error::Firewall(_)
            | Error::Plan(_)
            | Error::Cache(_)
            | Error::Cni(_)
            | Error::AlreadyAttached { .. }
            | Error::IfnameTaken { .. }
            | Error::Injected(_)
            | Error::Chain { .. }
            | Error::Plugin(_)
            | Error::Teardown(_) => ExitStatus::Failure,
        }
    }

    /// True when stdout was closed under us (`cnictl leases | head -1`): not an error.
    pub fn is_broken_pipe(&self) -> bool {
        matches!(self, Error::Output(e) if e.kind() == io::ErrorKind::BrokenPipe)
    }
}

fn config_status(err: &ConfigError) -> ExitStatus {
    match err {
        ConfigError::Read { source, .. } | ConfigError::ReadDir { source, .. } => io_status(source),
        ConfigError::ConfDirMissing { .. }
        | ConfigError::NetworkNotFound { .. }
        | ConfigError::NetworkNotFoundNoDir { .. }
        | ConfigError::NetworkFileMissing { .. } => ExitStatus::NotFound,
        ConfigError::Json { .. }
        | ConfigError::Field { .. }
        | ConfigError::NoRanges { .. }
        | ConfigError::Range { .. }
        | ConfigError::Invalid { .. }
        | ConfigError::SettingsSyntax { .. }
        | ConfigError::SettingsUnknownKey { .. } => ExitStatus::InvalidConfig,
    }
}

fn ipam_status(err: &IpamError) -> ExitStatus {
    match err {
        IpamError::PermissionDenied { .. } => ExitStatus::PermissionDenied,
        IpamError::Io { source, .. } => io_status(source),
        _ => ExitStatus::Failure,
    }
}

/// The status an I/O error deserves: permission problems are told apart so
/// scripts can tell "run me as root" from "something broke".
pub fn io_status(err: &io::Error) -> ExitStatus {
    match err.kind() {
        io::ErrorKind::PermissionDenied => ExitStatus::PermissionDenied,
        io::ErrorKind::NotFound => ExitStatus::NotFound,
        _ => ExitStatus::Failure,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exit_table_lists_every_status_once_in_order() {
        let codes: Vec<u8> = ExitStatus::TABLE.iter().map(|(s, _)| s.code()).collect();
        assert_eq!(codes, vec![0, 1, 2, 3, 4, 5]);
    }

    #[test]
    fn io_errors_map_to_statuses() {
        let denied = Error::io("open x", io::Error::from(io::ErrorKind::PermissionDenied));
        assert_eq!(denied.exit_status(), ExitStatus::PermissionDenied);
        let pipe = Error::Output(io::Error::from(io::ErrorKind::BrokenPipe));
        assert!(pipe.is_broken_pipe());
        assert!(!denied.is_broken_pipe());
    }
}
