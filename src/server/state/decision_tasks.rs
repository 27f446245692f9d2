//! The decision tasks concept: where each execution's decision task is (none, scheduled,
//! handed out), the decision task lists, the tokens in deciders' hands, the last
//! startedEventId and execution context a decider left; and the rule that a task is
//! scheduled once per decision list (SWF-WIRE.md §5.2, §8).

use super::input::unknown_token;
use super::task_lists::{ListKey, TaskLists};
use crate::wire::Fault;
use std::collections::BTreeMap;

/// Where an execution's decision task is.
#[derive(Debug, Clone, PartialEq)]
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
        /// When it was handed out.
        started_at: f64,
        /// Its start-to-close timeout in seconds (`None`: NONE).
        timeout: Option<f64>,
        /// The task token.
        token: String,
        /// Events the decider must see arrived meanwhile: schedule another on completion.
        again: bool,
    },
}

/// One execution's decision task and what its deciders left.
#[derive(Debug, Clone)]
struct Slot {
    state: DecisionState,
    previous_started_id: i64,
    latest_context: Option<String>,
}

impl Default for Slot {
    fn default() -> Self {
        Slot {
            state: DecisionState::Idle,
            previous_started_id: 0,
            latest_context: None,
        }
    }
}

/// A decision task a decider answered: its events, and whether another is due.
#[derive(Debug, Clone, Copy)]
pub struct AnsweredTask {
    /// The execution.
    pub execution: u64,
    /// The DecisionTaskScheduled event.
    pub scheduled_id: i64,
    /// The DecisionTaskStarted event.
    pub started_id: i64,
    /// Events arrived while it was in hand.
    pub again: bool,
}

const IDLE: DecisionState = DecisionState::Idle;

/// Every execution's decision task.
#[derive(Default)]
pub struct DecisionTasks {
    slots: BTreeMap<u64, Slot>,
    lists: TaskLists<(u64, i64)>,
    tokens: BTreeMap<String, u64>,
    /// The execution whose decision list is being applied: its decision task is
    /// scheduled once, after the whole list (`true`: one is due).
    deciding: Option<(u64, bool)>,
}

impl DecisionTasks {
    /// Where execution `id`'s decision task is.
    pub fn state(&self, id: u64) -> &DecisionState {
        self.slots.get(&id).map_or(&IDLE, |s| &s.state)
    }

    fn slot(&mut self, id: u64) -> &mut Slot {
        self.slots.entry(id).or_default()
    }

    /// While execution `id`'s own decision list is applied, notes that a task is due
    /// after it and says so (`true`: nothing else to do now).
    pub fn defer(&mut self, id: u64) -> bool {
        match &mut self.deciding {
            Some((deciding, due)) if *deciding == id => {
                *due = true;
                true
            }
            _ => false,
        }
    }

    /// Whether open execution `id` needs a new task scheduled: not while one is
    /// scheduled; while one is started, marks that another is due when it completes.
    pub fn needs_task(&mut self, id: u64) -> bool {
        match &mut self.slot(id).state {
            DecisionState::Idle => true,
            DecisionState::Scheduled { .. } => false,
            DecisionState::Started { again, .. } => {
                *again = true;
                false
            }
        }
    }

    /// Execution `id`'s task was scheduled as event `scheduled_id` on list `key`.
    pub fn scheduled(&mut self, id: u64, scheduled_id: i64, key: ListKey, priority: i64) {
        self.slot(id).state = DecisionState::Scheduled { scheduled_id };
        self.lists.push(key, priority, (id, scheduled_id));
    }

    fn is_scheduled(slots: &BTreeMap<u64, Slot>, id: u64, scheduled_id: i64) -> bool {
        slots
            .get(&id)
            .is_some_and(|s| s.state == DecisionState::Scheduled { scheduled_id })
    }

    /// Takes the first scheduled task of list `key`: (execution, scheduled event).
    pub fn take(&mut self, key: &ListKey) -> Option<(u64, i64)> {
        let slots = &self.slots;
        self.lists
            .take(key, |(id, s)| Self::is_scheduled(slots, *id, *s))
    }

    /// How many tasks of list `key` wait for a decider.
    pub fn pending(&self, key: &ListKey) -> usize {
        self.lists
            .count(key, |(id, s)| Self::is_scheduled(&self.slots, *id, *s))
    }

