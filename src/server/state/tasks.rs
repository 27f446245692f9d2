//! Decision tasks: polls, the decider's answers (decisions), counts.

use super::executions::{Activity, CloseStatus, DecisionState, Execution};
use super::types::Kind;
use super::{Answer, World, copy_members, invalid, opt_text, page, text, unknown_token};
use crate::wire::{Fault, SwfFault};
use serde_json::{Value as Json, json};

/// The decision types the reference endpoint carries out.
const DECISIONS: [&str; 6] = [
    "CompleteWorkflowExecution",
    "FailWorkflowExecution",
    "CancelWorkflowExecution",
    "ScheduleActivityTask",
    "RecordMarker",
    "RequestCancelActivityTask",
];

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
    task["workflowType"] = ex.workflow_type.clone();
    Ok(task)
}

/// Takes the oldest scheduled decision task of the polled task list, if any.
pub fn poll_decision(world: &mut World, input: &Json) -> Result<Option<Json>, Fault> {
    let domain = text(input, "domain");
    world.domain(domain)?;
    if let Some(next) = opt_text(input, "nextPageToken") {
        // A later page of a task already handed out: the token names it.
        let token = next.split_once('/').map(|(t, _)| t).unwrap_or("");
        let i = *world
            .decision_tokens
            .get(token)
            .ok_or_else(|| invalid(format!("Invalid nextPageToken: {next}")))?;
        let ex = &world.executions[i];
        let DecisionState::Started { started_id, .. } = ex.decision else {
            return Err(unknown_token());
        };
        let mut paging = input.clone();
        paging["nextPageToken"] = json!(next.split_once('/').map(|(_, p)| p).unwrap_or(""));
        return decision_task(ex, token, started_id, &paging).map(Some);
    }
    let list = text(&input["taskList"], "name");
    let candidate = world
        .executions
        .iter()
        .enumerate()
        .filter(|(_, e)| e.is_open() && e.domain == domain && e.task_list == list)
        .filter_map(|(i, e)| match e.decision {
            DecisionState::Scheduled { scheduled_id } => Some((
                e.events[(scheduled_id - 1) as usize]["eventTimestamp"]
                    .as_f64()
                    .unwrap_or(0.0),
                i,
                scheduled_id,
            )),
            _ => None,
        })
        .min_by(|a, b| a.0.total_cmp(&b.0));
    let Some((_, i, scheduled_id)) = candidate else {
        return Ok(None);
    };
    let token = uuid::Uuid::new_v4().simple().to_string();
    let ex = &mut world.executions[i];
    let mut attrs = json!({ "scheduledEventId": scheduled_id });
    copy_members(input, &["identity"], &mut attrs);
    let started_id = ex.record("DecisionTaskStarted", attrs);
    ex.decision = DecisionState::Started {
        scheduled_id,
        started_id,
        token: token.clone(),
        again: false,
    };
    world.decision_tokens.insert(token.clone(), i);
    let mut task = decision_task(&world.executions[i], &token, started_id, input)?;
    if let Some(next) = task.get("nextPageToken").and_then(Json::as_str) {
        task["nextPageToken"] = json!(format!("{token}/{next}"));
    }
    Ok(Some(task))
}

impl World {
    pub(super) fn respond_decisions(&mut self, input: &Json) -> Answer {
        let token = text(input, "taskToken");
        let i = *self.decision_tokens.get(token).ok_or_else(unknown_token)?;
        let decisions: Vec<Json> = input
            .get("decisions")
            .and_then(Json::as_array)
            .cloned()
            .unwrap_or_default();
        for d in &decisions {
            let t = text(d, "decisionType");
            if !DECISIONS.contains(&t) {
                return Err(Fault::swf(
                    SwfFault::OperationNotPermitted,
                    format!(
                        "The swfcheck reference endpoint does not carry out {t} decisions (it does: {})",
                        DECISIONS.join(", ")
                    ),
                ));
            }
        }
        let (scheduled_id, started_id, again) = match &self.executions[i].decision {
            DecisionState::Started {
                scheduled_id,
                started_id,
                token: t,
                again,
            } if t == token && self.executions[i].is_open() => (*scheduled_id, *started_id, *again),
            _ => return Err(unknown_token()),
        };
        self.decision_tokens.remove(token);
        let domain = self.executions[i].domain.clone();
        let ex = &mut self.executions[i];
        let mut attrs = json!({"scheduledEventId": scheduled_id, "startedEventId": started_id});
        copy_members(input, &["executionContext"], &mut attrs);
        let completed = ex.record("DecisionTaskCompleted", attrs);
        ex.decision = DecisionState::Idle;
        ex.previous_started_event_id = started_id;
        if let Some(c) = opt_text(input, "executionContext") {
            ex.latest_execution_context = Some(c.to_owned());
        }
        for d in &decisions {
            self.decide(i, &domain, d, completed);
        }
        let ex = &mut self.executions[i];
        if again && ex.is_open() {
            ex.schedule_decision();
        }
        Ok(None)
    }

