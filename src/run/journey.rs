//! A plan's journey: its setup and steps sent in order, then the case's request, the
//! follow-up and the reads; what the endpoint issued on the way is bound into what comes
//! after it. Every exchange is kept under the label of the step that made it, so that a
//! step that fails is shown with what it sent and got. Each step's answer is held against
//! an ordinary check group (its case file's `status`, `fault` and `answer_shape`, or what a
//! setup needs) by the checks; the runner knows requests and answers, not what the checks
//! look at.

use super::context::RunContext;
use super::meaning_reads;
use super::swf::{CallError, Log, Swf};
use crate::cases::case::Setup;
use crate::check::{After, CheckGroup, Needs, Which};
use crate::outcome::verdicts::Stop;
use crate::outcome::{Evaluation, Exchange, Outgoing, Received};
use crate::plan::{Action, Call, ExecutionRef, FollowUp, Issued, Keep, Plan, PlannedStep, Role};
use serde_json::Value as Json;
use std::sync::Arc;

/// A step (of the setup or the case) that did not get the answer it must get.
#[derive(Debug, Clone)]
pub struct Failure {
    /// Whose step it was.
    pub role: Role,
    /// The step in words: `setup open: StartWorkflowExecution`, `step 2 (SignalWorkflowExecution)`.
    pub label: String,
    /// What went wrong, in words.
    pub why: String,
    /// The failing exchange held against the step's check group (none when no request
    /// was sent).
    pub evaluation: Option<Evaluation>,
    /// The exchange that failed (none when no request was sent).
    pub exchange: Option<Exchange>,
}

impl Failure {
    /// The step as the verdict pipeline sees it.
    pub fn stop(&self) -> Stop {
        Stop {
            label: self.label.clone(),
            why: self.why.clone(),
            evaluation: self.evaluation.clone(),
        }
    }

    /// What the failing answer says the endpoint does not implement.
    pub fn missing(&self) -> Option<&str> {
        self.evaluation.as_ref()?.missing.as_deref()
    }
}

/// What a plan's journey collected.
#[derive(Debug)]
pub struct Journey {
    /// What the endpoint issued.
    pub issued: Issued,
    /// The step that failed: a setup's, which stopped the journey, or the first of the
    /// case's own steps that failed (the journey went on after it).
    pub failure: Option<Failure>,
    /// The case's own request and its answer (none when a setup stopped the journey).
    pub exchange: Option<Exchange>,
    /// What the reads found: of the current execution, then of the previous one.
    pub after: [After; 2],
    /// Every exchange, in order, under the label of the step that made it.
    pub log: Vec<(String, Exchange)>,
}

/// Sends `plan`: its setup and steps, its request, its follow-up and reads. `issued`
/// holds what earlier journeys of the same sequence were issued (`swfcheck state`).
pub async fn travel(ctx: &RunContext, plan: &Plan<'_>, issued: Issued) -> Journey {
    // A case on the deprecated domain holds the run's lock on it to the end of its
    // journey: another such setup undeprecates the domain for a moment, and a request
    // sent in that moment (DeprecateDomain expecting DomainDeprecatedFault) would see it
    // registered.
    let _only_one = match plan.exclusive {
        true => Some(ctx.deprecated_domain.lock().await),
        false => None,
    };
    let log = Log::default();
    let began = std::time::SystemTime::now();
    let mut journey = Journey {
        issued,
        failure: None,
        exchange: None,
        after: Default::default(),
        log: Vec::new(),
    };
    match steps(ctx, &log, plan, &mut journey.issued).await {
        Err(f) => {
            journey.failure = Some(f);
            journey.log = log.take();
            return journey;
        }
        // A step of the case's own failed: the rest still runs, so that the checks that do
        // not rest on that step are judged (a second bug behind the first is reported).
        Ok(failed) => journey.failure = failed,
    }
    let outgoing = plan.outgoing(&journey.issued);
    let request: Json = serde_json::from_slice(&outgoing.body).unwrap_or(Json::Null);
    let reads = ctx.swf.recording(&log, meaning_reads::LABEL);
    let mut around = meaning_reads::before(&reads, plan, &journey.issued, began, &request).await;
    let exchange = ctx.swf.recording(&log, "request").send(&outgoing).await;
    if let Ok(r) = &exchange.outcome {
        if r.status == 200 {
            ctx.note_success(&plan.case.operation, &outgoing.body, &r.body);
        }
    }
    meaning_reads::after(&reads, plan, &request, &exchange, &mut around).await;
    journey.exchange = Some(exchange);
    let swf = ctx.swf.recording(&log, "after the request");
    journey.after = follow_up(&swf, plan, &journey.issued).await;
    journey.after[0].around = around;
    journey.log = log.take();
    journey
}

