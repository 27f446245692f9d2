//! What the replay checks besides the history: the task a poll hands out is the one the
//! history shows (its workflowType; its activityId, activityType and input), and the
//! execution is described as the history ends (open, or closed with its closing status).

use super::{DriveError, Driver, Mismatch, is_unreachable};
use crate::replay::events::kind;
use serde_json::{Value as Json, json};

impl Driver<'_> {
    /// Notes each member of `expect` the task handed out has otherwise.
    pub(super) fn check_task(&mut self, n: i64, task: &str, answer: &Json, expect: &Json) {
        let back = crate::replay::names::back_map(&self.names.table, &self.names);
        let mut answer = answer.clone();
        crate::replay::names::rename(&mut answer, &back);
        for (member, want) in expect.as_object().into_iter().flatten() {
            let got = answer.get(member).cloned().unwrap_or(Json::Null);
            if got != *want {
                self.journal.mismatches.push(Mismatch {
                    event: n,
                    what: format!("the {task} task's {member}"),
                    recorded: want.clone(),
                    written: got,
                });
            }
        }
    }

    /// Compares what DescribeWorkflowExecution says of the replayed execution with how the
    /// history ends: open, or closed with the status of its closing event.
    pub async fn check_described(&mut self, last: &Json) -> Result<(), DriveError> {
        let ex = self.execution();
        if ex.run_id.is_empty() || self.journal.stopped.is_some() {
            return Ok(());
        }
        let info = match self.swf.describe(&ex).await {
            Ok(info) => info,
            Err(e) if is_unreachable(&e) => return Err(DriveError::Unreachable(e.to_string())),
            Err(_) => return Ok(()),
        };
        let status = |closing: &str| {
            let word = closing.trim_start_matches("WorkflowExecution");
            let upper: String = word
                .chars()
                .flat_map(|c| {
                    let sep = c.is_ascii_uppercase().then_some('_');
                    sep.into_iter()
                        .chain(std::iter::once(c.to_ascii_uppercase()))
                })
                .collect();
            upper.trim_start_matches('_').to_owned()
        };
        let recorded = match kind(last) {
            k if crate::replay::events::closes(k) => {
                json!({"executionStatus": "CLOSED", "closeStatus": status(k)})
            }
            _ => json!({"executionStatus": "OPEN"}),
        };
        let written = crate::replay::events::pick(&info, &["executionStatus", "closeStatus"]);
        if written != recorded {
            self.journal.mismatches.push(Mismatch {
                event: crate::replay::events::id(last),
                what: "DescribeWorkflowExecution's executionStatus and closeStatus".into(),
                recorded,
                written,
            });
        }
        Ok(())
    }
}
