//! Checks: a case's expectations held against what the endpoint answered, evaluated into
//! typed assertions ([`crate::outcome::Assertion`]) and never into a verdict (the verdict
//! pipeline, `outcome::verdicts`, decides it).
//!
//! A [`CheckGroup`] is the expectations that share a level and a source and give one
//! result; each expectation ([`Expectation`], a case-file key) stands for (query,
//! predicate) pairs: [`query`] finds what the query looks at, [`predicate`] compares it.
//! Besides the group's own expectations, every answer must be an answer: a 5xx, a body
//! that is neither empty nor JSON (HTML), a hang or a dropped connection is never a
//! documented answer (SWF-WIRE.md §3), whatever the level.
//!
//! The checks see concrete values only: a case's templates were filled in when its plan
//! was made (`plan`), and the values the endpoint issued during the case were bound
//! before the checks run.

pub mod conformance;
pub mod expectation;
pub mod group;
pub mod meaning;
pub mod predicate;
pub mod query;
pub mod recorded_shape;
pub mod values;

pub use expectation::{Assert, Expectation, HistoryExpect, Needs};
pub use group::{CheckGroup, Which};

use crate::outcome::exchange::{broken_given, fault_of, not_implemented};
use crate::outcome::{
    Actual, AnswerState, Answered, Assertion, Evaluation, Exchange, Predicate, Query, Received,
    TransportError,
};
use serde_json::Value as Json;
use std::time::{Duration, SystemTime};

/// What the case's follow-up reads found, for history/describe/heartbeat checks, and
/// what the meaning checks know and read around the request.
#[derive(Debug, Clone, Default)]
pub struct After {
    /// The history of the execution the check reads, or why it could not be read.
    pub history: Option<Result<Vec<Json>, String>>,
    /// DescribeWorkflowExecution's executionInfo, or why it could not be read.
    pub describe: Option<Result<Json, String>>,
    /// The heartbeat's cancelRequested, or why there was none.
    pub heartbeat: Option<Result<Option<bool>, String>>,
    /// What the meaning checks know of the case around the request and read for it.
    pub around: meaning::Around,
}

/// The request an answer answers, as the checks see it: its body and the wall-clock
/// window of the exchange.
#[derive(Debug, Clone, Default)]
pub struct Asked {
    /// The request's body as JSON (`null` when there was none, or it was not JSON).
    pub body: Json,
    /// When the request went out and when its answer had come, on the wall clock (none
    /// when not known).
    pub window: Option<(SystemTime, SystemTime)>,
}

impl Asked {
    /// The request of `exchange` and its window.
    pub fn of(exchange: &Exchange) -> Self {
        let elapsed = exchange
            .outcome
            .as_ref()
            .map_or(Duration::ZERO, |r| r.elapsed);
        Asked {
            body: serde_json::from_slice(&exchange.sent.body).unwrap_or(Json::Null),
            window: Some(exchange.sent.window(elapsed)),
        }
    }
}

/// What the queries look into: the answer, read once for all of them, and what was read
/// after it.
pub struct Observed<'a> {
    /// The operation of the request (its output shape is the one held).
    pub operation: &'a str,
    /// The response (a status 0 and no body when there was none).
    pub received: &'a Received,
    /// The body as JSON (`null` when empty or not JSON).
    pub body: &'a Json,
    /// The fault of the body: name, namespace, message.
    pub fault: Option<(String, String, String)>,
    /// What the follow-up reads found.
    pub after: &'a After,
    /// The request's body as JSON (`null` when none).
    pub request: &'a Json,
    /// When the request went out and its answer came, on the wall clock.
    pub window: Option<(SystemTime, SystemTime)>,
}

/// Evaluates one check group against the answer `exchange` got to a request of
/// `operation`, and the follow-up reads.
pub fn evaluate(
    group: &CheckGroup,
    operation: &str,
    exchange: &Exchange,
    after: &After,
) -> Evaluation {
    let answered = Answered::of(exchange, operation);
    let asked = Asked::of(exchange);
    evaluate_answer(group, operation, &exchange.outcome, after, answered, &asked)
}

