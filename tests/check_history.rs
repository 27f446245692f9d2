//! The history invariants (src/history/) against histories the real service wrote (each
//! must hold every one: fixtures/histories/real) and against doctored copies of them, each
//! breaking one invariant: the violation names that invariant and the events at fault.

use serde_json::{Value as Json, json};
use std::path::{Path, PathBuf};
use swfcheck::history::{Invariant, check, read_path, render};
use swfcheck::outcome::Level;

const REAL: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/histories/real");

/// Every `*.json` under `dir`, sorted.
fn json_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let p = entry.unwrap().path();
        if p.is_dir() {
            out.extend(json_files(&p));
        } else if p.extension().is_some_and(|e| e == "json") {
            out.push(p);
        }
    }
    out.sort();
    out
}

/// The events of fixtures/histories/real/`name`.json.
fn real(name: &str) -> Vec<Json> {
    read_path(&Path::new(REAL).join(format!("{name}.json")))
        .unwrap()
        .events
}

/// Each violation as (invariant, event ids).
fn found(events: &[Json]) -> Vec<(Invariant, Vec<i64>)> {
    check(events)
        .into_iter()
        .map(|v| (v.invariant, v.events))
        .collect()
}

/// The attributes object of the event with id `id`.
fn attrs(events: &mut [Json], id: i64) -> &mut Json {
    let e = &mut events[(id - 1) as usize];
    let key = swfcheck::model::event_attributes_key(e["eventType"].as_str().unwrap());
    &mut e[key]
}

/// Inserts `event` at `pos` (0-based) and renumbers: the ids from there on and every
/// reference to them move up by one, as if the service had recorded it there.
fn insert(events: &mut Vec<Json>, pos: usize, mut event: Json) {
    let from = pos as i64 + 1;
    for e in events.iter_mut() {
        let id = e["eventId"].as_i64().unwrap();
        if id >= from {
            e["eventId"] = json!(id + 1);
        }
        let key = swfcheck::model::event_attributes_key(e["eventType"].as_str().unwrap());
        if let Some(a) = e.get_mut(&key).and_then(Json::as_object_mut) {
            for (name, v) in a.iter_mut() {
                let r = v.as_i64().unwrap_or(0);
                if name.ends_with("EventId") && r >= from {
                    *v = json!(r + 1);
                }
            }
        }
    }
    event["eventId"] = json!(from);
    event["eventTimestamp"] = events[pos - 1]["eventTimestamp"].clone();
    events.insert(pos, event);
}

fn signal() -> Json {
    json!({"eventType": "WorkflowExecutionSignaled",
        "workflowExecutionSignaledEventAttributes": {"signalName": "s", "externalInitiatedEventId": 0}})
}

#[test]
fn every_history_the_real_service_wrote_holds_every_invariant() {
    let files = json_files(Path::new(REAL));
    assert_eq!(files.len(), 18, "{files:?}");
    let mut events = 0;
    for f in &files {
        let h = read_path(f).unwrap();
        events += h.events.len();
        let broken: Vec<String> = check(&h.events).iter().map(render).collect();
        assert!(broken.is_empty(), "{}:\n{}", f.display(), broken.join("\n"));
    }
    assert_eq!(events, 265);
}

#[test]
fn the_real_histories_carry_what_the_subtle_invariants_allow() {
    // A decision task scheduled while another is started (docs/practice.md, "One open
    // decision task"), and a failed close with a decision task already scheduled.
    let e = real("elife-bot/decision");
    let types: Vec<&str> = e.iter().map(|x| x["eventType"].as_str().unwrap()).collect();
    assert_eq!(
        &types[9..14],
        [
            "DecisionTaskScheduled",
            "DecisionTaskStarted",
            "ActivityTaskCompleted",
            "DecisionTaskScheduled",
            "DecisionTaskCompleted"
        ]
    );
    assert_eq!(types[20], "CompleteWorkflowExecutionFailed");
    assert!(check(&e).is_empty());
}

#[test]
fn a_gap_in_the_ids_breaks_ids_consecutive() {
    let mut e = real("simpleflow/test_timer_and_cancel");
    e[16]["eventId"] = json!(18);
    assert_eq!(found(&e), [(Invariant::IdsConsecutive, vec![18])]);
}

#[test]
fn an_id_used_twice_breaks_ids_unique_and_ids_consecutive() {
    let mut e = real("simpleflow/test_timer_and_cancel");
    e[16]["eventId"] = json!(16);
    assert_eq!(
        found(&e),
        [
            (Invariant::IdsConsecutive, vec![16]),
            (Invariant::IdsUnique, vec![16])
        ]
    );
}

