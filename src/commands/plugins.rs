//! `cnictl plugins install DIR` links cnictl into a CNI bin dir under the
//! names of the plugins it serves, so runtimes that call plugins by name
//! (podman's CNI backend, containerd, cnitool) run it; `plugins ls` shows
//! which plugin names in the CNI bin dirs are cnictl.

use std::io;
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::cni::plugin::{PluginKind, DEFAULT_CNI_PATH};
use crate::error::{Error, Result};
use crate::output::{Report, Style};

/// The plugins cnictl serves in plugin mode, installed by default.
pub const SERVED: [PluginKind; 3] = PluginKind::ALL;

#[derive(Debug, Clone, Serialize)]
pub struct Installed {
    pub plugin: String,
    pub path: PathBuf,
    pub target: PathBuf,
    /// `created`, `replaced` (with --force) or `unchanged`.
    pub action: &'static str,
}

#[derive(Debug, Serialize)]
#[serde(transparent)]
pub struct InstallReport(pub Vec<Installed>);

impl Report for InstallReport {
    fn render(&self, style: &Style) -> String {
        let mut table = style.table(["PLUGIN", "PATH", "TARGET", "ACTION"]);
        for row in &self.0 {
            table.add_row(vec![
                row.plugin.clone(),
                row.path.display().to_string(),
                row.target.display().to_string(),
                row.action.to_string(),
            ]);
        }
        style.finish(&table)
    }
}

/// The names to install: the ones asked for, else every served plugin.
pub fn plugins_to_install(names: &[String]) -> Result<Vec<PluginKind>> {
    if names.is_empty() {
        return Ok(SERVED.to_vec());
    }
    names
        .iter()
        .map(|name| {
            PluginKind::from_name(name).ok_or_else(|| {
                Error::io(
                    format!(
                        "cnictl cannot serve as plugin {name:?}; it serves {}",
                        SERVED.map(PluginKind::name).join(", ")
                    ),
                    io::Error::from(io::ErrorKind::InvalidInput),
                )
            })
        })
        .collect()
}

/// Links `target` (this executable) into `dir` under each plugin's name.
/// A file of that name that is not already a link to `target` is left
/// alone unless `force`: it is most likely the reference plugin.
pub fn install(
    dir: &Path,
    target: &Path,
    plugins: &[PluginKind],
    force: bool,
) -> Result<InstallReport> {
    std::fs::create_dir_all(dir)
        .map_err(|e| Error::io(format!("cannot create {}", dir.display()), e))?;
    // Refuse before changing anything.
    let mut plan = Vec::new();
    for kind in plugins {
        let path = dir.join(kind.name());
        let action = match std::fs::symlink_metadata(&path) {
            Err(e) if e.kind() == io::ErrorKind::NotFound => "created",
            Err(e) => return Err(Error::io(format!("cannot inspect {}", path.display()), e)),
            Ok(_) if links_to(&path, target) => "unchanged",
            Ok(_) if force => "replaced",
            Ok(_) => {
                return Err(Error::io(
                    format!(
                        "{} exists and is not cnictl (the reference plugin?); \
                         pass --force to replace it",
                        path.display()
                    ),
                    io::Error::from(io::ErrorKind::AlreadyExists),
                ))
            }
        };
        plan.push((*kind, path, action));
    }
    let mut report = Vec::new();
    for (kind, path, action) in plan {
        if action != "unchanged" {
            // A new link under a temp name, renamed over: a runtime never
            // finds the name missing.
            let tmp = dir.join(format!(".{}.cnictl-tmp", kind.name()));
            let _ = std::fs::remove_file(&tmp);
            std::os::unix::fs::symlink(target, &tmp)
                .map_err(|e| Error::io(format!("cannot create {}", tmp.display()), e))?;
            std::fs::rename(&tmp, &path)
                .map_err(|e| Error::io(format!("cannot create {}", path.display()), e))?;
        }
        report.push(Installed {
            plugin: kind.name().to_string(),
            path,
            target: target.to_path_buf(),
            action,
        });
    }
    Ok(InstallReport(report))
}