/// [`evaluate`], for an answer known as its outcome and its facts, to the request `asked`.
pub fn evaluate_answer(
    group: &CheckGroup,
    operation: &str,
    response: &Result<Received, TransportError>,
    after: &After,
    answered: Answered,
    asked: &Asked,
) -> Evaluation {
    let no_answer = Received {
        status: 0,
        headers: Vec::new(),
        body: Vec::new(),
        truncated_from: None,
        elapsed: std::time::Duration::ZERO,
    };
    // The body is parsed once here, not once per assertion.
    let (r, body, state, why) = match response {
        Err(e) => {
            let timeout = matches!(e, TransportError::Timeout(_));
            (
                &no_answer,
                None,
                AnswerState::NoAnswer { timeout },
                Some(e.to_string()),
            )
        }
        Ok(r) => {
            let body = r.json();
            let why = broken_given(r, body.is_some());
            let state = match why {
                Some(_) => AnswerState::Broken,
                None => AnswerState::Documented,
            };
            (r, body, state, why)
        }
    };
    let body = body.unwrap_or(Json::Null);
    let observed = Observed {
        operation,
        received: r,
        fault: fault_of(&body),
        body: &body,
        after,
        request: &asked.body,
        window: asked.window,
    };
    let mut assertions = Vec::new();
    if let Some(why) = why {
        // No answer, or no documented answer: whatever was expected, this is not it.
        assertions.push(Assertion::failed(
            Query::Answer,
            Predicate::Documented,
            Actual::Unread(why),
        ));
    }
    for (query, predicate) in group.assertions() {
        let a = predicate::assert(&query, &predicate, &observed);
        if !repeats_an_unread(&assertions, &a) {
            assertions.push(a);
        }
    }
    let mut evaluation = Evaluation {
        assertions,
        state,
        missing: None,
        answered,
    };
    evaluation.missing = missing(group, response, &observed, &evaluation);
    evaluation
}

/// Whether `a` failed only because a read after the request failed that an earlier
/// assertion already says failed (the history read once, for every history assertion).
fn repeats_an_unread(earlier: &[Assertion], a: &Assertion) -> bool {
    matches!(&a.actual, Some(Actual::Unread(why))
        if earlier.iter().any(|e| e.actual == Some(Actual::Unread(why.clone()))))
}

/// What the endpoint says it does not implement, when it says so and the group did not
/// expect that very answer, and an assertion failed or the answer is broken (a 501 is a
/// 5xx, never a documented answer).
fn missing(
    group: &CheckGroup,
    response: &Result<Received, TransportError>,
    observed: &Observed<'_>,
    evaluation: &Evaluation,
) -> Option<String> {
    let r = response.as_ref().ok().filter(|_| !evaluation.holds())?;
    let missing = not_implemented(observed.operation, r)?;
    let expected =
        group.fault().is_some() && group.fault() == observed.fault.as_ref().map(|f| f.0.as_str());
    (!expected).then_some(missing)
}

/// Check groups for unit tests, written as case files write them.
#[cfg(test)]
pub(crate) mod fixtures {
    use super::CheckGroup;
    use crate::cases::template::Vars;
    use crate::plan::{ExecutionRef, Issued};
    use std::sync::Arc;

    /// A 200 answer with no headers and no body that took `elapsed`, for the expectations
    /// that judge the parsed body (passed beside it) or the time.
    pub(crate) fn received(elapsed: std::time::Duration) -> crate::outcome::Received {
        crate::outcome::Received {
            status: 200,
            headers: Vec::new(),
            body: Vec::new(),
            truncated_from: None,
            elapsed,
        }
    }

    /// An answer with `status` and `body`, no headers.
    pub(crate) fn received_with(status: u16, body: &str) -> crate::outcome::Received {
        crate::outcome::Received {
            status,
            body: body.as_bytes().to_vec(),
            ..received(std::time::Duration::ZERO)
        }
    }

