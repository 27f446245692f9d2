//! The invariants on small histories written here: the cases the real and doctored
//! histories of tests/check_history.rs do not reach.

use super::*;
use crate::model::event_attributes_key;
use serde_json::json;

/// Events 1, 2, ... of the given types and attributes.
fn history(events: &[(&str, Json)]) -> Vec<Json> {
    let mut out = Vec::new();
    for (i, (t, attrs)) in events.iter().enumerate() {
        let mut e = json!({"eventId": i + 1, "eventType": t});
        e[event_attributes_key(t)] = attrs.clone();
        out.push(e);
    }
    out
}

fn start() -> (&'static str, Json) {
    let attrs = json!({"childPolicy": "TERMINATE", "taskList": {"name": "l"},
        "workflowType": {"name": "w", "version": "1"}});
    ("WorkflowExecutionStarted", attrs)
}

fn scheduled() -> (&'static str, Json) {
    ("DecisionTaskScheduled", json!({"taskList": {"name": "l"}}))
}

fn started(s: i64) -> (&'static str, Json) {
    ("DecisionTaskStarted", json!({"scheduledEventId": s}))
}

fn completed(s: i64, t: i64) -> (&'static str, Json) {
    let attrs = json!({"scheduledEventId": s, "startedEventId": t});
    ("DecisionTaskCompleted", attrs)
}

fn found(events: &[Json]) -> Vec<(Invariant, Vec<i64>)> {
    check(events)
        .into_iter()
        .map(|v| (v.invariant, v.events))
        .collect()
}

#[test]
fn a_second_start_while_one_is_started_breaks_one_decision_task() {
    let h = history(&[start(), scheduled(), started(2), scheduled(), started(4)]);
    assert_eq!(found(&h), [(Invariant::OneDecisionTask, vec![5, 3])]);
}

#[test]
fn a_failure_while_a_decision_task_runs_waits_for_the_next_one() {
    let initiated =
        json!({"workflowId": "x", "signalName": "s", "decisionTaskCompletedEventId": 4});
    let failed = json!({"workflowId": "x", "initiatedEventId": 5,
        "cause": "UNKNOWN_EXTERNAL_WORKFLOW_EXECUTION", "decisionTaskCompletedEventId": 4});
    let signaled = json!({"signalName": "go"});
    let mut events = vec![start(), scheduled(), started(2), completed(2, 3)];
    events.push(("SignalExternalWorkflowExecutionInitiated", initiated));
    events.extend([
        ("WorkflowExecutionSignaled", signaled),
        scheduled(),
        started(7),
    ]);
    events.push(("SignalExternalWorkflowExecutionFailed", failed));
    events.push(completed(7, 8));
    let open = history(&events);
    // Read while the decider works: a decision task is coming.
    assert_eq!(found(&open[..9]), []);
    // The task completes and no decision task follows the failure.
    assert_eq!(found(&open), [(Invariant::DecisionAfterFailure, vec![9])]);
    events.push(scheduled());
    assert_eq!(found(&history(&events)), []);
}

#[test]
fn zeros_are_allowed_only_where_nothing_was_started() {
    let timed_out = |kind: &str| {
        let attrs = json!({"timeoutType": kind, "scheduledEventId": 2, "startedEventId": 0});
        ("DecisionTaskTimedOut", attrs)
    };
    let h = history(&[
        start(),
        scheduled(),
        timed_out("SCHEDULE_TO_START"),
        scheduled(),
    ]);
    assert_eq!(found(&h), []);
    let h = history(&[
        start(),
        scheduled(),
        timed_out("START_TO_CLOSE"),
        scheduled(),
    ]);
    assert_eq!(found(&h), [(Invariant::Reference, vec![3])]);

    let act = json!({"activityId": "a", "activityType": {"name": "a", "version": "1"},
        "taskList": {"name": "l"}, "decisionTaskCompletedEventId": 4});
    let canceled = (
        "ActivityTaskCanceled",
        json!({"scheduledEventId": 5, "startedEventId": 0}),
    );
    let base = [
        start(),
        scheduled(),
        started(2),
        completed(2, 3),
        ("ActivityTaskScheduled", act),
    ];
    let mut never = base.to_vec();
    never.push(canceled.clone());
    assert_eq!(found(&history(&never)), []);
    let mut was = base.to_vec();
    was.push(("ActivityTaskStarted", json!({"scheduledEventId": 5})));
    was.push(canceled);
    assert_eq!(found(&history(&was)), [(Invariant::Reference, vec![7])]);
}

#[test]
fn nothing_panics_on_values_of_any_type() {
    let odd = [
        json!(null),
        json!(7),
        json!([1, 2]),
        json!({"eventId": "1", "eventType": 5}),
        json!({"eventId": 2.5, "eventType": "DecisionTaskStarted", "decisionTaskStartedEventAttributes": "x"}),
        json!({"eventId": 6, "eventType": "TimerFired", "timerFiredEventAttributes": {"startedEventId": "3", "timerId": 1}}),
        json!({"eventId": -1, "eventTimestamp": "2017-99-99T99:99:99Z", "eventType": "ActivityTaskCompleted",
            "activityTaskCompletedEventAttributes": {"scheduledEventId": i64::MAX, "startedEventId": -5}}),
    ];
    let found = check(&odd);
    assert!(
        found
            .iter()
            .any(|v| v.invariant == Invariant::RequiredMember)
    );
    for v in &found {
        assert!(!crate::history::render(v).is_empty());
    }
    assert!(check(&[]).is_empty());
}

#[test]
fn every_invariant_has_a_distinct_name() {
    let names: std::collections::BTreeSet<_> = Invariant::ALL.iter().map(|i| i.name()).collect();
    assert_eq!(names.len(), Invariant::ALL.len());
    for i in Invariant::ALL {
        assert_eq!(serde_json::to_value(i).unwrap(), json!(i.name()));
    }
}
