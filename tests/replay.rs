//! `swfcheck replay` (issue 29): the histories the reference wrote replay to the same history,
//! doctored ones differ, contradictory ones are refused with the event named, and the faulty
//! endpoints of tests/common/faulty/time.rs make some replay differ.

mod common;

use common::faulty::Break;
use serde_json::{Value as Json, json};
use std::path::{Path, PathBuf};
use swfcheck::replay::{ReplayConfig, ReplayError, Replayer, Sameness, read};
use swfcheck::server::state::clock::{Clock, ManualClock};

fn fixtures() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/histories/replays");
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    files
}

fn events(path: &Path) -> Vec<Json> {
    read::read_file(path).unwrap()
}

#[tokio::test]
async fn every_history_the_reference_wrote_replays_to_the_same() {
    let replayer = Replayer::start(&ReplayConfig::default()).await.unwrap();
    assert!(replayer.has_admin_clock());
    let files = fixtures();
    assert!(files.len() >= 27, "{}", files.len());
    for file in files {
        let outcome = replayer.replay_file(&file).await.unwrap();
        let text = swfcheck::replay::render::terminal(&outcome);
        assert_eq!(outcome.status, Sameness::Same, "{text}");
        assert_eq!(outcome.written.len(), outcome.recorded.len(), "{text}");
    }
    replayer.shutdown().await;
}

/// The events with event `drop` (1-based) left out: later ids and references shifted so that
/// the history stays self-consistent.
fn without(events: &[Json], drop: i64) -> Vec<Json> {
    fn shift(v: &mut Json, drop: i64) {
        if let Some(map) = v.as_object_mut() {
            for (k, inner) in map.iter_mut() {
                match inner.as_i64() {
                    Some(n) if k.ends_with("EventId") && n > drop => *inner = json!(n - 1),
                    _ => shift(inner, drop),
                }
            }
        }
    }
    let mut out: Vec<Json> = events
        .iter()
        .filter(|e| e["eventId"] != drop)
        .cloned()
        .collect();
    for e in &mut out {
        let n = e["eventId"].as_i64().unwrap();
        if n > drop {
            e["eventId"] = json!(n - 1);
        }
        shift(e, drop);
    }
    out
}

#[tokio::test]
async fn doctored_histories_differ() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/histories/replays");
    let timer = events(&dir.join("timer-fired.json"));
    let mut attribute = timer.clone();
    // An attribute the endpoint writes (a decision's attributes are what the replay sends;
    // a TimerFired's timerId must be its TimerStarted's: doctored, the history contradicts
    // itself).
    attribute[6]["decisionTaskScheduledEventAttributes"]["startToCloseTimeout"] = json!("45");
    let mut event_type = timer.clone();
    let completed = event_type[9].as_object_mut().unwrap();
    let attrs = completed
        .remove("workflowExecutionCompletedEventAttributes")
        .unwrap();
    completed.insert("eventType".into(), json!("WorkflowExecutionCanceled"));
    completed.insert("workflowExecutionCanceledEventAttributes".into(), attrs);
    // TimerFired dropped: no decision task follows the timer until the clock moves.
    let dropped = without(&timer, 6);
    let replayer = Replayer::start(&ReplayConfig::default()).await.unwrap();
    for (what, doctored, first) in [
        (
            "attribute",
            attribute,
            "decisionTaskScheduledEventAttributes.startToCloseTimeout",
        ),
        ("event type", event_type, "WorkflowExecutionCanceled"),
        ("dropped event", dropped, "DecisionTaskStarted"),
    ] {
        read::consistent(&doctored).unwrap();
        let outcome = replayer.replay(Path::new(what), doctored).await.unwrap();
        let text = swfcheck::replay::render::terminal(&outcome);
        assert_eq!(outcome.status, Sameness::Differ, "{what}: {text}");
        assert!(text.contains(first), "{what}: {text}");
    }
    replayer.shutdown().await;
}

