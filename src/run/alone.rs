//! Verdicts that do not depend on the cases run beside them, and a concurrency that pays.
//!
//! Cases run `--jobs` at a time. An endpoint that is not thread-safe answers some of them
//! differently beside other cases than alone (moto's SWF answers a 500 "dictionary changed
//! size during iteration" when a request iterates what another one changes), and then two
//! runs of it disagree. So:
//!
//! - a case that did not pass (any verdict but `pass`) while another case of the `jobs` lane
//!   was in flight is run again **alone** before it is judged: the run holds every job slot
//!   meanwhile, so that no other case works (a case parked in a long poll the endpoint holds
//!   may still be waiting for its answer, and the cases that wait on time keep their own lane,
//!   as with `--jobs 1`), and the verdicts alone are the case's
//!   ([`crate::outcome::verdicts::alone`]);
//! - the run goes **one case at a time** from then on, as `--jobs 1` does from the start, as
//!   soon as a case's verdicts alone differ from those it got beside others (the endpoint's
//!   answers change with concurrency), or once the cases run again show that concurrency
//!   does not pay for the runs it costs ([`pays`]: on moto, which answers one request at a
//!   time under Python's lock, a case beside another takes twice as long as alone, and half
//!   of the cases fail).
//!
//! On a thread-safe endpoint that passes, nothing is run twice. A case that passes beside
//! others is taken to pass alone. A case that waited in a long poll the endpoint held is
//! judged as it ran: run again alone, it would stop the run for as long as the poll is held.
//! A case whose own request got a 2xx that changed state (or where a refusal is documented)
//! is judged as first seen, as a retry would judge it (`run::retry::stands`): run again, it
//! meets what its first run made.

use super::schedule::{Ended, Scheduler};
use crate::cases::case::Case;
use crate::outcome::{CaseResult, Verdict};
use std::time::Duration;
use tokio::sync::OwnedSemaphorePermit;

/// Concurrency is judged once this many cases were run again alone ([`pays`]).
pub const JUDGE_AFTER: usize = 8;

/// When and why a run went one case at a time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OneAtATime {
    /// Why, in words.
    pub why: String,
    /// How many cases were done before.
    pub after: usize,
}

impl OneAtATime {
    /// In words, for the terminal and the baseline.
    pub fn line(&self) -> String {
        format!(
            "the run went one case at a time after {} case(s), as --jobs 1 does from the start: {}",
            self.after, self.why
        )
    }
}

/// The cases held to be run again alone, what those runs cost, and whether the run went one
/// case at a time.
#[derive(Debug, Default)]
pub struct Guard {
    held: Vec<(Case, Ended)>,
    /// Cases run again alone whose verdicts did not change, and their time beside others and
    /// alone.
    reruns: usize,
    beside: Duration,
    alone: Duration,
    /// The job slots held back once the run goes one case at a time.
    reserved: Option<OwnedSemaphorePermit>,
    /// When and why the run went one case at a time.
    pub one_at_a_time: Option<OneAtATime>,
}

impl Guard {
    /// Whether results got beside other cases are worth a run alone: any verdict but a pass
    /// (an interrupted case is not).
    pub fn worth_alone(results: &[CaseResult]) -> bool {
        let interrupted = results.iter().any(|r| r.verdict == Verdict::Skipped);
        !interrupted && results.iter().any(|r| r.verdict != Verdict::Pass)
    }

    /// Holds a case (what it got beside others) to be run again alone.
    pub(super) fn hold(&mut self, case: Case, beside: Ended) {
        self.held.push((case, beside));
    }

    /// Whether a case waits to be run alone (no new case starts meanwhile).
    pub fn holding(&self) -> bool {
        !self.held.is_empty()
    }
}

/// Whether running `jobs` cases at once pays on an endpoint where `reruns` of `done` cases were
/// run again alone, taking `beside` in all beside others and `alone` alone: at `jobs` at a
/// time a case costs its time beside others divided by `jobs`, plus, for the share that did
/// not pass, its run alone (while nothing else runs); one at a time it costs its time alone.
/// Judged once [`JUDGE_AFTER`] cases were run again.
pub fn pays(jobs: usize, done: usize, reruns: usize, beside: Duration, alone: Duration) -> bool {
    if reruns < JUDGE_AFTER || jobs < 2 {
        return true;
    }
    let share = reruns as f64 / done.max(reruns) as f64;
    let slower = beside.as_secs_f64() / alone.as_secs_f64().max(1e-6);
    slower / jobs as f64 + share < 1.0
}

