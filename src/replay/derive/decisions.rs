//! A decision back from the event it recorded: ActivityTaskScheduled is a ScheduleActivityTask
//! with the attributes the event shows (the defaults the endpoint filled in stated outright),
//! a `...Failed` event the decision that failed, with what its event keeps.

use super::Walk;
use crate::replay::events::{attrs, kind, number, pick as copy, text};
use crate::replay::names::{RunRef, Slot, Slotted};
use serde_json::{Value as Json, json};

/// Whether `event` records a decision of the task completed as `decisionTaskCompletedEventId`
/// (the `...Failed` events of external requests and child starts that follow their Initiated
/// event are the endpoint's, not the decider's).
pub fn is_decision_event(event: &Json) -> bool {
    let a = attrs(event);
    if a.get("decisionTaskCompletedEventId").is_none() {
        return false;
    }
    let consequence = matches!(
        kind(event),
        "SignalExternalWorkflowExecutionFailed"
            | "RequestCancelExternalWorkflowExecutionFailed"
            | "StartChildWorkflowExecutionFailed"
    );
    !(consequence && number(event, "initiatedEventId") > 0)
}

fn decision(decision_type: &str, attributes: Json) -> (String, Slotted) {
    let key = crate::model::decision_attributes_key(decision_type);
    let body = Slotted::new(json!({"decisionType": decision_type, key.clone(): attributes}));
    (key, body)
}

const ACTIVITY: [&str; 10] = [
    "activityType",
    "activityId",
    "control",
    "input",
    "scheduleToCloseTimeout",
    "taskList",
    "taskPriority",
    "scheduleToStartTimeout",
    "startToCloseTimeout",
    "heartbeatTimeout",
];

const CHILD: [&str; 11] = [
    "workflowType",
    "workflowId",
    "control",
    "input",
    "executionStartToCloseTimeout",
    "taskList",
    "taskPriority",
    "taskStartToCloseTimeout",
    "childPolicy",
    "tagList",
    "lambdaRole",
];

const CONTINUE: [&str; 8] = [
    "input",
    "executionStartToCloseTimeout",
    "taskList",
    "taskPriority",
    "taskStartToCloseTimeout",
    "childPolicy",
    "tagList",
    "lambdaRole",
];

