//! Queries: what an assertion looks at, found in the answer (or in what was read after
//! it). A query only finds; its predicate ([`super::predicate`]) compares.

use super::Observed;
use crate::model::event_attributes_key;
use crate::outcome::Query;
use crate::outcome::exchange::media_type;
use serde_json::{Value as Json, json};

/// What a query found.
#[derive(Debug, Clone, PartialEq)]
pub enum Found {
    /// A value.
    Value(Json),
    /// Nothing there (no member, no header, no fault, no such event).
    Missing,
    /// The read after the request that the query looks into failed, or was not made: why.
    Unread(String),
}

/// Finds what `query` looks at in `a`.
pub fn select(query: &Query, a: &Observed<'_>) -> Found {
    match query {
        Query::Answer | Query::Body | Query::Output => Found::Value(a.body.clone()),
        Query::Status => Found::Value(json!(a.received.status)),
        Query::StatusAndFault => Found::Value(json!({
            "status": a.received.status,
            "fault": a.fault.as_ref().map(|f| f.0.as_str()),
        })),
        Query::Fault => fault_part(a, |f| &f.0),
        Query::Namespace => fault_part(a, |f| &f.1),
        Query::Message => fault_part(a, |f| &f.2),
        Query::Header(name) => match a.received.header(name) {
            Some(v) => Found::Value(Json::String(v.to_owned())),
            None => Found::Missing,
        },
        Query::MediaType => match a.received.header("content-type") {
            Some(v) => Found::Value(Json::String(media_type(v))),
            None => Found::Value(Json::String(String::new())),
        },
        Query::Member(path) => match super::values::at(a.body, path) {
            Some(v) => Found::Value(v.clone()),
            None => Found::Missing,
        },
        Query::AnswerEvents(kind) => {
            let events = a.body["events"].as_array().map(Vec::as_slice);
            Found::Value(json!(count_of(events.unwrap_or_default(), kind)))
        }
        Query::History => history(a, |events| {
            Found::Value(events.iter().map(|e| e["eventType"].clone()).collect())
        }),
        Query::HistoryEvents(kind) => {
            history(a, |events| Found::Value(json!(count_of(events, kind))))
        }
        Query::HistoryAttributes(kind) => history(a, |events| {
            let key = event_attributes_key(kind);
            match events.iter().rev().find(|e| e["eventType"] == **kind) {
                Some(e) => Found::Value(e[&key].clone()),
                None => Found::Missing,
            }
        }),
        Query::HistoryEventIds => history(a, |events| {
            Found::Value(events.iter().map(|e| e["eventId"].clone()).collect())
        }),
        Query::Describe(member) => match &a.after.describe {
            Some(Ok(info)) if member.is_empty() => Found::Value(info.clone()),
            Some(Ok(info)) => Found::Value(info.get(member).cloned().unwrap_or(Json::Null)),
            Some(Err(e)) => Found::Unread(e.clone()),
            None => Found::Unread("not read".into()),
        },
        Query::Heartbeat => match &a.after.heartbeat {
            Some(Ok(Some(v))) => Found::Value(Json::Bool(*v)),
            Some(Ok(None)) => Found::Missing,
            Some(Err(e)) => Found::Unread(e.clone()),
            None => Found::Unread("no heartbeat".into()),
        },
        Query::Elapsed => Found::Value(json!(a.received.elapsed.as_secs_f64())),
    }
}

/// A part of the fault (name, namespace, message), or nothing when the answer is none.
fn fault_part(a: &Observed<'_>, part: fn(&(String, String, String)) -> &String) -> Found {
    match &a.fault {
        Some(f) => Found::Value(Json::String(part(f).clone())),
        None => Found::Missing,
    }
}

/// What `f` finds in the history read after the request, or why there is none.
fn history(a: &Observed<'_>, f: impl FnOnce(&[Json]) -> Found) -> Found {
    match &a.after.history {
        Some(Ok(events)) => f(events),
        Some(Err(e)) => Found::Unread(e.clone()),
        None => Found::Unread("not read".into()),
    }
}

fn count_of(events: &[Json], kind: &str) -> usize {
    events.iter().filter(|e| e["eventType"] == *kind).count()
}
