//! Tier 2: `cnictl add` / `cnictl del` in test namespaces, compared with the
//! reference `bridge` plugin run on the same config in a twin set of
//! namespaces. cnictl runs inside each test's own "host" namespace
//! (`ip netns exec <host> cnictl …`), so bridges and iptables rules never
//! reach the machine's namespace; an "outside" namespace wired to the host
//! stands in for the internet.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};

use serde_json::{json, Value};

use crate::tiers::tier2;
use crate::util::{
    attach_steps, clean_env, data_dir, reference_plugin, run, unique, NetNs, Run, CNICTL,
};

/// A test "host": its namespace, and cnictl's conf, data and cache dirs.
pub struct Host {
    pub ns: NetNs,
    pub dirs: tempfile::TempDir,
}

impl Host {
    pub fn new() -> Host {
        let host = Host {
            ns: NetNs::new("cnth"),
            dirs: tempfile::tempdir().unwrap(),
        };
        for sub in ["conf", "data", "cache"] {
            fs::create_dir_all(host.dirs.path().join(sub)).unwrap();
        }
        host
    }

    pub fn conf_dir(&self) -> PathBuf {
        self.dirs.path().join("conf")
    }
    pub fn data(&self) -> PathBuf {
        self.dirs.path().join("data")
    }
    pub fn cache(&self) -> PathBuf {
        self.dirs.path().join("cache")
    }

    /// Installs an example config, with its leases kept in this host's data dir.
    pub fn install_example(&self, file: &str) -> Vec<u8> {
        let text = fs::read_to_string(data_dir().join("examples").join(file)).unwrap();
        let mut json: Value = serde_json::from_str(&text).unwrap();
        json["ipam"]["dataDir"] = Value::String(self.data().display().to_string());
        let bytes = serde_json::to_vec_pretty(&json).unwrap();
        fs::write(self.conf_dir().join(file), &bytes).unwrap();
        bytes
    }

    /// `ip netns exec <host> cnictl --conf-dir … --cache-dir … ARGS`.
    pub fn cnictl(&self, args: &[&str]) -> Command {
        let mut cmd = Command::new("ip");
        cmd.args(["netns", "exec", &self.ns.name, CNICTL])
            .arg("--conf-dir")
            .arg(self.conf_dir())
            .arg("--cache-dir")
            .arg(self.cache())
            .args(args);
        clean_env(&mut cmd).stdin(Stdio::null());
        cmd
    }

    pub fn run(&self, args: &[&str]) -> Run {
        run(&mut self.cnictl(args))
    }

    /// Lease files of every network under the data dir.
    pub fn lease_files(&self) -> BTreeSet<String> {
        let mut files = BTreeSet::new();
        if let Ok(networks) = fs::read_dir(self.data()) {
            for net in networks.flatten() {
                for f in fs::read_dir(net.path()).unwrap().flatten() {
                    let name = f.file_name().to_string_lossy().into_owned();
                    if name.parse::<std::net::IpAddr>().is_ok() {
                        files.insert(format!("{}/{name}", net.file_name().to_string_lossy()));
                    }
                }
            }
        }
        files
    }

    /// Every file of every network's lease dir but the lock, with its
    /// contents: the leases (`<id>\r\n<ifname>`) and `last_reserved_ip.*`.
    pub fn lease_dir_contents(&self) -> BTreeMap<String, String> {
        let mut files = BTreeMap::new();
        if let Ok(networks) = fs::read_dir(self.data()) {
            for net in networks.flatten() {
                for f in fs::read_dir(net.path()).unwrap().flatten() {
                    let name = f.file_name().to_string_lossy().into_owned();
                    if name != "lock" {
                        let text = fs::read_to_string(f.path()).unwrap();
                        files.insert(
                            format!("{}/{name}", net.file_name().to_string_lossy()),
                            text,
                        );
                    }
                }
            }
        }
        files
    }

