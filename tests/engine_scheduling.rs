//! Decision task scheduling (SWF-WIRE.md §5, §8) over HTTP: one task handed out at a time,
//! an event that arrives while one is started schedules the next at once, handed out when
//! the started one completes (docs/practice.md §4), what schedules one and what does not,
//! paging a decision task's history, and the deprecation rules.

mod common;

use common::server::{decision, manual_endpoint};
use serde_json::json;

#[tokio::test]
async fn one_decision_task_handed_out_at_a_time_and_the_next_scheduled_at_once() {
    let (e, _) = manual_endpoint().await;
    e.domain_with_types("d").await;
    let run = e.start("d", "w", "tl").await;
    let pending = || {
        e.ok(
            "CountPendingDecisionTasks",
            json!({"domain": "d", "taskList": {"name": "tl"}}),
        )
    };
    assert_eq!(pending().await["count"], 1);
    let task = e.decision_task("d", "tl").await;
    assert_eq!(
        (
            task["startedEventId"].as_i64(),
            task["previousStartedEventId"].as_i64()
        ),
        (Some(3), Some(0))
    );
    assert_eq!(
        task["events"][2],
        json!({"eventId": 3, "eventType": "DecisionTaskStarted", "eventTimestamp": 1_000_000.0,
        "decisionTaskStartedEventAttributes": {"scheduledEventId": 2, "identity": "decider"}})
    );
    assert_eq!(pending().await["count"], 0);
    for s in ["a", "b"] {
        e.ok(
            "SignalWorkflowExecution",
            json!({"domain": "d", "workflowId": "w", "signalName": s}),
        )
        .await;
    }
    // At most one handed out: nothing for another poller meanwhile.
    let other = e
        .ok(
            "PollForDecisionTask",
            json!({"domain": "d", "taskList": {"name": "tl"}}),
        )
        .await;
    assert!(other.get("taskToken").is_none(), "no second task: {other}");
    // The next one is scheduled, and waits: not pending on its list until this one ends;
    // the execution still has one open decision task (doc: WorkflowExecutionOpenCounts).
    assert_eq!(pending().await["count"], 0);
    assert_eq!(
        e.describe("d", "w", &run).await["openCounts"]["openDecisionTasks"],
        1
    );
    let a = e
        .call(
            "RespondDecisionTaskCompleted",
            json!({"taskToken": task["taskToken"], "executionContext": "ctx"}),
        )
        .await;
    assert_eq!(a.status, 200);
    assert_eq!(
        e.types_from("d", "w", &run, 4).await,
        [
            "WorkflowExecutionSignaled",
            "DecisionTaskScheduled",
            "WorkflowExecutionSignaled",
            "DecisionTaskCompleted"
        ]
    );
    assert_eq!(pending().await["count"], 1);
    let d = e.describe("d", "w", &run).await;
    assert_eq!(d["latestExecutionContext"], "ctx");
    let next = e.decision_task("d", "tl").await;
    assert_eq!(next["previousStartedEventId"], 3);
}

#[tokio::test]
async fn what_schedules_a_decision_task_and_what_does_not() {
    let (e, _) = manual_endpoint().await;
    e.domain_with_types("d").await;
    let run = e.start("d", "w", "tl").await;
    let task = e.decision_task("d", "tl").await;
    e.respond(
        &task,
        json!([
            decision(
                "ScheduleActivityTask",
                json!({"activityType": {"name": "act", "version": "1"}, "activityId": "a"})
            ),
            decision(
                "StartTimer",
                json!({"timerId": "t", "startToFireTimeout": "100"})
            ),
            decision("RecordMarker", json!({"markerName": "m"})),
        ]),
    )
    .await;
    // SWF-WIRE.md §9: a successful ScheduleActivityTask (or timer, or marker) schedules nothing.
    assert_eq!(
        e.event_types("d", "w", &run).await.last().unwrap(),
        "MarkerRecorded"
    );
    let activity = e.activity_task("d", "acts").await;
    assert_eq!(
        e.event_types("d", "w", &run).await.last().unwrap(),
        "ActivityTaskStarted"
    );
    e.ok(
        "RespondActivityTaskCompleted",
        json!({"taskToken": activity["taskToken"], "result": "ok"}),
    )
    .await;
    assert_eq!(
        e.types_from("d", "w", &run, 9).await,
        ["ActivityTaskCompleted", "DecisionTaskScheduled"]
    );
    let completed = e.attrs_of("d", "w", &run, "ActivityTaskCompleted").await;
    assert_eq!(
        completed,
        [json!({"scheduledEventId": 5, "startedEventId": 8, "result": "ok"})]
    );
}

