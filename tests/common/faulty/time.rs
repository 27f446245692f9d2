//! The faulty proxy's modes of branch `oracle` (issue 21): timers, timeouts, long polls, close
//! statuses, children, external events, and the documented behaviours of types, polls and
//! decisions; asserted in tests/behaviour_time.rs.

use super::{Break, Proxy};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::{Value as Json, json};
use std::collections::{HashMap, HashSet};

/// The operations whose answers carry history events.
const EVENT_ANSWERS: [&str; 2] = ["GetWorkflowExecutionHistory", "PollForDecisionTask"];

/// The harness's own deprecated domain (its setups undeprecate and deprecate it): left alone.
const HARNESS_DEPRECATED_DOMAIN: &str = "swfcheck-deprecated";

/// What the proxy saw go by that these modes need later.
#[derive(Default)]
pub(super) struct Seen {
    /// (domain, task list) → the answer of a poll that handed out a task nobody answered yet.
    unanswered: HashMap<(String, String), Vec<u8>>,
    /// (domain, task list) → the workflowId of the first task a poll handed out there.
    first_on_list: HashMap<(String, String), String>,
    /// Deprecated or deleted types, as (domain, name, version), and deprecated domains.
    retired_types: HashSet<(String, String, String)>,
    retired_domains: HashSet<String>,
    /// Activity task token → (domain, type name, version).
    token_types: HashMap<String, (String, String, String)>,
    /// Activity task tokens whose heartbeat reported cancelRequested.
    cancel_requested: HashSet<String>,
    /// (domain, workflowId) → (signalName, input) of a signal sent without a runId.
    runless_signals: HashMap<(String, String), (Json, Json)>,
}

fn text(v: &Json) -> String {
    v.as_str().unwrap_or_default().to_owned()
}

fn task_list(request: &Json) -> (String, String) {
    (text(&request["domain"]), text(&request["taskList"]["name"]))
}

fn type_key(domain: &str, t: &Json) -> (String, String, String) {
    (domain.to_owned(), text(&t["name"]), text(&t["version"]))
}

fn kind(e: &Json) -> String {
    text(&e["eventType"])
}

/// The events that close an execution.
fn closes(event_type: &str) -> bool {
    [
        "WorkflowExecutionCompleted",
        "WorkflowExecutionFailed",
        "WorkflowExecutionCanceled",
        "WorkflowExecutionTerminated",
        "WorkflowExecutionTimedOut",
        "WorkflowExecutionContinuedAsNew",
    ]
    .contains(&event_type)
}

/// Whether `mode` is one of this file's.
pub(super) fn is_time_mode(mode: Break) -> bool {
    use Break::*;
    matches!(
        mode,
        DropTimerFired
            | TimerNeverFires
            | ClosedExecutionTimerFires
            | OtherTimeoutType
            | DropTimedOut
            | NewCloseStatusesRewritten
            | DropExternalEvents
            | ChildCompletedAsFailed
            | PollAnsweredAtOnce
            | ActivityPollAnsweredAtOnce
            | TaskToTwoPollers
            | OneExecutionPerTaskList
            | PollIgnoresPaging
            | PollWrongType
            | DecisionContextLost
            | RetiredTypesStopRunning
            | RetiredInvisible
            | TypeConfigurationDropped
            | DeprecatedActivityShownRegistered
            | UndeprecateTypeDoesNothing
            | DeletedTypesStayUsable
            | ListTypesIgnoreName
            | CancelRequestedTasksRefuseCompletion
            | SignalEveryRun
    )
}

/// Rewrites a request as the mode does; true when the mode is one of this file's.
pub(super) fn rewrite_request(mode: Break, op: &str, body: &mut Json) -> bool {
    let remove = |body: &mut Json, members: &[&str]| {
        if let Some(o) = body.as_object_mut() {
            for m in members {
                o.remove(*m);
            }
        }
    };
    match (mode, op) {
        // Every timer is started for a day: none fires while a case waits.
        (Break::TimerNeverFires, "RespondDecisionTaskCompleted") => {
            let decisions = body.get_mut("decisions").and_then(Json::as_array_mut);
            for d in decisions.into_iter().flatten() {
                if let Some(a) = d.get_mut("startTimerDecisionAttributes") {
                    a["startToFireTimeout"] = json!("86400");
                }
            }
        }
        (Break::PollIgnoresPaging, "PollForDecisionTask") => {
            remove(body, &["maximumPageSize", "nextPageToken"])
        }
        (Break::DecisionContextLost, "RespondDecisionTaskCompleted") => {
            remove(body, &["executionContext"])
        }
        (Break::ListTypesIgnoreName, "ListActivityTypes" | "ListWorkflowTypes") => {
            remove(body, &["name"])
        }
        _ => {}
    }
    is_time_mode(mode)
}

