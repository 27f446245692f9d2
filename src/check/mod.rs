//! Checks: a case's expectations held against what the endpoint answered.
//!
//! Each expectation is a small predicate ([`Expectation`], one file per family); a
//! [`CheckGroup`] is the expectations that share a level and a source, and gives one
//! result. Besides the group's own expectations, every answer must be an answer: a 5xx,
//! a body that is neither empty nor JSON (HTML), a hang or a dropped connection is never
//! a documented answer (SWF-WIRE.md §3), whatever the level.
//!
//! The checks see concrete values only: a case's templates were filled in when its plan
//! was made (`plan`), and the values the endpoint issued during the case were bound
//! before the checks run.

pub mod body;
pub mod conformance;
pub mod describe;
pub mod elements;
pub mod expectation;
pub mod group;
pub mod headers;
pub mod history;
pub mod message;
pub mod recorded_shape;
pub mod status;
pub mod timing;

pub use expectation::{Expectation, HistoryExpect, Needs};
pub use group::{CheckGroup, Which};

use crate::outcome::exchange::{broken_given, fault_of, not_implemented};
use crate::outcome::{Received, TransportError, Verdict};
use serde_json::Value as Json;

/// What the case's follow-up reads found, for history/describe/heartbeat checks.
#[derive(Debug, Clone, Default)]
pub struct After {
    /// The history of the execution the check reads, or why it could not be read.
    pub history: Option<Result<Vec<Json>, String>>,
    /// DescribeWorkflowExecution's executionInfo, or why it could not be read.
    pub describe: Option<Result<Json, String>>,
    /// The heartbeat's cancelRequested, or why there was none.
    pub heartbeat: Option<Result<Option<bool>, String>>,
}

/// The outcome of one check group before it becomes a result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    /// The verdict.
    pub verdict: Verdict,
    /// Expected, in words.
    pub expected: String,
    /// Actual, in words.
    pub actual: String,
    /// A 5xx, HTML or hang: counts at any level.
    pub broken_answer: bool,
    /// With a `not-implemented` verdict: the operation (or decision) the answer says the
    /// endpoint lacks.
    pub missing: Option<String>,
}

/// The answer an expectation is held against, read once for all of them.
pub struct Answer<'a> {
    /// The operation of the request.
    pub operation: &'a str,
    /// The response (a status 0 and no body when there was none).
    pub received: &'a Received,
    /// The body as JSON (`null` when empty or not JSON).
    pub body: &'a Json,
    /// The fault of the body: name, namespace, message.
    pub fault: Option<(String, String, String)>,
    /// What the follow-up reads found.
    pub after: &'a After,
}

impl Answer<'_> {
    /// The fault name, or `none`.
    pub fn fault_name(&self) -> &str {
        self.fault.as_ref().map_or("none", |f| f.0.as_str())
    }

    /// The fault message, or `none`.
    pub fn message(&self) -> &str {
        self.fault.as_ref().map_or("none", |f| f.2.as_str())
    }
}

/// What the expectations of a group expected, and which did not hold.
#[derive(Debug, Default)]
pub struct Tally {
    /// Each expectation in words, in order.
    pub expected: Vec<String>,
    /// `<expectation>: got <what>` for each that did not hold.
    pub failures: Vec<String>,
}

impl Tally {
    /// Records one expectation: `what` was expected; `got` says what came when it failed.
    pub fn expect(&mut self, what: String, ok: bool, got: String) {
        if !ok {
            self.failures.push(format!("{what}: got {got}"));
        }
        self.expected.push(what);
    }

    /// [`Tally::expect`], writing what was got only when the expectation failed: echoed
    /// values make it long (a 32 KiB string comes back in a message), and it would be
    /// written once per expectation and then dropped.
    pub fn expect_lazily(&mut self, what: String, ok: bool, got: impl FnOnce() -> String) {
        let got = if ok { String::new() } else { got() };
        self.expect(what, ok, got);
    }
}

