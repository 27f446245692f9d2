//! Baselines: the verdict a known endpoint gives for each check (e.g. moto 5.2.1).
//! A run against a baseline passes when its results match it, and lists what got
//! fixed and what newly broke.
//!
//! Snapshot results (`<case id>/snapshot`, with `--snapshots`) are ids like any other: a
//! baseline recorded with snapshots lists their verdicts, and a `snapshot-changed` that the
//! baseline does not list is newly broken.
//!
//! A verdict recorded as [`UNSTABLE`] matches any verdict: the check gave different verdicts
//! in two recordings of the same endpoint (moto answers some requests with a 500 only when
//! other requests run at the same time). `scripts/emulators/record-baseline.sh` records an
//! endpoint twice and marks the checks whose verdicts differ.
//!
//! A baseline also records the flags of the run that made it (those that decide which checks
//! run and how: `--jobs`, `--skip`, `--level`, ...), and whether that run went one case at a
//! time (`run::alone`): a run compared with it prints them, and says so when its own differ.

use crate::outcome::RunReport;
use crate::outcome::Verdict;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// A baseline file: result id → verdict.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Baseline {
    /// What the baseline describes (free text, e.g. "moto_server 5.2.1").
    pub endpoint: String,
    /// The flags of the run that recorded it, e.g. `["--jobs 1", "--skip 'paging/*'"]`
    /// (empty: the defaults; absent in baselines written before flags were kept).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub flags: Option<Vec<String>>,
    /// Whether the recording run went one case at a time, and why (`run::alone`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub one_at_a_time: Option<String>,
    /// The verdict of each result id.
    pub verdicts: BTreeMap<String, String>,
}

/// A baseline that cannot be read or written.
#[derive(Debug, thiserror::Error)]
pub enum BaselineError {
    /// I/O.
    #[error("cannot {action} baseline {path}: {source}")]
    Io {
        /// read or write.
        action: &'static str,
        /// The path.
        path: PathBuf,
        /// The error.
        source: std::io::Error,
    },
    /// Not a baseline file.
    #[error("{path} is not a baseline file: {source} (hint: write one with --write-baseline)")]
    Invalid {
        /// The path.
        path: PathBuf,
        /// The parse error.
        source: serde_json::Error,
    },
}

/// How a run compares with a baseline.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Comparison {
    /// Ids that pass now and did not in the baseline.
    pub fixed: Vec<String>,
    /// Ids whose verdict changed to something other than pass, or new ids that do not pass.
    pub broken: Vec<(String, String, String)>,
    /// Ids of the baseline that this run did not produce (filters, removed cases).
    pub missing: Vec<String>,
}

impl Baseline {
    /// The baseline of a run.
    pub fn of(report: &RunReport, endpoint: &str) -> Self {
        Baseline {
            endpoint: endpoint.to_owned(),
            flags: None,
            one_at_a_time: None,
            verdicts: report
                .results
                .iter()
                .map(|r| {
                    // A flaky result passed when run again: that is what a later run should give.
                    let v = match r.verdict {
                        Verdict::Flaky => Verdict::Pass,
                        v => v,
                    };
                    (r.id.clone(), v.as_str().to_owned())
                })
                .collect(),
        }
    }

    /// This baseline, made by a run with `flags` (which went one case at a time, and why).
    pub fn made_with(self, flags: Vec<String>, one_at_a_time: Option<String>) -> Self {
        Baseline {
            flags: Some(flags),
            one_at_a_time,
            ..self
        }
    }

    /// What the run that recorded this baseline was made with, and whether a run with
    /// `now` as its flags was made otherwise (verdicts may then differ for that reason).
    pub fn flags_note(&self, now: &[String]) -> String {
        let mut out = match &self.flags {
            None => "baseline: its flags were not recorded (a baseline from before they were kept: write it again to keep them)\n".to_owned(),
            Some(then) => {
                let mut out = format!("baseline: recorded with {}\n", flags_text(then));
                if sorted(then) != sorted(now) {
                    out.push_str(&format!(
                        "baseline: this run's flags differ ({}): verdicts that depend on them may differ too\n",
                        flags_text(now)
                    ));
                }
                out
            }
        };
        if let Some(why) = &self.one_at_a_time {
            out.push_str(&format!("baseline: when it was recorded, {why}\n"));
        }
        out
    }

    /// Reads a baseline file.
    pub fn read(path: &Path) -> Result<Self, BaselineError> {
        let text = std::fs::read_to_string(path).map_err(|source| BaselineError::Io {
            action: "read",
            path: path.to_owned(),
            source,
        })?;
        serde_json::from_str(&text).map_err(|source| BaselineError::Invalid {
            path: path.to_owned(),
            source,
        })
    }

    /// Writes it (sorted by id, so that diffs stay small).
    pub fn write(&self, path: &Path) -> Result<(), BaselineError> {
        let text = serde_json::to_string_pretty(self).unwrap_or_default() + "\n";
        std::fs::write(path, text).map_err(|source| BaselineError::Io {
            action: "write",
            path: path.to_owned(),
            source,
        })
    }

    /// Compares a run with this baseline (see [`same`] for the verdicts that match).
    pub fn compare(&self, report: &RunReport) -> Comparison {
        let mut c = Comparison::default();
        let mut seen = std::collections::BTreeSet::new();
        for r in &report.results {
            seen.insert(r.id.as_str());
            let now = r.verdict.as_str();
            match self.verdicts.get(&r.id) {
                Some(before) if same(before, r.verdict) => {}
                // Passed on its second try: the baseline's verdict may be either.
                _ if r.verdict == Verdict::Flaky => {}
                Some(_) if r.verdict == Verdict::Pass => c.fixed.push(r.id.clone()),
                Some(before) => c
                    .broken
                    .push((r.id.clone(), before.clone(), now.to_owned())),
                None if r.verdict == Verdict::Pass => {}
                None => c
                    .broken
                    .push((r.id.clone(), "absent".into(), now.to_owned())),
            }
        }
        c.missing = self
            .verdicts
            .keys()
            .filter(|k| !seen.contains(k.as_str()))
            .cloned()
            .collect();
        c
    }
}

