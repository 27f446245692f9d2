//! A case whose failure can come from timing runs once more, with a fresh setup, before it
//! is reported: one that then passes is `flaky` (the verdict pipeline's retry stage,
//! `outcome::verdicts::retried`), reported with both exchanges and what differed, and does
//! not fail the run. `run --no-retry` turns this off. This module decides only whether a
//! case is worth running again.
//!
//! A retry never hides a failure that timing cannot explain: only a read (a listing, a
//! count, a description, a history, a poll: what the documentation calls eventually
//! consistent, or a task that is not there yet) is run again, and a first attempt that got
//! a 2xx where a refusal is documented, or whose request changed state, is a fail whatever
//! a retry would get.

use super::journey::Journey;
use crate::outcome::{CaseResult, Verdict};
use crate::plan::{Action, Plan, PlannedStep};

/// Whether a case's results hold a failure (not an unimplemented operation, not an
/// interruption).
pub fn failed(results: &[CaseResult]) -> bool {
    results
        .iter()
        .any(|r| r.counts && matches!(r.verdict, Verdict::Fail | Verdict::Error))
}

/// Whether an operation only reads: its answer may lag behind what was just done.
pub fn reads(operation: &str) -> bool {
    ["Describe", "Get", "List", "Count", "Poll"]
        .iter()
        .any(|p| operation.starts_with(p))
}

/// Whether the failure of a case (its `results` after `journey` of `plan`) can come from
/// timing, so that a retry with a fresh setup may tell: a setup or step that failed on a
/// read or a poll, or a check of a read (the case's own request, or what is read after
/// it); never a first attempt whose own request got a 2xx where a refusal is documented or
/// changed state.
pub fn worth_retrying(plan: &Plan<'_>, journey: &Journey, results: &[CaseResult]) -> bool {
    if !failed(results) || stands(plan, journey, results) {
        return false;
    }
    if let Some(f) = &journey.failure {
        let step = plan
            .steps
            .iter()
            .find(|s| crate::run::journey::label(s) == f.label);
        return step.is_some_and(timing_step);
    }
    let operation = &plan.case.operation;
    failing(plan, results).any(|group| reads(operation) || !group.needs().is_empty())
}

/// Whether a failure stands as first seen, whatever another run of the case would get: its
/// own request got a 2xx where a refusal is documented, or a 2xx that changed state (a
/// second run meets what the first one made). Neither a retry nor a run alone
/// (`run::alone`) judges it again.
pub fn stands(plan: &Plan<'_>, journey: &Journey, results: &[CaseResult]) -> bool {
    if journey.failure.is_some() {
        return false;
    }
    let got_2xx = journey
        .exchange
        .as_ref()
        .and_then(|ex| ex.outcome.as_ref().ok())
        .is_some_and(|r| (200..300).contains(&r.status));
    let operation = &plan.case.operation;
    got_2xx
        && failing(plan, results).any(|group| {
            let refusal_documented = !group.allows_success() && group.states_status();
            refusal_documented || !reads(operation)
        })
}

/// The check groups of `plan` whose results failed and count.
fn failing<'a>(
    plan: &'a Plan<'_>,
    results: &'a [CaseResult],
) -> impl Iterator<Item = &'a crate::check::group::CheckGroup> + 'a {
    plan.checks
        .iter()
        .zip(results)
        .filter(|(_, r)| r.counts && matches!(r.verdict, Verdict::Fail | Verdict::Error))
        .map(|(group, _)| &**group)
}

/// A step whose failure timing may explain: a read, or a decider's or worker's poll.
fn timing_step(step: &PlannedStep) -> bool {
    match &step.action {
        Action::Call(c) => reads(&c.operation),
        Action::Decide { .. } | Action::TakeActivity { .. } | Action::TakeDecision { .. } => true,
        Action::Wait(_) => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cases::case::Level;
    use crate::outcome::result::fixtures;

    #[test]
    fn an_unimplemented_operation_is_not_a_failure_worth_a_retry() {
        assert!(failed(&[fixtures::result("c", Verdict::Fail, Level::Must)]));
        let not_implemented = fixtures::result("c", Verdict::NotImplemented, Level::Must);
        assert!(
            !failed(&[not_implemented]),
            "an unimplemented operation is not retried"
        );
    }
}
