//! Results printed by the reference `bridge` plugin (Debian's
//! containernetworking-plugins 1.1.1, `/usr/lib/cni/bridge`, built on libcni
//! 1.1), pasted verbatim. Each was produced as root in throwaway namespaces:
//!
//! ```text
//! ip netns add cnireft1h; ip netns add cnireft1c; rm -rf /tmp/cniref/data
//! ip netns exec cnireft1h env CNI_COMMAND=ADD CNI_CONTAINERID=ctr1 \
//!     CNI_NETNS=/var/run/netns/cnireft1c CNI_IFNAME=eth0 CNI_PATH=/usr/lib/cni \
//!     /usr/lib/cni/bridge < CONF
//! # then the same with CNI_COMMAND=DEL, and ip netns del both
//! ```
//!
//! CONF for the `IPV4_*` results (the `cni_bridge.conf` case), with
//! `cniVersion` set to the version in the constant's name:
//!
//! ```json
//! {"cniVersion": "…", "name": "mynet", "type": "bridge", "bridge": "cni_bridge0",
//!  "isGateway": true, "ipMasq": false,
//!  "ipam": {"type": "host-local", "dataDir": "/tmp/cniref/data",
//!           "subnet": "10.13.23.0/24", "rangeStart": "10.13.23.100", "gateway": "10.13.23.99",
//!           "routes": [{"dst": "0.0.0.0/0"}, {"dst": "1.1.1.1/32", "gw": "10.13.23.1"}]}}
//! ```
//!
//! CONF for the `DUAL_DNS_*` results: the same with a second range set and a `dns`:
//!
//! ```json
//! "dns": {"nameservers": ["10.13.23.99", "fd00:13::1"], "domain": "example.test",
//!         "search": ["example.test", "test"], "options": ["ndots:2"]},
//! "ipam": {…, "ranges": [[{"subnet": "10.13.23.0/24", "rangeStart": "10.13.23.100", "gateway": "10.13.23.99"}],
//!                        [{"subnet": "fd00:13::/64", "rangeStart": "fd00:13::100", "gateway": "fd00:13::1"}]], …}
//! ```
//!
//! The MAC addresses and host veth names are random per run.

pub const IPV4_0_1_0: &str = r#"{
    "cniVersion": "0.1.0",
    "ip4": {
        "ip": "10.13.23.100/24",
        "gateway": "10.13.23.99",
        "routes": [
            {
                "dst": "0.0.0.0/0"
            },
            {
                "dst": "1.1.1.1/32",
                "gw": "10.13.23.1"
            }
        ]
    },
    "dns": {}
}"#;

pub const IPV4_0_2_0: &str = r#"{
    "cniVersion": "0.2.0",
    "ip4": {
        "ip": "10.13.23.100/24",
        "gateway": "10.13.23.99",
        "routes": [
            {
                "dst": "0.0.0.0/0"
            },
            {
                "dst": "1.1.1.1/32",
                "gw": "10.13.23.1"
            }
        ]
    },
    "dns": {}
}"#;

pub const IPV4_0_3_0: &str = r#"{
    "cniVersion": "0.3.0",
    "interfaces": [
        {
            "name": "cni_bridge0",
            "mac": "f6:2e:49:cb:25:13"
        },
        {
            "name": "veth165a99b5",
            "mac": "a2:35:93:b5:fe:df"
        },
        {
            "name": "eth0",
            "mac": "9e:50:89:b6:65:81",
            "sandbox": "/var/run/netns/cnireft1c"
        }
    ],
    "ips": [
        {
            "version": "4",
            "interface": 2,
            "address": "10.13.23.100/24",
            "gateway": "10.13.23.99"
        }
    ],
    "routes": [
        {
            "dst": "0.0.0.0/0"
        },
        {
            "dst": "1.1.1.1/32",
            "gw": "10.13.23.1"
        }
    ],
    "dns": {}
}"#;

pub const IPV4_0_3_1: &str = r#"{
    "cniVersion": "0.3.1",
    "interfaces": [
        {
            "name": "cni_bridge0",
            "mac": "fa:ff:39:18:bf:41"
        },
        {
            "name": "vethba504147",
            "mac": "5a:98:2a:9d:fe:42"
        },
        {
            "name": "eth0",
            "mac": "d2:06:ce:2b:cc:e7",
            "sandbox": "/var/run/netns/cnireft1c"
        }
    ],
    "ips": [
        {
            "version": "4",
            "interface": 2,
            "address": "10.13.23.100/24",
            "gateway": "10.13.23.99"
        }
    ],
    "routes": [
        {
            "dst": "0.0.0.0/0"
        },
        {
            "dst": "1.1.1.1/32",
            "gw": "10.13.23.1"
        }
    ],
    "dns": {}
}"#;

