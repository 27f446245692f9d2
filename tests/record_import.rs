//! `swfcheck record` and `swfcheck import`: recorded traffic becomes a case file that
//! replays green against the reference endpoint and red against a faulty one; HAR and
//! VCR files written here import and replay; malformed recordings are exit 2 with the
//! file and line; no credential reaches a written file.

mod common;

use base64::Engine;
use common::cli::{FAKE_CREDENTIALS, swfcheck_async};
use common::faulty::{self, Break};
use common::server;
use serde_json::{Value as Json, json};
use std::collections::BTreeSet;
use std::io::BufRead;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use swfcheck::check::Verdict;
use swfcheck::run::{RunConfig, RunReport, Silent, run};

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("swfcheck-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// One exchange as the test's own client saw it.
struct Seen {
    target: String,
    body: Json,
    status: u16,
    answer: String,
}

/// An SWF application: the cancel lifecycle with a signal, a decider, describe, history,
/// a null tag, boto 2.x's target form and two faults. Returns what it saw.
async fn drive(url: &str, domain: &str) -> Vec<Seen> {
    let http = reqwest::Client::new();
    let mut seen = Vec::new();
    let mut call = async |op: &str, body: Json, long: bool| -> Json {
        let target = if long {
            format!("com.amazonaws.swf.service.model.SimpleWorkflowService.{op}")
        } else {
            format!("SimpleWorkflowService.{op}")
        };
        let r = http
            .post(url)
            .header("X-Amz-Target", &target)
            .header("Content-Type", "application/x-amz-json-1.0")
            .body(body.to_string())
            .send()
            .await
            .unwrap();
        let status = r.status().as_u16();
        let answer = r.text().await.unwrap();
        let json = serde_json::from_str(&answer).unwrap_or(Json::Null);
        seen.push(Seen {
            target,
            body,
            status,
            answer,
        });
        json
    };
    let wf = json!({"name": "wf", "version": "1"});
    call(
        "RegisterDomain",
        json!({"name": domain, "workflowExecutionRetentionPeriodInDays": "1"}),
        false,
    )
    .await;
    call(
        "RegisterWorkflowType",
        json!({"domain": domain, "name": "wf", "version": "1",
        "defaultTaskList": {"name": "tl"}, "defaultTaskStartToCloseTimeout": "60",
        "defaultExecutionStartToCloseTimeout": "600", "defaultChildPolicy": "TERMINATE"}),
        false,
    )
    .await;
    let started = call(
        "StartWorkflowExecution",
        json!({"domain": domain, "workflowId": "w1",
        "workflowType": wf, "tagList": [null, "t"]}),
        true,
    )
    .await;
    let execution = json!({"workflowId": "w1", "runId": started["runId"]});
    call(
        "SignalWorkflowExecution",
        json!({"domain": domain, "workflowId": "w1",
        "runId": started["runId"], "signalName": "go"}),
        false,
    )
    .await;
    call(
        "RequestCancelWorkflowExecution",
        json!({"domain": domain, "workflowId": "w1"}),
        false,
    )
    .await;
    call(
        "DescribeWorkflowExecution",
        json!({"domain": domain, "execution": execution}),
        true,
    )
    .await;
    call(
        "GetWorkflowExecutionHistory",
        json!({"domain": domain, "execution": execution}),
        false,
    )
    .await;
    let task = call(
        "PollForDecisionTask",
        json!({"domain": domain, "taskList": {"name": "tl"},
        "identity": "decider"}),
        false,
    )
    .await;
    call("RespondDecisionTaskCompleted", json!({"taskToken": task["taskToken"], "decisions": [
        {"decisionType": "CancelWorkflowExecution", "cancelWorkflowExecutionDecisionAttributes": {}}]}), false).await;
    call(
        "GetWorkflowExecutionHistory",
        json!({"domain": domain, "execution": execution}),
        false,
    )
    .await;
    call(
        "RequestCancelWorkflowExecution",
        json!({"domain": domain, "workflowId": "w1",
        "runId": started["runId"]}),
        false,
    )
    .await;
    call(
        "RequestCancelWorkflowExecution",
        json!({"domain": "d".repeat(257), "workflowId": "w1"}),
        false,
    )
    .await;
    call(
        "DescribeWorkflowExecution",
        json!({"domain": domain, "execution": execution}),
        false,
    )
    .await;
    seen
}

async fn replay(cases: &Path, endpoint: &str) -> RunReport {
    let config = RunConfig {
        endpoint: Some(endpoint.to_owned()),
        jobs: 4,
        timeout: std::time::Duration::from_secs(10),
        ..RunConfig::default()
    };
    let cases = swfcheck::cases::file::load_path(cases).unwrap();
    let (_tx, rx) = tokio::sync::watch::channel(false);
    run(&config, cases, &Silent, rx).await.unwrap()
}

fn failing(report: &RunReport) -> BTreeSet<String> {
    report
        .results
        .iter()
        .filter(|r| r.verdict != Verdict::Pass)
        .map(|r| format!("{}: {}", r.id, r.actual))
        .collect()
}

fn ids(report: &RunReport) -> BTreeSet<String> {
    report
        .results
        .iter()
        .filter(|r| r.verdict != Verdict::Pass)
        .map(|r| r.id.clone())
        .collect()
}

/// Every file under `dir` is free of the fake credentials the processes had.
fn assert_no_credentials(dir: &Path) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        for (name, value) in FAKE_CREDENTIALS {
            assert!(!text.contains(value), "{name} in {}", path.display());
        }
        for header in ["Authorization", "AWS4-HMAC-SHA256", "swfcheck-test"] {
            assert!(!text.contains(header), "{header} in {}", path.display());
        }
    }
}

