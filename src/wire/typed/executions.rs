//! Typed inputs of the operations on executions: start, read, list, count, signal,
//! cancel, terminate.

use super::shapes::{
    ChildPolicy, CloseStatusFilter, ExecutionTimeFilter, TagFilter, TaskList, WorkflowExecution,
    WorkflowExecutionFilter, WorkflowType, WorkflowTypeFilter,
};
use super::{TypedInput, typed_input};
use serde::{Deserialize, Serialize};

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
        child_policy: Option<ChildPolicy>,
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
    /// ListOpenWorkflowExecutions.
    ListOpenWorkflowExecutionsInput for "ListOpenWorkflowExecutions" {
        /// The domain.
        domain: String,
        /// Started in this window.
        start_time_filter: ExecutionTimeFilter,
        /// Of this type.
        type_filter: Option<WorkflowTypeFilter>,
        /// With this tag.
        tag_filter: Option<TagFilter>,
        /// The page to read.
        next_page_token: Option<String>,
        /// Executions per page.
        maximum_page_size: Option<i64>,
        /// Oldest first.
        reverse_order: Option<bool>,
        /// Of this workflowId.
        execution_filter: Option<WorkflowExecutionFilter>,
    }
}

typed_input! {
    /// ListClosedWorkflowExecutions.
    ListClosedWorkflowExecutionsInput for "ListClosedWorkflowExecutions" {
        /// The domain.
        domain: String,
        /// Started in this window.
        start_time_filter: Option<ExecutionTimeFilter>,
        /// Closed in this window.
        close_time_filter: Option<ExecutionTimeFilter>,
        /// Of this workflowId.
        execution_filter: Option<WorkflowExecutionFilter>,
        /// Closed with this status.
        close_status_filter: Option<CloseStatusFilter>,
        /// Of this type.
        type_filter: Option<WorkflowTypeFilter>,
        /// With this tag.
        tag_filter: Option<TagFilter>,
        /// The page to read.
        next_page_token: Option<String>,
        /// Executions per page.
        maximum_page_size: Option<i64>,
        /// Oldest first.
        reverse_order: Option<bool>,
    }
}

typed_input! {
    /// CountOpenWorkflowExecutions.
    CountOpenWorkflowExecutionsInput for "CountOpenWorkflowExecutions" {
        /// The domain.
        domain: String,
        /// Started in this window.
        start_time_filter: ExecutionTimeFilter,
        /// Of this type.
        type_filter: Option<WorkflowTypeFilter>,
        /// With this tag.
        tag_filter: Option<TagFilter>,
        /// Of this workflowId.
        execution_filter: Option<WorkflowExecutionFilter>,
    }
}

typed_input! {
    /// CountClosedWorkflowExecutions.
    CountClosedWorkflowExecutionsInput for "CountClosedWorkflowExecutions" {
        /// The domain.
        domain: String,
        /// Started in this window.
        start_time_filter: Option<ExecutionTimeFilter>,
        /// Closed in this window.
        close_time_filter: Option<ExecutionTimeFilter>,
        /// Of this workflowId.
        execution_filter: Option<WorkflowExecutionFilter>,
        /// Of this type.
        type_filter: Option<WorkflowTypeFilter>,
        /// With this tag.
        tag_filter: Option<TagFilter>,
        /// Closed with this status.
        close_status_filter: Option<CloseStatusFilter>,
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
        child_policy: Option<ChildPolicy>,
    }
}
