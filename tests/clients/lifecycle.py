#!/usr/bin/env python3
"""A real client (boto3) against the reference endpoint: the cancel lifecycle
and the faults of RequestCancelWorkflowExecution. Usage: lifecycle.py ENDPOINT_URL

Exits non-zero on the first failed expectation, printing what differed.
"""

import sys
import uuid

import boto3
from botocore.config import Config


def main(url):
    swf = boto3.client(
        "swf",
        endpoint_url=url,
        region_name="us-east-1",
        aws_access_key_id="swfcheck-test",
        aws_secret_access_key="swfcheck-test",
        # Client-side validation off, so the endpoint's own validation answers.
        config=Config(parameter_validation=False, retries={"max_attempts": 1}),
    )
    domain = "clients-" + uuid.uuid4().hex[:8]
    swf.register_domain(name=domain, workflowExecutionRetentionPeriodInDays="1")
    swf.register_workflow_type(
        domain=domain, name="wf", version="1",
        defaultTaskList={"name": "tl"}, defaultTaskStartToCloseTimeout="60",
        defaultExecutionStartToCloseTimeout="600", defaultChildPolicy="TERMINATE",
    )
    run_id = swf.start_workflow_execution(
        domain=domain, workflowId="w1", workflowType={"name": "wf", "version": "1"}
    )["runId"]

    # Cancel without runId: the current open execution.
    swf.request_cancel_workflow_execution(domain=domain, workflowId="w1")
    events = swf.get_workflow_execution_history(
        domain=domain, execution={"workflowId": "w1", "runId": run_id}
    )["events"]
    cancel = [e for e in events if e["eventType"] == "WorkflowExecutionCancelRequested"]
    check(len(cancel) == 1, f"one WorkflowExecutionCancelRequested, got {events}")
    attrs = cancel[0]["workflowExecutionCancelRequestedEventAttributes"]
    check(attrs == {"externalInitiatedEventId": 0}, f"attributes {attrs}")

    task = swf.poll_for_decision_task(domain=domain, taskList={"name": "tl"}, identity="decider")
    check("taskToken" in task, f"a decision task, got {task}")
    seen = [e["eventType"] for e in task["events"]]
    check("WorkflowExecutionCancelRequested" in seen, f"the decider sees the cancel request: {seen}")
    swf.respond_decision_task_completed(
        taskToken=task["taskToken"],
        decisions=[{"decisionType": "CancelWorkflowExecution",
                    "cancelWorkflowExecutionDecisionAttributes": {"details": "canceled"}}],
    )
    info = swf.describe_workflow_execution(
        domain=domain, execution={"workflowId": "w1", "runId": run_id}
    )["executionInfo"]
    check(info["executionStatus"] == "CLOSED" and info["closeStatus"] == "CANCELED", f"closed as CANCELED: {info}")

    expect_fault(swf, "UnknownResourceFault", domain="no-such-domain-" + domain, workflowId="w1")
    expect_fault(swf, "UnknownResourceFault", domain=domain, workflowId="w1", runId=run_id)
    expect_fault(swf, "ValidationException", domain="d" * 257, workflowId="w1")
    print("clients/lifecycle.py: boto3 lifecycle and faults OK")


def expect_fault(swf, name, **kwargs):
    try:
        swf.request_cancel_workflow_execution(**kwargs)
    except swf.exceptions.ClientError as err:
        code = err.response["Error"]["Code"]
        check(code == name, f"expected {name}, boto3 raised {code}: {err}")
        modeled = getattr(swf.exceptions, name, None)
        if modeled is not None:
            check(isinstance(err, modeled), f"boto3 did not map the fault to swf.exceptions.{name}")
        return
    check(False, f"expected {name} for {kwargs}, the call succeeded")


def check(ok, message):
    if not ok:
        print(f"clients/lifecycle.py: FAILED: {message}", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main(sys.argv[1])
