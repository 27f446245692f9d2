//! The meaning checks: what every 2xx answer's values mean, held against the request it
//! answers and what the run did, whatever the case expects of it (issue 28 item 1).
//!
//! Each kind is a predicate of its own over the 2xx answer (`Query::Output`), evaluated
//! into the departures it finds, and cites the documentation sentence or model trait it
//! rests on (`cases::meaning_checks` builds the groups and gives them to every case):
//! - [`filters`]: every element of a listing meets the request's filters;
//! - [`counts`]: a count agrees with the listing it counts, a pending-task count is 0
//!   when nothing can be pending;
//! - [`time`]: every timestamp lies in the window the run could have caused it in, a
//!   start precedes its close, a history's timestamps never go backwards;
//! - [`executions`]: closeStatus and closeTimestamp present exactly when closed, and a
//!   description agreeing with the execution's history (open counts, close status, the
//!   latest activity and execution context);
//! - [`histories`]: every whole history seen keeps the history invariants
//!   ([`crate::history`]), each at its level.
//!
//! The reads some of them need (the history of the execution a description names, the
//! listing a count counts) are made around the request by the runner and arrive here in
//! [`Around`]; a check whose read failed or was not made finds nothing (it is not the
//! check's to judge a read).

pub mod counts;
pub mod executions;
pub mod filters;
pub mod histories;
pub mod time;

use super::Observed;
use serde_json::Value as Json;
use std::time::SystemTime;

/// What the meaning checks know of the case around one request, and what was read for
/// them.
#[derive(Debug, Clone, Default)]
pub struct Around {
    /// The name every resource the case made starts with (`<prefix>-<index>`: its
    /// workflowIds, task lists and domains are that name or start with it and a `-`).
    pub case_name: Option<String>,
    /// When the case's first request went out, on the wall clock.
    pub began: Option<SystemTime>,
    /// The history of the execution the request names, read just before the request
    /// (made only for an execution the case made).
    pub history_before: Option<Result<Vec<Json>, String>>,
    /// The history of the execution the request names, read just after the answer.
    pub history_after: Option<Result<Vec<Json>, String>>,
    /// Every execution of the listing a count's request matches, read after its answer.
    pub listing: Option<Result<Vec<Json>, String>>,
    /// Whether nothing can be pending on the task list the request names: the task list
    /// is the case's own and every execution the case started was closed before the
    /// request (not continued as new) and started no child ([`counts::nothing_pending`]).
    pub nothing_pending: Option<bool>,
}

impl Around {
    /// Whether `name` is one the case made: the case's name, or its name and a `-`.
    pub fn made(&self, name: &str) -> bool {
        self.case_name.as_deref().is_some_and(|c| made_by(c, name))
    }
}

/// Whether `name` is `case_name` or starts with `case_name` and a `-` (so that case 1's
/// names are not taken for case 12's).
pub fn made_by(case_name: &str, name: &str) -> bool {
    name.strip_prefix(case_name)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with('-'))
}

/// The answer the meaning checks look at: a 2xx whose body is a JSON object, or none.
pub fn answer<'a>(a: &'a Observed<'_>) -> Option<&'a Json> {
    ((200..300).contains(&a.received.status) && a.body.is_object()).then_some(a.body)
}

/// A JSON number (or a numeric string, as some endpoints write timestamps) as seconds.
pub fn seconds(v: &Json) -> Option<f64> {
    match v {
        Json::Number(n) => n.as_f64(),
        Json::String(s) => s.parse().ok(),
        _ => None,
    }
}

/// The elements of the array at `key` of `body` (none when it is not one).
pub fn items<'a>(body: &'a Json, key: &str) -> &'a [Json] {
    body.get(key)
        .and_then(Json::as_array)
        .map_or(&[], Vec::as_slice)
}

/// The event type of a history event, `""` when it has none.
pub fn event_type(e: &Json) -> &str {
    e["eventType"].as_str().unwrap_or_default()
}

/// The event types that close an execution, and the close status each stands for.
pub const CLOSING: [(&str, &str); 6] = [
    ("WorkflowExecutionCompleted", "COMPLETED"),
    ("WorkflowExecutionFailed", "FAILED"),
    ("WorkflowExecutionCanceled", "CANCELED"),
    ("WorkflowExecutionTerminated", "TERMINATED"),
    ("WorkflowExecutionTimedOut", "TIMED_OUT"),
    ("WorkflowExecutionContinuedAsNew", "CONTINUED_AS_NEW"),
];

/// The close status the closing event `e` stands for, if it closes the execution.
pub fn closes(e: &Json) -> Option<&'static str> {
    let t = event_type(e);
    CLOSING.iter().find(|(c, _)| *c == t).map(|(_, s)| *s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_case_made_what_starts_with_its_name_and_a_dash() {
        assert!(made_by("swfcheck-ab-1", "swfcheck-ab-1"));
        assert!(made_by("swfcheck-ab-1", "swfcheck-ab-1-d"));
        assert!(!made_by("swfcheck-ab-1", "swfcheck-ab-12"));
        assert!(!made_by("swfcheck-ab-1", "other"));
        let around = Around::default();
        assert!(!around.made("swfcheck-ab-1"), "no case, nothing made");
    }

    #[test]
    fn seconds_are_numbers_or_numeric_strings() {
        assert_eq!(seconds(&serde_json::json!(1.5)), Some(1.5));
        assert_eq!(seconds(&serde_json::json!("2")), Some(2.0));
        assert_eq!(seconds(&serde_json::json!(true)), None);
    }
}