struct Recorder {
    child: Child,
    url: String,
}

fn start_recorder(upstream: &str, out: &Path) -> Recorder {
    let mut child = Command::new(env!("CARGO_BIN_EXE_swfcheck"))
        .args([
            "record",
            "--upstream",
            upstream,
            "--listen",
            "127.0.0.1:0",
            "--out",
        ])
        .arg(out)
        .envs(FAKE_CREDENTIALS)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    let stdout = child.stdout.take().unwrap();
    std::io::BufReader::new(stdout)
        .read_line(&mut line)
        .unwrap();
    let addr = line.trim().to_owned();
    assert!(!addr.is_empty(), "swfcheck record printed no address");
    Recorder {
        child,
        url: format!("http://{addr}/"),
    }
}

/// Ctrl-C, then the recorder's exit code and stderr.
fn stop_recorder(mut rec: Recorder) -> (Option<i32>, String) {
    let pid = rec.child.id().to_string();
    assert!(
        Command::new("kill")
            .args(["-INT", &pid])
            .status()
            .unwrap()
            .success()
    );
    let out = std::mem::replace(&mut rec.child, Command::new("true").spawn().unwrap())
        .wait_with_output()
        .unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Python with boto3: `SWFCHECK_PYTHON`, or the repository's `.venv` (which `.ci/run`
/// creates before `cargo test`). In CI one must be there.
fn python_with_boto3() -> Option<PathBuf> {
    let venv = Path::new(env!("CARGO_MANIFEST_DIR")).join(".venv/bin/python");
    let candidate = std::env::var_os("SWFCHECK_PYTHON")
        .map(PathBuf::from)
        .unwrap_or(venv);
    let ok = Command::new(&candidate)
        .args(["-c", "import boto3"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok && std::env::var("CI").is_ok_and(|v| v == "true") {
        panic!(
            "CI: no python with boto3 at {} (set SWFCHECK_PYTHON)",
            candidate.display()
        );
    }
    ok.then_some(candidate)
}

/// Records `app` through the proxy in front of a fresh reference endpoint; returns the
/// case file and the recorder's summary.
async fn record_with<F: AsyncFnOnce(&str)>(dir: &Path, app: F) -> (PathBuf, String) {
    let upstream = server::endpoint().await;
    let out = dir.join("traffic.toml");
    let rec = start_recorder(&upstream.url, &out);
    app(&rec.url).await;
    let (code, stderr) = tokio::task::spawn_blocking(move || stop_recorder(rec))
        .await
        .unwrap();
    assert_eq!(code, Some(0), "{stderr}");
    upstream.server.shutdown().await;
    (out, stderr)
}

async fn assert_replays(case_file: &Path, expect_exchanges: usize) {
    let text = std::fs::read_to_string(case_file).unwrap();
    assert_eq!(
        text.matches("[[case.step]]").count(),
        expect_exchanges - 1,
        "{text}"
    );
    let fresh = server::endpoint().await;
    let report = replay(case_file, &fresh.url).await;
    assert!(
        failing(&report).is_empty(),
        "{:#?}\n{text}",
        failing(&report)
    );
    assert!(report.conformant());
    fresh.server.shutdown().await;
    // A proxy that breaks nothing this traffic touches lets it pass: the failures below
    // come from the breaks.
    let upstream = server::endpoint().await;
    let harmless = faulty::start(Break::Heartbeat, upstream.url.clone()).await;
    assert!(replay(case_file, &harmless.url()).await.conformant());
    drop(harmless);
    upstream.server.shutdown().await;
    for mode in [Break::FaultNames, Break::CancelEvent, Break::NullTagDropped] {
        let upstream = server::endpoint().await;
        let proxy = faulty::start(mode, upstream.url.clone()).await;
        let report = replay(case_file, &proxy.url()).await;
        assert_eq!(
            ids(&report),
            BTreeSet::from(["recorded/traffic".to_owned()]),
            "{mode:?}"
        );
        assert!(!report.conformant(), "{mode:?}");
        drop(proxy);
        upstream.server.shutdown().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_recording_replays_green_on_the_reference_and_red_on_faulty_endpoints() {
    let dir = temp_dir("record");
    let (out, stderr) = record_with(&dir, async |url: &str| {
        drive(url, "recorded").await;
    })
    .await;
    assert!(stderr.contains("13 exchange(s) in one case"), "{stderr}");
    assert!(
        stderr.contains("faults: UnknownResourceFault 1, ValidationException 1"),
        "{stderr}"
    );
    let text = std::fs::read_to_string(&out).unwrap();
    // Ids and tokens from earlier answers are references; the target form is kept.
    assert!(text.contains("runId = \"${runIdOf:w1}\""), "{text}");
    assert!(
        text.contains("taskToken = \"${answer:8:taskToken}\""),
        "{text}"
    );
    assert!(text.contains("\"${null}\""), "{text}");
    assert!(
        text.contains("target = \"com.amazonaws.swf.service.model."),
        "{text}"
    );
    assert!(
        !dir.join("traffic.toml.journal.jsonl").exists(),
        "the journal is removed"
    );
    assert_no_credentials(&dir);
    assert_replays(&out, 13).await;
    // The command line replays it too.
    let fresh = server::endpoint().await;
    let cli = swfcheck_async(&[
        "run",
        "--cases",
        out.to_str().unwrap(),
        "--endpoint",
        &fresh.url,
    ])
    .await;
    assert_eq!(
        cli.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&cli.stderr)
    );
    fresh.server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn boto3_through_the_recorder() {
    let Some(python) = python_with_boto3() else {
        eprintln!(
            "boto3_through_the_recorder: no python with boto3 (.venv or SWFCHECK_PYTHON): covered by the Rust client above"
        );
        return;
    };
    let dir = temp_dir("record-boto3");
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/clients/lifecycle.py");
    let (out, stderr) = record_with(&dir, async |url: &str| {
        let (python, script, url) = (python.clone(), script.clone(), url.to_owned());
        let status = tokio::task::spawn_blocking(move || {
            Command::new(python)
                .arg(script)
                .arg(url)
                .envs(FAKE_CREDENTIALS)
                .output()
                .unwrap()
        })
        .await
        .unwrap();
        assert!(
            status.status.success(),
            "{}",
            String::from_utf8_lossy(&status.stderr)
        );
    })
    .await;
    assert!(stderr.contains("exchange(s) in one case"), "{stderr}");
    assert_no_credentials(&dir);
    let text = std::fs::read_to_string(&out).unwrap();
    let fresh = server::endpoint().await;
    let report = replay(&out, &fresh.url).await;
    assert!(
        failing(&report).is_empty(),
        "{:#?}\n{text}",
        failing(&report)
    );
    fresh.server.shutdown().await;
    let upstream = server::endpoint().await;
    let proxy = faulty::start(Break::FaultNames, upstream.url.clone()).await;
    let report = replay(&out, &proxy.url()).await;
    assert_eq!(
        ids(&report),
        BTreeSet::from(["recorded/traffic".to_owned()])
    );
    drop(proxy);
    upstream.server.shutdown().await;
}

fn yaml_quoted(text: &str) -> String {
    format!("'{}'", text.replace('\'', "''"))
}

fn b64(text: &str) -> String {
    base64::engine::general_purpose::STANDARD.encode(text)
}

fn har(seen: &[Seen]) -> String {
    let mut entries = vec![
        json!({"request": {"method": "GET", "url": "http://x/favicon.ico",
        "headers": []}, "response": {"status": 404, "content": {"text": "no"}}}),
    ];
    for (i, s) in seen.iter().enumerate() {
        let content = if i == 0 {
            json!({"mimeType": "application/x-amz-json-1.0", "text": b64(&s.answer), "encoding": "base64"})
        } else {
            json!({"mimeType": "application/x-amz-json-1.0", "text": s.answer})
        };
        entries.push(json!({"startedDateTime": "2026-11-27T00:00:00Z", "request": {"method": "POST",
            "url": "https://swf.us-east-1.amazonaws.com/", "httpVersion": "HTTP/1.1",
            "headers": [{"name": "x-amz-target", "value": s.target},
                        {"name": "Authorization", "value": "AWS4-HMAC-SHA256 Credential=AKIASWFCHECKFAKE4242/..."}],
            "postData": {"mimeType": "application/x-amz-json-1.0", "text": s.body.to_string()}},
            "response": {"status": s.status, "content": content}}));
    }
    serde_json::to_string_pretty(
        &json!({"log": {"version": "1.2", "creator": {"name": "test"},
        "entries": entries}}),
    )
    .unwrap()
}

fn vcrpy(seen: &[Seen]) -> String {
    let mut out = String::from("interactions:\n");
    for (i, s) in seen.iter().enumerate() {
        let body = if i == 0 {
            format!("!!binary |\n      {}", b64(&s.body.to_string()))
        } else {
            yaml_quoted(&s.body.to_string())
        };
        out.push_str(&format!(
            "- request:\n    body: {body}\n    headers:\n      X-Amz-Target:\n      - {}\n      Authorization:\n      - AWS4-HMAC-SHA256 Credential=AKIASWFCHECKFAKE4242\n    method: POST\n    uri: https://swf.us-east-1.amazonaws.com/\n  response:\n    body:\n      string: {}\n    headers: {{}}\n    status:\n      code: {}\n      message: OK\n",
            s.target,
            yaml_quoted(&s.answer),
            s.status
        ));
    }
    out.push_str("version: 1\n");
    out
}

fn ruby_vcr(seen: &[Seen]) -> String {
    let mut out = String::from("---\nhttp_interactions:\n");
    for s in seen {
        out.push_str(&format!(
            "- request:\n    method: post\n    uri: https://swf.us-east-1.amazonaws.com/\n    body:\n      encoding: UTF-8\n      string: {}\n    headers:\n      X-Amz-Target:\n      - {}\n  response:\n    status:\n      code: {}\n      message: OK\n    headers: {{}}\n    body:\n      encoding: ASCII-8BIT\n      base64_string: |\n        {}\n  recorded_at: Fri, 27 Nov 2026 00:00:00 GMT\n",
            yaml_quoted(&s.body.to_string()),
            s.target,
            s.status,
            b64(&s.answer)
        ));
    }
    out.push_str("recorded_with: VCR 6.2.0\n");
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn har_and_cassettes_import_and_replay() {
    let dir = temp_dir("import");
    let source = server::endpoint().await;
    std::fs::write(
        dir.join("browser.har"),
        har(&drive(&source.url, "har").await),
    )
    .unwrap();
    std::fs::write(
        dir.join("vcrpy.yaml"),
        vcrpy(&drive(&source.url, "vcrpy").await),
    )
    .unwrap();
    std::fs::write(
        dir.join("ruby.yml"),
        ruby_vcr(&drive(&source.url, "ruby").await),
    )
    .unwrap();
    source.server.shutdown().await;
    let out = dir.join("cases");
    let files: Vec<String> = ["browser.har", "vcrpy.yaml", "ruby.yml"]
        .iter()
        .map(|f| dir.join(f).to_string_lossy().into_owned())
        .collect();
    let mut args = vec!["import"];
    args.extend(files.iter().map(String::as_str));
    args.extend(["--out", out.to_str().unwrap()]);
    let cli = swfcheck_async(&args).await;
    let stderr = String::from_utf8_lossy(&cli.stderr);
    assert_eq!(cli.status.code(), Some(0), "{stderr}");
    assert_eq!(
        stderr.matches("13 exchange(s) in one case").count(),
        3,
        "{stderr}"
    );
    assert!(stderr.contains("1 non-SWF request(s) skipped"), "{stderr}");
    assert_no_credentials(&out);
    let fresh = server::endpoint().await;
    let report = replay(&out, &fresh.url).await;
    assert!(failing(&report).is_empty(), "{:#?}", failing(&report));
    let cases: BTreeSet<_> = report.results.iter().map(|r| r.id.clone()).collect();
    let want = ["recorded/browser", "recorded/ruby", "recorded/vcrpy"];
    assert_eq!(cases, want.iter().map(|s| s.to_string()).collect());
    fresh.server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_json_report_imports_and_replays() {
    let dir = temp_dir("import-report");
    let report = dir.join("report.json");
    let cli = swfcheck_async(&[
        "run",
        "--case",
        "rcwe/domain/*",
        "--report",
        &format!("json={}", report.display()),
    ])
    .await;
    assert_eq!(
        cli.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&cli.stderr)
    );
    let out = dir.join("cases");
    let cli = swfcheck_async(&[
        "import",
        report.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ])
    .await;
    let stderr = String::from_utf8_lossy(&cli.stderr);
    assert_eq!(cli.status.code(), Some(0), "{stderr}");
    assert!(stderr.contains("ValidationException"), "{stderr}");
    let fresh = server::endpoint().await;
    let replayed = replay(&out, &fresh.url).await;
    assert!(failing(&replayed).is_empty(), "{:#?}", failing(&replayed));
    fresh.server.shutdown().await;
}

#[tokio::test]
async fn malformed_recordings_name_the_file_and_line() {
    let dir = temp_dir("import-bad");
    let cases = [
        (
            "syntax.har",
            "{\n  \"log\": {\n    \"entries\": [,]\n  }\n}\n",
            "syntax.har:3:",
        ),
        (
            "shape.har",
            "{\n  \"log\": {\n    \"entries\": [{\"request\": {}}]\n  }\n}\n",
            "shape.har:3:",
        ),
        (
            "syntax.yaml",
            "interactions:\n- request:\n    method: POST\n   body: [\n",
            "syntax.yaml:",
        ),
        (
            "shape.yml",
            "interactions:\n- request:\n    method: POST\n  response:\n    status: {}\n",
            "shape.yml:5:",
        ),
        (
            "report.json",
            "{\"endpoint\": \"x\",\n \"cases\": 7}\n",
            "report.json:2:",
        ),
        (
            "journal.jsonl",
            "{\"target\": null, \"request\": \"{}\", \"status\": 200, \"answer\": \"\"}\nnope\n",
            "journal.jsonl:2:",
        ),
        ("notes.txt", "hello\n", "notes.txt: not a recording"),
        (
            "empty.har",
            "{\"log\": {\"entries\": []}}",
            "nothing to write",
        ),
    ];
    for (name, text, want) in cases {
        let path = dir.join(name);
        std::fs::write(&path, text).unwrap();
        let out = dir.join("out");
        let cli = swfcheck_async(&[
            "import",
            path.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ])
        .await;
        let stderr = String::from_utf8_lossy(&cli.stderr);
        assert_eq!(cli.status.code(), Some(2), "{name}: {stderr}");
        assert!(stderr.contains(want), "{name}: {stderr}");
        assert!(!stderr.contains("panicked"), "{name}: {stderr}");
    }
}

#[tokio::test]
async fn the_recorder_refuses_aws_without_allow_aws_and_an_empty_recording() {
    let dir = temp_dir("record-refusals");
    let out = dir.join("x.toml");
    let aws = swfcheck_async(&[
        "record",
        "--upstream",
        "https://swf.us-east-1.amazonaws.com",
        "--listen",
        "127.0.0.1:0",
        "--out",
        out.to_str().unwrap(),
    ])
    .await;
    assert_eq!(aws.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&aws.stderr).contains("--allow-aws"));
    // Stopped before any request: nothing to write, exit 2, no file and no journal left.
    let upstream = server::endpoint().await;
    let rec = start_recorder(&upstream.url, &out);
    let (code, stderr) = tokio::task::spawn_blocking(move || stop_recorder(rec))
        .await
        .unwrap();
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stderr.contains("nothing to write"), "{stderr}");
    assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 0);
    upstream.server.shutdown().await;
}
