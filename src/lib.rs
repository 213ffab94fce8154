//! cnictl: attach running containers to Linux bridge networks, with the CNI
//! `bridge` + `host-local` logic run in-process. The binary in `main.rs` is a
//! thin shell over this library; DESIGN.md describes the layers.

pub mod cli;
pub mod cni;
pub mod commands;
pub mod complete;
pub mod config;
pub mod container_dns;
pub mod dns;
pub mod error;
pub mod firewall;
pub mod ipam;
pub mod netdef;
pub mod netlink;
pub mod netns;
pub mod output;
pub mod plan;
pub mod privilege;
pub mod publish;
pub mod runtime;

pub use error::{Error, ExitStatus, Result};
