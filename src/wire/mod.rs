//! The wire: a raw request (target, Content-Type, body bytes) in, a validated
//! operation input or a [`Fault`] out.
//!
//! The same code serves the reference endpoint, the fuzz targets,
//! `swfcheck validate` and the checks. Steps, each its own module:
//! [`target`] picks the operation, [`decode`] reads the body under the
//! operation's input shape (type errors become a serialization fault),
//! [`validate`] lists every constraint violation (a ValidationException).

pub mod decode;
pub mod fault;
pub mod path;
pub mod target;
pub mod typed;
pub mod validate;
pub mod value;
pub mod verdict;

pub use fault::{Fault, FaultKind, SwfFault};
pub use value::Value;

use crate::model::{self, Operation};

/// A request that parsed and satisfies every constraint of its operation.
#[derive(Debug, Clone)]
pub struct Request {
    /// The operation the target named.
    pub operation: &'static Operation,
    /// The decoded input, a [`Value::Structure`] of the operation's input shape.
    pub input: Value,
}

impl PartialEq for Request {
    fn eq(&self, other: &Self) -> bool {
        self.operation.name == other.operation.name && self.input == other.input
    }
}

impl Request {
    /// The operation's name.
    pub fn name(&self) -> &'static str {
        &self.operation.name
    }

    /// The input as JSON: known members only, in the model's order.
    pub fn to_json(&self) -> serde_json::Value {
        self.input.to_json(&self.operation.input)
    }

    /// The input as a request body.
    pub fn to_body(&self) -> Vec<u8> {
        serde_json::to_vec(&self.to_json()).unwrap_or_default()
    }

    /// The input as one of the typed structs of [`typed`].
    pub fn typed<T: typed::TypedInput>(&self) -> Result<T, typed::TypedError> {
        typed::from_request(self)
    }

    /// The input as the typed input of its operation (what the reference endpoint serves).
    pub fn read(&self) -> Result<typed::Input, typed::TypedError> {
        typed::Input::read(self)
    }
}

/// Parses and validates a raw request against the embedded SWF model.
///
/// Order of checks: Content-Type, then target, then the body's JSON types,
/// then constraints; the first step that fails decides the fault.
pub fn parse_request(
    target: Option<&str>,
    content_type: Option<&str>,
    body: &[u8],
) -> Result<Request, Fault> {
    target::check_content_type(content_type)?;
    let operation = target::operation_for_target(model::swf(), target)?;
    parse_body(operation, body)
}

/// Parses and validates a body for an already known operation.
pub fn parse_body(operation: &'static Operation, body: &[u8]) -> Result<Request, Fault> {
    let input = decode::decode(&operation.input, body)?;
    let mut violations = validate::violations(&operation.input, &input);
    if violations.is_empty() && crate::model::rules::applies(&operation.name) {
        let json = input.to_json(&operation.input);
        violations.extend(crate::model::rules::violation(&operation.name, &json));
    }
    match validate::validation_fault(&violations) {
        Some(fault) => Err(fault),
        None => Ok(Request { operation, input }),
    }
}
