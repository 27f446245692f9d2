//! The reference endpoint's decisions over HTTP: each of the 13 decision types with
//! its success events, and every `...Failed` cause that can arise here (issue
//! "The reference endpoint runs real SWF applications"; the model's cause enums).

mod common;

use common::server::{Endpoint, decision, manual_endpoint};
use serde_json::{Value as Json, json};

/// Starts `wf` on task list `tl` in domain `d`, takes its first decision task and
/// answers it with `decisions`; gives the runId.
async fn decided(e: &Endpoint, wf: &str, decisions: Json) -> String {
    decided_on(e, wf, "tl", decisions).await
}

/// [`decided`] on task list `list`.
async fn decided_on(e: &Endpoint, wf: &str, list: &str, decisions: Json) -> String {
    let run = e.start("d", wf, list).await;
    let task = e.decision_task("d", list).await;
    let a = e.respond(&task, decisions).await;
    assert_eq!(a.status, 200, "{}", String::from_utf8_lossy(&a.raw));
    run
}

fn causes(failed: &[Json]) -> Vec<&str> {
    failed
        .iter()
        .map(|f| f["cause"].as_str().unwrap())
        .collect()
}

fn schedule(activity_id: &str, name: &str, extra: Json) -> Json {
    let mut attrs =
        json!({"activityType": {"name": name, "version": "1"}, "activityId": activity_id});
    for (k, v) in extra.as_object().unwrap() {
        attrs[k] = v.clone();
    }
    decision("ScheduleActivityTask", attrs)
}

#[tokio::test]
async fn schedule_activity_task_success_and_every_cause() {
    let (e, _) = manual_endpoint().await;
    e.domain_with_types("d").await;
    for (name, deprecate) in [("bare", false), ("old", true)] {
        e.ok(
            "RegisterActivityType",
            json!({"domain": "d", "name": name, "version": "1"}),
        )
        .await;
        if deprecate {
            e.ok(
                "DeprecateActivityType",
                json!({"domain": "d", "activityType": {"name": name, "version": "1"}}),
            )
            .await;
        }
    }
    let tl = json!({"taskList": {"name": "l"}});
    let run = decided(&e, "w", json!([
        schedule("a1", "act", json!({"input": "in", "control": "c"})),
        schedule("b1", "bare", json!({})),
        schedule("b2", "bare", tl.clone()),
        schedule("b3", "bare", json!({"taskList": {"name": "l"}, "scheduleToCloseTimeout": "30"})),
        schedule("b4", "bare", json!({"taskList": {"name": "l"}, "scheduleToCloseTimeout": "30", "scheduleToStartTimeout": "10"})),
        schedule("b5", "bare", json!({"taskList": {"name": "l"}, "scheduleToCloseTimeout": "30", "scheduleToStartTimeout": "10", "startToCloseTimeout": "20"})),
        schedule("b6", "bare", json!({"taskList": {"name": "l"}, "scheduleToCloseTimeout": "30", "scheduleToStartTimeout": "10", "startToCloseTimeout": "20", "heartbeatTimeout": "NONE"})),
        schedule("z1", "zz", json!({})),
        schedule("o1", "old", json!({})),
        schedule("a1", "act", json!({})),
        schedule("a2", "act", json!({"startToCloseTimeout": "soon"})),
        schedule("a:3", "act", json!({})),
    ])).await;
    let failed = e
        .attrs_of("d", "w", &run, "ScheduleActivityTaskFailed")
        .await;
    assert_eq!(
        causes(&failed),
        [
            "DEFAULT_TASK_LIST_UNDEFINED",
            "DEFAULT_SCHEDULE_TO_CLOSE_TIMEOUT_UNDEFINED",
            "DEFAULT_SCHEDULE_TO_START_TIMEOUT_UNDEFINED",
            "DEFAULT_START_TO_CLOSE_TIMEOUT_UNDEFINED",
            "DEFAULT_HEARTBEAT_TIMEOUT_UNDEFINED",
            "ACTIVITY_TYPE_DOES_NOT_EXIST",
            "ACTIVITY_TYPE_DEPRECATED",
            "ACTIVITY_ID_ALREADY_IN_USE",
            "OPERATION_NOT_PERMITTED",
            "OPERATION_NOT_PERMITTED",
        ]
    );
    assert_eq!(failed[0]["activityId"], "b1");
    assert_eq!(
        failed[0]["activityType"],
        json!({"name": "bare", "version": "1"})
    );
    assert_eq!(failed[0]["decisionTaskCompletedEventId"], 4);
    let scheduled = e.attrs_of("d", "w", &run, "ActivityTaskScheduled").await;
    assert_eq!(scheduled.len(), 2);
    assert_eq!(
        scheduled[0],
        json!({"activityId": "a1", "activityType": {"name": "act", "version": "1"},
        "decisionTaskCompletedEventId": 4, "input": "in", "control": "c", "taskList": {"name": "acts"},
        "scheduleToCloseTimeout": "120", "scheduleToStartTimeout": "60", "startToCloseTimeout": "60",
        "heartbeatTimeout": "NONE"})
    );
    // A failed decision is an event the decider must see: a new decision task follows.
    let types = e.types_from("d", "w", &run, 5).await;
    assert_eq!(
        types
            .iter()
            .filter(|t| *t == "DecisionTaskScheduled")
            .count(),
        1,
        "{types:?}"
    );
    let d = e.describe("d", "w", &run).await;
    assert_eq!(d["openCounts"]["openActivityTasks"], 2);
    assert_eq!(d["latestActivityTaskTimestamp"], 1_000_000.0);
    let task = e.activity_task("d", "acts").await;
    assert_eq!(
        (task["activityId"].as_str(), task["input"].as_str()),
        (Some("a1"), Some("in"))
    );
}

