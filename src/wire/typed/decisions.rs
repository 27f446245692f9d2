//! The decisions of RespondDecisionTaskCompleted: the one list of decision kinds
//! ([`DecisionType`], with what is true of each kind), their typed attributes, and a
//! decision as a value of its kind ([`Decision`]).
//!
//! A decision arrives as a [`DecisionEntry`]: its `decisionType` and whichever attributes
//! members it carries (the model lets a decision carry any of the thirteen); only its own
//! kind's attributes count. The wire already refused a `decisionType` outside the model's
//! enum, so every entry names one of the thirteen kinds.

use super::shapes::{ActivityType, ChildPolicy, TaskList, WorkflowType, model_enum};
use serde::{Deserialize, Serialize};

model_enum! {
    /// The kinds of decision (the model's DecisionType), in the model's order.
    DecisionType {
        /// Schedules an activity task.
        ScheduleActivityTask = "ScheduleActivityTask",
        /// Asks an activity task to stop.
        RequestCancelActivityTask = "RequestCancelActivityTask",
        /// Closes the execution as completed.
        CompleteWorkflowExecution = "CompleteWorkflowExecution",
        /// Closes the execution as failed.
        FailWorkflowExecution = "FailWorkflowExecution",
        /// Closes the execution as canceled.
        CancelWorkflowExecution = "CancelWorkflowExecution",
        /// Closes the execution and starts a new run of it.
        ContinueAsNewWorkflowExecution = "ContinueAsNewWorkflowExecution",
        /// Records a marker.
        RecordMarker = "RecordMarker",
        /// Starts a timer.
        StartTimer = "StartTimer",
        /// Cancels a timer.
        CancelTimer = "CancelTimer",
        /// Signals another execution.
        SignalExternalWorkflowExecution = "SignalExternalWorkflowExecution",
        /// Asks another execution to stop.
        RequestCancelExternalWorkflowExecution = "RequestCancelExternalWorkflowExecution",
        /// Starts a child execution.
        StartChildWorkflowExecution = "StartChildWorkflowExecution",
        /// Schedules a Lambda function.
        ScheduleLambdaFunction = "ScheduleLambdaFunction",
    }
}

impl DecisionType {
    /// Whether the decision closes the execution; SWF-WIRE.md §9: such a decision must be
    /// the last of its list.
    pub fn is_closing(self) -> bool {
        match self {
            DecisionType::CompleteWorkflowExecution
            | DecisionType::FailWorkflowExecution
            | DecisionType::CancelWorkflowExecution
            | DecisionType::ContinueAsNewWorkflowExecution => true,
            DecisionType::ScheduleActivityTask
            | DecisionType::RequestCancelActivityTask
            | DecisionType::RecordMarker
            | DecisionType::StartTimer
            | DecisionType::CancelTimer
            | DecisionType::SignalExternalWorkflowExecution
            | DecisionType::RequestCancelExternalWorkflowExecution
            | DecisionType::StartChildWorkflowExecution
            | DecisionType::ScheduleLambdaFunction => false,
        }
    }

    /// The member of a decision that holds its attributes:
    /// `CancelWorkflowExecution` → `cancelWorkflowExecutionDecisionAttributes`.
    pub fn attributes_key(self) -> String {
        crate::model::decision_attributes_key(self.as_str())
    }

    /// The event a decision of this kind records when it cannot be carried out.
    pub fn failed_event(self) -> String {
        format!("{}Failed", self.as_str())
    }
}

