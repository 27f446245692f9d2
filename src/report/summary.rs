//! The end of a run on the terminal: the divergences grouped by cause (default), one line
//! per failing check, or the operation × level table; then the counts and one sentence
//! that says whether the endpoint is conformant.

use crate::cases::case::Level;
use crate::outcome::RunReport;
use crate::outcome::Verdict;
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
    let mut out = match format {
        SummaryFormat::Groups => groups(report),
        SummaryFormat::Cases => cases(report),
        SummaryFormat::Table => table(report),
    };
    if format != SummaryFormat::Cases {
        out.push_str(&flaky(report));
    }
    out.push_str(&notes(report));
    out.push_str(&totals(report));
    out.push_str(&conclusion(report));
    out.push_str(&cleanup(report));
    out
}

/// What the run found at its start and did about it, a line each.
pub fn notes(report: &RunReport) -> String {
    report
        .notes
        .iter()
        .map(|n| format!("swfcheck: {n}\n"))
        .collect()
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
        "swfcheck: {checks} divergent check(s) in {} group(s) by cause, largest first \
         (checks · cases · operations · kind of case, then the cause, an example and its reproduction):",
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

/// What each verdict means, said once on the counts line.
fn meaning(v: Verdict) -> &'static str {
    match v {
        Verdict::Pass => "",
        Verdict::Fail => "",
        Verdict::Noted => " (observe-level differences: recorded, never fail a run)",
        Verdict::Flaky => " (failed, then passed with a fresh setup)",
        Verdict::NotImplemented => " (UnknownOperationException)",
        Verdict::Error => " (no usable answer, or the setup failed)",
        Verdict::Skipped => " (not run)",
        Verdict::SnapshotChanged => " (differ from the accepted snapshot)",
    }
}

/// `swfcheck: 3467 checks: 3456 pass, 11 noted (...)`: pass and fail always, other verdicts when some result has them.
pub fn totals(report: &RunReport) -> String {
    let counts = super::json::summary(report);
    let parts: Vec<String> = Verdict::ALL
        .iter()
        .filter(|v| matches!(v, Verdict::Pass | Verdict::Fail) || counts[v.as_str()] > 0)
        .map(|v| format!("{} {v}{}", counts[v.as_str()], meaning(*v)))
        .collect();
    format!(
        "swfcheck: {} checks: {}\n",
        report.results.len(),
        parts.join(", ")
    )
}

/// One sentence: whether the endpoint is conformant and why not, in the terms of the
/// counts line: must and should divergences (failed checks), checks an error kept from
/// being judged, operations the endpoint does not implement.
pub fn conclusion(report: &RunReport) -> String {
    let failed = |level: Level| {
        report
            .results
            .iter()
            .filter(|r| {
                r.counts
                    && r.level == level
                    && matches!(r.verdict, Verdict::Fail | Verdict::SnapshotChanged)
            })
            .count()
    };
    let (must, should, observe) = (
        failed(Level::Must),
        failed(Level::Should),
        failed(Level::Observe),
    );
    let of = |v: Verdict| report.results.iter().filter(|r| r.verdict == v).count();
    let noted = of(Verdict::Noted);
    let sentence = if let Some(why) = &report.aborted {
        format!("could not be judged: {why}")
    } else if report.interrupted {
        format!(
            "was interrupted before every case ran: not known to be conformant ({must} must and {should} should divergences so far)"
        )
    } else if report.conformant() {
        format!(
            "is conformant: 0 must and 0 should divergences{}",
            if noted > 0 {
                format!(", {noted} observe-level difference(s) noted")
            } else {
                String::new()
            }
        )
    } else {
        let mut parts = vec![format!("{must} must and {should} should divergences")];
        let errors = of(Verdict::Error);
        if errors > 0 {
            parts.push(format!(
                "{errors} check(s) not judged (an error before or instead of an answer)"
            ));
        }
        let missing = not_implemented(report);
        if !missing.is_empty() {
            let checks = of(Verdict::NotImplemented);
            parts.push(format!(
                "{} operation(s) not implemented ({checks} checks): {}",
                missing.len(),
                missing.join(", ")
            ));
        }
        if observe > 0 {
            parts.push(format!(
                "{observe} observe-level check(s) got an answer that is never documented (a 5xx, HTML, no answer)"
            ));
        }
        format!("is not conformant: {}", join_words(&parts))
    };
    format!("swfcheck: {} {sentence}.\n", report.endpoint)
}

/// The operations (or decision types) the run's not-implemented results name.
pub fn not_implemented(report: &RunReport) -> Vec<String> {
    let mut missing: Vec<String> = report
        .results
        .iter()
        .filter(|r| r.verdict == Verdict::NotImplemented)
        .filter_map(|r| r.cause.as_ref().and_then(|c| c.missing.clone()))
        .collect();
    missing.sort();
    missing.dedup();
    missing
}

/// `a`, `a, and b`, `a, b, and c` (the first part holds an "and" of its own).
fn join_words(parts: &[String]) -> String {
    match parts {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{}, and {last}", rest.join(", ")),
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

/// What cleanup did, when it did something.
pub fn cleanup(report: &RunReport) -> String {
    if report.cleaned_up == 0 && report.cleanup_errors.is_empty() {
        return String::new();
    }
    format!(
        "swfcheck: cleanup terminated or deprecated {} execution(s), domain(s) and type(s) the run left open{}\n",
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
    )
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