    /// libcni's entries (`results/`) by name, then cnictl's plugin-mode
    /// records (`cnictl/results/`) as `cnictl/NAME`.
    pub fn cache_files(&self) -> Vec<String> {
        let names = |dir: PathBuf, prefix: &str| -> Vec<String> {
            let mut names: Vec<String> = fs::read_dir(dir)
                .map(|d| {
                    d.flatten()
                        .map(|e| format!("{prefix}{}", e.file_name().to_string_lossy()))
                        .collect()
                })
                .unwrap_or_default();
            names.sort();
            names
        };
        let mut files = names(self.cache().join("results"), "");
        files.extend(names(self.cache().join("cnictl/results"), "cnictl/"));
        files
    }

    /// Every container veth (`veth…`, as cnictl and the reference name
    /// them) in the host namespace; a test's own links are named otherwise.
    pub fn veths(&self) -> Vec<String> {
        links(&self.ns)
            .into_iter()
            .filter(|(name, kind)| kind == "veth" && name.starts_with("veth"))
            .map(|(n, _)| n)
            .collect()
    }

    /// iptables and ip6tables rules (nat and filter) that mention cnictl or
    /// a CNI chain.
    pub fn cni_rules(&self) -> Vec<String> {
        ["iptables-save", "ip6tables-save"]
            .iter()
            .flat_map(|tool| {
                let save = self.ns.exec(&[tool]).stdout();
                save.lines()
                    .filter(|l| l.contains("CNICTL") || l.contains("CNI-"))
                    .map(|l| format!("{tool}: {l}"))
                    .collect::<Vec<_>>()
            })
            .collect()
    }

    /// Asserts nothing of any attachment is left: leases, cache, veths, rules.
    #[track_caller]
    pub fn assert_clean(&self, bridge_may_stay: bool) {
        assert_eq!(self.lease_files(), BTreeSet::new(), "leases left");
        assert_eq!(
            self.cache_files(),
            Vec::<String>::new(),
            "cache entries left"
        );
        assert_eq!(self.veths(), Vec::<String>::new(), "veths left");
        assert_eq!(self.cni_rules(), Vec::<String>::new(), "rules left");
        if !bridge_may_stay {
            assert!(
                !links(&self.ns).iter().any(|(_, kind)| kind == "bridge"),
                "bridge left: {:?}",
                links(&self.ns)
            );
        }
    }
}

/// (name, kind) of every link in a namespace.
pub fn links(ns: &NetNs) -> Vec<(String, String)> {
    let out = ns.exec(&["ip", "-d", "-j", "link", "show"]).stdout();
    let json: Value = serde_json::from_str(&out).unwrap();
    json.as_array()
        .unwrap()
        .iter()
        .map(|l| {
            (
                l["ifname"].as_str().unwrap().to_string(),
                l["linkinfo"]["info_kind"]
                    .as_str()
                    .unwrap_or("")
                    .to_string(),
            )
        })
        .collect()
}

/// The state a user would compare: addresses and routes in the container,
/// the bridge's addresses and MTU, forwarding on the host.
#[derive(Debug, PartialEq, Eq)]
pub struct Observed {
    container_addrs: Vec<String>,
    container_routes: Vec<String>,
    container_mtu: u64,
    bridge_addrs: Vec<String>,
    bridge_mtu: u64,
    ip_forward: String,
}

