//! The Case: one request against the endpoint under test, what must exist
//! before it, and the checks on what comes back, each with its level and the
//! documented fact it rests on.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;

/// How much a check counts (SWF-WIRE.md decides the level of each fact).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// Documented (the seed, the model): a failure is a divergence.
    Must,
    /// Seen on the real service: a failure is a divergence too.
    Should,
    /// Undocumented: recorded, never fails a run.
    Observe,
}

impl Level {
    /// The level as written in case files and reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Must => "must",
            Level::Should => "should",
            Level::Observe => "observe",
        }
    }
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What must exist before the case's request is sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, Serialize, Default)]
#[serde(rename_all = "kebab-case")]
pub enum Setup {
    /// Nothing: not even the run's domain is registered for this case.
    #[default]
    None,
    /// The run's domain and types exist (registered once per run).
    Domain,
    /// An execution just started: its first decision task is scheduled.
    Open,
    /// An open execution whose first decision task was completed with no decisions:
    /// no decision task is scheduled or started.
    OpenIdle,
    /// An open execution with an activity task scheduled and started by a worker.
    OpenActivity,
    /// An execution closed by a CompleteWorkflowExecution decision.
    Completed,
    /// An execution closed by TerminateWorkflowExecution.
    Terminated,
    /// An execution closed by a cancel request and a CancelWorkflowExecution decision.
    Canceled,
    /// A completed execution, then a new open one with the same workflowId
    /// (`${previousRunId}` names the closed one).
    Rerun,
    /// An open execution with a cancel request already recorded.
    CancelRequested,
    /// An open execution in a domain that was deprecated after it started
    /// (`${deprecatedDomain}`).
    DeprecatedDomain,
}

/// A follow-up step after the request, before history/describe checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Then {
    /// A decider polls the execution's decision task and answers CancelWorkflowExecution.
    DeciderCancels,
    /// The worker of the open activity task records a heartbeat.
    Heartbeat,
}

/// How a request departs from a normally signed AWS JSON 1.0 request.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RequestSpec {
    /// The body as a TOML table (converted to JSON; `"${null}"` is JSON null).
    pub body: Option<toml::Table>,
    /// The body as raw text (for malformed JSON); exclusive with `body`.
    pub raw: Option<String>,
    /// Overrides the X-Amz-Target value (default `SimpleWorkflowService.<operation>`).
    pub target: Option<String>,
    /// Extra or replacing headers.
    #[serde(default)]
    pub headers: BTreeMap<String, String>,
    /// Headers to leave out (e.g. `X-Amz-Target`, `Content-Type`).
    #[serde(default)]
    pub omit_headers: Vec<String>,
    /// Send without a SigV4 signature.
    #[serde(default)]
    pub unsigned: bool,
    /// The body as JSON with templates in its strings (generated cases; any JSON value,
    /// `null` and numbers beyond TOML's range included); exclusive with `body` and `raw`.
    #[serde(skip)]
    pub json: Option<JsonBody>,
}

/// A JSON body kept as its compact text: a generated run holds thousands of bodies,
/// and a parsed `serde_json::Value` takes several times the room of its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonBody(Box<str>);

impl JsonBody {
    /// Keeps `value` as text.
    pub fn new(value: &serde_json::Value) -> Self {
        JsonBody(value.to_string().into())
    }

    /// The body as a JSON value (the text is always one: [`JsonBody::new`] wrote it).
    pub fn value(&self) -> serde_json::Value {
        serde_json::from_str(&self.0).unwrap_or_default()
    }

    /// The compact text.
    pub fn text(&self) -> &str {
        &self.0
    }
}

/// A decider's answer in a step: poll the task list, answer with one decision.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Decide {
    /// The domain (templated).
    pub domain: String,
    /// The decision task list (templated).
    pub task_list: String,
    /// The decision type, e.g. `CompleteWorkflowExecution` or `StartTimer`.
    pub decision: String,
    /// The decision's attributes (templated; default `{}`).
    pub attributes: Option<toml::Table>,
}

