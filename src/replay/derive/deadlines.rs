//! The events time brings: a timer fires, a decision or activity task, an execution, a child
//! or a Lambda function times out. Each becomes a wait for its deadline, counted from the
//! written event that starts its clock.

use super::Walk;
use crate::replay::events::{attrs, id, kind, number, seconds, text};
use crate::replay::script::{CueKind, Deadline};
use serde_json::Value as Json;

impl Walk<'_> {
    /// The wait for the deadline that brings `e`, if time brings it.
    pub(super) fn deadline(&mut self, e: &Json) {
        match kind(e) {
            "DecisionTaskTimedOut" => self.decision_timeout(e),
            "ActivityTaskTimedOut" => self.activity_timeout(e),
            "TimerFired" => {
                let started = self.event(number(e, "startedEventId"));
                let timer = text(e, "timerId").unwrap_or_default();
                let secs = seconds(&attrs(started)["startToFireTimeout"]);
                self.wait(e, format!("timer {timer:?}"), id(started), None, secs);
            }
            "WorkflowExecutionTimedOut" => {
                let secs = seconds(&attrs(self.event(1))["executionStartToCloseTimeout"]);
                let what = "the execution's start-to-close timeout".into();
                self.wait(e, what, 1, None, secs);
            }
            "ChildWorkflowExecutionTimedOut" => {
                let initiated = self.event(number(e, "initiatedEventId"));
                let child = text(initiated, "workflowId").unwrap_or_default();
                let secs = seconds(&attrs(initiated)["executionStartToCloseTimeout"]);
                let what = format!("child {child:?}'s start-to-close timeout");
                self.wait(e, what, number(e, "startedEventId"), None, secs);
            }
            "LambdaFunctionTimedOut" => {
                let scheduled = self.event(number(e, "scheduledEventId"));
                let secs = seconds(&attrs(scheduled)["startToCloseTimeout"]);
                let what = "a Lambda function's start-to-close timeout".into();
                self.wait(e, what, number(e, "startedEventId"), None, secs);
            }
            _ => {}
        }
    }

    fn decision_timeout(&mut self, e: &Json) {
        let scheduled = self.event(number(e, "scheduledEventId"));
        let (from, member) = match text(e, "timeoutType") {
            Some("SCHEDULE_TO_START") => (id(scheduled), "scheduleToStartTimeout"),
            _ => (number(e, "startedEventId"), "startToCloseTimeout"),
        };
        let secs = seconds(&attrs(scheduled)[member]);
        self.wait(e, format!("the decision task's {member}"), from, None, secs);
    }

    fn activity_timeout(&mut self, e: &Json) {
        let scheduled = self.event(number(e, "scheduledEventId"));
        let activity = text(scheduled, "activityId").unwrap_or_default().to_owned();
        let started = number(e, "startedEventId");
        let details = attrs(e).get("details").cloned();
        if started > 0 && details.is_some() {
            self.push(
                id(e),
                CueKind::Heartbeat {
                    activity: activity.clone(),
                    details,
                },
            );
        }
        let timeout = text(e, "timeoutType").unwrap_or_default();
        let (from, member, heartbeat) = match timeout {
            "SCHEDULE_TO_START" => (id(scheduled), "scheduleToStartTimeout", None),
            "SCHEDULE_TO_CLOSE" => (id(scheduled), "scheduleToCloseTimeout", None),
            "HEARTBEAT" => (started, "heartbeatTimeout", Some(activity.clone())),
            _ => (started, "startToCloseTimeout", None),
        };
        let secs = seconds(&attrs(scheduled)[member]);
        self.wait(
            e,
            format!("activity {activity:?}'s {member}"),
            from,
            heartbeat,
            secs,
        );
    }

    pub(super) fn wait(
        &mut self,
        e: &Json,
        what: String,
        from: i64,
        heartbeat_of: Option<String>,
        seconds: Option<f64>,
    ) {
        let shown = match seconds {
            Some(s) => format!("{what} ({s} s)"),
            None => format!("{what} (NONE)"),
        };
        let deadline = Deadline {
            event_type: kind(e).into(),
            what: shown,
            from,
            heartbeat_of,
            seconds,
        };
        self.push(id(e), CueKind::Await(deadline));
    }
}
