//! What the suite covers of the documentation: the matrix operation × declared fault
//! (which cases provoke each, or why none can here), which of the documentation's
//! sentences the cases cite, and both in words (`swfcheck list --faults`, the
//! documentation figure `swfcheck list` ends with, the HTML report).

use crate::cases::case::Case;
use crate::generate::faults::not_provoked;
use crate::model::{citations, docs, swf};
use std::collections::{BTreeMap, BTreeSet};

/// One line a row: operation, fault, then the cases that provoke it or why none can.
pub fn fault_matrix_lines(rows: &[FaultRow]) -> String {
    let mut out = String::new();
    for r in rows {
        let how = match &r.coverage {
            FaultCoverage::Cases(ids) if ids.len() == 1 => ids[0].clone(),
            FaultCoverage::Cases(ids) => format!("{} (+{} more)", ids[0], ids.len() - 1),
            FaultCoverage::NotHere(why) => format!("not provoked: {why}"),
            FaultCoverage::Missing => "MISSING: no case provokes it".into(),
        };
        out.push_str(&format!("{:<32} {:<38} {how}\n", r.operation, r.fault));
    }
    out.push_str(&fault_summary(rows));
    out.push('\n');
    out
}

/// `N declared faults: C provoked by a case, H not provokable here, M missing`.
pub fn fault_summary(rows: &[FaultRow]) -> String {
    let count = |f: fn(&FaultCoverage) -> bool| rows.iter().filter(|r| f(&r.coverage)).count();
    format!(
        "{} (operation, declared fault) pairs: {} provoked by a case, {} not provokable here, {} missing",
        rows.len(),
        count(|c| matches!(c, FaultCoverage::Cases(_))),
        count(|c| matches!(c, FaultCoverage::NotHere(_))),
        count(|c| matches!(c, FaultCoverage::Missing)),
    )
}

/// `documentation: C of the T sentences ... cited (P% of the testable ones); U ...`.
pub fn doc_coverage(covered: usize, untestable: usize, total: usize) -> String {
    let testable = total - untestable.min(total);
    let percent = if testable == 0 {
        0.0
    } else {
        100.0 * covered as f64 / testable as f64
    };
    format!(
        "documentation: {covered} of the {total} sentences of the 39 operations' own pages are cited by a case \
         ({percent:.1}% of the {testable} testable here; {untestable} are about access control or consistency)"
    )
}

/// How a declared fault is covered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FaultCoverage {
    /// These cases expect exactly this fault.
    Cases(Vec<String>),
    /// It cannot be provoked against an endpoint here, and why.
    NotHere(&'static str),
    /// Nothing provokes it yet.
    Missing,
}

/// One cell of the matrix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FaultRow {
    /// The operation.
    pub operation: String,
    /// A fault the operation declares.
    pub fault: String,
    /// How it is covered.
    pub coverage: FaultCoverage,
}

/// Every (operation, declared fault) with the cases of `cases` that expect it.
pub fn fault_matrix(cases: &[Case]) -> Vec<FaultRow> {
    let mut expecting: BTreeMap<(&str, &str), Vec<String>> = BTreeMap::new();
    for case in cases {
        for check in &case.checks {
            if let Some(fault) = check.fault() {
                expecting
                    .entry((case.operation.as_str(), fault))
                    .or_default()
                    .push(case.id.clone());
            }
        }
    }
    let mut rows = Vec::new();
    for op in &swf().operations {
        for fault in &op.errors {
            let coverage = match expecting.get(&(op.name.as_str(), fault.as_str())) {
                Some(ids) => FaultCoverage::Cases(ids.clone()),
                None => match not_provoked(&op.name, fault) {
                    Some(why) => FaultCoverage::NotHere(why),
                    None => FaultCoverage::Missing,
                },
            };
            rows.push(FaultRow {
                operation: op.name.clone(),
                fault: fault.clone(),
                coverage,
            });
        }
    }
    rows
}

