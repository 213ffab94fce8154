//! Port publishing (`cnictl add --publish [HOSTIP:]HOSTPORT:PORT[/tcp|udp]`):
//! parsing, the conflict check against other attachments, and how the
//! mappings are recorded. The mappings live in the attachment's cache entry
//! as libcni records them (`capabilityArgs.portMappings`), so `del`, `ls`,
//! `show` and other CNI tools read them from the same place. The rule text
//! is in [`crate::firewall::ports`].

use std::fmt;
use std::net::IpAddr;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::cni::cache::{self, CacheEntry};

/// `tcp` or `udp`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Protocol {
    Tcp,
    Udp,
}

impl Protocol {
    pub fn as_str(self) -> &'static str {
        match self {
            Protocol::Tcp => "tcp",
            Protocol::Udp => "udp",
        }
    }
}

/// One published port, in CNI's `portMappings` shape.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PortMapping {
    pub host_port: u16,
    pub container_port: u16,
    pub protocol: Protocol,
    /// The host address it is reachable on; absent: every address.
    #[serde(
        rename = "hostIP",
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "empty_as_none"
    )]
    pub host_ip: Option<IpAddr>,
}

fn empty_as_none<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<IpAddr>, D::Error> {
    let text: Option<String> = Option::deserialize(d)?;
    match text.as_deref() {
        None | Some("") => Ok(None),
        Some(t) => t.parse().map(Some).map_err(serde::de::Error::custom),
    }
}

impl fmt::Display for PortMapping {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.host_ip {
            Some(IpAddr::V6(ip)) => write!(f, "[{ip}]:")?,
            Some(ip) => write!(f, "{ip}:")?,
            None => {}
        }
        write!(
            f,
            "{}:{}/{}",
            self.host_port,
            self.container_port,
            self.protocol.as_str()
        )
    }
}

#[derive(Debug, thiserror::Error)]
pub enum PublishError {
    #[error("--publish {value}: {problem}; expected [HOSTIP:]HOSTPORT:CONTAINERPORT[/tcp|udp], such as 8080:80 or 127.0.0.1:5353:53/udp")]
    Syntax { value: String, problem: String },

    #[error("--publish {mapping}: host port {port}/{proto} is already published by {holder}; choose another host port or `cnictl del` that container first", port = .mapping.host_port, proto = .mapping.protocol.as_str())]
    Taken {
        mapping: PortMapping,
        holder: String,
    },

    #[error("--publish {mapping}: the container has no {family} address on network \"{network}\"")]
    NoAddress {
        mapping: PortMapping,
        family: &'static str,
        network: String,
    },

    #[error("--publish: network \"{network}\" is L2-only (no ipam type), so its containers have no address to forward ports to; publish on a network with host-local ipam")]
    Layer2Only { network: String },
}

/// Parses one `--publish` value.
pub fn parse(text: &str) -> Result<PortMapping, PublishError> {
    let err = |problem: &str| PublishError::Syntax {
        value: text.to_string(),
        problem: problem.to_string(),
    };
    let (spec, protocol) = match text.rsplit_once('/') {
        Some((spec, "tcp")) => (spec, Protocol::Tcp),
        Some((spec, "udp")) => (spec, Protocol::Udp),
        Some(_) => return Err(err("the protocol must be tcp or udp")),
        None => (text, Protocol::Tcp),
    };
    // An IPv6 host address is written in brackets: [::1]:8080:80.
    let (host_ip, ports) = if let Some(rest) = spec.strip_prefix('[') {
        let (ip, ports) = rest
            .split_once("]:")
            .ok_or_else(|| err("an IPv6 host address needs brackets: [::1]:8080:80"))?;
        (Some(ip), ports)
    } else {
        match spec.matches(':').count() {
            1 => (None, spec),
            2 => {
                let (ip, ports) = spec.split_once(':').expect("two colons");
                (Some(ip), ports)
            }
            0 => return Err(err("the container port is missing")),
            _ => return Err(err("too many \":\"")),
        }
    };
    let host_ip = host_ip
        .map(|ip| {
            ip.parse::<IpAddr>()
                .map_err(|_| err(&format!("\"{ip}\" is not an IP address")))
        })
        .transpose()?;
    let (host_port, container_port) = ports.split_once(':').expect("checked above");
    let port = |p: &str| match p.parse::<u16>() {
        Ok(0) | Err(_) => Err(err(&format!("\"{p}\" is not a port (1-65535)"))),
        Ok(n) => Ok(n),
    };
    Ok(PortMapping {
        host_port: port(host_port)?,
        container_port: port(container_port)?,
        protocol,
        // 0.0.0.0 is the default (every IPv4 address); [::] asks for IPv6.
        host_ip: host_ip.filter(|ip| !(ip.is_ipv4() && ip.is_unspecified())),
    })
}

