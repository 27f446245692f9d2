//! Cleanup terminates what the run started, including executions whose start was
//! never recorded (interrupted before the answer came), found by the run's prefix.

use std::sync::{Arc, Mutex};
use std::time::Duration;
use swfcheck::credentials::Credentials;
use swfcheck::run::client::Client;
use swfcheck::run::context::RunContext;
use swfcheck::run::swf::Swf;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cleanup_finds_unrecorded_executions_by_prefix() {
    let server = swfcheck::server::start_default().await.unwrap();
    let url = reqwest::Url::parse(&format!("http://{}/", server.addr())).unwrap();
    let client = Client::new(
        url,
        "us-east-1".into(),
        "swf".into(),
        Credentials::dummy(),
        Duration::from_secs(5),
    )
    .unwrap();
    let mut ctx = RunContext {
        swf: Swf::new(client),
        domain: "cleanup-test".into(),
        prefix: "swfcheck-abcd1234".into(),
        workflow: ("wf".into(), "1".into()),
        activity: ("act".into(), "1".into()),
        started: Arc::new(Mutex::new(Vec::new())),
        created: Arc::new(Mutex::new(Vec::new())),
        deprecated_domain: Default::default(),
    };
    ctx.prepare_own(false).await.unwrap();
    // One recorded by a case, one started behind the run's back with its prefix, one of someone else.
    let recorded = ctx
        .prepare_case(0, swfcheck::cases::case::Setup::Open)
        .await
        .unwrap();
    assert!(recorded.current.is_some());
    let unrecorded = ctx
        .swf
        .start(
            "cleanup-test",
            "swfcheck-abcd1234-lost",
            &ctx.workflow,
            "tl",
        )
        .await
        .unwrap();
    let foreign = ctx
        .swf
        .start("cleanup-test", "someone-else", &ctx.workflow, "tl")
        .await
        .unwrap();
    let (terminated, errors) = ctx.cleanup(2).await;
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(terminated, 2);
    for (ex, open) in [(&unrecorded, "CLOSED"), (&foreign, "OPEN")] {
        let info = ctx.swf.describe(ex).await.unwrap();
        assert_eq!(info["executionStatus"], open, "{}", ex.workflow_id);
    }
    server.shutdown().await;
}

/// A generated case whose valid request registers a domain or a type leaves nothing
/// active behind: cleanup deprecates what the cases' own requests registered.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cleanup_deprecates_what_generated_cases_registered() {
    let server = swfcheck::server::start_default().await.unwrap();
    let url = format!("http://{}/", server.addr());
    let cases: Vec<_> = swfcheck::generate::from_model::all()
        .into_iter()
        .filter(|c| {
            c.id == "RegisterDomain/name/len-256" || c.id == "RegisterWorkflowType/name/len-256"
        })
        .collect();
    assert_eq!(cases.len(), 2);
    let config = swfcheck::run::RunConfig {
        endpoint: Some(url.clone()),
        domain: "cleanup-generated".into(),
        ..Default::default()
    };
    let (_tx, stop) = tokio::sync::watch::channel(false);
    let report = swfcheck::run::run(&config, cases, &swfcheck::run::Silent, stop)
        .await
        .unwrap();
    assert!(report.conformant(), "{:?}", report.results);
    assert_eq!(report.cleaned_up, 2, "{:?}", report.cleanup_errors);
    let client = Client::new(
        reqwest::Url::parse(&url).unwrap(),
        "us-east-1".into(),
        "swf".into(),
        Credentials::dummy(),
        Duration::from_secs(5),
    )
    .unwrap();
    let swf = Swf::new(client);
    let domains = swf
        .call(
            "ListDomains",
            serde_json::json!({"registrationStatus": "REGISTERED"}),
        )
        .await
        .unwrap();
    let names: Vec<&str> = domains["domainInfos"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|d| d["name"].as_str())
        .collect();
    assert_eq!(
        names,
        ["cleanup-generated", "cleanup-generated-generated"],
        "only the run's own domains stay registered"
    );
    let types = swf
        .call(
            "ListWorkflowTypes",
            serde_json::json!({"domain": "cleanup-generated-generated", "registrationStatus": "REGISTERED"}),
        )
        .await
        .unwrap();
    let types: Vec<&str> = types["typeInfos"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|t| t["workflowType"]["name"].as_str())
        .collect();
    assert_eq!(
        types,
        ["swfcheck-workflow"],
        "the generated type is deprecated"
    );
    server.shutdown().await;
}

mod common;

use common::faulty::{self, Break};
use serde_json::json;
use swfcheck::cases::case::Case;
use swfcheck::outcome::{RunReport, Verdict};

/// The built-in cases whose id matches `glob`.
fn cases(glob: &str) -> Vec<Case> {
    let pattern = glob::Pattern::new(glob).unwrap();
    swfcheck::generate::suite(swfcheck::generate::Suite::All)
        .unwrap()
        .into_iter()
        .filter(|c| pattern.matches(&c.id))
        .collect()
}

