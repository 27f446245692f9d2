//! The breaks of the scoping cases (branch `scoping`, issue 20 items 6 and 7), asserted in
//! tests/behaviour_scoping.rs:
//!
//! - [`Break::ExecutionsAcrossDomains`]: executions and task lists are found by their names
//!   alone, whatever existing domain a request names (the bug fakecloud-swf 0.51.0 has: its
//!   handlers check that the named domain exists, then look the execution up by workflowId and
//!   runId). Describe, history, signal, cancel, terminate and both polls reach what another
//!   domain holds.
//! - [`Break::TypesAcrossDomains`]: a workflow or activity type is found by name and version
//!   alone: DescribeWorkflowType, DescribeActivityType and StartWorkflowExecution reach a type
//!   registered in one other domain.
//! - [`Break::RefusedButApplied`]: a refusal that does what it refused. A signal, cancel or
//!   terminate of another domain's execution, or a poll of another domain's task list, is
//!   answered as the endpoint answers it (UnknownResourceFault, an empty poll) and then carried
//!   out in the execution's domain; a RegisterDomain refused for a member of the wrong JSON
//!   type (a number where the model has a string) registers the domain all the same, the
//!   member as the text of its value (fakecloud reads such a member as "" and registers).
//! - [`Break::EmptyPollCarriesATask`]: an empty poll (taskToken "") names an execution, as if
//!   it handed out a task.
//!
//! Each mode handles the whole exchange ([`Proxy::scoping`]): it forwards the request (rewritten
//! as the mode says), notes what the request and its answer tell (which domain holds which
//! execution, task list and type), and answers.

use super::{Break, Proxy};
use axum::http::{HeaderMap, HeaderName, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::{Value as Json, json};
use std::collections::{BTreeSet, HashMap};

/// The operations that name an execution by its workflowId (and runId) in a domain.
const EXECUTION_OPERATIONS: [&str; 5] = [
    "DescribeWorkflowExecution",
    "GetWorkflowExecutionHistory",
    "SignalWorkflowExecution",
    "RequestCancelWorkflowExecution",
    "TerminateWorkflowExecution",
];

/// The operations that change an execution (or take its task): what RefusedButApplied does
/// after refusing it.
const CHANGING: [&str; 5] = [
    "SignalWorkflowExecution",
    "RequestCancelWorkflowExecution",
    "TerminateWorkflowExecution",
    "PollForDecisionTask",
    "PollForActivityTask",
];

/// What the proxy saw: in which domains executions, task lists and types exist.
#[derive(Default)]
pub(super) struct Seen {
    /// The domains known to exist (registered, or named by a request that got a 200).
    domains: BTreeSet<String>,
    /// The domains each workflowId and runId was started in.
    executions: HashMap<String, BTreeSet<String>>,
    /// The domains each task list had a task scheduled in.
    task_lists: HashMap<String, BTreeSet<String>>,
    /// The domain of each decision task token a poll handed out.
    decision_tokens: HashMap<String, String>,
    /// The domains each type (`workflow` or `activity`, name, version) was registered in.
    types: HashMap<(String, String, String), BTreeSet<String>>,
}

/// An answer: status, headers and body bytes.
struct Answer {
    status: StatusCode,
    headers: HeaderMap,
    body: Vec<u8>,
}

impl Answer {
    fn json(&self) -> Json {
        serde_json::from_slice(&self.body).unwrap_or(Json::Null)
    }
}

fn text<'a>(v: &'a Json, path: &[&str]) -> Option<&'a str> {
    path.iter().try_fold(v, |v, k| v.get(k))?.as_str()
}

/// The one domain of `domains` other than `named`, if there is exactly one domain.
fn elsewhere(domains: Option<&BTreeSet<String>>, named: &str) -> Option<String> {
    match domains {
        Some(set) if set.len() == 1 && !set.contains(named) => set.iter().next().cloned(),
        _ => None,
    }
}

