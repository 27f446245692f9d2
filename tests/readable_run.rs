//! What a run prints and writes for a person (issue 15): divergences grouped by cause,
//! `--format` each way, observe-level differences noted, `--compare`, flaky cases.

mod common;

use common::cli::swfcheck_async;
use common::faulty::{self, Break};
use common::temp::TempDir;
use serde_json::Value as Json;

fn read_json(path: &std::path::Path) -> Json {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

const MOTO_LIKE_OPERATIONS: [&str; 6] = [
    "--operation",
    "DescribeDomain",
    "--operation",
    "CountOpenWorkflowExecutions",
    "--operation",
    "DescribeWorkflowType",
];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_moto_like_endpoint_gives_a_small_stable_set_of_groups_in_every_format() {
    let tmp = TempDir::new("readable");
    let server = swfcheck::server::start_default().await.unwrap();
    let proxy = faulty::start(Break::MotoLike, format!("http://{}/", server.addr())).await;
    let json_path = tmp.join("moto-like.json");
    let mut args = vec!["run", "--suite", "generated", "--endpoint"];
    let url = proxy.url();
    args.push(&url);
    args.extend(MOTO_LIKE_OPERATIONS);
    let report = format!("json={}", json_path.display());
    let mut grouped = args.clone();
    grouped.extend(["--report", &report]);
    let out = swfcheck_async(&grouped).await;
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&out.stdout);

    // The groups, largest first: what the JSON report holds is what the terminal shows.
    let json = read_json(&json_path);
    let groups = json["groups"].as_array().unwrap();
    let summary: Vec<String> = groups
        .iter()
        .map(|g| {
            let ops = g["operations"].as_array().unwrap().len();
            format!(
                "{} · {ops} op(s) · {} · {} · {}",
                g["checks"], g["kind"], g["expected"], g["answer"]
            )
        })
        .collect();
    assert_eq!(
        summary,
        // A group never mixes two failing operations (issue 20): the length and missing
        // members of DescribeDomain and DescribeWorkflowType are a group each; an answer
        // that is never documented is one group per operation and page, whatever the case
        // expected; a case's checks that failed on its answer are one cause (issue 26).
        vec![
            r#"166 · 1 op(s) · "undocumented answer" · "" · "HTTP 500 with an HTML body""#,
            r#"18 · 1 op(s) · "length" · "fault ValidationException; status 400" · "HTTP 200 with a JSON body""#,
            r#"8 · 1 op(s) · "undocumented answer" · "missing or null" · "HTTP 500 with an HTML body""#,
            r#"6 · 1 op(s) · "length" · "fault ValidationException; status 400" · "HTTP 200 with a JSON body""#,
            r#"4 · 1 op(s) · "undocumented answer" · "missing or null" · "HTTP 500 with an HTML body""#,
        ],
        "{summary:#?}"
    );
    let counting = json["cases"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["counts"] == true)
        .count();
    let grouped_checks: u64 = groups.iter().map(|g| g["checks"].as_u64().unwrap()).sum();
    assert_eq!(
        grouped_checks as usize, counting,
        "every divergence is in one group"
    );
    assert!(
        stdout.contains(&format!(
            "swfcheck: {counting} divergent check(s) ({counting} fail) in 5 group(s) by cause, largest first"
        )),
        "{stdout}"
    );
    assert!(stdout.contains("\n  166 checks · 84 cases · CountOpenWorkflowExecutions · undocumented answer\n      CountOpenWorkflowExecutions answered HTTP 500 with an HTML body, never a documented answer; the page names no error: the endpoint's log tells whether every one is the same crash\n      e.g. CountOpenWorkflowExecutions/"), "{stdout}");
    assert!(
        stdout.contains("where fault ValidationException; status 400 is documented"),
        "{stdout}"
    );
    assert_eq!(
        stdout
            .matches("      its failing exchange: curl -sS -i")
            .count(),
        5,
        "{stdout}"
    );
    assert_eq!(
        stdout
            .matches("the whole case again, every exchange shown: swfcheck run --case")
            .count(),
        5,
        "{stdout}"
    );
    assert!(
        !stdout.contains("operation                          level"),
        "{stdout}"
    );

    // docs/moto-divergences.md is written from these groups by scripts/divergences.py.
    let page = std::process::Command::new("python3")
        .arg(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/scripts/divergences.py"
        ))
        .arg(&json_path)
        .arg("moto-like test endpoint")
        .output()
        .expect("python3 runs");
    let page = String::from_utf8_lossy(&page.stdout);
    assert!(
        page.starts_with("# Divergences of moto-like test endpoint\n"),
        "{page}"
    );
    assert!(
        page.contains("| [1](#group-1) | 166 | 84 | CountOpenWorkflowExecutions | undocumented answer | CountOpenWorkflowExecutions answered HTTP 500 with an HTML body, never a documented answer; the page names no error: the endpoint's log tells whether every one is the same crash |"),
        "{page}"
    );
    assert_eq!(page.matches("\n### Group ").count(), 5, "{page}");
    assert!(
        page.contains("'http://127.0.0.1:PORT/'") && !page.contains(&url),
        "{page}"
    );

    // --format cases: one line per check that did not pass.
    let mut cases = args.clone();
    cases.extend(["--format", "cases"]);
    let out = swfcheck_async(&cases).await;
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&out.stdout);
    let fail_lines = stdout.lines().filter(|l| l.starts_with("FAIL ")).count();
    assert_eq!(fail_lines, counting, "{stdout}");
    assert!(!stdout.contains("divergent check(s)"), "{stdout}");

    // --format table: today's operation × level table.
    let mut table = args.clone();
    table.extend(["--format", "table"]);
    let out = swfcheck_async(&table).await;
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.starts_with("operation "), "{stdout}");
    assert!(stdout.contains("\nDescribeDomain "), "{stdout}");
    assert!(
        !stdout.contains("divergent check(s)") && !stdout.contains("\nFAIL "),
        "{stdout}"
    );
    let counting_at = |level: &str| {
        json["cases"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|c| c["counts"] == true && c["level"] == level)
            .count()
    };
    // What cleanup did follows the conclusion when the run left something open (the
    // generated cases' own types and executions since issue 28 item 2).
    let last = stdout
        .lines()
        .rev()
        .find(|l| !l.starts_with("swfcheck: cleanup"))
        .unwrap_or("");
    let sentence = format!(
        "is not conformant: {} must and {} should divergences, and {} observe-level",
        counting_at("must"),
        counting_at("should"),
        counting_at("observe")
    );
    assert!(
        last.contains(&sentence),
        "the last line counts them: {stdout}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn compare_reports_exactly_the_one_behaviour_two_endpoints_differ_in() {
    let tmp = TempDir::new("readable");
    // Two reference endpoints, so that what one run does cannot change what the other sees;
    // the second behind a proxy that answers a successful cancel with `{}`.
    let server = swfcheck::server::start_default().await.unwrap();
    let upstream = format!("http://{}/", server.addr());
    let other = swfcheck::server::start_default().await.unwrap();
    let proxy = faulty::start(Break::SuccessBody, format!("http://{}/", other.addr())).await;
    let json_path = tmp.join("compare.json");
    let html_path = tmp.join("compare.html");
    let out = swfcheck_async(&[
        "run",
        "--case",
        "rcwe/*",
        "--endpoint",
        &upstream,
        "--compare",
        &proxy.url(),
        "--report",
        &format!("json={}", json_path.display()),
        "--report",
        &format!("html={}", html_path.display()),
    ])
    .await;
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    let json = read_json(&json_path);
    // The cases where the first endpoint answered the cancel with 200 and an empty body:
    // exactly those the second answers with `{}`.
    let mut successes: Vec<&str> = json["cases"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["operation"] == "RequestCancelWorkflowExecution")
        .filter(|c| c["evidence"]["status"] == 200 && c["evidence"]["response_body"] == "")
        .map(|c| {
            c["case_id"]
                .as_str()
                .unwrap_or_else(|| c["id"].as_str().unwrap())
        })
        .collect();
    successes.sort_unstable();
    successes.dedup();
    assert!(successes.len() >= 3, "{successes:?}");
    let compare = &json["compare"];
    assert_eq!(compare["endpoint"], proxy.url());
    let mut differing: Vec<&str> = compare["differences"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["case"].as_str().unwrap())
        .collect();
    differing.sort_unstable();
    assert_eq!(differing, successes);
    for d in compare["differences"].as_array().unwrap() {
        let diff = d["diff"].as_str().unwrap();
        assert!(
            diff.contains("-body: empty") && diff.contains("+body (JSON):"),
            "{diff}"
        );
        assert!(d["first"].as_str().unwrap().contains("body: empty"));
        assert!(d["second"].as_str().unwrap().contains("body (JSON):\n{}"));
    }
    assert!(
        stdout.contains(&format!(
            "swfcheck: --compare {}: {} of ",
            proxy.url(),
            successes.len()
        )),
        "{stdout}"
    );
    let html = std::fs::read_to_string(&html_path).unwrap();
    assert!(
        html.contains("<table id=\"compare\">"),
        "the HTML report has both sides"
    );
    assert_eq!(
        html.matches("<td class=\"side\">").count(),
        2 * successes.len()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_case_that_fails_then_passes_is_flaky_and_does_not_fail_the_run() {
    let tmp = TempDir::new("readable");
    let server = swfcheck::server::start_default().await.unwrap();
    let proxy = faulty::start(Break::Flaky, format!("http://{}/", server.addr())).await;
    let url = proxy.url();
    let json_path = tmp.join("flaky.json");
    let junit_path = tmp.join("flaky.xml");
    let base = [
        "run",
        "--suite",
        "generated",
        "--operation",
        "DescribeDomain",
        "--jobs",
        "1",
        "--endpoint",
        &url,
    ];
    let mut args = base.to_vec();
    let (json_arg, junit_arg) = (
        format!("json={}", json_path.display()),
        format!("junit={}", junit_path.display()),
    );
    args.extend(["--report", &json_arg, "--report", &junit_arg]);
    let out = swfcheck_async(&args).await;
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    let json = read_json(&json_path);
    let flaky: Vec<&Json> = json["cases"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["verdict"] == "flaky")
        .collect();
    // 12 DescribeDomain cases, one request in 3 crashes: about four of them, never none.
    assert!(!flaky.is_empty(), "{stdout}");
    for c in &flaky {
        assert_eq!(c["first_attempt"]["status"], 500, "{c}");
        assert_ne!(c["evidence"]["status"], 500, "{c}");
        assert_eq!(c["counts"], false);
    }
    assert_eq!(
        json["summary"]["flaky"].as_u64().unwrap() as usize,
        flaky.len()
    );
    assert!(
        stdout.contains(&format!("swfcheck: {} flaky check(s)", flaky.len())),
        "{stdout}"
    );
    let junit = std::fs::read_to_string(&junit_path).unwrap();
    assert_eq!(
        junit.matches("<flakyFailure").count(),
        flaky.len(),
        "{junit}"
    );
    assert!(!junit.contains("<failure"), "{junit}");

    // --no-retry: the first failure is the verdict.
    let mut args = base.to_vec();
    args.push("--no-retry");
    let out = swfcheck_async(&args).await;
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(!stdout.contains("flaky"), "{stdout}");
    assert!(stdout.contains("HTTP 500 with an HTML body"), "{stdout}");
}

#[test]
fn explain_shows_definition_source_checks_and_a_curl_line() {
    let out = common::cli::swfcheck(&[
        "explain",
        "rcwe/domain/len-257/message",
        "--endpoint",
        "http://127.0.0.1:5999",
    ]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    assert!(
        stdout.starts_with("case rcwe/domain/len-257\noperation: RequestCancelWorkflowExecution\n"),
        "{stdout}"
    );
    assert!(
        stdout.contains("cites: seed: domain, \"Maximum length of 256.\""),
        "{stdout}"
    );
    assert!(
        stdout.contains(
            "  rcwe/domain/len-257 [must]: expects status 400; fault ValidationException\n"
        ),
        "{stdout}"
    );
    assert!(
        stdout.contains(
            "  rcwe/domain/len-257/message [observe]: expects message \"1 validation error detected"
        ),
        "{stdout}"
    );
    assert!(
        stdout.contains("[[case]]\nid = \"rcwe/domain/len-257\""),
        "{stdout}"
    );
    assert!(
        stdout.contains("#!/usr/bin/env bash\n") && stdout.contains("curl -sS --aws-sigv4"),
        "{stdout}"
    );
    assert!(
        stdout.contains("ENDPOINT=${ENDPOINT:-'http://127.0.0.1:5999'}"),
        "{stdout}"
    );
    let out = common::cli::swfcheck(&["explain", "no/such/case"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no case has the id \"no/such/case\""));
}
