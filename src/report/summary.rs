//! The end of a run on the terminal: the divergences grouped by cause (default), one line
//! per failing check, or the operation × level table; then the counts and one sentence
//! that says whether the endpoint is conformant.

pub use super::ending::{cleanup, conclusion, not_implemented, notes, totals};
use crate::cases::case::Level;
use crate::outcome::RunReport;
use crate::outcome::Verdict;
use crate::outcome::baseline::Comparison;
use std::collections::BTreeMap;
use std::fmt::Write;

/// What the end of a run shows before its counts (`run --format`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum SummaryFormat {
    /// The divergences grouped by cause, largest group first, each with an example and its
    /// curl reproduction.
    #[default]
    Groups,
    /// One line per check that did not pass.
    Cases,
    /// Verdict counts per operation and level.
    Table,
}

/// The end of a run: `format`'s block, the counts, the conformance sentence, cleanup.
pub fn render(report: &RunReport, format: SummaryFormat) -> String {
    render_against(report, format, None)
}

/// [`render`], held against a baseline when the run has one: its comparison comes before
/// the conclusion, which then says whether the run matches it.
pub fn render_against(
    report: &RunReport,
    format: SummaryFormat,
    baseline: Option<&Comparison>,
) -> String {
    let mut out = match format {
        SummaryFormat::Groups => groups(report),
        SummaryFormat::Cases => cases(report),
        SummaryFormat::Table => table(report),
    };
    if format != SummaryFormat::Cases {
        out.push_str(&flaky(report));
    }
    out.push_str(&super::ending::ending(report, baseline));
    out
}

/// The largest groups shown with an example and its curl line; the others get a line each.
const IN_FULL: usize = 10;

/// The divergences grouped by cause (see [`super::groups`]), or nothing when there are none.
pub fn groups(report: &RunReport) -> String {
    let groups = super::groups::of(report);
    let mut out = String::new();
    if groups.is_empty() {
        return out;
    }
    let checks: usize = groups.iter().map(|g| g.checks).sum();
    let _ = writeln!(
        out,
        "swfcheck: {checks} divergent check(s) ({}) in {} group(s) by cause, largest first \
         (checks · cases · operations · kind of case, then the cause, an example and its reproduction):",
        counting_verdicts(report),
        groups.len()
    );
    for (i, g) in groups.iter().enumerate() {
        if i == IN_FULL {
            let _ = writeln!(
                out,
                "\nand {} smaller group(s), one line each (--format cases lists every check; -v every exchange):",
                groups.len() - IN_FULL
            );
        }
        if i >= IN_FULL {
            let _ = writeln!(
                out,
                "{:>5} checks · {} cases · {} · {}: {} (e.g. {})",
                g.checks,
                g.cases,
                g.scope(),
                g.kind,
                g.cause(),
                g.example
            );
            continue;
        }
        let _ = writeln!(
            out,
            "\n{:>5} checks · {} cases · {} · {}\n      {}\n      e.g. {}\n        expected: {}\n        got: {}\n      the whole case again, every exchange shown: {}",
            g.checks,
            g.cases,
            g.scope(),
            g.kind,
            g.cause(),
            g.example,
            g.example_expected,
            g.example_got,
            g.reproduce_case,
        );
        if let Some(curl) = &g.reproduce {
            let _ = writeln!(out, "      its failing exchange: {curl}");
        }
    }
    out.push('\n');
    out
}

/// The verdicts of the results that count, in the counts line's words and order
/// (`2547 fail, 305 of the 306 error`: an observe-level error that does not count is not a
/// divergence): the groups' total is their sum.
fn counting_verdicts(report: &RunReport) -> String {
    let parts: Vec<String> = Verdict::ALL
        .iter()
        .filter_map(|v| {
            let of = report.results.iter().filter(|r| r.verdict == *v);
            let total = of.clone().count();
            let counting = of.filter(|r| r.counts).count();
            match counting {
                0 => None,
                n if n == total => Some(format!("{n} {v}")),
                n => Some(format!("{n} of the {total} {v}")),
            }
        })
        .collect();
    parts.join(", ")
}

/// One line per result that did not pass.
pub fn cases(report: &RunReport) -> String {
    let mut out = String::new();
    for r in report.results.iter().filter(|r| r.verdict != Verdict::Pass) {
        let _ = writeln!(out, "{}", super::terminal::failure_line(r));
    }
    out
}

