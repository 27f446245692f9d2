//! `swfcheck record`: traffic through the recording proxy (a Rust client, boto3) becomes a
//! case file that replays green against the reference endpoint and red against faulty ones;
//! no credential reaches a written file; an AWS upstream needs --allow-aws.

mod common;

use common::cli::{FAKE_CREDENTIALS, spawn_listening, swfcheck_async};
use common::faulty::{self, Break};
use common::server;
use common::suite::failing as ids;
use common::temp::TempDir;
use common::traffic::{assert_no_credentials, drive, failing, replay};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Child, Command};

struct Recorder {
    child: Child,
    url: String,
}

fn start_recorder(upstream: &str, out: &Path) -> Recorder {
    let mut command = Command::new(env!("CARGO_BIN_EXE_swfcheck"));
    command
        .args([
            "record",
            "--upstream",
            upstream,
            "--listen",
            "127.0.0.1:0",
            "--out",
        ])
        .arg(out)
        .envs(FAKE_CREDENTIALS);
    let (child, addr) = spawn_listening(&mut command);
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
        // A failed exchange fails the case; the checks of the case's own answer are judged
        // all the same (issue 28 item 3).
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
    let tmp = TempDir::new("record");
    let dir = tmp.path().to_path_buf();
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
    let tmp = TempDir::new("record-boto3");
    let dir = tmp.path().to_path_buf();
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

#[tokio::test]
async fn the_recorder_refuses_aws_without_allow_aws_and_an_empty_recording() {
    let tmp = TempDir::new("record-refusals");
    let dir = tmp.path().to_path_buf();
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
