//! What the allocator's caller needs from a lease store, all under one lock.
//!
//! A store is always used locked: [`super::disk::DiskStore::lock`] returns a
//! locked handle that implements [`LeaseStore`] and unlocks on drop, so every
//! check-then-reserve sequence of one `allocate` sees no other writer.

use std::net::IpAddr;

use serde::Serialize;

use super::error::IpamError;

/// One leased address, as found in the store.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Lease {
    pub network: String,
    pub ip: IpAddr,
    pub container_id: String,
    /// `None` for leases written by host-local before it recorded the
    /// interface (the file holds just the container ID).
    pub ifname: Option<String>,
}

pub trait LeaseStore {
    /// The network whose leases this store holds; named in errors.
    fn network(&self) -> &str;

    fn is_taken(&self, ip: IpAddr) -> Result<bool, IpamError>;

    /// Records `ip` for (`id`, `ifname`) and remembers it as the last reserved
    /// address of range set `range_set_index`. Returns false, changing
    /// nothing, when `ip` is leased already.
    fn reserve(
        &mut self,
        ip: IpAddr,
        id: &str,
        ifname: &str,
        range_set_index: usize,
    ) -> Result<bool, IpamError>;

    /// Where round-robin resumes for range set `range_set_index`.
    fn last_reserved(&self, range_set_index: usize) -> Result<Option<IpAddr>, IpamError>;

    /// Releases one address whatever its owner: undoes a reservation made
    /// moments ago under the same lock. Releasing a free address is no error.
    fn release(&mut self, ip: IpAddr) -> Result<(), IpamError>;

    /// Releases every lease of (`id`, `ifname`); when there is none, every
    /// old-format lease of `id` (host-local's matching). Returns the released
    /// addresses.
    fn release_by_id(&mut self, id: &str, ifname: &str) -> Result<Vec<IpAddr>, IpamError>;

    /// The addresses leased to (`id`, `ifname`), including old-format leases
    /// of `id`, as host-local's `GetByID`.
    fn get_by_id(&self, id: &str, ifname: &str) -> Result<Vec<IpAddr>, IpamError>;

    /// Every lease of the network, sorted by address.
    fn list(&self) -> Result<Vec<Lease>, IpamError>;
}

/// host-local's separator between container ID and interface name.
pub(crate) const LINE_BREAK: &str = "\r\n";

/// What a lease file holding `content` belongs to, for listing.
pub(crate) fn parse_owner(content: &str) -> (String, Option<String>) {
    let content = content.trim();
    match content.split_once(LINE_BREAK) {
        Some((id, ifname)) => (id.to_string(), Some(ifname.to_string())),
        None => (content.to_string(), None),
    }
}

/// How a lease owner is matched, exactly as host-local compares the trimmed
/// file content: `id\r\nifname` first, the bare id (old format) as fallback.
pub(crate) struct OwnerMatch {
    current: String,
    old: String,
}

impl OwnerMatch {
    pub(crate) fn new(id: &str, ifname: &str) -> Self {
        OwnerMatch {
            current: format!("{}{LINE_BREAK}{ifname}", id.trim()),
            old: id.trim().to_string(),
        }
    }

    pub(crate) fn is_current(&self, content: &str) -> bool {
        content.trim() == self.current
    }

    pub(crate) fn is_old(&self, content: &str) -> bool {
        content.trim() == self.old
    }
}

/// The content of a lease file for (`id`, `ifname`).
pub(crate) fn lease_content(id: &str, ifname: &str) -> String {
    format!("{}{LINE_BREAK}{ifname}", id.trim())
}
