//! Recorded traffic → case files: `swfcheck record` (a recording proxy) and
//! `swfcheck import` (HAR, VCR cassettes, swfcheck's JSON report) both produce
//! [`RecordedExchange`]s, and [`CaseWriter`] turns them into one case whose steps replay
//! them in order with `swfcheck run --cases`.
//!
//! What a written case holds: each request's operation and body (headers and
//! signatures are never kept), ids and tokens that came from an earlier answer
//! written as references to it (`${runIdOf:ID}`, `${answer:N:PATH}`), and the
//! recorded status, fault and answer shape ([`crate::check::recorded_shape`]) as expectations.

pub mod convert;
pub mod journal;
pub mod proxy;

pub use convert::{CaseWriter, ConvertError, Summary};

use serde::{Deserialize, Serialize};

/// One recorded request and the answer it got.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordedExchange {
    /// The request's `X-Amz-Target`, if it had one.
    pub target: Option<String>,
    /// The request body as text.
    pub request: String,
    /// The answer's HTTP status.
    pub status: u16,
    /// The answer body as text.
    pub answer: String,
}

impl RecordedExchange {
    /// The same exchange with every occurrence of `secrets` replaced (credentials a
    /// client may have put in a body; headers are never kept at all).
    pub fn scrubbed(mut self, secrets: &[String]) -> Self {
        for s in secrets.iter().filter(|s| !s.is_empty()) {
            for text in [&mut self.request, &mut self.answer] {
                if text.contains(s.as_str()) {
                    *text = text.replace(s.as_str(), crate::outcome::secrets::REDACTED);
                }
            }
        }
        self
    }
}

/// The credential values of the environment, which must never be written.
pub fn env_secrets() -> Vec<String> {
    crate::credentials::Credentials::from_env()
        .map(|c| c.secrets().into_iter().map(str::to_owned).collect())
        .unwrap_or_default()
}
