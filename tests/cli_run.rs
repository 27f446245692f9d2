//! `swfcheck run` end to end: exit codes, the JSON report's documented shape,
//! bad case files and unreachable endpoints.

mod common;

use common::temp::TempDir;
use serde_json::Value as Json;
use std::io::Write;
use std::process::{Command, Output};
use std::time::{Duration, Instant};

fn swfcheck(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_swfcheck"))
        .args(args)
        .env_remove("AWS_ACCESS_KEY_ID")
        .env_remove("AWS_SECRET_ACCESS_KEY")
        .output()
        .unwrap()
}

/// The documented shape of the JSON report (README, "The JSON report").
fn assert_report_shape(report: &Json) {
    for key in ["endpoint", "started"] {
        assert!(report[key].is_string(), "{key}");
    }
    assert!(report["conformant"].is_boolean());
    assert!(report["interrupted"].is_boolean());
    let cases = report["cases"].as_array().expect("cases");
    assert!(!cases.is_empty());
    for c in cases {
        let obj = c.as_object().unwrap();
        let keys: Vec<&str> = obj.keys().map(String::as_str).collect();
        let optional = [
            "case_id",
            "category",
            "origin",
            "evidence",
            "first_attempt",
            "cause",
            "variation",
            "check",
            "expects_fault",
            "failed",
            "answered",
        ];
        let required = 8;
        assert!(keys.len() >= required, "{keys:?}");
        assert!(keys.len() <= required + optional.len(), "{keys:?}");
        assert!(c["counts"].is_boolean(), "counts in {c}");
        for key in ["id", "operation", "source", "expected", "actual"] {
            assert!(c[key].is_string(), "{key} in {c}");
        }
        assert!(["must", "should", "observe"].contains(&c["level"].as_str().unwrap()));
        for a in c["failed"].as_array().into_iter().flatten() {
            assert!(a["query"].is_string() || a["query"].is_object(), "{a}");
            assert_eq!(a["holds"], false, "{a}");
        }
        let verdicts = [
            "pass",
            "fail",
            "noted",
            "flaky",
            "not-implemented",
            "error",
            "skipped",
            "snapshot-changed",
        ];
        assert!(verdicts.contains(&c["verdict"].as_str().unwrap()));
    }
    let summary = report["summary"].as_object().unwrap();
    let total: u64 = summary.values().map(|v| v.as_u64().unwrap()).sum();
    assert_eq!(total as usize, cases.len());
    assert_eq!(summary.len(), 8);
    assert!(report["groups"].is_array(), "groups");
}

#[test]
fn the_default_run_passes_and_writes_the_json_report() {
    let tmp = TempDir::new("cli-run");
    let path = tmp.join("report.json");
    let out = swfcheck(&["run", "--report", &format!("json={}", path.display())]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // Short on success: the counts and one sentence; no table, no progress on stdout.
    let last = stdout
        .lines()
        .rev()
        .find(|l| !l.contains("cleanup"))
        .unwrap_or("");
    assert!(
        last.ends_with(
            "is conformant: 0 must and 0 should divergences, 12 observe-level difference(s) noted."
        ),
        "{stdout}"
    );
    assert!(
        stdout.contains(" 0 fail, 12 noted (observe-level differences"),
        "{stdout}"
    );
    assert!(stdout.lines().count() <= 3, "{stdout}");
    assert!(
        !stdout.contains("cases/s") && !stdout.contains('\r'),
        "{stdout}"
    );
    // No terminal: a few plain progress lines on stderr, no bar.
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains('\r'), "{stderr}");
    assert!(
        stderr.lines().filter(|l| l.contains("cases/s")).count() <= 3,
        "{stderr}"
    );
    let report: Json = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    assert_report_shape(&report);
    assert_eq!(report["conformant"], true);
    // What does not pass on the reference endpoint is an observation, never a must or should.
    for c in report["cases"].as_array().unwrap() {
        if c["verdict"] != "pass" {
            assert_eq!(c["level"], "observe", "{c}");
            assert_eq!(
                c["verdict"], "noted",
                "an observe-level difference is noted: {c}"
            );
        }
    }
    let operations: std::collections::BTreeSet<&str> = report["cases"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["operation"].as_str().unwrap())
        .collect();
    assert_eq!(
        operations.len(),
        39,
        "generated cases cover every operation"
    );
}

