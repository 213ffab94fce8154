//! The checked-in completions and man pages must be what the current CLI
//! definition generates; otherwise users get stale help and completion.

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;

use cnictl::cli::generate::{write_all, REFRESH_COMMAND};

fn files_in(dir: &Path) -> BTreeSet<String> {
    fs::read_dir(dir)
        .unwrap_or_else(|e| {
            panic!(
                "cannot read {}: {e}; refresh with `{REFRESH_COMMAND}`",
                dir.display()
            )
        })
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect()
}

#[test]
fn checked_in_completions_and_man_pages_are_current() {
    let fresh = tempfile::tempdir().unwrap();
    write_all(fresh.path()).unwrap();
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut stale = Vec::new();
    for sub in ["completions", "man"] {
        let (want, have) = (files_in(&fresh.path().join(sub)), files_in(&repo.join(sub)));
        for name in want.symmetric_difference(&have) {
            stale.push(format!("{sub}/{name} (missing or no longer generated)"));
        }
        for name in want.intersection(&have) {
            let fresh_bytes = fs::read(fresh.path().join(sub).join(name)).unwrap();
            if fs::read(repo.join(sub).join(name)).unwrap() != fresh_bytes {
                stale.push(format!("{sub}/{name} (differs)"));
            }
        }
    }
    assert!(
        stale.is_empty(),
        "generated files are stale: {}\nrefresh them with `{REFRESH_COMMAND}` and commit the result",
        stale.join(", ")
    );
}
