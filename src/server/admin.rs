//! The admin interface of `swfcheck serve`, outside the SWF API (which is `POST /` only):
//!
//! | method and path | what it does |
//! |---|---|
//! | `GET /_swfcheck/clock` | the engine's clock: `{"clock": "manual"\|"real", "now", "time"}` |
//! | `POST /_swfcheck/clock/advance` | moves a manual clock forward, `{"seconds": N}` or `{"duration": "1h30m"}`; what falls due fires before the answer |
//! | `POST /_swfcheck/reset` | forgets every domain, type, execution and task; waiting polls answer the empty task |
//! | `GET /_swfcheck/dump` | the state as JSON ([`super::dump`]) |
//!
//! Only loopback peers are answered; anyone else gets 403 and nothing changes. Every refusal
//! is a 4xx with `{"error": <kind>, "message": <what to do>}` and changes nothing.

use super::dump;
use super::state::Store;
use super::state::clock::Clock;
use axum::body::{Body, Bytes};
use axum::extract::rejection::BytesRejection;
use axum::extract::{ConnectInfo, State};
use axum::http::{HeaderValue, Method, StatusCode, Uri, header};
use axum::response::Response;
use serde_json::{Value as Json, json};
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::time::{Duration, UNIX_EPOCH};

/// The prefix of every admin path.
pub const PREFIX: &str = "/_swfcheck";

/// The admin paths, with the method each answers.
pub const PATHS: [(&str, &str); 4] = [
    ("GET", "/_swfcheck/clock"),
    ("POST", "/_swfcheck/clock/advance"),
    ("POST", "/_swfcheck/reset"),
    ("GET", "/_swfcheck/dump"),
];

/// Why an admin request was refused.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum AdminError {
    /// The peer is not on the loopback interface.
    #[error("the admin interface answers loopback peers only, not {peer}")]
    NotLoopback {
        /// The peer's address.
        peer: IpAddr,
    },
    /// No admin path of that name.
    #[error(
        "{path} is not an admin path (hint: GET /_swfcheck/clock, POST /_swfcheck/clock/advance, POST /_swfcheck/reset, GET /_swfcheck/dump)"
    )]
    UnknownPath {
        /// The path asked for.
        path: String,
    },
    /// The path exists, with another method.
    #[error("{path} answers {allowed}, not {method}")]
    WrongMethod {
        /// The method used.
        method: String,
        /// The path.
        path: String,
        /// The method it answers.
        allowed: &'static str,
    },
    /// The body is not what the path takes.
    #[error("{reason} (hint: {{\"seconds\": 3600}} or {{\"duration\": \"1h30m\"}})")]
    BadBody {
        /// What is wrong with it.
        reason: String,
    },
    /// The clock is the system's: only a manual one moves.
    #[error(
        "the clock is the system's and cannot be advanced (hint: start `swfcheck serve --clock manual`)"
    )]
    RealClock,
}

impl AdminError {
    /// The HTTP status it is answered with.
    pub fn status(&self) -> StatusCode {
        match self {
            AdminError::NotLoopback { .. } => StatusCode::FORBIDDEN,
            AdminError::UnknownPath { .. } => StatusCode::NOT_FOUND,
            AdminError::WrongMethod { .. } => StatusCode::METHOD_NOT_ALLOWED,
            AdminError::BadBody { .. } => StatusCode::BAD_REQUEST,
            AdminError::RealClock => StatusCode::CONFLICT,
        }
    }

    /// The `error` member of its answer.
    pub fn kind(&self) -> &'static str {
        match self {
            AdminError::NotLoopback { .. } => "Forbidden",
            AdminError::UnknownPath { .. } => "UnknownPath",
            AdminError::WrongMethod { .. } => "MethodNotAllowed",
            AdminError::BadBody { .. } => "BadRequest",
            AdminError::RealClock => "RealClock",
        }
    }
}

fn answer(status: StatusCode, body: &Json) -> Response {
    let mut resp = Response::new(Body::from(body.to_string()));
    *resp.status_mut() = status;
    resp.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    resp
}

fn refusal(e: &AdminError) -> Response {
    let mut resp = answer(
        e.status(),
        &json!({"error": e.kind(), "message": e.to_string()}),
    );
    if let AdminError::WrongMethod { allowed, .. } = e {
        resp.headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static(allowed));
    }
    resp
}

