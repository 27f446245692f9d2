//! Workflow throughput of an SWF endpoint: executions per second of
//! start → decide (ScheduleActivityTask) → activity (poll, complete) → decide
//! (CompleteWorkflowExecution), driven by N concurrent loops, each on its own task lists so
//! that no poll takes another loop's task. Bounded by time and by count; every execution
//! the loops finish is then checked closed as COMPLETED.
//!
//! Usage: `cargo run --release --example workflow_bench -- URL [--loops N] [--seconds S] [--max N]`
//! Prints `workflow-bench: EXECUTIONS SECONDS EXEC_PER_S` last; exit status 1 on any
//! unexpected answer.
//!
//! With `--pollers P --lists L` it measures many long polls instead (issue 22): P decision
//! pollers over L task lists while executions start (see `workflow_bench/many_pollers.rs`); every poll answer is
//! tallied, so that a task handed to two pollers, a task that never reaches a live one (some
//! pollers drop their connection mid-poll) and a poller that gets nothing are all reported.
//! Prints `poller-bench: TASKS SECONDS TASKS_PER_S MAX MIN DUPLICATES LOST VANISHED IN_FLIGHT`
//! last.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

#[path = "workflow_bench/many_pollers.rs"]
mod many_pollers;

/// moto routes a request by the credential scope of its Authorization header (unsigned
/// requests go to its S3); the reference endpoint does not check signatures unless asked.
const AUTH: &str = "AWS4-HMAC-SHA256 Credential=BENCH/20260101/us-east-1/swf/aws4_request, \
                    SignedHeaders=host, Signature=0";

struct Endpoint {
    http: reqwest::Client,
    url: String,
    domain: String,
}

impl Endpoint {
    /// One call; any answer but 200 is an error naming the operation and the answer.
    async fn call(&self, operation: &str, body: Value) -> Result<Value, String> {
        let answer = self
            .http
            .post(&self.url)
            .header("Content-Type", "application/x-amz-json-1.0")
            .header("X-Amz-Target", format!("SimpleWorkflowService.{operation}"))
            .header("Authorization", AUTH)
            .body(body.to_string())
            .send()
            .await
            .map_err(|e| format!("{operation}: {e}"))?;
        let status = answer.status();
        let text = answer
            .text()
            .await
            .map_err(|e| format!("{operation}: {e}"))?;
        if status != reqwest::StatusCode::OK {
            let mut shown = text.clone();
            shown.truncate(300);
            return Err(format!("{operation}: HTTP {status}: {shown}"));
        }
        if text.is_empty() {
            return Ok(Value::Null);
        }
        serde_json::from_str(&text).map_err(|e| format!("{operation}: not JSON ({e})"))
    }

