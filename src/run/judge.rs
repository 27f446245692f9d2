//! A journey judged: each check group of the case evaluated by the checks against the
//! case's answer (or the setup step that stopped the journey; when one of the case's own
//! steps failed, its first group carries that failure and the others are judged), then
//! turned into a result by the verdict pipeline (`outcome::verdicts`), with its evidence.
//! No verdict is decided here.

use super::journey::{Failure, Journey};
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
    let stopped = journey
        .failure
        .as_ref()
        .filter(|_| journey.exchange.is_none());
    if let Some(f) = stopped {
        let parts = step_parts(f, journey, region, secrets);
        return subjects(case)
            .map(|subject| step_failed(subject, f, &parts, secrets))
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
        .enumerate()
        .map(|(i, (subject, group))| {
            // A step of the case's own failed, and the journey went on: the case's first
            // group (what its steps lead up to) is the step's failure; the others are judged.
            if let (0, Some(f)) = (i, &journey.failure) {
                let parts = step_parts(f, journey, region, secrets);
                return step_failed(subject, f, &parts, secrets);
            }
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

/// What every result of a case whose step failed shares: the failing exchange as evidence,
/// and the cause (the step, what the endpoint lacks, every exchange).
type StepParts = (Option<Arc<crate::outcome::Evidence>>, Arc<Cause>);

fn step_parts(f: &Failure, journey: &Journey, region: &str, secrets: &[String]) -> StepParts {
    let evidence = f
        .exchange
        .as_ref()
        .map(|ex| Arc::new(evidence::of(ex, region, secrets)));
    let cause = Arc::new(Cause {
        step: Some(f.label.clone()),
        missing: f.missing().map(str::to_owned),
        exchanges: exchanges(journey, region, secrets),
    });
    (evidence, cause)
}

/// The result of `subject` when the case's step `f` failed.
fn step_failed(subject: Subject, f: &Failure, parts: &StepParts, secrets: &[String]) -> CaseResult {
    let mut r = verdicts::of_stop(subject, &f.stop(), secrets);
    r.evidence = parts.0.clone();
    r.cause = Some(parts.1.clone());
    r
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
        member: case.member.clone(),
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::After;
    use crate::outcome::{Exchange, Received, Sent, Verdict};
    use crate::plan::{Issued, PlanContext};
    use crate::run::journey::Failure;
    use std::time::{Duration, SystemTime};

    fn case() -> Case {
        let text = r#"
[[case]]
id = "c"
operation = "GetWorkflowExecutionHistory"
source = "s"
[[case.step]]
operation = "SignalWorkflowExecution"
body = { domain = "d", workflowId = "w", signalName = "s" }
[case.request]
body = { domain = "d", execution = { workflowId = "w", runId = "r" } }
[[case.check]]
status = 200
[[case.check]]
name = "later"
event_counts = { TimerCanceled = 1 }
"#;
        crate::cases::file::parse("t.toml", text).unwrap().remove(0)
    }

    fn exchange(body: &str) -> Exchange {
        Exchange {
            sent: Sent {
                url: "http://127.0.0.1/".into(),
                headers: Vec::new(),
                body: b"{}".to_vec(),
                at: SystemTime::now(),
            },
            outcome: Ok(Received {
                status: 200,
                headers: Vec::new(),
                body: body.as_bytes().to_vec(),
                truncated_from: None,
                elapsed: Duration::ZERO,
            }),
        }
    }

    fn journey(request: Option<Exchange>) -> Journey {
        Journey {
            issued: Issued::default(),
            failure: Some(Failure {
                role: crate::plan::Role::Step(1),
                label: "step 1 (SignalWorkflowExecution)".into(),
                why: "step 1 (SignalWorkflowExecution): HTTP 500".into(),
                evaluation: None,
                exchange: None,
            }),
            exchange: request,
            after: [After::default(), After::default()],
            log: Vec::new(),
        }
    }

    #[test]
    fn a_failed_step_does_not_hide_the_checks_behind_it() {
        let case = case();
        let ctx = PlanContext {
            domain: "d".into(),
            generated_domain: "g".into(),
            deprecated_domain: "x".into(),
            prefix: "swfcheck-0".into(),
            workflow: ("w".into(), "1".into()),
            activity: ("a".into(), "1".into()),
        };
        let plan = Plan::new(&case, &ctx, 0, "u".into()).unwrap();
        let misnamed = r#"{"events": [{"eventId": 1, "eventType": "TimerCancelled"}]}"#;
        let went_on = results(&plan, &journey(Some(exchange(misnamed))), "r", &[], false);
        assert_eq!(went_on[0].verdict, Verdict::Error, "the step's failure");
        assert!(
            went_on[0].actual.contains("step 1"),
            "{}",
            went_on[0].actual
        );
        let later = went_on.iter().find(|r| r.id == "c/later").unwrap();
        assert_eq!(
            later.verdict,
            Verdict::Fail,
            "judged on the answer: no TimerCanceled"
        );
        let output = went_on.iter().find(|r| r.id == "c/output").unwrap();
        assert_eq!(
            output.verdict,
            Verdict::Fail,
            "judged: the misnamed event type"
        );
        let stopped = results(&plan, &journey(None), "r", &[], false);
        assert!(
            stopped.iter().all(|r| r.verdict == Verdict::Error),
            "a setup stops all"
        );
    }
}
