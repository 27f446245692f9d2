//! A plan's journey: its setup and steps sent in order, then the case's request, the
//! follow-up and the reads; what the endpoint issued on the way is bound into what comes
//! after it. Every exchange is kept under the label of the step that made it, so that a
//! step that fails is shown with what it sent and got. The runner knows requests and
//! answers, not what the checks look at.

use super::context::RunContext;
use super::swf::{CallError, Log, Swf};
use crate::cases::case::Setup;
use crate::check::{After, Needs, Which};
use crate::outcome::exchange::{broken, fault_of, not_implemented};
use crate::outcome::{Exchange, Outgoing, Received, TransportError};
use crate::plan::{
    Action, Call, ExecutionRef, Expect, FollowUp, Issued, Keep, Plan, PlannedStep, Role,
};
use serde_json::Value as Json;

/// A step (of the setup or the case) that did not get the answer it must get.
#[derive(Debug, Clone)]
pub struct Failure {
    /// Whose step it was.
    pub role: Role,
    /// The step in words: `setup open: StartWorkflowExecution`, `step 2 (SignalWorkflowExecution)`.
    pub label: String,
    /// What went wrong.
    pub why: String,
    /// The answer was no answer at all (5xx, not JSON, timeout).
    pub broken: bool,
    /// The fault the endpoint answered, if any.
    pub fault: Option<String>,
    /// The operation (or decision) the answer says the endpoint does not implement.
    pub missing: Option<String>,
    /// The exchange that failed (none when no request was sent).
    pub exchange: Option<Exchange>,
}

/// What a plan's journey collected.
#[derive(Debug)]
pub struct Journey {
    /// What the endpoint issued.
    pub issued: Issued,
    /// The step that stopped the journey, if one did.
    pub failure: Option<Failure>,
    /// The case's own request and its answer (none when a step stopped the journey).
    pub exchange: Option<Exchange>,
    /// What the reads found: of the current execution, then of the previous one.
    pub after: [After; 2],
    /// Every exchange, in order, under the label of the step that made it.
    pub log: Vec<(String, Exchange)>,
}

/// Sends `plan`: its setup and steps, its request, its follow-up and reads. `issued`
/// holds what earlier journeys of the same sequence were issued (`swfcheck state`).
pub async fn travel(ctx: &RunContext, plan: &Plan<'_>, issued: Issued) -> Journey {
    let log = Log::default();
    let mut journey = Journey {
        issued,
        failure: None,
        exchange: None,
        after: Default::default(),
        log: Vec::new(),
    };
    if let Err(f) = steps(ctx, &log, plan, &mut journey.issued).await {
        journey.failure = Some(f);
        journey.log = log.take();
        return journey;
    }
    let outgoing = plan.outgoing(&journey.issued);
    let exchange = ctx.swf.recording(&log, "request").send(&outgoing).await;
    if let Ok(r) = &exchange.outcome {
        if r.status == 200 {
            ctx.note_success(&plan.case.operation, &outgoing.body, &r.body);
        }
    }
    journey.exchange = Some(exchange);
    let swf = ctx.swf.recording(&log, "after the request");
    journey.after = follow_up(&swf, plan, &journey.issued).await;
    journey.log = log.take();
    journey
}

/// The setup's steps (under the run's lock on the deprecated domain when the plan says
/// so), then the case's.
async fn steps(
    ctx: &RunContext,
    log: &Log,
    plan: &Plan<'_>,
    issued: &mut Issued,
) -> Result<(), Failure> {
    let (setup, own): (Vec<&PlannedStep>, Vec<&PlannedStep>) = plan
        .steps
        .iter()
        .partition(|s| matches!(s.role, Role::Setup(_)));
    {
        let _only_one = match plan.exclusive {
            true => Some(ctx.deprecated_domain.lock().await),
            false => None,
        };
        for step in setup {
            let label = label(step);
            let swf = ctx.swf.recording(log, &label);
            if let Err(e) = setup_step(ctx, &swf, step, issued).await {
                return Err(setup_failure(step, label, &e, log));
            }
        }
    }
    for step in own {
        send_step(ctx, log, step, issued).await?;
    }
    Ok(())
}

