//! Endpoints like the ones nobody here wrote (issue 20): a proxy in front of the reference
//! endpoint that behaves as a foreign emulator was seen to (fakecloud registering a domain
//! on a wrongly typed name and refusing the same request after; an AWS emulator without
//! SWF; LocalStack's 501 for what it lacks; moto's "Invalid token" for a token it never
//! issued; moto's 500 on a signal without its optional input), each the counterpart of a
//! verdict rule of the harness.

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::{Value as Json, json};
use std::collections::BTreeSet;
use std::sync::{Arc, Mutex};

/// How the endpoint departs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Foreign {
    /// RegisterDomain with a `name` that is not a string registers "" (a 200) the first
    /// time and answers DomainAlreadyExistsFault after (fakecloud-swf 0.51.0).
    RegistersThenRefuses,
    /// Every request: `400 {"error": "Unsupported service: swf"}` (an AWS emulator without SWF).
    NotSwf,
    /// Count{Open,Closed}WorkflowExecutions answer LocalStack's 501 InternalFailure "The <op>
    /// action has not been implemented"; a decision list with a StartChildWorkflowExecution
    /// gets 501 "Cannot handle decision: StartChildWorkflowExecution".
    Unimplemented,
    /// A task token no poll handed out: `400 ValidationException "Invalid token"` (moto).
    InventedTokensRefused,
    /// SignalWorkflowExecution without its optional `input`: a 500 with an HTML body (moto).
    SignalNeedsInput,
}

struct Proxy {
    mode: Foreign,
    upstream: String,
    http: reqwest::Client,
    registered_blank: Mutex<bool>,
    issued: Mutex<BTreeSet<String>>,
}

/// A running foreign endpoint; stopped when dropped.
pub type ForeignEndpoint = super::faulty::FaultyEndpoint;

/// Starts the endpoint in `mode` in front of `upstream` on a free loopback port.
pub async fn start(mode: Foreign, upstream: String) -> ForeignEndpoint {
    let proxy = Arc::new(Proxy {
        mode,
        upstream,
        http: reqwest::Client::new(),
        registered_blank: Mutex::new(false),
        issued: Mutex::new(BTreeSet::new()),
    });
    super::faulty::serve(Router::new().fallback(handle).with_state(proxy)).await
}

fn fault(status: StatusCode, name: &str, message: &str) -> Response {
    let body = json!({"__type": name, "message": message}).to_string();
    (
        status,
        [("content-type", "application/x-amz-json-1.0")],
        body,
    )
        .into_response()
}

impl Proxy {
    /// The answer the endpoint gives instead of the reference's, if it gives one.
    fn instead(&self, op: &str, body: &Json) -> Option<Response> {
        match self.mode {
            Foreign::NotSwf => Some(
                (
                    StatusCode::BAD_REQUEST,
                    [("content-type", "application/json")],
                    r#"{"error": "Unsupported service: swf"}"#,
                )
                    .into_response(),
            ),
            Foreign::RegistersThenRefuses
                if op == "RegisterDomain" && body.get("name").is_some_and(|n| !n.is_string()) =>
            {
                let mut done = self.registered_blank.lock().unwrap();
                if *done {
                    return Some(fault(
                        StatusCode::BAD_REQUEST,
                        "DomainAlreadyExistsFault",
                        "Domain already exists: ",
                    ));
                }
                *done = true;
                Some((StatusCode::OK, "{}").into_response())
            }
            Foreign::Unimplemented
                if op.starts_with("Count") && op.ends_with("WorkflowExecutions") =>
            {
                Some(fault(
                    StatusCode::NOT_IMPLEMENTED,
                    "InternalFailure",
                    &format!("The {op} action has not been implemented"),
                ))
            }
            Foreign::Unimplemented if op == "RespondDecisionTaskCompleted" => {
                let child = body["decisions"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .any(|d| d["decisionType"] == "StartChildWorkflowExecution");
                child.then(|| {
                    fault(
                        StatusCode::NOT_IMPLEMENTED,
                        "InternalFailure",
                        "Cannot handle decision: StartChildWorkflowExecution",
                    )
                })
            }
            Foreign::InventedTokensRefused => {
                let token = body.get("taskToken").and_then(Json::as_str)?;
                let known = self.issued.lock().unwrap().contains(token);
                (!known).then(|| {
                    fault(
                        StatusCode::BAD_REQUEST,
                        "com.amazon.coral.validate#ValidationException",
                        "Invalid token",
                    )
                })
            }
            Foreign::SignalNeedsInput
                if op == "SignalWorkflowExecution" && body.get("input").is_none() =>
            {
                Some(
                    (
                        StatusCode::INTERNAL_SERVER_ERROR,
                        [("content-type", "text/html")],
                        "<!doctype html>\n<html><body><h1>Internal Server Error</h1></body></html>",
                    )
                        .into_response(),
                )
            }
            _ => None,
        }
    }

    /// Keeps the tokens polls hand out.
    fn note(&self, op: &str, answer: &[u8]) {
        if !op.starts_with("PollFor") {
            return;
        }
        let json: Json = serde_json::from_slice(answer).unwrap_or(Json::Null);
        if let Some(t) = json["taskToken"].as_str().filter(|t| !t.is_empty()) {
            self.issued.lock().unwrap().insert(t.to_owned());
        }
    }
}

async fn handle(State(proxy): State<Arc<Proxy>>, headers: HeaderMap, body: Bytes) -> Response {
    let op = headers
        .get("x-amz-target")
        .and_then(|v| v.to_str().ok())
        .and_then(|t| t.rsplit('.').next())
        .unwrap_or_default()
        .to_owned();
    let json: Json = serde_json::from_slice(&body).unwrap_or(Json::Null);
    if let Some(answer) = proxy.instead(&op, &json) {
        return answer;
    }
    let mut req = proxy.http.post(&proxy.upstream).body(body.to_vec());
    for (k, v) in &headers {
        if k != "host" && k != "content-length" {
            req = req.header(k, v);
        }
    }
    let Ok(upstream) = req.send().await else {
        return StatusCode::BAD_GATEWAY.into_response();
    };
    let status = StatusCode::from_u16(upstream.status().as_u16()).unwrap();
    let content_type = upstream
        .headers()
        .get("content-type")
        .cloned()
        .unwrap_or_else(|| "application/x-amz-json-1.0".parse().unwrap());
    let bytes = upstream.bytes().await.unwrap_or_default().to_vec();
    proxy.note(&op, &bytes);
    let mut response = (status, bytes).into_response();
    response.headers_mut().insert("content-type", content_type);
    response
        .headers_mut()
        .insert("x-amzn-RequestId", "foreign".parse().unwrap());
    response
}