/// A run of `cases` against `url` with the default domain, through the library.
async fn run(url: &str, cases: Vec<Case>) -> RunReport {
    let config = swfcheck::run::RunConfig {
        endpoint: Some(url.into()),
        jobs: 4,
        ..Default::default()
    };
    let (_tx, stop) = tokio::sync::watch::channel(false);
    swfcheck::run::run(&config, cases, &swfcheck::run::Silent, stop)
        .await
        .unwrap()
}

/// A call straight to the endpoint at `url`: the answer's status and body.
async fn call(url: &str, op: &str, body: serde_json::Value) -> (u16, serde_json::Value) {
    let answer = reqwest::Client::new()
        .post(url)
        .header("X-Amz-Target", format!("SimpleWorkflowService.{op}"))
        .header("Content-Type", "application/x-amz-json-1.0")
        .body(body.to_string())
        .send()
        .await
        .unwrap();
    let status = answer.status().as_u16();
    let text = answer.text().await.unwrap();
    (status, serde_json::from_str(&text).unwrap_or_default())
}

/// Issue 27 item 1: an endpoint that wrongly accepts a duplicate RegisterDomain and
/// Register*Type answers 200 to the suite's duplicate-registration cases, which name the
/// run's own domain and types. Cleanup used to deprecate them as "registered by this run",
/// and every later run against the endpoint could not happen ("Domain is deprecated").
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_run_against_an_endpoint_that_accepts_duplicates_leaves_the_next_run_conformant() {
    let server = swfcheck::server::start_default().await.unwrap();
    let url = format!("http://{}/", server.addr());
    let proxy = faulty::start(Break::AcceptDuplicates, url.clone()).await;
    let duplicates = cases("faults/*-already-exists");
    assert!(duplicates.len() >= 5, "{}", duplicates.len());
    let first = run(&proxy.url(), duplicates.clone()).await;
    let failed: Vec<&str> = first
        .results
        .iter()
        .filter(|r| r.verdict == Verdict::Fail)
        .map(|r| r.id.as_str())
        .collect();
    assert!(
        failed.contains(&"faults/register-domain/domain-already-exists")
            && failed.contains(&"faults/register-workflow-type/type-already-exists"),
        "the proxy accepted the duplicates: {failed:?}"
    );
    // The endpoint itself still holds the run's domain and types, registered.
    let (_, domain) = call(
        &url,
        "DescribeDomain",
        json!({"name": "swfcheck-conformance"}),
    )
    .await;
    assert_eq!(domain["domainInfo"]["status"], "REGISTERED", "{domain}");
    let workflow = json!({"domain": "swfcheck-conformance",
        "workflowType": {"name": "swfcheck-workflow", "version": "1"}});
    let (_, described) = call(&url, "DescribeWorkflowType", workflow).await;
    assert_eq!(described["typeInfo"]["status"], "REGISTERED", "{described}");
    let second = run(&url, duplicates).await;
    assert!(second.conformant(), "{:?}", second.results);
    assert!(
        second.notes.is_empty(),
        "nothing to repair: {:?}",
        second.notes
    );
    drop(proxy);
    server.shutdown().await;
}

/// A run that finds its domain and a type deprecated (by hand, or by an older swfcheck)
/// undeprecates them, says so, and runs.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_deprecated_run_domain_and_type_are_undeprecated_and_said() {
    let server = swfcheck::server::start_default().await.unwrap();
    let url = format!("http://{}/", server.addr());
    let first = run(&url, cases("rcwe/closed/*")).await;
    assert!(first.conformant(), "{:?}", first.results);
    let workflow = json!({"domain": "swfcheck-conformance",
        "workflowType": {"name": "swfcheck-workflow", "version": "1"}});
    assert_eq!(call(&url, "DeprecateWorkflowType", workflow).await.0, 200);
    let domain = json!({"name": "swfcheck-conformance"});
    assert_eq!(call(&url, "DeprecateDomain", domain.clone()).await.0, 200);
    let second = run(&url, cases("rcwe/closed/*")).await;
    assert!(second.conformant(), "{:?}", second.results);
    assert_eq!(second.domain, "swfcheck-conformance");
    assert_eq!(
        second.notes,
        // DeprecateDomain "also deprecates all activity and workflow types" (SWF-WIRE.md §8).
        [
            "the run's domain swfcheck-conformance, workflow type swfcheck-workflow 1 in swfcheck-conformance, activity type swfcheck-activity 1 in swfcheck-conformance were deprecated (an earlier run or a person left them so): undeprecated"
        ]
    );
    let (_, described) = call(&url, "DescribeDomain", domain).await;
    assert_eq!(described["domainInfo"]["status"], "REGISTERED");
    server.shutdown().await;
}

