//! The history of the case's execution, read after the request: how it ends, how many
//! events of a type it holds, the attributes of an event, consecutive event ids.

use super::expectation::HistoryExpect;
use super::{Answer, Tally};
use crate::model::event_attributes_key as attributes_key;
use serde_json::Value as Json;

fn event_type(e: &Json) -> &str {
    e["eventType"].as_str().unwrap_or("?")
}

/// The value of a follow-up read, or a failed expectation saying why there is none.
pub fn read<'a, T>(
    slot: &'a Option<Result<T, String>>,
    what: &str,
    t: &mut Tally,
) -> Option<&'a T> {
    match slot {
        Some(Ok(v)) => Some(v),
        Some(Err(e)) => {
            t.expect(what.to_owned(), false, e.clone());
            None
        }
        None => {
            t.expect(what.to_owned(), false, "not read".into());
            None
        }
    }
}

/// Holds `want` against the history read after the request.
pub fn judge(want: &HistoryExpect, a: &Answer<'_>, t: &mut Tally) {
    let Some(events) = read(&a.after.history, "a readable history", t) else {
        return;
    };
    let types: Vec<&str> = events.iter().map(event_type).collect();
    ends_with(&want.ends_with, &types, t);
    for (ty, n) in &want.count {
        let got = types.iter().filter(|x| *x == ty).count();
        t.expect(
            format!("{n} {ty} event(s)"),
            got == *n as usize,
            got.to_string(),
        );
    }
    for (ty, wanted) in &want.attributes {
        let key = attributes_key(ty);
        let got = events
            .iter()
            .rev()
            .find(|e| event_type(e) == ty)
            .map(|e| e[&key].clone());
        let shown = got
            .as_ref()
            .map_or("no such event".to_owned(), Json::to_string);
        t.expect(
            format!("{ty} attributes {wanted}"),
            got.as_ref() == Some(wanted),
            shown,
        );
    }
    if want.consecutive_ids {
        consecutive_ids(events, t);
    }
}

/// The history ends with these event types, in order.
fn ends_with(tail_types: &[String], types: &[&str], t: &mut Tally) {
    if tail_types.is_empty() {
        return;
    }
    let n = tail_types.len();
    let tail = &types[types.len().saturating_sub(n)..];
    let ok = tail.len() == n && tail.iter().zip(tail_types).all(|(a, b)| a == b);
    t.expect(
        format!("history ends with {}", tail_types.join(", ")),
        ok,
        format!("history {}", types.join(", ")),
    );
}

/// Event ids are 1, 2, 3, ...
fn consecutive_ids(events: &[Json], t: &mut Tally) {
    let ids: Vec<Option<i64>> = events.iter().map(|e| e["eventId"].as_i64()).collect();
    let ok = ids
        .iter()
        .enumerate()
        .all(|(i, id)| *id == Some(i as i64 + 1));
    let shown = ids
        .iter()
        .map(|i| i.map_or("?".to_owned(), |v| v.to_string()))
        .collect::<Vec<_>>()
        .join(",");
    t.expect("event ids 1, 2, 3, ...".into(), ok, shown);
}