impl Comparison {
    /// The comparison in words, for the terminal.
    pub fn render(&self) -> String {
        let mut out = String::new();
        for id in &self.fixed {
            out.push_str(&format!("baseline: FIXED   {id}\n"));
        }
        for (id, before, now) in &self.broken {
            out.push_str(&format!("baseline: BROKEN  {id}: {before} -> {now}\n"));
        }
        if !self.missing.is_empty() {
            out.push_str(&format!(
                "baseline: {} id(s) of the baseline not run\n",
                self.missing.len()
            ));
        }
        out.push_str(&format!(
            "baseline: {} fixed, {} newly broken\n",
            self.fixed.len(),
            self.broken.len()
        ));
        out
    }
}

/// Flags in words: as given, or `the default flags`.
pub fn flags_text(flags: &[String]) -> String {
    if flags.is_empty() {
        "the default flags".to_owned()
    } else {
        flags.join(" ")
    }
}

fn sorted(flags: &[String]) -> Vec<&String> {
    let mut v: Vec<&String> = flags.iter().collect();
    v.sort();
    v
}

/// The recorded verdict of a check that differed between two recordings of the endpoint:
/// it matches any verdict of a later run.
pub const UNSTABLE: &str = "unstable";

/// Whether a recorded verdict matches one of now. Baselines written before `noted` existed
/// say `fail` for an observe-level difference that did not count: it matches `noted`.
pub fn same(recorded: &str, now: Verdict) -> bool {
    recorded == UNSTABLE
        || recorded == now.as_str()
        || (recorded == "fail" && now == Verdict::Noted)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cases::case::Level;
    use crate::outcome::result::fixtures::report;

    fn result(id: &str, verdict: Verdict) -> crate::outcome::CaseResult {
        crate::outcome::result::fixtures::result(id, verdict, Level::Should)
    }

    #[test]
    fn a_baseline_that_says_fail_matches_noted_and_a_flaky_result_matches_anything() {
        let mut baseline = Baseline::of(&report(Vec::new()), "old");
        baseline.verdicts.insert("o".into(), "fail".into());
        baseline.verdicts.insert("f".into(), "pass".into());
        let flaky = report(vec![result("f", Verdict::Flaky)]);
        assert_eq!(Baseline::of(&flaky, "t").verdicts["f"], "pass");
        let noted = crate::outcome::result::fixtures::result("o", Verdict::Fail, Level::Observe);
        assert_eq!(noted.verdict, Verdict::Noted);
        let now = report(vec![noted, result("f", Verdict::Flaky)]);
        assert_eq!(baseline.compare(&now), Comparison::default());
        let now = report(vec![result("f", Verdict::Fail)]);
        assert_eq!(baseline.compare(&now).broken.len(), 1);
        baseline.verdicts.insert("f".into(), UNSTABLE.into());
        assert!(
            baseline.compare(&now).broken.is_empty(),
            "unstable matches a fail"
        );
    }

    #[test]
    fn a_baseline_keeps_its_flags_and_a_run_with_others_is_told() {
        let made = Baseline::of(&report(Vec::new()), "moto").made_with(
            vec!["--jobs 1".into(), "--skip 'x/*'".into()],
            Some("the run went one case at a time after 3 case(s)".into()),
        );
        let text = serde_json::to_string(&made).unwrap();
        let read: Baseline = serde_json::from_str(&text).unwrap();
        assert_eq!(read, made);
        let same = read.flags_note(&["--skip 'x/*'".into(), "--jobs 1".into()]);
        assert!(
            same.starts_with("baseline: recorded with --jobs 1 --skip 'x/*'\n"),
            "{same}"
        );
        assert!(!same.contains("differ"), "{same}");
        assert!(
            same.contains("baseline: when it was recorded, the run went one case at a time"),
            "{same}"
        );
        let other = read.flags_note(&[]);
        assert!(
            other.contains("this run's flags differ (the default flags)"),
            "{other}"
        );
        let old: Baseline = serde_json::from_str(r#"{"endpoint": "e", "verdicts": {}}"#).unwrap();
        assert!(old.flags_note(&[]).contains("were not recorded"));
        let plain = serde_json::to_string(&Baseline::of(&report(Vec::new()), "e")).unwrap();
        assert!(!plain.contains("flags"), "absent until known: {plain}");
    }

    #[test]
    fn snapshot_changes_are_compared_like_any_verdict() {
        let recorded = report(vec![
            result("a/snapshot", Verdict::SnapshotChanged),
            result("b/snapshot", Verdict::Pass),
        ]);
        let baseline = Baseline::of(&recorded, "test");
        assert_eq!(baseline.verdicts["a/snapshot"], "snapshot-changed");
        assert_eq!(baseline.compare(&recorded), Comparison::default());

        let now = report(vec![
            result("a/snapshot", Verdict::Pass),
            result("b/snapshot", Verdict::SnapshotChanged),
            result("c/snapshot", Verdict::SnapshotChanged),
        ]);
        let c = baseline.compare(&now);
        assert_eq!(c.fixed, vec!["a/snapshot".to_owned()]);
        assert_eq!(
            c.broken,
            vec![
                (
                    "b/snapshot".into(),
                    "pass".into(),
                    "snapshot-changed".into()
                ),
                (
                    "c/snapshot".into(),
                    "absent".into(),
                    "snapshot-changed".into()
                ),
            ]
        );
    }
}
