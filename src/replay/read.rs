//! Reading a recorded history for a replay: the file read by [`crate::history::read`]
//! (`{"events": [...]}` as GetWorkflowExecutionHistory and `aws swf
//! get-workflow-execution-history` write it, pages joined), the events put in the order of
//! their ids (a history read with `reverseOrder` is the same history), and the history refused
//! when it contradicts itself ([`consistent`]: [`crate::history::check`]'s invariants at
//! `must`, and what a replay relies on besides).

use super::events::{id, kind};
use crate::history::{Invariant, Violation};
use crate::outcome::Level;
use serde_json::Value as Json;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Why a history file cannot be replayed (exit status 2).
#[derive(Debug, thiserror::Error)]
pub enum ReplayFileError {
    /// The file cannot be read, or holds no history.
    #[error(transparent)]
    Read(#[from] crate::history::HistoryFileError),
    /// Two different events share an eventId.
    #[error("{path}: two different events with eventId {id} (hint: pages of two executions?)")]
    Clash {
        /// The file.
        path: PathBuf,
        /// The id.
        id: i64,
    },
    /// The history contradicts itself.
    #[error("{path}: {source}")]
    Inconsistent {
        /// The file.
        path: PathBuf,
        /// The first contradiction.
        #[source]
        source: Inconsistency,
    },
}

/// The first place where a history contradicts itself.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("event {event} ({event_type}) is not self-consistent: {reason}")]
pub struct Inconsistency {
    /// The event's id (0: the history as a whole).
    pub event: i64,
    /// Its type.
    pub event_type: String,
    /// Why.
    pub reason: String,
}

/// Reads the events of the history in `path`, oldest first, checked.
pub fn read_file(path: &Path) -> Result<Vec<Json>, ReplayFileError> {
    let loaded = crate::history::read_path(path)?;
    let events = in_order(loaded.events).map_err(|id| ReplayFileError::Clash {
        path: path.to_owned(),
        id,
    })?;
    consistent(&events).map_err(|source| ReplayFileError::Inconsistent {
        path: path.to_owned(),
        source,
    })?;
    Ok(events)
}

/// The events of a history's text (pages joined), oldest first, unchecked.
pub fn parse(text: &str) -> Result<Vec<Json>, String> {
    let loaded =
        crate::history::parse("the history", text.as_bytes()).map_err(|e| e.to_string())?;
    in_order(loaded.events).map_err(|id| format!("two different events with eventId {id}"))
}

/// The events sorted by eventId, repeated ones (pages that overlap) kept once; the id two
/// different events share, if any. Events without an integer id keep their place at the end
/// (the invariants name them).
fn in_order(events: Vec<Json>) -> Result<Vec<Json>, i64> {
    let mut by_id: BTreeMap<i64, Json> = BTreeMap::new();
    let mut rest = Vec::new();
    for e in events {
        let Some(n) = e.get("eventId").and_then(Json::as_i64) else {
            rest.push(e);
            continue;
        };
        match by_id.get(&n) {
            Some(old) if *old != e => return Err(n),
            _ => {
                by_id.insert(n, e);
            }
        }
    }
    Ok(by_id.into_values().chain(rest).collect())
}

/// Whether a violation stops a replay: every invariant the documentation states (`must`),
/// and the ones a replay relies on (ids 1, 2, 3, ..., nothing after the close). Behaviour
/// the service was seen to have (one decision task at a time, ...) is the endpoint's to
/// show, not the history's to be refused for.
fn refuses(v: &Violation) -> bool {
    v.invariant.level() == Level::Must
        || matches!(
            v.invariant,
            Invariant::IdsConsecutive | Invariant::NothingAfterClose
        )
}

/// Checks what the replay relies on: no violation of an invariant at `must` (nor of ids 1, 2,
/// 3, ... or of nothing after the close), and a first
/// WorkflowExecutionStarted.
pub fn consistent(events: &[Json]) -> Result<(), Inconsistency> {
    if let Some(v) = crate::history::check(events).into_iter().find(refuses) {
        let rendered = crate::history::render(&v);
        // The rendering starts with the event (`event 3 (DecisionTaskScheduled): `).
        let reason = match rendered.split_once("): ") {
            Some((_, rest)) if v.event_id.is_some() => rest.to_owned(),
            _ => rendered,
        };
        return Err(Inconsistency {
            event: v.event_id.unwrap_or(0),
            event_type: v.event_type.unwrap_or_default(),
            reason,
        });
    }
    match events.first() {
        Some(e) if kind(e) == "WorkflowExecutionStarted" => Ok(()),
        Some(e) => Err(Inconsistency {
            event: id(e),
            event_type: kind(e).to_owned(),
            reason: "a history begins with WorkflowExecutionStarted".into(),
        }),
        None => Err(Inconsistency {
            event: 0,
            event_type: String::new(),
            reason: "no events".into(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn started() -> Json {
        json!({"eventId": 1, "eventType": "WorkflowExecutionStarted",
            "workflowExecutionStartedEventAttributes": {"childPolicy": "TERMINATE",
                "taskList": {"name": "tl"}, "workflowType": {"name": "w", "version": "1"}}})
    }

    fn scheduled(n: i64) -> Json {
        json!({"eventId": n, "eventType": "DecisionTaskScheduled",
            "decisionTaskScheduledEventAttributes": {"startToCloseTimeout": "10", "taskList": {"name": "tl"}}})
    }

    #[test]
    fn pages_are_joined_in_any_order() {
        let one = json!({"events": [started()], "nextPageToken": "x"});
        let two = json!({"events": [scheduled(2)]});
        for text in [
            format!("{one}\n{two}"),
            format!("[{one}, {two}]"),
            json!({"events": [scheduled(2), started()], "other": 1}).to_string(),
        ] {
            let events = parse(&text).unwrap();
            assert_eq!(events.iter().map(id).collect::<Vec<_>>(), [1, 2], "{text}");
        }
        let overlap = format!("{one} {one}");
        assert_eq!(parse(&overlap).unwrap().len(), 1);
        let mut other = started();
        other["workflowExecutionStartedEventAttributes"]["childPolicy"] = json!("ABANDON");
        let clash = format!("{one} {}", json!({"events": [other]}));
        assert!(parse(&clash).unwrap_err().contains("eventId 1"));
    }

    #[test]
    fn what_is_not_a_history_is_said() {
        assert!(parse("{").is_err());
        assert!(parse("{\"cases\": []}").is_err());
        assert!(parse("").is_err());
    }

    #[test]
    fn contradictions_name_the_event() {
        assert_eq!(consistent(&[started(), scheduled(2)]), Ok(()));
        let gap = consistent(&[started(), scheduled(3)]).unwrap_err();
        assert_eq!(
            (gap.event, gap.event_type.as_str()),
            (3, "DecisionTaskScheduled")
        );
        let first = consistent(&[scheduled(1)]).unwrap_err();
        assert!(
            first
                .reason
                .contains("begins with WorkflowExecutionStarted"),
            "{first}"
        );
        let pointing = [
            started(),
            scheduled(2),
            json!({"eventId": 3, "eventType": "DecisionTaskStarted",
            "decisionTaskStartedEventAttributes": {"scheduledEventId": 1}}),
        ];
        let e = consistent(&pointing).unwrap_err();
        assert_eq!((e.event, e.event_type.as_str()), (3, "DecisionTaskStarted"));
        assert!(e.reason.contains("scheduledEventId"), "{e}");
        let unknown = [
            started(),
            json!({"eventId": 2, "eventType": "Nope", "nopeEventAttributes": {}}),
        ];
        assert_eq!(consistent(&unknown).unwrap_err().event, 2);
        assert!(consistent(&[]).is_err());
    }
}
