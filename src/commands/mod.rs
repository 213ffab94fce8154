//! One module per verb. A command validates everything, then acts, and
//! returns a plain serializable report; only `output` prints it.

pub mod add;
pub mod check;
pub mod complete;
pub mod del;
pub mod gc;
pub mod leases;
pub mod ls;
pub mod net;
pub mod net_create;
pub mod net_inspect;
pub mod net_reload;
pub mod net_rm;
pub mod plugins;
pub mod show;

use std::path::PathBuf;
use std::sync::Arc;

use crate::cli::generate;
use crate::cli::{Cli, ColorChoice, Command, GlobalArgs, NetCommand, PluginsCommand};
use crate::config::{self, Defaults};
use crate::engine::Paths;
use crate::error::{ExitStatus, Result};
use crate::firewall::Firewall;
use crate::output::{self, Output};

/// What every command needs to know, resolved once: a flag (or its
/// environment variable, which clap folds in) beats the defaults file, which
/// beats the built-in default.
#[derive(Clone)]
pub struct Ctx {
    /// Where configs, leases and the attachment cache are.
    pub paths: Paths,
    /// The firewall driver, chosen once (`--firewall-driver`).
    pub firewall: Arc<dyn Firewall>,
    /// The network used when a command names none (from the defaults file).
    pub default_network: Option<String>,
    /// How to reach Docker and runc.
    pub runtimes: crate::runtime::RuntimeOptions,
    pub out: Output,
}

impl Ctx {
    pub fn resolve(global: &GlobalArgs, defaults: Defaults) -> Result<Ctx> {
        let color = global
            .color
            .or(defaults.color.map(|c| match c {
                config::ColorChoice::Auto => ColorChoice::Auto,
                config::ColorChoice::Always => ColorChoice::Always,
                config::ColorChoice::Never => ColorChoice::Never,
            }))
            .unwrap_or(ColorChoice::Auto);
        let standard = Paths::default();
        let firewall = crate::firewall::driver_by_name(&global.firewall_driver)?;
        Ok(Ctx {
            paths: Paths {
                conf_dir: global
                    .conf_dir
                    .clone()
                    .or(defaults.conf_dir)
                    .unwrap_or(standard.conf_dir),
                data_dir: global.data_dir.clone().or(defaults.data_dir),
                cache_dir: global
                    .cache_dir
                    .clone()
                    .or(defaults.cache_dir)
                    .unwrap_or(standard.cache_dir),
            },
            firewall: Arc::from(firewall),
            default_network: defaults.network,
            runtimes: crate::runtime::RuntimeOptions {
                runc_root: global
                    .runc_root
                    .clone()
                    .unwrap_or_else(|| PathBuf::from(crate::runtime::DEFAULT_RUNC_ROOT)),
            },
            out: Output::new(global.json, color),
        })
    }
}

/// The defaults files to read: `CNICTL_CONFIG` names one file (empty: none),
/// else the system file and then the user's, the later winning.
fn defaults_paths() -> Vec<PathBuf> {
    match std::env::var_os("CNICTL_CONFIG") {
        Some(path) if path.is_empty() => Vec::new(),
        Some(path) => vec![PathBuf::from(path)],
        None => Defaults::standard_paths(),
    }
}