/// The table of verdict counts by operation and level; a verdict's column shows only when
/// some result has it (pass and fail always).
pub fn table(report: &RunReport) -> String {
    let mut rows: BTreeMap<(&str, Level), [usize; Verdict::ALL.len()]> = BTreeMap::new();
    let mut any = [false; Verdict::ALL.len()];
    for r in &report.results {
        let row = rows.entry((r.operation.as_str(), r.level)).or_default();
        let i = Verdict::ALL
            .iter()
            .position(|v| *v == r.verdict)
            .unwrap_or(0);
        row[i] += 1;
        any[i] = true;
    }
    let shown: Vec<usize> = (0..Verdict::ALL.len())
        .filter(|&i| i < 2 || any[i])
        .collect();
    let mut out = format!("{:<34} {:<8}", "operation", "level");
    for &i in &shown {
        let _ = write!(out, " {:>8}", column(Verdict::ALL[i]));
    }
    out.push('\n');
    for ((op, level), c) in &rows {
        let _ = write!(out, "{op:<34} {:<8}", level.as_str());
        for &i in &shown {
            let _ = write!(out, " {:>8}", c[i]);
        }
        out.push('\n');
    }
    out
}

fn column(v: Verdict) -> &'static str {
    match v {
        Verdict::NotImplemented => "not-impl",
        Verdict::SnapshotChanged => "changed",
        v => v.as_str(),
    }
}

/// A differential run's result: each case answered differently, with the diff of the two
/// answers (first endpoint `-`, second `+`), then one sentence.
pub fn compared(c: &crate::outcome::Compared) -> String {
    let mut out = String::new();
    for d in &c.differences {
        let _ = writeln!(out, "\nDIFFERS  {} ({})", d.case, d.operation);
        for line in d.diff.lines() {
            let _ = writeln!(out, "    {line}");
        }
    }
    let _ = writeln!(
        out,
        "swfcheck: --compare {}: {} of {} cases answered differently (after placeholders for run-specific values){}",
        c.endpoint,
        c.differences.len(),
        c.cases,
        if c.differences.is_empty() {
            "."
        } else {
            ": exit 1."
        }
    );
    out
}

/// The flaky checks (failed, then passed with a fresh setup), one line each; nothing
/// when there are none.
pub fn flaky(report: &RunReport) -> String {
    let flaky: Vec<_> = report
        .results
        .iter()
        .filter(|r| r.verdict == Verdict::Flaky)
        .collect();
    if flaky.is_empty() {
        return String::new();
    }
    let mut out = format!(
        "swfcheck: {} flaky check(s): failed, then passed with a fresh setup (not counted; --no-retry counts them):\n",
        flaky.len()
    );
    for r in flaky {
        out.push_str(&format!("  {}\n", super::terminal::failure_line(r)));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::outcome::result::fixtures;

    fn report(verdicts: &[(Verdict, Level)]) -> RunReport {
        let results = verdicts
            .iter()
            .enumerate()
            .map(|(i, &(v, l))| fixtures::result(&format!("c{i}"), v, l))
            .collect();
        fixtures::report(results)
    }

    #[test]
    fn a_column_shows_only_when_some_result_has_its_verdict() {
        let plain = table(&report(&[
            (Verdict::Pass, Level::Must),
            (Verdict::Fail, Level::Should),
        ]));
        assert!(!plain.contains("changed"), "{plain}");
        let changed = table(&report(&[
            (Verdict::Pass, Level::Must),
            (Verdict::SnapshotChanged, Level::Should),
        ]));
        assert!(
            changed.lines().next().unwrap_or("").ends_with(" changed"),
            "{changed}"
        );
    }

    #[test]
    fn observe_level_differences_are_noted_and_the_last_line_says_conformant() {
        let r = report(&[
            (Verdict::Pass, Level::Must),
            (Verdict::Fail, Level::Observe),
        ]);
        let text = render(&r, SummaryFormat::Groups);
        assert!(
            text.contains("2 checks: 1 pass, 0 fail, 1 noted (observe-level differences"),
            "{text}"
        );
        assert!(!text.contains("divergent check"), "{text}");
        assert_eq!(
            text.lines().last(),
            Some(
                "swfcheck: http://127.0.0.1:1/ is conformant: 0 must and 0 should divergences, 1 observe-level difference(s) noted."
            )
        );
        let cases = render(&r, SummaryFormat::Cases);
        assert!(cases.starts_with("NOTED    [observe] c1: "), "{cases}");
    }

    #[test]
    fn the_groups_total_breaks_down_into_the_counts_lines_verdicts() {
        let mut r = report(&[
            (Verdict::Fail, Level::Must),
            (Verdict::Error, Level::Must),
            (Verdict::Error, Level::Observe),
        ]);
        r.results[0].counts = true;
        r.results[1].counts = true;
        assert_eq!(counting_verdicts(&r), "1 fail, 1 of the 2 error");
    }

    #[test]
    fn the_last_line_counts_must_and_should_divergences() {
        let r = report(&[
            (Verdict::Fail, Level::Must),
            (Verdict::Fail, Level::Must),
            (Verdict::Fail, Level::Should),
        ]);
        let text = render(&r, SummaryFormat::Table);
        assert!(text.starts_with("operation "), "{text}");
        assert!(
            text.ends_with("is not conformant: 2 must and 1 should divergences.\n"),
            "{text}"
        );
    }
}
