//! A conflist's plugins after the in-process `bridge`, run by exec as
//! libcni runs them: each gets the list's name and cniVersion, the
//! previous result as `prevResult`, and `runtimeConfig` with the
//! capability arguments it declares; DEL goes in reverse, with the cached
//! result as `prevResult` from 0.4.0 on; a failed ADD runs DEL for every
//! plugin it reached, the failed one included.

use serde_json::{Map, Value};

use super::exec::{self, ExecError, Invocation};
use super::CniVersion;

/// The plugin entries of a conflist exactly as written (the typed config
/// drops nothing, but other plugins' fields are best passed on verbatim).
pub fn raw_plugins(list_bytes: &[u8]) -> Vec<Value> {
    serde_json::from_slice::<Value>(list_bytes)
        .ok()
        .and_then(|v| v.get("plugins").and_then(Value::as_array).cloned())
        .unwrap_or_default()
}

/// libcni's `buildOneConfig`: the plugin's stdin.
pub fn plugin_stdin(
    name: &str,
    version: &str,
    plugin: &Value,
    prev_result: Option<&Value>,
    capability_args: &Map<String, Value>,
) -> Value {
    let mut conf = plugin.as_object().cloned().unwrap_or_default();
    conf.insert("name".into(), Value::String(name.into()));
    conf.insert("cniVersion".into(), Value::String(version.into()));
    if let Some(prev) = prev_result {
        conf.insert("prevResult".into(), prev.clone());
    }
    let mut runtime = Map::new();
    if let Some(caps) = conf.get("capabilities").and_then(Value::as_object) {
        for (cap, on) in caps {
            if on.as_bool() == Some(true) {
                if let Some(value) = capability_args.get(cap) {
                    runtime.insert(cap.clone(), value.clone());
                }
            }
        }
    }
    if !runtime.is_empty() {
        conf.insert("runtimeConfig".into(), Value::Object(runtime));
    }
    Value::Object(conf)
}

/// This executable, for a chain plugin cnictl serves itself (`loopback`,
/// `host-local`); `None` for any other type. Only the cnictl binary runs
/// them so: a test binary linking this library has no plugin mode.
pub fn own_plugin(kind: &str) -> Option<std::path::PathBuf> {
    use super::plugin::PluginKind;
    let own = matches!(
        PluginKind::from_name(kind),
        Some(PluginKind::Loopback | PluginKind::HostLocal)
    );
    let exe = std::env::current_exe().ok()?;
    let is_cnictl = exe.file_name().is_some_and(|n| n == "cnictl");
    (own && is_cnictl).then_some(exe)
}

/// What every call of one chain shares.
#[derive(Debug, Clone)]
pub struct Chain {
    pub name: String,
    pub version: CniVersion,
    /// `command` is set per call.
    pub invocation: Invocation,
    pub capability_args: Map<String, Value>,
}

/// A chain ADD that failed, after its DELs ran.
#[derive(Debug)]
pub struct ChainFailure {
    pub error: ExecError,
    /// DELs of the rollback that failed too.
    pub leftovers: Vec<String>,
}

impl Chain {
    fn call(
        &self,
        command: &'static str,
        plugin: &Value,
        prev: Option<&Value>,
    ) -> Result<Vec<u8>, ExecError> {
        let kind = plugin.get("type").and_then(Value::as_str).unwrap_or("");
        let stdin = plugin_stdin(
            &self.name,
            self.version.as_str(),
            plugin,
            prev,
            &self.capability_args,
        );
        let inv = Invocation {
            command,
            ..self.invocation.clone()
        };
        // cnictl's own plugins run as cnictl, wherever CNI_PATH points.
        if let Some(own) = own_plugin(kind) {
            return exec::exec_as(&own, kind, &inv, stdin.to_string().as_bytes());
        }
        let binary = exec::find_plugin(kind, &self.invocation.path)?;
        exec::exec(&binary, &inv, stdin.to_string().as_bytes())
    }

    /// ADD through `plugins` in order, starting from `prev` (the bridge's
    /// result); returns the last result.
    pub fn add(&self, plugins: &[Value], prev: Value) -> Result<Value, ChainFailure> {
        let mut result = prev;
        for (i, plugin) in plugins.iter().enumerate() {
            let kind = plugin.get("type").and_then(Value::as_str).unwrap_or("");
            let outcome = self
                .call("ADD", plugin, Some(&result))
                .and_then(|out| exec::parse_result(kind, "ADD", &out));
            match outcome {
                Ok(next) => result = self.in_chain_version(next),
                Err(error) => {
                    let leftovers = self.del(&plugins[..=i], Some(&result));
                    return Err(ChainFailure { error, leftovers });
                }
            }
        }
        Ok(result)
    }

