//! The reference endpoint over HTTP: executions (start, history, lists, signal,
//! terminate), decision and activity tasks, long polls, concurrency.

mod common;

use common::server::endpoint;
use serde_json::{Value as Json, json};

#[tokio::test]
async fn start_faults_and_defaults() {
    let e = endpoint().await;
    e.domain_with_types("d").await;
    let run = e.start("d", "w", "tl").await;
    assert!(!run.is_empty() && run.len() <= 64);
    let again = e
        .call("StartWorkflowExecution", json!({"domain": "d", "workflowId": "w", "workflowType": {"name": "wf", "version": "1"}}))
        .await;
    assert_eq!(again.fault(), Some("WorkflowExecutionAlreadyStartedFault"));
    e.ok(
        "RegisterWorkflowType",
        json!({"domain": "d", "name": "bare", "version": "1"}),
    )
    .await;
    let no_defaults = e
        .call("StartWorkflowExecution", json!({"domain": "d", "workflowId": "b", "workflowType": {"name": "bare", "version": "1"}}))
        .await;
    assert_eq!(no_defaults.fault(), Some("DefaultUndefinedFault"));
    let unknown_type = e
        .call("StartWorkflowExecution", json!({"domain": "d", "workflowId": "x", "workflowType": {"name": "zz", "version": "1"}}))
        .await;
    assert_eq!(unknown_type.fault(), Some("UnknownResourceFault"));
    let events = e.event_types("d", "w", &run).await;
    assert_eq!(
        events,
        ["WorkflowExecutionStarted", "DecisionTaskScheduled"]
    );
}

#[tokio::test]
async fn decisions_markers_failures_and_activity_outcomes() {
    let e = endpoint().await;
    e.domain_with_types("d").await;
    let run = e.start("d", "w", "tl").await;
    let pending = e
        .ok(
            "CountPendingDecisionTasks",
            json!({"domain": "d", "taskList": {"name": "tl"}}),
        )
        .await;
    assert_eq!(pending, json!({"count": 1, "truncated": false}));
    let ds = json!([
        {"decisionType": "RecordMarker", "recordMarkerDecisionAttributes": {"markerName": "m"}},
        {"decisionType": "ScheduleActivityTask", "scheduleActivityTaskDecisionAttributes": {"activityType": {"name": "act", "version": "1"}, "activityId": "a1", "taskList": {"name": "l1"}}},
        {"decisionType": "ScheduleActivityTask", "scheduleActivityTaskDecisionAttributes": {"activityType": {"name": "act", "version": "1"}, "activityId": "a2", "taskList": {"name": "l1"}}},
    ]);
    e.decide("d", "tl", ds).await;
    let poll = json!({"domain": "d", "taskList": {"name": "l1"}});
    let t1 = e.ok("PollForActivityTask", poll.clone()).await;
    let t2 = e.ok("PollForActivityTask", poll.clone()).await;
    e.ok(
        "RespondActivityTaskCompleted",
        json!({"taskToken": t1["taskToken"], "result": "ok"}),
    )
    .await;
    // a2 is started: the cancel request reaches it through its heartbeat.
    e.decide("d", "tl", json!([{"decisionType": "RequestCancelActivityTask", "requestCancelActivityTaskDecisionAttributes": {"activityId": "a2"}}])).await;
    let beat = e
        .ok(
            "RecordActivityTaskHeartbeat",
            json!({"taskToken": t2["taskToken"]}),
        )
        .await;
    assert_eq!(
        beat["cancelRequested"], true,
        "RequestCancelActivityTask was decided for a2"
    );
    e.ok(
        "RespondActivityTaskFailed",
        json!({"taskToken": t2["taskToken"], "reason": "r"}),
    )
    .await;
    e.decide("d", "tl", json!([{"decisionType": "FailWorkflowExecution", "failWorkflowExecutionDecisionAttributes": {"reason": "done"}}])).await;
    let events = e.event_types("d", "w", &run).await;
    for t in [
        "MarkerRecorded",
        "ActivityTaskScheduled",
        "ActivityTaskCancelRequested",
        "ActivityTaskCompleted",
        "ActivityTaskFailed",
        "WorkflowExecutionFailed",
    ] {
        assert!(events.iter().any(|x| x == t), "{t} in {events:?}");
    }
    let d = e.describe("d", "w", &run).await;
    assert_eq!(d["executionInfo"]["closeStatus"], "FAILED");
}

