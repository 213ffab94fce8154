//! Tier 3, a real CNI client: podman 4.3 (Debian 12) with its CNI backend
//! runs cnictl as its `bridge` and `host-local` (links made by `cnictl
//! plugins install` in a CNI bin dir it is pointed at; portmap and tuning
//! are the reference's). Podman runs inside a test host namespace
//! (`nsenter --net`: `ip netns exec` would remount /sys and hide the
//! cgroup mounts runc needs), with its own storage, run dir and network
//! config dir in a temp dir. The container gets its address, serves a
//! page to the host namespace, and `podman rm` leaves no lease.
//!
//! Two settings make podman run here: `default_ulimits` no higher than
//! this process's limits (podman's defaults, nofile 1048576 and a high
//! nproc, are refused by runc with EPERM in this sandbox), and cgroupfs with the
//! file events logger (no systemd).

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::json;

use crate::attach::links;
use crate::containers::{busybox_rootfs, PAGE};
use crate::tiers::tier3;
use crate::util::{run, unique, NetNs, Run};

fn podman_available() -> bool {
    if !tier3() {
        return false;
    }
    let ok = Command::new("podman")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        if std::env::var("CNICTL_E2E").is_ok_and(|v| v == "require") {
            panic!(
                "podman is missing (apt-get install podman); CNICTL_E2E=require forbids skipping"
            );
        }
        eprintln!("note: skipping a podman test: podman is missing (apt-get install podman)");
    }
    ok
}

struct Podman {
    dir: tempfile::TempDir,
    host: NetNs,
}

impl Podman {
    fn new(network: &str, subnet: &str) -> Podman {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path();
        for sub in ["bin", "net.d", "data", "storage", "run", "tmp", "rootfs"] {
            fs::create_dir_all(p.join(sub)).unwrap();
        }
        run(crate::util::cnictl()
            .args(["plugins", "install"])
            .arg(p.join("bin"))
            .args(["--plugin", "bridge", "--plugin", "host-local"]))
        .success();
        let (soft, hard) = limits(libc::RLIMIT_NOFILE);
        // Raising nproc to even the current hard limit is refused in some
        // sandboxes; a container needs few processes.
        let (psoft, phard) = (1024, 1024);
        fs::write(
            p.join("containers.conf"),
            format!(
                "[network]\nnetwork_backend = \"cni\"\n\
                 cni_plugin_dirs = [\"{bin}\", \"/usr/lib/cni\"]\n\
                 network_config_dir = \"{netd}\"\n\
                 [containers]\ndefault_ulimits = [\"nofile={soft}:{hard}\", \"nproc={psoft}:{phard}\"]\n\
                 [engine]\ncgroup_manager = \"cgroupfs\"\nevents_logger = \"file\"\n\
                 runtime = \"runc\"\n",
                bin = p.join("bin").display(),
                netd = p.join("net.d").display(),
            ),
        )
        .unwrap();
        let conflist = json!({
            "cniVersion": "0.4.0",
            "name": network,
            "plugins": [
                {"type": "bridge", "bridge": unique("cnpd"), "isGateway": true, "ipMasq": true,
                 "hairpinMode": true,
                 "ipam": {"type": "host-local", "routes": [{"dst": "0.0.0.0/0"}],
                          "ranges": [[{"subnet": subnet}]],
                          "dataDir": p.join("data").display().to_string()}},
                {"type": "portmap", "capabilities": {"portMappings": true}},
                {"type": "tuning"}
            ]
        });
        fs::write(
            p.join("net.d").join(format!("{network}.conflist")),
            serde_json::to_vec_pretty(&conflist).unwrap(),
        )
        .unwrap();
        let podman = Podman {
            dir,
            host: NetNs::new("cnth"),
        };
        busybox_rootfs(&podman.dir.path().join("rootfs"));
        let import = format!(
            "tar -C {} -c . | podman {} import - localhost/cnictl-test/busybox",
            podman.dir.path().join("rootfs").display(),
            podman.global_args().join(" ")
        );
        let imported = run(Command::new("sh")
            .args(["-c", &import])
            .env("CONTAINERS_CONF", podman.conf()));
        assert_eq!(imported.code(), Some(0), "{imported}");
        podman
    }

    fn conf(&self) -> PathBuf {
        self.dir.path().join("containers.conf")
    }

