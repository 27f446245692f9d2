//! Verdicts on endpoints swfcheck was not tuned on (issue 20), each rule held against an
//! endpoint that behaves as a foreign one was seen to (tests/common/foreign.rs): no false
//! pass through a retry, a run that cannot happen exits 2 with its cause, what an endpoint
//! lacks is not implemented once per operation, tokens come from the endpoint, a failed
//! step is an error with its own evidence.

mod common;

use common::cli::swfcheck_async;
use common::faulty::{self, Break};
use common::foreign::{self, Foreign};
use swfcheck::cases::case::Case;
use swfcheck::outcome::RunReport;
use swfcheck::outcome::Verdict;
use swfcheck::run::{RunConfig, Silent, run};

async fn run_through(mode: Foreign, cases: Vec<Case>) -> RunReport {
    let server = swfcheck::server::start_default().await.unwrap();
    let endpoint = foreign::start(mode, format!("http://{}/", server.addr())).await;
    let config = RunConfig {
        endpoint: Some(endpoint.url()),
        jobs: 4,
        ..RunConfig::default()
    };
    let (_tx, rx) = tokio::sync::watch::channel(false);
    let report = run(&config, cases, &Silent, rx).await.unwrap();
    drop(endpoint);
    server.shutdown().await;
    report
}

fn all_cases() -> Vec<Case> {
    swfcheck::generate::suite(swfcheck::generate::Suite::All).unwrap()
}

