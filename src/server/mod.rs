//! The embedded reference endpoint: an in-memory SWF served over HTTP (axum).
//!
//! Every request goes through [`crate::wire`] (the same parser the fuzzers
//! attack), then through the in-memory [`state`]; answers follow SWF-WIRE.md:
//! `x-amzn-RequestId` on every response, the Content-Type of the request, a
//! 200 with an empty body where the model has no output, faults in the
//! `{"__type", "message"}` envelope.
//!
//! Beside the SWF API: an admin interface under `/_swfcheck` for loopback peers ([`admin`]:
//! the clock, reset, a state [`dump`]) and a request [`log`].

pub mod admin;
pub mod dump;
mod http;
pub mod log;
pub mod state;

use std::net::SocketAddr;
use std::time::Duration;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

/// The documented default address of `swfcheck serve`.
pub const DEFAULT_ADDR: &str = "127.0.0.1:5070";

/// How the reference endpoint behaves.
#[derive(Debug, Clone)]
pub struct ServerConfig {
    /// How long a poll with no task waits before answering an empty task (60 s like the service).
    pub poll_timeout: Duration,
    /// Answer a request without an Authorization header with MissingAuthenticationTokenException.
    pub require_auth: bool,
    /// The engine's clock: the system's, or a manual one a test (or `POST
    /// /_swfcheck/clock/advance`) advances.
    pub clock: state::clock::Clock,
    /// The request log (none by default).
    pub log: log::LogConfig,
}

impl Default for ServerConfig {
    fn default() -> Self {
        ServerConfig {
            poll_timeout: Duration::from_secs(60),
            require_auth: false,
            clock: state::clock::Clock::System,
            log: log::LogConfig::default(),
        }
    }
}

/// Why the endpoint could not start.
#[derive(Debug, thiserror::Error)]
pub enum ServerError {
    /// The address could not be bound.
    #[error(
        "cannot listen on {addr}: {source} (hint: pick another port, or 127.0.0.1:0 for a free one)"
    )]
    Bind {
        /// The address.
        addr: String,
        /// The I/O error.
        source: std::io::Error,
    },
    /// The request log's file could not be created.
    #[error(
        "cannot write the request log {path}: {source} (hint: check that its directory exists)"
    )]
    Log {
        /// The file.
        path: std::path::PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
}

/// A running endpoint; dropping it does not stop it, [`RunningServer::shutdown`] does.
pub struct RunningServer {
    addr: SocketAddr,
    store: std::sync::Arc<state::Store>,
    stop: Option<oneshot::Sender<()>>,
    task: JoinHandle<()>,
}

impl RunningServer {
    /// The bound address.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Stops accepting, answers every waiting long poll with the empty task (and any poll
    /// still to come at once), lets the other in-flight requests finish, and waits for the
    /// server to end.
    pub async fn shutdown(mut self) {
        self.store.stop_polls();
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        let _ = (&mut self.task).await;
    }

    /// Serves until the process ends (for `swfcheck serve`).
    pub async fn wait(self) {
        let _ = self.task.await;
    }
}

/// Starts the endpoint on `addr` (`127.0.0.1:0` picks a free port).
pub async fn start(addr: &str, config: ServerConfig) -> Result<RunningServer, ServerError> {
    let bind_err = |source| ServerError::Bind {
        addr: addr.to_owned(),
        source,
    };
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .map_err(bind_err)?;
    let bound = listener.local_addr().map_err(bind_err)?;
    let log = match config.log.enabled() {
        true => Some(std::sync::Arc::new(
            log::RequestLog::open(&config.log).map_err(|source| ServerError::Log {
                path: config.log.file.clone().unwrap_or_default(),
                source,
            })?,
        )),
        false => None,
    };
    let store = state::Store::new(config);
    let app = http::router(store.clone(), log).into_make_service_with_connect_info::<SocketAddr>();
    let (tx, rx) = oneshot::channel::<()>();
    let task = tokio::spawn(async move {
        let _ = axum::serve(listener, app)
            .with_graceful_shutdown(async {
                let _ = rx.await;
            })
            .await;
    });
    Ok(RunningServer {
        addr: bound,
        store,
        stop: Some(tx),
        task,
    })
}

/// The poll timeout of the endpoint `swfcheck run` and the tests start: short, so that a
/// poll of an empty task list does not hold a case for the documented 60 s.
pub const QUICK_POLL_TIMEOUT: Duration = Duration::from_secs(2);

/// Starts the endpoint on a free loopback port with a short ([`QUICK_POLL_TIMEOUT`]) poll
/// timeout, for tests.
pub async fn start_default() -> Result<RunningServer, ServerError> {
    start_local(QUICK_POLL_TIMEOUT).await
}

/// Starts the endpoint on a free loopback port with this poll timeout (`swfcheck run`).
pub async fn start_local(poll_timeout: Duration) -> Result<RunningServer, ServerError> {
    let config = ServerConfig {
        poll_timeout,
        ..ServerConfig::default()
    };
    start("127.0.0.1:0", config).await
}
