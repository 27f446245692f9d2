//! A read-only view of raw events: id, type and attributes when they are there and of
//! the right JSON type, and a lookup by id. Nothing here judges; the predicates do.

use crate::model::event_attributes_key;
use serde_json::{Map, Value as Json, json};
use std::collections::HashMap;

/// The six events that close an execution (doc: HistoryEvent, Decision).
pub const CLOSES: [&str; 6] = [
    "WorkflowExecutionCompleted",
    "WorkflowExecutionFailed",
    "WorkflowExecutionCanceled",
    "WorkflowExecutionContinuedAsNew",
    "WorkflowExecutionTerminated",
    "WorkflowExecutionTimedOut",
];

/// One event as far as it can be read.
pub struct Event<'a> {
    /// The 0-based position in the list.
    pub pos: usize,
    /// eventId, when it is an integer.
    pub id: Option<i64>,
    /// eventType, when it is a string.
    pub ty: Option<&'a str>,
    /// The `<type>EventAttributes` object, when there is one.
    pub attrs: Option<&'a Map<String, Json>>,
    /// The event as it came.
    pub raw: &'a Json,
}

impl<'a> Event<'a> {
    fn new(pos: usize, raw: &'a Json) -> Event<'a> {
        let ty = raw.get("eventType").and_then(Json::as_str);
        let attrs = ty
            .and_then(|t| raw.get(event_attributes_key(t)))
            .and_then(Json::as_object);
        Event {
            pos,
            id: raw.get("eventId").and_then(Json::as_i64),
            ty,
            attrs,
            raw,
        }
    }

    /// Whether the event is of type `t`.
    pub fn is(&self, t: &str) -> bool {
        self.ty == Some(t)
    }

    /// Whether the event closes the execution.
    pub fn closes(&self) -> bool {
        self.ty.is_some_and(|t| CLOSES.contains(&t))
    }

    /// The attribute `member`, if present.
    pub fn attr(&self, member: &str) -> Option<&'a Json> {
        self.attrs.and_then(|a| a.get(member))
    }

    /// The attribute `member` as an integer.
    pub fn attr_i64(&self, member: &str) -> Option<i64> {
        self.attr(member).and_then(Json::as_i64)
    }

    /// The attribute `member` as a string.
    pub fn attr_str(&self, member: &str) -> Option<&'a str> {
        self.attr(member).and_then(Json::as_str)
    }

    /// The path of attribute `member` from the event
    /// (`activityTaskStartedEventAttributes.scheduledEventId`).
    pub fn path(&self, member: &str) -> String {
        match self.ty {
            Some(t) => format!("{}.{member}", event_attributes_key(t)),
            None => member.to_owned(),
        }
    }

    /// The event as the actual value of a violation: `{"eventId": .., "eventType": ..}`.
    pub fn brief(&self) -> Json {
        json!({"eventId": self.raw.get("eventId"), "eventType": self.raw.get("eventType")})
    }
}

/// The events of one history, with a lookup by id (the first event that has it).
pub struct History<'a> {
    /// The events, in order.
    pub events: Vec<Event<'a>>,
    by_id: HashMap<i64, usize>,
}

impl<'a> History<'a> {
    /// The view of `events`.
    pub fn new(events: &'a [Json]) -> History<'a> {
        let events: Vec<Event<'a>> = events
            .iter()
            .enumerate()
            .map(|(pos, raw)| Event::new(pos, raw))
            .collect();
        let mut by_id = HashMap::new();
        for e in &events {
            if let Some(id) = e.id {
                by_id.entry(id).or_insert(e.pos);
            }
        }
        History { events, by_id }
    }

    /// The event whose id is `id`.
    pub fn by_id(&self, id: i64) -> Option<&Event<'a>> {
        self.by_id.get(&id).map(|&pos| &self.events[pos])
    }

    /// The DecisionTaskCompleted whose decisions recorded `e`, if any: the one `e` names by
    /// `decisionTaskCompletedEventId` (unless `e` answers an Initiated event later: those
    /// repeat the id, SWF-WIRE.md §11), or, for the ActivityTaskCanceled of an activity
    /// that was not started, the one that recorded its cancel request.
    pub fn batch_of(&self, e: &Event<'_>) -> Option<i64> {
        if let Some(d) = e.attr_i64("decisionTaskCompletedEventId") {
            return (!self.answers_initiated(e)).then_some(d);
        }
        if !e.is("ActivityTaskCanceled") || e.attr_i64("startedEventId") != Some(0) {
            return None;
        }
        let request = self.by_id(e.attr_i64("latestCancelRequestedEventId")?)?;
        request.attr_i64("decisionTaskCompletedEventId")
    }

    /// Whether `e` was recorded by the decisions of the DecisionTaskCompleted `d`.
    pub fn of_batch(&self, e: &Event<'_>, d: i64) -> bool {
        self.batch_of(e) == Some(d)
    }

    /// Whether `e` is of the batch of `d` ([`History::of_batch`]) or answers one of its
    /// Initiated events (a signal delivered, a cancel requested, a child started or not):
    /// such answers may follow the Initiated event at once (the reference endpoint records
    /// them so), before the batch's other events.
    pub fn follows_batch(&self, e: &Event<'_>, d: i64) -> bool {
        self.of_batch(e, d)
            || e.attr_i64("initiatedEventId")
                .and_then(|i| self.by_id(i))
                .is_some_and(|i| {
                    i.pos < e.pos
                        && self.answers_initiated(e)
                        && i.attr_i64("decisionTaskCompletedEventId") == Some(d)
                })
    }

    /// Whether `e` answers an Initiated event (a `...Failed` of a signal, a cancel or a
    /// child start that was initiated): its initiatedEventId names an earlier `...Initiated`.
    pub fn answers_initiated(&self, e: &Event<'_>) -> bool {
        e.attr_i64("initiatedEventId")
            .filter(|&i| i != 0)
            .and_then(|i| self.by_id(i))
            .is_some_and(|i| i.pos < e.pos && i.ty.is_some_and(|t| t.ends_with("Initiated")))
    }
}
