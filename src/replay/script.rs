//! What drove a recorded execution, as the replay will do it again: the types to register,
//! then one [`Cue`] per event the replay brings about (a start, a decider's poll and answer,
//! a worker's, a signal, a child's close, a wait for a deadline), in the order of the
//! history. Events the endpoint writes by itself (DecisionTaskScheduled, a child's start,
//! Lambda outcomes) have no cue. Built by [`super::derive`], carried out by [`super::drive`]
//! and written as a case file by the import.

use super::names::{NameTable, Slotted};
use serde_json::Value as Json;

/// One SWF request with slots for the run's names.
#[derive(Debug, Clone, PartialEq)]
pub struct ApiCall {
    /// The operation.
    pub operation: String,
    /// Its input.
    pub body: Slotted,
    /// The workflow (of the name table) whose run id the answer gives (a start).
    pub learns: Option<usize>,
}

/// When a deadline falls: `seconds` after the moment of `from` in the written history.
#[derive(Debug, Clone, PartialEq)]
pub struct Deadline {
    /// The event type the deadline brings (TimerFired, ActivityTaskTimedOut, ...).
    pub event_type: String,
    /// What it is, for people: `timer "t1" (startToFireTimeout 10 s)`.
    pub what: String,
    /// The written event whose timestamp starts the clock.
    pub from: i64,
    /// The activity whose last heartbeat restarts the clock (a HEARTBEAT timeout).
    pub heartbeat_of: Option<String>,
    /// The duration; `None` when the history says NONE (no deadline can be computed).
    pub seconds: Option<f64>,
}

/// What the replay does to bring about one recorded event.
#[derive(Debug, Clone, PartialEq)]
pub enum CueKind {
    /// An API call: a start, a signal, a cancel request, a termination, a deprecation.
    ApiCall(ApiCall),
    /// A decider polls the decision task list of workflow `workflow`.
    PollDecision {
        /// The workflow (of the name table).
        workflow: usize,
        /// Its decision task list.
        task_list: usize,
        /// The poller's identity, as recorded.
        identity: String,
        /// Members the task handed out must have (its workflowType), in recorded names.
        expect: Json,
    },
    /// The decider answers the task it polled with these decisions.
    Decide {
        /// The workflow.
        workflow: usize,
        /// The decisions, in order.
        decisions: Vec<Slotted>,
        /// The executionContext, as recorded.
        context: Option<String>,
    },
    /// A worker polls the task list of activity `activity`.
    PollActivity {
        /// The activityId.
        activity: String,
        /// Its task list.
        task_list: usize,
        /// The poller's identity, as recorded.
        identity: String,
        /// Members the task handed out must have (activityId, activityType, input), in
        /// recorded names.
        expect: Json,
    },
    /// The worker of `activity` records a heartbeat.
    Heartbeat {
        /// The activityId.
        activity: String,
        /// The details the history shows for the last heartbeat.
        details: Option<Json>,
    },
    /// The worker of `activity` answers: RespondActivityTaskCompleted, ...Failed, ...Canceled.
    Answer {
        /// The activityId.
        activity: String,
        /// The operation.
        operation: String,
        /// Its input besides the task token (result, reason, details).
        body: Json,
    },
    /// A child's decider closes it: polls its decision task list and answers one decision.
    CloseChild {
        /// The child (of the name table).
        workflow: usize,
        /// Its decision task list.
        task_list: usize,
        /// The closing decision.
        decision: Slotted,
    },
    /// The run the replay started is continued as new with `decision` (its decision task
    /// polled on `task_list`): the new run is the replayed execution (a history whose first
    /// event shows `continuedExecutionRunId`).
    ContinueInto {
        /// The decision task list.
        task_list: usize,
        /// The ContinueAsNewWorkflowExecution decision.
        decision: Slotted,
    },
    /// Time passes until a deadline.
    Await(Deadline),
}

/// One step of the replay and the recorded event it brings about.
#[derive(Debug, Clone, PartialEq)]
pub struct Cue {
    /// The recorded event's id.
    pub event: i64,
    /// What is done.
    pub kind: CueKind,
}

/// Everything a replay does, in order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Script {
    /// The recorded names the slots refer to.
    pub table: NameTable,
    /// Type registrations, before anything else.
    pub setup: Vec<ApiCall>,
    /// The cues, in the order of the history.
    pub cues: Vec<Cue>,
    /// What the replay cannot bring about as the history shows it, said once each.
    pub notes: Vec<String>,
}

impl Script {
    /// Adds a note unless it is there already.
    pub fn note(&mut self, text: impl Into<String>) {
        let text = text.into();
        if !self.notes.contains(&text) {
            self.notes.push(text);
        }
    }
}
