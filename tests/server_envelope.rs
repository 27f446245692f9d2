//! The reference endpoint's envelope (SWF-WIRE.md §3, §4): request ids, content
//! types, empty success bodies, faults, and answers shaped exactly as the model's
//! output shapes, with every event carrying its required attributes.

mod common;

use common::server::{endpoint, endpoint_with};
use serde_json::{Value as Json, json};
use swfcheck::model::{Shape, ShapeKind, event_attributes_key, swf};
use swfcheck::server::ServerConfig;

/// Asserts `value` fits `shape`: known members only, required ones present, JSON types right.
fn assert_fits(shape: &Shape, value: &Json, path: &str) {
    match shape.kind {
        ShapeKind::Structure => {
            let obj = value
                .as_object()
                .unwrap_or_else(|| panic!("{path}: not an object: {value}"));
            for key in obj.keys() {
                assert!(
                    shape.member(key).is_some(),
                    "{path}.{key} is not a member of {}",
                    shape.name
                );
            }
            for m in &shape.members {
                match obj.get(&m.name) {
                    Some(v) => assert_fits(&m.shape, v, &format!("{path}.{}", m.name)),
                    None => assert!(
                        !m.required,
                        "{path}.{} is required by {}",
                        m.name, shape.name
                    ),
                }
            }
        }
        ShapeKind::List => {
            let items = value
                .as_array()
                .unwrap_or_else(|| panic!("{path}: not an array"));
            for (i, item) in items.iter().enumerate() {
                assert_fits(
                    shape.member.as_deref().unwrap(),
                    item,
                    &format!("{path}[{i}]"),
                );
            }
        }
        ShapeKind::String | ShapeKind::Blob => assert!(value.is_string(), "{path}: {value}"),
        ShapeKind::Boolean => assert!(value.is_boolean(), "{path}: {value}"),
        _ => assert!(value.is_number(), "{path}: {value}"),
    }
}

fn output_of(op: &str) -> &'static Shape {
    swf().operation(op).unwrap().output.as_ref().unwrap()
}

#[tokio::test]
async fn answers_and_events_match_the_model() {
    let e = endpoint().await;
    e.domain_with_types("d").await;
    let run = e.start("d", "w", "tl").await;
    let schedule = json!([
        {"decisionType": "ScheduleActivityTask", "scheduleActivityTaskDecisionAttributes": {"activityType": {"name": "act", "version": "1"}, "activityId": "a1"}},
        {"decisionType": "RecordMarker", "recordMarkerDecisionAttributes": {"markerName": "m", "details": "x"}},
    ]);
    let task = e.decide("d", "tl", schedule).await;
    assert_fits(
        output_of("PollForDecisionTask"),
        &task,
        "PollForDecisionTask",
    );
    let at = e
        .ok(
            "PollForActivityTask",
            json!({"domain": "d", "taskList": {"name": "acts"}}),
        )
        .await;
    assert_fits(output_of("PollForActivityTask"), &at, "PollForActivityTask");
    e.ok(
        "SignalWorkflowExecution",
        json!({"domain": "d", "workflowId": "w", "signalName": "s", "input": "i"}),
    )
    .await;
    e.ok(
        "RequestCancelWorkflowExecution",
        json!({"domain": "d", "workflowId": "w"}),
    )
    .await;
    e.ok(
        "RespondActivityTaskCompleted",
        json!({"taskToken": at["taskToken"], "result": "r"}),
    )
    .await;
    e.decide("d", "tl", json!([{"decisionType": "CancelWorkflowExecution", "cancelWorkflowExecutionDecisionAttributes": {}}])).await;
    let exec = json!({"workflowId": "w", "runId": run});
    let calls = [
        (
            "DescribeWorkflowExecution",
            json!({"domain": "d", "execution": exec}),
        ),
        (
            "GetWorkflowExecutionHistory",
            json!({"domain": "d", "execution": exec}),
        ),
        ("DescribeDomain", json!({"name": "d"})),
        ("ListDomains", json!({"registrationStatus": "REGISTERED"})),
        (
            "DescribeWorkflowType",
            json!({"domain": "d", "workflowType": {"name": "wf", "version": "1"}}),
        ),
        (
            "DescribeActivityType",
            json!({"domain": "d", "activityType": {"name": "act", "version": "1"}}),
        ),
        (
            "ListWorkflowTypes",
            json!({"domain": "d", "registrationStatus": "REGISTERED"}),
        ),
        (
            "ListActivityTypes",
            json!({"domain": "d", "registrationStatus": "REGISTERED"}),
        ),
        (
            "ListClosedWorkflowExecutions",
            json!({"domain": "d", "startTimeFilter": {"oldestDate": 0}}),
        ),
        (
            "ListOpenWorkflowExecutions",
            json!({"domain": "d", "startTimeFilter": {"oldestDate": 0}}),
        ),
        (
            "CountClosedWorkflowExecutions",
            json!({"domain": "d", "startTimeFilter": {"oldestDate": 0}}),
        ),
        (
            "CountPendingDecisionTasks",
            json!({"domain": "d", "taskList": {"name": "tl"}}),
        ),
        (
            "CountPendingActivityTasks",
            json!({"domain": "d", "taskList": {"name": "acts"}}),
        ),
    ];
    for (op, input) in calls {
        let out = e.ok(op, input).await;
        assert_fits(output_of(op), &out, op);
    }
    // Every event carries the attributes member of its type, and nothing else.
    let events = e.history("d", "w", &run).await;
    let types: Vec<&str> = events
        .iter()
        .map(|ev| ev["eventType"].as_str().unwrap())
        .collect();
    assert!(
        types.contains(&"ActivityTaskStarted") && types.contains(&"WorkflowExecutionCanceled"),
        "{types:?}"
    );
    for ev in &events {
        let key = event_attributes_key(ev["eventType"].as_str().unwrap());
        let attr_members: Vec<&String> = ev
            .as_object()
            .unwrap()
            .keys()
            .filter(|k| k.ends_with("EventAttributes"))
            .collect();
        assert_eq!(attr_members, [&key], "{ev}");
    }
}

