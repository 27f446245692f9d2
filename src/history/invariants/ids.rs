//! Event ids: unique (doc), and 1, 2, 3, ... in the order of the history (seen).

use super::event::History;
use super::{Invariant, Violation};
use serde_json::{Value as Json, json};
use std::collections::HashMap;

/// Each event's id is the previous event's id plus one (the first's is 1). An event
/// without an integer id is taken to hold its expected id, so one fault is one violation.
pub fn consecutive(h: &History<'_>, out: &mut Vec<Violation>) {
    let mut want = 1;
    for e in &h.events {
        if e.id != Some(want) {
            let actual = e.raw.get("eventId").cloned().unwrap_or(Json::Null);
            out.push(
                Violation::at(Invariant::IdsConsecutive, e, json!(want), actual)
                    .member("eventId".into()),
            );
        }
        want = e.id.unwrap_or(want).saturating_add(1);
    }
}

/// No id is used twice: the second user names both events.
pub fn unique(h: &History<'_>, out: &mut Vec<Violation>) {
    let mut first: HashMap<i64, usize> = HashMap::new();
    for e in &h.events {
        let Some(id) = e.id else { continue };
        match first.get(&id) {
            Some(&pos) => out.push(
                Violation::at(
                    Invariant::IdsUnique,
                    e,
                    json!("an id no earlier event has"),
                    json!({"eventId": id, "usedByPosition": pos}),
                )
                .member("eventId".into()),
            ),
            None => {
                first.insert(id, e.pos);
            }
        }
    }
}
