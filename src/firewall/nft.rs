//! The per-attachment compat chain through nf_tables netlink, without an
//! exec.
//!
//! The reference `bridge` plugin's DEL looks for a chain named after the
//! attachment (`CNI-<hash>`) and fails under iptables-nft when it is
//! missing, so cnictl keeps an empty one per attachment. Made with
//! `iptables-restore`, that chain costs an exec (~3 ms) on every ADD and
//! one (~30 ms, the tool reloads its whole ruleset cache) on every DEL, more
//! than all the rest of cnictl's work. When `iptables` is the nf_tables
//! variant (Debian's default), an iptables chain *is* an nf_tables chain in
//! table `nat` of family `ip`/`ip6`, so one netlink batch creates or
//! deletes it, and iptables-nft (and the reference plugin) see it as a
//! user-defined chain.
//!
//! Only that: rules are still written by `iptables-restore`, whose text
//! format is the contract with everything else on the host.

use std::io;
use std::path::Path;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Mutex, OnceLock};

use netlink_packet_core::{NetlinkMessage, NetlinkPayload, NLM_F_ACK, NLM_F_CREATE, NLM_F_REQUEST};
use netlink_packet_netfilter::nftables::{ChainAttribute, ChainMessage, NfTablesMessage};
use netlink_packet_netfilter::none::ControlMessage;
use netlink_packet_netfilter::{
    NetfilterHeader, NetfilterMessage, NetfilterMessageInner, NetfilterProtoFamily,
};
use netlink_sys::{protocols::NETLINK_NETFILTER, Socket, SocketAddr};

use super::rules::IpFamily;

const ENOENT: i32 = nix::errno::Errno::ENOENT as i32;
const EBUSY: i32 = nix::errno::Errno::EBUSY as i32;
const ENOTEMPTY: i32 = nix::errno::Errno::ENOTEMPTY as i32;

/// `NFNL_SUBSYS_NFTABLES`: batch messages carry it as their resource id.
const NFNL_SUBSYS_NFTABLES: u16 = 10;

/// Which `iptables` the host runs: the one `iptables-restore` resolves to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// `xtables-nft-multi` (or `iptables-nft-restore`): chains are
    /// nf_tables chains, so netlink may make them.
    Nft,
    /// `xtables-legacy-multi` or anything not recognised: only the tool
    /// itself may touch its tables.
    Other,
}

/// Decides the backend from where the tool's path leads once symlinks
/// (Debian's alternatives) are followed.
pub fn backend_of(resolved_tool: &Path) -> Backend {
    let name = resolved_tool
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default();
    if name.contains("nft") {
        Backend::Nft
    } else {
        Backend::Other
    }
}

/// What one chain operation did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Done,
    /// Delete: the chain was not there (the reference's DEL removed it).
    Absent,
    /// The kernel refused in a way the restore path handles better: the
    /// table is missing (create), or the chain is in use or has rules
    /// (delete). The caller falls back to `iptables-restore`.
    FallBack,
}

/// An empty user chain in table `nat`, created if missing (an existing one
/// is left as it is).
pub fn create_nat_chain(family: IpFamily, chain: &str) -> io::Result<Outcome> {
    let msg = NfTablesMessage::NewChain(chain_message(chain));
    match transact(family, msg, NLM_F_CREATE)? {
        None => Ok(Outcome::Done),
        Some(ENOENT) => Ok(Outcome::FallBack),
        Some(code) => Err(io::Error::from_raw_os_error(code)),
    }
}

/// Deletes a user chain of table `nat`; an absent chain (or table) is fine.
pub fn delete_nat_chain(family: IpFamily, chain: &str) -> io::Result<Outcome> {
    let msg = NfTablesMessage::DeleteChain(chain_message(chain));
    match transact(family, msg, 0)? {
        None => Ok(Outcome::Done),
        Some(ENOENT) => Ok(Outcome::Absent),
        // Not empty, or jumped to: the reference's rules are in it.
        Some(EBUSY | ENOTEMPTY) => Ok(Outcome::FallBack),
        Some(code) => Err(io::Error::from_raw_os_error(code)),
    }
}

fn chain_message(chain: &str) -> ChainMessage {
    chain_in("nat", chain)
}

fn chain_in(table: &str, chain: &str) -> ChainMessage {
    ChainMessage {
        attributes: vec![
            ChainAttribute::Table(table.to_string()),
            ChainAttribute::Name(chain.to_string()),
        ],
    }
}

