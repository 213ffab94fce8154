//! Tier 2: `net create` / `net inspect` / `net rm`, `add --publish`, and
//! dual-stack networks, each in its own test "host" namespace with an
//! "outside" namespace wired to it (203.0.113.0/24 and 2001:db8:113::/64,
//! documentation addresses). Traffic only flows between namespaces the
//! test made.

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::process::{Child, Command, Stdio};

use serde_json::{json, Value};

use crate::attach::{links, Host};
use crate::tiers::tier2;
use crate::util::{reference_plugin, run, unique, wait_listening, NetNs, Run};

/// `cnictl --data-dir <host's> ARGS` in the host namespace.
fn c(host: &Host, args: &[&str]) -> Run {
    let data = host.data();
    let mut all = vec!["--data-dir", data.to_str().unwrap()];
    all.extend_from_slice(args);
    host.run(&all)
}

/// A process in a namespace, killed on drop.
struct Server(Child);

impl Server {
    fn spawn(ns: &NetNs, args: &[&str]) -> Server {
        let child = Command::new("ip")
            .args(["netns", "exec", &ns.name])
            .args(args)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        Server(child)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// A web root with `index.html` saying `text`, and `cgi-bin/addr`
/// answering with the client address the server sees.
fn www(text: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("index.html"), format!("{text}\n")).unwrap();
    fs::create_dir_all(dir.path().join("cgi-bin")).unwrap();
    let script = dir.path().join("cgi-bin/addr");
    fs::write(
        &script,
        "#!/bin/sh\nprintf 'Content-Type: text/plain\\r\\n\\r\\n%s\\n' \"$REMOTE_ADDR\"\n",
    )
    .unwrap();
    fs::set_permissions(&script, fs::Permissions::from_mode(0o755)).unwrap();
    dir
}

fn httpd(ns: &NetNs, listen: &str, root: &tempfile::TempDir) -> Server {
    let server = Server::spawn(
        ns,
        &[
            "busybox",
            "httpd",
            "-f",
            "-p",
            listen,
            "-h",
            root.path().to_str().unwrap(),
        ],
    );
    wait_listening(ns, "-ltnH", listen.rsplit(':').next().unwrap());
    server
}

const UDP_ECHO: &str = r#"
import socket, sys
family = socket.AF_INET6 if ":" in sys.argv[2] else socket.AF_INET
s = socket.socket(family, socket.SOCK_DGRAM)
if sys.argv[1] == "server":
    s.bind((sys.argv[2], int(sys.argv[3])))
    while True:
        data, peer = s.recvfrom(100)
        s.sendto(b"pong " + data, peer)
else:
    s.settimeout(3)
    s.sendto(b"ping", (sys.argv[2], int(sys.argv[3])))
    print(s.recvfrom(100)[0].decode())
"#;

/// The client address busybox httpd reports, without its brackets and
/// IPv4-mapped prefix.
fn client_addr(run: &Run) -> String {
    let text = run.stdout();
    let text = text.trim().trim_start_matches('[').trim_end_matches(']');
    text.trim_start_matches("::ffff:").to_string()
}

fn curl(ns: &NetNs, url: &str) -> Run {
    run(Command::new("ip").args([
        "netns", "exec", &ns.name, "curl", "-sS", "-g", "-m", "5", url,
    ]))
}

/// The outside namespace: 203.0.113.2 and 2001:db8:113::2, the host being
/// .1 / ::1 on the link; no route back to any container subnet, so only
/// masqueraded (or DNATed) traffic gets answers.
fn outside(host: &Host) -> NetNs {
    let ns = NetNs::new("cnto");
    let (h, o) = (unique("vh"), unique("vo"));
    let hx = |args: &[&str]| host.ns.exec(args);
    hx(&["ip", "link", "add", &h, "type", "veth", "peer", "name", &o]);
    hx(&["ip", "link", "set", &o, "netns", &ns.name]);
    hx(&["ip", "addr", "add", "203.0.113.1/24", "dev", &h]);
    hx(&[
        "ip",
        "addr",
        "add",
        "2001:db8:113::1/64",
        "dev",
        &h,
        "nodad",
    ]);
    hx(&["ip", "link", "set", &h, "up"]);
    ns.exec(&["ip", "addr", "add", "203.0.113.2/24", "dev", &o]);
    ns.exec(&[
        "ip",
        "addr",
        "add",
        "2001:db8:113::2/64",
        "dev",
        &o,
        "nodad",
    ]);
    ns.exec(&["ip", "link", "set", &o, "up"]);
    ns
}

#[track_caller]
fn expect_refusal(run: Run, code: i32, message: &str) {
    let run = run.expect_code(code);
    assert_eq!(run.stderr().trim(), format!("cnictl: {message}"), "{run}");
}

fn conf_files(host: &Host) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(host.conf_dir())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// Every rule and chain of every table of both families in the host
/// namespace, as iptables-save and ip6tables-save print them, without
/// their comments (a timestamp) and packet counters.
fn all_rules(host: &Host) -> Vec<String> {
    ["iptables-save", "ip6tables-save"]
        .iter()
        .flat_map(|tool| {
            host.ns
                .exec(&[tool])
                .stdout()
                .lines()
                .filter(|l| !l.starts_with('#'))
                .map(|l| match l.rsplit_once(" [") {
                    // ":CHAIN POLICY [packets:bytes]"
                    Some((chain, _)) if l.starts_with(':') => format!("{tool}: {chain}"),
                    _ => format!("{tool}: {l}"),
                })
                .collect::<Vec<_>>()
        })
        .collect()
}

/// The IPv4 nat table's rules in the host namespace.
fn nat_rules(host: &Host) -> Vec<String> {
    host.ns
        .exec(&["iptables-save", "-t", "nat"])
        .stdout()
        .lines()
        .filter(|l| l.starts_with("-A "))
        .map(str::to_string)
        .collect()
}

fn ip6_rules(host: &Host) -> Vec<String> {
    host.ns
        .exec(&["ip6tables-save"])
        .stdout()
        .lines()
        .filter(|l| l.contains("CNICTL") || l.contains("CNI-"))
        .map(str::to_string)
        .collect()
}

#[test]
fn net_create_inspect_rm_with_every_refusal() {
    if !tier2() {
        return;
    }
    let host = Host::new();
    let conf = host.conf_dir();
    let conf = conf.display();
    // A route of the test host covers the first /24 of the auto pool.
    let (r1, r2) = (unique("rt"), unique("rt"));
    host.ns.exec(&[
        "ip", "link", "add", &r1, "type", "veth", "peer", "name", &r2,
    ]);
    host.ns.exec(&["ip", "link", "set", &r1, "up"]);
    host.ns
        .exec(&["ip", "route", "add", "10.90.0.0/24", "dev", &r1]);

    // --dry-run prints the file and writes nothing.
    let dry = c(
        &host,
        &[
            "net",
            "create",
            "nc1",
            "--subnet",
            "10.15.30.0/24",
            "--gateway",
            "10.15.30.99",
            "--range",
            "10.15.30.100-10.15.30.200",
            "--route",
            "1.1.1.1/32,10.15.30.1",
            "--subnet",
            "fd00:15::/64",
            "--mtu",
            "1400",
            "--dns",
            "10.15.30.1",
            "--dry-run",
        ],
    )
    .success();
    assert!(
        dry.stdout().starts_with(&format!(
            "# {conf}/10-nc1.conflist (not written: --dry-run)\n"
        )),
        "{dry}"
    );
    assert!(
        dry.stdout().contains("\"rangeStart\": \"10.15.30.100\""),
        "{dry}"
    );
    assert!(conf_files(&host).is_empty());

    let made = c(&host, &["net", "create", "nc1", "--subnet", "auto"]).success();
    assert_eq!(
        made.stdout(),
        format!("created network \"nc1\": bridge cni-nc1, subnets 10.90.1.0/24, file {conf}/10-nc1.conflist\n")
    );
    let made = c(
        &host,
        &[
            "--json",
            "net",
            "create",
            "nc2",
            "--subnet",
            "auto",
            "--subnet",
            "fd00:90::/64",
        ],
    )
    .success();
    assert_eq!(
        made.json()["subnets"],
        serde_json::json!(["10.90.2.0/24", "fd00:90::/64"])
    );
    assert_eq!(conf_files(&host), ["10-nc1.conflist", "11-nc2.conflist"]);
    let mode = fs::metadata(host.conf_dir().join("10-nc1.conflist"))
        .unwrap()
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o644);
    // The listing shows both.
    let ls = c(&host, &["--json", "net", "ls"]).success().json();
    assert_eq!(ls.as_array().unwrap().len(), 2);
    assert_eq!(
        (&ls[0]["leases"], &ls[0]["size"]),
        (&Value::from(0), &Value::from(253))
    );

