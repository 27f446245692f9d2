//! `swfcheck replay` and `swfcheck import` of a history on the command line: exit 0 for a
//! history replayed the same, 1 for one that differs, 2 for one that contradicts itself (the
//! event named); the examples of `replay --help` are what the command prints; an imported
//! history is a case that passes on the reference and fails where the endpoint breaks it.

mod common;

use common::cli::{swfcheck, swfcheck_async};
use common::faulty::Break;
use common::temp::TempDir;
use serde_json::{Value as Json, json};
use std::path::{Path, PathBuf};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/histories/replays")
        .join(name)
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// The output with its timings (`0.01 s`) and the prefix of the run's names left out.
fn steady(output: &str) -> String {
    output
        .split_inclusive('\n')
        .map(|line| match line.rfind(", ") {
            Some(at) if line.trim_end().ends_with(" s)") => format!("{})\n", &line[..at]),
            _ => line.to_owned(),
        })
        .collect()
}

#[test]
fn exit_statuses_say_same_differ_and_could_not() {
    let tmp = TempDir::new("replay-cli");
    let same = fixture("timer-fired.json");
    let out = swfcheck(&["replay".as_ref(), same.as_os_str()]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("timer-fired.json: same (10 events recorded, 10 written"));

    let doctored = fixture("doctored/timer-fired-task-timeout.json");
    let report = tmp.join("report.json");
    let out = swfcheck(&[
        "replay".as_ref(),
        same.as_os_str(),
        doctored.as_os_str(),
        "--report".as_ref(),
        report.as_os_str(),
    ]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let json: Json = serde_json::from_slice(&std::fs::read(&report).unwrap()).unwrap();
    let replays = json["replays"].as_array().unwrap();
    assert_eq!(replays[0]["status"], "same");
    assert_eq!(replays[1]["status"], "differ");
    let diff = &replays[1]["differences"][0];
    assert_eq!(diff["kind"], "changed");
    assert_eq!(
        diff["members"][0]["path"],
        "decisionTaskScheduledEventAttributes.startToCloseTimeout"
    );
    assert_eq!(diff["recorded"]["eventId"], 7);

    let broken = tmp.join("broken.json");
    let mut events: Json = serde_json::from_slice(&std::fs::read(&same).unwrap()).unwrap();
    events["events"][5]["timerFiredEventAttributes"]["startedEventId"] = json!(4);
    std::fs::write(&broken, events.to_string()).unwrap();
    let out = swfcheck(&["replay".as_ref(), broken.as_os_str()]);
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(
        err.contains("event 6 (TimerFired) is not self-consistent: "),
        "{err}"
    );
    assert!(err.contains("timerFiredEventAttributes.startedEventId expected an earlier TimerStarted event, found event 4 (DecisionTaskCompleted)"), "{err}");
    let out = swfcheck(&["replay", "/nonexistent/history.json"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("cannot read /nonexistent/history.json"));
}

#[test]
fn the_help_shows_a_real_replay_and_a_real_difference() {
    let help = text(&swfcheck(&["replay", "--help"]).stdout);
    let root = env!("CARGO_MANIFEST_DIR");
    for (args, code) in [
        (
            vec!["replay", "fixtures/histories/replays/child-timed-out.json"],
            0,
        ),
        (
            vec![
                "replay",
                "fixtures/histories/replays/doctored/timer-fired-task-timeout.json",
            ],
            1,
        ),
    ] {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_swfcheck"))
            .args(&args)
            .current_dir(root)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(code));
        let shown = steady(&text(&out.stdout));
        let command = format!("$ swfcheck {}\n", args.join(" "));
        let example = format!("{command}{shown}");
        assert!(
            steady(&help).contains(&example),
            "the help lacks:\n{example}\nhelp:\n{help}"
        );
    }
}

#[tokio::test]
async fn an_imported_history_is_a_case_that_replays_it() {
    let tmp = TempDir::new("replay-import");
    let cases = tmp.join("cases");
    let files: Vec<String> = [
        "timer-fired.json",
        "child-completed.json",
        "external-requests.json",
    ]
    .iter()
    .map(|f| fixture(f).display().to_string())
    .collect();
    let mut args = vec!["import"];
    args.extend(files.iter().map(String::as_str));
    args.extend(["--out", cases.to_str().unwrap()]);
    let out = swfcheck_async(&args).await;
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let case = std::fs::read_to_string(cases.join("timer-fired.toml")).unwrap();
    assert!(case.contains("id = \"replay/timer-fired\""), "{case}");
    assert!(case.contains("wait = \"2500ms\""), "{case}");
    let out = swfcheck_async(&["run", "--cases", cases.to_str().unwrap()]).await;
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}{}",
        text(&out.stdout),
        text(&out.stderr)
    );

    let reference = swfcheck::server::start("127.0.0.1:0", Default::default())
        .await
        .unwrap();
    let upstream = format!("http://{}/", reference.addr());
    for (mode, case) in [
        (Break::DropTimerFired, "timer-fired"),
        (Break::ChildCompletedAsFailed, "child-completed"),
        (Break::DropExternalEvents, "external-requests"),
    ] {
        let proxy = common::faulty::start(mode, upstream.clone()).await;
        let path = cases.join(format!("{case}.toml"));
        let out = swfcheck_async(&[
            "run",
            "--cases",
            path.to_str().unwrap(),
            "--endpoint",
            &proxy.url(),
        ])
        .await;
        assert_eq!(
            out.status.code(),
            Some(1),
            "{mode:?}: {}",
            text(&out.stdout)
        );
    }
    reference.shutdown().await;
}

#[test]
fn a_history_that_contradicts_itself_is_not_imported() {
    let tmp = TempDir::new("replay-import-broken");
    let mut events: Json =
        serde_json::from_slice(&std::fs::read(fixture("marker.json")).unwrap()).unwrap();
    events["events"][4]["markerRecordedEventAttributes"]["decisionTaskCompletedEventId"] = json!(2);
    let broken = tmp.join("broken.json");
    std::fs::write(&broken, events.to_string()).unwrap();
    let out = swfcheck(&[
        "import".as_ref(),
        broken.as_os_str(),
        "--out".as_ref(),
        tmp.join("out").as_os_str(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(
        err.contains("event 5 (MarkerRecorded) is not self-consistent: "),
        "{err}"
    );
    assert!(
        err.contains("found event 2 (DecisionTaskScheduled)"),
        "{err}"
    );
}
