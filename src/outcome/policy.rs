//! The verdict policy, in one place: how much a check counts ([`Level`]), when a result
//! makes a run not conformant, what `--strict` changes, and the exit status. The runner,
//! the reports and the CLI read these; none decides them itself.

pub use super::level::Level;
use super::result::{CaseResult, Verdict};

/// Whether a result decides that the run is not conformant: a must or should check that
/// did not pass, or an answer that is never documented (a 5xx, HTML, no answer) at any level.
pub fn counts(level: Level, verdict: Verdict, broken_answer: bool) -> bool {
    verdict != Verdict::Pass && (level != Level::Observe || broken_answer)
}

impl Verdict {
    /// The verdict a check's outcome is reported with: an observe-level `fail` that does not
    /// count (the answer was a documented kind, only an undocumented detail differs) is
    /// `noted`; everything else is unchanged.
    pub fn at_level(self, level: Level, counts: bool) -> Verdict {
        if self == Verdict::Fail && level == Level::Observe && !counts {
            Verdict::Noted
        } else {
            self
        }
    }
}

/// `--strict`: observe-level differences count too (`noted` becomes `fail`, and every
/// result other than a pass or a flaky one counts).
pub fn make_strict(results: &mut [CaseResult]) {
    for r in results {
        if r.verdict == Verdict::Noted {
            r.verdict = Verdict::Fail;
        }
        r.counts |= !matches!(r.verdict, Verdict::Pass | Verdict::Flaky);
    }
}

/// Whether a run of `results` is conformant: it ran to its end and no result counts.
pub fn conformant(results: &[CaseResult], interrupted: bool) -> bool {
    !interrupted && !results.iter().any(|r| r.counts)
}

/// The exit status of a run: 2 it could not happen to its end (interrupted, or stopped
/// because every case erred); otherwise
/// 0 when `ok` (conformant, or matching its baseline) and no `--compare` difference, else 1.
pub fn exit_status(interrupted: bool, ok: bool, compare_differs: bool) -> u8 {
    if interrupted {
        2
    } else if ok && !compare_differs {
        0
    } else {
        1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
        let mut r = vec![crate::outcome::result::fixtures::result(
            "o",
            Verdict::Fail,
            Level::Observe,
        )];
        assert_eq!(r[0].verdict, Verdict::Noted);
        assert!(conformant(&r, false));
        make_strict(&mut r);
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
}
