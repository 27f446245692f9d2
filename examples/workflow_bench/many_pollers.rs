//! Many long polls at once (issue 22, item 6): `--pollers P` decision pollers spread over
//! `--lists L` task lists hold their polls open while executions start round-robin on those
//! lists (bounded by `--seconds` and `--max`). Each task a poller gets is answered with
//! CompleteWorkflowExecution. Every fourth poll of every poller is abandoned: the client gives
//! up after 20 ms and drops its connection while the poll waits, so the endpoint must hand the
//! task it would have given that poll to another one.
//!
//! Reported: decision tasks handed out per second (from the first start to the last task),
//! the most and fewest tasks one poller got (no poller may starve), tasks handed out twice
//! (duplicates), executions whose task the endpoint never handed out (lost), abandoned polls,
//! and those of them the endpoint had answered with a task as the client gave up (in flight:
//! the answer was already sent, which no endpoint can take back; SWF's remedy is the task's
//! start-to-close timeout). Lost and in flight are told apart by each history. Then, untimed,
//! every execution is checked closed as COMPLETED. Exit status 1 when a duplicate, a loss or
//! a starved poller is seen.

use super::{AUTH, Args, Endpoint};
use serde_json::{Value, json};
use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// How long the load may take to drain once the starts are over: far below the decision
/// tasks' 60 s start-to-close timeout, so a task handed to a poller that was gone cannot
/// come back in time and is counted lost.
const DRAIN: Duration = Duration::from_secs(10);
/// Every how many polls one is abandoned, and after how long.
const VANISH_EVERY: u64 = 4;
const VANISH_AFTER: Duration = Duration::from_millis(20);

/// What the pollers saw.
#[derive(Default)]
struct Tally {
    /// runId → the pollers that got its decision task.
    delivered: Mutex<HashMap<String, Vec<usize>>>,
    /// workflowId of each started execution, by runId.
    started: Mutex<HashMap<String, String>>,
    /// Polls given up mid-wait.
    vanished: AtomicU64,
    /// When the last task was handed out (ms since the start).
    last_task_ms: AtomicU64,
}

impl Endpoint {
    /// One poll; `Ok(None)` when the client gave up (`within` passed) before an answer came.
    async fn poll_within(
        &self,
        list: &str,
        identity: &str,
        within: Option<Duration>,
    ) -> Result<Option<Value>, String> {
        let body = json!({"domain": self.domain, "taskList": {"name": list}, "identity": identity});
        let mut request = self
            .http
            .post(&self.url)
            .header("Content-Type", "application/x-amz-json-1.0")
            .header("X-Amz-Target", "SimpleWorkflowService.PollForDecisionTask")
            .header("Authorization", AUTH)
            .body(body.to_string());
        if let Some(t) = within {
            request = request.timeout(t);
        }
        let answer = match request.send().await {
            Ok(a) => a,
            Err(e) if e.is_timeout() => return Ok(None),
            Err(e) => return Err(format!("PollForDecisionTask: {e}")),
        };
        let status = answer.status();
        let text = match answer.text().await {
            Ok(t) => t,
            Err(e) if e.is_timeout() => return Ok(None),
            Err(e) => return Err(format!("PollForDecisionTask: {e}")),
        };
        if status != reqwest::StatusCode::OK {
            return Err(format!("PollForDecisionTask: HTTP {status}: {text}"));
        }
        serde_json::from_str(&text)
            .map(Some)
            .map_err(|e| format!("PollForDecisionTask: {e}"))
    }
}

/// One poller on list `index % lists` until `stop`: each task it gets is completed and tallied.
async fn poller(
    e: Arc<Endpoint>,
    index: usize,
    lists: usize,
    tally: Arc<Tally>,
    began: Instant,
    stop: Arc<AtomicBool>,
) -> Result<u64, String> {
    let list = format!("d{}", index % lists);
    let mut got = 0;
    for n in 1u64.. {
        if stop.load(Ordering::Relaxed) {
            break;
        }
        let vanish = n % VANISH_EVERY == 0;
        let (identity, within) = match vanish {
            true => (format!("vanishing-{index}"), Some(VANISH_AFTER)),
            false => (format!("p{index}"), None),
        };
        let Some(task) = e.poll_within(&list, &identity, within).await? else {
            tally.vanished.fetch_add(1, Ordering::Relaxed);
            continue;
        };
        let Some(token) = task["taskToken"].as_str().filter(|t| !t.is_empty()) else {
            continue;
        };
        let run_id = task["workflowExecution"]["runId"]
            .as_str()
            .unwrap_or("")
            .to_owned();
        tally
            .delivered
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .entry(run_id)
            .or_default()
            .push(index);
        tally
            .last_task_ms
            .fetch_max(began.elapsed().as_millis() as u64, Ordering::Relaxed);
        got += 1;
        e.call(
            "RespondDecisionTaskCompleted",
            json!({"taskToken": token, "decisions": [{"decisionType": "CompleteWorkflowExecution",
                "completeWorkflowExecutionDecisionAttributes": {"result": "done"}}]}),
        )
        .await?;
    }
    Ok(got)
}

