//! The reference engine against what histories the live service wrote show (SWF-WIRE.md
//! §11, open issue 29), the facts that concern other executions and services: the child
//! policy applied on a normal close, a child that times out before its first decision,
//! external requests to an unknown execution, a Lambda function without a role.

mod common;

use common::server::{Endpoint, decision, manual_endpoint};
use serde_json::{Value as Json, json};

fn child(workflow_id: &str, extra: Json) -> Json {
    let mut attrs = json!({"workflowType": {"name": "wf", "version": "1"}, "workflowId": workflow_id,
        "taskList": {"name": format!("{workflow_id}-tl")}});
    for (k, v) in extra.as_object().unwrap() {
        attrs[k] = v.clone();
    }
    decision("StartChildWorkflowExecution", attrs)
}

/// Starts `p` (task list `p`, `start` merged into the request) and answers its first
/// decision task with `decisions`; gives its runId.
async fn parent(e: &Endpoint, p: &str, start: Json, decisions: Json) -> String {
    let mut input = json!({"domain": "d", "workflowId": p,
        "workflowType": {"name": "wf", "version": "1"}, "taskList": {"name": p}});
    for (k, v) in start.as_object().unwrap() {
        input[k] = v.clone();
    }
    let run = e.ok("StartWorkflowExecution", input).await["runId"]
        .as_str()
        .unwrap()
        .to_owned();
    let task = e.decision_task("d", p).await;
    assert_eq!(e.respond(&task, decisions).await.status, 200);
    run
}

/// The runId of the one execution (open or closed) of `workflow_id`.
async fn run_of(e: &Endpoint, workflow_id: &str) -> String {
    for op in ["ListOpenWorkflowExecutions", "ListClosedWorkflowExecutions"] {
        let out = e
            .ok(
                op,
                json!({"domain": "d", "startTimeFilter": {"oldestDate": 0},
                "executionFilter": {"workflowId": workflow_id}}),
            )
            .await;
        if let Some(run) = out["executionInfos"][0]["execution"]["runId"].as_str() {
            return run.to_owned();
        }
    }
    panic!("no execution {workflow_id}")
}

#[tokio::test]
async fn a_parent_that_closes_applies_its_child_policy() {
    let (e, _) = manual_endpoint().await;
    e.domain_with_types("d").await;
    let closes = [
        ("CompleteWorkflowExecution", json!({"result": "r"})),
        ("FailWorkflowExecution", json!({"reason": "r"})),
        ("CancelWorkflowExecution", json!({})),
    ];
    for (i, (close, attrs)) in closes.into_iter().enumerate() {
        for policy in ["TERMINATE", "REQUEST_CANCEL", "ABANDON"] {
            let p = format!("p{i}-{policy}");
            let kid = format!("{p}-kid");
            let start = json!({"childPolicy": policy});
            let run = parent(
                &e,
                &p,
                start,
                json!([child(&kid, json!({"childPolicy": "ABANDON"}))]),
            )
            .await;
            // The child's start is a result: the parent's next task closes it.
            let task = e.decision_task("d", &p).await;
            e.respond(&task, json!([decision(close, attrs.clone())]))
                .await;
            let info = &e.describe("d", &p, &run).await["executionInfo"];
            assert_eq!(info["executionStatus"], "CLOSED", "{p}");
            let kid_run = run_of(&e, &kid).await;
            let kid_info = &e.describe("d", &kid, &kid_run).await["executionInfo"];
            let parent_ref = json!({"workflowId": p, "runId": run});
            match policy {
                "TERMINATE" => {
                    assert_eq!(kid_info["closeStatus"], "TERMINATED", "{p}");
                    let term = e
                        .attrs_of("d", &kid, &kid_run, "WorkflowExecutionTerminated")
                        .await;
                    assert_eq!(
                        term,
                        [json!({"childPolicy": "ABANDON", "cause": "CHILD_POLICY_APPLIED"})]
                    );
                }
                "REQUEST_CANCEL" => {
                    assert_eq!(
                        (&kid_info["executionStatus"], &kid_info["cancelRequested"]),
                        (&json!("OPEN"), &json!(true)),
                        "{p}"
                    );
                    let requested = e
                        .attrs_of("d", &kid, &kid_run, "WorkflowExecutionCancelRequested")
                        .await;
                    assert_eq!(
                        requested,
                        [
                            json!({"cause": "CHILD_POLICY_APPLIED", "externalInitiatedEventId": 0,
                            "externalWorkflowExecution": parent_ref})
                        ]
                    );
                }
                _ => assert_eq!(
                    (&kid_info["executionStatus"], &kid_info["cancelRequested"]),
                    (&json!("OPEN"), &json!(false)),
                    "{p}"
                ),
            }
        }
    }
}

