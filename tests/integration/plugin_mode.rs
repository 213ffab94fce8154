//! cnictl called as the CNI `bridge` plugin (a link named `bridge` in a
//! temp CNI bin dir). Tier 1: the protocol's answers and error objects.
//! Tier 2: the same env and config through cnictl and through
//! `/usr/lib/cni/bridge`, in twin host namespaces, for each example config
//! and cniVersion; CHECK; and attachments made in plugin mode seen and
//! removed by the CLI, and the reverse.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use serde_json::{json, Value};

use crate::attach::{observe, Host};
use crate::tiers::tier2;
use crate::util::{
    assert_loopback_up, clear_cnictl_env, data_dir, reference_plugin, unique, NetNs, Run, CNICTL,
};

/// A temp CNI bin dir holding `bridge` → cnictl, made by `plugins install`.
pub struct PluginDir {
    pub dir: tempfile::TempDir,
}

impl PluginDir {
    pub fn new() -> PluginDir {
        let dir = tempfile::tempdir().unwrap();
        let run = crate::util::run(
            crate::util::cnictl()
                .args(["plugins", "install"])
                .arg(dir.path()),
        );
        assert_eq!(run.code(), Some(0), "{run}");
        PluginDir { dir }
    }

    pub fn plugin(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }
}

/// Runs `exe` as a CNI plugin: env as given (nothing else of cnictl's),
/// config on stdin; inside `host` when given.
pub fn call(host: Option<&NetNs>, exe: &Path, env: &[(&str, &str)], stdin: &[u8]) -> Run {
    let mut cmd = match host {
        Some(ns) => {
            let mut c = Command::new("ip");
            c.args(["netns", "exec", &ns.name]).arg(exe);
            c
        }
        None => Command::new(exe),
    };
    clear_cnictl_env(&mut cmd)
        .envs(env.iter().copied())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let what = format!("{env:?} {}", exe.display());
    let mut child = cmd.spawn().unwrap();
    child.stdin.take().unwrap().write_all(stdin).unwrap();
    let output = child.wait_with_output().unwrap();
    Run { what, output }
}

fn error_object(run: &Run) -> Value {
    assert_eq!(run.code(), Some(1), "expected a plugin error:\n{run}");
    run.json()
}