#[test]
fn a_misnamed_event_type_breaks_event_type() {
    let mut e = real("simpleflow/test_timer_and_cancel");
    let a = e[10].as_object_mut().unwrap();
    let attrs = a.remove("timerCanceledEventAttributes").unwrap();
    a.insert("timerCancelledEventAttributes".into(), attrs);
    a.insert("eventType".into(), json!("TimerCancelled"));
    let v = check(&e);
    assert_eq!(found(&e), [(Invariant::EventType, vec![11])]);
    assert_eq!(v[0].expected["closest"], "TimerCanceled");
    assert_eq!(v[0].actual, "TimerCancelled");
}

#[test]
fn another_types_attributes_member_breaks_attributes_member() {
    let mut e = real("simpleflow/test_timer_and_cancel");
    let a = e[6].as_object_mut().unwrap();
    let attrs = a.remove("timerFiredEventAttributes").unwrap();
    a.insert("timerStartedEventAttributes".into(), attrs);
    let v = check(&e);
    assert_eq!(
        found(&e),
        [
            (Invariant::AttributesMember, vec![7]),
            (Invariant::AttributesMember, vec![7])
        ]
    );
    let members: Vec<_> = v.iter().map(|v| v.member.clone().unwrap()).collect();
    assert_eq!(
        members,
        ["timerStartedEventAttributes", "timerFiredEventAttributes"]
    );
}

#[test]
fn a_missing_required_member_breaks_required_member() {
    let mut e = real("simpleflow/test_timer_and_cancel");
    attrs(&mut e, 10)
        .as_object_mut()
        .unwrap()
        .remove("startedEventId");
    let v = check(&e);
    assert_eq!(found(&e), [(Invariant::RequiredMember, vec![10])]);
    assert_eq!(
        v[0].member.as_deref(),
        Some("decisionTaskCompletedEventAttributes.startedEventId")
    );
}

#[test]
fn an_undocumented_member_is_noted_at_observe() {
    let mut e = real("simpleflow/test_timer_and_cancel");
    attrs(&mut e, 1)["reopenable"] = json!(true);
    let v = check(&e);
    assert_eq!(found(&e), [(Invariant::UndocumentedMember, vec![1])]);
    assert_eq!(v[0].invariant.level(), Level::Observe);
}

#[test]
fn references_to_the_wrong_type_a_later_event_no_event_or_zero_break_reference() {
    let mut e = real("simpleflow/test_timer_and_cancel");
    attrs(&mut e, 7)["startedEventId"] = json!(4); // TimerFired → a DecisionTaskCompleted
    attrs(&mut e, 11)["startedEventId"] = json!(12); // TimerCanceled → a later TimerStarted
    attrs(&mut e, 13)["startedEventId"] = json!(99); // TimerFired → no event
    assert_eq!(
        found(&e),
        [
            (Invariant::Reference, vec![7, 4]),
            (Invariant::Reference, vec![11, 12]),
            (Invariant::Reference, vec![13]),
        ]
    );
    let said: Vec<String> = check(&e).iter().map(render).collect();
    assert!(said[0].ends_with("timerFiredEventAttributes.startedEventId expected an earlier TimerStarted event, found event 4 (DecisionTaskCompleted)"), "{}", said[0]);
    assert!(
        said[1].ends_with("found event 12 (TimerStarted), not an earlier one"),
        "{}",
        said[1]
    );
    assert!(
        said[2].ends_with("found event 99, no such event"),
        "{}",
        said[2]
    );

    let mut w = real("simpleflow/test_wait_signal");
    attrs(&mut w, 12)["startedEventId"] = json!(0); // the activity was started (event 8)
    assert_eq!(found(&w), [(Invariant::Reference, vec![12])]);
}

#[test]
fn a_child_start_failure_other_than_already_running_names_no_initiated_event() {
    let mut e = real("elife-bot/decision");
    let failed = json!({"eventType": "StartChildWorkflowExecutionFailed",
        "startChildWorkflowExecutionFailedEventAttributes": {"cause": "WORKFLOW_TYPE_DOES_NOT_EXIST",
        "workflowId": "c", "workflowType": {"name": "wf", "version": "1"}, "initiatedEventId": 0,
        "decisionTaskCompletedEventId": 20}});
    insert(&mut e, 20, failed);
    assert_eq!(found(&e), []);
    attrs(&mut e, 21)["initiatedEventId"] = json!(5);
    let v = check(&e);
    assert_eq!(found(&e), [(Invariant::Reference, vec![21])]);
    assert_eq!((&v[0].expected, &v[0].actual), (&json!(0), &json!(5)));
}

