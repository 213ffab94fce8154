//! IP address management in host-local's layout: ranges, a pure allocator,
//! and lease stores (on disk, byte-compatible with host-local; in memory for
//! tests). Knows nothing of netlink.

pub mod range;
