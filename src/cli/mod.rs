//! The command line, as clap derive types and nothing else (no I/O).
//! `Cli::command()` also feeds the completions and man pages in
//! `completions/` and `man/`, so every help text here ends up in those.

use std::net::IpAddr;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::error::ExitStatus;

pub mod complete;
pub mod generate;

#[derive(Debug, Parser)]
#[command(
    name = "cnictl",
    version,
    about = "Attach running containers to Linux bridge networks (CNI bridge + host-local)",
    long_about = "cnictl attaches running containers to Linux bridge networks. It runs the CNI \
                  `bridge` and `host-local` logic in-process and shares its files with the CNI \
                  reference plugins: network configs in the conf dir, leases in the data dir, \
                  attachments in the cache dir.",
    after_long_help = exit_status_help(),
    propagate_version = true,
    max_term_width = 100
)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,

    #[command(subcommand)]
    pub command: Command,
}

/// Options every command takes. Each is also read from the environment and
/// from the defaults file `cnictl.toml`; a flag beats the environment, which
/// beats the file, which beats the built-in default.
#[derive(Debug, Clone, Args)]
pub struct GlobalArgs {
    /// Directory of network configs (*.conf, *.json, *.conflist) [default: /etc/cni/net.d]
    #[arg(long, global = true, env = "NETCONFPATH", value_name = "DIR")]
    pub conf_dir: Option<PathBuf>,

    /// Lease directory for every network, overriding each config's ipam.dataDir [default: the config's dataDir, else /var/lib/cni/networks]
    #[arg(long, global = true, env = "CNICTL_DATA_DIR", value_name = "DIR")]
    pub data_dir: Option<PathBuf>,

    /// Directory of the attachment cache (results/ inside it) [default: /var/lib/cni]
    #[arg(long, global = true, env = "CNICTL_CACHE_DIR", value_name = "DIR")]
    pub cache_dir: Option<PathBuf>,

    /// Print JSON instead of tables
    #[arg(long, global = true, env = "CNICTL_JSON")]
    pub json: bool,

    /// Log what cnictl does to stderr (-v info, -vv debug, -vvv trace)
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    pub verbose: u8,

    /// When to colour tables; NO_COLOR in the environment means never [default: auto]
    #[arg(long, global = true, env = "CNICTL_COLOR", value_name = "WHEN")]
    pub color: Option<ColorChoice>,

    /// runc's state directory, for runc:ID targets (runc --root) [default: /run/runc]
    #[arg(long, global = true, env = "CNICTL_RUNC_ROOT", value_name = "DIR")]
    pub runc_root: Option<PathBuf>,

    /// Who manages the host firewall: `iptables` (cnictl writes the rules) or `none` (another tool does)
    #[arg(
        long,
        global = true,
        env = "CNICTL_FIREWALL_DRIVER",
        value_name = "DRIVER",
        default_value = "iptables",
        value_parser = ["iptables", "none"]
    )]
    pub firewall_driver: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// Colour when stdout is a terminal and NO_COLOR is not set
    Auto,
    Always,
    Never,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Attach a container to a bridge network: bridge, veth, IP, routes, masquerade
    #[command(after_long_help = TARGET_HELP)]
    Add(AddArgs),

    /// Detach a container: release its IPs, remove its veth, rules and cache entry
    #[command(visible_alias = "rm", after_long_help = TARGET_HELP)]
    Del(DelArgs),

    /// List and check network configs
    #[command(subcommand)]
    Net(NetCommand),

    /// List IP leases: network, IP, container id, interface
    Leases(LeasesArgs),

    /// Install cnictl as the CNI bridge, host-local and loopback plugins, and list them
    #[command(subcommand)]
    Plugins(PluginsCommand),
    /// List every attachment: container, runtime, network, interface, IPs, host veth, state
    #[command(visible_alias = "ps")]
    Ls(LsArgs),

    /// Show a container's network from inside: interfaces, addresses, routes, and their networks
    #[command(after_long_help = TARGET_HELP)]
    Show(ShowArgs),

    /// Compare a container's attachments with what is live; exit 1 on any difference
    #[command(after_long_help = TARGET_HELP)]
    Check(CheckArgs),

    /// Remove leases, cache entries, veths and rules that belong to no attachment
    #[command(after_long_help = GC_HELP)]
    Gc(GcArgs),

    /// Print a shell completion script to stdout
    Completions(CompletionsArgs),

    /// Print live completion candidates, one a line (for the completion scripts)
    #[command(hide = true)]
    CompleteValues(CompleteValuesArgs),

    /// Write completions and man pages from this binary's CLI definition (for packagers)
    #[command(hide = true)]
    Generate(GenerateArgs),
}

