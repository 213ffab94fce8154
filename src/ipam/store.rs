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

    /// The raw owner text of `ip`'s lease, `None` when it is free.
    fn owner(&self, ip: IpAddr) -> Result<Option<String>, IpamError>;

    /// Whether the network has no lease left. Stores that can tell without
    /// reading every lease override it.
    fn is_empty(&self) -> Result<bool, IpamError> {
        Ok(self.list()?.is_empty())
    }

    /// Releases those of `ips` that are leased to (`id`, `ifname`) (or, in
    /// the old format, to `id`), leaving anybody else's alone: what
    /// [`release_by_id`](Self::release_by_id) does when the caller already
    /// knows the addresses (from the attachment cache), at a cost that does
    /// not grow with the network.
    fn release_owned(
        &mut self,
        ips: &[IpAddr],
        id: &str,
        ifname: &str,
    ) -> Result<Vec<IpAddr>, IpamError> {
        let owner = OwnerMatch::new(id, ifname);
        let mut released = Vec::new();
        for ip in ips {
            if let Some(content) = self.owner(*ip)? {
                if owner.is_current(&content) || owner.is_old(&content) {
                    self.release(*ip)?;
                    released.push(*ip);
                }
            }
        }
        Ok(released)
    }
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