/// The setup's steps, then the case's. A setup step that fails stops the journey (`Err`:
/// what follows rests on it); a step of the case's own that fails does not: the others are
/// sent all the same, and the first that failed is returned (`Ok(Some)`).
async fn steps(
    ctx: &RunContext,
    log: &Log,
    plan: &Plan<'_>,
    issued: &mut Issued,
) -> Result<Option<Failure>, Failure> {
    let (setup, own): (Vec<&PlannedStep>, Vec<&PlannedStep>) = plan
        .steps
        .iter()
        .partition(|s| matches!(s.role, Role::Setup(_)));
    for step in setup {
        let label = label(step);
        let swf = ctx.swf.recording(log, &label);
        if let Err(e) = setup_step(ctx, &swf, step, issued).await {
            return Err(failure(step, label, e, log));
        }
    }
    let mut first = None;
    for step in own {
        if let Err(f) = send_step(ctx, log, step, issued).await {
            first.get_or_insert(f);
        }
    }
    Ok(first)
}

/// Why a step failed: its answer did not hold its check group, or a call of it failed.
#[derive(Debug)]
pub enum StepError {
    /// The answer was held against the step's group and did not hold it.
    Judged(Box<Evaluation>),
    /// A call failed (no task on a poll, a decider's answer refused, no runId).
    Call(CallError),
}

impl From<CallError> for StepError {
    fn from(e: CallError) -> Self {
        StepError::Call(e)
    }
}

/// The failure of `step`: the last exchange it made, held against the check group of that
/// exchange (the step's own, or what a decider's and a worker's calls need).
fn failure(step: &PlannedStep, label: String, e: StepError, log: &Log) -> Failure {
    let exchange = log.last(Some(&label));
    let (evaluation, detail) = match e {
        StepError::Judged(eval) => {
            let detail = judged_words(&eval);
            (Some(*eval), detail)
        }
        StepError::Call(e) => {
            let eval = exchange.as_ref().map(|ex| {
                let op = operation_of(ex);
                let group = group_for(step, &op);
                crate::check::evaluate(&group, &op, ex, &After::default())
            });
            (eval, e.to_string())
        }
    };
    let why = match step.role {
        Role::Setup(s) => format!("setup {} failed: {detail}", setup_name(s)),
        Role::Step(_) => format!("{label}: {detail}"),
    };
    Failure {
        role: step.role,
        why,
        label,
        evaluation,
        exchange,
    }
}

/// A failed evaluation in words: what the step expected and what it got.
fn judged_words(eval: &Evaluation) -> String {
    let expected: Vec<String> = eval
        .assertions
        .iter()
        .map(crate::outcome::render::expected)
        .collect();
    format!(
        "{}: expected {}, got {}",
        eval.answered.operation,
        expected.join("; "),
        eval.answered.line()
    )
}

/// The operation an exchange's request targeted.
fn operation_of(ex: &Exchange) -> String {
    ex.sent
        .headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("x-amz-target"))
        .map(|(_, v)| v.rsplit('.').next().unwrap_or(v).to_owned())
        .unwrap_or_default()
}

