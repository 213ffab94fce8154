//! Helpers shared by the integration tests: run the built `cnictl` with a
//! clean environment, and own test namespaces that are removed on drop, so
//! a failing test cleans up too.

use std::collections::BTreeSet;
use std::ffi::{OsStr, OsString};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::OnceLock;
use std::time::Duration;

use clap::CommandFactory;

pub const CNICTL: &str = env!("CARGO_BIN_EXE_cnictl");

/// Where the repo's test data lives.
pub fn data_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data")
}

/// A `cnictl` command with none of the caller's cnictl settings leaking in.
pub fn cnictl() -> Command {
    let mut cmd = Command::new(CNICTL);
    clean_env(&mut cmd).stdin(Stdio::null());
    cmd
}

/// Clears what could change what cnictl does ([`clear_cnictl_env`]) and
/// turns the defaults file off (`CNICTL_CONFIG=""`). For every command that
/// runs cnictl, directly or through `ip netns exec`, `setpriv` or a shell.
pub fn clean_env(cmd: &mut Command) -> &mut Command {
    clear_cnictl_env(cmd).env("CNICTL_CONFIG", "")
}

/// Removes from `cmd`'s environment every variable cnictl (or a plugin it
/// runs) could read: each one of this process's environment named
/// `CNICTL_*` or `CNI_*` (`CNI_COMMAND` alone turns the binary into a
/// plugin), `NETCONFPATH`, `NO_COLOR`, and every `env` of any argument of
/// any subcommand of the CLI, so a variable a new flag reads is cleared
/// without anyone adding it here.
pub fn clear_cnictl_env(cmd: &mut Command) -> &mut Command {
    for name in cnictl_env_names() {
        cmd.env_remove(name);
    }
    cmd
}

/// The names [`clear_cnictl_env`] removes, worked out once.
pub fn cnictl_env_names() -> &'static BTreeSet<OsString> {
    static NAMES: OnceLock<BTreeSet<OsString>> = OnceLock::new();
    NAMES.get_or_init(|| {
        let mut names: BTreeSet<OsString> = std::env::vars_os()
            .map(|(name, _)| name)
            .filter(|name| {
                name.to_str()
                    .is_some_and(|n| n.starts_with("CNICTL_") || n.starts_with("CNI_"))
            })
            .collect();
        names.extend(["NETCONFPATH", "NO_COLOR"].map(OsString::from));
        names.extend(clap_env_names(&cnictl::cli::Cli::command()));
        names
    })
}

/// Every `env` declared on an argument of `command` or of any of its
/// subcommands, however deep.
fn clap_env_names(command: &clap::Command) -> Vec<OsString> {
    let mut names: Vec<OsString> = command
        .get_arguments()
        .filter_map(|arg| arg.get_env())
        .map(OsStr::to_os_string)
        .collect();
    for sub in command.get_subcommands() {
        names.extend(clap_env_names(sub));
    }
    names
}

/// The engine's attach steps, in order: what `CNICTL_TEST_FAIL_AFTER` and
/// `CNICTL_TEST_ABORT_AFTER` name and `-vv` times. The one place tests
/// name where the list lives.
pub fn attach_steps() -> &'static [&'static str] {
    &cnictl::engine::attach::STEPS
}

/// What a finished command did, with everything needed to debug a failure.
pub struct Run {
    pub what: String,
    pub output: Output,
}

impl Run {
    pub fn stdout(&self) -> String {
        String::from_utf8_lossy(&self.output.stdout).into_owned()
    }
    pub fn stderr(&self) -> String {
        String::from_utf8_lossy(&self.output.stderr).into_owned()
    }
    pub fn code(&self) -> Option<i32> {
        self.output.status.code()
    }
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.output.stdout)
            .unwrap_or_else(|e| panic!("{}: stdout is not JSON ({e}):\n{self}", self.what))
    }
    /// Panics with the whole story unless the exit status is `code`.
    #[track_caller]
    pub fn expect_code(self, code: i32) -> Self {
        assert_eq!(self.code(), Some(code), "unexpected exit status:\n{self}");
        self
    }
    #[track_caller]
    pub fn success(self) -> Self {
        self.expect_code(0)
    }
}