    fn decide(&mut self, i: usize, domain: &str, d: &Json, completed: i64) {
        let t = text(d, "decisionType");
        let attrs = &d[crate::model::decision_attributes_key(t)];
        let mut event = json!({ "decisionTaskCompletedEventId": completed });
        match t {
            "CompleteWorkflowExecution" | "FailWorkflowExecution" | "CancelWorkflowExecution" => {
                let ex = &mut self.executions[i];
                if !ex.is_open() {
                    return;
                }
                copy_members(attrs, &["result", "reason", "details"], &mut event);
                let (event_type, status) = match t {
                    "CompleteWorkflowExecution" => {
                        ("WorkflowExecutionCompleted", CloseStatus::Completed)
                    }
                    "FailWorkflowExecution" => ("WorkflowExecutionFailed", CloseStatus::Failed),
                    _ => ("WorkflowExecutionCanceled", CloseStatus::Canceled),
                };
                ex.record(event_type, event);
                ex.close(status);
            }
            "RecordMarker" => {
                copy_members(attrs, &["markerName", "details"], &mut event);
                self.executions[i].record("MarkerRecorded", event);
            }
            "RequestCancelActivityTask" => {
                let id = text(attrs, "activityId").to_owned();
                event["activityId"] = json!(id);
                let ex = &mut self.executions[i];
                match ex.activities.get_mut(&id) {
                    Some(a) => {
                        a.cancel_requested = true;
                        ex.record("ActivityTaskCancelRequested", event);
                    }
                    None => {
                        event["cause"] = json!("ACTIVITY_ID_UNKNOWN");
                        ex.record("RequestCancelActivityTaskFailed", event);
                    }
                }
            }
            _ => self.schedule_activity(i, domain, attrs, event),
        }
    }

    fn schedule_activity(&mut self, i: usize, domain: &str, attrs: &Json, mut event: Json) {
        let at = &attrs["activityType"];
        event["activityType"] = json!({"name": text(at, "name"), "version": text(at, "version")});
        event["activityId"] = json!(text(attrs, "activityId"));
        let config = self
            .type_record(
                Kind::Activity,
                domain,
                text(at, "name"),
                text(at, "version"),
            )
            .ok()
            .filter(|r| r.deprecated.is_none())
            .map(|r| Json::Object(r.configuration.clone()));
        let ex = &mut self.executions[i];
        let failed = |cause: &str, mut event: Json| {
            event["cause"] = json!(cause);
            event
        };
        let Some(config) = config else {
            ex.record(
                "ScheduleActivityTaskFailed",
                failed("ACTIVITY_TYPE_DOES_NOT_EXIST", event),
            );
            return;
        };
        let id = text(attrs, "activityId").to_owned();
        if ex.activities.contains_key(&id) {
            ex.record(
                "ScheduleActivityTaskFailed",
                failed("ACTIVITY_ID_ALREADY_IN_USE", event),
            );
            return;
        }
        let Some(list) = attrs
            .get("taskList")
            .or_else(|| config.get("defaultTaskList"))
            .map(|l| text(l, "name").to_owned())
        else {
            ex.record(
                "ScheduleActivityTaskFailed",
                failed("DEFAULT_TASK_LIST_UNDEFINED", event),
            );
            return;
        };
        event["taskList"] = json!({ "name": list });
        for (member, default) in [
            (
                "scheduleToStartTimeout",
                "defaultTaskScheduleToStartTimeout",
            ),
            (
                "scheduleToCloseTimeout",
                "defaultTaskScheduleToCloseTimeout",
            ),
            ("startToCloseTimeout", "defaultTaskStartToCloseTimeout"),
            ("heartbeatTimeout", "defaultTaskHeartbeatTimeout"),
            ("taskPriority", "defaultTaskPriority"),
        ] {
            if let Some(v) = attrs.get(member).or_else(|| config.get(default)) {
                event[member] = v.clone();
            }
        }
        copy_members(attrs, &["input", "control"], &mut event);
        let activity_type = event["activityType"].clone();
        let scheduled_id = ex.record("ActivityTaskScheduled", event);
        ex.activities.insert(
            id,
            Activity {
                activity_type,
                task_list: list,
                input: opt_text(attrs, "input").map(str::to_owned),
                scheduled_id,
                started_id: None,
                token: None,
                cancel_requested: false,
            },
        );
    }

    pub(super) fn count_pending_decisions(&self, input: &Json) -> Answer {
        let domain = text(input, "domain");
        self.domain(domain)?;
        let list = text(&input["taskList"], "name");
        let count = self
            .executions
            .iter()
            .filter(|e| e.is_open() && e.domain == domain && e.task_list == list)
            .filter(|e| matches!(e.decision, DecisionState::Scheduled { .. }))
            .count();
        Ok(Some(json!({"count": count, "truncated": false})))
    }
}
