//! Workflow executions: start, describe, history, list/count, signal,
//! terminate and RequestCancelWorkflowExecution (seed; SWF-WIRE.md §2, §5).

use super::types::Kind;
use super::{Answer, World, now, opt_text, page, text};
use crate::wire::{Fault, SwfFault};
use serde_json::{Value as Json, json};
use std::collections::BTreeMap;

/// How an execution closed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CloseStatus {
    /// CompleteWorkflowExecution.
    Completed,
    /// FailWorkflowExecution.
    Failed,
    /// CancelWorkflowExecution.
    Canceled,
    /// TerminateWorkflowExecution.
    Terminated,
}

impl CloseStatus {
    /// The status as the model spells it.
    pub fn as_str(self) -> &'static str {
        match self {
            CloseStatus::Completed => "COMPLETED",
            CloseStatus::Failed => "FAILED",
            CloseStatus::Canceled => "CANCELED",
            CloseStatus::Terminated => "TERMINATED",
        }
    }
}

/// Where the execution's decision task is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DecisionState {
    /// None scheduled or started.
    Idle,
    /// Scheduled, waiting for a decider.
    Scheduled {
        /// The DecisionTaskScheduled event.
        scheduled_id: i64,
    },
    /// Handed to a decider.
    Started {
        /// The DecisionTaskScheduled event.
        scheduled_id: i64,
        /// The DecisionTaskStarted event.
        started_id: i64,
        /// The task token.
        token: String,
        /// Events arrived meanwhile: schedule another task on completion.
        again: bool,
    },
}

/// An activity task of an execution.
#[derive(Debug, Clone)]
pub struct Activity {
    pub(super) activity_type: Json,
    pub(super) task_list: String,
    pub(super) input: Option<String>,
    pub(super) scheduled_id: i64,
    pub(super) started_id: Option<i64>,
    pub(super) token: Option<String>,
    pub(super) cancel_requested: bool,
}

/// One workflow execution.
#[derive(Debug, Clone)]
pub struct Execution {
    pub(super) domain: String,
    pub(super) workflow_id: String,
    pub(super) run_id: String,
    pub(super) workflow_type: Json,
    pub(super) task_list: String,
    pub(super) task_priority: Option<String>,
    pub(super) child_policy: String,
    pub(super) execution_timeout: String,
    pub(super) task_timeout: String,
    pub(super) lambda_role: Option<String>,
    /// `None` for a `null` element, kept and shown back (SWF-WIRE.md §7).
    pub(super) tag_list: Vec<Option<String>>,
    pub(super) started: f64,
    pub(super) closed: Option<(f64, CloseStatus)>,
    pub(super) cancel_requested: bool,
    pub(super) events: Vec<Json>,
    pub(super) decision: DecisionState,
    pub(super) activities: BTreeMap<String, Activity>,
    pub(super) previous_started_event_id: i64,
    pub(super) latest_execution_context: Option<String>,
}

impl Execution {
    /// Whether it is still open.
    pub fn is_open(&self) -> bool {
        self.closed.is_none()
    }

    /// `{"workflowId", "runId"}`.
    pub fn reference(&self) -> Json {
        json!({"workflowId": self.workflow_id, "runId": self.run_id})
    }

    /// Closes it with `status`; pending tasks are dropped.
    pub fn close(&mut self, status: CloseStatus) {
        self.closed = Some((now(), status));
        self.decision = DecisionState::Idle;
        self.activities.clear();
    }

    /// WorkflowExecutionInfo as the model shapes it.
    pub(super) fn info(&self) -> Json {
        let mut info = json!({
            "execution": self.reference(),
            "workflowType": self.workflow_type,
            "startTimestamp": self.started,
            "executionStatus": if self.is_open() { "OPEN" } else { "CLOSED" },
            "cancelRequested": self.cancel_requested,
        });
        if let Some((t, status)) = self.closed {
            info["closeTimestamp"] = json!(t);
            info["closeStatus"] = json!(status.as_str());
        }
        if !self.tag_list.is_empty() {
            info["tagList"] = json!(self.tag_list);
        }
        info
    }
}

fn unknown_execution(workflow_id: &str, run_id: Option<&str>) -> Fault {
    let message = match run_id {
        Some(run) => {
            format!("Unknown execution: WorkflowExecution=[workflowId={workflow_id}, runId={run}]")
        }
        None => format!("Unknown execution, workflowId = {workflow_id}"),
    };
    Fault::swf(SwfFault::UnknownResource, message)
}

