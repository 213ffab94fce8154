//! From what the user typed (`docker1n`, `runc:c1`, `netns:blue`,
//! `pid:4242`, `/proc/4242/ns/net`) to the container id and network
//! namespace path an attachment needs. Never touches netlink: opening the
//! namespace is `netns.rs`'s job.
//!
//! Docker is asked through its API (`docker.rs`, the only bollard user),
//! runc through `runc state` or its state file (`runc.rs`).

pub mod docker;
pub mod runc;

use std::path::{Path, PathBuf};

use crate::cni::cache;
pub use crate::cni::cache::RuntimeKind;

/// Where named namespaces live (`ip netns add NAME`).
pub const NETNS_RUN_DIR: &str = "/var/run/netns";

/// runc's default state directory (`runc --root`).
pub const DEFAULT_RUNC_ROOT: &str = "/run/runc";

/// How to reach the container runtimes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuntimeOptions {
    /// runc's state directory (`runc --root`).
    pub runc_root: PathBuf,
}

impl Default for RuntimeOptions {
    fn default() -> Self {
        RuntimeOptions {
            runc_root: PathBuf::from(DEFAULT_RUNC_ROOT),
        }
    }
}

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
    /// A bare word or `docker:NAME`: a Docker container's name, full id or
    /// unique id prefix.
    Docker(String),
    /// `runc:ID`: a runc container.
    Runc(String),
}

