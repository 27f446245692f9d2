//! Timeouts over HTTP on a manual clock: the four activity timeout kinds, decision
//! task and execution timeouts, late answers refused, retention, and the driver that
//! fires deadlines on the real clock while nobody calls.

mod common;

use common::server::{Endpoint, decision, endpoint, manual_endpoint};
use serde_json::{Value as Json, json};

/// Starts `wf` on its own task list and schedules activity `a` with `timeouts`.
async fn with_activity(e: &Endpoint, wf: &str, timeouts: Json) -> String {
    let run = e.start("d", wf, wf).await;
    let mut attrs = json!({"activityType": {"name": "act", "version": "1"}, "activityId": "a",
        "taskList": {"name": format!("{wf}-acts")}});
    for (k, v) in timeouts.as_object().unwrap() {
        attrs[k] = v.clone();
    }
    let task = e.decision_task("d", wf).await;
    e.respond(&task, json!([decision("ScheduleActivityTask", attrs)]))
        .await;
    run
}

async fn timed_out(e: &Endpoint, wf: &str, run: &str) -> Vec<Json> {
    e.attrs_of("d", wf, run, "ActivityTaskTimedOut").await
}

#[tokio::test]
async fn activity_tasks_time_out_in_each_of_the_four_ways() {
    let (e, clock) = manual_endpoint().await;
    e.domain_with_types("d").await;
    let s2s = with_activity(&e, "s2s", json!({"scheduleToStartTimeout": "10"})).await;
    let s2c = with_activity(
        &e,
        "s2c",
        json!({"scheduleToCloseTimeout": "15", "startToCloseTimeout": "100"}),
    )
    .await;
    let st2c = with_activity(&e, "st2c", json!({"startToCloseTimeout": "20"})).await;
    let hb = with_activity(&e, "hb", json!({"heartbeatTimeout": "10"})).await;
    clock.advance(5.0);
    let t_s2c = e.activity_task("d", "s2c-acts").await;
    let t_st2c = e.activity_task("d", "st2c-acts").await;
    let t_hb = e.activity_task("d", "hb-acts").await;
    clock.advance(5.0);
    assert_eq!(
        timed_out(&e, "s2s", &s2s).await,
        [json!({"timeoutType": "SCHEDULE_TO_START", "scheduledEventId": 5, "startedEventId": 0})]
    );
    let empty = e
        .ok(
            "PollForActivityTask",
            json!({"domain": "d", "taskList": {"name": "s2s-acts"}}),
        )
        .await;
    assert!(
        empty.get("taskToken").is_none(),
        "a timed-out task is not handed out"
    );
    // A heartbeat restarts the heartbeat timeout and its details travel with a timeout.
    e.ok(
        "RecordActivityTaskHeartbeat",
        json!({"taskToken": t_hb["taskToken"], "details": "50%"}),
    )
    .await;
    clock.advance(5.0);
    assert_eq!(
        timed_out(&e, "s2c", &s2c).await,
        [json!({"timeoutType": "SCHEDULE_TO_CLOSE", "scheduledEventId": 5, "startedEventId": 6})]
    );
    assert!(timed_out(&e, "hb", &hb).await.is_empty());
    clock.advance(5.0);
    assert_eq!(
        timed_out(&e, "hb", &hb).await,
        [
            json!({"timeoutType": "HEARTBEAT", "scheduledEventId": 5, "startedEventId": 6, "details": "50%"})
        ]
    );
    clock.advance(5.0);
    assert_eq!(
        timed_out(&e, "st2c", &st2c).await,
        [json!({"timeoutType": "START_TO_CLOSE", "scheduledEventId": 5, "startedEventId": 6})]
    );
    // Late answers from timed-out tasks are refused.
    for (op, t) in [
        ("RespondActivityTaskCompleted", &t_s2c),
        ("RespondActivityTaskFailed", &t_st2c),
        ("RecordActivityTaskHeartbeat", &t_hb),
    ] {
        let late = e.call(op, json!({"taskToken": t["taskToken"]})).await;
        assert_eq!(late.fault(), Some("UnknownResourceFault"), "{op}");
    }
    // Each timeout is an event the decider must see.
    for (wf, run) in [("s2s", &s2s), ("s2c", &s2c), ("st2c", &st2c), ("hb", &hb)] {
        assert_eq!(
            e.event_types("d", wf, run).await.last().unwrap(),
            "DecisionTaskScheduled",
            "{wf}"
        );
        assert_eq!(
            e.describe("d", wf, run).await["openCounts"]["openActivityTasks"],
            0
        );
    }
}