/// Runs the command the user asked for and returns the exit status it earned.
pub async fn run(cli: Cli) -> Result<ExitStatus> {
    // Output-only commands need no settings, so a broken defaults file
    // cannot stop a user from getting completions.
    match &cli.command {
        Command::Completions(args) => {
            output::write_stdout(&generate::completion_script(args.shell))?;
            return Ok(ExitStatus::Success);
        }
        Command::CompleteValues(args) => {
            // Nothing on errors: a completion must never print junk.
            let defaults = Defaults::load(&defaults_paths()).unwrap_or_default();
            let Ok(ctx) = Ctx::resolve(&cli.global, defaults) else {
                return Ok(ExitStatus::Success);
            };
            let mut text = String::new();
            for value in complete::candidates(&ctx, args.kind).await {
                text.push_str(&value);
                text.push('\n');
            }
            let _ = output::write_stdout(text.as_bytes());
            return Ok(ExitStatus::Success);
        }
        Command::Generate(args) => {
            for path in generate::write_all(&args.out_dir)? {
                eprintln!("wrote {}", path.display());
            }
            return Ok(ExitStatus::Success);
        }
        _ => {}
    }

    let defaults = Defaults::load(&defaults_paths())?;
    let ctx = Ctx::resolve(&cli.global, defaults)?;
    match cli.command {
        Command::Net(NetCommand::Ls(_)) => {
            let report = net::list(&ctx)?;
            ctx.out.emit(&report)?;
            Ok(ExitStatus::Success)
        }
        Command::Net(NetCommand::Validate(args)) => {
            let report = net::validate(&ctx, &args.targets)?;
            ctx.out.emit(&report)?;
            report.into_status()
        }
        Command::Net(NetCommand::Create(args)) => {
            let report = net_create::run(&ctx, &args).await?;
            ctx.out.emit(&report)?;
            Ok(ExitStatus::Success)
        }
        Command::Net(NetCommand::Inspect(args)) => {
            let report = net_inspect::run(&ctx, &args).await?;
            ctx.out.emit(&report)?;
            Ok(ExitStatus::Success)
        }
        Command::Net(NetCommand::Rm(args)) => {
            let report = net_rm::run(&ctx, &args).await?;
            ctx.out.emit(&report)?;
            Ok(ExitStatus::Success)
        }
        Command::Net(NetCommand::Reload(args)) => {
            let report = net_reload::run(&ctx, &args)?;
            ctx.out.emit(&report)?;
            Ok(ExitStatus::Success)
        }
        Command::Leases(args) if args.stale => {
            let report = leases::stale(&ctx, args.net.as_deref()).await?;
            ctx.out.emit(&report)?;
            Ok(ExitStatus::Success)
        }
        Command::Leases(args) => {
            let report = leases::list(&ctx, args.net.as_deref())?;
            ctx.out.emit(&report)?;
            Ok(ExitStatus::Success)
        }
        Command::Ls(args) => {
            let report = ls::run(&ctx, args.net.as_deref()).await?;
            ctx.out.emit(&report)?;
            Ok(ExitStatus::Success)
        }
        Command::Show(args) => {
            let report =
                show::run(&ctx, &args.target, args.net.as_deref(), args.id.as_deref()).await?;
            ctx.out.emit(&report)?;
            Ok(ExitStatus::Success)
        }
        Command::Check(args) => {
            let report =
                check::run(&ctx, &args.target, args.net.as_deref(), args.id.as_deref()).await?;
            ctx.out.emit(&report)?;
            report.into_status()
        }
        Command::Gc(args) => {
            let report = gc::run(&ctx, args.net.as_deref(), args.dry_run, args.bridges).await?;
            ctx.out.emit(&report)?;
            report.into_status()
        }
        Command::Add(args) => {
            let report = add::run(&ctx, &args).await?;
            ctx.out.emit(&report)?;
            Ok(ExitStatus::Success)
        }
        Command::Del(args) => {
            let report = del::run(&ctx, &args).await?;
            ctx.out.emit(&report)?;
            Ok(ExitStatus::Success)
        }
        Command::Plugins(PluginsCommand::Install(args)) => {
            let report = plugins::install(
                &args.dir,
                &current_exe()?,
                &plugins::plugins_to_install(&args.plugins)?,
                args.force,
            )?;
            ctx.out.emit(&report)?;
            Ok(ExitStatus::Success)
        }
        Command::Plugins(PluginsCommand::Ls(args)) => {
            let dirs = plugins::search_dirs(&args.dirs, std::env::var_os("CNI_PATH").as_deref());
            ctx.out.emit(&plugins::list(&dirs, &current_exe()?))?;
            Ok(ExitStatus::Success)
        }
        Command::Completions(_) | Command::Generate(_) | Command::CompleteValues(_) => {
            unreachable!("handled above")
        }
    }
}

/// This executable, which plugin links point at.
fn current_exe() -> Result<PathBuf> {
    std::env::current_exe()
        .and_then(std::fs::canonicalize)
        .map_err(|e| crate::Error::io("cannot find cnictl's own executable", e))
}
