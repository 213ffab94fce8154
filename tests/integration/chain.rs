//! Tier 2: `cnictl add --net X.conflist` runs the chain bridge → portmap →
//! tuning (Debian's reference portmap and tuning, exec'd from CNI_PATH),
//! and a port mapping forwards a TCP connection from a "client" namespace
//! through the test host to the container; DEL runs the chain in reverse.
//! A failing plugin in the chain undoes the whole ADD.

use std::fs;
use std::path::Path;
use std::process::{Command, Stdio};

use serde_json::{json, Value};

use crate::attach::Host;
use crate::tiers::tier2;
use crate::util::{assert_loopback_up, cnictl, data_dir, run, unique, NetNs};

fn write_conflist(host: &Host, file: &str, plugins_after_bridge: Value) {
    let mut plugins = vec![json!({
        "type": "bridge",
        "bridge": "cnchbr0",
        "isGateway": true,
        "ipMasq": true,
        "ipam": {
            "type": "host-local",
            "subnet": "10.88.7.0/24",
            "routes": [{"dst": "0.0.0.0/0"}],
            "dataDir": host.data().display().to_string(),
        }
    })];
    plugins.extend(plugins_after_bridge.as_array().unwrap().iter().cloned());
    let list = json!({"cniVersion": "1.0.0", "name": "chainnet", "plugins": plugins});
    fs::write(
        host.conf_dir().join(file),
        serde_json::to_vec_pretty(&list).unwrap(),
    )
    .unwrap();
}

fn wait_for_port(ns: &NetNs, port: u16) {
    crate::util::wait_listening(ns, "-ltnH", &port.to_string());
}

fn portmap_rules(host: &Host) -> Vec<String> {
    host.ns
        .exec(&["iptables-save", "-t", "nat"])
        .stdout()
        .lines()
        .filter(|l| l.contains("CNI-DN-") || l.contains("dport 8080"))
        .map(str::to_string)
        .collect()
}

#[test]
fn bridge_portmap_tuning_chain_forwards_a_port() {
    if !tier2() {
        return;
    }
    let host = Host::new();
    write_conflist(
        &host,
        "20-chainnet.conflist",
        json!([
            {"type": "portmap", "capabilities": {"portMappings": true},
             "runtimeConfig": {"portMappings": [
                 {"hostPort": 8080, "containerPort": 80, "protocol": "tcp"}]}},
            {"type": "tuning", "mtu": 1400}
        ]),
    );
    // A client namespace wired to the host, standing in for a remote peer.
    let client = NetNs::new("cntx");
    let (h, c) = (unique("vh"), unique("vc"));
    host.ns
        .exec(&["ip", "link", "add", &h, "type", "veth", "peer", "name", &c]);
    host.ns
        .exec(&["ip", "link", "set", &c, "netns", &client.name]);
    host.ns
        .exec(&["ip", "addr", "add", "198.51.100.1/24", "dev", &h]);
    host.ns.exec(&["ip", "link", "set", &h, "up"]);
    client.exec(&["ip", "addr", "add", "198.51.100.2/24", "dev", &c]);
    client.exec(&["ip", "link", "set", &c, "up"]);

    let container = NetNs::new("cntc");
    let www = tempfile::tempdir().unwrap();
    fs::write(www.path().join("index.html"), "through portmap\n").unwrap();
    let mut server = Command::new("ip")
        .args([
            "netns",
            "exec",
            &container.name,
            "busybox",
            "httpd",
            "-f",
            "-p",
            "80",
            "-h",
        ])
        .arg(www.path())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();

    let target = container.target();
    let added = host
        .run(&["--json", "add", &target, "--net", "chainnet"])
        .success()
        .json();
    // The final result is the chain's: tuning passes the bridge's on.
    assert_eq!(added["ips"][0]["address"], "10.88.7.2/24", "{added}");
    assert_eq!(added["interfaces"][2]["name"], "eth0", "{added}");
    // tuning ran in the container namespace with the bridge's result.
    let mtu = container.exec(&["cat", "/sys/class/net/eth0/mtu"]).stdout();
    assert_eq!(mtu.trim(), "1400");
    // The cache holds the final result, as libcni's does.
    let cache_file = fs::read_dir(host.cache().join("results"))
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    let entry: Value = serde_json::from_slice(&fs::read(&cache_file).unwrap()).unwrap();
    assert_eq!(entry["result"]["ips"][0]["address"], "10.88.7.2/24");
    assert!(
        !portmap_rules(&host).is_empty(),
        "portmap installed no rules"
    );

    wait_for_port(&container, 80);
    let page = run(Command::new("ip").args([
        "netns",
        "exec",
        &client.name,
        "curl",
        "-s",
        "--max-time",
        "5",
        "http://198.51.100.1:8080/",
    ]));
    let _ = server.kill();
    let _ = server.wait();
    assert_eq!(page.success().stdout(), "through portmap\n");

    host.run(&["del", &target]).success();
    assert_eq!(portmap_rules(&host), Vec::<String>::new(), "portmap DEL");
    assert!(host.lease_files().is_empty());
    assert!(host.cache_files().is_empty());
    assert!(host.veths().is_empty());
}

