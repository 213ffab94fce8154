//! Tier 2: `cnictl gc`, `cnictl ls` and `cnictl leases --stale` after each
//! kind of crash, next to live attachments (one of them made by the
//! reference bridge plugin on the same network), and `gc` racing `add`s.
//! cnictl runs inside each test's host namespace with test-private conf,
//! data and cache dirs, so it never sees the machine's own /var/lib/cni.

use std::collections::BTreeSet;
use std::fs;
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicU32, Ordering};

use serde_json::Value;

use crate::attach::Host;
use crate::tiers::tier2;
use crate::util::{attach_steps, reference_plugin, run, NetNs, Run};

/// A /24 no other test of this run uses, and a bridge name to match.
pub(crate) fn unique_net(host: &Host, tag: &str) -> (String, String, Vec<u8>) {
    static NEXT: AtomicU32 = AtomicU32::new(0);
    let n = NEXT.fetch_add(1, Ordering::Relaxed);
    let second = 100 + (std::process::id() % 100) as u32;
    let network = format!("gc{tag}");
    let bridge = crate::util::unique("gcbr");
    let config = serde_json::json!({
        "cniVersion": "1.0.0",
        "name": network,
        "type": "bridge",
        "bridge": bridge,
        "isGateway": true,
        "ipMasq": true,
        "ipam": {
            "type": "host-local",
            "subnet": format!("10.{second}.{}.0/24", 200 + n),
            "dataDir": host.data().display().to_string(),
        }
    });
    let bytes = serde_json::to_vec_pretty(&config).unwrap();
    fs::write(host.conf_dir().join(format!("{network}.conf")), &bytes).unwrap();
    (network, bridge, bytes)
}

/// `cnictl --data-dir <the host's> ARGS` in the host namespace: with the
/// data dir named, gc never looks at the machine's /var/lib/cni/networks.
pub(crate) fn cn_cmd(host: &Host, args: &[&str]) -> Command {
    let data = host.data().display().to_string();
    host.cnictl(&[&["--data-dir", data.as_str()][..], args].concat())
}

pub(crate) fn cn(host: &Host, args: &[&str]) -> Run {
    run(&mut cn_cmd(host, args))
}

pub(crate) fn chains(host: &Host) -> BTreeSet<String> {
    host.ns
        .exec(&["iptables-save"])
        .stdout()
        .lines()
        .filter_map(|l| l.strip_prefix(':'))
        .filter_map(|l| l.split_whitespace().next())
        .filter(|c| c.starts_with("CNI"))
        .map(str::to_string)
        .collect()
}

/// The host end of the veth named in `add --json`'s report.
fn host_veth(report: &Value) -> String {
    report["interfaces"][1]["name"]
        .as_str()
        .map(str::to_string)
        .unwrap_or_else(|| panic!("no host veth in {report}"))
}

pub(crate) fn ns_arg(ns: &NetNs) -> String {
    ns.target()
}

