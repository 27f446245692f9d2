//! The reference endpoint in-process, and a small JSON client for it.

use reqwest::header::HeaderMap;
use serde_json::{Value as Json, json};
use std::time::Duration;
use swfcheck::server::{RunningServer, ServerConfig, start};

/// A started endpoint and a client bound to it.
pub struct Endpoint {
    pub server: RunningServer,
    pub url: String,
    http: reqwest::Client,
}

/// One answer.
#[derive(Debug)]
pub struct Answer {
    pub status: u16,
    pub headers: HeaderMap,
    pub raw: Vec<u8>,
    pub body: Json,
}

impl Answer {
    /// The fault name, if the answer is a fault.
    pub fn fault(&self) -> Option<&str> {
        self.body["__type"]
            .as_str()
            .and_then(|t| t.rsplit('#').next())
    }
}

/// Starts the endpoint on a free loopback port with a 300 ms poll timeout.
pub async fn endpoint() -> Endpoint {
    endpoint_with(ServerConfig {
        poll_timeout: Duration::from_millis(300),
        ..ServerConfig::default()
    })
    .await
}

/// Starts the endpoint with `config`.
pub async fn endpoint_with(config: ServerConfig) -> Endpoint {
    let server = start("127.0.0.1:0", config).await.unwrap();
    let url = format!("http://{}/", server.addr());
    Endpoint {
        server,
        url,
        http: reqwest::Client::new(),
    }
}

impl Endpoint {
    /// Sends `op` with `input`, content type application/x-amz-json-1.0.
    pub async fn call(&self, op: &str, input: Json) -> Answer {
        self.send(
            op,
            "application/x-amz-json-1.0",
            serde_json::to_vec(&input).unwrap(),
        )
        .await
    }

    /// Sends raw bytes with a content type.
    pub async fn send(&self, op: &str, content_type: &str, body: Vec<u8>) -> Answer {
        let resp = self
            .http
            .post(&self.url)
            .header("X-Amz-Target", format!("SimpleWorkflowService.{op}"))
            .header("Content-Type", content_type)
            .header("Authorization", "AWS4-HMAC-SHA256 Credential=test")
            .body(body)
            .send()
            .await
            .unwrap();
        let status = resp.status().as_u16();
        let headers = resp.headers().clone();
        let raw = resp.bytes().await.unwrap().to_vec();
        let body = serde_json::from_slice(&raw).unwrap_or(Json::Null);
        Answer {
            status,
            headers,
            raw,
            body,
        }
    }

    /// Calls and asserts a 200; gives the body.
    pub async fn ok(&self, op: &str, input: Json) -> Json {
        let a = self.call(op, input.clone()).await;
        assert_eq!(
            a.status,
            200,
            "{op} {input}: {}",
            String::from_utf8_lossy(&a.raw)
        );
        a.body
    }

    /// Registers domain `d`, workflow type wf/1 (defaults: task list "tl", timeouts) and activity type act/1.
    pub async fn domain_with_types(&self, d: &str) {
        self.ok(
            "RegisterDomain",
            json!({"name": d, "workflowExecutionRetentionPeriodInDays": "1"}),
        )
        .await;
        self.ok(
            "RegisterWorkflowType",
            json!({"domain": d, "name": "wf", "version": "1", "defaultTaskList": {"name": "tl"},
                "defaultTaskStartToCloseTimeout": "60", "defaultExecutionStartToCloseTimeout": "600",
                "defaultChildPolicy": "TERMINATE"}),
        )
        .await;
        self.ok(
            "RegisterActivityType",
            json!({"domain": d, "name": "act", "version": "1", "defaultTaskList": {"name": "acts"},
                "defaultTaskStartToCloseTimeout": "60", "defaultTaskScheduleToStartTimeout": "60",
                "defaultTaskScheduleToCloseTimeout": "120", "defaultTaskHeartbeatTimeout": "NONE"}),
        )
        .await;
    }

    /// Starts wf/1 with `workflow_id` on task list `list`; gives the runId.
    pub async fn start(&self, d: &str, workflow_id: &str, list: &str) -> String {
        let out = self
            .ok(
                "StartWorkflowExecution",
                json!({"domain": d, "workflowId": workflow_id,
                "workflowType": {"name": "wf", "version": "1"}, "taskList": {"name": list}}),
            )
            .await;
        out["runId"].as_str().unwrap().to_owned()
    }

