//! Network configuration files: their JSON shapes, loading, finding a network
//! by name in the conf dir, and validation with a message per fault.

pub mod types;
