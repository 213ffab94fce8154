//! Errors of the netlink layer. The errnos a caller acts on (EEXIST, ENOENT
//! and its cousins, EPERM) become their own variants, so the attach engine
//! can match on them (DEL treats "not found" as done) without parsing text.

use std::fmt;
use std::path::PathBuf;

use nix::errno::Errno;

use super::types::RouteSpec;
use crate::netns::NetnsError;

/// An operation of the netlink layer, named for messages ("cannot create
/// bridge …") and for the fake's failure injection.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Op {
    GetLink,
    ListLinks,
    DeleteLink,
    AddBridge,
    SetAlias,
    CreateVeth,
    SetMaster,
    SetUp,
    SetDown,
    SetMtu,
    SetMac,
    SetPromisc,
    SetHairpin,
    NoIpv6LinkLocal,
    AddAddress,
    ListAddresses,
    DeleteAddress,
    AddRoute,
    ListRoutes,
    DeleteRoute,
    WriteSysctl,
    ReadSysctl,
    GetNsid,
}

impl fmt::Display for Op {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Op::GetLink => "look up",
            Op::ListLinks => "list links in",
            Op::DeleteLink => "delete",
            Op::AddBridge => "create",
            Op::SetAlias => "set the alias of",
            Op::CreateVeth => "create",
            Op::SetMaster => "attach",
            Op::SetUp => "bring up",
            Op::SetDown => "bring down",
            Op::SetMtu => "set the MTU of",
            Op::SetMac => "set the MAC address of",
            Op::SetPromisc => "set promiscuous mode on",
            Op::SetHairpin => "set hairpin mode on",
            Op::NoIpv6LinkLocal => "turn off the IPv6 link-local address of",
            Op::AddAddress => "add",
            Op::ListAddresses => "list addresses in",
            Op::DeleteAddress => "delete",
            Op::AddRoute => "add",
            Op::ListRoutes => "list routes in",
            Op::DeleteRoute => "delete",
            Op::WriteSysctl => "write",
            Op::ReadSysctl => "read",
            Op::GetNsid => "find the namespace id of",
        })
    }
}

/// Errors of netlink requests and sysctl writes. `target` names the thing
/// acted on as the caller knows it: `bridge "cni0"`, `address 10.88.0.2/16
/// on "eth0" (#3)`, `route 0.0.0.0/0 via 10.88.0.1 dev "eth0" (#3)`.
#[derive(Debug, thiserror::Error)]
pub enum NetlinkError {
    #[error("cannot {op} {target}: it already exists")]
    AlreadyExists { op: Op, target: String },

    /// ENOENT, ENODEV, ESRCH or EADDRNOTAVAIL: the thing, or something it
    /// refers to (the interface of a route), is not there.
    #[error("cannot {op} {target}: not found ({})", errno.desc())]
    NotFound {
        op: Op,
        target: String,
        errno: Errno,
    },

    #[error("cannot {op} {target}: permission denied; cnictl needs root (CAP_NET_ADMIN)")]
    PermissionDenied { op: Op, target: String },

