//! The Case: one request against the endpoint under test, what must exist
//! before it, and the checks on what comes back, each with its level and the
//! documented fact it rests on.

pub use crate::check::{CheckGroup, Which};
pub use crate::outcome::Level;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

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
    /// In the generated cases' domain: an open execution whose first decision task a
    /// decider took; `${taskToken}` is its token, live.
    DecisionTask,
    /// In the generated cases' domain: an open execution with an activity task a worker
    /// took; `${taskToken}` is its token, live.
    ActivityTask,
    /// As `decision-task`, the task then completed: `${taskToken}` names a task that is
    /// closed (SWF-WIRE.md §9: a stale token is UnknownResourceFault).
    StaleDecisionTask,
    /// As `activity-task`, the task then completed: `${taskToken}` is stale.
    StaleActivityTask,
    /// In the generated cases' domain: an open execution of the run's workflow type, which
    /// `${workflowId}` and `${runId}` name (the generated cases of the operations that name an
    /// execution: what they change is then the only thing wrong).
    Execution,
    /// In the generated cases' domain: a workflow type and an activity type named
    /// `${workflowId}`, version `1` (the generated cases of the operations that name a type).
    Types,
}

impl Setup {
    /// Whether the setup runs in the generated cases' domain (`${domain}` names it).
    pub fn in_generated_domain(self) -> bool {
        matches!(
            self,
            Setup::Domain
                | Setup::DecisionTask
                | Setup::ActivityTask
                | Setup::StaleDecisionTask
                | Setup::StaleActivityTask
                | Setup::Execution
                | Setup::Types
        )
    }
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
    /// A fault the step may get instead of its 2xx: setup that registers what may exist
    /// already (`DomainAlreadyExistsFault`), as `swfcheck import` writes it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub or_fault: Option<String>,
    /// The members and JSON types the answer must have, as JSON ([`crate::check::recorded_shape`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub answer_shape: Option<String>,
    /// Another X-Amz-Target value (default `SimpleWorkflowService.<operation>`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target: Option<String>,
    /// A pause instead of a request (`"20ms"`, `"1s"`; at most 60 s): so that two
    /// executions never start within one tick of the endpoint's clock, say.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub wait: Option<String>,
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
    /// The check groups; at least one.
    #[serde(
        rename = "check",
        default,
        deserialize_with = "super::check_table::deserialize",
        serialize_with = "super::check_table::serialize"
    )]
    pub checks: Vec<std::sync::Arc<CheckGroup>>,
    /// Category for reports (`boundaries`, `missing`, `types`, `unknown`, `lifecycle`, `protocol`).
    pub category: Option<String>,
    /// Where the case was loaded from (`file:line`), filled by the loader.
    #[serde(skip)]
    pub origin: String,
    /// What a generated case changes in a valid request (groups name the kind of case by
    /// it); none for a hand-written case.
    #[serde(skip)]
    pub variation: Option<crate::outcome::Variation>,
    /// The member a generated case changes (`typeFilter.version`), when it is one.
    #[serde(skip)]
    pub member: Option<String>,
}

fn default_level() -> Level {
    Level::Must
}

impl Case {
    /// Whether `text` appears anywhere in the case as written (its request, steps, checks).
    pub fn mentions(&self, text: &str) -> bool {
        let json = self
            .request
            .json
            .as_ref()
            .is_some_and(|j| j.text().contains(text));
        json || toml::to_string(self).is_ok_and(|t| t.contains(text))
    }

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

/// The pause a `wait` step writes (`"20ms"`, `"1s"`), at most 60 s.
pub fn wait_of(text: &str) -> Result<std::time::Duration, super::invalid::InvalidCase> {
    let invalid = |why| super::invalid::InvalidCase::Wait {
        text: text.to_owned(),
        why,
    };
    let d = humantime::parse_duration(text)
        .map_err(|_| invalid("not a duration like \"20ms\" or \"1s\""))?;
    if d > std::time::Duration::from_secs(60) {
        return Err(invalid("longer than 60 s"));
    }
    Ok(d)
}