impl std::fmt::Display for Run {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "$ {}\nstatus: {}\n--- stdout\n{}--- stderr\n{}",
            self.what,
            self.output.status,
            self.stdout(),
            self.stderr()
        )
    }
}

/// Runs a command to completion.
pub fn run(cmd: &mut Command) -> Run {
    let what = format!("{cmd:?}");
    let output = cmd
        .output()
        .unwrap_or_else(|e| panic!("cannot run {what}: {e}"));
    Run { what, output }
}

/// Runs a command to completion like [`run`], but panics (after killing it)
/// if it has not ended within [`PATIENCE`]: for a command that must not
/// hang, such as one talking to a daemon that never answers.
#[track_caller]
pub fn run_unless_hung(cmd: &mut Command) -> Run {
    use std::io::Read;
    let what = format!("{cmd:?}");
    let mut child = cmd
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run {what}: {e}"));
    let drain = |mut pipe: Box<dyn Read + Send>| {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            pipe.read_to_end(&mut bytes).map(|_| bytes)
        })
    };
    let stdout = drain(Box::new(child.stdout.take().unwrap()));
    let stderr = drain(Box::new(child.stderr.take().unwrap()));
    let mut status = None;
    let ended = eventually(|| {
        status = child.try_wait().unwrap();
        status.is_some()
    });
    if !ended {
        let _ = child.kill();
        let _ = child.wait();
        panic!("{what} hung: still running after {PATIENCE:?}");
    }
    let output = Output {
        status: status.unwrap(),
        stdout: stdout.join().unwrap().unwrap(),
        stderr: stderr.join().unwrap().unwrap(),
    };
    Run { what, output }
}

/// Runs a command that must succeed (for test set-up steps).
#[track_caller]
pub fn sh(program: &str, args: &[&str]) -> Run {
    run(Command::new(program).args(args)).success()
}

/// How long a test waits for a state to come about (the kernel's
/// asynchronous work, a child process getting somewhere) before it gives
/// up. Generous, as a loaded machine is slow: a test that passes returns as
/// soon as the state is there, so this is never a budget and no test
/// asserts on time.
pub const PATIENCE: Duration = Duration::from_secs(30);