    /// A task from the list, retrying a few empty polls (moto answers them at once).
    async fn poll(&self, operation: &str, task_list: &str) -> Result<String, String> {
        for _ in 0..50 {
            let task = self
                .call(
                    operation,
                    json!({"domain": self.domain, "taskList": {"name": task_list}, "identity": "bench"}),
                )
                .await?;
            if let Some(token) = task["taskToken"].as_str().filter(|t| !t.is_empty()) {
                return Ok(token.to_owned());
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        Err(format!(
            "{operation}: no task on {task_list} after 50 polls"
        ))
    }

    async fn setup(&self) -> Result<(), String> {
        let d = &self.domain;
        self.call(
            "RegisterDomain",
            json!({"name": d, "workflowExecutionRetentionPeriodInDays": "1"}),
        )
        .await?;
        self.call(
            "RegisterWorkflowType",
            json!({"domain": d, "name": "wf", "version": "1",
            "defaultTaskStartToCloseTimeout": "60", "defaultExecutionStartToCloseTimeout": "600",
            "defaultChildPolicy": "TERMINATE"}),
        )
        .await?;
        self.call(
            "RegisterActivityType",
            json!({"domain": d, "name": "act", "version": "1",
            "defaultTaskHeartbeatTimeout": "NONE", "defaultTaskScheduleToStartTimeout": "600",
            "defaultTaskScheduleToCloseTimeout": "600", "defaultTaskStartToCloseTimeout": "600"}),
        )
        .await?;
        Ok(())
    }

    /// One execution from start to WorkflowExecutionCompleted; returns its runId.
    async fn workflow(&self, lane: usize, n: u64) -> Result<(String, String), String> {
        let (decisions, activities) = (format!("d{lane}"), format!("a{lane}"));
        let workflow_id = format!("w{lane}-{n}");
        let started = self
            .call(
                "StartWorkflowExecution",
                json!({"domain": self.domain, "workflowId": workflow_id,
                "workflowType": {"name": "wf", "version": "1"}, "taskList": {"name": decisions}}),
            )
            .await?;
        let run_id = started["runId"]
            .as_str()
            .ok_or("StartWorkflowExecution: no runId")?;
        let token = self.poll("PollForDecisionTask", &decisions).await?;
        self.call(
            "RespondDecisionTaskCompleted",
            json!({"taskToken": token, "decisions": [{
            "decisionType": "ScheduleActivityTask", "scheduleActivityTaskDecisionAttributes": {
                "activityId": "a", "activityType": {"name": "act", "version": "1"},
                "taskList": {"name": activities}}}]}),
        )
        .await?;
        let token = self.poll("PollForActivityTask", &activities).await?;
        self.call(
            "RespondActivityTaskCompleted",
            json!({"taskToken": token, "result": "ok"}),
        )
        .await?;
        let token = self.poll("PollForDecisionTask", &decisions).await?;
        self.call(
            "RespondDecisionTaskCompleted",
            json!({"taskToken": token, "decisions": [{
            "decisionType": "CompleteWorkflowExecution",
            "completeWorkflowExecutionDecisionAttributes": {"result": "done"}}]}),
        )
        .await?;
        Ok((workflow_id, run_id.to_owned()))
    }

    async fn close_status(&self, workflow_id: &str, run_id: &str) -> Result<String, String> {
        let info = self
            .call(
                "DescribeWorkflowExecution",
                json!({"domain": self.domain,
                "execution": {"workflowId": workflow_id, "runId": run_id}}),
            )
            .await?;
        Ok(info["executionInfo"]["closeStatus"]
            .as_str()
            .unwrap_or("none")
            .to_owned())
    }
}

struct Args {
    url: String,
    loops: usize,
    seconds: f64,
    max: u64,
    /// With `lists`: the many-pollers load instead of the loops.
    pollers: usize,
    lists: usize,
}

fn args() -> Result<Args, String> {
    let mut args = Args {
        url: String::new(),
        loops: 8,
        seconds: 10.0,
        max: 100_000,
        pollers: 0,
        lists: 16,
    };
    let mut it = std::env::args().skip(1);
    while let Some(arg) = it.next() {
        let mut value = |name: &str| it.next().ok_or(format!("{name} needs a value"));
        match arg.as_str() {
            "--loops" => {
                args.loops = value("--loops")?
                    .parse()
                    .map_err(|e| format!("--loops: {e}"))?
            }
            "--seconds" => {
                args.seconds = value("--seconds")?
                    .parse()
                    .map_err(|e| format!("--seconds: {e}"))?
            }
            "--max" => args.max = value("--max")?.parse().map_err(|e| format!("--max: {e}"))?,
            "--pollers" => {
                args.pollers = value("--pollers")?
                    .parse()
                    .map_err(|e| format!("--pollers: {e}"))?
            }
            "--lists" => {
                args.lists = value("--lists")?
                    .parse()
                    .map_err(|e| format!("--lists: {e}"))?
            }
            url if !url.starts_with("--") && args.url.is_empty() => args.url = url.to_owned(),
            other => return Err(format!("unknown argument {other}")),
        }
    }
    if args.url.is_empty() || args.loops == 0 || args.lists == 0 {
        return Err(
            "usage: workflow_bench URL [--loops N | --pollers P [--lists L]] \
                    [--seconds S] [--max N]"
                .into(),
        );
    }
    Ok(args)
}

#[tokio::main]
async fn main() {
    match run().await {
        Ok(()) => {}
        Err(message) => {
            eprintln!("workflow-bench: {message}");
            std::process::exit(1);
        }
    }
}

async fn run() -> Result<(), String> {
    let args = args()?;
    let endpoint = Arc::new(Endpoint {
        http: reqwest::Client::builder()
            .timeout(Duration::from_secs(70))
            .build()
            .map_err(|e| e.to_string())?,
        url: format!("{}/", args.url.trim_end_matches('/')),
        domain: format!("wfbench-{}", uuid::Uuid::new_v4().simple()),
    });
    endpoint.setup().await?;
    if args.pollers > 0 {
        return many_pollers::run(endpoint, &args).await;
    }
    let stop = Arc::new(AtomicBool::new(false));
    let per_loop = args.max.div_ceil(args.loops as u64);
    let began = Instant::now();
    let deadline = began + Duration::from_secs_f64(args.seconds);
    let mut lanes = Vec::new();
    for lane in 0..args.loops {
        let (endpoint, stop) = (endpoint.clone(), stop.clone());
        lanes.push(tokio::spawn(async move {
            let mut done = Vec::new();
            for n in 0..per_loop {
                if stop.load(Ordering::Relaxed) || Instant::now() >= deadline {
                    break;
                }
                match endpoint.workflow(lane, n).await {
                    Ok(execution) => done.push(execution),
                    Err(e) => {
                        stop.store(true, Ordering::Relaxed);
                        return Err(e);
                    }
                }
            }
            Ok(done)
        }));
    }
    let mut finished = Vec::new();
    let mut errors = Vec::new();
    for lane in lanes {
        match lane.await {
            Ok(Ok(done)) => finished.extend(done),
            Ok(Err(e)) => errors.push(e),
            Err(e) => errors.push(e.to_string()),
        }
    }
    let elapsed = began.elapsed().as_secs_f64();
    if let Some(first) = errors.first() {
        return Err(format!(
            "{} loop(s) stopped on an error; first: {first}",
            errors.len()
        ));
    }
    // Not timed: each execution the loops finished must be closed as COMPLETED.
    let mut wrong = 0;
    for (workflow_id, run_id) in &finished {
        let status = endpoint.close_status(workflow_id, run_id).await?;
        if status != "COMPLETED" {
            wrong += 1;
            eprintln!("workflow-bench: {workflow_id} {run_id} closed as {status}");
        }
    }
    if wrong > 0 {
        return Err(format!("{wrong} executions not COMPLETED"));
    }
    let count = finished.len();
    println!(
        "{count} executions in {elapsed:.2} s with {} loops, each checked COMPLETED",
        args.loops
    );
    println!(
        "workflow-bench: {count} {elapsed:.2} {:.1}",
        count as f64 / elapsed
    );
    Ok(())
}
