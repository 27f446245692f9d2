//! Predicates: how what a query found is compared, each evaluated into a typed
//! [`Assertion`] (whether it held and, when it did not, what was found).

use super::Observed;
use super::query::{Found, select};
use super::values::{includes, subset};
use crate::outcome::exchange::media_type;
use crate::outcome::{Actual, Assertion, Predicate, Query};
use serde_json::Value as Json;

/// Evaluates `predicate` on what `query` finds in `a`.
pub fn assert(query: &Query, predicate: &Predicate, a: &Observed<'_>) -> Assertion {
    let found = select(query, a);
    let (holds, actual) = test(query, predicate, &found, a);
    if holds {
        return Assertion::held(query.clone(), predicate.clone());
    }
    let actual = actual.unwrap_or(match found {
        Found::Value(v) => Actual::Value(v),
        Found::Missing => Actual::Missing,
        Found::Unread(why) => Actual::Unread(why),
    });
    Assertion::failed(query.clone(), predicate.clone(), actual)
}

/// Whether `predicate` holds of `found`; a second value says what was found when the
/// found value itself does not say it well (departures, a count, an element).
fn test(
    query: &Query,
    predicate: &Predicate,
    found: &Found,
    a: &Observed<'_>,
) -> (bool, Option<Actual>) {
    let value = match found {
        Found::Value(v) => Some(v),
        Found::Missing => None,
        Found::Unread(_) => return (false, None),
    };
    match predicate {
        Predicate::Documented => (true, None),
        Predicate::Exists => (value.is_some_and(|v| v.as_str() != Some("")), None),
        Predicate::Absent => (value.is_none(), None),
        Predicate::EmptyOrAbsent => (
            value.is_none_or(|v| v.is_null() || v.as_str() == Some("")),
            None,
        ),
        Predicate::Empty => empty(a),
        Predicate::FaultEnvelope => envelope(a),
        Predicate::SuccessOr(faults) => success_or(faults, a),
        Predicate::ConformsToShape => output(a, |f| f.violations),
        Predicate::KeepsConstraints => output(a, |f| f.constraints),
        Predicate::OnlyDocumented => output(a, |f| f.undocumented),
        Predicate::MeetsFilters => meaning(super::meaning::filters::departures(a)),
        Predicate::AgreesWithListing => meaning(super::meaning::counts::departures(a)),
        Predicate::WithinTheRun => meaning(super::meaning::time::departures(a)),
        Predicate::ClosedConsistently => meaning(super::meaning::executions::closed_departures(a)),
        Predicate::AgreesWithHistory => meaning(super::meaning::executions::history_departures(a)),
        Predicate::KeepsHistoryInvariants(level) => {
            meaning(super::meaning::histories::departures(a, *level))
        }
        _ => match value {
            Some(v) => compare(query, predicate, v),
            None => (false, None),
        },
    }
}

/// The predicates that compare a found value.
fn compare(query: &Query, predicate: &Predicate, v: &Json) -> (bool, Option<Actual>) {
    let text = v.as_str();
    let holds = match predicate {
        Predicate::Equals(want) => v == want,
        Predicate::OneOf(wants) if *query == Query::MediaType => wants
            .iter()
            .any(|w| w.as_str().map(media_type).as_deref() == text),
        Predicate::OneOf(wants) => wants.contains(v),
        Predicate::InClass(class) => v.to_string().starts_with(&class[..1.min(class.len())]),
        Predicate::StartsWith(s) => text.is_some_and(|t| t.starts_with(s.as_str())),
        Predicate::Contains(s) => text.is_some_and(|t| t.contains(s.as_str())),
        Predicate::Matches(re) => match regex::Regex::new(re) {
            Ok(re) => text.is_some_and(|t| re.is_match(t)),
            Err(e) => return (false, Some(Actual::Unread(format!("not a pattern: {e}")))),
        },
        Predicate::Includes(want) => return departures(|d| subset(want, v, "", d)),
        Predicate::RecordedShape(want) => {
            let d = super::recorded_shape::mismatches(want, v);
            return (d.is_empty(), Some(Actual::Departures(d)));
        }
        Predicate::Length(n) => v.as_array().is_some_and(|i| i.len() == *n as usize),
        Predicate::HoldsElement(want) => v
            .as_array()
            .is_some_and(|i| i.iter().any(|e| includes(e, want))),
        Predicate::LacksElement(want) => return lacks(v, want),
        Predicate::Elements(want) => return elements(v, want),
        Predicate::EndsWith(tail) => ends_with(v, tail),
        Predicate::Consecutive => consecutive(v),
        Predicate::AtLeast(n) => v.as_f64().is_some_and(|x| x >= f64::from(*n)),
        Predicate::AtMost(n) => v.as_f64().is_some_and(|x| x <= f64::from(*n)),
        _ => false,
    };
    let not_an_array =
        matches!(predicate, Predicate::Length(_) | Predicate::HoldsElement(_)) && !v.is_array();
    (holds, not_an_array.then_some(Actual::Missing))
}

