//! The runner: resolves the endpoint, prepares the run's domain and types,
//! runs the cases `jobs` at a time, evaluates their checks, and cleans up
//! every execution it started — also after a failure or Ctrl-C.

pub mod alone;
pub mod client;
pub mod context;
pub mod endpoint;
pub mod filter;
pub mod journey;
pub mod judge;
pub mod leftovers;
pub mod meaning_reads;
pub mod own;
pub mod properties;
pub mod retry;
pub mod schedule;
pub mod sequences;
pub mod slots;
pub mod swf;

use crate::cases::case::{Case, Setup};
use crate::outcome::secrets;
use crate::outcome::{CaseResult, RunReport};
use crate::plan::{Issued, Plan};
use context::RunContext;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::watch;

pub use endpoint::{Endpoint, RunError};
pub use judge::skipped;

/// How to run.
#[derive(Debug, Clone)]
pub struct RunConfig {
    /// The endpoint URL; `None` starts the embedded reference endpoint.
    pub endpoint: Option<String>,
    /// Allow `*.amazonaws.com` endpoints.
    pub allow_aws: bool,
    /// Cases in flight at once.
    pub jobs: usize,
    /// Per-request timeout.
    pub timeout: Duration,
    /// The run's domain (registered if absent, reused if present).
    pub domain: String,
    /// Keep the request and response of passing checks too (the JSON and HTML reports and
    /// snapshots show them); otherwise only of the checks that did not pass, which is what
    /// the terminal and JUnit show, and keeps a large run's memory down.
    pub keep_passing_evidence: bool,
    /// Run a failing case once more, with a fresh setup, before reporting it; one that then
    /// passes is `flaky` and does not fail the run (`run --no-retry` turns this off).
    pub retry: bool,
    /// How long the embedded reference endpoint holds an empty poll: 2 s, so that the
    /// cases that poll an empty task list stay quick; the documented 60 s when the run
    /// holds a `slow` case (a long poll's wait is what it checks). Wherever a poll is held,
    /// its case gives its job slot back while it waits (`slots`).
    pub embedded_poll_timeout: Duration,
}

impl Default for RunConfig {
    fn default() -> Self {
        RunConfig {
            endpoint: None,
            allow_aws: false,
            jobs: std::thread::available_parallelism().map_or(2, |n| n.get()),
            timeout: Duration::from_secs(10),
            domain: "swfcheck-conformance".into(),
            keep_passing_evidence: true,
            retry: true,
            embedded_poll_timeout: crate::server::QUICK_POLL_TIMEOUT,
        }
    }
}

/// Receives results as they come (progress bars, streaming output).
pub trait Progress: Send + Sync {
    /// The run is about to start `total` cases.
    fn start(&self, total: usize);
    /// One case finished with these results.
    fn case_done(&self, results: &[CaseResult]);
    /// Cleanup started.
    fn cleaning_up(&self) {}
    /// Something the user should know about the run's setup (a deprecated domain
    /// undeprecated, a fresh domain used instead): one sentence.
    fn note(&self, _text: &str) {}
    /// The long polls the endpoint holds changed (`None`: none is waiting any more).
    fn waiting(&self, _waiting: Option<slots::HeldPolls>) {}
    /// The run goes one case at a time from now on, and why.
    fn one_at_a_time(&self, _why: &alone::OneAtATime) {}
}

/// A progress sink that shows nothing.
pub struct Silent;

impl Progress for Silent {
    fn start(&self, _: usize) {}
    fn case_done(&self, _: &[CaseResult]) {}
}

