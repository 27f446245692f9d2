//! One expectation as a case file writes it, and the queries and predicates it stands for.
//!
//! A case file's `check` table is a list of expectations, one per key (`status = 400`,
//! `fault = "UnknownResourceFault"`, `history = { ends_with = [...] }`); the loader
//! (`cases::file`) turns the table into [`Expectation`]s, and [`Expectation::assertions`]
//! into (query, predicate) pairs, which the checks evaluate ([`super::query`] finds,
//! [`super::predicate`] compares). The keys are shorthands:
//!
//! | keys | query | predicates |
//! |---|---|---|
//! | `status`, `status_class` | status | equals, in class |
//! | `fault`, `namespace`, `success_or_fault` | fault, namespace, status and fault | equals, a 2xx or one of |
//! | `message`, `message_starts_with`, `message_contains` | message | equals, starts with, contains |
//! | `envelope`, `empty_body`, `body_contains`, `answer_shape` | body | fault envelope, empty, includes, recorded shape |
//! | `request_id`, `content_type` | a header, the media type | exists / absent, one of |
//! | `array_lengths`, `array_holds`, `array_lacks`, `array_elements`, `absent`, `empty_or_absent` | a member at a path | length, holds / lacks an element, elements, absent, empty or absent |
//! | `event_counts` | the answer's events of a type | equals |
//! | `history` | the history read after | exists, ends with, equals (counts, attributes), consecutive |
//! | `describe`, `heartbeat_cancel_requested` | executionInfo members, the heartbeat | exists, equals |
//! | `output_shape`, `output_constraints`, `output_documented` | the 2xx answer against the model | conforms, keeps constraints, only documented |
//! | `answered_after`, `answered_within` | the time the answer took | at least, at most |
//! | `assert` | any query | any predicate |
//!
//! A new kind of check is, in order of preference: an `assert` in the case file (any
//! query with any predicate); a new predicate ([`Predicate`], its test in
//! [`super::predicate`], its words in `outcome::render`); a new query ([`Query`], found in
//! [`super::query`]); a new shorthand key (a variant here, its arm in
//! [`Expectation::assertions`], [`Expectation::rank`] and, when a case file may write it
//! with `${...}`, [`Expectation::map_values`]). Each with a test.

use crate::outcome::{Predicate, Query};
use serde::{Deserialize, Serialize};
use serde_json::{Value as Json, json};
use std::collections::BTreeMap;

/// What a check expects of the answer (or of the reads after it).
///
/// Variants are listed in the order they are judged, whatever the order of the keys
/// in a case file, so that a group's expected and actual texts read the same every run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum Expectation {
    /// Exact HTTP status.
    Status(u16),
    /// Status class only: `"2xx"`, `"4xx"`.
    StatusClass(String),
    /// Fault name (the part of `__type` after the last `#`).
    Fault(String),
    /// Fault namespace (the part of `__type` before `#`).
    Namespace(String),
    /// Exact fault message.
    Message(String),
    /// The fault message starts with this.
    MessageStartsWith(String),
    /// The fault message contains each of these.
    MessageContains(Vec<String>),
    /// The body is a fault envelope: a JSON object with a string `__type` and a string message.
    Envelope(bool),
    /// The answer is a 2xx or one of these faults (the faults the operation declares).
    SuccessOrFault(Vec<String>),
    /// The JSON body contains these members with these values (objects compared member
    /// by member, recursively; anything else compared whole).
    BodyContains(Json),
    /// The members and JSON types the answer must have, as JSON text ([`super::recorded_shape`]).
    AnswerShape(String),
    /// The array at each dotted member path has this length, e.g. `{ executionInfos = 2 }`.
    ArrayLengths(BTreeMap<String, u32>),
    /// The array at each dotted member path holds an element containing this object.
    ArrayHolds(BTreeMap<String, Json>),
    /// The array at each dotted member path holds no element containing this object.
    ArrayLacks(BTreeMap<String, Json>),
    /// The array at each dotted member path holds exactly these elements, in this order,
    /// each compared member by member (a page of a listing).
    ArrayElements(BTreeMap<String, Vec<Json>>),
    /// These dotted member paths are not in the answer (`nextPageToken` on a last page).
    Absent(Vec<String>),
    /// These dotted member paths are absent, `null` or `""` (an empty poll's `taskToken`:
    /// documented as `""`, recorded absent; docs/practice.md §1).
    EmptyOrAbsent(Vec<String>),
    /// The answer's `events` (a history page) hold this many events of each type.
    EventCounts(BTreeMap<String, u32>),
    /// The response body must be empty.
    EmptyBody(bool),
    /// The `x-amzn-RequestId` header must be present (or absent).
    RequestId(bool),
    /// The response Content-Type must be one of these media types.
    ContentType(Vec<String>),
    /// The history of the execution read afterwards.
    History(HistoryExpect),
    /// Members of DescribeWorkflowExecution's `executionInfo` read afterwards.
    Describe(serde_json::Map<String, Json>),
    /// The heartbeat after `then = "heartbeat"` reports this `cancelRequested`.
    HeartbeatCancelRequested(bool),
    /// A 2xx JSON answer conforms to the operation's output shape.
    OutputShape(bool),
    /// A 2xx JSON answer keeps the model's constraint traits (lengths, ranges, enum values).
    OutputConstraints(bool),
    /// A 2xx JSON answer holds no member the model does not document.
    OutputDocumented(bool),
    /// The answer came after at least this many seconds (a long poll's documented wait).
    AnsweredAfter(u32),
    /// The answer came within this many seconds (a task arriving during a poll).
    AnsweredWithin(u32),
    /// Any query with any predicate, as hurl writes an assert: `assert = [{ query =
    /// { header = "x-amzn-RequestId" }, predicate = { matches = "^[-0-9a-f]+$" } }]`.
    Assert(Vec<Assert>),
}

