//! Request rewrites of the faulty proxy that make an endpoint ignore what a visibility
//! filter or TerminateWorkflowExecution's child policy asks for.

use super::Break;
use serde_json::{Value as Json, json};

const VISIBILITY: [&str; 4] = [
    "ListOpenWorkflowExecutions",
    "ListClosedWorkflowExecutions",
    "CountOpenWorkflowExecutions",
    "CountClosedWorkflowExecutions",
];

/// Rewrites a request of `op` as `mode` asks; true when the mode is one of these.
pub(super) fn rewrite(mode: Break, op: &str, body: &mut Json) -> bool {
    let visibility = VISIBILITY.contains(&op);
    match mode {
        Break::IgnoreTimeWindows if visibility => {
            for filter in ["startTimeFilter", "closeTimeFilter"] {
                if body.get(filter).is_some_and(Json::is_object) {
                    body[filter] = json!({"oldestDate": 0});
                }
            }
        }
        Break::IgnoreCloseStatus if visibility => {
            body.as_object_mut().map(|o| o.remove("closeStatusFilter"));
        }
        Break::IgnoreTagFilter if op.starts_with("List") && visibility => {
            body.as_object_mut().map(|o| o.remove("tagFilter"));
        }
        Break::AcceptExclusiveFilters if visibility => {
            swfcheck::model::rules::cohere(op, body, None);
        }
        Break::IgnoreChildPolicy if op == "TerminateWorkflowExecution" => {
            body.as_object_mut().map(|o| o.remove("childPolicy"));
        }
        Break::IgnoreTimeWindows
        | Break::IgnoreCloseStatus
        | Break::IgnoreTagFilter
        | Break::AcceptExclusiveFilters
        | Break::IgnoreChildPolicy => {}
        _ => return false,
    }
    true
}
