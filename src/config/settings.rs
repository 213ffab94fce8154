//! `cnictl.toml`: the user's defaults for flags they would otherwise repeat.
//! Only the file is read here; the CLI layer ranks flags over environment
//! over these values.

use std::fs;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::error::ConfigError;

/// The system-wide file; the user's file overrides it key by key.
pub const SYSTEM_SETTINGS_PATH: &str = "/etc/cnictl/cnictl.toml";

pub const SETTINGS_FILE_NAME: &str = "cnictl.toml";

/// The keys a settings file may hold, named in the unknown-key error.
pub const KNOWN_KEYS: [&str; 5] = ["conf_dir", "data_dir", "cache_dir", "network", "color"];

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

/// One file as written. Unknown keys are refused: a misspelt key silently
/// ignored would leave the user wondering why the setting has no effect.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct SettingsFile {
    conf_dir: Option<PathBuf>,
    data_dir: Option<PathBuf>,
    cache_dir: Option<PathBuf>,
    network: Option<String>,
    color: Option<ColorChoice>,
}

/// The merged defaults; `None` where no file sets a key.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Defaults {
    pub conf_dir: Option<PathBuf>,
    pub data_dir: Option<PathBuf>,
    pub cache_dir: Option<PathBuf>,
    /// The network `add` uses without `--net`.
    pub network: Option<String>,
    pub color: Option<ColorChoice>,
    /// The files that existed and were read, in the order applied.
    pub files: Vec<PathBuf>,
}

impl Defaults {
    /// The system file, then the user's (`$XDG_CONFIG_HOME/cnictl/cnictl.toml`
    /// or the platform's equivalent); later files win in [`Defaults::load`].
    pub fn standard_paths() -> Vec<PathBuf> {
        let mut paths = vec![PathBuf::from(SYSTEM_SETTINGS_PATH)];
        if let Some(dirs) = directories::ProjectDirs::from("", "", "cnictl") {
            paths.push(dirs.config_dir().join(SETTINGS_FILE_NAME));
        }
        paths
    }

    /// Reads `paths` in order; a key set in a later file overrides the same
    /// key of an earlier one. Missing files are skipped, unreadable or
    /// malformed ones are errors naming the file.
    pub fn load(paths: &[PathBuf]) -> Result<Defaults, ConfigError> {
        let mut defaults = Defaults::default();
        for path in paths {
            let text = match fs::read_to_string(path) {
                Ok(text) => text,
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
                Err(source) => {
                    return Err(ConfigError::Read {
                        path: path.clone(),
                        source,
                    })
                }
            };
            let file = parse_settings(path, &text)?;
            defaults.apply(file);
            defaults.files.push(path.clone());
        }
        Ok(defaults)
    }

    fn apply(&mut self, file: SettingsFile) {
        fn over<T>(into: &mut Option<T>, value: Option<T>) {
            if value.is_some() {
                *into = value;
            }
        }
        over(&mut self.conf_dir, file.conf_dir);
        over(&mut self.data_dir, file.data_dir);
        over(&mut self.cache_dir, file.cache_dir);
        over(&mut self.network, file.network);
        over(&mut self.color, file.color);
    }
}

fn parse_settings(path: &Path, text: &str) -> Result<SettingsFile, ConfigError> {
    toml::from_str(text).map_err(|e| {
        let (line, column, line_text) = match e.span() {
            Some(span) => position(text, span.start),
            None => (1, 1, ""),
        };
        // toml puts a second line ("expected …") into some messages; keep
        // the error on one line.
        let message = e.message().trim_end().replace('\n', ": ");
        if let Some(key) = unknown_field(&message) {
            return ConfigError::SettingsUnknownKey {
                path: path.to_path_buf(),
                line,
                key,
            };
        }
        ConfigError::SettingsSyntax {
            path: path.to_path_buf(),
            line,
            column,
            key: key_of_line(line_text),
            message,
        }
    })
}

/// 1-based line and column of byte `offset`, with the text of that line.
fn position(text: &str, offset: usize) -> (usize, usize, &str) {
    let offset = offset.min(text.len());
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    let line_end = text[line_start..]
        .find('\n')
        .map_or(text.len(), |i| line_start + i);
    (line, column, &text[line_start..line_end])
}

/// The key of a `key = value` line, to name it in the error.
fn key_of_line(line: &str) -> Option<String> {
    let (key, _) = line.split_once('=')?;
    let key = key.trim().trim_matches('"');
    (!key.is_empty() && !key.starts_with('#')).then(|| key.to_string())
}

/// serde's message for `deny_unknown_fields`: "unknown field `x`, expected …".
fn unknown_field(message: &str) -> Option<String> {
    let rest = message.strip_prefix("unknown field `")?;
    let (key, _) = rest.split_once('`')?;
    Some(key.to_string())
}
