//! Running the built-in suite against the reference endpoint, or through a faulty
//! proxy, and reading which results did not pass.

use super::faulty::{self, Break};
use std::collections::BTreeSet;
use swfcheck::cases::case::Case;
use swfcheck::cases::file::builtin;
use swfcheck::outcome::RunReport;
use swfcheck::outcome::Verdict;
use swfcheck::run::filter::is_slow;
use swfcheck::run::{RunConfig, Silent, run};

/// Runs the built-in suite but its slow cases (a long poll's 60 s, as a run without
/// `--slow`) against `endpoint` (the embedded reference when `None`).
pub async fn run_against(endpoint: Option<String>) -> RunReport {
    let quick = builtin().unwrap().into_iter().filter(|c| !is_slow(c));
    run_cases(endpoint, quick.collect()).await
}

/// Runs `cases` against `endpoint` (the embedded reference when `None`).
pub async fn run_cases(endpoint: Option<String>, cases: Vec<Case>) -> RunReport {
    let config = RunConfig {
        endpoint,
        jobs: 8,
        timeout: std::time::Duration::from_secs(10),
        ..RunConfig::default()
    };
    let (_tx, rx) = tokio::sync::watch::channel(false);
    run(&config, cases, &Silent, rx).await.unwrap()
}

/// The ids of the results that did not pass.
pub fn failing(report: &RunReport) -> BTreeSet<String> {
    report
        .results
        .iter()
        .filter(|r| r.verdict != Verdict::Pass)
        .map(|r| r.id.clone())
        .collect()
}

/// Runs the suite through a proxy that breaks `mode`; returns the report.
pub async fn run_under(mode: Break) -> RunReport {
    let server = swfcheck::server::start_default().await.unwrap();
    let proxy = faulty::start(mode, format!("http://{}/", server.addr())).await;
    let report = run_against(Some(proxy.url())).await;
    drop(proxy);
    server.shutdown().await;
    report
}

/// Asserts that exactly `expected` fail under `mode`, and that the run is then not conformant.
pub async fn assert_fails(mode: Break, expected: &[&str]) {
    let report = run_under(mode).await;
    assert_eq!(failing(&report), ids(expected), "{mode:?}");
    assert!(!report.conformant(), "{mode:?} must make the run fail");
}

/// A set of ids.
pub fn ids(list: &[&str]) -> BTreeSet<String> {
    list.iter().map(|s| s.to_string()).collect()
}
