//! How the faulty proxy rewrites what passes through it: the request's members before it
//! goes upstream, the JSON answer (faults, values, histories) before it comes back. The
//! families with state or many breaks of their own are in the sibling files.

use super::{Break, Proxy, colons, filters, live, meaning, tasks, time};
use axum::http::StatusCode;
use serde_json::{Value as Json, json};

fn truncate(body: &mut Json, member: &str, max: usize) {
    if let Some(s) = body.get(member).and_then(Json::as_str) {
        if s.chars().count() > max {
            body[member] = json!(s.chars().take(max).collect::<String>());
        }
    }
}

impl Proxy {
    /// The request as the broken endpoint would read it (the breaks of the request's
    /// members; the families in files of their own first).
    pub(super) fn rewrite_request(&self, op: &str, body: &mut Json) {
        if filters::rewrite(self.mode, op, body)
            || time::rewrite_request(self.mode, op, body)
            || colons::rewrite(self.mode, op, body)
            || meaning::rewrite_request(self.mode, op, body)
        {
            return;
        }
        if self.mode == Break::PageSizeMax && op == "ListDomains" {
            if body["maximumPageSize"].as_i64().is_some_and(|n| n > 1000) {
                body["maximumPageSize"] = json!(1000);
            }
            return;
        }
        if self.mode == Break::ForgetDecisions && op == "RespondDecisionTaskCompleted" {
            let kept = [
                "CompleteWorkflowExecution",
                "CancelWorkflowExecution",
                "ScheduleActivityTask",
            ];
            if let Some(list) = body.get_mut("decisions").and_then(Json::as_array_mut) {
                list.retain(|d| kept.iter().any(|k| d["decisionType"] == *k));
            }
            return;
        }
        if op != "RequestCancelWorkflowExecution" || !body.is_object() {
            return;
        }
        match self.mode {
            Break::DomainMaxLength => truncate(body, "domain", 256),
            Break::WorkflowIdMaxLength => truncate(body, "workflowId", 256),
            Break::RunIdMaxLength => truncate(body, "runId", 64),
            Break::MinLength => {
                for m in ["domain", "workflowId"] {
                    if body.get(m).and_then(Json::as_str) == Some("") {
                        body[m] = json!("~");
                    }
                }
            }
            Break::Required => {
                for m in ["domain", "workflowId"] {
                    if body.get(m).is_none_or(Json::is_null) {
                        body[m] = json!("~");
                    }
                }
            }
            Break::RunId => {
                body.as_object_mut().map(|o| o.remove("runId"));
            }
            Break::Types => {
                for m in ["domain", "workflowId", "runId"] {
                    if body.get(m).is_some_and(|v| !v.is_string() && !v.is_null()) {
                        body[m] = json!("~");
                    }
                }
            }
            _ => {}
        }
    }