/// What a failed setup step says: its call's error, and the last exchange it made.
fn setup_failure(step: &PlannedStep, label: String, e: &CallError, log: &Log) -> Failure {
    let exchange = log.last(Some(&label));
    let missing = exchange.as_ref().and_then(missing_in);
    Failure {
        role: step.role,
        why: match step.role {
            Role::Setup(s) => format!("setup {s:?} failed: {e}"),
            Role::Step(_) => e.to_string(),
        },
        label,
        broken: e.is_broken_answer(),
        fault: e.fault().map(str::to_owned),
        missing,
        exchange,
    }
}

/// What the answer of `ex` says the endpoint does not implement.
fn missing_in(ex: &Exchange) -> Option<String> {
    let r = ex.outcome.as_ref().ok()?;
    let target = ex
        .sent
        .headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("x-amz-target"))
        .map(|(_, v)| v.rsplit('.').next().unwrap_or(v).to_owned())
        .unwrap_or_default();
    not_implemented(&target, r)
}

/// A step in words, as journeys label its exchanges.
pub fn label(step: &PlannedStep) -> String {
    match step.role {
        Role::Setup(s) => format!("setup {}: {}", setup_name(s), name(&step.action)),
        Role::Step(n) => format!("step {n} ({})", name(&step.action)),
    }
}

/// A setup as case files name it (`open-activity`).
fn setup_name(s: Setup) -> String {
    serde_json::to_value(s)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_else(|| format!("{s:?}"))
}

impl RunContext {
    /// Creates what `setup` asks for, as the case at `index` would: what the endpoint
    /// issued (the case's executions, the activity task's token), or the call that failed.
    pub async fn prepare_case(&self, index: usize, setup: Setup) -> Result<Issued, CallError> {
        let ctx = self.plan_context();
        let mut issued = Issued::default();
        let name = format!("{}-{index}", ctx.prefix);
        let _only_one = match setup {
            Setup::DeprecatedDomain => Some(self.deprecated_domain.lock().await),
            _ => None,
        };
        for step in crate::plan::setup::steps(setup, &ctx, &name) {
            setup_step(self, &self.swf, &step, &mut issued).await?;
        }
        Ok(issued)
    }
}

/// One step of a setup: any answer but the one it needs is the setup's failure.
async fn setup_step(
    ctx: &RunContext,
    swf: &Swf,
    step: &PlannedStep,
    issued: &mut Issued,
) -> Result<(), CallError> {
    match &step.action {
        Action::Call(call) => {
            let body = issued.bind_json(&call.body);
            let out = match (swf.call(&call.operation, body.clone()).await, &call.expect) {
                (Ok(out), _) => out,
                (Err(e), Expect::SuccessOr(f)) if e.fault() == Some(f) => return Ok(()),
                (Err(e), _) => return Err(e),
            };
            keep_started(ctx, call.keep, &body, &out, issued)
        }
        Action::Decide {
            domain,
            task_list,
            decisions,
        } => decide(swf, domain, task_list, decisions.clone()).await,
        Action::TakeActivity { domain, task_list } => {
            let task = swf.poll_activity(domain, task_list).await?;
            let task = task.ok_or_else(|| CallError::Unexpected {
                operation: "PollForActivityTask".into(),
                detail: format!("no activity task on {task_list}"),
            })?;
            issued.task_token = Some(task.token);
            Ok(())
        }
        Action::TakeDecision { domain, task_list } => {
            let task = swf.poll_decision(domain, task_list).await?;
            let task = task.ok_or_else(|| CallError::Unexpected {
                operation: "PollForDecisionTask".into(),
                detail: format!("no decision task on {task_list}"),
            })?;
            issued.task_token = Some(task.token);
            Ok(())
        }
        Action::Wait(d) => {
            tokio::time::sleep(*d).await;
            Ok(())
        }
    }
}

/// The execution a setup's StartWorkflowExecution started, as the case's current or
/// previous one (recorded for cleanup).
fn keep_started(
    ctx: &RunContext,
    keep: Keep,
    body: &Json,
    out: &Json,
    issued: &mut Issued,
) -> Result<(), CallError> {
    if !matches!(keep, Keep::Current | Keep::Previous) {
        return Ok(());
    }
    let run_id = out["runId"].as_str().ok_or_else(|| CallError::Unexpected {
        operation: "StartWorkflowExecution".into(),
        detail: format!("no runId in {out}"),
    })?;
    let ex = ExecutionRef {
        domain: body["domain"].as_str().unwrap_or_default().to_owned(),
        workflow_id: body["workflowId"].as_str().unwrap_or_default().to_owned(),
        run_id: run_id.to_owned(),
    };
    ctx.record(&ex);
    match keep {
        Keep::Previous => issued.previous = Some(ex),
        _ => issued.current = Some(ex),
    }
    Ok(())
}

