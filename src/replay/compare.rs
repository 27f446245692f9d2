//! The written history against the recorded one, event by event. Both are normalised first:
//! timestamps and event ids left out, each `...EventId` that points into the history written
//! as the event it points at (`TimerStarted#2`, the second TimerStarted), each run id as the
//! order in which it first appears (`run#1`); the written names are mapped back before (see
//! [`super::names::unmap`]). The two lists are then aligned (Myers' diff), so that one event
//! missing or extra is one difference, not a shift of everything after it.

use super::events::{id, is_reference, kind};
use serde::Serialize;
use serde_json::{Map, Value as Json};
use std::collections::HashMap;

/// One member that differs between a recorded event and the written one.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MemberDifference {
    /// The dotted path of the member (`activityTaskTimedOutEventAttributes.timeoutType`).
    pub path: String,
    /// Its normalised value in the recorded event (absent: `None`).
    pub recorded: Option<Json>,
    /// Its normalised value in the written event.
    pub written: Option<Json>,
}

/// How a recorded event and a written one line up.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Row {
    /// The same event on both sides (by index into each history).
    Same {
        /// Index in the recorded events.
        recorded: usize,
        /// Index in the written events.
        written: usize,
    },
    /// A recorded event the written history lacks.
    Missing {
        /// Index in the recorded events.
        recorded: usize,
    },
    /// A written event the recorded history lacks.
    Extra {
        /// Index in the written events.
        written: usize,
    },
    /// The two events at this place differ in these members.
    Changed {
        /// Index in the recorded events.
        recorded: usize,
        /// Index in the written events.
        written: usize,
        /// What differs.
        members: Vec<MemberDifference>,
    },
}

impl Row {
    /// Whether the row is a difference.
    pub fn differs(&self) -> bool {
        !matches!(self, Row::Same { .. })
    }
}

/// The events as compared: everything but `eventId` and `eventTimestamp`, references and run
/// ids normalised.
pub fn normalise(events: &[Json]) -> Vec<Json> {
    let mut ordinal: HashMap<i64, String> = HashMap::new();
    let mut per_type: HashMap<&str, usize> = HashMap::new();
    for e in events {
        let n = per_type.entry(kind(e)).or_default();
        *n += 1;
        ordinal.insert(id(e), format!("{}#{n}", kind(e)));
    }
    let mut runs: HashMap<String, String> = HashMap::new();
    events
        .iter()
        .map(|e| {
            let mut out = Map::new();
            for (k, v) in e.as_object().into_iter().flatten() {
                if k == "eventId" || k == "eventTimestamp" {
                    continue;
                }
                let mut v = v.clone();
                relabel(&mut v, &ordinal, &mut runs);
                out.insert(k.clone(), v);
            }
            Json::Object(out)
        })
        .collect()
}

fn relabel(v: &mut Json, ordinal: &HashMap<i64, String>, runs: &mut HashMap<String, String>) {
    match v {
        Json::Object(map) => {
            for (k, inner) in map.iter_mut() {
                if is_reference(k) {
                    if let Some(target) = inner.as_i64().filter(|t| *t != 0) {
                        let label = ordinal
                            .get(&target)
                            .cloned()
                            .unwrap_or_else(|| format!("no event {target}"));
                        *inner = Json::String(label);
                    }
                } else if k == "runId" || k.ends_with("RunId") {
                    if let Some(run) = inner.as_str() {
                        let next = format!("run#{}", runs.len() + 1);
                        *inner = Json::String(runs.entry(run.to_owned()).or_insert(next).clone());
                    }
                } else {
                    relabel(inner, ordinal, runs);
                }
            }
        }
        Json::Array(items) => items.iter_mut().for_each(|i| relabel(i, ordinal, runs)),
        _ => {}
    }
}

/// The members in which `a` (recorded) and `b` (written) differ, as dotted paths.
pub fn member_differences(a: &Json, b: &Json) -> Vec<MemberDifference> {
    let mut out = Vec::new();
    walk(Some(a), Some(b), String::new(), &mut out);
    out
}

fn walk(a: Option<&Json>, b: Option<&Json>, path: String, out: &mut Vec<MemberDifference>) {
    if let (Some(Json::Object(x)), Some(Json::Object(y))) = (a, b) {
        let mut keys: Vec<&String> = x.keys().chain(y.keys()).collect();
        keys.sort();
        keys.dedup();
        for k in keys {
            let p = if path.is_empty() {
                k.clone()
            } else {
                format!("{path}.{k}")
            };
            walk(x.get(k), y.get(k), p, out);
        }
        return;
    }
    if a != b {
        out.push(MemberDifference {
            path,
            recorded: a.cloned(),
            written: b.cloned(),
        });
    }
}