/// Starts executions round-robin over the lists until `seconds` pass or `max` are started.
async fn starter(
    e: Arc<Endpoint>,
    args: (usize, f64, u64),
    tally: Arc<Tally>,
) -> Result<(), String> {
    let (lists, seconds, max) = args;
    let deadline = Instant::now() + Duration::from_secs_f64(seconds);
    for n in 0..max {
        if Instant::now() >= deadline {
            break;
        }
        let workflow_id = format!("many-{n}");
        let started = e
            .call(
                "StartWorkflowExecution",
                json!({"domain": e.domain, "workflowId": workflow_id,
                "workflowType": {"name": "wf", "version": "1"},
                "taskList": {"name": format!("d{}", n as usize % lists)}}),
            )
            .await?;
        let run_id = started["runId"]
            .as_str()
            .ok_or("StartWorkflowExecution: no runId")?;
        tally
            .started
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(run_id.to_owned(), workflow_id);
    }
    Ok(())
}

/// The load, its drain, the tally and the untimed check of every execution.
pub async fn run(endpoint: Arc<Endpoint>, args: &Args) -> Result<(), String> {
    let tally = Arc::new(Tally::default());
    let stop = Arc::new(AtomicBool::new(false));
    let began = Instant::now();
    let pollers: Vec<_> = (0..args.pollers)
        .map(|i| {
            tokio::spawn(poller(
                endpoint.clone(),
                i,
                args.lists,
                tally.clone(),
                began,
                stop.clone(),
            ))
        })
        .collect();
    starter(
        endpoint.clone(),
        (args.lists, args.seconds, args.max),
        tally.clone(),
    )
    .await?;
    let started = tally
        .started
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .len();
    let drain_until = Instant::now() + DRAIN;
    while tally
        .delivered
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .len()
        < started
        && Instant::now() < drain_until
    {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    stop.store(true, Ordering::Relaxed);
    let mut per_poller = Vec::new();
    let cut_off = tokio::time::Instant::now() + Duration::from_secs(2);
    for mut p in pollers {
        // A poller still in a poll when the load is over is cut off: nothing is left to hand out.
        match tokio::time::timeout_at(cut_off, &mut p).await {
            Ok(Ok(Ok(got))) => per_poller.push(got),
            Ok(Ok(Err(e))) => return Err(e),
            Ok(Err(e)) => return Err(e.to_string()),
            Err(_) => {
                p.abort();
                per_poller.push(u64::MAX);
            }
        }
    }
    report(&endpoint, &tally, per_poller, args).await
}

/// Prints the figures; checks every execution; fails on a duplicate, a loss or a starved poller.
async fn report(
    e: &Endpoint,
    tally: &Tally,
    mut per_poller: Vec<u64>,
    args: &Args,
) -> Result<(), String> {
    let delivered = tally
        .delivered
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .clone();
    let started = tally
        .started
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .clone();
    // A poller cut off while it waited (u64::MAX) is counted from the tally instead.
    for (i, got) in per_poller.iter_mut().enumerate() {
        if *got == u64::MAX {
            *got = delivered.values().flatten().filter(|p| **p == i).count() as u64;
        }
    }
    let tasks: usize = delivered.values().map(Vec::len).sum();
    let duplicates = tasks - delivered.len();
    let lost: Vec<_> = started
        .iter()
        .filter(|(run, _)| !delivered.contains_key(*run))
        .collect();
    let seconds = tally.last_task_ms.load(Ordering::Relaxed) as f64 / 1000.0;
    let (max, min) = (
        per_poller.iter().max().copied().unwrap_or(0),
        per_poller.iter().min().copied().unwrap_or(0),
    );
    let vanished = tally.vanished.load(Ordering::Relaxed);
    let (lost, in_flight) = classify(e, &lost).await?;
    println!(
        "{} pollers over {} lists: {} executions started, {tasks} decision tasks handed out in \
         {seconds:.2} s; per poller max {max} min {min}; duplicates {duplicates}, lost {lost}, \
         polls abandoned mid-wait {vanished} (of which answered with a task as the client gave \
         up: {in_flight})",
        args.pollers,
        args.lists,
        started.len(),
    );
    let mut wrong = 0;
    for (run_id, workflow_id) in &started {
        if delivered.contains_key(run_id)
            && e.close_status(workflow_id, run_id).await? != "COMPLETED"
        {
            wrong += 1;
        }
    }
    println!(
        "poller-bench: {tasks} {seconds:.2} {:.1} {max} {min} {duplicates} {lost} {vanished} {in_flight}",
        tasks as f64 / seconds.max(1e-9),
    );
    if duplicates > 0 || lost > 0 || min == 0 || wrong > 0 {
        return Err(format!(
            "duplicates {duplicates}, lost {lost}, a starved poller: {}, not COMPLETED {wrong}",
            min == 0
        ));
    }
    Ok(())
}

/// Splits the executions no live poller completed by their histories: a task the endpoint
/// never handed out (lost: its fault), and one it answered to a poll whose client gave up as
/// the answer came (in flight: the answer was sent; the task comes back when its
/// start-to-close timeout ends).
async fn classify(
    e: &Endpoint,
    undelivered: &[(&String, &String)],
) -> Result<(usize, usize), String> {
    let (mut lost, mut in_flight) = (0, 0);
    for (run_id, workflow_id) in undelivered {
        let history = e
            .call(
                "GetWorkflowExecutionHistory",
                json!({"domain": e.domain, "execution": {"workflowId": workflow_id, "runId": run_id}}),
            )
            .await?;
        let to_vanishing = history["events"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|ev| ev["eventType"] == "DecisionTaskStarted")
            .any(|ev| {
                ev["decisionTaskStartedEventAttributes"]["identity"]
                    .as_str()
                    .is_some_and(|i| i.starts_with("vanishing-"))
            });
        if to_vanishing {
            in_flight += 1;
        } else {
            lost += 1;
            println!("  lost {workflow_id} {run_id}: never handed out");
        }
    }
    Ok((lost, in_flight))
}
