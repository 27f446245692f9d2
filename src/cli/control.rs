//! `swfcheck clock`, `swfcheck reset` and `swfcheck dump`: they control a running `swfcheck
//! serve` as thin clients of its admin interface (src/server/admin.rs).

use super::runtime;
use anyhow::{Context, Result, bail};
use clap::{Args, Subcommand};
use serde_json::{Value as Json, json};
use std::process::ExitCode;

/// The endpoint a command talks to.
#[derive(Args)]
pub struct EndpointArg {
    /// The `swfcheck serve` to talk to.
    #[arg(long, value_name = "URL", default_value = "http://127.0.0.1:5070")]
    pub endpoint: String,
}

/// `swfcheck clock`'s arguments.
#[derive(Args)]
pub struct ClockArgs {
    #[command(subcommand)]
    pub command: ClockCommand,
}

/// What to do with the clock.
#[derive(Subcommand)]
pub enum ClockCommand {
    /// Print the clock: {"clock": "manual"|"real", "now": <epoch seconds>, "time": <RFC 3339>}.
    Show(EndpointArg),
    /// Move a manual clock forward by DURATION (90s, 5m, 3h, 1d, 1h30m); the timers and
    /// timeouts that fall due fire before the command returns. Prints the new time.
    ///
    /// Exit status: 0 moved; 2 a duration that is not more than zero or unreadable (nothing
    /// is sent), a clock that is the system's, or an endpoint that cannot be reached.
    Advance {
        /// How far: a duration such as 90s, 5m, 3h, 1d or 1h30m.
        #[arg(value_name = "DURATION", allow_hyphen_values = true, value_parser = parse_advance)]
        duration: std::time::Duration,
        #[command(flatten)]
        endpoint: EndpointArg,
    },
}

/// A forward step of the clock: a duration of more than zero.
pub fn parse_advance(s: &str) -> Result<std::time::Duration, String> {
    if s.trim_start().starts_with('-') {
        return Err(format!(
            "{s:?}: the clock moves forward only (hint: 90s, 5m, 3h, 1d, 1h30m)"
        ));
    }
    super::parse_duration(s).map_err(|e| format!("{s:?}: {e}"))
}

/// Runs `swfcheck clock`.
pub fn clock(args: ClockArgs) -> Result<ExitCode> {
    match args.command {
        ClockCommand::Show(e) => call(&e.endpoint, "GET", "clock", None),
        ClockCommand::Advance { duration, endpoint } => {
            let body = json!({"seconds": duration.as_secs_f64()});
            call(&endpoint.endpoint, "POST", "clock/advance", Some(body))
        }
    }
}

/// Runs `swfcheck reset`.
pub fn reset(args: EndpointArg) -> Result<ExitCode> {
    call(&args.endpoint, "POST", "reset", None)
}

/// Runs `swfcheck dump`.
pub fn dump(args: EndpointArg) -> Result<ExitCode> {
    call(&args.endpoint, "GET", "dump", None)
}

/// The admin URL of `path` at `endpoint`: a URL, or the `HOST:PORT` that `swfcheck serve`
/// prints on its first line (taken as `http://HOST:PORT`).
pub fn admin_url(endpoint: &str, path: &str) -> Result<String> {
    let text = endpoint.trim();
    let full = match text.contains("://") {
        true => text.to_owned(),
        false => format!("http://{text}"),
    };
    let url = reqwest::Url::parse(&full).with_context(|| {
        format!(
            "--endpoint {endpoint:?} is not a URL (hint: http://127.0.0.1:5070 or 127.0.0.1:5070)"
        )
    })?;
    if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none_or(str::is_empty) {
        bail!(
            "--endpoint {endpoint:?} is not an http(s) URL with a host (hint: http://127.0.0.1:5070)"
        );
    }
    Ok(format!(
        "{}/_swfcheck/{path}",
        url.as_str().trim_end_matches('/')
    ))
}

/// Sends one admin request and prints its JSON answer; a refusal is an error (exit 2) with
/// the endpoint's message.
fn call(endpoint: &str, method: &str, path: &str, body: Option<Json>) -> Result<ExitCode> {
    let url = admin_url(endpoint, path)?;
    let answer: Json = runtime()?.block_on(async {
        let http = reqwest::Client::new();
        let req = match method {
            "GET" => http.get(&url),
            _ => http.post(&url).json(&body.unwrap_or_else(|| json!({}))),
        };
        let resp = req.send().await.with_context(|| {
            format!("cannot reach {url} (hint: is `swfcheck serve` running there?)")
        })?;
        let status = resp.status();
        let text = resp.text().await.context("reading the answer")?;
        let json: Json = serde_json::from_str(&text).with_context(|| {
            format!(
                "{url} answered {status} with a body that is not JSON (is it a swfcheck serve?)"
            )
        })?;
        if !status.is_success() {
            let message = json["message"].as_str().unwrap_or(&text);
            bail!("{url} refused ({status}): {message}");
        }
        Ok::<_, anyhow::Error>(json)
    })?;
    super::stdout(&format!("{}\n", serde_json::to_string_pretty(&answer)?))?;
    Ok(ExitCode::SUCCESS)
}