#[tokio::test]
async fn open_activities_timers_and_children_are_limited_to_1000() {
    let (e, _) = manual_endpoint().await;
    e.domain_with_types("d").await;
    let many = |f: &dyn Fn(usize) -> Json| Json::Array((0..1001).map(f).collect());
    let run = decided_on(
        &e,
        "w",
        "w",
        many(&|i| schedule(&format!("a{i}"), "act", json!({}))),
    )
    .await;
    let failed = e
        .attrs_of("d", "w", &run, "ScheduleActivityTaskFailed")
        .await;
    assert_eq!(causes(&failed), ["OPEN_ACTIVITIES_LIMIT_EXCEEDED"]);
    let run = decided_on(
        &e,
        "t",
        "t",
        many(&|i| {
            decision(
                "StartTimer",
                json!({"timerId": format!("t{i}"), "startToFireTimeout": "60"}),
            )
        }),
    )
    .await;
    let failed = e.attrs_of("d", "t", &run, "StartTimerFailed").await;
    assert_eq!(causes(&failed), ["OPEN_TIMERS_LIMIT_EXCEEDED"]);
    let run = decided_on(&e, "c", "c", many(&|i| decision("StartChildWorkflowExecution",
        json!({"workflowType": {"name": "wf", "version": "1"}, "workflowId": format!("c{i}"), "taskList": {"name": "kids"}})))).await;
    let failed = e
        .attrs_of("d", "c", &run, "StartChildWorkflowExecutionFailed")
        .await;
    assert_eq!(causes(&failed), ["OPEN_CHILDREN_LIMIT_EXCEEDED"]);
    assert_eq!(
        e.describe("d", "c", &run).await["openCounts"]["openChildWorkflowExecutions"],
        1000
    );
}

#[tokio::test]
async fn request_cancel_activity_task_before_and_after_it_starts() {
    let (e, _) = manual_endpoint().await;
    e.domain_with_types("d").await;
    let run = decided(
        &e,
        "w",
        json!([
            schedule("a1", "act", json!({})),
            schedule("a2", "act", json!({}))
        ]),
    )
    .await;
    let started = e.activity_task("d", "acts").await;
    assert_eq!(started["activityId"], "a1");
    e.ok(
        "SignalWorkflowExecution",
        json!({"domain": "d", "workflowId": "w", "signalName": "go"}),
    )
    .await;
    let task = e.decision_task("d", "tl").await;
    e.respond(
        &task,
        json!([
            decision("RequestCancelActivityTask", json!({"activityId": "a1"})),
            decision("RequestCancelActivityTask", json!({"activityId": "a2"})),
            decision("RequestCancelActivityTask", json!({"activityId": "nope"})),
        ]),
    )
    .await;
    let requested = e
        .attrs_of("d", "w", &run, "ActivityTaskCancelRequested")
        .await;
    assert_eq!(requested.len(), 2);
    // The model: a scheduled task not yet assigned to a worker "is canceled".
    let canceled = e.attrs_of("d", "w", &run, "ActivityTaskCanceled").await;
    assert_eq!(
        canceled,
        [json!({"scheduledEventId": 6, "startedEventId": 0, "latestCancelRequestedEventId": 13})]
    );
    let failed = e
        .attrs_of("d", "w", &run, "RequestCancelActivityTaskFailed")
        .await;
    assert_eq!(
        failed,
        [
            json!({"activityId": "nope", "cause": "ACTIVITY_ID_UNKNOWN", "decisionTaskCompletedEventId": 11})
        ]
    );
    // The started one learns it from its heartbeat, and may then answer canceled.
    let beat = e
        .ok(
            "RecordActivityTaskHeartbeat",
            json!({"taskToken": started["taskToken"]}),
        )
        .await;
    assert_eq!(beat, json!({"cancelRequested": true}));
    e.ok(
        "RespondActivityTaskCanceled",
        json!({"taskToken": started["taskToken"], "details": "undone"}),
    )
    .await;
    let canceled = e.attrs_of("d", "w", &run, "ActivityTaskCanceled").await;
    assert_eq!(canceled[1]["details"], "undone");
    assert_eq!(canceled[1]["latestCancelRequestedEventId"], 12);
    let again = e
        .call(
            "RespondActivityTaskCompleted",
            json!({"taskToken": started["taskToken"]}),
        )
        .await;
    assert_eq!(again.fault(), Some("UnknownResourceFault"));
}

