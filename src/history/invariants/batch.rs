//! The events one decision task's decisions record follow its DecisionTaskCompleted
//! together: nothing else comes between them.

use super::event::History;
use super::{Invariant, Violation};
use serde_json::json;
use std::collections::HashMap;

/// The source of [`Invariant::DecisionBatch`].
pub const SOURCE: &str = "seen: SWF-WIRE.md §11, \"Several decisions in one answer keep their \
    order, and all share one decisionTaskCompletedEventId (e.g. TimerCanceled then \
    WorkflowExecutionCompleted)\"; the answers to an Initiated event that repeat the id \
    (\"External requests to an unknown execution\") may come at once or later";

/// Between a DecisionTaskCompleted and the last event its decisions recorded, every event
/// is one of those, the cancellation of an activity never started that one of them
/// requested, or the answer to one of its Initiated events.
pub fn check(h: &History<'_>, out: &mut Vec<Violation>) {
    let mut last: HashMap<i64, usize> = HashMap::new();
    for e in &h.events {
        if let Some(d) = h.batch_of(e) {
            last.insert(d, e.pos);
        }
    }
    for d in h.events.iter().filter(|e| e.is("DecisionTaskCompleted")) {
        let Some(id) = d.id else { continue };
        let Some(&end) = last.get(&id).filter(|&&end| end > d.pos) else {
            continue;
        };
        let later = &h.events[d.pos + 1..];
        let last = end - d.pos - 1;
        let Some(intruder) = later[..last].iter().find(|e| !h.follows_batch(e, id)) else {
            continue;
        };
        let expected = json!({"decisionTaskCompletedEventId": id});
        out.push(
            Violation::at(
                Invariant::DecisionBatch,
                intruder,
                expected,
                intruder.brief(),
            )
            .and(d)
            .and(&later[last]),
        );
    }
}