/// The check group a step's exchange with `operation` is held against: a request step's
/// own; a poll must hand out a task; any other call of a decider or worker must succeed.
fn group_for(step: &PlannedStep, operation: &str) -> Arc<CheckGroup> {
    match &step.action {
        Action::Call(c) => c.check.clone(),
        _ if operation.starts_with("Poll") => Arc::new(CheckGroup::task_handed_out()),
        _ => Arc::new(CheckGroup::success()),
    }
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
    pub async fn prepare_case(&self, index: usize, setup: Setup) -> Result<Issued, String> {
        let ctx = self.plan_context();
        let mut issued = Issued::default();
        let name = format!("{}-{index}", ctx.prefix);
        let _only_one = match setup {
            Setup::DeprecatedDomain => Some(self.deprecated_domain.lock().await),
            _ => None,
        };
        let log = Log::default();
        for step in crate::plan::setup::steps(setup, &ctx, &name) {
            let label = label(&step);
            let swf = self.swf.recording(&log, &label);
            if let Err(e) = setup_step(self, &swf, &step, &mut issued).await {
                return Err(failure(&step, label, e, &log).why);
            }
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
) -> Result<(), StepError> {
    match &step.action {
        Action::Call(call) => {
            let body = issued.bind_json(&call.body);
            let r = send_call(ctx, swf, 0, call, issued).await?;
            match r.json() {
                Some(out) if r.status == 200 => {
                    Ok(keep_started(ctx, call.keep, &body, &out, issued)?)
                }
                _ => Ok(()),
            }
        }
        Action::Decide {
            domain,
            task_list,
            decisions,
        } => Ok(decide(swf, domain, task_list, decisions.clone()).await?),
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
/// hold the step's check group (what the case file states). Returns a request step's answer.
pub async fn send_step(
    ctx: &RunContext,
    log: &Log,
    step: &PlannedStep,
    issued: &mut Issued,
) -> Result<Option<Received>, Failure> {
    let label = label(step);
    let swf = ctx.swf.recording(log, &label);
    let n = match step.role {
        Role::Step(n) => n,
        Role::Setup(_) => 0,
    };
    let fail = |e: StepError| failure(step, label.clone(), e, log);
    match &step.action {
        Action::Call(call) => {
            let r = send_call(ctx, &swf, n, call, issued).await.map_err(fail)?;
            Ok(Some(r))
        }
        Action::Decide {
            domain,
            task_list,
            decisions,
        } => {
            let (domain, task_list) = (issued.bind(domain), issued.bind(task_list));
            let decided = decide(&swf, &domain, &task_list, issued.bind_json(decisions)).await;
            decided.map_err(|e| fail(e.into()))?;
            Ok(None)
        }
        Action::TakeActivity { .. } | Action::TakeDecision { .. } => {
            Err(fail(StepError::Call(CallError::Unexpected {
                operation: name(&step.action),
                detail: "taking a task is a setup's step".into(),
            })))
        }
        Action::Wait(d) => {
            tokio::time::sleep(*d).await;
            Ok(None)
        }
    }
}

/// Sends a step's request and holds its answer against the step's check group; keeps what
/// a 200 to the case's own step `n` issued (a setup's call is step 0: the setup keeps what
/// it needs itself), and notes for the cleanup what any 200 created.
async fn send_call(
    ctx: &RunContext,
    swf: &Swf,
    n: usize,
    call: &Call,
    issued: &mut Issued,
) -> Result<Received, StepError> {
    let body = issued.bind_json(&call.body);
    let bytes = serde_json::to_vec(&body).unwrap_or_default();
    let prefix = &crate::model::swf().target_prefix;
    let mut sent = Outgoing::operation(prefix, &call.operation, bytes.clone());
    if let Some(target) = &call.target {
        sent.headers.retain(|(k, _)| k != "X-Amz-Target");
        sent.headers.push(("X-Amz-Target".into(), target.clone()));
    }
    let exchange = swf.send(&sent).await;
    let eval = crate::check::evaluate(&call.check, &call.operation, &exchange, &After::default());
    if !eval.holds() {
        return Err(StepError::Judged(Box::new(eval)));
    }
    let Ok(r) = exchange.outcome else {
        return Err(StepError::Judged(Box::new(eval)));
    };
    // A step that registers what may exist already ("or it exists") reuses what it finds,
    // as the run's own setup does: what it registers is not a cleanup target. What a setup
    // registers is left to the cleanup too (the generated cases' own types).
    let reuses = call
        .check
        .expectations()
        .iter()
        .any(|e| matches!(e, crate::check::Expectation::SuccessOrFault(_)));
    if r.status == 200 && !reuses {
        ctx.note_success(&call.operation, &bytes, &r.body);
    }
    if r.status == 200 && n > 0 {
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
            // Made around the request (`meaning_reads`), not after it.
            Needs::Around => {}
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
