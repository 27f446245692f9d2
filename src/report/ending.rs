//! The last lines of a run: what the run found at its start and did about it, the counts
//! of each verdict (each one other than pass and fail explained once), the baseline's
//! comparison, the one sentence that says whether the endpoint is conformant (or matches
//! its baseline, which is what then decides the exit status), and what cleanup did.

use crate::cases::case::Level;
use crate::outcome::baseline::Comparison;
use crate::outcome::{RunReport, Verdict};

/// The end of a run after its groups (or `--format`'s block): notes, counts, the
/// baseline's comparison when there is one, the conclusion and cleanup.
pub fn ending(report: &RunReport, baseline: Option<&Comparison>) -> String {
    let mut out = notes(report);
    out.push_str(&totals(report));
    if let Some(c) = baseline {
        out.push_str(&c.render());
    }
    out.push_str(&conclusion_against(report, baseline));
    out.push_str(&cleanup(report));
    out
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
    format!("swfcheck: {} {}.\n", report.endpoint, judgement(report))
}

/// The conclusion of a run held against a baseline: whether it matches (what decides its
/// exit status), then what it is on its own. Without a baseline, [`conclusion`].
pub fn conclusion_against(report: &RunReport, baseline: Option<&Comparison>) -> String {
    let Some(c) = baseline.filter(|_| !report.interrupted && report.aborted.is_none()) else {
        return conclusion(report);
    };
    let (verb, broken) = match c.broken.len() {
        0 => ("matches", "0 newly broken".to_owned()),
        n => ("departs from", format!("{n} newly broken")),
    };
    format!(
        "swfcheck: {} {verb} its baseline: {broken}, {} fixed (on its own it {}).\n",
        report.endpoint,
        c.fixed.len(),
        judgement(report)
    )
}

/// `is conformant: ...`, `is not conformant: ...`, `was interrupted ...` or `could not be
/// judged: ...`: what the conclusion says of the endpoint.
fn judgement(report: &RunReport) -> String {
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
    if let Some(why) = &report.aborted {
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
    }
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
                cleanup_failures(&report.cleanup_errors)
            )
        }
    )
}

/// Failed cleanup calls in a few words: each kind of failure (its message with the names
/// and ids left out) once, with how many, the three most frequent; the JSON report keeps
/// each call's own message.
fn cleanup_failures(errors: &[String]) -> String {
    let mut kinds: Vec<(String, usize)> = Vec::new();
    for e in errors {
        let kind = crate::outcome::answered::normalise(e);
        match kinds.iter_mut().find(|(k, _)| *k == kind) {
            Some((_, n)) => *n += 1,
            None => kinds.push((kind, 1)),
        }
    }
    kinds.sort_by_key(|k| std::cmp::Reverse(k.1));
    let shown: Vec<String> = kinds
        .iter()
        .take(3)
        .map(|(k, n)| {
            if *n == 1 {
                k.clone()
            } else {
                format!("{n}× {k}")
            }
        })
        .collect();
    let more = kinds.len().saturating_sub(3);
    match more {
        0 => shown.join("; "),
        _ => format!(
            "{}; and {more} other kind(s) (--report json=PATH lists each)",
            shown.join("; ")
        ),
    }
}

/// What the run found at its start and did about it, a line each.
pub fn notes(report: &RunReport) -> String {
    report
        .notes
        .iter()
        .map(|n| format!("swfcheck: {n}\n"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::cleanup_failures;

    #[test]
    fn failed_cleanup_calls_are_counted_by_kind_not_listed_one_by_one() {
        let mut errors: Vec<String> = (0..1360)
            .map(|i| format!("TerminateWorkflowExecution swfcheck-0a1b2c3d-{i}: HTTP 500"))
            .collect();
        errors.push("DeprecateDomain swfcheck-0a1b2c3d-d: timeout".into());
        let text = cleanup_failures(&errors);
        assert_eq!(
            text,
            "1360× TerminateWorkflowExecution … HTTP 500; DeprecateDomain … timeout"
        );
        let many: Vec<String> = ["a", "b", "c", "d", "e"].map(String::from).to_vec();
        assert!(
            cleanup_failures(&many)
                .ends_with("; and 2 other kind(s) (--report json=PATH lists each)")
        );
    }
}