const TARGET_HELP: &str = "Targets:
  NAME, docker:NAME   a Docker container: name, full id or unique id prefix (DOCKER_HOST or
                      /var/run/docker.sock; podman's Docker-compatible socket works too)
  runc:ID             a runc container (runc --root, see --runc-root): /proc/<its pid>/ns/net
  netns:NAME          a named namespace (ip netns add NAME): /var/run/netns/NAME
  pid:N               the network namespace of process N: /proc/N/ns/net
  PATH                a network namespace file, such as /proc/N/ns/net or a Docker SandboxKey
The CNI container id is Docker's full id, the runc id, NAME, pid-N, or the path's file name;
--id sets it. `del` also accepts the name of a container that no longer exists: the
attachment cache remembers it.";

#[derive(Debug, Args)]
pub struct AddArgs {
    /// The container: a Docker name or id, docker:NAME, runc:ID, netns:NAME, pid:N or a namespace path
    #[arg(value_name = "TARGET")]
    pub target: String,

    /// Network name from the conf dir, or a config file [default: the defaults file's network, else the built-in "cnictl" network]
    #[arg(long, value_name = "NET")]
    pub net: Option<String>,

    /// CNI container id [default: from the target]
    #[arg(long, value_name = "ID")]
    pub id: Option<String>,

    /// Interface name inside the container
    #[arg(long, value_name = "NAME", default_value = "eth0")]
    pub ifname: String,

    /// Ask for this address instead of the next free one (once per range set)
    #[arg(long = "ip", value_name = "IP")]
    pub ips: Vec<std::net::IpAddr>,

    /// MAC address of the container's interface [default: chosen by the kernel]
    #[arg(long, value_name = "MAC")]
    pub mac: Option<String>,

    /// Write this nameserver into the container's resolv.conf, instead of the config's dns nameservers (repeatable)
    #[arg(long = "dns", value_name = "IP", conflicts_with = "no_dns")]
    pub dns: Vec<std::net::IpAddr>,

    /// Leave the container's resolv.conf alone, even when the config has dns settings
    #[arg(long)]
    pub no_dns: bool,

    /// Publish a container port on the host: [HOSTIP:]HOSTPORT:CONTAINERPORT[/tcp|udp] (repeatable)
    #[arg(
        long = "publish",
        short = 'p',
        value_name = "[HOSTIP:]HOSTPORT:PORT[/PROTO]"
    )]
    pub publish: Vec<String>,
}

#[derive(Debug, Args)]
pub struct DelArgs {
    /// The container: a Docker name or id, docker:NAME, runc:ID, netns:NAME, pid:N or a namespace path (it may be gone already)
    #[arg(value_name = "TARGET")]
    pub target: String,

    /// Only this network [default: every network the container is attached to]
    #[arg(long, value_name = "NET")]
    pub net: Option<String>,

    /// CNI container id [default: from the target]
    #[arg(long, value_name = "ID")]
    pub id: Option<String>,

    /// Only this interface [default: every interface of the container]
    #[arg(long, value_name = "NAME")]
    pub ifname: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum NetCommand {
    /// List the networks in the conf dir: name, type, bridge, subnets, gateway, file, leases in use
    #[command(visible_alias = "list")]
    Ls(NetLsArgs),

    /// Check network configs and report every fault with file, field and fix
    Validate(NetValidateArgs),

    /// Write a new bridge + host-local network config (a conflist) into the conf dir
    Create(NetCreateArgs),

    /// Show a network: its config and file, the bridge on the host, leases per range, attachments
    Inspect(NetInspectArgs),

    /// Remove a network: its bridge, rules, leases and config file
    #[command(visible_alias = "remove")]
    Rm(NetRmArgs),

    /// Put back the firewall rules of attached networks that something else removed (firewalld reload, iptables -F)
    Reload(NetReloadArgs),
}

#[derive(Debug, Args)]
pub struct NetLsArgs {}

#[derive(Debug, Args)]
pub struct NetValidateArgs {
    /// Networks (by name) or config files to check [default: every file in the conf dir]
    #[arg(value_name = "NET|FILE")]
    pub targets: Vec<String>,
}

#[derive(Debug, Args)]
pub struct LeasesArgs {
    /// Only this network (a name from the conf dir, or a config file)
    #[arg(long, value_name = "NET")]
    pub net: Option<String>,

