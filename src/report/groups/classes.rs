//! How a result is classed for grouping: the kind of case, what was documented, the
//! answer and its normalised message, the failing operation and step, what the endpoint
//! lacks.

use super::MESSAGE;
use crate::outcome::evidence::shorten;
use crate::outcome::{CaseResult, Evidence, Verdict};

/// What the result's answer says the endpoint lacks, for a not-implemented result.
pub fn missing(r: &CaseResult) -> Option<String> {
    (r.verdict == Verdict::NotImplemented)
        .then(|| r.cause.as_ref()?.missing.clone())
        .flatten()
}

/// The operation whose exchange the result rests on: the failing step's or the request's
/// (its X-Amz-Target), else the case's operation.
pub fn failing_operation(r: &CaseResult) -> String {
    r.evidence
        .as_deref()
        .and_then(|e| {
            e.request_headers
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case("x-amz-target"))
        })
        .and_then(|(_, v)| v.rsplit('.').next())
        .filter(|op| crate::model::swf().operation(op).is_some())
        .map_or_else(|| r.operation.clone(), str::to_owned)
}

/// A failing step as groups name it: its label without its number
/// (`step (SignalWorkflowExecution)`, `setup open: StartWorkflowExecution`).
pub fn step_class(label: &str) -> String {
    match label.strip_prefix("step ") {
        Some(rest) => {
            let rest = rest.trim_start_matches(|c: char| c.is_ascii_digit());
            format!("step{rest}")
        }
        None => label.to_owned(),
    }
}

/// The answer class of a result with its fault's message, run-specific values left out:
/// `HTTP 400 ValidationException: Invalid token`.
pub fn answer_key(r: &CaseResult) -> String {
    let Some(class) = answer_class(r) else {
        return "no usable answer".into();
    };
    let message = r.evidence.as_deref().and_then(|e| {
        let json: serde_json::Value = serde_json::from_str(&e.response_body).ok()?;
        let (_, _, message) = crate::outcome::exchange::fault_of(&json)?;
        (!message.is_empty()).then(|| normalise(&message))
    });
    match message {
        Some(m) => format!("{class}: {m}"),
        None => class,
    }
}

/// A message with what varies from case to case left out: quoted values, the run's names,
/// ids and numbers, at most 80 characters.
pub fn normalise(message: &str) -> String {
    let mut out = String::new();
    let mut quote: Option<char> = None;
    let mut word = String::new();
    let flush = |word: &mut String, out: &mut String| {
        let varies = word.starts_with("swfcheck-")
            || word.chars().any(|c| c.is_ascii_digit()) && word.len() > 3
            || word.len() >= 24 && !word.chars().all(|c| c.is_ascii_alphabetic());
        out.push_str(if varies { "…" } else { word });
        word.clear();
    };
    for c in message.chars() {
        match quote {
            Some(q) if c == q => {
                quote = None;
                out.push('…');
                out.push(c);
            }
            Some(_) => {}
            None if c == '\'' || c == '"' => {
                flush(&mut word, &mut out);
                quote = Some(c);
                out.push(c);
            }
            None if c.is_whitespace() || ",;=[]()".contains(c) => {
                flush(&mut word, &mut out);
                out.push(c);
            }
            None => word.push(c),
        }
    }
    flush(&mut word, &mut out);
    shorten(&out, 80)
}

/// The kind of case: for a generated case (or an RCWE case of the same kind) from the last
/// part of its `<Operation>/<member>/<kind>` id, else its category.
pub fn kind_of(case_id: &str, r: &CaseResult) -> String {
    let generated = matches!(
        r.category.as_deref(),
        Some("boundaries" | "missing" | "types") | None
    );
    let generic = case_id
        .split('/')
        .nth(2)
        .filter(|_| generated)
        .and_then(|k| {
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

/// `text` with each quoted value written `"…"` (a quoted member name, one followed by `:`,
/// is kept: `{"closeStatus":"…"}`), at most 100 characters.
fn elide_quoted(text: &str) -> String {
    let mut out = String::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '"' {
            out.push(c);
            continue;
        }
        let quoted: String = chars.by_ref().take_while(|&q| q != '"').collect();
        if chars.peek() == Some(&':') {
            out.push_str(&format!("\"{quoted}\""));
        } else {
            out.push_str("\"…\"");
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
        if crate::outcome::evidence::is_html(body) {
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
    use super::elide_quoted;

    #[test]
    fn quoted_values_are_elided_and_member_names_kept() {
        assert_eq!(
            elide_quoted(
                r#"a body containing {"executionInfo":{"closeStatus":"TIMED_OUT"},"n":5}"#
            ),
            r#"a body containing {"executionInfo":{"closeStatus":"…"},"n":5}"#
        );
        assert_eq!(
            elide_quoted(r#"message "Unknown domain: x""#),
            r#"message "…""#
        );
    }
}
