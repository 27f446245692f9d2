//! The ScheduleActivityTask and RequestCancelActivityTask decisions: each a few checks
//! against the types and activity tasks concepts, then its events.

use super::World;
use super::decision_list::{Decided, failure};
use crate::server::state::activity_tasks::{ActivityTimeouts, MAX_OPEN_ACTIVITIES, NewActivity};
use crate::server::state::input::{allowed_id, seconds};
use crate::server::state::task_lists::priority_of;
use crate::server::state::types::{TypeDefaults, TypeKind};
use crate::wire::typed::{
    DecisionType, RequestCancelActivityTaskDecisionAttributes,
    ScheduleActivityTaskDecisionAttributes,
};
use serde_json::{Value as Json, json};

/// The four timeouts, each from the decision or the type's default, with the member its
/// event shows it under and the cause that names a missing one; the model's order of causes.
fn timeouts<'a>(
    attrs: &'a ScheduleActivityTaskDecisionAttributes,
    defaults: &'a TypeDefaults,
) -> [(&'static str, Option<&'a str>, &'static str); 4] {
    let given = |own: &'a Option<String>, default: &'a Option<String>| {
        own.as_deref().or(default.as_deref())
    };
    [
        (
            "scheduleToCloseTimeout",
            given(
                &attrs.schedule_to_close_timeout,
                &defaults.default_task_schedule_to_close_timeout,
            ),
            "DEFAULT_SCHEDULE_TO_CLOSE_TIMEOUT_UNDEFINED",
        ),
        (
            "scheduleToStartTimeout",
            given(
                &attrs.schedule_to_start_timeout,
                &defaults.default_task_schedule_to_start_timeout,
            ),
            "DEFAULT_SCHEDULE_TO_START_TIMEOUT_UNDEFINED",
        ),
        (
            "startToCloseTimeout",
            given(
                &attrs.start_to_close_timeout,
                &defaults.default_task_start_to_close_timeout,
            ),
            "DEFAULT_START_TO_CLOSE_TIMEOUT_UNDEFINED",
        ),
        (
            "heartbeatTimeout",
            given(
                &attrs.heartbeat_timeout,
                &defaults.default_task_heartbeat_timeout,
            ),
            "DEFAULT_HEARTBEAT_TIMEOUT_UNDEFINED",
        ),
    ]
}

/// The members an activity's events identify it by.
fn ident(attrs: &ScheduleActivityTaskDecisionAttributes) -> Json {
    json!({"activityType": attrs.activity_type, "activityId": attrs.activity_id})
}

/// The task and its ActivityTaskScheduled event, from the decision's members and the
/// type's `defaults`, or the cause the decision fails with: the task list, each
/// timeout (the model: "an integer greater than or equal to 0. You can use NONE";
/// values outside the constraints fail with OPERATION_NOT_PERMITTED), then the id.
fn resolve(
    attrs: &ScheduleActivityTaskDecisionAttributes,
    defaults: &TypeDefaults,
    completed: i64,
) -> Result<(NewActivity, Json), &'static str> {
    let list = attrs
        .task_list
        .as_ref()
        .or(defaults.default_task_list.as_ref())
        .map(|l| l.name.clone())
        .ok_or("DEFAULT_TASK_LIST_UNDEFINED")?;
    let mut event = ident(attrs);
    event["decisionTaskCompletedEventId"] = json!(completed);
    let mut resolved = [None; 4];
    for (slot, (member, value, cause)) in resolved.iter_mut().zip(timeouts(attrs, defaults)) {
        let value = value.ok_or(cause)?;
        *slot = seconds(value).ok_or("OPERATION_NOT_PERMITTED")?;
        event[member] = json!(value);
    }
    if !allowed_id(&attrs.activity_id) {
        return Err("OPERATION_NOT_PERMITTED");
    }
    event["taskList"] = json!({ "name": list });
    let priority = attrs
        .task_priority
        .as_deref()
        .or(defaults.default_task_priority.as_deref());
    if let Some(p) = priority {
        event["taskPriority"] = json!(p);
    }
    for (member, value) in [("input", &attrs.input), ("control", &attrs.control)] {
        if let Some(v) = value {
            event[member] = json!(v);
        }
    }
    let [
        schedule_to_close,
        schedule_to_start,
        start_to_close,
        heartbeat,
    ] = resolved;
    let task = NewActivity {
        activity_type: attrs.activity_type.clone(),
        input: attrs.input.clone(),
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
    pub(super) fn schedule_activity(
        &mut self,
        at: Decided,
        attrs: &ScheduleActivityTaskDecisionAttributes,
    ) {
        let Some(domain) = self
            .executions
            .open(at.id)
            .map(|e| e.spec().domain().to_owned())
        else {
            return;
        };
        match self.plan_activity(at, &domain, attrs) {
            Err(cause) => {
                let event = failure(ident(attrs), cause, at.completed);
                let failed = DecisionType::ScheduleActivityTask.failed_event();
                self.record_for_decider(at.id, &failed, event);
            }
            Ok((task, event)) => {
                let scheduled_id = self.record(at.id, "ActivityTaskScheduled", event);
                let now = self.now();
                let activity_id = attrs.activity_id.clone();
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
        attrs: &ScheduleActivityTaskDecisionAttributes,
    ) -> Result<(NewActivity, Json), &'static str> {
        let defaults = match self
            .types
            .get(TypeKind::Activity, domain, attrs.activity_type.key())
        {
            Err(_) => return Err("ACTIVITY_TYPE_DOES_NOT_EXIST"),
            Ok(r) if r.deprecated() => return Err("ACTIVITY_TYPE_DEPRECATED"),
            Ok(r) => r.defaults(),
        };
        if self.activities.get(at.id, &attrs.activity_id).is_some() {
            return Err("ACTIVITY_ID_ALREADY_IN_USE");
        }
        if self.activities.count(at.id) >= MAX_OPEN_ACTIVITIES {
            return Err("OPEN_ACTIVITIES_LIMIT_EXCEEDED");
        }
        resolve(attrs, defaults, at.completed)
    }

    /// RequestCancelActivityTask: ActivityTaskCancelRequested; the model: "If the
    /// activity task was scheduled but has not been assigned to a worker, then it is
    /// canceled" (ActivityTaskCanceled at once); a started one learns it from its
    /// heartbeat.
    pub(super) fn request_cancel_activity(
        &mut self,
        at: Decided,
        attrs: &RequestCancelActivityTaskDecisionAttributes,
    ) {
        let activity_id = attrs.activity_id.as_str();
        let known = self.executions.open(at.id).is_some()
            && self.activities.get(at.id, activity_id).is_some();
        if !known {
            let ident = json!({ "activityId": activity_id });
            let event = failure(ident, "ACTIVITY_ID_UNKNOWN", at.completed);
            let failed = DecisionType::RequestCancelActivityTask.failed_event();
            self.record_for_decider(at.id, &failed, event);
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
