//! Recording events: ids consecutive from 1, timestamps in epoch seconds, the
//! attributes under `<eventType>EventAttributes` (the model's naming).

use super::executions::{DecisionState, Execution};
use super::now;
use crate::model::event_attributes_key;
use serde_json::{Value as Json, json};

impl Execution {
    /// Appends an event and returns its id.
    pub fn record(&mut self, event_type: &str, attributes: Json) -> i64 {
        let id = self.events.len() as i64 + 1;
        let mut event = json!({"eventId": id, "eventType": event_type, "eventTimestamp": now()});
        event[event_attributes_key(event_type)] = attributes;
        self.events.push(event);
        id
    }

    /// Schedules a decision task unless one is scheduled or started (then marks
    /// that another is due when the started one completes). SWF-WIRE.md §5.2.
    pub fn schedule_decision(&mut self) {
        match &mut self.decision {
            DecisionState::Idle => {
                let mut attrs = json!({"taskList": {"name": self.task_list}, "startToCloseTimeout": self.task_timeout});
                if let Some(p) = &self.task_priority {
                    attrs["taskPriority"] = json!(p);
                }
                let scheduled_id = self.record("DecisionTaskScheduled", attrs);
                self.decision = DecisionState::Scheduled { scheduled_id };
            }
            DecisionState::Scheduled { .. } => {}
            DecisionState::Started { again, .. } => *again = true,
        }
    }
}
