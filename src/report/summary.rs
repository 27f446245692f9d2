//! The end-of-run summary: verdict counts by operation and level.

use crate::cases::case::Level;
use crate::check::Verdict;
use crate::run::RunReport;
use std::collections::BTreeMap;
use std::fmt::Write;

/// The summary table as text. The `changed` column (snapshot-changed) shows only when
/// some result has that verdict.
pub fn render(report: &RunReport) -> String {
    let mut table: BTreeMap<(&str, Level), [usize; Verdict::ALL.len()]> = BTreeMap::new();
    for r in &report.results {
        let row = table.entry((r.operation.as_str(), r.level)).or_default();
        let i = Verdict::ALL
            .iter()
            .position(|v| *v == r.verdict)
            .unwrap_or(0);
        row[i] += 1;
    }
    let totals = super::json::summary(report);
    let changed = totals["snapshot-changed"];
    let changed_column = |text: String| if changed > 0 { text } else { String::new() };
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{:<34} {:<8} {:>5} {:>5} {:>8} {:>6} {:>8}{}",
        "operation",
        "level",
        "pass",
        "fail",
        "not-impl",
        "error",
        "skipped",
        changed_column(format!(" {:>8}", "changed"))
    );
    for ((op, level), c) in &table {
        let _ = writeln!(
            out,
            "{:<34} {:<8} {:>5} {:>5} {:>8} {:>6} {:>8}{}",
            op,
            level.as_str(),
            c[0],
            c[1],
            c[2],
            c[3],
            c[4],
            changed_column(format!(" {:>8}", c[5]))
        );
    }
    let _ = writeln!(
        out,
        "swfcheck: {} checks: {} pass, {} fail, {} not-implemented, {} error, {} skipped{}",
        report.results.len(),
        totals["pass"],
        totals["fail"],
        totals["not-implemented"],
        totals["error"],
        totals["skipped"],
        changed_column(format!(", {changed} snapshot-changed"))
    );
    let divergences = report.results.iter().filter(|r| r.counts).count();
    let verdict = if report.interrupted {
        "interrupted".to_owned()
    } else if divergences == 0 {
        "conformant (every must and should check passed)".to_owned()
    } else {
        format!("{divergences} divergence(s) at must/should level")
    };
    let _ = writeln!(out, "swfcheck: {} — {verdict}", report.endpoint);
    if report.cleaned_up > 0 || !report.cleanup_errors.is_empty() {
        let _ = writeln!(
            out,
            "swfcheck: cleanup terminated or deprecated {} execution(s), domain(s) and type(s) the run left open{}",
            report.cleaned_up,
            if report.cleanup_errors.is_empty() {
                String::new()
            } else {
                format!(
                    "; {} cleanup call(s) failed: {}",
                    report.cleanup_errors.len(),
                    report.cleanup_errors.join("; ")
                )
            }
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::verdict::fixtures;

    fn report(verdicts: &[Verdict]) -> RunReport {
        let results = verdicts
            .iter()
            .map(|&v| fixtures::result("c", v, Level::Should))
            .collect();
        fixtures::report(results)
    }

    #[test]
    fn the_changed_column_shows_only_with_changed_snapshots() {
        let plain = render(&report(&[Verdict::Pass, Verdict::Fail]));
        assert!(!plain.contains("changed"), "{plain}");
        assert!(
            plain.contains("2 checks: 1 pass, 1 fail, 0 not-implemented, 0 error, 0 skipped\n")
        );
        let changed = render(&report(&[Verdict::Pass, Verdict::SnapshotChanged]));
        assert!(
            changed.lines().next().unwrap_or("").ends_with(" changed"),
            "{changed}"
        );
        assert!(
            changed.contains("0 skipped, 1 snapshot-changed\n"),
            "{changed}"
        );
        assert!(changed.contains("1 divergence(s)"), "{changed}");
    }
}