/// How a container is shown in listings: what one would type to name it
/// again (`docker1n`, `runc:c1`, `netns:blue`), from what the cache keeps.
pub fn display_name(runtime: Option<RuntimeKind>, name: &str) -> String {
    match runtime {
        Some(RuntimeKind::Runc) => format!("runc:{name}"),
        Some(RuntimeKind::Netns) => format!("netns:{name}"),
        _ => name.to_string(),
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
    /// The container's resolv.conf as seen from the host, when it has a
    /// file system cnictl can reach (Docker's `ResolvConfPath`,
    /// `/proc/<pid>/root/etc/resolv.conf`).
    pub resolv_conf: Option<PathBuf>,
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
    #[error("\"{0}\" names a container: it is looked up in its runtime, not here")]
    NeedsRuntime(String),
    #[error("container \"{name}\" not found in Docker ({endpoint}){}", close_names(.close))]
    DockerNotFound {
        name: String,
        endpoint: String,
        close: Vec<String>,
    },
    #[error("container id prefix \"{prefix}\" is ambiguous in Docker: it matches {}; give more of the id or the name", .matches.join(", "))]
    DockerAmbiguous {
        prefix: String,
        matches: Vec<String>,
    },
    #[error("cannot reach the Docker daemon at {endpoint}: {problem}; start it (`systemctl start docker`, or `dockerd &`) or point DOCKER_HOST at its socket")]
    DockerUnreachable { endpoint: String, problem: String },
    #[error("permission denied on the Docker socket {endpoint} while looking up container \"{name}\": run cnictl with sudo")]
    DockerPermission { name: String, endpoint: String },
    #[error("Docker ({endpoint}) failed to look up container \"{name}\": {message}")]
    Docker {
        name: String,
        endpoint: String,
        message: String,
    },
    #[error("container \"{container}\" is not running (it is {status}): start it first; a stopped container has no network namespace")]
    NotRunning { container: String, status: String },
    #[error("container \"{container}\" runs with the host's network ({how}): attaching it would change the host's network; run it with --net=none")]
    HostNetwork { container: String, how: String },
    #[error("runc container \"{id}\" not found in {root}{}", found_ids(.found))]
    RuncNotFound {
        id: String,
        root: PathBuf,
        found: Vec<String>,
    },
    #[error("permission denied reading the state of runc container \"{id}\" in {root}: run cnictl with sudo")]
    RuncPermission { id: String, root: PathBuf },
    #[error("cannot read the state of runc container \"{id}\" in {root}: {message}")]
    Runc {
        id: String,
        root: PathBuf,
        message: String,
    },
    #[error("\"{name}\" names {} attachments of different containers ({}); pick one with --id", .ids.len(), .ids.join(", "))]
    AmbiguousCached { name: String, ids: Vec<String> },
    #[error("container id \"{id}\" is not valid: {problem}; choose one with --id")]
    BadContainerId { id: String, problem: String },
}

fn close_names(close: &[String]) -> String {
    if close.is_empty() {
        "; `docker ps -a` lists the containers it knows".to_string()
    } else {
        format!("; did you mean {}?", close.join(", "))
    }
}

fn found_ids(found: &[String]) -> String {
    if found.is_empty() {
        "; it holds no containers (is --runc-root right? `runc list` shows them)".to_string()
    } else {
        format!(" (found: {})", found.join(", "))
    }
}

impl Target {
    /// Parses the user's words. A word with a `/` is a path; `netns:`,
    /// `pid:`, `docker:` and `runc:` say what they are; any other word is a
    /// Docker container.
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
        for (prefix, make) in [
            ("docker:", Target::Docker as fn(String) -> Target),
            ("runc:", Target::Runc),
        ] {
            if let Some(name) = text.strip_prefix(prefix) {
                if name.is_empty() || name.contains('/') || name.starts_with('.') {
                    return Err(bad(&format!("{prefix} needs a container name or id")));
                }
                return Ok(make(name.to_string()));
            }
        }
        if text.contains('/') {
            return Ok(Target::Path(PathBuf::from(text)));
        }
        Ok(Target::Docker(text.to_string()))
    }

    /// The container's runtime and name as the cache records them, for the
    /// kinds found by name.
    pub fn runtime_name(&self) -> Option<(RuntimeKind, &str)> {
        match self {
            Target::Docker(name) => Some((RuntimeKind::Docker, name)),
            Target::Runc(id) => Some((RuntimeKind::Runc, id)),
            _ => None,
        }
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
                    resolv_conf: None,
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
                    resolv_conf: Some(proc_resolv_conf(*pid)),
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
                    resolv_conf: None,
                })
            }
            Target::Docker(name) | Target::Runc(name) => {
                Err(RuntimeError::NeedsRuntime(name.clone()))
            }
        }
    }

    /// The namespace path a target stands for, whether or not it still
    /// exists; `None` for a runtime's container.
    pub fn offline_netns(&self) -> Option<PathBuf> {
        match self {
            Target::NamedNetns(name) => Some(Path::new(NETNS_RUN_DIR).join(name)),
            Target::Pid(pid) => Some(PathBuf::from(format!("/proc/{pid}/ns/net"))),
            Target::Path(path) => Some(path.clone()),
            Target::Docker(_) | Target::Runc(_) => None,
        }
    }

    /// The container id a target stands for without looking anything up,
    /// for `del` when the namespace is already gone.
    pub fn offline_id(&self) -> Option<String> {
        match self {
            Target::NamedNetns(name) => Some(name.clone()),
            Target::Pid(pid) => Some(format!("pid-{pid}")),
            Target::Path(path) => Some(default_id_for_path(path)),
            Target::Docker(_) | Target::Runc(_) => None,
        }
    }
}

/// `/proc/<pid>/root/etc/resolv.conf`: the container's file as the host
/// reaches it through the process's root.
pub fn proc_resolv_conf(pid: u32) -> PathBuf {
    PathBuf::from(format!("/proc/{pid}/root/etc/resolv.conf"))
}

/// Looks a target up for attaching: the container must be running and
/// have a network namespace of its own.
pub async fn resolve(target: &Target, options: &RuntimeOptions) -> Result<Resolved, RuntimeError> {
    match target {
        Target::Docker(name) => docker::lookup(name).await?.for_attach(),
        Target::Runc(id) => runc::lookup(id, &options.runc_root)?.for_attach(),
        other => other.resolve(),
    }
}

/// What `del` needs of a target: the container id, and the namespace when
/// the container still has one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DelTarget {
    pub container_id: String,
    pub netns: Option<PathBuf>,
}

