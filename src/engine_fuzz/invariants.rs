//! What must hold of every history and of the engine's state after any sequence of
//! calls and clock moves: the properties the `decisions` fuzz target checks. They read
//! the engine through its read-only [`View`] only.

use crate::model::event_attributes_key;
use crate::server::state::{DecisionState, ExecutionKey, View};
use serde_json::Value as Json;

/// Members that name an event of another execution's history.
const FOREIGN_IDS: [&str; 2] = ["externalInitiatedEventId", "parentInitiatedEventId"];

/// What an open execution's openCounts say, in the order the history is counted:
/// decision tasks, activities, timers, children.
pub type Counts = [i64; 4];

/// The first broken invariant, if any: event ids consecutive from 1, timestamps never
/// going back, one attributes member named after the event type, references to
/// earlier events only, at most one decision task scheduled and not yet started and at
/// most one started and not yet closed (docs/practice.md §4), and (for an open
/// execution) openCounts equal to what its history says (openDecisionTasks 1 while any
/// is); every task token names a task in hand.
pub fn check(view: &View<'_>) -> Result<(), String> {
    for ex in view.executions() {
        let counts = ex.is_open().then(|| open_counts(&ex.open_counts()));
        check_history(ex.events(), counts)
            .map_err(|e| format!("{}/{}: {e}", ex.workflow_id(), ex.run_id()))?;
    }
    check_tokens("decision", view.decision_tokens(), decision_held(view))?;
    check_tokens("activity", activity_tokens(view), activity_held(view))
}

/// Whether a decision token names the started decision task of its execution.
fn decision_held<'a>(view: &'a View<'a>) -> impl Fn(&str, ExecutionKey) -> bool + 'a {
    |token, key| {
        view.execution(key).is_some_and(
            |e| matches!(e.decision_task(), DecisionState::Started { token: t, .. } if t == token),
        )
    }
}

/// The activity tokens in hand, each with its (execution, activityId).
fn activity_tokens<'a>(
    view: &View<'a>,
) -> impl Iterator<Item = (&'a str, (ExecutionKey, &'a str))> + 'a {
    view.activity_tokens().map(|(t, key, a)| (t, (key, a)))
}

/// Whether an activity token names the started activity task it says.
fn activity_held<'a>(view: &'a View<'a>) -> impl Fn(&str, (ExecutionKey, &str)) -> bool + 'a {
    |token, (key, activity)| {
        view.execution(key).is_some_and(|e| {
            e.activity_tasks()
                .any(|(id, a)| id == activity && a.token() == Some(token))
        })
    }
}

/// The four counters of WorkflowExecutionOpenCounts that a history tells.
fn open_counts(open: &Json) -> Counts {
    [
        "openDecisionTasks",
        "openActivityTasks",
        "openTimers",
        "openChildWorkflowExecutions",
    ]
    .map(|k| open[k].as_i64().unwrap_or(-1))
}

/// Every token must name a task in hand (`held`).
fn check_tokens<'a, T: Copy>(
    kind: &str,
    tokens: impl Iterator<Item = (&'a str, T)>,
    held: impl Fn(&str, T) -> bool,
) -> Result<(), String> {
    for (token, task) in tokens {
        if !held(token, task) {
            return Err(format!("{kind} token {token} names no started {kind} task"));
        }
    }
    Ok(())
}

