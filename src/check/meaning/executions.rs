//! What an execution's description and listing say of it: closeStatus and closeTimestamp
//! present exactly when it is closed ([`closed_departures`]), and a description that
//! agrees with the execution's history ([`history_departures`]): its status and close
//! status, its open activities, timers, children, decision tasks and Lambda functions,
//! whether a cancel was requested, its latest activity and execution context.

use super::{Observed, answer, closes, event_type, items, seconds};
use serde_json::{Value as Json, json};

/// What the closed-consistently check rests on.
pub const SOURCE_CLOSED: &str = "doc: WorkflowExecutionInfo.closeTimestamp, \"Set only if the execution status is CLOSED.\"; \
doc: WorkflowExecutionInfo.closeStatus, \"If the execution status is closed then this specifies how the execution was closed\"";

/// What the agrees-with-its-history check rests on.
pub const SOURCE_HISTORY: &str = "doc: WorkflowExecutionOpenCounts.openActivityTasks, \"The count of activity tasks whose status is OPEN.\"; \
doc: WorkflowExecutionOpenCounts.openTimers, \"The count of timers started by this workflow execution that have not fired yet.\"; \
doc: WorkflowExecutionOpenCounts.openDecisionTasks, \"The count of decision tasks whose status is OPEN.\"; \
doc: WorkflowExecutionOpenCounts.openChildWorkflowExecutions, \"The count of child workflow executions whose status is OPEN.\"; \
doc: WorkflowExecutionOpenCounts.openLambdaFunctions, \"The count of Lambda tasks whose status is OPEN.\"; \
doc: WorkflowExecutionInfo.cancelRequested, \"Set to true if a cancellation is requested for this workflow execution.\"; \
doc: WorkflowExecutionDetail.latestActivityTaskTimestamp, \"The time when the last activity task was scheduled for this workflow execution.\"; \
doc: WorkflowExecutionDetail.latestExecutionContext, \"The latest executionContext provided by the decider for this workflow execution.\"; \
the history read just before and just after the description; held at should: doc: GetWorkflowExecutionHistory, \"This operation is eventually consistent.\"";

/// Where the executions of a 2xx description or listing say closeStatus and
/// closeTimestamp where they are not closed, or lack them where they are.
pub fn closed_departures(a: &Observed<'_>) -> Vec<String> {
    let Some(body) = answer(a) else {
        return Vec::new();
    };
    let infos: Vec<(String, &Json)> = match a.operation {
        "DescribeWorkflowExecution" => vec![("executionInfo".into(), &body["executionInfo"])],
        "ListOpenWorkflowExecutions" | "ListClosedWorkflowExecutions" => {
            items(body, "executionInfos")
                .iter()
                .enumerate()
                .map(|(i, info)| (format!("executionInfos.{i}"), info))
                .collect()
        }
        _ => Vec::new(),
    };
    let mut out = Vec::new();
    for (path, info) in infos {
        let closed = match info["executionStatus"].as_str() {
            Some("CLOSED") => true,
            Some("OPEN") => false,
            _ => continue,
        };
        for member in ["closeStatus", "closeTimestamp"] {
            let has = info.get(member).is_some_and(|v| !v.is_null());
            match (closed, has) {
                (true, false) => out.push(format!("{path}: CLOSED without {member}")),
                (false, true) => out.push(format!("{path}: OPEN with {member} {}", info[member])),
                _ => {}
            }
        }
    }
    out
}

