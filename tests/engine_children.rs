//! Child workflows over HTTP: the parent's events for each way a child ends, the
//! StartChildWorkflowExecution causes, and the child policies applied when a parent
//! is terminated or times out (the model's childPolicy documentation).

mod common;

use common::server::{Endpoint, decision, manual_endpoint};
use serde_json::{Value as Json, json};

fn child(workflow_id: &str, extra: Json) -> Json {
    let mut attrs = json!({"workflowType": {"name": "wf", "version": "1"}, "workflowId": workflow_id,
        "taskList": {"name": format!("{workflow_id}-tl")}});
    for (k, v) in extra.as_object().unwrap() {
        attrs[k] = v.clone();
    }
    decision("StartChildWorkflowExecution", attrs)
}

/// Starts parent `p` (task list `p-tl`) and answers its first task with `decisions`.
async fn parent(e: &Endpoint, p: &str, start: Json, decisions: Json) -> String {
    let list = format!("{p}-tl");
    let mut input = json!({"domain": "d", "workflowId": p, "workflowType": {"name": "wf", "version": "1"},
        "taskList": {"name": list}});
    for (k, v) in start.as_object().unwrap() {
        input[k] = v.clone();
    }
    let run = e.ok("StartWorkflowExecution", input).await["runId"]
        .as_str()
        .unwrap()
        .to_owned();
    let task = e.decision_task("d", &list).await;
    assert_eq!(e.respond(&task, decisions).await.status, 200);
    run
}

/// The runId of the open execution `workflow_id`.
async fn open_run(e: &Endpoint, workflow_id: &str) -> String {
    let out = e
        .ok(
            "ListOpenWorkflowExecutions",
            json!({"domain": "d", "startTimeFilter": {"oldestDate": 0},
        "executionFilter": {"workflowId": workflow_id}}),
        )
        .await;
    out["executionInfos"][0]["execution"]["runId"]
        .as_str()
        .unwrap()
        .to_owned()
}

#[tokio::test]
async fn a_child_starts_and_each_way_it_ends_reaches_the_parent() {
    let (e, clock) = manual_endpoint().await;
    e.domain_with_types("d").await;
    let p = parent(
        &e,
        "p",
        json!({}),
        json!([
            child(
                "c-done",
                json!({"input": "ci", "control": "k", "tagList": ["x"]})
            ),
            child("c-fail", json!({})),
            child("c-cancel", json!({})),
            child("c-term", json!({})),
            child("c-time", json!({"executionStartToCloseTimeout": "30"})),
            child("c-next", json!({})),
        ]),
    )
    .await;
    let initiated = e
        .attrs_of("d", "p", &p, "StartChildWorkflowExecutionInitiated")
        .await;
    assert_eq!(
        initiated[0],
        json!({"workflowId": "c-done", "workflowType": {"name": "wf", "version": "1"},
        "taskList": {"name": "c-done-tl"}, "input": "ci", "control": "k", "tagList": ["x"], "childPolicy": "TERMINATE",
        "executionStartToCloseTimeout": "600", "taskStartToCloseTimeout": "60", "decisionTaskCompletedEventId": 4})
    );
    let started = e
        .attrs_of("d", "p", &p, "ChildWorkflowExecutionStarted")
        .await;
    assert_eq!(started.len(), 6);
    let done = open_run(&e, "c-done").await;
    assert_eq!(
        started[0],
        json!({"workflowExecution": {"workflowId": "c-done", "runId": done},
        "workflowType": {"name": "wf", "version": "1"}, "initiatedEventId": 5})
    );
    let child_start = &e
        .attrs_of("d", "c-done", &done, "WorkflowExecutionStarted")
        .await[0];
    let parent_ref = json!({"workflowId": "p", "runId": p});
    assert_eq!(
        (
            &child_start["parentWorkflowExecution"],
            &child_start["parentInitiatedEventId"]
        ),
        (&parent_ref, &json!(5))
    );
    assert_eq!(
        e.describe("d", "c-done", &done).await["executionInfo"]["parent"],
        parent_ref
    );
    assert_eq!(
        e.describe("d", "p", &p).await["openCounts"]["openChildWorkflowExecutions"],
        6
    );

    for (wf, decisions) in [
        (
            "c-done",
            json!([decision(
                "CompleteWorkflowExecution",
                json!({"result": "r"})
            )]),
        ),
        (
            "c-fail",
            json!([decision(
                "FailWorkflowExecution",
                json!({"reason": "no", "details": "dd"})
            )]),
        ),
        (
            "c-cancel",
            json!([decision(
                "CancelWorkflowExecution",
                json!({"details": "cd"})
            )]),
        ),
        (
            "c-next",
            json!([decision("ContinueAsNewWorkflowExecution", json!({}))]),
        ),
    ] {
        let task = e.decision_task("d", &format!("{wf}-tl")).await;
        e.respond(&task, decisions).await;
    }
    e.ok(
        "TerminateWorkflowExecution",
        json!({"domain": "d", "workflowId": "c-term"}),
    )
    .await;
    clock.advance(30.0);
    let ended = |t: &'static str| {
        let e = &e;
        let p = p.clone();
        async move { e.attrs_of("d", "p", &p, t).await }
    };
    let completed = ended("ChildWorkflowExecutionCompleted").await;
    assert_eq!(
        completed,
        [
            json!({"workflowExecution": {"workflowId": "c-done", "runId": done},
        "workflowType": {"name": "wf", "version": "1"}, "initiatedEventId": 5, "startedEventId": started_id(&e, &p, 5).await, "result": "r"})
        ]
    );
    let failed = ended("ChildWorkflowExecutionFailed").await;
    assert_eq!(
        (&failed[0]["reason"], &failed[0]["details"]),
        (&json!("no"), &json!("dd"))
    );
    assert_eq!(
        ended("ChildWorkflowExecutionCanceled").await[0]["details"],
        "cd"
    );
    assert_eq!(ended("ChildWorkflowExecutionTerminated").await.len(), 1);
    assert_eq!(
        ended("ChildWorkflowExecutionTimedOut").await[0]["timeoutType"],
        "START_TO_CLOSE"
    );
    // A child that continued as new is still open: the parent hears when its chain ends.
    let next = open_run(&e, "c-next").await;
    assert_eq!(
        e.describe("d", "p", &p).await["openCounts"]["openChildWorkflowExecutions"],
        1
    );
    // Its new run took the type's default task list (the model: defaults come from the type).
    let task = e.decision_task("d", "tl").await;
    assert_eq!(task["workflowExecution"]["runId"], next.as_str());
    e.respond(
        &task,
        json!([decision(
            "CompleteWorkflowExecution",
            json!({"result": "last"})
        )]),
    )
    .await;
    let completed = ended("ChildWorkflowExecutionCompleted").await;
    assert_eq!(completed[1]["result"], "last");
    assert_eq!(completed[1]["workflowExecution"]["runId"], next.as_str());
    assert_eq!(
        e.describe("d", "p", &p).await["openCounts"]["openChildWorkflowExecutions"],
        0
    );
}