#[tokio::test]
async fn an_empty_poll_waits_then_answers_an_empty_task() {
    let e = endpoint().await;
    e.domain_with_types("d").await;
    let started = std::time::Instant::now();
    let empty = e
        .ok(
            "PollForDecisionTask",
            json!({"domain": "d", "taskList": {"name": "nothing"}}),
        )
        .await;
    assert_eq!(
        empty,
        json!({"previousStartedEventId": 0, "startedEventId": 0}),
        "the recorded empty result: no taskToken (docs/practice.md §1)"
    );
    assert!(started.elapsed() >= std::time::Duration::from_millis(250));
    let empty = e
        .ok(
            "PollForActivityTask",
            json!({"domain": "d", "taskList": {"name": "nothing"}}),
        )
        .await;
    assert_eq!(empty, json!({"startedEventId": 0}));
    // A waiting poll wakes when a task is scheduled.
    let poller = {
        let url = e.url.clone();
        tokio::spawn(async move {
            reqwest::Client::new()
                .post(url)
                .header("X-Amz-Target", "SimpleWorkflowService.PollForDecisionTask")
                .header("Content-Type", "application/x-amz-json-1.0")
                .body(r#"{"domain": "d", "taskList": {"name": "late"}}"#)
                .send()
                .await
                .unwrap()
                .json::<Json>()
                .await
                .unwrap()
        })
    };
    tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    e.start("d", "w", "late").await;
    let task = poller.await.unwrap();
    assert!(task["taskToken"].is_string(), "{task}");
}

#[tokio::test]
async fn history_paging_lists_counts_signal_terminate() {
    let e = endpoint().await;
    e.domain_with_types("d").await;
    let run = e.start("d", "w", "tl").await;
    for i in 0..3 {
        e.ok(
            "SignalWorkflowExecution",
            json!({"domain": "d", "workflowId": "w", "signalName": format!("s{i}")}),
        )
        .await;
    }
    let exec = json!({"workflowId": "w", "runId": run});
    let p1 = e
        .ok(
            "GetWorkflowExecutionHistory",
            json!({"domain": "d", "execution": exec, "maximumPageSize": 2}),
        )
        .await;
    assert_eq!(p1["events"].as_array().unwrap().len(), 2);
    let p2 = e
        .ok("GetWorkflowExecutionHistory", json!({"domain": "d", "execution": exec, "maximumPageSize": 2, "nextPageToken": p1["nextPageToken"]}))
        .await;
    assert_eq!(p2["events"][0]["eventId"], 3);
    let rev = e
        .ok(
            "GetWorkflowExecutionHistory",
            json!({"domain": "d", "execution": exec, "reverseOrder": true}),
        )
        .await;
    assert_eq!(rev["events"][0]["eventType"], "WorkflowExecutionSignaled");
    assert_eq!(rev["events"].as_array().unwrap().len(), 5);

    let run2 = e.start("d", "other", "tl9").await;
    e.ok(
        "TerminateWorkflowExecution",
        json!({"domain": "d", "workflowId": "other", "reason": "test"}),
    )
    .await;
    assert_eq!(
        e.describe("d", "other", &run2).await["executionInfo"]["closeStatus"],
        "TERMINATED"
    );
    let open = e
        .ok(
            "ListOpenWorkflowExecutions",
            json!({"domain": "d", "startTimeFilter": {"oldestDate": 0}}),
        )
        .await;
    assert_eq!(open["executionInfos"].as_array().unwrap().len(), 1);
    assert_eq!(open["executionInfos"][0]["execution"]["workflowId"], "w");
    let closed = e
        .ok("ListClosedWorkflowExecutions", json!({"domain": "d", "startTimeFilter": {"oldestDate": 0}, "closeStatusFilter": {"status": "TERMINATED"}}))
        .await;
    assert_eq!(
        closed["executionInfos"][0]["execution"]["workflowId"],
        "other"
    );
    let none = e
        .ok("CountClosedWorkflowExecutions", json!({"domain": "d", "startTimeFilter": {"oldestDate": 0}, "closeStatusFilter": {"status": "COMPLETED"}}))
        .await;
    assert_eq!(none, json!({"count": 0, "truncated": false}));
    let by_id = e
        .ok("CountOpenWorkflowExecutions", json!({"domain": "d", "startTimeFilter": {"oldestDate": 0}, "executionFilter": {"workflowId": "w"}}))
        .await;
    assert_eq!(by_id["count"], 1);
    let future = e
        .ok(
            "CountOpenWorkflowExecutions",
            json!({"domain": "d", "startTimeFilter": {"oldestDate": 4.0e9}}),
        )
        .await;
    assert_eq!(future["count"], 0);
    let counts = e.describe("d", "w", &run).await["openCounts"].clone();
    assert_eq!(counts["openDecisionTasks"], 1);
}

/// 16 clients start and cancel executions at once: every cancel lands exactly once.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_clients_lose_no_update() {
    let e = std::sync::Arc::new(endpoint().await);
    e.domain_with_types("d").await;
    let mut tasks = Vec::new();
    for client in 0..16 {
        let e = e.clone();
        tasks.push(tokio::spawn(async move {
            let mut runs = Vec::new();
            for i in 0..10 {
                let wf = format!("c{client}-{i}");
                let run = e.start("d", &wf, &format!("l{client}")).await;
                e.ok(
                    "RequestCancelWorkflowExecution",
                    json!({"domain": "d", "workflowId": wf}),
                )
                .await;
                runs.push((wf, run));
            }
            runs
        }));
    }
    let mut all = Vec::new();
    for t in tasks {
        all.extend(t.await.unwrap());
    }
    assert_eq!(all.len(), 160);
    let count = e
        .ok(
            "CountOpenWorkflowExecutions",
            json!({"domain": "d", "startTimeFilter": {"oldestDate": 0}}),
        )
        .await;
    assert_eq!(count["count"], 160);
    for (wf, run) in all {
        let events = e.event_types("d", &wf, &run).await;
        assert_eq!(
            events
                .iter()
                .filter(|t| *t == "WorkflowExecutionCancelRequested")
                .count(),
            1,
            "{wf}"
        );
        assert_eq!(
            e.describe("d", &wf, &run).await["executionInfo"]["cancelRequested"],
            true
        );
    }
}

