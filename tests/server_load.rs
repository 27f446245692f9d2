//! The reference endpoint under load: 16 concurrent clients, 10,000 mixed requests
//! (a bounded count): no 5xx, no lost update, counts consistent afterwards.

mod common;

use common::server::endpoint;
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