/// Polls `done` every 20 ms for up to [`PATIENCE`] and says whether it came
/// true. For the kernel's asynchronous work: a deleted namespace is torn
/// down (and its veths with it) by a workqueue, later and slower on a
/// loaded machine.
pub fn eventually(mut done: impl FnMut() -> bool) -> bool {
    let deadline = std::time::Instant::now() + PATIENCE;
    loop {
        if done() {
            return true;
        }
        if std::time::Instant::now() >= deadline {
            return false;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Waits for `done` as [`eventually`] does, and panics naming `what` when
/// it never comes true.
#[track_caller]
pub fn wait_for(what: &str, done: impl FnMut() -> bool) {
    assert!(eventually(done), "{what}: not so after {PATIENCE:?}");
}

/// The network namespace `pid` is in, as the kernel names it.
pub fn netns_of(pid: u32) -> Option<PathBuf> {
    std::fs::read_link(format!("/proc/{pid}/ns/net")).ok()
}

/// Waits until process `pid` (an `ip netns exec` just spawned) is in
/// another network namespace than this test process.
#[track_caller]
pub fn wait_until_in_another_netns(pid: u32) {
    let own = netns_of(std::process::id());
    wait_for(&format!("process {pid} entering its namespace"), || {
        netns_of(pid).is_some_and(|ns| Some(&ns) != own.as_ref())
    });
}

/// Waits until something listens on TCP (`ss -ltnH`) or UDP (`-lunH`)
/// `port` in `ns`.
#[track_caller]
pub fn wait_listening(ns: &NetNs, ss_flags: &str, port: &str) {
    let suffix = format!(":{port}");
    wait_for(&format!("a listener on port {port} in {}", ns.name), || {
        let out = run(Command::new("ip").args(["netns", "exec", &ns.name, "ss", ss_flags]));
        out.stdout()
            .lines()
            .any(|l| l.split_whitespace().any(|w| w.ends_with(&suffix)))
    });
}

/// A name no other test (or test process) uses: `<prefix><pid>x<n>`, short
/// enough for interface names (15 bytes).
pub fn unique(prefix: &str) -> String {
    static NEXT: AtomicU32 = AtomicU32::new(0);
    let n = NEXT.fetch_add(1, Ordering::Relaxed);
    let name = format!("{prefix}{}x{n}", std::process::id() % 100_000);
    assert!(name.len() <= 15, "name {name} too long for an interface");
    name
}

/// A named network namespace (`ip netns add`), deleted on drop with
/// everything inside it: bridges, veths, iptables rules.
pub struct NetNs {
    pub name: String,
}

impl NetNs {
    pub fn new(prefix: &str) -> NetNs {
        let ns = NetNs::pristine(prefix);
        ns.exec(&["ip", "link", "set", "lo", "up"]);
        ns
    }

    /// A namespace as the kernel makes it: `lo` down and without any
    /// address (the kernel gives it 127.0.0.1/8 and ::1 when it first goes
    /// up), for tests of whoever is to bring it up.
    pub fn pristine(prefix: &str) -> NetNs {
        let name = unique(prefix);
        sh("ip", &["netns", "add", &name]);
        NetNs { name }
    }

    pub fn path(&self) -> PathBuf {
        PathBuf::from("/var/run/netns").join(&self.name)
    }

    /// How cnictl is told to attach this namespace: `netns:NAME`.
    pub fn target(&self) -> String {
        format!("netns:{}", self.name)
    }

    /// Runs a command inside; it must succeed.
    #[track_caller]
    pub fn exec(&self, args: &[&str]) -> Run {
        let mut cmd = Command::new("ip");
        cmd.args(["netns", "exec", &self.name]).args(args);
        run(&mut cmd).success()
    }
}

/// Asserts `lo` in `ns` is up with 127.0.0.1/8, and ::1/128 unless IPv6 is
/// off there: what the loopback plugin leaves.
#[track_caller]
pub fn assert_loopback_up(ns: &NetNs) {
    let out = ns.exec(&["ip", "-j", "addr", "show", "dev", "lo"]).stdout();
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    let lo = &json[0];
    let flags: Vec<&str> = lo["flags"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|f| f.as_str())
        .collect();
    assert!(flags.contains(&"UP"), "lo is not up in {}: {out}", ns.name);
    let addrs: BTreeSet<String> = lo["addr_info"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| format!("{}/{}", a["local"].as_str().unwrap(), a["prefixlen"]))
        .collect();
    let mut want = BTreeSet::from(["127.0.0.1/8".to_string()]);
    // No such file: a kernel without IPv6.
    let v6 = run(Command::new("ip").args([
        "netns",
        "exec",
        &ns.name,
        "cat",
        "/proc/sys/net/ipv6/conf/lo/disable_ipv6",
    ]));
    if v6.code() == Some(0) && v6.stdout().trim() == "0" {
        want.insert("::1/128".to_string());
    }
    assert_eq!(addrs, want, "lo's addresses in {}: {out}", ns.name);
}

impl Drop for NetNs {
    fn drop(&mut self) {
        let _ = Command::new("ip")
            .args(["netns", "delete", &self.name])
            .stderr(Stdio::null())
            .status();
    }
}

/// Runs a reference plugin from Debian's containernetworking-plugins inside
/// the host namespace `host`, the way users ran it by hand.
pub fn reference_plugin(
    host: &NetNs,
    plugin: &str,
    command: &str,
    container_id: &str,
    netns: &Path,
    ifname: &str,
    config: &[u8],
) -> Run {
    use std::io::Write;
    let mut cmd = Command::new("ip");
    cmd.args([
        "netns",
        "exec",
        &host.name,
        &format!("/usr/lib/cni/{plugin}"),
    ]);
    clear_cnictl_env(&mut cmd)
        .env("CNI_COMMAND", command)
        .env("CNI_CONTAINERID", container_id)
        .env("CNI_NETNS", netns)
        .env("CNI_IFNAME", ifname)
        .env("CNI_PATH", "/usr/lib/cni")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let what = format!("{command} {plugin} {container_id} {}", netns.display());
    let mut child = cmd
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run {what}: {e}"));
    child.stdin.take().unwrap().write_all(config).unwrap();
    let output = child.wait_with_output().unwrap();
    Run { what, output }
}