    // Every refusal, with its message; nothing is written by any.
    let cases: Vec<(Vec<&str>, i32, String)> = vec![
        (vec!["nc1", "--subnet", "10.99.0.0/24"], 1, format!("network \"nc1\" already exists in {conf}/10-nc1.conflist; choose another name or `cnictl net rm nc1` first")),
        (vec!["x", "--subnet", "10.99.0.0/24", "--bridge", "cni-nc1"], 1, format!("bridge cni-nc1 is already used by network \"nc1\" ({conf}/10-nc1.conflist); choose another with --bridge")),
        (vec!["x", "--subnet", "10.99.0.0/24", "--bridge", &r1], 1, format!("bridge {r1} is already used by an existing veth interface on this host; choose another with --bridge")),
        (vec!["x", "--subnet", "10.90.1.128/25"], 1, format!("subnet 10.90.1.128/25 overlaps network \"nc1\" (10.90.1.0/24 in {conf}/10-nc1.conflist); choose another subnet or --subnet auto")),
        (vec!["x", "--subnet", "10.90.0.0/16"], 1, format!("subnet 10.90.0.0/16 overlaps network \"nc1\" (10.90.1.0/24 in {conf}/10-nc1.conflist); choose another subnet or --subnet auto")),
        (vec!["x", "--subnet", "10.90.0.64/26"], 1, format!("subnet 10.90.0.64/26 overlaps the host route 10.90.0.0/24 dev {r1}; choose another subnet or --subnet auto")),
        (vec!["x", "--subnet", "10.99.0.0/24", "--range", "10.99.0.200-10.99.0.100"], 2, "--range 10.99.0.200-10.99.0.100: the first address is after the last".into()),
        (vec!["x", "--subnet", "10.99.0.0/24", "--range", "10.99.1.1-10.99.1.9"], 2, "--range 10.99.1.1-10.99.1.9: 10.99.1.1 is not a host address of any --subnet".into()),
        (vec!["x", "--subnet", "10.99.0.0/24", "--gateway", "10.98.0.1"], 2, "--gateway 10.98.0.1: is not a host address of any --subnet".into()),
        (vec!["x", "--subnet", "10.99.0.0/24", "--route", "1.1.1.1/32,10.98.0.1"], 2, "--route 1.1.1.1/32,10.98.0.1: gateway 10.98.0.1 is not inside any --subnet".into()),
        (vec!["x", "--subnet", "10.99.0.0/24", "--route", "nonsense"], 2, "--route nonsense: \"nonsense\" is not a CIDR".into()),
        (vec!["x", "--subnet", "10.99.0.1/24"], 2, "--subnet 10.99.0.1/24: has host bits set; the subnet is 10.99.0.0/24".into()),
        (vec!["x/y", "--subnet", "10.99.0.0/24"], 2, "NAME x/y: name \"x/y\" contains \"/\": it must be a single file-name component (leases live in <dataDir>/<name>)".into()),
    ];
    for (args, code, message) in cases {
        let mut all = vec!["net", "create"];
        all.extend(args);
        expect_refusal(c(&host, &all), code, &message);
    }
    assert_eq!(conf_files(&host), ["10-nc1.conflist", "11-nc2.conflist"]);

