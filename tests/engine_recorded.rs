//! The four differences of the reference from the live service that `swfcheck replay` found
//! in recorded histories (open issue 29 item 5; docs/practice.md §4, §8-§10), each followed
//! now: a decision task scheduled at once while another is started (and handed out when that
//! one is completed or times out), an empty tagList kept, an API signal's
//! `externalInitiatedEventId: 0`, DecisionTaskScheduled's `scheduleToStartTimeout: "NONE"`.

mod common;

use common::server::{decision, manual_endpoint};
use serde_json::json;

#[tokio::test]
async fn a_task_scheduled_behind_a_started_one_is_handed_out_when_that_one_times_out() {
    let (e, clock) = manual_endpoint().await;
    e.domain_with_types("d").await;
    let run = e.start("d", "w", "tl").await;
    let first = e.decision_task("d", "tl").await;
    e.ok(
        "SignalWorkflowExecution",
        json!({"domain": "d", "workflowId": "w", "signalName": "s"}),
    )
    .await;
    let none = e
        .ok(
            "PollForDecisionTask",
            json!({"domain": "d", "taskList": {"name": "tl"}}),
        )
        .await;
    assert!(none.get("taskToken").is_none(), "{none}");
    // The started task's 60 s pass: it times out; the task scheduled behind it (event 5)
    // is handed out, and the timeout schedules no other.
    clock.advance(61.0);
    let next = e.decision_task("d", "tl").await;
    assert_eq!(
        e.types_from("d", "w", &run, 4).await,
        [
            "WorkflowExecutionSignaled",
            "DecisionTaskScheduled",
            "DecisionTaskTimedOut",
            "DecisionTaskStarted"
        ]
    );
    let started = e.attrs_of("d", "w", &run, "DecisionTaskStarted").await;
    assert_eq!(started[1]["scheduledEventId"], 5);
    assert_eq!(next["startedEventId"], 7);
    // The timed-out task's token is no longer valid; the new one is.
    let stale = e.respond(&first, json!([])).await;
    assert_eq!(stale.fault(), Some("UnknownResourceFault"));
    assert_eq!(e.respond(&next, json!([])).await.status, 200);
}

#[tokio::test]
async fn an_empty_tag_list_given_is_kept_and_none_given_is_left_out() {
    let (e, _) = manual_endpoint().await;
    e.domain_with_types("d").await;
    let start = |wf: &str, tags: Option<Vec<&str>>| {
        let mut body = json!({"domain": "d", "workflowId": wf,
            "workflowType": {"name": "wf", "version": "1"}, "taskList": {"name": wf}});
        if let Some(t) = tags {
            body["tagList"] = json!(t);
        }
        e.ok("StartWorkflowExecution", body)
    };
    let empty = start("empty", Some(vec![])).await["runId"].clone();
    let none = start("none", None).await["runId"].clone();
    let first = |wf: &'static str, run: serde_json::Value| {
        let e = &e;
        async move {
            e.attrs_of("d", wf, run.as_str().unwrap(), "WorkflowExecutionStarted")
                .await
                .remove(0)
        }
    };
    assert_eq!(first("empty", empty.clone()).await["tagList"], json!([]));
    assert!(first("none", none).await.get("tagList").is_none());
    // A child and a continued run given an empty list show it too.
    let task = e.decision_task("d", "empty").await;
    e.respond(
        &task,
        json!([decision(
            "StartChildWorkflowExecution",
            json!({"workflowType": {"name": "wf", "version": "1"}, "workflowId": "kid",
                "taskList": {"name": "kid"}, "tagList": []})
        )]),
    )
    .await;
    let run = empty.as_str().unwrap();
    let initiated = e
        .attrs_of("d", "empty", run, "StartChildWorkflowExecutionInitiated")
        .await;
    assert_eq!(initiated[0]["tagList"], json!([]));
    let task = e.decision_task("d", "empty").await;
    e.respond(
        &task,
        json!([decision(
            "ContinueAsNewWorkflowExecution",
            json!({"tagList": []})
        )]),
    )
    .await;
    let continued = e
        .attrs_of("d", "empty", run, "WorkflowExecutionContinuedAsNew")
        .await;
    assert_eq!(continued[0]["tagList"], json!([]));
}

#[tokio::test]
async fn decision_tasks_are_scheduled_with_schedule_to_start_none() {
    let (e, _) = manual_endpoint().await;
    e.domain_with_types("d").await;
    let run = e.start("d", "w", "tl").await;
    let scheduled = e.attrs_of("d", "w", &run, "DecisionTaskScheduled").await;
    assert_eq!(
        scheduled[0],
        json!({"taskList": {"name": "tl"}, "startToCloseTimeout": "60",
            "scheduleToStartTimeout": "NONE"})
    );
}

#[tokio::test]
async fn an_api_signal_records_external_initiated_event_id_zero() {
    let (e, _) = manual_endpoint().await;
    e.domain_with_types("d").await;
    let run = e.start("d", "w", "tl").await;
    e.ok(
        "SignalWorkflowExecution",
        json!({"domain": "d", "workflowId": "w", "signalName": "s"}),
    )
    .await;
    let signaled = e
        .attrs_of("d", "w", &run, "WorkflowExecutionSignaled")
        .await;
    assert_eq!(
        signaled[0],
        json!({"signalName": "s", "externalInitiatedEventId": 0})
    );
}
