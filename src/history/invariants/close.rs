//! The close: at most once, and the last event.

use super::event::History;
use super::{Invariant, Violation};
use serde_json::Value as Json;

/// The source of [`Invariant::CloseOnce`].
pub const ONCE_SOURCE: &str = "doc: Decision, \"CompleteWorkflowExecution – Closes the workflow \
    execution and records a WorkflowExecutionCompleted event in the history\" (and so each closing \
    decision); HistoryEvent, \"WorkflowExecutionCompleted – The workflow execution was closed due \
    to successful completion.\"; WorkflowExecutionInfo.closeStatus, \"If the execution status is \
    closed then this specifies how the execution was closed\": one close, one status";

/// The source of [`Invariant::NothingAfterClose`].
pub const AFTER_SOURCE: &str = "seen: every recorded history ends with its close \
    (fixtures/histories/real; SWF-WIRE.md §11, a child timed out before its first decision: \
    \"WorkflowExecutionStarted, DecisionTaskScheduled, WorkflowExecutionTimedOut\"); a closed \
    execution takes no signal or cancel (SWF-WIRE.md §5.5)";

/// A second close names the first.
pub fn once(h: &History<'_>, out: &mut Vec<Violation>) {
    let mut closes = h.events.iter().filter(|e| e.closes());
    let Some(first) = closes.next() else { return };
    for again in closes {
        out.push(Violation::at(Invariant::CloseOnce, again, Json::Null, again.brief()).and(first));
    }
}

/// Every event after the first close that is not itself a close (close-once says those).
pub fn nothing_after(h: &History<'_>, out: &mut Vec<Violation>) {
    let Some(close) = h.events.iter().find(|e| e.closes()) else {
        return;
    };
    for e in h.events[close.pos + 1..].iter().filter(|e| !e.closes()) {
        out.push(Violation::at(Invariant::NothingAfterClose, e, Json::Null, e.brief()).and(close));
    }
}
