//! The reference endpoint over HTTP: RequestCancelWorkflowExecution (seed;
//! SWF-WIRE.md §2, §5): the full lifecycle, pending decision tasks, runId-less
//! cancels across runs of one workflowId, open activity tasks.

mod common;

use common::server::endpoint;
use serde_json::{Value as Json, json};

const COMPLETE: &str = r#"[{"decisionType": "CompleteWorkflowExecution", "completeWorkflowExecutionDecisionAttributes": {}}]"#;
const CANCEL: &str = r#"[{"decisionType": "CancelWorkflowExecution", "cancelWorkflowExecutionDecisionAttributes": {"details": "bye"}}]"#;

fn decisions(text: &str) -> Json {
    serde_json::from_str(text).unwrap()
}

#[tokio::test]
async fn the_full_cancel_lifecycle() {
    let e = endpoint().await;
    e.domain_with_types("d").await;
    let run = e.start("d", "w", "tl").await;
    // Cancel without runId: the current open execution. Seed: 200 with an empty body.
    let cancel = e
        .call(
            "RequestCancelWorkflowExecution",
            json!({"domain": "d", "workflowId": "w"}),
        )
        .await;
    assert_eq!(cancel.status, 200);
    assert!(cancel.raw.is_empty());
    let history = e.history("d", "w", &run).await;
    let last = history.last().unwrap();
    assert_eq!(last["eventType"], "WorkflowExecutionCancelRequested");
    assert_eq!(
        last["workflowExecutionCancelRequestedEventAttributes"],
        json!({"externalInitiatedEventId": 0})
    );
    // A decision task was already scheduled: no second one.
    assert_eq!(
        history
            .iter()
            .filter(|ev| ev["eventType"] == "DecisionTaskScheduled")
            .count(),
        1
    );
    let d = e.describe("d", "w", &run).await;
    assert_eq!(d["executionInfo"]["executionStatus"], "OPEN");
    assert_eq!(d["executionInfo"]["cancelRequested"], true);
    // The decider sees the event and cancels.
    let task = e.decide("d", "tl", decisions(CANCEL)).await;
    assert!(
        task["events"]
            .as_array()
            .unwrap()
            .iter()
            .any(|ev| ev["eventType"] == "WorkflowExecutionCancelRequested")
    );
    let d = e.describe("d", "w", &run).await;
    assert_eq!(d["executionInfo"]["executionStatus"], "CLOSED");
    assert_eq!(d["executionInfo"]["closeStatus"], "CANCELED");
    let events = e.history("d", "w", &run).await;
    let canceled = events.last().unwrap();
    assert_eq!(canceled["eventType"], "WorkflowExecutionCanceled");
    let completed_id = events
        .iter()
        .find(|ev| ev["eventType"] == "DecisionTaskCompleted")
        .unwrap()["eventId"]
        .clone();
    assert_eq!(
        canceled["workflowExecutionCanceledEventAttributes"]["decisionTaskCompletedEventId"],
        completed_id
    );
    // Ids consecutive from 1, timestamps epoch seconds.
    for (i, ev) in events.iter().enumerate() {
        assert_eq!(ev["eventId"], json!(i + 1));
        assert!(ev["eventTimestamp"].as_f64().unwrap() > 1.7e9);
    }
    // After close: UnknownResourceFault with and without runId (SWF-WIRE.md §5.5).
    let after = e
        .call(
            "RequestCancelWorkflowExecution",
            json!({"domain": "d", "workflowId": "w", "runId": run}),
        )
        .await;
    assert_eq!(
        (after.status, after.fault()),
        (400, Some("UnknownResourceFault"))
    );
    assert_eq!(
        after.body["message"],
        format!("Unknown execution: WorkflowExecution=[workflowId=w, runId={run}]")
    );
    let after = e
        .call(
            "RequestCancelWorkflowExecution",
            json!({"domain": "d", "workflowId": "w"}),
        )
        .await;
    assert_eq!(after.body["message"], "Unknown execution, workflowId = w");
    let no_domain = e
        .call(
            "RequestCancelWorkflowExecution",
            json!({"domain": "zz", "workflowId": "w"}),
        )
        .await;
    assert_eq!(no_domain.body["message"], "Unknown domain: zz");
}

