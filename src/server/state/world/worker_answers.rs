//! What activity workers send back: RecordActivityTaskHeartbeat and
//! RespondActivityTaskCompleted / Failed / Canceled.

use super::World;
use crate::server::state::input::Answer;
use crate::server::state::input::{copy_members, opt_text, text};
use serde_json::{Value as Json, json};

/// How an activity task ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ActivityEnd {
    /// RespondActivityTaskCompleted.
    Completed,
    /// RespondActivityTaskFailed.
    Failed,
    /// RespondActivityTaskCanceled.
    Canceled,
}

impl World {
    /// A heartbeat restarts the heartbeat timeout and keeps its details (an
    /// ActivityTaskTimedOut carries the last ones). It reports cancelRequested once the
    /// activity's cancellation was requested, or the execution's.
    pub(super) fn heartbeat(&mut self, input: &Json) -> Answer {
        let token = text(input, "taskToken");
        let now = self.now();
        let (id, activity_cancel) =
            self.activities
                .heartbeat(token, opt_text(input, "details"), now)?;
        self.deadlines.touch(id);
        let requested = self.cancels.is_requested(id) || activity_cancel;
        Ok(Some(json!({ "cancelRequested": requested })))
    }

    /// ActivityTaskCompleted / Failed / Canceled, then a decision task; a token that
    /// timed out or was answered already is UnknownResourceFault (SWF-WIRE.md §9).
    pub(super) fn finish_activity(&mut self, input: &Json, end: ActivityEnd) -> Answer {
        let (id, a) = self.activities.finish(text(input, "taskToken"))?;
        let mut attrs =
            json!({"scheduledEventId": a.scheduled_id(), "startedEventId": a.started_id()});
        let (event_type, members): (&str, &[&str]) = match end {
            ActivityEnd::Completed => ("ActivityTaskCompleted", &["result"]),
            ActivityEnd::Failed => ("ActivityTaskFailed", &["reason", "details"]),
            ActivityEnd::Canceled => ("ActivityTaskCanceled", &["details"]),
        };
        copy_members(input, members, &mut attrs);
        if let (ActivityEnd::Canceled, Some(r)) = (end, a.cancel_requested_id()) {
            attrs["latestCancelRequestedEventId"] = json!(r);
        }
        self.record_for_decider(id, event_type, attrs);
        Ok(None)
    }
}