/// Another value of the enum of `event_type`'s `timeoutType`, from the model; a value outside
/// the enum when it has only one.
fn other_timeout_type(event_type: &str, current: &str) -> String {
    let model = swfcheck::model::swf();
    let values = (|| {
        let event = model
            .operation("GetWorkflowExecutionHistory")?
            .output
            .as_ref()?
            .member("events")?
            .shape
            .member
            .as_deref()?;
        let key = swfcheck::model::event_attributes_key(event_type);
        let attrs = &event.member(&key)?.shape;
        attrs.member("timeoutType")?.shape.enum_values.clone()
    })();
    values
        .unwrap_or_default()
        .into_iter()
        .find(|v| v != current)
        .unwrap_or_else(|| "SCHEDULE_TO_CLOSE".into())
}

/// The events of a history answer as the modes rewrite them.
fn rewrite_events(mode: Break, events: &mut Vec<Json>) {
    match mode {
        Break::DropTimerFired => events.retain(|e| kind(e) != "TimerFired"),
        Break::DropTimedOut => events.retain(|e| !kind(e).ends_with("TimedOut")),
        Break::DropExternalEvents => events.retain(|e| !kind(e).starts_with("ExternalWorkflow")),
        Break::OtherTimeoutType => {
            for e in events.iter_mut().filter(|e| kind(e).ends_with("TimedOut")) {
                let key = swfcheck::model::event_attributes_key(&kind(e));
                let other = other_timeout_type(&kind(e), &text(&e[&key]["timeoutType"]));
                e[&key]["timeoutType"] = json!(other);
            }
        }
        Break::ChildCompletedAsFailed => {
            for e in events
                .iter_mut()
                .filter(|e| kind(e) == "ChildWorkflowExecutionCompleted")
            {
                let Some(obj) = e.as_object_mut() else {
                    continue;
                };
                let key = "childWorkflowExecutionCompletedEventAttributes";
                let mut attrs = obj.remove(key).unwrap_or_else(|| json!({}));
                if let Some(result) = attrs.as_object_mut().and_then(|a| a.remove("result")) {
                    attrs["reason"] = result;
                }
                obj.insert("eventType".into(), json!("ChildWorkflowExecutionFailed"));
                obj.insert("childWorkflowExecutionFailedEventAttributes".into(), attrs);
            }
        }
        Break::ClosedExecutionTimerFires => {
            // A timer still open when the execution closed fires after its closing event.
            let Some(last) = events.last().cloned() else {
                return;
            };
            if !closes(&kind(&last)) {
                return;
            }
            let mut open: Vec<(i64, Json)> = Vec::new();
            for e in events.iter() {
                match kind(e).as_str() {
                    "TimerStarted" => open.push((
                        e["eventId"].as_i64().unwrap_or(0),
                        e["timerStartedEventAttributes"]["timerId"].clone(),
                    )),
                    "TimerFired" | "TimerCanceled" => {
                        let key = swfcheck::model::event_attributes_key(&kind(e));
                        let started = e[&key]["startedEventId"].as_i64();
                        open.retain(|(id, _)| Some(*id) != started);
                    }
                    _ => {}
                }
            }
            let mut id = last["eventId"].as_i64().unwrap_or(0);
            for (started, timer_id) in open {
                id += 1;
                events.push(
                    json!({"eventId": id, "eventTimestamp": last["eventTimestamp"],
                    "eventType": "TimerFired",
                    "timerFiredEventAttributes": {"timerId": timer_id, "startedEventId": started}}),
                );
            }
        }
        _ => {}
    }
}

