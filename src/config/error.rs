//! Errors of the config layer. Each one names the file (or network, or key)
//! it is about and says what to do, because the user sees them verbatim.

use std::path::PathBuf;

use super::validate::Fault;

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read {path}: {source}; check that the file exists and is readable")]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    /// Syntax or type error; serde_json knows where it happened.
    #[error("{origin}: invalid JSON at line {line}, column {column}: {message}; correct the JSON at that position")]
    Json {
        origin: String,
        line: usize,
        column: usize,
        message: String,
    },

    /// Valid JSON whose value cnictl cannot use (for example `disableCheck: 3`).
    #[error("{origin}: {field}: {message}; {fix}")]
    Field {
        origin: String,
        field: String,
        message: String,
        fix: String,
    },

    #[error("cannot list {dir}: {source}; check that it is a readable directory")]
    ReadDir {
        dir: PathBuf,
        #[source]
        source: std::io::Error,
    },

    #[error("conf dir {dir} does not exist; create it, or point --conf-dir or NETCONFPATH at the directory that holds your network configs")]
    ConfDirMissing { dir: PathBuf },

    /// `found` is already formatted: `found: a, b` or `no network configs there`,
    /// optionally followed by the files that could not be loaded.
    #[error("network \"{name}\" not found in {dir} ({found})")]
    NetworkNotFound {
        name: String,
        dir: PathBuf,
        found: String,
    },

    #[error("network \"{name}\" not found: conf dir {dir} does not exist; point --conf-dir or NETCONFPATH at the directory that holds your network configs")]
    NetworkNotFoundNoDir { name: String, dir: PathBuf },

    #[error("network config file {path} does not exist; check the path given to --net")]
    NetworkFileMissing { path: PathBuf },

    #[error("{origin}: network {network} has no IP ranges: {why}; set ipam.subnet (for example \"10.22.0.0/16\") or ipam.ranges")]
    NoRanges {
        origin: String,
        network: String,
        why: String,
    },

    /// A range that does not canonicalize; `field` is the JSON path.
    #[error("{origin}: {field}: {message}")]
    Range {
        origin: String,
        field: String,
        message: String,
    },

    /// Validation found Error-severity faults; all of them are listed.
    #[error("{origin} is not a usable network config:{}", list_faults(faults))]
    Invalid { origin: String, faults: Vec<Fault> },

    #[error("{path}: line {line}, column {column}{}: {message}; fix the TOML (for example: conf_dir = \"/etc/cni/net.d\")", key_suffix(key))]
    SettingsSyntax {
        path: PathBuf,
        line: usize,
        column: usize,
        key: Option<String>,
        message: String,
    },

    #[error("{path}: line {line}: unknown key \"{key}\"; the keys cnictl knows are {}", super::settings::KNOWN_KEYS.join(", "))]
    SettingsUnknownKey {
        path: PathBuf,
        line: usize,
        key: String,
    },
}

fn key_suffix(key: &Option<String>) -> String {
    match key {
        Some(key) => format!(", key \"{key}\""),
        None => String::new(),
    }
}

fn list_faults(faults: &[Fault]) -> String {
    faults.iter().map(|f| format!("\n  {f}")).collect()
}

impl ConfigError {
    /// The same problem as a validation fault, so that `net ls` and
    /// `net check` can show a file that does not even parse next to the
    /// faults of the files that do.
    pub fn to_fault(&self) -> Fault {
        match self {
            ConfigError::Json {
                line,
                column,
                message,
                ..
            } => Fault::error(
                "",
                format!("invalid JSON at line {line}, column {column}: {message}"),
                "fix the syntax; a trailing comma or a missing quote is the usual cause",
            ),
            ConfigError::Field {
                field,
                message,
                fix,
                ..
            } => Fault::error(field, message, fix),
            ConfigError::Read { source, .. } => Fault::error(
                "",
                format!("cannot read the file: {source}"),
                "check that the file exists and is readable",
            ),
            other => Fault::error("", other.to_string(), ""),
        }
    }
}