    /// Only the leases `cnictl gc` would release (needs root: it looks into every network namespace)
    #[arg(long)]
    pub stale: bool,
}

#[derive(Debug, Args)]
pub struct LsArgs {
    /// Only this network (a name from the conf dir, or a config file)
    #[arg(long, value_name = "NET")]
    pub net: Option<String>,
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// The container: a Docker name or id, docker:NAME, runc:ID, netns:NAME, pid:N or a namespace path
    #[arg(value_name = "TARGET")]
    pub target: String,

    /// Only this network's attachment (a name from the conf dir, or a config file)
    #[arg(long, value_name = "NET")]
    pub net: Option<String>,

    /// CNI container id, for a namespace that holds more than one container's attachments [default: from the target]
    #[arg(long, value_name = "ID")]
    pub id: Option<String>,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The container: a Docker name or id, docker:NAME, runc:ID, netns:NAME, pid:N or a namespace path
    #[arg(value_name = "TARGET")]
    pub target: String,

    /// Only this network's attachment (a name from the conf dir, or a config file)
    #[arg(long, value_name = "NET")]
    pub net: Option<String>,

    /// CNI container id, for a namespace that holds more than one container's attachments [default: from the target]
    #[arg(long, value_name = "ID")]
    pub id: Option<String>,
}

const GC_HELP: &str = "Evidence:
  A lease is stale when the network namespace its cache entry names no longer holds that address
  on that interface (or is gone, and no process keeps it alive); without a cache entry (the
  reference plugins, podman), when no namespace on the machine holds an interface of that name
  with that address. A cache entry
  without a lease, a host veth on a CNI bridge that no cache entry names and whose peer has no
  address in the bridge's subnets, and the firewall chains of networks without leases and of
  containers without a lease belong to nothing. gc waits for every `cnictl add` in progress and keeps `add` waiting
  while it runs.";

#[derive(Debug, Args)]
pub struct GcArgs {
    /// Only list what would be removed; change nothing
    #[arg(long, short = 'n')]
    pub dry_run: bool,

    /// Also remove the bridges of networks left without leases (bridges stay by default)
    #[arg(long)]
    pub bridges: bool,

    /// Only this network (a name from the conf dir, or a config file)
    #[arg(long, value_name = "NET")]
    pub net: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum PluginsCommand {
    /// Link cnictl into a CNI bin dir as bridge, host-local and loopback, for runtimes that call plugins by name
    Install(PluginsInstallArgs),

    /// Show the bridge, host-local and loopback plugins in CNI bin dirs and which are cnictl
    #[command(visible_alias = "list")]
    Ls(PluginsLsArgs),
}

#[derive(Debug, Args)]
pub struct PluginsInstallArgs {
    /// The CNI bin dir to link into (a runtime's CNI_PATH entry, e.g. /opt/cni/bin)
    #[arg(value_name = "DIR")]
    pub dir: PathBuf,

    /// Only this plugin name (repeatable) [default: bridge, host-local and loopback]
    #[arg(long = "plugin", value_name = "NAME")]
    pub plugins: Vec<String>,

    /// Replace a file of that name that is not cnictl (such as the reference plugin)
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Args)]
pub struct PluginsLsArgs {
    /// Directories to look in [default: $CNI_PATH, else /opt/cni/bin:/usr/lib/cni]
    #[arg(value_name = "DIR")]
    pub dirs: Vec<PathBuf>,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete for
    pub shell: clap_complete::Shell,
}

#[derive(Debug, Args)]
pub struct CompleteValuesArgs {
    pub kind: ValueKind,
}

/// The live values a completion script may ask for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ValueKind {
    /// Network names in the conf dir
    Networks,
    /// Container names: attachments in the cache, named netns, running Docker containers
    Containers,
}

