//! Closing an execution: its closing event, its open work dropped from every concept,
//! then (in order, without recursion) its parent told and its child policy applied to
//! its children: on a terminate or a timeout, as the model's childPolicy documentation
//! says, and on a close by the decider (complete, fail, cancel), as histories the live
//! service wrote show (SWF-WIRE.md §11, docs/practice.md §5).

use super::World;
use crate::server::state::executions::{CloseStatus, Execution};
use crate::wire::typed::ChildPolicy;
use serde_json::{Value as Json, json};

/// A closed execution whose consequences are still to be carried out.
#[derive(Debug)]
pub struct Closing {
    id: u64,
    /// The child policy to apply to its open children (none for continue-as-new: the
    /// children stay open, their parent's run goes on).
    policy: Option<ChildPolicy>,
}

impl Closing {
    /// Closing consequences without a child policy (the run continued as new).
    pub fn plain(id: u64) -> Self {
        Closing { id, policy: None }
    }

    /// Closing consequences that apply `policy` to the open children.
    pub fn with_policy(id: u64, policy: ChildPolicy) -> Self {
        Closing {
            id,
            policy: Some(policy),
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
        self.deadlines.touch(id);
        let now = self.now();
        let Some(event) = self.executions.close(id, now, status, event_type, attrs) else {
            return 0;
        };
        self.decisions.close(id);
        self.timers.close(id);
        self.activities.close(id);
        self.closings.push(closing);
        event
    }

    /// Terminates every open execution whose history reached the limit: cause
    /// EVENT_LIMIT_EXCEEDED, its own child policy applied.
    pub(super) fn terminate_over_limit(&mut self) {
        for id in std::mem::take(&mut self.over_limit) {
            let Some(ex) = self.executions.open(id) else {
                continue;
            };
            let policy = ex.spec().child_policy();
            let attrs = json!({"childPolicy": policy.as_str(), "cause": "EVENT_LIMIT_EXCEEDED"});
            self.close(
                id,
                CloseStatus::Terminated,
                "WorkflowExecutionTerminated",
                attrs,
                Closing::with_policy(id, policy),
            );
        }
    }

    /// Carries out every queued closing: parents told, child policies applied. A child
    /// closed by a policy queues its own closing, handled in the same loop.
    pub(super) fn drain_closings(&mut self) {
        while let Some(c) = self.closings.pop() {
            self.tell_parent(c.id);
            let Some(policy) = c.policy else { continue };
            let parent = self.executions.get(c.id).map(Execution::reference);
            for child in self.children.take_all(c.id) {
                self.apply_child_policy(child, policy, parent.clone());
            }
        }
    }

    /// TERMINATE, REQUEST_CANCEL or ABANDON, on an open child (cause CHILD_POLICY_APPLIED);
    /// a cancel request names the `parent` (SWF-WIRE.md §11: `externalWorkflowExecution`).
    fn apply_child_policy(&mut self, child: u64, policy: ChildPolicy, parent: Option<Json>) {
        let Some(ex) = self.executions.open(child) else {
            return;
        };
        match policy {
            ChildPolicy::Terminate => {
                let own = ex.spec().child_policy();
                let attrs = json!({"childPolicy": own.as_str(), "cause": "CHILD_POLICY_APPLIED"});
                self.close(
                    child,
                    CloseStatus::Terminated,
                    "WorkflowExecutionTerminated",
                    attrs,
                    Closing::with_policy(child, own),
                );
            }
            ChildPolicy::RequestCancel => {
                let mut attrs =
                    json!({"externalInitiatedEventId": 0, "cause": "CHILD_POLICY_APPLIED"});
                if let Some(parent) = parent {
                    attrs["externalWorkflowExecution"] = parent;
                }
                self.cancel_requested(child, attrs);
            }
            ChildPolicy::Abandon => {}
        }
    }

    /// The parent's ChildWorkflowExecution<Status> event for a closed child, if the
    /// parent is still open; the child leaves the parent's open children.
    fn tell_parent(&mut self, id: u64) {
        let Some(ex) = self.executions.get(id) else {
            return;
        };
        let (Some(link), Some((_, status))) = (ex.spec().parent().cloned(), ex.closed()) else {
            return;
        };
        let Some((event_type, carried)) = parent_event(status) else {
            return;
        };
        let closing_attrs = ex.log().last_attributes();
        let workflow_type = json!(ex.spec().workflow_type());
        let reference = ex.reference();
        if self.executions.open(link.execution).is_none() {
            return;
        }
        let Some(child) = self.children.remove(link.execution, link.initiated_id) else {
            return;
        };
        let mut attrs = json!({"workflowExecution": reference, "workflowType": workflow_type,
            "initiatedEventId": link.initiated_id, "startedEventId": child.started_id()});
        for member in carried {
            if let Some(v) = closing_attrs.get(*member) {
                attrs[*member] = v.clone();
            }
        }
        self.record_for_decider(link.execution, event_type, attrs);
    }
}
