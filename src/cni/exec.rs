//! Running an external CNI plugin: find it in `CNI_PATH`, give it the
//! environment and its config on stdin, let its stderr through to ours,
//! stop it when it hangs, and read its result or error object.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

use super::ErrorResult;

/// How long a plugin may run before it is killed; `CNICTL_PLUGIN_TIMEOUT`
/// (seconds) overrides it.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);

/// The plugin timeout from `CNICTL_PLUGIN_TIMEOUT`, else the default.
pub fn timeout_from_env() -> Duration {
    std::env::var("CNICTL_PLUGIN_TIMEOUT")
        .ok()
        .and_then(|s| s.parse::<f64>().ok())
        .filter(|s| *s > 0.0)
        .map(Duration::from_secs_f64)
        .unwrap_or(DEFAULT_TIMEOUT)
}

#[derive(Debug, thiserror::Error)]
pub enum ExecError {
    #[error("plugin {plugin:?} not found in CNI_PATH ({}); install it (Debian: containernetworking-plugins) or set CNI_PATH", join(.path))]
    NotFound { plugin: String, path: Vec<PathBuf> },

    #[error("cannot run plugin {}: {source}", .binary.display())]
    Spawn {
        binary: PathBuf,
        #[source]
        source: std::io::Error,
    },

    #[error("plugin {plugin} {command} did not finish within {}s and was killed (CNICTL_PLUGIN_TIMEOUT sets the limit)", .timeout.as_secs_f64())]
    Timeout {
        plugin: String,
        command: String,
        timeout: Duration,
    },

    #[error("plugin {plugin} {command} failed: {error} (code {})", .error.code.code())]
    Failed {
        plugin: String,
        command: String,
        error: Box<ErrorResult>,
    },

    #[error("plugin {plugin} {command} failed with {status} and no error object: {stdout:?}")]
    FailedNoObject {
        plugin: String,
        command: String,
        status: String,
        stdout: String,
    },

    #[error("plugin {plugin} {command} printed something that is not a CNI result: {stdout:?}")]
    Garbage {
        plugin: String,
        command: String,
        stdout: String,
    },
}

fn join(paths: &[PathBuf]) -> String {
    paths
        .iter()
        .map(|p| p.display().to_string())
        .collect::<Vec<_>>()
        .join(":")
}

/// The first executable named `plugin` in `path`, as libcni's `FindInPath`.
pub fn find_plugin(plugin: &str, path: &[PathBuf]) -> Result<PathBuf, ExecError> {
    use std::os::unix::fs::PermissionsExt;
    if !plugin.contains('/') && !plugin.is_empty() {
        for dir in path {
            let candidate = dir.join(plugin);
            if let Ok(meta) = std::fs::metadata(&candidate) {
                if meta.is_file() && meta.permissions().mode() & 0o111 != 0 {
                    return Ok(candidate);
                }
            }
        }
    }
    Err(ExecError::NotFound {
        plugin: plugin.to_string(),
        path: path.to_vec(),
    })
}

/// The `CNI_*` variables of one call.
#[derive(Debug, Clone)]
pub struct Invocation {
    pub command: &'static str,
    pub container_id: String,
    pub netns: Option<PathBuf>,
    pub ifname: String,
    pub args: String,
    pub path: Vec<PathBuf>,
    pub timeout: Duration,
}

/// Runs `binary` once. Stdout is the result (ADD) or nothing; on failure,
/// the error object it printed. Stderr goes straight to ours.
pub fn exec(binary: &Path, inv: &Invocation, stdin: &[u8]) -> Result<Vec<u8>, ExecError> {
    let plugin = binary
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    exec_as(binary, &plugin, inv, stdin)
}

/// [`exec`] with `argv[0]` set to `plugin`: how cnictl runs itself as
/// its own `loopback` or `host-local` without links in `CNI_PATH`.
pub fn exec_as(
    binary: &Path,
    plugin: &str,
    inv: &Invocation,
    stdin: &[u8],
) -> Result<Vec<u8>, ExecError> {
    use std::os::unix::process::CommandExt;
    let plugin = plugin.to_string();
    let mut cmd = Command::new(binary);
    cmd.arg0(&plugin);
    cmd.env("CNI_COMMAND", inv.command)
        .env("CNI_CONTAINERID", &inv.container_id)
        .env("CNI_IFNAME", &inv.ifname)
        .env("CNI_ARGS", &inv.args)
        .env(
            "CNI_PATH",
            std::env::join_paths(&inv.path).unwrap_or_default(),
        )
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit());
    match &inv.netns {
        Some(netns) => cmd.env("CNI_NETNS", netns),
        None => cmd.env_remove("CNI_NETNS"),
    };
    let mut child = cmd.spawn().map_err(|source| ExecError::Spawn {
        binary: binary.to_path_buf(),
        source,
    })?;
    // Stdin is written and stdout read on threads, so a plugin that
    // neither reads nor exits cannot block us past the timeout.
    let mut child_stdin = child.stdin.take();
    let input = stdin.to_vec();
    let writer = std::thread::spawn(move || {
        if let Some(s) = child_stdin.as_mut() {
            let _ = s.write_all(&input);
        }
    });
    let mut child_stdout = child.stdout.take();
    let reader = std::thread::spawn(move || {
        let mut out = Vec::new();
        if let Some(s) = child_stdout.as_mut() {
            let _ = s.read_to_end(&mut out);
        }
        out
    });
    let started = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if started.elapsed() >= inv.timeout => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(ExecError::Timeout {
                    plugin,
                    command: inv.command.to_string(),
                    timeout: inv.timeout,
                });
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(5)),
            Err(source) => {
                return Err(ExecError::Spawn {
                    binary: binary.to_path_buf(),
                    source,
                })
            }
        }
    };
    let _ = writer.join();
    // A grandchild may hold stdout open; the plugin itself has exited.
    let stdout = reader.join().unwrap_or_default();
    if status.success() {
        return Ok(stdout);
    }
    match serde_json::from_slice::<ErrorResult>(&stdout) {
        Ok(error) => Err(ExecError::Failed {
            plugin,
            command: inv.command.to_string(),
            error: Box::new(error),
        }),
        Err(_) => Err(ExecError::FailedNoObject {
            plugin,
            command: inv.command.to_string(),
            status: status.to_string(),
            stdout: excerpt(&stdout),
        }),
    }
}

/// An ADD's stdout as a result object; anything else is garbage.
pub fn parse_result(plugin: &str, command: &str, stdout: &[u8]) -> Result<Value, ExecError> {
    match serde_json::from_slice::<Value>(stdout) {
        Ok(value @ Value::Object(_)) => Ok(value),
        _ => Err(ExecError::Garbage {
            plugin: plugin.to_string(),
            command: command.to_string(),
            stdout: excerpt(stdout),
        }),
    }
}

fn excerpt(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(bytes);
    text.chars().take(200).collect()
}
