//! The break of the child named with a `:` (issue 22 item 2, docs/practice.md §2), asserted in
//! tests/behaviour_children.rs: [`Break::ChildColonRefused`] refuses, as the documentation's
//! letter says, a StartChildWorkflowExecution decision whose workflowId holds a `:`. The proxy
//! writes each `:` of such a workflowId as `|`, which the reference refuses as the model says
//! (StartChildWorkflowExecutionFailed, OPERATION_NOT_PERMITTED).

use super::Break;
use serde_json::{Value as Json, json};

/// Rewrites a request of `op` as `mode` asks; true when the mode is this file's.
pub(super) fn rewrite(mode: Break, op: &str, body: &mut Json) -> bool {
    if mode != Break::ChildColonRefused {
        return false;
    }
    if op == "RespondDecisionTaskCompleted" {
        let decisions = body.get_mut("decisions").and_then(Json::as_array_mut);
        for d in decisions.into_iter().flatten() {
            let Some(a) = d.get_mut("startChildWorkflowExecutionDecisionAttributes") else {
                continue;
            };
            if let Some(id) = a["workflowId"].as_str().filter(|id| id.contains(':')) {
                a["workflowId"] = json!(id.replace(':', "|"));
            }
        }
    }
    true
}
