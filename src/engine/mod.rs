//! The attach engine: everything cnictl does to a host, with no command
//! line and no printing. The CLI (`commands`) and the CNI plugin front-end
//! (`plugin`) are two thin callers of the same functions:
//!
//! - [`attach::add`] attaches a container (libcni's `AddNetwork`),
//! - [`detach::del`] detaches it, best-effort and idempotent (`DelNetwork`),
//! - [`verify::check`] compares what was recorded with what is live,
//! - [`inventory::Inventory`] reads what exists (cache entries, leases,
//!   links), [`gc::gc`] removes what is provably left over,
//! - [`reload::reload`] puts back firewall rules something else removed.
//!
//! Each takes the [`Paths`] of the host's files and the [`Firewall`]
//! driver chosen once by the caller, and returns plain data (warnings go
//! to the log, `tracing`'s `warn` level).
//!
//! [`Firewall`]: crate::firewall::Firewall

pub mod attach;
pub mod chain;
pub mod container_dns;
pub mod detach;
pub mod gc;
pub mod inventory;
pub mod netdef;
pub mod network;
pub mod plan;
pub mod ports;
pub mod publish;
pub mod reload;
pub mod verify;

#[cfg(test)]
mod tests;

pub use network::Paths;
