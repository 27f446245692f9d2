//! The in-memory SWF: domains, types, executions and their histories, and the
//! decision and activity task queues; safe under concurrent clients (one lock
//! around the world, long polls wait outside it).

mod activities;
mod domains;
mod executions;
mod history;
mod listing;
mod tasks;
mod types;

use super::ServerConfig;
use crate::wire::{Fault, FaultKind, Request, SwfFault};
use serde_json::{Value as Json, json};
use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{SystemTime, UNIX_EPOCH};
use tokio::sync::Notify;

pub use executions::{CloseStatus, Execution};

/// The state shared by every connection.
pub struct Store {
    world: Mutex<World>,
    changed: Notify,
    config: ServerConfig,
}

/// Everything the endpoint knows.
#[derive(Default)]
pub struct World {
    domains: BTreeMap<String, domains::Domain>,
    types: BTreeMap<types::TypeKey, types::TypeRecord>,
    executions: Vec<Execution>,
    by_workflow_id: HashMap<(String, String), Vec<usize>>,
    decision_tokens: HashMap<String, usize>,
    activity_tokens: HashMap<String, (usize, String)>,
}

/// A handler's answer: `None` is a 200 with an empty body.
pub type Answer = Result<Option<Json>, Fault>;

/// Seconds since the epoch, as SWF writes timestamps.
pub fn now() -> f64 {
    let d = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default();
    (d.as_millis() as f64) / 1000.0
}

/// A string member of a validated input ("" when absent: validation already required it).
pub fn text<'a>(input: &'a Json, member: &str) -> &'a str {
    input.get(member).and_then(Json::as_str).unwrap_or("")
}

/// An optional string member.
pub fn opt_text<'a>(input: &'a Json, member: &str) -> Option<&'a str> {
    input.get(member).and_then(Json::as_str)
}

/// The fault for a task token that names no task in hand.
pub fn unknown_token() -> Fault {
    Fault::swf(SwfFault::UnknownResource, "Unknown task token")
}

/// Copies the listed members of `from` that are present into `to`.
pub fn copy_members(from: &Json, members: &[&str], to: &mut Json) {
    for m in members {
        if let Some(v) = from.get(*m) {
            to[*m] = v.clone();
        }
    }
}

/// A fault for input the model allows but the service refuses.
pub fn invalid(message: impl Into<String>) -> Fault {
    Fault::new(FaultKind::Validation, message)
}

/// One page of `items` per `maximumPageSize` (0 or absent: 1000), `nextPageToken`
/// and `reverseOrder`, under `key`.
pub fn page(mut items: Vec<Json>, input: &Json, key: &str) -> Result<Json, Fault> {
    if input.get("reverseOrder").and_then(Json::as_bool) == Some(true) {
        items.reverse();
    }
    let size = match input.get("maximumPageSize").and_then(Json::as_u64) {
        None | Some(0) => 1000,
        Some(n) => n as usize,
    };
    let start = match opt_text(input, "nextPageToken") {
        None => 0,
        Some(token) => token
            .strip_prefix("swfcheck-page-")
            .and_then(|n| n.parse::<usize>().ok())
            .filter(|n| *n <= items.len())
            .ok_or_else(|| invalid(format!("Invalid nextPageToken: {token}")))?,
    };
    let end = (start + size).min(items.len());
    let mut out = json!({ key: items[start..end].to_vec() });
    if end < items.len() {
        out["nextPageToken"] = json!(format!("swfcheck-page-{end}"));
    }
    Ok(out)
}

impl Store {
    /// An empty world.
    pub fn new(config: ServerConfig) -> Arc<Self> {
        Arc::new(Store {
            world: Mutex::new(World::default()),
            changed: Notify::new(),
            config,
        })
    }

    /// The configuration.
    pub fn config(&self) -> &ServerConfig {
        &self.config
    }

    fn lock(&self) -> MutexGuard<'_, World> {
        // A handler never panics while holding the lock; if one did, the data is still
        // consistent per request (each handler checks before it mutates), so keep serving.
        self.world
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Answers a validated request.
    pub async fn handle(&self, req: &Request) -> Answer {
        let input = req.to_json();
        match req.name() {
            "PollForDecisionTask" => {
                return self
                    .poll(
                        &input,
                        tasks::poll_decision,
                        json!({"previousStartedEventId": 0, "startedEventId": 0}),
                    )
                    .await;
            }
            "PollForActivityTask" => {
                return self
                    .poll(
                        &input,
                        activities::poll_activity,
                        json!({"startedEventId": 0}),
                    )
                    .await;
            }
            _ => {}
        }
        let answer = {
            let mut world = self.lock();
            world.apply(req.name(), &input)
        };
        if answer.is_ok() {
            self.changed.notify_waiters();
        }
        answer
    }

