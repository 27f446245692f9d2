//! Runs a decision starts: StartChildWorkflowExecution (the child's results come back
//! to the parent through close.rs) and ContinueAsNewWorkflowExecution.

use super::close::Closing;
use super::decisions::{allowed_id, failed, failure};
use super::execution::{Child, CloseStatus, ParentLink, RunSpec};
use super::{World, copy_members, opt_text, text};
use serde_json::{Value as Json, json};

/// SWF's quota of open child executions per execution (Developer Guide, "Amazon SWF quotas").
pub const MAX_OPEN_CHILDREN: usize = 1000;

/// The run's settings and the decision that asked for it.
fn settings(spec: &RunSpec, completed: i64) -> Json {
    let mut event = spec.settings();
    event["decisionTaskCompletedEventId"] = json!(completed);
    event
}

impl World {
    /// StartChildWorkflowExecution: StartChildWorkflowExecutionInitiated, the child's
    /// WorkflowExecutionStarted (with `parentWorkflowExecution`), then
    /// ChildWorkflowExecutionStarted in the parent; or StartChildWorkflowExecutionFailed
    /// (the model: initiatedEventId is 0 unless the cause is WORKFLOW_ALREADY_RUNNING).
    pub(super) fn start_child(&mut self, id: u64, attrs: &Json, completed: i64) {
        let wt = &attrs["workflowType"];
        let (name, version) = (text(wt, "name"), text(wt, "version"));
        let workflow_id = text(attrs, "workflowId");
        let mut ident = json!({"workflowType": {"name": name, "version": version},
            "workflowId": workflow_id, "initiatedEventId": 0});
        copy_members(attrs, &["control"], &mut ident);
        let fail = |world: &mut World, cause: &str, initiated: i64| {
            let mut event = failure(ident.clone(), cause, completed);
            event["initiatedEventId"] = json!(initiated);
            world.record_for_decider(id, &failed("StartChildWorkflowExecution"), event);
        };
        let Some(parent) = self.open(id) else { return };
        let (domain, reference) = (parent.spec.domain.clone(), parent.reference());
        if parent.children.len() >= MAX_OPEN_CHILDREN {
            return fail(self, "OPEN_CHILDREN_LIMIT_EXCEEDED", 0);
        }
        let mut spec = match self.run_spec(&domain, workflow_id, (name, version), attrs) {
            Ok(spec) => spec,
            Err(refused) => return fail(self, refused.cause(), 0),
        };
        if !allowed_id(workflow_id) {
            return fail(self, "OPERATION_NOT_PERMITTED", 0);
        }
        let mut initiated_event = settings(&spec, completed);
        initiated_event["workflowId"] = json!(workflow_id);
        copy_members(attrs, &["control"], &mut initiated_event);
        let initiated = self.record(id, "StartChildWorkflowExecutionInitiated", initiated_event);
        if self.find_open_run(&domain, workflow_id, None).is_some() {
            return fail(self, "WORKFLOW_ALREADY_RUNNING", initiated);
        }
        spec.parent = Some(ParentLink {
            execution: id,
            initiated_id: initiated,
            reference,
        });
        let child = self.start_run(spec);
        let child_ref = self.executions[&child].reference();
        let event = json!({"workflowExecution": child_ref, "workflowType": {"name": name, "version": version},
            "initiatedEventId": initiated});
        let started_id = self.record_for_decider(id, "ChildWorkflowExecutionStarted", event);
        if let Some(parent) = self.open_mut(id) {
            parent.children.insert(
                initiated,
                Child {
                    execution: child,
                    started_id,
                },
            );
        }
    }

    /// ContinueAsNewWorkflowExecution: a new run of the same workflowId (its
    /// WorkflowExecutionStarted names `continuedExecutionRunId`), then
    /// WorkflowExecutionContinuedAsNew closes this one with CONTINUED_AS_NEW. A child
    /// stays its parent's child in the new run.
    pub(super) fn continue_as_new(&mut self, id: u64, attrs: &Json, completed: i64) {
        let Some(ex) = self.open(id) else { return };
        let name = text(&ex.spec.workflow_type, "name").to_owned();
        let version = opt_text(attrs, "workflowTypeVersion")
            .unwrap_or_else(|| text(&ex.spec.workflow_type, "version"))
            .to_owned();
        let (domain, workflow_id, run_id) = (
            ex.spec.domain.clone(),
            ex.spec.workflow_id.clone(),
            ex.run_id.clone(),
        );
        let parent = ex.spec.parent.clone();
        let mut spec = match self.run_spec(&domain, &workflow_id, (&name, &version), attrs) {
            Ok(spec) => spec,
            Err(refused) => {
                let event = failure(json!({}), refused.cause(), completed);
                self.record_for_decider(id, &failed("ContinueAsNewWorkflowExecution"), event);
                return;
            }
        };
        spec.parent = parent.clone();
        spec.continued_from = Some(run_id);
        let mut event = settings(&spec, completed);
        let new_run = self.start_run(spec);
        event["newExecutionRunId"] = json!(self.executions[&new_run].run_id);
        if let Some(link) = parent {
            if let Some(child) = self
                .open_mut(link.execution)
                .and_then(|p| p.children.get_mut(&link.initiated_id))
            {
                child.execution = new_run;
            }
        }
        self.close(
            id,
            CloseStatus::ContinuedAsNew,
            "WorkflowExecutionContinuedAsNew",
            event,
            Closing::plain(id),
        );
    }
}