/// Evaluates one check group against the response (or transport error) of `operation`
/// and the follow-up reads.
pub fn evaluate(
    group: &CheckGroup,
    operation: &str,
    response: &Result<Received, TransportError>,
    after: &After,
) -> Outcome {
    let no_answer = Received {
        status: 0,
        headers: Vec::new(),
        body: Vec::new(),
        truncated_from: None,
        elapsed: std::time::Duration::ZERO,
    };
    // The body is parsed once here, not once per expectation.
    let (r, body, why) = match response {
        Err(e) => (&no_answer, None, Some(e.to_string())),
        Ok(r) => {
            let body = r.json();
            let why = broken_given(r, body.is_some());
            (r, body, why)
        }
    };
    let body = body.unwrap_or(Json::Null);
    let answer = Answer {
        operation,
        received: r,
        fault: fault_of(&body),
        body: &body,
        after,
    };
    let mut tally = Tally::default();
    for e in group.expectations() {
        e.judge(&answer, &mut tally);
    }
    let expected = tally.expected.join("; ");
    if let Some(o) =
        not_implemented_outcome(group, response, &answer, &tally, why.is_some(), &expected)
    {
        return o;
    }
    if let Some(actual) = why {
        // No answer, or no documented answer: whatever was expected, this is not it.
        let (verdict, broken_answer) = match response {
            Err(e) => (Verdict::Error, matches!(e, TransportError::Timeout(_))),
            Ok(_) => (Verdict::Fail, true),
        };
        return Outcome {
            verdict,
            expected: match expected.as_str() {
                "" => "a 2xx/4xx answer with an empty or JSON body".to_owned(),
                e => format!("{e} (and a 2xx/4xx answer with an empty or JSON body)"),
            },
            actual,
            broken_answer,
            missing: None,
        };
    }
    let (verdict, actual) = if tally.failures.is_empty() {
        (Verdict::Pass, summary(&answer))
    } else {
        (Verdict::Fail, tally.failures.join("; "))
    };
    Outcome {
        verdict,
        expected,
        actual,
        broken_answer: false,
        missing: None,
    }
}

/// The outcome when the endpoint says it does not implement what the request asked for
/// (and the group did not expect that very answer): `not-implemented`, when an expectation
/// failed or the answer is `broken` (a 501 is a 5xx, never a documented answer).
fn not_implemented_outcome(
    group: &CheckGroup,
    response: &Result<Received, TransportError>,
    answer: &Answer<'_>,
    tally: &Tally,
    broken: bool,
    expected: &str,
) -> Option<Outcome> {
    let r = response
        .as_ref()
        .ok()
        .filter(|_| broken || !tally.failures.is_empty())?;
    let missing = not_implemented(answer.operation, r)?;
    if group.fault().is_some() && group.fault() == answer.fault.as_ref().map(|f| f.0.as_str()) {
        return None;
    }
    Some(Outcome {
        verdict: Verdict::NotImplemented,
        expected: expected.to_owned(),
        actual: format!("{} (not implemented: {missing})", summary(answer)),
        broken_answer: false,
        missing: Some(missing),
    })
}

/// A passing answer in words: its status, and its fault or the size of its body.
fn summary(a: &Answer<'_>) -> String {
    let mut s = format!("status {}", a.received.status);
    if let Some((name, _, message)) = &a.fault {
        s.push_str(&format!(", fault {name}: {message:?}"));
    } else if !a.received.body.is_empty() {
        s.push_str(&format!(", {} byte body", a.received.body.len()));
    }
    s
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
    use crate::outcome::Level;
    use crate::outcome::policy::counts;
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

    fn verdict(checks: &str, r: Result<Received, TransportError>, after: &After) -> Outcome {
        let group = fixtures::group(&format!("check = [{checks}]"));
        evaluate(&group, "RequestCancelWorkflowExecution", &r, after)
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
            let o = verdict("{ status_class = \"4xx\" }", r, &After::default());
            assert_eq!(o.verdict, Verdict::Fail);
            assert!(o.broken_answer);
            assert!(counts(Level::Observe, o.verdict, o.broken_answer));
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
            heartbeat: None,
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
