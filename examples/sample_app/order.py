#!/usr/bin/env python3
"""A tiny SWF application written against boto3: an order is charged by an activity worker,
then waits an hour for shipping (a timer), then completes. If nobody takes the payment within
ten minutes, the order fails.

The decider and the worker are written as single steps (`decide_once`, `work_once`: one poll,
one answer), so that a test drives them one at a time and moves a `swfcheck serve --clock
manual` across the hour instead of waiting for it (test_order.py, conftest.py).

Usage: order.py ENDPOINT_URL [--admin URL]
  Runs one order to its end against a `swfcheck serve --clock manual` at ENDPOINT_URL (a fresh
  one, or one just reset) and prints each step; the hour's wait is skipped by moving its clock
  (--admin: the serve's URL when ENDPOINT_URL is a proxy in front of it).
Exit status: 0 the order completed, 1 it did not.
"""

import json
import sys
import urllib.request

import boto3

DOMAIN = "orders"
DECISIONS = "orders"        # the deciders' task list
PAYMENTS = "payments"       # the payment workers' task list
VERSION = "1"


def client(url):
    """A boto3 SWF client for a local endpoint (any credentials will do there)."""
    return boto3.client("swf", endpoint_url=url, region_name="us-east-1",
                        aws_access_key_id="x", aws_secret_access_key="x")


def register(swf):
    """The domain and the two types (the first run of a fresh endpoint)."""
    swf.register_domain(name=DOMAIN, workflowExecutionRetentionPeriodInDays="1")
    swf.register_workflow_type(domain=DOMAIN, name="order", version=VERSION,
                               defaultTaskList={"name": DECISIONS},
                               defaultTaskStartToCloseTimeout="60",
                               defaultExecutionStartToCloseTimeout=str(3 * 86400),
                               defaultChildPolicy="TERMINATE")
    swf.register_activity_type(domain=DOMAIN, name="charge", version=VERSION,
                               defaultTaskList={"name": PAYMENTS},
                               defaultTaskHeartbeatTimeout="NONE",
                               defaultTaskScheduleToStartTimeout="600",
                               defaultTaskScheduleToCloseTimeout="900",
                               defaultTaskStartToCloseTimeout="300")


def start(swf, order_id, amount):
    """Starts the workflow of one order; returns its execution {workflowId, runId}."""
    workflow_id = f"order-{order_id}"
    run = swf.start_workflow_execution(domain=DOMAIN, workflowId=workflow_id,
                                       workflowType={"name": "order", "version": VERSION},
                                       input=json.dumps({"amount": amount}))
    return {"workflowId": workflow_id, "runId": run["runId"]}


def decide(events):
    """The decider's logic: the next decisions, given the execution's whole history."""
    kinds = [e["eventType"] for e in events]
    if "TimerFired" in kinds:
        return [{"decisionType": "CompleteWorkflowExecution",
                 "completeWorkflowExecutionDecisionAttributes": {"result": "shipped"}}]
    if "ActivityTaskTimedOut" in kinds or "ActivityTaskFailed" in kinds:
        return [{"decisionType": "FailWorkflowExecution",
                 "failWorkflowExecutionDecisionAttributes": {"reason": "payment"}}]
    if "ActivityTaskCompleted" in kinds:
        return [{"decisionType": "StartTimer",
                 "startTimerDecisionAttributes": {"timerId": "ship", "startToFireTimeout": "3600"}}]
    if "ActivityTaskScheduled" not in kinds:
        amount = json.loads(events[0]["workflowExecutionStartedEventAttributes"]["input"])["amount"]
        return [{"decisionType": "ScheduleActivityTask",
                 "scheduleActivityTaskDecisionAttributes": {
                     "activityId": "charge", "activityType": {"name": "charge", "version": VERSION},
                     "input": json.dumps({"amount": amount})}}]
    return []


def decide_once(swf):
    """One decision task: poll, read the whole history (every page), answer. Returns the
    decision types sent, or None when the poll came back empty."""
    task = swf.poll_for_decision_task(domain=DOMAIN, taskList={"name": DECISIONS}, identity="decider")
    if not task.get("taskToken"):
        return None
    events = task["events"]
    while task.get("nextPageToken"):
        task = swf.poll_for_decision_task(domain=DOMAIN, taskList={"name": DECISIONS},
                                          nextPageToken=task["nextPageToken"])
        events += task["events"]
    decisions = decide(events)
    swf.respond_decision_task_completed(taskToken=task["taskToken"], decisions=decisions)
    return [d["decisionType"] for d in decisions]


def work_once(swf):
    """One payment: poll the payments list, charge, answer. Returns the result sent, or None
    when the poll came back empty."""
    task = swf.poll_for_activity_task(domain=DOMAIN, taskList={"name": PAYMENTS}, identity="worker")
    if not task.get("taskToken"):
        return None
    result = json.dumps({"charged": json.loads(task["input"])["amount"]})
    swf.respond_activity_task_completed(taskToken=task["taskToken"], result=result)
    return result


def advance(admin_url, duration):
    """Moves the clock of a `swfcheck serve --clock manual` (its admin interface); what falls
    due fires before the answer."""
    request = urllib.request.Request(admin_url.rstrip("/") + "/_swfcheck/clock/advance",
                                     data=json.dumps({"duration": duration}).encode(),
                                     headers={"Content-Type": "application/json"}, method="POST")
    with urllib.request.urlopen(request, timeout=10) as answer:
        return json.load(answer)


def main(argv):
    if not argv or argv[0].startswith("-"):
        print(__doc__.strip(), file=sys.stderr)
        return 2
    url = argv[0]
    admin = argv[argv.index("--admin") + 1] if "--admin" in argv else url
    swf = client(url)
    register(swf)
    execution = start(swf, 1, 42)
    print("started", execution["workflowId"])
    print("decider:", decide_once(swf))
    print("worker: charged", work_once(swf))
    print("decider:", decide_once(swf))
    print("clock: advanced by", advance(admin, "1h")["advancedBy"], "seconds")
    print("decider:", decide_once(swf))
    info = swf.describe_workflow_execution(domain=DOMAIN, execution=execution)["executionInfo"]
    print(execution["workflowId"], info["executionStatus"], info.get("closeStatus"))
    return 0 if info.get("closeStatus") == "COMPLETED" else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
