//! The request log of `swfcheck serve -v` and `--log FILE`: one entry per request (SWF
//! operations and the admin paths alike), written as a line on stderr and/or as a JSON line
//! in a file.
//!
//! A line: time, operation, status, fault (if any), duration, and what the request concerns
//! (domain, workflowId, task list, the first characters of a task token):
//!
//! ```text
//! 2026-12-02T05:10:00.123Z PollForDecisionTask 200 12.3ms domain=d taskList=tl
//! ```
//!
//! A JSON line carries the same members, and the request and response bodies. Headers are
//! never logged (no Authorization, signature or key reaches the log), and every `taskToken`
//! is cut to its first [`TOKEN_PREFIX`] characters, in the bodies too.

use super::http::{MAX_BODY, content_type_of, respond};
use crate::wire::{Fault, FaultKind};
use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderMap, StatusCode};
use axum::middleware::Next;
use axum::response::Response;
use serde_json::{Value as Json, json};
use std::fs::File;
use std::io::Write;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::{Instant, SystemTime};

/// How many characters of a task token the log keeps.
pub const TOKEN_PREFIX: usize = 8;

/// Where the log goes.
#[derive(Debug, Clone, Default)]
pub struct LogConfig {
    /// One line per request on stderr.
    pub verbose: bool,
    /// One JSON line per request, with the bodies, in this file (created or truncated).
    pub file: Option<PathBuf>,
}

impl LogConfig {
    /// Whether anything is logged.
    pub fn enabled(&self) -> bool {
        self.verbose || self.file.is_some()
    }
}

/// The open request log.
pub struct RequestLog {
    verbose: bool,
    file: Option<Mutex<File>>,
}

/// One request and its answer, as the log writes them.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// When the request came in (RFC 3339, milliseconds, UTC).
    pub time: String,
    /// The operation, or `METHOD /path` for anything that is not an SWF request.
    pub operation: String,
    /// The answer's HTTP status.
    pub status: u16,
    /// The fault's name (`UnknownResourceFault`) or the admin error's, if any.
    pub fault: Option<String>,
    /// How long the answer took, in milliseconds.
    pub ms: f64,
    /// What the request concerns: (member, value), a token cut short.
    pub concerns: Vec<(&'static str, String)>,
    /// The request body (JSON, or the text; tokens cut short).
    pub request: Json,
    /// The response body (likewise).
    pub response: Json,
}

impl RequestLog {
    /// Opens the log `config` describes (creating or truncating its file).
    pub fn open(config: &LogConfig) -> std::io::Result<RequestLog> {
        let file = match &config.file {
            Some(path) => Some(Mutex::new(File::create(path)?)),
            None => None,
        };
        Ok(RequestLog {
            verbose: config.verbose,
            file,
        })
    }

    /// Writes `entry` where the log goes (a write that fails is dropped: the answer
    /// matters more than its log line).
    pub fn write(&self, entry: &Entry) {
        if self.verbose {
            eprintln!("{}", entry.line());
        }
        if let Some(file) = &self.file {
            let mut file = file.lock().unwrap_or_else(|p| p.into_inner());
            let _ = writeln!(file, "{}", entry.to_json());
            let _ = file.flush();
        }
    }
}

impl Entry {
    /// The line of `-v`.
    pub fn line(&self) -> String {
        let mut line = format!("{} {} {}", self.time, self.operation, self.status);
        if let Some(fault) = &self.fault {
            line.push(' ');
            line.push_str(fault);
        }
        line.push_str(&format!(" {:.1}ms", self.ms));
        for (member, value) in &self.concerns {
            line.push_str(&format!(" {member}={value}"));
        }
        line
    }

    /// The JSON line of `--log`.
    pub fn to_json(&self) -> Json {
        let concerns: serde_json::Map<String, Json> = self
            .concerns
            .iter()
            .map(|(k, v)| ((*k).to_owned(), json!(v)))
            .collect();
        json!({
            "time": self.time,
            "operation": self.operation,
            "status": self.status,
            "fault": self.fault,
            "ms": (self.ms * 10.0).round() / 10.0,
            "concerns": concerns,
            "request": self.request,
            "response": self.response,
        })
    }
}

/// A token's first characters, marked as cut.
pub fn short_token(token: &str) -> String {
    let prefix: String = token.chars().take(TOKEN_PREFIX).collect();
    if prefix.len() < token.len() {
        format!("{prefix}…")
    } else {
        prefix
    }
}

/// The operation a request names: its X-Amz-Target's operation for `POST /`, else
/// `METHOD /path`.
fn operation_of(method: &str, path: &str, headers: &HeaderMap) -> String {
    let target = headers.get("x-amz-target").and_then(|v| v.to_str().ok());
    match target {
        Some(t) if path == "/" && method == "POST" => {
            t.rsplit_once('.').map_or(t, |(_, op)| op).to_owned()
        }
        _ => format!("{method} {path}"),
    }
}

