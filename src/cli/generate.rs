//! `cnictl completions SHELL` and the hidden `cnictl generate DIR`: shell
//! completions and man pages, all derived from `Cli::command()` so they
//! cannot drift from the parser. The checked-in copies in `completions/` and
//! `man/` are compared with fresh output by a test.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use clap::CommandFactory;
use clap_complete::Shell;

use crate::cli::Cli;
use crate::error::{Error, ExitStatus, Result};

/// The command that refreshes the checked-in files; quoted by the staleness test.
pub const REFRESH_COMMAND: &str = "cargo run --quiet -- generate .";

/// The shells a completion script is shipped for.
pub const SHELLS: [Shell; 5] = [
    Shell::Bash,
    Shell::Zsh,
    Shell::Fish,
    Shell::Elvish,
    Shell::PowerShell,
];

/// A completion script for one shell.
pub fn completion_script(shell: Shell) -> Vec<u8> {
    let mut cmd = Cli::command();
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut cmd, "cnictl", &mut script);
    super::complete::with_live_values(shell, script)
}

/// File name of a shell's script, as distributions install them.
pub fn completion_file_name(shell: Shell) -> &'static str {
    match shell {
        Shell::Bash => "cnictl.bash",
        Shell::Zsh => "_cnictl",
        Shell::Fish => "cnictl.fish",
        Shell::Elvish => "cnictl.elv",
        Shell::PowerShell => "_cnictl.ps1",
        _ => "cnictl.completion",
    }
}

/// Every man page: `cnictl.1` and one per visible subcommand
/// (`cnictl-net-ls.1`, …), as (file name, roff) pairs.
pub fn man_pages() -> Result<Vec<(String, Vec<u8>)>> {
    let mut root = Cli::command().disable_help_subcommand(true);
    root.build();
    let mut pages = Vec::new();
    collect_man_pages(&root, true, &mut pages)?;
    pages.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(pages)
}

fn collect_man_pages(
    cmd: &clap::Command,
    is_root: bool,
    pages: &mut Vec<(String, Vec<u8>)>,
) -> Result<()> {
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        collect_man_pages(sub, false, pages)?;
    }
    let man = clap_mangen::Man::new(cmd.clone())
        .date("")
        .source(format!("cnictl {}", env!("CARGO_PKG_VERSION")))
        .manual("cnictl manual");
    let mut roff = Vec::new();
    let render = |w: &mut Vec<u8>| -> std::io::Result<()> {
        man.render_title(w)?;
        man.render_name_section(w)?;
        man.render_synopsis_section(w)?;
        man.render_description_section(w)?;
        if cmd.get_arguments().any(|a| !a.is_hide_set()) {
            man.render_options_section(w)?;
        }
        if cmd.has_subcommands() {
            man.render_subcommands_section(w)?;
        }
        if is_root {
            render_exit_status(w)?;
            man.render_version_section(w)?;
        }
        Ok(())
    };
    render(&mut roff).map_err(|e| Error::io("cannot render man page", e))?;
    pages.push((man.get_filename(), roff));
    Ok(())
}

/// The EXIT STATUS section, from the same table as `--help`.
fn render_exit_status(w: &mut Vec<u8>) -> std::io::Result<()> {
    writeln!(w, ".SH \"EXIT STATUS\"")?;
    for (status, meaning) in ExitStatus::TABLE {
        writeln!(
            w,
            ".TP\n\\fB{}\\fR\n{}",
            status.code(),
            meaning.replace('\\', "\\\\")
        )?;
    }
    Ok(())
}

/// Writes `completions/` and `man/` under `out_dir`; returns the files written.
pub fn write_all(out_dir: &Path) -> Result<Vec<PathBuf>> {
    let mut written = Vec::new();
    let completions = out_dir.join("completions");
    let man = out_dir.join("man");
    for dir in [&completions, &man] {
        fs::create_dir_all(dir)
            .map_err(|e| Error::io(format!("cannot create {}", dir.display()), e))?;
    }
    for shell in SHELLS {
        let path = completions.join(completion_file_name(shell));
        write_file(&path, &completion_script(shell))?;
        written.push(path);
    }
    for (name, roff) in man_pages()? {
        let path = man.join(name);
        write_file(&path, &roff)?;
        written.push(path);
    }
    Ok(written)
}

fn write_file(path: &Path, bytes: &[u8]) -> Result<()> {
    fs::write(path, bytes).map_err(|e| Error::io(format!("cannot write {}", path.display()), e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn man_pages_cover_every_visible_subcommand() {
        let names: Vec<String> = man_pages().unwrap().into_iter().map(|(n, _)| n).collect();
        for expected in [
            "cnictl.1",
            "cnictl-net.1",
            "cnictl-net-ls.1",
            "cnictl-net-validate.1",
            "cnictl-leases.1",
        ] {
            assert!(
                names.contains(&expected.to_string()),
                "{expected} missing from {names:?}"
            );
        }
        assert!(
            !names.iter().any(|n| n.contains("generate")),
            "hidden command got a page: {names:?}"
        );
    }

    #[test]
    fn root_page_documents_exit_statuses() {
        let pages = man_pages().unwrap();
        let root = &pages.iter().find(|(n, _)| n == "cnictl.1").unwrap().1;
        let text = String::from_utf8_lossy(root);
        assert!(text.contains(".SH \"EXIT STATUS\""), "{text}");
        assert!(text.contains("a network config is invalid"), "{text}");
    }

    #[test]
    fn every_shell_gets_a_script_naming_the_subcommands() {
        for shell in SHELLS {
            let script = String::from_utf8(completion_script(shell)).unwrap();
            assert!(
                script.contains("leases"),
                "{shell:?} script lacks subcommands"
            );
        }
    }
}
