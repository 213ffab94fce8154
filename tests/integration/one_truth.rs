//! Tier 2: state is read from the kernel and the files, never remembered
//! twice. Each test here is a bug that a second copy of the truth caused:
//! the bridge-alias marker that outlived the rules, plugin mode writing
//! the runtime's cache entry, `del --net` with a name that matched nothing
//! or an interface of another network.

use std::fs;

use serde_json::json;

use crate::attach::Host;
use crate::gc::{cn, unique_net};
use crate::tiers::tier2;
use crate::util::{run, NetNs};

/// The network's chains (`CNICTL-N-…`, `CNICTL-F-…`) in iptables-save.
fn cnictl_chains(host: &Host) -> Vec<String> {
    crate::gc::chains(host)
        .into_iter()
        .filter(|c| c.starts_with("CNICTL-"))
        .collect()
}

/// `-A` rules that jump to or live in cnictl's chains.
fn cnictl_rules(host: &Host) -> usize {
    host.ns
        .exec(&["iptables-save"])
        .stdout()
        .lines()
        .filter(|l| l.starts_with("-A") && l.contains("CNICTL-"))
        .count()
}

#[test]
fn rules_gc_took_come_back_with_the_next_add() {
    if !tier2() {
        return;
    }
    let host = Host::new();
    let (net, _, _) = unique_net(&host, "truth");
    let first = NetNs::new("otA");
    cn(&host, &["add", &first.target(), "--net", &net]).success();
    let whole = cnictl_rules(&host);
    assert!(whole >= 4, "masquerade and FORWARD rules: {whole}");
    // The namespace goes without a DEL; gc takes the network's rules with
    // its last lease.
    crate::util::sh("ip", &["netns", "delete", &first.name]);
    assert!(crate::util::eventually(|| host.veths().is_empty()));
    cn(&host, &["gc"]).success();
    assert_eq!(cnictl_chains(&host), Vec::<String>::new(), "gc left chains");

    let second = NetNs::new("otB");
    cn(&host, &["add", &second.target(), "--net", &net]).success();
    assert_eq!(
        cnictl_rules(&host),
        whole,
        "the next add put the rules back"
    );
    cn(&host, &["check", &second.target()]).success();
    cn(&host, &["del", &second.target()]).success();
    host.assert_clean(true);
}

#[test]
fn an_add_after_a_firewall_flush_puts_the_rules_back() {
    if !tier2() {
        return;
    }
    // What `podman network reload` does after a flush: DEL and ADD of one
    // container while another keeps the network in use.
    let host = Host::new();
    let (net, _, _) = unique_net(&host, "flush");
    let kept = NetNs::new("otK");
    cn(&host, &["add", &kept.target(), "--net", &net]).success();
    let whole = cnictl_rules(&host);
    host.ns.exec(&["iptables", "-t", "nat", "-F"]);
    host.ns.exec(&["iptables", "-F"]);
    assert_eq!(cnictl_rules(&host), 0);
    let next = NetNs::new("otN");
    cn(&host, &["add", &next.target(), "--net", &net]).success();
    assert_eq!(cnictl_rules(&host), whole);
    for ns in [&kept, &next] {
        cn(&host, &["del", &ns.target()]).success();
    }
    host.assert_clean(true);
}

#[test]
fn del_with_a_network_that_does_not_exist_is_an_error_and_detaches_nothing() {
    if !tier2() {
        return;
    }
    let host = Host::new();
    let (net, _, _) = unique_net(&host, "typo");
    let ns = NetNs::new("otT");
    cn(&host, &["add", &ns.target(), "--net", &net]).success();
    let out = cn(&host, &["del", &ns.target(), "--net", "no-such-net"]);
    assert_ne!(out.code(), Some(0), "{out}");
    assert!(
        out.stderr().contains("\"no-such-net\"") && out.stderr().contains(&net),
        "names the typo and the networks there are:\n{out}"
    );
    assert_eq!(host.lease_files().len(), 1, "still attached");
    cn(&host, &["check", &ns.target()]).success();
    cn(&host, &["del", &ns.target(), "--net", &net]).success();
    host.assert_clean(true);
}

