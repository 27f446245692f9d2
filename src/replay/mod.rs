//! `swfcheck replay HISTORY.json...`: drives an endpoint through the workflow a recorded
//! history describes and compares the history it writes, event by event (issue 29).
//!
//! The stages, each in its own file: [`read`] the history (and refuse one that contradicts
//! itself), [`derive`](mod@derive) the [`script`] that drove it (types, start, decisions, workers,
//! signals, children, deadlines), [`drive`] an endpoint through it with the run's own
//! [`names`] and [`time`], then [`compare`] the written history with the recorded one and
//! [`render`] the first difference. The one entry is [`Replayer::replay_file`]:
//!
//! ```no_run
//! # async fn f() -> Result<(), swfcheck::replay::ReplayError> {
//! use swfcheck::replay::{ReplayConfig, Replayer};
//! let replayer = Replayer::start(&ReplayConfig::default()).await?;
//! let outcome = replayer.replay_file(std::path::Path::new("history.json")).await?;
//! println!("{}", swfcheck::replay::render::terminal(&outcome));
//! replayer.shutdown().await;
//! # Ok(()) }
//! ```

pub mod compare;
pub mod derive;
pub mod drive;
pub mod events;
pub mod names;
pub mod read;
pub mod render;
pub mod script;
pub mod time;

use crate::run::swf::Swf;
use crate::run::{Endpoint, RunConfig, RunError};
use compare::Row;
use drive::{DriveError, Driver, ReplayJournal};
use names::Prefixed;
use serde_json::Value as Json;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use time::ReplayClock;

/// How to replay.
#[derive(Debug, Clone)]
pub struct ReplayConfig {
    /// The endpoint; `None` starts the embedded reference endpoint with a manual clock.
    pub endpoint: Option<String>,
    /// The admin interface whose clock to move (a `swfcheck serve --clock manual` behind a
    /// proxy); default: the endpoint's own, when it has one.
    pub admin: Option<String>,
    /// Allow a real `*.amazonaws.com` endpoint.
    pub allow_aws: bool,
    /// How long the replay may wait in real time for deadlines, per history.
    pub max_wait: Duration,
    /// The domain the replays run in (registered if absent).
    pub domain: String,
    /// Per-request timeout.
    pub timeout: Duration,
}

impl Default for ReplayConfig {
    fn default() -> Self {
        ReplayConfig {
            endpoint: None,
            admin: None,
            allow_aws: false,
            max_wait: Duration::from_secs(300),
            domain: "swfcheck-replay".into(),
            timeout: Duration::from_secs(10),
        }
    }
}

