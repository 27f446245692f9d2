//! Divergences grouped by cause: every result that makes a run not conformant, keyed on
//! the typed facts of the exchange that failed and of the expectation that failed. One
//! cause is one group, and two causes are never one group:
//!
//! - what the endpoint says it does not implement: one group per operation (or decision
//!   type);
//! - an answer that is never documented (a 5xx, HTML, no answer): one group per operation
//!   and answer signature (its status, kind of body, and its first error line or
//!   normalised message), whatever the case expected: the endpoint failed the same way. A
//!   page that names no error (a generic "500 Internal Server Error") tells causes apart
//!   only by what was sent: it is one group when nearly every request to the operation got
//!   it (the operation fails as a whole), else one group per kind of case;
//! - any other: one group per kind of case, operation, answer (status, fault, normalised
//!   message), failing step, and the class of what failed (`fault ValidationException;
//!   status 400`).
//!
//! The checks of a case that failed on what kind of answer came (its status, fault,
//! message, envelope) share one key, the case's answer: one cause. A check that failed on
//! what a documented answer holds (a member, the output shape, the history read after) is
//! keyed on its own, so a second failure behind the first is a group of its own, not hidden
//! in the first's.

pub mod classes;

use crate::outcome::answered::BodyKind;
use crate::outcome::evidence::shorten;
use crate::outcome::{Answered, CaseResult, RunReport};
use classes::{
    answered, expected_classes, expected_words, failed_on_the_answer, kind_of, missing, step_class,
};
use serde::Serialize;
use std::collections::BTreeMap;

/// One cause, and the results it explains.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Group {
    /// What kind of case: `not implemented`, `undocumented answer` (a 5xx, HTML, no
    /// answer, whatever the case), `length`, `missing or null`, `wrong type`, `enum value`,
    /// `enum outside its set`, `number range`, `list size` (the generated kinds), or the
    /// case's category (`lifecycle`, `protocol`, `unknown`, ...).
    pub kind: String,
    /// What SWF documents, in a few words: `fault ValidationException; status 400`; empty
    /// for a step that failed; for an undocumented answer that names no error, the kind of
    /// case it came to (`missing or null`), when the operation does not fail as a whole.
    pub expected: String,
    /// The answer that came back: `HTTP 500 with an HTML body: KeyError: 'input'`,
    /// `HTTP 400 ValidationException: Invalid token`, ...
    pub answer: String,
    /// The step whose answer stopped the cases (`step (SignalWorkflowExecution)`), when one did.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub step: Option<String>,
    /// The operations the group spans: the one whose exchange failed.
    pub operations: Vec<String>,
    /// What the failing exchange was about: its operation, and the decision types of a
    /// RespondDecisionTaskCompleted (`RespondDecisionTaskCompleted StartTimer`).
    pub subject: String,
    /// How many of the group's cases a step's (or setup's) answer stopped, so that the
    /// checks behind it were not reached.
    #[serde(skip_serializing_if = "is_zero")]
    pub stopped: usize,
    /// How many checks (result ids) it holds.
    pub checks: usize,
    /// How many cases they belong to.
    pub cases: usize,
    /// The case id of one result of the group (the first in report order): what
    /// `run --case` takes.
    pub example: String,
    /// What the example expected, in full.
    pub example_expected: String,
    /// What the example got, in full.
    pub example_got: String,
    /// A curl line that replays the example's failing exchange, when one was sent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reproduce: Option<String>,
    /// The command that runs the example's whole case again, printing every exchange.
    pub reproduce_case: String,
    /// Every result id of the group, in report order.
    pub ids: Vec<String>,
    /// The cause in one sentence ([`Group::cause`]), as the terminal shows it.
    pub cause: String,
    /// Whether its answer is an HTML page that names no error (moto's generic 500): the
    /// group is then one by its subject and kind, not by a crash the page names.
    #[serde(skip)]
    pub unnamed_page: bool,
}

