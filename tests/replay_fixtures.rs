//! Writes fixtures/histories/replays/*.json: histories the reference endpoint writes for every
//! decision type, timer, timeout kind, child outcome, signal and cancellation path, each made
//! by a scenario below (a decider and workers written out call by call, a manual clock moved
//! through the admin interface). tests/replay.rs replays them.
//!
//! Regenerate after a change of the reference's histories (review the diff):
//! `cargo test --test replay_fixtures -- --ignored`

use serde_json::{Value as Json, json};
use std::path::PathBuf;
use swfcheck::credentials::Credentials;
use swfcheck::run::client::Client;
use swfcheck::run::swf::Swf;
use swfcheck::server::state::clock::{Clock, ManualClock};
use swfcheck::server::{ServerConfig, start};

/// 2026-01-01T00:00:00Z: the manual clock's start, so that regenerated files differ only
/// where the histories do (and in run ids).
const EPOCH: f64 = 1_767_225_600.0;

struct Gen {
    swf: Swf,
    admin: String,
    domain: String,
    http: reqwest::Client,
}

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures/histories/replays")
}

fn schedule(id: &str, list: &str, extra: Json) -> Json {
    let mut a = json!({"activityType": {"name": "charge", "version": "1"}, "activityId": id,
        "taskList": {"name": list}, "input": format!("input of {id}")});
    for (k, v) in extra.as_object().into_iter().flatten() {
        a[k] = v.clone();
    }
    json!({"decisionType": "ScheduleActivityTask", "scheduleActivityTaskDecisionAttributes": a})
}

fn decision(t: &str, attrs: Json) -> Json {
    let key = swfcheck::model::decision_attributes_key(t);
    json!({"decisionType": t, key: attrs})
}

fn complete(result: &str) -> Json {
    decision("CompleteWorkflowExecution", json!({"result": result}))
}

fn timer(id: &str, seconds: u32) -> Json {
    decision(
        "StartTimer",
        json!({"timerId": id, "startToFireTimeout": seconds.to_string()}),
    )
}

fn child(id: &str, extra: Json) -> Json {
    let mut a = json!({"workflowType": {"name": "sub", "version": "1"}, "workflowId": id,
        "taskList": {"name": format!("{id}-tl")}, "input": format!("input of {id}")});
    for (k, v) in extra.as_object().into_iter().flatten() {
        a[k] = v.clone();
    }
    decision("StartChildWorkflowExecution", a)
}

impl Gen {
    async fn new(addr: std::net::SocketAddr) -> Gen {
        let url: reqwest::Url = format!("http://{addr}/").parse().unwrap();
        let client = Client::new(
            url,
            "us-east-1".into(),
            "swf".into(),
            Credentials::dummy(),
            std::time::Duration::from_secs(10),
        )
        .unwrap();
        let g = Gen {
            swf: Swf::new(client),
            admin: format!("http://{addr}"),
            domain: "fixtures".into(),
            http: reqwest::Client::new(),
        };
        g.call(
            "RegisterDomain",
            json!({"name": g.domain, "workflowExecutionRetentionPeriodInDays": "1"}),
        )
        .await;
        for (name, timeout) in [("order", "3600"), ("sub", "600")] {
            g.call("RegisterWorkflowType", json!({"domain": g.domain, "name": name, "version": "1",
                "defaultTaskStartToCloseTimeout": "30", "defaultExecutionStartToCloseTimeout": timeout,
                "defaultChildPolicy": "TERMINATE", "defaultTaskList": {"name": "default"}})).await;
        }
        for name in ["charge", "retired"] {
            g.call("RegisterActivityType", json!({"domain": g.domain, "name": name, "version": "1",
                "defaultTaskStartToCloseTimeout": "60", "defaultTaskHeartbeatTimeout": "NONE",
                "defaultTaskScheduleToStartTimeout": "60", "defaultTaskScheduleToCloseTimeout": "120",
                "defaultTaskList": {"name": "default"}})).await;
        }
        g
    }

    async fn call(&self, op: &str, mut body: Json) -> Json {
        if body.get("domain").is_none()
            && !op.starts_with("Respond")
            && !op.starts_with("Record")
            && op != "RegisterDomain"
        {
            body["domain"] = json!(self.domain);
        }
        self.swf
            .call(op, body.clone())
            .await
            .unwrap_or_else(|e| panic!("{op} {body}: {e}"))
    }

    /// Starts `wid` (its decision task list is `wid`) with the type's defaults, `extra` on top.
    async fn start(&self, wid: &str, extra: Json) -> String {
        let mut body = json!({"workflowId": wid, "workflowType": {"name": "order", "version": "1"},
            "taskList": {"name": wid}, "input": format!("input of {wid}"), "tagList": ["replay"]});
        for (k, v) in extra.as_object().into_iter().flatten() {
            body[k] = v.clone();
        }
        let out = self.call("StartWorkflowExecution", body).await;
        out["runId"].as_str().unwrap().to_owned()
    }

    async fn poll(&self, list: &str) -> String {
        let out = self
            .call(
                "PollForDecisionTask",
                json!({"taskList": {"name": list}, "identity": "decider"}),
            )
            .await;
        out["taskToken"]
            .as_str()
            .unwrap_or_else(|| panic!("no decision task on {list}"))
            .to_owned()
    }

    async fn respond(&self, token: &str, decisions: Json) {
        self.call(
            "RespondDecisionTaskCompleted",
            json!({"taskToken": token, "decisions": decisions}),
        )
        .await;
    }

    async fn decide(&self, list: &str, decisions: Json) {
        let token = self.poll(list).await;
        self.respond(&token, decisions).await;
    }

    async fn work(&self, list: &str) -> String {
        let out = self
            .call(
                "PollForActivityTask",
                json!({"taskList": {"name": list}, "identity": "worker"}),
            )
            .await;
        out["taskToken"]
            .as_str()
            .unwrap_or_else(|| panic!("no activity task on {list}"))
            .to_owned()
    }

    async fn advance(&self, seconds: f64) {
        let url = format!("{}/_swfcheck/clock/advance", self.admin);
        let r = self
            .http
            .post(url)
            .json(&json!({"seconds": seconds}))
            .send()
            .await
            .unwrap();
        assert!(r.status().is_success());
    }

    async fn save(&self, name: &str, wid: &str, run: &str) {
        let ex = swfcheck::run::swf::ExecutionRef {
            domain: self.domain.clone(),
            workflow_id: wid.into(),
            run_id: run.into(),
        };
        let events = self.swf.history(&ex).await.unwrap();
        let text = serde_json::to_string_pretty(&json!({"events": events})).unwrap();
        std::fs::write(dir().join(format!("{name}.json")), text + "\n").unwrap();
    }
}

#[path = "replay_fixtures/scenarios.rs"]
mod scenarios;

#[tokio::test]
#[ignore = "writes fixtures/histories/replays: run with --ignored to regenerate"]
async fn write_replay_fixtures() {
    let config = ServerConfig {
        poll_timeout: std::time::Duration::from_millis(300),
        clock: Clock::Manual(ManualClock::new(EPOCH)),
        ..ServerConfig::default()
    };
    let server = start("127.0.0.1:0", config).await.unwrap();
    std::fs::create_dir_all(dir()).unwrap();
    let g = Gen::new(server.addr()).await;
    scenarios::all(&g).await;
    server.shutdown().await;
}
