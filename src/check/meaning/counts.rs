//! Counts that agree with what they count: Count{Open,Closed}WorkflowExecutions with the
//! listing of the same filters (read after the answer, when the filters confine it to
//! what the case made), and a pending-task count of 0 when nothing can be pending.

use super::{Observed, answer, closes, event_type};
use serde_json::Value as Json;

/// What the count-agrees-with-its-listing check rests on.
pub const SOURCE: &str = "doc: CountOpenWorkflowExecutions, \"Returns the number of open workflow executions within the given domain that meet the specified filtering criteria.\" and ListOpenWorkflowExecutions, \"Returns a list of open workflow executions in the specified domain that meet the filtering criteria.\" (the Closed pair likewise); \
doc: WorkflowExecutionCount.truncated, \"If set to true, indicates that the actual count was more than the maximum supported by this API\"; \
doc: CountPendingDecisionTasks, \"If you specify a task list that no decision task was ever scheduled in then 0 is returned.\" (CountPendingActivityTasks likewise); \
held at should: both are \"eventually consistent\" and \"best effort\", and a pending count \"is an approximation and isn't guaranteed to be exact\"";

/// The listing operation whose answers a count of `operation` counts.
pub fn listing_of(operation: &str) -> Option<&'static str> {
    match operation {
        "CountOpenWorkflowExecutions" => Some("ListOpenWorkflowExecutions"),
        "CountClosedWorkflowExecutions" => Some("ListClosedWorkflowExecutions"),
        _ => None,
    }
}

/// Whether the filters of a count `request` confine it to what the case made (its own
/// domain, or a workflowId of its own), so that no other case's executions can come
/// and go between the count and the listing.
pub fn confined(request: &Json, made: impl Fn(&str) -> bool) -> bool {
    let domain = request["domain"].as_str().is_some_and(&made);
    let workflow = request["executionFilter"]["workflowId"]
        .as_str()
        .is_some_and(made);
    domain || workflow
}

/// Where a 2xx count departs from the listing it counts: a count of executions unlike the
/// number its listing holds (unless truncated), a pending count above 0 when nothing can
/// be pending.
pub fn departures(a: &Observed<'_>) -> Vec<String> {
    let Some(body) = answer(a) else {
        return Vec::new();
    };
    let around = &a.after.around;
    let count = body["count"].as_i64();
    match a.operation {
        op if listing_of(op).is_some() => match (&around.listing, count) {
            (Some(Ok(listed)), Some(n))
                if body["truncated"] != Json::Bool(true) && n != listed.len() as i64 =>
            {
                vec![format!(
                    "count {n}, but {} lists {} execution(s) for the same filters",
                    listing_of(op).unwrap_or_default(),
                    listed.len()
                )]
            }
            _ => Vec::new(),
        },
        "CountPendingDecisionTasks" | "CountPendingActivityTasks" => {
            match (around.nothing_pending, count) {
                (Some(true), Some(n)) if n != 0 => vec![format!(
                    "count {n} on the case's own task list, where nothing can be pending: \
                     every execution the case started was closed before the request"
                )],
                _ => Vec::new(),
            }
        }
        _ => Vec::new(),
    }
}

/// Whether nothing can be pending on a task list only the case's executions use, given
/// their histories read before the request: each closed by an event other than a
/// continue-as-new (whose new run may take the same task list) and none having started a
/// child (which may). No history (no execution) is nothing pending too.
pub fn nothing_pending(histories: &[Vec<Json>]) -> bool {
    histories.iter().all(|events| {
        let closed = events
            .iter()
            .rev()
            .find_map(closes)
            .is_some_and(|s| s != "CONTINUED_AS_NEW");
        let child = events
            .iter()
            .any(|e| event_type(e) == "StartChildWorkflowExecutionInitiated");
        closed && !child
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::After;
    use crate::check::meaning::Around;
    use serde_json::json;

    fn held(operation: &str, body: Json, around: Around) -> Vec<String> {
        let received = crate::check::fixtures::received(std::time::Duration::ZERO);
        let after = After {
            around,
            ..After::default()
        };
        let a = Observed {
            operation,
            received: &received,
            body: &body,
            fault: None,
            after: &after,
            request: &Json::Null,
            window: None,
        };
        departures(&a)
    }

    #[test]
    fn a_count_is_the_length_of_its_listing_unless_truncated() {
        let listed = |n: usize| Around {
            listing: Some(Ok(vec![json!({}); n])),
            ..Around::default()
        };
        let op = "CountClosedWorkflowExecutions";
        assert!(held(op, json!({"count": 2, "truncated": false}), listed(2)).is_empty());
        assert_eq!(held(op, json!({"count": 1}), listed(2)).len(), 1);
        assert!(held(op, json!({"count": 1, "truncated": true}), listed(2)).is_empty());
        assert!(
            held(op, json!({"count": 1}), Around::default()).is_empty(),
            "no listing read: nothing to hold"
        );
    }

    #[test]
    fn nothing_is_pending_once_every_execution_closed_without_a_successor() {
        let started = json!({"eventType": "WorkflowExecutionStarted"});
        let end = |t: &str| json!({"eventType": t});
        assert!(nothing_pending(&[]));
        assert!(nothing_pending(&[vec![
            started.clone(),
            end("WorkflowExecutionTerminated")
        ]]));
        assert!(!nothing_pending(&[vec![started.clone()]]));
        assert!(!nothing_pending(&[vec![
            started.clone(),
            end("WorkflowExecutionContinuedAsNew")
        ]]));
        let child = end("StartChildWorkflowExecutionInitiated");
        assert!(!nothing_pending(&[vec![
            started,
            child,
            end("WorkflowExecutionCompleted")
        ]]));
        let pending = Around {
            nothing_pending: Some(true),
            ..Around::default()
        };
        assert_eq!(
            held(
                "CountPendingDecisionTasks",
                json!({"count": 1}),
                pending.clone()
            )
            .len(),
            1
        );
        assert!(held("CountPendingActivityTasks", json!({"count": 0}), pending).is_empty());
        let unknown = Around::default();
        assert!(held("CountPendingDecisionTasks", json!({"count": 1}), unknown).is_empty());
    }

    #[test]
    fn filters_confine_a_count_to_the_case_by_its_domain_or_workflow_id() {
        let made = |n: &str| n.starts_with("case-1");
        assert!(confined(&json!({"domain": "case-1-d"}), made));
        assert!(confined(
            &json!({"domain": "shared", "executionFilter": {"workflowId": "case-1"}}),
            made
        ));
        assert!(!confined(
            &json!({"domain": "shared", "startTimeFilter": {"oldestDate": 0}}),
            made
        ));
    }
}
