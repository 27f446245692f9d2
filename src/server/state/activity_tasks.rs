//! The activity tasks concept: each execution's open activity tasks (scheduled, handed
//! out, heartbeating, cancel requested), their four timeouts, the activity task lists,
//! the tokens in workers' hands, and when each execution last scheduled one.

use super::by_execution::ByExecution;
use super::deadlines::{Due, Earliest};
use super::input::unknown_token;
use super::task_lists::{ListKey, TaskLists};
use crate::wire::typed::ActivityType;
use crate::wire::{Fault, SwfFault};
use serde_json::{Value as Json, json};
use std::collections::BTreeMap;

/// SWF's quota of open activity tasks per execution (Developer Guide, "Amazon SWF quotas").
pub const MAX_OPEN_ACTIVITIES: usize = 1000;

/// An activity task's timeouts in seconds (`None`: NONE).
#[derive(Debug, Clone, Copy, Default)]
pub struct ActivityTimeouts {
    /// scheduleToStartTimeout.
    pub schedule_to_start: Option<f64>,
    /// scheduleToCloseTimeout.
    pub schedule_to_close: Option<f64>,
    /// startToCloseTimeout.
    pub start_to_close: Option<f64>,
    /// heartbeatTimeout.
    pub heartbeat: Option<f64>,
}

/// An activity task to schedule: what its ActivityTaskScheduled event says.
#[derive(Debug, Clone)]
pub struct NewActivity {
    /// Its type.
    pub activity_type: ActivityType,
    /// Its input, handed to the worker.
    pub input: Option<String>,
    /// Its task list.
    pub task_list: String,
    /// Its priority on that list.
    pub priority: i64,
    /// Its timeouts.
    pub timeouts: ActivityTimeouts,
}

/// An open activity task.
#[derive(Debug, Clone)]
pub struct Activity {
    task: NewActivity,
    scheduled_id: i64,
    scheduled_at: f64,
    started: Option<StartedActivity>,
    cancel_requested_id: Option<i64>,
}

/// A started activity task.
#[derive(Debug, Clone)]
struct StartedActivity {
    started_id: i64,
    started_at: f64,
    token: String,
    last_beat: f64,
    details: Option<String>,
}

impl Activity {
    /// Its type.
    pub fn activity_type(&self) -> &ActivityType {
        &self.task.activity_type
    }

    /// Its task list.
    pub fn task_list(&self) -> &str {
        &self.task.task_list
    }

    /// Its ActivityTaskScheduled event.
    pub fn scheduled_id(&self) -> i64 {
        self.scheduled_id
    }

    /// Its ActivityTaskStarted event (0: not handed out).
    pub fn started_id(&self) -> i64 {
        self.started.as_ref().map_or(0, |s| s.started_id)
    }

    /// The token of the worker that holds it.
    pub fn token(&self) -> Option<&str> {
        self.started.as_ref().map(|s| s.token.as_str())
    }

    /// Its ActivityTaskCancelRequested event, if cancellation was requested.
    pub fn cancel_requested_id(&self) -> Option<i64> {
        self.cancel_requested_id
    }

    /// The details of its last heartbeat.
    pub fn details(&self) -> Option<&str> {
        self.started.as_ref()?.details.as_deref()
    }

    /// Offers its timeouts, in the order of the model's ActivityTaskTimeoutType checks.
    fn offer_due(&self, activity_id: &str, first: &mut Earliest) {
        let t = self.task.timeouts;
        let after = |from: f64, s: Option<f64>| s.map(|s| from + s);
        let due = |kind| Due::Activity(activity_id.to_owned(), kind);
        first.offer(
            after(self.scheduled_at, t.schedule_to_close),
            due("SCHEDULE_TO_CLOSE"),
        );
        match &self.started {
            None => first.offer(
                after(self.scheduled_at, t.schedule_to_start),
                due("SCHEDULE_TO_START"),
            ),
            Some(s) => {
                first.offer(after(s.started_at, t.start_to_close), due("START_TO_CLOSE"));
                first.offer(after(s.last_beat, t.heartbeat), due("HEARTBEAT"));
            }
        }
    }
}