#[tokio::test]
async fn request_id_content_type_and_empty_success_body() {
    let e = endpoint().await;
    e.domain_with_types("d").await;
    let run = e.start("d", "w", "tl").await;
    let body =
        serde_json::to_vec(&json!({"domain": "d", "workflowId": "w", "runId": run})).unwrap();
    let ok = e
        .send("RequestCancelWorkflowExecution", "application/json", body)
        .await;
    assert_eq!(ok.status, 200);
    assert!(ok.raw.is_empty(), "seed: an empty HTTP body");
    assert_eq!(ok.headers["content-type"], "application/json");
    assert!(!ok.headers["x-amzn-requestid"].is_empty());
    let fault = e
        .call(
            "RequestCancelWorkflowExecution",
            json!({"domain": "nope", "workflowId": "w"}),
        )
        .await;
    assert_eq!(fault.headers["content-type"], "application/x-amz-json-1.0");
    assert!(!fault.headers["x-amzn-requestid"].is_empty());
    assert_eq!(
        fault.body,
        json!({"__type": "com.amazonaws.swf.base.model#UnknownResourceFault", "message": "Unknown domain: nope"})
    );
    let ids: std::collections::HashSet<String> = [&ok, &fault]
        .iter()
        .map(|a| a.headers["x-amzn-requestid"].to_str().unwrap().to_owned())
        .collect();
    assert_eq!(ids.len(), 2, "request ids are unique");
    let invalid = e
        .call("RequestCancelWorkflowExecution", json!({"domain": ""}))
        .await;
    assert_eq!(invalid.status, 400);
    assert_eq!(
        invalid.body["__type"],
        "com.amazon.coral.validate#ValidationException"
    );
}

#[tokio::test]
async fn protocol_faults_are_json_4xx() {
    let e = endpoint().await;
    let http = reqwest::Client::new();
    let get = http.get(&e.url).send().await.unwrap();
    assert!(get.status().is_client_error());
    assert!(get.headers().contains_key("x-amzn-requestid"));
    let body: Json = get.json().await.unwrap();
    assert!(
        body["__type"]
            .as_str()
            .unwrap()
            .ends_with("#UnknownOperationException")
    );
    let no_target = http.post(&e.url).body("{}").send().await.unwrap();
    assert_eq!(no_target.status(), 400);
    let huge = http
        .post(&e.url)
        .header("X-Amz-Target", "SimpleWorkflowService.ListDomains")
        .body(vec![b' '; 2 * 1024 * 1024])
        .send()
        .await
        .unwrap();
    assert_eq!(huge.status(), 413);
    let body: Json = huge.json().await.unwrap();
    assert!(body["__type"].is_string());
}

#[tokio::test]
async fn require_auth_refuses_unsigned_requests() {
    let e = endpoint_with(ServerConfig {
        require_auth: true,
        ..ServerConfig::default()
    })
    .await;
    let resp = reqwest::Client::new()
        .post(&e.url)
        .header("X-Amz-Target", "SimpleWorkflowService.ListDomains")
        .header("Content-Type", "application/x-amz-json-1.0")
        .body(r#"{"registrationStatus": "REGISTERED"}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 400);
    let body: Json = resp.json().await.unwrap();
    assert_eq!(
        body["__type"],
        "com.amazon.coral.service#MissingAuthenticationTokenException"
    );
    // The test client signs (it sends an Authorization header): accepted.
    let signed = e
        .call("ListDomains", json!({"registrationStatus": "REGISTERED"}))
        .await;
    assert_eq!(signed.status, 200);
}
