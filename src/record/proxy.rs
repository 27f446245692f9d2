//! `swfcheck record`: a recording proxy. Each request is forwarded to the upstream
//! (signed again with the environment's credentials, or dummy ones for an emulator),
//! the upstream's answer goes back unchanged, and the exchange is appended to a
//! journal at once. When the proxy stops (Ctrl-C, or the `stop` future), the journal
//! becomes the case file and is removed.

use super::journal::{self, Journal};
use super::{CaseWriter, ConvertError, RecordedExchange, Summary, env_secrets};
use crate::outcome::Outgoing;
use crate::run::client::Client;
use crate::run::{Endpoint, RunConfig, RunError};
use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::response::Response;
use std::io::BufRead;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// Request headers passed on to the upstream; every other header (the client's
/// signature among them) is dropped and the request signed again.
pub const FORWARDED: [&str; 3] = ["x-amz-target", "content-type", "content-encoding"];

/// After a stop, in-flight requests (a long poll waits up to 60 s) get this long.
pub const DRAIN: Duration = Duration::from_secs(5);

/// What `swfcheck record` does.
#[derive(Debug, Clone)]
pub struct RecordConfig {
    /// The upstream endpoint (an emulator, or the real service with `allow_aws`).
    pub upstream: String,
    /// Where to listen (`127.0.0.1:0`: a free port).
    pub listen: String,
    /// The case file to write.
    pub out: PathBuf,
    /// Allow a real `*.amazonaws.com` upstream.
    pub allow_aws: bool,
    /// Per-request timeout towards the upstream (above the 60 s of a long poll).
    pub timeout: Duration,
}

/// Why recording failed.
#[derive(Debug, thiserror::Error)]
pub enum RecordError {
    /// The upstream is refused or unusable.
    #[error(transparent)]
    Upstream(#[from] RunError),
    /// The listen address cannot be bound.
    #[error("cannot listen on {addr}: {source}")]
    Listen {
        /// The address.
        addr: String,
        /// The error.
        source: std::io::Error,
    },
    /// The journal cannot be written or read.
    #[error("cannot write the journal {path}: {source}")]
    Journal {
        /// The journal.
        path: PathBuf,
        /// The error.
        source: std::io::Error,
    },
    /// The case file cannot be written.
    #[error(transparent)]
    Convert(#[from] ConvertError),
    /// The case file could not be written; the exchanges are kept in the journal.
    #[error("{source} (the recorded exchanges are kept in {journal}: swfcheck import reads it)")]
    Kept {
        /// The journal left in place.
        journal: PathBuf,
        /// Why the case file was not written.
        source: Box<RecordError>,
    },
}

struct Proxy {
    client: Client,
    journal: Mutex<Journal>,
    secrets: Vec<String>,
    journal_error: Mutex<Option<std::io::Error>>,
}

/// Records until `stop` resolves; `ready` gets the bound address first. Returns what
/// was written to `config.out`.
pub async fn record(
    config: &RecordConfig,
    ready: impl FnOnce(SocketAddr),
    stop: impl std::future::Future<Output = ()> + Send + 'static,
) -> Result<Summary, RecordError> {
    let run_config = RunConfig {
        endpoint: Some(config.upstream.clone()),
        allow_aws: config.allow_aws,
        ..RunConfig::default()
    };
    let endpoint = Endpoint::resolve(&run_config).await?;
    let client = endpoint.client(config.timeout)?;
    let journal_path = journal::path_for(&config.out);
    let journal_err = |source| RecordError::Journal {
        path: journal_path.clone(),
        source,
    };
    let journal = Journal::create(&journal_path).map_err(journal_err)?;
    let listener = tokio::net::TcpListener::bind(&config.listen)
        .await
        .map_err(|source| RecordError::Listen {
            addr: config.listen.clone(),
            source,
        })?;
    let addr = listener
        .local_addr()
        .map_err(|source| RecordError::Listen {
            addr: config.listen.clone(),
            source,
        })?;
    let proxy = Arc::new(Proxy {
        client,
        journal: Mutex::new(journal),
        secrets: env_secrets(),
        journal_error: Mutex::new(None),
    });
    let app = Router::new().fallback(forward).with_state(proxy.clone());
    ready(addr);
    let (stopped_tx, stopped_rx) = tokio::sync::oneshot::channel::<()>();
    let serve = axum::serve(listener, app).with_graceful_shutdown(async move {
        stop.await;
        let _ = stopped_tx.send(());
    });
    let drain = async {
        let _ = stopped_rx.await;
        tokio::time::sleep(DRAIN).await;
    };
    tokio::select! {
        _ = serve => {}
        () = drain => {}
    }
    if let Some(e) = proxy.journal_error.lock().ok().and_then(|mut e| e.take()) {
        return Err(journal_err(e));
    }
    let source = format!(
        "recorded by swfcheck record from {} (seen: the status, fault and answer shape the upstream gave)",
        upstream_name(&endpoint.url)
    );
    match convert_journal(&journal_path, &config.out, &source) {
        Ok(summary) => {
            let _ = std::fs::remove_file(&journal_path);
            Ok(summary)
        }
        Err(RecordError::Convert(e @ ConvertError::Empty { .. })) => {
            let _ = std::fs::remove_file(&journal_path);
            Err(e.into())
        }
        // The journal stays: `swfcheck import` reads it.
        Err(e) => Err(RecordError::Kept {
            journal: journal_path,
            source: Box::new(e),
        }),
    }
}

/// The upstream without any user or password it may carry.
fn upstream_name(url: &reqwest::Url) -> String {
    let host = url.host_str().unwrap_or_default();
    match url.port() {
        Some(p) => format!("{}://{host}:{p}", url.scheme()),
        None => format!("{}://{host}", url.scheme()),
    }
}

/// Turns a journal into the case file `out` (the case id is `recorded/<file stem>`).
pub fn convert_journal(journal: &Path, out: &Path, source: &str) -> Result<Summary, RecordError> {
    let read_err = |source| RecordError::Journal {
        path: journal.to_owned(),
        source,
    };
    let file = std::fs::File::open(journal).map_err(read_err)?;
    let mut writer = CaseWriter::create(out, &case_id(out), source)?;
    for line in std::io::BufReader::new(file).lines() {
        let line = line.map_err(read_err)?;
        // A line cut short by a crash is the only line that may not parse: skip it.
        if let Ok(exchange) = serde_json::from_str::<RecordedExchange>(&line) {
            writer.push(&exchange)?;
        }
    }
    Ok(writer.finish()?)
}

/// `recorded/<file stem>`.
pub fn case_id(path: &Path) -> String {
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "traffic".into());
    format!("recorded/{stem}")
}

fn fault_response(status: StatusCode, message: &str) -> Response {
    let body = serde_json::json!({
        "__type": "com.amazon.coral.service#InternalFailure",
        "message": message,
    });
    let mut resp = Response::new(Body::from(body.to_string()));
    *resp.status_mut() = status;
    resp.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/x-amz-json-1.0"),
    );
    resp
}

