//! JUnit and baselines: the JUnit file parses and its counts match the JSON
//! report; a baseline run passes on a match and names what got fixed or broke.

mod common;

use common::faulty::{self, Break};
use common::temp::TempDir;
use serde_json::Value as Json;
use std::process::Command;

fn swfcheck(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_swfcheck"))
        .args(args)
        .output()
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn junit_counts_match_the_json_report() {
    let tmp = TempDir::new("reports");
    // A faulty endpoint, so that there are failures, errors and passes to count.
    let server = swfcheck::server::start_default().await.unwrap();
    let proxy = faulty::start(Break::FaultNames, format!("http://{}/", server.addr())).await;
    let (json_path, junit_path) = (tmp.join("r.json"), tmp.join("r.xml"));
    let url = proxy.url();
    let args = [
        "run".to_owned(),
        "--endpoint".to_owned(),
        url,
        "--report".to_owned(),
        format!("json={}", json_path.display()),
        "--report".to_owned(),
        format!("junit={}", junit_path.display()),
    ];
    let out = tokio::task::spawn_blocking(move || {
        Command::new(env!("CARGO_BIN_EXE_swfcheck"))
            .args(args)
            .output()
            .unwrap()
    })
    .await
    .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let json: Json = serde_json::from_str(&std::fs::read_to_string(&json_path).unwrap()).unwrap();
    let junit =
        quick_junit::Report::deserialize_from_str(&std::fs::read_to_string(&junit_path).unwrap())
            .unwrap();
    let summary = &json["summary"];
    let n = |k: &str| summary[k].as_u64().unwrap() as usize;
    assert_eq!(junit.tests, json["cases"].as_array().unwrap().len());
    assert_eq!(junit.failures, n("fail") + n("not-implemented"));
    assert_eq!(junit.errors, n("error"));
    assert!(junit.failures > 0);
    let operations: std::collections::BTreeSet<&str> = json["cases"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["operation"].as_str().unwrap())
        .collect();
    assert_eq!(
        operations.len(),
        39,
        "the default suite covers every operation"
    );
    let suites: std::collections::BTreeSet<&str> =
        junit.test_suites.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(suites, operations, "a testsuite per operation");
    let text = std::fs::read_to_string(&junit_path).unwrap();
    assert!(
        text.contains("reproduce: curl"),
        "failures carry a curl reproduction"
    );
    assert!(text.contains("source: seed:"), "failures cite their source");
    drop(proxy);
    server.shutdown().await;
}

#[test]
fn baselines_pass_on_a_match_and_name_fixed_and_broken() {
    let tmp = TempDir::new("reports");
    let cases = tmp.join("baseline-cases.toml");
    std::fs::write(
        &cases,
        r#"[[case]]
id = "b/right"
operation = "RequestCancelWorkflowExecution"
source = "s"
request.body = { domain = "${unknownDomain}", workflowId = "w" }
check = [{ status = 400 }]

[[case]]
id = "b/wrong"
operation = "RequestCancelWorkflowExecution"
source = "s"
request.body = { domain = "${unknownDomain}", workflowId = "w" }
check = [{ status = 200 }]
"#,
    )
    .unwrap();
    let baseline = tmp.join("baseline.json");
    let cases_arg = cases.to_str().unwrap();
    let written = swfcheck(&[
        "run",
        "--cases",
        cases_arg,
        "--write-baseline",
        baseline.to_str().unwrap(),
        "--baseline-label",
        "test",
    ]);
    assert_eq!(written.status.code(), Some(1), "b/wrong diverges");
    let recorded: Json =
        serde_json::from_str(&std::fs::read_to_string(&baseline).unwrap()).unwrap();
    assert_eq!(recorded["endpoint"], "test");
    assert_eq!(recorded["verdicts"]["b/right"], "pass");
    assert_eq!(recorded["verdicts"]["b/wrong"], "fail");

    // Same results: the run passes despite its divergence.
    let matched = swfcheck(&[
        "run",
        "--cases",
        cases_arg,
        "--baseline",
        baseline.to_str().unwrap(),
    ]);
    assert_eq!(matched.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&matched.stdout).contains("0 fixed, 0 newly broken"));

    // Flip the baseline: b/wrong "passed" before (newly broken), b/right "failed" (fixed).
    let flipped = r#"{"endpoint": "test", "verdicts": {"b/right": "fail", "b/wrong": "pass"}}"#;
    std::fs::write(&baseline, flipped).unwrap();
    let changed = swfcheck(&[
        "run",
        "--cases",
        cases_arg,
        "--baseline",
        baseline.to_str().unwrap(),
    ]);
    assert_eq!(changed.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&changed.stdout);
    assert!(stdout.contains("FIXED   b/right"), "{stdout}");
    assert!(stdout.contains("BROKEN  b/wrong: pass -> fail"), "{stdout}");

    std::fs::write(&baseline, "not json").unwrap();
    let bad = swfcheck(&[
        "run",
        "--cases",
        cases_arg,
        "--baseline",
        baseline.to_str().unwrap(),
    ]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("is not a baseline file"));
}

/// The panel's baselines in fixtures (CI holds moto 5.2.5 and fakecloud's SWF to them) are
/// well-formed and cover every check of a run without `--slow`.
#[test]
fn the_panel_baselines_cover_the_suite() {
    let suite = swfcheck::generate::suite(swfcheck::generate::Suite::All).unwrap();
    let ids: std::collections::BTreeSet<String> = suite
        .iter()
        .filter(|c| !swfcheck::run::filter::is_slow(c))
        .flat_map(|c| c.checks.iter().map(|k| k.id_in(&c.id)).collect::<Vec<_>>())
        .collect();
    // Both panel runs hold the whole suite (.ci/run: with the default flags, the run goes one
    // case at a time on moto, and its verdicts are stable).
    let panel: [(&str, Option<&str>); 2] =
        [("moto-5.2.5.json", None), ("fakecloud-0.51.0.json", None)];
    for (name, left_out) in panel {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("fixtures/baselines")
            .join(name);
        let baseline = swfcheck::outcome::baseline::Baseline::read(&path).unwrap();
        let recorded: std::collections::BTreeSet<String> =
            baseline.verdicts.keys().cloned().collect();
        let run: std::collections::BTreeSet<String> = ids
            .iter()
            .filter(|id| left_out.is_none_or(|prefix| !id.starts_with(prefix)))
            .cloned()
            .collect();
        assert_eq!(
            recorded, run,
            "refresh fixtures/baselines/{name} (scripts/emulators/README.md says how)"
        );
    }
}
