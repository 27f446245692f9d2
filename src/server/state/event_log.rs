//! An execution's event log (its history): ids consecutive from 1, timestamps in epoch
//! seconds that never go back, the attributes under `<eventType>EventAttributes` (the
//! model's naming).

use crate::model::event_attributes_key;
use serde_json::{Value as Json, json};

/// The events of one execution, in order.
#[derive(Debug, Clone)]
pub struct EventLog {
    /// The time before the first event (the execution's start).
    floor: f64,
    events: Vec<Json>,
}

impl EventLog {
    /// An empty log of an execution started at `start`.
    pub fn new(start: f64) -> Self {
        EventLog {
            floor: start,
            events: Vec::new(),
        }
    }

    /// Appends an event at time `at` (or the latest event's time, if later) and returns its id.
    pub fn record(&mut self, at: f64, event_type: &str, attributes: Json) -> i64 {
        let id = self.events.len() as i64 + 1;
        let at = at.max(self.last_time());
        let mut event = json!({"eventId": id, "eventType": event_type, "eventTimestamp": at});
        event[event_attributes_key(event_type)] = attributes;
        self.events.push(event);
        id
    }

    /// The time of the latest event (every later event is at least this late).
    pub fn last_time(&self) -> f64 {
        self.events
            .last()
            .and_then(|e| e["eventTimestamp"].as_f64())
            .unwrap_or(self.floor)
    }

    /// The attributes of the latest event (`null` when there is none).
    pub fn last_attributes(&self) -> Json {
        self.events
            .last()
            .and_then(|e| e.as_object())
            .and_then(|e| e.iter().find(|(k, _)| k.ends_with("EventAttributes")))
            .map(|(_, v)| v.clone())
            .unwrap_or(Json::Null)
    }

    /// Every event, oldest first.
    pub fn events(&self) -> &[Json] {
        &self.events
    }
}
