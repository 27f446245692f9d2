//! Activity tasks: polls, heartbeats, the worker's answers, counts.

use super::{Answer, World, copy_members, text, unknown_token};
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

/// Takes the oldest scheduled activity task of the polled task list, if any.
pub fn poll_activity(world: &mut World, input: &Json) -> Result<Option<Json>, Fault> {
    let domain = text(input, "domain");
    world.domain(domain)?;
    let list = text(&input["taskList"], "name");
    let mut found = None;
    for (i, e) in world
        .executions
        .iter()
        .enumerate()
        .filter(|(_, e)| e.is_open() && e.domain == domain)
    {
        for (id, a) in &e.activities {
            if a.started_id.is_none()
                && a.task_list == list
                && found.as_ref().is_none_or(|(_, _, s)| a.scheduled_id < *s)
            {
                found = Some((i, id.clone(), a.scheduled_id));
            }
        }
        if found.is_some() {
            break;
        }
    }
    let Some((i, activity_id, scheduled_id)) = found else {
        return Ok(None);
    };
    let token = uuid::Uuid::new_v4().simple().to_string();
    let ex = &mut world.executions[i];
    let mut attrs = json!({ "scheduledEventId": scheduled_id });
    copy_members(input, &["identity"], &mut attrs);
    let started_id = ex.record("ActivityTaskStarted", attrs);
    let reference = ex.reference();
    let Some(a) = ex.activities.get_mut(&activity_id) else {
        return Ok(None);
    };
    a.started_id = Some(started_id);
    a.token = Some(token.clone());
    let mut task = json!({
        "taskToken": token, "activityId": activity_id, "startedEventId": started_id,
        "workflowExecution": reference, "activityType": a.activity_type,
    });
    if let Some(v) = &a.input {
        task["input"] = json!(v);
    }
    world.activity_tokens.insert(token, (i, activity_id));
    Ok(Some(task))
}

impl World {
    pub(super) fn count_pending_activities(&self, input: &Json) -> Answer {
        let domain = text(input, "domain");
        self.domain(domain)?;
        let list = text(&input["taskList"], "name");
        let count: usize = self
            .executions
            .iter()
            .filter(|e| e.is_open() && e.domain == domain)
            .map(|e| {
                e.activities
                    .values()
                    .filter(|a| a.started_id.is_none() && a.task_list == list)
                    .count()
            })
            .sum();
        Ok(Some(json!({"count": count, "truncated": false})))
    }

    fn activity_of(&mut self, token: &str) -> Result<(usize, String), Fault> {
        let (i, id) = self
            .activity_tokens
            .get(token)
            .cloned()
            .ok_or_else(unknown_token)?;
        let ex = &self.executions[i];
        if !ex.is_open() || ex.activities.get(&id).and_then(|a| a.token.as_deref()) != Some(token) {
            return Err(unknown_token());
        }
        Ok((i, id))
    }

    /// The heartbeat reports cancelRequested once the activity's cancellation was
    /// requested (RequestCancelActivityTask) or the execution's (issue: a cancel with an
    /// open activity task is accepted and the heartbeat then reports it).
    pub(super) fn heartbeat(&mut self, input: &Json) -> Answer {
        let (i, id) = self.activity_of(text(input, "taskToken"))?;
        let ex = &self.executions[i];
        let requested =
            ex.cancel_requested || ex.activities.get(&id).is_some_and(|a| a.cancel_requested);
        Ok(Some(json!({ "cancelRequested": requested })))
    }

    pub(super) fn finish_activity(&mut self, input: &Json, end: ActivityEnd) -> Answer {
        let token = text(input, "taskToken");
        let (i, id) = self.activity_of(token)?;
        self.activity_tokens.remove(token);
        let ex = &mut self.executions[i];
        let Some(a) = ex.activities.remove(&id) else {
            return Err(unknown_token());
        };
        let mut attrs = json!({"scheduledEventId": a.scheduled_id, "startedEventId": a.started_id.unwrap_or(0)});
        let (event_type, members): (&str, &[&str]) = match end {
            ActivityEnd::Completed => ("ActivityTaskCompleted", &["result"]),
            ActivityEnd::Failed => ("ActivityTaskFailed", &["reason", "details"]),
            ActivityEnd::Canceled => ("ActivityTaskCanceled", &["details"]),
        };
        copy_members(input, members, &mut attrs);
        ex.record(event_type, attrs);
        ex.schedule_decision();
        Ok(None)
    }
}
