//! The headers that select an operation: `X-Amz-Target` and `Content-Type`.

use super::fault::{Fault, FaultKind};
use crate::model::{Model, Operation};

/// Content types an AWS JSON 1.0 endpoint accepts (SWF-WIRE.md §1 and §4): the
/// protocol's own, its 1.1 sibling, and the `application/json` of the seed's sample.
pub const ACCEPTED_CONTENT_TYPES: [&str; 3] = [
    "application/x-amz-json-1.0",
    "application/x-amz-json-1.1",
    "application/json",
];

/// The Java package boto 2.x and older SDKs put before the target prefix:
/// `com.amazonaws.swf.service.model.SimpleWorkflowService.<Operation>`, which the
/// service accepts (SWF-WIRE.md §7, seen in recorded traffic).
pub const LONG_TARGET_NAMESPACE: &str = "com.amazonaws.swf.service.model.";

/// Resolves an `X-Amz-Target` value (`SimpleWorkflowService.<Operation>`, or its long
/// form with [`LONG_TARGET_NAMESPACE`] in front) to an operation.
pub fn operation_for_target<'m>(
    model: &'m Model,
    target: Option<&str>,
) -> Result<&'m Operation, Fault> {
    let target = target.ok_or_else(|| {
        Fault::new(
            FaultKind::UnknownOperation,
            "Missing X-Amz-Target header: expected SimpleWorkflowService.<Operation>",
        )
    })?;
    let short = target.strip_prefix(LONG_TARGET_NAMESPACE).unwrap_or(target);
    short
        .strip_prefix(model.target_prefix.as_str())
        .and_then(|rest| rest.strip_prefix('.'))
        .and_then(|name| model.operation(name))
        .ok_or_else(|| {
            Fault::new(
                FaultKind::UnknownOperation,
                format!("Unknown operation: {target}"),
            )
        })
}

/// Resolves an operation given by bare name or by full target value.
pub fn operation_by_name<'m>(model: &'m Model, name: &str) -> Result<&'m Operation, Fault> {
    match model.operation(name) {
        Some(op) => Ok(op),
        None => operation_for_target(model, Some(name)),
    }
}

/// Checks a request's Content-Type. An absent header is accepted (the body
/// decides); any other media type is not an AWS JSON request, which the service
/// answers as an unknown operation (SWF-WIRE.md §3 lists it as open).
pub fn check_content_type(content_type: Option<&str>) -> Result<(), Fault> {
    let Some(value) = content_type else {
        return Ok(());
    };
    // The common case, byte for byte, before the general comparison.
    if value == ACCEPTED_CONTENT_TYPES[0] {
        return Ok(());
    }
    let media = value.split(';').next().unwrap_or("").trim();
    if ACCEPTED_CONTENT_TYPES
        .iter()
        .any(|t| media.eq_ignore_ascii_case(t))
    {
        Ok(())
    } else {
        Err(Fault::new(
            FaultKind::UnknownOperation,
            format!("Unsupported Content-Type '{value}': expected application/x-amz-json-1.0"),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::swf;

    #[test]
    fn full_and_bare_names_resolve() {
        let m = swf();
        let full = operation_for_target(
            m,
            Some("SimpleWorkflowService.RequestCancelWorkflowExecution"),
        );
        assert_eq!(
            full.map(|o| o.name.as_str()),
            Ok("RequestCancelWorkflowExecution")
        );
        let long = operation_for_target(
            m,
            Some("com.amazonaws.swf.service.model.SimpleWorkflowService.StartWorkflowExecution"),
        );
        assert_eq!(long.map(|o| o.name.as_str()), Ok("StartWorkflowExecution"));
        let bare = operation_by_name(m, "RequestCancelWorkflowExecution");
        assert_eq!(
            bare.map(|o| o.name.as_str()),
            Ok("RequestCancelWorkflowExecution")
        );
        for bad in [
            "RequestCancelWorkflowExecution",
            "SimpleWorkflowService.",
            "Other.RegisterDomain",
            "com.amazonaws.swf.service.model.RegisterDomain",
            "com.amazonaws.swf.service.model.",
            "com.amazonaws.swf.base.model.SimpleWorkflowService.RegisterDomain",
            "",
        ] {
            let fault = operation_for_target(m, Some(bad)).unwrap_err();
            assert_eq!(fault.kind, FaultKind::UnknownOperation, "{bad}");
        }
        assert_eq!(
            operation_for_target(m, None).unwrap_err().kind,
            FaultKind::UnknownOperation
        );
    }

    #[test]
    fn content_types() {
        for ok in [
            None,
            Some("application/x-amz-json-1.0"),
            Some("application/json; charset=utf-8"),
            Some("application/json; charset=UTF-8"),
            Some("Application/X-Amz-Json-1.1"),
        ] {
            assert!(check_content_type(ok).is_ok(), "{ok:?}");
        }
        for bad in [
            "text/plain",
            "application/xml",
            "",
            "application/x-www-form-urlencoded",
        ] {
            assert!(check_content_type(Some(bad)).is_err(), "{bad}");
        }
    }
}
