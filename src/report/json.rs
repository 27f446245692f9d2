//! The JSON report (`--report json=PATH`): a documented, stable contract, and the
//! input of `swfcheck merge` (so it carries everything the other formats render).
//!
//! ```json
//! {"endpoint": "...", "started": "...", "conformant": true, "interrupted": false,
//!  "cleaned_up": 0, "cleanup_errors": [], "domain": "swfcheck-conformance", "notes": [],
//!  "cases": [{"id": "...", "operation": "...", "level": "must|should|observe",
//!             "verdict": "pass|fail|noted|flaky|not-implemented|error|skipped|snapshot-changed",
//!             "source": "...", "expected": "...", "actual": "...", "counts": false,
//!             "category": "boundaries", "origin": "file:line", "variation": "length",
//!             "check": "output", "expects_fault": "ValidationException",
//!             "failed": [{"query": "status", "predicate": {"equals": 400}, "holds": false,
//!                         "actual": {"value": 200}}],
//!             "answered": {"operation": "...", "status": 200, "body": "empty"},
//!             "evidence": {"url": "...", "request_headers": [["k", "v"]], ...},
//!             "first_attempt": {...},
//!             "cause": {"step": "step 2 (SignalWorkflowExecution)", "missing": "...",
//!                       "exchanges": [["setup open: StartWorkflowExecution", {...}]]}}],
//!  "summary": {"pass": 0, "fail": 0, "noted": 0, "flaky": 0, "not-implemented": 0,
//!              "error": 0, "skipped": 0, "snapshot-changed": 0},
//!  "groups": [{"kind": "undocumented answer", "expected": "",
//!              "answer": "HTTP 500 with an HTML body: KeyError: 'input'", "operations": ["..."], "checks": 216,
//!              "cases": 108, "example": "...", "reproduce": "curl ...", "ids": ["..."]}],
//!  "compare": {"endpoint": "...", "cases": 0, "differences": [{"case": "...",
//!              "operation": "...", "first": "...", "second": "...", "diff": "..."}]}}
//! ```
//!
//! `groups` (see [`super::groups`]) holds the counting results grouped by cause, largest
//! first; `compare` is present only with `run --compare URL2`.
//!
//! Transition: an observe-level difference (`counts: false`) was written `fail` before
//! `noted` existed; it is now `noted`. Readers that decide on `counts` or `conformant` see
//! no change; a report of the old form read back (`merge`) has such results read as `noted`.
//!
//! With `--snapshots DIR` each case adds a result `<case id>/snapshot`; when it is
//! `snapshot-changed`, `actual` holds a unified diff (accepted → actual).

use super::ReportError;
use crate::outcome::RunReport;
use crate::outcome::{CaseResult, Verdict};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

#[derive(Serialize, Deserialize)]
struct JsonReport<'a> {
    endpoint: String,
    started: String,
    #[serde(default)]
    prefix: String,
    /// The run's domain (the fresh one when the asked one could not be undeprecated).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    domain: String,
    /// What the run found at its start and did about it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    notes: Vec<String>,
    /// What a reproduction gives `swfcheck run` beside `--case ID`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    replay_args: Vec<String>,
    conformant: bool,
    interrupted: bool,
    #[serde(default)]
    cleaned_up: usize,
    #[serde(default)]
    cleanup_errors: Vec<String>,
    cases: std::borrow::Cow<'a, [CaseResult]>,
    summary: BTreeMap<String, usize>,
    /// The divergences grouped by cause (written, not read back: derived from `cases`).
    #[serde(default, skip_deserializing)]
    groups: Vec<super::groups::Group>,
    /// With `run --compare URL2`: the second endpoint and every case answered differently.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    compare: Option<crate::outcome::Compared>,
    /// Why the run could not happen (every case it started erred before its checks).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    aborted: Option<String>,
}

/// A JSON report that cannot be read back.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    /// I/O.
    #[error("cannot read the JSON report {path}: {error}")]
    Io {
        /// The path.
        path: PathBuf,
        /// The error.
        error: std::io::Error,
    },
    /// Not a swfcheck JSON report.
    #[error(
        "{path} is not a swfcheck JSON report: {error} (hint: write one with --report json=PATH)"
    )]
    Invalid {
        /// The path.
        path: PathBuf,
        /// The parse error.
        error: serde_json::Error,
    },
}

/// The verdict counts, every verdict present (zero when none).
pub fn summary(report: &RunReport) -> BTreeMap<&'static str, usize> {
    let mut counts: BTreeMap<&'static str, usize> =
        Verdict::ALL.iter().map(|v| (v.as_str(), 0)).collect();
    for r in &report.results {
        *counts.entry(r.verdict.as_str()).or_default() += 1;
    }
    counts
}

/// The report as a JSON value.
pub fn to_json(report: &RunReport) -> serde_json::Value {
    serde_json::to_value(document(report)).unwrap_or_default()
}

fn document(report: &RunReport) -> JsonReport<'_> {
    JsonReport {
        endpoint: report.endpoint.clone(),
        started: report.started.clone(),
        prefix: report.prefix.clone(),
        domain: report.domain.clone(),
        notes: report.notes.clone(),
        replay_args: report.replay_args.clone(),
        conformant: report.conformant(),
        interrupted: report.interrupted,
        cleaned_up: report.cleaned_up,
        cleanup_errors: report.cleanup_errors.clone(),
        cases: std::borrow::Cow::Borrowed(&report.results),
        summary: summary(report)
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v))
            .collect(),
        groups: super::groups::of(report),
        compare: report.compared.clone(),
        aborted: report.aborted.clone(),
    }
}

/// Writes the report to `path`, streamed (a 100,000-result report is never held as text).
pub fn write(report: &RunReport, path: &Path) -> Result<(), ReportError> {
    let error = |source| ReportError::Write {
        format: "json",
        path: path.to_owned(),
        source,
    };
    let file = std::fs::File::create(path).map_err(error)?;
    write_to(report, std::io::BufWriter::new(file)).map_err(error)
}

/// Writes the report to `out`, streamed, and flushes it.
pub fn write_to(report: &RunReport, mut out: impl std::io::Write) -> std::io::Result<()> {
    serde_json::to_writer_pretty(&mut out, &document(report))?;
    out.write_all(b"\n")?;
    out.flush()
}

/// Reads a report written by [`write()`] back (evidence included).
pub fn read(path: &Path) -> Result<RunReport, ReadError> {
    let text = std::fs::read_to_string(path).map_err(|error| ReadError::Io {
        path: path.to_owned(),
        error,
    })?;
    let doc: JsonReport = serde_json::from_str(&text).map_err(|error| ReadError::Invalid {
        path: path.to_owned(),
        error,
    })?;
    Ok(RunReport {
        endpoint: doc.endpoint,
        started: doc.started,
        prefix: doc.prefix,
        domain: doc.domain,
        notes: doc.notes,
        replay_args: doc.replay_args,
        interrupted: doc.interrupted,
        cleaned_up: doc.cleaned_up,
        cleanup_errors: doc.cleanup_errors,
        compared: doc.compare,
        aborted: doc.aborted,
        results: doc
            .cases
            .into_owned()
            .into_iter()
            .map(|mut c| {
                crate::outcome::verdicts::read_back(&mut c);
                c
            })
            .collect(),
    })
}
