use std::fs;
use std::path::PathBuf;

use crate::config::error::ConfigError;
use crate::config::settings::{ColorChoice, Defaults};

fn write(dir: &tempfile::TempDir, name: &str, text: &str) -> PathBuf {
    let path = dir.path().join(name);
    fs::write(&path, text).unwrap();
    path
}

#[test]
fn user_file_beats_system_file_key_by_key() {
    let dir = tempfile::tempdir().unwrap();
    let system = write(
        &dir,
        "system.toml",
        "conf_dir = \"/etc/cni/net.d\"\ndata_dir = \"/var/lib/cni/networks\"\nnetwork = \"cni0\"\ncolor = \"never\"\n",
    );
    let user = write(
        &dir,
        "user.toml",
        "network = \"mybridge\"\ncolor = \"always\"\n",
    );
    let d = Defaults::load(&[system.clone(), user.clone()]).unwrap();
    assert_eq!(d.conf_dir, Some(PathBuf::from("/etc/cni/net.d")));
    assert_eq!(d.data_dir, Some(PathBuf::from("/var/lib/cni/networks")));
    assert_eq!(d.cache_dir, None);
    assert_eq!(d.network.as_deref(), Some("mybridge"));
    assert_eq!(d.color, Some(ColorChoice::Always));
    assert_eq!(d.files, vec![system, user]);
}

#[test]
fn missing_files_are_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let user = write(&dir, "user.toml", "cache_dir = \"/tmp/cache\"\n");
    let d = Defaults::load(&[dir.path().join("absent.toml"), user.clone()]).unwrap();
    assert_eq!(d.cache_dir, Some(PathBuf::from("/tmp/cache")));
    assert_eq!(d.files, vec![user]);
    assert_eq!(Defaults::load(&[]).unwrap(), Defaults::default());
}

#[test]
fn malformed_toml_names_file_line_and_key() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(
        &dir,
        "cnictl.toml",
        "conf_dir = \"/etc/cni/net.d\"\nnetwork = mybridge\n",
    );
    let err = Defaults::load(std::slice::from_ref(&path)).unwrap_err();
    assert!(matches!(
        err,
        ConfigError::SettingsSyntax {
            line: 2,
            column: 11,
            ..
        }
    ));
    assert_eq!(
        err.to_string(),
        format!(
            "{}: line 2, column 11, key \"network\": invalid string: expected `\"`, `'`; fix the TOML (for example: conf_dir = \"/etc/cni/net.d\")",
            path.display()
        )
    );
}

#[test]
fn wrong_value_type_names_the_key() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(&dir, "cnictl.toml", "\ncolor = \"sometimes\"\n");
    let err = Defaults::load(std::slice::from_ref(&path)).unwrap_err();
    assert_eq!(
        err.to_string(),
        format!(
            "{}: line 2, column 9, key \"color\": unknown variant `sometimes`, expected one of `auto`, `always`, `never`; fix the TOML (for example: conf_dir = \"/etc/cni/net.d\")",
            path.display()
        )
    );
}

#[test]
fn unknown_key_is_an_error_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(&dir, "cnictl.toml", "network = \"x\"\ncolour = \"auto\"\n");
    let err = Defaults::load(std::slice::from_ref(&path)).unwrap_err();
    assert_eq!(
        err.to_string(),
        format!(
            "{}: line 2: unknown key \"colour\"; the keys cnictl knows are conf_dir, data_dir, cache_dir, network, color",
            path.display()
        )
    );
}

#[test]
fn standard_paths_put_the_user_file_last() {
    let paths = Defaults::standard_paths();
    assert_eq!(paths[0], PathBuf::from("/etc/cnictl/cnictl.toml"));
    if let Some(user) = paths.get(1) {
        assert!(user.ends_with("cnictl/cnictl.toml"), "{}", user.display());
    }
}
