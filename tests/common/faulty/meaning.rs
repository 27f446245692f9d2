//! The breaks of the meaning checks (issue 28 item 1), asserted in tests/meaning.rs: each
//! rewrites 2xx answers so that their values stop meaning what they say, as moto 5.2.6
//! does, and nothing else.

use super::Break;
use serde_json::{Value as Json, json};

/// moto's constant startTimestamp and creationDate (`models/workflow_execution.py`,
/// `models/generic_type.py`): 2014-12-31T23:00:00.123Z.
const FROZEN: f64 = 1_420_066_800.123;

/// The execution infos of a 2xx answer of `op`.
fn infos<'a>(op: &str, body: &'a mut Json) -> Vec<&'a mut Json> {
    match op {
        "DescribeWorkflowExecution" => vec![&mut body["executionInfo"]],
        "ListOpenWorkflowExecutions" | "ListClosedWorkflowExecutions" => body
            .get_mut("executionInfos")
            .and_then(Json::as_array_mut)
            .map(|a| a.iter_mut().collect())
            .unwrap_or_default(),
        _ => Vec::new(),
    }
}

/// Rewrites the 2xx answer `body` of `op` as `mode` asks; true when the mode is this file's.
pub(super) fn rewrite_answer(mode: Break, op: &str, body: &mut Json) -> bool {
    match mode {
        Break::FrozenTimestamps => {
            for info in infos(op, body) {
                if info.get("startTimestamp").is_some() {
                    info["startTimestamp"] = json!(FROZEN);
                }
            }
            if op == "DescribeWorkflowType" || op == "DescribeActivityType" {
                body["typeInfo"]["creationDate"] = json!(FROZEN);
            }
        }
        Break::ClockAhead => shift(body, 86_400.0),
        Break::StaleOpenTimers if op == "DescribeWorkflowExecution" => {
            if body["openCounts"].is_object() {
                body["openCounts"]["openTimers"] = json!(0);
            }
        }
        Break::TerminatedWithoutCloseTimestamp => {
            for info in infos(op, body) {
                if info["closeStatus"] == "TERMINATED" {
                    info.as_object_mut().map(|o| o.remove("closeTimestamp"));
                }
            }
        }
        Break::PendingDecisionsStay if op == "CountPendingDecisionTasks" => {
            if body["count"] == 0 {
                body["count"] = json!(1);
            }
        }
        Break::MisspelledTimerCanceled => {
            for e in events(body) {
                if e["eventType"] == "TimerCanceled" {
                    let attrs = e
                        .as_object_mut()
                        .and_then(|o| o.remove("timerCanceledEventAttributes"));
                    e["eventType"] = json!("TimerCancelled");
                    e["timerCancelledEventAttributes"] = attrs.unwrap_or(Json::Null);
                }
            }
        }
        Break::MisdirectedEventId => {
            for e in events(body) {
                let attrs = &mut e["decisionTaskStartedEventAttributes"];
                if let Some(id) = attrs["scheduledEventId"].as_i64() {
                    attrs["scheduledEventId"] = json!(id - 1);
                }
            }
        }
        Break::HistoryTimeGoesBack => {
            let mut all: Vec<&mut Json> = events(body).collect();
            all.sort_by_key(|e| e["eventId"].as_i64());
            if let [first, .., last] = all.as_mut_slice() {
                if let Some(t) = first["eventTimestamp"].as_f64() {
                    last["eventTimestamp"] = json!(t - 1.0);
                }
            }
        }
        Break::EventIdSkipped if op == "GetWorkflowExecutionHistory" => {
            let latest = events(body).max_by_key(|e| e["eventId"].as_i64().unwrap_or(0));
            if let Some(e) = latest.filter(|e| e["eventId"].as_i64() > Some(1)) {
                e["eventId"] = json!(e["eventId"].as_i64().unwrap_or(0) + 1);
            }
        }
        Break::StaleOpenTimers | Break::PendingDecisionsStay | Break::EventIdSkipped => {}
        _ => return false,
    }
    true
}

