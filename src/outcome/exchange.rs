//! One exchange with the endpoint: the request as it goes on the wire, what was
//! actually sent (after signing), and what came back or why nothing did. Every stage
//! above (the runner that sends, the checks that judge, the reports that show) holds
//! exchanges in these types.

use crate::wire::fault::fault_name_of;
use serde_json::Value as Json;
use std::time::{Duration, SystemTime};

/// The content type of AWS JSON 1.0 requests.
pub const JSON_1_0: &str = "application/x-amz-json-1.0";

/// A request as it goes on the wire.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outgoing {
    /// Header name/value pairs, before signing.
    pub headers: Vec<(String, String)>,
    /// The body bytes.
    pub body: Vec<u8>,
    /// Whether to sign it.
    pub signed: bool,
}

impl Outgoing {
    /// A normal request for `operation` with a JSON body.
    pub fn operation(target_prefix: &str, operation: &str, body: Vec<u8>) -> Self {
        Outgoing {
            headers: vec![
                ("Content-Type".into(), JSON_1_0.into()),
                (
                    "X-Amz-Target".into(),
                    format!("{target_prefix}.{operation}"),
                ),
            ],
            body,
            signed: true,
        }
    }
}

/// What was actually sent (after signing).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sent {
    /// The URL.
    pub url: String,
    /// Every header sent, including the signature headers.
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: Vec<u8>,
    /// The wall clock just before it was sent: with [`Received::elapsed`], the window in
    /// which whatever the request caused happened (the meaning checks' time window).
    pub at: SystemTime,
}

impl Sent {
    /// The window of the exchange on the wall clock: from just before the request went out
    /// to the end of the answer (`elapsed` after it).
    pub fn window(&self, elapsed: Duration) -> (SystemTime, SystemTime) {
        (self.at, self.at + elapsed)
    }
}

/// What came back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Received {
    /// HTTP status.
    pub status: u16,
    /// Response headers (names lower-case).
    pub headers: Vec<(String, String)>,
    /// The body, up to the client's cap (`run::client::BODY_CAP`) bytes.
    pub body: Vec<u8>,
    /// The body's full length when it was longer than the cap.
    pub truncated_from: Option<usize>,
    /// Time from send to the end of the body.
    pub elapsed: Duration,
}

impl Received {
    /// The first value of a header (name compared case-insensitively).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The body as JSON, if it is.
    pub fn json(&self) -> Option<serde_json::Value> {
        serde_json::from_slice(&self.body).ok()
    }
}

/// A request that got no HTTP answer.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TransportError {
    /// No answer within the timeout.
    #[error("no answer within {0:?}")]
    Timeout(Duration),
    /// The connection could not be made.
    #[error("cannot connect: {0}")]
    Connect(String),
    /// Anything else the HTTP stack reported (reset, malformed response, redirect loop...).
    #[error("{0}")]
    Other(String),
    /// The request could not be signed.
    #[error("cannot sign the request: {0}")]
    Signing(String),
}

/// One request and its outcome.
#[derive(Debug, Clone)]
pub struct Exchange {
    /// What was sent.
    pub sent: Sent,
    /// What came back, or why nothing did.
    pub outcome: Result<Received, TransportError>,
}

/// The fault name and message of a JSON error body, if it has a `__type`.
pub fn fault_of(body: &Json) -> Option<(String, String, String)> {
    let t = body.get("__type")?.as_str()?;
    let namespace = t
        .rsplit_once('#')
        .map(|(ns, _)| ns)
        .unwrap_or("")
        .to_owned();
    let message = body
        .get("message")
        .or_else(|| body.get("Message"))
        .and_then(Json::as_str)
        .unwrap_or("")
        .to_owned();
    Some((fault_name_of(t).to_owned(), namespace, message))
}

/// The media type of a Content-Type value, lower-case, without parameters.
pub fn media_type(ct: &str) -> String {
    ct.split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase()
}

/// Why an answer is not an answer at all, if it is not.
pub fn broken(r: &Received) -> Option<String> {
    broken_given(r, r.json().is_some())
}

/// [`broken`], when the caller already knows whether the body is JSON.
pub fn broken_given(r: &Received, is_json: bool) -> Option<String> {
    if r.status >= 500 {
        return Some(format!(
            "HTTP {} (a 5xx is never a documented answer)",
            r.status
        ));
    }
    let blank = r.body.iter().all(u8::is_ascii_whitespace);
    if !blank && !is_json {
        let text = String::from_utf8_lossy(&r.body[..r.body.len().min(200)]).into_owned();
        if super::evidence::is_html(&text) {
            return Some(format!("HTTP {} with an HTML body, not JSON", r.status));
        }
        let start: String = text.chars().take(60).collect();
        return Some(format!(
            "HTTP {} with a body that is not JSON: {start:?}",
            r.status
        ));
    }
    None
}

/// What an answer says the endpoint does not implement: the operation `operation` (an
/// UnknownOperationException, a 501, a message saying it is not implemented), or a
/// decision type (`"Cannot handle decision: X"`: `RespondDecisionTaskCompleted X`).
/// None of these is a documented answer; each means "not implemented" (SWF-WIRE.md §10).
pub fn not_implemented(operation: &str, r: &Received) -> Option<String> {
    let body = r.json().unwrap_or(Json::Null);
    let (name, message) = match fault_of(&body) {
        Some((name, _, message)) => (name, message),
        None => (String::new(), String::from_utf8_lossy(&r.body).into_owned()),
    };
    let lower = message.to_ascii_lowercase();
    if let Some(rest) = message.split("Cannot handle decision: ").nth(1) {
        let decision: String = rest
            .chars()
            .take_while(char::is_ascii_alphanumeric)
            .collect();
        return Some(format!("{operation} {decision}"));
    }
    let says = lower.contains("not been implemented")
        || lower.contains("not implemented")
        || lower.contains("notimplementederror");
    let unknown = name == "UnknownOperationException";
    (unknown || r.status == 501 || (r.status >= 400 && says)).then(|| operation.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(status: u16, body: &str) -> Received {
        Received {
            status,
            headers: Vec::new(),
            body: body.as_bytes().to_vec(),
            truncated_from: None,
            elapsed: Duration::ZERO,
        }
    }

    #[test]
    fn what_an_endpoint_says_it_does_not_implement() {
        let localstack = answer(
            501,
            r#"{"__type": "InternalFailure", "message": "The CountOpenWorkflowExecutions action has not been implemented"}"#,
        );
        assert_eq!(
            not_implemented("CountOpenWorkflowExecutions", &localstack).as_deref(),
            Some("CountOpenWorkflowExecutions")
        );
        let decision = answer(
            501,
            r#"{"__type": "InternalFailure", "message": "Cannot handle decision: StartChildWorkflowExecution"}"#,
        );
        assert_eq!(
            not_implemented("RespondDecisionTaskCompleted", &decision).as_deref(),
            Some("RespondDecisionTaskCompleted StartChildWorkflowExecution")
        );
        let unknown = answer(
            400,
            r#"{"__type": "com.amazon.coral.service#UnknownOperationException", "message": "x"}"#,
        );
        assert!(not_implemented("ListDomains", &unknown).is_some());
        let html = answer(500, "<html><body>Internal Server Error</body></html>");
        assert_eq!(
            not_implemented("ListDomains", &html),
            None,
            "a 500 says nothing"
        );
        let fault = answer(
            400,
            r#"{"__type": "com.amazonaws.swf.base.model#UnknownResourceFault", "message": "Unknown domain: d"}"#,
        );
        assert_eq!(not_implemented("ListDomains", &fault), None);
    }
}
