//! References between events: every `*EventId` member names an earlier event of the type
//! its documentation names (doc), or 0 where a zero is documented or seen; the Lambda
//! members whose documentation names another type, the type the service records
//! (docs/practice.md, should); and pairs of references that must agree.

use super::event::{Event, History};
use super::ref_rows::{DOCUMENTED, PAIRS, PRACTICE};
use super::{Invariant, Violation};
use serde_json::{Value as Json, json};

/// The source of [`Invariant::Reference`] (a violation cites its member's sentence).
pub const SOURCE: &str = "doc: the documentation of each *EventId member, e.g. \
    ActivityTaskStartedEventAttributes.scheduledEventId, \"The ID of the ActivityTaskScheduled event \
    that was recorded when this activity task was scheduled.\"";

/// Where a zero is allowed or required, and why.
pub const ZERO_SOURCE: &str = "zeros: doc: StartChildWorkflowExecutionFailedEventAttributes.initiatedEventId, \
    \"When the cause isn't WORKFLOW_ALREADY_RUNNING, initiatedEventId is set to 0 because the \
    StartChildWorkflowExecutionInitiated event doesn't exist.\"; doc: Decision, \"If the activity \
    task was scheduled but has not been assigned to a worker, then it is canceled.\"; seen: \
    SWF-WIRE.md §11 \"Zero ids\": ActivityTaskTimedOut of kind SCHEDULE_TO_START has \
    startedEventId 0 (and so DecisionTaskTimedOut of that kind)";

/// The source of [`Invariant::ReferencePractice`].
pub const PRACTICE_SOURCE: &str = "seen: docs/practice.md, \"Lambda event references\": the \
    documentation names LambdaFunctionCompleted, ActivityTaskScheduled and ActivityTaskStarted \
    where histories the service wrote name DecisionTaskCompleted, LambdaFunctionScheduled and \
    LambdaFunctionStarted";

/// The source of [`Invariant::ReferencePair`].
pub const PAIR_SOURCE: &str = "doc: both references of one event name one task, e.g. \
    ActivityTaskCompletedEventAttributes.scheduledEventId, \"The ID of the ActivityTaskScheduled event \
    that was recorded when this activity task was scheduled.\" and .startedEventId, \"The ID of the \
    ActivityTaskStarted event recorded when this activity task was started.\"";

/// What a zero may stand for in one member of one event.
#[derive(Debug, PartialEq)]
enum Zero {
    /// A zero names no event: a violation.
    Forbidden,
    /// Documented or seen: no such event exists.
    Allowed,
    /// Documented: the member is 0 (and any other id is a violation).
    Required,
}

fn zero_rule(h: &History<'_>, e: &Event<'_>, member: &str) -> Zero {
    let not_started = || e.attr_str("timeoutType") == Some("SCHEDULE_TO_START");
    match (e.ty.unwrap_or(""), member) {
        ("ActivityTaskTimedOut" | "DecisionTaskTimedOut", "startedEventId") if not_started() => {
            Zero::Allowed
        }
        ("ActivityTaskCanceled", "startedEventId") if !activity_started(h, e) => Zero::Allowed,
        ("StartChildWorkflowExecutionFailed", "initiatedEventId") => {
            if e.attr_str("cause") == Some("WORKFLOW_ALREADY_RUNNING") {
                Zero::Forbidden
            } else {
                Zero::Required
            }
        }
        _ => Zero::Forbidden,
    }
}

/// Whether an ActivityTaskStarted of `e`'s activity comes before `e`.
fn activity_started(h: &History<'_>, e: &Event<'_>) -> bool {
    let scheduled = e.attr_i64("scheduledEventId");
    h.events[..e.pos]
        .iter()
        .any(|s| s.is("ActivityTaskStarted") && s.attr_i64("scheduledEventId") == scheduled)
}

/// The rows that apply to events of type `t`: `(member, target, invariant)`.
fn rows(t: &str) -> impl Iterator<Item = (&'static str, &'static str, Invariant)> + '_ {
    let documented = DOCUMENTED
        .iter()
        .filter(move |(_, _, on)| on.contains(&t))
        .map(|(m, target, _)| (*m, *target, Invariant::Reference));
    let practice = PRACTICE
        .iter()
        .filter(move |(on, _, _)| *on == t)
        .map(|(_, m, target)| (*m, *target, Invariant::ReferencePractice));
    documented.chain(practice)
}