#[tokio::test]
async fn a_decision_task_history_is_paged() {
    let (e, _) = manual_endpoint().await;
    e.domain_with_types("d").await;
    let run = e.start("d", "w", "tl").await;
    let task = e.decision_task("d", "tl").await;
    e.respond(
        &task,
        json!(
            (0..10)
                .map(|i| decision("RecordMarker", json!({"markerName": format!("m{i}")})))
                .collect::<Vec<_>>()
        ),
    )
    .await;
    e.ok(
        "SignalWorkflowExecution",
        json!({"domain": "d", "workflowId": "w", "signalName": "s"}),
    )
    .await;
    for reverse in [false, true] {
        let poll = json!({"domain": "d", "taskList": {"name": "tl"}, "maximumPageSize": 3, "reverseOrder": reverse});
        let mut page = e.ok("PollForDecisionTask", poll.clone()).await;
        let token = page["taskToken"].clone();
        let mut events = page["events"].as_array().unwrap().clone();
        assert_eq!(events.len(), 3);
        let mut pages = 1;
        while let Some(next) = page.get("nextPageToken").cloned() {
            let mut input = poll.clone();
            input["nextPageToken"] = next;
            page = e.ok("PollForDecisionTask", input).await;
            assert_eq!(
                page["taskToken"], token,
                "every page belongs to the same task"
            );
            events.extend(page["events"].as_array().unwrap().iter().cloned());
            pages += 1;
        }
        let mut whole = e.history("d", "w", &run).await;
        if reverse {
            whole.reverse();
        }
        assert_eq!(events, whole, "reverse {reverse}");
        assert_eq!(pages, whole.len().div_ceil(3));
        assert!(pages >= 5);
        e.respond(&page, json!([])).await;
        e.ok(
            "SignalWorkflowExecution",
            json!({"domain": "d", "workflowId": "w", "signalName": "s"}),
        )
        .await;
    }
}

#[tokio::test]
async fn a_deprecated_domain_refuses_new_work_and_deprecates_its_types() {
    let (e, _) = manual_endpoint().await;
    e.domain_with_types("d").await;
    let run = e.start("d", "w", "tl").await;
    e.ok("DeprecateDomain", json!({"name": "d"})).await;
    let start = e.call("StartWorkflowExecution", json!({"domain": "d", "workflowId": "w2", "workflowType": {"name": "wf", "version": "1"}})).await;
    assert_eq!(start.fault(), Some("UnknownResourceFault"));
    let register = e
        .call(
            "RegisterWorkflowType",
            json!({"domain": "d", "name": "new", "version": "1"}),
        )
        .await;
    assert_eq!(register.fault(), Some("UnknownResourceFault"));
    for (op, member, name) in [
        ("DescribeWorkflowType", "workflowType", "wf"),
        ("DescribeActivityType", "activityType", "act"),
    ] {
        let t = e
            .ok(
                op,
                json!({"domain": "d", member: {"name": name, "version": "1"}}),
            )
            .await;
        assert_eq!(t["typeInfo"]["status"], "DEPRECATED", "{op}");
        assert!(t["typeInfo"]["deprecationDate"].is_number());
    }
    // An execution started before goes on to the end.
    let task = e.decision_task("d", "tl").await;
    e.respond(
        &task,
        json!([decision("CompleteWorkflowExecution", json!({}))]),
    )
    .await;
    assert_eq!(
        e.describe("d", "w", &run).await["executionInfo"]["closeStatus"],
        "COMPLETED"
    );
}
