//! Tier 2: L2-only bridge networks (`"ipam": {}`, the reference's
//! documented form): a bridge and a veth, no address, no route, no
//! masquerade. Compared with `/usr/lib/cni/bridge` in a twin host; shown to
//! pass traffic on a Docker-like host; and kept safe from `gc`, which has no
//! lease to judge such an attachment by.

use std::fs;
use std::process::Command;

use serde_json::{json, Value};

use crate::attach::{observe, Host};
use crate::gc::cn;
use crate::tiers::tier2;
use crate::util::{reference_plugin, run, unique, NetNs, Run};

// Every command goes through `cn`, which names the host's data dir: an
// L2-only config has no ipam.dataDir, and the network's lock would
// otherwise be made under the machine's /var/lib/cni/networks.

/// Writes an L2-only network into the host's conf dir: its name, its
/// bridge and the config's bytes.
fn layer2_net(host: &Host) -> (String, String, Vec<u8>) {
    let network = unique("l2n");
    let bridge = unique("l2br");
    let config = json!({
        "cniVersion": "1.0.0",
        "name": network,
        "type": "bridge",
        "bridge": bridge,
        "ipam": {}
    });
    let bytes = serde_json::to_vec_pretty(&config).unwrap();
    fs::write(host.conf_dir().join(format!("{network}.conf")), &bytes).unwrap();
    (network, bridge, bytes)
}

/// Interface names, MACs and the namespace path differ between two equal
/// attachments.
fn normalized(mut result: Value) -> Value {
    for iface in result["interfaces"].as_array_mut().unwrap() {
        iface["name"] = json!("<name>");
        iface["mac"] = json!("<mac>");
        if iface.get("sandbox").is_some() {
            iface["sandbox"] = json!("<netns>");
        }
    }
    result
}

fn ping(from: &NetNs, to: &str) -> Run {
    from.exec(&["busybox", "ping", "-c", "1", "-W", "2", to])
}

#[test]
fn a_layer2_only_network_matches_the_reference() {
    if !tier2() {
        return;
    }
    let host = Host::new();
    let (network, bridge, _) = layer2_net(&host);
    let container = NetNs::new("cntc");
    let id = unique("cid");
    let added = cn(
        &host,
        &[
            "--json",
            "add",
            &container.target(),
            "--id",
            &id,
            "--net",
            &network,
        ],
    )
    .success();
    let cnictl_state = observe(&host.ns, &container, &bridge, "eth0");

    let twin = Host::new();
    let (_, twin_bridge, config) = layer2_net(&twin);
    let config = String::from_utf8(config)
        .unwrap()
        .replace(&twin_bridge, &bridge)
        .into_bytes();
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
    let reference_state = observe(&twin.ns, &twin_container, &bridge, "eth0");

    // No address and no route in the container, none on the bridge, no
    // forwarding turned on: in both.
    assert_eq!(cnictl_state, reference_state);
    assert_eq!(normalized(added.json()), normalized(reference.json()));
    assert_eq!(added.json()["ips"], Value::Null, "{}", added.json());
    assert!(host.lease_files().is_empty());
    // The container's end is up, as the reference leaves it.
    let link = container
        .exec(&["ip", "-j", "link", "show", "eth0"])
        .stdout();
    assert!(link.contains("\"UP\""), "{link}");

    // Shown as attached with no address; `check` finds it whole.
    let listed = cn(&host, &["--json", "ls"]).success().json();
    let row = listed
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["network"] == json!(network))
        .unwrap_or_else(|| panic!("not listed: {listed}"));
    assert_eq!(row["ips"], json!([]));
    // Without --id: found by the namespace its cache entry recorded.
    let checked = cn(&host, &["check", &container.target()]).success();
    assert!(checked.stdout().contains(": ok"), "{checked}");

    // The reference's DEL of cnictl's attachment succeeds and takes the
    // veth; cnictl's DEL then clears the rest.
    let twin_del = reference_plugin(
        &host.ns,
        "bridge",
        "DEL",
        &id,
        &container.path(),
        "eth0",
        &fs::read(host.conf_dir().join(format!("{network}.conf"))).unwrap(),
    );
    assert!(
        twin_del.output.status.success(),
        "reference DEL failed:\n{twin_del}"
    );
    cn(&host, &["del", &container.target(), "--id", &id]).success();
    cn(&host, &["del", &container.target(), "--id", &id]).success();
    host.assert_clean(true);
}

