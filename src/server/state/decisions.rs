//! RespondDecisionTaskCompleted: the decision list checked as a whole (nothing is
//! applied when it is malformed), DecisionTaskCompleted recorded, then each decision
//! carried out in order: its success events, or its `...Failed` event with the cause
//! from the model's enum.

use super::close::Closing;
use super::execution::{CloseStatus, DecisionState};
use super::{Answer, World, copy_members, invalid, opt_text, text, unknown_token};
use crate::model::decision_attributes_key;
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

/// The `...Failed` event of a decision, with its cause.
pub(super) fn failed(decision_type: &str) -> String {
    format!("{decision_type}Failed")
}

impl World {
    pub(super) fn respond_decisions(&mut self, input: &Json) -> Answer {
        let token = text(input, "taskToken");
        let decisions: Vec<Json> = input
            .get("decisions")
            .and_then(Json::as_array)
            .cloned()
            .unwrap_or_default();
        check_list(&decisions)?;
        let id = *self.decision_tokens.get(token).ok_or_else(unknown_token)?;
        let Some((scheduled_id, started_id, again)) =
            self.open(id).and_then(|ex| match &ex.decision {
                DecisionState::Started {
                    scheduled_id,
                    started_id,
                    token: t,
                    again,
                    ..
                } if t == token => Some((*scheduled_id, *started_id, *again)),
                _ => None,
            })
        else {
            return Err(unknown_token());
        };
        self.decision_tokens.remove(token);
        let mut attrs = json!({"scheduledEventId": scheduled_id, "startedEventId": started_id});
        copy_members(input, &["executionContext"], &mut attrs);
        let completed = self.record(id, "DecisionTaskCompleted", attrs);
        if let Some(ex) = self.open_mut(id) {
            ex.decision = DecisionState::Idle;
            ex.previous_started_event_id = started_id;
            if let Some(c) = opt_text(input, "executionContext") {
                ex.latest_execution_context = Some(c.to_owned());
            }
        }
        // A task's decision events are recorded together; the next decision task (for a
        // failed decision, a result, or events that arrived meanwhile) comes after them.
        self.deciding = Some((id, again));
        for d in &decisions {
            self.decide(id, d, completed, again);
        }
        if let Some((_, true)) = self.deciding.take() {
            self.schedule_decision(id);
        }
        Ok(None)
    }

    fn decide(&mut self, id: u64, d: &Json, completed: i64, again: bool) {
        let t = text(d, "decisionType");
        let attrs = d
            .get(decision_attributes_key(t))
            .cloned()
            .unwrap_or_else(|| json!({}));
        match t {
            "ScheduleActivityTask" => self.schedule_activity(id, &attrs, completed),
            "RequestCancelActivityTask" => self.request_cancel_activity(id, &attrs, completed),
            "StartTimer" => self.start_timer(id, &attrs, completed),
            "CancelTimer" => self.cancel_timer(id, &attrs, completed),
            "RecordMarker" => {
                let mut event = json!({"decisionTaskCompletedEventId": completed});
                copy_members(&attrs, &["markerName", "details"], &mut event);
                self.record(id, "MarkerRecorded", event);
            }
            "SignalExternalWorkflowExecution" => self.signal_external(id, &attrs, completed),
            "RequestCancelExternalWorkflowExecution" => self.cancel_external(id, &attrs, completed),
            "StartChildWorkflowExecution" => self.start_child(id, &attrs, completed),
            "ScheduleLambdaFunction" => {
                // No Lambda exists behind the reference endpoint: the model's
                // ScheduleLambdaFunctionFailedCause for that is LAMBDA_SERVICE_NOT_AVAILABLE_IN_REGION.
                let mut event = json!({"cause": "LAMBDA_SERVICE_NOT_AVAILABLE_IN_REGION",
                    "decisionTaskCompletedEventId": completed});
                copy_members(&attrs, &["id", "name"], &mut event);
                self.record_for_decider(id, "ScheduleLambdaFunctionFailed", event);
            }
            _ if again => {
                // SWF-WIRE.md §8: a closing decision fails when events arrived during the task.
                let event = json!({"cause": "UNHANDLED_DECISION", "decisionTaskCompletedEventId": completed});
                self.record_for_decider(id, &failed(t), event);
            }
            "ContinueAsNewWorkflowExecution" => self.continue_as_new(id, &attrs, completed),
            _ => self.close_by_decision(id, t, &attrs, completed),
        }
    }

    /// CompleteWorkflowExecution, FailWorkflowExecution, CancelWorkflowExecution.
    fn close_by_decision(&mut self, id: u64, t: &str, attrs: &Json, completed: i64) {
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
        let mut event = json!({ "decisionTaskCompletedEventId": completed });
        copy_members(attrs, members, &mut event);
        self.close(id, status, event_type, event, Closing::plain(id));
    }
}

/// The model's rule for ids a decision names (activityId, timerId, workflowId): "must
/// not contain a : (colon), / (slash), | (vertical bar), or any control characters
/// (\u0000-\u001f | \u007f-\u009f). Also, it must not be the literal string arn."
pub(super) fn allowed_id(id: &str) -> bool {
    id != "arn"
        && !id
            .chars()
            .any(|c| matches!(c, ':' | '/' | '|' | '\u{0}'..='\u{1f}' | '\u{7f}'..='\u{9f}'))
}

/// A decision's `...Failed` event: `attrs` (its identifying members), the cause and the
/// DecisionTaskCompleted event; the decider sees it in a new decision task.
pub(super) fn failure(mut attrs: Json, cause: &str, completed: i64) -> Json {
    attrs["cause"] = json!(cause);
    attrs["decisionTaskCompletedEventId"] = json!(completed);
    attrs
}
