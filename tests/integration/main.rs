//! Integration tests, built as one binary (fast to link) that spawns the real
//! `cnictl`. Tiers are gated in `tiers.rs`; see DESIGN.md.

mod attach;
mod chain;
mod cli;
mod completion;
mod containers;
mod dns_default;
mod gc;
mod generated;
mod interop_host_local;
mod layer2;
mod nets;
mod one_truth;
mod plugin_mode;
mod podman;
mod privilege;
mod reference;
mod runtimes;
mod see;
mod see_runtimes;
mod tables;
mod tiers;
mod util;
