//! Tiers 2 and 3: cnictl reads what the reference plugins wrote for real
//! attachments. Each test has its own host namespace; the reference `bridge`
//! runs inside it, so the bridge and its iptables rules never reach the root
//! namespace, and everything goes when the namespace is deleted.

use std::fs;
use std::path::Path;

use serde_json::Value;

use crate::containers::DockerContainer;
use crate::tiers::{tier2, tier3};
use crate::util::{cnictl, data_dir, reference_plugin, run, sh, unique, NetNs};

/// The user's `cni_bridge.conf` with its leases kept in `data` instead of
/// the host's /var/lib/cni/networks.
fn cni_bridge_conf(conf_dir: &Path, data: &Path) -> Vec<u8> {
    let text = fs::read_to_string(data_dir().join("examples/cni_bridge.conf")).unwrap();
    let mut json: Value = serde_json::from_str(&text).unwrap();
    json["ipam"]["dataDir"] = Value::String(data.display().to_string());
    let bytes = serde_json::to_vec_pretty(&json).unwrap();
    fs::write(conf_dir.join("cni_bridge.conf"), &bytes).unwrap();
    bytes
}

fn leases(conf_dir: &Path) -> Value {
    run(cnictl()
        .args(["--json", "leases", "--conf-dir"])
        .arg(conf_dir))
    .success()
    .json()
}

#[test]
fn leases_and_net_ls_read_what_the_reference_bridge_wrote() {
    if !tier2() {
        return;
    }
    let host = NetNs::new("cnth");
    let container = NetNs::new("cntc");
    let conf = tempfile::tempdir().unwrap();
    let data = tempfile::tempdir().unwrap();
    let config = cni_bridge_conf(conf.path(), data.path());
    let id = unique("refid");

    let add = reference_plugin(
        &host,
        "bridge",
        "ADD",
        &id,
        &container.path(),
        "eth0",
        &config,
    );
    assert!(add.output.status.success(), "reference ADD failed:\n{add}");

    let json = leases(conf.path());
    assert_eq!(json.as_array().unwrap().len(), 1, "{json}");
    assert_eq!(json[0]["network"], "my_cni_bridge");
    assert_eq!(json[0]["ip"], "10.13.23.100");
    assert_eq!(json[0]["container_id"], id.as_str());
    assert_eq!(json[0]["ifname"], "eth0");

    let nets = run(cnictl()
        .args(["--json", "net", "ls", "--conf-dir"])
        .arg(conf.path()))
    .success()
    .json();
    assert_eq!(nets[0]["name"], "my_cni_bridge");
    assert_eq!(nets[0]["leases"], 1, "{nets}");

    let del = reference_plugin(
        &host,
        "bridge",
        "DEL",
        &id,
        &container.path(),
        "eth0",
        &config,
    );
    assert!(del.output.status.success(), "reference DEL failed:\n{del}");
    assert_eq!(leases(conf.path()), serde_json::json!([]));
}

#[test]
fn leases_show_a_docker_container_attached_by_hand_with_the_reference_plugin() {
    if !tier3() {
        return;
    }
    let container = DockerContainer::httpd("cntd");
    let name = container.name.clone();
    let inspect = sh(
        "docker",
        &[
            "inspect",
            "--format",
            "{{.Id}} {{.NetworkSettings.SandboxKey}}",
            &name,
        ],
    )
    .stdout();
    let (id, sandbox) = inspect.trim().split_once(' ').unwrap();

    let host = NetNs::new("cnth");
    let conf = tempfile::tempdir().unwrap();
    let data = tempfile::tempdir().unwrap();
    let config = cni_bridge_conf(conf.path(), data.path());
    let add = reference_plugin(
        &host,
        "bridge",
        "ADD",
        id,
        Path::new(sandbox),
        "eth0",
        &config,
    );
    assert!(add.output.status.success(), "reference ADD failed:\n{add}");

    // The walk-through users did by hand works in the test host namespace.
    let page = host
        .exec(&["curl", "-s", "--max-time", "5", "http://10.13.23.100/"])
        .stdout();
    assert_eq!(page, "cnictl test page\n");

    let json = leases(conf.path());
    assert_eq!(json[0]["ip"], "10.13.23.100", "{json}");
    assert_eq!(json[0]["container_id"], id, "{json}");

    let del = reference_plugin(
        &host,
        "bridge",
        "DEL",
        id,
        Path::new(sandbox),
        "eth0",
        &config,
    );
    assert!(del.output.status.success(), "reference DEL failed:\n{del}");
    assert_eq!(leases(conf.path()), serde_json::json!([]));
}
