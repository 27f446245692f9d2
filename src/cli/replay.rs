//! `swfcheck replay HISTORY.json...`: each recorded history replayed against the endpoint and
//! the written history compared with it (src/replay/).

use super::{parse_duration, runtime};
use anyhow::{Context, Result};
use clap::Args;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;
use swfcheck::replay::{ReplayConfig, Replayer, Sameness, render};

/// `swfcheck replay`'s arguments.
#[derive(Args)]
#[command(after_long_help = include_str!("replay_help.txt"))]
pub struct ReplayArgs {
    /// The histories: GetWorkflowExecutionHistory's answer ({"events": [...]}, other members
    /// ignored) or `aws swf get-workflow-execution-history`'s output; pages one after the
    /// other (or in a JSON array) are joined. One replay each.
    #[arg(required = true, value_name = "HISTORY.json")]
    pub files: Vec<PathBuf>,
    /// The endpoint to replay against (default: the embedded reference endpoint, with a
    /// manual clock the replay moves to each deadline).
    #[arg(long, value_name = "URL")]
    pub endpoint: Option<String>,
    /// The admin interface of the `swfcheck serve --clock manual` behind the endpoint (when
    /// the endpoint is a proxy in front of it): its clock is moved to each deadline. Default:
    /// the endpoint's own, if it has one; otherwise the replay waits in real time.
    #[arg(long, value_name = "URL")]
    pub admin_endpoint: Option<String>,
    /// Without an admin clock: how long a replay may wait in real time for its timers and
    /// timeouts, in all.
    #[arg(long, value_name = "DURATION", default_value = "5m", value_parser = parse_duration)]
    pub max_wait: Duration,
    /// The domain the replays run in (registered if absent); names are prefixed per replay.
    #[arg(long, value_name = "NAME", default_value = "swfcheck-replay")]
    pub domain: String,
    /// Allow a real *.amazonaws.com endpoint.
    #[arg(long)]
    pub allow_aws: bool,
    /// Per-request timeout.
    #[arg(long, value_name = "DURATION", default_value = "10s", value_parser = parse_duration)]
    pub timeout: Duration,
    /// Write a JSON report of every replay, with every difference, to FILE.
    #[arg(long, value_name = "FILE")]
    pub report: Option<PathBuf>,
}

/// Runs `swfcheck replay`: exit 0 every history the same, 1 a difference, 2 a history that
/// could not be replayed (unreadable, not self-consistent) or an endpoint that could not be.
pub fn replay(args: ReplayArgs) -> Result<ExitCode> {
    let config = ReplayConfig {
        endpoint: args.endpoint,
        admin: args.admin_endpoint,
        allow_aws: args.allow_aws,
        max_wait: args.max_wait,
        domain: args.domain,
        timeout: args.timeout,
    };
    let (outcomes, failed) = runtime()?.block_on(async {
        let replayer = Replayer::start(&config).await?;
        let mut outcomes = Vec::new();
        let mut failed = false;
        for file in &args.files {
            match replayer.replay_file(file).await {
                Ok(outcome) => {
                    print!("{}", render::terminal(&outcome));
                    outcomes.push(outcome);
                }
                Err(e) => {
                    eprintln!("swfcheck replay: {e}");
                    failed = true;
                }
            }
        }
        replayer.shutdown().await;
        anyhow::Ok((outcomes, failed))
    })?;
    if let Some(path) = &args.report {
        let json = serde_json::json!({"replays": outcomes.iter().map(render::json_of).collect::<Vec<_>>()});
        let text = serde_json::to_string_pretty(&json)?;
        std::fs::write(path, text)
            .with_context(|| format!("writing the report {}", path.display()))?;
    }
    let differ = outcomes.iter().any(|o| o.status == Sameness::Differ);
    Ok(match (failed, differ) {
        (true, _) => ExitCode::from(2),
        (false, true) => ExitCode::from(1),
        (false, false) => ExitCode::SUCCESS,
    })
}
