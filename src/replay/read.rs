//! Reading a recorded history: `{"events": [...]}` as GetWorkflowExecutionHistory and `aws swf
//! get-workflow-execution-history` write it (other top-level members ignored), several pages
//! (objects one after the other, or a JSON array of them) joined, events in either order;
//! then checked for self-consistency ([`consistent`]) before anything is derived from it.
//!
//! This is the replay's own small reader; the history module of the `history` branch will
//! replace it (issue 29).

use super::events::{self, closes, id, is_reference, kind, reference_target};
use serde_json::Value as Json;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Why a history file cannot be replayed (exit status 2).
#[derive(Debug, thiserror::Error)]
pub enum ReplayFileError {
    /// The file cannot be read.
    #[error("cannot read {path}: {source}")]
    Read {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// The file is not a history.
    #[error(
        "{path}: {reason} (hint: give GetWorkflowExecutionHistory's answer, {{\"events\": [...]}}, or `aws swf get-workflow-execution-history`'s output)"
    )]
    NotAHistory {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        reason: String,
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
    let text = std::fs::read_to_string(path).map_err(|source| ReplayFileError::Read {
        path: path.to_owned(),
        source,
    })?;
    let events = parse(&text).map_err(|reason| ReplayFileError::NotAHistory {
        path: path.to_owned(),
        reason,
    })?;
    consistent(&events).map_err(|source| ReplayFileError::Inconsistent {
        path: path.to_owned(),
        source,
    })?;
    Ok(events)
}

/// The events of a history's text: its pages joined, sorted by eventId, repeated events (pages
/// that overlap) kept once.
pub fn parse(text: &str) -> Result<Vec<Json>, String> {
    let mut pages = Vec::new();
    for value in serde_json::Deserializer::from_str(text).into_iter::<Json>() {
        match value.map_err(|e| format!("not JSON: {e}"))? {
            Json::Array(items) => pages.extend(items),
            other => pages.push(other),
        }
    }
    let mut by_id: BTreeMap<i64, Json> = BTreeMap::new();
    let mut pages_seen = 0;
    for page in pages {
        let Some(list) = page.get("events").and_then(Json::as_array) else {
            return Err("no \"events\" array".into());
        };
        pages_seen += 1;
        for e in list {
            let Some(n) = e.get("eventId").and_then(Json::as_i64) else {
                return Err(format!("an event without an integer eventId: {}", short(e)));
            };
            match by_id.get(&n) {
                Some(old) if old != e => {
                    return Err(format!("two different events with eventId {n}"));
                }
                _ => {
                    by_id.insert(n, e.clone());
                }
            }
        }
    }
    if pages_seen == 0 || by_id.is_empty() {
        return Err("no events".into());
    }
    Ok(by_id.into_values().collect())
}

fn short(v: &Json) -> String {
    let text = v.to_string();
    match text.char_indices().nth(80) {
        Some((at, _)) => format!("{}...", &text[..at]),
        None => text,
    }
}

