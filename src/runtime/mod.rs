//! From what the user typed (`netns:blue`, `pid:4242`, `/proc/4242/ns/net`)
//! to the container id and network namespace path an attachment needs.
//! Never touches netlink: opening the namespace is `netns.rs`'s job.

use std::path::{Path, PathBuf};

use serde::Serialize;

/// Where named namespaces live (`ip netns add NAME`).
pub const NETNS_RUN_DIR: &str = "/var/run/netns";

/// A target as the user wrote it, parsed but not yet looked up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// `netns:NAME`: a namespace made with `ip netns add NAME`.
    NamedNetns(String),
    /// `pid:N`: the namespace of a running process.
    Pid(u32),
    /// A path to a namespace file (`/proc/N/ns/net`, `/var/run/netns/x`, a
    /// Docker `SandboxKey`).
    Path(PathBuf),
    /// A bare word: a container name for a runtime.
    Name(String),
}

/// Which runtime a target came from; kept in the attachment cache.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum RuntimeKind {
    Netns,
    Pid,
    Path,
}

impl RuntimeKind {
    pub fn as_str(self) -> &'static str {
        match self {
            RuntimeKind::Netns => "netns",
            RuntimeKind::Pid => "pid",
            RuntimeKind::Path => "path",
        }
    }
}

/// A target looked up: what CNI calls the container, and its namespace.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolved {
    pub container_id: String,
    pub netns: PathBuf,
    /// A name a person would recognise, when there is one beyond the id.
    pub name: Option<String>,
    pub runtime: RuntimeKind,
}

#[derive(Debug, thiserror::Error)]
pub enum RuntimeError {
    #[error("target \"{0}\" is empty: give netns:NAME, pid:N or a namespace path")]
    Empty(String),
    #[error("target \"{target}\": {problem}")]
    BadTarget { target: String, problem: String },
    #[error("network namespace \"{name}\" does not exist ({path} is missing); create it with `ip netns add {name}` or check the name with `ip netns list`")]
    NetnsMissing { name: String, path: PathBuf },
    #[error("process {pid} does not exist, so it has no network namespace to attach to")]
    PidMissing { pid: u32 },
    #[error("namespace path {0} does not exist")]
    PathMissing(PathBuf),
    #[error("\"{0}\" is not a namespace path, netns:NAME or pid:N; container names (Docker, runc) are not supported yet")]
    RuntimeNames(String),
    #[error("container id \"{id}\" is not valid: {problem}; choose one with --id")]
    BadContainerId { id: String, problem: String },
}

impl Target {
    /// Parses the user's words. A word with a `/` is a path; `netns:` and
    /// `pid:` say what they are; anything else is a runtime's container name.
    pub fn parse(text: &str) -> Result<Target, RuntimeError> {
        let bad = |problem: &str| RuntimeError::BadTarget {
            target: text.to_string(),
            problem: problem.to_string(),
        };
        if text.trim().is_empty() {
            return Err(RuntimeError::Empty(text.to_string()));
        }
        if let Some(name) = text.strip_prefix("netns:") {
            if name.is_empty() || name.contains('/') || name == "." || name == ".." {
                return Err(bad(
                    "a namespace name is a plain file name under /var/run/netns",
                ));
            }
            return Ok(Target::NamedNetns(name.to_string()));
        }
        if let Some(pid) = text.strip_prefix("pid:") {
            return match pid.parse::<u32>() {
                Ok(pid) if pid > 0 => Ok(Target::Pid(pid)),
                _ => Err(bad("pid: needs a process id such as pid:4242")),
            };
        }
        if text.contains('/') {
            return Ok(Target::Path(PathBuf::from(text)));
        }
        Ok(Target::Name(text.to_string()))
    }

    /// The namespace path and the default container id, checking only that
    /// the path exists (whether it is a network namespace is checked when
    /// it is opened).
    pub fn resolve(&self) -> Result<Resolved, RuntimeError> {
        match self {
            Target::NamedNetns(name) => {
                let path = Path::new(NETNS_RUN_DIR).join(name);
                if !path.exists() {
                    return Err(RuntimeError::NetnsMissing {
                        name: name.clone(),
                        path,
                    });
                }
                Ok(Resolved {
                    container_id: name.clone(),
                    netns: path,
                    name: Some(name.clone()),
                    runtime: RuntimeKind::Netns,
                })
            }
            Target::Pid(pid) => {
                let path = PathBuf::from(format!("/proc/{pid}/ns/net"));
                if !path.exists() {
                    return Err(RuntimeError::PidMissing { pid: *pid });
                }
                Ok(Resolved {
                    container_id: format!("pid-{pid}"),
                    netns: path,
                    name: None,
                    runtime: RuntimeKind::Pid,
                })
            }
            Target::Path(path) => {
                if !path.exists() {
                    return Err(RuntimeError::PathMissing(path.clone()));
                }
                Ok(Resolved {
                    container_id: default_id_for_path(path),
                    netns: path.clone(),
                    name: None,
                    runtime: RuntimeKind::Path,
                })
            }
            Target::Name(name) => Err(RuntimeError::RuntimeNames(name.clone())),
        }
    }

