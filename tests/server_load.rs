//! The reference endpoint under load: 16 concurrent clients, 10,000 mixed requests
//! (a bounded count): no 5xx, no lost update, counts consistent afterwards; and 200
//! workflows at once with timers and activities in flight: no lost event.

mod common;

use common::server::{decision, endpoint};
use serde_json::json;
use std::sync::Arc;

const CLIENTS: usize = 16;
const PER_CLIENT: usize = 625;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ten_thousand_mixed_requests_from_sixteen_clients() {
    let e = Arc::new(endpoint().await);
    e.domain_with_types("d").await;
    let mut tasks = Vec::new();
    for client in 0..CLIENTS {
        let e = e.clone();
        tasks.push(tokio::spawn(async move {
            let (mut started, mut terminated, mut cancels, mut signals) = (Vec::new(), 0usize, 0usize, 0usize);
            for i in 0..PER_CLIENT {
                let wf = format!("c{client}-{}", i / 5);
                let answer = match i % 5 {
                    0 => {
                        let a = e.call("StartWorkflowExecution", json!({"domain": "d", "workflowId": wf,
                            "workflowType": {"name": "wf", "version": "1"}, "taskList": {"name": format!("l{client}")}})).await;
                        if a.status == 200 {
                            started.push((wf.clone(), a.body["runId"].as_str().unwrap().to_owned()));
                        }
                        a
                    }
                    1 => {
                        signals += 1;
                        e.call("SignalWorkflowExecution", json!({"domain": "d", "workflowId": wf, "signalName": "s"})).await
                    }
                    2 => {
                        cancels += 1;
                        e.call("RequestCancelWorkflowExecution", json!({"domain": "d", "workflowId": wf})).await
                    }
                    3 => e.call("CountOpenWorkflowExecutions", json!({"domain": "d", "startTimeFilter": {"oldestDate": 0}})).await,
                    _ if i % 10 == 4 => {
                        terminated += 1;
                        e.call("TerminateWorkflowExecution", json!({"domain": "d", "workflowId": wf})).await
                    }
                    _ => e.call("DescribeDomain", json!({"name": "d"})).await,
                };
                assert!(answer.status < 500, "{}: {}", answer.status, String::from_utf8_lossy(&answer.raw));
                assert_eq!(answer.status, 200, "{}", String::from_utf8_lossy(&answer.raw));
            }
            (started, terminated, cancels, signals)
        }));
    }
    let (mut started, mut terminated) = (Vec::new(), 0);
    for t in tasks {
        let (s, term, cancels, signals) = t.await.unwrap();
        assert_eq!((cancels, signals), (PER_CLIENT / 5, PER_CLIENT / 5));
        started.extend(s);
        terminated += term;
    }
    assert_eq!(started.len(), CLIENTS * PER_CLIENT / 5);
    let count = |closed: bool| {
        let e = e.clone();
        async move {
            let op = if closed {
                "CountClosedWorkflowExecutions"
            } else {
                "CountOpenWorkflowExecutions"
            };
            e.ok(
                op,
                json!({"domain": "d", "startTimeFilter": {"oldestDate": 0}}),
            )
            .await["count"]
                .as_u64()
                .unwrap() as usize
        }
    };
    let (open, closed) = (count(false).await, count(true).await);
    assert_eq!(open + closed, started.len());
    assert_eq!(closed, terminated);
    // Every execution got exactly its one signal and one cancel request, in order, ids consecutive.
    for (wf, run) in &started {
        let events = e.history("d", wf, run).await;
        let types: Vec<&str> = events
            .iter()
            .map(|ev| ev["eventType"].as_str().unwrap())
            .collect();
        assert_eq!(
            types
                .iter()
                .filter(|t| **t == "WorkflowExecutionSignaled")
                .count(),
            1,
            "{wf}: {types:?}"
        );
        assert_eq!(
            types
                .iter()
                .filter(|t| **t == "WorkflowExecutionCancelRequested")
                .count(),
            1,
            "{wf}: {types:?}"
        );
        for (i, ev) in events.iter().enumerate() {
            assert_eq!(ev["eventId"], json!(i + 1));
        }
    }
}

const WORKFLOWS: usize = 200;

