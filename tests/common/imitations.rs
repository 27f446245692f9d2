//! Two more faulty endpoints, beside `faulty.rs`'s one-behaviour breaks: an endpoint that
//! behaves like a young emulator (moto 5.2.1's kinds of bugs, a few at once), and a flaky one.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::Value as Json;
use std::sync::atomic::{AtomicU64, Ordering};

/// The HTML page a Python web server answers a crash with.
pub const CRASH_PAGE: &str = "<!doctype html><html><head><title>500 Internal Server Error</title></head>\
    <body><h1>Internal Server Error</h1></body></html>";

/// A 500 with an HTML body.
pub fn crash() -> Response {
    (
        StatusCode::INTERNAL_SERVER_ERROR,
        [("content-type", "text/html; charset=utf-8")],
        CRASH_PAGE,
    )
        .into_response()
}

/// Moto-like, before the request reaches the reference endpoint: `CountOpenWorkflowExecutions`
/// is not implemented (a 500 with an HTML page for every request), and a request that lacks a
/// required member, or has it `null`, crashes (500, HTML), as a `KeyError` would.
pub fn moto_like_request(op: &str, body: &[u8]) -> Option<Response> {
    if op == "CountOpenWorkflowExecutions" {
        return Some(crash());
    }
    let json: Json = serde_json::from_slice(body).ok()?;
    let operation = swfcheck::model::swf().operation(op)?;
    let lacks = operation
        .input
        .members
        .iter()
        .filter(|m| m.required)
        .any(|m| json.get(&m.name).is_none_or(Json::is_null));
    lacks.then(crash)
}

/// Moto-like, on the way back: no length validation, so a ValidationException about a
/// length becomes a 200 with an empty JSON object.
pub fn moto_like_answer(status: &mut StatusCode, body: &mut Vec<u8>) {
    let Ok(json) = serde_json::from_slice::<Json>(body) else {
        return;
    };
    let t = json["__type"].as_str().unwrap_or_default();
    let message = json["message"].as_str().unwrap_or_default();
    if t.ends_with("#ValidationException") && message.contains("Member must have length") {
        *status = StatusCode::OK;
        *body = b"{}".to_vec();
    }
}

/// One request to `operation` in `n` (counted from a random start) is a 500 with an HTML
/// body; the others pass through. Two requests in a row never both fail (n >= 2), so a case
/// that sends one such request passes when run again.
pub struct OneIn {
    /// The operation whose requests may fail.
    pub operation: &'static str,
    /// One in how many.
    pub n: u64,
    seen: AtomicU64,
}

impl OneIn {
    /// Starts counting at a random offset.
    pub fn new(operation: &'static str, n: u64) -> Self {
        let start = u64::from(uuid::Uuid::new_v4().as_fields().0) % n;
        OneIn {
            operation,
            n,
            seen: AtomicU64::new(start),
        }
    }

    /// A crash for this request, or `None` to let it through.
    pub fn answer(&self, op: &str) -> Option<Response> {
        if op != self.operation {
            return None;
        }
        let i = self.seen.fetch_add(1, Ordering::Relaxed);
        (i % self.n == self.n - 1).then(crash)
    }
}
