//! The coordinating layer: the [`World`] holds every concept side by side and carries out
//! what spans several of them, through their small APIs only: a decision list that
//! schedules activities, starts timers and children and closes the execution; a run that
//! begins; a closing and its effects on parent and children; deadlines that fire; polls.
//! The moves every flow shares are here: record an event, record one the decider must
//! see and schedule its decision task (SWF-WIRE.md §8).
//!
//! One file per flow: `dispatch.rs` (operation → concepts), `registry.rs` (domains and
//! types together), `runs.rs` (a run begins; describe, history, terminate),
//! `visibility.rs` (list and count), `polls.rs`, `decision_list.rs`,
//! `activity_decisions.rs`, `timer_decisions.rs`, `run_decisions.rs` (child,
//! continue-as-new), `signals.rs` (signals and cancels), `worker_answers.rs`,
//! `closing.rs`, `timeouts.rs`.

mod activity_decisions;
mod closing;
mod decision_list;
mod dispatch;
mod polls;
mod registry;
mod run_decisions;
mod runs;
mod signals;
mod timeouts;
mod timer_decisions;
mod visibility;
mod worker_answers;

pub use polls::{Poll, empty_task};

use super::activity_tasks::ActivityTasks;
use super::cancels::Cancels;
use super::children::Children;
use super::deadlines::Deadlines;
use super::decision_tasks::DecisionTasks;
use super::domains::Domains;
use super::executions::Executions;
use super::input::Reply;
use super::task_lists::priority_of;
use super::timers::Timers;
use super::types::Types;
use crate::wire::Fault;
use crate::wire::typed::Input;
use closing::Closing;
use serde_json::{Value as Json, json};

/// Everything the endpoint knows: the concepts, and the closings whose effects are due.
#[derive(Default)]
pub struct World {
    domains: Domains,
    types: Types,
    executions: Executions,
    decisions: DecisionTasks,
    activities: ActivityTasks,
    timers: Timers,
    children: Children,
    cancels: Cancels,
    deadlines: Deadlines,
    closings: Vec<Closing>,
    /// Open executions whose history reached [`MAX_HISTORY_EVENTS`]: terminated when the
    /// world settles.
    over_limit: Vec<u64>,
}

/// The size of an execution's history at which it is terminated with cause
/// EVENT_LIMIT_EXCEEDED (SWF Developer Guide, Amazon SWF quotas: "Maximum workflow
/// execution history size – 25,000 events", a hard quota; the model's
/// WorkflowExecutionTerminatedCause; SWF-WIRE.md §11).
pub const MAX_HISTORY_EVENTS: i64 = 25_000;

impl World {
    /// Brings the world to `now`, applies one operation, and settles what it caused.
    pub fn call(&mut self, now: f64, input: Input) -> Reply {
        self.advance(now);
        let reply = dispatch::apply(self, input);
        self.settle();
        reply
    }

    /// Brings the world to `now`, takes a task of a poll if one is there.
    pub fn take_task(&mut self, now: f64, poll: Poll<'_>) -> Result<Option<Json>, Fault> {
        self.advance(now);
        let task = match poll {
            Poll::Decision(input) => self.poll_decision(input),
            Poll::Activity(input) => self.poll_activity(input),
        };
        self.settle();
        task
    }

    /// Executions over the history limit terminated, closing effects (parents told, child
    /// policies applied), then every deadline that is already due (a timer of "0" fires at
    /// once), then the index.
    pub fn settle(&mut self) {
        self.terminate_over_limit();
        self.drain_closings();
        self.advance(self.now());
    }

    /// The world's time.
    pub fn now(&self) -> f64 {
        self.deadlines.now()
    }

    /// The domains (read only).
    pub fn domains(&self) -> &Domains {
        &self.domains
    }

    /// The types (read only).
    pub fn types(&self) -> &Types {
        &self.types
    }

    /// The executions (read only).
    pub fn executions(&self) -> &Executions {
        &self.executions
    }

    /// The decision tasks (read only).
    pub fn decisions(&self) -> &DecisionTasks {
        &self.decisions
    }

    /// The activity tasks (read only).
    pub fn activities(&self) -> &ActivityTasks {
        &self.activities
    }

    /// The timers (read only).
    pub fn timers(&self) -> &Timers {
        &self.timers
    }

    /// The children (read only).
    pub fn children(&self) -> &Children {
        &self.children
    }

    /// The cancellation requests (read only).
    pub fn cancels(&self) -> &Cancels {
        &self.cancels
    }

    /// Records an event in open execution `id` at the world's time (a closed execution
    /// records nothing more: 0); its deadlines are looked at again.
    fn record(&mut self, id: u64, event_type: &str, attributes: Json) -> i64 {
        self.deadlines.touch(id);
        let now = self.now();
        let event = self.executions.record(id, now, event_type, attributes);
        if event == MAX_HISTORY_EVENTS {
            self.over_limit.push(id);
        }
        event
    }

    /// Records an event the decider has to see, then schedules a decision task
    /// (SWF-WIRE.md §8). Returns the event's id.
    fn record_for_decider(&mut self, id: u64, event_type: &str, attributes: Json) -> i64 {
        let event = self.record(id, event_type, attributes);
        self.schedule_decision(id);
        event
    }

    /// Schedules a decision task unless one is scheduled; while one is started, or the
    /// execution's own decision list is being applied, one is due after it
    /// (SWF-WIRE.md §5.2, §8).
    fn schedule_decision(&mut self, id: u64) {
        if self.decisions.defer(id) {
            return;
        }
        let Some(ex) = self.executions.open(id) else {
            return;
        };
        if !self.decisions.needs_task(id) {
            return;
        }
        let spec = ex.spec();
        let mut attrs = json!({"taskList": {"name": spec.task_list()}, "startToCloseTimeout": spec.task_timeout()});
        if let Some(p) = spec.task_priority() {
            attrs["taskPriority"] = json!(p);
        }
        let key = (spec.domain().to_owned(), spec.task_list().to_owned());
        let priority = priority_of(spec.task_priority());
        let scheduled_id = self.record(id, "DecisionTaskScheduled", attrs);
        self.decisions.scheduled(id, scheduled_id, key, priority);
    }
}
