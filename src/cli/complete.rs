//! The live-value shims added to clap's completion scripts: they call
//! `cnictl complete-values KIND` (see `commands::complete`) for network
//! and container names. Text only; no I/O.

use clap_complete::Shell;

/// Turns clap's script for `shell` into one that completes live values:
/// bash and fish get functions appended; zsh's `--net` values and TARGET
/// arguments call helpers defined before its `compdef`. Other shells are
/// left as clap wrote them (flags and subcommands).
pub fn with_live_values(shell: Shell, script: Vec<u8>) -> Vec<u8> {
    match shell {
        Shell::Bash => [script, BASH.as_bytes().to_vec()].concat(),
        Shell::Fish => [script, FISH.as_bytes().to_vec()].concat(),
        Shell::Zsh => {
            let text = String::from_utf8_lossy(&script);
            let mut out = String::with_capacity(text.len() + ZSH.len());
            for line in text.split_inclusive('\n') {
                if line.starts_with("if [ \"$funcstack[1]\" = \"_cnictl\" ]") {
                    out.push_str(ZSH);
                }
                if line.starts_with("'--net=[") {
                    out.push_str(&line.replace(":NET:_default'", ":NET:_cnictl_live_networks'"));
                } else if line.starts_with("':target -- ") {
                    out.push_str(&line.replace(":_default'", ":_cnictl_live_containers'"));
                } else {
                    out.push_str(line);
                }
            }
            out.into_bytes()
        }
        _ => script,
    }
}

const ZSH: &str = r#"# Live values (added by cnictl), from `cnictl complete-values`.
(( $+functions[_cnictl_live_networks] )) ||
_cnictl_live_networks() {
    local -a values
    values=(${(f)"$(cnictl complete-values networks 2>/dev/null)"})
    compadd -a values
}
(( $+functions[_cnictl_live_containers] )) ||
_cnictl_live_containers() {
    local -a values
    values=(${(f)"$(cnictl complete-values containers 2>/dev/null)"})
    compadd -a values
}

"#;

const BASH: &str = r#"
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
"#;

const FISH: &str = r#"
# Live values (appended by cnictl), from `cnictl complete-values`.
complete -c cnictl -n "__fish_seen_subcommand_from add del rm show check" -f -a "(cnictl complete-values containers 2>/dev/null)"
complete -c cnictl -l net -x -a "(cnictl complete-values networks 2>/dev/null)"
"#;