pub const IPV4_0_4_0: &str = r#"{
    "cniVersion": "0.4.0",
    "interfaces": [
        {
            "name": "cni_bridge0",
            "mac": "82:d7:34:ac:da:04"
        },
        {
            "name": "veth2cbb17a4",
            "mac": "52:3c:33:5e:51:fa"
        },
        {
            "name": "eth0",
            "mac": "8a:44:1b:58:b2:df",
            "sandbox": "/var/run/netns/cnireft1c"
        }
    ],
    "ips": [
        {
            "version": "4",
            "interface": 2,
            "address": "10.13.23.100/24",
            "gateway": "10.13.23.99"
        }
    ],
    "routes": [
        {
            "dst": "0.0.0.0/0"
        },
        {
            "dst": "1.1.1.1/32",
            "gw": "10.13.23.1"
        }
    ],
    "dns": {}
}"#;

pub const IPV4_1_0_0: &str = r#"{
    "cniVersion": "1.0.0",
    "interfaces": [
        {
            "name": "cni_bridge0",
            "mac": "8e:b3:da:b0:f9:72"
        },
        {
            "name": "veth43a8dde8",
            "mac": "96:b7:ba:81:c3:b0"
        },
        {
            "name": "eth0",
            "mac": "ce:29:47:4e:c0:b5",
            "sandbox": "/var/run/netns/cnireft1c"
        }
    ],
    "ips": [
        {
            "interface": 2,
            "address": "10.13.23.100/24",
            "gateway": "10.13.23.99"
        }
    ],
    "routes": [
        {
            "dst": "0.0.0.0/0"
        },
        {
            "dst": "1.1.1.1/32",
            "gw": "10.13.23.1"
        }
    ],
    "dns": {}
}"#;

pub const DUAL_DNS_0_2_0: &str = r#"{
    "cniVersion": "0.2.0",
    "ip4": {
        "ip": "10.13.23.100/24",
        "gateway": "10.13.23.99",
        "routes": [
            {
                "dst": "0.0.0.0/0"
            },
            {
                "dst": "1.1.1.1/32",
                "gw": "10.13.23.1"
            }
        ]
    },
    "ip6": {
        "ip": "fd00:13::100/64",
        "gateway": "fd00:13::1"
    },
    "dns": {
        "nameservers": [
            "10.13.23.99",
            "fd00:13::1"
        ],
        "domain": "example.test",
        "search": [
            "example.test",
            "test"
        ],
        "options": [
            "ndots:2"
        ]
    }
}"#;

pub const DUAL_DNS_0_4_0: &str = r#"{
    "cniVersion": "0.4.0",
    "interfaces": [
        {
            "name": "cni_bridge0",
            "mac": "b6:a7:f5:8e:f0:7d"
        },
        {
            "name": "veth7b778421",
            "mac": "ea:4d:7b:a9:69:da"
        },
        {
            "name": "eth0",
            "mac": "f2:20:91:6a:79:51",
            "sandbox": "/var/run/netns/cnireft1c"
        }
    ],
    "ips": [
        {
            "version": "4",
            "interface": 2,
            "address": "10.13.23.100/24",
            "gateway": "10.13.23.99"
        },
        {
            "version": "6",
            "interface": 2,
            "address": "fd00:13::100/64",
            "gateway": "fd00:13::1"
        }
    ],
    "routes": [
        {
            "dst": "0.0.0.0/0"
        },
        {
            "dst": "1.1.1.1/32",
            "gw": "10.13.23.1"
        }
    ],
    "dns": {
        "nameservers": [
            "10.13.23.99",
            "fd00:13::1"
        ],
        "domain": "example.test",
        "search": [
            "example.test",
            "test"
        ],
        "options": [
            "ndots:2"
        ]
    }
}"#;

pub const DUAL_DNS_1_0_0: &str = r#"{
    "cniVersion": "1.0.0",
    "interfaces": [
        {
            "name": "cni_bridge0",
            "mac": "e6:21:24:69:78:49"
        },
        {
            "name": "veth12935398",
            "mac": "da:0c:4e:4e:9b:12"
        },
        {
            "name": "eth0",
            "mac": "22:58:1c:64:e4:32",
            "sandbox": "/var/run/netns/cnireft1c"
        }
    ],
    "ips": [
        {
            "interface": 2,
            "address": "10.13.23.100/24",
            "gateway": "10.13.23.99"
        },
        {
            "interface": 2,
            "address": "fd00:13::100/64",
            "gateway": "fd00:13::1"
        }
    ],
    "routes": [
        {
            "dst": "0.0.0.0/0"
        },
        {
            "dst": "1.1.1.1/32",
            "gw": "10.13.23.1"
        }
    ],
    "dns": {
        "nameservers": [
            "10.13.23.99",
            "fd00:13::1"
        ],
        "domain": "example.test",
        "search": [
            "example.test",
            "test"
        ],
        "options": [
            "ndots:2"
        ]
    }
}"#;
