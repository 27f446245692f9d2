//! Names as the model writes them: the event type, its one attributes member, the
//! members the shapes require, and (observe) the members they do not document.

use super::event::{Event, History};
use super::{Invariant, Violation};
use crate::model::{Shape, ShapeKind, event_attributes_key, swf};
use serde_json::{Map, Value as Json, json};

/// The model's HistoryEvent shape (GetWorkflowExecutionHistory → events → member).
pub fn history_event() -> Option<&'static Shape> {
    let op = swf().operation("GetWorkflowExecutionHistory")?;
    let events = op.output.as_ref()?.member("events")?;
    events.shape.member.as_deref()
}

/// The model's event types (HistoryEvent.eventType's enum).
pub fn event_types() -> &'static [String] {
    history_event()
        .and_then(|s| s.member("eventType"))
        .and_then(|m| m.shape.enum_values.as_deref())
        .unwrap_or(&[])
}

/// The attributes shape of `event_type`, if the model has that type.
pub fn attributes_shape(event_type: &str) -> Option<&'static Shape> {
    if !event_types().iter().any(|t| t == event_type) {
        return None;
    }
    let key = event_attributes_key(event_type);
    history_event()?.member(&key).map(|m| &m.shape)
}

/// Holds every event to the model's names.
pub fn check(h: &History<'_>, out: &mut Vec<Violation>) {
    let Some(shape) = history_event() else { return };
    for e in &h.events {
        let Some(members) = e.raw.as_object() else {
            let v = Violation::at(
                Invariant::RequiredMember,
                e,
                json!("an object"),
                e.raw.clone(),
            );
            out.push(v);
            continue;
        };
        top_level(e, members, shape, out);
        let Some(t) = e.ty else { continue };
        let Some(attrs) = attributes_shape(t) else {
            out.push(unknown_type(e, t));
            continue;
        };
        let key = event_attributes_key(t);
        match members.get(&key) {
            Some(Json::Object(a)) => structure(e, &key, a, attrs, out),
            other => out.push(
                Violation::at(
                    Invariant::AttributesMember,
                    e,
                    json!(key),
                    json!({"member": key, "value": other}),
                )
                .member(key.clone()),
            ),
        }
    }
}

/// eventId and eventType present with the right JSON type; the attributes members of
/// other types absent; members HistoryEvent does not have noted.
fn top_level(e: &Event<'_>, members: &Map<String, Json>, shape: &Shape, out: &mut Vec<Violation>) {
    for (name, ok, want) in [
        ("eventId", e.id.is_some(), "an integer"),
        ("eventType", e.ty.is_some(), "a string"),
    ] {
        if !ok {
            let actual = members.get(name).cloned().unwrap_or(Json::Null);
            out.push(
                Violation::at(Invariant::RequiredMember, e, json!(want), actual)
                    .member(name.into()),
            );
        }
    }
    let own = e.ty.map(event_attributes_key);
    let type_known = e.ty.is_some_and(|t| attributes_shape(t).is_some());
    for name in members.keys() {
        let is_attributes = name.ends_with("EventAttributes");
        if shape.member(name).is_none() {
            // An unknown type's attributes member is part of that one fault.
            if !is_attributes || type_known {
                out.push(undocumented(e, name.clone()));
            }
        } else if is_attributes && own.as_deref() != Some(name.as_str()) && type_known {
            out.push(
                Violation::at(
                    Invariant::AttributesMember,
                    e,
                    Json::Null,
                    json!({"member": name}),
                )
                .member(name.clone()),
            );
        }
    }
}

/// The members of `value` against the structure `shape`, recursively.
fn structure(
    e: &Event<'_>,
    path: &str,
    value: &Map<String, Json>,
    shape: &Shape,
    out: &mut Vec<Violation>,
) {
    for m in &shape.members {
        let here = format!("{path}.{}", m.name);
        match value.get(&m.name) {
            None if m.required => out.push(
                Violation::at(
                    Invariant::RequiredMember,
                    e,
                    json!(format!("a {}", m.shape.name)),
                    Json::Null,
                )
                .member(here),
            ),
            Some(v) => nested(e, &here, v, &m.shape, out),
            None => {}
        }
    }
    for name in value.keys() {
        if shape.member(name).is_none() {
            out.push(undocumented(e, format!("{path}.{name}")));
        }
    }
}

/// Descends into structures and lists of structures.
fn nested(e: &Event<'_>, path: &str, v: &Json, shape: &Shape, out: &mut Vec<Violation>) {
    match (shape.kind, v) {
        (ShapeKind::Structure, Json::Object(inner)) => structure(e, path, inner, shape, out),
        (ShapeKind::List, Json::Array(items)) => {
            if let Some(item) = shape.member.as_deref() {
                for (i, x) in items.iter().enumerate() {
                    nested(e, &format!("{path}[{i}]"), x, item, out);
                }
            }
        }
        _ => {}
    }
}

fn undocumented(e: &Event<'_>, path: String) -> Violation {
    Violation::at(
        Invariant::UndocumentedMember,
        e,
        Json::Null,
        json!({"member": path}),
    )
    .member(path)
}

/// An event type the model does not have, with the closest one it does.
fn unknown_type(e: &Event<'_>, t: &str) -> Violation {
    let closest = event_types()
        .iter()
        .min_by_key(|known| distance(known, t))
        .cloned();
    Violation::at(
        Invariant::EventType,
        e,
        json!({"oneOf": "the model's event types", "closest": closest}),
        json!(t),
    )
    .member("eventType".into())
}

/// Levenshtein distance between `a` and `b` (in chars).
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diag = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let next = (row[j + 1] + 1)
                .min(row[j] + 1)
                .min(diag + usize::from(ca != *cb));
            diag = row[j + 1];
            row[j + 1] = next;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_model_has_54_event_types_each_with_its_attributes_shape() {
        assert_eq!(event_types().len(), 54);
        for t in event_types() {
            assert!(attributes_shape(t).is_some(), "{t}");
        }
        assert!(attributes_shape("TimerCancelled").is_none());
    }

    #[test]
    fn distance_counts_edits() {
        assert_eq!(distance("TimerCancelled", "TimerCanceled"), 1);
        assert_eq!(distance("", "abc"), 3);
        assert_eq!(distance("same", "same"), 0);
    }
}