    /// A plugin's result in the list's cniVersion, converted as libcni
    /// converts it before passing it on (a 1.x result reaching a 0.4.0
    /// plugin, and the reverse); kept as printed when it cannot be.
    fn in_chain_version(&self, result: Value) -> Value {
        if result.get("cniVersion").and_then(Value::as_str) == Some(self.version.as_str()) {
            return result;
        }
        super::CniResult::from_json_value(&result)
            .and_then(|r| r.to_json_value(self.version))
            .unwrap_or(result)
    }

    /// CHECK through `plugins` in order with the cached result as
    /// `prevResult` (spec 0.4.0 on; before that there is no CHECK); each
    /// plugin is asked, and each one's complaint is returned.
    pub fn check(&self, plugins: &[Value], cached: &Value) -> Vec<String> {
        if self.version < CniVersion::V0_4_0 {
            return Vec::new();
        }
        plugins
            .iter()
            .filter_map(|plugin| self.call("CHECK", plugin, Some(cached)).err())
            .map(|e| e.to_string())
            .collect()
    }

    /// STATUS (spec 1.1.0 on) of every plugin: whether each is ready to
    /// take attachments; returns each one's complaint. Lists of older
    /// versions have no STATUS: nothing is asked.
    pub fn status(&self, plugins: &[Value]) -> Vec<String> {
        if self.version < CniVersion::V1_1_0 {
            return Vec::new();
        }
        plugins
            .iter()
            .filter_map(|plugin| self.call("STATUS", plugin, None).err())
            .map(|e| e.to_string())
            .collect()
    }

    /// GC (spec 1.1.0 on) of every plugin, each told the attachments that
    /// are still valid (`cni.dev/valid-attachments`, (container id, ifname)
    /// pairs) so it can drop what it keeps for any other; returns the
    /// failures. Lists of older versions have no GC: nothing is asked.
    pub fn gc(&self, plugins: &[Value], valid: &[(String, String)]) -> Vec<String> {
        if self.version < CniVersion::V1_1_0 {
            return Vec::new();
        }
        let attachments: Value = valid
            .iter()
            .map(|(id, ifname)| serde_json::json!({"containerID": id, "ifname": ifname}))
            .collect();
        plugins
            .iter()
            .filter_map(|plugin| {
                let mut plugin = plugin.clone();
                if let Some(fields) = plugin.as_object_mut() {
                    fields.insert("cni.dev/valid-attachments".into(), attachments.clone());
                }
                self.call("GC", &plugin, None).err()
            })
            .map(|e| e.to_string())
            .collect()
    }