#[tokio::test]
async fn a_decision_task_times_out_and_a_new_one_is_scheduled() {
    let (e, clock) = manual_endpoint().await;
    e.domain_with_types("d").await;
    let run = e
        .ok(
            "StartWorkflowExecution",
            json!({"domain": "d", "workflowId": "w",
        "workflowType": {"name": "wf", "version": "1"}, "taskStartToCloseTimeout": "10"}),
        )
        .await["runId"]
        .as_str()
        .unwrap()
        .to_owned();
    let task = e.decision_task("d", "tl").await;
    clock.advance(9.0);
    assert_eq!(e.event_types("d", "w", &run).await.len(), 3);
    clock.advance(1.0);
    let timed_out = e.attrs_of("d", "w", &run, "DecisionTaskTimedOut").await;
    assert_eq!(
        timed_out,
        [json!({"timeoutType": "START_TO_CLOSE", "scheduledEventId": 2, "startedEventId": 3})]
    );
    assert_eq!(
        e.event_types("d", "w", &run).await.last().unwrap(),
        "DecisionTaskScheduled"
    );
    let late = e.respond(&task, json!([])).await;
    assert_eq!(late.fault(), Some("UnknownResourceFault"));
    let again = e.decision_task("d", "tl").await;
    assert_eq!(
        (
            again["startedEventId"].as_i64(),
            again["previousStartedEventId"].as_i64()
        ),
        (Some(6), Some(0))
    );
    assert_eq!(e.respond(&again, json!([])).await.status, 200);
}

#[tokio::test]
async fn an_execution_times_out_and_drops_its_work() {
    let (e, clock) = manual_endpoint().await;
    e.domain_with_types("d").await;
    let run = e
        .ok(
            "StartWorkflowExecution",
            json!({"domain": "d", "workflowId": "w",
        "workflowType": {"name": "wf", "version": "1"}, "executionStartToCloseTimeout": "30"}),
        )
        .await["runId"]
        .as_str()
        .unwrap()
        .to_owned();
    clock.advance(30.0);
    let info = &e.describe("d", "w", &run).await["executionInfo"];
    assert_eq!(
        (
            info["executionStatus"].as_str(),
            info["closeStatus"].as_str()
        ),
        (Some("CLOSED"), Some("TIMED_OUT"))
    );
    assert_eq!(info["closeTimestamp"], 1_000_030.0);
    let pending = e
        .ok(
            "CountPendingDecisionTasks",
            json!({"domain": "d", "taskList": {"name": "tl"}}),
        )
        .await;
    assert_eq!(pending["count"], 0);
    let cancel = e
        .call(
            "RequestCancelWorkflowExecution",
            json!({"domain": "d", "workflowId": "w"}),
        )
        .await;
    assert_eq!(cancel.fault(), Some("UnknownResourceFault"));
}

#[tokio::test]
async fn closed_executions_are_kept_for_the_retention_period_only() {
    let (e, clock) = manual_endpoint().await;
    e.domain_with_types("d").await; // retention "1" day
    e.ok(
        "RegisterDomain",
        json!({"name": "z", "workflowExecutionRetentionPeriodInDays": "0"}),
    )
    .await;
    e.ok("RegisterWorkflowType", json!({"domain": "z", "name": "wf", "version": "1", "defaultTaskList": {"name": "tl"},
        "defaultTaskStartToCloseTimeout": "60", "defaultExecutionStartToCloseTimeout": "600", "defaultChildPolicy": "TERMINATE"})).await;
    let kept = e.start("d", "w", "tl").await;
    let gone = e.start("z", "w", "tl").await;
    for d in ["d", "z"] {
        e.ok(
            "TerminateWorkflowExecution",
            json!({"domain": d, "workflowId": "w"}),
        )
        .await;
    }
    let describe = |d: &'static str, run: String| {
        let e = &e;
        async move {
            e.call(
                "DescribeWorkflowExecution",
                json!({"domain": d, "execution": {"workflowId": "w", "runId": run}}),
            )
            .await
        }
    };
    // The model: with 0 days "the execution record and its history are deleted" at once.
    assert_eq!(
        describe("z", gone).await.fault(),
        Some("UnknownResourceFault")
    );
    clock.advance(86_399.0);
    assert_eq!(describe("d", kept.clone()).await.status, 200);
    clock.advance(1.0);
    assert_eq!(
        describe("d", kept).await.fault(),
        Some("UnknownResourceFault")
    );
    let listed = e
        .ok(
            "ListClosedWorkflowExecutions",
            json!({"domain": "d", "startTimeFilter": {"oldestDate": 0}}),
        )
        .await;
    assert_eq!(listed["executionInfos"], json!([]));
}

#[tokio::test]
async fn on_the_real_clock_a_timer_fires_while_nobody_calls() {
    let e = endpoint().await;
    e.domain_with_types("d").await;
    let run = e.start("d", "w", "tl").await;
    let task = e.decision_task("d", "tl").await;
    e.respond(
        &task,
        json!([decision(
            "StartTimer",
            json!({"timerId": "t", "startToFireTimeout": "1"})
        )]),
    )
    .await;
    // A long poll (300 ms each) wakes with the decision task the fired timer scheduled.
    let mut polls = 0;
    let task = loop {
        polls += 1;
        let t = e
            .ok(
                "PollForDecisionTask",
                json!({"domain": "d", "taskList": {"name": "tl"}}),
            )
            .await;
        if t.get("taskToken").is_some() || polls > 20 {
            break t;
        }
    };
    assert!(
        task.get("taskToken").is_some(),
        "the timer fired within {polls} polls"
    );
    assert!(
        e.event_types("d", "w", &run)
            .await
            .contains(&"TimerFired".to_owned())
    );
}
