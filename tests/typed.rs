//! The typed inputs against fixtures/model/swf.json: every operation has one, each struct
//! names exactly the model's members (a body with every member, or only the required
//! ones, survives request → typed input → JSON), every enum the engine matches on has the
//! model's values, and the one list of decision kinds states the model's facts.

use serde_json::Value as Json;
use std::collections::BTreeSet;
use swfcheck::generate::sample::{Fill, valid_value};
use swfcheck::model::{Shape, swf};
use swfcheck::wire::typed::*;
use swfcheck::wire::{Request, decode, parse_body, validate};

/// A request of `op` with every member (or only the required ones), decoded under the
/// model: every member at once breaks rules between members (startTimeFilter and
/// closeTimeFilter are exclusive), which the typed structs do not care for.
fn request(op: &str, fill: Fill) -> Request {
    let operation = swf().operation(op).unwrap();
    let body = serde_json::to_vec(&valid_value(&operation.input, fill)).unwrap();
    let input = decode::decode(&operation.input, &body).unwrap();
    assert!(
        validate::violations(&operation.input, &input).is_empty(),
        "{op}"
    );
    Request { operation, input }
}

/// Drops `null` members (an absent optional member serialises as null) and writes every
/// number as f64 (a timestamp is read as f64): what is left must be the request's JSON.
fn normal(v: Json) -> Json {
    match v {
        Json::Object(map) => Json::Object(
            map.into_iter()
                .filter(|(_, v)| !v.is_null())
                .map(|(k, v)| (k, normal(v)))
                .collect(),
        ),
        Json::Array(items) => Json::Array(items.into_iter().map(normal).collect()),
        Json::Number(n) => serde_json::json!(n.as_f64()),
        other => other,
    }
}

#[test]
fn every_operation_of_the_model_has_a_typed_input() {
    let model: Vec<&str> = swf().operations.iter().map(|o| o.name.as_str()).collect();
    assert_eq!(Input::OPERATIONS, model.as_slice());
}

#[test]
fn typed_inputs_name_exactly_the_models_members() {
    for op in &swf().operations {
        for fill in [Fill::Every, Fill::Required] {
            let req = request(&op.name, fill);
            let input = req.read().unwrap_or_else(|e| panic!("{}: {e}", op.name));
            assert_eq!(input.operation(), op.name);
            let typed = serde_json::to_value(&input).unwrap();
            if fill == Fill::Every {
                // Every member filled: a field the model lacks would show as null.
                assert!(!format!("{typed}").contains("null"), "{}: {typed}", op.name);
            }
            assert_eq!(
                normal(typed),
                normal(req.to_json()),
                "{} ({fill:?})",
                op.name
            );
        }
    }
}

#[test]
fn a_typed_read_of_another_operation_is_refused() {
    let req = request("DescribeDomain", Fill::Every);
    let err = req
        .typed::<RequestCancelWorkflowExecutionInput>()
        .unwrap_err();
    assert!(matches!(err, TypedError::WrongOperation { .. }), "{err}");
}

/// The enum shape of the model named `name`, wherever it appears.
fn model_enum(name: &str) -> Vec<String> {
    fn find<'a>(shape: &'a Shape, name: &str) -> Option<&'a Shape> {
        if shape.name == name && shape.enum_values.is_some() {
            return Some(shape);
        }
        let inner = shape.members.iter().map(|m| &m.shape);
        let nested = shape.member.as_deref().into_iter();
        inner.chain(nested).find_map(|s| find(s, name))
    }
    swf()
        .operations
        .iter()
        .find_map(|op| find(&op.input, name))
        .and_then(|s| s.enum_values.clone())
        .unwrap_or_else(|| panic!("no enum {name} in the inputs of the model"))
}

