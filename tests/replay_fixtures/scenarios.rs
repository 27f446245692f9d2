//! The scenarios of tests/replay_fixtures.rs, one history file each; the comment of each says
//! what its history holds.

use super::{Gen, child, complete, decision, schedule, timer};
use serde_json::json;

pub async fn all(g: &Gen) {
    activities(g).await;
    completed_despite_cancel(g).await;
    deprecated_type(g).await;
    activity_timeouts(g).await;
    timers(g).await;
    closings(g).await;
    external(g).await;
    time(g).await;
    children(g).await;
    messages(g).await;
    failures(g).await;
    hundred(g).await;
}

/// ScheduleActivityTask completed, failed, canceled (RequestCancelActivityTask after a signal).
async fn activities(g: &Gen) {
    let run = g.start("activity-completed", json!({})).await;
    g.decide(
        "activity-completed",
        json!([schedule("a", "acts", json!({}))]),
    )
    .await;
    let t = g.work("acts").await;
    g.call(
        "RespondActivityTaskCompleted",
        json!({"taskToken": t, "result": "paid"}),
    )
    .await;
    g.decide("activity-completed", json!([complete("done")]))
        .await;
    g.save("activity-completed", "activity-completed", &run)
        .await;

    let run = g.start("activity-failed", json!({})).await;
    g.decide("activity-failed", json!([schedule("a", "acts", json!({}))]))
        .await;
    let t = g.work("acts").await;
    g.call(
        "RespondActivityTaskFailed",
        json!({"taskToken": t, "reason": "declined", "details": "card"}),
    )
    .await;
    g.decide(
        "activity-failed",
        json!([decision(
            "FailWorkflowExecution",
            json!({"reason": "payment", "details": "declined"})
        )]),
    )
    .await;
    g.save("activity-failed", "activity-failed", &run).await;

    let run = g.start("activity-canceled", json!({})).await;
    g.decide(
        "activity-canceled",
        json!([schedule("a", "acts", json!({"heartbeatTimeout": "NONE"}))]),
    )
    .await;
    let t = g.work("acts").await;
    g.call(
        "SignalWorkflowExecution",
        json!({"workflowId": "activity-canceled", "signalName": "stop"}),
    )
    .await;
    g.decide(
        "activity-canceled",
        json!([decision(
            "RequestCancelActivityTask",
            json!({"activityId": "a"})
        )]),
    )
    .await;
    g.call(
        "RecordActivityTaskHeartbeat",
        json!({"taskToken": t, "details": "half"}),
    )
    .await;
    g.call(
        "RespondActivityTaskCanceled",
        json!({"taskToken": t, "details": "stopped"}),
    )
    .await;
    g.decide(
        "activity-canceled",
        json!([decision(
            "CancelWorkflowExecution",
            json!({"details": "stopped"})
        )]),
    )
    .await;
    g.save("activity-canceled", "activity-canceled", &run).await;
}

/// Each ActivityTaskTimedOut kind: SCHEDULE_TO_START, START_TO_CLOSE, HEARTBEAT (after a
/// heartbeat with details), SCHEDULE_TO_CLOSE.
async fn activity_timeouts(g: &Gen) {
    let cases = [
        (
            "activity-schedule-to-start",
            json!({"scheduleToStartTimeout": "1"}),
            false,
            false,
        ),
        (
            "activity-start-to-close",
            json!({"startToCloseTimeout": "1"}),
            true,
            false,
        ),
        (
            "activity-heartbeat",
            json!({"heartbeatTimeout": "2"}),
            true,
            true,
        ),
        (
            "activity-schedule-to-close",
            json!({"scheduleToCloseTimeout": "2", "scheduleToStartTimeout": "NONE", "startToCloseTimeout": "NONE"}),
            true,
            false,
        ),
    ];
    for (wid, timeouts, started, beat) in cases {
        let list = format!("{wid}-acts");
        let run = g.start(wid, json!({})).await;
        g.decide(wid, json!([schedule("a", &list, timeouts)])).await;
        if started {
            let t = g.work(&list).await;
            if beat {
                g.advance(1.0).await;
                g.call(
                    "RecordActivityTaskHeartbeat",
                    json!({"taskToken": t, "details": "at 1 s"}),
                )
                .await;
            }
        }
        g.advance(5.0).await;
        g.decide(wid, json!([complete("gave up")])).await;
        g.save(wid, wid, &run).await;
    }
}