#[test]
fn layer2_containers_talk_on_a_docker_like_host_and_the_rules_go_with_the_last() {
    if !tier2() {
        return;
    }
    let host = Host::new();
    let (network, _, _) = layer2_net(&host);
    // As Docker leaves a host: FORWARD policy DROP, in both families when
    // it manages ip6tables (the default since Docker 27), and bridged
    // traffic through both.
    for tool in ["iptables", "ip6tables"] {
        host.ns.exec(&[tool, "-P", "FORWARD", "DROP"]);
    }
    host.ns.exec(&[
        "sysctl",
        "-q",
        "-w",
        "net.bridge.bridge-nf-call-iptables=1",
        "net.bridge.bridge-nf-call-ip6tables=1",
    ]);
    let (a, b) = (NetNs::new("cntc"), NetNs::new("cntc"));
    for ns in [&a, &b] {
        cn(&host, &["add", &ns.target(), "--net", &network]).success();
    }
    // Addresses are the containers' own business on an L2 network, and
    // the network cannot know their family: both pass.
    a.exec(&["ip", "addr", "add", "192.0.2.1/24", "dev", "eth0"]);
    b.exec(&["ip", "addr", "add", "192.0.2.2/24", "dev", "eth0"]);
    a.exec(&[
        "ip",
        "addr",
        "add",
        "2001:db8::1/64",
        "dev",
        "eth0",
        "nodad",
    ]);
    b.exec(&[
        "ip",
        "addr",
        "add",
        "2001:db8::2/64",
        "dev",
        "eth0",
        "nodad",
    ]);
    let pinged = ping(&a, "192.0.2.2");
    assert!(pinged.output.status.success(), "a → b:\n{pinged}");
    let pinged = a.exec(&["busybox", "ping", "-6", "-c", "1", "-W", "2", "2001:db8::2"]);
    assert!(pinged.output.status.success(), "a → b over IPv6:\n{pinged}");
    for tool in ["iptables-save", "ip6tables-save"] {
        let saved = host.ns.exec(&[tool]).stdout();
        assert!(
            saved.contains("-j CNICTL-F-"),
            "no FORWARD rules for the bridge in {tool}:\n{saved}"
        );
    }

    // `check` names what it compared, and finds the IPv6 accepts gone.
    let checked = cn(&host, &["check", &a.target()]).success().stdout();
    assert!(
        checked.contains(": ok (interface, MAC, bridge port, forward rules)"),
        "{checked}"
    );
    host.ns.exec(&["ip6tables", "-F", "FORWARD"]);
    let broken = cn(&host, &["check", &a.target()]).expect_code(1);
    assert!(broken.stdout().contains("forward:"), "{broken}");
    let unreached = run(Command::new("ip").args([
        "netns",
        "exec",
        &a.name,
        "busybox",
        "ping",
        "-6",
        "-c",
        "1",
        "-W",
        "1",
        "2001:db8::2",
    ]));
    assert_ne!(
        unreached.code(),
        Some(0),
        "IPv6 passed without its accepts:\n{unreached}"
    );

    // The first DEL leaves the network's rules to the other container.
    cn(&host, &["del", &a.target()]).success();
    assert!(
        !host.cni_rules().is_empty(),
        "rules gone with a container left"
    );
    let c = NetNs::new("cntc");
    cn(&host, &["add", &c.target(), "--net", &network]).success();
    c.exec(&["ip", "addr", "add", "192.0.2.3/24", "dev", "eth0"]);
    let pinged = ping(&c, "192.0.2.2");
    assert!(pinged.output.status.success(), "c → b:\n{pinged}");

    cn(&host, &["del", &b.target()]).success();
    assert!(
        !host.cni_rules().is_empty(),
        "rules gone with a container left"
    );
    cn(&host, &["del", &c.target()]).success();
    host.assert_clean(true);
}

#[test]
fn gc_keeps_layer2_attachments_and_ports_of_bridges_it_does_not_know() {
    if !tier2() {
        return;
    }
    let host = Host::new();
    let (network, _, _) = layer2_net(&host);
    let (kept, gone) = (NetNs::new("cntc"), NetNs::new("cntc"));
    for ns in [&kept, &gone] {
        cn(&host, &["add", &ns.target(), "--net", &network]).success();
    }
    // A bridge cnictl did not make, whose port's peer has no address (a
    // hand-made L2 setup): not gc's to judge.
    let other = NetNs::new("cntc");
    let foreign_bridge = unique("fbr");
    let foreign_port = unique("vethf");
    host.ns
        .exec(&["ip", "link", "add", &foreign_bridge, "type", "bridge"]);
    host.ns.exec(&[
        "ip",
        "link",
        "add",
        &foreign_port,
        "type",
        "veth",
        "peer",
        "name",
        "eth0",
        "netns",
        &other.name,
    ]);
    host.ns.exec(&[
        "ip",
        "link",
        "set",
        &foreign_port,
        "master",
        &foreign_bridge,
        "up",
    ]);

    let report = cn(&host, &["--json", "gc"]).success().json();
    assert_eq!(report["removed"], json!([]), "{report}");
    assert!(host.veths().iter().any(|v| v == &foreign_port));
    assert_eq!(host.cache_files().len(), 2);

    // With its namespace gone, an L2 attachment is gc's.
    let gone_target = gone.target();
    drop(gone);
    let report = cn(&host, &["--json", "gc"]).success().json();
    let removed = report["removed"].as_array().unwrap();
    assert!(
        removed
            .iter()
            .any(|r| r["kind"] == "cache" && r["reason"] == "its network namespace is gone"),
        "{report}"
    );
    assert_eq!(host.cache_files().len(), 1, "{report}");
    assert!(
        !host.cni_rules().is_empty(),
        "rules of a network still in use removed"
    );
    cn(&host, &["del", &gone_target]).success();

    cn(&host, &["del", &kept.target()]).success();
    assert!(host.veths().iter().any(|v| v == &foreign_port));
    host.ns.exec(&["ip", "link", "del", &foreign_port]);
    host.assert_clean(true);
}
