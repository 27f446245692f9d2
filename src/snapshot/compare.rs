//! Differential runs (`run --compare URL2`): the same cases against two endpoints, and every
//! case whose two answers differ once the snapshot placeholders are in (run prefix, domain,
//! runIds, task tokens, timestamps, request ids), whatever the checks said of either.

use super::{content, diff, redact};
use crate::outcome::{CaseResult, Evidence};
use crate::outcome::{Compared, Difference, RunReport};
use std::collections::BTreeMap;

/// Compares two runs of the same cases: `first` against the first endpoint, `second` against
/// the one given to `--compare`. A case only one run has (an interrupted run) is not compared.
pub fn compare(
    first: &RunReport,
    second: &RunReport,
    domain: &str,
    secrets: &[String],
) -> Compared {
    let second_answers: BTreeMap<&str, (&str, Option<&Evidence>)> =
        answers(second).into_iter().collect();
    let mut differences = Vec::new();
    let mut cases = 0;
    for (case, (operation, a)) in answers(first) {
        let Some((_, b)) = second_answers.get(case) else {
            continue;
        };
        cases += 1;
        let text = |e: Option<&Evidence>, prefix: &str| match e {
            Some(e) => content(
                e,
                redact::Redaction {
                    prefix,
                    domain,
                    request_id: None,
                    secrets,
                },
            ),
            None => "response: none (the case's request was not sent)\n".to_owned(),
        };
        let (a, b) = (text(a, &first.prefix), text(*b, &second.prefix));
        if a != b {
            differences.push(Difference {
                case: case.to_owned(),
                operation: operation.to_owned(),
                diff: diff::unified(&a, &b, &first.endpoint, &second.endpoint),
                first: a,
                second: b,
            });
        }
    }
    Compared {
        endpoint: second.endpoint.clone(),
        cases,
        differences,
    }
}

/// Each case's operation and the exchange of its own request, in case order.
fn answers(report: &RunReport) -> Vec<(&str, (&str, Option<&Evidence>))> {
    let mut order: Vec<&str> = Vec::new();
    let mut by_case: BTreeMap<&str, (&str, Option<&Evidence>)> = BTreeMap::new();
    for r in &report.results {
        let case = case_of(r);
        let entry = by_case.entry(case).or_insert_with(|| {
            order.push(case);
            (r.operation.as_str(), None)
        });
        if entry.1.is_none() {
            entry.1 = r.evidence.as_deref();
        }
    }
    order
        .into_iter()
        .filter_map(|c| by_case.get(c).map(|v| (c, *v)))
        .collect()
}

fn case_of(r: &CaseResult) -> &str {
    if r.case_id.is_empty() {
        &r.id
    } else {
        &r.case_id
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cases::case::Level;
    use crate::outcome::Verdict;
    use crate::outcome::result::fixtures;
    use std::sync::Arc;

    fn run(prefix: &str, bodies: &[(&str, &str)]) -> RunReport {
        let results = bodies
            .iter()
            .map(|(id, body)| {
                let mut r = fixtures::result(id, Verdict::Pass, Level::Must);
                r.evidence = Some(Arc::new(Evidence {
                    status: Some(400),
                    response_body: body.to_string(),
                    ..Evidence::default()
                }));
                r
            })
            .collect();
        RunReport {
            prefix: prefix.into(),
            ..fixtures::report(results)
        }
    }

    #[test]
    fn only_answers_that_differ_after_the_placeholders_are_reported() {
        let a = run(
            "swfcheck-aaaaaaaa",
            &[
                (
                    "same",
                    r#"{"message": "Unknown execution, workflowId = swfcheck-aaaaaaaa-1"}"#,
                ),
                ("differs", r#"{"__type": "x#UnknownResourceFault"}"#),
            ],
        );
        let b = run(
            "swfcheck-bbbbbbbb",
            &[
                (
                    "same",
                    r#"{"message": "Unknown execution, workflowId = swfcheck-bbbbbbbb-1"}"#,
                ),
                ("differs", r#"{"__type": "x#ValidationException"}"#),
            ],
        );
        let c = compare(&a, &b, "d", &[]);
        assert_eq!(c.cases, 2);
        let cases: Vec<&str> = c.differences.iter().map(|d| d.case.as_str()).collect();
        assert_eq!(cases, vec!["differs"]);
        assert!(
            c.differences[0]
                .diff
                .contains("+  \"__type\": \"x#ValidationException\""),
            "{}",
            c.differences[0].diff
        );
    }
}