/// A request sent before the case's own request, in order; its answer must be as stated.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Step {
    /// The operation (with `body`); exclusive with `decide`.
    pub operation: Option<String>,
    /// The body (templated). A StartWorkflowExecution step's runId becomes `${runIdOf:<workflowId>}`.
    pub body: Option<toml::Table>,
    /// A decider's poll and answer instead of a request.
    pub decide: Option<Decide>,
    /// The status the step must get (default 200).
    pub status: Option<u16>,
    /// The fault the step must get, if any.
    pub fault: Option<String>,
    /// The members and JSON types the answer must have, as JSON ([`crate::check::shape`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub answer_shape: Option<String>,
    /// Another X-Amz-Target value (default `SimpleWorkflowService.<operation>`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target: Option<String>,
}

/// Expectations on the history of the case's execution after the request.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct HistoryExpect {
    /// Event types that must end the history, in order.
    #[serde(default)]
    pub ends_with: Vec<String>,
    /// Exact number of events of each listed type.
    #[serde(default)]
    pub count: BTreeMap<String, u32>,
    /// The attributes of the last event of a type must equal this table (as JSON).
    #[serde(default)]
    pub attributes: BTreeMap<String, toml::Table>,
    /// Event ids are consecutive from 1.
    #[serde(default)]
    pub consecutive_ids: bool,
}

/// Which of the case's executions history and describe checks read.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Which {
    /// `${workflowId}` / `${runId}`.
    #[default]
    Current,
    /// `${workflowId}` / `${previousRunId}` (setup `rerun`).
    Previous,
}

/// One group of checks sharing a level and a source; each group is a result line.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Check {
    /// Suffix of the result id (`<case id>/<name>`); the first group may omit it.
    pub name: Option<String>,
    /// must, should or observe.
    pub level: Option<Level>,
    /// The sentence or fact this check rests on (default: the case's).
    pub source: Option<String>,
    /// Exact HTTP status.
    pub status: Option<u16>,
    /// Status class only: `"2xx"`, `"4xx"`.
    pub status_class: Option<String>,
    /// Fault name (the part of `__type` after the last `#`).
    pub fault: Option<String>,
    /// Fault namespace (the part of `__type` before `#`).
    pub namespace: Option<String>,
    /// Exact fault message (templated).
    pub message: Option<String>,
    /// The fault message starts with this (templated).
    pub message_starts_with: Option<String>,
    /// The fault message contains each of these (templated).
    pub message_contains: Option<Vec<String>>,
    /// The body is a fault envelope: a JSON object with a string `__type` and a string message.
    pub envelope: Option<bool>,
    /// The answer is a 2xx or one of these faults (the faults the operation declares).
    pub success_or_fault: Option<Vec<String>>,
    /// The JSON body contains these members with these values (objects compared member by
    /// member, recursively; arrays compared whole).
    pub body_contains: Option<toml::Table>,
    /// The members and JSON types the answer must have, as JSON ([`crate::check::shape`]).
    pub answer_shape: Option<String>,
    /// The array at this dotted member path has this length, e.g. `{ executionInfos = 2 }`.
    pub array_lengths: Option<BTreeMap<String, u32>>,
    /// The array at each dotted member path holds an element containing this table
    /// (compared member by member), e.g. `{ domainInfos = { name = "${domain}" } }`.
    pub array_holds: Option<BTreeMap<String, toml::Table>>,
    /// The array at each dotted member path holds no element containing this table.
    pub array_lacks: Option<BTreeMap<String, toml::Table>>,
    /// The array at each dotted member path holds exactly these elements, in this order,
    /// each compared member by member (a page of a listing).
    pub array_elements: Option<BTreeMap<String, Vec<toml::Table>>>,
    /// These dotted member paths are not in the answer (`nextPageToken` on a last page).
    pub absent: Option<Vec<String>>,
    /// The answer's `events` (a history page) hold this many events of each type.
    pub event_counts: Option<BTreeMap<String, u32>>,
    /// The response body must be empty.
    pub empty_body: Option<bool>,
    /// The `x-amzn-RequestId` header must be present.
    pub request_id: Option<bool>,
    /// The response Content-Type must be one of these media types.
    pub content_type: Option<Vec<String>>,
    /// Checks on GetWorkflowExecutionHistory afterwards.
    pub history: Option<HistoryExpect>,
    /// Members of DescribeWorkflowExecution's `executionInfo` afterwards.
    pub describe: Option<toml::Table>,
    /// Which execution `history` and `describe` read.
    #[serde(default)]
    pub of: Which,
    /// The heartbeat after `then = "heartbeat"` reports this `cancelRequested`.
    pub heartbeat_cancel_requested: Option<bool>,
    /// A 2xx JSON answer conforms to the operation's output shape (check/output.rs).
    pub output_shape: Option<bool>,
    /// A 2xx JSON answer holds no member the model does not document.
    pub output_documented: Option<bool>,
    /// A 2xx JSON answer keeps the model's constraint traits (lengths, ranges, enum values).
    pub output_constraints: Option<bool>,
}

