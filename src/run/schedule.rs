//! The scheduler: the cases of a run in waves, `jobs` at a time, each retried once with
//! a fresh setup when it fails; Ctrl-C stops new cases and marks the rest skipped.
//!
//! A case holds a job slot while it works ([`super::slots`]): one waiting in a long poll the
//! endpoint holds gives it back, and does not hold up its wave. A case that did not pass
//! beside other cases is run again alone before it is judged ([`super::alone`]).

use super::alone::{Guard, OneAtATime};
use super::context::RunContext;
use super::slots::{Holder, Parking};
use super::{Progress, RunConfig, RunError, judge, run_case};
use crate::cases::case::Case;
use crate::outcome::{CaseResult, Verdict};
use std::collections::HashMap;
use std::sync::Arc;
use tokio::sync::{Semaphore, watch};
use tokio::task::JoinSet;

/// What every case task shares: the run's context and its secrets.
pub type Shared = Arc<(RunContext, Vec<String>)>;

/// How many cases that wait on real time ([`super::filter::waits`]) are in flight at once,
/// beside the `jobs` others: they spend their time in waits, not in work.
pub const WAITING_JOBS: usize = 64;

/// After this many cases, all of them errors before their checks, the run stops: the
/// endpoint cannot run the suite (not an SWF endpoint, or a broken one).
pub const ERRED_TO_STOP: usize = 20;

/// What the scheduler produced: the results of case `i` in slot `i`, why the run stopped
/// early (when every case so far ended in an error), and whether it went one case at a time.
#[derive(Debug, Default)]
pub struct Scheduled {
    /// The results of each case, by its index.
    pub slots: Vec<Vec<CaseResult>>,
    /// Why the run could not happen, if the first cases all ended in an error.
    pub aborted: Option<String>,
    /// When and why the run went one case at a time.
    pub one_at_a_time: Option<OneAtATime>,
}

/// Runs `cases` wave by wave. When the first cases all end in an error (at least
/// [`ERRED_TO_STOP`] of them, or every case of a smaller run), the run stops and says why.
///
/// At most `jobs` cases work at once, and only the cases in flight exist as tasks: spawning
/// one task per case up front kept every case's future (and its case) alive until the end,
/// which is most of a 100,000-case run's memory. A case is dropped when its task ends; only
/// its results stay.
///
/// Waves: the hand-written cases (whose setups deprecate and start things) first, then
/// the generated ones, what registers types after them and what registers domains last,
/// so that what a case sees does not depend on which cases run beside it (or in other
/// shards). A wave is over when each of its cases is done or parked in a long poll: a
/// parked case polls a task list of its own (named after the run's prefix and its index),
/// which no case of a later wave touches.
pub async fn run_waves(
    config: &RunConfig,
    cases: Vec<Case>,
    shared: Shared,
    progress: &dyn Progress,
    stop: &watch::Receiver<bool>,
) -> Result<Scheduled, RunError> {
    let total = cases.len();
    let mut waves: [Vec<(usize, Case)>; 4] = Default::default();
    for (index, case) in cases.into_iter().enumerate() {
        waves[usize::from(wave_of(&case))].push((index, case));
    }
    let mut scheduler = Scheduler::new(config, shared, total, progress, stop);
    for (wave, cases) in waves.into_iter().enumerate() {
        scheduler.wave(wave, cases).await?;
    }
    while !scheduler.running.is_empty() || scheduler.guard.holding() {
        scheduler.next_event().await?;
    }
    Ok(Scheduled {
        aborted: scheduler.sentinel.verdict(),
        one_at_a_time: scheduler.guard.one_at_a_time.take(),
        slots: scheduler.slots,
    })
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

    /// Why the run could not happen, if it stopped because its first [`ERRED_TO_STOP`] cases
    /// all erred (the most common cause). A smaller run whose cases all erred did happen:
    /// its errors are its verdicts (a reproduction of an error group replays one case, and
    /// must end as the run did).
    fn verdict(&self) -> Option<String> {
        if !self.only_errors || self.done < ERRED_TO_STOP {
            return None;
        }
        let (cause, n) = self.causes.iter().max_by_key(|(_, n)| **n)?;
        Some(format!(
            "the first {} case(s) all ended in an error before any check ({n} of them: {cause})",
            self.done
        ))
    }
}

