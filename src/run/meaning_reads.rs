//! The reads the meaning checks (`check::meaning`) need around a case's request, made only
//! when one of the case's groups needs them (`Needs::Around`) and only about what the case
//! made, so that no other case's work can come between the reads and the answer:
//! - before the request: the history of the execution a DescribeWorkflowExecution names,
//!   and, before a pending-task count on the case's own task list, the histories of the
//!   executions the case started (is anything left that could be pending?);
//! - after a 200: the history of the described execution again, and the listing whose
//!   filters a Count{Open,Closed}WorkflowExecutions shares.
//!
//! Each read is kept in the journey's log under [`LABEL`]; a read that fails leaves its
//! error for the check, which then holds nothing against it.

use super::swf::{CallError, Swf};
use crate::check::Needs;
use crate::check::meaning::Around;
use crate::check::meaning::counts::{confined, listing_of, nothing_pending};
use crate::outcome::Exchange;
use crate::plan::{ExecutionRef, Issued, Plan};
use serde_json::{Value as Json, json};
use std::time::SystemTime;

/// The label of the meaning checks' reads in a journey's log.
pub const LABEL: &str = "meaning checks' read";

/// At most this many pages of a listing are read (of up to 1,000 executions each).
const PAGES: usize = 10;

/// Whether a group of `plan` needs the reads around its request.
pub fn needed(plan: &Plan<'_>) -> bool {
    plan.checks
        .iter()
        .any(|g| g.needs().contains(&Needs::Around))
}

/// What the meaning checks know before the request `request` (its body as sent) of
/// `plan`, whose journey began at `began`: the case's name and start, and the reads due
/// before it.
pub async fn before(
    swf: &Swf,
    plan: &Plan<'_>,
    issued: &Issued,
    began: SystemTime,
    request: &Json,
) -> Around {
    let mut around = Around {
        case_name: Some(plan.vars.workflow_id.clone()),
        began: Some(began),
        ..Around::default()
    };
    if !needed(plan) {
        return around;
    }
    match plan.case.operation.as_str() {
        "DescribeWorkflowExecution" => {
            if let Some(ex) = named(request).filter(|ex| around.made(&ex.workflow_id)) {
                around.history_before = Some(read(swf.history(&ex).await));
            }
        }
        "CountPendingDecisionTasks" | "CountPendingActivityTasks" => {
            let own = request["taskList"]["name"].as_str();
            if own.is_some_and(|t| around.made(t)) {
                around.nothing_pending = pending(swf, issued, request).await;
            }
        }
        _ => {}
    }
    around
}

/// The reads due after the answer `exchange` to `request` of `plan` (after a 200 only).
pub async fn after(
    swf: &Swf,
    plan: &Plan<'_>,
    request: &Json,
    exchange: &Exchange,
    around: &mut Around,
) {
    let ok = exchange.outcome.as_ref().is_ok_and(|r| r.status == 200);
    if !ok || !needed(plan) {
        return;
    }
    let op = plan.case.operation.as_str();
    if op == "DescribeWorkflowExecution" {
        if let Some(ex) = named(request).filter(|ex| around.made(&ex.workflow_id)) {
            around.history_after = Some(read(swf.history(&ex).await));
        }
    } else if let Some(list) = listing_of(op) {
        if confined(request, |n| around.made(n)) {
            around.listing = Some(read(listing(swf, list, request).await));
        }
    }
}

/// A read's result as the checks keep it.
fn read<T>(r: Result<T, CallError>) -> Result<T, String> {
    r.map_err(|e| e.to_string())
}

/// The execution a DescribeWorkflowExecution body names.
fn named(request: &Json) -> Option<ExecutionRef> {
    let text = |v: &Json| v.as_str().map(str::to_owned);
    Some(ExecutionRef {
        domain: text(&request["domain"])?,
        workflow_id: text(&request["execution"]["workflowId"])?,
        run_id: text(&request["execution"]["runId"])?,
    })
}

/// Whether nothing can be pending on the case's own task list the request names: the
/// histories of every execution the case started in the request's domain, read now.
/// None when one cannot be read.
async fn pending(swf: &Swf, issued: &Issued, request: &Json) -> Option<bool> {
    let domain = request["domain"].as_str()?;
    let mut executions: Vec<ExecutionRef> = [&issued.current, &issued.previous]
        .into_iter()
        .flatten()
        .filter(|ex| ex.domain == domain)
        .cloned()
        .collect();
    executions.extend(issued.run_ids.iter().map(|(wf, run)| ExecutionRef {
        domain: domain.to_owned(),
        workflow_id: wf.clone(),
        run_id: run.clone(),
    }));
    executions.sort();
    executions.dedup();
    let mut histories = Vec::new();
    for ex in &executions {
        histories.push(swf.history(ex).await.ok()?);
    }
    Some(nothing_pending(&histories))
}

/// Every execution the listing operation `list` finds for the filters of `request` (a
/// count's body: the same members but the paging ones).
async fn listing(swf: &Swf, list: &str, request: &Json) -> Result<Vec<Json>, CallError> {
    let mut body = request.clone();
    body["maximumPageSize"] = json!(1000);
    let mut out = Vec::new();
    for _ in 0..PAGES {
        let page = swf.call(list, body.clone()).await?;
        out.extend(
            page["executionInfos"]
                .as_array()
                .into_iter()
                .flatten()
                .cloned(),
        );
        match page["nextPageToken"].as_str().filter(|t| !t.is_empty()) {
            Some(token) => body["nextPageToken"] = json!(token),
            None => break,
        }
    }
    Ok(out)
}