/// Checks what the replay relies on: ids consecutive from 1, a first WorkflowExecutionStarted,
/// each event of a type the model knows with its attributes, every `...EventId` pointing at an
/// earlier event of the type its documentation names, nothing after the closing event.
pub fn consistent(events: &[Json]) -> Result<(), Inconsistency> {
    let known = events::model_types();
    let fail = |e: &Json, reason: String| Inconsistency {
        event: id(e),
        event_type: kind(e).to_owned(),
        reason,
    };
    for (i, e) in events.iter().enumerate() {
        let want = i as i64 + 1;
        if id(e) != want {
            return Err(fail(
                e,
                format!("expected eventId {want}: ids run from 1 without gaps"),
            ));
        }
        let t = kind(e);
        if !known.iter().any(|k| k == t) {
            return Err(fail(
                e,
                format!("{t:?} is not an event type of the SWF model"),
            ));
        }
        if i == 0 && t != "WorkflowExecutionStarted" {
            return Err(fail(
                e,
                "a history begins with WorkflowExecutionStarted".into(),
            ));
        }
        if i > 0 && t == "WorkflowExecutionStarted" {
            return Err(fail(e, "a second WorkflowExecutionStarted".into()));
        }
        if i > 0 && closes(kind(&events[i - 1])) {
            let before = kind(&events[i - 1]);
            return Err(fail(
                e,
                format!("it follows {before}, which closed the execution"),
            ));
        }
        let key = crate::model::event_attributes_key(t);
        let Some(attributes) = e.get(&key).and_then(Json::as_object) else {
            return Err(fail(e, format!("no {key} object")));
        };
        for (member, value) in attributes {
            if !is_reference(member) {
                continue;
            }
            let Some(target) = value.as_i64() else {
                return Err(fail(e, format!("{member} is not an integer: {value}")));
            };
            if target == 0 {
                continue;
            }
            if target < 1 || target >= want {
                return Err(fail(
                    e,
                    format!("{member} {target} is not an earlier event"),
                ));
            }
            let pointed = kind(&events[target as usize - 1]);
            if let Some(expected) = reference_target(t, member) {
                if pointed != expected {
                    return Err(fail(
                        e,
                        format!("{member} {target} is a {pointed}, not a {expected}"),
                    ));
                }
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn started() -> Json {
        json!({"eventId": 1, "eventType": "WorkflowExecutionStarted",
            "workflowExecutionStartedEventAttributes": {"childPolicy": "TERMINATE"}})
    }

    fn scheduled(n: i64) -> Json {
        json!({"eventId": n, "eventType": "DecisionTaskScheduled",
            "decisionTaskScheduledEventAttributes": {"startToCloseTimeout": "10"}})
    }

    #[test]
    fn pages_are_joined_in_any_order() {
        let one = json!({"events": [started()], "nextPageToken": "x"});
        let two = json!({"events": [scheduled(2)]});
        for text in [
            format!("{two}\n{one}"),
            format!("[{one}, {two}]"),
            json!({"events": [scheduled(2), started()], "other": 1}).to_string(),
        ] {
            let events = parse(&text).unwrap();
            assert_eq!(events.iter().map(id).collect::<Vec<_>>(), [1, 2], "{text}");
        }
        // Overlapping pages: the same event once; two different ones with one id refused.
        let overlap = format!("{one} {one}");
        assert_eq!(parse(&overlap).unwrap().len(), 1);
        let mut other = started();
        other["workflowExecutionStartedEventAttributes"]["childPolicy"] = json!("ABANDON");
        let clash = format!("{one} {}", json!({"events": [other]}));
        assert!(parse(&clash).unwrap_err().contains("eventId 1"));
    }

    #[test]
    fn what_is_not_a_history_is_said() {
        assert!(parse("{").unwrap_err().starts_with("not JSON"));
        assert!(parse("{\"cases\": []}").unwrap_err().contains("events"));
        assert!(parse("{\"events\": []}").unwrap_err().contains("no events"));
        let no_id = json!({"events": [{"eventType": "X"}]}).to_string();
        assert!(parse(&no_id).unwrap_err().contains("eventId"));
    }

    #[test]
    fn contradictions_name_the_event() {
        let ok = vec![started(), scheduled(2)];
        assert_eq!(consistent(&ok), Ok(()));
        let gap = vec![started(), scheduled(3)];
        assert_eq!(consistent(&gap).unwrap_err().event, 3);
        let first = vec![scheduled(1)];
        assert!(consistent(&first).unwrap_err().reason.contains("begins"));
        let mut pointing = vec![started(), scheduled(2)];
        pointing.push(json!({"eventId": 3, "eventType": "DecisionTaskStarted",
            "decisionTaskStartedEventAttributes": {"scheduledEventId": 1}}));
        let e = consistent(&pointing).unwrap_err();
        assert_eq!((e.event, e.event_type.as_str()), (3, "DecisionTaskStarted"));
        assert!(
            e.reason
                .contains("is a WorkflowExecutionStarted, not a DecisionTaskScheduled")
        );
        let mut forward = vec![started(), scheduled(2)];
        forward.push(json!({"eventId": 3, "eventType": "DecisionTaskStarted",
            "decisionTaskStartedEventAttributes": {"scheduledEventId": 4}}));
        assert!(
            consistent(&forward)
                .unwrap_err()
                .reason
                .contains("not an earlier")
        );
        let mut after = vec![started()];
        after.push(
            json!({"eventId": 2, "eventType": "WorkflowExecutionTerminated",
            "workflowExecutionTerminatedEventAttributes": {"childPolicy": "TERMINATE"}}),
        );
        after.push(scheduled(3));
        assert!(consistent(&after).unwrap_err().reason.contains("closed"));
        let unknown = vec![json!({"eventId": 1, "eventType": "Nope", "nopeEventAttributes": {}})];
        assert!(
            consistent(&unknown)
                .unwrap_err()
                .reason
                .contains("not an event type")
        );
        let bare = vec![json!({"eventId": 1, "eventType": "WorkflowExecutionStarted"})];
        assert!(
            consistent(&bare)
                .unwrap_err()
                .reason
                .contains("no workflowExecutionStartedEventAttributes")
        );
    }
}
