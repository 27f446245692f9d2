//! How a result is classed for grouping, from its typed fields only: the kind of case,
//! the failing step, the answer's facts, what the endpoint lacks, the expectation that
//! failed. No message is read back here.

use crate::outcome::{Answered, Assertion, CaseResult, Query, Verdict};

/// What the result's answer says the endpoint lacks, for a not-implemented result.
pub fn missing(r: &CaseResult) -> Option<String> {
    (r.verdict == Verdict::NotImplemented)
        .then(|| r.cause.as_ref()?.missing.clone())
        .flatten()
}

/// The answer the result rests on, or, for a case that sent nothing (interrupted, or its
/// plan could not be made), a stand-in that says why.
pub fn answered(r: &CaseResult) -> (Answered, bool) {
    match r.answered.as_deref() {
        Some(a) => (a.clone(), true),
        None => (
            Answered {
                operation: r.operation.clone(),
                status: None,
                body: crate::outcome::BodyKind::NoAnswer,
                fault: None,
                signature: crate::outcome::answered::normalise(&r.actual),
                decisions: Vec::new(),
            },
            false,
        ),
    }
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

/// Whether an assertion is about what kind of answer came (its status, fault, message,
/// envelope, headers), rather than about what a documented kind of answer holds (members,
/// the output shape, the history read after, the time it took).
pub fn about_the_answer(a: &Assertion) -> bool {
    matches!(
        a.query,
        Query::Answer
            | Query::Status
            | Query::StatusAndFault
            | Query::Fault
            | Query::Namespace
            | Query::Message
            | Query::Header(_)
            | Query::MediaType
            | Query::Body
    )
}

/// Whether a counting result failed only on what kind of answer came (or sent nothing to
/// judge): the results of one case that do are one cause, the case's answer.
pub fn failed_on_the_answer(r: &CaseResult) -> bool {
    r.failed.iter().all(about_the_answer)
}

/// The classes of what the failing assertions expected, their values that vary with the
/// member under test left out, sorted and each once (`fault ValidationException; status
/// 400`); the status and fault ones when there are any, since they name the cause.
pub fn expected_classes<'a>(failed: impl Iterator<Item = &'a Assertion>) -> String {
    let failed: Vec<&Assertion> = failed.filter(|a| a.query != Query::Answer).collect();
    let naming = |a: &Assertion| {
        matches!(
            a.query,
            Query::Status | Query::StatusAndFault | Query::Fault
        )
    };
    let pick: Vec<&Assertion> = match failed.iter().any(|a| naming(a)) {
        true => failed.into_iter().filter(|a| naming(a)).collect(),
        false => failed,
    };
    let mut classes: Vec<String> = pick.iter().map(|a| a.class()).collect();
    classes.sort();
    classes.dedup();
    classes.join("; ")
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
