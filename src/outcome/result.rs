//! The one result type every stage above hands on: a check group's verdict, what was
//! expected and got, and the evidence it rests on.

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

/// The outcome of one check group of one case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CaseResult {
    /// `<case id>` or `<case id>/<check name>`.
    pub id: String,
    /// The operation.
    pub operation: String,
    /// must, should, observe.
    pub level: Level,
    /// The verdict.
    pub verdict: Verdict,
    /// The fact the check rests on.
    pub source: String,
    /// What was expected, in words.
    pub expected: String,
    /// What happened, in words.
    pub actual: String,
    /// Whether this result alone decides that the run is not conformant (a
    /// must/should check not passing, or a 5xx/HTML/hang at any level).
    pub counts: bool,
    /// Report category.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
    /// The case file and line.
    #[serde(skip)]
    pub origin: String,
    /// The id of the case this result belongs to (every check group of a case shares it).
    #[serde(skip)]
    pub case_id: String,
    /// The request and response, shared by every check group of the case.
    #[serde(skip)]
    pub evidence: Option<Arc<Evidence>>,
    /// A `flaky` result's first, failing exchange (`evidence` holds the passing retry).
    #[serde(skip)]
    pub first_attempt: Option<Arc<Evidence>>,
    /// Where the case went wrong, when it did: the step that failed, what the endpoint
    /// lacks, every exchange of the case (shared by its check groups).
    #[serde(skip)]
    pub cause: Option<Arc<Cause>>,
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

    /// A result of RequestCancelWorkflowExecution; it counts when it does not pass and is
    /// not an observation.
    pub(crate) fn result(id: &str, verdict: Verdict, level: Level) -> CaseResult {
        CaseResult {
            id: id.into(),
            operation: "RequestCancelWorkflowExecution".into(),
            level,
            verdict: verdict.at_level(level, verdict != Verdict::Pass && level != Level::Observe),
            source: "s".into(),
            expected: "status 400".into(),
            actual: "status 200".into(),
            counts: verdict != Verdict::Pass && level != Level::Observe,
            category: None,
            origin: String::new(),
            case_id: id.trim_end_matches("/snapshot").into(),
            evidence: None,
            first_attempt: None,
            cause: None,
        }
    }

    /// A report of `results` from a loopback endpoint.
    pub(crate) fn report(results: Vec<CaseResult>) -> RunReport {
        RunReport {
            endpoint: "http://127.0.0.1:1/".into(),
            started: String::new(),
            prefix: "swfcheck-00000000".into(),
            results,
            interrupted: false,
            cleaned_up: 0,
            cleanup_errors: Vec::new(),
            compared: None,
            aborted: None,
        }
    }
}
