//! Response conformance: a 2xx JSON answer held against its operation's output shape
//! from the model (required members, JSON types with timestamps as numbers, enum
//! values, string lengths, list sizes, nested structures and maps), and every
//! history event against its event type (exactly the one attributes member its
//! `eventType` names). Members the model does not document are listed apart: the
//! real service sends some (SWF-WIRE.md §7), so they are noted, never failed.

use super::Observed;
use crate::model::{Shape, ShapeKind, event_attributes_key, swf};
use serde_json::Value as Json;

/// What holding a 2xx answer of `a`'s operation against its output shape found. A 2xx
/// answer of an operation with an output must be a JSON object; a non-2xx answer, or an
/// operation without output, has nothing to hold. A poll's empty result is held to its
/// documented form ([`empty_poll`]).
pub fn held(a: &Observed<'_>) -> Findings {
    let (operation, status, body) = (a.operation, a.received.status, a.body);
    let shape = swf().operation(operation).and_then(|o| o.output.as_ref());
    match shape {
        Some(shape) if (200..300).contains(&status) && body.is_object() => {
            hold_answer(shape, body, empty_poll(operation, body))
        }
        // An operation with an output answers a JSON object (its required members in it).
        Some(_) if (200..300).contains(&status) => Findings {
            violations: vec![match body {
                Json::Null => "the body is empty or not JSON where the model has an object".into(),
                other => format!("the body is {} where the model has an object", got(other)),
            }],
            ..Findings::default()
        },
        _ => Findings::default(),
    }
}

/// Whether `body` is a poll's empty result. PollForDecisionTask's and PollForActivityTask's
/// documentation: "An empty result, in this context, means that a DecisionTask [an
/// ActivityTask] is returned, but that the value of taskToken is an empty string"; the live
/// service omits the member instead (recordings, AWS's Flow Framework: docs/practice.md §1).
/// Either is an empty result when no task is in it; the model's required members and
/// taskToken's minimum length then do not apply.
pub fn empty_poll(operation: &str, body: &Json) -> bool {
    let task_members: &[&str] = match operation {
        "PollForDecisionTask" => &["workflowExecution", "workflowType", "events"],
        "PollForActivityTask" => &["activityId", "activityType", "workflowExecution"],
        _ => return false,
    };
    match body.get("taskToken") {
        Some(token) => token.as_str() == Some(""),
        None => body.is_object() && task_members.iter().all(|m| body.get(*m).is_none()),
    }
}

/// What holding an answer against a shape found, by member path.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Findings {
    /// Departures from the shape's structure and JSON types: `path: what`.
    pub violations: Vec<String>,
    /// Departures from its constraint traits (lengths, ranges, enum values): `path: what`.
    pub constraints: Vec<String>,
    /// Members the model does not document: `path`.
    pub undocumented: Vec<String>,
}

/// Holds `value` against `shape`.
pub fn hold(shape: &Shape, value: &Json) -> Findings {
    let mut f = Findings::default();
    walk(shape, value, "", &mut f);
    f
}

/// Holds an answer; a poll's empty result (`empty`) is held to its documented form:
/// `taskToken` present and empty, what else it carries typed as the model says.
fn hold_answer(shape: &Shape, body: &Json, empty: bool) -> Findings {
    let mut f = hold(shape, body);
    if empty {
        f.violations
            .retain(|v| !v.ends_with(ABSENT) || v.contains('.'));
        f.constraints.retain(|c| !c.starts_with("taskToken: "));
    }
    f
}

/// How an absent required member is told.
const ABSENT: &str = ": absent where the model requires it";

fn join(path: &str, member: &str) -> String {
    if path.is_empty() {
        member.to_owned()
    } else {
        format!("{path}.{member}")
    }
}

/// What the model wants at a shape, in words.
fn wanted(shape: &Shape) -> &'static str {
    match shape.kind {
        ShapeKind::String | ShapeKind::Blob => "a string",
        ShapeKind::Integer | ShapeKind::Long => "an integer",
        ShapeKind::Double | ShapeKind::Float => "a number",
        ShapeKind::Timestamp => "a timestamp (a number of epoch seconds)",
        ShapeKind::Boolean => "a boolean",
        ShapeKind::List => "an array",
        ShapeKind::Map | ShapeKind::Structure => "an object",
    }
}

fn got(value: &Json) -> String {
    let text = value.to_string();
    match text.char_indices().nth(40) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text,
    }
}

