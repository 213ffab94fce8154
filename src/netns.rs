//! Network namespaces: open one by path, tell whether it is our own, and run
//! a closure inside it.
//!
//! This is the only module that calls `setns`. A netlink socket (and a
//! `/proc/sys/net` lookup) belongs to the network namespace of the thread
//! that made it, so work "inside" a namespace is done on a short-lived std
//! thread that enters the namespace, runs the closure and exits. The caller's
//! thread, which may be a tokio worker, never changes namespace: a worker
//! left in the wrong namespace would silently send every later request of
//! every task to the container.

use std::fmt;
use std::fs::File;
use std::os::fd::{AsFd, AsRawFd, BorrowedFd};
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};

use nix::errno::Errno;
use nix::sched::CloneFlags;

/// Where the calling thread's own network namespace is found. `thread-self`
/// rather than `self`: `self` names the main thread, which is not
/// necessarily the one asking.
const CURRENT_THREAD_NETNS: &str = "/proc/thread-self/ns/net";

// NS_GET_NSTYPE = _IO(0xb7, 0x3), from <linux/nsfs.h> (Linux 4.11+). It
// returns the CLONE_NEW* constant of the namespace behind an nsfs file and
// fails with ENOTTY on any other file.
nix::ioctl_none!(ns_get_nstype, 0xb7, 0x3);

/// Errors of opening and entering network namespaces. Each names the path.
#[derive(Debug, thiserror::Error)]
pub enum NetnsError {
    #[error("cannot open network namespace {path}: {source}")]
    Open {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    #[error(
        "{path} is not a network namespace (expected a path like \
         /var/run/netns/NAME or /proc/PID/ns/net)"
    )]
    NotANetns { path: PathBuf },

    #[error("cannot enter network namespace {path}: {errno}{hint}")]
    Enter {
        path: PathBuf,
        errno: Errno,
        /// A fix, when the errno suggests one.
        hint: &'static str,
    },

    #[error("cannot start a thread to enter network namespace {path}: {source}")]
    Spawn {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

/// Identity of a network namespace: the (device, inode) pair of its nsfs
/// file, the same for every path that names it (a bind mount under
/// `/var/run/netns` and `/proc/PID/ns/net` of a process inside it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct NetnsId {
    pub dev: u64,
    pub ino: u64,
}

impl fmt::Display for NetnsId {
    /// The same form as the target of `/proc/PID/ns/net` symlinks.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "net:[{}]", self.ino)
    }
}

/// An open network namespace. Holding the fd keeps the namespace alive even
/// if every process in it exits or its bind mount is removed.
#[derive(Debug)]
pub struct NetnsFd {
    file: File,
    path: PathBuf,
    id: NetnsId,
}

impl NetnsFd {
    /// Opens the network namespace at `path`: `/var/run/netns/NAME`,
    /// `/proc/PID/ns/net`, or any other nsfs file or bind mount of one.
    /// Refuses anything else, naming the path, so a typo or a stale mount
    /// point fails here and not half-way through an attach.
    pub fn open(path: impl AsRef<Path>) -> Result<Self, NetnsError> {
        let path = path.as_ref().to_path_buf();
        let file = File::open(&path).map_err(|source| NetnsError::Open {
            path: path.clone(),
            source,
        })?;
        // SAFETY: NS_GET_NSTYPE takes no argument and only reads the fd,
        // which `file` keeps open for the duration of the call.
        let nstype = unsafe { ns_get_nstype(file.as_raw_fd()) };
        match nstype {
            Ok(t) if t == CloneFlags::CLONE_NEWNET.bits() => {}
            _ => return Err(NetnsError::NotANetns { path }),
        }
        let meta = file.metadata().map_err(|source| NetnsError::Open {
            path: path.clone(),
            source,
        })?;
        let id = NetnsId {
            dev: meta.dev(),
            ino: meta.ino(),
        };
        Ok(Self { file, path, id })
    }

    /// Opens the calling thread's own network namespace.
    pub fn current() -> Result<Self, NetnsError> {
        Self::open(CURRENT_THREAD_NETNS)
    }

