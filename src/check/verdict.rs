//! The one result type passed from the runner to the checks to every report.

use crate::cases::case::Level;
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

impl Verdict {
    /// The verdict a check's outcome is reported with: an observe-level `fail` that does not
    /// count (the answer was a documented kind, only an undocumented detail differs) is
    /// `noted`; everything else is unchanged.
    pub fn at_level(self, level: Level, counts: bool) -> Verdict {
        if self == Verdict::Fail && level == Level::Observe && !counts {
            Verdict::Noted
        } else {
            self
        }
    }
}

impl fmt::Display for Verdict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The exchange a result rests on, kept for `-v` and reproductions (secrets redacted).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Evidence {
    /// The URL the request went to.
    pub url: String,
    /// The SigV4 region, when the request was signed (`None`: sent unsigned).
    pub signed_region: Option<String>,
    /// Whether the request carried a session token.
    pub session_token: bool,
    /// Request headers as sent (Authorization and tokens redacted).
    pub request_headers: Vec<(String, String)>,
    /// Request body as text.
    pub request_body: String,
    /// Response status, if any.
    pub status: Option<u16>,
    /// Response headers.
    pub response_headers: Vec<(String, String)>,
    /// Response body as text (capped).
    pub response_body: String,
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
}

/// Results and reports for unit tests of the reports.
#[cfg(test)]
pub(crate) mod fixtures {
    use super::{CaseResult, Verdict};
    use crate::cases::case::Level;
    use crate::run::RunReport;

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
        }
    }
}
