//! cnictl's lease store against the reference `host-local` plugin on one
//! directory: each continues the other's round-robin, reads and releases
//! the other's leases, and the two never hand out one address twice.
//!
//! host-local runs as a plain CNI plugin (config on stdin, CNI_* in the
//! environment) and needs no root for IPAM alone. Without it the tests say
//! why they skip, unless CNICTL_E2E=require makes the skip a failure.
//! CNICTL_HOST_LOCAL names another host-local binary (default
//! /usr/lib/cni/host-local, where Debian's containernetworking-plugins puts it).

use std::collections::HashSet;
use std::io::Write;
use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::thread;

use cnictl::config::types::RangeConf;
use cnictl::ipam::{
    allocate, list_leases, range_set_from_conf, release, DiskStore, IpamError, RangeSet,
};
use serde_json::{json, Value};

const DEFAULT_HOST_LOCAL: &str = "/usr/lib/cni/host-local";
const NETWORK: &str = "interop";

fn host_local_path() -> PathBuf {
    std::env::var_os("CNICTL_HOST_LOCAL")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(DEFAULT_HOST_LOCAL))
}

/// The reference plugin, or `None` after saying why the test is skipped.
fn host_local_or_skip(test: &str) -> Option<PathBuf> {
    let path = host_local_path();
    if path.is_file() {
        return Some(path);
    }
    let reason = format!(
        "{test}: skipped: {} is missing (install Debian's containernetworking-plugins)",
        path.display()
    );
    if std::env::var("CNICTL_E2E").as_deref() == Ok("require") {
        panic!("{reason}, and CNICTL_E2E=require forbids skipping");
    }
    // Written to the stderr handle rather than with eprintln!, which the
    // test harness captures and hides for a passing test.
    let _ = writeln!(std::io::stderr(), "{reason}");
    None
}

fn range(subnet: &str, start: Option<&str>, end: Option<&str>, gateway: Option<&str>) -> RangeConf {
    RangeConf {
        subnet: subnet.into(),
        range_start: start.map(str::to_string),
        range_end: end.map(str::to_string),
        gateway: gateway.map(str::to_string),
    }
}

/// One network as both tools see it: the host-local config and cnictl's
/// canonical range sets built from the same range confs.
struct Net {
    data_dir: tempfile::TempDir,
    conf: String,
    range_sets: Vec<RangeSet>,
}

impl Net {
    fn new(sets: &[Vec<RangeConf>]) -> Net {
        let data_dir = tempfile::tempdir().expect("temp dir");
        let conf = json!({
            "cniVersion": "0.3.1",
            "name": NETWORK,
            "type": "bridge",
            "ipam": {
                "type": "host-local",
                "dataDir": data_dir.path(),
                "ranges": sets,
            },
        })
        .to_string();
        let range_sets = sets
            .iter()
            .map(|set| range_set_from_conf(set).expect("valid range set"))
            .collect();
        Net {
            data_dir,
            conf,
            range_sets,
        }
    }

    fn dir(&self) -> &Path {
        self.data_dir.path()
    }

    /// Runs host-local; `Ok` holds the addresses (`ip/prefix`) of an ADD,
    /// `Err` the plugin's error message.
    fn host_local(&self, command: &str, id: &str, ifname: &str) -> Result<Vec<String>, String> {
        let mut child = Command::new(host_local_path())
            .env("CNI_COMMAND", command)
            .env("CNI_CONTAINERID", id)
            .env("CNI_NETNS", "/var/run/netns/cnictl-interop-unused")
            .env("CNI_IFNAME", ifname)
            .env("CNI_PATH", "/usr/lib/cni")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("run host-local");
        child
            .stdin
            .take()
            .expect("stdin")
            .write_all(self.conf.as_bytes())
            .expect("write config");
        let output = child.wait_with_output().expect("wait for host-local");
        let stdout = String::from_utf8_lossy(&output.stdout);
        if !output.status.success() {
            let msg = serde_json::from_str::<Value>(&stdout)
                .ok()
                .and_then(|v| v["msg"].as_str().map(str::to_string))
                .unwrap_or_else(|| format!("{stdout} {}", String::from_utf8_lossy(&output.stderr)));
            return Err(msg);
        }
        if command != "ADD" {
            return Ok(Vec::new());
        }
        let result: Value = serde_json::from_str(&stdout).expect("host-local result JSON");
        Ok(result["ips"]
            .as_array()
            .expect("ips in result")
            .iter()
            .map(|ip| ip["address"].as_str().expect("address").to_string())
            .collect())
    }

    fn host_local_add(&self, id: &str) -> Vec<String> {
        self.host_local("ADD", id, "eth0")
            .unwrap_or_else(|e| panic!("host-local ADD {id}: {e}"))
    }

