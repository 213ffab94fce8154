//! Tier 1: the binary's behaviour that needs no root: help, version, exit
//! statuses, `net ls`, `net validate`, `leases`, JSON, and a closed pipe.

use std::fs;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::Stdio;

use crate::util::{cnictl, data_dir, run};

/// Writes a lease exactly as host-local does: `<id>\r\n<ifname>`.
fn write_lease(dir: &Path, network: &str, ip: &str, id: &str, ifname: &str) {
    let net_dir = dir.join(network);
    fs::create_dir_all(&net_dir).unwrap();
    fs::write(net_dir.join(ip), format!("{id}\r\n{ifname}")).unwrap();
}

fn examples() -> std::path::PathBuf {
    data_dir().join("examples")
}

#[test]
fn version_and_help() {
    let version = run(cnictl().arg("--version")).success();
    assert_eq!(
        version.stdout(),
        format!("cnictl {}\n", env!("CARGO_PKG_VERSION"))
    );
    let help = run(cnictl().arg("--help")).success().stdout();
    for word in [
        "net",
        "leases",
        "completions",
        "--conf-dir",
        "--data-dir",
        "--json",
        "Exit status:",
    ] {
        assert!(help.contains(word), "--help lacks {word}:\n{help}");
    }
}

#[test]
fn usage_errors_exit_2() {
    let out = run(cnictl().arg("frobnicate")).expect_code(2);
    assert!(out.stderr().contains("unrecognized subcommand"), "{out}");
}

#[test]
fn net_ls_lists_every_example_in_file_order() {
    let empty_data = tempfile::tempdir().unwrap();
    let out = run(cnictl()
        .args(["--json", "net", "ls", "--conf-dir"])
        .arg(examples())
        .arg("--data-dir")
        .arg(empty_data.path()))
    .success();
    let json = out.json();
    let files: Vec<&str> = json
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["file"].as_str().unwrap().rsplit('/').next().unwrap())
        .collect();
    assert_eq!(
        files,
        [
            "10-flannel.conf",
            "10-macvlan.conf",
            "10-mynet.conf",
            "99-loopback.conf",
            "cni_bridge.conf",
            "mybridge2.conf",
            "runc-mynet.conf"
        ],
        "{out}"
    );
    let bridge = json
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["name"] == "my_cni_bridge")
        .unwrap();
    assert_eq!(bridge["bridge"], "cni_bridge1");
    assert_eq!(bridge["subnets"], serde_json::json!(["10.13.23.0/24"]));
    assert_eq!(bridge["gateways"], serde_json::json!(["10.13.23.99"]));
    assert_eq!(bridge["leases"], 0);
    assert!(bridge["error"].is_null());
}

#[test]
fn net_ls_shows_an_invalid_file_without_hiding_the_others() {
    let conf = tempfile::tempdir().unwrap();
    fs::copy(
        examples().join("cni_bridge.conf"),
        conf.path().join("20-good.conf"),
    )
    .unwrap();
    fs::write(
        conf.path().join("10-broken.conf"),
        "{\"name\": \"broken\",\n \"type\": }",
    )
    .unwrap();
    let out = run(cnictl()
        .arg("net")
        .arg("ls")
        .arg("--conf-dir")
        .arg(conf.path()))
    .success();
    let text = out.stdout();
    assert!(
        text.contains("my_cni_bridge") && text.contains("cni_bridge1"),
        "{out}"
    );
    assert!(
        text.contains("10-broken.conf") && text.contains("line 2"),
        "{out}"
    );
}

#[test]
fn net_validate_accepts_every_example() {
    let out = run(cnictl()
        .args(["net", "validate", "--conf-dir"])
        .arg(examples()))
    .success();
    assert!(out.stdout().contains("cni_bridge.conf"), "{out}");
}