/// Why a replay could not happen (exit status 2).
#[derive(Debug, thiserror::Error)]
pub enum ReplayError {
    /// The history file cannot be read, or contradicts itself.
    #[error(transparent)]
    File(#[from] read::ReplayFileError),
    /// The history is one the replay cannot drive.
    #[error("{path}: {source}")]
    Unreplayable {
        /// The file.
        path: PathBuf,
        /// Why.
        source: derive::Unreplayable,
    },
    /// The endpoint could not be set up or reached.
    #[error(transparent)]
    Endpoint(#[from] RunError),
    /// The replay could not be carried out.
    #[error(transparent)]
    Drive(#[from] DriveError),
    /// The clock named cannot be used.
    #[error(transparent)]
    Clock(#[from] time::ClockError),
}

/// How a replay's history compares with the recorded one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Sameness {
    /// Event for event the same.
    Same,
    /// Differences.
    Differ,
}

/// One history replayed.
#[derive(Debug, Clone, serde::Serialize)]
pub struct ReplayOutcome {
    /// The history file (or a label).
    pub file: PathBuf,
    /// Same or not.
    pub status: Sameness,
    /// The recorded events.
    pub recorded: Vec<Json>,
    /// The written events, the run's names mapped back to the recorded ones.
    pub written: Vec<Json>,
    /// The two aligned; [`Row::differs`] marks the differences.
    pub rows: Vec<Row>,
    /// What the replay met: refusals, deadlines, where it stopped.
    pub journal: ReplayJournal,
    /// What the replay cannot bring about as recorded (said before it starts).
    pub notes: Vec<String>,
    /// How long the replay took, in seconds.
    pub seconds: f64,
}

impl ReplayOutcome {
    /// The differences, in order.
    pub fn differences(&self) -> impl Iterator<Item = &Row> {
        self.rows.iter().filter(|r| r.differs())
    }
}

/// Replays histories against one endpoint.
pub struct Replayer {
    endpoint: Endpoint,
    swf: Swf,
    clock: ReplayClock,
    server: Option<crate::server::RunningServer>,
    domain: String,
}

/// How long the embedded endpoint holds a poll with no task: a replay polls only where the
/// history shows a task, so an empty poll is a divergence and need not wait long.
const EMBEDDED_POLL_TIMEOUT: Duration = Duration::from_secs(1);

impl Replayer {
    /// Resolves the endpoint (starting the embedded one, manual clock, when none is given)
    /// and its clock.
    pub async fn start(config: &ReplayConfig) -> Result<Self, ReplayError> {
        let mut server = None;
        let url = match &config.endpoint {
            Some(url) => url.clone(),
            None => {
                use crate::server::state::clock::{Clock, ManualClock, system_now};
                let cfg = crate::server::ServerConfig {
                    poll_timeout: EMBEDDED_POLL_TIMEOUT,
                    clock: Clock::Manual(ManualClock::new(system_now())),
                    ..Default::default()
                };
                let s = crate::server::start("127.0.0.1:0", cfg)
                    .await
                    .map_err(|e| RunError::EmbeddedServer(e.to_string()))?;
                let url = format!("http://{}/", s.addr());
                server = Some(s);
                url
            }
        };
        let run = RunConfig {
            endpoint: Some(url.clone()),
            allow_aws: config.allow_aws,
            timeout: config.timeout,
            ..RunConfig::default()
        };
        let endpoint = Endpoint::resolve(&run).await?;
        let swf = Swf::new(endpoint.client(config.timeout)?);
        endpoint.preflight(&swf).await?;
        let aws = crate::run::endpoint::is_aws_host(endpoint.url.host_str().unwrap_or_default());
        let clock = match aws {
            true => ReplayClock::Real {
                budget: config.max_wait,
            },
            false => {
                ReplayClock::detect(
                    config.admin.as_deref(),
                    url.trim_end_matches('/'),
                    config.max_wait,
                )
                .await?
            }
        };
        Ok(Replayer {
            endpoint,
            swf,
            clock,
            server,
            domain: config.domain.clone(),
        })
    }

    /// Whether deadlines are met by moving an admin clock (else by waiting).
    pub fn has_admin_clock(&self) -> bool {
        self.clock.is_admin()
    }

    /// The endpoint's URL.
    pub fn url(&self) -> String {
        self.endpoint.url.to_string()
    }

    /// Reads, checks and replays the history in `path`.
    pub async fn replay_file(&self, path: &Path) -> Result<ReplayOutcome, ReplayError> {
        let events = read::read_file(path)?;
        self.replay(path, events).await
    }

    /// Replays `events` (checked already), reported under `label`.
    pub async fn replay(
        &self,
        label: &Path,
        events: Vec<Json>,
    ) -> Result<ReplayOutcome, ReplayError> {
        let began = Instant::now();
        let script = derive::derive(&events).map_err(|source| ReplayError::Unreplayable {
            path: label.to_owned(),
            source,
        })?;
        let names = Prefixed {
            domain: self.domain.clone(),
            prefix: format!("sr-{}-", &uuid::Uuid::new_v4().simple().to_string()[..8]),
            table: script.table.clone(),
            ..Prefixed::default()
        };
        let mut driver = Driver::new(&self.swf, self.clock.clone(), &events, names);
        let driven = driver.drive(&script).await;
        let written = match &driven {
            Ok(()) => driver.written().await,
            Err(_) => Ok(Vec::new()),
        };
        if driven.is_ok() {
            if let Some(last) = events.last() {
                driver.check_described(last).await?;
            }
        }
        driver.clean_up().await;
        driven?;
        let written = names::unmap(&written?, &script.table, &driver.names);
        let rows = compare::align(&events, &written);
        let journal = std::mem::take(&mut driver.journal);
        drop(driver);
        let status = match rows.iter().any(Row::differs) || !journal.mismatches.is_empty() {
            true => Sameness::Differ,
            false => Sameness::Same,
        };
        Ok(ReplayOutcome {
            file: label.to_owned(),
            status,
            recorded: events,
            written,
            rows,
            journal,
            notes: script.notes,
            seconds: began.elapsed().as_secs_f64(),
        })
    }

    /// Stops the embedded endpoint, if this replayer started it.
    pub async fn shutdown(self) {
        if let Some(server) = self.server {
            server.shutdown().await;
        }
    }
}
