//! What must hold of every history and of the engine's state after any sequence of
//! calls and clock moves: the properties the `decisions` fuzz target checks.

use super::World;
use super::execution::{DecisionState, Execution};
use crate::model::event_attributes_key;
use serde_json::Value as Json;

/// Members that name an event of another execution's history.
const FOREIGN_IDS: [&str; 2] = ["externalInitiatedEventId", "parentInitiatedEventId"];

/// The first broken invariant, if any: event ids consecutive from 1, timestamps never
/// going back, one attributes member named after the event type, references to
/// earlier events only, at most one decision task outstanding, and (for an open
/// execution) openCounts equal to what its history says; every task token names a
/// task in hand.
pub fn check(world: &World) -> Result<(), String> {
    for ex in world.executions.values() {
        check_history(ex).map_err(|e| format!("{}/{}: {e}", ex.spec.workflow_id, ex.run_id))?;
    }
    for (token, id) in &world.decision_tokens {
        let held = world.executions.get(id).is_some_and(
            |e| matches!(&e.decision, DecisionState::Started { token: t, .. } if t == token),
        );
        if !held {
            return Err(format!(
                "decision token {token} names no started decision task"
            ));
        }
    }
    for (token, (id, activity)) in &world.activity_tokens {
        let held = world
            .executions
            .get(id)
            .and_then(|e| e.activities.get(activity))
            .and_then(|a| a.started.as_ref())
            .is_some_and(|s| &s.token == token);
        if !held {
            return Err(format!(
                "activity token {token} names no started activity task"
            ));
        }
    }
    Ok(())
}

fn check_history(ex: &Execution) -> Result<(), String> {
    let mut last_time = f64::MIN;
    let mut counts = [0i64; 4]; // decision tasks, activities, timers, children
    for (i, e) in ex.events.iter().enumerate() {
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
        if !(0..=1).contains(&counts[0]) {
            return Err(format!(
                "event {id}: {} decision tasks outstanding",
                counts[0]
            ));
        }
    }
    if ex.is_open() {
        let open = ex.open_counts();
        let said = [
            "openDecisionTasks",
            "openActivityTasks",
            "openTimers",
            "openChildWorkflowExecutions",
        ]
        .map(|k| open[k].as_i64().unwrap_or(-1));
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

/// What an event opens (+1) or closes (-1), by family.
fn count(kind: &str, attrs: &Json, counts: &mut [i64; 4]) {
    let (slot, step) = match kind {
        "DecisionTaskScheduled" => (0, 1),
        "DecisionTaskCompleted" | "DecisionTaskTimedOut" => (0, -1),
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
    use super::super::Engine;
    use super::super::execution::DecisionState;
    use crate::model::swf;
    use crate::wire::parse_body;
    use serde_json::{Value as Json, json};

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

    fn broken(change: impl Fn(&mut Engine)) -> String {
        let mut e = engine();
        e.check().expect("holds before the change");
        change(&mut e);
        e.check().expect_err("the change is seen")
    }

    fn first_events(e: &mut Engine) -> &mut Vec<Json> {
        &mut e.world.executions.values_mut().next().unwrap().events
    }

    #[test]
    fn each_broken_invariant_is_reported() {
        let ids = broken(|e| first_events(e)[2]["eventId"] = json!(9));
        assert!(ids.contains("event 3 has id 9"), "{ids}");
        let time = broken(|e| first_events(e)[3]["eventTimestamp"] = json!(1.0));
        assert!(time.contains("goes back"), "{time}");
        let attrs = broken(|e| first_events(e)[1]["markerRecordedEventAttributes"] = json!({}));
        assert!(attrs.contains("has attributes"), "{attrs}");
        let forward = broken(|e| {
            first_events(e)[3]["decisionTaskCompletedEventAttributes"]["startedEventId"] = json!(4)
        });
        assert!(forward.contains("not an earlier event"), "{forward}");
        let counts = broken(|e| {
            e.world
                .executions
                .values_mut()
                .next()
                .unwrap()
                .timers
                .clear();
        });
        assert!(counts.contains("openCounts"), "{counts}");
        let two = broken(|e| {
            let started = &mut first_events(e)[2];
            started["eventType"] = json!("DecisionTaskScheduled");
            let attrs = started
                .as_object_mut()
                .unwrap()
                .remove("decisionTaskStartedEventAttributes");
            started["decisionTaskScheduledEventAttributes"] = attrs.unwrap();
        });
        assert!(two.contains("2 decision tasks outstanding"), "{two}");
        let token = broken(|e| {
            e.world.decision_tokens.insert("stale".into(), 1);
        });
        assert!(token.contains("names no started decision task"), "{token}");
        let activity = broken(|e| {
            e.world
                .activity_tokens
                .insert("stale".into(), (1, "x".into()));
        });
        assert!(
            activity.contains("names no started activity task"),
            "{activity}"
        );
        let decision = broken(|e| {
            e.world.executions.values_mut().next().unwrap().decision =
                DecisionState::Scheduled { scheduled_id: 2 };
        });
        assert!(decision.contains("openCounts"), "{decision}");
    }
}
