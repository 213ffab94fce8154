//! Tier 2: the result's DNS from `ipam.resolvConf`, the built-in network
//! (no `--net`, nothing configured) and its refusal next to an overlapping
//! host route, and `del` after the veth was removed from the host side.
//! Every test works in its own host namespace (`attach::Host`).

use std::fs;

use serde_json::{json, Value};

use crate::attach::{links, Host};
use crate::tiers::tier2;
use crate::util::{reference_plugin, unique, NetNs};

/// A network whose DNS comes from a resolv.conf file (and, with
/// `config_dns`, also from the config's own `dns`).
fn install_dns_network(host: &Host, name: &str, config_dns: Option<Value>) -> Vec<u8> {
    let resolv = host.dirs.path().join("resolv.conf");
    fs::write(
        &resolv,
        "# test resolver\nnameserver 192.0.2.53\nnameserver 2001:db8::53\n\
         domain corp.example\nsearch svc.corp.example corp.example\noptions ndots:2 rotate\n",
    )
    .unwrap();
    let mut config = json!({
        "cniVersion": "1.0.0",
        "name": name,
        "type": "bridge",
        "bridge": "dnsbr0",
        "isGateway": true,
        "ipam": {
            "type": "host-local",
            "subnet": "10.77.0.0/24",
            "dataDir": host.data(),
            "resolvConf": resolv,
        }
    });
    if let Some(dns) = config_dns {
        config["dns"] = dns;
    }
    let bytes = serde_json::to_vec_pretty(&config).unwrap();
    fs::write(host.conf_dir().join(format!("{name}.conf")), &bytes).unwrap();
    bytes
}

#[test]
fn resolv_conf_dns_is_in_the_add_result() {
    if !tier2() {
        return;
    }
    let host = Host::new();
    install_dns_network(&host, "dnsnet", None);
    let container = NetNs::new("cntd");
    let target = container.target();
    let added = host
        .run(&["--json", "add", &target, "--net", "dnsnet"])
        .success();
    assert_eq!(
        added.json()["dns"],
        json!({
            "nameservers": ["192.0.2.53", "2001:db8::53"],
            "domain": "corp.example",
            "search": ["svc.corp.example", "corp.example"],
            "options": ["ndots:2", "rotate"],
        })
    );

    // The reference on the same config, in a twin host. Debian 12's 1.1.1
    // bridge plugin overwrites host-local's DNS with the config's (empty)
    // `dns` and prints `{}`; from 1.2.0 it keeps it, as cnictl does.
    let twin = Host::new();
    let twin_config = install_dns_network(&twin, "dnsnet", None);
    let twin_container = NetNs::new("cntd");
    let reference = reference_plugin(
        &twin.ns,
        "bridge",
        "ADD",
        &unique("ref"),
        &twin_container.path(),
        "eth0",
        &twin_config,
    );
    assert!(reference.output.status.success(), "{reference}");
    let reference_dns = &reference.json()["dns"];
    assert!(
        *reference_dns == json!({}) || *reference_dns == added.json()["dns"],
        "the reference printed neither 1.1.1's {{}} nor cnictl's DNS: {reference_dns}"
    );

    host.run(&["del", &target]).success();
    host.assert_clean(true);
}

#[test]
fn config_dns_replaces_resolv_conf_dns_as_in_the_reference() {
    if !tier2() {
        return;
    }
    let dns = json!({"nameservers": ["198.51.100.53"], "search": ["conf.example"]});
    let host = Host::new();
    install_dns_network(&host, "dnsnet2", Some(dns.clone()));
    let container = NetNs::new("cntd");
    let target = container.target();
    let added = host
        .run(&["--json", "add", &target, "--net", "dnsnet2"])
        .success();
    assert_eq!(added.json()["dns"], dns);

    let twin = Host::new();
    let config = install_dns_network(&twin, "dnsnet2", Some(dns.clone()));
    let twin_container = NetNs::new("cntd");
    let reference = reference_plugin(
        &twin.ns,
        "bridge",
        "ADD",
        &unique("ref"),
        &twin_container.path(),
        "eth0",
        &config,
    );
    assert!(reference.output.status.success(), "{reference}");
    assert_eq!(reference.json()["dns"], dns, "same as the reference");

    host.run(&["del", &target]).success();
    host.assert_clean(true);
}