    /// DEL through `plugins` in reverse; every plugin is tried, the
    /// failures are returned.
    pub fn del(&self, plugins: &[Value], cached: Option<&Value>) -> Vec<String> {
        let prev = cached.filter(|_| self.version >= CniVersion::V0_4_0);
        plugins
            .iter()
            .rev()
            .filter_map(|plugin| self.call("DEL", plugin, prev).err())
            .map(|e| e.to_string())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    use std::path::{Path, PathBuf};
    use std::time::{Duration, Instant};

    #[test]
    fn stdin_is_libcni_build_one_config() {
        let plugin = json!({"type": "portmap", "capabilities": {"portMappings": true, "bandwidth": false},
                            "snat": true});
        let caps = json!({"portMappings": [{"hostPort": 8080, "containerPort": 80, "protocol": "tcp"}],
                          "bandwidth": {"ingressRate": 1}, "mac": "x"});
        let prev = json!({"cniVersion": "1.0.0", "ips": []});
        let out = plugin_stdin(
            "net1",
            "1.0.0",
            &plugin,
            Some(&prev),
            caps.as_object().unwrap(),
        );
        assert_eq!(
            out,
            json!({"type": "portmap", "capabilities": {"portMappings": true, "bandwidth": false},
                   "snat": true, "name": "net1", "cniVersion": "1.0.0", "prevResult": prev,
                   "runtimeConfig": {"portMappings": caps["portMappings"]}})
        );
        let bare = plugin_stdin("n", "0.3.1", &json!({"type": "tuning"}), None, &Map::new());
        assert_eq!(
            bare,
            json!({"type": "tuning", "name": "n", "cniVersion": "0.3.1"})
        );
    }

    /// The fake plugins in tests/data/plugins, recording into `log`.
    struct Fakes {
        dir: tempfile::TempDir,
    }

    impl Fakes {
        fn new() -> Fakes {
            Fakes {
                dir: tempfile::tempdir().unwrap(),
            }
        }
        fn chain(&self, version: CniVersion, timeout: Duration) -> Chain {
            let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/plugins");
            Chain {
                name: "chainnet".into(),
                version,
                invocation: Invocation {
                    command: "ADD",
                    container_id: "cid1".into(),
                    netns: Some(PathBuf::from("/var/run/netns/fake")),
                    ifname: "eth0".into(),
                    // The fakes find their log dir through CNI_ARGS.
                    args: format!("FAKE_LOG={}", self.dir.path().display()),
                    path: vec![data],
                    timeout,
                },
                capability_args: json!({"portMappings": [{"hostPort": 1}]})
                    .as_object()
                    .unwrap()
                    .clone(),
            }
        }
        /// "COMMAND type" for each call, in order.
        fn calls(&self) -> Vec<String> {
            std::fs::read_to_string(self.dir.path().join("calls"))
                .unwrap_or_default()
                .lines()
                .map(str::to_string)
                .collect()
        }
        fn stdin_of(&self, n: usize) -> Value {
            let text = std::fs::read_to_string(self.dir.path().join(format!("stdin.{n}"))).unwrap();
            serde_json::from_str(&text).unwrap()
        }
    }

    fn plugins(types: &[&str]) -> Vec<Value> {
        types
            .iter()
            .map(|t| json!({"type": t, "capabilities": {"portMappings": true}}))
            .collect()
    }

    #[test]
    fn add_passes_prev_result_along_and_del_runs_in_reverse() {
        let fakes = Fakes::new();
        let chain = fakes.chain(CniVersion::V1_0_0, Duration::from_secs(10));
        let bridge_result = json!({"cniVersion": "1.0.0", "ips": [{"address": "10.0.0.2/24"}]});
        let out = chain
            .add(
                &plugins(&["fake-record", "fake-record2"]),
                bridge_result.clone(),
            )
            .unwrap();
        // Each fake adds its name to the result's interfaces.
        assert_eq!(
            out["interfaces"],
            json!([{"name": "fake-record"}, {"name": "fake-record2"}])
        );
        assert_eq!(fakes.calls(), vec!["ADD fake-record", "ADD fake-record2"]);
        let first = fakes.stdin_of(1);
        assert_eq!(first["prevResult"], bridge_result);
        assert_eq!(first["name"], "chainnet");
        assert_eq!(first["runtimeConfig"]["portMappings"][0]["hostPort"], 1);
        assert_eq!(
            fakes.stdin_of(2)["prevResult"]["interfaces"][0]["name"],
            "fake-record"
        );

        let errors = chain.del(&plugins(&["fake-record", "fake-record2"]), Some(&out));
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(&fakes.calls()[2..], ["DEL fake-record2", "DEL fake-record"]);
        assert_eq!(fakes.stdin_of(3)["prevResult"], out);
    }

    #[test]
    fn check_asks_every_plugin_in_order_with_the_cached_result() {
        let fakes = Fakes::new();
        let chain = fakes.chain(CniVersion::V1_0_0, Duration::from_secs(10));
        let cached = json!({"cniVersion": "1.0.0", "ips": [{"address": "10.0.0.2/24"}]});
        let complaints = chain.check(
            &plugins(&["fake-record", "fake-fail", "fake-record2"]),
            &cached,
        );
        assert_eq!(
            fakes.calls(),
            vec!["CHECK fake-record", "CHECK fake-fail", "CHECK fake-record2"]
        );
        assert_eq!(fakes.stdin_of(1)["prevResult"], cached);
        assert_eq!(complaints.len(), 1, "{complaints:?}");
        assert!(
            complaints[0].contains("fake-fail refuses CHECK"),
            "{complaints:?}"
        );

        // Before 0.4.0 the spec has no CHECK: nothing is asked.
        let old = Fakes::new();
        let chain = old.chain(CniVersion::V0_3_1, Duration::from_secs(10));
        assert!(chain.check(&plugins(&["fake-fail"]), &cached).is_empty());
        assert!(old.calls().is_empty());
    }

    #[test]
    fn gc_tells_every_plugin_the_valid_attachments() {
        let fakes = Fakes::new();
        let chain = fakes.chain(CniVersion::V1_1_0, Duration::from_secs(10));
        let valid = vec![("c1".to_string(), "eth0".to_string())];
        let failures = chain.gc(&plugins(&["fake-record", "fake-record2"]), &valid);
        assert!(failures.is_empty(), "{failures:?}");
        assert_eq!(fakes.calls(), vec!["GC fake-record", "GC fake-record2"]);
        let stdin = fakes.stdin_of(1);
        assert_eq!(
            stdin["cni.dev/valid-attachments"],
            json!([{"containerID": "c1", "ifname": "eth0"}])
        );
        assert!(stdin.get("prevResult").is_none(), "{stdin}");

        // A 1.0.0 list has no GC.
        let old = Fakes::new();
        let chain = old.chain(CniVersion::V1_0_0, Duration::from_secs(10));
        assert!(chain.gc(&plugins(&["fake-record"]), &valid).is_empty());
        assert!(old.calls().is_empty());
    }

    #[test]
    fn status_asks_every_plugin_of_a_1_1_0_list() {
        let fakes = Fakes::new();
        let chain = fakes.chain(CniVersion::V1_1_0, Duration::from_secs(10));
        assert!(chain.status(&plugins(&["fake-record"])).is_empty());
        assert_eq!(fakes.calls(), vec!["STATUS fake-record"]);
        let old = Fakes::new();
        let chain = old.chain(CniVersion::V1_0_0, Duration::from_secs(10));
        assert!(chain.status(&plugins(&["fake-record"])).is_empty());
        assert!(old.calls().is_empty());
    }

    #[test]
    fn a_failed_add_runs_del_for_what_it_reached() {
        let fakes = Fakes::new();
        let chain = fakes.chain(CniVersion::V0_4_0, Duration::from_secs(10));
        let err = chain
            .add(
                &plugins(&["fake-record", "fake-fail", "fake-record2"]),
                json!({}),
            )
            .unwrap_err();
        match &err.error {
            ExecError::Failed { plugin, error, .. } => {
                assert_eq!(plugin, "fake-fail");
                assert_eq!(error.code.code(), 117);
                assert_eq!(error.msg, "fake-fail refuses ADD");
            }
            other => panic!("{other:?}"),
        }
        assert!(err.error.to_string().contains("fake-fail refuses ADD"));
        assert_eq!(
            fakes.calls(),
            vec![
                "ADD fake-record",
                "ADD fake-fail",
                "DEL fake-fail",
                "DEL fake-record"
            ]
        );
        assert!(err.leftovers.is_empty(), "{:?}", err.leftovers);
    }

    #[test]
    fn a_hanging_plugin_is_killed_after_the_timeout() {
        let fakes = Fakes::new();
        let chain = fakes.chain(CniVersion::V1_0_0, Duration::from_millis(500));
        let started = Instant::now();
        let err = chain.add(&plugins(&["fake-hang"]), json!({})).unwrap_err();
        assert!(
            started.elapsed() < Duration::from_secs(5),
            "{:?}",
            started.elapsed()
        );
        assert!(
            matches!(err.error, ExecError::Timeout { .. }),
            "{:?}",
            err.error
        );
        assert!(err.error.to_string().contains("did not finish within 0.5s"));
    }

    #[test]
    fn garbage_and_missing_plugins_are_named() {
        let fakes = Fakes::new();
        let chain = fakes.chain(CniVersion::V1_0_0, Duration::from_secs(10));
        let err = chain
            .add(&plugins(&["fake-garbage"]), json!({}))
            .unwrap_err();
        assert!(
            matches!(err.error, ExecError::Garbage { .. }),
            "{:?}",
            err.error
        );
        assert!(
            err.error.to_string().contains("this is not json"),
            "{}",
            err.error
        );
        let err = chain
            .add(&plugins(&["no-such-plugin"]), json!({}))
            .unwrap_err();
        assert!(matches!(err.error, ExecError::NotFound { .. }));
        assert!(err.error.to_string().contains("no-such-plugin"));
        // The rollback DEL of a missing plugin fails too, and says so.
        assert_eq!(err.leftovers.len(), 1);
    }

    #[test]
    fn results_are_converted_to_the_list_version_before_passing_on() {
        let fakes = Fakes::new();
        // fake-record answers in 1.0.0; the list speaks 0.4.0.
        let chain = fakes.chain(CniVersion::V0_4_0, Duration::from_secs(10));
        let out = chain
            .add(
                &plugins(&["fake-record", "fake-record2"]),
                json!({"cniVersion": "0.4.0"}),
            )
            .unwrap();
        let passed = &fakes.stdin_of(2)["prevResult"];
        assert_eq!(passed["cniVersion"], "0.4.0", "{passed}");
        assert_eq!(passed["interfaces"][0]["name"], "fake-record");
        assert_eq!(out["cniVersion"], "0.4.0");
    }

    #[test]
    fn prev_result_on_del_only_from_0_4_0() {
        let fakes = Fakes::new();
        let chain = fakes.chain(CniVersion::V0_3_1, Duration::from_secs(10));
        let errors = chain.del(&plugins(&["fake-record"]), Some(&json!({"x": 1})));
        assert!(errors.is_empty());
        assert!(fakes.stdin_of(1).get("prevResult").is_none());
    }
}
