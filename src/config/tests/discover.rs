use std::fs;

use super::{examples_dir, fixture};
use crate::config::discover::{discover, find_network};
use crate::config::error::ConfigError;
use crate::config::load::ConfigSource;

#[test]
fn discovery_lists_config_files_in_byte_order() {
    let files = discover(&examples_dir()).unwrap();
    let names: Vec<String> = files.iter().map(|f| f.file_name()).collect();
    assert_eq!(
        names,
        [
            "10-flannel.conf",
            "10-macvlan.conf",
            "10-mynet.conf",
            "99-loopback.conf",
            "cni_bridge.conf",
            "mybridge2.conf",
            "runc-mynet.conf",
        ]
    );
    let network_names: Vec<Option<&str>> = files.iter().map(|f| f.network_name()).collect();
    assert_eq!(
        network_names,
        [
            Some("mynet"),
            Some("mynet"),
            Some("mynet"),
            None,
            Some("my_cni_bridge"),
            Some("mybridge"),
            Some("mynet"),
        ]
    );
}

#[test]
fn first_file_in_sorted_order_wins_and_later_duplicates_are_warned_about() {
    let dir = examples_dir();
    let found = find_network(&dir, "mynet").unwrap();
    assert_eq!(
        found.config.source,
        ConfigSource::File(dir.join("10-flannel.conf"))
    );
    assert_eq!(found.config.plugins[0].plugin_type, "flannel");
    assert_eq!(
        found.warnings,
        [
            "network \"mynet\" is also defined in 10-macvlan.conf, which is ignored: 10-flannel.conf comes first in file-name order",
            "network \"mynet\" is also defined in 10-mynet.conf, which is ignored: 10-flannel.conf comes first in file-name order",
            "network \"mynet\" is also defined in runc-mynet.conf, which is ignored: 10-flannel.conf comes first in file-name order",
        ]
    );
    let unique = find_network(&dir, "my_cni_bridge").unwrap();
    assert_eq!(
        unique.config.source,
        ConfigSource::File(dir.join("cni_bridge.conf"))
    );
    assert!(unique.warnings.is_empty());
}

#[test]
fn not_found_lists_the_valid_names() {
    let dir = examples_dir();
    let err = find_network(&dir, "nope").unwrap_err();
    assert_eq!(
        err.to_string(),
        format!(
            "network \"nope\" not found in {} (found: my_cni_bridge, mybridge, mynet)",
            dir.display()
        )
    );
}

#[test]
fn not_found_in_an_empty_dir_says_so() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("README.md"), "not a config").unwrap();
    let err = find_network(dir.path(), "mybridge").unwrap_err();
    assert_eq!(
        err.to_string(),
        format!(
            "network \"mybridge\" not found in {} (no network configs there)",
            dir.path().display()
        )
    );
}

#[test]
fn missing_conf_dir_says_how_to_point_elsewhere() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("net.d");
    let err = find_network(&missing, "mybridge").unwrap_err();
    assert_eq!(
        err.to_string(),
        format!(
            "network \"mybridge\" not found: conf dir {} does not exist; point --conf-dir or NETCONFPATH at the directory that holds your network configs",
            missing.display()
        )
    );
    assert_eq!(
        discover(&missing).unwrap_err().to_string(),
        format!(
            "conf dir {} does not exist; create it, or point --conf-dir or NETCONFPATH at the directory that holds your network configs",
            missing.display()
        )
    );
}

#[test]
fn an_invalid_file_does_not_hide_the_others() {
    let dir = tempfile::tempdir().unwrap();
    for name in ["30-broken.conf", "87-podman-bridge.conflist"] {
        fs::copy(fixture(name), dir.path().join(name)).unwrap();
    }
    fs::copy(
        examples_dir().join("cni_bridge.conf"),
        dir.path().join("cni_bridge.conf"),
    )
    .unwrap();
    fs::create_dir(dir.path().join("sub.conf")).unwrap();

    let files = discover(dir.path()).unwrap();
    let names: Vec<String> = files.iter().map(|f| f.file_name()).collect();
    assert_eq!(
        names,
        [
            "30-broken.conf",
            "87-podman-bridge.conflist",
            "cni_bridge.conf"
        ]
    );
    let broken = files[0].loaded.as_ref().unwrap_err();
    assert_eq!(
        broken.to_fault().message,
        "invalid JSON at line 4, column 19: key must be a string"
    );
    assert_eq!(files[1].network_name(), Some("podman"));
    assert_eq!(files[2].network_name(), Some("my_cni_bridge"));

    assert_eq!(
        find_network(dir.path(), "podman")
            .unwrap()
            .config
            .name
            .as_deref(),
        Some("podman")
    );
    assert_eq!(
        find_network(dir.path(), "broken").unwrap_err().to_string(),
        format!(
            "network \"broken\" not found in {} (found: my_cni_bridge, podman; could not read 30-broken.conf: run `cnictl net ls` to see why)",
            dir.path().display()
        )
    );
}

#[test]
fn net_may_be_a_path() {
    let dir = examples_dir();
    let by_path = dir.join("mybridge2.conf");
    let found = find_network(&dir, by_path.to_str().unwrap()).unwrap();
    assert_eq!(found.config.name.as_deref(), Some("mybridge"));

    // A bare file name ending in a config extension is looked up in the dir.
    let found = find_network(&dir, "99-loopback.conf").unwrap();
    assert_eq!(found.config.plugins[0].plugin_type, "loopback");
    assert_eq!(
        found.config.source,
        ConfigSource::File(dir.join("99-loopback.conf"))
    );

    // A conflist given by path outside any conf dir.
    let found = find_network(&dir, fixture("87-podman-bridge.conflist").to_str().unwrap()).unwrap();
    assert!(found.config.is_list);

    let missing = dir.join("nope.conf");
    let err = find_network(&dir, missing.to_str().unwrap()).unwrap_err();
    assert!(matches!(err, ConfigError::NetworkFileMissing { .. }));
    assert_eq!(
        err.to_string(),
        format!(
            "network config file {} does not exist; check the path given to --net",
            missing.display()
        )
    );
}
