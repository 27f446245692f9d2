//! The admin interface of `swfcheck serve` (issue 22 items 3, 4; src/server/admin.rs): a
//! manual clock driven through `POST /_swfcheck/clock/advance` that fires a day's timer and an
//! hour's activity timeout in well under a second, reset (waiting polls answer the empty
//! task), the dump, and every bad input answered with a JSON 4xx that changes nothing.

mod common;

use common::server::{Endpoint, decision, endpoint_with};
use serde_json::{Value as Json, json};
use std::net::IpAddr;
use std::time::{Duration, Instant};
use swfcheck::server::ServerConfig;
use swfcheck::server::admin::{AdminError, serve};
use swfcheck::server::state::Store;
use swfcheck::server::state::clock::{Clock, ManualClock};

async fn manual(poll_timeout: Duration) -> Endpoint {
    endpoint_with(ServerConfig {
        poll_timeout,
        clock: Clock::Manual(ManualClock::new(1_000_000.0)),
        ..ServerConfig::default()
    })
    .await
}

/// `METHOD /_swfcheck/<path>` with `body`: (status, JSON answer).
async fn admin(e: &Endpoint, method: &str, path: &str, body: &str) -> (u16, Json) {
    let url = format!("{}_swfcheck/{path}", e.url);
    let http = reqwest::Client::new();
    let req = match method {
        "GET" => http.get(&url),
        "DELETE" => http.delete(&url),
        _ => http.post(&url),
    };
    let resp = req.body(body.to_owned()).send().await.unwrap();
    let status = resp.status().as_u16();
    let text = resp.text().await.unwrap();
    let json = serde_json::from_str(&text).unwrap_or_else(|_| panic!("not JSON: {text}"));
    (status, json)
}

/// One SWF request from another task than the test's (a poll that waits): the 200's body.
async fn swf(url: &str, op: &str, input: Json) -> Json {
    let resp = reqwest::Client::new()
        .post(url)
        .header("X-Amz-Target", format!("SimpleWorkflowService.{op}"))
        .header("Content-Type", "application/x-amz-json-1.0")
        .body(input.to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 200);
    resp.json().await.unwrap()
}

/// Starts wf/1 as `workflow_id` on task list "tl" with two days to run; gives the runId.
async fn start_for_days(e: &Endpoint, workflow_id: &str) -> String {
    let input = json!({"domain": "d", "workflowId": workflow_id,
        "workflowType": {"name": "wf", "version": "1"}, "taskList": {"name": "tl"},
        "executionStartToCloseTimeout": "172800"});
    e.ok("StartWorkflowExecution", input).await["runId"]
        .as_str()
        .unwrap()
        .to_owned()
}

/// The dump without its clock (which a refused request must not have moved either).
async fn state(e: &Endpoint) -> Json {
    let (status, mut dump) = admin(e, "GET", "dump", "").await;
    assert_eq!(status, 200);
    dump.as_object_mut().unwrap().remove("clock");
    dump
}

