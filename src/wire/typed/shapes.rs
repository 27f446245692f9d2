//! The model's structures and enums that several operation inputs share: types, task
//! lists, executions, tags, the visibility filters, and the enums the engine matches on.

use serde::{Deserialize, Serialize};

/// A workflow type: name and version.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct WorkflowType {
    /// The type name.
    pub name: String,
    /// The type version.
    pub version: String,
}

impl WorkflowType {
    /// (name, version).
    pub fn key(&self) -> (&str, &str) {
        (&self.name, &self.version)
    }
}

/// An activity type: name and version.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ActivityType {
    /// The type name.
    pub name: String,
    /// The type version.
    pub version: String,
}

impl ActivityType {
    /// (name, version).
    pub fn key(&self) -> (&str, &str) {
        (&self.name, &self.version)
    }
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
    pub value: Option<String>,
}

/// A time window over start or close timestamps (epoch seconds).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ExecutionTimeFilter {
    /// The oldest time that passes.
    pub oldest_date: f64,
    /// The latest time that passes.
    pub latest_date: Option<f64>,
}

/// Executions of one workflowId.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WorkflowExecutionFilter {
    /// The workflowId.
    pub workflow_id: String,
}

/// Executions of one workflow type name (and version).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkflowTypeFilter {
    /// The type name.
    pub name: String,
    /// The type version, if only one.
    pub version: Option<String>,
}

/// Executions carrying one tag.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TagFilter {
    /// The tag.
    pub tag: String,
}

/// Closed executions of one close status.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CloseStatusFilter {
    /// The close status.
    pub status: CloseStatus,
}

/// Declares a model enum: its variants, their wire names, and `ALL` in the model's order.
macro_rules! model_enum {
    ($(#[$doc:meta])* $name:ident { $($(#[$vdoc:meta])* $variant:ident = $wire:literal),* $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        pub enum $name {
            $($(#[$vdoc])* #[serde(rename = $wire)] $variant,)*
        }
        impl $name {
            /// Every value, in the model's order.
            pub const ALL: &'static [$name] = &[$($name::$variant),*];

            /// The value as the model spells it.
            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $wire,)*
                }
            }

            /// The value the model spells `name`, if any.
            pub fn from_name(name: &str) -> Option<Self> {
                Self::ALL.iter().copied().find(|v| v.as_str() == name)
            }
        }
    };
}

model_enum! {
    /// What becomes of an execution's open children when it closes (the model's ChildPolicy).
    ChildPolicy {
        /// The children are terminated.
        Terminate = "TERMINATE",
        /// A cancel is requested of each child.
        RequestCancel = "REQUEST_CANCEL",
        /// The children go on.
        Abandon = "ABANDON",
    }
}

model_enum! {
    /// How an execution closed (the model's CloseStatus).
    CloseStatus {
        /// CompleteWorkflowExecution.
        Completed = "COMPLETED",
        /// FailWorkflowExecution.
        Failed = "FAILED",
        /// CancelWorkflowExecution.
        Canceled = "CANCELED",
        /// TerminateWorkflowExecution, or a parent's TERMINATE child policy.
        Terminated = "TERMINATED",
        /// ContinueAsNewWorkflowExecution.
        ContinuedAsNew = "CONTINUED_AS_NEW",
        /// The execution's start-to-close timeout.
        TimedOut = "TIMED_OUT",
    }
}

model_enum! {
    /// Whether a domain or type is in use (the model's RegistrationStatus).
    RegistrationStatus {
        /// Registered and usable.
        Registered = "REGISTERED",
        /// Deprecated.
        Deprecated = "DEPRECATED",
    }
}

pub(super) use model_enum;
