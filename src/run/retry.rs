//! A case whose failure can come from timing runs once more, with a fresh setup, before it
//! is reported: one that then passes is `flaky`, reported with both exchanges and what
//! differed, and does not fail the run. `run --no-retry` turns this off.
//!
//! A retry never hides a failure that timing cannot explain: only a read (a listing, a
//! count, a description, a history, a poll: what the documentation calls eventually
//! consistent, or a task that is not there yet) is run again, and a first attempt that got
//! a 2xx where a refusal is documented, or whose request changed state, is a fail whatever
//! a retry would get.

use super::journey::Journey;
use crate::check::Expectation;
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
    if !failed(results) {
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
    let got_2xx = journey
        .exchange
        .as_ref()
        .and_then(|ex| ex.outcome.as_ref().ok())
        .is_some_and(|r| (200..300).contains(&r.status));
    let failing = plan
        .checks
        .iter()
        .zip(results)
        .filter(|(_, r)| r.counts && matches!(r.verdict, Verdict::Fail | Verdict::Error));
    let mut timing = false;
    for (group, _) in failing {
        let refusal_documented = !group.allows_success()
            && group
                .expectations()
                .iter()
                .any(|e| matches!(e, Expectation::Status(_) | Expectation::StatusClass(_)));
        if got_2xx && (refusal_documented || !reads(operation)) {
            return false;
        }
        timing |= reads(operation) || !group.needs().is_empty();
    }
    timing
}

/// A step whose failure timing may explain: a read, or a decider's or worker's poll.
fn timing_step(step: &PlannedStep) -> bool {
    match &step.action {
        Action::Call(c) => reads(&c.operation),
        Action::Decide { .. } | Action::TakeActivity { .. } | Action::TakeDecision { .. } => true,
        Action::Wait(_) => false,
    }
}

/// A case's first results and those of its retry: the first ones when the retry failed too
/// (a real failure, reported as first seen); otherwise every result that counted becomes
/// `flaky`, with the failing exchange as its first attempt and the passing one as evidence.
pub fn settle(first: Vec<CaseResult>, second: Vec<CaseResult>) -> Vec<CaseResult> {
    if second.iter().any(|r| r.counts) {
        return first;
    }
    first
        .into_iter()
        .map(|mut r| {
            if r.counts {
                r.verdict = Verdict::Flaky;
                r.counts = false;
                r.first_attempt = r.evidence.take();
                r.evidence = second
                    .iter()
                    .find(|s| s.id == r.id)
                    .and_then(|s| s.evidence.clone());
                let then = second
                    .iter()
                    .find(|s| s.id == r.id)
                    .map_or(String::new(), |s| s.actual.clone());
                r.actual = format!(
                    "first attempt: {}; run again with a fresh setup: {then}",
                    r.actual
                );
            }
            r
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cases::case::Level;
    use crate::outcome::Evidence;
    use crate::outcome::result::fixtures;
    use std::sync::Arc;

    fn with_status(mut r: CaseResult, status: u16) -> CaseResult {
        r.evidence = Some(Arc::new(Evidence {
            status: Some(status),
            ..Evidence::default()
        }));
        r
    }

    #[test]
    fn a_retry_that_passes_makes_the_failure_flaky_with_both_exchanges() {
        let first = vec![with_status(
            fixtures::result("c", Verdict::Fail, Level::Must),
            500,
        )];
        assert!(failed(&first));
        let second = vec![with_status(
            fixtures::result("c", Verdict::Pass, Level::Must),
            400,
        )];
        let settled = settle(first.clone(), second);
        assert_eq!(settled[0].verdict, Verdict::Flaky);
        assert!(!settled[0].counts);
        assert_eq!(
            settled[0].first_attempt.as_ref().and_then(|e| e.status),
            Some(500)
        );
        assert_eq!(
            settled[0].evidence.as_ref().and_then(|e| e.status),
            Some(400)
        );
        let again = vec![with_status(
            fixtures::result("c", Verdict::Fail, Level::Must),
            500,
        )];
        assert_eq!(
            settle(first.clone(), again),
            first,
            "failed twice: reported as first seen"
        );
        let not_implemented = fixtures::result("c", Verdict::NotImplemented, Level::Must);
        assert!(
            !failed(&[not_implemented]),
            "an unimplemented operation is not retried"
        );
    }
}
