//! Runs through the API: StartWorkflowExecution, DescribeWorkflowExecution,
//! GetWorkflowExecutionHistory, TerminateWorkflowExecution (SWF-WIRE.md §2); and the one
//! way a run begins, shared with child workflows and continue-as-new.

use super::World;
use super::closing::Closing;
use crate::server::state::decision_tasks::DecisionState;
use crate::server::state::executions::{CloseStatus, Execution, unknown_execution};
use crate::server::state::input::{Paged, Reply, page};
use crate::server::state::run_spec::{RunRefused, RunRequest, RunSpec, default_of};
use crate::server::state::types::TypeKind;
use crate::wire::typed::{
    GetWorkflowExecutionHistoryInput, StartWorkflowExecutionInput, TerminateWorkflowExecutionInput,
    WorkflowExecution, WorkflowType,
};
use crate::wire::{Fault, SwfFault};
use serde_json::{Value as Json, json};

impl World {
    /// What a run of `workflow_type` in `domain` starts with: what `request` gives first,
    /// then the workflow type's defaults.
    pub(super) fn run_spec(
        &self,
        (domain, workflow_id): (&str, &str),
        workflow_type: &WorkflowType,
        request: RunRequest<'_>,
    ) -> Result<RunSpec, RunRefused> {
        let record = self
            .types
            .get(TypeKind::Workflow, domain, workflow_type.key())
            .map_err(|_| RunRefused::UnknownType)?;
        if record.deprecated() {
            return Err(RunRefused::DeprecatedType);
        }
        RunSpec::resolve(
            (domain, workflow_id),
            workflow_type.clone(),
            request,
            record.defaults(),
        )
    }

    /// Begins a run: WorkflowExecutionStarted, then its first decision task.
    pub(super) fn start_run(&mut self, spec: RunSpec) -> u64 {
        let retention_days = self
            .domains
            .get(spec.domain())
            .map_or(0.0, |d| d.retention_days());
        let now = self.now();
        let id = self.executions.start(spec, now, retention_days);
        self.deadlines.touch(id);
        self.schedule_decision(id);
        id
    }

    /// The fault StartWorkflowExecution answers for a run that cannot begin.
    fn refused(&self, refused: RunRefused, domain: &str, (name, version): (&str, &str)) -> Fault {
        match refused {
            RunRefused::UnknownType => self
                .types
                .get(TypeKind::Workflow, domain, (name, version))
                .err()
                .unwrap_or_else(|| Fault::swf(SwfFault::UnknownResource, "Unknown type")),
            RunRefused::DeprecatedType => Fault::swf(
                SwfFault::TypeDeprecated,
                format!("WorkflowType=[name={name}, version={version}]"),
            ),
            RunRefused::Undefined(member) => Fault::swf(
                SwfFault::DefaultUndefined,
                format!(
                    "No {member} given and the type has no {}",
                    default_of(member)
                ),
            ),
        }
    }

    /// StartWorkflowExecution.
    pub(super) fn start_execution(&mut self, input: &StartWorkflowExecutionInput) -> Reply {
        let (domain, workflow_id) = (input.domain.as_str(), input.workflow_id.as_str());
        self.domains.usable(domain)?;
        let spec = self
            .run_spec((domain, workflow_id), &input.workflow_type, input.into())
            .map_err(|r| self.refused(r, domain, input.workflow_type.key()))?;
        if self
            .executions
            .find_open_run(domain, workflow_id, None)
            .is_some()
        {
            return Err(Fault::swf(
                SwfFault::WorkflowExecutionAlreadyStarted,
                format!("An open execution has the workflowId {workflow_id}"),
            ));
        }
        let id = self.start_run(spec);
        let run_id = self.executions.get(id).map(Execution::run_id);
        Ok(Some(json!({ "runId": run_id })))
    }

    /// The open execution named by domain, workflowId and optional runId.
    pub(super) fn open_named(
        &self,
        domain: &str,
        workflow_id: &str,
        run_id: Option<&str>,
    ) -> Result<u64, Fault> {
        self.domains.get(domain)?;
        self.executions
            .find_open_run(domain, workflow_id, run_id)
            .ok_or_else(|| unknown_execution(workflow_id, run_id))
    }

    /// The execution (open or closed) named by `domain` and `execution`.
    fn named_execution(
        &self,
        domain: &str,
        execution: &WorkflowExecution,
    ) -> Result<(u64, &Execution), Fault> {
        self.domains.get(domain)?;
        let (wf, run) = (execution.workflow_id.as_str(), execution.run_id.as_str());
        self.executions
            .find_run(domain, wf, run)
            .and_then(|i| Some((i, self.executions.get(i)?)))
            .ok_or_else(|| unknown_execution(wf, Some(run)))
    }

    /// The five counters of WorkflowExecutionOpenCounts (SWF-WIRE.md §7).
    pub(crate) fn open_counts(&self, id: u64) -> Json {
        json!({
            "openActivityTasks": self.activities.count(id),
            "openDecisionTasks": i64::from(*self.decisions.state(id) != DecisionState::Idle),
            "openTimers": self.timers.count(id),
            "openChildWorkflowExecutions": self.children.count(id),
            "openLambdaFunctions": 0,
        })
    }

    /// DescribeWorkflowExecution.
    pub(super) fn describe_execution(&self, domain: &str, execution: &WorkflowExecution) -> Reply {
        let (id, ex) = self.named_execution(domain, execution)?;
        let mut out = json!({
            "executionInfo": ex.info(self.cancels.is_requested(id)),
            "executionConfiguration": ex.spec().configuration(),
            "openCounts": self.open_counts(id),
        });
        if let Some(t) = self.activities.latest_scheduled(id) {
            out["latestActivityTaskTimestamp"] = json!(t);
        }
        if let Some(c) = self.decisions.latest_context(id) {
            out["latestExecutionContext"] = json!(c);
        }
        Ok(Some(out))
    }

    /// GetWorkflowExecutionHistory.
    pub(super) fn history(&self, input: &GetWorkflowExecutionHistoryInput) -> Reply {
        let (_, ex) = self.named_execution(&input.domain, &input.execution)?;
        page(ex.log().events().to_vec(), input.paging(), "events").map(Some)
    }

    /// TerminateWorkflowExecution. The model: "The child policy, registered with the
    /// workflow type or specified when starting this execution, is applied to any open
    /// child workflow executions".
    pub(super) fn terminate(&mut self, input: &TerminateWorkflowExecutionInput) -> Reply {
        let run_id = input.run_id.as_deref();
        let id = self.open_named(&input.domain, &input.workflow_id, run_id)?;
        let own = self.executions.get(id).map(|e| e.spec().child_policy());
        let Some(policy) = input.child_policy.or(own) else {
            return Err(unknown_execution(&input.workflow_id, run_id));
        };
        let mut attrs = json!({ "childPolicy": policy.as_str() });
        for (member, value) in [("reason", &input.reason), ("details", &input.details)] {
            if let Some(v) = value {
                attrs[member] = json!(v);
            }
        }
        let closing = Closing::with_policy(id, policy);
        self.close(
            id,
            CloseStatus::Terminated,
            "WorkflowExecutionTerminated",
            attrs,
            closing,
        );
        Ok(None)
    }
}