/// One query and one predicate, written out (the `assert` key).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Assert {
    /// What it looks at.
    pub query: Query,
    /// How it compares.
    pub predicate: Predicate,
}

/// Expectations on the history of the case's execution after the request.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HistoryExpect {
    /// Event types that must end the history, in order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ends_with: Vec<String>,
    /// Exact number of events of each listed type.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub count: BTreeMap<String, u32>,
    /// The attributes of the last event of a type must equal this object.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub attributes: BTreeMap<String, Json>,
    /// Event ids are consecutive from 1.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub consecutive_ids: bool,
}

impl HistoryExpect {
    /// The history expectations as queries and predicates: the history must be readable,
    /// then each expectation in the order of the fields.
    fn assertions(&self) -> Vec<(Query, Predicate)> {
        let mut out = vec![(Query::History, Predicate::Exists)];
        if !self.ends_with.is_empty() {
            out.push((Query::History, Predicate::EndsWith(self.ends_with.clone())));
        }
        for (t, n) in &self.count {
            out.push((Query::HistoryEvents(t.clone()), Predicate::Equals(json!(n))));
        }
        for (t, v) in &self.attributes {
            out.push((
                Query::HistoryAttributes(t.clone()),
                Predicate::Equals(v.clone()),
            ));
        }
        if self.consecutive_ids {
            out.push((Query::HistoryEventIds, Predicate::Consecutive));
        }
        out
    }
}

/// What an expectation needs read after the request, besides the answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Needs {
    /// GetWorkflowExecutionHistory of the execution.
    History,
    /// DescribeWorkflowExecution of the execution.
    Describe,
    /// The reads of the meaning checks around the request (`check::meaning::Around`): the
    /// history of the execution a description names, the listing a count counts, the
    /// histories of the case's executions before a pending count.
    Around,
}

/// `predicate` on the member at each of `paths`.
fn on_members(paths: &[String], predicate: Predicate) -> Vec<(Query, Predicate)> {
    paths
        .iter()
        .map(|p| (Query::Member(p.clone()), predicate.clone()))
        .collect()
}

/// A description read after the request exists, and its `members` equal these values.
fn describe(members: &serde_json::Map<String, Json>) -> Vec<(Query, Predicate)> {
    let mut out = vec![(Query::Describe(String::new()), Predicate::Exists)];
    out.extend(
        members
            .iter()
            .map(|(k, v)| (Query::Describe(k.clone()), Predicate::Equals(v.clone()))),
    );
    out
}