/// StartTimer fired; CancelTimer after a signal, with a second decision in the same answer.
async fn timers(g: &Gen) {
    let run = g.start("timer-fired", json!({})).await;
    g.decide("timer-fired", json!([timer("t", 2)])).await;
    g.advance(2.0).await;
    g.decide("timer-fired", json!([complete("rang")])).await;
    g.save("timer-fired", "timer-fired", &run).await;

    let run = g.start("timer-canceled", json!({})).await;
    g.decide("timer-canceled", json!([timer("t", 30)])).await;
    g.call(
        "SignalWorkflowExecution",
        json!({"workflowId": "timer-canceled", "signalName": "hurry", "input": ""}),
    )
    .await;
    g.decide(
        "timer-canceled",
        json!([
            decision("CancelTimer", json!({"timerId": "t"})),
            complete("early")
        ]),
    )
    .await;
    g.save("timer-canceled", "timer-canceled", &run).await;
}

/// The closing paths: a cancel request then CancelWorkflowExecution, TerminateWorkflowExecution,
/// ContinueAsNewWorkflowExecution, RecordMarker with CompleteWorkflowExecution.
async fn closings(g: &Gen) {
    let run = g.start("cancel-requested", json!({})).await;
    g.decide("cancel-requested", json!([])).await;
    g.call(
        "RequestCancelWorkflowExecution",
        json!({"workflowId": "cancel-requested"}),
    )
    .await;
    g.decide(
        "cancel-requested",
        json!([decision(
            "CancelWorkflowExecution",
            json!({"details": "as asked"})
        )]),
    )
    .await;
    g.save("cancel-requested", "cancel-requested", &run).await;

    let run = g.start("terminated", json!({})).await;
    g.call(
        "TerminateWorkflowExecution",
        json!({"workflowId": "terminated", "reason": "operator", "details": "cleanup"}),
    )
    .await;
    g.save("terminated", "terminated", &run).await;

    let run = g.start("continued", json!({})).await;
    let a = json!({"input": "round 2", "taskList": {"name": "continued"}, "executionStartToCloseTimeout": "600", "tagList": ["again"]});
    g.decide(
        "continued",
        json!([decision("ContinueAsNewWorkflowExecution", a)]),
    )
    .await;
    g.save("continue-as-new", "continued", &run).await;
    // The run it continued into: its first event shows continuedExecutionRunId.
    let ex = swfcheck::run::swf::ExecutionRef {
        domain: g.domain.clone(),
        workflow_id: "continued".into(),
        run_id: run,
    };
    let events = g.swf.history(&ex).await.unwrap();
    let key = "workflowExecutionContinuedAsNewEventAttributes";
    let next = events[4][key]["newExecutionRunId"]
        .as_str()
        .unwrap()
        .to_owned();
    g.decide("continued", json!([complete("second run")])).await;
    g.save("continued-run", "continued", &next).await;

    let run = g.start("marker", json!({})).await;
    g.decide(
        "marker",
        json!([
            decision(
                "RecordMarker",
                json!({"markerName": "m", "details": "noted"})
            ),
            complete("done")
        ]),
    )
    .await;
    g.save("marker", "marker", &run).await;
}

/// Signals and cancel requests: from the API (empty input), to a child and to nobody
/// (SignalExternalWorkflowExecution, RequestCancelExternalWorkflowExecution).
async fn external(g: &Gen) {
    let run = g.start("signaled", json!({})).await;
    g.call(
        "SignalWorkflowExecution",
        json!({"workflowId": "signaled", "signalName": "go", "input": ""}),
    )
    .await;
    g.decide("signaled", json!([complete("went")])).await;
    g.save("signaled", "signaled", &run).await;

    let wid = "signal-external";
    let run = g.start(wid, json!({})).await;
    g.decide(wid, json!([child("se-child", json!({}))])).await;
    let signal = |to: &str| {
        decision(
            "SignalExternalWorkflowExecution",
            json!({"workflowId": to, "signalName": "ping", "input": "p", "control": "c"}),
        )
    };
    g.decide(wid, json!([signal("se-child"), signal("nobody")]))
        .await;
    g.decide(
        wid,
        json!([
            decision(
                "RequestCancelExternalWorkflowExecution",
                json!({"workflowId": "se-child"})
            ),
            decision(
                "RequestCancelExternalWorkflowExecution",
                json!({"workflowId": "nobody", "control": "c"})
            )
        ]),
    )
    .await;
    g.decide(
        "se-child-tl",
        json!([decision(
            "CancelWorkflowExecution",
            json!({"details": "asked"})
        )]),
    )
    .await;
    g.decide(wid, json!([complete("done")])).await;
    g.save("external-requests", wid, &run).await;
}

