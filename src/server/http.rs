//! HTTP: headers and body in, the wire's verdict or the state's answer out.

use super::admin;
use super::log::{self, RequestLog};
use super::state::Store;
use crate::wire::{self, Fault, FaultKind};
use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::{DefaultBodyLimit, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri, header};
use axum::response::Response;
use axum::routing::any;
use std::sync::Arc;

/// Bodies above this are refused with a 413 and a JSON fault.
pub const MAX_BODY: usize = 1024 * 1024;

pub(super) fn router(store: Arc<Store>, log: Option<Arc<RequestLog>>) -> Router {
    // The admin interface (src/server/admin.rs) lives under /_swfcheck, where no SWF
    // request goes (the SWF API is `POST /` only); the log (log.rs) wraps both.
    let router = Router::new()
        .route(admin::PREFIX, any(admin::handle))
        .route(&format!("{}/", admin::PREFIX), any(admin::handle))
        .route(&format!("{}/{{*rest}}", admin::PREFIX), any(admin::handle))
        .fallback(handle)
        .layer(DefaultBodyLimit::max(MAX_BODY))
        .with_state(store);
    match log {
        Some(log) => router.layer(axum::middleware::from_fn_with_state(log, log::record)),
        None => router,
    }
}

pub(super) fn content_type_of(headers: &HeaderMap) -> &'static str {
    let ct = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let media = ct
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    match media.as_str() {
        "application/json" => "application/json",
        "application/x-amz-json-1.1" => "application/x-amz-json-1.1",
        _ => "application/x-amz-json-1.0",
    }
}

pub(super) fn respond(status: StatusCode, content_type: &'static str, body: Vec<u8>) -> Response {
    let request_id = uuid::Uuid::new_v4().to_string();
    let mut resp = Response::new(Body::from(body));
    *resp.status_mut() = status;
    let h = resp.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    if let Ok(v) = HeaderValue::from_str(&request_id) {
        h.insert("x-amzn-RequestId", v);
    }
    resp
}

fn fault_response(fault: &Fault, content_type: &'static str) -> Response {
    let status = StatusCode::from_u16(fault.status()).unwrap_or(StatusCode::BAD_REQUEST);
    respond(status, content_type, fault.to_body())
}

async fn handle(
    State(store): State<Arc<Store>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Result<Bytes, axum::extract::rejection::BytesRejection>,
) -> Response {
    let ct = content_type_of(&headers);
    let body = match body {
        Ok(b) => b,
        Err(e) => {
            let fault = Fault::new(
                FaultKind::Serialization,
                format!("Cannot read the request body: {e}"),
            );
            let status = if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
                e.status()
            } else {
                StatusCode::BAD_REQUEST
            };
            return respond(status, ct, fault.to_body());
        }
    };
    if method != Method::POST || uri.path() != "/" {
        let fault = Fault::new(
            FaultKind::UnknownOperation,
            format!(
                "{method} {} is not an SWF operation: send POST / with X-Amz-Target",
                uri.path()
            ),
        );
        return respond(StatusCode::NOT_FOUND, ct, fault.to_body());
    }
    if store.config().require_auth && !headers.contains_key(header::AUTHORIZATION) {
        let fault = Fault::new(
            FaultKind::MissingAuthenticationToken,
            "Request is missing Authentication Token",
        );
        return fault_response(&fault, ct);
    }
    let target = headers.get("x-amz-target").and_then(|v| v.to_str().ok());
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok());
    let request = match wire::parse_request(target, content_type, &body) {
        Ok(r) => r,
        Err(fault) => return fault_response(&fault, ct),
    };
    let mut resp = match store.handle(&request).await {
        Ok(None) => respond(StatusCode::OK, ct, Vec::new()),
        Ok(Some(json)) => respond(
            StatusCode::OK,
            ct,
            serde_json::to_vec(&json).unwrap_or_default(),
        ),
        Err(fault) => fault_response(&fault, ct),
    };
    close_after_poll(request.name(), &mut resp);
    resp
}

/// The answer to a long poll closes its connection (`Connection: close`, which hyper
/// honours by closing once the answer is written); every other answer keeps it alive.
/// A client that forks per task (simpleflow: the child inherits the parent's pooled
/// connection, on which the parent has already sent its next poll) would otherwise queue
/// its answer behind a poll that waits up to a minute, and read the poll's answer.
fn close_after_poll(operation: &str, resp: &mut Response) {
    if matches!(operation, "PollForDecisionTask" | "PollForActivityTask") {
        resp.headers_mut()
            .insert(header::CONNECTION, HeaderValue::from_static("close"));
    }
}
