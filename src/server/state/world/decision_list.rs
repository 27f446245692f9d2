//! RespondDecisionTaskCompleted: the decision list checked as a whole (nothing is
//! applied when it is malformed), DecisionTaskCompleted recorded, then each decision
//! carried out in order by the flow of its concept: its success events, or its
//! `...Failed` event with the cause from the model's enum. The decisions that need no
//! concept of their own (markers, Lambda, the closing ones) are here.

use super::World;
use super::closing::Closing;
use crate::model::decision_attributes_key;
use crate::server::state::executions::CloseStatus;
use crate::server::state::input::Answer;
use crate::server::state::input::{copy_members, invalid, opt_text, text};
use crate::wire::Fault;
use serde_json::{Value as Json, json};

/// The decisions that close the execution; SWF-WIRE.md §9: each must be last in the list.
const CLOSING: [&str; 4] = [
    "CompleteWorkflowExecution",
    "FailWorkflowExecution",
    "CancelWorkflowExecution",
    "ContinueAsNewWorkflowExecution",
];

/// Whether the attributes of `decision_type` have required members (then the
/// attributes themselves are required of a decision of that type).
fn attributes_required(decision_type: &str) -> bool {
    let key = decision_attributes_key(decision_type);
    crate::model::swf()
        .operation("RespondDecisionTaskCompleted")
        .and_then(|op| op.input.member("decisions"))
        .and_then(|d| d.shape.member.as_deref())
        .and_then(|decision| decision.member(&key))
        .is_some_and(|m| m.shape.members.iter().any(|x| x.required))
}

/// The ValidationException for a list that cannot be applied, if it is one.
fn check_list(decisions: &[Json]) -> Result<(), Fault> {
    let mut violations = Vec::new();
    for (i, d) in decisions.iter().enumerate() {
        let t = text(d, "decisionType");
        let key = decision_attributes_key(t);
        if d.get(&key).is_none() && attributes_required(t) {
            violations.push(format!(
                "Value null at 'decisions.{}.member.{key}' failed to satisfy constraint: \
                 Member must not be null",
                i + 1
            ));
        }
    }
    if let Some(fault) = crate::wire::validate::validation_fault(&violations) {
        return Err(fault);
    }
    let last = decisions.len().saturating_sub(1);
    if decisions
        .iter()
        .enumerate()
        .any(|(i, d)| i != last && CLOSING.contains(&text(d, "decisionType")))
    {
        return Err(invalid("Close must be last decision in list"));
    }
    Ok(())
}

/// The `...Failed` event of a decision type.
pub(super) fn failed(decision_type: &str) -> String {
    format!("{decision_type}Failed")
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
    pub(super) fn respond_decisions(&mut self, input: &Json) -> Answer {
        let decisions: Vec<Json> = input
            .get("decisions")
            .and_then(Json::as_array)
            .cloned()
            .unwrap_or_default();
        check_list(&decisions)?;
        let context = opt_text(input, "executionContext");
        let task = self.decisions.answer(text(input, "taskToken"), context)?;
        let id = task.execution;
        let mut attrs =
            json!({"scheduledEventId": task.scheduled_id, "startedEventId": task.started_id});
        copy_members(input, &["executionContext"], &mut attrs);
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
    fn decide(&mut self, at: Decided, d: &Json, again: bool) {
        let t = text(d, "decisionType");
        let attrs = d
            .get(decision_attributes_key(t))
            .cloned()
            .unwrap_or_else(|| json!({}));
        match t {
            "ScheduleActivityTask" => self.schedule_activity(at, &attrs),
            "RequestCancelActivityTask" => self.request_cancel_activity(at, &attrs),
            "StartTimer" => self.start_timer(at, &attrs),
            "CancelTimer" => self.cancel_timer(at, &attrs),
            "RecordMarker" => self.record_marker(at, &attrs),
            "SignalExternalWorkflowExecution" => self.signal_external(at, &attrs),
            "RequestCancelExternalWorkflowExecution" => self.cancel_external(at, &attrs),
            "StartChildWorkflowExecution" => self.start_child(at, &attrs),
            "ScheduleLambdaFunction" => self.schedule_lambda(at, &attrs),
            _ if again => {
                // SWF-WIRE.md §8: a closing decision fails when events arrived during the task.
                let event = failure(json!({}), "UNHANDLED_DECISION", at.completed);
                self.record_for_decider(at.id, &failed(t), event);
            }
            "ContinueAsNewWorkflowExecution" => self.continue_as_new(at, &attrs),
            _ => self.close_by_decision(at, t, &attrs),
        }
    }

    /// RecordMarker: MarkerRecorded.
    fn record_marker(&mut self, at: Decided, attrs: &Json) {
        let mut event = json!({"decisionTaskCompletedEventId": at.completed});
        copy_members(attrs, &["markerName", "details"], &mut event);
        self.record(at.id, "MarkerRecorded", event);
    }

    /// ScheduleLambdaFunction: no Lambda exists behind the reference endpoint: the
    /// model's ScheduleLambdaFunctionFailedCause for that is
    /// LAMBDA_SERVICE_NOT_AVAILABLE_IN_REGION.
    fn schedule_lambda(&mut self, at: Decided, attrs: &Json) {
        let mut event = failure(
            json!({}),
            "LAMBDA_SERVICE_NOT_AVAILABLE_IN_REGION",
            at.completed,
        );
        copy_members(attrs, &["id", "name"], &mut event);
        self.record_for_decider(at.id, "ScheduleLambdaFunctionFailed", event);
    }

    /// CompleteWorkflowExecution, FailWorkflowExecution, CancelWorkflowExecution.
    fn close_by_decision(&mut self, at: Decided, t: &str, attrs: &Json) {
        let (event_type, status, members): (&str, CloseStatus, &[&str]) = match t {
            "CompleteWorkflowExecution" => (
                "WorkflowExecutionCompleted",
                CloseStatus::Completed,
                &["result"],
            ),
            "FailWorkflowExecution" => (
                "WorkflowExecutionFailed",
                CloseStatus::Failed,
                &["reason", "details"],
            ),
            _ => (
                "WorkflowExecutionCanceled",
                CloseStatus::Canceled,
                &["details"],
            ),
        };
        let mut event = json!({ "decisionTaskCompletedEventId": at.completed });
        copy_members(attrs, members, &mut event);
        self.close(at.id, status, event_type, event, Closing::plain(at.id));
    }
}