/// Whether `path` is (a link to) the same file as `target`.
fn links_to(path: &Path, target: &Path) -> bool {
    match (std::fs::canonicalize(path), std::fs::canonicalize(target)) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct PluginEntry {
    pub dir: PathBuf,
    pub plugin: String,
    /// Where the name resolves to; null when it is a plain file.
    pub target: Option<PathBuf>,
    pub cnictl: bool,
}

#[derive(Debug, Serialize)]
#[serde(transparent)]
pub struct PluginList(pub Vec<PluginEntry>);

impl Report for PluginList {
    fn render(&self, style: &Style) -> String {
        if self.0.is_empty() {
            return "no bridge, host-local or loopback plugin in these directories\n".into();
        }
        let mut table = style.table(["DIR", "PLUGIN", "CNICTL", "TARGET"]);
        for row in &self.0 {
            table.add_row(vec![
                row.dir.display().to_string(),
                row.plugin.clone(),
                if row.cnictl { "yes" } else { "no" }.to_string(),
                row.target
                    .as_ref()
                    .map(|t| t.display().to_string())
                    .unwrap_or_else(|| "-".into()),
            ]);
        }
        style.finish(&table)
    }
}

/// The dirs to look in: the given ones, else `CNI_PATH`, else the default.
pub fn search_dirs(given: &[PathBuf], cni_path: Option<&std::ffi::OsStr>) -> Vec<PathBuf> {
    if !given.is_empty() {
        return given.to_vec();
    }
    let path = cni_path
        .filter(|p| !p.is_empty())
        .unwrap_or(std::ffi::OsStr::new(DEFAULT_CNI_PATH));
    std::env::split_paths(path).collect()
}

/// Each plugin name cnictl serves, in each dir, and whether it is cnictl.
pub fn list(dirs: &[PathBuf], cnictl: &Path) -> PluginList {
    let mut rows = Vec::new();
    for dir in dirs {
        for kind in PluginKind::ALL {
            let path = dir.join(kind.name());
            let Ok(meta) = std::fs::symlink_metadata(&path) else {
                continue;
            };
            let target = meta
                .file_type()
                .is_symlink()
                .then(|| std::fs::canonicalize(&path).ok())
                .flatten();
            rows.push(PluginEntry {
                dir: dir.clone(),
                plugin: kind.name().to_string(),
                target,
                cnictl: links_to(&path, cnictl),
            });
        }
    }
    PluginList(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn install_links_lists_and_refuses_foreign_files() {
        let dir = tempfile::tempdir().unwrap();
        let exe = dir.path().join("cnictl");
        std::fs::write(&exe, "#!/bin/sh\n").unwrap();
        let bin = dir.path().join("bin");
        let report = install(&bin, &exe, &SERVED, false).unwrap();
        assert_eq!(report.0.len(), 3);
        assert!(report.0.iter().all(|r| r.action == "created"));
        let again = install(&bin, &exe, &SERVED, false).unwrap();
        assert!(again.0.iter().all(|r| r.action == "unchanged"));

        let listed = list(std::slice::from_ref(&bin), &exe);
        assert_eq!(listed.0.len(), 3);
        assert!(listed.0.iter().all(|r| r.cnictl));

        // A reference plugin already there is kept unless --force.
        std::fs::remove_file(bin.join("bridge")).unwrap();
        std::fs::write(bin.join("bridge"), "reference").unwrap();
        let err = install(&bin, &exe, &SERVED, false).unwrap_err();
        assert!(err.to_string().contains("--force"), "{err}");
        assert_eq!(
            std::fs::read_to_string(bin.join("bridge")).unwrap(),
            "reference"
        );
        let listed = list(std::slice::from_ref(&bin), &exe);
        assert!(!listed.0[0].cnictl);
        let forced = install(&bin, &exe, &[PluginKind::Bridge], true).unwrap();
        assert_eq!(forced.0[0].action, "replaced");
        assert!(links_to(&bin.join("bridge"), &exe));
    }

    #[test]
    fn names_and_dirs() {
        assert_eq!(plugins_to_install(&[]).unwrap().len(), 3);
        assert_eq!(
            plugins_to_install(&["bridge".into()]).unwrap(),
            vec![PluginKind::Bridge]
        );
        assert!(plugins_to_install(&["portmap".into()]).is_err());
        assert_eq!(
            search_dirs(&[], Some(std::ffi::OsStr::new("/a:/b"))),
            vec![PathBuf::from("/a"), PathBuf::from("/b")]
        );
        assert_eq!(search_dirs(&[], None).len(), 2);
    }
}
