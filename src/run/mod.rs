//! The runner: resolves the endpoint, prepares the run's domain and types,
//! runs the cases `jobs` at a time, evaluates their checks, and cleans up
//! every execution it started — also after a failure or Ctrl-C.

pub mod client;
pub mod compared;
pub mod credentials;
pub mod endpoint;
pub mod filter;
pub mod lifecycle;
pub mod prop;
pub mod redact;
pub mod retry;
pub mod setup;
pub mod steps;
pub mod swf;

use crate::cases::case::{Case, Setup, Then, Which};
use crate::check::{self, After, CaseResult, Verdict};
use client::Outgoing;
use setup::{Prepared, RunContext};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::watch;
use tokio::task::JoinSet;

pub use compared::{Compared, Difference};
pub use endpoint::{Endpoint, RunError};

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
        }
    }
}

/// What a run produced.
#[derive(Debug, Clone)]
pub struct RunReport {
    /// The endpoint's URL.
    pub endpoint: String,
    /// When the run started (RFC 3339, UTC).
    pub started: String,
    /// The run's prefix, `swfcheck-<8 hex>`: every workflowId and task list of the run starts with it.
    pub prefix: String,
    /// One result per check group, in case order.
    pub results: Vec<CaseResult>,
    /// Whether the run was interrupted (Ctrl-C) before every case ran.
    pub interrupted: bool,
    /// Executions terminated, and domains and types deprecated, by cleanup.
    pub cleaned_up: usize,
    /// Cleanup calls that failed.
    pub cleanup_errors: Vec<String>,
    /// With `run --compare URL2`: the second endpoint and every case whose answers differ.
    pub compared: Option<Compared>,
}

impl RunReport {
    /// Whether every must and should check passed (and no answer was broken).
    pub fn conformant(&self) -> bool {
        !self.interrupted && !self.results.iter().any(|r| r.counts)
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
    let session = Session::open(config).await?;
    let needs_run_setup = cases.iter().any(|c| c.setup != Setup::None);
    let run_setup = if needs_run_setup {
        session.ctx.prepare_run().await
    } else {
        Ok(())
    };
    let run_setup = match run_setup {
        Ok(()) if cases.iter().any(|c| c.setup == Setup::Domain) => {
            session.ctx.prepare_generated().await
        }
        other => other,
    };
    let (ctx, secrets) = (&session.ctx, &session.secrets);

    progress.start(cases.len());
    // At most `jobs` cases are in flight, and only they exist as tasks: spawning one
    // task per case up front kept every case's future (and its case) alive until the
    // end, which is most of a 100,000-case run's memory. A case is dropped when its
    // task ends; only its results stay.
    //
    // Waves: the hand-written cases (whose setups deprecate and start things) first, then the
    // generated ones, what registers types after them and what registers domains last, so
    // that what a case sees does not depend on which cases run beside it (or in other shards).
    let jobs = config.jobs.max(1);
    let keep = config.keep_passing_evidence;
    let (retry, total) = (config.retry, cases.len());
    let shared = Arc::new((ctx.clone(), secrets.clone(), run_setup));
    let mut slots: Vec<Vec<CaseResult>> = vec![Vec::new(); cases.len()];
    let mut waves: [Vec<(usize, Case)>; 4] = Default::default();
    for (index, case) in cases.into_iter().enumerate() {
        waves[usize::from(wave_of(&case))].push((index, case));
    }
    for wave in waves {
        let mut pending = wave.into_iter();
        let mut set = JoinSet::new();
        loop {
            while set.len() < jobs {
                let Some((index, case)) = pending.next() else {
                    break;
                };
                if *stop.borrow() {
                    let results = skipped(&case, "interrupted before it ran");
                    progress.case_done(&results);
                    slots[index] = results;
                    continue;
                }
                let shared = shared.clone();
                let mut stop = stop.clone();
                set.spawn(async move {
                    let (ctx, secrets, run_setup) = &*shared;
                    let work = async {
                        let first =
                            run_case(ctx, index, &case, run_setup.clone(), secrets, keep).await;
                        if !retry || run_setup.is_err() || !retry::failed(&first) {
                            return first;
                        }
                        // A fresh setup: the retry's names are those of case `index + total`.
                        let again = index + total;
                        let second =
                            run_case(ctx, again, &case, run_setup.clone(), secrets, true).await;
                        retry::settle(first, second)
                    };
                    tokio::select! {
                        results = work => (index, results),
                        _ = stopped(&mut stop) => (index, skipped(&case, "interrupted while running")),
                    }
                });
            }
            match set.join_next().await {
                Some(Ok((index, results))) => {
                    progress.case_done(&results);
                    slots[index] = results;
                }
                Some(Err(e)) => {
                    return Err(RunError::Internal(format!("a case task failed: {e}")));
                }
                None => break,
            }
        }
    }
    progress.cleaning_up();
    let (endpoint, started) = (session.endpoint.url.to_string(), session.started.clone());
    let prefix = session.ctx.prefix.clone();
    let (cleaned_up, errors) = session.close(config.jobs).await;
    Ok(RunReport {
        endpoint,
        started,
        prefix,
        results: slots.into_iter().flatten().collect(),
        interrupted: *stop.borrow(),
        cleaned_up,
        cleanup_errors: errors.iter().map(ToString::to_string).collect(),
        compared: None,
    })
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
        })
    }

    /// [`Session::open`], then registers the run's domain and types and the generated cases'
    /// domain (what `swfcheck prop` and `state` need); a setup failure closes the session.
    pub async fn open_prepared(config: &RunConfig) -> Result<Session, RunError> {
        let session = Session::open(config).await?;
        let prepared = match session.ctx.prepare_run().await {
            Ok(()) => session.ctx.prepare_generated().await,
            Err(e) => Err(e),
        };
        if let Err(e) = prepared {
            session.close(1).await;
            return Err(RunError::Internal(format!("run setup failed: {e}")));
        }
        Ok(session)
    }

    /// Cleans up what the session started or registered and stops an embedded endpoint.
    pub async fn close(self, jobs: usize) -> (usize, Vec<swf::CallError>) {
        let out = self.ctx.cleanup(jobs).await;
        self.endpoint.shutdown().await;
        out
    }

    /// Runs one case (its setup, request, follow-up and checks).
    pub async fn run_case(&self, index: usize, case: &Case) -> Vec<CaseResult> {
        run_case(&self.ctx, index, case, Ok(()), &self.secrets, true).await
    }
}

