//! Closing an execution: its closing event, its open work dropped, then (in order,
//! without recursion) its parent told and its child policy applied to its children.

use super::World;
use super::execution::{CloseStatus, DecisionState};
use serde_json::{Value as Json, json};

/// A closed execution whose consequences are still to be carried out.
#[derive(Debug)]
pub struct Closing {
    id: u64,
    /// The child policy to apply to its open children (terminate and timeout only:
    /// the model's childPolicy documentation).
    policy: Option<String>,
}

impl Closing {
    /// Closing consequences without a child policy (the decider closed it).
    pub fn plain(id: u64) -> Self {
        Closing { id, policy: None }
    }

    /// Closing consequences that apply `policy` to the open children.
    pub fn with_policy(id: u64, policy: &str) -> Self {
        Closing {
            id,
            policy: Some(policy.to_owned()),
        }
    }
}

/// The parent's event for a child that closed with `status`, and the members of the
/// child's closing event it carries.
fn parent_event(status: CloseStatus) -> Option<(&'static str, &'static [&'static str])> {
    Some(match status {
        CloseStatus::Completed => ("ChildWorkflowExecutionCompleted", &["result"]),
        CloseStatus::Failed => ("ChildWorkflowExecutionFailed", &["reason", "details"]),
        CloseStatus::Canceled => ("ChildWorkflowExecutionCanceled", &["details"]),
        CloseStatus::Terminated => ("ChildWorkflowExecutionTerminated", &[]),
        CloseStatus::TimedOut => ("ChildWorkflowExecutionTimedOut", &["timeoutType"]),
        // The chain goes on in the new run: the parent hears when it ends.
        CloseStatus::ContinuedAsNew => return None,
    })
}

impl World {
    /// Records the closing event, closes execution `id` (its decision task, activity
    /// tasks and timers are dropped with their tokens) and queues `closing`.
    pub(super) fn close(
        &mut self,
        id: u64,
        status: CloseStatus,
        event_type: &str,
        attrs: Json,
        closing: Closing,
    ) -> i64 {
        let now = self.now;
        let Some(ex) = self.open_mut(id) else {
            return 0;
        };
        let event = ex.record(now, event_type, attrs);
        ex.closed = Some((ex.last_event_time(), status));
        let decision = std::mem::replace(&mut ex.decision, DecisionState::Idle);
        ex.timers.clear();
        let activities = std::mem::take(&mut ex.activities);
        for a in activities.into_values() {
            if let Some(s) = a.started {
                self.activity_tokens.remove(&s.token);
            }
        }
        if let DecisionState::Started { token, .. } = decision {
            self.decision_tokens.remove(&token);
        }
        self.closing.push(closing);
        event
    }

    /// Carries out every queued closing: parents told, child policies applied. A child
    /// closed by a policy queues its own closing, handled in the same loop.
    pub(super) fn drain_closings(&mut self) {
        while let Some(c) = self.closing.pop() {
            self.tell_parent(c.id);
            let Some(policy) = c.policy else { continue };
            let children: Vec<u64> = self
                .executions
                .get_mut(&c.id)
                .map(|e| std::mem::take(&mut e.children))
                .unwrap_or_default()
                .into_values()
                .map(|child| child.execution)
                .collect();
            for child in children {
                self.apply_child_policy(child, &policy);
            }
        }
    }

    /// TERMINATE, REQUEST_CANCEL or ABANDON, on an open child (cause CHILD_POLICY_APPLIED).
    fn apply_child_policy(&mut self, child: u64, policy: &str) {
        let Some(ex) = self.open(child) else { return };
        match policy {
            "TERMINATE" => {
                let own = ex.spec.child_policy.clone();
                let attrs = json!({"childPolicy": own, "cause": "CHILD_POLICY_APPLIED"});
                self.close(
                    child,
                    CloseStatus::Terminated,
                    "WorkflowExecutionTerminated",
                    attrs,
                    Closing::with_policy(child, &own),
                );
            }
            "REQUEST_CANCEL" => {
                if let Some(ex) = self.open_mut(child) {
                    ex.cancel_requested = true;
                }
                let attrs = json!({"externalInitiatedEventId": 0, "cause": "CHILD_POLICY_APPLIED"});
                self.record_for_decider(child, "WorkflowExecutionCancelRequested", attrs);
            }
            _ => {}
        }
    }

    /// The parent's ChildWorkflowExecution<Status> event for a closed child, if the
    /// parent is still open; the child leaves the parent's open children.
    fn tell_parent(&mut self, id: u64) {
        let Some(ex) = self.executions.get(&id) else {
            return;
        };
        let (Some(link), Some((_, status))) = (ex.spec.parent.clone(), ex.closed) else {
            return;
        };
        let Some((event_type, carried)) = parent_event(status) else {
            return;
        };
        let closing_attrs = ex
            .events
            .last()
            .and_then(|e| e.as_object())
            .and_then(|e| e.iter().find(|(k, _)| k.ends_with("EventAttributes")))
            .map(|(_, v)| v.clone())
            .unwrap_or(Json::Null);
        let workflow_type = ex.spec.workflow_type.clone();
        let reference = ex.reference();
        let Some(parent) = self.open_mut(link.execution) else {
            return;
        };
        let Some(child) = parent.children.remove(&link.initiated_id) else {
            return;
        };
        let mut attrs = json!({"workflowExecution": reference, "workflowType": workflow_type,
            "initiatedEventId": link.initiated_id, "startedEventId": child.started_id});
        super::copy_members(&closing_attrs, carried, &mut attrs);
        self.record_for_decider(link.execution, event_type, attrs);
    }
}
