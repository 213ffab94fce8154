//! The CNI protocol as data: spec versions, the result of an ADD in every
//! version's shape (with libcni's conversions between them), the error
//! object and codes, and libcni's attachment cache. Everything here but the
//! cache's file I/O is pure.

pub mod cache;
pub mod chain;
pub mod error;
pub mod exec;
pub mod json;
pub mod plugin;
pub mod result;
pub mod version;

#[cfg(test)]
mod tests;

pub use cache::{
    cache_path, find_by_container, find_by_network, list, load, read, remove, results_dir,
    CacheEntry, CnictlRecord, ListedEntry, ResolvConfChange, RuntimeKind, CACHE_KIND,
    DEFAULT_CACHE_DIR,
};
pub use error::{CacheError, CniError, ErrorCode, ErrorResult};
pub use result::{CniResult, Dns, Interface, IpConfig, Route};
pub use version::{CniVersion, ResultShape, UnknownVersionError};
