//! The reference engine against what histories the live service wrote show (SWF-WIRE.md
//! §11, open issue 29), one test per fact: decision tasks one at a time and at once after a
//! failed decision, decisions sharing their DecisionTaskCompleted, the zero ids, values kept
//! as sent, cancels nobody asked for, paging; the facts about other executions (children,
//! external requests, Lambda) are in tests/engine_live_others.rs.

mod common;

use common::server::{Endpoint, decision, manual_endpoint};
use serde_json::{Value as Json, json};

/// Starts `wf` on a task list of its own name in domain `d` and takes its first decision task.
async fn started(e: &Endpoint, wf: &str) -> (String, Json) {
    let run = e.start("d", wf, wf).await;
    let task = e.decision_task("d", wf).await;
    (run, task)
}

fn signal(wf: &str, name: &str) -> Json {
    json!({"domain": "d", "workflowId": wf, "signalName": name})
}

#[tokio::test]
async fn one_decision_task_at_a_time() {
    let (e, _) = manual_endpoint().await;
    e.domain_with_types("d").await;
    let run = e.start("d", "w", "tl").await;
    // Scheduled, not started: signals land before its DecisionTaskStarted, no second one.
    e.ok("SignalWorkflowExecution", signal("w", "a")).await;
    e.ok("SignalWorkflowExecution", signal("w", "b")).await;
    let task = e.decision_task("d", "tl").await;
    e.respond(
        &task,
        json!([decision(
            "ScheduleActivityTask",
            json!({"activityType": {"name": "act", "version": "1"}, "activityId": "a1"})
        )]),
    )
    .await;
    let worker = e.activity_task("d", "acts").await;
    e.ok("SignalWorkflowExecution", signal("w", "c")).await;
    // Started: an activity result and a signal wait for the next task, scheduled at the
    // completion of this one.
    let task = e.decision_task("d", "tl").await;
    e.ok(
        "RespondActivityTaskCompleted",
        json!({"taskToken": worker["taskToken"], "result": "r"}),
    )
    .await;
    e.ok("SignalWorkflowExecution", signal("w", "d")).await;
    e.respond(&task, json!([])).await;
    assert_eq!(
        e.event_types("d", "w", &run).await,
        [
            "WorkflowExecutionStarted",
            "DecisionTaskScheduled",
            "WorkflowExecutionSignaled",
            "WorkflowExecutionSignaled",
            "DecisionTaskStarted",
            "DecisionTaskCompleted",
            "ActivityTaskScheduled",
            "ActivityTaskStarted",
            "WorkflowExecutionSignaled",
            "DecisionTaskScheduled",
            "DecisionTaskStarted",
            "ActivityTaskCompleted",
            "WorkflowExecutionSignaled",
            "DecisionTaskCompleted",
            "DecisionTaskScheduled",
        ]
    );
}

#[tokio::test]
async fn a_failed_decision_is_followed_at_once_by_a_decision_task() {
    let (e, _) = manual_endpoint().await;
    e.domain_with_types("d").await;
    for (wf, d) in [
        (
            "t",
            decision(
                "StartTimer",
                json!({"timerId": "a|b", "startToFireTimeout": "5"}),
            ),
        ),
        ("c", decision("CancelTimer", json!({"timerId": "none"}))),
        (
            "s",
            decision(
                "ScheduleActivityTask",
                json!({"activityType": {"name": "nope", "version": "1"}, "activityId": "x"}),
            ),
        ),
    ] {
        let (run, task) = started(&e, wf).await;
        e.respond(&task, json!([d])).await;
        let types = e.types_from("d", wf, &run, 4).await;
        assert_eq!(types.len(), 3, "{types:?}");
        assert_eq!(types[0], "DecisionTaskCompleted");
        assert!(types[1].ends_with("Failed"), "{types:?}");
        assert_eq!(types[2], "DecisionTaskScheduled");
    }
}

