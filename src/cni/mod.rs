//! The CNI protocol as data: spec versions, the result of an ADD in every
//! version's shape (with libcni's conversions between them), the error
//! object and codes, and libcni's attachment cache. Everything here but the
//! cache's file I/O is pure.

pub mod error;
pub mod json;
pub mod version;

pub use error::{CacheError, CniError, ErrorCode, ErrorResult};
pub use version::{CniVersion, ResultShape, UnknownVersionError};
