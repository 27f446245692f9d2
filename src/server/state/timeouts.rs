//! Deadlines: one ordered index of (time, execution) over every execution's next due
//! item, fired in time order when the clock passes them (SWF-WIRE.md §8; the model's
//! ActivityTaskTimeoutType, DecisionTaskTimeoutType and WorkflowExecutionTimeoutType).

use super::World;
use super::close::Closing;
use super::execution::{CloseStatus, DecisionState, Due};
use serde_json::json;

/// Milliseconds, the index's unit (timestamps are written to the millisecond).
fn ms(seconds: f64) -> i64 {
    (seconds * 1000.0).round() as i64
}

/// More firings than this in one step means a deadline that does not go away: stop.
const MAX_FIRINGS: usize = 100_000;

impl World {
    /// When the earliest deadline falls, if any.
    pub(super) fn next_deadline(&self) -> Option<f64> {
        self.deadlines.first().map(|(t, _)| *t as f64 / 1000.0)
    }

    /// Moves the world's time to `now` (never back) and fires every deadline up to it,
    /// oldest first. Returns whether anything fired.
    pub(super) fn advance(&mut self, now: f64) -> bool {
        let now = now.max(self.now);
        self.now = now;
        self.reindex();
        let mut fired = 0;
        while let Some(&(t, id)) = self.deadlines.first() {
            if t > ms(now) || fired >= MAX_FIRINGS {
                break;
            }
            self.deadlines.pop_first();
            if let Some(ex) = self.executions.get_mut(&id) {
                ex.indexed_deadline = None;
            }
            fired += self.fire_due(id, now);
            self.drain_closings();
            self.reindex();
        }
        self.now = now;
        fired > 0
    }

    /// Re-computes the indexed deadline of every execution changed since the last time.
    pub(super) fn reindex(&mut self) {
        for id in std::mem::take(&mut self.dirty) {
            let Some(ex) = self.executions.get_mut(&id) else {
                continue;
            };
            if let Some(old) = ex.indexed_deadline.take() {
                self.deadlines.remove(&(old, id));
            }
            if let Some((at, _)) = ex.next_due() {
                ex.indexed_deadline = Some(ms(at));
                self.deadlines.insert((ms(at), id));
            }
        }
    }

    /// Fires what of execution `id` is due by `now`, each at its own time.
    fn fire_due(&mut self, id: u64, now: f64) -> usize {
        let mut fired = 0;
        while fired < MAX_FIRINGS {
            let Some((at, due)) = self.executions.get(&id).and_then(|e| e.next_due()) else {
                break;
            };
            if ms(at) > ms(now) {
                break;
            }
            self.now = at;
            self.dirty.insert(id);
            self.fire(id, due.clone());
            fired += 1;
            let again = self.executions.get(&id).and_then(|e| e.next_due());
            if again == Some((at, due)) {
                break; // nothing changed: never spin on a deadline that stays
            }
        }
        self.now = now;
        fired
    }

    fn fire(&mut self, id: u64, due: Due) {
        match due {
            Due::Purge => self.purge(id),
            Due::Execution => {
                let policy = self.executions[&id].spec.child_policy.clone();
                let attrs = json!({"timeoutType": "START_TO_CLOSE", "childPolicy": policy});
                self.close(
                    id,
                    CloseStatus::TimedOut,
                    "WorkflowExecutionTimedOut",
                    attrs,
                    Closing::with_policy(id, &policy),
                );
            }
            Due::DecisionTask => self.decision_task_timed_out(id),
            Due::Timer(timer_id) => {
                let Some(t) = self.open_mut(id).and_then(|e| e.timers.remove(&timer_id)) else {
                    return;
                };
                let attrs = json!({"timerId": timer_id, "startedEventId": t.started_id});
                self.record_for_decider(id, "TimerFired", attrs);
            }
            Due::Activity(activity_id, kind) => self.activity_timed_out(id, &activity_id, kind),
        }
    }

    /// DecisionTaskTimedOut, the token no longer valid, then a new decision task.
    fn decision_task_timed_out(&mut self, id: u64) {
        let Some(ex) = self.open_mut(id) else { return };
        let DecisionState::Started {
            scheduled_id,
            started_id,
            token,
            ..
        } = std::mem::replace(&mut ex.decision, DecisionState::Idle)
        else {
            return;
        };
        self.decision_tokens.remove(&token);
        let attrs = json!({"timeoutType": "START_TO_CLOSE", "scheduledEventId": scheduled_id,
            "startedEventId": started_id});
        self.record_for_decider(id, "DecisionTaskTimedOut", attrs);
    }

    /// ActivityTaskTimedOut (with the last heartbeat's details), the token no longer valid.
    fn activity_timed_out(&mut self, id: u64, activity_id: &str, kind: &'static str) {
        let Some(a) = self
            .open_mut(id)
            .and_then(|e| e.activities.remove(activity_id))
        else {
            return;
        };
        let mut attrs = json!({"timeoutType": kind, "scheduledEventId": a.scheduled_id,
            "startedEventId": a.started.as_ref().map_or(0, |s| s.started_id)});
        if let Some(s) = &a.started {
            self.activity_tokens.remove(&s.token);
            if let Some(d) = &s.details {
                attrs["details"] = json!(d);
            }
        }
        self.record_for_decider(id, "ActivityTaskTimedOut", attrs);
    }

    /// The end of a closed execution's retention: it is gone from every answer.
    fn purge(&mut self, id: u64) {
        let Some(ex) = self.executions.remove(&id) else {
            return;
        };
        let key = (ex.spec.domain, ex.spec.workflow_id);
        if let Some(runs) = self.by_workflow_id.get_mut(&key) {
            runs.retain(|r| *r != id);
            if runs.is_empty() {
                self.by_workflow_id.remove(&key);
            }
        }
    }
}
