//! Workflow executions through the API: start, describe, history, signal, terminate
//! and RequestCancelWorkflowExecution (seed; SWF-WIRE.md §2, §5); and the one way a
//! run begins, shared with child workflows and continue-as-new.

use super::close::Closing;
use super::execution::{CloseStatus, DecisionState, Execution, RunSpec};
use super::types::Kind;
use super::{Answer, World, opt_text, page, text};
use crate::wire::{Fault, SwfFault};
use serde_json::{Map, Value as Json, json};
use std::collections::BTreeMap;

/// Why a run cannot begin with what its starter gave and its type's defaults.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RunRefused {
    /// No such workflow type.
    UnknownType,
    /// The type is deprecated.
    DeprecatedType,
    /// Neither the starter nor the type gives this member (e.g. `taskList`).
    Undefined(&'static str),
}

impl RunRefused {
    /// The `*FailedCause` of a decision that could not start the run.
    pub fn cause(self) -> &'static str {
        match self {
            RunRefused::UnknownType => "WORKFLOW_TYPE_DOES_NOT_EXIST",
            RunRefused::DeprecatedType => "WORKFLOW_TYPE_DEPRECATED",
            RunRefused::Undefined("taskList") => "DEFAULT_TASK_LIST_UNDEFINED",
            RunRefused::Undefined("executionStartToCloseTimeout") => {
                "DEFAULT_EXECUTION_START_TO_CLOSE_TIMEOUT_UNDEFINED"
            }
            RunRefused::Undefined("taskStartToCloseTimeout") => {
                "DEFAULT_TASK_START_TO_CLOSE_TIMEOUT_UNDEFINED"
            }
            RunRefused::Undefined(_) => "DEFAULT_CHILD_POLICY_UNDEFINED",
        }
    }
}

/// The members a start takes, with the type default that stands in for each.
const DEFAULTED: [(&str, &str); 4] = [
    ("taskList", "defaultTaskList"),
    (
        "executionStartToCloseTimeout",
        "defaultExecutionStartToCloseTimeout",
    ),
    ("taskStartToCloseTimeout", "defaultTaskStartToCloseTimeout"),
    ("childPolicy", "defaultChildPolicy"),
];

