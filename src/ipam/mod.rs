//! IP address management in host-local's layout: ranges, a pure allocator,
//! and lease stores (on disk, byte-compatible with host-local; in memory for
//! tests). Knows nothing of netlink.

pub mod allocation;
pub mod allocator;
pub mod disk;
pub mod error;
#[cfg(test)]
pub mod memory;
pub mod range;
pub mod store;

pub use allocation::{allocate, allocate_new, refuse_duplicate, release, Allocation};
pub use allocator::{allocate_from_set, check_requested, next_free_ip, range_index_for, RangeIter};
pub use disk::{list_leases, DiskStore, LockedStore, DEFAULT_DATA_DIR};
pub use error::IpamError;
#[cfg(test)]
pub use memory::MemoryStore;
pub use range::{range_set_from_conf, Range, RangeError, RangeSet};
pub use store::{Lease, LeaseStore};
