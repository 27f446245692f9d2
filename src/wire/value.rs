//! The decoded input of a request: a value tree typed by the model.
//!
//! A [`Value`] only ever holds what its shape allows (a string where the model
//! says string, ...); unknown members are dropped while decoding. Structures
//! keep one slot per model member, in the model's order, so the shape is
//! needed to name them ([`Value::to_json`]).

use crate::model::{Shape, ShapeKind};
use serde_json::{Map, Number, Value as Json};
use std::fmt::Write;

/// A decoded member value. `None` slots stand for absent or `null` members.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// A string (also blobs, kept as their base64 text).
    String(String),
    /// An `integer` or `long`.
    Integer(i64),
    /// A `double`, `float` or `timestamp`, exactly as parsed.
    Number(Number),
    /// A boolean.
    Boolean(bool),
    /// A list; `None` elements were JSON `null`.
    List(Vec<Option<Value>>),
    /// A map in body order; `None` values were JSON `null`.
    Map(Vec<(String, Option<Value>)>),
    /// A structure: one slot per member of its shape, in the model's order.
    Structure(Vec<Option<Value>>),
}

impl Value {
    /// The string, if this is one.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    /// The JSON form of this value under `shape`: what a client would send.
    pub fn to_json(&self, shape: &Shape) -> Json {
        match self {
            Value::String(s) => Json::String(s.clone()),
            Value::Integer(i) => Json::Number((*i).into()),
            Value::Number(n) => Json::Number(n.clone()),
            Value::Boolean(b) => Json::Bool(*b),
            Value::List(items) => Json::Array(
                items
                    .iter()
                    .map(|item| match (item, shape.member.as_deref()) {
                        (Some(v), Some(elem)) => v.to_json(elem),
                        _ => Json::Null,
                    })
                    .collect(),
            ),
            Value::Map(entries) => Json::Object(
                entries
                    .iter()
                    .map(|(k, v)| {
                        let json = match (v, shape.value.as_deref()) {
                            (Some(v), Some(vs)) => v.to_json(vs),
                            _ => Json::Null,
                        };
                        (k.clone(), json)
                    })
                    .collect(),
            ),
            Value::Structure(slots) => {
                let mut map = Map::new();
                for (member, slot) in shape.members.iter().zip(slots) {
                    if let Some(v) = slot {
                        map.insert(member.name.clone(), v.to_json(&member.shape));
                    }
                }
                Json::Object(map)
            }
        }
    }

    /// The value as the service quotes it in a validation message
    /// (`Value '<this>' at ...`): strings raw, lists as `[a, b]`.
    pub fn render(&self, shape: &Shape) -> String {
        let mut out = String::new();
        self.render_into(shape, &mut out);
        out
    }

    fn render_into(&self, shape: &Shape, out: &mut String) {
        match self {
            Value::String(s) => out.push_str(s),
            Value::Integer(i) => {
                let _ = write!(out, "{i}");
            }
            Value::Number(n) => {
                let _ = write!(out, "{n}");
            }
            Value::Boolean(b) => {
                let _ = write!(out, "{b}");
            }
            Value::List(items) => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    render_slot(item, shape.member.as_deref(), out);
                }
                out.push(']');
            }
            Value::Map(entries) => {
                out.push('{');
                for (i, (k, v)) in entries.iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    out.push_str(k);
                    out.push('=');
                    render_slot(v, shape.value.as_deref(), out);
                }
                out.push('}');
            }
            Value::Structure(slots) => {
                out.push('{');
                let present = shape
                    .members
                    .iter()
                    .zip(slots)
                    .filter_map(|(m, s)| s.as_ref().map(|v| (m, v)));
                for (i, (member, v)) in present.enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    let _ = write!(out, "{}=", member.name);
                    v.render_into(&member.shape, out);
                }
                out.push('}');
            }
        }
    }
}

fn render_slot(slot: &Option<Value>, shape: Option<&Shape>, out: &mut String) {
    match (slot, shape) {
        (Some(v), Some(s)) => v.render_into(s, out),
        _ => out.push_str("null"),
    }
}

/// Whether `kind` decodes to [`Value::Number`] (as opposed to an integer).
pub(crate) fn is_real(kind: ShapeKind) -> bool {
    matches!(
        kind,
        ShapeKind::Double | ShapeKind::Float | ShapeKind::Timestamp
    )
}