/// A scheduled activity task on a list: execution, activityId, ActivityTaskScheduled event.
type ActivityRef = (u64, String, i64);

/// Every execution's activity tasks.
#[derive(Default)]
pub struct ActivityTasks {
    open: ByExecution<String, Activity>,
    latest_scheduled: BTreeMap<u64, f64>,
    lists: TaskLists<ActivityRef>,
    tokens: BTreeMap<String, (u64, String)>,
    /// Tokens whose task closed (answered, timed out, its execution closed): execution and
    /// ActivityTaskScheduled event, for the fault that names it (SWF-WIRE.md §11).
    spent: BTreeMap<String, (u64, i64)>,
}

/// The fault for the token of an activity task that closed, as the live service words it
/// (SWF-WIRE.md §11: "Unknown activity, scheduledEventId = N").
fn closed_activity(scheduled_id: i64) -> Fault {
    Fault::swf(
        SwfFault::UnknownResource,
        format!("Unknown activity, scheduledEventId = {scheduled_id}"),
    )
}

impl ActivityTasks {
    /// How many activity tasks execution `id` holds open.
    pub fn count(&self, id: u64) -> usize {
        self.open.len(id)
    }

    /// Execution `id`'s open activity `activity_id`.
    pub fn get(&self, id: u64, activity_id: &str) -> Option<&Activity> {
        self.open.get(id, activity_id)
    }

    /// Execution `id`'s open activities, by activityId.
    pub fn of(&self, id: u64) -> impl Iterator<Item = (&String, &Activity)> {
        self.open.iter(id)
    }

    /// When execution `id` last scheduled an activity task.
    pub fn latest_scheduled(&self, id: u64) -> Option<f64> {
        self.latest_scheduled.get(&id).copied()
    }

    /// Schedules `task` as `activity_id` of execution `id` (in `domain`), its
    /// ActivityTaskScheduled event `scheduled_id` recorded at `now`.
    pub fn schedule(
        &mut self,
        (id, domain): (u64, &str),
        activity_id: String,
        task: NewActivity,
        scheduled_id: i64,
        now: f64,
    ) {
        self.latest_scheduled.insert(id, now);
        let key = (domain.to_owned(), task.task_list.clone());
        let priority = task.priority;
        let activity = Activity {
            task,
            scheduled_id,
            scheduled_at: now,
            started: None,
            cancel_requested_id: None,
        };
        self.open.insert(id, activity_id.clone(), activity);
        self.lists
            .push(key, priority, (id, activity_id, scheduled_id));
    }

    fn is_waiting(open: &ByExecution<String, Activity>, task: &ActivityRef) -> bool {
        let (id, activity_id, scheduled_id) = task;
        open.get(*id, activity_id)
            .is_some_and(|a| a.scheduled_id == *scheduled_id && a.started.is_none())
    }

    /// Takes the first scheduled task of list `key`: (execution, activityId, scheduled event).
    pub fn take(&mut self, key: &ListKey) -> Option<(u64, String, i64)> {
        let open = &self.open;
        self.lists.take(key, |t| Self::is_waiting(open, t))
    }

    /// How many tasks of list `key` wait for a worker.
    pub fn pending(&self, key: &ListKey) -> usize {
        self.lists.count(key, |t| Self::is_waiting(&self.open, t))
    }

    /// Hands task `activity_id` of execution `reference`/`id` out (its
    /// ActivityTaskStarted is `started_id`, at `now`): the ActivityTask answer.
    pub fn start(
        &mut self,
        (id, reference): (u64, Json),
        activity_id: &str,
        started_id: i64,
        now: f64,
    ) -> Option<Json> {
        let a = self.open.get_mut(id, activity_id)?;
        let token = uuid::Uuid::new_v4().simple().to_string();
        a.started = Some(StartedActivity {
            started_id,
            started_at: now,
            token: token.clone(),
            last_beat: now,
            details: None,
        });
        let mut task = json!({
            "taskToken": token, "activityId": activity_id, "startedEventId": started_id,
            "workflowExecution": reference, "activityType": a.task.activity_type,
        });
        if let Some(v) = &a.task.input {
            task["input"] = json!(v);
        }
        self.tokens.insert(token, (id, activity_id.to_owned()));
        Some(task)
    }