impl Expectation {
    /// The expectation as queries and predicates, in order: what the checks evaluate.
    pub fn assertions(&self) -> Vec<(Query, Predicate)> {
        let one = |q: Query, p: Predicate| vec![(q, p)];
        let text = |s: &str| Json::String(s.to_owned());
        match self {
            Expectation::Status(s) => one(Query::Status, Predicate::Equals(json!(s))),
            Expectation::StatusClass(c) => one(Query::Status, Predicate::InClass(c.clone())),
            Expectation::Fault(f) => one(Query::Fault, Predicate::Equals(text(f))),
            Expectation::Namespace(n) => one(Query::Namespace, Predicate::Equals(text(n))),
            Expectation::Message(m) => one(Query::Message, Predicate::Equals(text(m))),
            Expectation::MessageStartsWith(m) => {
                one(Query::Message, Predicate::StartsWith(m.clone()))
            }
            Expectation::MessageContains(parts) => parts
                .iter()
                .map(|p| (Query::Message, Predicate::Contains(p.clone())))
                .collect(),
            Expectation::Envelope(true) => one(Query::Body, Predicate::FaultEnvelope),
            Expectation::SuccessOrFault(f) => {
                one(Query::StatusAndFault, Predicate::SuccessOr(f.clone()))
            }
            Expectation::BodyContains(want) => one(Query::Body, Predicate::Includes(want.clone())),
            Expectation::AnswerShape(t) => one(
                Query::Body,
                Predicate::RecordedShape(serde_json::from_str(t).unwrap_or(Json::Null)),
            ),
            Expectation::ArrayLengths(m) => per_path(m, |n| Predicate::Length(*n)),
            Expectation::ArrayHolds(m) => per_path(m, |v| Predicate::HoldsElement(v.clone())),
            Expectation::ArrayLacks(m) => per_path(m, |v| Predicate::LacksElement(v.clone())),
            Expectation::ArrayElements(m) => per_path(m, |v| Predicate::Elements(v.clone())),
            Expectation::Absent(paths) => on_members(paths, Predicate::Absent),
            Expectation::EmptyOrAbsent(paths) => on_members(paths, Predicate::EmptyOrAbsent),
            Expectation::EventCounts(m) => m
                .iter()
                .map(|(t, n)| (Query::AnswerEvents(t.clone()), Predicate::Equals(json!(n))))
                .collect(),
            Expectation::EmptyBody(true) => one(Query::Body, Predicate::Empty),
            Expectation::RequestId(want) => {
                let header = Query::Header("x-amzn-RequestId".into());
                one(
                    header,
                    if *want {
                        Predicate::Exists
                    } else {
                        Predicate::Absent
                    },
                )
            }
            Expectation::ContentType(types) => one(
                Query::MediaType,
                Predicate::OneOf(types.iter().map(|t| text(t)).collect()),
            ),
            Expectation::History(h) => h.assertions(),
            Expectation::Describe(members) => describe(members),
            Expectation::HeartbeatCancelRequested(b) => {
                one(Query::Heartbeat, Predicate::Equals(json!(b)))
            }
            Expectation::OutputShape(true) => one(Query::Output, Predicate::ConformsToShape),
            Expectation::OutputConstraints(true) => one(Query::Output, Predicate::KeepsConstraints),
            Expectation::OutputDocumented(true) => one(Query::Output, Predicate::OnlyDocumented),
            Expectation::AnsweredAfter(s) => one(Query::Elapsed, Predicate::AtLeast(*s)),
            Expectation::AnsweredWithin(s) => one(Query::Elapsed, Predicate::AtMost(*s)),
            Expectation::Assert(list) => list
                .iter()
                .map(|a| (a.query.clone(), a.predicate.clone()))
                .collect(),
            Expectation::Envelope(false)
            | Expectation::EmptyBody(false)
            | Expectation::OutputShape(false)
            | Expectation::OutputConstraints(false)
            | Expectation::OutputDocumented(false) => Vec::new(),
        }
    }

    /// The place of the expectation in the order expectations are judged (the order of
    /// the variants).
    pub fn rank(&self) -> u8 {
        match self {
            Expectation::Status(_) => 0,
            Expectation::StatusClass(_) => 1,
            Expectation::Fault(_) => 2,
            Expectation::Namespace(_) => 3,
            Expectation::Message(_) => 4,
            Expectation::MessageStartsWith(_) => 5,
            Expectation::MessageContains(_) => 6,
            Expectation::Envelope(_) => 7,
            Expectation::SuccessOrFault(_) => 8,
            Expectation::BodyContains(_) => 9,
            Expectation::AnswerShape(_) => 10,
            Expectation::ArrayLengths(_) => 11,
            Expectation::ArrayHolds(_) => 12,
            Expectation::ArrayLacks(_) => 13,
            Expectation::ArrayElements(_) => 14,
            Expectation::Absent(_) => 15,
            Expectation::EmptyOrAbsent(_) => 16,
            Expectation::EventCounts(_) => 17,
            Expectation::EmptyBody(_) => 18,
            Expectation::RequestId(_) => 19,
            Expectation::ContentType(_) => 20,
            Expectation::History(_) => 21,
            Expectation::Describe(_) => 22,
            Expectation::HeartbeatCancelRequested(_) => 23,
            Expectation::OutputShape(_) => 24,
            Expectation::OutputConstraints(_) => 25,
            Expectation::OutputDocumented(_) => 26,
            Expectation::AnsweredAfter(_) => 27,
            Expectation::AnsweredWithin(_) => 28,
            Expectation::Assert(_) => 29,
        }
    }