    /// The calling thread's namespace under a made-up identity and path:
    /// lets tests give the fake netlink world several container
    /// namespaces without root. Never to be entered.
    #[cfg(test)]
    pub(crate) fn fake(ino: u64) -> Result<Self, NetnsError> {
        let mut fd = Self::current()?;
        fd.id = NetnsId { dev: 0, ino };
        fd.path = PathBuf::from(format!("/fake/netns/{ino}"));
        Ok(fd)
    }

    /// The path this namespace was opened by, for messages.
    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn id(&self) -> NetnsId {
        self.id
    }

    /// Whether this is the calling thread's own namespace. Attaching a
    /// "container" that shares the host's namespace would rewire the host,
    /// so callers refuse when this is true.
    pub fn is_current(&self) -> Result<bool, NetnsError> {
        Ok(current_id()? == self.id)
    }

    /// A second handle on the same namespace (a `dup` of the fd).
    pub fn try_clone(&self) -> Result<Self, NetnsError> {
        let file = self.file.try_clone().map_err(|source| NetnsError::Open {
            path: self.path.clone(),
            source,
        })?;
        Ok(Self {
            file,
            path: self.path.clone(),
            id: self.id,
        })
    }

    /// Runs `f` on a new std thread that has entered this namespace, and
    /// returns its value. The thread exits afterwards, so nothing has to be
    /// switched back (and a failed switch back cannot strand a thread in
    /// the container). Blocks the caller until `f` returns: keep `f` short,
    /// such as opening a socket or writing a sysctl. A panic in `f` is
    /// resumed on the caller's thread.
    pub fn run<T, F>(&self, f: F) -> Result<T, NetnsError>
    where
        F: FnOnce() -> T + Send,
        T: Send,
    {
        std::thread::scope(|scope| {
            let worker = std::thread::Builder::new()
                .name("cnictl-netns".into())
                .spawn_scoped(scope, || {
                    nix::sched::setns(self.file.as_fd(), CloneFlags::CLONE_NEWNET).map_err(
                        |errno| NetnsError::Enter {
                            path: self.path.clone(),
                            errno,
                            hint: enter_hint(errno),
                        },
                    )?;
                    Ok(f())
                })
                .map_err(|source| NetnsError::Spawn {
                    path: self.path.clone(),
                    source,
                })?;
            match worker.join() {
                Ok(result) => result,
                Err(panic) => std::panic::resume_unwind(panic),
            }
        })
    }
}

impl AsFd for NetnsFd {
    fn as_fd(&self) -> BorrowedFd<'_> {
        self.file.as_fd()
    }
}

/// The identity of the calling thread's network namespace.
pub fn current_id() -> Result<NetnsId, NetnsError> {
    let path = Path::new(CURRENT_THREAD_NETNS);
    let meta = std::fs::metadata(path).map_err(|source| NetnsError::Open {
        path: path.to_path_buf(),
        source,
    })?;
    Ok(NetnsId {
        dev: meta.dev(),
        ino: meta.ino(),
    })
}

fn enter_hint(errno: Errno) -> &'static str {
    match errno {
        Errno::EPERM => " (entering a namespace needs root: CAP_SYS_ADMIN)",
        _ => "",
    }
}

/// Helpers for tests that need real namespaces. Only tests may `unshare`:
/// the library enters existing namespaces and never creates them.
#[cfg(test)]
pub(crate) mod test_support {
    use std::future::Future;
    use std::io::Write;

    use super::NetnsFd;
    use nix::sched::CloneFlags;

    /// Whether a kernel test can run: it needs to create network
    /// namespaces. When it cannot, says so on stderr (written directly, so
    /// libtest does not swallow it) and returns false; with
    /// `CNICTL_E2E=require` it panics instead, so CI cannot silently skip.
    pub(crate) fn kernel_tests_enabled(test: &str) -> bool {
        let probe = std::thread::spawn(|| nix::sched::unshare(CloneFlags::CLONE_NEWNET)).join();
        let reason = match probe {
            Ok(Ok(())) => return true,
            Ok(Err(errno)) => format!("cannot create a network namespace ({errno}); needs root"),
            Err(_) => "the namespace probe panicked".to_string(),
        };
        if std::env::var("CNICTL_E2E").as_deref() == Ok("require") {
            panic!("{test}: CNICTL_E2E=require but {reason}");
        }
        let _ = writeln!(std::io::stderr(), "skipping {test}: {reason}");
        false
    }