/// Sends one of the case's own steps; a decider step polls and answers. Its answer must
/// be the one the case file states. Returns a request step's answer.
pub async fn send_step(
    ctx: &RunContext,
    log: &Log,
    step: &PlannedStep,
    issued: &mut Issued,
) -> Result<Option<Received>, Failure> {
    let label = label(step);
    let swf = ctx.swf.recording(log, &label);
    let fail = |why: String, broken: bool| {
        let exchange = log.last(Some(&label));
        Failure {
            role: step.role,
            why: format!("{label}: {why}"),
            label: label.clone(),
            broken,
            fault: exchange.as_ref().and_then(|ex| {
                let r = ex.outcome.as_ref().ok()?;
                fault_of(&r.json()?).map(|f| f.0)
            }),
            missing: exchange.as_ref().and_then(missing_in),
            exchange,
        }
    };
    let n = match step.role {
        Role::Step(n) => n,
        Role::Setup(_) => 0,
    };
    match &step.action {
        Action::Call(call) => {
            let r = send_call(ctx, &swf, n, call, issued)
                .await
                .map_err(|(why, b)| fail(why, b))?;
            judge_step(&r, &call.expect).map_err(|why| fail(why, false))?;
            Ok(Some(r))
        }
        Action::Decide {
            domain,
            task_list,
            decisions,
        } => {
            let (domain, task_list) = (issued.bind(domain), issued.bind(task_list));
            let token = swf.poll_decision(&domain, &task_list).await;
            let token = token.map_err(|e| fail(e.to_string(), e.is_broken_answer()))?;
            let Some(token) = token.map(|t| t.token) else {
                return Err(fail(format!("no decision task on {task_list}"), false));
            };
            let answered = swf
                .respond_decisions(&token, issued.bind_json(decisions))
                .await;
            answered.map_err(|e| fail(e.to_string(), e.is_broken_answer()))?;
            Ok(None)
        }
        Action::TakeActivity { .. } | Action::TakeDecision { .. } => {
            Err(fail("taking a task is a setup's step".into(), false))
        }
        Action::Wait(d) => {
            tokio::time::sleep(*d).await;
            Ok(None)
        }
    }
}

/// Sends a step's request; keeps what a 200 issued. A transport failure or a broken
/// answer is the step's failure (`(why, broken)`).
async fn send_call(
    ctx: &RunContext,
    swf: &Swf,
    n: usize,
    call: &Call,
    issued: &mut Issued,
) -> Result<Received, (String, bool)> {
    let body = issued.bind_json(&call.body);
    let bytes = serde_json::to_vec(&body).unwrap_or_default();
    let prefix = &crate::model::swf().target_prefix;
    let mut sent = Outgoing::operation(prefix, &call.operation, bytes.clone());
    if let Some(target) = &call.target {
        sent.headers.retain(|(k, _)| k != "X-Amz-Target");
        sent.headers.push(("X-Amz-Target".into(), target.clone()));
    }
    let r = swf.send(&sent).await.outcome.map_err(|e| {
        let timeout = matches!(e, TransportError::Timeout(_));
        (e.to_string(), timeout)
    })?;
    if let Some(why) = broken(&r) {
        return Err((why, true));
    }
    if r.status == 200 {
        ctx.note_success(&call.operation, &bytes, &r.body);
        if let Some(answer) = r.json() {
            issued.keep_answer(n, &answer);
            if call.operation == "StartWorkflowExecution" {
                let id = body["workflowId"].as_str().unwrap_or_default().to_owned();
                let run_id = answer["runId"].as_str().unwrap_or_default().to_owned();
                issued.run_ids.insert(id, run_id);
            }
        }
    }
    Ok(r)
}