/// The events of a history page or a decision task.
fn events(body: &mut Json) -> impl Iterator<Item = &mut Json> {
    body.get_mut("events")
        .and_then(Json::as_array_mut)
        .into_iter()
        .flatten()
}

/// Every timestamp of the answer moved `by` seconds (a clock a day ahead, say).
fn shift(value: &mut Json, by: f64) {
    match value {
        Json::Object(members) => {
            for (k, v) in members.iter_mut() {
                let timestamp = k.ends_with("Timestamp") || k.ends_with("Date");
                match v.as_f64() {
                    Some(t) if timestamp => *v = json!(t + by),
                    _ => shift(v, by),
                }
            }
        }
        Json::Array(items) => items.iter_mut().for_each(|v| shift(v, by)),
        _ => {}
    }
}

/// Rewrites a request of `op` as `mode` asks (the value rules of issue 28 item 2 ignored, as
/// moto 5.2.6 ignores them); true when the mode is one of these.
pub(super) fn rewrite_request(mode: Break, op: &str, body: &mut Json) -> bool {
    match mode {
        Break::ValuesUnchecked => {
            for rule in swfcheck::model::value_rules::of(op) {
                let Some(v) = body.get(rule.member).and_then(Json::as_str) else {
                    continue;
                };
                if !swfcheck::model::value_rules::keeps(rule.kind, v) {
                    body[rule.member] = json!(valid_for(rule.kind, v));
                }
            }
        }
        Break::StartIdLengthUnchecked if op == "StartWorkflowExecution" => {
            if let Some(id) = body["workflowId"].as_str() {
                // An id too long becomes one of its own within the limit: cut to 256
                // characters, len-257-multibyte's would be len-256-multibyte's, and which of
                // the two started first would decide their answers.
                let fixed: String = match id.chars().count() {
                    0 => "swfcheck-empty-id".into(),
                    n if n > 256 => {
                        use std::hash::{Hash, Hasher};
                        let mut hash = std::collections::hash_map::DefaultHasher::new();
                        id.hash(&mut hash);
                        let head: String = id.chars().take(200).collect();
                        format!("{head}-{:016x}", hash.finish())
                    }
                    _ => id.to_owned(),
                };
                body["workflowId"] = json!(fixed);
            }
        }
        Break::StartIdLengthUnchecked => {}
        _ => return false,
    }
    true
}

/// A value `kind` takes, made from `v`: its bad characters replaced, a number of seconds or
/// days in range.
fn valid_for(kind: swfcheck::model::value_rules::ValueKind, v: &str) -> String {
    use swfcheck::model::value_rules::ValueKind;
    match kind {
        ValueKind::Name { .. } => {
            // Each bad character has its own stand-in, so that two values unlike in their bad
            // character alone do not become one (a second start of one workflowId is refused
            // for another reason).
            // A leading and a trailing space have theirs too: trimmed, " x" and "x " would
            // register one domain, and which came first would decide both answers.
            let lead = if v.starts_with(char::is_whitespace) {
                "lead-"
            } else {
                ""
            };
            let trail = if v.ends_with(char::is_whitespace) {
                "-trail"
            } else {
                ""
            };
            let fixed: String = v
                .trim()
                .chars()
                .map(|c| match c {
                    ':' => "-colon-".to_owned(),
                    '/' => "-slash-".to_owned(),
                    '|' => "-bar-".to_owned(),
                    c if c.is_control() => format!("-u{:x}-", u32::from(c)),
                    c => c.to_string(),
                })
                .collect();
            let fixed = format!("{lead}{fixed}{trail}");
            match fixed.as_str() {
                "arn" | "" => "not-arn".into(),
                _ => fixed,
            }
        }
        ValueKind::Seconds { .. } => "60".into(),
        ValueKind::Days => "90".into(),
    }
}
