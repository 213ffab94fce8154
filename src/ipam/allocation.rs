//! Allocating and releasing a container's addresses: one per range set, as
//! host-local's ADD and DEL do, on a store the caller has locked once for
//! the whole operation.

use std::net::IpAddr;

use ipnetwork::IpNetwork;

use super::allocator::{range_index_for, RangeIter};
use super::error::IpamError;
use super::range::{display_set, RangeSet};
use super::store::LeaseStore;

/// One address handed out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Allocation {
    pub range_set_index: usize,
    pub ip: IpAddr,
    /// The subnet of the range the address came from.
    pub subnet: IpNetwork,
    pub gateway: IpAddr,
}

impl Allocation {
    /// The address with its subnet's prefix, as configured on the interface.
    pub fn address(&self) -> IpNetwork {
        // The prefix comes from a valid subnet of the same family.
        IpNetwork::new(self.ip, self.subnet.prefix()).unwrap_or(self.subnet)
    }
}

/// Allocates one address per range set for (`id`, `ifname`).
///
/// Everything is checked before anything is reserved: each requested address
/// must fall in a range set (at most one per set) and not be a gateway, and
/// (`id`, `ifname`) must hold no lease in any set yet. Sets with a requested
/// address get it if it is free; the others get the next free address in
/// host-local's round-robin order. When any set fails, the addresses this
/// call reserved are released again, and only those.
pub fn allocate(
    store: &mut impl LeaseStore,
    range_sets: &[RangeSet],
    id: &str,
    ifname: &str,
    requested: &[IpAddr],
) -> Result<Vec<Allocation>, IpamError> {
    check_owner(id, ifname)?;
    refuse_duplicate(store, range_sets, id, ifname)?;
    allocate_new(store, range_sets, id, ifname, requested)
}

fn check_owner(id: &str, ifname: &str) -> Result<(), IpamError> {
    if id.trim().is_empty() {
        return Err(IpamError::EmptyContainerId);
    }
    if ifname.is_empty() {
        return Err(IpamError::EmptyIfname);
    }
    Ok(())
}

/// host-local's duplicate check: (`id`, `ifname`) holds no address in any of
/// the range sets yet. It reads every lease file of the network (the store
/// has no index), so its cost grows with the network.
pub fn refuse_duplicate(
    store: &impl LeaseStore,
    range_sets: &[RangeSet],
    id: &str,
    ifname: &str,
) -> Result<(), IpamError> {
    let existing = store.get_by_id(id, ifname)?;
    for set in range_sets {
        if let Some(ip) = existing
            .iter()
            .find(|ip| range_index_for(set, **ip).is_some())
        {
            return Err(IpamError::Duplicate {
                network: store.network().to_string(),
                ip: *ip,
                container_id: id.trim().to_string(),
                ifname: ifname.to_string(),
            });
        }
    }
    Ok(())
}

/// [`allocate`] without [`refuse_duplicate`]: one address per range set, at
/// a cost that does not grow with the number of leases. For callers that
/// ruled out a second attachment of (`id`, `ifname`) another way.
pub fn allocate_new(
    store: &mut impl LeaseStore,
    range_sets: &[RangeSet],
    id: &str,
    ifname: &str,
    requested: &[IpAddr],
) -> Result<Vec<Allocation>, IpamError> {
    check_owner(id, ifname)?;
    let network = store.network().to_string();
    let requested_per_set = assign_requested(&network, range_sets, requested)?;

    let mut allocations: Vec<Allocation> = Vec::with_capacity(range_sets.len());
    for (index, set) in range_sets.iter().enumerate() {
        let result = match requested_per_set[index] {
            Some(ip) => reserve_requested(store, set, index, ip, id, ifname),
            None => reserve_next(store, set, index, id, ifname),
        };
        match result {
            Ok(allocation) => allocations.push(allocation),
            Err(error) => {
                for done in &allocations {
                    // The original error matters more than a failed undo.
                    let _ = store.release(done.ip);
                }
                return Err(error);
            }
        }
    }
    Ok(allocations)
}

