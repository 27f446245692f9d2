//! Recording events: ids consecutive from 1, timestamps in epoch seconds that never
//! go back, the attributes under `<eventType>EventAttributes` (the model's naming);
//! and the decision task scheduling rule of SWF-WIRE.md §8.

use super::World;
use super::execution::{DecisionState, Execution};
use crate::model::event_attributes_key;
use serde_json::{Value as Json, json};

impl Execution {
    /// Appends an event at time `at` (or its latest event's time, if later) and returns its id.
    pub fn record(&mut self, at: f64, event_type: &str, attributes: Json) -> i64 {
        let id = self.events.len() as i64 + 1;
        let at = at.max(self.last_event_time());
        let mut event = json!({"eventId": id, "eventType": event_type, "eventTimestamp": at});
        event[event_attributes_key(event_type)] = attributes;
        self.events.push(event);
        id
    }
}

impl World {
    /// Records an event in open execution `id` at the world's current time.
    /// A closed execution records nothing more (0).
    pub(super) fn record(&mut self, id: u64, event_type: &str, attributes: Json) -> i64 {
        let now = self.now;
        match self.open_mut(id) {
            Some(ex) => ex.record(now, event_type, attributes),
            None => 0,
        }
    }

    /// Records an event the decider has to see, then schedules a decision task
    /// (SWF-WIRE.md §8). Returns the event's id.
    pub(super) fn record_for_decider(
        &mut self,
        id: u64,
        event_type: &str,
        attributes: Json,
    ) -> i64 {
        let event = self.record(id, event_type, attributes);
        self.schedule_decision(id);
        event
    }

    /// Schedules a decision task unless one is scheduled; while one is started, marks
    /// that another is due when it completes (SWF-WIRE.md §5.2, §8).
    pub(super) fn schedule_decision(&mut self, id: u64) {
        if let Some((deciding, due)) = &mut self.deciding {
            if *deciding == id {
                *due = true;
                return;
            }
        }
        let now = self.now;
        let Some(ex) = self.executions.get_mut(&id).filter(|e| e.is_open()) else {
            return;
        };
        match &mut ex.decision {
            DecisionState::Idle => {
                let mut attrs = json!({"taskList": {"name": ex.spec.task_list}, "startToCloseTimeout": ex.spec.task_timeout});
                if let Some(p) = &ex.spec.task_priority {
                    attrs["taskPriority"] = json!(p);
                }
                let scheduled_id = ex.record(now, "DecisionTaskScheduled", attrs);
                ex.decision = DecisionState::Scheduled { scheduled_id };
                let key = (ex.spec.domain.clone(), ex.spec.task_list.clone());
                let priority = priority_of(ex.spec.task_priority.as_deref());
                self.queues.push_decision(key, priority, id, scheduled_id);
            }
            DecisionState::Scheduled { .. } => {}
            DecisionState::Started { again, .. } => *again = true,
        }
    }
}

/// A task priority as a number (absent or unreadable: 0, the service's default).
pub fn priority_of(priority: Option<&str>) -> i64 {
    priority.and_then(|p| p.parse().ok()).unwrap_or(0)
}