/// The handler of every path under [`PREFIX`].
pub(super) async fn handle(
    State(store): State<Arc<Store>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    method: Method,
    uri: Uri,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let body = match body {
        Ok(b) => b,
        Err(e) => {
            let reason = format!("cannot read the body: {e}");
            return refusal(&AdminError::BadBody { reason });
        }
    };
    match serve(&store, peer.ip(), &method, uri.path(), &body) {
        Ok(json) => answer(StatusCode::OK, &json),
        Err(e) => refusal(&e),
    }
}

/// Answers an admin request from `peer`: the JSON of a 200, or why not.
pub fn serve(
    store: &Store,
    peer: IpAddr,
    method: &Method,
    path: &str,
    body: &[u8],
) -> Result<Json, AdminError> {
    if !peer.to_canonical().is_loopback() {
        return Err(AdminError::NotLoopback { peer });
    }
    let path = path.trim_end_matches('/');
    let Some(&(allowed, _)) = PATHS.iter().find(|(_, p)| *p == path) else {
        return Err(AdminError::UnknownPath { path: path.into() });
    };
    if method.as_str() != allowed {
        return Err(AdminError::WrongMethod {
            method: method.to_string(),
            path: path.into(),
            allowed,
        });
    }
    match path {
        "/_swfcheck/clock" => Ok(clock_json(&store.config().clock)),
        "/_swfcheck/clock/advance" => advance(store, body),
        "/_swfcheck/reset" => {
            store.reset();
            Ok(json!({"reset": true, "clock": clock_json(&store.config().clock)}))
        }
        _ => Ok(dump::dump(store)),
    }
}

/// `{"clock": "manual"|"real", "now": <epoch seconds>, "time": <RFC 3339>}`.
pub fn clock_json(clock: &Clock) -> Json {
    let now = clock.now();
    let kind = match clock {
        Clock::System => "real",
        Clock::Manual(_) => "manual",
    };
    json!({"clock": kind, "now": now, "time": rfc3339(now)})
}

/// Epoch seconds as RFC 3339 (milliseconds, UTC).
pub fn rfc3339(epoch: f64) -> String {
    let at = UNIX_EPOCH + Duration::from_secs_f64(epoch.clamp(0.0, 1e11));
    humantime::format_rfc3339_millis(at).to_string()
}

/// Moves the manual clock by the body's amount, then brings the world to the new time (what
/// fell due fires, waiting polls are woken) before answering.
fn advance(store: &Store, body: &[u8]) -> Result<Json, AdminError> {
    let seconds = advance_seconds(body)?;
    let Clock::Manual(clock) = &store.config().clock else {
        return Err(AdminError::RealClock);
    };
    let before = clock.now();
    clock.advance(seconds);
    store.inspect(|_| ());
    let mut out = clock_json(&store.config().clock);
    out["advancedBy"] = json!(clock.now() - before);
    Ok(out)
}

/// The seconds of an advance body: `{"seconds": N}` (N > 0) or `{"duration": "90s"}`.
pub fn advance_seconds(body: &[u8]) -> Result<f64, AdminError> {
    let bad = |reason: String| AdminError::BadBody { reason };
    let json: Json =
        serde_json::from_slice(body).map_err(|e| bad(format!("the body is not JSON: {e}")))?;
    let Some(members) = json.as_object() else {
        return Err(bad("the body must be a JSON object".into()));
    };
    if let Some(unknown) = members.keys().find(|k| *k != "seconds" && *k != "duration") {
        return Err(bad(format!("unknown member {unknown:?}")));
    }
    let seconds = match (members.get("seconds"), members.get("duration")) {
        (Some(n), None) => n
            .as_f64()
            .ok_or_else(|| bad(format!("seconds must be a number, not {n}")))?,
        (None, Some(Json::String(d))) => humantime::parse_duration(d)
            .map_err(|e| bad(format!("duration {d:?} is not a duration: {e}")))?
            .as_secs_f64(),
        (None, Some(d)) => return Err(bad(format!("duration must be a string, not {d}"))),
        _ => return Err(bad("give exactly one of seconds and duration".into())),
    };
    if !seconds.is_finite() || seconds <= 0.0 || seconds > 1e10 {
        return Err(bad(format!(
            "the clock moves forward only: {seconds} seconds is not more than zero (or too far)"
        )));
    }
    Ok(seconds)
}