    /// Runs `make()`'s future on a fresh thread inside a fresh, empty network
    /// namespace (only `lo`, down), with its own current-thread runtime.
    /// The namespace disappears with the thread, so nothing leaks into the
    /// host even when the test panics.
    pub(crate) fn in_fresh_netns<T, Fut, F>(make: F) -> T
    where
        F: FnOnce() -> Fut + Send,
        Fut: Future<Output = T>,
        T: Send,
    {
        std::thread::scope(|scope| {
            let worker = scope.spawn(|| {
                nix::sched::unshare(CloneFlags::CLONE_NEWNET).expect("unshare(CLONE_NEWNET)");
                let runtime = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                    .expect("build a tokio runtime");
                runtime.block_on(make())
            });
            match worker.join() {
                Ok(value) => value,
                Err(panic) => std::panic::resume_unwind(panic),
            }
        })
    }

    /// A second fresh network namespace, kept alive only by the returned fd.
    pub(crate) fn fresh_netns() -> NetnsFd {
        std::thread::spawn(|| {
            nix::sched::unshare(CloneFlags::CLONE_NEWNET).expect("unshare(CLONE_NEWNET)");
            NetnsFd::current().expect("open the new namespace")
        })
        .join()
        .expect("fresh_netns thread")
    }
}

#[cfg(test)]
mod tests {
    use super::test_support::{fresh_netns, in_fresh_netns, kernel_tests_enabled};
    use super::*;

    #[test]
    fn a_regular_file_is_not_a_netns() {
        let err = NetnsFd::open("/etc/hostname").expect_err("a regular file");
        assert!(matches!(err, NetnsError::NotANetns { .. }), "{err:?}");
        assert_eq!(
            err.to_string(),
            "/etc/hostname is not a network namespace (expected a path like \
             /var/run/netns/NAME or /proc/PID/ns/net)"
        );
    }

    #[test]
    fn another_kind_of_namespace_is_not_a_netns() {
        let err = NetnsFd::open("/proc/self/ns/uts").expect_err("a UTS namespace");
        assert!(matches!(err, NetnsError::NotANetns { .. }), "{err:?}");
    }

    #[test]
    fn a_missing_path_names_the_path() {
        let err = NetnsFd::open("/var/run/netns/cnictl-no-such-ns").expect_err("missing");
        assert!(matches!(err, NetnsError::Open { .. }), "{err:?}");
        assert!(err.to_string().contains("/var/run/netns/cnictl-no-such-ns"));
    }

    #[test]
    fn the_current_namespace_is_recognised_by_any_path() {
        let by_thread = NetnsFd::current().expect("own netns");
        assert!(by_thread.is_current().expect("compare"));
        assert_eq!(by_thread.id(), current_id().expect("own id"));
        assert_eq!(by_thread.try_clone().expect("dup").id(), by_thread.id());
    }

    #[test]
    fn run_enters_the_namespace_and_leaves_the_caller_alone() {
        if !kernel_tests_enabled("run_enters_the_namespace_and_leaves_the_caller_alone") {
            return;
        }
        in_fresh_netns(|| async {
            let mine = current_id().expect("own id");
            let other = fresh_netns();
            assert_ne!(other.id(), mine);
            assert!(!other.is_current().expect("compare"));
            let seen = other.run(|| current_id().expect("id inside")).expect("run");
            assert_eq!(seen, other.id());
            assert_eq!(current_id().expect("own id again"), mine);
        });
    }

    #[test]
    fn run_resumes_a_panic_on_the_caller() {
        if !kernel_tests_enabled("run_resumes_a_panic_on_the_caller") {
            return;
        }
        let own = NetnsFd::current().expect("own netns");
        let caught = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            own.run(|| panic!("boom inside"))
        }));
        let payload = caught.expect_err("the panic reaches the caller");
        assert_eq!(payload.downcast_ref::<&str>(), Some(&"boom inside"));
    }
}