/// The ChildWorkflowExecutionStarted event id for the child initiated by event `initiated`.
async fn started_id(e: &Endpoint, p: &str, initiated: i64) -> i64 {
    e.history("d", "p", p)
        .await
        .iter()
        .find(|x| {
            x["eventType"] == "ChildWorkflowExecutionStarted"
                && x["childWorkflowExecutionStartedEventAttributes"]["initiatedEventId"]
                    == initiated
        })
        .and_then(|x| x["eventId"].as_i64())
        .unwrap()
}

#[tokio::test]
async fn start_child_workflow_execution_causes() {
    let (e, _) = manual_endpoint().await;
    e.domain_with_types("d").await;
    e.ok(
        "RegisterWorkflowType",
        json!({"domain": "d", "name": "bare", "version": "1"}),
    )
    .await;
    e.ok(
        "RegisterWorkflowType",
        json!({"domain": "d", "name": "old", "version": "1"}),
    )
    .await;
    e.ok(
        "DeprecateWorkflowType",
        json!({"domain": "d", "workflowType": {"name": "old", "version": "1"}}),
    )
    .await;
    e.start("d", "busy", "busy-tl").await;
    let bare = |extra: Json| {
        let mut attrs =
            json!({"workflowType": {"name": "bare", "version": "1"}, "workflowId": "b"});
        for (k, v) in extra.as_object().unwrap() {
            attrs[k] = v.clone();
        }
        decision("StartChildWorkflowExecution", attrs)
    };
    let p = parent(&e, "p", json!({}), json!([
        child("busy", json!({})),
        decision("StartChildWorkflowExecution", json!({"workflowType": {"name": "zz", "version": "1"}, "workflowId": "z"})),
        decision("StartChildWorkflowExecution", json!({"workflowType": {"name": "old", "version": "1"}, "workflowId": "o"})),
        bare(json!({})),
        bare(json!({"taskList": {"name": "b"}})),
        bare(json!({"taskList": {"name": "b"}, "executionStartToCloseTimeout": "60"})),
        bare(json!({"taskList": {"name": "b"}, "executionStartToCloseTimeout": "60", "taskStartToCloseTimeout": "10"})),
        child("a/b", json!({})),
    ])).await;
    let failed = e
        .attrs_of("d", "p", &p, "StartChildWorkflowExecutionFailed")
        .await;
    let causes: Vec<&str> = failed
        .iter()
        .map(|f| f["cause"].as_str().unwrap())
        .collect();
    assert_eq!(
        causes,
        [
            "WORKFLOW_ALREADY_RUNNING",
            "WORKFLOW_TYPE_DOES_NOT_EXIST",
            "WORKFLOW_TYPE_DEPRECATED",
            "DEFAULT_TASK_LIST_UNDEFINED",
            "DEFAULT_EXECUTION_START_TO_CLOSE_TIMEOUT_UNDEFINED",
            "DEFAULT_TASK_START_TO_CLOSE_TIMEOUT_UNDEFINED",
            "DEFAULT_CHILD_POLICY_UNDEFINED",
            "OPERATION_NOT_PERMITTED"
        ]
    );
    // The model: initiatedEventId names the Initiated event only for WORKFLOW_ALREADY_RUNNING.
    assert_eq!(failed[0]["initiatedEventId"], 5);
    assert!(failed[1..].iter().all(|f| f["initiatedEventId"] == 0));
    assert_eq!(
        failed[1],
        json!({"workflowType": {"name": "zz", "version": "1"}, "workflowId": "z",
        "cause": "WORKFLOW_TYPE_DOES_NOT_EXIST", "initiatedEventId": 0, "decisionTaskCompletedEventId": 4})
    );
    assert_eq!(
        e.describe("d", "p", &p).await["openCounts"]["openChildWorkflowExecutions"],
        0
    );
}

