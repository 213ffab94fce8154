//! Docker containers, through the Engine API with bollard (the only module
//! that uses it). The daemon is reached at `DOCKER_HOST` or the local
//! socket, so podman's Docker-compatible socket works the same way.
//!
//! One `GET /containers/{name}/json` answers for a name, a full id and a
//! unique id prefix alike; the daemon does the matching. A second request
//! is made only to explain a failure (close names, the ids a prefix hits)
//! or to step down to an older daemon's API version.

use std::error::Error as StdError;
use std::io;
use std::path::{Path, PathBuf};

use bollard::errors::Error as BollardError;
use bollard::query_parameters::ListContainersOptionsBuilder;
use bollard::{Docker, API_DEFAULT_VERSION};

use super::{RuntimeContainer, RuntimeError, RuntimeKind};

/// Docker's own socket.
pub const DOCKER_SOCKET: &str = "unix:///var/run/docker.sock";
/// Rootful podman's Docker-compatible socket, used when Docker's is absent.
pub const PODMAN_SOCKET: &str = "unix:///run/podman/podman.sock";

/// Seconds before a request to the daemon is given up.
const TIMEOUT_SECS: u64 = 20;

/// Names offered as "did you mean" at most.
const MAX_CLOSE_NAMES: usize = 5;

/// Where the daemon is: `DOCKER_HOST`, else Docker's socket, else podman's
/// when only that one exists.
pub fn endpoint() -> String {
    if let Some(host) = std::env::var("DOCKER_HOST").ok().filter(|h| !h.is_empty()) {
        return host;
    }
    let docker = DOCKER_SOCKET.trim_start_matches("unix://");
    let podman = PODMAN_SOCKET.trim_start_matches("unix://");
    if !Path::new(docker).exists() && Path::new(podman).exists() {
        return PODMAN_SOCKET.to_string();
    }
    DOCKER_SOCKET.to_string()
}

fn connect(endpoint: &str) -> Result<Docker, RuntimeError> {
    let unreachable = |problem: String| RuntimeError::DockerUnreachable {
        endpoint: endpoint.to_string(),
        problem,
    };
    let connected = if endpoint.starts_with("unix://") {
        Docker::connect_with_unix(endpoint, TIMEOUT_SECS, API_DEFAULT_VERSION)
    } else if endpoint.starts_with("tcp://") || endpoint.starts_with("http://") {
        Docker::connect_with_http(endpoint, TIMEOUT_SECS, API_DEFAULT_VERSION)
    } else {
        return Err(unreachable(
            "cnictl speaks to Docker over unix:// and tcp:// only".into(),
        ));
    };
    connected.map_err(|e| unreachable(e.to_string()))
}

/// Names of the running containers, for shell completion: nothing when
/// the daemon is not there (a missing socket costs no connect) or does
/// not answer within `budget`.
pub async fn running_names(budget: std::time::Duration) -> Vec<String> {
    let endpoint = endpoint();
    if let Some(path) = endpoint.strip_prefix("unix://") {
        if !Path::new(path).exists() {
            return Vec::new();
        }
    }
    let Ok(docker) = connect(&endpoint) else {
        return Vec::new();
    };
    let listed = tokio::time::timeout(
        budget,
        docker.list_containers(None::<bollard::query_parameters::ListContainersOptions>),
    )
    .await;
    match listed {
        Ok(Ok(containers)) => containers
            .into_iter()
            .flat_map(|c| c.names.unwrap_or_default())
            .map(|n| n.trim_start_matches('/').to_string())
            .collect(),
        _ => Vec::new(),
    }
}

/// Looks a container up by name, full id or unique id prefix.
pub async fn lookup(name: &str) -> Result<RuntimeContainer, RuntimeError> {
    let endpoint = endpoint();
    let docker = connect(&endpoint)?;
    let inspected = match docker.inspect_container(name, None).await {
        Err(err) if is_version_mismatch(&err) => {
            // An older (or much newer) daemon: ask it which API version it
            // speaks, then ask again. Only such daemons pay the round trip.
            let docker = docker
                .negotiate_version()
                .await
                .map_err(|e| classify(e, name, &endpoint))?;
            return inspect_with(&docker, name, &endpoint).await;
        }
        other => other,
    };
    match inspected {
        Ok(response) => Ok(from_inspect(response)),
        Err(err) => Err(explain(&docker, err, name, &endpoint).await),
    }
}

async fn inspect_with(
    docker: &Docker,
    name: &str,
    endpoint: &str,
) -> Result<RuntimeContainer, RuntimeError> {
    match docker.inspect_container(name, None).await {
        Ok(response) => Ok(from_inspect(response)),
        Err(err) => Err(explain(docker, err, name, endpoint).await),
    }
}

fn is_version_mismatch(err: &BollardError) -> bool {
    matches!(err, BollardError::DockerResponseServerError { status_code: 400, message }
        if message.contains("client version"))
}

