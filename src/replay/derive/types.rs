//! The types a replay registers: every workflow and activity type the history uses, with
//! the defaults the first event that uses it shows (a decision that failed because a default
//! is undefined keeps that default out; a type the history shows does not exist is not
//! registered; one it shows deprecated is deprecated just before the decision that meets it).

use super::Walk;
use crate::replay::events::pick as copy;
use crate::replay::events::{attrs, id, kind, text};
use crate::replay::names::{Slot, Slotted};
use crate::replay::script::ApiCall;
use serde_json::{Value as Json, json};
use std::collections::BTreeMap;

/// A type: its kind (`workflow`, `activity`), name and version.
type TypeKey = (&'static str, String, String);

/// A type's registration being assembled.
#[derive(Debug, Clone)]
struct Registration {
    kind: &'static str,
    name: String,
    version: String,
    defaults: Json,
    /// The task list of `defaultTaskList`, if any.
    list: Option<String>,
}

impl Registration {
    fn key(&self) -> TypeKey {
        (self.kind, self.name.clone(), self.version.clone())
    }
}

/// The members of a workflow event that become a workflow type's defaults.
const WORKFLOW_DEFAULTS: [(&str, &str); 5] = [
    ("taskStartToCloseTimeout", "defaultTaskStartToCloseTimeout"),
    (
        "executionStartToCloseTimeout",
        "defaultExecutionStartToCloseTimeout",
    ),
    ("childPolicy", "defaultChildPolicy"),
    ("taskPriority", "defaultTaskPriority"),
    ("lambdaRole", "defaultLambdaRole"),
];

/// The members of ActivityTaskScheduled that become an activity type's defaults.
const ACTIVITY_DEFAULTS: [(&str, &str); 5] = [
    ("startToCloseTimeout", "defaultTaskStartToCloseTimeout"),
    ("heartbeatTimeout", "defaultTaskHeartbeatTimeout"),
    (
        "scheduleToStartTimeout",
        "defaultTaskScheduleToStartTimeout",
    ),
    (
        "scheduleToCloseTimeout",
        "defaultTaskScheduleToCloseTimeout",
    ),
    ("taskPriority", "defaultTaskPriority"),
];

/// The default a `DEFAULT_..._UNDEFINED` cause says is missing.
fn undefined_default(cause: &str) -> Option<&'static str> {
    Some(match cause {
        "DEFAULT_TASK_LIST_UNDEFINED" => "defaultTaskList",
        "DEFAULT_SCHEDULE_TO_START_TIMEOUT_UNDEFINED" => "defaultTaskScheduleToStartTimeout",
        "DEFAULT_SCHEDULE_TO_CLOSE_TIMEOUT_UNDEFINED" => "defaultTaskScheduleToCloseTimeout",
        "DEFAULT_START_TO_CLOSE_TIMEOUT_UNDEFINED" => "defaultTaskStartToCloseTimeout",
        "DEFAULT_HEARTBEAT_TIMEOUT_UNDEFINED" => "defaultTaskHeartbeatTimeout",
        "DEFAULT_EXECUTION_START_TO_CLOSE_TIMEOUT_UNDEFINED" => {
            "defaultExecutionStartToCloseTimeout"
        }
        "DEFAULT_TASK_START_TO_CLOSE_TIMEOUT_UNDEFINED" => "defaultTaskStartToCloseTimeout",
        "DEFAULT_CHILD_POLICY_UNDEFINED" => "defaultChildPolicy",
        _ => return None,
    })
}

/// The type an event uses and the defaults it shows: (kind, type object, defaults, list).
fn type_of(event: &Json) -> Option<(&'static str, &Json, Json, Option<String>)> {
    let a = attrs(event);
    let pairs: &[(&str, &str)] = match kind(event) {
        "WorkflowExecutionStarted"
        | "StartChildWorkflowExecutionInitiated"
        | "WorkflowExecutionContinuedAsNew" => &WORKFLOW_DEFAULTS,
        "ActivityTaskScheduled" => &ACTIVITY_DEFAULTS,
        "StartChildWorkflowExecutionFailed" | "ScheduleActivityTaskFailed" => &[],
        _ => return None,
    };
    let (kind, t) = match a.get("workflowType") {
        Some(t) => ("workflow", t),
        None => ("activity", a.get("activityType")?),
    };
    let mut defaults = serde_json::Map::new();
    for (from, to) in pairs {
        if let Some(v) = a.get(*from).filter(|v| !v.is_null()) {
            defaults.insert((*to).to_owned(), v.clone());
        }
    }
    let list = a["taskList"]["name"].as_str().map(str::to_owned);
    Some((kind, t, Json::Object(defaults), list))
}

