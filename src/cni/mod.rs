//! The CNI protocol as data: spec versions, the result of an ADD in every
//! version's shape (with libcni's conversions between them), the error
//! object and codes, and libcni's attachment cache. Everything here but the
//! cache's file I/O is pure.

pub mod error;
pub mod json;
pub mod result;
pub mod version;

#[cfg(test)]
mod tests;

pub use error::{CacheError, CniError, ErrorCode, ErrorResult};
pub use result::{CniResult, Dns, Interface, IpConfig, Route};
pub use version::{CniVersion, ResultShape, UnknownVersionError};
