//! The invariants every history keeps, each a small predicate of its own with the
//! sentence it rests on and its level (SWF-WIRE.md: `doc` → must, `seen` → should,
//! undocumented → observe).
//!
//! [`check`] runs them all over a list of events as the service sends them (raw JSON:
//! anything may be missing or of the wrong type, nothing panics) and gives every
//! [`Violation`], in the order of the invariants, then of the events.

mod batch;
mod close;
mod decisions;
mod event;
mod ids;
mod names;
mod ref_rows;
mod refs;
mod time;

pub use refs::ZERO_SOURCE;

use crate::outcome::Level;
use event::{Event, History};
use serde::Serialize;
use serde_json::Value as Json;

/// One invariant of a history.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Invariant {
    /// The n-th event has eventId n.
    IdsConsecutive,
    /// No two events share an eventId.
    IdsUnique,
    /// Each event carries the members the model requires (eventTimestamp aside: optional
    /// in files users keep) and each attributes member the ones its shape requires.
    RequiredMember,
    /// eventType is one of the model's event types.
    EventType,
    /// The event carries the one `<type>EventAttributes` member of its type, and no other.
    AttributesMember,
    /// A member the model does not document (noted, never a failure).
    UndocumentedMember,
    /// Every `*EventId` member names an earlier event of the type its documentation names,
    /// or 0 where a zero is documented or seen.
    Reference,
    /// The Lambda `*EventId` members whose documentation names another type than the
    /// service records (docs/practice.md, "Lambda event references"): the type practice
    /// shows.
    ReferencePractice,
    /// Two references of one event agree: the started event it names belongs to the
    /// scheduled (initiated) event it names, the timer fired is the timer started.
    ReferencePair,
    /// Event timestamps never go backwards (where present).
    TimestampOrder,
    /// At most one decision task scheduled and not yet started, and at most one started
    /// and not yet closed; a start takes the scheduled one.
    OneDecisionTask,
    /// After a failed decision (a `...Failed` event with a cause) a decision task is
    /// scheduled.
    DecisionAfterFailure,
    /// The events of one DecisionTaskCompleted's decisions follow it together.
    DecisionBatch,
    /// The execution closes at most once.
    CloseOnce,
    /// Nothing follows the close.
    NothingAfterClose,
}

impl Invariant {
    /// Every invariant, in the order [`check`] runs them.
    pub const ALL: [Invariant; 15] = [
        Invariant::IdsConsecutive,
        Invariant::IdsUnique,
        Invariant::RequiredMember,
        Invariant::EventType,
        Invariant::AttributesMember,
        Invariant::UndocumentedMember,
        Invariant::Reference,
        Invariant::ReferencePractice,
        Invariant::ReferencePair,
        Invariant::TimestampOrder,
        Invariant::OneDecisionTask,
        Invariant::DecisionAfterFailure,
        Invariant::DecisionBatch,
        Invariant::CloseOnce,
        Invariant::NothingAfterClose,
    ];

