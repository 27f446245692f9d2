//! The events a replay case expects written: the recorded ones, with the names the case
//! gives (`${workflowId}-l3`), `${` escaped, and without what the endpoint issues itself
//! (timestamps, run ids).

use super::escaped;
use crate::replay::events::{attrs, kind};
use crate::replay::names::{NameTable, Names};
use serde_json::{Value as Json, json};

/// The recorded events as the case expects them written: its names, `${` escaped, without
/// timestamps and run ids (the endpoint issues its own).
pub(super) fn expected(recorded: &[Json], table: &NameTable, names: &dyn Names) -> Vec<Json> {
    recorded
        .iter()
        .map(|e| {
            let mut e = escaped(e);
            if let Some(o) = e.as_object_mut() {
                o.remove("eventTimestamp");
            }
            let key = crate::model::event_attributes_key(kind(&e));
            let owner = owner_of(&e, table);
            if let Some(a) = e.get_mut(&key) {
                forward(a, table, names, &owner);
            }
            e
        })
        .collect()
}

/// The owner of the task list an event names: its activity, its child, or the execution.
fn owner_of(e: &Json, table: &NameTable) -> String {
    let a = attrs(e);
    match kind(e) {
        "ActivityTaskScheduled" => {
            format!("activity {}", a["activityId"].as_str().unwrap_or_default())
        }
        "StartChildWorkflowExecutionInitiated" => {
            let id = a["workflowId"].as_str().unwrap_or_default();
            let i = table.workflows.iter().position(|w| w == id).unwrap_or(0);
            format!("workflow {i}")
        }
        _ => "workflow 0".into(),
    }
}

/// Recorded names → the case's, run ids left out, in `v` and every object inside it.
fn forward(v: &mut Json, table: &NameTable, names: &dyn Names, owner: &str) {
    let Some(obj) = v.as_object_mut() else {
        if let Some(items) = v.as_array_mut() {
            items
                .iter_mut()
                .for_each(|i| forward(i, table, names, owner));
        }
        return;
    };
    obj.retain(|k, v| !((k == "runId" || k.ends_with("RunId")) && v.is_string()));
    let unescape = |s: &str| s.replace("${dollar}{", "${");
    for (k, inner) in obj.iter_mut() {
        let name = inner.get("name").and_then(Json::as_str).map(unescape);
        let replaced = match (k.as_str(), inner.as_str(), name) {
            ("workflowId", Some(id), _) => table
                .workflows
                .iter()
                .position(|w| *w == unescape(id))
                .map(|i| (None, names.workflow(i))),
            ("taskList", _, Some(n)) => table
                .task_lists
                .iter()
                .position(|(l, o)| *l == n && o == owner)
                .map(|i| (Some("name"), names.task_list(i))),
            ("workflowType" | "activityType", _, Some(n)) => {
                let t = if k == "workflowType" {
                    "workflow"
                } else {
                    "activity"
                };
                table
                    .types
                    .iter()
                    .position(|(kk, nn)| kk == t && *nn == n)
                    .map(|i| (Some("name"), names.type_name(i)))
            }
            _ => None,
        };
        match replaced {
            Some((None, value)) => *inner = json!(value),
            Some((Some(member), value)) => inner[member] = json!(value),
            None => forward(inner, table, names, owner),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::history::Templates;

    #[test]
    fn recorded_names_become_the_cases_and_issued_values_are_left_out() {
        let mut table = NameTable::default();
        table.workflow("");
        table.workflow("kid");
        table.task_list("tl", "workflow 0");
        table.task_list("kid-tl", "workflow 1");
        table.type_name("workflow", "sub");
        let recorded = vec![
            json!({"eventId": 6, "eventTimestamp": 1.5, "eventType": "StartChildWorkflowExecutionInitiated",
            "startChildWorkflowExecutionInitiatedEventAttributes": {"workflowId": "kid",
                "taskList": {"name": "kid-tl"}, "workflowType": {"name": "sub", "version": "1"},
                "input": "${not a template}"}}),
            json!({"eventId": 7, "eventType": "ChildWorkflowExecutionStarted",
            "childWorkflowExecutionStartedEventAttributes": {"initiatedEventId": 6,
                "workflowExecution": {"workflowId": "kid", "runId": "R"}}}),
        ];
        let names = Templates {
            recorded: &recorded,
            history_step: None,
            main_run: None,
        };
        let out = expected(&recorded, &table, &names);
        let a = &out[0]["startChildWorkflowExecutionInitiatedEventAttributes"];
        assert_eq!(out[0].get("eventTimestamp"), None);
        assert_eq!(a["workflowId"], "${workflowId}-w1");
        assert_eq!(a["taskList"]["name"], "${workflowId}-l1");
        assert_eq!(a["workflowType"]["name"], "${workflowId}-t0");
        assert_eq!(a["input"], "${dollar}{not a template}");
        let started = &out[1]["childWorkflowExecutionStartedEventAttributes"]["workflowExecution"];
        assert_eq!(started, &json!({"workflowId": "${workflowId}-w1"}));
    }
}
