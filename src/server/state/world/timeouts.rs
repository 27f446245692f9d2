//! Deadlines coming due: each execution's next one, from what every concept offers,
//! kept in the deadline index; fired in time order when the clock passes them, each at
//! its own time (SWF-WIRE.md §8; the model's ActivityTaskTimeoutType,
//! DecisionTaskTimeoutType and WorkflowExecutionTimeoutType).

use super::World;
use super::closing::Closing;
use crate::server::state::deadlines::{Due, Earliest, ms};
use crate::server::state::executions::CloseStatus;
use serde_json::json;

/// More firings than this in one step means a deadline that does not go away: stop.
const MAX_FIRINGS: usize = 100_000;

impl World {
    /// When the earliest deadline falls, if any.
    pub fn next_deadline(&self) -> Option<f64> {
        self.deadlines.next()
    }

    /// Moves the world's time to `now` (never back) and fires every deadline up to it,
    /// oldest first. Returns whether anything fired.
    pub fn advance(&mut self, now: f64) -> bool {
        let now = now.max(self.now());
        self.deadlines.set_now(now);
        self.reindex();
        let mut fired = 0;
        while fired < MAX_FIRINGS {
            let Some(id) = self.deadlines.pop_due(now) else {
                break;
            };
            fired += self.fire_due(id, now);
            self.drain_closings();
            self.reindex();
        }
        self.deadlines.set_now(now);
        fired > 0
    }

    /// What of execution `id` falls due first, and when; for a closed execution, the
    /// end of its retention.
    fn next_due(&self, id: u64) -> Option<(f64, Due)> {
        let ex = self.executions.get(id)?;
        if let Some(end) = ex.retention_end() {
            return Some((end, Due::Purge));
        }
        let mut first = Earliest::default();
        first.offer(ex.timeout_at(), Due::Execution);
        first.offer(self.decisions.due(id), Due::DecisionTask);
        self.timers.offer_due(id, &mut first);
        self.activities.offer_due(id, &mut first);
        first.first()
    }

    /// Re-computes the indexed deadline of every execution changed since the last time.
    fn reindex(&mut self) {
        for id in self.deadlines.take_dirty() {
            if self.executions.get(id).is_none() {
                continue;
            }
            let at = self.next_due(id).map(|(at, _)| at);
            self.deadlines.index(id, at);
        }
    }

    /// Fires what of execution `id` is due by `now`, each at its own time.
    fn fire_due(&mut self, id: u64, now: f64) -> usize {
        let mut fired = 0;
        while fired < MAX_FIRINGS {
            let Some((at, due)) = self.next_due(id) else {
                break;
            };
            if ms(at) > ms(now) {
                break;
            }
            self.deadlines.set_now(at);
            self.deadlines.touch(id);
            self.fire(id, due.clone());
            fired += 1;
            if self.next_due(id) == Some((at, due)) {
                break; // nothing changed: never spin on a deadline that stays
            }
        }
        self.deadlines.set_now(now);
        fired
    }

    fn fire(&mut self, id: u64, due: Due) {
        match due {
            Due::Purge => self.purge(id),
            Due::Execution => self.execution_timed_out(id),
            Due::DecisionTask => self.decision_task_timed_out(id),
            Due::Timer(timer_id) => {
                let Some(t) = self.timers.remove(id, &timer_id) else {
                    return;
                };
                let attrs = json!({"timerId": timer_id, "startedEventId": t.started_id()});
                self.record_for_decider(id, "TimerFired", attrs);
            }
            Due::Activity(activity_id, kind) => self.activity_timed_out(id, &activity_id, kind),
        }
    }

    /// WorkflowExecutionTimedOut, its child policy applied.
    fn execution_timed_out(&mut self, id: u64) {
        let Some(ex) = self.executions.get(id) else {
            return;
        };
        let policy = ex.spec().child_policy();
        let attrs = json!({"timeoutType": "START_TO_CLOSE", "childPolicy": policy.as_str()});
        self.close(
            id,
            CloseStatus::TimedOut,
            "WorkflowExecutionTimedOut",
            attrs,
            Closing::with_policy(id, policy),
        );
    }

    /// DecisionTaskTimedOut, the token no longer valid, then a new decision task.
    fn decision_task_timed_out(&mut self, id: u64) {
        if self.executions.open(id).is_none() {
            return;
        }
        let Some((scheduled_id, started_id)) = self.decisions.time_out(id) else {
            return;
        };
        let attrs = json!({"timeoutType": "START_TO_CLOSE", "scheduledEventId": scheduled_id,
            "startedEventId": started_id});
        self.record_for_decider(id, "DecisionTaskTimedOut", attrs);
    }

    /// ActivityTaskTimedOut (with the last heartbeat's details), the token no longer valid.
    fn activity_timed_out(&mut self, id: u64, activity_id: &str, kind: &'static str) {
        let Some(a) = self.activities.time_out(id, activity_id) else {
            return;
        };
        let mut attrs = json!({"timeoutType": kind, "scheduledEventId": a.scheduled_id(),
            "startedEventId": a.started_id()});
        if let Some(d) = a.details() {
            attrs["details"] = json!(d);
        }
        self.record_for_decider(id, "ActivityTaskTimedOut", attrs);
    }

    /// The end of a closed execution's retention: it is gone from every answer, and
    /// from every concept.
    fn purge(&mut self, id: u64) {
        if !self.executions.purge(id) {
            return;
        }
        self.decisions.forget(id);
        self.activities.forget(id);
        self.children.take_all(id);
        self.cancels.forget(id);
    }
}
