//! Recorded traffic in the tests: an SWF application that records what it saw, replays of
//! case files, and the scan for credentials in written files.

use super::cli::FAKE_CREDENTIALS;
use serde_json::{Value as Json, json};
use std::collections::BTreeSet;
use std::path::Path;
use swfcheck::outcome::RunReport;
use swfcheck::outcome::Verdict;
use swfcheck::run::{RunConfig, Silent, run};

/// One exchange as the test's own client saw it.
pub struct Seen {
    pub target: String,
    pub body: Json,
    pub status: u16,
    pub answer: String,
}

/// An SWF application: the cancel lifecycle with a signal, a decider, describe, history,
/// a null tag, boto 2.x's target form and two faults. Returns what it saw.
pub async fn drive(url: &str, domain: &str) -> Vec<Seen> {
    let http = reqwest::Client::new();
    let mut seen = Vec::new();
    let mut call = async |op: &str, body: Json, long: bool| -> Json {
        let target = if long {
            format!("com.amazonaws.swf.service.model.SimpleWorkflowService.{op}")
        } else {
            format!("SimpleWorkflowService.{op}")
        };
        let r = http
            .post(url)
            .header("X-Amz-Target", &target)
            .header("Content-Type", "application/x-amz-json-1.0")
            .body(body.to_string())
            .send()
            .await
            .unwrap();
        let status = r.status().as_u16();
        let answer = r.text().await.unwrap();
        let json = serde_json::from_str(&answer).unwrap_or(Json::Null);
        seen.push(Seen {
            target,
            body,
            status,
            answer,
        });
        json
    };
    let wf = json!({"name": "wf", "version": "1"});
    call(
        "RegisterDomain",
        json!({"name": domain, "workflowExecutionRetentionPeriodInDays": "1"}),
        false,
    )
    .await;
    call(
        "RegisterWorkflowType",
        json!({"domain": domain, "name": "wf", "version": "1",
        "defaultTaskList": {"name": "tl"}, "defaultTaskStartToCloseTimeout": "60",
        "defaultExecutionStartToCloseTimeout": "600", "defaultChildPolicy": "TERMINATE"}),
        false,
    )
    .await;
    let started = call(
        "StartWorkflowExecution",
        json!({"domain": domain, "workflowId": "w1",
        "workflowType": wf, "tagList": [null, "t"]}),
        true,
    )
    .await;
    let execution = json!({"workflowId": "w1", "runId": started["runId"]});
    call(
        "SignalWorkflowExecution",
        json!({"domain": domain, "workflowId": "w1",
        "runId": started["runId"], "signalName": "go"}),
        false,
    )
    .await;
    call(
        "RequestCancelWorkflowExecution",
        json!({"domain": domain, "workflowId": "w1"}),
        false,
    )
    .await;
    call(
        "DescribeWorkflowExecution",
        json!({"domain": domain, "execution": execution}),
        true,
    )
    .await;
    call(
        "GetWorkflowExecutionHistory",
        json!({"domain": domain, "execution": execution}),
        false,
    )
    .await;
    let task = call(
        "PollForDecisionTask",
        json!({"domain": domain, "taskList": {"name": "tl"},
        "identity": "decider"}),
        false,
    )
    .await;
    call("RespondDecisionTaskCompleted", json!({"taskToken": task["taskToken"], "decisions": [
        {"decisionType": "CancelWorkflowExecution", "cancelWorkflowExecutionDecisionAttributes": {}}]}), false).await;
    call(
        "GetWorkflowExecutionHistory",
        json!({"domain": domain, "execution": execution}),
        false,
    )
    .await;
    call(
        "RequestCancelWorkflowExecution",
        json!({"domain": domain, "workflowId": "w1",
        "runId": started["runId"]}),
        false,
    )
    .await;
    call(
        "RequestCancelWorkflowExecution",
        json!({"domain": "d".repeat(257), "workflowId": "w1"}),
        false,
    )
    .await;
    call(
        "DescribeWorkflowExecution",
        json!({"domain": domain, "execution": execution}),
        false,
    )
    .await;
    seen
}

pub async fn replay(cases: &Path, endpoint: &str) -> RunReport {
    let config = RunConfig {
        endpoint: Some(endpoint.to_owned()),
        jobs: 4,
        timeout: std::time::Duration::from_secs(10),
        ..RunConfig::default()
    };
    let cases = swfcheck::cases::file::load_path(cases).unwrap();
    let (_tx, rx) = tokio::sync::watch::channel(false);
    run(&config, cases, &Silent, rx).await.unwrap()
}

pub fn failing(report: &RunReport) -> BTreeSet<String> {
    report
        .results
        .iter()
        .filter(|r| r.verdict != Verdict::Pass)
        .map(|r| format!("{}: {}", r.id, r.actual))
        .collect()
}

/// Every file under `dir` is free of the fake credentials the processes had.
pub fn assert_no_credentials(dir: &Path) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        for (name, value) in FAKE_CREDENTIALS {
            assert!(!text.contains(value), "{name} in {}", path.display());
        }
        for header in ["Authorization", "AWS4-HMAC-SHA256", "swfcheck-test"] {
            assert!(!text.contains(header), "{header} in {}", path.display());
        }
    }
}
