//! The breaks of what the reference follows from histories the live service wrote
//! (SWF-WIRE.md §11, open issue 29; docs/practice.md §5, §6), asserted in
//! tests/behaviour_live.rs: each makes an endpoint's histories look as if it followed the
//! documentation's letter instead.

use super::Break;
use serde_json::Value as Json;

/// Rewrites an answer of `op` as `mode` asks; true when the mode is this file's.
pub(super) fn rewrite_response(mode: Break, op: &str, body: &mut Json) -> bool {
    let drop: fn(&Json) -> bool = match mode {
        // No Lambda function is ever scheduled (the documentation's ScheduleLambdaFunctionFailed
        // aside): histories lose LambdaFunctionScheduled and StartLambdaFunctionFailed.
        Break::DropLambdaEvents => |e| {
            e["eventType"] == "LambdaFunctionScheduled"
                || e["eventType"] == "StartLambdaFunctionFailed"
        },
        // A child policy never terminates a child: histories lose WorkflowExecutionTerminated
        // of cause CHILD_POLICY_APPLIED.
        Break::DropChildPolicyTerminations => |e| {
            e["eventType"] == "WorkflowExecutionTerminated"
                && e["workflowExecutionTerminatedEventAttributes"]["cause"]
                    == "CHILD_POLICY_APPLIED"
        },
        _ => return false,
    };
    if op == "GetWorkflowExecutionHistory" {
        if let Some(events) = body.get_mut("events").and_then(Json::as_array_mut) {
            events.retain(|e| !drop(e));
        }
    }
    true
}