#[test]
fn version_and_error_objects_as_a_plugin() {
    let bin = PluginDir::new();
    let bridge = bin.plugin("bridge");
    let conf = br#"{"cniVersion":"1.0.0","name":"n","type":"bridge"}"#;

    let version = call(None, &bridge, &[("CNI_COMMAND", "VERSION")], conf).success();
    assert_eq!(
        version.json(),
        json!({"cniVersion": "1.1.0", "supportedVersions":
            ["0.1.0", "0.2.0", "0.3.0", "0.3.1", "0.4.0", "1.0.0", "1.1.0"]})
    );
    // Without CNI_COMMAND a plugin says what it is, on stderr, as skel does.
    let about = call(None, &bridge, &[], b"").success();
    assert_eq!(about.stdout(), "");
    assert!(
        about.stderr().starts_with("CNI bridge plugin (cnictl ")
            && about
                .stderr()
                .contains("CNI protocol versions supported: 0.1.0, 0.2.0"),
        "{about}"
    );
    // Bare cnictl with CNI_COMMAND set is the bridge plugin too.
    let bare = call(None, Path::new(CNICTL), &[("CNI_COMMAND", "VERSION")], b"");
    assert_eq!(bare.success().json()["cniVersion"], "1.1.0");

    let missing = call(
        None,
        &bridge,
        &[("CNI_COMMAND", "ADD"), ("CNI_CONTAINERID", "c1")],
        conf,
    );
    assert_eq!(
        error_object(&missing),
        json!({"code": 4, "msg": "required env variables [CNI_NETNS,CNI_IFNAME,CNI_PATH] missing"})
    );
    let env = |cmd: &'static str, ifname: &'static str| {
        vec![
            ("CNI_COMMAND", cmd),
            ("CNI_CONTAINERID", "c1"),
            ("CNI_NETNS", "/nonexistent/netns"),
            ("CNI_IFNAME", ifname),
            ("CNI_PATH", "/nonexistent"),
        ]
    };
    let unknown = call(None, &bridge, &env("FOO", "eth0"), conf);
    assert_eq!(error_object(&unknown)["msg"], "unknown CNI_COMMAND: FOO");
    let long = call(None, &bridge, &env("ADD", "eth0123456789abcdef"), conf);
    assert_eq!(error_object(&long)["code"], 4);
    let garbage = call(None, &bridge, &env("ADD", "eth0"), b"{not json");
    assert_eq!(error_object(&garbage)["code"], 6);
    let newer = call(
        None,
        &bridge,
        &env("ADD", "eth0"),
        br#"{"cniVersion":"9.9.9","name":"n","type":"bridge"}"#,
    );
    let newer = error_object(&newer);
    assert_eq!(newer["code"], 1);
    assert_eq!(newer["msg"], "incompatible CNI versions");
    let old_check = call(
        None,
        &bridge,
        &env("CHECK", "eth0"),
        br#"{"cniVersion":"0.3.1","name":"n","type":"bridge"}"#,
    );
    assert_eq!(error_object(&old_check)["code"], 1);
    let mut with_args = env("ADD", "eth0");
    with_args.push(("CNI_ARGS", "K8S_POD_NAME=web"));
    let args = call(None, &bridge, &with_args, conf);
    assert_eq!(
        error_object(&args)["msg"],
        r#"ARGS: unknown args ["K8S_POD_NAME=web"]"#
    );
    let netns = call(
        None,
        &bridge,
        &env("ADD", "eth0"),
        br#"{"cniVersion":"1.0.0","name":"n","type":"bridge",
             "ipam":{"type":"host-local","subnet":"10.99.0.0/24","dataDir":"/nonexistent/d"}}"#,
    );
    let netns = error_object(&netns);
    assert_eq!(netns["code"], 4, "{netns}");
    assert_eq!(netns["cniVersion"], "1.0.0");
    assert!(!Path::new("/nonexistent/d").exists());
    // A path that exists but is no network namespace.
    let mut not_netns = env("ADD", "eth0");
    not_netns[2].1 = "/tmp";
    let not_netns = call(
        None,
        &bridge,
        &not_netns,
        br#"{"cniVersion":"1.0.0","name":"n","type":"bridge",
             "ipam":{"type":"host-local","subnet":"10.99.0.0/24","dataDir":"/nonexistent/d"}}"#,
    );
    let not_netns = error_object(&not_netns);
    assert_eq!(not_netns["code"], 4, "{not_netns}");
    assert!(not_netns["msg"].as_str().unwrap().contains("\"/tmp\""));
    assert!(!Path::new("/nonexistent/d").exists());

    // With arguments, cnictl stays the CLI even when CNI_COMMAND is set.
    let cli = crate::util::run(
        crate::util::cnictl()
            .arg("--version")
            .env("CNI_COMMAND", "ADD"),
    )
    .success();
    assert!(cli.stdout().starts_with("cnictl "), "{cli}");
}

/// Replaces what differs between equal attachments (MACs, veth names,
/// namespace paths).
fn normalize(mut result: Value) -> Value {
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

/// The example with its leases in `data` and the given cniVersion.
fn example_conf(file: &str, data: &Path, version: &str) -> Vec<u8> {
    let text = std::fs::read_to_string(data_dir().join("examples").join(file)).unwrap();
    let mut json: Value = serde_json::from_str(&text).unwrap();
    json["ipam"]["dataDir"] = json!(data.display().to_string());
    json["cniVersion"] = json!(version);
    serde_json::to_vec_pretty(&json).unwrap()
}

/// One side of the comparison: a host namespace and its data dir.
struct Side {
    host: Host,
}

impl Side {
    fn env<'a>(&'a self, cmd: &'a str, id: &'a str, netns: &'a str) -> Vec<(&'a str, &'a str)> {
        vec![
            ("CNI_COMMAND", cmd),
            ("CNI_CONTAINERID", id),
            ("CNI_NETNS", netns),
            ("CNI_IFNAME", "eth0"),
            ("CNI_PATH", "/usr/lib/cni"),
        ]
    }
}