/// A member, or the type's default for it, or DefaultUndefinedFault.
fn or_default(input: &Json, member: &str, config: &Json, default: &str) -> Result<Json, Fault> {
    input
        .get(member)
        .or_else(|| config.get(default))
        .cloned()
        .ok_or_else(|| {
            Fault::swf(
                SwfFault::DefaultUndefined,
                format!("No {member} given and the type has no {default}"),
            )
        })
}

impl World {
    /// The index of the execution (domain, workflowId, runId), open or closed.
    pub(super) fn find_run(&self, domain: &str, workflow_id: &str, run_id: &str) -> Option<usize> {
        let runs = self
            .by_workflow_id
            .get(&(domain.to_owned(), workflow_id.to_owned()))?;
        runs.iter()
            .copied()
            .find(|&i| self.executions[i].run_id == run_id)
    }

    /// The index of the open execution named by domain, workflowId and optional runId.
    pub(super) fn find_open(
        &self,
        domain: &str,
        workflow_id: &str,
        run_id: Option<&str>,
    ) -> Result<usize, Fault> {
        self.domain(domain)?;
        let open = match run_id {
            Some(run) => self
                .find_run(domain, workflow_id, run)
                .filter(|&i| self.executions[i].is_open()),
            None => self
                .by_workflow_id
                .get(&(domain.to_owned(), workflow_id.to_owned()))
                .and_then(|runs| runs.iter().copied().find(|&i| self.executions[i].is_open())),
        };
        open.ok_or_else(|| unknown_execution(workflow_id, run_id))
    }

    /// The open execution named by the input's domain, workflowId and optional runId.
    fn open_named(&self, input: &Json) -> Result<usize, Fault> {
        let run_id = opt_text(input, "runId");
        self.find_open(text(input, "domain"), text(input, "workflowId"), run_id)
    }

    fn find_execution(&self, input: &Json) -> Result<usize, Fault> {
        let domain = text(input, "domain");
        self.domain(domain)?;
        let (wf, run) = (
            text(&input["execution"], "workflowId"),
            text(&input["execution"], "runId"),
        );
        self.find_run(domain, wf, run)
            .ok_or_else(|| unknown_execution(wf, Some(run)))
    }

    pub(super) fn start_execution(&mut self, input: &Json) -> Answer {
        let domain = text(input, "domain");
        if self.domain(domain)?.deprecated() {
            return Err(Fault::swf(
                SwfFault::UnknownResource,
                format!("Domain is deprecated: {domain}"),
            ));
        }
        let wt = &input["workflowType"];
        let record = self.type_record(
            Kind::Workflow,
            domain,
            text(wt, "name"),
            text(wt, "version"),
        )?;
        if record.deprecated.is_some() {
            return Err(Fault::swf(
                SwfFault::TypeDeprecated,
                format!(
                    "WorkflowType=[name={}, version={}]",
                    text(wt, "name"),
                    text(wt, "version")
                ),
            ));
        }
        let config = Json::Object(record.configuration.clone());
        let workflow_id = text(input, "workflowId");
        if self.find_open(domain, workflow_id, None).is_ok() {
            return Err(Fault::swf(
                SwfFault::WorkflowExecutionAlreadyStarted,
                format!("An open execution has the workflowId {workflow_id}"),
            ));
        }
        let task_list = or_default(input, "taskList", &config, "defaultTaskList")?;
        let execution_timeout = or_default(
            input,
            "executionStartToCloseTimeout",
            &config,
            "defaultExecutionStartToCloseTimeout",
        )?;
        let task_timeout = or_default(
            input,
            "taskStartToCloseTimeout",
            &config,
            "defaultTaskStartToCloseTimeout",
        )?;
        let child_policy = or_default(input, "childPolicy", &config, "defaultChildPolicy")?;
        let task_priority =
            opt_text(input, "taskPriority").or_else(|| opt_text(&config, "defaultTaskPriority"));
        let lambda_role =
            opt_text(input, "lambdaRole").or_else(|| opt_text(&config, "defaultLambdaRole"));
        let mut ex = Execution {
            domain: domain.to_owned(),
            workflow_id: workflow_id.to_owned(),
            run_id: uuid::Uuid::new_v4().simple().to_string(),
            workflow_type: json!({"name": text(wt, "name"), "version": text(wt, "version")}),
            task_list: text(&task_list, "name").to_owned(),
            task_priority: task_priority.map(str::to_owned),
            child_policy: child_policy.as_str().unwrap_or_default().to_owned(),
            execution_timeout: execution_timeout.as_str().unwrap_or_default().to_owned(),
            task_timeout: task_timeout.as_str().unwrap_or_default().to_owned(),
            lambda_role: lambda_role.map(str::to_owned),
            tag_list: input
                .get("tagList")
                .and_then(Json::as_array)
                .map(|t| {
                    t.iter()
                        .map(|tag| tag.as_str().map(str::to_owned))
                        .collect()
                })
                .unwrap_or_default(),
            started: now(),
            closed: None,
            cancel_requested: false,
            events: Vec::new(),
            decision: DecisionState::Idle,
            activities: BTreeMap::new(),
            previous_started_event_id: 0,
            latest_execution_context: None,
        };
        let mut attrs = json!({
            "executionStartToCloseTimeout": ex.execution_timeout,
            "taskStartToCloseTimeout": ex.task_timeout,
            "childPolicy": ex.child_policy,
            "taskList": {"name": ex.task_list},
            "workflowType": ex.workflow_type,
            "parentInitiatedEventId": 0,
        });
        for (member, value) in [
            ("input", opt_text(input, "input")),
            ("taskPriority", ex.task_priority.as_deref()),
            ("lambdaRole", ex.lambda_role.as_deref()),
        ] {
            if let Some(v) = value {
                attrs[member] = json!(v);
            }
        }
        if !ex.tag_list.is_empty() {
            attrs["tagList"] = json!(ex.tag_list);
        }
        ex.record("WorkflowExecutionStarted", attrs);
        ex.schedule_decision();
        let run_id = ex.run_id.clone();
        let index = self.executions.len();
        self.by_workflow_id
            .entry((domain.to_owned(), workflow_id.to_owned()))
            .or_default()
            .push(index);
        self.executions.push(ex);
        Ok(Some(json!({ "runId": run_id })))
    }

