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
        require_auth: false,
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
        let out = self
            .ok(
                "GetWorkflowExecutionHistory",
                json!({"domain": d, "execution": {"workflowId": workflow_id, "runId": run_id}}),
            )
            .await;
        out["events"].as_array().unwrap().clone()
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
