//! The SWF API model: operations, input/output shapes and their constraints.
//!
//! The model is derived from botocore's published service model by
//! `scripts/gen-model.py` and committed as `fixtures/model/swf.json`; this
//! module embeds that file and exposes it as typed, borrowed data. Nothing in
//! it is written by hand: a constraint that is not in the file is not here.

pub mod docs;
pub mod rules;
mod shape;
pub mod value_rules;

pub use docs::{DocCitation, Docs, citations, docs};
pub use shape::{JsonType, Member, Shape, ShapeKind};

use serde::Deserialize;
use std::sync::OnceLock;

/// The derived model, as committed in `fixtures/model/swf.json`.
const MODEL_JSON: &str = include_str!("../../fixtures/model/swf.json");

/// The whole SWF API model.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Model {
    /// Where the model was derived from (package, version, file).
    pub source: Source,
    /// The API version, `2012-01-25`.
    pub api_version: String,
    /// The AWS JSON protocol version, `1.0`.
    pub json_version: String,
    /// The `X-Amz-Target` prefix, `SimpleWorkflowService`.
    pub target_prefix: String,
    /// The SigV4 signing name, `swf`.
    pub signing_name: String,
    /// The names of every fault (exception shape) the model declares.
    pub faults: Vec<String>,
    /// Every operation, sorted by name.
    pub operations: Vec<Operation>,
    /// Indexes into `operations` by name length, for a lookup that compares few names.
    #[serde(skip)]
    by_length: Vec<Vec<usize>>,
}

/// Provenance of the derived model.
#[derive(Debug, Deserialize)]
pub struct Source {
    /// The PyPI package the model comes from (`botocore`).
    pub package: String,
    /// That package's version.
    pub version: String,
    /// The model file inside the package.
    pub file: String,
}

/// One API operation.
#[derive(Debug, Deserialize)]
pub struct Operation {
    /// The operation name, e.g. `RequestCancelWorkflowExecution`.
    pub name: String,
    /// The input shape (always a structure).
    pub input: Shape,
    /// The output shape; `None` when a success has an empty body.
    pub output: Option<Shape>,
    /// The faults the operation declares, sorted by name.
    pub errors: Vec<String>,
}

impl Model {
    /// Looks up an operation by its bare name (`RequestCancelWorkflowExecution`).
    pub fn operation(&self, name: &str) -> Option<&Operation> {
        let candidates = self.by_length.get(name.len())?;
        candidates
            .iter()
            .map(|&i| &self.operations[i])
            .find(|op| op.name == name)
    }

    fn index(mut self) -> Self {
        for (i, op) in self.operations.iter().enumerate() {
            let len = op.name.len();
            if self.by_length.len() <= len {
                self.by_length.resize(len + 1, Vec::new());
            }
            self.by_length[len].push(i);
        }
        self
    }

    /// The `X-Amz-Target` header value of an operation.
    pub fn target_of(&self, op: &Operation) -> String {
        format!("{}.{}", self.target_prefix, op.name)
    }
}

/// The member of a history event holding the attributes of `event_type`:
/// `WorkflowExecutionCancelRequested` → `workflowExecutionCancelRequestedEventAttributes`.
pub fn event_attributes_key(event_type: &str) -> String {
    attributes_key(event_type, "EventAttributes")
}

/// The member of a decision holding the attributes of `decision_type`:
/// `CancelWorkflowExecution` → `cancelWorkflowExecutionDecisionAttributes`.
pub fn decision_attributes_key(decision_type: &str) -> String {
    attributes_key(decision_type, "DecisionAttributes")
}

/// `kind` with its first letter lower-cased, then `suffix` (empty for an empty `kind`).
fn attributes_key(kind: &str, suffix: &str) -> String {
    let mut chars = kind.chars();
    match chars.next() {
        Some(first) => format!("{}{}{suffix}", first.to_ascii_lowercase(), chars.as_str()),
        None => String::new(),
    }
}

/// The embedded SWF model, parsed once on first use.
pub fn swf() -> &'static Model {
    static MODEL: OnceLock<Model> = OnceLock::new();
    MODEL.get_or_init(|| {
        // The file is part of the binary and covered by tests; a parse failure
        // here is a build defect, never a user error.
        serde_json::from_str::<Model>(MODEL_JSON)
            .expect("fixtures/model/swf.json is a valid model")
            .index()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn event_attribute_keys_are_members_of_history_event() {
        let op = swf().operation("GetWorkflowExecutionHistory").unwrap();
        let events = op.output.as_ref().unwrap().member("events").unwrap();
        let event = events.shape.member.as_deref().unwrap();
        for t in [
            "WorkflowExecutionCancelRequested",
            "DecisionTaskScheduled",
            "ActivityTaskStarted",
        ] {
            assert!(event.member(&event_attributes_key(t)).is_some(), "{t}");
        }
    }

    #[test]
    fn decision_attribute_keys_are_members_of_decision() {
        let op = swf().operation("RespondDecisionTaskCompleted").unwrap();
        let decisions = op.input.member("decisions").unwrap();
        let decision = decisions.shape.member.as_deref().unwrap();
        for t in [
            "CancelWorkflowExecution",
            "CompleteWorkflowExecution",
            "ScheduleActivityTask",
        ] {
            assert!(
                decision.member(&decision_attributes_key(t)).is_some(),
                "{t}"
            );
        }
        assert_eq!(decision_attributes_key(""), "");
    }

    #[test]
    fn operations_are_sorted_and_unique() {
        let ops = &swf().operations;
        assert!(ops.windows(2).all(|w| w[0].name < w[1].name));
    }

    #[test]
    fn lookup_finds_every_operation_and_nothing_else() {
        let m = swf();
        for op in &m.operations {
            assert_eq!(m.operation(&op.name).map(|o| &o.name), Some(&op.name));
        }
        assert!(m.operation("NoSuchOperation").is_none());
        assert!(m.operation("requestcancelworkflowexecution").is_none());
    }
}