    // The reference bridge plugin reads the file as it is.
    let text = fs::read(host.conf_dir().join("11-nc2.conflist")).unwrap();
    let list: Value = serde_json::from_slice(&text).unwrap();
    let mut plugin = list["plugins"][0].clone();
    plugin["name"] = list["name"].clone();
    plugin["cniVersion"] = list["cniVersion"].clone();
    plugin["ipam"]["dataDir"] = Value::String(host.data().display().to_string());
    let twin = NetNs::new("cntc");
    let reference = reference_plugin(
        &host.ns,
        "bridge",
        "ADD",
        "refid",
        &twin.path(),
        "eth0",
        &serde_json::to_vec(&plugin).unwrap(),
    );
    assert!(reference.output.status.success(), "{reference}");
    assert_eq!(reference.json()["ips"][0]["address"], "10.90.2.2/24");
    let reference = reference_plugin(
        &host.ns,
        "bridge",
        "DEL",
        "refid",
        &twin.path(),
        "eth0",
        &serde_json::to_vec(&plugin).unwrap(),
    );
    assert!(reference.output.status.success(), "{reference}");

    // Two containers; inspect shows them and the leases.
    let (a, b) = (NetNs::new("cntc"), NetNs::new("cntc"));
    c(&host, &["add", &a.target(), "--net", "nc1"]).success();
    c(
        &host,
        &["add", &b.target(), "--net", "nc1", "-p", "18080:80"],
    )
    .success();
    let inspect = c(&host, &["--json", "net", "inspect", "nc1"])
        .success()
        .json();
    assert_eq!(inspect["bridge"]["exists"], true);
    assert_eq!(inspect["bridge"]["ports"], 2);
    assert_eq!(inspect["ranges"][0]["used"], 2);
    assert_eq!(inspect["ranges"][0]["free"], 251);
    let attached: Vec<&str> = inspect["attachments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["container_id"].as_str().unwrap())
        .collect();
    assert_eq!(attached, [a.name.as_str(), b.name.as_str()]);
    assert_eq!(
        inspect["attachments"][1]["published"],
        serde_json::json!(["18080:80/tcp"])
    );
    let human = c(&host, &["net", "inspect", "nc1"]).success().stdout();
    assert!(
        human.contains("bridge:      cni-nc1 (up, mtu 1500, 2 port(s), addresses 10.90.1.1/24)"),
        "{human}"
    );

    // rm refuses while attached, and says who is.
    expect_refusal(
        c(&host, &["net", "rm", "nc1"]),
        1,
        &format!(
            "network \"nc1\" has 2 attachment(s): {} eth0, {} eth0; detach them with `cnictl del` or use `cnictl net rm nc1 --force`",
            a.name, b.name
        ),
    );
    let removed = c(&host, &["net", "rm", "nc1", "--force"]).success();
    assert!(
        removed
            .stdout()
            .contains("removed network \"nc1\": bridge cni-nc1"),
        "{removed}"
    );
    // Nothing of nc1 is left: no bridge, veth, rule, lease, lease dir, cache entry or file.
    assert!(!links(&host.ns).iter().any(|(n, _)| n == "cni-nc1"));
    host.assert_clean(true);
    assert!(!host.data().join("nc1").exists());
    assert_eq!(conf_files(&host), ["11-nc2.conflist"]);
    expect_refusal(
        c(&host, &["net", "inspect", "nc1"]),
        3,
        &format!("network \"nc1\" not found in {conf} (found: nc2)"),
    );
    // A network never used removes cleanly too.
    c(&host, &["net", "rm", "nc2"]).success();
    assert!(conf_files(&host).is_empty());
    assert_eq!(ip6_rules(&host), Vec::<String>::new());
}

#[test]
fn published_ports_reach_the_container_from_everywhere() {
    if !tier2() {
        return;
    }
    let host = Host::new();
    let out = outside(&host);
    c(
        &host,
        &["net", "create", "pubnet", "--subnet", "10.93.0.0/24"],
    )
    .success();
    let (a, b) = (NetNs::new("cntc"), NetNs::new("cntc"));
    let a_target = a.target();
    c(
        &host,
        &[
            "add",
            &a_target,
            "--net",
            "pubnet",
            "--publish",
            "8080:80",
            "--publish",
            "5353:53/udp",
        ],
    )
    .success();
    c(&host, &["add", &b.target(), "--net", "pubnet"]).success();
    // ls shows what is published, from the cache entry.
    let ls = c(&host, &["--json", "ls", "--net", "pubnet"])
        .success()
        .json();
    let row = ls
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["container_id"] == Value::String(a.name.clone()))
        .expect("a in ls");
    assert_eq!(
        row["ports"],
        serde_json::json!(["8080:80/tcp", "5353:53/udp"])
    );
    // So does show, on the interface they go to.
    let shown = c(&host, &["--json", "show", &a_target]).success().json();
    let eth0 = shown["interfaces"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["name"] == "eth0")
        .expect("eth0 shown");
    assert_eq!(
        eth0["ports"],
        serde_json::json!(["8080:80/tcp", "5353:53/udp"])
    );
    let root = www("hello from a");
    let _web = httpd(&a, "80", &root);
    let script = tempfile::NamedTempFile::new().unwrap();
    fs::write(script.path(), UDP_ECHO).unwrap();
    let py = script.path().to_str().unwrap();
    let _udp = Server::spawn(&a, &["python3", py, "server", "0.0.0.0", "53"]);
    wait_listening(&a, "-lunH", "53");