/// The tags of a start's `tagList`; a `null` tag is kept (SWF-WIRE.md §7).
fn tags_of(attrs: &Json) -> Vec<Option<String>> {
    attrs
        .get("tagList")
        .and_then(Json::as_array)
        .map(|t| {
            t.iter()
                .map(|tag| tag.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

pub(super) fn unknown_execution(workflow_id: &str, run_id: Option<&str>) -> Fault {
    let message = match run_id {
        Some(run) => {
            format!("Unknown execution: WorkflowExecution=[workflowId={workflow_id}, runId={run}]")
        }
        None => format!("Unknown execution, workflowId = {workflow_id}"),
    };
    Fault::swf(SwfFault::UnknownResource, message)
}

impl World {
    /// The execution (domain, workflowId, runId), open or closed.
    pub(super) fn find_run(&self, domain: &str, workflow_id: &str, run_id: &str) -> Option<u64> {
        let runs = self
            .by_workflow_id
            .get(&(domain.to_owned(), workflow_id.to_owned()))?;
        runs.iter()
            .copied()
            .find(|i| self.executions.get(i).is_some_and(|e| e.run_id == run_id))
    }

    /// The open execution (domain, workflowId, runId); without a runId, the current open one.
    pub(super) fn find_open_run(
        &self,
        domain: &str,
        workflow_id: &str,
        run_id: Option<&str>,
    ) -> Option<u64> {
        match run_id {
            Some(run) => self
                .find_run(domain, workflow_id, run)
                .filter(|i| self.open(*i).is_some()),
            None => self
                .by_workflow_id
                .get(&(domain.to_owned(), workflow_id.to_owned()))
                .and_then(|runs| runs.iter().copied().find(|i| self.open(*i).is_some())),
        }
    }

    /// The open execution named by domain, workflowId and optional runId, or the fault.
    pub(super) fn find_open(
        &self,
        domain: &str,
        workflow_id: &str,
        run_id: Option<&str>,
    ) -> Result<u64, Fault> {
        self.domain(domain)?;
        self.find_open_run(domain, workflow_id, run_id)
            .ok_or_else(|| unknown_execution(workflow_id, run_id))
    }

    /// The open execution named by the input's domain, workflowId and optional runId.
    fn open_named(&self, input: &Json) -> Result<u64, Fault> {
        let run_id = opt_text(input, "runId");
        self.find_open(text(input, "domain"), text(input, "workflowId"), run_id)
    }

    fn find_execution(&self, input: &Json) -> Result<&Execution, Fault> {
        let domain = text(input, "domain");
        self.domain(domain)?;
        let (wf, run) = (
            text(&input["execution"], "workflowId"),
            text(&input["execution"], "runId"),
        );
        self.find_run(domain, wf, run)
            .and_then(|i| self.executions.get(&i))
            .ok_or_else(|| unknown_execution(wf, Some(run)))
    }

    /// What a run of `name`/`version` in `domain` starts with: `attrs` first, then the
    /// type's defaults (the model: "must be specified either as a default for the
    /// workflow type or through this parameter").
    pub(super) fn run_spec(
        &self,
        domain: &str,
        workflow_id: &str,
        (name, version): (&str, &str),
        attrs: &Json,
    ) -> Result<RunSpec, RunRefused> {
        let record = self
            .type_record(Kind::Workflow, domain, name, version)
            .map_err(|_| RunRefused::UnknownType)?;
        if record.deprecated.is_some() {
            return Err(RunRefused::DeprecatedType);
        }
        let config = &record.configuration;
        let mut values: Map<String, Json> = Map::new();
        for (member, default) in DEFAULTED {
            let v = attrs.get(member).or_else(|| config.get(default));
            values.insert(
                member.into(),
                v.cloned().ok_or(RunRefused::Undefined(member))?,
            );
        }
        let own = |member: &str, default: &str| {
            opt_text(attrs, member)
                .or_else(|| config.get(default).and_then(Json::as_str))
                .map(str::to_owned)
        };
        let string = |member: &str| values[member].as_str().unwrap_or_default().to_owned();
        Ok(RunSpec {
            domain: domain.to_owned(),
            workflow_id: workflow_id.to_owned(),
            workflow_type: json!({"name": name, "version": version}),
            task_list: text(&values["taskList"], "name").to_owned(),
            task_priority: own("taskPriority", "defaultTaskPriority"),
            child_policy: string("childPolicy"),
            execution_timeout: string("executionStartToCloseTimeout"),
            task_timeout: string("taskStartToCloseTimeout"),
            lambda_role: own("lambdaRole", "defaultLambdaRole"),
            tag_list: tags_of(attrs),
            input: opt_text(attrs, "input").map(str::to_owned),
            parent: None,
            continued_from: None,
        })
    }

    /// Begins a run: WorkflowExecutionStarted, then its first decision task.
    pub(super) fn start_run(&mut self, spec: RunSpec) -> u64 {
        self.next_execution += 1;
        let id = self.next_execution;
        let retention_days = self
            .domains
            .get(&spec.domain)
            .map_or(0.0, |d| d.retention.parse::<f64>().unwrap_or(0.0));
        let mut attrs = spec.settings();
        attrs["parentInitiatedEventId"] = json!(spec.parent.as_ref().map_or(0, |p| p.initiated_id));
        if let Some(run) = &spec.continued_from {
            attrs["continuedExecutionRunId"] = json!(run);
        }
        if let Some(p) = &spec.parent {
            attrs["parentWorkflowExecution"] = p.reference.clone();
        }
        let by_workflow_id = (spec.domain.clone(), spec.workflow_id.clone());
        let mut ex = Execution {
            spec,
            run_id: uuid::Uuid::new_v4().simple().to_string(),
            started: self.now,
            closed: None,
            retention_days,
            cancel_requested: false,
            events: Vec::new(),
            decision: DecisionState::Idle,
            activities: BTreeMap::new(),
            timers: BTreeMap::new(),
            children: BTreeMap::new(),
            previous_started_event_id: 0,
            latest_execution_context: None,
            latest_activity_scheduled: None,
            indexed_deadline: None,
        };
        ex.record(self.now, "WorkflowExecutionStarted", attrs);
        self.by_workflow_id
            .entry(by_workflow_id)
            .or_default()
            .push(id);
        self.executions.insert(id, ex);
        self.dirty.insert(id);
        self.schedule_decision(id);
        id
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
        let (name, version) = (text(wt, "name"), text(wt, "version"));
        let workflow_id = text(input, "workflowId");
        let spec = match self.run_spec(domain, workflow_id, (name, version), input) {
            Ok(spec) => spec,
            Err(RunRefused::UnknownType) => {
                return Err(self
                    .type_record(Kind::Workflow, domain, name, version)
                    .err()
                    .unwrap_or_else(|| Fault::swf(SwfFault::UnknownResource, "Unknown type")));
            }
            Err(RunRefused::DeprecatedType) => {
                return Err(Fault::swf(
                    SwfFault::TypeDeprecated,
                    format!("WorkflowType=[name={name}, version={version}]"),
                ));
            }
            Err(RunRefused::Undefined(member)) => {
                let default = DEFAULTED
                    .iter()
                    .find(|(m, _)| *m == member)
                    .map_or(member, |(_, d)| *d);
                return Err(Fault::swf(
                    SwfFault::DefaultUndefined,
                    format!("No {member} given and the type has no {default}"),
                ));
            }
        };
        if self.find_open_run(domain, workflow_id, None).is_some() {
            return Err(Fault::swf(
                SwfFault::WorkflowExecutionAlreadyStarted,
                format!("An open execution has the workflowId {workflow_id}"),
            ));
        }
        let id = self.start_run(spec);
        Ok(Some(json!({ "runId": self.executions[&id].run_id })))
    }

    pub(super) fn describe_execution(&self, input: &Json) -> Answer {
        let ex = self.find_execution(input)?;
        let mut out = json!({
            "executionInfo": ex.info(),
            "executionConfiguration": ex.spec.configuration(),
            "openCounts": ex.open_counts(),
        });
        if let Some(t) = ex.latest_activity_scheduled {
            out["latestActivityTaskTimestamp"] = json!(t);
        }
        if let Some(c) = &ex.latest_execution_context {
            out["latestExecutionContext"] = json!(c);
        }
        Ok(Some(out))
    }

    pub(super) fn history(&self, input: &Json) -> Answer {
        let ex = self.find_execution(input)?;
        page(ex.events.clone(), input, "events").map(Some)
    }

    pub(super) fn signal(&mut self, input: &Json) -> Answer {
        let id = self.open_named(input)?;
        let mut attrs = json!({"signalName": text(input, "signalName")});
        if let Some(v) = opt_text(input, "input") {
            attrs["input"] = json!(v);
        }
        self.record_for_decider(id, "WorkflowExecutionSignaled", attrs);
        Ok(None)
    }

    /// The model: "The child policy, registered with the workflow type or specified when
    /// starting this execution, is applied to any open child workflow executions".
    pub(super) fn terminate(&mut self, input: &Json) -> Answer {
        let id = self.open_named(input)?;
        let policy = opt_text(input, "childPolicy")
            .unwrap_or(&self.executions[&id].spec.child_policy)
            .to_owned();
        let mut attrs = json!({ "childPolicy": policy });
        for member in ["reason", "details"] {
            if let Some(v) = opt_text(input, member) {
                attrs[member] = json!(v);
            }
        }
        let closing = Closing::with_policy(id, &policy);
        self.close(
            id,
            CloseStatus::Terminated,
            "WorkflowExecutionTerminated",
            attrs,
            closing,
        );
        Ok(None)
    }

    /// Seed: records WorkflowExecutionCancelRequested in the open execution named by
    /// (domain, workflowId, runId), or the current open one without a runId; the
    /// execution stays open. SWF-WIRE.md §5.2: attributes `{"externalInitiatedEventId": 0}`,
    /// then a DecisionTaskScheduled unless one is scheduled or started.
    pub(super) fn request_cancel(&mut self, input: &Json) -> Answer {
        let id = self.open_named(input)?;
        if let Some(ex) = self.open_mut(id) {
            ex.cancel_requested = true;
        }
        self.record_for_decider(
            id,
            "WorkflowExecutionCancelRequested",
            json!({"externalInitiatedEventId": 0}),
        );
        Ok(None)
    }
}
