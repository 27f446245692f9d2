//! Activity tasks: the ScheduleActivityTask and RequestCancelActivityTask decisions,
//! the poll, heartbeats, the worker's answers, the pending count.

use super::decisions::{allowed_id, failed, failure};
use super::execution::{Activity, ActivityTimeouts, StartedActivity, seconds};
use super::history::priority_of;
use super::queues::{ActivityRef, ListKey};
use super::types::Kind;
use super::{Answer, World, copy_members, opt_text, text, unknown_token};
use crate::wire::Fault;
use serde_json::{Value as Json, json};

/// How an activity task ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ActivityEnd {
    /// RespondActivityTaskCompleted.
    Completed,
    /// RespondActivityTaskFailed.
    Failed,
    /// RespondActivityTaskCanceled.
    Canceled,
}

/// SWF's quota of open activity tasks per execution (Developer Guide, "Amazon SWF quotas").
pub const MAX_OPEN_ACTIVITIES: usize = 1000;

/// The four timeouts, each from the decision or the type's default, with the cause
/// that names a missing one; the model's order of causes.
const TIMEOUTS: [(&str, &str, &str); 4] = [
    (
        "scheduleToCloseTimeout",
        "defaultTaskScheduleToCloseTimeout",
        "DEFAULT_SCHEDULE_TO_CLOSE_TIMEOUT_UNDEFINED",
    ),
    (
        "scheduleToStartTimeout",
        "defaultTaskScheduleToStartTimeout",
        "DEFAULT_SCHEDULE_TO_START_TIMEOUT_UNDEFINED",
    ),
    (
        "startToCloseTimeout",
        "defaultTaskStartToCloseTimeout",
        "DEFAULT_START_TO_CLOSE_TIMEOUT_UNDEFINED",
    ),
    (
        "heartbeatTimeout",
        "defaultTaskHeartbeatTimeout",
        "DEFAULT_HEARTBEAT_TIMEOUT_UNDEFINED",
    ),
];

fn is_waiting(world: &World, task: &ActivityRef) -> bool {
    let (id, activity_id, scheduled_id) = task;
    world
        .open(*id)
        .and_then(|e| e.activities.get(activity_id))
        .is_some_and(|a| a.scheduled_id == *scheduled_id && a.started.is_none())
}

/// Takes the first scheduled activity task of the polled task list, if any: records
/// ActivityTaskStarted (with the poller's identity) and hands out a token.
pub fn poll_activity(world: &mut World, input: &Json) -> Result<Option<Json>, Fault> {
    let domain = text(input, "domain");
    world.domain(domain)?;
    let key: ListKey = (
        domain.to_owned(),
        text(&input["taskList"], "name").to_owned(),
    );
    let mut queues = std::mem::take(&mut world.queues);
    let taken = queues.take_activity(&key, |t| is_waiting(world, t));
    world.queues = queues;
    let Some((id, activity_id, scheduled_id)) = taken else {
        return Ok(None);
    };
    let token = uuid::Uuid::new_v4().simple().to_string();
    let mut attrs = json!({ "scheduledEventId": scheduled_id });
    copy_members(input, &["identity"], &mut attrs);
    let started_id = world.record(id, "ActivityTaskStarted", attrs);
    let now = world.now;
    let Some(ex) = world.open_mut(id) else {
        return Ok(None);
    };
    let reference = ex.reference();
    let Some(a) = ex.activities.get_mut(&activity_id) else {
        return Ok(None);
    };
    a.started = Some(StartedActivity {
        started_id,
        started_at: now,
        token: token.clone(),
        last_beat: now,
        details: None,
    });
    let mut task = json!({
        "taskToken": token, "activityId": activity_id, "startedEventId": started_id,
        "workflowExecution": reference, "activityType": a.activity_type,
    });
    if let Some(v) = &a.input {
        task["input"] = json!(v);
    }
    world.activity_tokens.insert(token, (id, activity_id));
    Ok(Some(task))
}

