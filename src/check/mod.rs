//! Checks: a case's expectations against what the endpoint answered.
//!
//! Besides the case's own expectations, every answer must be an answer: a
//! 5xx, a body that is neither empty nor JSON (HTML), a hang or a dropped
//! connection is never a documented answer (SWF-WIRE.md §3), whatever the level.

pub mod elements;
pub mod history;
pub mod output;
pub mod shape;
pub mod verdict;

pub use verdict::{CaseResult, Evidence, Verdict};

use crate::cases::case::{Case, Check, Level};
use crate::cases::template::{TemplateError, Vars};
use crate::run::client::{Received, TransportError};
use crate::wire::fault::fault_name_of;
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

/// The outcome of one check group before it becomes a [`CaseResult`].
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
}

/// The fault name and message of a JSON error body, if it has a `__type`.
pub fn fault_of(body: &Json) -> Option<(String, String, String)> {
    let t = body.get("__type")?.as_str()?;
    let namespace = t
        .rsplit_once('#')
        .map(|(ns, _)| ns)
        .unwrap_or("")
        .to_owned();
    let message = body
        .get("message")
        .or_else(|| body.get("Message"))
        .and_then(Json::as_str)
        .unwrap_or("")
        .to_owned();
    Some((fault_name_of(t).to_owned(), namespace, message))
}

fn media_type(ct: &str) -> String {
    ct.split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase()
}

/// Why an answer is not an answer at all, if it is not.
pub fn broken(r: &Received) -> Option<String> {
    broken_given(r, r.json().is_some())
}

/// [`broken`], when the caller already knows whether the body is JSON.
fn broken_given(r: &Received, is_json: bool) -> Option<String> {
    if r.status >= 500 {
        return Some(format!(
            "HTTP {} (a 5xx is never a documented answer)",
            r.status
        ));
    }
    let blank = r.body.iter().all(u8::is_ascii_whitespace);
    if !blank && !is_json {
        let start = String::from_utf8_lossy(&r.body[..r.body.len().min(60)]).into_owned();
        return Some(format!(
            "HTTP {} with a body that is not JSON: {start:?}",
            r.status
        ));
    }
    None
}

/// Evaluates one check group against the response (or transport error) and the follow-up reads.
pub fn evaluate(
    case: &Case,
    check: &Check,
    vars: &Vars,
    response: &Result<Received, TransportError>,
    after: &After,
) -> Result<Outcome, TemplateError> {
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
    let judged = judge(
        check,
        &case.operation,
        vars,
        r,
        body.unwrap_or(Json::Null),
        after,
    )?;
    let expected = judged.expected.join("; ");
    if let Some(actual) = why {
        // No answer, or no documented answer: whatever was expected, this is not it.
        let (verdict, broken_answer) = match response {
            Err(e) => (Verdict::Error, matches!(e, TransportError::Timeout(_))),
            Ok(_) => (Verdict::Fail, true),
        };
        return Ok(Outcome {
            verdict,
            expected: match expected.as_str() {
                "" => "a 2xx/4xx answer with an empty or JSON body".to_owned(),
                e => format!("{e} (and a 2xx/4xx answer with an empty or JSON body)"),
            },
            actual,
            broken_answer,
        });
    }
    let fault_name = judged.fault_name.as_str();
    // An endpoint that does not know the operation: not-implemented, unless that is the point.
    if fault_name == "UnknownOperationException"
        && check.fault.as_deref() != Some("UnknownOperationException")
        && !judged.failures.is_empty()
    {
        return Ok(Outcome {
            verdict: Verdict::NotImplemented,
            expected,
            actual: format!("UnknownOperationException for {}", case.operation),
            broken_answer: false,
        });
    }
    Ok(if judged.failures.is_empty() {
        Outcome {
            verdict: Verdict::Pass,
            expected,
            actual: judged.summary,
            broken_answer: false,
        }
    } else {
        Outcome {
            verdict: Verdict::Fail,
            expected,
            actual: judged.failures.join("; "),
            broken_answer: false,
        }
    })
}

