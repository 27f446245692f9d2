//! `swfcheck import`: HAR, vcrpy and Ruby VCR files written here, and a JSON report, import
//! and replay against the reference endpoint; malformed recordings are exit 2 with the file
//! and line, never a panic.

mod common;

use base64::Engine;
use common::cli::swfcheck_async;
use common::server;
use common::temp::TempDir;
use common::traffic::{Seen, assert_no_credentials, drive, failing, replay};
use serde_json::json;
use std::collections::BTreeSet;

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
    let tmp = TempDir::new("import");
    let dir = tmp.path().to_path_buf();
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
    // Each replayed case also holds its 2xx answers to the model (the loader's output checks)
    // and to what their values mean (issue 28: the execution it describes, its times).
    let want: BTreeSet<String> = ["recorded/browser", "recorded/ruby", "recorded/vcrpy"]
        .iter()
        .flat_map(|c| {
            [
                "",
                "/output",
                "/output-constraints",
                "/output-undocumented",
                "/meaning-execution-history",
                "/meaning-executions",
                "/meaning-time",
            ]
            .map(|k| format!("{c}{k}"))
        })
        .collect();
    assert_eq!(cases, want);
    fresh.server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_json_report_imports_and_replays() {
    let tmp = TempDir::new("import-report");
    let dir = tmp.path().to_path_buf();
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
    let tmp = TempDir::new("import-bad");
    let dir = tmp.path().to_path_buf();
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

/// Issue 27 item 4: most cassettes were recorded in an account whose domain and types
/// existed already, so they hold no RegisterDomain or RegisterWorkflowType. The import adds
/// that setup (with the type's defaults the recording shows: its task list, timeouts and
/// child policy), keeps the names, and the case replays on a fresh endpoint, and again on
/// the same one.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cassette_whose_domain_preexisted_replays_on_a_fresh_endpoint() {
    let tmp = TempDir::new("import-preexisting");
    let dir = tmp.path().to_path_buf();
    let source = server::endpoint().await;
    let seen = drive(&source.url, "preexisting").await;
    source.server.shutdown().await;
    assert!(
        seen[0].target.ends_with("RegisterDomain")
            && seen[1].target.ends_with("RegisterWorkflowType")
    );
    // The recorder started after the account's domain and type were registered.
    let cassette = dir.join("cassette.yaml");
    std::fs::write(&cassette, vcrpy(&seen[2..])).unwrap();
    let out = dir.join("cases");
    let args = [
        "import",
        cassette.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ];
    let cli = swfcheck_async(&args).await;
    assert_eq!(
        cli.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&cli.stderr)
    );
    let written = std::fs::read_to_string(out.join("cassette.toml")).unwrap();
    for setup in [
        "operation = \"RegisterDomain\"\nbody = { name = \"preexisting\", workflowExecutionRetentionPeriodInDays = \"1\" }",
        "or_fault = \"DomainAlreadyExistsFault\"",
        "operation = \"RegisterWorkflowType\"\nbody = { childPolicy",
    ] {
        // The type's defaults come from what the recording shows of its executions.
        let setup = setup.replace(
            "body = { childPolicy",
            "body = { defaultChildPolicy = \"TERMINATE\", defaultExecutionStartToCloseTimeout = \"600\", defaultTaskList = { name = \"tl\" }, defaultTaskStartToCloseTimeout = \"60\", domain = \"preexisting\", name = \"wf\", version = \"1\" }",
        );
        assert!(written.contains(&setup), "{setup}\nnot in:\n{written}");
    }
    let fresh = server::endpoint().await;
    for attempt in ["fresh", "again"] {
        let report = replay(&out, &fresh.url).await;
        assert!(
            failing(&report).is_empty(),
            "{attempt}: {:#?}",
            failing(&report)
        );
    }
    fresh.server.shutdown().await;
}
