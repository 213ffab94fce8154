//! Tier 3: `cnictl add NAME` with a real Docker daemon and real runc. cnictl
//! runs inside each test's own host namespace (`ip netns exec <host> cnictl
//! add <container>`): the container's namespace is Docker's or runc's, the
//! bridge and its rules stay in the test namespace, and every request goes
//! from that namespace to the container. Containers run with --net=none
//! (runc: a namespace of their own), have unique names and are removed on
//! drop.

use std::fs;
use std::process::Command;

use serde_json::Value;

use crate::attach::Host;
use crate::containers::{DockerContainer, RuncContainer, ORIGINAL_RESOLV_CONF, PAGE};
use crate::tiers::tier3;
use crate::util::{run, sh, Run, CNICTL};

/// `ip -j addr` and `ip -j route` inside a namespace file.
fn addresses_and_routes(netns: &std::path::Path) -> (Vec<String>, Vec<String>) {
    let nsenter = |args: &[&str]| -> Value {
        let out = sh(
            "nsenter",
            &[&[&*format!("--net={}", netns.display())][..], args].concat(),
        )
        .stdout();
        serde_json::from_str(&out).unwrap()
    };
    let addrs = nsenter(&["ip", "-j", "addr", "show", "dev", "eth0"])[0]["addr_info"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["family"] == "inet")
        .map(|a| format!("{}/{}", a["local"].as_str().unwrap(), a["prefixlen"]))
        .collect();
    let mut routes: Vec<String> = nsenter(&["ip", "-j", "route", "show"])
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|r| {
            r["gateway"]
                .as_str()
                .map(|gw| format!("{} via {gw}", r["dst"].as_str().unwrap()))
        })
        .collect();
    routes.sort();
    (addrs, routes)
}

fn get_page(host: &Host, ip: &str) -> String {
    host.ns
        .exec(&["curl", "-s", "--max-time", "5", &format!("http://{ip}/")])
        .stdout()
}

fn leases_json(host: &Host) -> Value {
    host.run(&["--json", "leases"]).success().json()
}

#[test]
fn docker_walkthrough_attach_serve_list_and_detach_by_name() {
    if !tier3() {
        return;
    }
    let container = DockerContainer::httpd("cntw");
    let host = Host::new();
    host.install_example("cni_bridge.conf");
    let resolv_before = container.exec(&["cat", "/etc/resolv.conf"]).stdout();

    let added = host
        .run(&["add", &container.name, "--net", "my_cni_bridge"])
        .success();
    assert!(added.stdout().contains(&container.name), "{added}");

    let (addrs, routes) = addresses_and_routes(&container.sandbox());
    assert_eq!(addrs, ["10.13.23.100/24"]);
    assert_eq!(
        routes,
        ["1.1.1.1 via 10.13.23.1", "default via 10.13.23.99"],
        "routes in the container"
    );
    assert_eq!(get_page(&host, "10.13.23.100"), PAGE);

    let json = leases_json(&host);
    assert_eq!(json[0]["ip"], "10.13.23.100", "{json}");
    assert_eq!(json[0]["container"], container.name.as_str(), "{json}");
    assert_eq!(json[0]["container_id"], container.id(), "{json}");
    let table = host.run(&["leases"]).success().stdout();
    assert!(
        table.contains("CONTAINER") && table.contains(&container.name),
        "{table}"
    );

    // No dns in cni_bridge.conf: the container's resolv.conf is left alone.
    assert_eq!(
        container.exec(&["cat", "/etc/resolv.conf"]).stdout(),
        resolv_before
    );

    host.run(&["del", &container.name]).success();
    assert_eq!(leases_json(&host), serde_json::json!([]));
    host.assert_clean(true);
    let links = sh(
        "nsenter",
        &[
            &format!("--net={}", container.sandbox().display()),
            "ip",
            "-o",
            "link",
        ],
    )
    .stdout();
    assert!(
        !links.contains("eth0"),
        "eth0 is still in the container:\n{links}"
    );
}

