//! A case's steps: requests sent in order before its own request (the stateful
//! sequences `swfcheck state` prints are cases of this kind). A step whose answer
//! is not the one stated stops the case with a failure naming the step.

use super::client::{Outgoing, Received, TransportError};
use super::setup::RunContext;
use crate::cases::case::Step;
use crate::cases::template::Vars;
use crate::check::{broken, fault_of};
use serde_json::{Value as Json, json};

/// A step whose answer was not the one stated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StepFailure {
    /// What went wrong, naming the step (1-based) and its operation.
    pub why: String,
    /// The answer was no answer at all (5xx, not JSON, timeout).
    pub broken: bool,
}

/// Runs `steps` in order; a StartWorkflowExecution's runId is kept for `${runIdOf:ID}`.
pub async fn run(ctx: &RunContext, steps: &[Step], vars: &mut Vars) -> Result<(), StepFailure> {
    for (i, step) in steps.iter().enumerate() {
        let Some(r) = send(ctx, i, step, vars).await? else {
            continue;
        };
        let fail = |why: String| StepFailure {
            why: format!("step {} ({}): {why}", i + 1, name(step)),
            broken: false,
        };
        let answer = r.json().unwrap_or(Json::Null);
        let fault = fault_of(&answer).map(|f| f.0);
        let want_status = step.status.unwrap_or(200);
        let status_ok = r.status == want_status;
        let fault_ok = step.fault.is_none() || step.fault == fault;
        if !status_ok || !fault_ok {
            let want = match &step.fault {
                Some(f) => format!("status {want_status} {f}"),
                None => format!("status {want_status}"),
            };
            let got = fault.unwrap_or_else(|| "no fault".into());
            return Err(fail(format!("expected {want}, got {} {got}", r.status)));
        }
    }
    Ok(())
}

/// Sends step `i` (a decider step polls and answers); returns the answer of a request
/// step. A transport failure, a broken answer or a decider that finds no task fails it.
pub async fn send(
    ctx: &RunContext,
    i: usize,
    step: &Step,
    vars: &mut Vars,
) -> Result<Option<Received>, StepFailure> {
    let fail = |why: String, broken: bool| StepFailure {
        why: format!("step {} ({}): {why}", i + 1, name(step)),
        broken,
    };
    if let Some(d) = &step.decide {
        let expand = |t: &str| vars.expand(t).map_err(|e| fail(e.to_string(), false));
        let (domain, task_list) = (expand(&d.domain)?, expand(&d.task_list)?);
        let task = ctx.swf.poll_decision(&domain, &task_list).await;
        let task = task.map_err(|e| fail(e.to_string(), e.is_broken_answer()))?;
        let task = task.ok_or_else(|| fail(format!("no decision task on {task_list}"), false))?;
        let key = crate::model::decision_attributes_key(&d.decision);
        let attributes = match &d.attributes {
            Some(t) => vars
                .table_to_json(t)
                .map_err(|e| fail(e.to_string(), false))?,
            None => json!({}),
        };
        let decisions = json!([{"decisionType": d.decision, key: attributes}]);
        let answered = ctx.swf.respond_decisions(&task.token, decisions).await;
        answered.map_err(|e| fail(e.to_string(), e.is_broken_answer()))?;
        return Ok(None);
    }
    let operation = step.operation.as_deref().unwrap_or_default();
    let body = match &step.body {
        Some(t) => vars
            .table_to_json(t)
            .map_err(|e| fail(e.to_string(), false))?,
        None => json!({}),
    };
    let bytes = serde_json::to_vec(&body).unwrap_or_default();
    let prefix = &crate::model::swf().target_prefix;
    let sent = Outgoing::operation(prefix, operation, bytes.clone());
    let r = ctx.swf.client().send(&sent).await.outcome.map_err(|e| {
        let timeout = matches!(e, TransportError::Timeout(_));
        fail(e.to_string(), timeout)
    })?;
    if let Some(why) = broken(&r) {
        return Err(fail(why, true));
    }
    if r.status == 200 {
        ctx.note_success(operation, &bytes, &r.body);
        if operation == "StartWorkflowExecution" {
            let answer = r.json().unwrap_or(Json::Null);
            let id = body["workflowId"].as_str().unwrap_or_default().to_owned();
            let run_id = answer["runId"].as_str().unwrap_or_default().to_owned();
            vars.run_ids.insert(id, run_id);
        }
    }
    Ok(Some(r))
}

/// A step in words: its operation, or the decision a decider answers with.
pub fn name(step: &Step) -> String {
    match (&step.operation, &step.decide) {
        (Some(op), _) => op.clone(),
        (None, Some(d)) => format!("decider answers {}", d.decision),
        (None, None) => "empty step".into(),
    }
}
