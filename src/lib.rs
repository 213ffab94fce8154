//! cnictl: attach running containers to Linux bridge networks, with the CNI
//! `bridge` + `host-local` logic run in-process. The binary in `main.rs` is a
//! thin shell over this library.

pub mod config;
pub mod firewall;
pub mod ipam;
