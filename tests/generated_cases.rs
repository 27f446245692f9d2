//! The cases generated from the model: every kind passes on the reference endpoint,
//! an endpoint that accepts one out-of-range value is caught on exactly that member,
//! and shards cover the suite exactly once and merge back into it.

mod common;

use common::cli::{swfcheck, swfcheck_async};
use common::faulty::{self, Break};
use common::temp::TempDir;
use serde_json::Value as Json;
use std::collections::BTreeSet;
use swfcheck::cases::case::Case;
use swfcheck::generate::from_model as generated;
use swfcheck::outcome::RunReport;
use swfcheck::run::{RunConfig, Silent, run};

async fn run_against(endpoint: Option<String>, cases: Vec<Case>) -> RunReport {
    let config = RunConfig {
        endpoint,
        jobs: 8,
        ..RunConfig::default()
    };
    let (_tx, rx) = tokio::sync::watch::channel(false);
    run(&config, cases, &Silent, rx).await.unwrap()
}

fn counting(report: &RunReport) -> BTreeSet<String> {
    let ids = report.results.iter().filter(|r| r.counts);
    ids.map(|r| r.id.clone()).collect()
}

fn kind_of(id: &str) -> &str {
    let kind = id.rsplit('/').next().unwrap_or("");
    kind.split(['-']).next().unwrap_or(kind)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_generated_kind_passes_on_the_reference_endpoint() {
    let cases = generated::all();
    let kinds: BTreeSet<&str> = cases.iter().map(|c| kind_of(&c.id)).collect();
    // The value rules of model::value_rules (issue 28) add their own kinds: `arn`, `colon`,
    // `control`, `c1`, `slash`, `vertical`, `leading`, `trailing` (names and ids), `days`,
    // `negative`, `fraction`, `none`, `not` (a number) for durations and retention.
    let want = [
        "arn", "c1", "colon", "control", "count", "days", "enum", "fraction", "leading", "len",
        "missing", "negative", "none", "not", "null", "slash", "trailing", "type", "value",
        "vertical",
    ];
    assert_eq!(kinds, want.into_iter().collect(), "every kind is generated");
    let report = run_against(None, cases.clone()).await;
    assert!(counting(&report).is_empty(), "{:?}", counting(&report));
    assert!(report.conformant());
    assert!(
        report.cleanup_errors.is_empty(),
        "{:?}",
        report.cleanup_errors
    );
    // Every must check (an invalid request refused with a 400 fault) passes.
    let must: Vec<_> = report
        .results
        .iter()
        .filter(|r| r.level == swfcheck::cases::case::Level::Must)
        .collect();
    assert!(must.len() > 500, "{}", must.len());
    assert!(
        must.iter()
            .all(|r| r.verdict == swfcheck::outcome::Verdict::Pass)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_endpoint_accepting_one_out_of_range_value_is_caught_on_that_member() {
    let server = swfcheck::server::start_default().await.unwrap();
    let upstream = format!("http://{}/", server.addr());
    for (mode, expected) in [
        (
            Break::PageSizeMax,
            vec![
                "ListDomains/maximumPageSize/value-1001",
                "ListDomains/maximumPageSize/value-1001/validation",
            ],
        ),
        (
            Break::DomainMaxLength,
            // The truncated domain is unknown: still a 400 fault (must holds), but not the
            // ValidationException naming `domain` (should).
            vec![
                "RequestCancelWorkflowExecution/domain/len-257-multibyte/validation",
                "RequestCancelWorkflowExecution/domain/len-257/validation",
            ],
        ),
    ] {
        let proxy = faulty::start(mode, upstream.clone()).await;
        let cases: Vec<Case> = generated::all()
            .into_iter()
            .filter(|c| {
                ["ListDomains", "RequestCancelWorkflowExecution"].contains(&c.operation.as_str())
            })
            .collect();
        let report = run_against(Some(proxy.url()), cases).await;
        let got = counting(&report);
        let want: BTreeSet<String> = expected.iter().map(|s| s.to_string()).collect();
        assert_eq!(got, want, "{mode:?}");
    }
    server.shutdown().await;
}

fn ids_of(path: &std::path::Path) -> Vec<String> {
    let json: Json = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let cases = json["cases"].as_array().unwrap();
    cases
        .iter()
        .map(|c| c["id"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn shards_cover_the_suite_once_and_merge_back_into_it() {
    let tmp = TempDir::new("shards");
    let dir = tmp.path();
    let select = [
        "--operation",
        "ListDomains",
        "--operation",
        "DescribeDomain",
    ];
    let whole = dir.join("whole.json");
    let mut args = vec!["run"];
    args.extend(select);
    let report_arg = format!("json={}", whole.display());
    args.extend(["--report", &report_arg]);
    assert!(swfcheck(&args).status.success());
    let mut all_ids = ids_of(&whole);
    let mut shard_files = Vec::new();
    let mut shard_ids = Vec::new();
    for i in 1..=3 {
        let path = dir.join(format!("shard-{i}.json"));
        let shard = format!("{i}/3");
        let report_arg = format!("json={}", path.display());
        let mut args = vec!["run", "--shard", &shard, "--report", &report_arg];
        args.extend(select);
        let out = swfcheck(&args);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let ids = ids_of(&path);
        assert!(!ids.is_empty(), "shard {i} is empty");
        shard_ids.extend(ids);
        shard_files.push(path);
    }
    all_ids.sort();
    shard_ids.sort();
    assert_eq!(
        shard_ids, all_ids,
        "the shards hold every result exactly once"
    );

    let merged = dir.join("merged.json");
    let junit = dir.join("merged.xml");
    let (m, j) = (
        format!("json={}", merged.display()),
        format!("junit={}", junit.display()),
    );
    let mut args = vec!["merge", "--report", &m, "--report", &j];
    let files: Vec<String> = shard_files
        .iter()
        .map(|p| p.display().to_string())
        .collect();
    args.extend(files.iter().map(String::as_str));
    let out = swfcheck(&args);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut merged_ids = ids_of(&merged);
    merged_ids.sort();
    assert_eq!(merged_ids, all_ids);
    let junit =
        quick_junit::Report::deserialize_from_str(&std::fs::read_to_string(&junit).unwrap())
            .unwrap();
    assert_eq!(junit.tests, all_ids.len());

    // The same shard twice is not a set of shards.
    let out = swfcheck(&["merge", &files[0], &files[0]]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("not disjoint shards"), "{stderr}");
    let out = swfcheck(&["merge", "/nonexistent/shard.json"]);
    assert_eq!(out.status.code(), Some(2));
}

fn body_line(stdout: &str) -> &str {
    stdout
        .lines()
        .find_map(|l| l.trim().strip_prefix("body: "))
        .unwrap_or_else(|| panic!("no minimal body in {stdout}"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_property_failure_shrinks_to_the_member_and_replays_with_its_seed() {
    let server = swfcheck::server::start_default().await.unwrap();
    let proxy = faulty::start(Break::PageSizeMax, format!("http://{}/", server.addr())).await;
    let url = proxy.url();
    let args = [
        "prop",
        "--endpoint",
        &url,
        "--operation",
        "ListDomains",
        "--cases",
        "300",
        "--seed",
        "5",
    ];
    let first = swfcheck_async(&args).await;
    let stdout = String::from_utf8_lossy(&first.stdout).into_owned();
    assert_eq!(first.status.code(), Some(1), "{stdout}");
    assert!(
        stdout.contains("invalid member: maximumPageSize/value-1001"),
        "{stdout}"
    );
    let body: Json = serde_json::from_str(body_line(&stdout)).unwrap();
    // Shrunk: the out-of-range member, the required one at its simplest, nothing else.
    assert_eq!(
        body,
        serde_json::json!({"maximumPageSize": 1001, "registrationStatus": "REGISTERED"})
    );
    assert!(
        stdout.contains("replay: swfcheck prop --seed 5 --operation ListDomains"),
        "{stdout}"
    );
    let again = swfcheck_async(&args).await;
    let again = String::from_utf8_lossy(&again.stdout).into_owned();
    assert_eq!(
        body_line(&again),
        body_line(&stdout),
        "the seed replays the run"
    );

    // The reference endpoint holds every property.
    let ok = swfcheck_async(&["prop", "--cases", "8", "--seed", "5"]).await;
    assert!(
        ok.status.success(),
        "{}",
        String::from_utf8_lossy(&ok.stdout)
    );
    drop(proxy);
    server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unknown_domain_answered_empty_is_caught_on_each_list_and_count() {
    let server = swfcheck::server::start_default().await.unwrap();
    let proxy = faulty::start(
        Break::UnknownDomainEmpty,
        format!("http://{}/", server.addr()),
    )
    .await;
    let report = run_against(Some(proxy.url()), swfcheck::generate::faults::all()).await;
    let mut want = BTreeSet::new();
    for op in [
        "count-closed-workflow-executions",
        "count-open-workflow-executions",
        "count-pending-activity-tasks",
        "count-pending-decision-tasks",
        "list-activity-types",
        "list-closed-workflow-executions",
        "list-open-workflow-executions",
        "list-workflow-types",
    ] {
        want.insert(format!("faults/{op}/unknown-resource"));
        want.insert(format!("faults/{op}/unknown-resource/message"));
    }
    assert_eq!(counting(&report), want);
    server.shutdown().await;
}