    /// The stable name, as reports and `--format json` write it (`ids-consecutive`).
    pub fn name(self) -> &'static str {
        match self {
            Invariant::IdsConsecutive => "ids-consecutive",
            Invariant::IdsUnique => "ids-unique",
            Invariant::RequiredMember => "required-member",
            Invariant::EventType => "event-type",
            Invariant::AttributesMember => "attributes-member",
            Invariant::UndocumentedMember => "undocumented-member",
            Invariant::Reference => "reference",
            Invariant::ReferencePractice => "reference-practice",
            Invariant::ReferencePair => "reference-pair",
            Invariant::TimestampOrder => "timestamp-order",
            Invariant::OneDecisionTask => "one-decision-task",
            Invariant::DecisionAfterFailure => "decision-after-failure",
            Invariant::DecisionBatch => "decision-batch",
            Invariant::CloseOnce => "close-once",
            Invariant::NothingAfterClose => "nothing-after-close",
        }
    }

    /// How much a violation counts: must (documented), should (seen), observe.
    pub fn level(self) -> Level {
        match self {
            Invariant::IdsUnique
            | Invariant::RequiredMember
            | Invariant::EventType
            | Invariant::AttributesMember
            | Invariant::Reference
            | Invariant::ReferencePair
            | Invariant::CloseOnce => Level::Must,
            Invariant::IdsConsecutive
            | Invariant::ReferencePractice
            | Invariant::TimestampOrder
            | Invariant::OneDecisionTask
            | Invariant::DecisionAfterFailure
            | Invariant::DecisionBatch
            | Invariant::NothingAfterClose => Level::Should,
            Invariant::UndocumentedMember => Level::Observe,
        }
    }

    /// The rule, as one clause ("event ids are 1, 2, 3, ... in the order of the history").
    pub fn statement(self) -> &'static str {
        match self {
            Invariant::IdsConsecutive => "event ids are 1, 2, 3, ... in the order of the history",
            Invariant::IdsUnique => "no two events share an eventId",
            Invariant::RequiredMember => "every member the model requires is present",
            Invariant::EventType => "eventType is one of the event types the model names",
            Invariant::AttributesMember => {
                "the event carries the one attributes member of its type and no other"
            }
            Invariant::UndocumentedMember => "every member is one the model documents",
            Invariant::Reference => {
                "an event id names an earlier event of the type its documentation names"
            }
            Invariant::ReferencePractice => {
                "an event id names an earlier event of the type the service records (its documentation names another)"
            }
            Invariant::ReferencePair => "the events one event names belong together",
            Invariant::TimestampOrder => "timestamps never go backwards",
            Invariant::OneDecisionTask => {
                "at most one decision task is scheduled, and at most one started, at a time; a start takes the scheduled one"
            }
            Invariant::DecisionAfterFailure => {
                "after a failed decision a new decision task is scheduled"
            }
            Invariant::DecisionBatch => {
                "the events of one decision task's decisions follow its DecisionTaskCompleted together"
            }
            Invariant::CloseOnce => "the execution closes at most once",
            Invariant::NothingAfterClose => "no event follows the close of the execution",
        }
    }

    /// What the rule rests on: the documentation sentence or model trait (`doc:`,
    /// `model:`), or the SWF-WIRE.md fact (`seen:`).
    pub fn source(self) -> &'static str {
        match self {
            Invariant::IdsConsecutive => {
                "seen: SWF-WIRE.md §5.6, \"Event ids are consecutive from 1\"; every recorded history (fixtures/histories/real)"
            }
            Invariant::IdsUnique => {
                "doc: HistoryEvent.eventId, \"This ID uniquely identifies the event with in the workflow execution history.\""
            }
            Invariant::RequiredMember => {
                "model: the required members of HistoryEvent and of each <type>EventAttributes shape (fixtures/model/swf.json)"
            }
            Invariant::EventType => "model: HistoryEvent.eventType, the EventType enum",
            Invariant::AttributesMember => {
                "doc: HistoryEvent.<type>EventAttributes, \"If the event is of type <type> then this member is set and provides detailed information about the event. It isn't set for other event types.\""
            }
            Invariant::UndocumentedMember => {
                "model: the members of HistoryEvent and its attributes shapes; SWF-WIRE.md §7: the service sends undocumented members, a check tolerates them"
            }
            Invariant::Reference => refs::SOURCE,
            Invariant::ReferencePractice => refs::PRACTICE_SOURCE,
            Invariant::ReferencePair => refs::PAIR_SOURCE,
            Invariant::TimestampOrder => {
                "seen: every recorded history (fixtures/histories/real); doc: HistoryEvent.eventTimestamp, \"The date and time when the event occurred.\""
            }
            Invariant::OneDecisionTask => decisions::ONE_SOURCE,
            Invariant::DecisionAfterFailure => decisions::AFTER_FAILURE_SOURCE,
            Invariant::DecisionBatch => batch::SOURCE,
            Invariant::CloseOnce => close::ONCE_SOURCE,
            Invariant::NothingAfterClose => close::AFTER_SOURCE,
        }
    }
}

/// One place where a history breaks an invariant: typed data, rendered by
/// [`crate::history::render()`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Violation {
    /// The invariant broken.
    pub invariant: Invariant,
    /// The 0-based position in the list of the event at fault.
    pub position: usize,
    /// The eventId of the event at fault (none when it has no integer one).
    pub event_id: Option<i64>,
    /// The eventType of the event at fault, as written (none when it has none).
    pub event_type: Option<String>,
    /// The event ids involved: the event at fault first (when it has an id), then the
    /// events it conflicts with or names.
    pub events: Vec<i64>,
    /// The member at fault, as a path from the event (`activityTaskStartedEventAttributes.scheduledEventId`).
    pub member: Option<String>,
    /// What the invariant expects there.
    pub expected: Json,
    /// What the history holds there.
    pub actual: Json,
}

impl Violation {
    /// A violation at `e`, naming `e`'s id.
    fn at(invariant: Invariant, e: &Event<'_>, expected: Json, actual: Json) -> Violation {
        Violation {
            invariant,
            position: e.pos,
            event_id: e.id,
            event_type: e.ty.map(str::to_owned),
            events: e.id.into_iter().collect(),
            member: None,
            expected,
            actual,
        }
    }

    /// Also names the event `other` (when it has an id).
    fn and(mut self, other: &Event<'_>) -> Violation {
        self.events.extend(other.id);
        self
    }

    /// The member at fault.
    fn member(mut self, path: String) -> Violation {
        self.member = Some(path);
        self
    }
}

/// Every violation of every invariant in `events` (a history in the order the service
/// sends it, oldest first).
pub fn check(events: &[Json]) -> Vec<Violation> {
    let h = History::new(events);
    let mut out = Vec::new();
    ids::consecutive(&h, &mut out);
    ids::unique(&h, &mut out);
    names::check(&h, &mut out);
    refs::check(&h, &mut out);
    refs::pairs(&h, &mut out);
    time::order(&h, &mut out);
    decisions::one_at_a_time(&h, &mut out);
    decisions::after_failure(&h, &mut out);
    batch::check(&h, &mut out);
    close::once(&h, &mut out);
    close::nothing_after(&h, &mut out);
    out.sort_by_key(|v| (v.invariant, v.position));
    out
}

#[cfg(test)]
mod tests;
