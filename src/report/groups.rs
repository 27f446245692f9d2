//! Divergences grouped by cause: the results that make a run not conformant, grouped by a
//! signature (the operation or many operations, the kind of case, what was documented, the
//! class of answer that came back), largest group first. A thousand failing checks of an
//! emulator are usually a handful of bugs: "HTTP 500 with an HTML body where a 400 with a
//! fault envelope is documented, for a missing or null member, in 34 operations".
//!
//! Two passes: an operation whose cases nearly all got the same 5xx answer is one group
//! ("every request", usually an operation the endpoint does not implement); the other
//! divergences are grouped per case by (kind, documented answer, answer class), the case's
//! first counting check deciding (a case's checks usually fail for one reason).

use crate::check::{CaseResult, Evidence, Verdict};
use crate::run::RunReport;
use serde::Serialize;
use std::collections::BTreeMap;

/// One cause, and the results it explains.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Group {
    /// What kind of case: `every request`, `length`, `missing or null`, `wrong type`,
    /// `enum value`, `enum outside its set`, `number range`, `list size`, or the case's
    /// category (`lifecycle`, `protocol`, `unknown`, ...); `/check` when a case's own
    /// status check passed and a further check (message, validation, ...) did not.
    pub kind: String,
    /// What SWF documents, in a few words: `400 with a fault envelope`, `400 ValidationException`, ...
    pub expected: String,
    /// The class of answer that came back: `HTTP 500 with an HTML body`, `HTTP 200 with an empty body`, ...
    pub answer: String,
    /// The operations the group spans (sorted).
    pub operations: Vec<String>,
    /// How many checks (result ids) it holds.
    pub checks: usize,
    /// How many cases they belong to.
    pub cases: usize,
    /// One result id of the group (the first in report order).
    pub example: String,
    /// A curl line that replays the example's request, when it was sent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reproduce: Option<String>,
    /// Every result id of the group, in report order.
    pub ids: Vec<String>,
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
        if self.expected.is_empty() {
            format!("{} to every request", self.answer)
        } else if self
            .expected
            .strip_suffix(MESSAGE)
            .is_some_and(|fault| self.answer.ends_with(&format!(" {fault}")))
        {
            format!("{} with another message than documented", self.answer)
        } else {
            format!("{} where {} is documented", self.answer, self.expected)
        }
    }
}

/// How [`expected_class`] says that a fault's message was checked too.
const MESSAGE: &str = " with the documented message";

/// The answer class of a case whose checks all passed (its exchange may not be kept).
const PASSED: &str = "as documented";

/// At least this share of an operation's answered cases got one 5xx class: the operation is one group.
const OPERATION_WIDE: f64 = 0.9;

