//! The steps of a replay case, one or two per cue of the replay's script: the polls keep
//! their step numbers so that the answers refer to their tokens (`${answer:N:taskToken}`).

use super::{Templates, escape, escaped, toml};
use crate::import::ImportError;
use crate::record::Summary;
use crate::replay::names::{Names, RunRef, Slot, Slotted};
use crate::replay::script::{Cue, CueKind, Deadline, Script};
use serde_json::{Value as Json, json};
use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::Path;

/// The longest pause a case step may make (the case format's limit).
const LONGEST_WAIT: f64 = 60.0;

/// The case's steps as they are written.
pub(super) struct Steps<'a> {
    pub(super) text: String,
    count: usize,
    pub(super) names: Templates<'a>,
    pub(super) summary: Summary,
    /// The step of the last decision poll, by workflow; of the last activity poll, by activity.
    decision: HashMap<usize, usize>,
    activity: HashMap<String, usize>,
}

impl Steps<'_> {
    fn call(&mut self, operation: &str, body: &Json) -> usize {
        self.count += 1;
        let _ = write!(
            self.text,
            "\n[[case.step]]\noperation = {}\nbody = {}\n",
            toml(&json!(operation)),
            toml(body)
        );
        self.summary.exchanges += 1;
        *self
            .summary
            .operations
            .entry(operation.to_owned())
            .or_default() += 1;
        self.count
    }

    fn render(&mut self, body: &Slotted) -> Json {
        let runs_from_history = body
            .slots
            .iter()
            .any(|(_, s)| matches!(s, Slot::Run(RunRef::Event { .. })));
        if runs_from_history {
            let read = json!({"domain": "${domain}", "execution": {"workflowId": self.names.workflow(0), "runId": self.names.run(&RunRef::Started(0))}});
            self.names.history_step = Some(self.call("GetWorkflowExecutionHistory", &read));
        }
        let templated = Slotted {
            json: escaped(&body.json),
            slots: body.slots.clone(),
        };
        templated.render(&self.names)
    }

    fn wait(&mut self, seconds: f64) {
        self.count += 1;
        let _ = write!(
            self.text,
            "\n[[case.step]]\nwait = \"{}ms\"\n",
            (seconds * 1000.0).ceil() as u64
        );
    }

    fn poll(&mut self, operation: &str, list: usize, identity: &str) -> usize {
        let body = json!({"domain": "${domain}", "taskList": {"name": self.names.task_list(list)}, "identity": escape(identity)});
        self.call(operation, &body)
    }
}

fn token(step: usize) -> String {
    format!("${{answer:{step}:taskToken}}")
}

/// The steps of `script`; a deadline longer than a case may wait is an error.
pub(super) fn steps<'a>(
    script: &Script,
    recorded: &'a [Json],
    path: &Path,
) -> Result<Steps<'a>, ImportError> {
    let names = Templates {
        recorded,
        history_step: None,
        main_run: None,
    };
    let mut s = Steps {
        text: String::new(),
        count: 0,
        names,
        summary: Summary::default(),
        decision: HashMap::new(),
        activity: HashMap::new(),
    };
    for call in &script.setup {
        let body = s.render(&call.body);
        s.call(&call.operation, &body);
    }
    for cue in &script.cues {
        s.cue(cue, path)?;
    }
    Ok(s)
}

impl Steps<'_> {
    fn token_of_activity(&self, activity: &str) -> String {
        token(self.activity.get(activity).copied().unwrap_or(0))
    }

    /// The steps of one cue.
    fn cue(&mut self, cue: &Cue, path: &Path) -> Result<(), ImportError> {
        match &cue.kind {
            CueKind::ApiCall(call) => {
                let body = self.render(&call.body);
                self.call(&call.operation, &body);
            }
            CueKind::PollDecision {
                workflow,
                task_list,
                identity,
                ..
            } => {
                let step = self.poll("PollForDecisionTask", *task_list, identity);
                self.decision.insert(*workflow, step);
            }
            CueKind::Decide {
                workflow,
                decisions,
                context,
            } => {
                let list: Vec<Json> = decisions.iter().map(|d| self.render(d)).collect();
                let polled = self.decision.get(workflow).copied().unwrap_or(0);
                let mut body = json!({"taskToken": token(polled), "decisions": list});
                if let Some(c) = context {
                    body["executionContext"] = json!(escape(c));
                }
                self.call("RespondDecisionTaskCompleted", &body);
            }
            CueKind::PollActivity {
                activity,
                task_list,
                identity,
                ..
            } => {
                let step = self.poll("PollForActivityTask", *task_list, identity);
                self.activity.insert(activity.clone(), step);
            }
            CueKind::Heartbeat { activity, details } => {
                let mut body = json!({"taskToken": self.token_of_activity(activity)});
                if let Some(d) = details {
                    body["details"] = escaped(d);
                }
                self.call("RecordActivityTaskHeartbeat", &body);
            }
            CueKind::Answer {
                activity,
                operation,
                body,
            } => {
                let mut body = escaped(body);
                body["taskToken"] = json!(self.token_of_activity(activity));
                self.call(operation, &body);
            }
            CueKind::CloseChild {
                task_list,
                decision,
                ..
            } => {
                let polled = self.poll("PollForDecisionTask", *task_list, "swfcheck-replay-child");
                let body =
                    json!({"taskToken": token(polled), "decisions": [self.render(decision)]});
                self.call("RespondDecisionTaskCompleted", &body);
            }
            CueKind::ContinueInto {
                task_list,
                decision,
            } => self.continue_into(*task_list, decision),
            CueKind::Await(deadline) => return self.pause(cue.event, deadline, path),
        }
        Ok(())
    }

    /// The poll and answer that continue the started run, and the read of its history that
    /// gives the new run's id (the replayed execution's from then on).
    fn continue_into(&mut self, task_list: usize, decision: &Slotted) {
        let polled = self.poll("PollForDecisionTask", task_list, "swfcheck-replay");
        let body = json!({"taskToken": token(polled), "decisions": [self.render(decision)]});
        self.call("RespondDecisionTaskCompleted", &body);
        let before = format!("${{answer:{polled}:workflowExecution.runId}}");
        let execution = json!({"workflowId": self.names.workflow(0), "runId": before});
        let read = json!({"domain": "${domain}", "execution": execution});
        let step = self.call("GetWorkflowExecutionHistory", &read);
        let key = "workflowExecutionContinuedAsNewEventAttributes";
        self.names.main_run = Some(format!(
            "${{answer:{step}:events.4.{key}.newExecutionRunId}}"
        ));
    }

    /// A pause for a deadline: its duration and half a second; one a case may not make is
    /// an error.
    fn pause(&mut self, event: i64, deadline: &Deadline, path: &Path) -> Result<(), ImportError> {
        match deadline.seconds {
            Some(secs) if secs <= LONGEST_WAIT => {
                self.wait(secs + 0.5);
                Ok(())
            }
            _ => Err(ImportError::History {
                path: path.to_owned(),
                reason: format!(
                    "event {event} ({}) waits for {}: longer than a case step may pause (60 s) (hint: `swfcheck replay` moves the endpoint's clock instead)",
                    deadline.event_type, deadline.what
                ),
            }),
        }
    }
}
