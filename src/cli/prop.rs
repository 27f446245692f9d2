//! `swfcheck prop`: property-based requests.

use super::{Target, Ticker, check_operations, runtime, seed_or_clock};
use anyhow::{Result, bail};
use clap::Args;
use std::process::ExitCode;

/// `swfcheck prop`'s arguments.
#[derive(Args)]
pub struct PropArgs {
    #[command(flatten)]
    pub target: Target,
    /// Only this operation (repeatable; default: all but the two long polls).
    #[arg(long = "operation", value_name = "OPERATION")]
    pub operations: Vec<String>,
    /// Requests per operation.
    #[arg(long, value_name = "N", default_value_t = 64)]
    pub cases: u32,
    /// The seed (default: from the clock, printed); the same seed sends the same requests.
    #[arg(long)]
    pub seed: Option<u64>,
}

/// Runs the properties; exit 0 all held, 1 a failure.
pub fn prop(args: PropArgs) -> Result<ExitCode> {
    check_operations(&args.operations)?;
    if args.cases == 0 {
        bail!("--cases must be at least 1");
    }
    let seed = seed_or_clock(args.seed);
    eprintln!("swfcheck prop: seed {seed} (replay with --seed {seed})");
    let config = swfcheck::run::properties::PropConfig {
        run: args.target.config(),
        cases: args.cases,
        seed,
        operations: args.operations,
        max_shrink_requests: 512,
    };
    let ticker = Ticker::new("requests");
    let report =
        runtime()?.block_on(swfcheck::run::properties::run(&config, &|n| ticker.tick(n)))?;
    ticker.done();
    super::stdout(&swfcheck::run::properties::render(&report, args.cases))?;
    Ok(ExitCode::from(if report.failures.is_empty() {
        0
    } else {
        1
    }))
}
