//! What a script runs on: a fresh engine set up with one domain and its types, the task
//! and page tokens the script has been handed, and the one way a step sends a request
//! (through the wire's validation, as a real request would).

use super::picks::ACTIVITY_VERSIONS;
use crate::model::swf;
use crate::server::state::Engine;
use crate::wire::parse_body;
use serde_json::{Value as Json, json};

/// The engine, and the task tokens and page tokens the script has been handed.
pub struct Runner {
    engine: Engine,
    /// The decision task tokens handed out, in order (a step picks one by a byte).
    pub decision_tokens: Vec<String>,
    /// The activity task tokens handed out, in order.
    pub activity_tokens: Vec<String>,
    /// The (task list, page token) of every decision task page left to read.
    pub pages: Vec<(String, String)>,
}

/// What every script starts from: domain `d`, workflow type `wf` and activity type
/// `act` in the versions of picks.rs, the `old` ones deprecated.
fn setup() -> Vec<(&'static str, Json)> {
    let defaults = |list: &str, task: &str, exec: &str| {
        json!({"defaultTaskList": {"name": list}, "defaultTaskStartToCloseTimeout": task,
            "defaultExecutionStartToCloseTimeout": exec, "defaultChildPolicy": "TERMINATE"})
    };
    let mut setup = vec![(
        "RegisterDomain",
        json!({"name": "d", "workflowExecutionRetentionPeriodInDays": "1"}),
    )];
    for (version, config) in [
        ("1", defaults("l0", "60", "3600")),
        ("2", defaults("l1", "5", "50")),
        ("bare", json!({})),
        ("old", defaults("l0", "60", "3600")),
    ] {
        let mut body = json!({"domain": "d", "name": "wf", "version": version});
        merge(&mut body, config);
        setup.push(("RegisterWorkflowType", body));
    }
    for version in ACTIVITY_VERSIONS {
        let mut body = json!({"domain": "d", "name": "act", "version": version});
        if version != "bare" {
            merge(
                &mut body,
                json!({"defaultTaskList": {"name": "a0"}, "defaultTaskStartToCloseTimeout": "10",
                "defaultTaskScheduleToStartTimeout": "10", "defaultTaskScheduleToCloseTimeout": "30",
                "defaultTaskHeartbeatTimeout": "NONE"}),
            );
        }
        setup.push(("RegisterActivityType", body));
    }
    setup.push((
        "DeprecateWorkflowType",
        json!({"domain": "d", "workflowType": {"name": "wf", "version": "old"}}),
    ));
    setup.push((
        "DeprecateActivityType",
        json!({"domain": "d", "activityType": {"name": "act", "version": "old"}}),
    ));
    setup
}

impl Runner {
    /// A fresh engine with [`setup`] applied.
    pub fn new() -> Result<Runner, String> {
        let mut r = Runner {
            engine: Engine::new(1_000_000.0),
            decision_tokens: Vec::new(),
            activity_tokens: Vec::new(),
            pages: Vec::new(),
        };
        for (op, body) in setup() {
            r.call(op, body)?;
        }
        Ok(r)
    }

    /// Sends one request through the wire's validation; a refused one is not applied.
    pub fn call(&mut self, op: &str, body: Json) -> Result<Option<Json>, String> {
        let operation = swf()
            .operation(op)
            .ok_or_else(|| format!("no operation {op}"))?;
        let bytes = serde_json::to_vec(&body).map_err(|e| e.to_string())?;
        let Ok(req) = parse_body(operation, &bytes) else {
            return Ok(None);
        };
        match self.engine.call(&req) {
            Ok(answer) => Ok(answer),
            Err(f) if f.status() >= 500 => Err(format!(
                "{op} {body}: a {} answer: {}",
                f.status(),
                f.message
            )),
            Err(_) => Ok(None),
        }
    }

    /// Moves the engine's clock.
    pub fn advance(&mut self, seconds: f64) {
        self.engine.advance(seconds);
    }

    /// The engine the script runs on.
    pub fn engine(&self) -> &Engine {
        &self.engine
    }

    /// The engine, once the script is over.
    pub fn into_engine(self) -> Engine {
        self.engine
    }
}

fn merge(body: &mut Json, extra: Json) {
    if let (Some(b), Json::Object(e)) = (body.as_object_mut(), extra) {
        b.extend(e);
    }
}
