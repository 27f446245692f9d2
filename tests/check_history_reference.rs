//! The histories the reference endpoint writes hold every history invariant: executions
//! driven through activities (completed, failed, timed out, canceled before and after they
//! started), timers (fired, canceled, failed decisions), children (each way they end, a
//! type that does not exist, the child policy), signals and cancels (from the API and from
//! another execution, to executions that do not exist), failed closes, terminations,
//! timeouts, continue-as-new and Lambda; then every history of the domain is checked.

mod common;

use common::server::{Endpoint, decision, manual_endpoint};
use serde_json::{Value as Json, json};
use std::collections::BTreeSet;
use swfcheck::history::{check, render};

/// Answers the decision task waiting on `list` with `decisions`.
async fn decide(e: &Endpoint, list: &str, decisions: Json) {
    let task = e.decision_task("d", list).await;
    let a = e.respond(&task, decisions).await;
    assert_eq!(a.status, 200, "{list}: {}", String::from_utf8_lossy(&a.raw));
}

/// Answers every decision task waiting on `list` with no decision.
async fn settle(e: &Endpoint, list: &str) {
    loop {
        let task = e
            .ok(
                "PollForDecisionTask",
                json!({"domain": "d", "taskList": {"name": list}}),
            )
            .await;
        if task
            .get("taskToken")
            .and_then(Json::as_str)
            .is_none_or(str::is_empty)
        {
            return;
        }
        assert_eq!(e.respond(&task, json!([])).await.status, 200);
    }
}

fn schedule(id: &str, extra: Json) -> Json {
    let mut attrs = json!({"activityType": {"name": "act", "version": "1"}, "activityId": id,
        "taskList": {"name": format!("{id}-l")}});
    for (k, v) in extra.as_object().unwrap() {
        attrs[k] = v.clone();
    }
    decision("ScheduleActivityTask", attrs)
}

fn child(id: &str, type_name: &str) -> Json {
    decision(
        "StartChildWorkflowExecution",
        json!({"workflowType": {"name": type_name, "version": "1"}, "workflowId": id,
        "taskList": {"name": format!("{id}-tl")}}),
    )
}

async fn respond_activity(e: &Endpoint, list: &str, op: &str, extra: Json) {
    let task = e.activity_task("d", list).await;
    let mut body = json!({"taskToken": task["taskToken"]});
    for (k, v) in extra.as_object().unwrap() {
        body[k] = v.clone();
    }
    e.ok(op, body).await;
}

async fn signal(e: &Endpoint, workflow_id: &str) {
    e.ok(
        "SignalWorkflowExecution",
        json!({"domain": "d", "workflowId": workflow_id, "signalName": "s", "input": ""}),
    )
    .await;
}

async fn activities(e: &Endpoint, clock: &swfcheck::server::state::clock::ManualClock) {
    e.start("d", "acts", "acts").await;
    let s2s = json!({"scheduleToStartTimeout": "5"});
    let none = json!({});
    decide(
        e,
        "acts",
        json!([
            schedule("a1", none.clone()),
            schedule("a2", none.clone()),
            schedule("a3", s2s),
            schedule("a4", none.clone()),
            schedule("a5", none.clone())
        ]),
    )
    .await;
    respond_activity(
        e,
        "a1-l",
        "RespondActivityTaskCompleted",
        json!({"result": "r"}),
    )
    .await;
    decide(e, "acts", json!([])).await;
    respond_activity(
        e,
        "a2-l",
        "RespondActivityTaskFailed",
        json!({"reason": "no"}),
    )
    .await;
    decide(e, "acts", json!([])).await;
    clock.advance(10.0); // a3 times out before it starts
    decide(
        e,
        "acts",
        json!([decision(
            "RequestCancelActivityTask",
            json!({"activityId": "a4"})
        )]),
    )
    .await;
    decide(e, "acts", json!([])).await;
    let a5 = e.activity_task("d", "a5-l").await;
    signal(e, "acts").await;
    decide(
        e,
        "acts",
        json!([decision(
            "RequestCancelActivityTask",
            json!({"activityId": "a5"})
        )]),
    )
    .await;
    e.ok(
        "RespondActivityTaskCanceled",
        json!({"taskToken": a5["taskToken"]}),
    )
    .await;
    decide(
        e,
        "acts",
        json!([decision("CompleteWorkflowExecution", json!({}))]),
    )
    .await;
}