    /// The execution and activityId of a token in a worker's hand (not timed out, not
    /// answered); the token of a task that closed is named by its scheduled event.
    fn in_hand(&self, token: &str) -> Result<(u64, String), Fault> {
        if let Some((_, scheduled_id)) = self.spent.get(token) {
            return Err(closed_activity(*scheduled_id));
        }
        let (id, activity_id) = self.tokens.get(token).cloned().ok_or_else(unknown_token)?;
        let current = self
            .open
            .get(id, activity_id.as_str())
            .and_then(Activity::token)
            .is_some_and(|t| t == token);
        if !current {
            return Err(unknown_token());
        }
        Ok((id, activity_id))
    }

    /// RecordActivityTaskHeartbeat at `now`: restarts the heartbeat timeout and keeps
    /// `details`; the execution, and whether the activity's cancellation was requested.
    pub fn heartbeat(
        &mut self,
        token: &str,
        details: Option<&str>,
        now: f64,
    ) -> Result<(u64, bool), Fault> {
        let (id, activity_id) = self.in_hand(token)?;
        let a = self
            .open
            .get_mut(id, activity_id.as_str())
            .ok_or_else(unknown_token)?;
        if let Some(s) = a.started.as_mut() {
            s.last_beat = now;
            if let Some(d) = details {
                s.details = Some(d.to_owned());
            }
        }
        Ok((id, a.cancel_requested_id.is_some()))
    }

    /// A worker's answer with `token`: the task ends (its token with it); its execution
    /// and what it was.
    pub fn finish(&mut self, token: &str) -> Result<(u64, Activity), Fault> {
        let (id, activity_id) = self.in_hand(token)?;
        self.tokens.remove(token);
        let a = self
            .open
            .remove(id, activity_id.as_str())
            .ok_or_else(unknown_token)?;
        self.spent.insert(token.to_owned(), (id, a.scheduled_id));
        Ok((id, a))
    }

    /// Cancellation of execution `id`'s task `activity_id` was requested by event
    /// `requested`. A task not handed out yet is canceled at once: it is returned.
    pub fn request_cancel(
        &mut self,
        id: u64,
        activity_id: &str,
        requested: i64,
    ) -> Option<Activity> {
        let a = self.open.get_mut(id, activity_id)?;
        a.cancel_requested_id = Some(requested);
        if a.started.is_some() {
            return None;
        }
        self.open.remove(id, activity_id)
    }

    /// Execution `id`'s task `activity_id` timed out: it ends, with its token.
    pub fn time_out(&mut self, id: u64, activity_id: &str) -> Option<Activity> {
        let a = self.open.remove(id, activity_id)?;
        self.spend(id, &a);
        Some(a)
    }

    /// Task `a` of execution `id` closed: its token, if a worker holds one, is spent.
    fn spend(&mut self, id: u64, a: &Activity) {
        if let Some(t) = a.token() {
            self.tokens.remove(t);
            self.spent.insert(t.to_owned(), (id, a.scheduled_id));
        }
    }

    /// Execution `id` closed: its tasks are gone, with their tokens.
    pub fn close(&mut self, id: u64) {
        for a in self.open.take_all(id).into_values() {
            self.spend(id, &a);
        }
    }

    /// Execution `id` is gone: everything of it is forgotten.
    pub fn forget(&mut self, id: u64) {
        self.latest_scheduled.remove(&id);
        self.spent.retain(|_, (of, _)| *of != id);
    }

    /// Offers execution `id`'s activity timeouts, by activityId.
    pub fn offer_due(&self, id: u64, first: &mut Earliest) {
        for (activity_id, a) in self.open.iter(id) {
            a.offer_due(activity_id, first);
        }
    }

    /// Every token in a worker's hand, with its execution and activityId.
    pub fn tokens(&self) -> impl Iterator<Item = (&str, u64, &str)> {
        self.tokens
            .iter()
            .map(|(t, (id, a))| (t.as_str(), *id, a.as_str()))
    }
}