#[test]
fn a_lambda_scheduled_by_no_decision_task_completed_breaks_reference_practice() {
    let mut e = real("simpleflow/test_timer_and_cancel");
    let lambda = json!({"eventType": "LambdaFunctionScheduled",
        "lambdaFunctionScheduledEventAttributes": {"id": "l", "name": "f", "decisionTaskCompletedEventId": 10}});
    insert(&mut e, 12, lambda);
    assert_eq!(found(&e), []);
    attrs(&mut e, 13)["decisionTaskCompletedEventId"] = json!(9);
    let v = check(&e);
    assert_eq!(found(&e), [(Invariant::ReferencePractice, vec![13, 9])]);
    assert_eq!(v[0].invariant.level(), Level::Should);
}

#[test]
fn a_started_event_of_another_activity_breaks_reference_pair() {
    let mut w = real("simpleflow/test_wait_signal");
    attrs(&mut w, 20)["startedEventId"] = json!(8); // event 8 started activity 5, not 6
    assert_eq!(found(&w), [(Invariant::ReferencePair, vec![20, 8])]);
}

#[test]
fn a_timestamp_going_back_breaks_timestamp_order() {
    let mut e = real("simpleflow/test_timer_and_cancel");
    e[8]["eventTimestamp"] = json!(1_492_443_960.0);
    assert_eq!(found(&e), [(Invariant::TimestampOrder, vec![9, 8])]);
    e[8]["eventTimestamp"] = json!("2017-04-17T15:46:00Z"); // the AWS CLI's form
    assert_eq!(found(&e), [(Invariant::TimestampOrder, vec![9, 8])]);
}

#[test]
fn two_decision_tasks_scheduled_at_once_break_one_decision_task() {
    let mut e = real("simpleflow/test_timer_and_cancel");
    let mut again = e[7].clone(); // DecisionTaskScheduled 8, in place of TimerFired 7
    again["eventId"] = json!(7);
    e[6] = again;
    assert_eq!(found(&e), [(Invariant::OneDecisionTask, vec![8, 7])]);
}

#[test]
fn a_failed_decision_with_no_decision_task_after_it_breaks_decision_after_failure() {
    let mut e = real("simpleflow/test_timer_and_cancel");
    e.truncate(16); // up to DecisionTaskCompleted 16
    let failed = json!({"eventId": 17, "eventType": "StartTimerFailed",
        "startTimerFailedEventAttributes": {"timerId": "t", "cause": "TIMER_ID_ALREADY_IN_USE",
        "decisionTaskCompletedEventId": 16}});
    e.push(failed);
    assert_eq!(found(&e), [(Invariant::DecisionAfterFailure, vec![17])]);
    assert!(render(&check(&e)[0]).ends_with("found the end of the history"));
    let mut s = signal();
    s["eventId"] = json!(18);
    e.push(s);
    assert_eq!(found(&e), [(Invariant::DecisionAfterFailure, vec![17, 18])]);
}

#[test]
fn an_event_between_one_decision_tasks_decisions_breaks_decision_batch() {
    let mut e = real("simpleflow/test_timer_and_cancel");
    insert(&mut e, 11, signal()); // between TimerCanceled 11 and TimerStarted 12 (now 13)
    assert_eq!(found(&e), [(Invariant::DecisionBatch, vec![12, 10, 13])]);
}

#[test]
fn a_second_close_breaks_close_once() {
    let mut e = real("simpleflow/test_timer_and_cancel");
    let mut again = e[16].clone();
    again["eventId"] = json!(18);
    e.push(again);
    assert_eq!(found(&e), [(Invariant::CloseOnce, vec![18, 17])]);
}

#[test]
fn an_event_after_the_close_breaks_nothing_after_close() {
    let mut e = real("simpleflow/test_timer_and_cancel");
    let mut s = signal();
    s["eventId"] = json!(18);
    e.push(s);
    assert_eq!(found(&e), [(Invariant::NothingAfterClose, vec![18, 17])]);
}

#[test]
fn every_invariant_has_a_level_a_source_and_a_doctored_history_above() {
    let this = include_str!("check_history.rs");
    for i in Invariant::ALL {
        assert!(!i.source().is_empty() && !i.statement().is_empty());
        let shown = format!("Invariant::{i:?}, vec!");
        let noted = format!("Invariant::{i:?}, vec![");
        assert!(
            this.contains(&shown) || this.contains(&noted),
            "{i:?} is never shown failing"
        );
    }
}
