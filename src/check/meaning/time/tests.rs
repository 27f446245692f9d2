use super::*;
use crate::check::After;
use crate::check::meaning::Around;
use serde_json::json;
use std::time::Duration;

const NOW: f64 = 1_800_000_000.0;

fn at(s: f64) -> SystemTime {
    UNIX_EPOCH + Duration::from_secs_f64(s)
}

/// The departures of `body` answering `request` of `operation` between NOW - 1 and NOW,
/// in a case named `case` that began at NOW - 10.
fn held(operation: &str, request: Json, body: Json) -> Vec<String> {
    let received = crate::check::fixtures::received(Duration::ZERO);
    let after = After {
        around: Around {
            case_name: Some("case".into()),
            began: Some(at(NOW - 10.0)),
            ..Around::default()
        },
        ..After::default()
    };
    let a = Observed {
        operation,
        received: &received,
        body: &body,
        fault: None,
        after: &after,
        request: &request,
        window: Some((at(NOW - 1.0), at(NOW))),
    };
    departures(&a)
}

fn info(workflow_id: &str, start: f64, close: Option<f64>) -> Json {
    json!({"execution": {"workflowId": workflow_id, "runId": "r"}, "startTimestamp": start,
        "closeTimestamp": close})
}

#[test]
fn the_case_s_execution_started_in_the_case_and_nothing_in_the_future() {
    let op = "DescribeWorkflowExecution";
    let ok = json!({"executionInfo": info("case", NOW - 5.0, Some(NOW - 2.0))});
    assert!(held(op, json!({}), ok).is_empty());
    let frozen = json!({"executionInfo": info("case", 1_420_066_800.123, None)});
    let found = held(op, json!({}), frozen);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].contains("days before the case began"), "{found:?}");
    let other = json!({"executionInfo": info("someone-else", 1_420_066_800.123, None)});
    assert!(
        held(op, json!({}), other).is_empty(),
        "not the case's: no lower bound"
    );
    let future = json!({"executionInfo": info("other", NOW + 60.0, None)});
    assert!(held(op, json!({}), future)[0].contains("after the answer came"));
    let reversed = json!({"executionInfo": info("case", NOW - 3.0, Some(NOW - 4.0))});
    assert!(held(op, json!({}), reversed)[0].contains("before startTimestamp"));
    let latest = json!({"executionInfo": info("case", NOW - 3.0, None),
        "latestActivityTaskTimestamp": NOW - 4.0});
    assert!(held(op, json!({}), latest)[0].contains("latestActivityTaskTimestamp"));
}

#[test]
fn a_history_s_events_keep_their_order_and_the_window() {
    let event = |id: i64, t: f64| json!({"eventId": id, "eventTimestamp": t});
    let request = json!({"execution": {"workflowId": "case-a", "runId": "r"}});
    let page = json!({"events": [event(1, NOW - 5.0), event(2, NOW - 6.0)]});
    let op = "GetWorkflowExecutionHistory";
    assert!(held(op, request.clone(), page.clone())[0].contains("goes back"));
    let mut reversed = request.clone();
    reversed["reverseOrder"] = json!(true);
    assert!(held(op, reversed, page).is_empty());
    let many: Vec<Json> = (1..=20).map(|i| event(i, 1_420_066_800.0)).collect();
    let found = held(op, request, json!({"events": many}));
    assert_eq!(found.len(), TOLD + 1);
    assert_eq!(found[TOLD], "and 12 more");
}

#[test]
fn types_of_the_case_s_domain_were_created_in_the_case() {
    let op = "ListWorkflowTypes";
    let types =
        json!({"typeInfos": [{"creationDate": 1_420_066_800, "deprecationDate": 1_420_066_000}]});
    let found = held(op, json!({"domain": "case-d"}), types.clone());
    assert_eq!(found.len(), 2, "{found:?}");
    let shared = held(op, json!({"domain": "shared"}), types);
    assert_eq!(shared.len(), 1, "order only: {shared:?}");
    let named = json!({"typeInfo": {"workflowType": {"name": "case-t", "version": "1"},
        "creationDate": 1_420_066_800}});
    let found = held("DescribeWorkflowType", json!({"domain": "shared"}), named);
    assert_eq!(found.len(), 1, "a type named after the case: {found:?}");
}

#[test]
fn spans_read_in_their_unit() {
    assert_eq!(span(3.21), "3.2 s");
    assert_eq!(span(7200.0), "2.0 h");
    assert_eq!(span(86_400.0 * 400.0), "400 days");
    assert!(timestamp_members().contains("eventTimestamp"));
    assert!(timestamp_members().contains("creationDate"));
}
