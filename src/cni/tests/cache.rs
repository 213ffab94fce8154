use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use serde_json::json;

use super::{cidr, ip};
use crate::cni::cache::{self, CacheEntry, CnictlRecord, ResolvConfChange, RuntimeKind};
use crate::cni::{CacheError, CniResult, CniVersion, Interface, IpConfig, Route};
use crate::config::{ConfigSource, FileKind, NetworkConfig};

const CONFIG: &str =
    r#"{"cniVersion":"1.0.0","name":"mynet","type":"bridge","bridge":"cni_bridge0"}"#;
/// `base64.b64encode(CONFIG)` in Python.
const CONFIG_BASE64: &str =
    "eyJjbmlWZXJzaW9uIjoiMS4wLjAiLCJuYW1lIjoibXluZXQiLCJ0eXBlIjoiYnJpZGdlIiwiYnJpZGdlIjoiY25pX2JyaWRnZTAifQ==";

fn network() -> NetworkConfig {
    NetworkConfig::from_bytes(
        CONFIG.as_bytes().to_vec(),
        FileKind::Single,
        ConfigSource::Stdin,
    )
    .unwrap()
}

fn result() -> CniResult {
    let mut result = CniResult::new(CniVersion::LATEST);
    result.interfaces = vec![
        Interface {
            name: "cni_bridge0".into(),
            mac: Some("8e:b3:da:b0:f9:72".into()),
            ..Interface::default()
        },
        Interface {
            name: "veth43a8dde8".into(),
            mac: Some("96:b7:ba:81:c3:b0".into()),
            ..Interface::default()
        },
        Interface {
            name: "eth0".into(),
            mac: Some("ce:29:47:4e:c0:b5".into()),
            sandbox: Some("/var/run/netns/c1".into()),
            ..Interface::default()
        },
    ];
    result.ips = vec![IpConfig {
        address: cidr("10.13.23.100/24"),
        gateway: Some(ip("10.13.23.99")),
        interface: Some(2),
    }];
    result.routes = vec![
        Route::new(cidr("0.0.0.0/0"), None),
        Route::new(cidr("1.1.1.1/32"), Some(ip("10.13.23.1"))),
    ];
    result
}

fn entry(container_id: &str) -> CacheEntry {
    let mut entry = CacheEntry::new(
        &network(),
        container_id,
        "eth0",
        Some("/var/run/netns/c1"),
        &result(),
    )
    .unwrap();
    let mut record = CnictlRecord::new("veth43a8dde8", "cni_bridge0");
    record.created_unix = 1_700_000_000;
    entry.cnictl = Some(record);
    entry
}

fn names_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn entry_json_uses_libcni_field_names_and_base64_config() {
    let mut entry = entry("ctr1");
    assert_eq!(entry.config, CONFIG.as_bytes());
    // Nothing optional set: no netns-less keys, no empty cniArgs/capabilityArgs.
    entry.netns = None;
    entry.cnictl = None;
    // The result is in the config's version (1.0.0), its keys sorted as
    // Go writes the map libcni keeps it in.
    assert_eq!(
        entry.to_json_string(),
        format!(
            concat!(
                r#"{{"kind":"cniCacheV1","containerId":"ctr1","config":"{}","ifName":"eth0","#,
                r#""networkName":"mynet","result":{{"cniVersion":"1.0.0","dns":{{}},"#,
                r#""interfaces":[{{"mac":"8e:b3:da:b0:f9:72","name":"cni_bridge0"}},"#,
                r#"{{"mac":"96:b7:ba:81:c3:b0","name":"veth43a8dde8"}},"#,
                r#"{{"mac":"ce:29:47:4e:c0:b5","name":"eth0","sandbox":"/var/run/netns/c1"}}],"#,
                r#""ips":[{{"address":"10.13.23.100/24","gateway":"10.13.23.99","interface":2}}],"#,
                r#""routes":[{{"dst":"0.0.0.0/0"}},{{"dst":"1.1.1.1/32","gw":"10.13.23.1"}}]}}}}"#
            ),
            CONFIG_BASE64
        )
    );
}

