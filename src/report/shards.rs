//! `swfcheck merge`: the JSON reports of the shards of one suite become one report.

use crate::outcome::RunReport;
use std::collections::BTreeMap;

/// Shards that cannot be merged.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum MergeError {
    /// Nothing to merge.
    #[error("no report to merge (hint: swfcheck merge shard-1.json shard-2.json ...)")]
    Empty,
    /// Two reports hold the same result: they are not disjoint shards.
    #[error(
        "result {id} is in {first} and in {second}: these are not disjoint shards of one suite"
    )]
    Overlap {
        /// The result id.
        id: String,
        /// The first report holding it.
        first: String,
        /// The second.
        second: String,
    },
}

/// Merges `(name, report)` pairs: results concatenated in the order given, the
/// earliest start, interrupted if any shard was, cleanup counts summed.
pub fn merge(reports: Vec<(String, RunReport)>) -> Result<RunReport, MergeError> {
    let mut seen = BTreeMap::<String, String>::new();
    let mut iter = reports.into_iter();
    let (first_name, mut merged) = iter.next().ok_or(MergeError::Empty)?;
    for r in &merged.results {
        seen.insert(r.id.clone(), first_name.clone());
    }
    for (name, report) in iter {
        for r in &report.results {
            if let Some(first) = seen.insert(r.id.clone(), name.clone()) {
                return Err(MergeError::Overlap {
                    id: r.id.clone(),
                    first,
                    second: name,
                });
            }
        }
        if report.started < merged.started {
            merged.started = report.started;
        }
        if report.endpoint != merged.endpoint && !merged.endpoint.contains(&report.endpoint) {
            merged.endpoint = format!("{}, {}", merged.endpoint, report.endpoint);
        }
        merged.interrupted |= report.interrupted;
        if merged.aborted.is_none() {
            merged.aborted = report.aborted.clone();
        }
        merged.cleaned_up += report.cleaned_up;
        merged.cleanup_errors.extend(report.cleanup_errors);
        merged.notes.extend(report.notes);
        merged.results.extend(report.results);
    }
    Ok(merged)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cases::case::Level;
    use crate::outcome::Verdict;
    use crate::outcome::result::fixtures;

    fn report(started: &str, ids: &[&str], verdict: Verdict) -> RunReport {
        let results = ids
            .iter()
            .map(|id| fixtures::result(id, verdict, Level::Must))
            .collect();
        RunReport {
            started: started.into(),
            cleaned_up: 1,
            ..fixtures::report(results)
        }
    }

    #[test]
    fn merges_disjoint_shards() {
        let a = report("2026-01-02T00:00:00Z", &["a", "b"], Verdict::Pass);
        let b = report("2026-01-01T00:00:00Z", &["c"], Verdict::Fail);
        let m = merge(vec![("a".into(), a), ("b".into(), b)]).unwrap();
        assert_eq!(m.results.len(), 3);
        assert_eq!(m.started, "2026-01-01T00:00:00Z");
        assert_eq!(m.cleaned_up, 2);
        assert!(!m.conformant());
    }

    #[test]
    fn refuses_overlapping_shards_and_nothing() {
        let a = report("t", &["a", "b"], Verdict::Pass);
        let b = report("t", &["b"], Verdict::Pass);
        let e = merge(vec![("1.json".into(), a), ("2.json".into(), b)]).unwrap_err();
        assert!(
            e.to_string()
                .contains("result b is in 1.json and in 2.json"),
            "{e}"
        );
        assert_eq!(merge(Vec::new()).unwrap_err(), MergeError::Empty);
    }
}
