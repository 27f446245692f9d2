//! Assertions in words, for people: what each expected, what it found, and its class (the
//! words groups key on). Rendered from the typed data only; no stage reads these texts back.

use super::assertion::{Actual, Assertion, Predicate, Query};
use serde_json::Value as Json;

/// What the assertion expected, in words: `status 400`, `fault UnknownResourceFault`,
/// `executionInfo.closeStatus = "CANCELED"`.
pub fn expected(a: &Assertion) -> String {
    let subject = subject(&a.query);
    match (&a.query, &a.predicate) {
        (Query::Answer, Predicate::Documented) => {
            "a 2xx/4xx answer with an empty or JSON body".into()
        }
        (Query::Status, Predicate::Equals(v)) => format!("status {}", plain(v)),
        (Query::Status, Predicate::InClass(c)) => format!("status {c}"),
        (Query::Fault, Predicate::Equals(v)) => format!("fault {}", plain(v)),
        (Query::Namespace, Predicate::Equals(v)) => format!("namespace {}", plain(v)),
        (Query::Message, Predicate::Equals(v)) => format!("message {v}"),
        (Query::Message, Predicate::StartsWith(s)) => format!("message starting {s:?}"),
        (Query::Message, Predicate::Contains(s)) => format!("message containing {s:?}"),
        (Query::StatusAndFault, Predicate::SuccessOr(faults)) if faults.is_empty() => {
            "a 2xx answer".into()
        }
        (Query::StatusAndFault, Predicate::SuccessOr(faults)) => format!(
            "a 2xx answer or one of the declared faults {}",
            faults.join(", ")
        ),
        (Query::Body, Predicate::FaultEnvelope) => {
            "a fault envelope {\"__type\": string, \"message\": string}".into()
        }
        (Query::Body, Predicate::Empty) => "an empty body".into(),
        (Query::Body, Predicate::Includes(v)) => format!("a body containing {v}"),
        (Query::Body, Predicate::RecordedShape(_)) => {
            "the recorded answer's members and JSON types".into()
        }
        (Query::Header(h), Predicate::Exists) => format!("{h} present: true"),
        (Query::Header(h), Predicate::Absent) => format!("{h} present: false"),
        (Query::MediaType, Predicate::OneOf(types)) => format!(
            "Content-Type one of {}",
            types.iter().map(plain).collect::<Vec<_>>().join(", ")
        ),
        (Query::Member(p), Predicate::Length(n)) => format!("{p} holding {n} element(s)"),
        (Query::Member(p), Predicate::HoldsElement(v)) => {
            format!("{p} holding an element containing {v}")
        }
        (Query::Member(p), Predicate::LacksElement(v)) => {
            format!("{p} holding no element containing {v}")
        }
        (Query::Member(p), Predicate::Elements(items)) => format!(
            "{p} holding exactly, in order: {}",
            items
                .iter()
                .map(Json::to_string)
                .collect::<Vec<_>>()
                .join(", ")
        ),
        (Query::Member(p), Predicate::Absent) => format!("no member {p}"),
        (Query::Member(p), Predicate::EmptyOrAbsent) => format!("{p} absent or empty"),
        (Query::AnswerEvents(t) | Query::HistoryEvents(t), Predicate::Equals(n)) => {
            format!("{n} {t} event(s)")
        }
        (Query::History, Predicate::Exists) => "a readable history".into(),
        (Query::History, Predicate::EndsWith(types)) => {
            format!("history ends with {}", types.join(", "))
        }
        (Query::HistoryEventIds, Predicate::Consecutive) => "event ids 1, 2, 3, ...".into(),
        (Query::HistoryAttributes(t), Predicate::Equals(v)) => format!("{t} attributes {v}"),
        (Query::Describe(m), Predicate::Exists) if m.is_empty() => "a readable description".into(),
        (Query::Describe(m), Predicate::Equals(v)) => format!("executionInfo.{m} = {v}"),
        (Query::Heartbeat, Predicate::Equals(v)) => format!("heartbeat cancelRequested {v}"),
        (Query::Output, p) => output(p),
        (Query::Elapsed, Predicate::AtLeast(s)) => format!("an answer after at least {s} s"),
        (Query::Elapsed, Predicate::AtMost(s)) => format!("an answer within {s} s"),
        (_, p) => format!("{subject} {}", predicate(p)),
    }
}

