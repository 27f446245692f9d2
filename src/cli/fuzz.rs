//! `swfcheck fuzz`: generated and mutated requests.

use super::{parse_duration, runtime, seed_or_clock};
use anyhow::Result;
use clap::Args;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;
use swfcheck::run::RunConfig;

/// `swfcheck fuzz`'s arguments.
#[derive(Args)]
pub struct FuzzArgs {
    /// The endpoint under test (default: the embedded reference endpoint).
    #[arg(long, value_name = "URL")]
    pub endpoint: Option<String>,
    /// Allow a real *.amazonaws.com endpoint.
    #[arg(long)]
    pub allow_aws: bool,
    /// How long to fuzz, e.g. 60s, 10m.
    #[arg(long, value_name = "DURATION", default_value = "60s", value_parser = parse_duration)]
    pub time: Duration,
    /// At most this many requests (besides shrinking).
    #[arg(long, value_name = "N", default_value_t = 10_000_000)]
    pub max_requests: u64,
    /// The seed (default: from the clock, printed); the same seed sends the same requests.
    #[arg(long)]
    pub seed: Option<u64>,
    /// Per-request timeout: no answer within it is a hang.
    #[arg(long, value_name = "DURATION", default_value = "10s", value_parser = parse_duration)]
    pub timeout: Duration,
    /// Where findings are written, one JSON file each.
    #[arg(long, value_name = "DIR", default_value = "swfcheck-findings")]
    pub out: PathBuf,
}

/// Fuzzes until the time or request budget is spent; exit 0 no finding, 1 findings.
pub fn fuzz(args: FuzzArgs) -> Result<ExitCode> {
    let seed = seed_or_clock(args.seed);
    eprintln!("swfcheck fuzz: seed {seed} (reproduce with --seed {seed})");
    let config = swfcheck::endpoint_fuzz::FuzzConfig {
        run: RunConfig {
            endpoint: args.endpoint,
            allow_aws: args.allow_aws,
            timeout: args.timeout,
            ..RunConfig::default()
        },
        time: args.time,
        max_requests: args.max_requests,
        seed,
        out: Some(args.out),
    };
    let runtime = runtime()?;
    let tty = std::io::IsTerminal::is_terminal(&std::io::stderr());
    let progress = |requests: u64, findings: usize| {
        if tty {
            eprint!("\rswfcheck fuzz: {requests} requests, {findings} finding(s)   ");
        }
    };
    let report = runtime.block_on(swfcheck::endpoint_fuzz::run(&config, &progress))?;
    if tty {
        eprintln!();
    }
    super::stdout(&swfcheck::endpoint_fuzz::render(&report))?;
    Ok(ExitCode::from(if report.findings.is_empty() {
        0
    } else {
        1
    }))
}
