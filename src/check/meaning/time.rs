//! Timestamps that the run could have caused: none after the answer came; those of what
//! the case made (its executions and their events, the types of its domains) not before
//! the case began; a start before its close, a creation before its deprecation, a
//! history's events in order. The run's clock and the endpoint's are compared with a
//! stated tolerance ([`TOLERANCE`]).

use super::{Observed, answer, items, seconds};
use crate::model::{Shape, ShapeKind, swf};
use serde_json::Value as Json;
use std::collections::BTreeSet;
use std::sync::OnceLock;
use std::time::{SystemTime, UNIX_EPOCH};

/// How far the endpoint's clock may be from the run's, in seconds. Two machines kept by
/// NTP agree within a second; a frozen or invented timestamp departs by days.
pub const TOLERANCE: f64 = 5.0;

/// What the check rests on.
pub const SOURCE: &str = "doc: WorkflowExecutionInfo.startTimestamp, \"The time when the execution was started.\"; \
doc: WorkflowExecutionInfo.closeTimestamp, \"The time when the workflow execution was closed.\"; \
doc: HistoryEvent.eventTimestamp, \"The date and time when the event occurred.\"; \
doc: WorkflowTypeInfo.creationDate, \"The date when this type was registered.\" (ActivityTypeInfo likewise), and deprecationDate; \
doc: WorkflowExecutionDetail.latestActivityTaskTimestamp, \"The time when the last activity task was scheduled\"; \
so a timestamp of what the run did lies between the case's first request and the answer; \
held at should: the run's clock and the endpoint's agree only as far as the machines' clocks do (tolerance 5 s)";

/// At most this many departures are told one by one (a frozen clock departs in every event).
const TOLD: usize = 8;

/// Where a 2xx answer's timestamps depart from the window the run could have caused them
/// in, or from each other's order.
pub fn departures(a: &Observed<'_>) -> Vec<String> {
    let Some(body) = answer(a) else {
        return Vec::new();
    };
    let around = &a.after.around;
    let mut out = Vec::new();
    if let Some((_, answered)) = a.window {
        future(body, "", epoch(answered) + TOLERANCE, &mut out);
    }
    let began = around.began.map(|b| epoch(b) - TOLERANCE);
    let lower = |made: bool| began.filter(|_| made);
    let made = |v: &Json| v.as_str().is_some_and(|n| around.made(n));
    let request = a.request;
    let reverse = request["reverseOrder"] == Json::Bool(true);
    match a.operation {
        "DescribeWorkflowExecution" => {
            let info = &body["executionInfo"];
            let since = lower(made(&info["execution"]["workflowId"]));
            execution(info, "executionInfo", since, &mut out);
            let latest = &body["latestActivityTaskTimestamp"];
            not_before(latest, "latestActivityTaskTimestamp", since, &mut out);
            if let (Some(s), Some(l)) = (seconds(&info["startTimestamp"]), seconds(latest)) {
                if l < s {
                    out.push(format!(
                        "latestActivityTaskTimestamp {l} before the execution's startTimestamp {s}"
                    ));
                }
            }
        }
        "ListOpenWorkflowExecutions" | "ListClosedWorkflowExecutions" => {
            for (i, info) in items(body, "executionInfos").iter().enumerate() {
                let since = lower(made(&info["execution"]["workflowId"]));
                execution(info, &format!("executionInfos.{i}"), since, &mut out);
            }
        }
        "GetWorkflowExecutionHistory" => {
            let since = lower(made(&request["execution"]["workflowId"]));
            events(items(body, "events"), since, reverse, &mut out);
        }
        "PollForDecisionTask" => {
            let since = lower(made(&body["workflowExecution"]["workflowId"]));
            events(items(body, "events"), since, reverse, &mut out);
        }
        "DescribeWorkflowType"
        | "DescribeActivityType"
        | "ListWorkflowTypes"
        | "ListActivityTypes" => {
            let infos = match body.get("typeInfo") {
                Some(one) => vec![("typeInfo".to_owned(), one)],
                None => (items(body, "typeInfos").iter().enumerate())
                    .map(|(i, info)| (format!("typeInfos.{i}"), info))
                    .collect(),
            };
            for (path, info) in infos {
                // A type the case registered: in a domain of its own, or named after it.
                let named = ["workflowType", "activityType"]
                    .iter()
                    .any(|m| made(&info[*m]["name"]));
                let since = lower(made(&request["domain"]) || named);
                type_info(info, &path, since, &mut out);
            }
        }
        _ => {}
    }
    told(out)
}