/// Releases every address of (`id`, `ifname`) in the store: host-local's
/// DEL. Releasing nothing is not an error, so a repeated DEL succeeds.
pub fn release(
    store: &mut impl LeaseStore,
    id: &str,
    ifname: &str,
) -> Result<Vec<IpAddr>, IpamError> {
    store.release_by_id(id, ifname)
}

/// Which requested address goes to which set (by index).
fn assign_requested(
    network: &str,
    range_sets: &[RangeSet],
    requested: &[IpAddr],
) -> Result<Vec<Option<IpAddr>>, IpamError> {
    let mut per_set: Vec<Option<IpAddr>> = vec![None; range_sets.len()];
    for &ip in requested {
        let found = range_sets.iter().enumerate().find_map(|(index, set)| {
            range_index_for(set, ip).map(|range_index| (index, &set[range_index]))
        });
        let Some((index, range)) = found else {
            return Err(IpamError::RequestedOutsideRanges {
                network: network.to_string(),
                ip,
                range_sets: range_sets
                    .iter()
                    .map(|set| display_set(set))
                    .collect::<Vec<_>>()
                    .join("; "),
            });
        };
        if ip == range.gateway {
            return Err(IpamError::RequestedGateway {
                network: network.to_string(),
                ip,
                range: range.to_string(),
            });
        }
        match per_set[index] {
            Some(first) if first != ip => {
                return Err(IpamError::RequestedTwiceInSet {
                    network: network.to_string(),
                    first,
                    second: ip,
                    range_set: display_set(&range_sets[index]),
                })
            }
            _ => per_set[index] = Some(ip),
        }
    }
    Ok(per_set)
}

fn reserve_requested(
    store: &mut impl LeaseStore,
    set: &RangeSet,
    index: usize,
    ip: IpAddr,
    id: &str,
    ifname: &str,
) -> Result<Allocation, IpamError> {
    let network = store.network().to_string();
    let taken = || IpamError::RequestedTaken {
        network: network.clone(),
        ip,
        range_set: display_set(set),
    };
    // assign_requested found the range already.
    let Some(range) = range_index_for(set, ip).map(|i| &set[i]) else {
        return Err(taken());
    };
    if store.is_taken(ip)? || !store.reserve(ip, id, ifname, index)? {
        return Err(taken());
    }
    Ok(Allocation {
        range_set_index: index,
        ip,
        subnet: range.subnet,
        gateway: range.gateway,
    })
}