/// Holds when `collect` finds no departure.
fn departures(collect: impl FnOnce(&mut Vec<String>)) -> (bool, Option<Actual>) {
    let mut d = Vec::new();
    collect(&mut d);
    (d.is_empty(), Some(Actual::Departures(d)))
}

/// An array with no element including `want`; what was found is the first that does.
fn lacks(v: &Json, want: &Json) -> (bool, Option<Actual>) {
    let Some(items) = v.as_array() else {
        return (false, Some(Actual::Missing));
    };
    match items.iter().position(|e| includes(e, want)) {
        None => (true, None),
        Some(i) => (
            false,
            Some(Actual::Departures(vec![format!(
                "element {i}: {}",
                items[i]
            )])),
        ),
    }
}

/// An array of exactly these elements, in order.
fn elements(v: &Json, want: &[Json]) -> (bool, Option<Actual>) {
    departures(|d| match v.as_array() {
        None => d.push("no array".to_owned()),
        Some(items) if items.len() != want.len() => {
            d.push(format!("{} element(s)", items.len()));
        }
        Some(items) => {
            for (i, (w, g)) in want.iter().zip(items).enumerate() {
                subset(w, g, &i.to_string(), d);
            }
        }
    })
}

/// A list of event types that ends with `tail`.
fn ends_with(v: &Json, tail: &[String]) -> bool {
    let types: Vec<&str> = v
        .as_array()
        .map(|a| a.iter().map(|t| t.as_str().unwrap_or("?")).collect())
        .unwrap_or_default();
    let n = tail.len();
    let end = &types[types.len().saturating_sub(n)..];
    end.len() == n && end.iter().zip(tail).all(|(a, b)| a == b)
}

/// Ids 1, 2, 3, ...
fn consecutive(v: &Json) -> bool {
    v.as_array().is_some_and(|ids| {
        ids.iter()
            .enumerate()
            .all(|(i, id)| id.as_i64() == Some(i as i64 + 1))
    })
}

/// The raw body is empty (the seed's 200 of RequestCancelWorkflowExecution).
fn empty(a: &Observed<'_>) -> (bool, Option<Actual>) {
    let body = &a.received.body;
    let start = String::from_utf8_lossy(&body[..body.len().min(200)]).into_owned();
    (
        body.is_empty(),
        Some(Actual::Bytes {
            len: body.len(),
            start,
        }),
    )
}

/// A fault envelope: a JSON object with a string `__type` and a string message.
fn envelope(a: &Observed<'_>) -> (bool, Option<Actual>) {
    let body = a.body;
    let well_formed = body.get("__type").is_some_and(Json::is_string)
        && body
            .get("message")
            .or_else(|| body.get("Message"))
            .is_some_and(Json::is_string);
    let b = &a.received.body;
    let start = String::from_utf8_lossy(&b[..b.len().min(120)]).into_owned();
    (
        well_formed,
        Some(Actual::Bytes {
            len: b.len(),
            start,
        }),
    )
}

/// A 2xx, or a fault of one of these names.
fn success_or(faults: &[String], a: &Observed<'_>) -> (bool, Option<Actual>) {
    let name = a.fault.as_ref().map(|f| f.0.as_str());
    let ok = (200..300).contains(&a.received.status)
        || name.is_some_and(|n| faults.iter().any(|f| f == n));
    (ok, None)
}

/// Holds when a meaning check found no departure.
fn meaning(found: Vec<String>) -> (bool, Option<Actual>) {
    (found.is_empty(), Some(Actual::Departures(found)))
}

