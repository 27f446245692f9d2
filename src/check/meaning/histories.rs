//! Every whole history a case sees keeps the history invariants (`crate::history`: ids,
//! event types and attribute members as the model names them, references to earlier
//! events of the right type, one decision task at a time, a decision task after a failed
//! decision, a decision task's events together, one close and nothing after it): the
//! events of a 2xx GetWorkflowExecutionHistory or PollForDecisionTask answer that holds the
//! whole history (no page token asked or given), and the histories read after the request.
//! Each invariant is held at its own level; a group holds those of one level.

use super::{Observed, answer, items};
use crate::history::{Invariant, check, render};
use crate::outcome::Level;
use serde_json::Value as Json;

/// At most this many violations of one history are told one by one.
const TOLD: usize = 8;

/// What the check of the invariants at `level` rests on: each invariant's source. A
/// citation of a family of members (`HistoryEvent.<type>EventAttributes`) is told as such,
/// not as the citation of one member's sentence.
pub fn source(level: Level) -> String {
    let sources: Vec<String> = Invariant::ALL
        .iter()
        .filter(|i| i.level() == level)
        .map(|i| format!("{} ({})", i.source(), i.name()))
        .collect();
    sources.join("; ").replace(
        "doc: HistoryEvent.<type>",
        "the documentation of each HistoryEvent.<type>",
    )
}

/// The whole histories `a` shows: its answer's events (a history or a decision task that
/// is not a page of one, put in order), and what was read after the request.
fn histories(a: &Observed<'_>) -> Vec<(&'static str, Vec<Json>)> {
    let mut out = Vec::new();
    if let Some(body) = answer(a) {
        let whole = a.request.get("nextPageToken").is_none_or(Json::is_null)
            && body
                .get("nextPageToken")
                .is_none_or(|t| t.is_null() || t == "");
        let events = items(body, "events");
        let listed = matches!(
            a.operation,
            "GetWorkflowExecutionHistory" | "PollForDecisionTask"
        );
        if listed && whole && !events.is_empty() {
            let mut events = events.to_vec();
            if a.request["reverseOrder"] == Json::Bool(true) {
                events.reverse();
            }
            out.push(("the answer's events", events));
        }
    }
    if let Some(Ok(events)) = &a.after.history {
        out.push(("the history read after the request", events.clone()));
    }
    if let Some(Ok(events)) = &a.after.around.history_after {
        out.push(("the history read after the description", events.clone()));
    }
    out
}

/// The violations of the invariants at `level` in every whole history `a` shows.
pub fn departures(a: &Observed<'_>, level: Level) -> Vec<String> {
    let mut out = Vec::new();
    for (what, events) in histories(a) {
        let found: Vec<String> = check(&events)
            .iter()
            .filter(|v| v.invariant.level() == level)
            .map(|v| format!("{what}: {}", render(v)))
            .collect();
        let more = found.len().saturating_sub(TOLD);
        out.extend(found.into_iter().take(TOLD));
        if more > 0 {
            out.push(format!("{what}: and {more} more"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::After;
    use serde_json::json;

    fn held(request: Json, body: Json, after: After, level: Level) -> Vec<String> {
        let received = crate::check::fixtures::received(std::time::Duration::ZERO);
        let a = Observed {
            operation: "GetWorkflowExecutionHistory",
            received: &received,
            body: &body,
            fault: None,
            after: &after,
            request: &request,
            window: None,
        };
        departures(&a, level)
    }

    fn started() -> Json {
        json!({"eventId": 1, "eventType": "WorkflowExecutionStarted", "eventTimestamp": 1.0,
            "workflowExecutionStartedEventAttributes": {"childPolicy": "TERMINATE",
              "taskList": {"name": "tl"}, "workflowType": {"name": "wf", "version": "1"}}})
    }

    #[test]
    fn a_misnamed_event_type_breaks_the_model_s_names() {
        let misnamed = json!({"eventId": 2, "eventType": "TimerCancelled", "eventTimestamp": 2.0,
            "timerCancelledEventAttributes": {"timerId": "t", "startedEventId": 1,
              "decisionTaskCompletedEventId": 1}});
        let body = json!({"events": [started(), misnamed]});
        let found = held(json!({}), body.clone(), After::default(), Level::Must);
        assert!(
            found.iter().any(|f| f.contains("TimerCancelled")),
            "{found:?}"
        );
        let page = held(
            json!({"nextPageToken": "p"}),
            body,
            After::default(),
            Level::Must,
        );
        assert!(page.is_empty(), "a page is not a whole history");
    }

    #[test]
    fn the_history_read_after_is_held_too() {
        let skipped = json!({"eventId": 3, "eventType": "DecisionTaskScheduled",
            "decisionTaskScheduledEventAttributes": {"taskList": {"name": "tl"}}});
        let after = After {
            history: Some(Ok(vec![started(), skipped])),
            ..After::default()
        };
        let found = held(json!({}), json!({}), after, Level::Should);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].starts_with("the history read after the request: event 3"));
        assert!(source(Level::Must).contains("event-type"));
        for level in [Level::Must, Level::Should] {
            for c in crate::model::citations(&source(level)) {
                let found = crate::model::docs().sentence_of(&c);
                assert!(found.is_some(), "{c:?}");
            }
        }
    }
}
