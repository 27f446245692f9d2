use super::*;
use crate::check::After;
use crate::check::meaning::Around;

fn observed_with(
    operation: &str,
    body: Json,
    around: Around,
    f: impl FnOnce(&Observed<'_>) -> Vec<String>,
) -> Vec<String> {
    let received = crate::check::fixtures::received(std::time::Duration::ZERO);
    let after = After {
        around,
        ..After::default()
    };
    let a = Observed {
        operation,
        received: &received,
        body: &body,
        fault: None,
        after: &after,
        request: &Json::Null,
        window: None,
    };
    f(&a)
}

fn event(id: i64, t: &str) -> Json {
    json!({"eventId": id, "eventType": t, "eventTimestamp": 100.0 + id as f64})
}

fn history(types: &[&str]) -> Vec<Json> {
    types
        .iter()
        .enumerate()
        .map(|(i, t)| event(i as i64 + 1, t))
        .collect()
}

fn describe(status: &str, close: Option<&str>, open: Json) -> Json {
    json!({"executionInfo": {"executionStatus": status, "closeStatus": close},
        "openCounts": open})
}

fn counts(decisions: i64, timers: i64) -> Json {
    json!({"openActivityTasks": 0, "openDecisionTasks": decisions, "openTimers": timers,
        "openChildWorkflowExecutions": 0, "openLambdaFunctions": 0})
}

const STARTED: [&str; 4] = [
    "WorkflowExecutionStarted",
    "DecisionTaskScheduled",
    "DecisionTaskStarted",
    "DecisionTaskCompleted",
];

fn agrees(body: Json, before: Option<Vec<Json>>, after: Vec<Json>) -> Vec<String> {
    let around = Around {
        history_before: before.map(Ok),
        history_after: Some(Ok(after)),
        ..Around::default()
    };
    observed_with(
        "DescribeWorkflowExecution",
        body,
        around,
        history_departures,
    )
}

#[test]
fn a_decision_task_scheduled_while_one_is_started_is_one_open() {
    let h = history(&[
        "WorkflowExecutionStarted",
        "DecisionTaskScheduled",
        "DecisionTaskStarted",
        "WorkflowExecutionSignaled",
        "DecisionTaskScheduled",
    ]);
    assert!(agrees(describe("OPEN", None, counts(1, 0)), None, h.clone()).is_empty());
    assert_eq!(
        agrees(describe("OPEN", None, counts(0, 0)), None, h),
        ["openCounts.openDecisionTasks 0, the history shows 1 open"]
    );
}

#[test]
fn open_counts_agree_with_the_history() {
    let mut timer = STARTED.to_vec();
    timer.push("TimerStarted");
    let h = history(&timer);
    assert!(agrees(describe("OPEN", None, counts(0, 1)), None, h.clone()).is_empty());
    let stale = agrees(describe("OPEN", None, counts(0, 0)), None, h.clone());
    assert_eq!(stale, ["openCounts.openTimers 0, the history shows 1 open"]);
    let before = h[..4].to_vec();
    assert!(
        agrees(
            describe("OPEN", None, counts(0, 0)),
            Some(before),
            h.clone()
        )
        .is_empty(),
        "the timer may have started between the reads: the older history agrees"
    );
    let mut fired = timer.clone();
    fired.extend(["TimerFired", "DecisionTaskScheduled"]);
    let h = history(&fired);
    assert!(agrees(describe("OPEN", None, counts(1, 0)), None, h).is_empty());
}

#[test]
fn the_close_status_is_the_closing_event_s() {
    let mut closed = STARTED.to_vec();
    closed.push("WorkflowExecutionTerminated");
    let h = history(&closed);
    let any = counts(1, 1);
    assert!(
        agrees(
            describe("CLOSED", Some("TERMINATED"), any.clone()),
            None,
            h.clone()
        )
        .is_empty()
    );
    let wrong = agrees(
        describe("CLOSED", Some("COMPLETED"), any.clone()),
        None,
        h.clone(),
    );
    assert_eq!(
        wrong,
        ["closeStatus COMPLETED, the history closes it TERMINATED"]
    );
    let open = agrees(describe("OPEN", None, counts(0, 0)), None, h);
    assert_eq!(open.len(), 1, "{open:?}");
}

#[test]
fn cancel_requests_latest_activity_and_context_agree() {
    let mut types = STARTED.to_vec();
    types.extend(["ActivityTaskScheduled", "WorkflowExecutionCancelRequested"]);
    let mut h = history(&types);
    h[3]["decisionTaskCompletedEventAttributes"] = json!({"executionContext": "ctx"});
    let mut body = describe("OPEN", None, json!({"openActivityTasks": 1}));
    body["executionInfo"]["cancelRequested"] = json!(true);
    body["latestActivityTaskTimestamp"] = json!(105.0);
    body["latestExecutionContext"] = json!("ctx");
    assert!(agrees(body.clone(), None, h.clone()).is_empty());
    let mut lost = body.clone();
    lost.as_object_mut()
        .map(|o| o.remove("latestExecutionContext"));
    lost["executionInfo"]["cancelRequested"] = json!(false);
    lost["latestActivityTaskTimestamp"] = json!(1.0);
    assert_eq!(agrees(lost, None, h).len(), 3);
}

#[test]
fn no_history_read_nothing_to_hold() {
    let body = describe("OPEN", None, counts(5, 5));
    let none = observed_with(
        "DescribeWorkflowExecution",
        body.clone(),
        Around::default(),
        history_departures,
    );
    assert!(none.is_empty());
    let failed = Around {
        history_after: Some(Err("HTTP 500".into())),
        ..Around::default()
    };
    assert!(
        observed_with(
            "DescribeWorkflowExecution",
            body,
            failed,
            history_departures
        )
        .is_empty()
    );
}

#[test]
fn close_status_and_timestamp_exactly_when_closed() {
    let closed = |info: Json| {
        observed_with(
            "DescribeWorkflowExecution",
            json!({"executionInfo": info}),
            Around::default(),
            closed_departures,
        )
    };
    let ok =
        json!({"executionStatus": "CLOSED", "closeStatus": "TERMINATED", "closeTimestamp": 1.0});
    assert!(closed(ok).is_empty());
    let missing = json!({"executionStatus": "CLOSED", "closeStatus": "TERMINATED"});
    assert_eq!(
        closed(missing),
        ["executionInfo: CLOSED without closeTimestamp"]
    );
    let open = json!({"executionStatus": "OPEN", "closeStatus": "COMPLETED"});
    assert_eq!(closed(open).len(), 1);
    let list = json!({"executionInfos": [{"executionStatus": "CLOSED"}]});
    let listed = observed_with(
        "ListClosedWorkflowExecutions",
        list,
        Around::default(),
        closed_departures,
    );
    assert_eq!(listed.len(), 2);
}