/// What a query looks at, in words (for the general form `<subject> <predicate>`).
pub fn subject(q: &Query) -> String {
    match q {
        Query::Answer => "the answer".into(),
        Query::Status => "status".into(),
        Query::StatusAndFault => "status and fault".into(),
        Query::Fault => "fault".into(),
        Query::Namespace => "namespace".into(),
        Query::Message => "message".into(),
        Query::Header(h) => format!("header {h}"),
        Query::MediaType => "Content-Type".into(),
        Query::Body => "body".into(),
        Query::Member(p) => p.clone(),
        Query::AnswerEvents(t) => format!("{t} events"),
        Query::Output => "the 2xx answer".into(),
        Query::History => "history".into(),
        Query::HistoryEvents(t) => format!("{t} events in the history"),
        Query::HistoryAttributes(t) => format!("{t} attributes"),
        Query::HistoryEventIds => "event ids".into(),
        Query::Describe(m) => format!("executionInfo.{m}"),
        Query::Heartbeat => "heartbeat cancelRequested".into(),
        Query::Elapsed => "the answer's time".into(),
    }
}

/// A predicate in words, after its subject.
fn predicate(p: &Predicate) -> String {
    match p {
        Predicate::Documented => "of a documented kind".into(),
        Predicate::Equals(v) => format!("= {v}"),
        Predicate::OneOf(vs) => format!(
            "one of {}",
            vs.iter()
                .map(Json::to_string)
                .collect::<Vec<_>>()
                .join(", ")
        ),
        Predicate::InClass(c) => format!("in {c}"),
        Predicate::StartsWith(s) => format!("starting {s:?}"),
        Predicate::Contains(s) => format!("containing {s:?}"),
        Predicate::Matches(re) => format!("matching /{re}/"),
        Predicate::Exists => "present".into(),
        Predicate::Absent => "absent".into(),
        Predicate::EmptyOrAbsent => "absent or empty".into(),
        Predicate::Empty => "empty".into(),
        Predicate::Includes(v) => format!("containing {v}"),
        Predicate::FaultEnvelope => "a fault envelope".into(),
        Predicate::SuccessOr(f) => format!("a 2xx or one of {}", f.join(", ")),
        Predicate::RecordedShape(_) => "with the recorded members and JSON types".into(),
        Predicate::Length(n) => format!("holding {n} element(s)"),
        Predicate::HoldsElement(v) => format!("holding an element containing {v}"),
        Predicate::LacksElement(v) => format!("holding no element containing {v}"),
        Predicate::Elements(_) => "holding exactly these elements".into(),
        Predicate::EndsWith(t) => format!("ending with {}", t.join(", ")),
        Predicate::Consecutive => "1, 2, 3, ...".into(),
        Predicate::ConformsToShape => "conforming to the output shape".into(),
        Predicate::KeepsConstraints => "keeping the output shape's constraints".into(),
        Predicate::OnlyDocumented => "holding only documented members".into(),
        Predicate::MeetsFilters => "meeting the request's filters".into(),
        Predicate::AgreesWithListing => "agreeing with what it counts".into(),
        Predicate::WithinTheRun => "with timestamps in the run's window and in order".into(),
        Predicate::ClosedConsistently => {
            "with closeStatus and closeTimestamp exactly when closed".into()
        }
        Predicate::AgreesWithHistory => "agreeing with the execution's history".into(),
        Predicate::KeepsHistoryInvariants(l) => format!("keeping the {l} history invariants"),
        Predicate::AtLeast(n) => format!("at least {n}"),
        Predicate::AtMost(n) => format!("at most {n}"),
    }
}

/// The three output checks in words.
fn output(p: &Predicate) -> String {
    match p {
        Predicate::ConformsToShape => "a 2xx answer conforms to the operation's output shape",
        Predicate::KeepsConstraints => {
            "a 2xx answer keeps the lengths, ranges and enum values of the operation's output shape"
        }
        Predicate::OnlyDocumented => {
            "a 2xx answer holds only members the operation's output shape documents"
        }
        Predicate::MeetsFilters => "every element of a 2xx listing meets the request's filters",
        Predicate::AgreesWithListing => {
            "a 2xx count agrees with the listing it counts (0 when nothing can be pending)"
        }
        Predicate::WithinTheRun => {
            "a 2xx answer's timestamps lie in the window the run could have caused them in, in order"
        }
        Predicate::ClosedConsistently => {
            "closeStatus and closeTimestamp present exactly when the execution is CLOSED"
        }
        Predicate::AgreesWithHistory => {
            "a 2xx description agrees with the execution's history (status, open counts, cancel request, latest activity and context)"
        }
        Predicate::KeepsHistoryInvariants(_) => {
            "every whole history seen keeps the history invariants (ids, names, references, decision tasks, close)"
        }
        _ => "a 2xx answer as the operation's output shape says",
    }
    .into()
}