#[tokio::test]
async fn cancel_schedules_a_decision_task_only_when_none_is_pending() {
    let e = endpoint().await;
    e.domain_with_types("d").await;
    let run = e.start("d", "w", "tl").await;
    e.decide("d", "tl", json!([])).await;
    e.ok(
        "RequestCancelWorkflowExecution",
        json!({"domain": "d", "workflowId": "w", "runId": run}),
    )
    .await;
    let events = e.event_types("d", "w", &run).await;
    assert_eq!(
        &events[events.len() - 2..],
        ["WorkflowExecutionCancelRequested", "DecisionTaskScheduled"]
    );
    // While a decision task is started, the cancel schedules the next one at once (the live
    // service's histories: simpleflow's test_cancel_requested_refused.json, docs/practice.md
    // §4); it is handed out once the started one completes.
    let run2 = e.start("d", "w2", "tl2").await;
    let task = e
        .ok(
            "PollForDecisionTask",
            json!({"domain": "d", "taskList": {"name": "tl2"}}),
        )
        .await;
    e.ok(
        "RequestCancelWorkflowExecution",
        json!({"domain": "d", "workflowId": "w2"}),
    )
    .await;
    let events = e.event_types("d", "w2", &run2).await;
    assert_eq!(
        &events[events.len() - 2..],
        ["WorkflowExecutionCancelRequested", "DecisionTaskScheduled"]
    );
    e.ok(
        "RespondDecisionTaskCompleted",
        json!({"taskToken": task["taskToken"], "decisions": []}),
    )
    .await;
    assert_eq!(
        e.event_types("d", "w2", &run2).await.last().unwrap(),
        "DecisionTaskCompleted"
    );
    let next = e
        .ok(
            "PollForDecisionTask",
            json!({"domain": "d", "taskList": {"name": "tl2"}}),
        )
        .await;
    assert_eq!(next["previousStartedEventId"], task["startedEventId"]);
}

#[tokio::test]
async fn cancel_without_run_id_hits_only_the_open_execution() {
    let e = endpoint().await;
    e.domain_with_types("d").await;
    let first = e.start("d", "w", "tl").await;
    e.decide("d", "tl", decisions(COMPLETE)).await;
    let second = e.start("d", "w", "tl").await;
    e.ok(
        "RequestCancelWorkflowExecution",
        json!({"domain": "d", "workflowId": "w"}),
    )
    .await;
    let count = |events: Vec<String>| {
        events
            .iter()
            .filter(|t| *t == "WorkflowExecutionCancelRequested")
            .count()
    };
    assert_eq!(count(e.event_types("d", "w", &first).await), 0);
    assert_eq!(count(e.event_types("d", "w", &second).await), 1);
    let wrong_run = e
        .call(
            "RequestCancelWorkflowExecution",
            json!({"domain": "d", "workflowId": "w", "runId": first}),
        )
        .await;
    assert_eq!(wrong_run.fault(), Some("UnknownResourceFault"));
}

#[tokio::test]
async fn cancel_with_an_open_activity_task() {
    let e = endpoint().await;
    e.domain_with_types("d").await;
    let run = e.start("d", "w", "tl").await;
    let schedule = json!([{"decisionType": "ScheduleActivityTask", "scheduleActivityTaskDecisionAttributes":
        {"activityType": {"name": "act", "version": "1"}, "activityId": "a1"}}]);
    e.decide("d", "tl", schedule).await;
    let count = e
        .ok(
            "CountPendingActivityTasks",
            json!({"domain": "d", "taskList": {"name": "acts"}}),
        )
        .await;
    assert_eq!(count["count"], 1);
    let task = e
        .ok(
            "PollForActivityTask",
            json!({"domain": "d", "taskList": {"name": "acts"}, "identity": "worker"}),
        )
        .await;
    assert_eq!(task["activityId"], "a1");
    let token = task["taskToken"].clone();
    let beat = e
        .ok("RecordActivityTaskHeartbeat", json!({"taskToken": token}))
        .await;
    assert_eq!(beat, json!({"cancelRequested": false}));
    let cancel = e
        .call(
            "RequestCancelWorkflowExecution",
            json!({"domain": "d", "workflowId": "w", "runId": run}),
        )
        .await;
    assert_eq!(cancel.status, 200);
    let beat = e
        .ok("RecordActivityTaskHeartbeat", json!({"taskToken": token}))
        .await;
    assert_eq!(beat, json!({"cancelRequested": true}));
    e.ok(
        "RespondActivityTaskCanceled",
        json!({"taskToken": token, "details": "stopped"}),
    )
    .await;
    let events = e.event_types("d", "w", &run).await;
    // The cancel scheduled a decision task; the activity's end finds it still scheduled.
    let tail = [
        "WorkflowExecutionCancelRequested",
        "DecisionTaskScheduled",
        "ActivityTaskCanceled",
    ];
    assert_eq!(&events[events.len() - 3..], tail, "{events:?}");
    let stale = e
        .call("RecordActivityTaskHeartbeat", json!({"taskToken": token}))
        .await;
    assert_eq!(stale.fault(), Some("UnknownResourceFault"));
}
