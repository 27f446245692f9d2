//! The SWF calls the harness makes around a case (setup, decider, worker,
//! history, cleanup), on top of [`Client`].

use super::client::Client;
use crate::outcome::{Exchange, Outgoing, TransportError};
pub use crate::plan::ExecutionRef;
use crate::plan::setup as bodies;
use crate::wire::fault::fault_name_of;
use serde_json::{Value as Json, json};

/// An SWF call that did not succeed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CallError {
    /// No HTTP answer.
    #[error("{operation}: {source}")]
    Transport {
        /// The operation.
        operation: String,
        /// Why.
        source: TransportError,
    },
    /// An answer other than 200.
    #[error("{operation}: HTTP {status} {fault}: {message}")]
    Fault {
        /// The operation.
        operation: String,
        /// HTTP status.
        status: u16,
        /// The fault name (after `#`), or `-` when the body had none.
        fault: String,
        /// The message, or the body's start.
        message: String,
    },
    /// A 200 whose body is not the JSON the operation returns.
    #[error("{operation}: unexpected answer: {detail}")]
    Unexpected {
        /// The operation.
        operation: String,
        /// What was wrong.
        detail: String,
    },
}

impl CallError {
    /// The fault name, when the endpoint answered one.
    pub fn fault(&self) -> Option<&str> {
        match self {
            CallError::Fault { fault, .. } => Some(fault),
            _ => None,
        }
    }
}

/// A decision or activity task handed to a poller.
#[derive(Debug, Clone, PartialEq)]
pub struct Task {
    /// The task token.
    pub token: String,
    /// The whole response.
    pub body: Json,
}

/// The harness's SWF driver.
#[derive(Debug, Clone)]
pub struct Swf {
    client: Client,
    prefix: String,
    /// Where a recording driver keeps what it sends and gets, under its label.
    log: Option<(Log, String)>,
    /// What the endpoint answered with a 2xx: operations, and `<operation> <decision type>`
    /// for the decisions of a RespondDecisionTaskCompleted it accepted.
    worked: std::sync::Arc<std::sync::Mutex<std::collections::BTreeSet<String>>>,
}

/// The exchanges a case's journey made, in order, each under the label of the step
/// that made it (`setup open`, `step 2 (SignalWorkflowExecution)`, `request`, ...).
#[derive(Debug, Clone, Default)]
pub struct Log(std::sync::Arc<std::sync::Mutex<Vec<(String, Exchange)>>>);

impl Log {
    /// Keeps `exchange` under `label`.
    pub fn push(&self, label: &str, exchange: &Exchange) {
        if let Ok(mut v) = self.0.lock() {
            v.push((label.to_owned(), exchange.clone()));
        }
    }

    /// The last exchange kept (under `label`, when one is given).
    pub fn last(&self, label: Option<&str>) -> Option<Exchange> {
        let v = self.0.lock().ok()?;
        v.iter()
            .rev()
            .find(|(l, _)| label.is_none_or(|want| want == l))
            .map(|(_, ex)| ex.clone())
    }

    /// What was kept, in order.
    pub fn take(&self) -> Vec<(String, Exchange)> {
        self.0
            .lock()
            .map(|mut v| std::mem::take(&mut *v))
            .unwrap_or_default()
    }
}

fn describe_failure(ex: &Exchange, operation: &str) -> CallError {
    match &ex.outcome {
        Err(source) => CallError::Transport {
            operation: operation.to_owned(),
            source: source.clone(),
        },
        Ok(r) => {
            let body = r.json().unwrap_or(Json::Null);
            let fault = body["__type"]
                .as_str()
                .map(fault_name_of)
                .unwrap_or("-")
                .to_owned();
            let message = body["message"]
                .as_str()
                .or_else(|| body["Message"].as_str())
                .map(str::to_owned)
                .unwrap_or_else(|| {
                    // One line, an HTML page named, never printed (a terminal shows this).
                    let line = crate::outcome::evidence::answer_line(
                        Some(r.status),
                        &String::from_utf8_lossy(&r.body),
                    );
                    let prefix = format!("HTTP {} ", r.status);
                    line.strip_prefix(&prefix).unwrap_or(&line).to_owned()
                });
            CallError::Fault {
                operation: operation.to_owned(),
                status: r.status,
                fault,
                message,
            }
        }
    }
}

