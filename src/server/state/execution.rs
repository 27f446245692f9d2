//! One workflow execution: the RunSpec it was started from (whose settings() is the one
//! place a run's settings are written as JSON), what it holds open (decision task,
//! activities, timers, children), how it describes itself, and when its next deadline falls.

use serde_json::{Value as Json, json};
use std::collections::BTreeMap;

/// How an execution closed (the model's CloseStatus).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CloseStatus {
    /// CompleteWorkflowExecution.
    Completed,
    /// FailWorkflowExecution.
    Failed,
    /// CancelWorkflowExecution.
    Canceled,
    /// TerminateWorkflowExecution, or a parent's TERMINATE child policy.
    Terminated,
    /// ContinueAsNewWorkflowExecution.
    ContinuedAsNew,
    /// The execution's start-to-close timeout.
    TimedOut,
}

impl CloseStatus {
    /// The status as the model spells it.
    pub fn as_str(self) -> &'static str {
        match self {
            CloseStatus::Completed => "COMPLETED",
            CloseStatus::Failed => "FAILED",
            CloseStatus::Canceled => "CANCELED",
            CloseStatus::Terminated => "TERMINATED",
            CloseStatus::ContinuedAsNew => "CONTINUED_AS_NEW",
            CloseStatus::TimedOut => "TIMED_OUT",
        }
    }
}

/// Where the execution's decision task is.
#[derive(Debug, Clone, PartialEq)]
pub enum DecisionState {
    /// None scheduled or started.
    Idle,
    /// Scheduled, waiting for a decider.
    Scheduled {
        /// The DecisionTaskScheduled event.
        scheduled_id: i64,
    },
    /// Handed to a decider.
    Started {
        /// The DecisionTaskScheduled event.
        scheduled_id: i64,
        /// The DecisionTaskStarted event.
        started_id: i64,
        /// When it was handed out.
        started_at: f64,
        /// The task token.
        token: String,
        /// Events the decider must see arrived meanwhile: schedule another on completion.
        again: bool,
    },
}

/// An open activity task.
#[derive(Debug, Clone)]
pub struct Activity {
    pub(super) activity_type: Json,
    pub(super) input: Option<String>,
    pub(super) scheduled_id: i64,
    pub(super) scheduled_at: f64,
    pub(super) started: Option<StartedActivity>,
    pub(super) timeouts: ActivityTimeouts,
    pub(super) cancel_requested_id: Option<i64>,
}

/// A started activity task.
#[derive(Debug, Clone)]
pub struct StartedActivity {
    pub(super) started_id: i64,
    pub(super) started_at: f64,
    pub(super) token: String,
    pub(super) last_beat: f64,
    pub(super) details: Option<String>,
}

/// An activity task's timeouts in seconds (`None`: NONE).
#[derive(Debug, Clone, Copy, Default)]
pub struct ActivityTimeouts {
    pub(super) schedule_to_start: Option<f64>,
    pub(super) schedule_to_close: Option<f64>,
    pub(super) start_to_close: Option<f64>,
    pub(super) heartbeat: Option<f64>,
}

/// A started timer.
#[derive(Debug, Clone)]
pub struct Timer {
    pub(super) started_id: i64,
    pub(super) fire_at: f64,
}

/// An open child execution, by the parent's StartChildWorkflowExecutionInitiated event.
#[derive(Debug, Clone)]
pub struct Child {
    pub(super) execution: u64,
    pub(super) started_id: i64,
}

/// The parent of a child execution.
#[derive(Debug, Clone)]
pub struct ParentLink {
    pub(super) execution: u64,
    pub(super) initiated_id: i64,
    pub(super) reference: Json,
}

/// Something of an execution that falls due at a time.
#[derive(Debug, Clone, PartialEq)]
pub enum Due {
    /// The execution's start-to-close timeout.
    Execution,
    /// The started decision task's start-to-close timeout.
    DecisionTask,
    /// A timer fires.
    Timer(String),
    /// An activity task times out (the model's ActivityTaskTimeoutType).
    Activity(String, &'static str),
    /// A closed execution's retention period ends.
    Purge,
}

/// Everything a new run is started with.
#[derive(Debug, Clone)]
pub struct RunSpec {
    pub(super) domain: String,
    pub(super) workflow_id: String,
    pub(super) workflow_type: Json,
    pub(super) task_list: String,
    pub(super) task_priority: Option<String>,
    pub(super) child_policy: String,
    pub(super) execution_timeout: String,
    pub(super) task_timeout: String,
    pub(super) lambda_role: Option<String>,
    /// `None` for a `null` element, kept and shown back (SWF-WIRE.md §7).
    pub(super) tag_list: Vec<Option<String>>,
    pub(super) input: Option<String>,
    pub(super) parent: Option<ParentLink>,
    pub(super) continued_from: Option<String>,
}

impl RunSpec {
    /// The run's settings as its WorkflowExecutionStarted, StartChildWorkflowExecutionInitiated
    /// and WorkflowExecutionContinuedAsNew events show them.
    pub(super) fn settings(&self) -> Json {
        let mut event = json!({
            "workflowType": self.workflow_type,
            "taskList": {"name": self.task_list},
            "childPolicy": self.child_policy,
            "executionStartToCloseTimeout": self.execution_timeout,
            "taskStartToCloseTimeout": self.task_timeout,
        });
        for (member, value) in [
            ("input", &self.input),
            ("taskPriority", &self.task_priority),
            ("lambdaRole", &self.lambda_role),
        ] {
            if let Some(v) = value {
                event[member] = json!(v);
            }
        }
        if !self.tag_list.is_empty() {
            event["tagList"] = json!(self.tag_list);
        }
        event
    }