fn leases_of(data: &Path) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for net in std::fs::read_dir(data).into_iter().flatten().flatten() {
        for f in std::fs::read_dir(net.path()).unwrap().flatten() {
            let name = f.file_name().to_string_lossy().into_owned();
            if name == "lock" {
                continue;
            }
            out.push((
                format!("{}/{name}", net.file_name().to_string_lossy()),
                std::fs::read_to_string(f.path()).unwrap(),
            ));
        }
    }
    out.sort();
    out
}

fn compare_example(file: &str, bridge_name: &str) {
    let bin = PluginDir::new();
    let ours = Side { host: Host::new() };
    let theirs = Side { host: Host::new() };
    let id = unique("pcid");
    for version in [
        "0.1.0", "0.2.0", "0.3.0", "0.3.1", "0.4.0", "1.0.0", "1.1.0",
    ] {
        let c_ours = NetNs::new("cntc");
        let c_theirs = NetNs::new("cntc");
        let ours_netns = c_ours.path().display().to_string();
        let conf_ours = example_conf(file, &ours.host.data(), version);
        // The reference (1.1.1) stops at 1.0.0, whose result shape 1.1.0 keeps.
        let reference_version = if version == "1.1.0" { "1.0.0" } else { version };
        let conf_theirs = example_conf(file, &theirs.host.data(), reference_version);
        let cache = ours.host.cache().display().to_string();
        let mut env = ours.env("ADD", &id, &ours_netns);
        env.push(("CNICTL_CACHE_DIR", &cache));
        let added = call(Some(&ours.host.ns), &bin.plugin("bridge"), &env, &conf_ours).success();
        let reference = reference_plugin(
            &theirs.host.ns,
            "bridge",
            "ADD",
            &id,
            &c_theirs.path(),
            "eth0",
            &conf_theirs,
        )
        .success();
        let (a, mut b) = (added.json(), reference.json());
        b["cniVersion"] = json!(version);
        assert_eq!(normalize(a), normalize(b), "{file} {version} result");
        assert_eq!(
            observe(&ours.host.ns, &c_ours, bridge_name, "eth0"),
            observe(&theirs.host.ns, &c_theirs, bridge_name, "eth0"),
            "{file} {version} state"
        );
        assert_eq!(
            leases_of(&ours.host.data()),
            leases_of(&theirs.host.data()),
            "{file} {version} leases"
        );

        if version.as_bytes()[0] >= b'1' || version == "0.4.0" {
            // CHECK with the result as prevResult, as libcni passes it.
            let mut with_prev: Value = serde_json::from_slice(&conf_ours).unwrap();
            with_prev["prevResult"] = added.json();
            let mut env = ours.env("CHECK", &id, &ours_netns);
            env.push(("CNICTL_CACHE_DIR", &cache));
            call(
                Some(&ours.host.ns),
                &bin.plugin("bridge"),
                &env,
                &serde_json::to_vec(&with_prev).unwrap(),
            )
            .success();
        }

        let mut env = ours.env("DEL", &id, &ours_netns);
        env.push(("CNICTL_CACHE_DIR", &cache));
        let del = call(Some(&ours.host.ns), &bin.plugin("bridge"), &env, &conf_ours).success();
        assert_eq!(del.stdout(), "", "DEL prints nothing");
        reference_plugin(
            &theirs.host.ns,
            "bridge",
            "DEL",
            &id,
            &c_theirs.path(),
            "eth0",
            &conf_theirs,
        )
        .success();
        assert_eq!(
            leases_of(&ours.host.data()),
            leases_of(&theirs.host.data()),
            "{file} {version} leases after DEL"
        );
        ours.host.assert_clean(true);
        // A second DEL finds nothing and succeeds.
        call(Some(&ours.host.ns), &bin.plugin("bridge"), &env, &conf_ours).success();
    }
}

