//! The few sysctls an attach touches, written through `/proc/sys`.
//!
//! `/proc/sys/net` resolves against the network namespace of the thread
//! that opens the file, so a container's sysctls are written from a thread
//! inside its namespace (`NetnsFd::run`), never by path tricks like
//! `/proc/PID/root`.

use std::fmt;
use std::path::PathBuf;

use super::error::{NetlinkError, Op};
use super::names::validate_ifname;
use crate::netns::NetnsFd;

/// A sysctl cnictl writes.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Sysctl {
    /// `net.ipv4.ip_forward`: the host routes between bridge and uplink.
    Ipv4Forward,
    /// `net.ipv6.conf.all.forwarding`.
    Ipv6AllForwarding,
    /// `net.ipv6.conf.<ifname>.accept_dad`: 0 in the container so its
    /// addresses are usable at once, as the CNI bridge plugin does.
    Ipv6AcceptDad { ifname: String },
    /// `net.ipv6.conf.<ifname>.disable_ipv6`: 1 on a host veth, a bridge
    /// port, which needs no IPv6 of its own (see `commands::add`).
    Ipv6Disable { ifname: String },
    /// `net.ipv4.conf.<ifname>.route_localnet`: 1 on a bridge so a port
    /// published on 127.0.0.1 can be forwarded to a container.
    Ipv4RouteLocalnet { ifname: String },
}

impl Sysctl {
    /// The path under `/proc/sys`. Fails on an interface name that is not
    /// a valid single path component.
    pub fn path(&self) -> Result<PathBuf, NetlinkError> {
        Ok(match self {
            Sysctl::Ipv4Forward => PathBuf::from("/proc/sys/net/ipv4/ip_forward"),
            Sysctl::Ipv6AllForwarding => PathBuf::from("/proc/sys/net/ipv6/conf/all/forwarding"),
            Sysctl::Ipv6AcceptDad { ifname } => {
                validate_ifname(ifname)?;
                PathBuf::from(format!("/proc/sys/net/ipv6/conf/{ifname}/accept_dad"))
            }
            Sysctl::Ipv6Disable { ifname } => {
                validate_ifname(ifname)?;
                PathBuf::from(format!("/proc/sys/net/ipv6/conf/{ifname}/disable_ipv6"))
            }
            Sysctl::Ipv4RouteLocalnet { ifname } => {
                validate_ifname(ifname)?;
                PathBuf::from(format!("/proc/sys/net/ipv4/conf/{ifname}/route_localnet"))
            }
        })
    }
}

impl fmt::Display for Sysctl {
    /// The dotted key, as `sysctl(8)` shows it (a `.` in an interface name
    /// becomes `/`, as there).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Sysctl::Ipv4Forward => f.write_str("net.ipv4.ip_forward"),
            Sysctl::Ipv6AllForwarding => f.write_str("net.ipv6.conf.all.forwarding"),
            Sysctl::Ipv6AcceptDad { ifname } => {
                write!(f, "net.ipv6.conf.{}.accept_dad", ifname.replace('.', "/"))
            }
            Sysctl::Ipv6Disable { ifname } => {
                write!(f, "net.ipv6.conf.{}.disable_ipv6", ifname.replace('.', "/"))
            }
            Sysctl::Ipv4RouteLocalnet { ifname } => {
                write!(
                    f,
                    "net.ipv4.conf.{}.route_localnet",
                    ifname.replace('.', "/")
                )
            }
        }
    }
}

/// Writes `value` to `sysctl` in `netns` (None: the calling thread's own
/// namespace).
pub fn write(netns: Option<&NetnsFd>, sysctl: &Sysctl, value: &str) -> Result<(), NetlinkError> {
    let path = sysctl.path()?;
    let write_here = || std::fs::write(&path, value);
    let written = match netns {
        Some(ns) => ns.run(write_here)?,
        None => write_here(),
    };
    written.map_err(|source| NetlinkError::Sysctl {
        op: Op::WriteSysctl,
        key: sysctl.to_string(),
        path: path.clone(),
        source,
    })
}

/// Reads `sysctl` in `netns` (None: the calling thread's own namespace),
/// trimmed of the trailing newline.
pub fn read(netns: Option<&NetnsFd>, sysctl: &Sysctl) -> Result<String, NetlinkError> {
    let path = sysctl.path()?;
    let read_here = || std::fs::read_to_string(&path);
    let read = match netns {
        Some(ns) => ns.run(read_here)?,
        None => read_here(),
    };
    read.map(|text| text.trim_end().to_string())
        .map_err(|source| NetlinkError::Sysctl {
            op: Op::ReadSysctl,
            key: sysctl.to_string(),
            path: path.clone(),
            source,
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_and_paths() {
        let dad = Sysctl::Ipv6AcceptDad {
            ifname: "eth0.100".into(),
        };
        assert_eq!(dad.to_string(), "net.ipv6.conf.eth0/100.accept_dad");
        assert_eq!(
            dad.path().expect("valid"),
            PathBuf::from("/proc/sys/net/ipv6/conf/eth0.100/accept_dad")
        );
        assert_eq!(Sysctl::Ipv4Forward.to_string(), "net.ipv4.ip_forward");
        assert_eq!(
            Sysctl::Ipv6AllForwarding.path().expect("fixed"),
            PathBuf::from("/proc/sys/net/ipv6/conf/all/forwarding")
        );
    }

    #[test]
    fn an_interface_name_cannot_escape_the_conf_dir() {
        let sneaky = Sysctl::Ipv6AcceptDad {
            ifname: "../../ipv4/ip_forward".into(),
        };
        assert!(matches!(
            sneaky.path(),
            Err(NetlinkError::InvalidName { .. })
        ));
    }
}