#[test]
fn the_enums_the_engine_matches_on_have_the_models_values() {
    let names = |all: &[&'static str]| all.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    let of = |v: Vec<&'static str>| names(&v);
    assert_eq!(
        of(ChildPolicy::ALL.iter().map(|v| v.as_str()).collect()),
        model_enum("ChildPolicy")
    );
    assert_eq!(
        of(CloseStatus::ALL.iter().map(|v| v.as_str()).collect()),
        model_enum("CloseStatus")
    );
    assert_eq!(
        of(RegistrationStatus::ALL.iter().map(|v| v.as_str()).collect()),
        model_enum("RegistrationStatus")
    );
    assert_eq!(
        of(DecisionType::ALL.iter().map(|v| v.as_str()).collect()),
        model_enum("DecisionType")
    );
    assert_eq!(DecisionType::ALL.len(), 13);
    for t in DecisionType::ALL {
        assert_eq!(DecisionType::from_name(t.as_str()), Some(*t));
    }
    assert_eq!(DecisionType::from_name("Nope"), None);
}

/// The Decision structure of RespondDecisionTaskCompleted.
fn decision_shape() -> &'static Shape {
    let op = swf().operation("RespondDecisionTaskCompleted").unwrap();
    op.input
        .member("decisions")
        .and_then(|d| d.shape.member.as_deref())
        .unwrap()
}

/// Every enum shape of the model's outputs whose name ends in `FailedCause`, with its values.
fn failed_causes() -> Vec<(String, Vec<String>)> {
    fn walk(v: &Json, out: &mut Vec<(String, Vec<String>)>) {
        match v {
            Json::Object(m) => {
                if let (Some(Json::String(name)), Some(Json::Array(values))) =
                    (m.get("shape"), m.get("enum"))
                {
                    if name.ends_with("FailedCause") {
                        let values = values.iter().filter_map(|x| x.as_str()).map(String::from);
                        out.push((name.clone(), values.collect()));
                    }
                }
                m.values().for_each(|x| walk(x, out));
            }
            Json::Array(items) => items.iter().for_each(|x| walk(x, out)),
            _ => {}
        }
    }
    let text = std::fs::read_to_string("fixtures/model/swf.json").unwrap();
    let mut out = Vec::new();
    walk(&serde_json::from_str(&text).unwrap(), &mut out);
    out
}

#[test]
fn each_decision_kind_states_the_models_facts() {
    let shape = decision_shape();
    let causes = failed_causes();
    for t in DecisionType::ALL {
        let attrs = shape
            .member(&t.attributes_key())
            .unwrap_or_else(|| panic!("{t:?}: no {} in the model", t.attributes_key()));
        let required = attrs.shape.members.iter().any(|m| m.required);
        assert_eq!(t.attributes_required(), required, "{t:?}");
        // The model's `<Kind>FailedCause` names the kind's Failed event; a closing
        // decision is the one that fails with UNHANDLED_DECISION (SWF-WIRE.md §8).
        let cause = format!("{}Cause", t.failed_event());
        let values = causes
            .iter()
            .find(|(name, _)| *name == cause)
            .map(|(_, v)| v)
            .unwrap_or_else(|| panic!("{t:?}: no {cause} in the model"));
        let unhandled = values.iter().any(|v| v == "UNHANDLED_DECISION");
        assert_eq!(t.is_closing(), unhandled, "{t:?}");
        // A decision without its attributes: refused exactly when they are required.
        let bare: DecisionEntry =
            serde_json::from_value(serde_json::json!({"decisionType": t.as_str()})).unwrap();
        let decision = bare.into_decision();
        assert_eq!(decision.is_err(), required, "{t:?}");
        if let Ok(d) = decision {
            assert_eq!(d.decision_type(), *t);
        }
    }
    let keys: BTreeSet<String> = DecisionType::ALL
        .iter()
        .map(|t| t.attributes_key())
        .collect();
    let model: BTreeSet<String> = shape
        .members
        .iter()
        .map(|m| m.name.clone())
        .filter(|n| n != "decisionType")
        .collect();
    assert_eq!(keys, model);
}

#[test]
fn only_a_decision_kind_of_the_model_gets_past_the_wire() {
    let op = swf().operation("RespondDecisionTaskCompleted").unwrap();
    let body = br#"{"taskToken": "t", "decisions": [{"decisionType": "RecordMarker"}, {"decisionType": "Nope"}]}"#;
    let fault = parse_body(op, body).unwrap_err();
    assert_eq!(fault.name(), "ValidationException");
    assert!(
        fault.message.contains(
            "Value 'Nope' at 'decisions.2.member.decisionType' failed to satisfy constraint: \
             Member must satisfy enum value set: [ScheduleActivityTask,"
        ),
        "{}",
        fault.message
    );
}