    /// EXFULL on joining a bridge: the kernel numbers a bridge's ports in
    /// ten bits, so a bridge holds at most 1023.
    #[error(
        "cannot {op} {target}: the bridge is full, a Linux bridge holds at most 1023 ports; \
         attach further containers to a network on another bridge"
    )]
    BridgeFull { op: Op, target: String },

    /// Any other errno from the kernel.
    #[error("cannot {op} {target}: {} ({errno:?})", errno.desc())]
    Kernel {
        op: Op,
        target: String,
        errno: Errno,
    },

    /// The reply could not be understood, or the connection is gone.
    #[error("cannot {op} {target}: netlink: {detail}")]
    Protocol {
        op: Op,
        target: String,
        detail: String,
    },

    #[error(
        "{name:?} already exists but is a {kind}, not a bridge; \
         remove it or choose another bridge name"
    )]
    NotABridge { name: String, kind: String },

    #[error(
        "interface {name:?} already exists in network namespace {netns}; \
         choose another interface name for the container"
    )]
    PeerExists { name: String, netns: PathBuf },

    #[error("no free host-side veth name after {attempts} attempts")]
    NoFreeVethName { attempts: u32 },

    #[error("invalid route {route}: {reason}")]
    InvalidRoute { route: String, reason: &'static str },

    #[error("invalid interface name {name:?}: {reason}")]
    InvalidName { name: String, reason: &'static str },

    #[error("cannot open a netlink socket in {netns}: {source}")]
    Socket {
        netns: String,
        #[source]
        source: std::io::Error,
    },

    #[error("cannot {op} sysctl {key} ({path}): {source}")]
    Sysctl {
        op: Op,
        key: String,
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    #[error(transparent)]
    Netns(#[from] NetnsError),
}

impl NetlinkError {
    /// Maps a kernel errno to the matching variant.
    pub fn from_errno(op: Op, target: impl Into<String>, errno: Errno) -> Self {
        let target = target.into();
        match errno {
            Errno::EEXIST => NetlinkError::AlreadyExists { op, target },
            Errno::ENOENT | Errno::ENODEV | Errno::ESRCH | Errno::EADDRNOTAVAIL => {
                NetlinkError::NotFound { op, target, errno }
            }
            Errno::EPERM | Errno::EACCES => NetlinkError::PermissionDenied { op, target },
            Errno::EXFULL if op == Op::SetMaster => NetlinkError::BridgeFull { op, target },
            errno => NetlinkError::Kernel { op, target, errno },
        }
    }

    /// Maps an rtnetlink error: kernel NACKs by errno, the rest as protocol
    /// errors.
    pub(crate) fn from_rtnetlink(op: Op, target: impl Into<String>, err: rtnetlink::Error) -> Self {
        match err {
            rtnetlink::Error::NetlinkError(msg) if msg.raw_code() != 0 => {
                Self::from_errno(op, target, Errno::from_raw(msg.raw_code().abs()))
            }
            other => NetlinkError::Protocol {
                op,
                target: target.into(),
                detail: other.to_string(),
            },
        }
    }

    /// A route whose gateway is of the other IP family than its destination.
    pub(crate) fn mixed_route_families(spec: &RouteSpec) -> Self {
        NetlinkError::InvalidRoute {
            route: spec.to_string(),
            reason: "the gateway is not of the destination's IP family",
        }
    }

    /// True for `NotFound`: teardown treats it as already done.
    pub fn is_not_found(&self) -> bool {
        matches!(self, NetlinkError::NotFound { .. })
    }

    /// True for `AlreadyExists`.
    pub fn is_already_exists(&self) -> bool {
        matches!(self, NetlinkError::AlreadyExists { .. })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rtnetlink::packet_core::ErrorMessage;
    use std::num::NonZeroI32;

    fn nack(errno: Errno) -> rtnetlink::Error {
        let mut msg = ErrorMessage::default();
        msg.code = NonZeroI32::new(-(errno as i32));
        rtnetlink::Error::NetlinkError(msg)
    }

    #[test]
    fn eexist_is_already_exists() {
        let err =
            NetlinkError::from_rtnetlink(Op::AddBridge, "bridge \"cni0\"", nack(Errno::EEXIST));
        assert!(err.is_already_exists());
        assert_eq!(
            err.to_string(),
            "cannot create bridge \"cni0\": it already exists"
        );
    }

    #[test]
    fn missing_things_are_not_found_whatever_errno_the_kernel_picked() {
        for errno in [
            Errno::ENOENT,
            Errno::ENODEV,
            Errno::ESRCH,
            Errno::EADDRNOTAVAIL,
        ] {
            let err = NetlinkError::from_rtnetlink(Op::DeleteLink, "link #7", nack(errno));
            assert!(err.is_not_found(), "{errno}: {err:?}");
        }
        let err = NetlinkError::from_errno(Op::GetLink, "link \"eth9\"", Errno::ENODEV);
        assert_eq!(
            err.to_string(),
            "cannot look up link \"eth9\": not found (No such device)"
        );
    }

    #[test]
    fn a_full_bridge_says_so_and_what_to_do() {
        let target = "link \"veth1234abcd\" (#7) to bridge \"cni0\" (#2)";
        let err = NetlinkError::from_rtnetlink(Op::SetMaster, target, nack(Errno::EXFULL));
        let text = err.to_string();
        assert!(text.contains("at most 1023 ports"), "{text}");
        assert!(text.contains("another bridge"), "{text}");
        // Elsewhere EXFULL is just the kernel's word.
        let other = NetlinkError::from_errno(Op::AddRoute, "route", Errno::EXFULL);
        assert!(matches!(other, NetlinkError::Kernel { .. }), "{other:?}");
    }

    #[test]
    fn eperm_says_what_is_needed() {
        let err =
            NetlinkError::from_rtnetlink(Op::AddBridge, "bridge \"cni0\"", nack(Errno::EPERM));
        assert!(matches!(err, NetlinkError::PermissionDenied { .. }));
        assert_eq!(
            err.to_string(),
            "cannot create bridge \"cni0\": permission denied; cnictl needs root (CAP_NET_ADMIN)"
        );
    }

    #[test]
    fn other_errnos_keep_the_errno() {
        let err = NetlinkError::from_rtnetlink(
            Op::AddRoute,
            "route 0.0.0.0/0 via 10.0.0.1 dev #3",
            nack(Errno::ENETUNREACH),
        );
        assert!(matches!(
            err,
            NetlinkError::Kernel {
                errno: Errno::ENETUNREACH,
                ..
            }
        ));
        assert_eq!(
            err.to_string(),
            "cannot add route 0.0.0.0/0 via 10.0.0.1 dev #3: Network is unreachable (ENETUNREACH)"
        );
    }

    #[test]
    fn non_kernel_failures_are_protocol_errors() {
        let err = NetlinkError::from_rtnetlink(
            Op::ListLinks,
            "namespace",
            rtnetlink::Error::RequestFailed,
        );
        assert!(matches!(err, NetlinkError::Protocol { .. }), "{err:?}");
    }
}
