//! A failing case runs once more, with a fresh setup, before it is reported: one that then
//! passes is `flaky` (an endpoint that fails now and then, or a race in the harness), reported
//! with both exchanges, and does not fail the run. `run --no-retry` turns this off.

use crate::check::{CaseResult, Verdict};

/// Whether a case's results hold a failure worth running again (not an unimplemented
/// operation, not an interruption).
pub fn failed(results: &[CaseResult]) -> bool {
    results
        .iter()
        .any(|r| r.counts && matches!(r.verdict, Verdict::Fail | Verdict::Error))
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
                r.actual = format!("first attempt: {}; passed when run again", r.actual);
            }
            r
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cases::case::Level;
    use crate::check::Evidence;
    use crate::check::verdict::fixtures;
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