#[tokio::test]
async fn timers_start_fire_cancel_and_fail() {
    let (e, clock) = manual_endpoint().await;
    e.domain_with_types("d").await;
    let run = decided(
        &e,
        "w",
        json!([
            decision(
                "StartTimer",
                json!({"timerId": "t1", "startToFireTimeout": "5", "control": "c"})
            ),
            decision(
                "StartTimer",
                json!({"timerId": "t1", "startToFireTimeout": "5"})
            ),
            decision(
                "StartTimer",
                json!({"timerId": "t2", "startToFireTimeout": "NONE"})
            ),
            decision(
                "StartTimer",
                json!({"timerId": "t|3", "startToFireTimeout": "5"})
            ),
            decision(
                "StartTimer",
                json!({"timerId": "t4", "startToFireTimeout": "100"})
            ),
            decision(
                "StartTimer",
                json!({"timerId": "now", "startToFireTimeout": "0"})
            ),
        ]),
    )
    .await;
    let started = e.attrs_of("d", "w", &run, "TimerStarted").await;
    assert_eq!(
        started[0],
        json!({"timerId": "t1", "startToFireTimeout": "5", "control": "c", "decisionTaskCompletedEventId": 4})
    );
    let failed = e.attrs_of("d", "w", &run, "StartTimerFailed").await;
    assert_eq!(
        causes(&failed),
        [
            "TIMER_ID_ALREADY_IN_USE",
            "OPERATION_NOT_PERMITTED",
            "OPERATION_NOT_PERMITTED"
        ]
    );
    // "0" fires at once.
    let fired = e.attrs_of("d", "w", &run, "TimerFired").await;
    assert_eq!(fired, [json!({"timerId": "now", "startedEventId": 10})]);
    assert_eq!(
        e.describe("d", "w", &run).await["openCounts"]["openTimers"],
        2
    );
    clock.advance(4.9);
    assert_eq!(e.attrs_of("d", "w", &run, "TimerFired").await.len(), 1);
    clock.advance(0.1);
    let events = e.history("d", "w", &run).await;
    let fired = events
        .iter()
        .find(|x| {
            x["eventType"] == "TimerFired" && x["timerFiredEventAttributes"]["timerId"] == "t1"
        })
        .unwrap();
    assert_eq!(fired["eventTimestamp"], 1_000_005.0);
    let task = e.decision_task("d", "tl").await;
    e.respond(
        &task,
        json!([
            decision("CancelTimer", json!({"timerId": "t4"})),
            decision("CancelTimer", json!({"timerId": "t1"})),
        ]),
    )
    .await;
    let canceled = e.attrs_of("d", "w", &run, "TimerCanceled").await;
    assert_eq!(canceled[0]["timerId"], "t4");
    let failed = e.attrs_of("d", "w", &run, "CancelTimerFailed").await;
    assert_eq!(causes(&failed), ["TIMER_ID_UNKNOWN"]);
    clock.advance(200.0);
    assert_eq!(
        e.attrs_of("d", "w", &run, "TimerFired").await.len(),
        2,
        "a canceled timer never fires"
    );
    assert_eq!(
        e.describe("d", "w", &run).await["openCounts"]["openTimers"],
        0
    );
}