impl Swf {
    /// A driver using `client`; requests carry `SimpleWorkflowService.` targets.
    pub fn new(client: Client) -> Self {
        Swf {
            client,
            prefix: crate::model::swf().target_prefix.clone(),
            log: None,
            worked: Default::default(),
        }
    }

    /// This driver, keeping each exchange it makes in `log` under `label`.
    pub fn recording(&self, log: &Log, label: &str) -> Swf {
        Swf {
            log: Some((log.clone(), label.to_owned())),
            ..self.clone()
        }
    }

    /// Sends `out` as it is, keeping the exchange when recording and what a 2xx shows the
    /// endpoint implements.
    pub async fn send(&self, out: &Outgoing) -> Exchange {
        let ex = if super::client::is_long_poll(&out.headers) {
            // A poll the endpoint holds gives its case's job slot back while it waits.
            super::slots::long_poll(self.client.send(out)).await
        } else {
            self.client.send(out).await
        };
        if let Some((log, label)) = &self.log {
            log.push(label, &ex);
        }
        if ex
            .outcome
            .as_ref()
            .is_ok_and(|r| (200..300).contains(&r.status))
        {
            if let Ok(mut worked) = self.worked.lock() {
                worked.extend(implemented_by(out));
            }
        }
        ex
    }

    /// Every operation the endpoint answered with a 2xx so far, and `<operation> <decision
    /// type>` for the decision types of the RespondDecisionTaskCompleted it accepted.
    pub fn worked(&self) -> std::collections::BTreeSet<String> {
        self.worked.lock().map(|w| w.clone()).unwrap_or_default()
    }

    /// The underlying client.
    pub fn client(&self) -> &Client {
        &self.client
    }

    /// Calls `operation` with `input`; a 200 gives the body (`null` when empty).
    pub async fn call(&self, operation: &str, input: Json) -> Result<Json, CallError> {
        self.exchange(operation, input).await.1
    }

    /// [`Swf::call`], and the exchange it made.
    pub async fn exchange(
        &self,
        operation: &str,
        input: Json,
    ) -> (Exchange, Result<Json, CallError>) {
        let body = serde_json::to_vec(&input).unwrap_or_default();
        let ex = self
            .send(&Outgoing::operation(&self.prefix, operation, body))
            .await;
        let out = match &ex.outcome {
            Ok(r) if r.status == 200 => {
                if r.body.iter().all(u8::is_ascii_whitespace) {
                    Ok(Json::Null)
                } else {
                    serde_json::from_slice(&r.body).map_err(|e| CallError::Unexpected {
                        operation: operation.to_owned(),
                        detail: format!("body is not JSON: {e}"),
                    })
                }
            }
            _ => Err(describe_failure(&ex, operation)),
        };
        (ex, out)
    }

    /// Calls `operation`; the fault named `tolerated` (e.g. "already exists") counts as success.
    async fn call_tolerating(
        &self,
        operation: &str,
        input: Json,
        tolerated: &str,
    ) -> Result<(), CallError> {
        match self.call(operation, input).await {
            Ok(_) => Ok(()),
            Err(e) if e.fault() == Some(tolerated) => Ok(()),
            Err(e) => Err(e),
        }
    }

    /// Registers `name` unless it exists (DomainAlreadyExistsFault is success).
    pub async fn ensure_domain(&self, name: &str) -> Result<(), CallError> {
        let input = bodies::register_domain(name);
        self.call_tolerating("RegisterDomain", input, "DomainAlreadyExistsFault")
            .await
    }