    // TCP from the outside, from the host (its own address and 127.0.0.1),
    // and hairpin from the other container (host address and gateway).
    for (ns, url) in [
        (&out, "http://203.0.113.1:8080/"),
        (&host.ns, "http://203.0.113.1:8080/"),
        (&host.ns, "http://127.0.0.1:8080/"),
        (&b, "http://203.0.113.1:8080/"),
        (&b, "http://10.93.0.1:8080/"),
    ] {
        let got = curl(ns, url);
        assert_eq!(got.stdout(), "hello from a\n", "{} {url}:\n{got}", ns.name);
    }
    // The hairpin reply comes from the host, as the masquerade makes it.
    let seen = curl(&b, "http://10.93.0.1:8080/cgi-bin/addr").success();
    assert_eq!(client_addr(&seen), "10.93.0.1");
    // The outside's own address is kept (DNAT only).
    let seen = curl(&out, "http://203.0.113.1:8080/cgi-bin/addr").success();
    assert_eq!(client_addr(&seen), "203.0.113.2");
    // UDP from the outside.
    let pong = run(Command::new("ip").args([
        "netns",
        "exec",
        &out.name,
        "python3",
        py,
        "client",
        "203.0.113.1",
        "5353",
    ]))
    .success();
    assert_eq!(pong.stdout(), "pong ping\n");