/// Which sentences of the documentation the cases cite, by subject and sentence index.
pub fn cited_sentences(cases: &[Case]) -> BTreeSet<(String, usize)> {
    let d = docs();
    cases
        .iter()
        .flat_map(|c| {
            std::iter::once(c.source.as_str())
                .chain(c.checks.iter().filter_map(|k| k.source.as_deref()))
        })
        .flat_map(citations)
        .filter_map(|c| d.sentence_of(&c).map(|i| (c.subject, i)))
        .collect()
}

/// Why a sentence of an operation's page cannot be checked against an endpoint here.
pub fn not_testable(sentence: &str) -> Option<&'static str> {
    let iam = [
        "IAM",
        "Access Control",
        "Action element",
        "Resource element",
        "Condition element",
        "permissions",
    ];
    if iam.iter().any(|w| sentence.contains(w)) {
        return Some("access control: every caller may do all here");
    }
    if sentence.contains("eventually consistent") || sentence.contains("best effort") {
        return Some("a consistency property of the real service, not an answer");
    }
    None
}

/// (cited, not testable here, total) sentences of the 39 operations' own documentation.
pub fn operation_doc_coverage(cases: &[Case]) -> (usize, usize, usize) {
    let cited = cited_sentences(cases);
    let (mut covered, mut untestable, mut total) = (0, 0, 0);
    for op in &swf().operations {
        for (i, s) in docs().sentences(&op.name).iter().enumerate() {
            total += 1;
            if cited.contains(&(op.name.clone(), i)) {
                covered += 1;
            } else if not_testable(s).is_some() {
                untestable += 1;
            }
        }
    }
    (covered, untestable, total)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn suite() -> Vec<Case> {
        crate::generate::suite(crate::generate::Suite::All).unwrap()
    }

    #[test]
    fn every_provokable_declared_fault_has_a_case() {
        let rows = fault_matrix(&suite());
        let missing: Vec<String> = rows
            .iter()
            .filter(|r| r.coverage == FaultCoverage::Missing)
            .map(|r| format!("{} {}", r.operation, r.fault))
            .collect();
        assert!(missing.is_empty(), "{missing:?}");
        let covered = rows
            .iter()
            .filter(|r| matches!(r.coverage, FaultCoverage::Cases(_)))
            .count();
        assert!(covered >= 53, "{covered} covered");
    }

    #[test]
    fn the_suite_cites_part_of_every_operations_documentation() {
        let (covered, untestable, total) = operation_doc_coverage(&suite());
        assert!(
            total > 300 && covered > 20 && covered + untestable < total,
            "{covered}+{untestable}/{total}"
        );
        let iam = "Use an Action element to allow or deny permission to call this action.";
        assert!(not_testable(iam).is_some());
        assert!(not_testable("This operation is eventually consistent.").is_some());
        assert!(not_testable("Deprecates the specified domain.").is_none());
    }

    #[test]
    fn each_kind_of_cell_reads_as_words() {
        let row = |fault: &str, coverage| FaultRow {
            operation: "StartWorkflowExecution".into(),
            fault: fault.into(),
            coverage,
        };
        let rows = [
            row(
                "TypeDeprecatedFault",
                FaultCoverage::Cases(vec!["a".into(), "b".into()]),
            ),
            row(
                "LimitExceededFault",
                FaultCoverage::NotHere("needs a quota"),
            ),
            row("DefaultUndefinedFault", FaultCoverage::Missing),
        ];
        let text = fault_matrix_lines(&rows);
        assert!(
            text.contains("TypeDeprecatedFault                    a (+1 more)"),
            "{text}"
        );
        assert!(text.contains("not provoked: needs a quota"));
        assert!(text.contains("MISSING: no case provokes it"));
        assert!(text.ends_with("3 (operation, declared fault) pairs: 1 provoked by a case, 1 not provokable here, 1 missing\n"));
        assert_eq!(
            doc_coverage(1, 2, 4),
            "documentation: 1 of the 4 sentences of the 39 operations' own pages are cited by a case \
             (50.0% of the 2 testable here; 2 are about access control or consistency)"
        );
    }
}