/// One workflow run as a decider and a worker would: schedule an activity and a
/// one-second timer, complete the activity, close once both results are in.
async fn run_workflow(e: Arc<common::server::Endpoint>, n: usize) -> (String, String) {
    let (wf, list, acts) = (format!("load-{n}"), format!("wl{n}"), format!("al{n}"));
    let a = e
        .call(
            "StartWorkflowExecution",
            json!({"domain": "d", "workflowId": wf,
        "workflowType": {"name": "wf", "version": "1"}, "taskList": {"name": list}}),
        )
        .await;
    assert_eq!(a.status, 200, "{}", String::from_utf8_lossy(&a.raw));
    let run = a.body["runId"].as_str().unwrap().to_owned();
    let task = e.decision_task("d", &list).await;
    let a = e
        .respond(
            &task,
            json!([
                decision(
                    "ScheduleActivityTask",
                    json!({"activityType": {"name": "act", "version": "1"}, "activityId": "a",
            "taskList": {"name": acts}, "heartbeatTimeout": "30"})
                ),
                decision(
                    "StartTimer",
                    json!({"timerId": "t", "startToFireTimeout": "1"})
                ),
            ]),
        )
        .await;
    assert_eq!(a.status, 200);
    let work = e.activity_task("d", &acts).await;
    e.ok(
        "RecordActivityTaskHeartbeat",
        json!({"taskToken": work["taskToken"]}),
    )
    .await;
    e.ok(
        "RespondActivityTaskCompleted",
        json!({"taskToken": work["taskToken"], "result": "r"}),
    )
    .await;
    for _ in 0..40 {
        let task = e
            .ok(
                "PollForDecisionTask",
                json!({"domain": "d", "taskList": {"name": list}}),
            )
            .await;
        assert!(task.get("__type").is_none());
        if task.get("taskToken").is_none() {
            continue;
        }
        let seen = |t: &str| {
            task["events"]
                .as_array()
                .unwrap()
                .iter()
                .any(|ev| ev["eventType"] == t)
        };
        let done = seen("ActivityTaskCompleted") && seen("TimerFired");
        let decisions = if done {
            json!([decision("CompleteWorkflowExecution", json!({}))])
        } else {
            json!([])
        };
        let a = e.respond(&task, decisions).await;
        assert_eq!(a.status, 200, "{}", String::from_utf8_lossy(&a.raw));
        if done {
            return (wf, run);
        }
    }
    panic!("{wf} did not finish");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_hundred_workflows_with_timers_and_activities_in_flight() {
    let e = Arc::new(endpoint().await);
    e.domain_with_types("d").await;
    let runs: Vec<_> = (0..WORKFLOWS)
        .map(|n| tokio::spawn(run_workflow(e.clone(), n)))
        .collect();
    let mut done = Vec::new();
    for r in runs {
        done.push(r.await.unwrap());
    }
    let count = |op: &'static str| {
        let e = e.clone();
        async move {
            e.ok(
                op,
                json!({"domain": "d", "startTimeFilter": {"oldestDate": 0}}),
            )
            .await["count"]
                .clone()
        }
    };
    assert_eq!(count("CountOpenWorkflowExecutions").await, 0);
    assert_eq!(count("CountClosedWorkflowExecutions").await, WORKFLOWS);
    for (wf, run) in &done {
        let events = e.history("d", wf, run).await;
        let of = |t: &str| events.iter().filter(|ev| ev["eventType"] == t).count();
        for t in [
            "ActivityTaskScheduled",
            "ActivityTaskStarted",
            "ActivityTaskCompleted",
            "TimerStarted",
            "TimerFired",
            "WorkflowExecutionCompleted",
        ] {
            assert_eq!(of(t), 1, "{wf}: {t}");
        }
        assert_eq!(
            of("DecisionTaskScheduled"),
            of("DecisionTaskCompleted"),
            "{wf}: every decision task answered"
        );
        for (i, ev) in events.iter().enumerate() {
            assert_eq!(ev["eventId"], json!(i + 1));
        }
        let d = e.describe("d", wf, run).await;
        assert_eq!(
            d["openCounts"],
            json!({"openActivityTasks": 0, "openDecisionTasks": 0, "openTimers": 0,
            "openChildWorkflowExecutions": 0, "openLambdaFunctions": 0})
        );
    }
}