/// Looks a target up for detaching. A container the runtime no longer
/// knows (`docker rm`) is found by the name its attachments recorded in
/// the cache, so its leases, veth and rules are still released.
pub async fn resolve_for_del(
    target: &Target,
    options: &RuntimeOptions,
    cache_dir: &Path,
    id: Option<&str>,
) -> Result<DelTarget, RuntimeError> {
    let Some((kind, name)) = target.runtime_name() else {
        let netns = target.resolve().ok().map(|r| r.netns);
        let container_id = match id {
            Some(id) => id.to_string(),
            None => {
                let implied = target
                    .offline_id()
                    .ok_or_else(|| RuntimeError::NeedsRuntime(format!("{target:?}")))?;
                id_recorded_for_netns(cache_dir, target, implied)?
            }
        };
        return Ok(DelTarget {
            container_id,
            netns,
        });
    };
    let live = match kind {
        RuntimeKind::Runc => runc::lookup(name, &options.runc_root),
        _ => docker::lookup(name).await,
    };
    let live = live.map(|c| (c.id.clone(), c.running_netns()));
    if let Some(id) = id {
        let netns = live
            .ok()
            .filter(|(live_id, _)| live_id == id)
            .and_then(|(_, ns)| ns);
        return Ok(DelTarget {
            container_id: id.to_string(),
            netns,
        });
    }
    let cached = cached_ids(cache_dir, kind, name);
    match live {
        // The cache agrees with the runtime, or knows nothing of the name.
        Ok((live_id, netns)) if cached.is_empty() || cached.contains(&live_id) => Ok(DelTarget {
            container_id: live_id,
            netns,
        }),
        // The name now belongs to another container: the attachments
        // recorded under it are the ones to remove.
        Ok(_) | Err(_) if cached.len() == 1 => Ok(DelTarget {
            container_id: cached[0].clone(),
            netns: None,
        }),
        Ok(_) => Err(RuntimeError::AmbiguousCached {
            name: name.to_string(),
            ids: cached,
        }),
        Err(_) if cached.len() > 1 => Err(RuntimeError::AmbiguousCached {
            name: name.to_string(),
            ids: cached,
        }),
        // Nothing recorded and the runtime does not know it: there may be
        // leases made with the name as the id (`--id`); else nothing is
        // left to remove, which `del` reports without failing.
        Err(err) => {
            tracing::warn!("{err}; looking for attachments with container id \"{name}\"");
            Ok(DelTarget {
                container_id: name.to_string(),
                netns: None,
            })
        }
    }
}

/// The container ids whose cached attachments recorded this runtime and
/// name (or, for Docker, whose id starts with it: a removed container
/// named by id), each once.
/// The container id of a namespace target's attachments. `add --id` gives
/// one the target does not imply (`add netns:blue --id web1`); the cache
/// recorded the namespace, so `del`, `show` and `check` find it without
/// `--id`. The implied id wins whenever it has attachments of its own.
fn id_recorded_for_netns(
    cache_dir: &Path,
    target: &Target,
    implied: String,
) -> Result<String, RuntimeError> {
    let Some(netns) = target.offline_netns() else {
        return Ok(implied);
    };
    if cache::find_by_container(cache_dir, &implied).is_ok_and(|found| !found.is_empty()) {
        return Ok(implied);
    }
    let Ok(entries) = cache::list(cache_dir) else {
        return Ok(implied);
    };
    let netns = netns.display().to_string();
    let mut ids: Vec<String> = Vec::new();
    for entry in entries.into_iter().filter_map(|(_, e)| e.ok()) {
        if entry.netns.as_deref() == Some(netns.as_str()) && !ids.contains(&entry.container_id) {
            ids.push(entry.container_id);
        }
    }
    match ids.len() {
        0 => Ok(implied),
        1 => Ok(ids.remove(0)),
        _ => Err(RuntimeError::AmbiguousCached { name: netns, ids }),
    }
}

