//! The decider's, the workers' and the children's steps: polls, answers, heartbeats.

use super::{DriveError, Driver, Flow};
use crate::replay::names::{Names, Slotted};
use serde_json::{Value as Json, json};

impl Driver<'_> {
    /// Polls `list`: the task token and the whole answer, or why there is none.
    pub(super) async fn poll(
        &self,
        operation: &str,
        list: &str,
        identity: &str,
    ) -> Result<Result<(String, Json), String>, DriveError> {
        let body = json!({"domain": self.names.domain(), "taskList": {"name": list}, "identity": identity});
        Ok(match self.send(operation, body).await? {
            Ok(answer) => match answer["taskToken"].as_str().filter(|t| !t.is_empty()) {
                Some(token) => Ok((token.to_owned(), answer)),
                None => Err(format!("{operation} on {list} came back empty")),
            },
            Err(e) => Err(e.to_string()),
        })
    }

    pub(super) async fn respond(
        &mut self,
        token: &str,
        decisions: &[Slotted],
        context: Option<&str>,
    ) -> Flow {
        let mut list = Vec::new();
        for d in decisions {
            self.resolve_runs(d).await?;
            list.push(d.render(&self.names));
        }
        let mut body = json!({"taskToken": token, "decisions": list});
        if let Some(c) = context {
            body["executionContext"] = json!(c);
        }
        match self.send("RespondDecisionTaskCompleted", body).await? {
            Ok(_) => Ok(None),
            Err(e) => Ok(Some(format!("the decisions were refused: {e}"))),
        }
    }

    pub(super) async fn heartbeat(
        &mut self,
        n: i64,
        activity: &str,
        details: Option<&Json>,
    ) -> Flow {
        let Some(token) = self.activity_tokens.get(activity) else {
            self.journal.notes.push(format!(
                "event {n}: no task of activity {activity:?} to heartbeat"
            ));
            return Ok(None);
        };
        let mut body = json!({"taskToken": token});
        if let Some(d) = details {
            body["details"] = d.clone();
        }
        if let Err(e) = self.send("RecordActivityTaskHeartbeat", body).await? {
            self.journal.notes.push(format!("event {n}: {e}"));
        }
        if let Some(now) = self.clock.now().await {
            self.heartbeats.insert(activity.to_owned(), now);
        }
        Ok(None)
    }

    pub(super) async fn answer(
        &mut self,
        n: i64,
        activity: &str,
        operation: &str,
        body: &Json,
    ) -> Flow {
        let Some(token) = self.activity_tokens.remove(activity) else {
            self.journal.notes.push(format!(
                "event {n}: no task of activity {activity:?} to answer"
            ));
            return Ok(None);
        };
        let mut body = body.clone();
        body["taskToken"] = json!(token);
        if let Err(e) = self.send(operation, body).await? {
            self.journal.notes.push(format!("event {n}: {e}"));
        }
        Ok(None)
    }

    pub(super) async fn close_child(
        &mut self,
        n: i64,
        workflow: usize,
        task_list: usize,
        decision: &Slotted,
    ) -> Flow {
        let list = self.names.task_list(task_list);
        let token = match self
            .poll("PollForDecisionTask", &list, "swfcheck-replay-child")
            .await?
        {
            Ok((token, _)) => token,
            Err(why) => {
                let child = self.names.workflow(workflow);
                self.journal.notes.push(format!(
                    "event {n}: the decision task of child {child} was not handed out ({why})"
                ));
                return Ok(None);
            }
        };
        let body = json!({"taskToken": token, "decisions": [decision.render(&self.names)]});
        if let Err(e) = self.send("RespondDecisionTaskCompleted", body).await? {
            self.journal.notes.push(format!("event {n}: {e}"));
        }
        Ok(None)
    }

    /// Continues the run the replay started as new; the new run is the replayed execution.
    pub(super) async fn continue_into(&mut self, task_list: usize, decision: &Slotted) -> Flow {
        let list = self.names.task_list(task_list);
        let (token, answer) = match self
            .poll("PollForDecisionTask", &list, "swfcheck-replay")
            .await?
        {
            Ok(polled) => polled,
            Err(why) => {
                return Ok(Some(format!(
                    "the run to continue had no decision task ({why})"
                )));
            }
        };
        let body = json!({"taskToken": token, "decisions": [decision.render(&self.names)]});
        if let Err(e) = self.send("RespondDecisionTaskCompleted", body).await? {
            return Ok(Some(format!("the run to continue was not continued: {e}")));
        }
        let before = crate::run::swf::ExecutionRef {
            domain: self.names.domain(),
            workflow_id: self.names.workflow(0),
            run_id: answer["workflowExecution"]["runId"]
                .as_str()
                .unwrap_or_default()
                .to_owned(),
        };
        let events = self.swf.history(&before).await.unwrap_or_default();
        let new_run = events
            .iter()
            .rev()
            .find_map(|e| crate::replay::events::attrs(e)["newExecutionRunId"].as_str());
        match new_run {
            Some(run) => {
                self.names.started.insert(0, run.to_owned());
                Ok(None)
            }
            None => Ok(Some(
                "the run to continue shows no WorkflowExecutionContinuedAsNew".into(),
            )),
        }
    }
}
