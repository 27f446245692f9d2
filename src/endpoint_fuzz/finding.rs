//! Findings: what is not a documented answer, its de-duplication key, shrinking
//! to a minimal body, and the reproduction written for it.

use crate::outcome::exchange::{broken, fault_of};
use crate::outcome::{Outgoing, Received, TransportError};
use crate::run::client::Client;
use serde::Serialize;
use std::path::{Path, PathBuf};

/// A kind of finding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum FindingKind {
    /// An HTTP 5xx.
    ServerError {
        /// The status.
        status: u16,
    },
    /// A 4xx whose body is not a JSON fault envelope.
    BadErrorBody {
        /// The status.
        status: u16,
        /// The body's start.
        body_start: String,
    },
    /// A 1xx/3xx answer, or a 2xx body that is not JSON.
    Undocumented {
        /// The status.
        status: u16,
        /// Why.
        why: String,
    },
    /// No answer within the timeout.
    Hang,
    /// The connection broke.
    Dropped {
        /// What the HTTP stack said.
        error: String,
    },
}

impl FindingKind {
    /// The de-duplication key: findings with the same key are the same bug.
    pub fn key(&self) -> String {
        match self {
            FindingKind::ServerError { status } => format!("5xx/{status}"),
            FindingKind::BadErrorBody { status, .. } => format!("bad-error-body/{status}"),
            FindingKind::Undocumented { status, .. } => format!("undocumented/{status}"),
            FindingKind::Hang => "hang".into(),
            FindingKind::Dropped { .. } => "dropped".into(),
        }
    }
}

/// Classifies an outcome; `None` is a documented answer.
pub fn classify(outcome: &Result<Received, TransportError>) -> Option<FindingKind> {
    let r = match outcome {
        Err(TransportError::Timeout(_)) => return Some(FindingKind::Hang),
        Err(e) => {
            return Some(FindingKind::Dropped {
                error: e.to_string(),
            });
        }
        Ok(r) => r,
    };
    if r.status >= 500 {
        return Some(FindingKind::ServerError { status: r.status });
    }
    if r.status >= 400 {
        let envelope = r.json().as_ref().and_then(fault_of).is_some();
        if !envelope {
            let body_start = String::from_utf8_lossy(&r.body[..r.body.len().min(80)]).into_owned();
            return Some(FindingKind::BadErrorBody {
                status: r.status,
                body_start,
            });
        }
        return None;
    }
    if !(200..300).contains(&r.status) {
        return Some(FindingKind::Undocumented {
            status: r.status,
            why: "neither 2xx nor 4xx".into(),
        });
    }
    broken(r).map(|why| FindingKind::Undocumented {
        status: r.status,
        why,
    })
}

/// Removes chunks of the body while the finding keeps its key (at most 200 tries).
pub async fn shrink(client: &Client, out: &Outgoing, key: &str) -> Outgoing {
    let mut best = out.clone();
    let mut tries = 0;
    let mut chunk = best.body.len().div_ceil(2).max(1);
    while chunk >= 1 && tries < 200 && !best.body.is_empty() {
        let mut progressed = false;
        let mut start = 0;
        while start < best.body.len() && tries < 200 {
            let mut candidate = best.clone();
            let end = (start + chunk).min(candidate.body.len());
            candidate.body.drain(start..end);
            tries += 1;
            if super::resend(client, &candidate)
                .await
                .is_some_and(|k| k.key() == key)
            {
                best = candidate;
                progressed = true;
            } else {
                start += chunk;
            }
        }
        if !progressed {
            if chunk == 1 {
                break;
            }
            chunk /= 2;
        }
    }
    best
}

/// A finding with its minimal request and a reproduction.
#[derive(Debug, Clone, Serialize)]
pub struct Finding {
    /// What went wrong.
    pub kind: FindingKind,
    /// The request headers (before signing).
    pub headers: Vec<(String, String)>,
    /// The minimal body, as text (lossy).
    pub body: String,
    /// A curl command that sends the same request, credentials from the environment.
    pub curl: String,
}

impl Finding {
    /// A finding for `kind`, reproduced by `out` against `url`.
    pub fn new(kind: FindingKind, out: Outgoing, url: &reqwest::Url, region: &str) -> Self {
        let body = String::from_utf8_lossy(&out.body).into_owned();
        let evidence = crate::outcome::Evidence {
            url: url.to_string(),
            signed_region: out.signed.then(|| region.to_owned()),
            request_headers: out.headers.clone(),
            request_body: body.clone(),
            ..crate::outcome::Evidence::default()
        };
        let curl = crate::outcome::curl::command(&evidence);
        Finding {
            kind,
            headers: out.headers,
            body,
            curl,
        }
    }
}

/// Writes each finding as `<dir>/finding-<n>.json`.
pub fn save(dir: &Path, findings: &[Finding]) -> Result<Vec<PathBuf>, super::FuzzError> {
    let err = |path: &Path, source| super::FuzzError::Write {
        path: path.to_owned(),
        source,
    };
    std::fs::create_dir_all(dir).map_err(|e| err(dir, e))?;
    let mut written = Vec::new();
    for (i, f) in findings.iter().enumerate() {
        let path = dir.join(format!("finding-{}.json", i + 1));
        let text = serde_json::to_string_pretty(f).unwrap_or_default();
        std::fs::write(&path, text + "\n").map_err(|e| err(&path, e))?;
        written.push(path);
    }
    Ok(written)
}