#[test]
fn check_asks_the_plugins_of_the_chain() {
    if !tier2() {
        return;
    }
    let host = Host::new();
    write_conflist(
        &host,
        "20-chainnet.conflist",
        json!([{"type": "tuning", "mtu": 1400}]),
    );
    let container = NetNs::new("cntc");
    let target = container.target();
    host.run(&["add", &target, "--net", "chainnet"]).success();
    // All is as set up: tuning's CHECK passes.
    host.run(&["check", &target]).success();
    // An MTU changed behind tuning's back: its CHECK says so, and so does
    // `cnictl check`, with exit status 1.
    container.exec(&["ip", "link", "set", "eth0", "mtu", "1300"]);
    let drift = host.run(&["check", &target]).expect_code(1);
    assert!(
        drift.stdout().contains("plugin CHECK") && drift.stdout().contains("tuning"),
        "{drift}"
    );
    host.run(&["del", &target]).success();
    host.assert_clean(true);
}

#[test]
fn gc_runs_del_through_the_chain_for_a_vanished_attachment() {
    if !tier2() {
        return;
    }
    let host = Host::new();
    write_conflist(
        &host,
        "20-chainnet.conflist",
        json!([{"type": "portmap", "capabilities": {"portMappings": true}}]),
    );
    let container = NetNs::new("cntc");
    let target = container.target();
    host.run(&["add", &target, "--net", "chainnet", "-p", "8080:80"])
        .success();
    assert!(
        !portmap_rules(&host).is_empty(),
        "portmap installed no rules"
    );
    // The namespace goes without a DEL: portmap's rules would stay.
    drop(container);
    let gc = host.run(&["--json", "gc"]).success().json();
    let removed = gc["removed"].as_array().unwrap();
    assert!(
        removed
            .iter()
            .any(|r| r["kind"] == "plugins" && r["name"] == "portmap"),
        "{gc:#}"
    );
    assert_eq!(portmap_rules(&host), Vec::<String>::new(), "portmap DEL");
    assert!(host.lease_files().is_empty());
    assert!(host.cache_files().is_empty());
}

#[test]
fn a_failing_plugin_in_the_chain_undoes_the_whole_add() {
    if !tier2() {
        return;
    }
    let host = Host::new();
    let log = tempfile::tempdir().unwrap();
    write_conflist(
        &host,
        "20-chainnet.conflist",
        json!([{"type": "fake-record"}, {"type": "fake-fail"}, {"type": "fake-record2"}]),
    );
    let fakes = data_dir().join("plugins");
    let container = NetNs::new("cntc");
    let target = container.target();
    let failed = run(host
        .cnictl(&["add", &target, "--net", "chainnet"])
        .env("CNI_PATH", &fakes)
        .env("FAKE_LOG", log.path()));
    assert_eq!(failed.code(), Some(1), "{failed}");
    let stderr = failed.stderr();
    assert!(stderr.contains("fake-fail refuses ADD"), "{stderr}");
    // The plugin's own stderr is passed through.
    assert!(stderr.contains("fake-fail: about to fail"), "{stderr}");
    let calls = fs::read_to_string(log.path().join("calls")).unwrap();
    assert_eq!(
        calls,
        "ADD fake-record\nADD fake-fail\nDEL fake-fail\nDEL fake-record\n"
    );
    host.assert_clean(true);
    let links = container.exec(&["ip", "-o", "link"]).stdout();
    assert!(!links.contains("eth0"), "{links}");

    // A plugin missing from CNI_PATH is refused before anything changes.
    let missing = run(host
        .cnictl(&["add", &target, "--net", "chainnet"])
        .env("CNI_PATH", Path::new("/nonexistent")));
    assert_eq!(missing.code(), Some(1), "{missing}");
    assert!(
        missing
            .stderr()
            .contains("plugin \"fake-record\" not found in CNI_PATH"),
        "{missing}"
    );
    host.assert_clean(true);
}