    /// The first group of `text` (`check = [{ ... }]`, or a bare table of expectations),
    /// its values filled in with the placeholders a case file is checked with (`${runId}`
    /// is `run`, `${previousRunId}` is `prev`).
    pub(crate) fn group(text: &str) -> CheckGroup {
        let value: toml::Table = toml::from_str(text).unwrap();
        let table = match value.get("check") {
            Some(toml::Value::Array(items)) => items[0].as_table().unwrap().clone(),
            _ => value,
        };
        let group = Arc::new(crate::cases::check_table::parse(table).unwrap());
        let filled = crate::plan::fill_checks(&[group], &Vars::placeholder()).unwrap();
        let run = |id: &str| ExecutionRef {
            run_id: id.into(),
            ..ExecutionRef::default()
        };
        let issued = Issued {
            current: Some(run("run")),
            previous: Some(run("prev")),
            ..Issued::default()
        };
        (*crate::plan::bind_group(&filled[0], &issued)).clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::outcome::verdicts::{counts, of_check};
    use crate::outcome::{CaseResult, Level, Subject, Verdict};
    use std::time::Duration;

    fn answer(
        status: u16,
        headers: &[(&str, &str)],
        body: &str,
    ) -> Result<Received, TransportError> {
        Ok(Received {
            status,
            headers: headers
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            body: body.as_bytes().to_vec(),
            truncated_from: None,
            elapsed: Duration::ZERO,
        })
    }

    /// The result of the group `checks` at `level` against `r`, through the verdict pipeline.
    fn judged(
        checks: &str,
        r: Result<Received, TransportError>,
        after: &After,
        level: Level,
    ) -> CaseResult {
        let group = fixtures::group(&format!("check = [{checks}]"));
        let op = "RequestCancelWorkflowExecution";
        let answered = match &r {
            Ok(r) => Answered::of_body(op.into(), r.status, &r.body),
            Err(_) => Answered::of_body(op.into(), 0, b""),
        };
        let eval = evaluate_answer(&group, op, &r, after, answered, &Asked::default());
        let subject = Subject {
            id: "c".into(),
            level,
            ..Subject::default()
        };
        of_check(subject, &eval, &[])
    }

    fn verdict(checks: &str, r: Result<Received, TransportError>, after: &After) -> CaseResult {
        judged(checks, r, after, Level::Must)
    }

    const FAULT: &str = r#"{"__type":"com.amazonaws.swf.base.model#UnknownResourceFault","message":"Unknown domain: ud"}"#;

    #[test]
    fn status_fault_namespace_and_message() {
        let ok = "{ status = 400, fault = \"UnknownResourceFault\", namespace = \"com.amazonaws.swf.base.model\", message = \"Unknown domain: ${unknownDomain}\" }";
        assert_eq!(
            verdict(ok, answer(400, &[], FAULT), &After::default()).verdict,
            Verdict::Pass
        );
        let wrong = verdict(
            "{ status = 200 }",
            answer(400, &[], FAULT),
            &After::default(),
        );
        assert_eq!(wrong.verdict, Verdict::Fail);
        assert_eq!(wrong.actual, "status 200: got 400");
        let msg = verdict(
            "{ message = \"Unknown domain: x\" }",
            answer(400, &[], FAULT),
            &After::default(),
        );
        assert_eq!(msg.verdict, Verdict::Fail);
    }

    #[test]
    fn broken_answers_fail_at_any_level() {
        for r in [
            answer(500, &[], "{}"),
            answer(400, &[], "<html>oops</html>"),
        ] {
            let o = judged(
                "{ status_class = \"4xx\" }",
                r,
                &After::default(),
                Level::Observe,
            );
            assert_eq!(
                o.verdict,
                Verdict::Fail,
                "a broken answer is no observation"
            );
            assert!(o.counts);
        }
        let timeout = verdict(
            "{ status = 200 }",
            Err(TransportError::Timeout(Duration::from_secs(1))),
            &After::default(),
        );
        assert_eq!(timeout.verdict, Verdict::Error);
        assert!(!counts(Level::Observe, Verdict::Fail, false));
        assert!(counts(Level::Should, Verdict::Fail, false));
    }

    #[test]
    fn empty_body_request_id_and_content_type() {
        let checks =
            "{ empty_body = true, request_id = true, content_type = [\"application/json\"] }";
        let good = answer(
            200,
            &[
                ("x-amzn-RequestId", "1"),
                ("content-type", "application/json; charset=utf-8"),
            ],
            "",
        );
        assert_eq!(
            verdict(checks, good, &After::default()).verdict,
            Verdict::Pass
        );
        let bad = answer(200, &[("content-type", "text/plain")], "{}");
        let o = verdict(checks, bad, &After::default());
        assert_eq!(o.verdict, Verdict::Fail);
        assert_eq!(o.actual.matches(": got").count(), 3, "{}", o.actual);
    }

    #[test]
    fn unknown_operation_is_not_implemented_unless_expected() {
        let body =
            r#"{"__type":"com.amazon.coral.service#UnknownOperationException","message":"x"}"#;
        let o = verdict(
            "{ status = 200 }",
            answer(400, &[], body),
            &After::default(),
        );
        assert_eq!(o.verdict, Verdict::NotImplemented);
        let o = verdict(
            "{ fault = \"UnknownOperationException\" }",
            answer(400, &[], body),
            &After::default(),
        );
        assert_eq!(o.verdict, Verdict::Pass);
    }

    #[test]
    fn history_and_describe() {
        let events = vec![
            serde_json::json!({"eventId": 1, "eventType": "WorkflowExecutionStarted"}),
            serde_json::json!({"eventId": 2, "eventType": "WorkflowExecutionCancelRequested",
                "workflowExecutionCancelRequestedEventAttributes": {"externalInitiatedEventId": 0}}),
        ];
        let after = After {
            history: Some(Ok(events)),
            describe: Some(Ok(
                serde_json::json!({"executionStatus": "OPEN", "cancelRequested": true}),
            )),
            ..After::default()
        };
        let checks = "{ history = { ends_with = [\"WorkflowExecutionCancelRequested\"], count = { WorkflowExecutionCancelRequested = 1 }, attributes = { WorkflowExecutionCancelRequested = { externalInitiatedEventId = 0 } }, consecutive_ids = true }, describe = { executionStatus = \"OPEN\", cancelRequested = true } }";
        assert_eq!(
            verdict(checks, answer(200, &[], ""), &after).verdict,
            Verdict::Pass
        );
        let wrong = "{ history = { attributes = { WorkflowExecutionCancelRequested = { externalInitiatedEventId = 1 } } } }";
        assert_eq!(
            verdict(wrong, answer(200, &[], ""), &after).verdict,
            Verdict::Fail
        );
        let unread = verdict(
            "{ describe = { executionStatus = \"OPEN\" } }",
            answer(200, &[], ""),
            &After::default(),
        );
        assert_eq!(unread.verdict, Verdict::Fail);
    }
}
