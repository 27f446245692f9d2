//! Faults: the errors an SWF endpoint answers, and their JSON envelope.

use serde::Serialize;
use std::fmt;

/// Namespace of the faults SWF declares (SWF-WIRE.md §3, seen).
pub const SWF_NAMESPACE: &str = "com.amazonaws.swf.base.model";
/// Namespace of constraint violations (SWF-WIRE.md §3, seen).
pub const VALIDATE_NAMESPACE: &str = "com.amazon.coral.validate";
/// Namespace of the generic protocol faults (SWF-WIRE.md §3, open).
pub const SERVICE_NAMESPACE: &str = "com.amazon.coral.service";
/// Namespace of throttling (SWF-WIRE.md §3, seen).
pub const AVAILABILITY_NAMESPACE: &str = "com.amazon.coral.availability";

/// The faults SWF's model declares (`faults` in fixtures/model/swf.json).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum SwfFault {
    /// A needed default is given neither by the type nor by the request.
    DefaultUndefined,
    /// RegisterDomain with a name that already exists.
    DomainAlreadyExists,
    /// The domain is deprecated.
    DomainDeprecated,
    /// A limit on the number of resources was reached.
    LimitExceeded,
    /// The caller lacks permission.
    OperationNotPermitted,
    /// Too many tags on a resource.
    TooManyTags,
    /// The type (name, version) is already registered.
    TypeAlreadyExists,
    /// The type is deprecated.
    TypeDeprecated,
    /// Delete of a type that is not deprecated.
    TypeNotDeprecated,
    /// The named resource never existed or is no longer available.
    UnknownResource,
    /// An open execution already has the workflowId.
    WorkflowExecutionAlreadyStarted,
}

impl SwfFault {
    /// Every SWF fault, in name order.
    pub const ALL: [SwfFault; 11] = [
        SwfFault::DefaultUndefined,
        SwfFault::DomainAlreadyExists,
        SwfFault::DomainDeprecated,
        SwfFault::LimitExceeded,
        SwfFault::OperationNotPermitted,
        SwfFault::TooManyTags,
        SwfFault::TypeAlreadyExists,
        SwfFault::TypeDeprecated,
        SwfFault::TypeNotDeprecated,
        SwfFault::UnknownResource,
        SwfFault::WorkflowExecutionAlreadyStarted,
    ];

    /// The fault's name as the model and `__type` spell it.
    pub fn name(self) -> &'static str {
        match self {
            SwfFault::DefaultUndefined => "DefaultUndefinedFault",
            SwfFault::DomainAlreadyExists => "DomainAlreadyExistsFault",
            SwfFault::DomainDeprecated => "DomainDeprecatedFault",
            SwfFault::LimitExceeded => "LimitExceededFault",
            SwfFault::OperationNotPermitted => "OperationNotPermittedFault",
            SwfFault::TooManyTags => "TooManyTagsFault",
            SwfFault::TypeAlreadyExists => "TypeAlreadyExistsFault",
            SwfFault::TypeDeprecated => "TypeDeprecatedFault",
            SwfFault::TypeNotDeprecated => "TypeNotDeprecatedFault",
            SwfFault::UnknownResource => "UnknownResourceFault",
            SwfFault::WorkflowExecutionAlreadyStarted => "WorkflowExecutionAlreadyStartedFault",
        }
    }
}

/// What kind of fault: decides the name, namespace and HTTP status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FaultKind {
    /// Missing or unknown `X-Amz-Target`, or a Content-Type that is not JSON.
    UnknownOperation,
    /// The body is not JSON, not an object, or a member has the wrong JSON type.
    Serialization,
    /// One or more members fall outside the model's constraints.
    Validation,
    /// No credentials on a request that needs them.
    MissingAuthenticationToken,
    /// The caller is sending too fast.
    Throttling,
    /// A fault SWF itself declares.
    Swf(SwfFault),
}