/// 0 hand-written cases; generated and random ones: 1, or 2 when their request registers a
/// type, 3 a domain.
fn wave_of(case: &Case) -> u8 {
    match case.operation.as_str() {
        _ if case.setup != Setup::Domain => 0,
        "RegisterWorkflowType" | "RegisterActivityType" => 2,
        "RegisterDomain" => 3,
        _ => 1,
    }
}

/// Resolves when `stop` turns true; never, if its sender is gone without stopping.
async fn stopped(stop: &mut watch::Receiver<bool>) {
    if stop.wait_for(|s| *s).await.is_err() {
        std::future::pending::<()>().await;
    }
}

fn result_of(
    case: &Case,
    idx: usize,
    verdict: Verdict,
    expected: String,
    actual: String,
    counts: bool,
) -> CaseResult {
    let check = &case.checks[idx];
    let level = check.level_in(case);
    CaseResult {
        id: check.id_in(case),
        operation: case.operation.clone(),
        level,
        verdict: verdict.at_level(level, counts),
        source: check.source_in(case).to_owned(),
        expected,
        actual,
        counts,
        category: case.category.clone(),
        origin: case.origin.clone(),
        case_id: case.id.clone(),
        evidence: None,
        first_attempt: None,
    }
}

/// Every check group of `case` marked skipped.
pub fn skipped(case: &Case, why: &str) -> Vec<CaseResult> {
    (0..case.checks.len())
        .map(|i| result_of(case, i, Verdict::Skipped, "to run".into(), why.into(), true))
        .collect()
}

fn errored(case: &Case, why: &str, verdict: Verdict, broken: bool) -> Vec<CaseResult> {
    (0..case.checks.len())
        .map(|i| {
            let level = case.checks[i].level_in(case);
            let counts = check::counts(level, verdict, broken);
            result_of(
                case,
                i,
                verdict,
                "a working setup".into(),
                why.into(),
                counts,
            )
        })
        .collect()
}

async fn run_case(
    ctx: &RunContext,
    index: usize,
    case: &Case,
    run_setup: Result<(), swf::CallError>,
    secrets: &[String],
    keep_passing: bool,
) -> Vec<CaseResult> {
    if let Err(e) = run_setup {
        let why = redact::text(&format!("run setup failed: {e}"), secrets);
        return errored(case, &why, Verdict::Error, e.is_broken_answer());
    }
    let mut prepared = match ctx.prepare_case(index, case.setup).await {
        Ok(p) => p,
        Err(e) => {
            let verdict = if e.fault() == Some("UnknownOperationException") {
                Verdict::NotImplemented
            } else {
                Verdict::Error
            };
            let why = redact::text(&format!("setup {:?} failed: {e}", case.setup), secrets);
            return errored(case, &why, verdict, e.is_broken_answer());
        }
    };
    if let Err(f) = steps::run(ctx, &case.steps, &mut prepared.vars).await {
        let why = redact::text(&f.why, secrets);
        return errored(case, &why, Verdict::Fail, f.broken);
    }
    let outgoing = match request_of(case, &prepared.vars) {
        Ok(o) => o,
        Err(e) => return errored(case, &format!("case template: {e}"), Verdict::Error, true),
    };
    let exchange = ctx.swf.client().send(&outgoing).await;
    if let Ok(r) = &exchange.outcome {
        if r.status == 200 {
            ctx.note_success(&case.operation, &outgoing.body, &r.body);
        }
    }
    let after = follow_up(ctx, case, &prepared).await;
    let evidence = Arc::new(redact::evidence(
        &exchange,
        ctx.swf.client().region(),
        secrets,
    ));
    let mut results = Vec::with_capacity(case.checks.len());
    for (i, check_group) in case.checks.iter().enumerate() {
        let level = check_group.level_in(case);
        let after_for = match check_group.of {
            Which::Current => &after.0,
            Which::Previous => &after.1,
        };
        let mut r = match check::evaluate(
            case,
            check_group,
            &prepared.vars,
            &exchange.outcome,
            after_for,
        ) {
            Ok(o) => {
                let counts = check::counts(level, o.verdict, o.broken_answer);
                result_of(case, i, o.verdict, o.expected, o.actual, counts)
            }
            Err(e) => result_of(
                case,
                i,
                Verdict::Error,
                "a valid template".into(),
                e.to_string(),
                true,
            ),
        };
        r.expected = cap(redact::text(&r.expected, secrets));
        r.actual = cap(redact::text(&r.actual, secrets));
        r.evidence = (keep_passing || r.verdict != Verdict::Pass).then(|| evidence.clone());
        results.push(r);
    }
    results
}

