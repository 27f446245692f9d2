//! A violation as one sentence: the event, the rule, what was expected and what was found.
//! Nothing reads these sentences back; the data is in [`Violation`].

use super::invariants::{Invariant, Violation, ZERO_SOURCE};
use crate::model::docs;
use serde_json::Value as Json;

/// `event 7 (ActivityTaskStarted): <the rule>: <expected and found>`.
pub fn render(v: &Violation) -> String {
    format!("{}: {}: {}", who(v), v.invariant.statement(), detail(v))
}

/// What the violation rests on: for a reference, `doc: <Shape>.<member>, "<sentence>"` of
/// the member at fault (then the invariant's general source); otherwise
/// [`Invariant::source`].
pub fn citation(v: &Violation) -> String {
    let general = v.invariant.source();
    let member = v.member.as_deref().filter(|_| {
        matches!(
            v.invariant,
            Invariant::Reference | Invariant::ReferencePractice | Invariant::ReferencePair
        )
    });
    let Some((shape, field)) = member.and_then(|m| m.split_once('.')) else {
        return general.to_owned();
    };
    let mut chars = shape.chars();
    let subject = match chars.next() {
        Some(first) => format!("{}{}.{field}", first.to_ascii_uppercase(), chars.as_str()),
        None => return general.to_owned(),
    };
    let Some(sentence) = docs().sentences(&subject).first() else {
        return general.to_owned();
    };
    let mut out = format!("doc: {subject}, \"{sentence}\"");
    if v.invariant == Invariant::ReferencePractice {
        out.push_str(&format!(" (held against practice: {general})"));
    }
    let zero = Json::from(0);
    if v.invariant != Invariant::ReferencePair && (v.expected == zero || v.actual == zero) {
        out.push_str(&format!("; {ZERO_SOURCE}"));
    }
    out
}

/// The event at fault.
fn who(v: &Violation) -> String {
    let ty = v.event_type.as_deref().unwrap_or("no eventType");
    match v.event_id {
        Some(id) => format!("event {id} ({ty})"),
        None => format!("the event at position {} ({ty})", v.position + 1),
    }
}

/// What was expected and what was found, in the words of the invariant.
fn detail(v: &Violation) -> String {
    let (exp, act) = (&v.expected, &v.actual);
    let member = v.member.as_deref().unwrap_or("the event");
    let other = |i: usize| v.events.get(i).map_or("?".to_owned(), i64::to_string);
    match v.invariant {
        Invariant::IdsConsecutive => format!("expected eventId {}, found {}", show(exp), show(act)),
        Invariant::IdsUnique => format!(
            "its id is already the id of the event at position {}",
            act["usedByPosition"].as_u64().map_or(0, |p| p + 1)
        ),
        Invariant::RequiredMember if act.is_null() => format!("{member} is missing"),
        Invariant::RequiredMember => {
            format!("expected {member} to be {}, found {act}", show(exp))
        }
        Invariant::EventType => format!(
            "expected one of the model's event types (the closest: {}), found {act}",
            show(&exp["closest"])
        ),
        Invariant::AttributesMember if exp.is_null() => format!(
            "it also carries {}, set only for another event type",
            show(&act["member"])
        ),
        Invariant::AttributesMember => {
            format!(
                "expected the member {}, found {}",
                show(exp),
                show(&act["value"])
            )
        }
        Invariant::UndocumentedMember => {
            format!("{member} is not in the model (noted, never a failure)")
        }
        Invariant::Reference | Invariant::ReferencePractice => reference(member, exp, act),
        Invariant::ReferencePair => format!(
            "{member} is {act}, but event {} (which it names) has {exp}",
            other(1)
        ),
        Invariant::TimestampOrder => format!(
            "expected no earlier than {} (event {}), found {act}",
            exp["notBefore"],
            other(1)
        ),
        Invariant::OneDecisionTask if exp.is_null() && v.member.is_none() => {
            format!("{} is still open", show(act))
        }
        Invariant::OneDecisionTask => format!(
            "{member} expected {}, found {}",
            if exp.is_null() {
                "no decision task scheduled".to_owned()
            } else {
                exp.to_string()
            },
            show(act)
        ),
        Invariant::DecisionAfterFailure => {
            format!("expected DecisionTaskScheduled next, found {}", show(act))
        }
        Invariant::DecisionBatch => format!(
            "it comes between DecisionTaskCompleted {} and event {}, which that decision task recorded",
            other(1),
            other(2)
        ),
        Invariant::CloseOnce => format!("the execution closed already (event {})", other(1)),
        Invariant::NothingAfterClose => {
            format!("it follows the close (event {})", other(1))
        }
    }
}

fn reference(member: &str, exp: &Json, act: &Json) -> String {
    if exp == &Json::from(0) {
        return format!("{member} expected 0 (no such event exists), found {act}");
    }
    let ty = show(&exp["eventType"]);
    let found = match (act["eventId"].as_i64(), exp["before"].as_i64()) {
        (Some(0), _) | (None, _) => show(act),
        (Some(_), _) if act["eventType"].is_null() => format!("{}, no such event", show(act)),
        (Some(id), Some(before)) if id >= before => format!("{}, not an earlier one", show(act)),
        _ => show(act),
    };
    format!("{member} expected an earlier {ty} event, found {found}")
}

/// A value in words: `{"eventId": 3, "eventType": "X"}` → `event 3 (X)`, text as is.
fn show(v: &Json) -> String {
    match v {
        Json::Null => "nothing".into(),
        Json::String(s) => s.clone(),
        Json::Object(o) if o.contains_key("eventId") => match (&v["eventId"], &v["eventType"]) {
            (Json::Number(id), Json::String(t)) => format!("event {id} ({t})"),
            (Json::Number(id), _) => format!("event {id}"),
            (id, _) => format!("an event with eventId {id}"),
        },
        other => other.to_string(),
    }
}