#[test]
fn plugin_mode_matches_the_reference_for_cni_bridge_conf() {
    if !tier2() {
        return;
    }
    compare_example("cni_bridge.conf", "cni_bridge1");
}

#[test]
fn plugin_mode_matches_the_reference_for_mybridge2_conf() {
    if !tier2() {
        return;
    }
    compare_example("mybridge2.conf", "cni_bridge1");
}

#[test]
fn plugin_mode_matches_the_reference_for_10_mynet_conf() {
    if !tier2() {
        return;
    }
    compare_example("10-mynet.conf", "cni0");
}

#[test]
fn plugin_mode_matches_the_reference_for_runc_mynet_conf() {
    if !tier2() {
        return;
    }
    compare_example("runc-mynet.conf", "cnibr0");
}

#[test]
fn plugin_mode_and_the_cli_share_attachments() {
    if !tier2() {
        return;
    }
    let bin = PluginDir::new();
    let host = Host::new();
    let conf = host.install_example("cni_bridge.conf");
    let cache = host.cache().display().to_string();

    // Made by the plugin, seen by `cnictl leases`, removed by `cnictl del`.
    let container = NetNs::new("cntc");
    let netns = container.path().display().to_string();
    let id = unique("pcid");
    let env = |cmd: &'static str| -> Vec<(&'static str, String)> {
        vec![
            ("CNI_COMMAND", cmd.to_string()),
            ("CNI_CONTAINERID", id.clone()),
            ("CNI_NETNS", netns.clone()),
            ("CNI_IFNAME", "eth0".into()),
            ("CNI_PATH", "/usr/lib/cni".into()),
            ("CNICTL_CACHE_DIR", cache.clone()),
            (
                "CNI_ARGS",
                "IgnoreUnknown=1;K8S_POD_NAME=web;IP=10.13.23.150".into(),
            ),
        ]
    };
    let add_env = env("ADD");
    let add_env: Vec<(&str, &str)> = add_env.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let added = call(Some(&host.ns), &bin.plugin("bridge"), &add_env, &conf).success();
    // cni_bridge.conf says 0.2.0: the result is ip4-shaped.
    assert_eq!(added.json()["ip4"]["ip"], "10.13.23.150/24");
    let leases = host.run(&["--json", "leases"]).success().json();
    assert_eq!(leases[0]["ip"], "10.13.23.150", "{leases}");
    assert_eq!(leases[0]["container_id"], id.as_str());
    // CHECK from the cache entry alone notices a removed address.
    let check_env = env("CHECK");
    let check_env: Vec<(&str, &str)> = check_env.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let conf_check = {
        let mut v: Value = serde_json::from_slice(&conf).unwrap();
        v["cniVersion"] = json!("1.0.0");
        serde_json::to_vec(&v).unwrap()
    };
    container.exec(&["ip", "addr", "del", "10.13.23.150/24", "dev", "eth0"]);
    let check = call(
        Some(&host.ns),
        &bin.plugin("bridge"),
        &check_env,
        &conf_check,
    );
    let err = error_object(&check);
    // The summary in msg, the difference itself once, in details.
    assert!(
        err["msg"].as_str().unwrap().contains("differences)")
            && err["details"]
                .as_str()
                .unwrap()
                .contains("address: expected 10.13.23.150/24, found not on the interface")
            && !err["msg"].as_str().unwrap().contains("10.13.23.150"),
        "{err}"
    );
    host.run(&["del", &container.target(), "--id", &id])
        .success();
    host.assert_clean(true);

    // Made by the CLI, removed by the plugin's DEL.
    let container = NetNs::new("cntc");
    let id2 = unique("pcid");
    host.run(&[
        "add",
        &container.target(),
        "--id",
        &id2,
        "--net",
        "my_cni_bridge",
    ])
    .success();
    let netns2 = container.path().display().to_string();
    let del_env = [
        ("CNI_COMMAND", "DEL"),
        ("CNI_CONTAINERID", id2.as_str()),
        ("CNI_NETNS", netns2.as_str()),
        ("CNI_IFNAME", "eth0"),
        ("CNI_PATH", "/usr/lib/cni"),
        ("CNICTL_CACHE_DIR", cache.as_str()),
    ];
    call(Some(&host.ns), &bin.plugin("bridge"), &del_env, &conf).success();
    host.assert_clean(true);
}