fn walk(shape: &Shape, value: &Json, path: &str, f: &mut Findings) {
    let type_ok = match shape.kind {
        ShapeKind::String | ShapeKind::Blob => value.is_string(),
        ShapeKind::Integer | ShapeKind::Long => value.is_i64() || value.is_u64(),
        ShapeKind::Double | ShapeKind::Float | ShapeKind::Timestamp => value.is_number(),
        ShapeKind::Boolean => value.is_boolean(),
        ShapeKind::List => value.is_array(),
        ShapeKind::Map | ShapeKind::Structure => value.is_object(),
    };
    if !type_ok {
        f.violations.push(format!(
            "{path}: {} where the model has {}",
            got(value),
            wanted(shape)
        ));
        return;
    }
    match value {
        Json::String(s) => {
            if let Some(allowed) = &shape.enum_values {
                if !allowed.iter().any(|a| a == s) {
                    f.constraints.push(format!(
                        "{path}: {s:?} is not one of the model's values [{}]",
                        allowed.join(", ")
                    ));
                }
            }
            length(shape, s.chars().count(), path, "characters", f);
        }
        Json::Number(n) => {
            if let Some(v) = n.as_f64() {
                if shape.min.is_some_and(|m| v < m as f64)
                    || shape.max.is_some_and(|m| v > m as f64)
                {
                    f.constraints
                        .push(format!("{path}: {n} is outside the model's range"));
                }
            }
        }
        Json::Array(items) => walk_list(shape, items, path, f),
        Json::Object(members) if shape.kind == ShapeKind::Map => {
            length(shape, members.len(), path, "entries", f);
            if let Some(vs) = shape.value.as_deref() {
                for (k, v) in members {
                    walk(vs, v, &join(path, k), f);
                }
            }
        }
        Json::Object(members) => walk_structure(shape, members, path, f),
        _ => {}
    }
}

/// A list: its size, then each element (SWF-WIRE.md §7: the real service shows a null
/// list element back, so a null one is let be).
fn walk_list(shape: &Shape, items: &[Json], path: &str, f: &mut Findings) {
    length(shape, items.len(), path, "elements", f);
    if let Some(elem) = shape.member.as_deref() {
        for (i, item) in items.iter().enumerate() {
            if !item.is_null() {
                walk(elem, item, &format!("{path}[{i}]"), f);
            }
        }
    }
}

/// A structure: its required members, each member it holds, and for a history event
/// the one attributes member its type names.
fn walk_structure(
    shape: &Shape,
    members: &serde_json::Map<String, Json>,
    path: &str,
    f: &mut Findings,
) {
    for m in &shape.members {
        let absent = members.get(&m.name).is_none_or(Json::is_null);
        if m.required && absent {
            f.violations
                .push(format!("{}{ABSENT}", join(path, &m.name)));
        }
    }
    for (k, v) in members {
        match shape.member(k) {
            Some(_) if v.is_null() => {}
            Some(m) => walk(&m.shape, v, &join(path, k), f),
            None => f.undocumented.push(join(path, k)),
        }
    }
    if shape.name == "HistoryEvent" {
        event_attributes(members, path, f);
    }
}

fn length(shape: &Shape, len: usize, path: &str, unit: &str, f: &mut Findings) {
    let len = len as i64;
    if shape.min.is_some_and(|m| len < m) || shape.max.is_some_and(|m| len > m) {
        let (lo, hi) = (
            shape.min.unwrap_or(0),
            shape.max.map_or("∞".into(), |m| m.to_string()),
        );
        f.constraints.push(format!(
            "{path}: {len} {unit} where the model allows {lo}..{hi}"
        ));
    }
}

