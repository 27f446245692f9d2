"""Shared pieces of the sample application: the boto3 client, a workflow's history with
its attributes, decision builders, and the names every part agrees on."""

import json
import threading
import time

import boto3
from botocore.config import Config

VERSION = "1"
# Workflow types the decider knows, and the one activity type the worker runs.
WORKFLOW_TYPES = ["activities", "failing", "timers", "cancels", "timeouts", "deadline", "sleepy",
                  "parent", "child", "signaller", "waiter", "unhandled", "counter"]
ACTIVITY_TYPE = "work"


def client(url, region):
    """A boto3 SWF client for URL (None: the real service of REGION). Polls wait up to
    70 s on the real service (its long poll is 60 s), so the read timeout is longer."""
    kwargs = {}
    if url:
        kwargs["endpoint_url"] = url
    return boto3.client(
        "swf", region_name=region,
        config=Config(read_timeout=70, connect_timeout=5, retries={"max_attempts": 2}),
        **kwargs,
    )


class Stop:
    """Tells every poll loop to stop, and bounds the whole run in time."""

    def __init__(self, seconds):
        self.event = threading.Event()
        self.deadline = time.monotonic() + seconds

    def stopped(self):
        return self.event.is_set() or time.monotonic() > self.deadline


def attrs(event):
    """An event's attributes: `ActivityTaskCompleted` keeps them under
    `activityTaskCompletedEventAttributes`."""
    kind = event["eventType"]
    return event.get(kind[0].lower() + kind[1:] + "EventAttributes", {})


def decision(kind, **attributes):
    """One decision: `decisionType` and its `<decisionType>DecisionAttributes`."""
    return {"decisionType": kind, kind[0].lower() + kind[1:] + "DecisionAttributes": attributes}


class History:
    """The full history of the execution a decision task is about, and which events are
    new to the decider (recorded after the previous decision task it completed)."""

    def __init__(self, task, events):
        self.task = task
        self.events = events
        self.previous = task.get("previousStartedEventId", 0)
        self.execution = task["workflowExecution"]
        self.type_name = task["workflowType"]["name"]
        started = attrs(events[0]) if events else {}
        self.input = json.loads(started.get("input") or "{}")

    def new(self, kind):
        """The events of type KIND the decider has not seen in an earlier task."""
        return [e for e in self.events if e["eventType"] == kind and e["eventId"] > self.previous]

    def all(self, kind, **match):
        """Every event of type KIND whose attributes hold the values of MATCH."""
        return [e for e in self.events if e["eventType"] == kind
                and all(attrs(e).get(k) == v for k, v in match.items())]

    def has(self, kind, **match):
        return bool(self.all(kind, **match))


def fetch_history(swf, domain, execution):
    """Every event of a closed or open execution, following nextPageToken."""
    events, token = [], None
    while True:
        kwargs = {"nextPageToken": token} if token else {}
        page = swf.get_workflow_execution_history(domain=domain, execution=execution, **kwargs)
        events.extend(page["events"])
        token = page.get("nextPageToken")
        if not token:
            return events
