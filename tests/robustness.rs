//! A misbehaving endpoint never hangs the harness, never makes it keep an
//! unbounded body, and never gives a pass: each transport fault ends as an
//! `error` or `fail` with a one-line reason, within the configured timeout.

mod common;

use common::raw::{self, Mode};
use std::time::{Duration, Instant};
use swfcheck::cases::file::parse;
use swfcheck::outcome::RunReport;
use swfcheck::outcome::Verdict;
use swfcheck::run::client::BODY_CAP;
use swfcheck::run::{RunConfig, RunError, Silent, run};

/// A case that passes on any conforming endpoint.
const CASE: &str = r#"
[[case]]
id = "robust/unknown-domain"
operation = "RequestCancelWorkflowExecution"
source = "seed: UnknownResourceFault"
request.body = { domain = "${unknownDomain}", workflowId = "w" }
check = [{ status = 400, fault = "UnknownResourceFault" }]
"#;

const TIMEOUT: Duration = Duration::from_secs(1);

async fn run_one(url: String) -> Result<RunReport, RunError> {
    let config = RunConfig {
        endpoint: Some(url),
        timeout: TIMEOUT,
        jobs: 1,
        ..RunConfig::default()
    };
    let (_tx, rx) = tokio::sync::watch::channel(false);
    run(&config, parse("robust.toml", CASE).unwrap(), &Silent, rx).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_transport_fault_is_an_error_or_a_fail() {
    for mode in [
        Mode::ResetMidResponse,
        Mode::NeverAnswer,
        Mode::Drip,
        Mode::Status500,
        Mode::Status503,
        Mode::Html,
        Mode::InvalidJson,
        Mode::Huge,
        Mode::LyingLength,
        Mode::Redirect,
        Mode::TlsAlert,
        Mode::CloseAfterHeaders,
    ] {
        let server = raw::start(mode).await;
        let started = Instant::now();
        let report = run_one(format!("http://{}/", server.addr)).await.unwrap();
        let elapsed = started.elapsed();
        // Preflight, the case and its retry (a failing case runs once more) each wait at most
        // the timeout (plus cleanup, which has nothing to do).
        assert!(elapsed < TIMEOUT * 9, "{mode:?} took {elapsed:?}");
        assert_eq!(report.results.len(), 1, "{mode:?}");
        let r = &report.results[0];
        assert!(
            matches!(r.verdict, Verdict::Error | Verdict::Fail),
            "{mode:?}: {r:?}"
        );
        assert!(r.counts, "{mode:?} must fail the run");
        assert!(!report.conformant());
        assert!(
            !r.actual.contains('\n') && !r.actual.is_empty(),
            "{mode:?}: one-line reason: {:?}",
            r.actual
        );
        let kept = r.evidence.as_ref().map_or(0, |e| e.response_body.len());
        assert!(kept <= BODY_CAP, "{mode:?} kept {kept} bytes");
    }
}

#[tokio::test]
async fn connection_refused_is_an_unreachable_endpoint() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let err = run_one(format!("http://127.0.0.1:{port}/"))
        .await
        .expect_err("no run");
    assert!(matches!(err, RunError::Unreachable { .. }), "{err}");
}

/// `https://` to a plain HTTP server: the handshake fails; the case is an error saying so.
#[tokio::test]
async fn https_to_a_plain_http_endpoint_is_an_error() {
    let server = raw::start(Mode::Status500).await;
    let report = run_one(format!("https://{}/", server.addr)).await.unwrap();
    let r = &report.results[0];
    assert_eq!(r.verdict, Verdict::Error, "{r:?}");
    assert!(r.counts && !r.actual.contains('\n'), "{:?}", r.actual);
}