    // Another attachment may not take a published host port.
    let c2 = NetNs::new("cntc");
    expect_refusal(
        c(&host, &["add", &c2.target(), "--net", "pubnet", "-p", "127.0.0.1:8080:81"]),
        1,
        &format!("--publish 127.0.0.1:8080:81/tcp: host port 8080/tcp is already published by container netns:{} on network \"pubnet\" (8080:80/tcp); choose another host port or `cnictl del` that container first", a.name),
    );
    expect_refusal(
        c(&host, &["add", &c2.target(), "--net", "pubnet", "-p", "8080"]),
        2,
        "--publish 8080: the container port is missing; expected [HOSTIP:]HOSTPORT:CONTAINERPORT[/tcp|udp], such as 8080:80 or 127.0.0.1:5353:53/udp",
    );
    // The refusals changed nothing.
    assert_eq!(host.lease_files().len(), 2);
    // The same port on UDP, and another TCP port, are free.
    let added = c(
        &host,
        &[
            "--json",
            "add",
            &c2.target(),
            "--net",
            "pubnet",
            "-p",
            "8080:80/udp",
            "-p",
            "127.0.0.1:9090:80",
        ],
    )
    .success()
    .json();
    let c2_ip = added["ips"][0]["address"]
        .as_str()
        .and_then(|a| a.split('/').next())
        .unwrap_or_else(|| panic!("no address in {added}"))
        .to_string();
    // Their DNAT rules exist, and go to c2.
    let nat = nat_rules(&host);
    for (proto, port) in [("udp", "8080"), ("tcp", "9090")] {
        assert!(
            nat.iter().any(|r| r.contains(&format!("-p {proto}"))
                && r.contains(&format!("--dport {port}"))
                && r.contains(&format!("--to-destination {c2_ip}:80"))),
            "no DNAT of {port}/{proto} to {c2_ip}:80: {nat:#?}"
        );
    }
    // 127.0.0.1:9090 reaches c2 (not a, which serves port 80 too) ...
    let c2_root = www("hello from c2");
    let _c2_web = httpd(&c2, "80", &c2_root);
    let local = curl(&host.ns, "http://127.0.0.1:9090/");
    assert_eq!(local.stdout(), "hello from c2\n", "{local}");
    // ... and only 127.0.0.1: from the outside, port 9090 of the host is
    // refused although c2 would answer, so nothing forwards it there.
    let outside_9090 = curl(&out, "http://203.0.113.1:9090/");
    assert_eq!(outside_9090.code(), Some(7), "{outside_9090}");

    // A failure after the rules are in (injected) takes everything of the
    // attachment back, ports included: every table of both families is as
    // it was before, rule for rule. c3 gets an id of its own: with its
    // netns name as id, c3's first 12 characters could be another
    // container's whole id (names come from a counter shared by the whole
    // run), and the rollback would then take that container's ports too
    // (publish rules are found by a comment holding 12 characters of the
    // id; a bug of its own, reported, not this test's subject).
    let c3 = NetNs::new("cntc");
    let c3_id = "c3-rollback";
    let rules_before = all_rules(&host);
    let veths_before = host.veths();
    let cache_before = host.cache_files();
    let data = host.data();
    let failed = run(host
        .cnictl(&[
            "--data-dir",
            data.to_str().unwrap(),
            "add",
            &c3.target(),
            "--id",
            c3_id,
            "--net",
            "pubnet",
            "-p",
            "7070:80",
        ])
        .env("CNICTL_TEST_FAIL_AFTER", "publish"));
    expect_refusal(
        failed,
        1,
        "attaching failed at step \"publish\": failure injected after step \"publish\" (CNICTL_TEST_FAIL_AFTER); everything done before it was undone",
    );
    let rules_after = all_rules(&host);
    let added: Vec<&String> = rules_after
        .iter()
        .filter(|l| !rules_before.contains(l))
        .collect();
    let removed: Vec<&String> = rules_before
        .iter()
        .filter(|l| !rules_after.contains(l))
        .collect();
    assert!(
        rules_after == rules_before,
        "the failed add changed the rules: added {added:#?}, removed {removed:#?}"
    );
    assert_eq!(host.veths(), veths_before);
    assert_eq!(host.cache_files(), cache_before);
    assert_eq!(host.lease_files().len(), 3);
    c(
        &host,
        &[
            "add",
            &c3.target(),
            "--id",
            c3_id,
            "--net",
            "pubnet",
            "-p",
            "7070:80",
        ],
    )
    .success();
    c(&host, &["del", &c3.target(), "--id", c3_id]).success();

