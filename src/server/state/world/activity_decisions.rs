//! The ScheduleActivityTask and RequestCancelActivityTask decisions: each a few checks
//! against the types and activity tasks concepts, then its events.

use super::World;
use super::decision_list::{Decided, failed, failure};
use crate::server::state::activity_tasks::{ActivityTimeouts, MAX_OPEN_ACTIVITIES, NewActivity};
use crate::server::state::input::{allowed_id, copy_members, opt_text, seconds, text};
use crate::server::state::task_lists::priority_of;
use crate::server::state::types::Kind;
use serde_json::{Value as Json, json};

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

/// A ScheduleActivityTask decision's own members.
struct Named<'a> {
    activity_type: Json,
    activity_id: &'a str,
    /// The members its events identify it by.
    ident: Json,
}

impl<'a> Named<'a> {
    fn of(attrs: &'a Json) -> Self {
        let at = &attrs["activityType"];
        let activity_type = json!({"name": text(at, "name"), "version": text(at, "version")});
        let activity_id = text(attrs, "activityId");
        let ident = json!({"activityType": activity_type, "activityId": activity_id});
        Named {
            activity_type,
            activity_id,
            ident,
        }
    }
}

/// The task and its ActivityTaskScheduled event, from the decision's members and the
/// type's defaults `config`, or the cause the decision fails with: the task list, each
/// timeout (the model: "an integer greater than or equal to 0. You can use NONE";
/// values outside the constraints fail with OPERATION_NOT_PERMITTED), then the id.
fn resolve(
    named: &Named<'_>,
    attrs: &Json,
    config: &Json,
    completed: i64,
) -> Result<(NewActivity, Json), &'static str> {
    let list = attrs
        .get("taskList")
        .or_else(|| config.get("defaultTaskList"))
        .map(|l| text(l, "name").to_owned())
        .ok_or("DEFAULT_TASK_LIST_UNDEFINED")?;
    let mut event = named.ident.clone();
    event["decisionTaskCompletedEventId"] = json!(completed);
    let mut timeouts = [None; 4];
    for (slot, (member, default, cause)) in timeouts.iter_mut().zip(TIMEOUTS) {
        let value = opt_text(attrs, member)
            .or_else(|| opt_text(config, default))
            .ok_or(cause)?;
        *slot = seconds(value).ok_or("OPERATION_NOT_PERMITTED")?;
        event[member] = json!(value);
    }
    if !allowed_id(named.activity_id) {
        return Err("OPERATION_NOT_PERMITTED");
    }
    event["taskList"] = json!({ "name": list });
    let priority =
        opt_text(attrs, "taskPriority").or_else(|| opt_text(config, "defaultTaskPriority"));
    if let Some(p) = priority {
        event["taskPriority"] = json!(p);
    }
    copy_members(attrs, &["input", "control"], &mut event);
    let [
        schedule_to_close,
        schedule_to_start,
        start_to_close,
        heartbeat,
    ] = timeouts;
    let task = NewActivity {
        activity_type: named.activity_type.clone(),
        input: opt_text(attrs, "input").map(str::to_owned),
        task_list: list,
        priority: priority_of(priority),
        timeouts: ActivityTimeouts {
            schedule_to_start,
            schedule_to_close,
            start_to_close,
            heartbeat,
        },
    };
    Ok((task, event))
}

impl World {
    /// ScheduleActivityTask: ActivityTaskScheduled with every timeout resolved, or
    /// ScheduleActivityTaskFailed with the first cause that applies.
    pub(super) fn schedule_activity(&mut self, at: Decided, attrs: &Json) {
        let Some(domain) = self
            .executions
            .open(at.id)
            .map(|e| e.spec().domain().to_owned())
        else {
            return;
        };
        let named = Named::of(attrs);
        match self.plan_activity(at, &domain, &named, attrs) {
            Err(cause) => {
                let event = failure(named.ident, cause, at.completed);
                self.record_for_decider(at.id, &failed("ScheduleActivityTask"), event);
            }
            Ok((task, event)) => {
                let scheduled_id = self.record(at.id, "ActivityTaskScheduled", event);
                let now = self.now();
                let activity_id = named.activity_id.to_owned();
                self.activities
                    .schedule((at.id, &domain), activity_id, task, scheduled_id, now);
            }
        }
    }

    /// The checks of the type (it exists, not deprecated) and of the execution's open
    /// activities (the id is free, the quota), then the decision's own values.
    fn plan_activity(
        &self,
        at: Decided,
        domain: &str,
        named: &Named<'_>,
        attrs: &Json,
    ) -> Result<(NewActivity, Json), &'static str> {
        let t = &named.activity_type;
        let config =
            match self
                .types
                .get(Kind::Activity, domain, text(t, "name"), text(t, "version"))
            {
                Err(_) => return Err("ACTIVITY_TYPE_DOES_NOT_EXIST"),
                Ok(r) if r.deprecated() => return Err("ACTIVITY_TYPE_DEPRECATED"),
                Ok(r) => Json::Object(r.configuration().clone()),
            };
        if self.activities.get(at.id, named.activity_id).is_some() {
            return Err("ACTIVITY_ID_ALREADY_IN_USE");
        }
        if self.activities.count(at.id) >= MAX_OPEN_ACTIVITIES {
            return Err("OPEN_ACTIVITIES_LIMIT_EXCEEDED");
        }
        resolve(named, attrs, &config, at.completed)
    }

    /// RequestCancelActivityTask: ActivityTaskCancelRequested; the model: "If the
    /// activity task was scheduled but has not been assigned to a worker, then it is
    /// canceled" (ActivityTaskCanceled at once); a started one learns it from its
    /// heartbeat.
    pub(super) fn request_cancel_activity(&mut self, at: Decided, attrs: &Json) {
        let activity_id = text(attrs, "activityId");
        let known = self.executions.open(at.id).is_some()
            && self.activities.get(at.id, activity_id).is_some();
        if !known {
            let ident = json!({ "activityId": activity_id });
            let event = failure(ident, "ACTIVITY_ID_UNKNOWN", at.completed);
            self.record_for_decider(at.id, &failed("RequestCancelActivityTask"), event);
            return;
        }
        let event =
            json!({"activityId": activity_id, "decisionTaskCompletedEventId": at.completed});
        let requested = self.record(at.id, "ActivityTaskCancelRequested", event);
        if let Some(a) = self
            .activities
            .request_cancel(at.id, activity_id, requested)
        {
            let attrs = json!({"scheduledEventId": a.scheduled_id(), "startedEventId": 0,
                "latestCancelRequestedEventId": requested});
            self.record_for_decider(at.id, "ActivityTaskCanceled", attrs);
        }
    }
}