fn cached_ids(cache_dir: &Path, kind: RuntimeKind, name: &str) -> Vec<String> {
    let mut ids: Vec<String> = Vec::new();
    let Ok(entries) = cache::list(cache_dir) else {
        return ids;
    };
    for entry in entries.into_iter().filter_map(|(_, e)| e.ok()) {
        let Some(record) = &entry.cnictl else {
            continue;
        };
        if record.runtime != Some(kind) {
            continue;
        }
        let by_name = record.container_name.as_deref() == Some(name);
        let by_id =
            kind == RuntimeKind::Docker && name.len() >= 4 && entry.container_id.starts_with(name);
        if (by_name || by_id) && !ids.contains(&entry.container_id) {
            ids.push(entry.container_id.clone());
        }
    }
    ids
}

/// A container as its runtime reports it, before deciding whether it can
/// be attached.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuntimeContainer {
    pub runtime: RuntimeKind,
    /// The CNI container id: Docker's full Id, the runc id.
    pub id: String,
    pub name: String,
    /// The runtime's word for its state (`running`, `exited`, `stopped`…).
    pub status: String,
    pub running: bool,
    pub pid: Option<u32>,
    /// Its network namespace file, when it has one.
    pub netns: Option<PathBuf>,
    /// Why it shares the host's network, when it does.
    pub host_network: Option<String>,
    pub resolv_conf: Option<PathBuf>,
}

impl RuntimeContainer {
    fn shown(&self) -> String {
        display_name(Some(self.runtime), &self.name)
    }

    fn running_netns(&self) -> Option<PathBuf> {
        self.netns.clone().filter(|_| self.running)
    }

