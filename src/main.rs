//! The `swfcheck` command line: argument parsing only; the work is in the library.

use anyhow::{Context, Result};
use clap::{Parser, Subcommand};
use std::process::ExitCode;
use swfcheck::wire::{self, verdict::Verdict};

/// Conformance harness and fuzzer for the Amazon SWF JSON API.
#[derive(Parser)]
#[command(version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run the conformance suite against an endpoint (not built yet: see README).
    Run {
        /// The endpoint under test; default: the embedded reference endpoint.
        #[arg(long)]
        endpoint: Option<String>,
    },
    /// Say what the SWF model makes of one request: prints one JSON object.
    ///
    /// Exit status: 0 valid, 1 invalid (a fault), 2 usage error.
    Validate {
        /// The operation: a bare name (RequestCancelWorkflowExecution) or the
        /// full X-Amz-Target value (SimpleWorkflowService.RequestCancelWorkflowExecution).
        #[arg(long)]
        target: String,
        /// The request body as JSON text, or @FILE to read it from a file (@- reads stdin).
        #[arg(long)]
        body: String,
        /// The request's Content-Type header, if any.
        #[arg(long)]
        content_type: Option<String>,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("swfcheck: error: {e:#}");
            ExitCode::from(2)
        }
    }
}

fn run(cli: Cli) -> Result<ExitCode> {
    match cli.command {
        Command::Run { endpoint: _ } => {
            eprintln!(
                "swfcheck run: the harness is not built yet (tracked as the harness issue); \
                 `swfcheck validate` works today."
            );
            Ok(ExitCode::from(2))
        }
        Command::Validate {
            target,
            body,
            content_type,
        } => {
            let bytes = read_body(&body)?;
            let target = full_target(&target);
            let outcome = wire::parse_request(Some(&target), content_type.as_deref(), &bytes);
            let verdict = Verdict::of(&outcome);
            println!("{}", verdict.to_json_line());
            Ok(ExitCode::from(if verdict.is_valid() { 0 } else { 1 }))
        }
    }
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