/// TIMED_OUT is shown as TERMINATED and CONTINUED_AS_NEW as COMPLETED.
fn close_statuses(op: &str, body: &mut Json) {
    let rewrite = |info: &mut Json| {
        let other = match info["closeStatus"].as_str() {
            Some("TIMED_OUT") => "TERMINATED",
            Some("CONTINUED_AS_NEW") => "COMPLETED",
            _ => return,
        };
        info["closeStatus"] = json!(other);
    };
    match op {
        "DescribeWorkflowExecution" => rewrite(&mut body["executionInfo"]),
        "ListClosedWorkflowExecutions" | "ListOpenWorkflowExecutions" => {
            let infos = body.get_mut("executionInfos").and_then(Json::as_array_mut);
            infos.into_iter().flatten().for_each(rewrite);
        }
        _ => {}
    }
}

fn answer(status: StatusCode, body: Vec<u8>) -> Response {
    let headers = [
        ("content-type", "application/x-amz-json-1.0"),
        ("x-amzn-RequestId", "made-up"),
    ];
    (status, headers, body).into_response()
}

/// Whether a poll's answer hands out a task: a non-empty taskToken (an empty poll has none, in
/// the reference's recorded form, or `""`, in the documentation's: docs/practice.md §1).
fn hands_out_a_task(body: &Json) -> bool {
    body["taskToken"].as_str().is_some_and(|t| !t.is_empty())
}

/// An empty poll's answer as the service is recorded giving it, and as the reference endpoint
/// writes it: no taskToken member (docs/practice.md §1).
fn empty_poll(op: &str) -> Json {
    match op {
        "PollForDecisionTask" => json!({"startedEventId": 0, "previousStartedEventId": 0}),
        _ => json!({"startedEventId": 0}),
    }
}

fn unknown_resource(message: &str) -> Response {
    let envelope = json!({"__type": "com.amazonaws.swf.base.model#UnknownResourceFault",
        "message": message});
    answer(StatusCode::BAD_REQUEST, envelope.to_string().into_bytes())
}

impl Proxy {
    /// Rewrites a 2xx or fault answer to `request` as the mode does.
    pub(super) fn time_answer(&self, op: &str, request: &Json, body: &mut Json) {
        if body.get("__type").is_some() {
            return;
        }
        let Ok(mut seen) = self.seen.lock() else {
            return;
        };
        let domain = text(&request["domain"]);
        match (self.mode, op) {
            (Break::NewCloseStatusesRewritten, _) => close_statuses(op, body),
            (Break::PollWrongType, "PollForDecisionTask") if hands_out_a_task(body) => {
                body["workflowType"]["version"] = json!("0");
            }
            (Break::TypeConfigurationDropped, "DescribeWorkflowType" | "DescribeActivityType") => {
                body["configuration"] = json!({});
            }
            (Break::DeprecatedActivityShownRegistered, "DescribeActivityType")
                if body["typeInfo"]["status"] == "DEPRECATED" =>
            {
                body["typeInfo"]["status"] = json!("REGISTERED");
            }
            (Break::OneExecutionPerTaskList, "PollForDecisionTask") if hands_out_a_task(body) => {
                let workflow_id = text(&body["workflowExecution"]["workflowId"]);
                let first = seen
                    .first_on_list
                    .entry(task_list(request))
                    .or_insert_with(|| workflow_id.clone());
                if *first != workflow_id {
                    *body = empty_poll(op);
                }
            }
            (Break::RetiredTypesStopRunning, "PollForActivityTask" | "PollForDecisionTask")
                if hands_out_a_task(body) =>
            {
                let member = if op == "PollForActivityTask" {
                    "activityType"
                } else {
                    "workflowType"
                };
                let t = type_key(&domain, &body[member]);
                if op == "PollForActivityTask" {
                    seen.token_types.insert(text(&body["taskToken"]), t.clone());
                }
                if seen.retired_types.contains(&t) || seen.retired_domains.contains(&domain) {
                    *body = empty_poll(op);
                }
            }
            (Break::CancelRequestedTasksRefuseCompletion, "RecordActivityTaskHeartbeat")
                if body["cancelRequested"] == true =>
            {
                seen.cancel_requested.insert(text(&request["taskToken"]));
            }
            (Break::SignalEveryRun, "GetWorkflowExecutionHistory") => {
                let workflow_id = text(&request["execution"]["workflowId"]);
                let Some((name, input)) = seen.runless_signals.get(&(domain, workflow_id)) else {
                    return;
                };
                let events = body.get_mut("events").and_then(Json::as_array_mut);
                let Some(events) = events.filter(|e| e.last().is_some_and(|l| closes(&kind(l))))
                else {
                    return;
                };
                let last = events.last().cloned().unwrap_or_default();
                events.push(json!({"eventId": last["eventId"].as_i64().unwrap_or(0) + 1,
                    "eventTimestamp": last["eventTimestamp"], "eventType": "WorkflowExecutionSignaled",
                    "workflowExecutionSignaledEventAttributes": {"signalName": name, "input": input,
                        "externalInitiatedEventId": 0}}));
            }
            _ if EVENT_ANSWERS.contains(&op) => {
                if let Some(events) = body.get_mut("events").and_then(Json::as_array_mut) {
                    rewrite_events(self.mode, events);
                }
            }
            _ => {}
        }
    }