#[tokio::test]
async fn a_child_times_out_before_its_first_decision() {
    let (e, clock) = manual_endpoint().await;
    e.domain_with_types("d").await;
    let run = parent(
        &e,
        "p",
        json!({}),
        json!([child("kid", json!({"executionStartToCloseTimeout": "30"}))]),
    )
    .await;
    let kid = run_of(&e, "kid").await;
    clock.advance(30.0);
    let events = e.history("d", "kid", &kid).await;
    let types: Vec<&str> = events
        .iter()
        .map(|ev| ev["eventType"].as_str().unwrap())
        .collect();
    assert_eq!(
        types,
        [
            "WorkflowExecutionStarted",
            "DecisionTaskScheduled",
            "WorkflowExecutionTimedOut"
        ]
    );
    assert_eq!(
        events[2]["workflowExecutionTimedOutEventAttributes"],
        json!({"timeoutType": "START_TO_CLOSE", "childPolicy": "TERMINATE"})
    );
    let told = e
        .attrs_of("d", "p", &run, "ChildWorkflowExecutionTimedOut")
        .await;
    assert_eq!(told[0]["timeoutType"], "START_TO_CLOSE");
}

#[tokio::test]
async fn external_requests_to_an_unknown_execution_fail_pointing_back() {
    let (e, _) = manual_endpoint().await;
    e.domain_with_types("d").await;
    let run = parent(
        &e,
        "w",
        json!({}),
        json!([
            decision(
                "SignalExternalWorkflowExecution",
                json!({"workflowId": "ghost", "signalName": "s", "control": "c1"})
            ),
            decision(
                "RequestCancelExternalWorkflowExecution",
                json!({"workflowId": "ghost", "runId": "r0", "control": "c2"})
            ),
        ]),
    )
    .await;
    let types = e.types_from("d", "w", &run, 5).await;
    assert_eq!(
        types,
        [
            "SignalExternalWorkflowExecutionInitiated",
            "SignalExternalWorkflowExecutionFailed",
            "RequestCancelExternalWorkflowExecutionInitiated",
            "RequestCancelExternalWorkflowExecutionFailed",
            "DecisionTaskScheduled",
        ]
    );
    let signal = e
        .attrs_of("d", "w", &run, "SignalExternalWorkflowExecutionFailed")
        .await;
    assert_eq!(
        signal,
        [
            json!({"workflowId": "ghost", "control": "c1", "cause": "UNKNOWN_EXTERNAL_WORKFLOW_EXECUTION",
            "initiatedEventId": 5, "decisionTaskCompletedEventId": 4})
        ]
    );
    let cancel = e
        .attrs_of(
            "d",
            "w",
            &run,
            "RequestCancelExternalWorkflowExecutionFailed",
        )
        .await;
    assert_eq!(
        cancel,
        [
            json!({"workflowId": "ghost", "runId": "r0", "control": "c2",
            "cause": "UNKNOWN_EXTERNAL_WORKFLOW_EXECUTION", "initiatedEventId": 7,
            "decisionTaskCompletedEventId": 4})
        ]
    );
}

#[tokio::test]
async fn a_lambda_function_without_a_role_fails_to_start() {
    let (e, _) = manual_endpoint().await;
    e.domain_with_types("d").await;
    let lambda = decision(
        "ScheduleLambdaFunction",
        json!({"id": "l1", "name": "fn", "input": "{}", "startToCloseTimeout": "5", "control": "c"}),
    );
    let run = parent(&e, "w", json!({}), json!([lambda.clone()])).await;
    let types = e.types_from("d", "w", &run, 4).await;
    assert_eq!(
        types,
        [
            "DecisionTaskCompleted",
            "LambdaFunctionScheduled",
            "StartLambdaFunctionFailed",
            "DecisionTaskScheduled"
        ]
    );
    assert_eq!(
        e.attrs_of("d", "w", &run, "LambdaFunctionScheduled").await,
        [
            json!({"id": "l1", "name": "fn", "input": "{}", "startToCloseTimeout": "5",
            "control": "c", "decisionTaskCompletedEventId": 4})
        ]
    );
    assert_eq!(
        e.attrs_of("d", "w", &run, "StartLambdaFunctionFailed")
            .await,
        [json!({"scheduledEventId": 5, "cause": "ASSUME_ROLE_FAILED",
            "message": "No IAM role is attached to the current workflow execution."})]
    );
    assert_eq!(
        e.describe("d", "w", &run).await["openCounts"]["openLambdaFunctions"],
        0
    );
    // With a role, no Lambda is behind the reference endpoint.
    let role = json!({"lambdaRole": "arn:aws:iam::123456789012:role/swf-lambda"});
    let run = parent(&e, "r", role, json!([lambda])).await;
    assert_eq!(
        e.attrs_of("d", "r", &run, "ScheduleLambdaFunctionFailed")
            .await,
        [
            json!({"id": "l1", "name": "fn", "cause": "LAMBDA_SERVICE_NOT_AVAILABLE_IN_REGION",
            "decisionTaskCompletedEventId": 4})
        ]
    );
}

