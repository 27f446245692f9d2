//! What one expectation looked at, how it compared, and what it found: an [`Assertion`],
//! typed data from which every report renders its words ([`super::render`]) and by which
//! groups are keyed (`report::groups`). Nothing reads an assertion back out of its text.
//!
//! As in hurl, a [`Query`] (the status, a header, a member at a JSON path, the history
//! read after the request, the time the answer took, ...) is apart from its
//! [`Predicate`] (equals, one of, starts with, contains, exists, count, at least, ...): "a
//! header matches a pattern" is a query and a predicate that already exist, not a new
//! kind of check.

use serde::{Deserialize, Serialize};
use serde_json::Value as Json;

/// What an expectation looks at.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Query {
    /// The answer as a whole: its status and the kind of its body (the built-in check
    /// that an answer is a documented kind of answer at all).
    Answer,
    /// The HTTP status.
    Status,
    /// The status together with the fault's name ("a 2xx or one of these faults").
    StatusAndFault,
    /// The fault's name (the part of `__type` after the last `#`).
    Fault,
    /// The fault's namespace (the part of `__type` before the `#`).
    Namespace,
    /// The fault's message.
    Message,
    /// A response header, by name (compared case-insensitively).
    Header(String),
    /// The media type of the Content-Type header.
    MediaType,
    /// The body: as bytes for `empty`, as JSON for the others.
    Body,
    /// The JSON member at a dotted path (`executionInfo.closeStatus`, `typeInfos.0`).
    Member(String),
    /// How many events of a type the answer's `events` (a history page) hold.
    AnswerEvents(String),
    /// The 2xx answer held against its operation's output shape.
    Output,
    /// The event types of the history read after the request.
    History,
    /// How many events of a type the history read after the request holds.
    HistoryEvents(String),
    /// The attributes of the last event of a type in the history read after the request.
    HistoryAttributes(String),
    /// The event ids of the history read after the request.
    HistoryEventIds,
    /// A member of DescribeWorkflowExecution's `executionInfo`, read after the request.
    Describe(String),
    /// The `cancelRequested` of the heartbeat recorded after the request.
    Heartbeat,
    /// The time the answer took, in seconds.
    Elapsed,
}

/// How the value a query found is compared.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Predicate {
    /// An answer of a documented kind: a 2xx or 4xx whose body is empty or JSON (never a
    /// 5xx, an HTML page, a hang or a dropped connection; SWF-WIRE.md §3).
    Documented,
    /// Equal to this value.
    Equals(Json),
    /// Equal to one of these values.
    OneOf(Vec<Json>),
    /// A status in this class (`2xx`, `4xx`).
    InClass(String),
    /// A string starting with this.
    StartsWith(String),
    /// A string containing this.
    Contains(String),
    /// A string matching this regular expression.
    Matches(String),
    /// Present (and, for a header, not empty).
    Exists,
    /// Not present.
    Absent,
    /// Absent, `null` or `""`.
    EmptyOrAbsent,
    /// No bytes at all.
    Empty,
    /// A JSON value containing these members with these values (objects compared member by
    /// member, recursively; anything else compared whole).
    Includes(Json),
    /// A fault envelope: a JSON object with a string `__type` and a string message.
    FaultEnvelope,
    /// A 2xx, or a fault of one of these names.
    SuccessOr(Vec<String>),
    /// The members and JSON types of this recorded answer.
    RecordedShape(Json),
    /// An array of this many elements.
    Length(u32),
    /// An array holding an element that includes this.
    HoldsElement(Json),
    /// An array holding no element that includes this.
    LacksElement(Json),
    /// An array of exactly these elements, in order, each compared as [`Predicate::Includes`].
    Elements(Vec<Json>),
    /// A list of event types ending with these.
    EndsWith(Vec<String>),
    /// Event ids 1, 2, 3, ...
    Consecutive,
    /// The structure and JSON types of the model's output shape (must).
    ConformsToShape,
    /// The model's lengths, ranges and enum values (should).
    KeepsConstraints,
    /// Only members the model documents (observe).
    OnlyDocumented,
    /// Every element of a listing meets the request's filters (`check::meaning::filters`).
    MeetsFilters,
    /// A count agrees with the listing it counts; a pending count is 0 when nothing can be
    /// pending (`check::meaning::counts`).
    AgreesWithListing,
    /// Every timestamp lies in the window the run could have caused it in, and in order
    /// (`check::meaning::time`).
    WithinTheRun,
    /// closeStatus and closeTimestamp present exactly when the execution is closed
    /// (`check::meaning::executions`).
    ClosedConsistently,
    /// A description agrees with the execution's history (`check::meaning::executions`).
    AgreesWithHistory,
    /// Every whole history seen keeps the history invariants of this level
    /// (`check::meaning::histories`).
    KeepsHistoryInvariants(super::Level),
    /// At least this many.
    AtLeast(u32),
    /// At most this many.
    AtMost(u32),
}

/// What a query found, kept only when its assertion did not hold.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Actual {
    /// The value found.
    Value(Json),
    /// Nothing was there (no member, no array, no such event, no fault).
    Missing,
    /// A read after the request failed, or was not made: why.
    Unread(String),
    /// Where the value departs from what was expected: `path: what`, in order.
    Departures(Vec<String>),
    /// A body that is not JSON, as far as it matters: its length and start.
    Bytes {
        /// The body's length.
        len: usize,
        /// Its start, lossily decoded.
        start: String,
    },
}

/// One expectation evaluated: what it looked at, how it compared, whether it held, and
/// (when it did not) what was found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Assertion {
    /// What it looked at.
    pub query: Query,
    /// How it compared.
    pub predicate: Predicate,
    /// Whether it held.
    pub holds: bool,
    /// What was found, when it did not hold.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actual: Option<Actual>,
}

impl Assertion {
    /// An assertion that held.
    pub fn held(query: Query, predicate: Predicate) -> Self {
        Assertion {
            query,
            predicate,
            holds: true,
            actual: None,
        }
    }

    /// An assertion that did not hold, having found `actual`.
    pub fn failed(query: Query, predicate: Predicate, actual: Actual) -> Self {
        Assertion {
            query,
            predicate,
            holds: false,
            actual: Some(actual),
        }
    }

    /// What the assertion expects, without the values that vary from case to case: the
    /// query, and the predicate's kind with the values that name a cause (a status, a fault
    /// name) but not those that vary with the member under test (a message, a body). Two
    /// failures of one cause share it; groups key on it.
    pub fn class(&self) -> String {
        super::render::class(self)
    }
}
