# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_cnictl_global_optspecs
    string join \n conf-dir= data-dir= cache-dir= json v/verbose color= runc-root= firewall-driver= h/help V/version
end

function __fish_cnictl_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_cnictl_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_cnictl_using_subcommand
    set -l cmd (__fish_cnictl_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c cnictl -n "__fish_cnictl_needs_command" -l conf-dir -d 'Directory of network configs (*.conf, *.json, *.conflist) [default: /etc/cni/net.d]' -r -F
complete -c cnictl -n "__fish_cnictl_needs_command" -l data-dir -d 'Lease directory for every network, overriding each config\'s ipam.dataDir [default: the config\'s dataDir, else /var/lib/cni/networks]' -r -F
complete -c cnictl -n "__fish_cnictl_needs_command" -l cache-dir -d 'Directory of the attachment cache (results/ inside it) [default: /var/lib/cni]' -r -F
complete -c cnictl -n "__fish_cnictl_needs_command" -l color -d 'When to colour tables; NO_COLOR in the environment means never [default: auto]' -r -f -a "auto\t'Colour when stdout is a terminal and NO_COLOR is not set'
always\t''
never\t''"
complete -c cnictl -n "__fish_cnictl_needs_command" -l runc-root -d 'runc\'s state directory, for runc:ID targets (runc --root) [default: /run/runc]' -r -F
complete -c cnictl -n "__fish_cnictl_needs_command" -l firewall-driver -d 'Who manages the host firewall: `iptables` (cnictl writes the rules) or `none` (another tool does)' -r -f -a "iptables\t''
none\t''"
complete -c cnictl -n "__fish_cnictl_needs_command" -l json -d 'Print JSON instead of tables'
complete -c cnictl -n "__fish_cnictl_needs_command" -s v -l verbose -d 'Log what cnictl does to stderr (-v info, -vv debug, -vvv trace)'
complete -c cnictl -n "__fish_cnictl_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cnictl -n "__fish_cnictl_needs_command" -s V -l version -d 'Print version'
complete -c cnictl -n "__fish_cnictl_needs_command" -f -a "add" -d 'Attach a container to a bridge network: bridge, veth, IP, routes, masquerade'
complete -c cnictl -n "__fish_cnictl_needs_command" -f -a "del" -d 'Detach a container: release its IPs, remove its veth, rules and cache entry'
complete -c cnictl -n "__fish_cnictl_needs_command" -f -a "rm" -d 'Detach a container: release its IPs, remove its veth, rules and cache entry'
complete -c cnictl -n "__fish_cnictl_needs_command" -f -a "net" -d 'List and check network configs'
complete -c cnictl -n "__fish_cnictl_needs_command" -f -a "leases" -d 'List IP leases: network, IP, container id, interface'
complete -c cnictl -n "__fish_cnictl_needs_command" -f -a "plugins" -d 'Install cnictl as the CNI bridge, host-local and loopback plugins, and list them'
complete -c cnictl -n "__fish_cnictl_needs_command" -f -a "ls" -d 'List every attachment: container, runtime, network, interface, IPs, host veth, state'
complete -c cnictl -n "__fish_cnictl_needs_command" -f -a "ps" -d 'List every attachment: container, runtime, network, interface, IPs, host veth, state'
complete -c cnictl -n "__fish_cnictl_needs_command" -f -a "show" -d 'Show a container\'s network from inside: interfaces, addresses, routes, and their networks'
complete -c cnictl -n "__fish_cnictl_needs_command" -f -a "check" -d 'Compare a container\'s attachments with what is live; exit 1 on any difference'
complete -c cnictl -n "__fish_cnictl_needs_command" -f -a "gc" -d 'Remove leases, cache entries, veths and rules that belong to no attachment'
complete -c cnictl -n "__fish_cnictl_needs_command" -f -a "completions" -d 'Print a shell completion script to stdout'
complete -c cnictl -n "__fish_cnictl_needs_command" -f -a "complete-values" -d 'Print live completion candidates, one a line (for the completion scripts)'
complete -c cnictl -n "__fish_cnictl_needs_command" -f -a "generate" -d 'Write completions and man pages from this binary\'s CLI definition (for packagers)'
complete -c cnictl -n "__fish_cnictl_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c cnictl -n "__fish_cnictl_using_subcommand add" -l net -d 'Network name from the conf dir, or a config file [default: the defaults file\'s network, else the built-in "cnictl" network]' -r
complete -c cnictl -n "__fish_cnictl_using_subcommand add" -l id -d 'CNI container id [default: from the target]' -r
complete -c cnictl -n "__fish_cnictl_using_subcommand add" -l ifname -d 'Interface name inside the container' -r
complete -c cnictl -n "__fish_cnictl_using_subcommand add" -l ip -d 'Ask for this address instead of the next free one (once per range set)' -r
complete -c cnictl -n "__fish_cnictl_using_subcommand add" -l mac -d 'MAC address of the container\'s interface [default: chosen by the kernel]' -r
complete -c cnictl -n "__fish_cnictl_using_subcommand add" -l dns -d 'Write this nameserver into the container\'s resolv.conf, instead of the config\'s dns nameservers (repeatable)' -r
complete -c cnictl -n "__fish_cnictl_using_subcommand add" -s p -l publish -d 'Publish a container port on the host: [HOSTIP:]HOSTPORT:CONTAINERPORT[/tcp|udp] (repeatable)' -r
complete -c cnictl -n "__fish_cnictl_using_subcommand add" -l conf-dir -d 'Directory of network configs (*.conf, *.json, *.conflist) [default: /etc/cni/net.d]' -r -F
complete -c cnictl -n "__fish_cnictl_using_subcommand add" -l data-dir -d 'Lease directory for every network, overriding each config\'s ipam.dataDir [default: the config\'s dataDir, else /var/lib/cni/networks]' -r -F
complete -c cnictl -n "__fish_cnictl_using_subcommand add" -l cache-dir -d 'Directory of the attachment cache (results/ inside it) [default: /var/lib/cni]' -r -F
complete -c cnictl -n "__fish_cnictl_using_subcommand add" -l color -d 'When to colour tables; NO_COLOR in the environment means never [default: auto]' -r -f -a "auto\t'Colour when stdout is a terminal and NO_COLOR is not set'
always\t''
never\t''"
complete -c cnictl -n "__fish_cnictl_using_subcommand add" -l runc-root -d 'runc\'s state directory, for runc:ID targets (runc --root) [default: /run/runc]' -r -F
complete -c cnictl -n "__fish_cnictl_using_subcommand add" -l firewall-driver -d 'Who manages the host firewall: `iptables` (cnictl writes the rules) or `none` (another tool does)' -r -f -a "iptables\t''
none\t''"
complete -c cnictl -n "__fish_cnictl_using_subcommand add" -l no-dns -d 'Leave the container\'s resolv.conf alone, even when the config has dns settings'
complete -c cnictl -n "__fish_cnictl_using_subcommand add" -l json -d 'Print JSON instead of tables'
complete -c cnictl -n "__fish_cnictl_using_subcommand add" -s v -l verbose -d 'Log what cnictl does to stderr (-v info, -vv debug, -vvv trace)'
complete -c cnictl -n "__fish_cnictl_using_subcommand add" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cnictl -n "__fish_cnictl_using_subcommand add" -s V -l version -d 'Print version'
complete -c cnictl -n "__fish_cnictl_using_subcommand del" -l net -d 'Only this network [default: every network the container is attached to]' -r
complete -c cnictl -n "__fish_cnictl_using_subcommand del" -l id -d 'CNI container id [default: from the target]' -r
complete -c cnictl -n "__fish_cnictl_using_subcommand del" -l ifname -d 'Only this interface [default: every interface of the container]' -r
complete -c cnictl -n "__fish_cnictl_using_subcommand del" -l conf-dir -d 'Directory of network configs (*.conf, *.json, *.conflist) [default: /etc/cni/net.d]' -r -F
complete -c cnictl -n "__fish_cnictl_using_subcommand del" -l data-dir -d 'Lease directory for every network, overriding each config\'s ipam.dataDir [default: the config\'s dataDir, else /var/lib/cni/networks]' -r -F
complete -c cnictl -n "__fish_cnictl_using_subcommand del" -l cache-dir -d 'Directory of the attachment cache (results/ inside it) [default: /var/lib/cni]' -r -F
complete -c cnictl -n "__fish_cnictl_using_subcommand del" -l color -d 'When to colour tables; NO_COLOR in the environment means never [default: auto]' -r -f -a "auto\t'Colour when stdout is a terminal and NO_COLOR is not set'
always\t''
never\t''"
complete -c cnictl -n "__fish_cnictl_using_subcommand del" -l runc-root -d 'runc\'s state directory, for runc:ID targets (runc --root) [default: /run/runc]' -r -F
complete -c cnictl -n "__fish_cnictl_using_subcommand del" -l firewall-driver -d 'Who manages the host firewall: `iptables` (cnictl writes the rules) or `none` (another tool does)' -r -f -a "iptables\t''
none\t''"
complete -c cnictl -n "__fish_cnictl_using_subcommand del" -l json -d 'Print JSON instead of tables'
complete -c cnictl -n "__fish_cnictl_using_subcommand del" -s v -l verbose -d 'Log what cnictl does to stderr (-v info, -vv debug, -vvv trace)'
complete -c cnictl -n "__fish_cnictl_using_subcommand del" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cnictl -n "__fish_cnictl_using_subcommand del" -s V -l version -d 'Print version'
complete -c cnictl -n "__fish_cnictl_using_subcommand rm" -l net -d 'Only this network [default: every network the container is attached to]' -r
complete -c cnictl -n "__fish_cnictl_using_subcommand rm" -l id -d 'CNI container id [default: from the target]' -r
complete -c cnictl -n "__fish_cnictl_using_subcommand rm" -l ifname -d 'Only this interface [default: every interface of the container]' -r
complete -c cnictl -n "__fish_cnictl_using_subcommand rm" -l conf-dir -d 'Directory of network configs (*.conf, *.json, *.conflist) [default: /etc/cni/net.d]' -r -F
complete -c cnictl -n "__fish_cnictl_using_subcommand rm" -l data-dir -d 'Lease directory for every network, overriding each config\'s ipam.dataDir [default: the config\'s dataDir, else /var/lib/cni/networks]' -r -F
complete -c cnictl -n "__fish_cnictl_using_subcommand rm" -l cache-dir -d 'Directory of the attachment cache (results/ inside it) [default: /var/lib/cni]' -r -F
complete -c cnictl -n "__fish_cnictl_using_subcommand rm" -l color -d 'When to colour tables; NO_COLOR in the environment means never [default: auto]' -r -f -a "auto\t'Colour when stdout is a terminal and NO_COLOR is not set'
always\t''
never\t''"
complete -c cnictl -n "__fish_cnictl_using_subcommand rm" -l runc-root -d 'runc\'s state directory, for runc:ID targets (runc --root) [default: /run/runc]' -r -F
complete -c cnictl -n "__fish_cnictl_using_subcommand rm" -l firewall-driver -d 'Who manages the host firewall: `iptables` (cnictl writes the rules) or `none` (another tool does)' -r -f -a "iptables\t''
none\t''"
complete -c cnictl -n "__fish_cnictl_using_subcommand rm" -l json -d 'Print JSON instead of tables'
complete -c cnictl -n "__fish_cnictl_using_subcommand rm" -s v -l verbose -d 'Log what cnictl does to stderr (-v info, -vv debug, -vvv trace)'
complete -c cnictl -n "__fish_cnictl_using_subcommand rm" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cnictl -n "__fish_cnictl_using_subcommand rm" -s V -l version -d 'Print version'
complete -c cnictl -n "__fish_cnictl_using_subcommand net; and not __fish_seen_subcommand_from ls list validate create inspect rm remove reload help" -l conf-dir -d 'Directory of network configs (*.conf, *.json, *.conflist) [default: /etc/cni/net.d]' -r -F
complete -c cnictl -n "__fish_cnictl_using_subcommand net; and not __fish_seen_subcommand_from ls list validate create inspect rm remove reload help" -l data-dir -d 'Lease directory for every network, overriding each config\'s ipam.dataDir [default: the config\'s dataDir, else /var/lib/cni/networks]' -r -F
complete -c cnictl -n "__fish_cnictl_using_subcommand net; and not __fish_seen_subcommand_from ls list validate create inspect rm remove reload help" -l cache-dir -d 'Directory of the attachment cache (results/ inside it) [default: /var/lib/cni]' -r -F
complete -c cnictl -n "__fish_cnictl_using_subcommand net; and not __fish_seen_subcommand_from ls list validate create inspect rm remove reload help" -l color -d 'When to colour tables; NO_COLOR in the environment means never [default: auto]' -r -f -a "auto\t'Colour when stdout is a terminal and NO_COLOR is not set'
always\t''
never\t''"
complete -c cnictl -n "__fish_cnictl_using_subcommand net; and not __fish_seen_subcommand_from ls list validate create inspect rm remove reload help" -l runc-root -d 'runc\'s state directory, for runc:ID targets (runc --root) [default: /run/runc]' -r -F
complete -c cnictl -n "__fish_cnictl_using_subcommand net; and not __fish_seen_subcommand_from ls list validate create inspect rm remove reload help" -l firewall-driver -d 'Who manages the host firewall: `iptables` (cnictl writes the rules) or `none` (another tool does)' -r -f -a "iptables\t''
none\t''"
complete -c cnictl -n "__fish_cnictl_using_subcommand net; and not __fish_seen_subcommand_from ls list validate create inspect rm remove reload help" -l json -d 'Print JSON instead of tables'
complete -c cnictl -n "__fish_cnictl_using_subcommand net; and not __fish_seen_subcommand_from ls list validate create inspect rm remove reload help" -s v -l verbose -d 'Log what cnictl does to stderr (-v info, -vv debug, -vvv trace)'
complete -c cnictl -n "__fish_cnictl_using_subcommand net; and not __fish_seen_subcommand_from ls list validate create inspect rm remove reload help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cnictl -n "__fish_cnictl_using_subcommand net; and not __fish_seen_subcommand_from ls list validate create inspect rm remove reload help" -s V -l version -d 'Print version'
complete -c cnictl -n "__fish_cnictl_using_subcommand net; and not __fish_seen_subcommand_from ls list validate create inspect rm remove reload help" -f -a "ls" -d 'List the networks in the conf dir: name, type, bridge, subnets, gateway, file, leases in use'
complete -c cnictl -n "__fish_cnictl_using_subcommand net; and not __fish_seen_subcommand_from ls list validate create inspect rm remove reload help" -f -a "list" -d 'List the networks in the conf dir: name, type, bridge, subnets, gateway, file, leases in use'
complete -c cnictl -n "__fish_cnictl_using_subcommand net; and not __fish_seen_subcommand_from ls list validate create inspect rm remove reload help" -f -a "validate" -d 'Check network configs and report every fault with file, field and fix'
complete -c cnictl -n "__fish_cnictl_using_subcommand net; and not __fish_seen_subcommand_from ls list validate create inspect rm remove reload help" -f -a "create" -d 'Write a new bridge + host-local network config (a conflist) into the conf dir'
complete -c cnictl -n "__fish_cnictl_using_subcommand net; and not __fish_seen_subcommand_from ls list validate create inspect rm remove reload help" -f -a "inspect" -d 'Show a network: its config and file, the bridge on the host, leases per range, attachments'
complete -c cnictl -n "__fish_cnictl_using_subcommand net; and not __fish_seen_subcommand_from ls list validate create inspect rm remove reload help" -f -a "rm" -d 'Remove a network: its bridge, rules, leases and config file'
complete -c cnictl -n "__fish_cnictl_using_subcommand net; and not __fish_seen_subcommand_from ls list validate create inspect rm remove reload help" -f -a "remove" -d 'Remove a network: its bridge, rules, leases and config file'
complete -c cnictl -n "__fish_cnictl_using_subcommand net; and not __fish_seen_subcommand_from ls list validate create inspect rm remove reload help" -f -a "reload" -d 'Put back the firewall rules of attached networks that something else removed (firewalld reload, iptables -F)'
complete -c cnictl -n "__fish_cnictl_using_subcommand net; and not __fish_seen_subcommand_from ls list validate create inspect rm remove reload help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c cnictl -n "__fish_cnictl_using_subcommand net; and __fish_seen_subcommand_from ls" -l conf-dir -d 'Directory of network configs (*.conf, *.json, *.conflist) [default: /etc/cni/net.d]' -r -F
complete -c cnictl -n "__fish_cnictl_using_subcommand net; and __fish_seen_subcommand_from ls" -l data-dir -d 'Lease directory for every network, overriding each config\'s ipam.dataDir [default: the config\'s dataDir, else /var/lib/cni/networks]' -r -F
complete -c cnictl -n "__fish_cnictl_using_subcommand net; and __fish_seen_subcommand_from ls" -l cache-dir -d 'Directory of the attachment cache (results/ inside it) [default: /var/lib/cni]' -r -F
complete -c cnictl -n "__fish_cnictl_using_subcommand net; and __fish_seen_subcommand_from ls" -l color -d 'When to colour tables; NO_COLOR in the environment means never [default: auto]' -r -f -a "auto\t'Colour when stdout is a terminal and NO_COLOR is not set'
always\t''
never\t''"
complete -c cnictl -n "__fish_cnictl_using_subcommand net; and __fish_seen_subcommand_from ls" -l runc-root -d 'runc\'s state directory, for runc:ID targets (runc --root) [default: /run/runc]' -r -F
complete -c cnictl -n "__fish_cnictl_using_subcommand net; and __fish_seen_subcommand_from ls" -l firewall-driver -d 'Who manages the host firewall: `iptables` (cnictl writes the rules) or `none` (another tool does)' -r -f -a "iptables\t''
none\t''"
complete -c cnictl -n "__fish_cnictl_using_subcommand net; and __fish_seen_subcommand_from ls" -l json -d 'Print JSON instead of tables'
complete -c cnictl -n "__fish_cnictl_using_subcommand net; and __fish_seen_subcommand_from ls" -s v -l verbose -d 'Log what cnictl does to stderr (-v info, -vv debug, -vvv trace)'
complete -c cnictl -n "__fish_cnictl_using_subcommand net; and __fish_seen_subcommand_from ls" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cnictl -n "__fish_cnictl_using_subcommand net; and __fish_seen_subcommand_from ls" -s V -l version -d 'Print version'
complete -c cnictl -n "__fish_cnictl_using_subcommand net; and __fish_seen_subcommand_from list" -l conf-dir -d 'Directory of network configs (*.conf, *.json, *.conflist) [default: /etc/cni/net.d]' -r -F
complete -c cnictl -n "__fish_cnictl_using_subcommand net; and __fish_seen_subcommand_from list" -l data-dir -d 'Lease directory for every network, overriding each config\'s ipam.dataDir [default: the config\'s dataDir, else /var/lib/cni/networks]' -r -F
complete -c cnictl -n "__fish_cnictl_using_subcommand net; and __fish_seen_subcommand_from list" -l cache-dir -d 'Directory of the attachment cache (results/ inside it) [default: /var/lib/cni]' -r -F
complete -c cnictl -n "__fish_cnictl_using_subcommand net; and __fish_seen_subcommand_from list" -l color -d 'When to colour tables; NO_COLOR in the environment means never [default: auto]' -r -f -a "auto\t'Colour when stdout is a terminal and NO_COLOR is not set'
always\t''
never\t''"
complete -c cnictl -n "__fish_cnictl_using_subcommand net; and __fish_seen_subcommand_from list" -l runc-root -d 'runc\'s state directory, for runc:ID targets (runc --root) [default: /run/runc]' -r -F
complete -c cnictl -n "__fish_cnictl_using_subcommand net; and __fish_seen_subcommand_from list" -l firewall-driver -d 'Who manages the host firewall: `iptables` (cnictl writes the rules) or `none` (another tool does)' -r -f -a "iptables\t''
none\t''"
complete -c cnictl -n "__fish_cnictl_using_subcommand net; and __fish_seen_subcommand_from list" -l json -d 'Print JSON instead of tables'
complete -c cnictl -n "__fish_cnictl_using_subcommand net; and __fish_seen_subcommand_from list" -s v -l verbose -d 'Log what cnictl does to stderr (-v info, -vv debug, -vvv trace)'
complete -c cnictl -n "__fish_cnictl_using_subcommand net; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cnictl -n "__fish_cnictl_using_subcommand net; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c cnictl -n "__fish_cnictl_using_subcommand net; and __fish_seen_subcommand_from validate" -l conf-dir -d 'Directory of network configs (*.conf, *.json, *.conflist) [default: /etc/cni/net.d]' -r -F
complete -c cnictl -n "__fish_cnictl_using_subcommand net; and __fish_seen_subcommand_from validate" -l data-dir -d 'Lease directory for every network, overriding each config\'s ipam.dataDir [default: the config\'s dataDir, else /var/lib/cni/networks]' -r -F
complete -c cnictl -n "__fish_cnictl_using_subcommand net; and __fish_seen_subcommand_from validate" -l cache-dir -d 'Directory of the attachment cache (results/ inside it) [default: /var/lib/cni]' -r -F
complete -c cnictl -n "__fish_cnictl_using_subcommand net; and __fish_seen_subcommand_from validate" -l color -d 'When to colour tables; NO_COLOR in the environment means never [default: auto]' -r -f -a "auto\t'Colour when stdout is a terminal and NO_COLOR is not set'
always\t''
never\t''"
complete -c cnictl -n "__fish_cnictl_using_subcommand net; and __fish_seen_subcommand_from validate" -l runc-root -d 'runc\'s state directory, for runc:ID targets (runc --root) [default: /run/runc]' -r -F
complete -c cnictl -n "__fish_cnictl_using_subcommand net; and __fish_seen_subcommand_from validate" -l firewall-driver -d 'Who manages the host firewall: `iptables` (cnictl writes the rules) or `none` (another tool does)' -r -f -a "iptables\t''
none\t''"
complete -c cnictl -n "__fish_cnictl_using_subcommand net; and __fish_seen_subcommand_from validate" -l json -d 'Print JSON instead of tables'
complete -c cnictl -n "__fish_cnictl_using_subcommand net; and __fish_seen_subcommand_from validate" -s v -l verbose -d 'Log what cnictl does to stderr (-v info, -vv debug, -vvv trace)'
complete -c cnictl -n "__fish_cnictl_using_subcommand net; and __fish_seen_subcommand_from validate" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cnictl -n "__fish_cnictl_using_subcommand net; and __fish_seen_subcommand_from validate" -s V -l version -d 'Print version'
complete -c cnictl -n "__fish_cnictl_using_subcommand net; and __fish_seen_subcommand_from create" -l subnet -d 'A subnet in CIDR form, or `auto` for the first free /24 of 10.90.0.0/15; repeat once for dual-stack (one IPv4, one IPv6)' -r
complete -c cnictl -n "__fish_cnictl_using_subcommand net; and __fish_seen_subcommand_from create" -l gateway -d 'The gateway (the bridge\'s address) of the subnet holding it [default: the subnet\'s first address]' -r
complete -c cnictl -n "__fish_cnictl_using_subcommand net; and __fish_seen_subcommand_from create" -l range -d 'Allocate container addresses only from FIRST-LAST (one per subnet)' -r
complete -c cnictl -n "__fish_cnictl_using_subcommand net; and __fish_seen_subcommand_from create" -l route -d 'An extra route for containers: DST or DST,GW (repeatable); a default route per family is always added' -r
complete -c cnictl -n "__fish_cnictl_using_subcommand net; and __fish_seen_subcommand_from create" -l bridge -d 'The Linux bridge [default: cni-NAME]' -r
complete -c cnictl -n "__fish_cnictl_using_subcommand net; and __fish_seen_subcommand_from create" -l mtu -d 'MTU of the bridge and the containers\' interfaces' -r
complete -c cnictl -n "__fish_cnictl_using_subcommand net; and __fish_seen_subcommand_from create" -l dns -d 'Nameserver for the network\'s containers (repeatable)' -r
complete -c cnictl -n "__fish_cnictl_using_subcommand net; and __fish_seen_subcommand_from create" -l cni-version -d 'The conflist\'s cniVersion' -r
complete -c cnictl -n "__fish_cnictl_using_subcommand net; and __fish_seen_subcommand_from create" -l conf-dir -d 'Directory of network configs (*.conf, *.json, *.conflist) [default: /etc/cni/net.d]' -r -F
complete -c cnictl -n "__fish_cnictl_using_subcommand net; and __fish_seen_subcommand_from create" -l data-dir -d 'Lease directory for every network, overriding each config\'s ipam.dataDir [default: the config\'s dataDir, else /var/lib/cni/networks]' -r -F
complete -c cnictl -n "__fish_cnictl_using_subcommand net; and __fish_seen_subcommand_from create" -l cache-dir -d 'Directory of the attachment cache (results/ inside it) [default: /var/lib/cni]' -r -F
complete -c cnictl -n "__fish_cnictl_using_subcommand net; and __fish_seen_subcommand_from create" -l color -d 'When to colour tables; NO_COLOR in the environment means never [default: auto]' -r -f -a "auto\t'Colour when stdout is a terminal and NO_COLOR is not set'
always\t''
never\t''"
complete -c cnictl -n "__fish_cnictl_using_subcommand net; and __fish_seen_subcommand_from create" -l runc-root -d 'runc\'s state directory, for runc:ID targets (runc --root) [default: /run/runc]' -r -F
complete -c cnictl -n "__fish_cnictl_using_subcommand net; and __fish_seen_subcommand_from create" -l firewall-driver -d 'Who manages the host firewall: `iptables` (cnictl writes the rules) or `none` (another tool does)' -r -f -a "iptables\t''
none\t''"
complete -c cnictl -n "__fish_cnictl_using_subcommand net; and __fish_seen_subcommand_from create" -l no-masquerade -d 'Do not masquerade traffic leaving the subnets (ipMasq false)'
complete -c cnictl -n "__fish_cnictl_using_subcommand net; and __fish_seen_subcommand_from create" -l with-portmap -d 'Add a portmap plugin entry, so that other CNI tools can publish ports on this network too'
complete -c cnictl -n "__fish_cnictl_using_subcommand net; and __fish_seen_subcommand_from create" -l dry-run -d 'Print the file that would be written, and write nothing'
complete -c cnictl -n "__fish_cnictl_using_subcommand net; and __fish_seen_subcommand_from create" -l json -d 'Print JSON instead of tables'
complete -c cnictl -n "__fish_cnictl_using_subcommand net; and __fish_seen_subcommand_from create" -s v -l verbose -d 'Log what cnictl does to stderr (-v info, -vv debug, -vvv trace)'
complete -c cnictl -n "__fish_cnictl_using_subcommand net; and __fish_seen_subcommand_from create" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cnictl -n "__fish_cnictl_using_subcommand net; and __fish_seen_subcommand_from create" -s V -l version -d 'Print version'
complete -c cnictl -n "__fish_cnictl_using_subcommand net; and __fish_seen_subcommand_from inspect" -l conf-dir -d 'Directory of network configs (*.conf, *.json, *.conflist) [default: /etc/cni/net.d]' -r -F
complete -c cnictl -n "__fish_cnictl_using_subcommand net; and __fish_seen_subcommand_from inspect" -l data-dir -d 'Lease directory for every network, overriding each config\'s ipam.dataDir [default: the config\'s dataDir, else /var/lib/cni/networks]' -r -F
complete -c cnictl -n "__fish_cnictl_using_subcommand net; and __fish_seen_subcommand_from inspect" -l cache-dir -d 'Directory of the attachment cache (results/ inside it) [default: /var/lib/cni]' -r -F
complete -c cnictl -n "__fish_cnictl_using_subcommand net; and __fish_seen_subcommand_from inspect" -l color -d 'When to colour tables; NO_COLOR in the environment means never [default: auto]' -r -f -a "auto\t'Colour when stdout is a terminal and NO_COLOR is not set'
always\t''
never\t''"
complete -c cnictl -n "__fish_cnictl_using_subcommand net; and __fish_seen_subcommand_from inspect" -l runc-root -d 'runc\'s state directory, for runc:ID targets (runc --root) [default: /run/runc]' -r -F
complete -c cnictl -n "__fish_cnictl_using_subcommand net; and __fish_seen_subcommand_from inspect" -l firewall-driver -d 'Who manages the host firewall: `iptables` (cnictl writes the rules) or `none` (another tool does)' -r -f -a "iptables\t''
none\t''"
complete -c cnictl -n "__fish_cnictl_using_subcommand net; and __fish_seen_subcommand_from inspect" -l json -d 'Print JSON instead of tables'
complete -c cnictl -n "__fish_cnictl_using_subcommand net; and __fish_seen_subcommand_from inspect" -s v -l verbose -d 'Log what cnictl does to stderr (-v info, -vv debug, -vvv trace)'
complete -c cnictl -n "__fish_cnictl_using_subcommand net; and __fish_seen_subcommand_from inspect" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cnictl -n "__fish_cnictl_using_subcommand net; and __fish_seen_subcommand_from inspect" -s V -l version -d 'Print version'
complete -c cnictl -n "__fish_cnictl_using_subcommand net; and __fish_seen_subcommand_from rm" -l conf-dir -d 'Directory of network configs (*.conf, *.json, *.conflist) [default: /etc/cni/net.d]' -r -F
complete -c cnictl -n "__fish_cnictl_using_subcommand net; and __fish_seen_subcommand_from rm" -l data-dir -d 'Lease directory for every network, overriding each config\'s ipam.dataDir [default: the config\'s dataDir, else /var/lib/cni/networks]' -r -F
complete -c cnictl -n "__fish_cnictl_using_subcommand net; and __fish_seen_subcommand_from rm" -l cache-dir -d 'Directory of the attachment cache (results/ inside it) [default: /var/lib/cni]' -r -F
complete -c cnictl -n "__fish_cnictl_using_subcommand net; and __fish_seen_subcommand_from rm" -l color -d 'When to colour tables; NO_COLOR in the environment means never [default: auto]' -r -f -a "auto\t'Colour when stdout is a terminal and NO_COLOR is not set'
always\t''
never\t''"
complete -c cnictl -n "__fish_cnictl_using_subcommand net; and __fish_seen_subcommand_from rm" -l runc-root -d 'runc\'s state directory, for runc:ID targets (runc --root) [default: /run/runc]' -r -F
complete -c cnictl -n "__fish_cnictl_using_subcommand net; and __fish_seen_subcommand_from rm" -l firewall-driver -d 'Who manages the host firewall: `iptables` (cnictl writes the rules) or `none` (another tool does)' -r -f -a "iptables\t''
none\t''"
complete -c cnictl -n "__fish_cnictl_using_subcommand net; and __fish_seen_subcommand_from rm" -l force -d 'Detach every container attached to it first'
complete -c cnictl -n "__fish_cnictl_using_subcommand net; and __fish_seen_subcommand_from rm" -l json -d 'Print JSON instead of tables'
complete -c cnictl -n "__fish_cnictl_using_subcommand net; and __fish_seen_subcommand_from rm" -s v -l verbose -d 'Log what cnictl does to stderr (-v info, -vv debug, -vvv trace)'
complete -c cnictl -n "__fish_cnictl_using_subcommand net; and __fish_seen_subcommand_from rm" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cnictl -n "__fish_cnictl_using_subcommand net; and __fish_seen_subcommand_from rm" -s V -l version -d 'Print version'
complete -c cnictl -n "__fish_cnictl_using_subcommand net; and __fish_seen_subcommand_from remove" -l conf-dir -d 'Directory of network configs (*.conf, *.json, *.conflist) [default: /etc/cni/net.d]' -r -F
complete -c cnictl -n "__fish_cnictl_using_subcommand net; and __fish_seen_subcommand_from remove" -l data-dir -d 'Lease directory for every network, overriding each config\'s ipam.dataDir [default: the config\'s dataDir, else /var/lib/cni/networks]' -r -F
complete -c cnictl -n "__fish_cnictl_using_subcommand net; and __fish_seen_subcommand_from remove" -l cache-dir -d 'Directory of the attachment cache (results/ inside it) [default: /var/lib/cni]' -r -F
complete -c cnictl -n "__fish_cnictl_using_subcommand net; and __fish_seen_subcommand_from remove" -l color -d 'When to colour tables; NO_COLOR in the environment means never [default: auto]' -r -f -a "auto\t'Colour when stdout is a terminal and NO_COLOR is not set'
always\t''
never\t''"
complete -c cnictl -n "__fish_cnictl_using_subcommand net; and __fish_seen_subcommand_from remove" -l runc-root -d 'runc\'s state directory, for runc:ID targets (runc --root) [default: /run/runc]' -r -F
complete -c cnictl -n "__fish_cnictl_using_subcommand net; and __fish_seen_subcommand_from remove" -l firewall-driver -d 'Who manages the host firewall: `iptables` (cnictl writes the rules) or `none` (another tool does)' -r -f -a "iptables\t''
none\t''"
complete -c cnictl -n "__fish_cnictl_using_subcommand net; and __fish_seen_subcommand_from remove" -l force -d 'Detach every container attached to it first'
complete -c cnictl -n "__fish_cnictl_using_subcommand net; and __fish_seen_subcommand_from remove" -l json -d 'Print JSON instead of tables'
complete -c cnictl -n "__fish_cnictl_using_subcommand net; and __fish_seen_subcommand_from remove" -s v -l verbose -d 'Log what cnictl does to stderr (-v info, -vv debug, -vvv trace)'
complete -c cnictl -n "__fish_cnictl_using_subcommand net; and __fish_seen_subcommand_from remove" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cnictl -n "__fish_cnictl_using_subcommand net; and __fish_seen_subcommand_from remove" -s V -l version -d 'Print version'
complete -c cnictl -n "__fish_cnictl_using_subcommand net; and __fish_seen_subcommand_from reload" -l conf-dir -d 'Directory of network configs (*.conf, *.json, *.conflist) [default: /etc/cni/net.d]' -r -F
complete -c cnictl -n "__fish_cnictl_using_subcommand net; and __fish_seen_subcommand_from reload" -l data-dir -d 'Lease directory for every network, overriding each config\'s ipam.dataDir [default: the config\'s dataDir, else /var/lib/cni/networks]' -r -F
complete -c cnictl -n "__fish_cnictl_using_subcommand net; and __fish_seen_subcommand_from reload" -l cache-dir -d 'Directory of the attachment cache (results/ inside it) [default: /var/lib/cni]' -r -F
complete -c cnictl -n "__fish_cnictl_using_subcommand net; and __fish_seen_subcommand_from reload" -l color -d 'When to colour tables; NO_COLOR in the environment means never [default: auto]' -r -f -a "auto\t'Colour when stdout is a terminal and NO_COLOR is not set'
always\t''
never\t''"
complete -c cnictl -n "__fish_cnictl_using_subcommand net; and __fish_seen_subcommand_from reload" -l runc-root -d 'runc\'s state directory, for runc:ID targets (runc --root) [default: /run/runc]' -r -F
complete -c cnictl -n "__fish_cnictl_using_subcommand net; and __fish_seen_subcommand_from reload" -l firewall-driver -d 'Who manages the host firewall: `iptables` (cnictl writes the rules) or `none` (another tool does)' -r -f -a "iptables\t''
none\t''"
complete -c cnictl -n "__fish_cnictl_using_subcommand net; and __fish_seen_subcommand_from reload" -l json -d 'Print JSON instead of tables'
complete -c cnictl -n "__fish_cnictl_using_subcommand net; and __fish_seen_subcommand_from reload" -s v -l verbose -d 'Log what cnictl does to stderr (-v info, -vv debug, -vvv trace)'
complete -c cnictl -n "__fish_cnictl_using_subcommand net; and __fish_seen_subcommand_from reload" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cnictl -n "__fish_cnictl_using_subcommand net; and __fish_seen_subcommand_from reload" -s V -l version -d 'Print version'
complete -c cnictl -n "__fish_cnictl_using_subcommand net; and __fish_seen_subcommand_from help" -f -a "ls" -d 'List the networks in the conf dir: name, type, bridge, subnets, gateway, file, leases in use'
complete -c cnictl -n "__fish_cnictl_using_subcommand net; and __fish_seen_subcommand_from help" -f -a "validate" -d 'Check network configs and report every fault with file, field and fix'
complete -c cnictl -n "__fish_cnictl_using_subcommand net; and __fish_seen_subcommand_from help" -f -a "create" -d 'Write a new bridge + host-local network config (a conflist) into the conf dir'
complete -c cnictl -n "__fish_cnictl_using_subcommand net; and __fish_seen_subcommand_from help" -f -a "inspect" -d 'Show a network: its config and file, the bridge on the host, leases per range, attachments'
complete -c cnictl -n "__fish_cnictl_using_subcommand net; and __fish_seen_subcommand_from help" -f -a "rm" -d 'Remove a network: its bridge, rules, leases and config file'
complete -c cnictl -n "__fish_cnictl_using_subcommand net; and __fish_seen_subcommand_from help" -f -a "reload" -d 'Put back the firewall rules of attached networks that something else removed (firewalld reload, iptables -F)'
complete -c cnictl -n "__fish_cnictl_using_subcommand net; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c cnictl -n "__fish_cnictl_using_subcommand leases" -l net -d 'Only this network (a name from the conf dir, or a config file)' -r
complete -c cnictl -n "__fish_cnictl_using_subcommand leases" -l conf-dir -d 'Directory of network configs (*.conf, *.json, *.conflist) [default: /etc/cni/net.d]' -r -F
complete -c cnictl -n "__fish_cnictl_using_subcommand leases" -l data-dir -d 'Lease directory for every network, overriding each config\'s ipam.dataDir [default: the config\'s dataDir, else /var/lib/cni/networks]' -r -F
complete -c cnictl -n "__fish_cnictl_using_subcommand leases" -l cache-dir -d 'Directory of the attachment cache (results/ inside it) [default: /var/lib/cni]' -r -F
complete -c cnictl -n "__fish_cnictl_using_subcommand leases" -l color -d 'When to colour tables; NO_COLOR in the environment means never [default: auto]' -r -f -a "auto\t'Colour when stdout is a terminal and NO_COLOR is not set'
always\t''
never\t''"
complete -c cnictl -n "__fish_cnictl_using_subcommand leases" -l runc-root -d 'runc\'s state directory, for runc:ID targets (runc --root) [default: /run/runc]' -r -F
complete -c cnictl -n "__fish_cnictl_using_subcommand leases" -l firewall-driver -d 'Who manages the host firewall: `iptables` (cnictl writes the rules) or `none` (another tool does)' -r -f -a "iptables\t''
none\t''"
complete -c cnictl -n "__fish_cnictl_using_subcommand leases" -l stale -d 'Only the leases `cnictl gc` would release (needs root: it looks into every network namespace)'
complete -c cnictl -n "__fish_cnictl_using_subcommand leases" -l json -d 'Print JSON instead of tables'
complete -c cnictl -n "__fish_cnictl_using_subcommand leases" -s v -l verbose -d 'Log what cnictl does to stderr (-v info, -vv debug, -vvv trace)'
complete -c cnictl -n "__fish_cnictl_using_subcommand leases" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cnictl -n "__fish_cnictl_using_subcommand leases" -s V -l version -d 'Print version'
complete -c cnictl -n "__fish_cnictl_using_subcommand plugins; and not __fish_seen_subcommand_from install ls list help" -l conf-dir -d 'Directory of network configs (*.conf, *.json, *.conflist) [default: /etc/cni/net.d]' -r -F
complete -c cnictl -n "__fish_cnictl_using_subcommand plugins; and not __fish_seen_subcommand_from install ls list help" -l data-dir -d 'Lease directory for every network, overriding each config\'s ipam.dataDir [default: the config\'s dataDir, else /var/lib/cni/networks]' -r -F
complete -c cnictl -n "__fish_cnictl_using_subcommand plugins; and not __fish_seen_subcommand_from install ls list help" -l cache-dir -d 'Directory of the attachment cache (results/ inside it) [default: /var/lib/cni]' -r -F
complete -c cnictl -n "__fish_cnictl_using_subcommand plugins; and not __fish_seen_subcommand_from install ls list help" -l color -d 'When to colour tables; NO_COLOR in the environment means never [default: auto]' -r -f -a "auto\t'Colour when stdout is a terminal and NO_COLOR is not set'
always\t''
never\t''"
complete -c cnictl -n "__fish_cnictl_using_subcommand plugins; and not __fish_seen_subcommand_from install ls list help" -l runc-root -d 'runc\'s state directory, for runc:ID targets (runc --root) [default: /run/runc]' -r -F
complete -c cnictl -n "__fish_cnictl_using_subcommand plugins; and not __fish_seen_subcommand_from install ls list help" -l firewall-driver -d 'Who manages the host firewall: `iptables` (cnictl writes the rules) or `none` (another tool does)' -r -f -a "iptables\t''
none\t''"
complete -c cnictl -n "__fish_cnictl_using_subcommand plugins; and not __fish_seen_subcommand_from install ls list help" -l json -d 'Print JSON instead of tables'
complete -c cnictl -n "__fish_cnictl_using_subcommand plugins; and not __fish_seen_subcommand_from install ls list help" -s v -l verbose -d 'Log what cnictl does to stderr (-v info, -vv debug, -vvv trace)'
complete -c cnictl -n "__fish_cnictl_using_subcommand plugins; and not __fish_seen_subcommand_from install ls list help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cnictl -n "__fish_cnictl_using_subcommand plugins; and not __fish_seen_subcommand_from install ls list help" -s V -l version -d 'Print version'
complete -c cnictl -n "__fish_cnictl_using_subcommand plugins; and not __fish_seen_subcommand_from install ls list help" -f -a "install" -d 'Link cnictl into a CNI bin dir as bridge, host-local and loopback, for runtimes that call plugins by name'
complete -c cnictl -n "__fish_cnictl_using_subcommand plugins; and not __fish_seen_subcommand_from install ls list help" -f -a "ls" -d 'Show the bridge, host-local and loopback plugins in CNI bin dirs and which are cnictl'
complete -c cnictl -n "__fish_cnictl_using_subcommand plugins; and not __fish_seen_subcommand_from install ls list help" -f -a "list" -d 'Show the bridge, host-local and loopback plugins in CNI bin dirs and which are cnictl'
complete -c cnictl -n "__fish_cnictl_using_subcommand plugins; and not __fish_seen_subcommand_from install ls list help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c cnictl -n "__fish_cnictl_using_subcommand plugins; and __fish_seen_subcommand_from install" -l plugin -d 'Only this plugin name (repeatable) [default: bridge, host-local and loopback]' -r
complete -c cnictl -n "__fish_cnictl_using_subcommand plugins; and __fish_seen_subcommand_from install" -l conf-dir -d 'Directory of network configs (*.conf, *.json, *.conflist) [default: /etc/cni/net.d]' -r -F
complete -c cnictl -n "__fish_cnictl_using_subcommand plugins; and __fish_seen_subcommand_from install" -l data-dir -d 'Lease directory for every network, overriding each config\'s ipam.dataDir [default: the config\'s dataDir, else /var/lib/cni/networks]' -r -F
complete -c cnictl -n "__fish_cnictl_using_subcommand plugins; and __fish_seen_subcommand_from install" -l cache-dir -d 'Directory of the attachment cache (results/ inside it) [default: /var/lib/cni]' -r -F
complete -c cnictl -n "__fish_cnictl_using_subcommand plugins; and __fish_seen_subcommand_from install" -l color -d 'When to colour tables; NO_COLOR in the environment means never [default: auto]' -r -f -a "auto\t'Colour when stdout is a terminal and NO_COLOR is not set'
always\t''
never\t''"
complete -c cnictl -n "__fish_cnictl_using_subcommand plugins; and __fish_seen_subcommand_from install" -l runc-root -d 'runc\'s state directory, for runc:ID targets (runc --root) [default: /run/runc]' -r -F
complete -c cnictl -n "__fish_cnictl_using_subcommand plugins; and __fish_seen_subcommand_from install" -l firewall-driver -d 'Who manages the host firewall: `iptables` (cnictl writes the rules) or `none` (another tool does)' -r -f -a "iptables\t''
none\t''"
complete -c cnictl -n "__fish_cnictl_using_subcommand plugins; and __fish_seen_subcommand_from install" -l force -d 'Replace a file of that name that is not cnictl (such as the reference plugin)'
complete -c cnictl -n "__fish_cnictl_using_subcommand plugins; and __fish_seen_subcommand_from install" -l json -d 'Print JSON instead of tables'
complete -c cnictl -n "__fish_cnictl_using_subcommand plugins; and __fish_seen_subcommand_from install" -s v -l verbose -d 'Log what cnictl does to stderr (-v info, -vv debug, -vvv trace)'
complete -c cnictl -n "__fish_cnictl_using_subcommand plugins; and __fish_seen_subcommand_from install" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cnictl -n "__fish_cnictl_using_subcommand plugins; and __fish_seen_subcommand_from install" -s V -l version -d 'Print version'
complete -c cnictl -n "__fish_cnictl_using_subcommand plugins; and __fish_seen_subcommand_from ls" -l conf-dir -d 'Directory of network configs (*.conf, *.json, *.conflist) [default: /etc/cni/net.d]' -r -F
complete -c cnictl -n "__fish_cnictl_using_subcommand plugins; and __fish_seen_subcommand_from ls" -l data-dir -d 'Lease directory for every network, overriding each config\'s ipam.dataDir [default: the config\'s dataDir, else /var/lib/cni/networks]' -r -F
complete -c cnictl -n "__fish_cnictl_using_subcommand plugins; and __fish_seen_subcommand_from ls" -l cache-dir -d 'Directory of the attachment cache (results/ inside it) [default: /var/lib/cni]' -r -F
complete -c cnictl -n "__fish_cnictl_using_subcommand plugins; and __fish_seen_subcommand_from ls" -l color -d 'When to colour tables; NO_COLOR in the environment means never [default: auto]' -r -f -a "auto\t'Colour when stdout is a terminal and NO_COLOR is not set'
always\t''
never\t''"
complete -c cnictl -n "__fish_cnictl_using_subcommand plugins; and __fish_seen_subcommand_from ls" -l runc-root -d 'runc\'s state directory, for runc:ID targets (runc --root) [default: /run/runc]' -r -F
complete -c cnictl -n "__fish_cnictl_using_subcommand plugins; and __fish_seen_subcommand_from ls" -l firewall-driver -d 'Who manages the host firewall: `iptables` (cnictl writes the rules) or `none` (another tool does)' -r -f -a "iptables\t''
none\t''"
complete -c cnictl -n "__fish_cnictl_using_subcommand plugins; and __fish_seen_subcommand_from ls" -l json -d 'Print JSON instead of tables'
complete -c cnictl -n "__fish_cnictl_using_subcommand plugins; and __fish_seen_subcommand_from ls" -s v -l verbose -d 'Log what cnictl does to stderr (-v info, -vv debug, -vvv trace)'
complete -c cnictl -n "__fish_cnictl_using_subcommand plugins; and __fish_seen_subcommand_from ls" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cnictl -n "__fish_cnictl_using_subcommand plugins; and __fish_seen_subcommand_from ls" -s V -l version -d 'Print version'
complete -c cnictl -n "__fish_cnictl_using_subcommand plugins; and __fish_seen_subcommand_from list" -l conf-dir -d 'Directory of network configs (*.conf, *.json, *.conflist) [default: /etc/cni/net.d]' -r -F
complete -c cnictl -n "__fish_cnictl_using_subcommand plugins; and __fish_seen_subcommand_from list" -l data-dir -d 'Lease directory for every network, overriding each config\'s ipam.dataDir [default: the config\'s dataDir, else /var/lib/cni/networks]' -r -F
complete -c cnictl -n "__fish_cnictl_using_subcommand plugins; and __fish_seen_subcommand_from list" -l cache-dir -d 'Directory of the attachment cache (results/ inside it) [default: /var/lib/cni]' -r -F
complete -c cnictl -n "__fish_cnictl_using_subcommand plugins; and __fish_seen_subcommand_from list" -l color -d 'When to colour tables; NO_COLOR in the environment means never [default: auto]' -r -f -a "auto\t'Colour when stdout is a terminal and NO_COLOR is not set'
always\t''
never\t''"
complete -c cnictl -n "__fish_cnictl_using_subcommand plugins; and __fish_seen_subcommand_from list" -l runc-root -d 'runc\'s state directory, for runc:ID targets (runc --root) [default: /run/runc]' -r -F
complete -c cnictl -n "__fish_cnictl_using_subcommand plugins; and __fish_seen_subcommand_from list" -l firewall-driver -d 'Who manages the host firewall: `iptables` (cnictl writes the rules) or `none` (another tool does)' -r -f -a "iptables\t''
none\t''"
complete -c cnictl -n "__fish_cnictl_using_subcommand plugins; and __fish_seen_subcommand_from list" -l json -d 'Print JSON instead of tables'
complete -c cnictl -n "__fish_cnictl_using_subcommand plugins; and __fish_seen_subcommand_from list" -s v -l verbose -d 'Log what cnictl does to stderr (-v info, -vv debug, -vvv trace)'
complete -c cnictl -n "__fish_cnictl_using_subcommand plugins; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cnictl -n "__fish_cnictl_using_subcommand plugins; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c cnictl -n "__fish_cnictl_using_subcommand plugins; and __fish_seen_subcommand_from help" -f -a "install" -d 'Link cnictl into a CNI bin dir as bridge, host-local and loopback, for runtimes that call plugins by name'
complete -c cnictl -n "__fish_cnictl_using_subcommand plugins; and __fish_seen_subcommand_from help" -f -a "ls" -d 'Show the bridge, host-local and loopback plugins in CNI bin dirs and which are cnictl'
complete -c cnictl -n "__fish_cnictl_using_subcommand plugins; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c cnictl -n "__fish_cnictl_using_subcommand ls" -l net -d 'Only this network (a name from the conf dir, or a config file)' -r
complete -c cnictl -n "__fish_cnictl_using_subcommand ls" -l conf-dir -d 'Directory of network configs (*.conf, *.json, *.conflist) [default: /etc/cni/net.d]' -r -F
complete -c cnictl -n "__fish_cnictl_using_subcommand ls" -l data-dir -d 'Lease directory for every network, overriding each config\'s ipam.dataDir [default: the config\'s dataDir, else /var/lib/cni/networks]' -r -F
complete -c cnictl -n "__fish_cnictl_using_subcommand ls" -l cache-dir -d 'Directory of the attachment cache (results/ inside it) [default: /var/lib/cni]' -r -F
complete -c cnictl -n "__fish_cnictl_using_subcommand ls" -l color -d 'When to colour tables; NO_COLOR in the environment means never [default: auto]' -r -f -a "auto\t'Colour when stdout is a terminal and NO_COLOR is not set'
always\t''
never\t''"
complete -c cnictl -n "__fish_cnictl_using_subcommand ls" -l runc-root -d 'runc\'s state directory, for runc:ID targets (runc --root) [default: /run/runc]' -r -F
complete -c cnictl -n "__fish_cnictl_using_subcommand ls" -l firewall-driver -d 'Who manages the host firewall: `iptables` (cnictl writes the rules) or `none` (another tool does)' -r -f -a "iptables\t''
none\t''"
complete -c cnictl -n "__fish_cnictl_using_subcommand ls" -l json -d 'Print JSON instead of tables'
complete -c cnictl -n "__fish_cnictl_using_subcommand ls" -s v -l verbose -d 'Log what cnictl does to stderr (-v info, -vv debug, -vvv trace)'
complete -c cnictl -n "__fish_cnictl_using_subcommand ls" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cnictl -n "__fish_cnictl_using_subcommand ls" -s V -l version -d 'Print version'
complete -c cnictl -n "__fish_cnictl_using_subcommand ps" -l net -d 'Only this network (a name from the conf dir, or a config file)' -r
complete -c cnictl -n "__fish_cnictl_using_subcommand ps" -l conf-dir -d 'Directory of network configs (*.conf, *.json, *.conflist) [default: /etc/cni/net.d]' -r -F
complete -c cnictl -n "__fish_cnictl_using_subcommand ps" -l data-dir -d 'Lease directory for every network, overriding each config\'s ipam.dataDir [default: the config\'s dataDir, else /var/lib/cni/networks]' -r -F
complete -c cnictl -n "__fish_cnictl_using_subcommand ps" -l cache-dir -d 'Directory of the attachment cache (results/ inside it) [default: /var/lib/cni]' -r -F
complete -c cnictl -n "__fish_cnictl_using_subcommand ps" -l color -d 'When to colour tables; NO_COLOR in the environment means never [default: auto]' -r -f -a "auto\t'Colour when stdout is a terminal and NO_COLOR is not set'
always\t''
never\t''"
complete -c cnictl -n "__fish_cnictl_using_subcommand ps" -l runc-root -d 'runc\'s state directory, for runc:ID targets (runc --root) [default: /run/runc]' -r -F
complete -c cnictl -n "__fish_cnictl_using_subcommand ps" -l firewall-driver -d 'Who manages the host firewall: `iptables` (cnictl writes the rules) or `none` (another tool does)' -r -f -a "iptables\t''
none\t''"
complete -c cnictl -n "__fish_cnictl_using_subcommand ps" -l json -d 'Print JSON instead of tables'
complete -c cnictl -n "__fish_cnictl_using_subcommand ps" -s v -l verbose -d 'Log what cnictl does to stderr (-v info, -vv debug, -vvv trace)'
complete -c cnictl -n "__fish_cnictl_using_subcommand ps" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cnictl -n "__fish_cnictl_using_subcommand ps" -s V -l version -d 'Print version'
complete -c cnictl -n "__fish_cnictl_using_subcommand show" -l net -d 'Only this network\'s attachment (a name from the conf dir, or a config file)' -r
complete -c cnictl -n "__fish_cnictl_using_subcommand show" -l id -d 'CNI container id, for a namespace that holds more than one container\'s attachments [default: from the target]' -r
complete -c cnictl -n "__fish_cnictl_using_subcommand show" -l conf-dir -d 'Directory of network configs (*.conf, *.json, *.conflist) [default: /etc/cni/net.d]' -r -F
complete -c cnictl -n "__fish_cnictl_using_subcommand show" -l data-dir -d 'Lease directory for every network, overriding each config\'s ipam.dataDir [default: the config\'s dataDir, else /var/lib/cni/networks]' -r -F
complete -c cnictl -n "__fish_cnictl_using_subcommand show" -l cache-dir -d 'Directory of the attachment cache (results/ inside it) [default: /var/lib/cni]' -r -F
complete -c cnictl -n "__fish_cnictl_using_subcommand show" -l color -d 'When to colour tables; NO_COLOR in the environment means never [default: auto]' -r -f -a "auto\t'Colour when stdout is a terminal and NO_COLOR is not set'
always\t''
never\t''"
complete -c cnictl -n "__fish_cnictl_using_subcommand show" -l runc-root -d 'runc\'s state directory, for runc:ID targets (runc --root) [default: /run/runc]' -r -F
complete -c cnictl -n "__fish_cnictl_using_subcommand show" -l firewall-driver -d 'Who manages the host firewall: `iptables` (cnictl writes the rules) or `none` (another tool does)' -r -f -a "iptables\t''
none\t''"
complete -c cnictl -n "__fish_cnictl_using_subcommand show" -l json -d 'Print JSON instead of tables'
complete -c cnictl -n "__fish_cnictl_using_subcommand show" -s v -l verbose -d 'Log what cnictl does to stderr (-v info, -vv debug, -vvv trace)'
complete -c cnictl -n "__fish_cnictl_using_subcommand show" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cnictl -n "__fish_cnictl_using_subcommand show" -s V -l version -d 'Print version'
complete -c cnictl -n "__fish_cnictl_using_subcommand check" -l net -d 'Only this network\'s attachment (a name from the conf dir, or a config file)' -r
complete -c cnictl -n "__fish_cnictl_using_subcommand check" -l id -d 'CNI container id, for a namespace that holds more than one container\'s attachments [default: from the target]' -r
complete -c cnictl -n "__fish_cnictl_using_subcommand check" -l conf-dir -d 'Directory of network configs (*.conf, *.json, *.conflist) [default: /etc/cni/net.d]' -r -F
complete -c cnictl -n "__fish_cnictl_using_subcommand check" -l data-dir -d 'Lease directory for every network, overriding each config\'s ipam.dataDir [default: the config\'s dataDir, else /var/lib/cni/networks]' -r -F
complete -c cnictl -n "__fish_cnictl_using_subcommand check" -l cache-dir -d 'Directory of the attachment cache (results/ inside it) [default: /var/lib/cni]' -r -F
complete -c cnictl -n "__fish_cnictl_using_subcommand check" -l color -d 'When to colour tables; NO_COLOR in the environment means never [default: auto]' -r -f -a "auto\t'Colour when stdout is a terminal and NO_COLOR is not set'
always\t''
never\t''"
complete -c cnictl -n "__fish_cnictl_using_subcommand check" -l runc-root -d 'runc\'s state directory, for runc:ID targets (runc --root) [default: /run/runc]' -r -F
complete -c cnictl -n "__fish_cnictl_using_subcommand check" -l firewall-driver -d 'Who manages the host firewall: `iptables` (cnictl writes the rules) or `none` (another tool does)' -r -f -a "iptables\t''
none\t''"
complete -c cnictl -n "__fish_cnictl_using_subcommand check" -l json -d 'Print JSON instead of tables'
complete -c cnictl -n "__fish_cnictl_using_subcommand check" -s v -l verbose -d 'Log what cnictl does to stderr (-v info, -vv debug, -vvv trace)'
complete -c cnictl -n "__fish_cnictl_using_subcommand check" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cnictl -n "__fish_cnictl_using_subcommand check" -s V -l version -d 'Print version'
complete -c cnictl -n "__fish_cnictl_using_subcommand gc" -l net -d 'Only this network (a name from the conf dir, or a config file)' -r
complete -c cnictl -n "__fish_cnictl_using_subcommand gc" -l conf-dir -d 'Directory of network configs (*.conf, *.json, *.conflist) [default: /etc/cni/net.d]' -r -F
complete -c cnictl -n "__fish_cnictl_using_subcommand gc" -l data-dir -d 'Lease directory for every network, overriding each config\'s ipam.dataDir [default: the config\'s dataDir, else /var/lib/cni/networks]' -r -F
complete -c cnictl -n "__fish_cnictl_using_subcommand gc" -l cache-dir -d 'Directory of the attachment cache (results/ inside it) [default: /var/lib/cni]' -r -F
complete -c cnictl -n "__fish_cnictl_using_subcommand gc" -l color -d 'When to colour tables; NO_COLOR in the environment means never [default: auto]' -r -f -a "auto\t'Colour when stdout is a terminal and NO_COLOR is not set'
always\t''
never\t''"
complete -c cnictl -n "__fish_cnictl_using_subcommand gc" -l runc-root -d 'runc\'s state directory, for runc:ID targets (runc --root) [default: /run/runc]' -r -F
complete -c cnictl -n "__fish_cnictl_using_subcommand gc" -l firewall-driver -d 'Who manages the host firewall: `iptables` (cnictl writes the rules) or `none` (another tool does)' -r -f -a "iptables\t''
none\t''"
complete -c cnictl -n "__fish_cnictl_using_subcommand gc" -s n -l dry-run -d 'Only list what would be removed; change nothing'
complete -c cnictl -n "__fish_cnictl_using_subcommand gc" -l bridges -d 'Also remove the bridges of networks left without leases (bridges stay by default)'
complete -c cnictl -n "__fish_cnictl_using_subcommand gc" -l json -d 'Print JSON instead of tables'
complete -c cnictl -n "__fish_cnictl_using_subcommand gc" -s v -l verbose -d 'Log what cnictl does to stderr (-v info, -vv debug, -vvv trace)'
complete -c cnictl -n "__fish_cnictl_using_subcommand gc" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cnictl -n "__fish_cnictl_using_subcommand gc" -s V -l version -d 'Print version'
complete -c cnictl -n "__fish_cnictl_using_subcommand completions" -l conf-dir -d 'Directory of network configs (*.conf, *.json, *.conflist) [default: /etc/cni/net.d]' -r -F
complete -c cnictl -n "__fish_cnictl_using_subcommand completions" -l data-dir -d 'Lease directory for every network, overriding each config\'s ipam.dataDir [default: the config\'s dataDir, else /var/lib/cni/networks]' -r -F
complete -c cnictl -n "__fish_cnictl_using_subcommand completions" -l cache-dir -d 'Directory of the attachment cache (results/ inside it) [default: /var/lib/cni]' -r -F
complete -c cnictl -n "__fish_cnictl_using_subcommand completions" -l color -d 'When to colour tables; NO_COLOR in the environment means never [default: auto]' -r -f -a "auto\t'Colour when stdout is a terminal and NO_COLOR is not set'
always\t''
never\t''"
complete -c cnictl -n "__fish_cnictl_using_subcommand completions" -l runc-root -d 'runc\'s state directory, for runc:ID targets (runc --root) [default: /run/runc]' -r -F
complete -c cnictl -n "__fish_cnictl_using_subcommand completions" -l firewall-driver -d 'Who manages the host firewall: `iptables` (cnictl writes the rules) or `none` (another tool does)' -r -f -a "iptables\t''
none\t''"
complete -c cnictl -n "__fish_cnictl_using_subcommand completions" -l json -d 'Print JSON instead of tables'
complete -c cnictl -n "__fish_cnictl_using_subcommand completions" -s v -l verbose -d 'Log what cnictl does to stderr (-v info, -vv debug, -vvv trace)'
complete -c cnictl -n "__fish_cnictl_using_subcommand completions" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cnictl -n "__fish_cnictl_using_subcommand completions" -s V -l version -d 'Print version'
complete -c cnictl -n "__fish_cnictl_using_subcommand complete-values" -l conf-dir -d 'Directory of network configs (*.conf, *.json, *.conflist) [default: /etc/cni/net.d]' -r -F
complete -c cnictl -n "__fish_cnictl_using_subcommand complete-values" -l data-dir -d 'Lease directory for every network, overriding each config\'s ipam.dataDir [default: the config\'s dataDir, else /var/lib/cni/networks]' -r -F
complete -c cnictl -n "__fish_cnictl_using_subcommand complete-values" -l cache-dir -d 'Directory of the attachment cache (results/ inside it) [default: /var/lib/cni]' -r -F
complete -c cnictl -n "__fish_cnictl_using_subcommand complete-values" -l color -d 'When to colour tables; NO_COLOR in the environment means never [default: auto]' -r -f -a "auto\t'Colour when stdout is a terminal and NO_COLOR is not set'
always\t''
never\t''"
complete -c cnictl -n "__fish_cnictl_using_subcommand complete-values" -l runc-root -d 'runc\'s state directory, for runc:ID targets (runc --root) [default: /run/runc]' -r -F
complete -c cnictl -n "__fish_cnictl_using_subcommand complete-values" -l firewall-driver -d 'Who manages the host firewall: `iptables` (cnictl writes the rules) or `none` (another tool does)' -r -f -a "iptables\t''
none\t''"
complete -c cnictl -n "__fish_cnictl_using_subcommand complete-values" -l json -d 'Print JSON instead of tables'
complete -c cnictl -n "__fish_cnictl_using_subcommand complete-values" -s v -l verbose -d 'Log what cnictl does to stderr (-v info, -vv debug, -vvv trace)'
complete -c cnictl -n "__fish_cnictl_using_subcommand complete-values" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cnictl -n "__fish_cnictl_using_subcommand complete-values" -s V -l version -d 'Print version'
complete -c cnictl -n "__fish_cnictl_using_subcommand generate" -l conf-dir -d 'Directory of network configs (*.conf, *.json, *.conflist) [default: /etc/cni/net.d]' -r -F
complete -c cnictl -n "__fish_cnictl_using_subcommand generate" -l data-dir -d 'Lease directory for every network, overriding each config\'s ipam.dataDir [default: the config\'s dataDir, else /var/lib/cni/networks]' -r -F
complete -c cnictl -n "__fish_cnictl_using_subcommand generate" -l cache-dir -d 'Directory of the attachment cache (results/ inside it) [default: /var/lib/cni]' -r -F
complete -c cnictl -n "__fish_cnictl_using_subcommand generate" -l color -d 'When to colour tables; NO_COLOR in the environment means never [default: auto]' -r -f -a "auto\t'Colour when stdout is a terminal and NO_COLOR is not set'
always\t''
never\t''"
complete -c cnictl -n "__fish_cnictl_using_subcommand generate" -l runc-root -d 'runc\'s state directory, for runc:ID targets (runc --root) [default: /run/runc]' -r -F
complete -c cnictl -n "__fish_cnictl_using_subcommand generate" -l firewall-driver -d 'Who manages the host firewall: `iptables` (cnictl writes the rules) or `none` (another tool does)' -r -f -a "iptables\t''
none\t''"
complete -c cnictl -n "__fish_cnictl_using_subcommand generate" -l json -d 'Print JSON instead of tables'
complete -c cnictl -n "__fish_cnictl_using_subcommand generate" -s v -l verbose -d 'Log what cnictl does to stderr (-v info, -vv debug, -vvv trace)'
complete -c cnictl -n "__fish_cnictl_using_subcommand generate" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cnictl -n "__fish_cnictl_using_subcommand generate" -s V -l version -d 'Print version'
complete -c cnictl -n "__fish_cnictl_using_subcommand help; and not __fish_seen_subcommand_from add del net leases plugins ls show check gc completions complete-values generate help" -f -a "add" -d 'Attach a container to a bridge network: bridge, veth, IP, routes, masquerade'
complete -c cnictl -n "__fish_cnictl_using_subcommand help; and not __fish_seen_subcommand_from add del net leases plugins ls show check gc completions complete-values generate help" -f -a "del" -d 'Detach a container: release its IPs, remove its veth, rules and cache entry'
complete -c cnictl -n "__fish_cnictl_using_subcommand help; and not __fish_seen_subcommand_from add del net leases plugins ls show check gc completions complete-values generate help" -f -a "net" -d 'List and check network configs'
complete -c cnictl -n "__fish_cnictl_using_subcommand help; and not __fish_seen_subcommand_from add del net leases plugins ls show check gc completions complete-values generate help" -f -a "leases" -d 'List IP leases: network, IP, container id, interface'
complete -c cnictl -n "__fish_cnictl_using_subcommand help; and not __fish_seen_subcommand_from add del net leases plugins ls show check gc completions complete-values generate help" -f -a "plugins" -d 'Install cnictl as the CNI bridge, host-local and loopback plugins, and list them'
complete -c cnictl -n "__fish_cnictl_using_subcommand help; and not __fish_seen_subcommand_from add del net leases plugins ls show check gc completions complete-values generate help" -f -a "ls" -d 'List every attachment: container, runtime, network, interface, IPs, host veth, state'
complete -c cnictl -n "__fish_cnictl_using_subcommand help; and not __fish_seen_subcommand_from add del net leases plugins ls show check gc completions complete-values generate help" -f -a "show" -d 'Show a container\'s network from inside: interfaces, addresses, routes, and their networks'
complete -c cnictl -n "__fish_cnictl_using_subcommand help; and not __fish_seen_subcommand_from add del net leases plugins ls show check gc completions complete-values generate help" -f -a "check" -d 'Compare a container\'s attachments with what is live; exit 1 on any difference'
complete -c cnictl -n "__fish_cnictl_using_subcommand help; and not __fish_seen_subcommand_from add del net leases plugins ls show check gc completions complete-values generate help" -f -a "gc" -d 'Remove leases, cache entries, veths and rules that belong to no attachment'
complete -c cnictl -n "__fish_cnictl_using_subcommand help; and not __fish_seen_subcommand_from add del net leases plugins ls show check gc completions complete-values generate help" -f -a "completions" -d 'Print a shell completion script to stdout'
complete -c cnictl -n "__fish_cnictl_using_subcommand help; and not __fish_seen_subcommand_from add del net leases plugins ls show check gc completions complete-values generate help" -f -a "complete-values" -d 'Print live completion candidates, one a line (for the completion scripts)'
complete -c cnictl -n "__fish_cnictl_using_subcommand help; and not __fish_seen_subcommand_from add del net leases plugins ls show check gc completions complete-values generate help" -f -a "generate" -d 'Write completions and man pages from this binary\'s CLI definition (for packagers)'
complete -c cnictl -n "__fish_cnictl_using_subcommand help; and not __fish_seen_subcommand_from add del net leases plugins ls show check gc completions complete-values generate help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c cnictl -n "__fish_cnictl_using_subcommand help; and __fish_seen_subcommand_from net" -f -a "ls" -d 'List the networks in the conf dir: name, type, bridge, subnets, gateway, file, leases in use'
complete -c cnictl -n "__fish_cnictl_using_subcommand help; and __fish_seen_subcommand_from net" -f -a "validate" -d 'Check network configs and report every fault with file, field and fix'
complete -c cnictl -n "__fish_cnictl_using_subcommand help; and __fish_seen_subcommand_from net" -f -a "create" -d 'Write a new bridge + host-local network config (a conflist) into the conf dir'
complete -c cnictl -n "__fish_cnictl_using_subcommand help; and __fish_seen_subcommand_from net" -f -a "inspect" -d 'Show a network: its config and file, the bridge on the host, leases per range, attachments'
complete -c cnictl -n "__fish_cnictl_using_subcommand help; and __fish_seen_subcommand_from net" -f -a "rm" -d 'Remove a network: its bridge, rules, leases and config file'
complete -c cnictl -n "__fish_cnictl_using_subcommand help; and __fish_seen_subcommand_from net" -f -a "reload" -d 'Put back the firewall rules of attached networks that something else removed (firewalld reload, iptables -F)'
complete -c cnictl -n "__fish_cnictl_using_subcommand help; and __fish_seen_subcommand_from plugins" -f -a "install" -d 'Link cnictl into a CNI bin dir as bridge, host-local and loopback, for runtimes that call plugins by name'
complete -c cnictl -n "__fish_cnictl_using_subcommand help; and __fish_seen_subcommand_from plugins" -f -a "ls" -d 'Show the bridge, host-local and loopback plugins in CNI bin dirs and which are cnictl'

# Live values (appended by cnictl), from `cnictl complete-values`.
complete -c cnictl -n "__fish_seen_subcommand_from add del rm show check" -f -a "(cnictl complete-values containers 2>/dev/null)"
complete -c cnictl -l net -x -a "(cnictl complete-values networks 2>/dev/null)"
