//! Plugin mode, the protocol side: which plugin cnictl is asked to be, the
//! `CNI_*` environment, `CNI_ARGS`, the config's own request fields
//! (`args.cni`, `runtimeConfig`) and the error objects, each checked in the
//! order the reference plugins' `skel` checks them so that a runtime sees
//! the same code for the same mistake. Pure: the caller passes the
//! environment in.

use std::ffi::OsStr;
use std::net::IpAddr;
use std::path::{Path, PathBuf};

use ipnetwork::IpNetwork;
use serde_json::{json, Value};

use super::{CniVersion, ErrorCode, ErrorResult};

/// Where a runtime looks for plugins when `CNI_PATH` is not set.
pub const DEFAULT_CNI_PATH: &str = "/opt/cni/bin:/usr/lib/cni";

/// The plugins cnictl can stand in for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PluginKind {
    Bridge,
    HostLocal,
    Loopback,
}

impl PluginKind {
    pub const ALL: [PluginKind; 3] = [
        PluginKind::Bridge,
        PluginKind::HostLocal,
        PluginKind::Loopback,
    ];

    /// The executable name a runtime calls it by.
    pub fn name(self) -> &'static str {
        match self {
            PluginKind::Bridge => "bridge",
            PluginKind::HostLocal => "host-local",
            PluginKind::Loopback => "loopback",
        }
    }

    pub fn from_name(name: &str) -> Option<PluginKind> {
        PluginKind::ALL.into_iter().find(|k| k.name() == name)
    }
}

/// Whether this process is a plugin: called by a plugin's name (a link in
/// a CNI bin dir), or as plain `cnictl` with no arguments and
/// `CNI_COMMAND` set (then it is `bridge`).
pub fn detect(argv0: Option<&OsStr>, has_args: bool, cni_command_set: bool) -> Option<PluginKind> {
    let name = argv0
        .and_then(|a| Path::new(a).file_name())
        .and_then(OsStr::to_str);
    if let Some(kind) = name.and_then(PluginKind::from_name) {
        return Some(kind);
    }
    (!has_args && cni_command_set).then_some(PluginKind::Bridge)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CniCommand {
    Add,
    Del,
    Check,
    Version,
    Status,
    Gc,
}

impl CniCommand {
    pub fn parse(text: &str) -> Option<CniCommand> {
        Some(match text {
            "ADD" => CniCommand::Add,
            "DEL" => CniCommand::Del,
            "CHECK" => CniCommand::Check,
            "VERSION" => CniCommand::Version,
            "STATUS" => CniCommand::Status,
            "GC" => CniCommand::Gc,
            _ => return None,
        })
    }

    /// The `CNI_*` variables skel requires for this command, in its order.
    fn required(self) -> &'static [&'static str] {
        match self {
            CniCommand::Add | CniCommand::Check => {
                &["CNI_CONTAINERID", "CNI_NETNS", "CNI_IFNAME", "CNI_PATH"]
            }
            CniCommand::Del => &["CNI_CONTAINERID", "CNI_IFNAME", "CNI_PATH"],
            CniCommand::Status | CniCommand::Gc => &["CNI_PATH"],
            CniCommand::Version => &[],
        }
    }

    /// The first version whose spec has this command.
    pub fn since(self) -> CniVersion {
        match self {
            CniCommand::Check => CniVersion::V0_4_0,
            CniCommand::Status | CniCommand::Gc => CniVersion::V1_1_0,
            _ => CniVersion::V0_1_0,
        }
    }
}

/// The invocation, from the environment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CniEnv {
    pub command: CniCommand,
    pub container_id: String,
    pub netns: Option<PathBuf>,
    pub ifname: String,
    /// `CNI_ARGS` as given; [`CniArgs::parse`] reads it.
    pub args: String,
    pub path: Vec<PathBuf>,
}

/// An error object without `cniVersion` (the reference plugins leave it
/// out; the caller adds it once the config's version is known).
pub fn error(code: ErrorCode, msg: impl Into<String>, details: impl Into<String>) -> ErrorResult {
    let details = details.into();
    ErrorResult {
        cni_version: None,
        code,
        msg: msg.into(),
        details: (!details.is_empty()).then_some(details),
    }
}

