//! Polls: PollForDecisionTask (the task's pages of history, later pages by token) and
//! PollForActivityTask take the first task of a list and record its Started event; the
//! empty answer; CountPendingDecisionTasks and CountPendingActivityTasks.

use super::World;
use crate::server::state::executions::Execution;
use crate::server::state::input::Answer;
use crate::server::state::input::{
    copy_members, count, invalid, opt_text, page, text, timeout, unknown_token,
};
use crate::server::state::task_lists::ListKey;
use crate::wire::Fault;
use serde_json::{Value as Json, json};

/// The answer to a poll that found no task, as the live service gives it: no `taskToken`
/// member, `startedEventId` 0 (recordings, and AWS's Flow Framework, which works only with
/// that; the documentation says "the value of taskToken is an empty string":
/// docs/practice.md §1).
pub fn empty_task(op: &str) -> Json {
    match op {
        "PollForDecisionTask" => json!({"startedEventId": 0, "previousStartedEventId": 0}),
        _ => json!({"startedEventId": 0}),
    }
}

/// The polled (domain, task list).
fn list_of(input: &Json) -> ListKey {
    (
        text(input, "domain").to_owned(),
        text(&input["taskList"], "name").to_owned(),
    )
}

/// A decision task's page of events; later pages are read with `<token>/<page token>`.
fn decision_task(
    (ex, previous_started_id): (&Execution, i64),
    token: &str,
    started_id: i64,
    input: &Json,
) -> Result<Json, Fault> {
    let mut task = page(ex.log().events().to_vec(), input, "events")?;
    task["taskToken"] = json!(token);
    task["startedEventId"] = json!(started_id);
    task["previousStartedEventId"] = json!(previous_started_id);
    task["workflowExecution"] = ex.reference();
    task["workflowType"] = ex.spec().workflow_type().clone();
    if let Some(next) = task.get("nextPageToken").and_then(Json::as_str) {
        task["nextPageToken"] = json!(format!("{token}/{next}"));
    }
    Ok(task)
}

impl World {
    /// Takes the first scheduled decision task of the polled task list, if any: records
    /// DecisionTaskStarted (with the poller's identity) and hands out a token.
    pub(super) fn poll_decision(&mut self, input: &Json) -> Result<Option<Json>, Fault> {
        self.domains.get(text(input, "domain"))?;
        if let Some(next) = opt_text(input, "nextPageToken") {
            return self.later_page(next, input).map(Some);
        }
        let Some((id, scheduled_id)) = self.decisions.take(&list_of(input)) else {
            return Ok(None);
        };
        let mut attrs = json!({ "scheduledEventId": scheduled_id });
        copy_members(input, &["identity"], &mut attrs);
        let started_id = self.record(id, "DecisionTaskStarted", attrs);
        let Some(ex) = self.executions.open(id) else {
            return Ok(None);
        };
        let task_timeout = timeout(ex.spec().task_timeout());
        let now = self.now();
        let token = self
            .decisions
            .start((id, scheduled_id), started_id, now, task_timeout);
        let previous = self.decisions.previous_started_id(id);
        decision_task((ex, previous), &token, started_id, input).map(Some)
    }

    /// A later page of a task already handed out: `<task token>/<page token>`.
    fn later_page(&self, next: &str, input: &Json) -> Result<Json, Fault> {
        let (token, rest) = next.split_once('/').unwrap_or(("", ""));
        let id = self
            .decisions
            .holder(token)
            .ok_or_else(|| invalid(format!("Invalid nextPageToken: {next}")))?;
        let ex = self.executions.open(id).ok_or_else(unknown_token)?;
        let started_id = self.decisions.started_id(id).ok_or_else(unknown_token)?;
        let mut paging = input.clone();
        paging["nextPageToken"] = json!(rest);
        let previous = self.decisions.previous_started_id(id);
        decision_task((ex, previous), token, started_id, &paging)
    }

    /// Takes the first scheduled activity task of the polled task list, if any: records
    /// ActivityTaskStarted (with the poller's identity) and hands out a token.
    pub(super) fn poll_activity(&mut self, input: &Json) -> Result<Option<Json>, Fault> {
        self.domains.get(text(input, "domain"))?;
        let Some((id, activity_id, scheduled_id)) = self.activities.take(&list_of(input)) else {
            return Ok(None);
        };
        let mut attrs = json!({ "scheduledEventId": scheduled_id });
        copy_members(input, &["identity"], &mut attrs);
        let started_id = self.record(id, "ActivityTaskStarted", attrs);
        let Some(reference) = self.executions.open(id).map(Execution::reference) else {
            return Ok(None);
        };
        let now = self.now();
        Ok(self
            .activities
            .start((id, reference), &activity_id, started_id, now))
    }

    /// CountPendingDecisionTasks.
    pub(super) fn count_pending_decisions(&self, input: &Json) -> Answer {
        self.domains.get(text(input, "domain"))?;
        Ok(Some(count(self.decisions.pending(&list_of(input)))))
    }

    /// CountPendingActivityTasks.
    pub(super) fn count_pending_activities(&self, input: &Json) -> Answer {
        self.domains.get(text(input, "domain"))?;
        Ok(Some(count(self.activities.pending(&list_of(input)))))
    }
}