/// What a request body concerns, in the order a reader looks for it.
fn concerns_of(operation: &str, body: &Json) -> Vec<(&'static str, String)> {
    let at = |path: &[&str]| -> Option<String> {
        let v = path.iter().try_fold(body, |v, k| v.get(*k))?;
        v.as_str().map(str::to_owned)
    };
    let domain = at(&["domain"]).or_else(|| {
        operation
            .ends_with("Domain")
            .then(|| at(&["name"]))
            .flatten()
    });
    let workflow_id = at(&["workflowId"]).or_else(|| at(&["execution", "workflowId"]));
    let found = [
        ("domain", domain),
        ("workflowId", workflow_id),
        ("taskList", at(&["taskList", "name"])),
        ("taskToken", at(&["taskToken"]).map(|t| short_token(&t))),
    ];
    found
        .into_iter()
        .filter_map(|(k, v)| v.map(|v| (k, v)))
        .collect()
}

/// A body as the log keeps it: JSON with every `taskToken` cut short, or the text.
fn body_of(bytes: &[u8]) -> Json {
    if bytes.is_empty() {
        return Json::Null;
    }
    match serde_json::from_slice::<Json>(bytes) {
        Ok(mut json) => {
            shorten_tokens(&mut json);
            json
        }
        Err(_) => json!(String::from_utf8_lossy(bytes)),
    }
}

fn shorten_tokens(value: &mut Json) {
    match value {
        Json::Object(members) => {
            for (k, v) in members.iter_mut() {
                match v {
                    Json::String(s) if k == "taskToken" => *s = short_token(s),
                    _ => shorten_tokens(v),
                }
            }
        }
        Json::Array(items) => items.iter_mut().for_each(shorten_tokens),
        _ => {}
    }
}

/// The fault's name of an SWF answer, or the `error` of an admin answer.
fn fault_of(status: StatusCode, response: &Json) -> Option<String> {
    if status.is_success() {
        return None;
    }
    let name = response
        .get("__type")
        .or_else(|| response.get("error"))
        .and_then(Json::as_str)?;
    Some(name.rsplit('#').next().unwrap_or(name).to_owned())
}

/// The middleware: reads the request body (to [`MAX_BODY`]), lets the endpoint answer,
/// and logs the exchange.
pub(super) async fn record(
    State(log): State<Arc<RequestLog>>,
    req: Request,
    next: Next,
) -> Response {
    let started = Instant::now();
    let time = humantime::format_rfc3339_millis(SystemTime::now()).to_string();
    let (parts, body) = req.into_parts();
    let operation = operation_of(parts.method.as_str(), parts.uri.path(), &parts.headers);
    let response = match axum::body::to_bytes(body, MAX_BODY).await {
        Ok(bytes) => {
            let request = body_of(&bytes);
            let req = Request::from_parts(parts, Body::from(bytes));
            (request, next.run(req).await)
        }
        Err(e) => {
            let fault = Fault::new(
                FaultKind::Serialization,
                format!("Cannot read the request body: {e}"),
            );
            let ct = content_type_of(&parts.headers);
            let status = StatusCode::PAYLOAD_TOO_LARGE;
            (Json::Null, respond(status, ct, fault.to_body()))
        }
    };
    let (request, response) = response;
    let (resp_parts, resp_body) = response.into_parts();
    let bytes = axum::body::to_bytes(resp_body, usize::MAX)
        .await
        .unwrap_or_else(|_| Bytes::new());
    let response_json = body_of(&bytes);
    let entry = Entry {
        time,
        concerns: concerns_of(&operation, &request),
        operation,
        status: resp_parts.status.as_u16(),
        fault: fault_of(resp_parts.status, &response_json),
        ms: started.elapsed().as_secs_f64() * 1000.0,
        request,
        response: response_json,
    };
    log.write(&entry);
    Response::from_parts(resp_parts, Body::from(bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_says_what_the_request_concerns_and_cuts_tokens_short() {
        let token = "0123456789abcdef0123456789abcdef";
        let body = json!({"taskToken": token, "decisions": []});
        let entry = Entry {
            time: "2026-12-02T05:10:00.123Z".into(),
            operation: "RespondDecisionTaskCompleted".into(),
            status: 400,
            fault: fault_of(
                StatusCode::BAD_REQUEST,
                &json!({"__type": "com.amazonaws.swf.base.model#UnknownResourceFault"}),
            ),
            ms: 0.42,
            concerns: concerns_of("RespondDecisionTaskCompleted", &body),
            request: body_of(body.to_string().as_bytes()),
            response: Json::Null,
        };
        assert_eq!(
            entry.line(),
            "2026-12-02T05:10:00.123Z RespondDecisionTaskCompleted 400 UnknownResourceFault 0.4ms taskToken=01234567…"
        );
        assert_eq!(entry.to_json()["request"]["taskToken"], "01234567…");
        assert!(!entry.to_json().to_string().contains(token));
    }

    #[test]
    fn concerns_are_found_where_each_operation_puts_them() {
        let c = concerns_of(
            "GetWorkflowExecutionHistory",
            &json!({"domain": "d", "execution": {"workflowId": "w", "runId": "r"}}),
        );
        assert_eq!(c, [("domain", "d".into()), ("workflowId", "w".into())]);
        let c = concerns_of("RegisterDomain", &json!({"name": "d"}));
        assert_eq!(c, [("domain", "d".into())]);
        let c = concerns_of(
            "PollForActivityTask",
            &json!({"domain": "d", "taskList": {"name": "l"}}),
        );
        assert_eq!(c, [("domain", "d".into()), ("taskList", "l".into())]);
        assert_eq!(
            operation_of("GET", "/_swfcheck/dump", &HeaderMap::new()),
            "GET /_swfcheck/dump"
        );
    }
}
