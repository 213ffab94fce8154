//! Ranges and range sets with host-local's defaults filled in.
//!
//! host-local canonicalizes every range before allocating: the subnet must be
//! a network address with room for at least two hosts, the gateway defaults to
//! network+1, `rangeStart` to network+1 and `rangeEnd` to the last address
//! (broadcast−1 for IPv4). cnictl applies the same rules so both tools agree
//! on which addresses a config can hand out.

use std::fmt;
use std::net::IpAddr;

use ipnetwork::IpNetwork;

use crate::config::types::RangeConf;

/// A range with every default applied; all addresses are of the subnet's family.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Range {
    pub subnet: IpNetwork,
    pub range_start: IpAddr,
    pub range_end: IpAddr,
    pub gateway: IpAddr,
}

/// One range set: the allocator hands out one address per set.
pub type RangeSet = Vec<Range>;

/// What is wrong with one range, named by the field the user wrote.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RangeError {
    #[error("subnet is missing")]
    MissingSubnet,
    #[error("subnet \"{0}\" is not a CIDR network such as 10.22.0.0/16")]
    BadSubnet(String),
    #[error("subnet {subnet} has host bits set: the network address is {network}/{prefix}")]
    HostBitsSet {
        subnet: String,
        network: IpAddr,
        prefix: u8,
    },
    #[error("subnet {0} is too small to allocate from: it needs a prefix of /{1} or shorter")]
    TooSmall(IpNetwork, u8),
    #[error("{field} \"{value}\" is not an IP address")]
    BadAddress { field: &'static str, value: String },
    #[error("{field} {addr} is not the same IP family as subnet {subnet}")]
    WrongFamily {
        field: &'static str,
        addr: IpAddr,
        subnet: IpNetwork,
    },
    #[error("{field} {addr} is outside subnet {subnet}")]
    OutsideSubnet {
        field: &'static str,
        addr: IpAddr,
        subnet: IpNetwork,
    },
    #[error("rangeStart {start} is after rangeEnd {end}")]
    StartAfterEnd { start: IpAddr, end: IpAddr },
    #[error("range set is empty")]
    EmptySet,
    #[error("ranges {0} and {1} of one set overlap")]
    Overlap(IpNetwork, IpNetwork),
    #[error("ranges {0} and {1} of one set mix IPv4 and IPv6")]
    MixedFamilies(IpNetwork, IpNetwork),
}