/// Declares a decision's attributes structure: the model's members, camelCase.
macro_rules! attributes {
    ($(#[$doc:meta])* $name:ident $(: $default:ident)? { $($(#[$fdoc:meta])* $field:ident : $ty:ty),* $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Serialize, Deserialize $(, $default)?)]
        #[serde(rename_all = "camelCase")]
        pub struct $name {
            $($(#[$fdoc])* pub $field: $ty,)*
        }
    };
}

attributes! {
    /// ScheduleActivityTask's attributes.
    ScheduleActivityTaskDecisionAttributes {
        /// The type of the activity.
        activity_type: ActivityType,
        /// The decider's id for it.
        activity_id: String,
        /// Data for the decider's later tasks.
        control: Option<String>,
        /// Input for the worker.
        input: Option<String>,
        /// Overrides the type's default.
        schedule_to_close_timeout: Option<String>,
        /// Overrides the type's default.
        task_list: Option<TaskList>,
        /// Overrides the type's default.
        task_priority: Option<String>,
        /// Overrides the type's default.
        schedule_to_start_timeout: Option<String>,
        /// Overrides the type's default.
        start_to_close_timeout: Option<String>,
        /// Overrides the type's default.
        heartbeat_timeout: Option<String>,
    }
}

attributes! {
    /// RequestCancelActivityTask's attributes.
    RequestCancelActivityTaskDecisionAttributes {
        /// The activity.
        activity_id: String,
    }
}

attributes! {
    /// CompleteWorkflowExecution's attributes.
    CompleteWorkflowExecutionDecisionAttributes: Default {
        /// The result.
        result: Option<String>,
    }
}

attributes! {
    /// FailWorkflowExecution's attributes.
    FailWorkflowExecutionDecisionAttributes: Default {
        /// Why.
        reason: Option<String>,
        /// Details.
        details: Option<String>,
    }
}

attributes! {
    /// CancelWorkflowExecution's attributes.
    CancelWorkflowExecutionDecisionAttributes: Default {
        /// Details.
        details: Option<String>,
    }
}

attributes! {
    /// ContinueAsNewWorkflowExecution's attributes.
    ContinueAsNewWorkflowExecutionDecisionAttributes: Default {
        /// The new run's input.
        input: Option<String>,
        /// Overrides the type's default.
        execution_start_to_close_timeout: Option<String>,
        /// Overrides the type's default.
        task_list: Option<TaskList>,
        /// Overrides the type's default.
        task_priority: Option<String>,
        /// Overrides the type's default.
        task_start_to_close_timeout: Option<String>,
        /// Overrides the type's default.
        child_policy: Option<ChildPolicy>,
        /// The new run's tags.
        tag_list: Option<Vec<Option<String>>>,
        /// The new run's type version (the same name).
        workflow_type_version: Option<String>,
        /// Overrides the type's default.
        lambda_role: Option<String>,
    }
}

attributes! {
    /// RecordMarker's attributes.
    RecordMarkerDecisionAttributes {
        /// The marker's name.
        marker_name: String,
        /// Its details.
        details: Option<String>,
    }
}

attributes! {
    /// StartTimer's attributes.
    StartTimerDecisionAttributes {
        /// The decider's id for it.
        timer_id: String,
        /// Data for the decider's later tasks.
        control: Option<String>,
        /// Seconds until it fires.
        start_to_fire_timeout: String,
    }
}

attributes! {
    /// CancelTimer's attributes.
    CancelTimerDecisionAttributes {
        /// The timer.
        timer_id: String,
    }
}

attributes! {
    /// SignalExternalWorkflowExecution's attributes.
    SignalExternalWorkflowExecutionDecisionAttributes {
        /// The target's workflowId.
        workflow_id: String,
        /// The target's runId; when absent, its current open run.
        run_id: Option<String>,
        /// The signal's name.
        signal_name: String,
        /// The signal's input.
        input: Option<String>,
        /// Data for the decider's later tasks.
        control: Option<String>,
    }
}

attributes! {
    /// RequestCancelExternalWorkflowExecution's attributes.
    RequestCancelExternalWorkflowExecutionDecisionAttributes {
        /// The target's workflowId.
        workflow_id: String,
        /// The target's runId; when absent, its current open run.
        run_id: Option<String>,
        /// Data for the decider's later tasks.
        control: Option<String>,
    }
}

attributes! {
    /// StartChildWorkflowExecution's attributes.
    StartChildWorkflowExecutionDecisionAttributes {
        /// The child's type.
        workflow_type: WorkflowType,
        /// The child's workflowId.
        workflow_id: String,
        /// Data for the decider's later tasks.
        control: Option<String>,
        /// The child's input.
        input: Option<String>,
        /// Overrides the type's default.
        execution_start_to_close_timeout: Option<String>,
        /// Overrides the type's default.
        task_list: Option<TaskList>,
        /// Overrides the type's default.
        task_priority: Option<String>,
        /// Overrides the type's default.
        task_start_to_close_timeout: Option<String>,
        /// Overrides the type's default.
        child_policy: Option<ChildPolicy>,
        /// The child's tags.
        tag_list: Option<Vec<Option<String>>>,
        /// Overrides the type's default.
        lambda_role: Option<String>,
    }
}

attributes! {
    /// ScheduleLambdaFunction's attributes.
    ScheduleLambdaFunctionDecisionAttributes {
        /// The decider's id for it.
        id: String,
        /// The function's name or ARN.
        name: String,
        /// Data for the decider's later tasks.
        control: Option<String>,
        /// The function's input.
        input: Option<String>,
        /// How long it may run.
        start_to_close_timeout: Option<String>,
    }
}

/// Declares [`DecisionEntry`] and [`Decision`] from one list of the thirteen kinds: the
/// entry's attributes member, and whether a missing one stands for empty attributes.
macro_rules! decisions {
    ($($kind:ident($attrs:ident) in $member:ident, $missing:ident;)*) => {
        /// A decision as sent: its kind and every attributes member it carries.
        #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
        #[serde(rename_all = "camelCase")]
        pub struct DecisionEntry {
            /// The kind.
            pub decision_type: DecisionType,
            $(
                #[doc = concat!("The attributes of a ", stringify!($kind), " decision.")]
                pub $member: Option<$attrs>,
            )*
        }

        /// A decision: its kind with that kind's attributes.
        #[derive(Debug, Clone, PartialEq)]
        pub enum Decision {
            $(
                #[doc = concat!("A ", stringify!($kind), " decision.")]
                $kind($attrs),
            )*
        }

        impl Decision {
            /// Its kind.
            pub fn decision_type(&self) -> DecisionType {
                match self {
                    $(Decision::$kind(_) => DecisionType::$kind,)*
                }
            }
        }

        impl DecisionType {
            /// Whether its attributes have required members, which makes the attributes
            /// themselves required of a decision of this kind (a test holds this to the model).
            pub fn attributes_required(self) -> bool {
                match self {
                    $(DecisionType::$kind => decisions!(@required $missing),)*
                }
            }
        }

        impl DecisionEntry {
            /// The decision with its own kind's attributes; `Err` with its kind when the
            /// kind's attributes have required members and the entry lacks them.
            pub fn into_decision(self) -> Result<Decision, DecisionType> {
                match self.decision_type {
                    $(DecisionType::$kind => decisions!(@take $missing, self.$member, $kind)
                        .map(Decision::$kind),)*
                }
            }
        }
    };
    (@required required) => { true };
    (@required optional) => { false };
    (@take required, $slot:expr, $kind:ident) => { $slot.ok_or(DecisionType::$kind) };
    (@take optional, $slot:expr, $kind:ident) => { Ok($slot.unwrap_or_default()) };
}

decisions! {
    ScheduleActivityTask(ScheduleActivityTaskDecisionAttributes)
        in schedule_activity_task_decision_attributes, required;
    RequestCancelActivityTask(RequestCancelActivityTaskDecisionAttributes)
        in request_cancel_activity_task_decision_attributes, required;
    CompleteWorkflowExecution(CompleteWorkflowExecutionDecisionAttributes)
        in complete_workflow_execution_decision_attributes, optional;
    FailWorkflowExecution(FailWorkflowExecutionDecisionAttributes)
        in fail_workflow_execution_decision_attributes, optional;
    CancelWorkflowExecution(CancelWorkflowExecutionDecisionAttributes)
        in cancel_workflow_execution_decision_attributes, optional;
    ContinueAsNewWorkflowExecution(ContinueAsNewWorkflowExecutionDecisionAttributes)
        in continue_as_new_workflow_execution_decision_attributes, optional;
    RecordMarker(RecordMarkerDecisionAttributes)
        in record_marker_decision_attributes, required;
    StartTimer(StartTimerDecisionAttributes)
        in start_timer_decision_attributes, required;
    CancelTimer(CancelTimerDecisionAttributes)
        in cancel_timer_decision_attributes, required;
    SignalExternalWorkflowExecution(SignalExternalWorkflowExecutionDecisionAttributes)
        in signal_external_workflow_execution_decision_attributes, required;
    RequestCancelExternalWorkflowExecution(RequestCancelExternalWorkflowExecutionDecisionAttributes)
        in request_cancel_external_workflow_execution_decision_attributes, required;
    StartChildWorkflowExecution(StartChildWorkflowExecutionDecisionAttributes)
        in start_child_workflow_execution_decision_attributes, required;
    ScheduleLambdaFunction(ScheduleLambdaFunctionDecisionAttributes)
        in schedule_lambda_function_decision_attributes, required;
}