#[test]
fn every_field_in_libcni_order_then_cnictl() {
    let mut entry = entry("ctr1");
    entry.result = Some(json!({"cniVersion": "1.0.0", "dns": {}}));
    entry.cni_args = vec![
        ("IgnoreUnknown".into(), "1".into()),
        ("K8S_POD_NAME".into(), "web".into()),
    ];
    entry.capability_args.insert(
        "portMappings".into(),
        json!([{"hostPort": 8080, "containerPort": 80}]),
    );
    entry
        .capability_args
        .insert("ips".into(), json!(["10.13.23.7/24"]));
    let record = entry.cnictl.as_mut().unwrap();
    record.container_name = Some("docker1n".into());
    record.runtime = Some(RuntimeKind::Docker);
    record.resolv_conf = Some(ResolvConfChange {
        path: "/proc/42/root/etc/resolv.conf".into(),
        backup: Some("/var/lib/cnictl/resolv/ctr1".into()),
    });
    let value: serde_json::Value = serde_json::from_str(&entry.to_json_string()).unwrap();
    let keys: Vec<&String> = value.as_object().unwrap().keys().collect();
    assert_eq!(
        keys,
        [
            "kind",
            "containerId",
            "config",
            "ifName",
            "networkName",
            "netns",
            "cniArgs",
            "capabilityArgs",
            "result",
            "cnictl"
        ]
    );
    assert_eq!(value["netns"], "/var/run/netns/c1");
    assert_eq!(
        value["cniArgs"],
        json!([["IgnoreUnknown", "1"], ["K8S_POD_NAME", "web"]])
    );
    // A Go map: sorted keys.
    assert!(entry
        .to_json_string()
        .contains(r#""capabilityArgs":{"ips":["10.13.23.7/24"],"portMappings":[{"containerPort":80,"hostPort":8080}]}"#));
    assert_eq!(
        value["cnictl"],
        json!({
            "hostVeth": "veth43a8dde8",
            "bridge": "cni_bridge0",
            "containerName": "docker1n",
            "runtime": "docker",
            "resolvConf": {"path": "/proc/42/root/etc/resolv.conf", "backup": "/var/lib/cnictl/resolv/ctr1"},
            "createdUnix": 1_700_000_000
        })
    );
}

#[test]
fn write_is_atomic_private_and_reads_back() {
    let dir = tempfile::tempdir().unwrap();
    let cache_dir = dir.path().join("cni");
    let entry = entry("ctr1");
    let path = entry.write_atomic(&cache_dir).unwrap();
    assert_eq!(path, cache::cache_path(&cache_dir, "mynet", "ctr1", "eth0"));
    assert_eq!(path, cache_dir.join("results/mynet-ctr1-eth0"));
    // No temporary file left beside it.
    assert_eq!(names_in(&cache_dir.join("results")), ["mynet-ctr1-eth0"]);
    let mode = |path: &Path| fs::metadata(path).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&cache_dir.join("results")), 0o700);
    assert_eq!(mode(&path), 0o600);
    assert_eq!(fs::read_to_string(&path).unwrap(), entry.to_json_string());
    assert_eq!(cache::read(&path).unwrap(), entry);

    // Replacing it also goes through a temp file and leaves one file.
    let mut changed = entry.clone();
    changed.cni_args = vec![("IgnoreUnknown".into(), "1".into())];
    changed.write_atomic(&cache_dir).unwrap();
    assert_eq!(names_in(&cache_dir.join("results")), ["mynet-ctr1-eth0"]);
    assert_eq!(
        cache::load(&cache_dir, "mynet", "ctr1", "eth0").unwrap(),
        Some(changed)
    );

    assert!(cache::remove(&cache_dir, "mynet", "ctr1", "eth0").unwrap());
    assert!(!cache::remove(&cache_dir, "mynet", "ctr1", "eth0").unwrap());
    assert_eq!(
        cache::load(&cache_dir, "mynet", "ctr1", "eth0").unwrap(),
        None
    );
    assert!(names_in(&cache_dir.join("results")).is_empty());
}