/// One documented behaviour to check against an endpoint.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Case {
    /// Stable id, e.g. `rcwe/domain/len-257`.
    pub id: String,
    /// The operation the request targets.
    pub operation: String,
    /// Default level of the case's checks.
    #[serde(default = "default_level")]
    pub level: Level,
    /// The sentence of the seed or fact of SWF-WIRE.md the case rests on.
    pub source: String,
    /// What must exist first.
    #[serde(default)]
    pub setup: Setup,
    /// The request (`request.body = {...}`, `request.raw = "..."`, ...).
    #[serde(default)]
    pub request: RequestSpec,
    /// Requests sent in order before the case's request (stateful sequences).
    #[serde(rename = "step", default, skip_serializing_if = "Vec::is_empty")]
    pub steps: Vec<Step>,
    /// A step after the request, before history/describe checks.
    pub then: Option<Then>,
    /// The checks; at least one.
    #[serde(rename = "check", default)]
    pub checks: Vec<std::sync::Arc<Check>>,
    /// Category for reports (`boundaries`, `missing`, `types`, `unknown`, `lifecycle`, `protocol`).
    pub category: Option<String>,
    /// Where the case was loaded from (`file:line`), filled by the loader.
    #[serde(skip)]
    pub origin: String,
}

fn default_level() -> Level {
    Level::Must
}

impl Case {
    /// Whether running the case may register a domain: a step registers one, or the case's
    /// own RegisterDomain request may succeed. SWF has no operation that deletes a domain,
    /// so against a real account such cases leave a deprecated domain behind for good.
    pub fn registers_domain(&self) -> bool {
        let step = self
            .steps
            .iter()
            .any(|s| s.operation.as_deref() == Some("RegisterDomain"));
        let own =
            self.operation == "RegisterDomain" && self.checks.iter().any(|c| c.allows_success());
        step || own
    }
}

impl Check {
    /// Whether the check lets the answer be a 2xx (a status or class in 2xx, or "a 2xx or
    /// a declared fault").
    pub fn allows_success(&self) -> bool {
        self.status.is_some_and(|s| (200..300).contains(&s))
            || self.status_class.as_deref() == Some("2xx")
            || self.success_or_fault.is_some()
    }

    /// The level of this group: its own or the case's.
    pub fn level_in(&self, case: &Case) -> Level {
        self.level.unwrap_or(case.level)
    }

    /// The result id of this group.
    pub fn id_in(&self, case: &Case) -> String {
        match &self.name {
            Some(name) => format!("{}/{name}", case.id),
            None => case.id.clone(),
        }
    }

    /// The source of this group: its own or the case's.
    pub fn source_in<'a>(&'a self, case: &'a Case) -> &'a str {
        self.source.as_deref().unwrap_or(&case.source)
    }
}
