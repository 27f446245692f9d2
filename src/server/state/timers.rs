//! The StartTimer and CancelTimer decisions (TimerFired is a deadline: timeouts.rs).

use super::decisions::{allowed_id, failed, failure};
use super::execution::{Timer, seconds};
use super::{World, copy_members, text};
use serde_json::Value as Json;
use serde_json::json;

/// SWF's quota of open timers per execution (Developer Guide, "Amazon SWF quotas").
pub const MAX_OPEN_TIMERS: usize = 1000;

impl World {
    /// StartTimer: TimerStarted, firing `startToFireTimeout` seconds later ("0" fires at
    /// once), or StartTimerFailed (TIMER_ID_ALREADY_IN_USE while a timer of that id is open).
    pub(super) fn start_timer(&mut self, id: u64, attrs: &Json, completed: i64) {
        let timer_id = text(attrs, "timerId").to_owned();
        let fire_in = text(attrs, "startToFireTimeout");
        let Some(ex) = self.open(id) else { return };
        let cause = if ex.timers.contains_key(&timer_id) {
            Some("TIMER_ID_ALREADY_IN_USE")
        } else if ex.timers.len() >= MAX_OPEN_TIMERS {
            Some("OPEN_TIMERS_LIMIT_EXCEEDED")
        } else if !allowed_id(&timer_id) || seconds(fire_in).flatten().is_none() {
            // "an integer greater than or equal to 0": no NONE for a timer; values
            // outside the constraints fail with OPERATION_NOT_PERMITTED (the model).
            Some("OPERATION_NOT_PERMITTED")
        } else {
            None
        };
        if let Some(cause) = cause {
            let event = failure(json!({ "timerId": timer_id }), cause, completed);
            self.record_for_decider(id, &failed("StartTimer"), event);
            return;
        }
        let mut event = json!({"timerId": timer_id, "startToFireTimeout": fire_in,
            "decisionTaskCompletedEventId": completed});
        copy_members(attrs, &["control"], &mut event);
        let started_id = self.record(id, "TimerStarted", event);
        let fire_at = self.now + seconds(fire_in).flatten().unwrap_or(0.0);
        if let Some(ex) = self.open_mut(id) {
            ex.timers.insert(
                timer_id,
                Timer {
                    started_id,
                    fire_at,
                },
            );
        }
    }

    /// CancelTimer: TimerCanceled, or CancelTimerFailed with TIMER_ID_UNKNOWN.
    pub(super) fn cancel_timer(&mut self, id: u64, attrs: &Json, completed: i64) {
        let timer_id = text(attrs, "timerId").to_owned();
        match self.open_mut(id).and_then(|e| e.timers.remove(&timer_id)) {
            Some(t) => {
                let event = json!({"timerId": timer_id, "startedEventId": t.started_id,
                    "decisionTaskCompletedEventId": completed});
                self.record(id, "TimerCanceled", event);
            }
            None => {
                let event = failure(
                    json!({ "timerId": timer_id }),
                    "TIMER_ID_UNKNOWN",
                    completed,
                );
                self.record_for_decider(id, &failed("CancelTimer"), event);
            }
        }
    }
}
