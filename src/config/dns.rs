//! DNS settings for the CNI result: the network config's `dns`, or the
//! host-local `ipam.resolvConf` file read into the same shape.
//!
//! The parser is pure (text in, [`DnsConf`] out) so every rule is a unit
//! test; [`load_resolv_conf`] is the only file access, and [`network_dns`]
//! is what `cnictl add` calls during validation, before anything changes.
//!
//! Which source wins follows the reference plugins from 1.2.0 on: host-local
//! puts the resolvConf settings into its result, and the bridge plugin
//! replaces them only when the network config sets `dns` (its
//! `dnsConfSet`). The 1.1.1 bridge plugin (Debian 12's
//! containernetworking-plugins) overwrote them unconditionally, so with a
//! resolvConf and no `dns` it prints `"dns": {}`; cnictl deliberately keeps
//! the newer behaviour, which is what the setting is for.

use std::path::{Path, PathBuf};

use crate::config::{DnsConf, NetworkConfig};

/// A `resolvConf` file that cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum DnsError {
    #[error("network {network}: cannot read ipam.resolvConf {}: {source}; fix the path or remove \"resolvConf\" from the config", path.display())]
    Read {
        network: String,
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

/// Parses resolv.conf text as the C library reads it: `nameserver` lines
/// add a server each (the first word after the keyword), `options` lines
/// add their words; the last `domain` line gives the domain and the last
/// `search` line the search list (each replaces what came before, as in
/// libc). Lines starting with `#` or `;` are comments; unknown keywords and
/// keywords without a value are skipped.
///
/// host-local's own parser differs in one case: it concatenates the words
/// of every `search` line, where libc (and cnictl) keep only the last line.
pub fn parse_resolv_conf(text: &str) -> DnsConf {
    let mut dns = DnsConf::default();
    for line in text.lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') || line.starts_with(';') {
            continue;
        }
        let mut words = line.split_whitespace();
        let Some(keyword) = words.next() else {
            continue;
        };
        let values: Vec<String> = words.map(str::to_string).collect();
        if values.is_empty() {
            continue;
        }
        match keyword {
            "nameserver" => dns.nameservers.push(values[0].clone()),
            "domain" => dns.domain = Some(values[0].clone()),
            "search" => dns.search = values,
            "options" => dns.options.extend(values),
            _ => {}
        }
    }
    dns
}

/// Reads and parses the file `ipam.resolvConf` names.
pub fn load_resolv_conf(network: &str, path: &Path) -> Result<DnsConf, DnsError> {
    std::fs::read_to_string(path)
        .map(|text| parse_resolv_conf(&text))
        .map_err(|source| DnsError::Read {
            network: network.to_string(),
            path: path.to_path_buf(),
            source,
        })
}

/// True when a DNS section says anything; the reference bridge plugin's
/// `dnsConfSet` (an empty `"dns": {}` does not replace IPAM's settings).
/// One corner differs: Go counts an explicitly empty list
/// (`"nameservers": []`) as set, which cnictl's config types cannot tell
/// from an absent one, so such a section does not replace the resolvConf
/// settings here.
pub fn is_set(dns: &DnsConf) -> bool {
    !dns.nameservers.is_empty()
        || dns.domain.as_deref().is_some_and(|d| !d.is_empty())
        || !dns.search.is_empty()
        || !dns.options.is_empty()
}

/// The DNS of the ADD result: the network config's `dns` when it sets
/// anything, else what IPAM found in its resolvConf, else nothing.
pub fn result_dns(config_dns: Option<DnsConf>, ipam_dns: Option<DnsConf>) -> DnsConf {
    match config_dns {
        Some(dns) if is_set(&dns) => dns,
        _ => ipam_dns.unwrap_or_default(),
    }
}

