//! Divergences grouped by cause: the results that make a run not conformant, grouped by
//! the exchange that failed (the operation of the step or request whose answer was wrong,
//! the class of that answer and its message with run-specific values left out), the kind of
//! case and what was documented, largest group first. A group never mixes two failing
//! operations or two kinds of answer, and never names a case's final read for a step that
//! failed before it.
//!
//! Three passes: what the endpoint says it does not implement is one group per operation
//! (or decision type); an operation whose cases nearly all got the same 5xx answer is one
//! group ("every request", usually an operation the endpoint does not implement without
//! saying so); the other divergences are grouped per case, the case's first counting
//! check deciding (a case's checks usually fail for one reason).

pub mod classes;

use crate::outcome::RunReport;
use crate::outcome::evidence::shorten;
use crate::outcome::{CaseResult, Verdict};
pub use classes::{answer_class, expected_class, normalise};
use classes::{answer_key, failing_operation, kind_of, missing, step_class};
use serde::Serialize;
use std::collections::BTreeMap;

/// One cause, and the results it explains.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Group {
    /// What kind of case: `every request`, `not implemented`, `length`, `missing or null`,
    /// `wrong type`, `enum value`, `enum outside its set`, `number range`, `list size` (the
    /// generated kinds), or the case's category (`lifecycle`, `protocol`, `unknown`, ...);
    /// `/check` when a case's own status check passed and a further check did not.
    pub kind: String,
    /// What SWF documents, in a few words: `400 with a fault envelope`, `400 ValidationException`, ...
    pub expected: String,
    /// The class of answer that came back: `HTTP 500 with an HTML body`, `HTTP 400
    /// ValidationException: Invalid token`, ...
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
    /// One result id of the group (the first in report order).
    pub example: String,
    /// What the example expected, in full.
    pub example_expected: String,
    /// What the example got, in full (both messages when a message was wrong).
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

    /// The cause in one sentence: `HTTP 500 with an HTML body where 400 with a fault envelope is documented`.
    pub fn cause(&self) -> String {
        if let Some(step) = &self.step {
            return format!(
                "{step} got {}, so the checks behind it were not reached",
                self.answer
            );
        }
        if self.kind == NOT_IMPLEMENTED {
            return self.answer.clone();
        }
        if self.expected.is_empty() {
            format!("{} to every request", self.answer)
        } else if self.expected.strip_suffix(MESSAGE).is_some_and(|fault| {
            self.answer
                .split(':')
                .next()
                .is_some_and(|a| a.ends_with(&format!(" {fault}")))
        }) {
            format!("{} with another message than documented", self.answer)
        } else {
            format!("{} where {} is documented", self.answer, self.expected)
        }
    }
}

/// The kind of the groups of what the endpoint says it does not implement.
pub const NOT_IMPLEMENTED: &str = "not implemented";

/// How [`expected_class`] says that a fault's message was checked too.
pub(crate) const MESSAGE: &str = " with the documented message";

/// The answer class of a case whose checks all passed (its exchange may not be kept).
const PASSED: &str = "as documented";

/// At least this share of an operation's answered cases got one 5xx class: the operation is one group.
const OPERATION_WIDE: f64 = 0.9;

