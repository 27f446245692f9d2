//! The CLI under Ctrl-C (in-flight requests stop, cleanup runs, reports are
//! complete files) and with real-looking credentials in the environment (no
//! output ever contains them).

mod common;

use common::faulty::{self, Break};
use common::temp::TempDir;
use serde_json::{Value as Json, json};
use std::process::{Command, Stdio};
use std::time::Duration;

/// The number of executions of the run's domain that `op` (CountOpen/ClosedWorkflowExecutions) counts.
async fn count(addr: std::net::SocketAddr, op: &str) -> u64 {
    let body = json!({"domain": "swfcheck-conformance", "startTimeFilter": {"oldestDate": 0}});
    let answer: Json = reqwest::Client::new()
        .post(format!("http://{addr}/"))
        .header("X-Amz-Target", format!("SimpleWorkflowService.{op}"))
        .header("Content-Type", "application/x-amz-json-1.0")
        .body(body.to_string())
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    answer["count"].as_u64().unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ctrl_c_stops_cleans_up_and_writes_complete_reports() {
    let tmp = TempDir::new("signals");
    let server = swfcheck::server::start_default().await.unwrap();
    let proxy = faulty::start(Break::SlowCancel, format!("http://{}/", server.addr())).await;
    let report_path = tmp.join("interrupted.json");
    let child = Command::new(env!("CARGO_BIN_EXE_swfcheck"))
        .args([
            "run",
            "--endpoint",
            &proxy.url(),
            "--jobs",
            "4",
            "--timeout",
            "30s",
        ])
        .arg("--report")
        .arg(format!("json={}", report_path.display()))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Let cases start executions and block in the slow cancel.
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let out = common::cli::interrupt(child).await;
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("interrupted"), "{stderr}");
    let report: Json =
        serde_json::from_str(&std::fs::read_to_string(&report_path).unwrap()).unwrap();
    assert_eq!(report["interrupted"], true);
    assert!(
        report["summary"]["skipped"].as_u64().unwrap() > 0,
        "{}",
        report["summary"]
    );
    // Every execution the run started is closed again.
    let addr = server.addr();
    assert_eq!(
        count(addr, "CountOpenWorkflowExecutions").await,
        0,
        "open executions left behind"
    );
    assert!(
        count(addr, "CountClosedWorkflowExecutions").await > 0,
        "the run had started executions"
    );
    drop(proxy);
    server.shutdown().await;
}

#[test]
fn credentials_never_appear_in_any_output() {
    let tmp = TempDir::new("signals");
    let secrets = common::cli::FAKE_CREDENTIALS;
    let cases = tmp.join("divergent.toml");
    std::fs::write(
        &cases,
        r#"[[case]]
id = "secrets/divergent"
operation = "RequestCancelWorkflowExecution"
source = "a deliberately wrong expectation, so that -v prints the exchange"
request.body = { domain = "${unknownDomain}", workflowId = "w" }
check = [{ status = 200 }]
"#,
    )
    .unwrap();
    let report = tmp.join("secrets.json");
    let junit = tmp.join("secrets.xml");
    let out = Command::new(env!("CARGO_BIN_EXE_swfcheck"))
        .args(["run", "-v", "--cases"])
        .arg(&cases)
        .arg("--report")
        .arg(format!("json={}", report.display()))
        .arg("--report")
        .arg(format!("junit={}", junit.display()))
        .envs(secrets)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(
        stderr.contains("authorization: <redacted>")
            || stderr.contains("Authorization: <redacted>"),
        "{stderr}"
    );
    let outputs = [
        String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr,
        std::fs::read_to_string(&report).unwrap(),
    ];
    for (name, value) in secrets {
        for text in &outputs {
            assert!(!text.contains(value), "{name} leaked:\n{text}");
        }
    }
}
