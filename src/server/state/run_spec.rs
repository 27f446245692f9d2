//! What a run is started with: the starter's values, else its workflow type's defaults
//! (the model: "must be specified either as a default for the workflow type or through
//! this parameter"), its parent and the run it continues. `settings()` is the one place
//! a run's settings are written as JSON.

use super::input::{opt_text, text};
use serde_json::{Map, Value as Json, json};

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
    workflow_type: Json,
    task_list: String,
    task_priority: Option<String>,
    child_policy: String,
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
    /// A run of `name`/`version` in `domain`: `attrs` first, then the type's defaults
    /// `config` (the type itself was found and is not deprecated).
    pub fn resolve(
        domain: &str,
        workflow_id: &str,
        (name, version): (&str, &str),
        attrs: &Json,
        config: &Map<String, Json>,
    ) -> Result<RunSpec, RunRefused> {
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

    /// `{"name", "version"}`.
    pub fn workflow_type(&self) -> &Json {
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
    pub fn child_policy(&self) -> &str {
        &self.child_policy
    }

    /// executionStartToCloseTimeout as given.
    pub fn execution_timeout(&self) -> &str {
        &self.execution_timeout
    }

    /// taskStartToCloseTimeout as given.
    pub fn task_timeout(&self) -> &str {
        &self.task_timeout
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
            "childPolicy": self.child_policy,
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