impl World {
    /// ScheduleActivityTask: ActivityTaskScheduled with every timeout resolved, or
    /// ScheduleActivityTaskFailed with the first cause that applies.
    pub(super) fn schedule_activity(&mut self, id: u64, attrs: &Json, completed: i64) {
        let at = &attrs["activityType"];
        let activity_type = json!({"name": text(at, "name"), "version": text(at, "version")});
        let activity_id = text(attrs, "activityId").to_owned();
        let ident = json!({"activityType": activity_type, "activityId": activity_id});
        let fail = |world: &mut World, cause: &str| {
            let event = failure(ident.clone(), cause, completed);
            world.record_for_decider(id, &failed("ScheduleActivityTask"), event);
        };
        let Some(ex) = self.open(id) else { return };
        let domain = ex.spec.domain.clone();
        let open_activities = ex.activities.len();
        let id_in_use = ex.activities.contains_key(&activity_id);
        let config = match self.type_record(
            Kind::Activity,
            &domain,
            text(at, "name"),
            text(at, "version"),
        ) {
            Err(_) => return fail(self, "ACTIVITY_TYPE_DOES_NOT_EXIST"),
            Ok(r) if r.deprecated.is_some() => return fail(self, "ACTIVITY_TYPE_DEPRECATED"),
            Ok(r) => Json::Object(r.configuration.clone()),
        };
        if id_in_use {
            return fail(self, "ACTIVITY_ID_ALREADY_IN_USE");
        }
        if open_activities >= MAX_OPEN_ACTIVITIES {
            return fail(self, "OPEN_ACTIVITIES_LIMIT_EXCEEDED");
        }
        let Some(list) = attrs
            .get("taskList")
            .or_else(|| config.get("defaultTaskList"))
            .map(|l| text(l, "name").to_owned())
        else {
            return fail(self, "DEFAULT_TASK_LIST_UNDEFINED");
        };
        let mut event = ident.clone();
        event["decisionTaskCompletedEventId"] = json!(completed);
        let mut timeouts = [None; 4];
        for (slot, (member, default, cause)) in timeouts.iter_mut().zip(TIMEOUTS) {
            let Some(value) = opt_text(attrs, member).or_else(|| opt_text(&config, default)) else {
                return fail(self, cause);
            };
            // The model: "an integer greater than or equal to 0. You can use NONE";
            // values outside the constraints fail the decision with OPERATION_NOT_PERMITTED.
            let Some(s) = seconds(value) else {
                return fail(self, "OPERATION_NOT_PERMITTED");
            };
            *slot = s;
            event[member] = json!(value);
        }
        if !allowed_id(&activity_id) {
            return fail(self, "OPERATION_NOT_PERMITTED");
        }
        event["taskList"] = json!({ "name": list });
        let priority = opt_text(attrs, "taskPriority")
            .or_else(|| opt_text(&config, "defaultTaskPriority"))
            .map(str::to_owned);
        if let Some(p) = &priority {
            event["taskPriority"] = json!(p);
        }
        copy_members(attrs, &["input", "control"], &mut event);
        let scheduled_id = self.record(id, "ActivityTaskScheduled", event);
        let now = self.now;
        let Some(ex) = self.open_mut(id) else { return };
        ex.latest_activity_scheduled = Some(now);
        let [
            schedule_to_close,
            schedule_to_start,
            start_to_close,
            heartbeat,
        ] = timeouts;
        ex.activities.insert(
            activity_id.clone(),
            Activity {
                activity_type,
                input: opt_text(attrs, "input").map(str::to_owned),
                scheduled_id,
                scheduled_at: now,
                started: None,
                timeouts: ActivityTimeouts {
                    schedule_to_start,
                    schedule_to_close,
                    start_to_close,
                    heartbeat,
                },
                cancel_requested_id: None,
            },
        );
        let key = (ex.spec.domain.clone(), list);
        let priority = priority_of(priority.as_deref());
        self.queues
            .push_activity(key, priority, (id, activity_id, scheduled_id));
    }

