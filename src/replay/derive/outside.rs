//! The events that come from outside the decider: signals, cancel requests and terminations
//! sent through the API (or by executions the history does not show, for which the replay
//! starts stand-ins), and the children's outcomes.

use super::{Unreplayable, Walk};
use crate::replay::events::pick as copy;
use crate::replay::events::{attrs, id, kind, number, text};
use crate::replay::names::{RunRef, Slot, Slotted};
use crate::replay::script::{ApiCall, CueKind};
use serde_json::{Value as Json, json};

impl Walk<'_> {
    /// Starts a stand-in for the target of a signal or cancel request that reached an
    /// execution the history does not show.
    pub(super) fn stand_in_for(&mut self, d: &Json) {
        let reached = matches!(
            self.outcomes.get(&id(d)).map(String::as_str),
            Some("ExternalWorkflowExecutionSignaled" | "ExternalWorkflowExecutionCancelRequested")
        );
        if !reached || !kind(d).ends_with("ExternalWorkflowExecutionInitiated") {
            return;
        }
        let w = self
            .script
            .table
            .workflow(text(d, "workflowId").unwrap_or_default());
        if self.existing.contains(&w) {
            return;
        }
        let t = match self.stand_in_type {
            Some(t) => t,
            None => {
                let (t, call) = self.stand_in_type();
                self.script.setup.push(call);
                self.stand_in_type = Some(t);
                t
            }
        };
        let l = self
            .script
            .table
            .task_list("stand-in", &format!("workflow {w}"));
        let body = Slotted::new(
            json!({"workflowType": {"version": "1"}, "taskStartToCloseTimeout": "NONE"}),
        )
        .with(&["domain"], Slot::Domain)
        .with(&["workflowId"], Slot::Workflow(w))
        .with(&["workflowType", "name"], Slot::TypeName(t))
        .with(&["taskList", "name"], Slot::TaskList(l));
        let call = ApiCall {
            operation: "StartWorkflowExecution".into(),
            body,
            learns: Some(w),
        };
        self.push(id(d), CueKind::ApiCall(call));
        self.existing.insert(w);
        self.stand_ins.insert(w);
        self.script.note("a signal or cancel request reached an execution the history does not show: the replay starts a stand-in execution with its workflowId");
    }

    /// Signals, cancel requests and terminations from outside.
    pub(super) fn external(&mut self, e: &Json) -> Result<(), Unreplayable> {
        let a = attrs(e);
        let from_outside = a.get("externalWorkflowExecution").is_some()
            && number(e, "externalInitiatedEventId") > 0;
        let own = &self.script.table.workflows[0];
        let by_itself = from_outside
            && !own.is_empty()
            && a["externalWorkflowExecution"]["workflowId"].as_str() == Some(own.as_str());
        if by_itself {
            return Ok(());
        }
        let cause = text(e, "cause").unwrap_or_default();
        if cause == "CHILD_POLICY_APPLIED" {
            return Err(Unreplayable { event: id(e), event_type: kind(e).into(),
                reason: "its parent's child policy was applied: the history of a child execution; replay its parent's".into() });
        }
        if from_outside {
            self.script.note(format!("event {} ({}) came from another execution the history does not show: the replay sends it through the API, so its externalWorkflowExecution and externalInitiatedEventId differ", id(e), kind(e)));
        }
        if cause == "EVENT_LIMIT_EXCEEDED" {
            self.script.note("the execution was terminated for its event count (EVENT_LIMIT_EXCEEDED): the replay terminates it through the API");
        }
        let (operation, members): (&str, &[&str]) = match kind(e) {
            "WorkflowExecutionSignaled" => ("SignalWorkflowExecution", &["signalName", "input"]),
            "WorkflowExecutionCancelRequested" => ("RequestCancelWorkflowExecution", &[]),
            _ => (
                "TerminateWorkflowExecution",
                &["reason", "details", "childPolicy"],
            ),
        };
        let mut body = Slotted::new(copy(a, members))
            .with(&["domain"], Slot::Domain)
            .with(&["workflowId"], Slot::Workflow(0));
        // A signal goes to the execution open under the workflowId, as most senders send it;
        // a cancel request and a termination name the run.
        if operation != "SignalWorkflowExecution" {
            body = body.with(&["runId"], Slot::Run(RunRef::Started(0)));
        }
        self.push(
            id(e),
            CueKind::ApiCall(ApiCall {
                operation: operation.into(),
                body,
                learns: None,
            }),
        );
        Ok(())
    }

    /// A child's outcome: its decider closes it, the API terminates it, or time passes.
    pub(super) fn child(&mut self, e: &Json) {
        let initiated = self.event(number(e, "initiatedEventId"));
        let child_id = text(initiated, "workflowId").unwrap_or_default().to_owned();
        let w = self.script.table.workflow(&child_id);
        let list = attrs(initiated)["taskList"]["name"]
            .as_str()
            .unwrap_or_default();
        let l = self.script.table.task_list(list, &format!("workflow {w}"));
        let close = |d: &str, members: &[&str]| {
            let key = crate::model::decision_attributes_key(d);
            Slotted::new(json!({"decisionType": d, key: copy(attrs(e), members)}))
        };
        let decision = match kind(e) {
            "ChildWorkflowExecutionCompleted" => close("CompleteWorkflowExecution", &["result"]),
            "ChildWorkflowExecutionFailed" => {
                close("FailWorkflowExecution", &["reason", "details"])
            }
            "ChildWorkflowExecutionCanceled" => close("CancelWorkflowExecution", &["details"]),
            "ChildWorkflowExecutionTerminated" => {
                let run = RunRef::Event {
                    event: number(e, "startedEventId"),
                    path: vec!["workflowExecution".into(), "runId".into()],
                };
                let body = Slotted::new(json!({}))
                    .with(&["domain"], Slot::Domain)
                    .with(&["workflowId"], Slot::Workflow(w))
                    .with(&["runId"], Slot::Run(run));
                let call = ApiCall {
                    operation: "TerminateWorkflowExecution".into(),
                    body,
                    learns: None,
                };
                return self.push(id(e), CueKind::ApiCall(call));
            }
            _ => return,
        };
        self.push(
            id(e),
            CueKind::CloseChild {
                workflow: w,
                task_list: l,
                decision,
            },
        );
    }
}
