//! `swfcheck validate`: the documented stdout contract and exit codes.

use serde_json::{Value as Json, json};
use std::process::{Command, Output};

const SEED_SAMPLE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/fixtures/requests/RequestCancelWorkflowExecution.seed-sample.json"
);

fn swfcheck(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_swfcheck"))
        .args(args)
        .output()
        .unwrap()
}

fn stdout_json(out: &Output) -> Json {
    let text = String::from_utf8(out.stdout.clone()).unwrap();
    assert_eq!(
        text.lines().count(),
        1,
        "exactly one line on stdout: {text:?}"
    );
    serde_json::from_str(&text).unwrap()
}

#[test]
fn valid_request_by_bare_name_and_by_header_value() {
    for target in [
        "RequestCancelWorkflowExecution",
        "SimpleWorkflowService.RequestCancelWorkflowExecution",
        "com.amazonaws.swf.service.model.SimpleWorkflowService.RequestCancelWorkflowExecution",
    ] {
        let out = swfcheck(&[
            "validate",
            "--target",
            target,
            "--body",
            &format!("@{SEED_SAMPLE}"),
        ]);
        assert_eq!(out.status.code(), Some(0), "{target}");
        assert_eq!(
            stdout_json(&out),
            json!({"valid": true, "operation": "RequestCancelWorkflowExecution"})
        );
    }
}

#[test]
fn invalid_request_prints_the_fault_and_exits_1() {
    let body = r#"{"domain": "", "runId": "0123456789012345678901234567890123456789012345678901234567890123x"}"#;
    let out = swfcheck(&[
        "validate",
        "--target",
        "RequestCancelWorkflowExecution",
        "--body",
        body,
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stdout_json(&out),
        json!({
            "valid": false,
            "status": 400,
            "type": "com.amazon.coral.validate#ValidationException",
            "message": "3 validation errors detected: \
                Value '' at 'domain' failed to satisfy constraint: Member must have length greater than or equal to 1; \
                Value null at 'workflowId' failed to satisfy constraint: Member must not be null; \
                Value '0123456789012345678901234567890123456789012345678901234567890123x' at 'runId' \
                failed to satisfy constraint: Member must have length less than or equal to 64"
        })
    );
}

#[test]
fn unknown_operation_and_malformed_json_are_faults_not_usage_errors() {
    let out = swfcheck(&["validate", "--target", "CancelEverything", "--body", "{}"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stdout_json(&out)["type"],
        "com.amazon.coral.service#UnknownOperationException"
    );
    let out = swfcheck(&[
        "validate",
        "--target",
        "RequestCancelWorkflowExecution",
        "--body",
        "{",
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stdout_json(&out)["type"],
        "com.amazon.coral.service#SerializationException"
    );
}

#[test]
fn usage_errors_exit_2_with_a_message_and_no_stdout() {
    let missing = swfcheck(&[
        "validate",
        "--target",
        "RequestCancelWorkflowExecution",
        "--body",
        "@/no/such/file",
    ]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(missing.stdout.is_empty());
    let err = String::from_utf8_lossy(&missing.stderr);
    assert!(err.contains("/no/such/file"), "{err}");
    assert!(!err.contains("panicked"), "{err}");

    let no_body = swfcheck(&["validate", "--target", "RequestCancelWorkflowExecution"]);
    assert_eq!(no_body.status.code(), Some(2));
    assert!(no_body.stdout.is_empty());
}

#[test]
fn content_type_is_taken_into_account() {
    let out = swfcheck(&[
        "validate",
        "--target",
        "RequestCancelWorkflowExecution",
        "--content-type",
        "text/plain",
        "--body",
        &format!("@{SEED_SAMPLE}"),
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stdout_json(&out)["type"],
        "com.amazon.coral.service#UnknownOperationException"
    );
}

/// SWF-WIRE.md §7: what recorded traffic shows the service accepting, with boto 2.x's headers.
#[test]
fn recorded_forms_are_valid() {
    let start = json!({"domain": "d", "workflowId": "w", "workflowType": {"name": "n", "version": "1"},
        "tagList": [null]});
    let out = swfcheck(&[
        "validate",
        "--target",
        "com.amazonaws.swf.service.model.SimpleWorkflowService.StartWorkflowExecution",
        "--content-type",
        "application/json; charset=UTF-8",
        "--body",
        &start.to_string(),
    ]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        stdout_json(&out),
        json!({"valid": true, "operation": "StartWorkflowExecution"})
    );
    // Only tag lists: a null decision is still refused.
    let decisions = json!({"taskToken": "t", "decisions": [null]});
    let out = swfcheck(&[
        "validate",
        "--target",
        "RespondDecisionTaskCompleted",
        "--body",
        &decisions.to_string(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    let fault = stdout_json(&out);
    assert_eq!(
        fault["message"],
        "1 validation error detected: Value null at 'decisions.1.member' failed to satisfy constraint: Member must not be null"
    );
}
