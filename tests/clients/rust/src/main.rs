//! The official Rust SDK (aws-sdk-swf) against an SWF endpoint: the lifecycle (register, start,
//! signal, cancel, decide, describe, history and listings read page by page) and two faults,
//! each surfacing as the SDK's own error. Usage: swfcheck-client-rust ENDPOINT_URL

use aws_sdk_swf::config::{BehaviorVersion, Credentials, Region};
use aws_sdk_swf::error::ProvideErrorMetadata;
use aws_sdk_swf::operation::request_cancel_workflow_execution::RequestCancelWorkflowExecutionError;
use aws_sdk_swf::primitives::DateTime;
use aws_sdk_swf::types::{
    CancelWorkflowExecutionDecisionAttributes, ChildPolicy, CloseStatus, Decision, DecisionType,
    EventType, ExecutionStatus, ExecutionTimeFilter, HistoryEvent, TaskList, WorkflowExecution,
    WorkflowType,
};
use aws_sdk_swf::{Client, Config};
use std::error::Error;

type Result<T> = std::result::Result<T, Box<dyn Error>>;

fn check(ok: bool, what: impl std::fmt::Display) -> Result<()> {
    if ok {
        Ok(())
    } else {
        Err(format!("FAILED: {what}").into())
    }
}

#[tokio::main]
async fn main() {
    let url = std::env::args()
        .nth(1)
        .expect("usage: swfcheck-client-rust ENDPOINT_URL");
    match lifecycle(&url).await {
        Ok(()) => println!("clients/rust: aws-sdk-swf lifecycle and faults OK"),
        Err(e) => {
            eprintln!("clients/rust: {e}");
            std::process::exit(1);
        }
    }
}

async fn history(c: &Client, domain: &str, ex: &WorkflowExecution) -> Result<Vec<HistoryEvent>> {
    // Two events a page: the SDK must follow nextPageToken to the end.
    let mut pages = c
        .get_workflow_execution_history()
        .domain(domain)
        .execution(ex.clone())
        .maximum_page_size(2)
        .into_paginator()
        .send();
    let mut events = Vec::new();
    let mut count = 0;
    while let Some(page) = pages.next().await {
        events.extend(page?.events);
        count += 1;
    }
    check(count > 1, format!("history read in {count} page(s)"))?;
    Ok(events)
}

