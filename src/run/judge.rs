//! A journey judged: each check group of the case evaluated by the checks against the
//! case's answer (or the step that stopped the journey), then turned into a result by the
//! verdict pipeline (`outcome::verdicts`), with its evidence. No verdict is decided here.

use super::journey::Journey;
use crate::cases::case::Case;
use crate::check::{self, CheckGroup};
use crate::outcome::verdicts::{self, NotRun};
use crate::outcome::{CaseResult, Cause, Subject, evidence};
use crate::plan::Plan;
use std::sync::Arc;

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
    if let Some(f) = &journey.failure {
        let evidence = f
            .exchange
            .as_ref()
            .map(|ex| Arc::new(evidence::of(ex, region, secrets)));
        let cause = Arc::new(Cause {
            step: Some(f.label.clone()),
            missing: f.missing().map(str::to_owned),
            exchanges: exchanges(journey, region, secrets),
        });
        let stop = f.stop();
        return subjects(case)
            .map(|subject| {
                let mut r = verdicts::of_stop(subject, &stop, secrets);
                r.evidence = evidence.clone();
                r.cause = Some(cause.clone());
                r
            })
            .collect();
    }
    let Some(exchange) = &journey.exchange else {
        let why = "no request was sent";
        return not_run(case, why, NotRun::Unplannable);
    };
    let evidence = Arc::new(evidence::of(exchange, region, secrets));
    let groups = plan.bound_checks(&journey.issued);
    let mut cause: Option<Arc<Cause>> = None;
    subjects(case)
        .zip(&groups)
        .map(|(subject, group)| {
            let after = &journey.after[usize::from(group.of == check::Which::Previous)];
            let eval = check::evaluate(group, &case.operation, exchange, after);
            let mut r = verdicts::of_check(subject, &eval, secrets);
            r.evidence = (keep_passing || !eval.holds()).then(|| evidence.clone());
            if !eval.holds() {
                let c = cause.get_or_insert_with(|| {
                    Arc::new(Cause {
                        exchanges: exchanges(journey, region, secrets),
                        ..Cause::default()
                    })
                });
                r.cause = Some(match eval.missing {
                    None => c.clone(),
                    Some(m) => Arc::new(Cause {
                        missing: Some(m),
                        ..(**c).clone()
                    }),
                });
            }
            r
        })
        .collect()
}

/// Every exchange of the journey, as evidence under its step's label.
fn exchanges(
    journey: &Journey,
    region: &str,
    secrets: &[String],
) -> Vec<(String, crate::outcome::Evidence)> {
    journey
        .log
        .iter()
        .map(|(label, ex)| (label.clone(), evidence::of(ex, region, secrets)))
        .collect()
}

/// Who each check group's result is about, in the order of the case's groups.
pub fn subjects(case: &Case) -> impl Iterator<Item = Subject> + '_ {
    case.checks.iter().map(|group| subject(case, group))
}

/// Who the result of `group` of `case` is about.
fn subject(case: &Case, group: &CheckGroup) -> Subject {
    Subject {
        id: group.id_in(&case.id),
        case_id: case.id.clone(),
        check: group.name.clone(),
        expects_fault: group.fault().map(str::to_owned),
        operation: case.operation.clone(),
        level: group.level_or(case.level),
        source: group.source_or(&case.source).to_owned(),
        category: case.category.clone(),
        variation: case.variation,
        origin: case.origin.clone(),
    }
}

/// Every check group of `case`, not run because of `why`.
pub fn not_run(case: &Case, why: &str, reason: NotRun) -> Vec<CaseResult> {
    subjects(case)
        .map(|s| verdicts::not_run(s, why, reason))
        .collect()
}

/// Every check group of `case` marked skipped (the run was interrupted before it).
pub fn skipped(case: &Case, why: &str) -> Vec<CaseResult> {
    not_run(case, why, NotRun::Interrupted)
}
