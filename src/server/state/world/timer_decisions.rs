//! The StartTimer and CancelTimer decisions (TimerFired is a deadline: timeouts.rs).

use super::World;
use super::decision_list::{Decided, failed, failure};
use crate::server::state::input::{copy_members, seconds, text};
use serde_json::{Value as Json, json};

impl World {
    /// StartTimer: TimerStarted, firing `startToFireTimeout` seconds later ("0" fires at
    /// once), or StartTimerFailed with the timers concept's cause.
    pub(super) fn start_timer(&mut self, at: Decided, attrs: &Json) {
        let timer_id = text(attrs, "timerId");
        let fire_in = text(attrs, "startToFireTimeout");
        if self.executions.open(at.id).is_none() {
            return;
        }
        if let Some(cause) = self.timers.refusal(at.id, timer_id, fire_in) {
            let event = failure(json!({ "timerId": timer_id }), cause, at.completed);
            self.record_for_decider(at.id, &failed("StartTimer"), event);
            return;
        }
        let mut event = json!({"timerId": timer_id, "startToFireTimeout": fire_in,
            "decisionTaskCompletedEventId": at.completed});
        copy_members(attrs, &["control"], &mut event);
        let started_id = self.record(at.id, "TimerStarted", event);
        let fire_at = self.now() + seconds(fire_in).flatten().unwrap_or(0.0);
        self.timers
            .start(at.id, timer_id.to_owned(), started_id, fire_at);
    }

    /// CancelTimer: TimerCanceled, or CancelTimerFailed with TIMER_ID_UNKNOWN.
    pub(super) fn cancel_timer(&mut self, at: Decided, attrs: &Json) {
        let timer_id = text(attrs, "timerId");
        self.deadlines.touch(at.id);
        match self.timers.remove(at.id, timer_id) {
            Some(t) => {
                let event = json!({"timerId": timer_id, "startedEventId": t.started_id(),
                    "decisionTaskCompletedEventId": at.completed});
                self.record(at.id, "TimerCanceled", event);
            }
            None => {
                let event = failure(
                    json!({ "timerId": timer_id }),
                    "TIMER_ID_UNKNOWN",
                    at.completed,
                );
                self.record_for_decider(at.id, &failed("CancelTimer"), event);
            }
        }
    }
}