#[tokio::test]
async fn several_decisions_keep_their_order_and_share_one_completed_event() {
    let (e, _) = manual_endpoint().await;
    e.domain_with_types("d").await;
    let (run, task) = started(&e, "w").await;
    e.respond(
        &task,
        json!([
            decision(
                "StartTimer",
                json!({"timerId": "t", "startToFireTimeout": "600"})
            ),
            decision("RecordMarker", json!({"markerName": "m"})),
        ]),
    )
    .await;
    e.ok("SignalWorkflowExecution", signal("w", "go")).await;
    let task = e.decision_task("d", "w").await;
    e.respond(
        &task,
        json!([
            decision("CancelTimer", json!({"timerId": "t"})),
            decision("CompleteWorkflowExecution", json!({"result": "done"})),
        ]),
    )
    .await;
    let events = e.history("d", "w", &run).await;
    let tail: Vec<(&str, &Json)> = events[events.len() - 3..]
        .iter()
        .map(|ev| {
            let t = ev["eventType"].as_str().unwrap();
            (t, &ev[swfcheck::model::event_attributes_key(t)])
        })
        .collect();
    assert_eq!(tail[0].0, "DecisionTaskCompleted");
    let completed = events[events.len() - 3]["eventId"].clone();
    assert_eq!(
        (tail[1].0, tail[2].0),
        ("TimerCanceled", "WorkflowExecutionCompleted")
    );
    for (_, attrs) in &tail[1..] {
        assert_eq!(attrs["decisionTaskCompletedEventId"], completed);
    }
    // The first list's two decisions share theirs too.
    let first: Vec<&Json> = events[4..6].iter().map(|ev| &ev["eventType"]).collect();
    assert_eq!(first, ["TimerStarted", "MarkerRecorded"]);
    for ev in &events[4..6] {
        let t = ev["eventType"].as_str().unwrap();
        let attrs = &ev[swfcheck::model::event_attributes_key(t)];
        assert_eq!(attrs["decisionTaskCompletedEventId"], 4);
    }
}

#[tokio::test]
async fn zero_ids_where_nothing_started_or_was_initiated() {
    let (e, clock) = manual_endpoint().await;
    e.domain_with_types("d").await;
    let (run, task) = started(&e, "w").await;
    let started_attrs = e.attrs_of("d", "w", &run, "WorkflowExecutionStarted").await;
    assert_eq!(
        started_attrs[0]["parentInitiatedEventId"], 0,
        "a root execution"
    );
    e.respond(
        &task,
        json!([
            decision(
                "ScheduleActivityTask",
                json!({"activityType": {"name": "act", "version": "1"}, "activityId": "late",
                "taskList": {"name": "nobody"}, "scheduleToStartTimeout": "10"})
            ),
            decision(
                "StartChildWorkflowExecution",
                json!({"workflowType": {"name": "ghost", "version": "1"}, "workflowId": "kid"})
            ),
        ]),
    )
    .await;
    clock.advance(10.0);
    let timed_out = e.attrs_of("d", "w", &run, "ActivityTaskTimedOut").await;
    assert_eq!(
        timed_out,
        [json!({"timeoutType": "SCHEDULE_TO_START", "scheduledEventId": 5, "startedEventId": 0})]
    );
    let failed = e
        .attrs_of("d", "w", &run, "StartChildWorkflowExecutionFailed")
        .await;
    assert_eq!(
        failed,
        [
            json!({"workflowType": {"name": "ghost", "version": "1"}, "workflowId": "kid",
        "cause": "WORKFLOW_TYPE_DOES_NOT_EXIST", "initiatedEventId": 0, "decisionTaskCompletedEventId": 4})
        ]
    );
    let types = e.event_types("d", "w", &run).await;
    assert!(
        !types.contains(&"StartChildWorkflowExecutionInitiated".to_owned()),
        "{types:?}"
    );
}

#[tokio::test]
async fn a_signal_with_empty_input_keeps_it() {
    let (e, _) = manual_endpoint().await;
    e.domain_with_types("d").await;
    let run = e.start("d", "target", "other").await;
    e.ok(
        "SignalWorkflowExecution",
        json!({"domain": "d", "workflowId": "target", "signalName": "api", "input": ""}),
    )
    .await;
    let (_, task) = started(&e, "sender").await;
    e.respond(
        &task,
        json!([decision(
            "SignalExternalWorkflowExecution",
            json!({"workflowId": "target", "signalName": "ext", "input": ""})
        )]),
    )
    .await;
    let got = e
        .attrs_of("d", "target", &run, "WorkflowExecutionSignaled")
        .await;
    assert_eq!(got[0], json!({"signalName": "api", "input": ""}));
    assert_eq!(got[1]["input"], "");
}

