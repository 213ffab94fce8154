//! Root tests of the iptables driver against the real iptables, each in its
//! own network namespace so no rule ever reaches the host's tables.
//!
//! The test binary re-runs itself, one test at a time, as
//! `ip netns exec <ns> <test binary> <test> --exact`, with [`CHILD_ENV`]
//! telling the child it is already inside. The parent owns the namespaces
//! and deletes them on drop, also when the child fails.

use std::io::Write;
use std::process::Command;

use super::rules::{
    self, filter_chain_name, nat_chain_name, reference_chain_name, IpFamily, Ruleset, Table,
};
use super::{Firewall, FirewallError, IptablesDriver, NetworkRules, RulesState};

/// Set in the child: the name of the namespace it runs in.
const CHILD_ENV: &str = "CNICTL_FW_TEST_NETNS";
/// Set in the child: the extra ("container") namespaces, comma-separated.
const PEERS_ENV: &str = "CNICTL_FW_TEST_PEERS";

struct Namespaces(Vec<String>);

impl Namespaces {
    fn add(&mut self, name: String) {
        run_ok("ip", &["netns", "add", &name]);
        self.0.push(name);
    }
}

impl Drop for Namespaces {
    fn drop(&mut self) {
        for name in self.0.iter().rev() {
            let _ = Command::new("ip").args(["netns", "del", name]).output();
        }
    }
}

/// What a test body gets, inside its namespace.
struct Ctx {
    peers: Vec<String>,
    dir: tempfile::TempDir,
}

impl Ctx {
    fn driver(&self) -> IptablesDriver {
        IptablesDriver::with_lock_path(self.dir.path().join("firewall.lock"))
    }
}

fn run_ok(program: &str, args: &[&str]) -> String {
    let out = Command::new(program)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("cannot run {program}: {e}"));
    assert!(
        out.status.success(),
        "{program} {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn is_root() -> bool {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            status
                .lines()
                .find(|l| l.starts_with("Uid:"))
                .and_then(|l| l.split_whitespace().nth(2).map(|euid| euid == "0"))
        })
        .unwrap_or(false)
}

fn tool_exists(tool: &str) -> bool {
    ["/usr/sbin", "/sbin", "/usr/bin", "/bin"]
        .iter()
        .any(|dir| std::path::Path::new(dir).join(tool).exists())
}

/// Whether this root test can run; writes why not, or panics under
/// `CNICTL_E2E=require`.
fn can_run(test: &str, needs: &[&str]) -> bool {
    let missing: Vec<&str> = needs.iter().copied().filter(|t| !tool_exists(t)).collect();
    let reason = if !is_root() {
        "needs root (network namespaces, iptables)".to_string()
    } else if !missing.is_empty() {
        format!("needs {}", missing.join(", "))
    } else {
        return true;
    };
    if std::env::var("CNICTL_E2E").as_deref() == Ok("require") {
        panic!("{test}: {reason}, and CNICTL_E2E=require");
    }
    let _ = writeln!(
        std::io::stderr(),
        "skipped root test {test}: {reason} (set CNICTL_E2E=require to fail instead)"
    );
    false
}

/// Run `body` inside a fresh namespace (plus `peers` more), in a child.
fn in_netns(name: &str, peers: usize, needs: &[&str], body: impl FnOnce(&Ctx)) {
    let test = format!("firewall::root_tests::{name}");
    if std::env::var_os(CHILD_ENV).is_some() {
        let peers = std::env::var(PEERS_ENV)
            .unwrap_or_default()
            .split(',')
            .filter(|s| !s.is_empty())
            .map(String::from)
            .collect();
        let dir = tempfile::tempdir().unwrap();
        body(&Ctx { peers, dir });
        return;
    }
    let mut needs = needs.to_vec();
    needs.extend(["ip", "iptables-save", "iptables-restore", "ip6tables-save"]);
    if !can_run(&test, &needs) {
        return;
    }
    let host = format!("cnictl-fw-{}-{name}", std::process::id());
    let mut namespaces = Namespaces(Vec::new());
    namespaces.add(host.clone());
    let peer_names: Vec<String> = (0..peers).map(|i| format!("{host}-c{i}")).collect();
    for peer in &peer_names {
        namespaces.add(peer.clone());
    }
    let exe = std::env::current_exe().unwrap();
    let out = Command::new("ip")
        .args(["netns", "exec", &host])
        .arg(exe)
        .args([&test, "--exact", "--nocapture", "--test-threads=1"])
        .env(CHILD_ENV, &host)
        .env(PEERS_ENV, peer_names.join(","))
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success() && stdout.contains("1 passed"),
        "{test} failed inside namespace {host}\n--- stdout\n{stdout}\n--- stderr\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    drop(namespaces);
}