#[derive(Debug, Args)]
pub struct GenerateArgs {
    /// Directory to write completions/ and man/ into
    #[arg(value_name = "DIR", default_value = ".")]
    pub out_dir: PathBuf,
}

/// The "exit status" section of `--help` and the man page, from the one table.
fn exit_status_help() -> String {
    let mut text = String::from("Exit status:\n");
    for (status, meaning) in ExitStatus::TABLE {
        text.push_str(&format!("  {}  {}\n", status.code(), meaning));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_definition_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn global_flags_parse_anywhere() {
        let cli = Cli::try_parse_from([
            "cnictl",
            "leases",
            "--json",
            "--data-dir",
            "/tmp/d",
            "--net",
            "mynet",
        ])
        .unwrap();
        assert!(cli.global.json);
        assert_eq!(cli.global.data_dir, Some(PathBuf::from("/tmp/d")));
        match cli.command {
            Command::Leases(args) => assert_eq!(args.net.as_deref(), Some("mynet")),
            other => panic!("parsed as {other:?}"),
        }
    }

    #[test]
    fn help_lists_exit_statuses() {
        let help = Cli::command().render_long_help().to_string();
        assert!(help.contains("Exit status:"), "{help}");
        assert!(help.contains("4  a network config is invalid"), "{help}");
    }
}

#[derive(Debug, Args)]
pub struct NetReloadArgs {
    /// Networks (by name, or config files) [default: every network with attachments]
    #[arg(value_name = "NET")]
    pub nets: Vec<String>,
}

#[derive(Debug, Args)]
pub struct NetCreateArgs {
    /// The network's name (letters, digits, "_", ".", "-")
    #[arg(value_name = "NAME")]
    pub name: String,

    /// A subnet in CIDR form, or `auto` for the first free /24 of 10.90.0.0/15; repeat once for dual-stack (one IPv4, one IPv6)
    #[arg(long = "subnet", value_name = "CIDR|auto", required = true)]
    pub subnets: Vec<String>,

    /// The gateway (the bridge's address) of the subnet holding it [default: the subnet's first address]
    #[arg(long = "gateway", value_name = "IP")]
    pub gateways: Vec<IpAddr>,

    /// Allocate container addresses only from FIRST-LAST (one per subnet)
    #[arg(long = "range", value_name = "FIRST-LAST")]
    pub ranges: Vec<String>,

    /// An extra route for containers: DST or DST,GW (repeatable); a default route per family is always added
    #[arg(long = "route", value_name = "DST[,GW]")]
    pub routes: Vec<String>,

    /// The Linux bridge [default: cni-NAME]
    #[arg(long, value_name = "NAME")]
    pub bridge: Option<String>,

    /// Do not masquerade traffic leaving the subnets (ipMasq false)
    #[arg(long)]
    pub no_masquerade: bool,

    /// MTU of the bridge and the containers' interfaces
    #[arg(long, value_name = "BYTES")]
    pub mtu: Option<u32>,

    /// Nameserver for the network's containers (repeatable)
    #[arg(long = "dns", value_name = "IP")]
    pub dns: Vec<IpAddr>,

    /// The conflist's cniVersion
    #[arg(long, value_name = "VERSION", default_value = crate::engine::netdef::DEFAULT_CNI_VERSION)]
    pub cni_version: String,

    /// Add a portmap plugin entry, so that other CNI tools can publish ports on this network too
    #[arg(long)]
    pub with_portmap: bool,

    /// Print the file that would be written, and write nothing
    #[arg(long)]
    pub dry_run: bool,
}

#[derive(Debug, Args)]
pub struct NetInspectArgs {
    /// The network: a name from the conf dir, or a config file
    #[arg(value_name = "NET")]
    pub net: String,
}

#[derive(Debug, Args)]
pub struct NetRmArgs {
    /// The network: a name from the conf dir, or a config file
    #[arg(value_name = "NET")]
    pub net: String,

    /// Detach every container attached to it first
    #[arg(long)]
    pub force: bool,
}