    /// The container id a target stands for without looking anything up,
    /// for `del` when the namespace is already gone.
    pub fn offline_id(&self) -> Option<String> {
        match self {
            Target::NamedNetns(name) => Some(name.clone()),
            Target::Pid(pid) => Some(format!("pid-{pid}")),
            Target::Path(path) => Some(default_id_for_path(path)),
            Target::Name(_) => None,
        }
    }
}

/// `/proc/4242/ns/net` → `pid-4242`; any other path → its file name
/// (`/var/run/netns/blue` → `blue`, a Docker SandboxKey → its hash).
fn default_id_for_path(path: &Path) -> String {
    let parts: Vec<&str> = path.iter().filter_map(|p| p.to_str()).collect();
    if let ["/", "proc", pid, "ns", "net"] = parts.as_slice() {
        if pid.parse::<u32>().is_ok() {
            return format!("pid-{pid}");
        }
    }
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "container".into())
}

/// The CNI spec's rule for container ids: alphanumerics first, then
/// alphanumerics, `_`, `.` and `-` (libcni's `ValidateContainerID`).
pub fn validate_container_id(id: &str) -> Result<(), RuntimeError> {
    let problem = if id.is_empty() {
        Some("it is empty".to_string())
    } else if !id.starts_with(|c: char| c.is_ascii_alphanumeric()) {
        Some("it must start with a letter or digit".to_string())
    } else {
        id.chars()
            .find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-')))
            .map(|c| format!("{c:?} is not allowed (only letters, digits, '_', '.' and '-')"))
    };
    match problem {
        None => Ok(()),
        Some(problem) => Err(RuntimeError::BadContainerId {
            id: id.to_string(),
            problem,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_each_kind_of_target() {
        assert_eq!(
            Target::parse("netns:blue").unwrap(),
            Target::NamedNetns("blue".into())
        );
        assert_eq!(Target::parse("pid:4242").unwrap(), Target::Pid(4242));
        assert_eq!(
            Target::parse("/proc/4242/ns/net").unwrap(),
            Target::Path("/proc/4242/ns/net".into())
        );
        assert_eq!(Target::parse("./ns").unwrap(), Target::Path("./ns".into()));
        assert_eq!(
            Target::parse("docker1n").unwrap(),
            Target::Name("docker1n".into())
        );
    }

    #[test]
    fn refuses_malformed_targets() {
        for bad in [
            "",
            " ",
            "netns:",
            "netns:../x",
            "pid:",
            "pid:0",
            "pid:-1",
            "pid:abc",
        ] {
            assert!(Target::parse(bad).is_err(), "{bad:?} was accepted");
        }
    }

    #[test]
    fn default_ids_follow_the_target() {
        assert_eq!(Target::Pid(42).offline_id().unwrap(), "pid-42");
        assert_eq!(
            Target::NamedNetns("blue".into()).offline_id().unwrap(),
            "blue"
        );
        assert_eq!(default_id_for_path(Path::new("/proc/77/ns/net")), "pid-77");
        assert_eq!(
            default_id_for_path(Path::new("/var/run/docker/netns/3ec3b04d18c3")),
            "3ec3b04d18c3"
        );
    }

    #[test]
    fn missing_namespaces_are_named_in_the_error() {
        let err = Target::parse("netns:cnictl-no-such-ns")
            .unwrap()
            .resolve()
            .unwrap_err();
        assert!(
            err.to_string().contains("ip netns add cnictl-no-such-ns"),
            "{err}"
        );
        let err = Target::Pid(u32::MAX - 1).resolve().unwrap_err();
        assert!(err.to_string().contains("does not exist"), "{err}");
    }

    #[test]
    fn container_ids_follow_the_cni_rule() {
        for good in ["web1", "f53525a26eb4", "a.b_c-d", "pid-42"] {
            assert!(validate_container_id(good).is_ok(), "{good}");
        }
        for bad in ["", "-x", ".x", "a b", "a/b", "é"] {
            assert!(validate_container_id(bad).is_err(), "{bad:?}");
        }
    }
}