    /// The history's event types.
    pub async fn event_types(&self, d: &str, workflow_id: &str, run_id: &str) -> Vec<String> {
        self.history(d, workflow_id, run_id)
            .await
            .iter()
            .map(|e| e["eventType"].as_str().unwrap().to_owned())
            .collect()
    }

    /// The whole history.
    pub async fn history(&self, d: &str, workflow_id: &str, run_id: &str) -> Vec<Json> {
        let mut events = Vec::new();
        let mut input =
            json!({"domain": d, "execution": {"workflowId": workflow_id, "runId": run_id}});
        loop {
            let out = self.ok("GetWorkflowExecutionHistory", input.clone()).await;
            events.extend(out["events"].as_array().unwrap().iter().cloned());
            match out.get("nextPageToken") {
                Some(next) => input["nextPageToken"] = next.clone(),
                None => return events,
            }
        }
    }

    /// DescribeWorkflowExecution.
    pub async fn describe(&self, d: &str, workflow_id: &str, run_id: &str) -> Json {
        self.ok(
            "DescribeWorkflowExecution",
            json!({"domain": d, "execution": {"workflowId": workflow_id, "runId": run_id}}),
        )
        .await
    }

    /// Polls `list` for a decision task and answers `decisions`.
    pub async fn decide(&self, d: &str, list: &str, decisions: Json) -> Json {
        let task = self
            .ok(
                "PollForDecisionTask",
                json!({"domain": d, "taskList": {"name": list}}),
            )
            .await;
        let token = task["taskToken"]
            .as_str()
            .expect("a decision task")
            .to_owned();
        self.ok(
            "RespondDecisionTaskCompleted",
            json!({"taskToken": token, "decisions": decisions}),
        )
        .await;
        task
    }
}

/// Starts the endpoint on a manual clock (standing at 1,000,000 s) with a 200 ms
/// poll timeout; the test moves time with the clock it gets back.
pub async fn manual_endpoint() -> (
    Endpoint,
    std::sync::Arc<swfcheck::server::state::clock::ManualClock>,
) {
    let clock = swfcheck::server::state::clock::ManualClock::new(1_000_000.0);
    let e = endpoint_with(ServerConfig {
        poll_timeout: Duration::from_millis(200),
        clock: swfcheck::server::state::clock::Clock::Manual(clock.clone()),
        ..ServerConfig::default()
    })
    .await;
    (e, clock)
}

impl Endpoint {
    /// Polls `list` for a decision task; panics when none comes.
    pub async fn decision_task(&self, d: &str, list: &str) -> Json {
        let task = self
            .ok(
                "PollForDecisionTask",
                json!({"domain": d, "taskList": {"name": list}, "identity": "decider"}),
            )
            .await;
        assert_ne!(task["taskToken"], "", "a decision task on {list}");
        task
    }

    /// Polls `list` for an activity task; panics when none comes.
    pub async fn activity_task(&self, d: &str, list: &str) -> Json {
        let task = self
            .ok(
                "PollForActivityTask",
                json!({"domain": d, "taskList": {"name": list}, "identity": "worker"}),
            )
            .await;
        assert_ne!(task["taskToken"], "", "an activity task on {list}");
        task
    }

    /// Answers the decision task `task` with `decisions`.
    pub async fn respond(&self, task: &Json, decisions: Json) -> Answer {
        self.call(
            "RespondDecisionTaskCompleted",
            json!({"taskToken": task["taskToken"], "decisions": decisions}),
        )
        .await
    }

    /// The events of type `event_type` in the history, by their attributes.
    pub async fn attrs_of(
        &self,
        d: &str,
        workflow_id: &str,
        run_id: &str,
        event_type: &str,
    ) -> Vec<Json> {
        self.history(d, workflow_id, run_id)
            .await
            .into_iter()
            .filter(|e| e["eventType"] == event_type)
            .map(|e| e[swfcheck::model::event_attributes_key(event_type)].clone())
            .collect()
    }

    /// The events from the one with id `from` on, by type.
    pub async fn types_from(
        &self,
        d: &str,
        workflow_id: &str,
        run_id: &str,
        from: usize,
    ) -> Vec<String> {
        self.event_types(d, workflow_id, run_id)
            .await
            .split_off(from - 1)
    }
}

/// One decision as the wire writes it: `{"decisionType": t, "<t>DecisionAttributes": attrs}`.
pub fn decision(t: &str, attrs: Json) -> Json {
    json!({"decisionType": t, swfcheck::model::decision_attributes_key(t): attrs})
}
