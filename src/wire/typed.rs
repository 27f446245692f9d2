//! Typed inputs for RequestCancelWorkflowExecution and the operations the
//! reference endpoint serves; every other operation uses the generic [`Value`](super::Value).
//!
//! A typed input is read from a [`Request`] that already passed validation, so
//! its fields carry the model's guarantees (required members present, lengths
//! within bounds). Serialised back, absent members appear as `null`, which the
//! wire reads as absent. Field names are the model's member names in camelCase; a
//! test checks each struct against the model.

use super::Request;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

/// A typed input struct, tied to the operation it belongs to.
pub trait TypedInput: DeserializeOwned + Serialize {
    /// The bare operation name.
    const OPERATION: &'static str;
}

/// Why a request could not be read as a typed input.
#[derive(Debug, thiserror::Error)]
pub enum TypedError {
    /// The request is for another operation.
    #[error("request is for {actual}, not {expected}")]
    WrongOperation {
        /// The operation the typed struct belongs to.
        expected: &'static str,
        /// The request's operation.
        actual: &'static str,
    },
    /// The struct disagrees with the model (a defect in this module).
    #[error("typed input for {operation} does not match the model: {source}")]
    Shape {
        /// The operation.
        operation: &'static str,
        /// serde's reason.
        source: serde_json::Error,
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

/// A workflow type: name and version.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct WorkflowType {
    /// The type name.
    pub name: String,
    /// The type version.
    pub version: String,
}

/// An execution: workflowId and runId.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WorkflowExecution {
    /// The user-chosen workflowId.
    pub workflow_id: String,
    /// The service-chosen runId.
    pub run_id: String,
}

/// A task list name.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct TaskList {
    /// The task list's name.
    pub name: String,
}

/// A resource tag.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResourceTag {
    /// The tag key.
    pub key: String,
    /// The tag value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
}

typed_input! {
    /// RequestCancelWorkflowExecution (seed; SWF-WIRE.md §2).
    RequestCancelWorkflowExecutionInput for "RequestCancelWorkflowExecution" {
        /// The domain of the execution.
        domain: String,
        /// The workflowId of the execution.
        workflow_id: String,
        /// The runId; when absent, the current open execution of the workflowId.
        run_id: Option<String>,
    }
}

typed_input! {
    /// RegisterDomain.
    RegisterDomainInput for "RegisterDomain" {
        /// The domain name.
        name: String,
        /// A description.
        description: Option<String>,
        /// Retention in days, as a string `"0"`..`"90"`.
        workflow_execution_retention_period_in_days: String,
        /// Tags for the domain.
        tags: Option<Vec<ResourceTag>>,
    }
}

typed_input! {
    /// DescribeDomain.
    DescribeDomainInput for "DescribeDomain" {
        /// The domain name.
        name: String,
    }
}

typed_input! {
    /// DeprecateDomain.
    DeprecateDomainInput for "DeprecateDomain" {
        /// The domain name.
        name: String,
    }
}

typed_input! {
    /// UndeprecateDomain.
    UndeprecateDomainInput for "UndeprecateDomain" {
        /// The domain name.
        name: String,
    }
}

typed_input! {
    /// RegisterWorkflowType.
    RegisterWorkflowTypeInput for "RegisterWorkflowType" {
        /// The domain.
        domain: String,
        /// The type name.
        name: String,
        /// The type version.
        version: String,
        /// A description.
        description: Option<String>,
        /// Default decision task timeout, seconds as a string or `NONE`.
        default_task_start_to_close_timeout: Option<String>,
        /// Default execution timeout, seconds as a string or `NONE`.
        default_execution_start_to_close_timeout: Option<String>,
        /// Default task list.
        default_task_list: Option<TaskList>,
        /// Default task priority.
        default_task_priority: Option<String>,
        /// Default child policy.
        default_child_policy: Option<String>,
        /// Default Lambda role.
        default_lambda_role: Option<String>,
    }
}

typed_input! {
    /// StartWorkflowExecution.
    StartWorkflowExecutionInput for "StartWorkflowExecution" {
        /// The domain.
        domain: String,
        /// The user-chosen workflowId.
        workflow_id: String,
        /// The type to start.
        workflow_type: WorkflowType,
        /// Overrides the type's default task list.
        task_list: Option<TaskList>,
        /// Task priority.
        task_priority: Option<String>,
        /// Input passed to the workflow.
        input: Option<String>,
        /// Execution timeout, seconds as a string or `NONE`.
        execution_start_to_close_timeout: Option<String>,
        /// Up to five tags; a `null` tag is accepted (SWF-WIRE.md §7).
        tag_list: Option<Vec<Option<String>>>,
        /// Decision task timeout, seconds as a string or `NONE`.
        task_start_to_close_timeout: Option<String>,
        /// Child policy.
        child_policy: Option<String>,
        /// Lambda role.
        lambda_role: Option<String>,
    }
}

typed_input! {
    /// DescribeWorkflowExecution.
    DescribeWorkflowExecutionInput for "DescribeWorkflowExecution" {
        /// The domain.
        domain: String,
        /// The execution.
        execution: WorkflowExecution,
    }
}

typed_input! {
    /// GetWorkflowExecutionHistory.
    GetWorkflowExecutionHistoryInput for "GetWorkflowExecutionHistory" {
        /// The domain.
        domain: String,
        /// The execution.
        execution: WorkflowExecution,
        /// The page to read.
        next_page_token: Option<String>,
        /// Events per page.
        maximum_page_size: Option<i64>,
        /// Newest first.
        reverse_order: Option<bool>,
    }
}

typed_input! {
    /// TerminateWorkflowExecution.
    TerminateWorkflowExecutionInput for "TerminateWorkflowExecution" {
        /// The domain.
        domain: String,
        /// The workflowId.
        workflow_id: String,
        /// The runId; when absent, the current open execution.
        run_id: Option<String>,
        /// Why.
        reason: Option<String>,
        /// Details.
        details: Option<String>,
        /// Child policy.
        child_policy: Option<String>,
    }
}

typed_input! {
    /// SignalWorkflowExecution.
    SignalWorkflowExecutionInput for "SignalWorkflowExecution" {
        /// The domain.
        domain: String,
        /// The workflowId.
        workflow_id: String,
        /// The runId; when absent, the current open execution.
        run_id: Option<String>,
        /// The signal's name.
        signal_name: String,
        /// The signal's input.
        input: Option<String>,
    }
}

typed_input! {
    /// PollForDecisionTask.
    PollForDecisionTaskInput for "PollForDecisionTask" {
        /// The domain.
        domain: String,
        /// The task list to poll.
        task_list: TaskList,
        /// The decider's identity.
        identity: Option<String>,
        /// The page of events to read.
        next_page_token: Option<String>,
        /// Events per page.
        maximum_page_size: Option<i64>,
        /// Newest first.
        reverse_order: Option<bool>,
        /// Only events since the previous decision task.
        start_at_previous_started_event: Option<bool>,
    }
}

typed_input! {
    /// RespondDecisionTaskCompleted; decisions stay generic JSON, validated by the model.
    RespondDecisionTaskCompletedInput for "RespondDecisionTaskCompleted" {
        /// The token of the decision task.
        task_token: String,
        /// The decisions.
        decisions: Option<Vec<serde_json::Value>>,
        /// Execution context.
        execution_context: Option<String>,
        /// Task list for the next decision task.
        task_list: Option<TaskList>,
        /// Schedule-to-start timeout of the next decision task.
        task_list_schedule_to_start_timeout: Option<String>,
    }
}