#[test]
fn net_validate_reports_each_fault_with_file_field_and_exit_4() {
    let conf = tempfile::tempdir().unwrap();
    fs::write(
        conf.path().join("bad.conf"),
        r#"{"cniVersion":"0.3.1","name":"bad","type":"bridge","bridge":"a-bridge-name-too-long",
            "ipam":{"type":"host-local","subnet":"10.1.2.3/24","gateway":"10.9.9.9"}}"#,
    )
    .unwrap();
    let out = run(cnictl()
        .args(["net", "validate", "--conf-dir"])
        .arg(conf.path()))
    .expect_code(4);
    let text = out.stdout();
    assert!(text.contains("bad.conf"), "{out}");
    assert!(
        text.contains("bridge") && text.contains("15"),
        "bridge name fault missing: {out}"
    );
    assert!(
        text.contains("ipam.subnet") && text.contains("10.1.2.0/24"),
        "subnet fault missing: {out}"
    );
    let json = run(cnictl()
        .args(["--json", "net", "validate", "--conf-dir"])
        .arg(conf.path()))
    .expect_code(4)
    .json();
    let faults = json[0]["faults"].as_array().unwrap();
    assert!(faults.len() >= 2, "{json}");
    assert!(faults
        .iter()
        .all(|f| f["field"].is_string() && f["message"].is_string() && f["fix"].is_string()));
}

#[test]
fn unknown_network_is_exit_3_and_names_what_exists() {
    let out = run(cnictl()
        .args(["leases", "--net", "nope", "--conf-dir"])
        .arg(examples()))
    .expect_code(3);
    let err = out.stderr();
    assert!(err.contains("network \"nope\" not found in"), "{out}");
    assert!(
        err.contains("my_cni_bridge") && err.contains("mybridge"),
        "{out}"
    );
}

#[test]
fn leases_table_and_json() {
    let data = tempfile::tempdir().unwrap();
    let id = "f53525a26eb4ef284686d89b0293afa748e63810b78971b170ff63aef030eb3f";
    write_lease(data.path(), "my_cni_bridge", "10.13.23.101", id, "eth0");
    write_lease(data.path(), "my_cni_bridge", "10.13.23.100", "web1", "eth1");
    fs::write(
        data.path().join("my_cni_bridge/last_reserved_ip.0"),
        "10.13.23.101",
    )
    .unwrap();
    fs::write(data.path().join("my_cni_bridge/lock"), "").unwrap();

    let table = run(cnictl()
        .args(["leases", "--conf-dir"])
        .arg(examples())
        .arg("--data-dir")
        .arg(data.path()))
    .success()
    .stdout();
    let lines: Vec<&str> = table.lines().collect();
    assert_eq!(lines.len(), 3, "{table}");
    assert!(
        lines[0].contains("NETWORK") && lines[0].contains("IP"),
        "{table}"
    );
    // Sorted by address; ids cut to 12 characters in the table.
    assert!(
        lines[1].contains("10.13.23.100") && lines[1].contains("web1"),
        "{table}"
    );
    assert!(
        lines[2].contains("10.13.23.101") && lines[2].contains("f53525a26eb4 "),
        "{table}"
    );
    assert!(!table.contains(id), "full id in table: {table}");

    let json = run(cnictl()
        .args(["--json", "leases", "--data-dir"])
        .arg(data.path())
        .arg("--conf-dir")
        .arg(examples()))
    .success()
    .json();
    assert_eq!(json[1]["network"], "my_cni_bridge");
    assert_eq!(json[1]["ip"], "10.13.23.101");
    assert_eq!(json[1]["container_id"], id);
    assert_eq!(json[1]["ifname"], "eth0");
}

#[test]
fn leases_of_an_absent_data_dir_is_an_empty_list() {
    let data = tempfile::tempdir().unwrap();
    let json = run(cnictl()
        .args(["--json", "leases", "--data-dir"])
        .arg(data.path().join("does-not-exist"))
        .arg("--conf-dir")
        .arg(data.path()))
    .success()
    .json();
    assert_eq!(json, serde_json::json!([]));
}