#[test]
fn result_comes_back_as_cnictl_wrote_it() {
    let entry = entry("ctr1");
    let mut expected = result();
    expected.cni_version = CniVersion::V1_0_0;
    assert_eq!(entry.parsed_result().unwrap(), Some(expected));
}

#[test]
fn a_file_libcni_wrote_reads_and_writes_back_byte_for_byte() {
    // The shape of a real libcni entry (kubelet's kubenet, 0.2.0 config):
    // no netns, no args, and the result's keys sorted.
    let text = concat!(
        r#"{"kind":"cniCacheV1","containerId":"f89681f0fc80","config":"#,
        r#""eyJjbmlWZXJzaW9uIjoiMC4yLjAiLCJuYW1lIjoia3ViZW5ldCIsInR5cGUiOiJicmlkZ2UifQ==","#,
        r#""ifName":"eth0","networkName":"kubenet","result":{"cniVersion":"0.2.0","dns":{},"#,
        r#""ip4":{"gateway":"10.248.0.1","ip":"10.248.0.88/25","routes":[{"dst":"0.0.0.0/0"}]}}}"#
    );
    let dir = tempfile::tempdir().unwrap();
    let path = cache::cache_path(dir.path(), "kubenet", "f89681f0fc80", "eth0");
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(&path, text).unwrap();

    let entry = cache::read(&path).unwrap();
    assert_eq!(entry.cnictl, None);
    assert_eq!(entry.netns, None);
    assert_eq!(
        entry.config,
        br#"{"cniVersion":"0.2.0","name":"kubenet","type":"bridge"}"#
    );
    let result = entry.parsed_result().unwrap().unwrap();
    assert_eq!(result.cni_version, CniVersion::V0_2_0);
    assert_eq!(result.ips[0].address, cidr("10.248.0.88/25"));
    assert_eq!(result.routes, [Route::new(cidr("0.0.0.0/0"), None)]);
    assert_eq!(entry.to_json_string(), text);

    assert_eq!(
        cache::find_by_container(dir.path(), "f89681f0fc80").unwrap(),
        [(path, entry)]
    );
}

#[test]
fn a_podman_style_entry_with_args_and_nulls_reads() {
    let text = r#"{"kind":"cniCacheV1","containerId":"abc","config":null,"ifName":"eth0",
        "networkName":"podman","netns":"/run/netns/cni-1","cniArgs":[["IgnoreUnknown","1"]],
        "capabilityArgs":{"portMappings":[{"hostPort":8080,"containerPort":80,"protocol":"tcp"}]},
        "somethingNewer":true}"#;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("entry");
    fs::write(&path, text).unwrap();
    let entry = cache::read(&path).unwrap();
    assert!(entry.config.is_empty());
    assert_eq!(entry.netns.as_deref(), Some("/run/netns/cni-1"));
    assert_eq!(
        entry.cni_args,
        [("IgnoreUnknown".to_string(), "1".to_string())]
    );
    assert_eq!(entry.capability_args["portMappings"][0]["hostPort"], 8080);
    assert_eq!(entry.result, None);
    assert_eq!(entry.parsed_result().unwrap(), None);
}

#[test]
fn an_unknown_runtime_from_a_newer_cnictl_still_reads() {
    let mut value: serde_json::Value = serde_json::from_str(&entry("c").to_json_string()).unwrap();
    value["cnictl"]["runtime"] = json!("containerd");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("entry");
    fs::write(&path, value.to_string()).unwrap();
    assert_eq!(
        cache::read(&path).unwrap().cnictl.unwrap().runtime,
        Some(RuntimeKind::Other)
    );
}

