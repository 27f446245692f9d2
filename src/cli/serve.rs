//! `swfcheck serve` and `swfcheck validate`: the reference endpoint and its parser.

use super::runtime;
use anyhow::{Context, Result};
use std::process::ExitCode;
use std::time::Duration;
use swfcheck::wire::{self, verdict::Verdict};

/// Serves the reference endpoint until Ctrl-C.
pub fn serve(addr: &str, poll_timeout: Duration, require_auth: bool) -> Result<ExitCode> {
    let runtime = runtime()?;
    runtime.block_on(async {
        let config = swfcheck::server::ServerConfig {
            poll_timeout,
            require_auth,
            ..Default::default()
        };
        let server = swfcheck::server::start(addr, config).await?;
        println!("{}", server.addr());
        eprintln!(
            "swfcheck: serving the SWF reference endpoint on http://{} (Ctrl-C stops)",
            server.addr()
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
    println!("{}", verdict.to_json_line());
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
