//! The one result type every stage above hands on: a check group's verdict, what was
//! expected and got, and the evidence it rests on.

use super::answered::Answered;
use super::assertion::Assertion;
use super::evidence::Evidence;
use super::level::Level;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::sync::Arc;

/// The verdict of one check group.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    /// Every expectation held.
    Pass,
    /// An expectation did not hold (or the answer was a 5xx, HTML, ...).
    Fail,
    /// An observe-level expectation did not hold: a difference worth knowing, not a
    /// divergence (the answer itself was a documented kind; never fails a run). Reports
    /// before this verdict existed wrote `fail` with `counts: false` for it.
    Noted,
    /// Failed, then passed when run once more with a fresh setup: reported with both
    /// exchanges; does not fail the run (`run --no-retry` runs each case once).
    Flaky,
    /// The endpoint does not implement the operation (UnknownOperationException).
    NotImplemented,
    /// No usable answer: transport fault, timeout, setup failure.
    Error,
    /// Not run (interrupted, or its setup could not be attempted).
    Skipped,
    /// The response differs from the accepted snapshot, or no accepted snapshot exists
    /// (`run --snapshots DIR`; `--update` accepts).
    SnapshotChanged,
}

impl Verdict {
    /// Every verdict, in report order.
    pub const ALL: [Verdict; 8] = [
        Verdict::Pass,
        Verdict::Fail,
        Verdict::Noted,
        Verdict::Flaky,
        Verdict::NotImplemented,
        Verdict::Error,
        Verdict::Skipped,
        Verdict::SnapshotChanged,
    ];

    /// The verdict as written in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Pass => "pass",
            Verdict::Fail => "fail",
            Verdict::Noted => "noted",
            Verdict::Flaky => "flaky",
            Verdict::NotImplemented => "not-implemented",
            Verdict::Error => "error",
            Verdict::Skipped => "skipped",
            Verdict::SnapshotChanged => "snapshot-changed",
        }
    }
}

impl fmt::Display for Verdict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The outcome of one check group of one case; also its record in the JSON report
/// (`report::json`), which is why every field says how it is written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseResult {
    /// `<case id>` or `<case id>/<check name>`.
    pub id: String,
    /// The id of the case this result belongs to (every check group of a case shares it).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub case_id: String,
    /// The operation.
    pub operation: String,
    /// must, should, observe.
    pub level: Level,
    /// The verdict.
    pub verdict: Verdict,
    /// The fact the check rests on.
    pub source: String,
    /// What was expected, in words (rendered from the assertions).
    pub expected: String,
    /// What happened, in words (rendered from the assertions).
    pub actual: String,
    /// Whether this result alone decides that the run is not conformant (a
    /// must/should check not passing, or a 5xx/HTML/hang at any level).
    #[serde(default)]
    pub counts: bool,
    /// Report category.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
    /// The case file and line.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub origin: String,
    /// The request and response, shared by every check group of the case.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evidence: Option<Arc<Evidence>>,
    /// A `flaky` result's first, failing exchange (`evidence` holds the passing retry).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_attempt: Option<Arc<Evidence>>,
    /// Where the case went wrong, when it did: the step that failed, what the endpoint
    /// lacks, every exchange of the case (shared by its check groups).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cause: Option<Arc<Cause>>,
    /// What a generated case changes in a valid request, when it is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub variation: Option<Variation>,
    /// The member a generated case changes, when it is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub member: Option<String>,
    /// The check group's name (`output`, `history`), when it has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub check: Option<String>,
    /// The fault the check group expects by name, when it names one (the fault matrix).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expects_fault: Option<String>,
    /// The assertions that did not hold: what groups and retries read.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub failed: Vec<Assertion>,
    /// The answer the result rests on: the case's request's, or the failing step's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answered: Option<Arc<Answered>>,
}

/// Who a result is about: the check group of a case, with what reports show of it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Subject {
    /// `<case id>` or `<case id>/<check name>`.
    pub id: String,
    /// The case's id.
    pub case_id: String,
    /// The check group's name, when it has one.
    pub check: Option<String>,
    /// The fault the group expects by name, when it names one.
    pub expects_fault: Option<String>,
    /// The operation.
    pub operation: String,
    /// The group's level.
    pub level: Level,
    /// The fact the group rests on.
    pub source: String,
    /// The case's report category.
    pub category: Option<String>,
    /// What a generated case changes, when it is one.
    pub variation: Option<Variation>,
    /// The member a generated case changes, when it is one.
    pub member: Option<String>,
    /// The case file and line.
    pub origin: String,
}

