//! The StartTimer and CancelTimer decisions (TimerFired is a deadline: timeouts.rs).

use super::World;
use super::decision_list::{Decided, failure};
use crate::server::state::input::seconds;
use crate::wire::typed::{
    CancelTimerDecisionAttributes, DecisionType, StartTimerDecisionAttributes,
};
use serde_json::json;

impl World {
    /// StartTimer: TimerStarted, firing `startToFireTimeout` seconds later ("0" fires at
    /// once), or StartTimerFailed with the timers concept's cause.
    pub(super) fn start_timer(&mut self, at: Decided, attrs: &StartTimerDecisionAttributes) {
        let (timer_id, fire_in) = (
            attrs.timer_id.as_str(),
            attrs.start_to_fire_timeout.as_str(),
        );
        if self.executions.open(at.id).is_none() {
            return;
        }
        if let Some(cause) = self.timers.refusal(at.id, timer_id, fire_in) {
            let event = failure(json!({ "timerId": timer_id }), cause, at.completed);
            self.record_for_decider(at.id, &DecisionType::StartTimer.failed_event(), event);
            return;
        }
        let mut event = json!({"timerId": timer_id, "startToFireTimeout": fire_in,
            "decisionTaskCompletedEventId": at.completed});
        if let Some(control) = &attrs.control {
            event["control"] = json!(control);
        }
        let started_id = self.record(at.id, "TimerStarted", event);
        let fire_at = self.now() + seconds(fire_in).flatten().unwrap_or(0.0);
        self.timers
            .start(at.id, timer_id.to_owned(), started_id, fire_at);
    }

    /// CancelTimer: TimerCanceled, or CancelTimerFailed with TIMER_ID_UNKNOWN.
    pub(super) fn cancel_timer(&mut self, at: Decided, attrs: &CancelTimerDecisionAttributes) {
        let timer_id = attrs.timer_id.as_str();
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
                self.record_for_decider(at.id, &DecisionType::CancelTimer.failed_event(), event);
            }
        }
    }
}