impl Walk<'_> {
    /// The decision `event` records, with slots for the run's names.
    pub(super) fn decision_of(&mut self, event: &Json) -> Option<Slotted> {
        let a = attrs(event);
        let t = kind(event);
        let simple = |d: &str, members: &[&str]| Some(decision(d, copy(a, members)).1);
        match t {
            "ActivityTaskScheduled" | "ScheduleActivityTaskFailed" => {
                let members: &[&str] = match t {
                    "ActivityTaskScheduled" => &ACTIVITY,
                    _ => &["activityType", "activityId"],
                };
                let (key, body) = decision("ScheduleActivityTask", copy(a, members));
                Some(self.activity_slots(a, &key, body))
            }
            "ActivityTaskCancelRequested" | "RequestCancelActivityTaskFailed" => {
                simple("RequestCancelActivityTask", &["activityId"])
            }
            "TimerStarted" => simple("StartTimer", &["timerId", "startToFireTimeout", "control"]),
            "StartTimerFailed" => {
                let mut attributes = copy(a, &["timerId"]);
                attributes["startToFireTimeout"] = json!("1");
                Some(decision("StartTimer", attributes).1)
            }
            "TimerCanceled" | "CancelTimerFailed" => simple("CancelTimer", &["timerId"]),
            "MarkerRecorded" => simple("RecordMarker", &["markerName", "details"]),
            "RecordMarkerFailed" => simple("RecordMarker", &["markerName"]),
            "WorkflowExecutionCompleted" => simple("CompleteWorkflowExecution", &["result"]),
            "WorkflowExecutionFailed" => simple("FailWorkflowExecution", &["reason", "details"]),
            "WorkflowExecutionCanceled" => simple("CancelWorkflowExecution", &["details"]),
            "CompleteWorkflowExecutionFailed"
            | "FailWorkflowExecutionFailed"
            | "CancelWorkflowExecutionFailed"
            | "ContinueAsNewWorkflowExecutionFailed" => simple(t.trim_end_matches("Failed"), &[]),
            "WorkflowExecutionContinuedAsNew" => Some(self.continue_as_new(a)),
            "StartChildWorkflowExecutionInitiated" | "StartChildWorkflowExecutionFailed" => {
                let members: &[&str] = match t {
                    "StartChildWorkflowExecutionInitiated" => &CHILD,
                    _ => &["workflowType", "workflowId", "control"],
                };
                let (key, body) = decision("StartChildWorkflowExecution", copy(a, members));
                Some(self.child_slots(a, &key, body))
            }
            "SignalExternalWorkflowExecutionInitiated"
            | "SignalExternalWorkflowExecutionFailed" => {
                let mut attributes = copy(
                    a,
                    &["workflowId", "runId", "signalName", "input", "control"],
                );
                if attributes.get("signalName").is_none() {
                    attributes["signalName"] = json!("swfcheck-replay");
                }
                let (key, body) = decision("SignalExternalWorkflowExecution", attributes);
                Some(self.external_slots(event, &key, body))
            }
            "RequestCancelExternalWorkflowExecutionInitiated"
            | "RequestCancelExternalWorkflowExecutionFailed" => {
                let attributes = copy(a, &["workflowId", "runId", "control"]);
                let (key, body) = decision("RequestCancelExternalWorkflowExecution", attributes);
                Some(self.external_slots(event, &key, body))
            }
            "LambdaFunctionScheduled" => simple(
                "ScheduleLambdaFunction",
                &["id", "name", "control", "input", "startToCloseTimeout"],
            ),
            "ScheduleLambdaFunctionFailed" => simple("ScheduleLambdaFunction", &["id", "name"]),
            _ => None,
        }
    }

    fn activity_slots(&mut self, a: &Json, key: &str, mut body: Slotted) -> Slotted {
        let id = a["activityId"].as_str().unwrap_or_default();
        if let Some(name) = a["activityType"]["name"].as_str() {
            let t = self.script.table.type_name("activity", name);
            body = body.with(&[key, "activityType", "name"], Slot::TypeName(t));
        }
        if let Some(list) = a["taskList"]["name"].as_str() {
            let l = self.script.table.task_list(list, &format!("activity {id}"));
            body = body.with(&[key, "taskList", "name"], Slot::TaskList(l));
        }
        body
    }

    fn child_slots(&mut self, a: &Json, key: &str, mut body: Slotted) -> Slotted {
        let id = a["workflowId"].as_str().unwrap_or_default();
        let w = self.script.table.workflow(id);
        body = body.with(&[key, "workflowId"], Slot::Workflow(w));
        if let Some(name) = a["workflowType"]["name"].as_str() {
            let t = self.script.table.type_name("workflow", name);
            body = body.with(&[key, "workflowType", "name"], Slot::TypeName(t));
        }
        if let Some(list) = a["taskList"]["name"].as_str() {
            let l = self.script.table.task_list(list, &format!("workflow {w}"));
            body = body.with(&[key, "taskList", "name"], Slot::TaskList(l));
        }
        body
    }

    /// ContinueAsNewWorkflowExecution with the attributes `a` (of WorkflowExecutionContinuedAsNew
    /// or of the continued run's WorkflowExecutionStarted) show.
    pub(super) fn continue_as_new(&mut self, a: &Json) -> Slotted {
        let mut attributes = copy(a, &CONTINUE);
        if let Some(v) = a["workflowType"]["version"].as_str() {
            attributes["workflowTypeVersion"] = json!(v);
        }
        let (key, mut body) = decision("ContinueAsNewWorkflowExecution", attributes);
        if let Some(list) = a["taskList"]["name"].as_str() {
            let l = self.script.table.task_list(list, "workflow 0");
            body = body.with(&[&key, "taskList", "name"], Slot::TaskList(l));
        }
        body
    }

    /// A signal's or cancel request's target: its workflowId mapped, its runId taken from
    /// where the written history will show it.
    fn external_slots(&mut self, event: &Json, key: &str, mut body: Slotted) -> Slotted {
        let id = text(event, "workflowId").unwrap_or_default().to_owned();
        let w = self.script.table.workflow(&id);
        body = body.with(&[key, "workflowId"], Slot::Workflow(w));
        if let Some(run) = text(event, "runId").filter(|r| !r.is_empty()) {
            let source = match self.find_run(run, event) {
                Some((at, path)) => RunRef::Event { event: at, path },
                None if w == 0 || self.stand_ins.contains(&w) => RunRef::Started(w),
                None => RunRef::Recorded(run.to_owned()),
            };
            body = body.with(&[key, "runId"], Slot::Run(source));
        }
        body
    }

    /// The first event before `before` whose attributes show run id `run`, and where.
    fn find_run(&self, run: &str, before: &Json) -> Option<(i64, Vec<String>)> {
        let limit = crate::replay::events::id(before);
        self.events
            .iter()
            .take_while(|e| crate::replay::events::id(e) < limit)
            .find_map(|e| {
                let path = path_to(attrs(e), run)?;
                Some((crate::replay::events::id(e), path))
            })
    }
}

/// The members leading to a string equal to `value` held by a `runId` or `...RunId` member.
fn path_to(v: &Json, value: &str) -> Option<Vec<String>> {
    let obj = v.as_object()?;
    for (k, inner) in obj {
        let is_run = k == "runId" || k.ends_with("RunId");
        if is_run && inner.as_str() == Some(value) {
            return Some(vec![k.clone()]);
        }
        if let Some(mut rest) = path_to(inner, value) {
            rest.insert(0, k.clone());
            return Some(rest);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn run_ids_are_found_where_they_are() {
        let a =
            json!({"workflowExecution": {"workflowId": "c", "runId": "R"}, "initiatedEventId": 5});
        assert_eq!(
            path_to(&a, "R"),
            Some(vec!["workflowExecution".into(), "runId".into()])
        );
        assert_eq!(
            path_to(&json!({"input": "R"}), "R"),
            None,
            "user data is not a run id"
        );
        let b = json!({"newExecutionRunId": "N"});
        assert_eq!(path_to(&b, "N"), Some(vec!["newExecutionRunId".into()]));
    }
}
