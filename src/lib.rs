//! swfcheck: a conformance harness and fuzzer for the Amazon Simple Workflow
//! (SWF) JSON API.
//!
//! The foundation is one exact, tested statement of what a valid SWF request
//! is: [`model`] embeds the API model derived from botocore, and [`wire`]
//! turns a raw request into a validated operation input or the fault the
//! service answers. The one entry function is [`wire::parse_request`]:
//!
//! ```
//! use swfcheck::wire::parse_request;
//!
//! let body = br#"{"domain": "867530901", "workflowId": "20110927-T-1"}"#;
//! let target = Some("SimpleWorkflowService.RequestCancelWorkflowExecution");
//! let req = parse_request(target, Some("application/x-amz-json-1.0"), body).unwrap();
//! assert_eq!(req.name(), "RequestCancelWorkflowExecution");
//!
//! let fault = parse_request(target, None, br#"{"domain": ""}"#).unwrap_err();
//! assert_eq!(fault.name(), "ValidationException");
//! assert_eq!(
//!     fault.message,
//!     "2 validation errors detected: \
//!      Value '' at 'domain' failed to satisfy constraint: Member must have length greater than or equal to 1; \
//!      Value null at 'workflowId' failed to satisfy constraint: Member must not be null"
//! );
//! ```
#![warn(missing_docs)]

// The stages, in the order of the data flow: a case (cases, generate) becomes a plan (plan),
// the runner sends it (run), the checks judge its exchanges (check), the reports render
// the results (snapshot, report). `outcome` is the floor they share; `model` and `wire`
// what everything rests on; `server` the reference endpoint.
pub mod cases;
pub mod check;
pub mod credentials;
pub mod endpoint_fuzz;
pub mod engine_fuzz;
pub mod generate;
pub mod history;
pub mod import;
pub mod model;
pub mod outcome;
pub mod plan;
pub mod record;
pub mod replay;
pub mod report;
pub mod run;
pub mod server;
pub mod snapshot;
pub mod wire;