    /// The run's executionConfiguration as DescribeWorkflowExecution shows it: its
    /// settings without the type, input and tags.
    pub(super) fn configuration(&self) -> Json {
        let mut config = self.settings();
        if let Some(members) = config.as_object_mut() {
            for member in ["workflowType", "input", "tagList"] {
                members.remove(member);
            }
        }
        config
    }
}

/// One workflow execution.
#[derive(Debug, Clone)]
pub struct Execution {
    /// What it was started with: domain, workflowId, type, settings, tags and parent.
    pub(super) spec: RunSpec,
    pub(super) run_id: String,
    pub(super) started: f64,
    pub(super) closed: Option<(f64, CloseStatus)>,
    pub(super) retention_days: f64,
    pub(super) cancel_requested: bool,
    pub(super) events: Vec<Json>,
    pub(super) decision: DecisionState,
    pub(super) activities: BTreeMap<String, Activity>,
    pub(super) timers: BTreeMap<String, Timer>,
    pub(super) children: BTreeMap<i64, Child>,
    pub(super) previous_started_event_id: i64,
    pub(super) latest_execution_context: Option<String>,
    pub(super) latest_activity_scheduled: Option<f64>,
    /// The deadline under which it is indexed in the world's deadline set.
    pub(super) indexed_deadline: Option<i64>,
}

/// Seconds of a duration string: `Some(None)` for "NONE", `None` when it is not a duration.
pub fn seconds(value: &str) -> Option<Option<f64>> {
    if value == "NONE" {
        return Some(None);
    }
    value.parse::<u64>().ok().map(|s| Some(s as f64))
}

/// Seconds of a duration string, no deadline for NONE or anything unreadable.
pub fn timeout(value: &str) -> Option<f64> {
    seconds(value).flatten()
}

impl Execution {
    /// Whether it is still open.
    pub fn is_open(&self) -> bool {
        self.closed.is_none()
    }

    /// `{"workflowId", "runId"}`.
    pub fn reference(&self) -> Json {
        json!({"workflowId": self.spec.workflow_id, "runId": self.run_id})
    }

    /// The time of its latest event (every later event is at least this late).
    pub fn last_event_time(&self) -> f64 {
        self.events
            .last()
            .and_then(|e| e["eventTimestamp"].as_f64())
            .unwrap_or(self.started)
    }

    /// WorkflowExecutionInfo as the model shapes it.
    pub(super) fn info(&self) -> Json {
        let mut info = json!({
            "execution": self.reference(),
            "workflowType": self.spec.workflow_type,
            "startTimestamp": self.started,
            "executionStatus": if self.is_open() { "OPEN" } else { "CLOSED" },
            "cancelRequested": self.cancel_requested,
        });
        if let Some((t, status)) = self.closed {
            info["closeTimestamp"] = json!(t);
            info["closeStatus"] = json!(status.as_str());
        }
        if let Some(p) = &self.spec.parent {
            info["parent"] = p.reference.clone();
        }
        if !self.spec.tag_list.is_empty() {
            info["tagList"] = json!(self.spec.tag_list);
        }
        info
    }

    /// The five counters of WorkflowExecutionOpenCounts (SWF-WIRE.md §7).
    pub(super) fn open_counts(&self) -> Json {
        json!({
            "openActivityTasks": self.activities.len(),
            "openDecisionTasks": i64::from(self.decision != DecisionState::Idle),
            "openTimers": self.timers.len(),
            "openChildWorkflowExecutions": self.children.len(),
            "openLambdaFunctions": 0,
        })
    }

    /// What falls due first, and when; for a closed execution, the end of its retention.
    pub(super) fn next_due(&self) -> Option<(f64, Due)> {
        if let Some((closed_at, _)) = self.closed {
            return Some((closed_at + self.retention_days * 86_400.0, Due::Purge));
        }
        let mut best: Option<(f64, Due)> = None;
        let mut offer = |at: Option<f64>, due: Due| {
            if let Some(at) = at {
                if best.as_ref().is_none_or(|(b, _)| at < *b) {
                    best = Some((at, due));
                }
            }
        };
        offer(
            timeout(&self.spec.execution_timeout).map(|s| self.started + s),
            Due::Execution,
        );
        if let DecisionState::Started { started_at, .. } = self.decision {
            offer(
                timeout(&self.spec.task_timeout).map(|s| started_at + s),
                Due::DecisionTask,
            );
        }
        for (id, t) in &self.timers {
            offer(Some(t.fire_at), Due::Timer(id.clone()));
        }
        for (id, a) in &self.activities {
            let t = a.timeouts;
            let after = |from: f64, s: Option<f64>| s.map(|s| from + s);
            offer(
                after(a.scheduled_at, t.schedule_to_close),
                Due::Activity(id.clone(), "SCHEDULE_TO_CLOSE"),
            );
            match &a.started {
                None => offer(
                    after(a.scheduled_at, t.schedule_to_start),
                    Due::Activity(id.clone(), "SCHEDULE_TO_START"),
                ),
                Some(s) => {
                    offer(
                        after(s.started_at, t.start_to_close),
                        Due::Activity(id.clone(), "START_TO_CLOSE"),
                    );
                    offer(
                        after(s.last_beat, t.heartbeat),
                        Due::Activity(id.clone(), "HEARTBEAT"),
                    );
                }
            }
        }
        best
    }
}
