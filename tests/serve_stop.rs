//! `swfcheck serve` stops promptly and its clock ends polls (open issue 27): SIGINT or
//! SIGTERM during a long poll answers the poll with the empty task and the process exits
//! at once, not after the poll's 60 s; `RunningServer::shutdown` does the same in-process;
//! a manual clock advanced past a waiting poll's deadline (60 s, or `--poll-timeout`)
//! answers it with the empty task.
//!
//! The bounds below are liveness bounds far under the 60 s a poll would hold, not speed
//! figures (those are in BENCHMARKS.md).

mod common;

use common::cli::{interrupt, signal, spawn_listening, swfcheck_async};
use serde_json::{Value as Json, json};
use std::process::{Command, Output};
use std::time::Duration;
use swfcheck::server::{ServerConfig, start};
use tokio::task::JoinHandle;

/// Far under a poll's 60 s: a stop or an advance that works ends a poll well within it.
const BOUND: Duration = Duration::from_secs(8);

/// The empty decision task, as the engine answers it.
fn empty_decision_task() -> Json {
    json!({"startedEventId": 0, "previousStartedEventId": 0})
}

/// `swfcheck serve ARGS` on a free loopback port: the child and its URL.
fn serve(args: &[&str]) -> (std::process::Child, String) {
    let mut command = Command::new(env!("CARGO_BIN_EXE_swfcheck"));
    command.args(["serve", "--addr", "127.0.0.1:0"]).args(args);
    let (child, addr) = spawn_listening(&mut command);
    (child, format!("http://{addr}"))
}

/// One SWF call: status and JSON body.
async fn call(url: &str, op: &str, input: Json) -> (u16, Json) {
    let resp = reqwest::Client::new()
        .post(format!("{url}/"))
        .header("X-Amz-Target", format!("SimpleWorkflowService.{op}"))
        .header("Content-Type", "application/x-amz-json-1.0")
        .body(input.to_string())
        .send()
        .await
        .expect("the endpoint answers");
    let status = resp.status().as_u16();
    let body = resp.json().await.unwrap_or(Json::Null);
    (status, body)
}

/// A domain `d` and a decision poll on its empty task list `nothing`, in the background.
async fn waiting_poll(url: &str) -> JoinHandle<(u16, Json)> {
    let domain = json!({"name": "d", "workflowExecutionRetentionPeriodInDays": "1"});
    assert_eq!(call(url, "RegisterDomain", domain).await.0, 200);
    let target = url.to_owned();
    let poll = tokio::spawn(async move {
        let input = json!({"domain": "d", "taskList": {"name": "nothing"}});
        call(&target, "PollForDecisionTask", input).await
    });
    until_polls_wait(url, 1).await;
    poll
}

/// How many polls the endpoint counts as waiting (its state dump).
async fn polls_waiting(url: &str) -> u64 {
    let dump: Json = reqwest::get(format!("{url}/_swfcheck/dump"))
        .await
        .expect("the dump answers")
        .json()
        .await
        .expect("the dump is JSON");
    let pollers = dump["pendingPollers"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    pollers.iter().filter_map(|p| p["count"].as_u64()).sum()
}

/// Waits (within [`BOUND`]) until `n` polls wait.
async fn until_polls_wait(url: &str, n: u64) {
    let waited = tokio::time::timeout(BOUND, async {
        while polls_waiting(url).await != n {
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    })
    .await;
    assert!(waited.is_ok(), "{n} poll(s) never waited on {url}");
}

/// Signals the child and waits (within [`BOUND`]) for its exit; a child still running
/// then is killed and the test fails.
async fn stop_within_bound(child: std::process::Child, sig: &str) -> Output {
    let pid = child.id().to_string();
    match tokio::time::timeout(BOUND, signal(child, sig)).await {
        Ok(out) => out,
        Err(_) => {
            let _ = Command::new("kill").args(["-KILL", &pid]).status();
            panic!("serve did not exit within {BOUND:?} of SIG{sig}");
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigint_or_sigterm_during_a_poll_answers_it_and_serve_exits_at_once() {
    for sig in ["INT", "TERM"] {
        let (child, url) = serve(&[]);
        let poll = waiting_poll(&url).await;
        let out = stop_within_bound(child, sig).await;
        assert!(out.status.success(), "SIG{sig}: {:?}", out.status);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains(&format!("SIG{sig}: stopping")), "{stderr}");
        let answered = tokio::time::timeout(BOUND, poll).await;
        let (status, body) = answered.expect("the poll was answered").unwrap();
        assert_eq!((status, body), (200, empty_decision_task()), "SIG{sig}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn shutdown_answers_a_waiting_poll_and_ends_at_once() {
    let server = start("127.0.0.1:0", ServerConfig::default()).await.unwrap();
    let url = format!("http://{}", server.addr());
    let poll = waiting_poll(&url).await;
    let stopped = tokio::time::timeout(BOUND, server.shutdown()).await;
    assert!(stopped.is_ok(), "shutdown waited on the poll");
    let (status, body) = tokio::time::timeout(BOUND, poll).await.unwrap().unwrap();
    assert_eq!((status, body), (200, empty_decision_task()));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_manual_clock_advanced_past_a_polls_deadline_answers_it_empty() {
    // The documented 60 s, and a --poll-timeout of 90 s.
    for (args, timeout) in [(vec![], 60), (vec!["--poll-timeout", "90s"], 90)] {
        let mut all = vec!["--clock", "manual"];
        all.extend(args);
        let (child, url) = serve(&all);
        let poll = waiting_poll(&url).await;
        let short = format!("{}s", timeout - 1);
        let out = swfcheck_async(&["clock", "advance", &short, "--endpoint", &url]).await;
        assert!(out.status.success(), "{out:?}");
        tokio::time::sleep(Duration::from_millis(200)).await;
        assert!(
            !poll.is_finished(),
            "answered {short} into a {timeout} s poll"
        );
        assert_eq!(polls_waiting(&url).await, 1);
        let out = swfcheck_async(&["clock", "advance", "1s", "--endpoint", &url]).await;
        assert!(out.status.success(), "{out:?}");
        let (status, body) = tokio::time::timeout(BOUND, poll)
            .await
            .expect("the advance answered the poll")
            .unwrap();
        assert_eq!((status, body), (200, empty_decision_task()), "{timeout} s");
        interrupt(child).await;
    }
}