#[test]
fn a_divergence_exits_1_and_names_the_case() {
    let tmp = TempDir::new("cli-run");
    let path = tmp.join("divergent.toml");
    let mut f = std::fs::File::create(&path).unwrap();
    writeln!(
        f,
        r#"[[case]]
id = "test/expects-the-wrong-status"
operation = "RequestCancelWorkflowExecution"
source = "a deliberately wrong expectation"
request.body = {{ domain = "${{unknownDomain}}", workflowId = "w" }}
check = [{{ status = 200 }}]"#
    )
    .unwrap();
    let out = swfcheck(&["run", "--cases", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("1 divergent check(s) (1 fail) in 1 group(s)")
            && stdout.contains("e.g. test/expects-the-wrong-status")
            && stdout.contains(
                "HTTP 400 UnknownResourceFault: Unknown domain: … where status 200 is documented"
            ),
        "{stdout}"
    );
    assert!(stdout.contains("curl -sS -i"), "{stdout}");
    assert!(
        stdout.ends_with("is not conformant: 1 must and 0 should divergences.\n"),
        "{stdout}"
    );
}

#[test]
fn a_bad_case_file_exits_2_naming_file_and_line() {
    let tmp = TempDir::new("cli-run");
    let path = tmp.join("bad.toml");
    std::fs::write(&path, "[[case]]\nid = \"x\"\noperation = \"RequestCancelWorkflowExecution\"\nsource = \"s\"\nsetup = \"sideways\"\n").unwrap();
    let out = swfcheck(&["run", "--cases", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(&format!("{}:5", path.display())),
        "{stderr}"
    );
    assert!(stderr.contains("sideways"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn an_unreachable_endpoint_exits_2_quickly() {
    // Bind and drop a listener: nothing listens on that port any more.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let start = Instant::now();
    let out = swfcheck(&[
        "run",
        "--endpoint",
        &format!("http://127.0.0.1:{port}"),
        "--timeout",
        "5s",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("unreachable"), "{stderr}");
    assert!(
        start.elapsed() < Duration::from_secs(20),
        "took {:?}",
        start.elapsed()
    );
}

#[test]
fn configuration_errors_exit_2_with_a_message() {
    for (args, needle) in [
        (vec!["run", "--endpoint", "not a url"], "bad endpoint"),
        (
            vec!["run", "--endpoint", "https://swf.us-east-1.amazonaws.com"],
            "--allow-aws",
        ),
        (
            vec!["run", "--operation", "CancelEverything"],
            "not an SWF operation",
        ),
        (
            vec!["run", "--case", "nothing/matches/*"],
            "no case matches",
        ),
        (vec!["run", "--report", "xml=out.xml"], "FORMAT=PATH"),
        (
            vec!["run", "--report", "json=/nonexistent-dir/r.json"],
            "cannot write",
        ),
        (vec!["run", "--timeout", "soon"], "timeout"),
        (
            vec!["run", "--cases", "/nonexistent/cases.toml"],
            "cannot read",
        ),
        (vec!["fuzz", "--time", "0s"], "more than zero"),
    ] {
        let out = swfcheck(&args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains(needle), "{args:?}: {stderr}");
        assert!(!stderr.contains("panicked"), "{stderr}");
        // A cause the message already names is not repeated after it.
        let os_errors = stderr.matches("(os error").count();
        assert!(
            os_errors <= 1,
            "{args:?}: the cause is said twice: {stderr}"
        );
    }
}

#[test]
fn list_shows_cases_with_sources_and_counts() {
    let out = swfcheck(&["list"]);
    assert_eq!(out.status.code(), Some(0));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("rcwe/domain/len-257"), "{stdout}");
    assert!(stdout.contains("seed:"), "{stdout}");
    assert!(
        stdout.contains("RequestCancelWorkflowExecution:"),
        "{stdout}"
    );
    assert!(stdout.contains("\ndocumentation: "), "{stdout}");
    assert!(
        stdout.ends_with("53 provoked by a case, 48 not provokable here, 0 missing\n"),
        "{stdout}"
    );
    let faults = swfcheck(&["list", "--faults"]);
    let matrix = String::from_utf8_lossy(&faults.stdout);
    assert!(
        matrix.contains("StartWorkflowExecution           DefaultUndefinedFault                  faults/start-workflow-execution/default-undefined"),
        "{matrix}"
    );
    assert!(
        matrix.contains("LimitExceededFault                     not provoked: "),
        "{matrix}"
    );
}

#[test]
fn a_report_on_stdout_keeps_stdout_for_the_report() {
    let out = swfcheck(&["run", "--case", "rcwe/domain/*", "--report", "json=-"]);
    assert_eq!(out.status.code(), Some(0));
    let report: Json =
        serde_json::from_slice(&out.stdout).expect("stdout is the JSON report alone");
    assert_report_shape(&report);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(" is conformant: 0 must and 0 should divergences"),
        "{stderr}"
    );
}

#[test]
fn an_observe_level_difference_is_noted_unless_strict() {
    let case = "ListDomains/nextPageToken/len-2048";
    let out = swfcheck(&["run", "--case", case]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    assert!(
        stdout.contains(" pass, 0 fail, 1 noted (observe-level"),
        "{stdout}"
    );
    let out = swfcheck(&["run", "--case", case, "--strict", "--format", "cases"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(
        stdout.starts_with(&format!("FAIL     [observe] {case}: ")),
        "{stdout}"
    );
}

#[test]
fn a_run_against_aws_leaves_out_the_cases_that_would_leave_a_domain_behind() {
    // The endpoint is unreachable: the run stops at its preflight, after the selection.
    let args = ["run", "--endpoint", "http://127.0.0.1:1/", "--allow-aws"];
    let out = common::cli::swfcheck(&args);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    let suite = swfcheck::generate::suite(swfcheck::generate::Suite::All).unwrap();
    let registering: Vec<&str> = suite
        .iter()
        .filter(|c| c.registers_domain())
        .map(|c| c.id.as_str())
        .collect();
    let n = registering.len();
    assert!(n > 0 && registering.iter().any(|id| id.starts_with("domains/")));
    assert!(
        stderr.contains(&format!(
            "left out {n} case(s) that register a domain of their own"
        )) && stderr.contains("--new-domains runs them"),
        "{stderr}"
    );
    let out = common::cli::swfcheck(&[&args[..], &["--new-domains"]].concat());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("register a domain"), "{stderr}");
    // Skipping some by glob leaves fewer to leave out.
    let out = common::cli::swfcheck(&[&args[..], &["--skip", "domains/*"]].concat());
    let stderr = String::from_utf8_lossy(&out.stderr);
    let skipped = registering
        .iter()
        .filter(|id| id.starts_with("domains/"))
        .count();
    assert!(
        stderr.contains(&format!("left out {} case(s)", n - skipped)),
        "{stderr}"
    );
    // Without --allow-aws (an emulator) nothing is said.
    let out = common::cli::swfcheck(&args[..3]);
    assert!(!String::from_utf8_lossy(&out.stderr).contains("register a domain"));
}