/// The invariants of one history; `counts`: what an open execution's openCounts say.
fn check_history(events: &[Json], counts_said: Option<Counts>) -> Result<(), String> {
    let mut last_time = f64::MIN;
    let mut counts = [0i64; 4]; // decision tasks, activities, timers, children
    let mut tasks = [0i64; 2]; // decision tasks scheduled (not started), started (not closed)
    for (i, e) in events.iter().enumerate() {
        let id = e["eventId"].as_i64().unwrap_or(-1);
        if id != i as i64 + 1 {
            return Err(format!("event {} has id {id}", i + 1));
        }
        let t = e["eventTimestamp"].as_f64().unwrap_or(f64::NAN);
        if t.is_nan() || t < last_time {
            return Err(format!("event {id}: timestamp {t} goes back"));
        }
        last_time = t;
        let kind = e["eventType"].as_str().unwrap_or("");
        let attr_keys: Vec<&String> = e
            .as_object()
            .map(|o| {
                o.keys()
                    .filter(|k| k.ends_with("EventAttributes"))
                    .collect()
            })
            .unwrap_or_default();
        if attr_keys != [&event_attributes_key(kind)] {
            return Err(format!("event {id} ({kind}) has attributes {attr_keys:?}"));
        }
        let attrs = &e[event_attributes_key(kind)];
        check_references(id, attrs)?;
        count(kind, attrs, &mut counts);
        decision_tasks(kind, &mut tasks);
        if tasks.iter().any(|n| !(0..=1).contains(n)) {
            return Err(format!(
                "event {id}: {} decision tasks scheduled and not started, {} started",
                tasks[0], tasks[1]
            ));
        }
        counts[0] = i64::from(tasks != [0, 0]);
    }
    if let Some(said) = counts_said {
        if said != counts {
            return Err(format!("openCounts {said:?}, history says {counts:?}"));
        }
    }
    Ok(())
}

fn check_references(id: i64, attrs: &Json) -> Result<(), String> {
    let Some(members) = attrs.as_object() else {
        return Err(format!("event {id}: attributes are not an object"));
    };
    for (k, v) in members {
        if k.ends_with("EventId") && !FOREIGN_IDS.contains(&k.as_str()) {
            let r = v.as_i64().unwrap_or(-1);
            if r < 0 || r >= id {
                return Err(format!("event {id}: {k} = {v} is not an earlier event"));
            }
        }
    }
    Ok(())
}

/// The decision tasks an event schedules, starts or closes: (scheduled and not started,
/// started and not closed).
fn decision_tasks(kind: &str, tasks: &mut [i64; 2]) {
    match kind {
        "DecisionTaskScheduled" => tasks[0] += 1,
        "DecisionTaskStarted" => {
            tasks[0] -= 1;
            tasks[1] += 1;
        }
        "DecisionTaskCompleted" | "DecisionTaskTimedOut" => tasks[1] -= 1,
        _ => {}
    }
}