    /// What the expectation reads after the request, if anything.
    pub fn needs(&self) -> Vec<Needs> {
        let mut out: Vec<Needs> = self
            .assertions()
            .iter()
            .filter_map(|(q, p)| match (q, p) {
                (
                    Query::History
                    | Query::HistoryEvents(_)
                    | Query::HistoryAttributes(_)
                    | Query::HistoryEventIds,
                    _,
                ) => Some(Needs::History),
                (Query::Describe(_), _) => Some(Needs::Describe),
                (Query::Output, Predicate::AgreesWithHistory | Predicate::AgreesWithListing) => {
                    Some(Needs::Around)
                }
                _ => None,
            })
            .collect();
        out.dedup();
        out
    }

    /// Whether the expectation lets the answer be a 2xx (a status or class in 2xx, or
    /// "a 2xx or a declared fault").
    pub fn allows_success(&self) -> bool {
        self.assertions().iter().any(|(q, p)| match (q, p) {
            (Query::Status, Predicate::Equals(s)) => {
                s.as_u64().is_some_and(|s| (200..300).contains(&s))
            }
            (Query::Status, Predicate::InClass(c)) => c == "2xx",
            (Query::StatusAndFault, Predicate::SuccessOr(_)) => true,
            _ => false,
        })
    }

    /// Whether the expectation names the status the answer must have.
    pub fn states_status(&self) -> bool {
        self.assertions()
            .iter()
            .any(|(q, _)| matches!(q, Query::Status))
    }

    /// Maps every value a case file may write with `${...}` (messages, expected bodies,
    /// list elements, history attributes, described members) through `f`; the other
    /// values (statuses, fault names, paths) are taken as written.
    pub fn map_values<E>(&mut self, f: &mut dyn FnMut(&str) -> Result<String, E>) -> Result<(), E> {
        match self {
            Expectation::Message(m) | Expectation::MessageStartsWith(m) => *m = f(m)?,
            Expectation::MessageContains(parts) => {
                for p in parts {
                    *p = f(p)?;
                }
            }
            Expectation::BodyContains(want) => map_json(want, f)?,
            Expectation::ArrayHolds(m) | Expectation::ArrayLacks(m) => {
                for v in m.values_mut() {
                    map_json(v, f)?;
                }
            }
            Expectation::ArrayElements(m) => {
                for v in m.values_mut().flatten() {
                    map_json(v, f)?;
                }
            }
            Expectation::History(h) => {
                for v in h.attributes.values_mut() {
                    map_json(v, f)?;
                }
            }
            Expectation::Describe(members) => {
                for v in members.values_mut() {
                    map_json(v, f)?;
                }
            }
            Expectation::Assert(list) => {
                for a in list {
                    map_predicate(&mut a.predicate, f)?;
                }
            }
            _ => {}
        }
        Ok(())
    }
}

/// One (member path, predicate) pair per entry of `m`.
fn per_path<T>(
    m: &BTreeMap<String, T>,
    predicate: impl Fn(&T) -> Predicate,
) -> Vec<(Query, Predicate)> {
    m.iter()
        .map(|(path, v)| (Query::Member(path.clone()), predicate(v)))
        .collect()
}

/// Maps every value of a written-out predicate through `f` (see [`Expectation::map_values`]).
fn map_predicate<E>(
    p: &mut Predicate,
    f: &mut dyn FnMut(&str) -> Result<String, E>,
) -> Result<(), E> {
    match p {
        Predicate::StartsWith(s) | Predicate::Contains(s) => *s = f(s)?,
        Predicate::Equals(v)
        | Predicate::Includes(v)
        | Predicate::HoldsElement(v)
        | Predicate::LacksElement(v) => map_json(v, f)?,
        Predicate::OneOf(vs) | Predicate::Elements(vs) => {
            for v in vs {
                map_json(v, f)?;
            }
        }
        _ => {}
    }
    Ok(())
}

/// Maps every string of `value`, object keys included, through `f`.
pub fn map_json<E>(
    value: &mut Json,
    f: &mut dyn FnMut(&str) -> Result<String, E>,
) -> Result<(), E> {
    match value {
        Json::String(s) => *s = f(s)?,
        Json::Array(items) => {
            for v in items {
                map_json(v, f)?;
            }
        }
        Json::Object(map) => {
            let mut out = serde_json::Map::new();
            for (k, mut v) in std::mem::take(map) {
                map_json(&mut v, f)?;
                out.insert(f(&k)?, v);
            }
            *map = out;
        }
        _ => {}
    }
    Ok(())
}