    /// The JSON answer as the broken endpoint would write it.
    pub(super) fn rewrite_json(&self, op: &str, status: &mut StatusCode, body: &mut Json) {
        if live::rewrite_response(self.mode, op, body) {
            return;
        }
        let is_fault = body.get("__type").is_some();
        if !is_fault && meaning::rewrite_answer(self.mode, op, body) {
            return;
        }
        match self.mode {
            Break::FaultStatus if is_fault => *status = StatusCode::OK,
            Break::FaultNames if is_fault => {
                let t = body["__type"].as_str().unwrap_or_default();
                let renamed = t
                    .replace("#UnknownResourceFault", "#ResourceNotFoundFault")
                    .replace("#ValidationException", "#InvalidParameterException");
                body["__type"] = json!(renamed);
            }
            Break::Namespaces if is_fault => {
                let t = body["__type"].as_str().unwrap_or_default();
                let name = t.rsplit('#').next().unwrap_or_default().to_owned();
                body["__type"] = json!(format!("com.example.wrong#{name}"));
            }
            Break::Messages if is_fault => body["message"] = json!("Something went wrong."),
            Break::CancelEvent
            | Break::CancelAttributes
            | Break::DecisionTaskAfterCancel
            | Break::DropSignals
            | Break::DropActivityScheduled
                if op == "GetWorkflowExecutionHistory" =>
            {
                self.rewrite_history(body)
            }
            Break::DescribeCancelRequested if op == "DescribeWorkflowExecution" => {
                body["executionInfo"]["cancelRequested"] = json!(false);
            }
            Break::CloseStatus
                if op == "DescribeWorkflowExecution"
                    && body["executionInfo"]["closeStatus"] == "CANCELED" =>
            {
                body["executionInfo"]["closeStatus"] = json!("COMPLETED");
            }
            Break::NullTagDropped if op == "DescribeWorkflowExecution" => {
                if let Some(tags) = body["executionInfo"]["tagList"].as_array_mut() {
                    tags.retain(|t| !t.is_null());
                }
            }
            Break::Heartbeat if op == "RecordActivityTaskHeartbeat" => {
                body["cancelRequested"] = json!(false)
            }
            Break::TimestampsAsStrings if !is_fault => stringify_timestamps(body),
            Break::NoOpenCounts if op == "DescribeWorkflowExecution" => {
                body.as_object_mut().map(|o| o.remove("openCounts"));
            }
            Break::EventAttributes if !is_fault => {
                let events = body.get_mut("events").and_then(Json::as_array_mut);
                for e in events.into_iter().flatten() {
                    if e["eventType"] != "MarkerRecorded" {
                        e["markerRecordedEventAttributes"] =
                            json!({"markerName": "m", "decisionTaskCompletedEventId": 1});
                    }
                }
            }
            Break::UndocumentedMember if !is_fault && body.is_object() => {
                body["swfcheckExtra"] = json!(true)
            }
            Break::TerminatedAsCompleted
                if op == "DescribeWorkflowExecution"
                    && body["executionInfo"]["closeStatus"] == "TERMINATED" =>
            {
                body["executionInfo"]["closeStatus"] = json!("COMPLETED");
            }
            Break::SwapCompletedFailed if op == "DescribeWorkflowExecution" => {
                let swapped = match body["executionInfo"]["closeStatus"].as_str() {
                    Some("COMPLETED") => "FAILED",
                    Some("FAILED") => "COMPLETED",
                    _ => return,
                };
                body["executionInfo"]["closeStatus"] = json!(swapped);
            }
            Break::CountOneTooMany if op == "CountOpenWorkflowExecutions" && !is_fault => {
                body["count"] = json!(body["count"].as_i64().unwrap_or(0) + 1);
            }
            Break::DeprecatedShownRegistered
                if op == "DescribeWorkflowType" && body["typeInfo"]["status"] == "DEPRECATED" =>
            {
                body["typeInfo"]["status"] = json!("REGISTERED");
            }
            Break::LongRetention if op == "DescribeDomain" && !is_fault => {
                body["configuration"]["workflowExecutionRetentionPeriodInDays"] =
                    json!("123456789");
            }
            Break::EmptyTokenDocumented
                if op.starts_with("PollFor") && body.get("taskToken").is_none() =>
            {
                body["taskToken"] = json!("");
            }
            Break::AcceptDuplicates if is_fault => {
                let t = body["__type"].as_str().unwrap_or_default();
                let duplicate = [
                    "#DomainAlreadyExistsFault",
                    "#TypeAlreadyExistsFault",
                    "#WorkflowExecutionAlreadyStartedFault",
                ];
                if duplicate.iter().any(|d| t.ends_with(d)) {
                    *status = StatusCode::OK;
                    *body = json!({});
                }
            }
            Break::UnknownDomainEmpty
                if is_fault
                    && (op.starts_with("List") || op.starts_with("Count"))
                    && body["__type"]
                        .as_str()
                        .is_some_and(|t| t.ends_with("#UnknownResourceFault")) =>
            {
                *status = StatusCode::OK;
                *body = json!({});
            }
            // --- branch `tasks` ---
            Break::ActivityInputDropped if op == "PollForActivityTask" => {
                body.as_object_mut().map(|o| o.remove("input"));
            }
            Break::PendingActivitiesZero if op == "CountPendingActivityTasks" && !is_fault => {
                body["count"] = json!(0);
            }
            Break::PendingActivitiesOneTooMany
                if op == "CountPendingActivityTasks" && !is_fault =>
            {
                body["count"] = json!(body["count"].as_i64().unwrap_or(0) + 1);
            }
            Break::HeartbeatAlwaysCancelRequested
                if op == "RecordActivityTaskHeartbeat" && !is_fault =>
            {
                body["cancelRequested"] = json!(true);
            }
            Break::WrongFailedCause
            | Break::NoDecisionTaskAfterFailedDecision
            | Break::DuplicateActivityCompleted
                if op == "GetWorkflowExecutionHistory" =>
            {
                tasks::rewrite_history_page(self.mode, body)
            }
            _ => {}
        }
    }

    fn rewrite_history(&self, body: &mut Json) {
        let Some(events) = body.get_mut("events").and_then(Json::as_array_mut) else {
            return;
        };
        match self.mode {
            Break::CancelEvent => {
                events.retain(|e| e["eventType"] != "WorkflowExecutionCancelRequested")
            }
            Break::DropSignals => events.retain(|e| e["eventType"] != "WorkflowExecutionSignaled"),
            Break::DropActivityScheduled => {
                events.retain(|e| e["eventType"] != "ActivityTaskScheduled")
            }
            Break::CancelAttributes => {
                for e in events
                    .iter_mut()
                    .filter(|e| e["eventType"] == "WorkflowExecutionCancelRequested")
                {
                    e["workflowExecutionCancelRequestedEventAttributes"] =
                        json!({"externalInitiatedEventId": 1, "cause": "CHILD_POLICY_APPLIED"});
                }
            }
            Break::DecisionTaskAfterCancel => {
                let mut keep = Vec::with_capacity(events.len());
                let mut after_cancel = false;
                for e in events.drain(..) {
                    let t = e["eventType"].as_str().unwrap_or_default().to_owned();
                    if !(after_cancel && t == "DecisionTaskScheduled") {
                        keep.push(e);
                    }
                    after_cancel = t == "WorkflowExecutionCancelRequested";
                }
                *events = keep;
            }
            _ => {}
        }
    }
}

/// Every number under a key the model names as a timestamp becomes a string.
fn stringify_timestamps(value: &mut Json) {
    match value {
        Json::Object(members) => {
            for (k, v) in members.iter_mut() {
                let timestamp = k.ends_with("Timestamp") || k.ends_with("Date");
                if timestamp && v.is_number() {
                    *v = json!(v.to_string());
                } else {
                    stringify_timestamps(v);
                }
            }
        }
        Json::Array(items) => items.iter_mut().for_each(stringify_timestamps),
        _ => {}
    }
}