/// Runs `cases` against the configured endpoint. `stop` turning true (Ctrl-C)
/// stops new cases; in-flight ones finish or time out; cleanup always runs.
pub async fn run(
    config: &RunConfig,
    cases: Vec<Case>,
    progress: &dyn Progress,
    stop: watch::Receiver<bool>,
) -> Result<RunReport, RunError> {
    let mut config = config.clone();
    if cases.iter().any(filter::is_slow) {
        config.embedded_poll_timeout = crate::server::ServerConfig::default().poll_timeout;
    }
    let config = &config;
    let mut session = Session::open(config).await?;
    // Stopped before it began (a signal while the cases loaded): nothing is sent but cleanup.
    let none = Vec::new();
    let needed = if *stop.borrow() {
        &none[..]
    } else {
        &cases[..]
    };
    let mut notes = match prepare(&mut session, needed).await {
        Ok(notes) => notes,
        Err(e) => {
            session.close(config.jobs).await;
            return Err(e);
        }
    };
    notes.extend(session.ctx.leftovers(needed).await);
    for note in &notes {
        progress.note(note);
    }
    progress.start(cases.len());
    let shared = Arc::new((session.ctx.clone(), session.secrets.clone()));
    let scheduled = schedule::run_waves(config, cases, shared, progress, &stop).await;
    let scheduled = match scheduled {
        Ok(scheduled) => scheduled,
        Err(e) => {
            session.close(config.jobs).await;
            return Err(e);
        }
    };
    progress.cleaning_up();
    let aborted = scheduled.aborted;
    let mut results: Vec<CaseResult> = scheduled.slots.into_iter().flatten().collect();
    crate::outcome::verdicts::implemented_after_all(&mut results, &session.ctx.swf.worked());
    let (endpoint, started) = (session.endpoint.url.to_string(), session.started.clone());
    let (prefix, domain) = (session.ctx.prefix.clone(), session.ctx.domain.clone());
    let (cleaned_up, errors) = session.close(config.jobs).await;
    Ok(RunReport {
        endpoint,
        started,
        prefix,
        domain,
        notes,
        replay_args: Vec::new(),
        results,
        interrupted: *stop.borrow(),
        cleaned_up,
        cleanup_errors: errors.iter().map(ToString::to_string).collect(),
        compared: None,
        aborted,
    })
}

/// The run's own setup: its domain and types when a case needs them, and the generated
/// cases' domain when a case runs there or names it (`${otherDomain}`), each made ready
/// ([`RunContext::prepare_own`]: a deprecated one undeprecated, or a fresh domain used):
/// what it did, a sentence each. When it fails no case can run: the error names the call,
/// its answer and a curl line.
async fn prepare(session: &mut Session, cases: &[Case]) -> Result<Vec<String>, RunError> {
    let log = swf::Log::default();
    let mut ctx = RunContext {
        swf: session.ctx.swf.recording(&log, "run setup"),
        ..session.ctx.clone()
    };
    let other = |c: &Case| c.setup.in_generated_domain() || c.mentions("${otherDomain}");
    let generated = cases.iter().any(other);
    // A case without a setup may still name the run's domain (its steps register a type
    // there, say): run alone (`run --case ID`) on a fresh endpoint it needs the domain too.
    let needs_domain = |c: &Case| c.setup != Setup::None || c.mentions("${domain}");
    if !generated && !cases.iter().any(needs_domain) {
        return Ok(Vec::new());
    }
    match ctx.prepare_own(generated).await {
        Ok(said) => {
            session.ctx.domain = ctx.domain;
            Ok(said)
        }
        Err(e) => {
            let region = ctx.swf.client().region();
            let evidence = log
                .last(None)
                .map(|ex| crate::outcome::evidence::of(&ex, region, &session.secrets))
                .unwrap_or_default();
            Err(RunError::SetupFailed {
                url: session.endpoint.url.to_string(),
                why: secrets::text(&e.to_string(), &session.secrets),
                answer: evidence.answer_line(),
                reproduce: crate::outcome::curl::command(&evidence),
            })
        }
    }
}

/// An endpoint resolved and checked, with the run's context (prefix, domain, what it started).
pub(crate) struct Session {
    /// The endpoint (an embedded one is stopped by [`Session::close`]).
    pub endpoint: Endpoint,
    /// When the session opened (RFC 3339, UTC).
    pub started: String,
    /// What every case shares.
    pub ctx: RunContext,
    /// Credential values to redact from everything reported.
    pub secrets: Vec<String>,
    /// What preparing the run's own domains did ([`RunContext::prepare_own`]).
    pub notes: Vec<String>,
}

