//! `swfcheck record` (a recording proxy) and `swfcheck import` (recordings made elsewhere):
//! real traffic becomes replayable case files.

use super::{parse_duration, runtime};
use anyhow::{Context, Result};
use clap::Args;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

/// `swfcheck record`'s arguments.
#[derive(Args)]
pub struct RecordArgs {
    /// The endpoint the requests go to (an emulator, or the real service with --allow-aws).
    #[arg(long)]
    pub upstream: String,
    /// Where the proxy listens; 127.0.0.1:0 picks a free port (printed on the first stdout line).
    #[arg(long, default_value = "127.0.0.1:5080")]
    pub listen: String,
    /// The case file to write when the proxy stops.
    #[arg(long)]
    pub out: PathBuf,
    /// Allow a real *.amazonaws.com upstream (requests are signed with AWS_ACCESS_KEY_ID, ...).
    #[arg(long)]
    pub allow_aws: bool,
    /// Per-request timeout towards the upstream (a long poll waits 60 s).
    #[arg(long, value_name = "DURATION", default_value = "70s", value_parser = parse_duration)]
    pub timeout: Duration,
}

/// Runs the recording proxy until Ctrl-C, then writes the case file.
pub fn record(args: RecordArgs) -> Result<ExitCode> {
    use swfcheck::record::proxy::{RecordConfig, record};
    let config = RecordConfig {
        upstream: args.upstream,
        listen: args.listen,
        out: args.out.clone(),
        allow_aws: args.allow_aws,
        timeout: args.timeout,
    };
    let ready = |addr: std::net::SocketAddr| {
        println!("{addr}");
        eprintln!(
            "swfcheck record: forwarding http://{addr} to {}; Ctrl-C stops and writes {}",
            config.upstream,
            args.out.display()
        );
    };
    let summary = runtime()?.block_on(async {
        // The handler is in place before the address is printed: a Ctrl-C right after it
        // still writes the case file.
        #[cfg(unix)]
        let stop = {
            use tokio::signal::unix::{SignalKind, signal};
            let mut interrupt = signal(SignalKind::interrupt()).context("handling Ctrl-C")?;
            async move {
                interrupt.recv().await;
            }
        };
        #[cfg(not(unix))]
        let stop = async {
            let _ = tokio::signal::ctrl_c().await;
        };
        anyhow::Ok(record(&config, ready, stop).await?)
    })?;
    eprintln!("swfcheck record: {}", summary.render(&args.out));
    Ok(ExitCode::SUCCESS)
}

/// `swfcheck import`: writes one case file per recording into `out`.
pub fn import(files: &[PathBuf], out: &std::path::Path) -> Result<ExitCode> {
    for (path, summary) in swfcheck::import::import(files, out)? {
        eprintln!("swfcheck import: {}", summary.render(&path));
    }
    Ok(ExitCode::SUCCESS)
}
