//! The pure allocator: which address to hand out next, in exactly the order
//! host-local uses (`RangeIter` in its `allocator.go`), so that cnictl and
//! host-local sharing a lease directory continue each other's round-robin.
//!
//! The order: start right after the last reserved address when that address
//! lies inside the set, otherwise at range 0's `rangeStart`; walk up to the
//! range's `rangeEnd`, then continue at the next range's `rangeStart`,
//! cycling through the set; skip each range's gateway; stop when back where
//! the walk started.

use std::net::IpAddr;

use super::error::IpamError;
use super::range::{display_set, next_ip, Range};

/// Every allocatable candidate of a range set in host-local's order, each
/// with the range it belongs to. Taken addresses are not filtered out here:
/// the store decides, under its lock.
#[derive(Debug, Clone)]
pub struct RangeIter<'a> {
    set: &'a [Range],
    range_index: usize,
    /// The last candidate considered (`None` before the first call when the
    /// walk starts at range 0's rangeStart).
    current: Option<IpAddr>,
    /// Where the walk began; meeting it again ends the walk.
    start: Option<IpAddr>,
    finished: bool,
}

impl<'a> RangeIter<'a> {
    /// `last_reserved` is what `last_reserved_ip.<set index>` holds. An address
    /// outside the set (the config changed since) is ignored, as host-local
    /// does: round-robin restarts at range 0.
    pub fn new(set: &'a [Range], last_reserved: Option<IpAddr>) -> Self {
        let resume = last_reserved.and_then(|ip| range_index_for(set, ip).map(|index| (index, ip)));
        match resume {
            Some((range_index, ip)) => RangeIter {
                set,
                range_index,
                current: Some(ip),
                start: None,
                finished: set.is_empty(),
            },
            None => RangeIter {
                set,
                range_index: 0,
                current: None,
                start: None,
                finished: set.is_empty(),
            },
        }
    }
}

impl<'a> Iterator for RangeIter<'a> {
    type Item = (IpAddr, &'a Range);

    fn next(&mut self) -> Option<Self::Item> {
        // A loop rather than host-local's recursion when skipping a gateway.
        while !self.finished {
            let candidate = match self.current {
                None => {
                    let range = &self.set[self.range_index];
                    self.start = Some(range.range_start);
                    range.range_start
                }
                Some(current) => {
                    let range = &self.set[self.range_index];
                    let candidate = if current == range.range_end {
                        self.range_index = (self.range_index + 1) % self.set.len();
                        self.set[self.range_index].range_start
                    } else {
                        next_ip(current)
                    };
                    match self.start {
                        None => self.start = Some(candidate),
                        Some(start) if start == candidate => {
                            self.finished = true;
                            return None;
                        }
                        Some(_) => {}
                    }
                    candidate
                }
            };
            self.current = Some(candidate);
            let range = &self.set[self.range_index];
            if candidate != range.gateway {
                return Some((candidate, range));
            }
        }
        None
    }
}

/// The index of the range of `set` that may hand out `ip`, as host-local's
/// `RangeSet.RangeFor`.
pub fn range_index_for(set: &[Range], ip: IpAddr) -> Option<usize> {
    set.iter().position(|range| range.contains(ip))
}

/// The next free address of `set` and its range, or `None` when every
/// candidate is taken.
pub fn next_free_ip(
    set: &[Range],
    is_taken: impl Fn(IpAddr) -> bool,
    last_reserved: Option<IpAddr>,
) -> Option<(IpAddr, &Range)> {
    RangeIter::new(set, last_reserved).find(|(ip, _)| !is_taken(*ip))
}

/// Like [`next_free_ip`], with the error the user sees when the set is full.
pub fn allocate_from_set<'a>(
    network: &str,
    set: &'a [Range],
    is_taken: impl Fn(IpAddr) -> bool,
    last_reserved: Option<IpAddr>,
) -> Result<(IpAddr, &'a Range), IpamError> {
    next_free_ip(set, is_taken, last_reserved).ok_or_else(|| IpamError::Exhausted {
        network: network.to_string(),
        range_set: display_set(set),
    })
}