async fn timers(e: &Endpoint, clock: &swfcheck::server::state::clock::ManualClock) {
    e.start("d", "timers", "timers").await;
    let start = |id: &str, secs: &str| {
        decision(
            "StartTimer",
            json!({"timerId": id, "startToFireTimeout": secs}),
        )
    };
    decide(
        e,
        "timers",
        json!([
            start("t1", "10"),
            start("t2", "100"),
            start("t1", "5"),
            decision("CancelTimer", json!({"timerId": "nope"}))
        ]),
    )
    .await;
    decide(
        e,
        "timers",
        json!([decision("CancelTimer", json!({"timerId": "t2"}))]),
    )
    .await;
    clock.advance(10.0);
    decide(
        e,
        "timers",
        json!([
            decision("RecordMarker", json!({"markerName": "m"})),
            decision("CompleteWorkflowExecution", json!({}))
        ]),
    )
    .await;
}

async fn children(e: &Endpoint) {
    e.start("d", "parent", "parent").await;
    decide(
        e,
        "parent",
        json!([
            child("kid1", "wf"),
            child("kid2", "wf"),
            child("kid3", "wf"),
            child("ghost-kid", "no-such-type")
        ]),
    )
    .await;
    settle(e, "parent").await;
    decide(
        e,
        "kid1-tl",
        json!([decision(
            "CompleteWorkflowExecution",
            json!({"result": "ok"})
        )]),
    )
    .await;
    decide(
        e,
        "kid2-tl",
        json!([decision("FailWorkflowExecution", json!({"reason": "no"}))]),
    )
    .await;
    e.ok(
        "TerminateWorkflowExecution",
        json!({"domain": "d", "workflowId": "kid3"}),
    )
    .await;
    settle(e, "parent").await;
    signal(e, "parent").await;
    decide(
        e,
        "parent",
        json!([
            child("kid4", "wf"),
            decision(
                "SignalExternalWorkflowExecution",
                json!({"workflowId": "kid3", "signalName": "s"})
            ),
            decision(
                "SignalExternalWorkflowExecution",
                json!({"workflowId": "ghost", "signalName": "s"})
            ),
            decision(
                "RequestCancelExternalWorkflowExecution",
                json!({"workflowId": "ghost"})
            ),
        ]),
    )
    .await;
    settle(e, "parent").await;
    signal(e, "parent").await;
    decide(
        e,
        "parent",
        json!([
            decision(
                "SignalExternalWorkflowExecution",
                json!({"workflowId": "kid4", "signalName": "s"})
            ),
            decision(
                "RequestCancelExternalWorkflowExecution",
                json!({"workflowId": "kid4"})
            ),
        ]),
    )
    .await;
    settle(e, "parent").await;
    signal(e, "parent").await;
    decide(
        e,
        "parent",
        json!([decision("CompleteWorkflowExecution", json!({}))]),
    )
    .await;
    settle(e, "kid4-tl").await;
}

async fn signals_cancels_and_closes(e: &Endpoint) {
    e.start("d", "sig", "sig").await;
    decide(e, "sig", json!([])).await;
    signal(e, "sig").await;
    decide(e, "sig", json!([])).await;
    e.ok(
        "RequestCancelWorkflowExecution",
        json!({"domain": "d", "workflowId": "sig"}),
    )
    .await;
    decide(
        e,
        "sig",
        json!([decision("CancelWorkflowExecution", json!({}))]),
    )
    .await;

    e.start("d", "race", "race").await;
    let task = e.decision_task("d", "race").await;
    signal(e, "race").await; // arrives while the decider decides: its close fails
    e.respond(
        &task,
        json!([decision("CompleteWorkflowExecution", json!({}))]),
    )
    .await;
    decide(
        e,
        "race",
        json!([decision("FailWorkflowExecution", json!({"reason": "r"}))]),
    )
    .await;

    e.start("d", "term", "term").await;
    e.ok(
        "TerminateWorkflowExecution",
        json!({"domain": "d", "workflowId": "term"}),
    )
    .await;

    e.start("d", "again", "again").await;
    decide(
        e,
        "again",
        json!([decision("ContinueAsNewWorkflowExecution", json!({}))]),
    )
    .await;

    e.start("d", "lam", "lam").await;
    decide(
        e,
        "lam",
        json!([decision(
            "ScheduleLambdaFunction",
            json!({"id": "l", "name": "f"})
        )]),
    )
    .await;
    decide(
        e,
        "lam",
        json!([decision("CompleteWorkflowExecution", json!({}))]),
    )
    .await;
}