/// At most this many characters of an expected or actual text (a fault message may echo
/// a 32 KiB value; the evidence keeps the whole answer).
pub const TEXT_CAP: usize = 2048;

/// `text` cut to [`TEXT_CAP`] characters, saying how much was left out.
fn cap(text: String) -> String {
    match text.char_indices().nth(TEXT_CAP) {
        Some((at, _)) => {
            let left = text[at..].chars().count();
            format!("{}… ({left} more characters)", &text[..at])
        }
        None => text,
    }
}

/// The request `case` sends, its templates expanded with `vars` (`swfcheck explain` shows it
/// with placeholder values).
pub fn request_of(
    case: &Case,
    vars: &crate::cases::template::Vars,
) -> Result<Outgoing, crate::cases::template::TemplateError> {
    let req = &case.request;
    let body = match (&req.body, &req.raw) {
        _ if req.json.is_some() => {
            let json = req
                .json
                .as_ref()
                .map(|j| vars.expand_json(&j.value()))
                .transpose()?;
            serde_json::to_vec(&json).unwrap_or_default()
        }
        (_, Some(raw)) => vars.expand(raw)?.into_bytes(),
        (Some(table), None) => serde_json::to_vec(&vars.table_to_json(table)?).unwrap_or_default(),
        (None, None) => b"{}".to_vec(),
    };
    let model = crate::model::swf();
    let mut out = Outgoing::operation(&model.target_prefix, &case.operation, body);
    if let Some(target) = &req.target {
        let t = vars.expand(target)?;
        set_header(&mut out.headers, "X-Amz-Target", t);
    }
    for (k, v) in &req.headers {
        set_header(&mut out.headers, k, vars.expand(v)?);
    }
    out.headers
        .retain(|(k, _)| !req.omit_headers.iter().any(|o| o.eq_ignore_ascii_case(k)));
    out.signed = !req.unsigned;
    Ok(out)
}

fn set_header(headers: &mut Vec<(String, String)>, name: &str, value: String) {
    headers.retain(|(k, _)| !k.eq_ignore_ascii_case(name));
    headers.push((name.to_owned(), value));
}

/// Runs the case's follow-up step and reads history/description for the checks that need them.
async fn follow_up(ctx: &RunContext, case: &Case, p: &Prepared) -> (After, After) {
    let mut current = After::default();
    if let Some(step) = case.then {
        let r = ctx.then(step, p).await.map_err(|e| e.to_string());
        if step == Then::Heartbeat {
            current.heartbeat = Some(r);
        } else if let Err(e) = r {
            let e = format!("follow-up {step:?} failed: {e}");
            current.history = Some(Err(e.clone()));
            current.describe = Some(Err(e));
            return (current, After::default());
        }
    }
    let current = read_after(ctx, case, p.current.as_ref(), Which::Current, current).await;
    let previous = read_after(
        ctx,
        case,
        p.previous.as_ref(),
        Which::Previous,
        After::default(),
    )
    .await;
    (current, previous)
}

/// Reads the history and description of `ex` when a check of `which` needs them.
async fn read_after(
    ctx: &RunContext,
    case: &Case,
    ex: Option<&swf::Execution>,
    which: Which,
    mut after: After,
) -> After {
    let Some(ex) = ex else { return after };
    let checks = case.checks.iter().filter(|c| c.of == which);
    let (h, d) = checks.fold((false, false), |(h, d), c| {
        (h || c.history.is_some(), d || c.describe.is_some())
    });
    if h {
        after.history = Some(ctx.swf.history(ex).await.map_err(|e| e.to_string()));
    }
    if d {
        after.describe = Some(ctx.swf.describe(ex).await.map_err(|e| e.to_string()));
    }
    after
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_texts_are_cut_on_a_character_boundary() {
        assert_eq!(cap("short".into()), "short");
        let long = "é".repeat(TEXT_CAP + 10);
        let cut = cap(long);
        assert!(cut.starts_with(&"é".repeat(TEXT_CAP)));
        assert!(cut.ends_with("… (10 more characters)"), "{cut}");
    }
}
