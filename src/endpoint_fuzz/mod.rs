//! `swfcheck fuzz`: generated and mutated requests against an endpoint. Every
//! answer must be a documented one: a 5xx, an error body that is not a JSON
//! fault envelope, a hang or a dropped connection is a finding. Findings are
//! de-duplicated, shrunk to a minimal body, and saved with a reproduction.
//!
//! Not to be confused with `fuzz/` (the cargo-fuzz crate, whose targets attack the parser
//! and, through [`crate::engine_fuzz`], the execution engine).

pub mod finding;
pub mod generate;

use crate::outcome::Outgoing;
use crate::run::client::Client;
use crate::run::{RunConfig, RunError, endpoint::Endpoint};
use finding::{Finding, classify, shrink};
use rand::SeedableRng;
use rand::rngs::SmallRng;
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// How to fuzz.
#[derive(Debug, Clone)]
pub struct FuzzConfig {
    /// The endpoint and client settings (endpoint `None`: the embedded reference endpoint).
    pub run: RunConfig,
    /// How long to send requests.
    pub time: Duration,
    /// At most this many requests (besides shrinking).
    pub max_requests: u64,
    /// The seed; the same seed sends the same requests.
    pub seed: u64,
    /// Where findings are written (`None`: not written).
    pub out: Option<PathBuf>,
}

/// What a fuzz run found.
#[derive(Debug, Clone)]
pub struct FuzzReport {
    /// The endpoint's URL.
    pub endpoint: String,
    /// The seed used.
    pub seed: u64,
    /// Requests sent (not counting shrinking).
    pub requests: u64,
    /// Wall time.
    pub elapsed: Duration,
    /// Distinct findings, each shrunk.
    pub findings: Vec<Finding>,
    /// Files written for the findings.
    pub written: Vec<PathBuf>,
}

/// Why findings could not be saved.
#[derive(Debug, thiserror::Error)]
pub enum FuzzError {
    /// The run could not start.
    #[error(transparent)]
    Run(#[from] RunError),
    /// A finding could not be written.
    #[error("cannot write findings to {path}: {source}")]
    Write {
        /// The path.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
}

/// Fuzzes the endpoint until the time or request budget runs out; `on_progress` gets
/// (requests sent, findings so far) about once a second.
pub async fn run(
    config: &FuzzConfig,
    on_progress: &(dyn Fn(u64, usize) + Sync),
) -> Result<FuzzReport, FuzzError> {
    let endpoint = Endpoint::resolve(&config.run).await?;
    let client = endpoint.client(config.run.timeout)?;
    endpoint
        .preflight(&crate::run::swf::Swf::new(client.clone()))
        .await?;
    let mut rng = SmallRng::seed_from_u64(config.seed);
    let started = Instant::now();
    let mut seen: BTreeMap<String, Finding> = BTreeMap::new();
    let mut requests = 0u64;
    let mut last_tick = Instant::now();
    while started.elapsed() < config.time && requests < config.max_requests {
        let out = generate::request(&mut rng);
        let exchange = client.send(&out).await;
        requests += 1;
        if let Some(kind) = classify(&exchange.outcome) {
            let key = kind.key();
            if !seen.contains_key(&key) {
                let smallest = shrink(&client, &out, &key).await;
                seen.insert(
                    key.clone(),
                    Finding::new(kind, smallest, client.url(), client.region()),
                );
            }
        }
        if last_tick.elapsed() >= Duration::from_secs(1) {
            on_progress(requests, seen.len());
            last_tick = Instant::now();
        }
    }
    let findings: Vec<Finding> = seen.into_values().collect();
    let written = match &config.out {
        Some(dir) if !findings.is_empty() => finding::save(dir, &findings)?,
        _ => Vec::new(),
    };
    let url = endpoint.url.to_string();
    endpoint.shutdown().await;
    Ok(FuzzReport {
        endpoint: url,
        seed: config.seed,
        requests,
        elapsed: started.elapsed(),
        findings,
        written,
    })
}

/// The end-of-run summary: counts, rate, and each finding with its file and curl line.
pub fn render(report: &FuzzReport) -> String {
    let rate = report.requests as f64 / report.elapsed.as_secs_f64().max(0.001);
    let mut out = format!(
        "swfcheck fuzz: {} — {} requests in {:.1}s ({rate:.0}/s), seed {}, {} finding(s)\n",
        report.endpoint,
        report.requests,
        report.elapsed.as_secs_f64(),
        report.seed,
        report.findings.len()
    );
    for (i, f) in report.findings.iter().enumerate() {
        let file = report
            .written
            .get(i)
            .map_or(String::from("(not written)"), |p| p.display().to_string());
        out.push_str(&format!("finding {file}: {}\n  {}\n", f.kind.key(), f.curl));
    }
    out
}

/// Sends one request, for shrinking.
pub(crate) async fn resend(client: &Client, out: &Outgoing) -> Option<finding::FindingKind> {
    classify(&client.send(out).await.outcome)
}
