//! Table-driven tests of RequestCancelWorkflowExecution from the seed
//! (`../shared/seed/RequestCancelWorkflowExecution.txt`) and SWF-WIRE.md §2–§3.

use serde_json::{Value as Json, json};
use swfcheck::wire::{Fault, FaultKind, Request, parse_request};

const TARGET: &str = "SimpleWorkflowService.RequestCancelWorkflowExecution";
const JSON10: Option<&str> = Some("application/x-amz-json-1.0");
const SEED_SAMPLE: &str =
    include_str!("../fixtures/requests/RequestCancelWorkflowExecution.seed-sample.json");

fn rcwe(body: &Json) -> Result<Request, Fault> {
    parse_request(Some(TARGET), JSON10, &serde_json::to_vec(body).unwrap())
}

fn with(member: &str, value: Json) -> Json {
    let mut body: Json = serde_json::from_str(SEED_SAMPLE).unwrap();
    body[member] = value;
    body
}

fn without(member: &str) -> Json {
    let mut body: Json = serde_json::from_str(SEED_SAMPLE).unwrap();
    body.as_object_mut().unwrap().remove(member);
    body
}

fn validation_message(outcome: Result<Request, Fault>) -> String {
    let fault = outcome.expect_err("expected a ValidationException");
    assert_eq!(fault.kind, FaultKind::Validation, "{fault}");
    assert_eq!(
        fault.type_name(),
        "com.amazon.coral.validate#ValidationException"
    );
    assert_eq!(fault.status(), 400);
    fault.message
}

#[test]
fn the_seed_sample_request_is_valid() {
    let req = parse_request(Some(TARGET), JSON10, SEED_SAMPLE.as_bytes()).unwrap();
    assert_eq!(req.name(), "RequestCancelWorkflowExecution");
    let typed: swfcheck::wire::typed::RequestCancelWorkflowExecutionInput = req.typed().unwrap();
    assert_eq!(typed.domain, "867530901");
    assert_eq!(typed.workflow_id, "20110927-T-1");
    assert_eq!(
        typed.run_id.as_deref(),
        Some("94861fda-a714-4126-95d7-55ba847da8ab")
    );
}

/// Seed: domain and workflowId, "Minimum length of 1. Maximum length of 256."
#[test]
fn domain_and_workflow_id_lengths() {
    for member in ["domain", "workflowId"] {
        for (text, valid) in [
            (String::new(), false),
            ("a".to_string(), true),
            ("a".repeat(256), true),
            ("a".repeat(257), false),
            ("é".repeat(256), true),
            ("é".repeat(257), false),
            ("😀".repeat(256), true),
            ("😀".repeat(257), false),
        ] {
            let outcome = rcwe(&with(member, json!(text)));
            let len = text.chars().count();
            if valid {
                assert!(outcome.is_ok(), "{member} of {len} chars: {outcome:?}");
                continue;
            }
            let rule = if len == 0 {
                "Member must have length greater than or equal to 1"
            } else {
                "Member must have length less than or equal to 256"
            };
            assert_eq!(
                validation_message(outcome),
                format!(
                    "1 validation error detected: Value '{text}' at '{member}' failed to satisfy constraint: {rule}"
                ),
                "{member} of {len} chars"
            );
        }
    }
}

/// Seed: runId, "Maximum length of 64." (no minimum).
#[test]
fn run_id_lengths() {
    assert!(rcwe(&with("runId", json!(""))).is_ok());
    assert!(rcwe(&with("runId", json!("r".repeat(64)))).is_ok());
    assert!(rcwe(&with("runId", json!("é".repeat(64)))).is_ok());
    let long = "r".repeat(65);
    assert_eq!(
        validation_message(rcwe(&with("runId", json!(long)))),
        format!(
            "1 validation error detected: Value '{long}' at 'runId' failed to satisfy constraint: \
             Member must have length less than or equal to 64"
        )
    );
}

/// Seed: domain and workflowId "Required: Yes"; runId "Required: No".
#[test]
fn required_members_missing_or_null() {
    for member in ["domain", "workflowId"] {
        let expected = format!(
            "1 validation error detected: Value null at '{member}' failed to satisfy constraint: Member must not be null"
        );
        assert_eq!(validation_message(rcwe(&without(member))), expected);
        assert_eq!(
            validation_message(rcwe(&with(member, Json::Null))),
            expected
        );
    }
    assert!(rcwe(&without("runId")).is_ok());
    assert!(rcwe(&with("runId", Json::Null)).is_ok());
}

/// Seed: every member is "Type: String"; any other JSON type is a serialization fault.
#[test]
fn members_of_the_wrong_json_type() {
    for member in ["domain", "workflowId", "runId"] {
        for (value, found) in [
            (json!(5), "a number"),
            (json!(-1.5), "a number"),
            (json!(true), "a boolean"),
            (json!(["x"]), "an array"),
            (json!({"x": 1}), "an object"),
        ] {
            let fault = rcwe(&with(member, value.clone())).expect_err("wrong type must fail");
            assert_eq!(fault.kind, FaultKind::Serialization, "{member} = {value}");
            assert_eq!(
                fault.type_name(),
                "com.amazon.coral.service#SerializationException"
            );
            assert_eq!(fault.status(), 400);
            assert_eq!(
                fault.message,
                format!("Expected a string at '{member}', found {found}")
            );
        }
    }
}