#[test]
fn gc_cleans_up_after_every_crash_and_keeps_live_attachments() {
    if !tier2() {
        return;
    }
    let host = Host::new();
    let (net, bridge, config) = unique_net(&host, "crash");

    // Live: one by cnictl, one by the reference plugin on the same network.
    let live = NetNs::new("gcl");
    cn(&host, &["add", &ns_arg(&live), "--net", &net]).success();
    let reference = NetNs::new("gcr");
    let ref_id = crate::util::unique("gcref");
    let added = reference_plugin(
        &host.ns,
        "bridge",
        "ADD",
        &ref_id,
        &reference.path(),
        "eth0",
        &config,
    );
    assert!(added.output.status.success(), "reference ADD:\n{added}");

    // kill -9 of add after each step of the engine's (abort() is SIGABRT:
    // no unwinding, no rollback, as after kill -9). Killed before the
    // container step, an add leaves a lease no interface has: stale. From
    // the container step on its address is configured, and nothing tells
    // it apart from a hand-made attachment: live (with a cache entry from
    // the cache step on).
    let steps = attach_steps();
    let step_index = |name: &str| {
        steps
            .iter()
            .position(|s| *s == name)
            .unwrap_or_else(|| panic!("no step {name:?} in {steps:?}"))
    };
    let (configured, cached) = (step_index("container"), step_index("cache"));
    let mut crashed = Vec::new();
    for &step in steps {
        let ns = NetNs::new("gck");
        let out = run(cn_cmd(&host, &["add", &ns_arg(&ns), "--net", &net])
            .env("CNICTL_TEST_ABORT_AFTER", step));
        assert_eq!(
            out.code(),
            None,
            "add should have died after {step}:\n{out}"
        );
        crashed.push((step, ns));
    }
    // A netns deleted without DEL.
    let gone = NetNs::new("gcg");
    let gone_veth = host_veth(
        &host
            .run(&["--json", "add", &ns_arg(&gone), "--net", &net])
            .success()
            .json(),
    );
    crate::util::sh("ip", &["netns", "delete", &gone.name]);
    // The kernel takes the veth down with the namespace, asynchronously:
    // wait for it, or the snapshots below could straddle its going.
    assert!(
        crate::util::eventually(|| !host.veths().contains(&gone_veth)),
        "{gone_veth} outlived its namespace"
    );
    // A host veth deleted by hand.
    let cut = NetNs::new("gcv");
    let cut_veth = host_veth(
        &host
            .run(&["--json", "add", &ns_arg(&cut), "--net", &net])
            .success()
            .json(),
    );
    host.ns.exec(&["ip", "link", "delete", &cut_veth]);

    // ls tells what is left of each.
    let ls = cn(&host, &["--json", "ls"]).success().json();
    let state_of = |id: &str| -> String {
        ls.as_array()
            .unwrap()
            .iter()
            .find(|a| a["container_id"] == id)
            .map(|a| a["state"].as_str().unwrap().to_string())
            .unwrap_or_else(|| panic!("{id} not in ls: {ls}"))
    };
    assert_eq!(state_of(&live.name), "up");
    assert_eq!(state_of(&ref_id), "up");
    assert_eq!(state_of(&gone.name), "netns_gone");
    assert_eq!(state_of(&cut.name), "veth_missing");
    for (step, ns) in &crashed[..configured] {
        assert_eq!(state_of(&ns.name), "stale", "killed after {step}");
    }
    let table = cn(&host, &["ls"]).success().stdout();
    assert!(table.starts_with("CONTAINER"), "{table}");
    assert!(table.contains("netns gone"), "{table}");

    // --dry-run and leases --stale show the same leases and change nothing.
    let leases_before = host.lease_files();
    let cache_before = host.cache_files();
    let veths_before = host.veths();
    let chains_before = chains(&host);
    let dry = cn(&host, &["--json", "gc", "--dry-run"]).success().json();
    let stale = cn(&host, &["--json", "leases", "--stale"]).success().json();
    let dry_leases: BTreeSet<String> = dry["removed"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["kind"] == "lease")
        .map(|r| r["name"].as_str().unwrap().to_string())
        .collect();
    let stale_leases: BTreeSet<String> = stale
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["ip"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(dry_leases, stale_leases);
    // The adds killed before the container step; the deleted netns; the
    // cut veth.
    assert_eq!(dry_leases.len(), configured + 2, "{dry}");
    assert_eq!(host.lease_files(), leases_before);
    assert_eq!(host.cache_files(), cache_before);
    assert_eq!(host.veths(), veths_before);
    assert_eq!(chains(&host), chains_before);

    let gc = cn(&host, &["--json", "gc"]).success().json();
    assert_eq!(gc["dry_run"], false);
    assert_eq!(gc["errors"], Value::Array(vec![]));

    // Live: cnictl's, the reference's, and the adds killed from the
    // container step on (their addresses are configured, so they stay).
    let ls = cn(&host, &["--json", "ls"]).success().json();
    let mut left: Vec<String> = ls
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["container_id"].as_str().unwrap().to_string())
        .collect();
    left.sort();
    let kept = &crashed[configured..];
    let mut expected = vec![live.name.clone(), ref_id.clone()];
    expected.extend(kept.iter().map(|(_, ns)| ns.name.clone()));
    expected.sort();
    assert_eq!(left, expected, "{ls}");
    assert_eq!(host.lease_files().len(), 2 + kept.len());
    assert_eq!(
        host.cache_files().len(),
        1 + steps.len() - cached,
        "{:?}",
        host.cache_files()
    );
    assert_eq!(host.veths().len(), 2 + kept.len(), "{:?}", host.veths());
    let container_chains: BTreeSet<String> = chains(&host)
        .into_iter()
        .filter(|c| c.starts_with("CNI-"))
        .collect();
    assert_eq!(
        container_chains.len(),
        2 + kept.len(),
        "{container_chains:?}"
    );
    // The crashed veths' peers went with their host ends.
    for (step, ns) in &crashed[..configured] {
        let inside = ns.exec(&["ip", "-o", "link"]).stdout();
        assert!(!inside.contains("eth0"), "{step}: {inside}");
    }
    // Live attachments still work: the reference one is reachable.
    live.exec(&["busybox", "ping", "-c1", "-W2", &ref_ip(&reference)]);

    // A second gc finds nothing.
    let again = cn(&host, &["--json", "gc"]).success().json();
    assert_eq!(again["removed"], Value::Array(vec![]), "{again}");

    // Detach the rest; gc --bridges leaves nothing at all.
    cn(&host, &["del", &ns_arg(&live)]).success();
    for (_, ns) in kept {
        cn(&host, &["del", &ns_arg(ns)]).success();
    }
    let deleted = reference_plugin(
        &host.ns,
        "bridge",
        "DEL",
        &ref_id,
        &reference.path(),
        "eth0",
        &config,
    );
    assert!(deleted.output.status.success(), "reference DEL:\n{deleted}");
    let last = cn(&host, &["gc", "--bridges"]).success().stdout();
    assert!(last.contains(&bridge), "{last}");
    host.assert_clean(false);
}