fn hl_conf(data: &Path, version: &str) -> Vec<u8> {
    serde_json::to_vec(&json!({
        "cniVersion": version, "name": "hlnet", "type": "macvlan",
        "dns": {"nameservers": ["192.0.2.53"]},
        "ipam": {"type": "host-local", "dataDir": data.display().to_string(),
                 "ranges": [[{"subnet": "10.44.0.0/24"}], [{"subnet": "fd44::/64"}]],
                 "routes": [{"dst": "0.0.0.0/0"}, {"dst": "192.0.2.0/24", "gw": "10.44.0.254"}]}
    }))
    .unwrap()
}

#[test]
fn host_local_mode_matches_the_reference() {
    if !tier2() {
        return;
    }
    let bin = PluginDir::new();
    let (ours, theirs) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let reference = Path::new("/usr/lib/cni/host-local");
    for version in ["0.2.0", "0.3.0", "0.3.1", "0.4.0", "1.0.0"] {
        for (n, args) in [("1", ""), ("2", "IP=10.44.0.9")] {
            let id = format!("hlid{n}");
            let env = [
                ("CNI_COMMAND", "ADD"),
                ("CNI_CONTAINERID", id.as_str()),
                ("CNI_NETNS", "/var/run/netns/none"),
                ("CNI_IFNAME", "net1"),
                ("CNI_PATH", "/usr/lib/cni"),
                ("CNI_ARGS", args),
            ];
            let a = call(
                None,
                &bin.plugin("host-local"),
                &env,
                &hl_conf(ours.path(), version),
            )
            .success();
            let b = call(None, reference, &env, &hl_conf(theirs.path(), version)).success();
            assert_eq!(a.json(), b.json(), "host-local {version} {args}");
            assert_eq!(leases_of(ours.path()), leases_of(theirs.path()));
            let mut check = env;
            check[0].1 = "CHECK";
            if version >= "0.4.0" {
                call(
                    None,
                    &bin.plugin("host-local"),
                    &check,
                    &hl_conf(ours.path(), version),
                )
                .success();
            }
        }
        for n in ["1", "2"] {
            let id = format!("hlid{n}");
            let env = [
                ("CNI_COMMAND", "DEL"),
                ("CNI_CONTAINERID", id.as_str()),
                ("CNI_IFNAME", "net1"),
                ("CNI_PATH", "/usr/lib/cni"),
            ];
            call(
                None,
                &bin.plugin("host-local"),
                &env,
                &hl_conf(ours.path(), version),
            )
            .success();
            call(None, reference, &env, &hl_conf(theirs.path(), version)).success();
        }
        assert_eq!(leases_of(ours.path()), leases_of(theirs.path()));
    }
    // A lease cnictl's host-local wrote is one `cnictl leases` lists.
    let env = [
        ("CNI_COMMAND", "ADD"),
        ("CNI_CONTAINERID", "hlid3"),
        ("CNI_NETNS", "/var/run/netns/none"),
        ("CNI_IFNAME", "net1"),
        ("CNI_PATH", "/usr/lib/cni"),
    ];
    call(
        None,
        &bin.plugin("host-local"),
        &env,
        &hl_conf(ours.path(), "1.0.0"),
    )
    .success();
    let listed = crate::util::run(
        crate::util::cnictl()
            .args(["--json", "leases", "--data-dir"])
            .arg(ours.path()),
    )
    .success()
    .json();
    assert_eq!(listed.as_array().unwrap().len(), 2, "{listed}");
    assert_eq!(listed[0]["container_id"], "hlid3");
}