pub fn observe(host: &NetNs, container: &NetNs, bridge: &str, ifname: &str) -> Observed {
    let addrs = |ns: &NetNs, dev: &str| -> (Vec<String>, u64) {
        let out = ns.exec(&["ip", "-j", "addr", "show", "dev", dev]).stdout();
        let json: Value = serde_json::from_str(&out).unwrap();
        let link = &json[0];
        let mut addrs: Vec<String> = link["addr_info"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|a| a["scope"] != "link")
            .map(|a| format!("{}/{}", a["local"].as_str().unwrap(), a["prefixlen"]))
            .collect();
        addrs.sort();
        (addrs, link["mtu"].as_u64().unwrap())
    };
    let (container_addrs, container_mtu) = addrs(container, ifname);
    let (bridge_addrs, bridge_mtu) = addrs(host, bridge);
    let routes = container.exec(&["ip", "-j", "route", "show"]).stdout();
    let mut container_routes: Vec<String> = serde_json::from_str::<Value>(&routes)
        .unwrap()
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            format!(
                "{} via {} dev {}",
                r["dst"].as_str().unwrap(),
                r["gateway"].as_str().unwrap_or("-"),
                r["dev"].as_str().unwrap()
            )
        })
        .collect();
    container_routes.sort();
    Observed {
        container_addrs,
        container_routes,
        container_mtu,
        bridge_addrs,
        bridge_mtu,
        ip_forward: host
            .exec(&["sysctl", "-n", "net.ipv4.ip_forward"])
            .stdout()
            .trim()
            .to_string(),
    }
}

/// Replaces what differs between two equal attachments (MACs, veth names,
/// namespace paths) so results can be compared.
fn normalize_result(mut result: Value) -> Value {
    if let Some(interfaces) = result.get_mut("interfaces").and_then(Value::as_array_mut) {
        for (i, iface) in interfaces.iter_mut().enumerate() {
            if iface.get("mac").is_some() {
                iface["mac"] = json!("<mac>");
            }
            if iface.get("sandbox").is_some() {
                iface["sandbox"] = json!("<netns>");
            }
            if i == 1 {
                iface["name"] = json!("<veth>");
            }
        }
    }
    result
}

fn compare_with_reference(example: &str, bridge: &str) {
    // cnictl, in its own host.
    let host = Host::new();
    host.install_example(example);
    let container = NetNs::new("cntc");
    let id = unique("cid");
    let ns_path = container.path();
    let added = host
        .run(&[
            "--json",
            "add",
            ns_path.to_str().unwrap(),
            "--id",
            &id,
            "--net",
            example_name(example),
        ])
        .success();
    let cnictl_state = observe(&host.ns, &container, bridge, "eth0");

    // The reference, in a twin host.
    let twin = Host::new();
    let config = twin.install_example(example);
    let twin_container = NetNs::new("cntc");
    let reference = reference_plugin(
        &twin.ns,
        "bridge",
        "ADD",
        &id,
        &twin_container.path(),
        "eth0",
        &config,
    );
    assert!(
        reference.output.status.success(),
        "reference ADD failed:\n{reference}"
    );
    let reference_state = observe(&twin.ns, &twin_container, bridge, "eth0");

    assert_eq!(
        cnictl_state, reference_state,
        "{example}: state differs from the reference"
    );
    assert_eq!(
        normalize_result(added.json()),
        normalize_result(reference.json()),
        "{example}: result differs from the reference"
    );
    // Same lease files, same contents: host-local's `<id>\r\n<ifname>`
    // (no newline at the end), and the same last reserved address.
    let leases = host.lease_dir_contents();
    assert_eq!(
        leases,
        twin.lease_dir_contents(),
        "{example}: lease dir differs from the reference's"
    );
    let lease_files = host.lease_files();
    assert_eq!(lease_files.len(), 1, "{leases:?}");
    for lease in &lease_files {
        assert_eq!(leases[lease], format!("{id}\r\neth0"), "{lease}");
    }

    host.run(&["del", ns_path.to_str().unwrap(), "--id", &id])
        .success();
    host.assert_clean(true);
}

fn example_name(file: &str) -> &'static str {
    match file {
        "cni_bridge.conf" => "my_cni_bridge",
        "mybridge2.conf" => "mybridge",
        "10-mynet.conf" => "mynet",
        other => panic!("no name for {other}"),
    }
}

#[test]
fn cni_bridge_example_matches_the_reference() {
    if tier2() {
        compare_with_reference("cni_bridge.conf", "cni_bridge1");
    }
}

#[test]
fn mybridge2_example_matches_the_reference() {
    if tier2() {
        compare_with_reference("mybridge2.conf", "cni_bridge1");
    }
}

