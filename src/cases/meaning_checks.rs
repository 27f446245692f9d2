//! The meaning checks every 2xx answer gets, as `output_checks` gives it its shape: a
//! group per kind of invariant (`<case>/meaning-filters`, ...), each a typed assertion on
//! the 2xx answer (`check::meaning`), at the level its evidence supports, given to the
//! cases of the operations it speaks of whose answer may be a 2xx: hand-written, recorded
//! and generated cases alike (and so `prop`, `state` and `random` requests).

use super::case::{Case, Level};
use crate::check::meaning::{counts, executions, filters, histories, time};
use crate::check::{Assert, CheckGroup, Expectation, Needs};
use crate::outcome::{Predicate, Query};
use std::sync::{Arc, OnceLock};

/// One kind of meaning check: its result name, level, source, predicate, and the
/// operations whose answers it speaks of.
struct Kind {
    name: &'static str,
    level: Level,
    source: String,
    predicate: Predicate,
    operations: &'static [&'static str],
}

/// The operations whose answers hold a whole history (unless paged).
const HISTORIES: [&str; 2] = ["GetWorkflowExecutionHistory", "PollForDecisionTask"];

const EXECUTION_LISTS: [&str; 2] = ["ListOpenWorkflowExecutions", "ListClosedWorkflowExecutions"];

fn kinds() -> [Kind; 7] {
    [
        Kind {
            name: "meaning-filters",
            level: Level::Must,
            source: filters::SOURCE.into(),
            predicate: Predicate::MeetsFilters,
            operations: &[
                EXECUTION_LISTS[0],
                EXECUTION_LISTS[1],
                "ListDomains",
                "ListActivityTypes",
                "ListWorkflowTypes",
            ],
        },
        Kind {
            name: "meaning-counts",
            level: Level::Should,
            source: counts::SOURCE.into(),
            predicate: Predicate::AgreesWithListing,
            operations: &[
                "CountOpenWorkflowExecutions",
                "CountClosedWorkflowExecutions",
                "CountPendingDecisionTasks",
                "CountPendingActivityTasks",
            ],
        },
        Kind {
            name: "meaning-time",
            level: Level::Should,
            source: time::SOURCE.into(),
            predicate: Predicate::WithinTheRun,
            operations: &[
                "DescribeWorkflowExecution",
                EXECUTION_LISTS[0],
                EXECUTION_LISTS[1],
                "GetWorkflowExecutionHistory",
                "PollForDecisionTask",
                "DescribeWorkflowType",
                "DescribeActivityType",
                "ListWorkflowTypes",
                "ListActivityTypes",
            ],
        },
        Kind {
            name: "meaning-executions",
            level: Level::Must,
            source: executions::SOURCE_CLOSED.into(),
            predicate: Predicate::ClosedConsistently,
            operations: &[
                "DescribeWorkflowExecution",
                EXECUTION_LISTS[0],
                EXECUTION_LISTS[1],
            ],
        },
        Kind {
            name: "meaning-execution-history",
            level: Level::Should,
            source: executions::SOURCE_HISTORY.into(),
            predicate: Predicate::AgreesWithHistory,
            operations: &["DescribeWorkflowExecution"],
        },
        Kind {
            name: "meaning-history",
            level: Level::Must,
            source: histories::source(Level::Must),
            predicate: Predicate::KeepsHistoryInvariants(Level::Must),
            operations: &HISTORIES,
        },
        Kind {
            name: "meaning-history-seen",
            level: Level::Should,
            source: histories::source(Level::Should),
            predicate: Predicate::KeepsHistoryInvariants(Level::Should),
            operations: &HISTORIES,
        },
    ]
}

/// The names of the meaning checks, which a case file may not use for its own checks.
pub const NAMES: [&str; 7] = [
    "meaning-filters",
    "meaning-counts",
    "meaning-time",
    "meaning-executions",
    "meaning-execution-history",
    "meaning-history",
    "meaning-history-seen",
];

/// Every meaning check with the operations it speaks of, built once and shared by every
/// case that carries it.
fn all() -> &'static [(Arc<CheckGroup>, &'static [&'static str])] {
    static ALL: OnceLock<Vec<(Arc<CheckGroup>, &'static [&'static str])>> = OnceLock::new();
    ALL.get_or_init(|| {
        kinds()
            .into_iter()
            .map(|k| {
                let assert = Assert {
                    query: Query::Output,
                    predicate: k.predicate,
                };
                let group = CheckGroup::new(vec![Expectation::Assert(vec![assert])])
                    .named(k.name)
                    .citing(k.level, &k.source);
                (Arc::new(group), k.operations)
            })
            .collect()
    })
}

