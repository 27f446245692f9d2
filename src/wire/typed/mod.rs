//! Typed inputs: one serde struct per operation of the model ([`Input`] holds any of
//! them), the structures and enums they share ([`shapes`]), and the decisions of
//! RespondDecisionTaskCompleted ([`decisions`]: the one list of decision kinds).
//!
//! A typed input is read from a [`Request`] that already passed validation, so its
//! fields carry the model's guarantees (required members present, lengths within bounds,
//! enum values in their set). Field names are the model's member names in camelCase; a
//! test (tests/typed.rs) holds every struct to fixtures/model/swf.json.

pub mod decisions;
pub mod executions;
pub mod registry;
pub mod shapes;
pub mod tasks;

pub use decisions::*;
pub use executions::*;
pub use registry::*;
pub use shapes::*;
pub use tasks::*;

use super::Request;
use serde::Serialize;
use serde::de::DeserializeOwned;

/// A typed input struct, tied to the operation it belongs to.
pub trait TypedInput: DeserializeOwned + Serialize {
    /// The bare operation name.
    const OPERATION: &'static str;
}

/// Why a request could not be read as a typed input.
#[derive(Debug, thiserror::Error)]
pub enum TypedError {
    /// The request is for another operation.
    #[error("request is for {actual}, not {expected} (hint: read it as Input::read)")]
    WrongOperation {
        /// The operation the typed struct belongs to.
        expected: &'static str,
        /// The request's operation.
        actual: &'static str,
    },
    /// The struct disagrees with the model (a defect in this module).
    #[error(
        "typed input for {operation} does not match the model: {source} (hint: a defect of swfcheck; tests/typed.rs holds the structs to the model)"
    )]
    Shape {
        /// The operation.
        operation: &'static str,
        /// serde's reason.
        source: serde_json::Error,
    },
    /// The model has an operation no typed input stands for.
    #[error(
        "no typed input for operation {operation} (hint: a defect of swfcheck; add it to wire::typed)"
    )]
    UnknownOperation {
        /// The operation.
        operation: &'static str,
    },
}

/// Reads a validated request as `T`.
pub fn from_request<T: TypedInput>(req: &Request) -> Result<T, TypedError> {
    if req.name() != T::OPERATION {
        return Err(TypedError::WrongOperation {
            expected: T::OPERATION,
            actual: req.name(),
        });
    }
    serde_json::from_value(req.to_json()).map_err(|source| TypedError::Shape {
        operation: T::OPERATION,
        source,
    })
}

/// Declares an operation's typed input: the model's members, camelCase.
macro_rules! typed_input {
    ($(#[$doc:meta])* $name:ident for $op:literal { $($(#[$fdoc:meta])* $field:ident : $ty:ty),* $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
        #[serde(rename_all = "camelCase")]
        pub struct $name {
            $($(#[$fdoc])* pub $field: $ty,)*
        }
        impl TypedInput for $name {
            const OPERATION: &'static str = $op;
        }
    };
}
pub(crate) use typed_input;

/// Declares [`Input`] over every operation's typed input.
macro_rules! inputs {
    ($($op:ident($input:ident),)*) => {
        /// The typed input of any operation of the model; serialised, the input alone.
        #[derive(Debug, Clone, PartialEq, Serialize)]
        #[serde(untagged)]
        pub enum Input {
            $(
                #[doc = concat!("The input of ", stringify!($op), ".")]
                $op($input),
            )*
        }

        impl Input {
            /// Reads a validated request as the typed input of its operation.
            pub fn read(req: &Request) -> Result<Input, TypedError> {
                match req.name() {
                    $(stringify!($op) => from_request(req).map(Input::$op),)*
                    operation => Err(TypedError::UnknownOperation { operation }),
                }
            }

            /// The bare operation name.
            pub fn operation(&self) -> &'static str {
                match self {
                    $(Input::$op(_) => $input::OPERATION,)*
                }
            }

            /// Every operation an input stands for, in name order.
            pub const OPERATIONS: &'static [&'static str] = &[$(stringify!($op)),*];
        }
    };
}

inputs! {
    CountClosedWorkflowExecutions(CountClosedWorkflowExecutionsInput),
    CountOpenWorkflowExecutions(CountOpenWorkflowExecutionsInput),
    CountPendingActivityTasks(CountPendingActivityTasksInput),
    CountPendingDecisionTasks(CountPendingDecisionTasksInput),
    DeleteActivityType(DeleteActivityTypeInput),
    DeleteWorkflowType(DeleteWorkflowTypeInput),
    DeprecateActivityType(DeprecateActivityTypeInput),
    DeprecateDomain(DeprecateDomainInput),
    DeprecateWorkflowType(DeprecateWorkflowTypeInput),
    DescribeActivityType(DescribeActivityTypeInput),
    DescribeDomain(DescribeDomainInput),
    DescribeWorkflowExecution(DescribeWorkflowExecutionInput),
    DescribeWorkflowType(DescribeWorkflowTypeInput),
    GetWorkflowExecutionHistory(GetWorkflowExecutionHistoryInput),
    ListActivityTypes(ListActivityTypesInput),
    ListClosedWorkflowExecutions(ListClosedWorkflowExecutionsInput),
    ListDomains(ListDomainsInput),
    ListOpenWorkflowExecutions(ListOpenWorkflowExecutionsInput),
    ListTagsForResource(ListTagsForResourceInput),
    ListWorkflowTypes(ListWorkflowTypesInput),
    PollForActivityTask(PollForActivityTaskInput),
    PollForDecisionTask(PollForDecisionTaskInput),
    RecordActivityTaskHeartbeat(RecordActivityTaskHeartbeatInput),
    RegisterActivityType(RegisterActivityTypeInput),
    RegisterDomain(RegisterDomainInput),
    RegisterWorkflowType(RegisterWorkflowTypeInput),
    RequestCancelWorkflowExecution(RequestCancelWorkflowExecutionInput),
    RespondActivityTaskCanceled(RespondActivityTaskCanceledInput),
    RespondActivityTaskCompleted(RespondActivityTaskCompletedInput),
    RespondActivityTaskFailed(RespondActivityTaskFailedInput),
    RespondDecisionTaskCompleted(RespondDecisionTaskCompletedInput),
    SignalWorkflowExecution(SignalWorkflowExecutionInput),
    StartWorkflowExecution(StartWorkflowExecutionInput),
    TagResource(TagResourceInput),
    TerminateWorkflowExecution(TerminateWorkflowExecutionInput),
    UndeprecateActivityType(UndeprecateActivityTypeInput),
    UndeprecateDomain(UndeprecateDomainInput),
    UndeprecateWorkflowType(UndeprecateWorkflowTypeInput),
    UntagResource(UntagResourceInput),
}