#[tokio::test]
async fn closing_decisions_and_unhandled_decision() {
    let (e, _) = manual_endpoint().await;
    e.domain_with_types("d").await;
    for (i, (t, attrs, event, status)) in [
        (
            "CompleteWorkflowExecution",
            json!({"result": "r"}),
            "WorkflowExecutionCompleted",
            "COMPLETED",
        ),
        (
            "FailWorkflowExecution",
            json!({"reason": "why", "details": "d"}),
            "WorkflowExecutionFailed",
            "FAILED",
        ),
        (
            "CancelWorkflowExecution",
            json!({"details": "d"}),
            "WorkflowExecutionCanceled",
            "CANCELED",
        ),
        (
            "ContinueAsNewWorkflowExecution",
            json!({"input": "next"}),
            "WorkflowExecutionContinuedAsNew",
            "CONTINUED_AS_NEW",
        ),
    ]
    .into_iter()
    .enumerate()
    {
        let wf = format!("w{i}");
        let run = e.start("d", &wf, "tl").await;
        let task = e.decision_task("d", "tl").await;
        // An event arrives while the task is started: the closing decision fails.
        e.ok(
            "SignalWorkflowExecution",
            json!({"domain": "d", "workflowId": wf, "signalName": "s"}),
        )
        .await;
        e.respond(&task, json!([decision(t, attrs.clone())])).await;
        let failed = e.attrs_of("d", &wf, &run, &format!("{t}Failed")).await;
        assert_eq!(
            failed,
            [json!({"cause": "UNHANDLED_DECISION", "decisionTaskCompletedEventId": 5})],
            "{t}"
        );
        assert_eq!(
            e.describe("d", &wf, &run).await["executionInfo"]["executionStatus"],
            "OPEN"
        );
        let task = e.decision_task("d", "tl").await;
        assert_eq!(task["previousStartedEventId"], 3);
        e.respond(&task, json!([decision(t, attrs.clone())])).await;
        let closed = e.attrs_of("d", &wf, &run, event).await;
        assert_eq!(closed.len(), 1, "{t}");
        for (k, v) in attrs.as_object().unwrap() {
            assert_eq!(&closed[0][k], v, "{t} {k}");
        }
        assert_eq!(closed[0]["decisionTaskCompletedEventId"], 9);
        let info = &e.describe("d", &wf, &run).await["executionInfo"];
        assert_eq!(
            (
                info["executionStatus"].as_str(),
                info["closeStatus"].as_str()
            ),
            (Some("CLOSED"), Some(status))
        );
    }
}

#[tokio::test]
async fn a_malformed_decision_list_is_refused_whole() {
    let (e, _) = manual_endpoint().await;
    e.domain_with_types("d").await;
    let run = e.start("d", "w", "tl").await;
    let task = e.decision_task("d", "tl").await;
    let before = e.history("d", "w", &run).await;
    let not_last = e
        .respond(
            &task,
            json!([
                decision("CompleteWorkflowExecution", json!({})),
                decision("RecordMarker", json!({"markerName": "m"})),
            ]),
        )
        .await;
    assert_eq!(not_last.fault(), Some("ValidationException"));
    assert_eq!(
        not_last.body["message"],
        "Close must be last decision in list"
    );
    let missing = e
        .respond(&task, json!([{"decisionType": "StartTimer"}]))
        .await;
    assert_eq!(missing.fault(), Some("ValidationException"));
    assert_eq!(
        missing.body["message"],
        "1 validation error detected: Value null at 'decisions.1.member.startTimerDecisionAttributes' failed to satisfy constraint: Member must not be null"
    );
    assert_eq!(e.history("d", "w", &run).await, before, "nothing applied");
    // The task token stays valid.
    let a = e
        .respond(
            &task,
            json!([{"decisionType": "CompleteWorkflowExecution"}]),
        )
        .await;
    assert_eq!(a.status, 200);
}