    // del removes the DNAT rules with the attachment: none goes to a's
    // address any more, and port 8080 of the host is the host's own again,
    // answered by a server there (a leftover DNAT would send the connection
    // to a's address, which nobody has now).
    let a_ip = row["ips"][0].as_str().unwrap().to_string();
    let to_a = format!("--to-destination {a_ip}:");
    assert!(nat_rules(&host).iter().any(|r| r.contains(&to_a)));
    c(&host, &["del", &a_target]).success();
    let nat = nat_rules(&host);
    assert!(!nat.iter().any(|r| r.contains(&to_a)), "{nat:#?}");
    let host_root = www("the host itself");
    let host_web = httpd(&host.ns, "8080", &host_root);
    let got = curl(&out, "http://203.0.113.1:8080/");
    assert_eq!(got.stdout(), "the host itself\n", "{got}");
    drop(host_web);
    // The port is free again.
    c(
        &host,
        &["add", &a_target, "--net", "pubnet", "-p", "8080:80"],
    )
    .success();
    c(&host, &["del", &a_target]).success();
    c(&host, &["del", &b.target()]).success();
    c(&host, &["del", &c2.target()]).success();
    host.assert_clean(true);
}

#[test]
fn publishing_on_a_portmap_network_is_left_to_the_plugin() {
    if !tier2() {
        return;
    }
    let host = Host::new();
    let out = outside(&host);
    c(
        &host,
        &[
            "net",
            "create",
            "pm",
            "--subnet",
            "10.94.0.0/24",
            "--with-portmap",
        ],
    )
    .success();
    let a = NetNs::new("cntc");
    let target = a.target();
    c(&host, &["add", &target, "--net", "pm", "-p", "8080:80"]).success();
    let root = www("hello through portmap");
    let _web = httpd(&a, "80", &root);

    // The reference portmap plugin got the mapping (runtimeConfig.portMappings)
    // and made its per-container chain; cnictl made no DNAT of its own.
    let rules = host.cni_rules();
    assert!(
        rules
            .iter()
            .any(|r| r.contains("CNI-DN-") && r.contains("8080")),
        "no portmap rule for 8080: {rules:#?}"
    );
    assert!(
        !rules.iter().any(|r| r.contains("CNICTL-P-")),
        "cnictl published too: {rules:#?}"
    );
    let got = curl(&out, "http://203.0.113.1:8080/");
    assert_eq!(got.stdout(), "hello through portmap\n", "{got}");

    // DEL hands the recorded mapping back to portmap, which removes it; only
    // portmap's shared top-level chains (CNI-HOSTPORT-*) stay, as they do
    // after the reference plugin's own DEL.
    c(&host, &["del", &target]).success();
    let left: Vec<String> = host
        .cni_rules()
        .into_iter()
        .filter(|r| !r.contains("CNI-HOSTPORT-"))
        .collect();
    assert_eq!(left, Vec::<String>::new(), "rules left");
    assert_eq!(host.lease_files(), std::collections::BTreeSet::new());
    assert_eq!(host.veths(), Vec::<String>::new());
}

#[test]
fn dual_stack_network_passes_ipv6_between_containers_and_outside() {
    if !tier2() {
        return;
    }
    let host = Host::new();
    let out = outside(&host);
    let root = www("outside");
    let _outside_web = httpd(&out, "[::]:8081", &root);
    c(
        &host,
        &[
            "net",
            "create",
            "ds",
            "--subnet",
            "10.95.0.0/24",
            "--subnet",
            "fd00:95::/64",
        ],
    )
    .success();
    let (a, b) = (NetNs::new("cntc"), NetNs::new("cntc"));
    let added = c(&host, &["--json", "add", &a.target(), "--net", "ds"])
        .success()
        .json();
    let ips: Vec<&str> = added["ips"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["address"].as_str().unwrap())
        .collect();
    assert_eq!(ips, ["10.95.0.2/24", "fd00:95::2/64"]);
    c(
        &host,
        &["add", &b.target(), "--net", "ds", "-p", "[::]:8080:80"],
    )
    .success();
    let routes = a.exec(&["ip", "-6", "route", "show", "default"]).stdout();
    assert!(
        routes.starts_with("default via fd00:95::1 dev eth0"),
        "{routes}"
    );
    assert_eq!(
        host.ns
            .exec(&["sysctl", "-n", "net.ipv6.conf.all.forwarding"])
            .stdout(),
        "1\n"
    );

    let b_root = www("hello from b");
    let _b_web = httpd(&b, "[::]:80", &b_root);
    // Container to container over IPv6.
    let got = curl(&a, "http://[fd00:95::3]:80/");
    assert_eq!(got.stdout(), "hello from b\n", "{got}");
    // To the outside, masqueraded behind the host's IPv6 address.
    let seen = curl(&a, "http://[2001:db8:113::2]:8081/cgi-bin/addr");
    assert_eq!(client_addr(&seen), "2001:db8:113::1", "{seen}");
    // A port published on IPv6, from the outside and hairpin.
    let got = curl(&out, "http://[2001:db8:113::1]:8080/");
    assert_eq!(got.stdout(), "hello from b\n", "{got}");
    let got = curl(&a, "http://[fd00:95::1]:8080/");
    assert_eq!(got.stdout(), "hello from b\n", "{got}");

    c(&host, &["net", "rm", "ds", "--force"]).success();
    host.assert_clean(false);
    assert_eq!(ip6_rules(&host), Vec::<String>::new());

    // Without masquerading, the outside sees the container's own address
    // (given a route back), and ip6tables has no nat chain for it.
    c(
        &host,
        &[
            "net",
            "create",
            "ds2",
            "--subnet",
            "fd00:96::/64",
            "--no-masquerade",
        ],
    )
    .success();
    out.exec(&[
        "ip",
        "-6",
        "route",
        "add",
        "fd00:96::/64",
        "via",
        "2001:db8:113::1",
    ]);
    c(&host, &["add", &a.target(), "--net", "ds2"]).success();
    let seen = curl(&a, "http://[2001:db8:113::2]:8081/cgi-bin/addr");
    assert_eq!(client_addr(&seen), "fd00:96::2", "{seen}");
    assert!(
        !ip6_rules(&host).iter().any(|r| r.contains("MASQUERADE")),
        "{:#?}",
        ip6_rules(&host)
    );
    c(&host, &["net", "rm", "ds2", "--force"]).success();
    assert_eq!(ip6_rules(&host), Vec::<String>::new());
    assert!(fs::read_dir(host.conf_dir()).unwrap().next().is_none());
}