/// When the endpoint will not undeprecate the run's domain (here it answers 200 and does
/// nothing), the run works in a fresh domain and says why.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_domain_that_stays_deprecated_gives_way_to_a_fresh_one() {
    let server = swfcheck::server::start_default().await.unwrap();
    let url = format!("http://{}/", server.addr());
    let proxy = faulty::start(Break::UndeprecateDoesNothing, url.clone()).await;
    let register =
        json!({"name": "swfcheck-conformance", "workflowExecutionRetentionPeriodInDays": "1"});
    assert_eq!(call(&url, "RegisterDomain", register).await.0, 200);
    let domain = json!({"name": "swfcheck-conformance"});
    assert_eq!(call(&url, "DeprecateDomain", domain).await.0, 200);
    let report = run(&proxy.url(), cases("rcwe/closed/*")).await;
    assert!(report.conformant(), "{:?}", report.results);
    let fresh = format!(
        "swfcheck-conformance-{}",
        &report.prefix["swfcheck-".len()..]
    );
    assert_eq!(report.domain, fresh);
    assert_eq!(report.notes.len(), 1, "{:?}", report.notes);
    assert!(
        report.notes[0].starts_with("the run's domain swfcheck-conformance (or a type of it) is deprecated and could not be undeprecated (UndeprecateDomain answered 200, yet DescribeDomain still shows it DEPRECATED): this run uses the domain swfcheck-conformance-"),
        "{}",
        report.notes[0]
    );
    let (_, described) = call(&url, "DescribeDomain", json!({"name": fresh})).await;
    assert_eq!(
        described["domainInfo"]["status"], "REGISTERED",
        "{described}"
    );
    drop(proxy);
    server.shutdown().await;
}

/// Issue 27 item 3: a run against an endpoint an earlier run used meets the names that
/// run's cases registered under the same name in every run (cleanup only deprecates), and
/// says which: a reproduction whose verdict differs from the first run's says why.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_later_run_says_what_an_earlier_one_left_that_its_cases_register() {
    let server = swfcheck::server::start_default().await.unwrap();
    let url = format!("http://{}/", server.addr());
    // Types are named anew in every run (their versions hold the run's prefix).
    let registering = || {
        let mut c = cases("RegisterDomain/name/*");
        c.extend(cases("RegisterWorkflowType/name/*"));
        // Its setup registers the run's types in the harness's deprecated domain, which
        // every run reuses: the harness's own, never a leftover.
        c.extend(cases("faults/register-domain/deprecated-domain-exists"));
        c
    };
    let first = run(&url, registering()).await;
    assert!(first.conformant(), "{:?}", first.results);
    assert!(
        first.notes.is_empty(),
        "a fresh endpoint: {:?}",
        first.notes
    );
    let second = run(&url, registering()).await;
    assert!(second.conformant(), "{:?}", second.results);
    let notes = second.notes.join("\n");
    assert!(
        notes.contains("the endpoint already holds domain \"")
            && notes.contains("(DEPRECATED), which RegisterDomain/name/len-1 register(s) in every run: an earlier run left it"),
        "{notes}"
    );
    // What every run names anew (a long name holds the run's prefix) is never among them.
    assert!(
        !notes.contains("len-256,") && !notes.contains("len-256 "),
        "{notes}"
    );
    assert!(!notes.contains("RegisterWorkflowType"), "{notes}");
    assert!(!notes.contains("swfcheck-deprecated"), "{notes}");
    // A long name is cut to its start and end.
    assert!(notes.lines().all(|l| l.chars().count() < 400), "{notes}");
    server.shutdown().await;
}

/// A case that undeprecates a domain the run did not register (the generated
/// `UndeprecateDomain/name/len-1` names "s", which an earlier run's RegisterDomain case left
/// deprecated) leaves it deprecated again: the next run's DeprecateDomain and Register*Type
/// cases on "s" answer as this run's did.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_domain_a_case_undeprecated_is_deprecated_again() {
    let server = swfcheck::server::start_default().await.unwrap();
    let url = format!("http://{}/", server.addr());
    let first = run(&url, cases("RegisterDomain/name/len-1")).await;
    assert!(first.conformant(), "{:?}", first.results);
    let describe = json!({"name": "s"});
    let (_, described) = call(&url, "DescribeDomain", describe.clone()).await;
    assert_eq!(described["domainInfo"]["status"], "DEPRECATED");

    let second = run(&url, cases("UndeprecateDomain/name/len-1")).await;
    assert!(second.conformant(), "{:?}", second.results);
    assert_eq!(second.cleaned_up, 1, "{:?}", second.cleanup_errors);
    let (_, described) = call(&url, "DescribeDomain", describe).await;
    assert_eq!(described["domainInfo"]["status"], "DEPRECATED");
    server.shutdown().await;
}