async fn lifecycle(url: &str) -> Result<()> {
    let conf = Config::builder()
        .behavior_version(BehaviorVersion::latest())
        .region(Region::new("us-east-1"))
        .credentials_provider(Credentials::new(
            "swfcheck-test",
            "swfcheck-test",
            None,
            None,
            "test",
        ))
        .endpoint_url(url)
        .build();
    let c = Client::from_conf(conf);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)?
        .as_nanos();
    let domain = format!("rust-{nanos}");
    c.register_domain()
        .name(&domain)
        .workflow_execution_retention_period_in_days("1")
        .send()
        .await?;
    let wf = WorkflowType::builder().name("wf").version("1").build()?;
    c.register_workflow_type()
        .domain(&domain)
        .name("wf")
        .version("1")
        .default_task_list(TaskList::builder().name("tl").build()?)
        .default_task_start_to_close_timeout("60")
        .default_execution_start_to_close_timeout("600")
        .default_child_policy(ChildPolicy::Terminate)
        .send()
        .await?;
    let run_id = c
        .start_workflow_execution()
        .domain(&domain)
        .workflow_id("w1")
        .workflow_type(wf)
        .tag_list("t")
        .send()
        .await?
        .run_id
        .ok_or("no runId")?;
    let ex = WorkflowExecution::builder()
        .workflow_id("w1")
        .run_id(&run_id)
        .build()?;
    c.signal_workflow_execution()
        .domain(&domain)
        .workflow_id("w1")
        .run_id(&run_id)
        .signal_name("go")
        .input("payload")
        .send()
        .await?;
    c.request_cancel_workflow_execution()
        .domain(&domain)
        .workflow_id("w1")
        .send()
        .await?;

    let info = c
        .describe_workflow_execution()
        .domain(&domain)
        .execution(ex.clone())
        .send()
        .await?;
    let info = info.execution_info.ok_or("no executionInfo")?;
    check(info.cancel_requested, "cancelRequested after the cancel")?;
    check(info.execution_status == ExecutionStatus::Open, "still open")?;
    check(
        info.start_timestamp.secs() > 1_500_000_000,
        "startTimestamp parsed",
    )?;

    let events = history(&c, &domain, &ex).await?;
    let ids: Vec<i64> = events.iter().map(|e| e.event_id).collect();
    check(
        ids == (1..=ids.len() as i64).collect::<Vec<_>>(),
        format!("consecutive ids {ids:?}"),
    )?;
    let cancel = events
        .iter()
        .find(|e| e.event_type == EventType::WorkflowExecutionCancelRequested)
        .and_then(|e| {
            e.workflow_execution_cancel_requested_event_attributes
                .as_ref()
        })
        .ok_or("no WorkflowExecutionCancelRequested")?;
    check(
        cancel.external_initiated_event_id == 0,
        "externalInitiatedEventId 0",
    )?;
    check(
        events
            .iter()
            .any(|e| e.event_type == EventType::WorkflowExecutionSignaled),
        "a WorkflowExecutionSignaled event",
    )?;

    let task = c
        .poll_for_decision_task()
        .domain(&domain)
        .task_list(TaskList::builder().name("tl").build()?)
        .identity("decider")
        .send()
        .await?;
    let token = task.task_token;
    check(!token.is_empty(), "a decision task")?;
    check(
        task.events
            .iter()
            .any(|e| e.event_type == EventType::WorkflowExecutionCancelRequested),
        "the decider sees the cancel request",
    )?;
    let decision = Decision::builder()
        .decision_type(DecisionType::CancelWorkflowExecution)
        .cancel_workflow_execution_decision_attributes(
            CancelWorkflowExecutionDecisionAttributes::builder()
                .details("canceled")
                .build(),
        )
        .build()?;
    c.respond_decision_task_completed()
        .task_token(token)
        .decisions(decision)
        .send()
        .await?;

    let info = c
        .describe_workflow_execution()
        .domain(&domain)
        .execution(ex.clone())
        .send()
        .await?;
    let info = info.execution_info.ok_or("no executionInfo")?;
    check(info.execution_status == ExecutionStatus::Closed, "closed")?;
    check(
        info.close_status == Some(CloseStatus::Canceled),
        format!("CANCELED, got {:?}", info.close_status),
    )?;
    check(info.close_timestamp.is_some(), "closeTimestamp parsed")?;
    let events = history(&c, &domain, &ex).await?;
    check(
        events.last().map(|e| e.event_type.clone()) == Some(EventType::WorkflowExecutionCanceled),
        "the history ends with WorkflowExecutionCanceled",
    )?;
    let closed = c
        .list_closed_workflow_executions()
        .domain(&domain)
        .start_time_filter(
            ExecutionTimeFilter::builder()
                .oldest_date(DateTime::from_secs(0))
                .build()?,
        )
        .send()
        .await?;
    check(
        closed.execution_infos.len() == 1,
        "one closed execution listed",
    )?;

    // UnknownResourceFault: the SDK's own modeled error.
    let err = c
        .request_cancel_workflow_execution()
        .domain(format!("no-such-{domain}"))
        .workflow_id("w1")
        .send()
        .await
        .err()
        .ok_or("a cancel in an unknown domain succeeded")?
        .into_service_error();
    check(
        matches!(
            err,
            RequestCancelWorkflowExecutionError::UnknownResourceFault(_)
        ),
        format!("UnknownResourceFault, got {err:?}"),
    )?;
    // ValidationException is not in the operation's model: the SDK's unmodeled error with its code.
    let err = c
        .request_cancel_workflow_execution()
        .domain("d".repeat(257))
        .workflow_id("w1")
        .send()
        .await
        .err()
        .ok_or("a 257-character domain was accepted")?
        .into_service_error();
    check(
        err.code() == Some("ValidationException"),
        format!("ValidationException, got {err:?}"),
    )?;
    Ok(())
}
