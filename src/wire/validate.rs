//! Constraint checks: every violation of the model's constraints, in a stable
//! order (members in the model's order, depth first; list elements by index).
//!
//! Message forms follow SWF-WIRE.md §3:
//! `Value null at 'workflowId' failed to satisfy constraint: Member must not be null`,
//! `Value '<v>' at 'runId' failed to satisfy constraint: Member must have length less than or equal to 64`,
//! joined with `; ` after `N validation error(s) detected: `.

use super::fault::{Fault, FaultKind};
use super::path::Path;
use super::value::Value;
use crate::model::Shape;
use std::cmp::Ordering;

/// Checks `value` (decoded under `shape`) and returns one message per violation.
pub fn violations(shape: &Shape, value: &Value) -> Vec<String> {
    let mut out = Vec::new();
    check(shape, value, &Path::Root, &mut out);
    out
}

/// The ValidationException that lists `violations`, or `None` when there are none.
pub fn validation_fault(violations: &[String]) -> Option<Fault> {
    let message = match violations.len() {
        0 => return None,
        1 => format!("1 validation error detected: {}", violations[0]),
        n => format!("{n} validation errors detected: {}", violations.join("; ")),
    };
    Some(Fault::new(FaultKind::Validation, message))
}

fn null_violation(path: &Path<'_>, out: &mut Vec<String>) {
    out.push(format!(
        "Value null at '{path}' failed to satisfy constraint: Member must not be null"
    ));
}

fn violation(shape: &Shape, value: &Value, path: &Path<'_>, rule: &str, out: &mut Vec<String>) {
    out.push(format!(
        "Value '{}' at '{path}' failed to satisfy constraint: {rule}",
        value.render(shape)
    ));
}

fn check(shape: &Shape, value: &Value, path: &Path<'_>, out: &mut Vec<String>) {
    match value {
        Value::String(s) => {
            // Lengths count Unicode scalar values: the model's min/max are Smithy's length
            // trait, which measures a string in "Unicode scalar values" (Smithy 2.0).
            // A string of n bytes has between ceil(n/4) and n code points: count them
            // only when the byte length alone cannot settle the bounds.
            let bytes = s.len() as i64;
            let settled = shape.max.is_none_or(|max| bytes <= max)
                && shape.min.is_none_or(|min| (bytes + 3) / 4 >= min);
            if !settled {
                check_length(shape, value, s.chars().count(), path, out);
            }
            if let Some(allowed) = &shape.enum_values {
                if !allowed.iter().any(|a| a == s) {
                    let rule = format!(
                        "Member must satisfy enum value set: [{}]",
                        allowed.join(", ")
                    );
                    violation(shape, value, path, &rule, out);
                }
            }
        }
        Value::Integer(i) => check_range(shape, value, |bound| i.cmp(&bound), path, out),
        Value::Number(n) => {
            if let Some(f) = n.as_f64() {
                let cmp = |bound: i64| f.partial_cmp(&(bound as f64)).unwrap_or(Ordering::Equal);
                check_range(shape, value, cmp, path, out);
            }
        }
        Value::Boolean(_) => {}
        Value::List(items) => {
            check_length(shape, value, items.len(), path, out);
            if let Some(elem) = shape.member.as_deref() {
                for (i, item) in items.iter().enumerate() {
                    let p = path.element(i);
                    match item {
                        Some(v) => check(elem, v, &p, out),
                        None => null_violation(&p, out),
                    }
                }
            }
        }
        Value::Map(entries) => {
            check_length(shape, value, entries.len(), path, out);
            if let Some(vs) = shape.value.as_deref() {
                for (k, v) in entries {
                    let p = path.member(k);
                    match v {
                        Some(v) => check(vs, v, &p, out),
                        None => null_violation(&p, out),
                    }
                }
            }
        }
        Value::Structure(slots) => {
            for (member, slot) in shape.members.iter().zip(slots) {
                let p = path.member(&member.name);
                match slot {
                    Some(v) => check(&member.shape, v, &p, out),
                    None if member.required => null_violation(&p, out),
                    None => {}
                }
            }
        }
    }
}

fn check_length(shape: &Shape, value: &Value, len: usize, path: &Path<'_>, out: &mut Vec<String>) {
    let len = len as i64;
    if let Some(min) = shape.min.filter(|&m| len < m) {
        let rule = format!("Member must have length greater than or equal to {min}");
        violation(shape, value, path, &rule, out);
    }
    if let Some(max) = shape.max.filter(|&m| len > m) {
        let rule = format!("Member must have length less than or equal to {max}");
        violation(shape, value, path, &rule, out);
    }
}

/// `cmp(bound)` orders the value against a bound of the model.
fn check_range(
    shape: &Shape,
    value: &Value,
    cmp: impl Fn(i64) -> Ordering,
    path: &Path<'_>,
    out: &mut Vec<String>,
) {
    if let Some(min) = shape.min.filter(|&m| cmp(m) == Ordering::Less) {
        let rule = format!("Member must have value greater than or equal to {min}");
        violation(shape, value, path, &rule, out);
    }
    if let Some(max) = shape.max.filter(|&m| cmp(m) == Ordering::Greater) {
        let rule = format!("Member must have value less than or equal to {max}");
        violation(shape, value, path, &rule, out);
    }
}
