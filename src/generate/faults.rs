//! One UnknownResourceFault case per operation that declares the fault: the
//! operation's valid sample body naming a domain (or a task token) that does not
//! exist, expecting exactly that fault. The other declared faults need a setup of
//! their own: `fixtures/cases/faults.toml`.

use super::bodies::base;
use super::expected::generated_case;
use crate::cases::case::{Case, Level, Setup};
use crate::check::{CheckGroup, Expectation};
use crate::model::{Operation, swf};
use serde_json::json;

/// The fault's documentation in the model: what every case here rests on.
const SOURCE: &str = "doc: UnknownResourceFault, \"Returned when the named resource cannot be found with in the scope of this operation (region or domain).\"";
/// SWF-WIRE.md §3: the message names the unknown domain.
const SOURCE_MESSAGE: &str =
    "SWF-WIRE.md §3 (seen): UnknownResourceFault's message is `Unknown domain: <name>`";

/// A stale token: SWF-WIRE.md §9 (seen, reported), and the fault's documentation.
const SOURCE_STALE: &str = "SWF-WIRE.md §9 (seen, reported by floci's tests): a stale task token (its task completed) is UnknownResourceFault; doc: UnknownResourceFault, \"Returned when the named resource cannot be found with in the scope of this operation (region or domain).\"";

/// The origin of these cases in listings.
pub const ORIGIN: &str = "generated: declared faults";

/// `DescribeWorkflowExecution` → `describe-workflow-execution`.
pub fn kebab(name: &str) -> String {
    let mut out = String::new();
    for (i, c) in name.chars().enumerate() {
        if c.is_ascii_uppercase() && i > 0 {
            out.push('-');
        }
        out.push(c.to_ascii_lowercase());
    }
    out
}

/// How an operation's UnknownResourceFault is provoked, if it can be here: the member
/// to name an unknown domain in, or none (a task token nobody was handed).
fn unknown_domain_member(op: &Operation) -> Option<Option<&'static str>> {
    if !op.errors.iter().any(|e| e == "UnknownResourceFault") {
        return None;
    }
    if op.input.member("domain").is_some() {
        return Some(Some("domain"));
    }
    if op.input.member("taskToken").is_some() {
        return Some(None);
    }
    match op.name.as_str() {
        "DescribeDomain" | "DeprecateDomain" | "UndeprecateDomain" => Some(Some("name")),
        // Tag operations name a domain by its ARN, which holds the account: the hand-written
        // cases of fixtures/cases/domains.toml build it from DescribeDomain's answer.
        _ => None,
    }
}

/// Why an operation's declared fault is not provoked by a case here, if it is not.
pub fn not_provoked(_op: &str, fault: &str) -> Option<&'static str> {
    match fault {
        "LimitExceededFault" => {
            Some("needs an account quota reached; no documented limit to reach")
        }
        "OperationNotPermittedFault" => {
            Some("needs IAM permissions withheld; every caller may do all here")
        }
        // TooManyTagsFault and the tag operations' UnknownResourceFault are provoked by
        // fixtures/cases/domains.toml (the ARN comes from DescribeDomain's answer).
        _ => None,
    }
}

/// Every operation's UnknownResourceFault case.
pub fn all() -> Vec<Case> {
    swf()
        .operations
        .iter()
        .filter_map(|op| {
            let member = unknown_domain_member(op)?;
            let mut body = base(op);
            let mut checks = vec![CheckGroup::new(vec![
                Expectation::Status(400),
                Expectation::Fault("UnknownResourceFault".into()),
            ])];
            if let Some(m) = member {
                body[m] = json!("${unknownDomain}");
                checks.push(
                    CheckGroup::new(vec![Expectation::Message(
                        "Unknown domain: ${unknownDomain}".into(),
                    )])
                    .named("message")
                    .citing(Level::Should, SOURCE_MESSAGE),
                );
            }
            let id = format!("faults/{}/unknown-resource", kebab(&op.name));
            let checks = checks.into_iter().map(std::sync::Arc::new).collect();
            let mut case =
                generated_case(op, id, Level::Must, SOURCE.into(), checks, "unknown", body);
            case.origin = ORIGIN.into();
            if member.is_none() {
                // A token whose task is closed: the only one whose answer is known.
                case.setup = match case.setup {
                    Setup::DecisionTask => Setup::StaleDecisionTask,
                    _ => Setup::StaleActivityTask,
                };
                case.level = Level::Should;
                case.source = SOURCE_STALE.into();
            }
            Some(case)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_operation_declaring_the_fault_has_a_case_or_a_reason() {
        let cases = all();
        let hand_written = crate::cases::file::builtin().unwrap();
        let by_hand = |op: &str| {
            hand_written.iter().any(|c| {
                c.operation == op
                    && c.checks
                        .iter()
                        .any(|k| k.fault() == Some("UnknownResourceFault"))
            })
        };
        for op in &swf().operations {
            if !op.errors.iter().any(|e| e == "UnknownResourceFault") {
                continue;
            }
            let id = format!("faults/{}/unknown-resource", kebab(&op.name));
            let has = cases.iter().any(|c| c.id == id);
            assert!(
                has || by_hand(&op.name)
                    || not_provoked(&op.name, "UnknownResourceFault").is_some(),
                "{id}"
            );
        }
        assert_eq!(cases.len(), 34);
        assert_eq!(
            kebab("RespondDecisionTaskCompleted"),
            "respond-decision-task-completed"
        );
    }
}