#[tokio::test]
async fn an_activity_and_a_workflow_are_canceled_without_a_request() {
    let (e, _) = manual_endpoint().await;
    e.domain_with_types("d").await;
    let (run, task) = started(&e, "w").await;
    e.respond(
        &task,
        json!([decision(
            "ScheduleActivityTask",
            json!({"activityType": {"name": "act", "version": "1"}, "activityId": "a1"})
        )]),
    )
    .await;
    let worker = e.activity_task("d", "acts").await;
    e.ok(
        "RespondActivityTaskCanceled",
        json!({"taskToken": worker["taskToken"], "details": "gave up"}),
    )
    .await;
    let canceled = e.attrs_of("d", "w", &run, "ActivityTaskCanceled").await;
    assert_eq!(
        canceled,
        [json!({"scheduledEventId": 5, "startedEventId": 6, "details": "gave up"})]
    );
    let task = e.decision_task("d", "w").await;
    let a = e
        .respond(
            &task,
            json!([decision(
                "CancelWorkflowExecution",
                json!({"details": "unasked"})
            )]),
        )
        .await;
    assert_eq!(a.status, 200);
    let info = &e.describe("d", "w", &run).await["executionInfo"];
    assert_eq!(
        (&info["closeStatus"], &info["cancelRequested"]),
        (&json!("CANCELED"), &json!(false))
    );
}

#[tokio::test]
async fn reverse_order_reverses_the_whole_history_then_pages_it() {
    let (e, _) = manual_endpoint().await;
    e.domain_with_types("d").await;
    let run = e.start("d", "w", "tl").await;
    for name in ["a", "b", "c"] {
        e.ok("SignalWorkflowExecution", signal("w", name)).await;
    }
    let execution = json!({"workflowId": "w", "runId": run});
    let mut ids = Vec::new();
    let mut input =
        json!({"domain": "d", "execution": execution, "maximumPageSize": 2, "reverseOrder": true});
    loop {
        let page = e.ok("GetWorkflowExecutionHistory", input.clone()).await;
        ids.extend(
            page["events"]
                .as_array()
                .unwrap()
                .iter()
                .map(|ev| ev["eventId"].clone()),
        );
        match page.get("nextPageToken") {
            Some(t) => input["nextPageToken"] = t.clone(),
            None => break,
        }
    }
    assert_eq!(ids, [json!(5), json!(4), json!(3), json!(2), json!(1)]);
    let refused = e
        .call(
            "GetWorkflowExecutionHistory",
            json!({"domain": "d", "execution": execution, "maximumPageSize": 1001}),
        )
        .await;
    assert_eq!(refused.fault(), Some("ValidationException"));
    let message = refused.body["message"].as_str().unwrap();
    assert!(
        message.ends_with(
            "Value '1001' at 'maximumPageSize' failed to satisfy constraint: \
             Member must have value less than or equal to 1000"
        ),
        "{message}"
    );
}

#[tokio::test]
async fn an_unknown_decision_type_is_refused_by_its_position() {
    let (e, _) = manual_endpoint().await;
    e.domain_with_types("d").await;
    let (run, task) = started(&e, "w").await;
    let before = e.history("d", "w", &run).await;
    let refused = e
        .respond(
            &task,
            json!([decision("RecordMarker", json!({"markerName": "m"})), {"decisionType": "Sleep"}]),
        )
        .await;
    assert_eq!(refused.fault(), Some("ValidationException"));
    let message = refused.body["message"].as_str().unwrap();
    assert!(
        message.contains("at 'decisions.2.member.decisionType'"),
        "{message}"
    );
    assert_eq!(e.history("d", "w", &run).await, before, "nothing applied");
}
