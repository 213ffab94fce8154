_cnictl() {
    local i cur prev opts cmd
    COMPREPLY=()
    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
        cur="$2"
    else
        cur="${COMP_WORDS[COMP_CWORD]}"
    fi
    prev="$3"
    cmd=""
    opts=""

    for i in "${COMP_WORDS[@]:0:COMP_CWORD}"
    do
        case "${cmd},${i}" in
            ",$1")
                cmd="cnictl"
                ;;
            cnictl,add)
                cmd="cnictl__subcmd__add"
                ;;
            cnictl,check)
                cmd="cnictl__subcmd__check"
                ;;
            cnictl,complete-values)
                cmd="cnictl__subcmd__complete__subcmd__values"
                ;;
            cnictl,completions)
                cmd="cnictl__subcmd__completions"
                ;;
            cnictl,del)
                cmd="cnictl__subcmd__del"
                ;;
            cnictl,gc)
                cmd="cnictl__subcmd__gc"
                ;;
            cnictl,generate)
                cmd="cnictl__subcmd__generate"
                ;;
            cnictl,help)
                cmd="cnictl__subcmd__help"
                ;;
            cnictl,leases)
                cmd="cnictl__subcmd__leases"
                ;;
            cnictl,ls)
                cmd="cnictl__subcmd__ls"
                ;;
            cnictl,net)
                cmd="cnictl__subcmd__net"
                ;;
            cnictl,plugins)
                cmd="cnictl__subcmd__plugins"
                ;;
            cnictl,ps)
                cmd="cnictl__subcmd__ls"
                ;;
            cnictl,rm)
                cmd="cnictl__subcmd__del"
                ;;
            cnictl,show)
                cmd="cnictl__subcmd__show"
                ;;
            cnictl__subcmd__help,add)
                cmd="cnictl__subcmd__help__subcmd__add"
                ;;
            cnictl__subcmd__help,check)
                cmd="cnictl__subcmd__help__subcmd__check"
                ;;
            cnictl__subcmd__help,complete-values)
                cmd="cnictl__subcmd__help__subcmd__complete__subcmd__values"
                ;;
            cnictl__subcmd__help,completions)
                cmd="cnictl__subcmd__help__subcmd__completions"
                ;;
            cnictl__subcmd__help,del)
                cmd="cnictl__subcmd__help__subcmd__del"
                ;;
            cnictl__subcmd__help,gc)
                cmd="cnictl__subcmd__help__subcmd__gc"
                ;;
            cnictl__subcmd__help,generate)
                cmd="cnictl__subcmd__help__subcmd__generate"
                ;;
            cnictl__subcmd__help,help)
                cmd="cnictl__subcmd__help__subcmd__help"
                ;;
            cnictl__subcmd__help,leases)
                cmd="cnictl__subcmd__help__subcmd__leases"
                ;;
            cnictl__subcmd__help,ls)
                cmd="cnictl__subcmd__help__subcmd__ls"
                ;;
            cnictl__subcmd__help,net)
                cmd="cnictl__subcmd__help__subcmd__net"
                ;;
            cnictl__subcmd__help,plugins)
                cmd="cnictl__subcmd__help__subcmd__plugins"
                ;;
            cnictl__subcmd__help,show)
                cmd="cnictl__subcmd__help__subcmd__show"
                ;;
            cnictl__subcmd__help__subcmd__net,create)
                cmd="cnictl__subcmd__help__subcmd__net__subcmd__create"
                ;;
            cnictl__subcmd__help__subcmd__net,inspect)
                cmd="cnictl__subcmd__help__subcmd__net__subcmd__inspect"
                ;;
            cnictl__subcmd__help__subcmd__net,ls)
                cmd="cnictl__subcmd__help__subcmd__net__subcmd__ls"
                ;;
            cnictl__subcmd__help__subcmd__net,reload)
                cmd="cnictl__subcmd__help__subcmd__net__subcmd__reload"
                ;;
            cnictl__subcmd__help__subcmd__net,rm)
                cmd="cnictl__subcmd__help__subcmd__net__subcmd__rm"
                ;;
            cnictl__subcmd__help__subcmd__net,validate)
                cmd="cnictl__subcmd__help__subcmd__net__subcmd__validate"
                ;;
            cnictl__subcmd__help__subcmd__plugins,install)
                cmd="cnictl__subcmd__help__subcmd__plugins__subcmd__install"
                ;;
            cnictl__subcmd__help__subcmd__plugins,ls)
                cmd="cnictl__subcmd__help__subcmd__plugins__subcmd__ls"
                ;;
            cnictl__subcmd__net,create)
                cmd="cnictl__subcmd__net__subcmd__create"
                ;;
            cnictl__subcmd__net,help)
                cmd="cnictl__subcmd__net__subcmd__help"
                ;;
            cnictl__subcmd__net,inspect)
                cmd="cnictl__subcmd__net__subcmd__inspect"
                ;;
            cnictl__subcmd__net,list)
                cmd="cnictl__subcmd__net__subcmd__ls"
                ;;
            cnictl__subcmd__net,ls)
                cmd="cnictl__subcmd__net__subcmd__ls"
                ;;
            cnictl__subcmd__net,reload)
                cmd="cnictl__subcmd__net__subcmd__reload"
                ;;
            cnictl__subcmd__net,remove)
                cmd="cnictl__subcmd__net__subcmd__rm"
                ;;
            cnictl__subcmd__net,rm)
                cmd="cnictl__subcmd__net__subcmd__rm"
                ;;
            cnictl__subcmd__net,validate)
                cmd="cnictl__subcmd__net__subcmd__validate"
                ;;
            cnictl__subcmd__net__subcmd__help,create)
                cmd="cnictl__subcmd__net__subcmd__help__subcmd__create"
                ;;
            cnictl__subcmd__net__subcmd__help,help)
                cmd="cnictl__subcmd__net__subcmd__help__subcmd__help"
                ;;
            cnictl__subcmd__net__subcmd__help,inspect)
                cmd="cnictl__subcmd__net__subcmd__help__subcmd__inspect"
                ;;
            cnictl__subcmd__net__subcmd__help,ls)
                cmd="cnictl__subcmd__net__subcmd__help__subcmd__ls"
                ;;
            cnictl__subcmd__net__subcmd__help,reload)
                cmd="cnictl__subcmd__net__subcmd__help__subcmd__reload"
                ;;
            cnictl__subcmd__net__subcmd__help,rm)
                cmd="cnictl__subcmd__net__subcmd__help__subcmd__rm"
                ;;
            cnictl__subcmd__net__subcmd__help,validate)
                cmd="cnictl__subcmd__net__subcmd__help__subcmd__validate"
                ;;
            cnictl__subcmd__plugins,help)
                cmd="cnictl__subcmd__plugins__subcmd__help"
                ;;
            cnictl__subcmd__plugins,install)
                cmd="cnictl__subcmd__plugins__subcmd__install"
                ;;
            cnictl__subcmd__plugins,list)
                cmd="cnictl__subcmd__plugins__subcmd__ls"
                ;;
            cnictl__subcmd__plugins,ls)
                cmd="cnictl__subcmd__plugins__subcmd__ls"
                ;;
            cnictl__subcmd__plugins__subcmd__help,help)
                cmd="cnictl__subcmd__plugins__subcmd__help__subcmd__help"
                ;;
            cnictl__subcmd__plugins__subcmd__help,install)
                cmd="cnictl__subcmd__plugins__subcmd__help__subcmd__install"
                ;;
            cnictl__subcmd__plugins__subcmd__help,ls)
                cmd="cnictl__subcmd__plugins__subcmd__help__subcmd__ls"
                ;;
            *)
                ;;
        esac
    done

    case "${cmd}" in
        cnictl)
            opts="-v -h -V --conf-dir --data-dir --cache-dir --json --verbose --color --runc-root --firewall-driver --help --version add del rm net leases plugins ls ps show check gc completions complete-values generate help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 1 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --conf-dir)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --data-dir)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --cache-dir)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --color)
                    COMPREPLY=($(compgen -W "auto always never" -- "${cur}"))
                    return 0
                    ;;
                --runc-root)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --firewall-driver)
                    COMPREPLY=($(compgen -W "iptables none" -- "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        cnictl__subcmd__add)
            opts="-p -v -h -V --net --id --ifname --ip --mac --dns --no-dns --publish --conf-dir --data-dir --cache-dir --json --verbose --color --runc-root --firewall-driver --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --net)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --id)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --ifname)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --ip)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --mac)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --dns)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --publish)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                -p)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --conf-dir)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --data-dir)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --cache-dir)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --color)
                    COMPREPLY=($(compgen -W "auto always never" -- "${cur}"))
                    return 0
                    ;;
                --runc-root)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --firewall-driver)
                    COMPREPLY=($(compgen -W "iptables none" -- "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        cnictl__subcmd__check)
            opts="-v -h -V --net --id --conf-dir --data-dir --cache-dir --json --verbose --color --runc-root --firewall-driver --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --net)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --id)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --conf-dir)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --data-dir)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --cache-dir)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --color)
                    COMPREPLY=($(compgen -W "auto always never" -- "${cur}"))
                    return 0
                    ;;
                --runc-root)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --firewall-driver)
                    COMPREPLY=($(compgen -W "iptables none" -- "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        cnictl__subcmd__complete__subcmd__values)
            opts="-v -h -V --conf-dir --data-dir --cache-dir --json --verbose --color --runc-root --firewall-driver --help --version networks containers"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --conf-dir)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --data-dir)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --cache-dir)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --color)
                    COMPREPLY=($(compgen -W "auto always never" -- "${cur}"))
                    return 0
                    ;;
                --runc-root)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --firewall-driver)
                    COMPREPLY=($(compgen -W "iptables none" -- "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        cnictl__subcmd__completions)
            opts="-v -h -V --conf-dir --data-dir --cache-dir --json --verbose --color --runc-root --firewall-driver --help --version bash elvish fish powershell zsh"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --conf-dir)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --data-dir)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --cache-dir)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --color)
                    COMPREPLY=($(compgen -W "auto always never" -- "${cur}"))
                    return 0
                    ;;
                --runc-root)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --firewall-driver)
                    COMPREPLY=($(compgen -W "iptables none" -- "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        cnictl__subcmd__del)
            opts="-v -h -V --net --id --ifname --conf-dir --data-dir --cache-dir --json --verbose --color --runc-root --firewall-driver --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --net)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --id)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --ifname)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --conf-dir)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --data-dir)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --cache-dir)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --color)
                    COMPREPLY=($(compgen -W "auto always never" -- "${cur}"))
                    return 0
                    ;;
                --runc-root)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --firewall-driver)
                    COMPREPLY=($(compgen -W "iptables none" -- "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        cnictl__subcmd__gc)
            opts="-n -v -h -V --dry-run --bridges --net --conf-dir --data-dir --cache-dir --json --verbose --color --runc-root --firewall-driver --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --net)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --conf-dir)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --data-dir)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --cache-dir)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --color)
                    COMPREPLY=($(compgen -W "auto always never" -- "${cur}"))
                    return 0
                    ;;
                --runc-root)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --firewall-driver)
                    COMPREPLY=($(compgen -W "iptables none" -- "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        cnictl__subcmd__generate)
            opts="-v -h -V --conf-dir --data-dir --cache-dir --json --verbose --color --runc-root --firewall-driver --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --conf-dir)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --data-dir)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --cache-dir)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --color)
                    COMPREPLY=($(compgen -W "auto always never" -- "${cur}"))
                    return 0
                    ;;
                --runc-root)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --firewall-driver)
                    COMPREPLY=($(compgen -W "iptables none" -- "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        cnictl__subcmd__help)
            opts="add del net leases plugins ls show check gc completions complete-values generate help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        cnictl__subcmd__help__subcmd__add)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        cnictl__subcmd__help__subcmd__check)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        cnictl__subcmd__help__subcmd__complete__subcmd__values)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        cnictl__subcmd__help__subcmd__completions)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        cnictl__subcmd__help__subcmd__del)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        cnictl__subcmd__help__subcmd__gc)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        cnictl__subcmd__help__subcmd__generate)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        cnictl__subcmd__help__subcmd__help)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        cnictl__subcmd__help__subcmd__leases)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        cnictl__subcmd__help__subcmd__ls)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        cnictl__subcmd__help__subcmd__net)
            opts="ls validate create inspect rm reload"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        cnictl__subcmd__help__subcmd__net__subcmd__create)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        cnictl__subcmd__help__subcmd__net__subcmd__inspect)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        cnictl__subcmd__help__subcmd__net__subcmd__ls)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        cnictl__subcmd__help__subcmd__net__subcmd__reload)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        cnictl__subcmd__help__subcmd__net__subcmd__rm)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        cnictl__subcmd__help__subcmd__net__subcmd__validate)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        cnictl__subcmd__help__subcmd__plugins)
            opts="install ls"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        cnictl__subcmd__help__subcmd__plugins__subcmd__install)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        cnictl__subcmd__help__subcmd__plugins__subcmd__ls)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        cnictl__subcmd__help__subcmd__show)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        cnictl__subcmd__leases)
            opts="-v -h -V --net --stale --conf-dir --data-dir --cache-dir --json --verbose --color --runc-root --firewall-driver --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --net)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --conf-dir)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --data-dir)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --cache-dir)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --color)
                    COMPREPLY=($(compgen -W "auto always never" -- "${cur}"))
                    return 0
                    ;;
                --runc-root)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --firewall-driver)
                    COMPREPLY=($(compgen -W "iptables none" -- "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        cnictl__subcmd__ls)
            opts="-v -h -V --net --conf-dir --data-dir --cache-dir --json --verbose --color --runc-root --firewall-driver --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --net)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --conf-dir)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --data-dir)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --cache-dir)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --color)
                    COMPREPLY=($(compgen -W "auto always never" -- "${cur}"))
                    return 0
                    ;;
                --runc-root)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --firewall-driver)
                    COMPREPLY=($(compgen -W "iptables none" -- "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        cnictl__subcmd__net)
            opts="-v -h -V --conf-dir --data-dir --cache-dir --json --verbose --color --runc-root --firewall-driver --help --version ls list validate create inspect rm remove reload help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --conf-dir)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --data-dir)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --cache-dir)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --color)
                    COMPREPLY=($(compgen -W "auto always never" -- "${cur}"))
                    return 0
                    ;;
                --runc-root)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --firewall-driver)
                    COMPREPLY=($(compgen -W "iptables none" -- "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        cnictl__subcmd__net__subcmd__create)
            opts="-v -h -V --subnet --gateway --range --route --bridge --no-masquerade --mtu --dns --cni-version --with-portmap --dry-run --conf-dir --data-dir --cache-dir --json --verbose --color --runc-root --firewall-driver --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --subnet)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --gateway)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --range)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --route)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --bridge)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --mtu)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --dns)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --cni-version)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --conf-dir)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --data-dir)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --cache-dir)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --color)
                    COMPREPLY=($(compgen -W "auto always never" -- "${cur}"))
                    return 0
                    ;;
                --runc-root)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --firewall-driver)
                    COMPREPLY=($(compgen -W "iptables none" -- "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        cnictl__subcmd__net__subcmd__help)
            opts="ls validate create inspect rm reload help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        cnictl__subcmd__net__subcmd__help__subcmd__create)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        cnictl__subcmd__net__subcmd__help__subcmd__help)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        cnictl__subcmd__net__subcmd__help__subcmd__inspect)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        cnictl__subcmd__net__subcmd__help__subcmd__ls)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        cnictl__subcmd__net__subcmd__help__subcmd__reload)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        cnictl__subcmd__net__subcmd__help__subcmd__rm)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        cnictl__subcmd__net__subcmd__help__subcmd__validate)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        cnictl__subcmd__net__subcmd__inspect)
            opts="-v -h -V --conf-dir --data-dir --cache-dir --json --verbose --color --runc-root --firewall-driver --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --conf-dir)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --data-dir)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --cache-dir)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --color)
                    COMPREPLY=($(compgen -W "auto always never" -- "${cur}"))
                    return 0
                    ;;
                --runc-root)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --firewall-driver)
                    COMPREPLY=($(compgen -W "iptables none" -- "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        cnictl__subcmd__net__subcmd__ls)
            opts="-v -h -V --conf-dir --data-dir --cache-dir --json --verbose --color --runc-root --firewall-driver --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --conf-dir)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --data-dir)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --cache-dir)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --color)
                    COMPREPLY=($(compgen -W "auto always never" -- "${cur}"))
                    return 0
                    ;;
                --runc-root)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --firewall-driver)
                    COMPREPLY=($(compgen -W "iptables none" -- "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        cnictl__subcmd__net__subcmd__reload)
            opts="-v -h -V --conf-dir --data-dir --cache-dir --json --verbose --color --runc-root --firewall-driver --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --conf-dir)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --data-dir)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --cache-dir)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --color)
                    COMPREPLY=($(compgen -W "auto always never" -- "${cur}"))
                    return 0
                    ;;
                --runc-root)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --firewall-driver)
                    COMPREPLY=($(compgen -W "iptables none" -- "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        cnictl__subcmd__net__subcmd__rm)
            opts="-v -h -V --force --conf-dir --data-dir --cache-dir --json --verbose --color --runc-root --firewall-driver --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --conf-dir)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --data-dir)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --cache-dir)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --color)
                    COMPREPLY=($(compgen -W "auto always never" -- "${cur}"))
                    return 0
                    ;;
                --runc-root)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --firewall-driver)
                    COMPREPLY=($(compgen -W "iptables none" -- "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        cnictl__subcmd__net__subcmd__validate)
            opts="-v -h -V --conf-dir --data-dir --cache-dir --json --verbose --color --runc-root --firewall-driver --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --conf-dir)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --data-dir)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --cache-dir)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --color)
                    COMPREPLY=($(compgen -W "auto always never" -- "${cur}"))
                    return 0
                    ;;
                --runc-root)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --firewall-driver)
                    COMPREPLY=($(compgen -W "iptables none" -- "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        cnictl__subcmd__plugins)
            opts="-v -h -V --conf-dir --data-dir --cache-dir --json --verbose --color --runc-root --firewall-driver --help --version install ls list help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --conf-dir)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --data-dir)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --cache-dir)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --color)
                    COMPREPLY=($(compgen -W "auto always never" -- "${cur}"))
                    return 0
                    ;;
                --runc-root)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --firewall-driver)
                    COMPREPLY=($(compgen -W "iptables none" -- "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        cnictl__subcmd__plugins__subcmd__help)
            opts="install ls help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        cnictl__subcmd__plugins__subcmd__help__subcmd__help)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        cnictl__subcmd__plugins__subcmd__help__subcmd__install)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        cnictl__subcmd__plugins__subcmd__help__subcmd__ls)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        cnictl__subcmd__plugins__subcmd__install)
            opts="-v -h -V --plugin --force --conf-dir --data-dir --cache-dir --json --verbose --color --runc-root --firewall-driver --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --plugin)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --conf-dir)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --data-dir)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --cache-dir)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --color)
                    COMPREPLY=($(compgen -W "auto always never" -- "${cur}"))
                    return 0
                    ;;
                --runc-root)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --firewall-driver)
                    COMPREPLY=($(compgen -W "iptables none" -- "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        cnictl__subcmd__plugins__subcmd__ls)
            opts="-v -h -V --conf-dir --data-dir --cache-dir --json --verbose --color --runc-root --firewall-driver --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --conf-dir)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --data-dir)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --cache-dir)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --color)
                    COMPREPLY=($(compgen -W "auto always never" -- "${cur}"))
                    return 0
                    ;;
                --runc-root)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --firewall-driver)
                    COMPREPLY=($(compgen -W "iptables none" -- "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        cnictl__subcmd__show)
            opts="-v -h -V --net --id --conf-dir --data-dir --cache-dir --json --verbose --color --runc-root --firewall-driver --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --net)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --id)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --conf-dir)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --data-dir)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --cache-dir)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --color)
                    COMPREPLY=($(compgen -W "auto always never" -- "${cur}"))
                    return 0
                    ;;
                --runc-root)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --firewall-driver)
                    COMPREPLY=($(compgen -W "iptables none" -- "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
    esac
}

if [[ "${BASH_VERSINFO[0]}" -eq 4 && "${BASH_VERSINFO[1]}" -ge 4 || "${BASH_VERSINFO[0]}" -gt 4 ]]; then
    complete -F _cnictl -o nosort -o bashdefault -o default cnictl
else
    complete -F _cnictl -o bashdefault -o default cnictl
fi

# Live values (appended by cnictl): networks after --net, containers as the
# TARGET of add/del/show/check, from `cnictl complete-values`; everything
# else is left to _cnictl above. The line is split on blanks only, so
# `netns:blue` stays one word whatever COMP_WORDBREAKS says.
_cnictl_live() {
    local line="${COMP_LINE:0:COMP_POINT}" words=() cur prev i sub="" positional=0 kind=""
    read -ra words <<< "${line}"
    if [[ "${line}" =~ [[:blank:]]$ ]]; then
        cur=""
    else
        cur="${words[${#words[@]}-1]}"
        unset 'words[${#words[@]}-1]'
    fi
    prev="${words[${#words[@]}-1]}"
    if [[ "${prev}" == "--net" ]]; then
        kind=networks
    else
        for ((i = 1; i < ${#words[@]}; i++)); do
            case "${words[i-1]}" in
                --conf-dir|--data-dir|--cache-dir|--color|--runc-root|--net|--id|--ifname|--ip|--mac|--dns) continue ;;
            esac
            [[ "${words[i]}" == -* ]] && continue
            if [[ -z "${sub}" ]]; then sub="${words[i]}"; else positional=$((positional + 1)); fi
        done
        case "${sub}" in
            add|del|rm|show|check)
                [[ "${cur}" != -* && ${positional} -eq 0 ]] && kind=containers
                ;;
        esac
    fi
    if [[ -z "${kind}" ]]; then
        _cnictl "$@"
        return
    fi
    COMPREPLY=($(compgen -W "$("${words[0]}" complete-values "${kind}" 2>/dev/null)" -- "${cur}"))
    # Bash replaces only what follows the last colon of the word.
    if [[ "${cur}" == *:* && "${COMP_WORDBREAKS}" == *:* ]]; then
        local colon_prefix="${cur%"${cur##*:}"}"
        COMPREPLY=("${COMPREPLY[@]#"${colon_prefix}"}")
    fi
    return 0
}
if [[ "${BASH_VERSINFO[0]}" -eq 4 && "${BASH_VERSINFO[1]}" -ge 4 || "${BASH_VERSINFO[0]}" -gt 4 ]]; then
    complete -F _cnictl_live -o nosort -o bashdefault -o default cnictl
else
    complete -F _cnictl_live -o bashdefault -o default cnictl
fi
