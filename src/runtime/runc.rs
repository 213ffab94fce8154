//! runc containers: `runc --root ROOT state ID` gives the init process and
//! status; the state file (`ROOT/ID/state.json`) tells whether the
//! container has a network namespace of its own. Without a `runc` binary
//! the state file alone is enough: its init pid is checked against the
//! process's start time, as runc itself does, so a reused pid is not
//! mistaken for the container.

use std::io;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde::Deserialize;
use serde_json::Value;

use super::{proc_resolv_conf, RuntimeContainer, RuntimeError, RuntimeKind};

/// What `runc state` prints (the OCI state, plus runc's fields).
#[derive(Debug, Deserialize)]
struct OciState {
    #[serde(default)]
    pid: u32,
    #[serde(default)]
    status: String,
}

/// Looks a runc container up by id under `root`.
pub fn lookup(id: &str, root: &Path) -> Result<RuntimeContainer, RuntimeError> {
    let dir = root.join(id);
    match std::fs::metadata(&dir) {
        Ok(_) => {}
        Err(e) if e.kind() == io::ErrorKind::PermissionDenied => {
            return Err(RuntimeError::RuncPermission {
                id: id.to_string(),
                root: root.to_path_buf(),
            })
        }
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            return Err(RuntimeError::RuncNotFound {
                id: id.to_string(),
                root: root.to_path_buf(),
                found: container_ids(root),
            })
        }
        Err(e) => return Err(runc_error(id, root, e.to_string())),
    }
    let state_file = read_state_file(id, root)?;
    let (pid, status) = match runc_state(id, root)? {
        Some(state) => (Some(state.pid).filter(|p| *p > 0), state.status),
        None => state_from_file(&state_file),
    };
    let running = matches!(status.as_str(), "running" | "created" | "paused") && pid.is_some();
    Ok(RuntimeContainer {
        runtime: RuntimeKind::Runc,
        id: id.to_string(),
        name: id.to_string(),
        status,
        running,
        pid,
        netns: pid.map(|p| PathBuf::from(format!("/proc/{p}/ns/net"))),
        host_network: host_network(&state_file),
        resolv_conf: pid.map(proc_resolv_conf),
    })
}

/// `runc --root ROOT state ID`; `None` when there is no runc binary.
fn runc_state(id: &str, root: &Path) -> Result<Option<OciState>, RuntimeError> {
    let output = match Command::new("runc")
        .arg("--root")
        .arg(root)
        .args(["state", id])
        .output()
    {
        Ok(output) => output,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(runc_error(id, root, format!("cannot run runc: {e}"))),
    };
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        let message = runc_message(&stderr);
        let lower = message.to_ascii_lowercase();
        return Err(
            if lower.contains("does not exist") || lower.contains("not found") {
                RuntimeError::RuncNotFound {
                    id: id.to_string(),
                    root: root.to_path_buf(),
                    found: container_ids(root),
                }
            } else if lower.contains("permission denied") {
                RuntimeError::RuncPermission {
                    id: id.to_string(),
                    root: root.to_path_buf(),
                }
            } else {
                runc_error(id, root, format!("runc state failed: {message}"))
            },
        );
    }
    serde_json::from_slice(&output.stdout)
        .map(Some)
        .map_err(|e| runc_error(id, root, format!("runc state printed no state: {e}")))
}

/// runc logs errors as `time="…" level=error msg="…"`; the msg is the part
/// worth showing.
fn runc_message(stderr: &str) -> String {
    let line = stderr
        .lines()
        .rev()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("");
    match line.find("msg=\"") {
        Some(start) => {
            let rest = &line[start + 5..];
            rest.rfind('"').map_or(rest, |end| &rest[..end]).to_string()
        }
        None => line.trim().to_string(),
    }
}

fn read_state_file(id: &str, root: &Path) -> Result<Option<Value>, RuntimeError> {
    let path = root.join(id).join("state.json");
    match std::fs::read(&path) {
        Ok(bytes) => Ok(serde_json::from_slice(&bytes).ok()),
        Err(e) if e.kind() == io::ErrorKind::PermissionDenied => {
            Err(RuntimeError::RuncPermission {
                id: id.to_string(),
                root: root.to_path_buf(),
            })
        }
        // Another runc (or a runtime keeping its state elsewhere) may not
        // write one; `runc state` still answers.
        Err(_) => Ok(None),
    }
}

