//! The JSON report's contract is a JSON Schema (docs/src/reference/report.schema.json), and
//! real reports meet it: a failing run (groups, failed assertions, evidence), a run compared
//! with a second endpoint, and the merge of two shards. A report that breaks the contract (an
//! unknown verdict, a missing summary, a member nobody documented) does not.

mod docs_support;

use serde_json::{Value, json};
use std::process::Command;

fn schema() -> (boon::Schemas, boon::SchemaIndex) {
    let path = docs_support::root().join("docs/src/reference/report.schema.json");
    let text = std::fs::read_to_string(&path).unwrap();
    let value: Value = serde_json::from_str(&text).unwrap();
    let mut schemas = boon::Schemas::new();
    let mut compiler = boon::Compiler::new();
    let url = "file:///report.schema.json";
    compiler.add_resource(url, value).unwrap();
    let index = compiler.compile(url, &mut schemas).unwrap();
    (schemas, index)
}

/// Runs swfcheck in `dir`; its exit status.
fn swfcheck(dir: &std::path::Path, args: &[&str]) -> Option<i32> {
    Command::new(env!("CARGO_BIN_EXE_swfcheck"))
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap()
        .status
        .code()
}

fn read(path: &std::path::Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn errors(report: &Value) -> Option<String> {
    let (schemas, index) = schema();
    schemas
        .validate(report, index)
        .err()
        .map(|e| format!("{e:#}"))
}

/// A serve on a free port, stopped when dropped.
struct Serve(std::process::Child, String);

impl Serve {
    fn start() -> Serve {
        let mut child = Command::new(env!("CARGO_BIN_EXE_swfcheck"))
            .args(["serve", "--addr", "127.0.0.1:0"])
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        let mut line = String::new();
        let out = child.stdout.take().unwrap();
        std::io::BufRead::read_line(&mut std::io::BufReader::new(out), &mut line).unwrap();
        Serve(child, format!("http://{}", line.trim()))
    }
}

impl Drop for Serve {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[test]
fn real_reports_meet_the_schema_and_broken_ones_do_not() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let cases = docs_support::root().join("examples/cases/signal-mistaken.toml");
    let cases = cases.to_str().unwrap();
    assert_eq!(
        swfcheck(
            d,
            &["run", "--cases", cases, "--report", "json=failing.json"]
        ),
        Some(1)
    );
    let other = Serve::start();
    let compared = [
        "--compare",
        other.1.as_str(),
        "--report",
        "json=compared.json",
    ];
    let args = [&["run", "--case", "rcwe/domain/len-25*"][..], &compared[..]].concat();
    assert_eq!(swfcheck(d, &args), Some(0));
    for (i, shard) in ["1/2", "2/2"].iter().enumerate() {
        let json = format!("json=shard-{i}.json");
        let args = [
            "run", "--case", "rcwe/*", "--shard", shard, "--report", &json,
        ];
        assert_eq!(swfcheck(d, &args), Some(0));
    }
    let merge = [
        "merge",
        "shard-0.json",
        "shard-1.json",
        "--report",
        "json=merged.json",
    ];
    assert_eq!(swfcheck(d, &merge), Some(0));

    let failing = read(&d.join("failing.json"));
    assert!(!failing["groups"].as_array().unwrap().is_empty());
    assert!(failing["cases"][0]["failed"].is_array());
    assert!(read(&d.join("compared.json"))["compare"].is_object());
    for name in ["failing.json", "compared.json", "merged.json"] {
        let report = read(&d.join(name));
        assert_eq!(errors(&report), None, "{name} does not meet the schema");
    }

    let mut unknown_verdict = failing.clone();
    unknown_verdict["cases"][0]["verdict"] = json!("maybe");
    let mut no_summary = failing.clone();
    no_summary.as_object_mut().unwrap().remove("summary");
    let mut undocumented = failing.clone();
    undocumented["cases"][0]["surprise"] = json!(1);
    let mut bad_assertion = failing;
    bad_assertion["cases"][0]["failed"][0]["holds"] = json!("no");
    for broken in [unknown_verdict, no_summary, undocumented, bad_assertion] {
        assert!(errors(&broken).is_some(), "a broken report met the schema");
    }
}