    /// RequestCancelActivityTask: ActivityTaskCancelRequested; the model: "If the
    /// activity task was scheduled but has not been assigned to a worker, then it is
    /// canceled" (ActivityTaskCanceled at once); a started one learns it from its
    /// heartbeat.
    pub(super) fn request_cancel_activity(&mut self, id: u64, attrs: &Json, completed: i64) {
        let activity_id = text(attrs, "activityId").to_owned();
        let known = self
            .open(id)
            .is_some_and(|e| e.activities.contains_key(&activity_id));
        if !known {
            let event = failure(
                json!({ "activityId": activity_id }),
                "ACTIVITY_ID_UNKNOWN",
                completed,
            );
            self.record_for_decider(id, &failed("RequestCancelActivityTask"), event);
            return;
        }
        let event = json!({"activityId": activity_id, "decisionTaskCompletedEventId": completed});
        let requested = self.record(id, "ActivityTaskCancelRequested", event);
        let Some(ex) = self.open_mut(id) else { return };
        let Some(a) = ex.activities.get_mut(&activity_id) else {
            return;
        };
        a.cancel_requested_id = Some(requested);
        if a.started.is_none() {
            let scheduled_id = a.scheduled_id;
            ex.activities.remove(&activity_id);
            let attrs = json!({"scheduledEventId": scheduled_id, "startedEventId": 0,
                "latestCancelRequestedEventId": requested});
            self.record_for_decider(id, "ActivityTaskCanceled", attrs);
        }
    }

    pub(super) fn count_pending_activities(&self, input: &Json) -> Answer {
        let domain = text(input, "domain");
        self.domain(domain)?;
        let key = (
            domain.to_owned(),
            text(&input["taskList"], "name").to_owned(),
        );
        let count = self.queues.count_activities(&key, |t| is_waiting(self, t));
        Ok(Some(json!({"count": count, "truncated": false})))
    }

    /// The execution and activityId of a task token in hand (not timed out, not answered).
    fn activity_of(&self, token: &str) -> Result<(u64, String), Fault> {
        let (id, activity_id) = self
            .activity_tokens
            .get(token)
            .cloned()
            .ok_or_else(unknown_token)?;
        let current = self
            .open(id)
            .and_then(|e| e.activities.get(&activity_id))
            .and_then(|a| a.started.as_ref())
            .is_some_and(|s| s.token == token);
        if !current {
            return Err(unknown_token());
        }
        Ok((id, activity_id))
    }

    /// A heartbeat restarts the heartbeat timeout and keeps its details (an
    /// ActivityTaskTimedOut carries the last ones). It reports cancelRequested once the
    /// activity's cancellation was requested, or the execution's.
    pub(super) fn heartbeat(&mut self, input: &Json) -> Answer {
        let (id, activity_id) = self.activity_of(text(input, "taskToken"))?;
        let now = self.now;
        let Some(ex) = self.open_mut(id) else {
            return Err(unknown_token());
        };
        let execution_cancel = ex.cancel_requested;
        let Some(a) = ex.activities.get_mut(&activity_id) else {
            return Err(unknown_token());
        };
        if let Some(s) = a.started.as_mut() {
            s.last_beat = now;
            if let Some(d) = opt_text(input, "details") {
                s.details = Some(d.to_owned());
            }
        }
        let requested = execution_cancel || a.cancel_requested_id.is_some();
        Ok(Some(json!({ "cancelRequested": requested })))
    }

    /// ActivityTaskCompleted / Failed / Canceled, then a decision task; a token that
    /// timed out or was answered already is UnknownResourceFault (SWF-WIRE.md §9).
    pub(super) fn finish_activity(&mut self, input: &Json, end: ActivityEnd) -> Answer {
        let token = text(input, "taskToken");
        let (id, activity_id) = self.activity_of(token)?;
        self.activity_tokens.remove(token);
        let Some(a) = self
            .open_mut(id)
            .and_then(|e| e.activities.remove(&activity_id))
        else {
            return Err(unknown_token());
        };
        let started_id = a.started.as_ref().map_or(0, |s| s.started_id);
        let mut attrs = json!({"scheduledEventId": a.scheduled_id, "startedEventId": started_id});
        let (event_type, members): (&str, &[&str]) = match end {
            ActivityEnd::Completed => ("ActivityTaskCompleted", &["result"]),
            ActivityEnd::Failed => ("ActivityTaskFailed", &["reason", "details"]),
            ActivityEnd::Canceled => ("ActivityTaskCanceled", &["details"]),
        };
        copy_members(input, members, &mut attrs);
        if let (ActivityEnd::Canceled, Some(r)) = (end, a.cancel_requested_id) {
            attrs["latestCancelRequestedEventId"] = json!(r);
        }
        self.record_for_decider(id, event_type, attrs);
        Ok(None)
    }
}
