//! Decision tasks: the poll, its pages, the empty answer, the pending count.

use super::execution::{DecisionState, Execution};
use super::queues::ListKey;
use super::{Answer, World, copy_members, invalid, opt_text, page, text, unknown_token};
use crate::wire::Fault;
use serde_json::{Value as Json, json};

/// The answer to a poll that found no task: the model's documentation says a
/// DecisionTask comes back "but that the value of taskToken is an empty string"
/// (SWF-WIRE.md §9: with startedEventId 0).
pub fn empty_task(op: &str) -> Json {
    match op {
        "PollForDecisionTask" => {
            json!({"taskToken": "", "startedEventId": 0, "previousStartedEventId": 0})
        }
        _ => json!({"taskToken": "", "startedEventId": 0}),
    }
}

/// A decision task's page of events; later pages are read with `nextPageToken`.
fn decision_task(
    ex: &Execution,
    token: &str,
    started_id: i64,
    input: &Json,
) -> Result<Json, Fault> {
    let mut task = page(ex.events.clone(), input, "events")?;
    task["taskToken"] = json!(token);
    task["startedEventId"] = json!(started_id);
    task["previousStartedEventId"] = json!(ex.previous_started_event_id);
    task["workflowExecution"] = ex.reference();
    task["workflowType"] = ex.spec.workflow_type.clone();
    Ok(task)
}

fn is_scheduled(world: &World, id: u64, scheduled_id: i64) -> bool {
    world
        .open(id)
        .is_some_and(|e| e.decision == DecisionState::Scheduled { scheduled_id })
}

/// Takes the first scheduled decision task of the polled task list, if any: records
/// DecisionTaskStarted (with the poller's identity) and hands out a token.
pub fn poll_decision(world: &mut World, input: &Json) -> Result<Option<Json>, Fault> {
    let domain = text(input, "domain");
    world.domain(domain)?;
    if let Some(next) = opt_text(input, "nextPageToken") {
        return later_page(world, next, input).map(Some);
    }
    let key: ListKey = (
        domain.to_owned(),
        text(&input["taskList"], "name").to_owned(),
    );
    let mut queues = std::mem::take(&mut world.queues);
    let taken = queues.take_decision(&key, |id, s| is_scheduled(world, id, s));
    world.queues = queues;
    let Some((id, scheduled_id)) = taken else {
        return Ok(None);
    };
    let token = uuid::Uuid::new_v4().simple().to_string();
    let mut attrs = json!({ "scheduledEventId": scheduled_id });
    copy_members(input, &["identity"], &mut attrs);
    let started_id = world.record(id, "DecisionTaskStarted", attrs);
    let now = world.now;
    let Some(ex) = world.open_mut(id) else {
        return Ok(None);
    };
    ex.decision = DecisionState::Started {
        scheduled_id,
        started_id,
        started_at: now,
        token: token.clone(),
        again: false,
    };
    world.decision_tokens.insert(token.clone(), id);
    let mut task = decision_task(&world.executions[&id], &token, started_id, input)?;
    if let Some(next) = task.get("nextPageToken").and_then(Json::as_str) {
        task["nextPageToken"] = json!(format!("{token}/{next}"));
    }
    Ok(Some(task))
}

/// A later page of a task already handed out: `<task token>/<page token>`.
fn later_page(world: &World, next: &str, input: &Json) -> Result<Json, Fault> {
    let (token, rest) = next.split_once('/').unwrap_or(("", ""));
    let id = *world
        .decision_tokens
        .get(token)
        .ok_or_else(|| invalid(format!("Invalid nextPageToken: {next}")))?;
    let ex = world.open(id).ok_or_else(unknown_token)?;
    let DecisionState::Started { started_id, .. } = ex.decision else {
        return Err(unknown_token());
    };
    let mut paging = input.clone();
    paging["nextPageToken"] = json!(rest);
    let mut task = decision_task(ex, token, started_id, &paging)?;
    if let Some(n) = task.get("nextPageToken").and_then(Json::as_str) {
        task["nextPageToken"] = json!(format!("{token}/{n}"));
    }
    Ok(task)
}

impl World {
    pub(super) fn count_pending_decisions(&self, input: &Json) -> Answer {
        let domain = text(input, "domain");
        self.domain(domain)?;
        let key = (
            domain.to_owned(),
            text(&input["taskList"], "name").to_owned(),
        );
        let count = self
            .queues
            .count_decisions(&key, |id, s| is_scheduled(self, id, s));
        Ok(Some(json!({"count": count, "truncated": false})))
    }
}