/// What an event opens (+1) or closes (-1), by family (decision tasks apart:
/// [`decision_tasks`]).
fn count(kind: &str, attrs: &Json, counts: &mut [i64; 4]) {
    let (slot, step) = match kind {
        "ActivityTaskScheduled" => (1, 1),
        "ActivityTaskCompleted"
        | "ActivityTaskFailed"
        | "ActivityTaskCanceled"
        | "ActivityTaskTimedOut" => (1, -1),
        "TimerStarted" => (2, 1),
        "TimerFired" | "TimerCanceled" => (2, -1),
        "StartChildWorkflowExecutionInitiated" => (3, 1),
        "StartChildWorkflowExecutionFailed" if attrs["initiatedEventId"].as_i64() != Some(0) => {
            (3, -1)
        }
        "ChildWorkflowExecutionCompleted"
        | "ChildWorkflowExecutionFailed"
        | "ChildWorkflowExecutionCanceled"
        | "ChildWorkflowExecutionTerminated"
        | "ChildWorkflowExecutionTimedOut" => (3, -1),
        _ => return,
    };
    counts[slot] += step;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::swf;
    use crate::server::state::Engine;
    use crate::wire::parse_body;
    use serde_json::json;

    /// An engine with one execution that scheduled an activity and a timer.
    fn engine() -> Engine {
        let mut engine = Engine::new(1_000_000.0);
        let mut call = |op: &str, body: Json| {
            let req =
                parse_body(swf().operation(op).unwrap(), body.to_string().as_bytes()).unwrap();
            engine.call(&req).unwrap()
        };
        call(
            "RegisterDomain",
            json!({"name": "d", "workflowExecutionRetentionPeriodInDays": "1"}),
        );
        call(
            "RegisterWorkflowType",
            json!({"domain": "d", "name": "wf", "version": "1", "defaultTaskList": {"name": "l"},
            "defaultTaskStartToCloseTimeout": "60", "defaultExecutionStartToCloseTimeout": "600", "defaultChildPolicy": "TERMINATE"}),
        );
        call(
            "RegisterActivityType",
            json!({"domain": "d", "name": "a", "version": "1", "defaultTaskList": {"name": "a"},
            "defaultTaskStartToCloseTimeout": "60", "defaultTaskScheduleToStartTimeout": "60",
            "defaultTaskScheduleToCloseTimeout": "60", "defaultTaskHeartbeatTimeout": "NONE"}),
        );
        call(
            "StartWorkflowExecution",
            json!({"domain": "d", "workflowId": "w", "workflowType": {"name": "wf", "version": "1"}}),
        );
        let task = call(
            "PollForDecisionTask",
            json!({"domain": "d", "taskList": {"name": "l"}}),
        )
        .unwrap();
        call(
            "RespondDecisionTaskCompleted",
            json!({"taskToken": task["taskToken"], "decisions": [
            {"decisionType": "ScheduleActivityTask", "scheduleActivityTaskDecisionAttributes": {"activityType": {"name": "a", "version": "1"}, "activityId": "x"}},
            {"decisionType": "StartTimer", "startTimerDecisionAttributes": {"timerId": "t", "startToFireTimeout": "5"}}]}),
        );
        engine
    }

    /// The first execution's history and openCounts, changed by `change`, then checked.
    fn broken(change: impl Fn(&mut Vec<Json>, &mut Counts)) -> String {
        let e = engine();
        check(&e.view()).expect("holds before the change");
        let ex = e.view().executions().next().unwrap();
        let mut events = ex.events().to_vec();
        let mut counts = open_counts(&ex.open_counts());
        change(&mut events, &mut counts);
        check_history(&events, Some(counts)).expect_err("the change is seen")
    }

    #[test]
    fn each_broken_invariant_is_reported() {
        let ids = broken(|events, _| events[2]["eventId"] = json!(9));
        assert!(ids.contains("event 3 has id 9"), "{ids}");
        let time = broken(|events, _| events[3]["eventTimestamp"] = json!(1.0));
        assert!(time.contains("goes back"), "{time}");
        let attrs = broken(|events, _| events[1]["markerRecordedEventAttributes"] = json!({}));
        assert!(attrs.contains("has attributes"), "{attrs}");
        let forward = broken(|events, _| {
            events[3]["decisionTaskCompletedEventAttributes"]["startedEventId"] = json!(4)
        });
        assert!(forward.contains("not an earlier event"), "{forward}");
        // The timers' state loses the timer its history started.
        let counts = broken(|_, counts| counts[2] = 0);
        assert!(counts.contains("openCounts"), "{counts}");
        let two = broken(|events, _| {
            let started = &mut events[2];
            started["eventType"] = json!("DecisionTaskScheduled");
            let attrs = started
                .as_object_mut()
                .unwrap()
                .remove("decisionTaskStartedEventAttributes");
            started["decisionTaskScheduledEventAttributes"] = attrs.unwrap();
        });
        assert!(
            two.contains("2 decision tasks scheduled and not started"),
            "{two}"
        );
        // A decision task scheduled that the history never scheduled.
        let decision = broken(|_, counts| counts[0] = 1);
        assert!(decision.contains("openCounts"), "{decision}");
    }

    #[test]
    fn a_token_that_names_no_task_in_hand_is_reported() {
        let e = engine();
        let view = e.view();
        let key = view.executions().next().unwrap().key();
        let decisions = view.decision_tokens().chain([("stale", key)]);
        let token = check_tokens("decision", decisions, decision_held(&view)).unwrap_err();
        assert!(token.contains("names no started decision task"), "{token}");
        let activities = activity_tokens(&view).chain([("stale", (key, "x"))]);
        let activity = check_tokens("activity", activities, activity_held(&view)).unwrap_err();
        assert!(
            activity.contains("names no started activity task"),
            "{activity}"
        );
    }
}