#[test]
fn loopback_mode_matches_the_reference() {
    if !tier2() {
        return;
    }
    let bin = PluginDir::new();
    for version in ["0.2.0", "0.3.1", "1.0.0"] {
        // lo never up, so without addresses: the kernel gives it
        // 127.0.0.1/8 and ::1 when the plugin brings it up.
        let (c1, c2) = (NetNs::pristine("cntc"), NetNs::pristine("cntc"));
        let conf = format!(r#"{{"cniVersion":"{version}","name":"lo","type":"loopback"}}"#);
        let env = |cmd: &'static str, ns: &NetNs| -> Vec<(&'static str, String)> {
            vec![
                ("CNI_COMMAND", cmd.to_string()),
                ("CNI_CONTAINERID", "loid".into()),
                ("CNI_NETNS", ns.path().display().to_string()),
                ("CNI_IFNAME", "lo".into()),
                ("CNI_PATH", "/usr/lib/cni".into()),
            ]
        };
        let e1 = env("ADD", &c1);
        let e1: Vec<(&str, &str)> = e1.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let e2 = env("ADD", &c2);
        let e2: Vec<(&str, &str)> = e2.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let a = call(None, &bin.plugin("loopback"), &e1, conf.as_bytes()).success();
        let b = call(
            None,
            Path::new("/usr/lib/cni/loopback"),
            &e2,
            conf.as_bytes(),
        )
        .success();
        assert_eq!(
            normalize(a.json()),
            normalize(b.json()),
            "loopback {version}"
        );
        assert_loopback_up(&c1);
        assert_loopback_up(&c2);
        let mut del = e1.clone();
        del[0].1 = "DEL";
        call(None, &bin.plugin("loopback"), &del, conf.as_bytes()).success();
        let down = c1.exec(&["ip", "-o", "link", "show", "lo"]).stdout();
        assert!(!down.contains(",UP"), "{down}");
    }
}

#[test]
fn gc_removes_attachments_not_in_the_valid_list_and_status_reports() {
    if !tier2() {
        return;
    }
    let bin = PluginDir::new();
    let host = Host::new();
    let cache = host.cache().display().to_string();
    let conf = |extra: Value| -> Vec<u8> {
        let mut c = json!({
            "cniVersion": "1.1.0", "name": "gcnet", "type": "bridge", "bridge": "cngcbr0",
            "isGateway": true, "ipMasq": true,
            "ipam": {"type": "host-local", "subnet": "10.66.0.0/24",
                     "dataDir": host.data().display().to_string()}
        });
        for (k, v) in extra.as_object().unwrap() {
            c[k] = v.clone();
        }
        serde_json::to_vec(&c).unwrap()
    };
    let (keep, gone) = (NetNs::new("cntc"), NetNs::new("cntc"));
    for (id, ns) in [("keepid", &keep), ("goneid", &gone)] {
        let netns = ns.path().display().to_string();
        let env = [
            ("CNI_COMMAND", "ADD"),
            ("CNI_CONTAINERID", id),
            ("CNI_NETNS", netns.as_str()),
            ("CNI_IFNAME", "eth0"),
            ("CNI_PATH", "/usr/lib/cni"),
            ("CNICTL_CACHE_DIR", cache.as_str()),
        ];
        let added = call(
            Some(&host.ns),
            &bin.plugin("bridge"),
            &env,
            &conf(json!({})),
        )
        .success()
        .json();
        // 1.1.0 results have 1.0.0's shape.
        assert_eq!(added["cniVersion"], "1.1.0");
        assert!(added["ips"][0]["address"].is_string(), "{added}");
    }
    assert_eq!(host.lease_files().len(), 2);
    assert_eq!(host.veths().len(), 2);

    let plain = [
        ("CNI_COMMAND", "STATUS"),
        ("CNI_PATH", "/usr/lib/cni"),
        ("CNICTL_CACHE_DIR", cache.as_str()),
    ];
    call(
        Some(&host.ns),
        &bin.plugin("bridge"),
        &plain,
        &conf(json!({})),
    )
    .success();
    let broken = conf(
        json!({"ipam": {"type": "host-local", "subnet": "10.66.0.0/24",
                                      "dataDir": "/proc/cnictl-nope"}}),
    );
    let status = call(Some(&host.ns), &bin.plugin("bridge"), &plain, &broken);
    assert_eq!(error_object(&status)["code"], 50, "{status}");
    let old = br#"{"cniVersion":"1.0.0","name":"gcnet","type":"bridge"}"#;
    assert_eq!(
        error_object(&call(Some(&host.ns), &bin.plugin("bridge"), &plain, old))["code"],
        1
    );

    let mut gc = plain;
    gc[0].1 = "GC";
    call(
        Some(&host.ns),
        &bin.plugin("bridge"),
        &gc,
        &conf(json!({"cni.dev/valid-attachments": [{"containerID": "keepid", "ifname": "eth0"}]})),
    )
    .success();
    assert_eq!(
        host.lease_files().into_iter().collect::<Vec<_>>(),
        vec!["gcnet/10.66.0.2".to_string()]
    );
    // Plugin mode keeps its record beside libcni's entry, never in it.
    assert_eq!(
        host.cache_files(),
        vec!["cnictl/gcnet-keepid-eth0".to_string()]
    );
    assert_eq!(host.veths().len(), 1);
    // The kept attachment is still whole.
    let netns = keep.path().display().to_string();
    let check = [
        ("CNI_COMMAND", "CHECK"),
        ("CNI_CONTAINERID", "keepid"),
        ("CNI_NETNS", netns.as_str()),
        ("CNI_IFNAME", "eth0"),
        ("CNI_PATH", "/usr/lib/cni"),
        ("CNICTL_CACHE_DIR", cache.as_str()),
    ];
    call(
        Some(&host.ns),
        &bin.plugin("bridge"),
        &check,
        &conf(json!({})),
    )
    .success();
    // GC with an empty list removes the rest, and the network's rules.
    call(Some(&host.ns), &bin.plugin("bridge"), &gc, &conf(json!({}))).success();
    host.assert_clean(true);
}

