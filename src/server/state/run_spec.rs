//! What a run is started with: the starter's values, else its workflow type's defaults
//! (the model: "must be specified either as a default for the workflow type or through
//! this parameter"), its parent and the run it continues. `settings()` is the one place
//! a run's settings are written as JSON.

use super::types::TypeDefaults;
use crate::wire::typed::{
    ChildPolicy, ContinueAsNewWorkflowExecutionDecisionAttributes,
    StartChildWorkflowExecutionDecisionAttributes, StartWorkflowExecutionInput, TaskList,
    WorkflowType,
};
use serde_json::{Value as Json, json};

/// The members a start takes, with the type default that stands in for each, in the
/// order they are looked for.
const DEFAULTED: [(&str, &str); 4] = [
    ("taskList", "defaultTaskList"),
    (
        "executionStartToCloseTimeout",
        "defaultExecutionStartToCloseTimeout",
    ),
    ("taskStartToCloseTimeout", "defaultTaskStartToCloseTimeout"),
    ("childPolicy", "defaultChildPolicy"),
];

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

/// The type default that stands in for start member `member`.
pub fn default_of(member: &'static str) -> &'static str {
    DEFAULTED
        .iter()
        .find(|(m, _)| *m == member)
        .map_or(member, |(_, d)| *d)
}

/// What a starter gives of a run's settings: StartWorkflowExecution, or a
/// StartChildWorkflowExecution or ContinueAsNewWorkflowExecution decision. What it
/// leaves out comes from the workflow type's defaults.
#[derive(Debug, Clone, Copy, Default)]
pub struct RunRequest<'a> {
    /// The decision task list.
    pub task_list: Option<&'a TaskList>,
    /// The execution's start-to-close timeout.
    pub execution_start_to_close_timeout: Option<&'a str>,
    /// The decision tasks' start-to-close timeout.
    pub task_start_to_close_timeout: Option<&'a str>,
    /// The child policy.
    pub child_policy: Option<ChildPolicy>,
    /// The decision tasks' priority.
    pub task_priority: Option<&'a str>,
    /// The Lambda role.
    pub lambda_role: Option<&'a str>,
    /// The tags (a `null` tag is kept: SWF-WIRE.md §7).
    pub tag_list: Option<&'a [Option<String>]>,
    /// The run's input.
    pub input: Option<&'a str>,
}

/// Declares how each starter's input gives a [`RunRequest`].
macro_rules! run_request {
    ($($from:ty),*) => {$(
        impl<'a> From<&'a $from> for RunRequest<'a> {
            fn from(i: &'a $from) -> Self {
                RunRequest {
                    task_list: i.task_list.as_ref(),
                    execution_start_to_close_timeout: i.execution_start_to_close_timeout.as_deref(),
                    task_start_to_close_timeout: i.task_start_to_close_timeout.as_deref(),
                    child_policy: i.child_policy,
                    task_priority: i.task_priority.as_deref(),
                    lambda_role: i.lambda_role.as_deref(),
                    tag_list: i.tag_list.as_deref(),
                    input: i.input.as_deref(),
                }
            }
        }
    )*};
}

run_request!(
    StartWorkflowExecutionInput,
    StartChildWorkflowExecutionDecisionAttributes,
    ContinueAsNewWorkflowExecutionDecisionAttributes
);

/// The parent of a child execution.
#[derive(Debug, Clone)]
pub struct ParentLink {
    /// The parent execution.
    pub execution: u64,
    /// Its StartChildWorkflowExecutionInitiated event.
    pub initiated_id: i64,
    /// Its `{"workflowId", "runId"}`.
    pub reference: Json,
}

/// Everything a new run is started with.
#[derive(Debug, Clone)]
pub struct RunSpec {
    domain: String,
    workflow_id: String,
    workflow_type: WorkflowType,
    task_list: String,
    task_priority: Option<String>,
    child_policy: ChildPolicy,
    execution_timeout: String,
    task_timeout: String,
    lambda_role: Option<String>,
    /// `None` for a `null` element, kept and shown back (SWF-WIRE.md §7).
    tag_list: Vec<Option<String>>,
    input: Option<String>,
    parent: Option<ParentLink>,
    continued_from: Option<String>,
}

