//! What the replay knows of history events as JSON: their type, id, attributes, the events
//! their `...EventId` members point at, and which ones close an execution.

use serde_json::Value as Json;

/// The events that close an execution: nothing may follow them.
pub const CLOSING: [&str; 6] = [
    "WorkflowExecutionCompleted",
    "WorkflowExecutionFailed",
    "WorkflowExecutionCanceled",
    "WorkflowExecutionTerminated",
    "WorkflowExecutionTimedOut",
    "WorkflowExecutionContinuedAsNew",
];

/// An event's `eventType` (`""` when it has none).
pub fn kind(event: &Json) -> &str {
    event["eventType"].as_str().unwrap_or_default()
}

/// An event's `eventId` (0 when it has none).
pub fn id(event: &Json) -> i64 {
    event["eventId"].as_i64().unwrap_or(0)
}

/// An event's attributes member (`null` when it has none).
pub fn attrs(event: &Json) -> &Json {
    let key = crate::model::event_attributes_key(kind(event));
    event.get(key.as_str()).unwrap_or(&Json::Null)
}

/// A string attribute.
pub fn text<'a>(event: &'a Json, member: &str) -> Option<&'a str> {
    attrs(event)[member].as_str()
}

/// An integer attribute (0 when absent).
pub fn number(event: &Json, member: &str) -> i64 {
    attrs(event)[member].as_i64().unwrap_or(0)
}

/// `members` of `from` that are present and not null, as an object.
pub fn pick(from: &Json, members: &[&str]) -> Json {
    let mut out = serde_json::Map::new();
    for m in members {
        if let Some(v) = from.get(*m).filter(|v| !v.is_null()) {
            out.insert((*m).to_owned(), v.clone());
        }
    }
    Json::Object(out)
}

/// Whether `event_type` closes its execution.
pub fn closes(event_type: &str) -> bool {
    CLOSING.contains(&event_type)
}

/// The members of an event's attributes that hold the id of another event of the same
/// history (`externalInitiatedEventId` and `parentInitiatedEventId` name an event of
/// another execution's history and are not among them).
pub fn is_reference(member: &str) -> bool {
    member.ends_with("EventId")
        && member != "eventId"
        && member != "externalInitiatedEventId"
        && member != "parentInitiatedEventId"
}

/// The event type that member `member` of an `event_type` event must point at (the model's
/// documentation of each member says which); `None` when the replay does not know.
pub fn reference_target(event_type: &str, member: &str) -> Option<&'static str> {
    let family = |prefixes: &[(&str, &'static str)]| {
        prefixes
            .iter()
            .find(|(p, _)| event_type.starts_with(p) || event_type.contains(p))
            .map(|(_, t)| *t)
    };
    match member {
        "decisionTaskCompletedEventId" => Some("DecisionTaskCompleted"),
        "latestCancelRequestedEventId" => Some("ActivityTaskCancelRequested"),
        "scheduledEventId" => family(&[
            ("ActivityTask", "ActivityTaskScheduled"),
            ("DecisionTask", "DecisionTaskScheduled"),
            ("LambdaFunction", "LambdaFunctionScheduled"),
        ]),
        "startedEventId" => family(&[
            ("ActivityTask", "ActivityTaskStarted"),
            ("DecisionTask", "DecisionTaskStarted"),
            ("Timer", "TimerStarted"),
            ("ChildWorkflowExecution", "ChildWorkflowExecutionStarted"),
            ("LambdaFunction", "LambdaFunctionStarted"),
        ]),
        "initiatedEventId" => family(&[
            (
                "ChildWorkflowExecution",
                "StartChildWorkflowExecutionInitiated",
            ),
            (
                "StartChildWorkflowExecution",
                "StartChildWorkflowExecutionInitiated",
            ),
            (
                "ExternalWorkflowExecutionSignaled",
                "SignalExternalWorkflowExecutionInitiated",
            ),
            (
                "SignalExternalWorkflowExecution",
                "SignalExternalWorkflowExecutionInitiated",
            ),
            (
                "ExternalWorkflowExecutionCancelRequested",
                "RequestCancelExternalWorkflowExecutionInitiated",
            ),
            (
                "RequestCancelExternalWorkflowExecution",
                "RequestCancelExternalWorkflowExecutionInitiated",
            ),
        ]),
        _ => None,
    }
}