fn ref_ip(ns: &NetNs) -> String {
    let out = ns
        .exec(&["ip", "-j", "-4", "addr", "show", "dev", "eth0"])
        .stdout();
    let json: Value = serde_json::from_str(&out).unwrap();
    json[0]["addr_info"][0]["local"]
        .as_str()
        .unwrap()
        .to_string()
}

/// A process's state letter in /proc/PID/stat (`R`, `S`, `T` stopped,
/// `Z` zombie, ...), or `None` once it is gone.
fn proc_state(pid: u32) -> Option<char> {
    let stat = fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // "PID (COMM) STATE ...": COMM may hold spaces and parentheses.
    stat.rsplit_once(") ")?.1.chars().next()
}

fn signal(pid: u32, sig: libc::c_int) {
    // SAFETY: kill has no memory-safety preconditions; the pid is a child
    // of this process that has not been reaped, so it is not reused.
    unsafe { libc::kill(pid as libc::pid_t, sig) };
}

/// Stops a process (SIGSTOP) until dropped, then lets it go on (SIGCONT),
/// panic or not.
struct Stopped(u32);

impl Stopped {
    fn new(pid: u32) -> Stopped {
        signal(pid, libc::SIGSTOP);
        crate::util::wait_for(&format!("process {pid} stopping"), || {
            matches!(proc_state(pid), Some('T' | 't' | 'Z' | 'X') | None)
        });
        Stopped(pid)
    }

    /// Whether it is stopped, rather than ended.
    fn is_stopped(&self) -> bool {
        matches!(proc_state(self.0), Some('T' | 't'))
    }
}

impl Drop for Stopped {
    fn drop(&mut self) {
        signal(self.0, libc::SIGCONT);
    }
}

/// Whether `id` has a lease of `network` and no cache entry yet: an add
/// in flight, between its ipam and cache steps.
fn lease_without_cache_entry(host: &Host, network: &str, id: &str) -> bool {
    let leased = fs::read_dir(host.data().join(network))
        .into_iter()
        .flatten()
        .flatten()
        .filter(|f| {
            f.file_name()
                .to_str()
                .is_some_and(|n| n.parse::<std::net::IpAddr>().is_ok())
        })
        .any(|f| {
            fs::read_to_string(f.path()).is_ok_and(|text| text.split("\r\n").next() == Some(id))
        });
    let cached = host
        .cache()
        .join("results")
        .join(format!("{network}-{id}-eth0"))
        .exists();
    leased && !cached
}

