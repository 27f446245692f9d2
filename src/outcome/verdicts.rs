//! The verdict pipeline: every change to a verdict, in one place and in this order.
//!
//! 1. **check results** ([`of_check`], [`of_stop`], [`not_run`]): a check group's
//!    evaluation (typed assertions, whether the answer was an answer) becomes `pass`,
//!    `fail`, `error` or `not-implemented`; a case stopped by a failing step, or never run,
//!    gives each of its groups `error`, `not-implemented` or `skipped`;
//! 2. **level** ([`counts`], [`Verdict::at_level`]): an observe-level `fail` of a documented
//!    kind of answer is `noted` and does not count; a 5xx, HTML or hang counts at any level;
//! 3. **retry** ([`retried`]): a case that failed, then passed when run once more with a
//!    fresh setup, is `flaky` and does not count (the runner decides whether to run it again);
//!    **alone** ([`alone`]): a case that did not pass beside other cases is judged by its run
//!    alone (the runner decides when: `run::alone`);
//! 4. **not implemented** ([`implemented_after_all`]): what the endpoint called not
//!    implemented, for an operation that answered a 2xx elsewhere in the run, is a `fail`;
//! 5. **strict** ([`strict`]): with `--strict`, `noted` becomes `fail` and counts;
//! 6. **snapshot** ([`of_snapshot`]): a case's answer against its accepted snapshot adds a
//!    `<case>/snapshot` result, `snapshot-changed` when it differs;
//! 7. **baseline** ([`super::baseline`]): with `--baseline`, what counts is a verdict that
//!    changed for the worse, not a divergence the baseline knows;
//! 8. **counts and exit code** ([`conformant`], [`exit_status`]).
//!
//! The runner calls stages 1-4 as cases end (the terminal shows verdicts as they come),
//! the CLI stages 5-8 once the run is over. No other module assigns a verdict: a new rule
//! about what counts is a stage here.

use super::assertion::{Actual, Assertion};
use super::baseline::{Baseline, Comparison};
use super::evaluation::{AnswerState, Evaluation};
use super::level::Level;
use super::render;
use super::result::{CaseResult, Cause, Subject, Verdict};
use super::run_report::RunReport;
use super::secrets;
use std::collections::BTreeSet;
use std::sync::Arc;

/// At most this many characters of an expected or actual text (a fault message may echo
/// a 32 KiB value; the evidence keeps the whole answer).
pub const TEXT_CAP: usize = 2048;

/// Whether a result decides that the run is not conformant: a must or should check that
/// did not pass, or an answer that is never documented (a 5xx, HTML, no answer) at any level.
pub fn counts(level: Level, verdict: Verdict, broken_answer: bool) -> bool {
    verdict != Verdict::Pass && (level != Level::Observe || broken_answer)
}

impl Verdict {
    /// Stage 2: the verdict a check's outcome is reported with: an observe-level `fail`
    /// that does not count (the answer was a documented kind, only an undocumented detail
    /// differs) is `noted`; everything else is unchanged.
    pub fn at_level(self, level: Level, counts: bool) -> Verdict {
        if self == Verdict::Fail && level == Level::Observe && !counts {
            Verdict::Noted
        } else {
            self
        }
    }
}

/// Stage 1 and 2: the result of one check group from its evaluation. `secrets` are
/// replaced in every text and value the result keeps.
pub fn of_check(subject: Subject, eval: &Evaluation, secrets: &[String]) -> CaseResult {
    let (verdict, broken) = match eval.state {
        _ if eval.missing.is_some() => (Verdict::NotImplemented, false),
        AnswerState::NoAnswer { timeout } => (Verdict::Error, timeout),
        AnswerState::Broken => (Verdict::Fail, true),
        AnswerState::Documented if eval.holds() => (Verdict::Pass, false),
        AnswerState::Documented => (Verdict::Fail, false),
    };
    let failed: Vec<Assertion> = eval.failures().map(|a| redacted(a, secrets)).collect();
    let expected = eval
        .assertions
        .iter()
        .map(render::expected)
        .collect::<Vec<_>>()
        .join("; ");
    let actual = match (verdict, &eval.missing) {
        (Verdict::Pass, _) => eval.answered.line(),
        (Verdict::NotImplemented, Some(m)) => {
            format!("{} (not implemented: {m})", eval.answered.line())
        }
        _ => failed
            .iter()
            .map(|a| format!("{}: got {}", render::expected(a), render::found(a)))
            .collect::<Vec<_>>()
            .join("; "),
    };
    let counts = counts(subject.level, verdict, broken);
    let level = subject.level;
    let mut r = CaseResult::of(subject, verdict.at_level(level, counts));
    r.counts = counts;
    r.expected = text(&expected, secrets);
    r.actual = text(&actual, secrets);
    r.failed = failed;
    r.answered = Some(Arc::new(eval.answered.clone()));
    r
}

