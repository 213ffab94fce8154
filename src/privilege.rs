//! Whether this process may change network configuration. Checked before
//! anything is changed, so a user without root gets one clear sentence
//! instead of an EPERM half-way through an attachment.

/// `CAP_NET_ADMIN` from linux/capability.h.
const CAP_NET_ADMIN: u32 = 12;

/// True when the effective capability set holds CAP_NET_ADMIN (root has it;
/// so may a capability-granted binary or a user namespace's root).
pub fn has_net_admin() -> bool {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| effective_caps(&status))
        .is_some_and(|caps| caps & (1 << CAP_NET_ADMIN) != 0)
}

/// Parses the `CapEff:` line of /proc/PID/status (hex bit mask).
fn effective_caps(status: &str) -> Option<u64> {
    status
        .lines()
        .find_map(|line| line.strip_prefix("CapEff:"))
        .and_then(|hex| u64::from_str_radix(hex.trim(), 16).ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_effective_set() {
        let status = "Name:\tcnictl\nCapInh:\t0000000000000000\nCapEff:\t0000000000001000\n";
        assert_eq!(effective_caps(status), Some(1 << CAP_NET_ADMIN));
        assert_eq!(effective_caps("Name:\tx\n"), None);
    }

    #[test]
    fn agrees_with_this_process() {
        // Root in the initial user namespace holds every capability.
        let is_root = std::fs::read_to_string("/proc/self/status")
            .unwrap()
            .lines()
            .any(|l| l.starts_with("Uid:") && l.split_whitespace().nth(2) == Some("0"));
        if is_root {
            assert!(has_net_admin());
        }
    }
}