#[test]
fn mynet_example_matches_the_reference() {
    if tier2() {
        compare_with_reference("10-mynet.conf", "cni0");
    }
}

#[test]
fn two_networks_share_one_bridge() {
    if !tier2() {
        return;
    }
    let host = Host::new();
    host.install_example("cni_bridge.conf");
    host.install_example("mybridge2.conf");
    let (a, b) = (NetNs::new("cntc"), NetNs::new("cntc"));
    host.run(&["add", &a.target(), "--net", "my_cni_bridge"])
        .success();
    host.run(&["add", &b.target(), "--net", "mybridge"])
        .success();
    let state = observe(&host.ns, &b, "cni_bridge1", "eth0");
    assert_eq!(state.container_addrs, ["10.15.30.100/24"]);
    assert_eq!(state.bridge_addrs, ["10.13.23.99/24", "10.15.30.99/24"]);
    host.run(&["del", &a.target()]).success();
    host.run(&["del", &b.target()]).success();
    host.assert_clean(true);
}

#[test]
fn the_bridge_keeps_its_mac_as_containers_come_and_go() {
    if !tier2() {
        return;
    }
    // Left to the kernel, a bridge takes the lowest MAC of its ports: each
    // container joining or leaving could change the gateway's MAC.
    let host = Host::new();
    host.install_example("cni_bridge.conf");
    let sysfs = |what: &str| {
        host.ns
            .exec(&["cat", &format!("/sys/class/net/cni_bridge1/{what}")])
            .success()
            .stdout()
            .trim()
            .to_string()
    };
    let containers: Vec<NetNs> = (0..8).map(|_| NetNs::new("cntc")).collect();
    host.run(&["add", &containers[0].target(), "--net", "my_cni_bridge"])
        .success();
    let mac = sysfs("address");
    // 3 is NET_ADDR_SET: the address was given, not left to the kernel.
    assert_eq!(sysfs("addr_assign_type"), "3", "the reference pins it too");
    for ns in &containers[1..] {
        host.run(&["add", &ns.target(), "--net", "my_cni_bridge"])
            .success();
        assert_eq!(sysfs("address"), mac, "a port joining changed it");
    }
    for ns in &containers {
        host.run(&["del", &ns.target()]).success();
        assert_eq!(sysfs("address"), mac, "a port leaving changed it");
    }
    host.assert_clean(true);
}

#[test]
fn a_full_bridge_is_named_and_the_add_undone() {
    if !tier2() {
        return;
    }
    let host = Host::new();
    host.install_example("cni_bridge.conf");
    let first = NetNs::new("cntc");
    host.run(&["add", &first.target(), "--net", "my_cni_bridge"])
        .success();
    // The kernel numbers a bridge's ports in ten bits: 1023 at most. Fill
    // the rest with veth ports, in one `ip -batch`.
    let batch = tempfile::NamedTempFile::new().unwrap();
    let lines: String = (0..1022)
        .map(|i| {
            format!("link add cntd{i} type veth peer name cnte{i}\nlink set cntd{i} master cni_bridge1\n")
        })
        .collect();
    std::fs::write(batch.path(), lines).unwrap();
    host.ns
        .exec(&["ip", "-batch", &batch.path().display().to_string()])
        .success();

    let second = NetNs::new("cntc");
    let refused = host.run(&["add", &second.target(), "--net", "my_cni_bridge"]);
    assert_eq!(refused.code(), Some(1), "{refused}");
    let stderr = refused.stderr();
    assert!(stderr.contains("at most 1023 ports"), "{stderr}");
    assert!(stderr.contains("undone"), "{stderr}");
    assert_eq!(host.veths().len(), 1, "the refused add left its veth");
    assert_eq!(
        host.lease_files().len(),
        1,
        "the refused add kept its lease"
    );
    assert_eq!(host.cache_files().len(), 1);
}

/// An "outside" namespace linked to the host: 203.0.113.1 (host) and
/// 203.0.113.2 (outside), documentation addresses no real network uses.
struct Outside {
    /// Kept for its drop: the namespace goes with the test.
    _ns: NetNs,
    server: Child,
    _www: tempfile::TempDir,
}