#[test]
fn defaults_file_sets_dirs_and_flags_win() {
    let data = tempfile::tempdir().unwrap();
    write_lease(data.path(), "filenet", "10.1.0.2", "from-file", "eth0");
    let env_dir = tempfile::tempdir().unwrap();
    write_lease(env_dir.path(), "envnet", "10.2.0.2", "from-env", "eth0");
    let flag_dir = tempfile::tempdir().unwrap();
    write_lease(flag_dir.path(), "flagnet", "10.3.0.2", "from-flag", "eth0");
    let defaults = data.path().join("cnictl.toml");
    fs::write(
        &defaults,
        format!(
            "data_dir = \"{}\"\nconf_dir = \"{}\"\n",
            data.path().display(),
            examples().display()
        ),
    )
    .unwrap();

    let from_file = run(cnictl()
        .env("CNICTL_CONFIG", &defaults)
        .args(["--json", "leases"]))
    .success()
    .json();
    assert_eq!(from_file[0]["container_id"], "from-file", "{from_file}");

    // The environment beats the file.
    let from_env = run(cnictl()
        .env("CNICTL_CONFIG", &defaults)
        .env("CNICTL_DATA_DIR", env_dir.path())
        .args(["--json", "leases"]))
    .success()
    .json();
    assert_eq!(from_env[0]["container_id"], "from-env", "{from_env}");

    // A flag beats the file, and the environment too.
    let from_flag = run(cnictl()
        .env("CNICTL_CONFIG", &defaults)
        .args(["--json", "leases", "--data-dir"])
        .arg(flag_dir.path()))
    .success()
    .json();
    assert_eq!(from_flag[0]["container_id"], "from-flag", "{from_flag}");
    let over_env = run(cnictl()
        .env("CNICTL_CONFIG", &defaults)
        .env("CNICTL_DATA_DIR", env_dir.path())
        .args(["--json", "leases", "--data-dir"])
        .arg(flag_dir.path()))
    .success()
    .json();
    assert_eq!(over_env[0]["container_id"], "from-flag", "{over_env}");
    // The file's other setting (conf_dir) still applies beside the flag:
    // the example networks are what `net ls` lists.
    let nets = run(cnictl()
        .env("CNICTL_CONFIG", &defaults)
        .args(["--json", "net", "ls", "--data-dir"])
        .arg(flag_dir.path()))
    .success()
    .json();
    assert!(
        nets.as_array()
            .unwrap()
            .iter()
            .any(|n| n["name"] == "my_cni_bridge"),
        "{nets}"
    );
}

#[test]
fn malformed_defaults_file_names_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let defaults = dir.path().join("cnictl.toml");
    fs::write(&defaults, "data_dir = [\n").unwrap();
    let out = run(cnictl().env("CNICTL_CONFIG", &defaults).arg("leases"));
    assert_ne!(out.code(), Some(0), "{out}");
    assert!(out.stderr().contains("cnictl.toml"), "{out}");
}

#[test]
fn closed_pipe_ends_quietly_with_status_0() {
    let data = tempfile::tempdir().unwrap();
    let net = data.path().join("bignet");
    fs::create_dir_all(&net).unwrap();
    // Well over a pipe buffer (64 KiB) of output, so cnictl is still writing
    // when the reader goes away.
    for i in 0..4000u32 {
        let ip = format!("10.{}.{}.{}", 50 + i / 65536, (i / 256) % 256, i % 256);
        fs::write(net.join(&ip), format!("container-{i:0>40}\r\neth0")).unwrap();
    }
    let mut child = cnictl()
        .args(["--json", "leases", "--data-dir"])
        .arg(data.path())
        .arg("--conf-dir")
        .arg(data.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    assert_eq!(first, "[\n");
    // The reader is dropped here: stdout is closed under cnictl.
    let output = child.wait_with_output().unwrap();
    assert!(output.status.success(), "status {:?}", output.status);
    assert!(
        output.stderr.is_empty(),
        "stderr: {}",
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn completions_print_a_script() {
    let out = run(cnictl().args(["completions", "bash"])).success();
    assert!(out.stdout().contains("_cnictl()"), "{out}");
}
