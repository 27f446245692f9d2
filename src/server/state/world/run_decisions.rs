//! Runs a decision starts: StartChildWorkflowExecution (the child's results come back
//! to the parent through closing.rs) and ContinueAsNewWorkflowExecution.

use super::World;
use super::closing::Closing;
use super::decision_list::{Decided, failure};
use crate::server::state::children::MAX_OPEN_CHILDREN;
use crate::server::state::executions::{CloseStatus, Execution};
use crate::server::state::input::allowed_child_workflow_id;
use crate::server::state::run_spec::{ParentLink, RunSpec};
use crate::wire::typed::{
    ContinueAsNewWorkflowExecutionDecisionAttributes, DecisionType,
    StartChildWorkflowExecutionDecisionAttributes, WorkflowType,
};
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
    pub(super) fn start_child(
        &mut self,
        at: Decided,
        attrs: &StartChildWorkflowExecutionDecisionAttributes,
    ) {
        let workflow_id = attrs.workflow_id.as_str();
        let mut ident = json!({"workflowType": attrs.workflow_type,
            "workflowId": workflow_id, "initiatedEventId": 0});
        if let Some(control) = &attrs.control {
            ident["control"] = json!(control);
        }
        let fail = |world: &mut World, cause: &str, initiated: i64| {
            let mut event = failure(ident.clone(), cause, at.completed);
            event["initiatedEventId"] = json!(initiated);
            let failed = DecisionType::StartChildWorkflowExecution.failed_event();
            world.record_for_decider(at.id, &failed, event);
        };
        let Some(parent) = self.executions.open(at.id) else {
            return;
        };
        let (domain, reference) = (parent.spec().domain().to_owned(), parent.reference());
        if self.children.count(at.id) >= MAX_OPEN_CHILDREN {
            return fail(self, "OPEN_CHILDREN_LIMIT_EXCEEDED", 0);
        }
        let spec = match self.run_spec((&domain, workflow_id), &attrs.workflow_type, attrs.into()) {
            Ok(spec) => spec,
            Err(refused) => return fail(self, refused.cause(), 0),
        };
        if !allowed_child_workflow_id(workflow_id) {
            return fail(self, "OPERATION_NOT_PERMITTED", 0);
        }
        let mut initiated_event = settings(&spec, at.completed);
        initiated_event["workflowId"] = json!(workflow_id);
        if let Some(control) = &attrs.control {
            initiated_event["control"] = json!(control);
        }
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
        let event = json!({"workflowExecution": child_ref, "workflowType": attrs.workflow_type,
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
    pub(super) fn continue_as_new(
        &mut self,
        at: Decided,
        attrs: &ContinueAsNewWorkflowExecutionDecisionAttributes,
    ) {
        let Some(ex) = self.executions.open(at.id) else {
            return;
        };
        let spec = ex.spec();
        let workflow_type = WorkflowType {
            name: spec.workflow_type().name.clone(),
            version: attrs
                .workflow_type_version
                .clone()
                .unwrap_or_else(|| spec.workflow_type().version.clone()),
        };
        let (domain, workflow_id) = (spec.domain().to_owned(), spec.workflow_id().to_owned());
        let (run_id, parent) = (ex.run_id().to_owned(), spec.parent().cloned());
        let spec = match self.run_spec((&domain, &workflow_id), &workflow_type, attrs.into()) {
            Ok(spec) => spec.with_parent(parent.clone()).continuing(&run_id),
            Err(refused) => {
                let event = failure(json!({}), refused.cause(), at.completed);
                let failed = DecisionType::ContinueAsNewWorkflowExecution.failed_event();
                self.record_for_decider(at.id, &failed, event);
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