/// One call to an in-process engine: its answer.
fn engine_call(engine: &mut swfcheck::server::state::Engine, op: &str, body: Json) -> Json {
    let operation = swfcheck::model::swf().operation(op).unwrap();
    let req = swfcheck::wire::parse_body(operation, body.to_string().as_bytes()).unwrap();
    engine.call(&req).unwrap().unwrap_or(Json::Null)
}

#[test]
fn a_history_of_25000_events_ends_the_run() {
    let mut e = swfcheck::server::state::Engine::new(1_000_000.0);
    engine_call(
        &mut e,
        "RegisterDomain",
        json!({"name": "d", "workflowExecutionRetentionPeriodInDays": "1"}),
    );
    engine_call(
        &mut e,
        "RegisterWorkflowType",
        json!({"domain": "d", "name": "wf", "version": "1", "defaultTaskList": {"name": "tl"},
            "defaultTaskStartToCloseTimeout": "60", "defaultExecutionStartToCloseTimeout": "600",
            "defaultChildPolicy": "ABANDON"}),
    );
    let start =
        json!({"domain": "d", "workflowId": "w", "workflowType": {"name": "wf", "version": "1"}});
    let run = engine_call(&mut e, "StartWorkflowExecution", start)["runId"].clone();
    let execution = json!({"workflowId": "w", "runId": run});
    let describe = json!({"domain": "d", "execution": execution});
    let signal = json!({"domain": "d", "workflowId": "w", "signalName": "s"});
    // Started and DecisionTaskScheduled, then a signal each: 24,999 events, still open.
    for _ in 0..24_997 {
        engine_call(&mut e, "SignalWorkflowExecution", signal.clone());
    }
    let info = engine_call(&mut e, "DescribeWorkflowExecution", describe.clone());
    assert_eq!(info["executionInfo"]["executionStatus"], "OPEN");
    // The 25,000th event ends it.
    engine_call(&mut e, "SignalWorkflowExecution", signal);
    let info = engine_call(&mut e, "DescribeWorkflowExecution", describe);
    assert_eq!(info["executionInfo"]["closeStatus"], "TERMINATED");
    let page =
        json!({"domain": "d", "execution": execution, "reverseOrder": true, "maximumPageSize": 1});
    let last = engine_call(&mut e, "GetWorkflowExecutionHistory", page);
    assert_eq!(
        last["events"][0]["eventId"], 25_001,
        "the terminating event follows the 25,000th"
    );
    assert_eq!(
        last["events"][0]["workflowExecutionTerminatedEventAttributes"],
        json!({"childPolicy": "ABANDON", "cause": "EVENT_LIMIT_EXCEEDED"})
    );
}

#[tokio::test]
async fn the_token_of_a_closed_activity_names_its_scheduled_event() {
    let (e, clock) = manual_endpoint().await;
    e.domain_with_types("d").await;
    let run = parent(
        &e,
        "w",
        json!({}),
        json!([
            decision(
                "ScheduleActivityTask",
                json!({"activityType": {"name": "act", "version": "1"}, "activityId": "done"})
            ),
            decision(
                "ScheduleActivityTask",
                json!({"activityType": {"name": "act", "version": "1"}, "activityId": "late",
                "startToCloseTimeout": "5"})
            ),
        ]),
    )
    .await;
    let done = e.activity_task("d", "acts").await;
    let late = e.activity_task("d", "acts").await;
    e.ok(
        "RespondActivityTaskCompleted",
        json!({"taskToken": done["taskToken"]}),
    )
    .await;
    clock.advance(5.0);
    assert_eq!(
        e.attrs_of("d", "w", &run, "ActivityTaskTimedOut").await[0]["scheduledEventId"],
        6
    );
    for (task, op, scheduled) in [
        (&done, "RespondActivityTaskCompleted", 5),
        (&done, "RecordActivityTaskHeartbeat", 5),
        (&late, "RespondActivityTaskFailed", 6),
    ] {
        let a = e.call(op, json!({"taskToken": task["taskToken"]})).await;
        assert_eq!(a.fault(), Some("UnknownResourceFault"), "{op}");
        assert_eq!(
            a.body["message"],
            format!("Unknown activity, scheduledEventId = {scheduled}"),
            "{op}"
        );
    }
    let unknown = e
        .call(
            "RespondActivityTaskCompleted",
            json!({"taskToken": "never-issued"}),
        )
        .await;
    assert_eq!(unknown.body["message"], "Unknown task token");
}