/// One list of what holding a 2xx answer against its output shape found.
fn output(
    a: &Observed<'_>,
    part: fn(super::conformance::Findings) -> Vec<String>,
) -> (bool, Option<Actual>) {
    let found = part(super::conformance::held(a));
    (found.is_empty(), Some(Actual::Departures(found)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::outcome::render;
    use serde_json::json;

    /// The failures of the first group of `check` against `body`, in words.
    fn judged(check: &str, body: Json) -> Vec<String> {
        let group = crate::check::fixtures::group(check);
        let received = crate::check::fixtures::received(std::time::Duration::ZERO);
        let after = crate::check::After::default();
        let a = Observed {
            operation: "ListDomains",
            received: &received,
            body: &body,
            fault: None,
            after: &after,
            request: &Json::Null,
            window: None,
        };
        group
            .assertions()
            .iter()
            .map(|(q, p)| assert(q, p, &a))
            .filter(|x| !x.holds)
            .map(|x| format!("{}: got {}", render::expected(&x), render::found(&x)))
            .collect()
    }

    #[test]
    fn holds_and_lacks_look_for_one_element_among_others() {
        let body = json!({"domainInfos": [
            {"name": "a", "status": "REGISTERED"}, {"name": "domain", "status": "REGISTERED"}]});
        let holds = "array_holds = { domainInfos = { name = \"${domain}\" } }";
        assert!(judged(holds, body.clone()).is_empty());
        let lacks = "array_lacks = { domainInfos = { name = \"${domain}\" } }";
        let failed = judged(lacks, body.clone());
        assert!(failed[0].contains("element 1"), "{failed:?}");
        assert!(
            judged(
                "array_lacks = { domainInfos = { name = \"b\" } }",
                body.clone()
            )
            .is_empty()
        );
        assert_eq!(
            judged("array_holds = { domainInfos = { name = \"b\" } }", body).len(),
            1
        );
        assert_eq!(
            judged(holds, json!({})),
            ["domainInfos holding an element containing {\"name\":\"domain\"}: got no array"]
        );
        assert_eq!(judged(lacks, json!({})).len(), 1, "no array is no answer");
    }

    #[test]
    fn elements_are_compared_in_order_and_absent_members_must_be_missing() {
        let body = json!({"typeInfos": [{"v": "2", "x": 1}, {"v": "1"}], "nextPageToken": "t"});
        let two = "array_elements = { typeInfos = [{ v = \"2\" }, { v = \"1\" }] }";
        assert!(judged(two, body.clone()).is_empty());
        let reversed = "array_elements = { typeInfos = [{ v = \"1\" }, { v = \"2\" }] }";
        assert_eq!(judged(reversed, body.clone()).len(), 1);
        let one = "array_elements = { typeInfos = [{ v = \"2\" }] }";
        assert!(judged(one, body.clone())[0].ends_with("got 2 element(s)"));
        assert_eq!(
            judged("absent = [\"nextPageToken\"]", body.clone()).len(),
            1
        );
        assert!(judged("absent = [\"typeInfos.2\", \"other\"]", body.clone()).is_empty());
        let empty = "empty_or_absent = [\"a\", \"b\", \"c\"]";
        assert!(judged(empty, json!({"a": "", "b": null})).is_empty());
        assert_eq!(
            judged(empty, json!({"c": "token"})),
            ["c absent or empty: got \"token\""]
        );
    }

    #[test]
    fn a_generic_assertion_is_a_query_and_a_predicate() {
        let body = json!({"executionInfo": {"closeStatus": "CANCELED"}});
        let matches = "assert = [{ query = { member = \"executionInfo.closeStatus\" }, predicate = { matches = \"^CANCEL\" } }]";
        assert!(judged(matches, body.clone()).is_empty());
        let wrong = "assert = [{ query = { member = \"executionInfo.closeStatus\" }, predicate = { one_of = [\"COMPLETED\", \"FAILED\"] } }]";
        assert_eq!(
            judged(wrong, body),
            ["executionInfo.closeStatus one of \"COMPLETED\", \"FAILED\": got \"CANCELED\""]
        );
    }

    #[test]
    fn a_quick_answer_fails_the_wait_and_a_late_one_fails_the_deadline() {
        let held = |check: &str, took: u64| {
            let group = crate::check::fixtures::group(check);
            let received = crate::check::fixtures::received(std::time::Duration::from_secs(took));
            let after = crate::check::After::default();
            let a = Observed {
                operation: "PollForDecisionTask",
                received: &received,
                body: &json!({}),
                fault: None,
                after: &after,
                request: &Json::Null,
                window: None,
            };
            let (q, p) = &group.assertions()[0];
            assert(q, p, &a).holds
        };
        assert!(held("answered_after = 55", 60));
        assert!(!held("answered_after = 55", 2));
        assert!(held("answered_within = 30", 3));
        assert!(!held("answered_within = 30", 45));
    }
}