impl Range {
    /// Applies host-local's defaults and checks, as `Range.Canonicalize` does.
    /// Unlike host-local, a gateway outside the subnet is refused: the bridge
    /// plugin would put that address on the bridge and route through it.
    pub fn from_conf(conf: &RangeConf) -> Result<Range, RangeError> {
        let subnet_text = conf.subnet.trim();
        if subnet_text.is_empty() {
            return Err(RangeError::MissingSubnet);
        }
        // ipnetwork reads a bare address as a host route; a subnet needs its prefix.
        let subnet: IpNetwork = subnet_text
            .contains('/')
            .then(|| subnet_text.parse().ok())
            .flatten()
            .ok_or_else(|| RangeError::BadSubnet(conf.subnet.clone()))?;
        let max_prefix = match subnet {
            IpNetwork::V4(_) => 32,
            IpNetwork::V6(_) => 128,
        };
        if subnet.prefix() > max_prefix - 2 {
            return Err(RangeError::TooSmall(subnet, max_prefix - 2));
        }
        if subnet.ip() != subnet.network() {
            return Err(RangeError::HostBitsSet {
                subnet: conf.subnet.clone(),
                network: subnet.network(),
                prefix: subnet.prefix(),
            });
        }
        let network = subnet.network();
        let parse =
            |field: &'static str, value: &Option<String>| -> Result<Option<IpAddr>, RangeError> {
                let Some(text) = value else { return Ok(None) };
                let addr: IpAddr = text.trim().parse().map_err(|_| RangeError::BadAddress {
                    field,
                    value: text.clone(),
                })?;
                if addr.is_ipv4() != subnet.is_ipv4() {
                    return Err(RangeError::WrongFamily {
                        field,
                        addr,
                        subnet,
                    });
                }
                if !subnet.contains(addr) {
                    return Err(RangeError::OutsideSubnet {
                        field,
                        addr,
                        subnet,
                    });
                }
                Ok(Some(addr))
            };
        let gateway = parse("gateway", &conf.gateway)?.unwrap_or_else(|| next_ip(network));
        let range_start =
            parse("rangeStart", &conf.range_start)?.unwrap_or_else(|| next_ip(network));
        let range_end = parse("rangeEnd", &conf.range_end)?.unwrap_or_else(|| last_ip(subnet));
        if ip_to_u128(range_start) > ip_to_u128(range_end) {
            return Err(RangeError::StartAfterEnd {
                start: range_start,
                end: range_end,
            });
        }
        Ok(Range {
            subnet,
            range_start,
            range_end,
            gateway,
        })
    }

    /// True when `addr` may be allocated from this range (inside the subnet and
    /// between rangeStart and rangeEnd, inclusive), as host-local's `Contains`.
    pub fn contains(&self, addr: IpAddr) -> bool {
        addr.is_ipv4() == self.subnet.is_ipv4()
            && self.subnet.contains(addr)
            && ip_to_u128(addr) >= ip_to_u128(self.range_start)
            && ip_to_u128(addr) <= ip_to_u128(self.range_end)
    }

    /// Whether two ranges share any allocatable address.
    pub fn overlaps(&self, other: &Range) -> bool {
        self.subnet.is_ipv4() == other.subnet.is_ipv4()
            && ip_to_u128(self.range_start) <= ip_to_u128(other.range_end)
            && ip_to_u128(other.range_start) <= ip_to_u128(self.range_end)
    }
}

impl fmt::Display for Range {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{}", self.range_start, self.range_end)
    }
}

/// Canonicalizes one range set: every range valid, one IP family, no overlap.
/// On failure returns the index of the faulty range within the set (`None`
/// when the set itself is at fault) with the error.
pub fn range_set_from_conf(confs: &[RangeConf]) -> Result<RangeSet, (Option<usize>, RangeError)> {
    if confs.is_empty() {
        return Err((None, RangeError::EmptySet));
    }
    let mut set = RangeSet::with_capacity(confs.len());
    for (index, conf) in confs.iter().enumerate() {
        let range = Range::from_conf(conf).map_err(|e| (Some(index), e))?;
        for earlier in &set {
            if earlier.subnet.is_ipv4() != range.subnet.is_ipv4() {
                return Err((
                    Some(index),
                    RangeError::MixedFamilies(earlier.subnet, range.subnet),
                ));
            }
            if earlier.overlaps(&range) {
                return Err((
                    Some(index),
                    RangeError::Overlap(earlier.subnet, range.subnet),
                ));
            }
        }
        set.push(range);
    }
    Ok(set)
}

/// Formats a set the way host-local's error messages do: ranges joined by commas.
pub fn display_set(set: &[Range]) -> String {
    set.iter()
        .map(|r| r.to_string())
        .collect::<Vec<_>>()
        .join(",")
}

pub fn ip_to_u128(addr: IpAddr) -> u128 {
    match addr {
        IpAddr::V4(v4) => u32::from(v4) as u128,
        IpAddr::V6(v6) => u128::from(v6),
    }
}

fn u128_to_ip(value: u128, like: IpAddr) -> IpAddr {
    match like {
        IpAddr::V4(_) => IpAddr::V4((value as u32).into()),
        IpAddr::V6(_) => IpAddr::V6(value.into()),
    }
}