    /// cnictl's allocation with the same shape of answer as host-local's.
    fn cnictl_add(&self, id: &str) -> Result<Vec<String>, IpamError> {
        let mut store = DiskStore::open(self.dir(), NETWORK)?.lock()?;
        Ok(allocate(&mut store, &self.range_sets, id, "eth0", &[])?
            .iter()
            .map(|a| a.address().to_string())
            .collect())
    }

    fn cnictl_del(&self, id: &str) -> Vec<IpAddr> {
        let mut store = DiskStore::open(self.dir(), NETWORK)
            .and_then(DiskStore::lock)
            .expect("lock store");
        release(&mut store, id, "eth0").expect("release")
    }

    fn leases(&self) -> Vec<(String, String, Option<String>)> {
        list_leases(self.dir(), Some(NETWORK))
            .expect("list leases")
            .into_iter()
            .map(|l| (l.ip.to_string(), l.container_id, l.ifname))
            .collect()
    }
}

fn lease(ip: &str, id: &str) -> (String, String, Option<String>) {
    (ip.to_string(), id.to_string(), Some("eth0".to_string()))
}

#[test]
fn cnictl_lists_host_local_leases_and_continues_after_them() {
    if host_local_or_skip("cnictl_lists_host_local_leases_and_continues_after_them").is_none() {
        return;
    }
    let net = Net::new(&[vec![range("10.9.0.0/24", None, None, None)]]);
    assert_eq!(net.host_local_add("a"), ["10.9.0.2/24"]);
    assert_eq!(net.host_local_add("b"), ["10.9.0.3/24"]);
    assert_eq!(net.host_local_add("c"), ["10.9.0.4/24"]);
    // Release one in the middle: round-robin must not go back to it.
    net.host_local("DEL", "b", "eth0")
        .expect("host-local DEL b");

    assert_eq!(
        net.leases(),
        [lease("10.9.0.2", "a"), lease("10.9.0.4", "c")]
    );
    let everything = list_leases(net.dir(), None).expect("list all networks");
    assert_eq!(everything.len(), 2);
    assert!(everything.iter().all(|l| l.network == NETWORK));

    // The same through the command a user runs.
    let listed = crate::util::run(
        crate::util::cnictl()
            .args(["--json", "leases", "--data-dir"])
            .arg(net.dir())
            .arg("--conf-dir")
            .arg(net.dir()),
    )
    .success()
    .json();
    assert_eq!(
        listed,
        json!([
            {"network": NETWORK, "ip": "10.9.0.2", "container_id": "a", "ifname": "eth0"},
            {"network": NETWORK, "ip": "10.9.0.4", "container_id": "c", "ifname": "eth0"},
        ])
    );

    assert_eq!(
        net.cnictl_add("d").expect("cnictl allocate"),
        ["10.9.0.5/24"]
    );
    // host-local's duplicate rule holds across the tools.
    assert!(matches!(
        net.cnictl_add("a"),
        Err(IpamError::Duplicate { .. })
    ));
}

#[test]
fn host_local_continues_after_cnictl_and_releases_its_leases() {
    if host_local_or_skip("host_local_continues_after_cnictl_and_releases_its_leases").is_none() {
        return;
    }
    let net = Net::new(&[vec![range("10.9.0.0/24", None, None, None)]]);
    assert_eq!(net.cnictl_add("x").expect("allocate x"), ["10.9.0.2/24"]);
    assert_eq!(net.cnictl_add("y").expect("allocate y"), ["10.9.0.3/24"]);
    assert_eq!(net.host_local_add("z"), ["10.9.0.4/24"]);

    // host-local reads cnictl's lease as (id, ifname): a second ADD is a duplicate.
    let duplicate = net.host_local("ADD", "y", "eth0").unwrap_err();
    assert!(
        duplicate.contains("10.9.0.3 has been allocated to y"),
        "{duplicate}"
    );

    net.host_local("DEL", "x", "eth0")
        .expect("host-local DEL x");
    assert!(!net.dir().join(NETWORK).join("10.9.0.2").exists());
    assert_eq!(
        net.leases(),
        [lease("10.9.0.3", "y"), lease("10.9.0.4", "z")]
    );

    // And cnictl releases what host-local leased.
    assert_eq!(net.cnictl_del("z"), ["10.9.0.4".parse::<IpAddr>().unwrap()]);
    assert_eq!(net.leases(), [lease("10.9.0.3", "y")]);
}