#[test]
fn list_reports_bad_files_and_keeps_going() {
    let dir = tempfile::tempdir().unwrap();
    let cache_dir = dir.path();
    assert!(cache::list(cache_dir).unwrap().is_empty());

    entry("ctr1").write_atomic(cache_dir).unwrap();
    entry("ctr2").write_atomic(cache_dir).unwrap();
    let results = cache::results_dir(cache_dir);
    fs::write(results.join("garbage"), "not json {").unwrap();
    fs::write(
        results.join("legacy"),
        r#"{"cniVersion":"0.2.0","ip4":{"ip":"10.0.0.2/24"}}"#,
    )
    .unwrap();
    fs::create_dir(results.join("a-directory")).unwrap();
    fs::write(results.join(".mynet-ctr3-eth0.tmp-1-0"), "{").unwrap();

    let listed = cache::list(cache_dir).unwrap();
    let names: Vec<String> = listed
        .iter()
        .map(|(path, _)| path.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        names,
        ["garbage", "legacy", "mynet-ctr1-eth0", "mynet-ctr2-eth0"]
    );
    match &listed[0].1 {
        Err(error @ CacheError::Parse { path, .. }) => {
            assert_eq!(path, &results.join("garbage"));
            assert!(error.to_string().starts_with(&format!(
                "attachment cache file {} is not valid JSON",
                results.join("garbage").display()
            )));
        }
        other => panic!("garbage listed as {other:?}"),
    }
    assert!(matches!(&listed[1].1, Err(CacheError::WrongKind { kind, .. }) if kind.is_empty()));
    assert_eq!(listed[2].1.as_ref().unwrap().container_id, "ctr1");

    let found = cache::find_by_container(cache_dir, "ctr2").unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].0, results.join("mynet-ctr2-eth0"));
    assert_eq!(cache::find_by_network(cache_dir, "mynet").unwrap().len(), 2);
    assert!(cache::find_by_network(cache_dir, "other")
        .unwrap()
        .is_empty());
}

#[test]
fn names_that_would_leave_the_directory_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let mut bad = entry("ctr1");
    bad.container_id = "../../etc".into();
    let err = bad.write_atomic(dir.path()).unwrap_err();
    assert_eq!(
        err.to_string(),
        "container ID \"../../etc\" cannot be part of an attachment cache file name: it contains '/'"
    );
    assert!(matches!(
        cache::remove(dir.path(), "mynet", "ctr1", ""),
        Err(CacheError::InvalidKey {
            what: "interface name",
            ..
        })
    ));
    assert!(matches!(
        CacheEntry::new(&network(), "", "eth0", None, &result()),
        Err(CacheError::InvalidKey {
            what: "container ID",
            ..
        })
    ));
    assert!(!dir.path().join("results").exists());
}

#[test]
fn a_result_the_config_version_cannot_hold_is_refused() {
    let network = NetworkConfig::from_bytes(
        br#"{"cniVersion":"0.2.0","name":"old","type":"bridge"}"#.to_vec(),
        FileKind::Single,
        ConfigSource::Stdin,
    )
    .unwrap();
    let err = CacheEntry::new(
        &network,
        "c",
        "eth0",
        None,
        &CniResult::new(CniVersion::LATEST),
    )
    .unwrap_err();
    assert!(matches!(err, CacheError::Build { .. }), "{err}");
    // With an address it is cached in 0.2.0's shape.
    let entry = CacheEntry::new(&network, "c", "eth0", None, &result()).unwrap();
    assert_eq!(entry.result.unwrap()["ip4"]["ip"], "10.13.23.100/24");
}

#[test]
fn unreadable_file_error_names_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("missing");
    let err = cache::read(&path).unwrap_err();
    assert!(err
        .to_string()
        .starts_with(&format!("cannot read {}: ", path.display())));
}