impl CniEnv {
    /// Reads the environment through `get` (which returns `None` for an
    /// unset or empty variable), as skel's `getCmdArgsFromEnv` does.
    pub fn from_lookup(get: impl Fn(&str) -> Option<String>) -> Result<CniEnv, ErrorResult> {
        let Some(command_text) = get("CNI_COMMAND") else {
            return Err(error(
                ErrorCode::InvalidEnvironment,
                "required env variables [CNI_COMMAND] missing",
                "",
            ));
        };
        let Some(command) = CniCommand::parse(&command_text) else {
            return Err(error(
                ErrorCode::InvalidEnvironment,
                format!("unknown CNI_COMMAND: {command_text}"),
                "",
            ));
        };
        let missing: Vec<&str> = command
            .required()
            .iter()
            .copied()
            .filter(|var| get(var).is_none())
            .collect();
        if !missing.is_empty() {
            return Err(error(
                ErrorCode::InvalidEnvironment,
                format!("required env variables [{}] missing", missing.join(",")),
                "",
            ));
        }
        let path = get("CNI_PATH").unwrap_or_else(|| DEFAULT_CNI_PATH.to_string());
        Ok(CniEnv {
            command,
            container_id: get("CNI_CONTAINERID").unwrap_or_default(),
            netns: get("CNI_NETNS").map(PathBuf::from),
            ifname: get("CNI_IFNAME").unwrap_or_default(),
            args: get("CNI_ARGS").unwrap_or_default(),
            path: std::env::split_paths(&path).collect(),
        })
    }

    /// skel's checks of the container id and interface name, done before
    /// any command but VERSION runs.
    pub fn validate(&self) -> Result<(), ErrorResult> {
        if matches!(
            self.command,
            CniCommand::Version | CniCommand::Status | CniCommand::Gc
        ) {
            return Ok(());
        }
        validate_container_id(&self.container_id)?;
        validate_ifname(&self.ifname)
    }
}

/// libcni's `ValidateContainerID`: a letter or digit, then letters,
/// digits, `_`, `.` and `-`.
pub fn validate_container_id(id: &str) -> Result<(), ErrorResult> {
    if id.is_empty() {
        return Err(error(
            ErrorCode::InvalidEnvironment,
            "missing containerID",
            "",
        ));
    }
    let mut chars = id.chars();
    let first_ok = chars.next().is_some_and(|c| c.is_ascii_alphanumeric());
    let rest_ok = chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-'));
    if first_ok && rest_ok {
        Ok(())
    } else {
        Err(error(
            ErrorCode::InvalidEnvironment,
            "invalid characters in containerID",
            id,
        ))
    }
}

/// libcni's `ValidateInterfaceName`, with its messages.
pub fn validate_ifname(name: &str) -> Result<(), ErrorResult> {
    let fail = |msg: &str, details: &str| Err(error(ErrorCode::InvalidEnvironment, msg, details));
    if name.is_empty() {
        return fail("interface name is empty", "");
    }
    if name.len() > 15 {
        return fail(
            "interface name is too long",
            "interface name should be less than 16 characters",
        );
    }
    if name == "." || name == ".." {
        return fail("interface name is . or ..", "");
    }
    if name
        .chars()
        .any(|c| c == '/' || c == ':' || c.is_whitespace())
    {
        return fail(
            "interface name contains / or : or whitespace characters",
            "",
        );
    }
    Ok(())
}

/// `CNI_ARGS` (`K=V;K=V`) as the bridge and host-local plugins read it
/// together: `IP` (comma-separated), `MAC`, `IgnoreUnknown`. Any other key
/// is refused unless `IgnoreUnknown` is true, as the reference refuses it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CniArgs {
    pub pairs: Vec<(String, String)>,
    pub ips: Vec<IpAddr>,
    pub mac: Option<String>,
    pub ignore_unknown: bool,
}

impl CniArgs {
    pub fn parse(text: &str) -> Result<CniArgs, ErrorResult> {
        let internal = |msg: String| error(ErrorCode::Internal, msg, "");
        let mut args = CniArgs::default();
        if text.is_empty() {
            return Ok(args);
        }
        for pair in text.split(';') {
            let parts: Vec<&str> = pair.split('=').collect();
            if parts.len() != 2 {
                return Err(internal(format!("ARGS: invalid pair {pair:?}")));
            }
            args.pairs
                .push((parts[0].to_string(), parts[1].to_string()));
        }
        if let Some((_, value)) = args.pairs.iter().find(|(k, _)| k == "IgnoreUnknown") {
            args.ignore_unknown = match value.to_ascii_lowercase().as_str() {
                "1" | "true" => true,
                "0" | "false" => false,
                _ => {
                    return Err(internal(format!(
                        "ARGS: error parsing value of pair \"IgnoreUnknown={value}\": boolean unmarshal error: invalid input {value}"
                    )))
                }
            };
        }
        let mut unknown = Vec::new();
        for (key, value) in &args.pairs {
            match key.as_str() {
                "IgnoreUnknown" => {}
                "MAC" => args.mac = Some(value.clone()),
                "IP" => {
                    for text in value.split(',').filter(|t| !t.is_empty()) {
                        let ip = text.trim().parse().map_err(|_| {
                            internal(format!(
                                "ARGS: error parsing value of pair \"IP={value}\": invalid IP address: {text}"
                            ))
                        })?;
                        args.ips.push(ip);
                    }
                }
                _ => unknown.push(format!("{key}={value}")),
            }
        }
        if !unknown.is_empty() && !args.ignore_unknown {
            let quoted: Vec<String> = unknown.iter().map(|u| format!("{u:?}")).collect();
            return Err(internal(format!(
                "ARGS: unknown args [{}]",
                quoted.join(" ")
            )));
        }
        Ok(args)
    }
}