/// The meaning checks of `operation`'s 2xx answers.
pub fn meaning_checks(operation: &str) -> Vec<Arc<CheckGroup>> {
    all()
        .iter()
        .filter(|(_, ops)| ops.contains(&operation))
        .map(|(g, _)| g.clone())
        .collect()
}

/// Which meaning check a check is (its name), if it is one: a group asserting one of
/// their predicates on the 2xx answer.
fn kind(check: &CheckGroup) -> Option<&'static str> {
    let found = check.assertions();
    all().iter().find_map(|(g, _)| {
        let (query, predicate) = g.assertions().into_iter().next()?;
        let name = NAMES.iter().find(|n| g.name.as_deref() == Some(**n))?;
        found
            .iter()
            .any(|(q, p)| *q == query && *p == predicate)
            .then_some(*name)
    })
}

/// A check named like a meaning check must be that meaning check (a case file printed
/// with its checks, as `swfcheck explain` writes it, loads again).
pub fn check_name(check: &CheckGroup) -> Result<(), super::invalid::InvalidCase> {
    let reserved = NAMES.iter().find(|n| check.name.as_deref() == Some(**n));
    match reserved {
        Some(n) if kind(check) != Some(*n) => Err(super::invalid::InvalidCase::ReservedName(n)),
        _ => Ok(()),
    }
}

/// The history invariants' checks: for a case that reads its execution's history after
/// the request, whatever its operation.
fn history_checks() -> Vec<Arc<CheckGroup>> {
    meaning_checks(HISTORIES[0])
        .into_iter()
        .filter(|g| {
            g.name
                .as_deref()
                .is_some_and(|n| n.starts_with("meaning-history"))
        })
        .collect()
}

/// Gives `case` the meaning checks of its operation it does not hold yet, when its answer
/// may be a 2xx (and the history invariants' checks when it reads its execution's history).
pub fn add_meaning_checks(case: &mut Case) {
    if !case.checks.iter().any(|c| c.allows_success()) {
        return;
    }
    let held: Vec<&str> = case.checks.iter().filter_map(|c| kind(c)).collect();
    let mut checks = meaning_checks(&case.operation);
    let reads = case
        .checks
        .iter()
        .any(|c| c.needs().contains(&Needs::History));
    if reads && !HISTORIES.contains(&case.operation.as_str()) {
        checks.extend(history_checks());
    }
    for check in checks {
        if !held.iter().any(|h| check.name.as_deref() == Some(*h)) {
            case.checks.push(check);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_operation_gets_the_checks_that_speak_of_it() {
        let names = |op: &str| -> Vec<String> {
            meaning_checks(op)
                .iter()
                .filter_map(|g| g.name.clone())
                .collect()
        };
        assert_eq!(
            names("DescribeWorkflowExecution"),
            [
                "meaning-time",
                "meaning-executions",
                "meaning-execution-history"
            ]
        );
        assert_eq!(
            names("ListClosedWorkflowExecutions"),
            ["meaning-filters", "meaning-time", "meaning-executions"]
        );
        assert_eq!(names("CountPendingDecisionTasks"), ["meaning-counts"]);
        assert_eq!(
            names("PollForDecisionTask"),
            ["meaning-time", "meaning-history", "meaning-history-seen"]
        );
        assert_eq!(history_checks().len(), 2);
        assert!(names("RegisterDomain").is_empty());
        let levels: Vec<Level> = meaning_checks("DescribeWorkflowExecution")
            .iter()
            .filter_map(|g| g.level)
            .collect();
        assert_eq!(levels, [Level::Should, Level::Must, Level::Should]);
        assert_eq!(
            all()
                .iter()
                .map(|(g, _)| g.name.clone().unwrap_or_default())
                .collect::<Vec<_>>(),
            NAMES
        );
    }

    #[test]
    fn the_names_are_the_loader_s() {
        let own = CheckGroup::success().named("meaning-time");
        assert!(check_name(&own).is_err());
        assert!(check_name(&CheckGroup::success().named("history")).is_ok());
        for check in meaning_checks("DescribeWorkflowExecution") {
            assert!(
                check_name(&check).is_ok(),
                "the loader's own checks load again"
            );
            assert_eq!(kind(&check), check.name.as_deref());
        }
    }
}
