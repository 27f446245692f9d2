//! Tests of the grouping of divergences.
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
    let fault = r#"{"__type": "a#ValidationException", "message": "Value 'x' at 'domain' failed"}"#;
    let other = r#"{"__type": "a#ValidationException", "message": "Value 'y' at 'name' failed"}"#;
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
            let variation = [Variation::Missing, Variation::Length][i % 2];
            let mut r = failing(&format!("W/m{i}/x"), "W", variation, 400, 500, GENERIC);
            r.member = Some(format!("m{i}"));
            r
        })
        .collect();
    // Refused with a fault: stopped before the code that fails for every other request.
    for i in 0..2 {
        let mut refused = fixtures::result(&format!("W/n{i}/type"), Verdict::Pass, Level::Must);
        let fault =
            br#"{"__type": "com.amazon.coral.validate#ValidationException", "message": "x"}"#;
        refused.answered = Some(Arc::new(Answered::of_body("W".into(), 400, fault)));
        results.push(refused);
    }
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
        "W fails as a whole (what it refused with a fault does not count); L's crashes are told apart by the kind of case they came to"
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
            body: format!(r#"{{"decisions": [{{"decisionType": "{decision}"}}]}}"#).into_bytes(),
            at: std::time::SystemTime::UNIX_EPOCH,
        },
        outcome: Ok(crate::check::fixtures::received_with(500, KEY_ERROR)),
    };
    let results: Vec<CaseResult> = ["StartTimer", "StartTimer", "ContinueAsNewWorkflowExecution"]
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
