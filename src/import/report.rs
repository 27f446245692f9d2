//! swfcheck's JSON report (`run --report json=PATH`): each case's request and answer
//! (its `evidence`), in the report's order, one exchange per case. The report keeps
//! answers up to 2,048 characters: a longer answer keeps its status and fault, not
//! its shape. The cases' setups are not in a report, so a replay sees only the
//! requests the cases themselves sent.

use super::{ImportError, malformed, target_of};
use crate::record::RecordedExchange;
use serde::Deserialize;
use std::path::Path;

#[derive(Deserialize)]
struct Report {
    cases: Vec<Case>,
}

#[derive(Deserialize)]
struct Case {
    id: String,
    #[serde(default)]
    case_id: String,
    #[serde(default)]
    evidence: Option<Evidence>,
}

#[derive(Deserialize)]
struct Evidence {
    #[serde(default)]
    request_headers: Vec<(String, String)>,
    #[serde(default)]
    request_body: String,
    status: Option<u16>,
    #[serde(default)]
    response_body: String,
}

/// The exchanges of a JSON report, one per case that has evidence with an answer.
pub fn read(path: &Path, text: &str) -> Result<Vec<RecordedExchange>, ImportError> {
    let report: Report = serde_json::from_str(text).map_err(|e| {
        malformed(
            path,
            e.line(),
            format!("not a swfcheck JSON report (cases[].evidence): {e}"),
        )
    })?;
    let mut out = Vec::new();
    let mut last_case = String::new();
    for case in report.cases {
        let case_id = if case.case_id.is_empty() {
            case.id
        } else {
            case.case_id
        };
        let (Some(evidence), true) = (case.evidence, case_id != last_case) else {
            continue;
        };
        let Some(status) = evidence.status else {
            continue;
        };
        last_case = case_id;
        let headers = evidence.request_headers.iter();
        out.push(RecordedExchange {
            target: target_of(headers.map(|(k, v)| (k.as_str(), v.as_str()))),
            request: evidence.request_body,
            status,
            answer: evidence.response_body,
        });
    }
    Ok(out)
}