    /// Hands execution `id`'s scheduled task out (its DecisionTaskStarted is
    /// `started_id`, at `now`, timing out after `timeout`); returns its token.
    pub fn start(
        &mut self,
        (id, scheduled_id): (u64, i64),
        started_id: i64,
        now: f64,
        timeout: Option<f64>,
    ) -> String {
        let token = uuid::Uuid::new_v4().simple().to_string();
        self.slot(id).state = DecisionState::Started {
            scheduled_id,
            started_id,
            started_at: now,
            timeout,
            token: token.clone(),
            again: false,
        };
        self.tokens.insert(token.clone(), id);
        token
    }

    /// The execution whose task `token` names, if the token was handed out.
    pub fn holder(&self, token: &str) -> Option<u64> {
        self.tokens.get(token).copied()
    }

    /// The DecisionTaskStarted event of execution `id`'s task in hand.
    pub fn started_id(&self, id: u64) -> Option<i64> {
        match self.state(id) {
            DecisionState::Started { started_id, .. } => Some(*started_id),
            _ => None,
        }
    }

    /// RespondDecisionTaskCompleted's token: the task in hand ends (the token with it),
    /// its DecisionTaskStarted becomes the execution's previousStartedEventId and
    /// `context` its latest execution context.
    pub fn answer(&mut self, token: &str, context: Option<&str>) -> Result<AnsweredTask, Fault> {
        let id = self.holder(token).ok_or_else(unknown_token)?;
        let slot = self.slot(id);
        let DecisionState::Started {
            scheduled_id,
            started_id,
            token: held,
            again,
            ..
        } = &slot.state
        else {
            return Err(unknown_token());
        };
        if held != token {
            return Err(unknown_token());
        }
        let answered = AnsweredTask {
            execution: id,
            scheduled_id: *scheduled_id,
            started_id: *started_id,
            again: *again,
        };
        slot.state = DecisionState::Idle;
        slot.previous_started_id = answered.started_id;
        if let Some(c) = context {
            slot.latest_context = Some(c.to_owned());
        }
        self.tokens.remove(token);
        Ok(answered)
    }

    /// Execution `id`'s decision list begins (`again`: a task is due after it anyway).
    pub fn begin_list(&mut self, id: u64, again: bool) {
        self.deciding = Some((id, again));
    }

    /// The decision list ends: whether a task is due now.
    pub fn end_list(&mut self) -> bool {
        matches!(self.deciding.take(), Some((_, true)))
    }

    /// When execution `id`'s task in hand times out, if it does.
    pub fn due(&self, id: u64) -> Option<f64> {
        match self.state(id) {
            DecisionState::Started {
                started_at,
                timeout,
                ..
            } => timeout.map(|s| started_at + s),
            _ => None,
        }
    }

    /// The task in hand timed out: it ends with its token; its (scheduled, started) events.
    pub fn time_out(&mut self, id: u64) -> Option<(i64, i64)> {
        let state = std::mem::replace(&mut self.slot(id).state, DecisionState::Idle);
        let DecisionState::Started {
            scheduled_id,
            started_id,
            token,
            ..
        } = state
        else {
            return None;
        };
        self.tokens.remove(&token);
        Some((scheduled_id, started_id))
    }

    /// Execution `id` closed: its task (scheduled or in hand) is gone, with its token.
    pub fn close(&mut self, id: u64) {
        if let Some(slot) = self.slots.get_mut(&id) {
            let state = std::mem::replace(&mut slot.state, DecisionState::Idle);
            if let DecisionState::Started { token, .. } = state {
                self.tokens.remove(&token);
            }
        }
    }

    /// Execution `id` is gone: everything of it is forgotten.
    pub fn forget(&mut self, id: u64) {
        self.slots.remove(&id);
    }

    /// The DecisionTaskStarted event of the task execution `id`'s deciders last answered.
    pub fn previous_started_id(&self, id: u64) -> i64 {
        self.slots.get(&id).map_or(0, |s| s.previous_started_id)
    }

    /// The execution context execution `id`'s deciders last gave.
    pub fn latest_context(&self, id: u64) -> Option<&str> {
        self.slots.get(&id)?.latest_context.as_deref()
    }

    /// Every token in a decider's hand, with its execution.
    pub fn tokens(&self) -> impl Iterator<Item = (&str, u64)> {
        self.tokens.iter().map(|(t, id)| (t.as_str(), *id))
    }
}