/// Checks a requested address the way host-local does before reserving it:
/// inside a range of the set, not that range's gateway, and free. Returns
/// the range it belongs to.
pub fn check_requested<'a>(
    network: &str,
    set: &'a [Range],
    ip: IpAddr,
    is_taken: impl Fn(IpAddr) -> bool,
) -> Result<&'a Range, IpamError> {
    let range = range_index_for(set, ip)
        .map(|index| &set[index])
        .ok_or_else(|| IpamError::RequestedOutsideRanges {
            network: network.to_string(),
            ip,
            range_sets: display_set(set),
        })?;
    if ip == range.gateway {
        return Err(IpamError::RequestedGateway {
            network: network.to_string(),
            ip,
            range: range.to_string(),
        });
    }
    if is_taken(ip) {
        return Err(IpamError::RequestedTaken {
            network: network.to_string(),
            ip,
            range_set: display_set(set),
        });
    }
    Ok(range)
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use proptest::prelude::*;

    use super::*;
    use crate::config::types::RangeConf;
    use crate::ipam::range::{ip_to_u128, range_set_from_conf, RangeError};

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap()
    }

    /// `(subnet, rangeStart, rangeEnd, gateway)`, empty strings for defaults.
    fn set(ranges: &[(&str, &str, &str, &str)]) -> Vec<Range> {
        let opt = |s: &str| (!s.is_empty()).then(|| s.to_string());
        let confs: Vec<RangeConf> = ranges
            .iter()
            .map(|(subnet, start, end, gateway)| RangeConf {
                subnet: subnet.to_string(),
                range_start: opt(start),
                range_end: opt(end),
                gateway: opt(gateway),
            })
            .collect();
        range_set_from_conf(&confs).unwrap()
    }

    /// Allocates until exhaustion, each address taken once handed out:
    /// what successive host-local ADDs on one directory return.
    fn order(set: &[Range], taken: &[&str], last_reserved: Option<&str>) -> Vec<String> {
        let mut taken: HashSet<IpAddr> = taken.iter().map(|t| ip(t)).collect();
        let mut last = last_reserved.map(ip);
        let mut out = Vec::new();
        while let Some((next, _)) = next_free_ip(set, |a| taken.contains(&a), last) {
            taken.insert(next);
            last = Some(next);
            out.push(next.to_string());
        }
        out
    }

    fn first(set: &[Range], taken: &[&str], last_reserved: Option<&str>) -> Option<String> {
        let taken: HashSet<IpAddr> = taken.iter().map(|t| ip(t)).collect();
        next_free_ip(set, |a| taken.contains(&a), last_reserved.map(ip)).map(|(a, _)| a.to_string())
    }

    // Expected orders below were checked against Debian's host-local 1.1.1
    // (/usr/lib/cni/host-local) by running successive ADDs on one dataDir;
    // tests/interop_host_local.rs repeats that comparison automatically.

    #[test]
    fn first_ip_of_a_24_is_dot_2() {
        let s = set(&[("10.9.0.0/24", "", "", "")]);
        assert_eq!(first(&s, &[], None).as_deref(), Some("10.9.0.2"));
        let (_, range) = next_free_ip(&s, |_| false, None).unwrap();
        assert_eq!(range.gateway, ip("10.9.0.1"));
    }

    #[test]
    fn continues_round_robin_after_last_reserved() {
        let s = set(&[("10.9.0.0/24", "", "", "")]);
        // .3 is free again (released) but round-robin goes forward.
        assert_eq!(
            first(&s, &["10.9.0.2"], Some("10.9.0.3")).as_deref(),
            Some("10.9.0.4")
        );
        assert_eq!(
            first(&s, &["10.9.0.4", "10.9.0.5"], Some("10.9.0.3")).as_deref(),
            Some("10.9.0.6")
        );
    }

    #[test]
    fn wraps_from_range_end_back_to_range_start() {
        let s = set(&[("10.9.0.0/24", "", "", "")]);
        assert_eq!(
            first(&s, &[], Some("10.9.0.254")).as_deref(),
            Some("10.9.0.2")
        );
        // Everything after the last reserved taken: wraps, and finally
        // reaches the last reserved address itself when it was released.
        let taken: Vec<String> = (2..=254)
            .filter(|n| *n != 100)
            .map(|n| format!("10.9.0.{n}"))
            .collect();
        let taken: Vec<&str> = taken.iter().map(String::as_str).collect();
        assert_eq!(
            first(&s, &taken, Some("10.9.0.100")).as_deref(),
            Some("10.9.0.100")
        );
    }

    #[test]
    fn walks_ranges_in_order_and_cycles_through_the_set() {
        let s = set(&[
            ("10.1.0.0/24", "10.1.0.10", "10.1.0.12", "10.1.0.11"),
            ("10.2.0.0/30", "", "", ""),
        ]);
        assert_eq!(order(&s, &[], None), ["10.1.0.10", "10.1.0.12", "10.2.0.2"]);
        // From the end of range 1 back to range 0.
        assert_eq!(
            first(&s, &[], Some("10.2.0.2")).as_deref(),
            Some("10.1.0.10")
        );
        // From the end of range 0 into range 1.
        assert_eq!(
            first(&s, &[], Some("10.1.0.12")).as_deref(),
            Some("10.2.0.2")
        );
        // The last reserved address in range 1, range 0 full but for .12.
        assert_eq!(
            first(&s, &["10.1.0.10"], Some("10.2.0.2")).as_deref(),
            Some("10.1.0.12")
        );
    }

    #[test]
    fn honours_range_start_and_range_end() {
        let s = set(&[("10.3.0.0/24", "10.3.0.100", "10.3.0.103", "")]);
        assert_eq!(
            order(&s, &[], None),
            ["10.3.0.100", "10.3.0.101", "10.3.0.102", "10.3.0.103"]
        );
    }

    #[test]
    fn skips_a_gateway_in_the_middle_of_the_range() {
        let s = set(&[("10.4.0.0/24", "10.4.0.10", "10.4.0.14", "10.4.0.12")]);
        assert_eq!(
            order(&s, &[], None),
            ["10.4.0.10", "10.4.0.11", "10.4.0.13", "10.4.0.14"]
        );
        // Resuming right before the gateway skips it too.
        assert_eq!(
            first(&s, &[], Some("10.4.0.11")).as_deref(),
            Some("10.4.0.13")
        );
    }

    #[test]
    fn skips_a_gateway_at_range_start() {
        let s = set(&[("10.4.0.0/24", "10.4.0.5", "", "10.4.0.5")]);
        assert_eq!(first(&s, &[], None).as_deref(), Some("10.4.0.6"));
        // After rangeEnd the walk wraps to rangeStart, the gateway, and skips it.
        assert_eq!(
            first(&s, &["10.4.0.6", "10.4.0.7"], Some("10.4.0.254")).as_deref(),
            Some("10.4.0.8")
        );
    }

    #[test]
    fn a_slash_30_has_one_address_besides_the_gateway() {
        let s = set(&[("10.5.0.0/30", "", "", "")]);
        assert_eq!(order(&s, &[], None), ["10.5.0.2"]);
    }

    #[test]
    fn single_address_ranges() {
        let s = set(&[
            ("10.6.0.0/24", "10.6.0.7", "10.6.0.7", ""),
            ("10.6.1.0/24", "10.6.1.9", "10.6.1.9", ""),
        ]);
        assert_eq!(order(&s, &[], None), ["10.6.0.7", "10.6.1.9"]);
        assert_eq!(order(&s, &[], Some("10.6.0.7")), ["10.6.1.9", "10.6.0.7"]);
        // A range whose only address is its gateway hands out nothing and
        // the walk still ends.
        let only_gateway = set(&[("10.6.2.0/24", "10.6.2.1", "10.6.2.1", "")]);
        assert!(order(&only_gateway, &[], None).is_empty());
        assert!(order(&only_gateway, &[], Some("10.6.2.1")).is_empty());
    }

    #[test]
    fn slash_31_and_slash_32_are_refused() {
        for subnet in ["10.7.0.0/31", "10.7.0.0/32", "fd00::/127", "fd00::/128"] {
            let conf = RangeConf {
                subnet: subnet.into(),
                ..Default::default()
            };
            assert!(
                matches!(Range::from_conf(&conf), Err(RangeError::TooSmall(..))),
                "{subnet} accepted"
            );
        }
    }

    #[test]
    fn ipv6_order_and_text() {
        let s = set(&[("fd00:0:0:1::/120", "fd00:0:0:1::fe", "", "")]);
        assert_eq!(order(&s, &[], None), ["fd00:0:0:1::fe", "fd00:0:0:1::ff"]);
        let default = set(&[("fd00:1::/64", "", "", "")]);
        assert_eq!(first(&default, &[], None).as_deref(), Some("fd00:1::2"));
        // The last address of an IPv6 subnet is usable (no broadcast) and
        // the walk wraps from it.
        assert_eq!(
            first(&default, &[], Some("fd00:1::ffff:ffff:ffff:fffe")).as_deref(),
            Some("fd00:1::ffff:ffff:ffff:ffff")
        );
        assert_eq!(
            first(&default, &[], Some("fd00:1::ffff:ffff:ffff:ffff")).as_deref(),
            Some("fd00:1::2")
        );
    }

    #[test]
    fn dual_stack_sets_allocate_independently() {
        let v6 = set(&[("fd00:0:0:1::/120", "fd00:0:0:1::fe", "", "")]);
        let v4 = set(&[("10.3.0.0/24", "", "", "")]);
        // Each set has its own last_reserved_ip.N; an IPv4 last reserved is
        // outside the IPv6 set and ignored.
        assert_eq!(first(&v6, &[], None).as_deref(), Some("fd00:0:0:1::fe"));
        assert_eq!(first(&v4, &[], None).as_deref(), Some("10.3.0.2"));
        assert_eq!(
            first(&v6, &[], Some("10.3.0.2")).as_deref(),
            Some("fd00:0:0:1::fe")
        );
    }

    #[test]
    fn exhaustion_names_network_and_set() {
        let s = set(&[("10.5.0.0/30", "", "", "")]);
        let err = allocate_from_set("mynet", &s, |a| a == ip("10.5.0.2"), None).unwrap_err();
        assert_eq!(
            err.to_string(),
            "no IP addresses available in network \"mynet\" range set 10.5.0.1-10.5.0.2 \
             (release leases with cnictl del or cnictl gc)"
        );
    }

    #[test]
    fn last_reserved_outside_the_set_restarts_at_range_start() {
        let s = set(&[("10.4.0.0/24", "10.4.0.5", "", "10.4.0.5")]);
        // Outside the subnet, and inside the subnet but before rangeStart.
        assert_eq!(
            first(&s, &[], Some("10.9.9.9")).as_deref(),
            Some("10.4.0.6")
        );
        assert_eq!(
            first(&s, &[], Some("10.4.0.2")).as_deref(),
            Some("10.4.0.6")
        );
        assert_eq!(
            first(&s, &["10.4.0.6"], Some("fd00::1")).as_deref(),
            Some("10.4.0.7")
        );
    }

    #[test]
    fn requested_ip_checks() {
        let s = set(&[("10.4.0.0/24", "", "", "")]);
        let free = |_| false;
        assert_eq!(
            check_requested("n", &s, ip("10.4.0.7"), free)
                .unwrap()
                .subnet
                .to_string(),
            "10.4.0.0/24"
        );
        assert_eq!(
            check_requested("n", &s, ip("10.8.0.1"), free)
                .unwrap_err()
                .to_string(),
            "requested IP address 10.8.0.1 is not in any range of network \"n\" \
             (range sets: 10.4.0.1-10.4.0.254); request an address inside one of them"
        );
        assert_eq!(
            check_requested("n", &s, ip("10.4.0.7"), |a| a == ip("10.4.0.7"))
                .unwrap_err()
                .to_string(),
            "requested IP address 10.4.0.7 is not available in range set 10.4.0.1-10.4.0.254 \
             of network \"n\": it is leased already (see cnictl leases)"
        );
        assert!(matches!(
            check_requested("n", &s, ip("10.4.0.1"), free),
            Err(IpamError::RequestedGateway { .. })
        ));
        // The broadcast address is past rangeEnd.
        assert!(matches!(
            check_requested("n", &s, ip("10.4.0.255"), free),
            Err(IpamError::RequestedOutsideRanges { .. })
        ));
    }

    /// A random IPv4 range set of 1–3 small, non-overlapping ranges, each
    /// in its own /26 with random rangeStart, rangeEnd and gateway.
    fn arb_set() -> impl Strategy<Value = Vec<Range>> {
        proptest::collection::vec((0u32..4, 0u32..64, 0u32..64, 0u32..64), 1..=3).prop_map(
            |specs| {
                let mut seen = HashSet::new();
                let confs: Vec<RangeConf> = specs
                    .into_iter()
                    .filter(|spec| seen.insert(spec.0))
                    .map(|(block, a, b, g)| {
                        let base = u32::from(std::net::Ipv4Addr::new(10, 0, 0, 0)) + block * 64;
                        let addr = |off: u32| std::net::Ipv4Addr::from(base + off).to_string();
                        let (lo, hi) = (a.min(b).clamp(1, 62), a.max(b).clamp(1, 62));
                        RangeConf {
                            subnet: format!("{}/26", addr(0)),
                            range_start: Some(addr(lo)),
                            range_end: Some(addr(hi)),
                            gateway: Some(addr(g.clamp(1, 62))),
                        }
                    })
                    .collect();
                range_set_from_conf(&confs).unwrap()
            },
        )
    }

    fn free_addresses(set: &[Range], taken: &HashSet<IpAddr>) -> HashSet<IpAddr> {
        set.iter()
            .flat_map(|r| {
                (ip_to_u128(r.range_start)..=ip_to_u128(r.range_end))
                    .map(|n| IpAddr::V4(std::net::Ipv4Addr::from(n as u32)))
                    .filter(move |a| *a != r.gateway)
            })
            .filter(|a| !taken.contains(a))
            .collect()
    }

    proptest! {
        #[test]
        fn never_taken_never_gateway_always_in_range(
            set in arb_set(),
            taken_offsets in proptest::collection::hash_set(0u32..256, 0..200),
            last_offset in proptest::option::of(0u32..256),
        ) {
            let base = u32::from(std::net::Ipv4Addr::new(10, 0, 0, 0));
            let to_ip = |o: u32| IpAddr::V4((base + o).into());
            let taken: HashSet<IpAddr> = taken_offsets.into_iter().map(to_ip).collect();
            let last = last_offset.map(to_ip);
            if let Some((got, range)) = next_free_ip(&set, |a| taken.contains(&a), last) {
                prop_assert!(!taken.contains(&got));
                prop_assert!(range.contains(got));
                prop_assert_ne!(got, range.gateway);
                prop_assert!(set.iter().all(|r| r.gateway != got || !r.contains(got)));
            } else {
                prop_assert!(free_addresses(&set, &taken).is_empty());
            }
        }

        #[test]
        fn allocating_until_exhaustion_covers_exactly_the_free_addresses(
            set in arb_set(),
            taken_offsets in proptest::collection::hash_set(0u32..256, 0..100),
            last_offset in proptest::option::of(0u32..256),
        ) {
            let base = u32::from(std::net::Ipv4Addr::new(10, 0, 0, 0));
            let to_ip = |o: u32| IpAddr::V4((base + o).into());
            let mut taken: HashSet<IpAddr> = taken_offsets.into_iter().map(to_ip).collect();
            let expected = free_addresses(&set, &taken);
            let mut last = last_offset.map(to_ip);
            let mut handed_out = Vec::new();
            while let Some((got, _)) = next_free_ip(&set, |a| taken.contains(&a), last) {
                prop_assert!(taken.insert(got), "{} handed out twice", got);
                handed_out.push(got);
                last = Some(got);
                prop_assert!(handed_out.len() <= expected.len());
            }
            let handed_out_set: HashSet<IpAddr> = handed_out.iter().copied().collect();
            prop_assert_eq!(handed_out_set.len(), handed_out.len());
            prop_assert_eq!(handed_out_set, expected);
        }
    }
}