/// What a history says of its execution, as DescribeWorkflowExecution would show it.
#[derive(Debug, Clone, PartialEq)]
struct Shown {
    /// The close status, when the history closes.
    close_status: Option<&'static str>,
    /// Each open count's (least, most): children initiated but not started yet may be
    /// counted or not.
    open: [(&'static str, i64, i64); 5],
    cancel_requested: bool,
    latest_activity: Option<f64>,
    latest_context: Option<Json>,
}

/// How many events of each of `types` there are.
fn count(events: &[Json], types: &[&str]) -> i64 {
    events
        .iter()
        .filter(|e| types.contains(&event_type(e)))
        .count() as i64
}

fn shown(events: &[Json]) -> Shown {
    let n = |types: &[&str]| count(events, types);
    let activities = n(&["ActivityTaskScheduled"])
        - n(&[
            "ActivityTaskCompleted",
            "ActivityTaskFailed",
            "ActivityTaskTimedOut",
            "ActivityTaskCanceled",
        ]);
    let timers = n(&["TimerStarted"]) - n(&["TimerFired", "TimerCanceled"]);
    // One decision task open at most: one scheduled while another is started (the live
    // service's histories, docs/practice.md §4) is still openDecisionTasks 1.
    let decisions = (n(&["DecisionTaskScheduled"])
        - n(&["DecisionTaskCompleted", "DecisionTaskTimedOut"]))
    .min(1);
    let lambdas = n(&["LambdaFunctionScheduled"])
        - n(&[
            "LambdaFunctionCompleted",
            "LambdaFunctionFailed",
            "LambdaFunctionTimedOut",
            "StartLambdaFunctionFailed",
        ]);
    let children_closed = n(&[
        "ChildWorkflowExecutionCompleted",
        "ChildWorkflowExecutionFailed",
        "ChildWorkflowExecutionTimedOut",
        "ChildWorkflowExecutionCanceled",
        "ChildWorkflowExecutionTerminated",
    ]);
    let started = n(&["ChildWorkflowExecutionStarted"]) - children_closed;
    let initiated = n(&["StartChildWorkflowExecutionInitiated"])
        - n(&["StartChildWorkflowExecutionFailed"])
        - children_closed;
    let last = |t: &str| events.iter().rev().find(|e| event_type(e) == t);
    Shown {
        close_status: events.iter().rev().find_map(closes),
        open: [
            ("openActivityTasks", activities, activities),
            ("openTimers", timers, timers),
            ("openDecisionTasks", decisions, decisions),
            ("openChildWorkflowExecutions", started, initiated),
            ("openLambdaFunctions", lambdas, lambdas),
        ],
        cancel_requested: last("WorkflowExecutionCancelRequested").is_some(),
        latest_activity: last("ActivityTaskScheduled").and_then(|e| seconds(&e["eventTimestamp"])),
        latest_context: events
            .iter()
            .rev()
            .filter(|e| event_type(e) == "DecisionTaskCompleted")
            .find_map(|e| e["decisionTaskCompletedEventAttributes"].get("executionContext"))
            .cloned(),
    }
}

/// Where a description departs from what the history `events` shows.
fn against(body: &Json, events: &[Json]) -> Vec<String> {
    let s = shown(events);
    let info = &body["executionInfo"];
    let mut out = Vec::new();
    let status = info["executionStatus"].as_str();
    let want_status = if s.close_status.is_some() {
        "CLOSED"
    } else {
        "OPEN"
    };
    if status.is_some_and(|st| st != want_status) {
        out.push(format!(
            "executionStatus {status:?}, the history shows it {want_status}"
        ));
    }
    if let (Some(want), Some(got)) = (s.close_status, info["closeStatus"].as_str()) {
        if got != want {
            out.push(format!("closeStatus {got}, the history closes it {want}"));
        }
    }
    if status == Some("OPEN") && s.close_status.is_none() {
        for (member, least, most) in s.open {
            let got = body["openCounts"][member].as_i64();
            if let Some(got) = got.filter(|g| *g < least || *g > most) {
                let want = match least == most {
                    true => least.to_string(),
                    false => format!("{least} to {most}"),
                };
                out.push(format!(
                    "openCounts.{member} {got}, the history shows {want} open"
                ));
            }
        }
    }
    let cancel = info["cancelRequested"].as_bool().unwrap_or(false);
    if cancel != s.cancel_requested {
        out.push(format!(
            "cancelRequested {cancel}, the history {} a WorkflowExecutionCancelRequested",
            if s.cancel_requested {
                "holds"
            } else {
                "holds no"
            }
        ));
    }
    let latest = seconds(&body["latestActivityTaskTimestamp"]);
    let differs = match (latest, s.latest_activity) {
        (Some(l), Some(h)) => (l - h).abs() > 0.001,
        (l, h) => l.is_some() != h.is_some(),
    };
    if differs {
        out.push(format!(
            "latestActivityTaskTimestamp {}, the last ActivityTaskScheduled {}",
            json!(latest),
            json!(s.latest_activity)
        ));
    }
    let context = body.get("latestExecutionContext").filter(|c| !c.is_null());
    if context != s.latest_context.as_ref() {
        out.push(format!(
            "latestExecutionContext {}, the last DecisionTaskCompleted's executionContext {}",
            json!(context),
            json!(s.latest_context)
        ));
    }
    out
}

/// Where a 2xx DescribeWorkflowExecution departs from the execution's history: read just
/// before and just after the description, it must agree with the history as it stood at
/// some point between the two reads (exactly the history when nothing happened between).
/// No history read (or a failed one): nothing to hold.
pub fn history_departures(a: &Observed<'_>) -> Vec<String> {
    let Some(body) = answer(a).filter(|_| a.operation == "DescribeWorkflowExecution") else {
        return Vec::new();
    };
    let around = &a.after.around;
    let Some(Ok(after)) = &around.history_after else {
        return Vec::new();
    };
    let least = match &around.history_before {
        Some(Ok(before)) if after.starts_with(before) => before.len(),
        _ => after.len(),
    };
    let mut first = Vec::new();
    for len in (least..=after.len()).rev() {
        let found = against(body, &after[..len]);
        if found.is_empty() {
            return found;
        }
        if first.is_empty() {
            first = found;
        }
    }
    first
}

#[cfg(test)]
mod tests;