#[test]
fn reference_bridge_and_portmap_run_a_with_portmap_conflist_unchanged() {
    if !tier2() {
        return;
    }
    let host = Host::new();
    c(
        &host,
        &[
            "net",
            "create",
            "pmref",
            "--subnet",
            "10.98.0.0/24",
            "--with-portmap",
        ],
    )
    .success();
    let path = host.conf_dir().join("10-pmref.conflist");
    let list: Value = serde_json::from_slice(&fs::read(&path).unwrap()).unwrap();
    // As libcni runs a chain: each plugin gets name and cniVersion, the
    // second the first's result as prevResult and its capabilities' args.
    let entry = |i: usize| {
        let mut plugin = list["plugins"][i].clone();
        plugin["name"] = list["name"].clone();
        plugin["cniVersion"] = list["cniVersion"].clone();
        plugin
    };
    let mut bridge = entry(0);
    bridge["ipam"]["dataDir"] = Value::String(host.data().display().to_string());
    let container = NetNs::new("cntc");
    let added = reference_plugin(
        &host.ns,
        "bridge",
        "ADD",
        "pmid",
        &container.path(),
        "eth0",
        &serde_json::to_vec(&bridge).unwrap(),
    );
    assert!(added.output.status.success(), "{added}");
    let mut portmap = entry(1);
    portmap["prevResult"] = added.json();
    portmap["runtimeConfig"] = serde_json::json!({"portMappings": [{"hostPort": 18081, "containerPort": 80, "protocol": "tcp"}]});
    let mapped = reference_plugin(
        &host.ns,
        "portmap",
        "ADD",
        "pmid",
        &container.path(),
        "eth0",
        &serde_json::to_vec(&portmap).unwrap(),
    );
    assert!(mapped.output.status.success(), "{mapped}");
    let nat = host.ns.exec(&["iptables-save", "-t", "nat"]).stdout();
    assert!(
        nat.contains("--dport 18081") && nat.contains("--to-destination 10.98.0.2:80"),
        "{nat}"
    );
    for (plugin, config) in [("portmap", &portmap), ("bridge", &bridge)] {
        let del = reference_plugin(
            &host.ns,
            plugin,
            "DEL",
            "pmid",
            &container.path(),
            "eth0",
            &serde_json::to_vec(config).unwrap(),
        );
        assert!(del.output.status.success(), "{del}");
    }
}

#[test]
fn net_rm_keeps_a_bridge_another_network_uses() {
    if !tier2() {
        return;
    }
    let host = Host::new();
    host.install_example("cni_bridge.conf");
    host.install_example("mybridge2.conf");
    let (a, b) = (NetNs::new("cntc"), NetNs::new("cntc"));
    c(&host, &["add", &a.target(), "--net", "my_cni_bridge"]).success();
    c(&host, &["add", &b.target(), "--net", "mybridge"]).success();
    c(&host, &["net", "rm", "mybridge", "--force"]).success();
    let addrs = host
        .ns
        .exec(&["ip", "-4", "-br", "addr", "show", "dev", "cni_bridge1"])
        .stdout();
    assert!(
        addrs.contains("10.13.23.99/24") && !addrs.contains("10.15.30.99"),
        "{addrs}"
    );
    assert_eq!(conf_files(&host), ["cni_bridge.conf"]);
    // The other network still works, and goes the same way.
    c(&host, &["net", "rm", "my_cni_bridge", "--force"]).success();
    host.assert_clean(false);
}

