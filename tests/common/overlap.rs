//! An endpoint that is not thread-safe: a proxy in front of the reference endpoint that
//! answers a request with a crash (500 and an HTML page, as moto's "dictionary changed size
//! during iteration") when it arrives while another request is being answered, and every
//! request alone as the reference does. Long polls are not counted: a poll the endpoint
//! holds waits, it does not work (moto sleeps in it); they pass through.

use super::faulty::{FaultyEndpoint, serve};
use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderName, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

struct Proxy {
    upstream: String,
    http: reqwest::Client,
    /// Requests being answered now (long polls aside).
    busy: AtomicUsize,
    /// Requests answered with a crash because another one was being answered.
    crashed: Arc<AtomicUsize>,
}

/// A running endpoint that is not thread-safe, and how many requests it crashed on.
pub struct NotThreadSafe {
    /// The proxy.
    pub endpoint: FaultyEndpoint,
    /// Requests answered with a crash because another one was being answered.
    pub crashed: Arc<AtomicUsize>,
}

/// Starts it in front of `upstream` on a free loopback port.
pub async fn start(upstream: String) -> NotThreadSafe {
    let crashed = Arc::new(AtomicUsize::new(0));
    let proxy = Arc::new(Proxy {
        upstream,
        http: reqwest::Client::new(),
        busy: AtomicUsize::new(0),
        crashed: crashed.clone(),
    });
    let endpoint = serve(Router::new().fallback(handle).with_state(proxy)).await;
    NotThreadSafe { endpoint, crashed }
}

/// Counts a request as busy until dropped.
struct Busy<'a>(&'a AtomicUsize);

impl Drop for Busy<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

async fn handle(State(proxy): State<Arc<Proxy>>, headers: HeaderMap, body: Bytes) -> Response {
    let target = headers
        .get("x-amz-target")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let mut _busy = None;
    if !target.contains(".PollFor") {
        let others = proxy.busy.fetch_add(1, Ordering::SeqCst);
        _busy = Some(Busy(&proxy.busy));
        if others > 0 {
            proxy.crashed.fetch_add(1, Ordering::SeqCst);
            return super::imitations::crash();
        }
        // The time a request takes to be answered, during which another one collides.
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    forward(&proxy, &headers, body).await
}

async fn forward(proxy: &Proxy, headers: &HeaderMap, body: Bytes) -> Response {
    let mut req = proxy.http.post(&proxy.upstream).body(body);
    for (k, v) in headers {
        if k != "host" && k != "content-length" {
            req = req.header(k, v);
        }
    }
    let upstream = match req.send().await {
        Ok(r) => r,
        Err(e) => return (StatusCode::BAD_GATEWAY, e.to_string()).into_response(),
    };
    let status = StatusCode::from_u16(upstream.status().as_u16()).unwrap();
    let mut out = HeaderMap::new();
    for (k, v) in upstream.headers() {
        if k == "content-length" {
            continue;
        }
        if let (Ok(name), Ok(value)) = (
            HeaderName::from_bytes(k.as_str().as_bytes()),
            HeaderValue::from_bytes(v.as_bytes()),
        ) {
            out.insert(name, value);
        }
    }
    let bytes = upstream.bytes().await.unwrap_or_default();
    (status, out, bytes).into_response()
}