/// The groups of a run's counting results, largest first (ties: by kind, then operations).
pub fn of(report: &RunReport) -> Vec<Group> {
    let cases = by_case(report);
    let wide = operation_wide(&cases);
    let mut groups: BTreeMap<Key, Vec<&CaseResult>> = BTreeMap::new();
    for (id, results) in &cases {
        let counting: Vec<&CaseResult> = results.iter().copied().filter(|r| r.counts).collect();
        let Some(first) = counting.first() else {
            continue;
        };
        groups
            .entry(key_of(id, first, &wide))
            .or_default()
            .extend(counting);
    }
    let mut out: Vec<Group> = groups
        .into_iter()
        .map(|(key, results)| group_of(key, &results, &report.endpoint))
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

/// What a group is keyed on: the kind of case, what was documented, the answer, the
/// failing step (if one failed) and the operation whose exchange failed.
type Key = (String, String, String, Option<String>, String);

/// The cases in report order, each with its results.
fn by_case(report: &RunReport) -> Vec<(&str, Vec<&CaseResult>)> {
    let mut cases: Vec<(&str, Vec<&CaseResult>)> = Vec::new();
    let mut index: BTreeMap<&str, usize> = BTreeMap::new();
    for r in &report.results {
        let id = case_id(r);
        let i = *index.entry(id).or_insert_with(|| {
            cases.push((id, Vec::new()));
            cases.len() - 1
        });
        cases[i].1.push(r);
    }
    cases
}

/// The key of case `id`, whose first counting result is `first`: what it lacks when the
/// endpoint says it does not implement it; every request to an operation when it is one
/// of the `wide` ones; else its kind, what was documented and the failing exchange.
fn key_of(id: &str, first: &CaseResult, wide: &BTreeMap<&str, String>) -> Key {
    let operation = failing_operation(first);
    if let Some(missing) = missing(first) {
        let op = missing.split(' ').next().unwrap_or(&missing).to_owned();
        let answer = format!("{missing} is not implemented ({})", answer_key(first));
        return (NOT_IMPLEMENTED.into(), String::new(), answer, None, op);
    }
    let step = first
        .cause
        .as_ref()
        .and_then(|c| c.step.as_deref())
        .map(step_class);
    match wide.get(operation.as_str()) {
        Some(answer)
            if step.is_none() && answer_class(first).as_deref() == Some(answer.as_str()) =>
        {
            (
                "every request".into(),
                String::new(),
                answer.clone(),
                None,
                operation,
            )
        }
        _ => {
            let check = first
                .id
                .strip_prefix(id)
                .unwrap_or("")
                .trim_start_matches('/');
            let mut kind = kind_of(id, first);
            if !check.is_empty() && step.is_none() {
                kind = format!("{kind} /{check}");
            }
            let expected = match &step {
                Some(_) => String::new(),
                None => expected_class(&first.expected),
            };
            (kind, expected, answer_key(first), step, operation)
        }
    }
}

/// The group of the counting `results` under `key`.
fn group_of(
    (kind, expected, answer, step, operation): Key,
    results: &[&CaseResult],
    endpoint: &str,
) -> Group {
    let mut case_ids: Vec<&str> = results.iter().map(|r| case_id(r)).collect();
    case_ids.sort_unstable();
    case_ids.dedup();
    let example = results[0];
    let mut group = Group {
        kind,
        expected,
        answer,
        step,
        operations: vec![operation],
        checks: results.len(),
        cases: case_ids.len(),
        example: example.id.clone(),
        example_expected: shorten(&example.expected, 400),
        example_got: shorten(&example.actual, 400),
        reproduce: example
            .evidence
            .as_deref()
            .map(crate::outcome::curl::command),
        reproduce_case: format!(
            "swfcheck run --case {} --endpoint {} -v",
            crate::outcome::curl::shell_quote(case_id(example)),
            crate::outcome::curl::shell_quote(endpoint)
        ),
        ids: results.iter().map(|r| r.id.clone()).collect(),
        cause: String::new(),
    };
    group.cause = group.cause();
    group
}

fn case_id(r: &CaseResult) -> &str {
    if r.case_id.is_empty() {
        &r.id
    } else {
        &r.case_id
    }
}

/// Operations whose answered cases (at least three) nearly all got one 5xx class.
fn operation_wide<'a>(cases: &[(&'a str, Vec<&'a CaseResult>)]) -> BTreeMap<&'a str, String> {
    let mut per_op: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    for (_, results) in cases {
        // A plain run keeps the exchange of failing checks only: a case that passed has
        // none, and is an answer as documented all the same.
        let answer = results.iter().find_map(|r| answer_class(r)).or_else(|| {
            let passed = !results.is_empty() && results.iter().all(|r| r.verdict == Verdict::Pass);
            passed.then(|| PASSED.to_owned())
        });
        if let Some(answer) = answer {
            per_op
                .entry(&results[0].operation)
                .or_default()
                .push(answer);
        }
    }
    per_op
        .into_iter()
        .filter_map(|(op, answers)| {
            let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
            for a in &answers {
                *counts.entry(a.as_str()).or_default() += 1;
            }
            let (top, n) = counts.into_iter().max_by_key(|(_, n)| *n)?;
            let share = n as f64 / answers.len() as f64;
            (answers.len() >= 3 && top.starts_with("HTTP 5") && share >= OPERATION_WIDE)
                .then(|| (op, top.to_owned()))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cases::case::Level;
    use crate::outcome::Evidence;
    use crate::outcome::Verdict;
    use crate::outcome::result::fixtures;
    use std::sync::Arc;

    fn failing(id: &str, op: &str, expected: &str, status: u16, body: &str) -> CaseResult {
        let mut r = fixtures::result(id, Verdict::Fail, Level::Must);
        r.operation = op.into();
        r.case_id = id.into();
        r.expected = expected.into();
        r.evidence = Some(Arc::new(Evidence {
            status: Some(status),
            response_body: body.into(),
            ..Evidence::default()
        }));
        r
    }

    #[test]
    fn classes_say_what_was_documented_and_what_came_back() {
        assert_eq!(
            expected_class("status 400; a fault envelope {\"__type\": string} (and a 2xx)"),
            "400 with a fault envelope"
        );
        assert_eq!(
            expected_class("status 400; fault ValidationException"),
            "400 ValidationException"
        );
        assert_eq!(
            expected_class("fault ValidationException; message containing \"x\""),
            "ValidationException with the documented message"
        );
        assert_eq!(
            expected_class("fault SerializationException"),
            "SerializationException"
        );
        assert_eq!(
            expected_class("message \"1 validation error\""),
            "message \"…\""
        );
        let html = failing("a/b/missing", "X", "status 400", 500, "<html><body>x");
        assert_eq!(
            answer_class(&html).as_deref(),
            Some("HTTP 500 with an HTML body")
        );
        let fault = r#"{"__type": "com.amazon.coral.validate#ValidationException"}"#;
        let fault = failing("a/b/missing", "X", "status 400", 400, fault);
        assert_eq!(
            answer_class(&fault).as_deref(),
            Some("HTTP 400 ValidationException")
        );
    }

    #[test]
    fn passing_cases_without_a_kept_exchange_keep_an_operation_from_every_request() {
        // D fails with a 500 in 4 cases and passes in 40 whose exchange a plain run drops.
        let mut results: Vec<CaseResult> = (0..4)
            .map(|n| failing(&format!("D/m{n}/missing"), "D", "status 400", 500, "<html>"))
            .collect();
        for n in 0..40 {
            let mut r = fixtures::result(&format!("D/m{n}/len-1"), Verdict::Pass, Level::Must);
            r.operation = "D".into();
            results.push(r);
        }
        let groups = of(&fixtures::report(results.clone()));
        assert_eq!(groups.len(), 1);
        assert_eq!(groups[0].kind, "missing or null", "{:?}", groups[0]);
        // When nothing of D passes, it is one group: every request.
        results.truncate(4);
        assert_eq!(of(&fixtures::report(results))[0].kind, "every request");
    }

    #[test]
    fn one_group_per_failing_operation_and_a_broken_operation_is_one() {
        let mut results = Vec::new();
        for op in ["A", "B", "C"] {
            for member in ["m1", "m2"] {
                let id = format!("{op}/{member}/missing");
                results.push(failing(&id, op, "status 400", 500, "<html>"));
            }
            results.push(failing(
                &format!("{op}/m1/len-2"),
                op,
                "status 400",
                200,
                "",
            ));
        }
        for n in 0..4 {
            results.push(failing(
                &format!("D/m{n}/len-1"),
                "D",
                "status 200",
                500,
                "<html>",
            ));
        }
        let groups = of(&fixtures::report(results));
        let summary: Vec<(usize, String, String, String)> = groups
            .iter()
            .map(|g| (g.checks, g.scope(), g.kind.clone(), g.cause()))
            .collect();
        let missing = "HTTP 500 with an HTML body where status 400 is documented";
        let length = "HTTP 200 with an empty body where status 400 is documented";
        let row = |n: usize, op: &str, kind: &str, cause: &str| {
            (n, op.to_owned(), kind.to_owned(), cause.to_owned())
        };
        assert_eq!(
            summary,
            vec![
                row(
                    4,
                    "D",
                    "every request",
                    "HTTP 500 with an HTML body to every request"
                ),
                row(2, "A", "missing or null", missing),
                row(2, "B", "missing or null", missing),
                row(2, "C", "missing or null", missing),
                row(1, "A", "length", length),
                row(1, "B", "length", length),
                row(1, "C", "length", length),
            ]
        );
        assert_eq!(groups[1].example, "A/m1/missing");
        assert!(
            groups[1]
                .reproduce_case
                .starts_with("swfcheck run --case 'A/m1/missing' --endpoint"),
            "{}",
            groups[1].reproduce_case
        );
        let same_fault = Group {
            expected: expected_class("fault ValidationException; message \"x\""),
            answer: "HTTP 400 ValidationException: Invalid token".into(),
            ..groups[0].clone()
        };
        assert_eq!(
            same_fault.cause(),
            "HTTP 400 ValidationException: Invalid token with another message than documented"
        );
    }

    #[test]
    fn a_failing_step_and_a_missing_operation_are_groups_of_their_own() {
        use crate::outcome::Cause;
        let mut step = failing("s/1", "DescribeWorkflowExecution", "x", 500, "<html>");
        step.verdict = Verdict::Error;
        step.cause = Some(Arc::new(Cause {
            step: Some("step 2 (SignalWorkflowExecution)".into()),
            ..Cause::default()
        }));
        let body = r#"{"__type": "InternalFailure", "message": "The CountOpenWorkflowExecutions action has not been implemented"}"#;
        let mut missing = failing(
            "c/1",
            "CountOpenWorkflowExecutions",
            "status 200",
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
                "step (SignalWorkflowExecution) got HTTP 500 with an HTML body, so the checks behind it were not reached",
            ]
        );
        assert_eq!(groups[0].kind, NOT_IMPLEMENTED);
        assert_eq!(
            groups[1].operations,
            ["DescribeWorkflowExecution"],
            "no target: the case's operation"
        );
    }

    #[test]
    fn messages_are_normalised_for_grouping() {
        assert_eq!(
            normalise("1 validation error detected: Value 'abc' at 'decisions.1.member.x' failed"),
            "1 validation error detected: Value '…' at '…' failed"
        );
        assert_eq!(
            normalise("Unknown execution, workflowId = swfcheck-0a1b2c3d-17"),
            "Unknown execution, workflowId = …"
        );
    }
}