#[tokio::test]
async fn a_history_that_contradicts_itself_is_refused_with_its_event() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/histories/replays");
    let tmp = common::temp::TempDir::new("replay-inconsistent");
    let mut broken = events(&dir.join("activity-completed.json"));
    broken[6]["activityTaskCompletedEventAttributes"]["startedEventId"] = json!(5);
    let file = tmp.join("broken.json");
    std::fs::write(&file, json!({"events": broken}).to_string()).unwrap();
    let replayer = Replayer::start(&ReplayConfig::default()).await.unwrap();
    let err = replayer.replay_file(&file).await.unwrap_err();
    assert!(matches!(err, ReplayError::File(_)), "{err}");
    let text = err.to_string();
    assert!(text.contains("event 7 (ActivityTaskCompleted)"), "{text}");
    assert!(
        text.contains("activityTaskCompletedEventAttributes.startedEventId expected an earlier ActivityTaskStarted event, found event 5 (ActivityTaskScheduled)"),
        "{text}"
    );
    // A child's own history: replay its parent's.
    let mut child = events(&dir.join("timer-fired.json"));
    child[0]["workflowExecutionStartedEventAttributes"]["parentInitiatedEventId"] = json!(5);
    let err = replayer
        .replay(Path::new("child"), child)
        .await
        .unwrap_err();
    assert!(
        err.to_string()
            .contains("event 1 (WorkflowExecutionStarted): the history of a child"),
        "{err}"
    );
    replayer.shutdown().await;
}

/// A reference endpoint with a manual clock, a faulty proxy in `mode` in front of it, and a
/// replayer that moves the reference's clock through `--admin-endpoint`.
async fn replay_through(mode: Break, files: &[PathBuf]) -> Vec<(PathBuf, Sameness, String)> {
    let config = swfcheck::server::ServerConfig {
        poll_timeout: std::time::Duration::from_millis(500),
        clock: Clock::Manual(ManualClock::new(1_767_225_600.0)),
        ..Default::default()
    };
    let server = swfcheck::server::start("127.0.0.1:0", config)
        .await
        .unwrap();
    let upstream = format!("http://{}/", server.addr());
    let proxy = common::faulty::start(mode, upstream.clone()).await;
    let config = ReplayConfig {
        endpoint: Some(proxy.url()),
        admin: Some(upstream),
        ..ReplayConfig::default()
    };
    let replayer = Replayer::start(&config).await.unwrap();
    assert!(replayer.has_admin_clock());
    let mut out = Vec::new();
    for f in files {
        let o = replayer.replay_file(f).await.unwrap();
        out.push((f.clone(), o.status, swfcheck::replay::render::terminal(&o)));
    }
    replayer.shutdown().await;
    drop(proxy);
    server.shutdown().await;
    out
}

/// Each mode of tests/common/faulty/time.rs that changes what a history (or a task handed out,
/// or the execution's description) shows, and the histories one of which it must make differ.
/// The others break what no history records, and the suite's cases catch them
/// (tests/behaviour_time.rs): how long an empty poll waits (PollAnsweredAtOnce,
/// ActivityPollAnsweredAtOnce), paging of polls (PollIgnoresPaging), several executions on one
/// task list (OneExecutionPerTaskList: a replay gives each execution and activity its own), and
/// the type and visibility operations (RetiredInvisible, TypeConfigurationDropped,
/// DeprecatedActivityShownRegistered, UndeprecateTypeDoesNothing, DeletedTypesStayUsable,
/// ListTypesIgnoreName).
const TIME_BREAKS: [(Break, &[&str]); 14] = [
    (Break::DropTimerFired, &["timer-fired"]),
    (Break::TimerNeverFires, &["timer-fired"]),
    (Break::ClosedExecutionTimerFires, &["decision-failures"]),
    (
        Break::OtherTimeoutType,
        &["activity-heartbeat", "decision-task-timeout"],
    ),
    (
        Break::DropTimedOut,
        &["activity-start-to-close", "workflow-timeout"],
    ),
    (Break::NewCloseStatusesRewritten, &["workflow-timeout"]),
    (Break::DropExternalEvents, &["external-requests"]),
    (Break::ChildCompletedAsFailed, &["child-completed"]),
    (Break::TaskToTwoPollers, &["decision-task-timeout"]),
    (Break::PollWrongType, &["marker"]),
    (Break::DecisionContextLost, &["lambda"]),
    (Break::RetiredTypesStopRunning, &["type-deprecated"]),
    (
        Break::CancelRequestedTasksRefuseCompletion,
        &["activity-completed-despite-cancel"],
    ),
    (Break::SignalEveryRun, &["signaled"]),
];

#[tokio::test]
async fn the_time_breaks_make_a_replay_differ() {
    let files = fixtures();
    for (mode, names) in TIME_BREAKS {
        let picked: Vec<PathBuf> = files
            .iter()
            .filter(|f| names.iter().any(|n| f.ends_with(format!("{n}.json"))))
            .cloned()
            .collect();
        assert_eq!(picked.len(), names.len(), "{names:?}");
        let results = replay_through(mode, &picked).await;
        assert!(
            results.iter().any(|(_, s, _)| *s == Sameness::Differ),
            "{mode:?}: no replay differs: {results:#?}"
        );
    }
}