    /// Registers the harness's workflow and activity types unless they exist.
    pub async fn ensure_types(
        &self,
        domain: &str,
        workflow: &(String, String),
        activity: &(String, String),
    ) -> Result<(), CallError> {
        for (op, input) in bodies::register_types(domain, workflow, activity) {
            self.call_tolerating(op, input, "TypeAlreadyExistsFault")
                .await?;
        }
        Ok(())
    }

    /// Undeprecates the two types (a registered one answers TypeAlreadyExistsFault: fine).
    pub async fn undeprecate_types(
        &self,
        domain: &str,
        workflow: &(String, String),
        activity: &(String, String),
    ) -> Result<(), CallError> {
        for (op, input) in bodies::undeprecate_types(domain, workflow, activity) {
            self.call_tolerating(op, input, "TypeAlreadyExistsFault")
                .await?;
        }
        Ok(())
    }

    /// Starts an execution on `task_list`.
    pub async fn start(
        &self,
        domain: &str,
        workflow_id: &str,
        workflow: &(String, String),
        task_list: &str,
    ) -> Result<ExecutionRef, CallError> {
        let input = bodies::start(domain, workflow_id, workflow, task_list);
        let out = self.call("StartWorkflowExecution", input).await?;
        let run_id = out["runId"].as_str().ok_or_else(|| CallError::Unexpected {
            operation: "StartWorkflowExecution".into(),
            detail: format!("no runId in {out}"),
        })?;
        Ok(ExecutionRef {
            domain: domain.to_owned(),
            workflow_id: workflow_id.to_owned(),
            run_id: run_id.to_owned(),
        })
    }

    /// Polls `task_list` for a decision task; `None` when the poll came back empty.
    pub async fn poll_decision(
        &self,
        domain: &str,
        task_list: &str,
    ) -> Result<Option<Task>, CallError> {
        let out = self
            .call(
                "PollForDecisionTask",
                crate::plan::print::poll(domain, task_list, "swfcheck-decider"),
            )
            .await?;
        Ok(task_of(out))
    }

    /// Answers a decision task.
    pub async fn respond_decisions(&self, token: &str, decisions: Json) -> Result<(), CallError> {
        self.call(
            "RespondDecisionTaskCompleted",
            json!({"taskToken": token, "decisions": decisions}),
        )
        .await
        .map(|_| ())
    }

    /// Polls `task_list` for an activity task; `None` when empty.
    pub async fn poll_activity(
        &self,
        domain: &str,
        task_list: &str,
    ) -> Result<Option<Task>, CallError> {
        let out = self
            .call(
                "PollForActivityTask",
                crate::plan::print::poll(domain, task_list, "swfcheck-worker"),
            )
            .await?;
        Ok(task_of(out))
    }

    /// Records a heartbeat; gives the answer's `cancelRequested`.
    pub async fn heartbeat(&self, token: &str) -> Result<Option<bool>, CallError> {
        let out = self
            .call("RecordActivityTaskHeartbeat", json!({"taskToken": token}))
            .await?;
        Ok(out["cancelRequested"].as_bool())
    }

    /// Requests cancellation of an execution.
    pub async fn request_cancel(&self, ex: &ExecutionRef) -> Result<(), CallError> {
        self.call(
            "RequestCancelWorkflowExecution",
            json!({"domain": ex.domain, "workflowId": ex.workflow_id, "runId": ex.run_id}),
        )
        .await
        .map(|_| ())
    }

    /// Terminates an execution.
    pub async fn terminate(&self, ex: &ExecutionRef, reason: &str) -> Result<(), CallError> {
        self.call("TerminateWorkflowExecution", json!({"domain": ex.domain, "workflowId": ex.workflow_id, "runId": ex.run_id, "reason": reason}))
            .await
            .map(|_| ())
    }