    /// An answer made up instead of forwarding the request, if the mode makes one.
    pub(super) async fn time_instead(
        &self,
        op: &str,
        headers: &HeaderMap,
        request: &Json,
    ) -> Option<Response> {
        let paging = request.get("nextPageToken").is_some();
        let domain = text(&request["domain"]);
        let done = || Some(answer(StatusCode::OK, Vec::new()));
        match (self.mode, op) {
            (Break::PollAnsweredAtOnce, "PollForDecisionTask")
            | (Break::ActivityPollAnsweredAtOnce, "PollForActivityTask")
                if !paging =>
            {
                // No long poll: with no task pending, the poll answers empty at once.
                let (domain, list) = task_list(request);
                let count = json!({"domain": domain, "taskList": {"name": list}});
                let counter = match op {
                    "PollForDecisionTask" => "CountPendingDecisionTasks",
                    _ => "CountPendingActivityTasks",
                };
                let pending = self.upstream_call(headers, counter, &count).await?;
                if pending["count"].as_i64() != Some(0) {
                    return None;
                }
                // The empty answer in the reference's (recorded) form, without taskToken: the
                // mode breaks the long poll, not the empty poll's shape (docs/practice.md §1).
                let mut empty = empty_poll(op);
                empty.as_object_mut().map(|o| o.remove("taskToken"));
                Some(answer(StatusCode::OK, empty.to_string().into_bytes()))
            }
            (Break::TaskToTwoPollers, "PollForDecisionTask") if !paging => {
                // A task handed out and not answered yet goes to the next poller too (once).
                let again = self
                    .seen
                    .lock()
                    .ok()?
                    .unanswered
                    .remove(&task_list(request))?;
                Some(answer(StatusCode::OK, again))
            }
            (
                Break::UndeprecateTypeDoesNothing,
                "UndeprecateWorkflowType" | "UndeprecateActivityType",
            ) if domain != HARNESS_DEPRECATED_DOMAIN => done(),
            (Break::DeletedTypesStayUsable, "DeleteWorkflowType" | "DeleteActivityType") => {
                // The delete undeprecates the type instead.
                let undeprecate = op.replace("Delete", "Undeprecate");
                self.upstream_call(headers, &undeprecate, request).await;
                done()
            }
            (Break::RetiredTypesStopRunning, _) if op.starts_with("RespondActivityTask") => {
                let seen = self.seen.lock().ok()?;
                let t = seen.token_types.get(&text(&request["taskToken"]))?;
                let retired = seen.retired_types.contains(t) || seen.retired_domains.contains(&t.0);
                retired.then(|| unknown_resource("Unknown activity task: its type was retired"))
            }
            (Break::RetiredInvisible, _)
                if op.ends_with("WorkflowExecutions")
                    && (op.starts_with("List") || op.starts_with("Count")) =>
            {
                let seen = self.seen.lock().ok()?;
                if seen.retired_domains.contains(&domain) {
                    return Some(unknown_resource(&format!("Unknown domain: {domain}")));
                }
                let filter = &request["typeFilter"];
                let named = seen
                    .retired_types
                    .iter()
                    .any(|(d, n, _)| *d == domain && filter["name"].as_str() == Some(n.as_str()));
                let empty = if op.starts_with("List") {
                    json!({"executionInfos": []})
                } else {
                    json!({"count": 0, "truncated": false})
                };
                named.then(|| answer(StatusCode::OK, empty.to_string().into_bytes()))
            }
            (Break::CancelRequestedTasksRefuseCompletion, "RespondActivityTaskCompleted") => {
                let seen = self.seen.lock().ok()?;
                seen.cancel_requested
                    .contains(&text(&request["taskToken"]))
                    .then(|| unknown_resource("Unknown activity task: cancellation requested"))
            }
            _ => None,
        }
    }

