//! Signals and cancels, from wherever they come: SignalWorkflowExecution and
//! RequestCancelWorkflowExecution (seed; SWF-WIRE.md §5), the
//! SignalExternalWorkflowExecution and RequestCancelExternalWorkflowExecution decisions,
//! and a parent's REQUEST_CANCEL child policy (closing.rs). An external one is carried
//! out at once: the Initiated event, the target's event, then the result (or the Failed
//! event, cause UNKNOWN_EXTERNAL_WORKFLOW_EXECUTION) back to the decider.

use super::World;
use super::decision_list::{Decided, failure};
use crate::server::state::executions::Execution;
use crate::server::state::input::Reply;
use crate::wire::typed::{
    DecisionType, RequestCancelExternalWorkflowExecutionDecisionAttributes,
    RequestCancelWorkflowExecutionInput, SignalExternalWorkflowExecutionDecisionAttributes,
    SignalWorkflowExecutionInput,
};
use serde_json::{Value as Json, json};

/// The target of an external signal or cancel, and the decider's own `control`.
#[derive(Debug, Clone, Copy)]
struct External<'a> {
    workflow_id: &'a str,
    run_id: Option<&'a str>,
    control: Option<&'a str>,
}

impl World {
    /// SignalWorkflowExecution: WorkflowExecutionSignaled, then a decision task.
    pub(super) fn signal(&mut self, input: &SignalWorkflowExecutionInput) -> Reply {
        let run_id = input.run_id.as_deref();
        let id = self.open_named(&input.domain, &input.workflow_id, run_id)?;
        let mut attrs = json!({"signalName": input.signal_name});
        if let Some(v) = &input.input {
            attrs["input"] = json!(v);
        }
        self.record_for_decider(id, "WorkflowExecutionSignaled", attrs);
        Ok(None)
    }

    /// Seed: records WorkflowExecutionCancelRequested in the open execution named by
    /// (domain, workflowId, runId), or the current open one without a runId; the
    /// execution stays open. SWF-WIRE.md §5.2: attributes `{"externalInitiatedEventId": 0}`,
    /// then a DecisionTaskScheduled unless one is scheduled or started.
    pub(super) fn request_cancel(&mut self, input: &RequestCancelWorkflowExecutionInput) -> Reply {
        let run_id = input.run_id.as_deref();
        let id = self.open_named(&input.domain, &input.workflow_id, run_id)?;
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

    /// The open target named by a workflowId and optional runId, in `id`'s domain.
    fn target(&self, id: u64, to: External<'_>) -> Option<u64> {
        let domain = self.executions.open(id)?.spec().domain();
        self.executions
            .find_open_run(domain, to.workflow_id, to.run_id)
    }

    /// The Initiated event (workflowId, runId, control and `extra`), its id and the
    /// members that identify the target.
    fn initiate(
        &mut self,
        at: Decided,
        event_type: &str,
        to: External<'_>,
        extra: Json,
    ) -> (i64, Json) {
        let mut ident = json!({ "workflowId": to.workflow_id });
        if let Some(run) = to.run_id {
            ident["runId"] = json!(run);
        }
        if let Some(control) = to.control {
            ident["control"] = json!(control);
        }
        let mut event = ident.clone();
        event["decisionTaskCompletedEventId"] = json!(at.completed);
        if let (Some(event), Some(extra)) = (event.as_object_mut(), extra.as_object()) {
            event.extend(extra.clone());
        }
        (self.record(at.id, event_type, event), ident)
    }

    /// The decision's Failed event: no such open execution.
    fn external_failed(
        &mut self,
        at: Decided,
        decision: DecisionType,
        (initiated, ident): (i64, Json),
    ) {
        let mut event = failure(ident, "UNKNOWN_EXTERNAL_WORKFLOW_EXECUTION", at.completed);
        event["initiatedEventId"] = json!(initiated);
        self.record_for_decider(at.id, &decision.failed_event(), event);
    }

    /// SignalExternalWorkflowExecution: WorkflowExecutionSignaled in the target (with
    /// `externalWorkflowExecution` and `externalInitiatedEventId`), then
    /// ExternalWorkflowExecutionSignaled here.
    pub(super) fn signal_external(
        &mut self,
        at: Decided,
        attrs: &SignalExternalWorkflowExecutionDecisionAttributes,
    ) {
        let to = External {
            workflow_id: &attrs.workflow_id,
            run_id: attrs.run_id.as_deref(),
            control: attrs.control.as_deref(),
        };
        let target = self.target(at.id, to);
        let mut extra = json!({ "signalName": attrs.signal_name });
        if let Some(input) = &attrs.input {
            extra["input"] = json!(input);
        }
        let initiated = self.initiate(at, "SignalExternalWorkflowExecutionInitiated", to, extra);
        let Some(target) = target else {
            let decision = DecisionType::SignalExternalWorkflowExecution;
            return self.external_failed(at, decision, initiated);
        };
        let mut signaled = json!({"signalName": attrs.signal_name,
            "externalWorkflowExecution": self.reference_of(at.id), "externalInitiatedEventId": initiated.0});
        if let Some(input) = &attrs.input {
            signaled["input"] = json!(input);
        }
        self.record_for_decider(target, "WorkflowExecutionSignaled", signaled);
        let result = json!({"workflowExecution": self.reference_of(target),
            "initiatedEventId": initiated.0});
        self.record_for_decider(at.id, "ExternalWorkflowExecutionSignaled", result);
    }

    /// RequestCancelExternalWorkflowExecution: WorkflowExecutionCancelRequested in the
    /// target, then ExternalWorkflowExecutionCancelRequested here.
    pub(super) fn cancel_external(
        &mut self,
        at: Decided,
        attrs: &RequestCancelExternalWorkflowExecutionDecisionAttributes,
    ) {
        let to = External {
            workflow_id: &attrs.workflow_id,
            run_id: attrs.run_id.as_deref(),
            control: attrs.control.as_deref(),
        };
        let target = self.target(at.id, to);
        let event_type = "RequestCancelExternalWorkflowExecutionInitiated";
        let initiated = self.initiate(at, event_type, to, json!({}));
        let Some(target) = target else {
            let decision = DecisionType::RequestCancelExternalWorkflowExecution;
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