#[tokio::test]
async fn a_day_timer_and_an_hour_activity_timeout_fire_when_the_clock_is_advanced() {
    let e = manual(Duration::from_millis(200)).await;
    e.domain_with_types("d").await;
    let run = start_for_days(&e, "w").await;
    let activity = json!({"activityType": {"name": "act", "version": "1"}, "activityId": "a",
        "startToCloseTimeout": "3600", "scheduleToCloseTimeout": "3600",
        "scheduleToStartTimeout": "3600", "heartbeatTimeout": "NONE"});
    let task = e.decision_task("d", "tl").await;
    let decisions = json!([
        decision(
            "StartTimer",
            json!({"timerId": "day", "startToFireTimeout": "86400"})
        ),
        decision("ScheduleActivityTask", activity),
    ]);
    assert_eq!(e.respond(&task, decisions).await.status, 200);
    e.activity_task("d", "acts").await;

    let began = Instant::now();
    let (status, clock) = admin(&e, "POST", "clock/advance", r#"{"duration": "1h"}"#).await;
    assert_eq!((status, &clock["clock"]), (200, &json!("manual")));
    assert_eq!(clock["now"], 1_003_600.0);
    let timed_out = e.attrs_of("d", "w", &run, "ActivityTaskTimedOut").await;
    let types = e.event_types("d", "w", &run).await;
    assert_eq!(
        timed_out.len(),
        1,
        "the activity timed out after an hour: {types:?}"
    );
    assert!(e.attrs_of("d", "w", &run, "TimerFired").await.is_empty());
    let (status, _) = admin(&e, "POST", "clock/advance", r#"{"seconds": 82800}"#).await;
    assert_eq!(status, 200);
    let fired = e.attrs_of("d", "w", &run, "TimerFired").await;
    assert_eq!(fired[0]["timerId"], "day");
    assert!(
        began.elapsed() < Duration::from_millis(500),
        "{:?}",
        began.elapsed()
    );
    e.server.shutdown().await;
}

#[tokio::test]
async fn a_waiting_poll_is_woken_by_an_advance_that_fires_its_timer() {
    let e = manual(Duration::from_secs(10)).await;
    e.domain_with_types("d").await;
    start_for_days(&e, "w").await;
    let task = e.decision_task("d", "tl").await;
    let timer = decision(
        "StartTimer",
        json!({"timerId": "t", "startToFireTimeout": "7200"}),
    );
    e.respond(&task, json!([timer])).await;
    let url = e.url.clone();
    let began = Instant::now();
    let poll = tokio::spawn(async move {
        let input = json!({"domain": "d", "taskList": {"name": "tl"}});
        swf(&url, "PollForDecisionTask", input).await
    });
    tokio::time::sleep(Duration::from_millis(100)).await;
    let pollers = state(&e).await["pendingPollers"].clone();
    assert_eq!(
        pollers,
        json!([{"operation": "PollForDecisionTask", "domain": "d", "taskList": "tl", "count": 1}])
    );
    admin(&e, "POST", "clock/advance", r#"{"duration": "2h"}"#).await;
    let task = poll.await.unwrap();
    assert!(began.elapsed() < Duration::from_secs(2));
    let events = task["events"].as_array().unwrap();
    assert!(events.iter().any(|ev| ev["eventType"] == "TimerFired"));
    e.server.shutdown().await;
}

#[tokio::test]
async fn a_closed_execution_is_forgotten_when_the_clock_passes_its_retention() {
    let e = manual(Duration::from_millis(200)).await;
    e.domain_with_types("d").await;
    let run = start_for_days(&e, "w").await;
    e.ok(
        "TerminateWorkflowExecution",
        json!({"domain": "d", "workflowId": "w"}),
    )
    .await;
    assert_eq!(state(&e).await["closedExecutions"], 1);
    admin(&e, "POST", "clock/advance", r#"{"duration": "23h"}"#).await;
    assert_eq!(
        e.describe("d", "w", &run).await["executionInfo"]["closeStatus"],
        "TERMINATED"
    );
    admin(&e, "POST", "clock/advance", r#"{"duration": "1h 1s"}"#).await;
    assert_eq!(state(&e).await["closedExecutions"], 0, "a day's retention");
    let input = json!({"domain": "d", "execution": {"workflowId": "w", "runId": run}});
    let gone = e.call("DescribeWorkflowExecution", input).await;
    assert_eq!(gone.fault(), Some("UnknownResourceFault"));
    e.server.shutdown().await;
}

#[tokio::test]
async fn reset_forgets_everything_and_answers_waiting_polls_empty() {
    let e = manual(Duration::from_secs(10)).await;
    e.domain_with_types("d").await;
    e.start("d", "w", "tl").await;
    e.decision_task("d", "tl").await;
    let url = e.url.clone();
    let poll = tokio::spawn(async move {
        let began = Instant::now();
        let input = json!({"domain": "d", "taskList": {"name": "acts"}});
        let empty = swf(&url, "PollForActivityTask", input).await;
        (empty, began.elapsed())
    });
    tokio::time::sleep(Duration::from_millis(100)).await;
    let (status, answer) = admin(&e, "POST", "reset", "").await;
    assert_eq!((status, &answer["reset"]), (200, &json!(true)));
    let (empty, waited) = poll.await.unwrap();
    assert_eq!(empty, json!({"startedEventId": 0}));
    assert!(waited < Duration::from_secs(2), "{waited:?}");
    let after = state(&e).await;
    let nothing = json!({"domains": [], "types": [], "openExecutions": [], "closedExecutions": 0,
        "openTasks": {"decision": [], "activity": []}, "pendingPollers": []});
    assert_eq!(after, nothing);
    let gone = e.call("DescribeDomain", json!({"name": "d"})).await;
    assert_eq!(gone.fault(), Some("UnknownResourceFault"));
    // The world goes on from the clock's time: the same names can be used again.
    e.domain_with_types("d").await;
    e.start("d", "w", "tl").await;
    e.server.shutdown().await;
}

#[tokio::test]
async fn the_dump_shows_domains_types_executions_tasks_and_the_clock() {
    let e = manual(Duration::from_millis(200)).await;
    e.domain_with_types("d").await;
    let run = e.start("d", "w", "tl").await;
    let task = e.decision_task("d", "tl").await;
    let work = json!({"activityType": {"name": "act", "version": "1"}, "activityId": "a"});
    e.respond(&task, json!([decision("ScheduleActivityTask", work)]))
        .await;
    e.start("d", "w2", "tl").await;
    let (status, dump) = admin(&e, "GET", "dump", "").await;
    assert_eq!(status, 200);
    assert_eq!(dump["clock"]["now"], 1_000_000.0);
    assert_eq!(dump["domains"][0]["domainInfo"]["name"], "d");
    let kinds: Vec<&Json> = dump["types"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| &t["kind"])
        .collect();
    assert_eq!(kinds, [&json!("workflow"), &json!("activity")]);
    let open = dump["openExecutions"].as_array().unwrap();
    assert_eq!(open.len(), 2);
    assert_eq!(open[0]["executionInfo"]["execution"]["runId"], run.as_str());
    assert_eq!(open[0]["openCounts"]["openActivityTasks"], 1);
    let decisions = &dump["openTasks"]["decision"];
    assert_eq!(decisions.as_array().unwrap().len(), 1);
    assert_eq!(decisions[0]["execution"]["workflowId"], "w2");
    assert_eq!(decisions[0]["state"], "scheduled");
    e.activity_task("d", "acts").await;
    let (_, dump) = admin(&e, "GET", "dump", "").await;
    let activity = &dump["openTasks"]["activity"][0];
    assert_eq!(
        (&activity["taskList"], &activity["state"]),
        (&json!("acts"), &json!("started"))
    );
    assert_eq!(
        activity["taskToken"].as_str().unwrap().chars().count(),
        9,
        "8 and …"
    );
    e.server.shutdown().await;
}

#[tokio::test]
async fn bad_admin_requests_get_a_json_4xx_and_change_nothing() {
    let e = manual(Duration::from_millis(200)).await;
    e.domain_with_types("d").await;
    e.start("d", "w", "tl").await;
    let before = state(&e).await;
    let (_, clock) = admin(&e, "GET", "clock", "").await;
    let refused = [
        ("GET", "nope", "", 404, "UnknownPath"),
        ("GET", "", "", 404, "UnknownPath"),
        ("POST", "clock/rewind", "{}", 404, "UnknownPath"),
        ("GET", "reset", "", 405, "MethodNotAllowed"),
        ("DELETE", "dump", "", 405, "MethodNotAllowed"),
        ("POST", "clock", "{}", 405, "MethodNotAllowed"),
        ("GET", "clock/advance", "", 405, "MethodNotAllowed"),
        (
            "POST",
            "clock/advance",
            r#"{"seconds": -60}"#,
            400,
            "BadRequest",
        ),
        (
            "POST",
            "clock/advance",
            r#"{"seconds": 0}"#,
            400,
            "BadRequest",
        ),
        (
            "POST",
            "clock/advance",
            r#"{"duration": "-5m"}"#,
            400,
            "BadRequest",
        ),
        (
            "POST",
            "clock/advance",
            r#"{"duration": "soon"}"#,
            400,
            "BadRequest",
        ),
        (
            "POST",
            "clock/advance",
            r#"{"duration": 60}"#,
            400,
            "BadRequest",
        ),
        (
            "POST",
            "clock/advance",
            r#"{"seconds": 1, "duration": "1s"}"#,
            400,
            "BadRequest",
        ),
        (
            "POST",
            "clock/advance",
            r#"{"minutes": 1}"#,
            400,
            "BadRequest",
        ),
        (
            "POST",
            "clock/advance",
            r#"{"seconds": "#,
            400,
            "BadRequest",
        ),
        ("POST", "clock/advance", "[60]", 400, "BadRequest"),
        ("POST", "clock/advance", "", 400, "BadRequest"),
    ];
    for (method, path, body, status, kind) in refused {
        let (got, answer) = admin(&e, method, path, body).await;
        assert_eq!(
            (got, answer["error"].as_str()),
            (status, Some(kind)),
            "{method} {path} {body}"
        );
        assert!(answer["message"].as_str().is_some_and(|m| !m.is_empty()));
    }
    assert_eq!(state(&e).await, before);
    assert_eq!(admin(&e, "GET", "clock", "").await.1, clock);
    e.server.shutdown().await;
}

#[tokio::test]
async fn a_real_clock_is_not_advanced() {
    let e = endpoint_with(ServerConfig::default()).await;
    let (status, answer) = admin(&e, "POST", "clock/advance", r#"{"seconds": 60}"#).await;
    assert_eq!((status, answer["error"].as_str()), (409, Some("RealClock")));
    let (status, clock) = admin(&e, "GET", "clock", "").await;
    assert_eq!((status, clock["clock"].as_str()), (200, Some("real")));
    e.server.shutdown().await;
}

#[tokio::test]
async fn a_peer_off_the_loopback_is_refused_and_changes_nothing() {
    let clock = ManualClock::new(1_000_000.0);
    let store = Store::new(ServerConfig {
        clock: Clock::Manual(clock.clone()),
        ..ServerConfig::default()
    });
    let far: IpAddr = "10.1.2.3".parse().unwrap();
    let post = axum::http::Method::POST;
    let refused = serve(
        &store,
        far,
        &post,
        "/_swfcheck/clock/advance",
        br#"{"seconds": 60}"#,
    );
    assert_eq!(refused, Err(AdminError::NotLoopback { peer: far }));
    assert_eq!(refused.unwrap_err().status(), 403);
    assert_eq!(clock.now(), 1_000_000.0);
    let mapped: IpAddr = "::ffff:127.0.0.1".parse().unwrap();
    assert!(
        serve(
            &store,
            mapped,
            &post,
            "/_swfcheck/clock/advance",
            br#"{"seconds": 60}"#
        )
        .is_ok()
    );
    assert_eq!(clock.now(), 1_000_060.0);
}