#[tokio::test]
async fn markers_and_lambda_functions() {
    let (e, _) = manual_endpoint().await;
    e.domain_with_types("d").await;
    let run = decided(
        &e,
        "w",
        json!([decision(
            "RecordMarker",
            json!({"markerName": "m", "details": "x"})
        ),]),
    )
    .await;
    assert_eq!(
        e.attrs_of("d", "w", &run, "MarkerRecorded").await,
        [json!({"markerName": "m", "details": "x", "decisionTaskCompletedEventId": 4})]
    );
    assert_eq!(
        e.event_types("d", "w", &run).await.last().unwrap(),
        "MarkerRecorded",
        "a marker schedules nothing"
    );
    e.ok(
        "SignalWorkflowExecution",
        json!({"domain": "d", "workflowId": "w", "signalName": "go"}),
    )
    .await;
    let task = e.decision_task("d", "tl").await;
    e.respond(
        &task,
        json!([decision(
            "ScheduleLambdaFunction",
            json!({"id": "l1", "name": "fn"})
        )]),
    )
    .await;
    // No lambdaRole on the execution: scheduled, then failed to start (SWF-WIRE.md §11;
    // tests/engine_live_others.rs holds the rest).
    let failed = e
        .attrs_of("d", "w", &run, "StartLambdaFunctionFailed")
        .await;
    assert_eq!(
        failed,
        [
            json!({"scheduledEventId": 10, "cause": "ASSUME_ROLE_FAILED", "message": "No IAM role is attached to the current workflow execution."})
        ]
    );
    assert_eq!(
        e.event_types("d", "w", &run).await.last().unwrap(),
        "DecisionTaskScheduled"
    );
}

