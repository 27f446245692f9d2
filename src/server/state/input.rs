//! What every concept answers with: the reply of a handler, the faults every concept
//! gives, paging and counts, and the reading of duration strings and ids. Requests come
//! in typed ([`crate::wire::typed`]): the wire read them once, handlers take their fields.

use crate::wire::typed::{
    GetWorkflowExecutionHistoryInput, ListActivityTypesInput, ListClosedWorkflowExecutionsInput,
    ListDomainsInput, ListOpenWorkflowExecutionsInput, ListWorkflowTypesInput,
    PollForDecisionTaskInput,
};
use crate::wire::{Fault, FaultKind, SwfFault};
use serde_json::{Value as Json, json};

/// A handler's reply: `None` is a 200 with an empty body.
pub type Reply = Result<Option<Json>, Fault>;

/// The paging members of a request that reads a list in pages.
#[derive(Debug, Clone, Copy, Default)]
pub struct Paging<'a> {
    /// The page to read (absent: the first).
    pub next_page_token: Option<&'a str>,
    /// Items per page (absent or 0: 1000).
    pub maximum_page_size: Option<i64>,
    /// Whether the list is reversed before it is paged.
    pub reverse_order: bool,
}

/// An input that reads a list in pages.
pub trait Paged {
    /// Its paging members.
    fn paging(&self) -> Paging<'_>;
}

macro_rules! paged {
    ($($input:ty),*) => {$(
        impl Paged for $input {
            fn paging(&self) -> Paging<'_> {
                Paging {
                    next_page_token: self.next_page_token.as_deref(),
                    maximum_page_size: self.maximum_page_size,
                    reverse_order: self.reverse_order == Some(true),
                }
            }
        }
    )*};
}

paged!(
    GetWorkflowExecutionHistoryInput,
    ListActivityTypesInput,
    ListClosedWorkflowExecutionsInput,
    ListDomainsInput,
    ListOpenWorkflowExecutionsInput,
    ListWorkflowTypesInput,
    PollForDecisionTaskInput
);

/// The fault for a task token that names no task in hand.
pub fn unknown_token() -> Fault {
    Fault::swf(SwfFault::UnknownResource, "Unknown task token")
}

/// A fault for input the model allows but the service refuses.
pub fn invalid(message: impl Into<String>) -> Fault {
    Fault::new(FaultKind::Validation, message)
}

/// One page of `items` per the paging members (`maximumPageSize` 0 or absent: 1000;
/// `reverseOrder` reverses the whole list, then pages it), under `key`.
pub fn page(mut items: Vec<Json>, paging: Paging<'_>, key: &str) -> Result<Json, Fault> {
    if paging.reverse_order {
        items.reverse();
    }
    let size = match paging.maximum_page_size {
        Some(n) if n > 0 => n as usize,
        _ => 1000,
    };
    let start = match paging.next_page_token {
        None => 0,
        Some(token) => token
            .strip_prefix("swfcheck-page-")
            .and_then(|n| n.parse::<usize>().ok())
            .filter(|n| *n <= items.len())
            .ok_or_else(|| invalid(format!("Invalid nextPageToken: {token}")))?,
    };
    let end = start.saturating_add(size).min(items.len());
    let mut out = json!({ key: items[start..end].to_vec() });
    if end < items.len() {
        out["nextPageToken"] = json!(format!("swfcheck-page-{end}"));
    }
    Ok(out)
}

/// The `{"count", "truncated"}` answer of the Count operations.
pub fn count(n: usize) -> Json {
    json!({"count": n, "truncated": false})
}

/// Seconds of a duration string: `Some(None)` for "NONE", `None` when it is not a duration.
pub fn seconds(value: &str) -> Option<Option<f64>> {
    if value == "NONE" {
        return Some(None);
    }
    value.parse::<u64>().ok().map(|s| Some(s as f64))
}

/// Seconds of a duration string, no deadline for NONE or anything unreadable.
pub fn timeout(value: &str) -> Option<f64> {
    seconds(value).flatten()
}

/// The model's rule for the ids a decision names (activityId, timerId): "must
/// not contain a : (colon), / (slash), | (vertical bar), or any control characters
/// (\u0000-\u001f | \u007f-\u009f). Also, it must not be the literal string arn."
pub fn allowed_id(id: &str) -> bool {
    allowed_child_workflow_id(id) && !id.contains(':')
}

/// A child's workflowId as the service takes it: the model's rule, except that `:` is
/// allowed. AWS's Flow Framework for Java names every child `<parent runId>:<n>`
/// (DefaultChildWorkflowIdHandler) and the real service starts them (docs/practice.md §2).
pub fn allowed_child_workflow_id(id: &str) -> bool {
    id != "arn"
        && !id
            .chars()
            .any(|c| matches!(c, '/' | '|' | '\u{0}'..='\u{1f}' | '\u{7f}'..='\u{9f}'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_child_may_hold_a_colon_where_other_ids_may_not() {
        assert!(allowed_child_workflow_id("0f3c9b2e:1"));
        assert!(!allowed_id("0f3c9b2e:1"));
        for refused in ["a/b", "a|b", "a\u{7}b", "arn"] {
            assert!(!allowed_child_workflow_id(refused), "{refused:?}");
            assert!(!allowed_id(refused), "{refused:?}");
        }
        assert!(allowed_id("plain-id") && allowed_child_workflow_id("plain-id"));
    }
}