/// How /proc/locks names a file: `MAJOR:MINOR:INODE`, the device numbers
/// in hex.
fn lock_file_id(path: &std::path::Path) -> String {
    use std::os::unix::fs::MetadataExt;
    let meta = fs::metadata(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let dev = meta.dev();
    format!(
        "{:02x}:{:02x}:{}",
        libc::major(dev),
        libc::minor(dev),
        meta.ino()
    )
}

/// What /proc/locks says process `pid` waits for: `Some(true)` for a
/// lock on the file `file` (a [`lock_file_id`]), `Some(false)` for
/// another, `None` for none.
fn waits_for_lock(pid: u32, file: &str) -> Option<bool> {
    let locks = fs::read_to_string("/proc/locks").unwrap();
    // "7: -> FLOCK  ADVISORY  WRITE 1234 00:1f:5678 0 EOF" for a waiter.
    let pid = pid.to_string();
    locks.lines().find_map(|line| {
        let words: Vec<&str> = line.split_whitespace().collect();
        (words.get(1) == Some(&"->") && words.get(5) == Some(&pid.as_str()))
            .then(|| words.get(6) == Some(&file))
    })
}

#[test]
fn gc_in_parallel_with_16_adds_loses_no_live_lease() {
    if !tier2() {
        return;
    }
    let host = Host::new();
    let (net, _bridge, _) = unique_net(&host, "race");
    // One attachment first, so the network's rules exist.
    let first = NetNs::new("gcp");
    cn(&host, &["add", &ns_arg(&first), "--net", &net]).success();
    let attach_lock = lock_file_id(&host.cache().join("cnictl-attach.lock"));
    let containers: Vec<NetNs> = (0..16).map(|_| NetNs::new("gcp")).collect();
    let adds: Vec<_> = containers
        .iter()
        .map(|ns| {
            cn_cmd(&host, &["add", &ns_arg(ns), "--net", &net])
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();

    // Catch an add in flight, without timing anything: stop every add
    // still running, look, and let them go on, until one is stopped with
    // its lease written and its cache entry not: the state a gc must not
    // mistake for a crash. Each add passes through that state, so one is
    // caught unless every add ends between two looks.
    let caught = loop {
        let running: Vec<Stopped> = adds
            .iter()
            .filter(|a| !matches!(proc_state(a.id()), Some('Z' | 'X') | None))
            .map(|a| Stopped::new(a.id()))
            .collect();
        assert!(
            !running.is_empty(),
            "every add ended before one was seen between its lease and its cache entry"
        );
        let in_flight = running.into_iter().find(|stopped| {
            let i = adds.iter().position(|a| a.id() == stopped.0).unwrap();
            stopped.is_stopped() && lease_without_cache_entry(&host, &net, &containers[i].name)
        });
        if let Some(stopped) = in_flight {
            break stopped;
        }
    };
    let caught_ns = &containers[adds.iter().position(|a| a.id() == caught.0).unwrap()];

    // gc while that add is in flight: each must wait for the attach lock
    // the add holds, neither finishing nor getting further.
    let gcs: Vec<_> = (0..4)
        .map(|_| {
            cn_cmd(&host, &["--json", "gc"])
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for gc in &gcs {
        let pid = gc.id();
        crate::util::wait_for(&format!("gc {pid} waiting for a lock or ending"), || {
            waits_for_lock(pid, &attach_lock).is_some()
                || matches!(proc_state(pid), Some('Z' | 'X') | None)
        });
        assert_eq!(
            waits_for_lock(pid, &attach_lock),
            Some(true),
            "gc {pid} did not wait for the attach lock while the add into {} was in flight",
            caught_ns.name
        );
    }
    assert!(caught.is_stopped());
    assert!(
        lease_without_cache_entry(&host, &net, &caught_ns.name),
        "the caught add moved on"
    );
    drop(caught);

    for add in adds {
        let out = add.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "add failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    for gc in gcs {
        let out = gc.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "gc failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let json: Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(json["removed"], Value::Array(vec![]), "gc removed: {json}");
    }
    assert_eq!(host.lease_files().len(), 17);
    assert_eq!(host.cache_files().len(), 17);
    for ns in &containers {
        let addrs = ns
            .exec(&["ip", "-4", "-o", "addr", "show", "dev", "eth0"])
            .stdout();
        assert!(addrs.contains("inet "), "{}: {addrs}", ns.name);
    }
    let gc = cn(&host, &["--json", "gc"]).success().json();
    assert_eq!(gc["removed"], Value::Array(vec![]), "{gc}");
    for ns in containers.iter().chain([&first]) {
        cn(&host, &["del", &ns_arg(ns)]).success();
    }
    cn(&host, &["gc", "--bridges"]).success();
    host.assert_clean(false);
}

/// `cnictl ARGS` as user nobody (through setpriv when the tests run as
/// root), with world-readable private dirs.
fn as_nobody(dirs: &std::path::Path, args: &[&str]) -> Run {
    // SAFETY: geteuid has no preconditions and cannot fail.
    let root = unsafe { libc::geteuid() } == 0;
    let mut cmd = if root {
        let mut cmd = Command::new("setpriv");
        cmd.args([
            "--reuid=65534",
            "--regid=65534",
            "--clear-groups",
            crate::util::CNICTL,
        ]);
        cmd
    } else {
        Command::new(crate::util::CNICTL)
    };
    crate::util::clean_env(&mut cmd)
        .arg("--conf-dir")
        .arg(dirs.join("conf"))
        .arg("--cache-dir")
        .arg(dirs.join("cache"))
        .arg("--data-dir")
        .arg(dirs.join("data"))
        .args(args);
    run(&mut cmd)
}

#[test]
fn ls_and_leases_work_without_root_and_the_rest_says_it_needs_it() {
    let dirs = tempfile::tempdir().unwrap();
    for sub in ["conf", "cache/results", "data"] {
        fs::create_dir_all(dirs.path().join(sub)).unwrap();
    }
    fs::copy(
        crate::util::data_dir().join("examples/10-mynet.conf"),
        dirs.path().join("conf/10-mynet.conf"),
    )
    .unwrap();
    use std::os::unix::fs::PermissionsExt;
    for path in [
        dirs.path().to_path_buf(),
        dirs.path().join("cache"),
        dirs.path().join("cache/results"),
    ] {
        fs::set_permissions(&path, fs::Permissions::from_mode(0o755)).unwrap();
    }
    as_nobody(dirs.path(), &["ls"]).success();
    as_nobody(dirs.path(), &["--json", "ls"]).success();
    as_nobody(dirs.path(), &["leases"]).success();
    for args in [&["gc", "--dry-run"][..], &["leases", "--stale"], &["gc"]] {
        let out = as_nobody(dirs.path(), args).expect_code(5);
        assert!(out.stderr().contains("needs root"), "{out}");
        assert!(out.stdout().is_empty(), "{out}");
    }
}

#[test]
fn gc_keeps_a_lease_while_a_process_holds_its_unmounted_netns() {
    if !tier2() {
        return;
    }
    let host = Host::new();
    let (net, _bridge, _) = unique_net(&host, "held");
    let ns = NetNs::new("gch");
    cn(&host, &["add", &ns_arg(&ns), "--net", &net]).success();
    // A "container" process inside, then the name removed without DEL.
    struct Holder(std::process::Child);
    impl Drop for Holder {
        fn drop(&mut self) {
            let _ = self.0.kill();
            let _ = self.0.wait();
        }
    }
    let holder = Holder(
        Command::new("ip")
            .args(["netns", "exec", &ns.name, "sleep", "600"])
            .spawn()
            .unwrap(),
    );
    crate::util::wait_until_in_another_netns(holder.0.id());
    crate::util::sh("ip", &["netns", "delete", &ns.name]);

    let gc = cn(&host, &["--json", "gc"]).success().json();
    assert_eq!(gc["removed"], Value::Array(vec![]), "{gc}");
    assert_eq!(host.lease_files().len(), 1);
    assert_eq!(host.veths().len(), 1);

    // The process ends, the namespace with it: now all of it goes.
    drop(holder);
    let gone = crate::util::eventually(|| host.veths().is_empty());
    assert!(gone, "veth outlived its namespace");
    cn(&host, &["gc", "--bridges"]).success();
    host.assert_clean(false);
}

#[test]
fn gc_leaves_the_lease_of_a_cni_add_in_progress() {
    if !tier2() {
        return;
    }
    let host = Host::new();
    let (net, _bridge, config) = unique_net(&host, "fly");
    // A lease as host-local writes it, before the plugin has configured
    // the interface: what gc sees in the middle of a reference ADD.
    let subnet: Value = serde_json::from_slice(&config).unwrap();
    let subnet = subnet["ipam"]["subnet"].as_str().unwrap().to_string();
    let ip = subnet.replace(".0/24", ".7");
    let dir = host.data().join(&net);
    fs::create_dir_all(&dir).unwrap();
    fs::write(dir.join(&ip), "flying\r\neth0").unwrap();

    struct Plugin(std::process::Child);
    impl Drop for Plugin {
        fn drop(&mut self) {
            let _ = self.0.kill();
            let _ = self.0.wait();
        }
    }
    let plugin = Plugin(
        Command::new("ip")
            .args(["netns", "exec", &host.ns.name, "sleep", "600"])
            .env("CNI_COMMAND", "ADD")
            .env("CNI_CONTAINERID", "flying")
            .spawn()
            .unwrap(),
    );
    crate::util::wait_until_in_another_netns(plugin.0.id());

    let stale = cn(&host, &["--json", "leases", "--stale"]).success().json();
    assert_eq!(stale, Value::Array(vec![]), "{stale}");
    let gc = cn(&host, &["--json", "gc"]).success().json();
    assert_eq!(gc["removed"], Value::Array(vec![]), "{gc}");
    assert_eq!(host.lease_files().len(), 1);

    // The ADD died without configuring anything: now the lease is stale.
    drop(plugin);
    let gc = cn(&host, &["--json", "gc"]).success().json();
    assert_eq!(gc["removed"][0]["kind"], "lease", "{gc}");
    assert_eq!(gc["removed"][0]["container_id"], "flying", "{gc}");
    host.assert_clean(true);
}

#[test]
fn gc_is_not_fooled_by_the_same_address_behind_another_host() {
    if !tier2() {
        return;
    }
    // Two host namespaces with the same network: each container gets the
    // first address of the same subnet.
    let ours = Host::new();
    let (net, _bridge, config) = unique_net(&ours, "twin");
    let theirs = Host::new();
    let mut twin: Value = serde_json::from_slice(&config).unwrap();
    twin["ipam"]["dataDir"] = theirs.data().display().to_string().into();
    fs::write(
        theirs.conf_dir().join(format!("{net}.conf")),
        serde_json::to_vec(&twin).unwrap(),
    )
    .unwrap();
    let gone = NetNs::new("gcg");
    let other = NetNs::new("gco");
    cn(&ours, &["add", &ns_arg(&gone), "--net", &net]).success();
    cn(&theirs, &["add", &ns_arg(&other), "--net", &net]).success();
    assert_eq!(ours.lease_files(), theirs.lease_files());

    // Ours goes without a DEL; theirs still has the address on its eth0.
    drop(gone);
    let gc = cn(&ours, &["--json", "gc"]).success().json();
    let removed = gc["removed"].as_array().unwrap();
    assert!(
        removed.iter().any(|r| r["kind"] == "lease"),
        "a twin namespace kept the lease: {gc:#}"
    );
    assert!(ours.lease_files().is_empty());
    assert!(ours.cache_files().is_empty());
    assert_eq!(theirs.lease_files().len(), 1);
    cn(&theirs, &["del", &ns_arg(&other), "--net", &net]).success();
}