impl Group {
    /// The operation, or "N operations".
    pub fn scope(&self) -> String {
        match self.operations.as_slice() {
            [one] => one.clone(),
            many => format!("{} operations", many.len()),
        }
    }

    /// The cause in one sentence: `HTTP 500 with an HTML body where status 400 is documented`.
    pub fn cause(&self) -> String {
        if let Some(step) = &self.step {
            return format!(
                "{step} got {}, so the checks behind it were not reached",
                self.answer
            );
        }
        match self.kind.as_str() {
            NOT_IMPLEMENTED => self.answer.clone(),
            NOT_RUN => format!("not run: {}", self.answer),
            UNDOCUMENTED => {
                let mut cause = format!(
                    "{} answered {}, never a documented answer",
                    self.subject, self.answer
                );
                if !self.expected.is_empty() {
                    cause.push_str(&format!(" (to the {} cases)", self.expected));
                }
                if self.stopped > 0 {
                    cause.push_str(&format!(
                        " (in {} case(s) a step's, so the checks behind it were not reached)",
                        self.stopped
                    ));
                }
                if self.unnamed_page && self.cases > 1 {
                    cause.push_str(
                        "; the page names no error: the endpoint's log tells whether every one is the same crash",
                    );
                }
                cause
            }
            _ => format!("{} where {} is documented", self.answer, self.expected),
        }
    }
}

/// The kind of the groups of what the endpoint says it does not implement.
pub const NOT_IMPLEMENTED: &str = "not implemented";

/// The kind of the groups of answers that are never documented (a 5xx, HTML, no answer).
pub const UNDOCUMENTED: &str = "undocumented answer";

/// The kind of the groups of cases that sent nothing (interrupted, or not plannable).
pub const NOT_RUN: &str = "not run";

/// What a group is keyed on.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Key {
    kind: String,
    answered: Answered,
    step: Option<String>,
    expected: String,
}

/// The groups of a run's counting results, largest first (ties: by kind, then operations).
pub fn of(report: &RunReport) -> Vec<Group> {
    let answer_classes = answer_classes(report);
    let wide = operation_wide(report);
    let mut groups: BTreeMap<Key, Vec<&CaseResult>> = BTreeMap::new();
    for r in report.results.iter().filter(|r| r.counts) {
        let expected = match failed_on_the_answer(r) {
            true => answer_classes.get(case_id(r)).cloned().unwrap_or_default(),
            false => expected_classes(r.failed.iter()),
        };
        groups
            .entry(key_of(r, expected, &wide))
            .or_default()
            .push(r);
    }
    let mut out: Vec<Group> = groups
        .into_iter()
        .map(|(key, results)| group_of(key, &results, &report.replay()))
        .collect();
    out.sort_by(|a, b| {
        b.checks
            .cmp(&a.checks)
            .then_with(|| a.kind.cmp(&b.kind))
            .then_with(|| a.operations.cmp(&b.operations))
            .then_with(|| a.answer.cmp(&b.answer))
    });
    out
}

/// For each case, what its counting checks that failed on the kind of answer expected
/// between them.
fn answer_classes(report: &RunReport) -> BTreeMap<&str, String> {
    let mut failed: BTreeMap<&str, Vec<&crate::outcome::Assertion>> = BTreeMap::new();
    for r in report
        .results
        .iter()
        .filter(|r| r.counts && failed_on_the_answer(r))
    {
        failed.entry(case_id(r)).or_default().extend(&r.failed);
    }
    failed
        .into_iter()
        .map(|(case, failed)| (case, expected_classes(failed.into_iter())))
        .collect()
}

