//! Divergences grouped by cause: every result that makes a run not conformant, keyed on
//! the typed facts of the exchange that failed and of the expectation that failed. One
//! cause is one group, and two causes are never one group:
//!
//! - what the endpoint says it does not implement: one group per operation (or decision
//!   type);
//! - an answer that is never documented (a 5xx, HTML, no answer): one group per operation
//!   and answer signature (its status, kind of body, and its first error line or
//!   normalised message), whatever the case expected: the endpoint failed the same way;
//! - any other: one group per kind of case, operation, answer (status, fault, normalised
//!   message), failing step, and the class of what failed (`status 400; fault
//!   ValidationException`).
//!
//! Each result is keyed on its own fields, so a second failure of a case behind its first
//! is a group of its own, not hidden in the first's.

pub mod classes;

use crate::outcome::evidence::shorten;
use crate::outcome::{Answered, CaseResult, RunReport};
use classes::{answered, expected_class, expected_words, kind_of, missing, step_class};
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
    /// What SWF documents, in a few words: `status 400; fault ValidationException`; empty
    /// for an undocumented answer and a step that failed.
    pub expected: String,
    /// The answer that came back: `HTTP 500 with an HTML body: KeyError: 'input'`,
    /// `HTTP 400 ValidationException: Invalid token`, ...
    pub answer: String,
    /// The step whose answer stopped the cases (`step (SignalWorkflowExecution)`), when one did.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub step: Option<String>,
    /// The operations the group spans: the one whose exchange failed.
    pub operations: Vec<String>,
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
            UNDOCUMENTED => format!("{}, never a documented answer", self.answer),
            _ => format!("{} where {} is documented", self.answer, self.expected),
        }
    }
}

/// The kind of the groups of what the endpoint says it does not implement.
pub const NOT_IMPLEMENTED: &str = "not implemented";

/// The kind of the groups of answers that are never documented (a 5xx, HTML, no answer).
pub const UNDOCUMENTED: &str = "undocumented answer";

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
    let mut groups: BTreeMap<Key, Vec<&CaseResult>> = BTreeMap::new();
    for r in report.results.iter().filter(|r| r.counts) {
        groups.entry(key_of(r)).or_default().push(r);
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

/// The key of one counting result: what it lacks when the endpoint says it does not
/// implement it; its answer's facts when the answer is never documented; else its kind,
/// answer, failing step and what failed.
fn key_of(r: &CaseResult) -> Key {
    let mut answered = answered(r);
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
    if answered.is_broken() {
        return Key {
            kind: UNDOCUMENTED.into(),
            answered,
            step,
            expected: String::new(),
        };
    }
    Key {
        kind: kind_of(r),
        expected: match step {
            Some(_) => String::new(),
            None => expected_class(r),
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
        operations: vec![key.answered.operation],
        checks: results.len(),
        cases: case_ids.len(),
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
        let mut r = fixtures::result(id, Verdict::Fail, Level::Must);
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
        let results = vec![
            failing(
                "S/input/missing",
                "S",
                Variation::Missing,
                400,
                500,
                KEY_ERROR,
            ),
            failing("S/input/len-1", "S", Variation::Length, 200, 500, KEY_ERROR),
            failing(
                "S/control/type-number",
                "S",
                Variation::WrongType,
                400,
                500,
                KEY_ERROR,
            ),
            failing(
                "S/other/len-2",
                "S",
                Variation::Length,
                200,
                500,
                TYPE_ERROR,
            ),
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
                    3,
                    UNDOCUMENTED,
                    "HTTP 500 with an HTML body: KeyError: 'input', never a documented answer"
                        .into()
                ),
                (
                    1,
                    UNDOCUMENTED,
                    "HTTP 500 with an HTML body: TypeError: bad, never a documented answer".into()
                ),
            ],
            "one crash is one group; two crashes are two"
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

    #[test]
    fn a_failing_step_and_a_missing_operation_are_groups_of_their_own() {
        let mut step = failing(
            "s/1",
            "DescribeWorkflowExecution",
            Variation::Missing,
            200,
            500,
            "<html>x",
        );
        step.variation = None;
        step.verdict = Verdict::Error;
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
        let mut missing = failing(
            "c/1",
            "CountOpenWorkflowExecutions",
            Variation::Missing,
            200,
            501,
            body,
        );
        missing.verdict = Verdict::NotImplemented;
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
                "step (SignalWorkflowExecution) got HTTP 500 with an HTML body: x, so the checks behind it were not reached",
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
