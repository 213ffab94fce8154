//! Tier 1: tables on a real terminal. `net ls` runs with stdout on a
//! pseudo-terminal of 60, 80 and 120 columns and of 0x0 (a terminal that
//! knows no size); whatever the width, no value (a network name, a bridge,
//! a subnet, an address, a file) may be split across lines. A table that
//! does not fit becomes one `KEY: value` block per row; with no known width
//! the output is what a pipe gets.

use std::fs;
use std::io::{ErrorKind, Read};
use std::os::fd::AsRawFd;
use std::os::unix::fs::OpenOptionsExt;
use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::{Command, Stdio};

use nix::fcntl::OFlag;
use nix::pty::{grantpt, posix_openpt, ptsname_r, unlockpt};

use crate::util::{cnictl, run, Run};

/// The long name and bridge of the user report, an IPv4 and an IPv6
/// network. Every value here must come out whole.
const VALUES: &[&str] = &[
    "my_cni_bridge_network",
    "my_cni_bridge",
    "10.88.0.0/16",
    "10.88.0.1",
    "d/10-long.conflist",
    "web6",
    "cni-web6",
    "fd00:dead:beef::/112",
    "fd00:dead:beef::1",
    "d/20-v6.conf",
];

/// A conf dir `d` in a fresh directory, with empty data and cache dirs:
/// `net ls` there is 114 columns wide as a table.
fn networks() -> tempfile::TempDir {
    let root = tempfile::tempdir().unwrap();
    let conf = root.path().join("d");
    fs::create_dir(&conf).unwrap();
    fs::write(
        conf.join("10-long.conflist"),
        r#"{
  "cniVersion": "1.0.0",
  "name": "my_cni_bridge_network",
  "plugins": [
    {
      "type": "bridge",
      "bridge": "my_cni_bridge",
      "isGateway": true,
      "ipam": {
        "type": "host-local",
        "ranges": [[{ "subnet": "10.88.0.0/16", "gateway": "10.88.0.1" }]]
      }
    }
  ]
}
"#,
    )
    .unwrap();
    fs::write(
        conf.join("20-v6.conf"),
        r#"{
  "cniVersion": "0.4.0",
  "name": "web6",
  "type": "bridge",
  "bridge": "cni-web6",
  "ipam": { "type": "host-local", "subnet": "fd00:dead:beef::/112" }
}
"#,
    )
    .unwrap();
    fs::create_dir(root.path().join("data")).unwrap();
    fs::create_dir(root.path().join("cache")).unwrap();
    root
}

/// `cnictl net ls` over the networks in `root`, with relative paths so the
/// width of the table does not depend on where temp dirs are.
fn net_ls(root: &Path) -> Command {
    let mut cmd = cnictl();
    cmd.current_dir(root)
        .args([
            "--conf-dir",
            "d",
            "--data-dir",
            "data",
            "--cache-dir",
            "cache",
            "net",
            "ls",
        ])
        .env_remove("COLUMNS")
        .env_remove("LINES");
    cmd
}

