//! An in-memory [`LeaseStore`] for tests of the allocation logic; it stores
//! file contents as the disk store would, so matching behaves the same.

use std::collections::{BTreeMap, HashMap};
use std::net::IpAddr;

use super::error::IpamError;
use super::store::{lease_content, parse_owner, Lease, LeaseStore, OwnerMatch};

#[derive(Debug, Clone, Default)]
pub struct MemoryStore {
    network: String,
    /// Address → what host-local would have written into its file.
    leases: BTreeMap<IpAddr, String>,
    last_reserved: HashMap<usize, IpAddr>,
}

impl MemoryStore {
    pub fn new(network: &str) -> Self {
        MemoryStore {
            network: network.to_string(),
            ..Default::default()
        }
    }

    /// Adds a lease in host-local's old format (container ID only).
    pub fn insert_old_format(&mut self, ip: IpAddr, id: &str) {
        self.leases.insert(ip, id.to_string());
    }

    pub fn set_last_reserved(&mut self, range_set_index: usize, ip: IpAddr) {
        self.last_reserved.insert(range_set_index, ip);
    }
}

impl LeaseStore for MemoryStore {
    fn network(&self) -> &str {
        &self.network
    }

    fn is_taken(&self, ip: IpAddr) -> Result<bool, IpamError> {
        Ok(self.leases.contains_key(&ip))
    }

    fn reserve(
        &mut self,
        ip: IpAddr,
        id: &str,
        ifname: &str,
        range_set_index: usize,
    ) -> Result<bool, IpamError> {
        if self.leases.contains_key(&ip) {
            return Ok(false);
        }
        self.leases.insert(ip, lease_content(id, ifname));
        self.last_reserved.insert(range_set_index, ip);
        Ok(true)
    }

    fn last_reserved(&self, range_set_index: usize) -> Result<Option<IpAddr>, IpamError> {
        Ok(self.last_reserved.get(&range_set_index).copied())
    }

    fn release(&mut self, ip: IpAddr) -> Result<(), IpamError> {
        self.leases.remove(&ip);
        Ok(())
    }

    fn release_by_id(&mut self, id: &str, ifname: &str) -> Result<Vec<IpAddr>, IpamError> {
        let owner = OwnerMatch::new(id, ifname);
        let mut released: Vec<IpAddr> = self
            .leases
            .iter()
            .filter(|(_, content)| owner.is_current(content))
            .map(|(ip, _)| *ip)
            .collect();
        if released.is_empty() {
            released = self
                .leases
                .iter()
                .filter(|(_, content)| owner.is_old(content))
                .map(|(ip, _)| *ip)
                .collect();
        }
        for ip in &released {
            self.leases.remove(ip);
        }
        Ok(released)
    }

    fn get_by_id(&self, id: &str, ifname: &str) -> Result<Vec<IpAddr>, IpamError> {
        let owner = OwnerMatch::new(id, ifname);
        Ok(self
            .leases
            .iter()
            .filter(|(_, content)| owner.is_current(content) || owner.is_old(content))
            .map(|(ip, _)| *ip)
            .collect())
    }

    fn owner(&self, ip: IpAddr) -> Result<Option<String>, IpamError> {
        Ok(self.leases.get(&ip).cloned())
    }

    fn list(&self) -> Result<Vec<Lease>, IpamError> {
        Ok(self
            .leases
            .iter()
            .map(|(ip, content)| {
                let (container_id, ifname) = parse_owner(content);
                Lease {
                    network: self.network.clone(),
                    ip: *ip,
                    container_id,
                    ifname,
                }
            })
            .collect())
    }
}
