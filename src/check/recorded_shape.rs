//! Answer shapes: what a recorded answer looked like (its members and their JSON
//! types), checked against a new answer. Written by `swfcheck record` and
//! `swfcheck import` as `answer_shape` on steps and checks.
//!
//! A shape is JSON: an object lists the members that must be present (more are
//! allowed: SWF-WIRE.md §7, answers carry undocumented members), an array must
//! have the same length with each element of its element's shape, and a leaf is a
//! type name: `"string"`, `"number"`, `"boolean"`, `"null"`, or a placeholder for a
//! value that changes from run to run (`"[timestamp]"` is a number, any other
//! `"[...]"` such as `"[runId]"` or `"[taskToken]"` a string), as snapshots write them.

use crate::model::{Shape, ShapeKind};
use serde_json::{Map, Value as Json};

/// The shape of `answer`, an answer of an operation whose output shape is `output`:
/// members the model does not declare are left out (an endpoint need not copy them).
pub fn of_answer(output: Option<&Shape>, answer: &Json) -> Json {
    shape_of(output, "", answer)
}

fn shape_of(shape: Option<&Shape>, name: &str, value: &Json) -> Json {
    match value {
        Json::Object(members) => {
            let mut out = Map::new();
            for (k, v) in members {
                let member = match shape {
                    Some(s) => match s.member(k) {
                        Some(m) => Some(&m.shape),
                        None => continue,
                    },
                    None => None,
                };
                out.insert(k.clone(), shape_of(member, k, v));
            }
            Json::Object(out)
        }
        Json::Array(items) => {
            let elem = shape.and_then(|s| s.member.as_deref());
            Json::Array(items.iter().map(|i| shape_of(elem, name, i)).collect())
        }
        Json::Number(_) if shape.is_some_and(|s| s.kind == ShapeKind::Timestamp) => {
            Json::from("[timestamp]")
        }
        Json::String(_) => match placeholder(name) {
            Some(p) => Json::from(p),
            None => Json::from("string"),
        },
        Json::Number(_) => Json::from("number"),
        Json::Bool(_) => Json::from("boolean"),
        Json::Null => Json::from("null"),
    }
}

/// The placeholder of a string member whose value changes from run to run.
fn placeholder(name: &str) -> Option<&'static str> {
    match name {
        "taskToken" => Some("[taskToken]"),
        "nextPageToken" => Some("[pageToken]"),
        "runId" => Some("[runId]"),
        n if n.ends_with("RunId") => Some("[runId]"),
        _ => None,
    }
}

/// Where `actual` departs from `shape` (empty when it has it), one line per departure.
pub fn mismatches(shape: &Json, actual: &Json) -> Vec<String> {
    let mut out = Vec::new();
    compare(shape, actual, "", &mut out);
    out
}

fn kind_of(v: &Json) -> &'static str {
    match v {
        Json::Object(_) => "an object",
        Json::Array(_) => "an array",
        Json::String(_) => "a string",
        Json::Number(_) => "a number",
        Json::Bool(_) => "a boolean",
        Json::Null => "null",
    }
}

fn compare(shape: &Json, actual: &Json, path: &str, out: &mut Vec<String>) {
    let at = if path.is_empty() { "the answer" } else { path };
    if out.len() >= 20 {
        return;
    }
    match shape {
        Json::Object(members) => {
            let Some(got) = actual.as_object() else {
                out.push(format!("{at}: expected an object, got {}", kind_of(actual)));
                return;
            };
            for (k, s) in members {
                let p = if path.is_empty() {
                    k.clone()
                } else {
                    format!("{path}.{k}")
                };
                match got.get(k) {
                    Some(v) => compare(s, v, &p, out),
                    None => out.push(format!("{p}: missing")),
                }
            }
        }
        Json::Array(items) => {
            let Some(got) = actual.as_array() else {
                out.push(format!("{at}: expected an array, got {}", kind_of(actual)));
                return;
            };
            if got.len() != items.len() {
                out.push(format!(
                    "{at}: expected {} element(s), got {}",
                    items.len(),
                    got.len()
                ));
                return;
            }
            for (i, (s, v)) in items.iter().zip(got).enumerate() {
                compare(s, v, &format!("{path}.{i}"), out);
            }
        }
        Json::String(leaf) => {
            let want = match leaf.as_str() {
                "number" | "[timestamp]" => "a number",
                "boolean" => "a boolean",
                "null" => "null",
                _ => "a string",
            };
            let got = kind_of(actual);
            if got != want {
                out.push(format!("{at}: expected {want}, got {got}"));
            }
        }
        other => out.push(format!("{at}: the shape holds {other}, not a type name")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::swf;
    use serde_json::json;

    #[test]
    fn recorded_answers_become_shapes_without_undocumented_members() {
        let op = swf().operation("DescribeWorkflowExecution").unwrap();
        let answer = json!({"executionInfo": {"execution": {"workflowId": "w", "runId": "r"},
            "startTimestamp": 1.497371587073E9, "reopenable": true, "tagList": [null, "t"],
            "cancelRequested": false}, "openCounts": {"openTimers": 0}});
        let shape = of_answer(op.output.as_ref(), &answer);
        assert_eq!(
            shape,
            json!({"executionInfo": {"execution": {"workflowId": "string", "runId": "[runId]"},
                "startTimestamp": "[timestamp]", "tagList": ["null", "string"],
                "cancelRequested": "boolean"}, "openCounts": {"openTimers": "number"}})
        );
        assert!(mismatches(&shape, &answer).is_empty());
    }

    #[test]
    fn departures_are_named_by_path() {
        let shape = json!({"events": [{"eventId": "number"}, {"eventId": "number"}],
            "taskToken": "[taskToken]", "started": "[timestamp]"});
        let actual = json!({"events": [{"eventId": "1"}, {}], "started": 1, "extra": true});
        assert_eq!(
            mismatches(&shape, &actual),
            [
                "events.0.eventId: expected a number, got a string",
                "events.1.eventId: missing",
                "taskToken: missing"
            ]
        );
        let short = json!({"events": [], "taskToken": "t", "started": 2});
        assert_eq!(
            mismatches(&shape, &short),
            ["events: expected 2 element(s), got 0"]
        );
        assert_eq!(
            mismatches(&json!({"a": "string"}), &json!([])),
            ["the answer: expected an object, got an array"]
        );
    }
}
