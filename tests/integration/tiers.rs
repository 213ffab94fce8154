//! Test tiers (DESIGN.md): 1 runs everywhere; 2 needs root and network
//! namespaces; 3 needs root, a Docker daemon and runc. A test of tier 2 or 3
//! starts with `tier2()` / `tier3()`: when the tier cannot run it says why
//! and the test returns early, unless `CNICTL_E2E=require`, which turns the
//! skip into a failure (CI and `sudo scripts/test.sh` set it).

use std::io::Write;
use std::process::Command;
use std::sync::OnceLock;

/// Why a tier cannot run here, or `None` when it can.
type Verdict = Option<String>;

fn required() -> bool {
    std::env::var("CNICTL_E2E").is_ok_and(|v| v == "require")
}

fn have(program: &str, arg: &str) -> bool {
    // Without the caller's CNI_COMMAND, which would make a plugin's
    // `--version` an ADD.
    crate::util::clear_cnictl_env(&mut Command::new(program))
        .arg(arg)
        .output()
        .is_ok_and(|o| o.status.success())
}

fn tier2_verdict() -> Verdict {
    // SAFETY: geteuid has no preconditions and cannot fail.
    if unsafe { libc::geteuid() } != 0 {
        return Some("needs root (run `sudo scripts/test.sh`)".into());
    }
    for (program, arg, package) in [
        ("ip", "-V", "iproute2"),
        ("iptables", "--version", "iptables"),
        (
            "/usr/lib/cni/bridge",
            "--version",
            "containernetworking-plugins",
        ),
        ("curl", "--version", "curl"),
    ] {
        if !have(program, arg) {
            return Some(format!("{program} is missing (apt-get install {package})"));
        }
    }
    None
}

fn tier3_verdict() -> Verdict {
    if let Some(reason) = tier2_verdict() {
        return Some(reason);
    }
    if !have("runc", "--version") {
        return Some("runc is missing (apt-get install runc)".into());
    }
    if !std::path::Path::new("/bin/busybox").exists() {
        return Some("/bin/busybox is missing (apt-get install busybox-static)".into());
    }
    if !have("docker", "info") {
        return Some(
            "the Docker daemon is not reachable (scripts/setup-test-host.sh starts it)".into(),
        );
    }
    None
}

/// Checks a tier once per test binary and reports a skip once, on the real
/// stderr (libtest captures `eprintln!` of passing tests, not direct writes).
fn gate(tier: u8, what: &str, cell: &'static OnceLock<Verdict>, verdict: fn() -> Verdict) -> bool {
    let verdict = cell.get_or_init(verdict);
    match verdict {
        None => true,
        Some(reason) if required() => {
            panic!(
                "tier {tier} ({what}) cannot run: {reason}; CNICTL_E2E=require forbids skipping it"
            )
        }
        Some(reason) => {
            let _ = writeln!(
                std::io::stderr(),
                "note: skipping a tier {tier} test ({what}): {reason}"
            );
            false
        }
    }
}

/// Tier 2: root, namespaces, iptables, the reference plugins.
pub fn tier2() -> bool {
    static VERDICT: OnceLock<Verdict> = OnceLock::new();
    gate(2, "root, network namespaces", &VERDICT, tier2_verdict)
}

/// Tier 3: tier 2 plus a Docker daemon, runc and busybox for the test image.
pub fn tier3() -> bool {
    static VERDICT: OnceLock<Verdict> = OnceLock::new();
    gate(3, "root, Docker and runc", &VERDICT, tier3_verdict)
}

/// A program one test needs beyond its tier (a shell for its completion
/// script, say): whether `program --version` runs. When it does not, the
/// test says so and returns early, unless `CNICTL_E2E=require` (CI, which
/// installs it with scripts/setup-test-host.sh), which fails it.
pub fn tool(program: &str, package: &str) -> bool {
    if have(program, "--version") {
        return true;
    }
    let reason = format!("{program} is missing (apt-get install {package})");
    if required() {
        panic!("{reason}; CNICTL_E2E=require forbids skipping the test");
    }
    let _ = writeln!(std::io::stderr(), "note: skipping a test: {reason}");
    false
}
