//! `GET /_swfcheck/dump`: the endpoint's state as one JSON object, read through the engine's
//! [`View`] under one [`Store::inspect`] (the world first brought to the clock's time):
//!
//! - `clock`: as `GET /_swfcheck/clock` answers it;
//! - `domains`: each `{"domainInfo", "configuration"}`;
//! - `types`: each `{"kind": "workflow"|"activity", "domain", "typeInfo"}`;
//! - `openExecutions`: each `{"domain", "executionInfo", "taskList", "openCounts", "timers"}`,
//!   and `closedExecutions`, how many closed ones are still retained;
//! - `openTasks`: `decision` and `activity`, each task with its domain, task list, execution,
//!   state (`scheduled` or `started`) and the first characters of its token once started;
//! - `pendingPollers`: `{"operation", "domain", "taskList", "count"}` per task list polled.

use super::admin::{clock_json, rfc3339};
use super::log::short_token;
use super::state::{DecisionState, ExecutionView, Store, TypeKind, View};
use serde_json::{Value as Json, json};

/// The state dump of `store`.
pub fn dump(store: &Store) -> Json {
    let clock = clock_json(&store.config().clock);
    let mut out = store.inspect(of_view);
    out["clock"] = clock;
    out["pendingPollers"] = store
        .pollers()
        .into_iter()
        .map(|((operation, domain, list), count)| {
            json!({"operation": operation, "domain": domain, "taskList": list, "count": count})
        })
        .collect();
    out
}

/// Everything but the clock and the pollers, from one view.
fn of_view(view: View<'_>) -> Json {
    let domains: Vec<Json> = view
        .domains()
        .map(|d| json!({"domainInfo": d.info(), "configuration": d.configuration()}))
        .collect();
    let types: Vec<Json> = view
        .types()
        .map(|t| {
            let kind = match t.kind() {
                TypeKind::Workflow => "workflow",
                TypeKind::Activity => "activity",
            };
            json!({"kind": kind, "domain": t.domain(), "typeInfo": t.info()})
        })
        .collect();
    let open: Vec<ExecutionView<'_>> = view.executions().filter(|e| e.is_open()).collect();
    let closed = view.executions().filter(|e| !e.is_open()).count();
    json!({
        "domains": domains,
        "types": types,
        "openExecutions": open.iter().map(execution).collect::<Vec<_>>(),
        "closedExecutions": closed,
        "openTasks": {
            "decision": open.iter().filter_map(decision_task).collect::<Vec<_>>(),
            "activity": open.iter().flat_map(activity_tasks).collect::<Vec<_>>(),
        },
    })
}

fn execution(e: &ExecutionView<'_>) -> Json {
    let timers: Vec<Json> = e
        .timers()
        .map(|(id, t)| json!({"timerId": id, "fireAt": t.fire_at(), "fireTime": rfc3339(t.fire_at())}))
        .collect();
    json!({
        "domain": e.domain(),
        "executionInfo": e.info(),
        "taskList": e.task_list(),
        "openCounts": e.open_counts(),
        "timers": timers,
    })
}

fn decision_task(e: &ExecutionView<'_>) -> Option<Json> {
    let mut task =
        json!({"domain": e.domain(), "taskList": e.task_list(), "execution": e.reference()});
    match e.decision_task() {
        DecisionState::Idle => return None,
        DecisionState::Scheduled { scheduled_id } => {
            task["state"] = json!("scheduled");
            task["scheduledEventId"] = json!(scheduled_id);
        }
        DecisionState::Started {
            scheduled_id,
            started_id,
            token,
            ..
        } => {
            task["state"] = json!("started");
            task["scheduledEventId"] = json!(scheduled_id);
            task["startedEventId"] = json!(started_id);
            task["taskToken"] = json!(short_token(token));
        }
    }
    Some(task)
}

fn activity_tasks(e: &ExecutionView<'_>) -> Vec<Json> {
    e.activity_tasks()
        .map(|(id, a)| {
            let mut task = json!({"domain": e.domain(), "taskList": a.task_list(),
                "execution": e.reference(), "activityId": id, "activityType": a.activity_type(),
                "scheduledEventId": a.scheduled_id(), "state": "scheduled"});
            if let Some(token) = a.token() {
                task["state"] = json!("started");
                task["startedEventId"] = json!(a.started_id());
                task["taskToken"] = json!(short_token(token));
            }
            task
        })
        .collect()
}
