//! Each typed input struct names exactly the model's members: a body with every
//! member present survives the trip request → typed struct → JSON unchanged.

use serde_json::Value as Json;
use swfcheck::generate::sample::{Fill, valid_value};
use swfcheck::model::swf;
use swfcheck::wire::typed::*;
use swfcheck::wire::{Request, parse_body};

fn full_request(op: &str) -> Request {
    let op = swf().operation(op).unwrap();
    let body = serde_json::to_vec(&valid_value(&op.input, Fill::Every)).unwrap();
    parse_body(op, &body).unwrap()
}

/// Drops `null` members: the typed form writes absent members as null.
fn without_nulls(v: Json) -> Json {
    match v {
        Json::Object(map) => Json::Object(
            map.into_iter()
                .filter(|(_, v)| !v.is_null())
                .map(|(k, v)| (k, without_nulls(v)))
                .collect(),
        ),
        Json::Array(items) => Json::Array(items.into_iter().map(without_nulls).collect()),
        other => other,
    }
}

fn round_trip<T: TypedInput>() {
    let req = full_request(T::OPERATION);
    let typed: T = req.typed().unwrap();
    let back = without_nulls(serde_json::to_value(&typed).unwrap());
    assert_eq!(back, req.to_json(), "{}", T::OPERATION);
}

#[test]
fn typed_inputs_match_the_model() {
    round_trip::<RequestCancelWorkflowExecutionInput>();
    round_trip::<RegisterDomainInput>();
    round_trip::<DescribeDomainInput>();
    round_trip::<DeprecateDomainInput>();
    round_trip::<UndeprecateDomainInput>();
    round_trip::<RegisterWorkflowTypeInput>();
    round_trip::<StartWorkflowExecutionInput>();
    round_trip::<DescribeWorkflowExecutionInput>();
    round_trip::<GetWorkflowExecutionHistoryInput>();
    round_trip::<TerminateWorkflowExecutionInput>();
    round_trip::<SignalWorkflowExecutionInput>();
    round_trip::<PollForDecisionTaskInput>();
    round_trip::<RespondDecisionTaskCompletedInput>();
}

#[test]
fn a_typed_read_of_another_operation_is_refused() {
    let req = full_request("DescribeDomain");
    let err = req
        .typed::<RequestCancelWorkflowExecutionInput>()
        .unwrap_err();
    assert!(matches!(err, TypedError::WrongOperation { .. }), "{err}");
}
