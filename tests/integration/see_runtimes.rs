//! Tier 3: `ls`, `show`, `check`, completion and `gc` with a real Docker
//! container and a real runc container, attached from a test host
//! namespace; then `gc` after `docker rm -f` and `runc delete -f` without
//! a DEL.

use serde_json::Value;

use crate::attach::Host;
use crate::containers::{DockerContainer, RuncContainer};
use crate::gc::unique_net;
use crate::tiers::tier3;
use crate::util::sh;

fn row<'a>(ls: &'a Value, id: &str) -> &'a Value {
    ls.as_array()
        .unwrap()
        .iter()
        .find(|a| a["container_id"] == id)
        .unwrap_or_else(|| panic!("{id} not in {ls}"))
}

#[test]
fn ls_show_check_and_gc_with_docker_and_runc() {
    if !tier3() {
        return;
    }
    let host = Host::new();
    let (net, _bridge, _) = unique_net(&host, "rt");
    let docker = DockerContainer::httpd("cnsd");
    let runc = RuncContainer::httpd("cnsr");
    let root = runc.root().display().to_string();
    let cnictl =
        |args: &[&str]| crate::gc::cn(&host, &[&["--runc-root", &root][..], args].concat());

    cnictl(&["add", &docker.name, "--net", &net]).success();
    cnictl(&["add", &runc.target(), "--net", &net]).success();

    // ls, as a table and as JSON.
    let table = cnictl(&["ls"]).success().stdout();
    assert!(
        table.contains(&docker.name) && table.contains("docker"),
        "{table}"
    );
    assert!(
        table.contains(&runc.target()) && table.contains("runc"),
        "{table}"
    );
    let ls = cnictl(&["--json", "ls"]).success().json();
    let d = row(&ls, &docker.id());
    assert_eq!(d["container"], Value::String(docker.name.clone()));
    assert_eq!(d["runtime"], "docker");
    assert_eq!(d["state"], "up");
    let r = row(&ls, &runc.id);
    assert_eq!(r["container"], Value::String(runc.target()));
    assert_eq!(r["runtime"], "runc");
    assert_eq!(r["state"], "up");

    // show and check, by the names a user types.
    for target in [docker.name.clone(), runc.target()] {
        let shown = cnictl(&["show", &target]).success().stdout();
        assert!(shown.contains("eth0"), "{shown}");
        assert!(shown.contains(&format!("(lease on {net})")), "{shown}");
        let json = cnictl(&["--json", "show", &target]).success().json();
        assert!(
            json["interfaces"]
                .as_array()
                .unwrap()
                .iter()
                .any(|i| i["name"] == "eth0" && i["network"] == Value::String(net.clone())),
            "{json}"
        );
        let ok = cnictl(&["check", &target]).success().stdout();
        assert!(ok.contains(": ok"), "{ok}");
        let json = cnictl(&["--json", "check", &target]).success().json();
        assert_eq!(json["attachments"][0]["differences"], Value::Array(vec![]));
    }

    // Completion offers both, by name.
    let names = cnictl(&["complete-values", "containers"])
        .success()
        .stdout();
    assert!(names.lines().any(|l| l == docker.name), "{names}");
    assert!(names.lines().any(|l| l == runc.target()), "{names}");

    // The Docker container goes without a DEL: gc releases its part only.
    let docker_id = docker.id();
    docker.remove();
    let ls = cnictl(&["--json", "ls"]).success().json();
    assert_eq!(row(&ls, &docker_id)["state"], "container_gone");
    let gc = cnictl(&["--json", "gc"]).success().json();
    let removed: Vec<(&str, Option<&str>)> = gc["removed"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["kind"].as_str().unwrap(), r["container_id"].as_str()))
        .collect();
    assert!(
        removed.contains(&("lease", Some(docker_id.as_str()))),
        "{gc}"
    );
    assert!(
        removed.contains(&("cache", Some(docker_id.as_str()))),
        "{gc}"
    );
    assert!(
        removed.iter().all(|(_, id)| *id != Some(runc.id.as_str())),
        "{gc}"
    );
    assert_eq!(host.lease_files().len(), 1);
    assert_eq!(host.cache_files().len(), 1);
    cnictl(&["check", &runc.target()]).success();

    // So does the runc container; then nothing is left.
    sh("runc", &["--root", &root, "delete", "-f", &runc.id]);
    let ls = cnictl(&["--json", "ls"]).success().json();
    assert_eq!(row(&ls, &runc.id)["state"], "container_gone");
    cnictl(&["gc", "--bridges"]).success();
    host.assert_clean(false);
}