/// A case in flight.
struct Running {
    /// Its wave.
    wave: usize,
    /// Its case, kept to run it again alone.
    case: Case,
    /// Its slot.
    holder: Arc<Holder>,
    /// Whether it waits on time (the lane of its own, beside the `jobs` cases).
    waits: bool,
    /// Whether another case of the `jobs` lane was in flight beside it at some moment.
    company: bool,
}

/// The run's cases in flight and what they share.
pub(super) struct Scheduler<'a> {
    pub config: &'a RunConfig,
    shared: Shared,
    pub total: usize,
    pub progress: &'a dyn Progress,
    stop: &'a watch::Receiver<bool>,
    /// The slots: of the `jobs` lane, and of the lane of the cases that wait on time.
    pub lanes: [Arc<Semaphore>; 2],
    parking: Arc<Parking>,
    set: JoinSet<Ended>,
    running: HashMap<usize, Running>,
    slots: Vec<Vec<CaseResult>>,
    sentinel: Sentinel,
    pub guard: Guard,
}

impl<'a> Scheduler<'a> {
    fn new(
        config: &'a RunConfig,
        shared: Shared,
        total: usize,
        progress: &'a dyn Progress,
        stop: &'a watch::Receiver<bool>,
    ) -> Self {
        Scheduler {
            config,
            shared,
            total,
            progress,
            stop,
            lanes: [
                Arc::new(Semaphore::new(config.jobs.max(1))),
                Arc::new(Semaphore::new(WAITING_JOBS)),
            ],
            parking: Arc::new(Parking::default()),
            set: JoinSet::new(),
            running: HashMap::new(),
            slots: vec![Vec::new(); total],
            sentinel: Sentinel::default(),
            guard: Guard::default(),
        }
    }

    /// Runs the cases of wave `wave` until each is done or parked. The cases that wait on
    /// time start first, in a lane of their own.
    async fn wave(&mut self, wave: usize, cases: Vec<(usize, Case)>) -> Result<(), RunError> {
        let (mut ordered, others): (Vec<_>, Vec<_>) = cases
            .into_iter()
            .partition(|(_, c)| super::filter::waits(c));
        ordered.extend(others);
        let mut pending = ordered.into_iter().peekable();
        loop {
            if !self.guard.holding() {
                self.launch(wave, &mut pending);
            }
            let settled = self
                .running
                .values()
                .all(|r| r.wave != wave || r.holder.is_parked());
            if pending.peek().is_none() && settled && !self.guard.holding() {
                return Ok(());
            }
            self.next_event().await?;
        }
    }

    /// Starts the next cases while their lane has a free slot.
    fn launch(
        &mut self,
        wave: usize,
        pending: &mut std::iter::Peekable<impl Iterator<Item = (usize, Case)>>,
    ) {
        while let Some((_, next)) = pending.peek() {
            let waits = super::filter::waits(next);
            let lane = &self.lanes[usize::from(waits)];
            let Ok(permit) = lane.clone().try_acquire_owned() else {
                break;
            };
            let Some((index, case)) = pending.next() else {
                break;
            };
            if self.sentinel.stops() {
                let why = "not run: every case before it ended in an error";
                self.slots[index] = judge::skipped(&case, why);
                continue;
            }
            if *self.stop.borrow() {
                let results = judge::skipped(&case, "interrupted before it ran");
                self.progress.case_done(&results);
                self.slots[index] = results;
                continue;
            }
            let holder = Arc::new(Holder::new(lane.clone(), permit, self.parking.clone()));
            let mut company = false;
            for other in self.running.values_mut().filter(|r| !r.waits && !waits) {
                (other.company, company) = (true, true);
            }
            let work = self.task(index, case.clone(), index);
            self.set.spawn(holder.clone().scope(work));
            let running = Running {
                wave,
                case,
                holder,
                waits,
                company,
            };
            self.running.insert(index, running);
        }
    }