    /// A long poll: takes a task now, or waits for a change up to the poll timeout.
    async fn poll(
        &self,
        input: &Json,
        take: fn(&mut World, &Json) -> Result<Option<Json>, Fault>,
        empty: Json,
    ) -> Answer {
        let deadline = tokio::time::Instant::now() + self.config.poll_timeout;
        loop {
            let notified = self.changed.notified();
            tokio::pin!(notified);
            notified.as_mut().enable();
            if let Some(task) = take(&mut self.lock(), input)? {
                return Ok(Some(task));
            }
            if tokio::time::timeout_at(deadline, notified).await.is_err() {
                return Ok(Some(empty));
            }
        }
    }
}

impl World {
    fn apply(&mut self, op: &str, input: &Json) -> Answer {
        match op {
            "RegisterDomain" => self.register_domain(input),
            "DescribeDomain" => self.describe_domain(input),
            "ListDomains" => self.list_domains(input),
            "DeprecateDomain" => self.set_domain_deprecated(input, true),
            "UndeprecateDomain" => self.set_domain_deprecated(input, false),
            "TagResource" => self.tag_resource(input),
            "UntagResource" => self.untag_resource(input),
            "ListTagsForResource" => self.list_tags(input),
            "RegisterWorkflowType" => self.register_type(types::Kind::Workflow, input),
            "RegisterActivityType" => self.register_type(types::Kind::Activity, input),
            "DescribeWorkflowType" => self.describe_type(types::Kind::Workflow, input),
            "DescribeActivityType" => self.describe_type(types::Kind::Activity, input),
            "ListWorkflowTypes" => self.list_types(types::Kind::Workflow, input),
            "ListActivityTypes" => self.list_types(types::Kind::Activity, input),
            "DeprecateWorkflowType" => self.set_type_deprecated(types::Kind::Workflow, input, true),
            "DeprecateActivityType" => self.set_type_deprecated(types::Kind::Activity, input, true),
            "UndeprecateWorkflowType" => {
                self.set_type_deprecated(types::Kind::Workflow, input, false)
            }
            "UndeprecateActivityType" => {
                self.set_type_deprecated(types::Kind::Activity, input, false)
            }
            "DeleteWorkflowType" => self.delete_type(types::Kind::Workflow, input),
            "DeleteActivityType" => self.delete_type(types::Kind::Activity, input),
            "StartWorkflowExecution" => self.start_execution(input),
            "DescribeWorkflowExecution" => self.describe_execution(input),
            "GetWorkflowExecutionHistory" => self.history(input),
            "ListOpenWorkflowExecutions" => self.list_executions(input, false),
            "ListClosedWorkflowExecutions" => self.list_executions(input, true),
            "CountOpenWorkflowExecutions" => self.count_executions(input, false),
            "CountClosedWorkflowExecutions" => self.count_executions(input, true),
            "SignalWorkflowExecution" => self.signal(input),
            "TerminateWorkflowExecution" => self.terminate(input),
            "RequestCancelWorkflowExecution" => self.request_cancel(input),
            "RespondDecisionTaskCompleted" => self.respond_decisions(input),
            "CountPendingDecisionTasks" => self.count_pending_decisions(input),
            "RecordActivityTaskHeartbeat" => self.heartbeat(input),
            "RespondActivityTaskCompleted" => {
                self.finish_activity(input, activities::ActivityEnd::Completed)
            }
            "RespondActivityTaskFailed" => {
                self.finish_activity(input, activities::ActivityEnd::Failed)
            }
            "RespondActivityTaskCanceled" => {
                self.finish_activity(input, activities::ActivityEnd::Canceled)
            }
            "CountPendingActivityTasks" => self.count_pending_activities(input),
            other => Err(Fault::new(
                FaultKind::UnknownOperation,
                format!("Unknown operation: {other}"),
            )),
        }
    }

    /// The domain `name`, or UnknownResourceFault.
    fn domain(&self, name: &str) -> Result<&domains::Domain, Fault> {
        self.domains
            .get(name)
            .ok_or_else(|| Fault::swf(SwfFault::UnknownResource, format!("Unknown domain: {name}")))
    }
}