/// DecisionTaskTimedOut and WorkflowExecutionTimedOut.
async fn time(g: &Gen) {
    let run = g
        .start("decision-timeout", json!({"taskStartToCloseTimeout": "1"}))
        .await;
    let _late = g.poll("decision-timeout").await;
    g.advance(1.0).await;
    g.decide("decision-timeout", json!([complete("second try")]))
        .await;
    g.save("decision-task-timeout", "decision-timeout", &run)
        .await;

    let run = g
        .start(
            "workflow-timeout",
            json!({"executionStartToCloseTimeout": "2"}),
        )
        .await;
    g.decide("workflow-timeout", json!([])).await;
    g.advance(2.0).await;
    g.save("workflow-timeout", "workflow-timeout", &run).await;
}

/// A child for each outcome: completed, failed, canceled, terminated, timed out; and a start
/// that fails (its type does not exist).
async fn children(g: &Gen) {
    let outcomes = [
        ("child-completed", complete("grown")),
        (
            "child-failed",
            decision(
                "FailWorkflowExecution",
                json!({"reason": "r", "details": "d"}),
            ),
        ),
        (
            "child-canceled",
            decision("CancelWorkflowExecution", json!({"details": "d"})),
        ),
    ];
    for (wid, close) in outcomes {
        let run = g.start(wid, json!({})).await;
        let kid = format!("{wid}-kid");
        g.decide(wid, json!([child(&kid, json!({}))])).await;
        g.decide(wid, json!([])).await;
        g.decide(&format!("{kid}-tl"), json!([close])).await;
        g.decide(wid, json!([complete("after the child")])).await;
        g.save(wid, wid, &run).await;
    }
    let run = g.start("child-terminated", json!({})).await;
    g.decide(
        "child-terminated",
        json!([child("child-terminated-kid", json!({}))]),
    )
    .await;
    g.decide("child-terminated", json!([])).await;
    g.call(
        "TerminateWorkflowExecution",
        json!({"workflowId": "child-terminated-kid"}),
    )
    .await;
    g.decide("child-terminated", json!([complete("orphan")]))
        .await;
    g.save("child-terminated", "child-terminated", &run).await;

    let run = g.start("child-timed-out", json!({})).await;
    g.decide(
        "child-timed-out",
        json!([child(
            "child-timed-out-kid",
            json!({"executionStartToCloseTimeout": "2"})
        )]),
    )
    .await;
    g.decide("child-timed-out", json!([])).await;
    g.advance(2.0).await;
    g.decide("child-timed-out", json!([complete("late child")]))
        .await;
    g.save("child-timed-out", "child-timed-out", &run).await;

    let run = g.start("child-start-failed", json!({})).await;
    g.decide(
        "child-start-failed",
        json!([child(
            "never",
            json!({"workflowType": {"name": "absent", "version": "1"}})
        )]),
    )
    .await;
    g.decide("child-start-failed", json!([complete("no child")]))
        .await;
    g.save("child-start-failed", "child-start-failed", &run)
        .await;
}

/// ScheduleLambdaFunction, and an executionContext.
async fn messages(g: &Gen) {
    let run = g.start("lambda", json!({})).await;
    let token = g.poll("lambda").await;
    let lambda = decision(
        "ScheduleLambdaFunction",
        json!({"id": "f", "name": "fn", "input": "{}"}),
    );
    g.call(
        "RespondDecisionTaskCompleted",
        json!({"taskToken": token, "decisions": [lambda], "executionContext": "ctx"}),
    )
    .await;
    g.decide("lambda", json!([complete("no lambda")])).await;
    g.save("lambda", "lambda", &run).await;
}

