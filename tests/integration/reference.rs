//! Tiers 2 and 3: cnictl reads what the reference plugins wrote for real
//! attachments. Each test has its own host namespace; the reference `bridge`
//! runs inside it, so the bridge and its iptables rules never reach the root
//! namespace, and everything goes when the namespace is deleted.

use std::fs;
use std::path::Path;

use serde_json::Value;

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

/// The busybox test image, imported once per run from Debian's busybox-static
/// (no registry is reachable).
fn ensure_test_image() -> &'static str {
    use std::sync::OnceLock;
    const IMAGE: &str = "cnictl-test/busybox:latest";
    static READY: OnceLock<()> = OnceLock::new();
    READY.get_or_init(|| {
        if run(std::process::Command::new("docker").args(["image", "inspect", IMAGE])).code()
            == Some(0)
        {
            return;
        }
        let rootfs = tempfile::tempdir().unwrap();
        let root = rootfs.path();
        for dir in ["bin", "etc", "www", "tmp"] {
            fs::create_dir_all(root.join(dir)).unwrap();
        }
        fs::copy("/bin/busybox", root.join("bin/busybox")).unwrap();
        let applets = sh("/bin/busybox", &["--list"]).stdout();
        for applet in applets.lines().filter(|a| *a != "busybox") {
            std::os::unix::fs::symlink("busybox", root.join("bin").join(applet)).unwrap();
        }
        fs::write(root.join("www/index.html"), "cnictl test page\n").unwrap();
        fs::write(root.join("etc/passwd"), "root:x:0:0:root:/:/bin/sh\n").unwrap();
        let import = format!("tar -C {} -c . | docker import - {IMAGE}", root.display());
        sh("sh", &["-c", &import]);
    });
    IMAGE
}

/// A Docker container removed (with `-f`) on drop.
struct DockerContainer {
    name: String,
}

impl Drop for DockerContainer {
    fn drop(&mut self) {
        let _ = std::process::Command::new("docker")
            .args(["rm", "-f", &self.name])
            .output();
    }
}

#[test]
fn leases_show_a_docker_container_attached_by_hand_with_the_reference_plugin() {
    if !tier3() {
        return;
    }
    let image = ensure_test_image();
    let name = unique("cntd");
    let container = DockerContainer { name: name.clone() };
    sh(
        "docker",
        &[
            "run",
            "-d",
            "--rm",
            "--name",
            &container.name,
            "--net=none",
            image,
            "httpd",
            "-f",
            "-p",
            "80",
            "-h",
            "/www",
        ],
    );
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