    pub(super) fn describe_execution(&self, input: &Json) -> Answer {
        let ex = &self.executions[self.find_execution(input)?];
        let open_decisions = i64::from(ex.decision != DecisionState::Idle);
        let mut config = json!({
            "taskStartToCloseTimeout": ex.task_timeout,
            "executionStartToCloseTimeout": ex.execution_timeout,
            "taskList": {"name": ex.task_list},
            "childPolicy": ex.child_policy,
        });
        if let Some(p) = &ex.task_priority {
            config["taskPriority"] = json!(p);
        }
        if let Some(r) = &ex.lambda_role {
            config["lambdaRole"] = json!(r);
        }
        let mut out = json!({
            "executionInfo": ex.info(),
            "executionConfiguration": config,
            "openCounts": {
                "openActivityTasks": ex.activities.len(),
                "openDecisionTasks": open_decisions,
                "openTimers": 0,
                "openChildWorkflowExecutions": 0,
                "openLambdaFunctions": 0,
            },
        });
        if let Some(c) = &ex.latest_execution_context {
            out["latestExecutionContext"] = json!(c);
        }
        Ok(Some(out))
    }

    pub(super) fn history(&self, input: &Json) -> Answer {
        let ex = &self.executions[self.find_execution(input)?];
        page(ex.events.clone(), input, "events").map(Some)
    }

    pub(super) fn signal(&mut self, input: &Json) -> Answer {
        let i = self.open_named(input)?;
        let ex = &mut self.executions[i];
        let mut attrs = json!({"signalName": text(input, "signalName")});
        if let Some(v) = opt_text(input, "input") {
            attrs["input"] = json!(v);
        }
        ex.record("WorkflowExecutionSignaled", attrs);
        ex.schedule_decision();
        Ok(None)
    }

    pub(super) fn terminate(&mut self, input: &Json) -> Answer {
        let i = self.open_named(input)?;
        let ex = &mut self.executions[i];
        let child_policy = opt_text(input, "childPolicy")
            .unwrap_or(&ex.child_policy)
            .to_owned();
        let mut attrs = json!({ "childPolicy": child_policy });
        for member in ["reason", "details"] {
            if let Some(v) = opt_text(input, member) {
                attrs[member] = json!(v);
            }
        }
        ex.record("WorkflowExecutionTerminated", attrs);
        ex.close(CloseStatus::Terminated);
        Ok(None)
    }

    /// Seed: records WorkflowExecutionCancelRequested in the open execution named by
    /// (domain, workflowId, runId), or the current open one without a runId; the
    /// execution stays open. SWF-WIRE.md §5.2: attributes `{"externalInitiatedEventId": 0}`,
    /// then a DecisionTaskScheduled unless one is scheduled or started.
    pub(super) fn request_cancel(&mut self, input: &Json) -> Answer {
        let i = self.open_named(input)?;
        let ex = &mut self.executions[i];
        ex.record(
            "WorkflowExecutionCancelRequested",
            json!({"externalInitiatedEventId": 0}),
        );
        ex.cancel_requested = true;
        ex.schedule_decision();
        Ok(None)
    }
}