#[test]
fn docker_dns_is_written_and_restored_and_del_works_after_docker_rm() {
    if !tier3() {
        return;
    }
    let container = DockerContainer::httpd("cntn");
    let host = Host::new();
    host.install_example("cni_bridge.conf");
    let id = container.id();
    let original = container.exec(&["cat", "/etc/resolv.conf"]).stdout();

    // By unique id prefix, explicitly Docker, with --dns.
    let target = format!("docker:{}", &id[..12]);
    host.run(&[
        "add",
        &target,
        "--net",
        "my_cni_bridge",
        "--dns",
        "192.0.2.1",
    ])
    .success();
    let written = container.exec(&["cat", "/etc/resolv.conf"]).stdout();
    assert!(written.contains("nameserver 192.0.2.1\n"), "{written}");
    assert_eq!(leases_json(&host)[0]["container"], container.name.as_str());

    // del while it runs puts the original back.
    host.run(&["del", &container.name]).success();
    assert_eq!(
        container.exec(&["cat", "/etc/resolv.conf"]).stdout(),
        original
    );
    host.assert_clean(true);

    // Attached again, then removed behind cnictl's back: del by name still
    // releases everything.
    host.run(&[
        "add",
        &container.name,
        "--net",
        "my_cni_bridge",
        "--dns",
        "192.0.2.1",
    ])
    .success();
    container.remove();
    let listed = leases_json(&host);
    assert_eq!(listed[0]["container"], container.name.as_str(), "{listed}");
    let del = host.run(&["del", &container.name]).success();
    // host-local's round robin: the second lease is the next address.
    assert!(del.stdout().contains("10.13.23.101"), "{del}");
    host.assert_clean(true);
    assert!(
        !host.dirs.path().join("cache/cnictl-resolv").exists()
            || fs::read_dir(host.dirs.path().join("cache/cnictl-resolv"))
                .unwrap()
                .next()
                .is_none(),
        "a saved resolv.conf was left behind"
    );
    // Nothing is left to delete, and saying so is not an error.
    let again = host.run(&["del", &container.name]).success();
    assert!(again.stdout().contains("nothing attached"), "{again}");
}

#[test]
fn runc_walkthrough_with_dns_from_the_config() {
    if !tier3() {
        return;
    }
    let container = RuncContainer::httpd("cntr");
    let host = Host::new();
    host.install_example("runc-mynet.conf");
    let root = container.root().display().to_string();
    let target = container.target();
    let runc = |args: &[&str]| -> Run { host.run(&[&["--runc-root", &root][..], args].concat()) };

    runc(&["add", &target, "--net", "mynet"]).success();
    let resolv = container.exec(&["cat", "/etc/resolv.conf"]).stdout();
    assert!(resolv.contains("nameserver 8.8.8.8\n"), "{resolv}");
    let pid = sh("runc", &["--root", &root, "state", &container.id]).json()["pid"]
        .as_u64()
        .unwrap();
    let (addrs, routes) =
        addresses_and_routes(std::path::Path::new(&format!("/proc/{pid}/ns/net")));
    assert_eq!(addrs, ["172.19.1.2/24"]);
    assert_eq!(routes, ["default via 172.19.1.1"]);
    assert_eq!(get_page(&host, "172.19.1.2"), PAGE);

    let json = leases_json(&host);
    assert_eq!(json[0]["container"], target.as_str(), "{json}");
    assert_eq!(json[0]["container_id"], container.id.as_str(), "{json}");

    runc(&["del", &target]).success();
    assert_eq!(
        container.exec(&["cat", "/etc/resolv.conf"]).stdout(),
        ORIGINAL_RESOLV_CONF
    );
    host.assert_clean(true);

    // --no-dns leaves the file alone.
    runc(&["add", &target, "--net", "mynet", "--no-dns"]).success();
    assert_eq!(
        container.exec(&["cat", "/etc/resolv.conf"]).stdout(),
        ORIGINAL_RESOLV_CONF
    );
    runc(&["del", &target]).success();
    host.assert_clean(true);
}