#[test]
fn del_of_a_loopback_attachment_leaves_the_other_networks_interface() {
    if !tier2() {
        return;
    }
    let host = Host::new();
    let (net, _, _) = unique_net(&host, "lo");
    let ns = NetNs::new("otL");
    let id = crate::util::unique("otid");
    cn(&host, &["add", &ns.target(), "--net", &net, "--id", &id]).success();
    // libcni's entry of a loopback ADD run with CNI_IFNAME=eth0, as
    // cnitool and priv-net-run.sh leave it.
    let loopback = json!({"cniVersion": "1.0.0", "name": "lo", "type": "loopback"});
    let entry = json!({
        "kind": "cniCacheV1",
        "containerId": id,
        "config": base64_of(&serde_json::to_vec(&loopback).unwrap()),
        "ifName": "eth0",
        "networkName": "lo",
        "netns": ns.path(),
        "result": {"cniVersion": "1.0.0", "interfaces": [{"name": "lo", "sandbox": ns.path()}],
                   "ips": [{"address": "127.0.0.1/8", "interface": 0}]}
    });
    let path = host.cache().join("results").join(format!("lo-{id}-eth0"));
    fs::write(&path, serde_json::to_vec(&entry).unwrap()).unwrap();

    cn(&host, &["del", &ns.target(), "--id", &id, "--net", "lo"]).success();
    assert!(!path.exists(), "the loopback entry goes");
    let links = ns.exec(&["ip", "-o", "link", "show", "eth0"]);
    assert!(links.output.status.success(), "eth0 stays:\n{links}");
    assert_eq!(
        host.lease_files().len(),
        1,
        "the bridge network's lease stays"
    );
    cn(&host, &["check", &ns.target(), "--id", &id]).success();
    cn(&host, &["del", &ns.target(), "--id", &id]).success();
    host.assert_clean(true);
}

#[test]
fn plugin_mode_never_writes_the_runtimes_cache_entry() {
    if !tier2() {
        return;
    }
    let host = Host::new();
    let conf = host.install_example("cni_bridge.conf");
    let plugin = crate::plugin_mode::PluginDir::new();
    let ns = NetNs::new("otP");
    let netns = ns.path().display().to_string();
    let cache = host.cache().display().to_string();
    let id = crate::util::unique("otpl");
    let env = |command: &'static str| {
        vec![
            ("CNI_COMMAND", command),
            ("CNI_CONTAINERID", id.as_str()),
            ("CNI_NETNS", netns.as_str()),
            ("CNI_IFNAME", "eth0"),
            ("CNI_PATH", "/usr/lib/cni"),
            ("CNICTL_CACHE_DIR", cache.as_str()),
        ]
    };
    crate::plugin_mode::call(Some(&host.ns), &plugin.plugin("bridge"), &env("ADD"), &conf)
        .success();
    let record = format!("cnictl/my_cni_bridge-{id}-eth0");
    assert_eq!(
        host.cache_files(),
        vec![record.clone()],
        "only cnictl's record"
    );
    // The CLI sees the attachment through the record.
    let ls = run(&mut host.cnictl(&["--json", "ls"])).success().json();
    assert!(ls.to_string().contains(&id), "{ls}");
    // The runtime writes its own entry; the plugin's DEL leaves it to the
    // runtime, and takes its own record.
    let runtime_entry = host
        .cache()
        .join("results")
        .join(format!("my_cni_bridge-{id}-eth0"));
    fs::create_dir_all(runtime_entry.parent().unwrap()).unwrap();
    let bytes = fs::read(
        host.cache()
            .join("cnictl/results")
            .join(format!("my_cni_bridge-{id}-eth0")),
    )
    .unwrap();
    let mut libcni: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
    libcni.as_object_mut().unwrap().remove("cnictl");
    fs::write(&runtime_entry, serde_json::to_vec(&libcni).unwrap()).unwrap();
    crate::plugin_mode::call(Some(&host.ns), &plugin.plugin("bridge"), &env("DEL"), &conf)
        .success();
    assert_eq!(
        host.cache_files(),
        vec![format!("my_cni_bridge-{id}-eth0")],
        "the runtime's entry is the runtime's"
    );
    fs::remove_file(&runtime_entry).unwrap();
    host.assert_clean(true);
}

fn base64_of(bytes: &[u8]) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(bytes)
}
