//! `swfcheck state`: random lifecycle sequences against a model (stateful testing; not
//! to be confused with the engine's `server::state`).

use super::{Target, Ticker, runtime, seed_or_clock};
use anyhow::{Context, Result, bail};
use clap::Args;
use std::path::PathBuf;
use std::process::ExitCode;

/// `swfcheck state`'s arguments.
#[derive(Args)]
pub struct StateArgs {
    #[command(flatten)]
    pub target: Target,
    /// How many sequences.
    #[arg(long, value_name = "N", default_value_t = 32)]
    pub sequences: u32,
    /// At most this many transitions per sequence.
    #[arg(long, value_name = "N", default_value_t = 12)]
    pub steps: usize,
    /// The seed (default: from the clock, printed); the same seed runs the same sequences.
    #[arg(long)]
    pub seed: Option<u64>,
    /// Also write the failing sequence's case file here.
    #[arg(long, value_name = "PATH")]
    pub case_file: Option<PathBuf>,
}

/// Runs the sequences; exit 0 the endpoint follows the model, 1 it departs.
pub fn state(args: StateArgs) -> Result<ExitCode> {
    if args.sequences == 0 || args.steps == 0 {
        bail!("--sequences and --steps must be at least 1");
    }
    let seed = seed_or_clock(args.seed);
    eprintln!("swfcheck state: seed {seed} (replay with --seed {seed})");
    let config = swfcheck::run::sequences::StateConfig {
        run: args.target.config(),
        sequences: args.sequences,
        max_steps: args.steps,
        seed,
        max_shrink_runs: 256,
    };
    let ticker = Ticker::new("sequences");
    let report =
        runtime()?.block_on(swfcheck::run::sequences::run(&config, &|n| ticker.tick(n)))?;
    ticker.done();
    super::stdout(&swfcheck::run::sequences::render(&report))?;
    if let (Some(path), Some(f)) = (&args.case_file, &report.failure) {
        std::fs::write(path, &f.case_file)
            .with_context(|| format!("writing the case file {}", path.display()))?;
        println!("swfcheck state: case file written to {}", path.display());
    }
    Ok(ExitCode::from(if report.failure.is_none() { 0 } else { 1 }))
}
