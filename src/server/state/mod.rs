//! The in-memory SWF execution engine: domains, types, executions and their
//! histories, task lists, timers and timeouts, all behind one clock.
//!
//! One lock guards the world; long polls wait outside it. Deadlines (timers,
//! activity, decision task and execution timeouts, the end of a closed execution's
//! retention) sit in one ordered index: a single driver task sleeps until the
//! earliest, and every request first brings the world up to the clock's time, so an
//! idle endpoint costs nothing and a test that advances a manual clock sees the
//! effects at once.

mod activities;
mod children;
pub mod clock;
mod close;
mod decisions;
mod domains;
mod engine;
mod execution;
mod executions;
mod external;
mod history;
pub mod invariants;
mod listing;
mod queues;
pub mod script;
mod tasks;
mod timeouts;
mod timers;
mod types;

use super::ServerConfig;
use crate::wire::{Fault, FaultKind, Request, SwfFault};
use clock::Clock;
use serde_json::{Value as Json, json};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::{Arc, Mutex, MutexGuard, Weak};
use tokio::sync::Notify;

pub use engine::Engine;
pub use execution::{CloseStatus, Execution};

/// The state shared by every connection.
pub struct Store {
    world: Mutex<World>,
    changed: Notify,
    rearm: Arc<Notify>,
    config: ServerConfig,
}

/// Everything the endpoint knows.
#[derive(Default)]
pub struct World {
    now: f64,
    next_execution: u64,
    domains: BTreeMap<String, domains::Domain>,
    types: BTreeMap<types::TypeKey, types::TypeRecord>,
    executions: BTreeMap<u64, Execution>,
    by_workflow_id: HashMap<(String, String), Vec<u64>>,
    decision_tokens: HashMap<String, u64>,
    activity_tokens: HashMap<String, (u64, String)>,
    queues: queues::Queues,
    deadlines: BTreeSet<(i64, u64)>,
    dirty: BTreeSet<u64>,
    closing: Vec<close::Closing>,
    /// The execution whose decision list is being applied: its decision task is
    /// scheduled once, after the whole list (`Some(true)`: one is due).
    deciding: Option<(u64, bool)>,
}

/// A handler's answer: `None` is a 200 with an empty body.
pub type Answer = Result<Option<Json>, Fault>;

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
    /// An empty world on the configured clock. Inside a tokio runtime it also starts
    /// the one driver task that fires deadlines while nobody calls; the task ends
    /// when the store is dropped.
    pub fn new(config: ServerConfig) -> Arc<Self> {
        let store = Arc::new(Store {
            world: Mutex::new(World::default()),
            changed: Notify::new(),
            rearm: Arc::new(Notify::new()),
            config,
        });
        if tokio::runtime::Handle::try_current().is_ok() {
            tokio::spawn(drive(
                Arc::downgrade(&store),
                store.rearm.clone(),
                store.config.clock.clone(),
            ));
        }
        store
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
        if matches!(req.name(), "PollForDecisionTask" | "PollForActivityTask") {
            return self.poll(req.name(), &input).await;
        }
        let now = self.config.clock.now();
        let (answer, earlier) = self.with_world(|w| w.call(now, req.name(), &input));
        self.after_change(earlier);
        answer
    }

    /// Runs `f` on the locked world; also says whether the earliest deadline moved earlier.
    fn with_world<T>(&self, f: impl FnOnce(&mut World) -> T) -> (T, bool) {
        let mut world = self.lock();
        let before = world.next_deadline();
        let out = f(&mut world);
        let after = world.next_deadline();
        (out, after.is_some_and(|a| before.is_none_or(|b| a < b)))
    }

    /// Wakes the pollers; re-arms the deadline driver when a deadline came earlier
    /// than the one it sleeps until.
    fn after_change(&self, earlier_deadline: bool) {
        self.changed.notify_waiters();
        if earlier_deadline {
            self.rearm.notify_one();
        }
    }

    /// A long poll: takes a task now, or waits for a change up to the poll timeout,
    /// then answers the empty task.
    async fn poll(&self, op: &str, input: &Json) -> Answer {
        let deadline = tokio::time::Instant::now() + self.config.poll_timeout;
        loop {
            let notified = self.changed.notified();
            tokio::pin!(notified);
            notified.as_mut().enable();
            let now = self.config.clock.now();
            let (taken, earlier) = self.with_world(|w| w.take_task(now, op, input));
            match taken {
                Err(fault) => return Err(fault),
                Ok(Some(task)) => {
                    self.after_change(earlier);
                    return Ok(Some(task));
                }
                Ok(None) => {}
            }
            if tokio::time::timeout_at(deadline, notified).await.is_err() {
                return Ok(Some(tasks::empty_task(op)));
            }
        }
    }
}

impl Drop for Store {
    fn drop(&mut self) {
        self.rearm.notify_one();
    }
}

/// The deadline driver: sleeps until the earliest deadline (or a re-arm), fires what
/// is due, wakes the pollers. Holds the store only while it works.
async fn drive(store: Weak<Store>, rearm: Arc<Notify>, clock: Clock) {
    loop {
        let next = match store.upgrade() {
            Some(s) => s.lock().next_deadline(),
            None => return,
        };
        tokio::select! {
            _ = clock.wait_until(next) => {}
            _ = rearm.notified() => {}
        }
        let Some(s) = store.upgrade() else { return };
        let fired = s.lock().advance(clock.now());
        if fired {
            s.changed.notify_waiters();
        }
    }
}

impl World {
    /// Brings the world to `now`, applies one operation, and settles what it caused.
    pub fn call(&mut self, now: f64, op: &str, input: &Json) -> Answer {
        self.advance(now);
        let answer = self.apply(op, input);
        self.settle();
        answer
    }

    /// Brings the world to `now`, takes a task of a poll operation if one is there.
    pub fn take_task(&mut self, now: f64, op: &str, input: &Json) -> Result<Option<Json>, Fault> {
        self.advance(now);
        let task = match op {
            "PollForDecisionTask" => tasks::poll_decision(self, input),
            _ => activities::poll_activity(self, input),
        };
        self.settle();
        task
    }

    /// Closing effects (parents told, child policies applied), then every deadline
    /// that is already due (a timer of "0" fires at once), then the index.
    fn settle(&mut self) {
        self.drain_closings();
        self.advance(self.now);
    }

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
            "PollForDecisionTask" | "PollForActivityTask" => self
                .take_task(self.now, op, input)
                .map(|t| Some(t.unwrap_or_else(|| tasks::empty_task(op)))),
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

    /// The open execution `id`, if it is open.
    fn open(&self, id: u64) -> Option<&Execution> {
        self.executions.get(&id).filter(|e| e.is_open())
    }

    /// The open execution `id` to change, if it is open; marks it for re-indexing.
    fn open_mut(&mut self, id: u64) -> Option<&mut Execution> {
        self.dirty.insert(id);
        self.executions.get_mut(&id).filter(|e| e.is_open())
    }
}
