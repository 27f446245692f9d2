//! The faulty proxy's modes for activity tasks and decision failures (branch `tasks`):
//! the activity task tokens it saw, and the rewriting of decisions' `...Failed` events.

use super::{Break, Proxy};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::{Value as Json, json};

/// Activity task tokens the proxy saw.
#[derive(Default)]
pub(super) struct ActivityTokens {
    issued: std::collections::HashSet<String>,
    used: std::collections::HashSet<String>,
}

impl Proxy {
    /// UsedTokenAccepted: a 200 for an answer or a heartbeat whose task an earlier answer
    /// closed.
    pub(super) fn answer_for_token(&self, op: &str, token: &str) -> Option<Response> {
        let heartbeat = op == "RecordActivityTaskHeartbeat";
        if self.mode != Break::UsedTokenAccepted
            || !(heartbeat || op.starts_with("RespondActivityTask"))
        {
            return None;
        }
        if !self.tokens.lock().ok()?.used.contains(token) {
            return None;
        }
        let body = if heartbeat {
            r#"{"cancelRequested":false}"#
        } else {
            ""
        };
        Some((StatusCode::OK, [("x-amzn-RequestId", "reused")], body).into_response())
    }

    /// ActivityFailedAsCompleted applies to a failure answered with a token a poll handed out
    /// (requests with made-up tokens, the generated cases', go through unchanged).
    pub(super) fn failed_as_completed(&self, op: &str, token: &str) -> bool {
        self.mode == Break::ActivityFailedAsCompleted
            && op == "RespondActivityTaskFailed"
            && self.issued(token)
    }

    /// HeartbeatDetailsDropped and ActivityResultDropped: the request keeps only its token
    /// (with a token a poll handed out: made-up tokens go through unchanged).
    pub(super) fn strip_to_token(&self, op: &str, token: &str) -> bool {
        let stripped = match self.mode {
            Break::HeartbeatDetailsDropped => "RecordActivityTaskHeartbeat",
            Break::ActivityResultDropped => "RespondActivityTaskCompleted",
            _ => return false,
        };
        op == stripped && self.issued(token)
    }

    fn issued(&self, token: &str) -> bool {
        self.tokens.lock().is_ok_and(|t| t.issued.contains(token))
    }

    /// Keeps the tokens polls hand out and those whose task an answer closed.
    pub(super) fn note_tokens(&self, op: &str, status: StatusCode, token: &str, answer: &[u8]) {
        let Ok(mut tokens) = self.tokens.lock() else {
            return;
        };
        if status != StatusCode::OK {
            return;
        }
        if op == "PollForActivityTask" {
            let json: Json = serde_json::from_slice(answer).unwrap_or(Json::Null);
            if let Some(t) = json["taskToken"].as_str().filter(|t| !t.is_empty()) {
                tokens.issued.insert(t.to_owned());
            }
        } else if op.starts_with("RespondActivityTask") {
            tokens.used.insert(token.to_owned());
        }
    }
}

/// The `...Failed` event types of decisions (`<DecisionType>Failed`), from the model.
fn decision_failed_events() -> Vec<String> {
    let model = swfcheck::model::swf();
    let decisions = model
        .operation("RespondDecisionTaskCompleted")
        .and_then(|op| op.input.member("decisions"))
        .and_then(|m| m.shape.member.as_deref())
        .and_then(|d| d.member("decisionType"))
        .and_then(|t| t.shape.enum_values.clone())
        .unwrap_or_default();
    decisions.iter().map(|d| format!("{d}Failed")).collect()
}

/// Another value of the enum of `event_type`'s `cause` member, from the model.
fn other_cause(event_type: &str, cause: &str) -> Option<String> {
    let model = swfcheck::model::swf();
    let event = model
        .operation("GetWorkflowExecutionHistory")?
        .output
        .as_ref()?
        .member("events")?
        .shape
        .member
        .as_deref()?;
    let key = swfcheck::model::event_attributes_key(event_type);
    let values = event
        .member(&key)?
        .shape
        .member("cause")?
        .shape
        .enum_values
        .clone()?;
    values.into_iter().find(|v| v != cause)
}

/// WrongFailedCause, NoDecisionTaskAfterFailedDecision and DuplicateActivityCompleted on a
/// history page.
pub(super) fn rewrite_history_page(mode: Break, body: &mut Json) {
    let Some(events) = body.get_mut("events").and_then(Json::as_array_mut) else {
        return;
    };
    if mode == Break::DuplicateActivityCompleted {
        let mut doubled = Vec::with_capacity(events.len() + 1);
        for e in events.drain(..) {
            if e["eventType"] == "ActivityTaskCompleted" {
                doubled.push(e.clone());
            }
            doubled.push(e);
        }
        *events = doubled;
        return;
    }
    let failed = decision_failed_events();
    let is_failed = |e: &Json| failed.iter().any(|f| e["eventType"] == *f);
    if mode == Break::WrongFailedCause {
        for e in events.iter_mut().filter(|e| is_failed(e)) {
            let t = e["eventType"].as_str().unwrap_or_default().to_owned();
            let key = swfcheck::model::event_attributes_key(&t);
            let cause = e[&key]["cause"].as_str().unwrap_or_default().to_owned();
            if let Some(other) = other_cause(&t, &cause) {
                e[&key]["cause"] = json!(other);
            }
        }
        return;
    }
    let mut keep = Vec::with_capacity(events.len());
    let mut after_failed = false;
    for e in events.drain(..) {
        let failed_here = is_failed(&e);
        if !(after_failed && e["eventType"] == "DecisionTaskScheduled") {
            keep.push(e);
        }
        after_failed = failed_here;
    }
    *events = keep;
}
