//! `swfcheck fuzz`: quiet on the reference endpoint, and each kind of finding
//! is found, de-duplicated, shrunk and saved against an endpoint that has it.

mod common;

use common::faulty::{self, Break};
use common::raw::{self, Mode};
use common::temp::TempDir;
use std::time::Duration;
use swfcheck::endpoint_fuzz::{FuzzConfig, FuzzReport, run};
use swfcheck::run::RunConfig;

async fn fuzz(
    endpoint: Option<String>,
    max_requests: u64,
    timeout: Duration,
    out: Option<std::path::PathBuf>,
) -> FuzzReport {
    let config = FuzzConfig {
        run: RunConfig {
            endpoint,
            timeout,
            ..RunConfig::default()
        },
        time: Duration::from_secs(60),
        max_requests,
        seed: 42,
        out,
    };
    run(&config, &|_, _| {}).await.unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_reference_endpoint_gives_no_finding() {
    let report = fuzz(None, 1500, Duration::from_secs(10), None).await;
    assert_eq!(report.requests, 1500);
    let keys: Vec<String> = report.findings.iter().map(|f| f.kind.key()).collect();
    assert!(keys.is_empty(), "{keys:?}: {:?}", report.findings);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn server_errors_are_one_shrunk_saved_finding() {
    let server = swfcheck::server::start_default().await.unwrap();
    let proxy = faulty::start(Break::ServerError, format!("http://{}/", server.addr())).await;
    let tmp = TempDir::new("fuzz");
    let dir = tmp.path().to_path_buf();
    let report = fuzz(
        Some(proxy.url()),
        50,
        Duration::from_secs(5),
        Some(dir.clone()),
    )
    .await;
    assert_eq!(
        report.findings.len(),
        1,
        "de-duplicated: {:?}",
        report.findings
    );
    let f = &report.findings[0];
    assert_eq!(f.kind.key(), "5xx/500");
    assert!(
        f.body.is_empty(),
        "every body gets a 500, so the minimal body is empty: {:?}",
        f.body
    );
    assert!(
        f.curl.starts_with("curl ") && f.curl.contains("$AWS_SECRET_ACCESS_KEY"),
        "{}",
        f.curl
    );
    assert_eq!(report.written.len(), 1);
    let saved: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&report.written[0]).unwrap()).unwrap();
    assert_eq!(saved["kind"]["kind"], "server-error");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_error_bodies_hangs_and_drops_are_findings() {
    for (mode, key) in [
        (Mode::InvalidJson, "bad-error-body/400"),
        (Mode::NeverAnswer, "hang"),
        (Mode::CloseAfterHeaders, "dropped"),
    ] {
        let server = raw::start(mode).await;
        let report = fuzz(
            Some(format!("http://{}/", server.addr)),
            3,
            Duration::from_millis(300),
            None,
        )
        .await;
        let keys: Vec<String> = report.findings.iter().map(|f| f.kind.key()).collect();
        assert_eq!(keys, [key], "{mode:?}");
    }
}