    fn global_args(&self) -> Vec<String> {
        let p = self.dir.path();
        vec![
            format!("--root={}", p.join("storage").display()),
            format!("--runroot={}", p.join("run").display()),
            "--storage-driver=vfs".into(),
            format!("--tmpdir={}", p.join("tmp").display()),
        ]
    }

    /// `podman ARGS` in the test host's network namespace.
    fn podman(&self, args: &[&str]) -> Run {
        let netns = format!("--net={}", self.host.path().display());
        run(Command::new("nsenter")
            .arg(netns)
            .arg("podman")
            .args(self.global_args())
            .args(args)
            .env("CONTAINERS_CONF", self.conf())
            .env_remove("CNICTL_CACHE_DIR")
            .env_remove("CNICTL_DATA_DIR"))
    }

    fn leases(&self) -> Vec<String> {
        let mut out = Vec::new();
        for net in fs::read_dir(self.dir.path().join("data"))
            .unwrap()
            .flatten()
        {
            for f in fs::read_dir(net.path()).unwrap().flatten() {
                let name = f.file_name().to_string_lossy().into_owned();
                if name.parse::<std::net::IpAddr>().is_ok() {
                    out.push(name);
                }
            }
        }
        out
    }
}

impl Drop for Podman {
    fn drop(&mut self) {
        let _ = self.podman(&["rm", "-a", "-f", "-t", "0"]);
    }
}

/// This process's (soft, hard) limit, capped where podman's own default is.
fn limits(resource: libc::__rlimit_resource_t) -> (u64, u64) {
    let mut limit = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: getrlimit writes into the struct we pass; no other effects.
    unsafe { libc::getrlimit(resource, &mut limit) };
    (
        limit.rlim_cur.min(1024 * 1024),
        limit.rlim_max.min(1024 * 1024),
    )
}

#[test]
fn podman_runs_cnictl_as_its_bridge_and_host_local() {
    if !podman_available() {
        return;
    }
    let network = unique("cnpod");
    let podman = Podman::new(&network, "10.89.41.0/24");
    let listed = podman.podman(&["network", "ls", "--format", "{{.Name}}"]);
    assert!(listed.stdout().contains(&network), "{listed}");

    // A one-shot container sees the address cnictl gave it.
    let shown = podman.podman(&[
        "run",
        "--rm",
        "--network",
        &network,
        "localhost/cnictl-test/busybox",
        "ip",
        "-4",
        "-o",
        "addr",
        "show",
        "eth0",
    ]);
    assert_eq!(shown.code(), Some(0), "{shown}");
    assert!(shown.stdout().contains("inet 10.89.41."), "{shown}");
    assert_eq!(podman.leases(), Vec::<String>::new(), "--rm left a lease");

    // A long-running one serves its page to the host namespace.
    let name = unique("cnpdc");
    let started = podman.podman(&[
        "run",
        "-d",
        "--name",
        &name,
        "--network",
        &network,
        "localhost/cnictl-test/busybox",
        "httpd",
        "-f",
        "-p",
        "80",
        "-h",
        "/www",
    ]);
    assert_eq!(started.code(), Some(0), "{started}");
    let leases = podman.leases();
    assert_eq!(leases.len(), 1, "{leases:?}");
    let ip = &leases[0];
    let mut page = String::new();
    for _ in 0..50 {
        page = podman
            .host
            .exec(&[
                "sh",
                "-c",
                &format!("curl -s --max-time 2 http://{ip}/ || true"),
            ])
            .stdout();
        if page == PAGE {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    assert_eq!(page, PAGE);
    let id = podman
        .podman(&["inspect", "--format", "{{.Id}}", &name])
        .stdout()
        .trim()
        .to_string();

    podman.podman(&["rm", "-f", "-t", "0", &name]);
    assert_eq!(
        podman.leases(),
        Vec::<String>::new(),
        "podman rm left a lease"
    );
    assert!(
        !Path::new("/var/lib/cni/results")
            .join(format!("{network}-{id}-eth0"))
            .exists(),
        "podman rm left a cache entry"
    );
    let veths: Vec<_> = links(&podman.host)
        .into_iter()
        .filter(|(_, kind)| kind == "veth")
        .collect();
    assert_eq!(veths, Vec::new(), "podman rm left a veth");
}
