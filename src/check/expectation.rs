//! One expectation on an answer: a small predicate that evaluates itself.
//!
//! A case file's `check` table is a list of them, one per key (`status = 400`,
//! `fault = "UnknownResourceFault"`, `history = { ends_with = [...] }`); the loader
//! (`cases::file`) turns the table into [`Expectation`]s. Each variant is judged by one
//! small function in the file of its family:
//!
//! | family | file | keys |
//! |---|---|---|
//! | status and fault | [`super::status`] | `status`, `status_class`, `fault`, `namespace`, `envelope`, `success_or_fault` |
//! | message | [`super::message`] | `message`, `message_starts_with`, `message_contains` |
//! | headers | [`super::headers`] | `empty_body`, `request_id`, `content_type` |
//! | body and answer shape | [`super::body`] | `body_contains`, `answer_shape`, `array_lengths`, `event_counts` |
//! | list elements | [`super::elements`] | `array_holds`, `array_lacks`, `array_elements`, `absent`, `empty_or_absent` |
//! | history | [`super::history`] | `history` |
//! | describe and heartbeat | [`super::describe`] | `describe`, `heartbeat_cancel_requested` |
//! | output conformance | [`super::conformance`] | `output_shape`, `output_constraints`, `output_documented` |
//! | timing | [`super::timing`] | `answered_after`, `answered_within` |
//!
//! Adding an expectation: a variant here (its key is its snake_case name), its function
//! in its family's file, its arm in [`Expectation::judge`] and [`Expectation::rank`] (and
//! in [`Expectation::map_values`] when a case file may write it with `${...}`), and a test.

use super::{Answer, Tally};
use serde::{Deserialize, Serialize};
use serde_json::Value as Json;
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

/// What an expectation needs read after the request, besides the answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Needs {
    /// GetWorkflowExecutionHistory of the execution.
    History,
    /// DescribeWorkflowExecution of the execution.
    Describe,
}

impl Expectation {
    /// Holds the expectation against the answer, telling `t` what it expected and got.
    pub fn judge(&self, a: &Answer<'_>, t: &mut Tally) {
        use super::{
            body, conformance, describe, elements, headers, history, message, status, timing,
        };
        match self {
            Expectation::Status(s) => status::status(*s, a, t),
            Expectation::StatusClass(c) => status::status_class(c, a, t),
            Expectation::Fault(f) => status::fault(f, a, t),
            Expectation::Namespace(n) => status::namespace(n, a, t),
            Expectation::Message(m) => message::exact(m, a, t),
            Expectation::MessageStartsWith(m) => message::starts_with(m, a, t),
            Expectation::MessageContains(parts) => message::contains(parts, a, t),
            Expectation::Envelope(true) => status::envelope(a, t),
            Expectation::SuccessOrFault(faults) => status::success_or_fault(faults, a, t),
            Expectation::BodyContains(want) => body::contains(want, a, t),
            Expectation::AnswerShape(text) => body::answer_shape(text, a, t),
            Expectation::ArrayLengths(lengths) => body::array_lengths(lengths, a, t),
            Expectation::ArrayHolds(m) => elements::holds(m, a, t),
            Expectation::ArrayLacks(m) => elements::lacks(m, a, t),
            Expectation::ArrayElements(m) => elements::exactly(m, a, t),
            Expectation::Absent(paths) => elements::absent(paths, a, t),
            Expectation::EmptyOrAbsent(paths) => elements::empty_or_absent(paths, a, t),
            Expectation::EventCounts(counts) => body::event_counts(counts, a, t),
            Expectation::EmptyBody(true) => headers::empty_body(a, t),
            Expectation::RequestId(want) => headers::request_id(*want, a, t),
            Expectation::ContentType(types) => headers::content_type(types, a, t),
            Expectation::History(h) => history::judge(h, a, t),
            Expectation::Describe(members) => describe::execution_info(members, a, t),
            Expectation::HeartbeatCancelRequested(want) => describe::heartbeat(*want, a, t),
            Expectation::OutputShape(true) => conformance::shape(a, t),
            Expectation::OutputConstraints(true) => conformance::constraints(a, t),
            Expectation::OutputDocumented(true) => conformance::documented(a, t),
            Expectation::AnsweredAfter(s) => timing::after(*s, a, t),
            Expectation::AnsweredWithin(s) => timing::within(*s, a, t),
            Expectation::Envelope(false)
            | Expectation::EmptyBody(false)
            | Expectation::OutputShape(false)
            | Expectation::OutputConstraints(false)
            | Expectation::OutputDocumented(false) => {}
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
        }
    }

    /// What the expectation reads after the request, if anything.
    pub fn needs(&self) -> Option<Needs> {
        match self {
            Expectation::History(_) => Some(Needs::History),
            Expectation::Describe(_) => Some(Needs::Describe),
            _ => None,
        }
    }

    /// Whether the expectation lets the answer be a 2xx (a status or class in 2xx, or
    /// "a 2xx or a declared fault").
    pub fn allows_success(&self) -> bool {
        match self {
            Expectation::Status(s) => (200..300).contains(s),
            Expectation::StatusClass(c) => c == "2xx",
            Expectation::SuccessOrFault(_) => true,
            _ => false,
        }
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
            _ => {}
        }
        Ok(())
    }
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