/// Decisions that fail: a timer id in use, an unknown timer, an unknown activity type, an
/// unknown activity; a close while a signal came in (UNHANDLED_DECISION).
async fn failures(g: &Gen) {
    let run = g.start("decision-failures", json!({})).await;
    let unknown_type = decision(
        "ScheduleActivityTask",
        json!({"activityType": {"name": "absent", "version": "1"}, "activityId": "x", "taskList": {"name": "acts"}}),
    );
    g.decide(
        "decision-failures",
        json!([
            timer("t", 60),
            timer("t", 60),
            decision("CancelTimer", json!({"timerId": "nope"})),
            unknown_type,
            decision("RequestCancelActivityTask", json!({"activityId": "nope"}))
        ]),
    )
    .await;
    g.decide("decision-failures", json!([complete("despite")]))
        .await;
    g.save("decision-failures", "decision-failures", &run).await;

    let run = g.start("unhandled", json!({})).await;
    let token = g.poll("unhandled").await;
    g.call(
        "SignalWorkflowExecution",
        json!({"workflowId": "unhandled", "signalName": "late", "input": "news"}),
    )
    .await;
    g.respond(&token, json!([complete("too soon")])).await;
    g.decide("unhandled", json!([complete("now")])).await;
    g.save("unhandled-decision", "unhandled", &run).await;
}

/// About a hundred events (the benchmark's): sixteen activities one after the other.
async fn hundred(g: &Gen) {
    let run = g.start("hundred", json!({})).await;
    for i in 0..16 {
        g.decide(
            "hundred",
            json!([schedule(&format!("a{i}"), "hundred-acts", json!({}))]),
        )
        .await;
        let t = g.work("hundred-acts").await;
        g.call(
            "RespondActivityTaskCompleted",
            json!({"taskToken": t, "result": format!("r{i}")}),
        )
        .await;
    }
    g.decide("hundred", json!([complete("all paid")])).await;
    g.save("hundred-events", "hundred", &run).await;
}

/// A worker hears of the cancel request from a heartbeat and completes all the same.
async fn completed_despite_cancel(g: &Gen) {
    let wid = "activity-completed-despite-cancel";
    let run = g.start(wid, json!({})).await;
    g.decide(wid, json!([schedule("a", "acts", json!({}))]))
        .await;
    let t = g.work("acts").await;
    g.call(
        "SignalWorkflowExecution",
        json!({"workflowId": wid, "signalName": "stop"}),
    )
    .await;
    g.decide(
        wid,
        json!([decision(
            "RequestCancelActivityTask",
            json!({"activityId": "a"})
        )]),
    )
    .await;
    let beat = g
        .call("RecordActivityTaskHeartbeat", json!({"taskToken": t}))
        .await;
    assert_eq!(beat["cancelRequested"], true);
    g.call(
        "RespondActivityTaskCompleted",
        json!({"taskToken": t, "result": "too late to stop"}),
    )
    .await;
    g.decide(wid, json!([complete("paid anyway")])).await;
    g.save(wid, wid, &run).await;
}

/// An activity type deprecated while one of its tasks is scheduled: a second task of it fails
/// (ACTIVITY_TYPE_DEPRECATED), the first still runs.
async fn deprecated_type(g: &Gen) {
    let wid = "type-deprecated";
    let retired = json!({"activityType": {"name": "retired", "version": "1"}});
    let run = g.start(wid, json!({})).await;
    g.decide(wid, json!([schedule("a", "retired-acts", retired.clone())]))
        .await;
    g.call(
        "DeprecateActivityType",
        json!({"activityType": {"name": "retired", "version": "1"}}),
    )
    .await;
    g.call(
        "SignalWorkflowExecution",
        json!({"workflowId": wid, "signalName": "more"}),
    )
    .await;
    g.decide(wid, json!([schedule("b", "retired-acts", retired)]))
        .await;
    let t = g.work("retired-acts").await;
    g.call(
        "RespondActivityTaskCompleted",
        json!({"taskToken": t, "result": "ran anyway"}),
    )
    .await;
    g.decide(wid, json!([complete("one of two")])).await;
    g.save(wid, wid, &run).await;
}