impl FaultKind {
    /// The fault name (the part of `__type` after `#`).
    pub fn name(self) -> &'static str {
        match self {
            FaultKind::UnknownOperation => "UnknownOperationException",
            FaultKind::Serialization => "SerializationException",
            FaultKind::Validation => "ValidationException",
            FaultKind::MissingAuthenticationToken => "MissingAuthenticationTokenException",
            FaultKind::Throttling => "ThrottlingException",
            FaultKind::Swf(f) => f.name(),
        }
    }

    /// The namespace (the part of `__type` before `#`).
    pub fn namespace(self) -> &'static str {
        match self {
            FaultKind::UnknownOperation
            | FaultKind::Serialization
            | FaultKind::MissingAuthenticationToken => SERVICE_NAMESPACE,
            FaultKind::Validation => VALIDATE_NAMESPACE,
            FaultKind::Throttling => AVAILABILITY_NAMESPACE,
            FaultKind::Swf(_) => SWF_NAMESPACE,
        }
    }

    /// The HTTP status: every fault of this API is a 400 (seed: "HTTP Status Code: 400").
    pub fn status(self) -> u16 {
        400
    }
}

/// A fault answer: kind plus message.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct Fault {
    /// What kind of fault.
    pub kind: FaultKind,
    /// The human-readable message (the envelope's `message`).
    pub message: String,
}

impl fmt::Display for Fault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} (HTTP {}): {}",
            self.type_name(),
            self.status(),
            self.message
        )
    }
}

/// The JSON envelope of a fault: `{"__type": "...", "message": "..."}`.
#[derive(Debug, Serialize)]
pub struct Envelope<'a> {
    /// `<namespace>#<Name>`.
    #[serde(rename = "__type")]
    pub type_name: String,
    /// The fault message.
    pub message: &'a str,
}

impl Fault {
    /// A fault of `kind` with `message`.
    pub fn new(kind: FaultKind, message: impl Into<String>) -> Self {
        Fault {
            kind,
            message: message.into(),
        }
    }

    /// An SWF-declared fault.
    pub fn swf(fault: SwfFault, message: impl Into<String>) -> Self {
        Fault::new(FaultKind::Swf(fault), message)
    }

    /// The fault name, e.g. `UnknownResourceFault`.
    pub fn name(&self) -> &'static str {
        self.kind.name()
    }

    /// The fault namespace, e.g. `com.amazonaws.swf.base.model`.
    pub fn namespace(&self) -> &'static str {
        self.kind.namespace()
    }

    /// The HTTP status code.
    pub fn status(&self) -> u16 {
        self.kind.status()
    }

    /// The envelope's `__type`: `<namespace>#<Name>`.
    pub fn type_name(&self) -> String {
        format!("{}#{}", self.namespace(), self.name())
    }

    /// The envelope as a serialisable value.
    pub fn envelope(&self) -> Envelope<'_> {
        Envelope {
            type_name: self.type_name(),
            message: &self.message,
        }
    }

    /// The envelope as response body bytes.
    pub fn to_body(&self) -> Vec<u8> {
        // Serialising a struct of two strings cannot fail.
        serde_json::to_vec(&self.envelope()).unwrap_or_default()
    }
}

/// The fault name a client derives from a `__type`: the part after the last `#`
/// (SWF-WIRE.md §3, doc).
pub fn fault_name_of(type_name: &str) -> &str {
    type_name.rsplit('#').next().unwrap_or(type_name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn swf_faults_are_exactly_the_models() {
        let names: Vec<&str> = SwfFault::ALL.iter().map(|f| f.name()).collect();
        assert_eq!(names, crate::model::swf().faults);
    }

    #[test]
    fn envelope_has_namespace_name_and_lower_case_message() {
        let f = Fault::swf(SwfFault::UnknownResource, "Unknown domain: d1");
        let body: serde_json::Value = serde_json::from_slice(&f.to_body()).unwrap();
        assert_eq!(
            body,
            serde_json::json!({
                "__type": "com.amazonaws.swf.base.model#UnknownResourceFault",
                "message": "Unknown domain: d1"
            })
        );
        assert_eq!(f.status(), 400);
    }

    #[test]
    fn fault_name_is_after_the_last_hash() {
        assert_eq!(
            fault_name_of("a.b#c#UnknownResourceFault"),
            "UnknownResourceFault"
        );
        assert_eq!(
            fault_name_of("UnknownResourceFault"),
            "UnknownResourceFault"
        );
    }
}
