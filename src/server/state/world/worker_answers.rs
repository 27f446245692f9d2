//! What activity workers send back: RecordActivityTaskHeartbeat and
//! RespondActivityTaskCompleted / Failed / Canceled.

use super::World;
use crate::server::state::input::Reply;
use crate::wire::typed::{
    RecordActivityTaskHeartbeatInput, RespondActivityTaskCanceledInput,
    RespondActivityTaskCompletedInput, RespondActivityTaskFailedInput,
};
use serde_json::json;

/// How an activity task ends: the worker's answer, with its token.
#[derive(Debug, Clone, Copy)]
pub enum ActivityEnd<'a> {
    /// RespondActivityTaskCompleted.
    Completed(&'a RespondActivityTaskCompletedInput),
    /// RespondActivityTaskFailed.
    Failed(&'a RespondActivityTaskFailedInput),
    /// RespondActivityTaskCanceled.
    Canceled(&'a RespondActivityTaskCanceledInput),
}

impl<'a> From<&'a RespondActivityTaskCompletedInput> for ActivityEnd<'a> {
    fn from(i: &'a RespondActivityTaskCompletedInput) -> Self {
        ActivityEnd::Completed(i)
    }
}

impl<'a> From<&'a RespondActivityTaskFailedInput> for ActivityEnd<'a> {
    fn from(i: &'a RespondActivityTaskFailedInput) -> Self {
        ActivityEnd::Failed(i)
    }
}

impl<'a> From<&'a RespondActivityTaskCanceledInput> for ActivityEnd<'a> {
    fn from(i: &'a RespondActivityTaskCanceledInput) -> Self {
        ActivityEnd::Canceled(i)
    }
}

impl<'a> ActivityEnd<'a> {
    /// The task token.
    fn token(self) -> &'a str {
        match self {
            ActivityEnd::Completed(i) => &i.task_token,
            ActivityEnd::Failed(i) => &i.task_token,
            ActivityEnd::Canceled(i) => &i.task_token,
        }
    }

    /// The event it records, and the members of the answer the event carries.
    fn event(self) -> (&'static str, Vec<(&'static str, &'a Option<String>)>) {
        match self {
            ActivityEnd::Completed(i) => ("ActivityTaskCompleted", vec![("result", &i.result)]),
            ActivityEnd::Failed(i) => (
                "ActivityTaskFailed",
                vec![("reason", &i.reason), ("details", &i.details)],
            ),
            ActivityEnd::Canceled(i) => ("ActivityTaskCanceled", vec![("details", &i.details)]),
        }
    }
}

impl World {
    /// A heartbeat restarts the heartbeat timeout and keeps its details (an
    /// ActivityTaskTimedOut carries the last ones). It reports cancelRequested once the
    /// activity's cancellation was requested, or the execution's.
    pub(super) fn heartbeat(&mut self, input: &RecordActivityTaskHeartbeatInput) -> Reply {
        let now = self.now();
        let (id, activity_cancel) =
            self.activities
                .heartbeat(&input.task_token, input.details.as_deref(), now)?;
        self.deadlines.touch(id);
        let requested = self.cancels.is_requested(id) || activity_cancel;
        Ok(Some(json!({ "cancelRequested": requested })))
    }

    /// ActivityTaskCompleted / Failed / Canceled, then a decision task; a token that
    /// timed out or was answered already is UnknownResourceFault (SWF-WIRE.md §9).
    pub(super) fn finish_activity(&mut self, end: ActivityEnd<'_>) -> Reply {
        let (id, a) = self.activities.finish(end.token())?;
        let mut attrs =
            json!({"scheduledEventId": a.scheduled_id(), "startedEventId": a.started_id()});
        let (event_type, members) = end.event();
        for (member, value) in members {
            if let Some(v) = value {
                attrs[member] = json!(v);
            }
        }
        if let (ActivityEnd::Canceled(_), Some(r)) = (end, a.cancel_requested_id()) {
            attrs["latestCancelRequestedEventId"] = json!(r);
        }
        self.record_for_decider(id, event_type, attrs);
        Ok(None)
    }
}