#[test]
fn an_unreadable_resolv_conf_is_refused_before_any_change() {
    if !tier2() {
        return;
    }
    let host = Host::new();
    install_dns_network(&host, "dnsnet3", None);
    fs::remove_file(host.dirs.path().join("resolv.conf")).unwrap();
    let container = NetNs::new("cntd");
    let out = host.run(&["add", &container.target(), "--net", "dnsnet3"]);
    assert_eq!(out.code(), Some(4), "{out}");
    let missing = host.dirs.path().join("resolv.conf");
    assert!(
        out.stderr().contains(&missing.display().to_string()),
        "names the file:\n{out}"
    );
    assert!(out.stderr().contains("resolvConf"), "{out}");
    host.assert_clean(false);
}

/// `cnictl --data-dir <host's> ARGS`: the built-in network has no dataDir,
/// and its leases must stay in the test's own directory.
fn with_data_dir<'a>(host: &'a Host, args: &[&'a str]) -> Vec<String> {
    let mut all = vec!["--data-dir".to_string(), host.data().display().to_string()];
    all.extend(args.iter().map(|a| a.to_string()));
    all
}

fn run(host: &Host, args: &[&str]) -> crate::util::Run {
    let args = with_data_dir(host, args);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    host.run(&args)
}

#[test]
fn the_built_in_network_works_without_any_config() {
    if !tier2() {
        return;
    }
    let host = Host::new();
    let (a, b) = (NetNs::new("cntn"), NetNs::new("cntn"));
    let first = run(&host, &["--json", "add", &a.target()]).success();
    assert_eq!(first.json()["ips"][0]["address"], "10.203.0.2/24");
    // The second sees the first's route on cnictl0: its own, no conflict.
    run(&host, &["add", &b.target()]).success();
    assert!(
        links(&host.ns)
            .iter()
            .any(|(name, kind)| name == "cnictl0" && kind == "bridge"),
        "{:?}",
        links(&host.ns)
    );

    let leases = run(&host, &["--json", "leases"]).success().json();
    let leased: Vec<(String, String)> = leases
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            (
                l["network"].as_str().unwrap().to_string(),
                l["ip"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        leased,
        [
            ("cnictl".to_string(), "10.203.0.2".to_string()),
            ("cnictl".to_string(), "10.203.0.3".to_string())
        ]
    );

    run(&host, &["del", &a.target()]).success();
    run(&host, &["del", &b.target()]).success();
    host.assert_clean(true);
}

#[test]
fn the_built_in_network_is_refused_next_to_an_overlapping_route() {
    if !tier2() {
        return;
    }
    let host = Host::new();
    // No dummy module here: one end of a veth pair stands in for a NIC
    // whose network contains the default subnet.
    let (nic, peer) = (unique("nic"), unique("nip"));
    host.ns.exec(&[
        "ip", "link", "add", &nic, "type", "veth", "peer", "name", &peer,
    ]);
    host.ns
        .exec(&["ip", "addr", "add", "10.203.7.1/16", "dev", &nic]);
    host.ns.exec(&["ip", "link", "set", &peer, "up"]);
    host.ns.exec(&["ip", "link", "set", &nic, "up"]);

    let container = NetNs::new("cntn");
    let out = run(&host, &["add", &container.target()]);
    assert_eq!(out.code(), Some(1), "{out}");
    for part in ["10.203.0.0/24", "10.203.0.0/16", nic.as_str(), "--net"] {
        assert!(out.stderr().contains(part), "want {part:?}:\n{out}");
    }
    host.assert_clean(false);
    assert_eq!(links(&container).len(), 1, "the container keeps only lo");

    // Naming a network of one's own is the way out.
    host.install_example("cni_bridge.conf");
    run(
        &host,
        &["add", &container.target(), "--net", "my_cni_bridge"],
    )
    .success();
    run(&host, &["del", &container.target()]).success();
    host.assert_clean(true);
}

#[test]
fn del_succeeds_after_the_veth_was_removed_from_the_host_side() {
    if !tier2() {
        return;
    }
    let host = Host::new();
    host.install_example("cni_bridge.conf");
    let container = NetNs::new("cntv");
    let target = container.target();
    host.run(&["add", &target, "--net", "my_cni_bridge"])
        .success();
    let veths = host.veths();
    assert_eq!(veths.len(), 1, "{veths:?}");
    host.ns.exec(&["ip", "link", "del", &veths[0]]);
    assert_eq!(links(&container).len(), 1, "eth0 went with its peer");

    let out = host.run(&["del", &target]).success();
    assert!(out.stdout().contains("10.13.23.100"), "{out}");
    host.assert_clean(true);
    host.run(&["del", &target]).success();
}
