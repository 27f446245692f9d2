//! Every printed reproduction reproduces (issue 27 item 3): the ids a run prints select
//! their case, a group's command finds its case where the run found it and ends as the run
//! did, and `explain --script` is a bash script that sends the case as a run does.

mod common;

use common::faulty::{self, Break};
use common::temp::TempDir;
use serde_json::Value as Json;
use std::process::{Command, Output};
use swfcheck::cases::case::{Case, Setup};
use swfcheck::plan::{Plan, PlanContext};

/// Runs `script` with bash: its output.
fn bash(script: &str) -> Output {
    Command::new("bash")
        .args(["-c", script])
        .env_remove("AWS_ACCESS_KEY_ID")
        .output()
        .expect("bash runs")
}

/// `script`'s case's script against `url`.
fn script_of(case: &Case, url: &str) -> String {
    let ctx = PlanContext::example();
    let plan = Plan::new(case, &ctx, 0, "${unknownRunId}".into()).unwrap();
    plan.script(&ctx, url, "us-east-1")
}

/// Hand-written cases that between them use every setup and every kind of value the
/// endpoint issues: the first case of each setup, of steps that take an answer's id, a
/// step's runId, a raw request, a request without its usual headers, a follow-up, reads.
fn sample() -> Vec<Case> {
    let all = swfcheck::generate::suite(swfcheck::generate::Suite::All).unwrap();
    let quick = |c: &&Case| !matches!(c.category.as_deref(), Some("time" | "slow"));
    let text = |c: &Case| toml::to_string(c).unwrap_or_default();
    type Pick = Box<dyn Fn(&Case) -> bool>;
    let mut picks: Vec<Pick> = vec![
        Box::new(move |c| text(c).contains("${answer:")),
        Box::new(move |c| text(c).contains("${runIdOf:")),
        Box::new(|c| c.request.raw.is_some()),
        Box::new(|c| !c.request.omit_headers.is_empty()),
        Box::new(|c| c.then.is_some()),
        Box::new(|c| c.steps.iter().any(|s| s.decide.is_some())),
        Box::new(|c| c.id == "RegisterDomain/name/len-1"),
        Box::new(|c| c.id == "StartWorkflowExecution/workflowId/len-256"),
    ];
    for setup in [
        Setup::None,
        Setup::Domain,
        Setup::Open,
        Setup::OpenIdle,
        Setup::OpenActivity,
        Setup::DecisionTask,
        Setup::ActivityTask,
        Setup::StaleDecisionTask,
        Setup::StaleActivityTask,
        Setup::Completed,
        Setup::Terminated,
        Setup::Canceled,
        Setup::Rerun,
        Setup::CancelRequested,
        Setup::DeprecatedDomain,
    ] {
        picks.push(Box::new(move |c| c.setup == setup));
    }
    let mut out: Vec<Case> = Vec::new();
    for (i, pick) in picks.iter().enumerate() {
        let found = all.iter().filter(quick).find(|c| pick(c));
        let case = found.unwrap_or_else(|| panic!("no case for pick {i}"));
        if !out.iter().any(|c| c.id == case.id) {
            out.push(case.clone());
        }
    }
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn explain_scripts_send_the_case_as_a_run_does_and_run_again() {
    let endpoint = common::server::endpoint().await;
    let cases = sample();
    assert!(cases.len() >= 15, "{}", cases.len());
    for case in &cases {
        let script = script_of(case, &endpoint.url);
        // Twice: each run of the script draws a prefix of its own, as a run does.
        for attempt in 1..=2 {
            let script = script.clone();
            let out = tokio::task::spawn_blocking(move || bash(&script))
                .await
                .unwrap();
            let stdout = String::from_utf8_lossy(&out.stdout);
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert_eq!(
                out.status.code(),
                Some(0),
                "{} (attempt {attempt}):\n{stdout}\n{stderr}",
                case.id
            );
            let line = stdout.lines().find(|l| l.starts_with("request: ")).unwrap();
            let request = line.split(" -> HTTP").next().unwrap_or_default();
            for unfilled in ["\"run\"", "\"answer\"", "${", ":null"] {
                assert!(!request.contains(unfilled), "{}: {request}", case.id);
            }
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_script_fails_where_the_endpoint_departs() {
    let endpoint = common::server::endpoint().await;
    let proxy = faulty::start(Break::FaultStatus, endpoint.url.clone()).await;
    let all = swfcheck::generate::suite(swfcheck::generate::Suite::Cases).unwrap();
    let case = all
        .iter()
        .find(|c| c.id == "rcwe/closed/completed/with-run-id")
        .unwrap();
    let script = script_of(case, &proxy.url());
    let out = tokio::task::spawn_blocking(move || bash(&script))
        .await
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("the request expected HTTP @(400), got 200"),
        "{stderr}"
    );
}

#[test]
fn explain_prints_the_script_and_script_prints_it_alone() {
    let id = "faults/register-workflow-type/deprecated-type-exists";
    let url = "http://127.0.0.1:5999";
    let whole = common::cli::swfcheck(&["explain", id, "--endpoint", url]);
    let alone = common::cli::swfcheck(&["explain", id, "--endpoint", url, "--script"]);
    assert_eq!(alone.status.code(), Some(0));
    let script = String::from_utf8_lossy(&alone.stdout);
    assert!(script.starts_with("#!/usr/bin/env bash\n"), "{script}");
    assert!(String::from_utf8_lossy(&whole.stdout).ends_with(&*script));
    let all = swfcheck::generate::suite(swfcheck::generate::Suite::Cases).unwrap();
    let case = all.iter().find(|c| c.id == id).unwrap();
    assert_eq!(script, script_of(case, url));
}

/// A case file whose one case has a step that a moto-like endpoint answers with a 500: the
/// case ends in an error before its checks.
fn erring_case(tmp: &TempDir) -> std::path::PathBuf {
    let path = tmp.join("erring.toml");
    std::fs::write(
        &path,
        r#"[[case]]
id = "reproduce/step-fails"
operation = "DescribeDomain"
source = "a step a moto-like endpoint crashes on"
setup = "open"
[[case.step]]
operation = "CountOpenWorkflowExecutions"
body = { domain = "${domain}", startTimeFilter = { oldestDate = 0 } }
[case.request]
body = { name = "${domain}" }
[[case.check]]
status = 200
"#,
    )
    .unwrap();
    path
}

fn read_json(path: &std::path::Path) -> Json {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_error_groups_reproduction_finds_its_case_and_ends_as_the_run_did() {
    let tmp = TempDir::new("reproduce");
    let server = swfcheck::server::start_default().await.unwrap();
    let proxy = faulty::start(Break::MotoLike, format!("http://{}/", server.addr())).await;
    let cases = erring_case(&tmp);
    let first = tmp.join("first.json");
    let args = [
        "run",
        "--cases",
        cases.to_str().unwrap(),
        "--endpoint",
        &proxy.url(),
        "--report",
        &format!("json={}", first.display()),
    ];
    let out = common::cli::swfcheck_async(&args).await;
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "errors are verdicts: {stdout}");
    let report = read_json(&first);
    assert_eq!(report["cases"][0]["verdict"], "error");
    let group = &report["groups"][0];
    let command = group["reproduce_case"].as_str().unwrap();
    let absolute = std::fs::canonicalize(&cases).unwrap();
    assert!(
        command.contains(&format!("--cases '{}'", absolute.display())),
        "{command}"
    );
    let again = tmp.join("again.json");
    let replay = format!(
        "cd / && {} --report json={}",
        command.replacen("swfcheck", env!("CARGO_BIN_EXE_swfcheck"), 1),
        again.display()
    );
    let out = tokio::task::spawn_blocking(move || bash(&replay))
        .await
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(!stdout.contains("could not happen"), "{stdout}");
    let replayed = read_json(&again);
    assert_eq!(replayed["cases"][0]["verdict"], "error");
    assert_eq!(replayed["groups"][0]["answer"], group["answer"]);
    assert_eq!(replayed["groups"][0]["cause"], group["cause"]);
    drop(proxy);
    server.shutdown().await;
}

#[test]
fn every_printed_id_selects_its_case_and_embedded_runs_name_no_endpoint() {
    let tmp = TempDir::new("reproduce");
    let cases = tmp.join("wrong.toml");
    std::fs::write(
        &cases,
        r#"[[case]]
id = "reproduce/wrong"
operation = "DescribeDomain"
source = "a deliberately wrong expectation"
request.body = { name = "${unknownDomain}" }
check = [{ status = 200 }, { name = "fault", fault = "NoSuchFault" }]
"#,
    )
    .unwrap();
    let path = cases.to_str().unwrap();
    let out = common::cli::swfcheck(&["run", "--cases", path]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(
        stdout.contains("the whole case again, every exchange shown: swfcheck run --case 'reproduce/wrong' --cases '")
            && !stdout.contains("--endpoint"),
        "the embedded endpoint of the run is gone; a reproduction starts its own: {stdout}"
    );
    for id in [
        "reproduce/wrong/fault",
        "reproduce/wrong/snapshot",
        "reproduce/*/fault",
    ] {
        let out = common::cli::swfcheck(&["run", "--cases", path, "--case", id]);
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert_eq!(out.status.code(), Some(1), "{id}: {stdout}");
        let counts = stdout.lines().find(|l| l.contains(" checks: "));
        assert!(
            counts.unwrap_or_default().contains(" 2 fail"),
            "{id}: {stdout}"
        );
    }
    let out = common::cli::swfcheck(&["explain", "reproduce/wrong/snapshot", "--cases", path]);
    assert_eq!(out.status.code(), Some(0));
}
