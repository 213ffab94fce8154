//! cnictl: attach running containers to Linux bridge networks, with the CNI
//! `bridge` + `host-local` logic run in-process. The binary in `main.rs` is a
//! thin shell over this library; DESIGN.md describes the layers.

pub mod cli;
pub mod cni;
pub mod commands;
pub mod config;
pub mod engine;
pub mod error;
pub mod firewall;
pub mod ipam;
pub mod netlink;
pub mod netns;
pub mod output;
pub mod plugin;
pub mod privilege;
pub mod runtime;

pub use error::{Error, ExitStatus, Result};