#[test]
fn gc_takes_down_the_ports_of_a_namespace_deleted_without_del() {
    if !tier2() {
        return;
    }
    let host = Host::new();
    c(
        &host,
        &["net", "create", "gcpub", "--subnet", "10.96.0.0/24"],
    )
    .success();
    let gone = NetNs::new("cntc");
    c(
        &host,
        &["add", &gone.target(), "--net", "gcpub", "-p", "8090:80"],
    )
    .success();
    assert!(host.cni_rules().iter().any(|r| r.contains("CNICTL-P-")));
    drop(gone);

    let removed = c(&host, &["--json", "gc"]).success().json();
    let kinds: Vec<&str> = removed["removed"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["kind"].as_str().unwrap())
        .collect();
    assert!(kinds.contains(&"ports"), "{removed:#}");
    assert!(
        !host.cni_rules().iter().any(|r| r.contains("CNICTL-P-")),
        "{:#?}",
        host.cni_rules()
    );
    // The host port is free again.
    let next = NetNs::new("cntc");
    let target = next.target();
    c(&host, &["add", &target, "--net", "gcpub", "-p", "8090:80"]).success();
    c(&host, &["del", &target]).success();
    host.assert_clean(true);
}

#[test]
fn net_reload_puts_back_rules_a_firewall_flush_took() {
    if !tier2() {
        return;
    }
    let host = Host::new();
    let out = outside(&host);
    c(
        &host,
        &["net", "create", "flushnet", "--subnet", "10.94.0.0/24"],
    )
    .success();
    let (a, b) = (NetNs::new("cntc"), NetNs::new("cntc"));
    c(
        &host,
        &[
            "add",
            &a.target(),
            "--net",
            "flushnet",
            "--publish",
            "8080:80",
        ],
    )
    .success();
    c(&host, &["add", &b.target(), "--net", "flushnet"]).success();
    let root = www("hello from a");
    let _web = httpd(&a, "80", &root);
    let saved = || {
        let mut rules = host.cni_rules();
        rules.sort();
        rules
    };
    let before = saved();
    // On a healthy host, reload changes nothing.
    let idle = c(&host, &["--json", "net", "reload"]).success().json();
    assert_eq!(idle["networks"][0]["rules"], "complete", "{idle}");
    assert_eq!(idle["networks"][0]["restored_chains"], json!([]), "{idle}");
    assert_eq!(saved(), before);

    // What a firewalld reload (iptables backend) does: flush, delete chains.
    for table in ["nat", "filter"] {
        host.ns.exec(&["iptables", "-t", table, "-F"]);
        host.ns.exec(&["iptables", "-t", table, "-X"]);
    }
    // FORWARD policy DROP, as on a Docker host: without cnictl's accepts
    // the containers are cut off.
    host.ns.exec(&["iptables", "-P", "FORWARD", "DROP"]);
    let cut = curl(&out, "http://203.0.113.1:8080/");
    assert_ne!(cut.code(), Some(0), "{cut}");
    let found = c(&host, &["check", &a.target()]).expect_code(1);
    for what in ["masquerade:", "forward:", "compat_chain:", "publish:"] {
        assert!(found.stdout().contains(what), "{what} missing:\n{found}");
    }
    assert!(
        found.stdout().contains("cnictl net reload flushnet"),
        "{found}"
    );

    let reloaded = c(&host, &["--json", "net", "reload", "flushnet"])
        .success()
        .json();
    let net = &reloaded["networks"][0];
    assert_eq!(net["network"], "flushnet", "{reloaded}");
    assert_eq!(net["attachments"], 2, "{reloaded}");
    assert_eq!(net["rules"], "restored", "{reloaded}");
    // Two compat chains (one per container) and the published ports' chain.
    assert_eq!(
        net["restored_chains"].as_array().unwrap().len(),
        3,
        "{reloaded}"
    );
    assert_eq!(saved(), before, "not the rules add made");
    for ns in [&a, &b] {
        let ok = c(&host, &["check", &ns.target()]).success().stdout();
        assert!(ok.contains(": ok ("), "{ok}");
    }
    let got = curl(&out, "http://203.0.113.1:8080/");
    assert_eq!(got.stdout(), "hello from a\n", "{got}");
    let seen = run(Command::new("ip").args([
        "netns",
        "exec",
        &b.name,
        "curl",
        "-sS",
        "-m",
        "5",
        "http://203.0.113.2:9/",
    ]));
    // Nothing listens outside; what matters is that b's packets get out
    // (connection refused, not a timeout).
    assert_eq!(seen.code(), Some(7), "b cannot reach the outside:\n{seen}");

    for ns in [&a, &b] {
        c(&host, &["del", &ns.target()]).success();
    }
    host.assert_clean(true);
    // With nothing attached, reload has nothing to do.
    let empty = c(&host, &["net", "reload"]).success().stdout();
    assert!(empty.contains("nothing to reload"), "{empty}");
}
