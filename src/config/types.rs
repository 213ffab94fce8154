//! The JSON shapes of CNI network configuration files, as the reference
//! plugins read them. Field names follow the files (camelCase); every field a
//! user may leave out is optional here, and fields cnictl does not know are
//! kept in `extra` so a config survives a round trip unchanged.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// One plugin entry: the whole file for `.conf`/`.json`, one element of
/// `plugins` for a `.conflist`. Fields of the `bridge` plugin are typed; any
/// other plugin keeps its fields in `extra`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PluginConf {
    /// Absent in a single-plugin file means the spec's 0.1.0 semantics.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cni_version: Option<String>,
    /// Set from the list's name for a conflist entry; required in a `.conf`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(rename = "type", default)]
    pub plugin_type: String,

    // --- bridge plugin ---
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bridge: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_gateway: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_default_gateway: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub force_address: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ip_masq: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mtu: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hairpin_mode: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub promisc_mode: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vlan: Option<u16>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub macspoofchk: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enabledad: Option<bool>,

    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ipam: Option<IpamConf>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dns: Option<DnsConf>,

    /// Everything else (`capabilities`, `args`, `runtimeConfig`, `prevResult`,
    /// other plugins' fields): kept as written.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl PluginConf {
    /// A `bridge` plugin without IPAM: no `ipam` section, or one without a
    /// `type` (`"ipam": {}`, the reference's documented L2-only form). The
    /// reference then sets up the bridge and the veth and gives the
    /// container no address, no route and no masquerade.
    pub fn is_layer2_only(&self) -> bool {
        self.plugin_type == "bridge" && self.ipam.as_ref().is_none_or(|i| i.ipam_type.is_empty())
    }

    /// Whether its containers' traffic is masqueraded: `ipMasq`, on a
    /// network with addresses to masquerade.
    pub fn masquerades(&self) -> bool {
        self.ip_masq.unwrap_or(false) && !self.is_layer2_only()
    }
}

/// The `ipam` section. Typed for `host-local`; other IPAM types keep their
/// fields in `extra`. Addresses stay strings here: validation parses them so
/// that each fault can name its field.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct IpamConf {
    #[serde(rename = "type", default)]
    pub ipam_type: String,
    /// Old-style single range; host-local prepends it as range set 0.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subnet: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub range_start: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub range_end: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gateway: Option<String>,
    /// Range sets: each inner list is one set, one IP is allocated per set.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ranges: Vec<Vec<RangeConf>>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub routes: Vec<RouteConf>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data_dir: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resolv_conf: Option<String>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// One range inside a range set, as written.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RangeConf {
    #[serde(default)]
    pub subnet: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub range_start: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub range_end: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gateway: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct RouteConf {
    #[serde(default)]
    pub dst: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gw: Option<String>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DnsConf {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub nameservers: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub domain: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub search: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub options: Vec<String>,
}