/// `iptables-save` / `ip6tables-save` of the current namespace, keeping only
/// chain declarations of non-built-in chains and rules, under the `*table`
/// header of each table that has any (an emptied table may linger in nftables).
fn rules_of(save_tool: &str) -> String {
    let save = run_ok(save_tool, &[]);
    let mut out = String::new();
    let mut header = None;
    for line in save.lines() {
        if line.starts_with('*') {
            header = Some(line);
        } else if line.starts_with("-A ") || (line.starts_with(':') && line.contains(" - [")) {
            if let Some(table) = header.take() {
                out.push_str(table);
                out.push('\n');
            }
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

fn v4_net(name: &str, masquerade: bool) -> NetworkRules {
    NetworkRules {
        network: name.into(),
        bridge: "cnictl0".into(),
        subnets: vec!["10.13.23.0/24".parse().unwrap()],
        masquerade,
    }
}

fn dual_net(name: &str) -> NetworkRules {
    NetworkRules {
        network: name.into(),
        bridge: "cnictl6".into(),
        subnets: vec![
            "10.44.0.0/16".parse().unwrap(),
            "fd00:44::/64".parse().unwrap(),
        ],
        masquerade: true,
    }
}

/// Docker's shape: FORWARD policy DROP, and a jump to DOCKER-USER first.
fn add_docker_like_rules() {
    run_ok("iptables", &["-w", "-P", "FORWARD", "DROP"]);
    run_ok("iptables", &["-w", "-N", "DOCKER-USER"]);
    run_ok("iptables", &["-w", "-A", "DOCKER-USER", "-j", "RETURN"]);
    run_ok("iptables", &["-w", "-A", "FORWARD", "-j", "DOCKER-USER"]);
}

#[test]
fn setup_installs_exactly_the_planned_rules() {
    in_netns("setup_installs_exactly_the_planned_rules", 0, &[], |ctx| {
        add_docker_like_rules();
        let fw = ctx.driver();
        let net = v4_net("my_cni_bridge", true);
        assert_eq!(fw.network_state(&net).unwrap(), RulesState::Absent);
        fw.setup_network(&net).unwrap();
        let (n, f) = (
            nat_chain_name("my_cni_bridge"),
            filter_chain_name("my_cni_bridge"),
        );
        let c = r#"-m comment --comment "cnictl network \"my_cni_bridge\"""#;
        // Ours first in FORWARD, ahead of Docker's jump.
        let expected = format!(
            "*filter
:{f} - [0:0]
:DOCKER-USER - [0:0]
-A FORWARD {c} -j {f}
-A FORWARD -j DOCKER-USER
-A {f} -i cnictl0 {c} -j ACCEPT
-A {f} -o cnictl0 {c} -j ACCEPT
-A DOCKER-USER -j RETURN
*nat
:{n} - [0:0]
-A POSTROUTING -s 10.13.23.0/24 {c} -j {n}
-A {n} -d 10.13.23.0/24 {c} -j ACCEPT
-A {n} ! -d 224.0.0.0/4 {c} -j MASQUERADE
"
        );
        assert_eq!(rules_of("iptables-save"), expected);
        assert!(!rules_of("ip6tables-save").contains("CNICTL"));
        assert_eq!(fw.network_state(&net).unwrap(), RulesState::Complete);
        assert_round_trips(&net, IpFamily::V4);
    });
}

/// What the real iptables-save prints back is, string for string, what the
/// builders wrote: parsed, it leaves nothing for setup to do.
fn assert_round_trips(net: &NetworkRules, family: IpFamily) {
    let plan = rules::plan(net, family).unwrap();
    let current = Ruleset::from_save(&run_ok(family.save_tool(), &[]));
    assert_eq!(rules::setup_restore(&plan, &current), None);
    assert!(rules::problems(&plan, &current).is_empty());
}

#[test]
fn ipv6_rules_go_through_ip6tables() {
    in_netns(
        "ipv6_rules_go_through_ip6tables",
        0,
        &["ip6tables-restore"],
        |ctx| {
            let fw = ctx.driver();
            let net = dual_net("dual");
            fw.setup_network(&net).unwrap();
            let (n, f) = (nat_chain_name("dual"), filter_chain_name("dual"));
            let c = r#"-m comment --comment "cnictl network \"dual\"""#;
            let v6 = format!(
                "*filter
:{f} - [0:0]
-A FORWARD {c} -j {f}
-A {f} -i cnictl6 {c} -j ACCEPT
-A {f} -o cnictl6 {c} -j ACCEPT
*nat
:{n} - [0:0]
-A POSTROUTING -s fd00:44::/64 {c} -j {n}
-A {n} -d fd00:44::/64 {c} -j ACCEPT
-A {n} ! -d ff00::/8 {c} -j MASQUERADE
"
            );
            assert_eq!(rules_of("ip6tables-save"), v6);
            let v4 = rules_of("iptables-save");
            assert!(
                v4.contains(&format!("-A POSTROUTING -s 10.44.0.0/16 {c} -j {n}")),
                "{v4}"
            );
            assert!(!v4.contains("fd00"), "{v4}");
            assert_eq!(fw.network_state(&net).unwrap(), RulesState::Complete);
            assert_round_trips(&net, IpFamily::V4);
            assert_round_trips(&net, IpFamily::V6);
        },
    );
}

#[test]
fn setup_twice_does_not_duplicate() {
    in_netns("setup_twice_does_not_duplicate", 0, &[], |ctx| {
        let fw = ctx.driver();
        let net = v4_net("twice", true);
        fw.setup_network(&net).unwrap();
        let first = rules_of("iptables-save");
        fw.setup_network(&net).unwrap();
        fw.setup_network(&net).unwrap();
        assert_eq!(rules_of("iptables-save"), first);
        assert_eq!(first.matches(" -j CNICTL-").count(), 2, "{first}");
        // A second network's rules live beside the first's.
        let other = NetworkRules {
            network: "other".into(),
            bridge: "cnictl1".into(),
            subnets: vec!["10.14.0.0/24".parse().unwrap()],
            masquerade: true,
        };
        fw.setup_network(&other).unwrap();
        assert_eq!(fw.network_state(&net).unwrap(), RulesState::Complete);
        assert_eq!(fw.network_state(&other).unwrap(), RulesState::Complete);
        fw.teardown_network(&other).unwrap();
        assert_eq!(rules_of("iptables-save"), first);
    });
}

#[test]
fn setup_repairs_and_follows_config_changes() {
    in_netns("setup_repairs_and_follows_config_changes", 0, &[], |ctx| {
        let fw = ctx.driver();
        let net = v4_net("repair", true);
        fw.setup_network(&net).unwrap();
        let good = rules_of("iptables-save");
        let f = filter_chain_name("repair");
        run_ok("iptables", &["-w", "-D", &f, "2"]);
        match fw.network_state(&net).unwrap() {
            RulesState::Partial { problems } => assert_eq!(
                problems,
                vec![format!(
                    "iptables filter: chain {f} does not hold the expected rules"
                )]
            ),
            other => panic!("expected Partial, got {other:?}"),
        }
        fw.setup_network(&net).unwrap();
        assert_eq!(rules_of("iptables-save"), good);

        // ipMasq turned off: the nat chain goes, the filter chain stays.
        let plain = v4_net("repair", false);
        fw.setup_network(&plain).unwrap();
        let now = rules_of("iptables-save");
        assert!(!now.contains("CNICTL-N-"), "{now}");
        assert!(
            now.contains(&format!(
                "-A FORWARD -m comment --comment \"cnictl network \\\"repair\\\"\" -j {f}"
            )),
            "{now}"
        );
        assert_eq!(fw.network_state(&plain).unwrap(), RulesState::Complete);
    });
}

#[test]
fn teardown_removes_everything_even_when_partly_gone() {
    in_netns(
        "teardown_removes_everything_even_when_partly_gone",
        0,
        &["ip6tables-restore"],
        |ctx| {
            add_docker_like_rules();
            let before_v4 = rules_of("iptables-save");
            let before_v6 = rules_of("ip6tables-save");
            let fw = ctx.driver();
            let net = dual_net("gone");

            fw.setup_network(&net).unwrap();
            fw.teardown_network(&net).unwrap();
            assert_eq!(rules_of("iptables-save"), before_v4);
            assert_eq!(rules_of("ip6tables-save"), before_v6);
            assert_eq!(fw.network_state(&net).unwrap(), RulesState::Absent);

            // Already gone: still fine.
            fw.teardown_network(&net).unwrap();

            // Partly gone: the nat jump and the whole v4 filter chain were
            // removed by hand; the v6 side is untouched.
            fw.setup_network(&net).unwrap();
            let f = filter_chain_name("gone");
            // Ours are the only POSTROUTING rule and the first FORWARD rule.
            run_ok("iptables", &["-w", "-t", "nat", "-D", "POSTROUTING", "1"]);
            run_ok("iptables", &["-w", "-D", "FORWARD", "1"]);
            run_ok("iptables", &["-w", "-F", &f]);
            run_ok("iptables", &["-w", "-X", &f]);
            assert!(matches!(
                fw.network_state(&net).unwrap(),
                RulesState::Partial { .. }
            ));
            fw.teardown_network(&net).unwrap();
            assert_eq!(rules_of("iptables-save"), before_v4);
            assert_eq!(rules_of("ip6tables-save"), before_v6);
        },
    );
}

#[test]
fn remove_reference_chain_removes_the_real_plugins_chain_only() {
    in_netns(
        "remove_reference_chain_removes_the_real_plugins_chain_only",
        2,
        &["/usr/lib/cni/bridge", "/usr/lib/cni/host-local"],
        |ctx| {
            let data_dir = ctx.dir.path().join("ipam");
            let conf = format!(
                r#"{{"cniVersion":"1.0.0","name":"my_cni_bridge","type":"bridge","bridge":"cni_ref0",
                "isGateway":true,"ipMasq":true,
                "ipam":{{"type":"host-local","subnet":"10.13.23.0/24","rangeStart":"10.13.23.100",
                "dataDir":"{}"}}}}"#,
                data_dir.display()
            );
            for (id, peer) in ["abc123", "def456"].iter().zip(&ctx.peers) {
                let mut child = Command::new("/usr/lib/cni/bridge")
                    .env("CNI_COMMAND", "ADD")
                    .env("CNI_CONTAINERID", id)
                    .env("CNI_NETNS", format!("/var/run/netns/{peer}"))
                    .env("CNI_IFNAME", "eth0")
                    .env("CNI_PATH", "/usr/lib/cni")
                    .stdin(std::process::Stdio::piped())
                    .stdout(std::process::Stdio::piped())
                    .stderr(std::process::Stdio::piped())
                    .spawn()
                    .unwrap();
                child
                    .stdin
                    .take()
                    .unwrap()
                    .write_all(conf.as_bytes())
                    .unwrap();
                let out = child.wait_with_output().unwrap();
                assert!(
                    out.status.success(),
                    "reference bridge ADD {id}: {}{}",
                    String::from_utf8_lossy(&out.stdout),
                    String::from_utf8_lossy(&out.stderr)
                );
            }
            let ours = reference_chain_name("my_cni_bridge", "abc123");
            let theirs = reference_chain_name("my_cni_bridge", "def456");
            assert_eq!(ours, "CNI-c5adf6bb75c50651e4e5c4ca");
            let before = rules_of("iptables-save");
            // The measured shape of the reference's rules.
            let c = r#"-m comment --comment "name: \"my_cni_bridge\" id: \"abc123\"""#;
            for line in [
                format!(":{ours} - [0:0]"),
                format!("-A POSTROUTING -s 10.13.23.100/32 {c} -j {ours}"),
                format!("-A {ours} -d 10.13.23.0/24 {c} -j ACCEPT"),
                format!("-A {ours} ! -d 224.0.0.0/4 {c} -j MASQUERADE"),
            ] {
                assert!(before.lines().any(|l| l == line), "{line} not in\n{before}");
            }

            // Others that must survive: the second container's chain, a
            // cnictl network, and an unrelated chain with a jump.
            let fw = ctx.driver();
            let net = v4_net("cnictl_net", true);
            fw.setup_network(&net).unwrap();
            run_ok("iptables", &["-w", "-t", "nat", "-N", "KEEP-ME"]);
            run_ok(
                "iptables",
                &["-w", "-t", "nat", "-A", "POSTROUTING", "-j", "KEEP-ME"],
            );
            let before = rules_of("iptables-save");

            fw.remove_reference_chain("my_cni_bridge", "abc123")
                .unwrap();
            let after = rules_of("iptables-save");
            assert!(!after.contains(&ours), "{after}");
            let expected: Vec<&str> = before.lines().filter(|l| !l.contains(&ours)).collect();
            assert_eq!(after.lines().collect::<Vec<_>>(), expected);
            assert!(after.contains(&format!(":{theirs} - [0:0]")), "{after}");
            assert!(after.contains(&format!("-j {theirs}")), "{after}");
            assert!(after.contains("-A POSTROUTING -j KEEP-ME"), "{after}");
            assert_eq!(fw.network_state(&net).unwrap(), RulesState::Complete);

            // Absent: no error, nothing changes.
            fw.remove_reference_chain("my_cni_bridge", "abc123")
                .unwrap();
            fw.remove_reference_chain("never_seen", "nobody").unwrap();
            assert_eq!(rules_of("iptables-save"), after);
        },
    );
}

#[test]
fn restore_failure_carries_stderr_and_the_failing_line() {
    in_netns(
        "restore_failure_carries_stderr_and_the_failing_line",
        0,
        &[],
        |ctx| {
            let input = "*filter\n-X CNICTL-F-nope\nCOMMIT\n";
            let chains = [(Table::Filter, "CNICTL-F-nope".to_string())];
            let err = ctx
                .driver()
                .restore(IpFamily::V4, input, "broken", &chains)
                .unwrap_err();
            assert!(matches!(err, FirewallError::Restore { .. }), "{err:?}");
            let text = err.to_string();
            assert!(
                text.starts_with(
                    "iptables-restore failed for network \"broken\" (chains CNICTL-F-nope): "
                ),
                "{text}"
            );
            assert!(text.contains("line 2 failed"), "{text}");
            assert!(text.ends_with("(input line: -X CNICTL-F-nope)"), "{text}");
        },
    );
}

#[test]
fn network_in_place_reads_the_kernel_each_time() {
    in_netns(
        "network_in_place_reads_the_kernel_each_time",
        0,
        &[],
        |ctx| {
            let fw = ctx.driver();
            let net = dual_net("inplace");
            assert!(!fw.network_in_place(&net).unwrap(), "nothing set up yet");
            fw.setup_network(&net).unwrap();
            assert!(fw.network_in_place(&net).unwrap(), "after setup");
            // The kernel's count is the chain's rules plus the jumps to it
            // (two ACCEPTs and FORWARD's jump): what the lookup relies on.
            let filter = filter_chain_name("inplace");
            assert_eq!(
                super::nft::chain_use(IpFamily::V4, "filter", &filter).unwrap(),
                Some(3)
            );
            assert_eq!(
                super::nft::chain_use(IpFamily::V4, "filter", "CNICTL-F-none").unwrap(),
                None
            );
            // A flushed built-in chain takes the jumps: not in place.
            run_ok("iptables", &["-t", "nat", "-F", "POSTROUTING"]);
            assert!(!fw.network_in_place(&net).unwrap(), "POSTROUTING flushed");
            fw.setup_network(&net).unwrap();
            assert!(fw.network_in_place(&net).unwrap(), "after repair");
            // A flushed chain of the network's own, in the other family.
            run_ok("ip6tables", &["-F", &filter_chain_name("inplace")]);
            assert!(
                !fw.network_in_place(&net).unwrap(),
                "ip6 filter chain flushed"
            );
            fw.setup_network(&net).unwrap();
            // A chain the config no longer wants (masquerade turned off).
            let unmasqueraded = NetworkRules {
                masquerade: false,
                ..net.clone()
            };
            assert!(
                !fw.network_in_place(&unmasqueraded).unwrap(),
                "stale nat chain"
            );
            fw.teardown_network(&net).unwrap();
            assert!(!fw.network_in_place(&net).unwrap(), "after teardown");
        },
    );
}