/// Whether two mappings claim the same host port.
pub fn clash(a: &PortMapping, b: &PortMapping) -> bool {
    a.protocol == b.protocol
        && a.host_port == b.host_port
        && match (a.host_ip, b.host_ip) {
            (Some(x), Some(y)) => {
                x.is_ipv4() == y.is_ipv4() && (x == y || x.is_unspecified() || y.is_unspecified())
            }
            // No address means every address.
            _ => true,
        }
}

/// The mappings recorded in a cache entry.
pub fn recorded(entry: &CacheEntry) -> Vec<PortMapping> {
    entry
        .capability_args
        .get("portMappings")
        .cloned()
        .and_then(|v| serde_json::from_value(v).ok())
        .unwrap_or_default()
}

/// The value to record as `capabilityArgs.portMappings`.
pub fn to_capability(mappings: &[PortMapping]) -> Value {
    serde_json::to_value(mappings).expect("mappings serialize")
}

/// Who holds a published host port: one small file per claim, in
/// `<cache_dir>/cnictl-ports/<proto>-<port>/<host address or "any">`, so
/// that checking a port reads one tiny directory instead of every cache
/// entry (which made each `add --publish` slower than the last).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Claim {
    pub network: String,
    pub container_id: String,
    pub if_name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub container_name: Option<String>,
    pub mapping: PortMapping,
}

/// Where the port claims live.
pub fn claims_dir(cache_dir: &Path) -> PathBuf {
    cache_dir.join("cnictl-ports")
}

fn port_dir(cache_dir: &Path, m: &PortMapping) -> PathBuf {
    claims_dir(cache_dir).join(format!("{}-{}", m.protocol.as_str(), m.host_port))
}

fn claim_file_name(m: &PortMapping) -> String {
    match m.host_ip {
        None => "any".into(),
        Some(ip) => ip.to_string().replace(':', "_"),
    }
}

/// Refuses mappings that clash with each other or with a port another
/// attachment holds. A claim whose attachment has no cache entry any more
/// (a crash between the two) is stale and removed. Run it under the
/// publish lock, with [`claim`] after it.
pub fn check_free(cache_dir: &Path, wanted: &[PortMapping]) -> Result<(), PublishError> {
    for (i, a) in wanted.iter().enumerate() {
        if let Some(b) = wanted[..i].iter().find(|b| clash(a, b)) {
            return Err(PublishError::Taken {
                mapping: *a,
                holder: format!("--publish {b} of this same command"),
            });
        }
    }
    for ours in wanted {
        let Ok(dir) = std::fs::read_dir(port_dir(cache_dir, ours)) else {
            continue;
        };
        for file in dir.flatten() {
            let Some(claim) = std::fs::read(file.path())
                .ok()
                .and_then(|bytes| serde_json::from_slice::<Claim>(&bytes).ok())
            else {
                continue;
            };
            if !clash(ours, &claim.mapping) {
                continue;
            }
            let holder_cache = cache::cache_path(
                cache_dir,
                &claim.network,
                &claim.container_id,
                &claim.if_name,
            );
            if !holder_cache.exists() {
                let _ = std::fs::remove_file(file.path());
                continue;
            }
            let who = claim
                .container_name
                .clone()
                .unwrap_or_else(|| crate::runtime::display_id(&claim.container_id).to_string());
            return Err(PublishError::Taken {
                mapping: *ours,
                holder: format!(
                    "container {who} on network \"{}\" ({})",
                    claim.network, claim.mapping
                ),
            });
        }
    }
    Ok(())
}

/// Records the claims of an attachment's mappings (see [`check_free`]).
pub fn claim(cache_dir: &Path, claims: &[Claim]) -> std::io::Result<()> {
    for c in claims {
        let dir = port_dir(cache_dir, &c.mapping);
        let bytes = serde_json::to_vec(c).expect("claims serialize");
        let path = dir.join(claim_file_name(&c.mapping));
        std::fs::create_dir_all(&dir)?;
        // A `del` (which takes no lock) may remove the directory between
        // the two calls, when it held the last other claim: once more.
        if let Err(e) = std::fs::write(&path, &bytes) {
            if e.kind() != std::io::ErrorKind::NotFound {
                return Err(e);
            }
            std::fs::create_dir_all(&dir)?;
            std::fs::write(&path, &bytes)?;
        }
    }
    Ok(())
}

