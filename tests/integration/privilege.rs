//! What cnictl does without privilege, run for real: as user nobody
//! (`setpriv` when the tests run as root, as the calling user otherwise),
//! so root's CAP_DAC_OVERRIDE and CAP_NET_ADMIN cannot hide the case.
//! Tier 1, but for the one test that grants CAP_NET_ADMIN inside a test
//! host namespace (tier 2).

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::Command;

use crate::attach::Host;
use crate::tiers::tier2;
use crate::util::{clean_env, data_dir, run, NetNs, CNICTL};

fn is_root() -> bool {
    // SAFETY: geteuid has no preconditions and cannot fail.
    unsafe { libc::geteuid() == 0 }
}

/// `cnictl` as nobody, with `extra_setpriv` (capabilities) when root.
fn cnictl_as_nobody(extra_setpriv: &[&str]) -> Command {
    let mut cmd = if is_root() {
        let mut cmd = Command::new("setpriv");
        cmd.args(["--reuid=65534", "--regid=65534", "--clear-groups"])
            .args(extra_setpriv)
            .arg(CNICTL);
        cmd
    } else {
        Command::new(CNICTL)
    };
    clean_env(&mut cmd);
    cmd
}

/// A temp dir nobody can walk into (tempfile makes them 0700).
fn open_tempdir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    fs::set_permissions(dir.path(), fs::Permissions::from_mode(0o755)).unwrap();
    dir
}

fn mkdir(path: &Path, mode: u32) {
    fs::create_dir_all(path).unwrap();
    fs::set_permissions(path, fs::Permissions::from_mode(mode)).unwrap();
}

#[test]
fn an_unreadable_lease_store_is_a_permission_error_naming_the_dir() {
    let dirs = open_tempdir();
    let data = dirs.path().join("data");
    mkdir(&data, 0o755);
    let net = data.join("n");
    mkdir(&net, 0o755);
    fs::write(net.join("10.0.0.2"), "c\r\neth0").unwrap();
    fs::set_permissions(&net, fs::Permissions::from_mode(0o000)).unwrap();
    let conf = dirs.path().join("conf");
    mkdir(&conf, 0o755);
    let out = run(cnictl_as_nobody(&[])
        .args(["--json", "leases", "--data-dir"])
        .arg(&data)
        .arg("--conf-dir")
        .arg(&conf));
    // Readable again, so the temp dir can go.
    fs::set_permissions(&net, fs::Permissions::from_mode(0o755)).unwrap();
    let out = out.expect_code(5);
    assert_eq!(
        out.stderr(),
        format!(
            "cnictl: permission denied: cannot read lease directory {} \
             (the lease store belongs to root: run with sudo)\n",
            net.display()
        ),
        "{out}"
    );
    assert_eq!(out.stdout(), "", "{out}");
}

#[test]
fn add_without_cap_net_admin_says_it_needs_root_and_changes_nothing() {
    let dirs = open_tempdir();
    let conf = dirs.path().join("conf");
    mkdir(&conf, 0o755);
    fs::copy(
        data_dir().join("examples/cni_bridge.conf"),
        conf.join("cni_bridge.conf"),
    )
    .unwrap();
    let (data, cache) = (dirs.path().join("data"), dirs.path().join("cache"));
    // Its own namespace: refused too, later, were the privilege check to
    // let nobody through.
    let out = run(cnictl_as_nobody(&[])
        .arg("--conf-dir")
        .arg(&conf)
        .arg("--data-dir")
        .arg(&data)
        .arg("--cache-dir")
        .arg(&cache)
        .args(["add", "/proc/self/ns/net", "--id", "nobodys", "--net"])
        .arg("my_cni_bridge"))
    .expect_code(5);
    assert_eq!(
        out.stderr(),
        "cnictl: cnictl add needs root (CAP_NET_ADMIN): run it with sudo\n",
        "{out}"
    );
    assert!(!data.exists() && !cache.exists(), "{out}");
}

/// The privilege check reads the effective capabilities, not the user id:
/// nobody granted CAP_NET_ADMIN (ambient) gets past it, to the next thing
/// it lacks (CAP_SYS_ADMIN, to enter the namespace), before any change.
#[test]
fn cap_net_admin_without_root_passes_the_privilege_check() {
    if !tier2() {
        return;
    }
    let host = Host::new();
    let dirs = open_tempdir();
    let conf = dirs.path().join("conf");
    mkdir(&conf, 0o755);
    fs::copy(
        data_dir().join("examples/cni_bridge.conf"),
        conf.join("cni_bridge.conf"),
    )
    .unwrap();
    let (data, cache) = (dirs.path().join("data"), dirs.path().join("cache"));
    let container = NetNs::new("cntc");
    let mut cmd = Command::new("ip");
    cmd.args(["netns", "exec", &host.ns.name, "setpriv"])
        .args(["--reuid=65534", "--regid=65534", "--clear-groups"])
        .args(["--inh-caps=+net_admin", "--ambient-caps=+net_admin", CNICTL])
        .arg("--conf-dir")
        .arg(&conf)
        .arg("--data-dir")
        .arg(&data)
        .arg("--cache-dir")
        .arg(&cache)
        .args(["add", &container.target(), "--net", "my_cni_bridge"]);
    clean_env(&mut cmd);
    let out = run(&mut cmd).expect_code(1);
    assert!(
        !out.stderr().contains("needs root (CAP_NET_ADMIN)"),
        "{out}"
    );
    assert!(
        out.stderr().starts_with(&format!(
            "cnictl: cannot enter network namespace {}: EPERM",
            container.path().display()
        )),
        "{out}"
    );
    assert!(!data.exists() && !cache.exists(), "{out}");
    host.assert_clean(false);
}
