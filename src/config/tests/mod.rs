//! Tests of the config layer against fixtures in `tests/data/`.

use std::path::PathBuf;

use super::load::{ConfigSource, FileKind, NetworkConfig};

mod default;
mod discover;
mod examples;
mod faults;
mod load;
mod settings;

fn data_dir(sub: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(sub)
}

fn examples_dir() -> PathBuf {
    data_dir("examples")
}

fn fixture(name: &str) -> PathBuf {
    data_dir("config").join(name)
}

fn single(json: &str) -> NetworkConfig {
    NetworkConfig::from_bytes(
        json.as_bytes().to_vec(),
        FileKind::Single,
        ConfigSource::Stdin,
    )
    .expect("test config parses")
}

fn list(json: &str) -> NetworkConfig {
    NetworkConfig::from_bytes(
        json.as_bytes().to_vec(),
        FileKind::List,
        ConfigSource::Stdin,
    )
    .expect("test config parses")
}