/// A history event carries exactly the attributes member its type names.
fn event_attributes(members: &serde_json::Map<String, Json>, path: &str, f: &mut Findings) {
    let Some(kind) = members.get("eventType").and_then(Json::as_str) else {
        return;
    };
    let want = event_attributes_key(kind);
    let present: Vec<&String> = members
        .keys()
        .filter(|k| k.ends_with("EventAttributes"))
        .collect();
    if present != [&want] {
        f.violations.push(format!(
            "{path}: a {kind} event carries {present:?} where the model names exactly {want:?}"
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::swf;
    use serde_json::json;

    fn output(op: &str) -> &'static Shape {
        swf().operation(op).and_then(|o| o.output.as_ref()).unwrap()
    }

    #[test]
    fn a_conforming_answer_has_no_findings() {
        let body = json!({"executionInfo": {"execution": {"workflowId": "w", "runId": "r"},
            "workflowType": {"name": "n", "version": "1"}, "startTimestamp": 1.5e9, "executionStatus": "OPEN",
            "cancelRequested": false},
            "executionConfiguration": {"taskStartToCloseTimeout": "10", "executionStartToCloseTimeout": "10",
            "taskList": {"name": "l"}, "childPolicy": "TERMINATE"},
            "openCounts": {"openActivityTasks": 0, "openDecisionTasks": 1, "openTimers": 0, "openChildWorkflowExecutions": 0}});
        assert_eq!(
            hold(output("DescribeWorkflowExecution"), &body),
            Findings::default()
        );
    }

    #[test]
    fn each_departure_is_named_by_its_path() {
        let body = json!({"executionInfo": {"execution": {"workflowId": "w", "runId": "r"},
            "workflowType": {"name": "n", "version": "1"}, "startTimestamp": "2026-01-01", "executionStatus": "RUNNING",
            "cancelRequested": false, "reopenable": true},
            "executionConfiguration": {"taskStartToCloseTimeout": "10", "executionStartToCloseTimeout": "10",
            "taskList": {"name": ""}, "childPolicy": "TERMINATE"}});
        let f = hold(output("DescribeWorkflowExecution"), &body);
        assert_eq!(
            f.violations,
            [
                "openCounts: absent where the model requires it",
                "executionInfo.startTimestamp: \"2026-01-01\" where the model has a timestamp (a number of epoch seconds)",
            ]
        );
        assert_eq!(
            f.constraints,
            [
                "executionConfiguration.taskList.name: 0 characters where the model allows 1..256",
                "executionInfo.executionStatus: \"RUNNING\" is not one of the model's values [OPEN, CLOSED]",
            ]
        );
        assert_eq!(f.undocumented, ["executionInfo.reopenable"]);
    }

    #[test]
    fn history_events_carry_their_own_attributes_only() {
        let ok = json!({"eventId": 1, "eventType": "WorkflowExecutionSignaled", "eventTimestamp": 1.0,
            "workflowExecutionSignaledEventAttributes": {"signalName": "s"}});
        let two = json!({"eventId": 2, "eventType": "WorkflowExecutionSignaled", "eventTimestamp": 1.0,
            "workflowExecutionSignaledEventAttributes": {"signalName": "s"}, "markerRecordedEventAttributes": {"markerName": "m", "decisionTaskCompletedEventId": 1}});
        let unknown =
            json!({"eventId": 3, "eventType": "SomethingHappened", "eventTimestamp": 1.0});
        let f = hold(
            output("GetWorkflowExecutionHistory"),
            &json!({"events": [ok, two, unknown, null]}),
        );
        assert_eq!(f.violations.len(), 2, "{:?}", f.violations);
        assert!(
            f.violations[0].starts_with("events[1]: a WorkflowExecutionSignaled event carries")
        );
        // An unknown event type fails the shape (no attributes member is right for it),
        // beside the enum constraint.
        assert!(f.violations[1].starts_with("events[2]: a SomethingHappened event carries []"));
        assert!(
            f.constraints[0]
                .starts_with("events[2].eventType: \"SomethingHappened\" is not one of")
        );
        assert!(
            f.undocumented.is_empty(),
            "a null element is seen on the real service"
        );
    }

    /// The shape violations and the constraint departures of `body` as a 2xx answer of
    /// `op`: (what, held, what was found) as the two checks would say.
    fn held(op: &str, body: &Json) -> Vec<(String, bool, String)> {
        let received = crate::check::fixtures::received(std::time::Duration::ZERO);
        let after = crate::check::After::default();
        let a = Observed {
            operation: op,
            received: &received,
            body,
            fault: None,
            after: &after,
            request: &Json::Null,
            window: None,
        };
        let f = super::held(&a);
        let empty = if super::empty_poll(op, body) {
            " an empty result"
        } else {
            ""
        };
        [("shape", f.violations), ("constraints", f.constraints)]
            .into_iter()
            .map(|(what, found)| (format!("{what}{empty}"), found.is_empty(), found.join("; ")))
            .collect()
    }

    #[test]
    fn an_empty_poll_is_held_to_its_documented_form() {
        for op in ["PollForDecisionTask", "PollForActivityTask"] {
            let empty = held(op, &json!({"taskToken": "", "startedEventId": 0}));
            assert!(empty.iter().all(|(_, ok, _)| *ok), "{op}: {empty:?}");
            assert!(empty[0].0.contains("an empty result"), "{empty:?}");
            // What an empty result carries is still typed as the model says.
            let typed = held(op, &json!({"taskToken": "", "startedEventId": "0"}));
            assert!(
                !typed[0].1 && typed[0].2.starts_with("startedEventId: "),
                "{typed:?}"
            );
            // The live service's empty result omits the token (docs/practice.md §1).
            let recorded = held(op, &json!({"startedEventId": 0}));
            assert!(recorded.iter().all(|(_, ok, _)| *ok), "{op}: {recorded:?}");
            // A task without its token is no empty result: the required members are due.
            let task = held(
                op,
                &json!({"startedEventId": 3, "workflowExecution": {"workflowId": "w", "runId": "r"}}),
            );
            assert!(
                !task[0].1 && task[0].2.contains("taskToken: absent"),
                "{task:?}"
            );
        }
        // A 2xx of an operation with an output is an object: an empty body is not one.
        let none = held("DescribeDomain", &Json::Null);
        assert!(
            !none[0].1 && none[0].2.contains("empty or not JSON"),
            "{none:?}"
        );
        let array = held("ListDomains", &json!([]));
        assert!(
            !array[0].1 && array[0].2.starts_with("the body is []"),
            "{array:?}"
        );
        let short = held(
            "DescribeDomain",
            &json!({"domainInfo": {"name": "", "status": "REGISTERED"},
            "configuration": {"workflowExecutionRetentionPeriodInDays": "1"}}),
        );
        assert!(short[0].1, "{short:?}");
        assert!(
            !short[1].1 && short[1].2.starts_with("domainInfo.name: 0 characters"),
            "{short:?}"
        );
    }
}
