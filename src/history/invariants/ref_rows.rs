//! The references as rows of data: which member of which event names which type, as
//! the documentation says (and where practice says otherwise), and which pairs agree.
//! `refs.rs` holds events to them; its tests hold the rows to the model's sentences.

/// Members that name an event of another execution's history (not checked here; the
/// tests hold every other `*EventId` member of the model to a row below).
#[cfg(test)]
pub const ELSEWHERE: [(&str, &str); 3] = [
    ("WorkflowExecutionStarted", "parentInitiatedEventId"),
    ("WorkflowExecutionSignaled", "externalInitiatedEventId"),
    (
        "WorkflowExecutionCancelRequested",
        "externalInitiatedEventId",
    ),
];

/// `(member, the type it names, the event types that carry it)`, as documented.
pub const DOCUMENTED: &[(&str, &str, &[&str])] = &[
    (
        "decisionTaskCompletedEventId",
        "DecisionTaskCompleted",
        &[
            "ActivityTaskCancelRequested",
            "ActivityTaskScheduled",
            "CancelTimerFailed",
            "CancelWorkflowExecutionFailed",
            "CompleteWorkflowExecutionFailed",
            "ContinueAsNewWorkflowExecutionFailed",
            "FailWorkflowExecutionFailed",
            "MarkerRecorded",
            "RecordMarkerFailed",
            "RequestCancelActivityTaskFailed",
            "RequestCancelExternalWorkflowExecutionFailed",
            "RequestCancelExternalWorkflowExecutionInitiated",
            "ScheduleActivityTaskFailed",
            "SignalExternalWorkflowExecutionFailed",
            "SignalExternalWorkflowExecutionInitiated",
            "StartChildWorkflowExecutionFailed",
            "StartChildWorkflowExecutionInitiated",
            "StartTimerFailed",
            "TimerCanceled",
            "TimerStarted",
            "WorkflowExecutionCanceled",
            "WorkflowExecutionCompleted",
            "WorkflowExecutionContinuedAsNew",
            "WorkflowExecutionFailed",
        ],
    ),
    (
        "scheduledEventId",
        "ActivityTaskScheduled",
        &[
            "ActivityTaskStarted",
            "ActivityTaskCompleted",
            "ActivityTaskFailed",
            "ActivityTaskTimedOut",
            "ActivityTaskCanceled",
        ],
    ),
    (
        "startedEventId",
        "ActivityTaskStarted",
        &[
            "ActivityTaskCompleted",
            "ActivityTaskFailed",
            "ActivityTaskTimedOut",
            "ActivityTaskCanceled",
        ],
    ),
    (
        "latestCancelRequestedEventId",
        "ActivityTaskCancelRequested",
        &["ActivityTaskCanceled"],
    ),
    (
        "scheduledEventId",
        "DecisionTaskScheduled",
        &[
            "DecisionTaskStarted",
            "DecisionTaskCompleted",
            "DecisionTaskTimedOut",
        ],
    ),
    (
        "startedEventId",
        "DecisionTaskStarted",
        &["DecisionTaskCompleted", "DecisionTaskTimedOut"],
    ),
    (
        "startedEventId",
        "TimerStarted",
        &["TimerFired", "TimerCanceled"],
    ),
    (
        "initiatedEventId",
        "StartChildWorkflowExecutionInitiated",
        &[
            "ChildWorkflowExecutionStarted",
            "ChildWorkflowExecutionCompleted",
            "ChildWorkflowExecutionFailed",
            "ChildWorkflowExecutionTimedOut",
            "ChildWorkflowExecutionCanceled",
            "ChildWorkflowExecutionTerminated",
            "StartChildWorkflowExecutionFailed",
        ],
    ),
    (
        "startedEventId",
        "ChildWorkflowExecutionStarted",
        &[
            "ChildWorkflowExecutionCompleted",
            "ChildWorkflowExecutionFailed",
            "ChildWorkflowExecutionTimedOut",
            "ChildWorkflowExecutionCanceled",
            "ChildWorkflowExecutionTerminated",
        ],
    ),
    (
        "initiatedEventId",
        "SignalExternalWorkflowExecutionInitiated",
        &[
            "ExternalWorkflowExecutionSignaled",
            "SignalExternalWorkflowExecutionFailed",
        ],
    ),
    (
        "initiatedEventId",
        "RequestCancelExternalWorkflowExecutionInitiated",
        &[
            "ExternalWorkflowExecutionCancelRequested",
            "RequestCancelExternalWorkflowExecutionFailed",
        ],
    ),
    (
        "scheduledEventId",
        "LambdaFunctionScheduled",
        &[
            "LambdaFunctionStarted",
            "LambdaFunctionCompleted",
            "LambdaFunctionFailed",
            "LambdaFunctionTimedOut",
        ],
    ),
    (
        "startedEventId",
        "LambdaFunctionStarted",
        &["LambdaFunctionCompleted", "LambdaFunctionFailed"],
    ),
];

/// `(event type, member, the type histories show)` where the documentation names another
/// type (docs/practice.md, "Lambda event references").
pub const PRACTICE: [(&str, &str, &str); 4] = [
    (
        "LambdaFunctionScheduled",
        "decisionTaskCompletedEventId",
        "DecisionTaskCompleted",
    ),
    (
        "ScheduleLambdaFunctionFailed",
        "decisionTaskCompletedEventId",
        "DecisionTaskCompleted",
    ),
    (
        "StartLambdaFunctionFailed",
        "scheduledEventId",
        "LambdaFunctionScheduled",
    ),
    (
        "LambdaFunctionTimedOut",
        "startedEventId",
        "LambdaFunctionStarted",
    ),
];

/// `(event types, the member naming the other event, the member both must agree on)`.
pub const PAIRS: &[(&[&str], &str, &str)] = &[
    (
        &[
            "ActivityTaskCompleted",
            "ActivityTaskFailed",
            "ActivityTaskTimedOut",
            "ActivityTaskCanceled",
            "DecisionTaskCompleted",
            "DecisionTaskTimedOut",
            "LambdaFunctionCompleted",
            "LambdaFunctionFailed",
            "LambdaFunctionTimedOut",
        ],
        "startedEventId",
        "scheduledEventId",
    ),
    (
        &[
            "ChildWorkflowExecutionCompleted",
            "ChildWorkflowExecutionFailed",
            "ChildWorkflowExecutionTimedOut",
            "ChildWorkflowExecutionCanceled",
            "ChildWorkflowExecutionTerminated",
        ],
        "startedEventId",
        "initiatedEventId",
    ),
    (
        &["TimerFired", "TimerCanceled"],
        "startedEventId",
        "timerId",
    ),
];
