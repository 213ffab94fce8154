//! Real containers for tier 3: the busybox test image (imported without a
//! registry from Debian's busybox-static), a runc bundle on the same root
//! file system, and guards that remove each container on drop, so a
//! failing test cleans up too.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;

use serde_json::Value;

use crate::util::{run, sh, unique, Run};

pub const IMAGE: &str = "cnictl-test/busybox:latest";

/// The page busybox httpd serves from /www.
pub const PAGE: &str = "cnictl test page\n";

/// The resolv.conf the runc bundle starts with.
pub const ORIGINAL_RESOLV_CONF: &str = "nameserver 192.0.2.53\n";

/// Fills `root` with busybox-static and its applets, a web page and the
/// files a container expects.
pub fn busybox_rootfs(root: &Path) {
    for dir in ["bin", "etc", "www", "tmp", "proc", "sys", "dev"] {
        fs::create_dir_all(root.join(dir)).unwrap();
    }
    fs::copy("/bin/busybox", root.join("bin/busybox")).unwrap();
    let applets = sh("/bin/busybox", &["--list"]).stdout();
    for applet in applets.lines().filter(|a| *a != "busybox") {
        std::os::unix::fs::symlink("busybox", root.join("bin").join(applet)).unwrap();
    }
    fs::write(root.join("www/index.html"), PAGE).unwrap();
    fs::write(root.join("etc/passwd"), "root:x:0:0:root:/:/bin/sh\n").unwrap();
    fs::write(root.join("etc/resolv.conf"), ORIGINAL_RESOLV_CONF).unwrap();
}

/// The busybox test image, imported once per run (and only when missing).
pub fn ensure_test_image() -> &'static str {
    static READY: OnceLock<()> = OnceLock::new();
    READY.get_or_init(|| {
        if run(Command::new("docker").args(["image", "inspect", IMAGE])).code() == Some(0) {
            return;
        }
        let rootfs = tempfile::tempdir().unwrap();
        busybox_rootfs(rootfs.path());
        let import = format!(
            "tar -C {} -c . | docker import - {IMAGE}",
            rootfs.path().display()
        );
        sh("sh", &["-c", &import]);
    });
    IMAGE
}

/// A Docker container removed (with `-f`) on drop.
pub struct DockerContainer {
    pub name: String,
}

impl DockerContainer {
    /// `docker run -d --net=NET --name <unique> IMAGE ARGS`.
    pub fn run(prefix: &str, net: &str, args: &[&str]) -> DockerContainer {
        Self::start("run", prefix, net, args)
    }

    /// `docker create`: a container that exists but does not run.
    pub fn create(prefix: &str, args: &[&str]) -> DockerContainer {
        Self::start("create", prefix, "none", args)
    }

    fn start(verb: &str, prefix: &str, net: &str, args: &[&str]) -> DockerContainer {
        let image = ensure_test_image();
        let container = DockerContainer {
            name: unique(prefix),
        };
        let mut cmd = Command::new("docker");
        cmd.arg(verb);
        if verb == "run" {
            cmd.arg("-d");
        }
        cmd.args(["--name", &container.name, &format!("--net={net}"), image])
            .args(args);
        run(&mut cmd).success();
        container
    }

    /// The container serving the test page on port 80.
    pub fn httpd(prefix: &str) -> DockerContainer {
        Self::run(prefix, "none", &["httpd", "-f", "-p", "80", "-h", "/www"])
    }

    pub fn inspect(&self, format: &str) -> String {
        sh("docker", &["inspect", "--format", format, &self.name])
            .stdout()
            .trim()
            .to_string()
    }

    pub fn id(&self) -> String {
        self.inspect("{{.Id}}")
    }

    pub fn sandbox(&self) -> PathBuf {
        PathBuf::from(self.inspect("{{.NetworkSettings.SandboxKey}}"))
    }

    /// `docker exec NAME ARGS`, which must succeed.
    pub fn exec(&self, args: &[&str]) -> Run {
        let mut cmd = Command::new("docker");
        cmd.args(["exec", &self.name]).args(args);
        run(&mut cmd).success()
    }

    pub fn remove(&self) {
        sh("docker", &["rm", "-f", &self.name]);
    }
}

impl Drop for DockerContainer {
    fn drop(&mut self) {
        let _ = Command::new("docker")
            .args(["rm", "-f", &self.name])
            .output();
    }
}

/// A runc container from a bundle on the busybox root file system, with
/// its own state root; killed and deleted on drop.
pub struct RuncContainer {
    pub id: String,
    pub dir: tempfile::TempDir,
}

impl RuncContainer {
    /// `runc run -d` of busybox httpd, in a network namespace of its own.
    pub fn httpd(prefix: &str) -> RuncContainer {
        let container = RuncContainer {
            id: unique(prefix),
            dir: tempfile::tempdir().unwrap(),
        };
        let bundle = container.bundle();
        busybox_rootfs(&bundle.join("rootfs"));
        sh("runc", &["spec", "--bundle", bundle.to_str().unwrap()]);
        let spec_path = bundle.join("config.json");
        let mut spec: Value = serde_json::from_slice(&fs::read(&spec_path).unwrap()).unwrap();
        spec["process"]["args"] = serde_json::json!(["httpd", "-f", "-p", "80", "-h", "/www"]);
        spec["process"]["terminal"] = Value::Bool(false);
        // cnictl writes /etc/resolv.conf through /proc/<pid>/root.
        spec["root"]["readonly"] = Value::Bool(false);
        fs::write(&spec_path, serde_json::to_vec_pretty(&spec).unwrap()).unwrap();
        fs::create_dir_all(container.root()).unwrap();
        // runc's detached container keeps whatever stdio it is given: give
        // it none, so waiting for runc does not wait for the container.
        let status = Command::new("runc")
            .arg("--root")
            .arg(container.root())
            .args(["run", "-d", "--bundle"])
            .arg(&bundle)
            .arg(&container.id)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .unwrap();
        assert!(status.success(), "runc run {} failed", container.id);
        container
    }

    pub fn bundle(&self) -> PathBuf {
        self.dir.path().join("bundle")
    }

    /// The runc state root (`--root`) this container lives in.
    pub fn root(&self) -> PathBuf {
        self.dir.path().join("state")
    }

    pub fn target(&self) -> String {
        format!("runc:{}", self.id)
    }

    /// `runc exec ID ARGS`, which must succeed.
    pub fn exec(&self, args: &[&str]) -> Run {
        let mut cmd = Command::new("runc");
        cmd.arg("--root")
            .arg(self.root())
            .args(["exec", &self.id])
            .args(args)
            .stdin(Stdio::null());
        run(&mut cmd).success()
    }
}

impl Drop for RuncContainer {
    fn drop(&mut self) {
        let _ = Command::new("runc")
            .arg("--root")
            .arg(self.root())
            .args(["delete", "-f", &self.id])
            .stdin(Stdio::null())
            .output();
    }
}