impl RunSpec {
    /// A run of `workflow_type` in `domain`: what `request` gives first, then the type's
    /// defaults (the type itself was found and is not deprecated).
    pub fn resolve(
        (domain, workflow_id): (&str, &str),
        workflow_type: WorkflowType,
        request: RunRequest<'_>,
        defaults: &TypeDefaults,
    ) -> Result<RunSpec, RunRefused> {
        let task_list = request
            .task_list
            .or(defaults.default_task_list.as_ref())
            .ok_or(RunRefused::Undefined("taskList"))?;
        let execution_timeout = request
            .execution_start_to_close_timeout
            .or(defaults.default_execution_start_to_close_timeout.as_deref())
            .ok_or(RunRefused::Undefined("executionStartToCloseTimeout"))?;
        let task_timeout = request
            .task_start_to_close_timeout
            .or(defaults.default_task_start_to_close_timeout.as_deref())
            .ok_or(RunRefused::Undefined("taskStartToCloseTimeout"))?;
        let child_policy = request
            .child_policy
            .or(defaults.default_child_policy)
            .ok_or(RunRefused::Undefined("childPolicy"))?;
        let own = |given: Option<&str>, default: &Option<String>| {
            given.or(default.as_deref()).map(str::to_owned)
        };
        Ok(RunSpec {
            domain: domain.to_owned(),
            workflow_id: workflow_id.to_owned(),
            workflow_type,
            task_list: task_list.name.clone(),
            task_priority: own(request.task_priority, &defaults.default_task_priority),
            child_policy,
            execution_timeout: execution_timeout.to_owned(),
            task_timeout: task_timeout.to_owned(),
            lambda_role: own(request.lambda_role, &defaults.default_lambda_role),
            tag_list: request.tag_list.map(<[_]>::to_vec).unwrap_or_default(),
            input: request.input.map(str::to_owned),
            parent: None,
            continued_from: None,
        })
    }

    /// The same run as the child of `parent`.
    pub fn with_parent(mut self, parent: Option<ParentLink>) -> Self {
        self.parent = parent;
        self
    }

    /// The same run as the continuation of run `run_id`.
    pub fn continuing(mut self, run_id: &str) -> Self {
        self.continued_from = Some(run_id.to_owned());
        self
    }

    /// The domain.
    pub fn domain(&self) -> &str {
        &self.domain
    }

    /// The workflowId.
    pub fn workflow_id(&self) -> &str {
        &self.workflow_id
    }

    /// Its workflow type.
    pub fn workflow_type(&self) -> &WorkflowType {
        &self.workflow_type
    }

    /// The decision task list.
    pub fn task_list(&self) -> &str {
        &self.task_list
    }

    /// The decision tasks' priority, if any.
    pub fn task_priority(&self) -> Option<&str> {
        self.task_priority.as_deref()
    }

    /// The child policy.
    pub fn child_policy(&self) -> ChildPolicy {
        self.child_policy
    }

    /// executionStartToCloseTimeout as given.
    pub fn execution_timeout(&self) -> &str {
        &self.execution_timeout
    }

    /// taskStartToCloseTimeout as given.
    pub fn task_timeout(&self) -> &str {
        &self.task_timeout
    }

    /// The Lambda role, if any.
    pub fn lambda_role(&self) -> Option<&str> {
        self.lambda_role.as_deref()
    }

    /// The tags (a `null` tag is `None`).
    pub fn tag_list(&self) -> &[Option<String>] {
        &self.tag_list
    }

    /// The parent, for a child run.
    pub fn parent(&self) -> Option<&ParentLink> {
        self.parent.as_ref()
    }

    /// The run's settings as its WorkflowExecutionStarted, StartChildWorkflowExecutionInitiated
    /// and WorkflowExecutionContinuedAsNew events show them.
    pub fn settings(&self) -> Json {
        let mut event = json!({
            "workflowType": self.workflow_type,
            "taskList": {"name": self.task_list},
            "childPolicy": self.child_policy.as_str(),
            "executionStartToCloseTimeout": self.execution_timeout,
            "taskStartToCloseTimeout": self.task_timeout,
        });
        for (member, value) in [
            ("input", &self.input),
            ("taskPriority", &self.task_priority),
            ("lambdaRole", &self.lambda_role),
        ] {
            if let Some(v) = value {
                event[member] = json!(v);
            }
        }
        if !self.tag_list.is_empty() {
            event["tagList"] = json!(self.tag_list);
        }
        event
    }

    /// The attributes of the run's WorkflowExecutionStarted event.
    pub fn started_attributes(&self) -> Json {
        let mut attrs = self.settings();
        attrs["parentInitiatedEventId"] = json!(self.parent.as_ref().map_or(0, |p| p.initiated_id));
        if let Some(run) = &self.continued_from {
            attrs["continuedExecutionRunId"] = json!(run);
        }
        if let Some(p) = &self.parent {
            attrs["parentWorkflowExecution"] = p.reference.clone();
        }
        attrs
    }

    /// The run's executionConfiguration as DescribeWorkflowExecution shows it: its
    /// settings without the type, input and tags.
    pub fn configuration(&self) -> Json {
        let mut config = self.settings();
        if let Some(members) = config.as_object_mut() {
            for member in ["workflowType", "input", "tagList"] {
                members.remove(member);
            }
        }
        config
    }
}