#[test]
fn a_bridge_with_static_ipam_execs_it() {
    if !tier2() {
        return;
    }
    let host = Host::new();
    let conf = json!({
        "cniVersion": "1.0.0", "name": "staticnet", "type": "bridge", "bridge": "cnstbr0",
        "isGateway": true, "ipMasq": true,
        "ipam": {"type": "static", "dataDir": host.data().display().to_string(),
                 "addresses": [{"address": "10.55.0.7/24", "gateway": "10.55.0.1"}],
                 "routes": [{"dst": "0.0.0.0/0"}, {"dst": "192.0.2.0/24", "gw": "10.55.0.254"}]}
    });
    fs::write(
        host.conf_dir().join("30-static.conf"),
        serde_json::to_vec_pretty(&conf).unwrap(),
    )
    .unwrap();
    let container = NetNs::new("cntc");
    let target = container.target();
    let added = host
        .run(&["--json", "add", &target, "--net", "staticnet"])
        .success()
        .json();
    assert_eq!(added["ips"][0]["address"], "10.55.0.7/24", "{added}");
    assert_eq!(added["ips"][0]["gateway"], "10.55.0.1", "{added}");
    let addrs = container
        .exec(&["ip", "-o", "-4", "addr", "show", "eth0"])
        .stdout();
    assert!(addrs.contains("10.55.0.7/24"), "{addrs}");
    let routes = container.exec(&["ip", "route"]).stdout();
    assert!(routes.contains("default via 10.55.0.1"), "{routes}");
    assert!(routes.contains("192.0.2.0/24 via 10.55.0.254"), "{routes}");
    let bridge = host
        .ns
        .exec(&["ip", "-o", "-4", "addr", "show", "cnstbr0"])
        .stdout();
    assert!(bridge.contains("10.55.0.1/24"), "{bridge}");
    // The address is recorded in cnictl's store, so leases and del see it.
    let leases = host.run(&["--json", "leases"]).success().json();
    assert_eq!(leases[0]["ip"], "10.55.0.7", "{leases}");
    assert!(!host.cni_rules().is_empty());

    host.run(&["del", &target]).success();
    host.assert_clean(true);

    // An IPAM missing from CNI_PATH is refused before anything changes.
    let missing = run(host
        .cnictl(&["add", &target, "--net", "staticnet"])
        .env("CNI_PATH", "/nonexistent"));
    assert_eq!(missing.code(), Some(1), "{missing}");
    assert!(
        missing.stderr().contains("plugin \"static\" not found"),
        "{missing}"
    );
    host.assert_clean(true);
}

#[test]
fn loopback_in_a_chain_is_cnictl_itself() {
    if !tier2() {
        return;
    }
    let host = Host::new();
    write_conflist(&host, "20-chainnet.conflist", json!([{"type": "loopback"}]));
    // lo down and without addresses, as a runtime hands a new namespace over.
    let container = NetNs::pristine("cntc");
    let target = container.target();
    // No plugin in CNI_PATH: cnictl serves loopback itself.
    let added = run(host
        .cnictl(&["--json", "add", &target, "--net", "chainnet"])
        .env("CNI_PATH", "/nonexistent"));
    let added = added.success().json();
    // loopback passes the bridge's result through.
    assert_eq!(added["ips"][0]["address"], "10.88.7.2/24", "{added}");
    assert_eq!(added["interfaces"][2]["name"], "eth0", "{added}");
    assert_loopback_up(&container);
    run(host
        .cnictl(&["del", &target])
        .env("CNI_PATH", "/nonexistent"))
    .success();
    host.assert_clean(true);
    // loopback's DEL takes lo down again, as the reference plugin's does.
    let lo = container.exec(&["ip", "-j", "link", "show", "lo"]).stdout();
    let lo: serde_json::Value = serde_json::from_str(&lo).unwrap();
    assert!(
        !lo[0]["flags"].as_array().unwrap().contains(&json!("UP")),
        "lo still up after del: {lo}"
    );
}

/// `net inspect` says whether a network can take attachments, asking a
/// 1.1.0 chain's plugins with STATUS (no root needed: tier 1).
#[test]
fn net_inspect_reports_the_status_of_the_chain() {
    let dir = tempfile::tempdir().unwrap();
    let fakes = data_dir().join("plugins");
    let write = |after_bridge: &str| {
        let list = json!({"cniVersion": "1.1.0", "name": "statusnet", "plugins": [
            {"type": "bridge", "bridge": "cnstbr0",
             "ipam": {"type": "host-local", "subnet": "10.88.9.0/24",
                      "dataDir": dir.path().join("data").display().to_string()}},
            {"type": after_bridge}
        ]});
        fs::write(
            dir.path().join("10-statusnet.conflist"),
            serde_json::to_vec_pretty(&list).unwrap(),
        )
        .unwrap();
    };
    let inspect = || {
        run(cnictl()
            .args(["--conf-dir"])
            .arg(dir.path())
            .args(["--json", "net", "inspect", "statusnet"])
            .env("CNI_PATH", &fakes))
        .success()
        .json()
    };

    write("fake-record");
    assert_eq!(inspect()["status"], json!([]));

    write("fake-fail");
    let status = inspect()["status"].clone();
    let complaints = status.as_array().unwrap();
    assert_eq!(complaints.len(), 1, "{status}");
    assert!(
        complaints[0]
            .as_str()
            .unwrap()
            .contains("fake-fail refuses STATUS"),
        "{status}"
    );
}