    /// One call of `operation` upstream with the request's headers; its JSON answer.
    async fn upstream_call(
        &self,
        headers: &HeaderMap,
        operation: &str,
        body: &Json,
    ) -> Option<Json> {
        let target = format!("SimpleWorkflowService.{operation}");
        let mut req = self.http.post(&self.upstream).body(body.to_string());
        for (k, v) in headers {
            if k != "host" && k != "content-length" && k != "x-amz-target" {
                req = req.header(k, v);
            }
        }
        let r = req.header("x-amz-target", target).send().await.ok()?;
        r.json().await.ok().or(Some(Json::Null))
    }

    /// DecisionContextLost: an empty success of RespondDecisionTaskCompleted becomes `{}`.
    pub(super) fn time_empty_answer(&self, op: &str, status: StatusCode, bytes: &mut Vec<u8>) {
        let decided = op == "RespondDecisionTaskCompleted" && status == StatusCode::OK;
        if self.mode == Break::DecisionContextLost && decided && bytes.is_empty() {
            *bytes = b"{}".to_vec();
        }
    }

    /// Keeps what later answers of these modes need from a request and its upstream answer.
    pub(super) fn note_time(&self, op: &str, request: &Json, status: StatusCode, bytes: &[u8]) {
        if !is_time_mode(self.mode) || status != StatusCode::OK {
            return;
        }
        let Ok(mut seen) = self.seen.lock() else {
            return;
        };
        let domain = text(&request["domain"]);
        match (self.mode, op) {
            (Break::TaskToTwoPollers, "PollForDecisionTask")
                if request.get("nextPageToken").is_none() =>
            {
                let json: Json = serde_json::from_slice(bytes).unwrap_or(Json::Null);
                if json["taskToken"].as_str().is_some_and(|t| !t.is_empty()) {
                    seen.unanswered.insert(task_list(request), bytes.to_vec());
                }
            }
            (Break::TaskToTwoPollers, "RespondDecisionTaskCompleted") => {
                let token = &request["taskToken"];
                seen.unanswered.retain(|_, answer| {
                    let json: Json = serde_json::from_slice(answer).unwrap_or(Json::Null);
                    json["taskToken"] != *token
                });
            }
            (Break::RetiredTypesStopRunning | Break::RetiredInvisible, _) => {
                let member = if op.contains("Activity") {
                    "activityType"
                } else {
                    "workflowType"
                };
                let t = type_key(&domain, &request[member]);
                let name = text(&request["name"]);
                match op {
                    "DeprecateWorkflowType"
                    | "DeprecateActivityType"
                    | "DeleteWorkflowType"
                    | "DeleteActivityType" => {
                        seen.retired_types.insert(t);
                    }
                    "UndeprecateWorkflowType" | "UndeprecateActivityType" => {
                        seen.retired_types.remove(&t);
                    }
                    "DeprecateDomain" => {
                        seen.retired_domains.insert(name);
                    }
                    "UndeprecateDomain" => {
                        seen.retired_domains.remove(&name);
                    }
                    _ => {}
                }
            }
            (Break::SignalEveryRun, "SignalWorkflowExecution")
                if request.get("runId").is_none() =>
            {
                let key = (domain, text(&request["workflowId"]));
                let signal = (request["signalName"].clone(), request["input"].clone());
                seen.runless_signals.insert(key, signal);
            }
            _ => {}
        }
    }
}