impl Walk<'_> {
    /// The registrations (in the order of first use) and, by the id of the event of the
    /// decision that meets it, each type to deprecate first. A type is its kind, name and
    /// version: a workflow type and an activity type may share a name and a version.
    pub(super) fn registrations(&mut self) -> (Vec<ApiCall>, BTreeMap<i64, Vec<ApiCall>>) {
        let mut found: Vec<Registration> = Vec::new();
        let mut absent = Vec::new();
        let mut undefined: Vec<(TypeKey, &str)> = Vec::new();
        let mut deprecate = BTreeMap::new();
        for e in self.events {
            let Some((kind, t, defaults, list)) = type_of(e) else {
                continue;
            };
            let name = t["name"].as_str().unwrap_or_default().to_owned();
            let version = t["version"].as_str().unwrap_or_default().to_owned();
            let key = (kind, name.clone(), version.clone());
            match text(e, "cause").unwrap_or_default() {
                c if c.ends_with("TYPE_DOES_NOT_EXIST") => absent.push(key.clone()),
                c if c.ends_with("TYPE_DEPRECATED") => {
                    deprecate.insert(id(e), key.clone());
                }
                c => {
                    if let Some(d) = undefined_default(c) {
                        undefined.push((key.clone(), d));
                    }
                }
            }
            if !found.iter().any(|r| r.key() == key) {
                found.push(Registration {
                    kind,
                    name,
                    version,
                    defaults,
                    list,
                });
            }
        }
        found.retain(|r| !absent.contains(&r.key()));
        let mut calls = Vec::new();
        let mut keys = Vec::new();
        for mut r in found {
            for (key, d) in &undefined {
                if *key == r.key() {
                    if let Some(o) = r.defaults.as_object_mut() {
                        o.remove(*d);
                    }
                    if *d == "defaultTaskList" {
                        r.list = None;
                    }
                }
            }
            keys.push(r.key());
            calls.push(self.register(&r));
        }
        let deprecations = deprecate
            .into_iter()
            .filter_map(|(event, key)| {
                let i = keys.iter().position(|k| *k == key)?;
                Some((event, vec![deprecation(&calls[i])]))
            })
            .collect();
        (calls, deprecations)
    }

    fn register(&mut self, r: &Registration) -> ApiCall {
        let t = self.script.table.type_name(r.kind, &r.name);
        let mut json = r.defaults.clone();
        json["name"] = json!(r.name);
        json["version"] = json!(r.version);
        let operation = match r.kind {
            "workflow" => "RegisterWorkflowType",
            _ => "RegisterActivityType",
        };
        let mut body = Slotted::new(json)
            .with(&["domain"], Slot::Domain)
            .with(&["name"], Slot::TypeName(t));
        if let Some(list) = &r.list {
            let l = self.script.table.task_list(list, &format!("type {t}"));
            body = body.with(&["defaultTaskList", "name"], Slot::TaskList(l));
        }
        ApiCall {
            operation: operation.into(),
            body,
            learns: None,
        }
    }

    /// The registration of the stand-in type (the executions that only receive signals and
    /// cancel requests the history sends to executions it does not show).
    pub(super) fn stand_in_type(&mut self) -> (usize, ApiCall) {
        let t = self
            .script
            .table
            .type_name("workflow", "swfcheck-replay-stand-in");
        let json = json!({"version": "1", "defaultTaskStartToCloseTimeout": "NONE",
            "defaultExecutionStartToCloseTimeout": "31536000", "defaultChildPolicy": "TERMINATE"});
        let body = Slotted::new(json)
            .with(&["domain"], Slot::Domain)
            .with(&["name"], Slot::TypeName(t));
        let call = ApiCall {
            operation: "RegisterWorkflowType".into(),
            body,
            learns: None,
        };
        (t, call)
    }
}

/// The deprecation of the type `registration` registers.
fn deprecation(registration: &ApiCall) -> ApiCall {
    let (member, operation) = match registration.operation.as_str() {
        "RegisterWorkflowType" => ("workflowType", "DeprecateWorkflowType"),
        _ => ("activityType", "DeprecateActivityType"),
    };
    let mut body =
        Slotted::new(json!({member: copy(&registration.body.json, &["name", "version"])}))
            .with(&["domain"], crate::replay::names::Slot::Domain);
    for (path, slot) in &registration.body.slots {
        if path == &["name".to_owned()] {
            body = body.with(&[member, "name"], slot.clone());
        }
    }
    ApiCall {
        operation: operation.into(),
        body,
        learns: None,
    }
}
