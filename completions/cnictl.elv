
use builtin;
use str;

set edit:completion:arg-completer[cnictl] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'cnictl'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'cnictl'= {
            cand --conf-dir 'Directory of network configs (*.conf, *.json, *.conflist) [default: /etc/cni/net.d]'
            cand --data-dir 'Lease directory for every network, overriding each config''s ipam.dataDir [default: the config''s dataDir, else /var/lib/cni/networks]'
            cand --cache-dir 'Directory of the attachment cache (results/ inside it) [default: /var/lib/cni]'
            cand --color 'When to colour tables; NO_COLOR in the environment means never [default: auto]'
            cand --runc-root 'runc''s state directory, for runc:ID targets (runc --root) [default: /run/runc]'
            cand --firewall-driver 'Who manages the host firewall: `iptables` (cnictl writes the rules) or `none` (another tool does)'
            cand --json 'Print JSON instead of tables'
            cand -v 'Log what cnictl does to stderr (-v info, -vv debug, -vvv trace)'
            cand --verbose 'Log what cnictl does to stderr (-v info, -vv debug, -vvv trace)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand add 'Attach a container to a bridge network: bridge, veth, IP, routes, masquerade'
            cand del 'Detach a container: release its IPs, remove its veth, rules and cache entry'
            cand rm 'Detach a container: release its IPs, remove its veth, rules and cache entry'
            cand net 'List and check network configs'
            cand leases 'List IP leases: network, IP, container id, interface'
            cand plugins 'Install cnictl as the CNI bridge, host-local and loopback plugins, and list them'
            cand ls 'List every attachment: container, runtime, network, interface, IPs, host veth, state'
            cand ps 'List every attachment: container, runtime, network, interface, IPs, host veth, state'
            cand show 'Show a container''s network from inside: interfaces, addresses, routes, and their networks'
            cand check 'Compare a container''s attachments with what is live; exit 1 on any difference'
            cand gc 'Remove leases, cache entries, veths and rules that belong to no attachment'
            cand completions 'Print a shell completion script to stdout'
            cand complete-values 'Print live completion candidates, one a line (for the completion scripts)'
            cand generate 'Write completions and man pages from this binary''s CLI definition (for packagers)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'cnictl;add'= {
            cand --net 'Network name from the conf dir, or a config file [default: the defaults file''s network, else the built-in "cnictl" network]'
            cand --id 'CNI container id [default: from the target]'
            cand --ifname 'Interface name inside the container'
            cand --ip 'Ask for this address instead of the next free one (once per range set)'
            cand --mac 'MAC address of the container''s interface [default: chosen by the kernel]'
            cand --dns 'Write this nameserver into the container''s resolv.conf, instead of the config''s dns nameservers (repeatable)'
            cand -p 'Publish a container port on the host: [HOSTIP:]HOSTPORT:CONTAINERPORT[/tcp|udp] (repeatable)'
            cand --publish 'Publish a container port on the host: [HOSTIP:]HOSTPORT:CONTAINERPORT[/tcp|udp] (repeatable)'
            cand --conf-dir 'Directory of network configs (*.conf, *.json, *.conflist) [default: /etc/cni/net.d]'
            cand --data-dir 'Lease directory for every network, overriding each config''s ipam.dataDir [default: the config''s dataDir, else /var/lib/cni/networks]'
            cand --cache-dir 'Directory of the attachment cache (results/ inside it) [default: /var/lib/cni]'
            cand --color 'When to colour tables; NO_COLOR in the environment means never [default: auto]'
            cand --runc-root 'runc''s state directory, for runc:ID targets (runc --root) [default: /run/runc]'
            cand --firewall-driver 'Who manages the host firewall: `iptables` (cnictl writes the rules) or `none` (another tool does)'
            cand --no-dns 'Leave the container''s resolv.conf alone, even when the config has dns settings'
            cand --json 'Print JSON instead of tables'
            cand -v 'Log what cnictl does to stderr (-v info, -vv debug, -vvv trace)'
            cand --verbose 'Log what cnictl does to stderr (-v info, -vv debug, -vvv trace)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'cnictl;del'= {
            cand --net 'Only this network [default: every network the container is attached to]'
            cand --id 'CNI container id [default: from the target]'
            cand --ifname 'Only this interface [default: every interface of the container]'
            cand --conf-dir 'Directory of network configs (*.conf, *.json, *.conflist) [default: /etc/cni/net.d]'
            cand --data-dir 'Lease directory for every network, overriding each config''s ipam.dataDir [default: the config''s dataDir, else /var/lib/cni/networks]'
            cand --cache-dir 'Directory of the attachment cache (results/ inside it) [default: /var/lib/cni]'
            cand --color 'When to colour tables; NO_COLOR in the environment means never [default: auto]'
            cand --runc-root 'runc''s state directory, for runc:ID targets (runc --root) [default: /run/runc]'
            cand --firewall-driver 'Who manages the host firewall: `iptables` (cnictl writes the rules) or `none` (another tool does)'
            cand --json 'Print JSON instead of tables'
            cand -v 'Log what cnictl does to stderr (-v info, -vv debug, -vvv trace)'
            cand --verbose 'Log what cnictl does to stderr (-v info, -vv debug, -vvv trace)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'cnictl;rm'= {
            cand --net 'Only this network [default: every network the container is attached to]'
            cand --id 'CNI container id [default: from the target]'
            cand --ifname 'Only this interface [default: every interface of the container]'
            cand --conf-dir 'Directory of network configs (*.conf, *.json, *.conflist) [default: /etc/cni/net.d]'
            cand --data-dir 'Lease directory for every network, overriding each config''s ipam.dataDir [default: the config''s dataDir, else /var/lib/cni/networks]'
            cand --cache-dir 'Directory of the attachment cache (results/ inside it) [default: /var/lib/cni]'
            cand --color 'When to colour tables; NO_COLOR in the environment means never [default: auto]'
            cand --runc-root 'runc''s state directory, for runc:ID targets (runc --root) [default: /run/runc]'
            cand --firewall-driver 'Who manages the host firewall: `iptables` (cnictl writes the rules) or `none` (another tool does)'
            cand --json 'Print JSON instead of tables'
            cand -v 'Log what cnictl does to stderr (-v info, -vv debug, -vvv trace)'
            cand --verbose 'Log what cnictl does to stderr (-v info, -vv debug, -vvv trace)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'cnictl;net'= {
            cand --conf-dir 'Directory of network configs (*.conf, *.json, *.conflist) [default: /etc/cni/net.d]'
            cand --data-dir 'Lease directory for every network, overriding each config''s ipam.dataDir [default: the config''s dataDir, else /var/lib/cni/networks]'
            cand --cache-dir 'Directory of the attachment cache (results/ inside it) [default: /var/lib/cni]'
            cand --color 'When to colour tables; NO_COLOR in the environment means never [default: auto]'
            cand --runc-root 'runc''s state directory, for runc:ID targets (runc --root) [default: /run/runc]'
            cand --firewall-driver 'Who manages the host firewall: `iptables` (cnictl writes the rules) or `none` (another tool does)'
            cand --json 'Print JSON instead of tables'
            cand -v 'Log what cnictl does to stderr (-v info, -vv debug, -vvv trace)'
            cand --verbose 'Log what cnictl does to stderr (-v info, -vv debug, -vvv trace)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand ls 'List the networks in the conf dir: name, type, bridge, subnets, gateway, file, leases in use'
            cand list 'List the networks in the conf dir: name, type, bridge, subnets, gateway, file, leases in use'
            cand validate 'Check network configs and report every fault with file, field and fix'
            cand create 'Write a new bridge + host-local network config (a conflist) into the conf dir'
            cand inspect 'Show a network: its config and file, the bridge on the host, leases per range, attachments'
            cand rm 'Remove a network: its bridge, rules, leases and config file'
            cand remove 'Remove a network: its bridge, rules, leases and config file'
            cand reload 'Put back the firewall rules of attached networks that something else removed (firewalld reload, iptables -F)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'cnictl;net;ls'= {
            cand --conf-dir 'Directory of network configs (*.conf, *.json, *.conflist) [default: /etc/cni/net.d]'
            cand --data-dir 'Lease directory for every network, overriding each config''s ipam.dataDir [default: the config''s dataDir, else /var/lib/cni/networks]'
            cand --cache-dir 'Directory of the attachment cache (results/ inside it) [default: /var/lib/cni]'
            cand --color 'When to colour tables; NO_COLOR in the environment means never [default: auto]'
            cand --runc-root 'runc''s state directory, for runc:ID targets (runc --root) [default: /run/runc]'
            cand --firewall-driver 'Who manages the host firewall: `iptables` (cnictl writes the rules) or `none` (another tool does)'
            cand --json 'Print JSON instead of tables'
            cand -v 'Log what cnictl does to stderr (-v info, -vv debug, -vvv trace)'
            cand --verbose 'Log what cnictl does to stderr (-v info, -vv debug, -vvv trace)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'cnictl;net;list'= {
            cand --conf-dir 'Directory of network configs (*.conf, *.json, *.conflist) [default: /etc/cni/net.d]'
            cand --data-dir 'Lease directory for every network, overriding each config''s ipam.dataDir [default: the config''s dataDir, else /var/lib/cni/networks]'
            cand --cache-dir 'Directory of the attachment cache (results/ inside it) [default: /var/lib/cni]'
            cand --color 'When to colour tables; NO_COLOR in the environment means never [default: auto]'
            cand --runc-root 'runc''s state directory, for runc:ID targets (runc --root) [default: /run/runc]'
            cand --firewall-driver 'Who manages the host firewall: `iptables` (cnictl writes the rules) or `none` (another tool does)'
            cand --json 'Print JSON instead of tables'
            cand -v 'Log what cnictl does to stderr (-v info, -vv debug, -vvv trace)'
            cand --verbose 'Log what cnictl does to stderr (-v info, -vv debug, -vvv trace)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'cnictl;net;validate'= {
            cand --conf-dir 'Directory of network configs (*.conf, *.json, *.conflist) [default: /etc/cni/net.d]'
            cand --data-dir 'Lease directory for every network, overriding each config''s ipam.dataDir [default: the config''s dataDir, else /var/lib/cni/networks]'
            cand --cache-dir 'Directory of the attachment cache (results/ inside it) [default: /var/lib/cni]'
            cand --color 'When to colour tables; NO_COLOR in the environment means never [default: auto]'
            cand --runc-root 'runc''s state directory, for runc:ID targets (runc --root) [default: /run/runc]'
            cand --firewall-driver 'Who manages the host firewall: `iptables` (cnictl writes the rules) or `none` (another tool does)'
            cand --json 'Print JSON instead of tables'
            cand -v 'Log what cnictl does to stderr (-v info, -vv debug, -vvv trace)'
            cand --verbose 'Log what cnictl does to stderr (-v info, -vv debug, -vvv trace)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'cnictl;net;create'= {
            cand --subnet 'A subnet in CIDR form, or `auto` for the first free /24 of 10.90.0.0/15; repeat once for dual-stack (one IPv4, one IPv6)'
            cand --gateway 'The gateway (the bridge''s address) of the subnet holding it [default: the subnet''s first address]'
            cand --range 'Allocate container addresses only from FIRST-LAST (one per subnet)'
            cand --route 'An extra route for containers: DST or DST,GW (repeatable); a default route per family is always added'
            cand --bridge 'The Linux bridge [default: cni-NAME]'
            cand --mtu 'MTU of the bridge and the containers'' interfaces'
            cand --dns 'Nameserver for the network''s containers (repeatable)'
            cand --cni-version 'The conflist''s cniVersion'
            cand --conf-dir 'Directory of network configs (*.conf, *.json, *.conflist) [default: /etc/cni/net.d]'
            cand --data-dir 'Lease directory for every network, overriding each config''s ipam.dataDir [default: the config''s dataDir, else /var/lib/cni/networks]'
            cand --cache-dir 'Directory of the attachment cache (results/ inside it) [default: /var/lib/cni]'
            cand --color 'When to colour tables; NO_COLOR in the environment means never [default: auto]'
            cand --runc-root 'runc''s state directory, for runc:ID targets (runc --root) [default: /run/runc]'
            cand --firewall-driver 'Who manages the host firewall: `iptables` (cnictl writes the rules) or `none` (another tool does)'
            cand --no-masquerade 'Do not masquerade traffic leaving the subnets (ipMasq false)'
            cand --with-portmap 'Add a portmap plugin entry, so that other CNI tools can publish ports on this network too'
            cand --dry-run 'Print the file that would be written, and write nothing'
            cand --json 'Print JSON instead of tables'
            cand -v 'Log what cnictl does to stderr (-v info, -vv debug, -vvv trace)'
            cand --verbose 'Log what cnictl does to stderr (-v info, -vv debug, -vvv trace)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'cnictl;net;inspect'= {
            cand --conf-dir 'Directory of network configs (*.conf, *.json, *.conflist) [default: /etc/cni/net.d]'
            cand --data-dir 'Lease directory for every network, overriding each config''s ipam.dataDir [default: the config''s dataDir, else /var/lib/cni/networks]'
            cand --cache-dir 'Directory of the attachment cache (results/ inside it) [default: /var/lib/cni]'
            cand --color 'When to colour tables; NO_COLOR in the environment means never [default: auto]'
            cand --runc-root 'runc''s state directory, for runc:ID targets (runc --root) [default: /run/runc]'
            cand --firewall-driver 'Who manages the host firewall: `iptables` (cnictl writes the rules) or `none` (another tool does)'
            cand --json 'Print JSON instead of tables'
            cand -v 'Log what cnictl does to stderr (-v info, -vv debug, -vvv trace)'
            cand --verbose 'Log what cnictl does to stderr (-v info, -vv debug, -vvv trace)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'cnictl;net;rm'= {
            cand --conf-dir 'Directory of network configs (*.conf, *.json, *.conflist) [default: /etc/cni/net.d]'
            cand --data-dir 'Lease directory for every network, overriding each config''s ipam.dataDir [default: the config''s dataDir, else /var/lib/cni/networks]'
            cand --cache-dir 'Directory of the attachment cache (results/ inside it) [default: /var/lib/cni]'
            cand --color 'When to colour tables; NO_COLOR in the environment means never [default: auto]'
            cand --runc-root 'runc''s state directory, for runc:ID targets (runc --root) [default: /run/runc]'
            cand --firewall-driver 'Who manages the host firewall: `iptables` (cnictl writes the rules) or `none` (another tool does)'
            cand --force 'Detach every container attached to it first'
            cand --json 'Print JSON instead of tables'
            cand -v 'Log what cnictl does to stderr (-v info, -vv debug, -vvv trace)'
            cand --verbose 'Log what cnictl does to stderr (-v info, -vv debug, -vvv trace)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'cnictl;net;remove'= {
            cand --conf-dir 'Directory of network configs (*.conf, *.json, *.conflist) [default: /etc/cni/net.d]'
            cand --data-dir 'Lease directory for every network, overriding each config''s ipam.dataDir [default: the config''s dataDir, else /var/lib/cni/networks]'
            cand --cache-dir 'Directory of the attachment cache (results/ inside it) [default: /var/lib/cni]'
            cand --color 'When to colour tables; NO_COLOR in the environment means never [default: auto]'
            cand --runc-root 'runc''s state directory, for runc:ID targets (runc --root) [default: /run/runc]'
            cand --firewall-driver 'Who manages the host firewall: `iptables` (cnictl writes the rules) or `none` (another tool does)'
            cand --force 'Detach every container attached to it first'
            cand --json 'Print JSON instead of tables'
            cand -v 'Log what cnictl does to stderr (-v info, -vv debug, -vvv trace)'
            cand --verbose 'Log what cnictl does to stderr (-v info, -vv debug, -vvv trace)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'cnictl;net;reload'= {
            cand --conf-dir 'Directory of network configs (*.conf, *.json, *.conflist) [default: /etc/cni/net.d]'
            cand --data-dir 'Lease directory for every network, overriding each config''s ipam.dataDir [default: the config''s dataDir, else /var/lib/cni/networks]'
            cand --cache-dir 'Directory of the attachment cache (results/ inside it) [default: /var/lib/cni]'
            cand --color 'When to colour tables; NO_COLOR in the environment means never [default: auto]'
            cand --runc-root 'runc''s state directory, for runc:ID targets (runc --root) [default: /run/runc]'
            cand --firewall-driver 'Who manages the host firewall: `iptables` (cnictl writes the rules) or `none` (another tool does)'
            cand --json 'Print JSON instead of tables'
            cand -v 'Log what cnictl does to stderr (-v info, -vv debug, -vvv trace)'
            cand --verbose 'Log what cnictl does to stderr (-v info, -vv debug, -vvv trace)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'cnictl;net;help'= {
            cand ls 'List the networks in the conf dir: name, type, bridge, subnets, gateway, file, leases in use'
            cand validate 'Check network configs and report every fault with file, field and fix'
            cand create 'Write a new bridge + host-local network config (a conflist) into the conf dir'
            cand inspect 'Show a network: its config and file, the bridge on the host, leases per range, attachments'
            cand rm 'Remove a network: its bridge, rules, leases and config file'
            cand reload 'Put back the firewall rules of attached networks that something else removed (firewalld reload, iptables -F)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'cnictl;net;help;ls'= {
        }
        &'cnictl;net;help;validate'= {
        }
        &'cnictl;net;help;create'= {
        }
        &'cnictl;net;help;inspect'= {
        }
        &'cnictl;net;help;rm'= {
        }
        &'cnictl;net;help;reload'= {
        }
        &'cnictl;net;help;help'= {
        }
        &'cnictl;leases'= {
            cand --net 'Only this network (a name from the conf dir, or a config file)'
            cand --conf-dir 'Directory of network configs (*.conf, *.json, *.conflist) [default: /etc/cni/net.d]'
            cand --data-dir 'Lease directory for every network, overriding each config''s ipam.dataDir [default: the config''s dataDir, else /var/lib/cni/networks]'
            cand --cache-dir 'Directory of the attachment cache (results/ inside it) [default: /var/lib/cni]'
            cand --color 'When to colour tables; NO_COLOR in the environment means never [default: auto]'
            cand --runc-root 'runc''s state directory, for runc:ID targets (runc --root) [default: /run/runc]'
            cand --firewall-driver 'Who manages the host firewall: `iptables` (cnictl writes the rules) or `none` (another tool does)'
            cand --stale 'Only the leases `cnictl gc` would release (needs root: it looks into every network namespace)'
            cand --json 'Print JSON instead of tables'
            cand -v 'Log what cnictl does to stderr (-v info, -vv debug, -vvv trace)'
            cand --verbose 'Log what cnictl does to stderr (-v info, -vv debug, -vvv trace)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'cnictl;plugins'= {
            cand --conf-dir 'Directory of network configs (*.conf, *.json, *.conflist) [default: /etc/cni/net.d]'
            cand --data-dir 'Lease directory for every network, overriding each config''s ipam.dataDir [default: the config''s dataDir, else /var/lib/cni/networks]'
            cand --cache-dir 'Directory of the attachment cache (results/ inside it) [default: /var/lib/cni]'
            cand --color 'When to colour tables; NO_COLOR in the environment means never [default: auto]'
            cand --runc-root 'runc''s state directory, for runc:ID targets (runc --root) [default: /run/runc]'
            cand --firewall-driver 'Who manages the host firewall: `iptables` (cnictl writes the rules) or `none` (another tool does)'
            cand --json 'Print JSON instead of tables'
            cand -v 'Log what cnictl does to stderr (-v info, -vv debug, -vvv trace)'
            cand --verbose 'Log what cnictl does to stderr (-v info, -vv debug, -vvv trace)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand install 'Link cnictl into a CNI bin dir as bridge, host-local and loopback, for runtimes that call plugins by name'
            cand ls 'Show the bridge, host-local and loopback plugins in CNI bin dirs and which are cnictl'
            cand list 'Show the bridge, host-local and loopback plugins in CNI bin dirs and which are cnictl'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'cnictl;plugins;install'= {
            cand --plugin 'Only this plugin name (repeatable) [default: bridge, host-local and loopback]'
            cand --conf-dir 'Directory of network configs (*.conf, *.json, *.conflist) [default: /etc/cni/net.d]'
            cand --data-dir 'Lease directory for every network, overriding each config''s ipam.dataDir [default: the config''s dataDir, else /var/lib/cni/networks]'
            cand --cache-dir 'Directory of the attachment cache (results/ inside it) [default: /var/lib/cni]'
            cand --color 'When to colour tables; NO_COLOR in the environment means never [default: auto]'
            cand --runc-root 'runc''s state directory, for runc:ID targets (runc --root) [default: /run/runc]'
            cand --firewall-driver 'Who manages the host firewall: `iptables` (cnictl writes the rules) or `none` (another tool does)'
            cand --force 'Replace a file of that name that is not cnictl (such as the reference plugin)'
            cand --json 'Print JSON instead of tables'
            cand -v 'Log what cnictl does to stderr (-v info, -vv debug, -vvv trace)'
            cand --verbose 'Log what cnictl does to stderr (-v info, -vv debug, -vvv trace)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'cnictl;plugins;ls'= {
            cand --conf-dir 'Directory of network configs (*.conf, *.json, *.conflist) [default: /etc/cni/net.d]'
            cand --data-dir 'Lease directory for every network, overriding each config''s ipam.dataDir [default: the config''s dataDir, else /var/lib/cni/networks]'
            cand --cache-dir 'Directory of the attachment cache (results/ inside it) [default: /var/lib/cni]'
            cand --color 'When to colour tables; NO_COLOR in the environment means never [default: auto]'
            cand --runc-root 'runc''s state directory, for runc:ID targets (runc --root) [default: /run/runc]'
            cand --firewall-driver 'Who manages the host firewall: `iptables` (cnictl writes the rules) or `none` (another tool does)'
            cand --json 'Print JSON instead of tables'
            cand -v 'Log what cnictl does to stderr (-v info, -vv debug, -vvv trace)'
            cand --verbose 'Log what cnictl does to stderr (-v info, -vv debug, -vvv trace)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'cnictl;plugins;list'= {
            cand --conf-dir 'Directory of network configs (*.conf, *.json, *.conflist) [default: /etc/cni/net.d]'
            cand --data-dir 'Lease directory for every network, overriding each config''s ipam.dataDir [default: the config''s dataDir, else /var/lib/cni/networks]'
            cand --cache-dir 'Directory of the attachment cache (results/ inside it) [default: /var/lib/cni]'
            cand --color 'When to colour tables; NO_COLOR in the environment means never [default: auto]'
            cand --runc-root 'runc''s state directory, for runc:ID targets (runc --root) [default: /run/runc]'
            cand --firewall-driver 'Who manages the host firewall: `iptables` (cnictl writes the rules) or `none` (another tool does)'
            cand --json 'Print JSON instead of tables'
            cand -v 'Log what cnictl does to stderr (-v info, -vv debug, -vvv trace)'
            cand --verbose 'Log what cnictl does to stderr (-v info, -vv debug, -vvv trace)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'cnictl;plugins;help'= {
            cand install 'Link cnictl into a CNI bin dir as bridge, host-local and loopback, for runtimes that call plugins by name'
            cand ls 'Show the bridge, host-local and loopback plugins in CNI bin dirs and which are cnictl'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'cnictl;plugins;help;install'= {
        }
        &'cnictl;plugins;help;ls'= {
        }
        &'cnictl;plugins;help;help'= {
        }
        &'cnictl;ls'= {
            cand --net 'Only this network (a name from the conf dir, or a config file)'
            cand --conf-dir 'Directory of network configs (*.conf, *.json, *.conflist) [default: /etc/cni/net.d]'
            cand --data-dir 'Lease directory for every network, overriding each config''s ipam.dataDir [default: the config''s dataDir, else /var/lib/cni/networks]'
            cand --cache-dir 'Directory of the attachment cache (results/ inside it) [default: /var/lib/cni]'
            cand --color 'When to colour tables; NO_COLOR in the environment means never [default: auto]'
            cand --runc-root 'runc''s state directory, for runc:ID targets (runc --root) [default: /run/runc]'
            cand --firewall-driver 'Who manages the host firewall: `iptables` (cnictl writes the rules) or `none` (another tool does)'
            cand --json 'Print JSON instead of tables'
            cand -v 'Log what cnictl does to stderr (-v info, -vv debug, -vvv trace)'
            cand --verbose 'Log what cnictl does to stderr (-v info, -vv debug, -vvv trace)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'cnictl;ps'= {
            cand --net 'Only this network (a name from the conf dir, or a config file)'
            cand --conf-dir 'Directory of network configs (*.conf, *.json, *.conflist) [default: /etc/cni/net.d]'
            cand --data-dir 'Lease directory for every network, overriding each config''s ipam.dataDir [default: the config''s dataDir, else /var/lib/cni/networks]'
            cand --cache-dir 'Directory of the attachment cache (results/ inside it) [default: /var/lib/cni]'
            cand --color 'When to colour tables; NO_COLOR in the environment means never [default: auto]'
            cand --runc-root 'runc''s state directory, for runc:ID targets (runc --root) [default: /run/runc]'
            cand --firewall-driver 'Who manages the host firewall: `iptables` (cnictl writes the rules) or `none` (another tool does)'
            cand --json 'Print JSON instead of tables'
            cand -v 'Log what cnictl does to stderr (-v info, -vv debug, -vvv trace)'
            cand --verbose 'Log what cnictl does to stderr (-v info, -vv debug, -vvv trace)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'cnictl;show'= {
            cand --net 'Only this network''s attachment (a name from the conf dir, or a config file)'
            cand --id 'CNI container id, for a namespace that holds more than one container''s attachments [default: from the target]'
            cand --conf-dir 'Directory of network configs (*.conf, *.json, *.conflist) [default: /etc/cni/net.d]'
            cand --data-dir 'Lease directory for every network, overriding each config''s ipam.dataDir [default: the config''s dataDir, else /var/lib/cni/networks]'
            cand --cache-dir 'Directory of the attachment cache (results/ inside it) [default: /var/lib/cni]'
            cand --color 'When to colour tables; NO_COLOR in the environment means never [default: auto]'
            cand --runc-root 'runc''s state directory, for runc:ID targets (runc --root) [default: /run/runc]'
            cand --firewall-driver 'Who manages the host firewall: `iptables` (cnictl writes the rules) or `none` (another tool does)'
            cand --json 'Print JSON instead of tables'
            cand -v 'Log what cnictl does to stderr (-v info, -vv debug, -vvv trace)'
            cand --verbose 'Log what cnictl does to stderr (-v info, -vv debug, -vvv trace)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'cnictl;check'= {
            cand --net 'Only this network''s attachment (a name from the conf dir, or a config file)'
            cand --id 'CNI container id, for a namespace that holds more than one container''s attachments [default: from the target]'
            cand --conf-dir 'Directory of network configs (*.conf, *.json, *.conflist) [default: /etc/cni/net.d]'
            cand --data-dir 'Lease directory for every network, overriding each config''s ipam.dataDir [default: the config''s dataDir, else /var/lib/cni/networks]'
            cand --cache-dir 'Directory of the attachment cache (results/ inside it) [default: /var/lib/cni]'
            cand --color 'When to colour tables; NO_COLOR in the environment means never [default: auto]'
            cand --runc-root 'runc''s state directory, for runc:ID targets (runc --root) [default: /run/runc]'
            cand --firewall-driver 'Who manages the host firewall: `iptables` (cnictl writes the rules) or `none` (another tool does)'
            cand --json 'Print JSON instead of tables'
            cand -v 'Log what cnictl does to stderr (-v info, -vv debug, -vvv trace)'
            cand --verbose 'Log what cnictl does to stderr (-v info, -vv debug, -vvv trace)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'cnictl;gc'= {
            cand --net 'Only this network (a name from the conf dir, or a config file)'
            cand --conf-dir 'Directory of network configs (*.conf, *.json, *.conflist) [default: /etc/cni/net.d]'
            cand --data-dir 'Lease directory for every network, overriding each config''s ipam.dataDir [default: the config''s dataDir, else /var/lib/cni/networks]'
            cand --cache-dir 'Directory of the attachment cache (results/ inside it) [default: /var/lib/cni]'
            cand --color 'When to colour tables; NO_COLOR in the environment means never [default: auto]'
            cand --runc-root 'runc''s state directory, for runc:ID targets (runc --root) [default: /run/runc]'
            cand --firewall-driver 'Who manages the host firewall: `iptables` (cnictl writes the rules) or `none` (another tool does)'
            cand -n 'Only list what would be removed; change nothing'
            cand --dry-run 'Only list what would be removed; change nothing'
            cand --bridges 'Also remove the bridges of networks left without leases (bridges stay by default)'
            cand --json 'Print JSON instead of tables'
            cand -v 'Log what cnictl does to stderr (-v info, -vv debug, -vvv trace)'
            cand --verbose 'Log what cnictl does to stderr (-v info, -vv debug, -vvv trace)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'cnictl;completions'= {
            cand --conf-dir 'Directory of network configs (*.conf, *.json, *.conflist) [default: /etc/cni/net.d]'
            cand --data-dir 'Lease directory for every network, overriding each config''s ipam.dataDir [default: the config''s dataDir, else /var/lib/cni/networks]'
            cand --cache-dir 'Directory of the attachment cache (results/ inside it) [default: /var/lib/cni]'
            cand --color 'When to colour tables; NO_COLOR in the environment means never [default: auto]'
            cand --runc-root 'runc''s state directory, for runc:ID targets (runc --root) [default: /run/runc]'
            cand --firewall-driver 'Who manages the host firewall: `iptables` (cnictl writes the rules) or `none` (another tool does)'
            cand --json 'Print JSON instead of tables'
            cand -v 'Log what cnictl does to stderr (-v info, -vv debug, -vvv trace)'
            cand --verbose 'Log what cnictl does to stderr (-v info, -vv debug, -vvv trace)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'cnictl;complete-values'= {
            cand --conf-dir 'Directory of network configs (*.conf, *.json, *.conflist) [default: /etc/cni/net.d]'
            cand --data-dir 'Lease directory for every network, overriding each config''s ipam.dataDir [default: the config''s dataDir, else /var/lib/cni/networks]'
            cand --cache-dir 'Directory of the attachment cache (results/ inside it) [default: /var/lib/cni]'
            cand --color 'When to colour tables; NO_COLOR in the environment means never [default: auto]'
            cand --runc-root 'runc''s state directory, for runc:ID targets (runc --root) [default: /run/runc]'
            cand --firewall-driver 'Who manages the host firewall: `iptables` (cnictl writes the rules) or `none` (another tool does)'
            cand --json 'Print JSON instead of tables'
            cand -v 'Log what cnictl does to stderr (-v info, -vv debug, -vvv trace)'
            cand --verbose 'Log what cnictl does to stderr (-v info, -vv debug, -vvv trace)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'cnictl;generate'= {
            cand --conf-dir 'Directory of network configs (*.conf, *.json, *.conflist) [default: /etc/cni/net.d]'
            cand --data-dir 'Lease directory for every network, overriding each config''s ipam.dataDir [default: the config''s dataDir, else /var/lib/cni/networks]'
            cand --cache-dir 'Directory of the attachment cache (results/ inside it) [default: /var/lib/cni]'
            cand --color 'When to colour tables; NO_COLOR in the environment means never [default: auto]'
            cand --runc-root 'runc''s state directory, for runc:ID targets (runc --root) [default: /run/runc]'
            cand --firewall-driver 'Who manages the host firewall: `iptables` (cnictl writes the rules) or `none` (another tool does)'
            cand --json 'Print JSON instead of tables'
            cand -v 'Log what cnictl does to stderr (-v info, -vv debug, -vvv trace)'
            cand --verbose 'Log what cnictl does to stderr (-v info, -vv debug, -vvv trace)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'cnictl;help'= {
            cand add 'Attach a container to a bridge network: bridge, veth, IP, routes, masquerade'
            cand del 'Detach a container: release its IPs, remove its veth, rules and cache entry'
            cand net 'List and check network configs'
            cand leases 'List IP leases: network, IP, container id, interface'
            cand plugins 'Install cnictl as the CNI bridge, host-local and loopback plugins, and list them'
            cand ls 'List every attachment: container, runtime, network, interface, IPs, host veth, state'
            cand show 'Show a container''s network from inside: interfaces, addresses, routes, and their networks'
            cand check 'Compare a container''s attachments with what is live; exit 1 on any difference'
            cand gc 'Remove leases, cache entries, veths and rules that belong to no attachment'
            cand completions 'Print a shell completion script to stdout'
            cand complete-values 'Print live completion candidates, one a line (for the completion scripts)'
            cand generate 'Write completions and man pages from this binary''s CLI definition (for packagers)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'cnictl;help;add'= {
        }
        &'cnictl;help;del'= {
        }
        &'cnictl;help;net'= {
            cand ls 'List the networks in the conf dir: name, type, bridge, subnets, gateway, file, leases in use'
            cand validate 'Check network configs and report every fault with file, field and fix'
            cand create 'Write a new bridge + host-local network config (a conflist) into the conf dir'
            cand inspect 'Show a network: its config and file, the bridge on the host, leases per range, attachments'
            cand rm 'Remove a network: its bridge, rules, leases and config file'
            cand reload 'Put back the firewall rules of attached networks that something else removed (firewalld reload, iptables -F)'
        }
        &'cnictl;help;net;ls'= {
        }
        &'cnictl;help;net;validate'= {
        }
        &'cnictl;help;net;create'= {
        }
        &'cnictl;help;net;inspect'= {
        }
        &'cnictl;help;net;rm'= {
        }
        &'cnictl;help;net;reload'= {
        }
        &'cnictl;help;leases'= {
        }
        &'cnictl;help;plugins'= {
            cand install 'Link cnictl into a CNI bin dir as bridge, host-local and loopback, for runtimes that call plugins by name'
            cand ls 'Show the bridge, host-local and loopback plugins in CNI bin dirs and which are cnictl'
        }
        &'cnictl;help;plugins;install'= {
        }
        &'cnictl;help;plugins;ls'= {
        }
        &'cnictl;help;ls'= {
        }
        &'cnictl;help;show'= {
        }
        &'cnictl;help;check'= {
        }
        &'cnictl;help;gc'= {
        }
        &'cnictl;help;completions'= {
        }
        &'cnictl;help;complete-values'= {
        }
        &'cnictl;help;generate'= {
        }
        &'cnictl;help;help'= {
        }
    ]
    $completions[$command]
}
