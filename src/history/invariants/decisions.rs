//! Decision tasks: one scheduled and one started at a time, and a new one after a failed
//! decision.

use super::event::{Event, History};
use super::names::attributes_shape;
#[cfg(test)]
use super::names::event_types;
use super::{Invariant, Violation};
use serde_json::{Value as Json, json};

/// The source of [`Invariant::OneDecisionTask`].
pub const ONE_SOURCE: &str = "seen: SWF-WIRE.md §8, \"At most one decision task of an execution \
    is handed out at a time\", and §11, \"While a decision task is scheduled or started, events \
    that arrive ... land between DecisionTaskScheduled and DecisionTaskStarted without a second \
    DecisionTaskScheduled\"; the recorded histories also schedule the next task while one is \
    started (fixtures/histories/real), so doc: WorkflowExecutionOpenCounts.openDecisionTasks, \"A \
    workflow execution can have at most one open decision task.\" is held in that reading \
    (docs/practice.md, \"One open decision task\")";

/// The source of [`Invariant::DecisionAfterFailure`].
pub const AFTER_FAILURE_SOURCE: &str = "seen: SWF-WIRE.md §11, \"After a failed decision \
    (…Failed with a cause) a new DecisionTaskScheduled follows at once\"; §8, a decision task is \
    scheduled \"whenever an event the decider has to see is recorded (... any ...Failed decision \
    event ...) unless one is already scheduled\"";

/// The decision tasks open at one point of the history.
#[derive(Default)]
struct Open<'h, 'a> {
    /// Scheduled and not yet started.
    scheduled: Option<&'h Event<'a>>,
    /// Started and not yet completed or timed out.
    started: Option<&'h Event<'a>>,
}

impl<'h, 'a> Open<'h, 'a> {
    /// Moves past `e`; the violations of one-at-a-time `e` makes, if any.
    fn step(&mut self, e: &'h Event<'a>) -> Vec<Violation> {
        let mut found = Vec::new();
        match e.ty {
            Some("DecisionTaskScheduled") => {
                if let Some(s) = self.scheduled {
                    found.push(
                        Violation::at(Invariant::OneDecisionTask, e, Json::Null, s.brief()).and(s),
                    );
                }
                self.scheduled = Some(e);
            }
            Some("DecisionTaskStarted") => {
                if let Some(s) = self.started {
                    found.push(
                        Violation::at(Invariant::OneDecisionTask, e, Json::Null, s.brief()).and(s),
                    );
                }
                let takes = e.attr_i64("scheduledEventId");
                if takes != self.scheduled.and_then(|s| s.id) {
                    let expected = json!(self.scheduled.and_then(|s| s.id));
                    let v = Violation::at(Invariant::OneDecisionTask, e, expected, json!(takes));
                    found.push(v.member(e.path("scheduledEventId")));
                }
                self.started = Some(e);
                self.scheduled = None;
            }
            Some("DecisionTaskCompleted") => self.started = None,
            Some("DecisionTaskTimedOut") => {
                if e.attr_i64("startedEventId") == Some(0) {
                    self.scheduled = None;
                } else {
                    self.started = None;
                }
            }
            _ if e.closes() => *self = Open::default(),
            _ => {}
        }
        found
    }
}

/// At most one decision task scheduled and not started, at most one started and not
/// closed, and a start takes the one scheduled.
pub fn one_at_a_time(h: &History<'_>, out: &mut Vec<Violation>) {
    let mut open = Open::default();
    for e in &h.events {
        out.extend(open.step(e));
    }
}

/// Whether `t` is a failed decision: a `...Failed` event whose attributes have a cause.
fn failed_decision(t: &str) -> bool {
    t.ends_with("Failed") && attributes_shape(t).is_some_and(|s| s.member("cause").is_some())
}

/// After a failed decision a decision task is scheduled: one is scheduled already, or one
/// is running (the next follows it), or the next event after the failure's own decision
/// task's events is DecisionTaskScheduled (or closes the execution).
pub fn after_failure(h: &History<'_>, out: &mut Vec<Violation>) {
    let mut open = Open::default();
    let mut batch: Option<i64> = None;
    let mut waiting: Option<&Event<'_>> = None;
    for e in &h.events {
        if let Some(failed) = waiting {
            let answered = e.is("DecisionTaskScheduled") || e.closes();
            let in_batch = batch.is_some_and(|d| h.follows_batch(e, d));
            if answered {
                waiting = None;
            } else if open.started.is_none() && !in_batch {
                out.push(
                    Violation::at(
                        Invariant::DecisionAfterFailure,
                        failed,
                        json!("DecisionTaskScheduled"),
                        e.brief(),
                    )
                    .and(e),
                );
                waiting = None;
            }
        }
        open.step(e);
        if e.is("DecisionTaskCompleted") {
            batch = e.id;
        }
        if e.ty.is_some_and(failed_decision) && open.scheduled.is_none() {
            waiting = Some(e);
        }
    }
    if let (Some(failed), None) = (waiting, open.started) {
        out.push(Violation::at(
            Invariant::DecisionAfterFailure,
            failed,
            json!("DecisionTaskScheduled"),
            json!("the end of the history"),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_failed_decisions_are_the_fourteen_with_a_cause() {
        let found: Vec<&str> = event_types()
            .iter()
            .map(String::as_str)
            .filter(|t| failed_decision(t))
            .collect();
        assert_eq!(found.len(), 14, "{found:?}");
        assert!(found.contains(&"StartLambdaFunctionFailed"));
        assert!(!found.contains(&"ActivityTaskFailed"), "a reason, no cause");
        assert!(!found.contains(&"WorkflowExecutionFailed"));
    }
}