async fn forward(
    State(proxy): State<Arc<Proxy>>,
    method: Method,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    if method != Method::POST {
        let why = format!("swfcheck record forwards POST requests only, not {method}");
        return fault_response(StatusCode::METHOD_NOT_ALLOWED, &why);
    }
    let mut out = Outgoing {
        headers: Vec::new(),
        body: body.to_vec(),
        signed: true,
    };
    for name in FORWARDED {
        if let Some(v) = headers.get(name).and_then(|v| v.to_str().ok()) {
            out.headers.push((name.to_owned(), v.to_owned()));
        }
    }
    let target = headers
        .get("x-amz-target")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let received = match proxy.client.send(&out).await.outcome {
        Ok(r) => r,
        Err(e) => {
            let why = format!("swfcheck record: the upstream gave no answer: {e}");
            return fault_response(StatusCode::BAD_GATEWAY, &why);
        }
    };
    if let Some(total) = received.truncated_from {
        let why = format!(
            "swfcheck record: the upstream's answer ({total} bytes) exceeds what the proxy holds"
        );
        return fault_response(StatusCode::BAD_GATEWAY, &why);
    }
    let exchange = RecordedExchange {
        target,
        request: String::from_utf8_lossy(&body).into_owned(),
        status: received.status,
        answer: String::from_utf8_lossy(&received.body).into_owned(),
    }
    .scrubbed(&proxy.secrets);
    if let Ok(mut journal) = proxy.journal.lock() {
        if let Err(e) = journal.append(&exchange) {
            if let Ok(mut slot) = proxy.journal_error.lock() {
                slot.get_or_insert(e);
            }
        }
    }
    let mut resp = Response::new(Body::from(received.body));
    *resp.status_mut() = StatusCode::from_u16(received.status).unwrap_or(StatusCode::BAD_GATEWAY);
    for (k, v) in &received.headers {
        let skip = ["content-length", "transfer-encoding", "connection"];
        if skip.contains(&k.as_str()) {
            continue;
        }
        if let (Ok(name), Ok(value)) = (
            header::HeaderName::from_bytes(k.as_bytes()),
            HeaderValue::from_str(v),
        ) {
            resp.headers_mut().append(name, value);
        }
    }
    resp
}
