//! Signals and cancels, from wherever they come: SignalWorkflowExecution and
//! RequestCancelWorkflowExecution (seed; SWF-WIRE.md §5), the
//! SignalExternalWorkflowExecution and RequestCancelExternalWorkflowExecution decisions,
//! and a parent's REQUEST_CANCEL child policy (closing.rs). An external one is carried
//! out at once: the Initiated event, the target's event, then the result (or the Failed
//! event, cause UNKNOWN_EXTERNAL_WORKFLOW_EXECUTION) back to the decider.

use super::World;
use super::decision_list::{Decided, failed, failure};
use crate::server::state::executions::Execution;
use crate::server::state::input::Answer;
use crate::server::state::input::{copy_members, opt_text, text};
use serde_json::{Value as Json, json};

impl World {
    /// SignalWorkflowExecution: WorkflowExecutionSignaled, then a decision task.
    pub(super) fn signal(&mut self, input: &Json) -> Answer {
        let id = self.open_named(input)?;
        let mut attrs = json!({"signalName": text(input, "signalName")});
        if let Some(v) = opt_text(input, "input") {
            attrs["input"] = json!(v);
        }
        self.record_for_decider(id, "WorkflowExecutionSignaled", attrs);
        Ok(None)
    }

    /// Seed: records WorkflowExecutionCancelRequested in the open execution named by
    /// (domain, workflowId, runId), or the current open one without a runId; the
    /// execution stays open. SWF-WIRE.md §5.2: attributes `{"externalInitiatedEventId": 0}`,
    /// then a DecisionTaskScheduled unless one is scheduled or started.
    pub(super) fn request_cancel(&mut self, input: &Json) -> Answer {
        let id = self.open_named(input)?;
        self.cancel_requested(id, json!({"externalInitiatedEventId": 0}));
        Ok(None)
    }

    /// Open execution `id`'s cancellation is requested: WorkflowExecutionCancelRequested
    /// with `attrs`, then a decision task.
    pub(super) fn cancel_requested(&mut self, id: u64, attrs: Json) -> i64 {
        if self.executions.open(id).is_some() {
            self.cancels.request(id);
        }
        self.record_for_decider(id, "WorkflowExecutionCancelRequested", attrs)
    }

    /// `{"workflowId", "runId"}` of execution `id`.
    fn reference_of(&self, id: u64) -> Json {
        self.executions
            .get(id)
            .map_or(Json::Null, Execution::reference)
    }

    /// The open target named by the attributes' workflowId and optional runId.
    fn target(&self, id: u64, attrs: &Json) -> Option<u64> {
        let domain = self.executions.open(id)?.spec().domain();
        self.executions
            .find_open_run(domain, text(attrs, "workflowId"), opt_text(attrs, "runId"))
    }

    /// The Initiated event (workflowId, runId, control and `extra`), its id and the
    /// members that identify the target.
    fn initiate(
        &mut self,
        at: Decided,
        event_type: &str,
        attrs: &Json,
        extra: &[&str],
    ) -> (i64, Json) {
        let mut ident = json!({"workflowId": text(attrs, "workflowId")});
        copy_members(attrs, &["runId", "control"], &mut ident);
        let mut event = ident.clone();
        event["decisionTaskCompletedEventId"] = json!(at.completed);
        copy_members(attrs, extra, &mut event);
        (self.record(at.id, event_type, event), ident)
    }

    /// The decision's Failed event: no such open execution.
    fn external_failed(&mut self, at: Decided, decision: &str, (initiated, ident): (i64, Json)) {
        let mut event = failure(ident, "UNKNOWN_EXTERNAL_WORKFLOW_EXECUTION", at.completed);
        event["initiatedEventId"] = json!(initiated);
        self.record_for_decider(at.id, &failed(decision), event);
    }

    /// SignalExternalWorkflowExecution: WorkflowExecutionSignaled in the target (with
    /// `externalWorkflowExecution` and `externalInitiatedEventId`), then
    /// ExternalWorkflowExecutionSignaled here.
    pub(super) fn signal_external(&mut self, at: Decided, attrs: &Json) {
        let decision = "SignalExternalWorkflowExecution";
        let target = self.target(at.id, attrs);
        let initiated = self.initiate(
            at,
            "SignalExternalWorkflowExecutionInitiated",
            attrs,
            &["signalName", "input"],
        );
        let Some(target) = target else {
            return self.external_failed(at, decision, initiated);
        };
        let mut signaled = json!({"signalName": text(attrs, "signalName"),
            "externalWorkflowExecution": self.reference_of(at.id), "externalInitiatedEventId": initiated.0});
        copy_members(attrs, &["input"], &mut signaled);
        self.record_for_decider(target, "WorkflowExecutionSignaled", signaled);
        let result = json!({"workflowExecution": self.reference_of(target),
            "initiatedEventId": initiated.0});
        self.record_for_decider(at.id, "ExternalWorkflowExecutionSignaled", result);
    }

    /// RequestCancelExternalWorkflowExecution: WorkflowExecutionCancelRequested in the
    /// target, then ExternalWorkflowExecutionCancelRequested here.
    pub(super) fn cancel_external(&mut self, at: Decided, attrs: &Json) {
        let decision = "RequestCancelExternalWorkflowExecution";
        let target = self.target(at.id, attrs);
        let initiated = self.initiate(
            at,
            "RequestCancelExternalWorkflowExecutionInitiated",
            attrs,
            &[],
        );
        let Some(target) = target else {
            return self.external_failed(at, decision, initiated);
        };
        let requested = json!({"externalWorkflowExecution": self.reference_of(at.id),
            "externalInitiatedEventId": initiated.0});
        self.cancel_requested(target, requested);
        let result = json!({"workflowExecution": self.reference_of(target),
            "initiatedEventId": initiated.0});
        self.record_for_decider(at.id, "ExternalWorkflowExecutionCancelRequested", result);
    }
}