/// Allocates until the first failure, then frees the second lease and
/// allocates twice more: the same steps must give the same answers.
fn sequence(add: impl Fn(&str) -> Result<Vec<String>, String>, del: impl Fn(&str)) -> Vec<String> {
    let mut out = Vec::new();
    for n in 0..20 {
        match add(&format!("c{n}")) {
            Ok(addresses) => out.push(addresses.join(" ")),
            Err(_) => {
                out.push("exhausted".to_string());
                break;
            }
        }
    }
    del("c1");
    for id in ["again1", "again2"] {
        out.push(
            add(id)
                .map(|a| a.join(" "))
                .unwrap_or_else(|_| "exhausted".into()),
        );
    }
    out
}

#[test]
fn allocation_order_matches_host_local() {
    if host_local_or_skip("allocation_order_matches_host_local").is_none() {
        return;
    }
    let configs: Vec<(&str, Vec<Vec<RangeConf>>)> = vec![
        (
            "two ranges, gateway inside the first",
            vec![vec![
                range(
                    "10.1.0.0/24",
                    Some("10.1.0.10"),
                    Some("10.1.0.14"),
                    Some("10.1.0.12"),
                ),
                range("10.2.0.0/30", None, None, None),
            ]],
        ),
        (
            "gateway at rangeStart, single-address ranges",
            vec![vec![
                range(
                    "10.6.0.0/24",
                    Some("10.6.0.7"),
                    Some("10.6.0.9"),
                    Some("10.6.0.7"),
                ),
                range("10.6.1.0/24", Some("10.6.1.9"), Some("10.6.1.9"), None),
                range("10.6.2.0/24", Some("10.6.2.1"), Some("10.6.2.1"), None),
            ]],
        ),
        (
            "IPv6 with network address as rangeStart",
            vec![vec![range(
                "2001:db8:0:0:1::/120",
                Some("2001:db8:0:0:1::"),
                Some("2001:db8:0:0:1::4"),
                Some("2001:db8::1:0:0:2"),
            )]],
        ),
        (
            "dual stack",
            vec![
                vec![range("10.3.0.0/29", None, None, None)],
                vec![range("fd00:0:0:1::/125", None, None, None)],
            ],
        ),
    ];
    for (what, sets) in configs {
        let by_host_local = Net::new(&sets);
        let by_cnictl = Net::new(&sets);
        let expected = sequence(
            |id| by_host_local.host_local("ADD", id, "eth0"),
            |id| {
                by_host_local
                    .host_local("DEL", id, "eth0")
                    .expect("host-local DEL");
            },
        );
        let got = sequence(
            |id| by_cnictl.cnictl_add(id).map_err(|e| e.to_string()),
            |id| {
                by_cnictl.cnictl_del(id);
            },
        );
        assert_eq!(got, expected, "{what}");
        assert!(
            expected.contains(&"exhausted".to_string()),
            "{what}: {expected:?}"
        );
        // The directories end up holding the same files.
        let names = |dir: &Path| {
            let mut names: Vec<String> = std::fs::read_dir(dir.join(NETWORK))
                .expect("lease dir")
                .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
                .collect();
            names.sort();
            names
        };
        assert_eq!(names(by_cnictl.dir()), names(by_host_local.dir()), "{what}");
    }
}

#[test]
fn cnictl_and_host_local_racing_never_share_an_address() {
    if host_local_or_skip("cnictl_and_host_local_racing_never_share_an_address").is_none() {
        return;
    }
    const EACH: usize = 50;
    let net = Net::new(&[vec![range("10.30.0.0/24", None, None, None)]]);
    let mut from_host_local = Vec::new();
    let mut from_cnictl = Vec::new();
    thread::scope(|scope| {
        let reference = scope.spawn(|| {
            (0..EACH)
                .map(|n| net.host_local_add(&format!("hl-{n}")).join(" "))
                .collect::<Vec<_>>()
        });
        for n in 0..EACH {
            let got = net
                .cnictl_add(&format!("cnictl-{n}"))
                .expect("cnictl allocate");
            from_cnictl.push(got.join(" "));
        }
        from_host_local = reference.join().expect("host-local thread");
    });
    let all: HashSet<&String> = from_host_local.iter().chain(&from_cnictl).collect();
    assert_eq!(all.len(), 2 * EACH, "an address was handed out twice");

    let leases = net.leases();
    assert_eq!(leases.len(), 2 * EACH);
    let leased: HashSet<String> = leases.iter().map(|(ip, _, _)| format!("{ip}/24")).collect();
    let handed_out: HashSet<String> = all.into_iter().cloned().collect();
    assert_eq!(leased, handed_out);
    for prefix in ["hl-", "cnictl-"] {
        let owned = leases
            .iter()
            .filter(|(_, id, _)| id.starts_with(prefix))
            .count();
        assert_eq!(owned, EACH, "leases of {prefix}*");
    }
}
