//! The JUnit XML report (`--report junit=PATH`): a testsuite per operation, a
//! testcase per check group; failures carry expected vs actual, the source the
//! check cites, and a curl reproduction. A changed snapshot is a failure whose
//! description holds the unified diff. A `noted` result (an observe-level difference) is
//! no failure: it passes, with a `swfcheck.verdict` property `noted` and the difference in
//! its system-out. A `flaky` result passes with its first, failing run as a `flakyFailure`.

use super::ReportError;
use crate::outcome::RunReport;
use crate::outcome::curl;
use crate::outcome::{CaseResult, Verdict};
use quick_junit::{
    NonSuccessKind, Property, Report, TestCase, TestCaseStatus, TestRerun, TestSuite,
};
use std::collections::BTreeMap;
use std::path::Path;

fn test_case(r: &CaseResult) -> TestCase {
    let mut status = match r.verdict {
        Verdict::Pass | Verdict::Noted | Verdict::Flaky => TestCaseStatus::success(),
        Verdict::Skipped => TestCaseStatus::skipped(),
        Verdict::Error => TestCaseStatus::non_success(NonSuccessKind::Error),
        Verdict::Fail | Verdict::NotImplemented | Verdict::SnapshotChanged => {
            TestCaseStatus::non_success(NonSuccessKind::Failure)
        }
    };
    let message = format!(
        "[{}] {}: expected {}; {}",
        r.level, r.verdict, r.expected, r.actual
    );
    let evidence = match r.verdict {
        Verdict::Flaky => r.first_attempt.as_ref(),
        _ => r.evidence.as_ref(),
    };
    let mut description = format!(
        "source: {}\nexpected: {}\nactual: {}\n",
        r.source, r.expected, r.actual
    );
    if let Some(e) = evidence {
        description.push_str(&format!("reproduce: {}\n", curl::command(e)));
    }
    match r.verdict {
        Verdict::Pass | Verdict::Noted => {}
        Verdict::Flaky => {
            let mut rerun = TestRerun::new(NonSuccessKind::Failure);
            rerun
                .set_message(message)
                .set_description(description.clone());
            rerun.set_type("flaky");
            status.add_rerun(rerun);
        }
        _ => {
            status.set_message(message);
            status.set_description(description.clone());
            status.set_type(r.verdict.as_str());
        }
    }
    let mut case = TestCase::new(r.id.as_str(), status);
    case.set_classname(format!("swfcheck.{}.{}", r.operation, r.level));
    if matches!(r.verdict, Verdict::Noted | Verdict::Flaky) {
        case.properties
            .push(Property::new("swfcheck.verdict", r.verdict.as_str()));
        case.set_system_out(description);
    }
    case
}

/// The report as JUnit XML.
pub fn render(report: &RunReport) -> Result<String, quick_junit::SerializeError> {
    let mut by_operation: BTreeMap<&str, Vec<&CaseResult>> = BTreeMap::new();
    for r in &report.results {
        by_operation
            .entry(r.operation.as_str())
            .or_default()
            .push(r);
    }
    let mut junit = Report::new("swfcheck");
    for (operation, results) in by_operation {
        let mut suite = TestSuite::new(operation);
        suite.add_test_cases(results.into_iter().map(test_case));
        junit.add_test_suite(suite);
    }
    junit.to_string()
}

/// Writes the report to `path`.
pub fn write(report: &RunReport, path: &Path) -> Result<(), ReportError> {
    let io_err = |source| ReportError::Write {
        format: "junit",
        path: path.to_owned(),
        source,
    };
    let xml = render(report).map_err(|e| io_err(std::io::Error::other(e.to_string())))?;
    std::fs::write(path, xml).map_err(io_err)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cases::case::Level;
    use crate::outcome::result::fixtures;

    #[test]
    fn an_observe_level_difference_is_a_noted_property_not_a_failure() {
        let noted = fixtures::result("o", Verdict::Fail, Level::Observe);
        assert_eq!(noted.verdict, Verdict::Noted);
        let failing = fixtures::result("m", Verdict::Fail, Level::Must);
        let xml = render(&fixtures::report(vec![noted, failing])).unwrap();
        assert_eq!(xml.matches("<failure").count(), 1, "{xml}");
        assert!(
            xml.contains("<property name=\"swfcheck.verdict\" value=\"noted\"/>"),
            "{xml}"
        );
        assert!(
            xml.contains("<system-out>source: s\nexpected: status 400"),
            "{xml}"
        );
    }
}