impl Proxy {
    /// The whole exchange in a scoping mode; `None` in every other mode.
    pub(super) async fn scoping(
        &self,
        op: &str,
        headers: &HeaderMap,
        body: &[u8],
    ) -> Option<Response> {
        let mode = self.mode;
        let mine = [
            Break::ExecutionsAcrossDomains,
            Break::TypesAcrossDomains,
            Break::RefusedButApplied,
            Break::EmptyPollCarriesATask,
        ];
        if !mine.contains(&mode) {
            return None;
        }
        let request: Json = serde_json::from_slice(body).unwrap_or(Json::Null);
        let home = self.home_of(op, &request);
        let moved = |home: &str| {
            let mut r = request.clone();
            r["domain"] = json!(home);
            serde_json::to_vec(&r).unwrap()
        };
        let executions = EXECUTION_OPERATIONS.contains(&op) || op.starts_with("PollFor");
        let types = matches!(
            op,
            "DescribeWorkflowType" | "DescribeActivityType" | "StartWorkflowExecution"
        );
        let (sent, answer) = match (mode, home) {
            (Break::ExecutionsAcrossDomains, Some(h)) if executions => (moved(&h), None),
            (Break::TypesAcrossDomains, Some(h)) if types => (moved(&h), None),
            (Break::RefusedButApplied, Some(h)) if CHANGING.contains(&op) => {
                let refused = self.forward(headers, body.to_vec()).await;
                (moved(&h), Some(refused))
            }
            _ => (body.to_vec(), None),
        };
        let applied = self.forward(headers, sent.clone()).await;
        let sent: Json = serde_json::from_slice(&sent).unwrap_or(Json::Null);
        self.note(op, &sent, &applied);
        if mode == Break::RefusedButApplied && op == "RegisterDomain" {
            self.register_anyway(headers, &request, &applied).await;
        }
        let mut answer = answer.unwrap_or(applied);
        if mode == Break::EmptyPollCarriesATask && op.starts_with("PollFor") {
            let mut json = answer.json();
            if json.get("taskToken").is_none_or(|t| t == "") {
                json["workflowExecution"] =
                    json!({"workflowId": "swfcheck-phantom", "runId": "phantom"});
                answer.body = serde_json::to_vec(&json).unwrap();
            }
        }
        Some((answer.status, answer.headers, answer.body).into_response())
    }

    /// The one other existing domain that holds what the request names (its execution,
    /// task list or type), if the request names an existing domain that does not hold it.
    fn home_of(&self, op: &str, request: &Json) -> Option<String> {
        let named = text(request, &["domain"])?;
        let seen = self.scoping.lock().ok()?;
        if !seen.domains.contains(named) {
            return None;
        }
        if EXECUTION_OPERATIONS.contains(&op) {
            let key = text(request, &["execution", "runId"])
                .or_else(|| text(request, &["runId"]))
                .or_else(|| text(request, &["execution", "workflowId"]))
                .or_else(|| text(request, &["workflowId"]))?;
            return elsewhere(seen.executions.get(key), named);
        }
        if op.starts_with("PollFor") {
            let list = text(request, &["taskList", "name"])?;
            return elsewhere(seen.task_lists.get(list), named);
        }
        let (kind, member) = match op {
            "DescribeWorkflowType" | "StartWorkflowExecution" => ("workflow", "workflowType"),
            "DescribeActivityType" => ("activity", "activityType"),
            _ => return None,
        };
        let key = (
            kind.to_owned(),
            text(request, &[member, "name"])?.to_owned(),
            text(request, &[member, "version"])?.to_owned(),
        );
        elsewhere(seen.types.get(&key), named)
    }

