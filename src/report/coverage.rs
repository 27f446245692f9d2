//! The suite's coverage in words: the fault matrix (`swfcheck list --faults`) and the
//! documentation figure `swfcheck list` ends with.

use crate::cases::coverage::{FaultCoverage, FaultRow};

/// One line a row: operation, fault, then the cases that provoke it or why none can.
pub fn fault_matrix(rows: &[FaultRow]) -> String {
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

#[cfg(test)]
mod tests {
    use super::*;

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
        let text = fault_matrix(&rows);
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
