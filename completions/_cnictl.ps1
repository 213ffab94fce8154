
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'cnictl' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'cnictl'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'cnictl' {
            [CompletionResult]::new('--conf-dir', '--conf-dir', [CompletionResultType]::ParameterName, 'Directory of network configs (*.conf, *.json, *.conflist) [default: /etc/cni/net.d]')
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'Lease directory for every network, overriding each config''s ipam.dataDir [default: the config''s dataDir, else /var/lib/cni/networks]')
            [CompletionResult]::new('--cache-dir', '--cache-dir', [CompletionResultType]::ParameterName, 'Directory of the attachment cache (results/ inside it) [default: /var/lib/cni]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour tables; NO_COLOR in the environment means never [default: auto]')
            [CompletionResult]::new('--runc-root', '--runc-root', [CompletionResultType]::ParameterName, 'runc''s state directory, for runc:ID targets (runc --root) [default: /run/runc]')
            [CompletionResult]::new('--firewall-driver', '--firewall-driver', [CompletionResultType]::ParameterName, 'Who manages the host firewall: `iptables` (cnictl writes the rules) or `none` (another tool does)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON instead of tables')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log what cnictl does to stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log what cnictl does to stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Attach a container to a bridge network: bridge, veth, IP, routes, masquerade')
            [CompletionResult]::new('del', 'del', [CompletionResultType]::ParameterValue, 'Detach a container: release its IPs, remove its veth, rules and cache entry')
            [CompletionResult]::new('rm', 'rm', [CompletionResultType]::ParameterValue, 'Detach a container: release its IPs, remove its veth, rules and cache entry')
            [CompletionResult]::new('net', 'net', [CompletionResultType]::ParameterValue, 'List and check network configs')
            [CompletionResult]::new('leases', 'leases', [CompletionResultType]::ParameterValue, 'List IP leases: network, IP, container id, interface')
            [CompletionResult]::new('plugins', 'plugins', [CompletionResultType]::ParameterValue, 'Install cnictl as the CNI bridge, host-local and loopback plugins, and list them')
            [CompletionResult]::new('ls', 'ls', [CompletionResultType]::ParameterValue, 'List every attachment: container, runtime, network, interface, IPs, host veth, state')
            [CompletionResult]::new('ps', 'ps', [CompletionResultType]::ParameterValue, 'List every attachment: container, runtime, network, interface, IPs, host veth, state')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show a container''s network from inside: interfaces, addresses, routes, and their networks')
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Compare a container''s attachments with what is live; exit 1 on any difference')
            [CompletionResult]::new('gc', 'gc', [CompletionResultType]::ParameterValue, 'Remove leases, cache entries, veths and rules that belong to no attachment')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script to stdout')
            [CompletionResult]::new('complete-values', 'complete-values', [CompletionResultType]::ParameterValue, 'Print live completion candidates, one a line (for the completion scripts)')
            [CompletionResult]::new('generate', 'generate', [CompletionResultType]::ParameterValue, 'Write completions and man pages from this binary''s CLI definition (for packagers)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'cnictl;add' {
            [CompletionResult]::new('--net', '--net', [CompletionResultType]::ParameterName, 'Network name from the conf dir, or a config file [default: the defaults file''s network, else the built-in "cnictl" network]')
            [CompletionResult]::new('--id', '--id', [CompletionResultType]::ParameterName, 'CNI container id [default: from the target]')
            [CompletionResult]::new('--ifname', '--ifname', [CompletionResultType]::ParameterName, 'Interface name inside the container')
            [CompletionResult]::new('--ip', '--ip', [CompletionResultType]::ParameterName, 'Ask for this address instead of the next free one (once per range set)')
            [CompletionResult]::new('--mac', '--mac', [CompletionResultType]::ParameterName, 'MAC address of the container''s interface [default: chosen by the kernel]')
            [CompletionResult]::new('--dns', '--dns', [CompletionResultType]::ParameterName, 'Write this nameserver into the container''s resolv.conf, instead of the config''s dns nameservers (repeatable)')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Publish a container port on the host: [HOSTIP:]HOSTPORT:CONTAINERPORT[/tcp|udp] (repeatable)')
            [CompletionResult]::new('--publish', '--publish', [CompletionResultType]::ParameterName, 'Publish a container port on the host: [HOSTIP:]HOSTPORT:CONTAINERPORT[/tcp|udp] (repeatable)')
            [CompletionResult]::new('--conf-dir', '--conf-dir', [CompletionResultType]::ParameterName, 'Directory of network configs (*.conf, *.json, *.conflist) [default: /etc/cni/net.d]')
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'Lease directory for every network, overriding each config''s ipam.dataDir [default: the config''s dataDir, else /var/lib/cni/networks]')
            [CompletionResult]::new('--cache-dir', '--cache-dir', [CompletionResultType]::ParameterName, 'Directory of the attachment cache (results/ inside it) [default: /var/lib/cni]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour tables; NO_COLOR in the environment means never [default: auto]')
            [CompletionResult]::new('--runc-root', '--runc-root', [CompletionResultType]::ParameterName, 'runc''s state directory, for runc:ID targets (runc --root) [default: /run/runc]')
            [CompletionResult]::new('--firewall-driver', '--firewall-driver', [CompletionResultType]::ParameterName, 'Who manages the host firewall: `iptables` (cnictl writes the rules) or `none` (another tool does)')
            [CompletionResult]::new('--no-dns', '--no-dns', [CompletionResultType]::ParameterName, 'Leave the container''s resolv.conf alone, even when the config has dns settings')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON instead of tables')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log what cnictl does to stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log what cnictl does to stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'cnictl;del' {
            [CompletionResult]::new('--net', '--net', [CompletionResultType]::ParameterName, 'Only this network [default: every network the container is attached to]')
            [CompletionResult]::new('--id', '--id', [CompletionResultType]::ParameterName, 'CNI container id [default: from the target]')
            [CompletionResult]::new('--ifname', '--ifname', [CompletionResultType]::ParameterName, 'Only this interface [default: every interface of the container]')
            [CompletionResult]::new('--conf-dir', '--conf-dir', [CompletionResultType]::ParameterName, 'Directory of network configs (*.conf, *.json, *.conflist) [default: /etc/cni/net.d]')
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'Lease directory for every network, overriding each config''s ipam.dataDir [default: the config''s dataDir, else /var/lib/cni/networks]')
            [CompletionResult]::new('--cache-dir', '--cache-dir', [CompletionResultType]::ParameterName, 'Directory of the attachment cache (results/ inside it) [default: /var/lib/cni]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour tables; NO_COLOR in the environment means never [default: auto]')
            [CompletionResult]::new('--runc-root', '--runc-root', [CompletionResultType]::ParameterName, 'runc''s state directory, for runc:ID targets (runc --root) [default: /run/runc]')
            [CompletionResult]::new('--firewall-driver', '--firewall-driver', [CompletionResultType]::ParameterName, 'Who manages the host firewall: `iptables` (cnictl writes the rules) or `none` (another tool does)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON instead of tables')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log what cnictl does to stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log what cnictl does to stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'cnictl;rm' {
            [CompletionResult]::new('--net', '--net', [CompletionResultType]::ParameterName, 'Only this network [default: every network the container is attached to]')
            [CompletionResult]::new('--id', '--id', [CompletionResultType]::ParameterName, 'CNI container id [default: from the target]')
            [CompletionResult]::new('--ifname', '--ifname', [CompletionResultType]::ParameterName, 'Only this interface [default: every interface of the container]')
            [CompletionResult]::new('--conf-dir', '--conf-dir', [CompletionResultType]::ParameterName, 'Directory of network configs (*.conf, *.json, *.conflist) [default: /etc/cni/net.d]')
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'Lease directory for every network, overriding each config''s ipam.dataDir [default: the config''s dataDir, else /var/lib/cni/networks]')
            [CompletionResult]::new('--cache-dir', '--cache-dir', [CompletionResultType]::ParameterName, 'Directory of the attachment cache (results/ inside it) [default: /var/lib/cni]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour tables; NO_COLOR in the environment means never [default: auto]')
            [CompletionResult]::new('--runc-root', '--runc-root', [CompletionResultType]::ParameterName, 'runc''s state directory, for runc:ID targets (runc --root) [default: /run/runc]')
            [CompletionResult]::new('--firewall-driver', '--firewall-driver', [CompletionResultType]::ParameterName, 'Who manages the host firewall: `iptables` (cnictl writes the rules) or `none` (another tool does)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON instead of tables')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log what cnictl does to stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log what cnictl does to stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'cnictl;net' {
            [CompletionResult]::new('--conf-dir', '--conf-dir', [CompletionResultType]::ParameterName, 'Directory of network configs (*.conf, *.json, *.conflist) [default: /etc/cni/net.d]')
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'Lease directory for every network, overriding each config''s ipam.dataDir [default: the config''s dataDir, else /var/lib/cni/networks]')
            [CompletionResult]::new('--cache-dir', '--cache-dir', [CompletionResultType]::ParameterName, 'Directory of the attachment cache (results/ inside it) [default: /var/lib/cni]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour tables; NO_COLOR in the environment means never [default: auto]')
            [CompletionResult]::new('--runc-root', '--runc-root', [CompletionResultType]::ParameterName, 'runc''s state directory, for runc:ID targets (runc --root) [default: /run/runc]')
            [CompletionResult]::new('--firewall-driver', '--firewall-driver', [CompletionResultType]::ParameterName, 'Who manages the host firewall: `iptables` (cnictl writes the rules) or `none` (another tool does)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON instead of tables')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log what cnictl does to stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log what cnictl does to stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('ls', 'ls', [CompletionResultType]::ParameterValue, 'List the networks in the conf dir: name, type, bridge, subnets, gateway, file, leases in use')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the networks in the conf dir: name, type, bridge, subnets, gateway, file, leases in use')
            [CompletionResult]::new('validate', 'validate', [CompletionResultType]::ParameterValue, 'Check network configs and report every fault with file, field and fix')
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Write a new bridge + host-local network config (a conflist) into the conf dir')
            [CompletionResult]::new('inspect', 'inspect', [CompletionResultType]::ParameterValue, 'Show a network: its config and file, the bridge on the host, leases per range, attachments')
            [CompletionResult]::new('rm', 'rm', [CompletionResultType]::ParameterValue, 'Remove a network: its bridge, rules, leases and config file')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Remove a network: its bridge, rules, leases and config file')
            [CompletionResult]::new('reload', 'reload', [CompletionResultType]::ParameterValue, 'Put back the firewall rules of attached networks that something else removed (firewalld reload, iptables -F)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'cnictl;net;ls' {
            [CompletionResult]::new('--conf-dir', '--conf-dir', [CompletionResultType]::ParameterName, 'Directory of network configs (*.conf, *.json, *.conflist) [default: /etc/cni/net.d]')
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'Lease directory for every network, overriding each config''s ipam.dataDir [default: the config''s dataDir, else /var/lib/cni/networks]')
            [CompletionResult]::new('--cache-dir', '--cache-dir', [CompletionResultType]::ParameterName, 'Directory of the attachment cache (results/ inside it) [default: /var/lib/cni]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour tables; NO_COLOR in the environment means never [default: auto]')
            [CompletionResult]::new('--runc-root', '--runc-root', [CompletionResultType]::ParameterName, 'runc''s state directory, for runc:ID targets (runc --root) [default: /run/runc]')
            [CompletionResult]::new('--firewall-driver', '--firewall-driver', [CompletionResultType]::ParameterName, 'Who manages the host firewall: `iptables` (cnictl writes the rules) or `none` (another tool does)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON instead of tables')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log what cnictl does to stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log what cnictl does to stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'cnictl;net;list' {
            [CompletionResult]::new('--conf-dir', '--conf-dir', [CompletionResultType]::ParameterName, 'Directory of network configs (*.conf, *.json, *.conflist) [default: /etc/cni/net.d]')
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'Lease directory for every network, overriding each config''s ipam.dataDir [default: the config''s dataDir, else /var/lib/cni/networks]')
            [CompletionResult]::new('--cache-dir', '--cache-dir', [CompletionResultType]::ParameterName, 'Directory of the attachment cache (results/ inside it) [default: /var/lib/cni]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour tables; NO_COLOR in the environment means never [default: auto]')
            [CompletionResult]::new('--runc-root', '--runc-root', [CompletionResultType]::ParameterName, 'runc''s state directory, for runc:ID targets (runc --root) [default: /run/runc]')
            [CompletionResult]::new('--firewall-driver', '--firewall-driver', [CompletionResultType]::ParameterName, 'Who manages the host firewall: `iptables` (cnictl writes the rules) or `none` (another tool does)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON instead of tables')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log what cnictl does to stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log what cnictl does to stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'cnictl;net;validate' {
            [CompletionResult]::new('--conf-dir', '--conf-dir', [CompletionResultType]::ParameterName, 'Directory of network configs (*.conf, *.json, *.conflist) [default: /etc/cni/net.d]')
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'Lease directory for every network, overriding each config''s ipam.dataDir [default: the config''s dataDir, else /var/lib/cni/networks]')
            [CompletionResult]::new('--cache-dir', '--cache-dir', [CompletionResultType]::ParameterName, 'Directory of the attachment cache (results/ inside it) [default: /var/lib/cni]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour tables; NO_COLOR in the environment means never [default: auto]')
            [CompletionResult]::new('--runc-root', '--runc-root', [CompletionResultType]::ParameterName, 'runc''s state directory, for runc:ID targets (runc --root) [default: /run/runc]')
            [CompletionResult]::new('--firewall-driver', '--firewall-driver', [CompletionResultType]::ParameterName, 'Who manages the host firewall: `iptables` (cnictl writes the rules) or `none` (another tool does)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON instead of tables')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log what cnictl does to stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log what cnictl does to stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'cnictl;net;create' {
            [CompletionResult]::new('--subnet', '--subnet', [CompletionResultType]::ParameterName, 'A subnet in CIDR form, or `auto` for the first free /24 of 10.90.0.0/15; repeat once for dual-stack (one IPv4, one IPv6)')
            [CompletionResult]::new('--gateway', '--gateway', [CompletionResultType]::ParameterName, 'The gateway (the bridge''s address) of the subnet holding it [default: the subnet''s first address]')
            [CompletionResult]::new('--range', '--range', [CompletionResultType]::ParameterName, 'Allocate container addresses only from FIRST-LAST (one per subnet)')
            [CompletionResult]::new('--route', '--route', [CompletionResultType]::ParameterName, 'An extra route for containers: DST or DST,GW (repeatable); a default route per family is always added')
            [CompletionResult]::new('--bridge', '--bridge', [CompletionResultType]::ParameterName, 'The Linux bridge [default: cni-NAME]')
            [CompletionResult]::new('--mtu', '--mtu', [CompletionResultType]::ParameterName, 'MTU of the bridge and the containers'' interfaces')
            [CompletionResult]::new('--dns', '--dns', [CompletionResultType]::ParameterName, 'Nameserver for the network''s containers (repeatable)')
            [CompletionResult]::new('--cni-version', '--cni-version', [CompletionResultType]::ParameterName, 'The conflist''s cniVersion')
            [CompletionResult]::new('--conf-dir', '--conf-dir', [CompletionResultType]::ParameterName, 'Directory of network configs (*.conf, *.json, *.conflist) [default: /etc/cni/net.d]')
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'Lease directory for every network, overriding each config''s ipam.dataDir [default: the config''s dataDir, else /var/lib/cni/networks]')
            [CompletionResult]::new('--cache-dir', '--cache-dir', [CompletionResultType]::ParameterName, 'Directory of the attachment cache (results/ inside it) [default: /var/lib/cni]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour tables; NO_COLOR in the environment means never [default: auto]')
            [CompletionResult]::new('--runc-root', '--runc-root', [CompletionResultType]::ParameterName, 'runc''s state directory, for runc:ID targets (runc --root) [default: /run/runc]')
            [CompletionResult]::new('--firewall-driver', '--firewall-driver', [CompletionResultType]::ParameterName, 'Who manages the host firewall: `iptables` (cnictl writes the rules) or `none` (another tool does)')
            [CompletionResult]::new('--no-masquerade', '--no-masquerade', [CompletionResultType]::ParameterName, 'Do not masquerade traffic leaving the subnets (ipMasq false)')
            [CompletionResult]::new('--with-portmap', '--with-portmap', [CompletionResultType]::ParameterName, 'Add a portmap plugin entry, so that other CNI tools can publish ports on this network too')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Print the file that would be written, and write nothing')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON instead of tables')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log what cnictl does to stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log what cnictl does to stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'cnictl;net;inspect' {
            [CompletionResult]::new('--conf-dir', '--conf-dir', [CompletionResultType]::ParameterName, 'Directory of network configs (*.conf, *.json, *.conflist) [default: /etc/cni/net.d]')
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'Lease directory for every network, overriding each config''s ipam.dataDir [default: the config''s dataDir, else /var/lib/cni/networks]')
            [CompletionResult]::new('--cache-dir', '--cache-dir', [CompletionResultType]::ParameterName, 'Directory of the attachment cache (results/ inside it) [default: /var/lib/cni]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour tables; NO_COLOR in the environment means never [default: auto]')
            [CompletionResult]::new('--runc-root', '--runc-root', [CompletionResultType]::ParameterName, 'runc''s state directory, for runc:ID targets (runc --root) [default: /run/runc]')
            [CompletionResult]::new('--firewall-driver', '--firewall-driver', [CompletionResultType]::ParameterName, 'Who manages the host firewall: `iptables` (cnictl writes the rules) or `none` (another tool does)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON instead of tables')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log what cnictl does to stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log what cnictl does to stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'cnictl;net;rm' {
            [CompletionResult]::new('--conf-dir', '--conf-dir', [CompletionResultType]::ParameterName, 'Directory of network configs (*.conf, *.json, *.conflist) [default: /etc/cni/net.d]')
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'Lease directory for every network, overriding each config''s ipam.dataDir [default: the config''s dataDir, else /var/lib/cni/networks]')
            [CompletionResult]::new('--cache-dir', '--cache-dir', [CompletionResultType]::ParameterName, 'Directory of the attachment cache (results/ inside it) [default: /var/lib/cni]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour tables; NO_COLOR in the environment means never [default: auto]')
            [CompletionResult]::new('--runc-root', '--runc-root', [CompletionResultType]::ParameterName, 'runc''s state directory, for runc:ID targets (runc --root) [default: /run/runc]')
            [CompletionResult]::new('--firewall-driver', '--firewall-driver', [CompletionResultType]::ParameterName, 'Who manages the host firewall: `iptables` (cnictl writes the rules) or `none` (another tool does)')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Detach every container attached to it first')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON instead of tables')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log what cnictl does to stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log what cnictl does to stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'cnictl;net;remove' {
            [CompletionResult]::new('--conf-dir', '--conf-dir', [CompletionResultType]::ParameterName, 'Directory of network configs (*.conf, *.json, *.conflist) [default: /etc/cni/net.d]')
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'Lease directory for every network, overriding each config''s ipam.dataDir [default: the config''s dataDir, else /var/lib/cni/networks]')
            [CompletionResult]::new('--cache-dir', '--cache-dir', [CompletionResultType]::ParameterName, 'Directory of the attachment cache (results/ inside it) [default: /var/lib/cni]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour tables; NO_COLOR in the environment means never [default: auto]')
            [CompletionResult]::new('--runc-root', '--runc-root', [CompletionResultType]::ParameterName, 'runc''s state directory, for runc:ID targets (runc --root) [default: /run/runc]')
            [CompletionResult]::new('--firewall-driver', '--firewall-driver', [CompletionResultType]::ParameterName, 'Who manages the host firewall: `iptables` (cnictl writes the rules) or `none` (another tool does)')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Detach every container attached to it first')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON instead of tables')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log what cnictl does to stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log what cnictl does to stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'cnictl;net;reload' {
            [CompletionResult]::new('--conf-dir', '--conf-dir', [CompletionResultType]::ParameterName, 'Directory of network configs (*.conf, *.json, *.conflist) [default: /etc/cni/net.d]')
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'Lease directory for every network, overriding each config''s ipam.dataDir [default: the config''s dataDir, else /var/lib/cni/networks]')
            [CompletionResult]::new('--cache-dir', '--cache-dir', [CompletionResultType]::ParameterName, 'Directory of the attachment cache (results/ inside it) [default: /var/lib/cni]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour tables; NO_COLOR in the environment means never [default: auto]')
            [CompletionResult]::new('--runc-root', '--runc-root', [CompletionResultType]::ParameterName, 'runc''s state directory, for runc:ID targets (runc --root) [default: /run/runc]')
            [CompletionResult]::new('--firewall-driver', '--firewall-driver', [CompletionResultType]::ParameterName, 'Who manages the host firewall: `iptables` (cnictl writes the rules) or `none` (another tool does)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON instead of tables')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log what cnictl does to stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log what cnictl does to stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'cnictl;net;help' {
            [CompletionResult]::new('ls', 'ls', [CompletionResultType]::ParameterValue, 'List the networks in the conf dir: name, type, bridge, subnets, gateway, file, leases in use')
            [CompletionResult]::new('validate', 'validate', [CompletionResultType]::ParameterValue, 'Check network configs and report every fault with file, field and fix')
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Write a new bridge + host-local network config (a conflist) into the conf dir')
            [CompletionResult]::new('inspect', 'inspect', [CompletionResultType]::ParameterValue, 'Show a network: its config and file, the bridge on the host, leases per range, attachments')
            [CompletionResult]::new('rm', 'rm', [CompletionResultType]::ParameterValue, 'Remove a network: its bridge, rules, leases and config file')
            [CompletionResult]::new('reload', 'reload', [CompletionResultType]::ParameterValue, 'Put back the firewall rules of attached networks that something else removed (firewalld reload, iptables -F)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'cnictl;net;help;ls' {
            break
        }
        'cnictl;net;help;validate' {
            break
        }
        'cnictl;net;help;create' {
            break
        }
        'cnictl;net;help;inspect' {
            break
        }
        'cnictl;net;help;rm' {
            break
        }
        'cnictl;net;help;reload' {
            break
        }
        'cnictl;net;help;help' {
            break
        }
        'cnictl;leases' {
            [CompletionResult]::new('--net', '--net', [CompletionResultType]::ParameterName, 'Only this network (a name from the conf dir, or a config file)')
            [CompletionResult]::new('--conf-dir', '--conf-dir', [CompletionResultType]::ParameterName, 'Directory of network configs (*.conf, *.json, *.conflist) [default: /etc/cni/net.d]')
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'Lease directory for every network, overriding each config''s ipam.dataDir [default: the config''s dataDir, else /var/lib/cni/networks]')
            [CompletionResult]::new('--cache-dir', '--cache-dir', [CompletionResultType]::ParameterName, 'Directory of the attachment cache (results/ inside it) [default: /var/lib/cni]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour tables; NO_COLOR in the environment means never [default: auto]')
            [CompletionResult]::new('--runc-root', '--runc-root', [CompletionResultType]::ParameterName, 'runc''s state directory, for runc:ID targets (runc --root) [default: /run/runc]')
            [CompletionResult]::new('--firewall-driver', '--firewall-driver', [CompletionResultType]::ParameterName, 'Who manages the host firewall: `iptables` (cnictl writes the rules) or `none` (another tool does)')
            [CompletionResult]::new('--stale', '--stale', [CompletionResultType]::ParameterName, 'Only the leases `cnictl gc` would release (needs root: it looks into every network namespace)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON instead of tables')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log what cnictl does to stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log what cnictl does to stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'cnictl;plugins' {
            [CompletionResult]::new('--conf-dir', '--conf-dir', [CompletionResultType]::ParameterName, 'Directory of network configs (*.conf, *.json, *.conflist) [default: /etc/cni/net.d]')
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'Lease directory for every network, overriding each config''s ipam.dataDir [default: the config''s dataDir, else /var/lib/cni/networks]')
            [CompletionResult]::new('--cache-dir', '--cache-dir', [CompletionResultType]::ParameterName, 'Directory of the attachment cache (results/ inside it) [default: /var/lib/cni]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour tables; NO_COLOR in the environment means never [default: auto]')
            [CompletionResult]::new('--runc-root', '--runc-root', [CompletionResultType]::ParameterName, 'runc''s state directory, for runc:ID targets (runc --root) [default: /run/runc]')
            [CompletionResult]::new('--firewall-driver', '--firewall-driver', [CompletionResultType]::ParameterName, 'Who manages the host firewall: `iptables` (cnictl writes the rules) or `none` (another tool does)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON instead of tables')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log what cnictl does to stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log what cnictl does to stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('install', 'install', [CompletionResultType]::ParameterValue, 'Link cnictl into a CNI bin dir as bridge, host-local and loopback, for runtimes that call plugins by name')
            [CompletionResult]::new('ls', 'ls', [CompletionResultType]::ParameterValue, 'Show the bridge, host-local and loopback plugins in CNI bin dirs and which are cnictl')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'Show the bridge, host-local and loopback plugins in CNI bin dirs and which are cnictl')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'cnictl;plugins;install' {
            [CompletionResult]::new('--plugin', '--plugin', [CompletionResultType]::ParameterName, 'Only this plugin name (repeatable) [default: bridge, host-local and loopback]')
            [CompletionResult]::new('--conf-dir', '--conf-dir', [CompletionResultType]::ParameterName, 'Directory of network configs (*.conf, *.json, *.conflist) [default: /etc/cni/net.d]')
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'Lease directory for every network, overriding each config''s ipam.dataDir [default: the config''s dataDir, else /var/lib/cni/networks]')
            [CompletionResult]::new('--cache-dir', '--cache-dir', [CompletionResultType]::ParameterName, 'Directory of the attachment cache (results/ inside it) [default: /var/lib/cni]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour tables; NO_COLOR in the environment means never [default: auto]')
            [CompletionResult]::new('--runc-root', '--runc-root', [CompletionResultType]::ParameterName, 'runc''s state directory, for runc:ID targets (runc --root) [default: /run/runc]')
            [CompletionResult]::new('--firewall-driver', '--firewall-driver', [CompletionResultType]::ParameterName, 'Who manages the host firewall: `iptables` (cnictl writes the rules) or `none` (another tool does)')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Replace a file of that name that is not cnictl (such as the reference plugin)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON instead of tables')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log what cnictl does to stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log what cnictl does to stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'cnictl;plugins;ls' {
            [CompletionResult]::new('--conf-dir', '--conf-dir', [CompletionResultType]::ParameterName, 'Directory of network configs (*.conf, *.json, *.conflist) [default: /etc/cni/net.d]')
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'Lease directory for every network, overriding each config''s ipam.dataDir [default: the config''s dataDir, else /var/lib/cni/networks]')
            [CompletionResult]::new('--cache-dir', '--cache-dir', [CompletionResultType]::ParameterName, 'Directory of the attachment cache (results/ inside it) [default: /var/lib/cni]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour tables; NO_COLOR in the environment means never [default: auto]')
            [CompletionResult]::new('--runc-root', '--runc-root', [CompletionResultType]::ParameterName, 'runc''s state directory, for runc:ID targets (runc --root) [default: /run/runc]')
            [CompletionResult]::new('--firewall-driver', '--firewall-driver', [CompletionResultType]::ParameterName, 'Who manages the host firewall: `iptables` (cnictl writes the rules) or `none` (another tool does)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON instead of tables')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log what cnictl does to stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log what cnictl does to stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'cnictl;plugins;list' {
            [CompletionResult]::new('--conf-dir', '--conf-dir', [CompletionResultType]::ParameterName, 'Directory of network configs (*.conf, *.json, *.conflist) [default: /etc/cni/net.d]')
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'Lease directory for every network, overriding each config''s ipam.dataDir [default: the config''s dataDir, else /var/lib/cni/networks]')
            [CompletionResult]::new('--cache-dir', '--cache-dir', [CompletionResultType]::ParameterName, 'Directory of the attachment cache (results/ inside it) [default: /var/lib/cni]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour tables; NO_COLOR in the environment means never [default: auto]')
            [CompletionResult]::new('--runc-root', '--runc-root', [CompletionResultType]::ParameterName, 'runc''s state directory, for runc:ID targets (runc --root) [default: /run/runc]')
            [CompletionResult]::new('--firewall-driver', '--firewall-driver', [CompletionResultType]::ParameterName, 'Who manages the host firewall: `iptables` (cnictl writes the rules) or `none` (another tool does)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON instead of tables')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log what cnictl does to stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log what cnictl does to stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'cnictl;plugins;help' {
            [CompletionResult]::new('install', 'install', [CompletionResultType]::ParameterValue, 'Link cnictl into a CNI bin dir as bridge, host-local and loopback, for runtimes that call plugins by name')
            [CompletionResult]::new('ls', 'ls', [CompletionResultType]::ParameterValue, 'Show the bridge, host-local and loopback plugins in CNI bin dirs and which are cnictl')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'cnictl;plugins;help;install' {
            break
        }
        'cnictl;plugins;help;ls' {
            break
        }
        'cnictl;plugins;help;help' {
            break
        }
        'cnictl;ls' {
            [CompletionResult]::new('--net', '--net', [CompletionResultType]::ParameterName, 'Only this network (a name from the conf dir, or a config file)')
            [CompletionResult]::new('--conf-dir', '--conf-dir', [CompletionResultType]::ParameterName, 'Directory of network configs (*.conf, *.json, *.conflist) [default: /etc/cni/net.d]')
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'Lease directory for every network, overriding each config''s ipam.dataDir [default: the config''s dataDir, else /var/lib/cni/networks]')
            [CompletionResult]::new('--cache-dir', '--cache-dir', [CompletionResultType]::ParameterName, 'Directory of the attachment cache (results/ inside it) [default: /var/lib/cni]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour tables; NO_COLOR in the environment means never [default: auto]')
            [CompletionResult]::new('--runc-root', '--runc-root', [CompletionResultType]::ParameterName, 'runc''s state directory, for runc:ID targets (runc --root) [default: /run/runc]')
            [CompletionResult]::new('--firewall-driver', '--firewall-driver', [CompletionResultType]::ParameterName, 'Who manages the host firewall: `iptables` (cnictl writes the rules) or `none` (another tool does)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON instead of tables')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log what cnictl does to stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log what cnictl does to stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'cnictl;ps' {
            [CompletionResult]::new('--net', '--net', [CompletionResultType]::ParameterName, 'Only this network (a name from the conf dir, or a config file)')
            [CompletionResult]::new('--conf-dir', '--conf-dir', [CompletionResultType]::ParameterName, 'Directory of network configs (*.conf, *.json, *.conflist) [default: /etc/cni/net.d]')
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'Lease directory for every network, overriding each config''s ipam.dataDir [default: the config''s dataDir, else /var/lib/cni/networks]')
            [CompletionResult]::new('--cache-dir', '--cache-dir', [CompletionResultType]::ParameterName, 'Directory of the attachment cache (results/ inside it) [default: /var/lib/cni]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour tables; NO_COLOR in the environment means never [default: auto]')
            [CompletionResult]::new('--runc-root', '--runc-root', [CompletionResultType]::ParameterName, 'runc''s state directory, for runc:ID targets (runc --root) [default: /run/runc]')
            [CompletionResult]::new('--firewall-driver', '--firewall-driver', [CompletionResultType]::ParameterName, 'Who manages the host firewall: `iptables` (cnictl writes the rules) or `none` (another tool does)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON instead of tables')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log what cnictl does to stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log what cnictl does to stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'cnictl;show' {
            [CompletionResult]::new('--net', '--net', [CompletionResultType]::ParameterName, 'Only this network''s attachment (a name from the conf dir, or a config file)')
            [CompletionResult]::new('--id', '--id', [CompletionResultType]::ParameterName, 'CNI container id, for a namespace that holds more than one container''s attachments [default: from the target]')
            [CompletionResult]::new('--conf-dir', '--conf-dir', [CompletionResultType]::ParameterName, 'Directory of network configs (*.conf, *.json, *.conflist) [default: /etc/cni/net.d]')
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'Lease directory for every network, overriding each config''s ipam.dataDir [default: the config''s dataDir, else /var/lib/cni/networks]')
            [CompletionResult]::new('--cache-dir', '--cache-dir', [CompletionResultType]::ParameterName, 'Directory of the attachment cache (results/ inside it) [default: /var/lib/cni]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour tables; NO_COLOR in the environment means never [default: auto]')
            [CompletionResult]::new('--runc-root', '--runc-root', [CompletionResultType]::ParameterName, 'runc''s state directory, for runc:ID targets (runc --root) [default: /run/runc]')
            [CompletionResult]::new('--firewall-driver', '--firewall-driver', [CompletionResultType]::ParameterName, 'Who manages the host firewall: `iptables` (cnictl writes the rules) or `none` (another tool does)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON instead of tables')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log what cnictl does to stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log what cnictl does to stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'cnictl;check' {
            [CompletionResult]::new('--net', '--net', [CompletionResultType]::ParameterName, 'Only this network''s attachment (a name from the conf dir, or a config file)')
            [CompletionResult]::new('--id', '--id', [CompletionResultType]::ParameterName, 'CNI container id, for a namespace that holds more than one container''s attachments [default: from the target]')
            [CompletionResult]::new('--conf-dir', '--conf-dir', [CompletionResultType]::ParameterName, 'Directory of network configs (*.conf, *.json, *.conflist) [default: /etc/cni/net.d]')
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'Lease directory for every network, overriding each config''s ipam.dataDir [default: the config''s dataDir, else /var/lib/cni/networks]')
            [CompletionResult]::new('--cache-dir', '--cache-dir', [CompletionResultType]::ParameterName, 'Directory of the attachment cache (results/ inside it) [default: /var/lib/cni]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour tables; NO_COLOR in the environment means never [default: auto]')
            [CompletionResult]::new('--runc-root', '--runc-root', [CompletionResultType]::ParameterName, 'runc''s state directory, for runc:ID targets (runc --root) [default: /run/runc]')
            [CompletionResult]::new('--firewall-driver', '--firewall-driver', [CompletionResultType]::ParameterName, 'Who manages the host firewall: `iptables` (cnictl writes the rules) or `none` (another tool does)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON instead of tables')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log what cnictl does to stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log what cnictl does to stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'cnictl;gc' {
            [CompletionResult]::new('--net', '--net', [CompletionResultType]::ParameterName, 'Only this network (a name from the conf dir, or a config file)')
            [CompletionResult]::new('--conf-dir', '--conf-dir', [CompletionResultType]::ParameterName, 'Directory of network configs (*.conf, *.json, *.conflist) [default: /etc/cni/net.d]')
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'Lease directory for every network, overriding each config''s ipam.dataDir [default: the config''s dataDir, else /var/lib/cni/networks]')
            [CompletionResult]::new('--cache-dir', '--cache-dir', [CompletionResultType]::ParameterName, 'Directory of the attachment cache (results/ inside it) [default: /var/lib/cni]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour tables; NO_COLOR in the environment means never [default: auto]')
            [CompletionResult]::new('--runc-root', '--runc-root', [CompletionResultType]::ParameterName, 'runc''s state directory, for runc:ID targets (runc --root) [default: /run/runc]')
            [CompletionResult]::new('--firewall-driver', '--firewall-driver', [CompletionResultType]::ParameterName, 'Who manages the host firewall: `iptables` (cnictl writes the rules) or `none` (another tool does)')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Only list what would be removed; change nothing')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Only list what would be removed; change nothing')
            [CompletionResult]::new('--bridges', '--bridges', [CompletionResultType]::ParameterName, 'Also remove the bridges of networks left without leases (bridges stay by default)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON instead of tables')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log what cnictl does to stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log what cnictl does to stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'cnictl;completions' {
            [CompletionResult]::new('--conf-dir', '--conf-dir', [CompletionResultType]::ParameterName, 'Directory of network configs (*.conf, *.json, *.conflist) [default: /etc/cni/net.d]')
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'Lease directory for every network, overriding each config''s ipam.dataDir [default: the config''s dataDir, else /var/lib/cni/networks]')
            [CompletionResult]::new('--cache-dir', '--cache-dir', [CompletionResultType]::ParameterName, 'Directory of the attachment cache (results/ inside it) [default: /var/lib/cni]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour tables; NO_COLOR in the environment means never [default: auto]')
            [CompletionResult]::new('--runc-root', '--runc-root', [CompletionResultType]::ParameterName, 'runc''s state directory, for runc:ID targets (runc --root) [default: /run/runc]')
            [CompletionResult]::new('--firewall-driver', '--firewall-driver', [CompletionResultType]::ParameterName, 'Who manages the host firewall: `iptables` (cnictl writes the rules) or `none` (another tool does)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON instead of tables')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log what cnictl does to stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log what cnictl does to stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'cnictl;complete-values' {
            [CompletionResult]::new('--conf-dir', '--conf-dir', [CompletionResultType]::ParameterName, 'Directory of network configs (*.conf, *.json, *.conflist) [default: /etc/cni/net.d]')
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'Lease directory for every network, overriding each config''s ipam.dataDir [default: the config''s dataDir, else /var/lib/cni/networks]')
            [CompletionResult]::new('--cache-dir', '--cache-dir', [CompletionResultType]::ParameterName, 'Directory of the attachment cache (results/ inside it) [default: /var/lib/cni]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour tables; NO_COLOR in the environment means never [default: auto]')
            [CompletionResult]::new('--runc-root', '--runc-root', [CompletionResultType]::ParameterName, 'runc''s state directory, for runc:ID targets (runc --root) [default: /run/runc]')
            [CompletionResult]::new('--firewall-driver', '--firewall-driver', [CompletionResultType]::ParameterName, 'Who manages the host firewall: `iptables` (cnictl writes the rules) or `none` (another tool does)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON instead of tables')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log what cnictl does to stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log what cnictl does to stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'cnictl;generate' {
            [CompletionResult]::new('--conf-dir', '--conf-dir', [CompletionResultType]::ParameterName, 'Directory of network configs (*.conf, *.json, *.conflist) [default: /etc/cni/net.d]')
            [CompletionResult]::new('--data-dir', '--data-dir', [CompletionResultType]::ParameterName, 'Lease directory for every network, overriding each config''s ipam.dataDir [default: the config''s dataDir, else /var/lib/cni/networks]')
            [CompletionResult]::new('--cache-dir', '--cache-dir', [CompletionResultType]::ParameterName, 'Directory of the attachment cache (results/ inside it) [default: /var/lib/cni]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour tables; NO_COLOR in the environment means never [default: auto]')
            [CompletionResult]::new('--runc-root', '--runc-root', [CompletionResultType]::ParameterName, 'runc''s state directory, for runc:ID targets (runc --root) [default: /run/runc]')
            [CompletionResult]::new('--firewall-driver', '--firewall-driver', [CompletionResultType]::ParameterName, 'Who manages the host firewall: `iptables` (cnictl writes the rules) or `none` (another tool does)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON instead of tables')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log what cnictl does to stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Log what cnictl does to stderr (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'cnictl;help' {
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Attach a container to a bridge network: bridge, veth, IP, routes, masquerade')
            [CompletionResult]::new('del', 'del', [CompletionResultType]::ParameterValue, 'Detach a container: release its IPs, remove its veth, rules and cache entry')
            [CompletionResult]::new('net', 'net', [CompletionResultType]::ParameterValue, 'List and check network configs')
            [CompletionResult]::new('leases', 'leases', [CompletionResultType]::ParameterValue, 'List IP leases: network, IP, container id, interface')
            [CompletionResult]::new('plugins', 'plugins', [CompletionResultType]::ParameterValue, 'Install cnictl as the CNI bridge, host-local and loopback plugins, and list them')
            [CompletionResult]::new('ls', 'ls', [CompletionResultType]::ParameterValue, 'List every attachment: container, runtime, network, interface, IPs, host veth, state')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show a container''s network from inside: interfaces, addresses, routes, and their networks')
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Compare a container''s attachments with what is live; exit 1 on any difference')
            [CompletionResult]::new('gc', 'gc', [CompletionResultType]::ParameterValue, 'Remove leases, cache entries, veths and rules that belong to no attachment')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script to stdout')
            [CompletionResult]::new('complete-values', 'complete-values', [CompletionResultType]::ParameterValue, 'Print live completion candidates, one a line (for the completion scripts)')
            [CompletionResult]::new('generate', 'generate', [CompletionResultType]::ParameterValue, 'Write completions and man pages from this binary''s CLI definition (for packagers)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'cnictl;help;add' {
            break
        }
        'cnictl;help;del' {
            break
        }
        'cnictl;help;net' {
            [CompletionResult]::new('ls', 'ls', [CompletionResultType]::ParameterValue, 'List the networks in the conf dir: name, type, bridge, subnets, gateway, file, leases in use')
            [CompletionResult]::new('validate', 'validate', [CompletionResultType]::ParameterValue, 'Check network configs and report every fault with file, field and fix')
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Write a new bridge + host-local network config (a conflist) into the conf dir')
            [CompletionResult]::new('inspect', 'inspect', [CompletionResultType]::ParameterValue, 'Show a network: its config and file, the bridge on the host, leases per range, attachments')
            [CompletionResult]::new('rm', 'rm', [CompletionResultType]::ParameterValue, 'Remove a network: its bridge, rules, leases and config file')
            [CompletionResult]::new('reload', 'reload', [CompletionResultType]::ParameterValue, 'Put back the firewall rules of attached networks that something else removed (firewalld reload, iptables -F)')
            break
        }
        'cnictl;help;net;ls' {
            break
        }
        'cnictl;help;net;validate' {
            break
        }
        'cnictl;help;net;create' {
            break
        }
        'cnictl;help;net;inspect' {
            break
        }
        'cnictl;help;net;rm' {
            break
        }
        'cnictl;help;net;reload' {
            break
        }
        'cnictl;help;leases' {
            break
        }
        'cnictl;help;plugins' {
            [CompletionResult]::new('install', 'install', [CompletionResultType]::ParameterValue, 'Link cnictl into a CNI bin dir as bridge, host-local and loopback, for runtimes that call plugins by name')
            [CompletionResult]::new('ls', 'ls', [CompletionResultType]::ParameterValue, 'Show the bridge, host-local and loopback plugins in CNI bin dirs and which are cnictl')
            break
        }
        'cnictl;help;plugins;install' {
            break
        }
        'cnictl;help;plugins;ls' {
            break
        }
        'cnictl;help;ls' {
            break
        }
        'cnictl;help;show' {
            break
        }
        'cnictl;help;check' {
            break
        }
        'cnictl;help;gc' {
            break
        }
        'cnictl;help;completions' {
            break
        }
        'cnictl;help;complete-values' {
            break
        }
        'cnictl;help;generate' {
            break
        }
        'cnictl;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