    /// The attachment's view of a running container with its own network.
    pub fn for_attach(self) -> Result<Resolved, RuntimeError> {
        if !self.running {
            return Err(RuntimeError::NotRunning {
                container: self.shown(),
                status: self.status.clone(),
            });
        }
        if let Some(how) = &self.host_network {
            return Err(RuntimeError::HostNetwork {
                container: self.shown(),
                how: how.clone(),
            });
        }
        let netns = match (&self.netns, self.pid) {
            (Some(netns), _) => netns.clone(),
            (None, Some(pid)) => PathBuf::from(format!("/proc/{pid}/ns/net")),
            (None, None) => {
                return Err(RuntimeError::NotRunning {
                    container: self.shown(),
                    status: format!("{} without a process", self.status),
                })
            }
        };
        Ok(Resolved {
            container_id: self.id,
            netns,
            name: Some(self.name),
            runtime: self.runtime,
            resolv_conf: self.resolv_conf,
        })
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

/// Shortens a container id for a table, as `docker ps` does.
pub fn short_id(id: &str) -> &str {
    match id.char_indices().nth(12) {
        Some((cut, _)) => &id[..cut],
        None => id,
    }
}

/// A container id as messages show it: a long hex id (Docker's) cut to
/// 12 digits as `docker ps` does, any other id (`runc` ids, netns names)
/// whole, since a cut one could name another container.
pub fn display_id(id: &str) -> &str {
    if id.len() > 12 && id.chars().all(|c| c.is_ascii_hexdigit()) {
        short_id(id)
    } else {
        id
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
            Target::Docker("docker1n".into())
        );
        assert_eq!(
            Target::parse("docker:web").unwrap(),
            Target::Docker("web".into())
        );
        assert_eq!(Target::parse("runc:c1").unwrap(), Target::Runc("c1".into()));
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
            "docker:",
            "runc:",
            "runc:../x",
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

    fn cache_entry(dir: &Path, network: &str, id: &str, kind: RuntimeKind, name: &str) {
        cache_entry_in(dir, network, id, kind, name, None);
    }

    fn cache_entry_in(
        dir: &Path,
        network: &str,
        id: &str,
        kind: RuntimeKind,
        name: &str,
        netns: Option<&str>,
    ) {
        let mut record = cache::CnictlRecord::new("veth0", "br0");
        record.container_name = Some(name.to_string());
        record.runtime = Some(kind);
        cache::CacheEntry {
            kind: cache::CACHE_KIND.to_string(),
            container_id: id.to_string(),
            config: Vec::new(),
            if_name: "eth0".to_string(),
            network_name: network.to_string(),
            netns: netns.map(str::to_string),
            cni_args: Vec::new(),
            capability_args: serde_json::Map::new(),
            result: None,
            cnictl: Some(record),
        }
        .write_atomic(dir)
        .unwrap();
    }

    #[test]
    fn cached_names_lead_del_to_the_container_id() {
        let dir = tempfile::tempdir().unwrap();
        let full = "9a56527dc85d0f1e2d3c4b5a69788796a5b4c3d2e1f00112233445566778899a";
        cache_entry(dir.path(), "net1", full, RuntimeKind::Docker, "docker1n");
        cache_entry(dir.path(), "net2", full, RuntimeKind::Docker, "docker1n");
        cache_entry(dir.path(), "net1", "c1", RuntimeKind::Runc, "c1");
        assert_eq!(
            cached_ids(dir.path(), RuntimeKind::Docker, "docker1n"),
            [full]
        );
        assert_eq!(
            cached_ids(dir.path(), RuntimeKind::Docker, "9a56527d"),
            [full]
        );
        assert_eq!(cached_ids(dir.path(), RuntimeKind::Runc, "c1"), ["c1"]);
        // A runc id is not a Docker name.
        assert!(cached_ids(dir.path(), RuntimeKind::Docker, "c1").is_empty());
    }

    #[test]
    fn del_of_a_namespace_target_needs_no_runtime() {
        let dir = tempfile::tempdir().unwrap();
        let runtime = tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap();
        let found = runtime
            .block_on(resolve_for_del(
                &Target::Pid(u32::MAX - 1),
                &RuntimeOptions::default(),
                dir.path(),
                None,
            ))
            .unwrap();
        assert_eq!(found.container_id, format!("pid-{}", u32::MAX - 1));
        assert_eq!(found.netns, None);
    }

    #[test]
    fn a_namespace_target_finds_the_id_add_was_given() {
        let dir = tempfile::tempdir().unwrap();
        let blue = Target::NamedNetns("blue".into());
        let id = |target: &Target| {
            id_recorded_for_netns(dir.path(), target, target.offline_id().unwrap())
        };
        // Nothing recorded: the implied id.
        assert_eq!(id(&blue).unwrap(), "blue");
        // `add netns:blue --id web1`: found by the namespace it recorded.
        let kind = RuntimeKind::Netns;
        cache_entry_in(
            dir.path(),
            "n1",
            "web1",
            kind,
            "blue",
            Some("/var/run/netns/blue"),
        );
        assert_eq!(id(&blue).unwrap(), "web1");
        assert_eq!(id(&Target::NamedNetns("red".into())).unwrap(), "red");
        // Two ids in one namespace: the user must choose.
        cache_entry_in(
            dir.path(),
            "n2",
            "web2",
            kind,
            "blue",
            Some("/var/run/netns/blue"),
        );
        let err = id(&blue).unwrap_err().to_string();
        assert!(err.contains("web1, web2") && err.contains("--id"), "{err}");
        // The implied id wins when it has attachments of its own.
        cache_entry_in(
            dir.path(),
            "n3",
            "blue",
            kind,
            "blue",
            Some("/var/run/netns/blue"),
        );
        assert_eq!(id(&blue).unwrap(), "blue");
    }

    #[test]
    fn display_names_are_what_one_would_type() {
        assert_eq!(display_name(Some(RuntimeKind::Docker), "web"), "web");
        assert_eq!(display_name(Some(RuntimeKind::Runc), "c1"), "runc:c1");
        assert_eq!(display_name(Some(RuntimeKind::Netns), "blue"), "netns:blue");
        assert_eq!(display_name(None, "x"), "x");
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
