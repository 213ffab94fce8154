//! Errors of the IPAM layer. Each message names the network, address, range
//! set or path involved and, where the user can act, says how.

use std::io;
use std::net::IpAddr;
use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum IpamError {
    #[error(
        "no IP addresses available in network \"{network}\" range set {range_set} \
         (release leases with cnictl del or cnictl gc)"
    )]
    Exhausted { network: String, range_set: String },

    #[error(
        "requested IP address {ip} is not in any range of network \"{network}\" \
         (range sets: {range_sets}); request an address inside one of them"
    )]
    RequestedOutsideRanges {
        network: String,
        ip: IpAddr,
        range_sets: String,
    },

    #[error(
        "requested IP address {ip} is not available in range set {range_set} of network \
         \"{network}\": it is leased already (see cnictl leases)"
    )]
    RequestedTaken {
        network: String,
        ip: IpAddr,
        range_set: String,
    },

    #[error(
        "requested IP address {ip} is the gateway of range {range} in network \"{network}\"; \
         request another address"
    )]
    RequestedGateway {
        network: String,
        ip: IpAddr,
        range: String,
    },

    #[error(
        "requested IP addresses {first} and {second} both fall in range set {range_set} of \
         network \"{network}\", which gives one address per container; request one of them"
    )]
    RequestedTwiceInSet {
        network: String,
        first: IpAddr,
        second: IpAddr,
        range_set: String,
    },

    #[error(
        "{ip} has been allocated to {container_id} (interface {ifname}) in network \"{network}\", \
         duplicate allocation is not allowed (remove it first with cnictl del)"
    )]
    Duplicate {
        network: String,
        ip: IpAddr,
        container_id: String,
        ifname: String,
    },

    #[error("container ID is empty: a lease needs the ID of the container it belongs to")]
    EmptyContainerId,

    #[error("interface name is empty: a lease records the container's interface name")]
    EmptyIfname,

    #[error(
        "network name \"{0}\" cannot name a lease directory: it must be non-empty, not \".\" \
         or \"..\", and contain no '/'"
    )]
    BadNetworkName(String),

    #[error("permission denied: cannot {action} {path} (the lease store belongs to root: run with sudo)")]
    PermissionDenied { action: &'static str, path: PathBuf },

    #[error("cannot {action} {path}: {source}")]
    Io {
        action: &'static str,
        path: PathBuf,
        #[source]
        source: io::Error,
    },
}
