//! How a result is classed for grouping, from its typed fields only: the kind of case,
//! the failing step, the answer's facts, what the endpoint lacks, the expectation that
//! failed. No message is read back here.

use crate::outcome::{Answered, CaseResult, Verdict};

/// What the result's answer says the endpoint lacks, for a not-implemented result.
pub fn missing(r: &CaseResult) -> Option<String> {
    (r.verdict == Verdict::NotImplemented)
        .then(|| r.cause.as_ref()?.missing.clone())
        .flatten()
}

/// The answer the result rests on, with a stand-in when it kept none (a case that erred
/// before sending anything).
pub fn answered(r: &CaseResult) -> Answered {
    r.answered.as_deref().cloned().unwrap_or_else(|| Answered {
        operation: r.operation.clone(),
        status: None,
        body: crate::outcome::BodyKind::NoAnswer,
        fault: None,
        signature: String::new(),
    })
}

/// A failing step as groups name it: its role and what it did, without its number
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

/// The kind of case: what a generated case changes, else its category.
pub fn kind_of(r: &CaseResult) -> String {
    match (r.variation, &r.category) {
        (Some(v), _) => v.as_str().to_owned(),
        (None, Some(c)) => c.clone(),
        (None, None) => "other".into(),
    }
}

/// What the failing assertions expected, their values that vary with the member under
/// test left out (`status 400; fault ValidationException`).
pub fn expected_class(r: &CaseResult) -> String {
    r.failed
        .iter()
        .filter(|a| a.query != crate::outcome::Query::Answer)
        .map(|a| a.class())
        .collect::<Vec<_>>()
        .join("; ")
}

/// What the failing assertions expected, in full, for the example.
pub fn expected_words(r: &CaseResult) -> String {
    let words: Vec<String> = r
        .failed
        .iter()
        .map(crate::outcome::render::expected)
        .collect();
    match words.is_empty() {
        true => r.expected.clone(),
        false => words.join("; "),
    }
}
