//! The JSON report (`--report json=PATH`): a documented, stable contract, and the
//! input of `swfcheck merge` (so it carries everything the other formats render).
//!
//! ```json
//! {"endpoint": "...", "started": "...", "conformant": true, "interrupted": false,
//!  "cleaned_up": 0, "cleanup_errors": [],
//!  "cases": [{"id": "...", "operation": "...", "level": "must|should|observe",
//!             "verdict": "pass|fail|not-implemented|error|skipped|snapshot-changed",
//!             "source": "...", "expected": "...", "actual": "...", "counts": false,
//!             "category": "boundaries", "origin": "file:line",
//!             "evidence": {"url": "...", "request_headers": [["k", "v"]], ...}}],
//!  "summary": {"pass": 0, "fail": 0, "not-implemented": 0, "error": 0, "skipped": 0,
//!              "snapshot-changed": 0}}
//! ```
//!
//! With `--snapshots DIR` each case adds a result `<case id>/snapshot`; when it is
//! `snapshot-changed`, `actual` holds a unified diff (accepted → actual).

use super::ReportError;
use crate::cases::case::Level;
use crate::check::{CaseResult, Evidence, Verdict};
use crate::run::RunReport;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

#[derive(Serialize, Deserialize)]
struct JsonCase {
    id: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    case_id: String,
    operation: String,
    level: Level,
    verdict: Verdict,
    source: String,
    expected: String,
    actual: String,
    #[serde(default)]
    counts: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    category: Option<String>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    origin: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    evidence: Option<Evidence>,
}

#[derive(Serialize, Deserialize)]
struct JsonReport {
    endpoint: String,
    started: String,
    #[serde(default)]
    prefix: String,
    conformant: bool,
    interrupted: bool,
    #[serde(default)]
    cleaned_up: usize,
    #[serde(default)]
    cleanup_errors: Vec<String>,
    cases: Vec<JsonCase>,
    summary: BTreeMap<String, usize>,
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

fn document(report: &RunReport) -> JsonReport {
    JsonReport {
        endpoint: report.endpoint.clone(),
        started: report.started.clone(),
        prefix: report.prefix.clone(),
        conformant: report.conformant(),
        interrupted: report.interrupted,
        cleaned_up: report.cleaned_up,
        cleanup_errors: report.cleanup_errors.clone(),
        cases: report
            .results
            .iter()
            .map(|r| JsonCase {
                id: r.id.clone(),
                case_id: r.case_id.clone(),
                operation: r.operation.clone(),
                level: r.level,
                verdict: r.verdict,
                source: r.source.clone(),
                expected: r.expected.clone(),
                actual: r.actual.clone(),
                counts: r.counts,
                category: r.category.clone(),
                origin: r.origin.clone(),
                evidence: r.evidence.as_deref().cloned(),
            })
            .collect(),
        summary: summary(report)
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v))
            .collect(),
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
    let mut out = std::io::BufWriter::new(file);
    serde_json::to_writer_pretty(&mut out, &document(report)).map_err(|e| error(e.into()))?;
    std::io::Write::write_all(&mut out, b"\n").map_err(error)?;
    std::io::Write::flush(&mut out).map_err(error)
}

/// Reads a report written by [`write`] back (evidence included).
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
        interrupted: doc.interrupted,
        cleaned_up: doc.cleaned_up,
        cleanup_errors: doc.cleanup_errors,
        results: doc
            .cases
            .into_iter()
            .map(|c| CaseResult {
                case_id: c.case_id,
                id: c.id,
                operation: c.operation,
                level: c.level,
                verdict: c.verdict,
                source: c.source,
                expected: c.expected,
                actual: c.actual,
                counts: c.counts,
                category: c.category,
                origin: c.origin,
                evidence: c.evidence.map(Arc::new),
            })
            .collect(),
    })
}