/// Runs `cmd` with stdout on a new pseudo-terminal of `cols` x `rows`,
/// which is also its controlling terminal (so `/dev/tty` is that terminal,
/// as in a shell), and returns what the terminal showed, `\r\n` made `\n`.
fn on_terminal(mut cmd: Command, cols: u16, rows: u16) -> Run {
    // Both ends close-on-exec, so no other test's child keeps the terminal
    // open (and the read below waiting) after ours exits.
    let master = posix_openpt(OFlag::O_RDWR | OFlag::O_NOCTTY | OFlag::O_CLOEXEC).unwrap();
    grantpt(&master).unwrap();
    unlockpt(&master).unwrap();
    let slave = fs::OpenOptions::new()
        .read(true)
        .write(true)
        .custom_flags(libc::O_NOCTTY)
        .open(ptsname_r(&master).unwrap())
        .unwrap();
    let size = libc::winsize {
        ws_row: rows,
        ws_col: cols,
        ws_xpixel: 0,
        ws_ypixel: 0,
    };
    // SAFETY: TIOCSWINSZ reads one `winsize` from the pointer, which points
    // at `size`, alive for the call; `slave` is open.
    let set = unsafe { libc::ioctl(slave.as_raw_fd(), libc::TIOCSWINSZ, &size) };
    assert_eq!(set, 0, "TIOCSWINSZ: {}", std::io::Error::last_os_error());

    let what = format!("{cmd:?} on a {cols}x{rows} terminal");
    cmd.stdout(slave).stderr(Stdio::piped());
    // SAFETY: setsid and ioctl are async-signal-safe and touch no memory
    // of the parent's.
    unsafe {
        cmd.pre_exec(|| {
            if libc::setsid() < 0 || libc::ioctl(1, libc::TIOCSCTTY, 0) < 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    let child = cmd
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run {what}: {e}"));
    // The command holds our copy of the terminal's slave end: close it, so
    // the read ends (EIO) when the child's copies are closed.
    drop(cmd);

    let mut master = master;
    let mut shown = Vec::new();
    let mut buf = [0; 4096];
    loop {
        match master.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => shown.extend_from_slice(&buf[..n]),
            Err(e) if e.kind() == ErrorKind::Interrupted => {}
            // EIO: every slave end is closed.
            Err(e) if e.raw_os_error() == Some(libc::EIO) => break,
            Err(e) => panic!("reading the terminal of {what}: {e}"),
        }
    }
    let mut output = child.wait_with_output().unwrap();
    output.stdout = String::from_utf8_lossy(&shown)
        .replace("\r\n", "\n")
        .into_bytes();
    Run { what, output }
}

/// `text` without its terminal escape sequences (CSI: `ESC [ … final`).
fn plain(text: &str) -> String {
    let mut out = String::new();
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            if chars.next() == Some('[') {
                for c in chars.by_ref() {
                    if ('\u{40}'..='\u{7e}').contains(&c) {
                        break;
                    }
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// Panics unless every value is on one line of `text`, whole.
#[track_caller]
fn values_whole(text: &str, run: &Run) {
    for value in VALUES {
        assert!(
            text.lines().any(|line| line.contains(value)),
            "{value:?} is not whole on any line:\n{run}"
        );
    }
}

/// The lines of `text` that start a block: the `NAME:` of each network.
fn blocks(text: &str) -> Vec<&str> {
    text.lines().filter(|l| l.starts_with("NAME:")).collect()
}

#[test]
fn a_table_that_fits_the_terminal_is_a_table() {
    let root = networks();
    let out = on_terminal(net_ls(root.path()), 120, 40).success();
    // A terminal: bold headers.
    assert!(out.stdout().contains("\u{1b}[1m"), "no colour:\n{out}");
    let text = plain(&out.stdout());
    values_whole(&text, &out);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 3, "not a header and two rows:\n{out}");
    assert!(
        lines[0].starts_with("NAME ") && lines[0].ends_with(" FILE"),
        "{out}"
    );
    for (line, values) in [(lines[1], &VALUES[..5]), (lines[2], &VALUES[5..])] {
        for value in values {
            assert!(
                line.contains(value),
                "{value:?} not in row {line:?}:\n{out}"
            );
        }
    }
    assert!(text.lines().all(|l| l.chars().count() <= 120), "{out}");
}

#[test]
fn a_table_too_wide_for_the_terminal_is_one_block_per_row() {
    let root = networks();
    for cols in [60, 80] {
        let out = on_terminal(net_ls(root.path()), cols, 40).success();
        let text = plain(&out.stdout());
        values_whole(&text, &out);
        assert_eq!(
            blocks(&text),
            ["NAME:    my_cni_bridge_network", "NAME:    web6"],
            "{out}"
        );
        assert!(
            text.contains("BRIDGE:  my_cni_bridge\n")
                && text.contains("SUBNETS: fd00:dead:beef::/112\n"),
            "{out}"
        );
        assert!(
            text.lines().all(|l| l.chars().count() <= usize::from(cols)),
            "a line wider than {cols} columns:\n{out}"
        );
    }
}

#[test]
fn a_terminal_of_unknown_size_gets_what_a_pipe_gets() {
    let root = networks();
    let piped = run(&mut net_ls(root.path())).success();
    let out = on_terminal(net_ls(root.path()), 0, 0).success();
    let text = plain(&out.stdout());
    values_whole(&text, &out);
    assert_eq!(text, piped.stdout(), "{out}\n{piped}");
    assert!(blocks(&text).is_empty(), "{out}");
}

#[test]
fn columns_sets_the_width_of_a_terminal_but_not_of_a_pipe() {
    let root = networks();
    let mut narrow = net_ls(root.path());
    narrow.env("COLUMNS", "60");
    let out = on_terminal(narrow, 200, 40).success();
    assert_eq!(blocks(&plain(&out.stdout())).len(), 2, "{out}");

    let mut wide = net_ls(root.path());
    wide.env("COLUMNS", "200");
    let out = on_terminal(wide, 60, 40).success();
    assert!(blocks(&plain(&out.stdout())).is_empty(), "{out}");

    let piped = run(&mut net_ls(root.path())).success();
    let mut cmd = net_ls(root.path());
    let narrow_pipe = run(cmd.env("COLUMNS", "20")).success();
    assert_eq!(narrow_pipe.stdout(), piped.stdout(), "{narrow_pipe}");
    values_whole(&piped.stdout(), &piped);
}