    /// Waits for a case to end (and takes its results) or for a long poll to park or end.
    pub async fn next_event(&mut self) -> Result<(), RunError> {
        if self.guard.holding() {
            return self.alone().await;
        }
        let parking = self.parking.clone();
        tokio::select! {
            joined = self.set.join_next() => match joined {
                Some(Ok(ended)) => self.finished(ended),
                Some(Err(e)) => Err(RunError::CaseTask(e)),
                None => Ok(()),
            },
            () = parking.changed() => {
                self.progress.waiting(parking.waiting());
                Ok(())
            }
        }
    }

    /// A case ended: its results kept, or held to be run again alone.
    fn finished(&mut self, ended: Ended) -> Result<(), RunError> {
        let index = ended.index;
        if let Some(running) = self.running.remove(&index) {
            // A case that waited in a held long poll is judged as it ran: run again alone, it
            // would hold every job slot for as long as the poll is held (a minute).
            let alone = running.company && !running.holder.waited();
            if alone && !ended.stands && Guard::worth_alone(&ended.results) {
                self.guard.hold(running.case, ended);
                return Ok(());
            }
        }
        self.keep(index, ended.results);
        Ok(())
    }

    /// How many cases are done.
    pub fn done(&self) -> usize {
        self.sentinel.done
    }

    /// The results of case `index`, final.
    pub fn keep(&mut self, index: usize, results: Vec<CaseResult>) {
        self.progress.case_done(&results);
        self.sentinel.saw(&results);
        self.slots[index] = results;
    }

    /// The task of case `index`: the case (named after `names`), once more with a fresh
    /// setup when it failed; skipped when the run is interrupted meanwhile.
    pub fn task(
        &self,
        index: usize,
        case: Case,
        names: usize,
    ) -> impl std::future::Future<Output = Ended> + Send + 'static {
        let shared = self.shared.clone();
        let mut stop = self.stop.clone();
        let (retry, total) = (self.config.retry, self.total);
        let keep = self.config.keep_passing_evidence;
        async move {
            let (ctx, secrets) = &*shared;
            let began = std::time::Instant::now();
            let work = async {
                let first = run_case(ctx, names, &case, secrets, keep).await;
                if !retry || !first.worth_retrying {
                    return (first.results, first.stands);
                }
                // A fresh setup: the retry's names are those of case `names + total`.
                let again = names + total;
                let second = run_case(ctx, again, &case, secrets, true).await;
                let results = crate::outcome::verdicts::retried(first.results, second.results);
                (results, false)
            };
            let (results, stands) = tokio::select! {
                ran = work => ran,
                _ = stopped(&mut stop) => (judge::skipped(&case, "interrupted while running"), false),
            };
            Ended {
                index,
                results,
                stands,
                took: began.elapsed(),
            }
        }
    }
}

/// A case's task ended: its results, and how long it took.
#[derive(Debug)]
pub(super) struct Ended {
    /// The case's index.
    pub index: usize,
    /// Its results.
    pub results: Vec<CaseResult>,
    /// Whether its failure stands as first seen: its request changed state, so that no
    /// other run of it may judge it ([`super::retry::stands`]).
    pub stands: bool,
    /// How long its task took (its retry included).
    pub took: std::time::Duration,
}

/// 0 hand-written cases; generated and random ones: 1, or 2 when their request starts an
/// execution or registers a type, 3 a domain. A generated request names the value under
/// test as it is (a workflowId "s"), so what it starts or registers is seen by the generated
/// cases that name the same value: they go first, so that each gets the same answer in a
/// whole run and in any shard of it.
fn wave_of(case: &Case) -> u8 {
    match case.operation.as_str() {
        _ if !case.setup.in_generated_domain() => 0,
        "StartWorkflowExecution" | "RegisterWorkflowType" | "RegisterActivityType" => 2,
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