impl Session {
    /// Resolves the endpoint (starting the embedded one if none is given) and checks it answers.
    pub async fn open(config: &RunConfig) -> Result<Session, RunError> {
        let endpoint = Endpoint::resolve(config).await?;
        let started = humantime::format_rfc3339_seconds(std::time::SystemTime::now()).to_string();
        let client = endpoint.client(config.timeout)?;
        let prefix = format!(
            "swfcheck-{}",
            &uuid::Uuid::new_v4().simple().to_string()[..8]
        );
        let ctx = RunContext {
            swf: swf::Swf::new(client),
            domain: config.domain.clone(),
            prefix,
            workflow: ("swfcheck-workflow".into(), "1".into()),
            activity: ("swfcheck-activity".into(), "1".into()),
            started: Arc::new(Mutex::new(Vec::new())),
            created: Arc::new(Mutex::new(Vec::new())),
            deprecated_domain: Arc::new(tokio::sync::Mutex::new(())),
        };
        endpoint.preflight(&ctx.swf).await?;
        let secrets = endpoint
            .credentials
            .secrets()
            .iter()
            .map(|s| s.to_string())
            .collect();
        Ok(Session {
            endpoint,
            started,
            ctx,
            secrets,
            notes: Vec::new(),
        })
    }

    /// [`Session::open`], then registers the run's domain and types and the generated cases'
    /// domain (what `swfcheck prop` and `state` need); a setup failure closes the session.
    pub async fn open_prepared(config: &RunConfig) -> Result<Session, RunError> {
        let mut session = Session::open(config).await?;
        match session.ctx.prepare_own(true).await {
            Ok(said) => {
                session.notes = said;
                Ok(session)
            }
            Err(e) => {
                session.close(1).await;
                Err(RunError::Prepare(e))
            }
        }
    }

    /// Cleans up what the session started or registered and stops an embedded endpoint.
    pub async fn close(self, jobs: usize) -> (usize, Vec<swf::CallError>) {
        let out = self.ctx.cleanup(jobs).await;
        self.endpoint.shutdown().await;
        out
    }

    /// Runs one case (its setup, request, follow-up and checks).
    pub async fn run_case(&self, index: usize, case: &Case) -> Vec<CaseResult> {
        run_case(&self.ctx, index, case, &self.secrets, true)
            .await
            .results
    }
}

/// One run of a case: its results, and what another run of it may tell.
pub(crate) struct CaseRun {
    /// Its results.
    pub results: Vec<CaseResult>,
    /// Whether its failure is worth a retry ([`retry::worth_retrying`]).
    pub worth_retrying: bool,
    /// Whether its failure stands as first seen ([`retry::stands`]).
    pub stands: bool,
}

/// Runs one case: its plan, its journey, its results, and what another run may tell.
/// `index` names what it creates.
pub(crate) async fn run_case(
    ctx: &RunContext,
    index: usize,
    case: &Case,
    secrets: &[String],
    keep_passing: bool,
) -> CaseRun {
    let unknown_run_id = uuid::Uuid::new_v4().to_string();
    let plan = match Plan::new(case, &ctx.plan_context(), index, unknown_run_id) {
        Ok(p) => p,
        Err(e) => {
            let why = format!("case template: {e}");
            let reason = crate::outcome::verdicts::NotRun::Unplannable;
            return CaseRun {
                results: judge::not_run(case, &why, reason),
                worth_retrying: false,
                stands: false,
            };
        }
    };
    let journey = journey::travel(ctx, &plan, Issued::default()).await;
    let region = ctx.swf.client().region();
    let results = judge::results(&plan, &journey, region, secrets, keep_passing);
    CaseRun {
        worth_retrying: retry::worth_retrying(&plan, &journey, &results),
        stands: retry::stands(&plan, &journey, &results),
        results,
    }
}