impl Outside {
    fn new(host: &NetNs) -> Outside {
        let ns = NetNs::new("cnto");
        let (h, o) = (unique("vh"), unique("vo"));
        host.exec(&["ip", "link", "add", &h, "type", "veth", "peer", "name", &o]);
        host.exec(&["ip", "link", "set", &o, "netns", &ns.name]);
        host.exec(&["ip", "addr", "add", "203.0.113.1/24", "dev", &h]);
        host.exec(&["ip", "link", "set", &h, "up"]);
        ns.exec(&["ip", "addr", "add", "203.0.113.2/24", "dev", &o]);
        ns.exec(&["ip", "link", "set", &o, "up"]);
        // A web server that answers with the client address it sees.
        let www = tempfile::tempdir().unwrap();
        fs::create_dir_all(www.path().join("cgi-bin")).unwrap();
        let script = www.path().join("cgi-bin/addr");
        fs::write(
            &script,
            "#!/bin/sh\nprintf 'Content-Type: text/plain\\r\\n\\r\\n%s\\n' \"$REMOTE_ADDR\"\n",
        )
        .unwrap();
        std::os::unix::fs::PermissionsExt::set_mode(
            &mut fs::metadata(&script).unwrap().permissions(),
            0o755,
        );
        fs::set_permissions(&script, std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
        let server = Command::new("ip")
            .args([
                "netns", "exec", &ns.name, "busybox", "httpd", "-f", "-p", "8080", "-h",
            ])
            .arg(www.path())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        wait_for_port(&ns, 8080);
        Outside {
            _ns: ns,
            server,
            _www: www,
        }
    }
}

impl Drop for Outside {
    fn drop(&mut self) {
        let _ = self.server.kill();
        let _ = self.server.wait();
    }
}

fn wait_for_port(ns: &NetNs, port: u16) {
    crate::util::wait_listening(ns, "-ltnH", &port.to_string());
}

fn curl(ns: &NetNs, url: &str) -> Run {
    run(Command::new("ip").args([
        "netns",
        "exec",
        &ns.name,
        "curl",
        "-s",
        "--max-time",
        "5",
        url,
    ]))
}

#[test]
fn traffic_is_masqueraded_and_forwarded_on_a_docker_like_host() {
    if !tier2() {
        return;
    }
    let host = Host::new();
    host.install_example("cni_bridge.conf");
    // As Docker leaves a host: FORWARD policy DROP, bridged traffic through iptables.
    host.ns.exec(&["iptables", "-P", "FORWARD", "DROP"]);
    host.ns
        .exec(&["sysctl", "-q", "-w", "net.bridge.bridge-nf-call-iptables=1"]);
    let outside = Outside::new(&host.ns);
    let (a, b) = (NetNs::new("cntc"), NetNs::new("cntc"));
    host.run(&["add", &a.target(), "--net", "my_cni_bridge"])
        .success();
    host.run(&["add", &b.target(), "--net", "my_cni_bridge"])
        .success();

    // Container → outside: the outside sees the host's address.
    let seen = curl(&a, "http://203.0.113.2:8080/cgi-bin/addr")
        .success()
        .stdout();
    // busybox httpd listens on a dual-stack socket: "[::ffff:203.0.113.1]".
    let seen = seen
        .trim()
        .trim_start_matches('[')
        .trim_end_matches(']')
        .trim_start_matches("::ffff:");
    assert_eq!(seen, "203.0.113.1", "not masqueraded");

    // Container ↔ container across the bridge, despite FORWARD DROP.
    let www = tempfile::tempdir().unwrap();
    fs::write(www.path().join("index.html"), "from b\n").unwrap();
    let mut server = Command::new("ip")
        .args([
            "netns", "exec", &b.name, "busybox", "httpd", "-f", "-p", "80", "-h",
        ])
        .arg(www.path())
        .spawn()
        .unwrap();
    wait_for_port(&b, 80);
    let page = curl(&a, "http://10.13.23.101/");
    let _ = server.kill();
    let _ = server.wait();
    assert_eq!(page.success().stdout(), "from b\n");

    host.run(&["del", &a.target()]).success();
    host.run(&["del", &b.target()]).success();
    host.assert_clean(true);
    drop(outside);
}

#[test]
fn a_failure_after_each_step_leaves_nothing_behind() {
    if !tier2() {
        return;
    }
    for &step in attach_steps() {
        let host = Host::new();
        host.install_example("cni_bridge.conf");
        let container = NetNs::new("cntc");
        let out = run(host
            .cnictl(&["add", &container.target(), "--net", "my_cni_bridge"])
            .env("CNICTL_TEST_FAIL_AFTER", step));
        assert_eq!(out.code(), Some(1), "step {step}:\n{out}");
        assert!(
            out.stderr()
                .contains(&format!("attaching failed at step \"{step}\"")),
            "{out}"
        );
        assert!(
            out.stderr()
                .contains("everything done before it was undone"),
            "{out}"
        );
        host.assert_clean(false);
        assert_eq!(
            links(&container).len(),
            1,
            "container keeps only lo after {step}"
        );
        // And the same attachment then works.
        host.run(&["add", &container.target(), "--net", "my_cni_bridge"])
            .success();
        host.run(&["del", &container.target()]).success();
    }
}

#[test]
fn debug_logs_say_how_long_each_step_took() {
    if !tier2() {
        return;
    }
    let host = Host::new();
    host.install_example("cni_bridge.conf");
    let container = NetNs::new("cntc");
    let target = container.target();
    let out = host
        .run(&["-vv", "--json", "add", &target, "--net", "my_cni_bridge"])
        .success();
    // scripts/bench.py reads these lines to show which steps grow.
    for step in attach_steps() {
        let line = out
            .stderr()
            .lines()
            .find(|l| l.contains(&format!("attach step done step=\"{step}\" micros=")))
            .map(str::to_string);
        let micros: Option<u64> = line
            .as_deref()
            .and_then(|l| l.rsplit("micros=").next())
            .and_then(|n| n.trim().parse().ok());
        assert!(micros.is_some(), "no time for step {step}:\n{out}");
    }
    // The logs go to stderr: the report is still plain JSON.
    assert!(out.json()["ip4"]["ip"].is_string(), "{out}");
    host.run(&["del", &target]).success();
}

#[test]
fn del_is_idempotent_and_survives_a_deleted_namespace() {
    if !tier2() {
        return;
    }
    let host = Host::new();
    host.install_example("cni_bridge.conf");
    let container = NetNs::new("cntc");
    let target = container.target();
    host.run(&["add", &target, "--net", "my_cni_bridge"])
        .success();
    // A second ADD of the same attachment is refused, not a second lease.
    let again = host
        .run(&["add", &target, "--net", "my_cni_bridge"])
        .expect_code(1);
    assert!(again.stderr().contains("already attached"), "{again}");
    assert_eq!(host.lease_files().len(), 1);

    // The namespace goes away without a DEL (the container died).
    let name = container.name.clone();
    drop(container);
    let out = host.run(&["del", &format!("netns:{name}")]).success();
    assert!(out.stdout().contains("10.13.23.100"), "{out}");
    host.assert_clean(true);
    // DEL twice: nothing left, still success.
    let twice = host.run(&["del", &format!("netns:{name}")]).success();
    assert!(twice.stdout().contains("nothing attached"), "{twice}");
}

#[test]
fn cross_del_with_the_reference_plugin() {
    if !tier2() {
        return;
    }
    // The reference ADDs, cnictl DELs: lease, veth and its per-container chain go.
    let host = Host::new();
    let config = host.install_example("cni_bridge.conf");
    let container = NetNs::new("cntc");
    let id = unique("ref");
    let add = reference_plugin(
        &host.ns,
        "bridge",
        "ADD",
        &id,
        &container.path(),
        "eth0",
        &config,
    );
    assert!(add.output.status.success(), "{add}");
    assert!(!host.cni_rules().is_empty());
    let out = host
        .run(&["del", container.path().to_str().unwrap(), "--id", &id])
        .success();
    assert!(out.stdout().contains("10.13.23.100"), "{out}");
    host.assert_clean(true);

    // cnictl ADDs, the reference DELs: it succeeds and releases the lease.
    let id2 = unique("cn");
    host.run(&[
        "add",
        container.path().to_str().unwrap(),
        "--id",
        &id2,
        "--net",
        "my_cni_bridge",
    ])
    .success();
    let del = reference_plugin(
        &host.ns,
        "bridge",
        "DEL",
        &id2,
        &container.path(),
        "eth0",
        &config,
    );
    assert!(
        del.output.status.success(),
        "reference DEL of a cnictl attachment failed:\n{del}"
    );
    assert_eq!(host.lease_files(), BTreeSet::new());
    assert_eq!(host.veths(), Vec::<String>::new());
    // cnictl's own DEL afterwards cleans what the reference does not know of.
    host.run(&["del", container.path().to_str().unwrap(), "--id", &id2])
        .success();
    host.assert_clean(true);
}

#[test]
fn parallel_adds_get_distinct_addresses_and_one_bridge() {
    if !tier2() {
        return;
    }
    let host = Host::new();
    host.install_example("10-mynet.conf");
    let containers: Vec<NetNs> = (0..32).map(|_| NetNs::new("cntp")).collect();
    let children: Vec<(String, Child)> = containers
        .iter()
        .map(|c| {
            let child = host
                .cnictl(&["--json", "add", &c.target(), "--net", "mynet"])
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap();
            (c.name.clone(), child)
        })
        .collect();
    let mut addresses = BTreeSet::new();
    for (name, child) in children {
        let out = child.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "{name}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let json: Value = serde_json::from_slice(&out.stdout).unwrap();
        // 10-mynet.conf has no cniVersion (0.1.0): the result has the ip4 shape.
        addresses.insert(json["ip4"]["ip"].as_str().unwrap().to_string());
    }
    assert_eq!(addresses.len(), 32, "{addresses:?}");
    let bridges: Vec<_> = links(&host.ns)
        .into_iter()
        .filter(|(_, k)| k == "bridge")
        .collect();
    assert_eq!(bridges.len(), 1, "{bridges:?}");
    for c in &containers {
        host.run(&["del", &c.target()]).success();
    }
    host.assert_clean(true);
}

#[test]
fn refusals_change_nothing() {
    if !tier2() {
        return;
    }
    let host = Host::new();
    host.install_example("cni_bridge.conf");
    let container = NetNs::new("cntc");
    let target = container.target();
    for (args, code, message) in [
        (
            vec!["add", "netns:cnictl-nope", "--net", "my_cni_bridge"],
            3,
            "ip netns add cnictl-nope",
        ),
        (
            vec!["add", &target, "--net", "nope"],
            3,
            "network \"nope\" not found",
        ),
        (
            vec![
                "add",
                &target,
                "--net",
                "my_cni_bridge",
                "--ip",
                "10.13.23.5",
            ],
            1,
            "10.13.23.5",
        ),
        (
            vec![
                "add",
                &target,
                "--net",
                "my_cni_bridge",
                "--mac",
                "01:00:5e:00:00:01",
            ],
            2,
            "multicast",
        ),
        (
            vec!["add", &target, "--net", "my_cni_bridge", "--id", "bad id"],
            2,
            "not valid",
        ),
        (
            vec![
                "add",
                &target,
                "--net",
                "my_cni_bridge",
                "--ifname",
                "this-name-is-too-long",
            ],
            1,
            "15",
        ),
        (
            vec![
                "add",
                "/etc/hostname",
                "--net",
                "my_cni_bridge",
                "--id",
                "x",
            ],
            1,
            "not a network namespace",
        ),
    ] {
        let out = host.run(&args);
        assert_eq!(out.code(), Some(code), "{args:?}:\n{out}");
        assert!(
            out.stderr().contains(message),
            "{args:?}: want {message:?}:\n{out}"
        );
        host.assert_clean(false);
    }
    // A requested address is honoured when it is free and in range.
    let out = host
        .run(&[
            "--json",
            "add",
            &target,
            "--net",
            "my_cni_bridge",
            "--ip",
            "10.13.23.150",
            "--mac",
            "0a:58:0a:0d:17:96",
        ])
        .success();
    // cni_bridge.conf says cniVersion 0.2.0: the result has the ip4 shape.
    assert_eq!(out.json()["ip4"]["ip"], "10.13.23.150/24");
    let link = container
        .exec(&["ip", "-j", "link", "show", "eth0"])
        .stdout();
    assert!(link.contains("0a:58:0a:0d:17:96"), "{link}");
    host.run(&["del", &target]).success();
    host.assert_clean(true);
}

/// IPv6 addresses (`addr/prefix scope`) on an interface.
fn ipv6_addresses(ns: &NetNs, dev: &str) -> Vec<String> {
    let out = ns
        .exec(&["ip", "-6", "-j", "addr", "show", "dev", dev])
        .stdout();
    let json: Value = serde_json::from_str(&out).unwrap();
    json.as_array()
        .unwrap()
        .iter()
        .flat_map(|link| link["addr_info"].as_array().cloned().unwrap_or_default())
        .map(|a| {
            format!(
                "{}/{} {}",
                a["local"].as_str().unwrap(),
                a["prefixlen"],
                a["scope"].as_str().unwrap()
            )
        })
        .collect()
}

#[test]
fn ipv6_stays_quiet_where_the_network_has_none() {
    if !tier2() {
        return;
    }
    // Every IPv6 multicast a container or port sends (router solicitations,
    // DAD, MLD reports) is flooded to every port of the bridge, so each ADD
    // would cost more as the host fills: an IPv4-only attachment has none.
    let host = Host::new();
    host.install_example("cni_bridge.conf");
    let v4 = NetNs::new("cntc");
    host.run(&["add", &v4.target(), "--net", "my_cni_bridge"])
        .success();
    assert_eq!(ipv6_addresses(&v4, "eth0"), Vec::<String>::new());
    let veth = host.veths().pop().expect("a host veth");
    let port_ipv6 = host
        .ns
        .exec(&[
            "sysctl",
            "-n",
            &format!("net.ipv6.conf.{veth}.disable_ipv6"),
        ])
        .stdout();
    assert_eq!(port_ipv6.trim(), "1", "IPv6 left on bridge port {veth}");
    assert!(
        !host
            .ns
            .exec(&["ip", "-6", "route", "show", "table", "all"])
            .stdout()
            .contains(&veth),
        "the port has IPv6 routes"
    );

    // Dual stack: the container keeps its link-local address beside the
    // network's, as the reference plugin leaves it.
    let conf = serde_json::json!({
        "cniVersion": "1.0.0", "name": "dualnet", "type": "bridge", "bridge": "cntdual0",
        "isGateway": true,
        "ipam": {"type": "host-local", "dataDir": host.data(),
                 "ranges": [[{"subnet": "10.97.0.0/24"}], [{"subnet": "fd00:97::/64"}]]}
    });
    fs::write(host.conf_dir().join("dualnet.conf"), conf.to_string()).unwrap();
    let dual = NetNs::new("cntc");
    host.run(&["add", &dual.target(), "--net", "dualnet"])
        .success();
    let addrs = ipv6_addresses(&dual, "eth0");
    assert!(
        addrs.contains(&"fd00:97::2/64 global".to_string()),
        "{addrs:?}"
    );
    assert!(
        addrs
            .iter()
            .any(|a| a.starts_with("fe80:") && a.ends_with(" link")),
        "{addrs:?}"
    );

    host.run(&["del", &v4.target()]).success();
    host.run(&["del", &dual.target()]).success();
    host.assert_clean(true);
}