/// The result DNS of a network, reading its `ipam.resolvConf` when it has
/// one. Called during validation: an unreadable file stops `add` before
/// anything on the host changes.
pub fn network_dns(config: &NetworkConfig) -> Result<DnsConf, DnsError> {
    let ipam_dns = match config
        .ipam()
        .and_then(|ipam| ipam.resolv_conf.as_deref())
        .filter(|path| !path.is_empty())
    {
        Some(path) => Some(load_resolv_conf(&config.display_name(), Path::new(path))?),
        None => None,
    };
    Ok(result_dns(config.dns(), ipam_dns))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{ConfigSource, FileKind};

    fn strings(words: &[&str]) -> Vec<String> {
        words.iter().map(|w| w.to_string()).collect()
    }

    #[test]
    fn parses_every_keyword() {
        let dns = parse_resolv_conf(
            "nameserver 10.0.0.53\nnameserver fd00::53\ndomain corp.example\n\
             search a.example b.example\noptions ndots:2 timeout:1\noptions rotate\n",
        );
        assert_eq!(dns.nameservers, strings(&["10.0.0.53", "fd00::53"]));
        assert_eq!(dns.domain.as_deref(), Some("corp.example"));
        assert_eq!(dns.search, strings(&["a.example", "b.example"]));
        assert_eq!(dns.options, strings(&["ndots:2", "timeout:1", "rotate"]));
    }

    #[test]
    fn skips_comments_blank_lines_and_unknown_keywords() {
        let dns = parse_resolv_conf(
            "# written by hand\n; old-style comment\n\n   \n\tnameserver   10.1.1.1  # trailing\n\
             sortlist 10.0.0.0/8\nnameserver\nlookup file bind\n  #nameserver 10.9.9.9\n",
        );
        // Only the first word after `nameserver` counts, as in libc.
        assert_eq!(dns.nameservers, strings(&["10.1.1.1"]));
        assert_eq!(dns.domain, None);
        assert!(dns.search.is_empty() && dns.options.is_empty());
    }

    #[test]
    fn the_last_domain_and_the_last_search_line_win() {
        let dns = parse_resolv_conf(
            "domain first.example\nsearch a.example b.example\ndomain second.example\nsearch c.example\n",
        );
        assert_eq!(dns.domain.as_deref(), Some("second.example"));
        assert_eq!(dns.search, strings(&["c.example"]));
    }

    #[test]
    fn an_empty_file_gives_no_settings() {
        let dns = parse_resolv_conf("");
        assert_eq!(dns, DnsConf::default());
        assert!(!is_set(&dns));
    }

    #[test]
    fn handles_crlf_line_ends() {
        let dns = parse_resolv_conf("nameserver 10.2.2.2\r\nsearch x.example\r\n");
        assert_eq!(dns.nameservers, strings(&["10.2.2.2"]));
        assert_eq!(dns.search, strings(&["x.example"]));
    }

    #[test]
    fn config_dns_wins_only_when_it_sets_something() {
        let file = DnsConf {
            nameservers: strings(&["10.0.0.53"]),
            ..Default::default()
        };
        let conf = DnsConf {
            domain: Some("conf.example".into()),
            ..Default::default()
        };
        assert_eq!(
            result_dns(Some(conf.clone()), Some(file.clone())),
            conf,
            "a config dns replaces the resolvConf settings"
        );
        assert_eq!(
            result_dns(Some(DnsConf::default()), Some(file.clone())),
            file
        );
        assert_eq!(result_dns(None, Some(file.clone())), file);
        assert_eq!(result_dns(Some(conf.clone()), None), conf);
        assert_eq!(result_dns(None, None), DnsConf::default());
    }

    fn config(json: &str) -> NetworkConfig {
        NetworkConfig::from_bytes(
            json.as_bytes().to_vec(),
            FileKind::Single,
            ConfigSource::Stdin,
        )
        .unwrap()
    }

    #[test]
    fn network_dns_reads_the_resolv_conf_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("resolv.conf");
        std::fs::write(&path, "nameserver 10.3.3.3\nsearch svc.example\n").unwrap();
        let json = format!(
            r#"{{"name":"n","type":"bridge","ipam":{{"type":"host-local","subnet":"10.1.0.0/24","resolvConf":{}}}}}"#,
            serde_json::to_string(&path).unwrap()
        );
        let dns = network_dns(&config(&json)).unwrap();
        assert_eq!(dns.nameservers, strings(&["10.3.3.3"]));
        assert_eq!(dns.search, strings(&["svc.example"]));

        let with_dns = json.replacen(
            r#""type":"bridge","#,
            r#""type":"bridge","dns":{"nameservers":["10.4.4.4"]},"#,
            1,
        );
        let dns = network_dns(&config(&with_dns)).unwrap();
        assert_eq!(dns.nameservers, strings(&["10.4.4.4"]));
        assert!(dns.search.is_empty());
    }

    #[test]
    fn an_unreadable_resolv_conf_names_the_file_and_the_network() {
        let json = r#"{"name":"mynet","type":"bridge","ipam":{"type":"host-local","subnet":"10.1.0.0/24","resolvConf":"/nonexistent/cnictl/resolv.conf"}}"#;
        let err = network_dns(&config(json)).unwrap_err();
        let text = err.to_string();
        assert!(text.contains("/nonexistent/cnictl/resolv.conf"), "{text}");
        assert!(text.contains("\"mynet\""), "{text}");
        assert!(text.contains("resolvConf"), "{text}");
    }

    #[test]
    fn no_resolv_conf_means_the_config_dns_alone() {
        let json = r#"{"name":"n","type":"bridge","dns":{"search":["s.example"]},"ipam":{"type":"host-local","subnet":"10.1.0.0/24","resolvConf":""}}"#;
        let dns = network_dns(&config(json)).unwrap();
        assert_eq!(dns.search, strings(&["s.example"]));
    }
}
