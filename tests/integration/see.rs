//! Tier 2: `cnictl ls`, `show` and `check` for a named netns, as tables
//! and as JSON, and `check` finding what was changed behind its back.

use serde_json::Value;

use crate::attach::Host;
use crate::gc::{cn, ns_arg, unique_net};
use crate::tiers::tier2;
use crate::util::NetNs;

#[test]
fn ls_show_and_check_a_named_netns() {
    if !tier2() {
        return;
    }
    let host = Host::new();
    let (net, bridge, _) = unique_net(&host, "see");
    let c = NetNs::new("seec");
    let target = ns_arg(&c);
    cn(&host, &["add", &target, "--net", &net]).success();

    // ls
    let table = cn(&host, &["ls"]).success().stdout();
    let header = table.lines().next().unwrap();
    for column in [
        "CONTAINER",
        "RUNTIME",
        "NETWORK",
        "IFNAME",
        "IPS",
        "HOST VETH",
        "PORTS",
        "STATE",
    ] {
        assert!(header.contains(column), "{table}");
    }
    assert!(table.contains(&target) && table.contains(" up"), "{table}");
    let ls = cn(&host, &["--json", "ls", "--net", &net]).success().json();
    let row = &ls[0];
    assert_eq!(row["container"], Value::String(target.clone()));
    assert_eq!(row["container_id"], Value::String(c.name.clone()));
    assert_eq!(row["runtime"], "netns");
    assert_eq!(row["network"], Value::String(net.clone()));
    assert_eq!(row["ifname"], "eth0");
    assert_eq!(row["state"], "up");
    assert_eq!(row["source"], "cache");
    let ip = row["ips"][0].as_str().unwrap().to_string();
    let veth = row["host_veth"].as_str().unwrap().to_string();

    // show
    let shown = cn(&host, &["show", &target]).success().stdout();
    assert!(
        shown.contains("INTERFACE") && shown.contains("DESTINATION"),
        "{shown}"
    );
    assert!(shown.contains(&format!("(lease on {net})")), "{shown}");
    assert!(shown.contains(&veth), "{shown}");
    let json = cn(&host, &["--json", "show", &target]).success().json();
    let eth0 = json["interfaces"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["name"] == "eth0")
        .unwrap_or_else(|| panic!("{json}"));
    assert_eq!(eth0["network"], Value::String(net.clone()));
    assert_eq!(eth0["state"], "up");
    assert_eq!(eth0["host_veth"], Value::String(veth.clone()));
    assert!(eth0["mac"].as_str().unwrap().len() == 17);
    assert!(eth0["addresses"]
        .as_array()
        .unwrap()
        .iter()
        .any(|a| a["address"]
            .as_str()
            .unwrap()
            .starts_with(&format!("{ip}/"))
            && a["lease"] == Value::String(net.clone())));
    assert!(!json["routes"].as_array().unwrap().is_empty(), "{json}");

    // check: all well
    let ok = cn(&host, &["check", &target]).success().stdout();
    assert!(ok.contains(": ok"), "{ok}");
    let ok = cn(&host, &["--json", "check", &target]).success().json();
    assert_eq!(ok["attachments"][0]["differences"], Value::Array(vec![]));

    // check: a MAC changed, the lease taken over, masquerading flushed,
    // the veth off the bridge.
    c.exec(&["ip", "link", "set", "eth0", "address", "02:00:00:00:be:ef"]);
    let lease = host.data().join(&net).join(&ip);
    std::fs::write(&lease, "someone-else\r\neth0").unwrap();
    let nat_chain = host
        .ns
        .exec(&["iptables-save", "-t", "nat"])
        .stdout()
        .lines()
        .find_map(|l| {
            l.strip_prefix(":CNICTL-N-")
                .map(|r| format!("CNICTL-N-{}", r.split(' ').next().unwrap()))
        })
        .unwrap();
    host.ns.exec(&["iptables", "-t", "nat", "-F", &nat_chain]);
    host.ns.exec(&["ip", "link", "set", &veth, "nomaster"]);
    let bad = cn(&host, &["check", &target]).expect_code(1);
    let text = bad.stdout();
    for what in ["mac:", "lease:", "masquerade:", "bridge_port:"] {
        assert!(text.contains(what), "{what} missing:\n{bad}");
    }
    assert!(text.contains(&bridge), "{bad}");
    let json = host
        .run(&["--json", "check", &target])
        .expect_code(1)
        .json();
    let whats: Vec<&str> = json["attachments"][0]["differences"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["what"].as_str().unwrap())
        .collect();
    assert!(whats.contains(&"mac") && whats.contains(&"lease"), "{json}");

    // Put the lease back so del releases it, then clean up.
    std::fs::write(&lease, format!("{}\r\neth0", c.name)).unwrap();
    cn(&host, &["del", &target]).success();
    cn(&host, &["gc", "--bridges"]).success();
    host.assert_clean(false);
}