/// A case's step that stopped it: its label, its evaluation, and why in words.
#[derive(Debug, Clone)]
pub struct Stop {
    /// The step in words: `setup open: StartWorkflowExecution`, `step 2 (SignalWorkflowExecution)`.
    pub label: String,
    /// Why it stopped the case, in words (secrets not yet replaced).
    pub why: String,
    /// The step's evaluation, when its answer was evaluated (none when no request was sent).
    pub evaluation: Option<Evaluation>,
}

/// Stage 1 for a case a step stopped: each check group behind it is an `error` (its checks
/// were never reached), or `not-implemented` when the step's answer says the endpoint lacks
/// what it asked for; the step's failed assertions and answer are the result's.
pub fn of_stop(subject: Subject, stop: &Stop, secrets: &[String]) -> CaseResult {
    let eval = stop.evaluation.as_ref();
    let missing = eval.and_then(|e| e.missing.clone());
    let verdict = match missing {
        Some(_) => Verdict::NotImplemented,
        None => Verdict::Error,
    };
    // What the endpoint lacks counts as a must or should check would, not as a 5xx.
    let broken = verdict != Verdict::NotImplemented
        && eval.is_some_and(|e| {
            matches!(
                e.state,
                AnswerState::Broken | AnswerState::NoAnswer { timeout: true }
            )
        });
    let counts = counts(subject.level, verdict, broken);
    let level = subject.level;
    let mut r = CaseResult::of(subject, verdict.at_level(level, counts));
    r.counts = counts;
    r.expected = "the case's setup and steps to get their answers".into();
    r.actual = text(&stop.why, secrets);
    if let Some(e) = eval {
        r.failed = e.failures().map(|a| redacted(a, secrets)).collect();
        r.answered = Some(Arc::new(e.answered.clone()));
    }
    r
}

/// Why a case's checks were not judged, though it was selected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotRun {
    /// The run was interrupted before the case ran: `skipped`.
    Interrupted,
    /// The case could not be planned (a template names no known value): `error`.
    Unplannable,
}

/// Stage 1 for a case that did not run.
pub fn not_run(subject: Subject, why: &str, reason: NotRun) -> CaseResult {
    let verdict = match reason {
        NotRun::Interrupted => Verdict::Skipped,
        NotRun::Unplannable => Verdict::Error,
    };
    let mut r = CaseResult::of(subject, verdict);
    r.counts = true;
    r.expected = match reason {
        NotRun::Interrupted => "to run".into(),
        NotRun::Unplannable => "the case's setup and steps to get their answers".into(),
    };
    r.actual = why.to_owned();
    r
}

/// Stage 3: a case's first results and those of its retry: the first ones when the retry
/// failed too (a real failure, reported as first seen); otherwise every result that
/// counted becomes `flaky`, with the failing exchange as its first attempt and the passing
/// one as evidence.
pub fn retried(first: Vec<CaseResult>, second: Vec<CaseResult>) -> Vec<CaseResult> {
    if second.iter().any(|r| r.counts) {
        return first;
    }
    first
        .into_iter()
        .map(|mut r| {
            if r.counts {
                let then = second.iter().find(|s| s.id == r.id);
                r.verdict = Verdict::Flaky;
                r.counts = false;
                r.first_attempt = r.evidence.take();
                r.evidence = then.and_then(|s| s.evidence.clone());
                r.actual = format!(
                    "first attempt: {}; run again with a fresh setup: {}",
                    r.actual,
                    then.map_or("", |s| s.actual.as_str())
                );
            }
            r
        })
        .collect()
}

/// Stage 3, alone: a case that did not pass beside other cases (`beside`), run again with
/// no other case working (`alone`). An endpoint that is not thread-safe answers differently
/// beside others; what it does alone is what every run of it gives, so the verdicts alone
/// are the case's, unless the run was interrupted meanwhile. Also whether any verdict
/// differs between the two.
pub fn alone(beside: Vec<CaseResult>, alone: Vec<CaseResult>) -> (Vec<CaseResult>, bool) {
    if alone.is_empty() || alone.iter().any(|r| r.verdict == Verdict::Skipped) {
        return (beside, false);
    }
    let changed = beside.len() != alone.len()
        || beside
            .iter()
            .zip(&alone)
            .any(|(b, a)| b.id != a.id || b.verdict != a.verdict);
    (alone, changed)
}