/// What the assertion found, in words; empty when it held.
pub fn found(a: &Assertion) -> String {
    let Some(actual) = &a.actual else {
        return String::new();
    };
    match (actual, &a.query, &a.predicate) {
        (Actual::Missing, Query::Member(_), _) => "no array".into(),
        (Actual::Missing, Query::HistoryAttributes(_), _) => "no such event".into(),
        (Actual::Missing, Query::Heartbeat, _) => "no heartbeat".into(),
        (Actual::Missing, _, _) => "none".into(),
        (Actual::Value(Json::Array(items)), Query::Member(_), Predicate::HoldsElement(_)) => {
            format!("{} element(s), none containing it", items.len())
        }
        (Actual::Value(Json::Array(items)), Query::Member(_), Predicate::Length(_)) => {
            items.len().to_string()
        }
        (Actual::Value(v), Query::Elapsed, _) => {
            format!("an answer after {:.1} s", v.as_f64().unwrap_or_default())
        }
        (Actual::Value(Json::Array(types)), Query::History, _) => format!(
            "history {}",
            types.iter().map(plain).collect::<Vec<_>>().join(", ")
        ),
        (Actual::Value(v), Query::Status | Query::Fault | Query::Namespace, _) => plain(v),
        (Actual::Value(v), Query::AnswerEvents(_) | Query::HistoryEvents(_), _) => plain(v),
        (Actual::Value(Json::Array(ids)), Query::HistoryEventIds, _) => ids
            .iter()
            .map(|i| i.as_i64().map_or("?".to_owned(), |v| v.to_string()))
            .collect::<Vec<_>>()
            .join(","),
        (Actual::Value(v), _, _) => v.to_string(),
        (Actual::Unread(why), _, _) => why.clone(),
        (Actual::Departures(d), Query::Output, Predicate::OnlyDocumented) => {
            format!("undocumented {}", d.join(", "))
        }
        (Actual::Departures(d), Query::Body | Query::Member(_), Predicate::Includes(_)) => {
            d.join(", ")
        }
        (Actual::Departures(d), Query::Member(_), _) => d.join(", "),
        (Actual::Departures(d), _, _) => d.join("; "),
        (Actual::Bytes { len, start }, _, _) => format!("{len} bytes {start:?}"),
    }
}

/// The assertion's class: what it expects without the values that vary with the member
/// under test. A status, a fault name, a namespace, a status class, the faults a 2xx may
/// be instead of, the list of event types and a path are kept; messages, bodies, elements
/// and attribute values are left out.
pub fn class(a: &Assertion) -> String {
    let p = match &a.predicate {
        Predicate::Equals(v)
            if matches!(a.query, Query::Status | Query::Fault | Query::Namespace) =>
        {
            plain(v)
        }
        Predicate::Equals(_) => "=".into(),
        Predicate::OneOf(_) => "one of".into(),
        Predicate::InClass(c) => c.clone(),
        Predicate::StartsWith(_) => "starting".into(),
        Predicate::Contains(_) => "containing".into(),
        Predicate::Matches(_) => "matching".into(),
        Predicate::Includes(_) => "containing".into(),
        Predicate::SuccessOr(f) if f.is_empty() => "2xx".into(),
        Predicate::SuccessOr(_) => "2xx or a declared fault".into(),
        Predicate::RecordedShape(_) => "the recorded shape".into(),
        Predicate::HoldsElement(_) => "holding an element".into(),
        Predicate::LacksElement(_) => "holding no element".into(),
        Predicate::Elements(_) => "holding exactly".into(),
        other => predicate(other),
    };
    format!("{} {p}", subject(&a.query))
}

/// A JSON value without the quotes of a string.
fn plain(v: &Json) -> String {
    match v {
        Json::String(s) => s.clone(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn assertions_read_as_before_and_classes_leave_out_the_values_that_vary() {
        let status = Assertion::failed(
            Query::Status,
            Predicate::Equals(json!(400)),
            Actual::Value(json!(200)),
        );
        assert_eq!(expected(&status), "status 400");
        assert_eq!(found(&status), "200");
        assert_eq!(class(&status), "status 400");
        let message = Assertion::failed(
            Query::Message,
            Predicate::Equals(json!("Unknown domain: d")),
            Actual::Value(json!("Unknown domain: e")),
        );
        assert_eq!(expected(&message), "message \"Unknown domain: d\"");
        assert_eq!(found(&message), "\"Unknown domain: e\"");
        assert_eq!(class(&message), "message =");
        let header = Assertion::failed(
            Query::Header("x-amzn-RequestId".into()),
            Predicate::Matches("^[0-9a-f-]+$".into()),
            Actual::Value(json!("x")),
        );
        assert_eq!(
            expected(&header),
            "header x-amzn-RequestId matching /^[0-9a-f-]+$/"
        );
        assert_eq!(class(&header), "header x-amzn-RequestId matching");
        let holds = Assertion::failed(
            Query::Member("domainInfos".into()),
            Predicate::HoldsElement(json!({"name": "d"})),
            Actual::Value(json!([1, 2])),
        );
        assert_eq!(found(&holds), "2 element(s), none containing it");
    }
}