#[test]
fn show_and_check_name_what_is_missing() {
    if !tier2() {
        return;
    }
    let host = Host::new();
    // Not found is status 3 (as the README and cnictl(1) say), and the
    // message names the target; a namespace that exists but has no
    // attachment is the same for check.
    let out = cn(&host, &["check", "netns:cnictl-no-such-ns"]).expect_code(3);
    assert!(
        out.stderr().contains("netns:cnictl-no-such-ns")
            && out
                .stderr()
                .contains("no cache entry for container id cnictl-no-such-ns"),
        "{out}"
    );
    assert_eq!(out.stdout(), "", "{out}");
    let bare = NetNs::new("seen");
    let out = cn(&host, &["--json", "check", &bare.target()]).expect_code(3);
    assert!(
        out.stderr()
            .contains(&format!("no cache entry for container id {}", bare.name)),
        "{out}"
    );
    let out = host
        .run(&["show", "netns:cnictl-no-such-ns"])
        .expect_code(3);
    assert!(out.stderr().contains("cnictl-no-such-ns"), "{out}");
}

#[test]
fn show_and_check_pick_a_container_by_id_in_a_shared_namespace() {
    if !tier2() {
        return;
    }
    // Two containers in one namespace, as a pod's have: one attachment each.
    let host = Host::new();
    let (net, _, _) = unique_net(&host, "see");
    let pod = NetNs::new("seep");
    let target = ns_arg(&pod);
    cn(&host, &["add", &target, "--net", &net, "--id", "pod-a"]).success();
    cn(
        &host,
        &[
            "add", &target, "--net", &net, "--id", "pod-b", "--ifname", "eth1",
        ],
    )
    .success();

    // Without --id neither is implied, and the error says how to choose.
    for verb in ["show", "check"] {
        let out = cn(&host, &[verb, &target]).expect_code(2);
        let said = out.stderr();
        assert!(
            said.contains("pod-a") && said.contains("pod-b") && said.contains("--id"),
            "{out}"
        );
    }

    // With --id, each sees its own attachment.
    let shown = cn(&host, &["--json", "show", &target, "--id", "pod-b"])
        .success()
        .json();
    let networks: Vec<(&str, &str)> = shown["interfaces"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|i| Some((i["name"].as_str()?, i["network"].as_str()?)))
        .collect();
    assert_eq!(networks, vec![("eth1", net.as_str())], "{shown}");
    let checked = cn(&host, &["--json", "check", &target, "--id", "pod-a"])
        .success()
        .json();
    let attachments = checked["attachments"].as_array().unwrap();
    assert_eq!(attachments.len(), 1, "{checked}");
    assert_eq!(attachments[0]["ifname"], "eth0", "{checked}");
    assert_eq!(checked["container_id"], "pod-a", "{checked}");

    // An id the CNI spec forbids is named, not looked up.
    let bad = cn(&host, &["show", &target, "--id", "no spaces"]).expect_code(2);
    assert!(bad.stderr().contains("no spaces"), "{bad}");

    for id in ["pod-a", "pod-b"] {
        cn(&host, &["del", &target, "--id", id]).success();
    }
    host.assert_clean(true);
}