/// The key of one counting result (`expected`: the classes of what it failed on): what it
/// lacks when the endpoint says it does not implement it; its answer's facts when the
/// answer is never documented or none came; else its kind, answer, failing step and what
/// failed.
fn key_of(r: &CaseResult, expected: String, wide: &BTreeMap<String, Answered>) -> Key {
    let (mut answered, sent) = answered(r);
    let step = r
        .cause
        .as_ref()
        .and_then(|c| c.step.as_deref())
        .map(step_class);
    if let Some(missing) = missing(r) {
        answered.operation = missing.split(' ').next().unwrap_or(&missing).to_owned();
        return Key {
            kind: NOT_IMPLEMENTED.into(),
            expected: missing,
            answered,
            step: None,
        };
    }
    if !sent {
        return Key {
            kind: NOT_RUN.into(),
            answered,
            step,
            expected: String::new(),
        };
    }
    if answered.is_broken() {
        // The same crash is one cause, whether a step or the case's own request met it; a
        // page that names no error is told apart by what was sent, unless the operation
        // fails as a whole.
        let named = !answered.signature.is_empty();
        let whole = wide.get(&answered.subject()) == Some(&answered);
        let sent = match named || whole {
            true => String::new(),
            false => kind_of(r),
        };
        return Key {
            kind: UNDOCUMENTED.into(),
            answered,
            step: None,
            expected: sent,
        };
    }
    Key {
        kind: kind_of(r),
        expected: match step {
            Some(_) => String::new(),
            None => expected,
        },
        answered,
        step,
    }
}

/// The group of the counting `results` under `key`.
fn group_of(key: Key, results: &[&CaseResult], replay: &[String]) -> Group {
    let mut case_ids: Vec<&str> = results.iter().map(|r| case_id(r)).collect();
    case_ids.sort_unstable();
    case_ids.dedup();
    let example = results[0];
    let answer = match key.kind.as_str() {
        NOT_IMPLEMENTED => format!(
            "{} is not implemented ({})",
            key.expected,
            key.answered.line()
        ),
        _ => key.answered.line(),
    };
    let mut group = Group {
        expected: match key.kind.as_str() {
            NOT_IMPLEMENTED => String::new(),
            _ => key.expected,
        },
        kind: key.kind,
        answer,
        step: key.step,
        subject: key.answered.subject(),
        stopped: stopped_cases(results),
        operations: vec![key.answered.operation],
        checks: results.len(),
        cases: case_ids.len(),
        unnamed_page: key.answered.body == BodyKind::Html && key.answered.signature.is_empty(),
        example: case_id(example).to_owned(),
        example_expected: shorten(&expected_words(example), 400),
        example_got: shorten(&example.actual, 400),
        reproduce: example
            .evidence
            .as_deref()
            .map(crate::outcome::curl::command),
        reproduce_case: reproduction(case_id(example), replay),
        ids: results.iter().map(|r| r.id.clone()).collect(),
        cause: String::new(),
    };
    group.cause = group.cause();
    group
}

/// The subjects (operation, and decision types) whose processed cases, at least three,
/// nearly all ([`OPERATION_WIDE`]) got one answer that is never documented: that answer. A
/// case refused with a fault is not counted: its request stopped at the endpoint's
/// validation (an unknown domain, a wrong type) before the code that fails for nearly
/// every other request (moto 5.2.6's SignalWorkflowExecution crashes on every request
/// without `input`, whatever else the case changes, and refuses a few wrongly typed ones).
fn operation_wide(report: &RunReport) -> BTreeMap<String, Answered> {
    let mut per_case: BTreeMap<&str, &Answered> = BTreeMap::new();
    for r in &report.results {
        if let Some(a) = r.answered.as_deref() {
            per_case.entry(case_id(r)).or_insert(a);
        }
    }
    let mut per_subject: BTreeMap<String, Vec<&Answered>> = BTreeMap::new();
    for a in per_case.into_values() {
        if a.body != BodyKind::Fault {
            per_subject.entry(a.subject()).or_default().push(a);
        }
    }
    per_subject
        .into_iter()
        .filter_map(|(subject, answers)| {
            let mut counts: BTreeMap<&Answered, usize> = BTreeMap::new();
            for a in &answers {
                *counts.entry(a).or_default() += 1;
            }
            let (top, n) = counts.into_iter().max_by_key(|(_, n)| *n)?;
            let share = n as f64 / answers.len() as f64;
            (answers.len() >= 3 && top.is_broken() && share >= OPERATION_WIDE)
                .then(|| (subject, top.clone()))
        })
        .collect()
}

