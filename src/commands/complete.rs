//! Completion of live values: network names from the conf dir, container
//! names from the attachment cache, named namespaces and Docker. The
//! checked-in scripts (bash, fish, zsh) call `cnictl complete-values KIND` for
//! them; it prints one candidate per line, nothing at all on any error, and
//! gives Docker a few milliseconds only, so a dead daemon never stalls a
//! <TAB>.

use std::collections::BTreeSet;
use std::path::Path;
use std::time::Duration;

use super::Ctx;
use crate::cli::ValueKind;
use crate::cni::cache;

/// What Docker may take of a <TAB>; the whole of it stays under 50 ms.
const DOCKER_BUDGET: Duration = Duration::from_millis(25);

/// The candidates of one kind, sorted, each once.
pub async fn candidates(ctx: &Ctx, kind: ValueKind) -> Vec<String> {
    let mut out = BTreeSet::new();
    match kind {
        ValueKind::Networks => {
            if let Ok(files) = crate::config::discover(&ctx.paths.conf_dir) {
                out.extend(
                    files
                        .into_iter()
                        .filter_map(|f| f.loaded.ok())
                        .filter_map(|c| c.name),
                );
            }
        }
        ValueKind::Containers => {
            out.extend(cached_names(&ctx.paths.cache_dir));
            if let Ok(read) = std::fs::read_dir("/var/run/netns") {
                out.extend(
                    read.flatten()
                        .filter_map(|e| e.file_name().into_string().ok())
                        .map(|n| format!("netns:{n}")),
                );
            }
            out.extend(crate::runtime::docker::running_names(DOCKER_BUDGET).await);
        }
    }
    out.into_iter().collect()
}

fn cached_names(cache_dir: &Path) -> Vec<String> {
    cache::list(cache_dir)
        .unwrap_or_default()
        .into_iter()
        .filter_map(|(_, e)| e.ok())
        .filter_map(|e| {
            let record = e.cnictl?;
            let name = record.container_name?;
            Some(crate::runtime::display_name(record.runtime, &name))
        })
        .collect()
}