fn with_ids(pred: impl Fn(&Case) -> bool) -> Vec<Case> {
    all_cases().into_iter().filter(|c| pred(c)).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_first_attempt_that_changed_state_is_a_fail_whatever_a_retry_would_get() {
    let ids = [
        "RegisterDomain/name/type-boolean",
        "RegisterDomain/name/type-number",
    ];
    let report = run_through(
        Foreign::RegistersThenRefuses,
        with_ids(|c| ids.contains(&c.id.as_str())),
    )
    .await;
    let verdicts: Vec<(String, Verdict)> = report
        .results
        .iter()
        .filter(|r| ids.contains(&r.id.as_str()))
        .map(|r| (r.id.clone(), r.verdict))
        .collect();
    assert_eq!(verdicts.len(), 2, "{verdicts:?}");
    assert!(
        verdicts.iter().all(|(_, v)| *v != Verdict::Flaky),
        "a 2xx where a refusal is documented is never retried into flaky: {verdicts:?}"
    );
    let failed: Vec<_> = verdicts
        .iter()
        .filter(|(_, v)| *v == Verdict::Fail)
        .collect();
    assert_eq!(
        failed.len(),
        1,
        "the one that registered \"\" fails: {verdicts:?}"
    );
    assert!(!report.conformant());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_endpoint_that_is_not_swf_cannot_run_the_suite_and_says_why() {
    let server = swfcheck::server::start_default().await.unwrap();
    let endpoint = foreign::start(Foreign::NotSwf, format!("http://{}/", server.addr())).await;
    let url = endpoint.url();
    let out = swfcheck_async(&["run", "--endpoint", &url]).await;
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(2), "{stdout}");
    assert!(
        stdout.starts_with(
            "swfcheck: the run could not happen: its own setup failed: RegisterDomain"
        ) && stdout.contains(r#"answer: HTTP 400 {"error": "Unsupported service: swf"}"#)
            && stdout.contains("reproduce: curl ")
            && !stdout.contains("divergences"),
        "{stdout}"
    );
    drop(endpoint);
    server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn what_an_endpoint_lacks_is_not_implemented_once_per_operation() {
    let counts =
        |c: &Case| c.operation.starts_with("Count") && c.operation.ends_with("WorkflowExecutions");
    let cases = with_ids(|c| counts(c) || c.id == "behaviour/decisions/start-child");
    let report = run_through(Foreign::Unimplemented, cases).await;
    for r in &report.results {
        // A case's own result carries what the endpoint lacks; the checks of a later answer
        // are judged on their own (issue 28 item 3) and may pass.
        if r.verdict == Verdict::Pass && r.id != r.case_id {
            continue;
        }
        assert_eq!(r.verdict, Verdict::NotImplemented, "{r:?}");
        let counting = r.level != swfcheck::cases::case::Level::Observe;
        assert_eq!(
            r.counts, counting,
            "not implemented still makes the run not conformant (observe aside): {r:?}"
        );
    }
    let child = report
        .results
        .iter()
        .find(|r| r.case_id == "behaviour/decisions/start-child")
        .unwrap();
    let missing = child.cause.as_ref().and_then(|c| c.missing.as_deref());
    assert_eq!(
        missing,
        Some("RespondDecisionTaskCompleted StartChildWorkflowExecution")
    );
    let groups = swfcheck::report::groups::of(&report);
    let kinds: Vec<(&str, &str)> = groups
        .iter()
        .map(|g| (g.kind.as_str(), g.operations[0].as_str()))
        .collect();
    assert_eq!(
        kinds
            .iter()
            .filter(|(k, _)| *k == "not implemented")
            .count(),
        3,
        "one group per operation or decision type: {kinds:?}"
    );
    assert_eq!(groups.len(), 3, "{kinds:?}");
    let conclusion = swfcheck::report::summary::conclusion(&report);
    assert!(
        conclusion.contains("0 must and 0 should divergences")
            && conclusion.contains("3 operation(s) not implemented"),
        "{conclusion}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cases_take_their_tokens_from_the_endpoint() {
    let token_ops = [
        "RespondDecisionTaskCompleted",
        "RespondActivityTaskCompleted",
        "RespondActivityTaskFailed",
        "RespondActivityTaskCanceled",
        "RecordActivityTaskHeartbeat",
    ];
    let cases = with_ids(|c| {
        token_ops.contains(&c.operation.as_str()) && c.origin.starts_with("generated")
    });
    assert!(cases.len() > 300, "{}", cases.len());
    let report = run_through(Foreign::InventedTokensRefused, cases).await;
    let invented: Vec<&str> = report
        .results
        .iter()
        .filter(|r| r.counts && !r.case_id.contains("/taskToken/"))
        .filter(|r| r.actual.contains("Invalid token"))
        .map(|r| r.id.as_str())
        .collect();
    assert!(
        invented.is_empty(),
        "no check rests on a token the endpoint never issued: {invented:?}"
    );
    let failing: Vec<&str> = report
        .results
        .iter()
        .filter(|r| r.counts)
        .map(|r| r.id.as_str())
        .collect();
    assert!(
        failing.iter().all(|id| id.contains("/taskToken/")),
        "a live or stale token reaches every member; only the token's own cases may fail here (its empty form is answered \"Invalid token\", not a ValidationException naming it): {failing:?}"
    );
    let made_up = report
        .results
        .iter()
        .find(|r| r.id == "RespondActivityTaskCompleted/taskToken/len-1")
        .unwrap();
    assert_eq!(
        (made_up.level, made_up.verdict),
        (swfcheck::cases::case::Level::Observe, Verdict::Noted),
        "a token the endpoint never issued is observe: {made_up:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_step_that_fails_is_an_error_with_its_own_evidence_and_group() {
    let id = "tasks/request-cancel-activity-task/not-yet-started";
    let report = run_through(Foreign::SignalNeedsInput, with_ids(|c| c.id == id)).await;
    assert!(!report.results.is_empty());
    // The case's own result carries the step's failure; its other checks are judged on
    // what the case still saw (issue 28 item 3).
    for r in report.results.iter().filter(|r| r.id == id) {
        assert_eq!(
            r.verdict,
            Verdict::Error,
            "the failed step is the case's error: {r:?}"
        );
        let cause = r.cause.as_deref().unwrap();
        assert_eq!(
            cause.step.as_deref(),
            Some("step 2 (SignalWorkflowExecution)")
        );
        let e = r.evidence.as_deref().unwrap();
        assert_eq!(e.status, Some(500));
        assert!(
            e.request_headers
                .iter()
                .any(|(k, v)| k == "X-Amz-Target" && v.ends_with("SignalWorkflowExecution")),
            "the failing exchange is the evidence: {e:?}"
        );
        assert!(cause.exchanges.len() >= 2, "every exchange of the case");
    }
    let all = swfcheck::report::groups::of(&report);
    let groups: Vec<_> = all.iter().filter(|g| g.stopped > 0).collect();
    assert_eq!(groups.len(), 1, "{all:?}");
    assert_eq!(groups[0].operations, ["SignalWorkflowExecution"]);
    assert_eq!(
        groups[0].stopped, 1,
        "the case a step stopped is said so: {groups:?}"
    );
    assert!(
        groups[0]
            .cause
            .contains("a step's, so the checks behind it were not reached"),
        "{}",
        groups[0].cause
    );
    assert!(groups[0].reproduce_case.contains(id));
    let text = swfcheck::report::summary::render(
        &report,
        swfcheck::report::summary::SummaryFormat::Groups,
    );
    assert!(
        !text.to_ascii_lowercase().contains("<html") && !text.contains("<!doctype"),
        "no raw HTML on a terminal: {text}"
    );
    assert!(text.contains("HTTP 500 with an HTML body"), "{text}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_long_target_refused_is_a_protocol_fail_not_a_missing_operation() {
    let server = swfcheck::server::start_default().await.unwrap();
    let proxy = faulty::start(Break::LongTarget, format!("http://{}/", server.addr())).await;
    let config = RunConfig {
        endpoint: Some(proxy.url()),
        ..RunConfig::default()
    };
    let cases = with_ids(|c| c.id.starts_with("rcwe/protocol/") || c.id == "rcwe/seed-sample");
    let (_tx, rx) = tokio::sync::watch::channel(false);
    let report = run(&config, cases, &Silent, rx).await.unwrap();
    let long = report
        .results
        .iter()
        .find(|r| r.id == "rcwe/protocol/long-target")
        .unwrap();
    assert_eq!(
        long.verdict,
        Verdict::Fail,
        "RequestCancelWorkflowExecution works with the short target: {long:?}"
    );
    assert!(
        long.counts && long.actual.contains("answered a 2xx elsewhere"),
        "{}",
        long.actual
    );
    drop(proxy);
    server.shutdown().await;
}