/// Asserts a refused `add`: the exit status, every expected part of the
/// message, and that nothing was changed.
#[track_caller]
fn refused(host: &Host, run: Run, code: i32, parts: &[&str]) {
    let run = run.expect_code(code);
    for part in parts {
        assert!(run.stderr().contains(part), "{part:?} missing:\n{run}");
    }
    host.assert_clean(false);
}

#[test]
fn every_runtime_error_names_the_container_and_changes_nothing() {
    if !tier3() {
        return;
    }
    let host = Host::new();
    host.install_example("cni_bridge.conf");
    let add = |target: &str| host.run(&["add", target, "--net", "my_cni_bridge"]);

    // Not found, with the close names Docker knows.
    let known = DockerContainer::run("cntq", "none", &["sleep", "600"]);
    let typo = format!("{}z", known.name);
    refused(
        &host,
        add(&typo),
        3,
        &[&typo, "not found in Docker", &known.name],
    );

    // Not running.
    let created = DockerContainer::create("cntc", &["sleep", "600"]);
    refused(
        &host,
        add(&created.name),
        1,
        &[&created.name, "not running", "created"],
    );

    // Host network: refused, attaching would change the host.
    let hostnet = DockerContainer::run("cnto", "host", &["sleep", "600"]);
    refused(
        &host,
        add(&hostnet.name),
        2,
        &[&hostnet.name, "host's network"],
    );

    // Ambiguous id prefix: make containers until two of this test's share a
    // first digit (other containers with it only add to the ambiguity).
    let mut made = vec![known.id(), created.id(), hostnet.id()];
    let mut guards = Vec::new();
    let prefix = loop {
        let mut firsts: Vec<char> = made.iter().filter_map(|id| id.chars().next()).collect();
        firsts.sort();
        if let Some(w) = firsts.windows(2).find(|w| w[0] == w[1]) {
            break w[0].to_string();
        }
        let extra = DockerContainer::create("cnta", &["true"]);
        made.push(extra.id());
        guards.push(extra);
    };
    refused(
        &host,
        add(&prefix),
        2,
        &[&format!("\"{prefix}\""), "ambiguous"],
    );

    // Docker not reachable: which socket, and how to start it.
    let mut cmd = host.cnictl(&["add", "cnictl-any", "--net", "my_cni_bridge"]);
    cmd.env("DOCKER_HOST", "unix:///nonexistent/docker.sock");
    refused(
        &host,
        run(&mut cmd),
        1,
        &["unix:///nonexistent/docker.sock", "systemctl start docker"],
    );

    // runc state not found, listing the ids that are there.
    let runc_root = tempfile::tempdir().unwrap();
    fs::create_dir(runc_root.path().join("other")).unwrap();
    fs::write(runc_root.path().join("other/state.json"), "{}").unwrap();
    let root = runc_root.path().display().to_string();
    refused(
        &host,
        host.run(&[
            "--runc-root",
            &root,
            "add",
            "runc:cntnone",
            "--net",
            "my_cni_bridge",
        ]),
        3,
        &["runc container \"cntnone\"", &root, "found: other"],
    );

    // Permission denied: Docker's socket and runc's state, as nobody.
    let nobody = |target: &str| {
        let mut cmd = Command::new("setpriv");
        cmd.args(["--reuid=65534", "--regid=65534", "--clear-groups", CNICTL])
            .args([
                "--runc-root",
                &root,
                "add",
                target,
                "--net",
                "my_cni_bridge",
            ])
            .env_remove("DOCKER_HOST");
        crate::util::clean_env(&mut cmd);
        run(&mut cmd)
    };
    refused(
        &host,
        nobody(&known.name),
        5,
        &[&known.name, "permission denied", "sudo"],
    );
    fs::set_permissions(
        runc_root.path(),
        std::os::unix::fs::PermissionsExt::from_mode(0o700),
    )
    .unwrap();
    refused(
        &host,
        nobody("runc:other"),
        5,
        &["\"other\"", "permission denied"],
    );

    // del of a name nobody knows: nothing to remove, which is no failure,
    // but the reason is said.
    let del = host.run(&["del", "cnictl-never-was"]).success();
    assert!(
        del.stderr().contains("\"cnictl-never-was\" not found"),
        "{del}"
    );
}
