//! The JSON report (`--report json=PATH`): a documented, stable contract.
//!
//! ```json
//! {"endpoint": "...", "started": "...", "conformant": true, "interrupted": false,
//!  "cases": [{"id": "...", "operation": "...", "level": "must|should|observe",
//!             "verdict": "pass|fail|not-implemented|error|skipped|snapshot-changed",
//!             "source": "...", "expected": "...", "actual": "..."}],
//!  "summary": {"pass": 0, "fail": 0, "not-implemented": 0, "error": 0, "skipped": 0,
//!              "snapshot-changed": 0}}
//! ```
//!
//! With `--snapshots DIR` each case adds a result `<case id>/snapshot`; when it is
//! `snapshot-changed`, `actual` holds a unified diff (accepted → actual).

use super::ReportError;
use crate::check::Verdict;
use crate::run::RunReport;
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::Path;

#[derive(Serialize)]
struct JsonCase<'a> {
    id: &'a str,
    operation: &'a str,
    level: &'a str,
    verdict: &'a str,
    source: &'a str,
    expected: &'a str,
    actual: &'a str,
}

#[derive(Serialize)]
struct JsonReport<'a> {
    endpoint: &'a str,
    started: &'a str,
    conformant: bool,
    interrupted: bool,
    cases: Vec<JsonCase<'a>>,
    summary: BTreeMap<&'static str, usize>,
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
    let doc = JsonReport {
        endpoint: &report.endpoint,
        started: &report.started,
        conformant: report.conformant(),
        interrupted: report.interrupted,
        cases: report
            .results
            .iter()
            .map(|r| JsonCase {
                id: &r.id,
                operation: &r.operation,
                level: r.level.as_str(),
                verdict: r.verdict.as_str(),
                source: &r.source,
                expected: &r.expected,
                actual: &r.actual,
            })
            .collect(),
        summary: summary(report),
    };
    serde_json::to_value(doc).unwrap_or_default()
}

/// Writes the report to `path` (whole file, written at once).
pub fn write(report: &RunReport, path: &Path) -> Result<(), ReportError> {
    let mut text = serde_json::to_string_pretty(&to_json(report)).unwrap_or_default();
    text.push('\n');
    std::fs::write(path, text).map_err(|source| ReportError::Write {
        format: "json",
        path: path.to_owned(),
        source,
    })
}
