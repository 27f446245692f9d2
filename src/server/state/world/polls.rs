//! Polls: PollForDecisionTask (the task's pages of history, later pages by token) and
//! PollForActivityTask take the first task of a list and record its Started event; the
//! empty answer; CountPendingDecisionTasks and CountPendingActivityTasks.

use super::World;
use crate::server::state::executions::Execution;
use crate::server::state::input::{
    Paged, Paging, Reply, count, invalid, page, timeout, unknown_token,
};
use crate::server::state::task_lists::ListKey;
use crate::wire::Fault;
use crate::wire::typed::{PollForActivityTaskInput, PollForDecisionTaskInput, TaskList};
use serde_json::{Value as Json, json};

/// A poll for a task: a decider's or an activity worker's.
#[derive(Debug, Clone, Copy)]
pub enum Poll<'a> {
    /// PollForDecisionTask.
    Decision(&'a PollForDecisionTaskInput),
    /// PollForActivityTask.
    Activity(&'a PollForActivityTaskInput),
}

impl Poll<'_> {
    /// The operation's name.
    pub fn operation(self) -> &'static str {
        match self {
            Poll::Decision(_) => "PollForDecisionTask",
            Poll::Activity(_) => "PollForActivityTask",
        }
    }

    /// The polled domain.
    pub fn domain(&self) -> &str {
        match self {
            Poll::Decision(i) => &i.domain,
            Poll::Activity(i) => &i.domain,
        }
    }

    /// The polled task list's name.
    pub fn task_list(&self) -> &str {
        match self {
            Poll::Decision(i) => &i.task_list.name,
            Poll::Activity(i) => &i.task_list.name,
        }
    }

    /// The answer when no task comes.
    pub fn empty(self) -> Json {
        empty_task(self.operation())
    }
}

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

/// The (domain, task list) of a poll or count.
fn list_of(domain: &str, task_list: &TaskList) -> ListKey {
    (domain.to_owned(), task_list.name.clone())
}

/// A decision task's page of events; later pages are read with `<token>/<page token>`.
fn decision_task(
    (ex, previous_started_id): (&Execution, i64),
    token: &str,
    started_id: i64,
    paging: Paging<'_>,
) -> Result<Json, Fault> {
    let mut task = page(ex.log().events().to_vec(), paging, "events")?;
    task["taskToken"] = json!(token);
    task["startedEventId"] = json!(started_id);
    task["previousStartedEventId"] = json!(previous_started_id);
    task["workflowExecution"] = ex.reference();
    task["workflowType"] = json!(ex.spec().workflow_type());
    if let Some(next) = task.get("nextPageToken").and_then(Json::as_str) {
        task["nextPageToken"] = json!(format!("{token}/{next}"));
    }
    Ok(task)
}

impl World {
    /// A poll answered at once: a task if one is there, else the empty answer.
    pub(super) fn poll_now(&mut self, poll: Poll<'_>) -> Reply {
        let now = self.now();
        self.take_task(now, poll)
            .map(|t| Some(t.unwrap_or_else(|| poll.empty())))
    }

    /// Takes the first scheduled decision task of the polled task list, if any: records
    /// DecisionTaskStarted (with the poller's identity) and hands out a token.
    pub(super) fn poll_decision(
        &mut self,
        input: &PollForDecisionTaskInput,
    ) -> Result<Option<Json>, Fault> {
        self.domains.get(&input.domain)?;
        if let Some(next) = input.next_page_token.as_deref() {
            return self.later_page(next, input.paging()).map(Some);
        }
        let Some((id, scheduled_id)) = self
            .decisions
            .take(&list_of(&input.domain, &input.task_list))
        else {
            return Ok(None);
        };
        let mut attrs = json!({ "scheduledEventId": scheduled_id });
        if let Some(identity) = &input.identity {
            attrs["identity"] = json!(identity);
        }
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
        decision_task((ex, previous), &token, started_id, input.paging()).map(Some)
    }

    /// A later page of a task already handed out: `<task token>/<page token>`.
    fn later_page(&self, next: &str, paging: Paging<'_>) -> Result<Json, Fault> {
        let (token, rest) = next.split_once('/').unwrap_or(("", ""));
        let id = self
            .decisions
            .holder(token)
            .ok_or_else(|| invalid(format!("Invalid nextPageToken: {next}")))?;
        let ex = self.executions.open(id).ok_or_else(unknown_token)?;
        let started_id = self.decisions.started_id(id).ok_or_else(unknown_token)?;
        let paging = Paging {
            next_page_token: Some(rest),
            ..paging
        };
        let previous = self.decisions.previous_started_id(id);
        decision_task((ex, previous), token, started_id, paging)
    }

    /// Takes the first scheduled activity task of the polled task list, if any: records
    /// ActivityTaskStarted (with the poller's identity) and hands out a token.
    pub(super) fn poll_activity(
        &mut self,
        input: &PollForActivityTaskInput,
    ) -> Result<Option<Json>, Fault> {
        self.domains.get(&input.domain)?;
        let key = list_of(&input.domain, &input.task_list);
        let Some((id, activity_id, scheduled_id)) = self.activities.take(&key) else {
            return Ok(None);
        };
        let mut attrs = json!({ "scheduledEventId": scheduled_id });
        if let Some(identity) = &input.identity {
            attrs["identity"] = json!(identity);
        }
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
    pub(super) fn count_pending_decisions(&self, domain: &str, task_list: &TaskList) -> Reply {
        self.domains.get(domain)?;
        Ok(Some(count(
            self.decisions.pending(&list_of(domain, task_list)),
        )))
    }

    /// CountPendingActivityTasks.
    pub(super) fn count_pending_activities(&self, domain: &str, task_list: &TaskList) -> Reply {
        self.domains.get(domain)?;
        Ok(Some(count(
            self.activities.pending(&list_of(domain, task_list)),
        )))
    }
}
