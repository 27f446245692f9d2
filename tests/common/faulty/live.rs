//! The breaks of what the reference follows from histories the live service wrote
//! (SWF-WIRE.md §11, open issue 29; docs/practice.md §4, §5, §6, §8-§10), asserted in
//! tests/behaviour_live.rs: each makes an endpoint's histories look as if it followed the
//! documentation's letter (or the reference before it followed the recordings) instead.

use super::Break;
use serde_json::Value as Json;

/// Rewrites an answer of `op` as `mode` asks; true when the mode is this file's.
pub(super) fn rewrite_response(mode: Break, op: &str, body: &mut Json) -> bool {
    let edit: fn(&mut Vec<Json>) = match mode {
        // No Lambda function is ever scheduled (the documentation's ScheduleLambdaFunctionFailed
        // aside): histories lose LambdaFunctionScheduled and StartLambdaFunctionFailed.
        Break::DropLambdaEvents => |events| {
            events.retain(|e| {
                e["eventType"] != "LambdaFunctionScheduled"
                    && e["eventType"] != "StartLambdaFunctionFailed"
            })
        },
        // A child policy never terminates a child: histories lose WorkflowExecutionTerminated
        // of cause CHILD_POLICY_APPLIED.
        Break::DropChildPolicyTerminations => |events| {
            events.retain(|e| {
                e["eventType"] != "WorkflowExecutionTerminated"
                    || e["workflowExecutionTerminatedEventAttributes"]["cause"]
                        != "CHILD_POLICY_APPLIED"
            })
        },
        // An empty tagList given at the start is left out of the started event.
        Break::DropEmptyTagList => |events| {
            drop_member(
                events,
                "workflowExecutionStartedEventAttributes",
                "tagList",
                |v| v.as_array().is_some_and(Vec::is_empty),
            )
        },
        // A signal sent through the API is recorded without externalInitiatedEventId 0.
        Break::DropApiSignalOrigin => |events| {
            drop_member(
                events,
                "workflowExecutionSignaledEventAttributes",
                "externalInitiatedEventId",
                |v| v == 0,
            )
        },
        // DecisionTaskScheduled shows no scheduleToStartTimeout.
        Break::DropDecisionScheduleToStart => |events| {
            drop_member(
                events,
                "decisionTaskScheduledEventAttributes",
                "scheduleToStartTimeout",
                |_| true,
            )
        },
        Break::ScheduleDecisionOnCompletion => schedule_on_completion,
        _ => return false,
    };
    if op == "GetWorkflowExecutionHistory" {
        if let Some(events) = body.get_mut("events").and_then(Json::as_array_mut) {
            edit(events);
        }
    }
    true
}

/// Removes `member` from every event's `attrs` where `when` holds of its value.
fn drop_member(events: &mut [Json], attrs: &str, member: &str, when: fn(&Json) -> bool) {
    for e in events {
        if let Some(a) = e.get_mut(attrs).and_then(Json::as_object_mut) {
            if a.get(member).is_some_and(when) {
                a.remove(member);
            }
        }
    }
}

/// A DecisionTaskScheduled recorded while a decision task is started moves after that task's
/// DecisionTaskCompleted and the decision events that follow it (what SWF-WIRE.md §8 says:
/// the next task is scheduled when the started one completes); each place keeps its eventId.
/// A history read in reverse order is left as it is.
fn schedule_on_completion(events: &mut Vec<Json>) {
    let ids: Vec<Json> = events.iter().map(|e| e["eventId"].clone()).collect();
    let stamps: Vec<Json> = events.iter().map(|e| e["eventTimestamp"].clone()).collect();
    if ids.first().and_then(Json::as_i64) > ids.last().and_then(Json::as_i64) {
        return;
    }
    let mut started = false;
    let mut i = 0;
    while i < events.len() {
        match events[i]["eventType"].as_str().unwrap_or_default() {
            "DecisionTaskStarted" => started = true,
            "DecisionTaskCompleted" | "DecisionTaskTimedOut" => started = false,
            "DecisionTaskScheduled" if started => {
                let completed =
                    (i..events.len()).find(|&j| events[j]["eventType"] == "DecisionTaskCompleted");
                if let Some(c) = completed {
                    let end = (c + 1..events.len())
                        .find(|&j| is_decision_task_event(&events[j]))
                        .unwrap_or(events.len());
                    let moved = events.remove(i);
                    events.insert(end - 1, moved);
                    started = false;
                    continue;
                }
            }
            _ => {}
        }
        i += 1;
    }
    // Each place keeps its eventId and timestamp, and what pointed at a moved event points at
    // its new id: the history stays self-consistent (its invariants hold), only the order
    // differs.
    let mut renamed = std::collections::HashMap::new();
    for ((e, id), stamp) in events.iter_mut().zip(ids).zip(stamps) {
        if let (Some(old), Some(new)) = (e["eventId"].as_i64(), id.as_i64()) {
            renamed.insert(old, new);
        }
        e["eventId"] = id;
        if !stamp.is_null() {
            e["eventTimestamp"] = stamp;
        }
    }
    for e in events.iter_mut() {
        repoint(e, &renamed);
    }
}

/// Every `...EventId` member below `v` that names a renamed event names its new id.
fn repoint(v: &mut Json, renamed: &std::collections::HashMap<i64, i64>) {
    match v {
        Json::Object(map) => {
            for (k, inner) in map.iter_mut() {
                let target = inner.as_i64().and_then(|t| renamed.get(&t));
                match target {
                    Some(new) if k.ends_with("EventId") && k != "eventId" => {
                        *inner = Json::from(*new)
                    }
                    _ => repoint(inner, renamed),
                }
            }
        }
        Json::Array(items) => items.iter_mut().for_each(|i| repoint(i, renamed)),
        _ => {}
    }
}

fn is_decision_task_event(e: &Json) -> bool {
    e["eventType"]
        .as_str()
        .is_some_and(|t| t.starts_with("DecisionTask"))
}
