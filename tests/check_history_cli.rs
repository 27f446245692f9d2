//! `swfcheck check-history`: exit 0 when every invariant holds, 1 on a must or should
//! violation, 2 when a file cannot be read (and which, and why); `--format json`.

mod common;

use common::cli::swfcheck;
use common::temp::TempDir;
use serde_json::{Value as Json, json};
use std::process::Output;

const REAL: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/histories/real");

fn real(name: &str) -> String {
    format!("{REAL}/{name}.json")
}

fn out(o: &Output) -> (Option<i32>, String, String) {
    (
        o.status.code(),
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

/// A copy of the timer history with a gap in its ids (event 17 numbered 18).
fn broken(dir: &TempDir) -> String {
    let text = std::fs::read_to_string(real("simpleflow/test_timer_and_cancel")).unwrap();
    let mut h: Json = serde_json::from_str(&text).unwrap();
    h["events"][16]["eventId"] = json!(18);
    let path = dir.join("gap.json");
    std::fs::write(&path, h.to_string()).unwrap();
    path.display().to_string()
}

#[test]
fn histories_that_hold_exit_0_with_a_line_each() {
    let files = [
        real("simpleflow/test_wait_signal"),
        real("elife-bot/decision"),
    ];
    let (code, stdout, _) = out(&swfcheck(&["check-history", &files[0], &files[1]]));
    assert_eq!(code, Some(0), "{stdout}");
    assert!(
        stdout.contains(
            "test_wait_signal.json: 31 events, 1 page(s): holds (0 violation(s), 0 noted)"
        ),
        "{stdout}"
    );
    assert!(
        stdout.ends_with("swfcheck: 2 file(s): 0 violation(s), 0 noted, 0 unreadable\n"),
        "{stdout}"
    );
}

#[test]
fn a_violation_exits_1_with_its_level_invariant_sentence_and_source() {
    let dir = TempDir::new("check-history");
    let gap = broken(&dir);
    let (code, stdout, _) = out(&swfcheck(&["check-history", &gap]));
    assert_eq!(code, Some(1), "{stdout}");
    assert!(
        stdout.contains("17 events, 1 page(s): BREAKS (1 violation(s), 0 noted)"),
        "{stdout}"
    );
    assert!(stdout.contains("  [should] ids-consecutive: event 18 (WorkflowExecutionCompleted): event ids are 1, 2, 3, ... in the order of the history: expected eventId 17, found 18\n      source: seen: SWF-WIRE.md §5.6"), "{stdout}");
}

#[test]
fn json_format_gives_the_violations_as_data() {
    let dir = TempDir::new("check-history");
    let gap = broken(&dir);
    let ok = real("simpleflow/test_child_workflow");
    let (code, stdout, _) = out(&swfcheck(&["check-history", "--format", "json", &ok, &gap]));
    assert_eq!(code, Some(1));
    let doc: Json = serde_json::from_str(&stdout).unwrap();
    assert_eq!(
        doc["summary"],
        json!({"files": 2, "violations": 1, "noted": 0, "unreadable": 0, "exit": 1})
    );
    assert_eq!(doc["files"][0]["holds"], true);
    let v = &doc["files"][1]["violations"][0];
    assert_eq!(
        (
            &v["invariant"],
            &v["level"],
            &v["events"],
            &v["expected"],
            &v["actual"],
            &v["position"]
        ),
        (
            &json!("ids-consecutive"),
            &json!("should"),
            &json!([18]),
            &json!(17),
            &json!(18),
            &json!(16)
        )
    );
    assert!(
        v["sentence"]
            .as_str()
            .unwrap()
            .starts_with("event 18 (WorkflowExecutionCompleted): ")
    );
    assert!(
        v["source"]
            .as_str()
            .unwrap()
            .starts_with("seen: SWF-WIRE.md §5.6")
    );
}

#[test]
fn an_observe_level_note_does_not_fail() {
    let dir = TempDir::new("check-history");
    let text = std::fs::read_to_string(real("simpleflow/test_child_workflow")).unwrap();
    let mut h: Json = serde_json::from_str(&text).unwrap();
    h["events"][0]["workflowExecutionStartedEventAttributes"]["reopenable"] = json!(true);
    let path = dir.join("noted.json");
    std::fs::write(&path, h.to_string()).unwrap();
    let (code, stdout, _) = out(&swfcheck(&["check-history", path.to_str().unwrap()]));
    assert_eq!(code, Some(0), "{stdout}");
    assert!(
        stdout.contains("holds (0 violation(s), 1 noted)"),
        "{stdout}"
    );
    assert!(
        stdout.contains("[observe] undocumented-member: event 1 (WorkflowExecutionStarted)"),
        "{stdout}"
    );
}

#[test]
fn files_that_cannot_be_read_exit_2_and_say_which_and_why() {
    let dir = TempDir::new("check-history");
    let empty = dir.join("empty.json");
    std::fs::write(&empty, "").unwrap();
    let not_json = dir.join("not.json");
    std::fs::write(&not_json, "{\"events\": [\n  {\"eventId\": 1},\n  oops\n]}").unwrap();
    let missing = dir.join("missing.json");
    let cases = [
        (
            missing.display().to_string(),
            format!(
                "cannot read {}: No such file or directory",
                missing.display()
            ),
        ),
        (
            dir.path().display().to_string(),
            format!(
                "{} is a directory (hint: name the history files in it",
                dir.path().display()
            ),
        ),
        (
            empty.display().to_string(),
            format!("{} is empty (hint: a history file holds", empty.display()),
        ),
        (
            not_json.display().to_string(),
            format!("{}:3:3: not JSON: expected value", not_json.display()),
        ),
    ];
    for (file, said) in &cases {
        let (code, stdout, stderr) = out(&swfcheck(&["check-history", file]));
        assert_eq!(code, Some(2), "{file}: {stdout}{stderr}");
        assert!(
            stderr.contains(&format!("swfcheck: error: {said}")),
            "{file}: {stderr}"
        );
        assert!(
            stdout.ends_with("swfcheck: 1 file(s): 0 violation(s), 0 noted, 1 unreadable\n"),
            "{stdout}"
        );
    }
}

#[test]
fn an_unreadable_file_wins_over_a_violation_and_the_others_are_still_checked() {
    let dir = TempDir::new("check-history");
    let gap = broken(&dir);
    let missing = dir.join("missing.json").display().to_string();
    let (code, stdout, stderr) = out(&swfcheck(&["check-history", &gap, &missing]));
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stdout.contains("BREAKS (1 violation(s)"), "{stdout}");
    let (code, stdout, _) = out(&swfcheck(&["check-history", "--format", "json", &missing]));
    assert_eq!(code, Some(2));
    let doc: Json = serde_json::from_str(&stdout).unwrap();
    assert!(
        doc["files"][0]["error"]
            .as_str()
            .unwrap()
            .starts_with("cannot read ")
    );
}

#[test]
fn pages_of_one_execution_in_one_file_are_one_history() {
    let dir = TempDir::new("check-history");
    let text = std::fs::read_to_string(real("simpleflow/test_wait_signal")).unwrap();
    let h: Json = serde_json::from_str(&text).unwrap();
    let events = h["events"].as_array().unwrap();
    let pages = [
        json!({"events": events[..20], "nextPageToken": "t"}),
        json!({"events": events[20..]}),
    ];
    let array = dir.join("array.json");
    std::fs::write(&array, json!(pages).to_string()).unwrap();
    let stream = dir.join("stream.json");
    std::fs::write(&stream, format!("{}\n{}\n", pages[0], pages[1])).unwrap();
    for f in [array, stream] {
        let (code, stdout, _) = out(&swfcheck(&["check-history", f.to_str().unwrap()]));
        assert_eq!(code, Some(0), "{stdout}");
        assert!(stdout.contains("31 events, 2 page(s): holds"), "{stdout}");
    }
}

#[test]
fn a_dash_reads_standard_input() {
    use std::io::Write;
    use std::process::{Command, Stdio};
    let text = std::fs::read(real("simpleflow/test_child_workflow")).unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_swfcheck"))
        .args(["check-history", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(&text).unwrap();
    let o = child.wait_with_output().unwrap();
    let (code, stdout, _) = out(&o);
    assert_eq!(code, Some(0), "{stdout}");
    assert!(
        stdout.starts_with("-: 14 events, 1 page(s): holds"),
        "{stdout}"
    );
}

#[test]
fn help_says_what_a_file_holds_and_the_exit_status() {
    let (code, stdout, _) = out(&swfcheck(&["check-history", "--help"]));
    assert_eq!(code, Some(0));
    for words in [
        "GetWorkflowExecutionHistory",
        "Exit status: 0",
        "2 a file cannot be read",
        "--format",
    ] {
        assert!(stdout.contains(words), "{words}: {stdout}");
    }
    let (code, _, stderr) = out(&swfcheck(&["check-history"]));
    assert_eq!(code, Some(2), "{stderr}");
}
