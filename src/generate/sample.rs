//! Valid request values for any shape of the model.

use crate::model::{Shape, ShapeKind};
use serde_json::{Map, Value as Json, json};

/// How many members a sample carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fill {
    /// Only the required members.
    Required,
    /// Every member, down the whole tree.
    Every,
}

/// A value that satisfies every constraint of `shape`: strings of digits of the minimum
/// length (at least 1), the first enum value, the smallest allowed number.
pub fn valid_value(shape: &Shape, fill: Fill) -> Json {
    match shape.kind {
        ShapeKind::String => match &shape.enum_values {
            Some(values) if !values.is_empty() => Json::String(values[0].clone()),
            _ => {
                let len = shape
                    .min
                    .unwrap_or(0)
                    .max(1)
                    .min(shape.max.unwrap_or(i64::MAX));
                // Digits: a name, and a number of seconds or days (`model::value_rules`) alike.
                Json::String("1".repeat(len as usize))
            }
        },
        ShapeKind::Blob => Json::String("AA==".into()),
        ShapeKind::Integer | ShapeKind::Long => {
            let lo = shape.min.unwrap_or(1).max(1);
            json!(lo.min(shape.max.unwrap_or(i64::MAX)))
        }
        ShapeKind::Double | ShapeKind::Float => json!(1.5),
        ShapeKind::Timestamp => json!(1_700_000_000),
        ShapeKind::Boolean => json!(true),
        ShapeKind::List => {
            let n = match fill {
                Fill::Every => 1,
                Fill::Required => 0,
            }
            .max(shape.min.unwrap_or(0));
            let elem = shape.member.as_deref();
            Json::Array(
                (0..n)
                    .filter_map(|_| elem.map(|e| valid_value(e, fill)))
                    .collect(),
            )
        }
        ShapeKind::Map => Json::Object(Map::new()),
        ShapeKind::Structure => Json::Object(
            shape
                .members
                .iter()
                .filter(|m| m.required || fill == Fill::Every)
                .map(|m| (m.name.clone(), valid_value(&m.shape, fill)))
                .collect(),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::swf;
    use crate::wire::parse_body;

    #[test]
    fn samples_of_every_operation_are_valid() {
        for op in &swf().operations {
            for fill in [Fill::Required, Fill::Every] {
                let mut sample = valid_value(&op.input, fill);
                let rule = crate::model::rules::violation(&op.name, &sample);
                let outcome = parse_body(op, &serde_json::to_vec(&sample).unwrap());
                // The shapes cannot say which filters exclude each other: the rules can.
                match rule {
                    None => assert!(outcome.is_ok(), "{} {fill:?}: {outcome:?}", op.name),
                    Some(rule) => assert!(outcome.unwrap_err().message.ends_with(&rule)),
                }
                crate::model::rules::cohere(&op.name, &mut sample, None);
                let outcome = parse_body(op, &serde_json::to_vec(&sample).unwrap());
                assert!(outcome.is_ok(), "{} {fill:?}: {outcome:?}", op.name);
            }
        }
    }
}
