//! Reading a validated request's input (its members are already of the model's types),
//! the faults every concept answers with, and paging.

use crate::wire::{Fault, FaultKind, SwfFault};
use serde_json::{Value as Json, json};

/// A handler's answer: `None` is a 200 with an empty body.
pub type Answer = Result<Option<Json>, Fault>;

/// A string member of a validated input ("" when absent: validation already required it).
pub fn text<'a>(input: &'a Json, member: &str) -> &'a str {
    input.get(member).and_then(Json::as_str).unwrap_or("")
}

/// An optional string member.
pub fn opt_text<'a>(input: &'a Json, member: &str) -> Option<&'a str> {
    input.get(member).and_then(Json::as_str)
}

/// Copies the listed members of `from` that are present into `to`.
pub fn copy_members(from: &Json, members: &[&str], to: &mut Json) {
    for m in members {
        if let Some(v) = from.get(*m) {
            to[*m] = v.clone();
        }
    }
}

/// The fault for a task token that names no task in hand.
pub fn unknown_token() -> Fault {
    Fault::swf(SwfFault::UnknownResource, "Unknown task token")
}

/// A fault for input the model allows but the service refuses.
pub fn invalid(message: impl Into<String>) -> Fault {
    Fault::new(FaultKind::Validation, message)
}

/// One page of `items` per `maximumPageSize` (0 or absent: 1000), `nextPageToken`
/// and `reverseOrder`, under `key`.
pub fn page(mut items: Vec<Json>, input: &Json, key: &str) -> Result<Json, Fault> {
    if input.get("reverseOrder").and_then(Json::as_bool) == Some(true) {
        items.reverse();
    }
    let size = match input.get("maximumPageSize").and_then(Json::as_u64) {
        None | Some(0) => 1000,
        Some(n) => n as usize,
    };
    let start = match opt_text(input, "nextPageToken") {
        None => 0,
        Some(token) => token
            .strip_prefix("swfcheck-page-")
            .and_then(|n| n.parse::<usize>().ok())
            .filter(|n| *n <= items.len())
            .ok_or_else(|| invalid(format!("Invalid nextPageToken: {token}")))?,
    };
    let end = (start + size).min(items.len());
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
