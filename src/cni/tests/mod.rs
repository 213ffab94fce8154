//! Tests of the CNI layer: results against the reference plugin's output,
//! libcni's conversions, and the attachment cache on a temp dir.

mod cache;
mod reference;
mod result;

use std::net::IpAddr;

use ipnetwork::IpNetwork;

fn cidr(text: &str) -> IpNetwork {
    text.parse().unwrap()
}

fn ip(text: &str) -> IpAddr {
    text.parse().unwrap()
}