#[tokio::test]
async fn child_policies_apply_when_the_parent_is_terminated_or_times_out() {
    let (e, clock) = manual_endpoint().await;
    e.domain_with_types("d").await;
    let mut runs = std::collections::BTreeMap::new();
    for (p, policy) in [
        ("pt", "TERMINATE"),
        ("pc", "REQUEST_CANCEL"),
        ("pa", "ABANDON"),
    ] {
        let run = parent(
            &e,
            p,
            json!({"childPolicy": policy}),
            json!([child(&format!("{p}-kid"), json!({}))]),
        )
        .await;
        runs.insert(p, run);
        e.ok(
            "TerminateWorkflowExecution",
            json!({"domain": "d", "workflowId": p, "reason": "stop"}),
        )
        .await;
    }
    let kid = open_run(&e, "pc-kid").await;
    let requested = e
        .attrs_of("d", "pc-kid", &kid, "WorkflowExecutionCancelRequested")
        .await;
    // SWF-WIRE.md §11: the request names the parent.
    let source = json!({"workflowId": "pc", "runId": runs["pc"]});
    assert_eq!(
        requested,
        [
            json!({"externalInitiatedEventId": 0, "cause": "CHILD_POLICY_APPLIED",
            "externalWorkflowExecution": source})
        ]
    );
    assert_eq!(
        e.event_types("d", "pc-kid", &kid).await.last().unwrap(),
        "WorkflowExecutionCancelRequested",
        "its decision task was already scheduled"
    );
    let abandoned = open_run(&e, "pa-kid").await;
    assert_eq!(
        e.event_types("d", "pa-kid", &abandoned).await.len(),
        2,
        "ABANDON leaves it alone"
    );
    let closed = e
        .ok(
            "ListClosedWorkflowExecutions",
            json!({"domain": "d", "startTimeFilter": {"oldestDate": 0},
        "executionFilter": {"workflowId": "pt-kid"}}),
        )
        .await;
    let info = &closed["executionInfos"][0];
    assert_eq!(info["closeStatus"], "TERMINATED");
    let run = info["execution"]["runId"].as_str().unwrap();
    let term = e
        .attrs_of("d", "pt-kid", run, "WorkflowExecutionTerminated")
        .await;
    assert_eq!(
        term,
        [json!({"childPolicy": "TERMINATE", "cause": "CHILD_POLICY_APPLIED"})]
    );
    // A parent that times out applies its policy too, down the whole tree.
    let p = parent(
        &e,
        "pto",
        json!({"executionStartToCloseTimeout": "100"}),
        json!([child("mid", json!({}))]),
    )
    .await;
    let task = e.decision_task("d", "mid-tl").await;
    e.respond(&task, json!([child("leaf", json!({}))])).await;
    clock.advance(100.0);
    assert_eq!(
        e.describe("d", "pto", &p).await["executionInfo"]["closeStatus"],
        "TIMED_OUT"
    );
    let timed_out = e
        .attrs_of("d", "pto", &p, "WorkflowExecutionTimedOut")
        .await;
    assert_eq!(
        timed_out,
        [json!({"timeoutType": "START_TO_CLOSE", "childPolicy": "TERMINATE"})]
    );
    let open = e
        .ok(
            "CountOpenWorkflowExecutions",
            json!({"domain": "d", "startTimeFilter": {"oldestDate": 0}}),
        )
        .await;
    // Still open: busy kids of pc and pa, nothing of pto's tree.
    assert_eq!(open["count"], 2);
}