#[test]
fn several_violations_are_all_listed_in_model_order_whatever_the_body_order() {
    let long_run = "r".repeat(65);
    let expected = format!(
        "3 validation errors detected: \
         Value '' at 'domain' failed to satisfy constraint: Member must have length greater than or equal to 1; \
         Value null at 'workflowId' failed to satisfy constraint: Member must not be null; \
         Value '{long_run}' at 'runId' failed to satisfy constraint: Member must have length less than or equal to 64"
    );
    let orders = [
        format!(r#"{{"domain":"","runId":"{long_run}"}}"#),
        format!(r#"{{"runId":"{long_run}","domain":""}}"#),
        format!(r#"{{"runId":"{long_run}","workflowId":null,"domain":""}}"#),
    ];
    for body in orders {
        let outcome = parse_request(Some(TARGET), JSON10, body.as_bytes());
        assert_eq!(validation_message(outcome), expected, "{body}");
    }
}

#[test]
fn a_type_error_wins_over_constraint_violations() {
    let fault = rcwe(&json!({"domain": "", "workflowId": 7})).unwrap_err();
    assert_eq!(fault.kind, FaultKind::Serialization);
}

#[test]
fn malformed_and_non_object_bodies_are_serialization_faults() {
    for body in [
        &b"{"[..],
        b"{\"domain\": \"d\",}",
        b"",
        b"   ",
        b"nul",
        b"{\"domain\":\"d\",\"workflowId\":\"w\"} trailing",
        b"\xff\xfe",
        b"[]",
        b"\"a string\"",
        b"42",
        b"true",
        b"null",
    ] {
        let fault = parse_request(Some(TARGET), JSON10, body).unwrap_err();
        assert_eq!(
            fault.kind,
            FaultKind::Serialization,
            "{:?}",
            String::from_utf8_lossy(body)
        );
        assert_eq!(fault.status(), 400);
    }
}

#[test]
fn unknown_members_are_ignored_and_not_kept() {
    let body = with("somethingElse", json!({"deep": [1, 2, {"x": null}]}));
    let req = rcwe(&body).unwrap();
    assert!(req.to_json().get("somethingElse").is_none());
    assert_eq!(
        req.to_json(),
        serde_json::from_str::<Json>(SEED_SAMPLE).unwrap()
    );
}

#[test]
fn a_member_given_twice_keeps_its_last_value() {
    let body = br#"{"domain":"","domain":"d","workflowId":"w"}"#;
    let req = parse_request(Some(TARGET), JSON10, body).unwrap();
    assert_eq!(req.to_json()["domain"], "d");
}

#[test]
fn unknown_or_missing_target_is_an_unknown_operation() {
    for target in [
        None,
        Some("SimpleWorkflowService.CancelEverything"),
        Some("RequestCancelWorkflowExecution"),
        Some("SimpleWorkflowService.requestcancelworkflowexecution"),
        Some("DynamoDB_20120810.RequestCancelWorkflowExecution"),
    ] {
        let fault = parse_request(target, JSON10, SEED_SAMPLE.as_bytes()).unwrap_err();
        assert_eq!(fault.kind, FaultKind::UnknownOperation, "{target:?}");
        assert_eq!(
            fault.type_name(),
            "com.amazon.coral.service#UnknownOperationException"
        );
        assert!((400..500).contains(&fault.status()));
    }
}

#[test]
fn content_types_of_the_protocol_and_the_seed_are_accepted() {
    for ct in [
        None,
        JSON10,
        Some("application/json"),
        Some("application/x-amz-json-1.0; charset=UTF-8"),
    ] {
        assert!(
            parse_request(Some(TARGET), ct, SEED_SAMPLE.as_bytes()).is_ok(),
            "{ct:?}"
        );
    }
    let fault =
        parse_request(Some(TARGET), Some("text/plain"), SEED_SAMPLE.as_bytes()).unwrap_err();
    assert_eq!(fault.kind, FaultKind::UnknownOperation);
}

/// The fault envelope of each kind of bad request, reviewed as insta snapshots.
#[test]
fn fault_messages() {
    let cases: Vec<(&str, Option<&str>, &[u8])> = vec![
        ("unknown-target", Some("SimpleWorkflowService.Nope"), SEED_SAMPLE.as_bytes()),
        ("missing-target", None, SEED_SAMPLE.as_bytes()),
        ("malformed-json", Some(TARGET), b"{\"domain\": "),
        ("non-object", Some(TARGET), b"[1, 2]"),
        ("wrong-type", Some(TARGET), br#"{"domain": {"name": "d"}, "workflowId": "w"}"#),
        ("missing-all", Some(TARGET), b"{}"),
        (
            "several",
            Some(TARGET),
            br#"{"domain": "", "workflowId": "", "runId": "0123456789012345678901234567890123456789012345678901234567890123x"}"#,
        ),
    ];
    for (name, target, body) in cases {
        let fault = parse_request(target, JSON10, body).unwrap_err();
        let envelope: Json = serde_json::from_slice(&fault.to_body()).unwrap();
        insta::assert_json_snapshot!(name, json!({"status": fault.status(), "body": envelope}));
    }
}