    /// DescribeWorkflowExecution's `executionInfo`.
    pub async fn describe(&self, ex: &ExecutionRef) -> Result<Json, CallError> {
        let out = self
            .call("DescribeWorkflowExecution", json!({"domain": ex.domain, "execution": {"workflowId": ex.workflow_id, "runId": ex.run_id}}))
            .await?;
        Ok(out["executionInfo"].clone())
    }

    /// The whole history, oldest first, following `nextPageToken` (at most 50 pages).
    pub async fn history(&self, ex: &ExecutionRef) -> Result<Vec<Json>, CallError> {
        let mut events = Vec::new();
        let mut token: Option<String> = None;
        for _ in 0..50 {
            let mut input = json!({"domain": ex.domain, "execution": {"workflowId": ex.workflow_id, "runId": ex.run_id}});
            if let Some(t) = &token {
                input["nextPageToken"] = json!(t);
            }
            let out = self.call("GetWorkflowExecutionHistory", input).await?;
            match out["events"].as_array() {
                Some(page) => events.extend(page.iter().cloned()),
                None => {
                    return Err(CallError::Unexpected {
                        operation: "GetWorkflowExecutionHistory".into(),
                        detail: "no events array".into(),
                    });
                }
            }
            token = out["nextPageToken"]
                .as_str()
                .filter(|t| !t.is_empty())
                .map(str::to_owned);
            if token.is_none() {
                break;
            }
        }
        Ok(events)
    }

    /// The open executions of `domain` whose workflowId starts with `prefix` (at most 10 pages).
    pub async fn open_with_prefix(
        &self,
        domain: &str,
        prefix: &str,
    ) -> Result<Vec<ExecutionRef>, CallError> {
        let mut found = Vec::new();
        let mut token: Option<String> = None;
        for _ in 0..10 {
            let mut input = json!({"domain": domain, "startTimeFilter": {"oldestDate": 0}, "maximumPageSize": 1000});
            if let Some(t) = &token {
                input["nextPageToken"] = json!(t);
            }
            let out = self.call("ListOpenWorkflowExecutions", input).await?;
            for info in out["executionInfos"].as_array().into_iter().flatten() {
                let (wf, run) = (
                    &info["execution"]["workflowId"],
                    &info["execution"]["runId"],
                );
                if let (Some(wf), Some(run)) = (wf.as_str(), run.as_str()) {
                    if wf.starts_with(prefix) {
                        found.push(ExecutionRef {
                            domain: domain.to_owned(),
                            workflow_id: wf.to_owned(),
                            run_id: run.to_owned(),
                        });
                    }
                }
            }
            token = out["nextPageToken"]
                .as_str()
                .filter(|t| !t.is_empty())
                .map(str::to_owned);
            if token.is_none() {
                break;
            }
        }
        Ok(found)
    }

    /// Deprecates a domain (DomainDeprecatedFault is success).
    pub async fn deprecate_domain(&self, name: &str) -> Result<(), CallError> {
        self.call_tolerating(
            "DeprecateDomain",
            json!({"name": name}),
            "DomainDeprecatedFault",
        )
        .await
    }
}

/// What a request that got a 2xx shows the endpoint implements: its operation, and for
/// RespondDecisionTaskCompleted each decision type of its list.
fn implemented_by(out: &Outgoing) -> Vec<String> {
    let Some(op) = out
        .headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("x-amz-target"))
        .and_then(|(_, v)| v.rsplit('.').next())
    else {
        return Vec::new();
    };
    let mut features = vec![op.to_owned()];
    if op == "RespondDecisionTaskCompleted" {
        let body: Json = serde_json::from_slice(&out.body).unwrap_or_default();
        for d in body["decisions"].as_array().into_iter().flatten() {
            if let Some(t) = d["decisionType"].as_str() {
                features.push(format!("{op} {t}"));
            }
        }
    }
    features
}

fn task_of(out: Json) -> Option<Task> {
    let token = out["taskToken"]
        .as_str()
        .filter(|t| !t.is_empty())?
        .to_owned();
    Some(Task { token, body: out })
}