/// DescribeWorkflowExecution's executionConfiguration is the run's settings without its
/// type, input and tags, every optional member the start gave shown back.
#[tokio::test]
async fn describe_shows_every_setting_but_type_input_and_tags() {
    let e = endpoint().await;
    e.domain_with_types("d").await;
    let started = e
        .ok(
            "StartWorkflowExecution",
            json!({"domain": "d", "workflowId": "w", "workflowType": {"name": "wf", "version": "1"},
                "taskList": {"name": "own"}, "input": "in", "taskPriority": "3",
                "lambdaRole": "arn:aws:iam::123456789012:role/r", "tagList": ["t"],
                "childPolicy": "ABANDON", "executionStartToCloseTimeout": "90",
                "taskStartToCloseTimeout": "9"}),
        )
        .await;
    let described = e
        .ok(
            "DescribeWorkflowExecution",
            json!({"domain": "d", "execution": {"workflowId": "w", "runId": started["runId"]}}),
        )
        .await;
    assert_eq!(
        described["executionConfiguration"],
        json!({"taskList": {"name": "own"}, "taskPriority": "3",
            "lambdaRole": "arn:aws:iam::123456789012:role/r", "childPolicy": "ABANDON",
            "executionStartToCloseTimeout": "90", "taskStartToCloseTimeout": "9"})
    );
    assert_eq!(described["executionInfo"]["tagList"], json!(["t"]));
}