/// How many references the kernel counts on a chain: one per rule in it
/// and one per rule that jumps to it (the count that makes deleting a
/// non-empty or jumped-to chain fail with EBUSY). `None` when the chain
/// (or its table) does not exist. One netlink round trip, no exec: this is
/// how `add` learns whether a network's rules are still whole.
pub fn chain_use(family: IpFamily, table: &str, chain: &str) -> io::Result<Option<u32>> {
    static NEXT_SEQ: AtomicU32 = AtomicU32::new(1 << 30);
    let seq = NEXT_SEQ.fetch_add(1, Ordering::Relaxed);
    let mut request = NetlinkMessage::from(NetfilterMessage::new(
        NetfilterHeader::new(proto_family(family), 0, 0),
        NfTablesMessage::GetChain(chain_in(table, chain)),
    ));
    request.header.flags = NLM_F_REQUEST | NLM_F_ACK;
    request.header.sequence_number = seq;
    request.finalize();
    let mut bytes = vec![0; request.buffer_len()];
    request.serialize(&mut bytes);
    let socket = socket()?
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    socket.send(&bytes, 0)?;
    let mut found = None;
    read_replies(&socket, |reply| {
        if reply.header.sequence_number != seq {
            return None;
        }
        match &reply.payload {
            // The ack that ends the GET, or its refusal.
            NetlinkPayload::Error(err) => Some(match err.code.map(|c| -c.get()) {
                None => Ok(found),
                Some(ENOENT) => Ok(None),
                Some(code) => Err(io::Error::from_raw_os_error(code)),
            }),
            NetlinkPayload::InnerMessage(inner) => {
                if let NetfilterMessageInner::NfTables(NfTablesMessage::NewChain(message)) =
                    &inner.inner
                {
                    found = Some(
                        message
                            .attributes
                            .iter()
                            .find_map(|a| match a {
                                ChainAttribute::Use(n) => Some(*n),
                                _ => None,
                            })
                            .unwrap_or(0),
                    );
                }
                None
            }
            _ => None,
        }
    })?
}

fn proto_family(family: IpFamily) -> NetfilterProtoFamily {
    match family {
        IpFamily::V4 => NetfilterProtoFamily::IPv4,
        IpFamily::V6 => NetfilterProtoFamily::IPv6,
    }
}

/// The bytes of one nf_tables transaction holding `msg`: batch begin, the
/// message (acknowledged), batch end, numbered from `first_seq`.
pub fn batch_bytes(
    family: IpFamily,
    msg: NfTablesMessage,
    extra_flags: u16,
    first_seq: u32,
) -> Vec<u8> {
    let control = |inner: ControlMessage| {
        NetlinkMessage::from(NetfilterMessage::new(
            NetfilterHeader::new(NetfilterProtoFamily::Unspec, 0, NFNL_SUBSYS_NFTABLES),
            inner,
        ))
    };
    let mut messages = [
        control(ControlMessage::BatchBegin),
        NetlinkMessage::from(NetfilterMessage::new(
            NetfilterHeader::new(proto_family(family), 0, 0),
            msg,
        )),
        control(ControlMessage::BatchEnd),
    ];
    messages[1].header.flags = NLM_F_ACK | extra_flags;
    let mut bytes = Vec::new();
    for (seq, message) in messages.iter_mut().enumerate() {
        message.header.flags |= NLM_F_REQUEST;
        message.header.sequence_number = first_seq + seq as u32;
        message.finalize();
        let start = bytes.len();
        bytes.resize(start + message.buffer_len(), 0);
        message.serialize(&mut bytes[start..]);
    }
    bytes
}

/// The process's one nf_tables socket. It stays open until the process
/// exits, on purpose: closing a netfilter socket waits until the kernel's
/// deferred destroy work for the namespace is done, an RCU grace period
/// (~10 ms here) after a transaction that deleted something. Kept open to
/// the end, that wait runs on while the rest of the work is done, and is
/// paid once.
fn socket() -> io::Result<&'static Mutex<Socket>> {
    static SOCKET: OnceLock<Mutex<Socket>> = OnceLock::new();
    if let Some(socket) = SOCKET.get() {
        return Ok(socket);
    }
    let mut socket = Socket::new(NETLINK_NETFILTER)?;
    socket.bind_auto()?;
    socket.connect(&SocketAddr::new(0, 0))?;
    Ok(SOCKET.get_or_init(|| Mutex::new(socket)))
}