#[tokio::test]
async fn continue_as_new_and_its_causes() {
    let (e, _) = manual_endpoint().await;
    e.domain_with_types("d").await;
    for (version, body) in [
        (
            "2",
            json!({"defaultTaskList": {"name": "tl"}, "defaultTaskStartToCloseTimeout": "60",
        "defaultExecutionStartToCloseTimeout": "600", "defaultChildPolicy": "ABANDON"}),
        ),
        ("old", json!({})),
        ("bare", json!({})),
    ] {
        let mut reg = json!({"domain": "d", "name": "wf", "version": version});
        for (k, v) in body.as_object().unwrap() {
            reg[k] = v.clone();
        }
        e.ok("RegisterWorkflowType", reg).await;
    }
    e.ok(
        "DeprecateWorkflowType",
        json!({"domain": "d", "workflowType": {"name": "wf", "version": "old"}}),
    )
    .await;
    let run = e.start("d", "w", "tl").await;
    let attempts = [
        (
            json!({"workflowTypeVersion": "9"}),
            "WORKFLOW_TYPE_DOES_NOT_EXIST",
        ),
        (
            json!({"workflowTypeVersion": "old"}),
            "WORKFLOW_TYPE_DEPRECATED",
        ),
        (
            json!({"workflowTypeVersion": "bare"}),
            "DEFAULT_TASK_LIST_UNDEFINED",
        ),
        (
            json!({"workflowTypeVersion": "bare", "taskList": {"name": "tl"}}),
            "DEFAULT_EXECUTION_START_TO_CLOSE_TIMEOUT_UNDEFINED",
        ),
        (
            json!({"workflowTypeVersion": "bare", "taskList": {"name": "tl"}, "executionStartToCloseTimeout": "60"}),
            "DEFAULT_TASK_START_TO_CLOSE_TIMEOUT_UNDEFINED",
        ),
        (
            json!({"workflowTypeVersion": "bare", "taskList": {"name": "tl"}, "executionStartToCloseTimeout": "60", "taskStartToCloseTimeout": "10"}),
            "DEFAULT_CHILD_POLICY_UNDEFINED",
        ),
    ];
    for (attrs, _) in &attempts {
        let task = e.decision_task("d", "tl").await;
        e.respond(
            &task,
            json!([decision("ContinueAsNewWorkflowExecution", attrs.clone())]),
        )
        .await;
    }
    let failed = e
        .attrs_of("d", "w", &run, "ContinueAsNewWorkflowExecutionFailed")
        .await;
    assert_eq!(
        causes(&failed),
        attempts.iter().map(|(_, c)| *c).collect::<Vec<_>>()
    );
    let task = e.decision_task("d", "tl").await;
    e.respond(
        &task,
        json!([decision(
            "ContinueAsNewWorkflowExecution",
            json!({"input": "i2", "workflowTypeVersion": "2", "tagList": ["t"]})
        )]),
    )
    .await;
    let continued = e
        .attrs_of("d", "w", &run, "WorkflowExecutionContinuedAsNew")
        .await;
    let new_run = continued[0]["newExecutionRunId"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_ne!(new_run, run);
    assert_eq!(
        continued[0]["workflowType"],
        json!({"name": "wf", "version": "2"})
    );
    assert_eq!(continued[0]["childPolicy"], "ABANDON");
    assert_eq!(
        e.describe("d", "w", &run).await["executionInfo"]["closeStatus"],
        "CONTINUED_AS_NEW"
    );
    let started = e
        .attrs_of("d", "w", &new_run, "WorkflowExecutionStarted")
        .await;
    assert_eq!(started[0]["continuedExecutionRunId"], run.as_str());
    assert_eq!(started[0]["input"], "i2");
    assert_eq!(
        e.describe("d", "w", &new_run).await["executionInfo"]["tagList"],
        json!(["t"])
    );
    let task = e.decision_task("d", "tl").await;
    assert_eq!(task["workflowExecution"]["runId"], new_run.as_str());
}

#[tokio::test]
async fn signals_and_cancel_requests_between_executions() {
    let (e, _) = manual_endpoint().await;
    e.domain_with_types("d").await;
    let target = e.start("d", "target", "other").await;
    let run = decided(
        &e,
        "w",
        json!([
            decision(
                "SignalExternalWorkflowExecution",
                json!({"workflowId": "target", "signalName": "s", "input": "i", "control": "c"})
            ),
            decision(
                "SignalExternalWorkflowExecution",
                json!({"workflowId": "ghost", "signalName": "s"})
            ),
            decision(
                "RequestCancelExternalWorkflowExecution",
                json!({"workflowId": "target", "runId": target})
            ),
            decision(
                "RequestCancelExternalWorkflowExecution",
                json!({"workflowId": "target", "runId": "nope"})
            ),
        ]),
    )
    .await;
    let types = e.types_from("d", "w", &run, 5).await;
    assert_eq!(
        types,
        [
            "SignalExternalWorkflowExecutionInitiated",
            "ExternalWorkflowExecutionSignaled",
            "SignalExternalWorkflowExecutionInitiated",
            "SignalExternalWorkflowExecutionFailed",
            "RequestCancelExternalWorkflowExecutionInitiated",
            "ExternalWorkflowExecutionCancelRequested",
            "RequestCancelExternalWorkflowExecutionInitiated",
            "RequestCancelExternalWorkflowExecutionFailed",
            // The next decision task comes after all of the task's decision events.
            "DecisionTaskScheduled",
        ]
    );
    let initiated = e
        .attrs_of("d", "w", &run, "SignalExternalWorkflowExecutionInitiated")
        .await;
    assert_eq!(
        initiated[0],
        json!({"workflowId": "target", "signalName": "s", "input": "i", "control": "c", "decisionTaskCompletedEventId": 4})
    );
    let signaled = e
        .attrs_of("d", "w", &run, "ExternalWorkflowExecutionSignaled")
        .await;
    assert_eq!(
        signaled[0],
        json!({"workflowExecution": {"workflowId": "target", "runId": target}, "initiatedEventId": 5})
    );
    let failed = e
        .attrs_of("d", "w", &run, "SignalExternalWorkflowExecutionFailed")
        .await;
    assert_eq!(
        failed[0],
        json!({"workflowId": "ghost", "cause": "UNKNOWN_EXTERNAL_WORKFLOW_EXECUTION", "initiatedEventId": 7, "decisionTaskCompletedEventId": 4})
    );
    let failed = e
        .attrs_of(
            "d",
            "w",
            &run,
            "RequestCancelExternalWorkflowExecutionFailed",
        )
        .await;
    assert_eq!(causes(&failed), ["UNKNOWN_EXTERNAL_WORKFLOW_EXECUTION"]);
    let source = json!({"workflowId": "w", "runId": run});
    let got = e
        .attrs_of("d", "target", &target, "WorkflowExecutionSignaled")
        .await;
    assert_eq!(
        got[0],
        json!({"signalName": "s", "input": "i", "externalWorkflowExecution": source, "externalInitiatedEventId": 5})
    );
    let got = e
        .attrs_of("d", "target", &target, "WorkflowExecutionCancelRequested")
        .await;
    assert_eq!(
        got[0],
        json!({"externalWorkflowExecution": source, "externalInitiatedEventId": 9})
    );
    assert_eq!(
        e.describe("d", "target", &target).await["executionInfo"]["cancelRequested"],
        true
    );
    // The API signal with input.
    e.ok(
        "SignalWorkflowExecution",
        json!({"domain": "d", "workflowId": "target", "signalName": "api", "input": "x"}),
    )
    .await;
    let got = e
        .attrs_of("d", "target", &target, "WorkflowExecutionSignaled")
        .await;
    assert_eq!(got[1], json!({"signalName": "api", "input": "x"}));
}