/// At least this share of a subject's answered cases got one undocumented answer: the
/// subject fails as a whole.
const OPERATION_WIDE: f64 = 0.9;

/// How many of the cases of `results` a step stopped.
fn stopped_cases(results: &[&CaseResult]) -> usize {
    let mut cases: Vec<&str> = results
        .iter()
        .filter(|r| r.cause.as_ref().is_some_and(|c| c.step.is_some()))
        .map(|r| case_id(r))
        .collect();
    cases.sort_unstable();
    cases.dedup();
    cases.len()
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

/// `swfcheck run --case 'ID' <the run's replay arguments> -v`: the command that runs the
/// case again, where the run found it, with every exchange shown.
pub fn reproduction(case: &str, replay: &[String]) -> String {
    let quote = crate::outcome::curl::shell_quote;
    let mut out = format!("swfcheck run --case {}", quote(case));
    for arg in replay {
        out.push(' ');
        match arg.starts_with("--") {
            true => out.push_str(arg),
            false => out.push_str(&quote(arg)),
        }
    }
    out.push_str(" -v");
    out
}

fn case_id(r: &CaseResult) -> &str {
    if r.case_id.is_empty() {
        &r.id
    } else {
        &r.case_id
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cases::case::Level;
    use crate::outcome::result::fixtures;
    use crate::outcome::{Actual, Assertion, Cause, Predicate, Query, Variation, Verdict};
    use serde_json::json;
    use std::sync::Arc;

    /// A failing result of case `id` of `op` of kind `variation`, that expected status
    /// `want` and got `status` with `body`.
    fn failing(
        id: &str,
        op: &str,
        variation: Variation,
        want: u16,
        status: u16,
        body: &str,
    ) -> CaseResult {
        failing_as(Verdict::Fail, id, op, variation, (want, status), body)
    }

    /// [`failing`], with `verdict` (`(want, status)`: the status expected and got).
    fn failing_as(
        verdict: Verdict,
        id: &str,
        op: &str,
        variation: Variation,
        (want, status): (u16, u16),
        body: &str,
    ) -> CaseResult {
        let mut r = fixtures::result(id, verdict, Level::Must);
        r.operation = op.into();
        r.case_id = id.into();
        r.variation = Some(variation);
        let answered = Answered::of_body(op.into(), status, body.as_bytes());
        if !answered.is_broken() {
            r.failed = vec![Assertion::failed(
                Query::Status,
                Predicate::Equals(json!(want)),
                Actual::Value(json!(status)),
            )];
        }
        r.answered = Some(Arc::new(answered));
        r
    }

    const KEY_ERROR: &str = "<html><body><pre>Traceback\nKeyError: 'input'</pre></body></html>";
    const TYPE_ERROR: &str = "<html><body><pre>Traceback\nTypeError: bad</pre></body></html>";

    #[test]
    fn one_undocumented_answer_is_one_group_whatever_the_kind_of_case() {
        let mut stopped = failing_as(
            Verdict::Error,
            "lifecycle/signal",
            "DescribeWorkflowExecution",
            Variation::Missing,
            (200, 500),
            KEY_ERROR,
        );
        stopped.answered = Some(Arc::new(Answered::of_body(
            "S".into(),
            500,
            KEY_ERROR.as_bytes(),
        )));
        stopped.cause = Some(Arc::new(Cause {
            step: Some("step 2 (S)".into()),
            ..Cause::default()
        }));
        let crash = |id: &str, variation, page| failing(id, "S", variation, 400, 500, page);
        let results = vec![
            crash("S/input/missing", Variation::Missing, KEY_ERROR),
            crash("S/input/len-1", Variation::Length, KEY_ERROR),
            crash("S/control/type-number", Variation::WrongType, KEY_ERROR),
            crash("S/other/len-2", Variation::Length, TYPE_ERROR),
            stopped,
        ];
        let groups = of(&fixtures::report(results));
        let summary: Vec<(usize, &str, String)> = groups
            .iter()
            .map(|g| (g.checks, g.kind.as_str(), g.cause()))
            .collect();
        assert_eq!(
            summary,
            [
                (
                    4,
                    UNDOCUMENTED,
                    "S answered HTTP 500 with an HTML body: KeyError: 'input', never a documented answer (in 1 case(s) a step's, so the checks behind it were not reached)".into()
                ),
                (
                    1,
                    UNDOCUMENTED,
                    "S answered HTTP 500 with an HTML body: TypeError: bad, never a documented answer".into()
                ),
            ],
            "one crash is one group, whether a step or the request met it; two crashes are two"
        );
        assert_eq!(groups[0].example, "S/input/missing");
        assert!(
            groups[0]
                .reproduce_case
                .starts_with("swfcheck run --case 'S/input/missing' --endpoint"),
            "{}",
            groups[0].reproduce_case
        );
    }

    #[test]
    fn documented_answers_group_by_kind_operation_answer_and_what_failed() {
        let fault =
            r#"{"__type": "a#ValidationException", "message": "Value 'x' at 'domain' failed"}"#;
        let other =
            r#"{"__type": "a#ValidationException", "message": "Value 'y' at 'name' failed"}"#;
        let results = vec![
            failing("A/m1/len-0", "A", Variation::Length, 200, 400, fault),
            failing("A/m2/len-0", "A", Variation::Length, 200, 400, other),
            failing("A/m1/missing", "A", Variation::Missing, 400, 200, ""),
            failing("B/m1/missing", "B", Variation::Missing, 400, 200, ""),
            failing("A/m3/missing", "A", Variation::Missing, 404, 200, ""),
        ];
        let groups = of(&fixtures::report(results));
        let summary: Vec<(usize, String, String, String)> = groups
            .iter()
            .map(|g| (g.checks, g.scope(), g.kind.clone(), g.cause()))
            .collect();
        let row = |n: usize, op: &str, kind: &str, cause: &str| {
            (n, op.to_owned(), kind.to_owned(), cause.to_owned())
        };
        assert_eq!(
            summary,
            [
                row(
                    2,
                    "A",
                    "length",
                    "HTTP 400 ValidationException: Value '…' at '…' failed where status 200 is documented"
                ),
                row(
                    1,
                    "A",
                    "missing or null",
                    "HTTP 200 with an empty body where status 400 is documented"
                ),
                row(
                    1,
                    "A",
                    "missing or null",
                    "HTTP 200 with an empty body where status 404 is documented"
                ),
                row(
                    1,
                    "B",
                    "missing or null",
                    "HTTP 200 with an empty body where status 400 is documented"
                ),
            ]
        );
    }

    const GENERIC: &str =
        "<!doctype html><title>500 Internal Server Error</title><h1>Internal Server Error</h1>";

    #[test]
    fn a_page_that_names_no_error_is_one_group_only_when_the_operation_fails_as_a_whole() {
        let mut results: Vec<CaseResult> = (0..4)
            .map(|i| {
                let mut r = failing(
                    &format!("W/m{i}/missing"),
                    "W",
                    Variation::Missing,
                    400,
                    500,
                    GENERIC,
                );
                r.member = Some(format!("m{i}"));
                r
            })
            .collect();
        for (i, variation) in [Variation::Length, Variation::Length, Variation::WrongType]
            .into_iter()
            .enumerate()
        {
            results.push(failing(
                &format!("L/m/x-{i}"),
                "L",
                variation,
                200,
                500,
                GENERIC,
            ));
        }
        for i in 0..7 {
            let mut passed = fixtures::result(&format!("L/c/len-{i}"), Verdict::Pass, Level::Must);
            passed.answered = Some(Arc::new(Answered::of_body("L".into(), 200, b"{}")));
            results.push(passed);
        }
        let groups = of(&fixtures::report(results));
        let summary: Vec<(usize, &str, &str)> = groups
            .iter()
            .map(|g| (g.checks, g.subject.as_str(), g.expected.as_str()))
            .collect();
        assert_eq!(
            summary,
            [(4, "W", ""), (2, "L", "length"), (1, "L", "wrong type")],
            "W fails as a whole; L's crashes are told apart by the kind of case they came to"
        );
    }

    #[test]
    fn a_decision_answer_is_about_its_decision_types() {
        let exchange = |decision: &str| crate::outcome::Exchange {
            sent: crate::outcome::Sent {
                url: String::new(),
                headers: vec![(
                    "X-Amz-Target".into(),
                    "SimpleWorkflowService.RespondDecisionTaskCompleted".into(),
                )],
                body: format!(r#"{{"decisions": [{{"decisionType": "{decision}"}}]}}"#)
                    .into_bytes(),
                at: std::time::SystemTime::UNIX_EPOCH,
            },
            outcome: Ok(crate::check::fixtures::received_with(500, KEY_ERROR)),
        };
        let results: Vec<CaseResult> =
            ["StartTimer", "StartTimer", "ContinueAsNewWorkflowExecution"]
                .iter()
                .enumerate()
                .map(|(i, d)| {
                    let mut r = failing(
                        &format!("c/{i}"),
                        "X",
                        Variation::Missing,
                        200,
                        500,
                        KEY_ERROR,
                    );
                    r.answered = Some(Arc::new(Answered::of(&exchange(d), "X")));
                    r
                })
                .collect();
        let groups = of(&fixtures::report(results));
        let subjects: Vec<(usize, &str)> = groups
            .iter()
            .map(|g| (g.checks, g.subject.as_str()))
            .collect();
        assert_eq!(
            subjects,
            [
                (2, "RespondDecisionTaskCompleted StartTimer"),
                (
                    1,
                    "RespondDecisionTaskCompleted ContinueAsNewWorkflowExecution"
                ),
            ]
        );
    }

    #[test]
    fn a_failing_step_and_a_missing_operation_are_groups_of_their_own() {
        let mut step = failing_as(
            Verdict::Error,
            "s/1",
            "DescribeWorkflowExecution",
            Variation::Missing,
            (200, 500),
            "<html>x",
        );
        step.variation = None;
        step.answered = Some(Arc::new(Answered::of_body(
            "SignalWorkflowExecution".into(),
            500,
            b"<html>x",
        )));
        step.cause = Some(Arc::new(Cause {
            step: Some("step 2 (SignalWorkflowExecution)".into()),
            ..Cause::default()
        }));
        let body = r#"{"__type": "InternalFailure", "message": "The CountOpenWorkflowExecutions action has not been implemented"}"#;
        let mut missing = failing_as(
            Verdict::NotImplemented,
            "c/1",
            "CountOpenWorkflowExecutions",
            Variation::Missing,
            (200, 501),
            body,
        );
        missing.cause = Some(Arc::new(Cause {
            missing: Some("CountOpenWorkflowExecutions".into()),
            ..Cause::default()
        }));
        let groups = of(&fixtures::report(vec![step, missing]));
        let causes: Vec<String> = groups.iter().map(|g| g.cause()).collect();
        assert_eq!(
            causes,
            [
                "CountOpenWorkflowExecutions is not implemented (HTTP 501 InternalFailure: The CountOpenWorkflowExecutions action has not been implemented)",
                "SignalWorkflowExecution answered HTTP 500 with an HTML body, never a documented answer (to the other cases) (in 1 case(s) a step's, so the checks behind it were not reached)",
            ]
        );
        assert_eq!(groups[0].kind, NOT_IMPLEMENTED);
        assert_eq!(
            groups[1].operations,
            ["SignalWorkflowExecution"],
            "the step's operation, whose exchange failed"
        );
    }
}
