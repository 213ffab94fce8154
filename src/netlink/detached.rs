//! Deleting a veth pair without sitting out the kernel's reclamation.
//!
//! `RTM_DELLINK` does everything anyone can see under the RTNL lock: both
//! ends are unlisted, their addresses, routes and bridge port go, and the
//! `RTM_DELLINK` notifications are sent. Only then, before it acks, the
//! sending task waits in `netdev_run_todo` for an RCU barrier so the
//! devices can be freed: three to five scheduler ticks, 16 to 20 ms on a
//! HZ=250 kernel, four fifths of a `cnictl del`. Nothing changes for a
//! user or a later command during that wait; the name, the address and the
//! bridge port are free before it starts.
//!
//! So the request goes out from a grandchild process, which sits out the
//! wait and exits, and the caller goes on as soon as the notification of
//! the watched end's removal arrives. Should the notification not come
//! (the request failed, or the listening socket overflowed), the
//! grandchild's report of the kernel's ack decides, as a plain request
//! would have.
//!
//! The grandchild keeps nothing of the caller's but the socket it sends on
//! and the pipe it reports on: not stdout (a reader of the caller's output
//! sees its end when the caller exits), not a lock, not the nf_tables
//! socket (whose release waits for nf_tables' deferred destroy work; that
//! wait stays the caller's, begun earlier, rather than landing under the
//! nf_tables lock in the middle of the next command's work).

use std::os::fd::{AsRawFd, OwnedFd, RawFd};

use futures::channel::mpsc::UnboundedReceiver;
use futures::StreamExt;
use netlink_sys::Socket;
use nix::errno::Errno;
use nix::fcntl::OFlag;
use nix::sys::wait::waitpid;
use nix::unistd::{fork, pipe2, ForkResult};
use rtnetlink::packet_core::{NetlinkMessage, NetlinkPayload};
use rtnetlink::packet_route::link::LinkMessage;
use rtnetlink::packet_route::{AddressFamily, RouteNetlinkMessage};

/// Link notifications as rtnetlink's multicast connection delivers them.
type Notifications =
    UnboundedReceiver<(NetlinkMessage<RouteNetlinkMessage>, netlink_sys::SocketAddr)>;

/// How a detached deletion ended, as far as the caller waited for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Outcome {
    /// The kernel announced the watched link's removal; it is done but
    /// for the freeing.
    Unlisted,
    /// The grandchild read the kernel's ack first: 0 for success, else the
    /// errno it carried.
    Acked(i32),
    /// The request may not have reached the kernel (no process could be
    /// started, the send failed, the grandchild was killed, its report
    /// cannot be waited for): the caller sends it again itself, which at
    /// worst finds the link gone, as `del` takes "not found" to mean.
    Unknown,
}

/// The grandchild's report, two bytes on a pipe (written at once, so read
/// at once): a tag and an errno.
const ACKED: u8 = 0;
const NOT_SENT: u8 = 1;
const NO_ACK: u8 = 2;

/// Reads the grandchild's report; nothing at all means it died first.
fn decode_report(report: &[u8]) -> Outcome {
    match report {
        [ACKED, errno] => Outcome::Acked(i32::from(*errno)),
        _ => Outcome::Unknown,
    }
}

/// The two bytes the grandchild writes for an ack it received: the errno
/// of an `NLMSG_ERROR` message (0 for success), or `NO_ACK` for anything
/// else. Errnos above 255 do not exist on Linux; one would read as EIO.
fn encode_ack(ack: &[u8]) -> [u8; 2] {
    const NLMSG_ERROR: u16 = 2;
    if ack.len() < 20 || u16::from_ne_bytes([ack[4], ack[5]]) != NLMSG_ERROR {
        return [NO_ACK, 0];
    }
    let error = i32::from_ne_bytes([ack[16], ack[17], ack[18], ack[19]]);
    let errno = error.unsigned_abs();
    [ACKED, u8::try_from(errno).unwrap_or(Errno::EIO as u8)]
}

/// Whether `message` announces that the link `index` is gone. The kernel
/// sends two for a bridge port (the port, `AF_BRIDGE`, then the link,
/// `AF_UNSPEC`); the second comes after everything of the link is gone.
fn announces_removal(message: &NetlinkMessage<RouteNetlinkMessage>, index: u32) -> bool {
    matches!(
        &message.payload,
        NetlinkPayload::InnerMessage(RouteNetlinkMessage::DelLink(LinkMessage { header, .. }))
            if header.index == index && header.interface_family == AddressFamily::Unspec
    )
}

/// Sends `request` (one serialized netlink request with `NLM_F_ACK`) on
/// `sender` from a grandchild process and waits until `notifications`
/// announce that link `watched` is gone, or the grandchild reports.
/// `notifications` must already be subscribed to `RTNLGRP_LINK` in the
/// watched link's namespace, so no announcement can slip by.
pub(crate) async fn delete(
    sender: Socket,
    request: &[u8],
    mut notifications: Notifications,
    watched: u32,
) -> Outcome {
    let report = match start(&sender, request) {
        Ok(report) => report,
        Err(errno) => {
            tracing::debug!("no process to send the deletion from: {errno}");
            return Outcome::Unknown;
        }
    };
    // Ours is a copy; the grandchild's stays open until it is done.
    drop(sender);
    let report = match tokio::net::unix::pipe::Receiver::from_owned_fd(report) {
        Ok(report) => report,
        Err(err) => {
            tracing::debug!("cannot wait for the deletion's report: {err}");
            return Outcome::Unknown;
        }
    };
    let mut listening = true;
    loop {
        tokio::select! {
            message = notifications.next(), if listening => match message {
                Some((message, _)) if announces_removal(&message, watched) => {
                    return Outcome::Unlisted
                }
                Some(_) => {}
                None => listening = false,
            },
            ready = report.readable() => {
                if ready.is_err() {
                    return Outcome::Unknown;
                }
                let mut bytes = [0u8; 2];
                match report.try_read(&mut bytes) {
                    Ok(n) => return decode_report(&bytes[..n]),
                    Err(err) if err.kind() == std::io::ErrorKind::WouldBlock => {}
                    Err(_) => return Outcome::Unknown,
                }
            }
        }
    }
}

