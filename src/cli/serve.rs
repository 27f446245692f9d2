//! `swfcheck serve` and `swfcheck validate`: the reference endpoint and its parser.

use super::{parse_duration, runtime};
use anyhow::{Context, Result};
use clap::{Args, ValueEnum};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;
use swfcheck::server::log::LogConfig;
use swfcheck::server::state::clock::{Clock, ManualClock, system_now};
use swfcheck::wire::{self, verdict::ValidationVerdict};

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

/// Serves the reference endpoint until SIGINT (Ctrl-C) or SIGTERM.
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
        // The handlers are in place before the address is printed: a client that signals
        // as soon as it reads the address stops the server cleanly.
        let stop = StopSignals::install()?;
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
        let signal = stop.next().await;
        eprintln!("swfcheck: {signal}: stopping (waiting polls are answered with the empty task)");
        if tokio::time::timeout(SHUTDOWN_GRACE, server.shutdown())
            .await
            .is_err()
        {
            eprintln!(
                "swfcheck: requests still in flight after {} ms; stopping anyway",
                SHUTDOWN_GRACE.as_millis()
            );
        }
        Ok::<_, anyhow::Error>(())
    })?;
    Ok(ExitCode::SUCCESS)
}

/// How long `serve` waits, once told to stop, for the requests in flight (a poll is answered
/// at once; others take milliseconds) before it exits anyway.
const SHUTDOWN_GRACE: Duration = Duration::from_millis(800);

/// The signals that stop `serve`: SIGINT (Ctrl-C) and SIGTERM (what `kill`, systemd and
/// container runtimes send).
struct StopSignals {
    #[cfg(unix)]
    interrupt: tokio::signal::unix::Signal,
    #[cfg(unix)]
    terminate: tokio::signal::unix::Signal,
}

impl StopSignals {
    /// Installs the handlers (inside the runtime).
    fn install() -> Result<Self> {
        #[cfg(unix)]
        {
            use tokio::signal::unix::{SignalKind, signal};
            let context = "installing the SIGINT and SIGTERM handlers";
            Ok(StopSignals {
                interrupt: signal(SignalKind::interrupt()).context(context)?,
                terminate: signal(SignalKind::terminate()).context(context)?,
            })
        }
        #[cfg(not(unix))]
        Ok(StopSignals {})
    }

    /// Completes at the first signal: its name.
    async fn next(mut self) -> &'static str {
        #[cfg(unix)]
        {
            tokio::select! {
                _ = self.interrupt.recv() => "SIGINT",
                _ = self.terminate.recv() => "SIGTERM",
            }
        }
        #[cfg(not(unix))]
        {
            let _ = tokio::signal::ctrl_c().await;
            "Ctrl-C"
        }
    }
}

/// Prints what the model makes of one request; exit 0 valid, 1 a fault.
pub fn validate(target: &str, body: &str, content_type: Option<&str>) -> Result<ExitCode> {
    let bytes = read_body(body)?;
    let target = full_target(target);
    let outcome = wire::parse_request(Some(&target), content_type, &bytes);
    let verdict = ValidationVerdict::of(&outcome);
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