#[test]
fn plugin_mode_with_static_ipam_matches_the_reference() {
    if !tier2() {
        return;
    }
    let bin = PluginDir::new();
    let ours = Host::new();
    let theirs = Host::new();
    let conf = serde_json::to_vec(&json!({
        "cniVersion": "1.0.0", "name": "stnet", "type": "bridge", "bridge": "cnstbr1",
        "isGateway": true, "ipMasq": true,
        "ipam": {"type": "static",
                 "addresses": [{"address": "10.56.0.7/24", "gateway": "10.56.0.1"}],
                 "routes": [{"dst": "0.0.0.0/0"}]}
    }))
    .unwrap();
    let (c1, c2) = (NetNs::new("cntc"), NetNs::new("cntc"));
    let cache = ours.cache().display().to_string();
    let data = ours.data().display().to_string();
    let netns = c1.path().display().to_string();
    let env = |cmd: &'static str| {
        vec![
            ("CNI_COMMAND", cmd),
            ("CNI_CONTAINERID", "stid"),
            ("CNI_NETNS", netns.as_str()),
            ("CNI_IFNAME", "eth0"),
            ("CNI_PATH", "/usr/lib/cni"),
            ("CNICTL_CACHE_DIR", cache.as_str()),
            ("CNICTL_DATA_DIR", data.as_str()),
        ]
    };
    let a = call(Some(&ours.ns), &bin.plugin("bridge"), &env("ADD"), &conf).success();
    let b = reference_plugin(
        &theirs.ns,
        "bridge",
        "ADD",
        "stid",
        &c2.path(),
        "eth0",
        &conf,
    )
    .success();
    assert_eq!(normalize(a.json()), normalize(b.json()));
    assert_eq!(
        observe(&ours.ns, &c1, "cnstbr1", "eth0"),
        observe(&theirs.ns, &c2, "cnstbr1", "eth0")
    );
    assert_eq!(ours.lease_files().len(), 1);
    call(Some(&ours.ns), &bin.plugin("bridge"), &env("DEL"), &conf).success();
    ours.assert_clean(true);
}
