//! Unit tests of the HTML report.

use super::results::abbreviate;
use super::traceability::*;
use super::*;
use crate::cases::case::Level;
use crate::outcome::Evidence;
use crate::outcome::result::fixtures;

fn result(id: &str, verdict: Verdict, level: Level, source: &str) -> CaseResult {
    CaseResult {
        source: source.into(),
        category: Some("boundaries".into()),
        ..fixtures::result(id, verdict, level)
    }
}

fn report(results: Vec<CaseResult>) -> RunReport {
    RunReport {
        endpoint: "http://127.0.0.1:5070/".into(),
        started: "2026-11-25T05:00:00Z".into(),
        ..fixtures::report(results)
    }
}

#[test]
fn escape_neutralises_markup_and_quotes() {
    assert_eq!(
        escape(r#"<script>alert("x" + 'y') & more</script>"#),
        "&lt;script&gt;alert(&quot;x&quot; + &#39;y&#39;) &amp; more&lt;/script&gt;"
    );
    assert_eq!(escape("plain é"), "plain é");
}

#[test]
fn long_texts_keep_their_start_and_end() {
    assert_eq!(abbreviate("short", 10), "short");
    let slightly_long = "x".repeat(72);
    assert_eq!(abbreviate(&slightly_long, 48), slightly_long);
    let long = format!("{}{}", "d".repeat(300), "é at the end");
    let shown = abbreviate(&long, 48);
    assert!(shown.starts_with(&"d".repeat(30)));
    assert!(shown.ends_with("é at the end"), "{shown}");
    assert!(shown.contains("[264 characters not shown]"), "{shown}");
}

#[test]
fn anchors_are_safe_and_distinct() {
    assert_eq!(anchor("rcwe/domain/len-257"), "r-rcwe/domain/len-257");
    assert_eq!(anchor("a b\"<"), "r-a_20b_22_3C");
    assert_ne!(anchor("a_b"), anchor("a b"));
    assert_ne!(anchor("a_20"), anchor("a "));
}

#[test]
fn seed_splits_into_sentences_without_headings() {
    let s = sentences(SEED);
    let texts: Vec<&str> = s.iter().map(|s| s.text.as_str()).collect();
    assert!(texts.contains(
        &"This logically requests the cancellation of the workflow execution as a whole."
    ));
    // Headings and the title are not sentences.
    for heading in ["Note", "domain", "Errors", "See Also", "Request Parameters"] {
        assert!(!texts.contains(&heading), "{heading}");
    }
    assert!(
        !texts
            .iter()
            .any(|t| t.contains("Amazon Simple Workflow Service"))
    );
    // "Length Constraints: Minimum length of 1. Maximum length of 256." is two sentences,
    // in the section of the parameter they describe.
    let max256: Vec<&Sentence> = s
        .iter()
        .filter(|s| s.text == "Maximum length of 256.")
        .collect();
    assert_eq!(max256.len(), 2);
    assert_eq!(max256[0].section.as_deref(), Some("domain"));
    assert_eq!(max256[1].section.as_deref(), Some("workflowId"));
    // Bullets lose their marker; code samples stay whole.
    assert!(
        texts.contains(&"Use an Action element to allow or deny permission to call this action.")
    );
    assert!(texts.iter().any(|t| t.starts_with("POST / HTTP/1.1 Host:")
        && t.ends_with("\"94861fda-a714-4126-95d7-55ba847da8ab\"}")));
    assert!(!texts.iter().any(|t| t.is_empty()));
}

#[test]
fn citations_are_the_quotes_after_seed() {
    assert_eq!(
        citations("SWF-WIRE.md §3: \"quoted\" but not the seed"),
        vec![]
    );
    let c = citations(
        r#"seed: domain, "Length Constraints: Minimum length of 1. Maximum length of 256."; "the parameter values fall outside the specified constraints, the action fails""#,
    );
    let fragments: Vec<(&str, Option<&str>)> = c
        .iter()
        .map(|c| (c.fragment.as_str(), c.section.as_deref()))
        .collect();
    assert_eq!(
        fragments,
        vec![
            ("Length Constraints: Minimum length of 1.", Some("domain")),
            ("Maximum length of 256.", Some("domain")),
            (
                "the parameter values fall outside the specified constraints, the action fails",
                None
            ),
        ]
    );
    let ellipsis = citations(
        r#"seed: "This logically requests the cancellation ... It is up to the decider to take appropriate actions" (the execution stays open)"#,
    );
    assert_eq!(ellipsis.len(), 2);
    assert_eq!(
        ellipsis[1].fragment,
        "It is up to the decider to take appropriate actions"
    );
    // An unclosed quote cites nothing.
    assert_eq!(citations("seed: \"unclosed"), vec![]);
}

#[test]
fn matching_normalises_whitespace_and_respects_sections() {
    assert!(cites(
        &normalise("the  action\n fails"),
        "If so, the action fails."
    ));
    assert!(!cites("the action succeeds", "If so, the action fails."));
    let s = sentences(SEED);
    let results = vec![
        result(
            "w/max",
            Verdict::Pass,
            Level::Must,
            r#"seed: workflowId, "Maximum length of 256.""#,
        ),
        result(
            "r/type",
            Verdict::Fail,
            Level::Must,
            r#"seed: runId "Type: String""#,
        ),
        result(
            "any/type",
            Verdict::Pass,
            Level::Must,
            r#"seed: the members are "Type: String""#,
        ),
        result(
            "bogus",
            Verdict::Pass,
            Level::Must,
            r#"seed: "No such sentence anywhere.""#,
        ),
        result("wire", Verdict::Pass, Level::Must, "SWF-WIRE.md §3"),
    ];
    let t = trace(&s, &results);
    let cited = |ri: usize| -> Vec<(Option<&str>, &str)> {
        s.iter()
            .zip(&t.cited_by)
            .filter(|(_, c)| c.contains(&ri))
            .map(|(s, _)| (s.section.as_deref(), s.text.as_str()))
            .collect()
    };
    assert_eq!(
        cited(0),
        vec![(Some("workflowId"), "Maximum length of 256.")]
    );
    assert_eq!(cited(1), vec![(Some("runId"), "Type: String")]);
    assert_eq!(
        cited(2).len(),
        3,
        "no section named: every parameter's Type line"
    );
    assert!(cited(3).is_empty() && cited(4).is_empty());
    assert_eq!(
        t.unmatched,
        vec![(3, "No such sentence anywhere.".to_owned())]
    );
}

#[test]
fn builtin_suite_citations_all_match_the_seed() {
    let s = sentences(SEED);
    let cases = crate::cases::file::builtin().expect("the built-in suite loads");
    let results: Vec<CaseResult> = cases
        .iter()
        .flat_map(|c| {
            c.checks.iter().map(|k| {
                result(
                    &k.id_in(&c.id),
                    Verdict::Pass,
                    Level::Must,
                    k.source_or(&c.source),
                )
            })
        })
        .collect();
    assert!(!results.is_empty());
    let t = trace(&s, &results);
    assert_eq!(
        t.unmatched,
        vec![],
        "citations of the built-in suite that match no sentence"
    );
}

#[test]
fn page_shows_matrix_results_and_traceability() {
    let mut failing = result(
        "t/<fail>",
        Verdict::Fail,
        Level::Must,
        r#"seed: domain, "Maximum length of 256.""#,
    );
    failing.evidence = Some(std::sync::Arc::new(Evidence {
        url: "http://127.0.0.1:5070/".into(),
        signed_region: Some("us-east-1".into()),
        request_headers: vec![("authorization".into(), "<redacted>".into())],
        request_body: r#"{"domain":"<b>"}"#.into(),
        status: Some(200),
        ..Evidence::default()
    }));
    let mut observed = result("t/observe", Verdict::Fail, Level::Observe, "s");
    observed.category = None;
    // Two more check groups of the failing case: one passed (its exchange is linked),
    // one did not (it shows the exchange again, and its own curl line).
    let mut same_passed = result("t/<fail>/passed", Verdict::Pass, Level::Must, "s");
    same_passed.evidence = failing.evidence.clone();
    let mut same_failed = result("t/<fail>/failed", Verdict::Fail, Level::Observe, "s");
    same_failed.evidence = failing.evidence.clone();
    let html = render(&report(vec![
        result("t/pass", Verdict::Pass, Level::Must, "s"),
        failing,
        same_passed,
        same_failed,
        observed,
    ]));
    assert!(html.contains("<table id=\"matrix\">"));
    assert!(html.contains("<table id=\"traceability\">"));
    // boundaries: 2 of 4 passed, a counting failure (red); other: an observe difference,
    // noted (amber).
    assert!(html.contains("<td class=\"cell s-fails\" title=\"2 pass, 1 fail, 1 noted\"><a href=\"#g-RequestCancelWorkflowExecution--boundaries\">2/4</a></td>"));
    assert!(html.contains("<td class=\"cell s-differs\" title=\"1 noted\"><a href=\"#g-RequestCancelWorkflowExecution--other\">0/1</a></td>"));
    assert!(html.contains("id=\"g-RequestCancelWorkflowExecution--boundaries\""));
    assert!(html.contains("id=\"r-t/_3Cfail_3E\""));
    assert!(html.contains("<code>t/&lt;fail&gt;</code>"));
    assert!(!html.contains("<fail>") && !html.contains("\"<b>\""));
    assert!(
        html.contains("curl -sS -i --aws-sigv4"),
        "failing results carry curl"
    );
    assert_eq!(
        html.matches("curl -sS").count(),
        3,
        "the failing ones with evidence, and the example of their group"
    );
    // The divergences by cause head the page: one group, the counting failure.
    let causes = html.find("<h2 id=\"causes\">").unwrap();
    assert!(causes < html.find("<table id=\"matrix\">").unwrap());
    assert!(
        html.contains("1 divergent check(s) in 1 group(s)"),
        "{html}"
    );
    assert!(html.contains("HTTP 200 with an empty body where status 400 is documented"));
    // An observe-level difference is noted, never a failure.
    assert!(html.contains("\">noted</span>"), "{html}");
    assert_eq!(html.matches("<h4>request</h4>").count(), 2);
    assert_eq!(
        html.matches("the same request and response as <a href=\"#r-t/_3Cfail_3E\">")
            .count(),
        1
    );
    assert!(html.contains("not covered"));
    assert!(html.contains("<dd class=\"no\">no</dd>"));
}

#[test]
fn every_operations_documentation_and_declared_faults_are_traced() {
    let mut cited = result(
        "behaviour/x",
        Verdict::Fail,
        Level::Must,
        "doc: DeprecateDomain, \"Deprecates the specified domain.\"",
    );
    cited.operation = "DeprecateDomain".into();
    let mut fault = result(
        "faults/y",
        Verdict::Pass,
        Level::Must,
        "doc: DomainDeprecatedFault, \"x\"",
    );
    fault.operation = "DeprecateDomain".into();
    fault.expected = "status 400; fault DomainDeprecatedFault".into();
    fault.expects_fault = Some("DomainDeprecatedFault".into());
    let page = render(&report(vec![cited, fault]));
    let section = &page[page.find("id=\"documentation\"").unwrap()..];
    assert!(
        section.contains("<summary>DeprecateDomain — 1 of"),
        "{section}"
    );
    let row = &section[section.find("Deprecates the specified domain.").unwrap()..];
    assert!(row[..row.find("</tr>").unwrap()].contains("behaviour/x"));
    assert!(section.contains("not testable here: access control"));
    assert!(section.contains("not testable here: a consistency property"));
    let faults = &section[section.find("id=\"faults\"").unwrap()..];
    let row = &faults[faults.find("<td>DomainDeprecatedFault</td>").unwrap()..];
    assert!(row[..row.find("</tr>").unwrap()].contains("faults/y"));
    assert!(faults.contains("not provoked: needs IAM permissions withheld"));
    assert!(faults.contains("not in this run"));
}