/// Forks the grandchild (through a child that exits at once and is reaped
/// here, so no zombie is left behind whatever happens to the caller) and
/// returns the read end of its report pipe.
fn start(sender: &Socket, request: &[u8]) -> Result<OwnedFd, Errno> {
    let (report_read, report_write) = pipe2(OFlag::O_CLOEXEC | OFlag::O_NONBLOCK)?;
    // SAFETY: the child and the grandchild only make async-signal-safe
    // system calls on memory that exists before the fork (`request`, the
    // descriptors) and their own stack, then `_exit`: no allocation, no
    // locks, no unwinding, whatever other threads the caller has.
    match unsafe { fork() }? {
        ForkResult::Child => unsafe {
            match nix::libc::fork() {
                0 => grandchild(sender.as_raw_fd(), request, report_write.as_raw_fd()),
                -1 => nix::libc::_exit(1),
                _ => nix::libc::_exit(0),
            }
        },
        ForkResult::Parent { child } => {
            drop(report_write);
            // Only to reap it: had it no grandchild to start, the pipe
            // ends without a report when it exits, and that says so.
            let _ = waitpid(child, None);
            Ok(report_read)
        }
    }
}

/// Sends the request, reads the ack, reports, exits. Runs in a forked copy
/// of the caller: async-signal-safe calls only.
unsafe fn grandchild(sender: RawFd, request: &[u8], report: RawFd) -> ! {
    use nix::libc;
    // Everything but the two descriptors it uses goes: stdio, so readers
    // of the caller's output see its end when the caller exits, and every
    // socket and lock, so nothing of the caller lives on in it.
    let (low, high) = (
        sender.min(report) as libc::c_uint,
        sender.max(report) as libc::c_uint,
    );
    if low > 0 {
        libc::syscall(libc::SYS_close_range, 0, low - 1, 0);
    }
    libc::syscall(libc::SYS_close_range, low + 1, high.saturating_sub(1), 0);
    libc::syscall(libc::SYS_close_range, high + 1, libc::c_uint::MAX, 0);
    let sent = libc::send(sender, request.as_ptr().cast(), request.len(), 0);
    let message = if sent < 0 {
        [NOT_SENT, 0]
    } else {
        let mut ack = [0u8; 512];
        let received = libc::recv(sender, ack.as_mut_ptr().cast(), ack.len(), 0);
        match usize::try_from(received) {
            Ok(n) => encode_ack(&ack[..n.min(ack.len())]),
            Err(_) => [NO_ACK, 0],
        }
    };
    libc::write(report, message.as_ptr().cast(), message.len());
    libc::_exit(0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rtnetlink::packet_route::link::LinkHeader;

    fn ack(errno: i32) -> Vec<u8> {
        let mut ack = vec![0u8; 36];
        ack[0..4].copy_from_slice(&36u32.to_ne_bytes());
        ack[4..6].copy_from_slice(&2u16.to_ne_bytes());
        ack[16..20].copy_from_slice(&(-errno).to_ne_bytes());
        ack
    }

    #[test]
    fn the_ack_is_reported_with_its_errno() {
        assert_eq!(decode_report(&encode_ack(&ack(0))), Outcome::Acked(0));
        assert_eq!(
            decode_report(&encode_ack(&ack(Errno::ENODEV as i32))),
            Outcome::Acked(Errno::ENODEV as i32)
        );
        assert_eq!(
            decode_report(&encode_ack(&ack(300))),
            Outcome::Acked(Errno::EIO as i32)
        );
    }

    #[test]
    fn anything_but_an_ack_leaves_the_outcome_open() {
        let mut other = ack(0);
        other[4..6].copy_from_slice(&16u16.to_ne_bytes()); // RTM_NEWLINK
        assert_eq!(decode_report(&encode_ack(&other)), Outcome::Unknown);
        assert_eq!(decode_report(&encode_ack(&[0u8; 8])), Outcome::Unknown);
        assert_eq!(decode_report(&[NOT_SENT, 0]), Outcome::Unknown);
        // The grandchild died before it wrote anything.
        assert_eq!(decode_report(&[]), Outcome::Unknown);
    }

    fn link_message(index: u32, family: AddressFamily) -> LinkMessage {
        let mut message = LinkMessage::default();
        message.header = LinkHeader {
            index,
            interface_family: family,
            ..LinkHeader::default()
        };
        message
    }

    #[test]
    fn only_the_links_own_removal_counts() {
        let del = |index, family| {
            NetlinkMessage::from(RouteNetlinkMessage::DelLink(link_message(index, family)))
        };
        assert!(announces_removal(&del(7, AddressFamily::Unspec), 7));
        // The bridge port goes first; the link is not gone yet.
        assert!(!announces_removal(&del(7, AddressFamily::Bridge), 7));
        assert!(!announces_removal(&del(8, AddressFamily::Unspec), 7));
        let changed = NetlinkMessage::from(RouteNetlinkMessage::NewLink(link_message(
            7,
            AddressFamily::Unspec,
        )));
        assert!(!announces_removal(&changed, 7));
    }
}