/// The first [`TOLD`] departures, and how many more there were.
fn told(mut out: Vec<String>) -> Vec<String> {
    if out.len() > TOLD {
        let more = out.len() - TOLD;
        out.truncate(TOLD);
        out.push(format!("and {more} more"));
    }
    out
}

/// Seconds since the epoch of a wall-clock instant.
fn epoch(t: SystemTime) -> f64 {
    t.duration_since(UNIX_EPOCH)
        .map_or(0.0, |d| d.as_secs_f64())
}

/// A span of seconds in words: `3.2 s`, `4.1 h`, `3612 days`.
fn span(s: f64) -> String {
    match s.abs() {
        x if x < 120.0 => format!("{x:.1} s"),
        x if x < 172_800.0 => format!("{:.1} h", x / 3600.0),
        x => format!("{:.0} days", x / 86_400.0),
    }
}

/// The names of the output members whose shape is a timestamp, from the model.
fn timestamp_members() -> &'static BTreeSet<String> {
    static NAMES: OnceLock<BTreeSet<String>> = OnceLock::new();
    NAMES.get_or_init(|| {
        let mut out = BTreeSet::new();
        for op in &swf().operations {
            if let Some(shape) = &op.output {
                collect(shape, &mut out);
            }
        }
        out
    })
}

fn collect(shape: &Shape, out: &mut BTreeSet<String>) {
    for m in &shape.members {
        if m.shape.kind == ShapeKind::Timestamp {
            out.insert(m.name.clone());
        }
        collect(&m.shape, out);
    }
    for inner in [&shape.member, &shape.value].into_iter().flatten() {
        collect(inner, out);
    }
}

/// Every timestamp member under `v` later than `limit` (the answer's end and the tolerance).
fn future(v: &Json, path: &str, limit: f64, out: &mut Vec<String>) {
    let join = |k: &str| match path {
        "" => k.to_owned(),
        p => format!("{p}.{k}"),
    };
    match v {
        Json::Object(members) => {
            for (k, v) in members {
                match seconds(v) {
                    Some(t) if timestamp_members().contains(k) && t > limit => out.push(format!(
                        "{} {t} is {} after the answer came",
                        join(k),
                        span(t - limit + TOLERANCE)
                    )),
                    _ => future(v, &join(k), limit, out),
                }
            }
        }
        Json::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                future(v, &join(&i.to_string()), limit, out);
            }
        }
        _ => {}
    }
}

/// `v` (a timestamp at `path`) not before `since`, when there is a bound.
fn not_before(v: &Json, path: &str, since: Option<f64>, out: &mut Vec<String>) {
    if let (Some(t), Some(since)) = (seconds(v), since) {
        if t < since {
            out.push(format!(
                "{path} {t} is {} before the case began",
                span(since + TOLERANCE - t)
            ));
        }
    }
}

/// An execution's start and close: not before `since`, the start not after the close.
fn execution(info: &Json, path: &str, since: Option<f64>, out: &mut Vec<String>) {
    let (start, close) = (&info["startTimestamp"], &info["closeTimestamp"]);
    not_before(start, &format!("{path}.startTimestamp"), since, out);
    not_before(close, &format!("{path}.closeTimestamp"), since, out);
    if let (Some(s), Some(c)) = (seconds(start), seconds(close)) {
        if c < s {
            out.push(format!(
                "{path}: closeTimestamp {c} before startTimestamp {s}"
            ));
        }
    }
}

/// A type's creation and deprecation: not before `since`, in that order.
fn type_info(info: &Json, path: &str, since: Option<f64>, out: &mut Vec<String>) {
    let (created, deprecated) = (&info["creationDate"], &info["deprecationDate"]);
    not_before(created, &format!("{path}.creationDate"), since, out);
    if let (Some(c), Some(d)) = (seconds(created), seconds(deprecated)) {
        if d < c {
            out.push(format!(
                "{path}: deprecationDate {d} before creationDate {c}"
            ));
        }
    }
}

/// A history page's events: not before `since`, their timestamps never going backwards
/// (forwards, when the page is in reverse order).
fn events(events: &[Json], since: Option<f64>, reverse: bool, out: &mut Vec<String>) {
    let mut last: Option<(f64, &Json)> = None;
    for (i, e) in events.iter().enumerate() {
        let at = &e["eventTimestamp"];
        not_before(at, &format!("events.{i}.eventTimestamp"), since, out);
        let Some(t) = seconds(at) else { continue };
        if let Some((before, id)) = last {
            let backwards = if reverse { t > before } else { t < before };
            if backwards {
                out.push(format!(
                    "events.{i}.eventTimestamp {t} goes back from {before} (event {id})"
                ));
            }
        }
        last = Some((t, &e["eventId"]));
    }
}

#[cfg(test)]
mod tests;
