//! `swfcheck serve` and `swfcheck validate`: the reference endpoint and its parser.

use super::{parse_duration, runtime};
use anyhow::{Context, Result};
use clap::{Args, ValueEnum};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;
use swfcheck::server::log::LogConfig;
use swfcheck::server::state::clock::{Clock, ManualClock, system_now};
use swfcheck::wire::{self, verdict::Verdict};

/// `swfcheck serve`'s arguments.
#[derive(Args)]
pub struct ServeArgs {
    /// Where to listen; 127.0.0.1:0 picks a free port.
    #[arg(long, default_value = swfcheck::server::DEFAULT_ADDR)]
    pub addr: String,
    /// How long a poll with no task waits before answering an empty task.
    #[arg(long, value_name = "DURATION", default_value = "60s", value_parser = parse_duration)]
    pub poll_timeout: Duration,
    /// Answer requests without an Authorization header with MissingAuthenticationTokenException.
    #[arg(long)]
    pub require_auth: bool,
    /// The engine's clock: `real` (the system's) or `manual` (starts at the system's time and
    /// moves only by `swfcheck clock advance` / POST /_swfcheck/clock/advance; timers, timeouts
    /// and retention follow it).
    #[arg(long, value_enum, default_value_t = ClockKind::Real)]
    pub clock: ClockKind,
    /// Print one line per request on stderr: time, operation, status, fault, duration, and
    /// what it concerns (domain, workflowId, task list, a task token's first characters).
    #[arg(short, long)]
    pub verbose: bool,
    /// Write one JSON line per request to FILE (created or truncated): the same members, and
    /// the request and response bodies (tokens cut short; headers never written).
    #[arg(long, value_name = "FILE")]
    pub log: Option<PathBuf>,
}

/// Where the engine's time comes from.
#[derive(Clone, Copy, ValueEnum)]
pub enum ClockKind {
    /// The system clock.
    Real,
    /// A clock that moves only when told to.
    Manual,
}

/// Serves the reference endpoint until Ctrl-C.
pub fn serve(args: ServeArgs) -> Result<ExitCode> {
    let runtime = runtime()?;
    runtime.block_on(async {
        let clock = match args.clock {
            ClockKind::Real => Clock::System,
            ClockKind::Manual => Clock::Manual(ManualClock::new(system_now())),
        };
        let config = swfcheck::server::ServerConfig {
            poll_timeout: args.poll_timeout,
            require_auth: args.require_auth,
            clock,
            log: LogConfig {
                verbose: args.verbose,
                file: args.log,
            },
        };
        let manual = matches!(config.clock, Clock::Manual(_));
        let server = swfcheck::server::start(&args.addr, config).await?;
        println!("{}", server.addr());
        eprintln!(
            "swfcheck: serving the SWF reference endpoint on http://{} (Ctrl-C stops){}",
            server.addr(),
            if manual {
                "; manual clock: `swfcheck clock advance DURATION` moves it"
            } else {
                ""
            }
        );
        tokio::select! {
            _ = tokio::signal::ctrl_c() => server.shutdown().await,
            _ = std::future::pending::<()>() => {}
        }
        Ok::<_, anyhow::Error>(())
    })?;
    Ok(ExitCode::SUCCESS)
}

/// Prints what the model makes of one request; exit 0 valid, 1 a fault.
pub fn validate(target: &str, body: &str, content_type: Option<&str>) -> Result<ExitCode> {
    let bytes = read_body(body)?;
    let target = full_target(target);
    let outcome = wire::parse_request(Some(&target), content_type, &bytes);
    let verdict = Verdict::of(&outcome);
    super::stdout(&format!("{}\n", verdict.to_json_line()))?;
    Ok(ExitCode::from(if verdict.is_valid() { 0 } else { 1 }))
}

/// `--target` accepts the bare operation name as well as the header value.
fn full_target(target: &str) -> String {
    let prefix = &swfcheck::model::swf().target_prefix;
    if target.contains('.') {
        target.to_owned()
    } else {
        format!("{prefix}.{target}")
    }
}

/// The body argument: text, @FILE or @- (stdin).
fn read_body(arg: &str) -> Result<Vec<u8>> {
    match arg.strip_prefix('@') {
        Some("-") => {
            let mut buf = Vec::new();
            std::io::Read::read_to_end(&mut std::io::stdin(), &mut buf)
                .context("reading the body from stdin")?;
            Ok(buf)
        }
        Some(path) => std::fs::read(path).with_context(|| format!("reading the body from {path}")),
        None => Ok(arg.as_bytes().to_vec()),
    }
}