/// Every execution of domain `d`, open and closed: (workflowId, runId).
async fn executions(e: &Endpoint) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for op in ["ListOpenWorkflowExecutions", "ListClosedWorkflowExecutions"] {
        let list = e
            .ok(
                op,
                json!({"domain": "d", "startTimeFilter": {"oldestDate": 0}}),
            )
            .await;
        assert!(list.get("nextPageToken").is_none());
        for info in list["executionInfos"].as_array().unwrap() {
            let x = &info["execution"];
            out.push((
                x["workflowId"].as_str().unwrap().into(),
                x["runId"].as_str().unwrap().into(),
            ));
        }
    }
    out
}

#[tokio::test]
async fn every_history_the_reference_writes_holds_every_invariant() {
    let (e, clock) = manual_endpoint().await;
    e.domain_with_types("d").await;
    activities(&e, &clock).await;
    timers(&e, &clock).await;
    children(&e).await;
    signals_cancels_and_closes(&e).await;
    e.start("d", "late", "late").await;
    e.decision_task("d", "late").await; // started, never answered
    clock.advance(61.0); // the decision task times out; open executions' timers, too
    clock.advance(600.0); // every open execution times out

    let mut types = BTreeSet::new();
    let runs = executions(&e).await;
    for (workflow_id, run_id) in &runs {
        let events = e.history("d", workflow_id, run_id).await;
        types.extend(
            events
                .iter()
                .map(|x| x["eventType"].as_str().unwrap().to_owned()),
        );
        let broken: Vec<String> = check(&events).iter().map(render).collect();
        assert!(broken.is_empty(), "{workflow_id}:\n{}", broken.join("\n"));
    }
    assert_eq!(runs.len(), 14, "{runs:?}");
    let missing: Vec<&str> = WRITTEN
        .iter()
        .copied()
        .filter(|t| !types.contains(*t))
        .collect();
    assert!(
        missing.is_empty(),
        "never written: {missing:?}; written: {types:?}"
    );
}

/// The event types the scenarios above make the reference write.
const WRITTEN: &[&str] = &[
    "ActivityTaskCancelRequested",
    "ActivityTaskCanceled",
    "ActivityTaskCompleted",
    "ActivityTaskFailed",
    "ActivityTaskScheduled",
    "ActivityTaskStarted",
    "ActivityTaskTimedOut",
    "CancelTimerFailed",
    "ChildWorkflowExecutionCompleted",
    "ChildWorkflowExecutionFailed",
    "ChildWorkflowExecutionStarted",
    "ChildWorkflowExecutionTerminated",
    "CompleteWorkflowExecutionFailed",
    "DecisionTaskCompleted",
    "DecisionTaskScheduled",
    "DecisionTaskStarted",
    "DecisionTaskTimedOut",
    "ExternalWorkflowExecutionCancelRequested",
    "ExternalWorkflowExecutionSignaled",
    "LambdaFunctionScheduled",
    "MarkerRecorded",
    "RequestCancelExternalWorkflowExecutionFailed",
    "RequestCancelExternalWorkflowExecutionInitiated",
    "SignalExternalWorkflowExecutionFailed",
    "SignalExternalWorkflowExecutionInitiated",
    "StartChildWorkflowExecutionFailed",
    "StartChildWorkflowExecutionInitiated",
    "StartLambdaFunctionFailed",
    "StartTimerFailed",
    "TimerCanceled",
    "TimerFired",
    "TimerStarted",
    "WorkflowExecutionCancelRequested",
    "WorkflowExecutionCanceled",
    "WorkflowExecutionCompleted",
    "WorkflowExecutionContinuedAsNew",
    "WorkflowExecutionFailed",
    "WorkflowExecutionSignaled",
    "WorkflowExecutionStarted",
    "WorkflowExecutionTerminated",
    "WorkflowExecutionTimedOut",
];