/// What the runtime asks for beyond `CNI_ARGS`: `args.cni.ips`/`mac`
/// (the "args in network config" convention) and `runtimeConfig.ips`/
/// `mac` (capabilities). Addresses may carry a prefix length.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ConfigRequests {
    pub ips: Vec<IpAddr>,
    pub mac: Option<String>,
}

impl ConfigRequests {
    pub fn from_plugin_extra(extra: &serde_json::Map<String, Value>) -> Result<Self, ErrorResult> {
        let mut out = ConfigRequests::default();
        let sources = [
            ("args.cni", extra.get("args").and_then(|a| a.get("cni"))),
            ("runtimeConfig", extra.get("runtimeConfig")),
        ];
        // Later sources win for the MAC, as in the reference bridge;
        // addresses add up, as in host-local.
        for (origin, section) in sources {
            let Some(section) = section else { continue };
            if let Some(ips) = section.get("ips") {
                let list = ips.as_array().ok_or_else(|| {
                    error(
                        ErrorCode::DecodingFailure,
                        format!("{origin}.ips must be a list of addresses"),
                        ips.to_string(),
                    )
                })?;
                for item in list {
                    let ip = item.as_str().and_then(parse_ip_maybe_cidr).ok_or_else(|| {
                        error(
                            ErrorCode::InvalidNetworkConfig,
                            format!("{origin}.ips: {item} is not an IP address"),
                            "",
                        )
                    })?;
                    if !out.ips.contains(&ip) {
                        out.ips.push(ip);
                    }
                }
            }
            if let Some(mac) = section.get("mac").and_then(Value::as_str) {
                if !mac.is_empty() {
                    out.mac = Some(mac.to_string());
                }
            }
        }
        Ok(out)
    }
}

fn parse_ip_maybe_cidr(text: &str) -> Option<IpAddr> {
    text.parse::<IpAddr>()
        .ok()
        .or_else(|| text.parse::<IpNetwork>().ok().map(|n| n.ip()))
}

/// The answer to `VERSION`.
pub fn version_info() -> Value {
    json!({
        "cniVersion": CniVersion::LATEST.as_str(),
        "supportedVersions": CniVersion::ALL.iter().map(|v| v.as_str()).collect::<Vec<_>>(),
    })
}