/// Stage 4: not implemented is a property of an operation (or a decision type), not of
/// one case: a result the endpoint called not implemented, for an operation that answered
/// a 2xx elsewhere in the run (`worked`), is a departure of an operation that works (the
/// long X-Amz-Target refused, say): a fail.
pub fn implemented_after_all(results: &mut [CaseResult], worked: &BTreeSet<String>) {
    for r in results.iter_mut() {
        let missing = r.cause.as_ref().and_then(|c| c.missing.clone());
        let Some(missing) =
            missing.filter(|m| r.verdict == Verdict::NotImplemented && worked.contains(m))
        else {
            continue;
        };
        r.verdict = Verdict::Fail.at_level(r.level, true);
        r.counts = true;
        r.actual = format!(
            "{} — yet {missing} answered a 2xx elsewhere in this run: it is implemented, this request departs",
            r.actual
        );
        if let Some(c) = &r.cause {
            r.cause = Some(Arc::new(Cause {
                missing: None,
                ..(**c).clone()
            }));
        }
    }
}

/// Stage 5, `--strict`: observe-level differences count too (`noted` becomes `fail`, and
/// every result other than a pass or a flaky one counts).
pub fn strict(results: &mut [CaseResult]) {
    for r in results {
        if r.verdict == Verdict::Noted {
            r.verdict = Verdict::Fail;
        }
        r.counts |= !matches!(r.verdict, Verdict::Pass | Verdict::Flaky);
    }
}

/// What comparing a case's answer with its accepted snapshot found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SnapshotFinding {
    /// The case's request was not sent: nothing to compare.
    NoResponse,
    /// The same as the accepted snapshot.
    Matched,
    /// Accepted (`--update`): written to this file.
    Accepted(String),
    /// Different from the accepted snapshot (`accepted: true`) or none accepted yet; the
    /// text says where the new one is and holds the unified diff.
    Changed {
        /// Whether an accepted snapshot exists.
        accepted: bool,
        /// The difference in words, with the unified diff.
        text: String,
    },
}

/// Stage 6: the `<case>/snapshot` result of one case.
pub fn of_snapshot(subject: Subject, finding: &SnapshotFinding) -> CaseResult {
    let verdict = match finding {
        SnapshotFinding::NoResponse => Verdict::Skipped,
        SnapshotFinding::Matched | SnapshotFinding::Accepted(_) => Verdict::Pass,
        SnapshotFinding::Changed { .. } => Verdict::SnapshotChanged,
    };
    let mut r = CaseResult::of(subject, verdict);
    r.counts = verdict == Verdict::SnapshotChanged;
    r.actual = match finding {
        SnapshotFinding::NoResponse => {
            "no response to snapshot: the case's request was not sent".into()
        }
        SnapshotFinding::Matched => "the same as the accepted snapshot".into(),
        SnapshotFinding::Accepted(path) => format!("accepted: written to {path}"),
        SnapshotFinding::Changed { text, .. } => text.clone(),
    };
    r
}

/// What the end of the pipeline decided of a run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conclusion {
    /// With `--baseline`: how the run compares with it.
    pub comparison: Option<Comparison>,
    /// Whether the run is conformant (every must and should check passed, it ran to its end).
    pub conformant: bool,
    /// The exit status.
    pub exit: u8,
}

/// Stages 5 to 8, once a run is over: `--strict`, the snapshots (`snapshots` compares the
/// answers with the accepted ones and adds their results, through [`of_snapshot`]), the
/// baseline, and the exit status (with `compare_differs`: a `--compare` difference).
pub fn finish<E>(
    report: &mut RunReport,
    strict_too: bool,
    snapshots: impl FnOnce(&mut RunReport) -> Result<(), E>,
    baseline: Option<&Baseline>,
    compare_differs: bool,
) -> Result<Conclusion, E> {
    if strict_too {
        strict(&mut report.results);
    }
    snapshots(report)?;
    let comparison = baseline.map(|b| b.compare(report));
    let conformant = report.conformant();
    let ok = match &comparison {
        Some(c) => c.broken.is_empty(),
        None => conformant,
    };
    let stopped = report.interrupted || report.aborted.is_some();
    Ok(Conclusion {
        comparison,
        conformant,
        exit: exit_status(stopped, ok, compare_differs),
    })
}