/// The groups of a run's counting results, largest first (ties: by kind, then operations).
pub fn of(report: &RunReport) -> Vec<Group> {
    // Cases in report order, each with its results.
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
    let wide = operation_wide(&cases);
    let mut groups: BTreeMap<(String, String, String), Vec<&CaseResult>> = BTreeMap::new();
    for (id, results) in &cases {
        let counting: Vec<&CaseResult> = results.iter().copied().filter(|r| r.counts).collect();
        let Some(first) = counting.first() else {
            continue;
        };
        let op = first.operation.as_str();
        let key = match wide.get(op) {
            Some(answer) if answer_class(first).as_deref() == Some(answer.as_str()) => (
                format!("every request to {op}"),
                String::new(),
                answer.clone(),
            ),
            _ => {
                let check = first
                    .id
                    .strip_prefix(id)
                    .unwrap_or("")
                    .trim_start_matches('/');
                let mut kind = kind_of(id, first);
                if !check.is_empty() {
                    kind = format!("{kind} /{check}");
                }
                let answer = answer_class(first).unwrap_or_else(|| "no usable answer".into());
                (kind, expected_class(&first.expected), answer)
            }
        };
        groups.entry(key).or_default().extend(counting);
    }
    let mut out: Vec<Group> = groups
        .into_iter()
        .map(|((kind, expected, answer), results)| {
            let mut operations: Vec<String> = results.iter().map(|r| r.operation.clone()).collect();
            operations.sort();
            operations.dedup();
            let mut case_ids: Vec<&str> = results.iter().map(|r| case_id(r)).collect();
            case_ids.sort_unstable();
            case_ids.dedup();
            let example = results[0];
            let kind = match kind.strip_prefix("every request to ") {
                Some(_) => "every request".to_owned(),
                None => kind,
            };
            Group {
                kind,
                expected,
                answer,
                checks: results.len(),
                cases: case_ids.len(),
                operations,
                example: example.id.clone(),
                reproduce: example.evidence.as_deref().map(super::curl::command),
                ids: results.iter().map(|r| r.id.clone()).collect(),
            }
        })
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

/// The kind of case: from the last part of a `<Operation>/<member>/<kind>` or
/// `rcwe/<member>/<kind>` id when it is one of the generated kinds, else its category.
fn kind_of(case_id: &str, r: &CaseResult) -> String {
    let generic = case_id.split('/').nth(2).and_then(|k| {
        Some(match k {
            "missing" | "null" => "missing or null",
            "enum-invalid" => "enum outside its set",
            _ if k.starts_with("len-") => "length",
            _ if k.starts_with("type-") => "wrong type",
            _ if k.starts_with("enum-") => "enum value",
            _ if k.starts_with("value-") => "number range",
            _ if k.starts_with("count-") => "list size",
            _ => return None,
        })
    });
    match generic {
        Some(k) => k.to_owned(),
        None => r.category.clone().unwrap_or_else(|| "other".into()),
    }
}

/// What was documented, in a few words (the check's `expected` text without the values
/// that vary between members: quoted messages, fault lists).
pub fn expected_class(expected: &str) -> String {
    let text = expected.split(" (and a").next().unwrap_or(expected);
    if text.contains("declared faults") {
        return "a 2xx or a declared fault".into();
    }
    let word_after = |key: &str| {
        text.split("; ")
            .find_map(|part| part.strip_prefix(key))
            .map(|rest| rest.split_whitespace().next().unwrap_or("").to_owned())
    };
    let status = word_after("status ");
    let fault = word_after("fault ");
    let envelope = text.contains("a fault envelope");
    let message = text.contains("message");
    match (status, fault) {
        (Some(s), Some(f)) => format!("{s} {f}"),
        (Some(s), None) if envelope => format!("{s} with a fault envelope"),
        (Some(s), None) => {
            let rest: Vec<&str> = text
                .split("; ")
                .filter(|part| !part.starts_with("status "))
                .collect();
            match rest.as_slice() {
                [] => format!("status {s}"),
                rest => format!("status {s} with {}", elide_quoted(&rest.join("; "))),
            }
        }
        (None, Some(f)) if message => format!("{f}{MESSAGE}"),
        (None, Some(f)) => f,
        (None, None) => elide_quoted(text.split("; ").next().unwrap_or(text)),
    }
}

/// `text` with each quoted value written `"…"`, at most 100 characters.
fn elide_quoted(text: &str) -> String {
    let mut out = String::new();
    let mut quoted = false;
    for c in text.chars() {
        match c {
            '"' if !quoted => {
                quoted = true;
                out.push_str("\"…");
            }
            '"' => {
                quoted = false;
                out.push('"');
            }
            _ if !quoted => out.push(c),
            _ => {}
        }
    }
    out.chars().take(100).collect()
}

/// The class of answer a result rests on: `HTTP 500 with an HTML body`, `HTTP 400
/// ValidationException`, ...; `None` when no request was answered.
pub fn answer_class(r: &CaseResult) -> Option<String> {
    let e: &Evidence = r.evidence.as_deref()?;
    let status = e.status?;
    let body = e.response_body.trim_start();
    let what = if body.is_empty() {
        "with an empty body".to_owned()
    } else if body.starts_with('<') {
        let head: String = body.chars().take(300).collect::<String>().to_lowercase();
        if head.contains("<html") || head.contains("<!doctype html") {
            "with an HTML body".to_owned()
        } else {
            "with an XML body".to_owned()
        }
    } else {
        match serde_json::from_str::<serde_json::Value>(body) {
            Ok(json) => match json.get("__type").and_then(|t| t.as_str()) {
                Some(t) => t.rsplit('#').next().unwrap_or(t).to_owned(),
                None => "with a JSON body".to_owned(),
            },
            Err(_) => "with a body that is not JSON".to_owned(),
        }
    };
    Some(format!("HTTP {status} {what}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cases::case::Level;
    use crate::check::Verdict;
    use crate::check::verdict::fixtures;
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
    fn one_cause_in_many_operations_is_one_group_and_a_broken_operation_is_another() {
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
        assert_eq!(
            summary,
            vec![
                (
                    6,
                    "3 operations".into(),
                    "missing or null".into(),
                    "HTTP 500 with an HTML body where status 400 is documented".into()
                ),
                (
                    4,
                    "D".into(),
                    "every request".into(),
                    "HTTP 500 with an HTML body to every request".into()
                ),
                (
                    3,
                    "3 operations".into(),
                    "length".into(),
                    "HTTP 200 with an empty body where status 400 is documented".into()
                ),
            ]
        );
        assert_eq!(groups[0].example, "A/m1/missing");
        let same_fault = Group {
            expected: expected_class("fault ValidationException; message \"x\""),
            answer: "HTTP 400 ValidationException".into(),
            ..groups[0].clone()
        };
        assert_eq!(
            same_fault.cause(),
            "HTTP 400 ValidationException with another message than documented"
        );
    }
}