/// The verdicts of `results`, in words: `fail` or `error, fail`.
fn verdicts(results: &[CaseResult]) -> String {
    let mut words: Vec<&str> = results.iter().map(|r| r.verdict.as_str()).collect();
    words.dedup();
    words.join(", ")
}

impl Scheduler<'_> {
    /// Runs the first held case again alone, once every job slot is free (the cases in
    /// flight end or park meanwhile), and keeps the verdicts alone.
    pub(super) async fn alone(&mut self) -> Result<(), super::RunError> {
        if self.guard.held.is_empty() {
            return Ok(());
        }
        let (case, beside) = self.guard.held.remove(0);
        let reserved = self.guard.reserved.as_ref().map_or(0, |r| r.num_permits());
        let free = self.config.jobs.max(1).saturating_sub(reserved).max(1);
        let index = beside.index;
        let slots = u32::try_from(free).unwrap_or(u32::MAX);
        // The lane is never closed; were it, the case is judged as it ran.
        let Ok(all) = self.lanes[0].clone().acquire_many_owned(slots).await else {
            self.keep(index, beside.results);
            return Ok(());
        };
        let alone = self.task(index, case, index + 2 * self.total).await;
        let (results, changed) =
            crate::outcome::verdicts::alone(beside.results.clone(), alone.results);
        let why = if changed {
            Some(format!(
                "{} gave {} beside other cases and {} alone: the endpoint's answers change with concurrency; each case that did not pass beside others was run again alone",
                case_id(&beside.results),
                verdicts(&beside.results),
                verdicts(&results)
            ))
        } else {
            self.costs(beside.took, alone.took)
        };
        if let Some(why) = why.filter(|_| self.guard.one_at_a_time.is_none()) {
            self.one_at_a_time(all, why);
        }
        self.keep(index, results);
        Ok(())
    }

    /// Counts a case run again alone with the same verdicts; why concurrency does not pay,
    /// when it does not.
    fn costs(&mut self, beside: Duration, alone: Duration) -> Option<String> {
        let (jobs, done) = (self.config.jobs, self.done() + 1);
        let g = &mut self.guard;
        (g.reruns, g.beside, g.alone) = (g.reruns + 1, g.beside + beside, g.alone + alone);
        if pays(jobs, done, g.reruns, g.beside, g.alone) {
            return None;
        }
        Some(format!(
            "concurrency does not pay on this endpoint: {} of {done} cases did not pass beside others and were run again alone, and beside others a case took {:.1}× its time alone at {jobs} jobs",
            g.reruns,
            g.beside.as_secs_f64() / g.alone.as_secs_f64().max(1e-6)
        ))
    }

    /// From now on one case at a time: every job slot but one is held back for good.
    fn one_at_a_time(&mut self, mut all: OwnedSemaphorePermit, why: String) {
        let keep_back = all.num_permits().saturating_sub(1);
        if keep_back > 0 {
            self.guard.reserved = all.split(keep_back);
        }
        let finding = OneAtATime {
            why,
            // The case that showed it is done too.
            after: self.done() + 1,
        };
        self.progress.one_at_a_time(&finding);
        self.guard.one_at_a_time = Some(finding);
    }
}

fn case_id(results: &[CaseResult]) -> &str {
    results.first().map_or("", |r| r.case_id.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn secs(s: f64) -> Duration {
        Duration::from_secs_f64(s)
    }

    #[test]
    fn concurrency_pays_where_a_case_beside_others_is_not_much_slower_and_few_fail() {
        // Too few cases run again to judge, or one job: nothing to judge.
        assert!(pays(2, 100, 7, secs(70.0), secs(7.0)));
        assert!(pays(1, 100, 50, secs(70.0), secs(7.0)));
        // A network endpoint: beside others as fast as alone, a tenth failing.
        assert!(pays(2, 100, 10, secs(1.0), secs(1.0)));
        // moto: a case beside another takes twice its time alone, half of them fail.
        assert!(!pays(2, 100, 50, secs(20.0), secs(10.0)));
        // Beside others twice as slow at 2 jobs: no gain even when few fail.
        assert!(!pays(2, 1000, 10, secs(2.0), secs(1.0)));
    }
}
