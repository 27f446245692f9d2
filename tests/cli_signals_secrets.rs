//! The CLI under Ctrl-C (in-flight requests stop, cleanup runs, reports are
//! complete files) and with real-looking credentials in the environment (no
//! output ever contains them).

mod common;

use common::faulty::{self, Break};
use common::temp::TempDir;
use serde_json::{Value as Json, json};
use std::os::unix::process::CommandExt;
use std::process::{Command, Output, Stdio};
use std::time::Duration;

/// The number of executions `op` (CountOpen/ClosedWorkflowExecutions) counts in the run's
/// domains (its own, the generated cases', the deprecated one).
async fn count(addr: std::net::SocketAddr, op: &str) -> u64 {
    let mut n = 0;
    for domain in [
        "swfcheck-conformance",
        "swfcheck-conformance-generated",
        "swfcheck-deprecated",
    ] {
        let body = json!({"domain": domain, "startTimeFilter": {"oldestDate": 0}});
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
        n += answer["count"].as_u64().unwrap_or(0);
    }
    n
}

/// How a test stops a run.
#[derive(Debug, Clone, Copy)]
enum Stop {
    /// SIGINT to the process, as `kill -INT` sends it.
    Int,
    /// SIGINT to the process group, as a terminal's Ctrl-C and CI runners send it.
    IntToGroup,
    /// SIGINT, and a second one while the run cleans up.
    IntTwice,
    /// SIGTERM, as CI cancellations send it.
    Term,
}

/// A whole run against the reference endpoint behind a proxy that makes `mode` slow,
/// stopped `after` the run catches its signals, as `stop` says: its output, its JSON
/// report, and how many executions it left open and closed.
async fn stopped_run(mode: Break, stop: Stop, after: Duration) -> (Output, Json, [u64; 2]) {
    let tmp = TempDir::new("signals");
    let server = swfcheck::server::start_default().await.unwrap();
    let proxy = faulty::start(mode, format!("http://{}/", server.addr())).await;
    let report_path = tmp.join("interrupted.json");
    let child = Command::new(env!("CARGO_BIN_EXE_swfcheck"))
        .args(["run", "--endpoint", &proxy.url(), "--jobs", "4"])
        .args(["--timeout", "30s", "--report"])
        .arg(format!("json={}", report_path.display()))
        .process_group(0)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let pid = child.id();
    common::cli::wait_for_signal_handlers(pid).await;
    tokio::time::sleep(after).await;
    match stop {
        Stop::Int => common::cli::send_signal("INT", pid, false),
        Stop::IntToGroup => common::cli::send_signal("INT", pid, true),
        Stop::Term => common::cli::send_signal("TERM", pid, false),
        Stop::IntTwice => {
            common::cli::send_signal("INT", pid, false);
            // In-flight cases are dropped at once: 300 ms on, cleanup is under way.
            tokio::time::sleep(Duration::from_millis(300)).await;
            common::cli::send_signal("INT", pid, false);
        }
    }
    let out = tokio::task::spawn_blocking(move || child.wait_with_output())
        .await
        .unwrap()
        .unwrap();
    let text = std::fs::read_to_string(&report_path).unwrap_or_default();
    let report: Json = serde_json::from_str(&text).unwrap_or_else(|e| {
        panic!(
            "{stop:?}: the report does not parse ({e}): {} bytes; stderr: {}",
            text.len(),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    let open = count(server.addr(), "CountOpenWorkflowExecutions").await;
    let closed = count(server.addr(), "CountClosedWorkflowExecutions").await;
    drop(proxy);
    server.shutdown().await;
    (out, report, [open, closed])
}

/// Issue 27 item 5: whichever signal stops a run, and however often, the run stops
/// sending, cleans up, writes its report (interrupted) and exits 2.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_stopping_signal_leaves_a_report_and_nothing_open() {
    for stop in [Stop::Int, Stop::IntToGroup, Stop::IntTwice, Stop::Term] {
        let mode = match stop {
            Stop::Int => Break::SlowCancel,
            _ => Break::SlowTerminate,
        };
        let (out, report, [open, closed]) =
            stopped_run(mode, stop, Duration::from_millis(1500)).await;
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{stop:?}: {stderr}");
        assert!(stderr.contains("stopping"), "{stop:?}: {stderr}");
        assert_eq!(report["interrupted"], true, "{stop:?}");
        assert!(
            report["summary"]["skipped"].as_u64().unwrap() > 0,
            "{stop:?}: {}",
            report["summary"]
        );
        assert_eq!(open, 0, "{stop:?}: open executions left behind");
        assert!(closed > 0, "{stop:?}: the run had started executions");
        if let Stop::IntTwice = stop {
            assert!(stderr.contains("SIGINT again"), "{stderr}");
            let notes = report["notes"].to_string();
            assert!(
                notes.contains("more signal(s) came after the first"),
                "{notes}"
            );
        }
        if let Stop::Term = stop {
            assert!(stderr.contains("SIGTERM: stopping"), "{stderr}");
        }
    }
}

/// A signal that comes while the cases load, before any is sent, still leaves a report.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_signal_before_the_first_case_still_leaves_a_report() {
    let (out, report, [open, _]) =
        stopped_run(Break::SlowTerminate, Stop::Int, Duration::ZERO).await;
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert_eq!(report["interrupted"], true);
    assert_eq!(
        report["summary"]["pass"], 0,
        "no case ran: {}",
        report["summary"]
    );
    assert_eq!(open, 0);
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
