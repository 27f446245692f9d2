//! The scheduler: the cases of a run in waves, `jobs` at a time, each retried once with
//! a fresh setup when it fails; Ctrl-C stops new cases and marks the rest skipped.

use super::context::RunContext;
use super::{Progress, RunConfig, RunError, judge, run_case};
use crate::cases::case::Case;
use crate::outcome::{CaseResult, Verdict};
use std::sync::Arc;
use tokio::sync::watch;
use tokio::task::JoinSet;

/// What every case task shares: the run's context and its secrets.
pub type Shared = Arc<(RunContext, Vec<String>)>;

/// How many cases that wait on real time ([`super::filter::waits`]) are in flight at once,
/// beside the `jobs` others: they spend their time in long polls and waits, not in work.
pub const WAITING_JOBS: usize = 64;

/// After this many cases, all of them errors before their checks, the run stops: the
/// endpoint cannot run the suite (not an SWF endpoint, or a broken one).
pub const ERRED_TO_STOP: usize = 20;

/// Runs `cases` wave by wave; the results of case `i` are in slot `i`. When the first
/// cases all end in an error (at least [`ERRED_TO_STOP`] of them, or every case of a smaller
/// run), the run stops and says why (the second value).
///
/// At most `jobs` cases are in flight, and only they exist as tasks: spawning one task
/// per case up front kept every case's future (and its case) alive until the end, which
/// is most of a 100,000-case run's memory. A case is dropped when its task ends; only
/// its results stay.
///
/// Waves: the hand-written cases (whose setups deprecate and start things) first, then
/// the generated ones, what registers types after them and what registers domains last,
/// so that what a case sees does not depend on which cases run beside it (or in other
/// shards).
pub async fn run_waves(
    config: &RunConfig,
    cases: Vec<Case>,
    shared: Shared,
    progress: &dyn Progress,
    stop: &watch::Receiver<bool>,
) -> Result<(Vec<Vec<CaseResult>>, Option<String>), RunError> {
    let total = cases.len();
    let mut slots: Vec<Vec<CaseResult>> = vec![Vec::new(); total];
    let mut waves: [Vec<(usize, Case)>; 4] = Default::default();
    for (index, case) in cases.into_iter().enumerate() {
        waves[usize::from(wave_of(&case))].push((index, case));
    }
    let wave = Wave {
        config,
        shared: &shared,
        total,
        progress,
        stop,
    };
    let mut sentinel = Sentinel::default();
    for cases in waves {
        wave.run(cases, &mut slots, &mut sentinel).await?;
    }
    let aborted = sentinel.verdict(total);
    Ok((slots, aborted))
}

/// Watches whether every case so far ended in an error before its checks.
#[derive(Default)]
struct Sentinel {
    done: usize,
    only_errors: bool,
    causes: std::collections::BTreeMap<String, usize>,
}

impl Sentinel {
    fn saw(&mut self, results: &[CaseResult]) {
        let erred = !results.is_empty() && results.iter().all(|r| r.verdict == Verdict::Error);
        self.only_errors = (self.done == 0 || self.only_errors) && erred;
        self.done += 1;
        if erred {
            let cause = crate::outcome::evidence::shorten(&results[0].actual, 300);
            *self.causes.entry(cause).or_default() += 1;
        }
    }

    /// Whether the run should stop now.
    fn stops(&self) -> bool {
        self.only_errors && self.done >= ERRED_TO_STOP
    }

    /// Why the run could not happen, if every case of it erred (the most common cause).
    fn verdict(&self, total: usize) -> Option<String> {
        if !self.only_errors || self.done == 0 || (self.done < ERRED_TO_STOP && self.done < total) {
            return None;
        }
        let (cause, n) = self.causes.iter().max_by_key(|(_, n)| **n)?;
        Some(format!(
            "the first {} case(s) all ended in an error before any check ({n} of them: {cause})",
            self.done
        ))
    }
}

/// What the cases of a wave share.
struct Wave<'a> {
    config: &'a RunConfig,
    shared: &'a Shared,
    total: usize,
    progress: &'a dyn Progress,
    stop: &'a watch::Receiver<bool>,
}

impl Wave<'_> {
    /// Runs `cases`, `jobs` at a time, filling their slots.
    async fn run(
        &self,
        cases: Vec<(usize, Case)>,
        slots: &mut [Vec<CaseResult>],
        sentinel: &mut Sentinel,
    ) -> Result<(), RunError> {
        // The cases that wait on time start first, in a lane of their own.
        let (mut waiting, others): (Vec<_>, Vec<_>) = cases
            .into_iter()
            .partition(|(_, c)| super::filter::waits(c, self.config.polls_wait));
        waiting.extend(others);
        let mut pending = waiting.into_iter().peekable();
        let mut set = JoinSet::new();
        let mut in_flight = [0usize; 2];
        let mut lane_of = std::collections::HashMap::new();
        loop {
            while let Some((_, next)) = pending.peek() {
                let lane = usize::from(super::filter::waits(next, self.config.polls_wait));
                let limit = [self.config.jobs.max(1), WAITING_JOBS][lane];
                if in_flight[lane] >= limit {
                    break;
                }
                let Some((index, case)) = pending.next() else {
                    break;
                };
                if sentinel.stops() {
                    let why = "not run: every case before it ended in an error";
                    slots[index] = judge::skipped(&case, why);
                    continue;
                }
                if *self.stop.borrow() {
                    let results = judge::skipped(&case, "interrupted before it ran");
                    self.progress.case_done(&results);
                    slots[index] = results;
                    continue;
                }
                in_flight[lane] += 1;
                lane_of.insert(index, lane);
                set.spawn(self.task(index, case));
            }
            match set.join_next().await {
                Some(Ok((index, results))) => {
                    if let Some(lane) = lane_of.remove(&index) {
                        in_flight[lane] -= 1;
                    }
                    self.progress.case_done(&results);
                    sentinel.saw(&results);
                    slots[index] = results;
                }
                Some(Err(e)) => {
                    return Err(RunError::CaseTask(e));
                }
                None => return Ok(()),
            }
        }
    }

    /// The task of case `index`: the case, once more with a fresh setup when it failed;
    /// skipped when the run is interrupted meanwhile.
    fn task(
        &self,
        index: usize,
        case: Case,
    ) -> impl std::future::Future<Output = (usize, Vec<CaseResult>)> + Send + 'static {
        let shared = self.shared.clone();
        let mut stop = self.stop.clone();
        let (retry, total) = (self.config.retry, self.total);
        let keep = self.config.keep_passing_evidence;
        async move {
            let (ctx, secrets) = &*shared;
            let work = async {
                let (first, worth) = run_case(ctx, index, &case, secrets, keep).await;
                if !retry || !worth {
                    return first;
                }
                // A fresh setup: the retry's names are those of case `index + total`.
                let again = index + total;
                let (second, _) = run_case(ctx, again, &case, secrets, true).await;
                crate::outcome::verdicts::retried(first, second)
            };
            tokio::select! {
                results = work => (index, results),
                _ = stopped(&mut stop) => (index, judge::skipped(&case, "interrupted while running")),
            }
        }
    }
}

/// 0 hand-written cases; generated and random ones: 1, or 2 when their request registers a
/// type, 3 a domain.
fn wave_of(case: &Case) -> u8 {
    match case.operation.as_str() {
        _ if !case.setup.in_generated_domain() => 0,
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