/// The code-1 error for a config version cnictl does not speak, worded as
/// the reference words it.
pub fn incompatible_version(given: &str) -> ErrorResult {
    let supported: Vec<String> = CniVersion::ALL
        .iter()
        .map(|v| format!("{:?}", v.as_str()))
        .collect();
    error(
        ErrorCode::IncompatibleVersion,
        "incompatible CNI versions",
        format!(
            "config is {given:?}, plugin supports [{}]",
            supported.join(" ")
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn env(vars: &[(&str, &str)]) -> Result<CniEnv, ErrorResult> {
        let map: HashMap<String, String> = vars
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        CniEnv::from_lookup(|k| map.get(k).filter(|v| !v.is_empty()).cloned())
    }

    #[test]
    fn detects_plugin_names_and_bare_cnictl() {
        let d = |a: &str, args, cmd| detect(Some(OsStr::new(a)), args, cmd);
        assert_eq!(
            d("/opt/cni/bin/bridge", true, false),
            Some(PluginKind::Bridge)
        );
        assert_eq!(d("host-local", false, false), Some(PluginKind::HostLocal));
        assert_eq!(d("/x/loopback", false, true), Some(PluginKind::Loopback));
        assert_eq!(d("/usr/bin/cnictl", false, true), Some(PluginKind::Bridge));
        assert_eq!(d("/usr/bin/cnictl", true, true), None);
        assert_eq!(d("/usr/bin/cnictl", false, false), None);
    }

    #[test]
    fn env_errors_match_skel() {
        let e = env(&[]).unwrap_err();
        assert_eq!(e.code, ErrorCode::InvalidEnvironment);
        assert_eq!(e.msg, "required env variables [CNI_COMMAND] missing");
        let e = env(&[("CNI_COMMAND", "FOO")]).unwrap_err();
        assert_eq!(e.msg, "unknown CNI_COMMAND: FOO");
        let e = env(&[
            ("CNI_COMMAND", "ADD"),
            ("CNI_CONTAINERID", "a"),
            ("CNI_PATH", "/x"),
        ])
        .unwrap_err();
        assert_eq!(
            e.msg,
            "required env variables [CNI_NETNS,CNI_IFNAME] missing"
        );
        // DEL needs no netns: the container may be gone.
        let ok = env(&[
            ("CNI_COMMAND", "DEL"),
            ("CNI_CONTAINERID", "a"),
            ("CNI_IFNAME", "eth0"),
            ("CNI_PATH", "/x:/y"),
        ])
        .unwrap();
        assert_eq!(ok.netns, None);
        assert_eq!(ok.path, vec![PathBuf::from("/x"), PathBuf::from("/y")]);
        assert!(env(&[("CNI_COMMAND", "VERSION")]).is_ok());
    }

    #[test]
    fn container_id_and_ifname_are_checked_like_libcni() {
        let mut e = env(&[
            ("CNI_COMMAND", "ADD"),
            ("CNI_CONTAINERID", "a/b c"),
            ("CNI_NETNS", "/n"),
            ("CNI_IFNAME", "eth0"),
            ("CNI_PATH", "/x"),
        ])
        .unwrap();
        let err = e.validate().unwrap_err();
        assert_eq!(
            (err.code, err.msg.as_str(), err.details.as_deref()),
            (
                ErrorCode::InvalidEnvironment,
                "invalid characters in containerID",
                Some("a/b c")
            )
        );
        e.container_id = "abc".into();
        e.ifname = "eth0123456789abcdef".into();
        assert_eq!(e.validate().unwrap_err().msg, "interface name is too long");
        e.ifname = "eth/0".into();
        assert_eq!(
            e.validate().unwrap_err().msg,
            "interface name contains / or : or whitespace characters"
        );
        e.ifname = "eth0".into();
        assert!(e.validate().is_ok());
    }

    #[test]
    fn cni_args_as_the_reference_reads_them() {
        let args = CniArgs::parse("IP=10.1.1.5,10.2.0.9;MAC=02:00:00:00:00:01").unwrap();
        assert_eq!(
            args.ips,
            vec![
                "10.1.1.5".parse::<IpAddr>().unwrap(),
                "10.2.0.9".parse().unwrap()
            ]
        );
        assert_eq!(args.mac.as_deref(), Some("02:00:00:00:00:01"));
        let e = CniArgs::parse("FOO=bar").unwrap_err();
        assert_eq!(e.code, ErrorCode::Internal);
        assert_eq!(e.msg, r#"ARGS: unknown args ["FOO=bar"]"#);
        assert_eq!(
            CniArgs::parse("FOO").unwrap_err().msg,
            r#"ARGS: invalid pair "FOO""#
        );
        let ok = CniArgs::parse("IgnoreUnknown=1;K8S_POD_NAME=web;IP=10.0.0.2").unwrap();
        assert!(ok.ignore_unknown);
        assert_eq!(ok.ips.len(), 1);
        assert!(CniArgs::parse("IgnoreUnknown=maybe").is_err());
        assert!(CniArgs::parse("IP=10.0.0.300").is_err());
        assert_eq!(CniArgs::parse("").unwrap(), CniArgs::default());
    }

    #[test]
    fn config_requests_add_ips_and_runtime_config_mac_wins() {
        let extra = serde_json::from_str(
            r#"{"args":{"cni":{"ips":["10.0.0.5/24"],"mac":"02:00:00:00:00:01"}},
                "runtimeConfig":{"ips":["10.0.0.5","fd00::5/64"],"mac":"02:00:00:00:00:02"}}"#,
        )
        .unwrap();
        let r = ConfigRequests::from_plugin_extra(&extra).unwrap();
        assert_eq!(
            r.ips,
            vec![
                "10.0.0.5".parse::<IpAddr>().unwrap(),
                "fd00::5".parse().unwrap()
            ]
        );
        assert_eq!(r.mac.as_deref(), Some("02:00:00:00:00:02"));
        let bad = serde_json::from_str(r#"{"runtimeConfig":{"ips":["nope"]}}"#).unwrap();
        assert_eq!(
            ConfigRequests::from_plugin_extra(&bad).unwrap_err().code,
            ErrorCode::InvalidNetworkConfig
        );
    }

    #[test]
    fn version_answers() {
        let v = version_info();
        assert_eq!(v["cniVersion"], "1.1.0");
        assert_eq!(v["supportedVersions"].as_array().unwrap().len(), 7);
        let e = incompatible_version("9.9.9");
        assert_eq!(e.code, ErrorCode::IncompatibleVersion);
        assert_eq!(
            e.details.as_deref(),
            Some(
                r#"config is "9.9.9", plugin supports ["0.1.0" "0.2.0" "0.3.0" "0.3.1" "0.4.0" "1.0.0" "1.1.0"]"#
            )
        );
    }
}
