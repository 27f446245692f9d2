//! The JUnit XML report (`--report junit=PATH`): a testsuite per operation, a
//! testcase per check group; failures carry expected vs actual, the source the
//! check cites, and a curl reproduction. A changed snapshot is a failure whose
//! description holds the unified diff.

use super::{ReportError, curl};
use crate::check::{CaseResult, Verdict};
use crate::run::RunReport;
use quick_junit::{NonSuccessKind, Report, TestCase, TestCaseStatus, TestSuite};
use std::collections::BTreeMap;
use std::path::Path;

fn test_case(r: &CaseResult) -> TestCase {
    let mut status = match r.verdict {
        Verdict::Pass => TestCaseStatus::success(),
        Verdict::Skipped => TestCaseStatus::skipped(),
        Verdict::Error => TestCaseStatus::non_success(NonSuccessKind::Error),
        Verdict::Fail | Verdict::NotImplemented | Verdict::SnapshotChanged => {
            TestCaseStatus::non_success(NonSuccessKind::Failure)
        }
    };
    if r.verdict != Verdict::Pass {
        status.set_message(format!(
            "[{}] {}: expected {}; {}",
            r.level, r.verdict, r.expected, r.actual
        ));
        let mut description = format!(
            "source: {}\nexpected: {}\nactual: {}\n",
            r.source, r.expected, r.actual
        );
        if let Some(e) = &r.evidence {
            description.push_str(&format!("reproduce: {}\n", curl::command(e)));
        }
        status.set_description(description);
        status.set_type(r.verdict.as_str());
    }
    let mut case = TestCase::new(r.id.as_str(), status);
    case.set_classname(format!("swfcheck.{}.{}", r.operation, r.level));
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
