//! Interface names: the host-side veth name cnictl picks, and the kernel's
//! rules for any name (checked before a request, so the error names the
//! rule instead of a bare EINVAL).

use std::hash::{BuildHasher, Hasher};

use super::error::NetlinkError;

/// The kernel's IFNAMSIZ (16) less the terminating NUL.
pub const MAX_IFNAME_LEN: usize = 15;

/// The host end's name from four random bytes: `veth` + 8 lowercase hex
/// digits, as the CNI bridge plugin names them, so tools that recognise
/// CNI's veths recognise ours.
pub fn veth_name_from_bytes(bytes: [u8; 4]) -> String {
    format!("veth{:08x}", u32::from_be_bytes(bytes))
}

/// A fresh host-side veth name. Uniqueness, not secrecy, is what matters
/// here (a clash is retried), so std's randomly keyed hasher is random
/// enough and spares a dependency.
pub fn random_veth_name() -> String {
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    hasher.write_u128(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or_default(),
    );
    let [a, b, c, d, ..] = hasher.finish().to_be_bytes();
    veth_name_from_bytes([a, b, c, d])
}

/// Checks a name against the kernel's rules (`dev_valid_name`): 1 to 15
/// bytes, not `.` or `..`, no `/`, `:` or whitespace. A valid name is also
/// a safe single path component under `/proc/sys/net/*/conf/`.
pub fn validate_ifname(name: &str) -> Result<(), NetlinkError> {
    let reason = if name.is_empty() {
        Some("it is empty")
    } else if name.len() > MAX_IFNAME_LEN {
        Some("it is longer than 15 bytes")
    } else if name == "." || name == ".." {
        Some("it is . or ..")
    } else if name.contains(['/', ':']) || name.chars().any(char::is_whitespace) {
        Some("it contains '/', ':' or whitespace")
    } else {
        None
    };
    match reason {
        Some(reason) => Err(NetlinkError::InvalidName {
            name: name.to_string(),
            reason,
        }),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn is_veth_name(name: &str) -> bool {
        name.len() == 12
            && name.starts_with("veth")
            && name[4..]
                .chars()
                .all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase())
    }

    #[test]
    fn veth_name_is_veth_and_eight_hex_digits() {
        assert_eq!(veth_name_from_bytes([0, 0, 0, 0]), "veth00000000");
        assert_eq!(
            veth_name_from_bytes([0xde, 0xad, 0xbe, 0xef]),
            "vethdeadbeef"
        );
        assert_eq!(
            veth_name_from_bytes([0x0a, 0x0b, 0x0c, 0x0d]),
            "veth0a0b0c0d"
        );
    }

    #[test]
    fn random_veth_names_are_valid_and_differ() {
        let names: std::collections::HashSet<String> =
            (0..64).map(|_| random_veth_name()).collect();
        assert!(names.len() > 60, "too many clashes: {names:?}");
        for name in &names {
            assert!(is_veth_name(name), "{name}");
            validate_ifname(name).expect("valid");
        }
    }

    #[test]
    fn ifname_rules_match_the_kernel() {
        for good in [
            "eth0",
            "cni0",
            "veth0123abcd",
            "a",
            "br-0123456789ab",
            "eth0.100",
        ] {
            validate_ifname(good).unwrap_or_else(|e| panic!("{good}: {e}"));
        }
        for bad in ["", ".", "..", "eth/0", "eth 0", "eth:0", "sixteen-bytes-xx"] {
            let err = validate_ifname(bad).expect_err(bad);
            assert!(err.to_string().contains(&format!("{bad:?}")), "{err}");
        }
    }
}