/// Every expectation of a check group, held against one answer.
struct Judged {
    expected: Vec<String>,
    failures: Vec<String>,
    fault_name: String,
    summary: String,
}

fn judge(
    check: &Check,
    operation: &str,
    vars: &Vars,
    r: &Received,
    body: Json,
    after: &After,
) -> Result<Judged, TemplateError> {
    let fault = fault_of(&body);
    let mut expected = Vec::new();
    let mut failures = Vec::new();
    let mut expect = |what: String, ok: bool, got: String| {
        if !ok {
            failures.push(format!("{what}: got {got}"));
        }
        expected.push(what);
    };
    // What was got, in words, is only written when the expectation failed: echoed
    // values make it long (a 32 KiB string comes back in the message), and it
    // would be written once per expectation and then dropped.
    let unless = |ok: bool, got: &dyn Fn() -> String| if ok { String::new() } else { got() };
    if let Some(status) = check.status {
        expect(
            format!("status {status}"),
            r.status == status,
            r.status.to_string(),
        );
    }
    if let Some(class) = &check.status_class {
        let ok = r.status.to_string().starts_with(&class[..1]);
        expect(format!("status {class}"), ok, r.status.to_string());
    }
    let fault_name = fault.as_ref().map_or("none", |f| f.0.as_str());
    if let Some(name) = &check.fault {
        expect(
            format!("fault {name}"),
            fault_name == name,
            fault_name.to_owned(),
        );
    }
    if let Some(ns) = &check.namespace {
        let got = fault.as_ref().map_or("none", |f| f.1.as_str());
        expect(format!("namespace {ns}"), got == ns, got.to_owned());
    }
    if let Some(m) = &check.message {
        let want = vars.expand(m)?;
        let got = fault.as_ref().map_or("none", |f| f.2.as_str());
        let ok = got == want;
        expect(
            format!("message {want:?}"),
            ok,
            unless(ok, &|| format!("{got:?}")),
        );
    }
    if let Some(m) = &check.message_starts_with {
        let want = vars.expand(m)?;
        let got = fault.as_ref().map_or("none", |f| f.2.as_str());
        let ok = got.starts_with(&want);
        expect(
            format!("message starting {want:?}"),
            ok,
            unless(ok, &|| format!("{got:?}")),
        );
    }
    if let Some(parts) = &check.message_contains {
        let got = fault.as_ref().map_or("none", |f| f.2.as_str());
        for part in parts {
            let want = vars.expand(part)?;
            let ok = got.contains(&want);
            expect(
                format!("message containing {want:?}"),
                ok,
                unless(ok, &|| format!("{got:?}")),
            );
        }
    }
    if let Some(true) = check.envelope {
        let well_formed = body.get("__type").is_some_and(Json::is_string)
            && body
                .get("message")
                .or_else(|| body.get("Message"))
                .is_some_and(Json::is_string);
        let got = || {
            let start = String::from_utf8_lossy(&r.body[..r.body.len().min(120)]);
            format!("{start:?}")
        };
        expect(
            "a fault envelope {\"__type\": string, \"message\": string}".into(),
            well_formed,
            unless(well_formed, &got),
        );
    }
    if let Some(faults) = &check.success_or_fault {
        let ok = (200..300).contains(&r.status) || faults.iter().any(|f| f == fault_name);
        let what = if faults.is_empty() {
            "a 2xx answer".to_owned()
        } else {
            format!(
                "a 2xx answer or one of the declared faults {}",
                faults.join(", ")
            )
        };
        expect(what, ok, format!("status {} fault {fault_name}", r.status));
    }
    if let Some(table) = &check.body_contains {
        let want = vars.table_to_json(table)?;
        let mut differences = Vec::new();
        history::subset(&want, &body, "", &mut differences);
        expect(
            format!("a body containing {want}"),
            differences.is_empty(),
            differences.join(", "),
        );
    }
    if let Some(text) = &check.answer_shape {
        let (ok, got) = match serde_json::from_str::<Json>(text) {
            Ok(want) => {
                let departures = shape::mismatches(&want, &body);
                (departures.is_empty(), departures.join("; "))
            }
            Err(e) => (false, format!("answer_shape is not JSON: {e}")),
        };
        expect(
            "the recorded answer's members and JSON types".into(),
            ok,
            got,
        );
    }
    if let Some(lengths) = &check.array_lengths {
        for (path, n) in lengths {
            let got = path
                .split('.')
                .try_fold(&body, |v, k| v.get(k))
                .and_then(Json::as_array)
                .map(Vec::len);
            expect(
                format!("{path} holding {n} element(s)"),
                got == Some(*n as usize),
                got.map_or("no array".into(), |g| g.to_string()),
            );
        }
    }
    elements::expectations(check, vars, &body, &mut expect)?;
    if let Some(counts) = &check.event_counts {
        let events = body["events"]
            .as_array()
            .map(Vec::as_slice)
            .unwrap_or_default();
        for (kind, n) in counts {
            let got = events.iter().filter(|e| e["eventType"] == **kind).count();
            expect(
                format!("{n} {kind} event(s)"),
                got == *n as usize,
                got.to_string(),
            );
        }
    }
    if let Some(true) = check.empty_body {
        let got = || {
            let start = String::from_utf8_lossy(&r.body[..r.body.len().min(200)]);
            format!("{} bytes {start:?}", r.body.len())
        };
        expect(
            "an empty body".into(),
            r.body.is_empty(),
            unless(r.body.is_empty(), &got),
        );
    }
    if let Some(want) = check.request_id {
        let has = r.header("x-amzn-requestid").is_some_and(|v| !v.is_empty());
        expect(
            format!("x-amzn-RequestId present: {want}"),
            has == want,
            has.to_string(),
        );
    }
    if let Some(types) = &check.content_type {
        let got = r.header("content-type").map(media_type).unwrap_or_default();
        let ok = types.iter().any(|t| media_type(t) == got);
        expect(
            format!("Content-Type one of {}", types.join(", ")),
            ok,
            format!("{got:?}"),
        );
    }
    if let Some(h) = &check.history {
        history::check_history(h, vars, after, &mut expect)?;
    }
    if let Some(table) = &check.describe {
        history::check_describe(table, vars, after, &mut expect)?;
    }
    if let Some(want) = check.heartbeat_cancel_requested {
        let got = match &after.heartbeat {
            Some(Ok(v)) => format!("{v:?}"),
            Some(Err(e)) => e.clone(),
            None => "no heartbeat".into(),
        };
        let ok = matches!(&after.heartbeat, Some(Ok(Some(v))) if *v == want);
        expect(format!("heartbeat cancelRequested {want}"), ok, got);
    }
    if check.output_shape == Some(true)
        || check.output_documented == Some(true)
        || check.output_constraints == Some(true)
    {
        output::expectations(check, operation, r.status, &body, &mut expect);
    }
    let summary = {
        let mut s = format!("status {}", r.status);
        if let Some((name, _, message)) = &fault {
            s.push_str(&format!(", fault {name}: {message:?}"));
        } else if !r.body.is_empty() {
            s.push_str(&format!(", {} byte body", r.body.len()));
        }
        s
    };
    Ok(Judged {
        expected,
        failures,
        fault_name: fault_name.to_owned(),
        summary,
    })
}

/// Whether a result decides that the run is not conformant.
pub fn counts(level: Level, verdict: Verdict, broken_answer: bool) -> bool {
    verdict != Verdict::Pass && (level != Level::Observe || broken_answer)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cases::file::parse;
    use std::time::Duration;

    fn case(checks: &str) -> Case {
        let text = format!(
            "[[case]]\nid = \"t\"\noperation = \"RequestCancelWorkflowExecution\"\nsource = \"s\"\nsetup = \"open\"\ncheck = [{checks}]\n"
        );
        parse("t.toml", &text).unwrap().remove(0)
    }

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
        let c = case(checks);
        evaluate(&c, &c.checks[0], &Vars::placeholder(), &r, after).unwrap()
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