/// Removes the claims an attachment holds; a claim already gone, or taken
/// over by another attachment, is left alone.
pub fn release(cache_dir: &Path, claims: &[Claim]) {
    for c in claims {
        let dir = port_dir(cache_dir, &c.mapping);
        let path = dir.join(claim_file_name(&c.mapping));
        let ours = std::fs::read(&path)
            .ok()
            .and_then(|bytes| serde_json::from_slice::<Claim>(&bytes).ok())
            .is_some_and(|held| {
                held.container_id == c.container_id
                    && held.network == c.network
                    && held.if_name == c.if_name
            });
        if ours {
            let _ = std::fs::remove_file(&path);
            // Empty now, or holding another address's claim: either is fine.
            let _ = std::fs::remove_dir(&dir);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_forms_users_write() {
        assert_eq!(parse("8080:80").unwrap().to_string(), "8080:80/tcp");
        assert_eq!(
            parse("127.0.0.1:5353:53/udp").unwrap().to_string(),
            "127.0.0.1:5353:53/udp"
        );
        assert_eq!(
            parse("[::1]:8080:80").unwrap().to_string(),
            "[::1]:8080:80/tcp"
        );
        assert_eq!(parse("0.0.0.0:8080:80").unwrap().host_ip, None);
        assert_eq!(
            parse("8080:80/sctp").unwrap_err().to_string(),
            "--publish 8080:80/sctp: the protocol must be tcp or udp; expected \
             [HOSTIP:]HOSTPORT:CONTAINERPORT[/tcp|udp], such as 8080:80 or 127.0.0.1:5353:53/udp"
        );
        assert!(parse("80").is_err());
        assert!(parse("0:80").is_err());
        assert!(parse("x:1:2").is_err());
    }

    #[test]
    fn clashes_need_same_port_protocol_and_overlapping_address() {
        let a = parse("8080:80").unwrap();
        assert!(clash(&a, &parse("127.0.0.1:8080:81").unwrap()));
        assert!(!clash(&a, &parse("8080:80/udp").unwrap()));
        assert!(!clash(
            &parse("127.0.0.1:8080:80").unwrap(),
            &parse("127.0.0.2:8080:80").unwrap()
        ));
    }

    #[test]
    fn claims_refuse_a_taken_port_until_released_or_stale() {
        let dir = tempfile::tempdir().unwrap();
        let claim_a = Claim {
            network: "n".into(),
            container_id: "a".into(),
            if_name: "eth0".into(),
            container_name: Some("web".into()),
            mapping: parse("8080:80").unwrap(),
        };
        claim(dir.path(), std::slice::from_ref(&claim_a)).unwrap();
        // The holder's cache entry exists: refused, naming it.
        let entry = cache::cache_path(dir.path(), "n", "a", "eth0");
        std::fs::create_dir_all(entry.parent().unwrap()).unwrap();
        std::fs::write(&entry, "{}").unwrap();
        let err = check_free(dir.path(), &[parse("127.0.0.1:8080:81").unwrap()]).unwrap_err();
        assert_eq!(
            err.to_string(),
            "--publish 127.0.0.1:8080:81/tcp: host port 8080/tcp is already published by \
             container web on network \"n\" (8080:80/tcp); choose another host port or \
             `cnictl del` that container first"
        );
        check_free(dir.path(), &[parse("8080:80/udp").unwrap()]).unwrap();
        // Released: free.
        release(dir.path(), std::slice::from_ref(&claim_a));
        check_free(dir.path(), &[parse("8080:80").unwrap()]).unwrap();
        // Stale (no cache entry): free, and the claim is gone.
        claim(dir.path(), std::slice::from_ref(&claim_a)).unwrap();
        std::fs::remove_file(&entry).unwrap();
        check_free(dir.path(), &[parse("8080:80").unwrap()]).unwrap();
        assert!(std::fs::read_dir(claims_dir(dir.path()).join("tcp-8080"))
            .unwrap()
            .next()
            .is_none());
    }

    #[test]
    fn round_trips_through_capability_args() {
        let m = vec![
            parse("127.0.0.1:5353:53/udp").unwrap(),
            parse("8080:80").unwrap(),
        ];
        let v = to_capability(&m);
        assert_eq!(
            v,
            serde_json::json!([
                {"hostPort": 5353, "containerPort": 53, "protocol": "udp", "hostIP": "127.0.0.1"},
                {"hostPort": 8080, "containerPort": 80, "protocol": "tcp"}
            ])
        );
        let back: Vec<PortMapping> = serde_json::from_value(v).unwrap();
        assert_eq!(back, m);
    }
}
