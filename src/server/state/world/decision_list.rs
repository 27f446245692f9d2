//! RespondDecisionTaskCompleted: the decision list checked as a whole (nothing is
//! applied when it is malformed), DecisionTaskCompleted recorded, then each decision
//! carried out in order by the flow of its concept: its success events, or its
//! `...Failed` event with the cause from the model's enum. The decisions that need no
//! concept of their own (markers, Lambda, the closing ones) are here.

use super::World;
use super::closing::Closing;
use crate::server::state::executions::CloseStatus;
use crate::server::state::input::{Reply, invalid};
use crate::wire::Fault;
use crate::wire::typed::{
    CancelWorkflowExecutionDecisionAttributes, CompleteWorkflowExecutionDecisionAttributes,
    Decision, DecisionEntry, FailWorkflowExecutionDecisionAttributes,
    RecordMarkerDecisionAttributes, RespondDecisionTaskCompletedInput,
    ScheduleLambdaFunctionDecisionAttributes,
};
use serde_json::{Value as Json, json};

/// StartLambdaFunctionFailed's message when the execution has no `lambdaRole`, as the live
/// service writes it (SWF-WIRE.md §11).
pub const NO_LAMBDA_ROLE: &str = "No IAM role is attached to the current workflow execution.";

/// The decisions of a list that can be applied, or the ValidationException that refuses
/// the whole list: a kind whose attributes are required but missing, or a closing
/// decision that is not the last (SWF-WIRE.md §9).
fn check_list(entries: Vec<DecisionEntry>) -> Result<Vec<Decision>, Fault> {
    let mut decisions = Vec::with_capacity(entries.len());
    let mut violations = Vec::new();
    for (i, entry) in entries.into_iter().enumerate() {
        match entry.into_decision() {
            Ok(d) => decisions.push(d),
            Err(kind) => violations.push(format!(
                "Value null at 'decisions.{}.member.{}' failed to satisfy constraint: \
                 Member must not be null",
                i + 1,
                kind.attributes_key()
            )),
        }
    }
    if let Some(fault) = crate::wire::validate::validation_fault(&violations) {
        return Err(fault);
    }
    let last = decisions.len().saturating_sub(1);
    if decisions
        .iter()
        .enumerate()
        .any(|(i, d)| i != last && d.decision_type().is_closing())
    {
        return Err(invalid("Close must be last decision in list"));
    }
    Ok(decisions)
}

/// A decision's `...Failed` event: `attrs` (its identifying members), the cause and the
/// DecisionTaskCompleted event; the decider sees it in a new decision task.
pub(super) fn failure(mut attrs: Json, cause: &str, completed: i64) -> Json {
    attrs["cause"] = json!(cause);
    attrs["decisionTaskCompletedEventId"] = json!(completed);
    attrs
}

/// One decision of a list being applied: its execution and the DecisionTaskCompleted event.
#[derive(Debug, Clone, Copy)]
pub(super) struct Decided {
    /// The execution.
    pub id: u64,
    /// Its DecisionTaskCompleted event.
    pub completed: i64,
}

impl World {
    /// RespondDecisionTaskCompleted.
    pub(super) fn respond_decisions(&mut self, input: RespondDecisionTaskCompletedInput) -> Reply {
        let decisions = check_list(input.decisions.unwrap_or_default())?;
        let context = input.execution_context.as_deref();
        let task = self.decisions.answer(&input.task_token, context)?;
        let id = task.execution;
        let mut attrs =
            json!({"scheduledEventId": task.scheduled_id, "startedEventId": task.started_id});
        if let Some(c) = context {
            attrs["executionContext"] = json!(c);
        }
        let completed = self.record(id, "DecisionTaskCompleted", attrs);
        // A task's decision events are recorded together; the next decision task (for a
        // failed decision, a result, or events that arrived meanwhile) comes after them.
        self.decisions.begin_list(id, task.again);
        for d in &decisions {
            self.decide(Decided { id, completed }, d, task.again);
        }
        if self.decisions.end_list() {
            self.schedule_decision(id);
        }
        Ok(None)
    }

    /// Carries out one decision (`again`: events arrived while the task was in hand).
    fn decide(&mut self, at: Decided, d: &Decision, again: bool) {
        match d {
            Decision::ScheduleActivityTask(a) => self.schedule_activity(at, a),
            Decision::RequestCancelActivityTask(a) => self.request_cancel_activity(at, a),
            Decision::StartTimer(a) => self.start_timer(at, a),
            Decision::CancelTimer(a) => self.cancel_timer(at, a),
            Decision::RecordMarker(a) => self.record_marker(at, a),
            Decision::SignalExternalWorkflowExecution(a) => self.signal_external(at, a),
            Decision::RequestCancelExternalWorkflowExecution(a) => self.cancel_external(at, a),
            Decision::StartChildWorkflowExecution(a) => self.start_child(at, a),
            Decision::ScheduleLambdaFunction(a) => self.schedule_lambda(at, a),
            Decision::CompleteWorkflowExecution(_)
            | Decision::FailWorkflowExecution(_)
            | Decision::CancelWorkflowExecution(_)
            | Decision::ContinueAsNewWorkflowExecution(_)
                if again =>
            {
                // SWF-WIRE.md §8: a closing decision fails when events arrived during the task.
                let event = failure(json!({}), "UNHANDLED_DECISION", at.completed);
                self.record_for_decider(at.id, &d.decision_type().failed_event(), event);
            }
            Decision::CompleteWorkflowExecution(a) => self.complete(at, a),
            Decision::FailWorkflowExecution(a) => self.fail(at, a),
            Decision::CancelWorkflowExecution(a) => self.cancel(at, a),
            Decision::ContinueAsNewWorkflowExecution(a) => self.continue_as_new(at, a),
        }
    }