#[tokio::test]
async fn without_an_admin_clock_the_replay_waits_in_real_time_within_its_budget() {
    let server = swfcheck::server::start("127.0.0.1:0", Default::default())
        .await
        .unwrap();
    let url = format!("http://{}/", server.addr());
    // The history ends with the execution's timeout: nothing but the wait brings it.
    let timer = fixtures()
        .into_iter()
        .find(|f| f.ends_with("workflow-timeout.json"))
        .unwrap();
    let config = ReplayConfig {
        endpoint: Some(url.clone()),
        ..ReplayConfig::default()
    };
    let replayer = Replayer::start(&config).await.unwrap();
    assert!(!replayer.has_admin_clock());
    let outcome = replayer.replay_file(&timer).await.unwrap();
    let text = swfcheck::replay::render::terminal(&outcome);
    assert_eq!(outcome.status, Sameness::Same, "{text}");
    assert!(
        text.contains("event 5: the execution's start-to-close timeout (2 s): waited "),
        "{text}"
    );
    replayer.shutdown().await;
    // A budget shorter than the timer: not waited, said, and the history differs.
    let short = ReplayConfig {
        endpoint: Some(url),
        max_wait: std::time::Duration::from_millis(500),
        ..ReplayConfig::default()
    };
    let replayer = Replayer::start(&short).await.unwrap();
    let outcome = replayer.replay_file(&timer).await.unwrap();
    let text = swfcheck::replay::render::terminal(&outcome);
    assert_eq!(outcome.status, Sameness::Differ, "{text}");
    assert!(
        text.contains("not waited: 2.0 s is more than the 0.5 s of --max-wait left"),
        "{text}"
    );
    replayer.shutdown().await;
    server.shutdown().await;
}

/// Whether `row` of a replay's JSON report is one of the four known differences of the
/// reference endpoint from the live service (README, "swfcheck replay").
fn known_difference(row: &Json) -> bool {
    let moved = ["DecisionTaskScheduled", "DecisionTaskCompleted"];
    let event = if row["recorded"].is_null() {
        &row["written"]
    } else {
        &row["recorded"]
    };
    match row["kind"].as_str() {
        Some("missing" | "extra") => moved.contains(&event["eventType"].as_str().unwrap_or("")),
        _ => row["members"].as_array().into_iter().flatten().all(|m| {
            let leaf = m["path"]
                .as_str()
                .unwrap_or("")
                .rsplit('.')
                .next()
                .unwrap_or("");
            m["written"].is_null()
                && matches!(
                    (leaf, &m["recorded"]),
                    ("tagList", Json::Array(a)) if a.is_empty()
                ) | matches!(
                    (leaf, m["recorded"].as_i64()),
                    ("externalInitiatedEventId", Some(0))
                ) | matches!(
                    (leaf, m["recorded"].as_str()),
                    ("scheduleToStartTimeout", Some("NONE"))
                )
        }),
    }
}

#[tokio::test]
async fn histories_the_live_service_wrote_replay_with_only_the_known_differences() {
    let real = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/histories/real");
    let mut files = Vec::new();
    for dir in std::fs::read_dir(&real).unwrap() {
        let dir = dir.unwrap().path();
        if dir.is_dir() {
            files.extend(std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()));
        }
    }
    files.sort();
    assert!(files.len() >= 18, "{files:?}");
    let replayer = Replayer::start(&ReplayConfig::default()).await.unwrap();
    let mut same = 0;
    for file in &files {
        let outcome = replayer.replay_file(file).await.unwrap();
        let text = swfcheck::replay::render::terminal(&outcome);
        let json = swfcheck::replay::render::json_of(&outcome);
        assert!(
            outcome.journal.stopped.is_none() && outcome.journal.mismatches.is_empty(),
            "{text}"
        );
        assert!(
            outcome.notes.is_empty() && outcome.journal.notes.is_empty(),
            "{text}"
        );
        for row in json["differences"].as_array().unwrap() {
            assert!(known_difference(row), "{}: {row}", file.display());
        }
        same += usize::from(outcome.status == Sameness::Same);
    }
    assert!(same >= 9, "{same} of {} replayed the same", files.len());
    replayer.shutdown().await;
}
