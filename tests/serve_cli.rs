//! `swfcheck serve -v --log FILE --clock manual` and the commands that drive it (`clock show`,
//! `clock advance`, `dump`, `reset`), end to end through the binary (issue 22 items 2-4): the
//! request log's lines on stderr and its JSON lines in the file, parsed; no header, signature or
//! whole task token in either; bad durations refused before anything is sent.

mod common;

use common::cli::{interrupt, spawn_listening, swfcheck_async};
use common::temp::TempDir;
use serde_json::{Value as Json, json};
use std::process::{Child, Command};

/// The signature and key of the Authorization header the test sends: never in a log.
const SIGNATURE: &str = "Signature=0ddba11c0ffee";
const KEY: &str = "AKIASWFCHECKLOGTEST1";

/// `swfcheck serve ARGS` on a free loopback port: the child and its address.
fn serve(args: &[&str]) -> (Child, String) {
    let mut command = Command::new(env!("CARGO_BIN_EXE_swfcheck"));
    command.args(["serve", "--addr", "127.0.0.1:0"]).args(args);
    let (child, addr) = spawn_listening(&mut command);
    (child, format!("http://{addr}"))
}

/// Stops the server as Ctrl-C does; gives its stderr.
async fn stop(child: Child) -> String {
    let out = interrupt(child).await;
    assert!(out.status.success(), "{:?}", out.status);
    String::from_utf8_lossy(&out.stderr).into_owned()
}

async fn call(url: &str, op: &str, input: Json) -> Json {
    let resp = reqwest::Client::new()
        .post(format!("{url}/"))
        .header("X-Amz-Target", format!("SimpleWorkflowService.{op}"))
        .header("Content-Type", "application/x-amz-json-1.0")
        .header(
            "Authorization",
            format!("AWS4-HMAC-SHA256 Credential={KEY}/20261202/us-east-1/swf/aws4_request, SignedHeaders=host, {SIGNATURE}"),
        )
        .body(input.to_string())
        .send()
        .await
        .unwrap();
    let text = resp.text().await.unwrap();
    serde_json::from_str(&text).unwrap_or(Json::Null)
}

/// `swfcheck ARGS`: (exit code, stdout JSON or Null, stderr).
async fn command(args: &[&str]) -> (Option<i32>, Json, String) {
    let out = swfcheck_async(args).await;
    let stdout = String::from_utf8_lossy(&out.stdout);
    let json = serde_json::from_str(&stdout).unwrap_or(Json::Null);
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    (out.status.code(), json, stderr)
}

