//! Runs a decision starts: StartChildWorkflowExecution (the child's results come back
//! to the parent through closing.rs) and ContinueAsNewWorkflowExecution.

use super::World;
use super::closing::Closing;
use super::decision_list::{Decided, failed, failure};
use crate::server::state::children::MAX_OPEN_CHILDREN;
use crate::server::state::executions::{CloseStatus, Execution};
use crate::server::state::input::{allowed_child_workflow_id, copy_members, opt_text, text};
use crate::server::state::run_spec::{ParentLink, RunSpec};
use serde_json::{Value as Json, json};

/// The run's settings and the decision that asked for it.
fn settings(spec: &RunSpec, completed: i64) -> Json {
    let mut event = spec.settings();
    event["decisionTaskCompletedEventId"] = json!(completed);
    event
}

impl World {
    /// The runId of execution `id`.
    fn run_id_of(&self, id: u64) -> String {
        self.executions
            .get(id)
            .map(Execution::run_id)
            .unwrap_or_default()
            .to_owned()
    }

    /// StartChildWorkflowExecution: StartChildWorkflowExecutionInitiated, the child's
    /// WorkflowExecutionStarted (with `parentWorkflowExecution`), then
    /// ChildWorkflowExecutionStarted in the parent; or StartChildWorkflowExecutionFailed
    /// (the model: initiatedEventId is 0 unless the cause is WORKFLOW_ALREADY_RUNNING).
    pub(super) fn start_child(&mut self, at: Decided, attrs: &Json) {
        let wt = &attrs["workflowType"];
        let (name, version) = (text(wt, "name"), text(wt, "version"));
        let workflow_id = text(attrs, "workflowId");
        let mut ident = json!({"workflowType": {"name": name, "version": version},
            "workflowId": workflow_id, "initiatedEventId": 0});
        copy_members(attrs, &["control"], &mut ident);
        let fail = |world: &mut World, cause: &str, initiated: i64| {
            let mut event = failure(ident.clone(), cause, at.completed);
            event["initiatedEventId"] = json!(initiated);
            world.record_for_decider(at.id, &failed("StartChildWorkflowExecution"), event);
        };
        let Some(parent) = self.executions.open(at.id) else {
            return;
        };
        let (domain, reference) = (parent.spec().domain().to_owned(), parent.reference());
        if self.children.count(at.id) >= MAX_OPEN_CHILDREN {
            return fail(self, "OPEN_CHILDREN_LIMIT_EXCEEDED", 0);
        }
        let spec = match self.run_spec(&domain, workflow_id, (name, version), attrs) {
            Ok(spec) => spec,
            Err(refused) => return fail(self, refused.cause(), 0),
        };
        if !allowed_child_workflow_id(workflow_id) {
            return fail(self, "OPERATION_NOT_PERMITTED", 0);
        }
        let mut initiated_event = settings(&spec, at.completed);
        initiated_event["workflowId"] = json!(workflow_id);
        copy_members(attrs, &["control"], &mut initiated_event);
        let initiated = self.record(
            at.id,
            "StartChildWorkflowExecutionInitiated",
            initiated_event,
        );
        if self
            .executions
            .find_open_run(&domain, workflow_id, None)
            .is_some()
        {
            return fail(self, "WORKFLOW_ALREADY_RUNNING", initiated);
        }
        let link = ParentLink {
            execution: at.id,
            initiated_id: initiated,
            reference,
        };
        let child = self.start_run(spec.with_parent(Some(link)));
        let child_ref = self.executions.get(child).map(Execution::reference);
        let event = json!({"workflowExecution": child_ref, "workflowType": {"name": name, "version": version},
            "initiatedEventId": initiated});
        let started_id = self.record_for_decider(at.id, "ChildWorkflowExecutionStarted", event);
        if self.executions.open(at.id).is_some() {
            self.children.add(at.id, initiated, child, started_id);
        }
    }

    /// ContinueAsNewWorkflowExecution: a new run of the same workflowId (its
    /// WorkflowExecutionStarted names `continuedExecutionRunId`), then
    /// WorkflowExecutionContinuedAsNew closes this one with CONTINUED_AS_NEW. A child
    /// stays its parent's child in the new run.
    pub(super) fn continue_as_new(&mut self, at: Decided, attrs: &Json) {
        let Some(ex) = self.executions.open(at.id) else {
            return;
        };
        let spec = ex.spec();
        let name = text(spec.workflow_type(), "name").to_owned();
        let version = opt_text(attrs, "workflowTypeVersion")
            .unwrap_or_else(|| text(spec.workflow_type(), "version"))
            .to_owned();
        let (domain, workflow_id) = (spec.domain().to_owned(), spec.workflow_id().to_owned());
        let (run_id, parent) = (ex.run_id().to_owned(), spec.parent().cloned());
        let spec = match self.run_spec(&domain, &workflow_id, (&name, &version), attrs) {
            Ok(spec) => spec.with_parent(parent.clone()).continuing(&run_id),
            Err(refused) => {
                let event = failure(json!({}), refused.cause(), at.completed);
                self.record_for_decider(at.id, &failed("ContinueAsNewWorkflowExecution"), event);
                return;
            }
        };
        let mut event = settings(&spec, at.completed);
        let new_run = self.start_run(spec);
        event["newExecutionRunId"] = json!(self.run_id_of(new_run));
        if let Some(link) = parent {
            if self.executions.open(link.execution).is_some() {
                self.deadlines.touch(link.execution);
                self.children
                    .continued(link.execution, link.initiated_id, new_run);
            }
        }
        self.close(
            at.id,
            CloseStatus::ContinuedAsNew,
            "WorkflowExecutionContinuedAsNew",
            event,
            Closing::plain(at.id),
        );
    }
}