/// Whether a step's answer is the one its case file states.
fn judge_step(r: &Received, expect: &Expect) -> Result<(), String> {
    let Expect::Answer {
        status,
        fault: want_fault,
        answer_shape,
    } = expect
    else {
        return Ok(());
    };
    let answer = r.json().unwrap_or(Json::Null);
    let fault = fault_of(&answer).map(|f| f.0);
    let fault_ok = want_fault.is_none() || *want_fault == fault;
    if r.status != *status || !fault_ok {
        let want = match want_fault {
            Some(f) => format!("status {status} {f}"),
            None => format!("status {status}"),
        };
        let got = fault.unwrap_or_else(|| "no fault".into());
        return Err(format!("expected {want}, got {} {got}", r.status));
    }
    if let Some(text) = answer_shape {
        let departures = match serde_json::from_str::<Json>(text) {
            Ok(want) => crate::check::recorded_shape::mismatches(&want, &answer),
            Err(e) => vec![format!("answer_shape is not JSON: {e}")],
        };
        if !departures.is_empty() {
            return Err(format!(
                "the answer departs from the recorded shape: {}",
                departures.join("; ")
            ));
        }
    }
    Ok(())
}

/// A step in words: its operation, or the decision a decider answers with.
pub fn name(action: &Action) -> String {
    match action {
        Action::Call(c) => c.operation.clone(),
        Action::Decide { decisions, .. } => format!(
            "decider answers {}",
            decisions[0]["decisionType"].as_str().unwrap_or("nothing")
        ),
        Action::TakeActivity { .. } => "worker takes an activity task".into(),
        Action::TakeDecision { .. } => "decider takes a decision task".into(),
        Action::Wait(d) => format!("wait {}", humantime::format_duration(*d)),
    }
}

/// Runs the follow-up, then the reads: what the current and the previous execution show.
async fn follow_up(swf: &Swf, plan: &Plan<'_>, issued: &Issued) -> [After; 2] {
    let mut current = After::default();
    match &plan.follow_up {
        None => {}
        Some(FollowUp::Heartbeat) => {
            let r = match &issued.task_token {
                Some(token) => swf.heartbeat(token).await,
                None => Err(CallError::Unexpected {
                    operation: "RecordActivityTaskHeartbeat".into(),
                    detail: "no activity task was started".into(),
                }),
            };
            current.heartbeat = Some(r.map_err(|e| e.to_string()));
        }
        Some(FollowUp::Decide {
            domain,
            task_list,
            decisions,
        }) => {
            let decided = decide(swf, domain, task_list, decisions.clone()).await;
            if let Err(e) = decided {
                let e = format!("follow-up DeciderCancels failed: {e}");
                current.history = Some(Err(e.clone()));
                current.describe = Some(Err(e));
                return [current, After::default()];
            }
        }
    }
    let mut after = [current, After::default()];
    for read in &plan.reads {
        let previous = read.of == Which::Previous;
        let Some(ex) = issued.execution(previous) else {
            continue;
        };
        let slot = &mut after[usize::from(previous)];
        match read.what {
            Needs::History => {
                slot.history = Some(swf.history(ex).await.map_err(|e| e.to_string()));
            }
            Needs::Describe => {
                slot.describe = Some(swf.describe(ex).await.map_err(|e| e.to_string()));
            }
        }
    }
    after
}

/// Polls `task_list` and answers with `decisions`; no task is a failure.
async fn decide(
    swf: &Swf,
    domain: &str,
    task_list: &str,
    decisions: Json,
) -> Result<(), CallError> {
    let task =
        swf.poll_decision(domain, task_list)
            .await?
            .ok_or_else(|| CallError::Unexpected {
                operation: "PollForDecisionTask".into(),
                detail: format!("no decision task on {task_list}"),
            })?;
    swf.respond_decisions(&task.token, decisions).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn steps_are_named_by_their_operation_or_decision() {
        let decide = Action::Decide {
            domain: "d".into(),
            task_list: "t".into(),
            decisions: json!([{"decisionType": "StartTimer"}]),
        };
        assert_eq!(name(&decide), "decider answers StartTimer");
        let step = PlannedStep {
            role: Role::Setup(Setup::OpenActivity),
            action: decide,
        };
        assert_eq!(
            label(&step),
            "setup open-activity: decider answers StartTimer"
        );
    }
}