/// Reads the kernel's replies on `socket` and hands each message to
/// `visit` until it returns a value.
fn read_replies<T>(
    socket: &Socket,
    mut visit: impl FnMut(&NetlinkMessage<NetfilterMessage>) -> Option<T>,
) -> io::Result<T> {
    loop {
        let (buf, _) = socket.recv_from_full()?;
        let mut offset = 0;
        while offset < buf.len() {
            let reply = NetlinkMessage::<NetfilterMessage>::deserialize(&buf[offset..])
                .map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e.to_string()))?;
            if let Some(value) = visit(&reply) {
                return Ok(value);
            }
            let len = reply.header.length as usize;
            if len == 0 {
                break;
            }
            offset += (len + 3) & !3;
        }
    }
}

/// Sends one transaction and waits for the kernel's answer to its message:
/// `None` when it was applied, else the errno it was refused with.
fn transact(family: IpFamily, msg: NfTablesMessage, extra_flags: u16) -> io::Result<Option<i32>> {
    static NEXT_SEQ: AtomicU32 = AtomicU32::new(1);
    let first_seq = NEXT_SEQ.fetch_add(3, Ordering::Relaxed);
    let socket = socket()?
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    socket.send(&batch_bytes(family, msg, extra_flags, first_seq), 0)?;
    read_replies(&socket, |reply| match &reply.payload {
        NetlinkPayload::Error(err) if reply.header.sequence_number == first_seq + 1 => {
            Some(err.code.map(|c| -c.get()))
        }
        // A refused batch marker: the kernel has no nf_tables.
        NetlinkPayload::Error(err) => err.code.map(|code| Some(-code.get())),
        _ => None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    #[test]
    fn backend_follows_the_resolved_binary_name() {
        for (path, backend) in [
            ("/usr/sbin/xtables-nft-multi", Backend::Nft),
            ("/usr/sbin/iptables-nft-restore", Backend::Nft),
            ("/usr/sbin/xtables-legacy-multi", Backend::Other),
            ("/usr/sbin/iptables-restore", Backend::Other),
            ("", Backend::Other),
        ] {
            assert_eq!(backend_of(&PathBuf::from(path)), backend, "{path}");
        }
    }

    #[test]
    fn create_batch_is_begin_newchain_end() {
        let bytes = batch_bytes(
            IpFamily::V4,
            NfTablesMessage::NewChain(chain_message("CNI-abc")),
            NLM_F_CREATE,
            1,
        );
        // Batch begin: 20 bytes, type NFNL_MSG_BATCH_BEGIN (0x10), res_id 10
        // (big endian, as nfgenmsg carries it).
        assert_eq!(&bytes[..8], &[20, 0, 0, 0, 0x10, 0, 1, 0]);
        assert_eq!(&bytes[16..20], &[0, 0, 0, 10]);
        // NEWCHAIN: type (NFNL_SUBSYS_NFTABLES << 8) | 3, flags
        // REQUEST | ACK | CREATE, seq 2, family ip.
        let chain = &bytes[20..];
        let len = u32::from_ne_bytes(chain[..4].try_into().unwrap()) as usize;
        assert_eq!(u16::from_ne_bytes([chain[4], chain[5]]), 0x0a03);
        assert_eq!(u16::from_ne_bytes([chain[6], chain[7]]), 0x0405);
        assert_eq!(u32::from_ne_bytes(chain[8..12].try_into().unwrap()), 2);
        assert_eq!(chain[16], 2);
        let text = String::from_utf8_lossy(&chain[..len]);
        assert!(
            text.contains("nat\0") && text.contains("CNI-abc\0"),
            "{text:?}"
        );
        // Batch end closes it.
        let end = &chain[len..];
        assert_eq!(end.len(), 20);
        assert_eq!(&end[4..6], &[0x11, 0]);
    }

    #[test]
    fn delete_batch_is_an_acked_delchain_for_ip6() {
        let bytes = batch_bytes(
            IpFamily::V6,
            NfTablesMessage::DeleteChain(chain_message("CNI-abc")),
            0,
            1,
        );
        let chain = &bytes[20..];
        assert_eq!(u16::from_ne_bytes([chain[4], chain[5]]), 0x0a05);
        assert_eq!(u16::from_ne_bytes([chain[6], chain[7]]), 0x0005);
        assert_eq!(chain[16], 10);
    }
}