fn reserve_next(
    store: &mut impl LeaseStore,
    set: &RangeSet,
    index: usize,
    id: &str,
    ifname: &str,
) -> Result<Allocation, IpamError> {
    let last_reserved = store.last_reserved(index)?;
    for (ip, range) in RangeIter::new(set, last_reserved) {
        // The O_EXCL create in reserve is the real test; checking first
        // saves a failed create per leased address.
        if store.is_taken(ip)? {
            continue;
        }
        if store.reserve(ip, id, ifname, index)? {
            return Ok(Allocation {
                range_set_index: index,
                ip,
                subnet: range.subnet,
                gateway: range.gateway,
            });
        }
    }
    Err(IpamError::Exhausted {
        network: store.network().to_string(),
        range_set: display_set(set),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::types::RangeConf;
    use crate::ipam::memory::MemoryStore;
    use crate::ipam::range::range_set_from_conf;
    use crate::ipam::store::Lease;

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap()
    }

    fn set(subnet: &str, start: Option<&str>, end: Option<&str>) -> RangeSet {
        range_set_from_conf(&[RangeConf {
            subnet: subnet.into(),
            range_start: start.map(str::to_string),
            range_end: end.map(str::to_string),
            gateway: None,
        }])
        .unwrap()
    }

    fn ips(allocations: &[Allocation]) -> Vec<String> {
        allocations.iter().map(|a| a.ip.to_string()).collect()
    }

    #[test]
    fn dual_stack_gets_one_address_per_set() {
        let sets = [
            set("10.3.0.0/24", None, None),
            set("fd00:0:0:1::/120", None, None),
        ];
        let mut store = MemoryStore::new("dual");
        let got = allocate(&mut store, &sets, "c1", "eth0", &[]).unwrap();
        assert_eq!(
            got,
            [
                Allocation {
                    range_set_index: 0,
                    ip: ip("10.3.0.2"),
                    subnet: "10.3.0.0/24".parse().unwrap(),
                    gateway: ip("10.3.0.1"),
                },
                Allocation {
                    range_set_index: 1,
                    ip: ip("fd00:0:0:1::2"),
                    subnet: "fd00:0:0:1::/120".parse().unwrap(),
                    gateway: ip("fd00:0:0:1::1"),
                },
            ]
        );
        assert_eq!(got[1].address().to_string(), "fd00:0:0:1::2/120");
        assert_eq!(store.last_reserved(0).unwrap(), Some(ip("10.3.0.2")));
        assert_eq!(store.last_reserved(1).unwrap(), Some(ip("fd00:0:0:1::2")));
        let second = allocate(&mut store, &sets, "c2", "eth0", &[]).unwrap();
        assert_eq!(ips(&second), ["10.3.0.3", "fd00:0:0:1::3"]);
        assert_eq!(
            store.list().unwrap()[0],
            Lease {
                network: "dual".into(),
                ip: ip("10.3.0.2"),
                container_id: "c1".into(),
                ifname: Some("eth0".into()),
            }
        );
    }

    #[test]
    fn requested_addresses_go_to_their_sets() {
        let sets = [
            set("10.3.0.0/24", None, None),
            set("fd00::/120", None, None),
        ];
        let mut store = MemoryStore::new("n");
        let got = allocate(&mut store, &sets, "c1", "eth0", &[ip("fd00::50")]).unwrap();
        assert_eq!(ips(&got), ["10.3.0.2", "fd00::50"]);
        // A requested address moves round-robin on, as host-local's Reserve does.
        assert_eq!(store.last_reserved(1).unwrap(), Some(ip("fd00::50")));
        let next = allocate(&mut store, &sets, "c2", "eth0", &[]).unwrap();
        assert_eq!(ips(&next), ["10.3.0.3", "fd00::51"]);
    }

    #[test]
    fn duplicate_allocation_is_refused() {
        let sets = [set("10.3.0.0/24", None, None)];
        let mut store = MemoryStore::new("mynet");
        allocate(&mut store, &sets, "c1", "eth0", &[]).unwrap();
        let err = allocate(&mut store, &sets, " c1 ", "eth0", &[]).unwrap_err();
        assert_eq!(
            err.to_string(),
            "10.3.0.2 has been allocated to c1 (interface eth0) in network \"mynet\", \
             duplicate allocation is not allowed (remove it first with cnictl del)"
        );
        // Another interface of the same container is another attachment.
        let other = allocate(&mut store, &sets, "c1", "eth1", &[]).unwrap();
        assert_eq!(ips(&other), ["10.3.0.3"]);
        // An old-format lease (ID only) counts for every interface.
        store.insert_old_format(ip("10.3.0.9"), "old");
        assert!(matches!(
            allocate(&mut store, &sets, "old", "eth0", &[]),
            Err(IpamError::Duplicate { .. })
        ));
    }

    #[test]
    fn failure_in_a_later_set_releases_only_this_calls_reservations() {
        let sets = [
            set("10.3.0.0/24", None, None),
            set("10.4.0.0/30", None, None),
        ];
        let mut store = MemoryStore::new("mynet");
        // The only address of set 1 is leased to someone else.
        store.reserve(ip("10.4.0.2"), "other", "eth0", 1).unwrap();
        // A lease of c1 outside every set (an older config) must survive.
        store.reserve(ip("10.9.0.9"), "c1", "eth0", 5).unwrap();
        let err = allocate(&mut store, &sets, "c1", "eth0", &[]).unwrap_err();
        assert_eq!(
            err.to_string(),
            "no IP addresses available in network \"mynet\" range set 10.4.0.1-10.4.0.2 \
             (release leases with cnictl del or cnictl gc)"
        );
        let left: Vec<String> = store
            .list()
            .unwrap()
            .iter()
            .map(|l| l.ip.to_string())
            .collect();
        assert_eq!(left, ["10.4.0.2", "10.9.0.9"]);
    }

    #[test]
    fn requested_address_problems_are_found_before_anything_is_reserved() {
        let sets = [
            set("10.3.0.0/24", None, None),
            set("10.4.0.0/24", None, None),
        ];
        let mut store = MemoryStore::new("mynet");
        let err = allocate(&mut store, &sets, "c1", "eth0", &[ip("10.8.0.1")]).unwrap_err();
        assert_eq!(
            err.to_string(),
            "requested IP address 10.8.0.1 is not in any range of network \"mynet\" \
             (range sets: 10.3.0.1-10.3.0.254; 10.4.0.1-10.4.0.254); \
             request an address inside one of them"
        );
        assert!(matches!(
            allocate(&mut store, &sets, "c1", "eth0", &[ip("10.4.0.1")]),
            Err(IpamError::RequestedGateway { .. })
        ));
        assert!(matches!(
            allocate(
                &mut store,
                &sets,
                "c1",
                "eth0",
                &[ip("10.4.0.5"), ip("10.4.0.6")]
            ),
            Err(IpamError::RequestedTwiceInSet { .. })
        ));
        assert!(store.list().unwrap().is_empty());
        assert_eq!(store.last_reserved(0).unwrap(), None);
    }

    #[test]
    fn a_taken_requested_address_fails_and_rolls_back() {
        let sets = [
            set("10.3.0.0/24", None, None),
            set("10.4.0.0/24", None, None),
        ];
        let mut store = MemoryStore::new("mynet");
        store.reserve(ip("10.4.0.7"), "other", "eth0", 1).unwrap();
        let err = allocate(&mut store, &sets, "c1", "eth0", &[ip("10.4.0.7")]).unwrap_err();
        assert_eq!(
            err.to_string(),
            "requested IP address 10.4.0.7 is not available in range set 10.4.0.1-10.4.0.254 \
             of network \"mynet\": it is leased already (see cnictl leases)"
        );
        let left: Vec<String> = store
            .list()
            .unwrap()
            .iter()
            .map(|l| l.ip.to_string())
            .collect();
        assert_eq!(left, ["10.4.0.7"]);
    }

    #[test]
    fn release_matches_like_host_local() {
        let sets = [set("10.3.0.0/24", None, None)];
        let mut store = MemoryStore::new("n");
        allocate(&mut store, &sets, "c1", "eth0", &[]).unwrap();
        allocate(&mut store, &sets, "c1", "eth1", &[]).unwrap();
        store.insert_old_format(ip("10.3.0.50"), "c1");
        // The current-format match wins; the old-format lease stays.
        assert_eq!(release(&mut store, "c1", "eth0").unwrap(), [ip("10.3.0.2")]);
        assert_eq!(release(&mut store, "c1", "eth1").unwrap(), [ip("10.3.0.3")]);
        // With no current-format lease left, the old-format one goes.
        assert_eq!(
            release(&mut store, "c1", "eth0").unwrap(),
            [ip("10.3.0.50")]
        );
        assert!(release(&mut store, "c1", "eth0").unwrap().is_empty());
    }

    #[test]
    fn empty_id_or_ifname_is_refused() {
        let sets = [set("10.3.0.0/24", None, None)];
        let mut store = MemoryStore::new("n");
        assert!(matches!(
            allocate(&mut store, &sets, "  ", "eth0", &[]),
            Err(IpamError::EmptyContainerId)
        ));
        assert!(matches!(
            allocate(&mut store, &sets, "c1", "", &[]),
            Err(IpamError::EmptyIfname)
        ));
    }
}