/// Turns a failed inspect into the error a user can act on, asking the
/// daemon for the names it knows when the container was not found.
async fn explain(docker: &Docker, err: BollardError, name: &str, endpoint: &str) -> RuntimeError {
    match &err {
        BollardError::DockerResponseServerError {
            status_code: 404, ..
        } => RuntimeError::DockerNotFound {
            name: name.to_string(),
            endpoint: endpoint.to_string(),
            close: match known_containers(docker).await {
                Ok(known) => close_names(name, &known),
                Err(_) => Vec::new(),
            },
        },
        BollardError::DockerResponseServerError { message, .. }
            if message.to_ascii_lowercase().contains("multiple ids found") =>
        {
            let matches = known_containers(docker)
                .await
                .unwrap_or_default()
                .into_iter()
                .filter(|(id, _)| id.starts_with(name))
                .map(|(id, names)| format!("{} ({})", &id[..id.len().min(12)], names.join(",")))
                .collect();
            RuntimeError::DockerAmbiguous {
                prefix: name.to_string(),
                matches,
            }
        }
        _ => classify(err, name, endpoint),
    }
}

/// Transport errors: no socket, refused, permission denied.
fn classify(err: BollardError, name: &str, endpoint: &str) -> RuntimeError {
    match &err {
        BollardError::DockerResponseServerError { message, .. } => RuntimeError::Docker {
            name: name.to_string(),
            endpoint: endpoint.to_string(),
            message: message.clone(),
        },
        _ => match io_kind(&err) {
            Some(io::ErrorKind::PermissionDenied) => RuntimeError::DockerPermission {
                name: name.to_string(),
                endpoint: endpoint.to_string(),
            },
            Some(kind) => RuntimeError::DockerUnreachable {
                endpoint: endpoint.to_string(),
                problem: match kind {
                    io::ErrorKind::NotFound => "the socket does not exist".to_string(),
                    io::ErrorKind::ConnectionRefused => "nothing listens on it".to_string(),
                    _ => root_cause(&err),
                },
            },
            None => RuntimeError::DockerUnreachable {
                endpoint: endpoint.to_string(),
                problem: root_cause(&err),
            },
        },
    }
}