    /// RecordMarker: MarkerRecorded.
    fn record_marker(&mut self, at: Decided, attrs: &RecordMarkerDecisionAttributes) {
        let mut event = json!({"markerName": attrs.marker_name,
            "decisionTaskCompletedEventId": at.completed});
        if let Some(d) = &attrs.details {
            event["details"] = json!(d);
        }
        self.record(at.id, "MarkerRecorded", event);
    }

    /// ScheduleLambdaFunction. Without a `lambdaRole` on the execution, as the live service
    /// records it (SWF-WIRE.md §11; the documentation says ScheduleLambdaFunctionFailed:
    /// docs/practice.md §6): LambdaFunctionScheduled, then StartLambdaFunctionFailed
    /// (ASSUME_ROLE_FAILED). With one: no Lambda exists behind the reference endpoint, and
    /// the model's ScheduleLambdaFunctionFailedCause for that is
    /// LAMBDA_SERVICE_NOT_AVAILABLE_IN_REGION.
    fn schedule_lambda(&mut self, at: Decided, attrs: &ScheduleLambdaFunctionDecisionAttributes) {
        let Some(ex) = self.executions.open(at.id) else {
            return;
        };
        if ex.spec().lambda_role().is_some() {
            let ident = json!({"id": attrs.id, "name": attrs.name});
            let event = failure(
                ident,
                "LAMBDA_SERVICE_NOT_AVAILABLE_IN_REGION",
                at.completed,
            );
            self.record_for_decider(at.id, "ScheduleLambdaFunctionFailed", event);
            return;
        }
        let mut event = json!({"id": attrs.id, "name": attrs.name,
            "decisionTaskCompletedEventId": at.completed});
        for (member, value) in [
            ("control", &attrs.control),
            ("input", &attrs.input),
            ("startToCloseTimeout", &attrs.start_to_close_timeout),
        ] {
            if let Some(v) = value {
                event[member] = json!(v);
            }
        }
        let scheduled = self.record(at.id, "LambdaFunctionScheduled", event);
        let failed = json!({"scheduledEventId": scheduled, "cause": "ASSUME_ROLE_FAILED",
            "message": NO_LAMBDA_ROLE});
        self.record_for_decider(at.id, "StartLambdaFunctionFailed", failed);
    }

    /// CompleteWorkflowExecution: WorkflowExecutionCompleted.
    fn complete(&mut self, at: Decided, attrs: &CompleteWorkflowExecutionDecisionAttributes) {
        let carried = [("result", &attrs.result)];
        self.close_by_decision(at, CloseStatus::Completed, &carried);
    }

    /// FailWorkflowExecution: WorkflowExecutionFailed.
    fn fail(&mut self, at: Decided, attrs: &FailWorkflowExecutionDecisionAttributes) {
        let carried = [("reason", &attrs.reason), ("details", &attrs.details)];
        self.close_by_decision(at, CloseStatus::Failed, &carried);
    }

    /// CancelWorkflowExecution: WorkflowExecutionCanceled.
    fn cancel(&mut self, at: Decided, attrs: &CancelWorkflowExecutionDecisionAttributes) {
        let carried = [("details", &attrs.details)];
        self.close_by_decision(at, CloseStatus::Canceled, &carried);
    }

    /// Closes the execution with `status` by a decision: its closing event carries the
    /// decision's `carried` members; its child policy applies to its open children.
    fn close_by_decision(
        &mut self,
        at: Decided,
        status: CloseStatus,
        carried: &[(&str, &Option<String>)],
    ) {
        let event_type = match status {
            CloseStatus::Completed => "WorkflowExecutionCompleted",
            CloseStatus::Failed => "WorkflowExecutionFailed",
            CloseStatus::Canceled => "WorkflowExecutionCanceled",
            CloseStatus::Terminated => "WorkflowExecutionTerminated",
            CloseStatus::ContinuedAsNew => "WorkflowExecutionContinuedAsNew",
            CloseStatus::TimedOut => "WorkflowExecutionTimedOut",
        };
        let mut event = json!({ "decisionTaskCompletedEventId": at.completed });
        for (member, value) in carried {
            if let Some(v) = value {
                event[*member] = json!(v);
            }
        }
        // SWF-WIRE.md §11: the live service applies the child policy on this close too
        // (the documentation names only a terminate and a timeout): docs/practice.md §5.
        let Some(policy) = self.executions.open(at.id).map(|e| e.spec().child_policy()) else {
            return;
        };
        let closing = Closing::with_policy(at.id, policy);
        self.close(at.id, status, event_type, event, closing);
    }
}