/// The event types of the model's `EventType` enum.
pub fn model_types() -> Vec<String> {
    (|| {
        let op = crate::model::swf().operation("GetWorkflowExecutionHistory")?;
        let event = op
            .output
            .as_ref()?
            .member("events")?
            .shape
            .member
            .as_deref()?;
        event.member("eventType")?.shape.enum_values.clone()
    })()
    .unwrap_or_default()
}

/// An event's timestamp as epoch seconds: a JSON number, a number in a string, or RFC 3339
/// text (the AWS CLI's form); `None` when absent or unreadable.
pub fn timestamp(event: &Json) -> Option<f64> {
    match &event["eventTimestamp"] {
        Json::Number(n) => n.as_f64(),
        Json::String(s) => s.parse::<f64>().ok().or_else(|| rfc3339(s)),
        _ => None,
    }
}

/// RFC 3339 text with `Z` or a `±HH:MM` offset, as epoch seconds.
fn rfc3339(s: &str) -> Option<f64> {
    let s = s.trim();
    let (local, offset) = match s.strip_suffix('Z') {
        Some(local) => (local, 0.0),
        None => {
            let at = s.len().checked_sub(6)?;
            let (local, zone) = (s.get(..at)?, s.get(at..)?);
            let sign = match zone.as_bytes().first()? {
                b'+' => 1.0,
                b'-' => -1.0,
                _ => return None,
            };
            let hours: f64 = zone.get(1..3)?.parse().ok()?;
            let minutes: f64 = zone.get(4..6)?.parse().ok()?;
            (local, sign * (hours * 3600.0 + minutes * 60.0))
        }
    };
    let t = humantime::parse_rfc3339_weak(local).ok()?;
    let d = t.duration_since(std::time::UNIX_EPOCH).ok()?;
    Some(d.as_secs_f64() - offset)
}

/// A duration as SWF writes one: whole seconds in a string; `None` for `"NONE"` or
/// anything else.
pub fn seconds(value: &Json) -> Option<f64> {
    let s = value.as_str()?;
    s.trim().parse::<u64>().ok().map(|n| n as f64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn references_point_at_the_documented_types() {
        assert_eq!(
            reference_target("ActivityTaskTimedOut", "startedEventId"),
            Some("ActivityTaskStarted")
        );
        assert_eq!(
            reference_target("TimerFired", "startedEventId"),
            Some("TimerStarted")
        );
        assert_eq!(
            reference_target("ChildWorkflowExecutionCompleted", "initiatedEventId"),
            Some("StartChildWorkflowExecutionInitiated")
        );
        assert_eq!(
            reference_target("SignalExternalWorkflowExecutionFailed", "initiatedEventId"),
            Some("SignalExternalWorkflowExecutionInitiated")
        );
        assert_eq!(
            reference_target("StartLambdaFunctionFailed", "scheduledEventId"),
            Some("LambdaFunctionScheduled")
        );
        assert!(!is_reference("externalInitiatedEventId"));
        assert!(is_reference("decisionTaskCompletedEventId"));
    }

    #[test]
    fn timestamps_in_every_form() {
        assert_eq!(timestamp(&json!({"eventTimestamp": 1.5e9})), Some(1.5e9));
        assert_eq!(timestamp(&json!({"eventTimestamp": "12.5"})), Some(12.5));
        let iso = timestamp(&json!({"eventTimestamp": "2020-01-01T00:00:01.500000+00:00"}));
        assert_eq!(iso, Some(1_577_836_801.5));
        assert_eq!(timestamp(&json!({})), None);
        assert_eq!(seconds(&json!("30")), Some(30.0));
        assert_eq!(seconds(&json!("NONE")), None);
    }

    #[test]
    fn pick_keeps_what_is_present() {
        let a = json!({"result": "r", "details": null, "x": 1});
        assert_eq!(
            pick(&a, &["result", "details", "reason"]),
            json!({"result": "r"})
        );
    }

    #[test]
    fn the_model_knows_the_event_types() {
        let types = model_types();
        assert!(types.iter().any(|t| t == "WorkflowExecutionStarted"));
        assert!(types.len() > 40, "{}", types.len());
    }
}