/// Every reference names an earlier event of its type (or a zero where one is allowed).
pub fn check(h: &History<'_>, out: &mut Vec<Violation>) {
    for e in &h.events {
        let Some(t) = e.ty else { continue };
        for (member, target, invariant) in rows(t) {
            let Some(value) = e.attr(member) else {
                continue; // required-member says so when the model requires it
            };
            if let Some(v) = reference(h, e, member, value, target, invariant) {
                out.push(v.member(e.path(member)));
            }
        }
    }
}

fn reference(
    h: &History<'_>,
    e: &Event<'_>,
    member: &str,
    value: &Json,
    target: &str,
    invariant: Invariant,
) -> Option<Violation> {
    let wanted = json!({"eventType": target, "before": e.id});
    let Some(id) = value.as_i64() else {
        return Some(Violation::at(invariant, e, wanted, value.clone()));
    };
    let zero = zero_rule(h, e, member);
    if id == 0 {
        return (zero == Zero::Forbidden).then(|| Violation::at(invariant, e, wanted, json!(0)));
    }
    if zero == Zero::Required {
        return Some(Violation::at(invariant, e, json!(0), json!(id)));
    }
    let Some(named) = h.by_id(id) else {
        let actual = json!({"eventId": id, "eventType": null});
        return Some(Violation::at(invariant, e, wanted, actual));
    };
    if named.pos < e.pos && named.is(target) {
        return None;
    }
    Some(Violation::at(invariant, e, wanted, named.brief()).and(named))
}

/// The events one event names belong together.
pub fn pairs(h: &History<'_>, out: &mut Vec<Violation>) {
    for e in &h.events {
        let Some(t) = e.ty else { continue };
        for (on, via, agree) in PAIRS {
            if !on.contains(&t) {
                continue;
            }
            let Some(named) = e.attr_i64(via).filter(|&i| i != 0).and_then(|i| h.by_id(i)) else {
                continue;
            };
            let (Some(mine), Some(theirs)) = (e.attr(agree), named.attr(agree)) else {
                continue;
            };
            if named.pos < e.pos && mine != theirs {
                out.push(
                    Violation::at(Invariant::ReferencePair, e, theirs.clone(), mine.clone())
                        .and(named)
                        .member(e.path(agree)),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::names::{attributes_shape, event_types};
    use super::super::ref_rows::ELSEWHERE;
    use super::*;
    use crate::model::docs;

    /// The documentation sentence of `<Event>EventAttributes.<member>`.
    fn sentence(event: &str, member: &str) -> String {
        docs()
            .sentences(&format!("{event}EventAttributes.{member}"))
            .join(" ")
    }

    #[test]
    fn every_event_id_member_of_the_model_is_in_a_table() {
        for t in event_types() {
            for m in &attributes_shape(t).unwrap().members {
                if !m.name.ends_with("EventId") {
                    continue;
                }
                let known = rows(t).any(|(member, _, _)| member == m.name)
                    || ELSEWHERE.contains(&(t.as_str(), m.name.as_str()));
                assert!(known, "{t}.{} is in no table", m.name);
            }
        }
    }

    #[test]
    fn documented_rows_name_the_type_their_sentence_names() {
        for (member, target, on) in DOCUMENTED {
            for event in *on {
                let s = sentence(event, member);
                let names = |t: &str| {
                    s.contains(&format!("ID of the {t} event"))
                        || s.contains(&format!("ID of the last {t} event"))
                };
                assert!(names(target), "{event}.{member}: {s}");
            }
        }
    }

    #[test]
    fn practice_rows_are_those_whose_sentence_names_another_type() {
        for (event, member, target) in PRACTICE {
            let s = sentence(event, member);
            assert!(s.contains("ID of the "), "{event}.{member}: {s}");
            assert!(!s.contains(&format!("ID of the {target} event")), "{s}");
        }
    }

    #[test]
    fn elsewhere_rows_are_documented_as_in_another_history() {
        for (event, member) in ELSEWHERE {
            let s = sentence(event, member);
            assert!(
                s.contains("can be found in the history of the source workflow execution"),
                "{event}.{member}: {s}"
            );
        }
    }
}