/// Registers a domain and types, starts an execution and takes its decision task: the
/// task's token.
async fn traffic(url: &str) -> String {
    let domain = json!({"name": "shop", "workflowExecutionRetentionPeriodInDays": "1"});
    call(url, "RegisterDomain", domain).await;
    let wf = json!({"domain": "shop", "name": "order", "version": "1",
        "defaultTaskList": {"name": "orders"}, "defaultTaskStartToCloseTimeout": "60",
        "defaultExecutionStartToCloseTimeout": "86400", "defaultChildPolicy": "TERMINATE"});
    call(url, "RegisterWorkflowType", wf).await;
    let start = json!({"domain": "shop", "workflowId": "order-42",
        "workflowType": {"name": "order", "version": "1"}});
    call(url, "StartWorkflowExecution", start).await;
    let poll = json!({"domain": "shop", "taskList": {"name": "orders"}, "identity": "decider"});
    let task = call(url, "PollForDecisionTask", poll).await;
    call(url, "DescribeDomain", json!({"name": "nowhere"})).await;
    task["taskToken"].as_str().unwrap().to_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn serve_logs_each_request_and_its_clock_is_driven_by_the_commands() {
    let tmp = TempDir::new("serve-log");
    let log = tmp.join("requests.jsonl");
    let log_arg = log.to_str().unwrap();
    let (child, url) = serve(&["--clock", "manual", "-v", "--log", log_arg]);
    let token = traffic(&url).await;

    let (code, shown, _) = command(&["clock", "show", "--endpoint", &url]).await;
    assert_eq!((code, &shown["clock"]), (Some(0), &json!("manual")));
    let before = shown["now"].as_f64().unwrap();
    for bad in ["-5m", "0s", "soon"] {
        let (code, _, stderr) = command(&["clock", "advance", bad, "--endpoint", &url]).await;
        assert_eq!(code, Some(2), "{bad}: {stderr}");
        assert!(stderr.contains(bad), "{stderr}");
    }
    let (code, moved, _) = command(&["clock", "advance", "1h30m", "--endpoint", &url]).await;
    assert_eq!(
        (code, moved["now"].as_f64()),
        (Some(0), Some(before + 5400.0))
    );
    let (code, dump, _) = command(&["dump", "--endpoint", &url]).await;
    assert_eq!(code, Some(0));
    assert_eq!(
        dump["openExecutions"][0]["executionInfo"]["execution"]["workflowId"],
        "order-42"
    );
    // The decision task taken before the advance timed out (60 s) and another is scheduled.
    let decision = &dump["openTasks"]["decision"][0];
    assert_eq!(
        (&decision["state"], &decision["scheduledEventId"]),
        (&json!("scheduled"), &json!(5))
    );
    let (code, reset, _) = command(&["reset", "--endpoint", &url]).await;
    assert_eq!((code, &reset["reset"]), (Some(0), &json!(true)));
    let stderr = stop(child).await;

    // The lines of -v: time, operation, status, fault, duration, concerns.
    let lines: Vec<&str> = stderr.lines().filter(|l| l.starts_with("20")).collect();
    let ops = [
        "RegisterDomain 200",
        "RegisterWorkflowType 200",
        "StartWorkflowExecution 200",
        "PollForDecisionTask 200",
        "DescribeDomain 400 UnknownResourceFault",
        "GET /_swfcheck/clock 200",
        "POST /_swfcheck/clock/advance 200",
        "GET /_swfcheck/dump 200",
        "POST /_swfcheck/reset 200",
    ];
    assert_eq!(
        lines.len(),
        ops.len(),
        "the refused durations were never sent: {stderr}"
    );
    for (line, op) in lines.iter().zip(ops) {
        let (time, rest) = line.split_once(' ').unwrap();
        assert!(humantime::parse_rfc3339(time).is_ok(), "{line}");
        assert!(rest.starts_with(op), "{line}");
        assert!(
            rest.split(' ')
                .any(|w| w.ends_with("ms") && w[..w.len() - 2].parse::<f64>().is_ok()),
            "{line}"
        );
    }
    assert!(
        lines[2].ends_with("domain=shop workflowId=order-42"),
        "{}",
        lines[2]
    );
    assert!(
        lines[3].ends_with("domain=shop taskList=orders"),
        "{}",
        lines[3]
    );

    // The JSON lines: the same, with the bodies.
    let text = std::fs::read_to_string(&log).unwrap();
    let entries: Vec<Json> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(entries.len(), ops.len());
    assert_eq!(entries[2]["operation"], "StartWorkflowExecution");
    assert_eq!(
        entries[2]["concerns"],
        json!({"domain": "shop", "workflowId": "order-42"})
    );
    assert!(entries[2]["response"]["runId"].is_string());
    assert_eq!(entries[4]["fault"], "UnknownResourceFault");
    assert_eq!(entries[4]["response"]["message"], "Unknown domain: nowhere");
    assert_eq!(entries[3]["request"]["identity"], "decider");
    let short = entries[3]["response"]["taskToken"].as_str().unwrap();
    assert!(short.ends_with('…') && token.starts_with(short.trim_end_matches('…')));
    assert_eq!(entries[6]["request"]["seconds"], 5400.0);
    for secret in [token.as_str(), SIGNATURE, KEY, "Authorization", "AWS4-HMAC"] {
        assert!(
            !text.contains(secret) && !stderr.contains(secret),
            "{secret} logged"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_real_clock_refuses_to_advance_and_unknown_clocks_are_refused() {
    let (child, url) = serve(&[]);
    let (code, _, stderr) = command(&["clock", "advance", "3h", "--endpoint", &url]).await;
    assert_eq!(code, Some(2));
    assert!(stderr.contains("--clock manual"), "{stderr}");
    stop(child).await;
    let (code, _, stderr) = command(&["serve", "--clock", "fast"]).await;
    assert_eq!(code, Some(2));
    assert!(
        stderr.contains("fast") && stderr.contains("manual"),
        "{stderr}"
    );
    let (code, _, stderr) = command(&["dump", "--endpoint", "http://127.0.0.1:1"]).await;
    assert_eq!(code, Some(2));
    assert!(stderr.contains("cannot reach"), "{stderr}");
}