/// The init pid and a status from the state file alone: running when the
/// process with that pid started when the container's did.
fn state_from_file(state: &Option<Value>) -> (Option<u32>, String) {
    let Some(state) = state else {
        return (None, "unknown (no runc binary and no state file)".into());
    };
    let pid = state["init_process_pid"]
        .as_u64()
        .and_then(|p| u32::try_from(p).ok())
        .filter(|p| *p > 0);
    let start = state["init_process_start"].as_u64();
    match (pid, start) {
        (Some(pid), Some(start)) if process_start_time(pid) == Some(start) => {
            (Some(pid), "running".into())
        }
        _ => (None, "stopped".into()),
    }
}

/// Field 22 of /proc/PID/stat: when the process started, in clock ticks.
fn process_start_time(pid: u32) -> Option<u64> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // The command name (field 2) may hold spaces; fields restart after ')'.
    let after = &stat[stat.rfind(')')? + 1..];
    after.split_whitespace().nth(19)?.parse().ok()
}

/// A container whose config has no network namespace shares the network
/// of whoever started it: the host's.
fn host_network(state: &Option<Value>) -> Option<String> {
    let namespaces = state.as_ref()?["config"]["namespaces"].as_array()?;
    // libcontainer writes NEWNET; the OCI spec's word is "network".
    let has_netns = namespaces
        .iter()
        .any(|ns| ns["type"] == "NEWNET" || ns["type"] == "network");
    (!has_netns).then(|| "its config has no network namespace".to_string())
}

/// The container ids under `root`, for "not found" errors.
fn container_ids(root: &Path) -> Vec<String> {
    let mut ids: Vec<String> = std::fs::read_dir(root)
        .map(|entries| {
            entries
                .flatten()
                .filter(|e| e.path().join("state.json").exists())
                .filter_map(|e| e.file_name().to_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default();
    ids.sort();
    ids
}

fn runc_error(id: &str, root: &Path, message: String) -> RuntimeError {
    RuntimeError::Runc {
        id: id.to_string(),
        root: root.to_path_buf(),
        message,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runc_messages_are_taken_from_its_log_line() {
        let stderr = "time=\"2024-01-01T00:00:00Z\" level=error msg=\"container does not exist\"\n";
        assert_eq!(runc_message(stderr), "container does not exist");
        assert_eq!(runc_message("plain words\n"), "plain words");
    }

    #[test]
    fn a_missing_container_lists_the_ones_there() {
        let root = tempfile::tempdir().unwrap();
        for id in ["b", "a"] {
            std::fs::create_dir(root.path().join(id)).unwrap();
            std::fs::write(root.path().join(id).join("state.json"), "{}").unwrap();
        }
        let err = lookup("c", root.path()).unwrap_err();
        assert!(err.to_string().contains("(found: a, b)"), "{err}");
        assert!(err.to_string().contains("runc container \"c\""), "{err}");
    }

    #[test]
    fn the_state_file_alone_tells_a_live_init_from_a_reused_pid() {
        let me = std::process::id();
        let start = process_start_time(me).unwrap();
        let live = serde_json::json!({"init_process_pid": me, "init_process_start": start});
        assert_eq!(state_from_file(&Some(live)), (Some(me), "running".into()));
        let reused = serde_json::json!({"init_process_pid": me, "init_process_start": start + 1});
        assert_eq!(state_from_file(&Some(reused)).0, None);
    }

    #[test]
    fn a_config_without_a_network_namespace_is_the_host_network() {
        let shared = serde_json::json!({"config": {"namespaces": [{"type": "mount"}]}});
        assert!(host_network(&Some(shared)).is_some());
        let own = serde_json::json!({"config": {"namespaces": [{"type": "NEWNET"}]}});
        assert!(host_network(&Some(own)).is_none());
        assert!(host_network(&None).is_none());
    }
}
