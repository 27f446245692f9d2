//! The verdict of `swfcheck validate`: one JSON object, a stable contract.
//!
//! `{"valid":true,"operation":"<Name>"}` or
//! `{"valid":false,"status":400,"type":"<namespace>#<Name>","message":"..."}`.

use super::{Fault, Request};
use serde::Serialize;

/// What the model says of one request.
#[derive(Debug, Serialize, PartialEq, Eq)]
#[serde(untagged)]
pub enum ValidationVerdict {
    /// The request is valid for `operation`.
    Valid {
        /// Always `true`.
        valid: bool,
        /// The bare operation name.
        operation: String,
    },
    /// The request draws a fault.
    Invalid {
        /// Always `false`.
        valid: bool,
        /// The HTTP status of the fault.
        status: u16,
        /// The fault's `__type` (`<namespace>#<Name>`).
        #[serde(rename = "type")]
        type_name: String,
        /// The fault's message.
        message: String,
    },
}

impl ValidationVerdict {
    /// The verdict for the outcome of [`super::parse_request`].
    pub fn of(outcome: &Result<Request, Fault>) -> Self {
        match outcome {
            Ok(req) => ValidationVerdict::Valid {
                valid: true,
                operation: req.name().to_owned(),
            },
            Err(fault) => ValidationVerdict::Invalid {
                valid: false,
                status: fault.status(),
                type_name: fault.type_name(),
                message: fault.message.clone(),
            },
        }
    }

    /// Whether the request is valid.
    pub fn is_valid(&self) -> bool {
        matches!(self, ValidationVerdict::Valid { .. })
    }

    /// The verdict as one line of JSON.
    pub fn to_json_line(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }
}