    /// Keeps what `sent` and its answer tell of which domain holds what.
    fn note(&self, op: &str, sent: &Json, answer: &Answer) {
        let Ok(mut seen) = self.scoping.lock() else {
            return;
        };
        let ok = answer.status == StatusCode::OK;
        let json = answer.json();
        let domain = text(sent, &["domain"]).unwrap_or_default().to_owned();
        let fault = text(&json, &["__type"]).unwrap_or_default();
        if op == "RegisterDomain" && (ok || fault.ends_with("#DomainAlreadyExistsFault")) {
            if let Some(name) = text(sent, &["name"]) {
                seen.domains.insert(name.to_owned());
            }
        }
        if !ok {
            return;
        }
        if !domain.is_empty() {
            seen.domains.insert(domain.clone());
        }
        let add = |map: &mut HashMap<String, BTreeSet<String>>, key: Option<&str>| {
            if let Some(k) = key {
                map.entry(k.to_owned()).or_default().insert(domain.clone());
            }
        };
        match op {
            "StartWorkflowExecution" => {
                add(&mut seen.executions, text(sent, &["workflowId"]));
                add(&mut seen.executions, text(&json, &["runId"]));
                add(&mut seen.task_lists, text(sent, &["taskList", "name"]));
            }
            "PollForDecisionTask" => {
                if let Some(token) = text(&json, &["taskToken"]).filter(|t| !t.is_empty()) {
                    seen.decision_tokens
                        .insert(token.to_owned(), domain.clone());
                }
            }
            "RespondDecisionTaskCompleted" => {
                let token = text(sent, &["taskToken"]).unwrap_or_default();
                let Some(home) = seen.decision_tokens.get(token).cloned() else {
                    return;
                };
                let decisions = sent["decisions"].as_array().cloned().unwrap_or_default();
                for d in &decisions {
                    let attributes = &d["scheduleActivityTaskDecisionAttributes"];
                    if let Some(list) = text(attributes, &["taskList", "name"]) {
                        let lists = seen.task_lists.entry(list.to_owned()).or_default();
                        lists.insert(home.clone());
                    }
                }
            }
            "RegisterWorkflowType" | "RegisterActivityType" => {
                let kind = if op == "RegisterWorkflowType" {
                    "workflow"
                } else {
                    "activity"
                };
                let (Some(name), Some(version)) = (text(sent, &["name"]), text(sent, &["version"]))
                else {
                    return;
                };
                let key = (kind.to_owned(), name.to_owned(), version.to_owned());
                seen.types.entry(key).or_default().insert(domain);
            }
            _ => {}
        }
    }

    /// RefusedButApplied: a RegisterDomain refused for a member that is a number or a boolean
    /// where the model has a string is registered all the same, each such member as its text.
    async fn register_anyway(&self, headers: &HeaderMap, request: &Json, refused: &Answer) {
        let Some(members) = request.as_object() else {
            return;
        };
        let wrong = |v: &Json| v.is_number() || v.is_boolean();
        if refused.status != StatusCode::BAD_REQUEST
            || !members.get("name").is_some_and(Json::is_string)
            || !members.values().any(wrong)
        {
            return;
        }
        let mut coerced = request.clone();
        for (k, v) in members.iter().filter(|(_, v)| wrong(v)) {
            coerced[k] = json!(v.to_string());
        }
        let applied = self
            .forward(headers, serde_json::to_vec(&coerced).unwrap())
            .await;
        self.note("RegisterDomain", &coerced, &applied);
    }

    /// Sends `body` upstream with the request's headers; a transport error is a 502.
    async fn forward(&self, headers: &HeaderMap, body: Vec<u8>) -> Answer {
        let mut req = self.http.post(&self.upstream).body(body);
        for (k, v) in headers {
            if k != "host" && k != "content-length" {
                req = req.header(k, v);
            }
        }
        let upstream = match req.send().await {
            Ok(r) => r,
            Err(e) => {
                return Answer {
                    status: StatusCode::BAD_GATEWAY,
                    headers: HeaderMap::new(),
                    body: e.to_string().into_bytes(),
                };
            }
        };
        let status = StatusCode::from_u16(upstream.status().as_u16()).unwrap();
        let mut out = HeaderMap::new();
        for (k, v) in upstream.headers() {
            if k == "content-length" {
                continue;
            }
            if let (Ok(name), Ok(value)) = (
                HeaderName::from_bytes(k.as_str().as_bytes()),
                HeaderValue::from_bytes(v.as_bytes()),
            ) {
                out.insert(name, value);
            }
        }
        let body = upstream.bytes().await.unwrap_or_default().to_vec();
        Answer {
            status,
            headers: out,
            body,
        }
    }
}
