//! Decisions that reach another execution of the domain: SignalExternalWorkflowExecution
//! and RequestCancelExternalWorkflowExecution. The Initiated event is recorded, the
//! target acts at once, and the result (or the Failed event, cause
//! UNKNOWN_EXTERNAL_WORKFLOW_EXECUTION) comes back to the decider.

use super::decisions::{failed, failure};
use super::{World, copy_members, opt_text, text};
use serde_json::{Value as Json, json};

impl World {
    /// The open target named by the attributes' workflowId and optional runId.
    fn target(&self, id: u64, attrs: &Json) -> Option<u64> {
        let domain = &self.open(id)?.spec.domain;
        self.find_open_run(domain, text(attrs, "workflowId"), opt_text(attrs, "runId"))
    }

    /// The Initiated event (workflowId, runId, control and `extra`), and its id.
    fn initiate(
        &mut self,
        id: u64,
        event_type: &str,
        attrs: &Json,
        extra: &[&str],
        completed: i64,
    ) -> (i64, Json) {
        let mut ident = json!({"workflowId": text(attrs, "workflowId")});
        copy_members(attrs, &["runId", "control"], &mut ident);
        let mut event = ident.clone();
        event["decisionTaskCompletedEventId"] = json!(completed);
        copy_members(attrs, extra, &mut event);
        (self.record(id, event_type, event), ident)
    }

    fn external_failed(
        &mut self,
        id: u64,
        decision: &str,
        ident: Json,
        initiated: i64,
        completed: i64,
    ) {
        let mut event = failure(ident, "UNKNOWN_EXTERNAL_WORKFLOW_EXECUTION", completed);
        event["initiatedEventId"] = json!(initiated);
        self.record_for_decider(id, &failed(decision), event);
    }

    /// SignalExternalWorkflowExecution: WorkflowExecutionSignaled in the target (with
    /// `externalWorkflowExecution` and `externalInitiatedEventId`), then
    /// ExternalWorkflowExecutionSignaled here.
    pub(super) fn signal_external(&mut self, id: u64, attrs: &Json, completed: i64) {
        let target = self.target(id, attrs);
        let (initiated, ident) = self.initiate(
            id,
            "SignalExternalWorkflowExecutionInitiated",
            attrs,
            &["signalName", "input"],
            completed,
        );
        let Some(target) = target else {
            return self.external_failed(
                id,
                "SignalExternalWorkflowExecution",
                ident,
                initiated,
                completed,
            );
        };
        let source = self.executions[&id].reference();
        let mut signaled = json!({"signalName": text(attrs, "signalName"),
            "externalWorkflowExecution": source, "externalInitiatedEventId": initiated});
        copy_members(attrs, &["input"], &mut signaled);
        self.record_for_decider(target, "WorkflowExecutionSignaled", signaled);
        let result = json!({"workflowExecution": self.executions[&target].reference(),
            "initiatedEventId": initiated});
        self.record_for_decider(id, "ExternalWorkflowExecutionSignaled", result);
    }

    /// RequestCancelExternalWorkflowExecution: WorkflowExecutionCancelRequested in the
    /// target, then ExternalWorkflowExecutionCancelRequested here.
    pub(super) fn cancel_external(&mut self, id: u64, attrs: &Json, completed: i64) {
        let target = self.target(id, attrs);
        let (initiated, ident) = self.initiate(
            id,
            "RequestCancelExternalWorkflowExecutionInitiated",
            attrs,
            &[],
            completed,
        );
        let Some(target) = target else {
            return self.external_failed(
                id,
                "RequestCancelExternalWorkflowExecution",
                ident,
                initiated,
                completed,
            );
        };
        let source = self.executions[&id].reference();
        if let Some(t) = self.open_mut(target) {
            t.cancel_requested = true;
        }
        let requested =
            json!({"externalWorkflowExecution": source, "externalInitiatedEventId": initiated});
        self.record_for_decider(target, "WorkflowExecutionCancelRequested", requested);
        let result = json!({"workflowExecution": self.executions[&target].reference(),
            "initiatedEventId": initiated});
        self.record_for_decider(id, "ExternalWorkflowExecutionCancelRequested", result);
    }
}