/// A result read back from a JSON report keeps its recorded verdict, except that reports
/// written before `noted` existed said `fail` for an observe-level difference that did not
/// count, which reads as `noted`.
pub fn read_back(r: &mut CaseResult) {
    r.verdict = r.verdict.at_level(r.level, r.counts);
}

/// Stage 8: whether a run of `results` is conformant: it ran to its end and no result counts.
pub fn conformant(results: &[CaseResult], interrupted: bool) -> bool {
    !interrupted && !results.iter().any(|r| r.counts)
}

/// Stage 8: the exit status of a run: 2 it could not happen to its end (interrupted, or
/// stopped because every case erred); otherwise 0 when `ok` (conformant, or matching its
/// baseline) and no `--compare` difference, else 1.
pub fn exit_status(interrupted: bool, ok: bool, compare_differs: bool) -> u8 {
    if interrupted {
        2
    } else if ok && !compare_differs {
        0
    } else {
        1
    }
}

/// `text` with the secrets replaced, cut to [`TEXT_CAP`] characters.
fn text(text: &str, secrets: &[String]) -> String {
    cap(secrets::text(text, secrets))
}

/// An assertion with the secrets replaced in what it found and expected.
fn redacted(a: &Assertion, secret_values: &[String]) -> Assertion {
    if secret_values.is_empty() {
        return a.clone();
    }
    let mut a = a.clone();
    if let Some(actual) = &mut a.actual {
        match actual {
            Actual::Value(v) => secrets::json(v, secret_values),
            Actual::Unread(s) => *s = secrets::text(s, secret_values),
            Actual::Departures(d) => {
                for s in d.iter_mut() {
                    *s = secrets::text(s, secret_values);
                }
            }
            Actual::Bytes { start, .. } => *start = secrets::text(start, secret_values),
            Actual::Missing => {}
        }
    }
    a
}

/// `text` cut to [`TEXT_CAP`] characters, saying how much was left out.
fn cap(text: String) -> String {
    match text.char_indices().nth(TEXT_CAP) {
        Some((at, _)) => {
            let left = text[at..].chars().count();
            format!("{}… ({left} more characters)", &text[..at])
        }
        None => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::outcome::result::fixtures;

    #[test]
    fn observe_counts_only_for_a_broken_answer() {
        assert!(!counts(Level::Observe, Verdict::Fail, false));
        assert!(counts(Level::Observe, Verdict::Fail, true));
        assert!(counts(Level::Should, Verdict::Fail, false));
        assert!(!counts(Level::Must, Verdict::Pass, false));
        assert_eq!(
            Verdict::Fail.at_level(Level::Observe, false),
            Verdict::Noted
        );
        assert_eq!(Verdict::Fail.at_level(Level::Observe, true), Verdict::Fail);
    }

    #[test]
    fn strict_turns_noted_into_counting_failures() {
        let mut r = vec![fixtures::result("o", Verdict::Fail, Level::Observe)];
        assert_eq!(r[0].verdict, Verdict::Noted);
        assert!(conformant(&r, false));
        strict(&mut r);
        assert_eq!(r[0].verdict, Verdict::Fail);
        assert!(!conformant(&r, false));
        assert!(!conformant(&[], true));
    }

    #[test]
    fn exit_status_two_one_zero() {
        assert_eq!(exit_status(true, true, false), 2);
        assert_eq!(exit_status(false, false, false), 1);
        assert_eq!(exit_status(false, true, true), 1);
        assert_eq!(exit_status(false, true, false), 0);
    }

    #[test]
    fn alone_the_verdicts_alone_count_unless_interrupted() {
        let r = |v| fixtures::result("c", v, Level::Must);
        let (kept, changed) = alone(vec![r(Verdict::Fail)], vec![r(Verdict::Pass)]);
        assert!(changed && kept[0].verdict == Verdict::Pass);
        let (kept, changed) = alone(vec![r(Verdict::Fail)], vec![r(Verdict::Fail)]);
        assert!(!changed && kept[0].verdict == Verdict::Fail);
        let (kept, changed) = alone(vec![r(Verdict::Fail)], vec![r(Verdict::Skipped)]);
        assert!(
            !changed && kept[0].verdict == Verdict::Fail,
            "interrupted alone"
        );
    }

    #[test]
    fn long_texts_are_cut_on_a_character_boundary() {
        assert_eq!(cap("short".into()), "short");
        let long = "é".repeat(TEXT_CAP + 10);
        let cut = cap(long);
        assert!(cut.starts_with(&"é".repeat(TEXT_CAP)));
        assert!(cut.ends_with("… (10 more characters)"), "{cut}");
    }
}
