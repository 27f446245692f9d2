//! The checks every 2xx JSON answer gets: its operation's output shape (must), the
//! model's constraint traits on it (should: Smithy does not enforce them on output),
//! and the members the model does not document (observe; SWF-WIRE.md §7).

use super::case::{Case, Level};
use crate::check::{CheckGroup, Expectation};
use std::sync::{Arc, OnceLock};

/// The source of the output shape check.
pub const SOURCE_OUTPUT: &str = "model: the operation's output shape (botocore swf 2012-01-25); \
     SWF-WIRE.md §5.6, §7: timestamps are JSON numbers";
/// The source of the output constraints check.
pub const SOURCE_CONSTRAINTS: &str = "model: the output shape's lengths, ranges and enum values; \
     Smithy 2.0 §6.1: \"Constraint traits SHOULD NOT be enforced when serializing shapes or when \
     deserializing output\", so a departure is held at should";
/// The source of the undocumented-members note.
pub const SOURCE_UNDOCUMENTED: &str =
    "SWF-WIRE.md §7: real answers carry members the model does not document (noted, never failed)";

/// The names of the output checks, which a case file may not use for its own checks.
pub const NAMES: [&str; 3] = ["output", "output-constraints", "output-undocumented"];

/// The three checks of a 2xx JSON answer: its output shape (must), the model's
/// constraints on it (should) and members the model does not document (observe).
/// Built once and shared by every case that carries them.
pub fn output_checks() -> [Arc<CheckGroup>; 3] {
    static CHECKS: OnceLock<[Arc<CheckGroup>; 3]> = OnceLock::new();
    CHECKS.get_or_init(|| built().map(Arc::new)).clone()
}

fn built() -> [CheckGroup; 3] {
    let group = |e: Expectation, i: usize, level: Level, source: &str| {
        CheckGroup::new(vec![e])
            .named(NAMES[i])
            .citing(level, source)
    };
    [
        group(
            Expectation::OutputShape(true),
            0,
            Level::Must,
            SOURCE_OUTPUT,
        ),
        group(
            Expectation::OutputConstraints(true),
            1,
            Level::Should,
            SOURCE_CONSTRAINTS,
        ),
        group(
            Expectation::OutputDocumented(true),
            2,
            Level::Observe,
            SOURCE_UNDOCUMENTED,
        ),
    ]
}

/// Whether a check of `case` lets its answer be a 2xx.
fn may_succeed(case: &Case) -> bool {
    case.checks.iter().any(|c| c.allows_success())
}

/// Which output check a check is (its index in [`output_checks`]), if any.
fn kind(check: &CheckGroup) -> Option<usize> {
    check.expectations().iter().find_map(|e| match e {
        Expectation::OutputShape(_) => Some(0),
        Expectation::OutputConstraints(_) => Some(1),
        Expectation::OutputDocumented(_) => Some(2),
        _ => None,
    })
}

/// A check named like an output check must be that output check (a case may write one
/// itself to cite a more precise source).
pub fn check_name(check: &CheckGroup) -> Result<(), super::invalid::InvalidCase> {
    match check
        .name
        .as_deref()
        .and_then(|n| NAMES.iter().position(|m| *m == n))
    {
        Some(i) if kind(check) != Some(i) => {
            Err(super::invalid::InvalidCase::ReservedName(NAMES[i]))
        }
        _ => Ok(()),
    }
}

/// Gives a hand-written case the output checks it does not hold yet, when its operation
/// has an output shape and its answer may be a 2xx: every 2xx answer of every case is
/// held against the model, not only the generated cases' answers.
pub fn add_output_checks(case: &mut Case) {
    let has_output = crate::model::swf()
        .operation(&case.operation)
        .is_some_and(|o| o.output.is_some());
    if !has_output || !may_succeed(case) {
        return;
    }
    let held: Vec<usize> = case.checks.iter().filter_map(|c| kind(c)).collect();
    for (i, check) in output_checks().into_iter().enumerate() {
        if !held.contains(&i) {
            case.checks.push(check);
        }
    }
}
