//! The decisions of a `respond` step, by tag byte: each one's name (as the seed file
//! writes it), how many operand bytes it takes, and the decision it builds of them: all
//! 13 decision types, valid and failing, and one without its attributes (the whole
//! list is refused).

use super::picks::{ACTIVITY_VERSIONS, WORKFLOW_VERSIONS, duration};
use crate::model::decision_attributes_key;
use serde_json::{Value as Json, json};

/// Child workflowIds: four fresh ones, one that may be running, one the model refuses.
const CHILD_IDS: [&str; 6] = ["c0", "c1", "c2", "c3", "w0", "c/x"];

/// Builds a decision of its operand bytes (missing ones read 0).
type Build = fn(&Operands<'_>) -> Json;

/// One kind of decision.
pub struct DecisionKind {
    /// Its name in the seed file.
    pub name: &'static str,
    /// How many operand bytes follow its tag.
    pub operands: usize,
    build: Build,
}

const fn kind(name: &'static str, operands: usize, build: Build) -> DecisionKind {
    DecisionKind {
        name,
        operands,
        build,
    }
}

/// Every decision, by tag.
pub const DECISIONS: [DecisionKind; 14] = [
    kind("schedule-activity", 4, schedule_activity),
    kind("cancel-activity", 1, cancel_activity),
    kind("complete", 0, complete),
    kind("fail", 0, fail),
    kind("cancel", 0, cancel),
    kind("continue-as-new", 1, continue_as_new),
    kind("marker", 0, marker),
    kind("start-timer", 2, start_timer),
    kind("cancel-timer", 1, cancel_timer),
    kind("signal-external", 2, signal_external),
    kind("cancel-external", 1, cancel_external),
    kind("start-child", 2, start_child),
    kind("lambda", 0, lambda),
    kind("no-attributes", 1, no_attributes),
];

/// A decision's operand bytes; one past the end reads 0.
pub struct Operands<'a>(&'a [u8]);

impl Operands<'_> {
    fn at(&self, i: usize) -> u8 {
        self.0.get(i).copied().unwrap_or(0)
    }
}

/// The decisions a Respond step's bytes encode (see [`DECISIONS`]).
pub fn decisions(mut b: &[u8]) -> Vec<Json> {
    let mut out = Vec::new();
    while let Some((&tag, rest)) = b.split_first() {
        let kind = &DECISIONS[tag as usize % DECISIONS.len()];
        let n = kind.operands.min(rest.len());
        let (ops, rest) = rest.split_at(n);
        out.push((kind.build)(&Operands(ops)));
        b = rest;
    }
    out
}

/// `{"decisionType": t, "<t>DecisionAttributes": attrs}`.
fn decision(t: &str, attrs: Json) -> Json {
    json!({"decisionType": t, decision_attributes_key(t): attrs})
}

/// activityId, type version, task list (absent, a0, a1), a byte of four timeouts.
fn schedule_activity(op: &Operands<'_>) -> Json {
    let mut a = json!({"activityType": {"name": "act", "version": ACTIVITY_VERSIONS[op.at(1) as usize % 3]},
        "activityId": format!("a{}", op.at(0) % 4), "input": "in"});
    if op.at(2) % 3 != 0 {
        a["taskList"] = json!({"name": format!("a{}", op.at(2) % 3 - 1)});
    }
    let members = [
        "scheduleToStartTimeout",
        "scheduleToCloseTimeout",
        "startToCloseTimeout",
        "heartbeatTimeout",
    ];
    for (i, member) in members.iter().enumerate() {
        if let Some(t) = duration(op.at(3).rotate_right(2 * i as u32)) {
            a[*member] = json!(t);
        }
    }
    decision("ScheduleActivityTask", a)
}

/// activityId (one of them never scheduled).
fn cancel_activity(op: &Operands<'_>) -> Json {
    let a = json!({"activityId": format!("a{}", op.at(0) % 5)});
    decision("RequestCancelActivityTask", a)
}

fn complete(_: &Operands<'_>) -> Json {
    decision("CompleteWorkflowExecution", json!({"result": "done"}))
}

fn fail(_: &Operands<'_>) -> Json {
    decision(
        "FailWorkflowExecution",
        json!({"reason": "r", "details": "d"}),
    )
}

fn cancel(_: &Operands<'_>) -> Json {
    decision("CancelWorkflowExecution", json!({"details": "d"}))
}

/// The new run's type version.
fn continue_as_new(op: &Operands<'_>) -> Json {
    let a =
        json!({"input": "again", "workflowTypeVersion": WORKFLOW_VERSIONS[op.at(0) as usize % 4]});
    decision("ContinueAsNewWorkflowExecution", a)
}

fn marker(_: &Operands<'_>) -> Json {
    decision("RecordMarker", json!({"markerName": "m"}))
}

/// timerId, duration.
fn start_timer(op: &Operands<'_>) -> Json {
    let mut a = json!({"timerId": format!("t{}", op.at(0) % 4)});
    if let Some(t) = duration(op.at(1)) {
        a["startToFireTimeout"] = json!(t);
    }
    decision("StartTimer", a)
}

/// timerId (one of them never started).
fn cancel_timer(op: &Operands<'_>) -> Json {
    decision(
        "CancelTimer",
        json!({"timerId": format!("t{}", op.at(0) % 5)}),
    )
}

/// The target's number, and whether it is a top-level (w) or child (c) workflowId.
fn signal_external(op: &Operands<'_>) -> Json {
    let target = format!("{}{}", ["w", "c"][op.at(1) as usize % 2], op.at(0) % 5);
    decision(
        "SignalExternalWorkflowExecution",
        json!({"workflowId": target, "signalName": "s"}),
    )
}

/// The target's number.
fn cancel_external(op: &Operands<'_>) -> Json {
    decision(
        "RequestCancelExternalWorkflowExecution",
        json!({"workflowId": format!("w{}", op.at(0) % 5)}),
    )
}

/// The child's workflowId, its type version.
fn start_child(op: &Operands<'_>) -> Json {
    let a = json!({"workflowType": {"name": "wf", "version": WORKFLOW_VERSIONS[op.at(1) as usize % 4]},
        "workflowId": CHILD_IDS[op.at(0) as usize % CHILD_IDS.len()]});
    decision("StartChildWorkflowExecution", a)
}

fn lambda(_: &Operands<'_>) -> Json {
    decision("ScheduleLambdaFunction", json!({"id": "l", "name": "f"}))
}

/// A decision of a type whose attributes are required, without them.
fn no_attributes(op: &Operands<'_>) -> Json {
    let t = ["StartTimer", "ScheduleActivityTask", "RecordMarker"][op.at(0) as usize % 3];
    json!({ "decisionType": t })
}
