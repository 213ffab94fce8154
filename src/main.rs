//! Parse arguments, build the runtime, run a command, map errors to exit
//! statuses. Nothing else lives here.

use std::io::IsTerminal;
use std::process::ExitCode;

use clap::Parser;
use cnictl::cli::Cli;
use tracing_subscriber::fmt::format::{self, FormatEvent, FormatFields};
use tracing_subscriber::fmt::FmtContext;
use tracing_subscriber::registry::LookupSpan;
use tracing_subscriber::EnvFilter;

fn main() -> ExitCode {
    // Called as `bridge` (or bare with CNI_COMMAND): speak CNI, not the CLI.
    let mut argv = std::env::args_os();
    let argv0 = argv.next();
    let has_args = argv.next().is_some();
    let cni_command = std::env::var_os("CNI_COMMAND").is_some();
    if let Some(kind) = cnictl::cni::plugin::detect(argv0.as_deref(), has_args, cni_command) {
        return ExitCode::from(cnictl::plugin::main(kind));
    }
    let cli = Cli::parse();
    init_logging(cli.global.verbose);

    // A CLI has no use for a thread pool: one current-thread runtime.
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(err) => {
            eprintln!("cnictl: cannot start the async runtime: {err}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(cnictl::commands::run(cli)) {
        Ok(status) => ExitCode::from(status.code()),
        // `cnictl leases | head -1`: the reader is done, so are we.
        Err(err) if err.is_broken_pipe() => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("cnictl: {}", err.chain_text());
            ExitCode::from(err.exit_status().code())
        }
    }
}

/// `-v` info, `-vv` debug, `-vvv` trace; `CNICTL_LOG` (an env-filter
/// directive) wins when set. Logs go to stderr, never into a report, each
/// line as `cnictl: LEVEL: message` (warnings are what the engine has to
/// tell a user; the rest is for those who ask with `-v`).
fn init_logging(verbose: u8) {
    let level = match verbose {
        0 => "warn",
        1 => "info",
        2 => "debug",
        _ => "trace",
    };
    let filter = EnvFilter::try_from_env("CNICTL_LOG")
        .unwrap_or_else(|_| EnvFilter::new(format!("cnictl={level}")));
    let ansi = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(ansi)
        .with_writer(std::io::stderr)
        .event_format(PrefixedLine)
        .init();
}

/// One log line: `cnictl: warning: …`, the same shape as cnictl's errors.
struct PrefixedLine;

impl<S, N> FormatEvent<S, N> for PrefixedLine
where
    S: tracing::Subscriber + for<'a> LookupSpan<'a>,
    N: for<'a> FormatFields<'a> + 'static,
{
    fn format_event(
        &self,
        ctx: &FmtContext<'_, S, N>,
        mut writer: format::Writer<'_>,
        event: &tracing::Event<'_>,
    ) -> std::fmt::Result {
        let level = match *event.metadata().level() {
            tracing::Level::ERROR => "error",
            tracing::Level::WARN => "warning",
            tracing::Level::INFO => "info",
            tracing::Level::DEBUG => "debug",
            tracing::Level::TRACE => "trace",
        };
        write!(writer, "cnictl: {level}: ")?;
        ctx.field_format().format_fields(writer.by_ref(), event)?;
        writeln!(writer)
    }
}
