//! Generated decision lists made coherent: a decision of type X carries X's
//! attributes (the reference endpoint refuses a list where it does not, as the
//! issue "The reference endpoint runs real SWF applications" asks), so a generated
//! change to one attributes member is sent in a decision of the type it belongs to.

use crate::model::{Shape, swf};
use crate::wire::typed::DecisionType;
use serde_json::Value as Json;

/// The model's Decision shape.
fn decision_shape() -> Option<&'static Shape> {
    swf()
        .operation("RespondDecisionTaskCompleted")?
        .input
        .member("decisions")?
        .shape
        .member
        .as_deref()
}

/// In a RespondDecisionTaskCompleted body, gives each decision whose type is one of the
/// model's kinds ([`DecisionType`], the list the reference endpoint uses) the attributes
/// member of its type: a decision carrying exactly one other type's
/// attributes takes that type; a type whose attributes are missing gets a sample
/// of them (required members only). A closing decision must be last in the list
/// (SWF-WIRE.md §9): only the last closing decision is kept, and it is moved last.
pub fn cohere_decisions(body: &mut Json) {
    let Some(shape) = decision_shape() else {
        return;
    };
    if body.get("taskToken").is_none() {
        return;
    }
    let Some(decisions) = body.get_mut("decisions").and_then(Json::as_array_mut) else {
        return;
    };
    for d in decisions.iter_mut().filter_map(Json::as_object_mut) {
        let Some(current) = d
            .get("decisionType")
            .and_then(Json::as_str)
            .and_then(DecisionType::from_name)
        else {
            continue;
        };
        let present: Vec<DecisionType> = DecisionType::ALL
            .iter()
            .copied()
            .filter(|t| d.contains_key(&t.attributes_key()))
            .collect();
        let kind = match present.as_slice() {
            [other] if !d.contains_key(&current.attributes_key()) => *other,
            _ => current,
        };
        d.insert("decisionType".into(), Json::String(kind.as_str().into()));
        let key = kind.attributes_key();
        if let Some(attrs) = shape.member(&key) {
            if !d.contains_key(&key) && kind.attributes_required() {
                d.insert(key, super::bodies::sample(&attrs.shape));
            }
        }
    }
    let closing = |d: &Json| {
        d["decisionType"]
            .as_str()
            .and_then(DecisionType::from_name)
            .is_some_and(DecisionType::is_closing)
    };
    if let Some(last) = decisions.iter().rposition(closing) {
        let close = decisions.remove(last);
        decisions.retain(|d| !closing(d));
        decisions.push(close);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn each_decision_carries_its_own_attributes_and_one_close_comes_last() {
        let mut body = json!({"taskToken": "t", "decisions": [
            {"decisionType": "CompleteWorkflowExecution"},
            {"decisionType": "ScheduleActivityTask", "startTimerDecisionAttributes": {"timerId": "x", "startToFireTimeout": "1"}},
            {"decisionType": "StartTimer"},
            {"decisionType": "FailWorkflowExecution"},
            {"decisionType": "RecordMarker", "recordMarkerDecisionAttributes": {"markerName": "m"}},
        ]});
        cohere_decisions(&mut body);
        let types: Vec<&str> = body["decisions"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["decisionType"].as_str().unwrap())
            .collect();
        assert_eq!(
            types,
            [
                "StartTimer",
                "StartTimer",
                "RecordMarker",
                "FailWorkflowExecution"
            ]
        );
        assert_eq!(
            body["decisions"][0]["startTimerDecisionAttributes"]["timerId"],
            "x"
        );
        assert!(body["decisions"][1]["startTimerDecisionAttributes"]["timerId"].is_string());
        let mut other = json!({"decisions": [{"decisionType": "StartTimer"}]});
        cohere_decisions(&mut other);
        assert_eq!(
            other,
            json!({"decisions": [{"decisionType": "StartTimer"}]}),
            "only RespondDecisionTaskCompleted bodies"
        );
    }
}
