
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
            cand --conf-dir 'Directory of network configs (*.conf, *.json, *.conflist) [default: /etc/cni/net.d]'
            cand --data-dir 'Lease directory for every network, overriding each config''s ipam.dataDir [default: the config''s dataDir, else /var/lib/cni/networks]'
            cand --cache-dir 'Directory of the attachment cache (results/ inside it) [default: /var/lib/cni]'
            cand --color 'When to colour tables; NO_COLOR in the environment means never [default: auto]'
            cand --runc-root 'runc''s state directory, for runc:ID targets (runc --root) [default: /run/runc]'
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
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'cnictl;net;ls'= {
            cand --conf-dir 'Directory of network configs (*.conf, *.json, *.conflist) [default: /etc/cni/net.d]'
            cand --data-dir 'Lease directory for every network, overriding each config''s ipam.dataDir [default: the config''s dataDir, else /var/lib/cni/networks]'
            cand --cache-dir 'Directory of the attachment cache (results/ inside it) [default: /var/lib/cni]'
            cand --color 'When to colour tables; NO_COLOR in the environment means never [default: auto]'
            cand --runc-root 'runc''s state directory, for runc:ID targets (runc --root) [default: /run/runc]'
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
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'cnictl;net;help;ls'= {
        }
        &'cnictl;net;help;validate'= {
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
            cand --stale 'Only the leases `cnictl gc` would release (needs root: it looks into every network namespace)'
            cand --json 'Print JSON instead of tables'
            cand -v 'Log what cnictl does to stderr (-v info, -vv debug, -vvv trace)'
            cand --verbose 'Log what cnictl does to stderr (-v info, -vv debug, -vvv trace)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'cnictl;ls'= {
            cand --net 'Only this network (a name from the conf dir, or a config file)'
            cand --conf-dir 'Directory of network configs (*.conf, *.json, *.conflist) [default: /etc/cni/net.d]'
            cand --data-dir 'Lease directory for every network, overriding each config''s ipam.dataDir [default: the config''s dataDir, else /var/lib/cni/networks]'
            cand --cache-dir 'Directory of the attachment cache (results/ inside it) [default: /var/lib/cni]'
            cand --color 'When to colour tables; NO_COLOR in the environment means never [default: auto]'
            cand --runc-root 'runc''s state directory, for runc:ID targets (runc --root) [default: /run/runc]'
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
            cand --conf-dir 'Directory of network configs (*.conf, *.json, *.conflist) [default: /etc/cni/net.d]'
            cand --data-dir 'Lease directory for every network, overriding each config''s ipam.dataDir [default: the config''s dataDir, else /var/lib/cni/networks]'
            cand --cache-dir 'Directory of the attachment cache (results/ inside it) [default: /var/lib/cni]'
            cand --color 'When to colour tables; NO_COLOR in the environment means never [default: auto]'
            cand --runc-root 'runc''s state directory, for runc:ID targets (runc --root) [default: /run/runc]'
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
            cand --conf-dir 'Directory of network configs (*.conf, *.json, *.conflist) [default: /etc/cni/net.d]'
            cand --data-dir 'Lease directory for every network, overriding each config''s ipam.dataDir [default: the config''s dataDir, else /var/lib/cni/networks]'
            cand --cache-dir 'Directory of the attachment cache (results/ inside it) [default: /var/lib/cni]'
            cand --color 'When to colour tables; NO_COLOR in the environment means never [default: auto]'
            cand --runc-root 'runc''s state directory, for runc:ID targets (runc --root) [default: /run/runc]'
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
        }
        &'cnictl;help;net;ls'= {
        }
        &'cnictl;help;net;validate'= {
        }
        &'cnictl;help;leases'= {
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