/// What a generated case changes in a valid request: the kind of case, as groups name it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Variation {
    /// A required member left out or `null`.
    Missing,
    /// A string at, under or over its length bounds.
    Length,
    /// A member of the wrong JSON type.
    WrongType,
    /// An enum member with each of its values.
    EnumValue,
    /// An enum member outside its set.
    EnumInvalid,
    /// A number at or past its range.
    NumberRange,
    /// A list at or past its size bounds.
    ListSize,
}

impl Variation {
    /// The variation of a generated case's kind (`missing`, `len-257`, `type-number`, ...).
    pub fn of_kind(kind: &str) -> Option<Variation> {
        Some(match kind {
            "missing" | "null" => Variation::Missing,
            "enum-invalid" => Variation::EnumInvalid,
            _ if kind.starts_with("len-") => Variation::Length,
            _ if kind.starts_with("type-") => Variation::WrongType,
            _ if kind.starts_with("enum-") => Variation::EnumValue,
            _ if kind.starts_with("value-") => Variation::NumberRange,
            _ if kind.starts_with("count-") => Variation::ListSize,
            _ => return None,
        })
    }

    /// The variation in words, as groups show it.
    pub fn as_str(self) -> &'static str {
        match self {
            Variation::Missing => "missing or null",
            Variation::Length => "length",
            Variation::WrongType => "wrong type",
            Variation::EnumValue => "enum value",
            Variation::EnumInvalid => "enum outside its set",
            Variation::NumberRange => "number range",
            Variation::ListSize => "list size",
        }
    }
}

impl CaseResult {
    /// A result about `subject` with `verdict` and nothing else yet: the verdict pipeline
    /// ([`super::verdicts`]) builds every result this way and fills in the rest.
    pub(crate) fn of(subject: Subject, verdict: Verdict) -> CaseResult {
        CaseResult {
            id: subject.id,
            operation: subject.operation,
            level: subject.level,
            verdict,
            source: subject.source,
            expected: String::new(),
            actual: String::new(),
            counts: false,
            category: subject.category,
            origin: subject.origin,
            case_id: subject.case_id,
            evidence: None,
            first_attempt: None,
            cause: None,
            variation: subject.variation,
            member: subject.member,
            check: subject.check,
            expects_fault: subject.expects_fault,
            failed: Vec::new(),
            answered: None,
        }
    }
}

/// Where a case that did not pass went wrong.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cause {
    /// The step whose answer stopped the case (`setup open: StartWorkflowExecution`,
    /// `step 2 (SignalWorkflowExecution)`), when one did.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub step: Option<String>,
    /// The operation (or `<operation> <decision type>`) the endpoint's answer says it does
    /// not implement.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub missing: Option<String>,
    /// Every exchange of the case, in order, each under the label of the step that made it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub exchanges: Vec<(String, Evidence)>,
}

/// Results and reports for unit tests of the reports.
#[cfg(test)]
pub(crate) mod fixtures {
    use super::{CaseResult, Verdict};
    use crate::outcome::Level;
    use crate::outcome::RunReport;

    /// A result of RequestCancelWorkflowExecution that expected status 400; it counts when
    /// it does not pass and is not an observation, and then got a 200 with an empty body.
    pub(crate) fn result(id: &str, verdict: Verdict, level: Level) -> CaseResult {
        let failing = verdict != Verdict::Pass;
        let counts = failing && level != Level::Observe;
        let mut r = CaseResult::of(
            super::Subject {
                id: id.into(),
                case_id: id.trim_end_matches("/snapshot").into(),
                operation: "RequestCancelWorkflowExecution".into(),
                level,
                source: "s".into(),
                ..super::Subject::default()
            },
            verdict.at_level(level, counts),
        );
        r.expected = "status 400".into();
        r.actual = "status 200".into();
        r.counts = counts;
        if failing {
            r.failed = vec![crate::outcome::Assertion::failed(
                crate::outcome::Query::Status,
                crate::outcome::Predicate::Equals(400.into()),
                crate::outcome::Actual::Value(200.into()),
            )];
            r.answered = Some(std::sync::Arc::new(crate::outcome::Answered::of_body(
                r.operation.clone(),
                200,
                b"",
            )));
        }
        r
    }

    /// A report of `results` from a loopback endpoint.
    pub(crate) fn report(results: Vec<CaseResult>) -> RunReport {
        RunReport {
            endpoint: "http://127.0.0.1:1/".into(),
            started: String::new(),
            prefix: "swfcheck-00000000".into(),
            domain: "swfcheck-conformance".into(),
            notes: Vec::new(),
            replay_args: Vec::new(),
            results,
            interrupted: false,
            cleaned_up: 0,
            cleanup_errors: Vec::new(),
            compared: None,
            aborted: None,
        }
    }
}
