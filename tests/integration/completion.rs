//! Tier 1: the generated bash completion completes live values: network
//! names from the conf dir after `--net`, container names from the
//! attachment cache as the TARGET of `add`; and `complete-values` still
//! answers, silently, when Docker is missing or does not answer.

use std::fs;
use std::path::Path;
use std::process::Command;

use crate::tiers::tool;
use crate::util::{clean_env, cnictl, data_dir, run, run_unless_hung, CNICTL};

/// Runs the checked-in bash script's completion function for `words`
/// (the last one being the word under the cursor) and returns COMPREPLY.
fn complete(words: &[&str], conf: &Path, cache: &Path, docker_host: &str) -> Vec<String> {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("completions/cnictl.bash");
    let quoted: Vec<String> = words.iter().map(|w| format!("'{w}'")).collect();
    let program = format!(
        "source '{}'\nCOMP_WORDS=({})\nCOMP_CWORD={}\nCOMP_LINE='{}'\nCOMP_POINT=${{#COMP_LINE}}\n\
         _cnictl_live cnictl '{}' '{}'\nprintf '%s\\n' \"${{COMPREPLY[@]}}\"\n",
        script.display(),
        quoted.join(" "),
        words.len() - 1,
        words.join(" "),
        words[words.len() - 1],
        words[words.len() - 2],
    );
    let bin_dir = Path::new(CNICTL).parent().unwrap();
    let path = format!(
        "{}:{}",
        bin_dir.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let out = run(clean_env(&mut Command::new("bash"))
        .arg("-c")
        .arg(&program)
        .env("PATH", path)
        .env("NETCONFPATH", conf)
        .env("CNICTL_CACHE_DIR", cache)
        .env("DOCKER_HOST", docker_host))
    .success();
    out.stdout()
        .lines()
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect()
}

fn cache_entry(cache: &Path, network: &str, id: &str, name: &str) {
    let dir = cache.join("results");
    fs::create_dir_all(&dir).unwrap();
    let entry = serde_json::json!({
        "kind": "cniCacheV1",
        "containerId": id,
        "config": "e30=",
        "ifName": "eth0",
        "networkName": network,
        "cnictl": {
            "hostVeth": "veth0123",
            "bridge": "cni0",
            "containerName": name,
            "runtime": "docker",
            "createdUnix": 1
        }
    });
    fs::write(
        dir.join(format!("{network}-{id}-eth0")),
        serde_json::to_vec(&entry).unwrap(),
    )
    .unwrap();
}

#[test]
fn bash_completes_live_networks_and_containers() {
    let dirs = tempfile::tempdir().unwrap();
    let conf = dirs.path().join("conf");
    let cache = dirs.path().join("cache");
    fs::create_dir_all(&conf).unwrap();
    for file in ["mybridge2.conf", "10-mynet.conf"] {
        fs::copy(data_dir().join("examples").join(file), conf.join(file)).unwrap();
    }
    cache_entry(&cache, "mynet", "0123456789ab", "webfront");
    let no_docker = format!("unix://{}/no-docker.sock", dirs.path().display());

    let targets = complete(&["cnictl", "add", ""], &conf, &cache, &no_docker);
    assert!(targets.contains(&"webfront".to_string()), "{targets:?}");
    let webs = complete(&["cnictl", "show", "web"], &conf, &cache, &no_docker);
    assert_eq!(webs, vec!["webfront".to_string()]);

    let nets = complete(
        &["cnictl", "add", "x", "--net", ""],
        &conf,
        &cache,
        &no_docker,
    );
    assert_eq!(nets, vec!["mybridge".to_string(), "mynet".to_string()]);
    let nets = complete(
        &["cnictl", "add", "x", "--net", "myb"],
        &conf,
        &cache,
        &no_docker,
    );
    assert_eq!(nets, vec!["mybridge".to_string()]);

    // Past the TARGET, flags again (from clap's part of the script).
    let flags = complete(&["cnictl", "add", "x", "--"], &conf, &cache, &no_docker);
    assert!(flags.contains(&"--net".to_string()), "{flags:?}");

    // A name with a colon: bash replaces only what follows the colon.
    cache_entry(&cache, "mynet", "c1", "c1");
    fs::write(
        cache.join("results/mynet-c1-eth0"),
        fs::read_to_string(cache.join("results/mynet-c1-eth0"))
            .unwrap()
            .replace("\"docker\"", "\"runc\""),
    )
    .unwrap();
    let runc = complete(&["cnictl", "del", "runc:"], &conf, &cache, &no_docker);
    assert_eq!(runc, vec!["c1".to_string()]);
}

/// How fast a <TAB> is belongs to the benchmark; what is tested here is that
/// it answers at all, from the cache, and says nothing, whether Docker is
/// missing or hung.
#[test]
fn complete_values_answers_from_the_cache_and_quietly_without_docker() {
    let dirs = tempfile::tempdir().unwrap();
    let cache = dirs.path().join("cache");
    cache_entry(&cache, "mynet", "0123456789ab", "webfront");
    // A socket that accepts connections but never answers: a hung daemon.
    let hung = dirs.path().join("hung.sock");
    let _listener = std::os::unix::net::UnixListener::bind(&hung).unwrap();
    for docker_host in [
        format!("unix://{}/none.sock", dirs.path().display()),
        format!("unix://{}", hung.display()),
    ] {
        let out = run_unless_hung(
            cnictl()
                .args(["complete-values", "containers"])
                .env("CNICTL_CACHE_DIR", &cache)
                .env("DOCKER_HOST", &docker_host),
        )
        .success();
        assert!(out.stderr().is_empty(), "{out}");
        assert!(
            out.stdout().lines().any(|l| l == "webfront"),
            "{docker_host}: the cached container is not offered:\n{out}"
        );
    }
    // A conf dir that does not exist: no candidates, no message.
    let out = run(cnictl()
        .args(["complete-values", "networks"])
        .env("NETCONFPATH", dirs.path().join("missing")))
    .success();
    assert_eq!(out.stdout(), "");
    assert_eq!(out.stderr(), "");
}

#[test]
fn fish_completes_live_networks_and_containers() {
    if !tool("fish", "fish") {
        return;
    }
    let dirs = tempfile::tempdir().unwrap();
    let conf = dirs.path().join("conf");
    let cache = dirs.path().join("cache");
    fs::create_dir_all(&conf).unwrap();
    fs::copy(
        data_dir().join("examples/10-mynet.conf"),
        conf.join("10-mynet.conf"),
    )
    .unwrap();
    cache_entry(&cache, "mynet", "0123456789ab", "webfront");
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("completions/cnictl.fish");
    let bin_dir = Path::new(CNICTL).parent().unwrap();
    let complete = |line: &str| -> Vec<String> {
        let program = format!("source '{}'; complete -C'{line}'", script.display());
        let out = run(clean_env(&mut Command::new("fish"))
            .args(["--no-config", "-c", &program])
            .env(
                "PATH",
                format!(
                    "{}:{}",
                    bin_dir.display(),
                    std::env::var("PATH").unwrap_or_default()
                ),
            )
            .env("NETCONFPATH", &conf)
            .env("CNICTL_CACHE_DIR", &cache)
            .env(
                "DOCKER_HOST",
                format!("unix://{}/none.sock", dirs.path().display()),
            ))
        .success();
        out.stdout()
            .lines()
            .map(|l| l.split('\t').next().unwrap().to_string())
            .collect()
    };
    assert!(complete("cnictl add ").contains(&"webfront".to_string()));
    assert_eq!(complete("cnictl add x --net "), vec!["mynet".to_string()]);
}