/// The recorded and written events aligned, with the members that differ where a recorded
/// event and a written one stand at the same place.
pub fn align(recorded: &[Json], written: &[Json]) -> Vec<Row> {
    use similar::{Algorithm, DiffOp, capture_diff_slices};
    let a = normalise(recorded);
    let b = normalise(written);
    let ka: Vec<String> = a.iter().map(Json::to_string).collect();
    let kb: Vec<String> = b.iter().map(Json::to_string).collect();
    let mut rows = Vec::new();
    for op in capture_diff_slices(Algorithm::Myers, &ka, &kb) {
        match op {
            DiffOp::Equal {
                old_index,
                new_index,
                len,
            } => {
                rows.extend((0..len).map(|i| Row::Same {
                    recorded: old_index + i,
                    written: new_index + i,
                }));
            }
            DiffOp::Delete {
                old_index, old_len, ..
            } => {
                rows.extend((old_index..old_index + old_len).map(|r| Row::Missing { recorded: r }));
            }
            DiffOp::Insert {
                new_index, new_len, ..
            } => {
                rows.extend((new_index..new_index + new_len).map(|w| Row::Extra { written: w }));
            }
            DiffOp::Replace {
                old_index,
                old_len,
                new_index,
                new_len,
            } => {
                let paired = old_len.min(new_len);
                for i in 0..paired {
                    let (r, w) = (old_index + i, new_index + i);
                    let members = member_differences(&a[r], &b[w]);
                    rows.push(Row::Changed {
                        recorded: r,
                        written: w,
                        members,
                    });
                }
                rows.extend(
                    (old_index + paired..old_index + old_len).map(|r| Row::Missing { recorded: r }),
                );
                rows.extend(
                    (new_index + paired..new_index + new_len).map(|w| Row::Extra { written: w }),
                );
            }
        }
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn history() -> Vec<Json> {
        vec![
            json!({"eventId": 1, "eventTimestamp": 1.0, "eventType": "WorkflowExecutionStarted",
                "workflowExecutionStartedEventAttributes": {"childPolicy": "TERMINATE"}}),
            json!({"eventId": 2, "eventTimestamp": 1.0, "eventType": "TimerStarted",
                "timerStartedEventAttributes": {"timerId": "t", "startToFireTimeout": "5", "decisionTaskCompletedEventId": 0}}),
            json!({"eventId": 3, "eventTimestamp": 6.0, "eventType": "TimerFired",
                "timerFiredEventAttributes": {"timerId": "t", "startedEventId": 2}}),
            json!({"eventId": 4, "eventTimestamp": 6.0, "eventType": "ChildWorkflowExecutionStarted",
                "childWorkflowExecutionStartedEventAttributes": {"initiatedEventId": 0,
                    "workflowExecution": {"workflowId": "c", "runId": "R1"}}}),
        ]
    }

    #[test]
    fn ids_timestamps_and_runs_do_not_count() {
        let a = history();
        let mut b = history();
        b[3]["childWorkflowExecutionStartedEventAttributes"]["workflowExecution"]["runId"] =
            json!("other");
        b[2]["eventTimestamp"] = json!(99.0);
        assert!(align(&a, &b).iter().all(|r| !r.differs()));
        let n = normalise(&a);
        assert_eq!(
            n[2]["timerFiredEventAttributes"]["startedEventId"],
            "TimerStarted#1"
        );
        assert_eq!(
            n[3]["childWorkflowExecutionStartedEventAttributes"]["workflowExecution"]["runId"],
            "run#1"
        );
        assert_eq!(
            n[1]["timerStartedEventAttributes"]["decisionTaskCompletedEventId"],
            0
        );
    }

    #[test]
    fn one_event_dropped_is_one_difference() {
        let a = history();
        let mut b = history();
        b.remove(2);
        for (i, e) in b.iter_mut().enumerate() {
            e["eventId"] = json!(i + 1);
        }
        let diffs: Vec<Row> = align(&a, &b).into_iter().filter(Row::differs).collect();
        assert_eq!(diffs, vec![Row::Missing { recorded: 2 }]);
    }

    #[test]
    fn a_changed_attribute_is_named() {
        let a = history();
        let mut b = history();
        b[2]["timerFiredEventAttributes"]["timerId"] = json!("u");
        let diffs: Vec<Row> = align(&a, &b).into_iter().filter(Row::differs).collect();
        let Row::Changed {
            recorded: 2,
            written: 2,
            members,
        } = &diffs[0]
        else {
            panic!("{diffs:?}");
        };
        assert_eq!(members[0].path, "timerFiredEventAttributes.timerId");
        assert_eq!(members[0].recorded, Some(json!("t")));
        assert_eq!(members[0].written, Some(json!("u")));
        let mut c = history();
        c[2]["eventType"] = json!("TimerCanceled");
        let diffs: Vec<Row> = align(&a, &c).into_iter().filter(Row::differs).collect();
        assert_eq!(diffs.len(), 1, "{diffs:?}");
    }

    #[test]
    fn extra_events_are_extra() {
        let a = history();
        let mut b = history();
        b.push(json!({"eventId": 5, "eventType": "TimerFired", "timerFiredEventAttributes": {"timerId": "x", "startedEventId": 2}}));
        let diffs: Vec<Row> = align(&a, &b).into_iter().filter(Row::differs).collect();
        assert_eq!(diffs, vec![Row::Extra { written: 4 }]);
    }
}
