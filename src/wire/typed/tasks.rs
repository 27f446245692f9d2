//! Typed inputs of the operations of deciders and activity workers: polls, answers,
//! heartbeats, and the counts of pending tasks.

use super::decisions::DecisionEntry;
use super::shapes::TaskList;
use super::{TypedInput, typed_input};
use serde::{Deserialize, Serialize};

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
    /// RespondDecisionTaskCompleted.
    RespondDecisionTaskCompletedInput for "RespondDecisionTaskCompleted" {
        /// The token of the decision task.
        task_token: String,
        /// The decisions, in order.
        decisions: Option<Vec<DecisionEntry>>,
        /// Execution context.
        execution_context: Option<String>,
        /// Task list for the next decision task.
        task_list: Option<TaskList>,
        /// Schedule-to-start timeout of the next decision task.
        task_list_schedule_to_start_timeout: Option<String>,
    }
}

typed_input! {
    /// PollForActivityTask.
    PollForActivityTaskInput for "PollForActivityTask" {
        /// The domain.
        domain: String,
        /// The task list to poll.
        task_list: TaskList,
        /// The worker's identity.
        identity: Option<String>,
    }
}

typed_input! {
    /// RecordActivityTaskHeartbeat.
    RecordActivityTaskHeartbeatInput for "RecordActivityTaskHeartbeat" {
        /// The activity task's token.
        task_token: String,
        /// Progress details.
        details: Option<String>,
    }
}

typed_input! {
    /// RespondActivityTaskCompleted.
    RespondActivityTaskCompletedInput for "RespondActivityTaskCompleted" {
        /// The activity task's token.
        task_token: String,
        /// The result.
        result: Option<String>,
    }
}

typed_input! {
    /// RespondActivityTaskFailed.
    RespondActivityTaskFailedInput for "RespondActivityTaskFailed" {
        /// The activity task's token.
        task_token: String,
        /// Why.
        reason: Option<String>,
        /// Details.
        details: Option<String>,
    }
}

typed_input! {
    /// RespondActivityTaskCanceled.
    RespondActivityTaskCanceledInput for "RespondActivityTaskCanceled" {
        /// The activity task's token.
        task_token: String,
        /// Details.
        details: Option<String>,
    }
}

typed_input! {
    /// CountPendingDecisionTasks.
    CountPendingDecisionTasksInput for "CountPendingDecisionTasks" {
        /// The domain.
        domain: String,
        /// The task list.
        task_list: TaskList,
    }
}

typed_input! {
    /// CountPendingActivityTasks.
    CountPendingActivityTasksInput for "CountPendingActivityTasks" {
        /// The domain.
        domain: String,
        /// The task list.
        task_list: TaskList,
    }
}
