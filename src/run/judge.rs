//! A journey judged: one result per check group of the case, from the checks' outcomes
//! (or from the step that stopped the journey), with secrets replaced and long texts cut.

use super::journey::{Failure, Journey};
use crate::cases::case::Case;
use crate::check;
use crate::outcome::policy::counts;
use crate::outcome::{CaseResult, Cause, Verdict, evidence, secrets};
use crate::plan::Plan;
use std::collections::BTreeSet;
use std::sync::Arc;

/// At most this many characters of an expected or actual text (a fault message may echo
/// a 32 KiB value; the evidence keeps the whole answer).
pub const TEXT_CAP: usize = 2048;

/// The results of `plan`'s journey; the evidence of passing checks is kept only when
/// `keep_passing`.
pub fn results(
    plan: &Plan<'_>,
    journey: &Journey,
    region: &str,
    secrets: &[String],
    keep_passing: bool,
) -> Vec<CaseResult> {
    let case = plan.case;
    let exchange = match (&journey.failure, &journey.exchange) {
        (Some(f), _) => return stopped(case, f, journey, region, secrets),
        (None, Some(exchange)) => exchange,
        (None, None) => return errored(case, "no request was sent", Verdict::Error, true),
    };
    let evidence = Arc::new(evidence::of(exchange, region, secrets));
    let groups = plan.bound_checks(&journey.issued);
    let mut results = Vec::with_capacity(groups.len());
    let mut cause: Option<Arc<Cause>> = None;
    for (i, group) in groups.iter().enumerate() {
        let level = group.level_or(case.level);
        let after = &journey.after[usize::from(group.of == check::Which::Previous)];
        let o = check::evaluate(group, &case.operation, &exchange.outcome, after);
        let counts = counts(level, o.verdict, o.broken_answer);
        let missing = o.missing.clone();
        let mut r = result_of(case, i, o.verdict, o.expected, o.actual, counts);
        r.expected = cap(secrets::text(&r.expected, secrets));
        r.actual = cap(secrets::text(&r.actual, secrets));
        r.evidence = (keep_passing || r.verdict != Verdict::Pass).then(|| evidence.clone());
        if r.verdict != Verdict::Pass {
            let c = cause.get_or_insert_with(|| Arc::new(cause_of(journey, None, region, secrets)));
            r.cause = Some(match missing {
                None => c.clone(),
                Some(m) => Arc::new(Cause {
                    missing: Some(m),
                    ..(**c).clone()
                }),
            });
        }
        results.push(r);
    }
    results
}

/// Where the case went wrong: the step that failed (if one did) and every exchange.
fn cause_of(
    journey: &Journey,
    failure: Option<&Failure>,
    region: &str,
    secrets: &[String],
) -> Cause {
    Cause {
        step: failure.map(|f| f.label.clone()),
        missing: failure.and_then(|f| f.missing.clone()),
        exchanges: journey
            .log
            .iter()
            .map(|(label, ex)| (label.clone(), evidence::of(ex, region, secrets)))
            .collect(),
    }
}

/// The results of a case whose journey a setup or a step stopped: an error of every check
/// group behind it (the checks were never reached), with the failing exchange as evidence;
/// not implemented when that answer says the endpoint lacks what the step asked for.
fn stopped(
    case: &Case,
    f: &Failure,
    journey: &Journey,
    region: &str,
    secrets: &[String],
) -> Vec<CaseResult> {
    let why = secrets::text(&f.why, secrets);
    let verdict = match &f.missing {
        Some(_) => Verdict::NotImplemented,
        None => Verdict::Error,
    };
    let evidence = f
        .exchange
        .as_ref()
        .map(|ex| Arc::new(evidence::of(ex, region, secrets)));
    let cause = Arc::new(cause_of(journey, Some(f), region, secrets));
    // What the endpoint lacks counts as a must or should check would, not as a 5xx.
    let broken = f.broken && verdict != Verdict::NotImplemented;
    let mut results = errored(case, &why, verdict, broken);
    for r in &mut results {
        r.evidence = evidence.clone();
        r.cause = Some(cause.clone());
    }
    results
}

/// A result of check group `idx` of `case`.
pub fn result_of(
    case: &Case,
    idx: usize,
    verdict: Verdict,
    expected: String,
    actual: String,
    counts: bool,
) -> CaseResult {
    let check = &case.checks[idx];
    let level = check.level_or(case.level);
    CaseResult {
        id: check.id_in(&case.id),
        operation: case.operation.clone(),
        level,
        verdict: verdict.at_level(level, counts),
        source: check.source_or(&case.source).to_owned(),
        expected,
        actual,
        counts,
        category: case.category.clone(),
        origin: case.origin.clone(),
        case_id: case.id.clone(),
        evidence: None,
        first_attempt: None,
        cause: None,
    }
}

/// Every check group of `case` marked skipped.
pub fn skipped(case: &Case, why: &str) -> Vec<CaseResult> {
    (0..case.checks.len())
        .map(|i| result_of(case, i, Verdict::Skipped, "to run".into(), why.into(), true))
        .collect()
}

/// Every check group of `case` with `verdict`, because of `why`.
pub fn errored(case: &Case, why: &str, verdict: Verdict, broken: bool) -> Vec<CaseResult> {
    (0..case.checks.len())
        .map(|i| {
            let level = case.checks[i].level_or(case.level);
            let counts = counts(level, verdict, broken);
            result_of(
                case,
                i,
                verdict,
                "the case's setup and steps to get their answers".into(),
                why.into(),
                counts,
            )
        })
        .collect()
}

/// Not implemented is a property of an operation (or a decision type), not of one case:
/// a result the endpoint called not implemented, for an operation that answered a 2xx
/// elsewhere in the run (`worked`), is a departure of an operation that works (the long
/// X-Amz-Target refused, say), a fail.
pub fn works_after_all(results: &mut [CaseResult], worked: &BTreeSet<String>) {
    for r in results.iter_mut() {
        let missing = r.cause.as_ref().and_then(|c| c.missing.clone());
        let Some(missing) =
            missing.filter(|m| r.verdict == Verdict::NotImplemented && worked.contains(m))
        else {
            continue;
        };
        r.verdict = Verdict::Fail.at_level(r.level, true);
        r.counts = true;
        r.actual = format!(
            "{} — yet {missing} answered a 2xx elsewhere in this run: it is implemented, this request departs",
            r.actual
        );
        if let Some(c) = &r.cause {
            r.cause = Some(Arc::new(Cause {
                missing: None,
                ..(**c).clone()
            }));
        }
    }
}

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
