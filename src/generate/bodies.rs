//! Valid request bodies built from the model: required members only, run-unique strings,
//! numbers written as strings where the documentation says so.

use crate::model::{Operation, Shape, ShapeKind};
use serde_json::{Map, Value as Json, json};

/// Whether the documentation describes member `name` as a number written as a string
/// (durations in seconds: `...Timeout`; retention in days).
pub(crate) fn holds_a_number(name: &str) -> bool {
    name.ends_with("Timeout") || name.ends_with("RetentionPeriodInDays")
}

/// A string of `n` characters for member `name`: digits where the documentation
/// describes the string as a number (durations in seconds, retention in days),
/// else run-unique text.
pub(crate) fn text_of(name: &str, n: i64) -> String {
    match (holds_a_number(name), n) {
        (_, 0) => String::new(),
        (true, n) => format!("${{repeat:0:{}}}1", n - 1),
        (false, n) => format!("${{unique:{n}}}"),
    }
}

/// The length of a sample string: long enough to hold the case's own workflowId
/// (`<prefix>-<index>`), so that two cases never send the same name, within the bounds.
pub(crate) fn base_length(shape: &Shape) -> i64 {
    let min = shape.min.unwrap_or(0).max(1);
    32.clamp(min, shape.max.unwrap_or(32).max(min))
}

/// A valid body with the required members only (and a time filter where the
/// documentation requires one: [`crate::model::rules`]); `domain` is the run's domain.
pub fn base(op: &Operation) -> Json {
    let mut body = sample(&op.input);
    if let Some(obj) = body.as_object_mut() {
        if obj.contains_key("domain") {
            obj.insert("domain".into(), json!("${domain}"));
        }
        // A token the setup's task fills in (super::expected::setup_for).
        if obj.contains_key("taskToken") {
            obj.insert("taskToken".into(), json!(super::expected::TASK_TOKEN));
        }
    }
    existing(&op.name, &mut body);
    crate::model::rules::cohere(&op.name, &mut body, None);
    body
}

/// Names what exists in a body whose answer depends on it (issue 28 item 2): the run's
/// workflow type for StartWorkflowExecution, the case's own types (`Setup::Types`) for the
/// operations on a type, the case's own execution (`Setup::Execution`) for those on an
/// execution; so that a generated change to one member is the only thing wrong with the
/// request. The operations that would change what other cases use (the run's types and
/// domains) keep names that exist nowhere.
fn existing(operation: &str, body: &mut Json) {
    let Some(obj) = body.as_object_mut() else {
        return;
    };
    let (name, version) = super::lifecycle::WORKFLOW_TYPE;
    let own_type = json!({"name": CASE_NAME, "version": "1"});
    match operation {
        "StartWorkflowExecution" => {
            obj.insert(
                "workflowType".into(),
                json!({"name": name, "version": version}),
            );
        }
        "DescribeWorkflowType"
        | "DeprecateWorkflowType"
        | "UndeprecateWorkflowType"
        | "DeleteWorkflowType" => {
            obj.insert("workflowType".into(), own_type);
        }
        "DescribeActivityType"
        | "DeprecateActivityType"
        | "UndeprecateActivityType"
        | "DeleteActivityType" => {
            obj.insert("activityType".into(), own_type);
        }
        "DescribeWorkflowExecution" | "GetWorkflowExecutionHistory" => {
            obj.insert(
                "execution".into(),
                json!({"workflowId": CASE_NAME, "runId": "${runId}"}),
            );
        }
        "SignalWorkflowExecution"
        | "RequestCancelWorkflowExecution"
        | "TerminateWorkflowExecution" => {
            obj.insert("workflowId".into(), json!(CASE_NAME));
        }
        _ => {}
    }
}

/// The case's own name in a body: its execution's workflowId, its types' name.
pub(crate) const CASE_NAME: &str = "${workflowId}";

/// A value within every constraint of `shape` (required members only), with
/// run-unique strings so that whatever a valid request creates belongs to the run.
pub fn sample(shape: &Shape) -> Json {
    match shape.kind {
        ShapeKind::String => match shape.enum_values.as_deref() {
            Some([first, ..]) => json!(first),
            _ => json!(format!("${{unique:{}}}", base_length(shape))),
        },
        ShapeKind::Structure => Json::Object(
            shape
                .members
                .iter()
                .filter(|m| m.required)
                .map(|m| (m.name.clone(), sample_member(&m.name, &m.shape)))
                .collect::<Map<_, _>>(),
        ),
        _ => crate::generate::sample::valid_value(shape, crate::generate::sample::Fill::Required),
    }
}

pub(crate) fn sample_member(name: &str, shape: &Shape) -> Json {
    match (shape.kind, &shape.enum_values) {
        (ShapeKind::String, None) if text_of(name, 1).starts_with("${unique") => {
            json!(text_of(name, base_length(shape)))
        }
        (ShapeKind::String, None) => {
            let n = shape.min.unwrap_or(1).max(1).min(shape.max.unwrap_or(64));
            json!(text_of(name, n))
        }
        _ => sample(shape),
    }
}