/// The kind of the first I/O error in the cause chain.
fn io_kind(err: &(dyn StdError + 'static)) -> Option<io::ErrorKind> {
    let mut current: Option<&(dyn StdError + 'static)> = Some(err);
    while let Some(e) = current {
        if let Some(io) = e.downcast_ref::<io::Error>() {
            return Some(io.kind());
        }
        current = e.source();
    }
    None
}

fn root_cause(err: &(dyn StdError + 'static)) -> String {
    let mut current = err;
    while let Some(next) = current.source() {
        current = next;
    }
    current.to_string()
}

/// Every container the daemon knows, running or not: (full id, names).
async fn known_containers(docker: &Docker) -> Result<Vec<(String, Vec<String>)>, BollardError> {
    let options = ListContainersOptionsBuilder::new().all(true).build();
    Ok(docker
        .list_containers(Some(options))
        .await?
        .into_iter()
        .filter_map(|c| {
            let names = c
                .names
                .unwrap_or_default()
                .into_iter()
                .map(|n| n.trim_start_matches('/').to_string())
                .collect();
            c.id.map(|id| (id, names))
        })
        .collect())
}

/// Names that look like a typo of `wanted`: containing it, contained in
/// it, or a few edits away; closest first.
pub fn close_names(wanted: &str, known: &[(String, Vec<String>)]) -> Vec<String> {
    let wanted_lower = wanted.to_ascii_lowercase();
    let budget = (wanted.len() / 3).max(2);
    let mut scored: Vec<(usize, String)> = known
        .iter()
        .flat_map(|(_, names)| names.iter())
        .filter_map(|name| {
            let lower = name.to_ascii_lowercase();
            let distance = edit_distance(&wanted_lower, &lower);
            let related = wanted_lower.len() >= 3
                && (lower.contains(&wanted_lower) || wanted_lower.contains(&lower));
            (distance <= budget || related).then(|| (distance, name.clone()))
        })
        .collect();
    scored.sort();
    scored.dedup_by(|a, b| a.1 == b.1);
    scored
        .into_iter()
        .take(MAX_CLOSE_NAMES)
        .map(|(_, n)| n)
        .collect()
}

/// Levenshtein distance over bytes (container names are ASCII).
fn edit_distance(a: &str, b: &str) -> usize {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut current = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let substitute = previous[j] + usize::from(ca != cb);
            current.push(substitute.min(previous[j + 1] + 1).min(current[j] + 1));
        }
        previous = current;
    }
    previous[b.len()]
}

fn from_inspect(response: bollard::models::ContainerInspectResponse) -> RuntimeContainer {
    let state = response.state.unwrap_or_default();
    let status = state
        .status
        .map(|s| s.to_string())
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "in an unknown state".to_string());
    let running = state.running.unwrap_or(false) && !state.restarting.unwrap_or(false);
    let pid = state
        .pid
        .and_then(|p| u32::try_from(p).ok())
        .filter(|p| *p > 0);
    let network_mode = response
        .host_config
        .and_then(|h| h.network_mode)
        .unwrap_or_default();
    let netns = response
        .network_settings
        .and_then(|n| n.sandbox_key)
        .filter(|k| !k.is_empty())
        .map(PathBuf::from);
    let resolv_conf = response
        .resolv_conf_path
        .filter(|p| !p.is_empty())
        .map(PathBuf::from)
        .or_else(|| pid.map(super::proc_resolv_conf));
    RuntimeContainer {
        runtime: RuntimeKind::Docker,
        id: response.id.unwrap_or_default(),
        name: response
            .name
            .unwrap_or_default()
            .trim_start_matches('/')
            .to_string(),
        status,
        running,
        pid,
        netns,
        host_network: (network_mode == "host").then(|| "--net=host".to_string()),
        resolv_conf,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn known(names: &[&str]) -> Vec<(String, Vec<String>)> {
        names
            .iter()
            .enumerate()
            .map(|(i, n)| (format!("{i:064}"), vec![n.to_string()]))
            .collect()
    }

    #[test]
    fn close_names_catch_typos_and_parts() {
        let known = known(&["docker1n", "web", "database", "docker2n"]);
        assert_eq!(close_names("docker1m", &known), ["docker1n", "docker2n"]);
        assert_eq!(close_names("data", &known), ["database"]);
        assert!(close_names("zzzzzzzz", &known).is_empty());
    }

    #[test]
    fn edit_distance_counts_edits() {
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("same", "same"), 0);
    }

    #[test]
    fn version_mismatch_is_recognised() {
        let err = BollardError::DockerResponseServerError {
            status_code: 400,
            message: "client version 1.53 is too new. Maximum supported API version is 1.41".into(),
        };
        assert!(is_version_mismatch(&err));
        let other = BollardError::DockerResponseServerError {
            status_code: 404,
            message: "No such container: x".into(),
        };
        assert!(!is_version_mismatch(&other));
    }

    #[test]
    fn inspect_of_a_host_network_container_is_refused_for_attach() {
        let response: bollard::models::ContainerInspectResponse =
            serde_json::from_value(serde_json::json!({
                "Id": "abc",
                "Name": "/web",
                "State": {"Status": "running", "Running": true, "Pid": 42},
                "HostConfig": {"NetworkMode": "host"},
                "NetworkSettings": {"SandboxKey": "/var/run/docker/netns/default"},
                "ResolvConfPath": "/var/lib/docker/containers/abc/resolv.conf"
            }))
            .unwrap();
        let container = from_inspect(response);
        assert_eq!(container.name, "web");
        let err = container.for_attach().unwrap_err();
        assert!(err.to_string().contains("--net=host"), "{err}");
    }

    #[test]
    fn inspect_of_a_stopped_container_says_its_state() {
        let response: bollard::models::ContainerInspectResponse =
            serde_json::from_value(serde_json::json!({
                "Id": "abc",
                "Name": "/web",
                "State": {"Status": "exited", "Running": false, "Pid": 0},
                "HostConfig": {"NetworkMode": "none"},
                "NetworkSettings": {"SandboxKey": ""},
                "ResolvConfPath": ""
            }))
            .unwrap();
        let err = from_inspect(response).for_attach().unwrap_err();
        assert_eq!(
            err.to_string(),
            "container \"web\" is not running (it is exited): start it first; a stopped container has no network namespace"
        );
    }

    #[test]
    fn a_running_container_resolves_to_its_sandbox() {
        let response: bollard::models::ContainerInspectResponse =
            serde_json::from_value(serde_json::json!({
                "Id": "f53525a26eb4",
                "Name": "/docker1n",
                "State": {"Status": "running", "Running": true, "Pid": 42},
                "HostConfig": {"NetworkMode": "none"},
                "NetworkSettings": {"SandboxKey": "/var/run/docker/netns/86128b5c28bf"},
                "ResolvConfPath": "/var/lib/docker/containers/f53525a26eb4/resolv.conf"
            }))
            .unwrap();
        let resolved = from_inspect(response).for_attach().unwrap();
        assert_eq!(resolved.container_id, "f53525a26eb4");
        assert_eq!(
            resolved.netns,
            PathBuf::from("/var/run/docker/netns/86128b5c28bf")
        );
        assert_eq!(resolved.name.as_deref(), Some("docker1n"));
        assert_eq!(resolved.runtime, RuntimeKind::Docker);
        assert_eq!(
            resolved.resolv_conf,
            Some(PathBuf::from(
                "/var/lib/docker/containers/f53525a26eb4/resolv.conf"
            ))
        );
    }
}