/// The next address, wrapping within the family.
pub fn next_ip(addr: IpAddr) -> IpAddr {
    match addr {
        IpAddr::V4(v4) => IpAddr::V4(u32::from(v4).wrapping_add(1).into()),
        IpAddr::V6(v6) => IpAddr::V6(u128::from(v6).wrapping_add(1).into()),
    }
}

/// The last usable address of a subnet: broadcast−1 for IPv4, the last
/// address for IPv6 (host-local's `lastIP`).
pub fn last_ip(subnet: IpNetwork) -> IpAddr {
    let broadcast = match subnet {
        IpNetwork::V4(n) => IpAddr::V4(n.broadcast()),
        IpNetwork::V6(n) => IpAddr::V6(n.broadcast()),
    };
    match broadcast {
        IpAddr::V4(_) => u128_to_ip(ip_to_u128(broadcast) - 1, broadcast),
        IpAddr::V6(_) => broadcast,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn conf(subnet: &str) -> RangeConf {
        RangeConf {
            subnet: subnet.into(),
            ..Default::default()
        }
    }

    #[test]
    fn defaults_follow_host_local() {
        let r = Range::from_conf(&conf("10.22.0.0/16")).unwrap();
        assert_eq!(r.gateway.to_string(), "10.22.0.1");
        assert_eq!(r.range_start.to_string(), "10.22.0.1");
        assert_eq!(r.range_end.to_string(), "10.22.255.254");
        let r6 = Range::from_conf(&conf("fd00:1::/64")).unwrap();
        assert_eq!(r6.range_start.to_string(), "fd00:1::1");
        assert_eq!(r6.range_end.to_string(), "fd00:1::ffff:ffff:ffff:ffff");
    }

    #[test]
    fn faults_are_named() {
        assert!(matches!(
            Range::from_conf(&conf("")),
            Err(RangeError::MissingSubnet)
        ));
        assert!(matches!(
            Range::from_conf(&conf("10.0.0.0")),
            Err(RangeError::BadSubnet(_))
        ));
        assert!(matches!(
            Range::from_conf(&conf("10.0.0.1/24")),
            Err(RangeError::HostBitsSet { .. })
        ));
        assert!(matches!(
            Range::from_conf(&conf("10.0.0.0/31")),
            Err(RangeError::TooSmall(..))
        ));
        assert!(matches!(
            Range::from_conf(&conf("10.0.0.0/32")),
            Err(RangeError::TooSmall(..))
        ));
        assert!(matches!(
            Range::from_conf(&conf("fd00::/127")),
            Err(RangeError::TooSmall(..))
        ));
        let mut c = conf("10.0.0.0/24");
        c.range_start = Some("10.0.1.5".into());
        assert!(matches!(
            Range::from_conf(&c),
            Err(RangeError::OutsideSubnet {
                field: "rangeStart",
                ..
            })
        ));
        c.range_start = Some("10.0.0.50".into());
        c.range_end = Some("10.0.0.40".into());
        assert!(matches!(
            Range::from_conf(&c),
            Err(RangeError::StartAfterEnd { .. })
        ));
        let mut g = conf("10.0.0.0/24");
        g.gateway = Some("fd00::1".into());
        assert!(matches!(
            Range::from_conf(&g),
            Err(RangeError::WrongFamily {
                field: "gateway",
                ..
            })
        ));
    }

    #[test]
    fn range_sets_refuse_overlap_and_mixed_families() {
        let overlap = [conf("10.0.0.0/24"), conf("10.0.0.0/25")];
        assert!(matches!(
            range_set_from_conf(&overlap),
            Err((Some(1), RangeError::Overlap(..)))
        ));
        let mixed = [conf("10.0.0.0/24"), conf("fd00::/64")];
        assert!(matches!(
            range_set_from_conf(&mixed),
            Err((Some(1), RangeError::MixedFamilies(..)))
        ));
        assert!(range_set_from_conf(&[conf("10.0.0.0/24"), conf("10.0.1.0/24")]).is_ok());
    }
}
